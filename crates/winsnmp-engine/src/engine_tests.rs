//! Engine tests, one per function and documented error path; `itemNN` names the
//! conformance check of winsnmp-api.md §6 a test covers.

use std::cmp::Ordering;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use crate::consts::*;
use crate::{
    DecodeOutputs, Engine, HContext, HEntity, HPdu, HSession, HVbl, Host, Limits, PduFields,
    PolicyOutputs, Resolved, SmiCntr64, SmiValue, SnmpApiError as E, StartupKind, VbOutputs,
};

const DB: &str = r#"
[entity.router]
address = "192.0.2.1"
port = 1161
version = "v2c"
timeout = 250
retry = 1

[entity.byname]
address = "agent.example"

[entity.known]
address = "198.51.100.7"
timeout = 42

[context.ro]
community = "public"
"#;

#[derive(Clone, Default)]
struct TestHost {
    log: Arc<Mutex<Vec<String>>>,
}

impl Host for TestHost {
    fn log(&self, message: &str) {
        self.log.lock().unwrap().push(message.to_owned());
    }
}

/// The test resolver: two names resolve, to 203.0.113.5.
fn resolve(host: &str, port: u16) -> Option<SocketAddr> {
    (host == "agent.example" || host == "localhost")
        .then(|| SocketAddr::from(([203, 0, 113, 5], port)))
}

/// `SnmpStrToEntity` as the runtime does it: ask which name needs resolving, resolve it
/// (outside any lock, in the runtime), then create the entity with the answer.
fn str_to_entity(e: &mut Engine<u32>, s: HSession, text: &str) -> Result<HEntity, E> {
    let resolved = e.entity_host_name(s, text).map(|(host, port)| Resolved {
        addr: resolve(&host, port),
        host,
        port,
    });
    e.str_to_entity_resolved(s, text, resolved.as_ref())
}

fn started() -> Engine<u32> {
    let mut e = Engine::new(Limits::default());
    e.startup(StartupKind::Startup).unwrap();
    e
}

fn with_db(text: &str) -> (Engine<u32>, TestHost) {
    let host = TestHost::default();
    let mut e = Engine::with_host(Limits::default(), Box::new(host.clone()));
    e.startup(StartupKind::Startup).unwrap();
    e.handle_database(Ok(Some(text.to_owned())));
    (e, host)
}

fn session(e: &mut Engine<u32>) -> HSession {
    e.create_session(0, 0, Some(7)).unwrap()
}

const SYS_DESCR: [u32; 9] = [1, 3, 6, 1, 2, 1, 1, 1, 0];

#[test]
fn item01_02_everything_fails_before_startup() {
    let mut e: Engine<u32> = Engine::new(Limits::default());
    assert_eq!(e.last_error(None), SNMPAPI_SUCCESS);
    assert_eq!(e.create_session(0, 0, Some(1)), Err(E::NotInitialized));
    assert_eq!(e.last_error(None), E::NotInitialized as u32);
    assert_eq!(e.str_to_oid(b"1.3", true), Err(E::NotInitialized));
    assert_eq!(e.get_translate_mode(true), Err(E::NotInitialized));
    assert_eq!(e.count_vbl(HVbl::from_raw(1)), Err(E::NotInitialized));
    assert_eq!(e.cleanup(StartupKind::Startup), Err(E::NotInitialized));
    assert_eq!(e.cleanup(StartupKind::StartupEx), Err(E::NotInitialized));
    assert_eq!(e.get_vendor_info(true), Err(E::NotInitialized));
    assert_eq!(e.oid_to_str(&[1, 3], 10), Err(E::NotInitialized));
    assert_eq!(e.free_descriptor(SNMP_SYNTAX_OID), Err(E::NotInitialized));
    assert_eq!(e.open(0, 0), Err(E::NotInitialized));
    assert_eq!(
        e.last_error(Some(HSession::from_raw(5))),
        E::NotInitialized as u32
    );
}

#[test]
fn item03_04_startup_reports() {
    let mut e: Engine<u32> = Engine::new(Limits::default());
    let info = e.startup(StartupKind::Startup).unwrap();
    assert_eq!((info.major_version, info.minor_version), (2, 0));
    assert_eq!(info.level, SNMPAPI_V2_SUPPORT);
    assert_eq!(info.translate_mode, e.get_translate_mode(true).unwrap());
    assert_eq!(info.retransmit_mode, e.get_retransmit_mode(true).unwrap());
    assert_eq!(info.translate_mode, SNMPAPI_UNTRANSLATED_V1);
    assert_eq!(info.retransmit_mode, SNMPAPI_ON);
}

#[test]
fn item05_repeated_startup_one_cleanup() {
    let mut e = started();
    e.startup(StartupKind::Startup).unwrap();
    e.cleanup(StartupKind::Startup).unwrap();
    assert!(!e.is_initialized());
    assert_eq!(e.get_translate_mode(true), Err(E::NotInitialized));
}

#[test]
fn item06_startup_ex_is_counted() {
    let mut e: Engine<u32> = Engine::new(Limits::default());
    e.startup(StartupKind::StartupEx).unwrap();
    e.startup(StartupKind::StartupEx).unwrap();
    e.cleanup(StartupKind::StartupEx).unwrap();
    assert!(e.get_translate_mode(true).is_ok());
    e.cleanup(StartupKind::StartupEx).unwrap();
    assert_eq!(e.get_translate_mode(true), Err(E::NotInitialized));
}

#[test]
fn item07_mixed_startups() {
    let mut e: Engine<u32> = Engine::new(Limits::default());
    e.startup(StartupKind::Startup).unwrap();
    e.startup(StartupKind::StartupEx).unwrap();
    e.cleanup(StartupKind::StartupEx).unwrap();
    assert!(e.is_initialized());
    assert_eq!(e.cleanup(StartupKind::StartupEx), Err(E::OtherError));
    e.cleanup(StartupKind::Startup).unwrap();
    assert!(!e.is_initialized());
    // Ex only: SnmpCleanup clears the (clear) flag, the count keeps the runtime alive.
    e.startup(StartupKind::StartupEx).unwrap();
    e.cleanup(StartupKind::Startup).unwrap();
    assert!(e.is_initialized());
    e.cleanup(StartupKind::StartupEx).unwrap();
    assert!(!e.is_initialized());
}

#[test]
fn item08_cleanup_frees_everything_and_restart_is_clean() {
    let mut e = started();
    let s = session(&mut e);
    let v = e.create_vbl(s, None, None).unwrap();
    let ent = e.str_to_entity(s, "192.0.2.1").unwrap();
    e.set_translate_mode(SNMPAPI_UNTRANSLATED_V2).unwrap();
    let callbacks = e.cleanup(StartupKind::Startup).unwrap();
    assert_eq!(callbacks, vec![7]);
    assert_eq!(e.counts().total(), 0);
    e.startup(StartupKind::Startup).unwrap();
    assert_eq!(e.get_translate_mode(true), Ok(SNMPAPI_UNTRANSLATED_V1));
    assert_eq!(e.count_vbl(v), Err(E::VblInvalid));
    assert_eq!(e.free_entity(ent), Err(E::EntityInvalid));
    assert_eq!(e.close(s), Err(E::SessionInvalid));
    let s2 = session(&mut e);
    assert_ne!(s2, s);
    assert!(e.create_vbl(s2, None, None).is_ok());
}

#[test]
fn item09_10_last_error_per_session_and_app_wide() {
    let mut e = started();
    let a = session(&mut e);
    let b = session(&mut e);
    let va = e.create_vbl(a, None, None).unwrap();
    assert_eq!(e.last_error(Some(a)), SNMPAPI_SUCCESS);
    assert_eq!(e.count_vbl(va), Err(E::Noop));
    assert_eq!(e.last_error(Some(a)), E::Noop as u32);
    assert_eq!(e.last_error(None), E::Noop as u32);
    assert_eq!(e.last_error(Some(b)), SNMPAPI_SUCCESS);
    // A later failure overwrites the app-wide slot; success never clears it.
    assert_eq!(e.set_translate_mode(9), Err(E::ModeInvalid));
    assert_eq!(e.last_error(None), E::ModeInvalid as u32);
    assert_eq!(e.last_error(Some(a)), E::Noop as u32);
    e.set_translate_mode(1).unwrap();
    assert_eq!(e.last_error(None), E::ModeInvalid as u32);
    // An invalid non-NULL session reads the app-wide slot.
    assert_eq!(
        e.last_error(Some(HSession::from_raw(0xdead))),
        E::ModeInvalid as u32
    );
    // The session named by the call gets the error even for another object's failure.
    assert_eq!(e.duplicate_vbl(b, HVbl::from_raw(3)), Err(E::VblInvalid));
    assert_eq!(e.last_error(Some(b)), E::VblInvalid as u32);
}

#[test]
fn item11_12_13_session_creation_modes() {
    let mut e = started();
    let a = session(&mut e);
    let b = session(&mut e);
    assert_ne!(a, b);
    assert_ne!(a.value(), 0);
    assert_eq!(e.create_session(0, 0, None), Err(E::OperationInvalid));
    assert_eq!(e.create_session(0x1234, 0x400, None), Err(E::HwndInvalid));
    assert_eq!(e.open(0x1234, 0x400), Err(E::HwndInvalid));
    assert_eq!(e.last_error(None), E::HwndInvalid as u32);
    assert_eq!(e.session(a).unwrap().callback(), &7);
}

#[test]
fn item14_session_limit_and_recovery() {
    let mut e: Engine<u32> = Engine::new(Limits {
        max_sessions: 3,
        ..Limits::default()
    });
    e.startup(StartupKind::Startup).unwrap();
    let s: Vec<_> = (0..3).map(|_| session(&mut e)).collect();
    assert_eq!(e.create_session(0, 0, Some(1)), Err(E::AllocError));
    assert_eq!(e.last_error(None), E::AllocError as u32);
    e.close(s[1]).unwrap();
    assert!(e.create_session(0, 0, Some(1)).is_ok());
}

#[test]
fn handle_limits_reached_and_recovered() {
    let mut e: Engine<u32> = Engine::new(Limits {
        max_handles: 2,
        ..Limits::default()
    });
    e.startup(StartupKind::Startup).unwrap();
    let s = session(&mut e);
    let v1 = e.create_vbl(s, None, None).unwrap();
    let _v2 = e.create_vbl(s, None, None).unwrap();
    assert_eq!(e.create_vbl(s, None, None), Err(E::AllocError));
    assert_eq!(e.last_error(Some(s)), E::AllocError as u32);
    // GetPduData's VBL counts too.
    let p = e.create_pdu(s, 0, 0, 0, 0, None).unwrap();
    assert_eq!(e.get_pdu_data(p, PduFields::ALL), Err(E::AllocError));
    e.free_vbl(v1).unwrap();
    assert!(
        e.get_pdu_data(p, PduFields::ALL)
            .unwrap()
            .varbind_list
            .is_some()
    );
    // DecodeMsg creates nothing when the second object does not fit.
    let _c = e.str_to_context(s, b"x").unwrap();
    let ent = e.str_to_entity(s, "192.0.2.1").unwrap();
    let bytes = e.encode_msg(s, None, ent, _c, p, true).unwrap();
    let _p2 = e.create_pdu(s, 0, 0, 0, 0, None).unwrap();
    let before = e.counts();
    assert_eq!(
        e.decode_msg(s, &bytes, DecodeOutputs::ALL),
        Err(E::AllocError)
    );
    assert_eq!(e.counts(), before);
    e.set_limits(Limits::default());
    assert!(e.decode_msg(s, &bytes, DecodeOutputs::ALL).is_ok());
    assert_eq!(e.limits(), Limits::default());
}

/// `Limits::max_varbinds`: appending past it is `SNMPAPI_ALLOC_ERROR`, decoding a message
/// with more is `SNMPAPI_ALLOC_ERROR` (nothing created), encoding a PDU with more (the
/// limit lowered after the list grew) is `SNMPAPI_TL_PDU_TOO_BIG`; each error is the
/// session's last error and nothing aborts.
#[test]
fn varbind_limit_reached_and_recovered() {
    let mut e: Engine<u32> = Engine::new(Limits {
        max_varbinds: 3,
        ..Limits::default()
    });
    e.startup(StartupKind::Startup).unwrap();
    let s = session(&mut e);
    let name = [1, 3, 6, 1, 2, 1, 1, 1, 0];
    let v = e.create_vbl(s, Some(&name), None).unwrap();
    assert_eq!(e.set_vb(v, 0, Some(&name), None), Ok(2));
    assert_eq!(e.set_vb(v, 0, Some(&name), None), Ok(3));
    assert_eq!(e.set_vb(v, 0, Some(&name), None), Err(E::AllocError));
    assert_eq!(e.last_error(Some(s)), E::AllocError as u32);
    assert_eq!(e.count_vbl(v), Ok(3));
    // Replacing an entry is not growing the list.
    assert_eq!(e.set_vb(v, 3, Some(&name), Some(&SmiValue::Int(1))), Ok(3));
    let p = e.create_pdu(s, SNMP_PDU_GET, 0, 0, 0, Some(v)).unwrap();
    let ctx = e.str_to_context(s, b"public").unwrap();
    let to = e.str_to_entity(s, "192.0.2.1").unwrap();
    let bytes = e.encode_msg(s, None, to, ctx, p, true).unwrap();
    // A message of four bindings, made under a higher limit, decodes no more.
    e.set_limits(Limits::default());
    assert_eq!(e.set_vb(v, 0, Some(&name), None), Ok(4));
    let p4 = e.create_pdu(s, SNMP_PDU_GET, 0, 0, 0, Some(v)).unwrap();
    let bytes4 = e.encode_msg(s, None, to, ctx, p4, true).unwrap();
    e.set_limits(Limits {
        max_varbinds: 3,
        ..Limits::default()
    });
    let before = e.counts();
    assert_eq!(
        e.decode_msg(s, &bytes4, DecodeOutputs::ALL),
        Err(E::AllocError)
    );
    assert_eq!(e.counts(), before);
    assert!(e.decode_msg(s, &bytes, DecodeOutputs::ALL).is_ok());
    assert_eq!(
        e.encode_msg(s, None, to, ctx, p4, true),
        Err(E::TlPduTooBig)
    );
    assert_eq!(e.last_error(Some(s)), E::TlPduTooBig as u32);
    assert_eq!(Limits::default().max_varbinds, 2048);
}

/// The handle limit holds for each kind on its own: entities, contexts, PDUs and VBLs each
/// stop at `max_handles` with `SNMPAPI_ALLOC_ERROR` (the other kinds unaffected) and take
/// new handles again once one is freed.
#[test]
fn handle_limit_of_each_kind() {
    let mut e: Engine<u32> = Engine::new(Limits {
        max_handles: 3,
        ..Limits::default()
    });
    e.startup(StartupKind::Startup).unwrap();
    let s = session(&mut e);
    type Make = fn(&mut Engine<u32>, HSession) -> Result<u32, E>;
    type Free = fn(&mut Engine<u32>, u32) -> Result<(), E>;
    let kinds: [(&str, Make, Free); 4] = [
        (
            "entity",
            |e, s| e.str_to_entity(s, "192.0.2.1").map(|h| h.value()),
            |e, h| e.free_entity(HEntity::from_raw(h)),
        ),
        (
            "context",
            |e, s| e.str_to_context(s, b"public").map(|h| h.value()),
            |e, h| e.free_context(HContext::from_raw(h)),
        ),
        (
            "PDU",
            |e, s| {
                e.create_pdu(s, SNMP_PDU_GET, 0, 0, 0, None)
                    .map(|h| h.value())
            },
            |e, h| e.free_pdu(HPdu::from_raw(h)),
        ),
        (
            "VBL",
            |e, s| e.create_vbl(s, None, None).map(|h| h.value()),
            |e, h| e.free_vbl(HVbl::from_raw(h)),
        ),
    ];
    for (name, make, free) in kinds {
        let made: Vec<u32> = (0..3).map(|_| make(&mut e, s).unwrap()).collect();
        assert_eq!(make(&mut e, s), Err(E::AllocError), "{name}");
        assert_eq!(e.last_error(Some(s)), E::AllocError as u32, "{name}");
        free(&mut e, made[0]).unwrap();
        let again = make(&mut e, s).unwrap();
        assert!(!made.contains(&again), "{name}: a freed handle came back");
    }
    let c = e.counts();
    assert_eq!((c.entities, c.contexts, c.pdus, c.vbls), (3, 3, 3, 3));
}

/// `set_limits` applies the queue limit to the sessions already open.
#[test]
fn queue_limit_applies_to_open_sessions() {
    let mut e = started();
    let s = session(&mut e);
    assert!(!e.session(s).unwrap().queue().is_full());
    e.set_limits(Limits {
        max_queued_messages: 0,
        ..Limits::default()
    });
    assert!(e.session(s).unwrap().queue().is_full());
}

#[test]
fn item15_16_close_frees_owned_objects_only() {
    let mut e = started();
    let a = session(&mut e);
    let b = session(&mut e);
    let ea = e.str_to_entity(a, "192.0.2.1").unwrap();
    let ca = e.str_to_context(a, b"public").unwrap();
    let va = e.create_vbl(a, Some(&SYS_DESCR), None).unwrap();
    let pa = e.create_pdu(a, 0, 0, 0, 0, Some(va)).unwrap();
    let vb = e.create_vbl(b, None, None).unwrap();
    assert_eq!(e.close(a), Ok(7));
    assert_eq!(e.close(a), Err(E::SessionInvalid));
    assert_eq!(e.free_entity(ea), Err(E::EntityInvalid));
    assert_eq!(e.free_context(ca), Err(E::ContextInvalid));
    assert_eq!(e.free_pdu(pa), Err(E::PduInvalid));
    assert_eq!(e.free_vbl(va), Err(E::VblInvalid));
    assert_eq!(e.count_vbl(vb), Err(E::Noop));
    assert_eq!(e.counts().vbls, 1);
}

#[test]
fn item17_handles_shared_between_sessions() {
    let mut e = started();
    let a = session(&mut e);
    let b = session(&mut e);
    let va = e.create_vbl(a, Some(&SYS_DESCR), None).unwrap();
    // B uses A's VBL; the copy belongs to B and survives A.
    let pb = e.create_pdu(b, SNMP_PDU_GET, 0, 0, 0, Some(va)).unwrap();
    let vb = e.duplicate_vbl(b, va).unwrap();
    let ea = e.str_to_entity(a, "192.0.2.1").unwrap();
    let cb = e.str_to_context(b, b"public").unwrap();
    assert!(e.encode_msg(b, None, ea, cb, pb, true).is_ok());
    e.close(a).unwrap();
    assert_eq!(
        e.encode_msg(b, None, ea, cb, pb, true),
        Err(E::EntityInvalid)
    );
    assert_eq!(e.count_vbl(vb), Ok(1));
    assert_eq!(e.owner_of(vb.raw()), Some(b));
}

#[test]
fn item21_22_freed_foreign_and_wrong_kind_handles() {
    let mut e = started();
    let s = session(&mut e);
    let ent = e.str_to_entity(s, "192.0.2.1").unwrap();
    let ctx = e.str_to_context(s, b"c").unwrap();
    let pdu = e.create_pdu(s, 0, 0, 0, 0, None).unwrap();
    let vbl = e.create_vbl(s, None, None).unwrap();
    e.free_entity(ent).unwrap();
    assert_eq!(e.free_entity(ent), Err(E::EntityInvalid));
    e.free_context(ctx).unwrap();
    assert_eq!(e.free_context(ctx), Err(E::ContextInvalid));
    e.free_pdu(pdu).unwrap();
    assert_eq!(e.free_pdu(pdu), Err(E::PduInvalid));
    // Wrong kind: the VBL handle given as a PDU.
    assert_eq!(e.free_pdu(HPdu::from_raw(vbl.value())), Err(E::PduInvalid));
    assert_eq!(e.count_vbl(vbl), Err(E::Noop));
    e.free_vbl(vbl).unwrap();
    assert_eq!(e.free_vbl(vbl), Err(E::VblInvalid));
    for v in [0, 1, 0xffff_ffff, 0x1234_5678] {
        assert_eq!(e.free_pdu(HPdu::from_raw(v)), Err(E::PduInvalid));
        assert_eq!(e.free_entity(HEntity::from_raw(v)), Err(E::EntityInvalid));
        assert_eq!(
            e.free_context(HContext::from_raw(v)),
            Err(E::ContextInvalid)
        );
        assert_eq!(e.close(HSession::from_raw(v)), Err(E::SessionInvalid));
    }
    // A session handle is not a VBL either.
    assert_eq!(e.free_vbl(HVbl::from_raw(s.value())), Err(E::VblInvalid));
    assert!(e.session(s).is_some());
}

#[test]
fn item23_24_25_modes() {
    let mut e = started();
    assert_eq!(e.set_translate_mode(3), Err(E::ModeInvalid));
    assert_eq!(e.get_translate_mode(true), Ok(SNMPAPI_UNTRANSLATED_V1));
    assert_eq!(e.set_retransmit_mode(2), Err(E::ModeInvalid));
    for m in [
        SNMPAPI_TRANSLATED,
        SNMPAPI_UNTRANSLATED_V1,
        SNMPAPI_UNTRANSLATED_V2,
    ] {
        e.set_translate_mode(m).unwrap();
        assert_eq!(e.get_translate_mode(true), Ok(m));
    }
    for m in [SNMPAPI_OFF, SNMPAPI_ON] {
        e.set_retransmit_mode(m).unwrap();
        assert_eq!(e.get_retransmit_mode(true), Ok(m));
    }
    assert_eq!(e.get_translate_mode(false), Err(E::Noop));
    assert_eq!(e.get_retransmit_mode(false), Err(E::Noop));
}

#[test]
fn item26_to_29_timeout_and_retry() {
    let mut e = started();
    let s = session(&mut e);
    let a = e.str_to_entity(s, "192.0.2.1").unwrap();
    let b = e.str_to_entity(s, "192.0.2.1").unwrap();
    assert_ne!(a, b);
    assert_eq!(
        e.get_timeout(
            a,
            PolicyOutputs {
                policy: false,
                actual: false
            }
        ),
        Err(E::Noop)
    );
    assert_eq!(
        e.get_retry(
            a,
            PolicyOutputs {
                policy: false,
                actual: false
            }
        ),
        Err(E::Noop)
    );
    assert_eq!(
        e.get_timeout(
            a,
            PolicyOutputs {
                policy: true,
                actual: true
            }
        ),
        Ok((DEFAULT_TIMEOUT, DEFAULT_TIMEOUT))
    );
    assert_eq!(
        e.get_retry(
            a,
            PolicyOutputs {
                policy: true,
                actual: false
            }
        ),
        Ok((DEFAULT_RETRY, DEFAULT_RETRY))
    );
    e.set_timeout(a, 350).unwrap();
    e.set_retry(a, 5).unwrap();
    assert_eq!(
        e.get_timeout(
            a,
            PolicyOutputs {
                policy: true,
                actual: true
            }
        ),
        Ok((350, 350))
    );
    assert_eq!(
        e.get_retry(
            a,
            PolicyOutputs {
                policy: false,
                actual: true
            }
        ),
        Ok((5, 5))
    );
    assert_eq!(
        e.get_timeout(
            b,
            PolicyOutputs {
                policy: true,
                actual: true
            }
        ),
        Ok((100, 100))
    );
    e.set_timeout(a, 0).unwrap();
    e.set_retry(a, 0).unwrap();
    assert_eq!(
        e.get_timeout(
            a,
            PolicyOutputs {
                policy: true,
                actual: true
            }
        ),
        Ok((100, 100))
    );
    assert_eq!(
        e.get_retry(
            a,
            PolicyOutputs {
                policy: true,
                actual: true
            }
        ),
        Ok((3, 3))
    );
    e.free_entity(a).unwrap();
    assert_eq!(
        e.get_timeout(
            a,
            PolicyOutputs {
                policy: true,
                actual: true
            }
        ),
        Err(E::EntityInvalid)
    );
    assert_eq!(
        e.get_retry(
            a,
            PolicyOutputs {
                policy: true,
                actual: true
            }
        ),
        Err(E::EntityInvalid)
    );
    assert_eq!(e.set_timeout(a, 1), Err(E::EntityInvalid));
    assert_eq!(e.set_retry(a, 1), Err(E::EntityInvalid));
    assert_eq!(e.last_error(None), E::EntityInvalid as u32);
}

#[test]
fn item30_vendor_info() {
    let mut e = started();
    assert_eq!(e.get_vendor_info(false), Err(E::Noop));
    let v = e.get_vendor_info(true).unwrap();
    assert!(v.name.len() < 64 && v.contact.len() < 64);
    assert!(v.version_id.len() < 32 && v.version_date.len() < 32);
    assert_eq!(v.enterprise, 0);
}

#[test]
fn item31_32_33_34_entities_untranslated() {
    let mut e = started();
    let s = session(&mut e);
    let ent = e.str_to_entity(s, "192.0.2.1").unwrap();
    assert_eq!(e.entity_to_str(ent, 64).unwrap(), "192.0.2.1");
    assert_eq!(e.entity_to_str(ent, 10).unwrap(), "192.0.2.1");
    assert_eq!(e.entity_to_str(ent, 9), Err(E::OutputTruncated));
    assert_eq!(e.entity_to_str(ent, 0), Err(E::OutputTruncated));
    assert_eq!(e.entity(ent).unwrap().addr.port(), 161);
    assert_eq!(e.entity(ent).unwrap().version, crate::wire::Version::V1);
    for bad in [
        "not an address",
        "",
        "1.2.3.4:0",
        "1.2.3.4:70000",
        "1.2.3.4:",
        "[::1",
        "[::1]x",
        "[nope]:1",
        "00000001:00081A0D01C2",
        "00000001.00081a0d01c2",
        "00000001-00081A0D01C2",
        "unresolvable.example",
    ] {
        assert_eq!(e.str_to_entity(s, bad), Err(E::EntityUnknown), "{bad:?}");
    }
    assert_eq!(e.last_error(Some(s)), E::EntityUnknown as u32);
    // IPv6 and ports; the printed form converts back to the same address.
    for (text, printed) in [
        ("::1", "::1"),
        ("[::1]:1161", "[::1]:1161"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("192.0.2.9:162", "192.0.2.9:162"),
        ("192.0.2.9:161", "192.0.2.9"),
    ] {
        let h = e.str_to_entity(s, text).unwrap();
        assert_eq!(e.entity_to_str(h, 100).unwrap(), printed);
        let back = e.str_to_entity(s, printed).unwrap();
        assert_eq!(e.entity(back).unwrap().addr, e.entity(h).unwrap().addr);
    }
    e.set_translate_mode(SNMPAPI_UNTRANSLATED_V2).unwrap();
    let v2 = e.str_to_entity(s, "192.0.2.1").unwrap();
    assert_eq!(e.entity(v2).unwrap().version, crate::wire::Version::V2c);
    assert_eq!(
        e.entity_to_str(HEntity::from_raw(9), 100),
        Err(E::EntityInvalid)
    );
    assert_eq!(
        e.str_to_entity(HSession::from_raw(9), "1.2.3.4"),
        Err(E::SessionInvalid)
    );
}

#[test]
fn host_names_are_resolved_by_the_caller() {
    let (mut e, _) = with_db("");
    let s = session(&mut e);
    // The engine says which name to resolve; it never resolves one itself.
    assert_eq!(
        e.entity_host_name(s, "localhost:1161"),
        Some(("localhost".to_owned(), 1161))
    );
    assert_eq!(e.entity_host_name(s, "192.0.2.1:1161"), None);
    assert_eq!(e.entity_host_name(s, "[::1]:1161"), None);
    assert_eq!(e.entity_host_name(s, "bad name!"), None);
    assert_eq!(e.entity_host_name(HSession::from_raw(9), "localhost"), None);
    assert_eq!(e.str_to_entity(s, "localhost:1161"), Err(E::EntityUnknown));
    let h = str_to_entity(&mut e, s, "localhost:1161").unwrap();
    assert_eq!(
        e.entity(h).unwrap().addr,
        "203.0.113.5:1161".parse().unwrap()
    );
    // An answer for another name or port (the mode changed in between) is not used.
    let other = Resolved {
        host: "localhost".to_owned(),
        port: 161,
        addr: Some("203.0.113.5:161".parse().unwrap()),
    };
    assert_eq!(
        e.str_to_entity_resolved(s, "localhost:1161", Some(&other)),
        Err(E::EntityUnknown)
    );
    assert_eq!(
        str_to_entity(&mut e, s, "nowhere.example"),
        Err(E::EntityUnknown)
    );
}

#[test]
fn item35_36_37_contexts() {
    let mut e = started();
    let s = session(&mut e);
    assert_eq!(e.str_to_context(s, b""), Err(E::ContextInvalid));
    // Longer than the largest message: it could never be sent.
    let largest = e.limits().max_message_size;
    assert_eq!(
        e.str_to_context(s, &vec![b'c'; largest + 1]),
        Err(E::ContextInvalid)
    );
    let big = e.str_to_context(s, &vec![b'c'; largest]).unwrap();
    e.free_context(big).unwrap();
    let c = e.str_to_context(s, b"pu\0bl\0ic").unwrap();
    assert_eq!(e.context_to_str(c, true).unwrap(), b"pu\0bl\0ic");
    assert_eq!(e.context_to_str(c, false), Err(E::Noop));
    e.set_translate_mode(SNMPAPI_TRANSLATED).unwrap();
    assert_eq!(e.str_to_context(s, b"nosuch"), Err(E::ContextUnknown));
    assert_eq!(
        e.str_to_context(HSession::from_raw(3), b"x"),
        Err(E::SessionInvalid)
    );
    e.free_context(c).unwrap();
    assert_eq!(e.context_to_str(c, true), Err(E::ContextInvalid));
}

#[test]
fn item33_36_38_translated_mode_database() {
    let (mut e, _) = with_db(DB);
    let s = session(&mut e);
    let lit = e.str_to_entity(s, "192.0.2.50").unwrap();
    let known = e.str_to_entity(s, "198.51.100.7").unwrap();
    assert_eq!(
        e.get_timeout(
            known,
            PolicyOutputs {
                policy: true,
                actual: true
            }
        ),
        Ok((42, 42))
    );
    e.set_translate_mode(SNMPAPI_TRANSLATED).unwrap();
    let r = e.str_to_entity(s, "router").unwrap();
    let ent = e.entity(r).unwrap().clone();
    assert_eq!(ent.addr, "192.0.2.1:1161".parse().unwrap());
    assert_eq!(ent.version, crate::wire::Version::V2c);
    assert_eq!((ent.timeout, ent.retry), (250, 1));
    assert_eq!(e.entity_to_str(r, 100).unwrap(), "router");
    assert_eq!(e.entity_to_str(lit, 100).unwrap(), "192.0.2.50");
    assert_eq!(e.entity_to_str(known, 100).unwrap(), "known");
    assert_eq!(
        e.entity_host_name(s, "byname"),
        Some(("agent.example".to_owned(), 161))
    );
    let byname = str_to_entity(&mut e, s, "byname").unwrap();
    assert_eq!(
        e.entity(byname).unwrap().addr,
        "203.0.113.5:161".parse().unwrap()
    );
    assert_eq!(e.str_to_entity(s, "nosuch"), Err(E::EntityUnknown));
    assert_eq!(e.str_to_entity(s, "192.0.2.1"), Err(E::EntityUnknown));
    let c = e.str_to_context(s, b"ro").unwrap();
    assert_eq!(e.context(c).unwrap().community, b"public");
    assert_eq!(e.context_to_str(c, true).unwrap(), b"ro");
    assert_eq!(e.str_to_context(s, b"rw"), Err(E::ContextUnknown));
    assert_eq!(e.str_to_context(s, &[0xff, 0xfe]), Err(E::ContextUnknown));
    // Untranslated again: the same handles print their literal forms.
    e.set_translate_mode(SNMPAPI_UNTRANSLATED_V1).unwrap();
    assert_eq!(e.entity_to_str(r, 100).unwrap(), "192.0.2.1:1161");
    assert_eq!(e.context_to_str(c, true).unwrap(), b"public");
    // A literal community the database names prints its name in translated mode.
    let lc = e.str_to_context(s, b"public").unwrap();
    e.set_translate_mode(SNMPAPI_TRANSLATED).unwrap();
    assert_eq!(e.context_to_str(lc, true).unwrap(), b"ro");
}

#[test]
fn malformed_database_fails_lookups_and_logs() {
    let (mut e, host) = with_db("[entity.x\naddress=");
    let s = session(&mut e);
    e.set_translate_mode(SNMPAPI_TRANSLATED).unwrap();
    assert_eq!(e.str_to_entity(s, "x"), Err(E::EntityUnknown));
    assert_eq!(e.str_to_context(s, b"x"), Err(E::ContextUnknown));
    assert!(e.database().error().is_some());
    assert!(host.log.lock().unwrap().len() >= 2);
    // Fixed file, handed in (the runtime rereads it when the translate mode is set).
    e.handle_database(Ok(Some(DB.to_owned())));
    assert!(e.str_to_entity(s, "router").is_ok());
    // An unreadable file is logged and fails lookups too.
    let logged = host.log.lock().unwrap().len();
    e.handle_database(Err("permission denied".to_owned()));
    assert_eq!(e.str_to_entity(s, "router"), Err(E::EntityUnknown));
    assert!(host.log.lock().unwrap().len() > logged);
    // No file: an empty database.
    e.handle_database(Ok(None));
    assert_eq!(e.str_to_entity(s, "router"), Err(E::EntityUnknown));
    assert!(e.database().error().is_none());
}

#[test]
fn item39_40_set_port() {
    let mut e = started();
    let s = session(&mut e);
    let ent = e.str_to_entity(s, "192.0.2.1").unwrap();
    e.set_port(ent, 1161).unwrap();
    assert_eq!(e.entity(ent).unwrap().addr.port(), 1161);
    assert_eq!(e.set_port(ent, 0), Err(E::OperationInvalid));
    assert_eq!(e.set_port(ent, 65536), Err(E::OperationInvalid));
    e.entity_mut(ent).unwrap().listening = true;
    assert_eq!(e.set_port(ent, 2000), Err(E::OperationInvalid));
    assert_eq!(e.last_error(Some(s)), E::OperationInvalid as u32);
    assert_eq!(
        e.set_port(HEntity::from_raw(1), 2000),
        Err(E::EntityInvalid)
    );
}

#[test]
fn item41_to_44_create_pdu() {
    let mut e = started();
    let s = session(&mut e);
    let p = e.create_pdu(s, 0, 0, 0, 0, None).unwrap();
    let info = e.get_pdu_data(p, PduFields::SCALARS).unwrap();
    assert_eq!(info.pdu_type, SNMP_PDU_GETNEXT);
    assert_ne!(info.request_id, 0);
    assert_eq!((info.error_status, info.error_index), (0, 0));
    assert_eq!(info.varbind_list, None);
    let p2 = e.create_pdu(s, 0, 0, 0, 0, None).unwrap();
    assert_ne!(e.pdu(p2).unwrap().request_id, info.request_id);
    assert_eq!(e.create_pdu(s, 0x99, 0, 0, 0, None), Err(E::PduInvalid));
    assert_eq!(
        e.create_pdu(s, SNMP_PDU_V1TRAP, 0, 0, 0, None),
        Err(E::PduInvalid)
    );
    assert_eq!(e.last_error(Some(s)), E::PduInvalid as u32);
    let v = e.create_vbl(s, None, None).unwrap();
    e.free_vbl(v).unwrap();
    assert_eq!(
        e.create_pdu(s, SNMP_PDU_GET, 0, 0, 0, Some(v)),
        Err(E::VblInvalid)
    );
    assert_eq!(
        e.create_pdu(HSession::from_raw(2), 0, 0, 0, 0, None),
        Err(E::SessionInvalid)
    );
    let bulk = e.create_pdu(s, SNMP_PDU_GETBULK, 77, 3, 25, None).unwrap();
    let i = e.get_pdu_data(bulk, PduFields::SCALARS).unwrap();
    assert_eq!(
        (i.pdu_type, i.request_id, i.error_status, i.error_index),
        (SNMP_PDU_GETBULK, 77, 3, 25)
    );
    for t in [
        SNMP_PDU_GET,
        SNMP_PDU_RESPONSE,
        SNMP_PDU_SET,
        SNMP_PDU_INFORM,
        SNMP_PDU_TRAP,
    ] {
        assert!(e.create_pdu(s, t, 1, 0, 0, None).is_ok());
    }
}

#[test]
fn item45_46_get_pdu_data() {
    let mut e = started();
    let s = session(&mut e);
    let v = e.create_vbl(s, Some(&SYS_DESCR), None).unwrap();
    let p = e.create_pdu(s, SNMP_PDU_GET, 5, 0, 0, Some(v)).unwrap();
    assert_eq!(e.get_pdu_data(p, PduFields::default()), Err(E::Noop));
    let a = e
        .get_pdu_data(p, PduFields::ALL)
        .unwrap()
        .varbind_list
        .unwrap();
    let b = e
        .get_pdu_data(p, PduFields::ALL)
        .unwrap()
        .varbind_list
        .unwrap();
    assert_ne!(a, b);
    e.free_vbl(a).unwrap();
    assert_eq!(e.count_vbl(b), Ok(1));
    assert_eq!(e.pdu(p).unwrap().varbinds.len(), 1);
    // The PDU holds a copy: changing the source VBL does not change it.
    e.set_vb(v, 0, Some(&SYS_DESCR), None).unwrap();
    assert_eq!(e.pdu(p).unwrap().varbinds.len(), 1);
    e.free_pdu(p).unwrap();
    assert_eq!(e.count_vbl(b), Ok(1));
    assert_eq!(e.get_pdu_data(p, PduFields::ALL), Err(E::PduInvalid));
}

#[test]
fn item47_48_49_set_pdu_data() {
    let mut e = started();
    let s = session(&mut e);
    let p = e.create_pdu(s, SNMP_PDU_GET, 9, 0, 0, None).unwrap();
    assert_eq!(
        e.set_pdu_data(p, None, None, None, None, None),
        Err(E::Noop)
    );
    e.set_pdu_data(p, None, Some(0), None, None, None).unwrap();
    assert_eq!(e.pdu(p).unwrap().request_id, 0);
    e.set_pdu_data(p, None, None, Some(5), None, None).unwrap();
    assert_eq!(e.pdu(p).unwrap().error_status, 0);
    assert_eq!(
        e.set_pdu_data(p, Some(SNMP_PDU_V1TRAP), None, None, None, None),
        Err(E::PduInvalid)
    );
    assert_eq!(
        e.set_pdu_data(p, Some(0x42), None, None, None, None),
        Err(E::PduInvalid)
    );
    e.set_pdu_data(p, Some(SNMP_PDU_GETBULK), None, Some(2), Some(30), None)
        .unwrap();
    let d = e.pdu(p).unwrap();
    assert_eq!(
        (d.pdu_type, d.error_status, d.error_index),
        (SNMP_PDU_GETBULK, 2, 30)
    );
    let v = e
        .create_vbl(s, Some(&SYS_DESCR), Some(&SmiValue::Int(4)))
        .unwrap();
    e.set_pdu_data(p, None, None, None, None, Some(v)).unwrap();
    assert_eq!(e.pdu(p).unwrap().varbinds[0].value, SmiValue::Int(4));
    e.free_vbl(v).unwrap();
    assert_eq!(e.pdu(p).unwrap().varbinds.len(), 1);
    assert_eq!(
        e.set_pdu_data(p, Some(SNMP_PDU_GET), None, None, None, Some(v)),
        Err(E::VblInvalid)
    );
    // Nothing changed by the failed call.
    assert_eq!(e.pdu(p).unwrap().pdu_type, SNMP_PDU_GETBULK);
    assert_eq!(
        e.set_pdu_data(
            HPdu::from_raw(4),
            Some(SNMP_PDU_GET),
            None,
            None,
            None,
            None
        ),
        Err(E::PduInvalid)
    );
}

#[test]
fn item50_validation_at_encode() {
    let mut e = started();
    let s = session(&mut e);
    let ent = e.str_to_entity(s, "192.0.2.1").unwrap();
    let c = e.str_to_context(s, b"public").unwrap();
    let get = e.create_pdu(s, SNMP_PDU_GET, 1, 3, 0, None).unwrap();
    assert_eq!(e.encode_msg(s, None, ent, c, get, true), Err(E::PduInvalid));
    assert_eq!(e.last_error(Some(s)), E::PduInvalid as u32);
    let resp = e.create_pdu(s, SNMP_PDU_RESPONSE, 1, 3, 1, None).unwrap();
    assert!(e.encode_msg(s, None, ent, c, resp, true).is_ok());
    e.set_translate_mode(SNMPAPI_UNTRANSLATED_V2).unwrap();
    let ent2 = e.str_to_entity(s, "192.0.2.1").unwrap();
    let bulk = e.create_pdu(s, SNMP_PDU_GETBULK, 1, 3, 25, None).unwrap();
    assert!(e.encode_msg(s, None, ent2, c, bulk, true).is_ok());
    let inform = e.create_pdu(s, SNMP_PDU_INFORM, 1, 0, 0, None).unwrap();
    assert_eq!(
        e.encode_msg(s, None, ent, c, inform, true),
        Err(E::OperationInvalid)
    );
    assert!(e.encode_msg(s, Some(ent2), ent2, c, inform, true).is_ok());
}

#[test]
fn item51_duplicate_pdu_into_other_session() {
    let mut e = started();
    let a = session(&mut e);
    let b = session(&mut e);
    let v = e.create_vbl(a, Some(&SYS_DESCR), None).unwrap();
    let p = e.create_pdu(a, SNMP_PDU_GET, 5, 0, 0, Some(v)).unwrap();
    let d = e.duplicate_pdu(b, p).unwrap();
    assert_ne!(d, p);
    e.close(a).unwrap();
    assert_eq!(e.pdu(d).unwrap().request_id, 5);
    assert_eq!(e.pdu(d).unwrap().varbinds.len(), 1);
    assert_eq!(e.duplicate_pdu(b, p), Err(E::PduInvalid));
    assert_eq!(e.duplicate_pdu(a, d), Err(E::SessionInvalid));
}

#[test]
fn item52_to_58_vbls() {
    let mut e = started();
    let s = session(&mut e);
    let empty = e.create_vbl(s, None, Some(&SmiValue::Int(1))).unwrap();
    assert_eq!(e.count_vbl(empty), Err(E::Noop));
    let one = e.create_vbl(s, Some(&SYS_DESCR), None).unwrap();
    assert_eq!(
        e.get_vb(
            one,
            1,
            VbOutputs {
                name: true,
                value: true
            }
        )
        .unwrap()
        .value,
        SmiValue::Null
    );
    assert_eq!(
        e.create_vbl(s, Some(&SYS_DESCR), Some(&SmiValue::IpAddr(vec![1]))),
        Err(E::SyntaxInvalid)
    );
    assert_eq!(e.create_vbl(s, Some(&[]), None), Err(E::OidInvalid));
    assert_eq!(e.create_vbl(s, Some(&[1]), None), Err(E::OidInvalid));
    assert_eq!(e.create_vbl(s, Some(&[1; 129]), None), Err(E::OidInvalid));
    assert_eq!(
        e.create_vbl(HSession::from_raw(1), None, None),
        Err(E::SessionInvalid)
    );
    // 55: index 0 and n + 1.
    assert_eq!(
        e.get_vb(
            one,
            0,
            VbOutputs {
                name: true,
                value: true
            }
        ),
        Err(E::IndexInvalid)
    );
    assert_eq!(
        e.get_vb(
            one,
            2,
            VbOutputs {
                name: true,
                value: true
            }
        ),
        Err(E::IndexInvalid)
    );
    assert_eq!(
        e.get_vb(
            one,
            1,
            VbOutputs {
                name: false,
                value: false
            }
        ),
        Err(E::Noop)
    );
    // 56: append returns n + 1, replace returns index, n + 1 is not an append.
    let a = [1, 3, 6, 1, 1];
    let b = [1, 3, 6, 1, 2];
    let c = [1, 3, 6, 1, 3];
    let v = e.create_vbl(s, Some(&a), None).unwrap();
    assert_eq!(e.set_vb(v, 0, Some(&b), None), Ok(2));
    assert_eq!(e.set_vb(v, 0, Some(&c), None), Ok(3));
    assert_eq!(e.set_vb(v, 2, Some(&b), Some(&SmiValue::Int(2))), Ok(2));
    assert_eq!(e.set_vb(v, 4, Some(&b), None), Err(E::IndexInvalid));
    assert_eq!(e.set_vb(v, 0, None, None), Err(E::OidInvalid));
    assert_eq!(e.set_vb(v, 1, Some(&[9, 9]), None), Err(E::OidInvalid));
    assert_eq!(
        e.set_vb(v, 1, Some(&a), Some(&SmiValue::IpAddr(vec![]))),
        Err(E::SyntaxInvalid)
    );
    // 57: NULL name changes only the value.
    assert_eq!(e.set_vb(v, 1, None, Some(&SmiValue::Int(9))), Ok(1));
    let first = e
        .get_vb(
            v,
            1,
            VbOutputs {
                name: true,
                value: true,
            },
        )
        .unwrap();
    assert_eq!(
        (first.name.as_slice(), first.value),
        (&a[..], SmiValue::Int(9))
    );
    // 58: delete.
    e.delete_vb(v, 1).unwrap();
    assert_eq!(e.count_vbl(v), Ok(2));
    assert_eq!(
        e.get_vb(
            v,
            1,
            VbOutputs {
                name: true,
                value: false
            }
        )
        .unwrap()
        .name,
        b.to_vec()
    );
    assert_eq!(e.delete_vb(v, 3), Err(E::IndexInvalid));
    assert_eq!(e.delete_vb(v, 0), Err(E::IndexInvalid));
    e.delete_vb(v, 2).unwrap();
    e.delete_vb(v, 1).unwrap();
    assert_eq!(e.count_vbl(v), Err(E::Noop));
    e.free_vbl(v).unwrap();
    assert_eq!(e.delete_vb(v, 1), Err(E::VblInvalid));
    assert_eq!(
        e.get_vb(
            v,
            1,
            VbOutputs {
                name: true,
                value: true
            }
        ),
        Err(E::VblInvalid)
    );
    assert_eq!(e.set_vb(v, 0, Some(&a), None), Err(E::VblInvalid));
    assert_eq!(e.count_vbl(v), Err(E::VblInvalid));
}

fn every_value() -> Vec<SmiValue> {
    vec![
        SmiValue::Int(-5),
        SmiValue::Bits(vec![0x80, 0x01]),
        SmiValue::Octets(vec![0, 1, 0, 2]),
        SmiValue::Null,
        SmiValue::Oid(vec![1, 3, 6, 1, 4, 1, 99]),
        SmiValue::IpAddr(vec![192, 0, 2, 1]),
        SmiValue::Cntr32(u32::MAX),
        SmiValue::Gauge32(7),
        SmiValue::TimeTicks(12345),
        SmiValue::Opaque(vec![0x9f, 0x78, 4, 0, 0, 0, 0]),
        SmiValue::NsapAddr(vec![0x47, 0, 5]),
        SmiValue::Cntr64(SmiCntr64 {
            hipart: 1,
            lopart: 2,
        }),
        SmiValue::UInt32(99),
        SmiValue::NoSuchObject,
        SmiValue::NoSuchInstance,
        SmiValue::EndOfMibView,
    ]
}

#[test]
fn item59_60_every_syntax_round_trips() {
    let mut e = started();
    let s = session(&mut e);
    let v = e.create_vbl(s, None, None).unwrap();
    let values = every_value();
    for (i, val) in values.iter().enumerate() {
        assert_eq!(
            e.set_vb(v, 0, Some(&SYS_DESCR), Some(val)),
            Ok(i as u32 + 1)
        );
    }
    for (i, val) in values.iter().enumerate() {
        let got = e
            .get_vb(
                v,
                i as u32 + 1,
                VbOutputs {
                    name: true,
                    value: true,
                },
            )
            .unwrap();
        assert_eq!(&got.value, val);
        assert_eq!(got.value.syntax(), val.syntax());
    }
    let copy = e.duplicate_vbl(s, v).unwrap();
    e.delete_vb(copy, 1).unwrap();
    assert_eq!(e.count_vbl(v), Ok(16));
    let empty = e.create_vbl(s, None, None).unwrap();
    let ecopy = e.duplicate_vbl(s, empty).unwrap();
    e.set_vb(ecopy, 0, Some(&SYS_DESCR), None).unwrap();
    assert_eq!(e.count_vbl(empty), Err(E::Noop));
    assert_eq!(e.duplicate_vbl(s, HVbl::from_raw(77)), Err(E::VblInvalid));
}

#[test]
fn item61_to_70_utilities_through_the_engine() {
    let mut e = started();
    assert_eq!(e.str_to_oid(b"1.3.6.1.2.1.1.1.0", true).unwrap().len(), 9);
    assert_eq!(e.str_to_oid(b"1", true), Err(E::OidInvalid));
    assert_eq!(e.last_error(None), E::OidInvalid as u32);
    assert_eq!(e.str_to_oid(b"1.3", false), Err(E::Noop));
    assert_eq!(e.oid_to_str(&[1, 3, 6], 0), Err(E::SizeInvalid));
    assert_eq!(e.oid_to_str(&[1, 3, 6], 6).unwrap(), "1.3.6");
    assert_eq!(e.oid_to_str(&[1, 3, 6], 5), Err(E::OutputTruncated));
    let src = vec![1, 3, 6];
    let mut copy = e.oid_copy(&src, true).unwrap();
    copy.push(1);
    assert_eq!(src.len(), 3);
    assert_eq!(e.oid_copy(&src, false), Err(E::Noop));
    assert_eq!(e.oid_copy(&[], true), Err(E::OidInvalid));
    assert_eq!(
        e.oid_compare(&[1, 2, 3], &[1, 2, 3, 4], 0, true),
        Ok(Ordering::Less)
    );
    assert_eq!(
        e.oid_compare(&[1, 2, 3, 9], &[1, 2, 3, 4], 3, true),
        Ok(Ordering::Equal)
    );
    assert_eq!(e.oid_compare(&[1], &[1], 129, true), Err(E::SizeInvalid));
    assert_eq!(e.oid_compare(&[1], &[1], 128, false), Err(E::Noop));
    assert_eq!(e.oid_compare(&[], &[], 0, true), Ok(Ordering::Equal));
    assert_eq!(e.free_descriptor(0x99), Err(E::SyntaxInvalid));
    assert_eq!(e.free_descriptor(SNMP_SYNTAX_INT), Err(E::SyntaxInvalid));
    for syn in [
        SNMP_SYNTAX_OCTETS,
        SNMP_SYNTAX_OID,
        SNMP_SYNTAX_BITS,
        SNMP_SYNTAX_IPADDR,
        SNMP_SYNTAX_OPAQUE,
        SNMP_SYNTAX_NSAPADDR,
    ] {
        assert!(e.free_descriptor(syn).is_ok());
    }
    e.record_error(E::OperationInvalid, &[]);
    assert_eq!(e.last_error(None), E::OperationInvalid as u32);
}

#[test]
fn item71_to_74_encode_decode() {
    let mut e = started();
    let s = session(&mut e);
    let v1 = e.str_to_entity(s, "192.0.2.1").unwrap();
    e.set_translate_mode(SNMPAPI_UNTRANSLATED_V2).unwrap();
    let v2 = e.str_to_entity(s, "192.0.2.1").unwrap();
    let c = e.str_to_context(s, b"public").unwrap();
    let vbl = e.create_vbl(s, Some(&SYS_DESCR), None).unwrap();
    let p = e.create_pdu(s, SNMP_PDU_GET, 42, 0, 0, Some(vbl)).unwrap();
    let b1 = e.encode_msg(s, None, v1, c, p, true).unwrap();
    let b2 = e.encode_msg(s, None, v2, c, p, true).unwrap();
    assert_eq!((b1[4], b2[4]), (0, 1));
    assert_eq!(&b2[5..13], b"\x04\x06public");
    assert_eq!(e.encode_msg(s, None, v2, c, p, false), Err(E::Noop));
    for bytes in [&b1, &b2] {
        let d = e.decode_msg(s, bytes, DecodeOutputs::ALL).unwrap();
        assert_eq!(d.used as usize, bytes.len());
        let pd = e.pdu(d.pdu.unwrap()).unwrap();
        assert_eq!((pd.pdu_type, pd.request_id), (SNMP_PDU_GET, 42));
        assert_eq!(pd.varbinds[0].name, SYS_DESCR.to_vec());
        assert_eq!(e.context(d.context.unwrap()).unwrap().community, b"public");
        assert_eq!(e.owner_of(d.pdu.unwrap().raw()), Some(s));
    }
    // 73: garbage creates nothing.
    let before = e.counts();
    assert_eq!(
        e.decode_msg(s, b"\x30\x03\x02\x01", DecodeOutputs::ALL),
        Err(E::OutputTruncated)
    );
    assert_eq!(
        e.decode_msg(s, b"garbage", DecodeOutputs::ALL),
        Err(E::MessageInvalid)
    );
    assert_eq!(e.last_error(Some(s)), E::MessageInvalid as u32);
    assert_eq!(e.counts(), before);
    // 74: trailing bytes are not consumed.
    let mut longer = b2.clone();
    longer.extend_from_slice(b"xyz");
    let d = e
        .decode_msg(
            s,
            &longer,
            DecodeOutputs {
                entities: true,
                context: false,
                pdu: true,
            },
        )
        .unwrap();
    assert_eq!(d.used as usize, b2.len());
    assert_eq!(d.context, None);
    assert_eq!(
        e.decode_msg(
            s,
            &b2,
            DecodeOutputs {
                entities: false,
                context: false,
                pdu: false
            }
        ),
        Err(E::Noop)
    );
    // Error paths of encode.
    assert_eq!(
        e.encode_msg(HSession::from_raw(1), None, v2, c, p, true),
        Err(E::SessionInvalid)
    );
    assert_eq!(
        e.encode_msg(s, Some(HEntity::from_raw(1)), v2, c, p, true),
        Err(E::EntityInvalid)
    );
    assert_eq!(
        e.encode_msg(s, None, HEntity::from_raw(0), c, p, true),
        Err(E::EntityInvalid)
    );
    assert_eq!(
        e.encode_msg(s, None, v2, HContext::from_raw(0), p, true),
        Err(E::ContextInvalid)
    );
    assert_eq!(
        e.encode_msg(s, None, v2, c, HPdu::from_raw(0), true),
        Err(E::PduInvalid)
    );
    assert_eq!(
        e.decode_msg(HSession::from_raw(1), &b2, DecodeOutputs::ALL),
        Err(E::SessionInvalid)
    );
}

#[test]
fn decoded_v1_trap_gets_a_generated_request_id() {
    let mut e = started();
    let s = session(&mut e);
    let v1 = e.str_to_entity(s, "192.0.2.1").unwrap();
    let c = e.str_to_context(s, b"public").unwrap();
    let vbl = e
        .create_vbl(s, Some(&SYS_UP_TIME_0), Some(&SmiValue::TimeTicks(1234)))
        .unwrap();
    let mut trap_oid = SNMP_TRAPS.to_vec();
    trap_oid.push(1);
    e.set_vb(
        vbl,
        0,
        Some(&SNMP_TRAP_OID_0),
        Some(&SmiValue::Oid(trap_oid.clone())),
    )
    .unwrap();
    let t = e.create_pdu(s, SNMP_PDU_TRAP, 0, 0, 0, Some(vbl)).unwrap();
    let bytes = e.encode_msg(s, None, v1, c, t, true).unwrap();
    let d1 = e.decode_msg(s, &bytes, DecodeOutputs::ALL).unwrap();
    let d2 = e.decode_msg(s, &bytes, DecodeOutputs::ALL).unwrap();
    let (p1, p2) = (
        e.pdu(d1.pdu.unwrap()).unwrap().clone(),
        e.pdu(d2.pdu.unwrap()).unwrap().clone(),
    );
    assert_eq!(p1.pdu_type, SNMP_PDU_TRAP);
    assert_ne!(p1.request_id, 0);
    assert_ne!(p1.request_id, p2.request_id);
    assert_eq!(p1.varbinds[1].value, SmiValue::Oid(trap_oid));
    assert_eq!(
        p1.varbinds.last().unwrap().name,
        SNMP_TRAP_ENTERPRISE_0.to_vec()
    );
}

#[test]
fn ten_thousand_of_each_then_close_leaves_tables_empty() {
    let mut e = started();
    let keep = session(&mut e);
    let kept = e.create_vbl(keep, None, None).unwrap();
    let s = session(&mut e);
    for i in 0..10_000u32 {
        let v = e
            .create_vbl(s, Some(&[1, 3, 6, i]), Some(&SmiValue::Int(i as i32)))
            .unwrap();
        e.create_pdu(s, SNMP_PDU_GET, 0, 0, 0, Some(v)).unwrap();
        e.str_to_entity(s, "192.0.2.1").unwrap();
        e.str_to_context(s, b"public").unwrap();
    }
    let c = e.counts();
    assert_eq!(
        (c.entities, c.contexts, c.pdus, c.vbls),
        (10_000, 10_000, 10_000, 10_001)
    );
    assert_eq!(e.session(s).unwrap().owned_handles(), 40_000);
    e.close(s).unwrap();
    let c = e.counts();
    assert_eq!(
        (c.sessions, c.entities, c.contexts, c.pdus, c.vbls),
        (1, 0, 0, 0, 1)
    );
    assert_eq!(e.count_vbl(kept), Err(E::Noop));
    e.close(keep).unwrap();
    assert_eq!(e.counts().total(), 0);
}

#[test]
fn hundred_thousand_session_cycles_do_not_grow() {
    let mut e = started();
    for _ in 0..100_000 {
        let s = session(&mut e);
        let v = e.create_vbl(s, None, None).unwrap();
        e.create_pdu(s, 0, 0, 0, 0, Some(v)).unwrap();
        e.close(s).unwrap();
    }
    assert_eq!(e.counts().total(), 0);
    assert!(e.table_capacity() < 5 * 1100, "{}", e.table_capacity());
}

#[test]
fn new_session_queue_and_requests_start_empty() {
    let mut e = started();
    let s = session(&mut e);
    let sess = e.session(s).unwrap();
    assert!(sess.queue().is_empty());
    assert_eq!(sess.outstanding_requests(), 0);
    assert_eq!(sess.owned_handles(), 0);
}

#[test]
fn request_ids_wrap_to_one_not_zero() {
    let mut e = started();
    e.next_request_id = i32::MAX;
    assert_eq!(e.generate_request_id(), i32::MAX);
    assert_eq!(e.generate_request_id(), 1);
}

#[test]
fn arbitrary_bytes_never_panic_the_decoder() {
    let mut e = started();
    let s = session(&mut e);
    let v2 = {
        e.set_translate_mode(SNMPAPI_UNTRANSLATED_V2).unwrap();
        e.str_to_entity(s, "192.0.2.1").unwrap()
    };
    let c = e.str_to_context(s, b"public").unwrap();
    let vbl = e.create_vbl(s, None, None).unwrap();
    for v in every_value()
        .iter()
        .filter(|v| !matches!(v, SmiValue::NsapAddr(_)))
    {
        e.set_vb(vbl, 0, Some(&SYS_DESCR), Some(v)).unwrap();
    }
    let p = e
        .create_pdu(s, SNMP_PDU_RESPONSE, 7, 0, 0, Some(vbl))
        .unwrap();
    let good = e.encode_msg(s, None, v2, c, p, true).unwrap();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for len in 0..good.len() {
        let _ = e.decode_msg(s, &good[..len], DecodeOutputs::ALL);
    }
    for _ in 0..20_000 {
        let mut m = good.clone();
        for _ in 0..(next() % 4 + 1) {
            let i = (next() as usize) % m.len();
            m[i] = next() as u8;
        }
        if let Ok(d) = e.decode_msg(s, &m, DecodeOutputs::ALL) {
            assert!(d.used as usize <= m.len());
            e.free_pdu(d.pdu.unwrap()).unwrap();
            e.free_context(d.context.unwrap()).unwrap();
        }
    }
    assert_eq!(e.counts().pdus, 1);
}
