//! Owned SMI data: [`SmiOid`], [`SmiValue`], [`VarBindEntry`], and the OID utility rules
//! (`SnmpStrToOid`, `SnmpOidToStr`, `SnmpOidCompare`).

use std::cmp::Ordering;

use winsnmp_wire::{Oid, RawOid, Value};

use crate::SnmpApiError;
use crate::consts::*;

/// An `smiOID`: 0 to [`MAXOBJIDSIZE`] sub-identifiers, as the C structure allows.
///
/// Functions that need a sendable name (varbind names, OID values) check it further: 2 to
/// 128 sub-identifiers whose first two BER can encode (`0.x`/`1.x` with x < 40, or `2.x`).
pub type SmiOid = Vec<u32>;

/// An `smiCNTR64`: high half first, as WinSNMP lays it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SmiCntr64 {
    /// Most significant 32 bits.
    pub hipart: u32,
    /// Least significant 32 bits.
    pub lopart: u32,
}

impl SmiCntr64 {
    /// Splits a `u64`.
    pub const fn from_u64(v: u64) -> Self {
        Self {
            hipart: (v >> 32) as u32,
            lopart: v as u32,
        }
    }

    /// `hipart << 32 | lopart`.
    pub const fn to_u64(self) -> u64 {
        ((self.hipart as u64) << 32) | self.lopart as u64
    }
}

/// An `smiVALUE`: one variant per `SNMP_SYNTAX_*` value of winsnmp-api.md §3.2.
///
/// `INT`/`INT32` and `GAUGE32`/`UNSIGNED32` share a syntax number and so a variant.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SmiValue {
    /// `SNMP_SYNTAX_INT` / `SNMP_SYNTAX_INT32` (0x02).
    Int(i32),
    /// `SNMP_SYNTAX_BITS` (0x03): sent as an OCTET STRING (Appendix E 12).
    Bits(Vec<u8>),
    /// `SNMP_SYNTAX_OCTETS` (0x04).
    Octets(Vec<u8>),
    /// `SNMP_SYNTAX_NULL` (0x05).
    Null,
    /// `SNMP_SYNTAX_OID` (0x06).
    Oid(SmiOid),
    /// `SNMP_SYNTAX_IPADDR` (0x40): exactly four octets.
    IpAddr(Vec<u8>),
    /// `SNMP_SYNTAX_CNTR32` (0x41).
    Cntr32(u32),
    /// `SNMP_SYNTAX_GAUGE32` / `SNMP_SYNTAX_UNSIGNED32` (0x42).
    Gauge32(u32),
    /// `SNMP_SYNTAX_TIMETICKS` (0x43).
    TimeTicks(u32),
    /// `SNMP_SYNTAX_OPAQUE` (0x44).
    Opaque(Vec<u8>),
    /// `SNMP_SYNTAX_NSAPADDR` (0x45): sent only in SNMPv1 messages (Appendix E 12).
    NsapAddr(Vec<u8>),
    /// `SNMP_SYNTAX_CNTR64` (0x46).
    Cntr64(SmiCntr64),
    /// `SNMP_SYNTAX_UINT32` (0x47): sent as Unsigned32/Gauge32, 0x42 (Appendix E 12).
    UInt32(u32),
    /// `SNMP_SYNTAX_NOSUCHOBJECT` (0x80).
    NoSuchObject,
    /// `SNMP_SYNTAX_NOSUCHINSTANCE` (0x81).
    NoSuchInstance,
    /// `SNMP_SYNTAX_ENDOFMIBVIEW` (0x82).
    EndOfMibView,
}

impl SmiValue {
    /// The `SNMP_SYNTAX_*` value.
    pub const fn syntax(&self) -> u32 {
        match self {
            Self::Int(_) => SNMP_SYNTAX_INT,
            Self::Bits(_) => SNMP_SYNTAX_BITS,
            Self::Octets(_) => SNMP_SYNTAX_OCTETS,
            Self::Null => SNMP_SYNTAX_NULL,
            Self::Oid(_) => SNMP_SYNTAX_OID,
            Self::IpAddr(_) => SNMP_SYNTAX_IPADDR,
            Self::Cntr32(_) => SNMP_SYNTAX_CNTR32,
            Self::Gauge32(_) => SNMP_SYNTAX_GAUGE32,
            Self::TimeTicks(_) => SNMP_SYNTAX_TIMETICKS,
            Self::Opaque(_) => SNMP_SYNTAX_OPAQUE,
            Self::NsapAddr(_) => SNMP_SYNTAX_NSAPADDR,
            Self::Cntr64(_) => SNMP_SYNTAX_CNTR64,
            Self::UInt32(_) => SNMP_SYNTAX_UINT32,
            Self::NoSuchObject => SNMP_SYNTAX_NOSUCHOBJECT,
            Self::NoSuchInstance => SNMP_SYNTAX_NOSUCHINSTANCE,
            Self::EndOfMibView => SNMP_SYNTAX_ENDOFMIBVIEW,
        }
    }

    /// Builds a value from the parts of a C `smiVALUE`: `number` is the union's integer
    /// (`sNumber` as its two's-complement bits, `uNumber`, or `hipart << 32 | lopart` for
    /// CNTR64), `bytes` its `smiOCTETS`, `oid` its `smiOID`; the syntax says which is used.
    ///
    /// # Errors
    /// `SNMPAPI_SYNTAX_INVALID` for a syntax no varbind can hold (0x30, 0x99…), and the
    /// errors of [`SmiValue::validate`].
    pub fn from_parts(
        syntax: u32,
        number: u64,
        bytes: &[u8],
        oid: &[u32],
    ) -> Result<Self, SnmpApiError> {
        let v = match syntax {
            SNMP_SYNTAX_INT => Self::Int(number as u32 as i32),
            SNMP_SYNTAX_BITS => Self::Bits(bytes.to_vec()),
            SNMP_SYNTAX_OCTETS => Self::Octets(bytes.to_vec()),
            SNMP_SYNTAX_NULL => Self::Null,
            SNMP_SYNTAX_OID => Self::Oid(oid.to_vec()),
            SNMP_SYNTAX_IPADDR => Self::IpAddr(bytes.to_vec()),
            SNMP_SYNTAX_CNTR32 => Self::Cntr32(number as u32),
            SNMP_SYNTAX_GAUGE32 => Self::Gauge32(number as u32),
            SNMP_SYNTAX_TIMETICKS => Self::TimeTicks(number as u32),
            SNMP_SYNTAX_OPAQUE => Self::Opaque(bytes.to_vec()),
            SNMP_SYNTAX_NSAPADDR => Self::NsapAddr(bytes.to_vec()),
            SNMP_SYNTAX_CNTR64 => Self::Cntr64(SmiCntr64::from_u64(number)),
            SNMP_SYNTAX_UINT32 => Self::UInt32(number as u32),
            SNMP_SYNTAX_NOSUCHOBJECT => Self::NoSuchObject,
            SNMP_SYNTAX_NOSUCHINSTANCE => Self::NoSuchInstance,
            SNMP_SYNTAX_ENDOFMIBVIEW => Self::EndOfMibView,
            _ => return Err(SnmpApiError::SyntaxInvalid),
        };
        v.validate()?;
        Ok(v)
    }

    /// Whether `syntax` is one of the `SNMP_SYNTAX_*` values a varbind can hold.
    pub const fn is_value_syntax(syntax: u32) -> bool {
        matches!(syntax, 0x02..=0x06 | 0x40..=0x47 | 0x80..=0x82)
    }

    /// Whether `syntax` names a descriptor (`smiOCTETS` or `smiOID`), as
    /// `SnmpFreeDescriptor` requires.
    pub const fn is_descriptor_syntax(syntax: u32) -> bool {
        matches!(
            syntax,
            SNMP_SYNTAX_OCTETS
                | SNMP_SYNTAX_BITS
                | SNMP_SYNTAX_OPAQUE
                | SNMP_SYNTAX_IPADDR
                | SNMP_SYNTAX_NSAPADDR
                | SNMP_SYNTAX_OID
        )
    }

    /// Checks what the C structure cannot: an IPADDR of four octets, an encodable OID.
    ///
    /// # Errors
    /// `SNMPAPI_SYNTAX_INVALID` for a wrong-length IpAddress, `SNMPAPI_OID_INVALID` for an
    /// OID value BER cannot carry.
    pub fn validate(&self) -> Result<(), SnmpApiError> {
        match self {
            Self::IpAddr(a) if a.len() != 4 => Err(SnmpApiError::SyntaxInvalid),
            Self::Oid(o) => check_name(o),
            _ => Ok(()),
        }
    }

    /// The owned value of a decoded wire value.
    pub fn from_wire(v: &Value<'_>) -> Self {
        match *v {
            Value::Integer(i) => Self::Int(i),
            Value::OctetString(b) => Self::Octets(b.to_vec()),
            Value::Null => Self::Null,
            Value::ObjectIdentifier(o) => Self::Oid(o.to_arc_vec()),
            Value::IpAddress(a) => Self::IpAddr(a.to_vec()),
            Value::Counter32(c) => Self::Cntr32(c),
            Value::Gauge32(g) => Self::Gauge32(g),
            Value::TimeTicks(t) => Self::TimeTicks(t),
            Value::Opaque(b) => Self::Opaque(b.to_vec()),
            Value::NsapAddress(b) => Self::NsapAddr(b.to_vec()),
            Value::Counter64(c) => Self::Cntr64(SmiCntr64::from_u64(c)),
            Value::NoSuchObject => Self::NoSuchObject,
            Value::NoSuchInstance => Self::NoSuchInstance,
            Value::EndOfMibView => Self::EndOfMibView,
            // `Value` is non-exhaustive: a syntax added to the codec later is carried as NULL
            // until the engine learns it.
            _ => Self::Null,
        }
    }

    /// The wire value; OID values must already be converted into `oid`.
    pub(crate) fn to_wire<'a>(&'a self, oid: Option<RawOid<'a>>) -> Option<Value<'a>> {
        Some(match self {
            Self::Int(i) => Value::Integer(*i),
            Self::Bits(b) | Self::Octets(b) => Value::OctetString(b),
            Self::Null => Value::Null,
            Self::Oid(_) => Value::ObjectIdentifier(oid?),
            Self::IpAddr(a) => Value::IpAddress(<[u8; 4]>::try_from(a.as_slice()).ok()?),
            Self::Cntr32(c) => Value::Counter32(*c),
            Self::Gauge32(g) | Self::UInt32(g) => Value::Gauge32(*g),
            Self::TimeTicks(t) => Value::TimeTicks(*t),
            Self::Opaque(b) => Value::Opaque(b),
            Self::NsapAddr(b) => Value::NsapAddress(b),
            Self::Cntr64(c) => Value::Counter64(c.to_u64()),
            Self::NoSuchObject => Value::NoSuchObject,
            Self::NoSuchInstance => Value::NoSuchInstance,
            Self::EndOfMibView => Value::EndOfMibView,
        })
    }
}

/// One variable binding of a VBL: a name and its value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VarBindEntry {
    /// The object instance.
    pub name: SmiOid,
    /// Its value.
    pub value: SmiValue,
}

/// Checks that `oid` can be a varbind name or OID value (and so be BER-encoded).
///
/// # Errors
/// `SNMPAPI_OID_INVALID`.
pub fn check_name(oid: &[u32]) -> Result<(), SnmpApiError> {
    to_wire_oid(oid).map(|_| ())
}

pub(crate) fn to_wire_oid(oid: &[u32]) -> Result<Oid, SnmpApiError> {
    Oid::from_arcs(oid).map_err(|_| SnmpApiError::OidInvalid)
}

/// `SnmpStrToOid`: parses dotted decimal.
///
/// Rules (winsnmp-api.md §4.7 and this project's choices): at most [`MAXOBJIDSTRSIZE`]
/// bytes; an optional leading dot; then decimal components separated by single dots, no
/// spaces, no empty component, each at most 4294967295; 2 to [`MAXOBJIDSIZE`] components.
///
/// # Errors
/// `SNMPAPI_OID_INVALID` for anything else.
pub fn str_to_oid(s: &[u8]) -> Result<SmiOid, SnmpApiError> {
    const E: SnmpApiError = SnmpApiError::OidInvalid;
    if s.len() > MAXOBJIDSTRSIZE {
        return Err(E);
    }
    let s = s.strip_prefix(b".").unwrap_or(s);
    if s.is_empty() {
        return Err(E);
    }
    let mut out = Vec::new();
    for part in s.split(|&b| b == b'.') {
        if part.is_empty() || part.len() > 10 || !part.iter().all(u8::is_ascii_digit) {
            return Err(E);
        }
        let v = part
            .iter()
            .fold(0u64, |acc, &d| acc * 10 + u64::from(d - b'0'));
        let v = u32::try_from(v).map_err(|_| E)?;
        if out.len() == MAXOBJIDSIZE {
            return Err(E);
        }
        out.push(v);
    }
    if out.len() < 2 {
        return Err(E);
    }
    Ok(out)
}

/// The dotted-decimal form of an OID (no NUL).
pub fn oid_to_string(oid: &[u32]) -> String {
    let mut s = String::with_capacity(oid.len() * 4);
    for (i, a) in oid.iter().enumerate() {
        if i > 0 {
            s.push('.');
        }
        s.push_str(&a.to_string());
    }
    s
}

/// `SnmpOidToStr`: the dotted form, checked against a C buffer of `size` bytes that must
/// also hold the terminating NUL.
///
/// # Errors
/// `SNMPAPI_SIZE_INVALID` (`size == 0`), `SNMPAPI_OID_INVALID` (no sub-identifiers or more
/// than 128), `SNMPAPI_OUTPUT_TRUNCATED` (`size` < length + 1).
pub fn oid_to_str(oid: &[u32], size: u32) -> Result<String, SnmpApiError> {
    if size == 0 {
        return Err(SnmpApiError::SizeInvalid);
    }
    if oid.is_empty() || oid.len() > MAXOBJIDSIZE {
        return Err(SnmpApiError::OidInvalid);
    }
    let s = oid_to_string(oid);
    if s.len() + 1 > size as usize {
        return Err(SnmpApiError::OutputTruncated);
    }
    Ok(s)
}

/// `SnmpOidCopy`: a copy of an OID of 1 to 128 sub-identifiers.
///
/// # Errors
/// `SNMPAPI_OID_INVALID`.
pub fn oid_copy(oid: &[u32]) -> Result<SmiOid, SnmpApiError> {
    if oid.is_empty() || oid.len() > MAXOBJIDSIZE {
        return Err(SnmpApiError::OidInvalid);
    }
    Ok(oid.to_vec())
}

/// `SnmpOidCompare` with its `maxlen` rule: compares the first `min(maxlen, xlen, ylen)`
/// sub-identifiers (all of them when `maxlen == 0`); with no difference, the OIDs are equal
/// when a `maxlen`-long prefix matched or the lengths agree, otherwise the shorter is
/// smaller.
///
/// # Errors
/// `SNMPAPI_OID_INVALID` (an OID longer than 128), `SNMPAPI_SIZE_INVALID` (`maxlen > 128`).
pub fn oid_compare(x: &[u32], y: &[u32], maxlen: u32) -> Result<Ordering, SnmpApiError> {
    if x.len() > MAXOBJIDSIZE || y.len() > MAXOBJIDSIZE {
        return Err(SnmpApiError::OidInvalid);
    }
    if maxlen as usize > MAXOBJIDSIZE {
        return Err(SnmpApiError::SizeInvalid);
    }
    let maxlen = maxlen as usize;
    let n = if maxlen == 0 {
        x.len().min(y.len())
    } else {
        maxlen.min(x.len()).min(y.len())
    };
    match x[..n].cmp(&y[..n]) {
        Ordering::Equal if maxlen != 0 && n == maxlen => Ok(Ordering::Equal),
        Ordering::Equal => Ok(x.len().cmp(&y.len())),
        o => Ok(o),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn str_to_oid_item_61_62() {
        assert_eq!(str_to_oid(b"1.3.6.1.2.1.1.1.0").unwrap().len(), 9);
        assert_eq!(str_to_oid(b".1.3").unwrap(), vec![1, 3]);
        assert_eq!(str_to_oid(b"1.3.4294967295").unwrap()[2], u32::MAX);
        for bad in [
            &b"1"[..],
            b"",
            b".",
            b"1..3",
            b"1.a.3",
            b"1.3.",
            b" 1.3",
            b"1.3 ",
            b"1.3.4294967296",
            b"1.3.00000000000000000001",
            b"-1.3",
        ] {
            assert_eq!(str_to_oid(bad), Err(SnmpApiError::OidInvalid), "{bad:?}");
        }
        let mut long = b"1.3".to_vec();
        while long.len() < 1409 {
            long.extend_from_slice(b".1");
        }
        long.truncate(1409);
        assert_eq!(str_to_oid(&long), Err(SnmpApiError::OidInvalid));
        // 128 arcs fit, 129 do not.
        let s128 = vec!["1"; 128].join(".");
        assert_eq!(str_to_oid(s128.as_bytes()).unwrap().len(), 128);
        let s129 = vec!["1"; 129].join(".");
        assert_eq!(str_to_oid(s129.as_bytes()), Err(SnmpApiError::OidInvalid));
    }

    #[test]
    fn oid_to_str_item_63() {
        let o = [1, 3, 6, 1];
        assert_eq!(oid_to_str(&o, 0), Err(SnmpApiError::SizeInvalid));
        assert_eq!(oid_to_str(&o, 8).unwrap(), "1.3.6.1");
        assert_eq!(oid_to_str(&o, 7), Err(SnmpApiError::OutputTruncated));
        assert_eq!(oid_to_str(&[], 10), Err(SnmpApiError::OidInvalid));
        assert_eq!(oid_to_str(&[0; 129], 5000), Err(SnmpApiError::OidInvalid));
        let max = [u32::MAX; 128];
        assert!(oid_to_str(&max, MAXOBJIDSTRSIZE as u32).is_ok());
    }

    #[test]
    fn oid_copy_item_64() {
        assert_eq!(oid_copy(&[1, 2, 3]).unwrap(), vec![1, 2, 3]);
        assert_eq!(oid_copy(&[]), Err(SnmpApiError::OidInvalid));
        assert_eq!(oid_copy(&[1; 129]), Err(SnmpApiError::OidInvalid));
    }

    #[test]
    fn oid_compare_items_65_to_68() {
        use Ordering::*;
        assert_eq!(oid_compare(&[1, 2, 3], &[1, 2, 3, 4], 0), Ok(Less));
        assert_eq!(oid_compare(&[1, 2, 3, 4], &[1, 2, 3], 0), Ok(Greater));
        assert_eq!(oid_compare(&[1, 2, 3], &[1, 2, 3], 0), Ok(Equal));
        assert_eq!(oid_compare(&[1, 2, 3, 9], &[1, 2, 3, 4], 3), Ok(Equal));
        assert_eq!(oid_compare(&[1, 2, 3], &[1, 2, 3, 4], 5), Ok(Less));
        assert_eq!(oid_compare(&[1, 2, 4], &[1, 2, 3, 4], 5), Ok(Greater));
        assert_eq!(oid_compare(&[1], &[2], 128), Ok(Less));
        assert_eq!(oid_compare(&[1], &[2], 129), Err(SnmpApiError::SizeInvalid));
        assert_eq!(oid_compare(&[], &[], 0), Ok(Equal));
        assert_eq!(
            oid_compare(&[1; 129], &[], 0),
            Err(SnmpApiError::OidInvalid)
        );
    }

    #[test]
    fn from_parts_item_54() {
        assert_eq!(
            SmiValue::from_parts(0x99, 0, &[], &[]),
            Err(SnmpApiError::SyntaxInvalid)
        );
        assert_eq!(
            SmiValue::from_parts(0x30, 0, &[], &[]),
            Err(SnmpApiError::SyntaxInvalid)
        );
        assert_eq!(
            SmiValue::from_parts(SNMP_SYNTAX_INT, u64::from(u32::MAX), &[], &[]),
            Ok(SmiValue::Int(-1))
        );
        assert_eq!(
            SmiValue::from_parts(SNMP_SYNTAX_CNTR64, 0x1_0000_0002, &[], &[]),
            Ok(SmiValue::Cntr64(SmiCntr64 {
                hipart: 1,
                lopart: 2
            }))
        );
        assert_eq!(
            SmiValue::from_parts(SNMP_SYNTAX_OID, 0, &[], &[]),
            Err(SnmpApiError::OidInvalid)
        );
        assert_eq!(
            SmiValue::from_parts(SNMP_SYNTAX_IPADDR, 0, &[1, 2], &[]),
            Err(SnmpApiError::SyntaxInvalid)
        );
        for syntax in [
            0x02, 0x03, 0x04, 0x05, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x80, 0x81,
            0x82,
        ] {
            let v = SmiValue::from_parts(syntax, 1, &[1, 2, 3, 4], &[1, 3]).unwrap();
            assert_eq!(v.syntax(), syntax);
        }
    }

    #[test]
    fn value_syntax_and_validation() {
        assert_eq!(SmiValue::UInt32(1).syntax(), 0x47);
        assert_eq!(
            SmiValue::Cntr64(SmiCntr64::from_u64(1 << 40)).syntax(),
            0x46
        );
        assert_eq!(SmiCntr64::from_u64(0x1_0000_0002).hipart, 1);
        assert_eq!(SmiCntr64::from_u64(0x1_0000_0002).lopart, 2);
        assert!(SmiValue::is_value_syntax(0x47));
        assert!(!SmiValue::is_value_syntax(0x30));
        assert!(!SmiValue::is_value_syntax(0x99));
        assert!(SmiValue::is_descriptor_syntax(SNMP_SYNTAX_NSAPADDR));
        assert!(!SmiValue::is_descriptor_syntax(SNMP_SYNTAX_INT));
        assert_eq!(
            SmiValue::IpAddr(vec![1, 2, 3]).validate(),
            Err(SnmpApiError::SyntaxInvalid)
        );
        assert_eq!(
            SmiValue::Oid(vec![7, 1]).validate(),
            Err(SnmpApiError::OidInvalid)
        );
        assert!(SmiValue::Oid(vec![1, 3]).validate().is_ok());
    }
}
