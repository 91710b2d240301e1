//! Trust stores: the CSCA certificates (and CRLs) a verdict trusts.
//!
//! [`cnie::TrustStore`] is `Send + Sync`; this object wraps it in a `RwLock` so that
//! one store, built once, serves reads and verifications on any number of threads
//! while anchors can still be added.

use std::path::Path;
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard};

use crate::error::{CnieError, guard};

/// CSCA certificates, master lists and CRLs trusted for passive authentication.
#[derive(Debug, uniffi::Object)]
pub struct TrustStore {
    inner: RwLock<cnie::TrustStore>,
}

impl TrustStore {
    /// The library's store, for reading.
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, cnie::TrustStore> {
        self.inner.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn add(
        &self,
        f: impl FnOnce(&mut cnie::TrustStore) -> Result<usize, cnie::pa::TrustError>,
    ) -> Result<u32, CnieError> {
        guard(|| {
            let mut store = self.inner.write().unwrap_or_else(PoisonError::into_inner);
            let added = f(&mut store)?;
            Ok(count(added))
        })
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[uniffi::export]
impl TrustStore {
    /// A store with the built-in Moroccan CSCA certificates (`builtin`), or empty.
    #[uniffi::constructor]
    pub fn new(builtin: bool) -> Arc<Self> {
        let inner = if builtin {
            cnie::TrustStore::with_builtin()
        } else {
            cnie::TrustStore::new()
        };
        Arc::new(TrustStore {
            inner: RwLock::new(inner),
        })
    }

    /// A store from certificate files (PEM or DER), folders of them, CSCA master lists
    /// (`.ml`, accepted only when their signature verifies) and CRLs, on top of the
    /// built-in anchors when `builtin`.
    #[uniffi::constructor]
    pub fn from_paths(paths: Vec<String>, builtin: bool) -> Result<Arc<Self>, CnieError> {
        let store = TrustStore::new(builtin);
        for path in &paths {
            store.add_path(path.clone())?;
        }
        Ok(store)
    }

    /// Adds a certificate file, a folder, a master list or a CRL; returns how many
    /// anchors and CRLs were added.
    pub fn add_path(&self, path: String) -> Result<u32, CnieError> {
        self.add(|s| s.add_path(Path::new(&path)))
    }

    /// Adds certificates (PEM, one or more, or one DER), a master list or a CRL from
    /// bytes; `source` names them in errors.
    pub fn add_bytes(&self, bytes: Vec<u8>, source: String) -> Result<u32, CnieError> {
        self.add(|s| s.add_bytes(&bytes, &source, ""))
    }

    /// Adds a CSCA master list (verified against its own CSCA unless unverified lists
    /// are allowed).
    pub fn add_master_list(&self, bytes: Vec<u8>, source: String) -> Result<u32, CnieError> {
        self.add(|s| s.add_masterlist(&bytes, &source))
    }

    /// Whether master lists that do not verify are loaded anyway (off by default).
    pub fn allow_unverified_master_lists(&self, allow: bool) {
        self.inner
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .allow_unverified_master_lists(allow);
    }

    /// Number of trust anchors.
    pub fn anchor_count(&self) -> u32 {
        count(self.read().len())
    }

    /// The anchors' subjects.
    pub fn anchor_subjects(&self) -> Vec<String> {
        self.read()
            .anchors()
            .iter()
            .map(|a| a.subject().to_string())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The store is shared between threads as the bindings share it.
    #[test]
    fn one_store_serves_several_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<TrustStore>();
        let store = TrustStore::new(true);
        let builtin = store.anchor_count();
        assert!(builtin > 0);
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let store = Arc::clone(&store);
                std::thread::spawn(move || store.anchor_count())
            })
            .collect();
        for t in threads {
            assert_eq!(t.join().ok(), Some(builtin));
        }
        let missing = store.add_path("/nonexistent/csca.pem".into());
        assert!(matches!(missing, Err(CnieError::Io { .. })), "{missing:?}");
    }
}
