//! What SNMPv3 costs per message: a GET request encoded and its Response decoded, v2c
//! against v3 noAuthNoPriv, authNoPriv and authPriv for several protocol pairs, all on the
//! manager's side with the keys already localized (the steady state); then the key cache:
//! the first message to a new engine (localization) against the second (cache hit), and
//! the 1 MB password digest the master-key cache saves.

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use winsnmp_engine::usm::{Expect, Outgoing, Usm, UsmUser};
use winsnmp_engine::wire::usm::{AuthProtocol, PrivProtocol};
use winsnmp_engine::wire::{
    Body, Message, Oid, Pdu, PduType, SecurityLevel, Value, VarBind, Version,
};

const AGENT: &[u8] = b"\x80\x00\x1f\x88\x80bench-agt";

fn user(a: Option<AuthProtocol>, p: Option<PrivProtocol>) -> UsmUser {
    UsmUser::from_passwords(
        b"bench",
        a.map(|a| (a, &b"authpass123"[..])),
        p.map(|p| (p, &b"privpass123"[..])),
    )
    .unwrap()
}

fn outgoing<'a>(u: &'a UsmUser, level: SecurityLevel, msg_id: i32) -> Outgoing<'a> {
    Outgoing {
        msg_id,
        max_size: 65507,
        reportable: true,
        level,
        user: u,
        engine_id: AGENT,
        boots: 1,
        time: 100,
        context_engine_id: AGENT,
        context_name: b"",
    }
}

fn costs(c: &mut Criterion) {
    let name: Oid = "1.3.6.1.2.1.1.1.0".parse().unwrap();
    let descr = b"Linux router 6.1.0 #1 SMP x86_64";
    let request = Pdu::new(PduType::Get, 42, vec![VarBind::null(name.as_raw())]);
    let response = Pdu::new(
        PduType::Response,
        42,
        vec![VarBind::new(name.as_raw(), Value::OctetString(descr))],
    );

    let mut g = c.benchmark_group("GET request encode + Response decode");
    {
        let resp = Message {
            version: Version::V2c,
            community: b"public",
            body: Body::Pdu(response.clone()),
        }
        .to_vec()
        .unwrap();
        g.bench_function("v2c", |b| {
            b.iter(|| {
                let req = Message {
                    version: Version::V2c,
                    community: b"public",
                    body: Body::Pdu(request.clone()),
                };
                let bytes = black_box(req.to_vec().unwrap());
                let m = Message::decode(black_box(&resp)).unwrap();
                black_box((bytes, m.body.varbinds().len()))
            });
        });
    }
    let cases: [(&str, Option<AuthProtocol>, Option<PrivProtocol>); 6] = [
        ("v3 noAuthNoPriv", None, None),
        ("v3 authNoPriv SHA", Some(AuthProtocol::Sha1), None),
        (
            "v3 authPriv MD5+DES",
            Some(AuthProtocol::Md5),
            Some(PrivProtocol::Des),
        ),
        (
            "v3 authPriv SHA+AES",
            Some(AuthProtocol::Sha1),
            Some(PrivProtocol::Aes128),
        ),
        (
            "v3 authPriv SHA-256+AES-256",
            Some(AuthProtocol::Sha256),
            Some(PrivProtocol::Aes256),
        ),
        (
            "v3 authPriv SHA-512+AES-256",
            Some(AuthProtocol::Sha512),
            Some(PrivProtocol::Aes256),
        ),
    ];
    for (label, a, p) in cases {
        let u = user(a, p);
        let level = u.max_level();
        // The agent's side makes the Response once; the manager decodes it every time.
        let mut agent = Usm::new(AGENT.to_vec(), 1, 1);
        let resp = agent
            .seal(
                &Outgoing {
                    reportable: false,
                    ..outgoing(&u, level, 7)
                },
                &response,
            )
            .unwrap();
        let mut manager = Usm::new(b"\x80\x00\x1f\x88\x80bench-mgr".to_vec(), 1, 2);
        let now = Instant::now();
        let mut scratch = Vec::new();
        // Warm the key cache and the clock.
        manager.seal(&outgoing(&u, level, 7), &request).unwrap();
        let expect = Expect::Response {
            user: &u,
            engine_id: AGENT,
        };
        manager.open(now, &resp, expect, &mut scratch).unwrap();
        g.bench_function(label, |b| {
            b.iter(|| {
                let bytes = black_box(manager.seal(&outgoing(&u, level, 7), &request).unwrap());
                let o = manager
                    .open(now, black_box(&resp), expect, &mut scratch)
                    .unwrap();
                black_box((bytes, o.scoped.pdu.varbinds.len()))
            });
        });
    }
    g.finish();

    let mut g = c.benchmark_group("key cache (SHA+AES authPriv GET encode)");
    let u = user(Some(AuthProtocol::Sha1), Some(PrivProtocol::Aes128));
    g.bench_function("first message to an engine (2 localizations)", |b| {
        b.iter(|| {
            let mut m = Usm::new(b"\x80\x00\x1f\x88\x80bench-mgr".to_vec(), 1, 2);
            black_box(
                m.seal(&outgoing(&u, SecurityLevel::AuthPriv, 1), &request)
                    .unwrap(),
            )
        });
    });
    let mut m = Usm::new(b"\x80\x00\x1f\x88\x80bench-mgr".to_vec(), 1, 2);
    m.seal(&outgoing(&u, SecurityLevel::AuthPriv, 1), &request)
        .unwrap();
    let before = m.key_stats();
    g.bench_function("later messages (cache hits)", |b| {
        b.iter(|| {
            black_box(
                m.seal(&outgoing(&u, SecurityLevel::AuthPriv, 1), &request)
                    .unwrap(),
            )
        });
    });
    let after = m.key_stats();
    assert_eq!(
        after.localized, before.localized,
        "no localization after the first"
    );
    g.sample_size(10);
    g.bench_function("password to master key (SHA, 1 MB digest)", |b| {
        b.iter(|| black_box(AuthProtocol::Sha1.password_to_key(b"authpass123").unwrap()));
    });
    g.finish();
}

criterion_group!(benches, costs);
criterion_main!(benches);
