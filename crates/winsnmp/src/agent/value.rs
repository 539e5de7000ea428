//! Owned SMI values, as the store keeps them.

use core::fmt;

use winsnmp_wire::{Oid, Value};

/// An owned variable value: what a recording holds for one object.
///
/// The owned counterpart of [`Value`] for the syntaxes a recording can carry (the SNMPv2
/// exceptions and the SNMPv1-only NsapAddress are not values an object has).
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum OwnedValue {
    /// INTEGER / Integer32 (tag 2).
    Integer(i32),
    /// OCTET STRING (tag 4), also BITS.
    OctetString(Box<[u8]>),
    /// NULL (tag 5).
    Null,
    /// OBJECT IDENTIFIER (tag 6).
    ObjectIdentifier(Oid),
    /// IpAddress (tag 64): four octets, network order.
    IpAddress([u8; 4]),
    /// Counter32 (tag 65).
    Counter32(u32),
    /// Gauge32 / Unsigned32 (tag 66).
    Gauge32(u32),
    /// TimeTicks (tag 67): hundredths of a second.
    TimeTicks(u32),
    /// Opaque (tag 68): arbitrary BER wrapped in an octet string.
    Opaque(Box<[u8]>),
    /// Counter64 (tag 70), SNMPv2c only.
    Counter64(u64),
}

impl OwnedValue {
    /// The borrowed wire view of this value.
    pub fn as_value(&self) -> Value<'_> {
        match self {
            Self::Integer(v) => Value::Integer(*v),
            Self::OctetString(b) => Value::OctetString(b),
            Self::Null => Value::Null,
            Self::ObjectIdentifier(o) => Value::ObjectIdentifier(o.as_raw()),
            Self::IpAddress(a) => Value::IpAddress(*a),
            Self::Counter32(v) => Value::Counter32(*v),
            Self::Gauge32(v) => Value::Gauge32(*v),
            Self::TimeTicks(v) => Value::TimeTicks(*v),
            Self::Opaque(b) => Value::Opaque(b),
            Self::Counter64(v) => Value::Counter64(*v),
        }
    }

    /// An owned copy of a wire value; `None` for the exceptions (noSuchObject,
    /// noSuchInstance, endOfMibView) and NsapAddress, which an object cannot hold.
    pub fn from_value(value: &Value<'_>) -> Option<Self> {
        Some(match *value {
            Value::Integer(v) => Self::Integer(v),
            Value::OctetString(b) => Self::OctetString(b.into()),
            Value::Null => Self::Null,
            Value::ObjectIdentifier(o) => Self::ObjectIdentifier(o.to_oid()),
            Value::IpAddress(a) => Self::IpAddress(a),
            Value::Counter32(v) => Self::Counter32(v),
            Value::Gauge32(v) => Self::Gauge32(v),
            Value::TimeTicks(v) => Self::TimeTicks(v),
            Value::Opaque(b) => Self::Opaque(b.into()),
            Value::Counter64(v) => Self::Counter64(v),
            _ => return None,
        })
    }

    /// The snmpsim `.snmprec` type tag of this value's syntax (2, 4, 5, 6, 64, 65, 66, 67,
    /// 68 or 70), which is also its BER tag in decimal.
    pub const fn tag(&self) -> u8 {
        match self {
            Self::Integer(_) => 2,
            Self::OctetString(_) => 4,
            Self::Null => 5,
            Self::ObjectIdentifier(_) => 6,
            Self::IpAddress(_) => 64,
            Self::Counter32(_) => 65,
            Self::Gauge32(_) => 66,
            Self::TimeTicks(_) => 67,
            Self::Opaque(_) => 68,
            Self::Counter64(_) => 70,
        }
    }
}

impl fmt::Debug for OwnedValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.as_value(), f)
    }
}
