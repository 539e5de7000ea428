//! `wsnmp walk` and `bulkwalk` through a lossy UDP proxy ([`LossyProxy`]): with 30% loss
//! each way (plus duplicates, reordering and delays) and enough retries, the output is the
//! output of the same walk without the proxy, line for line, from `wsnmp agent` and from
//! net-snmp's `snmpd`.

use super::*;
use winsnmp_testkit::proxy::{Impairments, LossyProxy};

fn rough(seed: u64) -> Impairments {
    Impairments::loss(0.3)
        .duplicate(0.1)
        .reorder(0.1)
        .delay(Duration::ZERO, Duration::from_millis(3))
        .seed(seed)
        .lifetime(Duration::from_secs(30))
}

/// Runs `cmd` on `root` directly and through a proxy with 30% loss; the outputs must be
/// equal. Returns the number of rows and the proxy's drops.
fn same_through_loss(
    agent: std::net::SocketAddr,
    cmd: &[&str],
    root: &str,
    seed: u64,
) -> (usize, u64) {
    let direct = agent.to_string();
    let want = text(&wsnmp(&[cmd, &["-On", &direct, root]].concat()));
    let proxy = LossyProxy::start(agent, rough(seed)).unwrap();
    let via = proxy.addr().to_string();
    let args = [cmd, &["-On", "-t", "0.02", "-r", "20", &via, root]].concat();
    let got = text(&wsnmp(&args));
    let st = proxy.stop();
    assert_eq!(got, want, "{cmd:?} {root} through the proxy");
    let dropped = st.to_agent.dropped + st.to_manager.dropped;
    assert!(dropped > 0, "{st:?}");
    (want.lines().count(), dropped)
}

#[test]
fn walks_of_wsnmp_agent_through_thirty_percent_loss_match_walks_without_it() {
    let agent = Agent::start();
    let addr = agent.1.parse().unwrap();
    let (n, d) = same_through_loss(addr, &["walk"], ".1.3.6.1.2.1.1.9", 1);
    assert_eq!(n, 30);
    let (m, e) = same_through_loss(addr, &["bulkwalk", "-Cr25"], ".1.3.6.1.2.1.2", 2);
    assert_eq!(m, 89);
    eprintln!("wsnmp agent: walk {n} rows ({d} dropped), bulkwalk {m} rows ({e} dropped)");
}

#[test]
fn walks_of_snmpd_through_thirty_percent_loss_match_walks_without_it() {
    let Some(snmpd) = Snmpd::start() else {
        return;
    };
    let addr = snmpd.addr_v4();
    let (n, d) = same_through_loss(addr, &["walk"], ".1.3.6.1.2.1.1.9.1.2", 3);
    let (m, e) = same_through_loss(addr, &["bulkwalk", "-Cr25"], ".1.3.6.1.6.3.16", 4);
    assert!(n >= 8 && m >= 20, "{n} {m}");
    eprintln!("snmpd: walk {n} rows ({d} dropped), bulkwalk {m} rows ({e} dropped)");
}

/// The WinSNMP API (`Session::bulk`, as an application walks) through the proxy to
/// `wsnmp agent`: the rows of the same walk without the proxy.
#[test]
fn api_walk_of_wsnmp_agent_through_thirty_percent_loss() {
    use winsnmp::{Runtime, Session, SmiValue, TranslateMode};
    let agent = Agent::start();
    let addr: std::net::SocketAddr = agent.1.parse().unwrap();
    let rt = Runtime::new().unwrap();
    rt.set_translate_mode(TranslateMode::UntranslatedV2)
        .unwrap();
    let root = [1, 3, 6, 1, 2, 1, 2];
    let walk = |to: std::net::SocketAddr, cs: u32, retry: u32| {
        let s = Session::blocking().unwrap();
        let e = s.entity(&to.to_string()).unwrap();
        e.set_timeout(cs).unwrap();
        e.set_retry(retry).unwrap();
        let ctx = s.context(b"public").unwrap();
        let mut rows = Vec::new();
        let mut cursor = root.to_vec();
        'walk: for _ in 0..100 {
            let r = s.bulk(&e, &ctx, 0, 25, &[&cursor]).unwrap();
            for vb in r.varbinds {
                if vb.value == SmiValue::EndOfMibView || !vb.name.starts_with(&root) {
                    break 'walk;
                }
                cursor.clone_from(&vb.name);
                rows.push(vb);
            }
        }
        rows
    };
    let want = walk(addr, 100, 3);
    assert_eq!(want.len(), 89);
    let proxy = LossyProxy::start(addr, rough(5)).unwrap();
    let got = walk(proxy.addr(), 2, 20);
    let st = proxy.stop();
    assert_eq!(got, want);
    assert!(st.to_agent.received > 4, "{st:?}");
}
