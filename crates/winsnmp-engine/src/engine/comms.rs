//! The communications functions of [`Engine`]: `SnmpSendMsg`, `SnmpRecvMsg`,
//! `SnmpRegister`, `SnmpListen`/`SnmpListenEx`, `SnmpCancelMsg`, and the driver's inputs
//! (`handle_datagram`, `handle_timeout`, endpoint results) and outputs (`poll_transmit`,
//! `poll_timeout`, `poll_event`, `poll_endpoint`).
//!
//! # The request table
//! `HashMap<request id, Request>`: request ids are unique among outstanding requests of the
//! whole runtime (generated ids skip outstanding ones; an application-chosen id that is
//! outstanding for another session or destination is refused with `SNMPAPI_PDU_INVALID`,
//! and one outstanding for the same session and destination is taken as the application's
//! own retransmission and replaces the old entry). A response is matched by id, then by
//! the address and port the request went to. Deadlines are in [`Timers`](crate::timer):
//! O(1) per packet and per timer.
//!
//! Memory per outstanding request: the map entry (4-byte key + 96-byte `Request`, about
//! 100 bytes with the map's control byte and load factor), the encoded datagram kept for
//! retransmission (its length; ~40–100 bytes for a typical GET), the id in the session's
//! outstanding set (~8 bytes) and one 32-byte timer entry: 150 to 250 bytes plus the
//! datagram, depending on where the doubling maps stand (measured: 50,000 outstanding GETs
//! with 40-byte datagrams add 10.7 MB of RSS, 220 bytes each; see BENCHMARKS.md).

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Instant;

use super::{Context, Engine, Entity, R};
use crate::codec::{DecodedMessage, PduData, decode_message, encode_message};
use crate::consts::*;
use crate::handle::{HContext, HEntity, HPdu, HSession, RawHandle};
use crate::session::QueuedMessage;
use crate::timer::{TimerEntry, Timers};
use crate::transport::{
    CommStats, EndpointChange, EndpointId, EndpointRole, EndpointSpec, OpenError, Received,
    RecvOutputs, SessionEvent, Transmit,
};
use crate::{SnmpApiError, Version};

mod v3;

pub(crate) use v3::V3State;
pub use v3::default_engine_id;

/// How many ended requests are remembered to tell duplicates and late answers from strays.
const RECENT: usize = 4096;

/// One outstanding request.
#[derive(Debug)]
struct Request {
    session: HSession,
    /// Where it went (and where the answer must come from).
    dst: SocketAddr,
    /// The endpoint it left from.
    local: EndpointId,
    /// The encoded message, for retransmissions.
    datagram: Box<[u8]>,
    /// Policy timeout, hundredths of a second (at least 1).
    timeout_cs: u32,
    /// Timeouts still to wait before the request ends.
    retries_left: u32,
    /// The retry count it was sent with (an SNMPv3 request starts again from it after
    /// engine discovery).
    initial_retries: u32,
    /// Retransmit mode was ON at send time.
    retransmit: bool,
    /// The `SnmpSetRetransmitMode(OFF)` epoch at send time: a later OFF stops it.
    epoch: u32,
    /// Current arming in the timer queues.
    seq: u64,
    /// The SNMPv3 exchange, for a request to an SNMPv3 entity.
    v3: Option<Box<v3::V3Request>>,
}

/// How a request ended, remembered for a while to classify late datagrams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ended {
    Answered,
    TimedOut,
    Cancelled,
    /// Sent with the retransmit mode OFF and forgotten after `timeout × (retry + 1)`
    /// without a notice: a late answer from `dst` is still delivered to `session`, once
    /// (the application runs its own retry policy and may still want it).
    Expired {
        session: HSession,
        dst: SocketAddr,
        local: EndpointId,
    },
}

#[derive(Debug, Default)]
struct Recent {
    map: HashMap<i32, (Ended, u64)>,
    order: VecDeque<(i32, u64)>,
    stamp: u64,
}

impl Recent {
    fn insert(&mut self, id: i32, how: Ended) {
        self.stamp += 1;
        self.map.insert(id, (how, self.stamp));
        self.order.push_back((id, self.stamp));
        if self.order.len() > RECENT
            && let Some((old, stamp)) = self.order.pop_front()
            && self.map.get(&old).is_some_and(|(_, s)| *s == stamp)
        {
            self.map.remove(&old);
        }
    }

    fn get(&self, id: i32) -> Option<Ended> {
        self.map.get(&id).map(|(e, _)| *e)
    }
}

/// A trap registration (values copied from the handles, which may be freed afterwards).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Registration {
    /// The receiving manager entity: kept for the identity of the registration, not used
    /// for filtering (as in Microsoft's implementation).
    src: Option<SocketAddr>,
    /// The sending agent: matched against the source IP address of the notification.
    dst: Option<IpAddr>,
    /// The community.
    community: Option<Vec<u8>>,
    /// `snmpTrapOID.0` prefix.
    oid: Option<Vec<u32>>,
}

impl Registration {
    /// Whether everything `other` delivers is already delivered by `self`.
    fn covers(&self, other: &Self) -> bool {
        (self.src.is_none() || self.src == other.src)
            && (self.dst.is_none() || self.dst == other.dst)
            && (self.community.is_none() || self.community == other.community)
            && match (&self.oid, &other.oid) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(p), Some(o)) => o.starts_with(p),
            }
    }

    fn matches(&self, from: IpAddr, community: &[u8], trap_oid: Option<&[u32]>) -> bool {
        self.dst.is_none_or(|d| d == from)
            && self.community.as_deref().is_none_or(|c| c == community)
            && match (&self.oid, trap_oid) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(p), Some(o)) => o.starts_with(p),
            }
    }
}

#[derive(Debug)]
struct EndpointState {
    spec: EndpointSpec,
    /// The bound address, once the driver reports it.
    local: Option<SocketAddr>,
    /// For an agent endpoint: the listening entity.
    entity: Option<HEntity>,
}

/// The communications state of an [`Engine`].
#[derive(Debug, Default)]
pub(crate) struct Comms {
    endpoints: HashMap<EndpointId, EndpointState>,
    next_endpoint: u32,
    /// Shared endpoints for IPv4 and IPv6.
    shared: [Option<EndpointId>; 2],
    /// Trap endpoints while any registration exists.
    trap: Vec<EndpointId>,
    /// The session whose registration opened the trap port (for error attribution).
    trap_opener: Option<HSession>,
    /// Trap port (Appendix E 10); `None` = the database's or 162.
    trap_port: Option<u16>,
    listen_by_entity: HashMap<RawHandle, EndpointId>,
    requests: HashMap<i32, Request>,
    timers: Timers,
    seq: u64,
    off_epoch: u32,
    registrations: BTreeMap<HSession, Vec<Registration>>,
    registration_count: usize,
    transmits: VecDeque<Transmit>,
    events: VecDeque<SessionEvent>,
    changes: VecDeque<EndpointChange>,
    recent: Recent,
    /// Informs recently acknowledged, by (sender, request id): a retransmitted inform (our
    /// acknowledgement was lost) is acknowledged again but delivered once.
    informs: HashMap<(SocketAddr, i32), u64>,
    inform_order: VecDeque<((SocketAddr, i32), u64)>,
    inform_stamp: u64,
    stats: CommStats,
    expired: Vec<TimerEntry>,
    pub(crate) v3: V3State,
}

impl Comms {
    fn new_endpoint(&mut self, bind: SocketAddr, role: EndpointRole, required: bool) -> EndpointId {
        self.next_endpoint = self.next_endpoint.wrapping_add(1);
        let id = EndpointId(self.next_endpoint);
        let spec = EndpointSpec {
            id,
            bind,
            role,
            required,
        };
        self.endpoints.insert(
            id,
            EndpointState {
                spec,
                local: None,
                entity: None,
            },
        );
        self.changes.push_back(EndpointChange::Open(spec));
        id
    }

    fn close_endpoint(&mut self, id: EndpointId) {
        if self.endpoints.remove(&id).is_some() {
            self.changes.push_back(EndpointChange::Close(id));
        }
    }

    fn close_trap_port(&mut self) {
        for id in std::mem::take(&mut self.trap) {
            self.close_endpoint(id);
        }
        self.trap_opener = None;
    }

    /// Records an inform from `from`; `false` when it was seen recently (a duplicate).
    fn first_inform(&mut self, from: SocketAddr, id: i32) -> bool {
        if self.informs.contains_key(&(from, id)) {
            return false;
        }
        self.inform_stamp += 1;
        self.informs.insert((from, id), self.inform_stamp);
        self.inform_order.push_back(((from, id), self.inform_stamp));
        if self.inform_order.len() > RECENT
            && let Some((key, stamp)) = self.inform_order.pop_front()
            && self.informs.get(&key) == Some(&stamp)
        {
            self.informs.remove(&key);
        }
        true
    }

    fn live(&self, e: &TimerEntry) -> bool {
        self.requests
            .get(&e.request_id)
            .is_some_and(|r| r.seq == e.seq)
    }

    fn local_addr(&self, id: EndpointId) -> Option<SocketAddr> {
        self.endpoints
            .get(&id)
            .map(|e| e.local.unwrap_or(e.spec.bind))
    }

    /// The agent (listening) socket bound to `addr`: the same address and port, or the
    /// wildcard address of its family with that port (`SnmpListenEx` with
    /// `SNMPLISTEN_ALL_ADDR`).
    fn agent_endpoint_at(&self, addr: SocketAddr) -> Option<EndpointId> {
        self.endpoints
            .iter()
            .filter(|(_, e)| e.spec.role == EndpointRole::Agent)
            .find(|(_, e)| {
                let bound = canonical(e.local.unwrap_or(e.spec.bind));
                bound == addr
                    || (bound.ip().is_unspecified()
                        && bound.port() == addr.port()
                        && family(&bound) == family(&addr))
            })
            .map(|(id, _)| *id)
    }
}

/// Where a datagram came from and, when the driver knows it, the local IP it arrived on.
#[derive(Debug, Clone, Copy)]
struct Arrival {
    from: SocketAddr,
    to_ip: Option<IpAddr>,
}

impl Arrival {
    /// The receiving address to report for a socket bound to `bound`: the address itself,
    /// or, for the wildcard address, the IP the datagram arrived on (same family) with the
    /// bound port.
    fn receiver(self, bound: SocketAddr) -> SocketAddr {
        match self.to_ip {
            Some(ip) if bound.ip().is_unspecified() && ip.is_ipv4() == bound.is_ipv4() => {
                SocketAddr::new(ip, bound.port())
            }
            _ => bound,
        }
    }
}

const fn family(addr: &SocketAddr) -> usize {
    match addr {
        SocketAddr::V4(_) => 0,
        SocketAddr::V6(_) => 1,
    }
}

/// IPv4-mapped IPv6 addresses compare as IPv4.
fn canonical(addr: SocketAddr) -> SocketAddr {
    SocketAddr::new(addr.ip().to_canonical(), addr.port())
}

fn is_request(t: i32) -> bool {
    matches!(
        t,
        SNMP_PDU_GET | SNMP_PDU_GETNEXT | SNMP_PDU_GETBULK | SNMP_PDU_SET | SNMP_PDU_INFORM
    )
}

fn trap_oid(pdu: &PduData) -> Option<&[u32]> {
    pdu.varbinds.iter().find_map(|vb| match &vb.value {
        crate::SmiValue::Oid(o) if vb.name == SNMP_TRAP_OID_0 => Some(o.as_slice()),
        _ => None,
    })
}

impl<C> Engine<C> {
    // ------------------------------------------------------------ lifecycle hooks

    /// Called when the runtime starts: asks for the two shared sockets.
    pub(super) fn comms_startup(&mut self) {
        let c = &mut self.comms;
        c.shared[0] = Some(c.new_endpoint(
            SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 0),
            EndpointRole::Shared,
            false,
        ));
        c.shared[1] = Some(c.new_endpoint(
            SocketAddr::new(IpAddr::V6(Ipv6Addr::UNSPECIFIED), 0),
            EndpointRole::Shared,
            false,
        ));
        c.stats = CommStats::default();
    }

    /// Called at the final cleanup: every endpoint closes, every request and event goes.
    /// The tables are replaced by empty ones, not just cleared, so their memory goes back
    /// at the final cleanup (a cleared hash table keeps its allocation, which leak checkers
    /// report as "possibly lost" at exit).
    pub(super) fn comms_teardown(&mut self) {
        let c = &mut self.comms;
        let ids: Vec<EndpointId> = c.endpoints.keys().copied().collect();
        for id in ids {
            c.close_endpoint(id);
        }
        c.endpoints = HashMap::new();
        c.shared = [None, None];
        c.trap = Vec::new();
        c.trap_opener = None;
        c.listen_by_entity = HashMap::new();
        c.requests = HashMap::new();
        c.v3.clear();
        c.timers.clear();
        c.registrations.clear();
        c.registration_count = 0;
        c.transmits = VecDeque::new();
        c.events = VecDeque::new();
        c.recent = Recent::default();
        c.informs = HashMap::new();
        c.inform_order = VecDeque::new();
        c.expired = Vec::new();
    }

    /// Called by `SnmpClose` before the session's objects are freed: cancels its requests,
    /// drops its registrations, stops its listening entities and forgets its pending events.
    pub(super) fn comms_close_session(&mut self, s: HSession) {
        let ids: Vec<i32> = self
            .sessions
            .get(s.raw())
            .map(|x| x.outstanding.iter().copied().collect())
            .unwrap_or_default();
        let c = &mut self.comms;
        for id in ids {
            if c.end_request(id).is_some() {
                c.recent.insert(id, Ended::Cancelled);
                c.stats.cancelled += 1;
            }
        }
        if let Some(regs) = c.registrations.remove(&s) {
            c.registration_count -= regs.len();
            if c.registration_count == 0 {
                c.close_trap_port();
            }
        }
        c.events.retain(|e| e.session != s);
        let listening: Vec<RawHandle> = self
            .comms
            .listen_by_entity
            .keys()
            .copied()
            .filter(|h| self.entities.get(*h).is_some_and(|o| o.owner == s))
            .collect();
        for h in listening {
            self.stop_listening(HEntity::from_raw(h.0));
        }
    }

    /// Called when an entity is freed: a listening entity stops listening.
    pub(super) fn comms_entity_freed(&mut self, e: RawHandle) {
        if let Some(id) = self.comms.listen_by_entity.remove(&e) {
            self.comms.close_endpoint(id);
        }
    }

    /// `SnmpSetRetransmitMode(OFF)` stops retransmission of every outstanding request.
    pub(super) fn comms_retransmit_off(&mut self) {
        self.comms.off_epoch = self.comms.off_epoch.wrapping_add(1);
    }

    /// Whether `id` is the id of an outstanding request.
    pub(super) fn request_outstanding(&self, id: i32) -> bool {
        self.comms.requests.contains_key(&id)
    }

    fn stop_listening(&mut self, e: HEntity) {
        if let Some(id) = self.comms.listen_by_entity.remove(&e.raw()) {
            self.comms.close_endpoint(id);
        }
        if let Some(ent) = self.entity_mut(e) {
            ent.listening = false;
        }
    }

    // ------------------------------------------------------------ configuration

    /// Sets the trap port used when the trap socket is next opened (Appendix E 10: the
    /// `winsnmp` crate passes `$WINSNMP_TRAP_PORT` here). `None` restores the default: the
    /// database's `trap_port`, else 162.
    pub fn set_trap_port(&mut self, port: Option<u16>) {
        self.comms.trap_port = port.filter(|p| *p != 0);
    }

    /// The port the trap socket is (or will be) bound to.
    pub fn trap_port(&self) -> u16 {
        self.comms
            .trap_port
            .or(self.database.trap_port())
            .unwrap_or(DEFAULT_SNMPTRAP_PORT_UDP)
    }

    /// Communications counters since startup.
    pub fn comm_stats(&self) -> CommStats {
        self.comms.stats
    }

    /// How many of the runtime's shared sockets (IPv4 and IPv6 wildcard, asked for at
    /// startup) are open: 0 after startup means the driver could open none, and nothing can
    /// be sent from the shared socket.
    pub fn shared_endpoints(&self) -> usize {
        self.comms.shared.iter().flatten().count()
    }

    /// Number of outstanding requests, all sessions.
    pub fn outstanding_requests(&self) -> usize {
        self.comms.requests.len()
    }

    /// Timer entries held, stale ones included (for memory checks).
    pub fn timer_entries(&self) -> usize {
        self.comms.timers.len()
    }

    /// The bound address of a local endpoint, as reported by the driver.
    pub fn endpoint_local_addr(&self, id: EndpointId) -> Option<SocketAddr> {
        self.comms.endpoints.get(&id).and_then(|e| e.local)
    }

    /// The endpoint a listening entity receives on.
    pub fn listen_endpoint(&self, e: HEntity) -> Option<EndpointId> {
        self.comms.listen_by_entity.get(&e.raw()).copied()
    }

    // ------------------------------------------------------------ driver outputs

    /// The next datagram to send. New ones appear after `send_msg`, `handle_datagram`
    /// (inform acknowledgements) and `handle_timeout` (retransmissions).
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.comms.transmits.pop_front()
    }

    /// The earliest deadline at which `handle_timeout` has work. Changes after `send_msg`,
    /// `handle_timeout`, `handle_datagram`, `cancel_msg`, `close` and cleanup. Answered
    /// and cancelled requests' deadlines are dropped here, so the answer is exact.
    pub fn poll_timeout(&mut self) -> Option<Instant> {
        let c = &mut self.comms;
        let requests = &c.requests;
        c.timers
            .next_deadline(|e| requests.get(&e.request_id).is_some_and(|r| r.seq == e.seq))
    }

    /// The next notification to deliver. New ones appear after `handle_datagram` (wParam
    /// 0: a message was queued) and `handle_timeout` (`SNMPAPI_TL_TIMEOUT`). A closed
    /// session's notifications are removed by `close`, so none is ever returned for it.
    pub fn poll_event(&mut self) -> Option<SessionEvent> {
        self.comms.events.pop_front()
    }

    /// The next change of the set of local endpoints. New ones appear after startup,
    /// cleanup, `close`, `listen`, `register` and `free_entity`. The driver must answer each
    /// `Open` with [`Engine::endpoint_opened`] or [`Engine::endpoint_failed`] before the
    /// engine's lock is released.
    pub fn poll_endpoint(&mut self) -> Option<EndpointChange> {
        self.comms.changes.pop_front()
    }

    /// The driver bound endpoint `id` to `local`.
    pub fn endpoint_opened(&mut self, id: EndpointId, local: SocketAddr) {
        if let Some(e) = self.comms.endpoints.get_mut(&id) {
            e.local = Some(local);
        }
    }

    /// The driver could not open endpoint `id`. Undoes what asked for it and returns the
    /// error the call that asked for it must fail with (already recorded as its last
    /// error), or `None` for an optional endpoint.
    pub fn endpoint_failed(&mut self, id: EndpointId, why: OpenError) -> Option<SnmpApiError> {
        let state = self.comms.endpoints.remove(&id)?;
        match state.spec.role {
            EndpointRole::Shared => {
                for slot in &mut self.comms.shared {
                    if *slot == Some(id) {
                        *slot = None;
                    }
                }
                None
            }
            EndpointRole::Agent => {
                let e = state.entity?;
                self.comms.listen_by_entity.remove(&e.raw());
                if let Some(ent) = self.entity_mut(e) {
                    ent.listening = false;
                }
                let err = match why {
                    OpenError::Socket => SnmpApiError::TlResourceError,
                    OpenError::Bind => SnmpApiError::TlOther,
                };
                self.record_error(err, &[e.raw()]);
                Some(err)
            }
            EndpointRole::Trap => {
                self.comms.trap.retain(|t| *t != id);
                if !state.spec.required {
                    return None;
                }
                let opener = self.comms.trap_opener;
                self.comms.close_trap_port();
                self.comms.registrations.clear();
                self.comms.registration_count = 0;
                let err = SnmpApiError::TlInUse;
                self.record_error(err, &opener.map(|s| vec![s.raw()]).unwrap_or_default());
                Some(err)
            }
        }
    }

    // ------------------------------------------------------------ SnmpSendMsg

    /// `SnmpSendMsg`: validates (§1.12), encodes for `dst`'s version and queues the
    /// datagram. Get, GetNext, GetBulk, Set and Inform are tracked as requests: with the
    /// retransmit mode ON they are retransmitted every `timeout` until `retry`
    /// retransmissions were made, then end with an `SNMPAPI_TL_TIMEOUT` event; with it OFF
    /// they are sent once and forgotten silently after `timeout × (retry + 1)` (a response
    /// before then is still delivered). Responses and traps are sent once.
    ///
    /// The source: a NULL `src` sends from the shared socket of `dst`'s family (Appendix
    /// E 5). An `src` that is listening, or whose address a listening entity's socket is
    /// bound to (as the entity `recv_msg` made for the receiving agent, which the reference
    /// tells an agent to answer from), sends from that socket. Any other `src` has no socket
    /// of its own: it names the manager, and its requests and traps leave from the shared
    /// socket of its family (what WinSNMP managers pass as the source); a Response from it
    /// is refused, as the requester would drop an answer from another address.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_ENTITY_INVALID`,
    /// `SNMPAPI_CONTEXT_INVALID`, `SNMPAPI_PDU_INVALID` (bad handle or fields, or a request
    /// id outstanding for another session or destination), `SNMPAPI_OPERATION_INVALID`
    /// (Inform or Counter64 to SNMPv1), `SNMPAPI_TL_PDU_TOO_BIG`, `SNMPAPI_TL_SRC_INVALID`
    /// (a source of the other address family, or a Response from a source no socket of
    /// the runtime is bound to), `SNMPAPI_TL_NOT_AVAILABLE` (no socket for `dst`'s address
    /// family).
    pub fn send_msg(
        &mut self,
        now: Instant,
        s: HSession,
        src: Option<HEntity>,
        dst: HEntity,
        context: HContext,
        pdu: HPdu,
    ) -> R<()> {
        let r = self
            .check_session(s)
            .and_then(|()| self.send_inner(now, s, src, dst, context, pdu));
        let src = src.map_or(RawHandle(0), HEntity::raw);
        self.track(r, &[s.raw(), src, dst.raw(), context.raw(), pdu.raw()])
    }

    fn send_inner(
        &mut self,
        now: Instant,
        s: HSession,
        src: Option<HEntity>,
        dst: HEntity,
        context: HContext,
        pdu: HPdu,
    ) -> R<()> {
        let (src_endpoint, src_addr) = match src {
            Some(e) => {
                let addr = canonical(self.entities.try_get(e.raw())?.value.addr);
                let ep = self.comms.listen_by_entity.get(&e.raw()).copied();
                (
                    ep.or_else(|| self.comms.agent_endpoint_at(addr)),
                    Some(addr),
                )
            }
            None => (None, None),
        };
        let d = &self.entities.try_get(dst.raw())?.value;
        let (to, version, timeout, retry) = (canonical(d.addr), d.version, d.timeout, d.retry);
        let community = &self.contexts.try_get(context.raw())?.value.community;
        let p = &self.pdus.try_get(pdu.raw())?.value;
        let (pdu_type, id) = (p.pdu_type, p.request_id);
        let (bytes, v3) = if version == Version::V3 {
            let (d, community, p) = (d.clone(), community.clone(), p.clone());
            self.encode_v3_send(now, &d, &community, &p)?
        } else {
            let max = self.limits.max_message_size;
            (encode_message(version, community, p, max)?, None)
        };
        let local = match src_endpoint {
            Some(ep) => {
                let bind = self.comms.endpoints.get(&ep).map(|e| e.spec.bind);
                if bind.is_none_or(|b| family(&b) != family(&to)) {
                    return Err(SnmpApiError::TlSrcInvalid);
                }
                ep
            }
            None => {
                // A source with no socket of its own names the manager: fine for what a
                // manager sends, not for an answer, nor from the other family.
                if src_addr
                    .is_some_and(|a| pdu_type == SNMP_PDU_RESPONSE || family(&a) != family(&to))
                {
                    return Err(SnmpApiError::TlSrcInvalid);
                }
                self.comms.shared[family(&to)].ok_or(SnmpApiError::TlNotAvailable)?
            }
        };
        let c = &mut self.comms;
        if is_request(pdu_type) {
            if let Some(old) = c.requests.get(&id)
                && (old.session != s || old.dst != to)
            {
                return Err(SnmpApiError::PduInvalid);
            }
            c.seq += 1;
            let timeout_cs = timeout.max(1);
            c.timers.arm(now, timeout_cs, id, c.seq);
            if let Some(v) = &v3 {
                c.v3.msg_ids.insert(v.msg_id, id);
            }
            if let Some(old) = c.requests.insert(
                id,
                Request {
                    session: s,
                    dst: to,
                    local,
                    datagram: bytes.clone().into_boxed_slice(),
                    timeout_cs,
                    retries_left: retry,
                    initial_retries: retry,
                    retransmit: self.retransmit_mode == SNMPAPI_ON,
                    epoch: c.off_epoch,
                    seq: c.seq,
                    v3,
                },
            ) && let Some(v) = &old.v3
            {
                c.v3.msg_ids.remove(&v.msg_id);
            }
            if let Some(sess) = self.sessions.get_mut(s.raw()) {
                sess.outstanding.insert(id);
            }
        }
        let c = &mut self.comms;
        c.stats.transmissions += 1;
        c.transmits.push_back(Transmit {
            local,
            to,
            bytes,
            request: is_request(pdu_type).then_some(id),
        });
        Ok(())
    }

    /// The driver could not send `t` (the OS refused it at once: no route, unreachable
    /// host…; not a full buffer). When `t` belongs to an outstanding request, the request
    /// ends with an `SNMPAPI_TL_UNDELIVERABLE` event (Appendix E 3).
    pub fn handle_send_error(&mut self, now: Instant, t: &Transmit) {
        let _ = now;
        let Some(id) = t.request else { return };
        let c = &mut self.comms;
        if c.requests.get(&id).is_none_or(|r| r.dst != t.to) {
            return;
        }
        let Some(r) = c.end_request(id) else {
            return;
        };
        c.recent.insert(id, Ended::TimedOut);
        c.stats.undeliverable += 1;
        c.events.push_back(SessionEvent {
            session: r.session,
            wparam: SnmpApiError::TlUndeliverable.code(),
            lparam: id,
        });
        if let Some(sess) = self.sessions.get_mut(r.session.raw()) {
            sess.outstanding.remove(&id);
        }
    }

    // ------------------------------------------------------------ timers

    /// Runs every deadline at or before `now`: retransmits requests with retries left,
    /// ends the others (`SNMPAPI_TL_TIMEOUT` event when the retransmit mode applies to
    /// them, silently otherwise). Work is O(1) per expired deadline.
    pub fn handle_timeout(&mut self, now: Instant) {
        let mut expired = std::mem::take(&mut self.comms.expired);
        self.comms.timers.expire(now, &mut expired);
        for e in expired.drain(..) {
            let c = &mut self.comms;
            if !c.live(&e) {
                continue;
            }
            let epoch = c.off_epoch;
            let Some(r) = c.requests.get_mut(&e.request_id) else {
                continue;
            };
            let active = r.retransmit && r.epoch == epoch;
            if r.retries_left > 0 {
                r.retries_left -= 1;
                c.seq += 1;
                r.seq = c.seq;
                let (timeout_cs, seq) = (r.timeout_cs, r.seq);
                if active {
                    c.transmits.push_back(Transmit {
                        local: r.local,
                        to: r.dst,
                        bytes: r.datagram.to_vec(),
                        request: Some(e.request_id),
                    });
                    c.stats.retransmissions += 1;
                }
                c.timers.arm(now, timeout_cs, e.request_id, seq);
                continue;
            }
            let Some(r) = c.end_request(e.request_id) else {
                continue;
            };
            let how = if active || r.v3.is_some() {
                Ended::TimedOut
            } else {
                Ended::Expired {
                    session: r.session,
                    dst: r.dst,
                    local: r.local,
                }
            };
            c.recent.insert(e.request_id, how);
            if active {
                c.stats.timeouts += 1;
                c.events.push_back(SessionEvent {
                    session: r.session,
                    wparam: SnmpApiError::TlTimeout.code(),
                    lparam: e.request_id,
                });
            }
            if let Some(sess) = self.sessions.get_mut(r.session.raw()) {
                sess.outstanding.remove(&e.request_id);
            }
        }
        self.comms.expired = expired;
    }

    // ------------------------------------------------------------ datagrams

    /// A datagram arrived on endpoint `local` from `from`. Responses are matched by
    /// request id and source address and queued for the requesting session; traps and
    /// informs on the trap port go to every session with a matching registration; Get,
    /// GetNext, GetBulk, Set and Inform on a listening entity's socket go to the entity's
    /// session. Informs are acknowledged first. Anything else is counted and dropped.
    /// Never panics, whatever the bytes. The receiving entity `recv_msg` reports is the
    /// endpoint's bound address (the wildcard address for a wildcard socket); see
    /// [`Engine::handle_datagram_to`].
    pub fn handle_datagram(
        &mut self,
        now: Instant,
        local: EndpointId,
        from: SocketAddr,
        bytes: &[u8],
    ) {
        self.handle_datagram_to(now, local, from, None, bytes);
    }

    /// As [`Engine::handle_datagram`], with `to_ip` the local IP address the datagram
    /// arrived on, when the driver knows it: a message received on a socket bound to the
    /// wildcard address (the shared and trap sockets) then names that address, with the
    /// socket's port, as its receiving entity instead of `0.0.0.0`/`::`.
    pub fn handle_datagram_to(
        &mut self,
        now: Instant,
        local: EndpointId,
        from: SocketAddr,
        to_ip: Option<IpAddr>,
        bytes: &[u8],
    ) {
        self.comms.stats.datagrams += 1;
        let Some(role) = self.comms.endpoints.get(&local).map(|e| e.spec.role) else {
            self.comms.stats.unexpected += 1;
            return;
        };
        let from = canonical(from);
        let at = Arrival { from, to_ip };
        if winsnmp_wire::peek_version(bytes) == Ok(Version::V3) {
            match role {
                EndpointRole::Shared => self.on_v3_response(now, at, bytes),
                EndpointRole::Agent | EndpointRole::Trap => {
                    self.on_v3_inbound(now, local, role, at, bytes);
                }
            }
            return;
        }
        let mut d = match decode_message(bytes, 0) {
            Ok(d) if d.used == bytes.len() => d,
            _ => {
                self.comms.stats.malformed += 1;
                return;
            }
        };
        if d.version == Version::V1 && d.pdu.pdu_type == SNMP_PDU_TRAP {
            // A v1 trap has no request id: it gets one the runtime's requests do not use.
            d.pdu.request_id = self.generate_request_id();
        }
        match (d.pdu.pdu_type, role) {
            (SNMP_PDU_RESPONSE, _) => self.on_response(at, d),
            (SNMP_PDU_INFORM, EndpointRole::Trap | EndpointRole::Agent) => {
                self.acknowledge(local, from, &d);
                if !self.comms.first_inform(from, d.pdu.request_id) {
                    self.comms.stats.duplicates += 1;
                } else if role == EndpointRole::Trap {
                    self.on_notification(local, at, d);
                } else {
                    self.on_agent_request(local, at, d);
                }
            }
            (SNMP_PDU_TRAP, EndpointRole::Trap) => self.on_notification(local, at, d),
            (
                SNMP_PDU_GET | SNMP_PDU_GETNEXT | SNMP_PDU_GETBULK | SNMP_PDU_SET,
                EndpointRole::Agent,
            ) => {
                self.on_agent_request(local, at, d);
            }
            _ => self.comms.stats.unexpected += 1,
        }
    }

    /// Queues `m` for `s` and announces it; `false` when the queue is full.
    fn deliver(&mut self, s: HSession, m: QueuedMessage) -> bool {
        let id = m.pdu.request_id;
        let Some(sess) = self.sessions.get_mut(s.raw()) else {
            return false;
        };
        if !sess.queue.push(m) {
            self.comms.stats.queue_full += 1;
            return false;
        }
        self.comms.events.push_back(SessionEvent {
            session: s,
            wparam: 0,
            lparam: id,
        });
        true
    }

    fn on_response(&mut self, at: Arrival, d: DecodedMessage) {
        let from = at.from;
        let id = d.pdu.request_id;
        let c = &mut self.comms;
        let Some(r) = c.requests.get(&id) else {
            match c.recent.get(id) {
                Some(Ended::Answered) => c.stats.duplicates += 1,
                Some(Ended::Expired {
                    session,
                    dst,
                    local,
                }) if dst == from => self.on_late_response(at, d, session, local),
                Some(Ended::TimedOut | Ended::Cancelled | Ended::Expired { .. }) => {
                    c.stats.late += 1;
                }
                None => c.stats.stray += 1,
            }
            return;
        };
        if r.dst != from {
            c.stats.foreign += 1;
            return;
        }
        let (session, out) = (r.session, r.local);
        let full = self
            .sessions
            .get(session.raw())
            .is_none_or(|x| x.queue.len() >= self.limits.max_queued_messages);
        if full {
            // The request stays outstanding: it will be retried or time out.
            self.comms.stats.queue_full += 1;
            return;
        }
        let dst = at.receiver(self.comms.local_addr(out).unwrap_or(from));
        self.comms.end_request(id);
        self.comms.recent.insert(id, Ended::Answered);
        self.comms.stats.responses += 1;
        if let Some(sess) = self.sessions.get_mut(session.raw()) {
            sess.outstanding.remove(&id);
        }
        self.deliver(
            session,
            QueuedMessage {
                src: from,
                dst,
                version: d.version,
                community: d.community,
                pdu: d.pdu,
                error: None,
                security: None,
            },
        );
    }

    /// Item 9 of the reliability review: an answer to a request sent with the retransmit
    /// mode OFF that arrives after the request was forgotten is still delivered (once),
    /// while the runtime remembers the request among its last `RECENT` ended ones.
    fn on_late_response(
        &mut self,
        at: Arrival,
        d: DecodedMessage,
        session: HSession,
        local: EndpointId,
    ) {
        let id = d.pdu.request_id;
        let from = at.from;
        let open = self
            .sessions
            .get(session.raw())
            .is_some_and(|x| x.queue.len() < self.limits.max_queued_messages);
        if !open {
            self.comms.stats.late += 1;
            return;
        }
        let dst = at.receiver(self.comms.local_addr(local).unwrap_or(from));
        self.comms.recent.insert(id, Ended::Answered);
        self.comms.stats.late_delivered += 1;
        self.deliver(
            session,
            QueuedMessage {
                src: from,
                dst,
                version: d.version,
                community: d.community,
                pdu: d.pdu,
                error: None,
                security: None,
            },
        );
    }

    fn acknowledge(&mut self, local: EndpointId, from: SocketAddr, d: &DecodedMessage) {
        let ack = PduData {
            varbinds: d.pdu.varbinds.clone(),
            ..PduData::new(SNMP_PDU_RESPONSE, d.pdu.request_id)
        };
        if let Ok(bytes) =
            encode_message(d.version, &d.community, &ack, self.limits.max_message_size)
        {
            let c = &mut self.comms;
            c.stats.informs_acknowledged += 1;
            c.stats.transmissions += 1;
            c.transmits.push_back(Transmit {
                local,
                to: from,
                bytes,
                request: None,
            });
        }
    }

    fn on_notification(&mut self, local: EndpointId, at: Arrival, d: DecodedMessage) {
        let m = QueuedMessage {
            src: at.from,
            dst: at.receiver(self.comms.local_addr(local).unwrap_or(at.from)),
            version: d.version,
            community: d.community,
            pdu: d.pdu,
            error: None,
            security: None,
        };
        self.notify(at.from, m);
    }

    /// Delivers notification `m` from `from` to every session with a matching
    /// registration (for SNMPv3, `m.community` is the context name).
    fn notify(&mut self, from: SocketAddr, m: QueuedMessage) {
        let oid = trap_oid(&m.pdu);
        let targets: Vec<HSession> = self
            .comms
            .registrations
            .iter()
            .filter(|(_, regs)| regs.iter().any(|r| r.matches(from.ip(), &m.community, oid)))
            .map(|(s, _)| *s)
            .collect();
        if targets.is_empty() {
            self.comms.stats.unregistered += 1;
            return;
        }
        self.comms.stats.notifications += 1;
        for s in targets {
            self.deliver(s, m.clone());
        }
    }

    fn on_agent_request(&mut self, local: EndpointId, at: Arrival, d: DecodedMessage) {
        let m = QueuedMessage {
            src: at.from,
            dst: at.from,
            version: d.version,
            community: d.community,
            pdu: d.pdu,
            error: None,
            security: None,
        };
        self.agent_request(local, at, m);
    }

    /// Delivers agent request `m` to the session of the entity listening on `local`.
    fn agent_request(&mut self, local: EndpointId, at: Arrival, mut m: QueuedMessage) {
        let Some(e) = self.comms.endpoints.get(&local).and_then(|x| x.entity) else {
            self.comms.stats.unexpected += 1;
            return;
        };
        let Some(o) = self.entities.get(e.raw()) else {
            self.comms.stats.unexpected += 1;
            return;
        };
        let (owner, dst) = (o.owner, at.receiver(o.value.addr));
        self.comms.stats.agent_requests += 1;
        m.dst = dst;
        self.deliver(owner, m);
    }

    // ------------------------------------------------------------ SnmpRecvMsg

    /// `SnmpRecvMsg`: takes the oldest queued message and creates, for each output asked
    /// for, a new handle owned by `s`: sender entity, receiver entity, context, PDU
    /// (Appendix E 5: NULL outputs are skipped). Entities get the version of the message
    /// and the database's timeout/retry for their address.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_NOOP` (queue empty,
    /// or no output asked for: nothing is dequeued then), `SNMPAPI_ALLOC_ERROR` (handle
    /// limit: the message stays queued).
    pub fn recv_msg(&mut self, s: HSession, outputs: RecvOutputs) -> R<Received> {
        let r = self.check_session(s).and_then(|()| {
            if !outputs.any() {
                return Err(SnmpApiError::Noop);
            }
            let sess = self
                .sessions
                .get_mut(s.raw())
                .ok_or(SnmpApiError::SessionInvalid)?;
            let m = sess.queue.pop().ok_or(SnmpApiError::Noop)?;
            match self.make_handles(s, &m, outputs) {
                Ok(r) => Ok(r),
                Err(e) => {
                    if let Some(sess) = self.sessions.get_mut(s.raw()) {
                        sess.queue.push_front(m);
                    }
                    Err(e)
                }
            }
        });
        self.track(r, &[s.raw()])
    }

    fn make_handles(&mut self, s: HSession, m: &QueuedMessage, o: RecvOutputs) -> R<Received> {
        let mut made: Vec<RawHandle> = Vec::new();
        let r = (|| -> R<Received> {
            let src = if o.src {
                let mut ent = self.entity_for(m.src, m.version);
                ent.security = m.security.clone();
                let h = self.add_entity(s, ent)?;
                made.push(h.raw());
                Some(h)
            } else {
                None
            };
            let dst = if o.dst {
                let h = self.add_entity(s, self.entity_for(m.dst, m.version))?;
                made.push(h.raw());
                Some(h)
            } else {
                None
            };
            let context = if o.context {
                let name = self
                    .database
                    .context_name_for(&m.community)
                    .map(str::to_owned);
                let h = self.add_context(
                    s,
                    Context {
                        community: m.community.clone(),
                        name,
                    },
                )?;
                made.push(h.raw());
                Some(h)
            } else {
                None
            };
            let pdu = if o.pdu {
                let h = self.add_pdu(s, m.pdu.clone())?;
                made.push(h.raw());
                Some(h)
            } else {
                None
            };
            Ok(Received {
                src,
                dst,
                context,
                pdu,
                request_id: m.pdu.request_id,
                pdu_type: m.pdu.pdu_type,
            })
        })();
        if r.is_err() {
            for h in made {
                if let Some(kind) = h.kind() {
                    let _ = self.free_object(h, kind);
                }
            }
        }
        r
    }

    /// An entity for an address seen on the wire, with the database's policy for it.
    fn entity_for(&self, addr: SocketAddr, version: Version) -> Entity {
        let known = self.database.entities().find(|(_, e)| {
            e.port == addr.port() && e.address.parse::<IpAddr>().ok() == Some(addr.ip())
        });
        let (timeout, retry, name) = match known {
            Some((n, e)) => (e.timeout, e.retry, Some(n.to_owned())),
            None => (DEFAULT_TIMEOUT, DEFAULT_RETRY, None),
        };
        Entity {
            addr,
            version,
            timeout,
            retry,
            default_timeout: timeout,
            default_retry: retry,
            listening: false,
            name,
            security: None,
        }
    }

    /// Takes the queued Response to request `id` out of `s`'s queue, wherever it is, with
    /// no handles created (for the blocking request helper of the `winsnmp` crate).
    pub fn take_response(&mut self, s: HSession, id: i32) -> Option<QueuedMessage> {
        self.sessions
            .get_mut(s.raw())?
            .queue
            .take_first(|m| m.pdu.request_id == id && m.pdu.pdu_type == SNMP_PDU_RESPONSE)
    }

    // ------------------------------------------------------------ SnmpCancelMsg

    /// `SnmpCancelMsg`: ends `s`'s outstanding request `id`: no more retransmissions, no
    /// timeout event, and a late answer is dropped.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_PDU_INVALID` (no such
    /// outstanding request in `s`).
    pub fn cancel_msg(&mut self, s: HSession, id: i32) -> R<()> {
        let r = self.check_session(s).and_then(|()| {
            let c = &mut self.comms;
            if c.requests.get(&id).is_none_or(|r| r.session != s) {
                return Err(SnmpApiError::PduInvalid);
            }
            c.end_request(id);
            c.recent.insert(id, Ended::Cancelled);
            c.stats.cancelled += 1;
            if let Some(sess) = self.sessions.get_mut(s.raw()) {
                sess.outstanding.remove(&id);
            }
            Ok(())
        });
        self.track(r, &[s.raw()])
    }

    // ------------------------------------------------------------ SnmpRegister

    /// `SnmpRegister`: adds (`state != SNMPAPI_OFF`) or removes (`SNMPAPI_OFF`) a
    /// notification filter of `s`. `None` filters are wildcards. `src` (the receiving
    /// manager) does not filter; `dst` matches the notification's source IP address;
    /// `context` its community; `notification` is a prefix of its `snmpTrapOID.0`. A
    /// registration another one of the session already covers succeeds and changes
    /// nothing; removing one that is not registered succeeds and changes nothing. The
    /// first registration of the runtime asks for the trap port.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_ENTITY_INVALID`,
    /// `SNMPAPI_CONTEXT_INVALID`, `SNMPAPI_OID_INVALID` (empty or longer than 128); and,
    /// through [`Engine::endpoint_failed`], `SNMPAPI_TL_IN_USE`.
    pub fn register(
        &mut self,
        s: HSession,
        src: Option<HEntity>,
        dst: Option<HEntity>,
        context: Option<HContext>,
        notification: Option<&[u32]>,
        state: u32,
    ) -> R<()> {
        let r = self.check_session(s).and_then(|()| {
            let src = match src {
                Some(e) => Some(self.entities.try_get(e.raw())?.value.addr),
                None => None,
            };
            let dst = match dst {
                Some(e) => Some(
                    self.entities
                        .try_get(e.raw())?
                        .value
                        .addr
                        .ip()
                        .to_canonical(),
                ),
                None => None,
            };
            let community = match context {
                Some(c) => Some(self.contexts.try_get(c.raw())?.value.community.clone()),
                None => None,
            };
            let oid = match notification {
                Some(o) if o.is_empty() || o.len() > MAXOBJIDSIZE => {
                    return Err(SnmpApiError::OidInvalid);
                }
                Some(o) => Some(o.to_vec()),
                None => None,
            };
            let reg = Registration {
                src,
                dst,
                community,
                oid,
            };
            let trap_port = self.trap_port();
            let c = &mut self.comms;
            if state == SNMPAPI_OFF {
                if let Some(regs) = c.registrations.get_mut(&s)
                    && let Some(i) = regs.iter().position(|r| *r == reg)
                {
                    regs.remove(i);
                    if regs.is_empty() {
                        c.registrations.remove(&s);
                    }
                    c.registration_count -= 1;
                    if c.registration_count == 0 {
                        c.close_trap_port();
                    }
                }
                return Ok(());
            }
            let regs = c.registrations.entry(s).or_default();
            if regs.iter().any(|r| r.covers(&reg)) {
                return Ok(());
            }
            regs.push(reg);
            c.registration_count += 1;
            if c.registration_count == 1 {
                let v4 = c.new_endpoint(
                    SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), trap_port),
                    EndpointRole::Trap,
                    true,
                );
                let v6 = c.new_endpoint(
                    SocketAddr::new(IpAddr::V6(Ipv6Addr::UNSPECIFIED), trap_port),
                    EndpointRole::Trap,
                    false,
                );
                c.trap = vec![v4, v6];
                c.trap_opener = Some(s);
            }
            Ok(())
        });
        let h = |x: Option<RawHandle>| x.unwrap_or(RawHandle(0));
        self.track(
            r,
            &[
                s.raw(),
                h(src.map(HEntity::raw)),
                h(dst.map(HEntity::raw)),
                h(context.map(HContext::raw)),
            ],
        )
    }

    /// Number of registrations `s` holds (redundant ones are not stored).
    pub fn registrations(&self, s: HSession) -> usize {
        self.comms.registrations.get(&s).map_or(0, Vec::len)
    }

    // ------------------------------------------------------------ SnmpListen

    /// `SnmpListen` (`use_all == None`) or `SnmpListenEx`: `SNMPAPI_ON` asks for a socket
    /// bound to the entity's address and port (`SNMPLISTEN_ALL_ADDR`: every address of its
    /// family) on which Get, GetNext, GetBulk, Set and Inform requests are delivered to the
    /// entity's session, with no community check (Appendix E 11); `SNMPAPI_OFF` closes it.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_MODE_INVALID` (status
    /// not ON/OFF, or `use_all` not 0/1), `SNMPAPI_NOOP` (already in that state); and,
    /// through [`Engine::endpoint_failed`], `SNMPAPI_TL_RESOURCE_ERROR` (socket) and
    /// `SNMPAPI_TL_OTHER` (bind, e.g. port in use).
    pub fn listen(&mut self, e: HEntity, status: u32, use_all: Option<u32>) -> R<()> {
        let r = self.require_init().and_then(|()| {
            let ent = &self.entities.try_get(e.raw())?.value;
            let all = match use_all {
                None | Some(SNMPLISTEN_USEENTITY_ADDR) => false,
                Some(SNMPLISTEN_ALL_ADDR) => true,
                Some(_) => return Err(SnmpApiError::ModeInvalid),
            };
            match status {
                SNMPAPI_ON => {
                    if ent.listening {
                        return Err(SnmpApiError::Noop);
                    }
                    let mut bind = ent.addr;
                    if all {
                        bind.set_ip(match bind {
                            SocketAddr::V4(_) => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
                            SocketAddr::V6(_) => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
                        });
                    }
                    let id = self.comms.new_endpoint(bind, EndpointRole::Agent, true);
                    if let Some(st) = self.comms.endpoints.get_mut(&id) {
                        st.entity = Some(e);
                    }
                    self.comms.listen_by_entity.insert(e.raw(), id);
                    if let Some(ent) = self.entity_mut(e) {
                        ent.listening = true;
                    }
                    Ok(())
                }
                SNMPAPI_OFF => {
                    if !ent.listening {
                        return Err(SnmpApiError::Noop);
                    }
                    self.stop_listening(e);
                    Ok(())
                }
                _ => Err(SnmpApiError::ModeInvalid),
            }
        });
        self.track(r, &[e.raw()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// On a wildcard socket the receiving entity is the IP the driver says the datagram
    /// arrived on, with the socket's port; without that, the bound (wildcard) address.
    #[test]
    fn receiving_entity_is_the_address_a_datagram_arrived_on() {
        let mut e: Engine<u32> = Engine::new(super::super::Limits::default());
        e.startup(false).unwrap();
        while let Some(ch) = e.poll_endpoint() {
            if let EndpointChange::Open(spec) = ch {
                e.endpoint_opened(spec.id, SocketAddr::new(spec.bind.ip(), 40000));
            }
        }
        let s = e.create_session(0, 0, Some(1)).unwrap();
        let agent: SocketAddr = "127.0.0.1:1161".parse().unwrap();
        let dst = e.str_to_entity(s, "127.0.0.1:1161").unwrap();
        let ctx = e.str_to_context(s, b"public").unwrap();
        let now = Instant::now();
        for hint in [Some(IpAddr::V4(Ipv4Addr::LOCALHOST)), None] {
            let pdu = e.create_pdu(s, SNMP_PDU_GET, 0, 0, 0, None).unwrap();
            e.send_msg(now, s, None, dst, ctx, pdu).unwrap();
            let t = e.poll_transmit().unwrap();
            let answer = PduData::new(SNMP_PDU_RESPONSE, t.request.unwrap());
            let bytes = encode_message(Version::V1, b"public", &answer, 65507).unwrap();
            e.handle_datagram_to(now, t.local, agent, hint, &bytes);
            let r = e.recv_msg(s, RecvOutputs::ALL).unwrap();
            let at = e.entity(r.dst.unwrap()).unwrap().addr;
            let want = if hint.is_some() {
                "127.0.0.1:40000"
            } else {
                "0.0.0.0:40000"
            };
            assert_eq!(at, want.parse().unwrap());
            assert_eq!(e.entity(r.src.unwrap()).unwrap().addr, agent);
        }
        // A hint of the other family is not used.
        let bound: SocketAddr = "0.0.0.0:162".parse().unwrap();
        let v6 = Arrival {
            from: agent,
            to_ip: Some(IpAddr::V6(Ipv6Addr::LOCALHOST)),
        };
        assert_eq!(v6.receiver(bound), bound);
        let specific: SocketAddr = "192.0.2.1:162".parse().unwrap();
        let v4 = Arrival {
            from: agent,
            to_ip: Some(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        };
        assert_eq!(v4.receiver(specific), specific);
    }

    /// The sizes the memory figure in the module documentation is made of.
    #[test]
    fn request_footprint() {
        assert!(size_of::<Request>() <= 96, "{}", size_of::<Request>());
        assert_eq!(size_of::<TimerEntry>(), 32);
    }
}
