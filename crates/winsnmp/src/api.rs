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
use std::collections::HashMap;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
use std::sync::{Arc, LazyLock, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use winsnmp_engine::{
    CommStats, Counts, DecodeOutputs, DecodedHandles, Engine, HContext, HEntity, HPdu, HSession,
    HVbl, Limits, PduFields, PduInfo, PolicyOutputs, RawHandle, Received, RecvOutputs, Resolved,
    SessionStats, SmiOid, SmiValue, SnmpApiError, StartupInfo, StartupKind, VarBindEntry,
    VbOutputs, VendorInfo,
};

use winsnmp_engine::usm::{EntitySecurity, UsmStats, UsmUser};
use winsnmp_wire::usm::{AuthProtocol, Key, PrivProtocol};

use crate::delivery::DELIVERY;
use crate::driver::{Core, FAIL_START, lock};
use crate::host::{self, PATH_OVERRIDE, RESOLVER, Resolver, StdHost};

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

pub(crate) static RUNTIME: LazyLock<Mutex<Core>> = LazyLock::new(|| {
    let mut engine = Engine::with_host(Limits::default(), Box::new(StdHost));
    // The local SNMPv3 engine: an ID generated once per process (stable for its life),
    // and unpredictable salt and msgID counters.
    let _ = engine.set_local_engine(&winsnmp_engine::default_engine_id(random_u64()), 1);
    engine.seed_usm(random_u64());
    Mutex::new(Core { engine, net: None })
});

/// 64 random bits from the standard library's OS-seeded hasher keys (no extra crate).
pub(crate) fn random_u64() -> u64 {
    use std::hash::BuildHasher;
    std::collections::hash_map::RandomState::new().hash_one((std::process::id(), Instant::now()))
}

/// The runtime lock, seen as the engine.
struct EngineGuard(MutexGuard<'static, Core>);

impl Deref for EngineGuard {
    type Target = Engine<SessionNotify>;
    fn deref(&self) -> &Self::Target {
        &self.0.engine
    }
}

impl DerefMut for EngineGuard {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0.engine
    }
}

fn engine() -> EngineGuard {
    EngineGuard(lock())
}

/// Sends every datagram queued now, those a callback's `SnmpSendMsg` left for later too.
pub(crate) fn flush_now() {
    let mut core = lock();
    core.flush();
    core.wake();
}

/// Runs `f` on the process-wide engine, holding its lock. Whatever `f` returns is dropped
/// by the caller after the lock is released. Endpoint changes and transmits `f` causes are
/// carried out afterwards.
pub fn with_engine<T>(f: impl FnOnce(&mut Engine<SessionNotify>) -> T) -> T {
    let mut core = lock();
    let r = f(&mut core.engine);
    core.sync();
    core.flush();
    core.wake();
    r
}

/// Trap port set by [`set_trap_port`]; overrides `$WINSNMP_TRAP_PORT`.
static TRAP_PORT: Mutex<Option<u16>> = Mutex::new(None);

/// The trap port for the next startup: [`set_trap_port`], else `$WINSNMP_TRAP_PORT`, else
/// the database's or 162 (decided by the engine).
fn configured_trap_port() -> Option<u16> {
    let forced = *TRAP_PORT.lock().unwrap_or_else(PoisonError::into_inner);
    forced.or_else(|| {
        std::env::var("WINSNMP_TRAP_PORT")
            .ok()
            .and_then(|v| v.trim().parse::<u16>().ok())
            .filter(|p| *p != 0)
    })
}

fn startup(kind: StartupKind) -> R<StartupInfo> {
    let _span = tracing::debug_span!("SnmpStartup", ?kind).entered();
    // Read before the lock: a slow file system must not stall the driver.
    let database = host::read_database();
    let leaks = crate::log::leaks_wanted();
    let mut core = lock();
    let was = core.engine.is_initialized();
    let r = core.engine.startup(kind);
    if r.is_err() || was {
        return r;
    }
    tracing::info!(leak_reports = leaks, "runtime starting");
    core.engine.set_leak_reports(leaks);
    core.engine.handle_database(database);
    core.engine.set_trap_port(configured_trap_port());
    let started = core.start_driver();
    core.sync();
    if started.is_ok() && core.engine.shared_endpoints() > 0 {
        return r;
    }
    // No driver, or not one socket to send from: a runtime that cannot communicate. Undo
    // the startup (nobody saw it: the lock was held throughout) and fail.
    let why = match started {
        Err(e) => format!("cannot start the driver: {e}"),
        Ok(()) => "cannot open a UDP socket".to_owned(),
    };
    eprintln!("winsnmp: startup failed: {why}");
    tracing::error!(%why, "startup failed");
    let _ = core.engine.cleanup(kind);
    core.sync();
    let thread = core.stop_driver();
    let code = if kind == StartupKind::StartupEx {
        SnmpApiError::TlResourceError
    } else {
        SnmpApiError::AllocError
    };
    core.engine.record_error(code, &[]);
    drop(core);
    if let Some(t) = thread {
        let _ = t.join();
    }
    Err(code)
}

/// Final teardowns so far (see [`teardowns`]).
static TEARDOWNS: AtomicU64 = AtomicU64::new(0);

/// The leak reports the engine queued, as lines (taken under the runtime lock, written
/// after it).
fn leak_lines(core: &mut Core) -> Vec<String> {
    std::iter::from_fn(|| core.engine.poll_leak_report())
        .map(|r| r.to_string())
        .collect()
}

fn cleanup(kind: StartupKind) -> R<()> {
    let _span = tracing::debug_span!("SnmpCleanup", ?kind).entered();
    let (r, teardown, leaks) = {
        let mut core = lock();
        let r = core.engine.cleanup(kind);
        let leaks = leak_lines(&mut core);
        let teardown = if r.is_ok() && !core.engine.is_initialized() {
            // Under the runtime lock: a startup after this teardown sees the new count.
            TEARDOWNS.fetch_add(1, AtomicOrdering::SeqCst);
            core.sync();
            // The final cleanup frees the runtime's resources: the master keys too.
            *MASTER_KEYS.lock().unwrap_or_else(PoisonError::into_inner) = HashMap::new();
            Some((DELIVERY.close_all(), core.stop_driver()))
        } else {
            None
        };
        (r, teardown, leaks)
    };
    crate::log::write_leak_lines(&leaks);
    if let Some((epoch, thread)) = teardown {
        tracing::info!("runtime stopped");
        // The driver never runs callbacks, so it can be joined from one too.
        if let Some(t) = thread {
            let _ = t.join();
        }
        DELIVERY.finish_teardown(epoch);
    }
    r.map(drop)
}

// ------------------------------------------------------------------ extensions

/// Changes the runtime's resource limits (not a WinSNMP function). Live objects stay.
pub fn set_limits(limits: Limits) {
    engine().set_limits(limits);
}

/// `WinSnmpGetQueueDrops` (extension): messages dropped for `session` because its receive
/// queue was full (`Limits::max_queued_messages`).
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`.
pub fn winsnmp_queue_drops(session: HSession) -> R<u64> {
    engine().queue_drops(session)
}

/// The runtime's resource limits.
pub fn limits() -> Limits {
    engine().limits()
}

/// Sets the UDP port trap registrations listen on, taking effect at the next startup
/// (not a WinSNMP function). `None` restores the lookup: `$WINSNMP_TRAP_PORT`, else the
/// database's `trap_port`, else 162 (Appendix E 10).
pub fn set_trap_port(port: Option<u16>) {
    *TRAP_PORT.lock().unwrap_or_else(PoisonError::into_inner) = port;
}

/// The port the trap socket is (or will be) bound to in the running runtime.
pub fn trap_port() -> u16 {
    engine().trap_port()
}

/// Counters of the communications layer (not a WinSNMP function).
pub fn comm_stats() -> CommStats {
    engine().comm_stats()
}

/// Who did the runtime's I/O since the process started (not a WinSNMP function): see
/// [`io_stats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IoStats {
    /// I/O cycles (wait, read, timers, send) run by the driver thread: before any callback
    /// thread exists, and while callback threads are all busy in long callbacks.
    pub driver_cycles: u64,
    /// I/O cycles run by callback threads between callbacks (no hand-off to or from the
    /// driver: a pipelined manager's steady state).
    pub callback_cycles: u64,
    /// Times the driver thread woke to check that the I/O is still being done.
    pub watch_wakeups: u64,
}

/// Who did the runtime's I/O (not a WinSNMP function; for diagnostics and tests).
pub fn io_stats() -> IoStats {
    use crate::poller::{CALLBACK_CYCLES, DRIVER_CYCLES, WATCH_WAKEUPS};
    IoStats {
        driver_cycles: DRIVER_CYCLES.load(AtomicOrdering::Relaxed),
        callback_cycles: CALLBACK_CYCLES.load(AtomicOrdering::Relaxed),
        watch_wakeups: WATCH_WAKEUPS.load(AtomicOrdering::Relaxed),
    }
}

/// Live object counts of the runtime (not a WinSNMP function; for leak checks).
pub fn counts() -> Counts {
    engine().counts()
}

/// `WinSnmpGetSessionStats` (not a WinSNMP function): what `session` holds now (entities,
/// contexts, PDUs and VBLs it owns, outstanding requests, queued messages, trap
/// registrations) and the most handles of each kind it has held at once. Handles count
/// for the session that created them, whichever session uses them.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`.
pub fn session_stats(session: HSession) -> R<SessionStats> {
    engine().session_stats(session)
}

/// Uses `path` as the entity database instead of the environment lookup (`None` restores
/// the lookup). Takes effect at the next startup or `snmp_set_translate_mode`.
pub fn set_database_path(path: Option<PathBuf>) {
    *PATH_OVERRIDE.lock().unwrap_or_else(PoisonError::into_inner) = path;
}

/// While `fail` is set, a startup that has to start the driver fails as if the OS refused
/// to create its poll, waker or thread (not a WinSNMP function; for tests of that path).
/// A runtime already started is not affected.
pub fn simulate_driver_start_failure(fail: bool) {
    FAIL_START.store(fail, AtomicOrdering::SeqCst);
}

/// Resolves host names with `resolver` instead of the system resolver (`None` restores
/// it); not a WinSNMP function (tests use it to stand in for a slow or fake DNS). The
/// resolver is called by [`snmp_str_to_entity`] with no lock of the runtime held, so
/// however long it takes, the driver and other callers go on.
pub fn set_resolver(resolver: Option<Resolver>) {
    *RESOLVER.lock().unwrap_or_else(PoisonError::into_inner) = resolver;
}

/// How many final teardowns (`SnmpCleanup`/`SnmpCleanupEx` that ended the runtime) have
/// happened in this process (not a WinSNMP function). The count changes under the runtime
/// lock, in the same critical section as the teardown, so anything produced by a runtime
/// started after teardown `n` is seen with a count of at least `n`. The C layer stamps the
/// descriptors it hands out with it and frees, after a teardown, only those stamped before.
pub fn teardowns() -> u64 {
    TEARDOWNS.load(AtomicOrdering::SeqCst)
}

/// Records an error detected above the engine (e.g. by the C descriptor registry) as the
/// last error of the call about `handles`.
pub fn record_error(error: SnmpApiError, handles: &[RawHandle]) {
    engine().record_error(error, handles);
}

// ------------------------------------------------------------------ SNMPv3 extension

/// The process-wide cache of master keys: (protocol, SHA-256 of the pass phrase) → Ku, so
/// the 1 MB RFC 3414 digest runs once per pass phrase and protocol, however many entities
/// or users are made from it.
static MASTER_KEYS: LazyLock<Mutex<MasterKeys>> = LazyLock::new(|| Mutex::new(HashMap::new()));

/// (protocol, SHA-256 of the pass phrase) → Ku.
type MasterKeys = HashMap<(AuthProtocol, [u8; 32]), Key>;

/// How many master keys the 1 MB digest was run for (the cache's misses), process-wide.
static DIGESTS: AtomicU64 = AtomicU64::new(0);

/// `WinSnmpPasswordToKey`: the RFC 3414 A.2 (RFC 7860 for SHA-2) master key Ku of
/// `password` for `protocol`, from a process-wide cache after the first time. Runs without
/// any runtime lock held.
///
/// # Errors
/// `SNMPAPI_SIZE_INVALID`: a pass phrase under 8 octets (net-snmp's minimum) or over
/// 65,507.
pub fn password_to_key(protocol: AuthProtocol, password: &[u8]) -> R<Key> {
    use sha2::Digest;
    if password.len() > 65_507 {
        return Err(SnmpApiError::SizeInvalid);
    }
    let id: [u8; 32] = sha2::Sha256::digest(password).into();
    let cache_key = (protocol, id);
    if let Some(k) = MASTER_KEYS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&cache_key)
    {
        return Ok(k.clone());
    }
    let ku = protocol
        .password_to_key(password)
        .map_err(|_| SnmpApiError::SizeInvalid)?;
    DIGESTS.fetch_add(1, AtomicOrdering::Relaxed);
    let mut cache = MASTER_KEYS.lock().unwrap_or_else(PoisonError::into_inner);
    if cache.len() >= 1024 {
        cache.clear();
    }
    cache.insert(cache_key, ku.clone());
    Ok(ku)
}

/// How many times the 1 MB password digest ran in this process (for tests and benchmarks:
/// a second user, entity or request with the same pass phrase adds nothing).
pub fn password_digests() -> u64 {
    DIGESTS.load(AtomicOrdering::Relaxed)
}

/// A user from pass phrases through the master-key cache: what `-u -a -A -x -X` and
/// `createUser` describe.
///
/// # Errors
/// `SNMPAPI_SIZE_INVALID`: a name over 32 octets, a pass phrase under 8 octets.
/// `SNMPAPI_MODE_INVALID`: a privacy protocol without an authentication protocol.
pub fn usm_user(
    name: &[u8],
    auth: Option<(AuthProtocol, &[u8])>,
    privacy: Option<(PrivProtocol, &[u8])>,
) -> R<UsmUser> {
    if name.len() > 32 {
        return Err(SnmpApiError::SizeInvalid);
    }
    let auth = match auth {
        Some((p, pass)) => Some((p, password_to_key(p, pass)?)),
        None => None,
    };
    let privacy = match (privacy, &auth) {
        (Some((pp, pass)), Some((ap, _))) => Some((pp, password_to_key(*ap, pass)?)),
        (Some(_), None) => return Err(SnmpApiError::ModeInvalid),
        (None, _) => None,
    };
    Ok(UsmUser {
        name: name.to_vec(),
        auth,
        privacy,
    })
}

/// `WinSnmpStrToContextName`: a context for the SNMPv3 context name `name` taken
/// literally (empty: the default context), in any translate mode.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_SIZE_INVALID`,
/// `SNMPAPI_ALLOC_ERROR`.
pub fn winsnmp_str_to_context_name(session: HSession, name: &[u8]) -> R<HContext> {
    engine().str_to_context_name(session, name)
}

/// `WinSnmpSetEntityUsm`: makes `entity` an SNMPv3 entity that sends as `security`'s user
/// at its level (`None`: a community entity of the translate mode's version again).
/// Requests to it then do the whole USM exchange behind one request id: engine discovery,
/// time synchronisation, authentication and privacy.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_SIZE_INVALID`,
/// `SNMPAPI_MODE_INVALID` (see [`Engine::set_entity_security`]).
pub fn winsnmp_set_entity_usm(entity: HEntity, security: Option<EntitySecurity>) -> R<()> {
    engine().set_entity_security(entity, security)
}

/// The SNMPv3 settings of `entity`, if it is an SNMPv3 entity.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`.
pub fn winsnmp_get_entity_usm(entity: HEntity) -> R<Option<Arc<EntitySecurity>>> {
    engine().entity_security(entity)
}

/// `WinSnmpGetEngineId`: the authoritative engine ID of SNMPv3 entity `entity` (given, or
/// discovered by a request), or with `None` the local engine's ID.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_ENGINE_INVALID` (not an
/// SNMPv3 entity, or not discovered yet).
pub fn winsnmp_get_engine_id(entity: Option<HEntity>) -> R<Vec<u8>> {
    let mut e = engine();
    match entity {
        Some(h) => e.entity_engine_id(h),
        None => Ok(e.local_engine_id()),
    }
}

/// `WinSnmpSetLocalEngine`: the local engine's ID (5 to 32 octets) and boots, by default
/// an ID generated for the process and boots 1.
///
/// # Errors
/// `SNMPAPI_SIZE_INVALID`.
pub fn winsnmp_set_local_engine(engine_id: &[u8], boots: u32) -> R<()> {
    engine().set_local_engine(engine_id, boots)
}

/// `WinSnmpAddUsmUser`: a user of the local engine (requests to listening entities, informs
/// received) that also receives traps from any engine; with `engine_id`, a user for traps
/// from that engine only.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SIZE_INVALID`.
pub fn winsnmp_add_usm_user(user: UsmUser, engine_id: Option<&[u8]>) -> R<()> {
    let mut e = engine();
    if !e.is_initialized() {
        e.record_error(SnmpApiError::NotInitialized, &[]);
        return Err(SnmpApiError::NotInitialized);
    }
    e.add_usm_user(user, engine_id)
}

/// `WinSnmpDeleteUsmUser`.
///
/// # Errors
/// `SNMPAPI_NOOP` when there is no such user.
pub fn winsnmp_delete_usm_user(name: &[u8], engine_id: Option<&[u8]>) -> R<()> {
    engine().remove_usm_user(name, engine_id)
}

/// `WinSnmpGetUsmStats`: the SNMPv3 counters (`usmStats*`, `snmpInvalidMsgs`…).
pub fn winsnmp_get_usm_stats() -> UsmStats {
    engine().usm_stats()
}

// ------------------------------------------------------------------ runtime

/// `SnmpStartup`: version 2.0, level `SNMPAPI_V2_SUPPORT`, the current modes. Repeated
/// calls succeed and need no extra cleanup. The first one starts the driver and opens the
/// shared IPv4 and IPv6 sockets; when the driver cannot start, or neither socket opens,
/// nothing stays started and the call fails (it may be retried, as WinSNMP allows after
/// `SNMPAPI_ALLOC_ERROR`).
///
/// # Errors
/// `SNMPAPI_ALLOC_ERROR` (the driver or every shared socket could not be created).
pub fn snmp_startup() -> R<StartupInfo> {
    startup(StartupKind::Startup)
}

/// `SnmpStartupEx`: as [`snmp_startup`], counted: one [`snmp_cleanup_ex`] per success.
///
/// # Errors
/// `SNMPAPI_TL_RESOURCE_ERROR` (the driver or every shared socket could not be created:
/// the page's "resource allocation failed during startup"); `SNMPAPI_OTHER_ERROR` when
/// the count would overflow.
pub fn snmp_startup_ex() -> R<StartupInfo> {
    startup(StartupKind::StartupEx)
}

/// `SnmpCleanup`: clears the `SnmpStartup` flag; tears everything down when no
/// `SnmpStartupEx` remains: sessions closed, sockets closed (ports free when this returns),
/// driver thread stopped and joined; callbacks in progress are waited for (but the
/// caller's own, when called from a callback), and no callback starts afterwards.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`.
pub fn snmp_cleanup() -> R<()> {
    cleanup(StartupKind::Startup)
}

/// `SnmpCleanupEx`: decrements the `SnmpStartupEx` count; tears down at zero when no
/// `SnmpStartup` is outstanding.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`; `SNMPAPI_OTHER_ERROR` with no `SnmpStartupEx` outstanding.
pub fn snmp_cleanup_ex() -> R<()> {
    cleanup(StartupKind::StartupEx)
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

/// `SnmpSetTranslateMode`; also rereads the entity database (read before the runtime lock
/// is taken, so a slow file system stalls nothing else).
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_MODE_INVALID`.
pub fn snmp_set_translate_mode(mode: u32) -> R<()> {
    let _span = tracing::debug_span!("SnmpSetTranslateMode", mode).entered();
    let database = host::read_database();
    let mut e = engine();
    e.set_translate_mode(mode)?;
    e.handle_database(database);
    Ok(())
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
pub fn snmp_get_timeout(entity: HEntity, outputs: PolicyOutputs) -> R<(u32, u32)> {
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
pub fn snmp_get_retry(entity: HEntity, outputs: PolicyOutputs) -> R<(u32, u32)> {
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
    let _span = tracing::debug_span!("SnmpCreateSession").entered();
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

/// `SnmpClose`: cancels the session's outstanding requests, drops its registrations,
/// releases its listening ports and frees everything it owns. No callback of the session
/// starts once this has begun, and a callback of the session in progress is waited for
/// (unless this is called from that callback, or from a callback that it is itself
/// waiting for); callbacks of other sessions are never waited for. The callback is
/// released after the runtime lock.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`.
pub fn snmp_close(session: HSession) -> R<()> {
    let _span = tracing::debug_span!("SnmpClose", ?session).entered();
    DELIVERY.begin_close(session);
    let (closed, leaks) = {
        let mut core = lock();
        let r = core.engine.close(session);
        let leaks = leak_lines(&mut core);
        DELIVERY.end_close(session);
        core.sync();
        core.wake();
        (r, leaks)
    };
    crate::log::write_leak_lines(&leaks);
    closed.map(drop)
}

// ------------------------------------------------------------------ entities, contexts

/// `SnmpStrToEntity`. A host name (literal, or a database entry's address) is resolved
/// with no lock of the runtime held: the engine says which name it needs, the name is
/// resolved, and the entity is made with the answer (asked again, at most three times, if
/// the translate mode or the database changed meanwhile).
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_ENTITY_UNKNOWN`,
/// `SNMPAPI_ALLOC_ERROR`.
pub fn snmp_str_to_entity(session: HSession, text: &str) -> R<HEntity> {
    let _span = tracing::debug_span!("SnmpStrToEntity", ?session).entered();
    let mut resolved: Option<Resolved> = None;
    for _ in 0..3 {
        let mut e = engine();
        let need = e.entity_host_name(session, text);
        let have = resolved.as_ref().map(|r| (r.host.as_str(), r.port));
        match need {
            Some((host, port)) if have != Some((host.as_str(), port)) => {
                drop(e);
                let addr = host::resolve(&host, port);
                resolved = Some(Resolved { host, port, addr });
            }
            _ => return e.str_to_entity_resolved(session, text, resolved.as_ref()),
        }
    }
    engine().str_to_entity_resolved(session, text, resolved.as_ref())
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
    let mut core = lock();
    let r = core.engine.free_entity(entity);
    core.sync();
    r
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
pub fn snmp_get_vb(vbl: HVbl, index: u32, outputs: VbOutputs) -> R<VarBindEntry> {
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

// ------------------------------------------------------------------ communications

/// `SnmpSendMsg`: validates, encodes for `dst`'s version and hands the datagram to the
/// driver; returns at once. Requests (Get, GetNext, GetBulk, Set, Inform) are retransmitted
/// per `dst`'s timeout and retry while the retransmit mode is ON and end with a response
/// (`wParam` 0) or an `SNMPAPI_TL_TIMEOUT` notification; Responses and traps are sent once.
/// `src` `None` (C NULL) sends from the runtime's socket; a listening `src`, or one with the
/// address of a listening entity (the agent entity [`snmp_recv_msg`] returns), sends from
/// that socket (how an agent answers); any other `src` names the manager: its requests and
/// traps leave from the runtime's socket, a Response from it is refused. The PDU stays the
/// caller's.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_ENTITY_INVALID`,
/// `SNMPAPI_CONTEXT_INVALID`, `SNMPAPI_PDU_INVALID`, `SNMPAPI_OPERATION_INVALID`,
/// `SNMPAPI_TL_PDU_TOO_BIG`, `SNMPAPI_TL_SRC_INVALID` (a Response from a source no socket is
/// bound to, or a source of the other address family), `SNMPAPI_TL_NOT_AVAILABLE`.
pub fn snmp_send_msg(
    session: HSession,
    src: Option<HEntity>,
    dst: HEntity,
    context: HContext,
    pdu: HPdu,
) -> R<()> {
    let _span = tracing::debug_span!("SnmpSendMsg", ?session, ?dst, ?pdu).entered();
    let mut core = lock();
    let r = core
        .engine
        .send_msg(Instant::now(), session, src, dst, context, pdu);
    if let Err(e) = &r {
        tracing::debug!(error = %e, "SnmpSendMsg failed");
    }
    // On the wire before SnmpSendMsg returns; the driver then only waits for its timer.
    // From a callback, once the callback thread has run the callbacks ready: a pipelined
    // manager's next requests then leave together, in one system call.
    if r.is_ok() && !crate::delivery::defer_send() {
        core.flush();
        core.wake();
    }
    r
}

/// `SnmpRecvMsg`: dequeues the session's oldest message and creates the handles asked for
/// in `outputs` (a C NULL pointer is `false`): sender entity, receiver entity, context,
/// PDU, all owned by the session. Never fails with a `SNMPAPI_TL_*` code: timeouts are
/// notifications only (Appendix E 3).
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_NOOP` (queue empty, or
/// every output NULL), `SNMPAPI_ALLOC_ERROR`.
pub fn snmp_recv_msg(session: HSession, outputs: RecvOutputs) -> R<Received> {
    let _span = tracing::trace_span!("SnmpRecvMsg", ?session).entered();
    let r = engine().recv_msg(session, outputs);
    if let Ok(m) = &r {
        tracing::trace!(
            request_id = m.request_id,
            pdu_type = m.pdu_type,
            "message received"
        );
    }
    r
}

/// `SnmpRegister`: adds (`state != SNMPAPI_OFF`) or removes (`SNMPAPI_OFF`) a trap and
/// notification filter; `None` (C NULL) arguments are wildcards; `src` does not filter.
/// The first registration of the runtime binds the trap port (162, `$WINSNMP_TRAP_PORT`,
/// [`set_trap_port`] or the database's `trap_port`), shared by every session; the last
/// unregistration releases it.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_ENTITY_INVALID`,
/// `SNMPAPI_CONTEXT_INVALID`, `SNMPAPI_OID_INVALID`, `SNMPAPI_TL_IN_USE` (trap port
/// unavailable).
pub fn snmp_register(
    session: HSession,
    src: Option<HEntity>,
    dst: Option<HEntity>,
    context: Option<HContext>,
    notification: Option<&[u32]>,
    state: u32,
) -> R<()> {
    let _span = tracing::debug_span!("SnmpRegister", ?session, state).entered();
    let mut core = lock();
    core.engine
        .register(session, src, dst, context, notification, state)?;
    match core.sync() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

fn listen(entity: HEntity, status: u32, use_all: Option<u32>) -> R<()> {
    let _span = tracing::debug_span!("SnmpListen", ?entity, status, ?use_all).entered();
    let mut core = lock();
    core.engine.listen(entity, status, use_all)?;
    match core.sync() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// `SnmpListen`: `SNMPAPI_ON` binds the entity's address and port and delivers the Get,
/// GetNext, GetBulk, Set and Inform requests arriving there to the entity's session (no
/// community check); `SNMPAPI_OFF` closes the socket (the port is free when this returns).
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_MODE_INVALID`,
/// `SNMPAPI_NOOP` (already listening / not listening), `SNMPAPI_TL_RESOURCE_ERROR` (no
/// socket), `SNMPAPI_TL_OTHER` (bind failed, e.g. port in use).
pub fn snmp_listen(entity: HEntity, status: u32) -> R<()> {
    listen(entity, status, None)
}

/// `SnmpListenEx`: as [`snmp_listen`]; `use_entity_addr` is `SNMPLISTEN_USEENTITY_ADDR` (0:
/// bind the entity's address) or `SNMPLISTEN_ALL_ADDR` (1: every address of its family).
///
/// # Errors
/// As [`snmp_listen`]; `SNMPAPI_MODE_INVALID` for another `use_entity_addr`.
pub fn snmp_listen_ex(entity: HEntity, status: u32, use_entity_addr: u32) -> R<()> {
    listen(entity, status, Some(use_entity_addr))
}

/// `SnmpCancelMsg`: stops retransmission and the timeout notice of the session's
/// outstanding request `request_id`; a late answer is dropped.
///
/// # Errors
/// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_PDU_INVALID` (no such
/// outstanding request in this session).
pub fn snmp_cancel_msg(session: HSession, request_id: i32) -> R<()> {
    let _span = tracing::debug_span!("SnmpCancelMsg", ?session, request_id).entered();
    let mut core = lock();
    let r = core.engine.cancel_msg(session, request_id);
    core.wake();
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 1 MB digest runs once per pass phrase and protocol, however many users are made.
    #[test]
    fn master_keys_are_cached() {
        let pass = format!("cache-test-{}", random_u64());
        let make = || {
            usm_user(
                b"u",
                Some((AuthProtocol::Sha256, pass.as_bytes())),
                Some((PrivProtocol::Aes128, pass.as_bytes())),
            )
            .unwrap()
        };
        let before = password_digests();
        let first = make();
        // Auth and privacy keys share the pass phrase and hash: one digest.
        assert_eq!(password_digests() - before, 1);
        assert_eq!(make(), first);
        assert_eq!(password_digests() - before, 1);
        assert_eq!(
            password_to_key(AuthProtocol::Sha256, b"short"),
            Err(SnmpApiError::SizeInvalid)
        );
        assert_eq!(
            usm_user(b"u", None, Some((PrivProtocol::Des, pass.as_bytes()))),
            Err(SnmpApiError::ModeInvalid)
        );
        assert_eq!(
            usm_user(&[b'x'; 33], None, None),
            Err(SnmpApiError::SizeInvalid)
        );
    }
}
