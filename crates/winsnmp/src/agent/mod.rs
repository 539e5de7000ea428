//! The embedded agent: a MIB store loaded from a recording, and sans-IO request processing.
//!
//! ```text
//!   .snmprec / snmpwalk -On bytes ──Recording::parse──▶ MibStore (sorted, owned values)
//!   request datagram ──Agent::handle(bytes, uptime)──▶ Option<response datagram>
//! ```
//!
//! Nothing here touches a socket or a clock: the caller (the `wsnmp agent` command, the
//! test kit) receives datagrams, passes them to [`Agent::handle`] with the agent's uptime in
//! hundredths of a second, and sends back whatever comes out.
//!
//! # Behaviour
//! - SNMPv1, SNMPv2c and SNMPv3 (USM, with the users of [`AgentConfig::users`]; see the
//!   `v3` module); GET, GETNEXT, GETBULK (v2c, v3) and SET. Other PDUs are dropped and
//!   counted in [`AgentStats::unsupported_pdus`]; undecodable datagrams are dropped and counted
//!   in [`AgentStats::parse_errors`]; an unknown community gets no answer and is counted in
//!   [`AgentStats::bad_community`]. Nothing a datagram holds can make it panic.
//! - The read community (default `public`) may read; the write community (default `private`)
//!   may read and SET. A SET with the read community fails with noAccess (v1: noSuchName).
//! - sysUpTime.0 (when the store has it) reads as the `uptime` given to [`Agent::handle`].
//! - GET of a missing object gives noSuchInstance when some object lies under the requested
//!   OID's parent (the object type exists, the instance does not), else noSuchObject; GETNEXT
//!   past the last object gives endOfMibView. SNMPv1 maps both to noSuchName with the
//!   error-index of the first failing binding, and (RFC 3584 §4.2.2.1) never returns a
//!   Counter64: GET of one is noSuchName, GETNEXT skips them.
//! - SET changes values in memory, all or nothing: every binding must name an existing object
//!   and carry a value of its syntax. Errors: noCreation for a missing object, notWritable for
//!   sysUpTime.0, wrongType for another syntax; SNMPv1 maps them per RFC 3584 §4.4
//!   (noSuchName, noSuchName, badValue). Objects are never created or deleted by SET.
//! - GETBULK follows RFC 3416 §4.2.3, which lets a responder return fewer bindings than
//!   asked for, and is bounded so that a small request cannot draw a large answer: the
//!   repetitions are capped so that the repeated bindings number at most
//!   [`AgentConfig::max_varbinds`] (default 100: with R repeating names, at most
//!   `max_varbinds / R` repetitions, none when R is larger), and at
//!   [`AgentConfig::max_repetitions`]; the non-repeaters (one binding per name asked for)
//!   come on top. This is net-snmp's `snmpd` rule (`maxGetbulkResponses`, default 100), so
//!   both answer the same request with the same number of bindings. The answer stops early
//!   once a whole repetition is endOfMibView, and when it would exceed
//!   [`AgentConfig::max_message_size`] (default 65,507 octets, the largest UDP payload) it
//!   keeps the whole repetitions that fit (or, if not even one does, the bindings of the
//!   first that fit). Responses of GET, GETNEXT and SET that do not fit are tooBig
//!   (RFC 3416 §4.2.1, §4.2.2, §4.2.5).
//! - A request with more bindings than [`AgentConfig::max_request_varbinds`] (default
//!   2,048, the manager's own limit) is answered tooBig without being processed.

mod process;
mod recording;
mod server;
mod store;
mod v3;
mod value;

pub use recording::{LineError, LoadOptions, Recording, RecordingError, RecordingFormat};
pub use server::{AgentServer, RunningAgent, SERVING_THREADS};
pub use store::{MibStore, SYNTHETIC_TABLE_ENTRY, synthetic_rows};
pub use value::OwnedValue;

use winsnmp_engine::usm::{UsmStats, UsmUser};
use winsnmp_wire::Quirks;

/// sysUpTime.0, whose value the agent computes instead of serving the recording's.
pub const SYS_UPTIME_0: &str = "1.3.6.1.2.1.1.3.0";

pub use winsnmp_wire::ErrorStatus;

/// How the agent answers.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AgentConfig {
    /// The community that may read (default `public`).
    pub read_community: Vec<u8>,
    /// The community that may read and SET (default `private`).
    pub write_community: Vec<u8>,
    /// The largest response the agent sends, in octets (default 65507, the largest UDP
    /// payload over IPv4): GETBULK answers are trimmed to it, other answers that do not
    /// fit are tooBig.
    pub max_message_size: usize,
    /// The cap on a GETBULK's max-repetitions (default 65535).
    pub max_repetitions: u32,
    /// The most repeated bindings a GETBULK answer carries (default 100, as net-snmp's
    /// `maxGetbulkResponses`): with R repeating names, max-repetitions is capped at
    /// `max_varbinds / R`. Non-repeaters are not counted.
    pub max_varbinds: u32,
    /// The most bindings a request may carry (default 2,048, the manager's
    /// `Limits::max_varbinds`): a longer GET, GETNEXT, GETBULK or SET is answered tooBig,
    /// unprocessed (RFC 3416: the answer would exceed a local constraint).
    pub max_request_varbinds: usize,
    /// Deviations tolerated when decoding requests (default [`Quirks::STRICT`]).
    pub quirks: Quirks,
    /// SNMPv3 users (`createUser`): each may read and SET, at authNoPriv or above when it
    /// has an authentication key (net-snmp's `rwuser NAME` default), at noAuthNoPriv
    /// otherwise; a level above its keys gets the unsupportedSecLevel Report.
    pub users: Vec<UsmUser>,
    /// The agent's SNMPv3 engine ID (5 to 32 octets); `None`: one generated when the agent
    /// is created.
    pub engine_id: Option<Vec<u8>>,
    /// snmpEngineBoots (default 1).
    pub engine_boots: u32,
}

impl Default for AgentConfig {
    fn default() -> Self {
        Self {
            read_community: b"public".to_vec(),
            write_community: b"private".to_vec(),
            max_message_size: 65507,
            max_repetitions: 65535,
            max_varbinds: 100,
            max_request_varbinds: 2048,
            quirks: Quirks::STRICT,
            users: Vec::new(),
            engine_id: None,
            engine_boots: 1,
        }
    }
}

impl AgentConfig {
    /// The defaults (`public` / `private`, 65507-octet responses, GETBULK answers of at
    /// most 100 repeated bindings).
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the read community.
    pub fn read_community(mut self, community: impl Into<Vec<u8>>) -> Self {
        self.read_community = community.into();
        self
    }

    /// Sets the write community.
    pub fn write_community(mut self, community: impl Into<Vec<u8>>) -> Self {
        self.write_community = community.into();
        self
    }

    /// Sets the largest response size in octets.
    pub fn max_message_size(mut self, octets: usize) -> Self {
        self.max_message_size = octets;
        self
    }

    /// Sets the GETBULK max-repetitions cap.
    pub fn max_repetitions(mut self, cap: u32) -> Self {
        self.max_repetitions = cap;
        self
    }

    /// Adds an SNMPv3 user.
    pub fn user(mut self, user: UsmUser) -> Self {
        self.users.push(user);
        self
    }

    /// Sets the SNMPv3 engine ID and boots.
    pub fn engine(mut self, engine_id: Option<Vec<u8>>, boots: u32) -> Self {
        self.engine_id = engine_id;
        self.engine_boots = boots;
        self
    }

    /// Sets the most repeated bindings in a GETBULK answer.
    pub fn max_varbinds(mut self, count: u32) -> Self {
        self.max_varbinds = count;
        self
    }

    /// Sets the most bindings a request may carry.
    pub fn max_request_varbinds(mut self, count: usize) -> Self {
        self.max_request_varbinds = count;
        self
    }

    /// Sets the tolerated decoding quirks.
    pub fn quirks(mut self, quirks: Quirks) -> Self {
        self.quirks = quirks;
        self
    }
}

/// What the agent has seen since it was created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AgentStats {
    /// Datagrams given to [`Agent::handle`].
    pub datagrams: u64,
    /// Requests with a valid community that were processed (answered or not).
    pub requests: u64,
    /// Responses produced.
    pub responses: u64,
    /// Requests dropped for an unknown community.
    pub bad_community: u64,
    /// Datagrams dropped because they did not decode.
    pub parse_errors: u64,
    /// Messages dropped because their PDU is not a request (Response, Trap, Report, Inform).
    pub unsupported_pdus: u64,
    /// Responses that were too big: answered with tooBig, or dropped when even that did not
    /// fit.
    pub too_big: u64,
    /// SET requests applied.
    pub sets: u64,
    /// SNMPv3 messages the User-based Security Model rejected (the usmStats counters say
    /// why; a reportable one was answered with a Report).
    pub usm_rejected: u64,
}

/// The embedded agent: a [`MibStore`] and the request processing around it, sans-IO.
///
/// ```
/// use winsnmp::agent::{Agent, AgentConfig, LoadOptions, Recording};
/// use winsnmp::wire::{Body, Message, Oid, Pdu, PduType, Value, VarBind, Version};
///
/// let rec = Recording::parse("r.snmprec", b"1.3.6.1.2.1.1.5.0|4|box\n", &LoadOptions::new())
///     .unwrap();
/// let mut agent = Agent::new(rec.into_store(), AgentConfig::default());
/// let name: Oid = "1.3.6.1.2.1.1.5.0".parse().unwrap();
/// let req = Message {
///     version: Version::V2c,
///     community: b"public",
///     body: Body::Pdu(Pdu::new(PduType::Get, 7, vec![VarBind::null(name.as_raw())])),
/// }
/// .to_vec()
/// .unwrap();
/// let resp = agent.handle(&req, 100).unwrap();
/// let msg = Message::decode(&resp).unwrap();
/// assert_eq!(msg.body.varbinds()[0].value, Value::OctetString(b"box"));
/// ```
#[derive(Debug, Clone)]
pub struct Agent {
    store: MibStore,
    config: AgentConfig,
    stats: AgentStats,
    sys_uptime: winsnmp_wire::Oid,
    v3: v3::V3Agent,
}

impl Agent {
    /// An agent serving `store`. With SNMPv3 users configured it also serves its
    /// snmpEngine objects, snmpMPDStats and usmStats.
    pub fn new(mut store: MibStore, config: AgentConfig) -> Self {
        let v3 = v3::V3Agent::new(&config, &mut store);
        Self {
            store,
            config,
            stats: AgentStats::default(),
            sys_uptime: SYS_UPTIME_0.parse().expect("valid OID"),
            v3,
        }
    }

    /// The SNMPv3 engine ID the agent answers as.
    pub fn engine_id(&self) -> &[u8] {
        self.v3.engine_id()
    }

    /// The SNMPv3 counters (usmStats, snmpInvalidMsgs…).
    pub fn usm_stats(&self) -> UsmStats {
        self.v3.usm_stats()
    }

    /// The objects served (SETs change them).
    pub fn store(&self) -> &MibStore {
        &self.store
    }

    /// The objects served, to change them between requests.
    pub fn store_mut(&mut self) -> &mut MibStore {
        &mut self.store
    }

    /// The configuration.
    pub fn config(&self) -> &AgentConfig {
        &self.config
    }

    /// The counters.
    pub fn stats(&self) -> AgentStats {
        self.stats
    }
}
