//! Tracing, leak reports and counters through the whole runtime, over loopback UDP against
//! the embedded agent: a global subscriber at TRACE level captures what every thread logs
//! (the driver's included), and no secret may appear in it: not the community, not the
//! SNMPv3 pass phrases, not the master or localized keys.
//!
//! One binary of its own (the subscriber is process-wide); its tests run one at a time.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use winsnmp::agent::{Agent, AgentConfig, AgentServer, MibStore, OwnedValue, RunningAgent};
use winsnmp::engine::consts::*;
use winsnmp::engine::usm::{EntitySecurity, UsmUser};
use winsnmp::wire::usm::{AuthProtocol, PrivProtocol};
use winsnmp::wire::{Oid, SecurityLevel};
use winsnmp::{Runtime, Session, SnmpApiError, api, log};

const SYS_DESCR: [u32; 9] = [1, 3, 6, 1, 2, 1, 1, 1, 0];

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The process-wide capture, installed once, and the lock that runs the tests one at a time.
fn capture() -> (&'static Captured, MutexGuard<'static, ()>) {
    static CAPTURED: OnceLock<Captured> = OnceLock::new();
    static SERIAL: Mutex<()> = Mutex::new(());
    let guard = SERIAL.lock().unwrap_or_else(PoisonError::into_inner);
    let c = CAPTURED.get_or_init(|| {
        let c = Captured::default();
        let w = c.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_thread_names(true)
            .with_writer(move || w.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("no other subscriber");
        c
    });
    c.0.lock().unwrap_or_else(PoisonError::into_inner).clear();
    (c, guard)
}

fn take(c: &Captured) -> String {
    let bytes = std::mem::take(&mut *c.0.lock().unwrap_or_else(PoisonError::into_inner));
    String::from_utf8_lossy(&bytes).into_owned()
}

fn agent(config: AgentConfig) -> RunningAgent {
    let name: Oid = "1.3.6.1.2.1.1.1.0".parse().unwrap();
    let store = MibStore::from_entries(vec![(
        name,
        OwnedValue::OctetString(b"observed agent".to_vec().into()),
    )]);
    let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
    AgentServer::bind(&[addr], Agent::new(store, config))
        .unwrap()
        .spawn()
        .unwrap()
}

/// `text` and its hex forms are nowhere in `log`.
fn assert_absent(log: &str, what: &str, secret: &[u8]) {
    let hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
    let spaced: Vec<String> = secret.iter().map(|b| format!("{b:02x}")).collect();
    let decimal: Vec<String> = secret.iter().map(u8::to_string).collect();
    let forms = [
        String::from_utf8_lossy(secret).into_owned(),
        hex.clone(),
        hex.to_uppercase(),
        spaced.join(" "),
        spaced.join(":"),
        decimal.join(", "),
    ];
    for f in forms {
        assert!(
            !log.contains(&f),
            "{what} ({f}) appears in the trace:\n{log}"
        );
    }
}

#[test]
fn v2c_requests_retransmissions_and_timeouts_are_traced_without_the_community() {
    let (c, _serial) = capture();
    let community = b"v2c-S3cret-Community";
    let running = agent(AgentConfig::new().read_community(community.to_vec()));
    let at = running.local_addrs()[0];
    let dead = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let dead_addr = dead.local_addr().unwrap();
    {
        let rt = Runtime::new().unwrap();
        let s = Session::blocking().unwrap();
        let target = s.entity(&at.to_string()).unwrap();
        let ctx = s.context(community).unwrap();
        let r = s.get(&target, &ctx, &[&SYS_DESCR]).unwrap();
        assert_eq!(r.error_status, 0);
        // The Debug of what carries the community does not show it.
        let debug = format!("{r:?}");
        assert!(!debug.contains("v2c-S3cret"), "{debug}");
        // A silent peer: one retransmission, then the timeout.
        let nobody = s.entity(&dead_addr.to_string()).unwrap();
        nobody.set_timeout(10).unwrap();
        nobody.set_retry(1).unwrap();
        assert_eq!(
            s.get(&nobody, &ctx, &[&SYS_DESCR]).unwrap_err(),
            SnmpApiError::TlTimeout
        );
        let st = rt.comm_stats();
        assert!(st.responses >= 1 && st.retransmissions >= 1 && st.timeouts >= 1);
        assert!(st.datagrams >= 1 && st.datagrams_out >= 3, "{st:?}");
        assert!(st.bytes_in > 0 && st.bytes_out > st.bytes_in, "{st:?}");
    }
    running.stop();
    let log = take(c);
    for want in [
        "SnmpStartup",
        "SnmpCreateSession",
        "SnmpSendMsg",
        "request{",
        "message sent",
        "datagram out",
        "datagram in",
        "response matched",
        "retransmission",
        "request timed out",
        "SnmpClose",
        "session closed",
        "runtime stopped",
        &format!("from={at}"),
        &format!("to={dead_addr}"),
    ] {
        assert!(
            log.contains(want),
            "{want:?} missing from the trace:\n{log}"
        );
    }
    if std::env::var_os("SHOW_TRACE").is_some() {
        eprintln!("{log}");
    }
    assert_absent(&log, "the community", community);
}

#[test]
fn v3_traffic_never_logs_pass_phrases_or_keys() {
    let (c, _serial) = capture();
    let (auth_pass, priv_pass) = (b"auth-Pass-9f8e7d6c", b"priv-Pass-1a2b3c4d");
    let user = UsmUser::from_passwords(
        b"alice",
        Some((AuthProtocol::Sha256, auth_pass)),
        Some((PrivProtocol::Aes128, priv_pass)),
    )
    .unwrap();
    let running = agent(AgentConfig::new().user(user.clone()));
    let at = running.local_addrs()[0];
    let engine_id = running.engine_id();
    {
        let _rt = Runtime::new().unwrap();
        let s = Session::blocking().unwrap();
        let target = s.entity(&at.to_string()).unwrap();
        target
            .set_usm(Some(EntitySecurity::new(
                user.clone(),
                SecurityLevel::AuthPriv,
            )))
            .unwrap();
        let ctx = s.context_name(b"").unwrap();
        let r = s.get(&target, &ctx, &[&SYS_DESCR]).unwrap();
        assert_eq!(r.error_status, 0);
        assert_eq!(target.engine_id().unwrap(), engine_id);
        let debug = format!("{:?}", target.security().unwrap());
        assert!(!debug.contains("Pass"), "{debug}");
    }
    running.stop();
    let log = take(c);
    for want in ["SnmpSendMsg", "message sent", "SNMPv3 response matched"] {
        assert!(
            log.contains(want),
            "{want:?} missing from the trace:\n{log}"
        );
    }
    assert_absent(&log, "the auth pass phrase", auth_pass);
    assert_absent(&log, "the priv pass phrase", priv_pass);
    let (ap, ku_auth) = user.auth.clone().unwrap();
    let (pp, ku_priv) = user.privacy.clone().unwrap();
    assert_absent(&log, "the auth master key", ku_auth.as_bytes());
    assert_absent(&log, "the priv master key", ku_priv.as_bytes());
    let kul_auth = ap.localize(&ku_auth, &engine_id);
    let kul_priv = pp.localize(ap, &ku_priv, &engine_id);
    assert_absent(&log, "the localized auth key", kul_auth.as_bytes());
    assert_absent(&log, "the localized priv key", kul_priv.as_bytes());
}

#[test]
fn leak_reports_go_to_the_sink_only_when_asked_for() {
    let (c, _serial) = capture();
    let lines: Arc<Mutex<Vec<String>>> = Arc::default();
    let sink = Arc::clone(&lines);
    log::set_leak_sink(Some(Arc::new(move |l: &str| {
        sink.lock().unwrap().push(l.to_owned());
    })));
    let take_lines = || std::mem::take(&mut *lines.lock().unwrap());

    // Off (the default, WINSNMP_LOG unset): nothing, however much leaks.
    log::set_leak_reports(Some(false));
    {
        let _rt = Runtime::new().unwrap();
        let s = api::snmp_create_session(0, 0, Some(api::notify(|_| SNMPAPI_SUCCESS))).unwrap();
        api::snmp_create_vbl(s, None, None).unwrap();
        api::snmp_close(s).unwrap();
        api::snmp_create_session(0, 0, Some(api::notify(|_| SNMPAPI_SUCCESS))).unwrap();
    }
    assert_eq!(take_lines(), Vec::<String>::new());

    log::set_leak_reports(Some(true));
    let never_closed;
    {
        let _rt = Runtime::new().unwrap();
        // Everything given back: silent.
        let clean = Session::new(|_| SNMPAPI_SUCCESS).unwrap();
        let v = clean.vbl().unwrap();
        let e = clean.entity("192.0.2.9").unwrap();
        assert_eq!(clean.stats().unwrap().peak_vbls, 1);
        drop((v, e));
        drop(clean);
        assert_eq!(take_lines(), Vec::<String>::new());

        // Two sessions share handles: each counts what it created.
        let a = api::snmp_create_session(0, 0, Some(api::notify(|_| SNMPAPI_SUCCESS))).unwrap();
        let b = api::snmp_create_session(0, 0, Some(api::notify(|_| SNMPAPI_SUCCESS))).unwrap();
        for i in 1..=3 {
            api::snmp_str_to_entity(a, &format!("192.0.2.{i}")).unwrap();
        }
        let vbl = api::snmp_create_vbl(a, Some(&SYS_DESCR), None).unwrap();
        api::snmp_create_pdu(a, SNMP_PDU_GET, 0, 0, 0, Some(vbl)).unwrap();
        api::snmp_create_pdu(b, SNMP_PDU_GET, 0, 0, 0, Some(vbl)).unwrap();
        let sa = api::session_stats(a).unwrap();
        assert_eq!((sa.entities, sa.pdus, sa.vbls), (3, 1, 1));
        assert_eq!(api::session_stats(b).unwrap().pdus, 1);
        api::snmp_close(a).unwrap();
        assert_eq!(
            take_lines(),
            [format!(
                "winsnmp: session {:#010x} closed with 3 entities, 1 PDU, 1 VBL still open",
                a.value()
            )]
        );
        assert_eq!(api::session_stats(a), Err(SnmpApiError::SessionInvalid));
        never_closed = b;
    }
    assert_eq!(
        take_lines(),
        [format!(
            "winsnmp: session {:#010x} never closed (SnmpCleanup closed it with 1 PDU still \
             open)",
            never_closed.value()
        )]
    );
    log::set_leak_reports(None);
    log::set_leak_sink(None);
    let _ = take(c);
}
