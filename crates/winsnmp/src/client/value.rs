//! Typed values and variable bindings of the async client: owned, cheap to clone (octet
//! strings are slices of the received datagram, shared), and printable.

use std::fmt;

use bytes::Bytes;
use winsnmp_wire::{Oid, RawOid};

/// A value in a variable binding, owned. Octet strings are `Bytes` slices of the datagram
/// they came in, so building one does not copy or allocate.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Value {
    /// INTEGER / Integer32.
    Integer(i32),
    /// OCTET STRING (also BITS, and the textual conventions built on it).
    OctetString(Bytes),
    /// NULL (the value of every binding in a request).
    Null,
    /// OBJECT IDENTIFIER.
    Oid(Oid),
    /// IpAddress.
    IpAddress([u8; 4]),
    /// Counter32.
    Counter32(u32),
    /// Gauge32 / Unsigned32.
    Gauge32(u32),
    /// TimeTicks, hundredths of a second.
    TimeTicks(u32),
    /// Opaque: BER wrapped in an octet string.
    Opaque(Bytes),
    /// NsapAddress (SNMPv1 only).
    NsapAddress(Bytes),
    /// Counter64.
    Counter64(u64),
    /// noSuchObject.
    NoSuchObject,
    /// noSuchInstance.
    NoSuchInstance,
    /// endOfMibView.
    EndOfMibView,
}

impl Value {
    /// The owned value of a decoded one; `datagram` is the buffer `v` borrows from (octet
    /// strings become slices of it, no copy).
    pub fn from_wire(v: &winsnmp_wire::Value<'_>, datagram: &Bytes) -> Self {
        use winsnmp_wire::Value as W;
        let slice = |s: &[u8]| {
            if s.is_empty() {
                Bytes::new()
            } else {
                datagram.slice_ref(s)
            }
        };
        match v {
            W::Integer(i) => Self::Integer(*i),
            W::OctetString(s) => Self::OctetString(slice(s)),
            W::Null => Self::Null,
            W::ObjectIdentifier(o) => Self::Oid(Oid::from(*o)),
            W::IpAddress(a) => Self::IpAddress(*a),
            W::Counter32(c) => Self::Counter32(*c),
            W::Gauge32(g) => Self::Gauge32(*g),
            W::TimeTicks(t) => Self::TimeTicks(*t),
            W::Opaque(s) => Self::Opaque(slice(s)),
            W::NsapAddress(s) => Self::NsapAddress(slice(s)),
            W::Counter64(c) => Self::Counter64(*c),
            W::NoSuchObject => Self::NoSuchObject,
            W::NoSuchInstance => Self::NoSuchInstance,
            W::EndOfMibView => Self::EndOfMibView,
            // The codec has no other syntax today; a future one reads as NULL here.
            _ => Self::Null,
        }
    }

    /// The value as the codec encodes it (borrowing octet strings and OIDs from `self`).
    pub fn as_wire(&self) -> winsnmp_wire::Value<'_> {
        use winsnmp_wire::Value as W;
        match self {
            Self::Integer(i) => W::Integer(*i),
            Self::OctetString(s) => W::OctetString(s),
            Self::Null => W::Null,
            Self::Oid(o) => W::ObjectIdentifier(o.as_raw()),
            Self::IpAddress(a) => W::IpAddress(*a),
            Self::Counter32(c) => W::Counter32(*c),
            Self::Gauge32(g) => W::Gauge32(*g),
            Self::TimeTicks(t) => W::TimeTicks(*t),
            Self::Opaque(s) => W::Opaque(s),
            Self::NsapAddress(s) => W::NsapAddress(s),
            Self::Counter64(c) => W::Counter64(*c),
            Self::NoSuchObject => W::NoSuchObject,
            Self::NoSuchInstance => W::NoSuchInstance,
            Self::EndOfMibView => W::EndOfMibView,
        }
    }

    /// Whether this is one of the SNMPv2 exceptions (noSuchObject, noSuchInstance,
    /// endOfMibView): the binding names no value.
    pub fn is_exception(&self) -> bool {
        matches!(
            self,
            Self::NoSuchObject | Self::NoSuchInstance | Self::EndOfMibView
        )
    }

    /// The octets of an OCTET STRING (or Opaque, NsapAddress).
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Self::OctetString(b) | Self::Opaque(b) | Self::NsapAddress(b) => Some(b),
            _ => None,
        }
    }

    /// The value as an unsigned integer (INTEGER when not negative, Counter32, Gauge32,
    /// TimeTicks, Counter64).
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Self::Integer(i) => u64::try_from(*i).ok(),
            Self::Counter32(c) | Self::Gauge32(c) | Self::TimeTicks(c) => Some(u64::from(*c)),
            Self::Counter64(c) => Some(*c),
            _ => None,
        }
    }

    /// The SMI type name: `INTEGER`, `OCTET STRING`, `Counter32`…
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::Integer(_) => "INTEGER",
            Self::OctetString(_) => "OCTET STRING",
            Self::Null => "NULL",
            Self::Oid(_) => "OBJECT IDENTIFIER",
            Self::IpAddress(_) => "IpAddress",
            Self::Counter32(_) => "Counter32",
            Self::Gauge32(_) => "Gauge32",
            Self::TimeTicks(_) => "TimeTicks",
            Self::Opaque(_) => "Opaque",
            Self::NsapAddress(_) => "NsapAddress",
            Self::Counter64(_) => "Counter64",
            Self::NoSuchObject => "noSuchObject",
            Self::NoSuchInstance => "noSuchInstance",
            Self::EndOfMibView => "endOfMibView",
        }
    }
}

/// `h:mm:ss.cc`, with days in front when there are any (`3 days, 1:02:03.04`), as net-snmp
/// prints TimeTicks.
pub fn ticks_text(t: u32) -> String {
    let cs = t % 100;
    let s = t / 100;
    let (d, h, m, sec) = (s / 86_400, (s / 3600) % 24, (s / 60) % 60, s % 60);
    match d {
        0 => format!("{h}:{m:02}:{sec:02}.{cs:02}"),
        1 => format!("1 day, {h}:{m:02}:{sec:02}.{cs:02}"),
        _ => format!("{d} days, {h}:{m:02}:{sec:02}.{cs:02}"),
    }
}

fn printable(b: &[u8]) -> bool {
    std::str::from_utf8(b).is_ok_and(|s| {
        s.chars()
            .all(|c| !c.is_control() || c == '\n' || c == '\r' || c == '\t')
    })
}

/// Human text: numbers as numbers, text as text, other octet strings as hex pairs, TimeTicks
/// as `0:01:02.03`, addresses dotted, exceptions by name.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Integer(i) => write!(f, "{i}"),
            Self::OctetString(b) | Self::Opaque(b) | Self::NsapAddress(b) => {
                if printable(b) {
                    f.write_str(&String::from_utf8_lossy(b))
                } else {
                    for (i, x) in b.iter().enumerate() {
                        if i > 0 {
                            f.write_str(" ")?;
                        }
                        write!(f, "{x:02X}")?;
                    }
                    Ok(())
                }
            }
            Self::Null => f.write_str("NULL"),
            Self::Oid(o) => write!(f, "{o}"),
            Self::IpAddress(a) => write!(f, "{}.{}.{}.{}", a[0], a[1], a[2], a[3]),
            Self::Counter32(c) | Self::Gauge32(c) => write!(f, "{c}"),
            Self::TimeTicks(t) => f.write_str(&ticks_text(*t)),
            Self::Counter64(c) => write!(f, "{c}"),
            Self::NoSuchObject | Self::NoSuchInstance | Self::EndOfMibView => {
                f.write_str(self.type_name())
            }
        }
    }
}

impl From<i32> for Value {
    fn from(i: i32) -> Self {
        Self::Integer(i)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Self::OctetString(Bytes::copy_from_slice(s.as_bytes()))
    }
}

impl From<Oid> for Value {
    fn from(o: Oid) -> Self {
        Self::Oid(o)
    }
}

/// A variable binding: an object instance and its value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VarBind {
    /// The object instance.
    pub oid: Oid,
    /// Its value.
    pub value: Value,
}

impl VarBind {
    /// A binding of `oid` to `value`.
    pub fn new(oid: Oid, value: Value) -> Self {
        Self { oid, value }
    }

    /// The owned binding of a decoded one (see [`Value::from_wire`]).
    pub fn from_wire(vb: &winsnmp_wire::VarBind<'_>, datagram: &Bytes) -> Self {
        Self {
            oid: Oid::from(vb.name),
            value: Value::from_wire(&vb.value, datagram),
        }
    }

    /// The binding as the codec encodes it.
    pub fn as_wire(&self) -> winsnmp_wire::VarBind<'_> {
        winsnmp_wire::VarBind::new(self.oid.as_raw(), self.value.as_wire())
    }

    /// The OID borrowed in the codec's form.
    pub fn raw_oid(&self) -> RawOid<'_> {
        self.oid.as_raw()
    }
}

/// `OID = TYPE: value`.
impl fmt::Display for VarBind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} = {}: {}",
            self.oid,
            self.value.type_name(),
            self.value
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_conversions() {
        assert_eq!(Value::from(-5).to_string(), "-5");
        assert_eq!(Value::from("eth0").to_string(), "eth0");
        let mac = Value::OctetString(Bytes::from_static(&[0, 0x1a, 0xff]));
        assert_eq!(mac.to_string(), "00 1A FF");
        assert_eq!(Value::TimeTicks(123_456).to_string(), "0:20:34.56");
        assert_eq!(
            Value::TimeTicks(8_640_000 * 2 + 1).to_string(),
            "2 days, 0:00:00.01"
        );
        assert_eq!(Value::IpAddress([10, 0, 0, 1]).to_string(), "10.0.0.1");
        assert_eq!(Value::EndOfMibView.to_string(), "endOfMibView");
        assert!(Value::NoSuchInstance.is_exception());
        assert_eq!(Value::Counter64(7).as_u64(), Some(7));
        assert_eq!(Value::Integer(-1).as_u64(), None);
        let vb = VarBind::new("1.3.6.1.2.1.1.5.0".parse().unwrap(), Value::from("box"));
        assert_eq!(vb.to_string(), "1.3.6.1.2.1.1.5.0 = OCTET STRING: box");
    }

    #[test]
    fn from_wire_shares_the_datagram() {
        let datagram = Bytes::from_static(b"xxhello");
        let v = Value::from_wire(&winsnmp_wire::Value::OctetString(&datagram[2..]), &datagram);
        let Value::OctetString(b) = &v else { panic!() };
        assert_eq!(b.as_ptr(), datagram[2..].as_ptr(), "no copy");
        assert_eq!(v.as_wire(), winsnmp_wire::Value::OctetString(b"hello"));
    }
}
