//! A lossy UDP proxy for integration tests: real loopback sockets between a manager and an
//! agent, with seeded loss, duplication, reordering, delay and corruption.
//!
//! The manager sends to [`LossyProxy::addr`]; the proxy forwards to the upstream agent from
//! one socket per client (as a NAT would), and forwards the agent's answers back from
//! [`LossyProxy::addr`], so the manager sees them come from the address it sent to. Each
//! datagram, in each direction, is impaired independently as [`Impairments`] says, with a
//! generator seeded by [`Impairments::seed`] (the draws repeat; when the datagrams arrive
//! still depends on the clock).
//!
//! The proxy runs on its own thread, which ends when the proxy is dropped or stopped, and
//! in any case after [`Impairments::lifetime`], so a test that forgets it cannot leave it
//! running.
//!
//! ```no_run
//! use std::time::Duration;
//! use winsnmp_testkit::proxy::{Impairments, LossyProxy};
//! let agent = "127.0.0.1:1161".parse().unwrap();
//! let proxy = LossyProxy::start(agent, Impairments::loss(0.3).seed(7)).unwrap();
//! // ... point the manager at proxy.addr() ...
//! let stats = proxy.stop();
//! assert!(stats.to_agent.dropped + stats.to_manager.dropped > 0);
//! ```

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::io;
use std::net::{SocketAddr, UdpSocket};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::sim::Rng;

/// Most clients (distinct manager addresses) one proxy keeps a socket for.
const MAX_CLIENTS: usize = 64;
/// Most datagrams in flight inside the proxy; more are dropped (and counted).
const MAX_IN_FLIGHT: usize = 65_536;
/// How long a datagram held back for reordering waits for a successor.
const MAX_HOLD: Duration = Duration::from_millis(50);

/// Where a corrupted datagram gets its flipped byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corruption {
    /// The first byte (the message's SEQUENCE tag): the receiver must find it malformed.
    FirstByte,
    /// A random byte: the message may still decode, with another value in it (SNMP has
    /// no checksum of its own; on a real network UDP's checksum catches most of these).
    AnyByte,
}

/// What the proxy does to each datagram, independently, in each direction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Impairments {
    /// Probability a datagram is dropped.
    pub drop: f64,
    /// Probability a datagram is delivered twice (each copy with its own delay).
    pub duplicate: f64,
    /// Probability a datagram is held back until the next one in the same direction has
    /// gone (at most 50 ms), so the two arrive in the opposite order.
    pub reorder: f64,
    /// Probability one byte of a datagram is flipped (where: [`Impairments::corruption`]).
    pub corrupt: f64,
    /// Where the flipped byte is.
    pub corruption: Corruption,
    /// Shortest extra delay of a datagram.
    pub min_delay: Duration,
    /// Longest extra delay (uniform in between, so datagrams also reorder by themselves).
    pub max_delay: Duration,
    /// Apply the impairments to requests (manager to agent).
    pub to_agent: bool,
    /// Apply the impairments to answers (agent to manager).
    pub to_manager: bool,
    /// Seed of the generator.
    pub seed: u64,
    /// The proxy stops by itself after this long.
    pub lifetime: Duration,
}

impl Default for Impairments {
    /// A perfect proxy: nothing dropped, delayed or changed; a 60 s lifetime.
    fn default() -> Self {
        Self {
            drop: 0.0,
            duplicate: 0.0,
            reorder: 0.0,
            corrupt: 0.0,
            corruption: Corruption::FirstByte,
            min_delay: Duration::ZERO,
            max_delay: Duration::ZERO,
            to_agent: true,
            to_manager: true,
            seed: 1,
            lifetime: Duration::from_secs(60),
        }
    }
}

impl Impairments {
    /// Loss `p` in both directions, nothing else.
    pub fn loss(p: f64) -> Self {
        Self {
            drop: p,
            ..Self::default()
        }
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the duplication probability.
    pub fn duplicate(mut self, p: f64) -> Self {
        self.duplicate = p;
        self
    }

    /// Sets the reordering probability.
    pub fn reorder(mut self, p: f64) -> Self {
        self.reorder = p;
        self
    }

    /// Sets the corruption probability and where the flipped byte is.
    pub fn corrupt(mut self, p: f64, corruption: Corruption) -> Self {
        self.corrupt = p;
        self.corruption = corruption;
        self
    }

    /// Sets the delay range.
    pub fn delay(mut self, min: Duration, max: Duration) -> Self {
        self.min_delay = min;
        self.max_delay = max.max(min);
        self
    }

    /// Sets which directions are impaired.
    pub fn directions(mut self, to_agent: bool, to_manager: bool) -> Self {
        self.to_agent = to_agent;
        self.to_manager = to_manager;
        self
    }

    /// Sets the lifetime.
    pub fn lifetime(mut self, lifetime: Duration) -> Self {
        self.lifetime = lifetime;
        self
    }
}

/// Counters of one direction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DirectionStats {
    /// Datagrams received from the sender.
    pub received: u64,
    /// Datagrams sent on (duplicates included).
    pub forwarded: u64,
    /// Datagrams dropped on purpose.
    pub dropped: u64,
    /// Extra copies sent.
    pub duplicated: u64,
    /// Datagrams held back behind their successor.
    pub reordered: u64,
    /// Datagrams sent with one byte flipped (each copy counts).
    pub corrupted: u64,
    /// Datagrams lost for lack of room (too many clients or too many in flight).
    pub overflow: u64,
}

/// What a proxy did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProxyStats {
    /// Requests: manager to agent.
    pub to_agent: DirectionStats,
    /// Answers: agent to manager.
    pub to_manager: DirectionStats,
}

/// A running lossy proxy; stops (and joins its thread) when dropped.
#[derive(Debug)]
pub struct LossyProxy {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    stats: Arc<Mutex<ProxyStats>>,
    thread: Option<JoinHandle<()>>,
}

impl LossyProxy {
    /// Binds a socket on the loopback address of `upstream`'s family, port chosen by the
    /// system, and starts forwarding to `upstream` with `impairments`.
    ///
    /// # Errors
    /// When a socket cannot be bound or the thread cannot start.
    pub fn start(upstream: SocketAddr, impairments: Impairments) -> io::Result<Self> {
        let local: SocketAddr = if upstream.is_ipv4() {
            "127.0.0.1:0".parse().expect("static address")
        } else {
            "[::1]:0".parse().expect("static address")
        };
        let front = UdpSocket::bind(local)?;
        front.set_nonblocking(true)?;
        let addr = front.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let stats = Arc::new(Mutex::new(ProxyStats::default()));
        let mut worker = Worker {
            front,
            local,
            upstream,
            imp: impairments,
            rng: Rng::new(impairments.seed),
            clients: HashMap::new(),
            queue: BinaryHeap::new(),
            held: [None, None],
            order: 0,
            stats: Arc::clone(&stats),
            local_stats: ProxyStats::default(),
        };
        let flag = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("lossy-proxy".to_owned())
            .spawn(move || worker.run(&flag))?;
        Ok(Self {
            addr,
            stop,
            stats,
            thread: Some(thread),
        })
    }

    /// The address managers send to.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The counters so far.
    pub fn stats(&self) -> ProxyStats {
        *self.stats.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Stops the proxy and returns its final counters.
    pub fn stop(mut self) -> ProxyStats {
        self.shutdown();
        self.stats()
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for LossyProxy {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Which way a datagram goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    ToAgent,
    ToManager,
}

/// A datagram waiting for its time.
#[derive(Debug, PartialEq, Eq)]
struct Pending {
    due: Instant,
    order: u64,
    dir: Dir,
    client: SocketAddr,
    bytes: Vec<u8>,
}

impl Ord for Pending {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.due, self.order).cmp(&(other.due, other.order))
    }
}

impl PartialOrd for Pending {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

struct Worker {
    front: UdpSocket,
    local: SocketAddr,
    upstream: SocketAddr,
    imp: Impairments,
    rng: Rng,
    /// Per client: the socket its requests leave from towards the agent.
    clients: HashMap<SocketAddr, UdpSocket>,
    queue: BinaryHeap<Reverse<Pending>>,
    /// Per direction: a datagram held back for reordering, and since when.
    held: [Option<(Instant, Pending)>; 2],
    order: u64,
    stats: Arc<Mutex<ProxyStats>>,
    local_stats: ProxyStats,
}

impl Worker {
    fn run(&mut self, stop: &AtomicBool) {
        let end = Instant::now() + self.imp.lifetime;
        let mut buf = vec![0u8; 65_536];
        while !stop.load(Ordering::Relaxed) && Instant::now() < end {
            let mut busy = false;
            // Requests from managers.
            for _ in 0..256 {
                match self.front.recv_from(&mut buf) {
                    Ok((n, from)) => {
                        busy = true;
                        self.arrive(Dir::ToAgent, from, &buf[..n]);
                    }
                    Err(_) => break,
                }
            }
            // Answers from the agent, one socket per client.
            let mut answers = Vec::new();
            for (client, sock) in &self.clients {
                for _ in 0..256 {
                    match sock.recv_from(&mut buf) {
                        Ok((n, from)) if from == self.upstream => {
                            answers.push((*client, buf[..n].to_vec()));
                        }
                        Ok(_) => {}
                        Err(_) => break,
                    }
                }
            }
            for (client, bytes) in answers {
                busy = true;
                self.arrive(Dir::ToManager, client, &bytes);
            }
            let now = Instant::now();
            self.release_held(now);
            while self.queue.peek().is_some_and(|p| p.0.due <= now) {
                if let Some(Reverse(p)) = self.queue.pop() {
                    self.send(&p);
                }
            }
            self.publish();
            if !busy {
                let next = self.queue.peek().map_or(Duration::from_millis(1), |p| {
                    p.0.due.saturating_duration_since(now)
                });
                std::thread::sleep(next.clamp(Duration::from_micros(50), Duration::from_millis(1)));
            }
        }
        self.publish();
    }

    fn dir_stats(&mut self, dir: Dir) -> &mut DirectionStats {
        match dir {
            Dir::ToAgent => &mut self.local_stats.to_agent,
            Dir::ToManager => &mut self.local_stats.to_manager,
        }
    }

    fn publish(&self) {
        *self.stats.lock().unwrap_or_else(PoisonError::into_inner) = self.local_stats;
    }

    fn impaired(&self, dir: Dir) -> bool {
        match dir {
            Dir::ToAgent => self.imp.to_agent,
            Dir::ToManager => self.imp.to_manager,
        }
    }

    fn arrive(&mut self, dir: Dir, client: SocketAddr, bytes: &[u8]) {
        self.dir_stats(dir).received += 1;
        if dir == Dir::ToAgent && !self.clients.contains_key(&client) {
            if self.clients.len() >= MAX_CLIENTS {
                self.dir_stats(dir).overflow += 1;
                return;
            }
            let Ok(sock) = UdpSocket::bind(self.local) else {
                self.dir_stats(dir).overflow += 1;
                return;
            };
            if sock.set_nonblocking(true).is_err() {
                self.dir_stats(dir).overflow += 1;
                return;
            }
            self.clients.insert(client, sock);
        }
        if !self.impaired(dir) {
            self.schedule(dir, client, bytes.to_vec(), Duration::ZERO);
            return;
        }
        if self.rng.chance(self.imp.drop) {
            self.dir_stats(dir).dropped += 1;
            return;
        }
        let copies = if self.rng.chance(self.imp.duplicate) {
            self.dir_stats(dir).duplicated += 1;
            2
        } else {
            1
        };
        for _ in 0..copies {
            let mut b = bytes.to_vec();
            if !b.is_empty() && self.rng.chance(self.imp.corrupt) {
                let at = match self.imp.corruption {
                    Corruption::FirstByte => 0,
                    Corruption::AnyByte => self.rng.below(b.len() as u64) as usize,
                };
                b[at] ^= 1 + self.rng.below(255) as u8;
                self.dir_stats(dir).corrupted += 1;
            }
            let span = self.imp.max_delay.saturating_sub(self.imp.min_delay);
            let extra = Duration::from_nanos(self.rng.below(span.as_nanos() as u64 + 1));
            let delay = self.imp.min_delay + extra;
            if self.rng.chance(self.imp.reorder) {
                let slot = dir as usize;
                if self.held[slot].is_none() {
                    self.dir_stats(dir).reordered += 1;
                    let p = self.pending(dir, client, b, delay);
                    self.held[slot] = Some((Instant::now(), p));
                    continue;
                }
            }
            self.schedule(dir, client, b, delay);
        }
    }

    fn pending(
        &mut self,
        dir: Dir,
        client: SocketAddr,
        bytes: Vec<u8>,
        delay: Duration,
    ) -> Pending {
        self.order += 1;
        Pending {
            due: Instant::now() + delay,
            order: self.order,
            dir,
            client,
            bytes,
        }
    }

    fn schedule(&mut self, dir: Dir, client: SocketAddr, bytes: Vec<u8>, delay: Duration) {
        if self.queue.len() >= MAX_IN_FLIGHT {
            self.dir_stats(dir).overflow += 1;
            return;
        }
        let p = self.pending(dir, client, bytes, delay);
        let due = p.due;
        self.queue.push(Reverse(p));
        // A datagram held back for reordering goes right after this one.
        if let Some((_, mut h)) = self.held[dir as usize].take() {
            h.due = due.max(h.due);
            self.order += 1;
            h.order = self.order;
            self.queue.push(Reverse(h));
        }
    }

    /// Sends held datagrams that waited too long for a successor.
    fn release_held(&mut self, now: Instant) {
        for slot in &mut self.held {
            if slot
                .as_ref()
                .is_some_and(|(since, _)| now.duration_since(*since) >= MAX_HOLD)
                && let Some((_, p)) = slot.take()
            {
                self.queue.push(Reverse(p));
            }
        }
    }

    fn send(&mut self, p: &Pending) {
        let sent = match p.dir {
            Dir::ToAgent => self
                .clients
                .get(&p.client)
                .is_some_and(|s| s.send_to(&p.bytes, self.upstream).is_ok()),
            Dir::ToManager => self.front.send_to(&p.bytes, p.client).is_ok(),
        };
        let st = self.dir_stats(p.dir);
        if sent {
            st.forwarded += 1;
        } else {
            st.overflow += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An echo server on loopback: what arrives goes back.
    fn echo() -> (SocketAddr, Arc<AtomicBool>, JoinHandle<u64>) {
        let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
        sock.set_read_timeout(Some(Duration::from_millis(20)))
            .unwrap();
        let addr = sock.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let t = std::thread::spawn(move || {
            let mut n = 0;
            let mut buf = [0u8; 2048];
            while !flag.load(Ordering::Relaxed) {
                if let Ok((len, from)) = sock.recv_from(&mut buf) {
                    n += 1;
                    let _ = sock.send_to(&buf[..len], from);
                }
            }
            n
        });
        (addr, stop, t)
    }

    fn exchange(proxy: SocketAddr, count: u32) -> Vec<Vec<u8>> {
        let c = UdpSocket::bind("127.0.0.1:0").unwrap();
        c.set_read_timeout(Some(Duration::from_millis(300)))
            .unwrap();
        for i in 0..count {
            c.send_to(&[0x30, i as u8, 0xAA], proxy).unwrap();
        }
        let mut got = Vec::new();
        let mut buf = [0u8; 2048];
        while let Ok((n, from)) = c.recv_from(&mut buf) {
            assert_eq!(from, proxy, "answers come from the proxy's address");
            got.push(buf[..n].to_vec());
        }
        got
    }

    #[test]
    fn a_perfect_proxy_forwards_both_ways() {
        let (agent, stop, t) = echo();
        let proxy = LossyProxy::start(agent, Impairments::default()).unwrap();
        let got = exchange(proxy.addr(), 20);
        assert_eq!(got.len(), 20);
        let st = proxy.stop();
        assert_eq!((st.to_agent.forwarded, st.to_manager.forwarded), (20, 20));
        stop.store(true, Ordering::Relaxed);
        assert_eq!(t.join().unwrap(), 20);
    }

    #[test]
    fn impairments_are_counted() {
        let (agent, stop, t) = echo();
        let imp = Impairments::loss(0.3)
            .duplicate(0.2)
            .reorder(0.2)
            .corrupt(0.2, Corruption::FirstByte)
            .delay(Duration::ZERO, Duration::from_millis(3))
            .seed(42);
        let proxy = LossyProxy::start(agent, imp).unwrap();
        let got = exchange(proxy.addr(), 200);
        let st = proxy.stop();
        stop.store(true, Ordering::Relaxed);
        let echoed = t.join().unwrap();
        let (a, m) = (st.to_agent, st.to_manager);
        assert_eq!(a.received, 200);
        assert_eq!(a.forwarded, a.received - a.dropped + a.duplicated);
        assert_eq!(echoed, a.forwarded);
        assert_eq!(m.received, echoed);
        assert_eq!(m.forwarded, m.received - m.dropped + m.duplicated);
        assert_eq!(got.len() as u64, m.forwarded);
        for d in [a, m] {
            assert!(d.dropped > 0 && d.duplicated > 0 && d.reordered > 0 && d.corrupted > 0);
            assert_eq!(d.overflow, 0);
        }
        // A corrupted copy has a changed first byte; the others are intact.
        let bad = got.iter().filter(|b| b[0] != 0x30).count() as u64;
        assert!(bad <= a.corrupted + m.corrupted && bad > 0);
    }

    #[test]
    fn it_stops_by_itself_after_its_lifetime() {
        let (agent, stop, t) = echo();
        let imp = Impairments::default().lifetime(Duration::from_millis(100));
        let proxy = LossyProxy::start(agent, imp).unwrap();
        let start = Instant::now();
        let th = proxy.thread.as_ref().map(JoinHandle::is_finished);
        assert_eq!(th, Some(false));
        while !proxy.thread.as_ref().is_some_and(JoinHandle::is_finished) {
            assert!(start.elapsed() < Duration::from_secs(5), "still running");
            std::thread::sleep(Duration::from_millis(10));
        }
        drop(proxy);
        stop.store(true, Ordering::Relaxed);
        t.join().unwrap();
    }
}
