//! Walks a subtree with the async client (GETBULK: `Client::walk_each`, the bindings
//! borrowed from the datagrams, or with `--stream` the `Client::bulk_walk` stream of owned
//! bindings) and prints one line per binding: `.OID = Value` (the codec's `Debug`)
//! by default, net-snmp's `snmpbulkwalk -On` line with `-On` (the common types; enough for
//! the outputs to compare equal, as `scripts/bench-manager.py` checks on the synthetic
//! table), or nothing with `--count`. The count and the time go to stderr.
//!
//! ```text
//! cargo run --release -p winsnmp --example walk -- 127.0.0.1:1161 1.3.6.1.2.1.2 [-Cr25] [-On] [--count] [--stream]
//! ```

use std::io::Write as _;
use std::time::Instant;

use futures_util::StreamExt;
use winsnmp::client::{Client, Error, WalkMode, WalkStop, ticks_text};
use winsnmp::wire::Value;

const END_OF_MIB: &str =
    "No more variables left in this MIB View (It is past the end of the MIB tree)";

/// `vb` as `snmpbulkwalk -On` prints it (common types; long hex strings are not wrapped).
fn netsnmp_line(
    out: &mut impl std::io::Write,
    vb: &winsnmp::wire::VarBind<'_>,
) -> std::io::Result<()> {
    write!(out, ".{} = ", vb.name)?;
    let hex = |out: &mut dyn std::io::Write, b: &[u8]| -> std::io::Result<()> {
        b.iter().try_for_each(|x| write!(out, "{x:02X} "))
    };
    match &vb.value {
        Value::Integer(i) => writeln!(out, "INTEGER: {i}"),
        Value::OctetString([]) => writeln!(out, "\"\""),
        Value::OctetString(b)
            if b.iter()
                .all(|&c| c.is_ascii_graphic() || c.is_ascii_whitespace()) =>
        {
            out.write_all(b"STRING: \"")?;
            out.write_all(b)?;
            out.write_all(b"\"\n")
        }
        Value::OctetString(b) => {
            out.write_all(b"Hex-STRING: ")?;
            hex(out, b)?;
            writeln!(out)
        }
        Value::Null => writeln!(out, "NULL"),
        Value::ObjectIdentifier(o) => writeln!(out, "OID: .{o}"),
        Value::IpAddress(a) => writeln!(out, "IpAddress: {}.{}.{}.{}", a[0], a[1], a[2], a[3]),
        Value::Counter32(c) => writeln!(out, "Counter32: {c}"),
        Value::Gauge32(g) => writeln!(out, "Gauge32: {g}"),
        Value::TimeTicks(t) => writeln!(out, "Timeticks: ({t}) {}", ticks_text(*t)),
        Value::Counter64(c) => writeln!(out, "Counter64: {c}"),
        Value::Opaque(b) | Value::NsapAddress(b) => {
            out.write_all(b"OPAQUE: ")?;
            hex(out, b)?;
            writeln!(out)
        }
        Value::NoSuchObject => writeln!(out, "No Such Object available on this agent at this OID"),
        Value::NoSuchInstance => {
            writeln!(out, "No Such Instance currently exists at this OID")
        }
        Value::EndOfMibView => writeln!(out, "{END_OF_MIB}"),
        _ => writeln!(out, "(unknown type)"),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let target = args
        .first()
        .cloned()
        .unwrap_or_else(|| "127.0.0.1:161".into());
    let root = args.get(1).map_or("1.3.6.1.2.1", String::as_str).parse()?;
    let reps = args
        .iter()
        .find_map(|a| a.strip_prefix("-Cr"))
        .and_then(|r| r.parse().ok())
        .unwrap_or(10);
    let count_only = args.iter().any(|a| a == "--count");
    let netsnmp = args.iter().any(|a| a == "-On");
    let client = Client::builder(target)
        .max_repetitions(reps)
        .build()
        .await?;
    let started = Instant::now();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    if args.iter().any(|a| a == "--stream") {
        // Owned bindings (no closing endOfMibView line: the stream does not say why it ended).
        let mut rows = 0u64;
        let mut walk = client.bulk_walk(&root);
        while let Some(vb) = walk.next().await {
            let vb = vb?;
            if netsnmp && !count_only {
                netsnmp_line(&mut out, &vb.as_wire())?;
            } else if !count_only {
                writeln!(out, "{vb}")?;
            }
            rows += 1;
        }
        out.flush()?;
        let secs = started.elapsed().as_secs_f64();
        eprintln!("{rows} objects in {secs:.3} s (stream)");
        return Ok(());
    }
    let end = client
        .walk_each(&root, WalkMode::GetBulk, |vb| {
            // The binding is borrowed from the datagram: printed with no copy.
            if netsnmp && !count_only {
                let _ = netsnmp_line(&mut out, vb);
            } else if !count_only {
                let _ = writeln!(out, ".{} = {:?}", vb.name, vb.value);
            }
            Ok(())
        })
        .await?;
    // As snmpbulkwalk, say so when the walk ran off the end of the agent's MIB.
    if let (true, false, WalkStop::EndOfMibView(last)) = (netsnmp, count_only, &end.stop) {
        writeln!(out, ".{last} = {END_OF_MIB}")?;
    }
    out.flush()?;
    eprintln!(
        "{} objects in {:.3} s ({:?})",
        end.rows,
        started.elapsed().as_secs_f64(),
        end.stop
    );
    Ok(())
}
