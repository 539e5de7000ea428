//! The embedded agent as an SNMPv3 agent, sans-IO: a manager-side [`Usm`] talks to
//! [`Agent::handle`] with every auth x priv pair (3DES and the Reeder AES variants
//! included, which net-snmp's build lacks), and each refusal comes back as the right Report
//! with the right counter: wrong password, wrong engine ID, stale time window, tampered
//! digest, replayed message, unknown user, level not allowed, decryption error.

use std::time::{Duration, Instant};

use winsnmp::agent::{Agent, AgentConfig, ErrorStatus};
use winsnmp::engine::usm::{Expect, FailureKind, Opened, Outgoing, Usm, UsmUser};
use winsnmp::wire::usm::{AuthProtocol, PrivProtocol};
use winsnmp::wire::{Pdu, PduType, SecurityLevel, Value, VarBind};

use super::{linux_host, oid};

const ENGINE: &[u8] = b"\x80\x00\x1f\x88\x80agent-v3";

fn user(name: &str, a: Option<AuthProtocol>, p: Option<PrivProtocol>) -> UsmUser {
    UsmUser::from_passwords(
        name.as_bytes(),
        a.map(|a| (a, &b"authpass123"[..])),
        p.map(|p| (p, &b"privpass123"[..])),
    )
    .unwrap()
}

/// An agent with `users`, and a manager-side USM; time starts at 0.
fn setup(users: &[UsmUser]) -> (Agent, Usm, Instant) {
    let mut config = AgentConfig::new().engine(Some(ENGINE.to_vec()), 5);
    for u in users {
        config = config.user(u.clone());
    }
    let agent = Agent::new(linux_host(), config);
    (
        agent,
        Usm::new(b"\x80\x00\x1f\x88\x80manager".to_vec(), 1, 7),
        Instant::now(),
    )
}

struct Req<'a> {
    user: &'a UsmUser,
    level: SecurityLevel,
    engine: &'a [u8],
    boots: u32,
    time: u32,
    msg_id: i32,
}

fn seal(m: &mut Usm, r: &Req<'_>, pdu: &Pdu<'_>) -> Vec<u8> {
    m.seal(
        &Outgoing {
            msg_id: r.msg_id,
            max_size: 65507,
            reportable: true,
            level: r.level,
            user: r.user,
            engine_id: r.engine,
            boots: r.boots,
            time: r.time,
            context_engine_id: r.engine,
            context_name: b"",
        },
        pdu,
    )
    .unwrap()
}

fn get_sys_descr() -> Pdu<'static> {
    static NAME: std::sync::LazyLock<winsnmp::wire::Oid> =
        std::sync::LazyLock::new(|| "1.3.6.1.2.1.1.1.0".parse().unwrap());
    Pdu::new(PduType::Get, 31, vec![VarBind::null(NAME.as_raw())])
}

/// Opens the agent's answer as the manager would.
fn answer<'a>(
    m: &mut Usm,
    now: Instant,
    u: &UsmUser,
    bytes: &'a [u8],
    s: &'a mut Vec<u8>,
) -> Opened<'a> {
    m.open(
        now,
        bytes,
        Expect::Response {
            user: u,
            engine_id: ENGINE,
        },
        s,
    )
    .unwrap()
}

fn report_kind(o: &Opened<'_>) -> Option<FailureKind> {
    assert_eq!(o.scoped.pdu.pdu_type, PduType::Report);
    let name: Vec<u32> = o.scoped.pdu.varbinds[0].name.arcs().collect();
    FailureKind::from_report_oid(&name)
}

#[test]
fn every_protocol_pair_gets_sys_descr() {
    let mut users = vec![user("none", None, None)];
    for a in AuthProtocol::ALL {
        users.push(user(&format!("{a}"), Some(a), None));
        for p in PrivProtocol::ALL {
            users.push(user(&format!("{a}/{p}"), Some(a), Some(p)));
        }
    }
    let (mut agent, mut m, t0) = setup(&users);
    let uptime = 123_400; // 1234 s
    let now = t0 + Duration::from_secs(1234);
    for u in &users {
        let r = Req {
            user: u,
            level: u.max_level(),
            engine: ENGINE,
            boots: 5,
            time: 1234,
            msg_id: 9,
        };
        let resp = agent
            .handle(&seal(&mut m, &r, &get_sys_descr()), uptime)
            .expect("answer");
        let mut s = Vec::new();
        let o = answer(&mut m, now, u, &resp, &mut s);
        assert_eq!((o.header.msg_id, o.level), (9, u.max_level()));
        assert_eq!(o.scoped.pdu.pdu_type, PduType::Response);
        assert_eq!(o.scoped.pdu.request_id, 31);
        assert!(
            matches!(o.scoped.pdu.varbinds[0].value, Value::OctetString(b) if b.starts_with(b"Linux"))
        );
    }
    assert_eq!(agent.stats().usm_rejected, 0);
    assert_eq!(agent.usm_stats(), Default::default());
}

#[test]
fn discovery_report_carries_engine_boots_and_time() {
    let (mut agent, mut m, t0) = setup(&[user("u", Some(AuthProtocol::Sha1), None)]);
    let nobody = UsmUser::new(b"");
    let r = Req {
        user: &nobody,
        level: SecurityLevel::NoAuthNoPriv,
        engine: b"",
        boots: 0,
        time: 0,
        msg_id: 77,
    };
    let resp = agent
        .handle(&seal(&mut m, &r, &Pdu::new(PduType::Get, 1, vec![])), 4200)
        .unwrap();
    let mut s = Vec::new();
    let o = m
        .open(
            t0,
            &resp,
            Expect::Response {
                user: &nobody,
                engine_id: b"",
            },
            &mut s,
        )
        .unwrap();
    assert_eq!(report_kind(&o), Some(FailureKind::UnknownEngineId));
    assert_eq!((o.engine_id.as_slice(), o.boots, o.time), (ENGINE, 5, 42));
    assert_eq!(agent.usm_stats().unknown_engine_ids, 1);
}

/// Each refusal: the Report's kind and the agent's counter.
#[test]
fn every_refusal_is_reported_and_counted() {
    let alice = user(
        "alice",
        Some(AuthProtocol::Sha256),
        Some(PrivProtocol::Aes128),
    );
    let bob = user("bob", Some(AuthProtocol::Md5), None);
    let (mut agent, mut m, t0) = setup(&[alice.clone(), bob.clone()]);
    let uptime = 50_000; // 500 s
    let now = t0 + Duration::from_secs(500);
    let ok = |u| Req {
        user: u,
        level: SecurityLevel::AuthPriv,
        engine: ENGINE,
        boots: 5,
        time: 500,
        msg_id: 1,
    };
    let expect =
        |agent: &mut Agent, m: &mut Usm, bytes: Vec<u8>, kind: FailureKind, who: &UsmUser| {
            let resp = agent
                .handle(&bytes, uptime)
                .unwrap_or_else(|| panic!("no report for {kind:?}"));
            let mut s = Vec::new();
            let o = m
                .open(
                    now,
                    &resp,
                    Expect::Response {
                        user: who,
                        engine_id: ENGINE,
                    },
                    &mut s,
                )
                .unwrap();
            assert_eq!(report_kind(&o), Some(kind));
        };
    // Wrong authentication password.
    let wrong = UsmUser::from_passwords(
        b"alice",
        Some((AuthProtocol::Sha256, b"wrongpass1")),
        Some((PrivProtocol::Aes128, b"privpass123")),
    )
    .unwrap();
    let b = seal(&mut m, &ok(&wrong), &get_sys_descr());
    expect(&mut agent, &mut m, b, FailureKind::WrongDigest, &wrong);
    // Wrong engine ID.
    let r = Req {
        engine: b"\x80\x00\x00\x00\x05other",
        ..ok(&alice)
    };
    let b = seal(&mut m, &r, &get_sys_descr());
    expect(&mut agent, &mut m, b, FailureKind::UnknownEngineId, &alice);
    // Stale time window: the Report is authenticated and carries the right clock.
    let r = Req {
        time: 500 - 151,
        ..ok(&alice)
    };
    let b = seal(&mut m, &r, &get_sys_descr());
    expect(&mut agent, &mut m, b, FailureKind::NotInTimeWindow, &alice);
    assert_eq!(m.remote_time(ENGINE, now), Some((5, 500)));
    // A tampered digest (one bit of the encrypted PDU flipped).
    let mut b = seal(&mut m, &ok(&alice), &get_sys_descr());
    let n = b.len();
    b[n - 2] ^= 1;
    expect(&mut agent, &mut m, b, FailureKind::WrongDigest, &alice);
    // A replayed message: accepted while fresh, refused once 150 s older than the clock.
    let fresh = seal(&mut m, &ok(&alice), &get_sys_descr());
    assert!(agent.handle(&fresh, uptime).is_some());
    let later = uptime + 151 * 100;
    let resp = agent.handle(&fresh, later).unwrap();
    let mut s = Vec::new();
    let o = m
        .open(
            now + Duration::from_secs(151),
            &resp,
            Expect::Response {
                user: &alice,
                engine_id: ENGINE,
            },
            &mut s,
        )
        .unwrap();
    assert_eq!(report_kind(&o), Some(FailureKind::NotInTimeWindow));
    // Unknown user.
    let carol = user("carol", Some(AuthProtocol::Sha256), None);
    let r = Req {
        level: SecurityLevel::AuthNoPriv,
        ..ok(&carol)
    };
    let b = seal(&mut m, &r, &get_sys_descr());
    expect(&mut agent, &mut m, b, FailureKind::UnknownUserName, &carol);
    // A level above the user's keys: bob has no privacy key.
    let bob_priv = user("bob", Some(AuthProtocol::Md5), Some(PrivProtocol::Des));
    let b = seal(&mut m, &ok(&bob_priv), &get_sys_descr());
    expect(
        &mut agent,
        &mut m,
        b,
        FailureKind::UnsupportedSecLevel,
        &bob_priv,
    );
    // Wrong privacy password: the garbage does not parse as a scoped PDU.
    let wrong_priv = UsmUser::from_passwords(
        b"alice",
        Some((AuthProtocol::Sha256, b"authpass123")),
        Some((PrivProtocol::Aes128, b"wrongpass1")),
    )
    .unwrap();
    let b = seal(&mut m, &ok(&wrong_priv), &get_sys_descr());
    expect(
        &mut agent,
        &mut m,
        b,
        FailureKind::DecryptionError,
        &wrong_priv,
    );
    let st = agent.usm_stats();
    assert_eq!(
        (
            st.wrong_digests,
            st.unknown_engine_ids,
            st.not_in_time_windows,
            st.unknown_user_names,
            st.unsupported_sec_levels,
            st.decryption_errors
        ),
        (2, 1, 2, 1, 1, 1)
    );
    assert_eq!(agent.stats().usm_rejected, 8);
    // A level below the user's minimum: authorizationError, as net-snmp's rwuser answers.
    let r = Req {
        level: SecurityLevel::NoAuthNoPriv,
        ..ok(&bob)
    };
    let resp = agent
        .handle(&seal(&mut m, &r, &get_sys_descr()), uptime)
        .unwrap();
    let mut s = Vec::new();
    let o = m
        .open(
            now,
            &resp,
            Expect::Response {
                user: &bob,
                engine_id: ENGINE,
            },
            &mut s,
        )
        .unwrap();
    assert_eq!(
        o.scoped.pdu.error_status,
        ErrorStatus::AuthorizationError as i32
    );
}

#[test]
fn usm_stats_are_served_and_a_small_max_size_is_respected() {
    let alice = user(
        "alice",
        Some(AuthProtocol::Sha1),
        Some(PrivProtocol::Aes128),
    );
    let (mut agent, mut m, t0) = setup(std::slice::from_ref(&alice));
    let now = t0 + Duration::from_secs(10);
    // One discovery probe, then a GET of usmStatsUnknownEngineIDs.0 and snmpEngineID.0.
    let nobody = UsmUser::new(b"");
    let probe = Req {
        user: &nobody,
        level: SecurityLevel::NoAuthNoPriv,
        engine: b"",
        boots: 0,
        time: 0,
        msg_id: 1,
    };
    agent
        .handle(
            &seal(&mut m, &probe, &Pdu::new(PduType::Get, 1, vec![])),
            1000,
        )
        .unwrap();
    let a = oid("1.3.6.1.6.3.15.1.1.4.0");
    let b = oid("1.3.6.1.6.3.10.2.1.1.0");
    let pdu = Pdu::new(
        PduType::Get,
        2,
        vec![VarBind::null(a.as_raw()), VarBind::null(b.as_raw())],
    );
    let r = Req {
        user: &alice,
        level: SecurityLevel::AuthPriv,
        engine: ENGINE,
        boots: 5,
        time: 10,
        msg_id: 2,
    };
    let resp = agent.handle(&seal(&mut m, &r, &pdu), 1000).unwrap();
    let mut s = Vec::new();
    let o = answer(&mut m, now, &alice, &resp, &mut s);
    assert_eq!(o.scoped.pdu.varbinds[0].value, Value::Counter32(1));
    assert_eq!(o.scoped.pdu.varbinds[1].value, Value::OctetString(ENGINE));
    // A GETBULK from a manager that takes at most 484 octets gets a response that fits.
    let root = oid("1.3.6.1.2.1.2.2");
    let bulk = Pdu::get_bulk(3, 0, 200, vec![VarBind::null(root.as_raw())]);
    let small = m
        .seal(
            &Outgoing {
                msg_id: 3,
                max_size: 484,
                reportable: true,
                level: SecurityLevel::AuthPriv,
                user: &alice,
                engine_id: ENGINE,
                boots: 5,
                time: 10,
                context_engine_id: ENGINE,
                context_name: b"",
            },
            &bulk,
        )
        .unwrap();
    let resp = agent.handle(&small, 1000).unwrap();
    assert!(resp.len() <= 484, "{} octets", resp.len());
    let o = answer(&mut m, now, &alice, &resp, &mut s);
    assert!(!o.scoped.pdu.varbinds.is_empty());
}
