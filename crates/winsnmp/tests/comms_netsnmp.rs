//! The communications functions over real UDP against real net-snmp peers (`snmpd`,
//! `snmptrapd`, `snmpget`, `snmptrap`, `snmpinform`), on loopback ports the harness picks.
//! Notifications arrive through `SNMPAPI_CALLBACK`-style callbacks on the callback threads.
//! The runtime is process-wide, so every test takes `LOCK` and starts from a torn-down
//! runtime. Without net-snmp the tests that need it skip, except under `CI=true`.
//! Item numbers are winsnmp-api.md §6.

use std::net::{Ipv4Addr, SocketAddr, UdpSocket};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use winsnmp::api::*;
use winsnmp::engine::consts::*;
use winsnmp::engine::{
    PduFields, PduInfo, RecvOutputs, VbOutputs, Version, decode_message, encode_message,
};
use winsnmp::{
    HContext, HEntity, HPdu, HSession, Runtime, Session, SmiValue, SnmpApiError as E, VarBindEntry,
};
use winsnmp_testkit::netsnmp::{self, Snmpd, Snmptrapd, find_program, free_udp_port};

static LOCK: Mutex<()> = Mutex::new(());

const WAIT: Duration = Duration::from_secs(5);
const SYS_DESCR: [u32; 9] = [1, 3, 6, 1, 2, 1, 1, 1, 0];
const SYS_OBJECT_ID: [u32; 9] = [1, 3, 6, 1, 2, 1, 1, 2, 0];
const SYS_NAME: [u32; 9] = [1, 3, 6, 1, 2, 1, 1, 5, 0];
const SYSTEM: [u32; 7] = [1, 3, 6, 1, 2, 1, 1];
const COLD_START: [u32; 10] = [1, 3, 6, 1, 6, 3, 1, 1, 5, 1];

/// Serializes the tests, tears the runtime down, picks a free trap port and starts up.
fn fresh() -> MutexGuard<'static, ()> {
    let g = LOCK.lock().unwrap_or_else(PoisonError::into_inner);
    for _ in 0..100 {
        let a = snmp_cleanup_ex().is_ok();
        let b = snmp_cleanup().is_ok();
        if !a && !b {
            break;
        }
    }
    set_trap_port(Some(free_udp_port(true)));
    snmp_startup().unwrap();
    g
}

/// A session whose notifications go into a channel.
fn session() -> (HSession, Receiver<Notification>) {
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
    (s, rx)
}

fn next(rx: &Receiver<Notification>) -> Notification {
    rx.recv_timeout(WAIT).expect("no notification within 5 s")
}

fn entity(s: HSession, text: &str, timeout: u32, retry: u32) -> HEntity {
    let e = snmp_str_to_entity(s, text).unwrap();
    snmp_set_timeout(e, timeout).unwrap();
    snmp_set_retry(e, retry).unwrap();
    e
}

fn ctx(s: HSession, c: &str) -> HContext {
    snmp_str_to_context(s, c.as_bytes()).unwrap()
}

fn pdu(s: HSession, t: i32, nr: i32, mr: i32, vbs: &[(&[u32], SmiValue)]) -> HPdu {
    let vbl = snmp_create_vbl(s, None, None).unwrap();
    for (n, v) in vbs {
        snmp_set_vb(vbl, 0, Some(n), Some(v)).unwrap();
    }
    let p = snmp_create_pdu(s, t, 0, nr, mr, Some(vbl)).unwrap();
    snmp_free_vbl(vbl).unwrap();
    p
}

fn id_of(p: HPdu) -> i32 {
    snmp_get_pdu_data(p, PduFields::SCALARS).unwrap().request_id
}

/// The next message: (info, varbinds, src string).
fn receive(s: HSession) -> (PduInfo, Vec<VarBindEntry>, String) {
    let r = snmp_recv_msg(s, RecvOutputs::ALL).unwrap();
    let info = snmp_get_pdu_data(r.pdu.unwrap(), PduFields::ALL).unwrap();
    let vbl = info.varbind_list.unwrap();
    let n = snmp_count_vbl(vbl).unwrap_or(0);
    let vbs = (1..=n)
        .map(|i| {
            snmp_get_vb(
                vbl,
                i,
                VbOutputs {
                    name: true,
                    value: true,
                },
            )
            .unwrap()
        })
        .collect();
    let src = snmp_entity_to_str(r.src.unwrap(), 256).unwrap();
    for e in [r.src.unwrap(), r.dst.unwrap()] {
        snmp_free_entity(e).unwrap();
    }
    snmp_free_context(r.context.unwrap()).unwrap();
    snmp_free_pdu(r.pdu.unwrap()).unwrap();
    snmp_free_vbl(vbl).unwrap();
    (info, vbs, src)
}

/// Sends and waits for the response notification; returns the response.
fn ask(
    s: HSession,
    rx: &Receiver<Notification>,
    dst: HEntity,
    c: HContext,
    p: HPdu,
) -> (PduInfo, Vec<VarBindEntry>) {
    let id = id_of(p);
    snmp_send_msg(s, None, dst, c, p).unwrap();
    let n = next(rx);
    assert_eq!((n.session, n.wparam, n.lparam), (s, 0, id), "{n:?}");
    let (info, vbs, _) = receive(s);
    assert_eq!((info.pdu_type, info.request_id), (SNMP_PDU_RESPONSE, id));
    (info, vbs)
}

fn octets(v: &SmiValue) -> String {
    match v {
        SmiValue::Octets(b) => String::from_utf8_lossy(b).into_owned(),
        other => panic!("not octets: {other:?}"),
    }
}

#[test]
fn items_75_77_get_getnext_getbulk_set_v1_v2c_ipv4_ipv6() {
    let _g = fresh();
    let Some(d) = Snmpd::start() else { return };
    let (s, rx) = session();
    for mode in [SNMPAPI_UNTRANSLATED_V1, SNMPAPI_UNTRANSLATED_V2] {
        snmp_set_translate_mode(mode).unwrap();
        for addr in [d.addr_v4(), d.addr_v6()] {
            let agent = entity(s, &addr.to_string(), 100, 2);
            let public = ctx(s, "public");
            let private = ctx(s, "private");
            // GET
            let p = pdu(s, SNMP_PDU_GET, 0, 0, &[(&SYS_DESCR, SmiValue::Null)]);
            let (info, vbs) = ask(s, &rx, agent, public, p);
            assert_eq!(info.error_status, 0);
            assert!(!octets(&vbs[0].value).is_empty());
            // GETNEXT
            let p = pdu(s, SNMP_PDU_GETNEXT, 0, 0, &[(&SYS_DESCR, SmiValue::Null)]);
            let (_, vbs) = ask(s, &rx, agent, public, p);
            assert_eq!(vbs[0].name, SYS_OBJECT_ID);
            // GETBULK (a GETNEXT towards v1)
            let p = pdu(s, SNMP_PDU_GETBULK, 0, 3, &[(&SYSTEM, SmiValue::Null)]);
            let (_, vbs) = ask(s, &rx, agent, public, p);
            let want = if mode == SNMPAPI_UNTRANSLATED_V1 {
                1
            } else {
                3
            };
            assert_eq!(vbs.len(), want);
            assert_eq!(vbs[0].name, SYS_DESCR);
            // SET with the write community, then read it back.
            let name = format!("winsnmp-{mode}-{}", addr.is_ipv6());
            let v = SmiValue::Octets(name.clone().into_bytes());
            let p = pdu(s, SNMP_PDU_SET, 0, 0, &[(&SYS_NAME, v)]);
            let (info, _) = ask(s, &rx, agent, private, p);
            assert_eq!(info.error_status, 0, "SET with private");
            let p = pdu(s, SNMP_PDU_GET, 0, 0, &[(&SYS_NAME, SmiValue::Null)]);
            let (_, vbs) = ask(s, &rx, agent, public, p);
            assert_eq!(octets(&vbs[0].value), name);
            // SET with the read community is refused by the agent.
            let p = pdu(
                s,
                SNMP_PDU_SET,
                0,
                0,
                &[(&SYS_NAME, SmiValue::Octets(b"x".to_vec()))],
            );
            let id = id_of(p);
            snmp_send_msg(s, None, agent, public, p).unwrap();
            let n = next(&rx);
            if n.wparam == 0 {
                let (info, _, _) = receive(s);
                assert_eq!(info.request_id, id);
                assert_ne!(info.error_status, 0);
            } else {
                // Some net-snmp versions drop v1 SETs with a read community.
                assert_eq!((n.wparam, n.lparam), (E::TlTimeout as u32, id));
            }
        }
    }
    assert!(rx.try_recv().is_err(), "one notification per request");
    snmp_close(s).unwrap();
    assert_eq!(counts().total(), 0);
}

#[test]
fn idiomatic_request_get_bulk_set_and_timeout() {
    let _g = fresh();
    let Some(d) = Snmpd::start() else { return };
    let rt = Runtime::new().unwrap();
    rt.set_translate_mode(winsnmp::TranslateMode::UntranslatedV2)
        .unwrap();
    let s = Session::blocking().unwrap();
    let agent = s.entity(&d.addr_v4().to_string()).unwrap();
    let public = s.context(b"public").unwrap();
    let private = s.context(b"private").unwrap();
    let r = s.get(&agent, &public, &[&SYS_DESCR, &SYS_NAME]).unwrap();
    assert_eq!(r.from, d.addr_v4());
    assert_eq!(r.version, Version::V2c);
    assert_eq!(r.varbinds.len(), 2);
    let r = s.bulk(&agent, &public, 0, 5, &[&SYSTEM]).unwrap();
    assert_eq!(r.varbinds.len(), 5);
    let r = s
        .set(
            &agent,
            &private,
            &[VarBindEntry {
                name: SYS_NAME.to_vec(),
                value: SmiValue::Octets(b"idiomatic".to_vec()),
            }],
        )
        .unwrap()
        .check()
        .unwrap();
    assert_eq!(r.error_status, 0);
    let r = s.get_next(&agent, &public, &[&SYS_DESCR]).unwrap();
    assert_eq!(r.varbinds[0].name, SYS_OBJECT_ID);
    // A silent port: TL_TIMEOUT after 1 + retry transmissions.
    let silent = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let quiet = s.entity(&silent.local_addr().unwrap().to_string()).unwrap();
    quiet.set_timeout(10).unwrap();
    quiet.set_retry(1).unwrap();
    let t0 = Instant::now();
    assert_eq!(s.get(&quiet, &public, &[&SYS_DESCR]), Err(E::TlTimeout));
    let took = t0.elapsed();
    assert!(
        took >= Duration::from_millis(190) && took < Duration::from_secs(2),
        "{took:?}"
    );
    // Nothing left behind.
    assert!(s.recv().unwrap().is_none());
    drop((agent, public, private, quiet, s));
    drop(rt);
}

/// Datagrams a plain UDP socket receives within `d`: (request id, bytes).
fn collect(sock: &UdpSocket, d: Duration) -> Vec<(i32, Vec<u8>, SocketAddr)> {
    let end = Instant::now() + d;
    let mut out = Vec::new();
    let mut buf = vec![0u8; 65536];
    for _ in 0..1000 {
        let left = end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        sock.set_read_timeout(Some(left)).unwrap();
        match sock.recv_from(&mut buf) {
            Ok((n, from)) => {
                let id = decode_message(&buf[..n], 1).map_or(-1, |m| m.pdu.request_id);
                out.push((id, buf[..n].to_vec(), from));
            }
            Err(_) => break,
        }
    }
    out
}

#[test]
fn item_78_retransmission_on_the_wire_and_item_20_close_in_flight() {
    let _g = fresh();
    let silent = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let to = silent.local_addr().unwrap();
    let (s, rx) = session();
    let agent = entity(s, &to.to_string(), 20, 2);
    let public = ctx(s, "public");
    let p = pdu(s, SNMP_PDU_GET, 0, 0, &[(&SYS_DESCR, SmiValue::Null)]);
    let id = id_of(p);
    let t0 = Instant::now();
    snmp_send_msg(s, None, agent, public, p).unwrap();
    let n = next(&rx);
    let took = t0.elapsed();
    assert_eq!((n.wparam, n.lparam), (E::TlTimeout as u32, id));
    assert!(took >= Duration::from_millis(590), "{took:?}");
    let got = collect(&silent, Duration::from_millis(100));
    assert_eq!(got.len(), 3);
    assert!(got.iter().all(|(i, b, _)| *i == id && *b == got[0].1));
    assert_eq!(snmp_recv_msg(s, RecvOutputs::ALL), Err(E::Noop), "item 76");
    assert!(
        rx.recv_timeout(Duration::from_millis(300)).is_err(),
        "exactly one"
    );
    // Item 20: close with a request in flight: no callback afterwards.
    let p2 = pdu(s, SNMP_PDU_GET, 0, 0, &[(&SYS_DESCR, SmiValue::Null)]);
    snmp_send_msg(s, None, agent, public, p2).unwrap();
    snmp_close(s).unwrap();
    assert!(rx.recv_timeout(Duration::from_millis(800)).is_err());
    assert_eq!(counts().total(), 0);
    // Items 82/83 over the wire: cancel stops retransmission.
    let (s, rx) = session();
    let agent = entity(s, &to.to_string(), 20, 5);
    let public = ctx(s, "public");
    let p = pdu(s, SNMP_PDU_GET, 0, 0, &[(&SYS_DESCR, SmiValue::Null)]);
    let id = id_of(p);
    let _ = collect(&silent, Duration::from_millis(50));
    snmp_send_msg(s, None, agent, public, p).unwrap();
    let first = collect(&silent, Duration::from_millis(100));
    assert_eq!(first.len(), 1);
    snmp_cancel_msg(s, id).unwrap();
    assert!(collect(&silent, Duration::from_millis(500)).is_empty());
    assert!(rx.try_recv().is_err());
    assert_eq!(snmp_cancel_msg(s, id), Err(E::PduInvalid));
    // A late answer to the cancelled request is dropped.
    let (_, bytes, from) = &first[0];
    let m = decode_message(bytes, 1).unwrap();
    let mut resp = m.pdu.clone();
    resp.pdu_type = SNMP_PDU_RESPONSE;
    let b = encode_message(m.version, &m.community, &resp, 65507).unwrap();
    silent.send_to(&b, from).unwrap();
    assert!(rx.recv_timeout(Duration::from_millis(300)).is_err());
    snmp_close(s).unwrap();
}

#[test]
fn items_18_19_callback_arguments_and_non_success_closes() {
    let _g = fresh();
    let Some(d) = Snmpd::start() else { return };
    let seen: Arc<Mutex<Vec<Notification>>> = Arc::default();
    let log = Arc::clone(&seen);
    let s = snmp_create_session(
        0x1234,
        0x0400,
        Some(notify(move |n| {
            log.lock().unwrap().push(n);
            0 // not SNMPAPI_SUCCESS: the session closes
        })),
    )
    .unwrap();
    let agent = entity(s, &d.addr_v4().to_string(), 100, 1);
    let public = ctx(s, "public");
    let p = pdu(s, SNMP_PDU_GET, 0, 0, &[(&SYS_DESCR, SmiValue::Null)]);
    let id = id_of(p);
    snmp_send_msg(s, None, agent, public, p).unwrap();
    let end = Instant::now() + WAIT;
    while seen.lock().unwrap().is_empty() && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(50));
    let v = seen.lock().unwrap().clone();
    assert_eq!(v.len(), 1);
    assert_eq!(
        (v[0].session, v[0].hwnd, v[0].wmsg, v[0].wparam, v[0].lparam),
        (s, 0x1234, 0x0400, 0, id)
    );
    assert_eq!(snmp_recv_msg(s, RecvOutputs::ALL), Err(E::SessionInvalid));
    assert_eq!(snmp_close(s), Err(E::SessionInvalid));
}

#[test]
fn items_88_89_95_traps_and_informs_from_net_snmp() {
    let _g = fresh();
    let (s, rx) = session();
    snmp_register(s, None, None, None, None, SNMPAPI_ON).unwrap();
    let to = format!("127.0.0.1:{}", trap_port());
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
        ],
    ) else {
        return;
    };
    assert!(out.status.success(), "{out:?}");
    let n = next(&rx);
    assert_eq!(n.wparam, 0);
    let (info, vbs, src) = receive(s);
    assert_eq!(info.pdu_type, SNMP_PDU_TRAP);
    assert!(src.starts_with("127.0.0.1:"), "item 95: {src}");
    assert_eq!(vbs[1].value, SmiValue::Oid(COLD_START.to_vec()));
    // Item 89: a v1 linkDown from enterprise 1.3.6.1.4.1.9999, time-stamp 1234.
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
            "2",
            "0",
            "1234",
        ],
    )
    .unwrap();
    assert!(out.status.success(), "{out:?}");
    next(&rx);
    let (info, vbs, _) = receive(s);
    assert_eq!(info.pdu_type, SNMP_PDU_TRAP);
    assert_ne!(info.request_id, 0);
    assert_eq!(vbs[0].value, SmiValue::TimeTicks(1234));
    assert_eq!(
        vbs[1].value,
        SmiValue::Oid(vec![1, 3, 6, 1, 6, 3, 1, 1, 5, 3])
    );
    assert_eq!(vbs.last().unwrap().name, SNMP_TRAP_ENTERPRISE_0);
    assert_eq!(
        vbs.last().unwrap().value,
        SmiValue::Oid(vec![1, 3, 6, 1, 4, 1, 9999])
    );
    // An inform: we acknowledge it, so snmpinform exits 0; then it is delivered.
    let out = netsnmp::run_tool(
        "snmpinform",
        &[
            "-v",
            "2c",
            "-c",
            "public",
            "-t",
            "2",
            "-r",
            "0",
            &to,
            "77",
            ".1.3.6.1.6.3.1.1.5.1",
        ],
    )
    .unwrap();
    assert!(
        out.status.success(),
        "snmpinform got no acknowledgement: {out:?}"
    );
    next(&rx);
    let (info, _, _) = receive(s);
    assert_eq!(info.pdu_type, SNMP_PDU_INFORM);
    // TL_IN_USE: the trap port is taken by someone else.
    snmp_register(s, None, None, None, None, SNMPAPI_OFF).unwrap();
    let port = trap_port();
    let squatter = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, port)).unwrap();
    assert_eq!(
        snmp_register(s, None, None, None, None, SNMPAPI_ON),
        Err(E::TlInUse)
    );
    assert_eq!(snmp_get_last_error(Some(s)), E::TlInUse as u32);
    drop(squatter);
    snmp_register(s, None, None, None, None, SNMPAPI_ON).unwrap();
    snmp_close(s).unwrap();
    // Closing the last registered session released the port.
    UdpSocket::bind((Ipv4Addr::UNSPECIFIED, port)).unwrap();
}

fn trap_vbs() -> Vec<(&'static [u32], SmiValue)> {
    vec![
        (&SYS_UP_TIME_0[..], SmiValue::TimeTicks(4321)),
        (
            &SNMP_TRAP_OID_0[..],
            SmiValue::Oid(vec![1, 3, 6, 1, 4, 1, 8072, 9, 9, 1]),
        ),
        (&SYS_NAME[..], SmiValue::Octets(b"from-winsnmp".to_vec())),
    ]
}

#[test]
fn traps_and_informs_to_snmptrapd() {
    let _g = fresh();
    let Some(t) = Snmptrapd::start() else { return };
    let (s, rx) = session();
    let public = ctx(s, "public");
    for mode in [SNMPAPI_UNTRANSLATED_V2, SNMPAPI_UNTRANSLATED_V1] {
        snmp_set_translate_mode(mode).unwrap();
        let sink = entity(s, &t.addr().to_string(), 100, 2);
        let p = pdu(s, SNMP_PDU_TRAP, 0, 0, &trap_vbs());
        snmp_send_msg(s, None, sink, public, p).unwrap();
    }
    let log = t
        .wait_for(".1.3.6.1.4.1.8072.9.9.1", WAIT)
        .expect("snmptrapd logged no trap");
    assert!(log.contains("from-winsnmp"), "{log}");
    // The v1 copy arrives as enterprise .1.3.6.1.4.1.8072.9.9, specific 1.
    assert!(
        t.wait_for("Enterprise Specific Trap (1)", WAIT).is_some()
            || t.wait_for("1.3.6.1.4.1.8072.9.9", WAIT).is_some()
    );
    // An inform is acknowledged by snmptrapd: the answer completes the request.
    snmp_set_translate_mode(SNMPAPI_UNTRANSLATED_V2).unwrap();
    let sink = entity(s, &t.addr().to_string(), 100, 2);
    let p = pdu(s, SNMP_PDU_INFORM, 0, 0, &trap_vbs());
    let (info, _) = ask(s, &rx, sink, public, p);
    assert_eq!(info.error_status, 0);
    // Item 84: an inform to a v1 entity is refused.
    snmp_set_translate_mode(SNMPAPI_UNTRANSLATED_V1).unwrap();
    let v1 = entity(s, &t.addr().to_string(), 100, 2);
    let p = pdu(s, SNMP_PDU_INFORM, 0, 0, &trap_vbs());
    assert_eq!(
        snmp_send_msg(s, None, v1, public, p),
        Err(E::OperationInvalid)
    );
    snmp_close(s).unwrap();
}

#[test]
fn inform_is_retransmitted_until_acknowledged() {
    let _g = fresh();
    snmp_set_translate_mode(SNMPAPI_UNTRANSLATED_V2).unwrap();
    let peer = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let (s, rx) = session();
    let sink = entity(s, &peer.local_addr().unwrap().to_string(), 15, 5);
    let public = ctx(s, "public");
    let p = pdu(s, SNMP_PDU_INFORM, 0, 0, &trap_vbs());
    let id = id_of(p);
    snmp_send_msg(s, None, sink, public, p).unwrap();
    // Ignore the first two copies, acknowledge the third.
    let mut buf = vec![0u8; 65536];
    peer.set_read_timeout(Some(WAIT)).unwrap();
    let mut copies = 0;
    let (n, from) = loop {
        let (n, from) = peer.recv_from(&mut buf).unwrap();
        copies += 1;
        if copies == 3 {
            break (n, from);
        }
    };
    let m = decode_message(&buf[..n], 1).unwrap();
    assert_eq!((m.pdu.pdu_type, m.pdu.request_id), (SNMP_PDU_INFORM, id));
    let mut ack = m.pdu.clone();
    ack.pdu_type = SNMP_PDU_RESPONSE;
    peer.send_to(
        &encode_message(m.version, &m.community, &ack, 65507).unwrap(),
        from,
    )
    .unwrap();
    let n = next(&rx);
    assert_eq!((n.wparam, n.lparam), (0, id));
    // No more copies after the acknowledgement.
    assert!(collect(&peer, Duration::from_millis(400)).is_empty());
    snmp_close(s).unwrap();
}

#[test]
fn item_98_agent_role_answers_net_snmp_snmpget() {
    let _g = fresh();
    if find_program("snmpget").is_none() {
        assert!(!netsnmp::in_ci());
        return;
    }
    let port = free_udp_port(false);
    // The callback answers on its callback thread: SnmpRecvMsg, SnmpSetPduData, SnmpSendMsg
    // from inside a callback.
    let agent_slot: Arc<Mutex<Option<HEntity>>> = Arc::default();
    let slot = Arc::clone(&agent_slot);
    let s = snmp_create_session(
        0,
        0,
        Some(notify(move |n| {
            let Some(me) = *slot.lock().unwrap() else {
                return SNMPAPI_SUCCESS;
            };
            let Ok(r) = snmp_recv_msg(n.session, RecvOutputs::ALL) else {
                return SNMPAPI_SUCCESS;
            };
            let (src, c, p) = (r.src.unwrap(), r.context.unwrap(), r.pdu.unwrap());
            let info = snmp_get_pdu_data(p, PduFields::ALL).unwrap();
            let vbl = info.varbind_list.unwrap();
            snmp_set_vb(
                vbl,
                1,
                None,
                Some(&SmiValue::Octets(b"answered by winsnmp".to_vec())),
            )
            .unwrap();
            snmp_set_pdu_data(p, Some(SNMP_PDU_RESPONSE), None, None, None, Some(vbl)).unwrap();
            snmp_send_msg(n.session, Some(me), src, c, p).unwrap();
            for h in [src, r.dst.unwrap()] {
                let _ = snmp_free_entity(h);
            }
            let _ = snmp_free_context(c);
            let _ = snmp_free_pdu(p);
            let _ = snmp_free_vbl(vbl);
            SNMPAPI_SUCCESS
        })),
    )
    .unwrap();
    let me = snmp_str_to_entity(s, &format!("127.0.0.1:{port}")).unwrap();
    snmp_listen(me, SNMPAPI_ON).unwrap();
    assert_eq!(snmp_listen(me, SNMPAPI_ON), Err(E::Noop), "item 96");
    assert_eq!(snmp_listen(me, 5), Err(E::ModeInvalid));
    *agent_slot.lock().unwrap() = Some(me);
    let out = netsnmp::run_tool(
        "snmpget",
        &[
            "-v",
            "2c",
            "-c",
            "anything",
            "-t",
            "3",
            "-r",
            "0",
            "-On",
            &format!("127.0.0.1:{port}"),
            ".1.3.6.1.2.1.1.5.0",
        ],
    )
    .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(text.contains("answered by winsnmp"), "{text}");
    // v1 too.
    let out = netsnmp::run_tool(
        "snmpget",
        &[
            "-v",
            "1",
            "-c",
            "public",
            "-t",
            "3",
            "-r",
            "0",
            &format!("127.0.0.1:{port}"),
            ".1.3.6.1.2.1.1.5.0",
        ],
    )
    .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("answered by winsnmp"),
        "{out:?}"
    );
    // Item 97: someone else cannot bind it, and we cannot listen on a taken port.
    assert!(UdpSocket::bind((Ipv4Addr::LOCALHOST, port)).is_err());
    let other = snmp_str_to_entity(s, &format!("127.0.0.1:{port}")).unwrap();
    assert_eq!(snmp_listen(other, SNMPAPI_ON), Err(E::TlOther));
    assert_eq!(snmp_get_last_error(Some(s)), E::TlOther as u32);
    // Item 99: OFF frees the port at once.
    snmp_listen(me, SNMPAPI_OFF).unwrap();
    drop(UdpSocket::bind((Ipv4Addr::LOCALHOST, port)).unwrap());
    // Item 100: closing the session frees it too.
    snmp_listen(me, SNMPAPI_ON).unwrap();
    assert!(UdpSocket::bind((Ipv4Addr::LOCALHOST, port)).is_err());
    snmp_close(s).unwrap();
    drop(UdpSocket::bind((Ipv4Addr::LOCALHOST, port)).unwrap());
    // And cleanup frees every port.
    let (s, _rx) = session();
    let me = snmp_str_to_entity(s, &format!("127.0.0.1:{port}")).unwrap();
    snmp_listen_ex(me, SNMPAPI_ON, SNMPLISTEN_ALL_ADDR).unwrap();
    assert!(UdpSocket::bind((Ipv4Addr::UNSPECIFIED, port)).is_err());
    snmp_cleanup().unwrap();
    drop(UdpSocket::bind((Ipv4Addr::UNSPECIFIED, port)).unwrap());
}

#[test]
fn agent_and_manager_in_one_process_ipv6() {
    let _g = fresh();
    snmp_set_translate_mode(SNMPAPI_UNTRANSLATED_V2).unwrap();
    let port = free_udp_port(true);
    let (agent_s, agent_rx) = session();
    let me = snmp_str_to_entity(agent_s, &format!("[::1]:{port}")).unwrap();
    snmp_listen(me, SNMPAPI_ON).unwrap();
    let (mgr, mgr_rx) = session();
    let dst = entity(mgr, &format!("[::1]:{port}"), 100, 1);
    let c = ctx(mgr, "community-is-not-checked");
    let p = pdu(mgr, SNMP_PDU_GET, 0, 0, &[(&SYS_DESCR, SmiValue::Null)]);
    let id = id_of(p);
    snmp_send_msg(mgr, None, dst, c, p).unwrap();
    let n = next(&agent_rx);
    assert_eq!((n.wparam, n.lparam), (0, id));
    let r = snmp_recv_msg(agent_s, RecvOutputs::ALL).unwrap();
    assert_eq!(r.pdu_type, SNMP_PDU_GET);
    assert_eq!(
        snmp_entity_to_str(r.dst.unwrap(), 100).unwrap(),
        format!("[::1]:{port}")
    );
    snmp_set_pdu_data(
        r.pdu.unwrap(),
        Some(SNMP_PDU_RESPONSE),
        None,
        None,
        None,
        None,
    )
    .unwrap();
    snmp_send_msg(
        agent_s,
        Some(me),
        r.src.unwrap(),
        r.context.unwrap(),
        r.pdu.unwrap(),
    )
    .unwrap();
    let n = next(&mgr_rx);
    assert_eq!((n.wparam, n.lparam), (0, id));
    let (info, _, src) = receive(mgr);
    assert_eq!(info.request_id, id);
    assert_eq!(src, format!("[::1]:{port}"));
    snmp_cleanup().unwrap();
    let _ = (PduInfo::clone(&info), Duration::ZERO);
}

#[test]
fn communications_functions_need_startup() {
    let _g = fresh();
    let (s, _rx) = session();
    let e = snmp_str_to_entity(s, "127.0.0.1").unwrap();
    snmp_cleanup().unwrap();
    assert_eq!(
        snmp_send_msg(s, None, e, HContext::from_raw(0), HPdu::from_raw(0)),
        Err(E::NotInitialized)
    );
    assert_eq!(snmp_recv_msg(s, RecvOutputs::ALL), Err(E::NotInitialized));
    assert_eq!(
        snmp_register(s, None, None, None, None, SNMPAPI_ON),
        Err(E::NotInitialized)
    );
    assert_eq!(snmp_listen(e, SNMPAPI_ON), Err(E::NotInitialized));
    assert_eq!(snmp_listen_ex(e, SNMPAPI_ON, 0), Err(E::NotInitialized));
    assert_eq!(snmp_cancel_msg(s, 1), Err(E::NotInitialized));
    snmp_startup().unwrap();
    assert_eq!(snmp_recv_msg(s, RecvOutputs::ALL), Err(E::SessionInvalid));
    assert_eq!(snmp_cancel_msg(s, 1), Err(E::SessionInvalid));
}

#[test]
fn a_callback_may_close_its_own_session() {
    let _g = fresh();
    let silent = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let (tx, rx) = channel();
    let s = snmp_create_session(
        0,
        0,
        Some(notify(move |n| {
            let _ = tx.send((n, snmp_close(n.session)));
            SNMPAPI_SUCCESS
        })),
    )
    .unwrap();
    let agent = entity(s, &silent.local_addr().unwrap().to_string(), 10, 1);
    let public = ctx(s, "public");
    for _ in 0..3 {
        let p = pdu(s, SNMP_PDU_GET, 0, 0, &[(&SYS_DESCR, SmiValue::Null)]);
        snmp_send_msg(s, None, agent, public, p).unwrap();
    }
    let (n, closed) = rx.recv_timeout(WAIT).unwrap();
    assert_eq!((n.session, n.wparam), (s, E::TlTimeout as u32));
    assert_eq!(closed, Ok(()));
    assert!(
        rx.recv_timeout(Duration::from_millis(500)).is_err(),
        "nothing after close"
    );
    assert_eq!(counts().total(), 0);
}

#[test]
fn two_thousand_concurrent_gets_to_snmpd_each_end_once() {
    let _g = fresh();
    let Some(d) = Snmpd::start() else { return };
    snmp_set_translate_mode(SNMPAPI_UNTRANSLATED_V2).unwrap();
    let (s, rx) = session();
    let agent = entity(s, &d.addr_v4().to_string(), 50, 5);
    let public = ctx(s, "public");
    let mut ids = std::collections::HashSet::new();
    for _ in 0..2000 {
        let p = pdu(s, SNMP_PDU_GET, 0, 0, &[(&SYS_DESCR, SmiValue::Null)]);
        ids.insert(id_of(p));
        snmp_send_msg(s, None, agent, public, p).unwrap();
        snmp_free_pdu(p).unwrap();
    }
    let mut answered = 0;
    let end = Instant::now() + Duration::from_secs(30);
    while !ids.is_empty() && Instant::now() < end {
        let n = next(&rx);
        assert!(ids.remove(&n.lparam), "request {} ended twice", n.lparam);
        if n.wparam == 0 {
            answered += 1;
        }
    }
    assert!(ids.is_empty(), "{} requests never ended", ids.len());
    assert_eq!(answered, 2000);
    for _ in 0..2000 {
        let r = snmp_recv_msg(
            s,
            RecvOutputs {
                pdu: true,
                ..RecvOutputs::default()
            },
        )
        .unwrap();
        snmp_free_pdu(r.pdu.unwrap()).unwrap();
    }
    assert_eq!(snmp_recv_msg(s, RecvOutputs::ALL), Err(E::Noop));
    assert_eq!(comm_stats().responses, 2000);
    snmp_close(s).unwrap();
}

#[path = "comms_netsnmp/usm.rs"]
mod usm;
