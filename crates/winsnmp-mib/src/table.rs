//! The built-in table: a [`Mib`] written as compact text and read back.
//!
//! One record a line, fields separated by tabs:
//!
//! ```text
//! M  module-name                                   (module ids in load order)
//! T  name  base  hint  enums  ranges               (a TC of the last M)
//! N  parent  subid  label  modules  kind  base  tc  enums  ranges  access  units  index  augments
//! ```
//!
//! Nodes come in id order (a parent before its children). `tc` is `NAME@MODULE-ID`; `enums`
//! and `ranges` are `=` when they are the TC's. Enumerations are `label(n),…`, ranges
//! `lo..hi|…` (`MIN`/`MAX` for the extremes), index `name,*implied`.

use std::fmt::Write as _;

use crate::error::MibError;
use crate::mib::Mib;
use crate::model::{Access, BaseType, EnumItem, IndexPart, NodeKind, Range, TextualConvention};
use crate::tree::{ModuleId, Node};

const MAGIC: &str = "winsnmp-mib table 1";

fn write_enums(out: &mut String, e: &[EnumItem]) {
    for (i, x) in e.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{}({})", x.label, x.value);
    }
}

fn bound(v: i64) -> String {
    match v {
        i64::MIN => "MIN".into(),
        i64::MAX => "MAX".into(),
        v => v.to_string(),
    }
}

fn write_ranges(out: &mut String, r: &[Range]) {
    for (i, x) in r.iter().enumerate() {
        if i > 0 {
            out.push('|');
        }
        if x.low == x.high {
            out.push_str(&bound(x.low));
        } else {
            let _ = write!(out, "{}..{}", bound(x.low), bound(x.high));
        }
    }
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

impl Mib {
    /// The tree written as the built-in table's text (see the module docs).
    pub fn to_table(&self) -> String {
        let mut out = String::with_capacity(self.nodes.len() * 48);
        out.push_str(MAGIC);
        out.push('\n');
        for m in &self.modules {
            let _ = writeln!(out, "M\t{}", m.name);
            for tc in &m.tcs {
                let _ = write!(
                    out,
                    "T\t{}\t{}\t{}\t",
                    tc.name,
                    tc.base.code(),
                    clean(tc.hint.as_deref().unwrap_or(""))
                );
                write_enums(&mut out, &tc.enums);
                out.push('\t');
                write_ranges(&mut out, &tc.ranges);
                out.push('\n');
            }
        }
        for n in &self.nodes[1..] {
            let mods: Vec<String> = n.modules.iter().map(|m| m.0.to_string()).collect();
            let kind = match n.kind {
                NodeKind::Identifier => 'i',
                NodeKind::Object => 'o',
                NodeKind::Notification => 'n',
                NodeKind::ObjectIdentity => 'I',
                NodeKind::ModuleIdentity => 'M',
                NodeKind::ObjectGroup => 'G',
                NodeKind::NotificationGroup => 'g',
                NodeKind::ModuleCompliance => 'C',
                NodeKind::AgentCapabilities => 'A',
            };
            let _ = write!(
                out,
                "N\t{}\t{}\t{}\t{}\t{kind}\t{}\t",
                n.parent,
                n.subid,
                n.label.as_deref().unwrap_or(""),
                mods.join(","),
                n.syntax.base.code()
            );
            // The TC, found as the node's module resolved it.
            let tc = n.syntax.tc.as_deref().and_then(|name| {
                let m = n.module()?;
                let md = &self.modules[usize::from(m.0)];
                let from = md.imports.get(name).copied().unwrap_or(m);
                let t = self.modules[usize::from(from.0)].tc(name)?;
                Some((from, t))
            });
            match (&n.syntax.tc, tc) {
                (Some(name), Some((from, _))) => {
                    let _ = write!(out, "{name}@{}", from.0);
                }
                (Some(name), None) => out.push_str(name),
                _ => {}
            }
            out.push('\t');
            match tc {
                Some((_, t)) if t.enums == n.syntax.enums && !t.enums.is_empty() => {
                    out.push('=');
                }
                _ => write_enums(&mut out, &n.syntax.enums),
            }
            out.push('\t');
            match tc {
                Some((_, t)) if t.ranges == n.syntax.ranges && !t.ranges.is_empty() => {
                    out.push('=');
                }
                _ => write_ranges(&mut out, &n.syntax.ranges),
            }
            let _ = write!(
                out,
                "\t{}\t{}\t",
                n.access.code(),
                clean(n.units.as_deref().unwrap_or(""))
            );
            for (i, ix) in n.index.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if ix.implied {
                    out.push('*');
                }
                out.push_str(&ix.name);
            }
            out.push('\t');
            out.push_str(n.augments.as_deref().unwrap_or(""));
            out.push('\n');
        }
        out
    }

    /// Reads a table written by [`Mib::to_table`].
    ///
    /// # Errors
    /// [`MibError::Table`] with the line that does not read.
    pub fn from_table(text: &str) -> Result<Self, MibError> {
        let bad = |line: usize, m: &str| MibError::Table {
            line: line + 1,
            message: m.to_owned(),
        };
        let (first, body) = text.split_once('\n').unwrap_or((text, ""));
        if first.trim_end_matches('\r') != MAGIC {
            return Err(bad(0, "not a winsnmp-mib table"));
        }
        // One node a line, mostly: size the tables once.
        let lines_hint = body.len() / 48;
        let mut mib = Self {
            nodes: Vec::with_capacity(lines_hint + 1),
            modules: Vec::new(),
            module_ids: crate::tree::Map::default(),
            by_label: crate::tree::Map::default(),
        };
        mib.nodes.push(Node::default());
        mib.by_label.reserve(lines_hint);
        // Lines and tab-separated fields in one pass over the bytes ('\t' and '\n' are
        // ASCII, so every cut is on a character boundary).
        let bytes = body.as_bytes();
        let mut start = 0;
        let mut ln = 0;
        while start < bytes.len() {
            ln += 1;
            let mut fields = [""; 14];
            let mut count = 0;
            let mut field_start = start;
            let mut i = start;
            while i < bytes.len() && bytes[i] != b'\n' {
                if bytes[i] == b'\t' {
                    if count < fields.len() {
                        fields[count] = &body[field_start..i];
                    }
                    count += 1;
                    field_start = i + 1;
                }
                i += 1;
            }
            let end = if i > field_start && bytes[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            if count < fields.len() {
                fields[count] = &body[field_start..end.max(field_start)];
            }
            count += 1;
            start = i + 1;
            let f = &fields[..count.min(fields.len())];
            let count_ok = |n: usize| count == n;
            match f[0] {
                "M" if count_ok(2) => {
                    mib.add_module_entry(f[1], None);
                }
                "T" if count_ok(6) => {
                    let m = mib
                        .modules
                        .last_mut()
                        .ok_or_else(|| bad(ln, "T before M"))?;
                    let tc = TextualConvention {
                        name: f[1].into(),
                        base: base(f[2]).ok_or_else(|| bad(ln, "bad base type"))?,
                        hint: (!f[3].is_empty()).then(|| f[3].into()),
                        enums: enums(f[4]).ok_or_else(|| bad(ln, "bad enumeration"))?,
                        ranges: ranges(f[5]).ok_or_else(|| bad(ln, "bad range"))?,
                    };
                    m.add_tc(tc);
                }
                "N" if count_ok(14) => {
                    let node = mib.read_node(f).ok_or_else(|| bad(ln, "bad node"))?;
                    let id = u32::try_from(mib.nodes.len()).map_err(|_| bad(ln, "too many"))?;
                    let parent = node.parent as usize;
                    if parent >= mib.nodes.len() {
                        return Err(bad(ln, "parent after child"));
                    }
                    if let Some(l) = &node.label {
                        mib.by_label.entry(l.clone()).or_default().push(id);
                        for m in &node.modules {
                            mib.modules[usize::from(m.0)]
                                .nodes
                                .entry(l.clone())
                                .or_insert(id);
                        }
                    }
                    mib.nodes[parent].children.push(id);
                    mib.nodes.push(node);
                }
                _ => return Err(bad(ln, "unknown record")),
            }
        }
        // Children in OID order, the first defined first among equals (a stable sort).
        let subids: Vec<u32> = mib.nodes.iter().map(|n| n.subid).collect();
        for n in &mut mib.nodes {
            n.children.sort_by_key(|&c| subids[c as usize]);
        }
        Ok(mib)
    }

    fn read_node(&self, f: &[&str]) -> Option<Node> {
        let modules = if f[4].is_empty() {
            Vec::new()
        } else {
            f[4].split(',')
                .map(|m| m.parse().ok().map(ModuleId))
                .collect::<Option<Vec<_>>>()?
        };
        if modules
            .iter()
            .any(|m| usize::from(m.0) >= self.modules.len())
        {
            return None;
        }
        let kind = match f[5] {
            "i" => NodeKind::Identifier,
            "o" => NodeKind::Object,
            "n" => NodeKind::Notification,
            "I" => NodeKind::ObjectIdentity,
            "M" => NodeKind::ModuleIdentity,
            "G" => NodeKind::ObjectGroup,
            "g" => NodeKind::NotificationGroup,
            "C" => NodeKind::ModuleCompliance,
            "A" => NodeKind::AgentCapabilities,
            _ => return None,
        };
        let mut syntax = crate::model::Syntax {
            base: base(f[6])?,
            ..Default::default()
        };
        let mut tc = None;
        if !f[7].is_empty() {
            let (name, from) = match f[7].split_once('@') {
                Some((n, m)) => (n, Some(m.parse::<usize>().ok()?)),
                None => (f[7], None),
            };
            syntax.tc = Some(name.into());
            if let Some(from) = from {
                let t = self.modules.get(from)?.tc(name)?;
                syntax.hint.clone_from(&t.hint);
                tc = Some(t);
            }
        }
        syntax.enums = match (f[8], tc) {
            ("=", Some(t)) => t.enums.clone(),
            (s, _) => enums(s)?,
        };
        syntax.ranges = match (f[9], tc) {
            ("=", Some(t)) => t.ranges.clone(),
            (s, _) => ranges(s)?,
        };
        let index = if f[12].is_empty() {
            Vec::new()
        } else {
            f[12]
                .split(',')
                .map(|x| match x.strip_prefix('*') {
                    Some(n) => IndexPart {
                        name: n.into(),
                        implied: true,
                    },
                    None => IndexPart {
                        name: x.into(),
                        implied: false,
                    },
                })
                .collect()
        };
        Some(Node {
            label: (!f[3].is_empty()).then(|| f[3].into()),
            subid: f[2].parse().ok()?,
            parent: f[1].parse().ok()?,
            children: Vec::new(),
            modules,
            kind,
            syntax,
            access: Access::from_code(f[10].chars().next()?)?,
            units: (!f[11].is_empty()).then(|| f[11].into()),
            index,
            augments: (!f[13].is_empty()).then(|| f[13].into()),
        })
    }
}

fn base(s: &str) -> Option<BaseType> {
    let mut c = s.chars();
    let b = BaseType::from_code(c.next()?)?;
    c.next().is_none().then_some(b)
}

fn enums(s: &str) -> Option<Vec<EnumItem>> {
    if s.is_empty() {
        return Some(Vec::new());
    }
    s.split(',')
        .map(|x| {
            let (label, v) = x.strip_suffix(')')?.split_once('(')?;
            Some(EnumItem {
                label: label.into(),
                value: v.parse().ok()?,
            })
        })
        .collect()
}

fn parse_bound(s: &str) -> Option<i64> {
    match s {
        "MIN" => Some(i64::MIN),
        "MAX" => Some(i64::MAX),
        s => s.parse().ok(),
    }
}

fn ranges(s: &str) -> Option<Vec<Range>> {
    if s.is_empty() {
        return Some(Vec::new());
    }
    s.split('|')
        .map(|x| {
            // `-5..-1`: split at the `..`.
            let (lo, hi) = x.split_once("..").unwrap_or((x, x));
            Some(Range {
                low: parse_bound(lo)?,
                high: parse_bound(hi)?,
            })
        })
        .collect()
}
