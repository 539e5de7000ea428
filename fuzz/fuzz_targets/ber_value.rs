//! BER decoding must never panic: lenient `decode_prefix` (which decodes every value syntax
//! on the way), and the OID validators on the raw bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use winsnmp_wire::{Message, Oid, Quirks, RawOid};

fuzz_target!(|data: &[u8]| {
    if let Ok((msg, used)) = Message::decode_prefix(data, Quirks::LENIENT) {
        assert!(used <= data.len());
        for vb in msg.body.varbinds() {
            let _ = vb.value.encoded_len();
            let _ = vb.name.to_string();
        }
    }
    if let Ok(raw) = RawOid::from_ber(data) {
        assert_eq!(raw.arcs().count(), raw.len());
        assert_eq!(Oid::from_ber(data), Ok(raw.to_oid()));
    }
});
