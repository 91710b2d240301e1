#!/usr/bin/env bash
# The modelled full-read time of the specimen (see crates/cnie-sim/src/timing.rs for
# the model and its assumptions) for three strategies: this reader (auto), this reader
# with short APDUs only (short), and a 4-byte header then 223-byte chunks (chunk223).
# The card: the specimen personalised with DG12 added, PACE chip authentication
# mapping (PACE-CAM) with the CAN, extended length announced.
# Usage: scripts/bench-read.sh [LINK_KBPS]   (default 424)
set -euo pipefail
cd "$(dirname "$0")/.."
kbps="${1:-424}"
target="${CARGO_TARGET_DIR:-target}"
cargo build --release -q -p cnie-sim --bins --example bench_read
card="$(mktemp -d)"
trap 'rm -rf "$card"' EXIT
"$target/release/cnie-sim" personalize \
    --identity test-vectors/cards/specimen.toml \
    --image test-vectors/cards/specimen-face.jpg \
    --pki test-vectors/pki --no-eid --extra-dg 12 --out "$card/specimen" >/dev/null
# PACE-CAM (ECDH, AES) on the specimen's curve.
sed -i 's/^mapping = .*/mapping = "cam"/' "$card/specimen/card.toml"
"$target/release/examples/bench_read" "$card/specimen" "$kbps"
