//! The WinSNMP API through a lossy UDP proxy ([`LossyProxy`]) to the embedded agent (the
//! code `wsnmp agent` runs) and to net-snmp's `snmpd`: with 30% loss each way (and
//! duplicates, reordering, delays) and enough retries, walks return exactly the rows of a
//! walk without the proxy; pipelined requests each end exactly once (answer, timeout or
//! cancel); corrupted datagrams are counted as malformed and dropped.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::*;
use winsnmp::agent::{Agent, AgentConfig, AgentServer, MibStore, RunningAgent, synthetic_rows};
use winsnmp::engine::consts::SNMP_PDU_GET;
use winsnmp::{SmiValue, SnmpApiError as E, VarBindEntry};
use winsnmp_testkit::netsnmp::Snmpd;
use winsnmp_testkit::proxy::{Corruption, Impairments, LossyProxy};

/// The embedded agent serving a generated table of `rows` rows (4 columns).
fn embedded_agent(rows: u32) -> RunningAgent {
    let mut store = MibStore::new();
    store.extend(synthetic_rows(rows));
    let agent = Agent::new(store, AgentConfig::new());
    AgentServer::bind(&["127.0.0.1:0".parse().unwrap()], agent)
        .unwrap()
        .spawn()
        .unwrap()
}

/// 30% loss each way, 10% duplicated, 10% held back, up to 3 ms of delay.
fn rough(seed: u64) -> Impairments {
    Impairments::loss(0.3)
        .duplicate(0.1)
        .reorder(0.1)
        .delay(Duration::ZERO, Duration::from_millis(3))
        .seed(seed)
        .lifetime(Duration::from_secs(30))
}

/// Walks `root` with GETNEXT (`bulk == 0`) or GETBULK, as an application would: until the
/// subtree or the MIB ends; bounded to 10,000 objects.
fn walk(s: &Session, e: &winsnmp::Entity, root: &[u32], bulk: i32) -> Vec<VarBindEntry> {
    let ctx = s.context(b"public").unwrap();
    let mut rows: Vec<VarBindEntry> = Vec::new();
    let mut cursor = root.to_vec();
    'walk: while rows.len() < 10_000 {
        let r = if bulk > 0 {
            s.bulk(e, &ctx, 0, bulk, &[&cursor])
        } else {
            s.get_next(e, &ctx, &[&cursor])
        }
        .expect("every request of the walk is answered")
        .check()
        .expect("no error-status");
        if r.varbinds.is_empty() {
            break;
        }
        for vb in r.varbinds {
            if vb.value == SmiValue::EndOfMibView || !vb.name.starts_with(root) {
                break 'walk;
            }
            assert!(vb.name > cursor, "OID not increasing");
            cursor.clone_from(&vb.name);
            rows.push(vb);
        }
    }
    rows
}

/// Walks with GETNEXT and GETBULK through 30% loss each way give the rows a walk without
/// the proxy gives, from the embedded agent.
#[test]
fn walks_through_thirty_percent_loss_return_the_right_rows_embedded_agent() {
    let (_g, _rt) = setup();
    let agent = embedded_agent(40);
    let addr = agent.local_addrs()[0];
    // GETNEXT: one column (40 rows); GETBULK: the whole table (160 rows).
    let cases = [
        (oid("1.3.6.1.4.1.8072.9999.9999.1.1.2"), 0, 40),
        (oid("1.3.6.1.4.1.8072.9999.9999"), 20, 160),
    ];
    let mut total = (0, 0);
    for (i, (root, bulk, rows)) in cases.into_iter().enumerate() {
        let (s, direct) = target(addr, 100, 3);
        let want = walk(&s, &direct, &root, bulk);
        assert_eq!(want.len(), rows);
        let proxy = LossyProxy::start(addr, rough(100 + i as u64)).unwrap();
        let (s, e) = target(proxy.addr(), 2, 20);
        let before = api::comm_stats();
        let got = walk(&s, &e, &root, bulk);
        let d = delta(before, api::comm_stats());
        let st = proxy.stop();
        assert_eq!(got, want, "walk (max-repetitions {bulk}) through the proxy");
        assert!(st.to_agent.dropped + st.to_manager.dropped > 0, "{st:?}");
        assert!(d.retransmissions > 0 && d.timeouts == 0, "{d:?}");
        total.0 += st.to_agent.received;
        total.1 += st.to_agent.dropped + st.to_manager.dropped;
    }
    eprintln!(
        "lossy walks (embedded agent): 40 rows by GETNEXT, 160 by GETBULK, {} requests \
         sent, {} datagrams dropped",
        total.0, total.1
    );
}

/// The same against net-snmp's snmpd (static subtrees: sysORID with GETNEXT, the VACM
/// tables with GETBULK).
#[test]
fn walks_through_thirty_percent_loss_return_the_right_rows_snmpd() {
    let (_g, _rt) = setup();
    let Some(snmpd) = Snmpd::start() else {
        eprintln!("skipped: snmpd is not installed");
        return;
    };
    for (i, root, bulk) in [(0u64, "1.3.6.1.2.1.1.9.1.2", 0), (1, "1.3.6.1.6.3.16", 10)] {
        let root = oid(root);
        let (s, direct) = target(snmpd.addr_v4(), 100, 3);
        let want = walk(&s, &direct, &root, bulk);
        assert!(want.len() >= 8, "{}", want.len());
        let proxy = LossyProxy::start(snmpd.addr_v4(), rough(200 + i)).unwrap();
        let (s, e) = target(proxy.addr(), 2, 20);
        let got = walk(&s, &e, &root, bulk);
        let st = proxy.stop();
        assert_eq!(got, want, "walk of {root:?} through the proxy");
        assert!(st.to_agent.dropped + st.to_manager.dropped > 0, "{st:?}");
    }
}

/// 300 requests in flight at once through 30% loss each way, a tenth of them cancelled
/// right after sending: every request ends exactly once — an answer, a timeout or the
/// cancel — and every answer is the right one.
#[test]
fn pipelined_requests_each_end_exactly_once() {
    let (_g, _rt) = setup();
    let agent = embedded_agent(5);
    let proxy = LossyProxy::start(agent.local_addrs()[0], rough(300)).unwrap();
    let events: Arc<Mutex<Vec<(u32, i32)>>> = Arc::default();
    let seen = Arc::clone(&events);
    let s = Session::new(move |n| {
        seen.lock().unwrap().push((n.wparam, n.lparam));
        1
    })
    .unwrap();
    let e = s.entity(&proxy.addr().to_string()).unwrap();
    e.set_timeout(5).unwrap();
    e.set_retry(2).unwrap();
    let ctx = s.context(b"public").unwrap();
    let name = oid("1.3.6.1.4.1.8072.9999.9999.1.1.2.3");
    let vbl = s.vbl().unwrap();
    vbl.push(&name, &SmiValue::Null).unwrap();
    let mut ids = Vec::new();
    let mut cancelled = HashMap::new();
    for i in 0..300 {
        let pdu = s.pdu(SNMP_PDU_GET, Some(&vbl)).unwrap();
        let id = pdu.info().unwrap().request_id;
        s.send(None, &e, &ctx, &pdu).unwrap();
        ids.push(id);
        if i % 10 == 0 {
            // Ok: cancelled before any answer; PduInvalid: it was answered already.
            let r = s.cancel(id);
            assert!(matches!(r, Ok(()) | Err(E::PduInvalid)), "{r:?}");
            cancelled.insert(id, r.is_ok());
        }
    }
    let expected = ids.len() - cancelled.values().filter(|ok| **ok).count();
    let deadline = Instant::now() + Duration::from_secs(10);
    while events.lock().unwrap().len() < expected {
        assert!(Instant::now() < deadline, "not every request ended");
        std::thread::sleep(Duration::from_millis(10));
    }
    // Anything arriving later would be a second ending.
    std::thread::sleep(Duration::from_millis(300));
    let ev = events.lock().unwrap().clone();
    let mut per_id: HashMap<i32, Vec<u32>> = HashMap::new();
    for (w, id) in &ev {
        per_id.entry(*id).or_default().push(*w);
    }
    let (mut answered, mut timed_out) = (0, 0);
    for id in &ids {
        let ends = per_id.get(id).map_or(0, Vec::len);
        let want = usize::from(cancelled.get(id) != Some(&true));
        assert_eq!(ends, want, "request {id}: {:?}", per_id.get(id));
        match per_id.get(id).map(|w| w[0]) {
            Some(0) => answered += 1,
            Some(w) => {
                assert_eq!(w, E::TlTimeout as u32);
                timed_out += 1;
            }
            None => {}
        }
    }
    assert_eq!(ev.len(), expected);
    // Every queued answer is the answer to its request.
    let mut received = 0;
    while let Some(m) = s.recv().unwrap() {
        let info = m.pdu.info().unwrap();
        assert!(per_id.get(&info.request_id) == Some(&vec![0]));
        let vbs = m.pdu.varbinds().unwrap().entries().unwrap();
        assert_eq!(vbs[0].name, name);
        assert_eq!(vbs[0].value, SmiValue::Octets(b"row-3".to_vec()));
        received += 1;
    }
    assert_eq!(received, answered);
    let st = proxy.stop();
    eprintln!(
        "pipelined through 30% loss: {} requests, {answered} answered, {timed_out} timed out, \
         {} cancelled; proxy {st:?}",
        ids.len(),
        cancelled.values().filter(|ok| **ok).count()
    );
    assert!(answered > 150 && timed_out > 0, "{answered} {timed_out}");
}

/// Corrupted datagrams (first byte flipped): the manager counts the answers as malformed
/// and drops them, the agent drops the requests; retries get every request through.
#[test]
fn corrupted_datagrams_are_counted_and_dropped() {
    let (_g, _rt) = setup();
    let agent = embedded_agent(5);
    let imp = Impairments::default()
        .corrupt(0.25, Corruption::FirstByte)
        .seed(400);
    let proxy = LossyProxy::start(agent.local_addrs()[0], imp).unwrap();
    let (s, e) = target(proxy.addr(), 2, 20);
    let ctx = s.context(b"public").unwrap();
    let before = api::comm_stats();
    for i in 1..=20u32 {
        let r = s
            .get(
                &e,
                &ctx,
                &[&[1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 1, 1, 1, i % 5 + 1]],
            )
            .unwrap();
        assert_eq!(r.varbinds[0].value, SmiValue::Int((i % 5 + 1) as i32));
    }
    let d = delta(before, api::comm_stats());
    let st = proxy.stop();
    let parse_errors = agent.stop().parse_errors;
    assert!(
        st.to_manager.corrupted > 0 && st.to_agent.corrupted > 0,
        "{st:?}"
    );
    assert_eq!(d.malformed, st.to_manager.corrupted, "{d:?} {st:?}");
    assert_eq!(parse_errors, st.to_agent.corrupted);
    assert_eq!(d.responses, 20);
    eprintln!(
        "corruption: 20 GETs answered; {} answers corrupted, {} counted malformed; {} \
         requests corrupted, {} agent parse errors",
        st.to_manager.corrupted, d.malformed, st.to_agent.corrupted, parse_errors
    );
}
