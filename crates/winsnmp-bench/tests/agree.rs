//! Every compared library decodes every benchmark message to the expected number of bindings,
//! and every encoder reproduces the bytes: the benchmarks never measure an error path.

#[path = "../benches/libs/mod.rs"]
mod libs;

#[test]
fn every_library_accepts_every_message() {
    for case in winsnmp_bench::cases() {
        libs::verify(case.name, &case.bytes, case.varbinds);
    }
}
