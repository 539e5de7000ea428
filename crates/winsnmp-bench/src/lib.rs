//! Shared test messages for the codec comparison benchmarks (`benches/codec.rs`).
//!
//! Each function returns one complete, canonical (DER-like) SNMPv2c message as bytes. The
//! messages are built with `winsnmp-wire`'s encoder; the benchmark checks at start-up that
//! every compared library decodes each of them to the same number of variable bindings, and
//! that the libraries that can encode reproduce the bytes exactly, so no library is measured
//! on an error path and the vectors do not depend on our encoder being right.
//!
//! | function               | PDU                 | bindings | syntaxes                         |
//! |------------------------|---------------------|----------|----------------------------------|
//! | [`get_request_1`]      | GetRequest          | 1        | NULL                             |
//! | [`response_10_mixed`]  | Response            | 10       | every SMIv2 application syntax   |
//! | [`bulk_response_50`]   | Response to GetBulk | 50       | ifTable-like rows (5 columns)    |
#![forbid(unsafe_code)]

use winsnmp_wire::{Body, Message, Oid, Pdu, PduType, Value, VarBind, Version};

/// The community string of every message.
pub const COMMUNITY: &[u8] = b"public";

/// One named test message.
#[derive(Debug, Clone)]
pub struct Case {
    /// Short name used as the criterion group suffix.
    pub name: &'static str,
    /// The encoded message.
    pub bytes: Vec<u8>,
    /// Number of variable bindings the message carries.
    pub varbinds: usize,
}

/// The three benchmark messages, smallest first.
pub fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "get_request_1",
            bytes: get_request_1(),
            varbinds: 1,
        },
        Case {
            name: "response_10_mixed",
            bytes: response_10_mixed(),
            varbinds: 10,
        },
        Case {
            name: "bulk_response_50",
            bytes: bulk_response_50(),
            varbinds: 50,
        },
    ]
}

fn oid(s: &str) -> Oid {
    s.parse().expect("valid OID literal")
}

fn encode(pdu_type: PduType, request_id: i32, names: &[Oid], values: &[Value<'_>]) -> Vec<u8> {
    let varbinds = names
        .iter()
        .zip(values)
        .map(|(n, v)| VarBind::new(n.as_raw(), *v))
        .collect();
    let msg = Message {
        version: Version::V2c,
        community: COMMUNITY,
        body: Body::Pdu(Pdu::new(pdu_type, request_id, varbinds)),
    };
    msg.to_vec().expect("benchmark message encodes")
}

/// (a) A v2c GetRequest for `sysDescr.0` (one binding, NULL value).
pub fn get_request_1() -> Vec<u8> {
    encode(
        PduType::Get,
        0x1234_5678,
        &[oid("1.3.6.1.2.1.1.1.0")],
        &[Value::Null],
    )
}

/// (b) A v2c Response with 10 bindings of mixed syntaxes: OCTET STRING, OBJECT IDENTIFIER,
/// TimeTicks, INTEGER, IpAddress, Counter32 (with the 0x00 pad), Gauge32, Counter64, Opaque
/// and a second OCTET STRING.
pub fn response_10_mixed() -> Vec<u8> {
    let sys_object_id = oid("1.3.6.1.4.1.8072.3.2.10");
    let names = [
        oid("1.3.6.1.2.1.1.1.0"),
        oid("1.3.6.1.2.1.1.2.0"),
        oid("1.3.6.1.2.1.1.3.0"),
        oid("1.3.6.1.2.1.2.1.0"),
        oid("1.3.6.1.2.1.4.20.1.1.192.168.1.1"),
        oid("1.3.6.1.2.1.2.2.1.10.1"),
        oid("1.3.6.1.2.1.2.2.1.5.1"),
        oid("1.3.6.1.2.1.31.1.1.1.6.1"),
        oid("1.3.6.1.4.1.2021.10.1.6.1"),
        oid("1.3.6.1.2.1.1.5.0"),
    ];
    let values = [
        Value::OctetString(b"Linux core-sw-01 5.15.0-91-generic #101-Ubuntu SMP x86_64"),
        Value::ObjectIdentifier(sys_object_id.as_raw()),
        Value::TimeTicks(123_456_789),
        Value::Integer(24),
        Value::IpAddress([192, 168, 1, 1]),
        Value::Counter32(3_000_000_000),
        Value::Gauge32(1_000_000_000),
        Value::Counter64(123_456_789_012_345),
        // Net-SNMP's opaque float (laLoadFloat): 9f 78 04 <IEEE754 0.25>.
        Value::Opaque(&[0x9f, 0x78, 0x04, 0x3e, 0x80, 0x00, 0x00]),
        Value::OctetString(b"core-sw-01.example.net"),
    ];
    encode(PduType::Response, 0x1234_5678, &names, &values)
}

/// (c) A v2c Response to a GetBulk: 10 ifTable/ifXTable rows of 5 columns, interleaved as a
/// GetBulk response lays them out (ifIndex INTEGER, ifDescr OCTET STRING, ifSpeed Gauge32,
/// ifInOctets Counter32, ifHCInOctets Counter64), 50 bindings in all.
pub fn bulk_response_50() -> Vec<u8> {
    const DESCR: [&[u8]; 10] = [
        b"GigabitEthernet0/1",
        b"GigabitEthernet0/2",
        b"GigabitEthernet0/3",
        b"GigabitEthernet0/4",
        b"GigabitEthernet0/5",
        b"GigabitEthernet0/6",
        b"GigabitEthernet0/7",
        b"GigabitEthernet0/8",
        b"TenGigabitEthernet1/1",
        b"TenGigabitEthernet1/2",
    ];
    let mut names = Vec::with_capacity(50);
    let mut values = Vec::with_capacity(50);
    for (row, descr) in (1u32..=10).zip(DESCR) {
        let r = i32::try_from(row).expect("small row index");
        let columns: [(&str, Value<'_>); 5] = [
            ("1.3.6.1.2.1.2.2.1.1", Value::Integer(r)),
            ("1.3.6.1.2.1.2.2.1.2", Value::OctetString(descr)),
            (
                "1.3.6.1.2.1.2.2.1.5",
                Value::Gauge32(if row > 8 {
                    4_000_000_000
                } else {
                    1_000_000_000
                }),
            ),
            (
                "1.3.6.1.2.1.2.2.1.10",
                Value::Counter32(row.wrapping_mul(987_654_321)),
            ),
            (
                "1.3.6.1.2.1.31.1.1.1.6",
                Value::Counter64(u64::from(row) * 98_765_432_109_876),
            ),
        ];
        for (column, value) in columns {
            names.push(oid(&format!("{column}.{row}")));
            values.push(value);
        }
    }
    encode(PduType::Response, 0x1234_5678, &names, &values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_with_expected_binding_counts() {
        for case in cases() {
            let msg = Message::decode(&case.bytes).expect(case.name);
            assert_eq!(msg.body.varbinds().len(), case.varbinds, "{}", case.name);
            assert_eq!(msg.to_vec().unwrap(), case.bytes, "{}", case.name);
        }
    }
}
