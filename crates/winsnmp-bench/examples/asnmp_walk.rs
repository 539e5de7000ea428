//! Issue 16 (a): a GETBULK walk with the `async-snmp` crate (0.18) — the manager beside
//! `wsnmp bulkwalk`, winsnmp's `examples/walk.rs` and net-snmp's `snmpbulkwalk` in
//! `scripts/bench-manager.py`, which measures its CPU per walked binding (getrusage of the
//! child).
//!
//! One client (`Client::builder(target, Auth::v2c("public")).connect()`, its own UDP socket),
//! `bulk_walk(root, max_repetitions)` as a stream on a current-thread runtime; each binding
//! is printed as `OID = value` (async-snmp's `Display`; one line per binding, buffered), or
//! only counted with `--count`. The count goes to stderr.
//!
//! ```text
//! cargo build --release -p winsnmp-bench --example asnmp_walk
//! target/release/examples/asnmp_walk 127.0.0.1:1161 1.3.6.1.4.1.8072.9999.9999 [-Cr50] [--count]
//! ```

use std::io::Write as _;
use std::time::Duration;

use async_snmp::{Auth, Client, Oid};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let target = args.first().map_or("127.0.0.1:161", String::as_str);
    let root = Oid::parse(args.get(1).map_or("1.3.6.1.2.1", String::as_str))?;
    let reps = args
        .iter()
        .find_map(|a| a.strip_prefix("-Cr"))
        .and_then(|r| r.parse().ok())
        .unwrap_or(10);
    let count_only = args.iter().any(|a| a == "--count");
    let client = Client::builder(target, Auth::v2c("public"))
        .request_timeout(Duration::from_secs(1))
        .connect()
        .await?;
    let mut walk = client.bulk_walk(root, reps)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut rows = 0u64;
    while let Some(vb) = walk.next().await {
        let vb = vb?;
        if !count_only {
            writeln!(out, "{vb}")?;
        }
        rows += 1;
    }
    out.flush()?;
    eprintln!("{rows} objects");
    Ok(())
}
