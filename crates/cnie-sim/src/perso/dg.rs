//! The data groups and EF.COM (ICAO Doc 9303 Part 10 §4.6-4.7).

use cnie::tlv;

/// DG1: `61 { 5F1F MRZ }` (the MRZ lines without separators).
pub fn dg1(lines: &[String]) -> Vec<u8> {
    tlv::encode(0x61, &tlv::encode(0x5F1F, lines.concat().as_bytes()))
}

/// Gender codes of ISO/IEC 19794-5:2005 §5.5.3.
fn gender_code(sex: &str) -> u8 {
    match sex {
        "M" => 1,
        "F" => 2,
        _ => 0,
    }
}

/// Why an image cannot go in DG2.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImageError {
    /// Not a baseline JPEG with a readable frame header.
    #[error("the face image is not a JPEG with a readable size")]
    NotJpeg,
    /// Too large for a facial record.
    #[error("the face image is too large")]
    TooLarge,
}

/// Width and height from a JPEG's first SOFn marker.
pub fn jpeg_size(jpeg: &[u8]) -> Result<(u16, u16), ImageError> {
    if jpeg.get(..2) != Some(&[0xFF, 0xD8][..]) {
        return Err(ImageError::NotJpeg);
    }
    let mut pos = 2;
    loop {
        let marker = jpeg.get(pos..pos + 4).ok_or(ImageError::NotJpeg)?;
        if marker.first() != Some(&0xFF) {
            return Err(ImageError::NotJpeg);
        }
        let kind = marker.get(1).copied().ok_or(ImageError::NotJpeg)?;
        let len = usize::from(u16::from_be_bytes([
            marker.get(2).copied().ok_or(ImageError::NotJpeg)?,
            marker.get(3).copied().ok_or(ImageError::NotJpeg)?,
        ]));
        // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
        if (0xC0..=0xCF).contains(&kind) && !matches!(kind, 0xC4 | 0xC8 | 0xCC) {
            let sof = jpeg.get(pos + 4..pos + 9).ok_or(ImageError::NotJpeg)?;
            let height = u16::from_be_bytes([sof[1], sof[2]]); // ok: sof has 5 bytes
            let width = u16::from_be_bytes([sof[3], sof[4]]); // ok: sof has 5 bytes
            return Ok((width, height));
        }
        if len < 2 {
            return Err(ImageError::NotJpeg);
        }
        pos += 2 + len;
    }
}

/// The ISO/IEC 19794-5:2005 facial record: record header, one facial
/// information block (no feature points), image information, JPEG data.
pub fn facial_record(jpeg: &[u8], sex: &str) -> Result<Vec<u8>, ImageError> {
    const HEADER: usize = 14;
    const INFO: usize = 20;
    const IMAGE_INFO: usize = 12;
    let (width, height) = jpeg_size(jpeg)?;
    let data_len =
        u32::try_from(INFO + IMAGE_INFO + jpeg.len()).map_err(|_| ImageError::TooLarge)?;
    let record_len =
        u32::try_from(HEADER + INFO + IMAGE_INFO + jpeg.len()).map_err(|_| ImageError::TooLarge)?;
    let mut r = Vec::with_capacity(HEADER + INFO + IMAGE_INFO + jpeg.len());
    // Facial record header.
    r.extend_from_slice(b"FAC\0");
    r.extend_from_slice(b"010\0");
    r.extend_from_slice(&record_len.to_be_bytes());
    r.extend_from_slice(&1u16.to_be_bytes()); // number of facial images
    // Facial information block.
    r.extend_from_slice(&data_len.to_be_bytes());
    r.extend_from_slice(&0u16.to_be_bytes()); // feature points
    r.push(gender_code(sex));
    r.push(0); // eye colour unspecified
    r.push(0); // hair colour unspecified
    r.extend_from_slice(&[0, 0, 0]); // feature mask
    r.extend_from_slice(&[0, 0]); // expression unspecified
    r.extend_from_slice(&[0, 0, 0]); // pose angle (yaw, pitch, roll) unspecified
    r.extend_from_slice(&[0, 0, 0]); // pose angle uncertainty
    // Image information.
    r.push(0x01); // face image type: full frontal
    r.push(0x00); // image data type: JPEG
    r.extend_from_slice(&width.to_be_bytes());
    r.extend_from_slice(&height.to_be_bytes());
    r.push(0x01); // colour space: 24-bit RGB
    r.push(0x02); // source type: static photograph, digital still
    r.extend_from_slice(&[0, 0]); // device type
    r.extend_from_slice(&[0, 0]); // quality unspecified
    r.extend_from_slice(jpeg);
    Ok(r)
}

/// DG2: `75 { 7F61 { 02 count, 7F60 { A1 header, 5F2E record } } }`
/// (ICAO 9303-10 §4.7.2, CBEFF biometric information template).
pub fn dg2(jpeg: &[u8], sex: &str) -> Result<Vec<u8>, ImageError> {
    let mut header = Vec::new();
    header.extend(tlv::encode(0x80, &[0x01, 0x01])); // patron header version 1.1
    header.extend(tlv::encode(0x81, &[0x02])); // biometric type: facial features
    header.extend(tlv::encode(0x87, &[0x01, 0x01])); // format owner: ISO/IEC JTC 1/SC 37
    header.extend(tlv::encode(0x88, &[0x00, 0x08])); // format type: face image
    let mut template = tlv::encode(0xA1, &header);
    template.extend(tlv::encode(0x5F2E, &facial_record(jpeg, sex)?));
    let mut group = tlv::encode(0x02, &[0x01]);
    group.extend(tlv::encode(0x7F60, &template));
    Ok(tlv::encode(0x75, &tlv::encode(0x7F61, &group)))
}

/// DG11 fields in the order of ICAO 9303-10 Table 40.
pub struct Dg11<'a> {
    /// 5F0E, `SURNAME<<GIVEN<NAMES`.
    pub full_name: &'a str,
    /// 5F0F each, inside A0 (UTF-8).
    pub other_names: &'a [String],
    /// 5F10.
    pub personal_number: Option<&'a str>,
    /// 5F2B, YYYYMMDD.
    pub full_date_of_birth: Option<&'a str>,
    /// 5F11.
    pub place_of_birth: Option<&'a str>,
}

/// DG11: `6B { 5C tag list, 5F0E, A0 { 02 count, 5F0F … }, 5F10, 5F2B, 5F11 }`.
pub fn dg11(f: &Dg11<'_>) -> Vec<u8> {
    let mut tags: Vec<u8> = Vec::new();
    let mut body = Vec::new();
    tags.extend_from_slice(&[0x5F, 0x0E]);
    body.extend(tlv::encode(0x5F0E, f.full_name.as_bytes()));
    if !f.other_names.is_empty() {
        tags.push(0xA0);
        let count = u8::try_from(f.other_names.len()).unwrap_or(u8::MAX);
        let mut others = tlv::encode(0x02, &[count]);
        for name in f.other_names.iter().take(usize::from(count)) {
            others.extend(tlv::encode(0x5F0F, name.as_bytes()));
        }
        body.extend(tlv::encode(0xA0, &others));
    }
    for (tag, value) in [
        (0x5F10u32, f.personal_number),
        (0x5F2B, f.full_date_of_birth),
        (0x5F11, f.place_of_birth),
    ] {
        if let Some(v) = value {
            tlv::encode_tag(tag, &mut tags);
            body.extend(tlv::encode(tag, v.as_bytes()));
        }
    }
    let mut value = tlv::encode(0x5C, &tags);
    value.extend(body);
    tlv::encode(0x6B, &value)
}

/// EF.COM: `60 { 5F01 "0107", 5F36 "040000", 5C tags }` (LDS 1.7, Unicode 4.0.0).
pub fn ef_com(dg_tags: &[u8]) -> Vec<u8> {
    let mut value = tlv::encode(0x5F01, b"0107");
    value.extend(tlv::encode(0x5F36, b"040000"));
    value.extend(tlv::encode(0x5C, dg_tags));
    tlv::encode(0x60, &value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ef_com_layout() {
        assert_eq!(
            hex::encode_upper(ef_com(&[0x61, 0x75, 0x6B])),
            "60155F0104303130375F36063034303030305C0361756B"
        );
    }

    #[test]
    fn dg11_layout() {
        let others = vec!["X".to_owned()];
        let d = dg11(&Dg11 {
            full_name: "A<<B",
            other_names: &others,
            personal_number: Some("X1"),
            full_date_of_birth: None,
            place_of_birth: None,
        });
        assert_eq!(
            hex::encode_upper(&d),
            "6B1C5C055F0EA05F105F0E04413C3C42A0070201015F0F01585F10025831"
        );
    }

    #[test]
    fn jpeg_sizes() {
        assert_eq!(jpeg_size(b"not a jpeg"), Err(ImageError::NotJpeg));
        assert_eq!(jpeg_size(&[0xFF, 0xD8, 0xFF]), Err(ImageError::NotJpeg));
        // SOI, APP0 (length 2), SOF0 with height 0x0140, width 0x00F0.
        let j = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x02, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0x40, 0x00,
            0xF0,
        ];
        assert_eq!(jpeg_size(&j), Ok((240, 320)));
    }
}
