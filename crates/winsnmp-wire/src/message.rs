//! Community-based SNMP messages (SNMPv1, RFC 1157; SNMPv2c, RFC 1901).

use crate::ber::{self, Reader, Sink, Writer, tag};
use crate::error::{DecodeError, DecodeErrorKind as K, EncodeError};
use crate::pdu::{Bindings, Each, Pdu, PduType, TrapV1, VarBind};

/// The message version field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Version {
    /// SNMPv1 (version 0).
    V1,
    /// SNMPv2c (version 1).
    V2c,
    /// SNMPv3 (version 3, RFC 3412): carried by [`crate::MessageV3`], never by [`Message`].
    V3,
}

impl Version {
    /// The value of the version field on the wire.
    pub const fn wire(self) -> i32 {
        match self {
            Self::V1 => 0,
            Self::V2c => 1,
            Self::V3 => 3,
        }
    }

    /// The version for a wire value.
    pub const fn from_wire(v: i32) -> Option<Self> {
        match v {
            0 => Some(Self::V1),
            1 => Some(Self::V2c),
            3 => Some(Self::V3),
            _ => None,
        }
    }
}

/// Agent quirks the decoder may tolerate. [`Quirks::STRICT`] (the default) tolerates none.
///
/// Each flag names one deviation from RFC 3416/3417 and X.690 that real agents are known to
/// produce; the decoded values are what the agent evidently meant.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Quirks {
    /// Accept bytes after the end of the message SEQUENCE (padding some embedded stacks add
    /// to a datagram); they are ignored.
    pub trailing_bytes: bool,
    /// Accept INTEGER-family values with redundant leading 0x00/0xFF octets (X.690 8.3.2
    /// forbids them).
    pub non_minimal_integers: bool,
    /// Accept Counter32/Gauge32/TimeTicks/Counter64 values whose first octet has the high bit
    /// set without the 0x00 pad, reading them as unsigned (agents that encode a C `unsigned`
    /// byte for byte).
    pub unsigned_without_pad: bool,
    /// Accept an error-status outside the version's range (0..=5 for v1, 0..=18 for v2c).
    pub any_error_status: bool,
}

impl Quirks {
    /// RFC-strict decoding.
    pub const STRICT: Self = Self {
        trailing_bytes: false,
        non_minimal_integers: false,
        unsigned_without_pad: false,
        any_error_status: false,
    };

    /// Every known quirk tolerated.
    pub const LENIENT: Self = Self {
        trailing_bytes: true,
        non_minimal_integers: true,
        unsigned_without_pad: true,
        any_error_status: true,
    };
}

/// The version of the SNMP message at the start of `buf`, read from its first fields only
/// (`SEQUENCE { INTEGER version, ... }`), so that a receiver can choose between
/// [`Message::decode`] (v1, v2c) and [`crate::MessageV3::decode`] (v3).
///
/// # Errors
/// A [`DecodeError`] when the message does not start with a SEQUENCE holding an INTEGER, or
/// [`DecodeErrorKind::UnsupportedVersion`](crate::DecodeErrorKind::UnsupportedVersion) for
/// a version other than 0, 1 or 3.
pub fn peek_version(buf: &[u8]) -> Result<Version, DecodeError> {
    let mut outer = Reader::new(buf);
    let seq = outer.read(tag::SEQUENCE)?;
    let mut r = seq.reader();
    let vt = r.read(tag::INTEGER)?;
    let v = ber::decode_i32(&vt, true)?;
    Version::from_wire(v).ok_or_else(|| vt.err(K::UnsupportedVersion(v)))
}

/// The PDU type and request-id of the SNMPv1/v2c message at the start of `buf`, read from
/// its first fields only (`SEQUENCE { version, community, PDU { request-id, … } }`), without
/// decoding the bindings: what a receiver needs to find the request a datagram answers
/// before it decodes the rest. `None` when those fields do not decode (or for an SNMPv1
/// Trap, which has no request-id).
pub fn peek_pdu(buf: &[u8]) -> Option<(Version, PduType, i32)> {
    // The same reading as the Reader's (see `peek_pdu_by_reader`, which the tests hold it
    // to), on bare slices: it runs for every datagram a manager receives.
    let (seq, _) = element(buf, tag::SEQUENCE)?;
    let (vt, rest) = element(seq, tag::INTEGER)?;
    let version = Version::from_wire(int32(vt)?).filter(|v| *v != Version::V3)?;
    let (_, rest) = element(rest, tag::OCTET_STRING)?;
    let (&t, _) = rest.split_first()?;
    let pdu_type = PduType::from_tag(t).filter(|t| *t != PduType::TrapV1)?;
    let (body, _) = element(rest, t)?;
    let (id, _) = element(body, tag::INTEGER)?;
    Some((version, pdu_type, int32(id)?))
}

/// The content of the element of tag `expected` at the start of `b`, and what follows it
/// (definite lengths of at most four octets, as [`Reader`] reads them).
#[inline]
fn element(b: &[u8], expected: u8) -> Option<(&[u8], &[u8])> {
    let (&t, rest) = b.split_first()?;
    let (&first, rest) = rest.split_first()?;
    if t != expected {
        return None;
    }
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let (l, rest) = rest.split_at(n);
        (
            l.iter().fold(0usize, |a, &x| (a << 8) | usize::from(x)),
            rest,
        )
    };
    (len <= rest.len()).then(|| rest.split_at(len))
}

/// An INTEGER's content as an `i32`, leniently (as `peek_pdu` always read it).
#[inline]
fn int32(content: &[u8]) -> Option<i32> {
    let t = ber::Tlv {
        tag: tag::INTEGER,
        offset: 0,
        content,
        content_offset: 0,
    };
    ber::decode_i32(&t, true).ok()
}

/// `peek_pdu` through the [`Reader`]: what the fast one is held to.
#[cfg(test)]
fn peek_pdu_by_reader(buf: &[u8]) -> Option<(Version, PduType, i32)> {
    let mut outer = Reader::new(buf);
    let seq = outer.read(tag::SEQUENCE).ok()?;
    let mut r = seq.reader();
    let vt = r.read(tag::INTEGER).ok()?;
    let version =
        Version::from_wire(ber::decode_i32(&vt, true).ok()?).filter(|v| *v != Version::V3)?;
    r.read(tag::OCTET_STRING).ok()?;
    let pt = r.read_any().ok()?;
    let pdu_type = PduType::from_tag(pt.tag).filter(|t| *t != PduType::TrapV1)?;
    let id = ber::decode_i32(&pt.reader().read(tag::INTEGER).ok()?, true).ok()?;
    Some((version, pdu_type, id))
}

/// Writes (into `w`, backwards) a community-based message, `SEQUENCE { version,
/// community, PDU }`, whose PDU has type `pdu_type`, `[request-id, error-status,
/// error-index]` as `fields` and `varbinds` as its bindings, borrowed: what
/// [`Message::write_backward`] writes for the same message, with the same checks, for a
/// caller that holds its bindings in a slice and has no [`Message`] (nor its list) to
/// build. On an error `w` is left as it was.
///
/// # Errors
/// [`EncodeError::NotCommunityVersion`] for [`Version::V3`],
/// [`EncodeError::PduNotInVersion`] (an SNMPv1 Trap, or a type the version lacks),
/// [`EncodeError::SyntaxNotInVersion`], [`EncodeError::TooLarge`].
pub fn write_community_backward(
    w: &mut crate::BackWriter,
    version: Version,
    community: &[u8],
    pdu_type: PduType,
    fields: [i32; 3],
    varbinds: &[VarBind<'_>],
) -> Result<(), EncodeError> {
    if version == Version::V3 {
        return Err(EncodeError::NotCommunityVersion);
    }
    if pdu_type == PduType::TrapV1 || !pdu_type.allowed_in(version) {
        return Err(EncodeError::PduNotInVersion(pdu_type));
    }
    crate::pdu::check_values(varbinds, version)?;
    let mark = w.len();
    crate::pdu::write_pdu_backward(pdu_type, fields, varbinds, w);
    close_backward(w, version, community, mark)
}

/// The message's header around the PDU written since `mark`: community, version and the
/// outer SEQUENCE.
fn close_backward(
    w: &mut crate::BackWriter,
    version: Version,
    community: &[u8],
    mark: usize,
) -> Result<(), EncodeError> {
    w.octet_string(community);
    w.integer(version.wire());
    // The forward encoder's limit (lengths of at most four octets), checked before the
    // outer header, which could not carry a longer content.
    if w.len() - mark > u32::MAX as usize - 8 {
        w.rewind(mark);
        return Err(EncodeError::TooLarge);
    }
    w.sequence(mark);
    Ok(())
}

/// The PDU of a message: one of the RFC 3416 PDUs, or an SNMPv1 Trap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body<'a> {
    /// Get, GetNext, Response, Set, GetBulk, Inform, SNMPv2-Trap or Report.
    Pdu(Pdu<'a>),
    /// SNMPv1 Trap.
    TrapV1(TrapV1<'a>),
}

impl<'a> Body<'a> {
    /// The PDU type.
    pub const fn pdu_type(&self) -> PduType {
        match self {
            Self::Pdu(p) => p.pdu_type,
            Self::TrapV1(_) => PduType::TrapV1,
        }
    }

    /// The variable bindings.
    pub fn varbinds(&self) -> &[VarBind<'a>] {
        match self {
            Self::Pdu(p) => &p.varbinds,
            Self::TrapV1(t) => &t.varbinds,
        }
    }

    /// `vbs` is the content size of the VarBindList.
    fn encoded_len(&self, vbs: usize) -> usize {
        match self {
            Self::Pdu(p) => p.encoded_len(vbs),
            Self::TrapV1(t) => t.encoded_len(vbs),
        }
    }
}

/// A complete SNMPv1 or SNMPv2c message: version, community and PDU.
///
/// Decoding borrows every octet string and OID from the input (zero-copy); the only
/// allocation is the vector of bindings.
///
/// ```
/// use winsnmp_wire::{Body, Message, Oid, Pdu, PduType, VarBind, Version};
/// let name: Oid = "1.3.6.1.2.1.1.1.0".parse().unwrap();
/// let msg = Message {
///     version: Version::V2c,
///     community: b"public",
///     body: Body::Pdu(Pdu::new(PduType::Get, 42, vec![VarBind::null(name.as_raw())])),
/// };
/// let bytes = msg.to_vec().unwrap();
/// assert_eq!(bytes.len(), msg.encoded_len().unwrap());
/// assert_eq!(Message::decode(&bytes).unwrap(), msg);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message<'a> {
    /// SNMP version.
    pub version: Version,
    /// Community string.
    pub community: &'a [u8],
    /// The PDU.
    pub body: Body<'a>,
}

impl<'a> Message<'a> {
    /// Decodes one message that fills `buf` exactly, strictly.
    ///
    /// # Errors
    /// A [`DecodeError`] with the kind and byte offset of the first problem.
    pub fn decode(buf: &'a [u8]) -> Result<Self, DecodeError> {
        Self::decode_with(buf, Quirks::STRICT)
    }

    /// Decodes one message that fills `buf`, tolerating the given quirks.
    ///
    /// # Errors
    /// A [`DecodeError`] with the kind and byte offset of the first problem.
    pub fn decode_with(buf: &'a [u8], quirks: Quirks) -> Result<Self, DecodeError> {
        Self::decode_into(buf, quirks, Vec::new())
    }

    /// Decodes as [`Message::decode_with`] does, but hands each binding to `each`, in
    /// order, instead of collecting them: the returned message's binding list is empty, and
    /// nothing is allocated. The message is checked in full (a binding given to `each` may
    /// still be followed by an error).
    ///
    /// ```
    /// use winsnmp_wire::{Body, Message, Oid, Pdu, PduType, Quirks, VarBind, Version};
    /// let name: Oid = "1.3.6.1.2.1.1.3.0".parse().unwrap();
    /// let bytes = Message {
    ///     version: Version::V2c,
    ///     community: b"public",
    ///     body: Body::Pdu(Pdu::new(PduType::Response, 7, vec![VarBind::null(name.as_raw())])),
    /// }
    /// .to_vec()
    /// .unwrap();
    /// let mut names = Vec::new();
    /// let msg = Message::decode_each(&bytes, Quirks::STRICT, |vb| names.push(vb.name)).unwrap();
    /// assert_eq!(names, [name.as_raw()]);
    /// assert!(msg.body.varbinds().is_empty());
    /// ```
    ///
    /// # Errors
    /// As [`Message::decode_with`].
    pub fn decode_each(
        buf: &'a [u8],
        quirks: Quirks,
        each: impl FnMut(VarBind<'a>),
    ) -> Result<Self, DecodeError> {
        Self::decode_into(buf, quirks, Each(each))
    }

    /// [`Message::decode_with`] with the bindings put into `out`.
    #[inline]
    fn decode_into(
        buf: &'a [u8],
        quirks: Quirks,
        out: impl Bindings<'a>,
    ) -> Result<Self, DecodeError> {
        let (msg, used) = Self::decode_prefix_into(buf, quirks, out)?;
        if used != buf.len() && !quirks.trailing_bytes {
            return Err(DecodeError::new(
                K::TrailingBytes {
                    count: buf.len() - used,
                },
                used,
            ));
        }
        Ok(msg)
    }

    /// Decodes the message at the start of `buf` and returns it with the number of bytes it
    /// took; whatever follows is not looked at (WinSNMP's `SnmpDecodeMsg`).
    ///
    /// # Errors
    /// A [`DecodeError`] with the kind and byte offset of the first problem.
    pub fn decode_prefix(buf: &'a [u8], quirks: Quirks) -> Result<(Self, usize), DecodeError> {
        Self::decode_prefix_into(buf, quirks, Vec::new())
    }

    /// [`Message::decode_prefix`] with the bindings put into `out`.
    #[inline(always)]
    fn decode_prefix_into(
        buf: &'a [u8],
        quirks: Quirks,
        out: impl Bindings<'a>,
    ) -> Result<(Self, usize), DecodeError> {
        let mut outer = Reader::new(buf);
        let seq = outer.read(tag::SEQUENCE)?;
        let used = outer.consumed();
        let mut r = seq.reader();
        let vt = r.read(tag::INTEGER)?;
        let v = ber::decode_i32(&vt, quirks.non_minimal_integers)?;
        let version = Version::from_wire(v)
            .filter(|v| *v != Version::V3)
            .ok_or_else(|| vt.err(K::UnsupportedVersion(v)))?;
        let community = r.read(tag::OCTET_STRING)?.content;
        let pt = r.read_any()?;
        let pdu_type =
            PduType::from_tag(pt.tag).ok_or_else(|| pt.err(K::UnknownPduType(pt.tag)))?;
        if !pdu_type.allowed_in(version) {
            return Err(pt.err(K::PduNotInVersion(pt.tag)));
        }
        let body = if pdu_type == PduType::TrapV1 {
            Body::TrapV1(TrapV1::decode_body_into(&pt, quirks, out)?)
        } else {
            Body::Pdu(Pdu::decode_body_into(&pt, pdu_type, version, quirks, out)?)
        };
        r.finish()?;
        Ok((
            Self {
                version,
                community,
                body,
            },
            used,
        ))
    }

    /// `vbs` is the content size of the VarBindList.
    fn content_len(&self, vbs: usize) -> usize {
        3 + ber::tlv_len(self.community.len()) + self.body.encoded_len(vbs)
    }

    /// Checks the message and returns the content sizes of the message SEQUENCE and of the
    /// VarBindList: the bindings are sized once per encoding.
    fn sizes(&self) -> Result<(usize, usize), EncodeError> {
        self.check()?;
        let vbs = crate::pdu::varbinds_content_len(self.body.varbinds());
        let content = self.content_len(vbs);
        if content > u32::MAX as usize - 8 {
            return Err(EncodeError::TooLarge);
        }
        Ok((content, vbs))
    }

    /// Checks that the version can carry the PDU type and every value.
    ///
    /// # Errors
    /// [`EncodeError::NotCommunityVersion`] for [`Version::V3`],
    /// [`EncodeError::PduNotInVersion`] or [`EncodeError::SyntaxNotInVersion`].
    pub fn check(&self) -> Result<(), EncodeError> {
        if self.version == Version::V3 {
            return Err(EncodeError::NotCommunityVersion);
        }
        match &self.body {
            Body::Pdu(p) => p.check_version(self.version),
            Body::TrapV1(t) => {
                if self.version != Version::V1 {
                    return Err(EncodeError::PduNotInVersion(PduType::TrapV1));
                }
                crate::pdu::check_values(&t.varbinds, self.version)
            }
        }
    }

    /// The exact size of the encoded message.
    ///
    /// # Errors
    /// As [`Message::check`], and [`EncodeError::TooLarge`].
    pub fn encoded_len(&self) -> Result<usize, EncodeError> {
        let (content, _) = self.sizes()?;
        Ok(ber::tlv_len(content))
    }

    /// Appends the encoded message to `out` in one pass and returns its length.
    ///
    /// # Errors
    /// As [`Message::encoded_len`]; `out` is then unchanged.
    pub fn encode_into(&self, out: &mut Vec<u8>) -> Result<usize, EncodeError> {
        let (content, vbs) = self.sizes()?;
        let len = ber::tlv_len(content);
        let start = out.len();
        out.resize(start + len, 0);
        let mut w = Writer::new(&mut out[start..]);
        w.header(tag::SEQUENCE, content);
        w.signed(tag::INTEGER, i64::from(self.version.wire()));
        w.tlv(tag::OCTET_STRING, self.community);
        match &self.body {
            Body::Pdu(p) => p.encode(vbs, &mut w),
            Body::TrapV1(t) => t.encode(vbs, &mut w),
        }
        debug_assert_eq!(w.position(), len);
        Ok(len)
    }

    /// Writes the message in front of what `w` holds (as [`Message::encode_into`] encodes
    /// it, in one pass with no sizing: [`BackWriter`](crate::BackWriter)).
    ///
    /// # Errors
    /// As [`Message::encoded_len`]; `w` is then unchanged.
    pub fn write_backward(&self, w: &mut crate::BackWriter) -> Result<(), EncodeError> {
        match &self.body {
            Body::Pdu(p) => write_community_backward(
                w,
                self.version,
                self.community,
                p.pdu_type,
                [p.request_id, p.error_status, p.error_index],
                &p.varbinds,
            ),
            Body::TrapV1(t) => {
                self.check()?;
                let mark = w.len();
                t.write_backward(w);
                close_backward(w, self.version, self.community, mark)
            }
        }
    }

    /// The encoded message in a new vector of exactly its size.
    ///
    /// # Errors
    /// As [`Message::encoded_len`].
    pub fn to_vec(&self) -> Result<Vec<u8>, EncodeError> {
        let mut v = Vec::new();
        self.encode_into(&mut v)?;
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A message header as a sender might write it: any version number, a community,
    /// a PDU tag (all of them and others), a request id minimal or padded, bindings.
    fn header() -> impl Strategy<Value = Vec<u8>> {
        (
            prop_oneof![
                Just(vec![0u8]),
                Just(vec![1]),
                Just(vec![3]),
                Just(vec![0, 1]),
                Just(vec![2]),
                Just(vec![])
            ],
            prop::collection::vec(any::<u8>(), 0..140),
            prop_oneof![0xa0u8..=0xa8, any::<u8>()],
            prop_oneof![
                any::<i32>().prop_map(|v| {
                    let n = ber::signed_len(i64::from(v));
                    v.to_be_bytes()[4 - n..].to_vec()
                }),
                prop::collection::vec(any::<u8>(), 0..7),
            ],
            prop::collection::vec(any::<u8>(), 0..300),
        )
            .prop_map(|(version, community, pdu_tag, id, rest)| {
                let tlv = |tag: u8, content: &[u8]| {
                    let mut v = vec![tag];
                    let n = content.len();
                    if n < 0x80 {
                        v.push(n as u8);
                    } else if n < 0x100 {
                        v.extend([0x81, n as u8]);
                    } else {
                        v.extend([0x82, (n >> 8) as u8, n as u8]);
                    }
                    v.extend_from_slice(content);
                    v
                };
                let mut body = tlv(0x02, &id);
                body.extend(rest);
                let mut seq = tlv(0x02, &version);
                seq.extend(tlv(0x04, &community));
                seq.extend(tlv(pdu_tag, &body));
                tlv(0x30, &seq)
            })
    }

    /// `decode_each`'s message with the bindings it handed over put back, for comparing
    /// with `decode_with`.
    fn collected(buf: &[u8], quirks: Quirks) -> Result<Message<'_>, DecodeError> {
        let mut vbs = Vec::new();
        let mut m = Message::decode_each(buf, quirks, |vb| vbs.push(vb))?;
        assert!(
            m.body.varbinds().is_empty(),
            "the message's own list stays empty"
        );
        match &mut m.body {
            Body::Pdu(p) => p.varbinds = vbs,
            Body::TrapV1(t) => t.varbinds = vbs,
        }
        Ok(m)
    }

    /// A response and an SNMPv1 trap with bindings of several syntaxes, encoded.
    fn samples() -> Vec<Vec<u8>> {
        let a: crate::Oid = "1.3.6.1.2.1.1.3.0".parse().unwrap();
        let b: crate::Oid = "1.3.6.1.4.1.8072.3.2.10".parse().unwrap();
        let vbs = vec![
            VarBind::new(a.as_raw(), crate::Value::TimeTicks(12_345)),
            VarBind::new(b.as_raw(), crate::Value::OctetString(b"eth0")),
            VarBind::new(a.as_raw(), crate::Value::ObjectIdentifier(b.as_raw())),
            VarBind::new(b.as_raw(), crate::Value::Counter64(1 << 40)),
        ];
        let response = Message {
            version: Version::V2c,
            community: b"public",
            body: Body::Pdu(Pdu::new(PduType::Response, 77, vbs.clone())),
        };
        let trap = Message {
            version: Version::V1,
            community: b"traps",
            body: Body::TrapV1(TrapV1 {
                enterprise: b.as_raw(),
                agent_addr: [127, 0, 0, 1],
                generic_trap: crate::GenericTrap::EnterpriseSpecific,
                specific_trap: 3,
                time_stamp: 99,
                varbinds: vbs[..2].to_vec(),
            }),
        };
        vec![response.to_vec().unwrap(), trap.to_vec().unwrap()]
    }

    #[test]
    fn decode_each_hands_over_what_decode_with_collects() {
        for bytes in samples() {
            for quirks in [Quirks::STRICT, Quirks::LENIENT] {
                let whole = Message::decode_with(&bytes, quirks).unwrap();
                assert!(!whole.body.varbinds().is_empty());
                assert_eq!(collected(&bytes, quirks), Ok(whole));
                let mut padded = bytes.clone();
                padded.push(0);
                assert_eq!(
                    collected(&padded, quirks),
                    Message::decode_with(&padded, quirks)
                );
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// Both ways of decoding agree on every message one octet away from a valid one,
        /// or cut short: the same message and bindings, or the same error.
        #[test]
        fn decode_each_agrees_with_decode_with(
            which in 0..2usize,
            at in any::<prop::sample::Index>(),
            byte in any::<u8>(),
            cut in any::<prop::sample::Index>(),
        ) {
            let mut m = samples().swap_remove(which);
            let i = at.index(m.len());
            m[i] = byte;
            m.truncate(cut.index(m.len() + 1).max(i + 1));
            for quirks in [Quirks::STRICT, Quirks::LENIENT] {
                prop_assert_eq!(collected(&m, quirks), Message::decode_with(&m, quirks));
            }
        }

        /// The slice reading of `peek_pdu` gives what the Reader's gives, on headers whole,
        /// cut anywhere or with any octet changed.
        #[test]
        fn peek_pdu_reads_as_the_reader(
            m in header(),
            cut in any::<prop::sample::Index>(),
            at in any::<prop::sample::Index>(),
            byte in any::<u8>(),
        ) {
            prop_assert_eq!(peek_pdu(&m), peek_pdu_by_reader(&m));
            let short = &m[..cut.index(m.len() + 1)];
            prop_assert_eq!(peek_pdu(short), peek_pdu_by_reader(short));
            let mut changed = m.clone();
            let i = at.index(changed.len());
            changed[i] = byte;
            prop_assert_eq!(peek_pdu(&changed), peek_pdu_by_reader(&changed));
        }
    }
}
