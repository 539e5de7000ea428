//! Printing what a hostile agent sends through the built-in MIB: any value of any syntax
//! under objects with enumerations, DISPLAY-HINTs (PhysAddress, DateAndTime, InetAddress,
//! DisplayString, Opaque floats), and table columns whose instance suffix is decoded as an
//! index (integers, IP addresses, length-prefixed, fixed, IMPLIED strings, OIDs), in every
//! output style. Nothing may panic; an index that does not fit its table is printed as
//! numbers and `decode_index` says so with an error.
//!
//! Input: `[object][flags][type][value-len][value…][suffix arcs…]`: `object` picks one of
//! the objects below, `flags` the `-O` options, `type` the value's syntax; the rest are
//! the instance's arcs (one byte each, a byte ≥ 0xF0 taking the next four as a u32).
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use winsnmp_mib::{Formatter, InputOptions, Mib, NameCache, OidStyle, OutputOptions};
use winsnmp_wire::{RawOid, Value};

static MIB: LazyLock<Mib> = LazyLock::new(Mib::builtin);

/// Objects whose printing has the most rules: hints, enumerations, every index shape.
const OBJECTS: &[&str] = &[
    "IF-MIB::ifPhysAddress",
    "IF-MIB::ifOperStatus",
    "IF-MIB::ifDescr",
    "IF-MIB::ifStackStatus",
    "IF-MIB::ifRcvAddressStatus",
    "IP-MIB::ipAddressIfIndex",
    "IP-MIB::ipNetToPhysicalPhysAddress",
    "IP-MIB::ipAdEntIfIndex",
    "IP-FORWARD-MIB::inetCidrRouteIfIndex",
    "IP-FORWARD-MIB::ipCidrRouteIfIndex",
    "HOST-RESOURCES-MIB::hrSWRunName",
    "HOST-RESOURCES-MIB::hrSystemDate",
    "HOST-RESOURCES-MIB::hrStorageType",
    "TCP-MIB::tcpConnectionState",
    "TCP-MIB::tcpConnState",
    "UDP-MIB::udpEndpointProcess",
    "SNMP-VIEW-BASED-ACM-MIB::vacmAccessContextMatch",
    "SNMP-USER-BASED-SM-MIB::usmUserStatus",
    "SNMP-TARGET-MIB::snmpTargetAddrTAddress",
    "NOTIFICATION-LOG-MIB::nlmLogDateAndTime",
    "NET-SNMP-AGENT-MIB::nsCacheStatus",
    "UCD-SNMP-MIB::laLoadFloat",
    "DISMAN-EVENT-MIB::mteTriggerValueID",
    "SNMPv2-MIB::sysORID",
    "SNMPv2-MIB::sysUpTime",
    "SNMPv2-MIB::sysServices",
    "IPV6-MIB::ipv6AddrPfxLength",
    "ENTITY-MIB::entPhysicalClass",
    "SNMPv2-SMI::enterprises",
    "SNMPv2-SMI::zeroDotZero",
];

static ROOTS: LazyLock<Vec<Vec<u32>>> = LazyLock::new(|| {
    OBJECTS
        .iter()
        .filter_map(|n| MIB.parse_oid(n, &InputOptions::default()).ok())
        .collect()
});

fn options(flags: u8, more: u8) -> OutputOptions {
    OutputOptions {
        style: match flags & 7 {
            1 => OidStyle::Numeric,
            2 => OidStyle::Full,
            3 => OidStyle::Suffix,
            4 => OidStyle::Ucd,
            5 => OidStyle::FullAndNumeric,
            _ => OidStyle::Module,
        },
        quick: flags & 8 != 0,
        numeric_enum: flags & 16 != 0,
        hex_strings: flags & 32 != 0 && more & 1 == 0,
        ascii_strings: flags & 32 != 0 && more & 1 != 0,
        hex_text: flags & 64 != 0,
        dont_breakdown: flags & 128 != 0,
        extended_index: more & 2 != 0,
        escape_quotes: more & 4 != 0,
        numeric_timeticks: more & 8 != 0,
        quick_equals: more & 16 != 0,
        two_digit_hex: more & 32 != 0,
        bare_value: more & 64 != 0,
        no_units: more & 128 != 0,
        ..OutputOptions::default()
    }
}

fn value(kind: u8, bytes: &[u8]) -> Option<Value<'_>> {
    let n = |k: usize| {
        let mut b = [0u8; 8];
        for (i, x) in bytes.iter().take(k).enumerate() {
            b[i] = *x;
        }
        u64::from_le_bytes(b)
    };
    Some(match kind % 13 {
        0 => Value::Integer(n(4) as u32 as i32),
        1 => Value::OctetString(bytes),
        2 => Value::Null,
        3 => Value::ObjectIdentifier(RawOid::from_ber(bytes).ok()?),
        4 => Value::IpAddress((n(4) as u32).to_be_bytes()),
        5 => Value::Counter32(n(4) as u32),
        6 => Value::Gauge32(n(4) as u32),
        7 => Value::TimeTicks(n(4) as u32),
        8 => Value::Opaque(bytes),
        9 => Value::Counter64(n(8)),
        10 => Value::NoSuchObject,
        11 => Value::NoSuchInstance,
        _ => Value::EndOfMibView,
    })
}

fuzz_target!(|data: &[u8]| {
    let [object, flags, kind, len, rest @ ..] = data else {
        return;
    };
    let roots = &*ROOTS;
    let Some(root) = roots.get(usize::from(*object) % roots.len().max(1)) else {
        return;
    };
    let (bytes, mut tail) = rest.split_at(usize::from(*len).min(rest.len()));
    let mut name = root.clone();
    while let [b, more @ ..] = tail {
        if name.len() >= 128 {
            break;
        }
        if *b >= 0xF0 && more.len() >= 4 {
            name.push(u32::from_le_bytes([more[0], more[1], more[2], more[3]]));
            tail = &more[4..];
        } else {
            name.push(u32::from(*b));
            tail = more;
        }
    }
    let Some(v) = value(*kind, bytes) else {
        return;
    };
    let mib = &*MIB;
    let f = Formatter::new(mib, options(*flags, *kind));
    let mut out = Vec::new();
    f.varbind(&name, &v, &mut out);
    // The same through the raw (wire) path and the walk's name cache.
    let wire = winsnmp_wire::Oid::from_arcs(&name).expect("at most 128 arcs from a root");
    let mut raw = Vec::new();
    f.varbind_raw(wire.as_raw(), &v, &mut raw);
    assert_eq!(out, raw, "varbind and varbind_raw disagree");
    let mut cache = NameCache::new();
    let mut cached = Vec::new();
    f.varbind_cached(wire.as_raw(), &v, &mut cache, &mut cached);
    assert_eq!(out, cached, "the name cache changes the output");
    // Index decoding of a column's instance.
    if let Some(lookup) = mib.lookup(&name)
        && let Some((entry, _)) = mib.index_of(lookup.node)
    {
        let _ = mib.decode_index(entry, &name[lookup.matched..]);
    }
});
