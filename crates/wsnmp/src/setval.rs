//! `OID TYPE VALUE` arguments as net-snmp's `snmpset`, `snmptrap` and `snmpinform` take them.

use winsnmp::engine::{SmiCntr64, SmiOid, SmiValue, str_to_oid};

/// Parses an OID by number or name, as net-snmp reads one: `1.3.6.1…`, `.1.3.6.1…`,
/// `sysDescr.0`, `IF-MIB::ifDescr.3`, `ifTable`, `iso.3.6.1`, with the `-I` options.
pub(crate) fn parse_oid(s: &str) -> Result<SmiOid, String> {
    let oid = match str_to_oid(s.as_bytes()) {
        Ok(oid) => oid,
        Err(_) => crate::mibs::mib()
            .parse_oid(s, crate::mibs::input())
            .map_err(|e| e.to_string())?,
    };
    winsnmp::engine::check_name(&oid).map_err(|_| format!("bad OID {s:?}"))?;
    Ok(oid)
}

/// Parses an OID as [`parse_oid`] does, one sub-identifier allowed (`.1`, `iso`: a walk's
/// root, as net-snmp takes it).
pub(crate) fn parse_oid_any(s: &str) -> Result<SmiOid, String> {
    let oid = match str_to_oid(s.as_bytes()) {
        Ok(oid) => oid,
        Err(_) => crate::mibs::mib()
            .parse_oid(s, crate::mibs::input())
            .map_err(|e| e.to_string())?,
    };
    match oid.len() {
        0 => Err(format!("bad OID {s:?}")),
        1 if oid[0] <= 2 => Ok(oid),
        _ => {
            winsnmp::engine::check_name(&oid).map_err(|_| format!("bad OID {s:?}"))?;
            Ok(oid)
        }
    }
}

/// One `OID TYPE VALUE` binding: the type letter checked against the MIB (and taken from
/// it for `=`), enumeration labels and named bits turned into numbers.
fn binding(oid: &str, ty: &str, value: &str) -> Result<(SmiOid, SmiValue), String> {
    let name = parse_oid(oid)?;
    let mib = crate::mibs::mib();
    let node = mib
        .lookup(&name)
        .filter(|l| l.matched + 1 >= name.len())
        .map(|l| l.node)
        .filter(|&n| mib.set_type(n).is_some());
    let Some(node) = node else {
        if ty == "=" {
            return Err(format!(
                "{oid}: the MIB gives no type for this object (use a type letter)"
            ));
        }
        return Ok((name, parse_value(ty, value)?));
    };
    let letter = match ty {
        "=" => mib.set_type(node).unwrap_or('s'),
        t if t.chars().count() == 1 => t.chars().next().unwrap_or('s'),
        t => {
            return Err(format!(
                "unknown value type {t:?} (use one of i u t a o s x d n c C b =)"
            ));
        }
    };
    let value = mib
        .check_set(node, letter, value)
        .map_err(|e| format!("{oid}: {e}"))?;
    Ok((name, parse_value(&letter.to_string(), &value)?))
}

/// Parses one value of `snmpset` type letter `ty`:
/// `i` INTEGER, `u` Unsigned32/Gauge32, `t` TimeTicks, `a` IpAddress, `o` OID, `s` string,
/// `x` hex string, `d` decimal string (octets as decimal numbers), `n` NULL, `c` Counter32,
/// `C` Counter64, `b` BITS (bit numbers, e.g. `0,3,9`).
pub(crate) fn parse_value(ty: &str, v: &str) -> Result<SmiValue, String> {
    let bad = |what: &str| format!("bad {what} value {v:?}");
    Ok(match ty {
        "i" => SmiValue::Int(v.trim().parse().map_err(|_| bad("INTEGER"))?),
        "u" => SmiValue::Gauge32(v.trim().parse().map_err(|_| bad("Unsigned32"))?),
        "t" => SmiValue::TimeTicks(v.trim().parse().map_err(|_| bad("TimeTicks"))?),
        "c" => SmiValue::Cntr32(v.trim().parse().map_err(|_| bad("Counter32"))?),
        "C" => SmiValue::Cntr64(SmiCntr64::from_u64(
            v.trim().parse().map_err(|_| bad("Counter64"))?,
        )),
        "a" => {
            let ip: std::net::Ipv4Addr = v.trim().parse().map_err(|_| bad("IpAddress"))?;
            SmiValue::IpAddr(ip.octets().to_vec())
        }
        "o" => SmiValue::Oid(parse_oid(v)?),
        "s" => SmiValue::Octets(v.as_bytes().to_vec()),
        "x" => SmiValue::Octets(parse_hex(v).ok_or_else(|| bad("hex string"))?),
        "d" => SmiValue::Octets(
            v.split(['.', ' ', ':'])
                .filter(|p| !p.is_empty())
                .map(|p| p.parse::<u8>())
                .collect::<Result<_, _>>()
                .map_err(|_| bad("decimal string"))?,
        ),
        "n" => SmiValue::Null,
        "b" => SmiValue::Bits(parse_bits(v).ok_or_else(|| bad("BITS"))?),
        other => {
            return Err(format!(
                "unknown value type {other:?} (use one of i u t a o s x d n c C b =)"
            ));
        }
    })
}

/// Hex digits, optionally spaced or with a `0x` prefix.
pub(crate) fn parse_hex(s: &str) -> Option<Vec<u8>> {
    let s = s.trim();
    let s = s
        .strip_prefix("0x")
        .or_else(|| s.strip_prefix("0X"))
        .unwrap_or(s);
    let digits: Vec<u8> = s
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b':')
        .collect();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    digits
        .chunks(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).ok()?, 16).ok())
        .collect()
}

/// BITS as net-snmp writes them: bit numbers separated by commas or spaces; bit 0 is the
/// high bit of the first octet (RFC 2578 §7.1.4).
fn parse_bits(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    for part in s.split([',', ' ']).filter(|p| !p.is_empty()) {
        let bit: usize = part.parse().ok()?;
        if bit >= 65536 {
            return None;
        }
        if out.len() <= bit / 8 {
            out.resize(bit / 8 + 1, 0);
        }
        out[bit / 8] |= 0x80 >> (bit % 8);
    }
    Some(out)
}

/// `OID TYPE VALUE` triples.
pub(crate) fn parse_triples(args: &[String]) -> Result<Vec<(SmiOid, SmiValue)>, String> {
    if !args.len().is_multiple_of(3) {
        return Err("expected OID TYPE VALUE triples".to_owned());
    }
    args.chunks(3)
        .map(|t| binding(&t[0], &t[1], &t[2]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_letter() {
        assert_eq!(parse_value("i", "-5"), Ok(SmiValue::Int(-5)));
        assert_eq!(
            parse_value("u", "4294967295"),
            Ok(SmiValue::Gauge32(u32::MAX))
        );
        assert_eq!(parse_value("t", "200"), Ok(SmiValue::TimeTicks(200)));
        assert_eq!(parse_value("c", "7"), Ok(SmiValue::Cntr32(7)));
        assert_eq!(
            parse_value("C", "18446744073709551615"),
            Ok(SmiValue::Cntr64(SmiCntr64::from_u64(u64::MAX)))
        );
        assert_eq!(
            parse_value("a", "10.0.0.1"),
            Ok(SmiValue::IpAddr(vec![10, 0, 0, 1]))
        );
        assert_eq!(
            parse_value("o", ".1.3.6.1"),
            Ok(SmiValue::Oid(vec![1, 3, 6, 1]))
        );
        assert_eq!(
            parse_value("s", "hi there"),
            Ok(SmiValue::Octets(b"hi there".to_vec()))
        );
        assert_eq!(
            parse_value("x", "00 1A ff"),
            Ok(SmiValue::Octets(vec![0, 0x1a, 0xff]))
        );
        assert_eq!(parse_value("x", "0x0102"), Ok(SmiValue::Octets(vec![1, 2])));
        assert_eq!(
            parse_value("d", "1.2.255"),
            Ok(SmiValue::Octets(vec![1, 2, 255]))
        );
        assert_eq!(parse_value("n", ""), Ok(SmiValue::Null));
        assert_eq!(
            parse_value("b", "0,3,9"),
            Ok(SmiValue::Bits(vec![0x90, 0x40]))
        );
    }

    #[test]
    fn bad_values_name_what_failed() {
        assert!(parse_value("i", "x").unwrap_err().contains("INTEGER"));
        assert!(parse_value("i", "2147483648").is_err());
        assert!(parse_value("u", "-1").is_err());
        assert!(parse_value("a", "1.2.3").is_err());
        assert!(parse_value("x", "abc").is_err());
        assert!(parse_value("d", "256").is_err());
        assert!(
            parse_value("q", "1")
                .unwrap_err()
                .contains("unknown value type")
        );
        assert!(parse_oid("1").is_err());
        assert!(parse_oid("1.x.3").is_err());
        assert!(
            parse_oid("5.3.6").is_err(),
            "first arc above 2 cannot be encoded"
        );
    }

    #[test]
    fn triples() {
        let args: Vec<String> = [
            ".1.3.6.1.2.1.1.5.0",
            "s",
            "box",
            "1.3.6.1.2.1.1.7.0",
            "i",
            "72",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let t = parse_triples(&args).unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t[1].1, SmiValue::Int(72));
        assert!(parse_triples(&args[..2]).is_err());
    }
}
