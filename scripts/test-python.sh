#!/usr/bin/env bash
# The Python package: a virtualenv in the target folder (target/py-venv) with maturin,
# pytest, pyscard and cryptography; the wheel built by maturin from crates/cnie-ffi
# (debug profile) and installed there; then pytest. With CNIE_E2E=1 (scripts/test.sh
# sets it, pcscd running) the end-to-end tests drive the software card through the
# vpcd reader. The script takes no lock itself, so that it runs under one taken by the
# caller: where several people share the reader,
#   flock /tmp/cnie-vpcd.lock env CNIE_E2E=1 scripts/test-python.sh
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-$PWD/target}
venv=$target/py-venv
python=${PYTHON:-python3}

if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
# pyscard builds against libpcsclite-dev (scripts/setup.sh installs it).
if ! "$venv/bin/python" -c "import maturin, pytest, smartcard, cryptography" 2>/dev/null; then
    "$venv/bin/pip" install -q --disable-pip-version-check maturin pytest pyscard cryptography
fi

# The software card the end-to-end tests serve, and `cnie` (its messages are compared).
cargo build -q -p cnie-sim -p cnie-cli --bins

start=$SECONDS
rm -rf "$target/wheels/cnie-"*.whl
(cd crates/cnie-ffi && "$venv/bin/maturin" build -q --auditwheel skip --out "$target/wheels" -i "$venv/bin/python" 2>&1 | grep -v '^📦\|^🔗\|^🍹\|^🐍' || true)
wheel=$(ls "$target"/wheels/cnie-*.whl)
"$venv/bin/pip" install -q --disable-pip-version-check --force-reinstall --no-deps "$wheel"
echo "test-python.sh: wheel $(basename "$wheel") built and installed in $((SECONDS - start)) s"

tests=crates/cnie-ffi/python/tests
start=$SECONDS
"$venv/bin/python" -m pytest -q -p no:cacheprovider "$tests"
echo "test-python.sh: pytest took $((SECONDS - start)) s"
