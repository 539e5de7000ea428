//! The client's transport: one engine (requests, retransmission, matching, SNMPv3), its
//! sockets, and the futures waiting for answers.
//!
//! There is no driver task and no hand-off between threads: whichever request future is
//! polled drives the I/O — it receives every datagram that is ready, feeds it to the
//! engine, runs the engine's timers, sends what the engine queued and completes the futures
//! whose answers came (waking them). The sockets and the timer wake the last future to
//! drive and one other waiting future (a [`Relay`] waker): a future polled once and then
//! parked by its task therefore stalls neither the requests made after it nor those
//! already waiting (the second one woken drives). A request's first poll skips the drive
//! when it would find nothing to do (nothing woke the relay since the driver's last drive,
//! the timer is armed early enough, every datagram went out): the request becomes the
//! relay's second future instead. When the driver completes or is dropped it wakes
//! another waiting future, which takes over. A single walk therefore runs on its own
//! task: send, wait for readiness, receive, decode, next.
//!
//! A request's datagram leaves at once (`sendto`), unless [`DEFER_FROM`] requests or more
//! wait: it is then left queued and a small task of the transport's own (the flusher,
//! spawned with a UDP transport) is woken; the requests made before it runs (those a
//! batch of answers lets a pipelining manager make) leave with it in one `sendmmsg` (a
//! full batch, [`SEND_BATCH`], leaves at once). The flusher only sends: it is a task of
//! its own so that no request, parked or dropped by its task, can keep a queued datagram
//! from leaving.
//!
//! UDP: one socket per address family (a [`Transport`] may be shared by many clients and
//! targets; answers are told apart by request id and source address). TCP (RFC 3430): one
//! connection to one agent; messages are framed by their BER length, the engine's
//! retransmission is off (TCP is reliable), its timeout still applies.

use std::collections::VecDeque;
use std::collections::hash_map::Entry;
use std::future::Future;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::task::{Context, Poll, Waker};
use std::time::Instant;

use rustc_hash::FxHashMap;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpStream, UdpSocket};
use tokio::time::Sleep;
use winsnmp_engine::{
    EndpointChange, EndpointId, Engine, HSession, Limits, PduData, RawPayload, RawPolicy, RawV3,
    RequestId, StartupKind, Transmit,
};

use super::{Error, Protocol};
use crate::udp::SEND_BATCH;

/// Which way a [`Packet`] went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Sent to the peer.
    Sent,
    /// Received from the peer.
    Received,
}

/// A datagram (or TCP message) crossing a client's socket, as a [`PacketHook`] sees it.
#[derive(Debug, Clone, Copy)]
pub struct Packet<'a> {
    /// Sent or received.
    pub direction: Direction,
    /// UDP or TCP.
    pub protocol: Protocol,
    /// The agent's (or manager's) address.
    pub peer: SocketAddr,
    /// The local socket's address (`0.0.0.0:PORT` for a UDP socket bound to any address).
    pub local: SocketAddr,
    /// The message, as on the wire.
    pub bytes: &'a [u8],
}

/// Sees every packet of a transport ([`super::ClientBuilder::packet_hook`]). Runs inside
/// the transport's I/O, so it should be quick (printing a hex dump is fine).
pub type PacketHook = Arc<dyn Fn(&Packet<'_>) + Send + Sync>;

/// Requests waiting (this one included) from which a new request's datagram waits for the
/// flusher task, to leave with the others made before it ([`State::may_defer_send`]).
const DEFER_FROM: usize = 16;

/// The largest datagram received.
const RECV_BUF: usize = 65_536;

/// Sockets and engine shared by the clients that use them (cheap to clone).
#[derive(Clone)]
pub struct Transport {
    pub(crate) shared: Arc<Shared>,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport").finish_non_exhaustive()
    }
}

pub(crate) struct Shared {
    state: Mutex<State>,
}

/// What a waiting request holds (small: the table has one per outstanding request, and
/// room for more).
struct Slot {
    result: Option<Outcome>,
    waker: Option<Waker>,
}

/// How a request ended, before it becomes the caller's `Result` (the error needs the
/// target address, which the waiting future keeps).
enum Outcome {
    Answer(RawPayload),
    /// An engine notification: `SNMPAPI_TL_TIMEOUT`, a Report's code…
    Event(u32),
    /// The TCP connection is gone, and why.
    Closed(String),
}

impl Outcome {
    fn into_result(self, to: SocketAddr) -> Result<RawPayload, Error> {
        match self {
            Self::Answer(p) => Ok(p),
            Self::Event(code) => Err(Error::from_event(code, to)),
            Self::Closed(why) => Err(Error::Io(why)),
        }
    }
}

enum Io {
    Udp {
        /// Each socket with its engine endpoint and its local address.
        sockets: Vec<(EndpointId, UdpSocket, SocketAddr)>,
        /// Datagrams the socket could not take yet.
        backlog: VecDeque<Transmit>,
    },
    Tcp {
        stream: TcpStream,
        peer: SocketAddr,
        local: SocketAddr,
        endpoints: Vec<EndpointId>,
        rx: Vec<u8>,
        tx: Vec<u8>,
        closed: Option<String>,
    },
}

struct State {
    engine: Engine<()>,
    session: HSession,
    io: Io,
    /// Waiting requests by request id (ids are ours: a fast hash is safe).
    slots: FxHashMap<i32, Slot>,
    /// Requests that may take over the driving when the driver completes: each waiting
    /// request with a waker is in here once (stale entries are skipped when popped).
    standby: VecDeque<i32>,
    /// The request whose task the sockets and the timer wake.
    driver: Option<i32>,
    sleep: Pin<Box<Sleep>>,
    armed: Option<Instant>,
    /// Receive slots: one of [`RECV_BUF`] octets, [`crate::udp::BATCH`] once the socket is
    /// busy (Linux).
    buf: Vec<u8>,
    /// What the last batched read put in each slot: length and sender.
    got: Vec<(usize, Option<SocketAddr>)>,
    hook: Option<PacketHook>,
    /// The next poll must drive: a request sent since the last drive is due before the
    /// armed timer (or none is armed), or a send failed (the engine then has an ending to
    /// deliver).
    must_drive: bool,
    /// Datagrams new requests left queued ([`State::may_defer_send`]) since the last send;
    /// the first woke the flusher task. Back to 0 whenever the queue is sent (by the
    /// flusher, a drive, or the request that fills a batch).
    deferred: usize,
    /// The waker of the transport's flusher task ([`flusher`]), once it has run: it sends
    /// the datagrams new requests left queued. `None`: every datagram leaves at once.
    flusher: Option<Waker>,
    /// The waker the sockets and the timer are watched with: it wakes the driver and one
    /// other waiting request (see [`Relay`]).
    relay: Arc<Relay>,
    relay_waker: Waker,
}

/// Wakes the request that drives and a second waiting one. The driver may be parked (its
/// task polled it once, then went on with something else and does not poll it when
/// woken): the second one then drives, so the requests already waiting are not stalled
/// behind it. When both are polled, the second finds the work done (a batch of answers
/// costs one extra poll, not one per answer).
#[derive(Default)]
struct Relay {
    wakers: Mutex<[Option<Waker>; 2]>,
    /// Woken since the last drive began: a socket may have something to read, or the
    /// timer is due.
    fired: AtomicBool,
}

impl Relay {
    /// Makes `backup` the second waker (`None`: none), the driver staying.
    fn set_backup(&self, backup: Option<&Waker>) {
        let mut w = self.wakers.lock().unwrap_or_else(PoisonError::into_inner);
        match backup {
            Some(b) if w[1].as_ref().is_some_and(|x| x.will_wake(b)) => {}
            Some(b) => w[1] = Some(b.clone()),
            None => w[1] = None,
        }
    }

    /// Makes `driver` the first waker, the second staying.
    fn set_driver(&self, driver: &Waker) {
        let mut w = self.wakers.lock().unwrap_or_else(PoisonError::into_inner);
        if !w[0].as_ref().is_some_and(|x| x.will_wake(driver)) {
            w[0] = Some(driver.clone());
        }
    }
}

impl std::task::Wake for Relay {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.fired.store(true, Ordering::Release);
        // Woken outside the lock: an executor may poll a woken future at once.
        let [a, b] = self
            .wakers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        for w in [a, b].into_iter().flatten() {
            w.wake();
        }
    }
}

fn lock(s: &Mutex<State>) -> MutexGuard<'_, State> {
    s.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A UDP socket bound to `bind`, non-blocking, IPv6 sockets IPv6-only.
fn udp_socket(bind: SocketAddr) -> io::Result<UdpSocket> {
    let domain = socket2::Domain::for_address(bind);
    let s = socket2::Socket::new(domain, socket2::Type::DGRAM, Some(socket2::Protocol::UDP))?;
    if bind.is_ipv6() {
        s.set_only_v6(true)?;
    }
    s.set_nonblocking(true)?;
    // Room for bursts of answers to pipelined requests.
    let _ = s.set_recv_buffer_size(4 << 20);
    s.bind(&bind.into())?;
    UdpSocket::from_std(s.into())
}

impl Transport {
    /// A transport with its own UDP sockets (one per address family; IPv6 only if the host
    /// has it), to be shared by any number of clients and targets. Needs a Tokio runtime.
    ///
    /// # Errors
    /// [`Error::Io`] when no socket can be opened.
    pub fn udp() -> Result<Self, Error> {
        let mut engine: Engine<()> = Engine::new(Limits::default());
        engine.startup(StartupKind::Startup)?;
        let mut sockets = Vec::new();
        let mut first_error = None;
        while let Some(ch) = engine.poll_endpoint() {
            if let EndpointChange::Open(spec) = ch {
                match udp_socket(spec.bind).and_then(|s| Ok((s.local_addr()?, s))) {
                    Ok((local, s)) => {
                        engine.endpoint_opened(spec.id, local);
                        sockets.push((spec.id, s, local));
                    }
                    Err(e) => {
                        first_error.get_or_insert(e);
                        engine.endpoint_failed(spec.id, winsnmp_engine::OpenError::Bind);
                    }
                }
            }
        }
        if sockets.is_empty() {
            return Err(Error::Io(format!(
                "cannot open a UDP socket: {}",
                first_error.map_or_else(|| "no address family".to_owned(), |e| e.to_string())
            )));
        }
        Self::with_io(
            engine,
            Io::Udp {
                sockets,
                backlog: VecDeque::new(),
            },
        )
    }

    /// A transport over one TCP connection to `peer` (RFC 3430), for one target.
    ///
    /// # Errors
    /// [`Error::Io`] when the connection fails.
    pub async fn tcp(peer: SocketAddr) -> Result<Self, Error> {
        let stream = TcpStream::connect(peer)
            .await
            .map_err(|e| Error::Io(format!("cannot connect to {peer}: {e}")))?;
        let _ = stream.set_nodelay(true);
        let local = stream.local_addr()?;
        let mut engine: Engine<()> = Engine::new(Limits::default());
        engine.startup(StartupKind::Startup)?;
        let mut endpoints = Vec::new();
        while let Some(ch) = engine.poll_endpoint() {
            if let EndpointChange::Open(spec) = ch {
                // Both families map onto the one connection.
                let addr = match spec.bind.ip() {
                    IpAddr::V4(_) if local.is_ipv4() => local,
                    IpAddr::V6(_) if local.is_ipv6() => local,
                    IpAddr::V4(_) => SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 0),
                    IpAddr::V6(_) => SocketAddr::new(IpAddr::V6(Ipv6Addr::UNSPECIFIED), 0),
                };
                engine.endpoint_opened(spec.id, addr);
                endpoints.push(spec.id);
            }
        }
        Self::with_io(
            engine,
            Io::Tcp {
                stream,
                peer,
                local,
                endpoints,
                rx: Vec::new(),
                tx: Vec::new(),
                closed: None,
            },
        )
    }

    fn with_io(mut engine: Engine<()>, io: Io) -> Result<Self, Error> {
        let session = engine.create_session(0, 0, Some(()))?;
        let relay = Arc::new(Relay::default());
        let udp = matches!(io, Io::Udp { .. });
        let transport = Self {
            shared: Arc::new(Shared {
                state: Mutex::new(State {
                    engine,
                    session,
                    io,
                    slots: FxHashMap::default(),
                    standby: VecDeque::new(),
                    driver: None,
                    sleep: Box::pin(tokio::time::sleep_until(tokio::time::Instant::now())),
                    armed: None,
                    must_drive: false,
                    deferred: 0,
                    flusher: None,
                    // Two slots: a read that fills only the first shows the socket empty,
                    // with no second read to learn it (pages no datagram touched stay
                    // unmapped).
                    buf: vec![0; 2 * RECV_BUF],
                    got: Vec::new(),
                    hook: None,
                    relay_waker: Waker::from(Arc::clone(&relay)),
                    relay,
                }),
            }),
        };
        if udp && let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(flusher(Arc::downgrade(&transport.shared)));
        }
        Ok(transport)
    }

    /// Whether this transport is a TCP connection.
    pub fn is_tcp(&self) -> bool {
        matches!(lock(&self.shared.state).io, Io::Tcp { .. })
    }

    /// Counters of the engine behind this transport (datagrams, retransmissions, drops…).
    pub fn stats(&self) -> winsnmp_engine::CommStats {
        lock(&self.shared.state).engine.comm_stats()
    }

    /// Requests waiting for an answer.
    pub fn outstanding(&self) -> usize {
        lock(&self.shared.state).slots.len()
    }

    /// Sets (or with `None` removes) the hook that sees every packet this transport sends
    /// or receives.
    pub fn set_packet_hook(&self, hook: Option<PacketHook>) {
        lock(&self.shared.state).hook = hook;
    }
}

/// What to send: a v1/v2c message the caller encodes once it knows the request id, or an
/// SNMPv3 PDU the engine seals.
pub(crate) enum Outgoing<'a> {
    /// Encodes the message with the given request id.
    Message(&'a mut dyn FnMut(i32) -> Result<Arc<[u8]>, Error>),
    /// The PDU (its request id is set here) and who to send it as.
    V3(&'a RawV3, PduData),
}

impl Shared {
    /// Starts a request to `to`; the returned future resolves with the answer.
    pub(crate) fn request(
        self: &Arc<Self>,
        to: SocketAddr,
        out: Outgoing<'_>,
        mut policy: RawPolicy,
    ) -> Result<Pending, Error> {
        let mut st = lock(&self.state);
        let st = &mut *st;
        if let Io::Tcp {
            closed: Some(why), ..
        } = &st.io
        {
            return Err(Error::Io(why.clone()));
        }
        if matches!(st.io, Io::Tcp { .. }) {
            policy.retries = 0;
        }
        let now = Instant::now();
        let due = now + winsnmp_engine::hundredths(policy.timeout_cs.max(1));
        if st.armed.is_none_or(|a| due < a) {
            st.must_drive = true;
        }
        let id = st.engine.generate_request_id();
        match out {
            Outgoing::Message(encode) => {
                let bytes = encode(id)?;
                st.engine
                    .send_raw(now, st.session, to, RequestId(id), bytes, policy)
                    .map_err(Error::from)?;
            }
            Outgoing::V3(v3, mut pdu) => {
                pdu.request_id = id;
                st.engine
                    .send_raw_v3(now, st.session, to, v3, &pdu, policy)
                    .map_err(Error::from)?;
            }
        }
        st.slots.insert(
            id,
            Slot {
                result: None,
                waker: None,
            },
        );
        if st.may_defer_send() && st.deferred + 1 < SEND_BATCH {
            // Left queued for the transport's flusher task, woken now (once until the queue
            // is sent): the requests made before it runs leave with this one, in one system
            // call. A full batch leaves at once (nothing more would join it, and the queue
            // stays small).
            st.deferred += 1;
            if st.deferred == 1
                && let Some(w) = &st.flusher
            {
                w.wake_by_ref();
            }
        } else {
            st.flush_without_context(now);
        }
        Ok(Pending {
            shared: Arc::clone(self),
            to,
            id,
            done: false,
        })
    }
}

impl Shared {
    /// Sends `bytes` to `to`, untracked (a trap: no answer comes), from the socket of
    /// `to`'s family, waiting until the socket takes it.
    pub(crate) async fn send_untracked(&self, to: SocketAddr, bytes: &[u8]) -> Result<(), Error> {
        loop {
            match self.try_send_untracked(to, bytes) {
                Err(Some(e)) => return Err(e),
                Err(None) => {
                    // Not writable yet (or full): wait for the socket.
                    futures_util::future::poll_fn(|cx| {
                        let st = lock(&self.state);
                        match &st.io {
                            Io::Udp { sockets, .. } => sockets
                                .iter()
                                .find(|(_, _, l)| l.is_ipv4() == to.is_ipv4())
                                .map_or(Poll::Ready(Ok(())), |(_, s, _)| s.poll_send_ready(cx)),
                            Io::Tcp { .. } => Poll::Ready(Ok(())),
                        }
                    })
                    .await
                    .map_err(|e| Error::Io(format!("cannot send to {to}: {e}")))?;
                }
                Ok(()) => return Ok(()),
            }
        }
    }

    /// One try of [`Shared::send_untracked`]: `Err(None)` when the socket would block.
    fn try_send_untracked(&self, to: SocketAddr, bytes: &[u8]) -> Result<(), Option<Error>> {
        let mut st = lock(&self.state);
        let st = &mut *st;
        match &mut st.io {
            Io::Udp { sockets, .. } => {
                let (_, sock, local) = sockets
                    .iter()
                    .find(|(_, _, l)| l.is_ipv4() == to.is_ipv4())
                    .ok_or_else(|| {
                        Some(Error::Io(format!("no socket for {to}'s address family")))
                    })?;
                match sock.try_send_to(bytes, to) {
                    Ok(_) => {}
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Err(None),
                    Err(e) => return Err(Some(Error::Io(format!("cannot send to {to}: {e}")))),
                }
                if let Some(h) = &st.hook {
                    h(&Packet {
                        direction: Direction::Sent,
                        protocol: Protocol::Udp,
                        peer: to,
                        local: *local,
                        bytes,
                    });
                }
                Ok(())
            }
            Io::Tcp {
                tx,
                closed,
                peer,
                local,
                ..
            } => {
                if let Some(why) = closed {
                    return Err(Some(Error::Io(why.clone())));
                }
                if let Some(h) = &st.hook {
                    h(&Packet {
                        direction: Direction::Sent,
                        protocol: Protocol::Tcp,
                        peer: *peer,
                        local: *local,
                        bytes,
                    });
                }
                tx.extend_from_slice(bytes);
                st.flush_without_context(Instant::now());
                Ok(())
            }
        }
    }

    /// Whether every queued TCP octet has been written (UDP: always).
    pub(crate) fn flushed(&self) -> bool {
        let st = lock(&self.state);
        match &st.io {
            Io::Udp { .. } => true,
            Io::Tcp { tx, closed, .. } => tx.is_empty() || closed.is_some(),
        }
    }
}

impl Drop for Shared {
    fn drop(&mut self) {
        // The flusher task ends at its next poll.
        let st = self.state.get_mut().unwrap_or_else(PoisonError::into_inner);
        if let Some(w) = st.flusher.take() {
            w.wake();
        }
    }
}

/// The flusher task of a UDP transport: when woken, sends the datagrams new requests left
/// queued ([`State::may_defer_send`]). A task of the transport's own, so that no request
/// (parked by its task, or dropped) can keep them from leaving. Ends with the transport.
async fn flusher(shared: Weak<Shared>) {
    std::future::poll_fn(|cx| {
        let Some(shared) = shared.upgrade() else {
            return Poll::Ready(());
        };
        let mut st = lock(&shared.state);
        if st.deferred > 0 {
            st.send_deferred();
        }
        if !st.flusher.as_ref().is_some_and(|w| w.will_wake(cx.waker())) {
            st.flusher = Some(cx.waker().clone());
        }
        Poll::Pending
    })
    .await;
}

/// A request waiting for its answer.
pub(crate) struct Pending {
    shared: Arc<Shared>,
    to: SocketAddr,
    id: i32,
    done: bool,
}

impl Future for Pending {
    type Output = Result<RawPayload, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let id = this.id;
        let mut guard = lock(&this.shared.state);
        let st = &mut *guard;
        if let Some(r) = st.take(id) {
            this.done = true;
            return Poll::Ready(r.into_result(this.to));
        }
        if let Some(slot) = st.slots.get_mut(&id) {
            match &slot.waker {
                Some(w) if w.will_wake(cx.waker()) => {}
                Some(_) => slot.waker = Some(cx.waker().clone()),
                None => {
                    slot.waker = Some(cx.waker().clone());
                    st.standby.push_back(id);
                    // Ids of completed requests wait in there until popped: compact now
                    // and then so they stay in proportion.
                    if st.standby.len() > 2 * st.slots.len() + 64 {
                        let slots = &st.slots;
                        st.standby
                            .retain(|i| slots.get(i).is_some_and(|s| s.result.is_none()));
                    }
                    if st.idle_since_driven(id) {
                        // A first poll with nothing to do: the request was sent, nothing
                        // came since the driver's last drive and the timer is armed early
                        // enough. The sockets and the timer now wake this request beside
                        // the driver, so a parked driver stalls nobody.
                        st.relay.set_backup(Some(cx.waker()));
                        return Poll::Pending;
                    }
                }
            }
        }
        // Any other poll drives and takes the driving over, even while another request
        // drives: that one may be parked (polled once, then not polled while its task does
        // something else), and it has not driven since something came.
        st.drive(cx, id);
        // The sockets and the timer now wake this task: it is the driver, and if it
        // completes below, `take` hands the driving over to a request still waiting
        // (were another request left as the driver, nobody would be woken any more).
        st.driver = Some(id);
        if let Some(r) = st.take(id) {
            this.done = true;
            return Poll::Ready(r.into_result(this.to));
        }
        Poll::Pending
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        let mut st = lock(&self.shared.state);
        if st.slots.remove(&self.id).is_some() {
            let (session, id) = (st.session, self.id);
            let _ = st.engine.cancel_msg(session, id);
        }
        // This request drives, or the driving is being handed over, perhaps to this very
        // request (woken, not yet polled): wake the next one, or nobody would drive.
        if st.driver.is_none_or(|d| d == self.id) {
            st.driver = None;
            st.wake_next();
        }
    }
}

impl State {
    /// Whether a drive now, by request `me`, would find nothing to do: another request
    /// drives, no socket or timer woke the relay since that one's last drive began, the
    /// timer needs no earlier deadline, no send failed and nothing waits to be sent (UDP;
    /// a TCP write may need the relay registered for writability).
    fn idle_since_driven(&self, me: i32) -> bool {
        self.driver.is_some_and(|d| d != me)
            && !self.must_drive
            && !self.relay.fired.load(Ordering::Acquire)
            && matches!(&self.io, Io::Udp { backlog, .. } if backlog.is_empty())
    }

    /// Sends the datagrams new requests left queued ([`State::may_defer_send`]); a full
    /// socket wakes the relay when it drains.
    fn send_deferred(&mut self) {
        let relay = self.relay_waker.clone();
        self.send_queued(&mut Context::from_waker(&relay), Instant::now());
    }

    /// Whether a new request's datagram may wait for the flusher task instead of leaving
    /// at once: the task runs (UDP only) and at least [`DEFER_FROM`] requests wait. The
    /// requests made before the task is polled (those the same batch of answers let a
    /// pipelining manager make, the task being scheduled after their tasks, or after the
    /// rest of their own task's poll) then leave together, in one `sendmmsg`, for one
    /// wake-up and poll of the task; with fewer waiting, answers come (and new requests
    /// are made) a few at a time, and that would cost more than the system calls saved.
    fn may_defer_send(&self) -> bool {
        self.flusher.is_some() && self.slots.len() >= DEFER_FROM
    }

    /// The result of request `id`, if it came; the request is then forgotten.
    fn take(&mut self, id: i32) -> Option<Outcome> {
        // One lookup: the slot is removed through its entry.
        let Entry::Occupied(mut e) = self.slots.entry(id) else {
            return None;
        };
        let r = e.get_mut().result.take()?;
        e.remove();
        self.hand_over(id);
        Some(r)
    }

    /// Request `id` stops driving: another waiting request takes over.
    fn hand_over(&mut self, id: i32) {
        if self.driver == Some(id) {
            self.driver = None;
            self.wake_next();
        }
    }

    /// Wakes the first request still waiting, to take over the driving (amortised O(1):
    /// each id leaves the standby queue once).
    fn wake_next(&mut self) {
        while let Some(next) = self.standby.pop_front() {
            if let Some(slot) = self.slots.get(&next)
                && slot.result.is_none()
                && let Some(w) = &slot.waker
            {
                w.wake_by_ref();
                self.standby.push_front(next);
                break;
            }
        }
    }

    fn complete(&mut self, id: i32, r: impl FnOnce() -> Outcome, me: i32) {
        if let Some(slot) = self.slots.get_mut(&id)
            && slot.result.is_none()
        {
            slot.result = Some(r());
            if id != me
                && let Some(w) = &slot.waker
            {
                w.wake_by_ref();
            }
        }
    }

    /// Sends what the engine queued, with no task to wake on a full socket (the next poll
    /// retries).
    fn flush_without_context(&mut self, now: Instant) {
        let waker = Waker::noop();
        let mut cx = Context::from_waker(waker);
        self.send_queued(&mut cx, now);
    }

    /// Receives what is ready, runs the timers, sends, completes; `me` is the polling
    /// request.
    fn drive(&mut self, cx: &mut Context<'_>, me: i32) {
        // The sockets and the timer wake the relay: this request, and another one still
        // waiting, chosen once the answers that came are handed out (below).
        self.relay.set_driver(cx.waker());
        // Cleared before the sockets are read: a wake-up from now on is seen by the next
        // poll.
        self.relay.fired.store(false, Ordering::Release);
        self.must_drive = false;
        let relay = self.relay_waker.clone();
        let cx = &mut Context::from_waker(&relay);
        for round in 0..64 {
            let now = Instant::now();
            self.receive(cx, now);
            self.engine.handle_timeout(now);
            self.send_queued(cx, now);
            while let Some(r) = self.engine.poll_raw() {
                self.complete(r.request_id.0, || Outcome::Answer(r.payload), me);
            }
            while let Some(ev) = self.engine.poll_event() {
                if ev.wparam != 0 {
                    self.complete(ev.lparam, || Outcome::Event(ev.wparam), me);
                }
            }
            if let Io::Tcp {
                closed: Some(why), ..
            } = &self.io
            {
                let why = why.clone();
                let ids: Vec<i32> = self.slots.keys().copied().collect();
                for id in ids {
                    self.complete(id, || Outcome::Closed(why.clone()), me);
                }
            }
            // When nothing waits, the timer stays armed for its deadline (it then fires
            // once, finding nothing due): a next request with a later deadline needs no
            // re-arming, so one request at a time does not reset the timer per request.
            if let Some(deadline) = self.engine.poll_timeout() {
                // Re-armed only for an earlier deadline: each new request's timeout is
                // later than the one armed, and a timer that fires early just re-arms
                // (a walk resets the timer about once per timeout, not per request).
                if self.armed.is_none_or(|a| deadline < a) {
                    self.sleep
                        .as_mut()
                        .reset(tokio::time::Instant::from_std(deadline));
                    self.armed = Some(deadline);
                }
                if self.sleep.as_mut().poll(cx).is_ready() {
                    self.armed = None;
                    if round == 63 {
                        // Still due after every round: poll again soon (the timer
                        // would not wake this task).
                        cx.waker().wake_by_ref();
                    }
                    continue;
                }
            }
            break;
        }
        // The second waker: a request still waiting once this drive's answers are handed
        // out (one chosen before could have been answered in this very drive, and this
        // one may complete and hand over to a request its task parked: a later answer
        // would then wake nobody who drives).
        self.relay.set_backup(self.second_waker(me));
    }

    /// The waker of a request still waiting other than `me`, to be the relay's second:
    /// the newest in line first (the oldest may be a request its task parked long ago;
    /// a few stale ids may sit at either end of the standby queue).
    fn second_waker(&self, me: i32) -> Option<&Waker> {
        let waiting = |i: &i32| {
            if *i == me {
                return None;
            }
            self.slots
                .get(i)
                .filter(|s| s.result.is_none())
                .and_then(|s| s.waker.as_ref())
        };
        self.standby
            .iter()
            .rev()
            .take(8)
            .find_map(waiting)
            .or_else(|| self.standby.iter().take(8).find_map(waiting))
    }

    fn receive(&mut self, cx: &mut Context<'_>, now: Instant) {
        match &mut self.io {
            Io::Udp { sockets, .. } => {
                for (ep, sock, local) in sockets.iter() {
                    // Bounded: a flood cannot keep one poll here forever.
                    #[cfg(any(target_os = "linux", target_os = "android"))]
                    {
                        use crate::udp::{BATCH, SLOT};
                        let mut reads = 0;
                        for pass in 0..1024 / BATCH {
                            match sock.poll_recv_ready(cx) {
                                Poll::Ready(Ok(())) => {}
                                Poll::Ready(Err(_)) | Poll::Pending => break,
                            }
                            if pass == 1024 / BATCH - 1 {
                                // The last read of this poll, the socket still ready: the
                                // socket would not wake this task for what is left.
                                cx.waker().wake_by_ref();
                            }
                            let (buf, got) = (&mut self.buf, &mut self.got);
                            let room = (buf.len() / SLOT).min(BATCH);
                            let mut drained = false;
                            let read = sock.try_io(tokio::io::Interest::READABLE, || {
                                crate::udp::recv_batch(sock, local.is_ipv6(), buf, got)?;
                                // Fewer datagrams than slots: the socket is empty. Saying
                                // WouldBlock clears its readiness now (a datagram come since
                                // is not lost: tokio keeps readiness newer than this read),
                                // instead of a second read to find it empty.
                                if got.len() < room {
                                    drained = true;
                                    return Err(io::ErrorKind::WouldBlock.into());
                                }
                                Ok(())
                            });
                            // Nothing more (the socket is then watched again), or an ICMP
                            // error for an earlier send (that request times out).
                            if read.is_err() && !drained {
                                continue;
                            }
                            for (i, &(n, from)) in self.got.iter().enumerate() {
                                let Some(from) = from else { continue };
                                let bytes = &self.buf[i * SLOT..i * SLOT + n];
                                show_received(self.hook.as_ref(), from, *local, bytes);
                                self.engine.handle_datagram(now, *ep, from, bytes);
                            }
                            // A second read in one pass: a busy socket, read in full
                            // batches from now on (a transport that waits for one answer
                            // at a time keeps two slots).
                            reads += 1;
                            if reads > 1 && self.buf.len() < BATCH * SLOT {
                                self.buf.resize(BATCH * SLOT, 0);
                            }
                        }
                    }
                    #[cfg(not(any(target_os = "linux", target_os = "android")))]
                    for pass in 0..1024 {
                        if pass == 1023 {
                            // The last read of this poll: what is left wakes no one.
                            cx.waker().wake_by_ref();
                        }
                        let mut rb = ReadBuf::new(&mut self.buf);
                        match sock.poll_recv_from(cx, &mut rb) {
                            Poll::Ready(Ok(from)) => {
                                let n = rb.filled().len();
                                show_received(self.hook.as_ref(), from, *local, &self.buf[..n]);
                                self.engine.handle_datagram(now, *ep, from, &self.buf[..n]);
                            }
                            // An ICMP error for an earlier send: the request times out.
                            Poll::Ready(Err(_)) => {}
                            Poll::Pending => break,
                        }
                    }
                }
            }
            Io::Tcp {
                stream,
                peer,
                local,
                endpoints,
                rx,
                closed,
                ..
            } => {
                if closed.is_some() {
                    return;
                }
                loop {
                    let mut rb = ReadBuf::new(&mut self.buf);
                    match Pin::new(&mut *stream).poll_read(cx, &mut rb) {
                        Poll::Ready(Ok(())) if rb.filled().is_empty() => {
                            *closed = Some(format!("{peer} closed the connection"));
                            break;
                        }
                        Poll::Ready(Ok(())) => {
                            let n = rb.filled().len();
                            rx.extend_from_slice(&self.buf[..n]);
                        }
                        Poll::Ready(Err(e)) => {
                            *closed = Some(format!("connection to {peer}: {e}"));
                            break;
                        }
                        Poll::Pending => break,
                    }
                }
                let ep = endpoints[usize::from(peer.is_ipv6()).min(endpoints.len() - 1)];
                let mut used = 0;
                while let Some(len) = frame_len(&rx[used..]) {
                    if len > RECV_BUF {
                        *closed = Some(format!("{peer} sent a message of {len} octets"));
                        break;
                    }
                    if rx.len() - used < len {
                        break;
                    }
                    if let Some(h) = &self.hook {
                        h(&Packet {
                            direction: Direction::Received,
                            protocol: Protocol::Tcp,
                            peer: *peer,
                            local: *local,
                            bytes: &rx[used..used + len],
                        });
                    }
                    self.engine
                        .handle_datagram(now, ep, *peer, &rx[used..used + len]);
                    used += len;
                }
                rx.drain(..used);
            }
        }
    }

    fn send_queued(&mut self, cx: &mut Context<'_>, now: Instant) {
        self.deferred = 0;
        match &mut self.io {
            Io::Udp { sockets, backlog } => {
                loop {
                    // Up to a batch at a time from the engine's queue (the backlog, which
                    // keeps what a full socket did not take, stays that small).
                    while backlog.len() < SEND_BATCH
                        && let Some(t) = self.engine.poll_transmit()
                    {
                        backlog.push_back(t);
                    }
                    let Some(first) = backlog.front() else { break };
                    let Some((_, sock, local)) = sockets.iter().find(|(id, ..)| *id == first.local)
                    else {
                        if let Some(t) = backlog.pop_front() {
                            self.engine.handle_send_error(now, &t);
                        }
                        self.must_drive = true;
                        continue;
                    };
                    // The datagrams that leave from this socket next go out together.
                    let queued = backlog.make_contiguous();
                    let run = queued
                        .iter()
                        .position(|t| t.local != queued[0].local)
                        .unwrap_or(queued.len());
                    let sent = send_run(sock, &queued[..run]);
                    match sent {
                        Ok(n) => {
                            for t in backlog.drain(..n) {
                                if let Some(h) = &self.hook {
                                    h(&Packet {
                                        direction: Direction::Sent,
                                        protocol: Protocol::Udp,
                                        peer: t.to,
                                        local: *local,
                                        bytes: &t.bytes,
                                    });
                                }
                            }
                        }
                        Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                            let _ = sock.poll_send_ready(cx);
                            break;
                        }
                        Err(_) => {
                            if let Some(t) = backlog.pop_front() {
                                self.engine.handle_send_error(now, &t);
                            }
                            self.must_drive = true;
                        }
                    }
                }
            }
            Io::Tcp {
                stream,
                tx,
                closed,
                peer,
                local,
                ..
            } => {
                while let Some(t) = self.engine.poll_transmit() {
                    if t.to == *peer {
                        if let Some(h) = &self.hook {
                            h(&Packet {
                                direction: Direction::Sent,
                                protocol: Protocol::Tcp,
                                peer: *peer,
                                local: *local,
                                bytes: &t.bytes,
                            });
                        }
                        tx.extend_from_slice(&t.bytes);
                    } else {
                        self.engine.handle_send_error(now, &t);
                    }
                }
                while !tx.is_empty() && closed.is_none() {
                    match Pin::new(&mut *stream).poll_write(cx, tx) {
                        Poll::Ready(Ok(0)) => {
                            *closed = Some(format!("{peer} closed the connection"));
                        }
                        Poll::Ready(Ok(n)) => {
                            tx.drain(..n);
                        }
                        Poll::Ready(Err(e)) => {
                            *closed = Some(format!("connection to {peer}: {e}"));
                        }
                        Poll::Pending => break,
                    }
                }
            }
        }
    }
}

/// Shows a UDP datagram `local` received from `peer` to the packet hook, if one is set.
fn show_received(hook: Option<&PacketHook>, peer: SocketAddr, local: SocketAddr, bytes: &[u8]) {
    if let Some(h) = hook {
        h(&Packet {
            direction: Direction::Received,
            protocol: Protocol::Udp,
            peer,
            local,
            bytes,
        });
    }
}

/// Sends the first datagrams of `run` (all from `sock`): how many went, at least one; the
/// first one's error when none did (`WouldBlock`: the socket's buffer is full, and its
/// readiness is cleared so the transport waits for it).
fn send_run(sock: &UdpSocket, run: &[Transmit]) -> io::Result<usize> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    if run.len() > 1 {
        return sock.try_io(tokio::io::Interest::WRITABLE, || {
            crate::udp::send_batch(sock, run)
        });
    }
    let t = run.first().ok_or(io::ErrorKind::InvalidInput)?;
    sock.try_send_to(&t.bytes, t.to).map(|_| 1)
}

/// The length of the BER message at the start of `buf` (tag, length octets and content),
/// when its header is complete.
fn frame_len(buf: &[u8]) -> Option<usize> {
    let (&tag, rest) = buf.split_first()?;
    if tag != 0x30 {
        // Not an SNMP message: take the whole buffer as one bad datagram.
        return Some(buf.len());
    }
    let (&first, rest) = rest.split_first()?;
    if first < 0x80 {
        return Some(2 + usize::from(first));
    }
    let n = usize::from(first & 0x7f);
    if n == 0 || n > 4 {
        return Some(buf.len());
    }
    let bytes = rest.get(..n)?;
    let len = bytes.iter().fold(0usize, |a, b| (a << 8) | usize::from(*b));
    Some(2 + n + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames() {
        assert_eq!(frame_len(&[]), None);
        assert_eq!(frame_len(&[0x30]), None);
        assert_eq!(frame_len(&[0x30, 0x03, 1]), Some(5));
        assert_eq!(frame_len(&[0x30, 0x82, 0x01]), None);
        assert_eq!(frame_len(&[0x30, 0x82, 0x01, 0x00]), Some(260));
        assert_eq!(frame_len(&[0x04, 0x01]), Some(2), "garbage taken whole");
    }
}
