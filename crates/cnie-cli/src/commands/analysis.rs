//! What every verifying command builds from its arguments: the trust store and the
//! verdict policy.

use cnie::pa::TrustStore;

use cnie::Policy;
use cnie::lds::file::LdsFile;

use crate::args::{TrustArgs, VerdictArgs};
use crate::exit::{Code, Failure};

/// Builds the trust store from the command line.
pub fn trust_store(args: &TrustArgs) -> Result<TrustStore, Failure> {
    let mut store = if args.no_default_trust {
        TrustStore::new()
    } else {
        TrustStore::with_builtin()
    };
    store.allow_unverified_master_lists(args.trust_unverified_list);
    for path in args.trust.iter().chain(&args.crl) {
        store.add_path(path).map_err(|e| match e {
            cnie::pa::TrustError::UnverifiedMasterList { origin, error } => Failure::new(
                Code::Io,
                format!(
                    "master list {origin} does not verify ({error}): refused; \
                     --trust-unverified-list loads it anyway"
                ),
            ),
            e => Failure::new(
                Code::Io,
                format!("cannot load trust anchors from {}: {e}", path.display()),
            ),
        })?;
    }
    Ok(store)
}

/// The verdict policy from the command line.
pub fn policy(args: &VerdictArgs) -> Result<Policy, Failure> {
    if args.require.is_empty() {
        return Ok(Policy::default());
    }
    let files = args
        .require
        .iter()
        .map(|name| {
            LdsFile::from_name(name.trim()).ok_or_else(|| {
                Failure::new(
                    Code::Usage,
                    format!("--require: unknown file \"{name}\" (use EF.COM, EF.SOD, DG1 … DG16)"),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Policy::requiring(files))
}
