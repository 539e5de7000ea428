//! Printing a walk allocates nothing per binding: names (cached, every `-O` style) and
//! values of the common syntaxes go straight into the reused output buffer. Counted with
//! dhat's allocator in testing mode.

use winsnmp_mib::{Formatter, Mib, NameCache, OidStyle, OutputOptions};
use winsnmp_wire::{Oid, Value};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

/// Heap blocks allocated so far (this test binary has one test: no other thread allocates).
fn allocs() -> u64 {
    dhat::HeapStats::get().total_blocks
}

/// Rows of a walk: a table the MIB knows (ifTable: index decoding, enumerations, hints),
/// and one below a node it does not (numbers).
fn rows() -> Vec<(Oid, Value<'static>)> {
    let mut out = Vec::new();
    for i in 1..=200u32 {
        let col = |c: u32| Oid::from_arcs(&[1, 3, 6, 1, 2, 1, 2, 2, 1, c, i]).unwrap();
        out.push((col(1), Value::Integer(i as i32)));
        out.push((col(2), Value::OctetString(b"eth0")));
        out.push((col(6), Value::OctetString(&[0, 0x1a, 0x2b, 3, 4, 5])));
        out.push((col(7), Value::Integer(1)));
        out.push((col(9), Value::TimeTicks(123_456)));
        out.push((col(10), Value::Counter32(i * 1000)));
    }
    for i in 1..=200u32 {
        let col =
            |c: u32| Oid::from_arcs(&[1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 1, 1, c, i]).unwrap();
        out.push((col(1), Value::Integer(-(i as i32))));
        out.push((col(2), Value::OctetString(b"row-1")));
        out.push((col(3), Value::Counter64(u64::from(i) << 33)));
        out.push((col(4), Value::Gauge32(i % 100)));
        out.push((col(5), Value::IpAddress([10, 0, 0, 1])));
    }
    out.push((
        Oid::from_arcs(&[1, 3, 6, 1, 2, 1, 1, 2, 0]).unwrap(),
        Value::Null,
    ));
    out
}

#[test]
fn printing_a_walk_allocates_nothing_per_binding() {
    let _profiler = dhat::Profiler::builder().testing().build();
    let mib = Mib::builtin();
    let rows = rows();
    let sys_object_id = Oid::from_arcs(&[1, 3, 6, 1, 4, 1, 8072, 3, 2, 10]).unwrap();
    for letters in [
        "n", "S", "s", "f", "X", "q", "Qv", "nq", "u", "b", "e", "t", "x",
    ] {
        let mut opts = OutputOptions::default();
        opts.apply(letters).unwrap();
        let f = Formatter::new(&mib, opts);
        let mut cache = NameCache::new();
        let mut out = Vec::new();
        // The first pass grows the buffers; the second must not allocate at all.
        for pass in 0..2 {
            out.clear();
            let before = allocs();
            for (name, value) in &rows {
                f.varbind_cached(name.as_raw(), value, &mut cache, &mut out);
                out.push(b'\n');
            }
            f.varbind_cached(
                rows[0].0.as_raw(),
                &Value::ObjectIdentifier(sys_object_id.as_raw()),
                &mut cache,
                &mut out,
            );
            let n = allocs() - before;
            if pass == 1 {
                assert_eq!(n, 0, "-O{letters}: {n} allocations for {} rows", rows.len());
            }
        }
        assert!(!out.is_empty());
        let text = String::from_utf8_lossy(&out);
        if opts.style == OidStyle::Module && !opts.quick && !opts.extended_index {
            assert!(text.contains("IF-MIB::ifDescr.7 = STRING: eth0"), "{text}");
        }
    }
}
