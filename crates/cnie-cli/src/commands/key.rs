//! The access key from the command line.

use cnie::keys::{AccessKey, Can, MrzKey};

use crate::args::KeyArgs;
use crate::exit::{Code, Failure};
use cnie::keys::PasswordKind;

/// Builds the access keys (MRZ data and/or CAN); typing mistakes are
/// reported with hints before any card is touched.
pub fn access_keys(args: &KeyArgs) -> Result<(Vec<AccessKey>, PasswordKind), Failure> {
    let bad = |e: &dyn std::fmt::Display| {
        Failure::new(Code::BadInput, t!("error-access-key", detail = e.to_string()))
    };
    let mut keys = Vec::new();
    if let Some(can) = &args.can {
        keys.push(AccessKey::Can(Can::new(can).map_err(|e| bad(&e))?));
    }
    if let Some(text) = &args.mrz {
        let mrz = cnie::mrz::parse(text)
            .map_err(|e| Failure::new(Code::BadInput, t!("error-mrz", detail = e.to_string())))?;
        keys.push(AccessKey::Mrz(mrz.access_key()));
    } else if let (Some(doc), Some(dob), Some(doe)) = (&args.doc, &args.dob, &args.doe) {
        keys.push(AccessKey::Mrz(
            MrzKey::new(doc, dob, doe).map_err(|e| bad(&e))?,
        ));
    }
    match keys.first() {
        None => Err(Failure::new(
            Code::BadInput,
            t!("error-no-access-key"),
        )),
        Some(AccessKey::Can(_)) => Ok((keys, PasswordKind::Can)),
        Some(AccessKey::Mrz(_)) => Ok((keys, PasswordKind::Mrz)),
    }
}
