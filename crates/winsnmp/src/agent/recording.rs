//! Loading recordings: snmpsim `.snmprec` files and net-snmp `snmpwalk -On` output.
//!
//! Both are read as bytes, never as UTF-8 text: real recordings hold Latin-1 and binary
//! values. A line ends at `\n`; a `\r` just before it belongs to the line ending.

use std::path::Path;

use winsnmp_wire::Oid;

use super::store::MibStore;
use super::value::OwnedValue;

/// The two recording formats [`Recording::parse`] recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordingFormat {
    /// snmpsim's `.snmprec`: `OID|TAG|VALUE` a line.
    Snmprec,
    /// net-snmp `snmpwalk -On` output: `.OID = TYPE: VALUE` a binding.
    Walk,
}

/// How to load a recording.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoadOptions {
    /// Skip `.snmprec` lines whose tag names an snmpsim variation module (`4:numeric`)
    /// instead of failing on the first one; one warning then says how many were skipped.
    pub skip_variations: bool,
}

impl LoadOptions {
    /// The defaults: variation modules are an error.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets [`LoadOptions::skip_variations`].
    pub fn skip_variations(mut self, skip: bool) -> Self {
        self.skip_variations = skip;
        self
    }
}

/// Why a recording did not load.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RecordingError {
    /// The file could not be read.
    #[error("{file}: {source}")]
    Io {
        /// The file name as given.
        file: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A line (or the binding starting on it) is not valid.
    #[error("{file}:{line}: {kind}")]
    Line {
        /// The file name as given.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        kind: LineError,
    },
}

impl RecordingError {
    /// The 1-based line number, for errors about a line.
    pub fn line(&self) -> Option<usize> {
        match self {
            Self::Line { line, .. } => Some(*line),
            Self::Io { .. } => None,
        }
    }

    /// What is wrong with the line, for errors about a line.
    pub fn kind(&self) -> Option<&LineError> {
        match self {
            Self::Line { kind, .. } => Some(kind),
            Self::Io { .. } => None,
        }
    }
}

/// What is wrong with one line of a recording.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LineError {
    /// The tag names an snmpsim variation module (`TAG:MODULE`), which this agent does not
    /// run.
    #[error(
        "tag `{0}` names an snmpsim variation module, which is not supported (skip such lines with the skip-variations option)"
    )]
    VariationModule(String),
    /// Not `OID|TAG|VALUE`.
    #[error("expected OID|TAG|VALUE")]
    MissingField,
    /// The OID is not dotted decimal, or not a valid OID.
    #[error("bad OID `{0}`")]
    BadOid(String),
    /// The tag is not one of 2, 4, 5, 6, 64, 65, 66, 67, 68, 70 (optionally with `x`).
    #[error("unknown tag `{0}`")]
    UnknownTag(String),
    /// The value does not fit the syntax.
    #[error("bad {syntax} value `{value}`")]
    BadValue {
        /// The syntax the tag or type names.
        syntax: &'static str,
        /// The value as found (lossily decoded, shortened).
        value: String,
    },
    /// The type of an `snmpwalk` line is not one this loader knows.
    #[error("unsupported snmpwalk value type `{0}`")]
    UnknownWalkType(String),
    /// A quoted `STRING:` value has no closing quote before the end of the file.
    #[error("quoted STRING value is never closed")]
    UnterminatedString,
    /// The first line is neither `.snmprec` nor `snmpwalk -On` output.
    #[error("neither a .snmprec line (OID|TAG|VALUE) nor snmpwalk -On output (.OID = TYPE: VALUE)")]
    UnknownFormat,
}

fn show(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(bytes);
    if s.chars().count() > 60 {
        let mut t: String = s.chars().take(60).collect();
        t.push('…');
        t
    } else {
        s.into_owned()
    }
}

fn bad(syntax: &'static str, value: &[u8]) -> LineError {
    LineError::BadValue {
        syntax,
        value: show(value),
    }
}

/// A loaded recording: its objects, sorted, and what the loader had to say about it.
///
/// ```
/// use winsnmp::agent::{LoadOptions, OwnedValue, Recording};
/// let rec = Recording::parse(
///     "demo.snmprec",
///     b"1.3.6.1.2.1.1.5.0|4|host\r\n1.3.6.1.2.1.1.1.0|4x|4c696e7578\n",
///     &LoadOptions::new(),
/// )
/// .unwrap();
/// let (first, value) = rec.store().iter().next().unwrap();
/// assert_eq!(first.to_string(), "1.3.6.1.2.1.1.1.0");
/// assert_eq!(value, &OwnedValue::OctetString(b"Linux".as_slice().into()));
/// ```
#[derive(Debug, Clone)]
pub struct Recording {
    store: MibStore,
    format: RecordingFormat,
    warnings: Vec<String>,
}

impl Recording {
    /// Reads and parses a recording file; the format is detected from its first line.
    ///
    /// # Errors
    /// [`RecordingError::Io`] when the file cannot be read, else as [`Recording::parse`].
    pub fn load(path: impl AsRef<Path>, options: &LoadOptions) -> Result<Self, RecordingError> {
        let path = path.as_ref();
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| RecordingError::Io {
            file: file.clone(),
            source,
        })?;
        Self::parse(&file, &bytes, options)
    }

    /// Parses a recording held in memory; `name` is the file name errors and warnings show.
    ///
    /// The format is detected from the first line that is not blank or a `#` comment:
    /// `OID|…` is `.snmprec`, `.OID = …` is `snmpwalk -On` output. Lines may come in any
    /// order. When an OID occurs more than once the last occurrence wins, as in snmpsim,
    /// and one warning says how many duplicates there were.
    ///
    /// # Errors
    /// [`RecordingError::Line`] naming the first bad line, its number and the problem.
    pub fn parse(name: &str, bytes: &[u8], options: &LoadOptions) -> Result<Self, RecordingError> {
        let mut p = Parser {
            file: name,
            buf: bytes,
            pos: 0,
            line: 0,
            entries: Vec::new(),
            warnings: Vec::new(),
            options,
            variations: 0,
            first_variation: None,
        };
        let format = p.run()?;
        let mut warnings = p.warnings;
        let mut entries = p.entries;
        let total = entries.len();
        if !entries.windows(2).all(|w| w[0].oid < w[1].oid) {
            entries.sort_by(|a, b| a.oid.cmp(&b.oid));
        }
        let mut first_dup: Option<(usize, String)> = None;
        let mut objects: Vec<(Oid, OwnedValue)> = Vec::with_capacity(total);
        for e in entries {
            match objects.last_mut() {
                Some(last) if last.0 == e.oid => {
                    if first_dup.as_ref().is_none_or(|(l, _)| e.line < *l) {
                        first_dup = Some((e.line, e.oid.to_string()));
                    }
                    last.1 = e.value;
                }
                _ => objects.push((e.oid, e.value)),
            }
        }
        if let Some((line, oid)) = first_dup {
            warnings.push(format!(
                "{name}: {} duplicate OID line(s), the last occurrence of each kept \
                 (first: {oid} at line {line})",
                total - objects.len()
            ));
        }
        Ok(Self {
            store: MibStore::from_entries(objects),
            format,
            warnings,
        })
    }

    /// The objects.
    pub fn store(&self) -> &MibStore {
        &self.store
    }

    /// The objects, to serve them.
    pub fn into_store(self) -> MibStore {
        self.store
    }

    /// The detected format.
    pub fn format(&self) -> RecordingFormat {
        self.format
    }

    /// What the loader skipped or overrode, one message each (already prefixed with the
    /// file name).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Number of objects.
    pub fn len(&self) -> usize {
        self.store.len()
    }

    /// Whether the recording holds no object.
    pub fn is_empty(&self) -> bool {
        self.store.is_empty()
    }
}

struct Entry {
    oid: Oid,
    value: OwnedValue,
    line: usize,
}

struct Parser<'a> {
    file: &'a str,
    buf: &'a [u8],
    pos: usize,
    /// Number of the line last returned by `next_line`.
    line: usize,
    entries: Vec<Entry>,
    warnings: Vec<String>,
    options: &'a LoadOptions,
    variations: usize,
    first_variation: Option<(usize, String)>,
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

fn trim(b: &[u8]) -> &[u8] {
    b.trim_ascii()
}

fn parse_oid(b: &[u8]) -> Result<Oid, LineError> {
    let b = trim(b);
    core::str::from_utf8(b)
        .ok()
        .and_then(|s| s.parse::<Oid>().ok())
        .ok_or_else(|| LineError::BadOid(show(b)))
}

fn parse_num<T: core::str::FromStr>(syntax: &'static str, b: &[u8]) -> Result<T, LineError> {
    let t = trim(b);
    let t = t.strip_prefix(b"+").unwrap_or(t);
    core::str::from_utf8(t)
        .ok()
        .and_then(|s| s.parse::<T>().ok())
        .ok_or_else(|| bad(syntax, b))
}

fn parse_ip(b: &[u8]) -> Option<[u8; 4]> {
    let s = core::str::from_utf8(trim(b)).ok()?;
    let mut out = [0u8; 4];
    let mut parts = s.split('.');
    for o in &mut out {
        let p = parts.next()?;
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        *o = p.parse().ok()?;
    }
    parts.next().is_none().then_some(out)
}

fn hex_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// snmpsim hex: an even number of hex digits, nothing else.
fn decode_hex(b: &[u8]) -> Option<Vec<u8>> {
    if !b.len().is_multiple_of(2) {
        return None;
    }
    b.chunks_exact(2)
        .map(|p| Some(hex_digit(p[0])? << 4 | hex_digit(p[1])?))
        .collect()
}

/// net-snmp hex: space-separated pairs (`00 1A 2B `); `None` if any token is not a pair.
fn decode_hex_tokens(b: &[u8], out: &mut Vec<u8>) -> Option<()> {
    for tok in b.split(u8::is_ascii_whitespace).filter(|t| !t.is_empty()) {
        if tok.len() != 2 {
            return None;
        }
        out.push(hex_digit(tok[0])? << 4 | hex_digit(tok[1])?);
    }
    Some(())
}

/// The value of one `.snmprec` line, from its tag (without any `x`) and value bytes.
fn snmprec_value(tag: u8, v: &[u8]) -> Result<OwnedValue, LineError> {
    Ok(match tag {
        2 => OwnedValue::Integer(parse_num("INTEGER", v)?),
        4 => OwnedValue::OctetString(v.into()),
        5 => OwnedValue::Null,
        6 => OwnedValue::ObjectIdentifier(parse_oid(v)?),
        64 => match parse_ip(v) {
            Some(a) => OwnedValue::IpAddress(a),
            None => match <[u8; 4]>::try_from(v) {
                Ok(a) => OwnedValue::IpAddress(a),
                Err(_) => return Err(bad("IpAddress", v)),
            },
        },
        65 => OwnedValue::Counter32(parse_num("Counter32", v)?),
        66 => OwnedValue::Gauge32(parse_num("Gauge32", v)?),
        67 => OwnedValue::TimeTicks(parse_num("TimeTicks", v)?),
        68 => OwnedValue::Opaque(v.into()),
        70 => OwnedValue::Counter64(parse_num("Counter64", v)?),
        _ => return Err(LineError::UnknownTag(tag.to_string())),
    })
}

impl<'a> Parser<'a> {
    /// The next line (without its ending), or `None` at the end; `self.line` is its number.
    fn next_line(&mut self) -> Option<&'a [u8]> {
        let buf: &'a [u8] = self.buf;
        if self.pos >= buf.len() {
            return None;
        }
        let rest = &buf[self.pos..];
        let (mut line, used) = match rest.iter().position(|&c| c == b'\n') {
            Some(n) => (&rest[..n], n + 1),
            None => (rest, rest.len()),
        };
        if let Some(l) = line.strip_suffix(b"\r") {
            line = l;
        }
        self.pos += used;
        self.line += 1;
        Some(line)
    }

    fn err(&self, line: usize, kind: LineError) -> RecordingError {
        RecordingError::Line {
            file: self.file.to_owned(),
            line,
            kind,
        }
    }

    fn run(&mut self) -> Result<RecordingFormat, RecordingError> {
        // Detect from the first meaningful line, then rewind.
        let format = loop {
            let Some(line) = self.next_line() else {
                break RecordingFormat::Snmprec;
            };
            if is_blank(line) || line.starts_with(b"#") {
                continue;
            }
            let line = line.trim_ascii_start();
            let oid_end = line
                .iter()
                .position(|&c| !(c.is_ascii_digit() || c == b'.'))
                .unwrap_or(line.len());
            let rest = &line[oid_end..];
            if oid_end > 0 && rest.starts_with(b"|") {
                break RecordingFormat::Snmprec;
            }
            if oid_end > 0 && rest.starts_with(b" = ") {
                break RecordingFormat::Walk;
            }
            return Err(self.err(self.line, LineError::UnknownFormat));
        };
        self.pos = 0;
        self.line = 0;
        self.entries.reserve(
            self.buf.len()
                / if format == RecordingFormat::Walk {
                    48
                } else {
                    36
                },
        );
        match format {
            RecordingFormat::Snmprec => self.snmprec()?,
            RecordingFormat::Walk => self.walk()?,
        }
        Ok(format)
    }

    fn snmprec(&mut self) -> Result<(), RecordingError> {
        while let Some(line) = self.next_line() {
            if is_blank(line) || line.starts_with(b"#") {
                continue;
            }
            let n = self.line;
            match snmprec_line(line) {
                Ok(Some((oid, value))) => self.entries.push(Entry {
                    oid,
                    value,
                    line: n,
                }),
                Ok(None) => {}
                Err(LineError::VariationModule(tag)) if self.options.skip_variations => {
                    self.variations += 1;
                    self.first_variation.get_or_insert((n, tag));
                }
                Err(kind) => return Err(self.err(n, kind)),
            }
        }
        if let Some((line, tag)) = &self.first_variation {
            self.warnings.push(format!(
                "{}: skipped {} line(s) whose tag names an snmpsim variation module \
                 (first: line {line}, tag `{tag}`)",
                self.file, self.variations
            ));
        }
        Ok(())
    }

    fn walk(&mut self) -> Result<(), RecordingError> {
        while let Some(line) = self.next_line() {
            if is_blank(line) || line.starts_with(b"#") {
                continue;
            }
            let n = self.line;
            let Some(eq) = line.windows(3).position(|w| w == b" = ") else {
                return Err(self.err(n, LineError::MissingField));
            };
            let oid = parse_oid(&line[..eq]).map_err(|k| self.err(n, k))?;
            let rest = &line[eq + 3..];
            let rest_start = offset_in(self.buf, rest);
            let value = self.walk_value(rest, rest_start, n)?;
            if let Some(value) = value {
                self.entries.push(Entry {
                    oid,
                    value,
                    line: n,
                });
            }
        }
        Ok(())
    }

    /// The value of one walk binding; `rest` (at `rest_start` in the buffer) is what follows
    /// ` = ` on its first line. Consumes continuation lines.
    fn walk_value(
        &mut self,
        mut rest: &[u8],
        mut rest_start: usize,
        n: usize,
    ) -> Result<Option<OwnedValue>, RecordingError> {
        if rest.starts_with(b"No Such Object")
            || rest.starts_with(b"No Such Instance")
            || rest.starts_with(b"No more variables")
        {
            return Ok(None);
        }
        if rest == b"\"\"" {
            return Ok(Some(OwnedValue::OctetString(Box::default())));
        }
        if rest == b"NULL" {
            return Ok(Some(OwnedValue::Null));
        }
        if rest.starts_with(b"Wrong Type")
            && let Some(p) = rest.windows(3).position(|w| w == b"): ")
        {
            rest = &rest[p + 3..];
            rest_start += p + 3;
        }
        let Some(colon) = rest.windows(2).position(|w| w == b": ") else {
            return Err(self.err(n, LineError::UnknownWalkType(show(rest))));
        };
        let ty = &rest[..colon];
        let v = &rest[colon + 2..];
        let v_start = rest_start + colon + 2;
        let value = match ty {
            b"STRING" if v.starts_with(b"\"") => {
                OwnedValue::OctetString(self.quoted(v_start + 1, n)?.into())
            }
            b"STRING" => OwnedValue::OctetString(v.into()),
            b"Hex-STRING" | b"BITS" | b"OPAQUE" | b"Opaque" => {
                if ty == b"Opaque" {
                    if let Some(f) = v.strip_prefix(b"Float: ") {
                        let x: f32 = parse_num("Float", f).map_err(|k| self.err(n, k))?;
                        let mut b = vec![0x9f, 0x78, 4];
                        b.extend_from_slice(&x.to_be_bytes());
                        return Ok(Some(OwnedValue::Opaque(b.into())));
                    }
                    if let Some(f) = v.strip_prefix(b"Double: ") {
                        let x: f64 = parse_num("Double", f).map_err(|k| self.err(n, k))?;
                        let mut b = vec![0x9f, 0x79, 8];
                        b.extend_from_slice(&x.to_be_bytes());
                        return Ok(Some(OwnedValue::Opaque(b.into())));
                    }
                }
                let mut bytes = Vec::new();
                // BITS: hex octets, then the names of the set bits (`80 00 up(0)`).
                let hex_part = if ty == b"BITS" {
                    let end = v
                        .split(|&c| c == b' ')
                        .take_while(|t| t.len() == 2 && t.iter().all(u8::is_ascii_hexdigit))
                        .map(|t| t.len() + 1)
                        .sum::<usize>()
                        .min(v.len());
                    &v[..end]
                } else {
                    v
                };
                let syntax = if ty == b"BITS" { "BITS" } else { "Hex-STRING" };
                decode_hex_tokens(hex_part, &mut bytes)
                    .ok_or_else(|| self.err(n, bad(syntax, v)))?;
                // net-snmp breaks long hex values into lines of 16 octets.
                if ty != b"BITS" {
                    self.hex_continuation(&mut bytes);
                }
                if ty == b"OPAQUE" || ty == b"Opaque" {
                    OwnedValue::Opaque(bytes.into())
                } else {
                    OwnedValue::OctetString(bytes.into())
                }
            }
            b"INTEGER" => {
                // `5`, `-5`, or an enumeration `up(1)`.
                let num = match (
                    v.iter().position(|&c| c == b'('),
                    v.iter().rposition(|&c| c == b')'),
                ) {
                    (Some(a), Some(b)) if a < b => &v[a + 1..b],
                    _ => first_token(v),
                };
                OwnedValue::Integer(parse_num("INTEGER", num).map_err(|k| self.err(n, k))?)
            }
            b"Counter32" => OwnedValue::Counter32(
                parse_num("Counter32", first_token(v)).map_err(|k| self.err(n, k))?,
            ),
            b"Gauge32" | b"UInteger32" | b"Unsigned32" => OwnedValue::Gauge32(
                parse_num("Gauge32", first_token(v)).map_err(|k| self.err(n, k))?,
            ),
            b"Counter64" => OwnedValue::Counter64(
                parse_num("Counter64", first_token(v)).map_err(|k| self.err(n, k))?,
            ),
            b"Timeticks" => {
                // `(200) 0:00:02.00`, or just `200` with -Ot.
                let num = match (v.strip_prefix(b"("), v.iter().position(|&c| c == b')')) {
                    (Some(_), Some(b)) => &v[1..b],
                    _ => first_token(v),
                };
                OwnedValue::TimeTicks(parse_num("Timeticks", num).map_err(|k| self.err(n, k))?)
            }
            b"OID" => OwnedValue::ObjectIdentifier(parse_oid(v).map_err(|k| self.err(n, k))?),
            b"IpAddress" => {
                OwnedValue::IpAddress(parse_ip(v).ok_or_else(|| self.err(n, bad("IpAddress", v)))?)
            }
            _ => return Err(self.err(n, LineError::UnknownWalkType(show(ty)))),
        };
        Ok(Some(value))
    }

    /// A quoted string whose content starts at `start`: `\"` and `\\` are escapes, and the
    /// string ends at a `"` that ends a line. Line breaks inside are kept byte for byte.
    fn quoted(&mut self, start: usize, n: usize) -> Result<Vec<u8>, RecordingError> {
        let buf = self.buf;
        let mut out = Vec::new();
        let mut i = start;
        while i < buf.len() {
            let c = buf[i];
            match c {
                b'\\' if matches!(buf.get(i + 1), Some(b'"' | b'\\')) => {
                    out.push(buf[i + 1]);
                    i += 2;
                    continue;
                }
                b'"' => {
                    let after = &buf[i + 1..];
                    let end = if after.is_empty() {
                        Some(0)
                    } else if after.starts_with(b"\n") {
                        Some(1)
                    } else if after.starts_with(b"\r\n") {
                        Some(2)
                    } else {
                        None
                    };
                    if let Some(e) = end {
                        if i >= self.pos {
                            // The string went on past its first line.
                            self.line +=
                                buf[self.pos..i].iter().filter(|&&c| c == b'\n').count() + 1;
                            self.pos = i + 1 + e;
                        }
                        return Ok(out);
                    }
                }
                _ => {}
            }
            out.push(c);
            i += 1;
        }
        Err(self.err(n, LineError::UnterminatedString))
    }

    /// Appends the octets of following lines that hold only hex pairs (net-snmp's wrapped
    /// Hex-STRING output).
    fn hex_continuation(&mut self, bytes: &mut Vec<u8>) {
        loop {
            let (pos, line) = (self.pos, self.line);
            let Some(next) = self.next_line() else { return };
            let candidate = !is_blank(next) && !next.windows(3).any(|w| w == b" = ");
            let mut more = Vec::new();
            if candidate && decode_hex_tokens(next, &mut more).is_some() {
                bytes.extend_from_slice(&more);
            } else {
                self.pos = pos;
                self.line = line;
                return;
            }
        }
    }
}

/// Where `sub` (a slice of `buf`) starts in `buf`.
fn offset_in(buf: &[u8], sub: &[u8]) -> usize {
    sub.as_ptr() as usize - buf.as_ptr() as usize
}

fn first_token(v: &[u8]) -> &[u8] {
    let v = v.trim_ascii_start();
    let end = v
        .iter()
        .position(u8::is_ascii_whitespace)
        .unwrap_or(v.len());
    &v[..end]
}

/// One `.snmprec` line: `Ok(None)` never happens today but keeps room for ignorable lines.
fn snmprec_line(line: &[u8]) -> Result<Option<(Oid, OwnedValue)>, LineError> {
    let Some(p1) = line.iter().position(|&c| c == b'|') else {
        return Err(LineError::MissingField);
    };
    let Some(p2) = line[p1 + 1..]
        .iter()
        .position(|&c| c == b'|')
        .map(|p| p + p1 + 1)
    else {
        return Err(LineError::MissingField);
    };
    let (oid, tag, value) = (&line[..p1], &line[p1 + 1..p2], &line[p2 + 1..]);
    if tag.contains(&b':') {
        return Err(LineError::VariationModule(show(tag)));
    }
    let oid = parse_oid(oid)?;
    let (digits, hex) = match tag.strip_suffix(b"x") {
        Some(d) => (d, true),
        None => (tag, false),
    };
    let tag_num =
        if !digits.is_empty() && digits.len() <= 3 && digits.iter().all(u8::is_ascii_digit) {
            core::str::from_utf8(digits)
                .ok()
                .and_then(|s| s.parse::<u8>().ok())
        } else {
            None
        };
    let Some(tag_num) = tag_num.filter(|t| matches!(t, 2 | 4 | 5 | 6 | 64..=68 | 70)) else {
        return Err(LineError::UnknownTag(show(tag)));
    };
    let value = if hex {
        let bytes = decode_hex(value).ok_or_else(|| bad("hex", value))?;
        snmprec_value(tag_num, &bytes)?
    } else {
        snmprec_value(tag_num, value)?
    };
    Ok(Some((oid, value)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_helpers() {
        assert_eq!(decode_hex(b"00aBfF"), Some(vec![0, 0xab, 0xff]));
        assert_eq!(decode_hex(b""), Some(vec![]));
        assert_eq!(decode_hex(b"0"), None);
        assert_eq!(decode_hex(b"0g"), None);
        let mut out = Vec::new();
        assert!(decode_hex_tokens(b"00 1A 2b ", &mut out).is_some());
        assert_eq!(out, [0, 0x1a, 0x2b]);
        assert!(decode_hex_tokens(b"001A", &mut out).is_none());
    }

    #[test]
    fn ip_and_tokens() {
        assert_eq!(parse_ip(b"10.1.2.3"), Some([10, 1, 2, 3]));
        assert_eq!(parse_ip(b"10.1.2.256"), None);
        assert_eq!(parse_ip(b"10.1.2.3.4"), None);
        assert_eq!(parse_ip(b"10.1..3"), None);
        assert_eq!(first_token(b"  42 seconds"), b"42");
    }

    #[test]
    fn line_numbers_after_continuations() {
        // A wrapped Hex-STRING (2 lines) and a 3-line string: the bad line is line 7.
        let text =
            b".1.3.6.1.2.1.1.1.0 = Hex-STRING: 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F \n\
10 \n\
.1.3.6.1.2.1.1.2.0 = STRING: \"a\n\
b\n\
c\"\n\
.1.3.6.1.2.1.1.3.0 = INTEGER: 1\n\
.1.3.6.1.2.1.1.4.0 = INTEGER: one\n";
        let err = Recording::parse("t", text, &LoadOptions::new()).unwrap_err();
        assert_eq!(err.line(), Some(7), "{err}");
    }

    #[test]
    fn snmprec_line_fields() {
        let (oid, v) = snmprec_line(b"1.3.6.1|4|a b ").unwrap().unwrap();
        assert_eq!(oid.to_string(), "1.3.6.1");
        assert_eq!(v, OwnedValue::OctetString(b"a b ".as_slice().into()));
        assert_eq!(
            snmprec_line(b"1.3.6.1|4:x|"),
            Err(LineError::VariationModule("4:x".into()))
        );
        assert_eq!(snmprec_line(b"1.3.6.1"), Err(LineError::MissingField));
    }
}
