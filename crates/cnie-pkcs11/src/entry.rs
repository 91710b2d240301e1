//! The Cryptoki entry points this module implements. Each runs under
//! `catch_unwind` (no panic crosses the C boundary) and the module lock (the
//! module is thread-safe: `CKF_OS_LOCKING_OK`).
#![allow(non_snake_case, clippy::missing_safety_doc)]

use std::os::raw::c_void;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;

use cryptoki_sys::*;
use zeroize::Zeroizing;

use crate::function_list::FUNCTION_LIST;
use crate::state::{Module, SignOperation};
use crate::token::Token;

/// The module's state; `None` outside `C_Initialize` … `C_Finalize`.
static STATE: Mutex<Option<Module>> = Mutex::new(None);

/// Length of an ECDSA P-256 signature, r‖s.
const SIGNATURE_LEN: usize = 64;
const MECHANISMS: [CK_MECHANISM_TYPE; 2] = [CKM_ECDSA, CKM_ECDSA_SHA256];

/// Runs `f` on the lock-held state, catching any panic.
fn guard(f: impl FnOnce(&mut Module) -> Result<(), CK_RV>) -> CK_RV {
    let run = || {
        let mut state = STATE.lock().unwrap_or_else(|p| p.into_inner());
        match state.as_mut() {
            None => Err(CKR_CRYPTOKI_NOT_INITIALIZED),
            Some(m) => f(m),
        }
    };
    match catch_unwind(AssertUnwindSafe(run)) {
        Ok(Ok(())) => CKR_OK,
        Ok(Err(rv)) => rv,
        Err(_) => CKR_GENERAL_ERROR,
    }
}

/// Writes `value` through `p`.
unsafe fn put<T>(p: *mut T, value: T) -> Result<(), CK_RV> {
    if p.is_null() {
        return Err(CKR_ARGUMENTS_BAD);
    }
    // SAFETY: non-null, and the caller (a Cryptoki application) passes a valid pointer.
    unsafe { p.write(value) };
    Ok(())
}

/// The bytes at `p` (`len` of them); empty for a null pointer with length 0.
unsafe fn bytes<'a>(p: *const u8, len: CK_ULONG) -> Result<&'a [u8], CK_RV> {
    let len = usize::try_from(len).map_err(|_| CKR_ARGUMENTS_BAD)?;
    if len == 0 {
        return Ok(&[]);
    }
    if p.is_null() {
        return Err(CKR_ARGUMENTS_BAD);
    }
    // SAFETY: non-null; the caller promises `len` readable bytes.
    Ok(unsafe { std::slice::from_raw_parts(p, len) })
}

/// The two-call list convention: a null `list` asks the count; a short one gets
/// `CKR_BUFFER_TOO_SMALL` and the count.
unsafe fn put_list<T: Copy>(items: &[T], list: *mut T, count: *mut CK_ULONG) -> Result<(), CK_RV> {
    if count.is_null() {
        return Err(CKR_ARGUMENTS_BAD);
    }
    let n = items.len() as CK_ULONG;
    // SAFETY: checked non-null above; valid per the caller.
    let room = unsafe { count.read() };
    unsafe { count.write(n) };
    if list.is_null() {
        return Ok(());
    }
    if room < n {
        return Err(CKR_BUFFER_TOO_SMALL);
    }
    // SAFETY: the caller gave room for `room` >= n items.
    unsafe { std::ptr::copy_nonoverlapping(items.as_ptr(), list, items.len()) };
    Ok(())
}

/// `text` padded with blanks to `N` bytes (cut on a character boundary).
fn padded<const N: usize>(text: &str) -> [u8; N] {
    let mut out = [b' '; N];
    let mut end = text.len().min(N);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if let (Some(dst), Some(src)) = (out.get_mut(..end), text.as_bytes().get(..end)) {
        dst.copy_from_slice(src);
    }
    out
}

/// Drops the token when the card is gone or broke the channel, so the next call
/// opens it again.
fn settle<T>(m: &mut Module, slot: CK_SLOT_ID, r: Result<T, CK_RV>) -> Result<T, CK_RV> {
    if let Err(rv) = r
        && matches!(
            rv,
            CKR_DEVICE_ERROR | CKR_DEVICE_REMOVED | CKR_TOKEN_NOT_PRESENT
        )
    {
        m.forget(slot);
    }
    r
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn C_GetFunctionList(pp: *mut *mut CK_FUNCTION_LIST) -> CK_RV {
    match catch_unwind(|| unsafe {
        put(
            pp,
            &FUNCTION_LIST as *const CK_FUNCTION_LIST as *mut CK_FUNCTION_LIST,
        )
    }) {
        Ok(Ok(())) => CKR_OK,
        Ok(Err(rv)) => rv,
        Err(_) => CKR_GENERAL_ERROR,
    }
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn C_Initialize(args: *mut c_void) -> CK_RV {
    let run = || {
        if !args.is_null() {
            // SAFETY: a non-null argument is a CK_C_INITIALIZE_ARGS (PKCS#11 2.40, 5.4).
            let a = unsafe { &*(args as *const CK_C_INITIALIZE_ARGS) };
            if !a.pReserved.is_null() {
                return CKR_ARGUMENTS_BAD;
            }
            let app_locks = a.CreateMutex.is_some()
                || a.DestroyMutex.is_some()
                || a.LockMutex.is_some()
                || a.UnlockMutex.is_some();
            if app_locks && a.flags & CKF_OS_LOCKING_OK == 0 {
                return CKR_CANT_LOCK;
            }
        }
        let mut state = STATE.lock().unwrap_or_else(|p| p.into_inner());
        if state.is_some() {
            return CKR_CRYPTOKI_ALREADY_INITIALIZED;
        }
        *state = Some(Module::default());
        CKR_OK
    };
    catch_unwind(run).unwrap_or(CKR_GENERAL_ERROR)
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn C_Finalize(reserved: *mut c_void) -> CK_RV {
    if !reserved.is_null() {
        return CKR_ARGUMENTS_BAD;
    }
    let run = || {
        let mut state = STATE.lock().unwrap_or_else(|p| p.into_inner());
        // Dropping the tokens resets the cards: no verified PIN outlives the module.
        match state.take() {
            Some(_) => CKR_OK,
            None => CKR_CRYPTOKI_NOT_INITIALIZED,
        }
    };
    catch_unwind(run).unwrap_or(CKR_GENERAL_ERROR)
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn C_GetInfo(info: *mut CK_INFO) -> CK_RV {
    guard(|_| unsafe {
        put(
            info,
            CK_INFO {
                cryptokiVersion: CK_VERSION {
                    major: 2,
                    minor: 40,
                },
                manufacturerID: padded("cnie"),
                flags: 0,
                libraryDescription: padded("CNIE eID PKCS#11 module"),
                libraryVersion: CK_VERSION { major: 0, minor: 1 },
            },
        )
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn C_GetSlotList(
    token_present: CK_BBOOL,
    list: *mut CK_SLOT_ID,
    count: *mut CK_ULONG,
) -> CK_RV {
    guard(|m| {
        let slots: Vec<CK_SLOT_ID> = m
            .scan()
            .into_iter()
            .filter(|(_, _, present)| token_present == CK_FALSE || *present)
            .map(|(slot, _, _)| slot)
            .collect();
        unsafe { put_list(&slots, list, count) }
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn C_GetSlotInfo(slot: CK_SLOT_ID, info: *mut CK_SLOT_INFO) -> CK_RV {
    guard(|m| {
        let seen = m.scan();
        let reader = m.reader(slot).ok_or(CKR_SLOT_ID_INVALID)?.to_string();
        let present = seen.iter().any(|(s, _, p)| *s == slot && *p);
        let mut flags = CKF_REMOVABLE_DEVICE | CKF_HW_SLOT;
        if present {
            flags |= CKF_TOKEN_PRESENT;
        }
        unsafe {
            put(
                info,
                CK_SLOT_INFO {
                    slotDescription: padded(&reader),
                    manufacturerID: padded("PC/SC"),
                    flags,
                    hardwareVersion: CK_VERSION { major: 0, minor: 0 },
                    firmwareVersion: CK_VERSION { major: 0, minor: 0 },
                },
            )
        }
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn C_GetTokenInfo(slot: CK_SLOT_ID, info: *mut CK_TOKEN_INFO) -> CK_RV {
    guard(|m| {
        let seen = m.scan();
        m.reader(slot).ok_or(CKR_SLOT_ID_INVALID)?;
        if !seen.iter().any(|(s, _, p)| *s == slot && *p) {
            return Err(CKR_TOKEN_NOT_PRESENT);
        }
        let sessions = m.sessions.values().filter(|s| s.slot == slot).count() as CK_ULONG;
        let r = m.token(slot).and_then(|t| Ok((t.pin_status()?, t)));
        let (status, token) = match r {
            Ok(x) => x,
            Err(rv) => return settle(m, slot, Err(rv)),
        };
        let (min, max) = token.pin_lengths();
        let flags = CKF_TOKEN_INITIALIZED
            | CKF_LOGIN_REQUIRED
            | CKF_USER_PIN_INITIALIZED
            | CKF_WRITE_PROTECTED
            | Token::pin_flags(status);
        let info_value = CK_TOKEN_INFO {
            label: padded(&token.label),
            manufacturerID: padded("Royaume du Maroc (CNIE)"),
            model: padded("CNIE eID"),
            serialNumber: padded(&token.serial),
            flags,
            ulMaxSessionCount: CK_EFFECTIVELY_INFINITE,
            ulSessionCount: sessions,
            ulMaxRwSessionCount: CK_EFFECTIVELY_INFINITE,
            ulRwSessionCount: 0,
            ulMaxPinLen: max.into(),
            ulMinPinLen: min.into(),
            ulTotalPublicMemory: CK_UNAVAILABLE_INFORMATION,
            ulFreePublicMemory: CK_UNAVAILABLE_INFORMATION,
            ulTotalPrivateMemory: CK_UNAVAILABLE_INFORMATION,
            ulFreePrivateMemory: CK_UNAVAILABLE_INFORMATION,
            hardwareVersion: CK_VERSION { major: 0, minor: 0 },
            firmwareVersion: CK_VERSION { major: 0, minor: 0 },
            utcTime: [b' '; 16],
        };
        unsafe { put(info, info_value) }
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn C_GetMechanismList(
    slot: CK_SLOT_ID,
    list: *mut CK_MECHANISM_TYPE,
    count: *mut CK_ULONG,
) -> CK_RV {
    guard(|m| {
        m.reader(slot).ok_or(CKR_SLOT_ID_INVALID)?;
        unsafe { put_list(&MECHANISMS, list, count) }
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn C_GetMechanismInfo(
    slot: CK_SLOT_ID,
    mechanism: CK_MECHANISM_TYPE,
    info: *mut CK_MECHANISM_INFO,
) -> CK_RV {
    guard(|m| {
        m.reader(slot).ok_or(CKR_SLOT_ID_INVALID)?;
        if !MECHANISMS.contains(&mechanism) {
            return Err(CKR_MECHANISM_INVALID);
        }
        unsafe {
            put(
                info,
                CK_MECHANISM_INFO {
                    ulMinKeySize: 256,
                    ulMaxKeySize: 256,
                    flags: CKF_HW | CKF_SIGN | CKF_EC_F_P | CKF_EC_NAMEDCURVE | CKF_EC_UNCOMPRESS,
                },
            )
        }
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn C_OpenSession(
    slot: CK_SLOT_ID,
    flags: CK_FLAGS,
    _application: *mut c_void,
    _notify: CK_NOTIFY,
    session: *mut CK_SESSION_HANDLE,
) -> CK_RV {
    guard(|m| {
        if flags & CKF_SERIAL_SESSION == 0 {
            return Err(CKR_SESSION_PARALLEL_NOT_SUPPORTED);
        }
        if session.is_null() {
            return Err(CKR_ARGUMENTS_BAD);
        }
        m.reader(slot).ok_or(CKR_SLOT_ID_INVALID)?;
        let r = m.token(slot).map(|_| ());
        settle(m, slot, r)?;
        let handle = m.open_session(slot, flags);
        unsafe { put(session, handle) }
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn C_CloseSession(session: CK_SESSION_HANDLE) -> CK_RV {
    guard(|m| {
        let closed = m
            .sessions
            .remove(&session)
            .ok_or(CKR_SESSION_HANDLE_INVALID)?;
        // The last session of a slot closed: the card is reset (the PIN forgotten).
        if !m.sessions.values().any(|s| s.slot == closed.slot) {
            m.forget(closed.slot);
        }
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn C_CloseAllSessions(slot: CK_SLOT_ID) -> CK_RV {
    guard(|m| {
        m.reader(slot).ok_or(CKR_SLOT_ID_INVALID)?;
        m.forget(slot);
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn C_GetSessionInfo(
    session: CK_SESSION_HANDLE,
    info: *mut CK_SESSION_INFO,
) -> CK_RV {
    guard(|m| {
        let (s, token) = m.session(session)?;
        let rw = s.flags & CKF_RW_SESSION != 0;
        let state = match (token.logged_in, rw) {
            (true, true) => CKS_RW_USER_FUNCTIONS,
            (true, false) => CKS_RO_USER_FUNCTIONS,
            (false, true) => CKS_RW_PUBLIC_SESSION,
            (false, false) => CKS_RO_PUBLIC_SESSION,
        };
        let value = CK_SESSION_INFO {
            slotID: s.slot,
            state,
            flags: s.flags,
            ulDeviceError: 0,
        };
        unsafe { put(info, value) }
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn C_Login(
    session: CK_SESSION_HANDLE,
    user: CK_USER_TYPE,
    pin: *mut CK_UTF8CHAR,
    pin_len: CK_ULONG,
) -> CK_RV {
    guard(|m| {
        let (s, token) = m.session(session)?;
        let slot = s.slot;
        match user {
            CKU_USER => {}
            CKU_SO | CKU_CONTEXT_SPECIFIC => return Err(CKR_USER_TYPE_INVALID),
            _ => return Err(CKR_USER_TYPE_INVALID),
        }
        if token.logged_in {
            return Err(CKR_USER_ALREADY_LOGGED_IN);
        }
        if pin.is_null() {
            // No protected authentication path: the PIN comes from the application.
            return Err(CKR_ARGUMENTS_BAD);
        }
        let raw = unsafe { bytes(pin, pin_len) }?;
        let text = Zeroizing::new(
            std::str::from_utf8(raw)
                .map_err(|_| CKR_PIN_INVALID)?
                .to_string(),
        );
        let r = token.login(&text);
        settle(m, slot, r)
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn C_Logout(session: CK_SESSION_HANDLE) -> CK_RV {
    guard(|m| {
        let (s, token) = m.session(session)?;
        if !token.logged_in {
            return Err(CKR_USER_NOT_LOGGED_IN);
        }
        // Reset the card (the verified PIN is forgotten); the sessions stay and the
        // token is opened again (PACE) on their next call.
        let slot = s.slot;
        m.tokens.remove(&slot);
        for s in m.sessions.values_mut().filter(|s| s.slot == slot) {
            s.sign = None;
        }
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn C_GetAttributeValue(
    session: CK_SESSION_HANDLE,
    object: CK_OBJECT_HANDLE,
    template: *mut CK_ATTRIBUTE,
    count: CK_ULONG,
) -> CK_RV {
    guard(|m| {
        let (_, token) = m.session(session)?;
        let o = token
            .objects
            .iter()
            .find(|o| o.handle == object && (token.logged_in || !o.is_private()))
            .ok_or(CKR_OBJECT_HANDLE_INVALID)?;
        let n = usize::try_from(count).map_err(|_| CKR_ARGUMENTS_BAD)?;
        if n > 0 && template.is_null() {
            return Err(CKR_ARGUMENTS_BAD);
        }
        let entries: &mut [CK_ATTRIBUTE] = if n == 0 {
            &mut []
        } else {
            // SAFETY: the caller gives `count` attributes.
            unsafe { std::slice::from_raw_parts_mut(template, n) }
        };
        let mut rv = CKR_OK;
        for a in entries.iter_mut() {
            if o.is_sensitive(a.type_) {
                a.ulValueLen = CK_UNAVAILABLE_INFORMATION;
                rv = CKR_ATTRIBUTE_SENSITIVE;
                continue;
            }
            let Some(value) = o.attribute(a.type_) else {
                a.ulValueLen = CK_UNAVAILABLE_INFORMATION;
                rv = CKR_ATTRIBUTE_TYPE_INVALID;
                continue;
            };
            let len = value.len() as CK_ULONG;
            if a.pValue.is_null() {
                a.ulValueLen = len;
            } else if a.ulValueLen < len {
                a.ulValueLen = CK_UNAVAILABLE_INFORMATION;
                rv = CKR_BUFFER_TOO_SMALL;
            } else {
                // SAFETY: the caller gave `ulValueLen` >= len bytes at pValue.
                unsafe {
                    std::ptr::copy_nonoverlapping(value.as_ptr(), a.pValue as *mut u8, value.len())
                };
                a.ulValueLen = len;
            }
        }
        if rv == CKR_OK { Ok(()) } else { Err(rv) }
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn C_FindObjectsInit(
    session: CK_SESSION_HANDLE,
    template: *mut CK_ATTRIBUTE,
    count: CK_ULONG,
) -> CK_RV {
    guard(|m| {
        let (s, token) = m.session(session)?;
        if s.found.is_some() {
            return Err(CKR_OPERATION_ACTIVE);
        }
        let n = usize::try_from(count).map_err(|_| CKR_ARGUMENTS_BAD)?;
        if n > 0 && template.is_null() {
            return Err(CKR_ARGUMENTS_BAD);
        }
        let entries: &[CK_ATTRIBUTE] = if n == 0 {
            &[]
        } else {
            // SAFETY: the caller gives `count` attributes.
            unsafe { std::slice::from_raw_parts(template, n) }
        };
        let mut wanted = Vec::with_capacity(n);
        for a in entries {
            let value = unsafe { bytes(a.pValue as *const u8, a.ulValueLen) }?;
            wanted.push((a.type_, value.to_vec()));
        }
        s.found = Some(
            token
                .objects
                .iter()
                .filter(|o| o.matches(&wanted) && (token.logged_in || !o.is_private()))
                .map(|o| o.handle)
                .collect(),
        );
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn C_FindObjects(
    session: CK_SESSION_HANDLE,
    handles: *mut CK_OBJECT_HANDLE,
    max: CK_ULONG,
    count: *mut CK_ULONG,
) -> CK_RV {
    guard(|m| {
        let (s, _) = m.session(session)?;
        let found = s.found.as_mut().ok_or(CKR_OPERATION_NOT_INITIALIZED)?;
        let max = usize::try_from(max).map_err(|_| CKR_ARGUMENTS_BAD)?;
        if (max > 0 && handles.is_null()) || count.is_null() {
            return Err(CKR_ARGUMENTS_BAD);
        }
        let n = max.min(found.len());
        let taken: Vec<CK_OBJECT_HANDLE> = found.drain(..n).collect();
        // SAFETY: the caller gave room for `max` >= n handles.
        unsafe { std::ptr::copy_nonoverlapping(taken.as_ptr(), handles, n) };
        unsafe { put(count, n as CK_ULONG) }
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn C_FindObjectsFinal(session: CK_SESSION_HANDLE) -> CK_RV {
    guard(|m| {
        let (s, _) = m.session(session)?;
        s.found.take().ok_or(CKR_OPERATION_NOT_INITIALIZED)?;
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn C_SignInit(
    session: CK_SESSION_HANDLE,
    mechanism: *mut CK_MECHANISM,
    key: CK_OBJECT_HANDLE,
) -> CK_RV {
    guard(|m| {
        let (s, token) = m.session(session)?;
        if mechanism.is_null() {
            return Err(CKR_ARGUMENTS_BAD);
        }
        // SAFETY: non-null, a CK_MECHANISM from the caller.
        let mechanism = unsafe { (*mechanism).mechanism };
        if !MECHANISMS.contains(&mechanism) {
            return Err(CKR_MECHANISM_INVALID);
        }
        if s.sign.is_some() {
            return Err(CKR_OPERATION_ACTIVE);
        }
        let o = token
            .objects
            .iter()
            .find(|o| o.handle == key)
            .ok_or(CKR_KEY_HANDLE_INVALID)?;
        if o.class != CKO_PRIVATE_KEY {
            return Err(CKR_KEY_TYPE_INCONSISTENT);
        }
        if !token.logged_in {
            return Err(CKR_USER_NOT_LOGGED_IN);
        }
        s.sign = Some(SignOperation {
            role: o.role,
            mechanism,
            data: Zeroizing::new(Vec::new()),
        });
        Ok(())
    })
}

/// The end of a signature: the length asked, a short buffer (the operation stays),
/// or the card's signature (the operation ends, whatever happens).
fn finish_sign(
    m: &mut Module,
    session: CK_SESSION_HANDLE,
    data: Option<&[u8]>,
    signature: *mut CK_BYTE,
    signature_len: *mut CK_ULONG,
) -> Result<(), CK_RV> {
    let (s, token) = m.session(session)?;
    let slot = s.slot;
    if s.sign.is_none() {
        return Err(CKR_OPERATION_NOT_INITIALIZED);
    }
    if signature_len.is_null() {
        return Err(CKR_ARGUMENTS_BAD);
    }
    // SAFETY: checked non-null.
    let room = unsafe { signature_len.read() };
    unsafe { signature_len.write(SIGNATURE_LEN as CK_ULONG) };
    if signature.is_null() {
        return Ok(());
    }
    if room < SIGNATURE_LEN as CK_ULONG {
        return Err(CKR_BUFFER_TOO_SMALL);
    }
    let Some(mut op) = s.sign.take() else {
        return Err(CKR_OPERATION_NOT_INITIALIZED);
    };
    if let Some(data) = data {
        op.data.extend_from_slice(data);
    }
    let r = op.digest().and_then(|digest| token.sign(op.role, &digest));
    let raw = settle(m, slot, r)?;
    // SAFETY: room >= 64 bytes at `signature`.
    unsafe { std::ptr::copy_nonoverlapping(raw.as_ptr(), signature, SIGNATURE_LEN) };
    Ok(())
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn C_Sign(
    session: CK_SESSION_HANDLE,
    data: *mut CK_BYTE,
    data_len: CK_ULONG,
    signature: *mut CK_BYTE,
    signature_len: *mut CK_ULONG,
) -> CK_RV {
    guard(|m| {
        let data = unsafe { bytes(data, data_len) }?;
        finish_sign(m, session, Some(data), signature, signature_len)
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn C_SignUpdate(
    session: CK_SESSION_HANDLE,
    part: *mut CK_BYTE,
    part_len: CK_ULONG,
) -> CK_RV {
    guard(|m| {
        let (s, _) = m.session(session)?;
        let op = s.sign.as_mut().ok_or(CKR_OPERATION_NOT_INITIALIZED)?;
        let part = unsafe { bytes(part, part_len) }?;
        op.data.extend_from_slice(part);
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn C_SignFinal(
    session: CK_SESSION_HANDLE,
    signature: *mut CK_BYTE,
    signature_len: *mut CK_ULONG,
) -> CK_RV {
    guard(|m| finish_sign(m, session, None, signature, signature_len))
}
