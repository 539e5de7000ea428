//! Walks a subtree with the async client and prints it as net-snmp does (`-On`), or just
//! counts it with `--count`.
//!
//! ```text
//! cargo run --release -p winsnmp --example walk -- 127.0.0.1:1161 1.3.6.1.2.1.2 [-Cr25] [--count]
//! ```

use std::io::Write as _;
use std::time::Instant;

use winsnmp::client::{Client, Error, WalkMode};

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
    let client = Client::builder(target)
        .max_repetitions(reps)
        .build()
        .await?;
    let started = Instant::now();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let end = client
        .walk_each(&root, WalkMode::GetBulk, |vb| {
            if !count_only {
                // The binding is borrowed from the datagram: printed with no copy.
                let _ = writeln!(out, ".{} = {:?}", vb.name, vb.value);
            }
            Ok(())
        })
        .await?;
    out.flush()?;
    eprintln!(
        "{} objects in {:.3} s ({:?})",
        end.rows,
        started.elapsed().as_secs_f64(),
        end.stop
    );
    Ok(())
}
