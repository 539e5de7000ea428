//! Test support for winsnmp: a deterministic simulated world for the sans-IO engine (fake
//! clock, in-memory network with loss, duplication and reordering, fake agents: [`sim`]),
//! the net-snmp peer harness ([`netsnmp`]), and for tests over real loopback sockets a
//! lossy UDP proxy ([`proxy`]) and an agent that misbehaves on purpose ([`quirks`]).
#![forbid(unsafe_code)]

pub mod netsnmp;
pub mod proxy;
pub mod quirks;
pub mod sim;

pub use winsnmp_engine as engine;
