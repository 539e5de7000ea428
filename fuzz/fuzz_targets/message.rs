//! Round-trip oracle for whole messages: decode (strictly and leniently); whatever decodes
//! must encode, to exactly `encoded_len()` bytes (forwards and, the same octets, backwards),
//! and decode again to an equal message; `peek_pdu` must read what the decoder reads;
//! `decode_each` must hand over the bindings `decode_with` collects (or fail alike).
#![no_main]

use libfuzzer_sys::fuzz_target;
use winsnmp_wire::{BackWriter, Body, Message, Quirks, peek_pdu};

fuzz_target!(|data: &[u8]| {
    for quirks in [Quirks::STRICT, Quirks::LENIENT] {
        let decoded = Message::decode_with(data, quirks);
        let mut handed = Vec::new();
        let each = Message::decode_each(data, quirks, |vb| handed.push(vb));
        match (&decoded, each) {
            (Ok(m), Ok(e)) => {
                assert!(e.body.varbinds().is_empty());
                assert_eq!(m.body.varbinds(), &handed[..]);
                assert_eq!((m.version, m.community), (e.version, e.community));
            }
            (Err(a), Err(b)) => assert_eq!(*a, b),
            (a, b) => panic!("decode_with {a:?} but decode_each {b:?}"),
        }
        let Ok(msg) = decoded else {
            continue;
        };
        let bytes = msg.to_vec().expect("a decoded message must encode");
        assert_eq!(msg.encoded_len(), Ok(bytes.len()));
        let mut w = BackWriter::new();
        msg.write_backward(&mut w)
            .expect("a decoded message must encode backwards");
        assert_eq!(w.as_slice(), &bytes[..]);
        // The header peek agrees with the whole decoding (it reads integers leniently).
        if let Body::Pdu(p) = &msg.body {
            assert_eq!(
                peek_pdu(data),
                Some((msg.version, p.pdu_type, p.request_id))
            );
        }
        let again = Message::decode_with(&bytes, quirks).expect("re-encoded message must decode");
        assert_eq!(again, msg);
        // Our own output is canonical: strict decoding accepts it unless the message carries
        // an out-of-range error-status, which encoding keeps as it is.
        if let Err(e) = Message::decode(&bytes) {
            assert_eq!(e.kind, winsnmp_wire::DecodeErrorKind::FieldOutOfRange);
        }
    }
});
