//! Raw requests (the async client's path): the caller encodes, the engine tracks,
//! retransmits and matches, the answer comes back as bytes.

use std::sync::Arc;
use std::time::Duration;

use winsnmp_engine::consts::*;
use winsnmp_engine::usm::{EntitySecurity, Usm, UsmUser};
use winsnmp_engine::wire::usm::{AuthProtocol, PrivProtocol};
use winsnmp_engine::wire::{
    Body, Message, Oid, Pdu, PduType, Quirks, ScopedPdu, SecurityLevel, Value, VarBind, Version,
};
use winsnmp_engine::{PduData, RawPayload, RawPolicy, RawV3, RequestId, SmiValue, VarBindEntry};
use winsnmp_testkit::sim::{AgentMode, Sim};

use super::{TIMEOUT, addr};

fn get(id: i32) -> Vec<u8> {
    let name: Oid = "1.3.6.1.2.1.1.3.0".parse().unwrap();
    Message {
        version: Version::V2c,
        community: b"public",
        body: Body::Pdu(Pdu::new(
            PduType::Get,
            id,
            vec![VarBind::null(name.as_raw())],
        )),
    }
    .to_vec()
    .unwrap()
}

const POLICY: RawPolicy = RawPolicy {
    timeout_cs: 50,
    retries: 2,
};

#[test]
fn answers_come_back_as_bytes_and_timeouts_as_events() {
    let mut sim = Sim::new(41);
    let agent = sim.add_agent(addr("192.0.2.1:161"), AgentMode::DropFirst(1));
    let silent = sim.add_agent(addr("192.0.2.2:161"), AgentMode::Silent);
    let s = sim.session();
    let now = sim.now();
    sim.engine
        .send_raw(now, s, agent, RequestId(900), get(900), POLICY)
        .unwrap();
    sim.engine
        .send_raw(now, s, silent, RequestId(901), get(901), POLICY)
        .unwrap();
    // The same id for another destination is refused.
    assert_eq!(
        sim.engine
            .send_raw(now, s, silent, RequestId(900), get(900), POLICY),
        Err(winsnmp_engine::SnmpApiError::PduInvalid)
    );
    sim.sync();
    sim.run_for(Duration::from_secs(5));
    let r = sim.engine.poll_raw().expect("an answer");
    assert_eq!(
        (r.session, r.request_id, r.from),
        (s, RequestId(900), agent)
    );
    let RawPayload::Message(bytes) = r.payload else {
        panic!("v2c answers are whole messages")
    };
    let m = Message::decode(&bytes).unwrap();
    assert_eq!(m.body.varbinds()[0].value, Value::Integer(7));
    assert_eq!(
        sim.engine.poll_raw(),
        None,
        "answered once (the agent dropped one try)"
    );
    assert_eq!(sim.sends_of(900).len(), 2);
    assert_eq!(sim.sends_of(901).len(), 3);
    let ev = sim.events_for(s);
    assert_eq!(
        ev.len(),
        1,
        "raw answers are not session events; the timeout is"
    );
    assert_eq!((ev[0].wparam, ev[0].lparam), (TIMEOUT, 901));
    // Nothing was queued for SnmpRecvMsg.
    assert_eq!(sim.engine.session(s).unwrap().queue().len(), 0);
    assert_eq!(sim.engine.outstanding_requests(), 0);
}

/// A WinSNMP request and a raw one in flight together from one session: the raw answer
/// comes out of `poll_raw` as bytes, the other one is decoded and queued for
/// `SnmpRecvMsg` (a response whose id is not a raw request is not taken for one).
#[test]
fn raw_and_winsnmp_requests_side_by_side_each_get_their_answer() {
    let mut sim = Sim::new(43);
    let agent = sim.add_agent(addr("192.0.2.1:161"), AgentMode::Answer);
    let s = sim.session();
    let winsnmp_id = sim.send_get(s, agent, 50, 2);
    let now = sim.now();
    let raw_id = winsnmp_id.wrapping_add(1);
    sim.engine
        .send_raw(now, s, agent, RequestId(raw_id), get(raw_id), POLICY)
        .unwrap();
    sim.sync();
    sim.run_for(Duration::from_secs(2));
    let r = sim.engine.poll_raw().expect("the raw answer");
    assert_eq!(r.request_id, RequestId(raw_id));
    assert_eq!(
        sim.engine.poll_raw(),
        None,
        "only the raw answer comes out raw"
    );
    let queued = sim.engine.session(s).unwrap().queue();
    assert_eq!(
        queued.len(),
        1,
        "the WinSNMP answer is queued for SnmpRecvMsg"
    );
    assert_eq!(sim.engine.outstanding_requests(), 0);
    assert_eq!(sim.engine.comm_stats().responses, 2);
}

#[test]
fn an_answer_from_elsewhere_is_foreign_and_a_closed_session_gets_nothing() {
    let mut sim = Sim::new(42);
    let agent = sim.add_agent(addr("192.0.2.1:161"), AgentMode::AnswerFromPort(9999));
    let slow = sim.add_agent(
        addr("192.0.2.3:161"),
        AgentMode::Delay(Duration::from_millis(300)),
    );
    let s = sim.session();
    let now = sim.now();
    sim.engine
        .send_raw(now, s, agent, RequestId(77), get(77), POLICY)
        .unwrap();
    sim.sync();
    sim.run_for(Duration::from_secs(3));
    assert_eq!(sim.engine.poll_raw(), None);
    assert!(sim.engine.comm_stats().foreign >= 1);
    let now = sim.now();
    sim.engine
        .send_raw(now, s, slow, RequestId(78), get(78), POLICY)
        .unwrap();
    sim.sync();
    sim.engine.close(s).unwrap();
    sim.run_for(Duration::from_secs(3));
    assert_eq!(sim.engine.poll_raw(), None);
}

#[test]
fn snmpv3_raw_requests_discover_and_return_the_scoped_pdu() {
    let mut sim = Sim::new(43);
    let user = UsmUser::from_passwords(
        b"raw",
        Some((AuthProtocol::Sha256, b"authpass123")),
        Some((PrivProtocol::Aes128, b"privpass123")),
    )
    .unwrap();
    let mut usm = Usm::new(b"\x80\x00\x1f\x88\x80raw-agent".to_vec(), 2, 5);
    usm.engine_time(sim.now());
    usm.add_user(user.clone(), None);
    let agent = sim.add_v3_agent(addr("192.0.2.4:161"), AgentMode::Answer, usm);
    let s = sim.session();
    let v3 = RawV3 {
        security: Arc::new(EntitySecurity::new(user, SecurityLevel::AuthPriv)),
        context_name: Vec::new(),
    };
    let pdu = PduData {
        varbinds: vec![VarBindEntry {
            name: SYS_UP_TIME_0.to_vec(),
            value: SmiValue::Null,
        }],
        ..PduData::new(SNMP_PDU_GET, 555)
    };
    let now = sim.now();
    sim.engine
        .send_raw_v3(now, s, agent, &v3, &pdu, POLICY)
        .unwrap();
    sim.sync();
    sim.run_for(Duration::from_secs(3));
    let r = sim.engine.poll_raw().expect("an answer");
    assert_eq!(r.request_id, RequestId(555));
    let RawPayload::ScopedPdu(bytes) = r.payload else {
        panic!("v3 answers are scoped PDUs")
    };
    let sp = ScopedPdu::decode_prefix(&bytes, Quirks::STRICT).unwrap();
    assert_eq!(sp.pdu.pdu_type, PduType::Response);
    assert_eq!(sp.pdu.varbinds[0].value, Value::Integer(7));
    assert!(sim.events_for(s).is_empty());
}
