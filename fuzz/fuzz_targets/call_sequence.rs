//! Arbitrary sequences of WinSNMP calls on an `Engine<()>` in the simulated world (fake
//! clock, in-memory network, fake agents that answer, stay silent or answer twice).
//!
//! An interpreter maps the input to calls — startup and cleanup of both kinds, sessions,
//! entities, contexts, PDUs, VBLs, OID utilities, encode/decode, send, receive, register,
//! listen, cancel, the modes, the limits, SNMPv3 settings, and time passing — with handle
//! arguments that are live, freed, of the wrong kind, 0 or random. It keeps a model of
//! what must exist and checks every call against it:
//!
//! - a handle that is not a live handle of the expected kind gives exactly its kind's
//!   `*_INVALID` code (in the order the function checks its arguments); before a startup
//!   everything is `SNMPAPI_NOT_INITIALIZED`; a limit reached gives `SNMPAPI_ALLOC_ERROR`;
//! - every other result is one the function documents, and what the model can know
//!   (counts, `SnmpCountVbl`, the modes) is exact;
//! - `SnmpGetLastError` of the application and of every open session is what Appendix E 2
//!   says after every call;
//! - `engine.counts()` equals the model's counts after every call;
//! - every request ends at most once (answer, timeout, cancel, close), and one sent with
//!   the retransmit mode ON ends exactly once;
//! - at the end, once the world has run long enough, no request is outstanding, and
//!   closing every session and cleaning up leaves nothing alive.
//!
//! Input: per call, one byte choosing it (0xFE startup, 0xFF cleanup, any other `b` the
//! call `b % 38 + 2` of `World::step`), then the bytes of its arguments; a missing byte
//! reads as 0. The seeds in `corpus/call_sequence/` are small scripts in this form.
//! `CS_TRACE=1` prints every call and its result.
#![no_main]

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::LazyLock;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use winsnmp_engine::consts::*;
use winsnmp_engine::usm::{EntitySecurity, UsmUser};
use winsnmp_engine::wire::SecurityLevel;
use winsnmp_engine::{
    DecodeOutputs, HContext, HEntity, HPdu, HSession, HVbl, HandleKind, Limits, PduFields,
    PolicyOutputs, RecvOutputs, SmiCntr64, SmiValue, SnmpApiError as E, StartupKind, VbOutputs,
};
use winsnmp_testkit::sim::{AgentMode, HOST_V4, HOST_V6, Sim};

const DATABASE: &str = r#"
[entity.router]
address = "192.0.2.1"
version = "v2c"
timeout = 20
retry = 1

[context.ro]
community = "public"
"#;

/// Entity strings: (text, accepted untranslated, accepted translated).
const ENTITIES: &[(&str, bool, bool)] = &[
    ("192.0.2.1", true, false),
    ("192.0.2.2", true, false),
    ("192.0.2.3", true, false),
    ("[2001:db8::1]:161", true, false),
    ("198.51.100.1:161", true, false),
    ("10.0.0.1:1161", true, false),
    ("10.0.0.1", true, false),
    ("router", false, true),
    ("not an address", false, false),
    ("192.0.2.1:0", false, false),
    ("[fd00::1]:1161", true, false),
    ("", false, false),
];

/// Communities / context names.
const CONTEXTS: &[&[u8]] = &[b"public", b"private", b"", b"ro", b"\xff\xfe", b"x"];

/// Varbind names: (arcs, valid).
static NAMES: LazyLock<Vec<(Vec<u32>, bool)>> = LazyLock::new(|| {
    vec![
        (vec![1, 3, 6, 1, 2, 1, 1, 1, 0], true),
        (vec![1, 3, 6, 1, 2, 1, 1, 3, 0], true),
        (vec![1, 3, 6, 1, 4, 1, 9, 9, 1], true),
        (vec![2, 999, 4_294_967_295], true),
        (vec![], false),
        (vec![1], false),
        (vec![3, 1], false),
        (vec![1, 40], false),
        (vec![2, 4_294_967_295], false),
        (vec![1; 129], false),
    ]
});

/// Values: (value, the error `validate` gives).
static VALUES: LazyLock<Vec<(SmiValue, Option<E>)>> = LazyLock::new(|| {
    vec![
        (SmiValue::Int(5), None),
        (SmiValue::Octets(b"x".to_vec()), None),
        (SmiValue::Null, None),
        (SmiValue::Oid(vec![1, 3, 6, 1]), None),
        (SmiValue::Oid(vec![]), Some(E::OidInvalid)),
        (SmiValue::IpAddr(vec![10, 0, 0, 1]), None),
        (SmiValue::IpAddr(vec![10, 0, 0]), Some(E::SyntaxInvalid)),
        (
            SmiValue::Cntr64(SmiCntr64 {
                hipart: 1,
                lopart: 2,
            }),
            None,
        ),
        (SmiValue::NsapAddr(vec![1, 2, 3]), None),
        (SmiValue::Cntr32(7), None),
        (SmiValue::Octets(vec![b'y'; 70_000]), None),
        (SmiValue::EndOfMibView, None),
        (SmiValue::UInt32(9), None),
        (SmiValue::Opaque(vec![0x9f, 0x78, 4, 0, 0, 0, 0]), None),
    ]
});

const PDU_TYPES: &[i32] = &[
    0,
    SNMP_PDU_GET,
    SNMP_PDU_GETNEXT,
    SNMP_PDU_RESPONSE,
    SNMP_PDU_SET,
    SNMP_PDU_GETBULK,
    SNMP_PDU_INFORM,
    SNMP_PDU_TRAP,
    SNMP_PDU_V1TRAP,
    0x99,
];
const REQUEST_IDS: &[i32] = &[0, 0, 0, 1, 2, 77, -5, i32::MAX];
const TIMEOUTS: &[u32] = &[0, 1, 10, 100, 500];
const RETRIES: &[u32] = &[0, 1, 2, 5];

/// SNMPv3 users made once; noAuthNoPriv needs no digest.
static USER: LazyLock<UsmUser> = LazyLock::new(|| UsmUser::new(b"plain"));

/// `CS_TRACE=1` prints every call's result (to read what an input does).
static TRACE: LazyLock<bool> = LazyLock::new(|| std::env::var_os("CS_TRACE").is_some());

/// Most calls one input makes.
const MAX_CALLS: usize = 256;

struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn u8(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }

    fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.u8(), self.u8(), self.u8(), self.u8()])
    }

    /// `true` for one byte value in `n`.
    fn one_in(&mut self, n: u8) -> bool {
        self.u8().is_multiple_of(n)
    }

    fn bool(&mut self) -> bool {
        self.u8() & 1 == 1
    }

    fn pick<'t, T>(&mut self, table: &'t [T]) -> &'t T {
        &table[usize::from(self.u8()) % table.len()]
    }

    fn bytes(&mut self) -> Vec<u8> {
        let n = usize::from(self.u8() % 64).min(self.0.len());
        let (b, rest) = self.0.split_at(n);
        self.0 = rest;
        b.to_vec()
    }
}

/// What the model knows of a live object.
#[derive(Debug, Clone)]
struct Obj {
    kind: HandleKind,
    owner: u32,
    /// VBL or PDU: number of bindings.
    len: usize,
    /// Entity: its address and whether it listens.
    addr: Option<SocketAddr>,
    listening: bool,
}

#[derive(Debug, Default)]
struct Sess {
    queued: usize,
    last_error: Option<E>,
}

/// A request the model knows was sent.
#[derive(Debug, Clone)]
struct Inst {
    session: u32,
    id: i32,
    dst: SocketAddr,
    /// Sent with the retransmit mode ON and not switched OFF since: it ends with an event
    /// unless cancelled or closed.
    certain: bool,
}

/// What an answer may be.
enum Pred {
    /// Exactly this error.
    Err(E),
    /// Success, or one of these errors (what the model cannot know: encoding rules).
    OkOr(&'static [E]),
}

const ENCODE_ERRORS: &[E] = &[
    E::PduInvalid,
    E::OperationInvalid,
    E::TlPduTooBig,
    E::SyntaxInvalid,
    E::OidInvalid,
];
const SEND_ERRORS: &[E] = &[
    E::PduInvalid,
    E::OperationInvalid,
    E::TlPduTooBig,
    E::SyntaxInvalid,
    E::OidInvalid,
    E::TlSrcInvalid,
    E::TlNotAvailable,
    E::EngineInvalid,
    E::SizeInvalid,
];

struct Model {
    legacy: bool,
    ex: u32,
    sessions: BTreeMap<u32, Sess>,
    objects: BTreeMap<u32, Obj>,
    stale: Vec<u32>,
    app_error: Option<E>,
    limits: Limits,
    insts: Vec<Inst>,
    self_traffic: bool,
    retransmit_on: bool,
    translate: u32,
    encoded: Vec<u8>,
    events_seen: usize,
}

impl Model {
    fn init(&self) -> bool {
        self.legacy || self.ex > 0
    }

    fn count(&self, kind: HandleKind) -> usize {
        if kind == HandleKind::Session {
            return self.sessions.len();
        }
        self.objects.values().filter(|o| o.kind == kind).count()
    }

    fn live(&self, h: u32, kind: HandleKind) -> bool {
        match kind {
            HandleKind::Session => self.sessions.contains_key(&h),
            k => self.objects.get(&h).is_some_and(|o| o.kind == k),
        }
    }

    fn owner(&self, h: u32) -> Option<u32> {
        if self.sessions.contains_key(&h) {
            return Some(h);
        }
        self.objects.get(&h).map(|o| o.owner)
    }

    /// Appendix E 2: the application-wide slot, and the slot of the first handle argument
    /// that is, or is owned by, an open session.
    fn record(&mut self, e: E, handles: &[u32]) {
        self.app_error = Some(e);
        if let Some(s) = handles.iter().find_map(|h| self.owner(*h))
            && let Some(sess) = self.sessions.get_mut(&s)
        {
            sess.last_error = Some(e);
        }
    }

    fn forget(&mut self, h: u32) {
        if self.objects.remove(&h).is_some() || self.sessions.remove(&h).is_some() {
            if self.stale.len() < 64 {
                self.stale.push(h);
            } else {
                let i = h as usize % self.stale.len();
                self.stale[i] = h;
            }
        }
    }

    fn add(&mut self, h: u32, kind: HandleKind, owner: u32, len: usize) {
        assert!(!self.objects.contains_key(&h), "handle {h:#x} given twice");
        self.objects.insert(
            h,
            Obj {
                kind,
                owner,
                len,
                addr: None,
                listening: false,
            },
        );
    }

    /// A handle argument of `kind`: live, of another kind, freed, random or 0.
    fn pick(&self, inp: &mut Input<'_>, kind: HandleKind) -> u32 {
        let b = inp.u8();
        let of = |k: HandleKind| -> Vec<u32> {
            match k {
                HandleKind::Session => self.sessions.keys().copied().collect(),
                k => self
                    .objects
                    .iter()
                    .filter(|(_, o)| o.kind == k)
                    .map(|(h, _)| *h)
                    .collect(),
            }
        };
        let choose = |v: Vec<u32>| -> Option<u32> {
            (!v.is_empty()).then(|| v[usize::from(b >> 3) % v.len()])
        };
        let live = match b & 7 {
            0..=3 => choose(of(kind)),
            4 => {
                let mut others: Vec<u32> = self.objects.keys().copied().collect();
                others.extend(self.sessions.keys());
                others.retain(|h| !self.live(*h, kind));
                choose(others)
            }
            5 => choose(self.stale.clone()),
            6 => Some(inp.u32()),
            _ => Some(0),
        };
        live.unwrap_or_else(|| inp.u32())
    }

    fn session_instances(&mut self, s: u32) {
        self.insts.retain(|i| i.session != s);
    }

    fn teardown(&mut self) {
        let all: Vec<u32> = self
            .objects
            .keys()
            .chain(self.sessions.keys())
            .copied()
            .collect();
        for h in all {
            self.forget(h);
        }
        self.insts.clear();
        // `self_traffic` stays as it was: datagrams the application sent to its own
        // sockets may still be in flight in the simulated network, and after a restart
        // they arrive at the new sockets (an inform sent to our own trap port before the
        // cleanup reaches a session registered after it), as they would on a real network.
    }
}

fn check<T: std::fmt::Debug>(what: &str, pred: &Pred, got: &Result<T, E>) {
    match (pred, got) {
        (Pred::Err(want), Err(e)) if want == e => {}
        (Pred::OkOr(_), Ok(_)) => {}
        (Pred::OkOr(allowed), Err(e)) if allowed.contains(e) => {}
        (Pred::Err(want), _) => panic!("{what}: want Err({want:?}), got {got:?}"),
        (Pred::OkOr(allowed), _) => panic!("{what}: want Ok or one of {allowed:?}, got {got:?}"),
    }
}

/// The first failing check of a list, in the function's own order.
fn first(checks: &[(bool, E)]) -> Option<E> {
    checks.iter().find(|(bad, _)| *bad).map(|(_, e)| *e)
}

struct World {
    sim: Sim,
    m: Model,
}

impl World {
    fn new() -> Self {
        let mut sim = Sim::new(11);
        for (a, mode) in [
            ("192.0.2.1:161", AgentMode::Answer),
            ("192.0.2.2:161", AgentMode::Silent),
            ("192.0.2.3:161", AgentMode::AnswerTwice),
            ("[2001:db8::1]:161", AgentMode::Answer),
        ] {
            sim.add_agent(a.parse().expect("address"), mode);
        }
        sim.engine.handle_database(Ok(Some(DATABASE.to_owned())));
        let limits = Limits {
            max_sessions: 6,
            max_handles: 48,
            max_queued_messages: 4,
            max_message_size: 65507,
            max_varbinds: 2048,
        };
        sim.engine.set_limits(limits);
        Self {
            sim,
            m: Model {
                legacy: true,
                ex: 0,
                sessions: BTreeMap::new(),
                objects: BTreeMap::new(),
                stale: Vec::new(),
                app_error: None,
                limits,
                insts: Vec::new(),
                self_traffic: false,
                retransmit_on: true,
                translate: DEFAULT_TRANSLATE_MODE,
                encoded: Vec::new(),
                events_seen: 0,
            },
        }
    }

    /// Checks `got` against `pred` and records an error as the model says.
    fn outcome<T: std::fmt::Debug>(
        &mut self,
        what: &str,
        pred: Pred,
        got: &Result<T, E>,
        handles: &[u32],
    ) {
        if *TRACE {
            eprintln!("{what}: {got:?}");
        }
        check(what, &pred, got);
        if let Err(e) = got {
            self.m.record(*e, handles);
        }
    }

    /// After a call: endpoint results, events, counts and last errors.
    fn settle(&mut self, listen_entity: Option<u32>, registering: Option<u32>) {
        for err in self.sim.sync() {
            match (listen_entity, registering) {
                (Some(e), _) => {
                    assert!(matches!(err, E::TlOther | E::TlResourceError), "{err:?}");
                    self.m.record(err, &[e]);
                    if let Some(o) = self.m.objects.get_mut(&e) {
                        o.listening = false;
                    }
                }
                (None, Some(s)) => {
                    assert_eq!(err, E::TlInUse);
                    self.m.record(err, &[s]);
                }
                (None, None) => panic!("an endpoint failed after an unrelated call: {err:?}"),
            }
        }
        self.consume_events();
        let c = self.sim.engine.counts();
        let m = &self.m;
        assert_eq!(
            (c.sessions, c.entities, c.contexts, c.pdus, c.vbls),
            (
                m.count(HandleKind::Session),
                m.count(HandleKind::Entity),
                m.count(HandleKind::Context),
                m.count(HandleKind::Pdu),
                m.count(HandleKind::Vbl),
            ),
            "engine counts differ from the model"
        );
        let code = |e: Option<E>| e.map_or(SNMPAPI_SUCCESS, |e| e.code());
        assert_eq!(self.sim.engine.last_error(None), code(m.app_error));
        for (s, sess) in &m.sessions {
            assert_eq!(
                self.sim.engine.last_error(Some(HSession::from_raw(*s))),
                code(sess.last_error),
                "last error of session {s:#x}"
            );
        }
    }

    fn consume_events(&mut self) {
        let events: Vec<_> = self.sim.events[self.m.events_seen..]
            .iter()
            .map(|(_, e)| *e)
            .collect();
        self.m.events_seen = self.sim.events.len();
        for ev in events {
            let s = ev.session.value();
            let sess = self
                .m
                .sessions
                .get_mut(&s)
                .unwrap_or_else(|| panic!("an event for session {s:#x}, which is not open"));
            if ev.wparam == 0 {
                sess.queued += 1;
                if self.m.self_traffic {
                    continue;
                }
            }
            let at = self
                .m
                .insts
                .iter()
                .position(|i| i.session == s && i.id == ev.lparam);
            match at {
                Some(i) => {
                    self.m.insts.remove(i);
                }
                None => panic!(
                    "event {ev:?}: no request {} of session {s:#x} is outstanding (ended twice?)",
                    ev.lparam
                ),
            }
        }
    }

    fn step(&mut self, inp: &mut Input<'_>) {
        // Startup and cleanup have a byte each, so a cleanup is rare (after one, almost
        // every call is SNMPAPI_NOT_INITIALIZED); the other calls share the rest.
        let op = match inp.u8() {
            0xFE => 0,
            0xFF => 1,
            b => b % 38 + 2,
        };
        let init = self.m.init();
        let ni = !init;
        let now = self.sim.now();
        let e = &mut self.sim.engine;
        let m = &self.m;
        let mut listen_entity = None;
        let mut registering = None;
        match op {
            0 => {
                let kind = if inp.bool() {
                    StartupKind::Startup
                } else {
                    StartupKind::StartupEx
                };
                let got = e.startup(kind);
                assert!(got.is_ok(), "startup: {got:?}");
                if kind == StartupKind::Startup {
                    self.m.legacy = true;
                } else {
                    self.m.ex += 1;
                }
                if !init {
                    self.m.translate = DEFAULT_TRANSLATE_MODE;
                    self.m.retransmit_on = true;
                    e.handle_database(Ok(Some(DATABASE.to_owned())));
                }
                let info = got.expect("checked");
                assert_eq!(info.translate_mode, self.m.translate);
            }
            1 => {
                let kind = if inp.bool() {
                    StartupKind::Startup
                } else {
                    StartupKind::StartupEx
                };
                let ex = kind == StartupKind::StartupEx;
                let pred = match first(&[(ni, E::NotInitialized), (ex && m.ex == 0, E::OtherError)])
                {
                    Some(err) => Pred::Err(err),
                    None => Pred::OkOr(&[]),
                };
                let got = e.cleanup(kind);
                self.outcome("cleanup", pred, &got, &[]);
                if got.is_ok() {
                    if ex {
                        self.m.ex -= 1;
                    } else {
                        self.m.legacy = false;
                    }
                    if !self.m.init() {
                        self.m.teardown();
                    }
                }
            }
            2 => {
                let with_callback = !inp.one_in(8);
                let hwnd = usize::from(inp.u8() % 2);
                let pred = match first(&[
                    (ni, E::NotInitialized),
                    (!with_callback && hwnd != 0, E::HwndInvalid),
                    (!with_callback, E::OperationInvalid),
                    (m.sessions.len() >= m.limits.max_sessions, E::AllocError),
                ]) {
                    Some(err) => Pred::Err(err),
                    None => Pred::OkOr(&[]),
                };
                let got = e.create_session(hwnd, 0, with_callback.then_some(()));
                self.outcome("SnmpCreateSession", pred, &got, &[]);
                if let Ok(s) = got {
                    assert!(!self.m.sessions.contains_key(&s.value()));
                    self.m.sessions.insert(s.value(), Sess::default());
                }
            }
            3 => {
                let pred = Pred::Err(if ni {
                    E::NotInitialized
                } else {
                    E::HwndInvalid
                });
                let got = e.open(1, 0);
                self.outcome("SnmpOpen", pred, &got, &[]);
            }
            4 => {
                let s = m.pick(inp, HandleKind::Session);
                let pred = match first(&[
                    (ni, E::NotInitialized),
                    (!m.live(s, HandleKind::Session), E::SessionInvalid),
                ]) {
                    Some(err) => Pred::Err(err),
                    None => Pred::OkOr(&[]),
                };
                let got = e.close(HSession::from_raw(s));
                self.outcome("SnmpClose", pred, &got, &[s]);
                if got.is_ok() {
                    let owned: Vec<u32> = self
                        .m
                        .objects
                        .iter()
                        .filter(|(_, o)| o.owner == s)
                        .map(|(h, _)| *h)
                        .collect();
                    for h in owned {
                        self.m.forget(h);
                    }
                    self.m.forget(s);
                    self.m.session_instances(s);
                }
            }
            5 => {
                let s = m.pick(inp, HandleKind::Session);
                let (text, lit, db) = *inp.pick(ENTITIES);
                let known = if m.translate == SNMPAPI_TRANSLATED {
                    db
                } else {
                    lit
                };
                let pred = match first(&[
                    (ni, E::NotInitialized),
                    (!m.live(s, HandleKind::Session), E::SessionInvalid),
                    (!known, E::EntityUnknown),
                    (
                        m.count(HandleKind::Entity) >= m.limits.max_handles,
                        E::AllocError,
                    ),
                ]) {
                    Some(err) => Pred::Err(err),
                    None => Pred::OkOr(&[]),
                };
                let got = e.str_to_entity(HSession::from_raw(s), text);
                if let Ok(h) = got {
                    let addr = e.entity(h).expect("live").addr;
                    self.m.add(h.value(), HandleKind::Entity, s, 0);
                    if let Some(o) = self.m.objects.get_mut(&h.value()) {
                        o.addr = Some(addr);
                    }
                }
                self.outcome("SnmpStrToEntity", pred, &got, &[s]);
            }
            6 => {
                let h = m.pick(inp, HandleKind::Entity);
                let size = *inp.pick(&[0u32, 5, 64]);
                let pred = match first(&[
                    (ni, E::NotInitialized),
                    (!m.live(h, HandleKind::Entity), E::EntityInvalid),
                ]) {
                    Some(err) => Pred::Err(err),
                    None => Pred::OkOr(&[E::OutputTruncated]),
                };
                let got = e.entity_to_str(HEntity::from_raw(h), size);
                if let Ok(t) = &got {
                    assert!(t.len() < size as usize);
                }
                self.outcome("SnmpEntityToStr", pred, &got, &[h]);
            }
            7 => {
                let h = m.pick(inp, HandleKind::Entity);
                let pred = match first(&[
                    (ni, E::NotInitialized),
                    (!m.live(h, HandleKind::Entity), E::EntityInvalid),
                ]) {
                    Some(err) => Pred::Err(err),
                    None => Pred::OkOr(&[]),
                };
                let got = e.free_entity(HEntity::from_raw(h));
                self.outcome("SnmpFreeEntity", pred, &got, &[h]);
                if got.is_ok() {
                    self.m.forget(h);
                }
            }
            8 => {
                let h = m.pick(inp, HandleKind::Entity);
                let port = *inp.pick(&[0u32, 161, 1161, 70_000, 162]);
                let listening = m.objects.get(&h).is_some_and(|o| o.listening);
                let pred = match first(&[
                    (ni, E::NotInitialized),
                    (!m.live(h, HandleKind::Entity), E::EntityInvalid),
                    (listening, E::OperationInvalid),
                    (port == 0 || port > 65535, E::OperationInvalid),
                ]) {
                    Some(err) => Pred::Err(err),
                    None => Pred::OkOr(&[]),
                };
                let got = e.set_port(HEntity::from_raw(h), port);
                self.outcome("SnmpSetPort", pred, &got, &[h]);
                if got.is_ok()
                    && let Some(Some(a)) = self.m.objects.get_mut(&h).map(|o| o.addr.as_mut())
                {
                    a.set_port(port as u16);
                }
            }
            9 => {
                let h = m.pick(inp, HandleKind::Entity);
                let sub = inp.u8() % 4;
                let outputs = PolicyOutputs {
                    policy: inp.bool(),
                    actual: inp.bool(),
                };
                let bad = first(&[
                    (ni, E::NotInitialized),
                    (!m.live(h, HandleKind::Entity), E::EntityInvalid),
                ]);
                let he = HEntity::from_raw(h);
                let (pred, got) = match sub {
                    0 | 1 => {
                        let pred =
                            match bad.or(first(&[(!outputs.policy && !outputs.actual, E::Noop)])) {
                                Some(err) => Pred::Err(err),
                                None => Pred::OkOr(&[]),
                            };
                        let got = if sub == 0 {
                            e.get_timeout(he, outputs)
                        } else {
                            e.get_retry(he, outputs)
                        };
                        (pred, got.map(drop))
                    }
                    2 => {
                        let v = *inp.pick(TIMEOUTS);
                        (bad.map_or(Pred::OkOr(&[]), Pred::Err), e.set_timeout(he, v))
                    }
                    _ => {
                        let v = *inp.pick(RETRIES);
                        (bad.map_or(Pred::OkOr(&[]), Pred::Err), e.set_retry(he, v))
                    }
                };
                self.outcome("SnmpGet/SetTimeout/Retry", pred, &got, &[h]);
            }
            10 => {
                let s = m.pick(inp, HandleKind::Session);
                let text = *inp.pick(CONTEXTS);
                let named = inp.bool();
                let known = m.translate != SNMPAPI_TRANSLATED || text == b"ro";
                let full = m.count(HandleKind::Context) >= m.limits.max_handles;
                let pred = match if named {
                    first(&[
                        (ni, E::NotInitialized),
                        (!m.live(s, HandleKind::Session), E::SessionInvalid),
                        (text.len() > m.limits.max_message_size, E::SizeInvalid),
                        (full, E::AllocError),
                    ])
                } else {
                    first(&[
                        (ni, E::NotInitialized),
                        (!m.live(s, HandleKind::Session), E::SessionInvalid),
                        (text.is_empty(), E::ContextInvalid),
                        (text.len() > m.limits.max_message_size, E::ContextInvalid),
                        (!known, E::ContextUnknown),
                        (full, E::AllocError),
                    ])
                } {
                    Some(err) => Pred::Err(err),
                    None => Pred::OkOr(&[]),
                };
                let hs = HSession::from_raw(s);
                let got = if named {
                    e.str_to_context_name(hs, text)
                } else {
                    e.str_to_context(hs, text)
                };
                if let Ok(c) = got {
                    self.m.add(c.value(), HandleKind::Context, s, 0);
                }
                self.outcome("SnmpStrToContext", pred, &got, &[s]);
            }
            11 => {
                let c = m.pick(inp, HandleKind::Context);
                let output = !inp.one_in(8);
                let pred = match first(&[
                    (ni, E::NotInitialized),
                    (!m.live(c, HandleKind::Context), E::ContextInvalid),
                    (!output, E::Noop),
                ]) {
                    Some(err) => Pred::Err(err),
                    None => Pred::OkOr(&[]),
                };
                let got = e.context_to_str(HContext::from_raw(c), output);
                self.outcome("SnmpContextToStr", pred, &got, &[c]);
            }
            12 => {
                let c = m.pick(inp, HandleKind::Context);
                let pred = match first(&[
                    (ni, E::NotInitialized),
                    (!m.live(c, HandleKind::Context), E::ContextInvalid),
                ]) {
                    Some(err) => Pred::Err(err),
                    None => Pred::OkOr(&[]),
                };
                let got = e.free_context(HContext::from_raw(c));
                self.outcome("SnmpFreeContext", pred, &got, &[c]);
                if got.is_ok() {
                    self.m.forget(c);
                }
            }
            13 => {
                let s = m.pick(inp, HandleKind::Session);
                let t = *inp.pick(PDU_TYPES);
                let rid = *inp.pick(REQUEST_IDS);
                let es = *inp.pick(&[0, 0, 1, -1]);
                let ei = *inp.pick(&[0, 0, 2]);
                let v = inp.bool().then(|| m.pick(inp, HandleKind::Vbl));
                let ty = if t == 0 { SNMP_PDU_GETNEXT } else { t };
                let pred = match first(&[
                    (ni, E::NotInitialized),
                    (!m.live(s, HandleKind::Session), E::SessionInvalid),
                    (!creatable(ty), E::PduInvalid),
                    (
                        v.is_some_and(|v| !m.live(v, HandleKind::Vbl)),
                        E::VblInvalid,
                    ),
                    (
                        m.count(HandleKind::Pdu) >= m.limits.max_handles,
                        E::AllocError,
                    ),
                ]) {
                    Some(err) => Pred::Err(err),
                    None => Pred::OkOr(&[]),
                };
                let got =
                    e.create_pdu(HSession::from_raw(s), t, rid, es, ei, v.map(HVbl::from_raw));
                if let Ok(p) = got {
                    let len = v.and_then(|v| m.objects.get(&v)).map_or(0, |o| o.len);
                    self.m.add(p.value(), HandleKind::Pdu, s, len);
                }
                self.outcome("SnmpCreatePdu", pred, &got, &[s, v.unwrap_or(0)]);
            }
            14 => {
                let p = m.pick(inp, HandleKind::Pdu);
                let bits = inp.u8();
                let fields = PduFields {
                    pdu_type: bits & 1 != 0,
                    request_id: bits & 2 != 0,
                    error_status: bits & 4 != 0,
                    error_index: bits & 8 != 0,
                    varbind_list: bits & 16 != 0,
                };
                let pred = match first(&[
                    (ni, E::NotInitialized),
                    (!m.live(p, HandleKind::Pdu), E::PduInvalid),
                    (bits & 31 == 0, E::Noop),
                    (
                        fields.varbind_list && m.count(HandleKind::Vbl) >= m.limits.max_handles,
                        E::AllocError,
                    ),
                ]) {
                    Some(err) => Pred::Err(err),
                    None => Pred::OkOr(&[]),
                };
                let got = e.get_pdu_data(HPdu::from_raw(p), fields);
                if let Ok(info) = &got {
                    assert_eq!(info.varbind_list.is_some(), fields.varbind_list);
                    if let Some(v) = info.varbind_list {
                        let o = m.objects[&p].clone();
                        self.m.add(v.value(), HandleKind::Vbl, o.owner, o.len);
                    }
                }
                self.outcome("SnmpGetPduData", pred, &got, &[p]);
            }
            15 => {
                let p = m.pick(inp, HandleKind::Pdu);
                let bits = inp.u8();
                let t = (bits & 1 != 0).then(|| *inp.pick(PDU_TYPES));
                let rid = (bits & 2 != 0).then(|| *inp.pick(REQUEST_IDS));
                let nr = (bits & 4 != 0).then_some(1);
                let mr = (bits & 8 != 0).then_some(5);
                let v = (bits & 16 != 0).then(|| m.pick(inp, HandleKind::Vbl));
                let pred = match first(&[
                    (ni, E::NotInitialized),
                    (!m.live(p, HandleKind::Pdu), E::PduInvalid),
                    (bits & 31 == 0, E::Noop),
                    (t.is_some_and(|t| !creatable(t)), E::PduInvalid),
                    (
                        v.is_some_and(|v| !m.live(v, HandleKind::Vbl)),
                        E::VblInvalid,
                    ),
                ]) {
                    Some(err) => Pred::Err(err),
                    None => Pred::OkOr(&[]),
                };
                let got = e.set_pdu_data(HPdu::from_raw(p), t, rid, nr, mr, v.map(HVbl::from_raw));
                if got.is_ok()
                    && let Some(v) = v
                {
                    let len = m.objects[&v].len;
                    if let Some(o) = self.m.objects.get_mut(&p) {
                        o.len = len;
                    }
                }
                self.outcome("SnmpSetPduData", pred, &got, &[p]);
            }
            16 | 19 => {
                let kind = if op == 16 {
                    HandleKind::Pdu
                } else {
                    HandleKind::Vbl
                };
                let s = m.pick(inp, HandleKind::Session);
                let h = m.pick(inp, kind);
                let pred = match first(&[
                    (ni, E::NotInitialized),
                    (!m.live(s, HandleKind::Session), E::SessionInvalid),
                    (!m.live(h, kind), kind.invalid()),
                    (m.count(kind) >= m.limits.max_handles, E::AllocError),
                ]) {
                    Some(err) => Pred::Err(err),
                    None => Pred::OkOr(&[]),
                };
                let hs = HSession::from_raw(s);
                let got = if op == 16 {
                    e.duplicate_pdu(hs, HPdu::from_raw(h)).map(|p| p.value())
                } else {
                    e.duplicate_vbl(hs, HVbl::from_raw(h)).map(|v| v.value())
                };
                if let Ok(copy) = got {
                    let len = m.objects[&h].len;
                    self.m.add(copy, kind, s, len);
                }
                self.outcome("SnmpDuplicatePdu/Vbl", pred, &got, &[s, h]);
            }
            17 | 20 => {
                let kind = if op == 17 {
                    HandleKind::Pdu
                } else {
                    HandleKind::Vbl
                };
                let h = m.pick(inp, kind);
                let pred =
                    match first(&[(ni, E::NotInitialized), (!m.live(h, kind), kind.invalid())]) {
                        Some(err) => Pred::Err(err),
                        None => Pred::OkOr(&[]),
                    };
                let got = if op == 17 {
                    e.free_pdu(HPdu::from_raw(h))
                } else {
                    e.free_vbl(HVbl::from_raw(h))
                };
                self.outcome("SnmpFreePdu/Vbl", pred, &got, &[h]);
                if got.is_ok() {
                    self.m.forget(h);
                }
            }
            18 => {
                let s = m.pick(inp, HandleKind::Session);
                let name = inp.bool().then(|| inp.pick(&NAMES).clone());
                let value = inp.bool().then(|| inp.pick(&VALUES).clone());
                let pred = match first(&[
                    (ni, E::NotInitialized),
                    (!m.live(s, HandleKind::Session), E::SessionInvalid),
                    (name.as_ref().is_some_and(|n| !n.1), E::OidInvalid),
                    (
                        name.is_some() && value.as_ref().is_some_and(|v| v.1.is_some()),
                        value.as_ref().and_then(|v| v.1).unwrap_or(E::Noop),
                    ),
                    (
                        m.count(HandleKind::Vbl) >= m.limits.max_handles,
                        E::AllocError,
                    ),
                ]) {
                    Some(err) => Pred::Err(err),
                    None => Pred::OkOr(&[]),
                };
                let got = e.create_vbl(
                    HSession::from_raw(s),
                    name.as_ref().map(|n| n.0.as_slice()),
                    value.as_ref().map(|v| &v.0),
                );
                if let Ok(v) = got {
                    self.m
                        .add(v.value(), HandleKind::Vbl, s, usize::from(name.is_some()));
                }
                self.outcome("SnmpCreateVbl", pred, &got, &[s]);
            }
            21 => {
                let v = m.pick(inp, HandleKind::Vbl);
                let len = m.objects.get(&v).map_or(0, |o| o.len);
                let pred = match first(&[
                    (ni, E::NotInitialized),
                    (!m.live(v, HandleKind::Vbl), E::VblInvalid),
                    (len == 0, E::Noop),
                ]) {
                    Some(err) => Pred::Err(err),
                    None => Pred::OkOr(&[]),
                };
                let got = e.count_vbl(HVbl::from_raw(v));
                if let Ok(n) = got {
                    assert_eq!(n as usize, len, "SnmpCountVbl");
                }
                self.outcome("SnmpCountVbl", pred, &got, &[v]);
            }
            22 => {
                let v = m.pick(inp, HandleKind::Vbl);
                let index = u32::from(inp.u8() % 6);
                let outputs = VbOutputs {
                    name: inp.bool(),
                    value: inp.bool(),
                };
                let len = m.objects.get(&v).map_or(0, |o| o.len);
                let pred = match first(&[
                    (ni, E::NotInitialized),
                    (!m.live(v, HandleKind::Vbl), E::VblInvalid),
                    (index == 0 || index as usize > len, E::IndexInvalid),
                    (!outputs.name && !outputs.value, E::Noop),
                ]) {
                    Some(err) => Pred::Err(err),
                    None => Pred::OkOr(&[]),
                };
                let got = e.get_vb(HVbl::from_raw(v), index, outputs);
                self.outcome("SnmpGetVb", pred, &got, &[v]);
            }
            23 => {
                let v = m.pick(inp, HandleKind::Vbl);
                let index = u32::from(inp.u8() % 5);
                let name = (!inp.one_in(8)).then(|| inp.pick(&NAMES).clone());
                let value = inp.bool().then(|| inp.pick(&VALUES).clone());
                let len = m.objects.get(&v).map_or(0, |o| o.len);
                let limit = m.limits.max_varbinds.min(u32::MAX as usize - 1);
                let pred = match first(&[
                    (ni, E::NotInitialized),
                    (!m.live(v, HandleKind::Vbl), E::VblInvalid),
                    (index != 0 && index as usize > len, E::IndexInvalid),
                    (
                        value.as_ref().is_some_and(|v| v.1.is_some()),
                        value.as_ref().and_then(|v| v.1).unwrap_or(E::Noop),
                    ),
                    (name.as_ref().is_some_and(|n| !n.1), E::OidInvalid),
                    (index == 0 && name.is_none(), E::OidInvalid),
                    (index == 0 && len >= limit, E::AllocError),
                ]) {
                    Some(err) => Pred::Err(err),
                    None => Pred::OkOr(&[]),
                };
                let got = e.set_vb(
                    HVbl::from_raw(v),
                    index,
                    name.as_ref().map(|n| n.0.as_slice()),
                    value.as_ref().map(|v| &v.0),
                );
                if let Ok(n) = got {
                    if index == 0 {
                        assert_eq!(n as usize, len + 1);
                        if let Some(o) = self.m.objects.get_mut(&v) {
                            o.len += 1;
                        }
                    } else {
                        assert_eq!(n, index);
                    }
                }
                self.outcome("SnmpSetVb", pred, &got, &[v]);
            }
            24 => {
                let v = m.pick(inp, HandleKind::Vbl);
                let index = u32::from(inp.u8() % 5);
                let len = m.objects.get(&v).map_or(0, |o| o.len);
                let pred = match first(&[
                    (ni, E::NotInitialized),
                    (!m.live(v, HandleKind::Vbl), E::VblInvalid),
                    (index == 0 || index as usize > len, E::IndexInvalid),
                ]) {
                    Some(err) => Pred::Err(err),
                    None => Pred::OkOr(&[]),
                };
                let got = e.delete_vb(HVbl::from_raw(v), index);
                if got.is_ok()
                    && let Some(o) = self.m.objects.get_mut(&v)
                {
                    o.len -= 1;
                }
                self.outcome("SnmpDeleteVb", pred, &got, &[v]);
            }
            25 => {
                let text = inp.bytes();
                let (name, _) = inp.pick(&NAMES).clone();
                let output = !inp.one_in(8);
                let size = u32::from(inp.u8());
                let pred = if ni {
                    Pred::Err(E::NotInitialized)
                } else {
                    Pred::OkOr(&[E::OidInvalid, E::Noop, E::SizeInvalid, E::OutputTruncated])
                };
                let r1 = e.str_to_oid(&text, output).map(drop);
                self.outcome("SnmpStrToOid", pred, &r1, &[]);
                let pred = if ni {
                    Pred::Err(E::NotInitialized)
                } else {
                    Pred::OkOr(&[E::OidInvalid, E::SizeInvalid, E::OutputTruncated])
                };
                let r2 = self.sim.engine.oid_to_str(&name, size).map(drop);
                self.outcome("SnmpOidToStr", pred, &r2, &[]);
                let pred = if ni {
                    Pred::Err(E::NotInitialized)
                } else {
                    Pred::OkOr(&[E::OidInvalid, E::Noop])
                };
                let r3 = self.sim.engine.oid_copy(&name, output).map(drop);
                self.outcome("SnmpOidCopy", pred, &r3, &[]);
                let pred = if ni {
                    Pred::Err(E::NotInitialized)
                } else {
                    Pred::OkOr(&[E::OidInvalid, E::SizeInvalid, E::Noop])
                };
                let r4 = self
                    .sim
                    .engine
                    .oid_compare(&name, &[1, 3, 6], text.len() as u32, output)
                    .map(drop);
                self.outcome("SnmpOidCompare", pred, &r4, &[]);
            }
            26 | 28 => {
                let s = m.pick(inp, HandleKind::Session);
                let src = (inp.one_in(4)).then(|| m.pick(inp, HandleKind::Entity));
                let dst = m.pick(inp, HandleKind::Entity);
                let c = m.pick(inp, HandleKind::Context);
                let p = m.pick(inp, HandleKind::Pdu);
                let output = !inp.one_in(8);
                let send = op == 28;
                let plen = m.objects.get(&p).map_or(0, |o| o.len);
                let bad = first(&[
                    (ni, E::NotInitialized),
                    (!m.live(s, HandleKind::Session), E::SessionInvalid),
                    (
                        src.is_some_and(|x| !m.live(x, HandleKind::Entity)),
                        E::EntityInvalid,
                    ),
                    (!m.live(dst, HandleKind::Entity), E::EntityInvalid),
                    (!m.live(c, HandleKind::Context), E::ContextInvalid),
                    (!m.live(p, HandleKind::Pdu), E::PduInvalid),
                    (!send && !output, E::Noop),
                    (plen > m.limits.max_varbinds, E::TlPduTooBig),
                ]);
                let handles = [s, src.unwrap_or(0), dst, c, p];
                let (hs, hd, hc, hp) = (
                    HSession::from_raw(s),
                    HEntity::from_raw(dst),
                    HContext::from_raw(c),
                    HPdu::from_raw(p),
                );
                let hsrc = src.map(HEntity::from_raw);
                if !send {
                    let pred = bad.map_or(Pred::OkOr(ENCODE_ERRORS), Pred::Err);
                    let got = e.encode_msg(hs, hsrc, hd, hc, hp, output);
                    if let Ok(bytes) = &got {
                        assert!(bytes.len() <= m.limits.max_message_size);
                        self.m.encoded.clone_from(bytes);
                    }
                    self.outcome("SnmpEncodeMsg", pred, &got, &handles);
                } else {
                    // What is sent, read before the call.
                    let info = e.pdu(hp).map(|d| (d.pdu_type, d.request_id));
                    let to = m.objects.get(&dst).and_then(|o| o.addr);
                    let is_request = info.is_some_and(|(t, _)| {
                        matches!(
                            t,
                            SNMP_PDU_GET
                                | SNMP_PDU_GETNEXT
                                | SNMP_PDU_GETBULK
                                | SNMP_PDU_SET
                                | SNMP_PDU_INFORM
                        )
                    });
                    let id = info.map_or(0, |(_, id)| id);
                    let to_canonical = to.map(|a| SocketAddr::new(a.ip().to_canonical(), a.port()));
                    // A certain request with this id elsewhere: the send must fail.
                    let conflict = is_request
                        && m.insts.iter().any(|i| {
                            i.id == id
                                && i.certain
                                && !m.self_traffic
                                && (i.session != s || Some(i.dst) != to_canonical)
                        });
                    let pred = match bad {
                        Some(err) => Pred::Err(err),
                        None => Pred::OkOr(SEND_ERRORS),
                    };
                    let got = e.send_msg(now, hs, hsrc, hd, hc, hp);
                    if conflict {
                        assert!(got.is_err(), "a request id outstanding elsewhere was sent");
                    }
                    self.outcome("SnmpSendMsg", pred, &got, &handles);
                    if got.is_ok() {
                        let to = to_canonical.expect("a live entity has an address");
                        let own = to.ip() == IpAddr::V4(HOST_V4)
                            || to.ip() == IpAddr::V6(HOST_V6)
                            || to.ip().is_unspecified()
                            || to.ip().is_loopback();
                        if own {
                            self.m.self_traffic = true;
                        }
                        if is_request {
                            let certain = self.m.retransmit_on;
                            match self.m.insts.iter_mut().find(|i| i.id == id) {
                                // The application's own retransmission (same session and
                                // destination), or a request the engine forgot.
                                Some(i) => {
                                    i.certain &= certain && i.session == s && i.dst == to;
                                    i.session = s;
                                    i.dst = to;
                                }
                                None => self.m.insts.push(Inst {
                                    session: s,
                                    id,
                                    dst: to,
                                    certain,
                                }),
                            }
                        }
                    }
                }
            }
            27 => {
                let s = m.pick(inp, HandleKind::Session);
                let bits = inp.u8();
                let outputs = DecodeOutputs {
                    entities: bits & 1 != 0,
                    context: bits & 2 != 0,
                    pdu: bits & 4 != 0,
                };
                let buf = match bits >> 3 & 3 {
                    0 => m.encoded.clone(),
                    1 => m.encoded[..m.encoded.len() / 2].to_vec(),
                    _ => inp.bytes(),
                };
                let pred = match first(&[
                    (ni, E::NotInitialized),
                    (!m.live(s, HandleKind::Session), E::SessionInvalid),
                    (bits & 7 == 0, E::Noop),
                ]) {
                    Some(err) => Pred::Err(err),
                    None => Pred::OkOr(&[E::MessageInvalid, E::OutputTruncated, E::AllocError]),
                };
                let got = e.decode_msg(HSession::from_raw(s), &buf, outputs);
                if let Ok(d) = &got {
                    assert!(d.used as usize <= buf.len());
                    assert_eq!(d.context.is_some(), outputs.context);
                    assert_eq!(d.pdu.is_some(), outputs.pdu);
                    if let Some(c) = d.context {
                        assert!(m.count(HandleKind::Context) < m.limits.max_handles);
                        self.m.add(c.value(), HandleKind::Context, s, 0);
                    }
                    if let Some(p) = d.pdu {
                        let len = e.pdu(p).expect("live").varbinds.len();
                        assert!(len <= self.m.limits.max_varbinds);
                        self.m.add(p.value(), HandleKind::Pdu, s, len);
                    }
                }
                self.outcome("SnmpDecodeMsg", pred, &got, &[s]);
            }
            29 => {
                let s = m.pick(inp, HandleKind::Session);
                let bits = inp.u8();
                let o = RecvOutputs {
                    src: bits & 1 != 0,
                    dst: bits & 2 != 0,
                    context: bits & 4 != 0,
                    pdu: bits & 8 != 0,
                };
                let queued = m.sessions.get(&s).map_or(0, |x| x.queued);
                let need = |n: bool| usize::from(n);
                // A kind not asked for needs no room (its count may be above a limit that
                // was lowered since).
                let room =
                    |k: HandleKind, n: usize| n == 0 || m.count(k) + n <= m.limits.max_handles;
                let pred = match first(&[
                    (ni, E::NotInitialized),
                    (!m.live(s, HandleKind::Session), E::SessionInvalid),
                    (bits & 15 == 0, E::Noop),
                    (queued == 0, E::Noop),
                    (
                        !room(HandleKind::Entity, need(o.src) + need(o.dst))
                            || !room(HandleKind::Context, need(o.context))
                            || !room(HandleKind::Pdu, need(o.pdu)),
                        E::AllocError,
                    ),
                ]) {
                    Some(err) => Pred::Err(err),
                    None => Pred::OkOr(&[]),
                };
                let got = e.recv_msg(HSession::from_raw(s), o);
                if let Ok(r) = &got {
                    for (h, kind) in [
                        (r.src.map(|x| x.value()), HandleKind::Entity),
                        (r.dst.map(|x| x.value()), HandleKind::Entity),
                        (r.context.map(|x| x.value()), HandleKind::Context),
                        (r.pdu.map(|x| x.value()), HandleKind::Pdu),
                    ] {
                        let Some(h) = h else { continue };
                        let len = r
                            .pdu
                            .filter(|p| p.value() == h)
                            .and_then(|p| e.pdu(p))
                            .map_or(0, |d| d.varbinds.len());
                        self.m.add(h, kind, s, len);
                        if kind == HandleKind::Entity {
                            let addr = e.entity(HEntity::from_raw(h)).expect("live").addr;
                            if let Some(ob) = self.m.objects.get_mut(&h) {
                                ob.addr = Some(addr);
                            }
                        }
                    }
                    if let Some(x) = self.m.sessions.get_mut(&s) {
                        x.queued -= 1;
                    }
                }
                self.outcome("SnmpRecvMsg", pred, &got, &[s]);
            }
            30 => {
                let s = m.pick(inp, HandleKind::Session);
                let bits = inp.u8();
                let src = (bits & 1 != 0).then(|| m.pick(inp, HandleKind::Entity));
                let dst = (bits & 2 != 0).then(|| m.pick(inp, HandleKind::Entity));
                let c = (bits & 4 != 0).then(|| m.pick(inp, HandleKind::Context));
                let oid: Option<Vec<u32>> = (bits & 8 != 0).then(|| inp.pick(&NAMES).0.clone());
                let state = if bits & 16 != 0 {
                    SNMPAPI_OFF
                } else {
                    SNMPAPI_ON
                };
                let pred = match first(&[
                    (ni, E::NotInitialized),
                    (!m.live(s, HandleKind::Session), E::SessionInvalid),
                    (
                        src.is_some_and(|x| !m.live(x, HandleKind::Entity)),
                        E::EntityInvalid,
                    ),
                    (
                        dst.is_some_and(|x| !m.live(x, HandleKind::Entity)),
                        E::EntityInvalid,
                    ),
                    (
                        c.is_some_and(|x| !m.live(x, HandleKind::Context)),
                        E::ContextInvalid,
                    ),
                    (
                        oid.as_ref()
                            .is_some_and(|o| o.is_empty() || o.len() > MAXOBJIDSIZE),
                        E::OidInvalid,
                    ),
                ]) {
                    Some(err) => Pred::Err(err),
                    None => Pred::OkOr(&[]),
                };
                let got = e.register(
                    HSession::from_raw(s),
                    src.map(HEntity::from_raw),
                    dst.map(HEntity::from_raw),
                    c.map(HContext::from_raw),
                    oid.as_deref(),
                    state,
                );
                self.outcome(
                    "SnmpRegister",
                    pred,
                    &got,
                    &[s, src.unwrap_or(0), dst.unwrap_or(0), c.unwrap_or(0)],
                );
                registering = Some(s);
            }
            31 => {
                let h = m.pick(inp, HandleKind::Entity);
                let status = *inp.pick(&[SNMPAPI_ON, SNMPAPI_ON, SNMPAPI_OFF, 7]);
                let use_all = *inp.pick(&[
                    None,
                    Some(SNMPLISTEN_USEENTITY_ADDR),
                    Some(SNMPLISTEN_ALL_ADDR),
                    Some(9),
                ]);
                let listening = m.objects.get(&h).is_some_and(|o| o.listening);
                let pred = match first(&[
                    (ni, E::NotInitialized),
                    (!m.live(h, HandleKind::Entity), E::EntityInvalid),
                    (use_all.is_some_and(|u| u > 1), E::ModeInvalid),
                    (status == SNMPAPI_ON && listening, E::Noop),
                    (status == SNMPAPI_OFF && !listening, E::Noop),
                    (status > 1, E::ModeInvalid),
                ]) {
                    Some(err) => Pred::Err(err),
                    None => Pred::OkOr(&[]),
                };
                let got = e.listen(HEntity::from_raw(h), status, use_all);
                self.outcome("SnmpListen", pred, &got, &[h]);
                if got.is_ok()
                    && let Some(o) = self.m.objects.get_mut(&h)
                {
                    o.listening = status == SNMPAPI_ON;
                    if o.listening {
                        self.m.self_traffic = true;
                    }
                }
                listen_entity = Some(h);
            }
            32 => {
                let s = m.pick(inp, HandleKind::Session);
                let id = match inp.u8() % 3 {
                    0 if !m.insts.is_empty() => {
                        let k = usize::from(inp.u8()) % m.insts.len();
                        m.insts[k].id
                    }
                    _ => *inp.pick(REQUEST_IDS),
                };
                let inst = m.insts.iter().position(|i| i.session == s && i.id == id);
                let sure = inst.is_some_and(|i| m.insts[i].certain && !m.self_traffic);
                let pred = match first(&[
                    (ni, E::NotInitialized),
                    (!m.live(s, HandleKind::Session), E::SessionInvalid),
                    (inst.is_none(), E::PduInvalid),
                ]) {
                    Some(err) => Pred::Err(err),
                    None if sure => Pred::OkOr(&[]),
                    None => Pred::OkOr(&[E::PduInvalid]),
                };
                let got = e.cancel_msg(HSession::from_raw(s), id);
                self.outcome("SnmpCancelMsg", pred, &got, &[s]);
                // A request the engine no longer has (forgotten in the retransmit-OFF mode)
                // may still get its late answer: only a successful cancel ends it here.
                if got.is_ok() {
                    self.m.insts.retain(|i| !(i.session == s && i.id == id));
                }
            }
            33 => {
                let sub = inp.u8() % 4;
                let mode = u32::from(inp.u8() % 4);
                let output = !inp.one_in(8);
                match sub {
                    0 => {
                        let pred =
                            match first(&[(ni, E::NotInitialized), (mode > 1, E::ModeInvalid)]) {
                                Some(err) => Pred::Err(err),
                                None => Pred::OkOr(&[]),
                            };
                        let got = e.set_retransmit_mode(mode);
                        self.outcome("SnmpSetRetransmitMode", pred, &got, &[]);
                        if got.is_ok() {
                            self.m.retransmit_on = mode == SNMPAPI_ON;
                            if mode == SNMPAPI_OFF {
                                for i in &mut self.m.insts {
                                    i.certain = false;
                                }
                            }
                        }
                    }
                    1 => {
                        let pred =
                            match first(&[(ni, E::NotInitialized), (mode > 2, E::ModeInvalid)]) {
                                Some(err) => Pred::Err(err),
                                None => Pred::OkOr(&[]),
                            };
                        let got = e.set_translate_mode(mode);
                        self.outcome("SnmpSetTranslateMode", pred, &got, &[]);
                        if got.is_ok() {
                            self.m.translate = mode;
                        }
                    }
                    2 => {
                        let pred = match first(&[(ni, E::NotInitialized), (!output, E::Noop)]) {
                            Some(err) => Pred::Err(err),
                            None => Pred::OkOr(&[]),
                        };
                        let got = e.get_retransmit_mode(output);
                        if let Ok(v) = got {
                            assert_eq!(v == SNMPAPI_ON, m.retransmit_on);
                        }
                        self.outcome("SnmpGetRetransmitMode", pred, &got, &[]);
                    }
                    _ => {
                        let pred = match first(&[(ni, E::NotInitialized), (!output, E::Noop)]) {
                            Some(err) => Pred::Err(err),
                            None => Pred::OkOr(&[]),
                        };
                        let got = e.get_translate_mode(output);
                        if let Ok(v) = got {
                            assert_eq!(v, m.translate);
                        }
                        self.outcome("SnmpGetTranslateMode", pred, &got, &[]);
                    }
                }
            }
            34..=36 => {
                let ms = u64::from(inp.u8()) * 40;
                self.sim.run_for(Duration::from_millis(ms));
            }
            37 => {
                let l = Limits {
                    max_sessions: *inp.pick(&[6, 2, 1024]),
                    max_handles: *inp.pick(&[48, 4, 65_536]),
                    max_queued_messages: *inp.pick(&[4, 1, 0]),
                    max_message_size: *inp.pick(&[65_507, 1472, 100]),
                    max_varbinds: *inp.pick(&[2048, 3, 0]),
                };
                e.set_limits(l);
                self.m.limits = e.limits();
                assert_eq!(self.m.limits, l);
            }
            38 => {
                let h = m.pick(inp, HandleKind::Entity);
                let level = *inp.pick(&[
                    SecurityLevel::NoAuthNoPriv,
                    SecurityLevel::NoAuthNoPriv,
                    SecurityLevel::AuthNoPriv,
                ]);
                let off = inp.one_in(4);
                let pred = match first(&[
                    (ni, E::NotInitialized),
                    (!m.live(h, HandleKind::Entity), E::EntityInvalid),
                    (!off && level != SecurityLevel::NoAuthNoPriv, E::ModeInvalid),
                ]) {
                    Some(err) => Pred::Err(err),
                    None => Pred::OkOr(&[]),
                };
                let sec = (!off).then(|| EntitySecurity::new(USER.clone(), level));
                let got = e.set_entity_security(HEntity::from_raw(h), sec);
                self.outcome("WinSnmpSetEntityUsm", pred, &got, &[h]);
            }
            _ => {
                let syntax =
                    *inp.pick(&[SNMP_SYNTAX_OCTETS, SNMP_SYNTAX_OID, SNMP_SYNTAX_INT, 0x99]);
                let pred = match first(&[
                    (ni, E::NotInitialized),
                    (
                        !matches!(syntax, SNMP_SYNTAX_OCTETS | SNMP_SYNTAX_OID),
                        E::SyntaxInvalid,
                    ),
                ]) {
                    Some(err) => Pred::Err(err),
                    None => Pred::OkOr(&[]),
                };
                let got = e.free_descriptor(syntax);
                self.outcome("SnmpFreeDescriptor", pred, &got, &[]);
                let pred = if ni {
                    Pred::Err(E::NotInitialized)
                } else {
                    Pred::OkOr(&[])
                };
                let got = self.sim.engine.get_vendor_info(true);
                self.outcome("SnmpGetVendorInfo", pred, &got, &[]);
            }
        }
        self.settle(listen_entity, registering);
    }

    /// Lets every request end, checks that each ended as it must, then closes everything.
    fn finish(&mut self) {
        if self.m.init() {
            self.sim.run_for(Duration::from_secs(400));
            self.settle(None, None);
            if !self.m.self_traffic {
                let left: Vec<&Inst> = self.m.insts.iter().filter(|i| i.certain).collect();
                assert!(left.is_empty(), "requests that never ended: {left:?}");
            }
            assert_eq!(self.sim.engine.outstanding_requests(), 0);
            let sessions: Vec<u32> = self.m.sessions.keys().copied().collect();
            for s in sessions {
                self.sim
                    .engine
                    .close(HSession::from_raw(s))
                    .expect("close an open session");
            }
            assert_eq!(
                self.sim.engine.counts().total(),
                0,
                "objects left after close"
            );
        }
        while self.sim.engine.is_initialized() {
            let _ = self.sim.engine.cleanup(StartupKind::StartupEx);
            let _ = self.sim.engine.cleanup(StartupKind::Startup);
        }
        self.sim.sync();
        assert_eq!(self.sim.engine.counts().total(), 0);
        assert_eq!(self.sim.engine.outstanding_requests(), 0);
        assert_eq!(self.sim.engine.timer_entries(), 0);
    }
}

fn creatable(t: i32) -> bool {
    matches!(
        t,
        SNMP_PDU_GET
            | SNMP_PDU_GETNEXT
            | SNMP_PDU_RESPONSE
            | SNMP_PDU_SET
            | SNMP_PDU_GETBULK
            | SNMP_PDU_INFORM
            | SNMP_PDU_TRAP
    )
}

fuzz_target!(|data: &[u8]| {
    let mut w = World::new();
    let mut inp = Input(data);
    for _ in 0..MAX_CALLS {
        if inp.0.is_empty() {
            break;
        }
        w.step(&mut inp);
    }
    w.finish();
});
