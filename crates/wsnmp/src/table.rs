//! `wsnmp table`: a conceptual table laid out as net-snmp's `snmptable` lays it out (5.9.3,
//! `apps/snmptable.c`): `SNMP table: IF-MIB::ifTable`, the accessible columns of the entry
//! named from the MIB, values as `-Oq` prints them, right-aligned columns, and its `-C`
//! options. The rows come from the library ([`winsnmp::client::Client::table_with`]); this
//! file only lays them out.
//!
//! | option | meaning |
//! |---|---|
//! | `-Cb` | brief headers: the prefix the column names share left off |
//! | `-CB` | GETNEXT, one request per row, instead of GETBULK (always for SNMPv1) |
//! | `-Cc N` | columns N characters wide (values cut to fit) |
//! | `-Cf SEP` | columns separated by SEP, not aligned |
//! | `-Ch` / `-CH` | only the column headers / no headers |
//! | `-Ci` | an `index` column |
//! | `-Cl` | left-aligned |
//! | `-Cr N` | max-repetitions of the GETBULKs (GETNEXT: rows printed N at a time) |
//! | `-Cw N` | the table in parts of at most N characters wide |
//!
//! An OID the MIB does not know is shown with numbered columns (net-snmp refuses it); an
//! object the MIB knows that is not a table is refused (usage exit code). `--json` gives
//! one object per row with typed values and the decoded index.

use winsnmp::client::{Table, TableOptions, Value as CValue, WalkMode};
use winsnmp_mib::{Access, IndexValue, Mib, NodeId, NodeKind, OidStyle};
use winsnmp_wire::Oid;

use crate::client::{Common, Conn, Failure};
use crate::format::OutputOpts;
use crate::print::{self, Printer};

/// `-C` options of `table`.
#[derive(clap::Args, Debug, Clone, Default)]
pub(crate) struct TableCOpts {
    /// Table options, as net-snmp's snmptable: b (brief headers), B (GETNEXT, not
    /// GETBULK), c N (column width), f SEP (field separator), h (headers only), H (no
    /// headers), i (index column), l (left-aligned), r N (max-repetitions), w N (parts of
    /// at most N characters).
    #[arg(short = 'C', value_name = "OPT", allow_hyphen_values = true)]
    pub(crate) opts: Vec<String>,
}

/// The layout options.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Layout {
    brief: bool,
    getnext: bool,
    /// `-Cc N` less one (the space at the end of a column), as snmptable keeps it.
    column_width: usize,
    separator: Option<Vec<u8>>,
    headers_only: bool,
    no_headers: bool,
    show_index: bool,
    left: bool,
    max_getbulk: i32,
    max_width: usize,
}

impl TableCOpts {
    fn parse(&self) -> Result<Layout, Failure> {
        let mut l = Layout {
            brief: false,
            getnext: false,
            column_width: 0,
            separator: None,
            headers_only: false,
            no_headers: false,
            show_index: false,
            left: false,
            max_getbulk: 10,
            max_width: 0,
        };
        for o in &self.opts {
            let mut chars = o.chars();
            let Some(c) = chars.next() else {
                return Err(Failure::Usage("-C needs an option letter".into()));
            };
            let value = chars.as_str();
            let number = || -> Result<usize, Failure> {
                value
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n > 0 && *n <= 1_000_000)
                    .ok_or_else(|| Failure::Usage(format!("Bad -C{c} option: {value:?}")))
            };
            match c {
                'b' => l.brief = true,
                'B' => l.getnext = true,
                'c' => {
                    let n = number()?;
                    if n <= 2 {
                        return Err(Failure::Usage(format!("Bad -Cc option: {value}")));
                    }
                    l.column_width = n - 1;
                }
                'f' => l.separator = Some(value.as_bytes().to_vec()),
                'h' => l.headers_only = true,
                'H' => l.no_headers = true,
                'i' => l.show_index = true,
                'l' => l.left = true,
                'r' => l.max_getbulk = i32::try_from(number()?).unwrap_or(i32::MAX),
                'w' => l.max_width = number()?,
                _ => {
                    return Err(Failure::Usage(format!("unknown table option -C{c}")));
                }
            }
        }
        Ok(l)
    }
}

/// A column: its sub-identifier under the entry, header, width so far and MIB node.
#[derive(Debug, Clone)]
struct Column {
    subid: u32,
    label: Vec<u8>,
    width: usize,
    node: Option<NodeId>,
}

/// What the MIB says about the table asked for.
struct Shape {
    /// The table's OID (the entry's parent).
    table: Vec<u32>,
    /// The entry's node when the MIB knows the table.
    entry: Option<NodeId>,
    columns: Vec<Column>,
}

/// The table and its columns from the MIB: `Err` for an object that is not a table.
fn shape(mib: &Mib, oid: &[u32], name: &[u8]) -> Result<Shape, Failure> {
    let known = mib.lookup(oid).filter(|l| l.matched == oid.len());
    let Some(node) = known.map(|l| l.node) else {
        // Not in the MIB: numbered columns, whatever the agent has.
        return Ok(Shape {
            table: oid.to_vec(),
            entry: None,
            columns: Vec::new(),
        });
    };
    let not_a_table = || {
        Failure::Usage(format!(
            "{} is not a table (was that a table?)",
            String::from_utf8_lossy(name)
        ))
    };
    let entry = if mib.entry_index(node).is_some() {
        node
    } else {
        let e = mib.entry_of(node).ok_or_else(not_a_table)?;
        if mib.parent(e) != Some(node) {
            // A column: net-snmp says "Was that a table?".
            return Err(not_a_table());
        }
        e
    };
    let table = mib.oid(mib.parent(entry).ok_or_else(not_a_table)?);
    let columns: Vec<Column> = mib
        .children(entry)
        .filter(|&c| {
            let n = mib.node(c);
            n.kind() == NodeKind::Object && n.access() != Access::NotAccessible
        })
        .map_while(|c| {
            let label = mib.node(c).label()?;
            // snmptable stops at a column it cannot name.
            (!label.starts_with(|ch: char| ch.is_ascii_digit())).then(|| Column {
                subid: mib.node(c).subid(),
                label: label.as_bytes().to_vec(),
                width: label.len(),
                node: Some(c),
            })
        })
        .collect();
    if columns.is_empty() {
        return Err(not_a_table());
    }
    Ok(Shape {
        table,
        entry: Some(entry),
        columns,
    })
}

/// `-Cb`: the prefix every column name shares, left off (computed as snmptable does).
fn brief(columns: &mut [Column]) {
    if columns.len() < 2 {
        return;
    }
    let mut common = columns[0].label.len() as isize;
    for w in columns.windows(2) {
        let (f1, f2) = (&w[0].label, &w[1].label);
        // `while (*f1 && *f1++ == *f2++);` then `len = f2 - label - 1`.
        let mut p = 0usize;
        while p < f1.len() {
            let same = Some(&f1[p]) == f2.get(p).or(Some(&0));
            p += 1;
            if !same {
                break;
            }
        }
        let len = p as isize - 1;
        common = common.min(len);
    }
    if common > 0 {
        let n = common as usize;
        for c in columns {
            c.label.drain(..n.min(c.label.len()));
            c.width = c.width.saturating_sub(n);
        }
    }
}

/// A row ready to print: the index text and each cell's text.
struct Row {
    index: Vec<u8>,
    cells: Vec<Option<Vec<u8>>>,
}

/// `printf("%*s")` of bytes: `width` wide (left- or right-aligned), cut to `precision`.
fn pad(out: &mut Vec<u8>, s: &[u8], width: usize, precision: Option<usize>, left: bool) {
    let s = match precision {
        Some(p) if s.len() > p => &s[..p],
        _ => s,
    };
    let fill = width.saturating_sub(s.len());
    if !left {
        out.resize(out.len() + fill, b' ');
    }
    out.extend_from_slice(s);
    if left {
        out.resize(out.len() + fill, b' ');
    }
}

/// Prints as snmptable's `print_table` does (one pass of rows).
struct Painter<'a> {
    l: &'a Layout,
    name: &'a [u8],
    index_width: usize,
    first_pass: bool,
}

impl Painter<'_> {
    /// One field (`field` of the columns), as its format prints it.
    fn field(&self, out: &mut Vec<u8>, field: usize, col: &Column, text: &[u8]) {
        let l = self.l;
        if l.column_width != 0 {
            pad(out, text, l.column_width + 1, Some(l.column_width), l.left);
        } else if let Some(sep) = &l.separator {
            if field != 0 || l.show_index {
                out.extend_from_slice(sep);
            }
            out.extend_from_slice(text);
        } else {
            pad(out, text, col.width + 1, None, l.left);
        }
    }

    fn index(&self, out: &mut Vec<u8>, text: &[u8]) {
        let l = self.l;
        if l.column_width != 0 {
            out.extend_from_slice(b"\nindex: ");
            out.extend_from_slice(text);
            out.push(b'\n');
        } else if l.separator.is_none() {
            pad(out, text, self.index_width, None, l.left);
        } else {
            out.extend_from_slice(text);
        }
    }

    fn print(&mut self, out: &mut Vec<u8>, columns: &[Column], rows: &[Row]) {
        let l = self.l;
        if !l.no_headers && !l.headers_only && self.first_pass {
            out.extend_from_slice(b"SNMP table: ");
            out.extend_from_slice(self.name);
            out.extend_from_slice(b"\n\n");
        }
        let fields = columns.len();
        let (mut last_field, mut part) = (0, 0);
        while last_field != fields {
            part += 1;
            if part != 1 && !l.no_headers {
                out.extend_from_slice(b"\nSNMP table ");
                out.extend_from_slice(self.name);
                out.extend_from_slice(format!(", part {part}\n\n").as_bytes());
            }
            let first_field = last_field;
            let mut width;
            if l.show_index && !l.no_headers && l.column_width == 0 && self.first_pass {
                width = self.index_width;
                self.index(out, b"index");
            } else {
                width = 0;
            }
            let mut field = first_field;
            while field < fields {
                if l.max_width != 0 {
                    if l.column_width != 0 {
                        if !l.no_headers && self.first_pass {
                            width += l.column_width + 1;
                            if field != first_field && width > l.max_width {
                                out.push(b'\n');
                                width = l.column_width + 1;
                            }
                        }
                    } else {
                        width += columns[field].width + 1;
                        if field != first_field && width > l.max_width {
                            break;
                        }
                    }
                }
                if !l.no_headers && self.first_pass {
                    self.field(out, field, &columns[field], &columns[field].label);
                }
                field += 1;
            }
            last_field = field;
            if !l.no_headers && self.first_pass {
                out.push(b'\n');
            }
            for row in rows {
                let mut width = 0;
                if l.show_index {
                    self.index(out, &row.index);
                }
                for (f, col) in columns
                    .iter()
                    .enumerate()
                    .take(last_field)
                    .skip(first_field)
                {
                    if l.column_width != 0 && l.max_width != 0 {
                        width += l.column_width + 1;
                        if f != first_field && width > l.max_width {
                            out.push(b'\n');
                            width = l.column_width + 1;
                        }
                    }
                    let text = row.cells[f].as_deref().unwrap_or(b"?");
                    self.field(out, f, col, text);
                }
                out.push(b'\n');
            }
        }
        self.first_pass = false;
    }
}

/// The index part of a row as snmptable takes it from the printed name of its first
/// cell: what follows `MODULE::column.` (or the table's name and two more components in
/// the full and numeric forms, or the brackets of `-OX`).
fn index_text(full: &[u8], table_name: &[u8], o: &OutputOpts) -> Option<Vec<u8>> {
    let after_dot = |s: &[u8]| s.iter().position(|&c| c == b'.').map(|i| i + 1);
    if o.0.extended_index {
        let i = full.iter().position(|&c| c == b'[')?;
        return Some(full[i..].to_vec());
    }
    let start = match o.0.style {
        OidStyle::Module => {
            let colon = full.iter().position(|&c| c == b':')? + 1;
            colon + after_dot(&full[colon..])?
        }
        OidStyle::Suffix => after_dot(full)?,
        OidStyle::Full | OidStyle::FullAndNumeric | OidStyle::Numeric | OidStyle::Ucd => {
            let s = table_name.len() + 1;
            let a = s + after_dot(full.get(s..)?)?;
            a + after_dot(full.get(a..)?)?
        }
    };
    Some(full.get(start..)?.to_vec())
}

/// `table`: the conceptual table at `oid`.
pub(crate) fn table(
    common: &Common,
    copts: &TableCOpts,
    target: &str,
    oid: &str,
) -> Result<(), Failure> {
    // snmptable prints values as -Oq does; a -Oq of the user's turns that off again.
    let mut quick = OutputOpts::default();
    quick.0.quick = true;
    let out = common.output_over(quick)?;
    let mut l = copts.parse()?;
    let arcs = crate::setval::parse_oid(oid).map_err(Failure::Usage)?;
    let mib = crate::mibs::mib();
    let fmt = winsnmp_mib::Formatter::new(mib, out.0);
    let mut name = Vec::new();
    fmt.oid(&arcs, &mut name);
    let mut shape = shape(mib, &arcs, &name)?;
    if shape.table != arcs {
        name.clear();
        fmt.oid(&shape.table, &mut name);
    }
    if l.brief {
        brief(&mut shape.columns);
    }
    if common.v1() {
        l.getnext = true;
    }
    let table_oid =
        Oid::from_arcs(&shape.table).map_err(|_| Failure::Usage(format!("bad OID {oid:?}")))?;
    let mut printer = Printer::new(out, common.json);
    let mut painter = Painter {
        l: &l,
        name: &name,
        index_width: "index ".len(),
        first_pass: true,
    };
    if l.headers_only {
        if !common.json {
            painter.print(printer.buffer(), &shape.columns, &[]);
            no_entries(&mut printer, &name);
        }
        return Ok(());
    }
    let conn = Conn::open(common, target, 161, l.max_getbulk)?;
    let opts = TableOptions::new()
        .columns(shape.columns.iter().map(|c| c.subid).collect())
        .mode(if l.getnext {
            WalkMode::GetNext
        } else {
            WalkMode::GetBulk
        })
        .max_repetitions(l.max_getbulk);
    let t = conn
        .client()
        .table_with(&table_oid, &opts)
        .map_err(|e| conn.fail(e))?;
    if shape.entry.is_none() {
        // Numbered columns, as many as the agent has.
        shape.columns = t
            .columns
            .iter()
            .map(|&c| Column {
                subid: c,
                label: c.to_string().into_bytes(),
                width: c.to_string().len(),
                node: None,
            })
            .collect();
    }
    if common.json {
        json_rows(&mut printer, mib, &shape, &t);
        return Ok(());
    }
    let rows = text_rows(&fmt, &mut shape, &t, &name, &out, &mut painter.index_width);
    // GETNEXT: printed as fetched, `-Cr` rows at a time (each part with the widths seen so
    // far), unless `-Cw` wants the whole table at once.
    let chunk = if l.getnext && !(l.max_width != 0 && l.column_width == 0) {
        usize::try_from(l.max_getbulk).unwrap_or(usize::MAX).max(1)
    } else {
        rows.len().max(1)
    };
    let mut seen = shape
        .columns
        .iter()
        .map(|c| c.label.len())
        .collect::<Vec<_>>();
    let mut index_width = "index ".len();
    for part in rows.chunks(chunk) {
        for row in part {
            for (w, cell) in seen.iter_mut().zip(&row.cells) {
                *w = (*w).max(cell.as_ref().map_or(0, Vec::len));
            }
            index_width = index_width.max(row.index.len());
        }
        let mut cols = shape.columns.clone();
        for (c, w) in cols.iter_mut().zip(&seen) {
            c.width = *w;
        }
        painter.index_width = index_width;
        painter.print(printer.buffer(), &cols, part);
        printer.spill();
    }
    if rows.is_empty() {
        no_entries(&mut printer, &name);
    }
    if t.other_columns {
        printer.text(&name);
        printer.line(b": WARNING: More columns on agent than in MIB");
    }
    Ok(())
}

fn no_entries(p: &mut Printer, name: &[u8]) {
    p.text(name);
    p.line(b": No entries");
}

/// Each row's index and cells as text (values as `-Oq` prints them, line breaks as
/// spaces); widths grow in `shape` and `index_width`.
fn text_rows(
    fmt: &winsnmp_mib::Formatter<'_>,
    shape: &mut Shape,
    t: &Table,
    name: &[u8],
    out: &OutputOpts,
    index_width: &mut usize,
) -> Vec<Row> {
    let entry = shape.table.iter().copied().chain([1]).collect::<Vec<u32>>();
    let mut rows = Vec::with_capacity(t.rows.len());
    let mut full = Vec::with_capacity(128);
    for (index, values) in &t.rows {
        let mut cells: Vec<Option<Vec<u8>>> = vec![None; shape.columns.len()];
        let mut first_col = None;
        for (c, v) in t.columns.iter().zip(values) {
            let Some(v) = v else { continue };
            let Some(pos) = shape.columns.iter().position(|col| col.subid == *c) else {
                continue;
            };
            first_col.get_or_insert(*c);
            let mut text = Vec::new();
            fmt.value(shape.columns[pos].node, &v.as_wire(), &mut text);
            for b in &mut text {
                if *b == b'\n' {
                    *b = b' ';
                }
            }
            cells[pos] = Some(text);
        }
        let index_text = match (shape.entry, first_col) {
            (Some(_), Some(c)) => {
                full.clear();
                let arcs: Vec<u32> = entry
                    .iter()
                    .copied()
                    .chain([c])
                    .chain(index.iter().copied())
                    .collect();
                fmt.oid(&arcs, &mut full);
                index_text(&full, name, out)
            }
            _ => None,
        }
        .unwrap_or_else(|| {
            index
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(".")
                .into_bytes()
        });
        *index_width = (*index_width).max(index_text.len());
        rows.push(Row {
            index: index_text,
            cells,
        });
    }
    rows
}

/// `--json`: one object per row, `{"index":"1","indexes":{"ifIndex":1},"columns":
/// {"ifDescr":{"type":"OCTET STRING","value":"lo"},…}}`.
fn json_rows(p: &mut Printer, mib: &Mib, shape: &Shape, t: &Table) {
    for (index, values) in &t.rows {
        let buf = p.buffer();
        let dotted: Vec<String> = index.iter().map(u32::to_string).collect();
        buf.extend_from_slice(b"{\"index\":");
        print::json_str_into(dotted.join(".").as_bytes(), buf);
        if let Some(fields) = shape.entry.and_then(|e| mib.decode_index(e, index).ok()) {
            buf.extend_from_slice(b",\"indexes\":{");
            for (i, f) in fields.iter().enumerate() {
                if i > 0 {
                    buf.push(b',');
                }
                print::json_str_into(f.name.as_bytes(), buf);
                buf.push(b':');
                index_json(&f.value, buf);
            }
            buf.push(b'}');
        }
        buf.extend_from_slice(b",\"columns\":{");
        let mut first = true;
        for (c, v) in t.columns.iter().zip(values) {
            let Some(v) = v else { continue };
            let label = shape
                .columns
                .iter()
                .find(|col| col.subid == *c)
                .map_or_else(|| c.to_string().into_bytes(), |col| col.label.clone());
            if !first {
                buf.push(b',');
            }
            first = false;
            print::json_str_into(&label, buf);
            buf.extend_from_slice(b":{");
            print::json_typed(&CValue::as_wire(v), buf);
            buf.push(b'}');
        }
        buf.extend_from_slice(b"}}\n");
        p.spill();
    }
}

/// A decoded index value as JSON: numbers as numbers, strings as text (or `{"hex":…}`),
/// addresses and OIDs as strings.
fn index_json(v: &IndexValue, out: &mut Vec<u8>) {
    match v {
        IndexValue::Integer { value, .. } | IndexValue::TimeTicks(value) => {
            out.extend_from_slice(value.to_string().as_bytes());
        }
        IndexValue::OctetString(b) => {
            if b.iter().all(|&c| c.is_ascii_graphic() || c == b' ') {
                print::json_str_into(b, out);
            } else {
                out.extend_from_slice(b"{\"hex\":\"");
                for x in b {
                    out.extend_from_slice(format!("{x:02x}").as_bytes());
                }
                out.extend_from_slice(b"\"}");
            }
        }
        IndexValue::IpAddress(a) => print::json_str_into(a.to_string().as_bytes(), out),
        IndexValue::InetAddress { addr, zone } => {
            let s = match zone {
                Some(z) => format!("{addr}%{z}"),
                None => addr.to_string(),
            };
            print::json_str_into(s.as_bytes(), out);
        }
        IndexValue::Oid(o) => {
            let s: Vec<String> = o.iter().map(u32::to_string).collect();
            print::json_str_into(format!(".{}", s.join(".")).as_bytes(), out);
        }
        _ => out.extend_from_slice(b"null"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(label: &str) -> Column {
        Column {
            subid: 1,
            label: label.as_bytes().to_vec(),
            width: label.len(),
            node: None,
        }
    }

    #[test]
    fn brief_headers_as_snmptable() {
        let mut c = vec![col("sysORID"), col("sysORDescr"), col("sysORUpTime")];
        brief(&mut c);
        let labels: Vec<&[u8]> = c.iter().map(|c| c.label.as_slice()).collect();
        assert_eq!(labels, [&b"ID"[..], b"Descr", b"UpTime"]);
        // One name the prefix of the next: one character less is shared.
        let mut c = vec![col("ifIn"), col("ifInOctets")];
        brief(&mut c);
        assert_eq!(c[0].label, b"n");
    }

    #[test]
    fn index_from_the_printed_name() {
        let mut o = OutputOpts::default();
        assert_eq!(
            index_text(b"IF-MIB::ifDescr.1", b"IF-MIB::ifTable", &o).unwrap(),
            b"1"
        );
        assert_eq!(
            index_text(b"IP-MIB::ipAdEntAddr.127.0.0.1", b"IP-MIB::ipAddrTable", &o).unwrap(),
            b"127.0.0.1"
        );
        o.0.style = OidStyle::Numeric;
        assert_eq!(
            index_text(b".1.3.6.1.2.1.2.2.1.2.1", b".1.3.6.1.2.1.2.2", &o).unwrap(),
            b"1"
        );
        o.0.extended_index = true;
        assert_eq!(
            index_text(b"IF-MIB::ifDescr[1]", b"IF-MIB::ifTable", &o).unwrap(),
            b"[1]"
        );
    }

    #[test]
    fn layout_options() {
        let p = |v: &[&str]| {
            TableCOpts {
                opts: v.iter().map(|s| (*s).to_owned()).collect(),
            }
            .parse()
        };
        let l = p(&["i", "b", "w80", "f,", "r5", "c10"]).unwrap();
        assert!(l.show_index && l.brief);
        assert_eq!((l.max_width, l.max_getbulk, l.column_width), (80, 5, 9));
        assert_eq!(l.separator.as_deref(), Some(&b","[..]));
        assert!(p(&["c2"]).is_err());
        assert!(p(&["w0"]).is_err());
        assert!(p(&["z"]).is_err());
    }

    #[test]
    fn printf_padding() {
        let mut out = Vec::new();
        pad(&mut out, b"abc", 5, None, false);
        pad(&mut out, b"abcdef", 4, Some(3), true);
        assert_eq!(out, b"  abcabc ");
    }
}
