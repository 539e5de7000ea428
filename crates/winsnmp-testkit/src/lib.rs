//! Test support for winsnmp: a deterministic simulated world for the sans-IO engine (fake
//! clock, in-memory network with loss, duplication and reordering, fake agents: [`sim`])
//! and the net-snmp peer harness ([`netsnmp`]).
#![forbid(unsafe_code)]

pub mod netsnmp;
pub mod sim;

pub use winsnmp_engine as engine;
