//! Object identifiers: [`Oid`] (owned) and [`RawOid`] (borrowed from a decoded message).
//!
//! Both keep the OID in its BER content form (base-128 sub-identifiers, the first two arcs
//! combined as 40·x + y). That form is canonical once validated, so equality, ordering and
//! prefix tests are plain byte comparisons, and encoding an OID is a copy. Arcs are decoded
//! on demand by [`RawOid::arcs`].

use core::cmp::Ordering;
use core::fmt;
use core::hash::{Hash, Hasher};
use core::str::FromStr;

use crate::error::{DecodeErrorKind, OidError};

/// The most sub-identifiers an OID may have (RFC 2578 §3.5, WinSNMP `MAXOBJIDSIZE`).
pub const MAX_OID_LEN: usize = 128;

/// Checks BER OID content and returns its number of arcs.
///
/// Rules: non-empty; no sub-identifier starts with 0x80; the last octet ends a
/// sub-identifier; every sub-identifier (the combined first one included) fits in 32 bits;
/// at most [`MAX_OID_LEN`] arcs.
pub(crate) fn validate(content: &[u8]) -> Result<usize, DecodeErrorKind> {
    if content.is_empty() {
        return Err(DecodeErrorKind::EmptyOid);
    }
    // Fast path: every sub-identifier is one octet (most MIB-2 names). Such content breaks
    // none of the rules below, and its arc count is its length plus one.
    if content.len() < MAX_OID_LEN && content.iter().fold(0u8, |a, &b| a | b) < 0x80 {
        return Ok(content.len() + 1);
    }
    // Common case: no sub-identifier longer than four octets (below 2^28, so none can
    // overflow) and none starting with 0x80, checked eight octets at a time; the rest (and
    // any content breaking a rule, to name it) goes through the careful loop below.
    const HI: u64 = 0x8080_8080_8080_8080;
    const LO: u64 = 0x0101_0101_0101_0101;
    let mut subids = 0usize;
    // Continuation flags (bit 0 of each octet) of the previous word, for runs and starts
    // that cross a word boundary.
    let mut prev_cont: u64 = 0;
    let mut chunks = content.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        let cont = (w & HI) >> 7;
        // Octets that start a sub-identifier: the first, or one after a terminator.
        let starts = !((cont << 8) | (prev_cont >> 56)) & LO;
        // Octets equal to 0x80.
        let x = w ^ HI;
        let is80 = !(((x & !HI) + !HI) | x) & HI;
        // Four continuation octets in a row.
        let c1 = (cont << 8) | (prev_cont >> 56);
        let c2 = (cont << 16) | (prev_cont >> 48);
        let c3 = (cont << 24) | (prev_cont >> 40);
        if (is80 >> 7) & starts != 0 || cont & c1 & c2 & c3 != 0 {
            return validate_slow(content);
        }
        subids += 8 - cont.count_ones() as usize;
        prev_cont = cont;
    }
    let mut run = (prev_cont >> 56) as u32
        * (1 + ((prev_cont >> 48) & 1) as u32 * (1 + ((prev_cont >> 40) & 1) as u32));
    let mut starts = prev_cont >> 56 == 0;
    let mut simple = true;
    for &b in chunks.remainder() {
        let cont = u32::from(b >> 7);
        simple &= !(starts && b == 0x80);
        run = (run + 1) * cont;
        simple &= run < 4;
        subids += (1 - cont) as usize;
        starts = cont == 0;
    }
    if simple && starts {
        let arcs = subids + 1;
        return if arcs > MAX_OID_LEN {
            Err(DecodeErrorKind::OidTooLong)
        } else {
            Ok(arcs)
        };
    }
    validate_slow(content)
}

/// [`validate`] octet by octet, naming the first rule broken: a sub-identifier fits in 32
/// bits when it has at most five octets and a five-octet one starts with at most 0x8f.
fn validate_slow(content: &[u8]) -> Result<usize, DecodeErrorKind> {
    let mut subids = 0usize;
    let mut run = 0usize;
    let mut lead = 0u8;
    for &b in content {
        if run == 0 {
            if b == 0x80 {
                return Err(DecodeErrorKind::NonMinimalSubid);
            }
            lead = b;
        }
        run += 1;
        if run > 5 || (run == 5 && lead > 0x8f) {
            return Err(DecodeErrorKind::SubidOverflow);
        }
        if b & 0x80 == 0 {
            subids += 1;
            run = 0;
        }
    }
    if run != 0 {
        return Err(DecodeErrorKind::UnterminatedSubid);
    }
    let arcs = subids + 1;
    if arcs > MAX_OID_LEN {
        return Err(DecodeErrorKind::OidTooLong);
    }
    Ok(arcs)
}

/// Compares two canonical BER OID contents sub-identifier by sub-identifier.
///
/// Plain byte order is *not* arc order: 256 is `82 00` and 16384 is `81 80 00`, so bytes
/// would put 256 after 16384. Canonical sub-identifiers have no leading 0x80 octet, so
/// within the first sub-identifier that differs, the one with more octets is the larger,
/// and with equal octet counts the first differing octet decides. The combined first
/// sub-identifier 40·x + y is monotonic in (x, y), so it compares like the two arcs.
/// An OID that is a byte prefix of another ends on a sub-identifier boundary, so it is an
/// arc prefix and sorts first.
pub(crate) fn cmp_ber(a: &[u8], b: &[u8]) -> Ordering {
    let Some(i) = first_difference(a, b) else {
        return a.len().cmp(&b.len());
    };
    // Start of the sub-identifier holding the first difference (identical in a and b).
    let start = a[..i]
        .iter()
        .rposition(|&x| x & 0x80 == 0)
        .map_or(0, |p| p + 1);
    let subid_len = |s: &[u8]| {
        s[start..]
            .iter()
            .position(|&x| x & 0x80 == 0)
            .map_or(s.len() - start, |p| p + 1)
    };
    subid_len(a).cmp(&subid_len(b)).then(a[i].cmp(&b[i]))
}

/// The first index where `a` and `b` differ (`None` if one is a prefix of the other),
/// eight octets at a time.
fn first_difference(a: &[u8], b: &[u8]) -> Option<usize> {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 8 <= n {
        let x = u64::from_le_bytes([
            a[i],
            a[i + 1],
            a[i + 2],
            a[i + 3],
            a[i + 4],
            a[i + 5],
            a[i + 6],
            a[i + 7],
        ]);
        let y = u64::from_le_bytes([
            b[i],
            b[i + 1],
            b[i + 2],
            b[i + 3],
            b[i + 4],
            b[i + 5],
            b[i + 6],
            b[i + 7],
        ]);
        if x != y {
            return Some(i + ((x ^ y).trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    (i..n).find(|&k| a[k] != b[k])
}

/// A validated OID borrowed from BER content octets (zero-copy).
#[derive(Clone, Copy)]
pub struct RawOid<'a>(&'a [u8]);

impl<'a> RawOid<'a> {
    /// Validates BER content octets (the bytes after tag and length) as an OID.
    ///
    /// # Errors
    /// The [`DecodeErrorKind`] naming the first rule the bytes break.
    pub fn from_ber(content: &'a [u8]) -> Result<Self, DecodeErrorKind> {
        validate(content)?;
        Ok(Self(content))
    }

    /// Wraps bytes already validated by [`validate`].
    pub(crate) const fn new_unchecked(content: &'a [u8]) -> Self {
        Self(content)
    }

    /// The BER content octets.
    pub const fn as_ber(&self) -> &'a [u8] {
        self.0
    }

    /// The sub-identifiers, first to last.
    pub fn arcs(&self) -> Arcs<'a> {
        Arcs {
            bytes: self.0,
            started: false,
            pending: None,
        }
    }

    /// The sub-identifiers as a vector, decoded in one pass (what `arcs().collect()` gives,
    /// faster: the hot path of every received binding's name).
    pub fn to_arc_vec(&self) -> Vec<u32> {
        // One arc per octet at most, plus the split first one: allocated once.
        let mut out = Vec::with_capacity(self.0.len() + 1);
        let mut acc: u32 = 0;
        for &b in self.0 {
            acc = (acc << 7) | u32::from(b & 0x7f);
            if b & 0x80 == 0 {
                if out.is_empty() {
                    let (x, y) = split_first(acc);
                    out.push(x);
                    out.push(y);
                } else {
                    out.push(acc);
                }
                acc = 0;
            }
        }
        out
    }

    /// Number of sub-identifiers (at least 2).
    pub fn len(&self) -> usize {
        self.0.iter().filter(|&&b| b & 0x80 == 0).count() + 1
    }

    /// Always false: a valid OID has at least two sub-identifiers.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Whether `prefix`'s sub-identifiers begin this OID (an OID is a prefix of itself).
    pub fn starts_with(&self, prefix: RawOid<'_>) -> bool {
        // Both are canonical and every sub-identifier ends with an octet below 0x80, so a
        // byte prefix ends on an arc boundary.
        self.0.starts_with(prefix.0)
    }

    /// An owned copy.
    pub fn to_oid(&self) -> Oid {
        Oid::from_ber_unchecked(self.0)
    }
}

impl PartialEq for RawOid<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl Eq for RawOid<'_> {}
impl PartialOrd for RawOid<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for RawOid<'_> {
    /// Lexicographic by sub-identifier (see `cmp_ber`).
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_ber(self.0, other.0)
    }
}
impl Hash for RawOid<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

/// The decimal digits of `v`, right-aligned in `tmp`; returns where they start.
fn digits(mut v: u32, tmp: &mut [u8; 10]) -> usize {
    let mut i = tmp.len();
    loop {
        i -= 1;
        // `v % 10` is below 10: the cast cannot truncate.
        tmp[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            return i;
        }
    }
}

impl RawOid<'_> {
    /// Appends the dotted-decimal form (no leading dot) to `out`: the fast path for
    /// printers that write into a reused buffer (no formatting machinery per arc).
    pub fn write_dotted(&self, out: &mut Vec<u8>) {
        let mut tmp = [0u8; 10];
        for (n, arc) in self.arcs().enumerate() {
            if n > 0 {
                out.push(b'.');
            }
            let i = digits(arc, &mut tmp);
            out.extend_from_slice(&tmp[i..]);
        }
    }
}

impl fmt::Display for RawOid<'_> {
    /// Dotted decimal without a leading dot: `1.3.6.1.2.1.1.1.0`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Written in chunks from a stack buffer: one `write_str` per ~150 characters
        // rather than a formatting call per arc.
        let mut buf = [0u8; 160];
        let mut len = 0;
        let mut tmp = [0u8; 10];
        let flush = |f: &mut fmt::Formatter<'_>, b: &[u8]| {
            f.write_str(std::str::from_utf8(b).map_err(|_| fmt::Error)?)
        };
        for (n, arc) in self.arcs().enumerate() {
            if len + 11 > buf.len() {
                flush(f, &buf[..len])?;
                len = 0;
            }
            if n > 0 {
                buf[len] = b'.';
                len += 1;
            }
            let i = digits(arc, &mut tmp);
            let d = &tmp[i..];
            buf[len..len + d.len()].copy_from_slice(d);
            len += d.len();
        }
        flush(f, &buf[..len])
    }
}

impl fmt::Debug for RawOid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawOid({self})")
    }
}

/// Iterator over the sub-identifiers of an OID.
#[derive(Debug, Clone)]
pub struct Arcs<'a> {
    bytes: &'a [u8],
    /// Set once the combined first sub-identifier has been split into two arcs.
    started: bool,
    pending: Option<u32>,
}

impl Iterator for Arcs<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        if let Some(p) = self.pending.take() {
            return Some(p);
        }
        let mut acc: u32 = 0;
        let mut i = 0;
        while let Some(&b) = self.bytes.get(i) {
            i += 1;
            acc = (acc << 7) | u32::from(b & 0x7f);
            if b & 0x80 == 0 {
                break;
            }
        }
        if i == 0 {
            return None;
        }
        self.bytes = &self.bytes[i..];
        if self.started {
            return Some(acc);
        }
        self.started = true;
        let (x, y) = split_first(acc);
        self.pending = Some(y);
        Some(x)
    }

    /// Exact for a valid OID (a vector collected from it is allocated once).
    fn size_hint(&self) -> (usize, Option<usize>) {
        let ends = self.bytes.iter().filter(|&&b| b & 0x80 == 0).count();
        // An unterminated last sub-identifier (never in a decoded OID) is yielded too.
        let partial = usize::from(self.bytes.last().is_some_and(|&b| b & 0x80 != 0));
        let first = usize::from(!self.started && !self.bytes.is_empty());
        let n = ends + first + usize::from(self.pending.is_some());
        (n, Some(n + partial))
    }
}

/// Octets kept inline before an [`Oid`] spills to the heap: enough for most MIB-2 OIDs.
const INLINE: usize = 30;

#[derive(Clone)]
enum Storage {
    Inline { len: u8, buf: [u8; INLINE] },
    Heap(Box<[u8]>),
}

/// An owned object identifier: at least two and at most [`MAX_OID_LEN`] sub-identifiers,
/// each 32 bits, whose first two arcs BER can encode (0.x and 1.x with x < 40, or 2.x).
///
/// Up to 30 encoded octets (about 25 arcs of MIB-2 size) are stored without allocation.
///
/// ```
/// use winsnmp_wire::Oid;
/// let sys_descr: Oid = ".1.3.6.1.2.1.1.1.0".parse().unwrap();
/// let system: Oid = "1.3.6.1.2.1.1".parse().unwrap();
/// assert!(sys_descr.starts_with(&system));
/// assert!(system < sys_descr);
/// assert_eq!(sys_descr.to_string(), "1.3.6.1.2.1.1.1.0");
/// assert_eq!(sys_descr.len(), 9);
/// ```
#[derive(Clone)]
pub struct Oid(Storage);

impl Oid {
    fn from_ber_unchecked(bytes: &[u8]) -> Self {
        if bytes.len() <= INLINE {
            let mut buf = [0u8; INLINE];
            buf[..bytes.len()].copy_from_slice(bytes);
            Self(Storage::Inline {
                len: bytes.len() as u8,
                buf,
            })
        } else {
            Self(Storage::Heap(bytes.into()))
        }
    }

    /// Builds an OID from BER content octets, validating them.
    ///
    /// # Errors
    /// The [`DecodeErrorKind`] naming the first rule the bytes break.
    pub fn from_ber(content: &[u8]) -> Result<Self, DecodeErrorKind> {
        validate(content)?;
        Ok(Self::from_ber_unchecked(content))
    }

    /// Builds an OID from its sub-identifiers.
    ///
    /// # Errors
    /// [`OidError::TooShort`], [`OidError::TooLong`] or [`OidError::BadFirstArcs`].
    pub fn from_arcs(arcs: &[u32]) -> Result<Self, OidError> {
        if arcs.len() < 2 {
            return Err(OidError::TooShort);
        }
        if arcs.len() > MAX_OID_LEN {
            return Err(OidError::TooLong);
        }
        let first = combine(arcs[0], arcs[1])?;
        let mut buf = [0u8; MAX_OID_LEN * 5];
        let mut n = put_subid(&mut buf, 0, first);
        for &a in &arcs[2..] {
            n = put_subid(&mut buf, n, a);
        }
        Ok(Self::from_ber_unchecked(&buf[..n]))
    }

    /// Appends the BER content octets of the OID whose sub-identifiers are `arcs` to
    /// `out` (what [`Oid::from_arcs`] stores, with no intermediate copy), and returns how
    /// many octets it wrote. On error `out` is unchanged.
    ///
    /// # Errors
    /// As [`Oid::from_arcs`].
    pub fn write_arcs(arcs: &[u32], out: &mut Vec<u8>) -> Result<usize, OidError> {
        if arcs.len() < 2 {
            return Err(OidError::TooShort);
        }
        if arcs.len() > MAX_OID_LEN {
            return Err(OidError::TooLong);
        }
        let first = combine(arcs[0], arcs[1])?;
        let start = out.len();
        push_subid(out, first);
        for &a in &arcs[2..] {
            push_subid(out, a);
        }
        Ok(out.len() - start)
    }

    /// The borrowed view, which carries every read-only operation.
    pub fn as_raw(&self) -> RawOid<'_> {
        RawOid::new_unchecked(self.as_ber())
    }

    /// The BER content octets.
    pub fn as_ber(&self) -> &[u8] {
        match &self.0 {
            Storage::Inline { len, buf } => &buf[..usize::from(*len)],
            Storage::Heap(b) => b,
        }
    }

    /// The sub-identifiers, first to last.
    pub fn arcs(&self) -> Arcs<'_> {
        self.as_raw().arcs()
    }

    /// The sub-identifiers as a vector.
    pub fn to_vec(&self) -> Vec<u32> {
        self.arcs().collect()
    }

    /// Number of sub-identifiers.
    pub fn len(&self) -> usize {
        self.as_raw().len()
    }

    /// Always false: an OID has at least two sub-identifiers.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Whether `prefix` begins this OID.
    pub fn starts_with(&self, prefix: &Self) -> bool {
        self.as_raw().starts_with(prefix.as_raw())
    }

    /// Appends one sub-identifier.
    ///
    /// # Errors
    /// [`OidError::TooLong`] when the OID already has [`MAX_OID_LEN`] sub-identifiers (the OID
    /// is then unchanged).
    pub fn push(&mut self, arc: u32) -> Result<(), OidError> {
        self.extend_from(&[arc])
    }

    /// Appends sub-identifiers (an instance suffix, a column index…).
    ///
    /// # Errors
    /// [`OidError::TooLong`] when the result would exceed [`MAX_OID_LEN`] sub-identifiers (the
    /// OID is then unchanged).
    pub fn extend_from(&mut self, arcs: &[u32]) -> Result<(), OidError> {
        if self.len() + arcs.len() > MAX_OID_LEN {
            return Err(OidError::TooLong);
        }
        let old = self.as_ber();
        let mut buf = [0u8; MAX_OID_LEN * 5];
        buf[..old.len()].copy_from_slice(old);
        let mut n = old.len();
        for &a in arcs {
            n = put_subid(&mut buf, n, a);
        }
        *self = Self::from_ber_unchecked(&buf[..n]);
        Ok(())
    }

    /// A copy with `arcs` appended.
    ///
    /// # Errors
    /// As [`Oid::extend_from`].
    pub fn child(&self, arcs: &[u32]) -> Result<Self, OidError> {
        let mut o = self.clone();
        o.extend_from(arcs)?;
        Ok(o)
    }
}

pub(crate) fn combine(x: u32, y: u32) -> Result<u32, OidError> {
    match x {
        0 | 1 if y < 40 => Ok(x * 40 + y),
        2 => y.checked_add(80).ok_or(OidError::BadFirstArcs),
        _ => Err(OidError::BadFirstArcs),
    }
}

/// Appends `v` base-128 to `out`, as [`put_subid`] writes into a fixed buffer (going
/// through such a buffer here made every request's encoding measurably slower).
fn push_subid(out: &mut Vec<u8>, v: u32) {
    if v < 0x80 {
        out.push(v as u8);
        return;
    }
    let groups = (32 - v.leading_zeros() as usize).div_ceil(7);
    for i in (0..groups).rev() {
        let b = ((v >> (7 * i)) & 0x7f) as u8;
        out.push(if i == 0 { b } else { b | 0x80 });
    }
}

/// The first two arcs of an OID from its combined first sub-identifier (X.690 8.19.4).
const fn split_first(v: u32) -> (u32, u32) {
    match v {
        0..40 => (0, v),
        40..80 => (1, v - 40),
        _ => (2, v - 80),
    }
}

/// Writes `v` base-128 at `buf[n..]`, returns the new end.
fn put_subid(buf: &mut [u8], mut n: usize, v: u32) -> usize {
    let groups = if v == 0 {
        1
    } else {
        (32 - v.leading_zeros() as usize).div_ceil(7)
    };
    for i in (0..groups).rev() {
        let b = ((v >> (7 * i)) & 0x7f) as u8;
        buf[n] = if i == 0 { b } else { b | 0x80 };
        n += 1;
    }
    n
}

impl FromStr for Oid {
    type Err = OidError;

    /// Parses dotted decimal, with or without a leading dot: `1.3.6.1` or `.1.3.6.1`.
    fn from_str(s: &str) -> Result<Self, OidError> {
        let s = s.strip_prefix('.').unwrap_or(s);
        if s.is_empty() {
            return Err(OidError::Syntax);
        }
        let mut arcs = [0u32; MAX_OID_LEN];
        let mut n = 0;
        for part in s.split('.') {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(OidError::Syntax);
            }
            if n == MAX_OID_LEN {
                return Err(OidError::TooLong);
            }
            arcs[n] = part.parse::<u32>().map_err(|_| OidError::SubidOverflow)?;
            n += 1;
        }
        Self::from_arcs(&arcs[..n])
    }
}

impl PartialEq for Oid {
    fn eq(&self, other: &Self) -> bool {
        self.as_ber() == other.as_ber()
    }
}
impl Eq for Oid {}
impl PartialOrd for Oid {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Oid {
    /// Lexicographic by sub-identifier (see [`RawOid`]'s `Ord`).
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_ber(self.as_ber(), other.as_ber())
    }
}
impl Hash for Oid {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_ber().hash(state);
    }
}
impl fmt::Display for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.as_raw(), f)
    }
}
impl fmt::Debug for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Oid({self})")
    }
}
impl From<RawOid<'_>> for Oid {
    fn from(r: RawOid<'_>) -> Self {
        r.to_oid()
    }
}
impl<'a> From<&'a Oid> for RawOid<'a> {
    fn from(o: &'a Oid) -> Self {
        o.as_raw()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(s: &str) -> Oid {
        s.parse().unwrap()
    }

    proptest::proptest! {
        /// The one-pass conversions agree with the general ones, for every valid OID
        /// (arcs of every size, the three first arcs) and every invalid arc list.
        #[test]
        fn one_pass_conversions_agree(
            first in 0u32..4,
            second in proptest::prop_oneof![0u32..45, proptest::num::u32::ANY],
            rest in proptest::collection::vec(
                proptest::prop_oneof![0u32..128, 128u32..16384, proptest::num::u32::ANY], 0..130),
        ) {
            let mut arcs = vec![first, second];
            arcs.extend(rest);
            let mut out = vec![0xAA];
            match Oid::from_arcs(&arcs) {
                Ok(o) => {
                    proptest::prop_assert_eq!(Oid::write_arcs(&arcs, &mut out), Ok(o.as_ber().len()));
                    proptest::prop_assert_eq!(&out[1..], o.as_ber());
                    proptest::prop_assert_eq!(o.as_raw().to_arc_vec(), arcs);
                }
                Err(e) => {
                    proptest::prop_assert_eq!(Oid::write_arcs(&arcs, &mut out), Err(e));
                    proptest::prop_assert_eq!(out, [0xAA]);
                }
            }
        }
    }

    #[test]
    fn order_is_by_arc_not_by_byte() {
        // 256 is 82 00 and 16384 is 81 80 00: byte order would put 1.3.256 after 1.3.16384.
        let a = oid("1.3.256");
        let b = oid("1.3.16384");
        assert_eq!(a.as_ber(), &[0x2b, 0x82, 0x00]);
        assert_eq!(b.as_ber(), &[0x2b, 0x81, 0x80, 0x00]);
        assert!(a < b);
        assert!(a.as_raw() < b.as_raw());
        // Same octet count: the octets decide.
        assert!(oid("1.3.200") < oid("1.3.300"));
        // A prefix sorts first; a single-octet arc sorts before a multi-octet one.
        assert!(oid("1.3.6") < oid("1.3.6.0"));
        assert!(oid("1.3.127.9") < oid("1.3.128"));
        // The combined first sub-identifier: 1.39 < 2.0 < 2.4294967215.
        assert!(oid("1.39") < oid("2.0"));
        assert!(oid("2.0") < oid("2.4294967215"));
        assert_eq!(oid("1.3.6.1").cmp(&oid("1.3.6.1")), Ordering::Equal);
        // Difference in a later sub-identifier after a shared multi-octet one.
        assert!(oid("1.3.16384.5") < oid("1.3.16384.300"));
        assert!(oid("1.3.16385") > oid("1.3.16384.300"));
    }

    #[test]
    fn validate_rules() {
        assert_eq!(validate(&[]), Err(DecodeErrorKind::EmptyOid));
        assert_eq!(
            validate(&[0x2b, 0x80, 0x01]),
            Err(DecodeErrorKind::NonMinimalSubid)
        );
        assert_eq!(
            validate(&[0x2b, 0x86]),
            Err(DecodeErrorKind::UnterminatedSubid)
        );
        // 2^32 = 0x1_0000_0000 = 90 80 80 80 00.
        assert_eq!(
            validate(&[0x2b, 0x90, 0x80, 0x80, 0x80, 0x00]),
            Err(DecodeErrorKind::SubidOverflow)
        );
        assert_eq!(validate(&[0x2b, 0x8f, 0xff, 0xff, 0xff, 0x7f]), Ok(3));
        assert_eq!(
            validate(&[0x2b, 0xff, 0xff, 0xff, 0x7f]),
            Ok(3),
            "four octets"
        );
        assert_eq!(
            validate(&[0x2b, 0xff, 0xff, 0xff, 0xff]),
            Err(DecodeErrorKind::UnterminatedSubid)
        );
        assert_eq!(
            validate(&[0x80, 0x01]),
            Err(DecodeErrorKind::NonMinimalSubid),
            "the first sub-identifier too"
        );
        // Both loops agree, across word boundaries too.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let picks = [0x00, 0x01, 0x2b, 0x7f, 0x80, 0x81, 0x8f, 0x90, 0xff];
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..200_000 {
            let n = 1 + (next() % 26) as usize;
            let v: Vec<u8> = (0..n)
                .map(|_| picks[(next() % picks.len() as u64) as usize])
                .collect();
            assert_eq!(validate(&v), validate_slow(&v), "{v:02x?}");
        }
        assert_eq!(validate(&[0x2b; 127]), Ok(128));
        assert_eq!(validate(&[0x2b; 128]), Err(DecodeErrorKind::OidTooLong));
    }

    #[test]
    fn dotted_forms_agree() {
        let long = (0..128u32)
            .map(|i| i.wrapping_mul(2_654_435_761).to_string())
            .collect::<Vec<_>>();
        let long = format!("1.3.{}", long[2..].join("."));
        for text in [
            "0.0",
            "1.3",
            "1.3.6.1.2.1.1.1.0",
            "2.999.4294967295.128.16384",
            &long,
        ] {
            let oid: Oid = text.parse().unwrap();
            let joined = oid
                .arcs()
                .map(|a| a.to_string())
                .collect::<Vec<_>>()
                .join(".");
            assert_eq!(oid.to_string(), joined);
            let mut out = b"x".to_vec();
            oid.as_raw().write_dotted(&mut out);
            assert_eq!(out, format!("x{joined}").into_bytes());
        }
    }

    #[test]
    fn arcs_know_their_count() {
        for text in [
            "0.0",
            "1.3",
            "1.3.6.1.2.1.1.1.0",
            "2.999.4294967295.128.16384",
        ] {
            let oid: Oid = text.parse().unwrap();
            let mut arcs = oid.arcs();
            loop {
                let left = arcs.clone().count();
                assert_eq!(arcs.size_hint(), (left, Some(left)), "{text}");
                if arcs.next().is_none() {
                    break;
                }
            }
        }
    }

    #[test]
    fn arcs_split_first_subid() {
        assert_eq!(Oid::from_ber(&[0x00]).unwrap().to_vec(), [0, 0]);
        assert_eq!(Oid::from_ber(&[0x27]).unwrap().to_vec(), [0, 39]);
        assert_eq!(Oid::from_ber(&[0x4f]).unwrap().to_vec(), [1, 39]);
        assert_eq!(Oid::from_ber(&[0x50]).unwrap().to_vec(), [2, 0]);
        assert_eq!(
            Oid::from_ber(&[0x8f, 0xff, 0xff, 0xff, 0x7f])
                .unwrap()
                .to_vec(),
            [2, u32::MAX - 80]
        );
        assert_eq!(
            Oid::from_arcs(&[2, u32::MAX - 79]),
            Err(OidError::BadFirstArcs)
        );
        assert_eq!(Oid::from_arcs(&[1, 40]), Err(OidError::BadFirstArcs));
        assert_eq!(Oid::from_arcs(&[3, 0]), Err(OidError::BadFirstArcs));
        assert_eq!(Oid::from_arcs(&[1]), Err(OidError::TooShort));
    }

    #[test]
    fn inline_and_heap_storage_agree() {
        // 30 octets inline, 31 on the heap; both compare and display the same way.
        let mut arcs = vec![1u32, 3];
        arcs.extend(std::iter::repeat_n(5, 29));
        let inline = Oid::from_arcs(&arcs).unwrap();
        assert_eq!(inline.as_ber().len(), 30);
        assert!(matches!(inline.0, Storage::Inline { .. }));
        let heap = inline.child(&[7]).unwrap();
        assert_eq!(heap.as_ber().len(), 31);
        assert!(matches!(heap.0, Storage::Heap(_)));
        assert!(heap.starts_with(&inline));
        assert!(inline < heap);
        assert_eq!(heap.to_string().parse::<Oid>().unwrap(), heap);
    }

    #[test]
    fn from_str_errors() {
        for (s, e) in [
            ("", OidError::Syntax),
            (".", OidError::Syntax),
            ("1..3", OidError::Syntax),
            ("1.3.", OidError::Syntax),
            ("1.3.a", OidError::Syntax),
            ("1.+3", OidError::Syntax),
            ("1", OidError::TooShort),
            ("1.3.4294967296", OidError::SubidOverflow),
            ("3.1", OidError::BadFirstArcs),
        ] {
            assert_eq!(s.parse::<Oid>(), Err(e), "{s:?}");
        }
        let long = vec!["1"; 129].join(".");
        assert_eq!(long.parse::<Oid>(), Err(OidError::TooLong));
        let max = vec!["1"; 128].join(".");
        assert_eq!(max.parse::<Oid>().unwrap().len(), 128);
        assert_eq!(oid(".1.3.6").to_string(), "1.3.6");
    }

    #[test]
    fn push_past_limit_leaves_oid_unchanged() {
        let mut o = Oid::from_arcs(&[1; MAX_OID_LEN]).unwrap();
        let before = o.clone();
        assert_eq!(o.push(1), Err(OidError::TooLong));
        assert_eq!(o, before);
    }
}
