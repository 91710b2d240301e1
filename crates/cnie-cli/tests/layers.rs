//! The CLI's import graph: no cycles, and arrows pointing down from the commands to
//! what they print and the library-facing helpers.

#[path = "../../cnie/tests/imports/mod.rs"]
mod imports;

/// Modules from the bottom up; a module may import its own layer or below.
const LAYERS: &[&[&str]] = &[
    &[
        "exit",
        "args",
        "progress",
        "secret",
        "secret_line",
        "private_file",
        "core_dump",
    ],
    &["report", "dump", "evidence"],
    &["output"],
    &["commands"],
    &["main"],
];

#[test]
fn imports_point_down_and_have_no_cycles() {
    imports::check(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        LAYERS,
    );
}
