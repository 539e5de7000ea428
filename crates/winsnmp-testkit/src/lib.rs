//! Test support for winsnmp: the net-snmp peer harness today; the fake clock and in-memory
//! network for engine tests arrive with the communications layer.
#![forbid(unsafe_code)]

pub mod netsnmp;

pub use winsnmp_engine as engine;
