//! `wsnmp --stats` and `WINSNMP_LOG` end to end, against `wsnmp agent` on loopback.
//! (A file of its own, apart from `cli.rs`.)

use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use winsnmp_testkit::netsnmp::{self, free_udp_port};

const WALK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/linux-host.walk");
const COMMUNITY: &str = "st4ts-Secret";

/// `wsnmp agent` on 127.0.0.1 with a community of its own, killed on drop.
struct Agent(Child, String);

impl Drop for Agent {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn agent() -> Agent {
    let port = free_udp_port(false);
    let child = Command::new(env!("CARGO_BIN_EXE_wsnmp"))
        .args(["agent", "--data", WALK, "--community", COMMUNITY])
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let agent = Agent(child, format!("127.0.0.1:{port}"));
    let deadline = Instant::now() + Duration::from_secs(10);
    let oid = "1.3.6.1.2.1.1.1.0".parse().unwrap();
    while netsnmp::get(
        agent.1.parse().unwrap(),
        COMMUNITY,
        &oid,
        Duration::from_millis(100),
    )
    .is_none()
    {
        assert!(Instant::now() < deadline, "agent did not start");
    }
    agent
}

fn wsnmp(args: &[&str], envs: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wsnmp"))
        .args(args)
        .env_remove("WINSNMP_LOG")
        .env_remove("RUST_LOG")
        .envs(envs.iter().copied())
        .output()
        .expect("run wsnmp")
}

/// The value of counter `name` in `--stats` output.
fn counter(stderr: &str, name: &str) -> u64 {
    stderr
        .lines()
        .find_map(|l| {
            let mut w = l.split_whitespace();
            (w.next() == Some(name)).then(|| w.next()?.parse().ok())?
        })
        .unwrap_or_else(|| panic!("no {name} in:\n{stderr}"))
}

#[test]
fn stats_follow_the_command_on_stderr() {
    let a = agent();
    let out = wsnmp(
        &[
            "--stats",
            "get",
            "-On",
            "-c",
            COMMUNITY,
            &a.1,
            "1.3.6.1.2.1.1.5.0",
        ],
        &[],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains(".1.3.6.1.2.1.1.5.0"), "{stdout}");
    assert!(
        !stdout.contains("stats"),
        "the counters go to stderr:\n{stdout}"
    );
    assert!(stderr.starts_with("wsnmp: stats:\n"), "{stderr}");
    assert_eq!(counter(&stderr, "datagrams_out"), 1);
    assert_eq!(counter(&stderr, "datagrams_in"), 1);
    assert_eq!(counter(&stderr, "responses"), 1);
    assert!(counter(&stderr, "bytes_in") > counter(&stderr, "bytes_out"));
    assert_eq!(counter(&stderr, "dropped_total"), 0);

    // A silent peer: the flag also works after the subcommand; one retransmission, one
    // timeout, then the usual error line.
    let dead = format!("127.0.0.1:{}", free_udp_port(false));
    let out = wsnmp(
        &[
            "get",
            "--stats",
            "-t",
            "0.2",
            "-r",
            "1",
            &dead,
            "1.3.6.1.2.1.1.5.0",
        ],
        &[],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(counter(&stderr, "datagrams_out"), 2);
    assert_eq!(counter(&stderr, "retransmissions"), 1);
    assert_eq!(counter(&stderr, "timeouts"), 1);
    assert!(
        stderr.lines().last().unwrap().starts_with("wsnmp: get: "),
        "{stderr}"
    );

    // Without the flag: no counters.
    let out = wsnmp(&["get", "-c", COMMUNITY, &a.1, "1.3.6.1.2.1.1.5.0"], &[]);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn winsnmp_log_traces_without_the_community() {
    let a = agent();
    let args = ["walk", "-c", COMMUNITY, &a.1, "1.3.6.1.2.1.1"];
    for envs in [
        [("WINSNMP_LOG", "trace")],
        [("RUST_LOG", "winsnmp_engine=trace")],
    ] {
        let out = wsnmp(&args, &envs);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        for want in [
            "message sent",
            "datagram out",
            "datagram in",
            "response matched",
        ] {
            assert!(
                stderr.contains(want),
                "{envs:?}: {want:?} missing:\n{stderr}"
            );
        }
        assert!(
            !stderr.contains(COMMUNITY),
            "{envs:?}: community in the log"
        );
    }
    let out = wsnmp(&args, &[("WINSNMP_LOG", "leaks")]);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "nothing leaks, nothing traced"
    );
}
