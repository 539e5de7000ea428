//! `wsnmp`: the winsnmp command-line tool.
#![forbid(unsafe_code)]

fn main() {}
