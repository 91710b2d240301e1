//! Reading a document through a [`CardTransport`]: access keys, options, progress,
//! cancellation, and the result (verdict, holder's data, raw files, evidence).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::SystemTime;

use cnie::keys::{AccessKey, Can, MrzKey};
use cnie::lds::file::LdsFile;
use cnie::pa::HashCheck;
use cnie::session::{LengthPreference, Progress};
use zeroize::Zeroizing;

use crate::cancel::CancelToken;
use crate::data::{AdditionalDetails, DocumentDetails, FaceImage};
use crate::error::{CnieError, guard};
use crate::mrz::Mrz;
use crate::transport::{Adapter, CardTransport};
use crate::trust::TrustStore;
use crate::verdict::{Verdict, VerifyPolicy, store_or_builtin};

/// The access keys: the CAN (6 digits on the front), and/or the MRZ (its lines, or
/// the three fields). With both, a PACE failure other than a refused password is
/// retried once with the other, then BAC.
#[derive(Clone, Default, uniffi::Record)]
pub struct AccessKeys {
    /// The card access number.
    #[uniffi(default = None)]
    pub can: Option<String>,
    /// The MRZ lines (TD1, TD2 or TD3).
    #[uniffi(default = None)]
    pub mrz: Option<String>,
    /// The document number, when the MRZ lines are not given.
    #[uniffi(default = None)]
    pub document_number: Option<String>,
    /// The date of birth, YYMMDD.
    #[uniffi(default = None)]
    pub date_of_birth: Option<String>,
    /// The date of expiry, YYMMDD.
    #[uniffi(default = None)]
    pub date_of_expiry: Option<String>,
}

impl std::fmt::Debug for AccessKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AccessKeys(redacted)")
    }
}

impl AccessKeys {
    /// The library's keys (zeroized on drop), CAN first; typing mistakes are reported
    /// before any card is touched. The strings given are wiped.
    pub(crate) fn into_keys(mut self) -> Result<Vec<AccessKey>, CnieError> {
        let keys = self.to_keys();
        use zeroize::Zeroize;
        for field in [
            &mut self.can,
            &mut self.mrz,
            &mut self.document_number,
            &mut self.date_of_birth,
            &mut self.date_of_expiry,
        ] {
            field.zeroize();
        }
        keys
    }

    fn to_keys(&self) -> Result<Vec<AccessKey>, CnieError> {
        let bad =
            |e: &dyn std::fmt::Display| CnieError::invalid(format!("invalid access key: {e}"));
        let mut keys = Vec::new();
        if let Some(can) = &self.can {
            keys.push(AccessKey::Can(Can::new(can).map_err(|e| bad(&e))?));
        }
        if let Some(text) = &self.mrz {
            let text = Zeroizing::new(text.clone());
            keys.push(AccessKey::Mrz(cnie::mrz::parse(&text)?.access_key()));
        } else if let (Some(doc), Some(dob), Some(doe)) = (
            &self.document_number,
            &self.date_of_birth,
            &self.date_of_expiry,
        ) {
            keys.push(AccessKey::Mrz(
                MrzKey::new(doc, dob, doe).map_err(|e| bad(&e))?,
            ));
        }
        if keys.is_empty() {
            return Err(CnieError::invalid(
                "give an access key: the CAN, or the MRZ (its lines, or document number, date of birth and date of expiry)",
            ));
        }
        Ok(keys)
    }
}

/// Which APDU length fields to use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, uniffi::Enum)]
pub enum LengthMode {
    /// Extended length when the card announces it (or takes it when it says nothing).
    #[default]
    Auto,
    /// Short APDUs only (readers that cannot carry extended ones).
    Short,
    /// Extended length whatever the card announces.
    Extended,
}

/// Options of a read.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct ReadOptions {
    /// APDU length fields (`Auto` when not given).
    #[uniffi(default = None)]
    pub length: Option<LengthMode>,
    /// Refuse BAC when the card offers PACE.
    #[uniffi(default = false)]
    pub require_pace: bool,
    /// The Active Authentication challenge (8 bytes) a backend chose, so that the
    /// chip's answer is bound to its session.
    #[uniffi(default = None)]
    pub challenge: Option<Vec<u8>>,
}

impl ReadOptions {
    fn to_options(&self) -> Result<cnie::session::ReadOptions, CnieError> {
        let challenge = match &self.challenge {
            None => None,
            Some(c) => Some(<[u8; 8]>::try_from(c.as_slice()).map_err(|_| {
                CnieError::invalid("the Active Authentication challenge has 8 bytes")
            })?),
        };
        Ok(cnie::session::ReadOptions {
            length: match self.length.unwrap_or_default() {
                LengthMode::Auto => LengthPreference::Auto,
                LengthMode::Short => LengthPreference::Short,
                LengthMode::Extended => LengthPreference::Extended,
            },
            require_pace: self.require_pace,
            challenge,
            ..cnie::session::ReadOptions::default()
        })
    }
}

/// What a read reports while it works.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ProgressEvent {
    /// "access_control", "file" or "skipped".
    pub stage: String,
    /// The access-control protocol ("PACE" or "BAC"), for `access_control`.
    pub protocol: Option<String>,
    /// The file ("DG2", …), for `file` and `skipped`.
    pub file: Option<String>,
    /// Bytes of the file read so far.
    pub bytes_read: u64,
    /// The file's size.
    pub total: u64,
}

impl From<Progress> for ProgressEvent {
    fn from(p: Progress) -> Self {
        let n = |x: usize| u64::try_from(x).unwrap_or(u64::MAX);
        match p {
            Progress::AccessControl(protocol) => ProgressEvent {
                stage: "access_control".into(),
                protocol: Some(format!("{protocol:?}").to_uppercase()),
                file: None,
                bytes_read: 0,
                total: 0,
            },
            Progress::File { file, read, total } => ProgressEvent {
                stage: "file".into(),
                protocol: None,
                file: Some(file.name().into()),
                bytes_read: n(read),
                total: n(total),
            },
            Progress::Skipped(file) => ProgressEvent {
                stage: "skipped".into(),
                protocol: None,
                file: Some(file.name().into()),
                bytes_read: 0,
                total: 0,
            },
        }
    }
}

/// Receives progress events, on the thread running the read (keep it short; a
/// [`CancelToken`] may be cancelled from here).
#[uniffi::export(with_foreign)]
pub trait ProgressListener: Send + Sync {
    /// One event.
    fn on_progress(&self, event: ProgressEvent);
}

/// Reads a document: access control (PACE with the CAN or the MRZ, else BAC), every
/// file EF.COM lists, Chip and Active Authentication, then the verdict against
/// `trust` (the built-in Moroccan CSCAs when not given) now, under `policy`.
///
/// Blocking: call it off the UI thread. `cancel` stops it from another thread at the
/// next APDU (`CnieError::Cancelled`). When it returns, successful or not, the
/// transport is closed (`CardTransport::close`) and the keys are wiped.
#[uniffi::export(default(options = None, trust = None, policy = None, progress = None, cancel = None))]
pub fn read(
    transport: Arc<dyn CardTransport>,
    keys: AccessKeys,
    options: Option<ReadOptions>,
    trust: Option<Arc<TrustStore>>,
    policy: Option<VerifyPolicy>,
    progress: Option<Arc<dyn ProgressListener>>,
    cancel: Option<Arc<CancelToken>>,
) -> Result<Arc<ReadResult>, CnieError> {
    let closer = Arc::clone(&transport);
    let outcome = guard(|| {
        let keys = keys.into_keys()?;
        let options = options.unwrap_or_default().to_options()?;
        let policy = policy.unwrap_or_default().to_policy()?;
        if cancel.as_ref().is_some_and(|c| c.is_cancelled()) {
            return Err(CnieError::cancelled());
        }
        let adapter = Adapter::new(transport, cancel.clone());
        let read = cnie::session::read_document_with(adapter, &keys, &options, |p| {
            if let Some(listener) = &progress {
                listener.on_progress(p.into());
            }
        });
        drop(keys);
        let document = match read {
            Err(_) if cancel.as_ref().is_some_and(|c| c.is_cancelled()) => {
                return Err(CnieError::cancelled());
            }
            other => other?,
        };
        let at = SystemTime::now();
        let trust = store_or_builtin(trust);
        let verdict = document.verify(&trust.read(), &policy, at);
        Ok(Arc::new(ReadResult {
            document,
            verdict,
            read_at: at,
        }))
    });
    closer.close();
    outcome
}

/// A document read from a card: the verdict, the holder's data from the files EF.SOD
/// authenticates, the raw files.
#[derive(Debug, uniffi::Object)]
pub struct ReadResult {
    pub(crate) document: cnie::Document,
    verdict: cnie::Verdict,
    pub(crate) read_at: SystemTime,
}

impl ReadResult {
    /// The bytes of `n`'s data group when EF.SOD lists it with a matching hash.
    fn intact(&self, n: u8) -> Option<&Vec<u8>> {
        LdsFile::dg(n)
            .filter(|f| {
                self.verdict.passive_authentication.data_group_hashes.get(f)
                    == Some(&HashCheck::Match)
            })
            .and_then(|f| self.document.files.get(&f))
    }
}

#[uniffi::export]
impl ReadResult {
    /// The verdict made when the card was read.
    pub fn verdict(&self) -> Verdict {
        Verdict::from(&self.verdict)
    }

    /// The verdict again, against another trust store, policy or time.
    #[uniffi::method(default(policy = None, at = None))]
    pub fn verify(
        &self,
        trust: Arc<TrustStore>,
        policy: Option<VerifyPolicy>,
        at: Option<SystemTime>,
    ) -> Result<Verdict, CnieError> {
        guard(|| {
            let policy = policy.unwrap_or_default().to_policy()?;
            let verdict =
                self.document
                    .verify(&trust.read(), &policy, at.unwrap_or_else(SystemTime::now));
            Ok(Verdict::from(&verdict))
        })
    }

    /// The MRZ from DG1 (only when DG1 is intact).
    pub fn mrz(&self) -> Option<Mrz> {
        let bytes = self.intact(1)?;
        cnie::lds::Dg1::parse(bytes)
            .and_then(|d| d.into_mrz())
            .ok()
            .map(Mrz::from)
    }

    /// The face image from DG2 (only when DG2 is intact).
    pub fn face(&self) -> Option<FaceImage> {
        let bytes = self.intact(2)?;
        cnie::lds::dg2::parse(bytes)
            .ok()?
            .into_iter()
            .next()
            .map(FaceImage::from)
    }

    /// DG11's additional personal details (only when DG11 is intact).
    pub fn additional_details(&self) -> Option<AdditionalDetails> {
        let bytes = self.intact(11)?;
        cnie::lds::Dg11::parse(bytes)
            .ok()
            .map(AdditionalDetails::from)
    }

    /// DG12's additional document details (only when DG12 is intact).
    pub fn document_details(&self) -> Option<DocumentDetails> {
        let bytes = self.intact(12)?;
        cnie::lds::Dg12::parse(bytes)
            .ok()
            .map(DocumentDetails::from)
    }

    /// Every file read, raw, by name ("EF.COM", "EF.SOD", "DG1", …).
    pub fn files(&self) -> HashMap<String, Vec<u8>> {
        self.document
            .files
            .iter()
            .map(|(f, b)| (f.name().to_string(), b.clone()))
            .collect()
    }

    /// "PACE" or "BAC", and the password ("CAN", "MRZ").
    pub fn access_protocol(&self) -> Option<String> {
        self.document
            .access
            .map(|a| format!("{:?}", a.protocol).to_uppercase())
    }

    /// Whether the card offers PACE but was read with BAC.
    pub fn downgraded(&self) -> bool {
        self.document.access.is_some_and(|a| a.downgraded)
    }

    /// What happened on the way (e.g. why PACE gave way to BAC).
    pub fn notes(&self) -> Vec<String> {
        self.document.notes.clone()
    }

    /// The APDUs exchanged.
    pub fn apdu_count(&self) -> u64 {
        self.document.stats.apdus
    }

    /// When the card was read.
    pub fn read_at(&self) -> SystemTime {
        self.read_at
    }

    /// The evidence bundle of this read: every file, the access protocol, the Active
    /// Authentication exchange, the versions and the time, one self-contained file that
    /// `verify_evidence` re-checks offline.
    pub fn evidence(&self) -> Result<Vec<u8>, CnieError> {
        guard(|| crate::evidence::bundle(self))
    }

    /// The face as PNG (JPEG 2000 and JPEG decoded in pure Rust, within the library's
    /// default size limits), only when DG2 is intact.
    pub fn face_png(&self) -> Result<Vec<u8>, CnieError> {
        guard(|| {
            let bytes = self.intact(2).ok_or_else(|| CnieError::Unsupported {
                detail: "no intact face image was read".into(),
            })?;
            let faces = cnie::lds::dg2::parse(bytes).map_err(CnieError::from)?;
            let face = faces.first().ok_or_else(|| CnieError::Unsupported {
                detail: "DG2 holds no face image".into(),
            })?;
            face.to_png(&cnie::lds::photo::Limits::default())
                .map(|photo| photo.png)
                .map_err(|e| CnieError::Unsupported {
                    detail: format!("the face image cannot be decoded: {e}"),
                })
        })
    }
}
