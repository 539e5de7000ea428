//! What the engine and its driver exchange: local endpoints to open and close, datagrams to
//! send, notifications for sessions, and counters. Plain data; the driver never parses.

use std::net::SocketAddr;
use std::sync::Arc;

use crate::HSession;

/// A local UDP endpoint the engine asked the driver to open. Ids are never reused within
/// one engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EndpointId(pub u32);

/// Why an endpoint exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EndpointRole {
    /// The runtime's socket of one address family (ephemeral port), shared by every
    /// session for requests, traps and informs it sends.
    Shared,
    /// A listening entity's own socket (`SnmpListen`): agent requests arrive here and the
    /// entity's responses leave from it.
    Agent,
    /// The trap port, bound at the first active registration (`SnmpRegister`).
    Trap,
}

/// An endpoint to open: bind a UDP socket to `bind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndpointSpec {
    /// The id the engine uses in [`Transmit::local`] and expects in `handle_datagram`.
    pub id: EndpointId,
    /// Address and port to bind (port 0: any).
    pub bind: SocketAddr,
    /// Its role.
    pub role: EndpointRole,
    /// Whether a failure to open it must be reported to the caller through
    /// `Engine::endpoint_failed` (an optional one, e.g. the IPv6 trap socket, just stays
    /// closed).
    pub required: bool,
}

/// A change of the set of local endpoints, polled with `Engine::poll_endpoint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointChange {
    /// Bind a socket (IPv6 sockets are IPv6-only), then report `Engine::endpoint_opened`
    /// or `Engine::endpoint_failed`.
    Open(EndpointSpec),
    /// Close the socket; its port is free again.
    Close(EndpointId),
}

/// Why an endpoint could not be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenError {
    /// The socket could not be created (`SNMPAPI_TL_RESOURCE_ERROR` for `SnmpListen`).
    Socket,
    /// The socket could not be bound, e.g. the port is in use (`SNMPAPI_TL_OTHER` for
    /// `SnmpListen`, `SNMPAPI_TL_IN_USE` for the trap port of `SnmpRegister`).
    Bind,
}

/// A request id: the request-id of a PDU the runtime sends and tracks, unique among the
/// runtime's outstanding requests. (The WinSNMP functions and PDUs keep WinSNMP's `smiINT32`;
/// the request machinery and what it hands out use this type.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub i32);

impl std::fmt::Display for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A datagram to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transmit {
    /// The local endpoint to send it from.
    pub local: EndpointId,
    /// Where to.
    pub to: SocketAddr,
    /// The encoded SNMP message (shared with the request it carries, which keeps it for
    /// retransmissions).
    pub bytes: Arc<[u8]>,
    /// The outstanding request it carries, if any: a send error is reported back with
    /// `Engine::handle_send_error`.
    pub request: Option<RequestId>,
}

/// A notification for a session: the `wParam`/`lParam` of `SNMPAPI_CALLBACK`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionEvent {
    /// The session to notify.
    pub session: HSession,
    /// 0: a message is queued for `SnmpRecvMsg`; otherwise an `SNMPAPI_*` code
    /// (`SNMPAPI_TL_TIMEOUT`).
    pub wparam: u32,
    /// The request id of the PDU concerned.
    pub lparam: i32,
}

/// Which outputs of `SnmpRecvMsg` the caller wants (a C NULL pointer is `false`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RecvOutputs {
    /// `srcEntity`.
    pub src: bool,
    /// `dstEntity`.
    pub dst: bool,
    /// `context`.
    pub context: bool,
    /// `PDU`.
    pub pdu: bool,
}

impl RecvOutputs {
    /// Every output.
    pub const ALL: Self = Self {
        src: true,
        dst: true,
        context: true,
        pdu: true,
    };

    pub(crate) const fn any(self) -> bool {
        self.src || self.dst || self.context || self.pdu
    }
}

/// What `SnmpRecvMsg` created: new handles owned by the session (absent for outputs not
/// asked for).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Received {
    /// Who sent the message.
    pub src: Option<crate::HEntity>,
    /// Who received it (the local endpoint, or the listening entity).
    pub dst: Option<crate::HEntity>,
    /// The message's community.
    pub context: Option<crate::HContext>,
    /// The PDU (SNMPv1 traps already in SNMPv2 form).
    pub pdu: Option<crate::HPdu>,
    /// The request id of the PDU, whether or not the PDU was asked for.
    pub request_id: i32,
    /// `SNMP_PDU_*` type of the PDU.
    pub pdu_type: i32,
}

/// Counters of the communications layer, process-wide (all sessions), since the runtime
/// started (the first startup resets them; they stay readable after the final cleanup).
///
/// Every received datagram ends in exactly one of: a delivery (`responses`,
/// `late_delivered`, `notifications`, `agent_requests`, an SNMPv3 exchange step) or a drop
/// counted by its reason (`malformed`, `duplicates`, `late`, `stray`, `foreign`,
/// `queue_full`, `unregistered`, `unexpected`, `rejected`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CommStats {
    /// Datagrams handed to `handle_datagram` (received).
    pub datagrams: u64,
    /// Octets of the datagrams received.
    pub bytes_in: u64,
    /// Datagrams handed to the driver by `poll_transmit` (sent: first transmissions,
    /// retransmissions, responses, traps, acknowledgements, Reports).
    pub datagrams_out: u64,
    /// Octets of the datagrams handed to the driver.
    pub bytes_out: u64,
    /// `SnmpSendMsg` calls refused with `SNMPAPI_TL_PDU_TOO_BIG`: the message would be
    /// larger than the largest message size (nothing sent).
    pub oversized: u64,
    /// Datagrams that did not decode as SNMPv1/v2c messages (dropped).
    pub malformed: u64,
    /// Responses matched to an outstanding request and queued.
    pub responses: u64,
    /// Responses to a request already answered, and informs received again (dropped; a
    /// repeated inform is still acknowledged).
    pub duplicates: u64,
    /// Responses to a request that had timed out, expired or been cancelled (dropped).
    pub late: u64,
    /// Late responses to a request sent with the retransmit mode OFF and forgotten after
    /// its time: delivered, once, while the request is among the last 4,096 ended ones.
    pub late_delivered: u64,
    /// Responses with a request id nobody is waiting for (dropped).
    pub stray: u64,
    /// Responses with the right request id from another address or port (dropped; the
    /// request stays outstanding).
    pub foreign: u64,
    /// Messages dropped because the session's receive queue was full
    /// (`Limits::max_queued_messages`; each session counts its own in
    /// `ReceiveQueue::dropped`).
    pub queue_full: u64,
    /// Messages dropped for exceeding `Limits::max_message_size` or `Limits::max_varbinds`
    /// (an answer to an outstanding request ends it with `SNMPAPI_TL_PDU_TOO_BIG`).
    pub oversized_received: u64,
    /// Traps and informs delivered to at least one registered session.
    pub notifications: u64,
    /// Traps and informs no registration matched (dropped; informs still acknowledged).
    pub unregistered: u64,
    /// Informs acknowledged with a Response.
    pub informs_acknowledged: u64,
    /// Requests delivered to a listening entity.
    pub agent_requests: u64,
    /// Messages of a type the receiving endpoint does not take (dropped).
    pub unexpected: u64,
    /// Datagrams queued for sending (first transmissions, responses, traps, acks).
    pub transmissions: u64,
    /// Retransmissions queued.
    pub retransmissions: u64,
    /// Requests that ended with `SNMPAPI_TL_TIMEOUT`.
    pub timeouts: u64,
    /// Requests cancelled by `SnmpCancelMsg` or `SnmpClose`.
    pub cancelled: u64,
    /// Requests ended with `SNMPAPI_TL_UNDELIVERABLE` (the OS refused to send them).
    pub undeliverable: u64,
    /// SNMPv3 messages the User-based Security Model rejected (see `Engine::usm_stats`
    /// for why; dropped).
    pub rejected: u64,
    /// SNMPv3 requests ended by a Report from the agent (`SNMPAPI_RPT_*` events).
    pub reports: u64,
    /// Reports sent as the authoritative engine (discovery answers included).
    pub reports_sent: u64,
}
