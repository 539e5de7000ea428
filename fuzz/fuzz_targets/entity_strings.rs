//! The string conversions of the WinSNMP API through the engine, on arbitrary text:
//! `SnmpStrToEntity` / `SnmpEntityToStr`, `SnmpStrToContext` / `SnmpContextToStr`,
//! `SnmpStrToOid` / `SnmpOidToStr`, `SnmpOidCopy`, `SnmpOidCompare`, in the untranslated
//! modes and in the translated mode with a small entity database. Nothing may panic; every
//! error is one the function documents; whatever converts must convert back to the same
//! thing; at the end, closing the session leaves nothing alive.
//!
//! Input: a sequence of `[op][len][bytes…]` records.
#![no_main]

use std::cmp::Ordering;
use std::net::SocketAddr;

use libfuzzer_sys::fuzz_target;
use winsnmp_engine::consts::*;
use winsnmp_engine::{Engine, HSession, Limits, Resolved, SnmpApiError as E, StartupKind};

const DATABASE: &str = r#"
[entity.router]
address = "192.0.2.1"
port = 1161
version = "v2c"

[entity.named]
address = "agent.example"

[context.ro]
community = "public"
"#;

fuzz_target!(|data: &[u8]| {
    let mut e: Engine<()> = Engine::new(Limits::default());
    e.startup(StartupKind::Startup).expect("startup");
    e.handle_database(Ok(Some(DATABASE.to_owned())));
    let s = e.create_session(0, 0, Some(())).expect("session");
    let mut rest = data;
    while let [op, len, tail @ ..] = rest {
        let n = usize::from(*len).min(tail.len());
        let (bytes, next) = tail.split_at(n);
        rest = next;
        match op % 8 {
            0 => entity(&mut e, s, bytes),
            1 => context(&mut e, s, bytes),
            2 => oid(&mut e, bytes),
            3 => oid_pair(&mut e, bytes),
            _ => {
                // A mode change: untranslated v1, v2c or translated.
                let mode = u32::from(*op / 8) % 3;
                e.set_translate_mode(mode).expect("valid mode");
            }
        }
    }
    e.close(s).expect("close");
    assert_eq!(e.counts().total(), 0, "objects left after close");
    e.cleanup(StartupKind::Startup).expect("cleanup");
});

fn entity(e: &mut Engine<()>, s: HSession, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let before = e.counts().entities;
    let made = match e.str_to_entity(s, &text) {
        Ok(h) => Some(h),
        Err(E::EntityUnknown) => {
            assert_eq!(
                e.counts().entities,
                before,
                "a failed conversion made an entity"
            );
            // A host name: resolve it as the API layer would, without the lock.
            let Some((host, port)) = e.entity_host_name(s, &text) else {
                return;
            };
            let addr = SocketAddr::new([192, 0, 2, 77].into(), port);
            let answer = Resolved {
                host: host.clone(),
                port,
                addr: Some(addr),
            };
            let h = e
                .str_to_entity_resolved(s, &text, Some(&answer))
                .expect("a resolved host name makes an entity");
            assert_eq!(e.entity(h).expect("live").addr, addr);
            // An answer for another name is not used.
            let other = Resolved {
                host: format!("{host}x"),
                ..answer
            };
            assert_eq!(
                e.str_to_entity_resolved(s, &text, Some(&other)),
                Err(E::EntityUnknown)
            );
            Some(h)
        }
        Err(other) => panic!("SnmpStrToEntity: undocumented {other:?}"),
    };
    let Some(h) = made else { return };
    let addr = e.entity(h).expect("live entity").addr;
    let printed = e.entity_to_str(h, 1024).expect("printable");
    // The NUL must fit too.
    let size = u32::try_from(printed.len()).expect("short");
    assert_eq!(e.entity_to_str(h, size), Err(E::OutputTruncated));
    // What is printed converts back to the same address, unless it is a friendly name
    // that resolves through a host name.
    match e.str_to_entity(s, &printed) {
        Ok(back) => {
            assert_eq!(e.entity(back).expect("live").addr, addr, "{printed:?}");
            e.free_entity(back).expect("free");
        }
        Err(E::EntityUnknown) => assert!(
            e.entity_host_name(s, &printed).is_some(),
            "{printed:?} does not convert back"
        ),
        Err(other) => panic!("SnmpStrToEntity({printed:?}): {other:?}"),
    }
    e.free_entity(h).expect("free");
    assert_eq!(e.free_entity(h), Err(E::EntityInvalid));
    assert_eq!(e.entity_to_str(h, 1024), Err(E::EntityInvalid));
}

fn context(e: &mut Engine<()>, s: HSession, bytes: &[u8]) {
    let translated = e.get_translate_mode(true) == Ok(SNMPAPI_TRANSLATED);
    match e.str_to_context(s, bytes) {
        Ok(c) => {
            let back = e.context_to_str(c, true).expect("context to string");
            assert_eq!(back, bytes, "context round trip");
            assert_eq!(e.context_to_str(c, false), Err(E::Noop));
            e.free_context(c).expect("free");
            assert_eq!(e.free_context(c), Err(E::ContextInvalid));
        }
        Err(E::ContextInvalid) => assert!(bytes.is_empty()),
        Err(E::ContextUnknown) => assert!(translated),
        Err(other) => panic!("SnmpStrToContext: undocumented {other:?}"),
    }
    match e.str_to_context_name(s, bytes) {
        Ok(c) => {
            assert_eq!(e.context(c).expect("live").community, bytes);
            e.free_context(c).expect("free");
        }
        Err(other) => panic!("WinSnmpStrToContextName: {other:?}"),
    }
}

fn oid(e: &mut Engine<()>, bytes: &[u8]) {
    let parsed = match e.str_to_oid(bytes, true) {
        Ok(o) => o,
        Err(E::OidInvalid) => return,
        Err(other) => panic!("SnmpStrToOid: undocumented {other:?}"),
    };
    assert_eq!(e.str_to_oid(bytes, false), Err(E::Noop));
    assert!((2..=MAXOBJIDSIZE).contains(&parsed.len()));
    let text = e.oid_to_str(&parsed, 4096).expect("printable");
    let size = u32::try_from(text.len()).expect("short");
    assert_eq!(e.oid_to_str(&parsed, size), Err(E::OutputTruncated));
    assert_eq!(e.oid_to_str(&parsed, 0), Err(E::SizeInvalid));
    assert_eq!(e.str_to_oid(text.as_bytes(), true).as_ref(), Ok(&parsed));
    assert_eq!(e.oid_copy(&parsed, true).as_ref(), Ok(&parsed));
    assert_eq!(
        e.oid_compare(&parsed, &parsed, 0, true),
        Ok(Ordering::Equal)
    );
    // The wire codec agrees where the OID is encodable.
    if let Ok(w) = winsnmp_wire::Oid::from_arcs(&parsed) {
        assert_eq!(w.to_vec(), parsed);
        assert_eq!(w.to_string(), text);
    }
}

fn oid_pair(e: &mut Engine<()>, bytes: &[u8]) {
    let Some(at) = bytes.iter().position(|&b| b == b' ') else {
        return;
    };
    let (Ok(x), Ok(y)) = (
        e.str_to_oid(&bytes[..at], true),
        e.str_to_oid(&bytes[at + 1..], true),
    ) else {
        return;
    };
    let maxlen = u32::from(bytes.len() as u8 % 140);
    match (
        e.oid_compare(&x, &y, maxlen, true),
        e.oid_compare(&y, &x, maxlen, true),
    ) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b.reverse(), "compare is not antisymmetric");
            if maxlen == 0 {
                assert_eq!(a, x.cmp(&y));
            }
        }
        (Err(E::SizeInvalid), Err(E::SizeInvalid)) => assert!(maxlen > 128),
        other => panic!("SnmpOidCompare: {other:?}"),
    }
}
