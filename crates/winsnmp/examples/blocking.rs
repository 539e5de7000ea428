//! The blocking facade: the same client for a program without an async runtime (it runs
//! a small current-thread runtime inside).
//!
//! ```text
//! cargo run -p winsnmp --example blocking -- 127.0.0.1:1161 1.3.6.1.2.1.1
//! ```
//!
//! Without arguments it starts the embedded agent on a free loopback port and walks its
//! `system` group.

use winsnmp::agent::{Agent, AgentConfig, AgentServer, LoadOptions, Recording};
use winsnmp::client::{Client, blocking};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (target, root, _agent) = match args.next() {
        Some(t) => (
            t,
            args.next().unwrap_or_else(|| "1.3.6.1.2.1.1".into()),
            None,
        ),
        None => {
            let rec = Recording::parse(
                "blocking.snmprec",
                b"1.3.6.1.2.1.1.1.0|4|blocking example\n1.3.6.1.2.1.1.5.0|4|host\n",
                &LoadOptions::new(),
            )?;
            let agent = Agent::new(rec.into_store(), AgentConfig::new());
            let running = AgentServer::bind(&["127.0.0.1:0".parse()?], agent)?.spawn()?;
            let addr = running.local_addrs()[0].to_string();
            (addr, "1.3.6.1.2.1.1".to_owned(), Some(running))
        }
    };
    let client = blocking::Client::connect(Client::builder(target).community("public"))?;
    for vb in client.bulk_walk(&root.parse()?)? {
        println!("{vb}");
    }
    Ok(())
}
