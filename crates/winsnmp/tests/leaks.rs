//! Flat memory over many cycles: session open/close and request/response, in the simulated
//! world (the engine alone) and through the real runtime over loopback against the
//! embedded agent. Each test measures the process's resident set (`/proc/self/statm`)
//! after a warm-up and at the end, and allows a small tolerance (the allocator keeps some
//! pages).
//!
//! The ordinary run (`cargo test`) does the engine's million session cycles and a few
//! thousand of the others, in about a second. The full counts of the others — 1,000,000
//! session cycles through the runtime and 100,000 request/response cycles, each way — are
//! the `#[ignore]`d tests, meant for a release build:
//!
//! ```text
//! cargo test --release -p winsnmp --test leaks -- --ignored --nocapture --test-threads 1
//! ```

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use winsnmp::agent::{Agent, AgentConfig, AgentServer, MibStore, RunningAgent, synthetic_rows};
use winsnmp::api;
use winsnmp::engine::consts::SNMPAPI_SUCCESS;
use winsnmp::engine::{Limits, StartupKind};
use winsnmp::{Runtime, Session, SmiValue, TranslateMode};
use winsnmp_testkit::sim::{AgentMode, Sim};

/// One test at a time: they measure the whole process.
static LOCK: Mutex<()> = Mutex::new(());

fn lock() -> MutexGuard<'static, ()> {
    LOCK.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Resident set size in KiB.
fn rss_kib() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    pages * 4
}

/// Runs `cycle` `n` times; RSS after the first tenth (the warm-up: tables and caches reach
/// their working size) and at the end may differ by at most `tolerance_kib`, and the second
/// half may add at most a quarter of that.
fn flat(what: &str, n: u64, tolerance_kib: u64, mut cycle: impl FnMut(u64)) {
    // At least 4,200 cycles when there are that many: the engine remembers its last 4,096
    // ended requests (to tell late answers from strays), a working size, not a leak.
    let warm = (n / 10).max(n.min(4200)).max(1);
    let started = Instant::now();
    for i in 0..warm {
        cycle(i);
    }
    let before = rss_kib();
    let mid = (n / 2).max(warm);
    for i in warm..mid {
        cycle(i);
    }
    let half = rss_kib();
    for i in mid..n {
        cycle(i);
    }
    let after = rss_kib();
    eprintln!(
        "{what}: {n} cycles in {:.2?}, RSS {before} KiB after warm-up, {half} KiB half-way, \
         {after} KiB at the end",
        started.elapsed()
    );
    assert!(
        after <= before + tolerance_kib,
        "{what}: RSS grew from {before} KiB to {after} KiB over {n} cycles"
    );
    // The second half is flat: whatever the first half added was working size, not a leak.
    assert!(
        after <= half + tolerance_kib / 4,
        "{what}: RSS still growing in the second half: {half} KiB to {after} KiB"
    );
}

fn sim_session_cycles(n: u64) {
    let mut sim = Sim::new(1);
    flat("engine session open/close", n, 1024, |_| {
        let s = sim.session();
        sim.engine.close(s).unwrap();
    });
    assert_eq!(sim.engine.counts().total(), 0);
    // The handle tables reuse their slots (a freed slot waits out 1,024 other frees).
    assert!(
        sim.engine.table_capacity() < 2100,
        "{}",
        sim.engine.table_capacity()
    );
}

fn sim_request_cycles(n: u64) {
    let mut sim = Sim::new(2);
    let agent = sim.add_agent("192.0.2.1:161".parse().unwrap(), AgentMode::Answer);
    let s = sim.session();
    let e = sim.entity(s, agent, 100, 1);
    flat("engine request/response", n, 2048, |_| {
        let id = sim
            .send_pdu(s, None, e, winsnmp::engine::consts::SNMP_PDU_GET, 0)
            .unwrap();
        sim.run_for(Duration::from_millis(10));
        let m = sim.engine.take_response(s, id).expect("answered");
        assert_eq!(m.pdu.request_id, id);
        // The world's own logs would grow: keep them short.
        sim.clear_logs();
    });
    assert_eq!(sim.engine.outstanding_requests(), 0);
    sim.engine.close(s).unwrap();
    sim.engine.cleanup(StartupKind::Startup).unwrap();
}

fn runtime_session_cycles(n: u64) {
    let _rt = Runtime::new().unwrap();
    flat("runtime session open/close", n, 1024, |_| {
        let s = api::snmp_create_session(0, 0, Some(api::notify(|_| SNMPAPI_SUCCESS))).unwrap();
        api::snmp_close(s).unwrap();
    });
    assert_eq!(api::counts().total(), 0);
}

fn embedded_agent() -> RunningAgent {
    let mut store = MibStore::new();
    store.extend(synthetic_rows(10));
    AgentServer::bind(
        &["127.0.0.1:0".parse().unwrap()],
        Agent::new(store, AgentConfig::new()),
    )
    .unwrap()
    .spawn()
    .unwrap()
}

fn runtime_request_cycles(n: u64) {
    let agent = embedded_agent();
    let rt = Runtime::new().unwrap();
    rt.set_translate_mode(TranslateMode::UntranslatedV2)
        .unwrap();
    let s = Session::blocking().unwrap();
    let e = s.entity(&agent.local_addrs()[0].to_string()).unwrap();
    e.set_timeout(100).unwrap();
    let ctx = s.context(b"public").unwrap();
    let name = [1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 1, 1, 1, 3];
    flat("runtime request/response over loopback", n, 2048, |_| {
        let r = s.get(&e, &ctx, &[&name]).unwrap();
        assert_eq!(r.varbinds[0].value, SmiValue::Int(3));
    });
    assert_eq!(agent.stop().responses, n);
    drop((e, ctx, s));
    assert_eq!(api::counts().total(), 0);
}

/// The full million: the engine alone is fast enough for every run.
#[test]
fn engine_a_million_session_cycles_flat() {
    let _g = lock();
    sim_session_cycles(1_000_000);
}

#[test]
fn engine_request_cycles_flat() {
    let _g = lock();
    sim_request_cycles(5_000);
}

#[test]
fn runtime_session_cycles_flat() {
    let _g = lock();
    api::set_limits(Limits::default());
    runtime_session_cycles(5_000);
}

#[test]
fn runtime_request_cycles_flat() {
    let _g = lock();
    api::set_limits(Limits::default());
    runtime_request_cycles(1_000);
}

#[test]
#[ignore = "100,000 cycles: run in release (see the module docs)"]
fn engine_hundred_thousand_request_cycles_flat() {
    let _g = lock();
    sim_request_cycles(100_000);
}

#[test]
#[ignore = "a million cycles: run in release (see the module docs)"]
fn runtime_a_million_session_cycles_flat() {
    let _g = lock();
    api::set_limits(Limits::default());
    runtime_session_cycles(1_000_000);
}

#[test]
#[ignore = "100,000 cycles over loopback: run in release (see the module docs)"]
fn runtime_hundred_thousand_request_cycles_flat() {
    let _g = lock();
    api::set_limits(Limits::default());
    runtime_request_cycles(100_000);
}
