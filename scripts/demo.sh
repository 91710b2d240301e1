#!/usr/bin/env bash
# The demo: `cnie read` of the built-in software card (the specimen CNIE)
# through the real PC/SC stack (pcscd + the vpcd virtual reader).
# With arguments, and a real reader holding a card, reads that card instead:
#   scripts/demo.sh --mrz "IDMAR..."      (or --doc N --dob YYMMDD --doe YYMMDD)
# CNIE_DEMO_PROFILE=dev uses the debug build `scripts/test.sh` already made instead of
# building the release one (CI does: same code, minutes saved).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
target=${CARGO_TARGET_DIR:-target}
if [ "${CNIE_DEMO_PROFILE:-release}" = dev ]; then
    cargo build -q -p cnie-cli -p cnie-sim
    bin=$target/debug
else
    cargo build --release -q -p cnie-cli -p cnie-sim
    bin=$target/release
fi
started_sim=""
cleanup() {
    [ -n "$started_sim" ] && kill "$started_sim" 2>/dev/null && wait "$started_sim" 2>/dev/null
    scripts/pcscd.sh stop
}
trap cleanup EXIT
scripts/pcscd.sh start

if [ $# -gt 0 ]; then
    real=$("$bin/cnie" readers --json 2>/dev/null | grep -o '"name": *"[^"]*"' | grep -v 'Virtual PCD' | head -n1 | sed 's/.*: *"//; s/"$//' || true)
    if [ -n "$real" ]; then
        exec "$bin/cnie" read --reader "$real" "$@"
    fi
    echo "no real reader found: reading the built-in software card instead" >&2
fi

out=$target/demo
rm -rf "$out"
"$bin/cnie-sim" serve --card test-vectors/cards/specimen &
started_sim=$!
"$bin/cnie" read --reader "Virtual PCD 00 00" --wait 10 \
    --mrz "IDMARAB01234568X123456<<<<<<<< 9001158F3101159MAR<<<<<<<<<<<6 EL<AMRANI<<FATIMA<ZAHRA<<<<<<<" \
    --trust test-vectors/pki/csca.pem --out "$out"
echo "(software card: the dump is in $out; check it offline with: $bin/cnie verify $out --trust test-vectors/pki/csca.pem)"
