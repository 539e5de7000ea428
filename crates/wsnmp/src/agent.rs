//! `wsnmp agent`: serve a recording over UDP with the embedded agent.

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;

use winsnmp::agent::{
    Agent, AgentConfig, AgentServer, LoadOptions, Recording, RunningAgent, synthetic_rows,
};

use crate::client::Failure;

/// The recording served when `--data` is not given: a Linux host made by this project
/// (see `crates/wsnmp/data/README.md`).
pub(crate) const BUNDLED: &[u8] = include_bytes!("../data/linux-host.snmprec");

/// Options of `wsnmp agent`.
#[derive(clap::Args, Debug)]
pub(crate) struct AgentArgs {
    // The help text is an attribute, not a doc comment, so rustdoc does not read the
    // brackets of `[IPV6]` as a link.
    #[arg(
        long,
        default_value = "127.0.0.1:1161",
        help = "Address to answer on, as ADDR:PORT, [IPV6]:PORT, udp:ADDR:PORT or \
                udp6:[IPV6]:PORT; may be repeated (e.g. once for IPv4 and once for IPv6)"
    )]
    listen: Vec<String>,
    /// Listen on N consecutive ports from each --listen address (PORT, PORT+1, … PORT+N-1),
    /// e.g. thousands of agents for manager load tests.
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u16).range(1..))]
    listen_ports: u16,
    /// Recording to serve: snmpsim `.snmprec` or net-snmp `snmpwalk -On` output. Without it,
    /// the bundled Linux host recording is served.
    #[arg(long)]
    data: Option<PathBuf>,
    /// Read community.
    #[arg(long, default_value = "public")]
    community: String,
    /// Write community (may also read).
    #[arg(long, default_value = "private")]
    write_community: String,
    /// Add a generated table of N rows (4 columns) under 1.3.6.1.4.1.8072.9999.9999, for
    /// benchmarks.
    #[arg(long, value_name = "N", default_value_t = 0)]
    synthetic_rows: u32,
    /// Skip snmpsim variation-module lines (with one warning) instead of refusing the file.
    #[arg(long)]
    skip_variations: bool,
    /// An SNMPv3 user, in net-snmp's createUser words: "NAME [AUTH AUTHPASS [PRIV
    /// PRIVPASS]]" (repeatable). A user with an authentication key may ask at authNoPriv or
    /// above; every user may read and SET.
    #[arg(long = "user", value_name = "CREATEUSER", allow_hyphen_values = true)]
    users: Vec<String>,
    /// The agent's SNMPv3 engine ID in hex (default: generated, stable while it runs).
    #[arg(long = "engine-id", value_name = "HEX")]
    engine_id: Option<String>,
    /// snmpEngineBoots: raise it when restarting with the same --engine-id, so managers
    /// re-synchronise their clocks at once.
    #[arg(long = "engine-boots", value_name = "N", default_value_t = 1)]
    engine_boots: u32,
    /// Most repeated bindings in a GETBULK answer: with R repeating names, at most N / R
    /// repetitions (net-snmp's maxGetbulkResponses; non-repeaters come on top).
    #[arg(long, value_name = "N", default_value_t = 100)]
    max_varbinds: u32,
    /// Largest response in octets (484 to 65507): longer GETBULK answers are trimmed to
    /// whole repetitions, other answers that do not fit are tooBig.
    #[arg(
        long,
        value_name = "OCTETS",
        default_value_t = 65507,
        value_parser = clap::value_parser!(u32).range(484..=65507)
    )]
    max_response_size: u32,
    /// Most bindings a request may carry; a longer one is answered tooBig.
    #[arg(long, value_name = "N", default_value_t = 2048)]
    max_request_varbinds: usize,
}

/// Parses a listen address or target: `HOST:PORT`, `[V6]:PORT`, with an optional `udp:` or
/// `udp6:` prefix; `default_port` applies when no port is given.
pub(crate) fn parse_endpoint(s: &str, default_port: u16) -> Result<SocketAddr, String> {
    let (rest, want_v6) = if let Some(r) = s.strip_prefix("udp6:") {
        (r, Some(true))
    } else if let Some(r) = s.strip_prefix("udp:") {
        (r, Some(false))
    } else {
        (s, None)
    };
    let with_port = if rest.parse::<SocketAddr>().is_ok() {
        rest.to_owned()
    } else if rest
        .parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_ipv6())
    {
        format!("[{rest}]:{default_port}")
    } else if rest.starts_with('[') && rest.ends_with(']') {
        format!("{rest}:{default_port}")
    } else if rest.contains(':') {
        rest.to_owned()
    } else {
        format!("{rest}:{default_port}")
    };
    let addrs: Vec<SocketAddr> = with_port
        .to_socket_addrs()
        .map_err(|e| format!("bad address {s:?}: {e}"))?
        .collect();
    addrs
        .iter()
        .find(|a| want_v6.is_none_or(|v6| a.is_ipv6() == v6))
        .copied()
        .ok_or_else(|| format!("bad address {s:?}: no matching address"))
}

/// Each address followed by the `n - 1` next ports (`--listen-ports`).
fn consecutive_ports(addrs: &[SocketAddr], n: u16) -> Result<Vec<SocketAddr>, String> {
    let mut out = Vec::with_capacity(addrs.len() * usize::from(n));
    for a in addrs {
        if n > 1 && a.port() == 0 {
            return Err(format!("--listen-ports {n} needs a port in {a}, not 0"));
        }
        if u32::from(a.port()) + u32::from(n) - 1 > u32::from(u16::MAX) {
            return Err(format!("--listen-ports {n} from {a} goes past port 65535"));
        }
        out.extend((0..n).map(|i| SocketAddr::new(a.ip(), a.port() + i)));
    }
    Ok(out)
}

pub(crate) fn run(args: &AgentArgs) -> Result<(), Failure> {
    let addrs = args
        .listen
        .iter()
        .map(|l| parse_endpoint(l, 161))
        .collect::<Result<Vec<_>, _>>()
        .and_then(|a| consecutive_ports(&a, args.listen_ports))
        .map_err(Failure::Usage)?;
    let running = start(args, &addrs)?;
    let mut shown: Vec<String> = running
        .local_addrs()
        .iter()
        .map(ToString::to_string)
        .collect();
    if shown.len() > 4 {
        let n = shown.len();
        shown.splice(2..n - 1, [format!("… ({n} addresses)")]);
    }
    eprintln!(
        "wsnmp agent: serving {} objects on {} (read community {:?}, write community {:?}, \
         SNMPv3 engine ID {}, {} user{}); Ctrl-C stops",
        running.objects(),
        shown.join(" and "),
        args.community,
        args.write_community,
        running
            .engine_id()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>(),
        args.users.len(),
        if args.users.len() == 1 { "" } else { "s" }
    );
    running.wait();
    Ok(())
}

/// Loads the recording and starts serving it on `addrs`.
pub(crate) fn start(args: &AgentArgs, addrs: &[SocketAddr]) -> Result<RunningAgent, Failure> {
    let options = LoadOptions::new().skip_variations(args.skip_variations);
    let recording = match &args.data {
        Some(path) => Recording::load(path, &options),
        None => Recording::parse("linux-host.snmprec", BUNDLED, &options),
    }
    .map_err(|e| Failure::Other(e.to_string()))?;
    for w in recording.warnings() {
        eprintln!("wsnmp agent: warning: {w}");
    }
    let mut store = recording.into_store();
    if args.synthetic_rows > 0 {
        store.extend(synthetic_rows(args.synthetic_rows));
    }
    let mut config = AgentConfig::new()
        .read_community(args.community.as_bytes().to_vec())
        .write_community(args.write_community.as_bytes().to_vec())
        .max_varbinds(args.max_varbinds)
        .max_request_varbinds(args.max_request_varbinds)
        .max_message_size(args.max_response_size as usize);
    if args.engine_boots == 0 || args.engine_boots > i32::MAX as u32 {
        return Err(Failure::Usage(format!(
            "bad --engine-boots {} (1 to 2147483647)",
            args.engine_boots
        )));
    }
    let engine_id = args
        .engine_id
        .as_deref()
        .map(crate::usm::parse_engine_id)
        .transpose()?;
    config = config.engine(engine_id, args.engine_boots);
    for u in &args.users {
        let (user, engine) = crate::usm::parse_create_user(u)?;
        if engine.is_some() {
            return Err(Failure::Usage(format!(
                "user {u:?}: -e is for trap receivers; the agent's users belong to its own engine"
            )));
        }
        config = config.user(user);
    }
    let shown: Vec<String> = addrs.iter().map(ToString::to_string).collect();
    let server = AgentServer::bind(addrs, Agent::new(store, config))
        .map_err(|e| Failure::Other(format!("cannot listen on {}: {e}", shown.join(", "))))?;
    server.spawn().map_err(|e| Failure::Other(e.to_string()))
}

impl AgentArgs {
    /// The defaults: the bundled recording, communities `public`/`private`.
    pub(crate) fn bundled() -> Self {
        Self {
            listen: Vec::new(),
            listen_ports: 1,
            data: None,
            community: "public".to_owned(),
            write_community: "private".to_owned(),
            synthetic_rows: 0,
            skip_variations: false,
            users: Vec::new(),
            engine_id: None,
            engine_boots: 1,
            max_varbinds: 100,
            max_response_size: 65507,
            max_request_varbinds: 2048,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints() {
        let p = |s| parse_endpoint(s, 161).unwrap().to_string();
        assert_eq!(p("127.0.0.1"), "127.0.0.1:161");
        assert_eq!(p("127.0.0.1:1161"), "127.0.0.1:1161");
        assert_eq!(p("udp:127.0.0.1:9"), "127.0.0.1:9");
        assert_eq!(p("[::1]:1161"), "[::1]:1161");
        assert_eq!(p("udp6:[::1]:1161"), "[::1]:1161");
        assert_eq!(p("::1"), "[::1]:161");
        assert_eq!(p("udp6:[::1]"), "[::1]:161");
        assert!(parse_endpoint("udp6:127.0.0.1:5", 161).is_err());
        assert!(parse_endpoint("no such host.invalid:5", 161).is_err());
    }

    #[test]
    fn listen_ports_are_consecutive() {
        let a: Vec<SocketAddr> = vec![
            "127.0.0.1:20000".parse().unwrap(),
            "[::1]:30000".parse().unwrap(),
        ];
        let all = consecutive_ports(&a, 3).unwrap();
        let shown: Vec<String> = all.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "127.0.0.1:20000",
                "127.0.0.1:20001",
                "127.0.0.1:20002",
                "[::1]:30000",
                "[::1]:30001",
                "[::1]:30002"
            ]
        );
        assert_eq!(consecutive_ports(&a[..1], 1).unwrap(), a[..1]);
        assert!(consecutive_ports(&["127.0.0.1:65535".parse().unwrap()], 2).is_err());
        assert!(consecutive_ports(&["127.0.0.1:65534".parse().unwrap()], 2).is_ok());
        assert!(consecutive_ports(&["127.0.0.1:0".parse().unwrap()], 2).is_err());
    }

    /// `--listen-ports` through the command line: an agent on three consecutive ports, each
    /// of which answers.
    #[test]
    fn agent_answers_on_consecutive_ports() {
        use clap::Parser as _;
        #[derive(clap::Parser)]
        struct Cli {
            #[command(flatten)]
            agent: AgentArgs,
        }
        let base = winsnmp_testkit::netsnmp::free_udp_port(false);
        let cli = Cli::try_parse_from([
            "agent",
            "--listen",
            &format!("127.0.0.1:{base}"),
            "--listen-ports",
            "3",
        ])
        .unwrap();
        let addrs = consecutive_ports(
            &[parse_endpoint(&cli.agent.listen[0], 161).unwrap()],
            cli.agent.listen_ports,
        )
        .unwrap();
        // A neighbouring port may be taken: that is a bind error, not a test failure.
        let Ok(running) = start(&cli.agent, &addrs) else {
            eprintln!("ports {base}..{} not all free; skipped", base + 2);
            return;
        };
        assert_eq!(running.local_addrs().len(), 3);
        let get = [
            0x30, 0x26, 0x02, 0x01, 0x01, 0x04, 0x06, b'p', b'u', b'b', b'l', b'i', b'c', 0xa0,
            0x19, 0x02, 0x01, 0x07, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x0e, 0x30, 0x0c,
            0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x03, 0x00, 0x05, 0x00,
        ];
        let sock = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        sock.set_read_timeout(Some(std::time::Duration::from_secs(5)))
            .unwrap();
        for (i, a) in running.local_addrs().iter().enumerate() {
            assert_eq!(a.port(), base + i as u16);
            sock.send_to(&get, a).unwrap();
            let mut buf = [0u8; 512];
            let (n, from) = sock.recv_from(&mut buf).unwrap();
            assert_eq!(from, *a);
            assert_eq!(buf[13], 0xa2, "a Response: {:02x?}", &buf[..n]);
        }
    }

    #[test]
    fn bundled_recording_loads() {
        let r = Recording::parse("b", BUNDLED, &LoadOptions::new()).unwrap();
        assert!(r.len() > 1000);
    }
}
