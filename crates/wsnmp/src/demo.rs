//! `wsnmp demo`: a short tour against the embedded agent, with no device and no daemon.

use std::net::{SocketAddr, UdpSocket};
use std::sync::{Mutex, mpsc};
use std::time::Duration;

use winsnmp::engine::consts::SNMPAPI_SUCCESS;
use winsnmp::{Runtime, Session};

use crate::agent::{self, AgentArgs};
use crate::client::{self, Common, Failure};
use crate::format::{self, OutputOpts};

fn common(community: &str) -> Common {
    Common {
        version: "2c".to_owned(),
        community: community.to_owned(),
        timeout: 1.0,
        retries: 2,
        output: Vec::new(),
        json: false,
        dump: false,
        mib: Default::default(),
        unsupported: Default::default(),
        v3: Default::default(),
    }
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

fn free_port() -> Result<u16, Failure> {
    UdpSocket::bind("127.0.0.1:0")
        .and_then(|s| s.local_addr())
        .map(|a| a.port())
        .map_err(|e| Failure::Other(format!("no free loopback port: {e}")))
}

fn step(cmd: &str) {
    format::emit(&format!("\n$ wsnmp {cmd}"));
}

/// Runs the tour over loopback UDP: the client for the requests, the WinSNMP session API
/// for the trap round trip.
pub(crate) fn run() -> Result<(), Failure> {
    let addr: SocketAddr = "127.0.0.1:0"
        .parse()
        .map_err(|_| Failure::Other("address".into()))?;
    let running = agent::start(&AgentArgs::bundled(), &[addr])?;
    let target = running.local_addrs()[0].to_string();
    format::emit(&format!(
        "wsnmp demo: the embedded agent serves the bundled Linux-host recording on {target}\n\
         (read community \"public\", write community \"private\"); get, walk, table and \
         set go through the winsnmp client, the trap round trip through the WinSNMP session \
         API."
    ));

    // The trap port is read when the runtime starts: choose it first.
    let trap_port = free_port()?;
    winsnmp::api::set_trap_port(Some(trap_port));
    let _rt = Runtime::new().map_err(|e| Failure::Other(format!("startup: {e}")))?;

    let public = common("public");
    let names = [
        ".1.3.6.1.2.1.1.1.0",
        ".1.3.6.1.2.1.1.3.0",
        ".1.3.6.1.2.1.1.5.0",
    ];
    step(&format!("get {target} {}", names.join(" ")));
    client::get(
        &public,
        &client::FixOpts::default(),
        &target,
        &strings(&names),
        false,
    )?;

    step(&format!("walk {target} .1.3.6.1.2.1.1.9.1.3"));
    crate::walk::walk(
        &public,
        &crate::walk::WalkCOpts::default(),
        false,
        &target,
        Some(".1.3.6.1.2.1.1.9.1.3"),
    )?;

    step(&format!("bulkwalk -Cr20 {target} .1.3.6.1.2.1.31.1.1.1.1"));
    let bulk = crate::walk::WalkCOpts {
        opts: strings(&["r20"]),
    };
    crate::walk::walk(
        &public,
        &bulk,
        true,
        &target,
        Some(".1.3.6.1.2.1.31.1.1.1.1"),
    )?;

    step(&format!(
        "table {target} .1.3.6.1.2.1.25.2.3   (hrStorageTable)"
    ));
    crate::table::table(
        &public,
        &crate::table::TableCOpts::default(),
        &target,
        ".1.3.6.1.2.1.25.2.3",
    )?;

    step(&format!(
        "set -c private {target} .1.3.6.1.2.1.1.5.0 s demo-host"
    ));
    client::set(
        &common("private"),
        &target,
        &strings(&[".1.3.6.1.2.1.1.5.0", "s", "demo-host"]),
    )?;
    step(&format!("get {target} .1.3.6.1.2.1.1.5.0"));
    client::get(
        &public,
        &client::FixOpts::default(),
        &target,
        &strings(&[".1.3.6.1.2.1.1.5.0"]),
        false,
    )?;

    // A trap round trip: a session registered for every notification, and a trap to it.
    let (tx, rx) = mpsc::channel::<()>();
    let tx = Mutex::new(tx);
    let receiver = Session::new(move |_| {
        let _ = tx.lock().map(|t| t.send(()));
        SNMPAPI_SUCCESS
    })
    .map_err(|e| Failure::Other(format!("session: {e}")))?;
    receiver
        .register(None, None, None, true)
        .map_err(|e| Failure::Other(format!("register on port {trap_port}: {e}")))?;
    let trap_target = format!("127.0.0.1:{trap_port}");
    let trap_args = [
        "",
        ".1.3.6.1.6.3.1.1.5.4",
        ".1.3.6.1.2.1.2.2.1.1.2",
        "i",
        "2",
    ];
    step(&format!(
        "trap {trap_target} '' {}",
        trap_args[1..].join(" ")
    ));
    client::notify(&public, &trap_target, &strings(&trap_args), false)?;
    rx.recv_timeout(Duration::from_secs(3))
        .map_err(|_| Failure::Timeout("the trap did not come back within 3 s".into()))?;
    format::emit("received by a session registered with SnmpRegister:");
    while let Some(m) = receiver
        .recv()
        .map_err(|e| Failure::Other(format!("receive: {e}")))?
    {
        client::print_notification(&m, OutputOpts::default(), false)?;
    }

    let stats = running.stop();
    format::emit(&format!(
        "\nThe agent answered {} requests ({} SETs). Done.",
        stats.requests, stats.sets
    ));
    Ok(())
}
