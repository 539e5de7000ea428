//! What the WinSNMP API does, over real loopback sockets, with agents that misbehave
//! ([`winsnmp_testkit::quirks`]), with a lossy network between manager and agent
//! ([`winsnmp_testkit::proxy`]), and at each of the runtime's limits. One binary; the tests
//! take `LOCK` because the runtime (and its `CommStats`) is shared by the process.

use std::sync::{Mutex, MutexGuard, PoisonError};

use winsnmp::api;
use winsnmp::engine::{CommStats, Limits};
use winsnmp::{Runtime, Session, TranslateMode};

#[path = "reliability/bounds.rs"]
mod bounds;
#[path = "reliability/lossy.rs"]
mod lossy;
#[path = "reliability/quirks.rs"]
mod quirks;

static LOCK: Mutex<()> = Mutex::new(());

/// The runtime to ourselves, SNMPv2c entities, default limits.
fn setup() -> (MutexGuard<'static, ()>, Runtime) {
    let g = LOCK.lock().unwrap_or_else(PoisonError::into_inner);
    api::set_limits(Limits::default());
    let rt = Runtime::new().unwrap();
    rt.set_translate_mode(TranslateMode::UntranslatedV2)
        .unwrap();
    rt.set_retransmit(true).unwrap();
    (g, rt)
}

/// A session and the entity `addr` with timeout `cs` hundredths and `retry` retries.
fn target(addr: std::net::SocketAddr, cs: u32, retry: u32) -> (Session, winsnmp::Entity) {
    let s = Session::blocking().unwrap();
    let e = s.entity(&addr.to_string()).unwrap();
    e.set_timeout(cs).unwrap();
    e.set_retry(retry).unwrap();
    (s, e)
}

/// `after - before`, field by field, for the counters the tests look at.
fn delta(before: CommStats, after: CommStats) -> CommStats {
    CommStats {
        datagrams: after.datagrams - before.datagrams,
        malformed: after.malformed - before.malformed,
        responses: after.responses - before.responses,
        duplicates: after.duplicates - before.duplicates,
        late: after.late - before.late,
        stray: after.stray - before.stray,
        foreign: after.foreign - before.foreign,
        queue_full: after.queue_full - before.queue_full,
        oversized_received: after.oversized_received - before.oversized_received,
        timeouts: after.timeouts - before.timeouts,
        cancelled: after.cancelled - before.cancelled,
        retransmissions: after.retransmissions - before.retransmissions,
        ..CommStats::default()
    }
}

fn oid(s: &str) -> Vec<u32> {
    s.split('.').map(|a| a.parse().unwrap()).collect()
}
