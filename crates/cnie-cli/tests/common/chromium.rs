//! The HTML report in headless Chromium (Debian package `chromium`, installed by
//! `scripts/setup.sh --test`): did the face decode under the report's own
//! Content-Security-Policy, and what text does the page show?
//!
//! The report allows no script, so a wrapper page (ours, with a script) shows it in an
//! `<iframe srcdoc>`: the frame keeps the report's CSP (from its `<meta>`) and is of the
//! wrapper's origin, so the wrapper reads the frame's `<img id="face">` (`naturalWidth`,
//! `naturalHeight`: 0 when it did not decode) and the rendered text (`innerText`), and
//! writes them into its own DOM, which `--dump-dom` prints.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The Chromium binary, if installed.
pub fn binary() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::split_paths(&std::env::var_os("PATH")?)
                .map(|dir| dir.join(name))
                .find(|p| p.is_file())
        })
}

/// Chromium, or `None` after a loud notice when it is absent and `CNIE_E2E` is not set.
/// Under `CNIE_E2E` (CI, `scripts/test.sh`) a missing Chromium fails the test.
pub fn required() -> Option<PathBuf> {
    match binary() {
        Some(bin) => Some(bin),
        None if std::env::var_os("CNIE_E2E").is_some() => {
            panic!("chromium is not installed but CNIE_E2E is set: run scripts/setup.sh --test")
        }
        None => {
            eprintln!(
                "\n======== HTML REPORT NOT CHECKED IN A BROWSER ========\n\
                 chromium is not installed: the headless-Chromium test was SKIPPED.\n\
                 Install it with `scripts/setup.sh --test` (Debian package `chromium`);\n\
                 under CNIE_E2E=1 this test fails instead of skipping.\n\
                 ======================================================\n"
            );
            None
        }
    }
}

/// The fixed flags: no network, no profile, no GPU.
fn run(bin: &Path, profile: &Path, extra: &[String]) -> std::process::Output {
    Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .output()
        .expect("run chromium")
}

/// What Chromium shows of a report.
#[derive(Debug, serde::Deserialize)]
pub struct Seen {
    /// The face's decoded width (0: it did not decode).
    pub width: u32,
    /// The face's decoded height.
    pub height: u32,
    /// The verdict badge's text, as rendered.
    pub badge: String,
    /// The whole page's text, as rendered.
    pub text: String,
    /// `<html lang>` and `dir`.
    pub lang: String,
    pub dir: String,
}

/// Opens `report` (an HTML file) in headless Chromium and returns what it showed.
pub fn inspect(bin: &Path, report: &Path, work: &Path) -> Seen {
    let html = std::fs::read_to_string(report).expect("read the report");
    let srcdoc = html
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    let wrapper = format!(
        r#"<!DOCTYPE html><html><body>
<iframe id="r" style="width:900px;height:1200px" srcdoc="{srcdoc}"></iframe>
<pre id="out">pending</pre>
<script>
const frame = document.getElementById('r');
frame.addEventListener('load', () => {{
  const d = frame.contentDocument;
  const img = d.getElementById('face');
  const done = () => {{
    document.getElementById('out').textContent = JSON.stringify({{
      width: img ? img.naturalWidth : 0,
      height: img ? img.naturalHeight : 0,
      badge: d.getElementById('verdict').innerText,
      text: d.body.innerText,
      lang: d.documentElement.lang,
      dir: d.documentElement.dir,
    }});
  }};
  if (!img || img.complete) done(); else {{ img.onload = done; img.onerror = done; }}
}});
</script></body></html>"#
    );
    let page = work.join("wrapper.html");
    std::fs::write(&page, wrapper).expect("write the wrapper page");
    let out = run(
        bin,
        &work.join("profile-dom"),
        &[
            "--virtual-time-budget=10000".into(),
            "--dump-dom".into(),
            format!("file://{}", page.display()),
        ],
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    let json = dom
        .split_once(r#"<pre id="out">"#)
        .and_then(|(_, rest)| rest.split_once("</pre>"))
        .map(|(json, _)| {
            json.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        })
        .unwrap_or_else(|| {
            panic!(
                "no result in chromium's DOM: {dom}\nstderr: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

/// A screenshot of `report` (PNG), `width` × `height` pixels.
pub fn screenshot(bin: &Path, report: &Path, png: &Path, work: &Path, size: (u32, u32)) {
    let out = run(
        bin,
        &work.join("profile-shot"),
        &[
            format!("--window-size={},{}", size.0, size.1),
            format!("--screenshot={}", png.display()),
            format!("file://{}", report.display()),
        ],
    );
    assert!(
        png.is_file(),
        "no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
