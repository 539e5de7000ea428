//! Names and values printed exactly as net-snmp prints them (`mib.c`'s `sprint_realloc_*`),
//! with its `-O` output options.
//!
//! Output is bytes: a DisplayString is copied as it came (net-snmp does the same), so a
//! Latin-1 value stays byte for byte what the agent sent.

use std::io::Write as _;

use winsnmp_wire::Value;

use crate::mib::Mib;
use crate::model::BaseType;
use crate::tree::NodeId;

/// How an OID is printed (`-OS`, `-Os`, `-Of`, `-OF`, `-On`, `-Ou`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OidStyle {
    /// `IF-MIB::ifDescr.1` (net-snmp's default, `-OS`).
    #[default]
    Module,
    /// `ifDescr.1` (`-Os`).
    Suffix,
    /// `.iso.org.dod.internet.mgmt.mib-2.interfaces.ifTable.ifEntry.ifDescr.1` (`-Of`).
    Full,
    /// `.iso(1).org(3)…` (`-OF`).
    FullAndNumeric,
    /// `.1.3.6.1.2.1.2.2.1.2.1` (`-On`).
    Numeric,
    /// `interfaces.ifTable.ifEntry.ifDescr.1` (`-Ou`).
    Ucd,
}

/// net-snmp's `-O` output options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[allow(clippy::struct_excessive_bools)]
pub struct OutputOptions {
    /// The OID style.
    pub style: OidStyle,
    /// `-Oq`: `OID value`, no `=` and no type.
    pub quick: bool,
    /// `-OQ`: `OID = value`, no type.
    pub quick_equals: bool,
    /// `-Ov`: the value only.
    pub bare_value: bool,
    /// `-Oe`: enumerations as numbers.
    pub numeric_enum: bool,
    /// `-Ot`: TimeTicks as a number.
    pub numeric_timeticks: bool,
    /// `-Ox`: octet strings in hex.
    pub hex_strings: bool,
    /// `-Oa`: octet strings as text.
    pub ascii_strings: bool,
    /// `-OT`: hex strings followed by their text.
    pub hex_text: bool,
    /// `-OU`: no UNITS.
    pub no_units: bool,
    /// `-Ob`: instance suffixes as numbers, not decoded indexes.
    pub dont_breakdown: bool,
    /// `-OX`: indexes in brackets, `ifDescr[1]`.
    pub extended_index: bool,
    /// `-OE`: `\"` around quoted index strings.
    pub escape_quotes: bool,
    /// `-O0`: hex digits always in pairs.
    pub two_digit_hex: bool,
}

impl OutputOptions {
    /// Applies the letters of one `-O` argument (several may be given, e.g. `-Oqv`), as
    /// net-snmp does: some letters set, some toggle.
    ///
    /// # Errors
    /// The first letter net-snmp does not know (or that is not implemented: `-Op`).
    pub fn apply(&mut self, letters: &str) -> Result<(), char> {
        for c in letters.chars() {
            match c {
                '0' => self.two_digit_hex ^= true,
                'a' => {
                    self.ascii_strings = true;
                    self.hex_strings = false;
                }
                'x' => {
                    self.hex_strings = true;
                    self.ascii_strings = false;
                }
                'b' => self.dont_breakdown ^= true,
                'e' => self.numeric_enum ^= true,
                'E' => self.escape_quotes ^= true,
                'f' => self.style = OidStyle::Full,
                'F' => self.style = OidStyle::FullAndNumeric,
                'n' => self.style = OidStyle::Numeric,
                's' => self.style = OidStyle::Suffix,
                'S' => self.style = OidStyle::Module,
                'u' => self.style = OidStyle::Ucd,
                'q' => self.quick ^= true,
                'Q' => {
                    self.quick_equals = true;
                    self.quick ^= true;
                }
                't' => self.numeric_timeticks ^= true,
                'T' => self.hex_text ^= true,
                'U' => self.no_units ^= true,
                'v' => self.bare_value ^= true,
                'X' => self.extended_index ^= true,
                other => return Err(other),
            }
        }
        Ok(())
    }
}

/// Prints OIDs and varbinds with a [`Mib`] and [`OutputOptions`].
#[derive(Debug, Clone, Copy)]
pub struct Formatter<'m> {
    mib: &'m Mib,
    opts: OutputOptions,
}

const MIB_PREFIXES: [&str; 5] = [
    ".iso.org.dod.internet.mgmt.mib-2",
    ".iso.org.dod.internet.experimental",
    ".iso.org.dod.internet.private",
    ".iso.org.dod.internet.snmpParties",
    ".iso.org.dod.internet.snmpSecrets",
];

impl<'m> Formatter<'m> {
    /// A formatter over `mib`.
    pub fn new(mib: &'m Mib, opts: OutputOptions) -> Self {
        Self { mib, opts }
    }

    /// The options.
    pub fn options(&self) -> OutputOptions {
        self.opts
    }

    /// The MIB.
    pub fn mib(&self) -> &'m Mib {
        self.mib
    }

    /// Appends `oid` as net-snmp prints a name; returns the deepest known node.
    pub fn oid(&self, oid: &[u32], out: &mut Vec<u8>) -> Option<NodeId> {
        if self.opts.style == OidStyle::Numeric && !oid.is_empty() {
            // The fast path: no tree walk.
            for a in oid {
                out.push(b'.');
                push_num(out, u64::from(*a));
            }
            return self.mib.lookup(oid).map(|l| l.node);
        }
        let mut t = Vec::with_capacity(64);
        t.push(b'.');
        let (node, mid) = self.symbol(oid, &mut t);
        let start = match self.opts.style {
            OidStyle::Full | OidStyle::FullAndNumeric | OidStyle::Numeric => 0,
            OidStyle::Ucd => MIB_PREFIXES
                .iter()
                .find(|p| t.len() > p.len() && t.starts_with(p.as_bytes()))
                .map_or(0, |p| p.len() + 1),
            OidStyle::Suffix | OidStyle::Module => {
                let mut cp: isize = if mid != 0 {
                    mid as isize - 2
                } else {
                    let mut c = t.len() as isize - 1;
                    while c >= 0 && !t[c as usize].is_ascii_alphabetic() {
                        c -= 1;
                    }
                    c
                };
                while cp >= 0 && t[cp as usize] != b'.' {
                    cp -= 1;
                }
                let cp = (cp + 1) as usize;
                if self.opts.style == OidStyle::Module
                    && cp > 0
                    && let Some(m) = node.and_then(|n| self.mib.node(n).module())
                {
                    out.extend_from_slice(self.mib.module_name(m).as_bytes());
                    out.extend_from_slice(b"::");
                }
                cp
            }
        };
        out.extend_from_slice(&t[start.min(t.len())..]);
        node
    }

    /// `_get_realloc_symbol` and `_oid_finish_printing`: the full dotted form into `t`;
    /// returns the deepest node and where the known part ended (0 if all known).
    fn symbol(&self, oid: &[u32], t: &mut Vec<u8>) -> (Option<NodeId>, usize) {
        let mib = self.mib;
        let numeric = self.opts.style == OidStyle::Numeric;
        let mut at = 0u32;
        let mut deepest = None;
        let mut index: Option<(NodeId, &[crate::model::IndexPart])> = None;
        let mut i = 0;
        while i < oid.len() {
            let Some(c) = mib.child(at, oid[i]) else {
                break;
            };
            if let Some(ix) = mib.entry_index(NodeId(c)) {
                index = Some((NodeId(c), ix));
            }
            let n = mib.node(NodeId(c));
            match (&n.label, numeric) {
                (Some(l), false) => {
                    t.extend_from_slice(l.as_bytes());
                    if self.opts.style == OidStyle::FullAndNumeric {
                        t.push(b'(');
                        push_num(t, u64::from(n.subid));
                        t.push(b')');
                    }
                }
                _ => push_num(t, u64::from(n.subid)),
            }
            at = c;
            deepest = Some(NodeId(c));
            i += 1;
            if i < oid.len() {
                t.push(b'.');
            }
        }
        if i == oid.len() {
            return (deepest, 0);
        }
        let mid = t.len();
        let mut rest = &oid[i..];
        if deepest.is_some() && index.is_some() && !mib.nodes[at as usize].children.is_empty() {
            push_num(t, u64::from(rest[0]));
            t.push(b'.');
            rest = &rest[1..];
        }
        if let Some((entry, parts)) = index
            && !numeric
            && !self.opts.dont_breakdown
        {
            let module = mib.node(entry).module();
            for (k, part) in parts.iter().enumerate() {
                if rest.is_empty() {
                    break;
                }
                let Some(tp) = mib.find_in(module, &part.name) else {
                    break;
                };
                let prev = oid[oid.len() - rest.len() - 1];
                if self.opts.extended_index {
                    if t.last() == Some(&b'.') {
                        t.pop();
                    }
                    t.push(b'[');
                }
                match self.index_part(tp, part.implied, (k, parts, prev), rest, t) {
                    Ok(used) => rest = &rest[used..],
                    Err(used) => {
                        rest = &rest[used..];
                        break;
                    }
                }
                t.push(if self.opts.extended_index { b']' } else { b'.' });
            }
        }
        // _oid_finish_printing
        if t.last() != Some(&b'.') {
            t.push(b'.');
        }
        for a in rest {
            push_num(t, u64::from(*a));
            t.push(b'.');
        }
        t.pop();
        (deepest, mid)
    }

    /// One index component: `Ok` with the number of arcs it used, or `Err` with the arcs
    /// used before the rest must be printed as numbers.
    fn index_part(
        &self,
        tp: NodeId,
        implied: bool,
        (k, parts, prev): (usize, &[crate::model::IndexPart], u32),
        rest: &[u32],
        t: &mut Vec<u8>,
    ) -> Result<usize, usize> {
        let x = self.opts.extended_index;
        let node = self.mib.node(tp);
        let syn = &node.syntax;
        match syn.base {
            BaseType::OctetString => {
                if x && syn.hint.is_some() {
                    let (len, skip) = if implied {
                        (rest.len(), 0)
                    } else if let Some(n) = syn.fixed_size() {
                        (n, 0)
                    } else {
                        let n = rest[0] as usize;
                        if n >= rest.len() {
                            return Err(0);
                        }
                        (n, 1)
                    };
                    if len > rest.len() - skip {
                        return Err(0);
                    }
                    let bytes: Vec<u8> = rest[skip..skip + len].iter().map(|&a| a as u8).collect();
                    self.octets(&bytes, syn.hint.as_deref(), None, t);
                    return Ok(skip + len);
                }
                if implied {
                    self.dump_string(rest, b'\'', t);
                    return Ok(rest.len());
                }
                if let Some(n) = syn.fixed_size() {
                    if n > rest.len() {
                        return Err(0);
                    }
                    self.dump_string(&rest[..n], b'\'', t);
                    return Ok(n);
                }
                let n = rest[0] as usize + 1;
                if n > rest.len() {
                    return Err(0);
                }
                if n == 1 {
                    if self.opts.escape_quotes {
                        t.push(b'\\');
                    }
                    t.push(b'"');
                    if self.opts.escape_quotes {
                        t.push(b'\\');
                    }
                    t.push(b'"');
                    return Ok(1);
                }
                // An InetAddress after its InetAddressType: printed as an address.
                if syn.tc.as_deref() == Some("InetAddress")
                    && k > 0
                    && self
                        .mib
                        .find_in(node.module(), &parts[k - 1].name)
                        .is_some_and(|p| {
                            self.mib.node(p).syntax.tc.as_deref() == Some("InetAddressType")
                        })
                {
                    // The type is the arc before the length.
                    if let Some(s) = inet_address(prev, &rest[1..n]) {
                        t.extend_from_slice(s.as_bytes());
                        return Ok(n);
                    }
                }
                self.dump_string(&rest[1..n], b'"', t);
                Ok(n)
            }
            BaseType::Integer
            | BaseType::Integer32
            | BaseType::UInteger32
            | BaseType::Unsigned32
            | BaseType::Gauge32 => {
                let v = rest[0];
                match syn.enum_label(i64::from(v as i32)) {
                    Some(l) => t.extend_from_slice(l.as_bytes()),
                    None => push_num(t, u64::from(v)),
                }
                Ok(1)
            }
            BaseType::TimeTicks => {
                if x {
                    t.extend_from_slice(self.uptime(rest[0]).as_bytes());
                } else {
                    push_num(t, u64::from(rest[0]));
                }
                Ok(1)
            }
            BaseType::ObjectId => {
                let n = if implied {
                    rest.len()
                } else {
                    rest[0] as usize + 1
                };
                if n > rest.len() {
                    return Err(0);
                }
                if x {
                    let inner = if implied { &rest[..n] } else { &rest[1..n] };
                    self.oid(inner, t);
                } else {
                    if t.last() != Some(&b'.') {
                        t.push(b'.');
                    }
                    for (j, a) in rest[..n].iter().enumerate() {
                        if j > 0 {
                            t.push(b'.');
                        }
                        push_num(t, u64::from(*a));
                    }
                }
                Ok(n)
            }
            BaseType::IpAddress => {
                if rest.len() < 4 {
                    return Err(0);
                }
                let _ = write!(t, "{}.{}.{}.{}", rest[0], rest[1], rest[2], rest[3]);
                Ok(4)
            }
            BaseType::NetworkAddress => {
                push_num(t, u64::from(rest[0]));
                t.push(b'.');
                if rest[0] == 1 && rest.len() >= 5 {
                    let _ = write!(t, "{}.{}.{}.{}", rest[1], rest[2], rest[3], rest[4]);
                    Ok(5)
                } else {
                    // net-snmp prints the rest as numbers after the type.
                    Err(1)
                }
            }
            _ => Err(0),
        }
    }

    /// `dump_realloc_oid_to_string`: arcs as characters between quotes, `.` for what is
    /// not printable.
    fn dump_string(&self, arcs: &[u32], quote: u8, t: &mut Vec<u8>) {
        if arcs.is_empty() {
            return;
        }
        if self.opts.escape_quotes {
            t.push(b'\\');
        }
        t.push(quote);
        for &a in arcs {
            t.push(if (32..127).contains(&a) {
                a as u8
            } else {
                b'.'
            });
        }
        if self.opts.escape_quotes {
            t.push(b'\\');
        }
        t.push(quote);
    }

    /// Appends one varbind line (without a newline): `IF-MIB::ifDescr.1 = STRING: lo`, or
    /// the `-Oq`/`-OQ`/`-Ov` forms.
    pub fn varbind(&self, name: &[u32], value: &Value<'_>, out: &mut Vec<u8>) {
        let start = out.len();
        let node = self.oid(name, out);
        if self.opts.bare_value {
            out.truncate(start);
        } else if self.opts.quick_equals {
            out.extend_from_slice(b" = ");
        } else if self.opts.quick {
            out.push(b' ');
        } else {
            out.extend_from_slice(b" = ");
        }
        self.value(node, value, out);
    }

    /// Appends a value as net-snmp prints the value of `node` (the deepest known node of
    /// its name, as [`Formatter::oid`] returns it).
    pub fn value(&self, node: Option<NodeId>, value: &Value<'_>, out: &mut Vec<u8>) {
        match value {
            Value::NoSuchObject => {
                out.extend_from_slice(b"No Such Object available on this agent at this OID");
                return;
            }
            Value::NoSuchInstance => {
                out.extend_from_slice(b"No Such Instance currently exists at this OID");
                return;
            }
            Value::EndOfMibView => {
                out.extend_from_slice(
                    b"No more variables left in this MIB View (It is past the end of the MIB tree)",
                );
                return;
            }
            _ => {}
        }
        let Some(n) = node.map(|n| self.mib.node(n)) else {
            self.by_type(value, None, out);
            return;
        };
        let syn = &n.syntax;
        let units = if self.opts.no_units {
            None
        } else {
            n.units.as_deref()
        };
        let sp = Spec {
            enums: &syn.enums,
            hint: syn.hint.as_deref(),
            units,
        };
        let want = match syn.base {
            BaseType::Other => {
                self.by_type(value, Some(&sp), out);
                return;
            }
            b => b,
        };
        if !accepts(want, value) {
            if !self.opts.quick_equals {
                out.extend_from_slice(b"Wrong Type (should be ");
                out.extend_from_slice(wrong_type_name(want).as_bytes());
                out.extend_from_slice(b"): ");
            }
            self.by_type(value, None, out);
            return;
        }
        match want {
            BaseType::Bits => {
                if let Value::OctetString(b) = value {
                    self.bits(b, &sp, out);
                }
            }
            BaseType::NetworkAddress => {
                if let Value::IpAddress(a) = value {
                    if !self.opts.quick {
                        out.extend_from_slice(b"Network Address: ");
                    }
                    for (i, b) in a.iter().enumerate() {
                        if i > 0 {
                            out.push(b':');
                        }
                        let _ = write!(out, "{b:02X}");
                    }
                }
            }
            BaseType::Gauge32 | BaseType::Unsigned32 => {
                if let Value::Gauge32(g) = value {
                    if !self.opts.quick {
                        out.extend_from_slice(b"Gauge32: ");
                    }
                    match sp.hint {
                        Some(h) => hinted_integer(out, i64::from(*g), h),
                        None => push_num(out, u64::from(*g)),
                    }
                    self.units(&sp, out);
                }
            }
            _ => self.by_type(value, Some(&sp), out),
        }
    }

    fn units(&self, sp: &Spec<'_>, out: &mut Vec<u8>) {
        if let Some(u) = sp.units {
            out.push(b' ');
            out.extend_from_slice(u.as_bytes());
        }
    }

    /// `sprint_realloc_by_type`: by the value's own type, with the node's enumerations,
    /// hint and units when it has them.
    fn by_type(&self, value: &Value<'_>, sp: Option<&Spec<'_>>, out: &mut Vec<u8>) {
        let empty = Spec {
            enums: &[],
            hint: None,
            units: None,
        };
        let sp = sp.unwrap_or(&empty);
        let q = self.opts.quick;
        match value {
            Value::Integer(i) => {
                let label = sp
                    .enums
                    .iter()
                    .find(|e| e.value == i64::from(*i))
                    .map(|e| &*e.label);
                if !q {
                    out.extend_from_slice(b"INTEGER: ");
                }
                match label {
                    Some(l) if !self.opts.numeric_enum => {
                        out.extend_from_slice(l.as_bytes());
                        if !q {
                            let _ = write!(out, "({i})");
                        }
                    }
                    _ => match sp.hint {
                        Some(h) => hinted_integer(out, i64::from(*i), h),
                        None => {
                            let _ = write!(out, "{i}");
                        }
                    },
                }
                self.units(sp, out);
            }
            Value::OctetString(b) => self.octets(b, sp.hint, sp.units, out),
            Value::Null => out.extend_from_slice(b"NULL"),
            Value::ObjectIdentifier(o) => {
                if !q {
                    out.extend_from_slice(b"OID: ");
                }
                let arcs: Vec<u32> = o.arcs().collect();
                self.oid(&arcs, out);
                self.units(sp, out);
            }
            Value::IpAddress(a) => {
                if !q {
                    out.extend_from_slice(b"IpAddress: ");
                }
                let _ = write!(out, "{}.{}.{}.{}", a[0], a[1], a[2], a[3]);
            }
            Value::Counter32(c) => {
                if !q {
                    out.extend_from_slice(b"Counter32: ");
                }
                push_num(out, u64::from(*c));
                self.units(sp, out);
            }
            Value::Gauge32(g) => {
                if !q {
                    out.extend_from_slice(b"Gauge32: ");
                }
                match sp.hint {
                    Some(h) => hinted_integer(out, i64::from(*g), h),
                    None => push_num(out, u64::from(*g)),
                }
                self.units(sp, out);
            }
            Value::TimeTicks(t) => {
                if self.opts.numeric_timeticks {
                    push_num(out, u64::from(*t));
                    return;
                }
                if !q {
                    let _ = write!(out, "Timeticks: ({t}) ");
                }
                out.extend_from_slice(self.uptime(*t).as_bytes());
                self.units(sp, out);
            }
            Value::Opaque(b) => self.opaque(b, sp, out),
            Value::NsapAddress(b) => {
                if !q {
                    out.extend_from_slice(b"NsapAddress: ");
                }
                self.hexstring(b, out);
            }
            Value::Counter64(c) => {
                if !q {
                    out.extend_from_slice(b"Counter64: ");
                }
                push_num(out, *c);
                self.units(sp, out);
            }
            Value::NoSuchObject | Value::NoSuchInstance | Value::EndOfMibView => {
                self.value(None, value, out);
            }
            _ => out.extend_from_slice(b"Variable has bad type"),
        }
    }

    /// Opaque, with net-snmp's special types (float, double, counter64, int64, uint64)
    /// decoded from the BER inside it.
    fn opaque(&self, b: &[u8], sp: &Spec<'_>, out: &mut Vec<u8>) {
        let q = self.opts.quick;
        if let Some((tag, content)) = opaque_special(b) {
            match tag {
                0x78 if content.len() == 4 => {
                    let f = f32::from_be_bytes([content[0], content[1], content[2], content[3]]);
                    if !q {
                        out.extend_from_slice(b"Opaque: Float: ");
                    }
                    let _ = write!(out, "{:.6}", f64::from(f));
                    self.units(sp, out);
                    return;
                }
                0x79 if content.len() == 8 => {
                    let mut a = [0u8; 8];
                    a.copy_from_slice(content);
                    if !q {
                        out.extend_from_slice(b"Opaque: Float: ");
                    }
                    let _ = write!(out, "{:.6}", f64::from_be_bytes(a));
                    self.units(sp, out);
                    return;
                }
                0x76 | 0x7a | 0x7b if !content.is_empty() && content.len() <= 9 => {
                    let mut v: u64 = 0;
                    for &x in content {
                        v = (v << 8) | u64::from(x);
                    }
                    if !q {
                        out.extend_from_slice(match tag {
                            0x76 => b"Opaque: Counter64: ".as_slice(),
                            0x7a => b"Opaque: Int64: ",
                            _ => b"Opaque: UInt64: ",
                        });
                    }
                    if tag == 0x7a {
                        let shift = 64 - 8 * content.len().min(8) as u32;
                        let s = if shift >= 64 {
                            0
                        } else {
                            ((v << shift) as i64) >> shift
                        };
                        let _ = write!(out, "{s}");
                    } else {
                        push_num(out, v);
                    }
                    self.units(sp, out);
                    return;
                }
                _ => {}
            }
        }
        if !q {
            out.extend_from_slice(b"OPAQUE: ");
        }
        self.hexstring(b, out);
        self.units(sp, out);
    }

    fn bits(&self, b: &[u8], sp: &Spec<'_>, out: &mut Vec<u8>) {
        if self.opts.quick {
            out.push(b'"');
            self.hexstring(b, out);
            out.push(b'"');
            return;
        }
        out.extend_from_slice(b"BITS: ");
        self.hexstring(b, out);
        for (byte, x) in b.iter().enumerate() {
            for bit in 0..8 {
                if x & (0x80 >> bit) != 0 {
                    let n = byte * 8 + bit;
                    match sp.enums.iter().find(|e| e.value == n as i64) {
                        Some(e) if !self.opts.numeric_enum => {
                            let _ = write!(out, "{}({n}) ", e.label);
                        }
                        _ => {
                            let _ = write!(out, "{n} ");
                        }
                    }
                }
            }
        }
    }

    /// `sprint_realloc_octet_string`.
    fn octets(&self, b: &[u8], hint: Option<&str>, units: Option<&str>, out: &mut Vec<u8>) {
        let q = self.opts.quick;
        if let Some(h) = hint {
            let start = out.len();
            if !q {
                out.extend_from_slice(b"STRING: ");
            }
            if self.hinted_octets(b, h, out).is_err() {
                out.truncate(start);
                let _ = write!(out, "(Bad hint ignored: {h}) ");
                self.octets(b, None, units, out);
                return;
            }
            if let Some(u) = units {
                out.push(b' ');
                out.extend_from_slice(u.as_bytes());
            }
            return;
        }
        let hex = if self.opts.hex_strings {
            true
        } else if self.opts.ascii_strings {
            false
        } else {
            b.iter()
                .any(|&c| !(c.is_ascii_graphic() || c == b' ' || (b'\t'..=b'\r').contains(&c)))
        };
        if b.is_empty() {
            out.extend_from_slice(b"\"\"");
        } else if hex {
            out.extend_from_slice(if q { b"\"".as_slice() } else { b"Hex-STRING: " });
            self.hexstring(b, out);
            if q {
                out.push(b'"');
            }
        } else {
            if !q {
                out.extend_from_slice(b"STRING: ");
            }
            out.push(b'"');
            ascii(b, out);
            out.push(b'"');
        }
        if let Some(u) = units {
            out.push(b' ');
            out.extend_from_slice(u.as_bytes());
        }
    }

    /// RFC 2579 DISPLAY-HINT formatting of an octet string; `Err` for a hint net-snmp
    /// calls bad.
    fn hinted_octets(&self, b: &[u8], hint: &str, out: &mut Vec<u8>) -> Result<(), ()> {
        let h = hint.as_bytes();
        let mut hi = 0;
        let mut cp = 0;
        let (mut width, mut code, mut separ, mut term) = (1usize, b'd', 0u8, 0u8);
        let mut repeat;
        while cp < b.len() {
            repeat = 1usize;
            if hi < h.len() {
                if h[hi] == b'*' {
                    repeat = usize::from(b[cp]);
                    cp += 1;
                    hi += 1;
                }
                width = 0;
                while hi < h.len() && h[hi].is_ascii_digit() {
                    width = width * 10 + usize::from(h[hi] - b'0');
                    hi += 1;
                }
                code = h.get(hi).copied().unwrap_or(0);
                hi += 1;
                let sep_ok = |c: Option<&u8>, width: usize| match c {
                    Some(&ch) => {
                        ch != b'*'
                            && !ch.is_ascii_digit()
                            && (width != 0 || (ch != b'x' && ch != b'd' && ch != b'o'))
                    }
                    None => false,
                };
                if sep_ok(h.get(hi), width) {
                    separ = h[hi];
                    hi += 1;
                } else {
                    separ = 0;
                }
                if sep_ok(h.get(hi), width) {
                    term = h[hi];
                    hi += 1;
                } else {
                    term = 0;
                }
            }
            if width == 0 {
                let last = hi >= h.len();
                while repeat > 0 && separ != 0 {
                    repeat -= 1;
                    if last && repeat == 0 {
                        break;
                    }
                    out.push(separ);
                }
                if term != 0 && !last {
                    out.push(term);
                }
                if last {
                    break;
                }
                continue;
            }
            while repeat > 0 && cp < b.len() {
                let mut value: u64 = 0;
                if code != b'a' && code != b't' {
                    let mut x = 0;
                    while x < width && cp < b.len() {
                        value = (value << 8) | u64::from(b[cp]);
                        cp += 1;
                        x += 1;
                    }
                }
                match code {
                    b'x' => {
                        if value < 16
                            && width == 1
                            && (self.opts.two_digit_hex || (separ == 0 && hi >= h.len()))
                        {
                            let _ = write!(out, "0{value:x}");
                        } else {
                            let _ = write!(out, "{value:x}");
                        }
                    }
                    b'd' => push_num(out, value),
                    b'o' => {
                        let _ = write!(out, "{value:o}");
                    }
                    b't' | b'a' => {
                        let cnt = width.min(b.len() - cp);
                        let chunk = &b[cp..cp + cnt];
                        if chunk.contains(&0) {
                            ascii(chunk, out);
                        } else {
                            out.extend_from_slice(chunk);
                        }
                        cp += cnt;
                    }
                    _ => return Err(()),
                }
                if cp < b.len() && separ != 0 {
                    out.push(separ);
                }
                repeat -= 1;
            }
            if term != 0 && cp < b.len() {
                out.push(term);
            }
        }
        Ok(())
    }

    /// `sprint_realloc_hexstring`: `00 1A ` in lines of 16 octets, with `-OT` their text.
    fn hexstring(&self, b: &[u8], out: &mut Vec<u8>) {
        let mut chunks = b.chunks(16).peekable();
        if b.is_empty() {
            if self.opts.hex_text {
                out.extend_from_slice(b"  []");
            }
            return;
        }
        while let Some(c) = chunks.next() {
            for x in c {
                let _ = write!(out, "{x:02X} ");
            }
            if self.opts.hex_text {
                out.extend_from_slice(b"  [");
                for &x in c {
                    out.push(
                        if x.is_ascii_graphic() || x == b' ' || (b'\t'..=b'\r').contains(&x) {
                            x
                        } else {
                            b'.'
                        },
                    );
                }
                out.push(b']');
            }
            if chunks.peek().is_some() {
                out.push(b'\n');
            }
        }
    }

    /// `uptimeString`.
    fn uptime(&self, ticks: u32) -> String {
        if self.opts.numeric_timeticks {
            return ticks.to_string();
        }
        let cs = ticks % 100;
        let secs = ticks / 100;
        let (d, h, m, s) = (secs / 86400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
        if self.opts.quick {
            format!("{d}:{h}:{m:02}:{s:02}.{cs:02}")
        } else {
            match d {
                0 => format!("{h}:{m:02}:{s:02}.{cs:02}"),
                1 => format!("1 day, {h}:{m:02}:{s:02}.{cs:02}"),
                d => format!("{d} days, {h}:{m:02}:{s:02}.{cs:02}"),
            }
        }
    }
}

/// What a node adds to its value's printing.
struct Spec<'a> {
    enums: &'a [crate::model::EnumItem],
    hint: Option<&'a str>,
    units: Option<&'a str>,
}

/// Whether net-snmp's printer for MIB type `want` takes a value of this type.
fn accepts(want: BaseType, v: &Value<'_>) -> bool {
    match want {
        BaseType::ObjectId => matches!(v, Value::ObjectIdentifier(_)),
        BaseType::OctetString | BaseType::Bits => matches!(v, Value::OctetString(_)),
        BaseType::Integer | BaseType::Integer32 => matches!(v, Value::Integer(_)),
        BaseType::NetworkAddress | BaseType::IpAddress => matches!(v, Value::IpAddress(_)),
        BaseType::Counter32 => matches!(v, Value::Counter32(_)),
        BaseType::Gauge32 | BaseType::Unsigned32 => matches!(v, Value::Gauge32(_)),
        BaseType::TimeTicks => matches!(v, Value::TimeTicks(_)),
        BaseType::Opaque => matches!(v, Value::Opaque(_)),
        BaseType::Null => matches!(v, Value::Null),
        BaseType::Counter64 => {
            matches!(v, Value::Counter64(_))
                || matches!(v, Value::Opaque(b) if matches!(opaque_special(b), Some((0x76 | 0x7a | 0x7b, _))))
        }
        BaseType::NsapAddress => matches!(v, Value::NsapAddress(_)),
        // UInteger32 values have their own tag (0x47) that no message carries.
        BaseType::UInteger32 => false,
        BaseType::Other => true,
    }
}

fn wrong_type_name(want: BaseType) -> &'static str {
    match want {
        BaseType::ObjectId => "OBJECT IDENTIFIER",
        BaseType::OctetString => "OCTET STRING",
        BaseType::Bits => "BITS",
        BaseType::Integer | BaseType::Integer32 => "INTEGER",
        BaseType::NetworkAddress => "NetworkAddress",
        BaseType::IpAddress => "IpAddress",
        BaseType::Counter32 => "Counter32",
        BaseType::Gauge32 | BaseType::Unsigned32 => "Gauge32 or Unsigned32",
        BaseType::TimeTicks => "Timeticks",
        BaseType::Opaque => "Opaque",
        BaseType::Null => "NULL",
        BaseType::Counter64 => "Counter64",
        BaseType::NsapAddress => "NsapAddress",
        BaseType::UInteger32 => "UInteger32",
        BaseType::Other => "",
    }
}

/// net-snmp's special Opaque types: `9f 78 len float`, `9f 79 len double`, `9f 76/7a/7b
/// len integer`.
fn opaque_special(b: &[u8]) -> Option<(u8, &[u8])> {
    if b.len() >= 3 && b[0] == 0x9f && (0x76..=0x7b).contains(&b[1]) {
        let len = usize::from(b[2]);
        if len < 0x80 && b.len() == 3 + len {
            return Some((b[1], &b[3..]));
        }
    }
    None
}

/// `sprint_realloc_asciistring`: `\` and `"` escaped, what is not printable as `.`.
fn ascii(b: &[u8], out: &mut Vec<u8>) {
    for &c in b {
        if c.is_ascii_graphic() || c == b' ' || (b'\t'..=b'\r').contains(&c) {
            if c == b'\\' || c == b'"' {
                out.push(b'\\');
            }
            out.push(c);
        } else {
            out.push(b'.');
        }
    }
}

/// `sprint_realloc_hinted_integer`: `d-2` (a decimal point), `x`, `o`, `b`.
fn hinted_integer(out: &mut Vec<u8>, val: i64, hint: &str) {
    let h = hint.as_bytes();
    let mut tmp = match h.first() {
        Some(b'd') => val.unsigned_abs().to_string(),
        Some(b'x') => format!("{val:x}"),
        Some(b'o') => format!("{val:o}"),
        Some(b'b') => format!("{:032b}", val as u32),
        _ => val.to_string(),
    };
    let neg = h.first() == Some(&b'd') && val < 0;
    let shift = if h.first() == Some(&b'd') && h.get(1) == Some(&b'-') {
        hint[2..].parse::<usize>().unwrap_or(0)
    } else {
        0
    };
    if shift != 0 {
        let len = tmp.len();
        if shift <= len {
            tmp.insert(len - shift, '.');
        } else {
            tmp = format!(".{}{tmp}", "0".repeat(shift - len));
        }
    }
    if neg {
        out.push(b'-');
    }
    out.extend_from_slice(tmp.as_bytes());
}

/// `dump_realloc_oid_to_inetaddress` for IPv4, IPv6 and their zoned forms.
fn inet_address(addr_type: u32, arcs: &[u32]) -> Option<String> {
    if arcs.iter().any(|&a| a > 255) {
        return None;
    }
    let b: Vec<u8> = arcs.iter().map(|&a| a as u8).collect();
    let zone = |z: &[u8]| u32::from_be_bytes([z[0], z[1], z[2], z[3]]);
    Some(match (addr_type, b.len()) {
        (1, 4) => format!("\"{}.{}.{}.{}\"", b[0], b[1], b[2], b[3]),
        (3, 8) => format!("\"{}.{}.{}.{}%{}\"", b[0], b[1], b[2], b[3], zone(&b[4..])),
        (2, 16) | (4, 20) => {
            let hex: Vec<String> = b[..16].iter().map(|x| format!("{x:02x}")).collect();
            if addr_type == 4 {
                format!("\"{}%{}\"", hex.join(":"), zone(&b[16..]))
            } else {
                format!("\"{}\"", hex.join(":"))
            }
        }
        _ => return None,
    })
}

fn push_num(out: &mut Vec<u8>, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}
