//! Polls many agents at once with a concurrency limit: `fan_out` over clients that share
//! one UDP socket (`Transport`), answers told apart by request id and source address.
//!
//! ```text
//! cargo run --release -p winsnmp --example fan_out              # 200 embedded agents
//! cargo run --release -p winsnmp --example fan_out -- 10.0.0.1 10.0.0.2:1161 ...
//! ```
//!
//! Without targets it starts 200 embedded agents on loopback ports (one thread serves
//! them all) and reads sysUpTime.0 from each, 50 at a time.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use winsnmp::agent::{Agent, AgentConfig, AgentServer, LoadOptions, Recording};
use winsnmp::client::{Client, Transport, fan_out};

const AGENTS: usize = 200;
const AT_ONCE: usize = 50;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut targets: Vec<String> = std::env::args().skip(1).collect();
    let _agents = if targets.is_empty() {
        let rec = Recording::parse(
            "fan_out.snmprec",
            b"1.3.6.1.2.1.1.3.0|67|4242\n",
            &LoadOptions::new(),
        )?;
        let addrs = vec!["127.0.0.1:0".parse()?; AGENTS];
        let agent = Agent::new(rec.into_store(), AgentConfig::new());
        let running = AgentServer::bind(&addrs, agent)?.spawn()?;
        targets = running
            .local_addrs()
            .iter()
            .map(ToString::to_string)
            .collect();
        Some(running)
    } else {
        None
    };

    // One pair of sockets (IPv4, IPv6) for every target.
    let transport = Transport::udp()?;
    let mut clients = Vec::new();
    for t in &targets {
        clients.push(
            Client::builder(t.as_str())
                .transport(&transport)
                .timeout(Duration::from_millis(500))
                .retries(1)
                .build()
                .await?,
        );
    }
    let uptime = "1.3.6.1.2.1.1.3.0".parse()?;
    let start = Instant::now();
    let mut answers = fan_out(clients, AT_ONCE, |c| {
        let oid = &uptime;
        async move { c.get(oid).await }
    });
    let (mut ok, mut failed) = (0, 0);
    while let Some((i, r)) = answers.next().await {
        match r {
            Ok(_) => ok += 1,
            Err(e) => {
                failed += 1;
                eprintln!("{}: {e}", targets[i]);
            }
        }
    }
    println!(
        "{ok} answered, {failed} failed, {} targets in {:.1} ms",
        targets.len(),
        start.elapsed().as_secs_f64() * 1e3
    );
    Ok(())
}
