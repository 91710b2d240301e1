//! Access keys (MRZ information, CAN) and the ICAO key derivation function.
//!
//! - BAC (ICAO Doc 9303 Part 11 §4.3 and Appendix D.1): `K_seed` is the first 16 bytes of
//!   SHA-1(MRZ_information) ([`kseed_from_mrz`]); `K_enc` and `K_mac` are derived from it with the
//!   KDF and counters 1 and 2 ([`derive_bac_keys`]).
//! - PACE (Part 11 §4.4 and §9.7.3): the password is SHA-1(MRZ_information) (all 20 bytes) or the
//!   ASCII digits of the CAN ([`pace_password`]); `K_π` is the KDF of it with counter 3 ([`k_pi`]).
//! - KDF (Part 11 §9.7.1): `crate::crypto::kdf`.
//!
//! Secrets are held in types that are zeroized on drop and whose `Debug` output is redacted.

use std::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::crypto::kdf::{KDF_ENC, KDF_MAC, KDF_PI, KdfAlgorithm, kdf, sha1};
use crate::mrz::{MrzError, MrzField, check_digit_bytes, validate_date};

/// Maximum length of a document number: 9 characters plus up to 14 more in the TD1 optional data
/// (ICAO 9303 Part 5 long document numbers).
pub const MAX_DOCUMENT_NUMBER_LEN: usize = 23;

/// Length of a card access number.
pub const CAN_LEN: usize = 6;

/// Text shown instead of a secret by `Debug`.
const REDACTED: &str = "<redacted>";

/// Why a [`Can`] was rejected. The messages never contain the CAN itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The CAN does not have [`CAN_LEN`] digits.
    #[error("a CAN must be exactly {expected} digits, got {found} characters")]
    CanLength {
        /// Number of characters given (whitespace excluded).
        found: usize,
        /// Required number of digits (6).
        expected: usize,
    },
    /// The CAN contains something other than the digits 0-9.
    #[error("a CAN may contain only the digits 0-9 (character {position} is not a digit)")]
    CanNotDigit {
        /// Position of the first offending character, starting at 1 (whitespace excluded).
        position: usize,
    },
}

/// The MRZ part of a BAC or PACE access key: document number, date of birth, date of expiry.
///
/// Zeroized on drop; `Debug` is redacted.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct MrzKey {
    /// Upper case, without trailing `<`.
    document_number: String,
    /// YYMMDD.
    date_of_birth: String,
    /// YYMMDD.
    date_of_expiry: String,
}

impl MrzKey {
    /// Builds a key from the document number, date of birth and date of expiry as printed in the
    /// MRZ (or typed by a user).
    ///
    /// Surrounding whitespace is ignored and lower case letters are upper-cased. The document
    /// number may contain `A`-`Z`, `0`-`9` and `<`; trailing `<` fillers are removed (they are
    /// put back by [`MrzKey::mrz_information`]); it must not be empty nor longer than
    /// [`MAX_DOCUMENT_NUMBER_LEN`] characters. The dates are YYMMDD (month 01-12, day 01-31; the
    /// month and day of birth may be `<<` when unknown, as in the MRZ).
    ///
    /// # Errors
    ///
    /// [`MrzError::InvalidField`] for the document number, [`MrzError::InvalidDate`] for a date.
    pub fn new(
        document_number: &str,
        date_of_birth: &str,
        date_of_expiry: &str,
    ) -> Result<MrzKey, MrzError> {
        let invalid_number = |reason| MrzError::InvalidField {
            field: MrzField::DocumentNumber,
            reason,
        };
        let mut number = Zeroizing::new(document_number.trim().to_ascii_uppercase());
        if !number
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'<')
        {
            return Err(invalid_number("may contain only A-Z, 0-9 and '<'"));
        }
        let trimmed_len = number.trim_end_matches('<').len();
        number.truncate(trimmed_len);
        if number.is_empty() {
            return Err(invalid_number("is empty"));
        }
        if number.len() > MAX_DOCUMENT_NUMBER_LEN {
            return Err(invalid_number("is longer than 23 characters"));
        }
        let date_of_birth = Zeroizing::new(date_of_birth.trim().to_owned());
        validate_date(MrzField::DateOfBirth, date_of_birth.as_bytes())?;
        let date_of_expiry = Zeroizing::new(date_of_expiry.trim().to_owned());
        validate_date(MrzField::DateOfExpiry, date_of_expiry.as_bytes())?;
        Ok(MrzKey::from_parsed_mrz(
            &number,
            &date_of_birth,
            &date_of_expiry,
        ))
    }

    /// Builds a key from fields already validated by the MRZ parser.
    pub(crate) fn from_parsed_mrz(
        document_number: &str,
        date_of_birth: &str,
        date_of_expiry: &str,
    ) -> MrzKey {
        MrzKey {
            document_number: document_number.trim_end_matches('<').to_owned(),
            date_of_birth: date_of_birth.to_owned(),
            date_of_expiry: date_of_expiry.to_owned(),
        }
    }

    /// The document number (upper case, without trailing `<`).
    pub fn document_number(&self) -> &str {
        &self.document_number
    }

    /// The date of birth, YYMMDD.
    pub fn date_of_birth(&self) -> &str {
        &self.date_of_birth
    }

    /// The date of expiry, YYMMDD.
    pub fn date_of_expiry(&self) -> &str {
        &self.date_of_expiry
    }

    /// The MRZ_information of ICAO 9303 Part 11 §9.7.2: document number (padded with `<` to at
    /// least 9 characters; a longer number is used whole) and its check digit, date of birth and
    /// its check digit, date of expiry and its check digit.
    ///
    /// ```
    /// let key = cnie::keys::MrzKey::new("L898902C", "690806", "940623")?;
    /// assert_eq!(key.mrz_information().as_str(), "L898902C<369080619406236");
    /// # Ok::<(), cnie::mrz::MrzError>(())
    /// ```
    pub fn mrz_information(&self) -> Zeroizing<String> {
        let padding = 9usize.saturating_sub(self.document_number.len());
        let mut info = Zeroizing::new(String::with_capacity(
            self.document_number.len() + padding + 1 + 7 + 7,
        ));
        info.push_str(&self.document_number);
        info.extend(std::iter::repeat_n('<', padding));
        push_check_digit(&mut info, 0);
        let start = info.len();
        info.push_str(&self.date_of_birth);
        push_check_digit(&mut info, start);
        let start = info.len();
        info.push_str(&self.date_of_expiry);
        push_check_digit(&mut info, start);
        info
    }
}

/// Appends the check digit of `info[start..]` to `info` (validated characters only).  // ok: doc comment
fn push_check_digit(info: &mut String, start: usize) {
    let digit = info
        .as_bytes()
        .get(start..)
        .and_then(check_digit_bytes)
        .unwrap_or(0);
    info.push(char::from(b'0' + digit));
}

impl fmt::Debug for MrzKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MrzKey")
            .field("document_number", &REDACTED)
            .field("date_of_birth", &REDACTED)
            .field("date_of_expiry", &REDACTED)
            .finish()
    }
}

/// A card access number (CAN): the 6 digits printed on the card, used as a PACE password.
///
/// Zeroized on drop; `Debug` is redacted.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Can {
    digits: String,
}

impl Can {
    /// Validates a CAN: exactly [`CAN_LEN`] (6) digits; whitespace anywhere is ignored.
    ///
    /// # Errors
    ///
    /// [`KeyError::CanNotDigit`] or [`KeyError::CanLength`].
    pub fn new(can: &str) -> Result<Can, KeyError> {
        let mut digits = Zeroizing::new(String::with_capacity(can.len()));
        digits.extend(can.chars().filter(|c| !c.is_whitespace()));
        if let Some(position) = digits.chars().position(|c| !c.is_ascii_digit()) {
            return Err(KeyError::CanNotDigit {
                position: position + 1,
            });
        }
        if digits.len() != CAN_LEN {
            return Err(KeyError::CanLength {
                found: digits.len(),
                expected: CAN_LEN,
            });
        }
        Ok(Can {
            digits: std::mem::take(&mut *digits),
        })
    }

    /// The digits of the CAN.
    pub fn as_str(&self) -> &str {
        &self.digits
    }
}

impl fmt::Debug for Can {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Can").field(&REDACTED).finish()
    }
}

impl crate::mrz::Mrz {
    /// The BAC / PACE access key (document number, date of birth, date of expiry) of this MRZ.
    pub fn access_key(&self) -> MrzKey {
        MrzKey::from_parsed_mrz(
            &self.document_number,
            &self.date_of_birth,
            &self.date_of_expiry,
        )
    }
}

/// A secret that gives access to the chip.
#[derive(Clone, Debug)]
pub enum AccessKey {
    /// Document number, date of birth and date of expiry (BAC, or PACE with the MRZ password).
    Mrz(MrzKey),
    /// Card access number (PACE).
    Can(Can),
}

impl AccessKey {
    /// The PACE password kind of this key.
    pub fn kind(&self) -> PasswordKind {
        match self {
            AccessKey::Mrz(_) => PasswordKind::Mrz,
            AccessKey::Can(_) => PasswordKind::Can,
        }
    }
}

impl From<MrzKey> for AccessKey {
    fn from(key: MrzKey) -> AccessKey {
        AccessKey::Mrz(key)
    }
}

impl From<Can> for AccessKey {
    fn from(can: Can) -> AccessKey {
        AccessKey::Can(can)
    }
}

/// The PACE password kinds (ICAO 9303 Part 11 §9.7.3, BSI TR-03110): the one name for
/// "which password" across access control, reports and the JSON (`"MRZ"`, `"CAN"`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum PasswordKind {
    /// SHA-1 of the MRZ information.
    Mrz,
    /// Card access number.
    Can,
    /// Personal identification number.
    Pin,
    /// PIN unblocking key.
    Puk,
}

impl PasswordKind {
    /// "MRZ", "CAN", "PIN" or "PUK", for messages.
    pub const fn name(self) -> &'static str {
        match self {
            PasswordKind::Mrz => "MRZ",
            PasswordKind::Can => "CAN",
            PasswordKind::Pin => "PIN",
            PasswordKind::Puk => "PUK",
        }
    }

    /// The password reference used in MSE:Set AT (tag `83`): MRZ = 1, CAN = 2, PIN = 3, PUK = 4.
    pub const fn pace_reference(&self) -> u8 {
        match self {
            PasswordKind::Mrz => 1,
            PasswordKind::Can => 2,
            PasswordKind::Pin => 3,
            PasswordKind::Puk => 4,
        }
    }
}

/// Copies the first 16 bytes of `bytes` into a zeroizing array (zero-filled if shorter).
fn first_16(bytes: &[u8]) -> Zeroizing<[u8; 16]> {
    let mut out = Zeroizing::new([0u8; 16]);
    for (o, b) in out.iter_mut().zip(bytes) {
        *o = *b;
    }
    out
}

/// The BAC key seed: the first 16 bytes of SHA-1(MRZ_information).
pub fn kseed_from_mrz(key: &MrzKey) -> Zeroizing<[u8; 16]> {
    let info = key.mrz_information();
    first_16(sha1(&[info.as_bytes()]).as_slice())
}

/// The BAC keys `(K_enc, K_mac)` derived from `kseed` (3DES, parity adjusted).
pub fn derive_bac_keys(kseed: &[u8; 16]) -> (Zeroizing<[u8; 16]>, Zeroizing<[u8; 16]>) {
    let k_enc = first_16(&kdf(kseed, KDF_ENC, KdfAlgorithm::Des3));
    let k_mac = first_16(&kdf(kseed, KDF_MAC, KdfAlgorithm::Des3));
    (k_enc, k_mac)
}

/// The PACE password `π` as bytes: SHA-1(MRZ_information) (20 bytes) for an MRZ key, the ASCII
/// digits for a CAN.
pub fn pace_password(key: &AccessKey) -> Zeroizing<Vec<u8>> {
    match key {
        AccessKey::Mrz(mrz) => {
            let info = mrz.mrz_information();
            Zeroizing::new(sha1(&[info.as_bytes()]).to_vec())
        }
        AccessKey::Can(can) => Zeroizing::new(can.as_str().as_bytes().to_vec()),
    }
}

/// The PACE key `K_π = KDF(π, 3)` for the cipher `alg`.
pub fn k_pi(key: &AccessKey, alg: KdfAlgorithm) -> Zeroizing<Vec<u8>> {
    kdf(&pace_password(key), KDF_PI, alg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::kdf::adjust_des_parity;
    use crate::test_support::{hex_upper, json_vector, str_field};
    use serde_json::Value;

    fn vectors(name: &str) -> Value {
        json_vector(match name {
            "mrz" => "mrz.json",
            _ => "bac.json",
        })
    }

    #[test]
    fn key_seeds_from_mrz() {
        let v = vectors("mrz");
        let seeds = v["key_seeds"].as_array().expect("key_seeds");
        let mut mrz_entries = 0;
        for entry in seeds {
            let Some(doc) = entry["document_number"].as_str() else {
                continue;
            };
            mrz_entries += 1;
            let key = MrzKey::new(
                doc,
                str_field(entry, "date_of_birth"),
                str_field(entry, "date_of_expiry"),
            )
            .expect("valid key");
            assert_eq!(
                key.mrz_information().as_str(),
                str_field(entry, "mrz_information")
            );
            let access = AccessKey::Mrz(key.clone());
            assert_eq!(access.kind(), PasswordKind::Mrz);
            if let Some(sha) = entry["sha1_mrz_information"].as_str() {
                assert_eq!(hex_upper(&pace_password(&access)), sha);
            }
            if let Some(sha) = entry["pace_password_K_sha1"].as_str() {
                assert_eq!(hex_upper(&pace_password(&access)), sha);
            }
            if let Some(kseed) = entry["kseed"].as_str() {
                assert_eq!(hex_upper(kseed_from_mrz(&key).as_slice()), kseed);
            }
            if let Some(k) = entry["K_pi_aes128"].as_str() {
                assert_eq!(hex_upper(&k_pi(&access, KdfAlgorithm::Aes128)), k);
            }
            // The TD3 given with the entry yields the same key, once the '<' missing from
            // its (87-character) personal number field is put back.
            if let Some(td3) = entry["td3_mrz"].as_str() {
                let td3 = format!("{}<{}", &td3[..72], &td3[72..]);
                let mrz = crate::mrz::parse(&td3).expect("valid TD3");
                assert_eq!(
                    mrz.access_key().mrz_information().as_str(),
                    str_field(entry, "mrz_information")
                );
            }
        }
        assert_eq!(mrz_entries, 4);
    }

    #[test]
    fn key_seeds_from_can() {
        let v = vectors("mrz");
        let seeds = v["key_seeds"].as_array().expect("key_seeds");
        let mut can_entries = 0;
        for entry in seeds {
            let Some(can) = entry["can"].as_str() else {
                continue;
            };
            can_entries += 1;
            let access = AccessKey::from(Can::new(can).expect("valid CAN"));
            assert_eq!(access.kind(), PasswordKind::Can);
            assert_eq!(
                hex_upper(&pace_password(&access)),
                str_field(entry, "pace_password_K")
            );
            for (field, alg) in [
                ("K_pi_aes128", KdfAlgorithm::Aes128),
                ("K_pi_aes192", KdfAlgorithm::Aes192),
                ("K_pi_aes256", KdfAlgorithm::Aes256),
            ] {
                let k = k_pi(&access, alg);
                assert_eq!(k.len(), alg.key_len());
                assert_eq!(hex_upper(&k), str_field(entry, field), "{field}");
            }
        }
        assert_eq!(can_entries, 1);
    }

    #[test]
    fn bac_worked_example() {
        let v = vectors("bac");
        let key = MrzKey::new("L898902C<", "690806", "940623").expect("valid key");
        assert_eq!(
            key.mrz_information().as_str(),
            str_field(&v, "mrz_information")
        );
        let kseed = kseed_from_mrz(&key);
        assert_eq!(hex_upper(kseed.as_slice()), str_field(&v, "kseed"));

        // KDF before parity adjustment: plain SHA-1 truncation (the AES-128 branch).
        let enc = kdf(kseed.as_slice(), KDF_ENC, KdfAlgorithm::Aes128);
        assert_eq!(hex_upper(&enc), str_field(&v, "kdf_enc_before_parity"));
        let mac = kdf(kseed.as_slice(), KDF_MAC, KdfAlgorithm::Aes128);
        assert_eq!(hex_upper(&mac), str_field(&v, "kdf_mac_before_parity"));

        // Parity adjustment of the raw output gives K_enc / K_mac.
        let mut adjusted = enc.to_vec();
        adjust_des_parity(&mut adjusted);
        assert_eq!(hex_upper(&adjusted), str_field(&v, "k_enc"));

        let des_enc = kdf(kseed.as_slice(), KDF_ENC, KdfAlgorithm::Des3);
        assert_eq!(hex_upper(&des_enc), str_field(&v, "k_enc"));
        let des_mac = kdf(kseed.as_slice(), KDF_MAC, KdfAlgorithm::Des3);
        assert_eq!(hex_upper(&des_mac), str_field(&v, "k_mac"));

        let (k_enc, k_mac) = derive_bac_keys(&kseed);
        assert_eq!(hex_upper(k_enc.as_slice()), str_field(&v, "k_enc"));
        assert_eq!(hex_upper(k_mac.as_slice()), str_field(&v, "k_mac"));

        // The same derivation gives the session keys from the session key seed.
        let session_seed: [u8; 16] = hex::decode(str_field(&v, "kseed_session_xor"))
            .expect("hex")
            .try_into()
            .expect("16 bytes");
        let (ks_enc, ks_mac) = derive_bac_keys(&session_seed);
        assert_eq!(hex_upper(ks_enc.as_slice()), str_field(&v, "ks_enc"));
        assert_eq!(hex_upper(ks_mac.as_slice()), str_field(&v, "ks_mac"));
    }

    #[test]
    fn des_parity() {
        let mut key = [0x00, 0x01, 0xFE, 0xFF, 0xFC, 0xED, 0x80, 0x7F];
        adjust_des_parity(&mut key);
        assert_eq!(key, [0x01, 0x01, 0xFE, 0xFE, 0xFD, 0xEC, 0x80, 0x7F]);
        for byte in key {
            assert_eq!(byte.count_ones() % 2, 1);
        }
        adjust_des_parity(&mut []);
    }

    #[test]
    fn kdf_lengths() {
        for (alg, len) in [
            (KdfAlgorithm::Des3, 16),
            (KdfAlgorithm::Aes128, 16),
            (KdfAlgorithm::Aes192, 24),
            (KdfAlgorithm::Aes256, 32),
        ] {
            assert_eq!(kdf(b"", 0, alg).len(), len);
            assert_eq!(alg.key_len(), len);
        }
        // AES-192 is the prefix of AES-256 (same hash).
        let k192 = kdf(b"secret", KDF_PI, KdfAlgorithm::Aes192);
        let k256 = kdf(b"secret", KDF_PI, KdfAlgorithm::Aes256);
        assert_eq!(k256.get(..24), Some(k192.as_slice()));
    }

    #[test]
    fn mrz_key_validation() {
        // Lower case and surrounding blanks are accepted; fillers are normalized.
        let key = MrzKey::new(" l898902c ", "690806", "940623").expect("valid");
        assert_eq!(key.document_number(), "L898902C");
        assert_eq!(key.date_of_birth(), "690806");
        assert_eq!(key.date_of_expiry(), "940623");
        assert_eq!(key.mrz_information().as_str(), "L898902C<369080619406236");
        // Long document number: used whole.
        let key = MrzKey::new("D23145890734", "340712", "950712").expect("valid");
        assert_eq!(
            key.mrz_information().as_str(),
            "D23145890734934071279507122"
        );

        let field_error = |doc: &str| match MrzKey::new(doc, "690806", "940623") {
            Err(MrzError::InvalidField { field, .. }) => field,
            other => panic!("unexpected {other:?}"),
        };
        assert_eq!(field_error(""), MrzField::DocumentNumber);
        assert_eq!(field_error("<<<<<<<<<"), MrzField::DocumentNumber);
        assert_eq!(field_error("AB-123"), MrzField::DocumentNumber);
        assert_eq!(field_error("AB 123"), MrzField::DocumentNumber);
        assert_eq!(field_error("é"), MrzField::DocumentNumber);
        assert_eq!(field_error(&"1".repeat(24)), MrzField::DocumentNumber);
        assert!(MrzKey::new(&"1".repeat(23), "690806", "940623").is_ok());

        let date_error = |dob: &str, doe: &str| match MrzKey::new("L898902C", dob, doe) {
            Err(MrzError::InvalidDate { field, .. }) => field,
            other => panic!("unexpected {other:?}"),
        };
        assert_eq!(date_error("69080", "940623"), MrzField::DateOfBirth);
        assert_eq!(date_error("691306", "940623"), MrzField::DateOfBirth);
        assert_eq!(date_error("690800", "940623"), MrzField::DateOfBirth);
        assert_eq!(date_error("6908O6", "940623"), MrzField::DateOfBirth);
        assert_eq!(date_error("690806", "9406234"), MrzField::DateOfExpiry);
        assert_eq!(date_error("690806", "94<<23"), MrzField::DateOfExpiry);
        assert_eq!(date_error("690806", "٩٤٠٦٢٣"), MrzField::DateOfExpiry);
        // Unknown month and day of birth, as the MRZ allows.
        let key = MrzKey::new("L898902C", "69<<<<", "940623").expect("valid");
        assert_eq!(key.mrz_information().as_str(), "L898902C<369<<<<99406236");
    }

    #[test]
    fn secrets_are_redacted() {
        let key = MrzKey::new("L898902C", "690806", "940623").expect("valid");
        let text = format!("{key:?}");
        assert!(!text.contains("L898902C") && !text.contains("690806") && !text.contains("940623"));
        let can = Can::new("123456").expect("valid");
        assert!(!format!("{can:?}").contains("123456"));
        let access = AccessKey::Can(can);
        assert!(!format!("{access:?}").contains("123456"));
        assert!(!format!("{:?}", AccessKey::Mrz(key)).contains("L898902C"));
    }

    #[test]
    fn can_validation() {
        assert_eq!(Can::new(" 123 456\n").expect("valid").as_str(), "123456");
        assert_eq!(
            Can::new("12345").map(|_| ()),
            Err(KeyError::CanLength {
                found: 5,
                expected: 6
            })
        );
        assert!(matches!(
            Can::new("1234567"),
            Err(KeyError::CanLength { found: 7, .. })
        ));
        assert!(matches!(
            Can::new(""),
            Err(KeyError::CanLength { found: 0, .. })
        ));
        assert!(matches!(
            Can::new("12a456"),
            Err(KeyError::CanNotDigit { position: 3 })
        ));
        assert!(matches!(
            Can::new("１２３４５６"),
            Err(KeyError::CanNotDigit { position: 1 })
        ));
        let message = Can::new("98765").map(|_| ()).unwrap_err().to_string();
        assert_eq!(message, "a CAN must be exactly 6 digits, got 5 characters");
        assert!(
            !Can::new("9876x")
                .map(|_| ())
                .unwrap_err()
                .to_string()
                .contains("9876")
        );
    }

    #[test]
    fn hostile_key_input_never_panics() {
        let long = "9".repeat(100_000);
        let inputs = [
            "",
            " ",
            "<",
            "é",
            "🦀🦀🦀🦀🦀🦀",
            "\0",
            "12345\u{0}",
            "690806\n",
            "６９０８０６",
            "99<<<<",
            "<<<<<<",
            "000000",
            "991332",
            long.as_str(),
        ];
        for a in inputs {
            for b in inputs {
                let _ = MrzKey::new(a, b, b);
                let _ = MrzKey::new(b, a, "940623");
                let _ = MrzKey::new("L898902C", "690806", a);
            }
            let _ = Can::new(a);
        }
    }

    #[test]
    fn pace_references() {
        assert_eq!(PasswordKind::Mrz.pace_reference(), 1);
        assert_eq!(PasswordKind::Can.pace_reference(), 2);
        assert_eq!(PasswordKind::Pin.pace_reference(), 3);
        assert_eq!(PasswordKind::Puk.pace_reference(), 4);
    }
}
