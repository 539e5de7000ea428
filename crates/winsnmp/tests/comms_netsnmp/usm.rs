//! SNMPv3 through the WinSNMP functions against real net-snmp peers: a GET and a GETBULK
//! as every user `snmpd` has (every auth x priv pair its build speaks), SETs, each
//! negative case with its `SNMPAPI_RPT_*` code and snmpd's own counter, v3 traps and
//! informs to `snmptrapd`, and `snmptrap`/`snmpinform -v3` to a registered session.

use std::time::Duration;

use winsnmp::api::*;
use winsnmp::engine::consts::*;
use winsnmp::engine::usm::{EntitySecurity, UsmUser};
use winsnmp::engine::{RecvOutputs, VbOutputs, Version};
use winsnmp::wire::SecurityLevel;
use winsnmp::wire::usm::{AuthProtocol, PrivProtocol};
use winsnmp::{HEntity, HSession, SmiValue, SnmpApiError as E};
use winsnmp_testkit::netsnmp::{
    self, AUTH_PASS, PRIV_PASS, SNMPD_ENGINE_ID, Snmpd, Snmptrapd, V3User, v3_users,
};

use super::{COLD_START, SYS_DESCR, SYS_NAME, SYSTEM, WAIT, ask, fresh, next, pdu, session};

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn user_of(u: &V3User) -> UsmUser {
    let auth: Option<AuthProtocol> = u.auth.map(|a| a.parse().unwrap());
    let privacy: Option<PrivProtocol> = u.privacy.map(|p| p.parse().unwrap());
    usm_user(
        u.name.as_bytes(),
        auth.map(|a| (a, AUTH_PASS.as_bytes())),
        privacy.map(|p| (p, PRIV_PASS.as_bytes())),
    )
    .unwrap()
}

fn level_of(u: &V3User) -> SecurityLevel {
    u.level().parse().unwrap()
}

fn v3_entity(s: HSession, to: &str, sec: EntitySecurity) -> HEntity {
    let e = snmp_str_to_entity(s, to).unwrap();
    snmp_set_timeout(e, 100).unwrap();
    snmp_set_retry(e, 1).unwrap();
    winsnmp_set_entity_usm(e, Some(sec)).unwrap();
    e
}

/// snmpd's counter `oid` (read with v2c).
fn counter(d: &Snmpd, oid: &str) -> u32 {
    let out = netsnmp::run_tool(
        "snmpget",
        &[
            "-v2c",
            "-c",
            "public",
            "-Oqv",
            &d.addr_v4().to_string(),
            oid,
        ],
    )
    .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

#[test]
fn get_and_getbulk_as_every_snmpd_user() {
    let _g = fresh();
    let Some(d) = Snmpd::start() else { return };
    let to = d.addr_v4().to_string();
    let expected = netsnmp::run_tool(
        "snmpget",
        &["-v2c", "-c", "public", "-Oqv", &to, ".1.3.6.1.2.1.1.1.0"],
    )
    .unwrap();
    let descr = String::from_utf8_lossy(&expected.stdout).trim().to_owned();
    let (s, rx) = session();
    let empty = winsnmp_str_to_context_name(s, b"").unwrap();
    let mut passed = 0;
    let users = v3_users();
    for u in &users {
        let e = v3_entity(s, &to, EntitySecurity::new(user_of(u), level_of(u)));
        let p = pdu(s, SNMP_PDU_GET, 0, 0, &[(&SYS_DESCR[..], SmiValue::Null)]);
        let (info, vbs) = ask(s, &rx, e, empty, p);
        assert_eq!(info.error_status, 0, "{}", u.name);
        assert_eq!(
            super::octets(&vbs[0].value),
            descr.trim_matches('"'),
            "{}",
            u.name
        );
        // The engine was discovered and is the one snmpd was given.
        assert_eq!(
            winsnmp_get_engine_id(Some(e)).unwrap(),
            hex(SNMPD_ENGINE_ID)
        );
        let p = pdu(s, SNMP_PDU_GETBULK, 0, 10, &[(&SYSTEM[..], SmiValue::Null)]);
        let (info, vbs) = ask(s, &rx, e, empty, p);
        assert_eq!((info.error_status, vbs.len()), (0, 10), "{}", u.name);
        assert_eq!(vbs[0].name, SYS_DESCR);
        snmp_free_entity(e).unwrap();
        passed += 1;
    }
    assert_eq!(passed, users.len());
    assert_eq!(winsnmp_get_usm_stats(), Default::default());
    snmp_close(s).unwrap();
}

#[test]
fn set_as_authpriv_users_and_the_value_reads_back_with_snmpget() {
    let _g = fresh();
    let Some(d) = Snmpd::start() else { return };
    let to = d.addr_v4().to_string();
    let (s, rx) = session();
    let empty = winsnmp_str_to_context_name(s, b"").unwrap();
    for name in ["md5-des", "sha-aes", "sha256-aes192", "sha512-aes256"] {
        let u = v3_users().into_iter().find(|u| u.name == name).unwrap();
        let e = v3_entity(
            s,
            &to,
            EntitySecurity::new(user_of(&u), SecurityLevel::AuthPriv),
        );
        let value = format!("set-by-{name}");
        let p = pdu(
            s,
            SNMP_PDU_SET,
            0,
            0,
            &[(&SYS_NAME[..], SmiValue::Octets(value.clone().into_bytes()))],
        );
        let (info, _) = ask(s, &rx, e, empty, p);
        assert_eq!(info.error_status, 0, "{name}");
        let mut args = u.netsnmp_args();
        args.extend(["-Oqv".into(), to.clone(), ".1.3.6.1.2.1.1.5.0".into()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = netsnmp::run_tool("snmpget", &args).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout)
                .trim()
                .trim_matches('"'),
            value
        );
        snmp_free_entity(e).unwrap();
    }
    snmp_close(s).unwrap();
}

/// Sends a GET with `sec` and returns the event code that ended it.
fn outcome(
    s: HSession,
    rx: &std::sync::mpsc::Receiver<Notification>,
    to: &str,
    sec: EntitySecurity,
) -> u32 {
    let e = v3_entity(s, to, sec);
    let empty = winsnmp_str_to_context_name(s, b"").unwrap();
    let p = pdu(s, SNMP_PDU_GET, 0, 0, &[(&SYS_DESCR[..], SmiValue::Null)]);
    snmp_send_msg(s, None, e, empty, p).unwrap();
    let n = next(rx);
    if n.wparam == 0 {
        let r = snmp_recv_msg(s, RecvOutputs::ALL).unwrap();
        let _ = r;
    }
    n.wparam
}

#[test]
fn negative_cases_each_with_its_error_and_snmpd_counter() {
    let _g = fresh();
    let Some(d) = Snmpd::start() else { return };
    let to = d.addr_v4().to_string();
    let (s, rx) = session();
    let sha_aes = || {
        usm_user(
            b"sha-aes",
            Some((AuthProtocol::Sha1, AUTH_PASS.as_bytes())),
            Some((PrivProtocol::Aes128, PRIV_PASS.as_bytes())),
        )
        .unwrap()
    };
    const WRONG_DIGESTS: &str = ".1.3.6.1.6.3.15.1.1.5.0";
    const UNKNOWN_USERS: &str = ".1.3.6.1.6.3.15.1.1.3.0";
    const UNSUPPORTED: &str = ".1.3.6.1.6.3.15.1.1.1.0";
    const UNKNOWN_ENGINES: &str = ".1.3.6.1.6.3.15.1.1.4.0";
    const DECRYPTION: &str = ".1.3.6.1.6.3.15.1.1.6.0";
    const ASN_PARSE_ERRS: &str = ".1.3.6.1.2.1.11.6.0";

    // Wrong authentication password.
    let before = counter(&d, WRONG_DIGESTS);
    let wrong = usm_user(
        b"sha-aes",
        Some((AuthProtocol::Sha1, b"wrongpass123")),
        Some((PrivProtocol::Aes128, PRIV_PASS.as_bytes())),
    )
    .unwrap();
    let code = outcome(
        s,
        &rx,
        &to,
        EntitySecurity::new(wrong, SecurityLevel::AuthPriv),
    );
    assert_eq!(code, E::RptWrongDigest.code());
    assert_eq!(counter(&d, WRONG_DIGESTS), before + 1);

    // Unknown user.
    let before = counter(&d, UNKNOWN_USERS);
    let nobody = usm_user(
        b"nobody",
        Some((AuthProtocol::Sha1, AUTH_PASS.as_bytes())),
        None,
    )
    .unwrap();
    let code = outcome(
        s,
        &rx,
        &to,
        EntitySecurity::new(nobody, SecurityLevel::AuthNoPriv),
    );
    assert_eq!(code, E::RptUnknownUserName.code());
    assert_eq!(counter(&d, UNKNOWN_USERS), before + 1);

    // A level the user cannot do: "sha" has no privacy key in snmpd.
    let before = counter(&d, UNSUPPORTED);
    let sha_with_priv = usm_user(
        b"sha",
        Some((AuthProtocol::Sha1, AUTH_PASS.as_bytes())),
        Some((PrivProtocol::Aes128, PRIV_PASS.as_bytes())),
    )
    .unwrap();
    let code = outcome(
        s,
        &rx,
        &to,
        EntitySecurity::new(sha_with_priv, SecurityLevel::AuthPriv),
    );
    assert_eq!(code, E::RptUnsuppSecLevel.code());
    assert_eq!(counter(&d, UNSUPPORTED), before + 1);

    // Wrong engine ID given (-e): snmpd reports unknownEngineID, and we do not rediscover.
    let before = counter(&d, UNKNOWN_ENGINES);
    let mut sec = EntitySecurity::new(sha_aes(), SecurityLevel::AuthPriv);
    sec.engine_id = Some(hex("8000000001020304"));
    let code = outcome(s, &rx, &to, sec);
    assert_eq!(code, E::RptUnknownEngineId.code());
    assert_eq!(counter(&d, UNKNOWN_ENGINES), before + 1);

    // Wrong privacy password: AES-CFB "decrypts" into garbage that snmpd cannot parse; it
    // counts snmpInASNParseErrs and, like net-snmp's own snmpget would see, never answers.
    let before = counter(&d, DECRYPTION);
    let parse_errs = counter(&d, ASN_PARSE_ERRS);
    let wrong_priv = usm_user(
        b"sha-aes",
        Some((AuthProtocol::Sha1, AUTH_PASS.as_bytes())),
        Some((PrivProtocol::Aes128, b"wrongpass123")),
    )
    .unwrap();
    let code = outcome(
        s,
        &rx,
        &to,
        EntitySecurity::new(wrong_priv, SecurityLevel::AuthPriv),
    );
    assert_eq!(code, E::TlTimeout.code());
    assert_eq!(counter(&d, DECRYPTION), before);
    assert_eq!(counter(&d, ASN_PARSE_ERRS), parse_errs + 2, "two tries");

    // A stale clock (-Z far off) is re-synchronised once and the request succeeds.
    let mut sec = EntitySecurity::new(sha_aes(), SecurityLevel::AuthPriv);
    sec.engine_id = Some(hex(SNMPD_ENGINE_ID));
    sec.boots_time = Some((1, 5));
    assert_eq!(outcome(s, &rx, &to, sec), 0);

    // privonly may only ask at authPriv: at authNoPriv snmpd answers authorizationError.
    let u = usm_user(
        b"privonly",
        Some((AuthProtocol::Sha1, AUTH_PASS.as_bytes())),
        None,
    )
    .unwrap();
    let e = v3_entity(s, &to, EntitySecurity::new(u, SecurityLevel::AuthNoPriv));
    let p = pdu(s, SNMP_PDU_GET, 0, 0, &[(&SYS_DESCR[..], SmiValue::Null)]);
    let (info, _) = ask(s, &rx, e, winsnmp_str_to_context_name(s, b"").unwrap(), p);
    assert_eq!(info.error_status, SNMP_ERROR_AUTHORIZATIONERROR);
    snmp_close(s).unwrap();
}

#[test]
fn v3_traps_and_informs_to_snmptrapd() {
    let _g = fresh();
    // Traps carry this engine's ID, which snmptrapd's trap users are bound to.
    let ours = "8000000001020304";
    winsnmp_set_local_engine(&hex(ours), 1).unwrap();
    let Some(t) = Snmptrapd::start_v3(ours) else {
        return;
    };
    let (s, rx) = session();
    let empty = winsnmp_str_to_context_name(s, b"").unwrap();
    for name in ["sha-aes", "md5-des", "sha512-aes256", "noauth"] {
        let u = v3_users().into_iter().find(|u| u.name == name).unwrap();
        let sec = EntitySecurity::new(user_of(&u), level_of(&u));
        let sink = v3_entity(s, &t.addr().to_string(), sec.clone());
        let mut vbs = super::trap_vbs();
        vbs[2].1 = SmiValue::Octets(format!("trap-{name}").into_bytes());
        snmp_send_msg(s, None, sink, empty, pdu(s, SNMP_PDU_TRAP, 0, 0, &vbs)).unwrap();
        t.wait_for(&format!("trap-{name}"), WAIT)
            .unwrap_or_else(|| panic!("snmptrapd logged no trap from {name}: {}", t.log()));
        // An inform: snmptrapd is authoritative, so this discovers its engine first.
        vbs[2].1 = SmiValue::Octets(format!("inform-{name}").into_bytes());
        let (info, _) = ask(s, &rx, sink, empty, pdu(s, SNMP_PDU_INFORM, 0, 0, &vbs));
        assert_eq!((info.pdu_type, info.error_status), (SNMP_PDU_RESPONSE, 0));
        assert!(t.wait_for(&format!("inform-{name}"), WAIT).is_some());
        snmp_free_entity(sink).unwrap();
    }
    snmp_close(s).unwrap();
}

#[test]
fn snmptrap_and_snmpinform_v3_reach_a_registered_session() {
    let _g = fresh();
    let (s, rx) = session();
    snmp_register(s, None, None, None, None, SNMPAPI_ON).unwrap();
    let to = format!("127.0.0.1:{}", trap_port());
    for u in [
        V3User {
            name: "trapper".into(),
            auth: Some("SHA-256"),
            privacy: Some("AES"),
        },
        V3User {
            name: "trapper2".into(),
            auth: Some("MD5"),
            privacy: Some("DES"),
        },
        V3User {
            name: "plain".into(),
            auth: None,
            privacy: None,
        },
    ] {
        winsnmp_add_usm_user(user_of(&u), None).unwrap();
        // A trap from an engine we never heard of: the user is known for any engine.
        let mut args = u.netsnmp_args();
        args.extend([
            "-e".into(),
            "0x8000000001020304".into(),
            to.clone(),
            "1234".into(),
            ".1.3.6.1.6.3.1.1.5.1".into(),
        ]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let Some(out) = netsnmp::run_tool("snmptrap", &args) else {
            return;
        };
        assert!(out.status.success(), "{out:?}");
        let n = next(&rx);
        assert_eq!(n.wparam, 0);
        let r = snmp_recv_msg(s, RecvOutputs::ALL).unwrap();
        let info = snmp_get_pdu_data(r.pdu.unwrap(), winsnmp::engine::PduFields::ALL).unwrap();
        assert_eq!(info.pdu_type, SNMP_PDU_TRAP);
        let vbl = info.varbind_list.unwrap();
        assert_eq!(
            snmp_get_vb(
                vbl,
                2,
                VbOutputs {
                    name: true,
                    value: true
                }
            )
            .unwrap()
            .value,
            SmiValue::Oid(COLD_START.to_vec())
        );
        let src = with_engine(|e| e.entity(r.src.unwrap()).cloned()).unwrap();
        assert_eq!(src.version, Version::V3);
        // An inform: snmpinform discovers our engine, we acknowledge, then deliver.
        let mut args = u.netsnmp_args();
        args.extend([
            "-t".into(),
            "2".into(),
            "-r".into(),
            "1".into(),
            to.clone(),
            "77".into(),
            ".1.3.6.1.6.3.1.1.5.2".into(),
        ]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = netsnmp::run_tool("snmpinform", &args).unwrap();
        assert!(
            out.status.success(),
            "snmpinform got no acknowledgement: {out:?}"
        );
        next(&rx);
        let r = snmp_recv_msg(s, RecvOutputs::ALL).unwrap();
        let info = snmp_get_pdu_data(r.pdu.unwrap(), winsnmp::engine::PduFields::SCALARS).unwrap();
        assert_eq!(info.pdu_type, SNMP_PDU_INFORM);
    }
    // An unknown user's trap is dropped and counted.
    let before = winsnmp_get_usm_stats().unknown_user_names;
    let out = netsnmp::run_tool(
        "snmptrap",
        &[
            "-v3",
            "-u",
            "stranger",
            "-l",
            "noAuthNoPriv",
            "-e",
            "0x8000000001020304",
            &to,
            "1",
            ".1.3.6.1.6.3.1.1.5.1",
        ],
    )
    .unwrap();
    assert!(out.status.success());
    let deadline = std::time::Instant::now() + WAIT;
    while winsnmp_get_usm_stats().unknown_user_names == before
        && std::time::Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(winsnmp_get_usm_stats().unknown_user_names, before + 1);
    assert!(
        rx.recv_timeout(Duration::from_millis(200)).is_err(),
        "nothing delivered"
    );
    snmp_close(s).unwrap();
}
