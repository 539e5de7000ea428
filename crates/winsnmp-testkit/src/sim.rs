//! A deterministic world for the sans-IO engine: a fake clock, an in-memory network with
//! seeded loss, duplication and latency (hence reordering), and fake agents.
//!
//! [`Sim`] plays the driver's part: it opens the endpoints the engine asks for (at
//! addresses on a made-up host), carries every [`Transmit`] through the network, feeds
//! arriving datagrams and expired deadlines back in, and records every transmission and
//! every notification with the time it happened. Time jumps from one event to the next, so
//! a scenario of minutes runs in microseconds, and nothing depends on the real clock.
//!
//! ```
//! use std::time::Duration;
//! use winsnmp_testkit::sim::{AgentMode, Sim};
//! let mut sim = Sim::new(1);
//! let agent = sim.add_agent("192.0.2.10:161".parse().unwrap(), AgentMode::Answer);
//! let s = sim.session();
//! let id = sim.send_get(s, agent, 50, 2);
//! sim.run_for(Duration::from_secs(5));
//! assert_eq!(sim.events_for(s).len(), 1);
//! assert_eq!(sim.events_for(s)[0].lparam, id);
//! ```

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::{Duration, Instant};

use winsnmp_engine::StartupKind;
use winsnmp_engine::consts::*;
use winsnmp_engine::usm::{EntitySecurity, Expect, Outgoing, Usm};
use winsnmp_engine::wire::{MessageV3, Pdu, PduType, Value, VarBind, Version, peek_version};
use winsnmp_engine::{
    EndpointChange, EndpointId, Engine, HEntity, HSession, Limits, OpenError, PduData,
    SessionEvent, SmiValue, Transmit, VarBindEntry, decode_message, encode_message,
};

/// The made-up IPv4 address of the host the engine runs on.
pub const HOST_V4: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 1);
/// The made-up IPv6 address of the host the engine runs on.
pub const HOST_V6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0, 0, 0, 0, 0, 0, 1);
/// The port the simulated shared sockets get.
pub const SHARED_PORT: u16 = 40000;

/// A clock that moves only when told to.
#[derive(Debug, Clone, Copy)]
pub struct FakeClock {
    start: Instant,
    now: Instant,
}

impl FakeClock {
    /// A clock at an arbitrary origin.
    pub fn new() -> Self {
        let start = Instant::now();
        Self { start, now: start }
    }

    /// The current time.
    pub fn now(&self) -> Instant {
        self.now
    }

    /// Time since the clock was made.
    pub fn elapsed(&self) -> Duration {
        self.now - self.start
    }

    /// Moves to `t` (never backwards).
    pub fn set(&mut self, t: Instant) {
        self.now = self.now.max(t);
    }

    /// Moves forward by `d`.
    pub fn advance(&mut self, d: Duration) {
        self.now += d;
    }
}

impl Default for FakeClock {
    fn default() -> Self {
        Self::new()
    }
}

/// A small deterministic pseudo-random generator (xorshift64*).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// Seeded generator (seed 0 is replaced by a constant).
    pub fn new(seed: u64) -> Self {
        Self(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// `true` with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    /// Uniform in `0..n` (0 when `n == 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }
}

/// Network impairments, applied to every datagram independently.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NetConditions {
    /// Probability a datagram is lost.
    pub loss: f64,
    /// Probability a datagram is delivered twice.
    pub duplicate: f64,
    /// Smallest one-way latency.
    pub min_latency: Duration,
    /// Largest one-way latency (latency is uniform in between: datagrams reorder).
    pub max_latency: Duration,
}

impl Default for NetConditions {
    fn default() -> Self {
        Self {
            loss: 0.0,
            duplicate: 0.0,
            min_latency: Duration::from_millis(1),
            max_latency: Duration::from_millis(1),
        }
    }
}

/// How a fake agent behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentMode {
    /// Answers every request once (GET: each varbind gets `Integer 7`).
    Answer,
    /// Never answers.
    Silent,
    /// Answers every request twice.
    AnswerTwice,
    /// Ignores the first `n` copies of each request id, answers later ones.
    DropFirst(u32),
    /// Answers from another port (a foreign response: right id, wrong address).
    AnswerFromPort(u16),
    /// Answers after a fixed extra delay.
    Delay(Duration),
}

/// A fake agent.
#[derive(Debug)]
pub struct FakeAgent {
    /// Its address.
    pub addr: SocketAddr,
    /// Its behaviour.
    pub mode: AgentMode,
    /// Requests received, in order: (time, request id, PDU type).
    pub received: Vec<(Instant, i32, i32)>,
    /// For an SNMPv3 agent: its User-based Security Model, authoritative for what it
    /// receives (the engine ID, boots, time and users of the agent).
    pub usm: Option<Usm>,
    /// SNMPv3 messages it received, accepted or not: (time, msgID, accepted).
    pub v3_received: Vec<(Instant, i32, bool)>,
    /// SNMPv3 messages it sent (Reports and Responses), for replay tests.
    pub v3_sent: Vec<Vec<u8>>,
    seen: HashMap<i32, u32>,
}

#[derive(Debug, PartialEq, Eq)]
struct InFlight {
    at: Instant,
    order: u64,
    from: SocketAddr,
    to: SocketAddr,
    bytes: Vec<u8>,
}

impl Ord for InFlight {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.at, self.order).cmp(&(other.at, other.order))
    }
}

impl PartialOrd for InFlight {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A datagram that reached an address nobody in the simulation owns (e.g. a trap sink).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captured {
    /// When it arrived.
    pub at: Instant,
    /// Sender.
    pub from: SocketAddr,
    /// Destination.
    pub to: SocketAddr,
    /// The datagram.
    pub bytes: Vec<u8>,
}

/// The engine in a simulated world.
pub struct Sim {
    /// The engine under test.
    pub engine: Engine<()>,
    /// The clock.
    pub clock: FakeClock,
    /// Network impairments.
    pub net: NetConditions,
    /// Fake agents by address.
    pub agents: HashMap<SocketAddr, FakeAgent>,
    /// Every datagram the engine sent: (time, transmit).
    pub sent: Vec<(Instant, Transmit)>,
    /// Every notification the engine produced: (time, event).
    pub events: Vec<(Instant, SessionEvent)>,
    /// Datagrams to addresses with no agent and no engine endpoint.
    pub captured: Vec<Captured>,
    /// Endpoints the engine asked for that must fail to open (by bind port).
    pub refuse_ports: Vec<u16>,
    /// Destinations the simulated OS refuses to send to (reported as send errors).
    pub unreachable: Vec<IpAddr>,
    rng: Rng,
    endpoints: HashMap<EndpointId, SocketAddr>,
    by_addr: HashMap<SocketAddr, EndpointId>,
    in_flight: BinaryHeap<Reverse<InFlight>>,
    order: u64,
    errors: VecDeque<winsnmp_engine::SnmpApiError>,
}

impl Sim {
    /// A started engine (SnmpStartup) with default limits, perfect network, seed `seed`.
    pub fn new(seed: u64) -> Self {
        let mut sim = Self {
            engine: Engine::new(Limits::default()),
            clock: FakeClock::new(),
            net: NetConditions::default(),
            agents: HashMap::new(),
            sent: Vec::new(),
            events: Vec::new(),
            captured: Vec::new(),
            refuse_ports: Vec::new(),
            unreachable: Vec::new(),
            rng: Rng::new(seed),
            endpoints: HashMap::new(),
            by_addr: HashMap::new(),
            in_flight: BinaryHeap::new(),
            order: 0,
            errors: VecDeque::new(),
        };
        sim.engine.startup(StartupKind::Startup).expect("startup");
        sim.sync();
        sim
    }

    /// The current time.
    pub fn now(&self) -> Instant {
        self.clock.now()
    }

    /// Adds a fake agent at `addr`; returns `addr`.
    pub fn add_agent(&mut self, addr: SocketAddr, mode: AgentMode) -> SocketAddr {
        self.agents.insert(
            addr,
            FakeAgent {
                addr,
                mode,
                received: Vec::new(),
                usm: None,
                v3_received: Vec::new(),
                v3_sent: Vec::new(),
                seen: HashMap::new(),
            },
        );
        addr
    }

    /// Adds an SNMPv3 agent at `addr` with `usm` (its engine and users; it also answers
    /// v1/v2c as [`Sim::add_agent`] does). It answers discovery probes and rejected
    /// messages with the Reports its USM builds, and requests with a Response sealed as the
    /// authoritative engine, same msgID, user and level.
    pub fn add_v3_agent(&mut self, addr: SocketAddr, mode: AgentMode, usm: Usm) -> SocketAddr {
        self.add_agent(addr, mode);
        if let Some(a) = self.agents.get_mut(&addr) {
            a.usm = Some(usm);
        }
        addr
    }

    /// An SNMPv3 entity for `addr` with `security`, timeout (cs) and retry.
    pub fn v3_entity(
        &mut self,
        s: HSession,
        addr: SocketAddr,
        security: EntitySecurity,
        timeout: u32,
        retry: u32,
    ) -> HEntity {
        let e = self.entity(s, addr, timeout, retry);
        self.engine
            .set_entity_security(e, Some(security))
            .expect("SNMPv3 settings");
        e
    }

    /// A new session (callback `()`).
    pub fn session(&mut self) -> HSession {
        self.engine.create_session(0, 0, Some(())).expect("session")
    }

    /// A v2c entity for `addr` with the given timeout (cs) and retry.
    pub fn entity(&mut self, s: HSession, addr: SocketAddr, timeout: u32, retry: u32) -> HEntity {
        let e = self
            .engine
            .str_to_entity(s, &format!("[{}]:{}", addr.ip(), addr.port()))
            .or_else(|_| {
                self.engine
                    .str_to_entity(s, &format!("{}:{}", addr.ip(), addr.port()))
            })
            .expect("entity");
        self.engine.set_timeout(e, timeout).expect("timeout");
        self.engine.set_retry(e, retry).expect("retry");
        e
    }

    /// Sends a GET of `sysUpTime.0` from `s` to `to` with a fresh PDU; returns its id.
    pub fn send_get(&mut self, s: HSession, to: SocketAddr, timeout: u32, retry: u32) -> i32 {
        let e = self.entity(s, to, timeout, retry);
        let id = self.send_pdu(s, None, e, SNMP_PDU_GET, 0).expect("send");
        self.engine.free_entity(e).expect("free entity");
        id
    }

    /// Sends a PDU of `pdu_type` with request id `id` (0: generated) and one `sysUpTime.0`
    /// binding; returns the request id. The PDU and context are freed afterwards.
    ///
    /// # Errors
    /// Whatever `send_msg` reports.
    pub fn send_pdu(
        &mut self,
        s: HSession,
        src: Option<HEntity>,
        dst: HEntity,
        pdu_type: i32,
        id: i32,
    ) -> Result<i32, winsnmp_engine::SnmpApiError> {
        let vbl = self
            .engine
            .create_vbl(s, Some(&SYS_UP_TIME_0), Some(&SmiValue::TimeTicks(5)))
            .expect("vbl");
        let pdu = self
            .engine
            .create_pdu(s, pdu_type, id, 0, 0, Some(vbl))
            .expect("pdu");
        let ctx = self.engine.str_to_context(s, b"public").expect("context");
        let id = self
            .engine
            .get_pdu_data(pdu, winsnmp_engine::PduFields::SCALARS)
            .expect("pdu data")
            .request_id;
        let now = self.now();
        let r = self.engine.send_msg(now, s, src, dst, ctx, pdu);
        let _ = self.engine.free_pdu(pdu);
        let _ = self.engine.free_vbl(vbl);
        let _ = self.engine.free_context(ctx);
        self.sync();
        r.map(|()| id)
    }

    /// Opens/closes endpoints the engine asked for and moves its transmits and events into
    /// the world. Returns the errors of failed opens since the last call.
    pub fn sync(&mut self) -> Vec<winsnmp_engine::SnmpApiError> {
        while let Some(ch) = self.engine.poll_endpoint() {
            match ch {
                EndpointChange::Open(spec) => {
                    let ip = match spec.bind.ip() {
                        IpAddr::V4(a) if a.is_unspecified() => IpAddr::V4(HOST_V4),
                        IpAddr::V6(a) if a.is_unspecified() => IpAddr::V6(HOST_V6),
                        ip => ip,
                    };
                    let port = if spec.bind.port() == 0 {
                        SHARED_PORT
                    } else {
                        spec.bind.port()
                    };
                    let addr = SocketAddr::new(ip, port);
                    if self.refuse_ports.contains(&spec.bind.port())
                        || self.by_addr.contains_key(&addr)
                    {
                        if let Some(e) = self.engine.endpoint_failed(spec.id, OpenError::Bind) {
                            self.errors.push_back(e);
                        }
                    } else {
                        self.endpoints.insert(spec.id, addr);
                        self.by_addr.insert(addr, spec.id);
                        self.engine.endpoint_opened(spec.id, addr);
                    }
                }
                EndpointChange::Close(id) => {
                    if let Some(a) = self.endpoints.remove(&id) {
                        self.by_addr.remove(&a);
                    }
                }
            }
        }
        let now = self.now();
        while let Some(t) = self.engine.poll_transmit() {
            if self.unreachable.contains(&t.to.ip()) {
                self.engine.handle_send_error(now, &t);
                continue;
            }
            if let Some(from) = self.endpoints.get(&t.local).copied() {
                self.send_raw(from, t.to, t.bytes.to_vec());
            }
            self.sent.push((now, t));
        }
        while let Some(e) = self.engine.poll_event() {
            self.events.push((now, e));
        }
        self.errors.drain(..).collect()
    }

    /// Whether endpoint `id` is open in the simulation, and at which address.
    pub fn endpoint_addr(&self, id: EndpointId) -> Option<SocketAddr> {
        self.endpoints.get(&id).copied()
    }

    /// Puts a datagram on the network from `from` to `to`, subject to the conditions.
    pub fn send_raw(&mut self, from: SocketAddr, to: SocketAddr, bytes: Vec<u8>) {
        if self.rng.chance(self.net.loss) {
            return;
        }
        let copies = if self.rng.chance(self.net.duplicate) {
            2
        } else {
            1
        };
        for _ in 0..copies {
            let span = self.net.max_latency.saturating_sub(self.net.min_latency);
            let extra = Duration::from_nanos(self.rng.below(span.as_nanos() as u64 + 1));
            self.order += 1;
            self.in_flight.push(Reverse(InFlight {
                at: self.now() + self.net.min_latency + extra,
                order: self.order,
                from,
                to,
                bytes: bytes.clone(),
            }));
        }
    }

    /// Delivers a datagram to the engine right now, bypassing the network.
    pub fn inject(&mut self, from: SocketAddr, to: SocketAddr, bytes: &[u8]) {
        if let Some(id) = self.by_addr.get(&to).copied() {
            let now = self.now();
            self.engine.handle_datagram(now, id, from, bytes);
        }
        self.sync();
    }

    /// Runs the world until `deadline` (bounded: at most 10 million steps).
    pub fn run_until(&mut self, deadline: Instant) {
        for _ in 0..10_000_000u32 {
            let net_next = self.in_flight.peek().map(|f| f.0.at);
            let timer_next = self.engine.poll_timeout();
            let next = match (net_next, timer_next) {
                (Some(a), Some(b)) => a.min(b),
                (Some(a), None) | (None, Some(a)) => a,
                (None, None) => break,
            };
            if next > deadline {
                break;
            }
            self.clock.set(next);
            let now = self.now();
            // Deliver everything due, in arrival order.
            while self.in_flight.peek().is_some_and(|f| f.0.at <= now) {
                if let Some(Reverse(f)) = self.in_flight.pop() {
                    self.arrive(f);
                }
            }
            self.engine.handle_timeout(now);
            self.sync();
        }
        self.clock.set(deadline);
    }

    /// Runs the world for `d`.
    pub fn run_for(&mut self, d: Duration) {
        let t = self.now() + d;
        self.run_until(t);
    }

    fn arrive(&mut self, f: InFlight) {
        if let Some(id) = self.by_addr.get(&f.to).copied() {
            let now = self.now();
            self.engine.handle_datagram(now, id, f.from, &f.bytes);
            return;
        }
        if self.agents.contains_key(&f.to) {
            self.agent_receive(f);
            return;
        }
        self.captured.push(Captured {
            at: f.at,
            from: f.from,
            to: f.to,
            bytes: f.bytes,
        });
    }

    fn agent_receive(&mut self, f: InFlight) {
        let now = self.now();
        let Some(agent) = self.agents.get_mut(&f.to) else {
            return;
        };
        if agent.usm.is_some() && peek_version(&f.bytes) == Ok(Version::V3) {
            self.agent_receive_v3(f);
            return;
        }
        let Ok(d) = decode_message(&f.bytes, 1) else {
            return;
        };
        agent.received.push((now, d.pdu.request_id, d.pdu.pdu_type));
        let n = agent.seen.entry(d.pdu.request_id).or_insert(0);
        *n += 1;
        let copies = *n;
        if d.pdu.pdu_type == SNMP_PDU_TRAP || d.pdu.pdu_type == SNMP_PDU_RESPONSE {
            return;
        }
        let (times, from, delay) = match agent.mode {
            AgentMode::Answer => (1, agent.addr, Duration::ZERO),
            AgentMode::Silent => return,
            AgentMode::AnswerTwice => (2, agent.addr, Duration::ZERO),
            AgentMode::DropFirst(k) if copies <= k => return,
            AgentMode::DropFirst(_) => (1, agent.addr, Duration::ZERO),
            AgentMode::AnswerFromPort(p) => {
                (1, SocketAddr::new(agent.addr.ip(), p), Duration::ZERO)
            }
            AgentMode::Delay(d) => (1, agent.addr, d),
        };
        let resp = PduData {
            varbinds: d
                .pdu
                .varbinds
                .iter()
                .map(|vb| VarBindEntry {
                    name: vb.name.clone(),
                    value: if d.pdu.pdu_type == SNMP_PDU_INFORM {
                        vb.value.clone()
                    } else {
                        SmiValue::Int(7)
                    },
                })
                .collect(),
            ..PduData::new(SNMP_PDU_RESPONSE, d.pdu.request_id)
        };
        let Ok(bytes) = encode_message(d.version, &d.community, &resp, 65507) else {
            return;
        };
        for _ in 0..times {
            self.order += 1;
            self.in_flight.push(Reverse(InFlight {
                at: now + delay + self.net.min_latency,
                order: self.order,
                from,
                to: f.from,
                bytes: bytes.clone(),
            }));
        }
    }

    fn agent_receive_v3(&mut self, f: InFlight) {
        let now = self.now();
        let Some(agent) = self.agents.get_mut(&f.to) else {
            return;
        };
        let Some(usm) = agent.usm.as_mut() else {
            return;
        };
        let mut scratch = Vec::new();
        let reply = match usm.open(now, &f.bytes, Expect::Local, &mut scratch) {
            Err(fail) => {
                let id = MessageV3::decode(&f.bytes).map_or(-1, |m| m.header.msg_id);
                agent.v3_received.push((now, id, false));
                fail.report
            }
            Ok(o) => {
                agent.v3_received.push((now, o.header.msg_id, true));
                let p = &o.scoped.pdu;
                agent
                    .received
                    .push((now, p.request_id, i32::from(p.pdu_type.tag())));
                let n = agent.seen.entry(p.request_id).or_insert(0);
                *n += 1;
                let copies = *n;
                let answer = match agent.mode {
                    AgentMode::Silent => false,
                    AgentMode::DropFirst(k) => copies > k,
                    _ => true,
                };
                if !answer || matches!(p.pdu_type, PduType::TrapV2 | PduType::Response) {
                    None
                } else {
                    let seven = Value::Integer(7);
                    let vbs: Vec<VarBind<'_>> = p
                        .varbinds
                        .iter()
                        .map(|vb| {
                            let v = if p.pdu_type == PduType::Inform {
                                vb.value
                            } else {
                                seven
                            };
                            VarBind::new(vb.name, v)
                        })
                        .collect();
                    let resp = Pdu::new(PduType::Response, p.request_id, vbs);
                    let engine_id = usm.engine_id().to_vec();
                    let time = usm.engine_time(now);
                    let out = Outgoing {
                        msg_id: o.header.msg_id,
                        max_size: 65507,
                        reportable: false,
                        level: o.level,
                        user: &o.user,
                        engine_id: &engine_id,
                        boots: usm.boots(),
                        time,
                        context_engine_id: o.scoped.context_engine_id,
                        context_name: o.scoped.context_name,
                    };
                    usm.seal(&out, &resp).ok()
                }
            }
        };
        let times = if agent.mode == AgentMode::AnswerTwice {
            2
        } else {
            1
        };
        if let Some(bytes) = reply {
            agent.v3_sent.push(bytes.clone());
            for _ in 0..times {
                self.order += 1;
                self.in_flight.push(Reverse(InFlight {
                    at: now + self.net.min_latency,
                    order: self.order,
                    from: f.to,
                    to: f.from,
                    bytes: bytes.clone(),
                }));
            }
        }
    }

    /// Forgets what the world recorded so far — transmissions, notifications, captured
    /// datagrams, and what each fake agent received and counted per request id — so that a
    /// long run (a soak or leak test) keeps a bounded memory. The engine is not touched.
    pub fn clear_logs(&mut self) {
        self.sent.clear();
        self.events.clear();
        self.captured.clear();
        for a in self.agents.values_mut() {
            a.received.clear();
            a.v3_received.clear();
            a.v3_sent.clear();
            a.seen.clear();
        }
    }

    /// The notifications produced for `s`, in order.
    pub fn events_for(&self, s: HSession) -> Vec<SessionEvent> {
        self.events
            .iter()
            .filter(|(_, e)| e.session == s)
            .map(|(_, e)| *e)
            .collect()
    }

    /// Transmission times of every request id sent so far.
    pub fn sends_by_id(&self) -> HashMap<i32, Vec<Instant>> {
        let mut m: HashMap<i32, Vec<Instant>> = HashMap::new();
        for (at, t) in &self.sent {
            if let Some(id) = Self::request_id_of(t) {
                m.entry(id).or_default().push(*at);
            }
        }
        m
    }

    /// The request id a transmit carries: the engine's record for requests (SNMPv3 ones
    /// are encrypted), else the decoded PDU's.
    fn request_id_of(t: &Transmit) -> Option<i32> {
        t.request
            .map(|r| r.0)
            .or_else(|| decode_message(&t.bytes, 1).ok().map(|d| d.pdu.request_id))
    }

    /// Times at which request `id` was transmitted.
    pub fn sends_of(&self, id: i32) -> Vec<Instant> {
        self.sent
            .iter()
            .filter(|(_, t)| Self::request_id_of(t) == Some(id))
            .map(|(at, _)| *at)
            .collect()
    }

    /// The address the engine's shared IPv4 socket has in the simulation.
    pub fn shared_v4(&self) -> SocketAddr {
        SocketAddr::new(IpAddr::V4(HOST_V4), SHARED_PORT)
    }
}

impl std::fmt::Debug for Sim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sim")
            .field("elapsed", &self.clock.elapsed())
            .field("sent", &self.sent.len())
            .field("events", &self.events.len())
            .finish_non_exhaustive()
    }
}
