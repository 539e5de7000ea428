//! Soak: concurrent sessions from several threads doing GET, GETNEXT, GETBULK, SET and
//! traps against an agent for a fixed time, sampling memory, request counts and errors.
//! `scripts/soak.sh` builds it, starts `wsnmp agent` and runs it.
//!
//! ```text
//! soak AGENT [--threads N] [--seconds S] [--report S] [--trap-port P]
//! ```
//!
//! Each worker thread opens a session, then loops until the deadline: a GET of two
//! scalars, a GETNEXT, a GETBULK of ten rows of the agent's synthetic table, a SET of
//! sysName.0 (write community `private`), and a v2c trap to `127.0.0.1:P`; every 500
//! rounds it closes its session and opens a new one. One more session is registered for
//! the traps (the runtime's trap port is P) and drains them. Every `--report` seconds a
//! line: elapsed time, requests, errors, requests per second, traps sent and received,
//! live handles, the runtime's timeouts and retransmissions, and this process's resident
//! memory; at the end one summary line starting `soak:`. Bounded: every request has a
//! timeout, and the program ends at the deadline (plus the last requests' timeouts).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use winsnmp::api;
use winsnmp::engine::consts::SNMP_PDU_TRAP;
use winsnmp::{Runtime, Session, SmiValue, TranslateMode, VarBindEntry};

const SYS_DESCR: [u32; 9] = [1, 3, 6, 1, 2, 1, 1, 1, 0];
const SYS_NAME: [u32; 9] = [1, 3, 6, 1, 2, 1, 1, 5, 0];
const SYS_UPTIME: [u32; 9] = [1, 3, 6, 1, 2, 1, 1, 3, 0];
const SNMP_TRAP_OID: [u32; 11] = [1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0];
const COLD_START: [u32; 10] = [1, 3, 6, 1, 6, 3, 1, 1, 5, 1];
/// The synthetic table `wsnmp agent --synthetic-rows` serves.
const TABLE: [u32; 11] = [1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 1, 1];

#[derive(Default)]
struct Counters {
    requests: AtomicU64,
    errors: AtomicU64,
    timeouts: AtomicU64,
    traps_sent: AtomicU64,
    traps_received: AtomicU64,
    sessions: AtomicU64,
}

struct Options {
    agent: String,
    threads: usize,
    seconds: u64,
    report: u64,
    trap_port: u16,
}

fn parse() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mut o = Options {
        agent: String::new(),
        threads: 8,
        seconds: 600,
        report: 30,
        trap_port: 10162,
    };
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--threads" => o.threads = value()?.parse().map_err(|_| "bad --threads")?,
            "--seconds" => o.seconds = value()?.parse().map_err(|_| "bad --seconds")?,
            "--report" => o.report = value()?.parse().map_err(|_| "bad --report")?,
            "--trap-port" => o.trap_port = value()?.parse().map_err(|_| "bad --trap-port")?,
            _ if o.agent.is_empty() && !a.starts_with('-') => o.agent = a,
            _ => return Err(format!("unknown argument {a}")),
        }
    }
    if o.agent.is_empty() || o.threads == 0 || o.threads > 256 {
        return Err(
            "usage: soak AGENT [--threads 1..256] [--seconds S] [--report S] \
                    [--trap-port P]"
                .into(),
        );
    }
    o.report = o.report.max(1);
    Ok(o)
}

/// Resident memory of this process, KiB.
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4)
}

fn count(c: &Counters, r: Result<winsnmp::Response, winsnmp::SnmpApiError>) {
    c.requests.fetch_add(1, Ordering::Relaxed);
    match r {
        Ok(resp) if resp.error_status == 0 => {}
        Ok(_) => {
            c.errors.fetch_add(1, Ordering::Relaxed);
        }
        Err(e) => {
            c.errors.fetch_add(1, Ordering::Relaxed);
            if e == winsnmp::SnmpApiError::TlTimeout {
                c.timeouts.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

/// One worker: rounds of GET, GETNEXT, GETBULK, SET and a trap until `deadline`.
fn worker(o: &Options, id: usize, deadline: Instant, c: &Counters) -> Result<(), String> {
    let e = |what: &str| {
        let what = what.to_owned();
        move |err: winsnmp::SnmpApiError| format!("worker {id}: {what}: {err}")
    };
    let mut round = 0u64;
    while Instant::now() < deadline {
        let s = Session::blocking().map_err(e("session"))?;
        c.sessions.fetch_add(1, Ordering::Relaxed);
        let agent = s.entity(&o.agent).map_err(e("agent"))?;
        agent.set_timeout(100).map_err(e("timeout"))?;
        agent.set_retry(2).map_err(e("retry"))?;
        let sink = s
            .entity(&format!("127.0.0.1:{}", o.trap_port))
            .map_err(e("trap sink"))?;
        let public = s.context(b"public").map_err(e("context"))?;
        let private = s.context(b"private").map_err(e("context"))?;
        for _ in 0..500 {
            if Instant::now() >= deadline {
                break;
            }
            round += 1;
            count(c, s.get(&agent, &public, &[&SYS_DESCR, &SYS_NAME]));
            count(c, s.get_next(&agent, &public, &[&SYS_UPTIME]));
            let mut row = TABLE.to_vec();
            row.push(1);
            row.push((round % 900) as u32 + 1);
            count(c, s.bulk(&agent, &public, 0, 10, &[&row]));
            let name = VarBindEntry {
                name: SYS_NAME.to_vec(),
                value: SmiValue::Octets(format!("soak-{id}-{round}").into_bytes()),
            };
            count(c, s.set(&agent, &private, &[name]));
            let vbl = s.vbl().map_err(e("vbl"))?;
            vbl.push(&SYS_UPTIME, &SmiValue::TimeTicks(round as u32))
                .map_err(e("trap binding"))?;
            vbl.push(&SNMP_TRAP_OID, &SmiValue::Oid(COLD_START.to_vec()))
                .map_err(e("trap binding"))?;
            let trap = s.pdu(SNMP_PDU_TRAP, Some(&vbl)).map_err(e("trap"))?;
            match s.send(None, &sink, &public, &trap) {
                Ok(()) => c.traps_sent.fetch_add(1, Ordering::Relaxed),
                Err(_) => c.errors.fetch_add(1, Ordering::Relaxed),
            };
        }
    }
    Ok(())
}

fn main() {
    let o = match parse() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("soak: {e}");
            std::process::exit(2);
        }
    };
    api::set_trap_port(Some(o.trap_port));
    let rt = Runtime::new().expect("startup");
    rt.set_translate_mode(TranslateMode::UntranslatedV2)
        .expect("translate mode");
    let c = Arc::new(Counters::default());
    let start = Instant::now();
    let deadline = start + Duration::from_secs(o.seconds);
    let rss_start = rss_kib();
    // The trap receiver: registered for every trap, drained every 10 ms.
    let receiver = Session::blocking().expect("trap session");
    receiver
        .register(None, None, None, true)
        .expect("register for traps (is the trap port free?)");
    let options = Arc::new(o);
    let workers: Vec<_> = (0..options.threads)
        .map(|id| {
            let (o, c) = (Arc::clone(&options), Arc::clone(&c));
            std::thread::spawn(move || worker(&o, id, deadline, &c))
        })
        .collect();
    let mut rss_max = rss_start;
    let mut next_report = start + Duration::from_secs(options.report);
    let mut last_requests = 0u64;
    let mut last_at = start;
    println!(
        "{:>7} {:>10} {:>7} {:>8} {:>9} {:>9} {:>8} {:>9} {:>9} {:>9}",
        "secs",
        "requests",
        "errors",
        "req/s",
        "traps out",
        "traps in",
        "handles",
        "timeouts",
        "retrans",
        "RSS KiB"
    );
    while !workers.iter().all(std::thread::JoinHandle::is_finished) {
        while let Ok(Some(_m)) = receiver.recv() {
            c.traps_received.fetch_add(1, Ordering::Relaxed);
        }
        let now = Instant::now();
        if now >= next_report {
            let rss = rss_kib();
            rss_max = rss_max.max(rss);
            let req = c.requests.load(Ordering::Relaxed);
            let st = api::comm_stats();
            println!(
                "{:>7.0} {:>10} {:>7} {:>8.0} {:>9} {:>9} {:>8} {:>9} {:>9} {:>9}",
                (now - start).as_secs_f64(),
                req,
                c.errors.load(Ordering::Relaxed),
                (req - last_requests) as f64 / (now - last_at).as_secs_f64(),
                c.traps_sent.load(Ordering::Relaxed),
                c.traps_received.load(Ordering::Relaxed),
                api::counts().total(),
                st.timeouts,
                st.retransmissions,
                rss
            );
            last_requests = req;
            last_at = now;
            next_report += Duration::from_secs(options.report);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut failed = 0;
    for w in workers {
        match w.join() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                eprintln!("soak: {e}");
                failed += 1;
            }
            Err(_) => {
                eprintln!("soak: a worker panicked");
                failed += 1;
            }
        }
    }
    // The last traps still in flight.
    std::thread::sleep(Duration::from_millis(200));
    while let Ok(Some(_m)) = receiver.recv() {
        c.traps_received.fetch_add(1, Ordering::Relaxed);
    }
    drop(receiver);
    let rss_end = rss_kib();
    let st = api::comm_stats();
    let elapsed = start.elapsed().as_secs_f64();
    let req = c.requests.load(Ordering::Relaxed);
    println!(
        "soak: {elapsed:.0} s, {} threads, {req} requests ({:.0}/s), {} errors ({} timeouts), \
         {} sessions opened, traps {} sent / {} received, retransmissions {}, \
         queue drops {}, handles left {}, RSS {rss_start} KiB at start, {rss_max} KiB max \
         while running, {rss_end} KiB at the end",
        options.threads,
        req as f64 / elapsed,
        c.errors.load(Ordering::Relaxed),
        c.timeouts.load(Ordering::Relaxed),
        c.sessions.load(Ordering::Relaxed),
        c.traps_sent.load(Ordering::Relaxed),
        c.traps_received.load(Ordering::Relaxed),
        st.retransmissions,
        st.queue_full,
        api::counts().total(),
    );
    drop(rt);
    if failed > 0 {
        std::process::exit(1);
    }
}
