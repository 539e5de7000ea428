//! An SNMPv1/v2c agent that misbehaves on purpose, for tests of what a manager survives.
//!
//! [`QuirkyAgent`] serves a small sorted list of objects over real loopback UDP sockets on
//! its own thread (GET, GETNEXT, GETBULK and SET; community not checked) and bends its
//! answers as one [`Quirk`] says: OIDs that do not increase, GETBULK ignored or answered as
//! GETNEXT, SNMPv1 answers to SNMPv2c requests, endOfMibView in the middle of an answer,
//! tooBig above a size, truncated datagrams, wrong request ids, answers from another port
//! or address, enormous varbind counts. It knows nothing of the manager under test, so the
//! same agent serves the WinSNMP API's tests, the command-line tool's and the async
//! client's.
//!
//! The thread ends when the agent is dropped, and in any case after its lifetime (60 s by
//! default, [`QuirkyAgent::start_for`]).
//!
//! ```no_run
//! use winsnmp_testkit::quirks::{Quirk, QuirkyAgent, table};
//! let agent = QuirkyAgent::start(Quirk::BulkAsGetNext, table(10)).unwrap();
//! // ... walk agent.addr() ...
//! assert!(agent.stats().requests > 0);
//! ```

use std::io;
use std::net::{SocketAddr, UdpSocket};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use winsnmp_wire::{Body, Message, Oid, Pdu, PduType, RawOid, Value, VarBind, Version};

/// The largest answer the agent sends (the largest UDP payload over IPv4).
pub const MAX_DATAGRAM: usize = 65_507;

/// The address [`Quirk::FromOtherAddress`] answers from.
pub const OTHER_ADDRESS: &str = "127.0.0.2";

/// A value the agent serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QValue {
    /// INTEGER.
    Int(i32),
    /// OCTET STRING.
    Str(Vec<u8>),
}

impl QValue {
    fn wire(&self) -> Value<'_> {
        match self {
            Self::Int(i) => Value::Integer(*i),
            Self::Str(s) => Value::OctetString(s),
        }
    }
}

/// How the agent misbehaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quirk {
    /// None: a correct agent.
    None,
    /// GETNEXT and GETBULK stop making progress at object `at` (0-based): asked for anything
    /// at or past object `at - 1`, they answer object `at - 1` again, so the OID returned is
    /// not greater than the one asked for (a walk would loop).
    NonIncreasing {
        /// The first object never returned.
        at: usize,
    },
    /// GETBULK gets no answer at all (an SNMPv1-only agent that drops what it does not
    /// know); everything else is answered.
    IgnoreGetBulk,
    /// GETBULK is answered as a GETNEXT of the same names: one binding per name.
    BulkAsGetNext,
    /// Every answer is an SNMPv1 message, whatever the request's version (the end of the
    /// MIB and missing objects as an SNMPv1 agent says them: noSuchName).
    V1Answers,
    /// In a GETBULK answer the binding at `index` (0-based) is endOfMibView, and the real
    /// objects continue after it (a broken agent: a manager must stop at it).
    EndOfMibViewAt {
        /// Where the endOfMibView goes.
        index: usize,
    },
    /// An answer with more than `max_varbinds` bindings or longer than `max_octets` octets
    /// is replaced by a tooBig error (no bindings), as RFC 3416 says an agent answers a
    /// request whose answer exceeds its local limits.
    TooBig {
        /// Most bindings in an answer.
        max_varbinds: usize,
        /// Most octets in an answer.
        max_octets: usize,
    },
    /// Answers are cut to half their length (a truncated datagram); with `then_correct`,
    /// the whole answer follows.
    Truncated {
        /// Send the correct answer after the broken one.
        then_correct: bool,
    },
    /// Answers carry another request id; with `then_correct`, the right answer follows.
    WrongRequestId {
        /// Send the correct answer after the broken one.
        then_correct: bool,
    },
    /// Answers come from another port of the agent's address; with `then_correct`, the
    /// answer also comes from the right port, afterwards.
    FromOtherPort {
        /// Send the correct answer after the broken one.
        then_correct: bool,
    },
    /// Answers come from another address ([`OTHER_ADDRESS`]); with `then_correct`, the
    /// answer also comes from the right address, afterwards.
    FromOtherAddress {
        /// Send the correct answer after the broken one.
        then_correct: bool,
    },
    /// Every answer carries `count` bindings (names under `1.3.6.1.4.1.99999.1`, from the
    /// one asked for on, INTEGER values), as many as fit in [`MAX_DATAGRAM`] octets.
    EnormousVarbinds {
        /// Bindings per answer.
        count: usize,
    },
}

/// What the agent has seen and done.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QuirkStats {
    /// Requests that decoded.
    pub requests: u64,
    /// GETBULK requests among them.
    pub getbulk: u64,
    /// Datagrams that did not decode.
    pub undecodable: u64,
    /// Datagrams sent (broken and correct answers alike).
    pub sent: u64,
    /// Requests left unanswered on purpose.
    pub ignored: u64,
    /// tooBig answers.
    pub too_big: u64,
}

/// A running quirky agent; stops (and joins its thread) when dropped.
#[derive(Debug)]
pub struct QuirkyAgent {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    stats: Arc<Mutex<QuirkStats>>,
    thread: Option<JoinHandle<()>>,
}

/// `rows` rows of an ifTable-like table under `1.3.6.1.2.1.2.2.1` (column 1: the index,
/// column 2: `"if-N"`), after `sysDescr.0` and `sysName.0`: `2 + 2 × rows` objects in OID
/// order.
pub fn table(rows: u32) -> Vec<(Oid, QValue)> {
    let mut v = vec![
        (
            oid("1.3.6.1.2.1.1.1.0"),
            QValue::Str(b"quirky agent".to_vec()),
        ),
        (oid("1.3.6.1.2.1.1.5.0"), QValue::Str(b"quirky".to_vec())),
    ];
    for col in 1..=2u32 {
        for i in 1..=rows {
            let name = oid(&format!("1.3.6.1.2.1.2.2.1.{col}.{i}"));
            let value = if col == 1 {
                QValue::Int(i as i32)
            } else {
                QValue::Str(format!("if-{i}").into_bytes())
            };
            v.push((name, value));
        }
    }
    v
}

fn oid(s: &str) -> Oid {
    s.parse().expect("a valid OID")
}

impl QuirkyAgent {
    /// Starts an agent on `127.0.0.1` (port chosen by the system) serving `objects` with
    /// `quirk`, for at most 60 s.
    ///
    /// # Errors
    /// When a socket cannot be bound or the thread cannot start.
    pub fn start(quirk: Quirk, objects: Vec<(Oid, QValue)>) -> io::Result<Self> {
        Self::start_for(quirk, objects, Duration::from_secs(60))
    }

    /// As [`QuirkyAgent::start`], for at most `lifetime`.
    ///
    /// # Errors
    /// When a socket cannot be bound or the thread cannot start.
    pub fn start_for(
        quirk: Quirk,
        mut objects: Vec<(Oid, QValue)>,
        lifetime: Duration,
    ) -> io::Result<Self> {
        objects.sort_by(|a, b| a.0.cmp(&b.0));
        objects.dedup_by(|a, b| a.0 == b.0);
        let main = UdpSocket::bind("127.0.0.1:0")?;
        main.set_read_timeout(Some(Duration::from_millis(20)))?;
        let other = match quirk {
            Quirk::FromOtherPort { .. } => Some(UdpSocket::bind("127.0.0.1:0")?),
            Quirk::FromOtherAddress { .. } => Some(UdpSocket::bind((OTHER_ADDRESS, 0))?),
            _ => None,
        };
        let addr = main.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let stats = Arc::new(Mutex::new(QuirkStats::default()));
        let mut server = Server {
            main,
            other,
            quirk,
            objects,
            stats: Arc::clone(&stats),
        };
        let flag = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("quirky-agent".to_owned())
            .spawn(move || server.run(&flag, Instant::now() + lifetime))?;
        Ok(Self {
            addr,
            stop,
            stats,
            thread: Some(thread),
        })
    }

    /// The address it answers on (and should answer from).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The counters so far.
    pub fn stats(&self) -> QuirkStats {
        *self.stats.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for QuirkyAgent {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

struct Server {
    main: UdpSocket,
    other: Option<UdpSocket>,
    quirk: Quirk,
    objects: Vec<(Oid, QValue)>,
    stats: Arc<Mutex<QuirkStats>>,
}

/// Names of [`Quirk::EnormousVarbinds`] answers.
const ENORMOUS_BASE: &str = "1.3.6.1.4.1.99999.1";

impl Server {
    fn run(&mut self, stop: &AtomicBool, end: Instant) {
        let mut buf = vec![0u8; 65_536];
        while !stop.load(Ordering::Relaxed) && Instant::now() < end {
            let Ok((n, from)) = self.main.recv_from(&mut buf) else {
                continue;
            };
            self.handle(&buf[..n], from);
        }
    }

    fn count(&self, f: impl FnOnce(&mut QuirkStats)) {
        f(&mut self.stats.lock().unwrap_or_else(PoisonError::into_inner));
    }

    fn send(&self, sock: &UdpSocket, bytes: &[u8], to: SocketAddr) {
        if sock.send_to(bytes, to).is_ok() {
            self.count(|s| s.sent += 1);
        }
    }

    /// Index of the first object after `name`.
    fn next_index(&self, name: RawOid<'_>) -> usize {
        self.objects.partition_point(|(o, _)| o.as_raw() <= name)
    }

    /// The object GETNEXT of `name` answers (`None`: end of the MIB), with the
    /// [`Quirk::NonIncreasing`] bend.
    fn next_of(&self, name: RawOid<'_>) -> Option<usize> {
        let i = self.next_index(name);
        match self.quirk {
            Quirk::NonIncreasing { at } if at > 0 && i >= at => Some(at - 1),
            _ => (i < self.objects.len()).then_some(i),
        }
    }

    fn binding(&self, i: usize) -> VarBind<'_> {
        let (o, v) = &self.objects[i];
        VarBind::new(o.as_raw(), v.wire())
    }

    fn handle(&mut self, bytes: &[u8], from: SocketAddr) {
        let Ok(msg) = Message::decode(bytes) else {
            self.count(|s| s.undecodable += 1);
            return;
        };
        let Body::Pdu(req) = &msg.body else {
            self.count(|s| s.undecodable += 1);
            return;
        };
        let bulk = req.pdu_type == PduType::GetBulk;
        self.count(|s| {
            s.requests += 1;
            s.getbulk += u64::from(bulk);
        });
        if bulk && self.quirk == Quirk::IgnoreGetBulk {
            self.count(|s| s.ignored += 1);
            return;
        }
        let enormous: Vec<Oid>;
        let mut varbinds: Vec<VarBind<'_>> = Vec::new();
        let mut status = 0;
        let mut index = 0;
        match (req.pdu_type, self.quirk) {
            (_, Quirk::EnormousVarbinds { count }) => {
                let base = oid(ENORMOUS_BASE);
                enormous = (1..=count as u32)
                    .map(|i| base.child(&[i]).expect("a valid OID"))
                    .collect();
                let mut size = 64;
                for o in &enormous {
                    let vb = VarBind::new(o.as_raw(), Value::Integer(1));
                    size += o.as_ber().len() + 8;
                    if size > MAX_DATAGRAM {
                        break;
                    }
                    varbinds.push(vb);
                }
            }
            (PduType::Get, _) => {
                for vb in &req.varbinds {
                    match self
                        .objects
                        .binary_search_by(|(o, _)| o.as_raw().cmp(&vb.name))
                    {
                        Ok(i) => varbinds.push(self.binding(i)),
                        Err(_) => varbinds.push(VarBind::new(vb.name, Value::NoSuchObject)),
                    }
                }
            }
            (PduType::GetNext, _) | (PduType::GetBulk, Quirk::BulkAsGetNext) => {
                for vb in &req.varbinds {
                    match self.next_of(vb.name) {
                        Some(i) => varbinds.push(self.binding(i)),
                        None => varbinds.push(VarBind::new(vb.name, Value::EndOfMibView)),
                    }
                }
            }
            (PduType::GetBulk, _) => varbinds = self.bulk(req),
            (PduType::Set, _) => varbinds.clone_from(&req.varbinds),
            _ => {
                self.count(|s| s.ignored += 1);
                return;
            }
        }
        if let Quirk::TooBig {
            max_varbinds,
            max_octets,
        } = self.quirk
        {
            let size = answer(msg.version, msg.community, req.request_id, 0, 0, &varbinds).len();
            if varbinds.len() > max_varbinds || size > max_octets {
                varbinds.clear();
                status = 1;
                index = 0;
                self.count(|s| s.too_big += 1);
            }
        }
        let version = if self.quirk == Quirk::V1Answers {
            Version::V1
        } else {
            msg.version
        };
        // An SNMPv1 message cannot carry the SNMPv2 exceptions: as an SNMPv1 agent does,
        // answer noSuchName for the first such binding, with the request's bindings.
        if version == Version::V1
            && let Some(i) = varbinds.iter().position(|vb| {
                matches!(
                    vb.value,
                    Value::EndOfMibView | Value::NoSuchObject | Value::NoSuchInstance
                )
            })
        {
            status = 2;
            index = i32::try_from(i + 1).unwrap_or(i32::MAX);
            varbinds.clone_from(&req.varbinds);
        }
        let good = answer(
            version,
            msg.community,
            req.request_id,
            status,
            index,
            &varbinds,
        );
        let main = &self.main;
        match self.quirk {
            Quirk::Truncated { then_correct } => {
                self.send(main, &good[..good.len() / 2], from);
                if then_correct {
                    self.send(main, &good, from);
                }
            }
            Quirk::WrongRequestId { then_correct } => {
                let wrong = req.request_id.wrapping_add(1_000_000);
                let bad = answer(version, msg.community, wrong, status, index, &varbinds);
                self.send(main, &bad, from);
                if then_correct {
                    self.send(main, &good, from);
                }
            }
            Quirk::FromOtherPort { then_correct } | Quirk::FromOtherAddress { then_correct } => {
                if let Some(other) = &self.other {
                    self.send(other, &good, from);
                }
                if then_correct {
                    self.send(main, &good, from);
                }
            }
            _ => self.send(main, &good, from),
        }
    }

    /// RFC 3416 §4.2.3, with the [`Quirk::EndOfMibViewAt`] and [`Quirk::NonIncreasing`]
    /// bends; at most 1,000 repetitions.
    fn bulk<'a>(&'a self, req: &Pdu<'a>) -> Vec<VarBind<'a>> {
        let n = usize::try_from(req.non_repeaters().max(0))
            .unwrap_or(0)
            .min(req.varbinds.len());
        let reps = usize::try_from(req.max_repetitions().max(0))
            .unwrap_or(0)
            .min(1000);
        let mut out = Vec::new();
        for vb in &req.varbinds[..n] {
            out.push(match self.next_of(vb.name) {
                Some(i) => self.binding(i),
                None => VarBind::new(vb.name, Value::EndOfMibView),
            });
        }
        let mut cursors: Vec<RawOid<'a>> = req.varbinds[n..].iter().map(|v| v.name).collect();
        'reps: for _ in 0..reps {
            let mut all_end = true;
            for c in &mut cursors {
                let b = match self.next_of(*c) {
                    Some(i) => {
                        all_end = false;
                        self.binding(i)
                    }
                    None => VarBind::new(*c, Value::EndOfMibView),
                };
                *c = b.name;
                out.push(b);
                if out.len() >= 2000 {
                    break 'reps;
                }
            }
            if all_end {
                break;
            }
        }
        if let Quirk::EndOfMibViewAt { index } = self.quirk
            && index < out.len()
        {
            out[index].value = Value::EndOfMibView;
        }
        out
    }
}

fn answer(
    version: Version,
    community: &[u8],
    request_id: i32,
    status: i32,
    index: i32,
    varbinds: &[VarBind<'_>],
) -> Vec<u8> {
    let mut pdu = Pdu::new(PduType::Response, request_id, varbinds.to_vec());
    pdu.error_status = status;
    pdu.error_index = index;
    Message {
        version,
        community,
        body: Body::Pdu(pdu),
    }
    .to_vec()
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(agent: &QuirkyAgent, pdu: Pdu<'_>, version: Version) -> Vec<Vec<u8>> {
        let c = UdpSocket::bind("127.0.0.1:0").unwrap();
        c.set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let req = Message {
            version,
            community: b"public",
            body: Body::Pdu(pdu),
        }
        .to_vec()
        .unwrap();
        c.send_to(&req, agent.addr()).unwrap();
        let mut out = Vec::new();
        let mut buf = vec![0u8; 65_536];
        // The first answer may take a moment; a second one follows at once or not at all.
        c.set_read_timeout(Some(Duration::from_millis(150)))
            .unwrap();
        while let Ok((n, _)) = c.recv_from(&mut buf) {
            out.push(buf[..n].to_vec());
            c.set_read_timeout(Some(Duration::from_millis(40))).unwrap();
        }
        out
    }

    fn names(bytes: &[u8]) -> Vec<String> {
        let m = Message::decode(bytes).unwrap();
        m.body
            .varbinds()
            .iter()
            .map(|vb| match vb.value {
                Value::EndOfMibView => "end".to_owned(),
                _ => vb.name.to_string(),
            })
            .collect()
    }

    #[test]
    fn a_correct_agent_walks_in_order() {
        let a = QuirkyAgent::start(Quirk::None, table(3)).unwrap();
        let start = oid("1.3.6.1.2.1.2");
        let r = ask(
            &a,
            Pdu::get_bulk(1, 0, 10, vec![VarBind::null(start.as_raw())]),
            Version::V2c,
        );
        assert_eq!(r.len(), 1);
        let n = names(&r[0]);
        assert_eq!(n.len(), 7, "{n:?}");
        assert_eq!(n[0], "1.3.6.1.2.1.2.2.1.1.1");
        assert_eq!(n[6], "end");
    }

    #[test]
    fn quirks_bend_the_answers() {
        let start = oid("1.3.6.1.2.1.2");
        let bulk = || Pdu::get_bulk(7, 0, 5, vec![VarBind::null(start.as_raw())]);
        let a = QuirkyAgent::start(Quirk::IgnoreGetBulk, table(3)).unwrap();
        assert!(ask(&a, bulk(), Version::V2c).is_empty());
        assert_eq!(a.stats().ignored, 1);
        let a = QuirkyAgent::start(Quirk::BulkAsGetNext, table(3)).unwrap();
        assert_eq!(names(&ask(&a, bulk(), Version::V2c)[0]).len(), 1);
        let a = QuirkyAgent::start(Quirk::V1Answers, table(3)).unwrap();
        let r = ask(&a, bulk(), Version::V2c);
        assert_eq!(Message::decode(&r[0]).unwrap().version, Version::V1);
        let a = QuirkyAgent::start(Quirk::EndOfMibViewAt { index: 2 }, table(3)).unwrap();
        assert_eq!(names(&ask(&a, bulk(), Version::V2c)[0])[2], "end");
        let a = QuirkyAgent::start(Quirk::NonIncreasing { at: 3 }, table(3)).unwrap();
        let n = names(&ask(&a, bulk(), Version::V2c)[0]);
        assert_eq!(n[0], "1.3.6.1.2.1.2.2.1.1.1");
        assert_eq!(n[1], n[0], "no progress past object 2");
        let a = QuirkyAgent::start(
            Quirk::TooBig {
                max_varbinds: 3,
                max_octets: MAX_DATAGRAM,
            },
            table(3),
        )
        .unwrap();
        let m = ask(&a, bulk(), Version::V2c);
        let Body::Pdu(p) = Message::decode(&m[0]).unwrap().body else {
            panic!()
        };
        assert_eq!((p.error_status, p.varbinds.len()), (1, 0));
        let a = QuirkyAgent::start(Quirk::Truncated { then_correct: true }, table(3)).unwrap();
        let r = ask(&a, bulk(), Version::V2c);
        assert_eq!(r.len(), 2);
        assert!(Message::decode(&r[0]).is_err() && Message::decode(&r[1]).is_ok());
        let a = QuirkyAgent::start(
            Quirk::WrongRequestId {
                then_correct: false,
            },
            table(3),
        )
        .unwrap();
        let r = ask(&a, bulk(), Version::V2c);
        let Body::Pdu(p) = Message::decode(&r[0]).unwrap().body else {
            panic!()
        };
        assert_ne!(p.request_id, 7);
        let a = QuirkyAgent::start(Quirk::EnormousVarbinds { count: 3000 }, table(3)).unwrap();
        let r = ask(&a, bulk(), Version::V2c);
        assert!(r[0].len() <= MAX_DATAGRAM);
        assert_eq!(names(&r[0]).len(), 3000);
    }

    #[test]
    fn other_port_and_other_address() {
        for (quirk, same_ip) in [
            (Quirk::FromOtherPort { then_correct: true }, true),
            (Quirk::FromOtherAddress { then_correct: true }, false),
        ] {
            let a = QuirkyAgent::start(quirk, table(1)).unwrap();
            let c = UdpSocket::bind("127.0.0.1:0").unwrap();
            c.set_read_timeout(Some(Duration::from_millis(300)))
                .unwrap();
            let o = oid("1.3.6.1.2.1.1.5.0");
            let req = Message {
                version: Version::V2c,
                community: b"public",
                body: Body::Pdu(Pdu::new(PduType::Get, 3, vec![VarBind::null(o.as_raw())])),
            }
            .to_vec()
            .unwrap();
            c.send_to(&req, a.addr()).unwrap();
            let mut buf = [0u8; 2048];
            let (_, first) = c.recv_from(&mut buf).unwrap();
            let (_, second) = c.recv_from(&mut buf).unwrap();
            assert_ne!(first, a.addr());
            assert_eq!(first.ip() == a.addr().ip(), same_ip);
            assert_eq!(second, a.addr());
        }
    }
}
