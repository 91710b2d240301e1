//! What every verifying command builds from its arguments: the trust store and the
//! verdict policy.

use cnie::pa::TrustStore;

use cnie::Policy;
use cnie::lds::file::LdsFile;

use std::time::SystemTime;

use cnie::pa::ValidityModel;

use crate::args::{TrustArgs, Validity, VerdictArgs};
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
                t!(
                    "error-master-list-unverified",
                    origin = origin.to_string(),
                    detail = error.to_string()
                ),
            ),
            e => Failure::new(
                Code::Io,
                t!(
                    "error-trust-load",
                    path = path.display().to_string(),
                    detail = e.to_string()
                ),
            ),
        })?;
    }
    Ok(store)
}

/// The verdict policy and the verification time from the command line.
pub fn policy(args: &VerdictArgs) -> Result<(Policy, SystemTime), Failure> {
    let validity = match args.validity {
        Validity::PointInTime => ValidityModel::PointInTime,
        Validity::Now => ValidityModel::Now,
    };
    let at = match &args.at {
        None => SystemTime::now(),
        Some(text) => parse_time(text)
            .ok_or_else(|| Failure::new(Code::Usage, t!("error-at-format", value = text)))?,
    };
    if args.require.is_empty() {
        return Ok((Policy::default().with_validity(validity), at));
    }
    let files = args
        .require
        .iter()
        .map(|name| {
            LdsFile::from_name(name.trim())
                .ok_or_else(|| Failure::new(Code::Usage, t!("error-require-unknown", name = name)))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((Policy::requiring(files).with_validity(validity), at))
}

/// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS[Z]`, UTC.
fn parse_time(text: &str) -> Option<SystemTime> {
    let text = text.trim().trim_end_matches('Z');
    let (date, time) = text.split_once('T').unwrap_or((text, "00:00:00"));
    let num = |s: Option<&str>| s.and_then(|s| s.parse::<i64>().ok());
    let mut d = date.splitn(3, '-');
    let (y, m, day) = (num(d.next())?, num(d.next())?, num(d.next())?);
    let mut t = time.splitn(3, ':');
    let (hh, mm, ss) = (num(t.next())?, num(t.next())?, num(t.next())?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    // Days from the civil date (proleptic Gregorian), H. Hinnant's algorithm.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + hh * 3600 + mm * 60 + ss;
    let secs = u64::try_from(secs).ok()?;
    Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs))
}
