//! The WinSNMP 2.0 model as a deterministic state machine.
//!
//! This crate contains no networking code and reads no clock: every input that depends on
//! time carries the `now` it happened at, and every output (datagrams to send, the next
//! deadline, events for sessions) is polled by the driver in the `winsnmp` crate. That keeps
//! retransmission, loss, duplicates and timeouts testable with a fake clock.
#![forbid(unsafe_code)]

pub use winsnmp_wire as wire;
