#!/usr/bin/env bash
# Installs the system packages cnie needs on Debian/Ubuntu: the PC/SC daemon
# and library, the vpcd virtual-reader driver (for the software card), and
# openssl (tests check signatures with it), and the PKCS#11 clients the module is
# tested with (opensc: pkcs11-tool; gnutls-bin: p11tool; libengine-pkcs11-openssl), and
# python3-venv and python3-dev for the Python package's tests (scripts/test-python.sh builds
# pyscard). Does nothing when all are present.
#
#   scripts/setup.sh          what building and using cnie needs
#   scripts/setup.sh --test   also what the tests need: chromium (headless, to open the
#                             HTML report; large, so only for the test path), man-db
#                             (the man page rendered) and fonts for Latin and Arabic text
set -euo pipefail
packages=(pcscd libpcsclite-dev vsmartcard-vpcd pcsc-tools openssl pkg-config opensc gnutls-bin libengine-pkcs11-openssl python3-venv python3-dev)
if [ "${1:-}" = "--test" ]; then
    packages+=(chromium man-db fonts-dejavu-core)
fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
