//! A fixed workload on the engine's hot paths, for instruction counts (timings on a shared
//! machine are too noisy to see a 1% change; instruction counts repeat to a few in 10,000).
//!
//! `hotpath N PHASE` with 10,000 requests outstanding runs N times one of:
//! - `response`: a Response arrives, its event is polled, `SnmpRecvMsg` makes the four
//!   handles, they are freed, `poll_timeout`, and the next GET is sent;
//! - `send`: a GET is built, sent and its PDU freed, the datagram polled;
//! - `stray`: a Response nobody waits for is dropped.
//!
//! Per operation: `(Ir(N) - Ir(0)) / N` with
//! `valgrind --tool=cachegrind --cache-sim=no target/release/examples/hotpath N PHASE`
//! (BENCHMARKS.md, "Accounting and tracing overhead").
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Instant;
use winsnmp_engine::consts::*;
use winsnmp_engine::*;

fn main() {
    let usage = "usage: hotpath N response|send|stray";
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .expect(usage);
    let agent = SocketAddr::new(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 10)), 161);
    let mut e: Engine<()> = Engine::new(Limits::default());
    e.startup(StartupKind::Startup).unwrap();
    let s = e.create_session(0, 0, Some(())).unwrap();
    let mut shared = None;
    while let Some(ch) = e.poll_endpoint() {
        if let EndpointChange::Open(spec) = ch {
            e.endpoint_opened(spec.id, SocketAddr::new(spec.bind.ip(), 40_000));
            if spec.role == EndpointRole::Shared && spec.bind.is_ipv4() {
                shared = Some(spec.id);
            }
        }
    }
    let shared = shared.unwrap();
    let dst = e.str_to_entity(s, "192.0.2.10").unwrap();
    e.set_timeout(dst, 100_000).unwrap();
    let ctx = e.str_to_context(s, b"public").unwrap();
    let vbl = e
        .create_vbl(s, Some(&[1, 3, 6, 1, 2, 1, 1, 3, 0]), Some(&SmiValue::Null))
        .unwrap();
    let now = Instant::now();
    let phase = std::env::args().nth(2).expect(usage);
    assert!(
        matches!(phase.as_str(), "response" | "send" | "stray"),
        "{usage}"
    );
    let total = 10_000 + n;
    // Every response, made before anything is measured (ids are 1..=total).
    let made = if phase == "response" { 30_000 } else { 0 };
    let responses: Vec<Vec<u8>> = (1..=made)
        .map(|id| {
            let pdu = PduData {
                varbinds: vec![VarBindEntry {
                    name: vec![1, 3, 6, 1, 2, 1, 1, 3, 0],
                    value: SmiValue::Int(7),
                }],
                ..PduData::new(SNMP_PDU_RESPONSE, id)
            };
            encode_message(Version::V1, b"public", &pdu, 65_507).unwrap()
        })
        .collect();
    let stray = {
        let pdu = PduData::new(SNMP_PDU_RESPONSE, 2_000_000_000);
        encode_message(Version::V1, b"public", &pdu, 65_507).unwrap()
    };
    let mut next = 1;
    let mut send = |e: &mut Engine<()>| {
        let pdu = e
            .create_pdu(s, SNMP_PDU_GET, next, 0, 0, Some(vbl))
            .unwrap();
        next += 1;
        e.send_msg(now, s, None, dst, ctx, pdu).unwrap();
        e.free_pdu(pdu).unwrap();
        std::hint::black_box(e.poll_transmit().unwrap());
    };
    let sends = if phase == "send" { total } else { 10_000 };
    for _ in 0..sends {
        send(&mut e);
    }
    let mut answered = 0;
    if phase == "response" {
        for bytes in &responses[..n] {
            e.handle_datagram(now, shared, agent, bytes);
            std::hint::black_box(e.poll_event());
            let r = e.recv_msg(s, RecvOutputs::ALL).unwrap();
            e.free_entity(r.src.unwrap()).unwrap();
            e.free_entity(r.dst.unwrap()).unwrap();
            e.free_context(r.context.unwrap()).unwrap();
            e.free_pdu(r.pdu.unwrap()).unwrap();
            std::hint::black_box(e.poll_timeout());
            answered += 1;
            send(&mut e);
        }
    }
    if phase == "stray" {
        for _ in 0..n {
            e.handle_datagram(now, shared, agent, std::hint::black_box(&stray));
        }
    }
    let st = e.comm_stats();
    assert_eq!(st.responses as usize, answered);
    std::hint::black_box(st);
}
