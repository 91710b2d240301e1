#!/bin/sh
# Makes the test PKI of cnie-sim with the openssl command line (OpenSSL 3).
#
#   csca       C=MA, O=cnie test PKI, CN=CSCA-MAROC TEST   RSA-4096, sha256WithRSAEncryption
#   ds         document signer of csca                      RSA-2048, valid 2026-01-01 .. 2036-12-31
#   ds-expired document signer of csca                      valid 2020-01-01 .. 2022-01-01
#   ds-revoked document signer of csca, revoked in csca.crl valid 2026-01-01 .. 2036-12-31
#   other-csca an unrelated CSCA (C=XX, CN=CSCA ROGUE TEST) RSA-4096
#   other-ds   document signer of other-csca
#   csca.crl.pem / csca.crl  CRL of csca listing ds-revoked
#   eid-ca     C=MA, O=cnie test PKI, CN=eID CA TEST        P-256, ecdsa-with-SHA256
#   eid-auth   the specimen holder's authentication key     P-256, keyUsage digitalSignature
#   eid-sign   the specimen holder's signature key          P-256, keyUsage nonRepudiation
#
# Every private key here is test material, published on purpose: never trust it.
# Run from anywhere: ./make.sh [--eid] [OUTDIR] (default: this script's folder). It
# makes new keys each time, so re-running changes every output (and the specimen card
# must then be personalized again). With --eid only the eID part (eid-*) is made,
# leaving the CSCA and document signers (hence the specimen's EF.SOD) as they are.
set -eu

eid_only=no
if [ "${1:-}" = "--eid" ]; then
    eid_only=yes
    shift
fi
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CA_DIR="$work"

# A minimal CA configuration; one database per issuing CSCA.
cat > "$work/ca.cnf" <<'CNF'
[ ca ]
default_ca = test_ca

[ test_ca ]
dir = $ENV::CA_DIR
database = $dir/index.txt
serial = $dir/serial
crlnumber = $dir/crlnumber
new_certs_dir = $dir/new
default_md = sha256
policy = policy_any
preserve = yes
email_in_dn = no
unique_subject = no
copy_extensions = none
default_crl_days = 3650

[ policy_any ]
countryName = supplied
organizationName = supplied
commonName = supplied

[ req ]
distinguished_name = req_dn
prompt = no
[ req_dn ]
CN = placeholder

[ csca_ext ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ ds_ext ]
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ crl_ext ]
authorityKeyIdentifier = keyid:always

[ policy_eid ]
countryName = supplied
organizationName = supplied
surname = optional
givenName = optional
serialNumber = optional
commonName = supplied

[ eid_ca_ext ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ eid_auth_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ eid_sign_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
CNF

ec_key() { # NAME
    openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
        -pkeyopt ec_param_enc:named_curve -out "$out/$1.key"
}

# The eID PKI: a CA and the specimen holder's two keys (the card's eID application).
eid() {
    dir="$work/eid-ca"
    new_db "$dir" 3001
    ec_key eid-ca
    openssl req -new -config "$work/ca.cnf" -key "$out/eid-ca.key" \
        -subj "/C=MA/O=cnie test PKI/CN=eID CA TEST" -out "$work/eid-ca.csr"
    CA_DIR="$dir" openssl ca -batch -notext -config "$work/ca.cnf" -selfsign -md sha256 \
        -keyfile "$out/eid-ca.key" -in "$work/eid-ca.csr" -out "$out/eid-ca.pem" \
        -startdate 20200101000000Z -enddate 20451231235959Z -extensions eid_ca_ext
    holder="/C=MA/O=cnie test PKI/SN=EL AMRANI/GN=FATIMA ZAHRA/serialNumber=X123456"
    for use in auth:Authentication:eid_auth_ext sign:Signature:eid_sign_ext; do
        name=eid-${use%%:*}
        rest=${use#*:}
        ec_key "$name"
        openssl req -new -config "$work/ca.cnf" -key "$out/$name.key" \
            -subj "$holder/CN=FATIMA ZAHRA EL AMRANI (${rest%%:*})" -out "$work/$name.csr"
        CA_DIR="$dir" openssl ca -batch -notext -config "$work/ca.cnf" -md sha256 \
            -policy policy_eid -cert "$out/eid-ca.pem" -keyfile "$out/eid-ca.key" \
            -in "$work/$name.csr" -out "$out/$name.pem" \
            -startdate 20260101000000Z -enddate 20310115235959Z -extensions "${rest#*:}"
        openssl verify -CAfile "$out/eid-ca.pem" "$out/$name.pem"
    done
}


key() { # NAME BITS
    openssl genpkey -quiet -algorithm RSA -pkeyopt "rsa_keygen_bits:$2" -out "$out/$1.key"
}

new_db() { # DIR SERIAL
    mkdir -p "$1/new"
    : > "$1/index.txt"
    echo "$2" > "$1/serial"
    echo 01 > "$1/crlnumber"
}

csca() { # NAME SUBJECT SERIAL
    dir="$work/$1"
    new_db "$dir" "$3"
    key "$1" 4096
    openssl req -new -config "$work/ca.cnf" -key "$out/$1.key" -subj "$2" -out "$work/$1.csr"
    CA_DIR="$dir" openssl ca -batch -notext -config "$work/ca.cnf" -selfsign \
        -keyfile "$out/$1.key" -in "$work/$1.csr" -out "$out/$1.pem" \
        -startdate 20200101000000Z -enddate 20451231235959Z -extensions csca_ext
}

ds() { # NAME CSCA SUBJECT START END
    key "$1" 2048
    openssl req -new -config "$work/ca.cnf" -key "$out/$1.key" -subj "$3" -out "$work/$1.csr"
    CA_DIR="$work/$2" openssl ca -batch -notext -config "$work/ca.cnf" \
        -cert "$out/$2.pem" -keyfile "$out/$2.key" -in "$work/$1.csr" -out "$out/$1.pem" \
        -startdate "$4" -enddate "$5" -extensions ds_ext
}

if [ "$eid_only" = yes ]; then
    eid
    echo "test eID PKI written to $out"
    exit 0
fi

csca csca "/C=MA/O=cnie test PKI/CN=CSCA-MAROC TEST" 1001
ds ds csca "/C=MA/O=cnie test PKI/CN=Document Signer TEST 1" 20260101000000Z 20361231235959Z
ds ds-expired csca "/C=MA/O=cnie test PKI/CN=Document Signer TEST expired" 20200101000000Z 20220101000000Z
ds ds-revoked csca "/C=MA/O=cnie test PKI/CN=Document Signer TEST revoked" 20260101000000Z 20361231235959Z

CA_DIR="$work/csca" openssl ca -batch -config "$work/ca.cnf" -cert "$out/csca.pem" -keyfile "$out/csca.key" \
    -revoke "$out/ds-revoked.pem" -crl_reason keyCompromise
CA_DIR="$work/csca" openssl ca -batch -config "$work/ca.cnf" -cert "$out/csca.pem" -keyfile "$out/csca.key" \
    -gencrl -crlexts crl_ext -crldays 3650 -out "$out/csca.crl.pem"
openssl crl -in "$out/csca.crl.pem" -outform DER -out "$out/csca.crl"

csca other-csca "/C=XX/O=cnie rogue PKI/CN=CSCA ROGUE TEST" 2001
ds other-ds other-csca "/C=XX/O=cnie rogue PKI/CN=Document Signer ROGUE" 20260101000000Z 20361231235959Z

eid

# Sanity checks.
openssl verify -CAfile "$out/csca.pem" "$out/ds.pem"
openssl verify -CAfile "$out/other-csca.pem" "$out/other-ds.pem"
if openssl verify -CAfile "$out/csca.pem" "$out/other-ds.pem" >/dev/null 2>&1; then
    echo "other-ds must not chain to csca" >&2
    exit 1
fi
if openssl verify -crl_check -CAfile "$out/csca.pem" -CRLfile "$out/csca.crl.pem" "$out/ds-revoked.pem" >/dev/null 2>&1; then
    echo "ds-revoked must be revoked" >&2
    exit 1
fi
echo "test PKI written to $out"
