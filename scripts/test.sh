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
cargo build --workspace --bins -q
trap 'scripts/pcscd.sh stop' EXIT
scripts/pcscd.sh start
CNIE_E2E=1 cargo test --workspace -- --test-threads=2
