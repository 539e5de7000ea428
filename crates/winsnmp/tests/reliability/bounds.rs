//! The runtime's limits through the real runtime (driver thread, sockets): each is
//! configurable, and exhausting it gives the documented WinSNMP error or a counted drop,
//! never an abort. (Sessions and handles: `runtime_api.rs`; their engine-level tests:
//! `winsnmp-engine`.)

use super::*;
use winsnmp::{SmiValue, SnmpApiError as E};
use winsnmp_testkit::quirks::{Quirk, QuirkyAgent, table};

/// Queued messages per session: a session that does not receive keeps
/// `max_queued_messages`; the answers beyond are dropped and counted (the session's own
/// counter and `CommStats::queue_full`), and their requests time out.
#[test]
fn a_full_queue_drops_and_counts() {
    let (_g, _rt) = setup();
    api::set_limits(Limits {
        max_queued_messages: 3,
        ..Limits::default()
    });
    let agent = QuirkyAgent::start(Quirk::None, table(2)).unwrap();
    let events = std::sync::Arc::new(Mutex::new(Vec::new()));
    let seen = std::sync::Arc::clone(&events);
    let s = Session::new(move |n| {
        seen.lock().unwrap().push((n.wparam, n.lparam));
        1
    })
    .unwrap();
    let e = s.entity(&agent.addr().to_string()).unwrap();
    e.set_timeout(10).unwrap();
    e.set_retry(1).unwrap();
    let ctx = s.context(b"public").unwrap();
    let vbl = s.vbl().unwrap();
    vbl.push(&oid("1.3.6.1.2.1.1.5.0"), &SmiValue::Null)
        .unwrap();
    let before = api::comm_stats();
    for _ in 0..5 {
        let pdu = s
            .pdu(winsnmp::engine::consts::SNMP_PDU_GET, Some(&vbl))
            .unwrap();
        s.send(None, &e, &ctx, &pdu).unwrap();
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while events.lock().unwrap().len() < 5 {
        assert!(
            std::time::Instant::now() < deadline,
            "{:?}",
            events.lock().unwrap()
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let ev = events.lock().unwrap().clone();
    let answered = ev.iter().filter(|(w, _)| *w == 0).count();
    let timed_out = ev.iter().filter(|(w, _)| *w == E::TlTimeout as u32).count();
    assert_eq!((answered, timed_out), (3, 2), "{ev:?}");
    let d = delta(before, api::comm_stats());
    // Two requests, two answers each (first transmission and retry), all dropped.
    assert_eq!(d.queue_full, 4);
    assert_eq!(s.queue_drops(), Ok(4));
    for _ in 0..3 {
        assert!(s.recv().unwrap().is_some());
    }
    assert!(s.recv().unwrap().is_none());
}

/// Message size: sending more than `max_message_size` is `SNMPAPI_TL_PDU_TOO_BIG`; an
/// answer longer than it is dropped, counted, and ends its request with
/// `SNMPAPI_TL_PDU_TOO_BIG` at once.
#[test]
fn message_size_limit_both_ways() {
    let (_g, _rt) = setup();
    let agent = QuirkyAgent::start(Quirk::None, table(5)).unwrap();
    let (s, e) = target(agent.addr(), 50, 2);
    let ctx = s.context(b"public").unwrap();
    api::set_limits(Limits {
        max_message_size: 100,
        ..Limits::default()
    });
    let big = winsnmp::engine::VarBindEntry {
        name: oid("1.3.6.1.2.1.1.5.0"),
        value: SmiValue::Octets(vec![b'x'; 100]),
    };
    assert_eq!(s.set(&e, &ctx, &[big]).unwrap_err(), E::TlPduTooBig);
    assert_eq!(s.last_error(), Some(E::TlPduTooBig));
    // The GET fits; its answer (sysDescr.0, "quirky agent") does too at 100 octets, the
    // bulk answer does not.
    assert!(s.get(&e, &ctx, &[&oid("1.3.6.1.2.1.1.1.0")]).is_ok());
    let before = api::comm_stats();
    let r = s.bulk(&e, &ctx, 0, 10, &[&oid("1.3.6.1.2.1.2")]);
    assert_eq!(r.unwrap_err(), E::TlPduTooBig);
    let d = delta(before, api::comm_stats());
    assert_eq!(
        (d.oversized_received, d.retransmissions, d.timeouts),
        (1, 0, 0)
    );
}

/// Varbinds per PDU: appending past `max_varbinds` is `SNMPAPI_ALLOC_ERROR`, and nothing
/// else changes.
#[test]
fn varbind_limit_in_a_list() {
    let (_g, _rt) = setup();
    api::set_limits(Limits {
        max_varbinds: 10,
        ..Limits::default()
    });
    let s = Session::blocking().unwrap();
    let vbl = s.vbl().unwrap();
    for i in 0..10 {
        vbl.push(&[1, 3, 6, 1, 4, 1, i], &SmiValue::Null).unwrap();
    }
    assert_eq!(
        vbl.push(&[1, 3, 6, 1, 4, 1, 99], &SmiValue::Null),
        Err(E::AllocError)
    );
    assert_eq!(vbl.len().unwrap(), 10);
    assert_eq!(s.last_error(), Some(E::AllocError));
}
