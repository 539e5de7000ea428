//! The WinSNMP functions against the one process-wide runtime. Every test takes `LOCK`
//! and starts from a torn-down runtime, because the runtime is shared by the process.

use std::cmp::Ordering;
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use winsnmp::api::*;
use winsnmp::engine::consts::*;
use winsnmp::engine::{DecodeOutputs, Limits, PduFields, PolicyOutputs};
use winsnmp::{HContext, HEntity, HPdu, HSession, HVbl, SmiValue, SnmpApiError as E};

static LOCK: Mutex<()> = Mutex::new(());

fn fresh() -> MutexGuard<'static, ()> {
    let g = LOCK.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        let a = snmp_cleanup_ex().is_ok();
        let b = snmp_cleanup().is_ok();
        if !a && !b {
            break;
        }
    }
    set_limits(Limits::default());
    set_database_path(None);
    g
}

fn session() -> HSession {
    snmp_create_session(0, 0, Some(notify(|_| SNMPAPI_SUCCESS))).unwrap()
}

const SYS_DESCR: [u32; 9] = [1, 3, 6, 1, 2, 1, 1, 1, 0];

#[test]
fn not_initialized_before_startup_and_after_cleanup() {
    let _g = fresh();
    assert_eq!(snmp_get_translate_mode(true), Err(E::NotInitialized));
    assert_eq!(snmp_get_last_error(None), E::NotInitialized as u32);
    assert_eq!(
        snmp_create_session(0, 0, Some(notify(|_| 1))),
        Err(E::NotInitialized)
    );
    assert_eq!(snmp_str_to_oid(b"1.3.6", true), Err(E::NotInitialized));
    assert_eq!(snmp_count_vbl(HVbl::from_raw(1)), Err(E::NotInitialized));
    assert_eq!(snmp_cleanup(), Err(E::NotInitialized));
    assert_eq!(snmp_cleanup_ex(), Err(E::NotInitialized));
    let info = snmp_startup().unwrap();
    assert_eq!(
        (info.major_version, info.minor_version, info.level),
        (2, 0, 2)
    );
    assert_eq!(snmp_get_translate_mode(true), Ok(info.translate_mode));
    assert_eq!(snmp_get_retransmit_mode(true), Ok(info.retransmit_mode));
    snmp_cleanup().unwrap();
    assert_eq!(snmp_get_vendor_info(true), Err(E::NotInitialized));
}

#[test]
fn startup_accounting_appendix_e_1() {
    let _g = fresh();
    snmp_startup().unwrap();
    snmp_startup().unwrap();
    snmp_cleanup().unwrap();
    assert_eq!(snmp_get_translate_mode(true), Err(E::NotInitialized));

    snmp_startup_ex().unwrap();
    snmp_startup_ex().unwrap();
    snmp_cleanup_ex().unwrap();
    assert!(snmp_get_translate_mode(true).is_ok());
    snmp_cleanup_ex().unwrap();
    assert_eq!(snmp_get_translate_mode(true), Err(E::NotInitialized));

    snmp_startup().unwrap();
    snmp_startup_ex().unwrap();
    snmp_cleanup_ex().unwrap();
    assert!(snmp_get_translate_mode(true).is_ok());
    assert_eq!(snmp_cleanup_ex(), Err(E::OtherError));
    snmp_cleanup().unwrap();
    assert_eq!(snmp_get_translate_mode(true), Err(E::NotInitialized));
}

#[test]
fn cleanup_frees_everything_and_handles_stay_dead() {
    let _g = fresh();
    snmp_startup().unwrap();
    let s = session();
    let v = snmp_create_vbl(s, Some(&SYS_DESCR), None).unwrap();
    snmp_set_translate_mode(SNMPAPI_UNTRANSLATED_V2).unwrap();
    snmp_cleanup().unwrap();
    assert_eq!(counts().total(), 0);
    snmp_startup().unwrap();
    assert_eq!(snmp_get_translate_mode(true), Ok(SNMPAPI_UNTRANSLATED_V1));
    assert_eq!(snmp_count_vbl(v), Err(E::VblInvalid));
    assert_eq!(snmp_close(s), Err(E::SessionInvalid));
    let s2 = session();
    assert_ne!(s, s2);
    snmp_cleanup().unwrap();
}

#[test]
fn last_errors_per_session_and_application() {
    let _g = fresh();
    snmp_startup().unwrap();
    let a = session();
    let b = session();
    assert_eq!(snmp_get_last_error(Some(a)), SNMPAPI_SUCCESS);
    let va = snmp_create_vbl(a, None, None).unwrap();
    assert_eq!(snmp_count_vbl(va), Err(E::Noop));
    assert_eq!(snmp_get_last_error(Some(a)), E::Noop as u32);
    assert_eq!(snmp_get_last_error(None), E::Noop as u32);
    assert_eq!(snmp_get_last_error(Some(b)), SNMPAPI_SUCCESS);
    assert_eq!(snmp_set_retransmit_mode(2), Err(E::ModeInvalid));
    assert_eq!(snmp_get_last_error(None), E::ModeInvalid as u32);
    assert_eq!(snmp_get_last_error(Some(a)), E::Noop as u32);
    snmp_close(a).unwrap();
    assert_eq!(snmp_get_last_error(Some(a)), E::ModeInvalid as u32);
    snmp_cleanup().unwrap();
    // Still answers after cleanup.
    assert_eq!(snmp_get_last_error(None), E::ModeInvalid as u32);
}

#[test]
fn window_mode_is_refused() {
    let _g = fresh();
    snmp_startup().unwrap();
    assert_eq!(snmp_create_session(0, 0, None), Err(E::OperationInvalid));
    assert_eq!(snmp_create_session(0x10, 0x400, None), Err(E::HwndInvalid));
    assert_eq!(snmp_open(0x10, 0x400), Err(E::HwndInvalid));
    assert_eq!(snmp_get_last_error(None), E::HwndInvalid as u32);
    // With a callback, hWnd and wMsg are only stored, to be handed back to it.
    let s = snmp_create_session(0x10, 0x400, Some(notify(|_| 1))).unwrap();
    let (hwnd, wmsg) = with_engine(|e| {
        let n = e.session(s).unwrap().callback();
        (n.hwnd, n.wmsg)
    });
    assert_eq!((hwnd, wmsg), (0x10, 0x400));
    snmp_cleanup().unwrap();
}

#[test]
fn session_limit_reached_and_recovered() {
    let _g = fresh();
    snmp_startup().unwrap();
    set_limits(Limits {
        max_sessions: 4,
        ..Limits::default()
    });
    let sessions: Vec<_> = (0..4).map(|_| session()).collect();
    assert_eq!(
        snmp_create_session(0, 0, Some(notify(|_| 1))),
        Err(E::AllocError)
    );
    assert_eq!(snmp_get_last_error(None), E::AllocError as u32);
    snmp_close(sessions[2]).unwrap();
    let again = session();
    assert!(!sessions.contains(&again));
    // Handle limits too.
    set_limits(Limits {
        max_handles: 3,
        ..Limits::default()
    });
    let s = sessions[0];
    let vs: Vec<_> = (0..3)
        .map(|_| snmp_create_vbl(s, None, None).unwrap())
        .collect();
    assert_eq!(snmp_create_vbl(s, None, None), Err(E::AllocError));
    assert_eq!(snmp_get_last_error(Some(s)), E::AllocError as u32);
    snmp_free_vbl(vs[0]).unwrap();
    assert!(snmp_create_vbl(s, None, None).is_ok());
    snmp_cleanup().unwrap();
}

#[test]
fn ten_thousand_of_each_resource_then_close_leaves_tables_empty() {
    let _g = fresh();
    snmp_startup().unwrap();
    let s = session();
    for i in 0..10_000u32 {
        let v = snmp_create_vbl(s, Some(&[1, 3, 6, 1, i]), Some(&SmiValue::Int(1))).unwrap();
        snmp_create_pdu(s, SNMP_PDU_GET, 0, 0, 0, Some(v)).unwrap();
        snmp_str_to_entity(s, "192.0.2.1:1161").unwrap();
        snmp_str_to_context(s, b"public").unwrap();
    }
    let c = counts();
    assert_eq!(
        (c.sessions, c.entities, c.contexts, c.pdus, c.vbls),
        (1, 10_000, 10_000, 10_000, 10_000)
    );
    snmp_close(s).unwrap();
    assert_eq!(counts().total(), 0);
    snmp_cleanup().unwrap();
}

#[test]
fn sessions_share_handle_values() {
    let _g = fresh();
    snmp_startup().unwrap();
    let a = session();
    let b = session();
    let ea = snmp_str_to_entity(a, "192.0.2.1").unwrap();
    let ca = snmp_str_to_context(a, b"public").unwrap();
    let va = snmp_create_vbl(a, Some(&SYS_DESCR), None).unwrap();
    // B builds a PDU from A's VBL and encodes to A's entity in A's context.
    let pb = snmp_create_pdu(b, SNMP_PDU_GET, 0, 0, 0, Some(va)).unwrap();
    let bytes = snmp_encode_msg(b, None, ea, ca, pb, true).unwrap();
    let vb = snmp_duplicate_vbl(b, va).unwrap();
    snmp_set_vb(va, 0, Some(&SYS_DESCR), None).unwrap();
    assert_eq!(snmp_count_vbl(vb), Ok(1));
    // Closing A kills A's objects, B's survive.
    snmp_close(a).unwrap();
    assert_eq!(
        snmp_encode_msg(b, None, ea, ca, pb, true),
        Err(E::EntityInvalid)
    );
    assert_eq!(snmp_free_context(ca), Err(E::ContextInvalid));
    assert_eq!(snmp_count_vbl(vb), Ok(1));
    let d = snmp_decode_msg(b, &bytes, DecodeOutputs::ALL).unwrap();
    assert_eq!(d.used as usize, bytes.len());
    snmp_cleanup().unwrap();
}

#[test]
fn wrong_kind_and_stale_handles() {
    let _g = fresh();
    snmp_startup().unwrap();
    let s = session();
    let v = snmp_create_vbl(s, None, None).unwrap();
    let p = snmp_create_pdu(s, 0, 0, 0, 0, None).unwrap();
    assert_eq!(snmp_free_pdu(HPdu::from_raw(v.value())), Err(E::PduInvalid));
    assert_eq!(snmp_free_vbl(HVbl::from_raw(p.value())), Err(E::VblInvalid));
    assert_eq!(
        snmp_free_entity(HEntity::from_raw(s.value())),
        Err(E::EntityInvalid)
    );
    assert_eq!(
        snmp_free_context(HContext::from_raw(0)),
        Err(E::ContextInvalid)
    );
    snmp_free_pdu(p).unwrap();
    assert_eq!(snmp_free_pdu(p), Err(E::PduInvalid));
    assert_eq!(snmp_get_last_error(None), E::PduInvalid as u32);
    snmp_cleanup().unwrap();
}

#[test]
fn hundred_thousand_session_cycles_without_growth() {
    let _g = fresh();
    snmp_startup().unwrap();
    let start = Instant::now();
    let baseline = with_engine(|e| e.table_capacity());
    for _ in 0..100_000 {
        let s = session();
        snmp_close(s).unwrap();
    }
    assert_eq!(counts().total(), 0);
    let capacity = with_engine(|e| e.table_capacity());
    assert!(capacity <= baseline + 1100, "{baseline} -> {capacity}");
    assert!(start.elapsed() < Duration::from_secs(30));
    snmp_cleanup().unwrap();
}

struct CallsApiOnDrop(Arc<AtomicUsize>);

impl Drop for CallsApiOnDrop {
    fn drop(&mut self) {
        // Would deadlock if the runtime dropped callbacks while holding its lock.
        let _ = snmp_get_last_error(None);
        self.0.fetch_add(1, AtomicOrdering::SeqCst);
    }
}

#[test]
fn callbacks_are_released_outside_the_lock() {
    let _g = fresh();
    snmp_startup().unwrap();
    let dropped = Arc::new(AtomicUsize::new(0));
    for _ in 0..2 {
        let guard = CallsApiOnDrop(dropped.clone());
        let s = snmp_create_session(
            0,
            0,
            Some(notify(move |_| {
                let _ = &guard;
                SNMPAPI_SUCCESS
            })),
        )
        .unwrap();
        let _ = s;
    }
    assert_eq!(counts().sessions, 2);
    // Both released by cleanup, then one by an explicit close.
    snmp_cleanup().unwrap();
    assert_eq!(dropped.load(AtomicOrdering::SeqCst), 2);
    snmp_startup().unwrap();
    let guard = CallsApiOnDrop(dropped.clone());
    let s = snmp_create_session(
        0,
        0,
        Some(notify(move |_| {
            let _ = &guard;
            1
        })),
    )
    .unwrap();
    snmp_close(s).unwrap();
    assert_eq!(dropped.load(AtomicOrdering::SeqCst), 3);
    snmp_cleanup().unwrap();
}

#[test]
fn utilities_and_encode_decode() {
    let _g = fresh();
    snmp_startup().unwrap();
    let oid = snmp_str_to_oid(b"1.3.6.1.2.1.1.1.0", true).unwrap();
    assert_eq!(snmp_oid_to_str(&oid, 1408).unwrap(), "1.3.6.1.2.1.1.1.0");
    assert_eq!(snmp_oid_to_str(&oid, 17), Err(E::OutputTruncated));
    assert_eq!(snmp_oid_copy(&oid, true).unwrap(), oid);
    assert_eq!(
        snmp_oid_compare(&oid, &oid[..5], 5, true),
        Ok(Ordering::Equal)
    );
    assert_eq!(
        snmp_oid_compare(&oid, &oid[..5], 0, true),
        Ok(Ordering::Greater)
    );
    assert_eq!(snmp_free_descriptor(SNMP_SYNTAX_OID), Ok(()));
    assert_eq!(snmp_free_descriptor(0x99), Err(E::SyntaxInvalid));
    let s = session();
    snmp_set_translate_mode(SNMPAPI_UNTRANSLATED_V2).unwrap();
    let dst = snmp_str_to_entity(s, "[2001:db8::1]:1161").unwrap();
    assert_eq!(snmp_entity_to_str(dst, 64).unwrap(), "[2001:db8::1]:1161");
    let ctx = snmp_str_to_context(s, b"pub\0lic").unwrap();
    let vbl = snmp_create_vbl(s, Some(&oid), None).unwrap();
    let pdu = snmp_create_pdu(s, SNMP_PDU_GETBULK, 0, 1, 10, Some(vbl)).unwrap();
    let bytes = snmp_encode_msg(s, None, dst, ctx, pdu, true).unwrap();
    let d = snmp_decode_msg(s, &bytes, DecodeOutputs::ALL).unwrap();
    let info = snmp_get_pdu_data(d.pdu.unwrap(), PduFields::ALL).unwrap();
    assert_eq!(
        (info.pdu_type, info.error_status, info.error_index),
        (SNMP_PDU_GETBULK, 1, 10)
    );
    assert_eq!(snmp_count_vbl(info.varbind_list.unwrap()), Ok(1));
    assert_eq!(
        snmp_context_to_str(d.context.unwrap(), true).unwrap(),
        b"pub\0lic"
    );
    snmp_cleanup().unwrap();
}

#[test]
fn translated_mode_reads_the_database_file() {
    let _g = fresh();
    let dir = std::env::temp_dir().join(format!("winsnmp-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("entities.toml");
    std::fs::write(
        &path,
        "[entity.lo]\naddress = \"localhost\"\nport = 1161\nversion = \"v2c\"\nretry = 7\n\
         [context.ro]\ncommunity = \"public\"\n",
    )
    .unwrap();
    set_database_path(Some(path.clone()));
    snmp_startup().unwrap();
    snmp_set_translate_mode(SNMPAPI_TRANSLATED).unwrap();
    let s = session();
    let e = snmp_str_to_entity(s, "lo").unwrap();
    assert_eq!(
        snmp_get_retry(
            e,
            PolicyOutputs {
                policy: true,
                actual: true
            }
        ),
        Ok((7, 7))
    );
    assert_eq!(snmp_entity_to_str(e, 10).unwrap(), "lo");
    assert_eq!(snmp_str_to_entity(s, "nope"), Err(E::EntityUnknown));
    let c = snmp_str_to_context(s, b"ro").unwrap();
    snmp_set_translate_mode(SNMPAPI_UNTRANSLATED_V1).unwrap();
    assert_eq!(snmp_context_to_str(c, true).unwrap(), b"public");
    let printed = snmp_entity_to_str(e, 64).unwrap();
    assert!(printed.ends_with(":1161"), "{printed}");
    // Host names work in untranslated mode as well.
    assert!(snmp_str_to_entity(s, "localhost:162").is_ok());
    // A malformed file: lookups fail, nothing panics.
    std::fs::write(&path, "[entity.lo\n").unwrap();
    snmp_set_translate_mode(SNMPAPI_TRANSLATED).unwrap();
    assert_eq!(snmp_str_to_entity(s, "lo"), Err(E::EntityUnknown));
    assert_eq!(snmp_str_to_context(s, b"ro"), Err(E::ContextUnknown));
    snmp_cleanup().unwrap();
    set_database_path(None);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Clears the simulated driver failure however the test ends.
struct NoFault;

impl Drop for NoFault {
    fn drop(&mut self) {
        simulate_driver_start_failure(false);
    }
}

#[test]
fn a_driver_that_cannot_start_fails_the_startup() {
    let _g = fresh();
    let _clear = NoFault;
    simulate_driver_start_failure(true);
    // SnmpStartup: SNMPAPI_ALLOC_ERROR (retryable); nothing stays started.
    assert_eq!(snmp_startup(), Err(E::AllocError));
    assert_eq!(snmp_get_last_error(None), E::AllocError as u32);
    assert_eq!(snmp_get_translate_mode(true), Err(E::NotInitialized));
    assert_eq!(snmp_cleanup(), Err(E::NotInitialized));
    // SnmpStartupEx: SNMPAPI_TL_RESOURCE_ERROR; no count is left to clean up.
    assert_eq!(snmp_startup_ex(), Err(E::TlResourceError));
    assert_eq!(snmp_get_last_error(None), E::TlResourceError as u32);
    assert_eq!(snmp_cleanup_ex(), Err(E::NotInitialized));
    assert_eq!(counts().total(), 0);

    // Retried once the cause is gone: a runtime that can send.
    simulate_driver_start_failure(false);
    snmp_startup().unwrap();
    // A started runtime is not affected by a later failure to start one.
    simulate_driver_start_failure(true);
    snmp_startup().unwrap();
    snmp_startup_ex().unwrap();
    snmp_cleanup_ex().unwrap();
    let s = session();
    let e = snmp_str_to_entity(s, "127.0.0.1:9").unwrap();
    let c = snmp_str_to_context(s, b"public").unwrap();
    let v = snmp_create_vbl(s, Some(&SYS_DESCR), None).unwrap();
    let p = snmp_create_pdu(s, SNMP_PDU_GET, 0, 0, 0, Some(v)).unwrap();
    assert_eq!(snmp_send_msg(s, None, e, c, p), Ok(()));
    snmp_cleanup().unwrap();
}

/// The receiving entity of a message that arrived on one of the runtime's wildcard sockets
/// (the shared ones, the trap socket) is the address it arrived on, not `0.0.0.0`.
#[test]
fn received_messages_name_the_address_they_arrived_on() {
    use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};
    use std::sync::mpsc::channel;
    use winsnmp::agent::{Agent, AgentConfig, AgentServer, LoadOptions, Recording};
    use winsnmp::engine::{PduData, RecvOutputs, Version, encode_message};

    let _g = fresh();
    let trap_port = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    set_trap_port(Some(trap_port));
    snmp_startup().unwrap();
    let (tx, rx) = channel();
    let s = snmp_create_session(
        0,
        0,
        Some(notify(move |n| {
            let _ = tx.send(n);
            SNMPAPI_SUCCESS
        })),
    )
    .unwrap();
    let ctx = snmp_str_to_context(s, b"public").unwrap();
    let received_at = |what: &str| -> (String, String) {
        let n = rx.recv_timeout(Duration::from_secs(5)).expect(what);
        assert_eq!(n.wparam, 0, "{what}");
        let r = snmp_recv_msg(s, RecvOutputs::ALL).unwrap();
        let dst = snmp_entity_to_str(r.dst.unwrap(), 64).unwrap();
        let src = snmp_entity_to_str(r.src.unwrap(), 64).unwrap();
        (src, dst)
    };

    let mut listen: Vec<SocketAddr> = vec![(Ipv4Addr::LOCALHOST, 0).into()];
    if UdpSocket::bind((Ipv6Addr::LOCALHOST, 0)).is_ok() {
        listen.push((Ipv6Addr::LOCALHOST, 0).into());
    }
    let rec =
        Recording::parse("t.snmprec", b"1.3.6.1.2.1.1.1.0|4|x\n", &LoadOptions::new()).unwrap();
    let agent = AgentServer::bind(&listen, Agent::new(rec.into_store(), AgentConfig::new()))
        .unwrap()
        .spawn()
        .unwrap();
    // Alternately, many times: the runtime's batched reads keep one set of headers per
    // address family (shared ones cut an IPv6 sender's address short after an IPv4 one).
    let pairs = agent.local_addrs().iter().zip(["127.0.0.1:", "[::1]:"]);
    for (to, local) in pairs.cycle().take(40) {
        let e = snmp_str_to_entity(s, &format!("{to}")).unwrap();
        let v = snmp_create_vbl(s, Some(&SYS_DESCR), None).unwrap();
        let p = snmp_create_pdu(s, SNMP_PDU_GET, 0, 0, 0, Some(v)).unwrap();
        snmp_send_msg(s, None, e, ctx, p).unwrap();
        let (src, dst) = received_at("a response");
        assert_eq!(src, to.to_string());
        assert!(dst.starts_with(local), "response received at {dst}");
        assert!(!dst.ends_with(":0"), "{dst}");
    }

    // A trap on the trap socket (bound to 0.0.0.0).
    snmp_register(s, None, None, None, None, SNMPAPI_ON).unwrap();
    let trap = PduData::new(SNMP_PDU_TRAP, 77);
    let bytes = encode_message(Version::V2c, b"public", &trap, 65507).unwrap();
    UdpSocket::bind((Ipv4Addr::LOCALHOST, 0))
        .unwrap()
        .send_to(&bytes, (Ipv4Addr::LOCALHOST, trap_port))
        .unwrap();
    let (_, dst) = received_at("a trap");
    assert_eq!(dst, format!("127.0.0.1:{trap_port}"));
    set_trap_port(None);
    snmp_cleanup().unwrap();
}
