//! Callback delivery: the threads that run session callbacks, apart from the driver.
//!
//! # Shape
//! Whoever holds the poller role (see the `poller` module) hands every event the engine
//! polls to [`Delivery::push`], under the runtime lock, which appends it to its session's
//! queue. A small pool of *callback threads* (`winsnmp-callback`) takes sessions with
//! queued events and runs their callbacks, with no lock held; a callback thread with
//! nothing to run takes the poller role itself, when it is free, for one I/O cycle:
//!
//! ```text
//!   poller ── engine.poll_event() ──push──▶ per-session queue ──▶ ready list
//!   callback thread: take a ready session ─ mark it running ─ look its callback up (runtime
//!                    lock, briefly) ─ call it (no lock) ─ mark it idle ─ requeue if more
//!                    none ready: one I/O cycle as the poller, then look again
//! ```
//!
//! A pipelined manager's answers are thus read, handed to the callback and followed by the
//! next request on one thread: the poller that pushes an event for a session it will run
//! itself wakes nobody.
//!
//! - **Per session, in order, one at a time.** A session's callbacks never overlap and run
//!   in the order its events happened; different sessions' callbacks run in parallel on
//!   different threads, so a slow callback holds up only its own session.
//! - **The pool grows on demand**: when an event is ready and no thread is idle, a thread is
//!   started (at most [`MAX_THREADS`]; beyond that, ready sessions wait for a free thread).
//!   A thread idle for [`IDLE_EXIT`] exits, down to one; the final cleanup stops them all.
//! - **Per-session gate.** [`Delivery::begin_close`] (called by `SnmpClose` before the engine
//!   closes the session) marks the session closed, so no callback of it starts any more, and
//!   waits for the one in progress, if any, to return. It does not wait when called from that
//!   callback itself (a callback may close its own session), nor for a callback that is itself
//!   waiting, directly or through others, for the caller's own callback (A's callback closing
//!   B while B's callback closes A): one of the two proceeds instead of both waiting forever.
//!   Closing a session never waits for another session's callback.
//! - **Cleanup** closes every session in the engine first, then [`Delivery::close_all`] drops
//!   every queued event and [`Delivery::finish_teardown`] waits for the callbacks in
//!   progress (but the caller's own) and joins the threads (unless called from a callback).
//!
//! Lock order: the runtime lock may be held when this module's lock is taken (the driver
//! pushes under it), never the other way round: nothing here takes the runtime lock while
//! holding its own.

use std::cell::Cell;
use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Condvar, LazyLock, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use rustc_hash::FxHashMap;
use winsnmp_engine::consts::SNMPAPI_SUCCESS;
use winsnmp_engine::{HSession, SessionEvent};

use crate::api::Notification;
use crate::driver::lock;
use crate::poller::PollerSlot;

/// Most callback threads at once: as many sessions' callbacks may block at the same time
/// before a ready session has to wait for a thread.
pub(crate) const MAX_THREADS: usize = 256;
/// A callback thread idle this long exits (one always stays until cleanup).
pub(crate) const IDLE_EXIT: Duration = Duration::from_secs(2);

/// The process-wide delivery pool.
pub(crate) static DELIVERY: LazyLock<Delivery> = LazyLock::new(Delivery::default);

thread_local! {
    /// On a callback thread: its id, and the session whose callback it is running.
    static CURRENT: Cell<Option<(u64, Option<HSession>)>> = const { Cell::new(None) };
    /// On a callback thread: a callback sent datagrams that are not flushed yet.
    static DEFERRED: Cell<bool> = const { Cell::new(false) };
}

/// Called by `SnmpSendMsg` with the runtime lock held: `true` when the caller is a
/// callback, whose datagrams are then sent when its thread has run the callbacks ready
/// (with those of the callbacks after it, in one `sendmmsg` per socket) rather than one
/// `sendto` each. A callback that blocks delays them no longer than it delays I/O: the
/// next I/O cycle sends them (by the driver thread after `poller::LONG_WATCH` at most).
pub(crate) fn defer_send() -> bool {
    let deferred = current_session().is_some();
    if deferred {
        DEFERRED.with(|d| d.set(true));
    }
    deferred
}

/// The session whose callback the current thread is running, if any.
pub(crate) fn current_session() -> Option<HSession> {
    CURRENT.with(Cell::get).and_then(|(_, s)| s)
}

fn current_thread() -> Option<u64> {
    CURRENT.with(Cell::get).map(|(id, _)| id)
}

/// Events and state of one session.
#[derive(Debug, Default)]
struct Slot {
    events: VecDeque<SessionEvent>,
    /// The callback thread running one of its callbacks.
    runner: Option<u64>,
    /// In the ready list.
    queued: bool,
    /// Closed: no callback starts any more, events are dropped.
    closed: bool,
    /// The engine has closed it too: the slot goes once its runner is done.
    gone: bool,
}

#[derive(Debug, Default)]
struct Worker {
    /// The callback threads this one is waiting for (in `begin_close`/`finish_teardown`).
    waits_for: Vec<u64>,
}

#[derive(Debug, Default)]
struct State {
    slots: FxHashMap<HSession, Slot>,
    ready: VecDeque<HSession>,
    workers: FxHashMap<u64, Worker>,
    idle: usize,
    next_worker: u64,
    /// Bumped at each teardown: threads of an older epoch exit.
    epoch: u64,
    /// Every thread started and not yet joined, with its epoch.
    threads: Vec<(u64, JoinHandle<()>)>,
    /// The running driver's poller role, which idle callback threads take (see the
    /// `poller` module).
    poller: Option<Arc<PollerSlot>>,
    /// The callback thread that holds the poller role (or is about to).
    polling: Option<u64>,
    /// Closers waiting on `done` (notifying nobody would cost a system call per callback).
    closers: usize,
}

impl State {
    /// Whether callback thread `from` waits, directly or through others, for `to`.
    fn reaches(&self, from: u64, to: u64) -> bool {
        let mut stack = vec![from];
        let mut seen = Vec::new();
        while let Some(w) = stack.pop() {
            if w == to {
                return true;
            }
            if seen.contains(&w) {
                continue;
            }
            seen.push(w);
            if let Some(worker) = self.workers.get(&w) {
                stack.extend(worker.waits_for.iter().copied());
            }
        }
        false
    }
}

/// The callback threads and the per-session queues.
#[derive(Debug, Default)]
pub(crate) struct Delivery {
    state: Mutex<State>,
    /// Callback threads wait here for ready sessions.
    work: Condvar,
    /// Closers wait here for callbacks in progress to return.
    done: Condvar,
}

impl Delivery {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The running driver's poller role (`None` when it stops).
    pub(crate) fn set_poller(&self, slot: Option<Arc<PollerSlot>>) {
        self.lock().poller = slot;
    }

    /// Queues `ev` for its session's callback (dropped if the session is being closed).
    pub(crate) fn push(&'static self, ev: SessionEvent) {
        let mut st = self.lock();
        let slot = st.slots.entry(ev.session).or_default();
        if slot.closed {
            return;
        }
        slot.events.push_back(ev);
        if slot.runner.is_some() || slot.queued {
            return;
        }
        slot.queued = true;
        st.ready.push_back(ev.session);
        // The callback thread that polls takes a ready session itself after its cycle:
        // no hand-off when it is the one pushing (a pipelined manager's steady state).
        let me = current_thread();
        let own = usize::from(me.is_some() && me == st.polling);
        if st.ready.len() <= own {
            return;
        }
        if st.ready.len() <= own + st.idle || st.workers.len() >= MAX_THREADS {
            self.work.notify_one();
            return;
        }
        if own == 0
            && st.ready.len() <= st.idle + 1
            && st.polling.is_some()
            && let Some(slot) = &st.poller
        {
            let _ = slot.waker.wake();
            return;
        }
        st.threads.retain(|(_, t)| !t.is_finished());
        let id = st.next_worker;
        st.next_worker += 1;
        let epoch = st.epoch;
        let spawned = std::thread::Builder::new()
            .name("winsnmp-callback".to_owned())
            .spawn(move || self.run(id, epoch));
        match spawned {
            Ok(t) => {
                st.workers.insert(id, Worker::default());
                st.threads.push((epoch, t));
            }
            Err(e) => {
                // The threads there are take the session when one is free.
                eprintln!("winsnmp: cannot start a callback thread: {e}");
                self.work.notify_one();
            }
        }
    }

    /// A callback thread's loop.
    fn run(&'static self, id: u64, epoch: u64) {
        CURRENT.with(|c| c.set(Some((id, None))));
        let mut st = self.lock();
        // When this thread's last cycle as the poller ended, until a callback uses it.
        let mut polled = None;
        loop {
            if st.epoch != epoch {
                break;
            }
            let Some(s) = st.ready.pop_front() else {
                if DEFERRED.with(|d| d.replace(false)) {
                    // The datagrams the callbacks just run sent (lock order: the runtime
                    // lock before this one), then look again (a flush can end requests).
                    drop(st);
                    crate::api::flush_now();
                    st = self.lock();
                    continue;
                }
                // Nothing to run: poll, if the role is to be had.
                if st.polling.is_none()
                    && let Some(slot) = st.poller.clone()
                    && let Some(take) = slot.try_take()
                {
                    st.polling = Some(id);
                    drop(st);
                    polled = Some(slot.poll_once(id, take));
                    st = self.lock();
                    st.polling = None;
                    continue;
                }
                polled = None;
                st.idle += 1;
                // The last thread waits without a timeout: it stays until cleanup.
                let timed_out = if st.workers.len() > 1 {
                    let (g, waited) = self
                        .work
                        .wait_timeout(st, IDLE_EXIT)
                        .unwrap_or_else(PoisonError::into_inner);
                    st = g;
                    waited.timed_out()
                } else {
                    st = self.work.wait(st).unwrap_or_else(PoisonError::into_inner);
                    false
                };
                st.idle -= 1;
                if timed_out && st.ready.is_empty() && st.workers.len() > 1 {
                    break;
                }
                continue;
            };
            let Some(slot) = st.slots.get_mut(&s) else {
                continue;
            };
            slot.queued = false;
            if slot.closed {
                continue;
            }
            let Some(ev) = slot.events.pop_front() else {
                continue;
            };
            slot.runner = Some(id);
            let watch = st.poller.clone();
            drop(st);
            CURRENT.with(|c| c.set(Some((id, Some(s)))));
            let woke = polled.take();
            if let Some(w) = &watch {
                w.callback_starts(id, woke);
            }
            call(ev);
            if let Some(w) = &watch {
                w.callback_ends(id);
            }
            CURRENT.with(|c| c.set(Some((id, None))));
            st = self.lock();
            if let Some(slot) = st.slots.get_mut(&s) {
                slot.runner = None;
                if slot.gone {
                    st.slots.remove(&s);
                } else if !slot.closed && !slot.events.is_empty() && !slot.queued {
                    slot.queued = true;
                    st.ready.push_back(s);
                }
            }
            if st.closers > 0 {
                self.done.notify_all();
            }
        }
        st.workers.remove(&id);
        drop(st);
        self.done.notify_all();
        CURRENT.with(|c| c.set(None));
    }

    /// Waits until no session `target` selects has a callback in progress, except the
    /// caller's own and those that wait (through others) for the caller's callback.
    fn wait_idle<'a>(
        &self,
        mut st: MutexGuard<'a, State>,
        target: impl Fn(HSession, &Slot) -> bool,
    ) -> MutexGuard<'a, State> {
        let me = current_thread();
        loop {
            let blockers: Vec<u64> = st
                .slots
                .iter()
                .filter(|(s, slot)| target(**s, slot))
                .filter_map(|(_, slot)| slot.runner)
                .filter(|r| me.is_none_or(|m| *r != m && !st.reaches(*r, m)))
                .collect();
            if let Some(w) = me.and_then(|m| st.workers.get_mut(&m)) {
                w.waits_for.clone_from(&blockers);
            }
            if blockers.is_empty() {
                return st;
            }
            st.closers += 1;
            st = self.done.wait(st).unwrap_or_else(PoisonError::into_inner);
            st.closers -= 1;
        }
    }

    /// First half of `SnmpClose(s)`: no callback of `s` starts from now on, its queued events
    /// are dropped, and a callback of `s` in progress is waited for (see the module docs for
    /// the two cases that do not wait).
    pub(crate) fn begin_close(&self, s: HSession) {
        let mut st = self.lock();
        let slot = st.slots.entry(s).or_default();
        slot.closed = true;
        slot.events.clear();
        drop(self.wait_idle(st, |x, _| x == s));
    }

    /// Second half of `SnmpClose(s)`, once the engine has closed it (or refused to): the
    /// session's slot goes.
    pub(crate) fn end_close(&self, s: HSession) {
        let mut st = self.lock();
        if let Some(slot) = st.slots.get_mut(&s) {
            if slot.runner.is_some() {
                slot.gone = true;
            } else {
                st.slots.remove(&s);
            }
        }
    }

    /// The final cleanup, after the engine closed every session: every queued event is
    /// dropped and no callback starts any more; the threads are told to stop. Returns the
    /// new epoch, for [`Delivery::finish_teardown`].
    pub(crate) fn close_all(&self) -> u64 {
        let mut st = self.lock();
        st.ready.clear();
        st.slots.retain(|_, slot| {
            slot.closed = true;
            slot.gone = true;
            slot.events.clear();
            slot.runner.is_some()
        });
        st.epoch += 1;
        let epoch = st.epoch;
        drop(st);
        self.work.notify_all();
        epoch
    }

    /// After [`Delivery::close_all`] and with no runtime lock held: waits for the callbacks
    /// in progress (but the caller's own, and any waiting for it) and joins the stopped
    /// threads, unless called from a callback (they are then left to finish on their own).
    /// Threads started after the teardown of `epoch` (a new startup on another thread)
    /// are left alone.
    pub(crate) fn finish_teardown(&self, epoch: u64) {
        let mut st = self.wait_idle(self.lock(), |_, slot| slot.gone);
        let mut old = Vec::new();
        if current_thread().is_none() {
            let (before, after) = std::mem::take(&mut st.threads)
                .into_iter()
                .partition(|(e, _)| *e < epoch);
            old = before;
            st.threads = after;
        }
        drop(st);
        for (_, t) in old {
            let _ = t.join();
        }
        // With every thread gone, give the tables' memory back (a cleared hash table keeps
        // its allocation; leak checkers call it "possibly lost" at exit).
        let mut st = self.lock();
        if st.workers.is_empty() && st.slots.is_empty() && st.threads.is_empty() {
            st.workers = FxHashMap::default();
            st.slots = FxHashMap::default();
            st.ready = VecDeque::new();
            st.threads = Vec::new();
        }
    }
}

/// Runs the callback for `ev`, with no lock held; a non-`SUCCESS` return or a panic closes
/// the session (as `SnmpClose`, from its own callback: no waiting).
fn call(ev: SessionEvent) {
    let target = lock()
        .engine
        .session(ev.session)
        .map(|s| s.callback().clone());
    let Some(target) = target else { return };
    let n = Notification {
        session: ev.session,
        hwnd: target.hwnd,
        wmsg: target.wmsg,
        wparam: ev.wparam,
        lparam: ev.lparam,
    };
    let rc = catch_unwind(AssertUnwindSafe(|| (target.callback)(n)));
    if rc.unwrap_or(0) != SNMPAPI_SUCCESS {
        let _ = crate::api::snmp_close(ev.session);
    }
    drop(target);
}
