//! The communications engine in a simulated world (fake clock, in-memory network, fake
//! agents): retransmission counts and spacing, timeouts, cancel, close, loss, duplicates,
//! reordering, late and foreign responses, traps, informs and the agent role. Item numbers
//! are winsnmp-api.md §6. Every scenario checks that each request ends exactly once.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Duration;

use winsnmp_engine::consts::*;
use winsnmp_engine::{
    HSession, PduData, RecvOutputs, SmiValue, SnmpApiError as E, VarBindEntry, Version,
    decode_message, encode_message,
};
use winsnmp_testkit::sim::{AgentMode, Sim};

/// `SNMPAPI_TL_TIMEOUT`.
const TIMEOUT: u32 = 108;

fn addr(s: &str) -> SocketAddr {
    s.parse().unwrap()
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// Every request id in `ids` got exactly one ending event (answer or timeout) for `s`.
fn ended_once(sim: &Sim, s: HSession, ids: &[i32]) -> HashMap<i32, u32> {
    let mut ends: HashMap<i32, u32> = HashMap::new();
    for e in sim.events_for(s) {
        *ends.entry(e.lparam).or_default() += 1;
    }
    for id in ids {
        assert_eq!(
            ends.get(id),
            Some(&1),
            "request {id} ended {:?} times",
            ends.get(id)
        );
    }
    ends
}

#[test]
fn item_78_three_sends_same_id_then_one_timeout() {
    let mut sim = Sim::new(1);
    let agent = sim.add_agent(addr("192.0.2.1:161"), AgentMode::Silent);
    let s = sim.session();
    let t0 = sim.now();
    let id = sim.send_get(s, agent, 50, 2);
    sim.run_for(Duration::from_secs(10));
    let sends = sim.sends_of(id);
    assert_eq!(sends.len(), 3);
    assert_eq!(
        sends.iter().map(|t| *t - t0).collect::<Vec<_>>(),
        [ms(0), ms(500), ms(1000)]
    );
    let ev = sim.events_for(s);
    assert_eq!(ev.len(), 1);
    assert_eq!((ev[0].wparam, ev[0].lparam), (TIMEOUT, id));
    assert_eq!(sim.events[0].0 - t0, ms(1500));
    // Nothing queued for a timeout (Appendix E 3).
    assert_eq!(sim.engine.recv_msg(s, RecvOutputs::ALL), Err(E::Noop));
    assert_eq!(sim.engine.outstanding_requests(), 0);
    assert_eq!(sim.engine.comm_stats().timeouts, 1);
}

#[test]
fn items_75_76_77_response_queued_then_four_handles() {
    let mut sim = Sim::new(2);
    let agent = sim.add_agent(addr("192.0.2.1:161"), AgentMode::Answer);
    let s = sim.session();
    assert_eq!(sim.engine.recv_msg(s, RecvOutputs::ALL), Err(E::Noop));
    let id = sim.send_get(s, agent, 100, 3);
    assert!(
        sim.events_for(s).is_empty(),
        "send returns before the reply"
    );
    sim.run_for(Duration::from_secs(5));
    let ev = sim.events_for(s);
    assert_eq!(ev.len(), 1);
    assert_eq!((ev[0].wparam, ev[0].lparam), (0, id));
    let before = sim.engine.counts();
    let r = sim.engine.recv_msg(s, RecvOutputs::ALL).unwrap();
    assert_eq!(sim.engine.counts().total(), before.total() + 4);
    assert_eq!(r.request_id, id);
    assert_eq!(r.pdu_type, SNMP_PDU_RESPONSE);
    let src = r.src.unwrap();
    assert_eq!(sim.engine.entity_to_str(src, 100).unwrap(), "192.0.2.1");
    let dst = r.dst.unwrap();
    assert_eq!(
        sim.engine.entity(dst).unwrap().addr,
        sim.shared_v4(),
        "dst is the local endpoint"
    );
    let pdu = sim.engine.pdu(r.pdu.unwrap()).unwrap();
    assert_eq!(pdu.varbinds[0].value, SmiValue::Int(7));
    assert_eq!(
        sim.engine.context(r.context.unwrap()).unwrap().community,
        b"public"
    );
    sim.engine.free_entity(src).unwrap();
    sim.engine.free_entity(dst).unwrap();
    sim.engine.free_context(r.context.unwrap()).unwrap();
    sim.engine.free_pdu(r.pdu.unwrap()).unwrap();
    assert_eq!(sim.engine.counts(), before);
    assert_eq!(sim.engine.recv_msg(s, RecvOutputs::ALL), Err(E::Noop));
    assert_eq!(sim.sends_of(id).len(), 1);
}

#[test]
fn recv_with_null_outputs_skips_them_and_all_null_is_noop() {
    let mut sim = Sim::new(3);
    let agent = sim.add_agent(addr("192.0.2.1:161"), AgentMode::Answer);
    let s = sim.session();
    sim.send_get(s, agent, 100, 3);
    sim.run_for(Duration::from_secs(1));
    assert_eq!(
        sim.engine.recv_msg(s, RecvOutputs::default()),
        Err(E::Noop),
        "nothing dequeued"
    );
    let before = sim.engine.counts().total();
    let r = sim
        .engine
        .recv_msg(
            s,
            RecvOutputs {
                pdu: true,
                ..RecvOutputs::default()
            },
        )
        .unwrap();
    assert!(r.src.is_none() && r.dst.is_none() && r.context.is_none());
    assert_eq!(sim.engine.counts().total(), before + 1);
}

#[test]
fn item_79_mode_off_one_transmission_no_timeout_late_answer_still_delivered() {
    let mut sim = Sim::new(4);
    let silent = sim.add_agent(addr("192.0.2.1:161"), AgentMode::Silent);
    let slow = sim.add_agent(addr("192.0.2.2:161"), AgentMode::Delay(ms(700)));
    let s = sim.session();
    sim.engine.set_retransmit_mode(SNMPAPI_OFF).unwrap();
    let a = sim.send_get(s, silent, 50, 2);
    let b = sim.send_get(s, slow, 50, 2);
    sim.run_for(Duration::from_secs(10));
    assert_eq!(sim.sends_of(a).len(), 1);
    assert_eq!(sim.sends_of(b).len(), 1);
    let ev = sim.events_for(s);
    assert_eq!(
        ev.len(),
        1,
        "no timeout notice in OFF mode, the answer is delivered"
    );
    assert_eq!((ev[0].wparam, ev[0].lparam), (0, b));
    assert_eq!(sim.engine.outstanding_requests(), 0, "forgotten silently");
}

#[test]
fn item_80_off_between_retries_stops_and_on_does_not_restart() {
    let mut sim = Sim::new(5);
    let agent = sim.add_agent(addr("192.0.2.1:161"), AgentMode::Silent);
    let s = sim.session();
    let a = sim.send_get(s, agent, 50, 3);
    sim.run_for(ms(600)); // one retransmission made
    assert_eq!(sim.sends_of(a).len(), 2);
    sim.engine.set_retransmit_mode(SNMPAPI_OFF).unwrap();
    let b = sim.send_get(s, agent, 50, 3); // sent while OFF
    sim.engine.set_retransmit_mode(SNMPAPI_ON).unwrap();
    sim.run_for(Duration::from_secs(10));
    assert_eq!(sim.sends_of(a).len(), 2);
    assert_eq!(sim.sends_of(b).len(), 1);
    assert!(sim.events_for(s).is_empty());
    assert_eq!(sim.engine.outstanding_requests(), 0);
    // Requests sent after ON retransmit again.
    let c = sim.send_get(s, agent, 50, 1);
    sim.run_for(Duration::from_secs(10));
    assert_eq!(sim.sends_of(c).len(), 2);
    assert_eq!(sim.events_for(s).len(), 1);
}

#[test]
fn item_81_retry_zero_means_default_three() {
    let mut sim = Sim::new(6);
    let agent = sim.add_agent(addr("192.0.2.1:161"), AgentMode::Silent);
    let s = sim.session();
    let t0 = sim.now();
    let id = sim.send_get(s, agent, 0, 0);
    sim.run_for(Duration::from_secs(60));
    let sends = sim.sends_of(id);
    assert_eq!(sends.len(), 4, "1 + DEFAULT_RETRY transmissions");
    assert_eq!(sends[3] - t0, Duration::from_secs(3), "default timeout 1 s");
    assert_eq!(sim.events[0].0 - t0, Duration::from_secs(4));
}

#[test]
fn items_82_83_cancel() {
    let mut sim = Sim::new(7);
    let agent = sim.add_agent(addr("192.0.2.1:161"), AgentMode::Delay(ms(800)));
    let s = sim.session();
    let id = sim.send_get(s, agent, 50, 3);
    sim.run_for(ms(100));
    sim.engine.cancel_msg(s, id).unwrap();
    sim.run_for(Duration::from_secs(10));
    assert_eq!(sim.sends_of(id).len(), 1, "no retransmission after cancel");
    assert!(sim.events_for(s).is_empty(), "no timeout, no late response");
    assert_eq!(sim.engine.comm_stats().late, 1);
    assert_eq!(sim.engine.cancel_msg(s, id), Err(E::PduInvalid));
    assert_eq!(sim.engine.cancel_msg(s, 999_999), Err(E::PduInvalid));
    assert_eq!(sim.engine.last_error(Some(s)), E::PduInvalid as u32);
    // Another session cannot cancel it.
    let other = sim.session();
    let id2 = sim.send_get(s, agent, 50, 3);
    assert_eq!(sim.engine.cancel_msg(other, id2), Err(E::PduInvalid));
}

#[test]
fn item_20_close_with_requests_in_flight_no_event_afterwards_no_leak() {
    let mut sim = Sim::new(8);
    let slow = sim.add_agent(addr("192.0.2.1:161"), AgentMode::Delay(ms(300)));
    let silent = sim.add_agent(addr("192.0.2.2:161"), AgentMode::Silent);
    let s = sim.session();
    let keep = sim.session();
    for _ in 0..10 {
        sim.send_get(s, slow, 50, 1);
        sim.send_get(s, silent, 50, 1);
    }
    let k = sim.send_get(keep, silent, 50, 1);
    sim.run_for(ms(10));
    sim.engine.close(s).unwrap();
    sim.sync();
    sim.run_for(Duration::from_secs(10));
    assert!(sim.events_for(s).is_empty());
    assert_eq!(sim.engine.comm_stats().cancelled, 20);
    assert_eq!(sim.engine.comm_stats().late, 10);
    ended_once(&sim, keep, &[k]);
    assert_eq!(sim.engine.outstanding_requests(), 0);
    sim.engine.close(keep).unwrap();
    assert_eq!(sim.engine.counts().total(), 0);
}

#[test]
fn item_87_reverse_order_and_foreign_and_duplicates() {
    let mut sim = Sim::new(9);
    let slow = sim.add_agent(addr("192.0.2.1:161"), AgentMode::Delay(ms(400)));
    let fast = sim.add_agent(addr("192.0.2.2:161"), AgentMode::Answer);
    let twice = sim.add_agent(addr("192.0.2.3:161"), AgentMode::AnswerTwice);
    let foreign = sim.add_agent(addr("192.0.2.4:161"), AgentMode::AnswerFromPort(1161));
    let s = sim.session();
    let a = sim.send_get(s, slow, 100, 1);
    let b = sim.send_get(s, fast, 100, 1);
    let c = sim.send_get(s, twice, 100, 1);
    let d = sim.send_get(s, foreign, 30, 1);
    sim.run_for(Duration::from_secs(5));
    let ev = sim.events_for(s);
    let order: Vec<i32> = ev
        .iter()
        .filter(|e| e.wparam == 0)
        .map(|e| e.lparam)
        .collect();
    assert_eq!(
        order,
        [b, c, a],
        "answers in arrival order, each matched by id"
    );
    let timeouts: Vec<i32> = ev
        .iter()
        .filter(|e| e.wparam == TIMEOUT)
        .map(|e| e.lparam)
        .collect();
    assert_eq!(
        timeouts,
        [d],
        "a foreign answer does not complete the request"
    );
    ended_once(&sim, s, &[a, b, c, d]);
    let st = sim.engine.comm_stats();
    assert_eq!(st.duplicates, 1);
    assert_eq!(
        st.foreign, 2,
        "original and retransmission answered from the wrong port"
    );
    for id in [b, c, a] {
        let r = sim.engine.recv_msg(s, RecvOutputs::ALL).unwrap();
        assert_eq!(r.request_id, id);
    }
}

#[test]
fn late_response_after_timeout_and_stray_are_counted_and_dropped() {
    let mut sim = Sim::new(10);
    let agent = sim.add_agent(addr("192.0.2.1:161"), AgentMode::Delay(ms(900)));
    let s = sim.session();
    let id = sim.send_get(s, agent, 20, 1);
    sim.run_for(Duration::from_secs(5));
    let ev = sim.events_for(s);
    assert_eq!(ev.len(), 1);
    assert_eq!((ev[0].wparam, ev[0].lparam), (TIMEOUT, id));
    assert_eq!(sim.engine.comm_stats().late, 2);
    // A response nobody asked for.
    let bytes = encode_message(
        Version::V2c,
        b"public",
        &PduData::new(SNMP_PDU_RESPONSE, 0x7777),
        65507,
    )
    .unwrap();
    let me = sim.shared_v4();
    sim.inject(addr("192.0.2.1:161"), me, &bytes);
    assert_eq!(sim.engine.comm_stats().stray, 1);
    assert_eq!(sim.events_for(s).len(), 1);
}

#[test]
fn loss_duplicates_reordering_every_request_ends_exactly_once() {
    for seed in 1..=4 {
        let mut sim = Sim::new(seed);
        sim.net.loss = 0.3;
        sim.net.duplicate = 0.2;
        sim.net.min_latency = ms(1);
        sim.net.max_latency = ms(400);
        let agents: Vec<SocketAddr> = (1..=5)
            .map(|i| sim.add_agent(addr(&format!("192.0.2.{i}:161")), AgentMode::Answer))
            .collect();
        let s = sim.session();
        let mut ids = Vec::new();
        for i in 0..1000 {
            ids.push(sim.send_get(s, agents[i % agents.len()], 50, 3));
            if i % 100 == 0 {
                sim.run_for(ms(37));
            }
        }
        sim.run_for(Duration::from_secs(60));
        let ends = ended_once(&sim, s, &ids);
        assert_eq!(ends.len(), ids.len());
        let answered = sim.events_for(s).iter().filter(|e| e.wparam == 0).count();
        let st = sim.engine.comm_stats();
        assert_eq!(st.responses as usize, answered);
        assert_eq!((st.responses + st.timeouts) as usize, ids.len());
        assert!(answered > 900, "seed {seed}: only {answered} answered");
        assert!(st.duplicates + st.late > 0);
        assert_eq!(sim.engine.outstanding_requests(), 0);
        // Every retransmission reused the request id and at most 1 + retry were sent.
        let sends = sim.sends_by_id();
        for id in &ids {
            assert!((1..=4).contains(&sends[id].len()));
        }
    }
}

#[test]
fn fifty_thousand_outstanding_requests() {
    let mut sim = Sim::new(11);
    let agent = sim.add_agent(addr("192.0.2.1:161"), AgentMode::Silent);
    let replier = sim.add_agent(addr("192.0.2.2:161"), AgentMode::Delay(ms(500)));
    let mut limits = sim.engine.limits();
    limits.max_queued_messages = 50_000;
    sim.engine.set_limits(limits);
    let s = sim.session();
    let e_silent = sim.entity(s, agent, 100, 1);
    let e_reply = sim.entity(s, replier, 100, 1);
    let mut ids = Vec::new();
    for i in 0..50_000 {
        let dst = if i % 2 == 0 { e_silent } else { e_reply };
        ids.push(sim.send_pdu(s, None, dst, SNMP_PDU_GET, 0).unwrap());
    }
    assert_eq!(sim.engine.outstanding_requests(), 50_000);
    assert_eq!(
        sim.engine.session(s).unwrap().outstanding_requests(),
        50_000
    );
    sim.run_for(Duration::from_secs(10));
    ended_once(&sim, s, &ids);
    let st = sim.engine.comm_stats();
    assert_eq!((st.responses, st.timeouts), (25_000, 25_000));
    assert_eq!(st.retransmissions, 25_000);
    assert_eq!(sim.engine.outstanding_requests(), 0);
    sim.engine.poll_timeout();
    assert_eq!(sim.engine.timer_entries(), 0, "no stale timer left behind");
    // Request ids were unique.
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len());
}

#[test]
fn full_receive_queue_leaves_the_request_to_time_out() {
    let mut sim = Sim::new(14);
    let mut limits = sim.engine.limits();
    limits.max_queued_messages = 2;
    sim.engine.set_limits(limits);
    let agent = sim.add_agent(addr("192.0.2.1:161"), AgentMode::Answer);
    let s = sim.session();
    let ids: Vec<i32> = (0..5).map(|_| sim.send_get(s, agent, 50, 1)).collect();
    sim.run_for(Duration::from_secs(5));
    ended_once(&sim, s, &ids);
    let st = sim.engine.comm_stats();
    assert_eq!((st.responses, st.timeouts), (2, 3));
    assert_eq!(st.queue_full, 6, "both copies of the three others");
    // The session counts its own drops.
    assert_eq!(sim.engine.session(s).unwrap().queue().dropped(), 6);
}

#[test]
fn send_error_ends_the_request_with_tl_undeliverable() {
    let mut sim = Sim::new(15);
    let agent = sim.add_agent(addr("192.0.2.1:161"), AgentMode::Answer);
    sim.unreachable.push(agent.ip());
    let s = sim.session();
    let id = sim.send_get(s, agent, 50, 3);
    sim.run_for(Duration::from_secs(5));
    let ev = sim.events_for(s);
    assert_eq!(ev.len(), 1);
    assert_eq!((ev[0].wparam, ev[0].lparam), (104, id));
    assert_eq!(sim.engine.outstanding_requests(), 0);
    assert_eq!(sim.engine.comm_stats().undeliverable, 1);
}

#[test]
fn request_id_collisions() {
    let mut sim = Sim::new(12);
    let a = sim.add_agent(addr("192.0.2.1:161"), AgentMode::Silent);
    let b = sim.add_agent(addr("192.0.2.2:161"), AgentMode::Silent);
    let s = sim.session();
    let t = sim.session();
    let ea = sim.entity(s, a, 50, 1);
    let eb = sim.entity(s, b, 50, 1);
    assert_eq!(sim.send_pdu(s, None, ea, SNMP_PDU_GET, 4242), Ok(4242));
    // Same session, same destination: the application's own retransmission.
    assert_eq!(sim.send_pdu(s, None, ea, SNMP_PDU_GET, 4242), Ok(4242));
    assert_eq!(sim.engine.outstanding_requests(), 1);
    assert_eq!(
        sim.send_pdu(s, None, eb, SNMP_PDU_GET, 4242),
        Err(E::PduInvalid)
    );
    assert_eq!(
        sim.send_pdu(t, None, ea, SNMP_PDU_GET, 4242),
        Err(E::PduInvalid)
    );
    sim.run_for(Duration::from_secs(5));
    ended_once(&sim, s, &[4242]);
}

fn vb(name: &[u32], value: SmiValue) -> VarBindEntry {
    VarBindEntry {
        name: name.to_vec(),
        value,
    }
}

fn trap_pdu(id: i32, trap_oid: &[u32]) -> PduData {
    PduData {
        varbinds: vec![
            vb(&SYS_UP_TIME_0, SmiValue::TimeTicks(1234)),
            vb(&SNMP_TRAP_OID_0, SmiValue::Oid(trap_oid.to_vec())),
            vb(&[1, 3, 6, 1, 2, 1, 2, 2, 1, 1, 7], SmiValue::Int(7)),
        ],
        ..PduData::new(SNMP_PDU_TRAP, id)
    }
}

fn v2_trap(id: i32, trap_oid: &[u32], community: &[u8]) -> Vec<u8> {
    encode_message(Version::V2c, community, &trap_pdu(id, trap_oid), 65507).unwrap()
}

fn inform(id: i32, trap_oid: &[u32]) -> Vec<u8> {
    let p = PduData {
        pdu_type: SNMP_PDU_INFORM,
        ..trap_pdu(id, trap_oid)
    };
    encode_message(Version::V2c, b"public", &p, 65507).unwrap()
}

/// A v1 trap: generic `generic`, enterprise 1.3.6.1.4.1.9999, time-stamp 1234.
fn v1_trap(generic: u32, specific: u32) -> Vec<u8> {
    let ent = [1, 3, 6, 1, 4, 1, 9999];
    let oid: Vec<u32> = if generic == 6 {
        [&ent[..], &[0, specific]].concat()
    } else {
        [&SNMP_TRAPS[..], &[generic + 1]].concat()
    };
    let mut p = trap_pdu(1, &oid);
    p.varbinds
        .push(vb(&SNMP_TRAP_ENTERPRISE_0, SmiValue::Oid(ent.to_vec())));
    encode_message(Version::V1, b"public", &p, 65507).unwrap()
}

const COLD_START: [u32; 10] = [1, 3, 6, 1, 6, 3, 1, 1, 5, 1];

fn trap_port_addr(sim: &Sim) -> SocketAddr {
    SocketAddr::new(
        std::net::IpAddr::V4(winsnmp_testkit::sim::HOST_V4),
        sim.engine.trap_port(),
    )
}

fn recv_pdu(sim: &mut Sim, s: HSession) -> (PduData, String) {
    let r = sim.engine.recv_msg(s, RecvOutputs::ALL).unwrap();
    let src = sim.engine.entity_to_str(r.src.unwrap(), 200).unwrap();
    (sim.engine.pdu(r.pdu.unwrap()).unwrap().clone(), src)
}

#[test]
fn items_88_89_90_95_registered_session_gets_v2_v1_traps_and_acked_informs() {
    let mut sim = Sim::new(20);
    let s = sim.session();
    sim.engine.set_trap_port(Some(10162));
    sim.engine
        .register(s, None, None, None, None, SNMPAPI_ON)
        .unwrap();
    assert!(sim.sync().is_empty());
    let port = trap_port_addr(&sim);
    assert_eq!(port.port(), 10162);
    let sender = addr("192.0.2.9:40001");
    sim.inject(sender, port, &v2_trap(55, &COLD_START, b"public"));
    sim.inject(sender, port, &v1_trap(2, 0));
    sim.inject(sender, port, &v1_trap(6, 17));
    sim.inject(sender, port, &inform(77, &COLD_START));
    let ev = sim.events_for(s);
    assert_eq!(ev.len(), 4);
    assert!(ev.iter().all(|e| e.wparam == 0));
    let (p, src) = recv_pdu(&mut sim, s);
    assert_eq!((p.pdu_type, p.request_id), (SNMP_PDU_TRAP, 55));
    assert_eq!(src, "192.0.2.9:40001", "item 95: the sender's address");
    // Item 89: the v1 trap in SNMPv2 form, enterprise last, non-zero request id.
    let (p, _) = recv_pdu(&mut sim, s);
    assert_eq!(p.pdu_type, SNMP_PDU_TRAP);
    assert_ne!(p.request_id, 0);
    assert_eq!(p.varbinds[0], vb(&SYS_UP_TIME_0, SmiValue::TimeTicks(1234)));
    assert_eq!(
        p.varbinds[1],
        vb(
            &SNMP_TRAP_OID_0,
            SmiValue::Oid(vec![1, 3, 6, 1, 6, 3, 1, 1, 5, 3])
        )
    );
    assert_eq!(p.varbinds[2].value, SmiValue::Int(7));
    assert_eq!(
        p.varbinds.last().unwrap(),
        &vb(
            &SNMP_TRAP_ENTERPRISE_0,
            SmiValue::Oid(vec![1, 3, 6, 1, 4, 1, 9999])
        )
    );
    // Item 90: enterprise-specific.
    let (p, _) = recv_pdu(&mut sim, s);
    assert_eq!(
        p.varbinds[1].value,
        SmiValue::Oid(vec![1, 3, 6, 1, 4, 1, 9999, 0, 17])
    );
    let (p, _) = recv_pdu(&mut sim, s);
    assert_eq!((p.pdu_type, p.request_id), (SNMP_PDU_INFORM, 77));
    // The inform was acknowledged: a Response, same id and varbinds, from the trap port.
    let acks: Vec<_> = sim.sent.iter().filter(|(_, t)| t.to == sender).collect();
    assert_eq!(acks.len(), 1);
    let d = decode_message(&acks[0].1.bytes, 1).unwrap();
    assert_eq!((d.pdu.pdu_type, d.pdu.request_id), (SNMP_PDU_RESPONSE, 77));
    assert_eq!(d.pdu.varbinds, trap_pdu(77, &COLD_START).varbinds);
    assert_eq!(sim.endpoint_addr(acks[0].1.local), Some(port));
    assert_eq!(sim.engine.comm_stats().informs_acknowledged, 1);
    // The same inform again (our acknowledgement was lost): acknowledged, not delivered.
    sim.inject(sender, port, &inform(77, &COLD_START));
    assert_eq!(sim.events_for(s).len(), 4);
    assert_eq!(sim.engine.comm_stats().informs_acknowledged, 2);
}

#[test]
fn cleanup_closes_every_endpoint_and_forgets_everything() {
    let mut sim = Sim::new(25);
    let agent = sim.add_agent(addr("192.0.2.1:161"), AgentMode::Delay(ms(100)));
    let s = sim.session();
    sim.engine.set_trap_port(Some(10162));
    sim.engine
        .register(s, None, None, None, None, SNMPAPI_ON)
        .unwrap();
    let me = sim.engine.str_to_entity(s, "10.0.0.1:1161").unwrap();
    sim.engine.listen(me, SNMPAPI_ON, None).unwrap();
    sim.send_get(s, agent, 50, 1);
    sim.sync();
    let shared = sim.shared_v4();
    sim.engine
        .cleanup(winsnmp_engine::StartupKind::Startup)
        .unwrap();
    sim.sync();
    assert_eq!(sim.engine.outstanding_requests(), 0);
    assert_eq!(sim.engine.poll_timeout(), None);
    sim.run_for(Duration::from_secs(5));
    assert!(sim.events.is_empty());
    // Nothing is open any more: a datagram to the old shared address goes nowhere.
    sim.inject(agent, shared, b"x");
    assert_eq!(sim.engine.comm_stats().datagrams, 0);
}

#[test]
fn items_91_92_93_94_registration_filters() {
    let mut sim = Sim::new(21);
    sim.engine.set_trap_port(Some(10162));
    let s = sim.session();
    let agent = sim.entity(s, addr("192.0.2.1:161"), 100, 1);
    let ctx = sim.engine.str_to_context(s, b"secret").unwrap();
    // Item 91: prefix pattern.
    let a = sim.session();
    sim.engine
        .register(a, None, None, None, Some(&SNMP_TRAPS), SNMPAPI_ON)
        .unwrap();
    // Item 92: dst (sending agent) and context filters; item 93: state 7 registers.
    let b = sim.session();
    sim.engine
        .register(b, None, Some(agent), None, None, 7)
        .unwrap();
    let c = sim.session();
    sim.engine
        .register(c, None, None, Some(ctx), None, SNMPAPI_ON)
        .unwrap();
    // Item 94: 311, then the redundant 311.1, then one OFF with 311.
    let d = sim.session();
    let ms311 = [1, 3, 6, 1, 4, 1, 311];
    let ms311_1 = [1, 3, 6, 1, 4, 1, 311, 1];
    sim.engine
        .register(d, None, None, None, Some(&ms311), SNMPAPI_ON)
        .unwrap();
    sim.engine
        .register(d, None, None, None, Some(&ms311_1), SNMPAPI_ON)
        .unwrap();
    sim.engine
        .register(d, None, None, None, Some(&ms311), SNMPAPI_ON)
        .unwrap();
    assert_eq!(
        sim.engine.registrations(d),
        1,
        "redundant ones are not stored"
    );
    sim.engine
        .register(d, None, None, None, Some(&ms311), SNMPAPI_OFF)
        .unwrap();
    assert_eq!(sim.engine.registrations(d), 0);
    // Unregistering what is not registered succeeds and does nothing.
    sim.engine
        .register(d, None, None, None, Some(&ms311), SNMPAPI_OFF)
        .unwrap();
    sim.sync();
    let port = trap_port_addr(&sim);
    sim.inject(
        addr("192.0.2.1:5000"),
        port,
        &v2_trap(1, &COLD_START, b"public"),
    );
    sim.inject(
        addr("192.0.2.2:5000"),
        port,
        &v2_trap(2, &[1, 3, 6, 1, 6, 3, 1, 1], b"public"),
    );
    sim.inject(
        addr("192.0.2.2:5000"),
        port,
        &v2_trap(3, &COLD_START, b"secret"),
    );
    sim.inject(
        addr("192.0.2.2:5000"),
        port,
        &v2_trap(4, &ms311_1, b"public"),
    );
    let ids = |s: HSession| {
        sim.events_for(s)
            .iter()
            .map(|e| e.lparam)
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(a), [1, 3], "prefix match; a shorter OID does not match");
    assert_eq!(ids(b), [1], "only traps from 192.0.2.1");
    assert_eq!(ids(c), [3], "only community secret");
    assert!(ids(d).is_empty());
    // Bad OID.
    assert_eq!(
        sim.engine
            .register(d, None, None, None, Some(&[]), SNMPAPI_ON),
        Err(E::OidInvalid)
    );
}

#[test]
fn trap_port_in_use_is_tl_in_use_and_last_unregister_releases_it() {
    let mut sim = Sim::new(22);
    sim.engine.set_trap_port(Some(10162));
    sim.refuse_ports.push(10162);
    let s = sim.session();
    sim.engine
        .register(s, None, None, None, None, SNMPAPI_ON)
        .unwrap();
    assert_eq!(sim.sync(), [E::TlInUse]);
    assert_eq!(sim.engine.last_error(Some(s)), E::TlInUse as u32);
    assert_eq!(sim.engine.registrations(s), 0, "rolled back");
    sim.refuse_ports.clear();
    sim.engine
        .register(s, None, None, None, None, SNMPAPI_ON)
        .unwrap();
    assert!(sim.sync().is_empty());
    let port = trap_port_addr(&sim);
    sim.inject(
        addr("192.0.2.1:5000"),
        port,
        &v2_trap(1, &COLD_START, b"public"),
    );
    assert_eq!(sim.events_for(s).len(), 1);
    sim.engine
        .register(s, None, None, None, None, SNMPAPI_OFF)
        .unwrap();
    sim.sync();
    sim.inject(
        addr("192.0.2.1:5000"),
        port,
        &v2_trap(2, &COLD_START, b"public"),
    );
    assert_eq!(sim.events_for(s).len(), 1, "port closed");
    // Closing a session drops its registrations too.
    sim.engine
        .register(s, None, None, None, None, SNMPAPI_ON)
        .unwrap();
    sim.sync();
    sim.engine.close(s).unwrap();
    sim.sync();
    let t = sim.session();
    sim.inject(
        addr("192.0.2.1:5000"),
        port,
        &v2_trap(3, &COLD_START, b"public"),
    );
    assert!(sim.events_for(t).is_empty());
    assert_eq!(
        sim.engine.comm_stats().unregistered,
        0,
        "no socket, nothing arrived"
    );
}

#[test]
fn items_96_to_100_agent_role() {
    let mut sim = Sim::new(23);
    let s = sim.session();
    let me = sim.engine.str_to_entity(s, "10.0.0.1:1161").unwrap();
    assert_eq!(sim.engine.listen(me, 5, None), Err(E::ModeInvalid));
    assert_eq!(
        sim.engine.listen(me, SNMPAPI_ON, Some(2)),
        Err(E::ModeInvalid)
    );
    assert_eq!(sim.engine.listen(me, SNMPAPI_OFF, None), Err(E::Noop));
    sim.engine.listen(me, SNMPAPI_ON, None).unwrap();
    assert!(sim.sync().is_empty());
    assert_eq!(
        sim.engine.listen(me, SNMPAPI_ON, None),
        Err(E::Noop),
        "item 96"
    );
    assert_eq!(sim.engine.set_port(me, 2000), Err(E::OperationInvalid));
    let ep = sim.engine.listen_endpoint(me).unwrap();
    assert_eq!(sim.endpoint_addr(ep), Some(addr("10.0.0.1:1161")));
    // Item 98: a GET from a manager is delivered with dst = the agent entity.
    let manager = addr("192.0.2.50:33333");
    let get = PduData {
        varbinds: vec![vb(&SYS_UP_TIME_0, SmiValue::Null)],
        ..PduData::new(SNMP_PDU_GET, 9001)
    };
    let bytes = encode_message(Version::V2c, b"anything", &get, 65507).unwrap();
    sim.inject(manager, addr("10.0.0.1:1161"), &bytes);
    let ev = sim.events_for(s);
    assert_eq!((ev.len(), ev[0].wparam, ev[0].lparam), (1, 0, 9001));
    let r = sim.engine.recv_msg(s, RecvOutputs::ALL).unwrap();
    assert_eq!(r.pdu_type, SNMP_PDU_GET);
    assert_eq!(
        sim.engine.entity(r.dst.unwrap()).unwrap().addr,
        addr("10.0.0.1:1161")
    );
    assert_eq!(sim.engine.entity(r.src.unwrap()).unwrap().addr, manager);
    assert_eq!(
        sim.engine.context(r.context.unwrap()).unwrap().community,
        b"anything"
    );
    // Answer: SnmpSendMsg(s, agent, requester, ctx, response) leaves from the agent socket.
    let pdu = r.pdu.unwrap();
    sim.engine
        .set_pdu_data(pdu, Some(SNMP_PDU_RESPONSE), None, None, None, None)
        .unwrap();
    let now = sim.now();
    sim.engine
        .send_msg(now, s, Some(me), r.src.unwrap(), r.context.unwrap(), pdu)
        .unwrap();
    sim.sync();
    let (_, t) = sim.sent.last().unwrap().clone();
    assert_eq!((t.local, t.to), (ep, manager));
    assert_eq!(
        sim.engine.outstanding_requests(),
        0,
        "responses are not tracked"
    );
    // Traps on an agent socket are not delivered; informs are, acknowledged.
    sim.inject(
        manager,
        addr("10.0.0.1:1161"),
        &v2_trap(5, &COLD_START, b"public"),
    );
    sim.inject(manager, addr("10.0.0.1:1161"), &inform(6, &COLD_START));
    assert_eq!(sim.events_for(s).len(), 2);
    assert_eq!(sim.engine.comm_stats().unexpected, 1);
    // Item 99: OFF releases the port at once.
    sim.engine.listen(me, SNMPAPI_OFF, None).unwrap();
    sim.sync();
    assert_eq!(sim.endpoint_addr(ep), None);
    sim.engine.set_port(me, 1162).unwrap();
    // Item 97: port in use is TL_OTHER, and the entity is not listening.
    sim.refuse_ports.push(1162);
    sim.engine.listen(me, SNMPAPI_ON, None).unwrap();
    assert_eq!(sim.sync(), [E::TlOther]);
    assert!(!sim.engine.entity(me).unwrap().listening);
    assert_eq!(sim.engine.last_error(Some(s)), E::TlOther as u32);
    // Item 100: closing the session frees its port; SnmpListenEx binds all addresses.
    sim.refuse_ports.clear();
    sim.engine
        .listen(me, SNMPAPI_ON, Some(SNMPLISTEN_ALL_ADDR))
        .unwrap();
    sim.sync();
    let ep = sim.engine.listen_endpoint(me).unwrap();
    assert!(sim.endpoint_addr(ep).is_some());
    sim.engine.close(s).unwrap();
    sim.sync();
    assert_eq!(sim.endpoint_addr(ep), None);
}

/// `SnmpSendMsg`'s source entity: the socket with its address sends (the agent's, also for
/// the entity `SnmpRecvMsg` made for it, as the reference's "swap the entities" idiom
/// does); a source no socket has is refused with `SNMPAPI_TL_SRC_INVALID` for a Response
/// (the requester would not match an answer from elsewhere) and for another address family,
/// and is the manager's own name otherwise (requests leave from the shared socket).
#[test]
fn send_from_a_source_entity() {
    let mut sim = Sim::new(29);
    let s = sim.session();
    let me = sim.engine.str_to_entity(s, "10.0.0.1:1161").unwrap();
    sim.engine.listen(me, SNMPAPI_ON, None).unwrap();
    sim.sync();
    let ep = sim.engine.listen_endpoint(me).unwrap();
    let manager = addr("192.0.2.50:33333");
    let get = PduData {
        varbinds: vec![vb(&SYS_UP_TIME_0, SmiValue::Null)],
        ..PduData::new(SNMP_PDU_GET, 9002)
    };
    let bytes = encode_message(Version::V2c, b"public", &get, 65507).unwrap();
    sim.inject(manager, addr("10.0.0.1:1161"), &bytes);
    let r = sim.engine.recv_msg(s, RecvOutputs::ALL).unwrap();
    let (from, to, ctx, pdu) = (
        r.src.unwrap(),
        r.dst.unwrap(),
        r.context.unwrap(),
        r.pdu.unwrap(),
    );
    sim.engine
        .set_pdu_data(pdu, Some(SNMP_PDU_RESPONSE), None, None, None, None)
        .unwrap();
    let now = sim.now();
    // The received message's entities, swapped: the answer leaves from the agent socket.
    sim.engine
        .send_msg(now, s, Some(to), from, ctx, pdu)
        .unwrap();
    sim.sync();
    let (_, t) = sim.sent.last().unwrap().clone();
    assert_eq!((t.local, t.to), (ep, manager));
    // So does another handle for the same address.
    let same = sim.engine.str_to_entity(s, "10.0.0.1:1161").unwrap();
    sim.engine
        .send_msg(now, s, Some(same), from, ctx, pdu)
        .unwrap();
    sim.sync();
    assert_eq!(sim.sent.last().unwrap().1.local, ep);
    // An address no socket has: a Response is refused; a request is the manager's.
    let nowhere = sim.engine.str_to_entity(s, "10.0.0.9:5000").unwrap();
    let sent = sim.sent.len();
    assert_eq!(
        sim.engine.send_msg(now, s, Some(nowhere), from, ctx, pdu),
        Err(E::TlSrcInvalid)
    );
    assert_eq!(sim.engine.last_error(Some(s)), E::TlSrcInvalid as u32);
    sim.sync();
    assert_eq!(sim.sent.len(), sent, "nothing sent");
    let id = sim
        .send_pdu(s, Some(nowhere), from, SNMP_PDU_GET, 0)
        .unwrap();
    let (_, t) = sim.sent.last().unwrap().clone();
    assert_ne!(t.local, ep);
    assert_eq!(
        (t.to, t.request),
        (manager, Some(winsnmp_engine::RequestId(id)))
    );
    // Another address family: refused, whatever the PDU.
    let v6 = sim.engine.str_to_entity(s, "[2001:db8::5]:5000").unwrap();
    assert_eq!(
        sim.send_pdu(s, Some(v6), from, SNMP_PDU_GET, 0),
        Err(E::TlSrcInvalid)
    );
    // Listening on every address (SnmpListenEx): matched by port and family.
    sim.engine.listen(me, SNMPAPI_OFF, None).unwrap();
    sim.sync();
    assert_eq!(
        sim.engine.send_msg(now, s, Some(to), from, ctx, pdu),
        Err(E::TlSrcInvalid),
        "the agent stopped listening"
    );
    sim.engine
        .listen(me, SNMPAPI_ON, Some(SNMPLISTEN_ALL_ADDR))
        .unwrap();
    sim.sync();
    let all = sim.engine.listen_endpoint(me).unwrap();
    sim.engine
        .send_msg(now, s, Some(to), from, ctx, pdu)
        .unwrap();
    sim.sync();
    assert_eq!(sim.sent.last().unwrap().1.local, all);
}

#[test]
fn freeing_a_listening_entity_releases_its_port() {
    let mut sim = Sim::new(24);
    let s = sim.session();
    let me = sim.engine.str_to_entity(s, "10.0.0.1:1161").unwrap();
    sim.engine.listen(me, SNMPAPI_ON, None).unwrap();
    sim.sync();
    let ep = sim.engine.listen_endpoint(me).unwrap();
    sim.engine.free_entity(me).unwrap();
    sim.sync();
    assert_eq!(sim.endpoint_addr(ep), None);
}

#[test]
fn items_84_85_86_send_errors() {
    let mut sim = Sim::new(13);
    let s = sim.session();
    let v1 = sim.engine.str_to_entity(s, "192.0.2.1").unwrap();
    assert_eq!(
        sim.send_pdu(s, None, v1, SNMP_PDU_INFORM, 0),
        Err(E::OperationInvalid)
    );
    assert_eq!(sim.engine.last_error(Some(s)), E::OperationInvalid as u32);
    // GetBulk to v1 goes out as GetNext and is tracked.
    let id = sim.send_pdu(s, None, v1, SNMP_PDU_GETBULK, 0).unwrap();
    let d = decode_message(&sim.sent.last().unwrap().1.bytes, 1).unwrap();
    assert_eq!((d.pdu.pdu_type, d.pdu.request_id), (SNMP_PDU_GETNEXT, id));
    let pdu = sim
        .engine
        .create_pdu(s, SNMP_PDU_GET, 0, 0, 0, None)
        .unwrap();
    let ctx = sim.engine.str_to_context(s, b"public").unwrap();
    let now = sim.now();
    sim.engine.free_context(ctx).unwrap();
    assert_eq!(
        sim.engine.send_msg(now, s, None, v1, ctx, pdu),
        Err(E::ContextInvalid)
    );
    let ctx = sim.engine.str_to_context(s, b"public").unwrap();
    let gone = sim.engine.str_to_entity(s, "192.0.2.2").unwrap();
    sim.engine.free_entity(gone).unwrap();
    assert_eq!(
        sim.engine.send_msg(now, s, None, gone, ctx, pdu),
        Err(E::EntityInvalid)
    );
    assert_eq!(
        sim.engine.send_msg(now, s, Some(gone), v1, ctx, pdu),
        Err(E::EntityInvalid)
    );
    let bad = sim
        .engine
        .create_pdu(s, SNMP_PDU_GET, 0, 3, 0, None)
        .unwrap();
    assert_eq!(
        sim.engine.send_msg(now, s, None, v1, ctx, bad),
        Err(E::PduInvalid)
    );
    let mut limits = sim.engine.limits();
    limits.max_message_size = 40;
    sim.engine.set_limits(limits);
    let vbl = sim
        .engine
        .create_vbl(
            s,
            Some(&SYS_UP_TIME_0),
            Some(&SmiValue::Octets(vec![0; 100])),
        )
        .unwrap();
    let big = sim
        .engine
        .create_pdu(s, SNMP_PDU_SET, 0, 0, 0, Some(vbl))
        .unwrap();
    assert_eq!(
        sim.engine.send_msg(now, s, None, v1, ctx, big),
        Err(E::TlPduTooBig)
    );
    let other = sim.session();
    sim.engine.close(other).unwrap();
    assert_eq!(
        sim.engine.send_msg(now, other, None, v1, ctx, pdu),
        Err(E::SessionInvalid)
    );
    // IPv6 destination goes out from the IPv6 shared socket.
    let v6 = sim.engine.str_to_entity(s, "[2001:db8::1]:161").unwrap();
    sim.engine.set_limits(Default::default());
    sim.engine.send_msg(now, s, None, v6, ctx, pdu).unwrap();
    sim.sync();
    let (_, t) = sim.sent.last().unwrap();
    assert!(sim.endpoint_addr(t.local).unwrap().is_ipv6());
    assert_eq!(t.to, addr("[2001:db8::1]:161"));
}

#[test]
fn garbage_datagrams_never_panic_and_are_counted() {
    let mut sim = Sim::new(30);
    let s = sim.session();
    sim.engine.set_trap_port(Some(10162));
    sim.engine
        .register(s, None, None, None, None, SNMPAPI_ON)
        .unwrap();
    sim.sync();
    let port = trap_port_addr(&sim);
    let me = sim.shared_v4();
    let mut rng = winsnmp_testkit::sim::Rng::new(99);
    let valid = v2_trap(1, &COLD_START, b"public");
    for i in 0..5000 {
        let mut b: Vec<u8> = if i % 2 == 0 {
            (0..rng.below(80)).map(|_| rng.next_u64() as u8).collect()
        } else {
            valid.clone()
        };
        if i % 2 == 1 {
            let at = rng.below(b.len() as u64) as usize;
            b[at] ^= 1 << rng.below(8);
            let cut = rng.below(b.len() as u64 + 1) as usize;
            b.truncate(cut.max(1));
        }
        sim.inject(
            addr("192.0.2.1:5000"),
            if i % 3 == 0 { me } else { port },
            &b,
        );
    }
    let st = sim.engine.comm_stats();
    assert_eq!(st.datagrams, 5000);
    assert!(st.malformed > 2000);
}

#[path = "engine_sim/limits.rs"]
mod limits;
#[path = "engine_sim/usm.rs"]
mod usm;

/// Review defect 7: a v1 trap gets a request id no outstanding request uses (the engine
/// used to take the generator's next value without skipping outstanding ids).
#[test]
fn a_v1_trap_never_takes_an_outstanding_request_id() {
    let mut sim = Sim::new(33);
    let silent = sim.add_agent(addr("192.0.2.1:161"), AgentMode::Silent);
    let s = sim.session();
    sim.engine.set_trap_port(Some(10163));
    sim.engine
        .register(s, None, None, None, None, SNMPAPI_ON)
        .unwrap();
    sim.sync();
    // The generator hands out 1 next; the application takes 1 and 2 for its own requests.
    let e = sim.entity(s, silent, 500, 1);
    for id in [1, 2] {
        assert_eq!(sim.send_pdu(s, None, e, SNMP_PDU_GET, id), Ok(id));
    }
    let port = trap_port_addr(&sim);
    sim.inject(addr("192.0.2.9:40001"), port, &v1_trap(2, 0));
    sim.inject(addr("192.0.2.9:40001"), port, &v1_trap(3, 0));
    let (a, _) = recv_pdu(&mut sim, s);
    let (b, _) = recv_pdu(&mut sim, s);
    for id in [a.request_id, b.request_id] {
        assert!(![0, 1, 2].contains(&id), "trap id {id} collides");
    }
    assert_ne!(a.request_id, b.request_id);
    // SnmpDecodeMsg gives a v1 trap such an id too.
    let d = sim
        .engine
        .decode_msg(s, &v1_trap(2, 0), winsnmp_engine::DecodeOutputs::ALL)
        .unwrap();
    let id = sim.engine.pdu(d.pdu.unwrap()).unwrap().request_id;
    assert!(![0, 1, 2, a.request_id, b.request_id].contains(&id));
}

/// Review defect 9: with the retransmit mode OFF, an answer that comes after the request
/// was forgotten (timeout × (retry + 1)) is still delivered, once, to an application
/// running its own retry policy; a second copy is a duplicate; a request ended by a
/// timeout notice (mode ON) or a cancel stays ended.
#[test]
fn late_answers_in_retransmit_off_mode_are_delivered_once() {
    let mut sim = Sim::new(34);
    let slow = sim.add_agent(addr("192.0.2.2:161"), AgentMode::Delay(ms(1500)));
    let s = sim.session();
    sim.engine.set_retransmit_mode(SNMPAPI_OFF).unwrap();
    let id = sim.send_get(s, slow, 50, 1); // forgotten after 1 s, answered after 1.5 s
    sim.run_for(Duration::from_secs(5));
    let ev = sim.events_for(s);
    assert_eq!(ev.len(), 1, "{ev:?}");
    assert_eq!((ev[0].wparam, ev[0].lparam), (0, id));
    let (p, src) = recv_pdu(&mut sim, s);
    assert_eq!((p.pdu_type, p.request_id), (SNMP_PDU_RESPONSE, id));
    assert_eq!(src, "192.0.2.2");
    assert_eq!(sim.engine.comm_stats().late_delivered, 1);
    // The same answer again is a duplicate; from another address it is not ours.
    let resp = encode_message(
        Version::V2c,
        b"public",
        &PduData::new(SNMP_PDU_RESPONSE, id),
        65507,
    )
    .unwrap();
    sim.inject(slow, sim.shared_v4(), &resp);
    assert_eq!(sim.events_for(s).len(), 1);
    // Mode ON: the timeout notice ends it for good.
    sim.engine.set_retransmit_mode(SNMPAPI_ON).unwrap();
    let id2 = sim.send_get(s, slow, 50, 1);
    sim.run_for(Duration::from_secs(5));
    let ev: Vec<_> = sim
        .events_for(s)
        .into_iter()
        .filter(|e| e.lparam == id2)
        .collect();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].wparam, TIMEOUT);
    assert_eq!(sim.engine.comm_stats().late_delivered, 1);
    assert!(sim.engine.comm_stats().late >= 1);
}

#[path = "engine_sim/raw.rs"]
mod raw;
