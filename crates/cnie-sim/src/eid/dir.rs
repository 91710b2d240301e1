//! EF.DIR (ISO/IEC 7816-4 §8.2.1.1): one application template a card
//! application, `61 { 4F AID, 50 label }`.

use cnie::tlv;

use crate::fs::EMRTD_AID;

use super::EID_AID;

/// The label of the eMRTD application in EF.DIR.
pub const EMRTD_LABEL: &str = "ICAO eMRTD";

/// The label of the eID application in EF.DIR.
pub const EID_LABEL: &str = "CNIE eID";

/// An application template: `61 { 4F aid, 50 label }`.
pub fn application_template(aid: &[u8], label: &str) -> Vec<u8> {
    let mut value = tlv::encode(0x4F, aid);
    value.extend(tlv::encode(0x50, label.as_bytes()));
    tlv::encode(0x61, &value)
}

/// EF.DIR of a card with the eMRTD and the eID applications.
pub fn ef_dir() -> Vec<u8> {
    let mut out = application_template(&EMRTD_AID, EMRTD_LABEL);
    out.extend(application_template(&EID_AID, EID_LABEL));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_templates() {
        // Written out by hand from ISO/IEC 7816-4 (61 template, 4F AID, 50 label).
        let emrtd = "6115 4F07A0000002471001 500A4943414F20654D525444";
        let eid = "6118 4F0CA000000063504B43532D3135 5008434E4945206549 44";
        assert_eq!(
            hex::encode_upper(ef_dir()),
            format!("{emrtd}{eid}").replace(' ', "")
        );
    }
}
