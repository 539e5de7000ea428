//! One adapter per compared library: decode bytes to that library's complete message type,
//! encode that type back to bytes, and count the decoded bindings.
//!
//! Shared by `benches/codec.rs` and `tests/agree.rs` (which checks that every library accepts
//! every benchmark message), so the benchmarked code paths are exactly the checked ones.

use bytes::Bytes;

/// winsnmp-wire: zero-copy, eager (the bindings are in a `Vec` after `decode`).
pub(crate) mod ours {
    use winsnmp_wire::Message;

    /// Bytes to a complete message.
    pub(crate) fn decode(b: &[u8]) -> Message<'_> {
        Message::decode(b).expect("winsnmp-wire decodes")
    }

    /// Number of bindings.
    pub(crate) fn count(m: &Message<'_>) -> usize {
        m.body.varbinds().len()
    }

    /// Message to a fresh vector of exactly its size.
    pub(crate) fn encode(m: &Message<'_>) -> Vec<u8> {
        m.to_vec().expect("winsnmp-wire encodes")
    }

    /// Message into a reused vector (cleared first).
    pub(crate) fn encode_reuse(m: &Message<'_>, out: &mut Vec<u8>) {
        out.clear();
        m.encode_into(out).expect("winsnmp-wire encodes");
    }
}

/// snmp-parser (Rusticata, nom/asn1-rs): decode only, eager (`Vec<SnmpVariable>`; OIDs and
/// strings borrowed, the community copied into a `String`).
pub(crate) mod snmp_parser {
    use ::snmp_parser::{SnmpMessage, parse_snmp_v2c};

    /// Bytes to a complete message.
    pub(crate) fn decode(b: &[u8]) -> SnmpMessage<'_> {
        let (rest, msg) = parse_snmp_v2c(b).expect("snmp-parser decodes");
        assert!(rest.is_empty(), "snmp-parser left trailing bytes");
        msg
    }

    /// Number of bindings.
    pub(crate) fn count(m: &SnmpMessage<'_>) -> usize {
        m.vars_iter().count()
    }
}

/// rasn-snmp (rasn's generic BER codec with derived SNMP types): eager and owning (every OID
/// is a heap vector of arcs, every string a `Bytes` copy).
pub(crate) mod rasn {
    use ::rasn_snmp::v2::Pdus;
    use ::rasn_snmp::v2c::Message;

    /// rasn-snmp's v2c message with any RFC 3416 PDU.
    pub(crate) type Msg = Message<Pdus>;

    /// Bytes to a complete message.
    pub(crate) fn decode(b: &[u8]) -> Msg {
        ::rasn::ber::decode::<Msg>(b).expect("rasn decodes")
    }

    /// Number of bindings.
    pub(crate) fn count(m: &Msg) -> usize {
        match &m.data {
            Pdus::GetRequest(p) => p.0.variable_bindings.len(),
            Pdus::GetNextRequest(p) => p.0.variable_bindings.len(),
            Pdus::Response(p) => p.0.variable_bindings.len(),
            Pdus::SetRequest(p) => p.0.variable_bindings.len(),
            Pdus::GetBulkRequest(p) => p.0.variable_bindings.len(),
            Pdus::InformRequest(p) => p.0.variable_bindings.len(),
            Pdus::Trap(p) => p.0.variable_bindings.len(),
            Pdus::Report(p) => p.0.variable_bindings.len(),
        }
    }

    /// Message to a fresh vector.
    pub(crate) fn encode(m: &Msg) -> Vec<u8> {
        ::rasn::ber::encode(m).expect("rasn encodes")
    }

    /// Message into a reused vector (`rasn::ber::encode_buf` clears it first).
    pub(crate) fn encode_reuse(m: &Msg, out: &mut Vec<u8>) {
        ::rasn::ber::encode_buf(m, out).expect("rasn encodes");
    }
}

/// async-snmp: its public codec entry points `CommunityMessage::decode(Bytes, DecodeConfig)`
/// and `CommunityMessage::encode() -> Bytes`. Eager; strings are `Bytes` slices of the input
/// (reference-counted), OIDs `SmallVec<[u32; 16]>` of arcs.
pub(crate) mod async_snmp {
    use ::async_snmp::compatibility::DecodeConfig;
    use ::async_snmp::message::CommunityMessage;
    use bytes::Bytes;

    /// Bytes to a complete message, with every compatibility quirk off (as strict as ours).
    pub(crate) fn decode(b: Bytes) -> CommunityMessage {
        CommunityMessage::decode(b, DecodeConfig::STRICT)
            .expect("async-snmp decodes")
            .value
    }

    /// Number of bindings.
    pub(crate) fn count(m: &CommunityMessage) -> usize {
        m.pdu().standard().expect("a standard PDU").varbinds().len()
    }

    /// Message to a fresh `Bytes`.
    pub(crate) fn encode(m: &CommunityMessage) -> Bytes {
        m.encode().expect("async-snmp encodes")
    }
}

/// Checks that every library decodes `bytes` to `expected` bindings and that every library
/// that encodes reproduces `bytes` exactly; panics naming the library otherwise.
pub(crate) fn verify(name: &str, bytes: &[u8], expected: usize) {
    let m = ours::decode(bytes);
    assert_eq!(ours::count(&m), expected, "{name}: winsnmp-wire count");
    assert_eq!(ours::encode(&m), bytes, "{name}: winsnmp-wire re-encode");
    let mut buf = vec![0xee; 3];
    ours::encode_reuse(&m, &mut buf);
    assert_eq!(buf, bytes, "{name}: winsnmp-wire encode_into");

    let m = snmp_parser::decode(bytes);
    assert_eq!(
        snmp_parser::count(&m),
        expected,
        "{name}: snmp-parser count"
    );

    let m = rasn::decode(bytes);
    assert_eq!(rasn::count(&m), expected, "{name}: rasn-snmp count");
    assert_eq!(rasn::encode(&m), bytes, "{name}: rasn-snmp re-encode");
    let mut buf = vec![0xee; 3];
    rasn::encode_reuse(&m, &mut buf);
    assert_eq!(buf, bytes, "{name}: rasn-snmp encode_buf");

    let m = async_snmp::decode(Bytes::copy_from_slice(bytes));
    assert_eq!(async_snmp::count(&m), expected, "{name}: async-snmp count");
    assert_eq!(
        async_snmp::encode(&m).as_ref(),
        bytes,
        "{name}: async-snmp re-encode"
    );
}
