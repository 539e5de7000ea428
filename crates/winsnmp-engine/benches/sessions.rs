//! Session create/close cycles: time per cycle, and resident memory before and after.
//!
//! Memory is read from `/proc/self/statm` (resident pages × 4 KiB) where it exists.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use winsnmp_engine::{Engine, Limits, SmiValue, StartupKind, consts::*};

fn rss_kib() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = text.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4)
}

fn cycle(e: &mut Engine<()>, with_objects: bool) {
    let s = e.create_session(0, 0, Some(())).unwrap();
    if with_objects {
        let ent = e.str_to_entity(s, "192.0.2.1").unwrap();
        let ctx = e.str_to_context(s, b"public").unwrap();
        let oid = [1, 3, 6, 1, 2, 1, 1, 1, 0];
        let vbl = e
            .create_vbl(s, Some(&oid), Some(&SmiValue::Int(1)))
            .unwrap();
        let pdu = e.create_pdu(s, SNMP_PDU_GET, 0, 0, 0, Some(vbl)).unwrap();
        black_box((ent, ctx, pdu));
    }
    e.close(s).unwrap();
}

fn sessions(c: &mut Criterion) {
    let mut e: Engine<()> = Engine::new(Limits::default());
    e.startup(StartupKind::Startup).unwrap();
    // Memory: warm the tables up, then check that a million more cycles add nothing.
    for _ in 0..10_000 {
        cycle(&mut e, true);
    }
    let before = rss_kib();
    for _ in 0..1_000_000 {
        cycle(&mut e, true);
    }
    let after = rss_kib();
    assert_eq!(e.counts().total(), 0);
    if let (Some(b), Some(a)) = (before, after) {
        println!(
            "memory: RSS {b} KiB before, {a} KiB after 1,000,000 session cycles with 4 \
             objects each (+{} KiB); handle slots allocated: {}",
            a.saturating_sub(b),
            e.table_capacity()
        );
    }
    c.bench_function("session create+close", |b| b.iter(|| cycle(&mut e, false)));
    c.bench_function("session create+4 objects+close", |b| {
        b.iter(|| cycle(&mut e, true))
    });
    assert_eq!(e.counts().total(), 0);
}

criterion_group!(benches, sessions);
criterion_main!(benches);
