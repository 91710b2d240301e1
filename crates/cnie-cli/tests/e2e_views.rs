//! End to end: `cnie read --photo --html --json --embed-photo` from the software card
//! through pcscd and vpcd: the face as a private PNG of the size DG2's biometric
//! header declares, the same PNG in the JSON, and the HTML report opened in headless
//! Chromium (the verdict shown, the face decoded).

mod common;

use common::*;

#[test]
fn read_writes_the_face_and_a_report_chromium_shows() {
    if !enabled() {
        return;
    }
    let dir = fresh_dir("e2e-views", "read");
    let png = dir.join("face.png");
    let html = dir.join("report.html");
    let (png_arg, html_arg) = (png.display().to_string(), html.display().to_string());
    let out = {
        let _sim = Sim::start(&[]);
        read(&[
            "--can",
            "246810",
            "--photo",
            &png_arg,
            "--html",
            &html_arg,
            "--embed-photo",
        ])
    };
    assert_code(&out, 0, "read --photo --html");
    let v = json(&out);
    assert_specimen(&v);
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&png).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // The PNG's size (IHDR) is the one the card's ISO/IEC 19794-5 header declares.
    let ihdr = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    let dg2 = std::fs::read(vectors_dir().join("cards/specimen/DG2.bin")).unwrap();
    let face = cnie::lds::dg2::parse(&dg2).unwrap().remove(0);
    assert_eq!(
        (Some(ihdr(16)), Some(ihdr(20))),
        (face.width.map(u32::from), face.height.map(u32::from))
    );
    use base64ct::Encoding;
    let embedded = v["face"]["photo_png_base64"].as_str().expect("embedded");
    assert_eq!(base64ct::Base64::decode_vec(embedded).unwrap(), bytes);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("PACE"),
        "the access protocol is among the checks"
    );
    let Some(bin) = chromium::required() else {
        return;
    };
    let seen = chromium::inspect(&bin, &html, &dir);
    assert_eq!((seen.width, seen.height), (ihdr(16), ihdr(20)));
    assert_eq!(seen.badge.trim(), "AUTHENTIC");
    assert!(
        seen.text
            .contains("AUTHENTIC: data signed by a trusted issuer")
    );
}
