//! Property tests: random messages round-trip through the codec, and `Oid`'s string form,
//! ordering and prefix test agree with its arcs.

use proptest::prelude::*;
use winsnmp_wire::{
    Body, GenericTrap, MAX_OID_LEN, Message, Oid, Pdu, PduType, TrapV1, Value, VarBind, Version,
};

/// A value that owns its bytes, so a strategy can produce it; `as_value` borrows it.
#[derive(Debug, Clone)]
enum OwnedValue {
    Integer(i32),
    OctetString(Vec<u8>),
    Null,
    Oid(Oid),
    IpAddress([u8; 4]),
    Counter32(u32),
    Gauge32(u32),
    TimeTicks(u32),
    Opaque(Vec<u8>),
    NsapAddress(Vec<u8>),
    Counter64(u64),
    NoSuchObject,
    NoSuchInstance,
    EndOfMibView,
}

impl OwnedValue {
    fn as_value(&self) -> Value<'_> {
        match self {
            Self::Integer(v) => Value::Integer(*v),
            Self::OctetString(b) => Value::OctetString(b),
            Self::Null => Value::Null,
            Self::Oid(o) => Value::ObjectIdentifier(o.as_raw()),
            Self::IpAddress(a) => Value::IpAddress(*a),
            Self::Counter32(v) => Value::Counter32(*v),
            Self::Gauge32(v) => Value::Gauge32(*v),
            Self::TimeTicks(v) => Value::TimeTicks(*v),
            Self::Opaque(b) => Value::Opaque(b),
            Self::NsapAddress(b) => Value::NsapAddress(b),
            Self::Counter64(v) => Value::Counter64(*v),
            Self::NoSuchObject => Value::NoSuchObject,
            Self::NoSuchInstance => Value::NoSuchInstance,
            Self::EndOfMibView => Value::EndOfMibView,
        }
    }
}

/// Arcs weighted towards the encoding boundaries (1, 2, 3, 4 and 5 base-128 octets).
fn arc() -> impl Strategy<Value = u32> {
    prop_oneof![
        4 => 0u32..200,
        1 => prop::sample::select(vec![
            127u32, 128, 16383, 16384, 2_097_151, 2_097_152, 268_435_455, 268_435_456, u32::MAX,
        ]),
        1 => any::<u32>(),
    ]
}

/// Valid arcs: first 0..=2, second below 40 under 0 and 1 and up to 2^32-81 under 2.
fn oid_arcs(max_len: usize) -> impl Strategy<Value = Vec<u32>> {
    (
        0u32..=2,
        arc(),
        prop::collection::vec(arc(), 0..=max_len - 2),
    )
        .prop_map(|(x, y, rest)| {
            let y = if x < 2 { y % 40 } else { y.min(u32::MAX - 80) };
            let mut v = vec![x, y];
            v.extend(rest);
            v
        })
}

fn oid(max_len: usize) -> impl Strategy<Value = Oid> {
    oid_arcs(max_len).prop_map(|a| Oid::from_arcs(&a).unwrap())
}

fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..=max)
}

fn u32_edges() -> impl Strategy<Value = u32> {
    prop_oneof![
        any::<u32>(),
        prop::sample::select(vec![
            0u32,
            0x7f,
            0x80,
            0xff,
            0x8000,
            0x80_0000,
            0x8000_0000,
            u32::MAX
        ]),
    ]
}

fn value(version: Version) -> BoxedStrategy<OwnedValue> {
    let common = prop_oneof![
        prop_oneof![any::<i32>(), Just(i32::MIN), Just(i32::MAX), -200i32..200]
            .prop_map(OwnedValue::Integer),
        bytes(300).prop_map(OwnedValue::OctetString),
        Just(OwnedValue::Null),
        oid(MAX_OID_LEN).prop_map(OwnedValue::Oid),
        any::<[u8; 4]>().prop_map(OwnedValue::IpAddress),
        u32_edges().prop_map(OwnedValue::Counter32),
        u32_edges().prop_map(OwnedValue::Gauge32),
        u32_edges().prop_map(OwnedValue::TimeTicks),
        bytes(20).prop_map(OwnedValue::Opaque),
    ];
    match version {
        Version::V1 => {
            prop_oneof![9 => common, 1 => bytes(20).prop_map(OwnedValue::NsapAddress)].boxed()
        }
        _ => prop_oneof![
            9 => common,
            1 => prop_oneof![any::<u64>(), Just(u64::MAX), Just(1u64 << 63), Just(0x80u64)]
                .prop_map(OwnedValue::Counter64),
            1 => prop_oneof![
                Just(OwnedValue::NoSuchObject),
                Just(OwnedValue::NoSuchInstance),
                Just(OwnedValue::EndOfMibView),
            ],
        ]
        .boxed(),
    }
}

#[derive(Debug, Clone)]
struct OwnedMessage {
    version: Version,
    community: Vec<u8>,
    pdu_type: PduType,
    request_id: i32,
    error_status: i32,
    error_index: i32,
    varbinds: Vec<(Oid, OwnedValue)>,
    // v1 Trap fields.
    enterprise: Oid,
    agent_addr: [u8; 4],
    generic_trap: i32,
    time_stamp: u32,
}

impl OwnedMessage {
    fn as_message(&self) -> Message<'_> {
        let varbinds: Vec<VarBind<'_>> = self
            .varbinds
            .iter()
            .map(|(n, v)| VarBind::new(n.as_raw(), v.as_value()))
            .collect();
        let body = if self.pdu_type == PduType::TrapV1 {
            Body::TrapV1(TrapV1 {
                enterprise: self.enterprise.as_raw(),
                agent_addr: self.agent_addr,
                generic_trap: GenericTrap::from_i32(self.generic_trap).unwrap(),
                specific_trap: self.request_id,
                time_stamp: self.time_stamp,
                varbinds,
            })
        } else {
            Body::Pdu(Pdu {
                pdu_type: self.pdu_type,
                request_id: self.request_id,
                error_status: self.error_status,
                error_index: self.error_index,
                varbinds,
            })
        };
        Message {
            version: self.version,
            community: &self.community,
            body,
        }
    }
}

fn message() -> impl Strategy<Value = OwnedMessage> {
    prop_oneof![Just(Version::V1), Just(Version::V2c)].prop_flat_map(|version| {
        let types = match version {
            Version::V1 => vec![
                PduType::Get,
                PduType::GetNext,
                PduType::Response,
                PduType::Set,
                PduType::TrapV1,
            ],
            _ => vec![
                PduType::Get,
                PduType::GetNext,
                PduType::Response,
                PduType::Set,
                PduType::GetBulk,
                PduType::Inform,
                PduType::TrapV2,
                PduType::Report,
            ],
        };
        let max_status = if version == Version::V1 { 5 } else { 18 };
        (
            bytes(40),
            prop::sample::select(types),
            any::<i32>(),
            (0..=max_status, 0..=i32::MAX),
            prop::collection::vec((oid(40), value(version)), 0..8),
            oid(20),
            any::<[u8; 4]>(),
            0i32..=6,
            u32_edges(),
        )
            .prop_map(
                move |(community, pdu_type, rid, (status, ei), varbinds, ent, addr, g, ts)| {
                    // GetBulk carries non-repeaters there: any non-negative value.
                    let error_status = if pdu_type == PduType::GetBulk {
                        ei / 3
                    } else {
                        status
                    };
                    OwnedMessage {
                        version,
                        community,
                        pdu_type,
                        request_id: rid,
                        error_status,
                        error_index: ei,
                        varbinds,
                        enterprise: ent,
                        agent_addr: addr,
                        generic_trap: g,
                        time_stamp: ts,
                    }
                },
            )
    })
}

proptest! {
    #[test]
    fn message_round_trip(owned in message()) {
        let msg = owned.as_message();
        let bytes = msg.to_vec().unwrap();
        prop_assert_eq!(msg.encoded_len(), Ok(bytes.len()));
        // Backwards, in front of what a writer already holds: the same octets.
        let mut w = winsnmp_wire::BackWriter::new();
        w.octet_string(b"after");
        msg.write_backward(&mut w).unwrap();
        prop_assert_eq!(&w.as_slice()[..bytes.len()], &bytes[..]);
        prop_assert_eq!(&w.as_slice()[bytes.len()..], &[4, 5, b'a', b'f', b't', b'e', b'r'][..]);
        let decoded = Message::decode(&bytes).unwrap();
        prop_assert_eq!(&decoded, &msg);
        // Canonical input: decoding then encoding gives the same bytes back.
        prop_assert_eq!(decoded.to_vec().unwrap(), bytes.clone());
        let (prefix, used) = Message::decode_prefix(&bytes, winsnmp_wire::Quirks::LENIENT).unwrap();
        prop_assert_eq!(used, bytes.len());
        prop_assert_eq!(prefix, msg);
    }

    #[test]
    fn oid_display_parse(o in oid(MAX_OID_LEN)) {
        let s = o.to_string();
        prop_assert_eq!(s.parse::<Oid>().unwrap(), o.clone());
        prop_assert_eq!(format!(".{s}").parse::<Oid>().unwrap(), o.clone());
        prop_assert_eq!(Oid::from_arcs(&o.to_vec()).unwrap(), o.clone());
        prop_assert_eq!(Oid::from_ber(o.as_ber()).unwrap(), o.clone());
        prop_assert_eq!(o.len(), o.to_vec().len());
        prop_assert_eq!(o.as_raw().to_string(), s);
    }

    #[test]
    fn oid_order_and_prefix_follow_arcs(
        (a, b) in (oid_arcs(30), 0usize..32, prop::collection::vec(arc(), 0..6), any::<bool>())
            .prop_map(|(a, keep, tail, swap)| {
                // b shares a prefix of a (often a whole one), then diverges.
                let keep = keep.clamp(2, a.len());
                let mut b = a[..keep].to_vec();
                b.extend(tail);
                if swap { (b, a) } else { (a, b) }
            })
    ) {
        let (oa, ob) = (Oid::from_arcs(&a).unwrap(), Oid::from_arcs(&b).unwrap());
        prop_assert_eq!(oa.cmp(&ob), a.cmp(&b));
        prop_assert_eq!(oa.as_raw().cmp(&ob.as_raw()), a.cmp(&b));
        prop_assert_eq!(oa == ob, a == b);
        prop_assert_eq!(oa.starts_with(&ob), a.starts_with(&b));
        prop_assert_eq!(ob.starts_with(&oa), b.starts_with(&a));
        prop_assert_eq!(oa.as_raw().starts_with(ob.as_raw()), a.starts_with(&b));
    }

    #[test]
    fn oid_order_independent_pairs(a in oid(12), b in oid(12)) {
        prop_assert_eq!(a.cmp(&b), a.to_vec().cmp(&b.to_vec()));
        prop_assert_eq!(a.starts_with(&b), a.to_vec().starts_with(&b.to_vec()));
    }

    #[test]
    fn oid_from_str_never_panics(s in "[0-9.]{0,40}|\\PC{0,20}") {
        if let Ok(o) = s.parse::<Oid>() {
            prop_assert_eq!(o.to_string().parse::<Oid>().unwrap(), o);
        }
    }
}
