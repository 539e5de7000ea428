//! Helpers shared by the test modules.

use winsnmp_wire::{Message, Oid, Quirks, RawOid};

/// Parses hex digits, ignoring whitespace and `#` comments to the end of a line (so vectors
/// can be laid out one TLV a line).
pub(crate) fn hex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s
        .lines()
        .flat_map(|l| l.split('#').next().unwrap_or("").bytes())
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    assert!(digits.len().is_multiple_of(2), "odd number of hex digits");
    digits
        .chunks(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).unwrap(), 16).unwrap())
        .collect()
}

/// A `RawOid` with `'static` lifetime for building expected messages (leaks a little
/// memory per call, which is fine in a test).
pub(crate) fn oid(s: &str) -> RawOid<'static> {
    let o: &'static Oid = Box::leak(Box::new(s.parse::<Oid>().unwrap()));
    o.as_raw()
}

/// The vector check: `bytes` decodes (strictly and leniently) to `expected`, `expected`
/// encodes back to exactly `bytes`, and `encoded_len` agrees.
pub(crate) fn check(hex_bytes: &str, expected: &Message<'_>) {
    let bytes = hex(hex_bytes);
    let decoded = Message::decode(&bytes).unwrap_or_else(|e| panic!("decode failed: {e}"));
    assert_eq!(&decoded, expected, "decoded structure differs");
    let lenient = Message::decode_with(&bytes, Quirks::LENIENT).unwrap();
    assert_eq!(&lenient, expected, "lenient decode differs");
    let (prefix, used) = Message::decode_prefix(&bytes, Quirks::STRICT).unwrap();
    assert_eq!((&prefix, used), (expected, bytes.len()));
    assert_eq!(expected.encoded_len(), Ok(bytes.len()));
    let encoded = expected.to_vec().unwrap();
    assert_eq!(hex_string(&encoded), hex_string(&bytes), "encoding differs");
    // encode_into appends after existing content.
    let mut out = vec![0xee];
    assert_eq!(expected.encode_into(&mut out), Ok(bytes.len()));
    assert_eq!(&out[1..], &bytes[..]);
}

/// Lower-case hex, for readable assertion failures.
pub(crate) fn hex_string(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
