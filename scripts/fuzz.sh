#!/usr/bin/env bash
# Fuzzing with the cargo-fuzz targets of fuzz/ (docs/fuzzing.md), on the stable
# toolchain (no sanitizer: the library has no unsafe code; panics, overflows,
# hangs and huge allocations are what is caught).
#
#   scripts/fuzz.sh list                       the targets
#   scripts/fuzz.sh seed                       fuzz/corpus/<target>/ from fuzz/seeds/ (+ master lists)
#   scripts/fuzz.sh build                      build every target (installs cargo-fuzz when missing)
#   scripts/fuzz.sh smoke [SECONDS]            check the formatting, build, seed, run each target
#                                              SECONDS (default 10); fails on any crash
#   scripts/fuzz.sh run SECONDS [TARGET...]    run each target (default all) SECONDS, one after
#                                              the other; prints executions per target
#
# Environment: FUZZ_RUNS=N stops each run after N executions (SECONDS still caps it);
# FUZZ_SANITIZER=address builds with AddressSanitizer (RUSTC_BOOTSTRAP=1 on stable).
# A crash leaves its input in fuzz/artifacts/<target>/; replay it with
# `target/fuzz/x86_64-unknown-linux-gnu/release/<target> <file>`.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_FUZZ_VERSION=0.13.2
target_dir=${CARGO_TARGET_DIR:-$PWD/target}/fuzz
triple=$(rustc -vV | sed -n 's/^host: //p')
bin_dir=$target_dir/$triple/release
sanitizer=${FUZZ_SANITIZER:-none}

targets() {
    ls fuzz/fuzz_targets | sed -n 's/\.rs$//p'
}

# The largest input libFuzzer makes for a target (the seeds' size where they are big).
max_len() {
    case $1 in
        lds_dg2 | photo) echo 40000 ;;
        sod | pa_verify | verdict | read_document | eid_session | probe | card_security | \
            master_list | trust_store | certificate | crl) echo 8192 ;;
        *) echo 4096 ;;
    esac
}

build() {
    if ! command -v cargo-fuzz >/dev/null; then
        echo "installing cargo-fuzz $CARGO_FUZZ_VERSION" >&2
        cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked -q
    fi
    local env=()
    if [ "$sanitizer" != none ] && ! rustc -V | grep -q nightly; then
        env=(RUSTC_BOOTSTRAP=1)
    fi
    env "${env[@]}" cargo fuzz build -O --sanitizer "$sanitizer" --target-dir "$target_dir"
}

seed() {
    for t in $(targets); do
        mkdir -p "fuzz/corpus/$t"
        if [ -d "fuzz/seeds/$t" ]; then
            cp fuzz/seeds/"$t"/* "fuzz/corpus/$t/"
        fi
    done
    cp test-vectors/trust/masterlists/*.ml fuzz/corpus/master_list/
}

# run_one TARGET SECONDS: prints "target executions seconds crashes" on stdout.
run_one() {
    local t=$1 seconds=$2 log status=0
    log=$(mktemp)
    mkdir -p "fuzz/artifacts/$t"
    local args=(-max_total_time="$seconds" -max_len="$(max_len "$t")" -timeout=10
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="fuzz/artifacts/$t/")
    [ -n "${FUZZ_RUNS:-}" ] && args+=(-runs="$FUZZ_RUNS")
    local start=$SECONDS
    "$bin_dir/$t" "${args[@]}" "fuzz/corpus/$t" >"$log" 2>&1 || status=$?
    local elapsed=$((SECONDS - start))
    local execs
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
    local crashes
    crashes=$(find "fuzz/artifacts/$t" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
    if [ "$status" -ne 0 ] || [ "$crashes" -ne 0 ]; then
        echo "== $t failed (exit $status); the end of its log:" >&2
        tail -n 40 "$log" >&2
        crashes=$((crashes > 0 ? crashes : 1))
    fi
    rm -f "$log"
    echo "$t ${execs:-0} $elapsed $crashes"
}

# table SECONDS TARGET...: runs them one after the other; fails if any crashed.
table() {
    local seconds=$1 failed=0 passed=0 total=0 line
    shift
    printf '%-16s %14s %8s %10s %8s\n' target executions seconds exec/s crashes
    for t in "$@"; do
        line=$(run_one "$t" "$seconds")
        read -r name execs elapsed crashes <<<"$line"
        printf '%-16s %14s %8s %10s %8s\n' "$name" "$execs" "$elapsed" \
            "$((execs / (elapsed > 0 ? elapsed : 1)))" "$crashes"
        total=$((total + execs))
        if [ "$crashes" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
    done
    echo "total executions: $total"
    echo "fuzz: $passed passed, $failed failed"
    if [ "$failed" -ne 0 ]; then
        echo "fuzzing found a crash: see fuzz/artifacts/" >&2
        return 1
    fi
}

case ${1:-} in
    list) targets ;;
    seed) seed ;;
    build) build ;;
    smoke)
        (cd fuzz && cargo fmt --check)
        build
        seed
        # shellcheck disable=SC2046
        table "${2:-10}" $(targets)
        ;;
    run)
        [ $# -ge 2 ] || { echo "usage: $0 run SECONDS [TARGET...]" >&2; exit 2; }
        seconds=$2
        shift 2
        [ $# -gt 0 ] || set -- $(targets)
        seed
        table "$seconds" "$@"
        ;;
    *)
        sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
        exit 2
        ;;
esac
