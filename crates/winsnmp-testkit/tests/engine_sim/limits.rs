//! The receiving side of the limits: a datagram longer than `Limits::max_message_size` or
//! with more bindings than `Limits::max_varbinds` is counted (`CommStats::oversized_received`) and
//! dropped; one that answers an outstanding request ends it with `SNMPAPI_TL_PDU_TOO_BIG`
//! at once instead of leaving it to time out.

use super::*;

/// `SNMPAPI_TL_PDU_TOO_BIG`.
const PDU_TOO_BIG: u32 = 109;

/// A Response to request `id` with `n` bindings of `value`.
fn answer(id: i32, n: usize, value: SmiValue) -> Vec<u8> {
    let pdu = PduData {
        varbinds: (0..n)
            .map(|i| vb(&[1, 3, 6, 1, 2, 1, 2, 2, 1, 2, i as u32 + 1], value.clone()))
            .collect(),
        ..PduData::new(SNMP_PDU_RESPONSE, id)
    };
    encode_message(Version::V2c, b"public", &pdu, 65507).unwrap()
}

fn limited(seed: u64, max_message_size: usize, max_varbinds: usize) -> Sim {
    let mut sim = Sim::new(seed);
    let mut limits = sim.engine.limits();
    limits.max_message_size = max_message_size;
    limits.max_varbinds = max_varbinds;
    sim.engine.set_limits(limits);
    sim
}

#[test]
fn an_answer_above_the_message_size_ends_its_request_with_pdu_too_big() {
    let mut sim = limited(31, 300, 2048);
    let agent = sim.add_agent(addr("192.0.2.1:161"), AgentMode::Silent);
    let s = sim.session();
    let id = sim.send_get(s, agent, 100, 3);
    let big = answer(id, 1, SmiValue::Octets(vec![b'x'; 400]));
    assert!(big.len() > 300);
    let shared = sim.shared_v4();
    // From another address it is only counted (the request is not its to end).
    sim.inject(addr("192.0.2.9:161"), shared, &big);
    assert!(sim.events_for(s).is_empty());
    sim.inject(agent, shared, &big);
    let ev = sim.events_for(s);
    assert_eq!(ev.len(), 1);
    assert_eq!((ev[0].wparam, ev[0].lparam), (PDU_TOO_BIG, id));
    assert_eq!(sim.engine.recv_msg(s, RecvOutputs::ALL), Err(E::Noop));
    assert_eq!(sim.engine.outstanding_requests(), 0);
    // A copy arriving later is a late answer, dropped.
    sim.inject(agent, shared, &big);
    sim.run_for(Duration::from_secs(10));
    assert_eq!(sim.events_for(s).len(), 1, "ended exactly once");
    let st = sim.engine.comm_stats();
    assert_eq!(st.oversized_received, 3);
    assert_eq!(st.responses, 0);
    // Within the limit, the same request works.
    let id2 = sim.send_get(s, agent, 100, 3);
    sim.inject(
        agent,
        shared,
        &answer(id2, 1, SmiValue::Octets(vec![b'x'; 100])),
    );
    assert_eq!(
        sim.events_for(s).last().map(|e| (e.wparam, e.lparam)),
        Some((0, id2))
    );
}

#[test]
fn an_answer_with_too_many_bindings_ends_its_request_with_pdu_too_big() {
    let mut sim = limited(32, 65507, 50);
    let agent = sim.add_agent(addr("192.0.2.1:161"), AgentMode::Silent);
    let s = sim.session();
    let shared = sim.shared_v4();
    let id = sim.send_get(s, agent, 100, 3);
    sim.inject(agent, shared, &answer(id, 51, SmiValue::Int(1)));
    let ev = sim.events_for(s);
    assert_eq!((ev[0].wparam, ev[0].lparam), (PDU_TOO_BIG, id));
    let id2 = sim.send_get(s, agent, 100, 3);
    sim.inject(agent, shared, &answer(id2, 50, SmiValue::Int(1)));
    let r = sim.engine.recv_msg(s, RecvOutputs::ALL).unwrap();
    assert_eq!(r.request_id, id2);
    assert_eq!(sim.engine.pdu(r.pdu.unwrap()).unwrap().varbinds.len(), 50);
    assert_eq!(sim.engine.comm_stats().oversized_received, 1);
}

#[test]
fn oversized_traps_are_counted_and_dropped() {
    let mut sim = limited(33, 65507, 4);
    let s = sim.session();
    sim.engine
        .register(s, None, None, None, None, SNMPAPI_ON)
        .unwrap();
    sim.sync();
    let to = trap_port_addr(&sim);
    let from = addr("192.0.2.1:5000");
    let mut pdu = trap_pdu(7, &[1, 3, 6, 1, 6, 3, 1, 1, 5, 1]);
    sim.inject(
        from,
        to,
        &encode_message(Version::V2c, b"public", &pdu, 65507).unwrap(),
    );
    assert_eq!(sim.events_for(s).len(), 1, "two bindings: delivered");
    for i in 0..3 {
        pdu.varbinds
            .push(vb(&[1, 3, 6, 1, 4, 1, 9, i], SmiValue::Int(1)));
    }
    sim.inject(
        from,
        to,
        &encode_message(Version::V2c, b"public", &pdu, 65507).unwrap(),
    );
    assert_eq!(sim.events_for(s).len(), 1, "five bindings: dropped");
    let st = sim.engine.comm_stats();
    assert_eq!((st.oversized_received, st.notifications), (1, 1));
}
