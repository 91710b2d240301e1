#!/usr/bin/env python3
"""Adds to the test PKI the documents for the validity models (ICAO 9303-12 chain
model) and for weak-algorithm warnings. Run from this folder after make.py (reuses
its helpers and DG1.bin/DG2.bin): `python3 make_pit.py`. Private keys are not kept.

  pit-csca.pem      C=MA, O=cnie test, CN=CSCA-MAROC PIT TEST, RSA-2048,
                    valid 2018-04-22 .. 2026-04-22 (like Morocco's 2018 generation)
  sod-pit.bin       DS "DS PIT" (2020-03-01 .. 2031-03-01) under pit-csca,
                    signingTime 2020-06-15T10:00:00Z (UTCTime)
  sod-pit-late.bin  the same DS, signingTime 2032-01-01T00:00:00Z (GeneralizedTime):
                    after the DS certificate expired
  sod-sha1.bin      DS "DS SHA1" RSA-1024 under pit-csca, its certificate signed
                    sha1WithRSAEncryption; SOD hashes SHA-1, signature sha1WithRSA;
                    no signingTime
"""

import hashlib
import os
import subprocess
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from make import LDS_SO, SHA256, alg, cert, day, der, integer, lds_security_object, octets, oid, pem, seq, set_of, tlv

SHA1 = "1.3.14.3.2.26"


def name(cn, country="MA"):
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, country),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "cnie test"),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def sod(econtent, ds_cert, digest_oid, digest_fn, sig_alg, sign, signing_time=None):
    attrs = [
        seq(oid("1.2.840.113549.1.9.3"), set_of(oid(LDS_SO))),
        seq(oid("1.2.840.113549.1.9.4"), set_of(octets(digest_fn(econtent).digest()))),
    ]
    if signing_time is not None:
        attrs.append(seq(oid("1.2.840.113549.1.9.5"), set_of(signing_time)))
    signed = set_of(*attrs)
    signature = sign(signed)
    c = ds_cert
    signer_info = seq(
        integer(1),
        seq(c.issuer.public_bytes(), integer(c.serial_number)),
        alg(digest_oid, b"\x05\x00"),
        b"\xa0" + signed[1:],
        sig_alg,
        octets(signature),
    )
    signed_data = seq(
        integer(3),
        set_of(alg(digest_oid, b"\x05\x00")),
        seq(oid(LDS_SO), tlv(0xA0, octets(econtent))),
        tlv(0xA0, der(c)),
        set_of(signer_info),
    )
    return tlv(0x77, seq(oid("1.2.840.113549.1.7.2"), tlv(0xA0, signed_data)))


def sha1_certificate(csca, csca_key, key):
    """DS SHA1 (serial 0x22, 2020-03-01 .. 2031-03-01) signed sha1WithRSAEncryption by
    `openssl ca`."""
    with tempfile.TemporaryDirectory() as work:
        p = lambda f: os.path.join(work, f)
        open(p("ca.pem"), "wb").write(pem(csca))
        open(p("ca.key"), "wb").write(
            csca_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        )
        csr = x509.CertificateSigningRequestBuilder().subject_name(name("DS SHA1")).sign(key, hashes.SHA256())
        open(p("ds.csr"), "wb").write(csr.public_bytes(serialization.Encoding.PEM))
        open(p("index.txt"), "w").close()
        open(p("serial"), "w").write("22\n")
        open(p("ext"), "w").write(
            "keyUsage=critical,digitalSignature\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
        )
        open(p("ca.cnf"), "w").write(
            f"[ca]\ndefault_ca=t\n[t]\ndatabase={p('index.txt')}\nserial={p('serial')}\n"
            f"new_certs_dir={work}\npolicy=pol\nunique_subject=no\n[pol]\ncountryName=optional\n"
            "organizationName=optional\ncommonName=supplied\n"
        )
        subprocess.run(
            ["openssl", "ca", "-batch", "-config", p("ca.cnf"), "-cert", p("ca.pem"), "-keyfile", p("ca.key"),
             "-in", p("ds.csr"), "-out", p("ds.pem"), "-md", "sha1", "-startdate", "20200301000000Z",
             "-enddate", "20310301000000Z", "-extfile", p("ext"), "-notext", "-preserveDN"],
            check=True, capture_output=True,
        )
        return x509.load_pem_x509_certificate(open(p("ds.pem"), "rb").read())


def main():
    dg1 = open("DG1.bin", "rb").read()
    dg2 = open("DG2.bin", "rb").read()
    csca_name = name("CSCA-MAROC PIT TEST")
    csca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    csca = cert(csca_name, csca_name, csca_key, csca_key, 0x2018, day(2018, 4, 22), day(2026, 4, 22), True)
    open("pit-csca.pem", "wb").write(pem(csca))

    ds_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ds = cert(name("DS PIT"), csca_name, ds_key, csca_key, 0x21, day(2020, 3, 1), day(2031, 3, 1), False)
    econtent = lds_security_object(0, SHA256, {1: hashlib.sha256(dg1).digest(), 2: hashlib.sha256(dg2).digest()})
    sign = lambda m: ds_key.sign(m, padding.PKCS1v15(), hashes.SHA256())
    sha256_rsa = alg("1.2.840.113549.1.1.11", b"\x05\x00")
    for file, time in [
        ("sod-pit.bin", tlv(0x17, b"200615100000Z")),
        ("sod-pit-late.bin", tlv(0x18, b"20320101000000Z")),
    ]:
        open(file, "wb").write(sod(econtent, ds, SHA256, hashlib.sha256, sha256_rsa, sign, time))

    weak_key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    # cryptography refuses SHA-1 signatures: openssl ca signs the weak DS certificate.
    weak = sha1_certificate(csca, csca_key, weak_key)
    econtent = lds_security_object(0, SHA1, {1: hashlib.sha1(dg1).digest(), 2: hashlib.sha1(dg2).digest()})
    data = sod(
        econtent,
        weak,
        SHA1,
        hashlib.sha1,
        alg("1.2.840.113549.1.1.5", b"\x05\x00"),
        lambda m: weak_key.sign(m, padding.PKCS1v15(), hashes.SHA1()),
    )
    open("sod-sha1.bin", "wb").write(data)


if __name__ == "__main__":
    main()
