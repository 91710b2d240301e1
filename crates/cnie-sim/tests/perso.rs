//! Personalization output, parsed back: the committed specimen is what the
//! code builds, the MRZ check digits are right, and EF.SOD's hashes and
//! signature check out.

mod common;

use cnie::tlv;
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::pkcs8::DecodePublicKey;
use rsa::signature::Verifier;
use sha2::{Digest, Sha256};
use x509_parser::prelude::{FromDer, X509Certificate};

use cnie_sim::perso::{self, identity::Identity, signer::Signer};
use cnie_sim::{CardImage, FileName};
use common::*;

fn identity() -> Identity {
    let text = std::fs::read_to_string(vectors_dir().join("cards/specimen.toml")).unwrap();
    Identity::from_toml(&text).unwrap()
}

fn face() -> Vec<u8> {
    std::fs::read(vectors_dir().join("cards/specimen-face.jpg")).unwrap()
}

fn build(signer: &str) -> CardImage {
    let signer = Signer::load(&vectors_dir().join("pki"), signer).unwrap();
    perso::personalize(&identity(), &face(), &signer).unwrap()
}

fn pem_to_der(path: &str) -> Vec<u8> {
    let pem = std::fs::read(vectors_dir().join(path)).unwrap();
    der::pem::decode_vec(&pem).unwrap().1
}

#[test]
fn committed_specimen_is_reproducible() {
    let built = build("ds");
    let committed = specimen();
    assert_eq!(
        built.files.keys().collect::<Vec<_>>(),
        committed.files.keys().collect::<Vec<_>>()
    );
    for (name, data) in &built.files {
        assert_eq!(
            data, &committed.files[name],
            "{name} differs: personalize the specimen again"
        );
    }
    assert_eq!(built.config, committed.config);
}

#[test]
fn dg1_holds_the_specimen_mrz_with_right_check_digits() {
    let card = specimen();
    let (inner, rest) = tlv::expect(&card.files[&FileName::Dg(1)], 0x61).unwrap();
    assert!(rest.is_empty());
    let mrz_bytes = tlv::require(inner, 0x5F1F).unwrap();
    let text = std::str::from_utf8(mrz_bytes).unwrap();
    assert_eq!(
        text,
        "IDMARAB01234568X123456<<<<<<<<9001158F3101159MAR<<<<<<<<<<<6EL<AMRANI<<FATIMA<ZAHRA<<<<<<<"
    );
    // The library's parser checks every check digit (and the composite one).
    let mrz = cnie::mrz::parse(text).unwrap();
    assert_eq!(mrz.document_code, "ID");
    assert_eq!(mrz.issuing_state, "MAR");
    assert_eq!(mrz.document_number, "AB0123456");
    assert_eq!(mrz.optional_data_1, "X123456");
    assert_eq!(mrz.date_of_birth, "900115");
    assert_eq!(mrz.sex, "F");
    assert_eq!(mrz.date_of_expiry, "310115");
    assert_eq!(mrz.nationality, "MAR");
    assert_eq!(mrz.surname, "EL AMRANI");
    assert_eq!(mrz.given_names, "FATIMA ZAHRA");
    // Each check digit, recomputed by the library.
    for (field, digit) in [("AB0123456", '8'), ("900115", '8'), ("310115", '9')] {
        assert_eq!(
            cnie::mrz::check_digit(field),
            digit.to_digit(10).map(|d| d as u8)
        );
    }
    let composite = format!(
        "{}{}{}{}",
        &text[5..30],
        &text[30..37],
        &text[38..45],
        &text[48..59]
    );
    assert_eq!(cnie::mrz::check_digit(&composite), Some(6));
}

#[test]
fn a_wrong_expected_mrz_is_refused() {
    let mut id = identity();
    id.date_of_birth = "900116".into();
    let signer = Signer::load(&vectors_dir().join("pki"), "ds").unwrap();
    assert!(perso::personalize(&id, &face(), &signer).is_err());
    id.mrz.clear();
    let card = perso::personalize(&id, &face(), &signer).unwrap();
    let dg1 = &card.files[&FileName::Dg(1)];
    // 900116: check digit 9; the composite changes too.
    assert_eq!(&dg1[5 + 30..5 + 37], b"9001169");
    assert!(cnie::mrz::parse(std::str::from_utf8(&dg1[5..]).unwrap()).is_ok());
}

#[test]
fn dg2_is_an_iso_19794_5_record_of_the_face() {
    let card = specimen();
    let dg2 = &card.files[&FileName::Dg(2)];
    assert!(
        dg2.len() > 10 * 1024 && dg2.len() < 21 * 1024,
        "{}",
        dg2.len()
    );
    let (bit_group, rest) = tlv::expect(dg2, 0x75).unwrap();
    assert!(rest.is_empty());
    let (group, _) = tlv::expect(bit_group, 0x7F61).unwrap();
    assert_eq!(tlv::require(group, 0x02).unwrap(), &[1]);
    let bit = tlv::require(group, 0x7F60).unwrap();
    let header = tlv::require(bit, 0xA1).unwrap();
    assert_eq!(tlv::require(header, 0x81).unwrap(), &[0x02]);
    assert_eq!(tlv::require(header, 0x87).unwrap(), &[0x01, 0x01]);
    assert_eq!(tlv::require(header, 0x88).unwrap(), &[0x00, 0x08]);
    let record = tlv::require(bit, 0x5F2E).unwrap();
    assert_eq!(&record[..8], b"FAC\x00010\x00");
    let record_len = u32::from_be_bytes(record[8..12].try_into().unwrap()) as usize;
    assert_eq!(record_len, record.len());
    assert_eq!(&record[12..14], &[0, 1]);
    let data_len = u32::from_be_bytes(record[14..18].try_into().unwrap()) as usize;
    assert_eq!(data_len, record.len() - 14);
    assert_eq!(record[20], 2, "gender: female");
    // Image information: full frontal, JPEG, 240 x 320.
    assert_eq!(&record[34..40], &[0x01, 0x00, 0x00, 0xF0, 0x01, 0x40]);
    assert_eq!(&record[46..], face().as_slice());
}

#[test]
fn dg11_has_latin_and_arabic_names() {
    let card = specimen();
    let (dg11, _) = tlv::expect(&card.files[&FileName::Dg(11)], 0x6B).unwrap();
    assert_eq!(
        tlv::require(dg11, 0x5C).unwrap(),
        &[0x5F, 0x0E, 0xA0, 0x5F, 0x10, 0x5F, 0x2B, 0x5F, 0x11]
    );
    assert_eq!(
        tlv::require(dg11, 0x5F0E).unwrap(),
        b"EL<AMRANI<<FATIMA<ZAHRA"
    );
    let others = tlv::require(dg11, 0xA0).unwrap();
    assert_eq!(tlv::require(others, 0x02).unwrap(), &[1]);
    let arabic = std::str::from_utf8(tlv::require(others, 0x5F0F).unwrap()).unwrap();
    assert_eq!(arabic, "العمراني<<فاطمة<الزهراء");
    assert!(
        arabic
            .chars()
            .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
    );
    assert_eq!(tlv::require(dg11, 0x5F10).unwrap(), b"X123456");
    assert_eq!(tlv::require(dg11, 0x5F2B).unwrap(), b"19900115");
    assert_eq!(tlv::require(dg11, 0x5F11).unwrap(), b"RABAT");
}

#[test]
fn ef_com_lists_the_data_groups() {
    let card = specimen();
    let (com, _) = tlv::expect(&card.files[&FileName::Com], 0x60).unwrap();
    assert_eq!(tlv::require(com, 0x5F01).unwrap(), b"0107");
    assert_eq!(tlv::require(com, 0x5F36).unwrap(), b"040000");
    assert_eq!(tlv::require(com, 0x5C).unwrap(), &[0x61, 0x75, 0x6B]);
}

/// The parts of EF.SOD a verifier needs, found by walking the DER.
struct Sod {
    content: Vec<u8>,
    certificate: Vec<u8>,
    sid: Vec<u8>,
    signed_attrs: Vec<u8>,
    signature: Vec<u8>,
}

fn children(value: &[u8]) -> Vec<tlv::Tlv<'_>> {
    tlv::iter(value).map(Result::unwrap).collect()
}

fn parse_sod(ef_sod: &[u8]) -> Sod {
    let (content_info, _) = tlv::expect(ef_sod, 0x77).unwrap();
    let (ci, _) = tlv::expect(content_info, 0x30).unwrap();
    let ci = children(ci);
    assert_eq!(
        ci[0].value,
        der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2").as_bytes()
    );
    let (sd, _) = tlv::expect(ci[1].value, 0x30).unwrap();
    let sd = children(sd);
    assert_eq!(sd[0].value, &[3], "SignedData version");
    assert_eq!(sd.len(), 5);
    let encap = children(sd[2].value);
    assert_eq!(
        encap[0].value,
        der::asn1::ObjectIdentifier::new_unwrap("2.23.136.1.1.1").as_bytes()
    );
    let (content, _) = tlv::expect(encap[1].value, 0x04).unwrap();
    assert_eq!(sd[3].tag, 0xA0);
    let (signer_info, _) = tlv::expect(sd[4].value, 0x30).unwrap();
    let si = children(signer_info);
    assert_eq!(si[0].value, &[1], "SignerInfo version");
    assert_eq!(si[3].tag, 0xA0);
    let mut signed_attrs = tlv::encode(0x31, si[3].value);
    signed_attrs.shrink_to_fit();
    Sod {
        content: content.to_vec(),
        certificate: sd[3].value.to_vec(),
        sid: tlv::encode(0x30, si[1].value),
        signed_attrs,
        signature: si[5].value.to_vec(),
    }
}

#[test]
fn ef_sod_hashes_and_signature_check_out() {
    let card = specimen();
    let sod = parse_sod(&card.files[&FileName::Sod]);

    // LDSSecurityObject v0, SHA-256, one hash per data group, equal to the files'.
    let (lso, _) = tlv::expect(&sod.content, 0x30).unwrap();
    let lso = children(lso);
    assert_eq!(lso[0].value, &[0]);
    let hashes = children(lso[2].value);
    let mut seen = Vec::new();
    for entry in hashes {
        let e = children(entry.value);
        let n = e[0].value[0];
        let file = FileName::Dg(n);
        assert_eq!(
            e[1].value,
            Sha256::digest(&card.files[&file]).as_slice(),
            "DG{n}"
        );
        seen.push(n);
    }
    assert_eq!(seen, vec![1, 2, 11]);

    // Signed attributes: content type, signing time, message digest of the content.
    let attrs = children(tlv::expect(&sod.signed_attrs, 0x31).unwrap().0);
    assert_eq!(attrs.len(), 3);
    let find = |oid: &str| {
        let oid = der::asn1::ObjectIdentifier::new_unwrap(oid);
        attrs
            .iter()
            .map(|a| children(a.value))
            .find(|a| a[0].value == oid.as_bytes())
            .map(|a| {
                tlv::expect(a[1].value, a[1].value[0] as u32)
                    .map(|(v, _)| v.to_vec())
                    .ok()
            })
            .unwrap()
            .unwrap()
    };
    assert_eq!(
        find("1.2.840.113549.1.9.4"),
        Sha256::digest(&sod.content).to_vec()
    );
    assert_eq!(find("1.2.840.113549.1.9.5"), b"260115120000Z".to_vec());
    assert_eq!(
        find("1.2.840.113549.1.9.3"),
        der::asn1::ObjectIdentifier::new_unwrap("2.23.136.1.1.1")
            .as_bytes()
            .to_vec()
    );

    // The certificate is the document signer's; the sid names it.
    let ds = pem_to_der("pki/ds.pem");
    assert_eq!(sod.certificate, ds);
    let (_, cert) = X509Certificate::from_der(&ds).unwrap();
    let expected_sid = tlv::encode(
        0x30,
        &[
            cert.tbs_certificate.issuer.as_raw(),
            &tlv::encode(0x02, cert.tbs_certificate.raw_serial()),
        ]
        .concat(),
    );
    assert_eq!(sod.sid, expected_sid);

    // sha256WithRSAEncryption over the DER SET OF the signed attributes.
    let key =
        VerifyingKey::<Sha256>::from_public_key_der(cert.tbs_certificate.subject_pki.raw).unwrap();
    let signature = Signature::try_from(sod.signature.as_slice()).unwrap();
    key.verify(&sod.signed_attrs, &signature).unwrap();
    let mut tampered = sod.signed_attrs.clone();
    let last = tampered.len() - 1;
    tampered[last] ^= 1;
    assert!(key.verify(&tampered, &signature).is_err());
}

#[test]
fn other_signers_sign_too() {
    let card = build("ds-revoked");
    let sod = parse_sod(&card.files[&FileName::Sod]);
    assert_eq!(sod.certificate, pem_to_der("pki/ds-revoked.pem"));
    // Same data groups, same content, different signer.
    assert_eq!(
        sod.content,
        parse_sod(&specimen().files[&FileName::Sod]).content
    );
}

#[test]
fn folder_round_trip() {
    let card = specimen();
    let dir = std::env::temp_dir().join(format!("cnie-sim-roundtrip-{}", std::process::id()));
    card.save(&dir).unwrap();
    let back = CardImage::load(&dir).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(back, card);
}
