//! Languages, colour and advice without a card: `cnie verify` on the specimen's folder
//! and `cnie mrz` in English, French and Arabic, chosen by `--lang` or the locale
//! environment; JSON stays English. No card, no pcscd.

use std::process::{Command, Output};

const MRZ: &str =
    "IDMARAB01234568X123456<<<<<<<< 9001158F3101159MAR<<<<<<<<<<<6 EL<AMRANI<<FATIMA<ZAHRA<<<<<<<";
const RLM: char = '\u{200F}';

fn repo(rel: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
        .display()
        .to_string()
}

/// `cnie` with `args` and the locale variables `env` (the caller's own are removed).
fn cnie(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cnie"));
    command
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env_remove("NO_COLOR")
        .env("PCSCLITE_CSOCK_NAME", "/nonexistent/cnie-test.comm");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("run cnie")
}

fn verify(extra: &[&str], env: &[(&str, &str)]) -> Output {
    let (dir, trust) = (
        repo("test-vectors/cards/specimen"),
        repo("test-vectors/pki/csca.pem"),
    );
    let mut args = vec!["verify", dir.as_str(), "--trust", trust.as_str()];
    args.extend_from_slice(extra);
    cnie(&args, env)
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The line of `text` whose label (after a right-to-left mark) is `label`.
fn line_of<'a>(text: &'a str, label: &str) -> &'a str {
    text.lines()
        .find(|l| l.trim_start_matches(RLM).starts_with(label))
        .unwrap_or_else(|| panic!("no {label} line in:\n{text}"))
}

#[test]
fn the_verdict_speaks_english_french_and_arabic() {
    let en = verify(&[], &[]);
    assert_eq!(en.status.code(), Some(0), "{}", stderr(&en));
    assert!(line_of(&stdout(&en), "Result").contains("AUTHENTIC: data signed"));

    let fr = verify(&["--lang", "fr"], &[]);
    assert_eq!(fr.status.code(), Some(0));
    let text = stdout(&fr);
    assert!(
        line_of(&text, "Résultat").contains("AUTHENTIQUE : données signées"),
        "{text}"
    );
    assert!(
        line_of(&text, "Empreintes").contains("DG1 conforme"),
        "{text}"
    );
    assert!(line_of(&text, "Nom complet").contains("FATIMA ZAHRA EL AMRANI"));
    assert!(!text.contains("Result"), "{text}");

    let ar = verify(&["--lang", "ar"], &[]);
    assert_eq!(ar.status.code(), Some(0));
    let text = stdout(&ar);
    assert!(
        line_of(&text, "النتيجة").contains("أصلية: بيانات موقعة"),
        "{text}"
    );
    assert!(line_of(&text, "الاسم الكامل").contains("FATIMA ZAHRA EL AMRANI"));
    // Every Arabic line starts right to left; no isolation marks (FSI/PDI).
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        assert!(line.starts_with(RLM), "{line:?}");
    }
    assert!(!text.contains(['\u{2068}', '\u{2069}']), "{text:?}");
    // The specimen's Arabic name (DG11) comes through unchanged.
    assert!(text.contains("العمراني فاطمة الزهراء"), "{text}");
}

#[test]
fn the_locale_environment_chooses_and_lang_wins() {
    let by_lang = verify(&[], &[("LANG", "fr_MA.UTF-8")]);
    assert!(
        stdout(&by_lang).contains("AUTHENTIQUE"),
        "{}",
        stdout(&by_lang)
    );
    let by_lc_all = verify(&[], &[("LC_ALL", "ar_MA.UTF-8"), ("LANG", "fr_MA.UTF-8")]);
    assert!(stdout(&by_lc_all).contains("أصلية"));
    let unknown = verify(&[], &[("LANG", "de_DE.UTF-8")]);
    assert!(stdout(&unknown).contains("AUTHENTIC:"));
    let flag = verify(&["--lang", "en"], &[("LANG", "ar_MA.UTF-8")]);
    assert!(stdout(&flag).contains("AUTHENTIC:"));
}

#[test]
fn json_stays_english_whatever_the_language() {
    let en = verify(&["--json"], &[]);
    let fr = verify(&["--json", "--lang", "fr"], &[("LANG", "ar_MA.UTF-8")]);
    let (en, fr): (serde_json::Value, serde_json::Value) = (
        serde_json::from_slice(&en.stdout).unwrap(),
        serde_json::from_slice(&fr.stdout).unwrap(),
    );
    assert_eq!(fr["verdict"]["status"], "authentic");
    assert_eq!(en["verdict"], fr["verdict"]);
    // An error under --json too: its message is English.
    let out = cnie(&["--lang", "ar", "--json", "mrz", "NOT AN MRZ"], &[]);
    assert_eq!(out.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("invalid MRZ"),
        "{v}"
    );
}

#[test]
fn errors_and_prompts_are_translated() {
    let out = cnie(&["--lang", "fr", "read", "--can", "12345"], &[]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("clé d'accès invalide"),
        "{}",
        stderr(&out)
    );
    let out = cnie(&["--lang", "ar", "mrz", "NOT AN MRZ"], &[]);
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(err.starts_with(RLM), "{err:?}");
    assert!(err.contains("منطقة قراءة آلية (MRZ) غير صالحة"), "{err}");
    let out = cnie(&["--lang", "fr", "mrz", MRZ], &[]);
    assert!(line_of(&stdout(&out), "Contrôles").contains("chiffres de contrôle"));
}

#[test]
fn verify_gives_no_advice_about_an_option_it_lacks() {
    // `verify` has no --out: its face line must not suggest one.
    for lang in ["en", "fr", "ar"] {
        let out = verify(&["--lang", lang], &[]);
        assert!(!stdout(&out).contains("--out"), "{lang}: {}", stdout(&out));
    }
}

#[test]
fn advice_applies_to_an_installed_cnie() {
    // No pcscd at this socket: the advice names the service, not a script of the sources.
    for lang in ["en", "fr", "ar"] {
        let out = cnie(&["--lang", lang, "readers"], &[]);
        assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("pcscd"), "{lang}: {err}");
        assert!(
            !err.contains("scripts/") && !err.contains("docs/"),
            "{lang}: {err}"
        );
    }
    // Nor does any message in the translation files point into the source tree.
    for lang in ["en", "fr", "ar"] {
        let text =
            std::fs::read_to_string(repo(&format!("crates/cnie-cli/locales/{lang}/cnie.ftl")))
                .unwrap();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            assert!(
                !line.contains("scripts/") && !line.contains("docs/") && !line.contains(".sh"),
                "{lang}: {line}"
            );
        }
    }
}

#[test]
fn the_verdict_is_coloured_only_when_asked_or_on_a_terminal() {
    let always = verify(&["--color", "always"], &[("NO_COLOR", "1")]);
    assert!(
        line_of(&stdout(&always), "Result").contains("\x1b[1;32mAUTHENTIC"),
        "{:?}",
        stdout(&always)
    );
    // Into a pipe, auto does not colour; never does not either.
    for extra in [&[][..], &["--color", "never"][..], &["--color", "auto"][..]] {
        assert!(!stdout(&verify(extra, &[])).contains('\x1b'), "{extra:?}");
    }
    // JSON is never coloured.
    assert!(!stdout(&verify(&["--json", "--color", "always"], &[])).contains('\x1b'));
    // Amber for a signer nobody trusts.
    let dir = repo("test-vectors/cards/specimen");
    let untrusted = cnie(
        &["verify", &dir, "--no-default-trust", "--color", "always"],
        &[],
    );
    assert_eq!(untrusted.status.code(), Some(10));
    assert!(stdout(&untrusted).contains("\x1b[1;33mNOT TRUSTED"));
}

#[test]
fn the_trust_store_speaks_french_and_arabic() {
    let store = std::env::temp_dir().join(format!("cnie-lang-cli-{}-trust", std::process::id()));
    let _ = std::fs::remove_dir_all(&store);
    std::fs::create_dir_all(&store).unwrap();
    let env = [("CNIE_TRUST_DIR", store.to_str().unwrap())];
    let fr = cnie(&["--lang", "fr", "trust", "list"], &env);
    assert_eq!(fr.status.code(), Some(0), "{}", stderr(&fr));
    let text = stdout(&fr);
    assert!(
        text.contains("magasin de l'utilisateur") && text.contains("0 certificats DS conservés"),
        "{text}"
    );
    assert!(!text.contains("user store"), "{text}");
    let en = cnie(&["trust", "list"], &env);
    assert!(stdout(&en).contains("(0 DS certificates kept, not anchors)"));
    let ar = cnie(&["--lang", "ar", "trust", "list"], &env);
    let last = stdout(&ar).lines().last().unwrap_or_default().to_string();
    assert!(
        last.starts_with(RLM) && last.contains("مخزن المستخدم"),
        "{last:?}"
    );
    // An error of the store, in French.
    let out = cnie(&["--lang", "fr", "trust", "remove", "nobody"], &env);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("rien dans le magasin de confiance"),
        "{}",
        stderr(&out)
    );
    let _ = std::fs::remove_dir_all(&store);
}
