//! Table indexes: how many sub-identifiers each INDEX object of a row takes and what they
//! mean. The printer (`render.rs`, net-snmp's index rendering) and [`Mib::decode_index`]
//! (values per INDEX part for programs) share [`Mib::index_shape`], so they always agree on
//! where one part ends and the next begins.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::mib::Mib;
use crate::model::{BaseType, IndexPart};
use crate::tree::NodeId;

/// Where one INDEX component lies in an instance suffix, by its object's syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// An OCTET STRING: `skip` length sub-identifiers (0 or 1) then `len` octets.
    /// `fixed`: a SIZE with one value (printed between single quotes, as IMPLIED ones).
    /// `inet`: an InetAddress right after its InetAddressType, whose value is this.
    Octets {
        skip: usize,
        len: usize,
        quoted: Quote,
        inet: Option<u32>,
    },
    /// One sub-identifier: INTEGER, Integer32, Unsigned32, Gauge32 (enumerations apply).
    Number,
    /// One sub-identifier read as TimeTicks.
    Ticks,
    /// An OBJECT IDENTIFIER: `skip` length sub-identifiers (0 when IMPLIED) then `len` arcs.
    ObjectId { skip: usize, len: usize },
    /// Four sub-identifiers of an IpAddress.
    IpAddress,
    /// A NetworkAddress: its type (1, internet) and four sub-identifiers.
    NetworkAddress,
}

/// How a string index is quoted by net-snmp: `"…"` when it has its length, `'…'` when it
/// has none (IMPLIED, or a fixed size).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quote {
    /// `"text"`.
    Double,
    /// `'text'`.
    Single,
}

/// Why an index component cannot be read: the sub-identifiers it used before giving up
/// (the rest are printed as numbers).
pub(crate) type Short = usize;

/// One value of a decoded table index ([`Mib::decode_index`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum IndexValue {
    /// INTEGER, Integer32, Unsigned32 or Gauge32: the sub-identifier, and the enumeration
    /// label when the syntax names it.
    Integer {
        /// The value (as its sub-identifier; an INTEGER index is never negative).
        value: u32,
        /// The enumeration label.
        label: Option<String>,
    },
    /// TimeTicks.
    TimeTicks(u32),
    /// An OCTET STRING (fixed size, length-prefixed or IMPLIED).
    OctetString(Vec<u8>),
    /// An IpAddress (or NetworkAddress).
    IpAddress(Ipv4Addr),
    /// An InetAddress after its InetAddressType: IPv4, IPv6, or a zoned one (zone index).
    InetAddress {
        /// The address.
        addr: IpAddr,
        /// The zone of `ipv4z`/`ipv6z` addresses.
        zone: Option<u32>,
    },
    /// An OBJECT IDENTIFIER (length-prefixed or IMPLIED).
    Oid(Vec<u32>),
}

/// One INDEX object of a row and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexField {
    /// The INDEX object's name (`ifIndex`, `ipNetToPhysicalNetAddress`).
    pub name: String,
    /// Its node.
    pub node: NodeId,
    /// Declared IMPLIED.
    pub implied: bool,
    /// The value.
    pub value: IndexValue,
}

/// Why [`Mib::decode_index`] could not decode an instance suffix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IndexError {
    /// The node is not a table, an entry or a column of one.
    #[error("not a table, entry or column")]
    NotATable,
    /// An INDEX object no loaded module defines.
    #[error("index object {0} is not in the MIB")]
    UnknownObject(String),
    /// The sub-identifiers end before this INDEX object's value does, or it is not a value
    /// of its type (an octet above 255).
    #[error("index object {0}: the instance sub-identifiers do not hold its value")]
    Malformed(String),
    /// A syntax that cannot index a table.
    #[error("index object {0} has a syntax that cannot index a table")]
    BadSyntax(String),
    /// Sub-identifiers left over after the last INDEX object.
    #[error("{0} sub-identifiers after the index")]
    Trailing(usize),
}

impl Mib {
    /// Where the INDEX component of object `tp` (the `k`th of `parts`, IMPLIED or not)
    /// lies at the start of `rest` (not empty); `prev` is the sub-identifier just before
    /// it (an InetAddressType's value for an InetAddress).
    pub(crate) fn index_shape(
        &self,
        tp: NodeId,
        implied: bool,
        (k, parts, prev): (usize, &[IndexPart], u32),
        rest: &[u32],
    ) -> Result<Shape, Short> {
        let node = self.node(tp);
        let syn = &node.syntax;
        match syn.base {
            BaseType::OctetString => {
                if implied {
                    return Ok(Shape::Octets {
                        skip: 0,
                        len: rest.len(),
                        quoted: Quote::Single,
                        inet: None,
                    });
                }
                if let Some(n) = syn.fixed_size() {
                    if n > rest.len() {
                        return Err(0);
                    }
                    return Ok(Shape::Octets {
                        skip: 0,
                        len: n,
                        quoted: Quote::Single,
                        inet: None,
                    });
                }
                let n = rest[0] as usize;
                if n >= rest.len() {
                    return Err(0);
                }
                let inet = (syn.tc.as_deref() == Some("InetAddress")
                    && k > 0
                    && self
                        .find_in(node.module(), &parts[k - 1].name)
                        .is_some_and(|p| {
                            self.node(p).syntax.tc.as_deref() == Some("InetAddressType")
                        }))
                .then_some(prev);
                Ok(Shape::Octets {
                    skip: 1,
                    len: n,
                    quoted: Quote::Double,
                    inet,
                })
            }
            BaseType::Integer
            | BaseType::Integer32
            | BaseType::UInteger32
            | BaseType::Unsigned32
            | BaseType::Gauge32 => Ok(Shape::Number),
            BaseType::TimeTicks => Ok(Shape::Ticks),
            BaseType::ObjectId => {
                let (skip, n) = if implied {
                    (0, rest.len())
                } else {
                    (1, rest[0] as usize + 1)
                };
                if n > rest.len() {
                    return Err(0);
                }
                Ok(Shape::ObjectId {
                    skip,
                    len: n - skip,
                })
            }
            BaseType::IpAddress => {
                if rest.len() < 4 {
                    return Err(0);
                }
                Ok(Shape::IpAddress)
            }
            BaseType::NetworkAddress => {
                if rest[0] == 1 && rest.len() >= 5 {
                    Ok(Shape::NetworkAddress)
                } else {
                    // net-snmp prints the type, then the rest as numbers.
                    Err(1)
                }
            }
            _ => Err(0),
        }
    }

    /// Decodes the instance suffix of a row (`arcs`: what follows `entry.column` in a
    /// column's OID, e.g. `[1]` for `ifDescr.1`) into one value per INDEX object of the
    /// table, IMPLIED, fixed-size and length-prefixed strings, IpAddress, InetAddress and
    /// OBJECT IDENTIFIER parts included. `table` may be the table, its entry or a column.
    ///
    /// ```
    /// use winsnmp_mib::{IndexValue, InputOptions, Mib};
    /// let mib = Mib::builtin();
    /// let table = mib.find("ipNetToPhysicalTable").unwrap();
    /// // ifIndex 2, ipv4(1), "192.0.2.7"
    /// let row = mib.decode_index(table, &[2, 1, 4, 192, 0, 2, 7]).unwrap();
    /// assert_eq!(row[0].name, "ipNetToPhysicalIfIndex");
    /// assert_eq!(row[2].value, IndexValue::InetAddress {
    ///     addr: "192.0.2.7".parse().unwrap(),
    ///     zone: None,
    /// });
    /// ```
    ///
    /// # Errors
    /// [`IndexError`]: not a table, an INDEX object the MIB lacks, sub-identifiers that do
    /// not hold the values, or some left over.
    pub fn decode_index(&self, table: NodeId, arcs: &[u32]) -> Result<Vec<IndexField>, IndexError> {
        let entry = self.entry_of(table).ok_or(IndexError::NotATable)?;
        let parts = self.entry_index(entry).ok_or(IndexError::NotATable)?;
        let module = self.node(entry).module();
        let mut rest = arcs;
        let mut prev = 0;
        let mut out = Vec::with_capacity(parts.len());
        for (k, part) in parts.iter().enumerate() {
            let name = part.name.to_string();
            let tp = self
                .find_in(module, &part.name)
                .ok_or_else(|| IndexError::UnknownObject(name.clone()))?;
            if rest.is_empty() {
                return Err(IndexError::Malformed(name));
            }
            let shape = match self.index_shape(tp, part.implied, (k, parts, prev), rest) {
                Ok(s) => s,
                Err(_) if self.node(tp).syntax.base.is_index_type() => {
                    return Err(IndexError::Malformed(name));
                }
                Err(_) => return Err(IndexError::BadSyntax(name)),
            };
            let octets = |a: &[u32]| -> Option<Vec<u8>> {
                a.iter().map(|&x| u8::try_from(x).ok()).collect()
            };
            let bad = || IndexError::Malformed(name.clone());
            let (value, used) = match shape {
                Shape::Number => {
                    let label = self
                        .node(tp)
                        .syntax
                        .enum_label(i64::from(rest[0] as i32))
                        .map(str::to_owned);
                    (
                        IndexValue::Integer {
                            value: rest[0],
                            label,
                        },
                        1,
                    )
                }
                Shape::Ticks => (IndexValue::TimeTicks(rest[0]), 1),
                Shape::IpAddress => {
                    let b = octets(&rest[..4]).ok_or_else(bad)?;
                    (
                        IndexValue::IpAddress(Ipv4Addr::new(b[0], b[1], b[2], b[3])),
                        4,
                    )
                }
                Shape::NetworkAddress => {
                    let b = octets(&rest[1..5]).ok_or_else(bad)?;
                    (
                        IndexValue::IpAddress(Ipv4Addr::new(b[0], b[1], b[2], b[3])),
                        5,
                    )
                }
                Shape::ObjectId { skip, len } => {
                    (IndexValue::Oid(rest[skip..skip + len].to_vec()), skip + len)
                }
                Shape::Octets {
                    skip, len, inet, ..
                } => {
                    let b = octets(&rest[skip..skip + len]).ok_or_else(bad)?;
                    let v = match inet.and_then(|t| inet_value(t, &b)) {
                        Some((addr, zone)) => IndexValue::InetAddress { addr, zone },
                        None => IndexValue::OctetString(b),
                    };
                    (v, skip + len)
                }
            };
            prev = rest[used - 1];
            rest = &rest[used..];
            out.push(IndexField {
                name,
                node: tp,
                implied: part.implied,
                value,
            });
        }
        if !rest.is_empty() {
            return Err(IndexError::Trailing(rest.len()));
        }
        Ok(out)
    }
}

impl BaseType {
    /// Whether a value of this type can be part of a table index.
    fn is_index_type(self) -> bool {
        matches!(
            self,
            Self::OctetString
                | Self::Integer
                | Self::Integer32
                | Self::UInteger32
                | Self::Unsigned32
                | Self::Gauge32
                | Self::TimeTicks
                | Self::ObjectId
                | Self::IpAddress
                | Self::NetworkAddress
        )
    }
}

/// The address an InetAddress of InetAddressType `t` holds (RFC 4001: ipv4(1), ipv6(2),
/// ipv4z(3), ipv6z(4)), if its length fits the type.
pub(crate) fn inet_value(t: u32, b: &[u8]) -> Option<(IpAddr, Option<u32>)> {
    let zone = |z: &[u8]| u32::from_be_bytes([z[0], z[1], z[2], z[3]]);
    let v6 = |b: &[u8]| {
        let mut a = [0u8; 16];
        a.copy_from_slice(&b[..16]);
        IpAddr::V6(Ipv6Addr::from(a))
    };
    Some(match (t, b.len()) {
        (1, 4) => (IpAddr::V4(Ipv4Addr::new(b[0], b[1], b[2], b[3])), None),
        (3, 8) => (
            IpAddr::V4(Ipv4Addr::new(b[0], b[1], b[2], b[3])),
            Some(zone(&b[4..])),
        ),
        (2, 16) => (v6(b), None),
        (4, 20) => (v6(b), Some(zone(&b[16..]))),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mib() -> Mib {
        Mib::builtin()
    }

    fn node(m: &Mib, name: &str) -> NodeId {
        m.find(name).unwrap_or_else(|| panic!("{name}"))
    }

    #[test]
    fn integer_and_enumerated_indexes() {
        let m = mib();
        let row = m.decode_index(node(&m, "ifTable"), &[7]).unwrap();
        assert_eq!(row.len(), 1);
        assert_eq!(row[0].name, "ifIndex");
        assert_eq!(
            row[0].value,
            IndexValue::Integer {
                value: 7,
                label: None
            }
        );
        // ipAddressTable: INDEX { ipAddressAddrType, ipAddressAddr } — an enumeration,
        // then the InetAddress it types.
        let row = m
            .decode_index(node(&m, "ipAddressEntry"), &[1, 4, 127, 0, 0, 1])
            .unwrap();
        assert_eq!(
            row[0].value,
            IndexValue::Integer {
                value: 1,
                label: Some("ipv4".into())
            }
        );
        assert_eq!(
            row[1].value,
            IndexValue::InetAddress {
                addr: "127.0.0.1".parse().unwrap(),
                zone: None
            }
        );
    }

    #[test]
    fn inet_addresses_v6_and_zoned() {
        let m = mib();
        let t = node(&m, "ipAddressTable");
        let mut v6 = vec![2, 16];
        v6.extend([0xfe_u32, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        let row = m.decode_index(t, &v6).unwrap();
        assert_eq!(
            row[1].value,
            IndexValue::InetAddress {
                addr: "fe80::1".parse().unwrap(),
                zone: None
            }
        );
        let row = m.decode_index(t, &[3, 8, 10, 0, 0, 1, 0, 0, 0, 5]).unwrap();
        assert_eq!(
            row[1].value,
            IndexValue::InetAddress {
                addr: "10.0.0.1".parse().unwrap(),
                zone: Some(5)
            }
        );
        // A length that does not fit the type: the octets.
        let row = m.decode_index(t, &[1, 2, 10, 0]).unwrap();
        assert_eq!(row[1].value, IndexValue::OctetString(vec![10, 0]));
    }

    #[test]
    fn ip_address_and_trailing_arcs() {
        let m = mib();
        let t = node(&m, "ipAddrTable");
        let row = m.decode_index(t, &[192, 0, 2, 1]).unwrap();
        assert_eq!(
            row[0].value,
            IndexValue::IpAddress(Ipv4Addr::new(192, 0, 2, 1))
        );
        assert_eq!(
            m.decode_index(t, &[192, 0, 2, 1, 9]),
            Err(IndexError::Trailing(1))
        );
        assert!(matches!(
            m.decode_index(t, &[192, 0, 2]),
            Err(IndexError::Malformed(_))
        ));
        assert!(matches!(
            m.decode_index(t, &[192, 0, 2, 256]),
            Err(IndexError::Malformed(_))
        ));
    }

    #[test]
    fn strings_length_prefixed_implied_and_fixed() {
        let m = mib();
        // vacmGroupName is IMPLIED in vacmAccessTable? No: vacmSecurityToGroupTable has
        // INDEX { vacmSecurityModel, vacmSecurityName }: a number and a length-prefixed string.
        let t = node(&m, "vacmSecurityToGroupTable");
        let row = m.decode_index(t, &[3, 4, 117, 115, 101, 114]).unwrap();
        assert_eq!(row[1].value, IndexValue::OctetString(b"user".to_vec()));
        assert!(!row[1].implied);
        // snmpTargetAddrTable: INDEX { IMPLIED snmpTargetAddrName }.
        let t = node(&m, "snmpTargetAddrTable");
        let row = m.decode_index(t, &[97, 98]).unwrap();
        assert!(row[0].implied);
        assert_eq!(row[0].value, IndexValue::OctetString(b"ab".to_vec()));
        // An empty string: its length 0.
        let t = node(&m, "vacmSecurityToGroupTable");
        let row = m.decode_index(t, &[3, 0]).unwrap();
        assert_eq!(row[1].value, IndexValue::OctetString(Vec::new()));
        assert!(matches!(
            m.decode_index(t, &[3, 5, 1]),
            Err(IndexError::Malformed(_))
        ));
    }

    #[test]
    fn object_identifier_indexes() {
        let m = mib();
        // sysORTable is indexed by an integer; hrSWRunTable likewise. An OID index:
        // nlmLogVariableTable? Use a made-up shape through index_shape directly.
        let t = node(&m, "vacmViewTreeFamilyTable");
        // INDEX { vacmViewTreeFamilyViewName, vacmViewTreeFamilySubtree }
        let row = m
            .decode_index(t, &[3, 97, 108, 108, 4, 1, 3, 6, 1])
            .unwrap();
        assert_eq!(row[0].value, IndexValue::OctetString(b"all".to_vec()));
        assert_eq!(row[1].value, IndexValue::Oid(vec![1, 3, 6, 1]));
    }

    #[test]
    fn not_a_table() {
        let m = mib();
        assert_eq!(
            m.decode_index(node(&m, "sysDescr"), &[0]),
            Err(IndexError::NotATable)
        );
        // A column finds its table.
        let row = m.decode_index(node(&m, "ifDescr"), &[3]).unwrap();
        assert_eq!(row[0].name, "ifIndex");
    }
}
