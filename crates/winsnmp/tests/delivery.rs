//! Nothing one caller does holds up the runtime. Callback delivery: one session's callback
//! never holds up another session, I/O or timers; no callback of a session starts after its
//! close returns. Slow work of an API call (a DNS lookup, reading the entity database) is
//! done outside the runtime lock, so requests are answered and timers fire meanwhile. Peers
//! are the embedded agent and silent loopback sockets, so nothing outside the process is
//! needed. The runtime is process-wide: every test takes `LOCK` and starts from a
//! torn-down runtime.

use std::net::{Ipv4Addr, UdpSocket};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use winsnmp::agent::{Agent, AgentConfig, AgentServer, LoadOptions, Recording, RunningAgent};
use winsnmp::api::*;
use winsnmp::engine::RecvOutputs;
use winsnmp::engine::consts::*;
use winsnmp::{HContext, HEntity, HPdu, HSession, SnmpApiError as E};

static LOCK: Mutex<()> = Mutex::new(());

/// Upper bound of every wait; the tests pass in a fraction of it.
const WAIT: Duration = Duration::from_secs(5);
const SYS_DESCR: [u32; 9] = [1, 3, 6, 1, 2, 1, 1, 1, 0];

fn fresh() -> MutexGuard<'static, ()> {
    let g = LOCK.lock().unwrap_or_else(PoisonError::into_inner);
    for _ in 0..100 {
        let a = snmp_cleanup_ex().is_ok();
        let b = snmp_cleanup().is_ok();
        if !a && !b {
            break;
        }
    }
    snmp_startup().unwrap();
    g
}

fn agent() -> RunningAgent {
    let rec = Recording::parse(
        "t.snmprec",
        b"1.3.6.1.2.1.1.1.0|4|delivery test\n",
        &LoadOptions::new(),
    )
    .unwrap();
    let agent = Agent::new(rec.into_store(), AgentConfig::new());
    AgentServer::bind(&["127.0.0.1:0".parse().unwrap()], agent)
        .unwrap()
        .spawn()
        .unwrap()
}

/// A session whose notifications go into a channel.
fn session() -> (HSession, Receiver<Notification>) {
    let (tx, rx) = channel();
    let s = snmp_create_session(
        0,
        0,
        Some(notify(move |n| {
            let _ = tx.send(n);
            SNMPAPI_SUCCESS
        })),
    )
    .unwrap();
    (s, rx)
}

fn entity(s: HSession, text: &str, timeout: u32, retry: u32) -> HEntity {
    let e = snmp_str_to_entity(s, text).unwrap();
    snmp_set_timeout(e, timeout).unwrap();
    snmp_set_retry(e, retry).unwrap();
    e
}

fn get(s: HSession) -> HPdu {
    let vbl = snmp_create_vbl(s, Some(&SYS_DESCR), None).unwrap();
    snmp_create_pdu(s, SNMP_PDU_GET, 0, 0, 0, Some(vbl)).unwrap()
}

fn send_get(s: HSession, to: HEntity, ctx: HContext) -> i32 {
    let p = get(s);
    let id = snmp_get_pdu_data(p, winsnmp::engine::PduFields::SCALARS)
        .unwrap()
        .request_id;
    snmp_send_msg(s, None, to, ctx, p).unwrap();
    id
}

/// A session whose callback, at its first notification, says so on `entered` and then
/// blocks until `release` is signalled (or `WAIT` twice over has passed).
struct Blocked {
    session: HSession,
    entered: Receiver<()>,
    release: Sender<()>,
}

fn blocked_session(silent: &UdpSocket) -> Blocked {
    let (entered_tx, entered) = channel();
    let (release, release_rx) = channel::<()>();
    let release_rx = Mutex::new(release_rx);
    let s = snmp_create_session(
        0,
        0,
        Some(notify(move |_| {
            let _ = entered_tx.send(());
            let _ = release_rx
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .recv_timeout(WAIT * 2);
            SNMPAPI_SUCCESS
        })),
    )
    .unwrap();
    // A request to a silent port: its timeout is the notification that blocks.
    let dead = entity(s, &silent.local_addr().unwrap().to_string(), 1, 1);
    let ctx = snmp_str_to_context(s, b"public").unwrap();
    send_get(s, dead, ctx);
    entered.recv_timeout(WAIT).expect("B's callback ran");
    Blocked {
        session: s,
        entered,
        release,
    }
}

#[test]
fn closing_a_does_not_wait_for_b_callback() {
    let _g = fresh();
    let silent = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let b = blocked_session(&silent);
    let (a, _rx) = session();
    let (done_tx, done) = channel();
    let start = Instant::now();
    std::thread::spawn(move || {
        let _ = done_tx.send(snmp_close(a));
    });
    // B's callback is still blocked: A's close must not wait for it.
    let closed = done.recv_timeout(WAIT);
    let took = start.elapsed();
    b.release.send(()).unwrap();
    assert_eq!(closed, Ok(Ok(())), "SnmpClose(A) waited for B's callback");
    assert!(took < WAIT, "{took:?}");
    snmp_close(b.session).unwrap();
    drop(b.entered);
    snmp_cleanup().unwrap();
}

#[test]
fn io_and_timers_run_while_another_session_callback_blocks() {
    let _g = fresh();
    let running = agent();
    let silent = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let b = blocked_session(&silent);

    let (a, rx) = session();
    let ctx = snmp_str_to_context(a, b"public").unwrap();
    let live = entity(a, &running.local_addrs()[0].to_string(), 100, 1);
    let dead = entity(a, &silent.local_addr().unwrap().to_string(), 5, 1);
    let answered = send_get(a, live, ctx);
    let timed_out = send_get(a, dead, ctx);
    let mut seen = Vec::new();
    while seen.len() < 2 {
        match rx.recv_timeout(WAIT) {
            Ok(n) => seen.push((n.wparam, n.lparam)),
            Err(_) => break,
        }
    }
    b.release.send(()).unwrap();
    seen.sort_unstable();
    assert_eq!(
        seen,
        vec![(0, answered), (E::TlTimeout as u32, timed_out)],
        "A's answer and timeout while B's callback blocked"
    );
    let r = snmp_recv_msg(a, RecvOutputs::ALL).unwrap();
    assert_eq!(r.request_id, answered);
    snmp_cleanup().unwrap();
    drop(b.entered);
    assert_eq!(running.stop().responses, 1);
}

#[test]
fn callbacks_closing_each_other_do_not_deadlock() {
    let _g = fresh();
    let silent = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let dead_addr = silent.local_addr().unwrap().to_string();
    // Each callback announces itself, waits for the other to be in its callback too, then
    // closes the other session.
    let peer: Arc<Mutex<[Option<HSession>; 2]>> = Arc::default();
    let (tx0, rx0) = channel::<()>();
    let (tx1, rx1) = channel::<()>();
    let (result_tx, results) = channel();
    let make = |me: usize, tell: Sender<()>, hear: Receiver<()>| {
        let peer = Arc::clone(&peer);
        let result_tx = result_tx.clone();
        let hear = Mutex::new(hear);
        let once = AtomicBool::new(false);
        notify(move |_| {
            if once.swap(true, Ordering::SeqCst) {
                return SNMPAPI_SUCCESS;
            }
            let _ = tell.send(());
            let met = hear
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .recv_timeout(WAIT)
                .is_ok();
            let other = peer.lock().unwrap()[1 - me];
            let closed = other.map(snmp_close);
            let _ = result_tx.send((me, met, closed));
            SNMPAPI_SUCCESS
        })
    };
    let a = snmp_create_session(0, 0, Some(make(0, tx0, rx1))).unwrap();
    let b = snmp_create_session(0, 0, Some(make(1, tx1, rx0))).unwrap();
    *peer.lock().unwrap() = [Some(a), Some(b)];
    for s in [a, b] {
        let dead = entity(s, &dead_addr, 1, 1);
        let ctx = snmp_str_to_context(s, b"public").unwrap();
        send_get(s, dead, ctx);
    }
    let mut got: Vec<_> = (0..2)
        .filter_map(|_| results.recv_timeout(WAIT * 2).ok())
        .collect();
    got.sort_by_key(|r| r.0);
    assert_eq!(
        got,
        vec![(0, true, Some(Ok(()))), (1, true, Some(Ok(())))],
        "both callbacks ran at once and each closed the other"
    );
    assert_eq!(counts().sessions, 0);
    snmp_cleanup().unwrap();
}

#[test]
fn no_callback_starts_after_close_returns() {
    let _g = fresh();
    let running = agent();
    let silent = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let violations = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(3);
    let mut rounds = 0;
    while rounds < 150 && Instant::now() < deadline {
        rounds += 1;
        let closed = Arc::new(AtomicBool::new(false));
        let in_callback = Arc::new(AtomicUsize::new(0));
        let (started_tx, started) = channel();
        let s = {
            let (closed, in_callback, violations) = (
                Arc::clone(&closed),
                Arc::clone(&in_callback),
                Arc::clone(&violations),
            );
            snmp_create_session(
                0,
                0,
                Some(notify(move |n| {
                    in_callback.fetch_add(1, Ordering::SeqCst);
                    if closed.load(Ordering::SeqCst) {
                        violations.fetch_add(1, Ordering::SeqCst);
                    }
                    let _ = started_tx.send(());
                    // Take the message, as an application would, and give the closer a
                    // chance to arrive while the callback is in progress.
                    let _ = snmp_recv_msg(n.session, RecvOutputs::ALL);
                    std::thread::yield_now();
                    in_callback.fetch_sub(1, Ordering::SeqCst);
                    SNMPAPI_SUCCESS
                })),
            )
            .unwrap()
        };
        let ctx = snmp_str_to_context(s, b"public").unwrap();
        let live = entity(s, &running.local_addrs()[0].to_string(), 100, 1);
        let dead = entity(s, &silent.local_addr().unwrap().to_string(), 1, 1);
        for _ in 0..4 {
            send_get(s, live, ctx);
            send_get(s, dead, ctx);
        }
        // Close while notifications are arriving (after the first, on odd rounds).
        if rounds % 2 == 1 {
            let _ = started.recv_timeout(WAIT);
        }
        snmp_close(s).unwrap();
        closed.store(true, Ordering::SeqCst);
        assert_eq!(
            in_callback.load(Ordering::SeqCst),
            0,
            "a callback still ran after its session's close returned (round {rounds})"
        );
    }
    // Cleanup waits for every callback still in progress, so any late one is counted.
    snmp_cleanup().unwrap();
    assert_eq!(
        violations.load(Ordering::SeqCst),
        0,
        "after {rounds} rounds"
    );
    assert!(rounds >= 10, "only {rounds} rounds");
    drop(running);
}

/// Sends a GET to the agent and one to a silent port from a new session, and returns once
/// both ended (answer and timeout), or after `WAIT`: what it saw, as (wParam, is-answer).
fn answer_and_timeout(agent: &RunningAgent, silent: &UdpSocket) -> Vec<(u32, bool)> {
    let (a, rx) = session();
    let ctx = snmp_str_to_context(a, b"public").unwrap();
    let live = entity(a, &agent.local_addrs()[0].to_string(), 100, 1);
    let dead = entity(a, &silent.local_addr().unwrap().to_string(), 5, 1);
    let answered = send_get(a, live, ctx);
    send_get(a, dead, ctx);
    let mut seen = Vec::new();
    while seen.len() < 2 {
        match rx.recv_timeout(WAIT) {
            Ok(n) => seen.push((n.wparam, n.lparam == answered)),
            Err(_) => break,
        }
    }
    seen.sort_unstable();
    seen
}

#[test]
fn a_slow_name_lookup_does_not_stall_the_runtime() {
    let _g = fresh();
    let running = agent();
    let silent = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    // A resolver that blocks until released, as a DNS server that does not answer would.
    let (entered_tx, entered) = channel();
    let (release, release_rx) = channel::<()>();
    let release_rx = Mutex::new(release_rx);
    set_resolver(Some(Arc::new(move |host: &str, port| {
        let _ = entered_tx.send(host.to_owned());
        let _ = release_rx
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .recv_timeout(WAIT * 2);
        Some(std::net::SocketAddr::from(([192, 0, 2, 7], port)))
    })));
    let (s, _rx) = session();
    let lookup = std::thread::spawn(move || snmp_str_to_entity(s, "slow.example:1161"));
    assert_eq!(entered.recv_timeout(WAIT).unwrap(), "slow.example");
    // The lookup is in progress: other calls, the driver and its timers go on.
    let (done_tx, done) = channel();
    let requests = std::thread::spawn(move || {
        let _ = done_tx.send(answer_and_timeout(&running, &silent));
    });
    // Bounded: if the runtime is stalled, end the lookup anyway so everything ends.
    let seen = done.recv_timeout(WAIT).unwrap_or_default();
    release.send(()).unwrap();
    let e = lookup.join().unwrap().unwrap();
    requests.join().unwrap();
    set_resolver(None);
    assert_eq!(
        seen,
        vec![(0, true), (E::TlTimeout as u32, false)],
        "answer and timeout while a name lookup blocked"
    );
    assert_eq!(snmp_entity_to_str(e, 64).unwrap(), "192.0.2.7:1161");
    snmp_cleanup().unwrap();
}

/// Opens `fifo` for writing once a reader has it open (`O_NONBLOCK` open fails with ENXIO
/// until then), polling for at most `WAIT`.
#[cfg(target_os = "linux")]
fn writer_once_read(fifo: &std::path::Path) -> std::fs::File {
    use std::os::unix::fs::OpenOptionsExt;
    const O_NONBLOCK: i32 = 0o4000; // Linux
    let end = Instant::now() + WAIT;
    loop {
        match std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(O_NONBLOCK)
            .open(fifo)
        {
            Ok(f) => return f,
            Err(e) => assert!(Instant::now() < end, "nobody opened the pipe: {e}"),
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_slow_database_read_does_not_stall_the_runtime() {
    let _g = fresh();
    let running = agent();
    let silent = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    // The database is a named pipe: reading it blocks until something is written.
    let dir = std::env::temp_dir().join(format!("winsnmp-delivery-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("entities.toml");
    let _ = std::fs::remove_file(&fifo);
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("note: mkfifo failed; skipped");
        snmp_cleanup().unwrap();
        return;
    }
    set_database_path(Some(fifo.clone()));
    let reader = std::thread::spawn(|| snmp_set_translate_mode(SNMPAPI_TRANSLATED));
    // Once SnmpSetTranslateMode has the pipe open, it waits in read() for the text.
    let mut pipe = writer_once_read(&fifo);
    let (done_tx, done) = channel();
    let requests = std::thread::spawn(move || {
        let _ = done_tx.send(answer_and_timeout(&running, &silent));
    });
    // Bounded: if the runtime is stalled, feed the pipe anyway so everything ends.
    let seen = done.recv_timeout(WAIT).unwrap_or_default();
    std::io::Write::write_all(&mut pipe, b"[context.ro]\ncommunity = \"public\"\n").unwrap();
    drop(pipe);
    let set = reader.join().unwrap();
    requests.join().unwrap();
    set_database_path(None);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        seen,
        vec![(0, true), (E::TlTimeout as u32, false)],
        "answer and timeout while the database read blocked"
    );
    assert_eq!(set, Ok(()));
    let (s, _rx) = session();
    // The database that came through the pipe is in use.
    let ro = snmp_str_to_context(s, b"ro").unwrap();
    assert_eq!(
        with_engine(|e| e.context(ro).unwrap().community.clone()),
        b"public"
    );
    assert_eq!(snmp_str_to_context(s, b"rw"), Err(E::ContextUnknown));
    snmp_cleanup().unwrap();
}

/// A session whose callback reads each answer and sends the next request, `total` in
/// all, keeping `window` outstanding; returns when they are all answered.
fn pipeline(agent: &RunningAgent, total: usize, window: usize) {
    let sent = Arc::new(AtomicUsize::new(0));
    let answered = Arc::new(AtomicUsize::new(0));
    let (done_tx, done) = channel();
    let target: Arc<Mutex<Option<(HEntity, HContext)>>> = Arc::default();
    let s = {
        let (sent, answered, target) = (
            Arc::clone(&sent),
            Arc::clone(&answered),
            Arc::clone(&target),
        );
        snmp_create_session(
            0,
            0,
            Some(notify(move |n| {
                if n.wparam == 0 && snmp_recv_msg(n.session, RecvOutputs::ALL).is_ok() {
                    let got = answered.fetch_add(1, Ordering::SeqCst) + 1;
                    if got == total {
                        let _ = done_tx.send(());
                    }
                }
                let t = *target.lock().unwrap_or_else(PoisonError::into_inner);
                if let Some((to, ctx)) = t
                    && sent.fetch_add(1, Ordering::SeqCst) < total
                {
                    send_get(n.session, to, ctx);
                }
                SNMPAPI_SUCCESS
            })),
        )
        .unwrap()
    };
    let to = entity(s, &agent.local_addrs()[0].to_string(), 100, 2);
    let ctx = snmp_str_to_context(s, b"public").unwrap();
    *target.lock().unwrap() = Some((to, ctx));
    for _ in 0..window {
        if sent.fetch_add(1, Ordering::SeqCst) < total {
            send_get(s, to, ctx);
        }
    }
    done.recv_timeout(WAIT * 2).expect("every request answered");
    snmp_close(s).unwrap();
}

#[test]
fn a_pipelined_manager_does_its_io_on_its_callback_thread() {
    let _g = fresh();
    let running = agent();
    // Warm up: the first answers are read by the driver thread (no callback thread yet).
    pipeline(&running, 50, 8);
    let before = io_stats();
    pipeline(&running, 2_000, 16);
    let after = io_stats();
    let by_driver = after.driver_cycles - before.driver_cycles;
    let by_callbacks = after.callback_cycles - before.callback_cycles;
    // Before the poller role, every cycle was the driver's. It still takes the I/O over
    // when a callback runs for 20 ms, which a loaded machine's scheduler can cause.
    assert!(
        by_driver < by_callbacks,
        "driver {by_driver} cycles, callback threads {by_callbacks}"
    );
    snmp_cleanup().unwrap();
    assert_eq!(running.stop().responses, 2_050);
}

/// Bursts of answers larger than one read (16 datagrams) and single answers in turn:
/// the poller's reads grow from two slots to full batches and back without losing or
/// stranding an answer.
#[test]
fn bursts_of_answers_larger_than_a_read_are_all_read() {
    let _g = fresh();
    let running = agent();
    pipeline(&running, 3_000, 200);
    pipeline(&running, 30, 1);
    pipeline(&running, 3_000, 64);
    snmp_cleanup().unwrap();
    assert_eq!(running.stop().responses, 6_030);
}

#[test]
fn an_idle_runtime_does_not_tick() {
    let _g = fresh();
    let running = agent();
    pipeline(&running, 20, 4);
    // A callback thread now waits on the sockets; the driver thread parks.
    std::thread::sleep(Duration::from_millis(50));
    let before = io_stats();
    std::thread::sleep(Duration::from_millis(300));
    let after = io_stats();
    let wakeups = after.watch_wakeups - before.watch_wakeups;
    // Ticking every 20 ms would be 15.
    assert!(wakeups <= 3, "{wakeups} wake-ups in 300 ms of idleness");
    assert_eq!(after.driver_cycles, before.driver_cycles);
    snmp_cleanup().unwrap();
    drop(running);
}

/// A manager waiting for one answer at a time gives the poller role up and takes it
/// back at every answer: the driver thread, which watches for a callback that keeps the
/// role away, then looks less and less often instead of every 20 ms (each look could
/// move the callback thread to the other CPU: a third fewer GETs per second, measured).
#[test]
fn a_manager_waiting_for_one_answer_at_a_time_is_not_watched_every_20_ms() {
    let _g = fresh();
    let running = agent();
    pipeline(&running, 50, 1);
    let before = io_stats();
    let start = Instant::now();
    pipeline(&running, 5_000, 1);
    let took = start.elapsed();
    let after = io_stats();
    let wakeups = after.watch_wakeups - before.watch_wakeups;
    let every_20_ms = took.as_millis() / 20;
    assert!(
        2 * u128::from(wakeups) <= every_20_ms + 4,
        "{wakeups} wake-ups in {took:?}"
    );
    snmp_cleanup().unwrap();
    assert_eq!(running.stop().responses, 5_050);
}

#[test]
fn a_blocked_callback_delays_io_by_a_few_milliseconds_only() {
    let _g = fresh();
    let running = agent();
    let silent = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    // Get a callback thread polling first, then block it in a callback.
    pipeline(&running, 20, 4);
    let b = blocked_session(&silent);
    let (a, rx) = session();
    let ctx = snmp_str_to_context(a, b"public").unwrap();
    let live = entity(a, &running.local_addrs()[0].to_string(), 100, 1);
    let start = Instant::now();
    let id = send_get(a, live, ctx);
    let n = rx
        .recv_timeout(WAIT)
        .expect("A's answer while B's callback blocks");
    let took = start.elapsed();
    b.release.send(()).unwrap();
    assert_eq!((n.wparam, n.lparam), (0, id));
    // The driver thread takes the I/O over within 20 ms here (it was looking every 20 ms:
    // nothing had kept it waiting longer), 100 ms at most; generous for loaded machines.
    assert!(took < Duration::from_millis(500), "{took:?}");
    snmp_cleanup().unwrap();
    drop(b.entered);
    drop(running);
}

/// Datagrams a callback sends leave together after it returns (one `sendmmsg`); one the OS
/// refuses among them (a broadcast address without `SO_BROADCAST`) still ends its request
/// with `SNMPAPI_TL_UNDELIVERABLE`, and the others are sent.
#[test]
fn a_refused_datagram_sent_from_a_callback_is_undeliverable() {
    enum Seen {
        /// The request ids the callback sent: to the agent, to the refused address.
        Sent(i32, i32),
        Note(Notification),
    }
    let _g = fresh();
    let running = agent();
    let (tx, rx) = channel();
    let targets: Arc<Mutex<Option<(HEntity, HEntity, HContext)>>> = Arc::default();
    let s = {
        let targets = Arc::clone(&targets);
        snmp_create_session(
            0,
            0,
            Some(notify(move |n| {
                if n.wparam == 0 {
                    let _ = snmp_recv_msg(n.session, RecvOutputs::ALL);
                }
                // At the first answer: two requests, the second refused by the OS.
                let first = targets
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take();
                if let Some((live, refused, ctx)) = first {
                    let a = send_get(n.session, live, ctx);
                    let b = send_get(n.session, refused, ctx);
                    let _ = tx.send(Seen::Sent(a, b));
                }
                let _ = tx.send(Seen::Note(n));
                SNMPAPI_SUCCESS
            })),
        )
        .unwrap()
    };
    let ctx = snmp_str_to_context(s, b"public").unwrap();
    let live = entity(s, &running.local_addrs()[0].to_string(), 100, 1);
    let refused = entity(s, "255.255.255.255:161", 100, 1);
    *targets.lock().unwrap() = Some((live, refused, ctx));
    send_get(s, live, ctx);
    let (mut sent, mut notes) = (None, Vec::new());
    while notes.len() < 3 {
        match rx.recv_timeout(WAIT).expect("three notifications") {
            Seen::Sent(a, b) => sent = Some((a, b)),
            Seen::Note(n) => notes.push((n.wparam, n.lparam)),
        }
    }
    let (a, b) = sent.expect("the callback sent its two requests");
    assert!(notes.contains(&(0, a)), "{notes:?}");
    assert!(notes.contains(&(E::TlUndeliverable.code(), b)), "{notes:?}");
    snmp_cleanup().unwrap();
    drop(running);
}
