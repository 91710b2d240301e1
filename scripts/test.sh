#!/usr/bin/env bash
# Every test: formatting, lints, unit tests, and the end-to-end tests that
# read the software card through the real pcscd with the vpcd driver.
set -euo pipefail
cd "$(dirname "$0")/.."
# The tests check English messages unless they ask for another language (--lang).
export LANG=C.UTF-8
unset LC_ALL LC_MESSAGES
scripts/setup.sh --test
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -q -- -D warnings
# The library alone, without the `chip` feature the workspace turns on through cnie-sim:
# chip-only code must not leak into (or rot in) the default build.
cargo clippy -p cnie --all-targets -q -- -D warnings
# Without the default features: no PC/SC, and RSA verified by the pure-Rust path only
# (what a build without a C toolchain gets); its passive-authentication tests too.
cargo clippy -p cnie --no-default-features --all-targets -q -- -D warnings
cargo test -p cnie --no-default-features --lib -q pa::
cargo build --workspace --bins -q
trap 'scripts/pcscd.sh stop' EXIT
scripts/pcscd.sh start
CNIE_E2E=1 cargo test --workspace -- --test-threads=2
# The bindings: the checked-in Kotlin/Swift sources match the code, and the Python
# package (maturin wheel, pytest through the same pcscd) works.
scripts/bindings.sh check
CNIE_E2E=1 scripts/test-python.sh
