//! `wsnmp table`: a conceptual table (RFC 2578 §7.1.12) shown as aligned columns.
//!
//! The objects under `TABLE.1` (the entry) are `TABLE.1.COLUMN.INDEX…`; rows are grouped by
//! index, columns by column number. Without MIB files the column headers are the column
//! numbers, and the index is shown decoded where its form is unambiguous: a length-prefixed
//! printable string is shown as `"text"`, anything else as its sub-identifiers in dotted
//! form (an integer index is one number; an IpAddress index reads as the address).

use std::collections::BTreeMap;

use winsnmp::engine::{SmiOid, SmiValue};

use crate::format;

/// Rows by index, each a map from column number to the formatted cell.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Table {
    columns: Vec<u32>,
    rows: BTreeMap<Vec<u32>, BTreeMap<u32, String>>,
}

impl Table {
    /// Groups walked objects of table `table` into rows; objects outside `table.1` are
    /// ignored.
    pub(crate) fn from_walk(table: &[u32], objects: &[(SmiOid, SmiValue)]) -> Self {
        let mut t = Self::default();
        let entry_len = table.len() + 1;
        for (name, value) in objects {
            if name.len() <= entry_len + 1
                || !name.starts_with(table)
                || name[table.len()] != 1
                || value.syntax() >= 0x80
            {
                continue;
            }
            let column = name[entry_len];
            let index = name[entry_len + 1..].to_vec();
            if !t.columns.contains(&column) {
                t.columns.push(column);
            }
            t.rows
                .entry(index)
                .or_default()
                .insert(column, format::value(value, true));
        }
        t.columns.sort_unstable();
        t
    }

    /// Number of rows.
    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    /// The table as text: a header line, then one line per row, columns left-aligned.
    pub(crate) fn render(&self) -> String {
        let mut lines: Vec<Vec<String>> = Vec::with_capacity(self.rows.len() + 1);
        let mut header = vec!["index".to_owned()];
        header.extend(self.columns.iter().map(u32::to_string));
        lines.push(header);
        for (index, cells) in &self.rows {
            let mut line = vec![decode_index(index)];
            line.extend(
                self.columns
                    .iter()
                    .map(|c| cells.get(c).cloned().unwrap_or_else(|| "?".into())),
            );
            lines.push(line);
        }
        let widths: Vec<usize> = (0..=self.columns.len())
            .map(|i| {
                lines
                    .iter()
                    .map(|l| l[i].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for line in lines {
            let mut s = String::new();
            for (i, cell) in line.iter().enumerate() {
                if i + 1 == line.len() {
                    s.push_str(cell);
                } else {
                    s.push_str(cell);
                    s.push_str(&" ".repeat(widths[i] - cell.chars().count() + 2));
                }
            }
            out.push_str(s.trim_end());
            out.push('\n');
        }
        out
    }
}

impl Table {
    /// The table as NDJSON, one object per row: `{"index":"…","columns":{"1":"…",…}}`.
    pub(crate) fn render_json(&self) -> String {
        let mut out = String::new();
        for (index, cells) in &self.rows {
            let cols: Vec<String> = cells
                .iter()
                .map(|(c, v)| format!("\"{c}\":{}", format::json_str(v)))
                .collect();
            out.push_str(&format!(
                "{{\"index\":{},\"columns\":{{{}}}}}\n",
                format::json_str(&decode_index(index)),
                cols.join(",")
            ));
        }
        out
    }
}

/// An index suffix as text: a length-prefixed printable string as `"text"`, else dotted.
pub(crate) fn decode_index(index: &[u32]) -> String {
    if let Some((&n, rest)) = index.split_first()
        && n as usize == rest.len()
        && !rest.is_empty()
        && rest.iter().all(|&c| (0x20..0x7f).contains(&c))
    {
        let s: String = rest.iter().map(|&c| char::from(c as u8)).collect();
        return format!("\"{s}\"");
    }
    index
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(s: &str) -> SmiOid {
        s.split('.').map(|p| p.parse().unwrap()).collect()
    }

    #[test]
    fn rows_and_columns_aligned() {
        let table = oid("1.3.6.1.2.1.2.2");
        let objects = vec![
            (oid("1.3.6.1.2.1.2.2.1.1.1"), SmiValue::Int(1)),
            (oid("1.3.6.1.2.1.2.2.1.1.10"), SmiValue::Int(10)),
            (
                oid("1.3.6.1.2.1.2.2.1.2.1"),
                SmiValue::Octets(b"lo".to_vec()),
            ),
            (
                oid("1.3.6.1.2.1.2.2.1.2.10"),
                SmiValue::Octets(b"eth0".to_vec()),
            ),
            (
                oid("1.3.6.1.2.1.2.2.1.5.10"),
                SmiValue::Gauge32(1_000_000_000),
            ),
            (oid("1.3.6.1.2.1.2.3.0"), SmiValue::Int(9)),
        ];
        let t = Table::from_walk(&table, &objects);
        assert_eq!(t.len(), 2);
        assert_eq!(
            t.render(),
            "index  1   2       5\n\
             1      1   \"lo\"    ?\n\
             10     10  \"eth0\"  1000000000\n"
        );
    }

    #[test]
    fn index_forms() {
        assert_eq!(decode_index(&[4, 101, 116, 104, 48]), "\"eth0\"");
        assert_eq!(decode_index(&[192, 0, 2, 1]), "192.0.2.1");
        assert_eq!(decode_index(&[7]), "7");
        assert_eq!(decode_index(&[2, 1, 200]), "2.1.200");
    }
}
