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
use std::sync::Arc;

use rustc_hash::FxHashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Instant;

use super::{Context, Engine, R};
use crate::codec::{DecodedMessage, PduData, decode_message, encode_shared};
use crate::consts::*;
use crate::handle::{HContext, HEntity, HPdu, HSession, RawHandle};
use crate::session::QueuedMessage;
use crate::timer::{TimerEntry, Timers};
use crate::transport::{
    CommStats, EndpointChange, EndpointId, EndpointRole, EndpointSpec, OpenError, Received,
    RecvOutputs, RequestId, SessionEvent, Transmit,
};
use crate::{SnmpApiError, Version};

mod dispatch;
mod endpoints;
mod lifecycle;
mod listening;
mod raw;
mod receive;
mod registrations;
mod requests;
mod v3;

pub use raw::{RawPayload, RawPolicy, RawResponse, RawV3};
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
    datagram: Arc<[u8]>,
    /// Policy timeout, hundredths of a second (at least 1).
    timeout_cs: u32,
    /// Timeouts still to wait before the request ends.
    retries_left: u32,
    /// The retry count it was sent with (an SNMPv3 request starts again from it after
    /// engine discovery).
    initial_retries: u32,
    /// Retransmit mode was ON at send time.
    retransmit: bool,
    /// Encoded and decoded by the caller ([`Engine::send_raw`]): the answer comes out of
    /// `poll_raw` as bytes.
    raw: bool,
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

/// The last [`RECENT`] ended requests, in a ring: ending a request (every answer) writes
/// one slot in order, touching no hashed memory. Finding one is needed only for a
/// datagram that matches no outstanding request (a duplicate, a late answer, a stray):
/// a count of the remembered ids per value of their low bits says at once that most
/// strays are not there; otherwise the ids are scanned, newest first, so the latest
/// ending of a reused id is the one found.
struct Recent {
    ids: Vec<i32>,
    how: Vec<Ended>,
    /// The slot the next ending writes once the ring is full (the oldest).
    next: usize,
    /// How many remembered ids have each value of their low [`SUMMARY`] bits (sequential
    /// ids walk it in order; at most `RECENT` in all, so a count never overflows).
    summary: Box<[u16]>,
}

/// Entries of [`Recent::summary`] (a power of two, above `RECENT`).
const SUMMARY: usize = 2 * RECENT;

impl std::fmt::Debug for Recent {
    /// How many are remembered (not the 4,096 ids and 8,192 counts).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recent")
            .field("remembered", &self.ids.len())
            .finish_non_exhaustive()
    }
}

impl Default for Recent {
    fn default() -> Self {
        Self {
            ids: Vec::new(),
            how: Vec::new(),
            next: 0,
            summary: vec![0; SUMMARY].into_boxed_slice(),
        }
    }
}

impl Recent {
    fn slot(id: i32) -> usize {
        // The low bits of the id's two's complement (a cast, not a conversion).
        id as u32 as usize & (SUMMARY - 1)
    }

    fn insert(&mut self, id: RequestId, how: Ended) {
        self.summary[Self::slot(id.0)] += 1;
        if self.ids.len() < RECENT {
            self.ids.push(id.0);
            self.how.push(how);
            return;
        }
        let old = std::mem::replace(&mut self.ids[self.next], id.0);
        self.summary[Self::slot(old)] -= 1;
        self.how[self.next] = how;
        self.next = (self.next + 1) % RECENT;
    }

    fn get(&self, id: RequestId) -> Option<Ended> {
        if self.summary[Self::slot(id.0)] == 0 {
            return None;
        }
        // Once the ring is full, the slots before `next` hold the newest endings.
        let (newer, older) = self.ids.split_at(self.next);
        newer
            .iter()
            .rposition(|&x| x == id.0)
            .or_else(|| {
                older
                    .iter()
                    .rposition(|&x| x == id.0)
                    .map(|i| self.next + i)
            })
            .map(|i| self.how[i])
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
    endpoints: FxHashMap<EndpointId, EndpointState>,
    next_endpoint: u32,
    /// Shared endpoints for IPv4 and IPv6.
    shared: [Option<EndpointId>; 2],
    /// Trap endpoints while any registration exists.
    trap: Vec<EndpointId>,
    /// The session whose registration opened the trap port (for error attribution).
    trap_opener: Option<HSession>,
    /// Trap port (Appendix E 10); `None` = the database's or 162.
    trap_port: Option<u16>,
    listen_by_entity: FxHashMap<RawHandle, EndpointId>,
    requests: FxHashMap<RequestId, Request>,
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
    /// Answers to raw requests, for `poll_raw`.
    raw: VecDeque<RawResponse>,
    /// A raw request was sent: received responses are first matched on their header.
    raw_used: bool,
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

/// The event for a received datagram dropped for `reason` (the [`CommStats`] counter it
/// went to). Nothing is formatted unless a subscriber wants DEBUG events of this module.
#[inline]
fn dropped(reason: &'static str, from: SocketAddr, request_id: Option<i32>) {
    tracing::debug!(reason, %from, request_id, "datagram dropped");
}

impl<C> Engine<C> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::encode_message;

    /// The ring of ended requests finds an id while it is among the last `RECENT`, the
    /// latest ending of an id that ended twice, and forgets the oldest past `RECENT`.
    #[test]
    fn recent_requests_are_the_last_ones_and_the_latest_ending_wins() {
        let mut r = Recent::default();
        assert_eq!(r.get(RequestId(1)), None);
        for id in 0..RECENT as i32 {
            r.insert(RequestId(id), Ended::Answered);
        }
        assert_eq!(r.get(RequestId(0)), Some(Ended::Answered));
        assert_eq!(r.get(RequestId(RECENT as i32 - 1)), Some(Ended::Answered));
        assert_eq!(r.get(RequestId(-5)), None);
        // Wrapping: ids 0..10 are pushed out, 7 ends again (as timed out) in the new slots.
        for id in 0..10 {
            let how = if id == 7 {
                Ended::TimedOut
            } else {
                Ended::Cancelled
            };
            r.insert(RequestId(RECENT as i32 + id), how);
        }
        r.insert(RequestId(7), Ended::TimedOut);
        assert_eq!(r.get(RequestId(0)), None);
        assert_eq!(r.get(RequestId(10)), None, "pushed out by the 11th ending");
        assert_eq!(r.get(RequestId(11)), Some(Ended::Answered));
        assert_eq!(r.get(RequestId(7)), Some(Ended::TimedOut));
        assert_eq!(r.get(RequestId(RECENT as i32 + 3)), Some(Ended::Cancelled));
        // An id that ended long ago and again lately: the later ending is the one found,
        // whichever side of the ring's seam each lies.
        r.insert(RequestId(3000), Ended::Cancelled);
        assert_eq!(r.get(RequestId(3000)), Some(Ended::Cancelled));
        for id in 0..2 * RECENT as i32 {
            r.insert(RequestId(100_000 + id), Ended::Answered);
        }
        assert_eq!(r.get(RequestId(3000)), None);
        assert_eq!(r.ids.len(), RECENT);
        // The summary counts exactly the ids the ring holds; negative ids too.
        r.insert(RequestId(-1), Ended::TimedOut);
        r.insert(RequestId(i32::MIN), Ended::Cancelled);
        assert_eq!(r.get(RequestId(-1)), Some(Ended::TimedOut));
        assert_eq!(r.get(RequestId(i32::MIN)), Some(Ended::Cancelled));
        assert_eq!(
            r.get(RequestId(-1 - SUMMARY as i32)),
            None,
            "same low bits, not there"
        );
        let mut want = vec![0u16; SUMMARY];
        for &id in &r.ids {
            want[Recent::slot(id)] += 1;
        }
        assert_eq!(&*r.summary, &want[..]);
    }

    /// On a wildcard socket the receiving entity is the IP the driver says the datagram
    /// arrived on, with the socket's port; without that, the bound (wildcard) address.
    #[test]
    fn receiving_entity_is_the_address_a_datagram_arrived_on() {
        let mut e: Engine<u32> = Engine::new(super::super::Limits::default());
        e.startup(crate::StartupKind::Startup).unwrap();
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
            let answer = PduData::new(SNMP_PDU_RESPONSE, t.request.unwrap().0);
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

/// The events of the communications layer, captured with a subscriber on this thread (the
/// engine is synchronous: everything it logs for a call happens on the caller's thread).
#[cfg(test)]
mod trace_tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use super::*;
    use crate::codec::encode_message;
    use crate::{Limits, StartupKind};

    #[derive(Clone, Default)]
    struct Buf(Arc<Mutex<Vec<u8>>>);

    impl Write for Buf {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Runs `f` with every event at TRACE level written to a string, returned.
    fn traced(f: impl FnOnce()) -> String {
        let buf = Buf::default();
        let out = buf.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || out.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, f);
        let bytes = buf.0.lock().unwrap().clone();
        String::from_utf8(bytes).unwrap()
    }

    fn started() -> Engine<u32> {
        let mut e = Engine::new(Limits::default());
        e.startup(StartupKind::Startup).unwrap();
        while let Some(ch) = e.poll_endpoint() {
            if let EndpointChange::Open(spec) = ch {
                e.endpoint_opened(spec.id, SocketAddr::new(spec.bind.ip(), 40000));
            }
        }
        e
    }

    /// Each drop has its event, with its reason, and its counter; datagrams in and out
    /// have theirs with size and peer; retransmissions and timeouts theirs. The community
    /// is in none of them.
    #[test]
    fn events_name_datagrams_requests_and_drop_reasons() {
        let mut e = started();
        let community = b"Tr4ced-C0mmunity";
        let agent: SocketAddr = "127.0.0.1:1161".parse().unwrap();
        let other: SocketAddr = "127.0.0.1:1162".parse().unwrap();
        let now = Instant::now();
        let log = traced(|| {
            let s = e.create_session(0, 0, Some(1)).unwrap();
            let dst = e.str_to_entity(s, "127.0.0.1:1161").unwrap();
            e.set_timeout(dst, 10).unwrap();
            e.set_retry(dst, 1).unwrap();
            let ctx = e.str_to_context(s, community).unwrap();
            let mut ids = Vec::new();
            let mut local = None;
            for _ in 0..3 {
                let pdu = e.create_pdu(s, SNMP_PDU_GET, 0, 0, 0, None).unwrap();
                e.send_msg(now, s, None, dst, ctx, pdu).unwrap();
                let t = e.poll_transmit().unwrap();
                local = Some(t.local);
                ids.push(t.request.unwrap().0);
            }
            let local = local.unwrap();
            let answer = |id: i32| {
                let p = PduData::new(SNMP_PDU_RESPONSE, id);
                encode_message(Version::V2c, community, &p, 65507).unwrap()
            };
            // Answered, then answered again (duplicate); from elsewhere (foreign); an id
            // nobody sent (stray); garbage (malformed).
            e.handle_datagram(now, local, agent, &answer(ids[0]));
            e.handle_datagram(now, local, agent, &answer(ids[0]));
            e.handle_datagram(now, local, other, &answer(ids[1]));
            e.handle_datagram(now, local, agent, &answer(0x7654_3210));
            e.handle_datagram(now, local, agent, b"\x30\x03\x02\x01");
            // Cancelled, then its answer (late); the third retransmitted, then timed out.
            e.cancel_msg(s, ids[1]).unwrap();
            e.handle_datagram(now, local, agent, &answer(ids[1]));
            e.handle_timeout(now + Duration::from_millis(100));
            while e.poll_transmit().is_some() {}
            e.handle_timeout(now + Duration::from_millis(200));
            e.close(s).unwrap();
        });
        for want in [
            "session created",
            "message sent",
            "datagram out",
            "datagram in",
            "response matched",
            "reason=\"duplicate\"",
            "reason=\"foreign\"",
            "reason=\"stray\"",
            "reason=\"malformed\"",
            "reason=\"late\"",
            "request cancelled",
            "retransmission",
            "request timed out",
            "session closed",
            "from=127.0.0.1:1162",
            "to=127.0.0.1:1161",
            "len=",
        ] {
            assert!(log.contains(want), "{want:?} missing from:\n{log}");
        }
        let st = e.comm_stats();
        assert_eq!(
            (st.duplicates, st.foreign, st.stray, st.malformed, st.late),
            (1, 1, 1, 1, 1)
        );
        assert_eq!((st.retransmissions, st.timeouts, st.cancelled), (1, 1, 1));
        assert_eq!(st.datagrams, 6);
        assert_eq!(st.datagrams_out, 4);
        assert!(st.bytes_in > 0 && st.bytes_out > 0);
        let text = String::from_utf8_lossy(community);
        assert!(!log.contains(&*text), "community in the log:\n{log}");
    }

    /// With no subscriber nothing is formatted: the `Debug` of a field is never called.
    #[test]
    fn nothing_is_formatted_without_a_subscriber() {
        struct Loud;
        impl std::fmt::Debug for Loud {
            fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                panic!("formatted with no subscriber");
            }
        }
        tracing::debug!(field = ?Loud, "never formatted");
        tracing::trace!(field = ?Loud, "never formatted");
    }
}
