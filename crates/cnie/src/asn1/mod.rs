//! ASN.1 as eMRTDs use it: a bounded BER reader (EF.SOD and master lists are BER, not
//! DER), CMS `SignedData`, algorithm identifiers, and ASN.1 times.

pub mod algorithm;
pub(crate) mod ber;
pub mod cms;
pub(crate) mod time;
