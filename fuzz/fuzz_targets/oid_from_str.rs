//! Dotted-decimal parsing: arbitrary strings must not panic; whatever parses must display
//! and re-parse to the same OID, and agree with its arcs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use winsnmp_wire::Oid;

fuzz_target!(|s: &str| {
    if let Ok(oid) = s.parse::<Oid>() {
        let text = oid.to_string();
        assert_eq!(text.parse::<Oid>(), Ok(oid.clone()));
        let arcs = oid.to_vec();
        assert_eq!(arcs.len(), oid.len());
        assert_eq!(Oid::from_arcs(&arcs), Ok(oid.clone()));
        assert_eq!(Oid::from_ber(oid.as_ber()), Ok(oid));
    }
});
