//! The driver: the one thread that waits on every socket and on the clock, and the only
//! code that does I/O for the engine.
//!
//! # Shape
//! The runtime is one [`Core`] behind a mutex: the engine and the [`Net`] (the sockets,
//! the `mio` registry and waker). The driver thread owns the `mio::Poll` and loops:
//!
//! ```text
//!   lock ─ deadline = engine.poll_timeout() ─ unlock
//!   poll(sockets + waker, until deadline)
//!   lock ─ recv every ready socket → engine.handle_datagram_to(now, endpoint, from,
//!          local IP it arrived on (wildcard sockets), bytes)
//!        ─ engine.handle_timeout(now)
//!        ─ engine.poll_endpoint() → open/close sockets; engine.poll_transmit() → send_to
//!        ─ engine.poll_event() → the session's delivery queue ─ unlock
//! ```
//!
//! The driver never runs a callback: the callback threads of the `delivery` module do, so a
//! callback that takes its time delays neither I/O nor timers (nor other sessions).
//!
//! API calls that create transmits or move the deadline (`SnmpSendMsg`, `SnmpCancelMsg`,
//! `SnmpClose`…) wake the thread through the `mio::Waker`; calls that open or close sockets
//! (`SnmpListen`, `SnmpRegister`, `SnmpClose`, `SnmpFreeEntity`, cleanup) do it at once,
//! under the runtime lock, so a bind error is that call's error.
//!
//! # Why mio
//! Thousands of outstanding requests, a trap socket and any number of listening entities
//! must be served by one thread with one deadline: `mio` gives readiness on all of them
//! and a timeout in one call, plus a waker, with no async runtime. A std-only design
//! would need a thread per socket or busy polling. `socket2` gives what std cannot:
//! separate socket creation and bind errors (`SNMPAPI_TL_RESOURCE_ERROR` vs
//! `SNMPAPI_TL_OTHER`), `IPV6_V6ONLY` (the IPv4 and IPv6 sockets are separate) and buffer
//! sizes. No `SO_REUSEADDR`: a port already bound elsewhere must fail (item 97).
//!
//! # No notification after `SnmpClose`
//! See the `delivery` module: a per-session gate there makes `SnmpClose` wait for that
//! session's callback in progress (only that session's), and no callback of a session
//! starts once its close has begun.

use std::collections::{HashMap, HashSet};
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use mio::net::UdpSocket;
use mio::{Events, Interest, Poll, Registry, Token, Waker};
use socket2::{Domain, Protocol, Socket, Type};
use winsnmp_engine::{EndpointChange, EndpointId, EndpointSpec, Engine, OpenError, SnmpApiError};

use crate::api::SessionNotify;
use crate::delivery::DELIVERY;

const WAKER: Token = Token(usize::MAX);
/// Datagrams read from one socket per wake-up before the others get their turn.
const READ_BUDGET: usize = 256;
/// Socket buffer sizes asked for (the kernel may give less).
const SOCKET_BUFFER: usize = 1 << 20;

/// The process-wide runtime: the engine and its sockets.
pub(crate) struct Core {
    pub(crate) engine: Engine<SessionNotify>,
    pub(crate) net: Option<Net>,
}

/// The sockets of a running driver.
pub(crate) struct Net {
    registry: Registry,
    waker: Arc<Waker>,
    sockets: HashMap<EndpointId, UdpSocket>,
    /// Sockets bound to the wildcard address (the shared and trap sockets, `SnmpListenEx`
    /// with `SNMPLISTEN_ALL_ADDR`).
    wildcard: HashSet<EndpointId>,
    /// Peer IP → the local IP the OS sends to it from (see [`Net::arrival_ip`]).
    routes: HashMap<IpAddr, Option<IpAddr>>,
    /// What the driver thread is doing: `None` while it works (it looks at the engine's
    /// deadline again before it sleeps), `Some(until)` once it has decided to sleep until
    /// `until` (`None`: until a socket is readable). Written under the runtime lock.
    sleep: Option<Option<Instant>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// Most peers whose route source is remembered; the cache starts over beyond that.
const ROUTE_CACHE: usize = 4096;

/// The local IP address the OS picks to send to `to` (a route lookup: a UDP socket
/// `connect`ed to it sends nothing), or `None` when there is no route.
fn route_source(to: SocketAddr) -> Option<IpAddr> {
    let any: SocketAddr = if to.is_ipv4() {
        (Ipv4Addr::UNSPECIFIED, 0).into()
    } else {
        (Ipv6Addr::UNSPECIFIED, 0).into()
    };
    let probe = std::net::UdpSocket::bind(any).ok()?;
    probe.connect(to).ok()?;
    let ip = probe.local_addr().ok()?.ip();
    (!ip.is_unspecified()).then_some(ip)
}

/// While set, starting the driver fails as if the OS had refused (no file descriptor for
/// the poll or the waker, no thread): set by [`crate::api::simulate_driver_start_failure`].
pub(crate) static FAIL_START: AtomicBool = AtomicBool::new(false);

impl Core {
    /// Starts the driver thread if it is not running.
    ///
    /// # Errors
    /// Why the poll, its waker or the thread could not be created.
    pub(crate) fn start_driver(&mut self) -> io::Result<()> {
        if self.net.is_some() {
            return Ok(());
        }
        if FAIL_START.load(Ordering::SeqCst) {
            return Err(io::Error::other("simulated failure"));
        }
        self.net = Some(Net::start()?);
        Ok(())
    }

    /// Stops the driver: closes every socket (ports are free when this returns) and
    /// returns the thread to join once the runtime lock is released.
    pub(crate) fn stop_driver(&mut self) -> Option<JoinHandle<()>> {
        let mut net = self.net.take()?;
        net.stop.store(true, Ordering::SeqCst);
        let _ = net.waker.wake();
        for (_, mut s) in net.sockets.drain() {
            let _ = net.registry.deregister(&mut s);
        }
        net.thread.take()
    }

    /// Hands the engine's pending events to their sessions' delivery queues (done under the
    /// runtime lock, so an event cannot reach a queue after its session's close).
    pub(crate) fn hand_over_events(&mut self) {
        while let Some(ev) = self.engine.poll_event() {
            DELIVERY.push(ev);
        }
    }

    /// After an API call changed the engine: hands its events to their sessions and wakes
    /// the driver if it sleeps past the engine's new deadline. Most calls do not wake it: a
    /// request's timer is later than the ones already running, and a busy driver looks at
    /// the deadline before it sleeps again (one eventfd write and a wasted loop per
    /// `SnmpSendMsg` was a third of a pipelined manager's CPU).
    pub(crate) fn wake(&mut self) {
        self.hand_over_events();
        let Some(n) = &mut self.net else { return };
        let Some(until) = n.sleep else { return };
        let due = self.engine.poll_timeout();
        let earlier = match (due, until) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(d), Some(u)) => d < u,
        };
        if earlier {
            n.sleep = None;
            let _ = n.waker.wake();
        }
    }

    /// Carries out the engine's endpoint changes; returns the first error an `Open` that
    /// was asked for by the current call produced.
    pub(crate) fn sync(&mut self) -> Option<SnmpApiError> {
        let mut first = None;
        while let Some(ch) = self.engine.poll_endpoint() {
            match ch {
                EndpointChange::Open(spec) => {
                    let r = match &mut self.net {
                        Some(net) => net.open(spec),
                        None => Err(OpenError::Socket),
                    };
                    match r {
                        Ok(local) => self.engine.endpoint_opened(spec.id, local),
                        Err(why) => {
                            if let Some(e) = self.engine.endpoint_failed(spec.id, why) {
                                first.get_or_insert(e);
                            }
                        }
                    }
                }
                EndpointChange::Close(id) => {
                    if let Some(net) = &mut self.net {
                        net.close(id);
                    }
                }
            }
        }
        first
    }

    /// Sends every queued datagram. One that cannot be sent now (full buffer) is dropped:
    /// the retransmission policy covers requests. One the OS refuses (no route, host or
    /// network unreachable, address not available) ends its request with
    /// `SNMPAPI_TL_UNDELIVERABLE`.
    ///
    /// Called by the driver thread and by every API call that changed the engine, so a
    /// datagram leaves in the caller's `SnmpSendMsg` (a trap sent just before
    /// `SnmpCleanup` is not lost with the driver).
    pub(crate) fn flush(&mut self) {
        let now = Instant::now();
        while let Some(t) = self.engine.poll_transmit() {
            let Some(s) = self.net.as_ref().and_then(|n| n.sockets.get(&t.local)) else {
                continue;
            };
            if let Err(e) = s.send_to(&t.bytes, t.to)
                && matches!(
                    e.kind(),
                    io::ErrorKind::NetworkUnreachable
                        | io::ErrorKind::HostUnreachable
                        | io::ErrorKind::AddrNotAvailable
                        | io::ErrorKind::PermissionDenied
                        | io::ErrorKind::InvalidInput
                )
            {
                self.engine.handle_send_error(now, &t);
            }
        }
    }
}

impl Net {
    fn start() -> io::Result<Self> {
        let poll = Poll::new()?;
        let registry = poll.registry().try_clone()?;
        let waker = Arc::new(Waker::new(poll.registry(), WAKER)?);
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        // The thread keeps the waker alive: its eventfd must stay registered until the
        // thread has seen the wake-up that stops it.
        let keep = Arc::clone(&waker);
        let thread = std::thread::Builder::new()
            .name("winsnmp-driver".to_owned())
            .spawn(move || run(poll, &flag, &keep))?;
        Ok(Self {
            registry,
            waker,
            sockets: HashMap::new(),
            wildcard: HashSet::new(),
            routes: HashMap::new(),
            sleep: None,
            stop,
            thread: Some(thread),
        })
    }

    fn open(&mut self, spec: EndpointSpec) -> Result<SocketAddr, OpenError> {
        let domain = if spec.bind.is_ipv4() {
            Domain::IPV4
        } else {
            Domain::IPV6
        };
        let sock =
            Socket::new(domain, Type::DGRAM, Some(Protocol::UDP)).map_err(|_| OpenError::Socket)?;
        if spec.bind.is_ipv6() {
            sock.set_only_v6(true).map_err(|_| OpenError::Socket)?;
        }
        sock.set_nonblocking(true).map_err(|_| OpenError::Socket)?;
        let _ = sock.set_recv_buffer_size(SOCKET_BUFFER);
        let _ = sock.set_send_buffer_size(SOCKET_BUFFER);
        sock.bind(&spec.bind.into()).map_err(|_| OpenError::Bind)?;
        let std: std::net::UdpSocket = sock.into();
        let local = std.local_addr().map_err(|_| OpenError::Bind)?;
        let mut udp = UdpSocket::from_std(std);
        self.registry
            .register(&mut udp, Token(spec.id.0 as usize), Interest::READABLE)
            .map_err(|_| OpenError::Socket)?;
        self.sockets.insert(spec.id, udp);
        if local.ip().is_unspecified() {
            self.wildcard.insert(spec.id);
        }
        Ok(local)
    }

    fn close(&mut self, id: EndpointId) {
        self.wildcard.remove(&id);
        if let Some(mut s) = self.sockets.remove(&id) {
            let _ = self.registry.deregister(&mut s);
        }
    }

    /// The local IP a datagram from `from` arrived on, for a socket bound to the wildcard
    /// address (`None` for one bound to an address: that address is the answer).
    ///
    /// Without `IP_PKTINFO` (which neither std nor mio offer) the destination address of a
    /// datagram is not known; the address the OS sends from towards `from` is used instead.
    /// For a response it is exact: the agent answered the request, which left from that
    /// address. For a trap it is the address the sender's packets are routed back to,
    /// which on a host with one address per network is where they arrived (127.0.0.1 over
    /// loopback). Looked up once per peer and remembered.
    fn arrival_ip(&mut self, id: EndpointId, from: SocketAddr) -> Option<IpAddr> {
        if !self.wildcard.contains(&id) {
            return None;
        }
        if let Some(ip) = self.routes.get(&from.ip()) {
            return *ip;
        }
        if self.routes.len() >= ROUTE_CACHE {
            self.routes.clear();
        }
        let ip = route_source(from);
        self.routes.insert(from.ip(), ip);
        ip
    }
}

/// Locks the runtime.
pub(crate) fn lock() -> MutexGuard<'static, Core> {
    crate::api::RUNTIME
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
}

fn run(mut poll: Poll, stop: &AtomicBool, _waker: &Waker) {
    let mut events = Events::with_capacity(256);
    let mut buf = vec![0u8; 65536];
    let mut backlog: Vec<EndpointId> = Vec::new();
    loop {
        let timeout = {
            let mut core = lock();
            if stop.load(Ordering::SeqCst) {
                return;
            }
            let until = if backlog.is_empty() {
                core.engine.poll_timeout()
            } else {
                Some(Instant::now())
            };
            if let Some(net) = &mut core.net {
                net.sleep = Some(until);
            }
            until.map(|d| d.saturating_duration_since(Instant::now()))
        };
        if let Err(e) = poll.poll(&mut events, timeout) {
            if e.kind() != io::ErrorKind::Interrupted {
                eprintln!("winsnmp: driver poll failed: {e}");
                std::thread::sleep(Duration::from_millis(10));
            }
            continue;
        }
        let mut ready: Vec<EndpointId> = std::mem::take(&mut backlog);
        ready.extend(
            events
                .iter()
                .map(mio::event::Event::token)
                .filter(|t| *t != WAKER)
                .filter_map(|t| u32::try_from(t.0).ok().map(EndpointId)),
        );
        ready.sort_unstable();
        ready.dedup();
        {
            let mut guard = lock();
            if stop.load(Ordering::SeqCst) {
                return;
            }
            let now = Instant::now();
            let core = &mut *guard;
            if let Some(net) = &mut core.net {
                net.sleep = None;
            }
            for id in ready {
                let mut budget = READ_BUDGET;
                while let Some(sock) = core.net.as_ref().and_then(|n| n.sockets.get(&id)) {
                    if budget == 0 {
                        backlog.push(id);
                        break;
                    }
                    budget -= 1;
                    match sock.recv_from(&mut buf) {
                        Ok((n, from)) => {
                            let to_ip = core.net.as_mut().and_then(|n| n.arrival_ip(id, from));
                            core.engine
                                .handle_datagram_to(now, id, from, to_ip, &buf[..n]);
                        }
                        Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                        // ICMP errors reported on the socket and the like: keep reading.
                        Err(_) => {}
                    }
                }
            }
            core.engine.handle_timeout(now);
            core.sync();
            core.flush();
            core.hand_over_events();
        }
    }
}
