//! Malformed inputs: each must fail with a given [`DecodeErrorKind`] at a given offset, and
//! each [`Quirks`] flag must admit exactly its own deviation.

use winsnmp_wire::{Body, DecodeError, DecodeErrorKind as K, Message, Quirks, Value, Version};

use crate::util::hex;

/// A TLV with a minimal definite length (test-side builder, independent of the codec).
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// `30 LL 02 01 VV 04 01 61 <pdu>`: version `v`, community "a". The PDU starts at offset 8
/// when the message is shorter than 128 octets.
fn message(version: u8, pdu: &[u8]) -> Vec<u8> {
    tlv(0x30, &cat(&[&[0x02, 0x01, version, 0x04, 0x01, b'a'], pdu]))
}

/// A Get-style PDU (`tag`) with request-id 1, the given error-status/index TLVs and one
/// varbind `1.3.6 = value` whose value TLV (raw bytes) starts at offset 27 and whose name
/// starts at 23, when short.
fn with_fields(version: u8, tag: u8, es: &[u8], ei: &[u8], value: &[u8]) -> Vec<u8> {
    let vb = tlv(0x30, &cat(&[&[0x06, 0x02, 0x2b, 0x06], value]));
    let list = tlv(0x30, &vb);
    message(
        version,
        &tlv(tag, &cat(&[&[0x02, 0x01, 0x01], es, ei, &list])),
    )
}

fn with_value(version: u8, value: &[u8]) -> Vec<u8> {
    with_fields(version, 0xa0, &[2, 1, 0], &[2, 1, 0], value)
}

/// A v1 Trap with the given generic-trap, agent-addr and time-stamp TLVs. Offsets: PDU 8,
/// enterprise 10, agent-addr 14, generic-trap 20 (with a 4-octet address), time-stamp 26.
fn trap(version: u8, agent: &[u8], generic: &[u8], ts: &[u8], vbs: &[u8]) -> Vec<u8> {
    let pdu = tlv(
        0xa4,
        &cat(&[
            &[0x06, 0x02, 0x2b, 0x06],
            agent,
            generic,
            &[2, 1, 0],
            ts,
            &tlv(0x30, vbs),
        ]),
    );
    message(version, &pdu)
}

const AGENT: &[u8] = &[0x40, 0x04, 127, 0, 0, 1];

/// The base message the hex rows mutate: v2c Get, request-id 1, `1.3.6 = NULL`.
/// Offsets: 0 message, 2 version, 5 community, 8 PDU, 10 request-id, 13 error-status,
/// 16 error-index, 19 list, 21 varbind, 23 name, 27 value; 29 octets in all.
const BASE: &str = "301b 020101 040161 a013 020101 020100 020100 3008 3006 06022b06 0500";

fn err(kind: K, offset: usize) -> DecodeError {
    DecodeError { kind, offset }
}

fn case(name: &str, bytes: &[u8], expected: DecodeError) {
    let got = Message::decode(bytes);
    assert_eq!(got.as_ref().err(), Some(&expected), "{name}: {got:?}");
    // The error's Display names the offset.
    let text = expected.to_string();
    assert!(
        text.ends_with(&format!("at byte {}", expected.offset)),
        "{text}"
    );
}

#[test]
fn base_message_is_valid() {
    let base = hex(BASE);
    let m = Message::decode(&base).unwrap();
    assert_eq!(m.version, Version::V2c);
    assert_eq!(m.to_vec().unwrap(), base);
}

#[test]
fn framing_errors() {
    let rows: &[(&str, &str, K, usize)] = &[
        ("empty input", "", K::Truncated, 0),
        ("tag only", "30", K::Truncated, 0),
        ("long length cut short", "30 82 00", K::Truncated, 0),
        (
            "wrong outer tag",
            "311b 020101 040161 a013 020101 020100 020100 3008 3006 06022b06 0500",
            K::UnexpectedTag {
                expected: 0x30,
                found: 0x31,
            },
            0,
        ),
        (
            "multi-byte outer tag",
            "3f1b 020101 040161 a013 020101 020100 020100 3008 3006 06022b06 0500",
            K::MultiByteTag,
            0,
        ),
        (
            "multi-byte tag for the community",
            "301b 020101 1f0161 a013 020101 020100 020100 3008 3006 06022b06 0500",
            K::MultiByteTag,
            5,
        ),
        (
            "indefinite length",
            "3080 020101 040161 a013 020101 020100 020100 3008 3006 06022b06 0500 0000",
            K::IndefiniteLength,
            0,
        ),
        (
            "indefinite length of the PDU",
            "301b 020101 040161 a080 020101 020100 020100 3008 3006 06022b06 0500",
            K::IndefiniteLength,
            8,
        ),
        (
            "length of length 5",
            "3085000000001b 020101 040161 a013 020101 020100 020100 3008 3006 06022b06 0500",
            K::OversizedLength,
            0,
        ),
        (
            "length past the buffer",
            "301c 020101 040161 a013 020101 020100 020100 3008 3006 06022b06 0500",
            K::LengthPastEnd {
                length: 28,
                available: 27,
            },
            0,
        ),
        (
            "inner length past its container",
            "301b 020101 040161 a014 020101 020100 020100 3008 3006 06022b06 0500",
            K::LengthPastEnd {
                length: 20,
                available: 19,
            },
            8,
        ),
        (
            "trailing byte after the message",
            "301b 020101 040161 a013 020101 020100 020100 3008 3006 06022b06 0500 00",
            K::TrailingBytes { count: 1 },
            29,
        ),
        (
            "trailing bytes inside a varbind",
            "301d 020101 040161 a015 020101 020100 020100 300a 3008 06022b06 0500 0500",
            K::TrailingBytes { count: 2 },
            29,
        ),
        (
            "trailing bytes inside the PDU",
            "301d 020101 040161 a015 020101 020100 020100 3008 3006 06022b06 0500 0500",
            K::TrailingBytes { count: 2 },
            29,
        ),
        (
            "trailing bytes inside the message, after the PDU",
            "301d 020101 040161 a013 020101 020100 020100 3008 3006 06022b06 0500 0500",
            K::TrailingBytes { count: 2 },
            29,
        ),
        (
            "varbind without a value",
            "3019 020101 040161 a011 020101 020100 020100 3006 3004 06022b06",
            K::Truncated,
            27,
        ),
        (
            "missing varbind list",
            "3011 020101 040161 a009 020101 020100 020100",
            K::Truncated,
            19,
        ),
    ];
    for (name, h, kind, offset) in rows {
        case(name, &hex(h), err(*kind, *offset));
    }
}

#[test]
fn header_and_pdu_errors() {
    let rows: &[(&str, Vec<u8>, K, usize)] = &[
        (
            "version 2",
            with_value(2, &[5, 0]),
            K::UnsupportedVersion(2),
            2,
        ),
        (
            "version 3",
            with_value(3, &[5, 0]),
            K::UnsupportedVersion(3),
            2,
        ),
        (
            "version -1",
            with_value(0xff, &[5, 0]),
            K::UnsupportedVersion(-1),
            2,
        ),
        (
            "version as an octet string",
            hex("301b 040101 040161 a013 020101 020100 020100 3008 3006 06022b06 0500"),
            K::UnexpectedTag {
                expected: 0x02,
                found: 0x04,
            },
            2,
        ),
        (
            "community as an integer",
            hex("301b 020101 020161 a013 020101 020100 020100 3008 3006 06022b06 0500"),
            K::UnexpectedTag {
                expected: 0x04,
                found: 0x02,
            },
            5,
        ),
        (
            "request-id as an octet string",
            hex("301b 020101 040161 a013 040101 020100 020100 3008 3006 06022b06 0500"),
            K::UnexpectedTag {
                expected: 0x02,
                found: 0x04,
            },
            10,
        ),
        (
            "varbind name as an octet string",
            hex("301b 020101 040161 a013 020101 020100 020100 3008 3006 04022b06 0500"),
            K::UnexpectedTag {
                expected: 0x06,
                found: 0x04,
            },
            23,
        ),
        (
            "varbind list as a set",
            hex("301b 020101 040161 a013 020101 020100 020100 3108 3006 06022b06 0500"),
            K::UnexpectedTag {
                expected: 0x30,
                found: 0x31,
            },
            19,
        ),
        (
            "empty varbind name",
            hex("3019 020101 040161 a011 020101 020100 020100 3006 3004 0600 0500"),
            K::EmptyOid,
            23,
        ),
        (
            "unknown PDU tag 0xa9",
            with_fields(1, 0xa9, &[2, 1, 0], &[2, 1, 0], &[5, 0]),
            K::UnknownPduType(0xa9),
            8,
        ),
        (
            "universal tag where the PDU goes",
            with_fields(1, 0x30, &[2, 1, 0], &[2, 1, 0], &[5, 0]),
            K::UnknownPduType(0x30),
            8,
        ),
        (
            "GetBulk in v1",
            with_fields(0, 0xa5, &[2, 1, 0], &[2, 1, 0], &[5, 0]),
            K::PduNotInVersion(0xa5),
            8,
        ),
        (
            "Inform in v1",
            with_fields(0, 0xa6, &[2, 1, 0], &[2, 1, 0], &[5, 0]),
            K::PduNotInVersion(0xa6),
            8,
        ),
        (
            "SNMPv2-Trap in v1",
            with_fields(0, 0xa7, &[2, 1, 0], &[2, 1, 0], &[5, 0]),
            K::PduNotInVersion(0xa7),
            8,
        ),
        (
            "Report in v1",
            with_fields(0, 0xa8, &[2, 1, 0], &[2, 1, 0], &[5, 0]),
            K::PduNotInVersion(0xa8),
            8,
        ),
        (
            "v1 Trap in v2c",
            trap(1, AGENT, &[2, 1, 0], &[0x43, 1, 0], &[]),
            K::PduNotInVersion(0xa4),
            8,
        ),
        (
            "error-status 19 in v2c",
            with_fields(1, 0xa2, &[2, 1, 19], &[2, 1, 0], &[5, 0]),
            K::FieldOutOfRange,
            13,
        ),
        (
            "error-status 6 in v1",
            with_fields(0, 0xa2, &[2, 1, 6], &[2, 1, 0], &[5, 0]),
            K::FieldOutOfRange,
            13,
        ),
        (
            "negative error-status",
            with_fields(1, 0xa2, &[2, 1, 0xff], &[2, 1, 0], &[5, 0]),
            K::FieldOutOfRange,
            13,
        ),
        (
            "negative error-index",
            with_fields(1, 0xa2, &[2, 1, 0], &[2, 1, 0xff], &[5, 0]),
            K::FieldOutOfRange,
            16,
        ),
        (
            "negative non-repeaters",
            with_fields(1, 0xa5, &[2, 1, 0xff], &[2, 1, 10], &[5, 0]),
            K::FieldOutOfRange,
            13,
        ),
        (
            "negative max-repetitions",
            with_fields(1, 0xa5, &[2, 1, 0], &[2, 4, 0x80, 0, 0, 0], &[5, 0]),
            K::FieldOutOfRange,
            16,
        ),
        (
            "non-minimal request-id",
            hex("301c 020101 040161 a014 02020001 020100 020100 3008 3006 06022b06 0500"),
            K::NonMinimalInteger,
            10,
        ),
        (
            "empty request-id",
            hex("301a 020101 040161 a012 0200 020100 020100 3008 3006 06022b06 0500"),
            K::EmptyInteger,
            10,
        ),
        (
            "5-octet request-id",
            hex("301f 020101 040161 a017 02050080000000 020100 020100 3008 3006 06022b06 0500"),
            K::IntegerOutOfRange,
            10,
        ),
    ];
    for (name, bytes, kind, offset) in rows {
        case(name, bytes, err(*kind, *offset));
    }
    // GetBulk's large non-repeaters/max-repetitions are fine (no upper bound on the wire).
    let ok = with_fields(
        1,
        0xa5,
        &[2, 1, 19],
        &[2, 4, 0x7f, 0xff, 0xff, 0xff],
        &[5, 0],
    );
    let m = Message::decode(&ok).unwrap();
    let Body::Pdu(p) = &m.body else {
        panic!("not a PDU")
    };
    assert_eq!((p.non_repeaters(), p.max_repetitions()), (19, i32::MAX));
}

#[test]
fn value_errors() {
    let mut too_long_oid = vec![0x2b];
    too_long_oid.extend([0x01; 127]); // 1.3 + 127 arcs = 129 arcs
    let too_long_oid = tlv(0x06, &too_long_oid);
    let counter64_10 = [0x46, 0x0a, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    let rows: &[(&str, u8, &[u8], K)] = &[
        (
            "5-octet Integer32",
            1,
            &[0x02, 0x05, 0x00, 0x80, 0, 0, 0],
            K::IntegerOutOfRange,
        ),
        (
            "5-octet negative Integer32",
            1,
            &[0x02, 0x05, 0xff, 0x7f, 0xff, 0xff, 0xff],
            K::IntegerOutOfRange,
        ),
        (
            "9-octet Integer32",
            1,
            &[0x02, 0x09, 0x01, 0, 0, 0, 0, 0, 0, 0, 0],
            K::IntegerOutOfRange,
        ),
        (
            "non-minimal Integer 00 7f",
            1,
            &[0x02, 0x02, 0x00, 0x7f],
            K::NonMinimalInteger,
        ),
        (
            "non-minimal Integer ff 80",
            1,
            &[0x02, 0x02, 0xff, 0x80],
            K::NonMinimalInteger,
        ),
        ("empty Integer", 1, &[0x02, 0x00], K::EmptyInteger),
        (
            "negative Counter32",
            1,
            &[0x41, 0x01, 0xff],
            K::IntegerOutOfRange,
        ),
        (
            "negative Gauge32",
            1,
            &[0x42, 0x04, 0x80, 0, 0, 0],
            K::IntegerOutOfRange,
        ),
        (
            "negative TimeTicks",
            1,
            &[0x43, 0x01, 0x80],
            K::IntegerOutOfRange,
        ),
        (
            "Counter32 of 2^32",
            1,
            &[0x41, 0x05, 0x01, 0, 0, 0, 0],
            K::IntegerOutOfRange,
        ),
        (
            "non-minimal Counter32",
            1,
            &[0x41, 0x02, 0x00, 0x01],
            K::NonMinimalInteger,
        ),
        ("empty Gauge32", 1, &[0x42, 0x00], K::EmptyInteger),
        (
            "Counter64 with 10 octets",
            1,
            &counter64_10,
            K::IntegerOutOfRange,
        ),
        (
            "negative Counter64",
            1,
            &[0x46, 0x01, 0x80],
            K::IntegerOutOfRange,
        ),
        ("empty OID value", 1, &[0x06, 0x00], K::EmptyOid),
        ("OID with 129 arcs", 1, &too_long_oid, K::OidTooLong),
        (
            "sub-identifier 2^32",
            1,
            &[0x06, 0x06, 0x2b, 0x90, 0x80, 0x80, 0x80, 0x00],
            K::SubidOverflow,
        ),
        (
            "first sub-identifier 2^32",
            1,
            &[0x06, 0x05, 0x90, 0x80, 0x80, 0x80, 0x00],
            K::SubidOverflow,
        ),
        (
            "sub-identifier starting 0x80",
            1,
            &[0x06, 0x03, 0x2b, 0x80, 0x01],
            K::NonMinimalSubid,
        ),
        (
            "unterminated sub-identifier",
            1,
            &[0x06, 0x02, 0x2b, 0x86],
            K::UnterminatedSubid,
        ),
        ("NULL with content", 1, &[0x05, 0x01, 0x00], K::NonEmptyNull),
        (
            "noSuchObject with content",
            1,
            &[0x80, 0x01, 0x00],
            K::NonEmptyNull,
        ),
        (
            "endOfMibView with content",
            1,
            &[0x82, 0x01, 0x00],
            K::NonEmptyNull,
        ),
        (
            "IpAddress of 3 octets",
            1,
            &[0x40, 0x03, 10, 0, 1],
            K::BadIpAddress(3),
        ),
        (
            "IpAddress of 5 octets",
            1,
            &[0x40, 0x05, 10, 0, 0, 1, 0],
            K::BadIpAddress(5),
        ),
        (
            "unknown application tag 0x47",
            1,
            &[0x47, 0x00],
            K::UnknownValueTag(0x47),
        ),
        (
            "SEQUENCE as a value",
            1,
            &[0x30, 0x00],
            K::UnknownValueTag(0x30),
        ),
        (
            "context tag 0x83 as a value",
            1,
            &[0x83, 0x00],
            K::UnknownValueTag(0x83),
        ),
        (
            "multi-byte value tag",
            1,
            &[0x5f, 0x01, 0x00],
            K::MultiByteTag,
        ),
        (
            "Counter64 in v1",
            0,
            &[0x46, 0x01, 0x01],
            K::SyntaxNotInVersion(0x46),
        ),
        (
            "noSuchObject in v1",
            0,
            &[0x80, 0x00],
            K::SyntaxNotInVersion(0x80),
        ),
        (
            "noSuchInstance in v1",
            0,
            &[0x81, 0x00],
            K::SyntaxNotInVersion(0x81),
        ),
        (
            "endOfMibView in v1",
            0,
            &[0x82, 0x00],
            K::SyntaxNotInVersion(0x82),
        ),
        (
            "NsapAddress in v2c",
            1,
            &[0x45, 0x01, 0x47],
            K::SyntaxNotInVersion(0x45),
        ),
    ];
    for (name, version, value, kind) in rows {
        let bytes = with_value(*version, value);
        // Offset 27 in short messages; the 129-arc OID makes every length long-form:
        // 30 81 LL, a0 81 LL, 30 81 LL, 30 81 LL push the value to 27 + 4.
        let offset = if bytes.len() < 128 { 27 } else { 31 };
        case(name, &bytes, err(*kind, offset));
    }
}

#[test]
fn v1_trap_errors() {
    let good = trap(0, AGENT, &[2, 1, 6], &[0x43, 1, 0], &[]);
    assert!(Message::decode(&good).is_ok());
    let rows: &[(&str, Vec<u8>, K, usize)] = &[
        (
            "generic-trap 7",
            trap(0, AGENT, &[2, 1, 7], &[0x43, 1, 0], &[]),
            K::BadGenericTrap(7),
            20,
        ),
        (
            "generic-trap -1",
            trap(0, AGENT, &[2, 1, 0xff], &[0x43, 1, 0], &[]),
            K::BadGenericTrap(-1),
            20,
        ),
        (
            "agent-addr of 3 octets",
            trap(0, &[0x40, 0x03, 127, 0, 1], &[2, 1, 0], &[0x43, 1, 0], &[]),
            K::BadIpAddress(3),
            14,
        ),
        (
            "agent-addr as an octet string",
            trap(
                0,
                &[0x04, 0x04, 127, 0, 0, 1],
                &[2, 1, 0],
                &[0x43, 1, 0],
                &[],
            ),
            K::UnexpectedTag {
                expected: 0x40,
                found: 0x04,
            },
            14,
        ),
        (
            "negative time-stamp",
            trap(0, AGENT, &[2, 1, 0], &[0x43, 1, 0x80], &[]),
            K::IntegerOutOfRange,
            26,
        ),
        (
            "time-stamp as an INTEGER",
            trap(0, AGENT, &[2, 1, 0], &[0x02, 1, 0], &[]),
            K::UnexpectedTag {
                expected: 0x43,
                found: 0x02,
            },
            26,
        ),
        (
            "Counter64 binding in a v1 Trap",
            trap(
                0,
                AGENT,
                &[2, 1, 0],
                &[0x43, 1, 0],
                &[0x30, 0x07, 0x06, 0x02, 0x2b, 0x06, 0x46, 0x01, 0x01],
            ),
            K::SyntaxNotInVersion(0x46),
            37,
        ),
    ];
    for (name, bytes, kind, offset) in rows {
        case(name, bytes, err(*kind, *offset));
    }
    let mut empty_enterprise =
        hex("301b 020100 040161 a413 0600 4004 7f000001 020100 020100 430100 3000");
    case("empty enterprise", &empty_enterprise, err(K::EmptyOid, 10));
    empty_enterprise[10] = 0x04;
    case(
        "enterprise as an octet string",
        &empty_enterprise,
        err(
            K::UnexpectedTag {
                expected: 0x06,
                found: 0x04,
            },
            10,
        ),
    );
}

fn only(f: impl FnOnce(&mut Quirks)) -> Quirks {
    let mut q = Quirks::STRICT;
    f(&mut q);
    q
}

/// `bytes` fails strictly with `kind`, decodes with `flag` alone and with
/// [`Quirks::LENIENT`], fails with every other single flag, and the decode re-encodes to
/// a canonical message that decodes to the same thing (strictly, unless the deviation is an
/// out-of-range error-status, which encoding keeps).
fn quirk(name: &str, bytes: Vec<u8>, kind: K, flag: Quirks) -> Message<'static> {
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    assert_eq!(
        Message::decode(bytes).map_err(|e| e.kind).err(),
        Some(kind),
        "{name}"
    );
    assert_eq!(Quirks::default(), Quirks::STRICT);
    let m = Message::decode_with(bytes, flag).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(
        Message::decode_with(bytes, Quirks::LENIENT).as_ref(),
        Ok(&m),
        "{name}"
    );
    let all = [
        only(|q| q.trailing_bytes = true),
        only(|q| q.non_minimal_integers = true),
        only(|q| q.unsigned_without_pad = true),
        only(|q| q.any_error_status = true),
    ];
    for other in all.into_iter().filter(|q| *q != flag) {
        assert!(
            Message::decode_with(bytes, other).is_err(),
            "{name}: {other:?} accepted it"
        );
    }
    let canonical = m.to_vec().unwrap();
    assert_eq!(
        Message::decode_with(&canonical, flag).as_ref(),
        Ok(&m),
        "{name}"
    );
    if !flag.any_error_status {
        // Encoding writes the canonical form, which strict decoding accepts.
        assert_eq!(Message::decode(&canonical).as_ref(), Ok(&m), "{name}");
    }
    m
}

fn first_value<'a>(m: &Message<'a>) -> Value<'a> {
    m.body.varbinds()[0].value
}

#[test]
fn quirk_trailing_bytes() {
    let mut bytes = hex(BASE);
    bytes.extend([0x00, 0x00, 0x00]);
    let m = quirk(
        "trailing",
        bytes.clone(),
        K::TrailingBytes { count: 3 },
        only(|q| q.trailing_bytes = true),
    );
    assert_eq!(m.to_vec().unwrap(), hex(BASE));
    // decode_prefix reports how much it used, whatever the quirks.
    assert_eq!(
        Message::decode_prefix(&bytes, Quirks::STRICT).unwrap().1,
        29
    );
    // The quirk is about bytes after the message only, not inside it.
    let inner = hex("301d 020101 040161 a015 020101 020100 020100 300a 3008 06022b06 0500 0500");
    assert!(Message::decode_with(&inner, Quirks::LENIENT).is_err());
}

#[test]
fn quirk_non_minimal_integers() {
    let q = only(|q| q.non_minimal_integers = true);
    let m = quirk(
        "Integer 00 7f",
        with_value(1, &[2, 2, 0x00, 0x7f]),
        K::NonMinimalInteger,
        q,
    );
    assert_eq!(first_value(&m), Value::Integer(127));
    let m = quirk(
        "Integer ff ff 80",
        with_value(1, &[2, 3, 0xff, 0xff, 0x80]),
        K::NonMinimalInteger,
        q,
    );
    assert_eq!(first_value(&m), Value::Integer(-128));
    // Padding beyond 4 octets is stripped before the range check.
    let m = quirk(
        "Integer 00 00 00 00 00 01",
        with_value(1, &[2, 6, 0, 0, 0, 0, 0, 1]),
        K::NonMinimalInteger,
        q,
    );
    assert_eq!(first_value(&m), Value::Integer(1));
    let m = quirk(
        "Counter32 00 00 80",
        with_value(1, &[0x41, 3, 0x00, 0x00, 0x80]),
        K::NonMinimalInteger,
        q,
    );
    assert_eq!(first_value(&m), Value::Counter32(0x80));
    let m = quirk(
        "Counter64 with 10 octets of which one is padding",
        with_value(
            1,
            &[
                0x46, 10, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            ],
        ),
        K::NonMinimalInteger,
        q,
    );
    assert_eq!(first_value(&m), Value::Counter64(u64::MAX));
    let m = quirk(
        "request-id 00 01",
        hex("301c 020101 040161 a014 02020001 020100 020100 3008 3006 06022b06 0500"),
        K::NonMinimalInteger,
        q,
    );
    let Body::Pdu(p) = &m.body else { panic!() };
    assert_eq!(p.request_id, 1);
    let m = quirk(
        "version 00 01",
        hex("301c 02020001 040161 a013 020101 020100 020100 3008 3006 06022b06 0500"),
        K::NonMinimalInteger,
        q,
    );
    assert_eq!(m.version, Version::V2c);
    // Still out of range once the padding is gone.
    let five = with_value(1, &[2, 5, 0x00, 0x80, 0, 0, 0]);
    assert_eq!(
        Message::decode_with(&five, Quirks::LENIENT)
            .unwrap_err()
            .kind,
        K::IntegerOutOfRange
    );
}

#[test]
fn quirk_unsigned_without_pad() {
    let q = only(|q| q.unsigned_without_pad = true);
    let m = quirk(
        "Counter32 ff",
        with_value(1, &[0x41, 1, 0xff]),
        K::IntegerOutOfRange,
        q,
    );
    assert_eq!(first_value(&m), Value::Counter32(255));
    let m = quirk(
        "Gauge32 ffffffff",
        with_value(1, &[0x42, 4, 0xff, 0xff, 0xff, 0xff]),
        K::IntegerOutOfRange,
        q,
    );
    assert_eq!(first_value(&m), Value::Gauge32(u32::MAX));
    let m = quirk(
        "TimeTicks 80 00",
        with_value(1, &[0x43, 2, 0x80, 0x00]),
        K::IntegerOutOfRange,
        q,
    );
    assert_eq!(first_value(&m), Value::TimeTicks(0x8000));
    let m = quirk(
        "Counter64 8 x ff",
        with_value(
            1,
            &[0x46, 8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
        ),
        K::IntegerOutOfRange,
        q,
    );
    assert_eq!(first_value(&m), Value::Counter64(u64::MAX));
    let m = quirk(
        "v1 Trap time-stamp 80",
        trap(0, AGENT, &[2, 1, 0], &[0x43, 1, 0x80], &[]),
        K::IntegerOutOfRange,
        q,
    );
    let Body::TrapV1(t) = &m.body else { panic!() };
    assert_eq!(t.time_stamp, 0x80);
    // Five unpadded octets are still more than 32 bits; Integer32 is signed and unaffected.
    let five = with_value(1, &[0x41, 5, 0xff, 0, 0, 0, 0]);
    assert_eq!(
        Message::decode_with(&five, Quirks::LENIENT)
            .unwrap_err()
            .kind,
        K::IntegerOutOfRange
    );
    let minus_one = with_value(1, &[0x02, 1, 0xff]);
    let m = Message::decode_with(&minus_one, Quirks::STRICT).unwrap();
    assert_eq!(first_value(&m), Value::Integer(-1));
}

#[test]
fn quirk_any_error_status() {
    let q = only(|q| q.any_error_status = true);
    let m = quirk(
        "v2c error-status 19",
        with_fields(1, 0xa2, &[2, 1, 19], &[2, 1, 0], &[5, 0]),
        K::FieldOutOfRange,
        q,
    );
    let Body::Pdu(p) = &m.body else { panic!() };
    assert_eq!(p.error_status, 19);
    let m = quirk(
        "v1 error-status 18",
        with_fields(0, 0xa2, &[2, 1, 18], &[2, 1, 0], &[5, 0]),
        K::FieldOutOfRange,
        q,
    );
    let Body::Pdu(p) = &m.body else { panic!() };
    assert_eq!(p.error_status, 18);
    let m = quirk(
        "negative error-status",
        with_fields(1, 0xa2, &[2, 1, 0xff], &[2, 1, 0], &[5, 0]),
        K::FieldOutOfRange,
        q,
    );
    let Body::Pdu(p) = &m.body else { panic!() };
    assert_eq!(p.error_status, -1);
    // The quirk is about error-status only.
    let neg_index = with_fields(1, 0xa2, &[2, 1, 0], &[2, 1, 0xff], &[5, 0]);
    assert_eq!(
        Message::decode_with(&neg_index, Quirks::LENIENT).unwrap_err(),
        err(K::FieldOutOfRange, 16)
    );
}

#[test]
fn non_minimal_lengths_are_accepted_and_re_encoded_minimally() {
    // BER allows a long-form length for a short value; SNMP agents send 81 xx and 82 00 xx.
    // Decoding accepts it strictly, and encoding writes the minimal form.
    let long = hex("30811d 020101 040161 a08200 13 020101 020100 020100 3008 3006 06022b06 0500");
    let fixed = hex("301d 020101 040161 a08200 13 020101 020100 020100 3008 3006 06022b06 0500");
    let base = hex(BASE);
    for bytes in [&long, &fixed] {
        let m = Message::decode(bytes).unwrap();
        assert_eq!(m, Message::decode(&base).unwrap());
        assert_eq!(m.to_vec().unwrap(), base);
    }
}
