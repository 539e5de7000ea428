//! The [`Engine`]: startup accounting, last errors, sessions, the handle tables and every
//! local WinSNMP function.

use std::cmp::Ordering;
use std::net::{IpAddr, SocketAddr};

use winsnmp_wire::Version;

use crate::codec::{PduData, decode_message, encode_message};
use crate::consts::*;
use crate::database::{Database, DbEntity};
use crate::handle::{
    HContext, HEntity, HPdu, HSession, HVbl, HandleKind, MAX_SLOTS, QUARANTINE, RawHandle, Table,
};
use crate::session::Session;
use crate::value::{self, SmiOid, SmiValue, VarBindEntry, check_name};
use crate::{Host, NoHost, SnmpApiError};

mod comms;

pub use comms::default_engine_id;

type R<T> = Result<T, SnmpApiError>;

/// `cs` hundredths of a second.
pub(crate) const fn cs(cs: u32) -> std::time::Duration {
    std::time::Duration::from_millis(cs as u64 * 10)
}

/// Resource limits. Reaching one makes the creating call fail with `SNMPAPI_ALLOC_ERROR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Open sessions at once. Default 1024.
    pub max_sessions: usize,
    /// Live handles of each kind (entity, context, PDU, VBL), all sessions together.
    /// Default 65,536; at most [`Limits::MAX_HANDLES`].
    pub max_handles: usize,
    /// Messages queued for `SnmpRecvMsg` per session; more are dropped. Default 4096.
    pub max_queued_messages: usize,
    /// Largest encoded message, in bytes (Appendix E 13). Default 65,507 (the largest UDP
    /// payload over IPv4).
    pub max_message_size: usize,
}

impl Limits {
    /// The most handles of one kind the 17-bit handle index can address.
    pub const MAX_HANDLES: usize = MAX_SLOTS - QUARANTINE - 1;
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_sessions: 1024,
            max_handles: 65_536,
            max_queued_messages: 4096,
            max_message_size: 65_507,
        }
    }
}

/// A host name the caller resolved, without the engine's lock, for
/// [`Engine::str_to_entity_resolved`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The name, as [`Engine::entity_host_name`] gave it.
    pub host: String,
    /// The port, as [`Engine::entity_host_name`] gave it.
    pub port: u16,
    /// What it resolved to (with `port`); `None` if it did not resolve.
    pub addr: Option<SocketAddr>,
}

/// What `SnmpStartup`/`SnmpStartupEx` report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartupInfo {
    /// API major version: 2.
    pub major_version: u32,
    /// API minor version: 0.
    pub minor_version: u32,
    /// Highest supported level: `SNMPAPI_V2_SUPPORT`.
    pub level: u32,
    /// Current translate mode.
    pub translate_mode: u32,
    /// Current retransmit mode.
    pub retransmit_mode: u32,
}

/// `smiVENDORINFO`: this implementation's vendor data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VendorInfo {
    /// Vendor name (fits 63 bytes + NUL).
    pub name: &'static str,
    /// Contact (fits 63 bytes + NUL).
    pub contact: &'static str,
    /// Version identifier (fits 31 bytes + NUL).
    pub version_id: &'static str,
    /// Release date (fits 31 bytes + NUL).
    pub version_date: &'static str,
    /// IANA private enterprise number: 0, as the project has none assigned yet.
    pub enterprise: u32,
}

/// The vendor data `SnmpGetVendorInfo` reports.
pub const VENDOR_INFO: VendorInfo = VendorInfo {
    name: "winsnmp project",
    contact: "https://example.invalid/winsnmp",
    version_id: concat!("winsnmp ", env!("CARGO_PKG_VERSION")),
    version_date: "2026-11-25",
    enterprise: 0,
};

/// An entity: a transport address and its per-entity properties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// Address and port.
    pub addr: SocketAddr,
    /// SNMP version of messages sent to it.
    pub version: Version,
    /// Policy timeout in hundredths of a second.
    pub timeout: u32,
    /// Policy retry count.
    pub retry: u32,
    /// Timeout that `SnmpSetTimeout(e, 0)` restores (database or default).
    pub default_timeout: u32,
    /// Retry count that `SnmpSetRetry(e, 0)` restores.
    pub default_retry: u32,
    /// Whether the entity is listening as an agent (`SnmpListen`).
    pub listening: bool,
    /// Friendly name from the database, if it has one.
    pub name: Option<String>,
    /// SNMPv3 settings (`version` is then [`Version::V3`]): `WinSnmpSetEntityUsm`, or
    /// those of the user a received SNMPv3 message came from.
    pub security: Option<std::sync::Arc<crate::usm::EntitySecurity>>,
}

/// A context: a community string and its friendly name, if the database has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// The community.
    pub community: Vec<u8>,
    /// Friendly name.
    pub name: Option<String>,
}

/// Which outputs of `SnmpGetPduData` the caller wants (a C NULL pointer is `false`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PduFields {
    /// `PDU_type`.
    pub pdu_type: bool,
    /// `request_id`.
    pub request_id: bool,
    /// `error_status` (non-repeaters).
    pub error_status: bool,
    /// `error_index` (max-repetitions).
    pub error_index: bool,
    /// `varbindlist`: a new VBL handle is created only when this is set.
    pub varbind_list: bool,
}

impl PduFields {
    /// Every output.
    pub const ALL: Self = Self {
        pdu_type: true,
        request_id: true,
        error_status: true,
        error_index: true,
        varbind_list: true,
    };

    /// The four scalar outputs, no VBL.
    pub const SCALARS: Self = Self {
        varbind_list: false,
        ..Self::ALL
    };

    const fn any(self) -> bool {
        self.pdu_type
            || self.request_id
            || self.error_status
            || self.error_index
            || self.varbind_list
    }
}

/// What `SnmpGetPduData` returns (fields not asked for are still filled, except the VBL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PduInfo {
    /// `SNMP_PDU_*` type.
    pub pdu_type: i32,
    /// request-id.
    pub request_id: i32,
    /// error-status (non-repeaters for GetBulk).
    pub error_status: i32,
    /// error-index (max-repetitions for GetBulk).
    pub error_index: i32,
    /// A new copy of the PDU's bindings, when asked for.
    pub varbind_list: Option<HVbl>,
}

/// Which outputs of `SnmpDecodeMsg` the caller wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeOutputs {
    /// `srcEntity`/`dstEntity` pointers given (they always receive 0 for v1/v2c).
    pub entities: bool,
    /// A context handle is created only when this is set.
    pub context: bool,
    /// A PDU handle is created only when this is set.
    pub pdu: bool,
}

impl DecodeOutputs {
    /// Every output.
    pub const ALL: Self = Self {
        entities: true,
        context: true,
        pdu: true,
    };
}

/// What `SnmpDecodeMsg` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodedHandles {
    /// Bytes of the buffer the message took.
    pub used: u32,
    /// The message's community as a new context, when asked for.
    pub context: Option<HContext>,
    /// The message's PDU as a new PDU, when asked for.
    pub pdu: Option<HPdu>,
}

/// A live object and the session that owns it.
struct Owned<T> {
    owner: HSession,
    value: T,
}

/// Live object counts, for leak checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Open sessions.
    pub sessions: usize,
    /// Live entities.
    pub entities: usize,
    /// Live contexts.
    pub contexts: usize,
    /// Live PDUs.
    pub pdus: usize,
    /// Live VBLs.
    pub vbls: usize,
}

impl Counts {
    /// Sum of all five.
    pub const fn total(&self) -> usize {
        self.sessions + self.entities + self.contexts + self.pdus + self.vbls
    }
}

/// The WinSNMP model of one process: deterministic, no I/O.
///
/// `C` is whatever the layer above stores as a session's notification target (the
/// `winsnmp` crate stores a boxed callback). Every method that can fail records the error
/// as Appendix E 2 says: in the application-wide slot, and in the slot of the session the
/// call names or that owns its first valid handle argument.
///
/// ```
/// use winsnmp_engine::{Engine, SnmpApiError, consts::*};
/// let mut e: Engine<()> = Engine::new(Default::default());
/// assert_eq!(e.create_vbl_count(), 0);
/// assert_eq!(e.get_translate_mode(true), Err(SnmpApiError::NotInitialized));
/// e.startup(false).unwrap();
/// let s = e.create_session(0, 0, Some(())).unwrap();
/// let oid = winsnmp_engine::str_to_oid(b"1.3.6.1.2.1.1.1.0").unwrap();
/// let vbl = e.create_vbl(s, Some(&oid), None).unwrap();
/// assert_eq!(e.count_vbl(vbl), Ok(1));
/// e.close(s).unwrap();
/// assert_eq!(e.count_vbl(vbl), Err(SnmpApiError::VblInvalid));
/// assert_eq!(e.last_error(None), SnmpApiError::VblInvalid as u32);
/// ```
pub struct Engine<C> {
    limits: Limits,
    host: Box<dyn Host>,
    legacy_started: bool,
    ex_count: u32,
    app_error: Option<SnmpApiError>,
    translate_mode: u32,
    retransmit_mode: u32,
    database: Database,
    pub(crate) next_request_id: i32,
    sessions: Table<Session<C>>,
    entities: Table<Owned<Entity>>,
    contexts: Table<Owned<Context>>,
    pdus: Table<Owned<PduData>>,
    vbls: Table<Owned<Vec<VarBindEntry>>>,
    comms: comms::Comms,
}

impl<C> Engine<C> {
    /// An engine with no host services: no database, literal addresses only.
    pub fn new(limits: Limits) -> Self {
        Self::with_host(limits, Box::new(NoHost))
    }

    /// An engine that logs through `host`.
    pub fn with_host(mut limits: Limits, host: Box<dyn Host>) -> Self {
        limits.max_handles = limits.max_handles.min(Limits::MAX_HANDLES);
        limits.max_sessions = limits.max_sessions.min(Limits::MAX_HANDLES);
        Self {
            limits,
            host,
            legacy_started: false,
            ex_count: 0,
            app_error: None,
            translate_mode: DEFAULT_TRANSLATE_MODE,
            retransmit_mode: DEFAULT_RETRANSMIT_MODE,
            database: Database::empty(),
            next_request_id: 1,
            sessions: Table::new(HandleKind::Session),
            entities: Table::new(HandleKind::Entity),
            contexts: Table::new(HandleKind::Context),
            pdus: Table::new(HandleKind::Pdu),
            vbls: Table::new(HandleKind::Vbl),
            comms: comms::Comms::default(),
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Changes the limits; objects already alive stay alive.
    pub fn set_limits(&mut self, mut limits: Limits) {
        limits.max_handles = limits.max_handles.min(Limits::MAX_HANDLES);
        limits.max_sessions = limits.max_sessions.min(Limits::MAX_HANDLES);
        self.limits = limits;
    }

    /// Whether a startup is outstanding.
    pub fn is_initialized(&self) -> bool {
        self.legacy_started || self.ex_count > 0
    }

    /// Live object counts.
    pub fn counts(&self) -> Counts {
        Counts {
            sessions: self.sessions.len(),
            entities: self.entities.len(),
            contexts: self.contexts.len(),
            pdus: self.pdus.len(),
            vbls: self.vbls.len(),
        }
    }

    /// Slots allocated in all tables (live + free): the engine's handle memory footprint.
    pub fn table_capacity(&self) -> usize {
        self.sessions.capacity()
            + self.entities.capacity()
            + self.contexts.capacity()
            + self.pdus.capacity()
            + self.vbls.capacity()
    }

    /// The loaded database.
    pub fn database(&self) -> &Database {
        &self.database
    }

    /// A session, if `s` is open.
    pub fn session(&self, s: HSession) -> Option<&Session<C>> {
        self.sessions.get(s.raw())
    }

    /// An entity, if `e` is live.
    pub fn entity(&self, e: HEntity) -> Option<&Entity> {
        self.entities.get(e.raw()).map(|o| &o.value)
    }

    /// Mutable access for the communications code (listening flag, address).
    pub(crate) fn entity_mut(&mut self, e: HEntity) -> Option<&mut Entity> {
        self.entities.get_mut(e.raw()).map(|o| &mut o.value)
    }

    /// A context, if `c` is live.
    pub fn context(&self, c: HContext) -> Option<&Context> {
        self.contexts.get(c.raw()).map(|o| &o.value)
    }

    /// A PDU, if `p` is live.
    pub fn pdu(&self, p: HPdu) -> Option<&PduData> {
        self.pdus.get(p.raw()).map(|o| &o.value)
    }

    /// A VBL's entries, if `v` is live.
    pub fn vbl(&self, v: HVbl) -> Option<&[VarBindEntry]> {
        self.vbls.get(v.raw()).map(|o| o.value.as_slice())
    }

    /// The session that owns a handle of any kind (a session owns itself).
    pub fn owner_of(&self, h: RawHandle) -> Option<HSession> {
        match h.kind()? {
            HandleKind::Session => self.sessions.get(h).map(|_| HSession::from_raw(h.0)),
            HandleKind::Entity => self.entities.get(h).map(|o| o.owner),
            HandleKind::Context => self.contexts.get(h).map(|o| o.owner),
            HandleKind::Pdu => self.pdus.get(h).map(|o| o.owner),
            HandleKind::Vbl => self.vbls.get(h).map(|o| o.owner),
        }
    }

    // ---------------------------------------------------------------- last error

    /// `SnmpGetLastError`: the session's last error for an open session, the
    /// application-wide one for `None` or a session that is not open. `SNMPAPI_SUCCESS` (1)
    /// until an error happens (Appendix E 2). Never fails, works before startup.
    pub fn last_error(&self, session: Option<HSession>) -> u32 {
        let slot = session
            .and_then(|s| self.sessions.get(s.raw()))
            .map_or(self.app_error, |s| s.last_error);
        slot.map_or(SNMPAPI_SUCCESS, SnmpApiError::code)
    }

    /// Records `error` as a failure of a call about `handles` (Appendix E 2). Layers above
    /// use it for errors they detect themselves (e.g. the C descriptor registry).
    pub fn record_error(&mut self, error: SnmpApiError, handles: &[RawHandle]) {
        self.app_error = Some(error);
        if let Some(owner) = handles.iter().find_map(|h| self.owner_of(*h))
            && let Some(s) = self.sessions.get_mut(owner.raw())
        {
            s.last_error = Some(error);
        }
    }

    fn track<T>(&mut self, r: R<T>, handles: &[RawHandle]) -> R<T> {
        if let Err(e) = &r {
            self.record_error(*e, handles);
        }
        r
    }

    fn require_init(&self) -> R<()> {
        if self.is_initialized() {
            Ok(())
        } else {
            Err(SnmpApiError::NotInitialized)
        }
    }

    // ---------------------------------------------------------------- runtime

    /// `SnmpStartup` (`ex == false`) or `SnmpStartupEx` (`ex == true`), Appendix E 1: the
    /// first startup resets the modes to their defaults (the caller then hands in the
    /// database it read, [`Engine::handle_database`]).
    ///
    /// # Errors
    /// `SNMPAPI_OTHER_ERROR` if the `SnmpStartupEx` count would overflow.
    pub fn startup(&mut self, ex: bool) -> R<StartupInfo> {
        let r = self.startup_inner(ex);
        self.track(r, &[])
    }

    fn startup_inner(&mut self, ex: bool) -> R<StartupInfo> {
        let was = self.is_initialized();
        if ex {
            self.ex_count = self
                .ex_count
                .checked_add(1)
                .ok_or(SnmpApiError::OtherError)?;
        } else {
            self.legacy_started = true;
        }
        if !was {
            self.translate_mode = DEFAULT_TRANSLATE_MODE;
            self.retransmit_mode = DEFAULT_RETRANSMIT_MODE;
            self.comms_startup();
        }
        Ok(StartupInfo {
            major_version: 2,
            minor_version: 0,
            level: SNMPAPI_V2_SUPPORT,
            translate_mode: self.translate_mode,
            retransmit_mode: self.retransmit_mode,
        })
    }

    /// `SnmpCleanup` (`ex == false`: clears the startup flag) or `SnmpCleanupEx` (`ex ==
    /// true`: decrements the count). When neither remains, every session is closed and every
    /// object freed; their callbacks are returned so the caller can drop them outside its
    /// lock.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED` with no startup outstanding; `SNMPAPI_OTHER_ERROR` for
    /// `SnmpCleanupEx` with no `SnmpStartupEx` outstanding.
    pub fn cleanup(&mut self, ex: bool) -> R<Vec<C>> {
        let r = self.cleanup_inner(ex);
        self.track(r, &[])
    }

    fn cleanup_inner(&mut self, ex: bool) -> R<Vec<C>> {
        self.require_init()?;
        if ex {
            if self.ex_count == 0 {
                return Err(SnmpApiError::OtherError);
            }
            self.ex_count -= 1;
        } else {
            self.legacy_started = false;
        }
        if self.is_initialized() {
            return Ok(Vec::new());
        }
        self.comms_teardown();
        self.database = Database::empty();
        self.entities.clear();
        self.contexts.clear();
        self.pdus.clear();
        self.vbls.clear();
        Ok(self
            .sessions
            .clear()
            .into_iter()
            .map(|s| s.callback)
            .collect())
    }

    /// The entity database file (Appendix E 9) as the caller read it: `Ok(None)` when there
    /// is no file, `Ok(Some(text))`, or `Err(reason)` when it exists but could not be read.
    /// The runtime reads the file, without holding the engine's lock, at the first startup
    /// and at every `SnmpSetTranslateMode`, and hands it in here; the engine never reads a
    /// file itself. A malformed or unreadable file is logged and makes lookups fail
    /// (`SNMPAPI_ENTITY_UNKNOWN`/`SNMPAPI_CONTEXT_UNKNOWN`) until a good one comes.
    pub fn handle_database(&mut self, file: Result<Option<String>, String>) {
        self.database = match file {
            Ok(None) => Database::empty(),
            Ok(Some(text)) => Database::parse(&text).unwrap_or_else(|reason| {
                self.host
                    .log(&format!("winsnmp: entity database ignored: {reason}"));
                Database::broken(reason)
            }),
            Err(reason) => {
                self.host
                    .log(&format!("winsnmp: entity database unreadable: {reason}"));
                Database::broken(reason)
            }
        };
    }

    /// `SnmpGetVendorInfo`; `output == false` models a NULL `vendorInfo`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_NOOP` (no output).
    pub fn get_vendor_info(&mut self, output: bool) -> R<VendorInfo> {
        let r = self
            .require_init()
            .and_then(|()| wanted(output, VENDOR_INFO));
        self.track(r, &[])
    }

    // ---------------------------------------------------------------- modes

    /// `SnmpGetTranslateMode`; `output == false` models a NULL pointer.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_NOOP`.
    pub fn get_translate_mode(&mut self, output: bool) -> R<u32> {
        let r = self
            .require_init()
            .and_then(|()| wanted(output, self.translate_mode));
        self.track(r, &[])
    }

    /// `SnmpSetTranslateMode`. The runtime also rereads the database file and hands it in
    /// ([`Engine::handle_database`]) when this succeeds (Appendix E 9).
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_MODE_INVALID` (not 0, 1 or 2).
    pub fn set_translate_mode(&mut self, mode: u32) -> R<()> {
        let r = self.require_init().and_then(|()| {
            if mode > SNMPAPI_UNTRANSLATED_V2 {
                return Err(SnmpApiError::ModeInvalid);
            }
            self.translate_mode = mode;
            Ok(())
        });
        self.track(r, &[])
    }

    /// `SnmpGetRetransmitMode`; `output == false` models a NULL pointer.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_NOOP`.
    pub fn get_retransmit_mode(&mut self, output: bool) -> R<u32> {
        let r = self
            .require_init()
            .and_then(|()| wanted(output, self.retransmit_mode));
        self.track(r, &[])
    }

    /// `SnmpSetRetransmitMode`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_MODE_INVALID` (not `SNMPAPI_ON`/`SNMPAPI_OFF`).
    pub fn set_retransmit_mode(&mut self, mode: u32) -> R<()> {
        let r = self.require_init().and_then(|()| {
            if mode > SNMPAPI_ON {
                return Err(SnmpApiError::ModeInvalid);
            }
            if mode == SNMPAPI_OFF {
                self.comms_retransmit_off();
            }
            self.retransmit_mode = mode;
            Ok(())
        });
        self.track(r, &[])
    }

    // ---------------------------------------------------------------- sessions

    /// `SnmpCreateSession`. `callback == None` asks for window-message notification, which
    /// this implementation refuses (Appendix E 4).
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`; `SNMPAPI_HWND_INVALID` (no callback, non-zero `hwnd`);
    /// `SNMPAPI_OPERATION_INVALID` (no callback, no window); `SNMPAPI_ALLOC_ERROR` (session
    /// limit reached).
    pub fn create_session(&mut self, hwnd: usize, wmsg: u32, callback: Option<C>) -> R<HSession> {
        let _ = wmsg;
        let r = self.require_init().and_then(|()| {
            let Some(cb) = callback else {
                return Err(if hwnd != 0 {
                    SnmpApiError::HwndInvalid
                } else {
                    SnmpApiError::OperationInvalid
                });
            };
            let limit = self.limits.max_sessions;
            let queue = self.limits.max_queued_messages;
            self.sessions
                .insert(Session::new(cb, queue), limit)
                .map(|h| HSession::from_raw(h.0))
                .ok_or(SnmpApiError::AllocError)
        });
        self.track(r, &[])
    }

    /// `SnmpOpen`: window-message notification only, refused off Windows (Appendix E 4).
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_HWND_INVALID`.
    pub fn open(&mut self, hwnd: usize, wmsg: u32) -> R<HSession> {
        let _ = (hwnd, wmsg);
        let r = self.require_init().and(Err(SnmpApiError::HwndInvalid));
        self.track(r, &[])
    }

    /// `SnmpClose`: cancels the session's outstanding requests, drops its registrations,
    /// stops its listening entities (their ports are released), forgets its pending
    /// notifications, frees every entity, context, PDU and VBL it owns and drops its
    /// receive queue. Returns the session's callback.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`.
    pub fn close(&mut self, s: HSession) -> R<C> {
        let r = self.require_init().and_then(|()| {
            if self.sessions.get(s.raw()).is_some() {
                self.comms_close_session(s);
            }
            let session = self
                .sessions
                .remove(s.raw())
                .ok_or(SnmpApiError::SessionInvalid)?;
            for h in &session.owned {
                self.remove_object(*h);
            }
            Ok(session.callback)
        });
        self.track(r, &[s.raw()])
    }

    fn remove_object(&mut self, h: RawHandle) -> Option<HSession> {
        match h.kind()? {
            HandleKind::Entity => self.entities.remove(h).map(|o| o.owner),
            HandleKind::Context => self.contexts.remove(h).map(|o| o.owner),
            HandleKind::Pdu => self.pdus.remove(h).map(|o| o.owner),
            HandleKind::Vbl => self.vbls.remove(h).map(|o| o.owner),
            HandleKind::Session => None,
        }
    }

    /// Frees an object and removes it from its owner's set.
    fn free_object(&mut self, h: RawHandle, kind: HandleKind) -> R<()> {
        if h.kind() != Some(kind) {
            return Err(kind.invalid());
        }
        if kind == HandleKind::Entity {
            self.comms_entity_freed(h);
        }
        let owner = self.remove_object(h).ok_or(kind.invalid())?;
        if let Some(s) = self.sessions.get_mut(owner.raw()) {
            s.owned.remove(&h);
        }
        Ok(())
    }

    fn check_session(&self, s: HSession) -> R<()> {
        self.require_init()?;
        self.sessions
            .get(s.raw())
            .map(|_| ())
            .ok_or(SnmpApiError::SessionInvalid)
    }

    fn adopt(&mut self, owner: HSession, h: RawHandle) {
        if let Some(s) = self.sessions.get_mut(owner.raw()) {
            s.owned.insert(h);
        }
    }

    fn add_entity(&mut self, owner: HSession, value: Entity) -> R<HEntity> {
        let h = self
            .entities
            .insert(Owned { owner, value }, self.limits.max_handles)
            .ok_or(SnmpApiError::AllocError)?;
        self.adopt(owner, h);
        Ok(HEntity::from_raw(h.0))
    }

    fn add_context(&mut self, owner: HSession, value: Context) -> R<HContext> {
        let h = self
            .contexts
            .insert(Owned { owner, value }, self.limits.max_handles)
            .ok_or(SnmpApiError::AllocError)?;
        self.adopt(owner, h);
        Ok(HContext::from_raw(h.0))
    }

    fn add_pdu(&mut self, owner: HSession, value: PduData) -> R<HPdu> {
        let h = self
            .pdus
            .insert(Owned { owner, value }, self.limits.max_handles)
            .ok_or(SnmpApiError::AllocError)?;
        self.adopt(owner, h);
        Ok(HPdu::from_raw(h.0))
    }

    fn add_vbl(&mut self, owner: HSession, value: Vec<VarBindEntry>) -> R<HVbl> {
        let h = self
            .vbls
            .insert(Owned { owner, value }, self.limits.max_handles)
            .ok_or(SnmpApiError::AllocError)?;
        self.adopt(owner, h);
        Ok(HVbl::from_raw(h.0))
    }

    /// A new request id: never 0, never the id of an outstanding request, and unique
    /// until 2^31 - 1 ids have been issued.
    pub fn generate_request_id(&mut self) -> i32 {
        loop {
            let id = self.next_request_id;
            self.next_request_id = if id == i32::MAX { 1 } else { id + 1 };
            if !self.request_outstanding(id) {
                return id;
            }
        }
    }

    /// Number of VBLs alive (all sessions): handy in doc examples and leak checks.
    pub fn create_vbl_count(&self) -> usize {
        self.vbls.len()
    }

    // ---------------------------------------------------------------- entities

    /// `SnmpStrToEntity` for text that names no host to resolve: a friendly name in
    /// `SNMPAPI_TRANSLATED` mode, otherwise a literal address (Appendix E 8): IPv4 dotted
    /// quad, IPv6 (bare, or `[addr]` when a port follows), an optional `:port`. A host name
    /// needs [`Engine::str_to_entity_resolved`]; here it is `SNMPAPI_ENTITY_UNKNOWN`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_ENTITY_UNKNOWN`,
    /// `SNMPAPI_ALLOC_ERROR` (handle limit).
    pub fn str_to_entity(&mut self, s: HSession, text: &str) -> R<HEntity> {
        self.str_to_entity_resolved(s, text, None)
    }

    /// The host name, and port, that `SnmpStrToEntity(s, text)` has to resolve under the
    /// current translate mode and database (a literal host name, or a database entry whose
    /// address is one); `None` when there is none (a literal address, text that is not
    /// usable, a session that is not open). The caller resolves it without holding the
    /// engine's lock and passes the answer to [`Engine::str_to_entity_resolved`].
    pub fn entity_host_name(&self, s: HSession, text: &str) -> Option<(String, u16)> {
        self.check_session(s).ok()?;
        let (host, port, _) = self.entity_target(text).ok()?;
        (host.parse::<IpAddr>().is_err() && is_host_name(host)).then(|| (host.to_owned(), port))
    }

    /// `SnmpStrToEntity`, with `resolved` the answer for the name
    /// [`Engine::entity_host_name`] asked for (Appendix E 8: host names are resolved once,
    /// when the entity is made). A host name with no matching answer (the translate mode or
    /// the database changed in between) is `SNMPAPI_ENTITY_UNKNOWN`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_ENTITY_UNKNOWN`,
    /// `SNMPAPI_ALLOC_ERROR` (handle limit).
    pub fn str_to_entity_resolved(
        &mut self,
        s: HSession,
        text: &str,
        resolved: Option<&Resolved>,
    ) -> R<HEntity> {
        let r = self.check_session(s).and_then(|()| {
            let entity = self.resolve_entity(text, resolved)?;
            self.add_entity(s, entity)
        });
        self.track(r, &[s.raw()])
    }

    /// The unresolved host, the port and (translated mode) the database entry that `text`
    /// names.
    fn entity_target<'a>(&'a self, text: &'a str) -> R<(&'a str, u16, Option<&'a DbEntity>)> {
        if self.translate_mode == SNMPAPI_TRANSLATED {
            if self.database.error().is_some() {
                return Err(SnmpApiError::EntityUnknown);
            }
            let db = self
                .database
                .entity(text)
                .ok_or(SnmpApiError::EntityUnknown)?;
            return Ok((&db.address, db.port, Some(db)));
        }
        let (host, port) = parse_literal(text).ok_or(SnmpApiError::EntityUnknown)?;
        Ok((host, port.unwrap_or(DEFAULT_SNMP_PORT_UDP), None))
    }

    fn resolve_entity(&self, text: &str, resolved: Option<&Resolved>) -> R<Entity> {
        if self.translate_mode == SNMPAPI_TRANSLATED
            && let Some(reason) = self.database.error()
        {
            self.host.log(&format!(
                "winsnmp: entity {text:?} unknown: database: {reason}"
            ));
        }
        let (host, port, db) = self.entity_target(text)?;
        let addr = resolve_address(host, port, resolved)?;
        if let Some(db) = db {
            return Ok(Entity {
                addr,
                version: db.version,
                timeout: db.timeout,
                retry: db.retry,
                default_timeout: db.timeout,
                default_retry: db.retry,
                listening: false,
                name: Some(text.to_owned()),
                security: None,
            });
        }
        let version = self.default_version();
        // The database still lends timeout, retry and name to a literal address it knows.
        let known = self.database.entities().find(|(_, e)| {
            e.port == addr.port() && e.address.parse::<IpAddr>().ok() == Some(addr.ip())
        });
        let (timeout, retry, name) = match known {
            Some((n, e)) => (e.timeout, e.retry, Some(n.to_owned())),
            None => (DEFAULT_TIMEOUT, DEFAULT_RETRY, None),
        };
        Ok(Entity {
            addr,
            version,
            timeout,
            retry,
            default_timeout: timeout,
            default_retry: retry,
            listening: false,
            name,
            security: None,
        })
    }

    /// The version of a literal entity: SNMPv1 in `SNMPAPI_UNTRANSLATED_V1` mode, else
    /// SNMPv2c.
    pub(crate) fn default_version(&self) -> Version {
        if self.translate_mode == SNMPAPI_UNTRANSLATED_V1 {
            Version::V1
        } else {
            Version::V2c
        }
    }

    /// `SnmpEntityToStr`: the friendly name (translated mode, when the entity has one) or
    /// the literal address (`:port` added when it is not 161; IPv6 then in brackets),
    /// checked against a C buffer of `size` bytes that must also hold the NUL.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_OUTPUT_TRUNCATED`.
    pub fn entity_to_str(&mut self, e: HEntity, size: u32) -> R<String> {
        let r = self.require_init().and_then(|()| {
            let ent = &self.entities.try_get(e.raw())?.value;
            let s = match (&ent.name, self.translate_mode) {
                (Some(n), SNMPAPI_TRANSLATED) => n.clone(),
                _ => format_address(ent.addr),
            };
            if s.len() + 1 > size as usize {
                return Err(SnmpApiError::OutputTruncated);
            }
            Ok(s)
        });
        self.track(r, &[e.raw()])
    }

    /// `SnmpFreeEntity`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`.
    pub fn free_entity(&mut self, e: HEntity) -> R<()> {
        let r = self
            .require_init()
            .and_then(|()| self.free_object(e.raw(), HandleKind::Entity));
        self.track(r, &[e.raw()])
    }

    /// `SnmpSetPort`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_OPERATION_INVALID`
    /// (listening entity, port 0 or above 65535).
    pub fn set_port(&mut self, e: HEntity, port: u32) -> R<()> {
        let r = self.require_init().and_then(|()| {
            let ent = &mut self.entities.try_get_mut(e.raw())?.value;
            if ent.listening {
                return Err(SnmpApiError::OperationInvalid);
            }
            let port = u16::try_from(port)
                .ok()
                .filter(|p| *p != 0)
                .ok_or(SnmpApiError::OperationInvalid)?;
            ent.addr.set_port(port);
            Ok(())
        });
        self.track(r, &[e.raw()])
    }

    /// `SnmpGetTimeout`: `(policy, actual)`; `outputs` tells which C pointers were given.
    /// "Actual" is the value in use (Appendix E 7), equal to the policy.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_NOOP` (no output).
    pub fn get_timeout(&mut self, e: HEntity, outputs: (bool, bool)) -> R<(u32, u32)> {
        let r = self.require_init().and_then(|()| {
            let ent = &self.entities.try_get(e.raw())?.value;
            if !outputs.0 && !outputs.1 {
                return Err(SnmpApiError::Noop);
            }
            Ok((ent.timeout, ent.timeout))
        });
        self.track(r, &[e.raw()])
    }

    /// `SnmpSetTimeout` (hundredths of a second); 0 restores the entity's default.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`.
    pub fn set_timeout(&mut self, e: HEntity, timeout: u32) -> R<()> {
        let r = self.require_init().and_then(|()| {
            let ent = &mut self.entities.try_get_mut(e.raw())?.value;
            ent.timeout = if timeout == 0 {
                ent.default_timeout
            } else {
                timeout
            };
            Ok(())
        });
        self.track(r, &[e.raw()])
    }

    /// `SnmpGetRetry`: `(policy, actual)`, as [`Engine::get_timeout`].
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_NOOP` (no output).
    pub fn get_retry(&mut self, e: HEntity, outputs: (bool, bool)) -> R<(u32, u32)> {
        let r = self.require_init().and_then(|()| {
            let ent = &self.entities.try_get(e.raw())?.value;
            if !outputs.0 && !outputs.1 {
                return Err(SnmpApiError::Noop);
            }
            Ok((ent.retry, ent.retry))
        });
        self.track(r, &[e.raw()])
    }

    /// `SnmpSetRetry`; 0 restores the entity's default.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`.
    pub fn set_retry(&mut self, e: HEntity, retry: u32) -> R<()> {
        let r = self.require_init().and_then(|()| {
            let ent = &mut self.entities.try_get_mut(e.raw())?.value;
            ent.retry = if retry == 0 { ent.default_retry } else { retry };
            Ok(())
        });
        self.track(r, &[e.raw()])
    }

    // ---------------------------------------------------------------- contexts

    /// `SnmpStrToContext`: a friendly name in translated mode, else a literal community.
    /// A C `NULL` pointer is passed as an empty slice.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_CONTEXT_INVALID`
    /// (empty, or longer than the largest message, [`Limits::max_message_size`]: such a
    /// community could never be sent), `SNMPAPI_CONTEXT_UNKNOWN` (name not in the
    /// database), `SNMPAPI_ALLOC_ERROR`.
    pub fn str_to_context(&mut self, s: HSession, text: &[u8]) -> R<HContext> {
        let r = self.check_session(s).and_then(|()| {
            if text.is_empty() || text.len() > self.limits.max_message_size {
                return Err(SnmpApiError::ContextInvalid);
            }
            let ctx = if self.translate_mode == SNMPAPI_TRANSLATED {
                if let Some(reason) = self.database.error() {
                    self.host
                        .log(&format!("winsnmp: context unknown: database: {reason}"));
                    return Err(SnmpApiError::ContextUnknown);
                }
                let name = std::str::from_utf8(text).map_err(|_| SnmpApiError::ContextUnknown)?;
                let db = self
                    .database
                    .context(name)
                    .ok_or(SnmpApiError::ContextUnknown)?;
                Context {
                    community: db.community.clone(),
                    name: Some(name.to_owned()),
                }
            } else {
                Context {
                    community: text.to_vec(),
                    name: self.database.context_name_for(text).map(str::to_owned),
                }
            };
            self.add_context(s, ctx)
        });
        self.track(r, &[s.raw()])
    }

    /// `WinSnmpStrToContextName` (extension): a context holding the SNMPv3 context name
    /// `name` literally, whatever the translate mode; unlike `SnmpStrToContext` it may be
    /// empty (the default context, `-n ""`). With a v1/v2c entity it is used as a community.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_SIZE_INVALID` (over
    /// the largest message, 65,507 octets), `SNMPAPI_ALLOC_ERROR`.
    pub fn str_to_context_name(&mut self, s: HSession, name: &[u8]) -> R<HContext> {
        let r = self.check_session(s).and_then(|()| {
            if name.len() > self.limits.max_message_size {
                return Err(SnmpApiError::SizeInvalid);
            }
            self.add_context(
                s,
                Context {
                    community: name.to_vec(),
                    name: None,
                },
            )
        });
        self.track(r, &[s.raw()])
    }

    /// `SnmpContextToStr`: the friendly name (translated mode, when known) or the
    /// community, as a new byte vector; `output == false` models a NULL descriptor.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_CONTEXT_INVALID`, `SNMPAPI_NOOP`.
    pub fn context_to_str(&mut self, c: HContext, output: bool) -> R<Vec<u8>> {
        let r = self.require_init().and_then(|()| {
            let ctx = &self.contexts.try_get(c.raw())?.value;
            if !output {
                return Err(SnmpApiError::Noop);
            }
            Ok(match (&ctx.name, self.translate_mode) {
                (Some(n), SNMPAPI_TRANSLATED) => n.as_bytes().to_vec(),
                _ => ctx.community.clone(),
            })
        });
        self.track(r, &[c.raw()])
    }

    /// `SnmpFreeContext`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_CONTEXT_INVALID`.
    pub fn free_context(&mut self, c: HContext) -> R<()> {
        let r = self
            .require_init()
            .and_then(|()| self.free_object(c.raw(), HandleKind::Context));
        self.track(r, &[c.raw()])
    }

    // ---------------------------------------------------------------- PDUs

    /// `SnmpCreatePdu`. Type 0 means `SNMP_PDU_GETNEXT`; request id 0 asks for a generated
    /// one; for GetBulk the error fields are non-repeaters and max-repetitions. The VBL's
    /// entries are copied (Appendix E 6). Field combinations are checked only at encode.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_PDU_INVALID` (type),
    /// `SNMPAPI_VBL_INVALID`, `SNMPAPI_ALLOC_ERROR`.
    pub fn create_pdu(
        &mut self,
        s: HSession,
        pdu_type: i32,
        request_id: i32,
        error_status: i32,
        error_index: i32,
        vbl: Option<HVbl>,
    ) -> R<HPdu> {
        let r = self.check_session(s).and_then(|()| {
            let pdu_type = if pdu_type == 0 {
                SNMP_PDU_GETNEXT
            } else {
                pdu_type
            };
            if !PduData::creatable_type(pdu_type) {
                return Err(SnmpApiError::PduInvalid);
            }
            let varbinds = match vbl {
                Some(v) => self.vbls.try_get(v.raw())?.value.clone(),
                None => Vec::new(),
            };
            let request_id = if request_id == 0 {
                self.generate_request_id()
            } else {
                request_id
            };
            self.add_pdu(
                s,
                PduData {
                    pdu_type,
                    request_id,
                    error_status,
                    error_index,
                    varbinds,
                },
            )
        });
        let vbl = vbl.map_or(RawHandle(0), HVbl::raw);
        self.track(r, &[s.raw(), vbl])
    }

    /// `SnmpGetPduData`. When `fields.varbind_list` is set a new VBL, owned by the PDU's
    /// session, receives a copy of the bindings.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_PDU_INVALID`, `SNMPAPI_NOOP` (no output),
    /// `SNMPAPI_ALLOC_ERROR`.
    pub fn get_pdu_data(&mut self, p: HPdu, fields: PduFields) -> R<PduInfo> {
        let r = self.require_init().and_then(|()| {
            let o = self.pdus.try_get(p.raw())?;
            if !fields.any() {
                return Err(SnmpApiError::Noop);
            }
            let owner = o.owner;
            let d = &o.value;
            let mut info = PduInfo {
                pdu_type: d.pdu_type,
                request_id: d.request_id,
                error_status: d.error_status,
                error_index: d.error_index,
                varbind_list: None,
            };
            if fields.varbind_list {
                let copy = d.varbinds.clone();
                info.varbind_list = Some(self.add_vbl(owner, copy)?);
            }
            Ok(info)
        });
        self.track(r, &[p.raw()])
    }

    /// `SnmpSetPduData`: each `Some` replaces a field (a C NULL pointer is `None`).
    /// Non-repeaters and max-repetitions apply only when the PDU is a GetBulk after this
    /// call's type change; otherwise they are ignored. The VBL's entries are copied.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_PDU_INVALID` (handle or type, `V1TRAP`
    /// included), `SNMPAPI_VBL_INVALID`, `SNMPAPI_NOOP` (all `None`).
    pub fn set_pdu_data(
        &mut self,
        p: HPdu,
        pdu_type: Option<i32>,
        request_id: Option<i32>,
        non_repeaters: Option<i32>,
        max_repetitions: Option<i32>,
        vbl: Option<HVbl>,
    ) -> R<()> {
        let r = self.require_init().and_then(|()| {
            self.pdus.try_get(p.raw())?;
            if pdu_type.is_none()
                && request_id.is_none()
                && non_repeaters.is_none()
                && max_repetitions.is_none()
                && vbl.is_none()
            {
                return Err(SnmpApiError::Noop);
            }
            if let Some(t) = pdu_type
                && !PduData::creatable_type(t)
            {
                return Err(SnmpApiError::PduInvalid);
            }
            let varbinds = match vbl {
                Some(v) => Some(self.vbls.try_get(v.raw())?.value.clone()),
                None => None,
            };
            let d = &mut self.pdus.try_get_mut(p.raw())?.value;
            if let Some(t) = pdu_type {
                d.pdu_type = t;
            }
            if let Some(id) = request_id {
                d.request_id = id;
            }
            if d.pdu_type == SNMP_PDU_GETBULK {
                if let Some(n) = non_repeaters {
                    d.error_status = n;
                }
                if let Some(m) = max_repetitions {
                    d.error_index = m;
                }
            }
            if let Some(v) = varbinds {
                d.varbinds = v;
            }
            Ok(())
        });
        self.track(r, &[p.raw()])
    }

    /// `SnmpDuplicatePdu`: a copy owned by `s`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_PDU_INVALID`,
    /// `SNMPAPI_ALLOC_ERROR`.
    pub fn duplicate_pdu(&mut self, s: HSession, p: HPdu) -> R<HPdu> {
        let r = self.check_session(s).and_then(|()| {
            let copy = self.pdus.try_get(p.raw())?.value.clone();
            self.add_pdu(s, copy)
        });
        self.track(r, &[s.raw(), p.raw()])
    }

    /// `SnmpFreePdu` (VBLs obtained from it stay alive).
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_PDU_INVALID`.
    pub fn free_pdu(&mut self, p: HPdu) -> R<()> {
        let r = self
            .require_init()
            .and_then(|()| self.free_object(p.raw(), HandleKind::Pdu));
        self.track(r, &[p.raw()])
    }

    // ---------------------------------------------------------------- VBLs

    /// `SnmpCreateVbl`: empty when `name` is `None`; one entry otherwise, with a NULL value
    /// when `value` is `None`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_OID_INVALID`,
    /// `SNMPAPI_SYNTAX_INVALID`, `SNMPAPI_ALLOC_ERROR`.
    pub fn create_vbl(
        &mut self,
        s: HSession,
        name: Option<&[u32]>,
        value: Option<&SmiValue>,
    ) -> R<HVbl> {
        let r = self.check_session(s).and_then(|()| {
            let entries = match name {
                None => Vec::new(),
                Some(n) => vec![make_entry(n, value)?],
            };
            self.add_vbl(s, entries)
        });
        self.track(r, &[s.raw()])
    }

    /// `SnmpDuplicateVbl`: a copy owned by `s`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_VBL_INVALID`,
    /// `SNMPAPI_ALLOC_ERROR`.
    pub fn duplicate_vbl(&mut self, s: HSession, v: HVbl) -> R<HVbl> {
        let r = self.check_session(s).and_then(|()| {
            let copy = self.vbls.try_get(v.raw())?.value.clone();
            self.add_vbl(s, copy)
        });
        self.track(r, &[s.raw(), v.raw()])
    }

    /// `SnmpFreeVbl`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_VBL_INVALID`.
    pub fn free_vbl(&mut self, v: HVbl) -> R<()> {
        let r = self
            .require_init()
            .and_then(|()| self.free_object(v.raw(), HandleKind::Vbl));
        self.track(r, &[v.raw()])
    }

    /// `SnmpCountVbl`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_VBL_INVALID`, `SNMPAPI_NOOP` (empty list).
    pub fn count_vbl(&mut self, v: HVbl) -> R<u32> {
        let r = self.require_init().and_then(|()| {
            let n = self.vbls.try_get(v.raw())?.value.len();
            if n == 0 {
                Err(SnmpApiError::Noop)
            } else {
                Ok(n as u32)
            }
        });
        self.track(r, &[v.raw()])
    }

    /// `SnmpGetVb`: copies of entry `index` (1-based); `outputs` = (name, value) pointers
    /// given.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_VBL_INVALID`, `SNMPAPI_INDEX_INVALID`,
    /// `SNMPAPI_NOOP` (no output).
    pub fn get_vb(&mut self, v: HVbl, index: u32, outputs: (bool, bool)) -> R<VarBindEntry> {
        let r = self.require_init().and_then(|()| {
            let list = &self.vbls.try_get(v.raw())?.value;
            let i = checked_index(index, list.len())?;
            if !outputs.0 && !outputs.1 {
                return Err(SnmpApiError::Noop);
            }
            Ok(list[i].clone())
        });
        self.track(r, &[v.raw()])
    }

    /// `SnmpSetVb`: `index` 0 appends (returns the new count), `1..=n` replaces (returns
    /// `index`); `name == None` keeps the entry's name (not allowed when appending);
    /// `value == None` stores a NULL value.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_VBL_INVALID`, `SNMPAPI_INDEX_INVALID`,
    /// `SNMPAPI_OID_INVALID`, `SNMPAPI_SYNTAX_INVALID`.
    pub fn set_vb(
        &mut self,
        v: HVbl,
        index: u32,
        name: Option<&[u32]>,
        value: Option<&SmiValue>,
    ) -> R<u32> {
        let r = self.require_init().and_then(|()| {
            let n = self.vbls.try_get(v.raw())?.value.len();
            if index != 0 {
                checked_index(index, n)?;
            }
            let value = match value {
                Some(val) => {
                    val.validate()?;
                    val.clone()
                }
                None => SmiValue::Null,
            };
            if let Some(nm) = name {
                check_name(nm)?;
            }
            let list = &mut self.vbls.try_get_mut(v.raw())?.value;
            if index == 0 {
                let nm = name.ok_or(SnmpApiError::OidInvalid)?;
                if list.len() >= u32::MAX as usize - 1 {
                    return Err(SnmpApiError::AllocError);
                }
                list.push(VarBindEntry {
                    name: nm.to_vec(),
                    value,
                });
                Ok(list.len() as u32)
            } else {
                let e = &mut list[index as usize - 1];
                if let Some(nm) = name {
                    e.name = nm.to_vec();
                }
                e.value = value;
                Ok(index)
            }
        });
        self.track(r, &[v.raw()])
    }

    /// `SnmpDeleteVb`: removes entry `index`; later entries move down.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_VBL_INVALID`, `SNMPAPI_INDEX_INVALID`.
    pub fn delete_vb(&mut self, v: HVbl, index: u32) -> R<()> {
        let r = self.require_init().and_then(|()| {
            let list = &mut self.vbls.try_get_mut(v.raw())?.value;
            let i = checked_index(index, list.len())?;
            list.remove(i);
            Ok(())
        });
        self.track(r, &[v.raw()])
    }

    // ---------------------------------------------------------------- utilities

    /// `SnmpStrToOid`; `output == false` models a NULL `dstOID`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_OID_INVALID`, `SNMPAPI_NOOP`.
    pub fn str_to_oid(&mut self, text: &[u8], output: bool) -> R<SmiOid> {
        let r = self.require_init().and_then(|()| {
            let oid = value::str_to_oid(text)?;
            if output {
                Ok(oid)
            } else {
                Err(SnmpApiError::Noop)
            }
        });
        self.track(r, &[])
    }

    /// `SnmpOidToStr` for a C buffer of `size` bytes.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SIZE_INVALID`, `SNMPAPI_OID_INVALID`,
    /// `SNMPAPI_OUTPUT_TRUNCATED`.
    pub fn oid_to_str(&mut self, oid: &[u32], size: u32) -> R<String> {
        let r = self
            .require_init()
            .and_then(|()| value::oid_to_str(oid, size));
        self.track(r, &[])
    }

    /// `SnmpOidCopy`; `output == false` models a NULL `dstOID`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_OID_INVALID`, `SNMPAPI_NOOP`.
    pub fn oid_copy(&mut self, oid: &[u32], output: bool) -> R<SmiOid> {
        let r = self.require_init().and_then(|()| {
            let c = value::oid_copy(oid)?;
            if output {
                Ok(c)
            } else {
                Err(SnmpApiError::Noop)
            }
        });
        self.track(r, &[])
    }

    /// `SnmpOidCompare`; `output == false` models a NULL `result`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_OID_INVALID`, `SNMPAPI_SIZE_INVALID`,
    /// `SNMPAPI_NOOP`.
    pub fn oid_compare(&mut self, x: &[u32], y: &[u32], maxlen: u32, output: bool) -> R<Ordering> {
        let r = self.require_init().and_then(|()| {
            let o = value::oid_compare(x, y, maxlen)?;
            if output {
                Ok(o)
            } else {
                Err(SnmpApiError::Noop)
            }
        });
        self.track(r, &[])
    }

    /// `SnmpFreeDescriptor`, the part that does not need the C pointer registry: checks the
    /// runtime and the syntax. The C layer then looks the pointer up in its registry and
    /// reports `SNMPAPI_OPERATION_INVALID`/`SNMPAPI_NOOP` through [`Engine::record_error`].
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SYNTAX_INVALID`.
    pub fn free_descriptor(&mut self, syntax: u32) -> R<()> {
        let r = self.require_init().and_then(|()| {
            if SmiValue::is_descriptor_syntax(syntax) {
                Ok(())
            } else {
                Err(SnmpApiError::SyntaxInvalid)
            }
        });
        self.track(r, &[])
    }

    /// `SnmpEncodeMsg`: the message `SnmpSendMsg` would send from `src` (may be `None`) to
    /// `dst` in `context`: version from `dst`, community from the context, validated per
    /// §1.12 and Appendix E 12/13. `output == false` models a NULL `msgBufDesc`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_ENTITY_INVALID`,
    /// `SNMPAPI_CONTEXT_INVALID`, `SNMPAPI_PDU_INVALID`, `SNMPAPI_OPERATION_INVALID`,
    /// `SNMPAPI_TL_PDU_TOO_BIG`, `SNMPAPI_NOOP`.
    pub fn encode_msg(
        &mut self,
        s: HSession,
        src: Option<HEntity>,
        dst: HEntity,
        context: HContext,
        pdu: HPdu,
        output: bool,
    ) -> R<Vec<u8>> {
        let r = self.check_session(s).and_then(|()| {
            if let Some(src) = src {
                self.entities.try_get(src.raw())?;
            }
            let version = self.entities.try_get(dst.raw())?.value.version;
            let community = &self.contexts.try_get(context.raw())?.value.community;
            let pdu = &self.pdus.try_get(pdu.raw())?.value;
            if !output {
                return Err(SnmpApiError::Noop);
            }
            encode_message(version, community, pdu, self.limits.max_message_size)
        });
        let src = src.map_or(RawHandle(0), HEntity::raw);
        self.track(r, &[s.raw(), src, dst.raw(), context.raw(), pdu.raw()])
    }

    /// `SnmpDecodeMsg`: decodes the message at the start of `buf` into a new context and
    /// PDU owned by `s` (SNMPv1 traps converted to SNMPv2 form, Appendix E 14). Entity
    /// outputs are always 0 for SNMPv1/v2c. Nothing is created on failure.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_MESSAGE_INVALID`,
    /// `SNMPAPI_OUTPUT_TRUNCATED` (the message is longer than `buf`), `SNMPAPI_NOOP` (no
    /// output), `SNMPAPI_ALLOC_ERROR`.
    pub fn decode_msg(
        &mut self,
        s: HSession,
        buf: &[u8],
        outputs: DecodeOutputs,
    ) -> R<DecodedHandles> {
        let r = self.check_session(s).and_then(|()| {
            if !outputs.entities && !outputs.context && !outputs.pdu {
                return Err(SnmpApiError::Noop);
            }
            let mut d = decode_message(buf, 0)?;
            if d.version == Version::V1 && d.pdu.pdu_type == SNMP_PDU_TRAP {
                // A v1 trap has no request id: it gets one no outstanding request uses.
                d.pdu.request_id = self.generate_request_id();
            }
            let used = u32::try_from(d.used).map_err(|_| SnmpApiError::MessageInvalid)?;
            let context = if outputs.context {
                let name = self
                    .database
                    .context_name_for(&d.community)
                    .map(str::to_owned);
                Some(self.add_context(
                    s,
                    Context {
                        community: d.community,
                        name,
                    },
                )?)
            } else {
                None
            };
            let pdu = if outputs.pdu {
                match self.add_pdu(s, d.pdu) {
                    Ok(p) => Some(p),
                    Err(e) => {
                        if let Some(c) = context {
                            let _ = self.free_object(c.raw(), HandleKind::Context);
                        }
                        return Err(e);
                    }
                }
            } else {
                None
            };
            Ok(DecodedHandles { used, context, pdu })
        });
        self.track(r, &[s.raw()])
    }
}

/// `value` when the caller gave an output, `SNMPAPI_NOOP` otherwise (Appendix E 5).
fn wanted<T>(output: bool, value: T) -> R<T> {
    if output {
        Ok(value)
    } else {
        Err(SnmpApiError::Noop)
    }
}

fn make_entry(name: &[u32], value: Option<&SmiValue>) -> R<VarBindEntry> {
    check_name(name)?;
    let value = match value {
        Some(v) => {
            v.validate()?;
            v.clone()
        }
        None => SmiValue::Null,
    };
    Ok(VarBindEntry {
        name: name.to_vec(),
        value,
    })
}

/// The address of `host:port`: an IP literal as it is, a host name from the caller's
/// resolution of that very name and port.
fn resolve_address(host: &str, port: u16, resolved: Option<&Resolved>) -> R<SocketAddr> {
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Ok(SocketAddr::new(ip, port));
    }
    if !is_host_name(host) {
        return Err(SnmpApiError::EntityUnknown);
    }
    resolved
        .filter(|r| r.host == host && r.port == port)
        .and_then(|r| r.addr)
        .ok_or(SnmpApiError::EntityUnknown)
}

fn checked_index(index: u32, len: usize) -> R<usize> {
    if index == 0 || index as usize > len {
        Err(SnmpApiError::IndexInvalid)
    } else {
        Ok(index as usize - 1)
    }
}

/// Splits a literal entity string into host and optional port (Appendix E 8). IPX
/// addresses and anything else unparsable give `None`.
pub(crate) fn parse_literal(s: &str) -> Option<(&str, Option<u16>)> {
    if s.is_empty() || is_ipx(s) {
        return None;
    }
    let port = |p: &str| -> Option<u16> {
        if p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        p.parse::<u16>().ok().filter(|p| *p != 0)
    };
    if let Some(rest) = s.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        host.parse::<std::net::Ipv6Addr>().ok()?;
        return match after {
            "" => Some((host, None)),
            a => Some((host, Some(port(a.strip_prefix(':')?)?))),
        };
    }
    if s.parse::<IpAddr>().is_ok() {
        return Some((s, None));
    }
    match s.rsplit_once(':') {
        Some((host, p)) if !host.contains(':') => Some((host, Some(port(p)?))),
        Some(_) => None,
        None => Some((s, None)),
    }
}

fn is_ipx(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 21
        && matches!(b[8], b':' | b'.' | b'-')
        && b[..8].iter().all(u8::is_ascii_hexdigit)
        && b[9..].iter().all(u8::is_ascii_hexdigit)
}

fn is_host_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
        && !s.starts_with(['-', '.'])
}

/// The literal form `SnmpEntityToStr` prints: the address, with `:port` when the port is
/// not 161 (IPv6 then in brackets).
pub fn format_address(addr: SocketAddr) -> String {
    if addr.port() == DEFAULT_SNMP_PORT_UDP {
        addr.ip().to_string()
    } else {
        addr.to_string()
    }
}
