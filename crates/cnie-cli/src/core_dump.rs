//! Core dumps off for the commands that handle a PIN, a PUK, a CAN, an MRZ or the
//! holder's data: a crash must not leave them in a core file. On Linux,
//! `prctl(PR_SET_DUMPABLE, 0)` (which also keeps other processes of the same user from
//! reading this one's memory through ptrace or `/proc/PID/mem`) and
//! `setrlimit(RLIMIT_CORE, 0)`; on other Unix systems the limit only; elsewhere nothing
//! (see README.md).

use crate::exit::{Code, Failure};

/// Turns core dumps off for the rest of the process. Fails closed: a command that
/// cannot turn them off does not go on.
pub fn disable() -> Result<(), Failure> {
    let failed = |what: &str, e: &dyn std::fmt::Display| {
        Failure::new(
            Code::Failure,
            t!("error-core-dump", what = what, detail = e.to_string()),
        )
    };
    #[cfg(any(target_os = "linux", target_os = "android"))]
    rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable)
        .map_err(|e| failed("prctl PR_SET_DUMPABLE", &e))?;
    #[cfg(unix)]
    rustix::process::setrlimit(
        rustix::process::Resource::Core,
        rustix::process::Rlimit {
            current: Some(0),
            maximum: Some(0),
        },
    )
    .map_err(|e| failed("setrlimit RLIMIT_CORE", &e))?;
    #[cfg(not(unix))]
    let _ = failed;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(unix)]
    fn core_dumps_are_off_afterwards() {
        super::disable().unwrap();
        #[cfg(any(target_os = "linux", target_os = "android"))]
        assert_eq!(
            rustix::process::dumpable_behavior().unwrap(),
            rustix::process::DumpableBehavior::NotDumpable
        );
        let limit = rustix::process::getrlimit(rustix::process::Resource::Core);
        assert_eq!(limit.current, Some(0));
        assert_eq!(limit.maximum, Some(0));
        // Once more: still fine (the commands may call it more than once).
        super::disable().unwrap();
    }
}
