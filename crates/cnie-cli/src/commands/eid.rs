//! Opening the eID application: connect, PACE with the given key when the
//! profile needs a secure channel, SELECT the application.

use crate::args::Trace;
use cnie::card::Card;
use cnie::eid::{EidSession, Profile};
use cnie::pcsc::PcscTransport;
use cnie::session::ReadOptions;

use super::connect;
use crate::args::EidArgs;
use crate::exit::{self, Code, Failure};
use cnie::keys::PasswordKind;

/// An open card and the profile that describes its eID application.
pub struct Eid {
    /// The card channel (secure messaging on when the profile needs it).
    pub card: Card<PcscTransport>,
    /// The eID profile.
    pub profile: Profile,
    /// The key that opened the channel, for messages.
    pub kind: PasswordKind,
}

impl Eid {
    /// Loads the profile, connects, runs PACE (or BAC) when needed and selects
    /// the eID application.
    pub fn open(args: &EidArgs, trace: Trace) -> Result<Eid, Failure> {
        let profile = load_profile(args)?;
        let have_key = args.key.can.is_some() || args.key.mrz.is_some() || args.key.doc.is_some();
        let keys = if have_key {
            Some(super::key::access_keys(&args.key)?)
        } else if profile.requires_secure_messaging {
            return Err(Failure::new(
                Code::BadInput,
                t!("error-secure-channel-needed"),
            ));
        } else {
            None
        };
        let transport = connect::transport(args.reader.as_deref(), args.wait, args.card_timeout)?;
        let mut card = connect::card(transport, trace);
        let kind = match keys {
            Some((keys, kind)) => {
                cnie::session::open_card(
                    &mut card,
                    &keys,
                    &ReadOptions {
                        require_pace: true,
                        ..ReadOptions::default()
                    },
                    |_| {},
                )
                .map_err(|e| exit::library(&e, kind))?;
                kind
            }
            None => PasswordKind::Can,
        };
        let mut eid = Eid {
            card,
            profile,
            kind,
        };
        eid.session()
            .select()
            .map_err(|e| exit::eid(&e, kind, PasswordKind::Pin))?;
        Ok(eid)
    }

    /// A session on the eID application.
    pub fn session(&mut self) -> EidSession<'_, PcscTransport> {
        EidSession::new(&mut self.card, &self.profile)
    }
}

fn load_profile(args: &EidArgs) -> Result<Profile, Failure> {
    let Some(path) = &args.profile else {
        return Ok(Profile::default_cnie());
    };
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::new(
            Code::Io,
            t!(
                "error-profile-read",
                path = path.display().to_string(),
                detail = e.to_string()
            ),
        )
    })?;
    let parsed = if path.extension().is_some_and(|x| x == "json") {
        Profile::from_json(&text)
    } else {
        Profile::from_toml(&text)
    };
    parsed.map_err(|e| Failure::new(Code::BadInput, format!("{}: {e}", path.display())))
}
