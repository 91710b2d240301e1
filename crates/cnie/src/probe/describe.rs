//! Readable summaries of what a probe reads in plain: the answer to reset,
//! EF.ATR/INFO (ISO/IEC 7816-4 §8.2.1.1, §12.7.1) and EF.CardAccess
//! (ICAO 9303-11 §9.2). None of them holds personal data.

use serde::Serialize;

use crate::iso7816::atr;
use crate::lds::card_access::SecurityInfos;
use crate::lds::security_infos::SecurityInfo;
use crate::tlv;

/// The most top-level objects listed from EF.ATR/INFO.
const MAX_OBJECTS: usize = 32;

/// The answer to reset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AtrSummary {
    /// The ATR, hex.
    pub hex: String,
    /// The historical bytes, hex (`None` when the ATR is malformed).
    pub historical_bytes: Option<String>,
    /// Whether the card capabilities in the historical bytes announce
    /// extended Lc/Le (`None` when they do not say).
    pub extended_length: Option<bool>,
}

impl AtrSummary {
    /// Summarizes an ATR.
    pub fn new(bytes: &[u8]) -> AtrSummary {
        AtrSummary {
            hex: hex::encode_upper(bytes),
            historical_bytes: atr::historical_bytes(bytes).map(hex::encode_upper),
            extended_length: atr::supports_extended_length(bytes),
        }
    }
}

/// One BER-TLV data object, tag and value in hex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TlvObject {
    /// The tag, e.g. `"7F66"`.
    pub tag: String,
    /// The value.
    pub value: String,
}

/// EF.ATR/INFO: its data objects and the extended length information.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct AtrInfo {
    /// The top-level data objects, in file order.
    pub objects: Vec<TlvObject>,
    /// The largest command APDU (DO'7F66', first INTEGER).
    pub max_command_apdu: Option<u64>,
    /// The largest response APDU (DO'7F66', second INTEGER).
    pub max_response_apdu: Option<u64>,
    /// The card capabilities (DO'47'), hex.
    pub card_capabilities: Option<String>,
}

/// Parses EF.ATR/INFO; the error says where the TLV structure broke (the
/// objects before it are kept).
pub fn atr_info(bytes: &[u8]) -> (AtrInfo, Option<String>) {
    let mut info = AtrInfo::default();
    for object in tlv::iter(bytes).take(MAX_OBJECTS) {
        let object = match object {
            Ok(o) => o,
            Err(e) => return (info, Some(e.to_string())),
        };
        match object.tag {
            0x7F66 => {
                let mut ints = tlv::iter(object.value)
                    .filter_map(|o| o.ok())
                    .filter(|o| o.tag == 0x02)
                    .map(|o| unsigned(o.value));
                info.max_command_apdu = ints.next().flatten();
                info.max_response_apdu = ints.next().flatten();
            }
            0x47 => info.card_capabilities = Some(hex::encode_upper(object.value)),
            _ => {}
        }
        let mut tag = Vec::with_capacity(3);
        tlv::encode_tag(object.tag, &mut tag);
        info.objects.push(TlvObject {
            tag: hex::encode_upper(tag),
            value: hex::encode_upper(object.value),
        });
    }
    (info, None)
}

/// A big-endian unsigned integer of at most eight significant bytes.
fn unsigned(bytes: &[u8]) -> Option<u64> {
    let start = bytes.iter().take_while(|b| **b == 0).count();
    let significant = bytes.get(start..)?;
    if significant.len() > 8 {
        return None;
    }
    Some(
        significant
            .iter()
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b)),
    )
}

/// One `SecurityInfo` of EF.CardAccess.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecurityInfoSummary {
    /// The protocol OID, dotted.
    pub oid: String,
    /// The kind: `"PACEInfo"`, `"ChipAuthenticationInfo"`, … or `"unknown"`.
    pub kind: &'static str,
    /// The protocol's name, e.g. `"PACE-ECDH-GM-AES-CBC-CMAC-128"`.
    pub protocol: Option<String>,
    /// The version.
    pub version: Option<u32>,
    /// The PACE parameter id or the Chip Authentication key id.
    pub parameter_id: Option<u32>,
    /// The standardized domain parameters named by the parameter id.
    pub domain: Option<&'static str>,
}

/// EF.CardAccess, decoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardAccessSummary {
    /// Every `SecurityInfo`, in file order.
    pub infos: Vec<SecurityInfoSummary>,
}

impl CardAccessSummary {
    /// The `PACEInfo`s.
    pub fn pace(&self) -> impl Iterator<Item = &SecurityInfoSummary> {
        self.infos.iter().filter(|i| i.kind == "PACEInfo")
    }
}

/// Decodes EF.CardAccess (with its `00`/`FF` padding) into a summary.
pub fn card_access(bytes: &[u8]) -> crate::Result<CardAccessSummary> {
    let infos = SecurityInfos::parse_card_access(bytes)?;
    Ok(CardAccessSummary {
        infos: infos.infos().iter().map(summarize).collect(),
    })
}

fn summarize(info: &SecurityInfo) -> SecurityInfoSummary {
    let mut s = SecurityInfoSummary {
        oid: info.oid(),
        kind: "unknown",
        protocol: None,
        version: None,
        parameter_id: None,
        domain: None,
    };
    match info {
        SecurityInfo::Pace(p) => {
            s.kind = "PACEInfo";
            s.protocol = Some(p.protocol.to_string());
            s.version = Some(p.version);
            s.parameter_id = p.parameter_id;
            s.domain = p.standard_domain().map(|d| d.name());
        }
        SecurityInfo::PaceDomainParameters(p) => {
            s.kind = "PACEDomainParameterInfo";
            s.protocol = Some(format!("PACE-{}", p.mapping.name()));
            s.parameter_id = p.parameter_id;
        }
        SecurityInfo::ChipAuthentication(c) => {
            s.kind = "ChipAuthenticationInfo";
            s.protocol = Some(format!(
                "CA-{}-{}",
                key_agreement(c.key_agreement),
                c.cipher.name()
            ));
            s.version = Some(c.version);
            s.parameter_id = c.key_id;
        }
        SecurityInfo::ChipAuthenticationDomainParameters(c) => {
            s.kind = "ChipAuthenticationDomainParameterInfo";
            s.protocol = Some(format!("CA-{}", key_agreement(c.key_agreement)));
            s.parameter_id = c.key_id;
        }
        SecurityInfo::ChipAuthenticationPublicKey(c) => {
            s.kind = "ChipAuthenticationPublicKeyInfo";
            s.protocol = Some(format!("PK-{}", key_agreement(c.key_agreement)));
            s.parameter_id = c.key_id;
        }
        SecurityInfo::TerminalAuthentication(t) => {
            s.kind = "TerminalAuthenticationInfo";
            s.version = Some(t.version);
        }
        SecurityInfo::ActiveAuthentication(a) => {
            s.kind = "ActiveAuthenticationInfo";
            s.protocol = Some(a.signature_algorithm.clone());
            s.version = Some(a.version);
        }
        SecurityInfo::Unknown { .. } => {}
    }
    s
}

fn key_agreement(k: crate::lds::security_infos::KeyAgreement) -> &'static str {
    use crate::lds::security_infos::KeyAgreement;
    match k {
        KeyAgreement::Dh => "DH",
        KeyAgreement::Ecdh => "ECDH",
    }
}
