//! The bundle's JSON form: the serde types, encoding, and the checks of decoding.
//!
//! Decoding checks, in order: the size; `format` and `format_version` (read first, so a
//! later version is refused by number rather than by its fields); the strict shape (no
//! unknown or missing member); every field; each file against its size and SHA-256; the
//! integrity digest over the canonical content; the bytes equal to what encoding the
//! decoded evidence writes.

use std::collections::BTreeMap;
use std::time::{Duration, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::card::MAX_FILE_SIZE;
use crate::keys::PasswordKind;
use crate::lds::file::LdsFile;
use crate::session::{Access, ActiveAuthenticationExchange, ChipAuthenticationCheck, Protocol};

use super::{
    ChipChecksAtRead, Evidence, EvidenceError, FORMAT, FORMAT_VERSION, MAX_AA_RESPONSE,
    MAX_BUNDLE_SIZE, MAX_TEXT,
};

/// 9999-12-31T23:59:59Z: the latest read time a bundle holds.
pub(super) const MAX_UNIX_SECONDS: u64 = 253_402_300_799;

/// The name of the integrity digest's algorithm.
const INTEGRITY_ALGORITHM: &str = "SHA-256";

#[derive(Deserialize)]
struct Header {
    format: String,
    format_version: u64,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Bundle {
    format: String,
    format_version: u64,
    content: Content,
    integrity: Integrity,
}

/// Everything the integrity digest covers.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Content {
    tool_version: String,
    read_at: String,
    read_at_unix: u64,
    access: Option<AccessWire>,
    chip_checks_at_read: ChipChecksWire,
    active_authentication: Option<AaWire>,
    files: Vec<FileWire>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AccessWire {
    protocol: String,
    password: String,
    downgraded: bool,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChipChecksWire {
    pace_cam: bool,
    chip_authentication: Option<CaWire>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaWire {
    status: String,
    key_id: Option<u32>,
    reason: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AaWire {
    challenge: String,
    response: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileWire {
    name: String,
    size: u64,
    sha256: String,
    data: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Integrity {
    algorithm: String,
    digest: String,
}

pub(super) fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// The integrity digest: SHA-256 of the compact JSON of `content`.
fn content_digest(content: &Content) -> String {
    // Serializing these types cannot fail (string keys, no custom serializer).
    hex::encode(sha256(&serde_json::to_vec(content).unwrap_or_default()))
}

pub(super) fn encode(evidence: &Evidence) -> Vec<u8> {
    let unix = evidence
        .read_at
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        .min(MAX_UNIX_SECONDS);
    let content = Content {
        tool_version: evidence.tool_version.clone(),
        read_at: crate::asn1::time::iso8601(i64::try_from(unix).unwrap_or(0)),
        read_at_unix: unix,
        access: evidence.access.map(|a| AccessWire {
            protocol: protocol_name(a.protocol).to_string(),
            password: a.password.name().to_string(),
            downgraded: a.downgraded,
        }),
        chip_checks_at_read: ChipChecksWire {
            pace_cam: evidence.chip_checks_at_read.pace_cam,
            chip_authentication: evidence
                .chip_checks_at_read
                .chip_authentication
                .as_ref()
                .map(|ca| match ca {
                    ChipAuthenticationCheck::Passed { key_id } => CaWire {
                        status: "passed".into(),
                        key_id: *key_id,
                        reason: None,
                    },
                    ChipAuthenticationCheck::Failed { reason } => CaWire {
                        status: "failed".into(),
                        key_id: None,
                        reason: Some(reason.clone()),
                    },
                }),
        },
        active_authentication: evidence.active_authentication.as_ref().map(|aa| AaWire {
            challenge: hex::encode(aa.challenge),
            response: aa.response.as_ref().map(hex::encode),
        }),
        files: evidence
            .files
            .iter()
            .map(|(file, data)| FileWire {
                name: file.name().to_string(),
                size: data.len() as u64,
                sha256: hex::encode(sha256(data)),
                data: hex::encode(data),
            })
            .collect(),
    };
    let integrity = Integrity {
        algorithm: INTEGRITY_ALGORITHM.to_string(),
        digest: content_digest(&content),
    };
    let bundle = Bundle {
        format: FORMAT.to_string(),
        format_version: u64::from(evidence.format_version),
        content,
        integrity,
    };
    let mut bytes = serde_json::to_vec_pretty(&bundle).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

pub(super) fn decode(bytes: &[u8]) -> Result<Evidence, EvidenceError> {
    if bytes.len() > MAX_BUNDLE_SIZE {
        return Err(EvidenceError::TooLarge {
            size: bytes.len(),
            limit: MAX_BUNDLE_SIZE,
        });
    }
    let malformed = |e: serde_json::Error| EvidenceError::Malformed(e.to_string());
    let header: Header = serde_json::from_slice(bytes).map_err(malformed)?;
    if header.format != FORMAT {
        return Err(EvidenceError::NotEvidence(printable_prefix(&header.format)));
    }
    if header.format_version != u64::from(FORMAT_VERSION) {
        return Err(EvidenceError::UnsupportedVersion(header.format_version));
    }
    let bundle: Bundle = serde_json::from_slice(bytes).map_err(malformed)?;
    let evidence = from_content(&bundle.content)?;
    if bundle.integrity.algorithm != INTEGRITY_ALGORITHM {
        return Err(invalid(
            "integrity.algorithm",
            format!("must be {INTEGRITY_ALGORITHM}"),
        ));
    }
    if bundle.integrity.digest != content_digest(&bundle.content) {
        return Err(EvidenceError::IntegrityMismatch);
    }
    if encode(&evidence) != bytes {
        return Err(EvidenceError::NotCanonical);
    }
    Ok(evidence)
}

fn invalid(field: impl Into<String>, problem: impl Into<String>) -> EvidenceError {
    EvidenceError::InvalidField {
        field: field.into(),
        problem: problem.into(),
    }
}

/// The first characters of an untrusted string, printable, for an error message.
fn printable_prefix(text: &str) -> String {
    super::printable(&text.chars().take(40).collect::<String>())
}

fn from_content(c: &Content) -> Result<Evidence, EvidenceError> {
    let tool_version = text("content.tool_version", &c.tool_version)?;
    if tool_version.is_empty() {
        return Err(invalid("content.tool_version", "empty"));
    }
    if c.read_at_unix > MAX_UNIX_SECONDS {
        return Err(invalid("content.read_at_unix", "after the year 9999"));
    }
    let iso = crate::asn1::time::iso8601(i64::try_from(c.read_at_unix).unwrap_or(0));
    if c.read_at != iso {
        return Err(invalid("content.read_at", "differs from read_at_unix"));
    }
    let access = c.access.as_ref().map(access).transpose()?;
    let chip_authentication = c
        .chip_checks_at_read
        .chip_authentication
        .as_ref()
        .map(chip_authentication)
        .transpose()?;
    let active_authentication = c
        .active_authentication
        .as_ref()
        .map(active_authentication)
        .transpose()?;
    let files = files(&c.files)?;
    Ok(Evidence {
        format_version: FORMAT_VERSION,
        tool_version,
        read_at: UNIX_EPOCH + Duration::from_secs(c.read_at_unix),
        access,
        files,
        active_authentication,
        chip_checks_at_read: ChipChecksAtRead {
            pace_cam: c.chip_checks_at_read.pace_cam,
            chip_authentication,
        },
    })
}

/// A text field: printable ASCII, at most [`MAX_TEXT`] characters.
fn text(field: &str, value: &str) -> Result<String, EvidenceError> {
    if value.len() > MAX_TEXT {
        return Err(invalid(field, format!("longer than {MAX_TEXT} characters")));
    }
    if !value.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
        return Err(invalid(field, "not printable ASCII"));
    }
    Ok(value.to_string())
}

/// Lower-case hex of at most `max` bytes.
fn hex_bytes(field: &str, value: &str, max: usize) -> Result<Vec<u8>, EvidenceError> {
    if value.len() > max.saturating_mul(2) {
        return Err(invalid(field, format!("more than {max} bytes")));
    }
    if value.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(invalid(field, "hex must be lower case"));
    }
    hex::decode(value).map_err(|e| invalid(field, format!("not hex: {e}")))
}

fn protocol_name(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::Bac => "BAC",
        Protocol::Pace => "PACE",
    }
}

fn access(a: &AccessWire) -> Result<Access, EvidenceError> {
    let protocol = match a.protocol.as_str() {
        "BAC" => Protocol::Bac,
        "PACE" => Protocol::Pace,
        _ => return Err(invalid("content.access.protocol", "must be BAC or PACE")),
    };
    let password = match a.password.as_str() {
        "MRZ" => PasswordKind::Mrz,
        "CAN" if protocol == Protocol::Pace => PasswordKind::Can,
        _ => {
            return Err(invalid(
                "content.access.password",
                "must be MRZ, or CAN with PACE",
            ));
        }
    };
    if a.downgraded && protocol != Protocol::Bac {
        return Err(invalid(
            "content.access.downgraded",
            "only a BAC opening is a downgrade",
        ));
    }
    Ok(Access {
        protocol,
        password,
        downgraded: a.downgraded,
    })
}

fn chip_authentication(ca: &CaWire) -> Result<ChipAuthenticationCheck, EvidenceError> {
    const FIELD: &str = "content.chip_checks_at_read.chip_authentication";
    match (ca.status.as_str(), &ca.reason) {
        ("passed", None) => Ok(ChipAuthenticationCheck::Passed { key_id: ca.key_id }),
        ("failed", Some(reason)) if ca.key_id.is_none() => Ok(ChipAuthenticationCheck::Failed {
            reason: text(&format!("{FIELD}.reason"), reason)?,
        }),
        _ => Err(invalid(
            FIELD,
            "status passed (with key_id, no reason) or failed (with a reason, no key_id)",
        )),
    }
}

fn active_authentication(aa: &AaWire) -> Result<ActiveAuthenticationExchange, EvidenceError> {
    const FIELD: &str = "content.active_authentication";
    let challenge = hex_bytes(&format!("{FIELD}.challenge"), &aa.challenge, 8)?;
    let challenge = <[u8; 8]>::try_from(challenge.as_slice())
        .map_err(|_| invalid(format!("{FIELD}.challenge"), "must be 8 bytes"))?;
    let response = aa
        .response
        .as_ref()
        .map(|r| hex_bytes(&format!("{FIELD}.response"), r, MAX_AA_RESPONSE))
        .transpose()?;
    if response.as_ref().is_some_and(Vec::is_empty) {
        return Err(invalid(format!("{FIELD}.response"), "empty"));
    }
    Ok(ActiveAuthenticationExchange {
        challenge,
        response,
    })
}

fn files(list: &[FileWire]) -> Result<BTreeMap<LdsFile, Vec<u8>>, EvidenceError> {
    let mut files = BTreeMap::new();
    for (i, f) in list.iter().enumerate() {
        let field = |name: &str| format!("content.files[{i}].{name}");
        let file = LdsFile::all()
            .find(|file| file.name() == f.name)
            .ok_or_else(|| EvidenceError::UnknownFile(printable_prefix(&f.name)))?;
        if files.contains_key(&file) {
            return Err(invalid(field("name"), format!("{file} appears twice")));
        }
        let data = hex_bytes(&field("data"), &f.data, MAX_FILE_SIZE)?;
        let expected = hex_bytes(&field("sha256"), &f.sha256, 32)?;
        if expected.len() != 32 {
            return Err(invalid(field("sha256"), "must be 32 bytes"));
        }
        if f.size != data.len() as u64 || expected.as_slice() != sha256(&data).as_slice() {
            return Err(EvidenceError::FileHashMismatch(file));
        }
        files.insert(file, data);
    }
    if !files.contains_key(&LdsFile::Sod) {
        return Err(EvidenceError::MissingFile(LdsFile::Sod));
    }
    Ok(files)
}
