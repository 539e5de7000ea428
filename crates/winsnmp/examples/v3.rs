//! SNMPv3 with the async client: a USM user at authPriv (SHA-256, AES-256). Engine
//! discovery and time synchronisation happen behind the first request.
//!
//! ```text
//! cargo run -p winsnmp --example v3                      # against an embedded agent
//! cargo run -p winsnmp --example v3 -- HOST:PORT USER AUTHPASS PRIVPASS
//! ```

use winsnmp::agent::{Agent, AgentConfig, AgentServer, LoadOptions, Recording};
use winsnmp::client::Client;
use winsnmp::engine::usm::EntitySecurity;
use winsnmp::wire::SecurityLevel;
use winsnmp::wire::usm::{AuthProtocol, PrivProtocol};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (target, user, auth, privacy) = match args.as_slice() {
        [t, u, a, p] => (t.clone(), u.clone(), a.clone(), p.clone()),
        _ => (
            String::new(),
            "alice".to_owned(),
            "authpass123".to_owned(),
            "privpass123".to_owned(),
        ),
    };
    // The user, with its keys derived from the pass phrases (cached: the derivation hashes
    // a megabyte).
    let me = winsnmp::api::usm_user(
        user.as_bytes(),
        Some((AuthProtocol::Sha256, auth.as_bytes())),
        Some((PrivProtocol::Aes256, privacy.as_bytes())),
    )?;
    let mut _agent = None;
    let target = if target.is_empty() {
        let rec = Recording::parse(
            "v3.snmprec",
            b"1.3.6.1.2.1.1.1.0|4|an SNMPv3 agent\n",
            &LoadOptions::new(),
        )?;
        let config = AgentConfig::new().user(me.clone());
        let agent = Agent::new(rec.into_store(), config);
        let running = AgentServer::bind(&["127.0.0.1:0".parse()?], agent)?.spawn()?;
        let addr = running.local_addrs()[0].to_string();
        _agent = Some(running);
        addr
    } else {
        target
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let client = Client::builder(target.as_str())
            .usm(EntitySecurity::new(me, SecurityLevel::AuthPriv), b"")
            .build()
            .await?;
        let vb = client.get(&"1.3.6.1.2.1.1.1.0".parse()?).await?;
        println!("{vb}");
        Ok(())
    })
}
