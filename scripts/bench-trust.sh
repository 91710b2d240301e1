#!/usr/bin/env bash
# Loading large trust stores: folders of COUNT distinct DER certificates, made from one
# built-in Moroccan CSCA with the last four bytes of its serial number and of its subject
# key identifier replaced by a counter (distinct certificates of one name; their
# signatures no longer verify, which loading does not check), then
# `cnie trust list --no-default-trust --trust DIR --json > /dev/null` timed with GNU time
# (user CPU and elapsed; reading the files and printing every anchor as JSON included).
# Usage: scripts/bench-trust.sh [COUNT...]   (default 16000 20000 32000)
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
cargo build --release -q -p cnie-cli
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
openssl x509 -in crates/cnie/trust/MA_CSCA-MAROC_icao_066476b1.pem -outform DER -out "$work/template.der"
[ $# -gt 0 ] || set -- 16000 20000 32000
for count in "$@"; do
    python3 - "$work/template.der" "$work/store-$count" "$count" <<'PY'
import os, sys
template, folder, count = open(sys.argv[1], "rb").read(), sys.argv[2], int(sys.argv[3])
# tbsCertificate: [0] version (a0 03 02 01 02), then serialNumber (02 len bytes).
version = template.index(bytes.fromhex("a003020102"))
serial_len = template[version + 6]
serial_end = version + 7 + serial_len
# subjectKeyIdentifier: OID 2.5.29.14, OCTET STRING { OCTET STRING (20 bytes) }.
ski = template.index(bytes.fromhex("0603551d0e0416"))
ski_end = ski + 9 + template[ski + 8]
os.makedirs(folder)
for n in range(count):
    der = bytearray(template)
    der[serial_end - 4:serial_end] = n.to_bytes(4, "big")
    der[ski_end - 4:ski_end] = n.to_bytes(4, "big")
    with open(os.path.join(folder, f"{n:06}.der"), "wb") as f:
        f.write(der)
PY
    printf '%s certificates: ' "$count"
    CNIE_TRUST_DIR="$work/none" /usr/bin/time -f '%U s user CPU, %e s elapsed, %M KiB peak RSS' \
        "$target/release/cnie" trust list --no-default-trust --trust "$work/store-$count" --json >/dev/null
    rm -rf "$work/store-$count"
done
