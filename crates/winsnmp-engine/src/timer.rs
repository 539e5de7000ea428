//! Retransmission deadlines: one FIFO queue per distinct timeout length, lazy deletion.
//!
//! Every request is armed with `now + timeout`, where `timeout` is its destination entity's
//! policy (hundredths of a second). Within one timeout length deadlines are armed in the
//! order of `now`, so a FIFO per length is already sorted: arming is a `push_back`, expiry
//! pops from the front, and the earliest deadline overall is the minimum of the queue heads.
//! Cancelling or answering a request does not touch the queues: the request's `seq` changes
//! (or the request disappears) and the stale entry is skipped when it reaches the front
//! ("lazy deletion"). So:
//!
//! - arm: O(1); answer/cancel: O(1) (nothing to do here);
//! - expiry: O(1) per entry popped (stale entries are popped once, at their deadline);
//! - next deadline: O(k), k = number of distinct timeout lengths in use (a handful in
//!   practice). An emptied queue is kept for the next request of its length (a manager
//!   with one request at a time would otherwise free and allocate a queue per request)
//!   while at most [`KEEP_EMPTY`] queues exist; beyond that, emptied queues are dropped.
//!
//! This is exact (no tick granularity) and needs neither a heap (O(log n) per operation)
//! nor a wheel's fixed tick. Stale entries live at most one timeout length; an entry is
//! 32 bytes.
//!
//! Should a caller pass a `now` earlier than a previous one, the new deadline is clamped to
//! the queue's last deadline, so the queue stays sorted (the request fires at most that
//! much late).

use std::collections::VecDeque;

use rustc_hash::FxHashMap;
use std::time::Instant;

use crate::transport::RequestId;

/// One armed deadline: the request it belongs to and the arming it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TimerEntry {
    /// When it fires.
    pub(crate) deadline: Instant,
    /// The request's id.
    pub(crate) request_id: RequestId,
    /// The request's arming sequence number when armed; a mismatch means stale.
    pub(crate) seq: u64,
}

/// Queues kept when they empty, while there are no more than this many: a handful of
/// timeout lengths in use cost no allocation per request, and many distinct lengths
/// (each entity its own) do not keep a queue each forever.
const KEEP_EMPTY: usize = 8;

/// Deadline queues keyed by timeout length in hundredths of a second.
#[derive(Debug, Default)]
pub(crate) struct Timers {
    queues: FxHashMap<u32, VecDeque<TimerEntry>>,
    entries: usize,
    /// No entry is due before this (`None`: no entry): [`Timers::expire`] before it returns
    /// at once, without visiting the queues (a client polls at every answer).
    floor: Option<Instant>,
}

impl Timers {
    /// Arms `request_id` (arming `seq`) to fire `timeout_cs` hundredths after `now`.
    pub(crate) fn arm(&mut self, now: Instant, timeout_cs: u32, request_id: RequestId, seq: u64) {
        let mut deadline = now + crate::engine::hundredths(timeout_cs);
        let q = self.queues.entry(timeout_cs).or_default();
        if let Some(last) = q.back()
            && last.deadline > deadline
        {
            deadline = last.deadline;
        }
        q.push_back(TimerEntry {
            deadline,
            request_id,
            seq,
        });
        self.entries += 1;
        lower(&mut self.floor, deadline);
    }

    /// The earliest deadline of the front entries, after dropping stale fronts (`live`
    /// tells whether an entry still stands for its request's current arming).
    pub(crate) fn next_deadline(&mut self, live: impl Fn(&TimerEntry) -> bool) -> Option<Instant> {
        let mut best: Option<Instant> = None;
        let mut removed = 0;
        let keep_empty = self.queues.len() <= KEEP_EMPTY;
        self.queues.retain(|_, q| {
            while let Some(front) = q.front() {
                if live(front) {
                    break;
                }
                q.pop_front();
                removed += 1;
            }
            match q.front() {
                Some(f) => {
                    lower(&mut best, f.deadline);
                    true
                }
                None => keep_empty,
            }
        });
        self.entries -= removed;
        self.floor = best;
        best
    }

    /// Removes and returns every entry whose deadline is at or before `now` (stale ones
    /// included: the caller skips them), in deadline order within each queue.
    pub(crate) fn expire(&mut self, now: Instant, out: &mut Vec<TimerEntry>) {
        if self.floor.is_none_or(|f| f > now) {
            return;
        }
        let mut removed = 0;
        let mut floor: Option<Instant> = None;
        let keep_empty = self.queues.len() <= KEEP_EMPTY;
        self.queues.retain(|_, q| {
            while let Some(front) = q.front() {
                if front.deadline > now {
                    break;
                }
                out.push(*front);
                q.pop_front();
                removed += 1;
            }
            match q.front() {
                Some(f) => {
                    lower(&mut floor, f.deadline);
                    true
                }
                None => keep_empty,
            }
        });
        self.entries -= removed;
        self.floor = floor;
    }

    /// Entries held, stale ones included.
    pub(crate) fn len(&self) -> usize {
        self.entries
    }

    /// Drops every entry.
    pub(crate) fn clear(&mut self) {
        // A new map, not `clear()`: the memory goes back.
        self.queues = FxHashMap::default();
        self.entries = 0;
        self.floor = None;
    }
}

/// `*earliest` becomes `d` when `d` is earlier (or nothing was there).
fn lower(earliest: &mut Option<Instant>, d: Instant) {
    if earliest.is_none_or(|e| d < e) {
        *earliest = Some(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn fifo_per_length_and_lazy_deletion() {
        let t0 = Instant::now();
        let mut t = Timers::default();
        t.arm(t0, 50, RequestId(1), 1);
        t.arm(t0 + Duration::from_millis(10), 50, RequestId(2), 2);
        t.arm(t0, 20, RequestId(3), 3);
        assert_eq!(t.len(), 3);
        assert_eq!(
            t.next_deadline(|_| true),
            Some(t0 + Duration::from_millis(200))
        );
        // Request 3 answered: its entry is stale and skipped.
        assert_eq!(
            t.next_deadline(|e| e.request_id != RequestId(3)),
            Some(t0 + Duration::from_millis(500))
        );
        assert_eq!(t.len(), 2);
        let mut out = Vec::new();
        t.expire(t0 + Duration::from_millis(505), &mut out);
        assert_eq!(out.iter().map(|e| e.request_id.0).collect::<Vec<_>>(), [1]);
        // A `now` that goes backwards is clamped so the queue stays sorted.
        t.arm(t0, 50, RequestId(4), 4);
        out.clear();
        t.expire(t0 + Duration::from_millis(509), &mut out);
        assert!(out.is_empty());
        t.expire(t0 + Duration::from_millis(510), &mut out);
        assert_eq!(
            out.iter().map(|e| e.request_id.0).collect::<Vec<_>>(),
            [2, 4]
        );
        assert_eq!(t.len(), 0);
        t.arm(t0, 1, RequestId(5), 5);
        t.clear();
        assert_eq!(t.next_deadline(|_| true), None);
    }

    #[test]
    fn emptied_queues_are_kept_for_a_few_lengths_only() {
        let t0 = Instant::now();
        let late = t0 + Duration::from_secs(60);
        let mut t = Timers::default();
        let mut out = Vec::new();
        // One request at a time, answered: its queue stays, with its memory.
        t.arm(t0, 50, RequestId(1), 1);
        let cap = t.queues[&50].capacity();
        assert_eq!(t.next_deadline(|_| false), None);
        assert_eq!((t.queues.len(), t.len()), (1, 0));
        t.arm(t0, 50, RequestId(2), 2);
        assert_eq!(t.queues[&50].capacity(), cap);
        t.expire(late, &mut out);
        assert_eq!((t.queues.len(), t.len()), (1, 0));
        // Many lengths: emptied queues go, down to none.
        for cs in 1..=20 {
            t.arm(t0, cs, RequestId(100 + cs as i32), 3);
        }
        assert_eq!(t.queues.len(), 21);
        t.expire(late, &mut out);
        assert_eq!((t.queues.len(), t.len()), (0, 0));
        for cs in [10, 20, 30] {
            t.arm(t0, cs, RequestId(cs as i32), 4);
        }
        assert_eq!(t.next_deadline(|_| false), None);
        assert_eq!(t.queues.len(), 3);
    }

    #[test]
    fn expiry_before_the_floor_visits_nothing_and_the_floor_follows_arming() {
        let t0 = Instant::now();
        let ms = Duration::from_millis;
        let ids = |out: &mut Vec<TimerEntry>| -> Vec<i32> {
            out.drain(..).map(|e| e.request_id.0).collect()
        };
        let mut t = Timers::default();
        let mut out = Vec::new();
        t.expire(t0, &mut out);
        assert!(out.is_empty());
        assert_eq!(t.floor, None);
        t.arm(t0, 100, RequestId(1), 1);
        t.expire(t0 + ms(500), &mut out);
        assert!(out.is_empty());
        assert_eq!(t.floor, Some(t0 + ms(1000)));
        // A shorter timeout, in another queue, lowers the floor.
        t.arm(t0, 10, RequestId(2), 2);
        assert_eq!(t.floor, Some(t0 + ms(100)));
        t.expire(t0 + ms(100), &mut out);
        assert_eq!(ids(&mut out), [2]);
        assert_eq!(t.floor, Some(t0 + ms(1000)));
        t.expire(t0 + ms(999), &mut out);
        assert!(out.is_empty());
        t.expire(t0 + ms(1000), &mut out);
        assert_eq!(ids(&mut out), [1]);
        assert_eq!((t.floor, t.len()), (None, 0));
    }
}
