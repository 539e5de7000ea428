//! A UDP server for an [`Agent`]: the embedded agent's only I/O.
//!
//! Serving threads receive datagrams, hand each to the shared [`Agent`] with the uptime
//! since the server started, and send back the answer. A socket of its own gets a thread
//! blocked in `recv_from`; beyond [`SERVING_THREADS`] sockets (an agent answering on
//! thousands of addresses, for load tests) each thread waits on its share of the sockets
//! with `mio`. Threads look at a stop flag ten times a second, so [`RunningAgent::stop`]
//! (or dropping it) ends them promptly.

use std::io;
use std::net::{SocketAddr, UdpSocket};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::{Agent, AgentStats};

/// How often a server thread looks at its stop flag.
const POLL: Duration = Duration::from_millis(100);

/// The receive buffer asked for each socket.
const RECV_BUFFER: usize = 1 << 20;

/// At most this many serving threads: more sockets are shared among them.
pub const SERVING_THREADS: usize = 4;

/// An agent bound to one or more UDP sockets, not yet serving.
#[derive(Debug)]
pub struct AgentServer {
    sockets: Vec<UdpSocket>,
    agent: Arc<Mutex<Agent>>,
}

impl AgentServer {
    /// Binds one socket per address (for example `127.0.0.1:1161` and `[::1]:1161`).
    ///
    /// # Errors
    /// The first bind error, or `InvalidInput` when `addrs` is empty.
    pub fn bind(addrs: &[SocketAddr], agent: Agent) -> io::Result<Self> {
        if addrs.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "no listen address",
            ));
        }
        let sockets = addrs
            .iter()
            .map(UdpSocket::bind)
            .collect::<io::Result<Vec<_>>>()?;
        for s in &sockets {
            s.set_read_timeout(Some(POLL))?;
            // Room for a manager's burst (a thousand requests sent at once overflow the
            // usual 208 KiB, and the lost ones wait for a retransmission); the system may
            // grant less (net.core.rmem_max).
            let _ = socket2::SockRef::from(s).set_recv_buffer_size(RECV_BUFFER);
        }
        Ok(Self {
            sockets,
            agent: Arc::new(Mutex::new(agent)),
        })
    }

    /// The bound addresses (with the ports the system chose for port 0).
    ///
    /// # Errors
    /// As [`UdpSocket::local_addr`].
    pub fn local_addrs(&self) -> io::Result<Vec<SocketAddr>> {
        self.sockets.iter().map(UdpSocket::local_addr).collect()
    }

    /// Starts serving: one thread per socket up to [`SERVING_THREADS`] sockets, else
    /// [`SERVING_THREADS`] threads sharing the sockets.
    ///
    /// # Errors
    /// When a thread cannot be spawned, a socket address read or a socket registered.
    pub fn spawn(self) -> io::Result<RunningAgent> {
        let addrs = self.local_addrs()?;
        let stop = Arc::new(AtomicBool::new(false));
        let started = Instant::now();
        let n = self.sockets.len().min(SERVING_THREADS);
        let mut shares: Vec<Vec<UdpSocket>> = (0..n).map(|_| Vec::new()).collect();
        for (i, s) in self.sockets.into_iter().enumerate() {
            shares[i % n].push(s);
        }
        let mut threads = Vec::with_capacity(n);
        for mut share in shares {
            let agent = Arc::clone(&self.agent);
            let stop = Arc::clone(&stop);
            let run: Box<dyn FnOnce() + Send> = if share.len() == 1 {
                let socket = share.pop().expect("one socket");
                Box::new(move || serve(&socket, &agent, &stop, started))
            } else {
                let poller = Poller::new(share)?;
                Box::new(move || poller.serve(&agent, &stop, started))
            };
            threads.push(
                std::thread::Builder::new()
                    .name("wsnmp-agent".to_owned())
                    .spawn(run)?,
            );
        }
        Ok(RunningAgent {
            addrs,
            stop,
            threads,
            agent: self.agent,
        })
    }
}

/// Answers one datagram.
fn answer(agent: &Mutex<Agent>, started: Instant, request: &[u8]) -> Option<Vec<u8>> {
    // TimeTicks wrap after 497 days, as sysUpTime does.
    let uptime = (started.elapsed().as_millis() / 10) as u32;
    agent
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .handle(request, uptime)
}

/// Receives, answers, repeats, until `stop` is set.
fn serve(socket: &UdpSocket, agent: &Mutex<Agent>, stop: &AtomicBool, started: Instant) {
    let mut buf = vec![0u8; 65536];
    while !stop.load(Ordering::Relaxed) {
        // Timeouts, and ICMP errors reported on the socket after a send to a closed port:
        // neither stops the agent.
        let Ok((n, from)) = socket.recv_from(&mut buf) else {
            continue;
        };
        if let Some(reply) = answer(agent, started, &buf[..n]) {
            // A send failure loses one answer, as UDP may; the manager retries.
            let _ = socket.send_to(&reply, from);
        }
    }
}

/// Many sockets served by one thread.
struct Poller {
    poll: mio::Poll,
    sockets: Vec<mio::net::UdpSocket>,
}

impl Poller {
    fn new(sockets: Vec<UdpSocket>) -> io::Result<Self> {
        let poll = mio::Poll::new()?;
        let mut out = Vec::with_capacity(sockets.len());
        for (i, s) in sockets.into_iter().enumerate() {
            s.set_nonblocking(true)?;
            let mut m = mio::net::UdpSocket::from_std(s);
            poll.registry()
                .register(&mut m, mio::Token(i), mio::Interest::READABLE)?;
            out.push(m);
        }
        Ok(Self { poll, sockets: out })
    }

    fn serve(mut self, agent: &Mutex<Agent>, stop: &AtomicBool, started: Instant) {
        let mut buf = vec![0u8; 65536];
        let mut events = mio::Events::with_capacity(1024);
        while !stop.load(Ordering::Relaxed) {
            if self.poll.poll(&mut events, Some(POLL)).is_err() {
                continue;
            }
            for ev in &events {
                let Some(socket) = self.sockets.get(ev.token().0) else {
                    continue;
                };
                // Drain the socket: readiness is edge-triggered.
                loop {
                    match socket.recv_from(&mut buf) {
                        Ok((n, from)) => {
                            if let Some(reply) = answer(agent, started, &buf[..n]) {
                                let _ = socket.send_to(&reply, from);
                            }
                        }
                        Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                        // An ICMP error for an earlier answer: keep serving.
                        Err(_) => {}
                    }
                }
            }
        }
    }
}

/// A serving agent; stops its threads when dropped.
#[derive(Debug)]
pub struct RunningAgent {
    addrs: Vec<SocketAddr>,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
    agent: Arc<Mutex<Agent>>,
}

impl RunningAgent {
    /// The addresses it answers on.
    pub fn local_addrs(&self) -> &[SocketAddr] {
        &self.addrs
    }

    /// Number of objects served now.
    pub fn objects(&self) -> usize {
        self.agent
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .store()
            .len()
    }

    /// The agent's SNMPv3 engine ID.
    pub fn engine_id(&self) -> Vec<u8> {
        self.agent
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .engine_id()
            .to_vec()
    }

    /// The agent's counters so far.
    pub fn stats(&self) -> AgentStats {
        self.agent
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .stats()
    }

    /// Blocks until the serving threads end (they end only when stopped from elsewhere,
    /// so this serves forever: what `wsnmp agent` does).
    pub fn wait(mut self) {
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }

    /// Stops serving, waits for the threads and returns the final counters.
    pub fn stop(mut self) -> AgentStats {
        self.shutdown();
        self.stats()
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl Drop for RunningAgent {
    fn drop(&mut self) {
        self.shutdown();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agent::{AgentConfig, LoadOptions, Recording};
    use winsnmp_wire::{Body, Message, Oid, Pdu, PduType, Value, VarBind, Version};

    #[test]
    fn answers_over_udp_and_stops() {
        let rec = Recording::parse(
            "t.snmprec",
            b"1.3.6.1.2.1.1.1.0|4|box\n1.3.6.1.2.1.1.3.0|67|1\n",
            &LoadOptions::new(),
        )
        .unwrap();
        let agent = Agent::new(rec.into_store(), AgentConfig::new());
        let server = AgentServer::bind(&["127.0.0.1:0".parse().unwrap()], agent).unwrap();
        let running = server.spawn().unwrap();
        let to = running.local_addrs()[0];
        let name: Oid = "1.3.6.1.2.1.1.1.0".parse().unwrap();
        let req = Message {
            version: Version::V2c,
            community: b"public",
            body: Body::Pdu(Pdu::new(
                PduType::Get,
                5,
                vec![VarBind::null(name.as_raw())],
            )),
        };
        let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
        sock.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
        sock.send_to(&req.to_vec().unwrap(), to).unwrap();
        let mut buf = [0u8; 1500];
        let (n, _) = sock.recv_from(&mut buf).unwrap();
        let resp = Message::decode(&buf[..n]).unwrap();
        assert_eq!(resp.body.varbinds()[0].value, Value::OctetString(b"box"));
        let stats = running.stop();
        assert_eq!((stats.requests, stats.responses), (1, 1));
    }

    /// More sockets than serving threads: they share threads (mio), and every one answers.
    #[test]
    fn many_sockets_share_a_few_threads() {
        let rec = Recording::parse(
            "t.snmprec",
            b"1.3.6.1.2.1.1.5.0|4|box\n",
            &LoadOptions::new(),
        )
        .unwrap();
        let agent = Agent::new(rec.into_store(), AgentConfig::new());
        let addrs: Vec<SocketAddr> = (0..3 * SERVING_THREADS)
            .map(|_| "127.0.0.1:0".parse().unwrap())
            .collect();
        let running = AgentServer::bind(&addrs, agent).unwrap().spawn().unwrap();
        assert_eq!(running.threads.len(), SERVING_THREADS);
        let name: Oid = "1.3.6.1.2.1.1.5.0".parse().unwrap();
        let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
        sock.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
        for (i, to) in running.local_addrs().iter().enumerate() {
            let req = Message {
                version: Version::V2c,
                community: b"public",
                body: Body::Pdu(Pdu::new(
                    PduType::Get,
                    i as i32,
                    vec![VarBind::null(name.as_raw())],
                )),
            };
            sock.send_to(&req.to_vec().unwrap(), to).unwrap();
            let mut buf = [0u8; 1500];
            let (n, from) = sock.recv_from(&mut buf).unwrap();
            assert_eq!(from, *to);
            let resp = Message::decode(&buf[..n]).unwrap();
            assert_eq!(resp.body.varbinds()[0].value, Value::OctetString(b"box"));
        }
        assert_eq!(running.stop().responses, 3 * SERVING_THREADS as u64);
    }

    #[test]
    fn bind_needs_an_address() {
        let agent = Agent::new(crate::agent::MibStore::new(), AgentConfig::new());
        assert!(AgentServer::bind(&[], agent).is_err());
    }
}
