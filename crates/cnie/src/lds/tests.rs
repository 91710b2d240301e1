//! (Declared `#[cfg(test)] mod tests;` by the parent module: test code only.)
//!
//! Tests on real documents (`test-vectors/samples/`, see its README) and on
//! hostile variants of them.

use super::*;
use crate::test_support::{read_vector, vector_path};

/// The sample folders read here.
const SAMPLES: [&str; 2] = ["bsi2008", "loes2006"];

/// Reads `test-vectors/samples/<sample>/<file>`.
fn sample(sample: &str, file: &str) -> Vec<u8> {
    read_vector(format!("samples/{sample}/{file}"))
}

/// Every file of a sample folder, with its name.
fn sample_files(sample: &str) -> Vec<(String, Vec<u8>)> {
    let dir = vector_path(format!("samples/{sample}"));
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let entry = entry.unwrap();
            let name = entry.file_name().into_string().unwrap();
            let bytes = std::fs::read(entry.path()).unwrap();
            (name, bytes)
        })
        .collect();
    files.sort();
    files
}

fn dgs(numbers: &[u8]) -> Vec<LdsFile> {
    numbers.iter().map(|n| LdsFile::dg(*n).unwrap()).collect()
}

#[test]
fn ef_com_of_the_samples_lists_their_data_groups() {
    let bsi = Com::parse(&sample("bsi2008", "EF.COM.bin")).unwrap();
    assert_eq!(bsi.lds_version, "1.7");
    assert_eq!(bsi.unicode_version, "4.0.0");
    assert_eq!(bsi.data_groups, dgs(&[1, 2, 3, 14]));
    assert!(bsi.unknown_tags.is_empty());

    let loes = Com::parse(&sample("loes2006", "EF.COM.bin")).unwrap();
    assert_eq!(loes.lds_version, "1.7");
    assert_eq!(loes.unicode_version, "4.0.0");
    assert_eq!(loes.data_groups, dgs(&[1, 2, 15]));

    // Every data group listed is in the folder, as its dump file name.
    for (folder, com) in [("bsi2008", &bsi), ("loes2006", &loes)] {
        for file in &com.data_groups {
            assert!(
                !sample(folder, &file.file_name()).is_empty(),
                "{folder} {file}"
            );
            assert_eq!(
                sample(folder, &file.file_name()).first().copied(),
                file.tag()
            );
        }
    }
}

#[test]
fn dg1_of_the_samples() {
    let bsi = Dg1::parse(&sample("bsi2008", "DG1.bin"))
        .unwrap()
        .into_mrz()
        .unwrap();
    assert_eq!(bsi.document_code, "P");
    assert_eq!(bsi.issuing_state, "D");
    assert_eq!(bsi.surname, "MUSTERMANN");
    assert_eq!(bsi.given_names, "ERIKA");
    assert_eq!(bsi.document_number, "C11T002JM");
    assert_eq!(bsi.date_of_birth, "960812");
    assert_eq!(bsi.sex, "F");
    assert_eq!(bsi.date_of_expiry, "131031");
    assert_eq!(bsi.nationality, "D");

    let loes = Dg1::parse(&sample("loes2006", "DG1.bin")).unwrap();
    assert_eq!(loes.mrz_text.len(), 88);
    let loes = loes.into_mrz().unwrap();
    assert_eq!(loes.issuing_state, "NLD");
    assert_eq!(loes.surname, "MEULENDIJK");
    assert_eq!(loes.given_names, "LOES ALBERTINE");
    assert_eq!(loes.document_number, "XX0001328");
    assert_eq!(loes.date_of_birth, "711019");
    assert_eq!(loes.date_of_expiry, "111001");
    assert_eq!(loes.optional_data_1, "123456789");
}

/// Reads the declared lengths of the sample's single 19794-5 facial record
/// independently of the parser: (offset of the record in the file, record
/// length, facial record data length, feature points).
fn declared_19794(dg2: &[u8]) -> (usize, usize, usize, usize) {
    let magic = [b"FAC\0".as_slice(), b"010\0"].concat();
    let at = dg2.windows(8).position(|w| w == magic).unwrap();
    let be = |range: std::ops::Range<usize>| {
        dg2[range]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b))
    };
    (
        at,
        be(at + 8..at + 12),
        be(at + 14..at + 18),
        be(at + 18..at + 20),
    )
}

#[test]
fn dg2_of_the_samples_yields_the_declared_jpeg2000_image() {
    for (folder, width, height) in [("bsi2008", 337, 449), ("loes2006", 449, 598)] {
        let dg2 = sample(folder, "DG2.bin");
        let images = dg2::parse(&dg2).unwrap();
        assert_eq!(images.len(), 1, "{folder}");
        let image = &images[0];
        assert_eq!(image.location, ImageLocation::Iso19794Record, "{folder}");
        assert_eq!(image.format, ImageFormat::Jpeg2000, "{folder}");
        assert!(
            image
                .data
                .starts_with(&[0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20]),
            "{folder}"
        );
        assert_eq!(
            (image.width, image.height),
            (Some(width), Some(height)),
            "{folder}"
        );

        let (record_at, record_len, face_len, points) = declared_19794(&dg2);
        assert_eq!(
            image.data.len(),
            face_len - 20 - 8 * points - 12,
            "{folder}"
        );
        // The record ends the file, and the image ends the record.
        assert_eq!(record_at + record_len, dg2.len(), "{folder}");
        assert!(dg2.ends_with(&image.data), "{folder}");
    }
    assert_eq!(
        dg2::parse(&sample("bsi2008", "DG2.bin")).unwrap()[0]
            .data
            .len(),
        14999
    );
    assert_eq!(
        dg2::parse(&sample("loes2006", "DG2.bin")).unwrap()[0]
            .data
            .len(),
        13701
    );
}

#[test]
fn parsers_refuse_each_others_files() {
    let bsi = |f| sample("bsi2008", f);
    assert!(Com::parse(&bsi("DG1.bin")).is_err());
    assert!(Dg1::parse(&bsi("EF.COM.bin")).is_err());
    assert!(dg2::parse(&bsi("DG3.bin")).is_err());
    assert!(Dg11::parse(&bsi("DG2.bin")).is_err());
    assert!(Dg12::parse(&bsi("DG14.bin")).is_err());
}

/// Runs every parser of this module on `bytes`; they may fail, not panic.
fn parse_all(bytes: &[u8]) {
    let _ = Com::parse(bytes);
    let _ = Dg1::parse(bytes);
    let _ = dg2::parse(bytes);
    let _ = Dg11::parse(bytes);
    let _ = Dg12::parse(bytes);
}

#[test]
fn every_prefix_of_every_sample_is_handled() {
    for folder in SAMPLES {
        for (name, bytes) in sample_files(folder) {
            for end in 0..=bytes.len() {
                let prefix = bytes.get(..end).unwrap();
                parse_all(prefix);
                if end < bytes.len() {
                    let parsed = match name.as_str() {
                        "EF.COM.bin" => Com::parse(prefix).is_ok(),
                        "DG1.bin" => Dg1::parse(prefix).is_ok(),
                        "DG2.bin" => dg2::parse(prefix).is_ok(),
                        _ => false,
                    };
                    assert!(!parsed, "{folder}/{name}: a {end}-byte prefix parsed");
                }
            }
        }
    }
}

#[test]
fn single_byte_mutations_of_every_sample_are_handled() {
    for folder in SAMPLES {
        for (_name, bytes) in sample_files(folder) {
            let mut mutated = bytes.clone();
            for i in 0..bytes.len() {
                let original = bytes[i];
                for value in [original ^ 0xFF, original.wrapping_add(1), 0x00, 0x80, 0xFF] {
                    mutated[i] = value;
                    parse_all(&mutated);
                }
                mutated[i] = original;
            }
        }
    }
}

#[test]
fn mutated_dg2_headers_never_yield_images_past_the_data() {
    for folder in SAMPLES {
        let bytes = sample(folder, "DG2.bin");
        let (record_at, ..) = declared_19794(&bytes);
        let mut mutated = bytes.clone();
        // The TLV headers, the biometric header template and the facial record header.
        for i in 0..record_at + 14 + 20 + 12 + 8 {
            let original = bytes[i];
            for value in 0..=255u8 {
                mutated[i] = value;
                if let Ok(images) = dg2::parse(&mutated) {
                    for image in images {
                        assert!(!image.data.is_empty());
                        assert!(image.data.len() <= mutated.len());
                    }
                }
            }
            mutated[i] = original;
        }
    }
}
