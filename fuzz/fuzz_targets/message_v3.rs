//! Round-trip oracle for SNMPv3 messages: whatever decodes (header, USM security
//! parameters, plaintext scoped PDU or ciphertext) must encode to exactly
//! `encoded_len()` bytes and decode again to an equal message; the USM parameters and a
//! scoped PDU found inside must round-trip the same way.
#![no_main]

use libfuzzer_sys::fuzz_target;
use winsnmp_wire::{MessageV3, Quirks, ScopedPdu, ScopedPduData, UsmParams};

fuzz_target!(|data: &[u8]| {
    for quirks in [Quirks::STRICT, Quirks::LENIENT] {
        let Ok(msg) = MessageV3::decode_with(data, quirks) else {
            continue;
        };
        let bytes = msg.to_vec().expect("a decoded message must encode");
        assert_eq!(msg.encoded_len(), Ok(bytes.len()));
        let again = MessageV3::decode_with(&bytes, quirks).expect("re-encoded message must decode");
        assert_eq!(again, msg);
        if let Ok(p) = UsmParams::decode_with(msg.security_params, quirks) {
            let mut v = Vec::new();
            let at = p
                .encode_into(&mut v)
                .expect("decoded parameters must encode");
            assert_eq!(&v[at..at + p.auth_params.len()], p.auth_params);
            assert_eq!(UsmParams::decode_with(&v, quirks), Ok(p));
        }
        if let ScopedPduData::Plaintext(s) = &msg.data {
            let mut v = Vec::new();
            s.encode_into(&mut v)
                .expect("a decoded scoped PDU must encode");
            assert_eq!(ScopedPdu::decode_prefix(&v, quirks).as_ref(), Ok(s));
        }
    }
    // Decrypted plaintext is parsed with padding allowed: any prefix parse must not panic.
    let _ = ScopedPdu::decode_prefix(data, Quirks::STRICT);
});
