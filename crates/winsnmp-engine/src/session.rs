//! Sessions and the per-session state the communications layer fills: the receive queue
//! and the handles and requests it holds.

use std::collections::VecDeque;
use std::net::SocketAddr;

use winsnmp_wire::Version;

use std::sync::Arc;

use crate::handle::{HandleKind, OwnerList};
use crate::usm::EntitySecurity;
use crate::{PduData, SnmpApiError};

/// A received message waiting for `SnmpRecvMsg`, or a transport error about a request
/// (winsnmp-api.md §1.7): `SnmpRecvMsg` turns it into four new handles.
///
/// Its `Debug` output shows the community's length, never its octets.
#[derive(Clone, PartialEq, Eq)]
pub struct QueuedMessage {
    /// Who sent it.
    pub src: SocketAddr,
    /// Who received it.
    pub dst: SocketAddr,
    /// The message's SNMP version.
    pub version: Version,
    /// The community it carried.
    pub community: Vec<u8>,
    /// The PDU, already in SNMPv2c form for v1 traps.
    pub pdu: PduData,
    /// A transport error about the request `pdu.request_id`, reported by `SnmpRecvMsg`
    /// with its outputs filled.
    pub error: Option<SnmpApiError>,
    /// For an SNMPv3 message: the security its sender entity gets (user, level, engine),
    /// so that a reply to it goes out as the same user. `community` is then the context
    /// name.
    pub security: Option<Arc<EntitySecurity>>,
}

impl std::fmt::Debug for QueuedMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QueuedMessage")
            .field("src", &self.src)
            .field("dst", &self.dst)
            .field("version", &self.version)
            .field(
                "community",
                &format_args!("<{} octets>", self.community.len()),
            )
            .field("pdu", &self.pdu)
            .field("error", &self.error)
            .field("security", &self.security)
            .finish()
    }
}

/// A session's bounded FIFO of received messages.
#[derive(Debug, Clone, Default)]
pub struct ReceiveQueue {
    items: VecDeque<QueuedMessage>,
    limit: usize,
    dropped: u64,
}

impl ReceiveQueue {
    /// An empty queue that holds at most `limit` messages.
    pub fn new(limit: usize) -> Self {
        Self {
            items: VecDeque::new(),
            limit,
            dropped: 0,
        }
    }

    /// Appends a message and returns `true`; a full queue drops it, counts the drop and
    /// returns `false`.
    pub fn push(&mut self, m: QueuedMessage) -> bool {
        if self.items.len() >= self.limit {
            self.dropped += 1;
            return false;
        }
        self.items.push_back(m);
        true
    }

    /// Changes the most messages the queue holds; messages already queued stay.
    pub(crate) fn set_limit(&mut self, limit: usize) {
        self.limit = limit;
    }

    /// Whether a message would be dropped now.
    pub fn is_full(&self) -> bool {
        self.items.len() >= self.limit
    }

    /// Counts a message dropped because the queue was full without offering it (a response
    /// whose request goes on: it is retried, then times out).
    pub(crate) fn count_drop(&mut self) {
        self.dropped += 1;
    }

    /// Puts a message back at the head (after a failed `SnmpRecvMsg`).
    pub(crate) fn push_front(&mut self, m: QueuedMessage) {
        self.items.push_front(m);
    }

    /// Removes and returns the first message `pred` accepts.
    pub(crate) fn take_first(
        &mut self,
        pred: impl Fn(&QueuedMessage) -> bool,
    ) -> Option<QueuedMessage> {
        let i = self.items.iter().position(pred)?;
        self.items.remove(i)
    }

    /// Takes the oldest message.
    pub fn pop(&mut self) -> Option<QueuedMessage> {
        self.items.pop_front()
    }

    /// Number of queued messages.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether nothing is queued.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Messages dropped because the queue was full (responses, notifications and agent
    /// requests alike): the session's share of `CommStats::queue_full`.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }
}

/// One open session.
pub struct Session<C> {
    pub(crate) callback: C,
    pub(crate) last_error: Option<SnmpApiError>,
    /// Every entity, context, PDU and VBL handle this session owns, one list per kind
    /// (in [`Holdings`] order), threaded through the handle tables.
    pub(crate) lists: [OwnerList; 4],
    /// Messages waiting for `SnmpRecvMsg`.
    pub(crate) queue: ReceiveQueue,
    /// Number of this session's outstanding requests (the requests themselves are in the
    /// runtime's table, which names their session).
    pub(crate) outstanding: usize,
    /// Live and peak counts of `lists`, by kind (kept in step with them).
    pub(crate) held: Holdings,
}

/// How many handles of each kind a session owns now, and the most it has owned at once:
/// kept by the engine as handles are created and freed, so reading them is O(1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Holdings {
    live: [u32; 4],
    peak: [u32; 4],
}

impl Holdings {
    /// The slot of an object kind: entity, context, PDU and VBL are kinds 2 to 5; a
    /// session (kind 1) has none.
    const fn slot(kind: HandleKind) -> usize {
        (kind as usize).wrapping_sub(HandleKind::Entity as usize)
    }

    /// One more handle of `kind`.
    pub(crate) fn add(&mut self, kind: HandleKind) {
        let i = Self::slot(kind);
        if let (Some(live), Some(peak)) = (self.live.get_mut(i), self.peak.get_mut(i)) {
            *live += 1;
            if *live > *peak {
                *peak = *live;
            }
        }
    }

    /// One handle of `kind` less.
    pub(crate) fn remove(&mut self, kind: HandleKind) {
        if let Some(live) = self.live.get_mut(Self::slot(kind)) {
            *live = live.saturating_sub(1);
        }
    }

    /// Live handles of `kind`.
    pub(crate) fn live(&self, kind: HandleKind) -> u32 {
        self.live.get(Self::slot(kind)).copied().unwrap_or(0)
    }

    /// The most handles of `kind` held at once.
    pub(crate) fn peak(&self, kind: HandleKind) -> u32 {
        self.peak.get(Self::slot(kind)).copied().unwrap_or(0)
    }
}

impl<C> Session<C> {
    pub(crate) fn new(callback: C, queue_limit: usize) -> Self {
        Self {
            callback,
            last_error: None,
            lists: [OwnerList::default(); 4],
            queue: ReceiveQueue::new(queue_limit),
            outstanding: 0,
            held: Holdings::default(),
        }
    }

    /// The notification target given at creation.
    pub fn callback(&self) -> &C {
        &self.callback
    }

    /// The session's receive queue.
    pub fn queue(&self) -> &ReceiveQueue {
        &self.queue
    }

    /// Number of handles the session owns.
    pub fn owned_handles(&self) -> usize {
        self.held.live.iter().map(|&n| n as usize).sum()
    }

    /// Number of outstanding requests.
    pub fn outstanding_requests(&self) -> usize {
        self.outstanding
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(id: i32) -> QueuedMessage {
        QueuedMessage {
            src: "192.0.2.1:161".parse().unwrap(),
            dst: "192.0.2.2:5000".parse().unwrap(),
            version: Version::V2c,
            community: b"public".to_vec(),
            pdu: PduData::new(crate::consts::SNMP_PDU_RESPONSE, id),
            error: None,
            security: None,
        }
    }

    #[test]
    fn queue_is_bounded_fifo() {
        let mut q = ReceiveQueue::new(2);
        assert!(q.is_empty());
        assert!(q.push(msg(1)));
        assert!(q.push(msg(2)));
        assert!(!q.push(msg(3)));
        assert_eq!(q.dropped(), 1);
        assert_eq!(q.len(), 2);
        assert_eq!(q.pop().unwrap().pdu.request_id, 1);
        assert_eq!(q.pop().unwrap().pdu.request_id, 2);
        assert!(q.pop().is_none());
    }
}
