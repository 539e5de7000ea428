//! Values and varbinds printed the way net-snmp's tools print them with `-On`.

use std::fmt::Write as _;

use winsnmp_wire::{Value, VarBind};

/// `.1.3.6.1.2.1.1.1.0 = STRING: "Linux"`
pub(crate) fn varbind(vb: &VarBind<'_>) -> String {
    format!(".{} = {}", vb.name, value(&vb.value))
}

/// The right-hand side of a varbind line: `STRING: "…"`, `Timeticks: (200) 0:00:02.00`…
pub(crate) fn value(v: &Value<'_>) -> String {
    match v {
        Value::Integer(i) => format!("INTEGER: {i}"),
        Value::OctetString(b) => octets(b),
        Value::Null => "NULL".to_owned(),
        Value::ObjectIdentifier(o) => format!("OID: .{o}"),
        Value::IpAddress(a) => format!("IpAddress: {}.{}.{}.{}", a[0], a[1], a[2], a[3]),
        Value::Counter32(c) => format!("Counter32: {c}"),
        Value::Gauge32(g) => format!("Gauge32: {g}"),
        Value::TimeTicks(t) => format!("Timeticks: ({t}) {}", uptime(*t)),
        Value::Opaque(b) => format!("Opaque: {}", hex(b)),
        Value::NsapAddress(b) => format!("NsapAddress: {}", hex(b)),
        Value::Counter64(c) => format!("Counter64: {c}"),
        Value::NoSuchObject => "No Such Object available on this agent at this OID".to_owned(),
        Value::NoSuchInstance => "No Such Instance currently exists at this OID".to_owned(),
        Value::EndOfMibView => {
            "No more variables left in this MIB View (It is past the end of the MIB tree)"
                .to_owned()
        }
        _ => format!("{v:?}"),
    }
}

/// net-snmp prints an octet string as text when every byte is printable ASCII or
/// whitespace (a trailing NUL excepted), and as hex otherwise.
fn octets(b: &[u8]) -> String {
    let text = match b.split_last() {
        Some((0, rest)) => rest,
        _ => b,
    };
    if text
        .iter()
        .all(|&c| c.is_ascii_graphic() || c == b' ' || (b'\t'..=b'\r').contains(&c))
    {
        let mut s = String::from("STRING: \"");
        for &c in text {
            if c == b'"' || c == b'\\' {
                s.push('\\');
            }
            s.push(char::from(c));
        }
        s.push('"');
        s
    } else {
        format!("Hex-STRING: {}", hex(b))
    }
}

/// `00 1A 2B ` — upper case, each octet followed by a space, as net-snmp prints.
fn hex(b: &[u8]) -> String {
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
    let cs = ticks % 100;
    let secs = ticks / 100;
    let (days, h, m, s) = (secs / 86400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    match days {
        0 => format!("{h}:{m:02}:{s:02}.{cs:02}"),
        1 => format!("1 day, {h}:{m:02}:{s:02}.{cs:02}"),
        d => format!("{d} days, {h}:{m:02}:{s:02}.{cs:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeticks_like_net_snmp() {
        assert_eq!(value(&Value::TimeTicks(200)), "Timeticks: (200) 0:00:02.00");
        assert_eq!(uptime(8_640_000 + 372_405), "1 day, 1:02:04.05");
        assert_eq!(uptime(3 * 8_640_000), "3 days, 0:00:00.00");
    }

    #[test]
    fn octet_strings_text_or_hex() {
        assert_eq!(
            value(&Value::OctetString(b"a \"q\"")),
            r#"STRING: "a \"q\"""#
        );
        assert_eq!(value(&Value::OctetString(b"")), r#"STRING: """#);
        assert_eq!(
            value(&Value::OctetString(&[0, 0x1a, 0xff])),
            "Hex-STRING: 00 1A FF "
        );
    }

    #[test]
    fn exceptions_and_numbers() {
        assert_eq!(
            value(&Value::Counter64(u64::MAX)),
            "Counter64: 18446744073709551615"
        );
        assert_eq!(
            value(&Value::IpAddress([127, 0, 0, 1])),
            "IpAddress: 127.0.0.1"
        );
        assert_eq!(value(&Value::Integer(-5)), "INTEGER: -5");
        assert!(value(&Value::NoSuchObject).starts_with("No Such Object"));
    }
}
