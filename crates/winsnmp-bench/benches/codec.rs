//! Criterion comparison of SNMP codecs: winsnmp-wire, snmp-parser, rasn-snmp and async-snmp.
//!
//! Groups are `<operation>/<message>` with one function per library, so the ratios of one
//! run can be read off a single group:
//!
//! - `decode/<msg>`: bytes to the library's complete message structure (every library
//!   decodes eagerly, so the bindings are accessible); the result is dropped inside the
//!   timed loop, so freeing what decoding allocated is counted too.
//! - `encode/<msg>`: an already-built message to a fresh buffer (`Vec` or `Bytes`).
//! - `encode_reuse/<msg>`: an already-built message into a reused `Vec` (only the libraries
//!   with such an API).
//!
//! Before measuring, [`libs::verify`] checks that every library decodes each message to the
//! expected number of bindings and that every encoder reproduces the input bytes.

use std::hint::black_box;

use bytes::Bytes;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

mod libs;

fn bench(c: &mut Criterion) {
    let cases = winsnmp_bench::cases();
    for case in &cases {
        libs::verify(case.name, &case.bytes, case.varbinds);
    }

    for case in &cases {
        let bytes: &[u8] = &case.bytes;
        let shared = Bytes::from(case.bytes.clone());
        let mut g = c.benchmark_group(format!("decode/{}", case.name));
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function("winsnmp-wire", |b| {
            b.iter(|| libs::ours::decode(black_box(bytes)));
        });
        g.bench_function("snmp-parser", |b| {
            b.iter(|| libs::snmp_parser::decode(black_box(bytes)));
        });
        g.bench_function("rasn-snmp", |b| {
            b.iter(|| libs::rasn::decode(black_box(bytes)));
        });
        g.bench_function("async-snmp", |b| {
            // A reference-count increment: the input a receive path hands it.
            b.iter(|| libs::async_snmp::decode(black_box(&shared).clone()));
        });
        g.finish();
    }

    for case in &cases {
        let bytes: &[u8] = &case.bytes;
        let ours = libs::ours::decode(bytes);
        let rasn = libs::rasn::decode(bytes);
        let asnmp = libs::async_snmp::decode(Bytes::copy_from_slice(bytes));

        let mut g = c.benchmark_group(format!("encode/{}", case.name));
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function("winsnmp-wire", |b| {
            b.iter(|| libs::ours::encode(black_box(&ours)));
        });
        g.bench_function("rasn-snmp", |b| {
            b.iter(|| libs::rasn::encode(black_box(&rasn)));
        });
        g.bench_function("async-snmp", |b| {
            b.iter(|| libs::async_snmp::encode(black_box(&asnmp)));
        });
        g.finish();

        let mut g = c.benchmark_group(format!("encode_reuse/{}", case.name));
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        let mut buf = Vec::with_capacity(2 * bytes.len());
        g.bench_function("winsnmp-wire", |b| {
            b.iter(|| {
                libs::ours::encode_reuse(black_box(&ours), &mut buf);
                black_box(buf.len())
            });
        });
        g.bench_function("rasn-snmp", |b| {
            b.iter(|| {
                libs::rasn::encode_reuse(black_box(&rasn), &mut buf);
                black_box(buf.len())
            });
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
