//! `wsnmp`: the winsnmp command-line tool.
//!
//! Every failure prints one line on stderr, `wsnmp: COMMAND: what failed`, and exits with:
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | no response (timeout; also what a wrong community looks like) |
//! | 2 | bad command line: usage, OID, value, address, option |
//! | 3 | the agent answered with an error-status (or a walk found no increasing OIDs) |
//! | 4 | anything else: unreachable, port in use, unreadable or malformed recording, decode error |
//! | 5 | SNMPv3: the agent refused the request (wrong password, unknown user, unsupported level, unknown engine ID, time window, decryption) |
#![forbid(unsafe_code)]

mod agent;
mod args;
mod client;
mod demo;
mod dump;
mod format;
mod mibs;
mod print;
mod setval;
mod stats;
mod table;
mod translate;
mod usm;
mod walk;

use std::io::Read as _;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use format::OutputOpts;
use winsnmp::engine::SmiValue;
use winsnmp_wire::{Body, Message, Quirks, Version};

#[derive(Parser)]
#[command(
    name = "wsnmp",
    version,
    about = "SNMP command-line tool built on winsnmp"
)]
struct Cli {
    /// After the command, print the runtime's communications counters on stderr
    /// (datagrams and bytes in and out, retransmissions, timeouts, drops by reason).
    #[arg(long, global = true)]
    stats: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// GET: `wsnmp get [OPTIONS] TARGET OID...`
    Get {
        #[command(flatten)]
        common: client::Common,
        #[command(flatten)]
        fix: client::FixOpts,
        /// Agent: HOST, HOST:PORT, udp:HOST:PORT or udp6:HOST:PORT (an IPv6 address in brackets).
        target: String,
        /// Object instances.
        #[arg(required = true)]
        oids: Vec<String>,
    },
    /// GETNEXT: `wsnmp getnext [OPTIONS] TARGET OID...`
    Getnext {
        #[command(flatten)]
        common: client::Common,
        #[command(flatten)]
        fix: client::FixOpts,
        /// Agent address.
        target: String,
        /// Objects.
        #[arg(required = true)]
        oids: Vec<String>,
    },
    /// GETBULK: `wsnmp bulkget [-Cn N] [-Cr N] TARGET OID...`
    Bulkget {
        #[command(flatten)]
        common: client::Common,
        #[command(flatten)]
        bulk: client::BulkOpts,
        /// Agent address.
        target: String,
        /// Objects (the first N are non-repeaters).
        #[arg(required = true)]
        oids: Vec<String>,
    },
    /// Walk a subtree with GETNEXT (default: mib-2; `.1` or `iso` for everything).
    Walk {
        #[command(flatten)]
        common: client::Common,
        #[command(flatten)]
        copts: walk::WalkCOpts,
        /// Agent address.
        target: String,
        /// Root of the subtree.
        oid: Option<String>,
    },
    /// Walk a subtree with GETBULK (default: mib-2; `.1` or `iso` for everything).
    Bulkwalk {
        #[command(flatten)]
        common: client::Common,
        #[command(flatten)]
        copts: walk::WalkCOpts,
        /// Agent address.
        target: String,
        /// Root of the subtree.
        oid: Option<String>,
    },
    /// SET: `wsnmp set TARGET OID TYPE VALUE [OID TYPE VALUE]...` (types i u t a o s x d n
    /// c C b, as snmpset).
    Set {
        #[command(flatten)]
        common: client::Common,
        /// Agent address.
        target: String,
        /// OID TYPE VALUE triples.
        #[arg(required = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Show a conceptual table (e.g. ifTable, .1.3.6.1.2.1.2.2) as net-snmp's snmptable
    /// lays it out.
    Table {
        #[command(flatten)]
        common: client::Common,
        #[command(flatten)]
        copts: table::TableCOpts,
        /// Agent address.
        target: String,
        /// The table's OID (the object above its entry).
        oid: String,
    },
    /// Send a trap. v2c: TARGET UPTIME TRAP-OID [OID TYPE VALUE]...; v1: TARGET ENTERPRISE
    /// AGENT GENERIC SPECIFIC UPTIME [OID TYPE VALUE]... (an empty UPTIME means now).
    Trap {
        #[command(flatten)]
        common: client::Common,
        /// Manager address (default port 162).
        target: String,
        /// Trap arguments, as snmptrap takes them.
        #[arg(required = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Send an inform and wait for its acknowledgement: TARGET UPTIME TRAP-OID [OID TYPE
    /// VALUE]...
    Inform {
        #[command(flatten)]
        common: client::Common,
        /// Manager address (default port 162).
        target: String,
        /// Inform arguments, as snmpinform takes them.
        #[arg(required = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Receive traps and informs and print them.
    Trapd(client::TrapdArgs),
    /// Serve a recording (snmpsim `.snmprec` or `snmpwalk -On` output) as an SNMP v1/v2c
    /// agent: GET, GETNEXT, GETBULK and SET (in memory, with the write community).
    Agent(agent::AgentArgs),
    /// A short tour: starts the embedded agent on a free loopback port and shows get, walk,
    /// table and set through the client, and a trap round trip through the WinSNMP session
    /// API.
    Demo,
    /// Translate names to OIDs and back, as snmptranslate (-On -Of -Os -OS, -Td details,
    /// -Tp tree, -IR).
    Translate(translate::TranslateArgs),
    /// Decode one SNMP message (v1, v2c, or v3: header, USM parameters and, unless
    /// encrypted, the scoped PDU) and print it as net-snmp would (`-On`).
    ///
    /// The message is given as hex digits (spaces allowed) or, with `-`, read raw from
    /// standard input.
    Decode {
        /// Hex digits of the message, or `-` to read the raw bytes from standard input.
        #[arg(required = true)]
        hex: Vec<String>,
        /// Tolerate the known agent quirks instead of decoding strictly.
        #[arg(long)]
        lenient: bool,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse_from(args::normalize(std::env::args().collect())) {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("wsnmp: {}", one_line(&e.to_string()));
            return ExitCode::from(2);
        }
    };
    stats::init_tracing();
    let show_stats = cli.stats;
    let (name, result) = run(cli.command);
    if show_stats {
        stats::print();
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("wsnmp: {name}: {}", f.message());
            ExitCode::from(f.code())
        }
    }
}

/// clap's multi-line usage error as one line: `invalid value '3' for '-v <VERSION>'
/// [possible values: 1, 2c] (try --help)`.
fn one_line(rendered: &str) -> String {
    let parts: Vec<&str> = rendered
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("For more information"))
        .filter(|l| !l.starts_with("Usage:") && !l.starts_with("tip:"))
        .map(|l| l.strip_prefix("error: ").unwrap_or(l))
        .collect();
    format!("{} (try --help)", parts.join(" "))
}

fn run(command: Command) -> (&'static str, Result<(), client::Failure>) {
    use client::Failure;
    let mib_opts = match &command {
        Command::Get { common, .. }
        | Command::Getnext { common, .. }
        | Command::Bulkget { common, .. }
        | Command::Walk { common, .. }
        | Command::Bulkwalk { common, .. }
        | Command::Set { common, .. }
        | Command::Table { common, .. }
        | Command::Trap { common, .. }
        | Command::Inform { common, .. } => {
            if let Err(e) = common.unsupported.check() {
                return ("options", Err(Failure::Usage(e)));
            }
            Some(&common.mib)
        }
        Command::Trapd(a) => Some(&a.mib),
        Command::Translate(a) => Some(&a.mib),
        _ => None,
    };
    if let Some(m) = mib_opts
        && let Err(e) = m.init()
    {
        return ("options", Err(Failure::Usage(e)));
    }
    match command {
        Command::Translate(args) => ("translate", translate::run(&args)),
        Command::Get {
            common,
            fix,
            target,
            oids,
        } => ("get", client::get(&common, &fix, &target, &oids, false)),
        Command::Getnext {
            common,
            fix,
            target,
            oids,
        } => ("getnext", client::get(&common, &fix, &target, &oids, true)),
        Command::Bulkget {
            common,
            bulk,
            target,
            oids,
        } => ("bulkget", client::bulkget(&common, &bulk, &target, &oids)),
        Command::Walk {
            common,
            copts,
            target,
            oid,
        } => (
            "walk",
            walk::walk(&common, &copts, false, &target, oid.as_deref()),
        ),
        Command::Bulkwalk {
            common,
            copts,
            target,
            oid,
        } => (
            "bulkwalk",
            walk::walk(&common, &copts, true, &target, oid.as_deref()),
        ),
        Command::Set {
            common,
            target,
            args,
        } => ("set", client::set(&common, &target, &args)),
        Command::Table {
            common,
            copts,
            target,
            oid,
        } => ("table", table::table(&common, &copts, &target, &oid)),
        Command::Trap {
            common,
            target,
            args,
        } => ("trap", client::notify(&common, &target, &args, false)),
        Command::Inform {
            common,
            target,
            args,
        } => ("inform", client::notify(&common, &target, &args, true)),
        Command::Trapd(args) => ("trapd", client::trapd(&args)),
        Command::Agent(args) => ("agent", agent::run(&args)),
        Command::Demo => ("demo", demo::run()),
        Command::Decode { hex, lenient } => (
            "decode",
            decode(&hex, lenient)
                .map(|text| format::emit(text.trim_end_matches('\n')))
                .map_err(Failure::Other),
        ),
    }
}

fn decode(args: &[String], lenient: bool) -> Result<String, String> {
    let bytes = if args.len() == 1 && args[0] == "-" {
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .map_err(|e| format!("reading stdin: {e}"))?;
        b
    } else {
        parse_hex(&args.concat())?
    };
    let quirks = if lenient {
        Quirks::LENIENT
    } else {
        Quirks::STRICT
    };
    if winsnmp_wire::peek_version(&bytes) == Ok(Version::V3) {
        let msg =
            winsnmp_wire::MessageV3::decode_with(&bytes, quirks).map_err(|e| e.to_string())?;
        return render_v3(&msg, quirks);
    }
    let msg = Message::decode_with(&bytes, quirks).map_err(|e| e.to_string())?;
    Ok(render(&msg))
}

fn hex_octets(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// An SNMPv3 message: its header and USM parameters, and the scoped PDU when it is not
/// encrypted (decoding does not authenticate or decrypt: there are no keys here).
fn render_v3(msg: &winsnmp_wire::MessageV3<'_>, quirks: Quirks) -> Result<String, String> {
    let h = &msg.header;
    let level = h
        .flags
        .level()
        .map_or("invalid (privacy without authentication)", |l| l.name());
    let mut out = format!(
        "version: 3  msgID: {}  msgMaxSize: {}  flags: {level}{}  securityModel: {}\n",
        h.msg_id,
        h.max_size,
        if h.flags.reportable() {
            ", reportable"
        } else {
            ""
        },
        h.security_model
    );
    if h.security_model == winsnmp_wire::USM_SECURITY_MODEL {
        let p = winsnmp_wire::UsmParams::decode_with(msg.security_params, quirks)
            .map_err(|e| format!("USM security parameters: {e}"))?;
        out += &format!(
            "engine: {}  boots: {}  time: {}  user: {}  auth: {}  priv: {}\n",
            hex_octets(p.engine_id),
            p.engine_boots,
            p.engine_time,
            format::value(&SmiValue::Octets(p.user_name.to_vec()), true),
            hex_octets(p.auth_params),
            hex_octets(p.priv_params)
        );
    }
    match &msg.data {
        winsnmp_wire::ScopedPduData::Encrypted(c) => {
            out += &format!("encrypted scoped PDU: {} octets\n", c.len());
        }
        winsnmp_wire::ScopedPduData::Plaintext(sp) => {
            let p = &sp.pdu;
            out += &format!(
                "contextEngineID: {}  contextName: {}\n",
                hex_octets(sp.context_engine_id),
                format::value(&SmiValue::Octets(sp.context_name.to_vec()), true)
            );
            out += &format!(
                "pdu: {:?}  request-id: {}  error-status: {}  error-index: {}\n",
                p.pdu_type, p.request_id, p.error_status, p.error_index
            );
            for vb in &p.varbinds {
                let name: Vec<u32> = vb.name.arcs().collect();
                out += &format::varbind(
                    &name,
                    &SmiValue::from_wire(&vb.value),
                    OutputOpts::numeric(),
                );
                out.push('\n');
            }
        }
    }
    Ok(out)
}

fn parse_hex(s: &str) -> Result<Vec<u8>, String> {
    let digits: Vec<u8> = s
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b':')
        .collect();
    if !digits.len().is_multiple_of(2) {
        return Err("odd number of hex digits".to_owned());
    }
    digits
        .chunks(2)
        .map(|p| {
            let h = std::str::from_utf8(p).map_err(|_| "not hex".to_owned())?;
            u8::from_str_radix(h, 16).map_err(|_| format!("not a hex byte: {h:?}"))
        })
        .collect()
}

fn render(msg: &Message<'_>) -> String {
    let version = match msg.version {
        Version::V1 => "1",
        _ => "2c",
    };
    let mut out = format!(
        "version: {version}  community: {}\n",
        format::value(&SmiValue::Octets(msg.community.to_vec()), true)
    );
    match &msg.body {
        Body::Pdu(p) => {
            out += &format!(
                "pdu: {:?}  request-id: {}  error-status: {}  error-index: {}\n",
                p.pdu_type, p.request_id, p.error_status, p.error_index
            );
        }
        Body::TrapV1(t) => {
            let a = t.agent_addr;
            out += &format!(
                "pdu: TrapV1  enterprise: .{}  agent-addr: {}.{}.{}.{}  generic-trap: {:?}  \
                 specific-trap: {}  time-stamp: {}\n",
                t.enterprise,
                a[0],
                a[1],
                a[2],
                a[3],
                t.generic_trap,
                t.specific_trap,
                format::value(&SmiValue::TimeTicks(t.time_stamp), false)
            );
        }
    }
    for vb in msg.body.varbinds() {
        let name: Vec<u32> = vb.name.arcs().collect();
        out += &format::varbind(
            &name,
            &SmiValue::from_wire(&vb.value),
            OutputOpts::numeric(),
        );
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const RESPONSE: &str = "30290201010406 7075626c6963 \
        a21c 020107 020100 020100 3011 300f 06082b06010201010100 04034c6e78";

    #[test]
    fn usage_errors_fit_on_one_line() {
        let e = Cli::try_parse_from(["wsnmp", "get", "-v", "4", "h", "1.3.6"])
            .err()
            .unwrap();
        let line = one_line(&e.to_string());
        assert!(!line.contains('\n'), "{line}");
        assert!(
            line.starts_with("invalid value '4' for '-v <VERSION>'"),
            "{line}"
        );
        assert!(line.contains("possible values: 1, 2c, 3"), "{line}");
    }

    #[test]
    fn decodes_a_response() {
        let text = decode(&[RESPONSE.to_owned()], false).unwrap();
        assert_eq!(
            text,
            "version: 2c  community: \"public\"\n\
             pdu: Response  request-id: 7  error-status: 0  error-index: 0\n\
             .1.3.6.1.2.1.1.1.0 = STRING: Lnx\n"
        );
    }

    #[test]
    fn decodes_a_v3_discovery_probe() {
        let probe = "3039020103300f02021234020300ffe3040104020103041030\
            0e0400020100020100040004000400301104000400a00b020155020100020100 3000";
        let text = decode(&[probe.to_owned()], false).unwrap();
        assert_eq!(
            text,
            "version: 3  msgID: 4660  msgMaxSize: 65507  flags: noAuthNoPriv, reportable  \
             securityModel: 3\n\
             engine:   boots: 0  time: 0  user: \"\"  auth:   priv: \n\
             contextEngineID:   contextName: \"\"\n\
             pdu: Get  request-id: 85  error-status: 0  error-index: 0\n"
        );
    }

    #[test]
    fn reports_errors_with_offsets() {
        let err = decode(&["3003020101".to_owned()], false).unwrap_err();
        assert!(err.contains("at byte"), "{err}");
        assert!(
            decode(&["abc".to_owned()], false)
                .unwrap_err()
                .contains("odd")
        );
        assert!(
            decode(&["zz".to_owned()], false)
                .unwrap_err()
                .contains("not a hex")
        );
    }
}
