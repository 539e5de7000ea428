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
use crate::session::{Holdings, Session};
use crate::value::{self, SmiOid, SmiValue, VarBindEntry, check_name};
use crate::{Host, NoHost, SnmpApiError};

mod accounting;
mod comms;
mod contexts;
mod entities;
mod oids;
mod pdus;
mod runtime;
mod sessions;
mod vbls;

pub use accounting::{LeakReport, LeakWhen, SessionStats};
pub use comms::{RawPayload, RawPolicy, RawResponse, RawV3, default_engine_id};

type R<T> = Result<T, SnmpApiError>;

/// `cs` hundredths of a second (WinSNMP's unit for timeouts) as a [`std::time::Duration`].
pub const fn hundredths(cs: u32) -> std::time::Duration {
    std::time::Duration::from_millis(cs as u64 * 10)
}

/// Resource limits, all changeable while the runtime runs ([`Engine::set_limits`]; C:
/// `WinSnmpSetLimit`). Exhausting one never aborts anything: the call that would go past it
/// fails with its WinSNMP code, or the datagram is dropped and counted.
///
/// | limit | default | when reached |
/// |---|---|---|
/// | `max_sessions` | 1,024 | `SnmpCreateSession`: `SNMPAPI_ALLOC_ERROR` |
/// | `max_handles` (per kind) | 65,536 | the call creating an entity, context, PDU or VBL: `SNMPAPI_ALLOC_ERROR` (nothing created) |
/// | `max_queued_messages` (per session) | 4,096 | the message is dropped and counted (`CommStats::queue_full`, `ReceiveQueue::dropped`); a response's request goes on (retries, then timeout) |
/// | `max_message_size` | 65,507 octets | send/encode: `SNMPAPI_TL_PDU_TOO_BIG`; a received datagram above it is dropped and counted (`CommStats::oversized_received`), and ends the request it answers with `SNMPAPI_TL_PDU_TOO_BIG` |
/// | `max_varbinds` (per PDU/VBL) | 2,048 | `SnmpSetVb` append: `SNMPAPI_ALLOC_ERROR`; `SnmpDecodeMsg`: `SNMPAPI_ALLOC_ERROR`; send/encode of a longer PDU: `SNMPAPI_TL_PDU_TOO_BIG`; a received message with more is dropped and counted (`CommStats::oversized_received`), and ends the request it answers with `SNMPAPI_TL_PDU_TOO_BIG` |
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Open sessions at once. Default 1024.
    pub max_sessions: usize,
    /// Live handles of each kind (entity, context, PDU, VBL), all sessions together.
    /// Default 65,536; at most [`Limits::MAX_HANDLES`].
    pub max_handles: usize,
    /// Messages queued for `SnmpRecvMsg` per session; more are dropped (and counted).
    /// Default 4096.
    pub max_queued_messages: usize,
    /// Largest encoded message, in bytes (Appendix E 13), sent or received. Default 65,507
    /// (the largest UDP payload over IPv4).
    pub max_message_size: usize,
    /// Most variable bindings in one VBL, PDU or message, sent or received. Default 2,048.
    pub max_varbinds: usize,
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
            max_varbinds: 2048,
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
///
/// Its `Debug` output shows the community's length, never its octets: a community is a
/// password in SNMPv1/v2c.
#[derive(Clone, PartialEq, Eq)]
pub struct Context {
    /// The community.
    pub community: Vec<u8>,
    /// Friendly name.
    pub name: Option<String>,
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field(
                "community",
                &format_args!("<{} octets>", self.community.len()),
            )
            .field("name", &self.name)
            .finish()
    }
}

/// Which of the two startups a call is: `SnmpStartup` (a flag) or `SnmpStartupEx` (a count),
/// and the cleanup that undoes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StartupKind {
    /// `SnmpStartup` / `SnmpCleanup`.
    Startup,
    /// `SnmpStartupEx` / `SnmpCleanupEx`.
    StartupEx,
}

/// Which outputs of `SnmpGetTimeout`/`SnmpGetRetry` the caller wants (a C NULL pointer is
/// `false`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PolicyOutputs {
    /// `nPolicyTimeout` / `nPolicyRetry`.
    pub policy: bool,
    /// `nActualTimeout` / `nActualRetry`.
    pub actual: bool,
}

impl PolicyOutputs {
    /// Both outputs.
    pub const BOTH: Self = Self {
        policy: true,
        actual: true,
    };

    const fn any(self) -> bool {
        self.policy || self.actual
    }
}

/// Which outputs of `SnmpGetVb` the caller wants (a C NULL pointer is `false`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VbOutputs {
    /// `name`.
    pub name: bool,
    /// `value`.
    pub value: bool,
}

impl VbOutputs {
    /// Both outputs.
    pub const BOTH: Self = Self {
        name: true,
        value: true,
    };

    const fn any(self) -> bool {
        self.name || self.value
    }
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
/// use winsnmp_engine::{Engine, SnmpApiError, StartupKind, consts::*};
/// let mut e: Engine<()> = Engine::new(Default::default());
/// assert_eq!(e.create_vbl_count(), 0);
/// assert_eq!(e.get_translate_mode(true), Err(SnmpApiError::NotInitialized));
/// e.startup(StartupKind::Startup).unwrap();
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
    /// Leak reports of `close` and the final cleanup, while they are asked for.
    leaks: accounting::Leaks,
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
            leaks: accounting::Leaks::default(),
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Changes the limits. Objects already alive stay alive, and so do queued messages;
    /// every session's queue takes the new `max_queued_messages` at once.
    pub fn set_limits(&mut self, mut limits: Limits) {
        limits.max_handles = limits.max_handles.min(Limits::MAX_HANDLES);
        limits.max_sessions = limits.max_sessions.min(Limits::MAX_HANDLES);
        self.limits = limits;
        for s in self.sessions.values_mut() {
            s.queue.set_limit(limits.max_queued_messages);
        }
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
