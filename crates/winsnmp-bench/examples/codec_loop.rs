//! A plain loop over one codec operation, for instruction counts under
//! `valgrind --tool=callgrind` (noise-free, unlike wall-clock benchmarks).
//!
//! ```text
//! codec_loop <library> <decode|encode> <message> [iterations]
//! library: winsnmp-wire | snmp-parser | rasn-snmp | async-snmp
//! message: get_request_1 | response_10_mixed | bulk_response_50
//! ```

use std::hint::black_box;

use bytes::Bytes;

#[path = "../benches/libs/mod.rs"]
mod libs;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, lib, op, msg, rest @ ..] = args.as_slice() else {
        eprintln!("usage: codec_loop <library> <decode|encode> <message> [iterations]");
        std::process::exit(2);
    };
    let iterations: usize = rest
        .first()
        .map_or(100_000, |s| s.parse().expect("a count"));
    let case = winsnmp_bench::cases()
        .into_iter()
        .find(|c| c.name == msg)
        .expect("a known message name");
    libs::verify(case.name, &case.bytes, case.varbinds);
    let bytes: &[u8] = &case.bytes;
    let shared = Bytes::from(case.bytes.clone());
    match (lib.as_str(), op.as_str()) {
        ("winsnmp-wire", "decode") => run(iterations, || libs::ours::decode(black_box(bytes))),
        ("snmp-parser", "decode") => {
            run(iterations, || libs::snmp_parser::decode(black_box(bytes)));
        }
        ("rasn-snmp", "decode") => run(iterations, || libs::rasn::decode(black_box(bytes))),
        ("async-snmp", "decode") => run(iterations, || {
            libs::async_snmp::decode(black_box(&shared).clone())
        }),
        ("winsnmp-wire", "encode") => {
            let m = libs::ours::decode(bytes);
            run(iterations, || libs::ours::encode(black_box(&m)));
        }
        ("rasn-snmp", "encode") => {
            let m = libs::rasn::decode(bytes);
            run(iterations, || libs::rasn::encode(black_box(&m)));
        }
        ("async-snmp", "encode") => {
            let m = libs::async_snmp::decode(shared.clone());
            run(iterations, || libs::async_snmp::encode(black_box(&m)));
        }
        _ => {
            eprintln!("unknown library/operation pair: {lib} {op}");
            std::process::exit(2);
        }
    }
}

#[inline(never)]
fn run<T>(iterations: usize, mut f: impl FnMut() -> T) {
    for _ in 0..iterations {
        black_box(f());
    }
}
