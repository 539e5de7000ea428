//! Issue 16 (b): GET round trips per second through the async client — the workload of
//! `benches/throughput/raw_sender.c`.
//!
//! N clients (`Client::builder(HOST:PORT)`, ports BASE .. BASE+N-1) share one
//! `Transport::udp()`; W `get`s of sysUpTime.0 are in flight at once in a
//! `FuturesUnordered` on a current-thread runtime; each completion starts the next GET (to
//! the next target in turn). Timeout 1 s, no retry: a timed-out GET is counted and replaced,
//! so the window never shrinks. Common rules (see `raw_sender.c`): the window opens 200 at a
//! time, 1 ms apart; WARMUP seconds (and the ramp) are not counted, then D seconds are; one `RESULT ...`
//! line.
//!
//! ```text
//! cargo build --release -p winsnmp --example gets
//! target/release/examples/gets [-h HOST] -p BASE_PORT [-n TARGETS] [-w WINDOW] [-d SECONDS] [-u WARMUP]
//! ```
//!
//! `scripts/bench-manager.py` builds and runs it.

use std::time::Duration;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use tokio::time::Instant;
use winsnmp::client::{Client, Error, Transport};

const RAMP: usize = 200;

/// CPU time of this process so far, in seconds: (user, user + system) (Linux
/// `/proc/self/stat`, 100 ticks a second); 0 elsewhere. The user part is what the library
/// can change: the kernel's share is the same sends and receives for every program.
fn cpu_times() -> (f64, f64) {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return (0.0, 0.0);
    };
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) / 100.0, (ticks(11) + ticks(12)) / 100.0)
}

struct Args {
    host: String,
    base: u16,
    targets: usize,
    window: usize,
    duration: f64,
    warmup: f64,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        host: "127.0.0.1".into(),
        base: 0,
        targets: 1,
        window: 1,
        duration: 5.0,
        warmup: 0.5,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let v = it.next().ok_or(format!("{flag} needs a value"))?;
        let bad = |e: &dyn std::fmt::Display| format!("{flag} {v}: {e}");
        match flag.as_str() {
            "-h" => a.host = v,
            "-p" => a.base = v.parse().map_err(|e| bad(&e))?,
            "-n" => a.targets = v.parse().map_err(|e| bad(&e))?,
            "-w" => a.window = v.parse().map_err(|e| bad(&e))?,
            "-d" => a.duration = v.parse().map_err(|e| bad(&e))?,
            "-u" => a.warmup = v.parse().map_err(|e| bad(&e))?,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    if a.base == 0 || a.targets == 0 || a.window == 0 || a.base as usize + a.targets > 65536 {
        return Err(
            "usage: gets [-h HOST] -p BASE_PORT [-n TARGETS] [-w WINDOW] \
                    [-d SECONDS] [-u WARMUP]"
                .into(),
        );
    }
    Ok(a)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let a = args().map_err(Error::Usage)?;
    let transport = Transport::udp()?;
    let mut clients = Vec::with_capacity(a.targets);
    for i in 0..a.targets {
        let c = Client::builder(format!("{}:{}", a.host, usize::from(a.base) + i))
            .timeout(Duration::from_secs(1))
            .retries(0)
            .transport(&transport)
            .build()
            .await?;
        clients.push(c);
    }
    let oid = "1.3.6.1.2.1.1.3.0".parse()?;

    let mut in_flight = FuturesUnordered::new();
    let mut next = 0;
    let mut opened = 0;
    let (mut completed, mut timeouts, mut failures) = (0u64, 0u64, 0u64);
    let t0 = Instant::now();
    let mut start = t0 + Duration::from_secs_f64(a.warmup);
    let mut end = start + Duration::from_secs_f64(a.duration);
    let mut counting = None;
    let mut next_ramp = t0;
    let sleep = tokio::time::sleep_until(t0);
    tokio::pin!(sleep);
    loop {
        let now = Instant::now();
        if counting.is_some() && now >= end {
            break;
        }
        if counting.is_none() && now >= start && opened == a.window {
            counting = Some((completed, timeouts, cpu_times()));
            start = now;
            end = start + Duration::from_secs_f64(a.duration);
        }
        if opened < a.window && now >= next_ramp {
            for _ in 0..RAMP.min(a.window - opened) {
                in_flight.push(clients[next].get(&oid));
                next = (next + 1) % a.targets;
                opened += 1;
            }
            next_ramp = now + Duration::from_millis(1);
        }
        let until = if opened < a.window {
            next_ramp
        } else if counting.is_none() {
            start.max(now)
        } else {
            end
        };
        if sleep.deadline() != until {
            sleep.as_mut().reset(until);
        }
        tokio::select! {
            biased;
            r = in_flight.next() => {
                match r {
                    Some(Ok(_)) => completed += 1,
                    Some(Err(Error::Timeout(_))) => timeouts += 1,
                    Some(Err(_)) => failures += 1,
                    None => continue,
                }
                in_flight.push(clients[next].get(&oid));
                next = (next + 1) % a.targets;
            }
            () = &mut sleep => {}
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let (c0, t0, (user0, cpu0)) = counting.unwrap_or_default();
    let (user1, cpu1) = cpu_times();
    let (cpu, user) = (cpu1 - cpu0, user1 - user0);
    println!(
        "RESULT program=winsnmp_async targets={} window={} seconds={secs:.3} completed={} \
         timeouts={} failures={failures} gets_per_s={:.0} cpu_us_per_get={:.2} \
         user_us_per_get={:.2}",
        a.targets,
        a.window,
        completed - c0,
        timeouts - t0,
        (completed - c0) as f64 / secs,
        cpu * 1e6 / (completed - c0).max(1) as f64,
        user * 1e6 / (completed - c0).max(1) as f64
    );
    Ok(())
}
