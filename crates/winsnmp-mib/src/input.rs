//! Names to OIDs, as net-snmp's `read_objid` reads them, and SET types from the MIB.

use crate::error::InputError;
use crate::mib::Mib;
use crate::model::BaseType;
use crate::tree::NodeId;

/// net-snmp's `-I` input options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputOptions {
    /// `-Ib`: a name not found exactly is the best (first) label containing it.
    pub best_match: bool,
    /// `-Iu`: names relative to `mib-2` first (`system.sysDescr.0`), net-snmp's old UCD way.
    pub ucd: bool,
    /// `-Is SUFFIX`: appended to every OID given.
    pub suffix: Option<String>,
    /// `-IS PREFIX`: put before every OID given.
    pub prefix: Option<String>,
}

/// Splits at dots outside quotes: `ifDescr."a.b".3` → `ifDescr`, `"a.b"`, `3`.
fn components(s: &str) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            q @ (b'"' | b'\'') => {
                let end = b[i + 1..]
                    .iter()
                    .position(|&c| c == q)
                    .ok_or_else(|| "unterminated quote".to_owned())?;
                i += end + 2;
                continue;
            }
            b'.' => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push(&s[start..]);
    Ok(out)
}

impl Mib {
    /// Reads an OID given by name or number: `sysDescr.0`, `IF-MIB::ifDescr.3`, `ifTable`,
    /// `iso.3.6.1`, `.1.3.6.1`, `.iso.org.dod`, `1.3.6`, with `"string"` (length first) and
    /// `'string'` (IMPLIED) index parts. A single sub-identifier (`.1`, `iso`) is returned
    /// as it is (net-snmp walks from it); it cannot be encoded alone.
    ///
    /// # Errors
    /// [`InputError::UnknownName`] for a name no loaded module has,
    /// [`InputError::UnknownModule`], [`InputError::BadOid`] for a malformed OID.
    pub fn parse_oid(&self, input: &str, opts: &InputOptions) -> Result<Vec<u32>, InputError> {
        let mut owned;
        let mut s = input;
        if opts.prefix.is_some() || opts.suffix.is_some() {
            owned = String::new();
            if let Some(p) = &opts.prefix {
                owned.push_str(p);
            }
            owned.push_str(s);
            if let Some(x) = &opts.suffix {
                owned.push_str(x);
            }
            s = &owned;
        }
        let bad = |why: &str| InputError::BadOid(input.to_owned(), why.to_owned());
        if s.is_empty() {
            return Err(bad("empty"));
        }
        let (mut arcs, mut at, rest): (Vec<u32>, Option<NodeId>, &str) =
            if let Some(abs) = s.strip_prefix('.') {
                (Vec::new(), None, abs)
            } else if let Some((module, tail)) = s.split_once("::") {
                let m = self
                    .module(module)
                    .ok_or_else(|| InputError::UnknownModule(module.to_owned()))?;
                let (label, rest) = match tail.find('.') {
                    Some(i) => (&tail[..i], &tail[i + 1..]),
                    None => (tail, ""),
                };
                let n = self.modules[usize::from(m.0)]
                    .nodes
                    .get(label)
                    .map(|&i| NodeId(i))
                    .ok_or_else(|| InputError::UnknownName(input.to_owned()))?;
                (self.oid(n), Some(n), rest)
            } else {
                let first = components(s).map_err(|e| bad(&e))?[0];
                if first.bytes().all(|c| c.is_ascii_digit()) {
                    (Vec::new(), None, s)
                } else {
                    let rest = s.get(first.len() + 1..).unwrap_or("");
                    let mib2 = self.find("mib-2");
                    let n = if opts.ucd {
                        mib2.and_then(|m| self.child_labelled(m.0, first))
                            .or_else(|| self.find(first))
                    } else {
                        self.find(first)
                    };
                    let n = match n {
                        Some(n) => n,
                        None if opts.best_match => self
                            .best_match(first)
                            .ok_or_else(|| InputError::UnknownName(input.to_owned()))?,
                        None => return Err(InputError::UnknownName(input.to_owned())),
                    };
                    (self.oid(n), Some(n), rest)
                }
            };
        let mut top = at.is_none();
        if !rest.is_empty() {
            for c in components(rest).map_err(|e| bad(&e))? {
                if c.is_empty() {
                    return Err(bad("empty sub-identifier"));
                }
                if let Some(q) = c.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
                    arcs.push(u32::try_from(q.len()).map_err(|_| bad("string too long"))?);
                    arcs.extend(q.bytes().map(u32::from));
                    at = None;
                    top = false;
                } else if let Some(q) = c.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')) {
                    arcs.extend(q.bytes().map(u32::from));
                    at = None;
                    top = false;
                } else if c.bytes().all(|b| b.is_ascii_digit()) {
                    let v: u32 = c.parse().map_err(|_| bad("sub-identifier too large"))?;
                    arcs.push(v);
                    let parent = if top { Some(0) } else { at.map(|n| n.0) };
                    at = parent.and_then(|p| self.child(p, v)).map(NodeId);
                    top = false;
                } else {
                    let parent = if top { Some(0) } else { at.map(|n| n.0) };
                    let n = parent
                        .and_then(|p| self.child_labelled(p, c))
                        .ok_or_else(|| InputError::UnknownName(input.to_owned()))?;
                    arcs.push(self.node(n).subid);
                    at = Some(n);
                    top = false;
                }
            }
        }
        // One sub-identifier (`.1`, `iso`) is a root net-snmp walks from; encoding needs two.
        if arcs.is_empty()
            || arcs.len() > 128
            || arcs[0] > 2
            || (arcs.len() > 1 && arcs[0] < 2 && arcs[1] > 39)
        {
            return Err(bad("not a valid OID"));
        }
        Ok(arcs)
    }

    fn child_labelled(&self, parent: u32, label: &str) -> Option<NodeId> {
        self.nodes[parent as usize]
            .children
            .iter()
            .find(|&&c| self.nodes[c as usize].label.as_deref() == Some(label))
            .map(|&c| NodeId(c))
    }

    /// `-Ib`: the first node (in OID order) whose label contains `s`, case-insensitively.
    fn best_match(&self, s: &str) -> Option<NodeId> {
        let want = s.to_ascii_lowercase();
        let mut best: Option<(usize, NodeId)> = None;
        for (i, n) in self.nodes.iter().enumerate().skip(1) {
            if let Some(l) = &n.label
                && l.to_ascii_lowercase().contains(&want)
            {
                let score = l.len();
                if best.is_none_or(|(b, _)| score < b) {
                    best = Some((score, NodeId(i as u32)));
                }
            }
        }
        best.map(|(_, n)| n)
    }

    /// The `snmpset` type letter the MIB gives object `node` (`=` on the command line):
    /// `i` INTEGER/Integer32, `u` Unsigned32/Gauge32, `c` Counter32, `C` Counter64, `t`
    /// TimeTicks, `a` IpAddress, `o` OBJECT IDENTIFIER, `s` OCTET STRING, `b` BITS,
    /// `n` NULL; `None` when it is not an object with a known syntax.
    pub fn set_type(&self, node: NodeId) -> Option<char> {
        Some(match self.node(node).syntax.base {
            BaseType::Integer | BaseType::Integer32 => 'i',
            BaseType::Unsigned32 | BaseType::Gauge32 | BaseType::UInteger32 => 'u',
            BaseType::Counter32 => 'c',
            BaseType::Counter64 => 'C',
            BaseType::TimeTicks => 't',
            BaseType::IpAddress | BaseType::NetworkAddress => 'a',
            BaseType::ObjectId => 'o',
            BaseType::OctetString | BaseType::Opaque | BaseType::NsapAddress => 's',
            BaseType::Bits => 'b',
            BaseType::Null => 'n',
            BaseType::Other => return None,
        })
    }

    /// Checks a SET type letter against the object's syntax as `snmpset` does, and turns
    /// an enumeration label (`up`) or named bits (`a,c`) into numbers.
    ///
    /// # Errors
    /// [`InputError::BadValue`] naming the object's type (`Type of attribute is INTEGER,
    /// not OCTET STRING`) or the unknown label.
    pub fn check_set(&self, node: NodeId, letter: char, value: &str) -> Result<String, InputError> {
        let n = self.node(node);
        let Some(want) = self.set_type(node) else {
            return Ok(value.to_owned());
        };
        let compatible = match letter {
            's' | 'x' | 'd' => matches!(want, 's' | 'b'),
            'n' => true,
            l => l == want,
        };
        if !compatible {
            return Err(InputError::BadValue(format!(
                "Bad variable type (Type of attribute is {}, not {})",
                n.syntax.base.keyword(),
                letter_name(letter)
            )));
        }
        let syn = &n.syntax;
        match letter {
            'i' if value.trim().parse::<i64>().is_err() => syn
                .enum_value(value.trim())
                .map(|v| v.to_string())
                .ok_or_else(|| InputError::BadValue(format!("{value}: Bad value name"))),
            'b' => {
                let mut out = Vec::new();
                for p in value.split([',', ' ']).filter(|p| !p.is_empty()) {
                    if p.bytes().all(|c| c.is_ascii_digit()) {
                        out.push(p.to_owned());
                    } else {
                        let v = syn
                            .enum_value(p)
                            .ok_or_else(|| InputError::BadValue(format!("{p}: Bad BITS name")))?;
                        out.push(v.to_string());
                    }
                }
                Ok(out.join(","))
            }
            _ => Ok(value.to_owned()),
        }
    }
}

fn letter_name(l: char) -> &'static str {
    match l {
        'i' => "INTEGER",
        'u' => "Unsigned32",
        'c' => "Counter32",
        'C' => "Counter64",
        't' => "TimeTicks",
        'a' => "IpAddress",
        'o' => "OBJECT IDENTIFIER",
        's' | 'x' | 'd' => "OCTET STRING",
        'b' => "BITS",
        _ => "NULL",
    }
}
