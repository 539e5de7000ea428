//! The embedded agent: recording loader, MIB store and request processing.

use std::path::PathBuf;

use winsnmp::agent::{
    Agent, AgentConfig, ErrorStatus, LineError, LoadOptions, MibStore, OwnedValue, Recording,
    RecordingFormat, synthetic_rows,
};
use winsnmp::wire::{Body, Message, Oid, Pdu, PduType, Value, VarBind, Version};

fn oid(s: &str) -> Oid {
    s.parse().unwrap()
}

fn parse(bytes: &[u8]) -> Recording {
    Recording::parse("test.snmprec", bytes, &LoadOptions::new()).unwrap()
}

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../wsnmp/data")
        .join(name)
}

fn linux_host() -> MibStore {
    Recording::load(data("linux-host.snmprec"), &LoadOptions::new())
        .unwrap()
        .into_store()
}

fn get(store: &MibStore, o: &str) -> OwnedValue {
    store
        .get(oid(o).as_raw())
        .unwrap_or_else(|| panic!("{o} missing"))
        .clone()
}

fn octets(b: &[u8]) -> OwnedValue {
    OwnedValue::OctetString(b.into())
}

// ---------------------------------------------------------------------------------------
// Loader: .snmprec
// ---------------------------------------------------------------------------------------

#[test]
fn snmprec_every_tag() {
    let rec = parse(
        b"1.3.6.1.2.1.1.1|2|-42\n\
          1.3.6.1.2.1.1.2|4|Linux box\n\
          1.3.6.1.2.1.1.3|5|\n\
          1.3.6.1.2.1.1.4|6|1.3.6.1.4.1.8072.3.2.10\n\
          1.3.6.1.2.1.1.5|64|192.0.2.1\n\
          1.3.6.1.2.1.1.6|64|\x7f\x00\x00\x01\n\
          1.3.6.1.2.1.1.7|64x|0a000001\n\
          1.3.6.1.2.1.1.8|65|4294967295\n\
          1.3.6.1.2.1.1.9|66|7\n\
          1.3.6.1.2.1.1.10|67|12345\n\
          1.3.6.1.2.1.1.11|68x|9f780442f60000\n\
          1.3.6.1.2.1.1.12|70|18446744073709551615\n\
          1.3.6.1.2.1.1.13|4x|00FF10ab\n\
          1.3.6.1.2.1.1.14|4x|\n\
          1.3.6.1.2.1.1.15|2x|3137\n\
          1.3.6.1.2.1.1.16|68|raw\n",
    );
    assert_eq!(rec.format(), RecordingFormat::Snmprec);
    assert!(rec.warnings().is_empty());
    let s = rec.store();
    let p = "1.3.6.1.2.1.1.";
    assert_eq!(get(s, &format!("{p}1")), OwnedValue::Integer(-42));
    assert_eq!(get(s, &format!("{p}2")), octets(b"Linux box"));
    assert_eq!(get(s, &format!("{p}3")), OwnedValue::Null);
    assert_eq!(
        get(s, &format!("{p}4")),
        OwnedValue::ObjectIdentifier(oid("1.3.6.1.4.1.8072.3.2.10"))
    );
    assert_eq!(
        get(s, &format!("{p}5")),
        OwnedValue::IpAddress([192, 0, 2, 1])
    );
    assert_eq!(
        get(s, &format!("{p}6")),
        OwnedValue::IpAddress([127, 0, 0, 1])
    );
    assert_eq!(
        get(s, &format!("{p}7")),
        OwnedValue::IpAddress([10, 0, 0, 1])
    );
    assert_eq!(get(s, &format!("{p}8")), OwnedValue::Counter32(u32::MAX));
    assert_eq!(get(s, &format!("{p}9")), OwnedValue::Gauge32(7));
    assert_eq!(get(s, &format!("{p}10")), OwnedValue::TimeTicks(12345));
    assert_eq!(
        get(s, &format!("{p}11")),
        OwnedValue::Opaque([0x9f, 0x78, 0x04, 0x42, 0xf6, 0, 0].as_slice().into())
    );
    assert_eq!(get(s, &format!("{p}12")), OwnedValue::Counter64(u64::MAX));
    assert_eq!(get(s, &format!("{p}13")), octets(&[0x00, 0xff, 0x10, 0xab]));
    assert_eq!(get(s, &format!("{p}14")), octets(b""));
    assert_eq!(get(s, &format!("{p}15")), OwnedValue::Integer(17));
    assert_eq!(
        get(s, &format!("{p}16")),
        OwnedValue::Opaque(b"raw".as_slice().into())
    );
    assert_eq!(s.len(), 16);
}

#[test]
fn snmprec_values_are_bytes() {
    // Trailing spaces are data, a `|` in the value is data, Latin-1 and NUL stay as they are,
    // `\r\n` and a bare `\n` both end a line, and a lone `\r` inside a value is data.
    let rec = parse(
        b"1.3.6.1.2.1.2.2.1.6.1|4|      \r\n\
          1.3.6.1.2.1.2.2.1.6.2|4|a|b|c \n\
          1.3.6.1.2.1.2.2.1.6.3|4|caf\xe9\x00!\r\n\
          1.3.6.1.2.1.2.2.1.6.4|4|x\ry\n\
          1.3.6.1.2.1.2.2.1.6.5|4|last\r",
    );
    let s = rec.store();
    assert_eq!(get(s, "1.3.6.1.2.1.2.2.1.6.1"), octets(b"      "));
    assert_eq!(get(s, "1.3.6.1.2.1.2.2.1.6.2"), octets(b"a|b|c "));
    assert_eq!(get(s, "1.3.6.1.2.1.2.2.1.6.3"), octets(b"caf\xe9\x00!"));
    assert_eq!(get(s, "1.3.6.1.2.1.2.2.1.6.4"), octets(b"x\ry"));
    assert_eq!(get(s, "1.3.6.1.2.1.2.2.1.6.5"), octets(b"last"));
}

#[test]
fn snmprec_any_order_comments_and_blank_lines() {
    let rec = parse(
        b"# a comment\n\n1.3.6.1.2.1.1.5.0|4|b\n   \n1.3.6.1.2.1.1.10.0|2|3\n.1.3.6.1.2.1.1.1.0|4|a\n",
    );
    let names: Vec<String> = rec.store().iter().map(|(o, _)| o.to_string()).collect();
    assert_eq!(
        names,
        [
            "1.3.6.1.2.1.1.1.0",
            "1.3.6.1.2.1.1.5.0",
            "1.3.6.1.2.1.1.10.0"
        ]
    );
}

#[test]
fn snmprec_duplicates_last_wins_with_one_warning() {
    let rec = parse(
        b"1.3.6.1.2.1.1.5.0|4|first\n1.3.6.1.2.1.1.1.0|4|x\n1.3.6.1.2.1.1.5.0|4|second\n\
          1.3.6.1.2.1.1.5.0|4|third\n",
    );
    assert_eq!(get(rec.store(), "1.3.6.1.2.1.1.5.0"), octets(b"third"));
    assert_eq!(rec.len(), 2);
    assert_eq!(rec.warnings().len(), 1, "{:?}", rec.warnings());
    assert!(
        rec.warnings()[0].contains("2 duplicate"),
        "{}",
        rec.warnings()[0]
    );
    assert!(
        rec.warnings()[0].contains("line 3"),
        "{}",
        rec.warnings()[0]
    );
}

#[test]
fn snmprec_variation_module_refused_with_line_number() {
    let text = b"1.3.6.1.2.1.1.1.0|4|ok\n\n1.3.6.1.2.1.1.3.0|2:numeric|rate=3\n";
    let err = Recording::parse("dev.snmprec", text, &LoadOptions::new()).unwrap_err();
    assert_eq!(err.line(), Some(3));
    assert!(matches!(err.kind(), Some(LineError::VariationModule(t)) if t == "2:numeric"));
    let msg = err.to_string();
    assert!(msg.starts_with("dev.snmprec:3: "), "{msg}");
    assert!(msg.contains("variation module"), "{msg}");

    let more = b"1.3.6.1.2.1.1.1.0|4|ok\n1.3.6.1.2.1.1.3.0|2:numeric|x\n1.3.6.1.2.1.1.4.0|4:writecache|y\n";
    let rec = Recording::parse(
        "dev.snmprec",
        more,
        &LoadOptions::new().skip_variations(true),
    )
    .unwrap();
    assert_eq!(rec.len(), 1);
    assert_eq!(rec.warnings().len(), 1);
    assert!(
        rec.warnings()[0].contains("skipped 2"),
        "{}",
        rec.warnings()[0]
    );
    assert!(
        rec.warnings()[0].contains("line 2"),
        "{}",
        rec.warnings()[0]
    );
}

#[test]
fn snmprec_errors_name_the_line() {
    type Case = (&'static [u8], usize, fn(&LineError) -> bool);
    let cases: &[Case] = &[
        (b"1.3.6.1.2.1.1.1.0|4|a\n1.3.x.1|4|b\n", 2, |k| {
            matches!(k, LineError::BadOid(_))
        }),
        (b"1.3.6.1.2.1.1.1.0|4|a\n1.3.6.1|99|b\n", 2, |k| {
            matches!(k, LineError::UnknownTag(_))
        }),
        (b"1.3.6.1|4y|b\n", 1, |k| {
            matches!(k, LineError::UnknownTag(_))
        }),
        (b"1.3.6.1|2|abc\n", 1, |k| {
            matches!(
                k,
                LineError::BadValue {
                    syntax: "INTEGER",
                    ..
                }
            )
        }),
        (b"1.3.6.1|2|2147483648\n", 1, |k| {
            matches!(k, LineError::BadValue { .. })
        }),
        (b"1.3.6.1|65|-1\n", 1, |k| {
            matches!(k, LineError::BadValue { .. })
        }),
        (b"1.3.6.1|64|1.2.3\n", 1, |k| {
            matches!(
                k,
                LineError::BadValue {
                    syntax: "IpAddress",
                    ..
                }
            )
        }),
        (b"1.3.6.1|4x|abc\n", 1, |k| {
            matches!(k, LineError::BadValue { syntax: "hex", .. })
        }),
        (b"1.3.6.1|4x|zz\n", 1, |k| {
            matches!(k, LineError::BadValue { .. })
        }),
        (b"1.3.6.1|4|a\n1.3.6.2|4\n", 2, |k| {
            matches!(k, LineError::MissingField)
        }),
        (b"\n# x\nhello world\n", 3, |k| {
            matches!(k, LineError::UnknownFormat)
        }),
    ];
    for (text, line, check) in cases {
        let err = Recording::parse("bad.snmprec", text, &LoadOptions::new()).unwrap_err();
        assert_eq!(err.line(), Some(*line), "{err}");
        assert!(check(err.kind().unwrap()), "{err}");
        assert!(
            err.to_string()
                .starts_with(&format!("bad.snmprec:{line}: "))
        );
    }
}

#[test]
fn missing_file_is_an_io_error() {
    let err = Recording::load("/nonexistent/x.snmprec", &LoadOptions::new()).unwrap_err();
    assert!(err.line().is_none());
    assert!(err.to_string().contains("/nonexistent/x.snmprec"));
}

#[test]
fn empty_recording() {
    let rec = parse(b"");
    assert!(rec.is_empty());
}

#[test]
fn to_snmprec_round_trips() {
    let mut store = linux_host();
    store.insert(oid("1.3.6.1.4.1.1.1"), octets(b"  trailing  "));
    store.insert(oid("1.3.6.1.4.1.1.2"), octets(b"bin\x00\xff\r\n"));
    store.insert(
        oid("1.3.6.1.4.1.1.3"),
        OwnedValue::Opaque(b"\x9f\x78".as_slice().into()),
    );
    store.insert(oid("1.3.6.1.4.1.1.4"), OwnedValue::Null);
    let text = store.to_snmprec();
    let back = parse(&text).into_store();
    assert_eq!(back, store);
}

// ---------------------------------------------------------------------------------------
// Loader: snmpwalk -On output
// ---------------------------------------------------------------------------------------

#[test]
fn walk_format_every_type() {
    let text: &[u8] = b".1.3.6.1.2.1.1.1.0 = STRING: \"Linux host\"\n\
.1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.8072.3.2.10\n\
.1.3.6.1.2.1.1.3.0 = Timeticks: (200) 0:00:02.00\n\
.1.3.6.1.2.1.1.4.0 = STRING: \"say \\\"hi\\\" \\\\o/\"\n\
.1.3.6.1.2.1.1.5.0 = \"\"\n\
.1.3.6.1.2.1.1.6.0 = STRING: \"line one\n\
line two  \n\
\"\n\
.1.3.6.1.2.1.1.7.0 = INTEGER: 72\n\
.1.3.6.1.2.1.2.2.1.7.1 = INTEGER: up(1)\n\
.1.3.6.1.2.1.2.2.1.8.1 = INTEGER: -5\n\
.1.3.6.1.2.1.2.2.1.10.1 = Counter32: 12\n\
.1.3.6.1.2.1.2.2.1.5.1 = Gauge32: 5\n\
.1.3.6.1.2.1.31.1.1.1.6.1 = Counter64: 18446744073709551615\n\
.1.3.6.1.2.1.4.20.1.1.10.0.0.1 = IpAddress: 10.0.0.1\n\
.1.3.6.1.2.1.2.2.1.6.1 = Hex-STRING: 00 1A 2B 3C 4D 5E \n\
.1.3.6.1.2.1.2.2.1.6.2 = Hex-STRING: 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F \r\n\
10 11 \r\n\
.1.3.6.1.4.1.2021.10.1.6.1 = Opaque: Float: 0.5\n\
.1.3.6.1.4.1.2021.10.1.6.2 = OPAQUE: 9F 78 04 3F 00 00 00 \n\
.1.3.6.1.4.1.9.1 = No Such Object available on this agent at this OID\n\
.1.3.6.1.4.1.9.2 = No Such Instance currently exists at this OID\n\
.1.3.6.1.2.1.1.8.0 = Wrong Type (should be Timeticks): INTEGER: 3\n\
.1.3.6.1.2.1.1.9.0 = NULL\n\
.1.3.6.1.2.1.1.10.0 = BITS: 80 40 a(0) b(9)\n\
.1.3.6.1.2.1.1.11.0 = STRING: \"a \"quote\" inside\"\n\
.1.3.6.1.2.1.1.12.0 = STRING: \"caf\xe9\"\n\
.1.3.6.1.2.1.1.13.0 = Timeticks: 99\n\
.1.3.6.1.2.1.1.14.0 = STRING: \"\"\n";
    let rec = Recording::parse("host.walk", text, &LoadOptions::new()).unwrap();
    assert_eq!(rec.format(), RecordingFormat::Walk);
    let s = rec.store();
    assert_eq!(get(s, "1.3.6.1.2.1.1.1.0"), octets(b"Linux host"));
    assert_eq!(
        get(s, "1.3.6.1.2.1.1.2.0"),
        OwnedValue::ObjectIdentifier(oid("1.3.6.1.4.1.8072.3.2.10"))
    );
    assert_eq!(get(s, "1.3.6.1.2.1.1.3.0"), OwnedValue::TimeTicks(200));
    assert_eq!(get(s, "1.3.6.1.2.1.1.4.0"), octets(b"say \"hi\" \\o/"));
    assert_eq!(get(s, "1.3.6.1.2.1.1.5.0"), octets(b""));
    assert_eq!(
        get(s, "1.3.6.1.2.1.1.6.0"),
        octets(b"line one\nline two  \n")
    );
    assert_eq!(get(s, "1.3.6.1.2.1.1.7.0"), OwnedValue::Integer(72));
    assert_eq!(get(s, "1.3.6.1.2.1.2.2.1.7.1"), OwnedValue::Integer(1));
    assert_eq!(get(s, "1.3.6.1.2.1.2.2.1.8.1"), OwnedValue::Integer(-5));
    assert_eq!(get(s, "1.3.6.1.2.1.2.2.1.10.1"), OwnedValue::Counter32(12));
    assert_eq!(get(s, "1.3.6.1.2.1.2.2.1.5.1"), OwnedValue::Gauge32(5));
    assert_eq!(
        get(s, "1.3.6.1.2.1.31.1.1.1.6.1"),
        OwnedValue::Counter64(u64::MAX)
    );
    assert_eq!(
        get(s, "1.3.6.1.2.1.4.20.1.1.10.0.0.1"),
        OwnedValue::IpAddress([10, 0, 0, 1])
    );
    assert_eq!(
        get(s, "1.3.6.1.2.1.2.2.1.6.1"),
        octets(&[0x00, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e])
    );
    assert_eq!(
        get(s, "1.3.6.1.2.1.2.2.1.6.2"),
        octets(&(0u8..=0x11).collect::<Vec<_>>())
    );
    assert_eq!(
        get(s, "1.3.6.1.4.1.2021.10.1.6.1"),
        OwnedValue::Opaque([0x9f, 0x78, 4, 0x3f, 0, 0, 0].as_slice().into())
    );
    assert_eq!(
        get(s, "1.3.6.1.4.1.2021.10.1.6.2"),
        OwnedValue::Opaque([0x9f, 0x78, 4, 0x3f, 0, 0, 0].as_slice().into())
    );
    assert!(s.get(oid("1.3.6.1.4.1.9.1").as_raw()).is_none());
    assert!(s.get(oid("1.3.6.1.4.1.9.2").as_raw()).is_none());
    assert_eq!(get(s, "1.3.6.1.2.1.1.8.0"), OwnedValue::Integer(3));
    assert_eq!(get(s, "1.3.6.1.2.1.1.9.0"), OwnedValue::Null);
    assert_eq!(get(s, "1.3.6.1.2.1.1.10.0"), octets(&[0x80, 0x40]));
    assert_eq!(get(s, "1.3.6.1.2.1.1.11.0"), octets(b"a \"quote\" inside"));
    assert_eq!(get(s, "1.3.6.1.2.1.1.12.0"), octets(b"caf\xe9"));
    assert_eq!(get(s, "1.3.6.1.2.1.1.13.0"), OwnedValue::TimeTicks(99));
    assert_eq!(get(s, "1.3.6.1.2.1.1.14.0"), octets(b""));
    assert_eq!(s.len(), 24);
}

#[test]
fn walk_errors_name_the_line() {
    // The multi-line string counts its lines, so the bad line after it is line 5.
    let text = b".1.3.6.1.2.1.1.1.0 = STRING: \"a\nb\nc\"\n.1.3.6.1.2.1.1.2.0 = INTEGER: 1\n.1.3.6.1.2.1.1.3.0 = Frobnicator: 1\n";
    let err = Recording::parse("w.txt", text, &LoadOptions::new()).unwrap_err();
    assert_eq!(err.line(), Some(5), "{err}");
    assert!(matches!(err.kind(), Some(LineError::UnknownWalkType(t)) if t == "Frobnicator"));

    let text = b".1.3.6.1.2.1.1.1.0 = INTEGER: 1\n.1.3.6.1.2.1.1.2.0 = STRING: \"never closed\n";
    let err = Recording::parse("w.txt", text, &LoadOptions::new()).unwrap_err();
    assert_eq!(err.line(), Some(2));
    assert!(matches!(err.kind(), Some(LineError::UnterminatedString)));

    let text = b".1.3.6.1.2.1.1.1.0 = INTEGER: 1\ngarbage\n";
    let err = Recording::parse("w.txt", text, &LoadOptions::new()).unwrap_err();
    assert_eq!(err.line(), Some(2));

    let text = b".1.3.6.1.2.1.1.1.0 = Counter32: x\n";
    let err = Recording::parse("w.txt", text, &LoadOptions::new()).unwrap_err();
    assert!(matches!(
        err.kind(),
        Some(LineError::BadValue {
            syntax: "Counter32",
            ..
        })
    ));
}

#[test]
fn bundled_walk_capture_matches_bundled_snmprec() {
    let walk = Recording::load(data("linux-host.walk"), &LoadOptions::new()).unwrap();
    assert_eq!(walk.format(), RecordingFormat::Walk);
    assert!(walk.warnings().is_empty());
    let rec = linux_host();
    assert!(rec.len() > walk.len());
    let if_number = oid("1.3.6.1.2.1.2.1.0");
    for (o, v) in walk.store().iter() {
        if *o == if_number {
            continue;
        }
        assert_eq!(rec.get(o.as_raw()), Some(v), "{o}");
    }
}

#[test]
fn bundled_recording_is_a_linux_host() {
    let s = linux_host();
    let OwnedValue::Integer(n) = get(&s, "1.3.6.1.2.1.2.1.0") else {
        panic!("ifNumber")
    };
    assert!(n >= 8);
    for col in [
        "1.3.6.1.2.1.2.2.1.2",
        "1.3.6.1.2.1.31.1.1.1.1",
        "1.3.6.1.2.1.31.1.1.1.6",
    ] {
        let prefix = oid(col);
        let rows = s.iter().filter(|(o, _)| o.starts_with(&prefix)).count();
        assert_eq!(rows, n as usize, "{col}");
    }
    for subtree in [
        "1.3.6.1.2.1.1",
        "1.3.6.1.2.1.4",
        "1.3.6.1.2.1.6",
        "1.3.6.1.2.1.7",
        "1.3.6.1.2.1.25.2.3",
    ] {
        assert!(s.has_prefix(oid(subtree).as_raw()), "{subtree}");
    }
}

// ---------------------------------------------------------------------------------------
// Request processing
// ---------------------------------------------------------------------------------------

fn request(version: Version, community: &[u8], pdu: Pdu<'_>) -> Vec<u8> {
    Message {
        version,
        community,
        body: Body::Pdu(pdu),
    }
    .to_vec()
    .unwrap()
}

fn names(list: &[&str]) -> Vec<Oid> {
    list.iter().map(|s| oid(s)).collect()
}

fn pdu_of<'a>(ty: PduType, oids: &'a [Oid]) -> Pdu<'a> {
    Pdu::new(
        ty,
        1234,
        oids.iter().map(|o| VarBind::null(o.as_raw())).collect(),
    )
}

/// Sends and decodes; the response must exist.
fn ask(agent: &mut Agent, bytes: &[u8]) -> Vec<u8> {
    agent.handle(bytes, 4242).expect("a response")
}

fn decode(bytes: &[u8]) -> Message<'_> {
    let m = Message::decode(bytes).unwrap();
    assert_eq!(m.body.pdu_type(), PduType::Response);
    m
}

fn status(m: &Message<'_>) -> (i32, i32) {
    let Body::Pdu(p) = &m.body else { panic!() };
    assert_eq!(p.request_id, 1234);
    (p.error_status, p.error_index)
}

fn small_agent() -> Agent {
    let rec = parse(
        b"1.3.6.1.2.1.1.1.0|4|Linux\n\
          1.3.6.1.2.1.1.3.0|67|1\n\
          1.3.6.1.2.1.1.5.0|4|host\n\
          1.3.6.1.2.1.2.2.1.10.1|65|100\n\
          1.3.6.1.2.1.31.1.1.1.6.1|70|5000000000\n\
          1.3.6.1.2.1.31.1.1.1.18.1|4|alias\n",
    );
    Agent::new(rec.into_store(), AgentConfig::default())
}

#[test]
fn get_v2c_values_exceptions_and_uptime() {
    let mut a = small_agent();
    let o = names(&[
        "1.3.6.1.2.1.1.1.0",
        "1.3.6.1.2.1.1.3.0",
        "1.3.6.1.2.1.1.1.1",
        "1.3.6.1.2.1.99.0",
        "1.3.6.1.2.1.31.1.1.1.6.1",
    ]);
    let r = ask(
        &mut a,
        &request(Version::V2c, b"public", pdu_of(PduType::Get, &o)),
    );
    let m = decode(&r);
    assert_eq!(m.community, b"public");
    assert_eq!(status(&m), (0, 0));
    let v: Vec<Value<'_>> = m.body.varbinds().iter().map(|vb| vb.value).collect();
    assert_eq!(
        v,
        [
            Value::OctetString(b"Linux"),
            Value::TimeTicks(4242),
            Value::NoSuchInstance,
            Value::NoSuchObject,
            Value::Counter64(5_000_000_000),
        ]
    );
    for (vb, n) in m.body.varbinds().iter().zip(&o) {
        assert_eq!(vb.name, n.as_raw());
    }
    // sysUpTime advances with the uptime given.
    let r = a
        .handle(
            &request(Version::V2c, b"public", pdu_of(PduType::Get, &o[1..2])),
            9000,
        )
        .unwrap();
    assert_eq!(decode(&r).body.varbinds()[0].value, Value::TimeTicks(9000));
    let st = a.stats();
    assert_eq!((st.datagrams, st.requests, st.responses), (2, 2, 2));
}

#[test]
fn get_v1_no_such_name_with_index() {
    let mut a = small_agent();
    let o = names(&[
        "1.3.6.1.2.1.1.1.0",
        "1.3.6.1.2.1.1.9.0",
        "1.3.6.1.2.1.1.5.0",
    ]);
    let r = ask(
        &mut a,
        &request(Version::V1, b"public", pdu_of(PduType::Get, &o)),
    );
    let m = decode(&r);
    assert_eq!(m.version, Version::V1);
    assert_eq!(status(&m), (ErrorStatus::NoSuchName as i32, 2));
    // The request's bindings come back unchanged.
    assert!(m.body.varbinds().iter().all(|vb| vb.value == Value::Null));
    assert_eq!(m.body.varbinds().len(), 3);

    // A Counter64 cannot travel in v1 (RFC 3584): noSuchName.
    let o = names(&["1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.31.1.1.1.6.1"]);
    let r = ask(
        &mut a,
        &request(Version::V1, b"public", pdu_of(PduType::Get, &o)),
    );
    assert_eq!(status(&decode(&r)), (2, 2));

    let o = names(&["1.3.6.1.2.1.1.5.0"]);
    let r = ask(
        &mut a,
        &request(Version::V1, b"public", pdu_of(PduType::Get, &o)),
    );
    let m = decode(&r);
    assert_eq!(status(&m), (0, 0));
    assert_eq!(m.body.varbinds()[0].value, Value::OctetString(b"host"));
}

#[test]
fn getnext_v2c_and_v1() {
    let mut a = small_agent();
    let o = names(&[
        "1.3.6.1.2.1.1",
        "1.3.6.1.2.1.1.1.0",
        "1.3.6.1.2.1.31.1.1.1.18.1",
        "1.3",
    ]);
    let r = ask(
        &mut a,
        &request(Version::V2c, b"public", pdu_of(PduType::GetNext, &o)),
    );
    let m = decode(&r);
    assert_eq!(status(&m), (0, 0));
    let got: Vec<(String, Value<'_>)> = m
        .body
        .varbinds()
        .iter()
        .map(|vb| (vb.name.to_string(), vb.value))
        .collect();
    assert_eq!(
        got,
        [
            ("1.3.6.1.2.1.1.1.0".to_owned(), Value::OctetString(b"Linux")),
            ("1.3.6.1.2.1.1.3.0".to_owned(), Value::TimeTicks(4242)),
            ("1.3.6.1.2.1.31.1.1.1.18.1".to_owned(), Value::EndOfMibView),
            ("1.3.6.1.2.1.1.1.0".to_owned(), Value::OctetString(b"Linux")),
        ]
    );

    // v1: Counter64 objects are skipped; the end of the MIB is noSuchName at its index.
    let o = names(&["1.3.6.1.2.1.2.2.1.10.1"]);
    let r = ask(
        &mut a,
        &request(Version::V1, b"public", pdu_of(PduType::GetNext, &o)),
    );
    let m = decode(&r);
    assert_eq!(status(&m), (0, 0));
    assert_eq!(
        m.body.varbinds()[0].name.to_string(),
        "1.3.6.1.2.1.31.1.1.1.18.1"
    );
    let o = names(&["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.31.1.1.1.18.1"]);
    let r = ask(
        &mut a,
        &request(Version::V1, b"public", pdu_of(PduType::GetNext, &o)),
    );
    let m = decode(&r);
    assert_eq!(status(&m), (ErrorStatus::NoSuchName as i32, 2));
    assert_eq!(
        m.body.varbinds()[1].name.to_string(),
        "1.3.6.1.2.1.31.1.1.1.18.1"
    );
}

/// Walks the whole agent with GETNEXT and returns (name, value) as owned pairs.
fn walk_getnext(a: &mut Agent, version: Version) -> Vec<(Oid, OwnedValue)> {
    let mut out = Vec::new();
    let mut cur = oid("0.0");
    loop {
        let o = [cur.clone()];
        let r = ask(
            a,
            &request(version, b"public", pdu_of(PduType::GetNext, &o)),
        );
        let m = decode(&r);
        let vb = m.body.varbinds()[0];
        if vb.value == Value::EndOfMibView || status(&m).0 != 0 {
            return out;
        }
        assert!(vb.name.to_oid() > cur, "not increasing");
        cur = vb.name.to_oid();
        out.push((cur.clone(), OwnedValue::from_value(&vb.value).unwrap()));
    }
}

fn expected_with_uptime(store: &MibStore, uptime: u32) -> Vec<(Oid, OwnedValue)> {
    let up = oid("1.3.6.1.2.1.1.3.0");
    store
        .iter()
        .map(|(o, v)| {
            let v = if *o == up {
                OwnedValue::TimeTicks(uptime)
            } else {
                v.clone()
            };
            (o.clone(), v)
        })
        .collect()
}

#[test]
fn full_getnext_walk_returns_exactly_the_recording() {
    let store = linux_host();
    let expected = expected_with_uptime(&store, 4242);
    let mut a = Agent::new(store.clone(), AgentConfig::default());
    assert_eq!(walk_getnext(&mut a, Version::V2c), expected);
    // v1 sees everything but the Counter64 objects.
    let v1: Vec<_> = expected
        .iter()
        .filter(|(_, v)| !matches!(v, OwnedValue::Counter64(_)))
        .cloned()
        .collect();
    assert_eq!(walk_getnext(&mut a, Version::V1), v1);
}

fn bulk<'a>(oids: &'a [Oid], non_rep: i32, max_rep: i32) -> Pdu<'a> {
    let mut p = Pdu::get_bulk(
        1234,
        non_rep,
        max_rep,
        oids.iter().map(|o| VarBind::null(o.as_raw())).collect(),
    );
    p.request_id = 1234;
    p
}

#[test]
fn getbulk_non_repeaters_and_repetitions() {
    let mut a = small_agent();
    let o = names(&["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1", "1.3.6.1.2.1.2"]);
    let r = ask(&mut a, &request(Version::V2c, b"public", bulk(&o, 1, 3)));
    let m = decode(&r);
    assert_eq!(status(&m), (0, 0));
    let got: Vec<String> = m
        .body
        .varbinds()
        .iter()
        .map(|vb| format!("{}={:?}", vb.name, vb.value))
        .collect();
    assert_eq!(
        got,
        [
            "1.3.6.1.2.1.1.3.0=TimeTicks(4242)",
            // repetition 1
            "1.3.6.1.2.1.1.1.0=OctetString(4c696e7578)",
            "1.3.6.1.2.1.2.2.1.10.1=Counter32(100)",
            // repetition 2
            "1.3.6.1.2.1.1.3.0=TimeTicks(4242)",
            "1.3.6.1.2.1.31.1.1.1.6.1=Counter64(5000000000)",
            // repetition 3
            "1.3.6.1.2.1.1.5.0=OctetString(686f7374)",
            "1.3.6.1.2.1.31.1.1.1.18.1=OctetString(616c696173)",
        ]
    );

    // Past the end: endOfMibView, and the agent stops once a whole repetition is at the end.
    let o = names(&["1.3.6.1.2.1.31.1.1.1.6.1"]);
    let r = ask(&mut a, &request(Version::V2c, b"public", bulk(&o, 0, 50)));
    let m = decode(&r);
    let vbs = m.body.varbinds();
    assert_eq!(vbs.len(), 2);
    assert_eq!(vbs[1].value, Value::EndOfMibView);
    assert_eq!(vbs[1].name.to_string(), "1.3.6.1.2.1.31.1.1.1.18.1");

    // non-repeaters larger than the list, max-repetitions 0.
    let o = names(&["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.5.0"]);
    let r = ask(&mut a, &request(Version::V2c, b"public", bulk(&o, 10, 0)));
    assert_eq!(decode(&r).body.varbinds().len(), 2);
    let r = ask(&mut a, &request(Version::V2c, b"public", bulk(&o, 0, 0)));
    assert_eq!(decode(&r).body.varbinds().len(), 0);
}

#[test]
fn getbulk_truncates_to_the_message_size() {
    let store = linux_host();
    for max in [484usize, 1472, 65507] {
        // No varbind limit here: the message size is what trims.
        let config = AgentConfig::new()
            .max_message_size(max)
            .max_varbinds(u32::MAX);
        let mut a = Agent::new(store.clone(), config);
        let o = names(&[
            "1.3.6.1.2.1.2.2.1.1",
            "1.3.6.1.2.1.2.2.1.2",
            "1.3.6.1.2.1.2.2.1.10",
        ]);
        let r = ask(
            &mut a,
            &request(Version::V2c, b"public", bulk(&o, 0, 10_000)),
        );
        assert!(r.len() <= max, "{} > {max}", r.len());
        let m = decode(&r);
        assert_eq!(status(&m), (0, 0));
        let n = m.body.varbinds().len();
        assert!(n >= 3, "{n}");
        assert_eq!(n % 3, 0, "whole repetitions only");
        if max < 65507 {
            // Nearly full: one more repetition would not have fitted.
            assert!(r.len() + 3 * 60 > max, "{} of {max}", r.len());
        }
    }
    // Non-repeaters that cannot fit: tooBig with no bindings.
    let mut a = Agent::new(store, AgentConfig::new().max_message_size(60));
    let o = names(&["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.1.0"]);
    let r = ask(&mut a, &request(Version::V2c, b"public", bulk(&o, 2, 1)));
    let m = decode(&r);
    assert_eq!(status(&m), (ErrorStatus::TooBig as i32, 0));
    assert!(m.body.varbinds().is_empty());
    assert_eq!(a.stats().too_big, 1);
}

/// A GETBULK of `names` copies of `oid` (the first `non_rep` of them non-repeaters).
fn bulk_request(oid_text: &str, names: usize, non_rep: i32, max_rep: i32) -> Vec<u8> {
    let o = vec![oid(oid_text); names];
    request(Version::V2c, b"public", bulk(&o, non_rep, max_rep))
}

/// GETBULK answers are bounded by the varbind limit as net-snmp's snmpd bounds them
/// (`maxGetbulkResponses` 100: max-repetitions capped at 100 / repeating names; the
/// non-repeaters on top), so a small request cannot draw a large answer.
#[test]
fn getbulk_is_bounded_by_the_varbind_limit() {
    let mut a = Agent::new(linux_host(), AgentConfig::default());
    let count = |a: &mut Agent, req: &[u8]| {
        let r = ask(a, req);
        let m = decode(&r);
        assert_eq!(status(&m), (0, 0));
        (m.body.varbinds().len(), r.len())
    };
    // The review's case: 116 bytes, 10 names x 100 repetitions, drew 1,000 bindings (24 KB).
    let req = bulk_request("1.3.6.1", 10, 0, 100);
    assert!(req.len() < 120, "{}", req.len());
    let (n, size) = count(&mut a, &req);
    assert_eq!(n, 100);
    assert!(
        size < 8_000,
        "{size} bytes for a {}-byte request",
        req.len()
    );
    // 1.8 KB: 200 repeating names drew 64 KB; not one repetition fits in 100 bindings.
    let req = bulk_request("1.3.6.1", 200, 0, 100);
    assert!(req.len() > 1_800, "{}", req.len());
    assert_eq!(count(&mut a, &req).0, 0);
    // Whole repetitions: 60 names fit once; 3 names 33 times.
    assert_eq!(
        count(&mut a, &bulk_request("1.3.6.1.2.1.2.2.1", 60, 0, 100)).0,
        60
    );
    assert_eq!(
        count(&mut a, &bulk_request("1.3.6.1.2.1.2.2.1", 3, 0, 33)).0,
        99
    );
    // Fewer asked for than the limit: all of them.
    assert_eq!(
        count(&mut a, &bulk_request("1.3.6.1.2.1.2.2.1", 10, 0, 7)).0,
        70
    );
    // Non-repeaters come on top: 5 + 20 x 5.
    assert_eq!(
        count(&mut a, &bulk_request("1.3.6.1.2.1.2.2.1", 10, 5, 100)).0,
        105
    );
    // The limit is configurable.
    let mut a = Agent::new(linux_host(), AgentConfig::new().max_varbinds(20));
    assert_eq!(
        count(&mut a, &bulk_request("1.3.6.1.2.1.2.2.1", 3, 0, 100)).0,
        18
    );
    assert_eq!(
        count(&mut a, &bulk_request("1.3.6.1.2.1.2.2.1", 1, 0, 100)).0,
        20
    );
    let mut a = Agent::new(linux_host(), AgentConfig::new().max_varbinds(0));
    assert_eq!(
        count(&mut a, &bulk_request("1.3.6.1.2.1.2.2.1", 3, 1, 100)).0,
        1
    );
}

#[test]
fn bulk_walk_returns_exactly_the_recording() {
    let store = linux_host();
    let expected = expected_with_uptime(&store, 4242);
    let mut a = Agent::new(store, AgentConfig::new().max_message_size(1472));
    let mut got: Vec<(Oid, OwnedValue)> = Vec::new();
    let mut cur = oid("1.3");
    'outer: loop {
        let o = [cur.clone()];
        let r = ask(&mut a, &request(Version::V2c, b"public", bulk(&o, 0, 25)));
        let m = decode(&r);
        assert_eq!(status(&m), (0, 0));
        for vb in m.body.varbinds() {
            if vb.value == Value::EndOfMibView {
                break 'outer;
            }
            cur = vb.name.to_oid();
            got.push((cur.clone(), OwnedValue::from_value(&vb.value).unwrap()));
        }
    }
    assert_eq!(got, expected);
}

#[test]
fn get_too_big() {
    let mut a = Agent::new(linux_host(), AgentConfig::new().max_message_size(100));
    let o = names(&["1.3.6.1.2.1.1.9.1.3.3", "1.3.6.1.2.1.1.9.1.3.9"]);
    let r = ask(
        &mut a,
        &request(Version::V2c, b"public", pdu_of(PduType::Get, &o)),
    );
    let m = decode(&r);
    assert_eq!(status(&m), (1, 0));
    assert!(m.body.varbinds().is_empty());
    // v1: the request's bindings come back with tooBig.
    let r = ask(
        &mut a,
        &request(Version::V1, b"public", pdu_of(PduType::Get, &o)),
    );
    let m = decode(&r);
    assert_eq!(status(&m), (1, 0));
    assert_eq!(m.body.varbinds().len(), 2);
    assert_eq!(a.stats().too_big, 2);
}

fn set_pdu<'a>(vbs: Vec<VarBind<'a>>) -> Pdu<'a> {
    Pdu::new(PduType::Set, 1234, vbs)
}

#[test]
fn set_with_write_community_changes_values() {
    let mut a = small_agent();
    let name = oid("1.3.6.1.2.1.1.5.0");
    let alias = oid("1.3.6.1.2.1.31.1.1.1.18.1");
    let vbs = vec![
        VarBind::new(name.as_raw(), Value::OctetString(b"new-name")),
        VarBind::new(alias.as_raw(), Value::OctetString(b"  ")),
    ];
    let r = ask(
        &mut a,
        &request(Version::V2c, b"private", set_pdu(vbs.clone())),
    );
    let m = decode(&r);
    assert_eq!(status(&m), (0, 0));
    assert_eq!(m.body.varbinds(), vbs.as_slice());
    assert_eq!(get(a.store(), "1.3.6.1.2.1.1.5.0"), octets(b"new-name"));
    assert_eq!(get(a.store(), "1.3.6.1.2.1.31.1.1.1.18.1"), octets(b"  "));
    assert_eq!(a.stats().sets, 1);
    // The write community may read as well.
    let o = [name.clone()];
    let r = ask(
        &mut a,
        &request(Version::V1, b"private", pdu_of(PduType::Get, &o)),
    );
    assert_eq!(
        decode(&r).body.varbinds()[0].value,
        Value::OctetString(b"new-name")
    );
    // v1 SET works too.
    let vbs = vec![VarBind::new(name.as_raw(), Value::OctetString(b"v1"))];
    let r = ask(&mut a, &request(Version::V1, b"private", set_pdu(vbs)));
    assert_eq!(status(&decode(&r)), (0, 0));
    assert_eq!(get(a.store(), "1.3.6.1.2.1.1.5.0"), octets(b"v1"));
}

#[test]
fn set_errors_v2c_and_v1_and_atomicity() {
    let name = oid("1.3.6.1.2.1.1.5.0");
    let counter = oid("1.3.6.1.2.1.2.2.1.10.1");
    let missing = oid("1.3.6.1.2.1.1.77.0");
    let uptime = oid("1.3.6.1.2.1.1.3.0");
    let good = VarBind::new(name.as_raw(), Value::OctetString(b"changed"));
    let cases: Vec<(VarBind<'_>, ErrorStatus, ErrorStatus)> = vec![
        (
            VarBind::new(counter.as_raw(), Value::Integer(5)),
            ErrorStatus::WrongType,
            ErrorStatus::BadValue,
        ),
        (
            VarBind::new(counter.as_raw(), Value::Null),
            ErrorStatus::WrongType,
            ErrorStatus::BadValue,
        ),
        (
            VarBind::new(missing.as_raw(), Value::Integer(1)),
            ErrorStatus::NoCreation,
            ErrorStatus::NoSuchName,
        ),
        (
            VarBind::new(uptime.as_raw(), Value::TimeTicks(1)),
            ErrorStatus::NotWritable,
            ErrorStatus::NoSuchName,
        ),
    ];
    for (bad, v2, v1) in cases {
        for (version, want) in [(Version::V2c, v2), (Version::V1, v1)] {
            let mut a = small_agent();
            let vbs = vec![good, bad];
            let r = ask(&mut a, &request(version, b"private", set_pdu(vbs.clone())));
            let m = decode(&r);
            assert_eq!(status(&m), (want as i32, 2), "{version:?} {bad:?}");
            assert_eq!(m.body.varbinds(), vbs.as_slice());
            // All or nothing: the good binding was not applied.
            assert_eq!(get(a.store(), "1.3.6.1.2.1.1.5.0"), octets(b"host"));
            assert_eq!(a.stats().sets, 0);
        }
    }
    // SET with the read community: noAccess (v1: noSuchName), nothing changes.
    for (version, want) in [
        (Version::V2c, ErrorStatus::NoAccess),
        (Version::V1, ErrorStatus::NoSuchName),
    ] {
        let mut a = small_agent();
        let r = ask(&mut a, &request(version, b"public", set_pdu(vec![good])));
        assert_eq!(status(&decode(&r)), (want as i32, 1));
        assert_eq!(get(a.store(), "1.3.6.1.2.1.1.5.0"), octets(b"host"));
    }
}

#[test]
fn wrong_community_gets_no_answer() {
    let mut a = small_agent();
    let o = names(&["1.3.6.1.2.1.1.1.0"]);
    assert!(
        a.handle(
            &request(Version::V2c, b"secret", pdu_of(PduType::Get, &o)),
            0
        )
        .is_none()
    );
    assert!(
        a.handle(&request(Version::V1, b"", pdu_of(PduType::GetNext, &o)), 0)
            .is_none()
    );
    let st = a.stats();
    assert_eq!((st.bad_community, st.requests, st.responses), (2, 0, 0));

    let mut a = Agent::new(
        linux_host(),
        AgentConfig::new()
            .read_community("ro")
            .write_community("rw"),
    );
    assert!(
        a.handle(
            &request(Version::V2c, b"public", pdu_of(PduType::Get, &o)),
            0
        )
        .is_none()
    );
    assert!(
        a.handle(&request(Version::V2c, b"ro", pdu_of(PduType::Get, &o)), 0)
            .is_some()
    );
}

#[test]
fn non_request_pdus_are_dropped() {
    let mut a = small_agent();
    let o = names(&["1.3.6.1.2.1.1.1.0"]);
    for ty in [
        PduType::Response,
        PduType::TrapV2,
        PduType::Inform,
        PduType::Report,
    ] {
        assert!(
            a.handle(&request(Version::V2c, b"public", pdu_of(ty, &o)), 0)
                .is_none()
        );
    }
    assert_eq!(a.stats().unsupported_pdus, 4);
    assert_eq!(a.stats().responses, 0);
}

#[test]
fn malformed_datagrams_are_counted_and_dropped() {
    let mut a = small_agent();
    let o = names(&["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.5.0"]);
    let good = request(Version::V2c, b"public", pdu_of(PduType::GetNext, &o));
    let mut dropped = 0;
    for bad in [
        &b""[..],
        b"\x30",
        b"\x30\x00",
        b"\xff\xff\xff\xff",
        &good[..good.len() - 1],
        &[good.as_slice(), b"\x00"].concat(),
    ] {
        assert!(a.handle(bad, 0).is_none());
        dropped += 1;
    }
    assert_eq!(a.stats().parse_errors, dropped);
    // Every single-octet corruption of a valid request: never a panic, any answer decodes.
    for i in 0..good.len() {
        for x in [0x00, 0x01, 0x7f, 0x80, 0xff, good[i] ^ 0x20] {
            let mut b = good.clone();
            b[i] = x;
            if let Some(r) = a.handle(&b, 0) {
                Message::decode(&r).unwrap();
            }
        }
    }
    // Also every truncation.
    for n in 0..good.len() {
        assert!(a.handle(&good[..n], 0).is_none());
    }
}

#[test]
fn synthetic_rows_make_a_table() {
    let rows = synthetic_rows(1000);
    assert_eq!(rows.len(), 4000);
    let mut store = linux_host();
    let before = store.len();
    store.add_synthetic_rows(1000);
    assert_eq!(store.len(), before + 4000);
    assert!(store.entries().windows(2).all(|w| w[0].0 < w[1].0));
    assert_eq!(
        get(&store, "1.3.6.1.4.1.8072.9999.9999.1.1.2.1000"),
        octets(b"row-1000")
    );
    // 10 sorts after 9 (sub-identifier order, not byte order).
    let mut a = Agent::new(store, AgentConfig::default());
    let o = names(&["1.3.6.1.4.1.8072.9999.9999.1.1.1.127"]);
    let r = ask(
        &mut a,
        &request(Version::V2c, b"public", pdu_of(PduType::GetNext, &o)),
    );
    assert_eq!(
        decode(&r).body.varbinds()[0].name.to_string(),
        "1.3.6.1.4.1.8072.9999.9999.1.1.1.128"
    );
}

/// Generates a 300 000-row `.snmprec` file and times the load; run with
/// `cargo test --release -p winsnmp --test agent_store -- --ignored --nocapture`.
#[test]
#[ignore = "timing; run in release"]
fn load_300k_rows_timing() {
    let mut text = Vec::new();
    for i in 0..300_000u32 {
        // Shuffled order, mixed syntaxes.
        let row = (i.wrapping_mul(2_654_435_761)) % 300_000 + 1;
        let col = i % 5 + 1;
        let line = match col {
            1 => format!("1.3.6.1.4.1.99999.1.1.{col}.{row}|2|{row}\n"),
            2 => format!("1.3.6.1.4.1.99999.1.1.{col}.{row}|4|interface number {row} \n"),
            3 => format!(
                "1.3.6.1.4.1.99999.1.1.{col}.{row}|70|{}\n",
                u64::from(row) * 7919
            ),
            4 => format!(
                "1.3.6.1.4.1.99999.1.1.{col}.{row}|4x|0011223344{:02x}\n",
                row % 256
            ),
            _ => format!(
                "1.3.6.1.4.1.99999.1.1.{col}.{row}|64|10.0.{}.{}\n",
                row / 256 % 256,
                row % 256
            ),
        };
        text.extend_from_slice(line.as_bytes());
    }
    let start = std::time::Instant::now();
    let rec = Recording::parse("big.snmprec", &text, &LoadOptions::new()).unwrap();
    let t = start.elapsed();
    eprintln!(
        "300k shuffled rows ({} bytes): {t:?}, {} objects",
        text.len(),
        rec.len()
    );
    let sorted = rec.store().to_snmprec();
    let start = std::time::Instant::now();
    let rec2 = Recording::parse("big.snmprec", &sorted, &LoadOptions::new()).unwrap();
    eprintln!("300k sorted rows: {:?}", start.elapsed());
    assert_eq!(rec2.len(), rec.len());
    let mut walk = Vec::new();
    for i in 1..=300_000u32 {
        let line = match i % 3 {
            0 => format!(".1.3.6.1.4.1.99999.1.1.1.{i} = STRING: \"interface {i}\"\n"),
            1 => format!(
                ".1.3.6.1.4.1.99999.1.1.2.{i} = Counter64: {}\n",
                u64::from(i) * 7919
            ),
            _ => format!(
                ".1.3.6.1.4.1.99999.1.1.3.{i} = Hex-STRING: 00 1A 2B 3C 4D {:02X} \n",
                i % 256
            ),
        };
        walk.extend_from_slice(line.as_bytes());
    }
    let start = std::time::Instant::now();
    let rec3 = Recording::parse("big.walk", &walk, &LoadOptions::new()).unwrap();
    eprintln!("300k snmpwalk -On rows: {:?}", start.elapsed());
    assert_eq!(rec3.len(), 300_000);
}

#[path = "agent_store/v3.rs"]
mod v3;

/// A request with more bindings than `AgentConfig::max_request_varbinds` (default 2,048,
/// the manager's own `Limits::max_varbinds`) is answered tooBig, unprocessed; at the limit
/// it is answered in full; the limit is configurable.
#[test]
fn requests_above_the_varbind_limit_are_too_big() {
    let mut a = Agent::new(linux_host(), AgentConfig::default());
    let many = |n: usize| {
        let o = vec![oid("1.3.6.1.2.1.1.5.0"); n];
        request(Version::V2c, b"public", pdu_of(PduType::Get, &o))
    };
    let m = ask(&mut a, &many(2048));
    let d = decode(&m);
    assert_eq!(status(&d), (0, 0));
    assert_eq!(d.body.varbinds().len(), 2048);
    let m = ask(&mut a, &many(2049));
    let d = decode(&m);
    assert_eq!(status(&d).0, ErrorStatus::TooBig as i32);
    assert!(d.body.varbinds().is_empty());
    assert_eq!(a.stats().too_big, 1);
    let mut a = Agent::new(linux_host(), AgentConfig::new().max_request_varbinds(2));
    assert_eq!(status(&decode(&ask(&mut a, &many(2)))), (0, 0));
    assert_eq!(
        status(&decode(&ask(&mut a, &many(3)))).0,
        ErrorStatus::TooBig as i32
    );
}
