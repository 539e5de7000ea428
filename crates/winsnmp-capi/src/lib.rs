//! `libwsnmp32`: the WinSNMP 2.0 C ABI over the `winsnmp` crate.
//!
//! This is the only crate of the workspace allowed to contain `unsafe` code, and only at the
//! C boundary.
#![deny(unsafe_code)]

pub use winsnmp;
