//! SMI values as they travel in a variable binding.

use core::fmt;

use crate::ber::{self, Reader, Tlv, tag};
use crate::error::{DecodeError, DecodeErrorKind as K, Hex};
use crate::oid::RawOid;
use crate::{Quirks, Version};

/// A variable-binding value: every SMIv2 syntax plus the three SNMPv2 exceptions.
///
/// Octet strings and OIDs borrow from the decoded buffer (or from whatever the caller built
/// the message from). BITS travel as an [`Value::OctetString`] (RFC 2578 §7.1.4);
/// Unsigned32 is [`Value::Gauge32`] (same tag).
#[derive(Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Value<'a> {
    /// INTEGER / Integer32 (tag 0x02).
    Integer(i32),
    /// OCTET STRING (0x04), also BITS.
    OctetString(&'a [u8]),
    /// NULL (0x05): the value of every varbind in a request.
    Null,
    /// OBJECT IDENTIFIER (0x06).
    ObjectIdentifier(RawOid<'a>),
    /// IpAddress (0x40): four octets, network order.
    IpAddress([u8; 4]),
    /// Counter32 (0x41).
    Counter32(u32),
    /// Gauge32 / Unsigned32 (0x42).
    Gauge32(u32),
    /// TimeTicks (0x43): hundredths of a second.
    TimeTicks(u32),
    /// Opaque (0x44): arbitrary BER wrapped in an octet string.
    Opaque(&'a [u8]),
    /// NsapAddress (0x45), from the early SNMPv2 SMI (RFC 1442), which RFC 2578 dropped.
    /// Carried only in SNMPv1 messages, for WinSNMP's `SNMP_SYNTAX_NSAPADDR`.
    NsapAddress(&'a [u8]),
    /// Counter64 (0x46), SNMPv2c only.
    Counter64(u64),
    /// noSuchObject exception (0x80), SNMPv2c only.
    NoSuchObject,
    /// noSuchInstance exception (0x81), SNMPv2c only.
    NoSuchInstance,
    /// endOfMibView exception (0x82), SNMPv2c only.
    EndOfMibView,
}

impl<'a> Value<'a> {
    /// The BER tag of this value's syntax (equal to WinSNMP's `SNMP_SYNTAX_*` value).
    pub const fn tag(&self) -> u8 {
        match self {
            Self::Integer(_) => tag::INTEGER,
            Self::OctetString(_) => tag::OCTET_STRING,
            Self::Null => tag::NULL,
            Self::ObjectIdentifier(_) => tag::OID,
            Self::IpAddress(_) => tag::IP_ADDRESS,
            Self::Counter32(_) => tag::COUNTER32,
            Self::Gauge32(_) => tag::GAUGE32,
            Self::TimeTicks(_) => tag::TIMETICKS,
            Self::Opaque(_) => tag::OPAQUE,
            Self::NsapAddress(_) => tag::NSAP_ADDRESS,
            Self::Counter64(_) => tag::COUNTER64,
            Self::NoSuchObject => tag::NO_SUCH_OBJECT,
            Self::NoSuchInstance => tag::NO_SUCH_INSTANCE,
            Self::EndOfMibView => tag::END_OF_MIB_VIEW,
        }
    }

    /// Whether SNMPv1 can carry this value (everything but Counter64 and the exceptions).
    pub const fn allowed_in_v1(&self) -> bool {
        !matches!(
            self,
            Self::Counter64(_) | Self::NoSuchObject | Self::NoSuchInstance | Self::EndOfMibView
        )
    }

    /// Whether SNMPv2c can carry this value (everything but NsapAddress).
    pub const fn allowed_in_v2c(&self) -> bool {
        !matches!(self, Self::NsapAddress(_))
    }

    /// Whether a message of `version` can carry this value.
    pub const fn allowed_in(&self, version: Version) -> bool {
        match version {
            Version::V1 => self.allowed_in_v1(),
            Version::V2c | Version::V3 => self.allowed_in_v2c(),
        }
    }

    /// Whether this is one of the three SNMPv2 exception values.
    pub const fn is_exception(&self) -> bool {
        matches!(
            self,
            Self::NoSuchObject | Self::NoSuchInstance | Self::EndOfMibView
        )
    }

    #[inline]
    pub(crate) fn decode(
        r: &mut Reader<'a>,
        version: Version,
        quirks: Quirks,
    ) -> Result<Self, DecodeError> {
        let t = r.read_any()?;
        Self::from_tlv(&t, version, quirks)
    }

    #[inline]
    fn from_tlv(t: &Tlv<'a>, version: Version, quirks: Quirks) -> Result<Self, DecodeError> {
        let lenient_int = quirks.non_minimal_integers;
        let v = match t.tag {
            tag::INTEGER => Self::Integer(ber::decode_i32(t, lenient_int)?),
            tag::OCTET_STRING => Self::OctetString(t.content),
            tag::NULL => {
                empty(t)?;
                Self::Null
            }
            tag::OID => Self::ObjectIdentifier(
                RawOid::from_ber(t.content).map_err(|k| DecodeError::new(k, t.offset))?,
            ),
            tag::IP_ADDRESS => match <[u8; 4]>::try_from(t.content) {
                Ok(a) => Self::IpAddress(a),
                Err(_) => return Err(t.err(K::BadIpAddress(t.content.len()))),
            },
            tag::COUNTER32 => Self::Counter32(unsigned32(t, quirks)?),
            tag::GAUGE32 => Self::Gauge32(unsigned32(t, quirks)?),
            tag::TIMETICKS => Self::TimeTicks(unsigned32(t, quirks)?),
            tag::OPAQUE => Self::Opaque(t.content),
            tag::NSAP_ADDRESS => Self::NsapAddress(t.content),
            tag::COUNTER64 => Self::Counter64(ber::decode_unsigned(
                t,
                u64::MAX,
                lenient_int,
                quirks.unsigned_without_pad,
            )?),
            tag::NO_SUCH_OBJECT | tag::NO_SUCH_INSTANCE | tag::END_OF_MIB_VIEW => {
                empty(t)?;
                match t.tag {
                    tag::NO_SUCH_OBJECT => Self::NoSuchObject,
                    tag::NO_SUCH_INSTANCE => Self::NoSuchInstance,
                    _ => Self::EndOfMibView,
                }
            }
            other => return Err(t.err(K::UnknownValueTag(other))),
        };
        if !v.allowed_in(version) {
            return Err(t.err(K::SyntaxNotInVersion(t.tag)));
        }
        Ok(v)
    }

    /// Size of the complete encoded element (tag, length, content).
    #[inline]
    pub fn encoded_len(&self) -> usize {
        match self {
            Self::Integer(v) => 2 + ber::signed_len(i64::from(*v)),
            Self::OctetString(b) | Self::Opaque(b) | Self::NsapAddress(b) => ber::tlv_len(b.len()),
            Self::Null | Self::NoSuchObject | Self::NoSuchInstance | Self::EndOfMibView => 2,
            Self::ObjectIdentifier(o) => ber::tlv_len(o.as_ber().len()),
            Self::IpAddress(_) => 6,
            Self::Counter32(v) | Self::Gauge32(v) | Self::TimeTicks(v) => {
                2 + ber::unsigned_len(u64::from(*v))
            }
            Self::Counter64(v) => 2 + ber::unsigned_len(*v),
        }
    }

    /// Writes the value with either writer (forwards into a sized buffer, or backwards).
    #[inline]
    pub(crate) fn encode(&self, w: &mut impl ber::Sink) {
        let t = self.tag();
        match self {
            Self::Integer(v) => w.signed(t, i64::from(*v)),
            Self::OctetString(b) | Self::Opaque(b) | Self::NsapAddress(b) => w.tlv(t, b),
            Self::Null | Self::NoSuchObject | Self::NoSuchInstance | Self::EndOfMibView => {
                w.header(t, 0);
            }
            Self::ObjectIdentifier(o) => w.tlv(t, o.as_ber()),
            Self::IpAddress(a) => w.tlv(t, a),
            Self::Counter32(v) | Self::Gauge32(v) | Self::TimeTicks(v) => {
                w.unsigned(t, u64::from(*v));
            }
            Self::Counter64(v) => w.unsigned(t, *v),
        }
    }
}

fn empty(t: &Tlv<'_>) -> Result<(), DecodeError> {
    if t.content.is_empty() {
        Ok(())
    } else {
        Err(t.err(K::NonEmptyNull))
    }
}

fn unsigned32(t: &Tlv<'_>, quirks: Quirks) -> Result<u32, DecodeError> {
    let c = t.content;
    // Fast path: 1 to 4 octets, no sign bit, minimal.
    if (1..=4).contains(&c.len()) && c[0] & 0x80 == 0 && (c.len() == 1 || c[0] != 0) {
        let mut v: u32 = 0;
        for &b in c {
            v = (v << 8) | u32::from(b);
        }
        return Ok(v);
    }
    let v = ber::decode_unsigned(
        t,
        u64::from(u32::MAX),
        quirks.non_minimal_integers,
        quirks.unsigned_without_pad,
    )?;
    Ok(v as u32)
}

impl fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Integer(v) => write!(f, "Integer({v})"),
            Self::OctetString(b) => write!(f, "OctetString({})", Hex(b)),
            Self::Null => f.write_str("Null"),
            Self::ObjectIdentifier(o) => write!(f, "ObjectIdentifier({o})"),
            Self::IpAddress(a) => write!(f, "IpAddress({}.{}.{}.{})", a[0], a[1], a[2], a[3]),
            Self::Counter32(v) => write!(f, "Counter32({v})"),
            Self::Gauge32(v) => write!(f, "Gauge32({v})"),
            Self::TimeTicks(v) => write!(f, "TimeTicks({v})"),
            Self::Opaque(b) => write!(f, "Opaque({})", Hex(b)),
            Self::NsapAddress(b) => write!(f, "NsapAddress({})", Hex(b)),
            Self::Counter64(v) => write!(f, "Counter64({v})"),
            Self::NoSuchObject => f.write_str("NoSuchObject"),
            Self::NoSuchInstance => f.write_str("NoSuchInstance"),
            Self::EndOfMibView => f.write_str("EndOfMibView"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], version: Version, quirks: Quirks) -> Result<Value<'_>, DecodeError> {
        let mut r = Reader::new(bytes);
        let v = Value::decode(&mut r, version, quirks)?;
        r.finish()?;
        Ok(v)
    }

    fn only(f: impl FnOnce(&mut Quirks)) -> Quirks {
        let mut q = Quirks::STRICT;
        f(&mut q);
        q
    }

    #[test]
    fn each_unsigned_quirk_admits_only_its_own_deviation() {
        let pad = only(|q| q.unsigned_without_pad = true);
        let nonmin = only(|q| q.non_minimal_integers = true);
        // Counter32 0x80 without its pad: only `unsigned_without_pad` accepts it.
        let unpadded = [0x41, 0x01, 0x80];
        for q in [Quirks::STRICT, nonmin] {
            assert_eq!(
                decode(&unpadded, Version::V2c, q).unwrap_err().kind,
                K::IntegerOutOfRange
            );
        }
        assert_eq!(
            decode(&unpadded, Version::V2c, pad),
            Ok(Value::Counter32(0x80))
        );
        // Counter32 1 with a redundant 0x00: only `non_minimal_integers` accepts it.
        let nonminimal = [0x41, 0x02, 0x00, 0x01];
        for q in [Quirks::STRICT, pad] {
            assert_eq!(
                decode(&nonminimal, Version::V2c, q).unwrap_err().kind,
                K::NonMinimalInteger
            );
        }
        assert_eq!(
            decode(&nonminimal, Version::V2c, nonmin),
            Ok(Value::Counter32(1))
        );
        // The same holds for Counter64, which does not share the 32-bit path.
        let unpadded64 = [0x46, 0x01, 0xff];
        let nonminimal64 = [0x46, 0x02, 0x00, 0x7f];
        assert_eq!(
            decode(&unpadded64, Version::V2c, nonmin).unwrap_err().kind,
            K::IntegerOutOfRange
        );
        assert_eq!(
            decode(&unpadded64, Version::V2c, pad),
            Ok(Value::Counter64(0xff))
        );
        assert_eq!(
            decode(&nonminimal64, Version::V2c, pad).unwrap_err().kind,
            K::NonMinimalInteger
        );
        assert_eq!(
            decode(&nonminimal64, Version::V2c, nonmin),
            Ok(Value::Counter64(0x7f))
        );
    }

    #[test]
    fn encoded_len_matches_encoding() {
        let oid = [0x2b, 0x06];
        let long = [0u8; 300];
        for v in [
            Value::Integer(i32::MIN),
            Value::Integer(-1),
            Value::OctetString(&[]),
            Value::OctetString(&long),
            Value::Null,
            Value::ObjectIdentifier(RawOid::from_ber(&oid).unwrap()),
            Value::IpAddress([10, 0, 0, 1]),
            Value::Counter32(u32::MAX),
            Value::Gauge32(0x80),
            Value::TimeTicks(0),
            Value::Opaque(&[0x9f, 0x78]),
            Value::NsapAddress(&[1, 2, 3]),
            Value::Counter64(u64::MAX),
            Value::NoSuchObject,
            Value::NoSuchInstance,
            Value::EndOfMibView,
        ] {
            let mut buf = vec![0u8; v.encoded_len()];
            let mut w = ber::Writer::new(&mut buf);
            v.encode(&mut w);
            assert_eq!(w.position(), buf.len(), "{v:?}");
            let version = if v.allowed_in_v2c() {
                Version::V2c
            } else {
                Version::V1
            };
            assert_eq!(decode(&buf, version, Quirks::STRICT), Ok(v));
        }
    }
}
