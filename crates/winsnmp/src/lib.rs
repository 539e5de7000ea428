//! WinSNMP 2.0 for Rust: sessions, entities, contexts, PDUs and varbind lists.
#![forbid(unsafe_code)]

pub mod agent;

pub use winsnmp_engine as engine;
pub use winsnmp_wire as wire;
