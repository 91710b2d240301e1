//! The face as PNG, the HTML report, completions and the man page, without a card:
//! `cnie verify` on dump folders (the German 2008 sample's JPEG 2000 face, the
//! specimen's JPEG face, a card personalised with hostile text), and the generated
//! documentation. The HTML report is opened in headless Chromium when installed (and
//! always under CNIE_E2E).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{chromium, fresh_dir, vector_arg, vectors_dir};

/// `cnie` with no PC/SC service reachable (pcsc-lite looks for its socket here).
fn cnie(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cnie"))
        .args(args)
        .env("PCSCLITE_CSOCK_NAME", "/nonexistent/pcscd.comm")
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .expect("run cnie")
}

fn code(out: &Output) -> Option<i32> {
    out.status.code()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn arg(path: &Path) -> String {
    path.display().to_string()
}

/// A PNG's width and height, from its IHDR chunk (checked to be one).
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert_eq!(&png[12..16], b"IHDR");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

/// The width and height of a JPEG 2000 codestream's SIZ marker (Xsiz − XOsiz, ...).
fn siz(data: &[u8]) -> (u32, u32) {
    let at = data
        .windows(4)
        .position(|w| w == [0xFF, 0x4F, 0xFF, 0x51])
        .expect("a SIZ marker")
        + 4;
    let be = |o: usize| u32::from_be_bytes(data[at + o..at + o + 4].try_into().unwrap());
    (be(4) - be(12), be(8) - be(16))
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_german_2008_jpeg2000_face_becomes_a_private_png_of_the_codestream_size() {
    let dir = fresh_dir("views", "bsi2008");
    let png = dir.join("face.png");
    let out = cnie(&[
        "verify",
        &vector_arg("samples/bsi2008"),
        "--photo",
        &arg(&png),
    ]);
    // The sample's chain is not trusted and DG4/DG15 are unsigned: the verdict is
    // invalid (9); the face is written all the same.
    assert_eq!(code(&out), Some(9), "{}", stderr(&out));
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(mode(&png), 0o600);
    let dg2 = std::fs::read(vectors_dir().join("samples/bsi2008/DG2.bin")).unwrap();
    let face = cnie::lds::dg2::parse(&dg2).unwrap().remove(0);
    assert_eq!(face.format, cnie::lds::ImageFormat::Jpeg2000);
    assert_eq!(png_size(&bytes), siz(&face.data));
    // The ISO/IEC 19794-5 header of this sample declares another size than its image.
    assert_eq!((face.width, face.height), (Some(337), Some(449)));
    assert_eq!(png_size(&bytes), (413, 531));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&arg(&png)), "{text}");
}

#[test]
fn an_existing_photo_or_report_is_refused_before_anything_and_replaced_with_the_flag() {
    let dir = fresh_dir("views", "existing");
    let png = dir.join("face.png");
    let html = dir.join("report.html");
    std::fs::write(&png, b"old").unwrap();
    let specimen = vector_arg("cards/specimen");
    let out = cnie(&[
        "verify",
        &specimen,
        "--photo",
        &arg(&png),
        "--html",
        &arg(&html),
    ]);
    assert_eq!(code(&out), Some(11), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--force-overwrite"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&png).unwrap(), b"old");
    assert!(!html.exists(), "nothing written when one target is refused");
    // `read` refuses it before the card (here: before finding no PC/SC service, 4).
    let out = cnie(&["read", "--can", "246810", "--photo", &arg(&png)]);
    assert_eq!(code(&out), Some(11), "{}", stderr(&out));
    // The same path twice.
    let out = cnie(&[
        "verify",
        &specimen,
        "--photo",
        &arg(&html),
        "--html",
        &arg(&html),
    ]);
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    let out = cnie(&[
        "verify",
        &specimen,
        "--trust",
        &vector_arg("pki/csca.pem"),
        "--photo",
        &arg(&png),
        "--html",
        &arg(&html),
        "--force-overwrite",
    ]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert_eq!(png_size(&std::fs::read(&png).unwrap()), (240, 320));
    assert_eq!(mode(&png), 0o600);
    assert_eq!(mode(&html), 0o600);
}

#[test]
fn the_json_embeds_the_photo_only_when_asked() {
    let dir = fresh_dir("views", "embed");
    let png = dir.join("face.png");
    let specimen = vector_arg("cards/specimen");
    let out = cnie(&["verify", &specimen, "--embed-photo"]);
    assert_eq!(code(&out), Some(2), "--embed-photo needs --json");
    let out = cnie(&["verify", &specimen, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["face"].get("photo_png_base64").is_none());
    let out = cnie(&[
        "verify",
        &specimen,
        "--json",
        "--embed-photo",
        "--photo",
        &arg(&png),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let embedded = v["face"]["photo_png_base64"].as_str().expect("the PNG");
    use base64ct::Encoding;
    let embedded = base64ct::Base64::decode_vec(embedded).unwrap();
    assert_eq!(embedded, std::fs::read(&png).unwrap());
    assert_eq!(v["face"]["photo_path"], arg(&png));
    // The specimen's record declares the JPEG's own size.
    let dg2 = std::fs::read(vectors_dir().join("cards/specimen/DG2.bin")).unwrap();
    let face = cnie::lds::dg2::parse(&dg2).unwrap().remove(0);
    let (w, h) = png_size(&embedded);
    assert_eq!((Some(w as u16), Some(h as u16)), (face.width, face.height));
}

/// A card folder personalised from the specimen with `replace` applied to its identity.
fn personalise(dir: &Path, replace: &[(&str, &str)]) -> PathBuf {
    let cards = vectors_dir().join("cards");
    let mut identity = std::fs::read_to_string(cards.join("specimen.toml")).unwrap();
    for (from, to) in replace {
        assert!(identity.contains(from), "{from}");
        identity = identity.replace(from, to);
    }
    let toml = dir.join("identity.toml");
    std::fs::write(&toml, identity).unwrap();
    let card = dir.join("card");
    let bin = Path::new(env!("CARGO_BIN_EXE_cnie")).with_file_name("cnie-sim");
    let out = Command::new(bin)
        .arg("personalize")
        .arg("--identity")
        .arg(&toml)
        .arg("--image")
        .arg(cards.join("specimen-face.jpg"))
        .arg("--pki")
        .arg(vectors_dir().join("pki"))
        .arg("--no-eid")
        .arg("--out")
        .arg(&card)
        .output()
        .expect("run cnie-sim personalize (cargo build --workspace --bins first)");
    assert!(out.status.success(), "{}", stderr(&out));
    card
}

#[test]
fn card_data_is_escaped_in_the_report() {
    let dir = fresh_dir("views", "hostile");
    let hostile = r#"<script>alert(1)</script><img src=x onerror=alert(2)>"'&"#;
    let card = personalise(
        &dir,
        &[(
            r#"personal_number = "X123456""#,
            &format!("personal_number = {}", toml_string(hostile)),
        )],
    );
    let html = dir.join("report.html");
    let out = cnie(&[
        "verify",
        &arg(&card),
        "--trust",
        &vector_arg("pki/csca.pem"),
        "--html",
        &arg(&html),
    ]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(!page.contains("<script"), "{page}");
    assert!(!page.contains("<img src=x"), "{page}");
    assert!(page.contains(
        "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#39;&amp;"
    ));
    assert!(page.contains(
        r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">"#
    ));
    assert!(page.contains(r#"<html lang="en" dir="ltr">"#));
    // The Arabic name, right to left.
    assert!(page.contains(r#"<span dir="rtl" lang="ar">العمراني فاطمة الزهراء</span>"#));
    assert!(page.contains("<details>"));
    assert!(page.contains(r#"src="data:image/png;base64,"#));
    // No network: nothing fetched from anywhere.
    for reference in ["http:", "https:", "//", "url("] {
        let outside_data = page.replace("data:image/png;base64,", "");
        assert!(
            !outside_data.contains(&format!("src=\"{reference}"))
                && !outside_data.contains(&format!("href=\"{reference}")),
            "{reference}"
        );
    }
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn the_report_follows_the_language() {
    let dir = fresh_dir("views", "arabic");
    let html = dir.join("report.html");
    let out = cnie(&[
        "--lang",
        "ar",
        "verify",
        &vector_arg("cards/specimen"),
        "--html",
        &arg(&html),
    ]);
    // Not trusted without --trust (10).
    assert_eq!(code(&out), Some(10), "{}", stderr(&out));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(page.contains("التحقق من وثيقة الهوية"), "the Arabic title");
    assert!(
        page.contains(r#"class="badge warn""#),
        "amber for not trusted"
    );
}

#[test]
fn chromium_shows_the_verdict_and_the_decoded_face() {
    let Some(bin) = chromium::required() else {
        return;
    };
    let dir = fresh_dir("views", "chromium");
    for (name, folder, trust, status, size) in [
        (
            "specimen",
            "cards/specimen",
            true,
            "AUTHENTIC",
            (240u32, 320u32),
        ),
        ("bsi2008", "samples/bsi2008", false, "INVALID", (413, 531)),
    ] {
        let html = dir.join(format!("{name}.html"));
        let mut args = vec![
            "verify".to_string(),
            vector_arg(folder),
            "--html".into(),
            arg(&html),
        ];
        if trust {
            args.extend(["--trust".into(), vector_arg("pki/csca.pem")]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = cnie(&args);
        assert!(html.is_file(), "{}", stderr(&out));
        let seen = chromium::inspect(&bin, &html, &dir);
        assert_eq!((seen.width, seen.height), size, "{name}: the face decoded");
        assert_eq!(seen.badge.trim(), status, "{name}");
        assert!(seen.text.contains(status), "{name}: {}", seen.text);
        assert_eq!((seen.lang.as_str(), seen.dir.as_str()), ("en", "ltr"));
        if name == "specimen" {
            assert!(
                seen.text.contains("FATIMA ZAHRA EL AMRANI"),
                "{}",
                seen.text
            );
            assert!(
                seen.text.contains("العمراني فاطمة الزهراء"),
                "{}",
                seen.text
            );
        }
    }
    // A page whose face does not decode shows 0 x 0: the check can fail.
    let broken = dir.join("broken.html");
    let page = std::fs::read_to_string(dir.join("specimen.html"))
        .unwrap()
        .replace("data:image/png;base64,iVBOR", "data:image/png;base64,AAAA");
    std::fs::write(&broken, page).unwrap();
    let seen = chromium::inspect(&bin, &broken, &dir);
    assert_eq!((seen.width, seen.height), (0, 0));
    // The screenshot kept in docs/report.png is made this way (CNIE_REPORT_SCREENSHOT
    // names where to write it).
    if let Some(target) = std::env::var_os("CNIE_REPORT_SCREENSHOT") {
        chromium::screenshot(
            &bin,
            &dir.join("specimen.html"),
            Path::new(&target),
            &dir,
            (900, 1000),
        );
    }
}

#[test]
fn help_lists_every_exit_code_after_the_commands() {
    let out = cnie(&["--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    let table = help.split("Exit status:").nth(1).expect("the table");
    assert!(
        help.find("Commands:").unwrap() < help.find("Exit status:").unwrap(),
        "after the commands"
    );
    for n in 0..=15 {
        assert!(
            table
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("{n} "))),
            "exit code {n} missing from --help"
        );
    }
    // The README's table says the same.
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    for line in table.lines().filter(|l| !l.trim().is_empty()) {
        let (n, meaning) = line.trim().split_once("  ").unwrap();
        assert!(
            readme.contains(&format!("| {n} | {meaning} |")),
            "README.md's exit-code table differs for {n}: {meaning}"
        );
    }
}

#[test]
fn bash_completions_parse_and_every_shell_gets_a_script() {
    let dir = fresh_dir("views", "completions");
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = cnie(&["completions", shell]);
        assert_eq!(code(&out), Some(0), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(script.contains("verify-pin"), "{shell}");
        assert!(script.contains("--photo"), "{shell}");
        if shell == "bash" {
            let file = dir.join("cnie.bash");
            std::fs::write(&file, &out.stdout).unwrap();
            let check = Command::new("bash").arg("-n").arg(&file).output().unwrap();
            assert!(check.status.success(), "{}", stderr(&check));
        }
    }
}

#[test]
fn the_man_page_renders_with_an_exit_status_section() {
    let out = cnie(&["man"]);
    assert_eq!(code(&out), Some(0));
    let roff = String::from_utf8_lossy(&out.stdout).into_owned();
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS"] {
        assert!(roff.contains(section), "{section}");
    }
    assert!(roff.contains(".SH \"EXIT STATUS\"") || roff.contains(".SH EXIT STATUS"));
    let dir = fresh_dir("views", "man");
    let page = dir.join("cnie.1");
    std::fs::write(&page, &roff).unwrap();
    // man(1) when installed (man-db), else the roff is all that is checked.
    let Ok(rendered) = Command::new("man")
        .arg("-l")
        .arg(&page)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "100")
        .output()
    else {
        eprintln!("man is not installed: the man page was checked as roff only");
        return;
    };
    assert!(rendered.status.success(), "{}", stderr(&rendered));
    let text = String::from_utf8_lossy(&rendered.stdout);
    let status = text
        .split("EXIT STATUS")
        .nth(1)
        .expect("EXIT STATUS rendered");
    for n in 0..=15 {
        assert!(
            status
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("{n} "))),
            "exit code {n} not in the rendered EXIT STATUS"
        );
    }
}
