//! A UDP server for an [`Agent`]: the embedded agent's only I/O.
//!
//! One thread per listening socket receives datagrams, hands each to the shared [`Agent`]
//! with the uptime since the server started, and sends back the answer. The thread polls a
//! stop flag ten times a second, so [`RunningAgent::stop`] (or dropping it) ends it promptly.

use std::io;
use std::net::{SocketAddr, UdpSocket};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::{Agent, AgentStats};

/// How often a server thread looks at its stop flag.
const POLL: Duration = Duration::from_millis(100);

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

    /// Starts one serving thread per socket.
    ///
    /// # Errors
    /// When a thread cannot be spawned or a socket address read.
    pub fn spawn(self) -> io::Result<RunningAgent> {
        let addrs = self.local_addrs()?;
        let stop = Arc::new(AtomicBool::new(false));
        let started = Instant::now();
        let mut threads = Vec::with_capacity(self.sockets.len());
        for socket in self.sockets {
            let agent = Arc::clone(&self.agent);
            let stop = Arc::clone(&stop);
            threads.push(
                std::thread::Builder::new()
                    .name("wsnmp-agent".to_owned())
                    .spawn(move || serve(&socket, &agent, &stop, started))?,
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

/// Receives, answers, repeats, until `stop` is set.
fn serve(socket: &UdpSocket, agent: &Mutex<Agent>, stop: &AtomicBool, started: Instant) {
    let mut buf = vec![0u8; 65536];
    while !stop.load(Ordering::Relaxed) {
        // Timeouts, and ICMP errors reported on the socket after a send to a closed port:
        // neither stops the agent.
        let Ok((n, from)) = socket.recv_from(&mut buf) else {
            continue;
        };
        // TimeTicks wrap after 497 days, as sysUpTime does.
        let uptime = (started.elapsed().as_millis() / 10) as u32;
        let reply = agent
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .handle(&buf[..n], uptime);
        if let Some(reply) = reply {
            // A send failure loses one answer, as UDP may; the manager retries.
            let _ = socket.send_to(&reply, from);
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

    #[test]
    fn bind_needs_an_address() {
        let agent = Agent::new(crate::agent::MibStore::new(), AgentConfig::new());
        assert!(AgentServer::bind(&[], agent).is_err());
    }
}
