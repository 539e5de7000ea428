//! The async SNMP client (Tokio): GET, GETNEXT, GETBULK, SET, walks and tables as Rust users
//! expect them, on the same engine as the WinSNMP functions (requests, retransmission,
//! matching and SNMPv3 stay in `winsnmp-engine`; this module encodes, decodes and turns the
//! engine's answers into futures and streams).
//!
//! ```no_run
//! use futures_util::StreamExt;
//! use winsnmp::client::Client;
//!
//! # async fn demo() -> Result<(), winsnmp::client::Error> {
//! let client = Client::builder("udp:127.0.0.1:161").community("public").build().await?;
//! let descr = client.get(&"1.3.6.1.2.1.1.1.0".parse()?).await?;
//! println!("{descr}");
//! let mut rows = client.bulk_walk(&"1.3.6.1.2.1.2.2.1.2".parse()?);
//! while let Some(vb) = rows.next().await {
//!     println!("{}", vb?);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! - **Targets**: `HOST`, `HOST:PORT`, `[IPV6]:PORT`, `udp:`/`udp6:`/`tcp:`/`tcp6:`
//!   prefixes as net-snmp writes them ([`Target`]); TCP uses RFC 3430 framing.
//! - **Versions**: SNMPv2c by default; [`ClientBuilder::version`] for v1,
//!   [`ClientBuilder::usm`] for SNMPv3 (engine discovery and time synchronisation happen
//!   behind the first request).
//! - **Transports**: each client opens its own UDP sockets unless given a shared
//!   [`Transport`] ([`ClientBuilder::transport`]): then many targets share one socket per
//!   address family, answers told apart by request id and source address.
//! - **Recovery**: a `tooBig` answer splits a GET/GETNEXT/SET in halves and halves a
//!   GETBULK's max-repetitions, and retries; walks stop with [`Error::NotIncreasing`] when an
//!   agent returns an OID that does not follow the previous one; a bulk walk whose first
//!   GETBULK times out (an agent that ignores GETBULK) falls back to GETNEXT once; SNMPv1
//!   targets walk with GETNEXT.
//! - **Zero copy**: values borrow the received datagram (octet strings are `bytes::Bytes`
//!   slices of it); [`Client::walk_each`] hands out the decoded bindings themselves, with
//!   no allocation per binding.
//! - [`blocking`] wraps the same client for programs without a runtime; [`fan_out`] polls
//!   many targets with a concurrency limit.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use winsnmp_engine::usm::EntitySecurity;
use winsnmp_engine::{PduData, RawPayload, RawPolicy, RawV3};
use winsnmp_wire::{
    Body, Message, Oid, Pdu, PduType, Quirks, RawOid, ScopedPdu, Value as WireValue, Version,
};

pub mod blocking;
mod error;
mod target;
mod transport;
mod value;
mod walk;

pub use error::{AgentStatus, Error, security_text};
pub use target::{Family, Protocol, Target};
pub use transport::Transport;
pub use transport::{Direction, Packet, PacketHook};
pub use value::{Value, VarBind, ticks_text};
pub use walk::{
    Table, TableOptions, WalkEnd, WalkItem, WalkLimit, WalkMode, WalkOptions, WalkStop,
};

use transport::Outgoing;

thread_local! {
    /// The buffer [`encode_shared`] writes messages into.
    static SCRATCH: std::cell::RefCell<winsnmp_wire::BackWriter> =
        std::cell::RefCell::new(winsnmp_wire::BackWriter::new());
}

/// `msg` encoded into the shared buffer its request and transmissions hold (written
/// backwards, with no sizing pass, then copied once).
fn encode_shared(
    version: Version,
    community: &[u8],
    pdu_type: PduType,
    fields: [i32; 3],
    bindings: &[winsnmp_wire::VarBind<'_>],
) -> Result<Arc<[u8]>, winsnmp_wire::EncodeError> {
    SCRATCH.with_borrow_mut(|w| {
        // Kept between messages unless a large one grew it.
        w.clear(1 << 16);
        // Straight from the caller's bindings: no PDU (nor list) built per request.
        winsnmp_wire::write_community_backward(w, version, community, pdu_type, fields, bindings)?;
        Ok(Arc::from(w.as_slice()))
    })
}

/// How a client talks to its agent.
#[derive(Debug, Clone)]
enum Security {
    Community(Version, Bytes),
    Usm(Arc<RawV3>),
}

/// Builds a [`Client`]: target, version and credentials, timing, transport.
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    target: String,
    version: Version,
    community: Bytes,
    usm: Option<(EntitySecurity, Vec<u8>)>,
    timeout: Duration,
    retries: u32,
    max_repetitions: i32,
    transport: Option<Transport>,
    quirks: Quirks,
    hook: Hook,
    default_port: u16,
    limits: AnswerLimits,
}

/// The largest answer a client takes: more octets or more bindings end the request with
/// [`Error::Oversized`] (the runtime's `Limits` defaults: 65,507 octets, 2,048 bindings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct AnswerLimits {
    octets: usize,
    varbinds: usize,
}

impl Default for AnswerLimits {
    fn default() -> Self {
        let l = winsnmp_engine::Limits::default();
        Self {
            octets: l.max_message_size,
            varbinds: l.max_varbinds,
        }
    }
}

/// The builder's packet hook (printed as whether there is one).
#[derive(Clone, Default)]
struct Hook(Option<PacketHook>);

impl std::fmt::Debug for Hook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "Some(..)" } else { "None" })
    }
}

impl ClientBuilder {
    /// SNMP version of a community client (default SNMPv2c).
    pub fn version(mut self, v: Version) -> Self {
        self.version = v;
        self
    }

    /// The community (default `public`).
    pub fn community(mut self, c: impl AsRef<[u8]>) -> Self {
        self.community = Bytes::copy_from_slice(c.as_ref());
        self
    }

    /// SNMPv3 with the User-based Security Model: the user (made with
    /// [`crate::api::usm_user`], which caches the 1 MB key digests) and level, and the
    /// context name (`b""`: the default context).
    pub fn usm(mut self, security: EntitySecurity, context_name: impl AsRef<[u8]>) -> Self {
        self.usm = Some((security, context_name.as_ref().to_vec()));
        self.version = Version::V3;
        self
    }

    /// Time to wait for an answer before each retry (default 1 s, net-snmp's).
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = t;
        self
    }

    /// Retries after the first try (default 5, net-snmp's).
    pub fn retries(mut self, n: u32) -> Self {
        self.retries = n;
        self
    }

    /// max-repetitions of the GETBULKs a bulk walk sends (default 10, net-snmp's).
    pub fn max_repetitions(mut self, n: i32) -> Self {
        self.max_repetitions = n.max(1);
        self
    }

    /// The port of a target that names none (default 161; 162 for a notification
    /// receiver).
    pub fn default_port(mut self, port: u16) -> Self {
        self.default_port = port;
        self
    }

    /// Shares `transport`'s sockets (UDP targets only) instead of opening new ones.
    pub fn transport(mut self, transport: &Transport) -> Self {
        self.transport = Some(transport.clone());
        self
    }

    /// The largest answer taken, in octets (default 65,507, the largest UDP payload): a
    /// longer one ends its request with [`Error::Oversized`].
    pub fn max_answer_size(mut self, octets: usize) -> Self {
        self.limits.octets = octets;
        self
    }

    /// The most bindings an answer may carry (default 2,048, the runtime's limit): more
    /// end the request with [`Error::Oversized`] instead of being decoded.
    pub fn max_answer_varbinds(mut self, n: usize) -> Self {
        self.limits.varbinds = n;
        self
    }

    /// Agent deviations tolerated when decoding answers (default strict).
    pub fn quirks(mut self, q: Quirks) -> Self {
        self.quirks = q;
        self
    }

    /// Calls `hook` with every datagram (or TCP message) the transport sends or receives,
    /// as it crosses the socket: retransmissions, SNMPv3 discovery and encrypted messages
    /// included (net-snmp's `-d` dump is built on it). On a shared transport
    /// ([`ClientBuilder::transport`]) the hook is the transport's: it sees every client's
    /// packets and replaces an earlier hook.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), winsnmp::client::Error> {
    /// use std::sync::Arc;
    /// use winsnmp::client::{Client, Direction};
    /// let c = Client::builder("127.0.0.1:161")
    ///     .packet_hook(Arc::new(|p: &winsnmp::client::Packet<'_>| {
    ///         let way = if p.direction == Direction::Sent { "to" } else { "from" };
    ///         eprintln!("{} octets {way} {}", p.bytes.len(), p.peer);
    ///     }))
    ///     .build()
    ///     .await?;
    /// # let _ = c; Ok(()) }
    /// ```
    pub fn packet_hook(mut self, hook: PacketHook) -> Self {
        self.hook = Hook(Some(hook));
        self
    }

    /// Resolves the target and opens (or joins) the transport.
    ///
    /// # Errors
    /// [`Error::Target`] for a bad or unresolvable target, [`Error::Io`] when no socket or
    /// connection can be opened.
    pub async fn build(self) -> Result<Client, Error> {
        let target = Target::parse(&self.target, self.default_port)?;
        let addr = target.resolve().await?;
        let transport = match (target.protocol, self.transport) {
            (Protocol::Tcp, _) => Transport::tcp(addr).await?,
            (Protocol::Udp, Some(t)) if !t.is_tcp() => t,
            (Protocol::Udp, _) => Transport::udp()?,
        };
        if let Some(h) = self.hook.0 {
            transport.set_packet_hook(Some(h));
        }
        let security = match self.usm {
            Some((sec, context_name)) => Security::Usm(Arc::new(RawV3 {
                security: Arc::new(sec),
                context_name,
            })),
            None if self.version == Version::V3 => {
                return Err(Error::Usage(
                    "SNMPv3 needs a user (ClientBuilder::usm)".into(),
                ));
            }
            None => Security::Community(self.version, self.community),
        };
        let cs = u32::try_from(self.timeout.as_millis().div_ceil(10))
            .unwrap_or(u32::MAX)
            .max(1);
        Ok(Client {
            inner: Arc::new(Inner {
                transport,
                addr,
                security,
                policy: RawPolicy {
                    timeout_cs: cs,
                    retries: self.retries,
                },
                quirks: self.quirks,
                limits: self.limits,
            }),
            max_repetitions: self.max_repetitions,
        })
    }
}

#[derive(Debug)]
struct Inner {
    transport: Transport,
    addr: SocketAddr,
    security: Security,
    policy: RawPolicy,
    quirks: Quirks,
    limits: AnswerLimits,
}

/// The stream of a walk: bindings in order, or an error that ends it.
pub type WalkStream = Pin<Box<dyn Stream<Item = Result<VarBind, Error>> + Send>>;

/// An SNMP manager for one agent. Cheap to clone; clones share the transport.
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
    max_repetitions: i32,
}

/// An answer: the datagram (or SNMPv3 scoped PDU) and how to read it.
pub(crate) struct Answer {
    bytes: Bytes,
    scoped: bool,
    quirks: Quirks,
    max_varbinds: usize,
}

impl Answer {
    /// Decodes the PDU (borrowing from the answer) and hands it to `f`.
    pub(crate) fn with_pdu<T>(&self, f: impl FnOnce(&Pdu<'_>) -> T) -> Result<T, Error> {
        if self.scoped {
            let s = ScopedPdu::decode_prefix(&self.bytes, self.quirks)
                .map_err(|e| Error::Malformed(e.to_string()))?;
            self.check_count(&s.pdu)?;
            return Ok(f(&s.pdu));
        }
        let m = Message::decode_with(&self.bytes, self.quirks)
            .map_err(|e| Error::Malformed(e.to_string()))?;
        match &m.body {
            Body::Pdu(p) => {
                self.check_count(p)?;
                Ok(f(p))
            }
            Body::TrapV1(_) => Err(Error::Malformed("a trap, not a response".into())),
        }
    }

    /// [`Error::Oversized`] when `p` carries more bindings than the client takes.
    fn check_count(&self, p: &Pdu<'_>) -> Result<(), Error> {
        if p.varbinds.len() > self.max_varbinds {
            return Err(Error::Oversized {
                octets: self.bytes.len(),
                varbinds: p.varbinds.len(),
            });
        }
        Ok(())
    }

    /// The answer's bindings, owned (slices of the datagram), or its error-status as an
    /// error.
    pub(crate) fn bindings(&self) -> Result<Vec<VarBind>, Error> {
        let mut out = Vec::new();
        self.each_binding(|vb| out.push(vb))?;
        Ok(out)
    }

    /// The answer's last binding (a GET of one object has one), or its error-status as an
    /// error.
    pub(crate) fn last_binding(&self) -> Result<VarBind, Error> {
        let mut last = None;
        self.each_binding(|vb| last = Some(vb))?;
        last.ok_or_else(|| Error::Malformed("an answer with no binding".into()))
    }

    /// Hands the answer's bindings, owned (slices of the datagram), to `each` in order, or
    /// returns the error-status (or why the answer cannot be read) as an error. A v1/v2c
    /// answer is decoded once, straight into `each` (no list of the codec's bindings):
    /// `each` may then have been given bindings of an answer that turns out to be an
    /// error, which the caller drops with the error.
    fn each_binding(&self, mut each: impl FnMut(VarBind)) -> Result<(), Error> {
        if self.scoped {
            return self.with_pdu(|p| match status_error(p) {
                Some(e) => Err(e),
                None => {
                    for vb in &p.varbinds {
                        each(VarBind::from_wire(vb, self.bytes()));
                    }
                    Ok(())
                }
            })?;
        }
        let mut count = 0;
        let m = Message::decode_each(&self.bytes, self.quirks, |vb| {
            count += 1;
            // No more than the client takes are made (the count still goes on).
            if count <= self.max_varbinds {
                each(VarBind::from_wire(&vb, self.bytes()));
            }
        })
        .map_err(|e| Error::Malformed(e.to_string()))?;
        let Body::Pdu(p) = &m.body else {
            return Err(Error::Malformed("a trap, not a response".into()));
        };
        if count > self.max_varbinds {
            return Err(Error::Oversized {
                octets: self.bytes.len(),
                varbinds: count,
            });
        }
        if p.error_status != 0 {
            // Rare: decoded again with its bindings, for the one the error-index names.
            return self.with_pdu(|p| status_error(p).map_or(Ok(()), Err))?;
        }
        Ok(())
    }

    /// The datagram the bindings borrow from.
    pub(crate) fn bytes(&self) -> &Bytes {
        &self.bytes
    }
}

/// The error an answer's error-status stands for, if any.
fn status_error(p: &Pdu<'_>) -> Option<Error> {
    if p.error_status == 0 {
        return None;
    }
    let index = u32::try_from(p.error_index).unwrap_or(0);
    let oid = usize::try_from(index)
        .ok()
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| p.varbinds.get(i))
        .map(|vb| Oid::from(vb.name));
    Some(Error::Agent {
        status: AgentStatus::from_i32(p.error_status),
        index,
        oid,
    })
}

impl Client {
    /// A builder for the agent at `target` (`HOST[:PORT]`, `udp:`, `udp6:`, `tcp:`…).
    pub fn builder(target: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            target: target.into(),
            version: Version::V2c,
            community: Bytes::from_static(b"public"),
            usm: None,
            timeout: Duration::from_secs(1),
            retries: 5,
            max_repetitions: 10,
            transport: None,
            quirks: Quirks::STRICT,
            hook: Hook(None),
            default_port: 161,
            limits: AnswerLimits::default(),
        }
    }

    /// The agent's address.
    pub fn addr(&self) -> SocketAddr {
        self.inner.addr
    }

    /// The transport (to share it with more clients).
    pub fn transport(&self) -> &Transport {
        &self.inner.transport
    }

    /// The message version.
    pub fn version(&self) -> Version {
        match &self.inner.security {
            Security::Community(v, _) => *v,
            Security::Usm(_) => Version::V3,
        }
    }

    /// max-repetitions of bulk walks.
    pub fn max_repetitions(&self) -> i32 {
        self.max_repetitions
    }

    /// A clone of this client (same transport and credentials) whose bulk walks and tables
    /// use `n` max-repetitions.
    pub fn with_max_repetitions(&self, n: i32) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            max_repetitions: n.max(1),
        }
    }

    /// One request/answer exchange, no interpretation of the error-status.
    pub(crate) async fn exchange(
        &self,
        pdu_type: PduType,
        fields: (i32, i32),
        bindings: &[winsnmp_wire::VarBind<'_>],
    ) -> Result<Answer, Error> {
        let pending = self.start(pdu_type, fields, bindings)?;
        self.finish(pending).await
    }

    /// Sends a request (encoded now: `bindings` are not needed once this returns).
    fn start(
        &self,
        pdu_type: PduType,
        fields: (i32, i32),
        bindings: &[winsnmp_wire::VarBind<'_>],
    ) -> Result<transport::Pending, Error> {
        let inner = &self.inner;
        Ok(match &inner.security {
            Security::Community(version, community) => {
                let mut encode = |id: i32| -> Result<Arc<[u8]>, Error> {
                    encode_shared(
                        *version,
                        community,
                        pdu_type,
                        [id, fields.0, fields.1],
                        bindings,
                    )
                    .map_err(|e| Error::Usage(e.to_string()))
                };
                inner.transport.shared.request(
                    inner.addr,
                    Outgoing::Message(&mut encode),
                    inner.policy,
                )?
            }
            Security::Usm(v3) => {
                let mut pdu = PduData::from_wire(&Pdu::new(pdu_type, 0, bindings.to_vec()));
                pdu.error_status = fields.0;
                pdu.error_index = fields.1;
                inner
                    .transport
                    .shared
                    .request(inner.addr, Outgoing::V3(v3, pdu), inner.policy)?
            }
        })
    }

    /// Waits for the answer to a request [`Client::start`] sent.
    async fn finish(&self, pending: transport::Pending) -> Result<Answer, Error> {
        let inner = &self.inner;
        let payload = pending.await?;
        let (bytes, scoped) = match payload {
            RawPayload::Message(b) => (b, false),
            RawPayload::ScopedPdu(b) => (b, true),
        };
        if bytes.len() > inner.limits.octets {
            return Err(Error::Oversized {
                octets: bytes.len(),
                varbinds: 0,
            });
        }
        Ok(Answer {
            bytes: Bytes::from(bytes),
            scoped,
            quirks: inner.quirks,
            max_varbinds: inner.limits.varbinds,
        })
    }

    /// A request whose answer must have no error-status; its bindings, owned. A `tooBig`
    /// answer to a request of several bindings splits it in halves (GET, GETNEXT, SET).
    async fn ask(
        &self,
        pdu_type: PduType,
        bindings: &[winsnmp_wire::VarBind<'_>],
    ) -> Result<Vec<VarBind>, Error> {
        if bindings.is_empty() {
            return Err(Error::Usage("no variable bindings".into()));
        }
        // The split is boxed: the common path's future stays small (every outstanding
        // request holds one).
        {
            // Scoped: the answer is not kept in the future while the halves are asked.
            let r = self.ask_once(pdu_type, bindings).await;
            let split = matches!(&r, Err(e) if e.is_too_big())
                && bindings.len() > 1
                && pdu_type != PduType::Set;
            if !split {
                return r;
            }
        }
        self.ask_split_boxed(pdu_type, bindings).await
    }

    /// One exchange; the answer's bindings, or its error-status as an error.
    async fn ask_once(
        &self,
        pdu_type: PduType,
        bindings: &[winsnmp_wire::VarBind<'_>],
    ) -> Result<Vec<VarBind>, Error> {
        self.exchange(pdu_type, (0, 0), bindings).await?.bindings()
    }

    /// [`Client::ask_split`], boxed (a future of pointer size in its caller's).
    fn ask_split_boxed<'a>(
        &'a self,
        pdu_type: PduType,
        bindings: &'a [winsnmp_wire::VarBind<'_>],
    ) -> Pin<Box<dyn Future<Output = Result<Vec<VarBind>, Error>> + Send + 'a>> {
        Box::pin(self.ask_split(pdu_type, bindings))
    }

    /// [`Client::ask`] of each half of `bindings`, the answers joined.
    async fn ask_split(
        &self,
        pdu_type: PduType,
        bindings: &[winsnmp_wire::VarBind<'_>],
    ) -> Result<Vec<VarBind>, Error> {
        let (a, b) = bindings.split_at(bindings.len() / 2);
        let mut first = Box::pin(self.ask(pdu_type, a)).await?;
        first.extend(Box::pin(self.ask(pdu_type, b)).await?);
        Ok(first)
    }

    /// GET of one object.
    ///
    /// # Errors
    /// [`Error::Timeout`], [`Error::Agent`] (e.g. noSuchName from an SNMPv1 agent),
    /// [`Error::Security`], [`Error::Io`]; a missing object in v2c/v3 is a binding with
    /// [`Value::NoSuchObject`]/[`Value::NoSuchInstance`], not an error.
    pub async fn get(&self, oid: &Oid) -> Result<VarBind, Error> {
        // Encoded at once: the future holds only the request in flight (it is what every
        // outstanding GET costs the caller).
        let pending = self.start(
            PduType::Get,
            (0, 0),
            &[winsnmp_wire::VarBind::null(oid.as_raw())],
        )?;
        self.finish(pending).await?.last_binding()
    }

    /// GET of several objects in one request (split on `tooBig`).
    ///
    /// # Errors
    /// As [`Client::get`].
    pub async fn get_many(&self, oids: &[Oid]) -> Result<Vec<VarBind>, Error> {
        let vbs: Vec<_> = oids
            .iter()
            .map(|o| winsnmp_wire::VarBind::null(o.as_raw()))
            .collect();
        self.ask(PduType::Get, &vbs).await
    }

    /// GETNEXT of several objects.
    ///
    /// # Errors
    /// As [`Client::get`].
    pub async fn get_next(&self, oids: &[Oid]) -> Result<Vec<VarBind>, Error> {
        let vbs: Vec<_> = oids
            .iter()
            .map(|o| winsnmp_wire::VarBind::null(o.as_raw()))
            .collect();
        self.ask(PduType::GetNext, &vbs).await
    }

    /// GETBULK: `non_repeaters` of `oids` once, the rest `max_repetitions` times. A
    /// `tooBig` answer halves max-repetitions and retries. An SNMPv1 target gets a GETNEXT.
    ///
    /// # Errors
    /// As [`Client::get`].
    pub async fn get_bulk(
        &self,
        non_repeaters: i32,
        max_repetitions: i32,
        oids: &[Oid],
    ) -> Result<Vec<VarBind>, Error> {
        if self.version() == Version::V1 {
            return self.get_next(oids).await;
        }
        let vbs: Vec<_> = oids
            .iter()
            .map(|o| winsnmp_wire::VarBind::null(o.as_raw()))
            .collect();
        let mut reps = max_repetitions.max(0);
        loop {
            let answer = self
                .exchange(PduType::GetBulk, (non_repeaters.max(0), reps), &vbs)
                .await?;
            let r = answer.with_pdu(|p| match status_error(p) {
                Some(e) => Err(e),
                None => Ok(p
                    .varbinds
                    .iter()
                    .map(|vb| VarBind::from_wire(vb, answer.bytes()))
                    .collect::<Vec<_>>()),
            })?;
            match r {
                Err(e) if e.is_too_big() && reps > 1 => reps /= 2,
                r => return r,
            }
        }
    }

    /// SET of `bindings`.
    ///
    /// # Errors
    /// As [`Client::get`]; the agent's refusal (notWritable, wrongType…) as [`Error::Agent`].
    pub async fn set(&self, bindings: &[VarBind]) -> Result<Vec<VarBind>, Error> {
        let vbs: Vec<_> = bindings.iter().map(VarBind::as_wire).collect();
        self.ask(PduType::Set, &vbs).await
    }

    /// A GETNEXT walk of the subtree `root`, as a stream of bindings (ends at the end of
    /// the subtree or of the agent's MIB, or after an error).
    pub fn walk(&self, root: &Oid) -> WalkStream {
        Box::pin(walk::stream(self.clone(), root.clone(), WalkMode::GetNext))
    }

    /// A GETBULK walk of the subtree `root` (max-repetitions from the builder), as a stream.
    pub fn bulk_walk(&self, root: &Oid) -> WalkStream {
        Box::pin(walk::stream(self.clone(), root.clone(), WalkMode::GetBulk))
    }

    /// Walks `root` calling `f` with each binding as decoded, borrowed from the datagram
    /// (no allocation per binding): the fastest way to print or aggregate a walk.
    ///
    /// # Errors
    /// As the walks; `f`'s own error stops the walk.
    pub async fn walk_each<F>(&self, root: &Oid, mode: WalkMode, f: F) -> Result<WalkEnd, Error>
    where
        F: FnMut(&winsnmp_wire::VarBind<'_>) -> Result<(), Error>,
    {
        walk::each(self, root, mode, f).await
    }

    /// A walk with net-snmp's options ([`WalkOptions`]: an end OID, no order check, a GET of
    /// the root first or when nothing is found), calling `f` with each binding borrowed from
    /// the datagram, then with the reason the walk stopped, then with the bindings of a GET
    /// of the root if one follows. This is what `wsnmp walk` and `bulkwalk` print.
    ///
    /// ```no_run
    /// # async fn demo(client: winsnmp::client::Client) -> Result<(), winsnmp::client::Error> {
    /// use winsnmp::client::{WalkItem, WalkMode, WalkOptions};
    /// let opts = WalkOptions::new(WalkMode::GetNext).get_if_empty(true);
    /// let end = client
    ///     .walk_with(&"1.3.6.1.2.1.1".parse()?, &opts, |item| {
    ///         if let WalkItem::Binding(vb) = item {
    ///             println!(".{} = {:?}", vb.name, vb.value);
    ///         }
    ///         Ok(())
    ///     })
    ///     .await?;
    /// println!("{} objects", end.rows);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// As the walks; `f`'s own error stops the walk.
    pub async fn walk_with<F>(&self, root: &Oid, opts: &WalkOptions, f: F) -> Result<WalkEnd, Error>
    where
        F: FnMut(WalkItem<'_, '_>) -> Result<(), Error>,
    {
        walk::with(self, root, opts, f).await
    }

    /// A conceptual table (the OID above its entry, e.g. ifTable `1.3.6.1.2.1.2.2`): its
    /// rows by index, columns by number, all columns, one bulk walk of the entry.
    ///
    /// # Errors
    /// As the walks.
    pub async fn table(&self, table: &Oid) -> Result<Table, Error> {
        walk::table(self, table, &TableOptions::new()).await
    }

    /// A conceptual table read as [`TableOptions`] say: some columns, row by row with
    /// GETNEXT (`snmptable -CB`), another max-repetitions.
    ///
    /// # Errors
    /// As the walks; [`Error::NotIncreasing`] when the agent gives a cell twice.
    pub async fn table_with(&self, table: &Oid, opts: &TableOptions) -> Result<Table, Error> {
        walk::table(self, table, opts).await
    }
}

/// The fields of an SNMPv1 Trap-PDU besides its bindings ([`Client::trap_v1`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrapV1Header {
    /// enterprise: the sender's sysObjectID, or the trap's enterprise.
    pub enterprise: Oid,
    /// agent-addr: the sender's IPv4 address.
    pub agent_addr: [u8; 4],
    /// generic-trap: coldStart(0) … enterpriseSpecific(6).
    pub generic: i32,
    /// specific-trap.
    pub specific: i32,
    /// time-stamp: the sender's sysUpTime, hundredths of a second.
    pub time_stamp: u32,
}

impl Client {
    /// Sends an SNMPv2 trap (SNMPv1 and SNMPv2c clients; an SNMPv1 client sends it as
    /// is, which SNMPv1 receivers refuse: use [`Client::trap_v1`]) with exactly
    /// `bindings` (sysUpTime.0 and snmpTrapOID.0 first, as RFC 3416 wants them). No answer
    /// comes; the datagram is on the wire when this returns.
    ///
    /// # Errors
    /// [`Error::Usage`] for an SNMPv3 client (the sender is authoritative for its traps:
    /// use the WinSNMP API with a local engine), [`Error::Io`] when it cannot be sent.
    pub async fn trap(&self, bindings: &[VarBind]) -> Result<(), Error> {
        let Security::Community(version, community) = &self.inner.security else {
            return Err(Error::Usage("SNMPv3 traps need the WinSNMP API".into()));
        };
        let vbs: Vec<_> = bindings.iter().map(VarBind::as_wire).collect();
        let id = (std::process::id() as i32) & 0x7fff_ffff;
        let msg = Message {
            version: if *version == Version::V1 {
                Version::V2c
            } else {
                *version
            },
            community,
            body: Body::Pdu(Pdu::new(PduType::TrapV2, id, vbs)),
        };
        self.send_untracked(&msg.to_vec().map_err(|e| Error::Usage(e.to_string()))?)
            .await
    }

    /// Sends an SNMPv1 Trap-PDU with `header` and exactly `bindings` (none added), as
    /// net-snmp's `snmptrap -v 1` does.
    ///
    /// # Errors
    /// [`Error::Usage`] for a bad generic-trap or a value SNMPv1 cannot carry (Counter64),
    /// [`Error::Io`] when it cannot be sent.
    pub async fn trap_v1(&self, header: &TrapV1Header, bindings: &[VarBind]) -> Result<(), Error> {
        let community = match &self.inner.security {
            Security::Community(_, c) => c.clone(),
            Security::Usm(_) => {
                return Err(Error::Usage("an SNMPv1 trap needs a community".into()));
            }
        };
        let generic_trap = winsnmp_wire::GenericTrap::from_i32(header.generic)
            .ok_or_else(|| Error::Usage(format!("bad generic-trap {}", header.generic)))?;
        let msg = Message {
            version: Version::V1,
            community: &community,
            body: Body::TrapV1(winsnmp_wire::TrapV1 {
                enterprise: header.enterprise.as_raw(),
                agent_addr: header.agent_addr,
                generic_trap,
                specific_trap: header.specific,
                time_stamp: header.time_stamp,
                varbinds: bindings.iter().map(VarBind::as_wire).collect(),
            }),
        };
        self.send_untracked(&msg.to_vec().map_err(|e| Error::Usage(e.to_string()))?)
            .await
    }

    /// Sends an InformRequest with `bindings` (sysUpTime.0 and snmpTrapOID.0 first) and
    /// waits for the receiver's acknowledgement (retried per the builder's timeout and
    /// retries); SNMPv2c and SNMPv3 (the receiver is the authoritative engine: discovered
    /// as an agent is).
    ///
    /// # Errors
    /// As [`Client::get`]; [`Error::Usage`] for an SNMPv1 client.
    pub async fn inform(&self, bindings: &[VarBind]) -> Result<Vec<VarBind>, Error> {
        if self.version() == Version::V1 {
            return Err(Error::Usage("SNMPv1 has no InformRequest".into()));
        }
        let vbs: Vec<_> = bindings.iter().map(VarBind::as_wire).collect();
        self.ask(PduType::Inform, &vbs).await
    }

    async fn send_untracked(&self, bytes: &[u8]) -> Result<(), Error> {
        let shared = &self.inner.transport.shared;
        shared.send_untracked(self.inner.addr, bytes).await?;
        // TCP: until the octets are written (bounded by the timeout).
        let deadline =
            tokio::time::Instant::now() + winsnmp_engine::hundredths(self.inner.policy.timeout_cs);
        while !shared.flushed() && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        Ok(())
    }
}

/// Runs `f` on every client, at most `limit` at once, and streams `(index, result)` as
/// they finish: polling many agents without opening thousands of requests at once.
pub fn fan_out<T, F, Fut>(
    clients: Vec<Client>,
    limit: usize,
    f: F,
) -> impl Stream<Item = (usize, T)>
where
    F: Fn(Client) -> Fut,
    Fut: Future<Output = T>,
{
    use futures_util::StreamExt;
    futures_util::stream::iter(clients.into_iter().enumerate().map(move |(i, c)| {
        let fut = f(c);
        async move { (i, fut.await) }
    }))
    .buffer_unordered(limit.max(1))
}

/// `oid` is below `root` (strictly).
pub(crate) fn below(oid: RawOid<'_>, root: RawOid<'_>) -> bool {
    // Canonical BER: a byte prefix ends on an arc boundary, so more octets and a byte
    // prefix mean more arcs and an arc prefix (no arc counting on the hot path).
    oid.as_ber().len() > root.as_ber().len() && oid.starts_with(root)
}

/// Whether a binding ends a walk by itself (endOfMibView).
pub(crate) fn is_end(v: &WireValue<'_>) -> bool {
    matches!(v, WireValue::EndOfMibView)
}
