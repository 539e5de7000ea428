//! Values and varbinds printed the way net-snmp's tools print them with `-On`, and as JSON.

use std::fmt::Write as _;
use std::io::Write as _;

use winsnmp::engine::{SmiValue, oid_to_string};

/// Writes `text` and a newline to standard output. A closed pipe (`wsnmp walk … | head`)
/// ends the program quietly, as ripgrep and friends do, instead of a panic; other write
/// errors are ignored (there is nowhere left to report them).
pub(crate) fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let r = out
        .write_all(text.as_bytes())
        .and_then(|()| out.write_all(b"\n"));
    exit_on_broken_pipe(r);
}

/// Exits quietly (status 0) when standard output's reader has gone away.
pub(crate) fn exit_on_broken_pipe(r: std::io::Result<()>) {
    if let Err(e) = r
        && e.kind() == std::io::ErrorKind::BrokenPipe
    {
        std::process::exit(0);
    }
}

/// Output switches: net-snmp's `-O` flags (`s f S n e t x q Q v U a b X T E 0 F u`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct OutputOpts(pub(crate) winsnmp_mib::OutputOptions);

impl OutputOpts {
    /// `-On`: numeric names (what `wsnmp decode` prints).
    pub(crate) fn numeric() -> Self {
        let mut o = Self::default();
        o.0.style = winsnmp_mib::OidStyle::Numeric;
        o
    }

    /// Applies the letters of one `-O` argument; unknown letters are an error.
    pub(crate) fn apply(&mut self, flags: &str) -> Result<(), String> {
        self.0
            .apply(flags)
            .map_err(|c| format!("unsupported output option -O{c}"))
    }
}

/// Calls `f` with `v` as the codec's value type (what the MIB formatter takes).
fn with_wire<R>(v: &SmiValue, f: impl FnOnce(&winsnmp_wire::Value<'_>) -> R) -> R {
    use winsnmp_wire::Value;
    match v {
        SmiValue::Int(i) => f(&Value::Integer(*i)),
        SmiValue::Octets(b) | SmiValue::Bits(b) => f(&Value::OctetString(b)),
        SmiValue::Null => f(&Value::Null),
        SmiValue::Oid(o) => match winsnmp_wire::Oid::from_arcs(o) {
            Ok(oid) => f(&Value::ObjectIdentifier(oid.as_raw())),
            Err(_) => f(&Value::Null),
        },
        SmiValue::IpAddr(a) => {
            let mut ip = [0u8; 4];
            for (d, s) in ip.iter_mut().zip(a) {
                *d = *s;
            }
            f(&Value::IpAddress(ip))
        }
        SmiValue::Cntr32(c) => f(&Value::Counter32(*c)),
        SmiValue::Gauge32(g) | SmiValue::UInt32(g) => f(&Value::Gauge32(*g)),
        SmiValue::TimeTicks(t) => f(&Value::TimeTicks(*t)),
        SmiValue::Opaque(b) => f(&Value::Opaque(b)),
        SmiValue::NsapAddr(b) => f(&Value::NsapAddress(b)),
        SmiValue::Cntr64(c) => f(&Value::Counter64(c.to_u64())),
        SmiValue::NoSuchObject => f(&Value::NoSuchObject),
        SmiValue::NoSuchInstance => f(&Value::NoSuchInstance),
        SmiValue::EndOfMibView => f(&Value::EndOfMibView),
    }
}

/// One varbind line appended to `out` as bytes, exactly as net-snmp prints it with the
/// same MIB modules loaded: `IF-MIB::ifDescr.1 = STRING: lo` (or the `-O` forms).
pub(crate) fn varbind_into(name: &[u32], v: &SmiValue, o: OutputOpts, out: &mut Vec<u8>) {
    let f = winsnmp_mib::Formatter::new(crate::mibs::mib(), o.0);
    with_wire(v, |w| f.varbind(name, w, out));
}

/// One varbind line as text (a value that is not UTF-8 is shown lossily; use
/// [`varbind_into`] for the exact bytes).
pub(crate) fn varbind(name: &[u32], v: &SmiValue, o: OutputOpts) -> String {
    let mut out = Vec::new();
    varbind_into(name, v, o, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// An OID as the `-O` options print a name.
pub(crate) fn oid(name: &[u32], o: OutputOpts) -> String {
    let mut out = Vec::new();
    winsnmp_mib::Formatter::new(crate::mibs::mib(), o.0).oid(name, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The value part: `STRING: "…"`, `Timeticks: (200) 0:00:02.00`…; with `quick`, without the
/// type prefix, as `-Oq` prints.
pub(crate) fn value(v: &SmiValue, quick: bool) -> String {
    let (prefix, text) = match v {
        SmiValue::Int(i) => ("INTEGER: ", i.to_string()),
        SmiValue::Octets(b) | SmiValue::Bits(b) => return octets(b, quick),
        SmiValue::Null => {
            return if quick {
                String::new()
            } else {
                "NULL".to_owned()
            };
        }
        SmiValue::Oid(o) => ("OID: ", format!(".{}", oid_to_string(o))),
        SmiValue::IpAddr(a) => {
            let a: Vec<String> = a.iter().map(u8::to_string).collect();
            ("IpAddress: ", a.join("."))
        }
        SmiValue::Cntr32(c) => ("Counter32: ", c.to_string()),
        SmiValue::Gauge32(g) | SmiValue::UInt32(g) => ("Gauge32: ", g.to_string()),
        SmiValue::TimeTicks(t) => {
            if quick {
                return uptime_quick(*t);
            }
            ("Timeticks: ", format!("({t}) {}", uptime(*t)))
        }
        SmiValue::Opaque(b) => ("Opaque: ", hex(b)),
        SmiValue::NsapAddr(b) => ("NsapAddress: ", hex(b)),
        SmiValue::Cntr64(c) => ("Counter64: ", c.to_u64().to_string()),
        SmiValue::NoSuchObject => {
            return "No Such Object available on this agent at this OID".to_owned();
        }
        SmiValue::NoSuchInstance => {
            return "No Such Instance currently exists at this OID".to_owned();
        }
        SmiValue::EndOfMibView => {
            return "No more variables left in this MIB View (It is past the end of the MIB \
                    tree)"
                .to_owned();
        }
    };
    if quick {
        text
    } else {
        format!("{prefix}{text}")
    }
}

/// Whether net-snmp would print these octets as text: every byte printable ASCII or
/// whitespace.
fn printable(b: &[u8]) -> bool {
    b.iter()
        .all(|&c| c.is_ascii_graphic() || c == b' ' || (b'\t'..=b'\r').contains(&c))
}

/// net-snmp prints an octet string as `STRING: "…"` (with `"` and `\` escaped) when it is
/// printable, as `""` when empty, and as `Hex-STRING: …` otherwise.
fn octets(b: &[u8], quick: bool) -> String {
    if b.is_empty() {
        return "\"\"".to_owned();
    }
    if printable(b) {
        let mut s = String::from(if quick { "\"" } else { "STRING: \"" });
        for &c in b {
            if c == b'"' || c == b'\\' {
                s.push('\\');
            }
            s.push(char::from(c));
        }
        s.push('"');
        s
    } else if quick {
        format!("\"{}\"", hex(b))
    } else {
        format!("Hex-STRING: {}", hex(b))
    }
}

/// `00 1A 2B ` — upper case, each octet followed by a space, a line break after every 16.
pub(crate) fn hex(b: &[u8]) -> String {
    let mut s = String::with_capacity(b.len() * 3);
    for (i, x) in b.iter().enumerate() {
        if i > 0 && i % 16 == 0 {
            s.push('\n');
        }
        let _ = write!(s, "{x:02X} ");
    }
    s
}

/// TimeTicks as net-snmp's `uptime_string`: `0:00:02.00`, `1 day, 2:03:04.05`.
pub(crate) fn uptime(ticks: u32) -> String {
    let (d, h, m, s, cs) = split_ticks(ticks);
    match d {
        0 => format!("{h}:{m:02}:{s:02}.{cs:02}"),
        1 => format!("1 day, {h}:{m:02}:{s:02}.{cs:02}"),
        d => format!("{d} days, {h}:{m:02}:{s:02}.{cs:02}"),
    }
}

/// TimeTicks as `-Oq` prints them: `d:h:mm:ss.cc`.
fn uptime_quick(ticks: u32) -> String {
    let (d, h, m, s, cs) = split_ticks(ticks);
    format!("{d}:{h}:{m:02}:{s:02}.{cs:02}")
}

fn split_ticks(ticks: u32) -> (u32, u32, u32, u32, u32) {
    let secs = ticks / 100;
    (
        secs / 86400,
        secs / 3600 % 24,
        secs / 60 % 60,
        secs % 60,
        ticks % 100,
    )
}

/// A JSON string literal.
pub(crate) fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One NDJSON row: `{"oid":".1.3…","type":"OCTET STRING","value":"…"}`. Octet strings that
/// are not printable text are given as `"hex"` with the bytes in lower-case hex.
pub(crate) fn json_row(name: &[u32], v: &SmiValue) -> String {
    let oid = json_str(&format!(".{}", oid_to_string(name)));
    let (ty, value) = match v {
        SmiValue::Int(i) => ("INTEGER", i.to_string()),
        SmiValue::Octets(b) | SmiValue::Bits(b) | SmiValue::Opaque(b) | SmiValue::NsapAddr(b) => {
            let ty = match v {
                SmiValue::Opaque(_) => "Opaque",
                SmiValue::NsapAddr(_) => "NsapAddress",
                _ => "OCTET STRING",
            };
            if printable(b) && !matches!(v, SmiValue::Opaque(_) | SmiValue::NsapAddr(_)) {
                (ty, json_str(&String::from_utf8_lossy(b)))
            } else {
                let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
                return format!("{{\"oid\":{oid},\"type\":\"{ty}\",\"hex\":\"{hex}\"}}");
            }
        }
        SmiValue::Null => ("NULL", "null".to_owned()),
        SmiValue::Oid(o) => (
            "OBJECT IDENTIFIER",
            json_str(&format!(".{}", oid_to_string(o))),
        ),
        SmiValue::IpAddr(a) => {
            let a: Vec<String> = a.iter().map(u8::to_string).collect();
            ("IpAddress", json_str(&a.join(".")))
        }
        SmiValue::Cntr32(c) => ("Counter32", c.to_string()),
        SmiValue::Gauge32(g) | SmiValue::UInt32(g) => ("Gauge32", g.to_string()),
        SmiValue::TimeTicks(t) => ("TimeTicks", t.to_string()),
        SmiValue::Cntr64(c) => ("Counter64", c.to_u64().to_string()),
        SmiValue::NoSuchObject => ("noSuchObject", "null".to_owned()),
        SmiValue::NoSuchInstance => ("noSuchInstance", "null".to_owned()),
        SmiValue::EndOfMibView => ("endOfMibView", "null".to_owned()),
    };
    format!("{{\"oid\":{oid},\"type\":\"{ty}\",\"value\":{value}}}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use winsnmp::engine::SmiCntr64;

    fn opts(flags: &str) -> OutputOpts {
        let mut o = OutputOpts::default();
        o.apply(flags).unwrap();
        o
    }

    // Expected strings were printed by net-snmp 5.9.3's snmpget/snmpset against `wsnmp agent`.
    #[test]
    fn like_net_snmp() {
        let name = [1, 3, 6, 1, 4, 1, 99999, 5, 0];
        let (n, q) = (opts("n"), opts("nq"));
        let line = |v: SmiValue, o| varbind(&name, &v, o);
        assert_eq!(
            line(SmiValue::Octets(b"vm".to_vec()), n),
            ".1.3.6.1.4.1.99999.5.0 = STRING: \"vm\""
        );
        assert_eq!(
            line(SmiValue::Octets(b"vm".to_vec()), q),
            ".1.3.6.1.4.1.99999.5.0 \"vm\""
        );
        assert_eq!(
            line(SmiValue::Octets(vec![]), n),
            ".1.3.6.1.4.1.99999.5.0 = \"\""
        );
        assert_eq!(
            line(SmiValue::TimeTicks(100), n),
            ".1.3.6.1.4.1.99999.5.0 = Timeticks: (100) 0:00:01.00"
        );
        assert_eq!(
            line(SmiValue::TimeTicks(100), q),
            ".1.3.6.1.4.1.99999.5.0 0:0:00:01.00"
        );
        assert_eq!(
            line(
                SmiValue::Octets(vec![0x86, 0x6c, 0x5c, 0xc4, 0xef, 0xdc]),
                n
            ),
            ".1.3.6.1.4.1.99999.5.0 = Hex-STRING: 86 6C 5C C4 EF DC "
        );
        assert_eq!(
            line(SmiValue::Octets(vec![0x86, 0x6c]), q),
            ".1.3.6.1.4.1.99999.5.0 \"86 6C \""
        );
        assert_eq!(
            line(SmiValue::Octets(b"AB\0".to_vec()), n),
            ".1.3.6.1.4.1.99999.5.0 = Hex-STRING: 41 42 00 "
        );
        assert_eq!(
            line(SmiValue::Octets(b"a\"b\\c".to_vec()), n),
            ".1.3.6.1.4.1.99999.5.0 = STRING: \"a\\\"b\\\\c\""
        );
        assert_eq!(
            line(SmiValue::Octets(b"AB\nC".to_vec()), n),
            ".1.3.6.1.4.1.99999.5.0 = STRING: \"AB\nC\""
        );
        let long: Vec<u8> = (0..34).collect();
        assert_eq!(
            value(&SmiValue::Octets(long), false),
            "Hex-STRING: 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F \n\
             10 11 12 13 14 15 16 17 18 19 1A 1B 1C 1D 1E 1F \n20 21 "
        );
        assert_eq!(
            line(SmiValue::Oid(vec![1, 3, 6, 1, 4, 1, 8072, 3, 2, 10]), q),
            ".1.3.6.1.4.1.99999.5.0 .1.3.6.1.4.1.8072.3.2.10"
        );
        assert_eq!(
            line(SmiValue::Cntr64(SmiCntr64::from_u64(3193)), n),
            ".1.3.6.1.4.1.99999.5.0 = Counter64: 3193"
        );
        assert_eq!(
            line(SmiValue::IpAddr(vec![127, 0, 0, 1]), q),
            ".1.3.6.1.4.1.99999.5.0 127.0.0.1"
        );
        assert_eq!(
            varbind(&name, &SmiValue::Int(-5), opts("nv")),
            "INTEGER: -5"
        );
        assert!(value(&SmiValue::NoSuchObject, true).starts_with("No Such Object"));
    }

    #[test]
    fn timeticks() {
        assert_eq!(uptime(8_640_000 + 372_405), "1 day, 1:02:04.05");
        assert_eq!(uptime(3 * 8_640_000), "3 days, 0:00:00.00");
    }

    #[test]
    fn output_flags() {
        let mut o = OutputOpts::default();
        o.apply("nq").unwrap();
        assert!(o.0.quick && !o.0.bare_value);
        assert!(o.apply("z").is_err());
    }

    #[test]
    fn json_rows() {
        let name = [1, 3, 6, 1];
        assert_eq!(
            json_row(&name, &SmiValue::Octets(b"a\"b".to_vec())),
            r#"{"oid":".1.3.6.1","type":"OCTET STRING","value":"a\"b"}"#
        );
        assert_eq!(
            json_row(&name, &SmiValue::Octets(vec![0, 255])),
            r#"{"oid":".1.3.6.1","type":"OCTET STRING","hex":"00ff"}"#
        );
        assert_eq!(
            json_row(&name, &SmiValue::Cntr32(7)),
            r#"{"oid":".1.3.6.1","type":"Counter32","value":7}"#
        );
        assert_eq!(
            json_row(&name, &SmiValue::EndOfMibView),
            r#"{"oid":".1.3.6.1","type":"endOfMibView","value":null}"#
        );
    }
}
