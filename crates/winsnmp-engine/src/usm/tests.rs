//! USM processing: every level and protocol pair through seal/open, and each rejection
//! with its counter and Report.

use std::time::{Duration, Instant};

use winsnmp_wire::usm::{AuthProtocol, PrivProtocol};
use winsnmp_wire::{MessageV3, Oid, Pdu, PduType, ScopedPduData, SecurityLevel, VarBind};

use super::*;

const AGENT: &[u8] = b"\x80\x00\x1f\x88\x80agent-01";
const MANAGER: &[u8] = b"\x80\x00\x1f\x88\x80manager1";

fn user(name: &str, auth: Option<AuthProtocol>, privacy: Option<PrivProtocol>) -> UsmUser {
    UsmUser::from_passwords(
        name.as_bytes(),
        auth.map(|a| (a, &b"authpass123"[..])),
        privacy.map(|p| (p, &b"privpass123"[..])),
    )
    .unwrap()
}

fn get_pdu(id: i32) -> (Oid, i32) {
    ("1.3.6.1.2.1.1.1.0".parse().unwrap(), id)
}

/// A request from the manager (non-authoritative) to the agent's USM.
fn request(manager: &mut Usm, u: &UsmUser, level: SecurityLevel, boots: u32, time: u32) -> Vec<u8> {
    let (name, id) = get_pdu(77);
    let pdu = Pdu::new(PduType::Get, id, vec![VarBind::null(name.as_raw())]);
    let o = Outgoing {
        msg_id: 4242,
        max_size: 65507,
        reportable: true,
        level,
        user: u,
        engine_id: AGENT,
        boots,
        time,
        context_engine_id: AGENT,
        context_name: b"ctx",
    };
    manager.seal(&o, &pdu).unwrap()
}

fn pair(u: &UsmUser) -> (Usm, Usm, Instant) {
    let mut agent = Usm::new(AGENT.to_vec(), 3, 1);
    agent.add_user(u.clone(), None);
    let manager = Usm::new(MANAGER.to_vec(), 1, 99);
    let now = Instant::now();
    // Start the agent's clock and let 1000 s pass.
    agent.engine_time(now);
    (agent, manager, now + Duration::from_secs(1000))
}

#[test]
fn every_protocol_pair_round_trips() {
    let mut pairs = vec![(None, None)];
    for a in AuthProtocol::ALL {
        pairs.push((Some(a), None));
        for p in PrivProtocol::ALL {
            pairs.push((Some(a), Some(p)));
        }
    }
    for (a, p) in pairs {
        let u = user("u", a, p);
        let level = u.max_level();
        let (mut agent, mut manager, now) = pair(&u);
        let bytes = request(&mut manager, &u, level, 3, 1000);
        let m = MessageV3::decode(&bytes).unwrap();
        assert_eq!(m.header.flags.level(), Some(level));
        assert_eq!(
            matches!(m.data, ScopedPduData::Encrypted(_)),
            level.privacy(),
            "{a:?} {p:?}"
        );
        let mut scratch = Vec::new();
        let o = agent
            .open(now, &bytes, Expect::Local, &mut scratch)
            .unwrap_or_else(|f| panic!("{a:?} {p:?}: {f:?}"));
        assert_eq!(o.level, level);
        assert!(o.local);
        assert_eq!(o.user_name, b"u");
        assert_eq!(o.scoped.context_name, b"ctx");
        assert_eq!(o.scoped.pdu.request_id, 77);
        assert_eq!(agent.stats(), UsmStats::default());
    }
}

#[test]
fn discovery_probe_gets_unknown_engine_id_report() {
    let u = user("u", Some(AuthProtocol::Sha1), Some(PrivProtocol::Aes128));
    let (mut agent, mut manager, now) = pair(&u);
    let nobody = UsmUser::new(b"");
    let probe = manager
        .seal(
            &Outgoing {
                msg_id: 9,
                max_size: 65507,
                reportable: true,
                level: SecurityLevel::NoAuthNoPriv,
                user: &nobody,
                engine_id: b"",
                boots: 0,
                time: 0,
                context_engine_id: b"",
                context_name: b"",
            },
            &Pdu::new(PduType::Get, 5, vec![]),
        )
        .unwrap();
    let mut scratch = Vec::new();
    let f = agent
        .open(now, &probe, Expect::Notification, &mut scratch)
        .unwrap_err();
    assert_eq!(f.kind, FailureKind::UnknownEngineId);
    assert_eq!(agent.stats().unknown_engine_ids, 1);
    let report = f.report.expect("a report for a reportable probe");
    // The manager reads it as the answer to its probe: no user, no engine expected.
    let mut s2 = Vec::new();
    let o = manager
        .open(
            now,
            &report,
            Expect::Response {
                user: &nobody,
                engine_id: b"",
            },
            &mut s2,
        )
        .unwrap();
    assert_eq!(o.header.msg_id, 9);
    assert!(!o.header.flags.reportable());
    assert_eq!(o.engine_id, AGENT);
    assert_eq!((o.boots, o.time), (3, 1000));
    assert_eq!(o.scoped.pdu.pdu_type, PduType::Report);
    assert_eq!(o.scoped.pdu.request_id, 5);
    let name: Vec<u32> = o.scoped.pdu.varbinds[0].name.arcs().collect();
    assert_eq!(
        FailureKind::from_report_oid(&name),
        Some(FailureKind::UnknownEngineId)
    );
}

fn rejected(agent: &mut Usm, now: Instant, bytes: &[u8]) -> Failure {
    let mut scratch = Vec::new();
    agent
        .open(now, bytes, Expect::Local, &mut scratch)
        .unwrap_err()
}

#[test]
fn unknown_user_unsupported_level_wrong_digest_decryption() {
    let u = user("u", Some(AuthProtocol::Sha256), Some(PrivProtocol::Aes128));
    let auth_only = user("a", Some(AuthProtocol::Sha256), None);
    let (mut agent, mut manager, now) = pair(&u);
    agent.add_user(auth_only.clone(), None);

    let stranger = user("who", Some(AuthProtocol::Sha256), None);
    let f = rejected(
        &mut agent,
        now,
        &request(&mut manager, &stranger, SecurityLevel::AuthNoPriv, 3, 1000),
    );
    assert_eq!(f.kind, FailureKind::UnknownUserName);
    assert!(f.report.is_some());

    // The manager thinks "a" has a privacy key; the agent's "a" has none.
    let a_priv = user("a", Some(AuthProtocol::Sha256), Some(PrivProtocol::Des));
    let f = rejected(
        &mut agent,
        now,
        &request(&mut manager, &a_priv, SecurityLevel::AuthPriv, 3, 1000),
    );
    assert_eq!(f.kind, FailureKind::UnsupportedSecLevel);

    let wrong = UsmUser::from_passwords(
        b"u",
        Some((AuthProtocol::Sha256, b"not-the-password")),
        Some((PrivProtocol::Aes128, b"privpass123")),
    )
    .unwrap();
    let f = rejected(
        &mut agent,
        now,
        &request(&mut manager, &wrong, SecurityLevel::AuthPriv, 3, 1000),
    );
    assert_eq!(f.kind, FailureKind::WrongDigest);

    let wrong_priv = UsmUser::from_passwords(
        b"u",
        Some((AuthProtocol::Sha256, b"authpass123")),
        Some((PrivProtocol::Aes128, b"not-the-password")),
    )
    .unwrap();
    let f = rejected(
        &mut agent,
        now,
        &request(&mut manager, &wrong_priv, SecurityLevel::AuthPriv, 3, 1000),
    );
    assert_eq!(f.kind, FailureKind::DecryptionError);

    // A flipped bit anywhere in an authenticated message breaks the digest.
    let mut tampered = request(&mut manager, &u, SecurityLevel::AuthPriv, 3, 1000);
    let n = tampered.len();
    tampered[n - 3] ^= 0x40;
    let f = rejected(&mut agent, now, &tampered);
    assert_eq!(f.kind, FailureKind::WrongDigest);

    let s = agent.stats();
    assert_eq!(
        (
            s.unknown_user_names,
            s.unsupported_sec_levels,
            s.wrong_digests,
            s.decryption_errors
        ),
        (1, 1, 2, 1)
    );
}

#[test]
fn stale_time_gets_an_authenticated_report_with_the_right_clock() {
    let u = user("u", Some(AuthProtocol::Md5), Some(PrivProtocol::Des));
    let (mut agent, mut manager, now) = pair(&u);
    for (boots, time) in [(3, 1000 - 151), (3, 1000 + 151), (2, 1000), (0, 0)] {
        let f = rejected(
            &mut agent,
            now,
            &request(&mut manager, &u, SecurityLevel::AuthPriv, boots, time),
        );
        assert_eq!(f.kind, FailureKind::NotInTimeWindow, "{boots} {time}");
        let report = f.report.unwrap();
        let mut s = Vec::new();
        let o = manager
            .open(
                now,
                &report,
                Expect::Response {
                    user: &u,
                    engine_id: AGENT,
                },
                &mut s,
            )
            .unwrap();
        assert_eq!(o.level, SecurityLevel::AuthNoPriv);
        assert_eq!((o.boots, o.time), (3, 1000));
        assert_eq!(manager.remote_time(AGENT, now), Some((3, 1000)));
    }
    // At the edge of the window it is accepted.
    let ok = request(&mut manager, &u, SecurityLevel::AuthPriv, 3, 1000 - 150);
    let mut s = Vec::new();
    agent.open(now, &ok, Expect::Local, &mut s).unwrap();
    assert_eq!(agent.stats().not_in_time_windows, 4);
}

/// A message from the agent (authoritative), as a response to the manager.
fn response(agent: &mut Usm, u: &UsmUser, now: Instant, msg_id: i32) -> Vec<u8> {
    let time = agent.engine_time(now);
    let o = Outgoing {
        msg_id,
        max_size: 65507,
        reportable: false,
        level: SecurityLevel::AuthPriv,
        user: u,
        engine_id: AGENT,
        boots: agent.boots(),
        time,
        context_engine_id: AGENT,
        context_name: b"",
    };
    agent
        .seal(&o, &Pdu::new(PduType::Response, 1, vec![]))
        .unwrap()
}

#[test]
fn non_authoritative_timeliness_rejects_replays_from_an_older_clock() {
    let u = user("u", Some(AuthProtocol::Sha512), Some(PrivProtocol::Aes256));
    let (mut agent, mut manager, now) = pair(&u);
    let expect = Expect::Response {
        user: &u,
        engine_id: AGENT,
    };
    let old = response(&mut agent, &u, now, 1);
    let mut s = Vec::new();
    manager.open(now, &old, expect, &mut s).unwrap();
    // 200 s later the agent's clock has moved on; the old message is replayed.
    let later = now + Duration::from_secs(200);
    let fresh = response(&mut agent, &u, later, 2);
    manager.open(later, &fresh, expect, &mut s).unwrap();
    let f = manager.open(later, &old, expect, &mut s).unwrap_err();
    assert_eq!(f.kind, FailureKind::NotInTimeWindow);
    assert!(f.report.is_none(), "a manager never reports");
    // A wrong user name in a response is refused too.
    let other = user("v", Some(AuthProtocol::Sha512), Some(PrivProtocol::Aes256));
    let f = manager
        .open(
            later,
            &fresh,
            Expect::Response {
                user: &other,
                engine_id: AGENT,
            },
            &mut s,
        )
        .unwrap_err();
    assert_eq!(f.kind, FailureKind::UnknownUserName);
}

#[test]
fn key_cache_localizes_once_per_engine() {
    let u = user("u", Some(AuthProtocol::Sha1), Some(PrivProtocol::Aes192));
    let (_, mut manager, _) = pair(&u);
    request(&mut manager, &u, SecurityLevel::AuthPriv, 3, 1000);
    let first = manager.key_stats();
    assert_eq!(first.localized, 2, "one auth and one privacy key");
    request(&mut manager, &u, SecurityLevel::AuthPriv, 3, 1000);
    let second = manager.key_stats();
    assert_eq!(second.localized, 2, "the second message derives nothing");
    assert_eq!(second.hits, first.hits + 2);
}

#[test]
fn traps_use_engine_bound_or_any_engine_users() {
    let u = user(
        "trapper",
        Some(AuthProtocol::Sha224),
        Some(PrivProtocol::Aes128),
    );
    let mut receiver = Usm::new(MANAGER.to_vec(), 1, 5);
    let now = Instant::now();
    let mut sender = Usm::new(AGENT.to_vec(), 7, 6);
    let trap = |sender: &mut Usm| {
        let time = sender.engine_time(now);
        let o = Outgoing {
            msg_id: 1,
            max_size: 65507,
            reportable: false,
            level: SecurityLevel::AuthPriv,
            user: &u,
            engine_id: AGENT,
            boots: 7,
            time,
            context_engine_id: AGENT,
            context_name: b"",
        };
        sender
            .seal(&o, &Pdu::new(PduType::TrapV2, 1, vec![]))
            .unwrap()
    };
    let bytes = trap(&mut sender);
    let mut s = Vec::new();
    let f = receiver
        .open(now, &bytes, Expect::Notification, &mut s)
        .unwrap_err();
    assert_eq!(f.kind, FailureKind::UnknownUserName);
    assert!(f.report.is_none(), "traps are never answered");
    receiver.add_user(u.clone(), Some(AGENT));
    let o = receiver
        .open(now, &bytes, Expect::Notification, &mut s)
        .unwrap();
    assert!(!o.local);
    assert!(receiver.remove_user(b"trapper", Some(AGENT)));
    receiver.add_user(u.clone(), None);
    assert!(
        receiver
            .open(now, &bytes, Expect::Notification, &mut s)
            .is_ok()
    );
}

#[test]
fn privacy_without_auth_and_other_models_are_invalid() {
    let u = user("u", None, None);
    let (mut agent, mut manager, now) = pair(&u);
    let mut bytes = request(&mut manager, &u, SecurityLevel::NoAuthNoPriv, 0, 0);
    // msgFlags is the only one-octet OCTET STRING in the header: 04 01 04 -> 04 01 06.
    let at = bytes.windows(3).position(|w| w == [4, 1, 4]).unwrap();
    bytes[at + 2] = 6;
    assert_eq!(
        rejected(&mut agent, now, &bytes).kind,
        FailureKind::InvalidMsg
    );
    bytes[at + 2] = 4;
    // msgSecurityModel follows: 02 01 03 -> 02 01 02.
    bytes[at + 5] = 2;
    assert_eq!(
        rejected(&mut agent, now, &bytes).kind,
        FailureKind::UnknownSecurityModel
    );
    assert_eq!(
        rejected(&mut agent, now, &bytes[..bytes.len() - 1]).kind,
        FailureKind::ParseError
    );
    let s = agent.stats();
    assert_eq!(
        (s.invalid_msgs, s.unknown_security_models, s.asn_parse_errs),
        (1, 1, 1)
    );
}
