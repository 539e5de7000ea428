//! The BER primitives SNMP needs: a bounds-checked [`Reader`] of tag-length-value elements,
//! integer decoding with X.690 minimality rules, and an exact-size [`Writer`].
//!
//! Every constructed element is decoded from a sub-reader over exactly its content, so a
//! malformed inner length can never read past its container, and every reader is checked for
//! trailing bytes when its element ends.

use crate::error::{DecodeError, DecodeErrorKind as K};

/// Universal tags.
pub(crate) mod tag {
    pub(crate) const INTEGER: u8 = 0x02;
    pub(crate) const OCTET_STRING: u8 = 0x04;
    pub(crate) const NULL: u8 = 0x05;
    pub(crate) const OID: u8 = 0x06;
    pub(crate) const SEQUENCE: u8 = 0x30;
    pub(crate) const IP_ADDRESS: u8 = 0x40;
    pub(crate) const COUNTER32: u8 = 0x41;
    pub(crate) const GAUGE32: u8 = 0x42;
    pub(crate) const TIMETICKS: u8 = 0x43;
    pub(crate) const OPAQUE: u8 = 0x44;
    pub(crate) const NSAP_ADDRESS: u8 = 0x45;
    pub(crate) const COUNTER64: u8 = 0x46;
    pub(crate) const NO_SUCH_OBJECT: u8 = 0x80;
    pub(crate) const NO_SUCH_INSTANCE: u8 = 0x81;
    pub(crate) const END_OF_MIB_VIEW: u8 = 0x82;
}

/// One decoded tag-length-value element.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tlv<'a> {
    /// The identifier octet.
    pub(crate) tag: u8,
    /// Absolute offset of the identifier octet.
    pub(crate) offset: usize,
    /// The content octets.
    pub(crate) content: &'a [u8],
    /// Absolute offset of the first content octet.
    pub(crate) content_offset: usize,
}

impl<'a> Tlv<'a> {
    /// A reader over the content of this element.
    pub(crate) fn reader(&self) -> Reader<'a> {
        Reader {
            buf: self.content,
            pos: 0,
            base: self.content_offset,
        }
    }

    pub(crate) fn err(&self, kind: K) -> DecodeError {
        DecodeError::new(kind, self.offset)
    }
}

/// A cursor over a byte slice that yields whole TLV elements.
#[derive(Debug, Clone)]
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    /// Absolute offset of `buf[0]` in the caller's input, for error reporting.
    base: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(buf: &'a [u8]) -> Self {
        Self {
            buf,
            pos: 0,
            base: 0,
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.pos >= self.buf.len()
    }

    pub(crate) fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// Absolute offset of the next unread byte.
    pub(crate) fn offset(&self) -> usize {
        self.base + self.pos
    }

    /// Number of bytes consumed so far.
    pub(crate) fn consumed(&self) -> usize {
        self.pos
    }

    /// Reads the next element, whatever its tag.
    #[inline]
    pub(crate) fn read_any(&mut self) -> Result<Tlv<'a>, DecodeError> {
        let offset = self.offset();
        let buf = self.buf;
        let mut p = self.pos;
        let Some(&tag) = buf.get(p) else {
            return Err(DecodeError::new(K::Truncated, offset));
        };
        if tag & 0x1f == 0x1f {
            return Err(DecodeError::new(K::MultiByteTag, offset));
        }
        p += 1;
        let Some(&first) = buf.get(p) else {
            return Err(DecodeError::new(K::Truncated, offset));
        };
        p += 1;
        let len = if first < 0x80 {
            usize::from(first)
        } else if first == 0x80 {
            return Err(DecodeError::new(K::IndefiniteLength, offset));
        } else {
            let n = usize::from(first & 0x7f);
            if n > 4 {
                return Err(DecodeError::new(K::OversizedLength, offset));
            }
            let Some(bytes) = buf.get(p..p + n) else {
                return Err(DecodeError::new(K::Truncated, offset));
            };
            p += n;
            bytes
                .iter()
                .fold(0usize, |acc, &b| (acc << 8) | usize::from(b))
        };
        let available = buf.len() - p;
        if len > available {
            return Err(DecodeError::new(
                K::LengthPastEnd {
                    length: len,
                    available,
                },
                offset,
            ));
        }
        let content_offset = self.base + p;
        self.pos = p + len;
        Ok(Tlv {
            tag,
            offset,
            content: &buf[p..p + len],
            content_offset,
        })
    }

    /// Reads the next element and checks its tag.
    #[inline]
    pub(crate) fn read(&mut self, expected: u8) -> Result<Tlv<'a>, DecodeError> {
        let tlv = self.read_any()?;
        if tlv.tag != expected {
            return Err(tlv.err(K::UnexpectedTag {
                expected,
                found: tlv.tag,
            }));
        }
        Ok(tlv)
    }

    /// Fails with [`K::TrailingBytes`] if anything is left unread.
    pub(crate) fn finish(&self) -> Result<(), DecodeError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(DecodeError::new(
                K::TrailingBytes {
                    count: self.remaining(),
                },
                self.offset(),
            ))
        }
    }
}

/// Decodes a signed INTEGER content into an `i64`, enforcing X.690 minimality unless
/// `lenient`. At most 8 content octets (after stripping padding when lenient).
pub(crate) fn decode_signed(tlv: &Tlv<'_>, lenient: bool) -> Result<i64, DecodeError> {
    let mut c = tlv.content;
    if c.is_empty() {
        return Err(tlv.err(K::EmptyInteger));
    }
    if c.len() > 1 && ((c[0] == 0x00 && c[1] & 0x80 == 0) || (c[0] == 0xff && c[1] & 0x80 != 0)) {
        if !lenient {
            return Err(tlv.err(K::NonMinimalInteger));
        }
        while c.len() > 1
            && ((c[0] == 0x00 && c[1] & 0x80 == 0) || (c[0] == 0xff && c[1] & 0x80 != 0))
        {
            c = &c[1..];
        }
    }
    if c.len() > 8 {
        return Err(tlv.err(K::IntegerOutOfRange));
    }
    let mut v: i64 = if c[0] & 0x80 != 0 { -1 } else { 0 };
    for &b in c {
        v = (v << 8) | i64::from(b);
    }
    Ok(v)
}

/// Decodes an INTEGER content as a 32-bit signed value.
#[inline]
pub(crate) fn decode_i32(tlv: &Tlv<'_>, lenient: bool) -> Result<i32, DecodeError> {
    // Fast path: 1 to 4 minimal octets, the common case for request ids and Integer32.
    let c = tlv.content;
    if (1..=4).contains(&c.len())
        && (c.len() == 1
            || !((c[0] == 0 && c[1] & 0x80 == 0) || (c[0] == 0xff && c[1] & 0x80 != 0)))
    {
        let mut v: i32 = if c[0] & 0x80 != 0 { -1 } else { 0 };
        for &b in c {
            v = (v << 8) | i32::from(b);
        }
        return Ok(v);
    }
    let v = decode_signed(tlv, lenient)?;
    i32::try_from(v).map_err(|_| tlv.err(K::IntegerOutOfRange))
}

/// Decodes an unsigned application integer (Counter32, Gauge32, TimeTicks, Counter64) whose
/// value must not exceed `max`.
///
/// With `non_minimal`, redundant leading 0x00 octets are accepted. With `without_pad`, a first
/// octet with the high bit set (no 0x00 pad) is read as an unsigned magnitude instead of
/// being rejected as negative. Each flag admits only its own deviation.
#[inline]
pub(crate) fn decode_unsigned(
    tlv: &Tlv<'_>,
    max: u64,
    non_minimal: bool,
    without_pad: bool,
) -> Result<u64, DecodeError> {
    let mut c = tlv.content;
    if c.is_empty() {
        return Err(tlv.err(K::EmptyInteger));
    }
    if c[0] & 0x80 != 0 {
        if !without_pad {
            // A negative value: out of range for an unsigned type.
            return Err(tlv.err(K::IntegerOutOfRange));
        }
    } else if c.len() > 1 && c[0] == 0 {
        if c[1] & 0x80 == 0 && !non_minimal {
            return Err(tlv.err(K::NonMinimalInteger));
        }
        while c.len() > 1 && c[0] == 0 {
            c = &c[1..];
        }
    }
    if c.len() > 8 {
        return Err(tlv.err(K::IntegerOutOfRange));
    }
    let mut v: u64 = 0;
    for &b in c {
        v = (v << 8) | u64::from(b);
    }
    if v > max {
        return Err(tlv.err(K::IntegerOutOfRange));
    }
    Ok(v)
}

/// Number of octets in the minimal two's-complement encoding of `v`.
#[inline]
pub(crate) const fn signed_len(v: i64) -> usize {
    // Count redundant sign bits: bytes needed = (bits of magnitude incl. sign) / 8 rounded up.
    let x = if v < 0 { !v } else { v };
    let bits = 64 - x.leading_zeros() as usize + 1;
    bits.div_ceil(8)
}

/// Number of octets in the minimal encoding of a non-negative integer `v`.
#[inline]
pub(crate) const fn unsigned_len(v: u64) -> usize {
    let bits = 64 - v.leading_zeros() as usize + 1;
    bits.div_ceil(8)
}

/// Octets taken by the definite length field for `len`.
#[inline]
pub(crate) const fn length_len(len: usize) -> usize {
    if len < 0x80 {
        1
    } else if len <= 0xff {
        2
    } else if len <= 0xffff {
        3
    } else if len <= 0xff_ffff {
        4
    } else {
        5
    }
}

/// Total size of a TLV with `content` octets of content.
#[inline]
pub(crate) const fn tlv_len(content: usize) -> usize {
    1 + length_len(content) + content
}

/// What a value is written with: the forward [`Writer`] and the
/// [`BackWriter`](crate::BackWriter) each put one complete element per call.
pub(crate) trait Sink {
    /// A tag and the definite length of content written next to it.
    fn header(&mut self, tag: u8, len: usize);
    /// A complete element, the minimal two's complement of `v`.
    fn signed(&mut self, tag: u8, v: i64);
    /// A complete element, the minimal unsigned encoding of `v`.
    fn unsigned(&mut self, tag: u8, v: u64);
    /// A complete element with `content` as its content octets.
    fn tlv(&mut self, tag: u8, content: &[u8]);
}

/// Writes BER into a slice that was sized exactly by the caller's length computation.
///
/// All writes are indexed into that slice; a length computation that disagrees with the
/// writer would panic in debug tests, which the round-trip tests and fuzzers check.
pub(crate) struct Writer<'a> {
    buf: &'a mut [u8],
    pos: usize,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(buf: &'a mut [u8]) -> Self {
        Self { buf, pos: 0 }
    }

    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    #[inline]
    pub(crate) fn byte(&mut self, b: u8) {
        self.buf[self.pos] = b;
        self.pos += 1;
    }

    #[inline]
    pub(crate) fn bytes(&mut self, b: &[u8]) {
        self.buf[self.pos..self.pos + b.len()].copy_from_slice(b);
        self.pos += b.len();
    }
}

impl Sink for Writer<'_> {
    /// Tag and definite length.
    #[inline]
    fn header(&mut self, tag: u8, len: usize) {
        self.byte(tag);
        if len < 0x80 {
            self.byte(len as u8);
        } else {
            let n = length_len(len) - 1;
            self.byte(0x80 | n as u8);
            for i in (0..n).rev() {
                self.byte((len >> (8 * i)) as u8);
            }
        }
    }

    /// A complete signed INTEGER-like element.
    #[inline]
    fn signed(&mut self, tag: u8, v: i64) {
        let n = signed_len(v);
        self.header(tag, n);
        for i in (0..n).rev() {
            self.byte((v >> (8 * i)) as u8);
        }
    }

    /// A complete unsigned element (Counter32, Gauge32, TimeTicks, Counter64).
    #[inline]
    fn unsigned(&mut self, tag: u8, v: u64) {
        let n = unsigned_len(v);
        self.header(tag, n);
        for i in (0..n).rev() {
            // For n == 9 the top octet is the 0x00 pad: shifting by 64 is not allowed.
            self.byte(if i >= 8 { 0 } else { (v >> (8 * i)) as u8 });
        }
    }

    /// A complete element with the given content octets.
    #[inline]
    fn tlv(&mut self, tag: u8, content: &[u8]) {
        self.header(tag, content.len());
        self.bytes(content);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_lengths_are_minimal() {
        // X.690 8.3: 127 fits one octet, 128 needs 0x00 0x80, -128 is 0x80, -129 is 0xff 0x7f.
        for (v, n) in [
            (0i64, 1),
            (127, 1),
            (128, 2),
            (-128, 1),
            (-129, 2),
            (32767, 2),
            (32768, 3),
            (i64::from(i32::MIN), 4),
            (i64::from(i32::MAX), 4),
            (i64::MIN, 8),
            (i64::MAX, 8),
        ] {
            assert_eq!(signed_len(v), n, "{v}");
        }
    }

    #[test]
    fn unsigned_lengths_include_sign_pad() {
        for (v, n) in [
            (0u64, 1),
            (0x7f, 1),
            (0x80, 2),
            (0xffff_ffff, 5),
            (u64::MAX, 9),
        ] {
            assert_eq!(unsigned_len(v), n, "{v}");
        }
    }

    #[test]
    fn long_form_lengths() {
        let mut buf = [0u8; 8];
        let mut w = Writer::new(&mut buf);
        w.header(0x30, 0x1234);
        assert_eq!(w.position(), 4);
        assert_eq!(&buf[..4], &[0x30, 0x82, 0x12, 0x34]);
        let mut r = Reader::new(&[0x04, 0x81, 0x01, 0xaa]);
        let t = r.read(0x04).unwrap();
        assert_eq!(t.content, &[0xaa]);
        assert_eq!(t.content_offset, 3);
    }
}
