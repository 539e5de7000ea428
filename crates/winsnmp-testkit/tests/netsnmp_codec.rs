//! The wire codec against real net-snmp peers: every message net-snmp sends us decodes
//! strictly and re-encodes to the same bytes, and every message we encode is understood by
//! net-snmp. The daemons are started by the harness on free loopback ports; without them the
//! tests skip, except under `CI=true` where they fail.

use std::net::{Ipv4Addr, SocketAddr, UdpSocket};
use std::process::Command;
use std::time::Duration;

use winsnmp_testkit::netsnmp::{self, Snmpd, Snmptrapd, find_program};
use winsnmp_wire::{
    Body, GenericTrap, Message, Oid, Pdu, PduType, TrapV1, Value, VarBind, Version,
};

const T: Duration = Duration::from_secs(3);

fn oid(s: &str) -> Oid {
    s.parse().unwrap()
}

/// Sends `msg`, returns the response bytes after checking they decode strictly and
/// re-encode byte for byte.
fn ask(to: SocketAddr, msg: &Message<'_>) -> Vec<u8> {
    let bytes = msg.to_vec().unwrap();
    let resp = netsnmp::exchange(to, &bytes, T).expect("no answer from snmpd");
    let decoded = Message::decode(&resp).unwrap_or_else(|e| panic!("{e}: {resp:02x?}"));
    assert_eq!(
        decoded.to_vec().unwrap(),
        resp,
        "re-encoding differs from net-snmp's bytes"
    );
    resp
}

fn request<'a>(
    version: Version,
    community: &'a str,
    pdu_type: PduType,
    names: &'a [Oid],
) -> Message<'a> {
    Message {
        version,
        community: community.as_bytes(),
        body: Body::Pdu(Pdu::new(
            pdu_type,
            4242,
            names.iter().map(|o| VarBind::null(o.as_raw())).collect(),
        )),
    }
}

fn pdu<'a>(m: &'a Message<'_>) -> &'a Pdu<'a> {
    match &m.body {
        Body::Pdu(p) => p,
        Body::TrapV1(_) => panic!("unexpected v1 trap"),
    }
}

#[test]
fn get_system_scalars_v1_and_v2c_ipv4_and_ipv6() {
    let Some(d) = Snmpd::start() else { return };
    let names = [
        oid("1.3.6.1.2.1.1.1.0"),
        oid("1.3.6.1.2.1.1.2.0"),
        oid("1.3.6.1.2.1.1.3.0"),
    ];
    for (version, to) in [
        (Version::V1, d.addr_v4()),
        (Version::V2c, d.addr_v4()),
        (Version::V2c, d.addr_v6()),
    ] {
        let resp = ask(to, &request(version, "public", PduType::Get, &names));
        let m = Message::decode(&resp).unwrap();
        assert_eq!(m.version, version);
        let p = pdu(&m);
        assert_eq!(
            (p.pdu_type, p.request_id, p.error_status),
            (PduType::Response, 4242, 0)
        );
        assert_eq!(p.varbinds.len(), 3);
        assert!(matches!(p.varbinds[0].value, Value::OctetString(s) if !s.is_empty()));
        assert!(matches!(p.varbinds[1].value, Value::ObjectIdentifier(_)));
        assert!(matches!(p.varbinds[2].value, Value::TimeTicks(_)));
        for (vb, name) in p.varbinds.iter().zip(&names) {
            assert_eq!(vb.name, name.as_raw());
        }
    }
}

#[test]
fn missing_objects_v2c_exceptions_and_v1_no_such_name() {
    let Some(d) = Snmpd::start() else { return };
    let names = [
        oid("1.3.6.1.2.1.1.1.0"),
        oid("1.3.6.1.2.1.1.99.0"),
        oid("1.3.6.1.2.1.1.1.5"),
    ];
    let r = ask(
        d.addr_v4(),
        &request(Version::V2c, "public", PduType::Get, &names),
    );
    let m = Message::decode(&r).unwrap();
    let vals: Vec<_> = pdu(&m).varbinds.iter().map(|v| v.value).collect();
    assert_eq!(vals[1], Value::NoSuchObject);
    assert_eq!(vals[2], Value::NoSuchInstance);
    // v1 has no exceptions: the whole request fails with noSuchName and the index of a
    // missing binding (net-snmp names the last one).
    let r = ask(
        d.addr_v4(),
        &request(Version::V1, "public", PduType::Get, &names),
    );
    let m = Message::decode(&r).unwrap();
    assert_eq!(pdu(&m).error_status, 2, "noSuchName");
    assert!([2, 3].contains(&pdu(&m).error_index), "{:?}", pdu(&m));
    let r = ask(
        d.addr_v4(),
        &request(Version::V1, "public", PduType::Get, &names[..2]),
    );
    let m = Message::decode(&r).unwrap();
    assert_eq!((pdu(&m).error_status, pdu(&m).error_index), (2, 2));
    // End of the MIB view.
    let last = [oid("2.25.1")];
    let r = ask(
        d.addr_v4(),
        &request(Version::V2c, "public", PduType::GetNext, &last),
    );
    let m = Message::decode(&r).unwrap();
    assert_eq!(pdu(&m).varbinds[0].value, Value::EndOfMibView);
}

/// GETNEXT walk of the system and interfaces groups, compared with `snmpwalk -On -Oq`.
#[test]
fn getnext_walk_matches_snmpwalk() {
    let Some(d) = Snmpd::start() else { return };
    let root = oid("1.3.6.1.2.1.2");
    let mut ours = Vec::new();
    let mut cursor = root.clone();
    for _ in 0..10_000 {
        let names = [cursor.clone()];
        let r = ask(
            d.addr_v4(),
            &request(Version::V2c, "public", PduType::GetNext, &names),
        );
        let m = Message::decode(&r).unwrap();
        let vb = pdu(&m).varbinds[0];
        if !vb.name.starts_with(root.as_raw()) || vb.value.is_exception() {
            break;
        }
        ours.push(format!(".{}", vb.name));
        cursor = vb.name.to_oid();
    }
    assert!(ours.len() > 10, "interfaces group is tiny: {ours:?}");
    let Some(walk) = find_program("snmpwalk") else {
        assert!(!netsnmp::in_ci(), "snmpwalk missing under CI=true");
        return;
    };
    let out = Command::new(walk)
        .env("MIBS", "")
        .args(["-v2c", "-c", "public", "-On", "-Oq", "-t", "3"])
        .arg(d.addr_v4().to_string())
        .arg(".1.3.6.1.2.1.2")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect();
    // Counters move between the two walks; the set of instances does not.
    assert_eq!(ours, theirs);
}

#[test]
fn getbulk_with_counter64_round_trips() {
    let Some(d) = Snmpd::start() else { return };
    let names = [oid("1.3.6.1.2.1.1.3"), oid("1.3.6.1.2.1.31.1.1.1")];
    let msg = Message {
        version: Version::V2c,
        community: b"public",
        body: Body::Pdu(Pdu::get_bulk(
            9,
            1,
            40,
            names.iter().map(|o| VarBind::null(o.as_raw())).collect(),
        )),
    };
    let r = ask(d.addr_v4(), &msg);
    let m = Message::decode(&r).unwrap();
    let p = pdu(&m);
    assert_eq!(p.request_id, 9);
    assert!(p.varbinds.len() > 10, "{}", p.varbinds.len());
    assert!(
        matches!(p.varbinds[0].value, Value::TimeTicks(_)),
        "non-repeater first"
    );
    assert!(
        p.varbinds
            .iter()
            .any(|v| matches!(v.value, Value::Counter64(_))),
        "ifXTable holds Counter64 columns"
    );
    // A GetBulk in a v1 message cannot even be encoded.
    let v1 = Message {
        version: Version::V1,
        ..msg
    };
    assert!(v1.to_vec().is_err());
}

#[test]
fn set_with_write_community() {
    let Some(d) = Snmpd::start() else { return };
    let name = oid("1.3.6.1.2.1.1.6.0"); // sysLocation: writable unless set in the config
    let name2 = oid("1.3.6.1.2.1.1.4.0");
    for n in [&name, &name2] {
        let set = Message {
            version: Version::V2c,
            community: b"private",
            body: Body::Pdu(Pdu::new(
                PduType::Set,
                77,
                vec![VarBind::new(
                    n.as_raw(),
                    Value::OctetString(b"set by winsnmp"),
                )],
            )),
        };
        let r = ask(d.addr_v4(), &set);
        let m = Message::decode(&r).unwrap();
        let p = pdu(&m);
        // net-snmp refuses to write objects fixed in snmpd.conf (notWritable, 17).
        assert!(p.error_status == 0 || p.error_status == 17, "{p:?}");
        if p.error_status == 0 {
            assert_eq!(p.varbinds[0].value, Value::OctetString(b"set by winsnmp"));
        }
    }
    // The read community may not write: net-snmp answers noAccess(6) or authorizationError.
    let set = Message {
        version: Version::V2c,
        community: b"public",
        body: Body::Pdu(Pdu::new(
            PduType::Set,
            78,
            vec![VarBind::new(name.as_raw(), Value::OctetString(b"x"))],
        )),
    };
    let r = ask(d.addr_v4(), &set);
    let m = Message::decode(&r).unwrap();
    assert_ne!(pdu(&m).error_status, 0);
}

/// Traps and informs sent by net-snmp's `snmptrap`/`snmpinform` decode strictly; we answer
/// the inform and `snmpinform` accepts our Response.
#[test]
fn receive_traps_and_informs_from_net_snmp() {
    let sock = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    sock.set_read_timeout(Some(T)).unwrap();
    let to = sock.local_addr().unwrap().to_string();
    let mut buf = vec![0u8; 65536];

    let Some(out) = netsnmp::run_tool(
        "snmptrap",
        &[
            "-v",
            "2c",
            "-c",
            "public",
            &to,
            "1234",
            ".1.3.6.1.6.3.1.1.5.1",
            ".1.3.6.1.2.1.1.5.0",
            "s",
            "hello",
        ],
    ) else {
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (n, _) = sock.recv_from(&mut buf).unwrap();
    let m = Message::decode(&buf[..n]).unwrap();
    assert_eq!(m.to_vec().unwrap(), &buf[..n]);
    let p = pdu(&m);
    assert_eq!(p.pdu_type, PduType::TrapV2);
    assert_eq!(p.varbinds[0].value, Value::TimeTicks(1234));
    assert_eq!(
        p.varbinds[1].value,
        Value::ObjectIdentifier(oid("1.3.6.1.6.3.1.1.5.1").as_raw())
    );
    assert_eq!(p.varbinds[2].value, Value::OctetString(b"hello"));

    let out = netsnmp::run_tool(
        "snmptrap",
        &[
            "-v",
            "1",
            "-c",
            "public",
            &to,
            ".1.3.6.1.4.1.9999",
            "127.0.0.1",
            "6",
            "17",
            "1234",
            ".1.3.6.1.2.1.1.5.0",
            "s",
            "hi",
        ],
    )
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (n, _) = sock.recv_from(&mut buf).unwrap();
    let m = Message::decode(&buf[..n]).unwrap();
    assert_eq!(m.to_vec().unwrap(), &buf[..n]);
    let Body::TrapV1(t) = &m.body else {
        panic!("expected a v1 trap")
    };
    assert_eq!(t.enterprise, oid("1.3.6.1.4.1.9999").as_raw());
    assert_eq!(t.agent_addr, [127, 0, 0, 1]);
    assert_eq!(
        (t.generic_trap, t.specific_trap, t.time_stamp),
        (GenericTrap::EnterpriseSpecific, 17, 1234)
    );
    assert_eq!(t.varbinds[0].value, Value::OctetString(b"hi"));

    // An inform: answer it as RFC 3416 §4.2.7 says, and snmpinform must exit 0.
    let sock2 = sock.try_clone().unwrap();
    let responder = std::thread::spawn(move || {
        let mut buf = vec![0u8; 65536];
        let (n, from) = sock2.recv_from(&mut buf).unwrap();
        let m = Message::decode(&buf[..n]).unwrap();
        let p = pdu(&m);
        assert_eq!(p.pdu_type, PduType::Inform);
        let reply = Message {
            version: m.version,
            community: m.community,
            body: Body::Pdu(Pdu::new(
                PduType::Response,
                p.request_id,
                p.varbinds.clone(),
            )),
        };
        sock2.send_to(&reply.to_vec().unwrap(), from).unwrap();
    });
    let out = netsnmp::run_tool(
        "snmpinform",
        &[
            "-v",
            "2c",
            "-c",
            "public",
            "-t",
            "3",
            "-r",
            "0",
            &to,
            "",
            ".1.3.6.1.6.3.1.1.5.2",
        ],
    )
    .unwrap();
    responder.join().unwrap();
    assert!(
        out.status.success(),
        "snmpinform: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Traps encoded by us are accepted and logged by `snmptrapd`.
#[test]
fn snmptrapd_accepts_our_traps() {
    let Some(trapd) = Snmptrapd::start() else {
        return;
    };
    let sock = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let uptime = oid("1.3.6.1.2.1.1.3.0");
    let trap_oid = oid("1.3.6.1.6.3.1.1.4.1.0");
    let link_up = oid("1.3.6.1.6.3.1.1.5.4");
    let if_index = oid("1.3.6.1.2.1.2.2.1.1.7");
    let v2 = Message {
        version: Version::V2c,
        community: b"public",
        body: Body::Pdu(Pdu::new(
            PduType::TrapV2,
            5,
            vec![
                VarBind::new(uptime.as_raw(), Value::TimeTicks(500)),
                VarBind::new(trap_oid.as_raw(), Value::ObjectIdentifier(link_up.as_raw())),
                VarBind::new(if_index.as_raw(), Value::Integer(7)),
            ],
        )),
    };
    sock.send_to(&v2.to_vec().unwrap(), trapd.addr()).unwrap();
    let log = trapd.wait_for(".1.3.6.1.6.3.1.1.5.4", Duration::from_secs(5));
    assert!(log.is_some(), "v2c trap not logged:\n{}", trapd.log());

    let enterprise = oid("1.3.6.1.4.1.8072.9999");
    let v1 = Message {
        version: Version::V1,
        community: b"public",
        body: Body::TrapV1(TrapV1 {
            enterprise: enterprise.as_raw(),
            agent_addr: [127, 0, 0, 1],
            generic_trap: GenericTrap::EnterpriseSpecific,
            specific_trap: 42,
            time_stamp: 1000,
            varbinds: vec![VarBind::new(if_index.as_raw(), Value::Integer(9))],
        }),
    };
    sock.send_to(&v1.to_vec().unwrap(), trapd.addr()).unwrap();
    let log = trapd.wait_for(".1.3.6.1.4.1.8072.9999", Duration::from_secs(5));
    assert!(log.is_some(), "v1 trap not logged:\n{}", trapd.log());
}
