//! The library's import graph: no cycles between modules or between the files of a
//! module, and every arrow between top-level modules points down the layers of
//! `docs/architecture.md`.

mod imports;

/// Top-level modules from the bottom up; a module may import its own layer or below.
const LAYERS: &[&[&str]] = &[
    &["iso7816", "tlv", "asn1", "crypto", "mrz"],
    &["error"],
    &["keys", "sm", "card", "pcsc"],
    &[
        "lds",
        "pa",
        "bac",
        "pace",
        "chip_auth",
        "active_auth",
        "eid",
    ],
    &["session", "probe", "trace", "chip"],
    &["verdict"],
    &["evidence"],
    &["test_support"],
    &["lib"],
];

#[test]
fn imports_point_down_and_have_no_cycles() {
    imports::check(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        LAYERS,
    );
}
