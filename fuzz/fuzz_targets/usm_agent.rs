//! The User-based Security Model on hostile input, through the embedded agent (the
//! authoritative side: discovery, Reports, every check, decryption, request processing) and
//! through a manager's and a notification receiver's `Usm::open`. Nothing may panic; every
//! datagram the agent refuses is counted; a Report, when one is sent, is a well-formed
//! SNMPv3 message.
//!
//! Input: a sequence of `[len][what][bytes…]` records. `what` picks the receiver; the
//! agent's uptime advances by `what` seconds each time.
#![no_main]

use std::sync::LazyLock;
use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;
use winsnmp::agent::{Agent, AgentConfig, LoadOptions, Recording};
use winsnmp_engine::usm::{Expect, Usm, UsmUser};
use winsnmp_wire::MessageV3;
use winsnmp_wire::usm::{AuthProtocol, PrivProtocol};

const ENGINE: &[u8] = b"\x80\x00\x1f\x88\x80fuzz-agent";

/// Users made once (each costs a 1 MB digest), one per privacy protocol plus two more.
static USERS: LazyLock<Vec<UsmUser>> = LazyLock::new(|| {
    let mut v = vec![
        UsmUser::new(b"none"),
        UsmUser::from_passwords(b"auth", Some((AuthProtocol::Sha256, b"authpass123")), None)
            .expect("user"),
    ];
    for (i, p) in PrivProtocol::ALL.into_iter().enumerate() {
        let a = AuthProtocol::ALL[i % AuthProtocol::ALL.len()];
        v.push(
            UsmUser::from_passwords(
                format!("u{i}").as_bytes(),
                Some((a, b"authpass123")),
                Some((p, b"privpass123")),
            )
            .expect("user"),
        );
    }
    v
});

static AGENT: LazyLock<Agent> = LazyLock::new(|| {
    let rec = Recording::parse(
        "f.snmprec",
        b"1.3.6.1.2.1.1.1.0|4|fuzz\n1.3.6.1.2.1.1.3.0|67|1\n1.3.6.1.2.1.1.5.0|4|name\n",
        &LoadOptions::new(),
    )
    .expect("recording");
    let mut config = AgentConfig::new().engine(Some(ENGINE.to_vec()), 3);
    for u in USERS.iter() {
        config = config.user(u.clone());
    }
    Agent::new(rec.into_store(), config)
});

fuzz_target!(|data: &[u8]| {
    let mut agent = AGENT.clone();
    let mut manager = Usm::new(b"\x80\x00\x1f\x88\x80manager".to_vec(), 1, 9);
    for u in USERS.iter() {
        manager.add_user(u.clone(), None);
    }
    let now = Instant::now();
    let mut uptime = 0u32;
    let mut rest = data;
    let mut scratch = Vec::new();
    while let [len, what, tail @ ..] = rest {
        let n = usize::from(*len).min(tail.len());
        let (bytes, next) = tail.split_at(n);
        uptime = uptime.saturating_add(u32::from(*what) * 100);
        let before = agent.stats();
        match what % 3 {
            0 => {
                if let Some(reply) = agent.handle(bytes, uptime) {
                    if winsnmp_wire::peek_version(bytes) == Ok(winsnmp_wire::Version::V3) {
                        assert!(MessageV3::decode(&reply).is_ok(), "a malformed reply");
                    }
                } else if winsnmp_wire::peek_version(bytes) == Ok(winsnmp_wire::Version::V3) {
                    let after = agent.stats();
                    assert!(
                        after.usm_rejected > before.usm_rejected
                            || after.requests > before.requests,
                        "a v3 datagram vanished uncounted"
                    );
                }
            }
            1 => {
                let user = &USERS[usize::from(*len) % USERS.len()];
                let expect = Expect::Response {
                    user,
                    engine_id: ENGINE,
                };
                let t = now + Duration::from_secs(u64::from(uptime / 100));
                let _ = manager.open(t, bytes, expect, &mut scratch);
            }
            _ => {
                let t = now + Duration::from_secs(u64::from(uptime / 100));
                let _ = manager.open(t, bytes, Expect::Notification, &mut scratch);
            }
        }
        rest = next;
    }
});
