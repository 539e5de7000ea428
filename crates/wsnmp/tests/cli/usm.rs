//! SNMPv3 from the command line, golden against net-snmp's tools on the same snmpd: every
//! user (every auth x priv pair net-snmp's build speaks) for get and bulkwalk, every
//! manager command once, sets, the errors with their exit codes, and notifications both
//! ways (`wsnmp trap/inform -v3` to snmptrapd, `snmptrap/snmpinform -v3` to `wsnmp trapd`).

use std::net::UdpSocket;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use winsnmp_testkit::netsnmp::{self, Snmpd, Snmptrapd, V3User, free_udp_port, v3_users};

use super::{assert_lines, fails, stable, text, wsnmp};

fn with<'a>(u: &'a [String], rest: &[&'a str]) -> Vec<&'a str> {
    let mut v: Vec<&str> = u.iter().map(String::as_str).collect();
    v.extend_from_slice(rest);
    v
}

fn user(name: &str) -> V3User {
    v3_users().into_iter().find(|u| u.name == name).unwrap()
}

#[test]
fn get_bulkwalk_and_set_as_every_user_match_net_snmp() {
    let Some(d) = Snmpd::start() else { return };
    let t = d.addr_v4().to_string();
    let mut pairs = 0;
    for u in v3_users() {
        let a = u.netsnmp_args();
        let objs = [t.as_str(), ".1.3.6.1.2.1.1.1.0", ".1.3.6.1.2.1.1.4.0"];
        let Some(theirs) = netsnmp::run_tool("snmpget", &with(&a, &[&["-On"][..], &objs].concat()))
        else {
            return;
        };
        let mut args = vec!["get"];
        args.extend(with(&a, &objs));
        let ours = wsnmp(&args);
        assert_eq!(text(&ours), text(&theirs), "get as {}", u.name);
        let walk = [t.as_str(), ".1.3.6.1.2.1.1"];
        let theirs = netsnmp::run_tool(
            "snmpbulkwalk",
            &with(&a, &[&["-On", "-Cr7"][..], &walk].concat()),
        )
        .unwrap();
        let mut args = vec!["bulkwalk", "-Cr7"];
        args.extend(with(&a, &walk));
        let ours = wsnmp(&args);
        assert_lines(&stable(&text(&ours)), &stable(&text(&theirs)));
        // SET: the same line from snmpset and from us, and the value is there.
        let value = format!("by-{}", u.name);
        let set = [t.as_str(), ".1.3.6.1.2.1.1.5.0", "s", value.as_str()];
        let theirs =
            netsnmp::run_tool("snmpset", &with(&a, &[&["-On"][..], &set].concat())).unwrap();
        let mut args = vec!["set"];
        args.extend(with(&a, &set));
        assert_eq!(text(&wsnmp(&args)), text(&theirs), "set as {}", u.name);
        pairs += 1;
    }
    assert_eq!(
        pairs, 31,
        "noAuthNoPriv + 6 auth x (none, DES, AES, AES-192, AES-256)"
    );
}

#[test]
fn every_manager_command_speaks_v3() {
    let Some(d) = Snmpd::start() else { return };
    let t = d.addr_v4().to_string();
    let a = user("sha256-aes256").netsnmp_args();
    let cmds: [(&str, &str, &[&str]); 4] = [
        ("getnext", "snmpgetnext", &[".1.3.6.1.2.1.1.1.0"]),
        (
            "bulkget",
            "snmpbulkget",
            &["-Cn1", "-Cr3", ".1.3.6.1.2.1.1.1", ".1.3.6.1.2.1.2.2.1.2"],
        ),
        ("walk", "snmpwalk", &[".1.3.6.1.2.1.2.2.1.2"]),
        ("bulkwalk", "snmpbulkwalk", &[".1.3.6.1.2.1.2.2.1.2"]),
    ];
    for (ours, theirs, rest) in cmds {
        // -C options go before the target for both.
        let (copts, objs): (Vec<&str>, Vec<&str>) = rest.iter().partition(|x| x.starts_with("-C"));
        let mut o = vec![ours];
        o.extend(&copts);
        o.extend(with(&a, &[&[t.as_str()][..], &objs].concat()));
        let mut n = vec!["-On"];
        n.extend(&copts);
        n.extend(with(&a, &[&[t.as_str()][..], &objs].concat()));
        let Some(theirs) = netsnmp::run_tool(theirs, &n) else {
            return;
        };
        assert_lines(&stable(&text(&wsnmp(&o))), &stable(&text(&theirs)));
    }
    // table: ifTable's ifDescr column appears.
    let mut args = vec!["table"];
    args.extend(with(&a, &[t.as_str(), ".1.3.6.1.2.1.2.2"]));
    let out = text(&wsnmp(&args));
    assert!(out.lines().any(|l| l.contains("lo")), "{out}");
    // set, read back by net-snmp as another user.
    let mut args = vec!["set"];
    let md5 = user("md5-des").netsnmp_args();
    args.extend(with(
        &md5,
        &[t.as_str(), ".1.3.6.1.2.1.1.5.0", "s", "v3-name"],
    ));
    assert_eq!(
        text(&wsnmp(&args)),
        ".1.3.6.1.2.1.1.5.0 = STRING: \"v3-name\"\n"
    );
    let check =
        netsnmp::run_tool("snmpget", &with(&a, &["-Oqv", &t, ".1.3.6.1.2.1.1.5.0"])).unwrap();
    assert_eq!(text(&check).trim(), "\"v3-name\"");
    // -n (context name), -E and -e, -Z: the default context, snmpd's engine given, a
    // clock far off that is re-synchronised.
    let engine = netsnmp::SNMPD_ENGINE_ID;
    let mut args = vec!["get"];
    args.extend(with(
        &a,
        &[
            "-n",
            "",
            "-E",
            engine,
            "-e",
            engine,
            "-Z",
            "1,5",
            &t,
            ".1.3.6.1.2.1.1.4.0",
        ],
    ));
    assert!(text(&wsnmp(&args)).contains("tests@example.org"));
}

#[test]
fn v3_errors_have_net_snmps_words_and_exit_codes() {
    let Some(d) = Snmpd::start() else { return };
    let t = d.addr_v4().to_string();
    let o = ".1.3.6.1.2.1.1.1.0";
    let base = ["get", "-v3", "-t", "0.5", "-r", "1"];
    let run = |extra: &[&str], code: i32, needle: &str| {
        let mut args: Vec<&str> = base.to_vec();
        args.extend_from_slice(extra);
        args.extend([t.as_str(), o]);
        fails(&args, code, needle);
    };
    run(
        &[
            "-u",
            "sha-aes",
            "-l",
            "authPriv",
            "-a",
            "SHA",
            "-A",
            "wrongpass1",
            "-x",
            "AES",
            "-X",
            "privpass123",
        ],
        5,
        "Authentication failure (incorrect password, community or key)",
    );
    run(
        &[
            "-u",
            "nosuchuser",
            "-l",
            "authNoPriv",
            "-a",
            "SHA",
            "-A",
            "authpass123",
        ],
        5,
        "Unknown user name",
    );
    run(
        &[
            "-u",
            "sha",
            "-l",
            "authPriv",
            "-a",
            "SHA",
            "-A",
            "authpass123",
            "-X",
            "privpass123",
        ],
        5,
        "Unsupported security level",
    );
    run(
        &[
            "-e",
            "0x8000000001020304",
            "-u",
            "sha",
            "-l",
            "authNoPriv",
            "-a",
            "SHA",
            "-A",
            "authpass123",
        ],
        5,
        "Unknown Engine ID",
    );
    // snmpd answers a privonly request below authPriv with authorizationError (exit 3).
    run(
        &[
            "-u",
            "privonly",
            "-l",
            "authNoPriv",
            "-a",
            "SHA",
            "-A",
            "authpass123",
        ],
        3,
        "authorizationError",
    );
    run(
        &["-u", "sha", "-l", "authNoPriv", "-a", "SHA", "-A", "short"],
        2,
        "at least 8 characters",
    );
    run(&["-l", "noAuthNoPriv"], 2, "-u USER");
    run(
        &["-u", "sha", "-l", "superPriv"],
        2,
        "unknown security level",
    );
    run(
        &[
            "-u",
            "sha",
            "-l",
            "authNoPriv",
            "-a",
            "SHA-999",
            "-A",
            "authpass123",
        ],
        2,
        "SHA-256",
    );
    run(&["-u", "sha", "-e", "12"], 2, "bad engine ID");
    fails(&["get", "-u", "sha", &t, o], 2, "need -v 3");
}

/// This tool's traps carry this engine ID (-e), which snmptrapd's trap users are bound to.
const OUR_ENGINE: &str = "8000000001020304";

#[test]
fn v3_traps_and_informs_to_snmptrapd() {
    let Some(td) = Snmptrapd::start_v3(OUR_ENGINE) else {
        return;
    };
    let to = td.addr().to_string();
    for name in [
        "noauth",
        "md5",
        "sha-des",
        "sha224-aes",
        "sha384-aes192",
        "sha512-aes256",
    ] {
        let a = user(name).netsnmp_args();
        let marker = format!("v3-trap-{name}");
        let mut args = vec!["trap"];
        args.extend(with(
            &a,
            &[
                "-e",
                OUR_ENGINE,
                &to,
                "",
                ".1.3.6.1.6.3.1.1.5.1",
                ".1.3.6.1.2.1.1.5.0",
                "s",
                &marker,
            ],
        ));
        text(&wsnmp(&args));
        assert!(
            td.wait_for(&marker, Duration::from_secs(5)).is_some(),
            "{name}: {}",
            td.log()
        );
        let marker = format!("v3-inform-{name}");
        let mut args = vec!["inform"];
        args.extend(with(
            &a,
            &[
                &to,
                "",
                ".1.3.6.1.6.3.1.1.5.1",
                ".1.3.6.1.2.1.1.5.0",
                "s",
                &marker,
            ],
        ));
        text(&wsnmp(&args));
        assert!(
            td.wait_for(&marker, Duration::from_secs(5)).is_some(),
            "{name}"
        );
    }
}

#[test]
fn trapd_receives_v3_traps_and_acknowledges_v3_informs() {
    let port = free_udp_port(false);
    let mut child = Command::new(env!("CARGO_BIN_EXE_wsnmp"))
        .args([
            "trapd",
            "--port",
            &port.to_string(),
            "--count",
            "4",
            "--seconds",
            "30",
        ])
        .args(["--user", "alice SHA-256 authpass123 AES-256 privpass123"])
        .args(["--user", "-e 0x8000000001020304 bob MD5 \"authpass123\""])
        .args(["--engine-id", "80001f8880aabbccdd"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while UdpSocket::bind(("127.0.0.1", port)).is_ok() {
        assert!(Instant::now() < deadline, "trapd did not bind");
        std::thread::sleep(Duration::from_millis(20));
    }
    let to = format!("127.0.0.1:{port}");
    let alice = [
        "-v3",
        "-u",
        "alice",
        "-l",
        "authPriv",
        "-a",
        "SHA-256",
        "-A",
        "authpass123",
        "-x",
        "AES-256",
        "-X",
        "privpass123",
    ];
    let bob = [
        "-v3",
        "-u",
        "bob",
        "-l",
        "authNoPriv",
        "-a",
        "MD5",
        "-A",
        "authpass123",
    ];
    let runs: [(&str, Vec<&str>); 4] = [
        (
            "snmptrap",
            [
                &alice[..],
                &[
                    "-e",
                    "0x80001f88801122334455",
                    &to,
                    "11",
                    ".1.3.6.1.6.3.1.1.5.1",
                ],
            ]
            .concat(),
        ),
        (
            "snmptrap",
            [
                &bob[..],
                &[
                    "-e",
                    "0x8000000001020304",
                    &to,
                    "12",
                    ".1.3.6.1.6.3.1.1.5.3",
                ],
            ]
            .concat(),
        ),
        (
            "snmpinform",
            [
                &alice[..],
                &["-t", "2", "-r", "1", &to, "13", ".1.3.6.1.6.3.1.1.5.2"],
            ]
            .concat(),
        ),
        // bob is bound to one engine: traps from another engine are refused...
        (
            "snmptrap",
            [
                &bob[..],
                &[
                    "-e",
                    "0x80001f88801122334455",
                    &to,
                    "14",
                    ".1.3.6.1.6.3.1.1.5.4",
                ],
            ]
            .concat(),
        ),
    ];
    for (tool, args) in &runs {
        let Some(o) = netsnmp::run_tool(tool, args) else {
            let _ = child.kill();
            let _ = child.wait();
            return;
        };
        assert!(
            o.status.success(),
            "{tool} {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    // ...so the fourth notification is a plain v2c trap.
    let o = netsnmp::run_tool(
        "snmptrap",
        &["-v2c", "-c", "public", &to, "15", ".1.3.6.1.6.3.1.1.5.5"],
    )
    .unwrap();
    assert!(o.status.success());
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("user \"alice\" (authPriv) context \"\""),
        "{text}"
    );
    assert!(
        text.contains("TRAP from 127.0.0.1:") && text.contains("user \"bob\" (authNoPriv)"),
        "{text}"
    );
    assert!(text.contains("INFORM from 127.0.0.1:"), "{text}");
    assert!(text.contains("Timeticks: (13) 0:00:00.13"), "{text}");
    assert!(
        !text.contains("Timeticks: (14)"),
        "bob's trap from another engine: {text}"
    );
    assert!(text.contains("Timeticks: (15)"), "{text}");
}

/// `wsnmp agent --user ...` for every pair: net-snmp's snmpget/snmpbulkwalk -v3 get the
/// recording back; wsnmp's own client also speaks the pairs net-snmp's build lacks (3DES,
/// AES-192-C, AES-256-C).
#[test]
fn net_snmp_v3_tools_against_wsnmp_agent() {
    let port = free_udp_port(false);
    let mut users: Vec<V3User> = v3_users();
    for a in netsnmp::NETSNMP_AUTH {
        for p in ["3DES", "AES-192-C", "AES-256-C"] {
            users.push(V3User {
                name: format!("{}-{}", a.to_ascii_lowercase(), p.to_ascii_lowercase()),
                auth: Some(a),
                privacy: Some(p),
            });
        }
    }
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wsnmp"));
    cmd.args([
        "agent",
        "--data",
        super::WALK,
        "--listen",
        &format!("127.0.0.1:{port}"),
    ]);
    cmd.args(["--engine-id", "80001f8880c0ffee99"]);
    for u in &users {
        let mut spec = u.name.clone();
        if let Some(a) = u.auth {
            spec += &format!(" {a} {}", netsnmp::AUTH_PASS);
            if let Some(p) = u.privacy {
                spec += &format!(" {p} {}", netsnmp::PRIV_PASS);
            }
        }
        cmd.args(["--user", &spec]);
    }
    let _child = Reaped(
        cmd.stdin(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let t = format!("127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(10);
    while UdpSocket::bind(("127.0.0.1", port)).is_ok() {
        assert!(Instant::now() < deadline, "agent did not bind");
        std::thread::sleep(Duration::from_millis(20));
    }
    let recording: Vec<String> = stable(&std::fs::read_to_string(super::WALK).unwrap())
        .into_iter()
        .filter(|l| l.starts_with(".1.3.6.1.2.1.2."))
        .collect();
    let mut by_net_snmp = 0;
    for u in &users {
        let a = u.netsnmp_args();
        let net_snmp_speaks = u.privacy.is_none_or(|p| netsnmp::NETSNMP_PRIV.contains(&p));
        if net_snmp_speaks {
            let Some(o) = netsnmp::run_tool(
                "snmpbulkwalk",
                &with(&a, &["-On", "-Cr20", &t, ".1.3.6.1.2.1.2"]),
            ) else {
                return;
            };
            assert_lines(&stable(&text(&o)), &recording);
            let o = netsnmp::run_tool("snmpget", &with(&a, &["-On", &t, ".1.3.6.1.2.1.1.5.0"]))
                .unwrap();
            assert!(
                text(&o).starts_with(".1.3.6.1.2.1.1.5.0 = STRING: "),
                "{}",
                u.name
            );
            by_net_snmp += 1;
        }
        let mut args = vec!["bulkwalk", "-Cr20"];
        args.extend(with(&a, &[&t, ".1.3.6.1.2.1.2"]));
        assert_lines(&stable(&text(&wsnmp(&args))), &recording);
    }
    assert_eq!(by_net_snmp, 31);
    // Refusals come back as net-snmp words from either side.
    let bad = [
        "-v3",
        "-u",
        "sha-aes",
        "-l",
        "authPriv",
        "-a",
        "SHA",
        "-A",
        "wrongpass1",
        "-x",
        "AES",
        "-X",
        "privpass123",
        "-t",
        "1",
        "-r",
        "0",
    ];
    let o = netsnmp::run_tool(
        "snmpget",
        &with(
            &bad.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>(),
            &[&t, ".1.3.6.1.2.1.1.5.0"],
        ),
    )
    .unwrap();
    assert!(String::from_utf8_lossy(&o.stderr).contains("Authentication failure"));
    let mut args = vec!["get"];
    args.extend(bad);
    args.extend([t.as_str(), ".1.3.6.1.2.1.1.5.0"]);
    fails(&args, 5, "Authentication failure");
}

/// A child process killed and reaped when dropped (also when a test panics).
struct Reaped(std::process::Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
