//! Issue 16 (c): memory per outstanding request in the async client, at 100,000 outstanding
//! (aim: under 640 bytes each).
//!
//! One client on a shared `Transport::udp()` sends N (default 100,000) `get`s of sysUpTime.0
//! to a loopback UDP socket that never answers (timeout 600 s, no retry), all in flight at
//! once in a `FuturesUnordered`; the resident set (`/proc/self/statm`) is read before the
//! first and after the last is sent, and the difference divided by N is printed, together
//! with the size of one `get` future (the caller's share: it lives in the
//! `FuturesUnordered`, inside a task node of its own). A warm-up of 1,000 requests, made and
//! dropped first, keeps the runtime's and allocator's first allocations out of the figure.
//!
//! ```text
//! cargo build --release -p winsnmp --example outstanding
//! target/release/examples/outstanding [N]
//! ```
//!
//! Prints `RESULT program=winsnmp_async_memory outstanding=N rss_kib=K bytes_per_request=B
//! future_bytes=F`.

use std::time::Duration;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use winsnmp::client::{Client, Error, Transport};

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|t| t.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let n: usize = std::env::args()
        .nth(1)
        .map_or(Ok(100_000), |a| a.parse())
        .map_err(|e| Error::Usage(format!("N: {e}")))?;
    // Never read: the requests land in its buffer (or are dropped by the kernel).
    let silent = std::net::UdpSocket::bind("127.0.0.1:0")?;
    let transport = Transport::udp()?;
    let client = Client::builder(silent.local_addr()?.to_string())
        .timeout(Duration::from_secs(600))
        .retries(0)
        .transport(&transport)
        .build()
        .await?;
    let oid = "1.3.6.1.2.1.1.3.0".parse()?;

    // Polls `futs` until `n` requests are outstanding (each is sent when first polled),
    // within 60 s.
    async fn open<F: Future>(futs: &mut FuturesUnordered<F>, t: &Transport, n: usize) {
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while t.outstanding() < n && std::time::Instant::now() < deadline {
            let _ = tokio::time::timeout(Duration::from_millis(1), futs.next()).await;
        }
    }

    let mut warm = FuturesUnordered::new();
    for _ in 0..1000 {
        warm.push(client.get(&oid));
    }
    open(&mut warm, &transport, 1000).await;
    drop(warm);

    let future_bytes = size_of_val(&client.get(&oid));
    let before = rss_kib();
    let mut futs = FuturesUnordered::new();
    for _ in 0..n {
        futs.push(client.get(&oid));
    }
    open(&mut futs, &transport, n).await;
    let after = rss_kib();
    let sent = transport.outstanding();
    let stats = transport.stats();
    if sent < n {
        return Err(Error::Usage(format!(
            "only {sent} of {n} requests went out"
        )));
    }
    println!(
        "RESULT program=winsnmp_async_memory outstanding={n} rss_kib={} bytes_per_request={:.0} \
         future_bytes={future_bytes} transmissions={}",
        after.saturating_sub(before),
        (after.saturating_sub(before) * 1024) as f64 / n as f64,
        stats.transmissions
    );
    Ok(())
}
