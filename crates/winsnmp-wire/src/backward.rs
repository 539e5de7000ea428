//! [`BackWriter`]: BER written from its last octet to its first, for callers that encode
//! from their own data structures without building [`Message`](crate::Message) first.
//!
//! Writing backwards, a constructed element's content is complete before its header is
//! written, so no length has to be computed ahead: one pass over the caller's data, no
//! intermediate bindings, and OIDs written straight from their arcs.

use crate::ber::{Sink, length_len, signed_len, tag, unsigned_len};
use crate::error::OidError;
use crate::oid::{MAX_OID_LEN, combine};
use crate::value::Value;

/// A BER buffer filled from its end: each call puts its element *before* everything
/// written so far, so an encoding is written last element first, and a constructed
/// element is closed by [`BackWriter::wrap`] once its content is in.
///
/// ```
/// use winsnmp_wire::{BackWriter, Value};
/// let mut w = BackWriter::new();
/// let list = w.len();
/// w.value(&Value::Null);
/// w.oid(&[1, 3, 6, 1, 2, 1, 1, 3, 0]).unwrap();
/// w.sequence(list); // the VarBind SEQUENCE around the name and value just written
/// assert_eq!(
///     w.as_slice(),
///     [0x30, 0x0c, 0x06, 0x08, 0x2b, 6, 1, 2, 1, 1, 3, 0, 0x05, 0x00]
/// );
/// ```
#[derive(Debug, Clone, Default)]
pub struct BackWriter {
    /// The encoding is `buf[start..]`; `buf[..start]` is room to write into.
    buf: Vec<u8>,
    start: usize,
}

impl BackWriter {
    /// An empty writer (it allocates at its first write).
    pub fn new() -> Self {
        Self::default()
    }

    /// Octets written so far. A value of it taken before an element's content is the
    /// `mark` that [`BackWriter::wrap`] closes the element with.
    #[inline]
    pub fn len(&self) -> usize {
        self.buf.len() - self.start
    }

    /// Whether nothing is written.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The encoding written so far, first octet first.
    pub fn as_slice(&self) -> &[u8] {
        &self.buf[self.start..]
    }

    /// Forgets what was written; the buffer stays for the next encoding, unless it grew
    /// past `keep` octets (a rare large message need not pin its memory).
    pub fn clear(&mut self, keep: usize) {
        if self.buf.len() > keep {
            self.buf = Vec::new();
        }
        self.start = self.buf.len();
    }

    /// Drops what was written since `len()` was `mark`.
    pub(crate) fn rewind(&mut self, mark: usize) {
        self.start = self.buf.len() - mark;
    }

    /// Makes room for `n` more octets in front of what is written.
    #[inline]
    fn room(&mut self, n: usize) {
        if self.start < n {
            self.grow(n);
        }
    }

    #[cold]
    fn grow(&mut self, n: usize) {
        let len = self.len();
        let size = (2 * self.buf.len()).max(len + n).max(128);
        let mut buf = vec![0; size];
        buf[size - len..].copy_from_slice(&self.buf[self.start..]);
        self.start = size - len;
        self.buf = buf;
    }

    /// Puts one octet in front.
    #[inline]
    fn byte(&mut self, b: u8) {
        self.room(1);
        self.start -= 1;
        self.buf[self.start] = b;
    }

    /// Puts `b` in front, as it is.
    #[inline]
    pub fn bytes(&mut self, b: &[u8]) {
        self.room(b.len());
        self.start -= b.len();
        let s = self.start;
        self.buf[s..s + b.len()].copy_from_slice(b);
    }

    /// Puts the low `n` (at most 8) octets of `v` in front, most significant first (the
    /// caller made room for them).
    #[inline]
    fn big_endian(&mut self, v: u64, n: usize) {
        let s = self.start - n;
        for (i, b) in self.buf[s..s + n].iter_mut().enumerate() {
            *b = (v >> (8 * (n - 1 - i))) as u8;
        }
        self.start = s;
    }

    fn long_header(&mut self, tag: u8, len: usize) {
        let n = length_len(len) - 1;
        self.room(n + 2);
        self.big_endian(len as u64, n);
        self.start -= 2;
        let s = self.start;
        self.buf[s] = tag;
        self.buf[s + 1] = 0x80 | n as u8;
    }

    /// Closes a constructed element: a `tag` header in front of everything written since
    /// `len()` was `mark` (below 2^32 octets: lengths here take at most four octets, as
    /// the decoder reads them; [`Message::write_backward`](crate::Message::write_backward)
    /// checks that limit).
    #[inline]
    pub fn wrap(&mut self, tag: u8, mark: usize) {
        let content = self.len() - mark;
        self.header(tag, content);
    }

    /// A complete INTEGER.
    #[inline]
    pub fn integer(&mut self, v: i32) {
        self.signed(tag::INTEGER, i64::from(v));
    }

    /// A complete NULL (a request's value).
    #[inline]
    pub fn null(&mut self) {
        self.header(tag::NULL, 0);
    }

    /// A complete OCTET STRING.
    #[inline]
    pub fn octet_string(&mut self, b: &[u8]) {
        self.tlv(tag::OCTET_STRING, b);
    }

    /// Closes a SEQUENCE (a message, a VarBindList, a VarBind) opened at `mark`.
    #[inline]
    pub fn sequence(&mut self, mark: usize) {
        self.wrap(tag::SEQUENCE, mark);
    }

    /// A complete OBJECT IDENTIFIER of `arcs` (X.690 8.19), with the checks of
    /// [`Oid::from_arcs`](crate::Oid::from_arcs).
    ///
    /// # Errors
    /// As [`Oid::from_arcs`](crate::Oid::from_arcs); nothing is written then.
    pub fn oid(&mut self, arcs: &[u32]) -> Result<(), OidError> {
        if arcs.len() < 2 {
            return Err(OidError::TooShort);
        }
        if arcs.len() > MAX_OID_LEN {
            return Err(OidError::TooLong);
        }
        let first = combine(arcs[0], arcs[1])?;
        // At most 5 octets per sub-identifier: one check for the whole OID.
        self.room(5 * (arcs.len() - 1));
        let end = self.start;
        for &a in arcs[2..].iter().rev() {
            self.subid(a);
        }
        self.subid(first);
        self.header(tag::OID, end - self.start);
        Ok(())
    }

    /// One sub-identifier, base 128, in front (the caller made room for it).
    #[inline]
    fn subid(&mut self, mut v: u32) {
        let mut i = self.start - 1;
        self.buf[i] = (v & 0x7f) as u8;
        v >>= 7;
        while v != 0 {
            i -= 1;
            self.buf[i] = (v & 0x7f) as u8 | 0x80;
            v >>= 7;
        }
        self.start = i;
    }

    /// A complete value, as [`Message`](crate::Message) encodes it in a binding.
    #[inline]
    pub fn value(&mut self, v: &Value<'_>) {
        v.encode(self);
    }
}

impl Sink for BackWriter {
    /// Puts a tag and the definite length `len` in front (of the `len` content octets
    /// just written).
    #[inline]
    fn header(&mut self, tag: u8, len: usize) {
        if len < 0x80 {
            self.room(2);
            self.start -= 2;
            let s = self.start;
            self.buf[s] = tag;
            self.buf[s + 1] = len as u8;
        } else {
            self.long_header(tag, len);
        }
    }

    /// A complete element whose content is the minimal two's complement of `v` (INTEGER).
    #[inline]
    fn signed(&mut self, tag: u8, v: i64) {
        let n = signed_len(v);
        self.room(n);
        self.big_endian(v as u64, n);
        self.header(tag, n);
    }

    /// A complete element whose content is the minimal encoding of the non-negative `v`
    /// (Counter32, Gauge32, TimeTicks, Counter64: a leading 0x00 when the top bit is set).
    #[inline]
    fn unsigned(&mut self, tag: u8, v: u64) {
        let n = unsigned_len(v);
        // n is 9 when the top bit is set: the eight octets and the 0x00 pad.
        self.room(n);
        self.big_endian(v, n.min(8));
        if n == 9 {
            self.byte(0);
        }
        self.header(tag, n);
    }

    /// A complete element with `content` as its content octets.
    #[inline]
    fn tlv(&mut self, tag: u8, content: &[u8]) {
        self.bytes(content);
        self.header(tag, content.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Body, Message, Oid, Pdu, PduType, VarBind, Version};

    /// Every value kind and length form, against the forward encoder.
    #[test]
    fn matches_the_forward_encoder() {
        let long = vec![0x5a; 300];
        let huge = vec![0xa5; 70_000];
        let oid = Oid::from_arcs(&[1, 3, 6, 1, 4, 1, 2_147_483_647, 0]).unwrap();
        let values = [
            Value::Integer(0),
            Value::Integer(-1),
            Value::Integer(i32::MIN),
            Value::Integer(i32::MAX),
            Value::Integer(128),
            Value::OctetString(b""),
            Value::OctetString(&long),
            Value::OctetString(&huge),
            Value::Null,
            Value::ObjectIdentifier(oid.as_raw()),
            Value::IpAddress([127, 0, 0, 1]),
            Value::Counter32(u32::MAX),
            Value::Gauge32(0x80),
            Value::TimeTicks(0),
            Value::Opaque(&[0x9f, 0x78, 0x04, 0, 0, 0, 0]),
            Value::Counter64(u64::MAX),
            Value::Counter64(0x7f),
            Value::NoSuchObject,
            Value::NoSuchInstance,
            Value::EndOfMibView,
        ];
        let names: [&[u32]; 3] = [&[0, 0], &[2, 999, 3], &[1, 3, 6, 1, 2, 1, 1, 3, 0]];
        let mut vbs_arcs = Vec::new();
        for (i, v) in values.iter().enumerate() {
            vbs_arcs.push((names[i % names.len()], *v));
        }
        let oids: Vec<Oid> = vbs_arcs
            .iter()
            .map(|(n, _)| Oid::from_arcs(n).unwrap())
            .collect();
        let vbs = vbs_arcs
            .iter()
            .zip(&oids)
            .map(|((_, v), o)| VarBind::new(o.as_raw(), *v))
            .collect();
        let msg = Message {
            version: Version::V2c,
            community: b"public",
            body: Body::Pdu(Pdu {
                pdu_type: PduType::Response,
                request_id: -7,
                error_status: 2,
                error_index: 300,
                varbinds: vbs,
            }),
        };
        let mut w = BackWriter::new();
        let list = w.len();
        for (name, v) in vbs_arcs.iter().rev() {
            let vb = w.len();
            w.value(v);
            w.oid(name).unwrap();
            w.wrap(0x30, vb);
        }
        w.wrap(0x30, list);
        w.signed(0x02, 300);
        w.signed(0x02, 2);
        w.signed(0x02, -7);
        w.wrap(0xa2, list);
        w.tlv(0x04, b"public");
        w.signed(0x02, 1);
        w.wrap(0x30, list);
        assert_eq!(w.as_slice(), msg.to_vec().unwrap());
        assert_eq!(w.len(), msg.encoded_len().unwrap());
        w.clear(1024);
        assert!(w.is_empty());
        assert_eq!(w.buf.len(), 0, "a grown buffer is let go");
    }

    #[test]
    fn a_message_the_version_cannot_carry_writes_nothing() {
        let name = Oid::from_arcs(&[1, 3, 6, 1]).unwrap();
        let mut w = BackWriter::new();
        w.octet_string(b"x");
        for (version, t) in [(Version::V3, PduType::Get), (Version::V1, PduType::GetBulk)] {
            let msg = Message {
                version,
                community: b"public",
                body: Body::Pdu(Pdu::new(t, 1, vec![VarBind::null(name.as_raw())])),
            };
            assert_eq!(msg.write_backward(&mut w), Err(msg.to_vec().unwrap_err()));
            assert_eq!(w.as_slice(), [0x04, 0x01, b'x']);
        }
    }

    /// The borrowed-bindings writer writes what the message writes, and fails as it fails
    /// (writing nothing), for every PDU type in every community version.
    #[test]
    fn borrowed_bindings_write_what_the_message_writes() {
        let name = Oid::from_arcs(&[1, 3, 6, 1, 2, 1, 1, 3, 0]).unwrap();
        let vbs = [
            VarBind::null(name.as_raw()),
            VarBind {
                name: name.as_raw(),
                value: Value::Counter64(u64::MAX),
            },
            VarBind {
                name: name.as_raw(),
                value: Value::OctetString(&[0x5a; 300]),
            },
        ];
        let types = [
            PduType::Get,
            PduType::GetNext,
            PduType::Response,
            PduType::Set,
            PduType::TrapV1,
            PduType::GetBulk,
            PduType::Inform,
            PduType::TrapV2,
            PduType::Report,
        ];
        for version in [Version::V1, Version::V2c, Version::V3] {
            for t in types {
                for bindings in [&vbs[..1], &vbs[..]] {
                    let fields = [-7, 3, 2];
                    let mut pdu = Pdu::new(t, fields[0], bindings.to_vec());
                    (pdu.error_status, pdu.error_index) = (fields[1], fields[2]);
                    let msg = Message {
                        version,
                        community: b"c0mmunity",
                        body: Body::Pdu(pdu),
                    };
                    let mut w = BackWriter::new();
                    w.octet_string(b"x");
                    let r = crate::write_community_backward(
                        &mut w,
                        version,
                        b"c0mmunity",
                        t,
                        fields,
                        bindings,
                    );
                    match msg.to_vec() {
                        Ok(bytes) => {
                            assert_eq!(r, Ok(()), "{version:?} {t:?}");
                            assert_eq!(w.as_slice()[..bytes.len()], bytes[..]);
                            assert_eq!(w.as_slice()[bytes.len()..], [0x04, 0x01, b'x']);
                        }
                        Err(e) => {
                            assert_eq!(r, Err(e), "{version:?} {t:?}");
                            assert_eq!(w.as_slice(), [0x04, 0x01, b'x']);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn bad_oids_write_nothing() {
        let mut w = BackWriter::new();
        w.tlv(0x04, b"x");
        assert_eq!(w.oid(&[1]), Err(OidError::TooShort));
        assert_eq!(w.oid(&[3, 1]), Err(OidError::BadFirstArcs));
        assert_eq!(w.oid(&[1, 40]), Err(OidError::BadFirstArcs));
        assert_eq!(w.oid(&[2, u32::MAX]), Err(OidError::BadFirstArcs));
        assert_eq!(w.oid(&vec![1; MAX_OID_LEN + 1]), Err(OidError::TooLong));
        assert_eq!(w.as_slice(), [0x04, 0x01, b'x']);
        // What was written after a mark can be dropped (a message over the size limit).
        let mark = w.len();
        w.integer(300);
        w.sequence(mark);
        w.rewind(mark);
        assert_eq!(w.as_slice(), [0x04, 0x01, b'x']);
        w.clear(1024);
        assert_eq!(w.as_slice(), []);
    }
}
