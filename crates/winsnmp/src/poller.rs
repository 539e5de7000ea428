//! The poller role: whichever thread holds it waits on every socket and on the clock, and
//! does the engine's I/O.
//!
//! # Why a role rather than a thread
//! With one thread for I/O and another for callbacks, every answer crossed threads twice
//! (socket → driver → callback thread, and the callback's `SnmpSendMsg` woke the driver
//! again): about six context switches per request, seven times the CPU of a plain C
//! sender. Now the role moves: a callback thread with nothing to run takes it and polls
//! itself, so a pipelined manager's answer is read, decoded, handed to its callback and
//! the next request sent by one thread, with no hand-off and no lock contention.
//!
//! # Who holds it
//! - A **callback thread** with no session ready takes the role if it is free (see
//!   `Delivery::run`), does one [`cycle`], gives it back and looks for callbacks to run.
//!   If the driver thread holds it, the callback thread asks for it (`want`, then the
//!   waker) and waits for it; if another callback thread holds it, it waits for work.
//! - The **driver thread** (`winsnmp-driver`) never runs a callback. It is the poller of
//!   last resort: before any callback thread exists, and whenever the role has been free
//!   for [`WATCH`] (a callback thread took it and is stuck in a long callback). It keeps
//!   polling until a callback thread asks for the role back. So a callback that blocks
//!   delays I/O and timers by [`WATCH`] to [`LONG_WATCH`] (depending on when the driver
//!   last looked), and other sessions' callbacks run meanwhile on other callback threads.
//! - While a callback thread polls (blocked in `epoll_wait`), the driver thread *parks*:
//!   it sleeps with no timeout and is woken by the next release of the role, so an idle
//!   process has no timer wake-ups. While the role changes hands, it looks every [`WATCH`]
//!   at first, then less often, up to every [`LONG_WATCH`], while every look finds it
//!   changed hands again (a pipelined manager is not woken 50 times a second).
//!
//! Lock order: the role, then the runtime lock, then the delivery lock. A thread holding
//! the delivery lock only ever *tries* the role.

use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering, fence};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError, TryLockError};
use std::time::{Duration, Instant};

use mio::{Events, Poll, Token, Waker};
use winsnmp_engine::EndpointId;

use crate::driver::lock;
use crate::udp::{BATCH, SLOT};

/// The fewest receive slots a read offers: two, so that a read filling only the first
/// shows the socket empty (one where reads take one datagram).
const FEW_SLOTS: usize = if BATCH < 2 { BATCH } else { 2 };

/// The waker's token.
pub(crate) const WAKER: Token = Token(usize::MAX);
/// Datagrams read from one socket per cycle before the others get their turn.
const READ_BUDGET: usize = 256;
/// How long the role may stay free (its last holder busy in a callback) before the
/// driver thread takes it, once the driver looks (see [`PollerSlot::next_look`]): a blocking
/// callback delays I/O and timers by this much, or by [`LONG_WATCH`] at most.
pub(crate) const WATCH: Duration = Duration::from_millis(20);
/// How long the role may stay free while its last holder runs many short callbacks in a
/// row (or is not scheduled) before the driver thread takes it: timers are then that late.
pub(crate) const LONG_WATCH: Duration = Duration::from_millis(100);

/// I/O cycles run by the driver thread, by callback threads, and the driver thread's
/// watch wake-ups, since the process started (see [`crate::api::io_stats`]).
pub(crate) static DRIVER_CYCLES: AtomicU64 = AtomicU64::new(0);
pub(crate) static CALLBACK_CYCLES: AtomicU64 = AtomicU64::new(0);
pub(crate) static WATCH_WAKEUPS: AtomicU64 = AtomicU64::new(0);

const NOBODY: u8 = 0;
const DRIVER: u8 = 1;
const WORKER: u8 = 2;

/// What the holder of the role works with.
pub(crate) struct Poller {
    poll: Poll,
    events: Events,
    /// [`BATCH`] slots of [`SLOT`] octets.
    buf: Vec<u8>,
    /// How many of them the next read offers (2 to [`BATCH`]): twice what the last read
    /// got, so a manager waiting for one answer at a time does not set up sixteen message
    /// headers per answer, and a busy socket is read in full batches.
    slots: usize,
    /// What the last read got: each slot's length and sender.
    got: Vec<(usize, Option<SocketAddr>)>,
    /// Sockets whose read budget ran out: read again at once.
    backlog: Vec<EndpointId>,
    /// The sockets to read this cycle (kept for its memory).
    ready: Vec<EndpointId>,
    /// When the last cycle's wait ended (the time its reads and timers ran at).
    woke: Option<Instant>,
}

/// The role and what its holders share.
pub(crate) struct PollerSlot {
    /// Holding this lock is holding the role.
    role: Mutex<Poller>,
    /// Wakes the holder out of `epoll_wait`.
    pub(crate) waker: Arc<Waker>,
    /// Set by the final cleanup: every holder gives the role up and the driver exits.
    stop: AtomicBool,
    /// A callback thread asks the driver thread for the role.
    want: AtomicBool,
    /// Who holds the role ([`NOBODY`], [`DRIVER`], [`WORKER`]).
    holder: AtomicU8,
    /// When a callback thread last gave the role up, in nanoseconds since `base`
    /// (0: never).
    released: AtomicU64,
    /// The callback thread that released it (its id + 1; 0: none).
    releaser: AtomicU64,
    /// When that thread's current callback started (nanoseconds since `base`; 0: it is
    /// not in a callback).
    callback_since: AtomicU64,
    base: Instant,
    /// The driver thread is parked (mirrors `park`'s flag, read without its lock).
    parked: AtomicBool,
    park: Mutex<bool>,
    unpark: Condvar,
}

impl std::fmt::Debug for PollerSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PollerSlot")
            .field("holder", &self.holder.load(Ordering::Relaxed))
            .field("stop", &self.stopping())
            .finish_non_exhaustive()
    }
}

impl PollerSlot {
    /// A slot holding a new poll, with its waker registered.
    pub(crate) fn new() -> io::Result<(Self, mio::Registry)> {
        let poll = Poll::new()?;
        let registry = poll.registry().try_clone()?;
        let waker = Arc::new(Waker::new(poll.registry(), WAKER)?);
        let slot = Self {
            role: Mutex::new(Poller {
                poll,
                events: Events::with_capacity(256),
                buf: vec![0u8; BATCH * SLOT],
                slots: FEW_SLOTS,
                got: Vec::with_capacity(BATCH),
                backlog: Vec::new(),
                ready: Vec::new(),
                woke: None,
            }),
            waker,
            stop: AtomicBool::new(false),
            want: AtomicBool::new(false),
            holder: AtomicU8::new(NOBODY),
            released: AtomicU64::new(0),
            releaser: AtomicU64::new(0),
            callback_since: AtomicU64::new(0),
            base: Instant::now(),
            parked: AtomicBool::new(false),
            park: Mutex::new(false),
            unpark: Condvar::new(),
        };
        Ok((slot, registry))
    }

    /// Tells every holder to give the role up and the driver thread to exit.
    pub(crate) fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = self.waker.wake();
        self.wake_driver();
    }

    pub(crate) fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    fn wake_driver(&self) {
        let mut p = self.park.lock().unwrap_or_else(PoisonError::into_inner);
        if *p {
            *p = false;
            self.parked.store(false, Ordering::SeqCst);
        }
        self.unpark.notify_one();
    }

    /// For a callback thread with nothing to run: the role if it can have it now or by
    /// asking the driver thread for it, `None` if another callback thread holds it (or
    /// another is already asking). Called with the delivery lock held: never blocks.
    pub(crate) fn try_take(&self) -> Option<Take<'_>> {
        if self.stopping() {
            return None;
        }
        match self.role.try_lock() {
            Ok(g) => Some(Take::Now(g)),
            Err(TryLockError::Poisoned(e)) => Some(Take::Now(e.into_inner())),
            Err(TryLockError::WouldBlock) => (self.holder.load(Ordering::SeqCst) == DRIVER
                && !self.want.swap(true, Ordering::SeqCst))
            .then_some(Take::Ask),
        }
    }

    /// Completes a [`Take`] (with no lock held), runs one cycle as a callback thread and
    /// gives the role back. Returns when the cycle's wait ended, in nanoseconds since
    /// `base`: the time for the callback the thread runs next, if it runs one at once
    /// (see [`PollerSlot::callback_starts`]).
    pub(crate) fn poll_once(&self, worker: u64, take: Take<'_>) -> u64 {
        let mut g = match take {
            Take::Now(g) => g,
            Take::Ask => {
                let _ = self.waker.wake();
                let g = self.role.lock().unwrap_or_else(PoisonError::into_inner);
                self.want.store(false, Ordering::SeqCst);
                g
            }
        };
        self.holder.store(WORKER, Ordering::SeqCst);
        CALLBACK_CYCLES.fetch_add(1, Ordering::Relaxed);
        cycle(&mut g, &self.stop);
        // The watchdog's times are compared with tens of milliseconds: the time the wait
        // ended (the cycle's own clock reading) stands for the time the role is given back,
        // with no clock reading of its own.
        let woke = g.woke.take();
        self.holder.store(NOBODY, Ordering::SeqCst);
        drop(g);
        let released = woke.map_or_else(|| self.now(), |t| self.since_base(t));
        self.releaser.store(worker + 1, Ordering::SeqCst);
        self.released.store(released, Ordering::SeqCst);
        // Pairs with the fence in `park`: either the driver sees the role free, or this
        // thread sees it parked and wakes it to watch.
        fence(Ordering::SeqCst);
        if self.parked.load(Ordering::SeqCst) {
            self.wake_driver();
        }
        released
    }

    /// Nanoseconds since `base` (at least 1: 0 means "never").
    fn now(&self) -> u64 {
        self.since_base(Instant::now())
    }

    /// `t` in nanoseconds since `base` (at least 1).
    fn since_base(&self, t: Instant) -> u64 {
        u64::try_from(t.saturating_duration_since(self.base).as_nanos())
            .unwrap_or(u64::MAX)
            .max(1)
    }

    /// Callback thread `worker` starts running a callback; `polled` is what its
    /// [`PollerSlot::poll_once`] just returned when the callback follows that cycle with
    /// nothing in between (saves a clock reading per callback), `None` otherwise.
    pub(crate) fn callback_starts(&self, worker: u64, polled: Option<u64>) {
        if self.releaser.load(Ordering::Relaxed) == worker + 1 {
            let now = polled.unwrap_or_else(|| self.now());
            self.callback_since.store(now, Ordering::SeqCst);
        }
    }

    /// Callback thread `worker`'s callback returned.
    pub(crate) fn callback_ends(&self, worker: u64) {
        if self.releaser.load(Ordering::Relaxed) == worker + 1 {
            self.callback_since.store(0, Ordering::SeqCst);
        }
    }

    /// Whether the role, free now, has been left long enough for the driver to take it:
    /// never held by a callback thread, or its last holder has been in one callback for
    /// [`WATCH`], or away for [`LONG_WATCH`] (a long run of callbacks, or descheduled).
    fn abandoned(&self) -> bool {
        let released = self.released.load(Ordering::SeqCst);
        if released == 0 {
            return true;
        }
        let now = self.now();
        let away = Duration::from_nanos(now.saturating_sub(released));
        let since = self.callback_since.load(Ordering::SeqCst);
        let in_callback = Duration::from_nanos(now.saturating_sub(since));
        away >= LONG_WATCH || (away >= WATCH && since != 0 && in_callback >= WATCH)
    }

    /// How long the driver waits before it looks at the role again, `moved` saying
    /// whether the role changed hands since its last look. While it keeps changing hands
    /// (a pipelined manager: released and taken again at every answer) the wait doubles
    /// from [`WATCH`] up to [`LONG_WATCH`]: looking every 20 ms woke the driver 50 times a
    /// second, and each wake-up could move the callback thread to the other CPU (measured:
    /// a third fewer GETs per second at 1 outstanding on 2 cores). A callback in progress is
    /// looked at again when it has run for [`WATCH`], so one that blocks is taken over
    /// from after [`WATCH`] to [`LONG_WATCH`] at most.
    fn next_look(&self, interval: &mut Duration, moved: bool) -> Duration {
        *interval = if moved {
            (*interval * 2).min(LONG_WATCH)
        } else {
            WATCH
        };
        let since = self.callback_since.load(Ordering::SeqCst);
        if since == 0 {
            return *interval;
        }
        let ran = Duration::from_nanos(self.now().saturating_sub(since));
        // Just past the moment it has run for WATCH (abandoned() then holds).
        (*interval).min(WATCH.saturating_sub(ran) + Duration::from_millis(1))
    }

    /// The driver thread's loop: poller of last resort and watchdog (see the module docs).
    pub(crate) fn run_driver(&self) {
        let mut last_seen = u64::MAX;
        let mut interval = WATCH;
        while !self.stopping() {
            if let Ok(mut g) = self.role.try_lock() {
                // Not while a callback thread waits for it (it just asked and is about to
                // get it): that would take it back from under it.
                if self.abandoned() && !self.want.load(Ordering::SeqCst) {
                    self.holder.store(DRIVER, Ordering::SeqCst);
                    while !self.want.load(Ordering::SeqCst) {
                        DRIVER_CYCLES.fetch_add(1, Ordering::Relaxed);
                        if !cycle(&mut g, &self.stop) {
                            break;
                        }
                    }
                    self.holder.store(NOBODY, Ordering::SeqCst);
                    interval = WATCH;
                    continue;
                }
            }
            let released = self.released.load(Ordering::SeqCst);
            let busy_worker = self.holder.load(Ordering::SeqCst) == WORKER;
            if busy_worker && released == last_seen {
                interval = WATCH;
                self.park();
            } else {
                let wait = self.next_look(&mut interval, released != last_seen);
                let p = self.park.lock().unwrap_or_else(PoisonError::into_inner);
                if !self.stopping() {
                    drop(
                        self.unpark
                            .wait_timeout(p, wait)
                            .unwrap_or_else(PoisonError::into_inner),
                    );
                }
            }
            last_seen = released;
            WATCH_WAKEUPS.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Sleeps until a callback thread gives the role up (or the stop), unless it is free.
    fn park(&self) {
        let mut p = self.park.lock().unwrap_or_else(PoisonError::into_inner);
        *p = true;
        self.parked.store(true, Ordering::SeqCst);
        fence(Ordering::SeqCst);
        if self.stopping() || self.role.try_lock().is_ok() {
            *p = false;
            self.parked.store(false, Ordering::SeqCst);
            return;
        }
        while *p && !self.stopping() {
            p = self.unpark.wait(p).unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// How a callback thread gets the role: it has it, or must ask the driver thread.
pub(crate) enum Take<'a> {
    Now(MutexGuard<'a, Poller>),
    Ask,
}

/// One round of I/O: waits for a socket or the engine's deadline, reads what arrived,
/// runs the timers, sends what the engine queued and hands events to the delivery queues.
/// Returns `false` once the runtime is stopping.
fn cycle(p: &mut Poller, stop: &AtomicBool) -> bool {
    let timeout = {
        let mut core = lock();
        if stop.load(Ordering::SeqCst) {
            return false;
        }
        // Datagrams callbacks sent and nobody flushed yet (a callback that blocks).
        core.flush();
        let until = if p.backlog.is_empty() {
            core.engine.poll_timeout()
        } else {
            Some(Instant::now())
        };
        if let Some(net) = &mut core.net {
            net.sleep = Some(until);
        }
        until.map(|d| d.saturating_duration_since(Instant::now()))
    };
    if let Err(e) = p.poll.poll(&mut p.events, timeout) {
        if e.kind() != io::ErrorKind::Interrupted {
            eprintln!("winsnmp: driver poll failed: {e}");
            std::thread::sleep(Duration::from_millis(10));
        }
        return !stop.load(Ordering::SeqCst);
    }
    let mut ready = std::mem::take(&mut p.ready);
    ready.clear();
    ready.append(&mut p.backlog);
    ready.extend(
        p.events
            .iter()
            .map(mio::event::Event::token)
            .filter(|t| *t != WAKER)
            .filter_map(|t| u32::try_from(t.0).ok().map(EndpointId)),
    );
    ready.sort_unstable();
    ready.dedup();
    let mut guard = lock();
    if stop.load(Ordering::SeqCst) {
        return false;
    }
    let now = Instant::now();
    p.woke = Some(now);
    let core = &mut *guard;
    if let Some(net) = &mut core.net {
        net.sleep = None;
    }
    for &id in &ready {
        let mut budget = READ_BUDGET;
        while let Some(sock) = core.net.as_ref().and_then(|n| n.socket(id)) {
            if budget == 0 {
                p.backlog.push(id);
                break;
            }
            let v6 = core.net.as_ref().is_some_and(|n| n.is_v6(id));
            let room = p.slots;
            match recv_batch(sock, v6, &mut p.buf[..room * SLOT], &mut p.got) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                // ICMP errors reported on the socket and the like: keep reading.
                Err(_) => {
                    budget -= 1;
                    continue;
                }
            }
            let got = p.got.len();
            p.slots = (2 * got).clamp(FEW_SLOTS, BATCH);
            budget = budget.saturating_sub(got.max(1));
            for (i, &(len, from)) in p.got.iter().enumerate() {
                let Some(from) = from else { continue };
                let to_ip = core.net.as_mut().and_then(|n| n.arrival_ip(id, from));
                let start = i * SLOT;
                core.engine
                    .handle_datagram_to(now, id, from, to_ip, &p.buf[start..start + len]);
            }
            // Fewer than asked for: the socket is drained (no read just to see EAGAIN).
            if got < room {
                break;
            }
        }
    }
    p.ready = ready;
    core.engine.handle_timeout(now);
    core.sync();
    core.flush();
    core.hand_over_events();
    true
}

#[cfg(any(target_os = "linux", target_os = "android"))]
use crate::udp::recv_batch;

/// One `recv_from` ([`BATCH`] is 1 where `recvmmsg` is not available).
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn recv_batch(
    sock: &mio::net::UdpSocket,
    _v6: bool,
    buf: &mut [u8],
    got: &mut Vec<(usize, Option<SocketAddr>)>,
) -> io::Result<()> {
    got.clear();
    let (n, from) = sock.recv_from(&mut buf[..SLOT])?;
    got.push((n, Some(from)));
    Ok(())
}
