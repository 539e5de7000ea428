//! The MIB store: every object of a recording, sorted by OID.

use std::fmt::Write as _;

use winsnmp_wire::{Oid, RawOid};

use super::value::OwnedValue;

/// The OID of the table [`synthetic_rows`] generates: `netSnmpPlaypen.1.1`
/// (1.3.6.1.4.1.8072.9999.9999.1.1), NET-SNMP-MIB's subtree for local experiments.
pub const SYNTHETIC_TABLE_ENTRY: &str = "1.3.6.1.4.1.8072.9999.9999.1.1";

/// The objects an agent serves, sorted by OID (sub-identifier order), one value each.
///
/// A sorted vector with binary search: lookups and successor queries are O(log n), loading
/// is one sort, and a walk is a linear scan. Inserting an object not yet present is O(n);
/// bulk additions go through [`MibStore::extend`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MibStore {
    entries: Vec<(Oid, OwnedValue)>,
}

impl MibStore {
    /// An empty store.
    pub const fn new() -> Self {
        Self {
            entries: Vec::new(),
        }
    }

    /// A store of these objects in any order; when an OID occurs more than once, the last
    /// occurrence wins.
    pub fn from_entries(mut entries: Vec<(Oid, OwnedValue)>) -> Self {
        sort_last_wins(&mut entries);
        Self { entries }
    }

    /// Number of objects.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the store holds no object.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The objects in OID order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&Oid, &OwnedValue)> + '_ {
        self.entries.iter().map(|(o, v)| (o, v))
    }

    /// The objects in OID order, as a slice.
    pub fn entries(&self) -> &[(Oid, OwnedValue)] {
        &self.entries
    }

    fn find(&self, oid: RawOid<'_>) -> Result<usize, usize> {
        self.entries.binary_search_by(|(o, _)| o.as_raw().cmp(&oid))
    }

    /// The value of exactly `oid`.
    pub fn get(&self, oid: RawOid<'_>) -> Option<&OwnedValue> {
        self.find(oid).ok().map(|i| &self.entries[i].1)
    }

    /// The value of exactly `oid`, for changing it in place.
    pub fn get_mut(&mut self, oid: RawOid<'_>) -> Option<&mut OwnedValue> {
        self.find(oid).ok().map(|i| &mut self.entries[i].1)
    }

    /// The first object whose OID is strictly greater than `oid` (GETNEXT).
    pub fn next_after(&self, oid: RawOid<'_>) -> Option<(&Oid, &OwnedValue)> {
        let i = self.entries.partition_point(|(o, _)| o.as_raw() <= oid);
        self.entries.get(i).map(|(o, v)| (o, v))
    }

    /// Whether some object's OID starts with `prefix` (the prefix itself included).
    pub fn has_prefix(&self, prefix: RawOid<'_>) -> bool {
        let i = self.entries.partition_point(|(o, _)| o.as_raw() < prefix);
        self.entries
            .get(i)
            .is_some_and(|(o, _)| o.as_raw().starts_with(prefix))
    }

    /// Sets `oid` to `value`, adding the object if it is new; returns the old value.
    pub fn insert(&mut self, oid: Oid, value: OwnedValue) -> Option<OwnedValue> {
        match self.find(oid.as_raw()) {
            Ok(i) => Some(core::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (oid, value));
                None
            }
        }
    }

    /// Removes `oid`; returns its value.
    pub fn remove(&mut self, oid: RawOid<'_>) -> Option<OwnedValue> {
        self.find(oid).ok().map(|i| self.entries.remove(i).1)
    }

    /// Adds many objects at once (one sort); an added object replaces an existing one with the
    /// same OID, and among the added ones the last occurrence wins.
    pub fn extend(&mut self, objects: impl IntoIterator<Item = (Oid, OwnedValue)>) {
        self.entries.extend(objects);
        sort_last_wins(&mut self.entries);
    }

    /// Adds the generated table of [`synthetic_rows`]`(rows)`.
    pub fn add_synthetic_rows(&mut self, rows: u32) {
        self.extend(synthetic_rows(rows));
    }

    /// The store in snmpsim's `.snmprec` format, one `OID|TAG|VALUE` line per object in OID
    /// order. Octet strings of printable ASCII (0x20..=0x7e) are written as they are, other
    /// octet strings and every Opaque value in hex (`4x`, `68x`). Loading the result gives
    /// back an equal store.
    pub fn to_snmprec(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.entries.len() * 40);
        let mut line = String::new();
        for (oid, value) in &self.entries {
            line.clear();
            let _ = write!(line, "{oid}|");
            match value {
                OwnedValue::Integer(v) => {
                    let _ = write!(line, "2|{v}");
                }
                OwnedValue::OctetString(b) if b.iter().all(|c| (0x20..0x7f).contains(c)) => {
                    line.push_str("4|");
                    line.extend(b.iter().map(|&c| char::from(c)));
                }
                OwnedValue::OctetString(b) => {
                    line.push_str("4x|");
                    push_hex(&mut line, b);
                }
                OwnedValue::Null => line.push_str("5|"),
                OwnedValue::ObjectIdentifier(o) => {
                    let _ = write!(line, "6|{o}");
                }
                OwnedValue::IpAddress(a) => {
                    let _ = write!(line, "64|{}.{}.{}.{}", a[0], a[1], a[2], a[3]);
                }
                OwnedValue::Counter32(v) => {
                    let _ = write!(line, "65|{v}");
                }
                OwnedValue::Gauge32(v) => {
                    let _ = write!(line, "66|{v}");
                }
                OwnedValue::TimeTicks(v) => {
                    let _ = write!(line, "67|{v}");
                }
                OwnedValue::Opaque(b) => {
                    line.push_str("68x|");
                    push_hex(&mut line, b);
                }
                OwnedValue::Counter64(v) => {
                    let _ = write!(line, "70|{v}");
                }
            }
            out.extend_from_slice(line.as_bytes());
            out.push(b'\n');
        }
        out
    }
}

fn push_hex(s: &mut String, bytes: &[u8]) {
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
}

/// Sorts by OID, keeping only the last occurrence of each OID.
pub(crate) fn sort_last_wins(entries: &mut Vec<(Oid, OwnedValue)>) {
    if entries.windows(2).all(|w| w[0].0 < w[1].0) {
        return;
    }
    // Stable: equal OIDs stay in input order, so the last one is the latest.
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries.dedup_by(|later, kept| {
        if later.0 == kept.0 {
            core::mem::swap(later, kept);
            true
        } else {
            false
        }
    });
}

/// A generated conceptual table of `rows` rows for benchmarks and tests, in OID order.
///
/// The table is [`SYNTHETIC_TABLE_ENTRY`] with four columns, so it has `4 × rows` objects;
/// row `i` (1-based, also its index) holds:
/// `.1.i` INTEGER `i`, `.2.i` OCTET STRING `"row-i"`, `.3.i` Counter64 `i × 1000`,
/// `.4.i` Gauge32 `i % 100`.
pub fn synthetic_rows(rows: u32) -> Vec<(Oid, OwnedValue)> {
    let entry: Oid = SYNTHETIC_TABLE_ENTRY
        .parse()
        .expect("SYNTHETIC_TABLE_ENTRY is a valid OID");
    let mut out = Vec::with_capacity(rows as usize * 4);
    for col in 1..=4u32 {
        for i in 1..=rows {
            let oid = entry
                .child(&[col, i])
                .expect("a short OID plus two arcs fits");
            let value = match col {
                1 => OwnedValue::Integer(i32::try_from(i).unwrap_or(i32::MAX)),
                2 => OwnedValue::OctetString(format!("row-{i}").into_bytes().into()),
                3 => OwnedValue::Counter64(u64::from(i) * 1000),
                _ => OwnedValue::Gauge32(i % 100),
            };
            out.push((oid, value));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(s: &str) -> Oid {
        s.parse().unwrap()
    }

    #[test]
    fn sorted_by_arc_last_wins() {
        let store = MibStore::from_entries(vec![
            (oid("1.3.6.1.300"), OwnedValue::Integer(1)),
            (oid("1.3.6.1.9"), OwnedValue::Integer(2)),
            (oid("1.3.6.1.300"), OwnedValue::Integer(3)),
            (oid("1.3.6.1.20000"), OwnedValue::Integer(4)),
        ]);
        let got: Vec<(String, OwnedValue)> = store
            .iter()
            .map(|(o, v)| (o.to_string(), v.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("1.3.6.1.9".to_owned(), OwnedValue::Integer(2)),
                ("1.3.6.1.300".to_owned(), OwnedValue::Integer(3)),
                ("1.3.6.1.20000".to_owned(), OwnedValue::Integer(4)),
            ]
        );
    }

    #[test]
    fn lookups() {
        let mut store = MibStore::new();
        assert!(store.next_after(oid("0.0").as_raw()).is_none());
        assert_eq!(store.insert(oid("1.3.6.1.2"), OwnedValue::Null), None);
        assert_eq!(
            store.insert(oid("1.3.6.1.2"), OwnedValue::Integer(1)),
            Some(OwnedValue::Null)
        );
        store.insert(oid("1.3.6.1.4.1"), OwnedValue::Integer(2));
        assert_eq!(
            store.next_after(oid("1.3.6.1.2").as_raw()).unwrap().0,
            &oid("1.3.6.1.4.1")
        );
        assert_eq!(
            store.next_after(oid("1.3").as_raw()).unwrap().0,
            &oid("1.3.6.1.2")
        );
        assert!(store.has_prefix(oid("1.3.6.1.4").as_raw()));
        assert!(store.has_prefix(oid("1.3.6.1.2").as_raw()));
        assert!(!store.has_prefix(oid("1.3.6.1.3").as_raw()));
        assert_eq!(
            store.remove(oid("1.3.6.1.2").as_raw()),
            Some(OwnedValue::Integer(1))
        );
        assert_eq!(store.len(), 1);
    }
}
