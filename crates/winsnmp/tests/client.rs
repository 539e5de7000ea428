//! The async client over real UDP and TCP on loopback: against the embedded agent (served
//! in-process) and net-snmp's snmpd (v1, v2c, v3, TCP), walks and tables equal to the data
//! served, tooBig recovery, timeouts, non-increasing OIDs, a shared transport under load,
//! fan-out, the blocking facade.

use std::net::{SocketAddr, UdpSocket};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use winsnmp::agent::{Agent, AgentConfig, AgentServer, LoadOptions, Recording, RunningAgent};
use winsnmp::client::{
    AgentStatus, Client, Direction, Error, TableOptions, Transport, Value, VarBind, WalkItem,
    WalkLimit, WalkMode, WalkOptions, WalkStop, blocking, fan_out,
};
use winsnmp::engine::usm::EntitySecurity;
use winsnmp::wire::{ErrorStatus, Oid, SecurityLevel, Version};
use winsnmp_testkit::netsnmp::{self, Snmpd};

const RECORDING: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../wsnmp/data/linux-host.snmprec"
);

fn oid(s: &str) -> Oid {
    s.parse().unwrap()
}

fn agent_with(config: AgentConfig, addr: &str) -> RunningAgent {
    let rec = Recording::load(RECORDING, &LoadOptions::new()).unwrap();
    let agent = Agent::new(rec.into_store(), config);
    AgentServer::bind(&[addr.parse().unwrap()], agent)
        .unwrap()
        .spawn()
        .unwrap()
}

fn agent() -> RunningAgent {
    agent_with(AgentConfig::new(), "127.0.0.1:0")
}

/// The recording's objects under `root`, in order (sysUpTime aside).
fn served(a: &RunningAgent, root: &str) -> Vec<Oid> {
    let _ = a;
    let rec = Recording::load(RECORDING, &LoadOptions::new()).unwrap();
    let root = oid(root);
    rec.into_store()
        .iter()
        .map(|(o, _)| o.clone())
        .filter(|o| o.len() > root.len() && o.starts_with(&root))
        .collect()
}

/// A client of `target` on a shared `transport`, with this timeout and retry count.
async fn on_transport(
    transport: &Transport,
    target: String,
    timeout: Duration,
    retries: u32,
) -> Client {
    Client::builder(target)
        .transport(transport)
        .timeout(timeout)
        .retries(retries)
        .build()
        .await
        .unwrap()
}

async fn client(target: String) -> Client {
    Client::builder(target)
        .timeout(Duration::from_millis(500))
        .retries(2)
        .build()
        .await
        .unwrap()
}

#[tokio::test]
async fn get_get_next_get_bulk_and_set() {
    let a = agent();
    let c = client(a.local_addrs()[0].to_string()).await;
    let descr = c.get(&oid("1.3.6.1.2.1.1.1.0")).await.unwrap();
    assert!(descr.value.to_string().starts_with("Linux"), "{descr}");
    let many = c
        .get_many(&[oid("1.3.6.1.2.1.1.5.0"), oid("1.3.6.1.2.1.1.9.9.9")])
        .await
        .unwrap();
    assert_eq!(many.len(), 2);
    assert!(matches!(many[0].value, Value::OctetString(_)));
    assert!(many[1].value.is_exception());
    let next = c.get_next(&[oid("1.3.6.1.2.1.1.1.0")]).await.unwrap();
    assert_eq!(next[0].oid, oid("1.3.6.1.2.1.1.2.0"));
    let bulk = c
        .get_bulk(1, 3, &[oid("1.3.6.1.2.1.1.1"), oid("1.3.6.1.2.1.2.2.1.2")])
        .await
        .unwrap();
    assert_eq!(bulk.len(), 4);
    // SET needs the write community.
    let w = Client::builder(a.local_addrs()[0].to_string())
        .community("private")
        .build()
        .await
        .unwrap();
    let set = w
        .set(&[VarBind::new(
            oid("1.3.6.1.2.1.1.5.0"),
            Value::from("renamed"),
        )])
        .await
        .unwrap();
    assert_eq!(set[0].value, Value::from("renamed"));
    assert_eq!(
        c.get(&oid("1.3.6.1.2.1.1.5.0")).await.unwrap().value,
        Value::from("renamed")
    );
    let refused = c
        .set(&[VarBind::new(oid("1.3.6.1.2.1.1.5.0"), Value::from("x"))])
        .await
        .unwrap_err();
    assert!(
        matches!(
            refused,
            Error::Agent {
                status: AgentStatus::Known(ErrorStatus::NoAccess),
                index: 1,
                ..
            }
        ),
        "{refused}"
    );
}

#[tokio::test]
async fn walks_and_table_return_what_is_served() {
    let a = agent();
    let c = client(a.local_addrs()[0].to_string()).await;
    let root = oid("1.3.6.1.2.1.2");
    let want = served(&a, "1.3.6.1.2.1.2");
    for mode in [WalkMode::GetNext, WalkMode::GetBulk] {
        let stream = match mode {
            WalkMode::GetNext => c.walk(&root),
            WalkMode::GetBulk => c.bulk_walk(&root),
        };
        let got: Vec<Oid> = stream.map(|r| r.unwrap().oid).collect().await;
        assert_eq!(got, want, "{mode:?}");
        let mut n = 0;
        let end = c
            .walk_each(&root, mode, |vb| {
                assert!(vb.name.starts_with(root.as_raw()));
                n += 1;
                Ok(())
            })
            .await
            .unwrap();
        assert_eq!((end.rows, n), (want.len() as u64, want.len()));
        assert_eq!(end.stop, WalkStop::LeftSubtree);
    }
    // The end of the agent's MIB.
    let last = c
        .walk_each(&oid("1.3.6.1.6"), WalkMode::GetBulk, |_| Ok(()))
        .await
        .unwrap();
    assert!(
        matches!(last.stop, WalkStop::EndOfMibView(_) | WalkStop::LeftSubtree),
        "{last:?}"
    );
    let t = c.table(&oid("1.3.6.1.2.1.2.2")).await.unwrap();
    assert_eq!(t.rows.len(), 11, "eleven interfaces");
    assert!(t.columns.contains(&2));
    assert_eq!(t.get(&[1], 2), Some(&Value::from("lo")));
}

#[tokio::test]
async fn snmpv1_walks_with_getnext_and_ends_at_no_such_name() {
    let a = agent();
    let c = Client::builder(a.local_addrs()[0].to_string())
        .version(Version::V1)
        .build()
        .await
        .unwrap();
    let end = c
        .walk_each(&oid("1.3.6.1.6.3"), WalkMode::GetBulk, |_| Ok(()))
        .await
        .unwrap();
    assert_eq!(end.stop, WalkStop::NoSuchName, "{end:?}");
    let rows: Vec<_> = c.bulk_walk(&oid("1.3.6.1.2.1.1")).collect().await;
    assert!(rows.len() > 5 && rows.iter().all(Result::is_ok));
}

#[tokio::test]
async fn too_big_is_split_and_retried() {
    let a = agent_with(AgentConfig::new().max_message_size(484), "127.0.0.1:0");
    let c = client(a.local_addrs()[0].to_string()).await;
    // 60 ifDescr-sized answers cannot come back in 484 octets at once.
    let oids: Vec<Oid> = (0..60).map(|_| oid("1.3.6.1.2.1.1.1.0")).collect();
    let got = c.get_many(&oids).await.unwrap();
    assert_eq!(got.len(), 60);
    let bulk = c
        .get_bulk(0, 60, &[oid("1.3.6.1.2.1.2.2.1.2")])
        .await
        .unwrap();
    assert!(!bulk.is_empty());
    let all: Vec<_> = c.bulk_walk(&oid("1.3.6.1.2.1.2.2")).collect().await;
    assert_eq!(all.len(), served(&a, "1.3.6.1.2.1.2.2").len());
}

#[tokio::test]
async fn a_silent_agent_times_out_and_a_looping_one_is_caught() {
    let silent = UdpSocket::bind("127.0.0.1:0").unwrap();
    let c = Client::builder(silent.local_addr().unwrap().to_string())
        .timeout(Duration::from_millis(100))
        .retries(1)
        .build()
        .await
        .unwrap();
    let t0 = Instant::now();
    let e = c.get(&oid("1.3.6.1.2.1.1.1.0")).await.unwrap_err();
    assert!(matches!(e, Error::Timeout(_)), "{e}");
    assert!(t0.elapsed() >= Duration::from_millis(190));
    // An agent answering every GETNEXT with the same object.
    let looping = UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = looping.local_addr().unwrap();
    std::thread::spawn(move || {
        let mut buf = [0u8; 1500];
        looping
            .set_read_timeout(Some(Duration::from_secs(3)))
            .unwrap();
        while let Ok((n, from)) = looping.recv_from(&mut buf) {
            let Ok(m) = winsnmp::wire::Message::decode(&buf[..n]) else {
                continue;
            };
            let winsnmp::wire::Body::Pdu(p) = &m.body else {
                continue;
            };
            let name = oid("1.3.6.1.2.1.1.5.0");
            let resp = winsnmp::wire::Message {
                version: m.version,
                community: m.community,
                body: winsnmp::wire::Body::Pdu(winsnmp::wire::Pdu::new(
                    winsnmp::wire::PduType::Response,
                    p.request_id,
                    vec![winsnmp::wire::VarBind::new(
                        name.as_raw(),
                        winsnmp::wire::Value::Integer(1),
                    )],
                )),
            };
            let _ = looping.send_to(&resp.to_vec().unwrap(), from);
        }
    });
    let c = client(addr.to_string()).await;
    let r: Vec<_> = c.walk(&oid("1.3.6.1.2.1.1")).collect().await;
    assert_eq!(r.len(), 2, "one row, then the error: {r:?}");
    assert!(matches!(r[1], Err(Error::NotIncreasing { .. })), "{r:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_transport_carries_thousands_of_concurrent_requests() {
    let a1 = agent();
    let a2 = agent_with(AgentConfig::new(), "[::1]:0");
    let transport = Transport::udp().unwrap();
    let mut clients = Vec::new();
    for addr in [a1.local_addrs()[0], a2.local_addrs()[0]] {
        clients
            .push(on_transport(&transport, addr.to_string(), Duration::from_millis(500), 3).await);
    }
    // Two objects, so that an answer handed to the wrong request (or read from the wrong
    // slot of a batched read) shows.
    let names = ["1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.1.1.0"];
    let expected = [
        clients[0].get(&oid(names[0])).await.unwrap().value,
        clients[0].get(&oid(names[1])).await.unwrap().value,
    ];
    assert_ne!(expected[0], expected[1]);
    let mut tasks = Vec::new();
    for i in 0..2000 {
        let c = clients[i % 2].clone();
        let name = oid(names[(i / 2) % 2]);
        tasks.push(tokio::spawn(
            async move { (name.clone(), c.get(&name).await) },
        ));
    }
    let mut ok = 0;
    for t in tasks {
        let (name, r) = t.await.unwrap();
        if let Ok(vb) = r {
            assert_eq!(vb.oid, name);
            let i = usize::from(name != oid(names[0]));
            assert_eq!(vb.value, expected[i]);
            ok += 1;
        }
    }
    assert_eq!(ok, 2000);
    assert_eq!(transport.outstanding(), 0);
    let st = transport.stats();
    assert_eq!(st.responses, 2002);
    assert_eq!(st.malformed, 0);
}

/// Many tasks on two threads, 30 % of the datagrams lost each way: every request ends.
/// Guards the hand-over of the driving: the request that drives the sockets and the timer
/// may complete in the very poll that drove them, and the driving must then pass to a
/// request still waiting (it used to stay with the previous driver, which nothing wakes:
/// seen as a hang, one run in about fifteen, when IPv6 answers were being lost; this test
/// did not reproduce it on its own, it keeps the lossy many-task case covered).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_answers_never_strand_the_waiting_requests() {
    use winsnmp_testkit::proxy::{Impairments, LossyProxy};
    let a = agent();
    let proxy = LossyProxy::start(a.local_addrs()[0], Impairments::loss(0.3).seed(16)).unwrap();
    let transport = Transport::udp().unwrap();
    let c = on_transport(
        &transport,
        proxy.addr().to_string(),
        Duration::from_millis(100),
        8,
    )
    .await;
    for round in 0..3 {
        let tasks: Vec<_> = (0..2000)
            .map(|_| {
                let c = c.clone();
                tokio::spawn(async move { c.get(&oid("1.3.6.1.2.1.1.5.0")).await })
            })
            .collect();
        let all = futures_util::future::join_all(tasks);
        let done = tokio::time::timeout(Duration::from_secs(60), all)
            .await
            .unwrap_or_else(|_| panic!("round {round}: requests stranded"));
        // 30 % loss each way, nine tries: a try fails with probability 1 − 0.7² = 0.51,
        // all nine with 0.51⁹ ≈ 0.0024, so about 4.7 of 2,000 requests time out (4 to 8
        // per round seen); more than 20 has a probability under 10⁻⁶. A stranded request
        // is a bug, and is caught by the timeout above.
        let ok = done.into_iter().filter(|r| matches!(r, Ok(Ok(_)))).count();
        assert!(ok >= 1980, "round {round}: {ok} of 2000 answered");
        assert_eq!(transport.outstanding(), 0);
    }
    drop(proxy);
}

/// What a test keeps while it runs: an agent and a socket that never answers.
type Peers = (RunningAgent, UdpSocket);

/// A shared transport and two clients on it (20 s timeout, no retry): `quiet` to a socket
/// that never answers, `live` to an agent; both peers returned, to be kept.
async fn quiet_and_live() -> (Transport, Client, Client, Peers) {
    let agent = agent();
    let silent = UdpSocket::bind("127.0.0.1:0").unwrap();
    let transport = Transport::udp().unwrap();
    let long = Duration::from_secs(20);
    let quiet = on_transport(
        &transport,
        silent.local_addr().unwrap().to_string(),
        long,
        0,
    );
    let live = on_transport(&transport, agent.local_addrs()[0].to_string(), long, 0);
    let (quiet, live) = (quiet.await, live.await);
    (transport, quiet, live, (agent, silent))
}

/// A client of agent `a` on `transport` through a proxy that delays every datagram by
/// 300 ms each way (20 s timeout, no retry); the proxy runs while it is kept.
async fn slow_client(
    transport: &Transport,
    a: &RunningAgent,
) -> (Client, winsnmp_testkit::proxy::LossyProxy) {
    use winsnmp_testkit::proxy::{Impairments, LossyProxy};
    let slow = Impairments::loss(0.0).delay(Duration::from_millis(300), Duration::from_millis(300));
    let proxy = LossyProxy::start(a.local_addrs()[0], slow).unwrap();
    let client = on_transport(
        transport,
        proxy.addr().to_string(),
        Duration::from_secs(20),
        0,
    )
    .await;
    (client, proxy)
}

/// A request made while another one waits (here: on a silent agent, with a long
/// timeout) is answered at once, the answer read by whichever request drives; then the
/// same with the requests in other tasks on other threads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_made_while_another_drives_is_answered_at_once() {
    let (transport, quiet, live, _peers) = quiet_and_live().await;
    let waiting = tokio::spawn(async move { quiet.get(&oid("1.3.6.1.2.1.1.1.0")).await });
    // The silent request is made and polled (it drives) before the live ones.
    while transport.outstanding() == 0 {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    let t0 = Instant::now();
    for _ in 0..20 {
        live.get(&oid("1.3.6.1.2.1.1.5.0")).await.unwrap();
    }
    let tasks: Vec<_> = (0..200)
        .map(|_| {
            let c = live.clone();
            tokio::spawn(async move { c.get(&oid("1.3.6.1.2.1.1.5.0")).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert!(t0.elapsed() < Duration::from_secs(10), "{:?}", t0.elapsed());
    assert_eq!(transport.outstanding(), 1, "the silent request still waits");
    waiting.abort();
    let _ = waiting.await;
    assert_eq!(
        transport.outstanding(),
        0,
        "an aborted request is forgotten"
    );
}

/// Polls a GET of `client` once (with no other request waiting, it drives) and then
/// parks it: its task stays alive but never polls it again. Returns once it is parked,
/// with the task (abort it to drop the request).
async fn park_a_request(client: Client) -> tokio::task::JoinHandle<()> {
    let polled = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = Arc::clone(&polled);
    let parked = tokio::spawn(async move {
        let name = oid("1.3.6.1.2.1.1.1.0");
        let mut get = std::pin::pin!(client.get(&name));
        let once =
            std::future::poll_fn(|cx| std::task::Poll::Ready(get.as_mut().poll(cx).is_pending()));
        assert!(once.await);
        flag.store(true, std::sync::atomic::Ordering::SeqCst);
        futures_util::future::pending::<()>().await;
    });
    while !polled.load(std::sync::atomic::Ordering::SeqCst) {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    parked
}

/// A request future polled once and then left unpolled while its task does something
/// else (here: waits forever) may be the one the sockets wake: the requests made after it
/// drive for themselves, and one already waiting (its answer delayed 300 ms, so it comes
/// after the other request parked) is woken beside it and drives.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parked_request_does_not_stall_the_others() {
    let (transport, quiet, live, peers) = quiet_and_live().await;
    let (delayed, _proxy) = slow_client(&transport, &peers.0).await;
    let waiting = tokio::spawn(async move { delayed.get(&oid("1.3.6.1.2.1.1.5.0")).await });
    while transport.outstanding() == 0 {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    // Polled once (it drives, or becomes the relay's second waker), then parked.
    let parked = park_a_request(quiet).await;
    let w = tokio::time::timeout(Duration::from_secs(5), waiting).await;
    assert!(
        matches!(w, Ok(Ok(Ok(_)))),
        "the request already waiting stalled: {w:?}"
    );
    let r = tokio::time::timeout(Duration::from_secs(5), live.get(&oid("1.3.6.1.2.1.1.5.0"))).await;
    assert!(
        matches!(r, Ok(Ok(_))),
        "stalled behind the parked request: {r:?}"
    );
    parked.abort();
    let _ = parked.await;
    assert_eq!(transport.outstanding(), 0);
}

/// A parked request first in line to take the driving over; a quick request that drives,
/// a request waiting for a slow answer (300 ms) and another quick one, the last two made
/// while the first drives (each becomes in turn the relay's second waker). The quick ones
/// complete and hand the driving over; the slow answer must still wake somebody who
/// drives: neither the parked request nor a completed one.
#[tokio::test(flavor = "current_thread")]
async fn a_slow_answer_after_the_driving_changed_hands_is_still_read() {
    let (transport, quiet, live, peers) = quiet_and_live().await;
    let (delayed, _proxy) = slow_client(&transport, &peers.0).await;
    let parked = park_a_request(quiet).await;
    // Polled in this order once the test's task waits: the first drives, the other two
    // skip their drive and become in turn the relay's second waker.
    let get = |c: &Client| {
        let c = c.clone();
        tokio::spawn(async move { c.get(&oid("1.3.6.1.2.1.1.5.0")).await })
    };
    let (quick, waiting, quick_too) = (get(&live), get(&delayed), get(&live));
    for q in [quick, quick_too] {
        let q = tokio::time::timeout(Duration::from_secs(5), q).await;
        assert!(matches!(q, Ok(Ok(Ok(_)))), "a quick request: {q:?}");
    }
    let w = tokio::time::timeout(Duration::from_secs(5), waiting).await;
    assert!(
        matches!(w, Ok(Ok(Ok(_)))),
        "the slow answer was never read: {w:?}"
    );
    parked.abort();
    let _ = parked.await;
    assert_eq!(transport.outstanding(), 0);
}

/// The request that drives is parked by its task; the requests made after it do not
/// drive on their first poll when nothing came since its last drive, so each must be
/// woken beside it and drive when its answer comes: one at a time, and 200 at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parked_driver_does_not_stall_the_requests_made_after_it() {
    let (transport, quiet, live, _peers) = quiet_and_live().await;
    let parked = park_a_request(quiet).await;
    // In a task of its own: the test's own thread may poll again when not woken.
    let c = live.clone();
    let one_by_one = tokio::spawn(async move {
        for _ in 0..20 {
            c.get(&oid("1.3.6.1.2.1.1.5.0")).await.unwrap();
        }
    });
    tokio::time::timeout(Duration::from_secs(10), one_by_one)
        .await
        .expect("a request stalled behind the parked driver")
        .unwrap();
    let tasks: Vec<_> = (0..200)
        .map(|_| {
            let c = live.clone();
            tokio::spawn(async move { c.get(&oid("1.3.6.1.2.1.1.5.0")).await })
        })
        .collect();
    let all = tokio::time::timeout(
        Duration::from_secs(10),
        futures_util::future::join_all(tasks),
    )
    .await
    .expect("requests stalled behind the parked driver");
    assert!(all.into_iter().all(|r| matches!(r, Ok(Ok(_)))));
    assert_eq!(transport.outstanding(), 1, "only the parked request waits");
    parked.abort();
    let _ = parked.await;
    assert_eq!(transport.outstanding(), 0);
}

/// A request with a shorter timeout than the armed timer's (the parked driver's 20 s),
/// made while nothing else happens, times out on its own time: its first poll arms the
/// timer earlier.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shorter_timeout_than_the_armed_one_ends_in_time() {
    let (transport, quiet, _, peers) = quiet_and_live().await;
    let parked = park_a_request(quiet).await;
    let short = on_transport(
        &transport,
        peers.1.local_addr().unwrap().to_string(),
        Duration::from_millis(200),
        0,
    )
    .await;
    let t0 = Instant::now();
    // In a task of its own: the test's own thread may poll again when not woken.
    let r = tokio::spawn(async move { short.get(&oid("1.3.6.1.2.1.1.5.0")).await });
    let r = tokio::time::timeout(Duration::from_secs(5), r).await;
    assert!(matches!(r, Ok(Ok(Err(Error::Timeout(_))))), "{r:?}");
    assert!(t0.elapsed() < Duration::from_secs(2), "{:?}", t0.elapsed());
    parked.abort();
    let _ = parked.await;
}

/// Spawns `n` GETs of `quiet` (a silent agent) in tasks of their own and returns once all
/// are waiting, with the tasks.
async fn silent_requests(
    transport: &Transport,
    quiet: &Client,
    n: usize,
) -> Vec<tokio::task::JoinHandle<()>> {
    let before = transport.outstanding();
    let tasks = (0..n)
        .map(|_| {
            let q = quiet.clone();
            tokio::spawn(async move {
                let _ = q.get(&oid("1.3.6.1.2.1.1.1.0")).await;
            })
        })
        .collect();
    let t0 = Instant::now();
    while transport.outstanding() < before + n {
        assert!(t0.elapsed() < Duration::from_secs(10), "never polled");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    tasks
}

/// With many requests waiting (here on a silent agent, so no answer wakes anybody), a new
/// request's datagram waits for the requests made with it to leave together: it still
/// leaves at once, one request at a time, and 200 at once polled by one task (as a
/// pipelining manager does); also on a single-threaded runtime.
async fn requests_made_while_many_wait_are_sent_at_once() {
    let (transport, quiet, live, _peers) = quiet_and_live().await;
    let waiting = silent_requests(&transport, &quiet, 40).await;
    let name = oid("1.3.6.1.2.1.1.5.0");
    let work = async {
        for _ in 0..20 {
            live.get(&name).await.unwrap();
        }
        let mut many: futures_util::stream::FuturesUnordered<_> =
            (0..200).map(|_| live.get(&name)).collect();
        let mut answered = 0;
        while let Some(r) = many.next().await {
            r.unwrap();
            answered += 1;
            if answered <= 800 {
                // Each answer makes a new request, as a pipelining manager does.
                many.push(live.get(&name));
            }
        }
        answered
    };
    let answered = tokio::time::timeout(Duration::from_secs(10), work)
        .await
        .expect("a request waited for a datagram nobody sent");
    assert_eq!(answered, 1000);
    assert_eq!(transport.outstanding(), 40, "only the silent requests wait");
    for t in waiting {
        t.abort();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_made_while_many_wait_are_sent_at_once_on_threads() {
    requests_made_while_many_wait_are_sent_at_once().await;
}

#[tokio::test(flavor = "current_thread")]
async fn requests_made_while_many_wait_are_sent_at_once_on_one_thread() {
    requests_made_while_many_wait_are_sent_at_once().await;
}

/// Every request that would wake anybody parked (the driver, and twenty more whose
/// first poll made each the relay's second waker), many waiting: a request polled once
/// (its datagram queued for the transport's flusher task) is dropped, and a request made
/// after it in another task, its datagram queued with it, is still sent and answered (no
/// request, parked or dropped, is what sends the queued datagrams). One thread: the
/// flusher runs only once the test's task waits.
#[tokio::test(flavor = "current_thread")]
async fn a_dropped_request_leaves_no_datagram_unsent() {
    let (transport, quiet, live, _peers) = quiet_and_live().await;
    let mut parked = Vec::new();
    for _ in 0..21 {
        parked.push(park_a_request(quiet.clone()).await);
    }
    let name = oid("1.3.6.1.2.1.1.5.0");
    // Boxed, so that dropping it drops the request.
    let mut first = Box::pin(live.get(&name));
    let polled = std::future::poll_fn(|cx| std::task::Poll::Ready(first.as_mut().poll(cx))).await;
    assert!(polled.is_pending(), "{polled:?}");
    let l = live.clone();
    let second = tokio::spawn(async move { l.get(&oid("1.3.6.1.2.1.1.5.0")).await });
    // Until it has been polled (it may already be answered: the flusher runs meanwhile).
    let t0 = Instant::now();
    while transport.outstanding() < 23 && !second.is_finished() {
        assert!(t0.elapsed() < Duration::from_secs(10), "never polled");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    drop(first);
    let r = tokio::time::timeout(Duration::from_secs(5), second).await;
    assert!(matches!(r, Ok(Ok(Ok(_)))), "stalled: {r:?}");
    assert_eq!(transport.outstanding(), 21);
    for p in parked {
        p.abort();
    }
}

/// Many requests waiting, 200 more made and polled in one go by a task that does not
/// yield (the flusher task cannot run meanwhile): every full batch of 64 leaves at once,
/// so at most 63 wait for the flusher (the queue stays small whatever the burst), and all
/// are answered once the task waits.
#[tokio::test(flavor = "current_thread")]
async fn a_full_batch_of_queued_datagrams_leaves_at_once() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let (transport, quiet, live, peers) = quiet_and_live().await;
    let waiting = silent_requests(&transport, &quiet, 40).await;
    let sent = Arc::new(AtomicUsize::new(0));
    let (count, agent_addr) = (Arc::clone(&sent), peers.0.local_addrs()[0]);
    transport.set_packet_hook(Some(Arc::new(move |p: &winsnmp::client::Packet<'_>| {
        if p.direction == Direction::Sent && p.peer == agent_addr {
            count.fetch_add(1, Ordering::SeqCst);
        }
    })));
    let name = oid("1.3.6.1.2.1.1.5.0");
    let mut gets: Vec<_> = (0..200).map(|_| Box::pin(live.get(&name))).collect();
    let pending = std::future::poll_fn(|cx| {
        let n = gets
            .iter_mut()
            .map(|g| g.as_mut().poll(cx).is_pending())
            .filter(|&p| p)
            .count();
        std::task::Poll::Ready(n)
    })
    .await;
    assert_eq!(pending, 200);
    let before_yield = sent.load(Ordering::SeqCst);
    assert!(
        (200 - 63..200).contains(&before_yield),
        "{before_yield} sent before the task yielded"
    );
    let answers = tokio::time::timeout(
        Duration::from_secs(10),
        futures_util::future::join_all(gets),
    )
    .await
    .expect("queued datagrams were never sent");
    assert!(answers.iter().all(Result::is_ok));
    assert_eq!(sent.load(Ordering::SeqCst), 200);
    for t in waiting {
        t.abort();
    }
}

/// A UDP transport runs one task of its own (the flusher), which ends with the transport.
#[tokio::test(flavor = "current_thread")]
async fn a_transport_s_task_ends_with_it() {
    let tasks = || {
        tokio::runtime::Handle::current()
            .metrics()
            .num_alive_tasks()
    };
    let before = tasks();
    let transport = Transport::udp().unwrap();
    let other = transport.clone();
    tokio::task::yield_now().await;
    assert_eq!(tasks(), before + 1);
    drop(transport);
    tokio::task::yield_now().await;
    assert_eq!(tasks(), before + 1, "a clone keeps it");
    drop(other);
    for _ in 0..10 {
        tokio::task::yield_now().await;
    }
    assert_eq!(tasks(), before);
}

/// Requests dropped while they wait (a caller's timeout), the driving one among them, at
/// every stage: the requests left are all answered (a datagram lost to a full socket
/// buffer in the burst is sent again; a request left with nobody driving would wait
/// forever, the timer being driven too).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_waiting_requests_never_strands_the_others() {
    let a = agent();
    let transport = Transport::udp().unwrap();
    let c = on_transport(
        &transport,
        a.local_addrs()[0].to_string(),
        Duration::from_millis(500),
        10,
    )
    .await;
    for round in 0..5u64 {
        let tasks: Vec<_> = (0..1000u64)
            .map(|i| {
                let c = c.clone();
                tokio::spawn(async move {
                    let name = oid("1.3.6.1.2.1.1.5.0");
                    let get = c.get(&name);
                    if i % 2 == 0 {
                        // Given up after 0 to 99 µs: before, while or after it drives.
                        let wait = Duration::from_micros((i * 7 + round * 13) % 100);
                        tokio::time::timeout(wait, get)
                            .await
                            .ok()
                            .map(|r| r.is_ok())
                    } else {
                        Some(get.await.is_ok())
                    }
                })
            })
            .collect();
        let all = futures_util::future::join_all(tasks);
        let done = tokio::time::timeout(Duration::from_secs(30), all)
            .await
            .unwrap_or_else(|_| panic!("round {round}: requests stranded"));
        for (i, r) in done.into_iter().enumerate() {
            let r = r.unwrap();
            if i % 2 == 1 {
                assert_eq!(r, Some(true), "round {round}: request {i}");
            } else {
                assert_ne!(r, Some(false), "round {round}: request {i} failed");
            }
        }
        assert_eq!(transport.outstanding(), 0);
    }
}

#[tokio::test]
async fn fan_out_polls_many_targets_with_a_limit() {
    let agents: Vec<RunningAgent> = (0..8).map(|_| agent()).collect();
    let transport = Transport::udp().unwrap();
    let mut clients = Vec::new();
    for a in &agents {
        clients.push(
            Client::builder(a.local_addrs()[0].to_string())
                .transport(&transport)
                .build()
                .await
                .unwrap(),
        );
    }
    let addrs: Vec<SocketAddr> = clients.iter().map(Client::addr).collect();
    let results: Vec<(usize, Result<VarBind, Error>)> = fan_out(clients, 3, |c| async move {
        c.get(&oid("1.3.6.1.2.1.1.3.0")).await
    })
    .collect()
    .await;
    assert_eq!(results.len(), 8);
    let mut seen: Vec<usize> = results.iter().map(|(i, _)| *i).collect();
    seen.sort_unstable();
    assert_eq!(seen, (0..8).collect::<Vec<_>>());
    assert!(results.iter().all(|(_, r)| r.is_ok()));
    assert_eq!(addrs.len(), 8);
}

#[test]
fn the_blocking_facade() {
    let a = agent();
    let c = blocking::Client::connect(Client::builder(a.local_addrs()[0].to_string())).unwrap();
    assert!(
        c.get(&oid("1.3.6.1.2.1.1.1.0"))
            .unwrap()
            .value
            .to_string()
            .starts_with("Linux")
    );
    let rows = c.bulk_walk(&oid("1.3.6.1.2.1.1")).unwrap();
    assert_eq!(rows.len(), served(&a, "1.3.6.1.2.1.1").len());
    let rows = c.walk(&oid("1.3.6.1.2.1.1")).unwrap();
    assert_eq!(rows.len(), served(&a, "1.3.6.1.2.1.1").len());
    assert_eq!(c.table(&oid("1.3.6.1.2.1.2.2")).unwrap().rows.len(), 11);
}

/// net-snmp's snmpd: v2c and v1 over UDP, v2c over TCP, SNMPv3 authPriv; a bulk walk of the
/// system group equal to snmpbulkwalk's object list.
#[tokio::test]
async fn against_net_snmp_udp_tcp_and_v3() {
    let Some(d) = tokio::task::spawn_blocking(Snmpd::start).await.unwrap() else {
        return;
    };
    let udp = d.addr_v4().to_string();
    let expected: Vec<String> = {
        let out = netsnmp::run_tool(
            "snmpbulkwalk",
            &[
                "-v2c",
                "-c",
                "public",
                "-On",
                "-Oq",
                &udp,
                ".1.3.6.1.2.1.1.9",
            ],
        )
        .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| {
                l.split_whitespace()
                    .next()
                    .unwrap()
                    .trim_start_matches('.')
                    .to_owned()
            })
            .collect()
    };
    let names = |c: Client| async move {
        c.bulk_walk(&oid("1.3.6.1.2.1.1.9"))
            .map(|r| r.unwrap().oid.to_string())
            .collect::<Vec<_>>()
            .await
    };
    let v2 = client(udp.clone()).await;
    assert_eq!(names(v2.clone()).await, expected);
    let v1 = Client::builder(udp.clone())
        .version(Version::V1)
        .build()
        .await
        .unwrap();
    assert_eq!(names(v1).await, expected);
    let tcp = Client::builder(format!("tcp:{}", d.addr_tcp()))
        .build()
        .await
        .unwrap();
    assert!(tcp.transport().is_tcp());
    assert_eq!(names(tcp.clone()).await, expected);
    assert_eq!(
        tcp.get(&oid("1.3.6.1.2.1.1.4.0")).await.unwrap().value,
        Value::from("tests@example.org")
    );
    let user = winsnmp::api::usm_user(
        b"sha256-aes256",
        Some((winsnmp::wire::usm::AuthProtocol::Sha256, b"authpass123")),
        Some((winsnmp::wire::usm::PrivProtocol::Aes256, b"privpass123")),
    )
    .unwrap();
    let v3 = Client::builder(udp.clone())
        .usm(EntitySecurity::new(user, SecurityLevel::AuthPriv), b"")
        .build()
        .await
        .unwrap();
    assert_eq!(names(v3.clone()).await, expected);
    let wrong = winsnmp::api::usm_user(
        b"sha256-aes256",
        Some((winsnmp::wire::usm::AuthProtocol::Sha256, b"wrongpass1")),
        None,
    )
    .unwrap();
    let bad = Client::builder(udp)
        .usm(EntitySecurity::new(wrong, SecurityLevel::AuthNoPriv), b"")
        .build()
        .await
        .unwrap();
    let e = bad.get(&oid("1.3.6.1.2.1.1.4.0")).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "Authentication failure (incorrect password, community or key)"
    );
    drop(Arc::new(d));
}

/// `walk_with`: net-snmp's walk options — an end OID, the GET of the root first or when
/// nothing is found, the stop handed over in order.
#[tokio::test]
async fn walk_options() {
    let a = agent();
    let c = client(a.local_addrs()[0].to_string()).await;
    let system = oid("1.3.6.1.2.1.1");
    // -CE: stop before sysContact.0 (1.3.6.1.2.1.1.4.0), in the subtree or not.
    let mut got = Vec::new();
    let opts = WalkOptions::new(WalkMode::GetNext).limit(WalkLimit::Before(oid("1.3.6.1.2.1.1.4")));
    let end = c
        .walk_with(&system, &opts, |item| {
            if let WalkItem::Binding(vb) = item {
                got.push(vb.name.to_string());
            }
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!(
        got,
        [
            "1.3.6.1.2.1.1.1.0",
            "1.3.6.1.2.1.1.2.0",
            "1.3.6.1.2.1.1.3.0"
        ]
    );
    assert_eq!((end.rows, end.stop), (3, WalkStop::LeftSubtree));
    // An instance as the root: nothing below it, so its GET (net-snmp's fallback).
    let name = oid("1.3.6.1.2.1.1.5.0");
    for (fallback, want) in [(true, 1), (false, 0)] {
        let mut items = Vec::new();
        let opts = WalkOptions::new(WalkMode::GetBulk).get_if_empty(fallback);
        let end = c
            .walk_with(&name, &opts, |item| {
                items.push(match item {
                    WalkItem::Binding(vb) => vb.name.to_string(),
                    WalkItem::Stopped(s) => format!("{s:?}"),
                });
                Ok(())
            })
            .await
            .unwrap();
        assert_eq!(end.rows, want, "{items:?}");
        assert_eq!(items[0], "LeftSubtree", "the stop comes first");
        if fallback {
            assert_eq!(items[1], "1.3.6.1.2.1.1.5.0");
        }
    }
    // -Ci: the root's GET first, exceptions included (a table has no instance itself).
    let mut first = None;
    let opts = WalkOptions::new(WalkMode::GetBulk).include_root(true);
    let end = c
        .walk_with(&oid("1.3.6.1.2.1.2.2.1.2"), &opts, |item| {
            if let (WalkItem::Binding(vb), None) = (item, &first) {
                first = Some((vb.name.to_string(), format!("{:?}", vb.value)));
            }
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!(end.rows, 12, "eleven interfaces and the root");
    let (n, v) = first.unwrap();
    assert_eq!(n, "1.3.6.1.2.1.2.2.1.2");
    assert!(v.contains("NoSuch"), "{v}");
    // The root of everything (net-snmp's `.1`): from 1.0 to the end of the MIB.
    let mut rows = 0u64;
    let opts = WalkOptions::new(WalkMode::GetBulk).limit(WalkLimit::Before(oid("2.0")));
    let end = c
        .walk_with(&oid("1.0"), &opts, |_| {
            rows += 1;
            Ok(())
        })
        .await
        .unwrap();
    assert!(end.rows > 500, "{end:?}");
    assert!(matches!(end.stop, WalkStop::EndOfMibView(_)), "{end:?}");
}

/// `table_with`: chosen columns, GETBULK from the first of them or GETNEXT row by row
/// (`snmptable -CB`), the same rows either way; the columns left out are noted.
#[tokio::test]
async fn table_options() {
    let a = agent();
    let c = client(a.local_addrs()[0].to_string()).await;
    let if_table = oid("1.3.6.1.2.1.2.2");
    let bulk = c
        .table_with(
            &if_table,
            &TableOptions::new().columns(vec![2, 8]).max_repetitions(7),
        )
        .await
        .unwrap();
    let rows = c
        .table_with(
            &if_table,
            &TableOptions::new()
                .columns(vec![8, 2])
                .mode(WalkMode::GetNext),
        )
        .await
        .unwrap();
    assert_eq!(bulk.columns, [2, 8]);
    assert_eq!(rows.columns, [2, 8]);
    assert_eq!(bulk.rows, rows.rows);
    assert_eq!(bulk.rows.len(), 11);
    assert!(bulk.other_columns, "ifTable has more columns than 2 and 8");
    assert!(!rows.other_columns);
    assert_eq!(bulk.get(&[1], 2), Some(&Value::from("lo")));
    let mut all = c.table(&if_table).await.unwrap();
    all.sort();
    assert!(all.columns.len() > 2 && !all.other_columns);
}

/// The packet hook sees each datagram as it crosses the socket, both ways.
#[tokio::test]
async fn packet_hook_sees_every_datagram() {
    use std::sync::Mutex;
    let a = agent();
    let seen: Arc<Mutex<Vec<(Direction, usize)>>> = Arc::default();
    let log = Arc::clone(&seen);
    let c = Client::builder(a.local_addrs()[0].to_string())
        .packet_hook(Arc::new(move |p: &winsnmp::client::Packet<'_>| {
            log.lock().unwrap().push((p.direction, p.bytes.len()));
            assert_eq!(p.local.ip().to_string(), "0.0.0.0");
        }))
        .build()
        .await
        .unwrap();
    c.get(&oid("1.3.6.1.2.1.1.5.0")).await.unwrap();
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[0].0, Direction::Sent);
    assert_eq!(seen[1].0, Direction::Received);
    assert!(seen[1].1 > seen[0].1);
}
