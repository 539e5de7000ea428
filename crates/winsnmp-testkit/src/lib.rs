//! Test support for winsnmp: fake clock, in-memory network and net-snmp peer harness.
#![forbid(unsafe_code)]

pub use winsnmp_engine as engine;
