//! The async client in one page: GET, GET of several objects, SET, a GETNEXT walk as a
//! stream, a GETBULK walk, a table and typed values with `Display`.
//!
//! ```text
//! cargo run -p winsnmp --example quickstart                    # against an embedded agent
//! cargo run -p winsnmp --example quickstart -- 127.0.0.1:1161  # against any v2c agent
//! ```
//!
//! Without a target it starts the crate's embedded agent on a free loopback port, serving a
//! few objects of a small host (read community `public`, write community `private`).

use futures_util::StreamExt;
use winsnmp::agent::{Agent, AgentConfig, AgentServer, LoadOptions, Recording, RunningAgent};
use winsnmp::client::{Client, Error, Value, VarBind};

/// What the embedded agent serves (snmpsim `.snmprec`: OID|type|value).
const RECORDING: &str = "\
1.3.6.1.2.1.1.1.0|4|quickstart host
1.3.6.1.2.1.1.3.0|67|123456
1.3.6.1.2.1.1.5.0|4|example
1.3.6.1.2.1.2.1.0|2|2
1.3.6.1.2.1.2.2.1.1.1|2|1
1.3.6.1.2.1.2.2.1.1.2|2|2
1.3.6.1.2.1.2.2.1.2.1|4|lo
1.3.6.1.2.1.2.2.1.2.2|4|eth0
1.3.6.1.2.1.2.2.1.10.1|65|1000
1.3.6.1.2.1.2.2.1.10.2|65|2000
";

fn embedded_agent() -> std::io::Result<RunningAgent> {
    let rec = Recording::parse(
        "quickstart.snmprec",
        RECORDING.as_bytes(),
        &LoadOptions::new(),
    )
    .map_err(|e| std::io::Error::other(e.to_string()))?;
    let agent = Agent::new(rec.into_store(), AgentConfig::new());
    AgentServer::bind(&["127.0.0.1:0".parse().expect("an address")], agent)?.spawn()
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (target, _agent) = match std::env::args().nth(1) {
        Some(t) => (t, None),
        None => {
            let agent = embedded_agent()?;
            (agent.local_addrs()[0].to_string(), Some(agent))
        }
    };
    // SNMPv2c is the default; `.version(Version::V1)` or `.usm(...)` change it.
    let client = Client::builder(target.as_str())
        .community("public")
        .build()
        .await?;

    // One object. OIDs parse from their dotted form.
    let descr = client.get(&"1.3.6.1.2.1.1.1.0".parse()?).await?;
    println!("GET      {descr}");

    // Several in one request (split in halves if the agent answers tooBig).
    let oids = ["1.3.6.1.2.1.1.3.0".parse()?, "1.3.6.1.2.1.1.5.0".parse()?];
    for vb in client.get_many(&oids).await? {
        // Typed values: match on them, or print them.
        if let Value::TimeTicks(t) = vb.value {
            println!("uptime   {t} hundredths of a second");
        } else {
            println!("GET      {vb}");
        }
    }

    // A SET needs the write community: another client on the same sockets.
    let writer = Client::builder(target.as_str())
        .community("private")
        .transport(client.transport())
        .build()
        .await?;
    let name = VarBind::new(
        "1.3.6.1.2.1.1.5.0".parse()?,
        Value::OctetString("renamed".into()),
    );
    match writer.set(&[name]).await {
        Ok(set) => println!("SET      {}", set[0]),
        // An agent that refuses (notWritable, wrongType...) answers with an error-status.
        Err(Error::Agent { status, .. }) => println!("SET      refused: {status}"),
        Err(e) => return Err(e.into()),
    }

    // Walks are streams; they end at the end of the subtree.
    let mut walk = client.walk(&"1.3.6.1.2.1.2.2.1.2".parse()?);
    while let Some(vb) = walk.next().await {
        println!("WALK     {}", vb?);
    }
    let rows = client
        .bulk_walk(&"1.3.6.1.2.1.2".parse()?)
        .filter_map(|vb| async move { vb.ok() })
        .count()
        .await;
    println!("BULKWALK {rows} objects under interfaces");

    // A table: rows by index, columns by number.
    let table = client.table(&"1.3.6.1.2.1.2.2".parse()?).await?;
    for (index, values) in &table.rows {
        let cells: Vec<String> = values
            .iter()
            .map(|v| {
                v.as_ref()
                    .map_or_else(|| "-".to_owned(), ToString::to_string)
            })
            .collect();
        println!("ROW {index:?}  {}", cells.join("  "));
    }
    Ok(())
}
