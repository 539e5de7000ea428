//! Every local WinSNMP 2.0 function, one to one, as safe Rust over the one process-wide
//! runtime. The C ABI wraps these functions without adding behaviour.
//!
//! Conventions:
//! - `SnmpXxx` is `snmp_xxx`; a handle-returning or `SNMPAPI_STATUS` function returns
//!   `Result<_, SnmpApiError>`, and every `Err` has already been recorded as the last error
//!   (application-wide, and for the session concerned: Appendix E 2), so
//!   [`snmp_get_last_error`] reports it.
//! - An optional C output pointer is a `bool` (or a field of a flags struct): `false`
//!   models NULL. All outputs absent gives `SNMPAPI_NOOP` (Appendix E 5).
//! - An optional C input handle is an `Option`; a required one is the handle type, built
//!   from any C value with `from_raw` (0 included: it is then rejected with the kind's
//!   `*_INVALID` code).
//! - Descriptors the C API allocates (`smiOID`, `smiOCTETS`) are returned as owned `Vec`s;
//!   the C layer keeps the registry `SnmpFreeDescriptor` needs.
//!
//! ```
//! use winsnmp::api::*;
//! use winsnmp::engine::{PduFields, SnmpApiError, consts::*};
//!
//! snmp_startup().unwrap();
//! let s = snmp_create_session(0, 0, Some(notify(|_| SNMPAPI_SUCCESS))).unwrap();
//! let oid = snmp_str_to_oid(b"1.3.6.1.2.1.1.1.0", true).unwrap();
//! let vbl = snmp_create_vbl(s, Some(&oid), None).unwrap();
//! let pdu = snmp_create_pdu(s, SNMP_PDU_GET, 0, 0, 0, Some(vbl)).unwrap();
//! let info = snmp_get_pdu_data(pdu, PduFields::SCALARS).unwrap();
//! assert_eq!(info.pdu_type, SNMP_PDU_GET);
//! assert_ne!(info.request_id, 0);
//! snmp_close(s).unwrap();
//! assert_eq!(snmp_free_pdu(pdu), Err(SnmpApiError::PduInvalid));
//! assert_eq!(snmp_get_last_error(None), SnmpApiError::PduInvalid as u32);
//! snmp_cleanup().unwrap();
//! ```

use std::cmp::Ordering;
use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex, MutexGuard, PoisonError};

use winsnmp_engine::{
    Counts, DecodeOutputs, DecodedHandles, Engine, HContext, HEntity, HPdu, HSession, HVbl, Limits,
    PduFields, PduInfo, RawHandle, SmiOid, SmiValue, SnmpApiError, StartupInfo, VarBindEntry,
    VendorInfo,
};

use crate::host::{PATH_OVERRIDE, StdHost};

type R<T> = Result<T, SnmpApiError>;

/// What a session's callback receives: `SNMPAPI_CALLBACK`'s arguments but the client
/// data, which a C caller captures in the closure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notification {
    /// The session notified.
    pub session: HSession,
    /// `hWnd` as given at creation (passed through, meaningless here).
    pub hwnd: usize,
    /// `wMsg` as given at creation.
    pub wmsg: u32,
    /// 0: a message is waiting for `SnmpRecvMsg`; otherwise an `SNMPAPI_*` event code.
    pub wparam: u32,
    /// The request id concerned.
    pub lparam: i32,
}

/// A session callback: returns `SNMPAPI_SUCCESS`, anything else closes the session.
pub type Callback = Arc<dyn Fn(Notification) -> u32 + Send + Sync>;

/// Wraps a closure as a [`Callback`].
pub fn notify(f: impl Fn(Notification) -> u32 + Send + Sync + 'static) -> Callback {
    Arc::new(f)
}

/// What the runtime stores per session: the callback and the `hWnd`/`wMsg` it echoes.
#[derive(Clone)]
pub struct SessionNotify {
    /// The callback.
    pub callback: Callback,
    /// `hWnd` given at creation.
    pub hwnd: usize,
    /// `wMsg` given at creation.
    pub wmsg: u32,
}

impl fmt::Debug for SessionNotify {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionNotify")
            .field("hwnd", &self.hwnd)
            .field("wmsg", &self.wmsg)
            .finish_non_exhaustive()
    }
}

static RUNTIME: LazyLock<Mutex<Engine<SessionNotify>>> =
    LazyLock::new(|| Mutex::new(Engine::with_host(Limits::default(), Box::new(StdHost))));

fn engine() -> MutexGuard<'static, Engine<SessionNotify>> {
    RUNTIME.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs `f` on the process-wide engine, holding its lock. Whatever `f` returns is dropped
/// by the caller after the lock is released.
pub fn with_engine<T>(f: impl FnOnce(&mut Engine<SessionNotify>) -> T) -> T {
    f(&mut engine())
}

// ------------------------------------------------------------------ extensions

/// Changes the runtime's resource limits (not a WinSNMP function). Live objects stay.
pub fn set_limits(limits: Limits) {
    engine().set_limits(limits);
}

/// The runtime's resource limits.
pub fn limits() -> Limits {
    engine().limits()
}

/// Live object counts of the runtime (not a WinSNMP function; for leak checks).
pub fn counts() -> Counts {
    engine().counts()
}

/// Uses `path` as the entity database instead of the environment lookup (`None` restores
/// the lookup). Takes effect at the next startup or `snmp_set_translate_mode`.
pub fn set_database_path(path: Option<PathBuf>) {
    *PATH_OVERRIDE.lock().unwrap_or_else(PoisonError::into_inner) = path;
}

/// Records an error detected above the engine (e.g. by the C descriptor registry) as the
/// last error of the call about `handles`.
pub fn record_error(error: SnmpApiError, handles: &[RawHandle]) {
    engine().record_error(error, handles);
}

// ------------------------------------------------------------------ runtime

/// `SnmpStartup`: version 2.0, level `SNMPAPI_V2_SUPPORT`, the current modes. Repeated
/// calls succeed and need no extra cleanup.
///
/// # Errors
/// `SNMPAPI_OTHER_ERROR` (never in practice).
pub fn snmp_startup() -> R<StartupInfo> {
    engine().startup(false)
}

/// `SnmpStartupEx`: as [`snmp_startup`], counted: one [`snmp_cleanup_ex`] per success.
///
/// # Errors
/// `SNMPAPI_OTHER_ERROR` when the count would overflow.
pub fn snmp_startup_ex() -> R<StartupInfo> {
    engine().startup(true)
}

/// `SnmpCleanup`: clears the `SnmpStartup` flag; tears everything down when no
/// `SnmpStartupEx` remains.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`.
pub fn snmp_cleanup() -> R<()> {
    let callbacks = engine().cleanup(false);
    callbacks.map(drop)
}

/// `SnmpCleanupEx`: decrements the `SnmpStartupEx` count; tears down at zero when no
/// `SnmpStartup` is outstanding.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`; `SNMPAPI_OTHER_ERROR` with no `SnmpStartupEx` outstanding.
pub fn snmp_cleanup_ex() -> R<()> {
    let callbacks = engine().cleanup(true);
    callbacks.map(drop)
}

/// `SnmpGetLastError`: the session's last error, or the application-wide one for `None`
/// or a session that is not open; `SNMPAPI_SUCCESS` (1) before any error. Works at any
/// time, before startup included.
pub fn snmp_get_last_error(session: Option<HSession>) -> u32 {
    engine().last_error(session)
}

/// `SnmpGetVendorInfo`; `output == false` models a NULL `vendorInfo`.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_NOOP`.
pub fn snmp_get_vendor_info(output: bool) -> R<VendorInfo> {
    engine().get_vendor_info(output)
}

// ------------------------------------------------------------------ local database

/// `SnmpGetTranslateMode`.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_NOOP` (`output == false`).
pub fn snmp_get_translate_mode(output: bool) -> R<u32> {
    engine().get_translate_mode(output)
}

/// `SnmpSetTranslateMode`; also rereads the entity database.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_MODE_INVALID`.
pub fn snmp_set_translate_mode(mode: u32) -> R<()> {
    engine().set_translate_mode(mode)
}

/// `SnmpGetRetransmitMode`.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_NOOP` (`output == false`).
pub fn snmp_get_retransmit_mode(output: bool) -> R<u32> {
    engine().get_retransmit_mode(output)
}

/// `SnmpSetRetransmitMode`.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_MODE_INVALID`.
pub fn snmp_set_retransmit_mode(mode: u32) -> R<()> {
    engine().set_retransmit_mode(mode)
}

/// `SnmpGetTimeout`: `(policy, actual)` in hundredths of a second; `outputs` = which of
/// the two pointers were given.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_NOOP`.
pub fn snmp_get_timeout(entity: HEntity, outputs: (bool, bool)) -> R<(u32, u32)> {
    engine().get_timeout(entity, outputs)
}

/// `SnmpSetTimeout`; 0 restores the entity's default.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`.
pub fn snmp_set_timeout(entity: HEntity, timeout: u32) -> R<()> {
    engine().set_timeout(entity, timeout)
}

/// `SnmpGetRetry`: `(policy, actual)`.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_NOOP`.
pub fn snmp_get_retry(entity: HEntity, outputs: (bool, bool)) -> R<(u32, u32)> {
    engine().get_retry(entity, outputs)
}

/// `SnmpSetRetry`; 0 restores the entity's default.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`.
pub fn snmp_set_retry(entity: HEntity, retry: u32) -> R<()> {
    engine().set_retry(entity, retry)
}

// ------------------------------------------------------------------ sessions

/// `SnmpCreateSession`: with a callback; `None` (window mode) is refused.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_HWND_INVALID`, `SNMPAPI_OPERATION_INVALID`,
/// `SNMPAPI_ALLOC_ERROR` (session limit).
pub fn snmp_create_session(hwnd: usize, wmsg: u32, callback: Option<Callback>) -> R<HSession> {
    let target = callback.map(|callback| SessionNotify {
        callback,
        hwnd,
        wmsg,
    });
    engine().create_session(hwnd, wmsg, target)
}

/// `SnmpOpen`: window mode only, refused with `SNMPAPI_HWND_INVALID`.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_HWND_INVALID`.
pub fn snmp_open(hwnd: usize, wmsg: u32) -> R<HSession> {
    engine().open(hwnd, wmsg)
}

/// `SnmpClose`: frees everything the session owns. The callback is released after the
/// runtime lock.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`.
pub fn snmp_close(session: HSession) -> R<()> {
    let closed = engine().close(session);
    closed.map(drop)
}

// ------------------------------------------------------------------ entities, contexts

/// `SnmpStrToEntity`.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_ENTITY_UNKNOWN`,
/// `SNMPAPI_ALLOC_ERROR`.
pub fn snmp_str_to_entity(session: HSession, text: &str) -> R<HEntity> {
    engine().str_to_entity(session, text)
}

/// `SnmpEntityToStr` for a C buffer of `size` bytes (the string plus its NUL must fit);
/// the C function returns `len + 1`.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_OUTPUT_TRUNCATED`.
pub fn snmp_entity_to_str(entity: HEntity, size: u32) -> R<String> {
    engine().entity_to_str(entity, size)
}

/// `SnmpFreeEntity`.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`.
pub fn snmp_free_entity(entity: HEntity) -> R<()> {
    engine().free_entity(entity)
}

/// `SnmpSetPort`.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_OPERATION_INVALID`.
pub fn snmp_set_port(entity: HEntity, port: u32) -> R<()> {
    engine().set_port(entity, port)
}

/// `SnmpStrToContext` (a C NULL `ptr` is an empty slice).
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_CONTEXT_INVALID`,
/// `SNMPAPI_CONTEXT_UNKNOWN`, `SNMPAPI_ALLOC_ERROR`.
pub fn snmp_str_to_context(session: HSession, text: &[u8]) -> R<HContext> {
    engine().str_to_context(session, text)
}

/// `SnmpContextToStr`.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_CONTEXT_INVALID`, `SNMPAPI_NOOP`.
pub fn snmp_context_to_str(context: HContext, output: bool) -> R<Vec<u8>> {
    engine().context_to_str(context, output)
}

/// `SnmpFreeContext`.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_CONTEXT_INVALID`.
pub fn snmp_free_context(context: HContext) -> R<()> {
    engine().free_context(context)
}

// ------------------------------------------------------------------ PDUs

/// `SnmpCreatePdu`.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_PDU_INVALID`,
/// `SNMPAPI_VBL_INVALID`, `SNMPAPI_ALLOC_ERROR`.
pub fn snmp_create_pdu(
    session: HSession,
    pdu_type: i32,
    request_id: i32,
    error_status: i32,
    error_index: i32,
    vbl: Option<HVbl>,
) -> R<HPdu> {
    engine().create_pdu(
        session,
        pdu_type,
        request_id,
        error_status,
        error_index,
        vbl,
    )
}

/// `SnmpGetPduData`.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_PDU_INVALID`, `SNMPAPI_NOOP`, `SNMPAPI_ALLOC_ERROR`.
pub fn snmp_get_pdu_data(pdu: HPdu, fields: PduFields) -> R<PduInfo> {
    engine().get_pdu_data(pdu, fields)
}

/// `SnmpSetPduData`.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_PDU_INVALID`, `SNMPAPI_VBL_INVALID`, `SNMPAPI_NOOP`.
pub fn snmp_set_pdu_data(
    pdu: HPdu,
    pdu_type: Option<i32>,
    request_id: Option<i32>,
    non_repeaters: Option<i32>,
    max_repetitions: Option<i32>,
    vbl: Option<HVbl>,
) -> R<()> {
    engine().set_pdu_data(
        pdu,
        pdu_type,
        request_id,
        non_repeaters,
        max_repetitions,
        vbl,
    )
}

/// `SnmpDuplicatePdu`.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_PDU_INVALID`,
/// `SNMPAPI_ALLOC_ERROR`.
pub fn snmp_duplicate_pdu(session: HSession, pdu: HPdu) -> R<HPdu> {
    engine().duplicate_pdu(session, pdu)
}

/// `SnmpFreePdu`.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_PDU_INVALID`.
pub fn snmp_free_pdu(pdu: HPdu) -> R<()> {
    engine().free_pdu(pdu)
}

// ------------------------------------------------------------------ VBLs

/// `SnmpCreateVbl`.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_OID_INVALID`,
/// `SNMPAPI_SYNTAX_INVALID`, `SNMPAPI_ALLOC_ERROR`.
pub fn snmp_create_vbl(
    session: HSession,
    name: Option<&[u32]>,
    value: Option<&SmiValue>,
) -> R<HVbl> {
    engine().create_vbl(session, name, value)
}

/// `SnmpDuplicateVbl`.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_VBL_INVALID`,
/// `SNMPAPI_ALLOC_ERROR`.
pub fn snmp_duplicate_vbl(session: HSession, vbl: HVbl) -> R<HVbl> {
    engine().duplicate_vbl(session, vbl)
}

/// `SnmpFreeVbl`.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_VBL_INVALID`.
pub fn snmp_free_vbl(vbl: HVbl) -> R<()> {
    engine().free_vbl(vbl)
}

/// `SnmpCountVbl`.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_VBL_INVALID`, `SNMPAPI_NOOP` (empty list).
pub fn snmp_count_vbl(vbl: HVbl) -> R<u32> {
    engine().count_vbl(vbl)
}

/// `SnmpGetVb`: `outputs` = (name, value) pointers given.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_VBL_INVALID`, `SNMPAPI_INDEX_INVALID`, `SNMPAPI_NOOP`.
pub fn snmp_get_vb(vbl: HVbl, index: u32, outputs: (bool, bool)) -> R<VarBindEntry> {
    engine().get_vb(vbl, index, outputs)
}

/// `SnmpSetVb`: returns the entry's position.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_VBL_INVALID`, `SNMPAPI_INDEX_INVALID`,
/// `SNMPAPI_OID_INVALID`, `SNMPAPI_SYNTAX_INVALID`.
pub fn snmp_set_vb(
    vbl: HVbl,
    index: u32,
    name: Option<&[u32]>,
    value: Option<&SmiValue>,
) -> R<u32> {
    engine().set_vb(vbl, index, name, value)
}

/// `SnmpDeleteVb`.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_VBL_INVALID`, `SNMPAPI_INDEX_INVALID`.
pub fn snmp_delete_vb(vbl: HVbl, index: u32) -> R<()> {
    engine().delete_vb(vbl, index)
}

// ------------------------------------------------------------------ utilities

/// `SnmpStrToOid`: the sub-identifiers (the C function returns their count).
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_OID_INVALID`, `SNMPAPI_NOOP`.
pub fn snmp_str_to_oid(text: &[u8], output: bool) -> R<SmiOid> {
    engine().str_to_oid(text, output)
}

/// `SnmpOidToStr` for a buffer of `size` bytes.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SIZE_INVALID`, `SNMPAPI_OID_INVALID`,
/// `SNMPAPI_OUTPUT_TRUNCATED`.
pub fn snmp_oid_to_str(oid: &[u32], size: u32) -> R<String> {
    engine().oid_to_str(oid, size)
}

/// `SnmpOidCopy`.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_OID_INVALID`, `SNMPAPI_NOOP`.
pub fn snmp_oid_copy(oid: &[u32], output: bool) -> R<SmiOid> {
    engine().oid_copy(oid, output)
}

/// `SnmpOidCompare` with its `maxlen` rule.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_OID_INVALID`, `SNMPAPI_SIZE_INVALID`, `SNMPAPI_NOOP`.
pub fn snmp_oid_compare(x: &[u32], y: &[u32], maxlen: u32, output: bool) -> R<Ordering> {
    engine().oid_compare(x, y, maxlen, output)
}

/// `SnmpEncodeMsg`.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_ENTITY_INVALID`,
/// `SNMPAPI_CONTEXT_INVALID`, `SNMPAPI_PDU_INVALID`, `SNMPAPI_OPERATION_INVALID`,
/// `SNMPAPI_TL_PDU_TOO_BIG`, `SNMPAPI_NOOP`.
pub fn snmp_encode_msg(
    session: HSession,
    src: Option<HEntity>,
    dst: HEntity,
    context: HContext,
    pdu: HPdu,
    output: bool,
) -> R<Vec<u8>> {
    engine().encode_msg(session, src, dst, context, pdu, output)
}

/// `SnmpDecodeMsg`.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_MESSAGE_INVALID`,
/// `SNMPAPI_OUTPUT_TRUNCATED`, `SNMPAPI_NOOP`, `SNMPAPI_ALLOC_ERROR`.
pub fn snmp_decode_msg(session: HSession, buf: &[u8], outputs: DecodeOutputs) -> R<DecodedHandles> {
    engine().decode_msg(session, buf, outputs)
}

/// `SnmpFreeDescriptor`'s checks that need no pointer registry (runtime, syntax). In Rust
/// the descriptor is an owned `Vec` that frees itself; the C layer adds the registry.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SYNTAX_INVALID`.
pub fn snmp_free_descriptor(syntax: u32) -> R<()> {
    engine().free_descriptor(syntax)
}
