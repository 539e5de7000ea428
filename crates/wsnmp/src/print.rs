//! The output of the manager commands: each binding formatted straight from the decoded
//! datagram into one reused buffer, written to the locked standard output in large
//! blocks. Nothing is allocated per binding (names and values borrow the datagram, the
//! MIB formatter writes in place), so a walk of 100,000 objects costs a few dozen `write`
//! calls and no allocation after the first answers.

use std::io::{IsTerminal as _, StdoutLock, Write as _};
use std::time::{Duration, Instant};

use winsnmp_wire::{RawOid, Value, VarBind};

use crate::format::OutputOpts;

/// Bytes gathered before a `write`.
const BLOCK: usize = 64 * 1024;

/// Prints bindings as net-snmp's text (with the `-O` options) or as NDJSON rows.
pub(crate) struct Printer {
    fmt: winsnmp_mib::Formatter<'static>,
    names: winsnmp_mib::NameCache,
    json: bool,
    buf: Vec<u8>,
    out: StdoutLock<'static>,
    progress: Progress,
}

impl Printer {
    /// A printer over the process's MIB (`-m`/`-M` loaded) with output options `o`.
    pub(crate) fn new(o: OutputOpts, json: bool) -> Self {
        Self {
            fmt: winsnmp_mib::Formatter::new(crate::mibs::mib(), o.0),
            names: winsnmp_mib::NameCache::new(),
            json,
            buf: Vec::with_capacity(BLOCK + 4096),
            out: std::io::stdout().lock(),
            progress: Progress::new(),
        }
    }

    /// Whether rows are NDJSON.
    pub(crate) fn json(&self) -> bool {
        self.json
    }

    /// One binding: `IF-MIB::ifDescr.1 = STRING: lo` (or its `-O` form), or a JSON row.
    pub(crate) fn binding(&mut self, vb: &VarBind<'_>) {
        self.binding_parts(vb.name, &vb.value);
    }

    /// One binding given as its parts.
    pub(crate) fn binding_parts(&mut self, name: RawOid<'_>, value: &Value<'_>) {
        if self.json {
            json_row(name, value, &mut self.buf);
        } else {
            self.fmt
                .varbind_cached(name, value, &mut self.names, &mut self.buf);
        }
        self.buf.push(b'\n');
        self.spill();
    }

    /// A walked row: printed, and counted for the progress line.
    pub(crate) fn row(&mut self, vb: &VarBind<'_>) {
        self.binding(vb);
        self.progress.row();
    }

    /// A line of text.
    pub(crate) fn line(&mut self, text: &[u8]) {
        self.buf.extend_from_slice(text);
        self.buf.push(b'\n');
        self.spill();
    }

    /// Text without a newline.
    pub(crate) fn text(&mut self, text: &[u8]) {
        self.buf.extend_from_slice(text);
        self.spill();
    }

    /// The buffer to format into directly (followed by [`Printer::spill`]).
    pub(crate) fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.buf
    }

    /// Writes the buffer out once it holds a block.
    pub(crate) fn spill(&mut self) {
        if self.buf.len() >= BLOCK {
            self.write_out();
        }
    }

    fn write_out(&mut self) {
        let r = self.out.write_all(&self.buf);
        self.buf.clear();
        crate::format::exit_on_broken_pipe(r);
    }

    /// Writes everything out (also done when dropped).
    pub(crate) fn flush(&mut self) {
        self.progress.done();
        self.write_out();
        crate::format::exit_on_broken_pipe(self.out.flush());
    }
}

impl Drop for Printer {
    fn drop(&mut self) {
        self.flush();
    }
}

/// Whether the JSON rows show these octets as text: printable ASCII or whitespace.
fn printable(b: &[u8]) -> bool {
    b.iter()
        .all(|&c| c.is_ascii_graphic() || c == b' ' || (b'\t'..=b'\r').contains(&c))
}

/// A JSON string literal of (lossy UTF-8) text.
pub(crate) fn json_str_into(s: &[u8], out: &mut Vec<u8>) {
    out.push(b'"');
    for c in String::from_utf8_lossy(s).chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let mut b = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            }
        }
    }
    out.push(b'"');
}

/// `"type":"…","value":…` (or `"hex":"…"` for octets that are not text) of a value, as
/// `walk --json` and `table --json` give them.
pub(crate) fn json_typed(v: &Value<'_>, out: &mut Vec<u8>) {
    let ty = match v {
        Value::Integer(_) => "INTEGER",
        Value::OctetString(_) => "OCTET STRING",
        Value::Null => "NULL",
        Value::ObjectIdentifier(_) => "OBJECT IDENTIFIER",
        Value::IpAddress(_) => "IpAddress",
        Value::Counter32(_) => "Counter32",
        Value::Gauge32(_) => "Gauge32",
        Value::TimeTicks(_) => "TimeTicks",
        Value::Opaque(_) => "Opaque",
        Value::NsapAddress(_) => "NsapAddress",
        Value::Counter64(_) => "Counter64",
        Value::NoSuchObject => "noSuchObject",
        Value::NoSuchInstance => "noSuchInstance",
        Value::EndOfMibView => "endOfMibView",
        _ => "unknown",
    };
    out.extend_from_slice(b"\"type\":\"");
    out.extend_from_slice(ty.as_bytes());
    out.extend_from_slice(b"\",");
    match v {
        Value::Integer(i) => {
            let _ = write!(out, "\"value\":{i}");
        }
        Value::OctetString(b) if printable(b) => {
            out.extend_from_slice(b"\"value\":");
            json_str_into(b, out);
        }
        Value::OctetString(b) | Value::Opaque(b) | Value::NsapAddress(b) => {
            out.extend_from_slice(b"\"hex\":\"");
            for x in *b {
                let _ = write!(out, "{x:02x}");
            }
            out.push(b'"');
        }
        Value::ObjectIdentifier(o) => {
            let _ = write!(out, "\"value\":\".{o}\"");
        }
        Value::IpAddress(a) => {
            let _ = write!(out, "\"value\":\"{}.{}.{}.{}\"", a[0], a[1], a[2], a[3]);
        }
        Value::Counter32(c) | Value::Gauge32(c) | Value::TimeTicks(c) => {
            let _ = write!(out, "\"value\":{c}");
        }
        Value::Counter64(c) => {
            let _ = write!(out, "\"value\":{c}");
        }
        _ => out.extend_from_slice(b"\"value\":null"),
    }
}

/// One NDJSON row: `{"oid":".1.3…","type":"OCTET STRING","value":"…"}`.
pub(crate) fn json_row(name: RawOid<'_>, v: &Value<'_>, out: &mut Vec<u8>) {
    let _ = write!(out, "{{\"oid\":\".{name}\",");
    json_typed(v, out);
    out.push(b'}');
}

/// Rows and rows/s on stderr while a long walk runs, when stderr is a terminal: updated
/// every 500 ms, or every `$WSNMP_PROGRESS_MS` milliseconds.
struct Progress {
    on: bool,
    every: Duration,
    start: Instant,
    last: Instant,
    rows: u64,
    shown: bool,
}

impl Progress {
    fn new() -> Self {
        let now = Instant::now();
        let every = std::env::var("WSNMP_PROGRESS_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .map_or(Duration::from_millis(500), Duration::from_millis);
        Self {
            on: std::io::stderr().is_terminal(),
            every,
            start: now,
            last: now,
            rows: 0,
            shown: false,
        }
    }

    fn row(&mut self) {
        self.rows += 1;
        // The clock is read only when the line is on (and every 64 rows).
        if self.on && self.rows.is_multiple_of(64) && self.last.elapsed() >= self.every {
            self.last = Instant::now();
            let secs = self.start.elapsed().as_secs_f64().max(1e-3);
            eprint!(
                "\r{} rows, {:.0} rows/s ",
                self.rows,
                self.rows as f64 / secs
            );
            let _ = std::io::stderr().flush();
            self.shown = true;
        }
    }

    fn done(&mut self) {
        if self.shown {
            eprint!("\r\x1b[K");
            self.shown = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(v: &Value<'_>) -> String {
        let name: winsnmp_wire::Oid = "1.3.6.1".parse().unwrap();
        let mut out = Vec::new();
        json_row(name.as_raw(), v, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn json_rows() {
        assert_eq!(
            row(&Value::OctetString(b"a\"b")),
            r#"{"oid":".1.3.6.1","type":"OCTET STRING","value":"a\"b"}"#
        );
        assert_eq!(
            row(&Value::OctetString(&[0, 255])),
            r#"{"oid":".1.3.6.1","type":"OCTET STRING","hex":"00ff"}"#
        );
        assert_eq!(
            row(&Value::Counter32(7)),
            r#"{"oid":".1.3.6.1","type":"Counter32","value":7}"#
        );
        assert_eq!(
            row(&Value::EndOfMibView),
            r#"{"oid":".1.3.6.1","type":"endOfMibView","value":null}"#
        );
        assert_eq!(
            row(&Value::IpAddress([10, 0, 0, 1])),
            r#"{"oid":".1.3.6.1","type":"IpAddress","value":"10.0.0.1"}"#
        );
    }
}
