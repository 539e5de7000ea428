//! The sans-IO engine's per-packet costs with many requests outstanding (steady state).
//!
//! The bench plays the driver's part the way `winsnmp-testkit`'s `Sim` does: one session,
//! one v2c destination entity (`192.0.2.10:161`), a fake agent that answers each GET with
//! `Integer 7`, and a fake clock (an `Instant` advanced by hand; nothing sleeps). Before
//! measuring, `N` requests are sent (10,000; from 1,000 to 100,000 for `response/N`, the
//! O(1) check); every measurement keeps that many outstanding, so tables, timer queues and
//! queues stay bounded whatever the iteration count.
//!
//! - `response/N`: `handle_datagram` of the Response to the oldest outstanding request,
//!   then what the driver and the blocking helper do with it: `poll_event` (one event),
//!   `take_response` (the queued message, dropped) and `poll_timeout` (which discards the
//!   answered request's now-stale deadline). Timed in chunks of 100 packets; between
//!   chunks, untimed, 100 new requests are sent (outstanding stays within N−100..N) and
//!   the next chunk's datagrams are copied into one buffer. N = 1,000, 10,000, 50,000
//!   and 100,000.
//! - `response_recv_msg/10000`: the same with `recv_msg(ALL)` (the `SnmpRecvMsg` path: four
//!   new handles) and freeing the four handles instead of `take_response`.
//! - `dropped/duplicate`, `dropped/stray`: `handle_datagram` of a Response to a request
//!   answered a moment ago (remembered: counted as a duplicate) or to an id never used
//!   (stray); nothing is queued, nothing changes but a counter.
//! - `timeout/retransmit`: requests with a 1 s timeout, sent 100 µs apart, with retries to
//!   spare; each iteration advances the clock 100 µs, so `handle_timeout` finds exactly
//!   one deadline due, re-arms it and queues a retransmission, which `poll_transmit`
//!   hands over (and the bench drops); then `poll_timeout`.
//! - `timeout/retry1+resend`: the same with retry 1 (`SnmpSetRetry` cannot set 0: 0
//!   restores the default, 3), arranged so that the expiries alternate: a retransmission,
//!   then a final timeout, which ends its request with an `SNMPAPI_TL_TIMEOUT` event
//!   (`poll_event`) and is replaced at once by a new request (`create_pdu`, `send_msg`,
//!   `free_pdu`, `poll_transmit`), keeping 10,000 outstanding and the deadlines evenly
//!   spaced. So one final timeout + resend ≈ 2 × this − `timeout/retransmit`.
//! - `send/10000`: `send_msg` (encode, request table, timer, transmit queue) plus the
//!   driver's `poll_transmit`, with the PDU handles made and freed outside the timed part;
//!   chunks of 100, answered (untimed) between chunks.
//!
//! Before the benchmarks, the memory of 100,000 outstanding requests (issue 16 (c)) is
//! measured from the resident set (`/proc/self/statm`) of this fresh process and printed
//! (`cargo bench -p winsnmp-engine --bench datagrams -- --test` prints it and runs each
//! benchmark once).
//!
//! ```sh
//! CARGO_TARGET_DIR=/tmp/target-bench2 cargo bench -p winsnmp-engine --bench datagrams -- \
//!     --warm-up-time 1 --measurement-time 3
//! ```

use std::collections::VecDeque;
use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use winsnmp_engine::consts::*;
use winsnmp_engine::{
    EndpointChange, EndpointId, EndpointRole, Engine, HContext, HEntity, HSession, HVbl, Limits,
    PduData, RecvOutputs, SmiValue, SnmpApiError, StartupKind, Transmit, VarBindEntry,
    decode_message, encode_message,
};

/// Packets per timed chunk in the chunked benchmarks.
const CHUNK: usize = 100;

/// The fake agent.
fn agent() -> SocketAddr {
    SocketAddr::new(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 10)), 161)
}

/// The agent's Response to the request `t` carries (every binding `Integer 7`), with
/// request id `id` (the request's own when `None`).
fn response_to(t: &Transmit, id: Option<i32>) -> Vec<u8> {
    let d = decode_message(&t.bytes, 1).expect("request decodes");
    let pdu = PduData {
        varbinds: d
            .pdu
            .varbinds
            .iter()
            .map(|vb| VarBindEntry {
                name: vb.name.clone(),
                value: SmiValue::Int(7),
            })
            .collect(),
        ..PduData::new(SNMP_PDU_RESPONSE, id.unwrap_or(d.pdu.request_id))
    };
    encode_message(d.version, &d.community, &pdu, 65_507).expect("response encodes")
}

/// An engine with one session sending GETs of `sysUpTime.0` to the fake agent.
struct World {
    e: Engine<()>,
    now: Instant,
    s: HSession,
    dst: HEntity,
    ctx: HContext,
    vbl: HVbl,
    shared: EndpointId,
    next_id: i32,
    /// Outstanding requests, oldest first: (request id, the agent's Response).
    outstanding: VecDeque<(i32, Vec<u8>)>,
    /// Whether `send` keeps the Responses (the memory measurement does not).
    keep: bool,
}

impl World {
    fn new(timeout_cs: u32, retry: u32) -> Self {
        let mut e: Engine<()> = Engine::new(Limits::default());
        e.startup(StartupKind::Startup).expect("startup");
        let s = e.create_session(0, 0, Some(())).expect("session");
        let mut shared = None;
        while let Some(ch) = e.poll_endpoint() {
            if let EndpointChange::Open(spec) = ch {
                let ip = match spec.bind.ip() {
                    IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)),
                    IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::new(0xfd00, 0, 0, 0, 0, 0, 0, 1)),
                };
                e.endpoint_opened(spec.id, SocketAddr::new(ip, 40_000));
                if spec.role == EndpointRole::Shared && spec.bind.is_ipv4() {
                    shared = Some(spec.id);
                }
            }
        }
        let dst = e.str_to_entity(s, "192.0.2.10").expect("entity");
        e.set_timeout(dst, timeout_cs).expect("timeout");
        e.set_retry(dst, retry).expect("retry");
        let ctx = e.str_to_context(s, b"public").expect("context");
        let vbl = e
            .create_vbl(s, Some(&SYS_UP_TIME_0), Some(&SmiValue::Null))
            .expect("vbl");
        Self {
            e,
            now: Instant::now(),
            s,
            dst,
            ctx,
            vbl,
            shared: shared.expect("a shared IPv4 endpoint"),
            next_id: 1,
            outstanding: VecDeque::new(),
            keep: true,
        }
    }

    fn take_id(&mut self) -> i32 {
        let id = self.next_id;
        self.next_id = if id == i32::MAX { 1 } else { id + 1 };
        id
    }

    /// Sends one GET with a fresh PDU and returns its transmission.
    fn send_raw(&mut self) -> (i32, Transmit) {
        let id = self.take_id();
        let pdu = self
            .e
            .create_pdu(self.s, SNMP_PDU_GET, id, 0, 0, Some(self.vbl))
            .expect("pdu");
        self.e
            .send_msg(self.now, self.s, None, self.dst, self.ctx, pdu)
            .expect("send");
        self.e.free_pdu(pdu).expect("free pdu");
        (id, self.e.poll_transmit().expect("a transmission"))
    }

    /// Sends one GET and remembers the agent's Response to it (when `keep`).
    fn send_one(&mut self) {
        let (id, t) = self.send_raw();
        if self.keep {
            self.outstanding.push_back((id, response_to(&t, None)));
        }
    }

    fn send(&mut self, n: usize) {
        for _ in 0..n {
            self.send_one();
        }
    }

    /// Answers the oldest outstanding request, untimed (the Response is taken and dropped).
    fn answer_oldest(&mut self) {
        let (id, bytes) = self.outstanding.pop_front().expect("outstanding");
        self.e
            .handle_datagram(self.now, self.shared, agent(), &bytes);
        let ev = self.e.poll_event().expect("event");
        assert_eq!((ev.wparam, ev.lparam), (0, id));
        self.e.take_response(self.s, id).expect("queued response");
    }
}

fn rss_kib() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = text.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4)
}

/// Resident memory taken by 100,000 outstanding requests (run first, in a fresh process).
fn memory() {
    const N: usize = 100_000;
    let mut w = World::new(100_000, 0);
    w.keep = false;
    // Warm the allocator and the transmit queue up with a few requests first.
    w.send(100);
    let len = w.send_raw().1.bytes.len();
    let before = rss_kib();
    w.send(N);
    let after = rss_kib();
    assert_eq!(w.e.outstanding_requests(), N + 101);
    if let (Some(b), Some(a)) = (before, after) {
        let per = (a.saturating_sub(b) * 1024) as f64 / N as f64;
        println!(
            "memory: {N} outstanding GETs ({len}-byte datagrams): RSS +{} KiB, \
             {per:.0} bytes per request ({:.0} + datagram)",
            a.saturating_sub(b),
            per - len as f64
        );
    }
}

/// `response/N` (and the `recv_msg` variant): the Response to the oldest request.
fn response(c: &mut Criterion, group: &str, n: usize, recv_msg: bool) {
    let mut w = World::new(100_000, 0);
    w.send(n);
    // The chunk's datagrams, copied into one buffer before timing: a received datagram is
    // in cache when the driver hands it over.
    let mut ids: Vec<i32> = Vec::with_capacity(CHUNK);
    let mut flat: Vec<u8> = Vec::new();
    let mut spans: Vec<std::ops::Range<usize>> = Vec::with_capacity(CHUNK);
    let mut g = c.benchmark_group(group);
    g.bench_function(BenchmarkId::from_parameter(n), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            let mut left = iters;
            while left > 0 {
                let k = (left as usize).min(CHUNK);
                left -= k as u64;
                ids.clear();
                flat.clear();
                spans.clear();
                for (id, bytes) in w.outstanding.drain(..k) {
                    ids.push(id);
                    spans.push(flat.len()..flat.len() + bytes.len());
                    flat.extend_from_slice(&bytes);
                }
                let (e, s, shared, now) = (&mut w.e, w.s, w.shared, w.now);
                let t0 = Instant::now();
                for (id, span) in ids.iter().zip(&spans) {
                    let bytes = &flat[span.clone()];
                    e.handle_datagram(now, shared, agent(), bytes);
                    let ev = e.poll_event();
                    debug_assert_eq!(ev.map(|x| x.lparam), Some(*id));
                    black_box(ev);
                    if recv_msg {
                        let r = e.recv_msg(s, RecvOutputs::ALL).expect("recv_msg");
                        let _ = e.free_entity(r.src.expect("src"));
                        let _ = e.free_entity(r.dst.expect("dst"));
                        let _ = e.free_context(r.context.expect("context"));
                        let _ = e.free_pdu(r.pdu.expect("pdu"));
                    } else {
                        black_box(e.take_response(s, *id).expect("queued"));
                    }
                    black_box(e.poll_timeout());
                }
                total += t0.elapsed();
                w.now += Duration::from_micros(1);
                w.send(k);
            }
            total
        });
    });
    g.finish();
    let st = w.e.comm_stats();
    assert_eq!(st.responses + n as u64, st.transmissions);
    assert_eq!(st.queue_full + st.duplicates + st.stray + st.malformed, 0);
    assert_eq!(w.e.outstanding_requests(), n);
    assert!(w.e.timer_entries() <= n + CHUNK, "{}", w.e.timer_entries());
}

fn responses(c: &mut Criterion) {
    memory();
    for n in [1_000, 10_000, 50_000, 100_000] {
        response(c, "response", n, false);
    }
    response(c, "response_recv_msg", 10_000, true);
}

/// `dropped/*`: a Response nobody waits for.
fn dropped(c: &mut Criterion) {
    let mut w = World::new(100_000, 0);
    w.send(10_001);
    let duplicate = w.outstanding[0].1.clone();
    w.answer_oldest();
    let stray = response_to(&w.send_raw().1, Some(2_000_000_000));
    let before = w.e.comm_stats();
    let mut g = c.benchmark_group("dropped");
    for (name, bytes) in [("duplicate", &duplicate), ("stray", &stray)] {
        g.bench_function(name, |b| {
            b.iter(|| {
                w.e.handle_datagram(w.now, w.shared, agent(), black_box(bytes));
            });
        });
    }
    g.finish();
    let after = w.e.comm_stats();
    assert!(after.duplicates > before.duplicates && after.stray > before.stray);
    assert_eq!(after.responses, before.responses);
    assert!(w.e.poll_event().is_none());
}

/// `timeout/*`: exactly one deadline due per `handle_timeout`.
fn timeouts(c: &mut Criterion) {
    const N: u64 = 10_000;
    let step = Duration::from_micros(100); // N × step = the 1 s timeout
    let mut g = c.benchmark_group("timeout");
    for (name, retry) in [("retransmit", 1_000_000_000), ("retry1+resend", 1)] {
        let mut w = World::new(100, retry);
        w.keep = false;
        if retry > 1 {
            // One request per slot, all in their first wait.
            for _ in 0..N {
                w.send_one();
                w.now += step;
            }
        } else {
            // Odd slots hold requests already retransmitted (their final timeout is next),
            // even slots requests in their first wait: the two kinds of expiry alternate.
            for k in 0..2 * N {
                w.e.handle_timeout(w.now);
                while w.e.poll_transmit().is_some() {}
                assert!(w.e.poll_event().is_none());
                if (k < N && k % 2 == 1) || (k >= N && k % 2 == 0) {
                    w.send_one();
                }
                w.now += step;
            }
        }
        w.now -= step;
        assert_eq!(w.e.outstanding_requests() as u64, N);
        let start = w.e.comm_stats();
        g.bench_function(name, |b| {
            b.iter(|| {
                w.now += step;
                w.e.handle_timeout(w.now);
                if let Some(ev) = w.e.poll_event() {
                    debug_assert_eq!(ev.wparam, SnmpApiError::TlTimeout.code());
                    w.send_one();
                } else {
                    black_box(w.e.poll_transmit().expect("a retransmission"));
                }
                black_box(w.e.poll_timeout());
            });
        });
        let st = w.e.comm_stats();
        let (re, to) = (
            st.retransmissions - start.retransmissions,
            st.timeouts - start.timeouts,
        );
        println!("{name}: {re} retransmissions, {to} final timeouts");
        assert!(re > 0 && (retry > 1 || re.abs_diff(to) <= 1));
        assert_eq!(w.e.outstanding_requests() as u64, N);
        assert!(
            w.e.timer_entries() as u64 <= N + 1,
            "{}",
            w.e.timer_entries()
        );
        assert!(w.e.poll_transmit().is_none() && w.e.poll_event().is_none());
    }
    g.finish();
}

/// `send/10000`: `send_msg` + `poll_transmit`.
fn sends(c: &mut Criterion) {
    const N: usize = 10_000;
    let mut w = World::new(100_000, 0);
    w.send(N);
    let mut pdus = Vec::with_capacity(CHUNK);
    let mut sent: Vec<(i32, Transmit)> = Vec::with_capacity(CHUNK);
    let mut g = c.benchmark_group("send");
    g.bench_function(BenchmarkId::from_parameter(N), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            let mut left = iters;
            while left > 0 {
                let k = (left as usize).min(CHUNK);
                left -= k as u64;
                for _ in 0..k {
                    w.answer_oldest();
                }
                pdus.clear();
                for _ in 0..k {
                    let id = w.take_id();
                    let p = w.e.create_pdu(w.s, SNMP_PDU_GET, id, 0, 0, Some(w.vbl));
                    pdus.push((id, p.expect("pdu")));
                }
                let (e, s, dst, ctx, now) = (&mut w.e, w.s, w.dst, w.ctx, w.now);
                let t0 = Instant::now();
                for &(id, pdu) in &pdus {
                    e.send_msg(now, s, None, dst, ctx, pdu).expect("send");
                    sent.push((id, e.poll_transmit().expect("transmit")));
                }
                total += t0.elapsed();
                for (id, t) in sent.drain(..) {
                    w.outstanding.push_back((id, response_to(&t, None)));
                }
                for &(_, pdu) in &pdus {
                    w.e.free_pdu(pdu).expect("free");
                }
                w.now += Duration::from_micros(1);
            }
            total
        });
    });
    g.finish();
    assert_eq!(w.e.outstanding_requests(), N);
}

criterion_group!(benches, responses, dropped, timeouts, sends);
criterion_main!(benches);
