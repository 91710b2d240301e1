//! The access key from the command line.

use cnie::keys::{AccessKey, Can, MrzKey};

use crate::args::KeyArgs;
use crate::exit::{Code, Failure, KeyKind};

/// Builds the access key; typing mistakes are reported with hints.
pub fn access_key(args: &KeyArgs) -> Result<(AccessKey, KeyKind), Failure> {
    let bad = |e: &dyn std::fmt::Display| {
        Failure::new(Code::BadInput, format!("invalid access key: {e}"))
    };
    if let Some(text) = &args.mrz {
        let mrz = cnie::mrz::parse(text)
            .map_err(|e| Failure::new(Code::BadInput, format!("invalid MRZ: {e}")))?;
        return Ok((AccessKey::Mrz(mrz.access_key()), KeyKind::Mrz));
    }
    if let Some(can) = &args.can {
        return Ok((
            AccessKey::Can(Can::new(can).map_err(|e| bad(&e))?),
            KeyKind::Can,
        ));
    }
    match (&args.doc, &args.dob, &args.doe) {
        (Some(doc), Some(dob), Some(doe)) => Ok((
            AccessKey::Mrz(MrzKey::new(doc, dob, doe).map_err(|e| bad(&e))?),
            KeyKind::Mrz,
        )),
        _ => Err(Failure::new(
            Code::BadInput,
            "give an access key: --mrz \"LINES\", or --doc N --dob YYMMDD --doe YYMMDD, or --can NNNNNN",
        )),
    }
}
