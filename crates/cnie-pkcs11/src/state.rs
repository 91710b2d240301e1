//! The module's state behind one lock: slots (one per PC/SC reader, numbered in the
//! order first seen), open tokens, sessions with their search and signature
//! operations.

use std::collections::HashMap;

use cryptoki_sys::*;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::objects::KeyRole;
use crate::token::Token;

/// A signature in progress.
pub struct SignOperation {
    /// The key's role.
    pub role: KeyRole,
    /// CKM_ECDSA or CKM_ECDSA_SHA256.
    pub mechanism: CK_MECHANISM_TYPE,
    /// The data given to `C_SignUpdate` (or the hash input of `CKM_ECDSA`).
    pub data: Zeroizing<Vec<u8>>,
}

impl SignOperation {
    /// The 32 bytes the card signs: SHA-256 of the data for `CKM_ECDSA_SHA256`;
    /// for `CKM_ECDSA` the caller's hash as ECDSA on P-256 uses it (its leftmost
    /// 256 bits, or a shorter one as a number, zeros on the left).
    pub fn digest(&self) -> Result<[u8; 32], CK_RV> {
        if self.mechanism == CKM_ECDSA_SHA256 {
            return Ok(Sha256::digest(self.data.as_slice()).into());
        }
        let data = self.data.as_slice();
        if data.is_empty() || data.len() > 64 {
            return Err(CKR_DATA_LEN_RANGE);
        }
        let mut out = [0u8; 32];
        let n = data.len().min(32);
        let (tail, head) = (out.len() - n, data.get(..n).unwrap_or_default());
        if let Some(dst) = out.get_mut(tail..) {
            dst.copy_from_slice(head);
        }
        Ok(out)
    }
}

/// One session.
pub struct Session {
    /// Its slot.
    pub slot: CK_SLOT_ID,
    /// CKF_SERIAL_SESSION, maybe CKF_RW_SESSION.
    pub flags: CK_FLAGS,
    /// The handles left of a `C_FindObjectsInit`.
    pub found: Option<Vec<CK_OBJECT_HANDLE>>,
    /// A `C_SignInit` not yet finished.
    pub sign: Option<SignOperation>,
}

/// Everything between `C_Initialize` and `C_Finalize`.
#[derive(Default)]
pub struct Module {
    /// Reader names; the slot ID is the index.
    pub readers: Vec<String>,
    /// Open tokens by slot.
    pub tokens: HashMap<CK_SLOT_ID, Token>,
    /// Sessions by handle.
    pub sessions: HashMap<CK_SESSION_HANDLE, Session>,
    next_session: CK_SESSION_HANDLE,
}

impl Module {
    /// Refreshes the reader list (new readers get the next slot IDs) and returns
    /// (slot, reader name, card present) for the readers PC/SC lists now.
    pub fn scan(&mut self) -> Vec<(CK_SLOT_ID, String, bool)> {
        let Ok(readers) = cnie::pcsc::list_readers() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for r in readers {
            let slot = match self.readers.iter().position(|n| *n == r.name) {
                Some(i) => i,
                None => {
                    self.readers.push(r.name.clone());
                    self.readers.len() - 1
                }
            };
            out.push((slot as CK_SLOT_ID, r.name, r.card_present));
        }
        for (slot, _, present) in &out {
            if !present {
                self.forget(*slot);
            }
        }
        out
    }

    /// The reader of `slot`.
    pub fn reader(&self, slot: CK_SLOT_ID) -> Option<&str> {
        usize::try_from(slot)
            .ok()
            .and_then(|i| self.readers.get(i))
            .map(String::as_str)
    }

    /// Drops the token of `slot` (the card is reset: no verified PIN outlives it)
    /// and its sessions.
    pub fn forget(&mut self, slot: CK_SLOT_ID) {
        self.tokens.remove(&slot);
        self.sessions.retain(|_, s| s.slot != slot);
    }

    /// The open token of `slot`, opened now if needed.
    pub fn token(&mut self, slot: CK_SLOT_ID) -> Result<&mut Token, CK_RV> {
        if !self.tokens.contains_key(&slot) {
            let reader = self.reader(slot).ok_or(CKR_SLOT_ID_INVALID)?.to_string();
            let token = Token::open(&reader)?;
            self.tokens.insert(slot, token);
        }
        self.tokens.get_mut(&slot).ok_or(CKR_GENERAL_ERROR)
    }

    /// A new session on `slot`.
    pub fn open_session(&mut self, slot: CK_SLOT_ID, flags: CK_FLAGS) -> CK_SESSION_HANDLE {
        self.next_session += 1;
        let handle = self.next_session;
        self.sessions.insert(
            handle,
            Session {
                slot,
                flags,
                found: None,
                sign: None,
            },
        );
        handle
    }

    /// The session and its token.
    pub fn session(
        &mut self,
        handle: CK_SESSION_HANDLE,
    ) -> Result<(&mut Session, &mut Token), CK_RV> {
        let session = self
            .sessions
            .get_mut(&handle)
            .ok_or(CKR_SESSION_HANDLE_INVALID)?;
        let token = self
            .tokens
            .get_mut(&session.slot)
            .ok_or(CKR_SESSION_HANDLE_INVALID)?;
        Ok((session, token))
    }
}
