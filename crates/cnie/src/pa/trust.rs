//! The trust store: CSCA certificates (trust anchors, link certificates
//! included) and CRLs, from the built-in Moroccan CSCAs, PEM/DER files,
//! master lists and folders of them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};
use x509_parser::pem::Pem;

use super::cert::Certificate;
use super::crl::Crl;
use super::error::PkiError;
use super::masterlist::MasterList;
use crate::asn1::time::iso8601;

/// Largest trust file read.
const MAX_FILE_LEN: u64 = 64 * 1024 * 1024;
/// Deepest folder nesting followed by [`TrustStore::add_path`].
const MAX_FOLDER_DEPTH: usize = 4;

/// The public CSCA certificates of Morocco (`C=MA, O=Gov, CN=CSCA-MAROC`):
/// roots of 2015, 2018, 2021 and 2023 and the link certificates 2018→2021 and
/// 2021→2023, as published in the ICAO and German master lists.
const BUILTIN_MOROCCO: [(&str, &str); 6] = [
    (
        "MA_CSCA-MAROC_icao_066476b1.pem",
        include_str!("../../trust/MA_CSCA-MAROC_icao_066476b1.pem"),
    ),
    (
        "MA_CSCA-MAROC_icao_57349234.pem",
        include_str!("../../trust/MA_CSCA-MAROC_icao_57349234.pem"),
    ),
    (
        "MA_CSCA-MAROC_icao-bsi_5dce3f15.pem",
        include_str!("../../trust/MA_CSCA-MAROC_icao-bsi_5dce3f15.pem"),
    ),
    (
        "MA_CSCA-MAROC_icao-bsi_43e503d3.pem",
        include_str!("../../trust/MA_CSCA-MAROC_icao-bsi_43e503d3.pem"),
    ),
    (
        "MA_CSCA-MAROC_icao-bsi_732795c5.pem",
        include_str!("../../trust/MA_CSCA-MAROC_icao-bsi_732795c5.pem"),
    ),
    (
        "MA_CSCA-MAROC_icao-bsi_ec18a493.pem",
        include_str!("../../trust/MA_CSCA-MAROC_icao-bsi_ec18a493.pem"),
    ),
];

/// Why trust material could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TrustError {
    /// A file or folder could not be read.
    #[error("{path}: {error}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        error: std::io::Error,
    },
    /// A certificate, a CRL or a master list was not accepted.
    #[error("{origin}: {error}")]
    Pki {
        /// Where the bytes came from.
        origin: String,
        /// Why.
        error: PkiError,
    },
    /// A master list whose signature or signer does not verify (ICAO Doc 9303
    /// part 12 §8), refused unless [`TrustStore::allow_unverified_master_lists`].
    #[error("{origin}: the master list does not verify: {error}")]
    UnverifiedMasterList {
        /// Where the bytes came from.
        origin: String,
        /// Why.
        error: PkiError,
    },
    /// The contents are not certificates, CRLs or a master list.
    #[error("{origin}: {reason}")]
    Malformed {
        /// Where the bytes came from.
        origin: String,
        /// What is wrong.
        reason: String,
    },
}

impl TrustError {
    fn pki(origin: &str, error: PkiError) -> Self {
        TrustError::Pki {
            origin: origin.to_string(),
            error,
        }
    }

    fn malformed(origin: &str, reason: impl Into<String>) -> Self {
        TrustError::Malformed {
            origin: origin.to_string(),
            reason: reason.into(),
        }
    }
}

/// Where an anchor came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorOrigin {
    /// The built-in Moroccan CSCA certificates.
    BuiltIn,
    /// A certificate file (PEM or DER).
    File,
    /// A CSCA master list, verified or (when allowed) not.
    MasterList {
        /// Whether the list verified (`MasterList::verify`).
        verified: bool,
    },
}

/// A trusted CSCA certificate, with where it came from. What is shown of it (names,
/// key identifiers, validity as text) is built when asked for: a master list of
/// several hundred certificates loads without building text nobody reads.
#[derive(Debug, Clone)]
pub struct Anchor {
    origin: AnchorOrigin,
    /// Shared by every anchor of one file or list.
    source: Arc<str>,
    certificate: Certificate,
    /// Whether its own signature verifies with its own key, checked the first time
    /// it ends a chain (once, not per document).
    self_signature: std::sync::OnceLock<bool>,
}

impl Anchor {
    fn new(certificate: Certificate, source: Arc<str>, origin: AnchorOrigin) -> Self {
        Anchor {
            origin,
            source,
            certificate,
            self_signature: std::sync::OnceLock::new(),
        }
    }

    /// Subject distinguished name.
    pub fn subject(&self) -> &str {
        self.certificate.subject()
    }

    /// Subject key identifier (hex), if present.
    pub fn ski(&self) -> Option<String> {
        self.certificate.subject_key_id().map(hex::encode)
    }

    /// Authority key identifier (hex), if present (differs from the SKI for a
    /// link certificate).
    pub fn aki(&self) -> Option<String> {
        self.certificate.authority_key_id().map(hex::encode)
    }

    /// Start of validity (ISO 8601, UTC).
    pub fn not_before(&self) -> String {
        iso8601(self.certificate.not_before())
    }

    /// End of validity (ISO 8601, UTC).
    pub fn not_after(&self) -> String {
        iso8601(self.certificate.not_after())
    }

    /// Where it came from (`builtin:FILE`, a file path, `master list PATH`).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// What kind of source that is.
    pub fn origin(&self) -> AnchorOrigin {
        self.origin
    }

    /// For an anchor from a master list, whether the list verified; `None`
    /// for other anchors.
    pub fn list_verified(&self) -> Option<bool> {
        match self.origin {
            AnchorOrigin::MasterList { verified } => Some(verified),
            AnchorOrigin::BuiltIn | AnchorOrigin::File => None,
        }
    }

    /// The certificate.
    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    /// Whether the certificate's signature verifies with its own public key (for a
    /// self-issued root); computed once and remembered.
    pub fn verifies_itself(&self) -> bool {
        *self.self_signature.get_or_init(|| {
            self.certificate
                .public_key()
                .and_then(|k| self.certificate.verify_signed_by(k))
                .is_ok()
        })
    }
}

/// The anchor positions an index holds for `key`.
fn positions<'a>(index: &'a HashMap<Vec<u8>, Vec<usize>>, key: &[u8]) -> &'a [usize] {
    index.get(key).map_or(&[], Vec::as_slice)
}

/// CSCA certificates and CRLs trusted for passive authentication.
///
/// Anchors are indexed as they are added: by SHA-256 of their DER (a duplicate costs
/// one lookup, not a comparison with every anchor), by subject key identifier and by
/// subject name (the issuer of a certificate is found without scanning the store), so
/// loading `n` certificates takes time linear in `n`.
///
/// A store is `Send + Sync`: build it once and share it (e.g. in an `Arc`) between
/// threads; verifying only reads it. The bindings (`crates/cnie-ffi`) hand one store to
/// reads on several threads. A compile-time assertion below keeps it so.
#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    anchors: Vec<Anchor>,
    /// Anchor positions by SHA-256 of the certificate's DER.
    by_digest: HashMap<[u8; 32], usize>,
    /// Anchor positions by subject key identifier, in insertion order.
    by_key_id: HashMap<Vec<u8>, Vec<usize>>,
    /// Anchor positions by subject name (DER), in insertion order.
    by_subject: HashMap<Vec<u8>, Vec<usize>>,
    crls: Vec<Crl>,
    allow_unverified_master_lists: bool,
    /// DER comparisons made while adding anchors (tests: the load stays linear).
    #[cfg(test)]
    pub(super) der_comparisons: usize,
}

/// `TrustStore` stays shareable between threads: a field that is not `Send + Sync`
/// fails the build here.
const _: () = {
    const fn shareable<T: Send + Sync>() {}
    shareable::<TrustStore>();
};

impl TrustStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// A store holding the built-in Moroccan CSCA certificates.
    pub fn with_builtin() -> Self {
        let mut store = Self::new();
        for (name, pem) in BUILTIN_MOROCCO {
            // The built-in files are fixed at compile time and covered by tests;
            // a failure here would leave the store without that certificate.
            let _ = store.add_pem(pem.as_bytes(), &format!("builtin:{name}"));
        }
        for a in &mut store.anchors {
            a.origin = AnchorOrigin::BuiltIn;
        }
        store
    }

    /// Whether master lists that do not verify are loaded anyway (their anchors
    /// marked unverified) instead of refused with
    /// [`TrustError::UnverifiedMasterList`]. Off by default.
    pub fn allow_unverified_master_lists(&mut self, allow: bool) -> &mut Self {
        self.allow_unverified_master_lists = allow;
        self
    }

    /// The trust anchors.
    pub fn anchors(&self) -> &[Anchor] {
        &self.anchors
    }

    /// The CRLs.
    pub fn crls(&self) -> &[Crl] {
        &self.crls
    }

    /// Number of anchors.
    pub fn len(&self) -> usize {
        self.anchors.len()
    }

    /// Whether there is no anchor.
    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }

    /// Adds one DER certificate; returns 1 if added, 0 if already present.
    pub fn add_der(&mut self, der: &[u8], source: &str) -> Result<usize, TrustError> {
        let cert = Certificate::from_der(der).map_err(|e| TrustError::pki(source, e))?;
        Ok(self.insert(cert, &Arc::from(source), AnchorOrigin::File))
    }

    /// Room for `n` more anchors (a master list's certificates).
    fn reserve(&mut self, n: usize) {
        self.anchors.reserve(n);
        self.by_digest.reserve(n);
        self.by_key_id.reserve(n);
        self.by_subject.reserve(n);
    }

    fn insert(&mut self, cert: Certificate, source: &Arc<str>, origin: AnchorOrigin) -> usize {
        let digest: [u8; 32] = Sha256::digest(cert.der()).into();
        if let Some(&known) = self.by_digest.get(&digest) {
            #[cfg(test)]
            {
                self.der_comparisons += 1;
            }
            if self
                .anchors
                .get(known)
                .is_some_and(|a| a.certificate.der() == cert.der())
            {
                return 0;
            }
        }
        let position = self.anchors.len();
        self.by_digest.entry(digest).or_insert(position);
        if let Some(ski) = cert.subject_key_id() {
            self.by_key_id
                .entry(ski.to_vec())
                .or_default()
                .push(position);
        }
        self.by_subject
            .entry(cert.subject_der().to_vec())
            .or_default()
            .push(position);
        self.anchors
            .push(Anchor::new(cert, Arc::clone(source), origin));
        1
    }

    /// The anchors that may have issued `cert` ([`Certificate::may_be_issued_by`]: the
    /// subject key identifier equal to its authority key identifier, or, without key
    /// identifiers, the subject equal to its issuer), in the order they were added;
    /// found through the indexes, not by a scan of the store.
    pub(crate) fn issuers_of(&self, cert: &Certificate) -> Vec<&Anchor> {
        let named = positions(&self.by_subject, cert.issuer_der());
        let mut found: Vec<usize> = match cert.authority_key_id() {
            Some(aki) => {
                let mut p = positions(&self.by_key_id, aki).to_vec();
                p.extend(named.iter().copied().filter(|&i| {
                    self.anchors
                        .get(i)
                        .is_some_and(|a| a.certificate.subject_key_id().is_none())
                }));
                p
            }
            None => named.to_vec(),
        };
        found.sort_unstable();
        found.dedup();
        found
            .into_iter()
            .filter_map(|i| self.anchors.get(i))
            .collect()
    }

    /// Every anchor whose subject is `cert`'s issuer, whatever its key identifiers, in
    /// the order they were added (the fallback when no anchor has `cert`'s authority
    /// key identifier).
    pub(crate) fn named_issuers_of(&self, cert: &Certificate) -> Vec<&Anchor> {
        positions(&self.by_subject, cert.issuer_der())
            .iter()
            .filter_map(|&i| self.anchors.get(i))
            .collect()
    }

    /// Adds every `CERTIFICATE` (and `X509 CRL`) block of PEM text; returns
    /// how many were added.
    pub fn add_pem(&mut self, pem: &[u8], source: &str) -> Result<usize, TrustError> {
        let mut added = 0;
        let mut blocks = 0;
        for block in Pem::iter_from_buffer(pem) {
            let block = block.map_err(|e| TrustError::malformed(source, format!("PEM: {e}")))?;
            blocks += 1;
            match block.label.as_str() {
                "CERTIFICATE" | "TRUSTED CERTIFICATE" => {
                    added += self.add_der(&block.contents, source)?;
                }
                "X509 CRL" => added += self.add_crl_der(&block.contents, source)?,
                _ => {}
            }
        }
        if blocks == 0 {
            return Err(TrustError::malformed(source, "no PEM block"));
        }
        Ok(added)
    }

    /// Adds the CSCA certificates of a master list; returns how many were new.
    /// The list must verify (`MasterList::verify`), else it is refused with
    /// [`TrustError::UnverifiedMasterList`], unless
    /// [`TrustStore::allow_unverified_master_lists`] was set: its anchors are
    /// then marked unverified. Their source is "master list `source`".
    pub fn add_masterlist(&mut self, bytes: &[u8], source: &str) -> Result<usize, TrustError> {
        let ml = MasterList::parse(bytes).map_err(|e| TrustError::pki(source, e))?;
        self.add_parsed_masterlist(&ml, source)
    }

    /// [`TrustStore::add_masterlist`] of a file's bytes, which are dropped once the list
    /// is decoded (its content is kept apart, shared by its certificates): the file and
    /// the anchors are not in memory together.
    fn add_masterlist_file(&mut self, bytes: Vec<u8>, source: &str) -> Result<usize, TrustError> {
        let ml = MasterList::parse(&bytes).map_err(|e| TrustError::pki(source, e))?;
        drop(bytes);
        self.add_parsed_masterlist(&ml, source)
    }

    fn add_parsed_masterlist(
        &mut self,
        ml: &MasterList,
        source: &str,
    ) -> Result<usize, TrustError> {
        // Each certificate is decoded once: for the list's verification and as an anchor.
        let cscas = ml.decode_certificates();
        let verified = match ml.verify_with(&cscas) {
            Ok(_) => true,
            Err(_) if self.allow_unverified_master_lists => false,
            Err(error) => {
                return Err(TrustError::UnverifiedMasterList {
                    origin: source.to_string(),
                    error,
                });
            }
        };
        let label: Arc<str> = Arc::from(format!("master list {source}"));
        self.reserve(cscas.len());
        let mut added = 0;
        for cert in cscas {
            added += self.insert(cert, &label, AnchorOrigin::MasterList { verified });
        }
        Ok(added)
    }

    /// Adds a DER CRL; returns 1 if added, 0 if already present.
    pub fn add_crl_der(&mut self, der: &[u8], source: &str) -> Result<usize, TrustError> {
        let crl = Crl::from_der(der, source).map_err(|e| TrustError::pki(source, e))?;
        if self.crls.contains(&crl) {
            return Ok(0);
        }
        self.crls.push(crl);
        Ok(1)
    }

    /// Adds a file or a folder: PEM or DER certificates (`.pem`, `.crt`,
    /// `.cer`, `.der`), master lists (`.ml`), CRLs (`.crl`, PEM or DER).
    /// A file is recognised by its content whatever its name; in a folder,
    /// files with other extensions are ignored. Returns how many anchors and
    /// CRLs were added.
    pub fn add_path(&mut self, path: impl AsRef<Path>) -> Result<usize, TrustError> {
        self.add_path_depth(path.as_ref(), 0, true)
    }

    fn add_path_depth(
        &mut self,
        path: &Path,
        depth: usize,
        explicit: bool,
    ) -> Result<usize, TrustError> {
        let io = |error| TrustError::Io {
            path: path.to_path_buf(),
            error,
        };
        let meta = std::fs::metadata(path).map_err(io)?;
        if meta.is_dir() {
            if depth >= MAX_FOLDER_DEPTH {
                return Ok(0);
            }
            let mut entries = std::fs::read_dir(path)
                .map_err(io)?
                .map(|e| e.map(|e| e.path()))
                .collect::<Result<Vec<_>, _>>()
                .map_err(io)?;
            entries.sort();
            let mut added = 0;
            for entry in entries {
                added += self.add_path_depth(&entry, depth + 1, false)?;
            }
            return Ok(added);
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        let known = matches!(ext.as_str(), "pem" | "crt" | "cer" | "der" | "ml" | "crl");
        if !explicit && !known {
            return Ok(0);
        }
        if meta.len() > MAX_FILE_LEN {
            return Err(TrustError::malformed(
                &path.display().to_string(),
                "larger than 64 MiB",
            ));
        }
        let bytes = std::fs::read(path).map_err(io)?;
        let source = path.display().to_string();
        if ext == "ml" && bytes.first() == Some(&0x30) {
            return self.add_masterlist_file(bytes, &source);
        }
        self.add_bytes(&bytes, &source, &ext)
    }

    /// Adds trust material whose kind is guessed from `hint` (an extension:
    /// "ml", "crl", …) and from the bytes themselves.
    pub fn add_bytes(
        &mut self,
        bytes: &[u8],
        source: &str,
        hint: &str,
    ) -> Result<usize, TrustError> {
        // DER (a certificate, a CRL, a master list) starts with a SEQUENCE; anything
        // else is taken as PEM text (which may start with comments): a large DER file
        // is never scanned for PEM markers.
        if bytes.first() != Some(&0x30) {
            return self.add_pem(bytes, source);
        }
        match hint {
            "ml" => self.add_masterlist(bytes, source),
            "crl" => self.add_crl_der(bytes, source),
            _ => {
                if let Ok(cert) = Certificate::from_der(bytes) {
                    return Ok(self.insert(cert, &Arc::from(source), AnchorOrigin::File));
                }
                if let Ok(n) = self.add_crl_der(bytes, source) {
                    return Ok(n);
                }
                self.add_masterlist(bytes, source).map_err(|e| match e {
                    e @ TrustError::UnverifiedMasterList { .. } => e,
                    _ => TrustError::malformed(
                        source,
                        "neither a certificate, a CRL nor a CSCA master list",
                    ),
                })
            }
        }
    }
}
