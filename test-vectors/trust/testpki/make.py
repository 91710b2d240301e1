#!/usr/bin/env python3
"""Generates a small eMRTD test PKI for cnie's passive-authentication tests.

Run from this folder: `python3 make.py` (needs the `cryptography` package).
The outputs are committed; private keys are not kept.

Two CSCA generations share one name, as Morocco's do:
  csca-2020.pem   root, RSA-2048, sha256WithRSAEncryption
  csca-2024.pem   root, brainpoolP256r1, ecdsa-with-SHA256
  link-2024.pem   the 2024 key certified by the 2020 root (a link certificate)
Document Signers (valid 2024-01-01 .. 2034-01-01):
  ds-pss      RSA-2048 under csca-2020; its SOD is signed RSASSA-PSS (SHA-256, salt 32)
  ds-ec       P-256 under csca-2024; its SOD is signed ecdsa-with-SHA384
  ds-revoked  RSA-2048 under csca-2020, listed in csca-2020.crl; SOD PKCS#1 v1.5 SHA-512
Files: DG1.bin, DG2.bin (shared by the three documents), sod-pss.bin (LDSSecurityObject
v0), sod-ec.bin (v1 with ldsVersionInfo), sod-revoked.bin, csca-2020.crl (DER).
"""

import datetime
import hashlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID


def tlv(tag, value):
    n = len(value)
    if n < 0x80:
        length = bytes([n])
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(b)]) + b
    return bytes([tag]) + length + value


def seq(*items):
    return tlv(0x30, b"".join(items))


def set_of(*items):
    return tlv(0x31, b"".join(sorted(items)))


def integer(n):
    return tlv(0x02, n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big"))


def octets(b):
    return tlv(0x04, b)


def oid(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    body = bytearray([40 * arcs[0] + arcs[1]])
    for a in arcs[2:]:
        chunk = [a & 0x7F]
        a >>= 7
        while a:
            chunk.append(0x80 | (a & 0x7F))
            a >>= 7
        body += bytes(reversed(chunk))
    return tlv(0x06, bytes(body))


def alg(dotted, params=b""):
    return seq(oid(dotted), params)


SHA256 = "2.16.840.1.101.3.4.2.1"
SHA384 = "2.16.840.1.101.3.4.2.2"
SHA512 = "2.16.840.1.101.3.4.2.3"
LDS_SO = "2.23.136.1.1.1"

NAME = x509.Name(
    [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ZZ"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "cnie test"),
        x509.NameAttribute(NameOID.COMMON_NAME, "CSCA-TEST"),
    ]
)


def day(y, m, d):
    return datetime.datetime(y, m, d, tzinfo=datetime.timezone.utc)


def cert(subject, issuer, key, issuer_key, serial, start, end, ca, issuer_cert=None, algo=hashes.SHA256()):
    b = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), False
        )
    )
    if ca:
        b = b.add_extension(x509.BasicConstraints(ca=True, path_length=0), True).add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), True
        )
    else:
        b = b.add_extension(
            x509.KeyUsage(True, False, False, False, False, False, False, False, False), True
        )
    return b.sign(issuer_key, algo)


def pem(c):
    return c.public_bytes(serialization.Encoding.PEM)


def der(c):
    return c.public_bytes(serialization.Encoding.DER)


def lds_security_object(version, hash_oid, hashes_by_dg):
    dgs = seq(*[seq(integer(dg), octets(h)) for dg, h in sorted(hashes_by_dg.items())])
    fields = [integer(version), alg(hash_oid, b"\x05\x00"), dgs]
    if version == 1:
        fields.append(seq(tlv(0x13, b"0108"), tlv(0x13, b"040000")))
    return seq(*fields)


def sod(econtent, ds_cert, digest_oid, digest_fn, sig_alg, sign):
    attrs = [
        seq(oid("1.2.840.113549.1.9.3"), set_of(oid(LDS_SO))),
        seq(oid("1.2.840.113549.1.9.4"), set_of(octets(digest_fn(econtent).digest()))),
    ]
    signed = set_of(*attrs)
    signature = sign(signed)
    c = ds_cert
    issuer_and_serial = seq(c.issuer.public_bytes(), integer(c.serial_number))
    signer_info = seq(
        integer(1),
        issuer_and_serial,
        alg(digest_oid, b"\x05\x00"),
        b"\xa0" + signed[1:],  # [0] IMPLICIT: same length and content
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
    content_info = seq(oid("1.2.840.113549.1.7.2"), tlv(0xA0, signed_data))
    return tlv(0x77, content_info)


def main():
    mrz = b"IDZZZT000000018<<<<<<<<<<<<<<<9001017M3001018ZZZ<<<<<<<<<<<6TEST<<CNIE<<<<<<<<<<<<<<<<<<<<"
    dg1 = tlv(0x61, b"\x5f\x1f" + bytes([len(mrz)]) + mrz)
    dg2 = bytes([0x75, 0x10]) + bytes(range(16))
    open("DG1.bin", "wb").write(dg1)
    open("DG2.bin", "wb").write(dg2)

    root20_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root24_key = ec.generate_private_key(ec.BrainpoolP256R1())
    root20 = cert(NAME, NAME, root20_key, root20_key, 0x2020, day(2020, 1, 1), day(2040, 1, 1), True)
    root24 = cert(NAME, NAME, root24_key, root24_key, 0x2024, day(2024, 1, 1), day(2044, 1, 1), True)
    link24 = cert(NAME, NAME, root24_key, root20_key, 0x202024, day(2024, 1, 1), day(2040, 1, 1), True)
    open("csca-2020.pem", "wb").write(pem(root20))
    open("csca-2024.pem", "wb").write(pem(root24))
    open("link-2024.pem", "wb").write(pem(link24))

    def ds_name(cn):
        return x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "ZZ"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "cnie test"),
                x509.NameAttribute(NameOID.COMMON_NAME, cn),
            ]
        )

    start, end = day(2024, 1, 1), day(2034, 1, 1)

    # RSA-PSS signed SOD, v0.
    ds_pss_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ds_pss = cert(ds_name("DS PSS"), NAME, ds_pss_key, root20_key, 0x11, start, end, False)
    econtent = lds_security_object(0, SHA256, {1: hashlib.sha256(dg1).digest(), 2: hashlib.sha256(dg2).digest()})
    pss_params = seq(
        tlv(0xA0, alg(SHA256, b"\x05\x00")),
        tlv(0xA1, alg("1.2.840.113549.1.1.8", alg(SHA256, b"\x05\x00"))),
        tlv(0xA2, integer(32)),
    )
    data = sod(
        econtent,
        ds_pss,
        SHA256,
        hashlib.sha256,
        alg("1.2.840.113549.1.1.10", pss_params),
        lambda m: ds_pss_key.sign(
            m, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256()
        ),
    )
    open("sod-pss.bin", "wb").write(data)

    # ECDSA P-256 DS under the 2024 brainpool CSCA; SOD v1, SHA-384.
    ds_ec_key = ec.generate_private_key(ec.SECP256R1())
    ds_ec = cert(ds_name("DS EC"), NAME, ds_ec_key, root24_key, 0x12, start, end, False)
    econtent = lds_security_object(1, SHA384, {1: hashlib.sha384(dg1).digest(), 2: hashlib.sha384(dg2).digest()})
    data = sod(
        econtent,
        ds_ec,
        SHA384,
        hashlib.sha384,
        alg("1.2.840.10045.4.3.3"),
        lambda m: ds_ec_key.sign(m, ec.ECDSA(hashes.SHA384())),
    )
    open("sod-ec.bin", "wb").write(data)

    # A revoked DS: PKCS#1 v1.5 with SHA-512.
    ds_rev_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ds_rev = cert(ds_name("DS REVOKED"), NAME, ds_rev_key, root20_key, 0x13, start, end, False)
    econtent = lds_security_object(0, SHA512, {1: hashlib.sha512(dg1).digest(), 2: hashlib.sha512(dg2).digest()})
    data = sod(
        econtent,
        ds_rev,
        SHA512,
        hashlib.sha512,
        alg("1.2.840.113549.1.1.13", b"\x05\x00"),
        lambda m: ds_rev_key.sign(m, padding.PKCS1v15(), hashes.SHA512()),
    )
    open("sod-revoked.bin", "wb").write(data)

    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(NAME)
        .last_update(day(2025, 1, 1))
        .next_update(day(2035, 1, 1))
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root20_key.public_key()), False)
        .add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(0x13).revocation_date(day(2025, 1, 1)).build()
        )
        .sign(root20_key, hashes.SHA256())
    )
    open("csca-2020.crl", "wb").write(crl.public_bytes(serialization.Encoding.DER))


if __name__ == "__main__":
    main()
