//! `wsnmp`: the winsnmp command-line tool.
//!
//! Exit codes: 0 success, 1 the operation failed (the one-line reason is on stderr),
//! 2 bad command-line arguments.
#![forbid(unsafe_code)]

mod agent;
mod format;

use std::io::Read as _;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use winsnmp_wire::{Body, Message, Quirks, Version};

#[derive(Parser)]
#[command(
    name = "wsnmp",
    version,
    about = "SNMP command-line tool built on winsnmp"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Decode one SNMP v1/v2c message and print it as net-snmp would (`-On`).
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
    /// Serve a recording (snmpsim `.snmprec` or `snmpwalk -On` output) as an SNMP v1/v2c
    /// agent: GET, GETNEXT, GETBULK and SET (in memory, with the write community).
    Agent(agent::AgentArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Agent(args) => match agent::run(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("wsnmp: agent: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Decode { hex, lenient } => match decode(&hex, lenient) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("wsnmp: decode: {e}");
                ExitCode::FAILURE
            }
        },
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
    let msg = Message::decode_with(&bytes, quirks).map_err(|e| e.to_string())?;
    Ok(render(&msg))
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
        format::value(&winsnmp_wire::Value::OctetString(msg.community))
            .trim_start_matches("STRING: ")
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
                format::value(&winsnmp_wire::Value::TimeTicks(t.time_stamp))
            );
        }
    }
    for vb in msg.body.varbinds() {
        out += &format::varbind(vb);
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
    fn decodes_a_response() {
        let text = decode(&[RESPONSE.to_owned()], false).unwrap();
        assert_eq!(
            text,
            "version: 2c  community: \"public\"\n\
             pdu: Response  request-id: 7  error-status: 0  error-index: 0\n\
             .1.3.6.1.2.1.1.1.0 = STRING: \"Lnx\"\n"
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
