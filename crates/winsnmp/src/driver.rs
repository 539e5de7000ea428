//! The driver: the runtime's sockets and the I/O cycle, done by whichever thread holds
//! the poller role (see the `poller` module): the driver thread, or a callback thread
//! between callbacks.
//!
//! # Shape
//! The runtime is one [`Core`] behind a mutex: the engine and the [`Net`] (the sockets,
//! the `mio` registry, the poller slot with its waker). The holder of the poller role
//! owns the `mio::Poll` and runs cycles:
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
//! No callback runs inside a cycle: callbacks run on the callback threads of the
//! `delivery` module with no lock held, after the thread gave the role up; the driver
//! thread takes it over when a callback keeps it away too long, so a callback that takes
//! its time delays I/O and timers by at most `poller::LONG_WATCH` (and other sessions not at
//! all: their callbacks run on other threads).
//!
//! API calls that move the deadline earlier than the poller's sleep (`SnmpSendMsg` to an
//! idle runtime…) wake it through the `mio::Waker`; a request sent from a callback, or
//! behind others with the same timeout, does not. A datagram leaves in the caller's own
//! `SnmpSendMsg`, or, sent from a callback, as soon as the callback thread has run the
//! callbacks ready (all their datagrams in one `sendmmsg`). Calls that open or close
//! sockets (`SnmpListen`, `SnmpRegister`, `SnmpClose`, `SnmpFreeEntity`, cleanup) do it at
//! once, under the runtime lock, so a bind error is that call's error.
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

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Instant;

use mio::net::UdpSocket;
use mio::{Interest, Registry, Token};
use rustc_hash::{FxHashMap, FxHashSet};
use socket2::{Domain, Protocol, Socket, Type};
use winsnmp_engine::{
    EndpointChange, EndpointId, EndpointSpec, Engine, OpenError, SnmpApiError, Transmit,
};

use crate::api::SessionNotify;
use crate::delivery::DELIVERY;
use crate::poller::PollerSlot;

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
    /// The poller role and the waker (see the `poller` module).
    slot: Arc<PollerSlot>,
    sockets: FxHashMap<EndpointId, UdpSocket>,
    /// Sockets bound to the wildcard address (the shared and trap sockets, `SnmpListenEx`
    /// with `SNMPLISTEN_ALL_ADDR`).
    wildcard: FxHashSet<EndpointId>,
    /// Sockets of the IPv6 family.
    v6: FxHashSet<EndpointId>,
    /// Peer IP → the local IP the OS sends to it from (see [`Net::arrival_ip`]).
    routes: HashMap<IpAddr, Option<IpAddr>>,
    /// The last peer looked up in `routes` and its answer (most datagrams come from the
    /// peer before them).
    last_route: Option<(IpAddr, Option<IpAddr>)>,
    /// What the driver thread is doing: `None` while it works (it looks at the engine's
    /// deadline again before it sleeps), `Some(until)` once it has decided to sleep until
    /// `until` (`None`: until a socket is readable). Written under the runtime lock.
    pub(crate) sleep: Option<Option<Instant>>,
    thread: Option<JoinHandle<()>>,
    /// The datagrams of the flush in progress, and which of them failed (kept to reuse
    /// their memory).
    batch: Vec<Transmit>,
    failed: Vec<usize>,
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
        // What a callback sent just before (its datagrams wait for the callback to return,
        // see `delivery`) leaves before the sockets close.
        self.flush();
        let mut net = self.net.take()?;
        net.slot.stop();
        DELIVERY.set_poller(None);
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
            let _ = n.slot.waker.wake();
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

    /// Sends every queued datagram, those of one socket together (`sendmmsg`). One that
    /// cannot be sent now (full buffer) is dropped: the retransmission policy covers
    /// requests. One the OS refuses (no route, host or network unreachable, address not
    /// available) ends its request with `SNMPAPI_TL_UNDELIVERABLE`.
    ///
    /// Called by every I/O cycle and by the API calls that changed the engine, so a
    /// datagram leaves in the caller's `SnmpSendMsg`; when that caller is a callback, once
    /// its thread has run the callbacks ready (see `delivery`). The final cleanup flushes
    /// before it closes the sockets (a trap sent just before `SnmpCleanup` is not lost).
    pub(crate) fn flush(&mut self) {
        let Some(net) = &mut self.net else {
            while self.engine.poll_transmit().is_some() {}
            return;
        };
        let mut batch = std::mem::take(&mut net.batch);
        batch.extend(std::iter::from_fn(|| self.engine.poll_transmit()));
        if batch.is_empty() {
            net.batch = batch;
            return;
        }
        let mut failed = std::mem::take(&mut net.failed);
        // Runs of datagrams that leave from the same socket go out in one system call.
        let mut i = 0;
        while i < batch.len() {
            let local = batch[i].local;
            let end = batch[i..]
                .iter()
                .position(|t| t.local != local)
                .map_or(batch.len(), |k| i + k);
            if let Some(s) = net.sockets.get(&local) {
                send_run(s, &batch[i..end], |k, e| {
                    if is_send_failure(&e) {
                        failed.push(i + k);
                    }
                });
            }
            i = end;
        }
        if !failed.is_empty() {
            let now = Instant::now();
            for &k in &failed {
                self.engine.handle_send_error(now, &batch[k]);
            }
            failed.clear();
        }
        batch.clear();
        net.batch = batch;
        net.failed = failed;
    }
}

/// Whether a send error means the datagram cannot be delivered (the request then ends
/// with `SNMPAPI_TL_UNDELIVERABLE`); others (a full buffer…) are left to retransmission.
fn is_send_failure(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::NetworkUnreachable
            | io::ErrorKind::HostUnreachable
            | io::ErrorKind::AddrNotAvailable
            | io::ErrorKind::PermissionDenied
            | io::ErrorKind::InvalidInput
    )
}

/// Sends `run` (datagrams of one socket): one `send_to` for a single datagram, `sendmmsg`
/// for more (Linux); `failed(k, error)` for each datagram the OS refused.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn send_run(s: &UdpSocket, run: &[Transmit], mut failed: impl FnMut(usize, io::Error)) {
    if let [t] = run {
        if let Err(e) = s.send_to(&t.bytes, t.to) {
            failed(0, e);
        }
        return;
    }
    let mut done = 0;
    while done < run.len() {
        match crate::udp::send_batch(s, &run[done..]) {
            Ok(n) => done += n,
            // The first datagram of the rest was refused (its error).
            Err(e) => {
                failed(done, e);
                done += 1;
            }
        }
    }
}

/// One `send_to` per datagram where `sendmmsg` is not available.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn send_run(s: &UdpSocket, run: &[Transmit], mut failed: impl FnMut(usize, io::Error)) {
    for (k, t) in run.iter().enumerate() {
        if let Err(e) = s.send_to(&t.bytes, t.to) {
            failed(k, e);
        }
    }
}

impl Net {
    fn start() -> io::Result<Self> {
        let (slot, registry) = PollerSlot::new()?;
        let slot = Arc::new(slot);
        let driver = Arc::clone(&slot);
        let thread = std::thread::Builder::new()
            .name("winsnmp-driver".to_owned())
            .spawn(move || driver.run_driver())?;
        DELIVERY.set_poller(Some(Arc::clone(&slot)));
        Ok(Self {
            registry,
            slot,
            sockets: FxHashMap::default(),
            wildcard: FxHashSet::default(),
            v6: FxHashSet::default(),
            routes: HashMap::new(),
            last_route: None,
            sleep: None,
            thread: Some(thread),
            batch: Vec::new(),
            failed: Vec::new(),
        })
    }

    /// The socket of endpoint `id`.
    pub(crate) fn socket(&self, id: EndpointId) -> Option<&UdpSocket> {
        self.sockets.get(&id)
    }

    /// Whether socket `id` is of the IPv6 family.
    pub(crate) fn is_v6(&self, id: EndpointId) -> bool {
        self.v6.contains(&id)
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
        if spec.bind.is_ipv6() {
            self.v6.insert(spec.id);
        }
        if local.ip().is_unspecified() {
            self.wildcard.insert(spec.id);
        }
        Ok(local)
    }

    fn close(&mut self, id: EndpointId) {
        self.wildcard.remove(&id);
        self.v6.remove(&id);
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
    pub(crate) fn arrival_ip(&mut self, id: EndpointId, from: SocketAddr) -> Option<IpAddr> {
        if !self.wildcard.contains(&id) {
            return None;
        }
        if let Some((peer, ip)) = self.last_route
            && peer == from.ip()
        {
            return ip;
        }
        let ip = match self.routes.get(&from.ip()) {
            Some(ip) => *ip,
            None => {
                if self.routes.len() >= ROUTE_CACHE {
                    self.routes.clear();
                }
                let ip = route_source(from);
                self.routes.insert(from.ip(), ip);
                ip
            }
        };
        self.last_route = Some((from.ip(), ip));
        ip
    }
}

/// Locks the runtime.
pub(crate) fn lock() -> MutexGuard<'static, Core> {
    crate::api::RUNTIME
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
}
