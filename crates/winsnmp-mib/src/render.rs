//! Names and values printed exactly as net-snmp prints them (`mib.c`'s `sprint_realloc_*`),
//! with its `-O` output options.
//!
//! Output is bytes: a DisplayString is copied as it came (net-snmp does the same), so a
//! Latin-1 value stays byte for byte what the agent sent.

use std::io::Write as _;

use winsnmp_wire::{MAX_OID_LEN, RawOid, Value};

use crate::index::{Quote, Shape};
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
    /// `-Op PRECISION`: how Opaque floats and doubles print (default `%f`).
    pub float_format: Option<FloatFormat>,
    /// `-Ih`: values printed without their DISPLAY-HINT.
    pub no_display_hint: bool,
}

/// net-snmp's `-Op PRECISION`: printf flags, a width and a precision put into its `%f`
/// (`-Op 5.2` prints a float as `%5.2f` would).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[allow(clippy::struct_excessive_bools)]
pub struct FloatFormat {
    /// `-`: left-justified in the width.
    pub left: bool,
    /// `+`: a sign even when positive.
    pub plus: bool,
    /// ` `: a space where a positive number has no sign.
    pub space: bool,
    /// `0`: padded with zeros after the sign.
    pub zero: bool,
    /// `#`: a decimal point even with no decimals.
    pub alt: bool,
    /// The minimum width.
    pub width: u16,
    /// Digits after the point (default 6).
    pub precision: Option<u16>,
}

impl FloatFormat {
    /// Parses a precision as `-Op` takes it: `[FLAGS][WIDTH][.PRECISION]`, e.g. `5.2`,
    /// `.3`, `-10.1`, `+08.2`. `None` for anything else (another conversion, a length
    /// modifier).
    pub fn parse(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        let mut f = Self::default();
        let mut i = 0;
        while let Some(&c) = b.get(i) {
            match c {
                b'-' => f.left = true,
                b'+' => f.plus = true,
                b' ' => f.space = true,
                b'0' => f.zero = true,
                b'#' => f.alt = true,
                _ => break,
            }
            i += 1;
        }
        let digits = |i: &mut usize| -> Option<u16> {
            let st = *i;
            while b.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            if *i == st {
                return None;
            }
            s[st..*i].parse::<u16>().ok().filter(|v| *v <= 1000)
        };
        if b.get(i).is_some_and(u8::is_ascii_digit) {
            f.width = digits(&mut i)?;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            f.precision = Some(digits(&mut i).unwrap_or(0));
        }
        (i == b.len()).then_some(f)
    }

    /// Appends `v` as C's `printf("%{self}f", v)` prints it.
    pub fn write(&self, out: &mut Vec<u8>, v: f64) {
        let p = usize::from(self.precision.unwrap_or(6));
        let sign: &str = if v.is_sign_negative() && !v.is_nan() {
            "-"
        } else if self.plus {
            "+"
        } else if self.space {
            " "
        } else {
            ""
        };
        let a = v.abs();
        let mut body = if a.is_nan() {
            "nan".to_owned()
        } else if a.is_infinite() {
            "inf".to_owned()
        } else {
            format!("{a:.p$}")
        };
        if self.alt && p == 0 && a.is_finite() {
            body.push('.');
        }
        let len = sign.len() + body.len();
        let pad = usize::from(self.width).saturating_sub(len);
        if self.left {
            out.extend_from_slice(sign.as_bytes());
            out.extend_from_slice(body.as_bytes());
            out.resize(out.len() + pad, b' ');
        } else if self.zero && a.is_finite() {
            out.extend_from_slice(sign.as_bytes());
            out.resize(out.len() + pad, b'0');
            out.extend_from_slice(body.as_bytes());
        } else {
            out.resize(out.len() + pad, b' ');
            out.extend_from_slice(sign.as_bytes());
            out.extend_from_slice(body.as_bytes());
        }
    }
}

impl OutputOptions {
    /// Applies the letters of one `-O` argument (several may be given, e.g. `-Oqv`), as
    /// net-snmp does: some letters set, some toggle.
    ///
    /// `p` takes the rest of the argument as its precision (`-Op5.2`), as net-snmp does.
    ///
    /// # Errors
    /// The first letter net-snmp does not know (`p` for a precision that is not
    /// `[FLAGS][WIDTH][.PRECISION]`).
    pub fn apply(&mut self, letters: &str) -> Result<(), char> {
        for (i, c) in letters.char_indices() {
            match c {
                'p' => {
                    self.float_format = Some(FloatFormat::parse(&letters[i + 1..]).ok_or('p')?);
                    return Ok(());
                }
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

    /// Appends `oid` as net-snmp prints a name; returns the deepest known node. Writes
    /// straight into `out` (no allocation once `out` has room).
    pub fn oid(&self, oid: &[u32], out: &mut Vec<u8>) -> Option<NodeId> {
        if self.opts.style == OidStyle::Numeric && !oid.is_empty() {
            // The fast path: no tree walk for the name (the value's node is looked up).
            for a in oid {
                out.push(b'.');
                push_num(out, u64::from(*a));
            }
            return self.mib.lookup(oid).map(|l| l.node);
        }
        let base = out.len();
        out.push(b'.');
        let (node, mid) = self.symbol(oid, out);
        self.cut(base, node, mid, out);
        node
    }

    /// Keeps what the `-O` style shows of the full dotted name at `out[base..]`: all of it
    /// (`-Of`), the part after the MIB-2 prefixes (`-Ou`), or from the last known label on,
    /// with its module (`-OS`, `-Os`).
    fn cut(&self, base: usize, node: Option<NodeId>, mid: usize, out: &mut Vec<u8>) {
        let t = &out[base..];
        let mut module: Option<&str> = None;
        let cut = match self.opts.style {
            OidStyle::Full | OidStyle::FullAndNumeric | OidStyle::Numeric => 0,
            OidStyle::Ucd => MIB_PREFIXES
                .iter()
                .find(|p| t.len() > p.len() && t.starts_with(p.as_bytes()))
                .map_or(0, |p| p.len() + 1),
            OidStyle::Suffix | OidStyle::Module => {
                let mut cp: isize = if mid != 0 {
                    (mid - base) as isize - 2
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
                if self.opts.style == OidStyle::Module && cp > 0 {
                    module = node
                        .and_then(|n| self.mib.node(n).module())
                        .map(|m| self.mib.module_name(m));
                }
                cp
            }
        };
        let cut = cut.min(t.len());
        match module {
            Some(m) => replace_front(out, base, cut, &[m.as_bytes(), b"::"]),
            None => replace_front(out, base, cut, &[]),
        }
    }

    /// [`Formatter::oid`] for one name after another (a walk): `cache` remembers the tree
    /// walk of the previous name and, with `-On`, its text, so a name under the same
    /// object costs a prefix comparison and the arcs that differ. Same output.
    pub fn oid_cached(
        &self,
        oid: RawOid<'_>,
        cache: &mut NameCache,
        out: &mut Vec<u8>,
    ) -> Option<NodeId> {
        if cache.opts != Some(self.opts) {
            *cache = NameCache {
                opts: Some(self.opts),
                ..NameCache::default()
            };
        }
        let ber = oid.as_ber();
        if self.opts.style == OidStyle::Numeric {
            cache.numeric(ber, out);
            let n = cache.marks.len() + 1;
            if let Some(w) = cache.hit(ber, n) {
                return w.deepest;
            }
            cache.arcs.clear();
            cache.arcs.extend(oid.arcs());
            let w = self.walk_tree(&cache.arcs, None);
            cache.remember(self.mib, ber, n, w);
            return w.deepest;
        }
        let n = ber.iter().filter(|&&b| b & 0x80 == 0).count() + 1;
        if let Some(w) = cache.hit(ber, n)
            && cache.cut_ok
        {
            // The first `w.i` arcs are the previous name's; decode the rest.
            cache.arcs.truncate(w.i);
            let mut acc: u32 = 0;
            for &b in &ber[cache.rest_at..] {
                acc = (acc << 7) | u32::from(b & 0x7f);
                if b & 0x80 == 0 {
                    cache.arcs.push(acc);
                    acc = 0;
                }
            }
            out.extend_from_slice(&cache.cut);
            let (node, _) = self.finish_symbol(&cache.arcs, w, out);
            return node;
        }
        cache.arcs.clear();
        cache.arcs.extend(oid.arcs());
        let base = out.len();
        out.push(b'.');
        let w = self.walk_tree(&cache.arcs, Some(out));
        cache.remember(self.mib, ber, n, w);
        if !cache.key.is_empty() {
            self.remember_cut(cache, w, &out[base..]);
        }
        let arcs = std::mem::take(&mut cache.arcs);
        let (node, mid) = self.finish_symbol(&arcs, w, out);
        cache.arcs = arcs;
        self.cut(base, node, mid, out);
        node
    }

    /// What [`Formatter::cut`] leaves of the name's walked part `t` (`.` and the labels,
    /// its closing `.` included): the prefix a cached walk starts its names with. Not for
    /// `-Ou`, whose cut looks at the whole name.
    fn remember_cut(&self, cache: &mut NameCache, w: Walked, t: &[u8]) {
        cache.cut.clear();
        cache.cut_ok = w.i >= 2;
        let cp = match self.opts.style {
            OidStyle::Ucd | OidStyle::Numeric => {
                cache.cut_ok = false;
                return;
            }
            OidStyle::Full | OidStyle::FullAndNumeric => 0,
            OidStyle::Suffix | OidStyle::Module => {
                let mut cp = t.len() as isize - 2;
                while cp >= 0 && t[cp as usize] != b'.' {
                    cp -= 1;
                }
                let cp = (cp + 1) as usize;
                if self.opts.style == OidStyle::Module
                    && cp > 0
                    && let Some(m) = w.deepest.and_then(|n| self.mib.node(n).module())
                {
                    cache
                        .cut
                        .extend_from_slice(self.mib.module_name(m).as_bytes());
                    cache.cut.extend_from_slice(b"::");
                }
                cp
            }
        };
        cache.cut.extend_from_slice(&t[cp.min(t.len())..]);
    }

    /// [`Formatter::varbind`] with a [`NameCache`] (see [`Formatter::oid_cached`]): the
    /// printing of a walk.
    pub fn varbind_cached(
        &self,
        name: RawOid<'_>,
        value: &Value<'_>,
        cache: &mut NameCache,
        out: &mut Vec<u8>,
    ) {
        let start = out.len();
        let node = self.oid_cached(name, cache, out);
        self.separator(start, out);
        self.value(node, value, out);
    }

    /// What goes between a name and its value (or the name removed, with `-Ov`).
    fn separator(&self, start: usize, out: &mut Vec<u8>) {
        if self.opts.bare_value {
            out.truncate(start);
        } else if self.opts.quick_equals {
            out.extend_from_slice(b" = ");
        } else if self.opts.quick {
            out.push(b' ');
        } else {
            out.extend_from_slice(b" = ");
        }
    }

    /// [`Formatter::oid`] of an OID in the codec's form (its arcs decoded on the stack).
    pub fn raw_oid(&self, oid: RawOid<'_>, out: &mut Vec<u8>) -> Option<NodeId> {
        let mut buf = [0u32; MAX_OID_LEN];
        let n = arcs_into(oid, &mut buf);
        self.oid(&buf[..n], out)
    }

    /// `_get_realloc_symbol` and `_oid_finish_printing`: the full dotted form appended to
    /// `t`; returns the deepest node and where (in `t`) the known part ended (0 if all
    /// known).
    fn symbol(&self, oid: &[u32], t: &mut Vec<u8>) -> (Option<NodeId>, usize) {
        let w = self.walk_tree(oid, Some(t));
        self.finish_symbol(oid, w, t)
    }

    /// The tree part of `_get_realloc_symbol`: down the tree as far as `oid` goes,
    /// labels (or numbers) appended to `t` when given, a `.` after each but the last arc
    /// of `oid`.
    fn walk_tree(&self, oid: &[u32], mut t: Option<&mut Vec<u8>>) -> Walked {
        let mib = self.mib;
        let numeric = self.opts.style == OidStyle::Numeric;
        let mut w = Walked::default();
        while w.i < oid.len() {
            let Some(c) = mib.child(w.at, oid[w.i]) else {
                break;
            };
            if mib.entry_index(NodeId(c)).is_some() {
                w.index = Some(NodeId(c));
            }
            if let Some(t) = t.as_deref_mut() {
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
            }
            w.at = c;
            w.deepest = Some(NodeId(c));
            w.i += 1;
            if w.i < oid.len()
                && let Some(t) = t.as_deref_mut()
            {
                t.push(b'.');
            }
        }
        w
    }

    /// The rest of `_get_realloc_symbol` after the tree walk, and `_oid_finish_printing`:
    /// the index decoded, the unknown arcs as numbers.
    fn finish_symbol(&self, oid: &[u32], w: Walked, t: &mut Vec<u8>) -> (Option<NodeId>, usize) {
        let mib = self.mib;
        let numeric = self.opts.style == OidStyle::Numeric;
        let Walked { deepest, at, i, .. } = w;
        let index = w
            .index
            .and_then(|e| mib.entry_index(e).map(|parts| (e, parts)));
        if i == oid.len() {
            return (deepest, 0);
        }
        let mid = t.len();
        debug_assert!(mid > 0);
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
    /// used before the rest must be printed as numbers. Where it ends is
    /// [`Mib::index_shape`]'s (shared with [`Mib::decode_index`]); this prints it as
    /// net-snmp does.
    fn index_part(
        &self,
        tp: NodeId,
        implied: bool,
        ctx: (usize, &[crate::model::IndexPart], u32),
        rest: &[u32],
        t: &mut Vec<u8>,
    ) -> Result<usize, usize> {
        let x = self.opts.extended_index;
        let syn = &self.mib.node(tp).syntax;
        let shape = match self.mib.index_shape(tp, implied, ctx, rest) {
            Ok(s) => s,
            Err(used) => {
                // A NetworkAddress of another type: its type, then numbers.
                for a in &rest[..used] {
                    push_num(t, u64::from(*a));
                    t.push(b'.');
                }
                return Err(used);
            }
        };
        match shape {
            Shape::Octets {
                skip,
                len,
                quoted,
                inet,
            } => {
                let arcs = &rest[skip..skip + len];
                if x && syn.hint.is_some() {
                    let mut bytes = [0u8; MAX_OID_LEN];
                    for (b, a) in bytes.iter_mut().zip(arcs) {
                        *b = *a as u8;
                    }
                    self.octets(&bytes[..len], syn.hint.as_deref(), None, t);
                    return Ok(skip + len);
                }
                if quoted == Quote::Double && len == 0 {
                    if self.opts.escape_quotes {
                        t.push(b'\\');
                    }
                    t.push(b'"');
                    if self.opts.escape_quotes {
                        t.push(b'\\');
                    }
                    t.push(b'"');
                    return Ok(skip);
                }
                // An InetAddress after its InetAddressType: printed as an address.
                if let Some(kind) = inet
                    && inet_address(t, kind, arcs)
                {
                    return Ok(skip + len);
                }
                let q = match quoted {
                    Quote::Double => b'"',
                    Quote::Single => b'\'',
                };
                self.dump_string(arcs, q, t);
                Ok(skip + len)
            }
            Shape::Number => {
                let v = rest[0];
                match syn.enum_label(i64::from(v as i32)) {
                    Some(l) => t.extend_from_slice(l.as_bytes()),
                    None => push_num(t, u64::from(v)),
                }
                Ok(1)
            }
            Shape::Ticks => {
                if x {
                    self.uptime(rest[0], t);
                } else {
                    push_num(t, u64::from(rest[0]));
                }
                Ok(1)
            }
            Shape::ObjectId { skip, len } => {
                let n = skip + len;
                if x {
                    self.oid(&rest[skip..n], t);
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
            Shape::IpAddress => {
                dotted4(t, &rest[..4]);
                Ok(4)
            }
            Shape::NetworkAddress => {
                push_num(t, u64::from(rest[0]));
                t.push(b'.');
                dotted4(t, &rest[1..5]);
                Ok(5)
            }
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
        self.separator(start, out);
        self.value(node, value, out);
    }

    /// [`Formatter::varbind`] of a binding as decoded (its name's arcs go on the stack):
    /// no allocation once `out` has room, for every value but hinted integers.
    pub fn varbind_raw(&self, name: RawOid<'_>, value: &Value<'_>, out: &mut Vec<u8>) {
        let mut buf = [0u32; MAX_OID_LEN];
        let n = arcs_into(name, &mut buf);
        self.varbind(&buf[..n], value, out);
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
            hint: if self.opts.no_display_hint {
                None
            } else {
                syn.hint.as_deref()
            },
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
                            if *i < 0 {
                                out.push(b'-');
                            }
                            push_num(out, u64::from(i.unsigned_abs()));
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
                self.raw_oid(*o, out);
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
                    out.extend_from_slice(b"Timeticks: (");
                    push_num(out, u64::from(*t));
                    out.extend_from_slice(b") ");
                }
                self.uptime(*t, out);
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
                    self.float(f64::from(f), out);
                    self.units(sp, out);
                    return;
                }
                0x79 if content.len() == 8 => {
                    let mut a = [0u8; 8];
                    a.copy_from_slice(content);
                    if !q {
                        out.extend_from_slice(b"Opaque: Float: ");
                    }
                    self.float(f64::from_be_bytes(a), out);
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
                    // Saturating: a vendor hint may hold any number of digits (the
                    // loops below stop at the end of the value anyway).
                    width = width
                        .saturating_mul(10)
                        .saturating_add(usize::from(h[hi] - b'0'));
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

    /// A float or double as `%f` with `-Op`'s precision.
    fn float(&self, v: f64, out: &mut Vec<u8>) {
        self.opts.float_format.unwrap_or_default().write(out, v);
    }

    /// `uptimeString`, appended to `out`.
    fn uptime(&self, ticks: u32, out: &mut Vec<u8>) {
        if self.opts.numeric_timeticks {
            push_num(out, u64::from(ticks));
            return;
        }
        let cs = ticks % 100;
        let secs = ticks / 100;
        let (d, h, m, s) = (secs / 86400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
        if self.opts.quick {
            push_num(out, u64::from(d));
            out.push(b':');
        } else if d == 1 {
            out.extend_from_slice(b"1 day, ");
        } else if d > 1 {
            push_num(out, u64::from(d));
            out.extend_from_slice(b" days, ");
        }
        push_num(out, u64::from(h));
        out.push(b':');
        push2(out, m);
        out.push(b':');
        push2(out, s);
        out.push(b'.');
        push2(out, cs);
    }
}

/// What walking a name down the tree found: the deepest node, its index in the node
/// table, the table entry met on the way, and how many arcs matched.
#[derive(Debug, Clone, Copy, Default)]
struct Walked {
    deepest: Option<NodeId>,
    at: u32,
    index: Option<NodeId>,
    i: usize,
}

/// Remembers the previous name a [`Formatter`] printed ([`Formatter::oid_cached`]), so a
/// walk's names (one object's instances one after the other) skip the tree walk and, with
/// `-On`, the decimal conversion of the arcs they share. Grows to the longest name once,
/// then allocates no more.
#[derive(Debug, Clone, Default)]
pub struct NameCache {
    opts: Option<OutputOptions>,
    /// The BER octets (whole sub-identifiers) the cached walk depends on; empty: none.
    key: Vec<u8>,
    walked: Walked,
    /// What the name's walked part prints as (cut and with its module), for names the
    /// cached walk holds for; `cut_ok` false: print the whole name.
    cut: Vec<u8>,
    cut_ok: bool,
    /// Where the arcs after the walked part begin in the BER.
    rest_at: usize,
    /// The previous name's arcs.
    arcs: Vec<u32>,
    /// The last name in `-On` form, and per sub-identifier (end in the BER, end in the text).
    num: Vec<u8>,
    marks: Vec<(usize, usize)>,
    last: Vec<u8>,
}

impl NameCache {
    /// A cache for a new run of names.
    pub fn new() -> Self {
        Self::default()
    }

    /// The cached walk, if it holds for a name of `n` arcs with BER `ber`: the name
    /// starts with the arcs the walk depends on and has more arcs than it matched.
    fn hit(&self, ber: &[u8], n: usize) -> Option<Walked> {
        (!self.key.is_empty() && ber.starts_with(&self.key) && self.walked.i < n)
            .then_some(self.walked)
    }

    /// Remembers walk `w` of a name of `n` arcs: it holds for any name with the same first
    /// `i` arcs when the node reached has no children, else with the same first `i + 1`
    /// (the arc that found no child included).
    fn remember(&mut self, mib: &Mib, ber: &[u8], n: usize, w: Walked) {
        self.key.clear();
        self.cut_ok = false;
        let leaf = w
            .deepest
            .is_some_and(|d| mib.nodes[d.0 as usize].children.is_empty());
        let arcs = if leaf { w.i } else { w.i + 1 };
        // BER combines the first two arcs: `arcs` arcs are `arcs - 1` sub-identifiers.
        if w.i >= n || arcs < 2 {
            return;
        }
        let ends = |k: usize| {
            ber.iter()
                .enumerate()
                .filter(|(_, b)| **b & 0x80 == 0)
                .nth(k)
                .map(|(p, _)| p + 1)
        };
        let Some(end) = ends(arcs - 2) else {
            return;
        };
        // Arc i begins after sub-identifier i - 2 ends (BER holds arcs 0 and 1 in one).
        self.rest_at = if w.i >= 2 {
            ends(w.i - 2).unwrap_or(ber.len())
        } else {
            0
        };
        self.key.extend_from_slice(&ber[..end]);
        self.walked = w;
    }

    /// Appends `ber` as `.1.3.6…`, reusing the text of the sub-identifiers it shares with
    /// the previous name.
    fn numeric(&mut self, ber: &[u8], out: &mut Vec<u8>) {
        let common = common_prefix(ber, &self.last);
        let k = self.marks.partition_point(|m| m.0 <= common);
        let (mut at, text) = if k == 0 { (0, 0) } else { self.marks[k - 1] };
        self.num.truncate(text);
        self.marks.truncate(k);
        let mut acc: u32 = 0;
        while at < ber.len() {
            let b = ber[at];
            at += 1;
            acc = (acc << 7) | u32::from(b & 0x7f);
            if b & 0x80 != 0 {
                continue;
            }
            if self.marks.is_empty() {
                let (x, y): (u32, u32) = match acc {
                    0..40 => (0, acc),
                    40..80 => (1, acc - 40),
                    _ => (2, acc - 80),
                };
                self.num.push(b'.');
                push_num(&mut self.num, u64::from(x));
                self.num.push(b'.');
                push_num(&mut self.num, u64::from(y));
            } else {
                self.num.push(b'.');
                push_num(&mut self.num, u64::from(acc));
            }
            self.marks.push((at, self.num.len()));
            acc = 0;
        }
        self.last.clear();
        self.last.extend_from_slice(ber);
        out.extend_from_slice(&self.num);
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

/// `sprint_realloc_hinted_integer`: `d-2` (a decimal point), `x`, `o`, `b`; written
/// straight into `out`.
fn hinted_integer(out: &mut Vec<u8>, val: i64, hint: &str) {
    let h = hint.as_bytes();
    let decimal = h.first() == Some(&b'd');
    if decimal && val < 0 {
        out.push(b'-');
    }
    let digits = out.len();
    match h.first() {
        Some(b'd') => push_num(out, val.unsigned_abs()),
        Some(b'x') => {
            let _ = write!(out, "{val:x}");
        }
        Some(b'o') => {
            let _ = write!(out, "{val:o}");
        }
        Some(b'b') => {
            let _ = write!(out, "{:032b}", val as u32);
        }
        _ => {
            let _ = write!(out, "{val}");
        }
    }
    let shift = if decimal && h.get(1) == Some(&b'-') {
        // Bounded: a value has at most 19 digits, and a vendor hint of `d-999999999`
        // must not make a billion zeros.
        hint[2..].parse::<usize>().unwrap_or(0).min(MAX_HINT_SHIFT)
    } else {
        0
    };
    if shift != 0 {
        let len = out.len() - digits;
        if shift <= len {
            out.insert(out.len() - shift, b'.');
        } else {
            // ".00ddd": the point and the missing zeros before the digits.
            let mut pad = shift - len;
            while pad > 0 {
                let k = pad.min(ZEROS.len());
                replace_front(out, digits, 0, &[&ZEROS[..k]]);
                pad -= k;
            }
            replace_front(out, digits, 0, &[b"."]);
        }
    }
}

const ZEROS: [u8; 32] = [b'0'; 32];

/// The largest decimal-point shift of a `d-N` hint that is honoured.
const MAX_HINT_SHIFT: usize = 64;

/// `dump_realloc_oid_to_inetaddress` for IPv4, IPv6 and their zoned forms, appended to
/// `t`; `false` (nothing written) when the arcs are no address of type `addr_type`.
fn inet_address(t: &mut Vec<u8>, addr_type: u32, arcs: &[u32]) -> bool {
    let mut b = [0u8; 20];
    if arcs.len() > b.len() {
        return false;
    }
    for (d, a) in b.iter_mut().zip(arcs) {
        match u8::try_from(*a) {
            Ok(x) => *d = x,
            Err(_) => return false,
        }
    }
    let Some((_, zone)) = crate::index::inet_value(addr_type, &b[..arcs.len()]) else {
        return false;
    };
    t.push(b'"');
    if matches!(addr_type, 1 | 3) {
        dotted4(t, &arcs[..4]);
    } else {
        for (i, x) in b[..16].iter().enumerate() {
            if i > 0 {
                t.push(b':');
            }
            let _ = write!(t, "{x:02x}");
        }
    }
    if let Some(z) = zone {
        t.push(b'%');
        push_num(t, u64::from(z));
    }
    t.push(b'"');
    true
}

/// Four arcs as a dotted address.
fn dotted4(t: &mut Vec<u8>, a: &[u32]) {
    for (i, x) in a.iter().enumerate() {
        if i > 0 {
            t.push(b'.');
        }
        push_num(t, u64::from(*x));
    }
}

/// Replaces `out[base..base + cut]` with the concatenation of `parts`, in place (no
/// allocation when `out` has room).
fn replace_front(out: &mut Vec<u8>, base: usize, cut: usize, parts: &[&[u8]]) {
    let add: usize = parts.iter().map(|p| p.len()).sum();
    let len = out.len();
    if add > cut {
        out.resize(len + add - cut, 0);
        out.copy_within(base + cut..len, base + add);
    } else if add < cut {
        out.copy_within(base + cut..len, base + add);
        out.truncate(len - (cut - add));
    }
    let mut at = base;
    for p in parts {
        out[at..at + p.len()].copy_from_slice(p);
        at += p.len();
    }
}

/// The arcs of `oid` into `buf` (an OID has at most [`MAX_OID_LEN`]); their count.
fn arcs_into(oid: RawOid<'_>, buf: &mut [u32; MAX_OID_LEN]) -> usize {
    let mut n = 0;
    for (slot, a) in buf.iter_mut().zip(oid.arcs()) {
        *slot = a;
        n += 1;
    }
    n
}

/// The length of the common prefix of `a` and `b`, eight octets at a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 8 <= n {
        let x = u64::from_le_bytes(a[i..i + 8].try_into().unwrap_or([0; 8]));
        let y = u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or([0; 8]));
        if x != y {
            return i + ((x ^ y).trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// Two decimal digits.
fn push2(out: &mut Vec<u8>, v: u32) {
    out.push(b'0' + (v / 10 % 10) as u8);
    out.push(b'0' + (v % 10) as u8);
}

fn push_num(out: &mut Vec<u8>, v: u64) {
    // Most arcs and counters are small: two digits at a time from a table.
    const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
        2021222324252627282930313233343536373839\
        4041424344454647484950515253545556575859\
        6061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899";
    if v < 10 {
        out.push(b'0' + v as u8);
        return;
    }
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut v = v;
    while v >= 100 {
        let p = (v % 100) as usize * 2;
        v /= 100;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[p..p + 2]);
    }
    if v >= 10 {
        let p = v as usize * 2;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[p..p + 2]);
    } else {
        i -= 1;
        buf[i] = b'0' + v as u8;
    }
    out.extend_from_slice(&buf[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(spec: &str, v: f64) -> String {
        let mut out = Vec::new();
        FloatFormat::parse(spec).unwrap().write(&mut out, v);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn float_formats_as_printf() {
        assert_eq!(f("", 3.5), "3.500000");
        assert_eq!(f(".2", 1.23456), "1.23");
        assert_eq!(f("8.3", -2.5), "  -2.500");
        assert_eq!(f("-8.1", 2.25), "2.2     ");
        assert_eq!(f("+08.2", 2.5), "+0002.50");
        assert_eq!(f("#.0", 7.0), "7.");
        assert_eq!(f(" .1", 1.0), " 1.0");
        assert_eq!(f("5", f64::INFINITY), "  inf");
        for bad in ["x", "5.2f", "%5.2", "1.2.3", "99999"] {
            assert_eq!(FloatFormat::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn numbers() {
        for v in [
            0u64,
            7,
            10,
            99,
            100,
            101,
            999,
            1000,
            65535,
            4_294_967_295,
            u64::MAX,
        ] {
            let mut out = Vec::new();
            push_num(&mut out, v);
            assert_eq!(out, v.to_string().as_bytes());
        }
    }

    #[test]
    fn hinted_integers() {
        let h = |v: i64, hint: &str| {
            let mut out = b"x".to_vec();
            hinted_integer(&mut out, v, hint);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(h(12345, "d-2"), "x123.45");
        assert_eq!(h(5, "d-2"), "x.05");
        assert_eq!(h(-5, "d-3"), "x-.005");
        assert_eq!(h(255, "x"), "xff");
        assert_eq!(h(8, "o"), "x10");
        assert_eq!(h(5, "b"), "x00000000000000000000000000000101");
        assert_eq!(h(7, "d"), "x7");
        // Absurd vendor hints: bounded, no panic.
        assert_eq!(h(5, "d-999999999").len(), 1 + 1 + MAX_HINT_SHIFT);
        assert_eq!(h(5, "d-99999999999999999999999"), "x5");
    }

    #[test]
    fn absurd_octet_hints_neither_panic_nor_blow_up() {
        let mib = Mib::empty();
        let f = Formatter::new(&mib, OutputOptions::default());
        let mut out = Vec::new();
        let _ = f.hinted_octets(b"abcdef", "99999999999999999999999999a", &mut out);
        assert!(out.len() <= 6, "{out:?}");
        out.clear();
        let _ = f.hinted_octets(b"\xff\x01\x02", "*99999999999999999999x:", &mut out);
        assert!(out.len() < 64, "{out:?}");
    }

    #[test]
    fn front_replacement_in_place() {
        let mut v = b"ab.iso.org.x".to_vec();
        replace_front(&mut v, 2, 9, &[b"M", b"::"]);
        assert_eq!(v, b"abM::x");
        let mut v = b"ab.x".to_vec();
        replace_front(&mut v, 2, 1, &[b"LONG-MIB", b"::"]);
        assert_eq!(v, b"abLONG-MIB::x");
        let mut v = b"ab.x".to_vec();
        replace_front(&mut v, 2, 1, &[]);
        assert_eq!(v, b"abx");
    }

    /// The cached printing of a walk's names is the uncached printing, whatever order the
    /// names come in.
    #[test]
    fn cached_names_print_as_uncached() {
        let mib = Mib::builtin();
        let mut oids: Vec<Vec<u32>> = Vec::new();
        let mut stack: Vec<NodeId> = mib.roots().collect();
        while let Some(n) = stack.pop() {
            let base = mib.oid(n);
            if base.len() >= 2 {
                oids.push(base.clone());
                for tail in [
                    &[1][..],
                    &[1, 2],
                    &[0],
                    &[4, 101, 116, 104, 48],
                    &[1, 4, 127, 0, 0, 1],
                    &[300, 7],
                ] {
                    let mut o = base.clone();
                    o.extend_from_slice(tail);
                    oids.push(o);
                }
            }
            stack.extend(mib.children(n));
        }
        oids.sort();
        // Walk order, then a scrambled order (every name against a different previous one).
        let mut scrambled = oids.clone();
        let len = scrambled.len();
        for i in 0..len {
            scrambled.swap(i, (i * 7919 + 13) % len);
        }
        for style in [
            OidStyle::Module,
            OidStyle::Suffix,
            OidStyle::Full,
            OidStyle::FullAndNumeric,
            OidStyle::Numeric,
            OidStyle::Ucd,
        ] {
            for (x, b) in [(false, false), (true, false), (false, true)] {
                let opts = OutputOptions {
                    style,
                    extended_index: x,
                    dont_breakdown: b,
                    ..OutputOptions::default()
                };
                let f = Formatter::new(&mib, opts);
                for list in [&oids, &scrambled] {
                    let mut cache = NameCache::new();
                    for arcs in list {
                        let oid = winsnmp_wire::Oid::from_arcs(arcs).unwrap();
                        let (mut a, mut b) = (Vec::new(), b"x".to_vec());
                        let na = f.oid(arcs, &mut a);
                        let nb = f.oid_cached(oid.as_raw(), &mut cache, &mut b);
                        assert_eq!(&b[1..], &a[..], "{style:?} X={x} {arcs:?}");
                        assert_eq!(na, nb, "{style:?} {arcs:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn precision_and_no_hints_options() {
        let mut o = OutputOptions::default();
        o.apply("qp5.1").unwrap();
        assert!(o.quick);
        assert_eq!(o.float_format.unwrap().width, 5);
        assert_eq!(o.apply("p%f"), Err('p'));
        let mib = Mib::builtin();
        let mut plain = OutputOptions {
            style: OidStyle::Numeric,
            ..OutputOptions::default()
        };
        let mac = Value::OctetString(&[0, 0x1a, 0x2b, 3, 4, 5]);
        let name = [1, 3, 6, 1, 2, 1, 2, 2, 1, 6, 2];
        let mut out = Vec::new();
        Formatter::new(&mib, plain).varbind(&name, &mac, &mut out);
        assert_eq!(out, b".1.3.6.1.2.1.2.2.1.6.2 = STRING: 0:1a:2b:3:4:5");
        plain.no_display_hint = true;
        out.clear();
        Formatter::new(&mib, plain).varbind(&name, &mac, &mut out);
        assert_eq!(
            out,
            b".1.3.6.1.2.1.2.2.1.6.2 = Hex-STRING: 00 1A 2B 03 04 05 "
        );
    }
}
