#!/usr/bin/env bash
# Passive authentication of the specimen (EF.SOD signed with RSA-2048 by a Document
# Signer certified by an RSA-4096 CSCA; three data groups, DG2 15 KB) on one core, then
# OpenSSL's raw RSA-2048 and RSA-4096 verifies on the same core, back to back. A
# virtual machine's speed drifts by 10-30% from one second to the next, so the two
# sides alternate ROUNDS times: a round's ratio is our cost per document over OpenSSL's
# cost for the same two signatures measured right after, and the result is the median
# round (documents/s: the median of our side). Every round's figures are printed.
# The last line is `pa: <n> documents/s, <r>x openssl`.
# Usage: scripts/bench-pa.sh [SECONDS] [ROUNDS]   (a side's time per round, default 3;
#                                                  rounds, default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-3}"
rounds="${2:-5}"
target="${CARGO_TARGET_DIR:-target}"
# One core, the same for both sides (the second core when there are two or more).
cpu=$(( $(nproc) > 1 ? 1 : 0 ))
pin() { if command -v taskset >/dev/null; then taskset -c "$cpu" "$@"; else "$@"; fi; }

cargo bench -q -p cnie --features chip --bench pa --no-run
estimates="$target/criterion/pa_verify/specimen_test_csca/new/estimates.json"
results=()
for round in $(seq "$rounds"); do
    pin cargo bench -q -p cnie --features chip --bench pa -- \
        --warm-up-time 1 --measurement-time "$seconds" 'pa_verify/specimen/test_csca$' >/dev/null
    ns=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["median"]["point_estimate"])' "$estimates")
    # `-mr`: "+F2:<n>:<bits>:<signs/s>:<verifies/s>".
    speed=$(pin openssl speed -mr -seconds "$seconds" rsa2048 rsa4096 2>/dev/null | grep '^+F2:' | tr '\n' ' ')
    results+=("$ns|$speed")
done
python3 - "${results[@]}" <<'PY'
import statistics, sys
ours, ratios = [], []
for i, result in enumerate(sys.argv[1:], 1):
    ns, speed = result.split("|")
    verify_s = {}
    for line in speed.split():
        _, _, bits, _, verifies = line.split(":")
        verify_s[int(bits)] = float(verifies)
    openssl_ns = 1e9 / verify_s[2048] + 1e9 / verify_s[4096]
    ours.append(float(ns))
    ratios.append(float(ns) / openssl_ns)
    print(f"round {i}: cnie {float(ns) / 1000:.1f} us a document; openssl: RSA-2048 verify "
          f"{1e6 / verify_s[2048]:.1f} us + RSA-4096 verify {1e6 / verify_s[4096]:.1f} us "
          f"= {openssl_ns / 1000:.1f} us ({float(ns) / openssl_ns:.2f}x)")
ns, ratio = statistics.median(ours), statistics.median(ratios)
print(f"median: cnie {ns / 1000:.1f} us a document, {ratio:.2f}x openssl (ratio of the median round)")
print(f"pa: {1e9 / ns:.0f} documents/s, {ratio:.2f}x openssl")
PY
