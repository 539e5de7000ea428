//! Decoding and encoding errors.

use core::fmt;

/// What went wrong while decoding, and where.
///
/// `offset` is the byte offset into the buffer given to the decoder at which the offending
/// element (usually its tag or length byte) starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{kind} at byte {offset}")]
pub struct DecodeError {
    /// The kind of problem.
    pub kind: DecodeErrorKind,
    /// Byte offset of the offending element in the input.
    pub offset: usize,
}

impl DecodeError {
    pub(crate) const fn new(kind: DecodeErrorKind, offset: usize) -> Self {
        Self { kind, offset }
    }
}

/// The kinds of [`DecodeError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The input ended before an element was complete.
    #[error("input truncated")]
    Truncated,
    /// A tag other than the one the grammar allows here.
    #[error("unexpected tag 0x{found:02x} (expected 0x{expected:02x})")]
    UnexpectedTag {
        /// The tag the grammar requires (for choices: the first allowed tag).
        expected: u8,
        /// The tag found in the input.
        found: u8,
    },
    /// A high-tag-number form tag (low five bits all set), which SNMP never uses.
    #[error("multi-byte tag")]
    MultiByteTag,
    /// The indefinite length form (0x80), which SNMP forbids.
    #[error("indefinite length")]
    IndefiniteLength,
    /// A length field of more than four bytes, or a value that does not fit in 32 bits.
    #[error("length field too long")]
    OversizedLength,
    /// A length that reaches past the end of the enclosing element.
    #[error("length {length} exceeds the {available} bytes available")]
    LengthPastEnd {
        /// The declared length.
        length: usize,
        /// Bytes left in the enclosing element.
        available: usize,
    },
    /// Bytes left over after the end of an element that must fill its container.
    #[error("{count} trailing bytes")]
    TrailingBytes {
        /// Number of unread bytes.
        count: usize,
    },
    /// An INTEGER with no content bytes.
    #[error("empty integer")]
    EmptyInteger,
    /// An INTEGER with redundant leading 0x00 or 0xFF octets (X.690 8.3.2).
    #[error("non-minimal integer encoding")]
    NonMinimalInteger,
    /// An integer whose value does not fit the type's range.
    #[error("integer out of range")]
    IntegerOutOfRange,
    /// An OBJECT IDENTIFIER with no content bytes.
    #[error("empty object identifier")]
    EmptyOid,
    /// An OBJECT IDENTIFIER with more than [`crate::MAX_OID_LEN`] sub-identifiers.
    #[error("object identifier has more than 128 sub-identifiers")]
    OidTooLong,
    /// A sub-identifier above 2^32-1.
    #[error("sub-identifier exceeds 32 bits")]
    SubidOverflow,
    /// A sub-identifier starting with the padding octet 0x80.
    #[error("non-minimal sub-identifier")]
    NonMinimalSubid,
    /// The last octet of an OBJECT IDENTIFIER has its continuation bit set.
    #[error("object identifier ends inside a sub-identifier")]
    UnterminatedSubid,
    /// NULL or an exception value (noSuchObject…) with content bytes.
    #[error("NULL with non-empty content")]
    NonEmptyNull,
    /// An IpAddress whose content is not four octets.
    #[error("IpAddress of {0} octets")]
    BadIpAddress(usize),
    /// A message version other than 0 (v1) or 1 (v2c).
    #[error("unsupported SNMP version {0}")]
    UnsupportedVersion(i32),
    /// A PDU tag that no SNMP version defines.
    #[error("unknown PDU type 0x{0:02x}")]
    UnknownPduType(u8),
    /// A PDU type that the message's version does not allow (e.g. GetBulk in v1).
    #[error("PDU type 0x{0:02x} not allowed in this version")]
    PduNotInVersion(u8),
    /// A value tag that no SMI syntax uses.
    #[error("unknown value tag 0x{0:02x}")]
    UnknownValueTag(u8),
    /// A value syntax that the message's version does not allow (Counter64 or an exception
    /// in SNMPv1, NsapAddress in SNMPv2c).
    #[error("value tag 0x{0:02x} not allowed in this version")]
    SyntaxNotInVersion(u8),
    /// An error-status outside the range the version defines, or a negative error-index,
    /// non-repeaters or max-repetitions.
    #[error("PDU field out of range")]
    FieldOutOfRange,
    /// A v1 generic-trap outside 0..=6.
    #[error("generic-trap {0} out of range")]
    BadGenericTrap(i32),
}

/// Why a message could not be encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// The PDU type cannot be carried by the message's version (e.g. GetBulk in SNMPv1, or a
    /// v1 Trap in SNMPv2c).
    #[error("PDU type {0:?} cannot be sent in this SNMP version")]
    PduNotInVersion(crate::PduType),
    /// A value of this syntax cannot be carried by the message's version (Counter64 and the
    /// exceptions in SNMPv1, NsapAddress in SNMPv2c).
    #[error("value syntax 0x{0:02x} cannot be sent in this SNMP version")]
    SyntaxNotInVersion(u8),
    /// The encoded message would be longer than 2^32-1 bytes.
    #[error("message too large to encode")]
    TooLarge,
    /// A community-based [`crate::Message`] with version 3 (SNMPv3 messages are
    /// [`crate::MessageV3`]).
    #[error("SNMPv3 messages have no community")]
    NotCommunityVersion,
    /// A header field outside its RFC 3412 range (msgID or msgMaxSize negative or below
    /// 484, security model 0, boots or time negative, user name over 32 octets).
    #[error("SNMPv3 header field out of range")]
    FieldOutOfRange,
}

/// Why a dotted string is not an [`crate::Oid`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OidError {
    /// Empty string, empty component (`1..3`), or a character other than digits and dots.
    #[error("not a dotted-decimal object identifier")]
    Syntax,
    /// A component above 4294967295.
    #[error("sub-identifier exceeds 32 bits")]
    SubidOverflow,
    /// Fewer than two sub-identifiers.
    #[error("object identifier needs at least two sub-identifiers")]
    TooShort,
    /// More than [`crate::MAX_OID_LEN`] sub-identifiers.
    #[error("object identifier has more than 128 sub-identifiers")]
    TooLong,
    /// The first sub-identifier is above 2, the second is 40 or more under 0 or 1, or the
    /// two combined (40·first + second) exceed 32 bits: BER cannot encode it.
    #[error("first two sub-identifiers cannot be encoded")]
    BadFirstArcs,
}

/// Hex dump helper used by `Debug` impls.
pub(crate) struct Hex<'a>(pub(crate) &'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}
