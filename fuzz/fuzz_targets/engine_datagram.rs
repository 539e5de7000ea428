//! The engine's datagram path: arbitrary datagrams arrive at a runtime with a v2c request
//! and an SNMPv3 request outstanding (the latter discovering its engine), a trap
//! registration, SNMPv3 users and a listening agent entity. Nothing may panic; every
//! datagram is counted; both requests still end (answer, Report or timeout).
//!
//! Input: a sequence of `[len][dst][bytes…]` records; `dst` picks the shared socket, the
//! trap port or the agent's socket, and the source is the agent the request went to (so
//! responses can match) or another host.
#![no_main]

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use winsnmp_engine::SessionEvent;
use winsnmp_engine::consts::{SNMP_PDU_GET, SNMPAPI_ON};
use winsnmp_engine::usm::{EntitySecurity, UsmUser};
use winsnmp_engine::wire::SecurityLevel;
use winsnmp_engine::wire::usm::{AuthProtocol, PrivProtocol};
use winsnmp_testkit::sim::{HOST_V4, Sim};

fuzz_target!(|data: &[u8]| {
    let mut sim = Sim::new(7);
    let s = sim.session();
    sim.engine.set_trap_port(Some(10162));
    sim.engine
        .register(s, None, None, None, None, SNMPAPI_ON)
        .expect("register");
    sim.sync();
    let agent: SocketAddr = "192.0.2.1:161".parse().expect("static address");
    let other: SocketAddr = "192.0.2.9:4000".parse().expect("static address");
    let id = sim.send_get(s, agent, 100, 1);
    let user = users()[0].clone();
    for u in users() {
        sim.engine.add_usm_user(u.clone(), None).expect("user");
    }
    let sec = EntitySecurity::new(user, SecurityLevel::AuthPriv);
    let e = sim.v3_entity(s, agent, sec, 100, 1);
    let id3 = sim.send_pdu(s, None, e, SNMP_PDU_GET, 0).expect("v3 send");
    let trap_port = SocketAddr::new(IpAddr::V4(HOST_V4), sim.engine.trap_port());
    let shared = sim.shared_v4();

    let mut rest = data;
    let mut count = 0u64;
    while let [len, dst, tail @ ..] = rest {
        let n = usize::from(*len).min(tail.len());
        let (bytes, next) = tail.split_at(n);
        let to = if dst & 1 == 0 { shared } else { trap_port };
        let from = if dst & 2 == 0 { agent } else { other };
        sim.inject(from, to, bytes);
        count += 1;
        rest = next;
    }
    assert_eq!(sim.engine.comm_stats().datagrams, count);
    // Let the request time out if nothing answered it; it must end exactly once.
    sim.run_for(Duration::from_secs(10));
    let ends = sim
        .events_for(s)
        .iter()
        .filter(|e| matches!(e, SessionEvent { lparam, .. } if *lparam == id))
        .count();
    assert!(ends >= 1, "request {id} never ended");
    let ends3 = sim.events_for(s).iter().filter(|e| e.lparam == id3).count();
    assert!(ends3 >= 1, "SNMPv3 request {id3} never ended");
});

/// Made once: each user costs a 1 MB password digest.
fn users() -> &'static [UsmUser] {
    static USERS: std::sync::LazyLock<Vec<UsmUser>> = std::sync::LazyLock::new(|| {
        vec![
            UsmUser::from_passwords(
                b"fuzz",
                Some((AuthProtocol::Sha1, b"authpass123")),
                Some((PrivProtocol::Aes128, b"privpass123")),
            )
            .expect("user"),
            UsmUser::new(b"plain"),
        ]
    });
    &USERS
}
