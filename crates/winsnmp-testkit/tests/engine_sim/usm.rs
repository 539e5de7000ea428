//! SNMPv3 through the engine in the simulated world: discovery, the request, time
//! re-synchronisation, every Report turned into its `SNMPAPI_RPT_*` event, loss during
//! discovery, replays, and the retransmission rules unchanged.

use std::time::Duration;

use winsnmp_engine::consts::*;
use winsnmp_engine::usm::{EntitySecurity, Usm, UsmUser};
use winsnmp_engine::wire::SecurityLevel;
use winsnmp_engine::wire::usm::{AuthProtocol, PrivProtocol};
use winsnmp_engine::{HSession, RecvOutputs, SnmpApiError as E, Version};
use winsnmp_testkit::sim::{AgentMode, Sim};

use super::{TIMEOUT, addr, ended_once};

const AGENT_ENGINE: &[u8] = b"\x80\x00\x1f\x88\x80sim-agent";

fn user(name: &str, auth: &str, privacy: &str) -> UsmUser {
    let a: AuthProtocol = auth.parse().unwrap();
    let p: PrivProtocol = privacy.parse().unwrap();
    UsmUser::from_passwords(
        name.as_bytes(),
        Some((a, b"authpass123")),
        Some((p, b"privpass123")),
    )
    .unwrap()
}

/// A world with one SNMPv3 agent (engine boots 4) knowing `users`.
fn world(mode: AgentMode, users: &[UsmUser]) -> (Sim, std::net::SocketAddr) {
    let mut sim = Sim::new(3);
    let mut usm = Usm::new(AGENT_ENGINE.to_vec(), 4, 11);
    usm.engine_time(sim.now());
    for u in users {
        usm.add_user(u.clone(), None);
    }
    let a = sim.add_v3_agent(addr("192.0.2.30:161"), mode, usm);
    (sim, a)
}

fn get(sim: &mut Sim, s: HSession, sec: EntitySecurity, to: std::net::SocketAddr) -> i32 {
    let e = sim.v3_entity(s, to, sec, 100, 2);
    let id = sim.send_pdu(s, None, e, SNMP_PDU_GET, 0).expect("send");
    sim.engine.free_entity(e).unwrap();
    id
}

fn agent_v3(sim: &Sim, a: std::net::SocketAddr) -> Vec<bool> {
    sim.agents[&a].v3_received.iter().map(|x| x.2).collect()
}

#[test]
fn discovery_then_request_is_one_request_to_the_application() {
    let u = user("alice", "SHA-256", "AES");
    let (mut sim, a) = world(AgentMode::Answer, std::slice::from_ref(&u));
    let s = sim.session();
    let id = get(
        &mut sim,
        s,
        EntitySecurity::new(u.clone(), SecurityLevel::AuthPriv),
        a,
    );
    sim.run_for(Duration::from_secs(5));
    // Probe (rejected with a Report), then the request (accepted).
    assert_eq!(agent_v3(&sim, a), [false, true]);
    let ev = sim.events_for(s);
    assert_eq!(ev.len(), 1, "{ev:?}");
    assert_eq!((ev[0].wparam, ev[0].lparam), (0, id));
    let r = sim.engine.recv_msg(s, RecvOutputs::ALL).unwrap();
    let p = sim.engine.pdu(r.pdu.unwrap()).unwrap().clone();
    assert_eq!(p.pdu_type, SNMP_PDU_RESPONSE);
    assert_eq!(p.varbinds[0].value, winsnmp_engine::SmiValue::Int(7));
    let src = r.src.unwrap();
    assert_eq!(sim.engine.entity(src).unwrap().version, Version::V3);
    assert_eq!(sim.engine.entity_engine_id(src).unwrap(), AGENT_ENGINE);
    let ctx = sim.engine.context_to_str(r.context.unwrap(), true).unwrap();
    assert_eq!(ctx, b"public", "the context name travels as the context");

    // The second request to the same agent needs no discovery.
    let id2 = get(
        &mut sim,
        s,
        EntitySecurity::new(u, SecurityLevel::AuthPriv),
        a,
    );
    sim.run_for(Duration::from_secs(5));
    assert_eq!(agent_v3(&sim, a), [false, true, true]);
    ended_once(&sim, s, &[id, id2]);
    assert_eq!(sim.engine.usm_stats(), Default::default());
    assert_eq!(sim.engine.outstanding_requests(), 0);
}

#[test]
fn every_level_and_protocol_pair_against_the_fake_agent() {
    let mut users = vec![UsmUser::new(b"none")];
    let mut cases = vec![(UsmUser::new(b"none"), SecurityLevel::NoAuthNoPriv)];
    for a in AuthProtocol::ALL {
        let name = format!("{a}");
        let au = UsmUser::from_passwords(name.as_bytes(), Some((a, b"authpass123")), None).unwrap();
        users.push(au.clone());
        cases.push((au, SecurityLevel::AuthNoPriv));
        for p in PrivProtocol::ALL {
            let u = user(&format!("{a}-{p}"), a.name(), p.name());
            users.push(u.clone());
            cases.push((u, SecurityLevel::AuthPriv));
        }
    }
    let (mut sim, a) = world(AgentMode::Answer, &users);
    let s = sim.session();
    let mut ids = Vec::new();
    for (u, level) in cases {
        ids.push(get(&mut sim, s, EntitySecurity::new(u, level), a));
        sim.run_for(Duration::from_secs(2));
    }
    let ends = ended_once(&sim, s, &ids);
    assert_eq!(ends.len(), 49);
    assert!(sim.events_for(s).iter().all(|e| e.wparam == 0));
    assert_eq!(sim.engine.usm_stats(), Default::default());
}

/// Ends with the event `code`; nothing is queued.
fn ends_with(sim: &mut Sim, s: HSession, id: i32, code: E) {
    sim.run_for(Duration::from_secs(10));
    let ev = sim.events_for(s);
    assert_eq!(ev.len(), 1, "{ev:?}");
    assert_eq!((ev[0].wparam, ev[0].lparam), (code.code(), id), "{ev:?}");
    assert_eq!(sim.engine.recv_msg(s, RecvOutputs::ALL), Err(E::Noop));
    assert_eq!(sim.engine.outstanding_requests(), 0);
}

#[test]
fn reports_end_the_request_with_their_codes() {
    let alice = user("alice", "SHA", "AES");
    let auth_only =
        UsmUser::from_passwords(b"bob", Some((AuthProtocol::Md5, b"authpass123")), None).unwrap();
    let (mut sim, a) = world(AgentMode::Answer, &[alice.clone(), auth_only]);

    // Wrong authentication password.
    let s = sim.session();
    let wrong = UsmUser::from_passwords(
        b"alice",
        Some((AuthProtocol::Sha1, b"wrongpass123")),
        Some((PrivProtocol::Aes128, b"privpass123")),
    )
    .unwrap();
    let id = get(
        &mut sim,
        s,
        EntitySecurity::new(wrong, SecurityLevel::AuthPriv),
        a,
    );
    ends_with(&mut sim, s, id, E::RptWrongDigest);

    // Unknown user.
    let s = sim.session();
    let id = get(
        &mut sim,
        s,
        EntitySecurity::new(user("carol", "SHA", "AES"), SecurityLevel::AuthPriv),
        a,
    );
    ends_with(&mut sim, s, id, E::RptUnknownUserName);

    // A level the agent's user cannot do.
    let s = sim.session();
    let bob_priv = user("bob", "MD5", "DES");
    let id = get(
        &mut sim,
        s,
        EntitySecurity::new(bob_priv, SecurityLevel::AuthPriv),
        a,
    );
    ends_with(&mut sim, s, id, E::RptUnsuppSecLevel);

    // Wrong privacy password.
    let s = sim.session();
    let wrong_priv = UsmUser::from_passwords(
        b"alice",
        Some((AuthProtocol::Sha1, b"authpass123")),
        Some((PrivProtocol::Aes128, b"wrongpass123")),
    )
    .unwrap();
    let id = get(
        &mut sim,
        s,
        EntitySecurity::new(wrong_priv, SecurityLevel::AuthPriv),
        a,
    );
    ends_with(&mut sim, s, id, E::RptDecryptionError);

    // A wrong engine ID given with -e: no discovery, no second chance.
    let s = sim.session();
    let mut sec = EntitySecurity::new(alice, SecurityLevel::AuthPriv);
    sec.engine_id = Some(b"\x80\x00\x1f\x88\x80not-it".to_vec());
    let id = get(&mut sim, s, sec, a);
    ends_with(&mut sim, s, id, E::RptUnknownEngineId);

    let st = sim.engine.comm_stats();
    assert_eq!(st.reports, 5);
}

#[test]
fn stale_clock_resynchronises_once() {
    let alice = user("alice", "SHA-512", "AES-256");
    let (mut sim, a) = world(AgentMode::Answer, std::slice::from_ref(&alice));
    sim.run_for(Duration::from_secs(1000));
    let s = sim.session();
    // -e and a -Z far from the agent's clock: the first message is out of the window.
    let mut sec = EntitySecurity::new(alice.clone(), SecurityLevel::AuthPriv);
    sec.engine_id = Some(AGENT_ENGINE.to_vec());
    sec.boots_time = Some((4, 5));
    let id = get(&mut sim, s, sec, a);
    sim.run_for(Duration::from_secs(5));
    assert_eq!(agent_v3(&sim, a), [false, true]);
    let ev = sim.events_for(s);
    assert_eq!((ev.len(), ev[0].wparam, ev[0].lparam), (1, 0, id));

    // An agent that rebooted (boots 5) while we cached boots 4: one re-synchronisation.
    let mut usm = sim.agents.get_mut(&a).unwrap().usm.take().unwrap();
    usm.set_engine(AGENT_ENGINE.to_vec(), 5);
    usm.engine_time(sim.now());
    sim.agents.get_mut(&a).unwrap().usm = Some(usm);
    let s2 = sim.session();
    let id2 = get(
        &mut sim,
        s2,
        EntitySecurity::new(alice, SecurityLevel::AuthPriv),
        a,
    );
    sim.run_for(Duration::from_secs(5));
    assert_eq!(agent_v3(&sim, a), [false, true, false, true]);
    let ev = sim.events_for(s2);
    assert_eq!((ev.len(), ev[0].wparam, ev[0].lparam), (1, 0, id2));
}

#[test]
fn a_silent_agent_times_out_during_discovery_with_the_usual_rules() {
    let alice = user("alice", "SHA", "AES");
    let (mut sim, a) = world(AgentMode::Silent, std::slice::from_ref(&alice));
    sim.agents.get_mut(&a).unwrap().usm = None; // nobody answers v3 at all
    let s = sim.session();
    let t0 = sim.now();
    let id = get(
        &mut sim,
        s,
        EntitySecurity::new(alice, SecurityLevel::AuthPriv),
        a,
    );
    sim.run_for(Duration::from_secs(10));
    let sends = sim.sends_of(id);
    assert_eq!(
        sends.iter().map(|t| *t - t0).collect::<Vec<_>>(),
        [
            Duration::ZERO,
            Duration::from_secs(1),
            Duration::from_secs(2)
        ]
    );
    let ev = sim.events_for(s);
    assert_eq!((ev.len(), ev[0].wparam, ev[0].lparam), (1, TIMEOUT, id));
}

#[test]
fn lost_probe_and_lost_request_are_retransmitted() {
    let alice = user("alice", "SHA-224", "DES");
    // The agent ignores the first copy of each request id: the probe's first copy, then
    // (the request carries the same id) nothing more is ignored.
    let (mut sim, a) = world(AgentMode::DropFirst(1), std::slice::from_ref(&alice));
    sim.net.loss = 0.0;
    let s = sim.session();
    let id = get(
        &mut sim,
        s,
        EntitySecurity::new(alice.clone(), SecurityLevel::AuthPriv),
        a,
    );
    sim.run_for(Duration::from_secs(10));
    let ev = sim.events_for(s);
    assert_eq!((ev.len(), ev[0].wparam, ev[0].lparam), (1, 0, id), "{ev:?}");

    // Now with 30% loss both ways and many requests: every request ends exactly once.
    sim.net.loss = 0.3;
    let s2 = sim.session();
    let mut ids = Vec::new();
    for _ in 0..40 {
        let e = sim.v3_entity(
            s2,
            a,
            EntitySecurity::new(alice.clone(), SecurityLevel::AuthPriv),
            50,
            8,
        );
        ids.push(sim.send_pdu(s2, None, e, SNMP_PDU_GET, 0).unwrap());
        sim.engine.free_entity(e).unwrap();
    }
    sim.run_for(Duration::from_secs(60));
    let ends = ended_once(&sim, s2, &ids);
    assert_eq!(ends.len(), 40);
    let answered = sim.events_for(s2).iter().filter(|e| e.wparam == 0).count();
    assert!(answered >= 35, "{answered} of 40 answered through 30% loss");
    assert_eq!(sim.engine.outstanding_requests(), 0);
}

#[test]
fn replayed_and_duplicated_responses_are_dropped() {
    let alice = user("alice", "MD5", "AES-192");
    let (mut sim, a) = world(AgentMode::AnswerTwice, std::slice::from_ref(&alice));
    let s = sim.session();
    let id = get(
        &mut sim,
        s,
        EntitySecurity::new(alice, SecurityLevel::AuthPriv),
        a,
    );
    sim.run_for(Duration::from_secs(5));
    let ev = sim.events_for(s);
    assert_eq!((ev.len(), ev[0].lparam), (1, id));
    // The duplicate answer came after the request ended: dropped as a stray msgID.
    assert!(sim.engine.comm_stats().stray >= 1);
    // Replaying everything the agent sent (the discovery Report, the Response) later
    // changes nothing: their msgIDs are no longer outstanding.
    let shared = sim.shared_v4();
    let before = (sim.events_for(s).len(), sim.engine.comm_stats().stray);
    let msgs = sim.agents[&a].v3_sent.clone();
    assert_eq!(msgs.len(), 2);
    for m in &msgs {
        sim.inject(a, shared, m);
    }
    sim.run_for(Duration::from_secs(1));
    assert_eq!(sim.events_for(s).len(), before.0);
    assert_eq!(sim.engine.comm_stats().stray, before.1 + 2);
}

#[test]
fn settings_are_checked() {
    let (mut sim, a) = world(AgentMode::Answer, &[]);
    let s = sim.session();
    let e = sim.entity(s, a, 100, 1);
    let noauth = UsmUser::new(b"x");
    let too_high = EntitySecurity::new(noauth.clone(), SecurityLevel::AuthNoPriv);
    assert_eq!(
        sim.engine.set_entity_security(e, Some(too_high)),
        Err(E::ModeInvalid)
    );
    let long = EntitySecurity::new(UsmUser::new(&[b'u'; 33]), SecurityLevel::NoAuthNoPriv);
    assert_eq!(
        sim.engine.set_entity_security(e, Some(long)),
        Err(E::SizeInvalid)
    );
    let mut bad_engine = EntitySecurity::new(noauth.clone(), SecurityLevel::NoAuthNoPriv);
    bad_engine.engine_id = Some(vec![1, 2, 3]);
    assert_eq!(
        sim.engine.set_entity_security(e, Some(bad_engine)),
        Err(E::SizeInvalid)
    );
    assert_eq!(sim.engine.entity_engine_id(e), Err(E::EngineInvalid));
    sim.engine
        .set_entity_security(
            e,
            Some(EntitySecurity::new(noauth, SecurityLevel::NoAuthNoPriv)),
        )
        .unwrap();
    assert_eq!(sim.engine.entity(e).unwrap().version, Version::V3);
    assert_eq!(
        sim.engine.entity_engine_id(e),
        Err(E::EngineInvalid),
        "not discovered yet"
    );
    sim.engine.set_entity_security(e, None).unwrap();
    // Back to the translate mode's version (SNMPAPI_UNTRANSLATED_V1 by default).
    assert_eq!(sim.engine.entity(e).unwrap().version, Version::V1);
}
