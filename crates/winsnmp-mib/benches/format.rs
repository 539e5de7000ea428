//! Formatting cost of a walk: 1,000 varbinds of ifTable printed numerically (`-On`, the
//! only form before MIB names) and symbolically (net-snmp's default), and the built-in
//! table's load time.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use winsnmp_mib::{Formatter, Mib, OidStyle, OutputOptions};
use winsnmp_wire::Value;

fn rows() -> Vec<(Vec<u32>, Value<'static>)> {
    let mut v = Vec::new();
    for col in 1..=10u32 {
        for row in 1..=100u32 {
            let name = vec![1, 3, 6, 1, 2, 1, 2, 2, 1, col, row];
            let value = match col {
                2 => Value::OctetString(b"eth0"),
                3 | 7 | 8 => Value::Integer(1),
                6 => Value::OctetString(&[0, 0x1c, 0x42, 0xaa, 0xbb, 0xcc]),
                9 => Value::TimeTicks(123_456),
                10 => Value::Counter32(987_654),
                _ => Value::Gauge32(1500),
            };
            v.push((name, value));
        }
    }
    v
}

fn bench(c: &mut Criterion) {
    let mib = Mib::builtin();
    let rows = rows();
    for (label, style) in [
        ("numeric -On", OidStyle::Numeric),
        ("symbolic default", OidStyle::Module),
    ] {
        let f = Formatter::new(
            &mib,
            OutputOptions {
                style,
                ..OutputOptions::default()
            },
        );
        c.bench_function(&format!("format 1000 varbinds, {label}"), |b| {
            let mut out = Vec::with_capacity(64 * 1024);
            b.iter(|| {
                out.clear();
                for (n, v) in &rows {
                    f.varbind(n, v, &mut out);
                    out.push(b'\n');
                }
                black_box(out.len())
            });
        });
    }
    c.bench_function("load the built-in table", |b| {
        b.iter(|| black_box(Mib::builtin()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
