//! The WinSNMP 2.0 model as a deterministic state machine.
//!
//! This crate contains no networking code and reads no clock: every input that depends on
//! time carries the `now` it happened at, and every output (datagrams to send, the next
//! deadline, events for sessions) is polled by the driver in the `winsnmp` crate. That keeps
//! retransmission, loss, duplicates and timeouts testable with a fake clock. Nothing in it
//! blocks, so it can sit behind a lock that the driver also needs: what takes time is done
//! by the caller first, without that lock, and handed in — the entity database file's text
//! ([`Engine::handle_database`]) and host names resolved to addresses
//! ([`Engine::entity_host_name`] says which name, [`Engine::str_to_entity_resolved`] takes
//! the answer). Logging goes through the [`Host`] trait.
//!
//! ```text
//!   winsnmp (driver, process-wide runtime, C-shaped and idiomatic APIs)
//!      │ API calls                         ▲ Result<_, SnmpApiError>
//!      ▼                                   │
//!   Engine<C> ── handle tables (session, entity, context, PDU, VBL; generational,
//!                non-zero values below 2^31)
//!             ── startup accounting, last errors, modes, database, Limits
//!             ── per session: callback C, receive queue, outstanding requests
//!             ── communications: request table + timer queues, registrations,
//!                listening entities, local endpoints
//!      │ encode / decode
//!      ▼
//!   winsnmp-wire (BER)
//! ```
//!
//! # Driving the engine
//! The driver (or a test) feeds [`Engine::handle_datagram`], [`Engine::handle_timeout`]
//! and the endpoint results ([`Engine::endpoint_opened`], [`Engine::endpoint_failed`]),
//! and drains [`Engine::poll_endpoint`], [`Engine::poll_transmit`], [`Engine::poll_event`]
//! after every input or API call, sleeping until [`Engine::poll_timeout`]. Retransmission
//! deadlines cost O(1) per packet and per timer (see the `timer` module); an outstanding
//! request takes 150 to 250 bytes (measured: 180 on average) plus its encoded datagram.
//!
//! # Decisions (winsnmp-api.md Appendix E, and this crate's own)
//! - Startup: a flag for `SnmpStartup`, a count for `SnmpStartupEx`; teardown when both
//!   are clear. `SnmpCleanupEx` without an outstanding `SnmpStartupEx` is
//!   `SNMPAPI_OTHER_ERROR`. Handles stay invalid across a teardown and a new startup.
//! - Last error: `SNMPAPI_SUCCESS` until the first failure; success never clears it; every
//!   failure sets the application-wide slot and the slot of the session the call names or
//!   that owns its first valid handle argument.
//! - Window-message mode is refused: `SNMPAPI_HWND_INVALID` for a window without a
//!   callback, `SNMPAPI_OPERATION_INVALID` for neither; `SnmpOpen` is always
//!   `SNMPAPI_HWND_INVALID`.
//! - Literal entities: IPv4, IPv6 (`[v6]:port` with a port), optional `:port` (1–65535),
//!   host names resolved once; IPX is `SNMPAPI_ENTITY_UNKNOWN`. `SnmpEntityToStr` prints the
//!   address, plus `:port` when the port is not 161, so the string converts back to the same
//!   entity.
//! - `SnmpSetPort` with 0 or a value above 65535: `SNMPAPI_OPERATION_INVALID`.
//! - Varbind names and OID values must be BER-encodable (2–128 sub-identifiers, first arcs
//!   `0.x`/`1.x` with x < 40, or `2.x`): `SNMPAPI_OID_INVALID` otherwise. An IpAddress value
//!   must have four octets: `SNMPAPI_SYNTAX_INVALID` otherwise.
//! - `SnmpDecodeMsg`: `SNMPAPI_OUTPUT_TRUNCATED` when the message's own length reaches past
//!   the buffer; v1 traps become SNMPv2 traps per RFC 3584 §3.1 with a generated request id.
//! - `SnmpEncodeMsg` towards SNMPv1: GetBulk becomes GetNext (fields zeroed), an SNMPv2
//!   trap becomes a Trap-PDU (RFC 3584 §3.2), Inform is `SNMPAPI_OPERATION_INVALID`.
//! - `SnmpGetVendorInfo` reports enterprise 0: the project has no IANA number yet.
//!
//! Communications (Appendix E 3, 5, 10, 11 and this crate's own):
//! - A final timeout is an event only (`wParam = SNMPAPI_TL_TIMEOUT`, `lParam` = request
//!   id); nothing is queued and `SnmpRecvMsg` never fails with a `SNMPAPI_TL_*` code. For a
//!   queued message `lParam` is the PDU's request id. A send the OS refuses at once (no
//!   route, unreachable) ends the request the same way with `SNMPAPI_TL_UNDELIVERABLE`
//!   ([`Engine::handle_send_error`]); an ICMP "unreachable" arriving later is not detected
//!   (the sockets are unconnected and the OS does not report it for them).
//! - Retransmit mode OFF at send time, or switched OFF later: no more transmissions and no
//!   notice; the request is kept for `timeout × (retry + 1)`, then forgotten silently; a
//!   response that comes even later, from the address the request went to, is still
//!   delivered once while the request is among the runtime's last 4,096 ended ones (an
//!   application that runs its own retry policy wants it; `CommStats::late_delivered`). A
//!   request ended by a timeout notice or a cancel stays ended.
//! - A received SNMPv1 trap (and one `SnmpDecodeMsg` decodes) gets a request id from the
//!   runtime's generator, so never one an outstanding request uses.
//! - Request ids are unique among outstanding requests of the runtime: generated ids skip
//!   them; an application id outstanding for another session or destination is
//!   `SNMPAPI_PDU_INVALID`; for the same session and destination the send is the
//!   application's own retransmission and replaces the entry.
//! - A response must come from the address and port the request went to. Duplicates, late
//!   answers, strays, foreign answers and malformed datagrams are counted
//!   ([`CommStats`]) and dropped. When the session's queue is full the response is dropped
//!   and the request goes on (retries, then timeout).
//! - `SnmpSendMsg`'s source: NULL sends from the runtime's socket of the destination's
//!   family (`SNMPAPI_TL_NOT_AVAILABLE` if there is none). A listening source, or any
//!   entity with the address a listening socket is bound to (the agent's side of what
//!   `SnmpRecvMsg` returned, which an agent answers from), sends from that socket. Another
//!   source has no socket: it names the manager, whose requests and traps leave from the
//!   runtime's socket; a Response from it is `SNMPAPI_TL_SRC_INVALID` ("source entity not
//!   initialised": the requester would drop an answer from another address), and so is a
//!   source of the other address family. Responses and traps are not tracked.
//! - `SnmpRecvMsg`: the destination entity is the receiving socket's bound address or the
//!   listening entity's address; for a socket bound to the wildcard address (the shared and
//!   trap sockets) it is the local IP the driver says the datagram arrived on
//!   ([`Engine::handle_datagram_to`]) with the socket's port, the wildcard only when the
//!   driver does not know. New entities get the message's version and the database's
//!   policy for the address.
//! - `SnmpRegister`: the agent (`dstEntity`) filter compares IP addresses (any source
//!   port); `srcEntity` does not filter; a registration covered by one the session already
//!   has is not stored; unregistering what is not registered succeeds and does nothing; an
//!   empty or over-long OID is `SNMPAPI_OID_INVALID`. The trap port is bound on `0.0.0.0`
//!   (required: failure is `SNMPAPI_TL_IN_USE`) and `[::]` (best effort) at the runtime's
//!   first registration and released after its last.
//! - Informs are acknowledged whether or not a registration matches; a repeated inform
//!   (same sender and id) is acknowledged again but delivered once.
//! - A listening entity takes Get, GetNext, GetBulk, Set and Inform (acknowledged); traps
//!   sent to it are dropped. `SnmpListen` OFF or freeing the entity closes its socket.
//!
//! SNMPv3 (an extension: WinSNMP 2.0 has none; names and codes from the WinSNMP 3.0
//! addendum, winsnmp-api.md Appendix B), see the [`usm`] module and `docs/ARCHITECTURE.md`:
//! - An entity becomes SNMPv3 with [`Engine::set_entity_security`] (`WinSnmpSetEntityUsm`):
//!   a user, a level and net-snmp's optional `-e`/`-E`/`-Z`. A context is the context
//!   name for it ([`Engine::str_to_context_name`] makes the empty, default one).
//! - `SnmpSendMsg` of a request to it is one request however many messages it takes:
//!   engine discovery, the request, one re-synchronisation; timeout and retry rules as for
//!   any request. A Report from the agent ends the request with an event whose `wParam` is
//!   its `SNMPAPI_RPT_*` code (205 unknown user, 206 wrong digest…), nothing queued, as a
//!   timeout does; `SNMPAPI_ENGINE_DISCOVERY_FAILED` when discovery's answer is unusable.
//! - Received SNMPv3 messages are checked by USM before anything else; a rejected one is
//!   counted ([`Engine::usm_stats`]) and never delivered. Delivered ones make SNMPv3
//!   entities carrying the user and level, so a reply goes out as the same user; the
//!   context handle holds the context name. Registrations filter SNMPv3 notifications by
//!   context name where they filter v1/v2c ones by community.
//! - `SnmpStartup` still reports `SNMPAPI_V2_SUPPORT`: the WinSNMP 3.0 functions
//!   (`SnmpCreateEntity`…) are not implemented, and a program seeing level 3 might call
//!   them. `SnmpEncodeMsg`/`SnmpDecodeMsg` stay v1/v2c codec functions: encoding for an
//!   SNMPv3 entity is `SNMPAPI_OPERATION_INVALID` (the message needs the USM exchange:
//!   send it), decoding an SNMPv3 message is `SNMPAPI_MESSAGE_INVALID`.
#![forbid(unsafe_code)]

mod codec;
pub mod consts;
mod database;
mod engine;
#[cfg(test)]
mod engine_tests;
mod error;
mod handle;
mod session;
mod timer;
mod transport;
pub mod usm;
mod value;

pub use winsnmp_wire as wire;

pub use codec::{DecodedMessage, PduData, decode_message, encode_message};
pub use database::{Database, DbContext, DbEntity};
pub use engine::{
    Context, Counts, DecodeOutputs, DecodedHandles, Engine, Entity, LeakReport, LeakWhen, Limits,
    PduFields, PduInfo, PolicyOutputs, Resolved, SessionStats, StartupInfo, StartupKind,
    VENDOR_INFO, VbOutputs, VendorInfo, format_address,
};
pub use engine::{RawPayload, RawPolicy, RawResponse, RawV3, default_engine_id, hundredths};
pub use error::SnmpApiError;
pub use handle::{HContext, HEntity, HPdu, HSession, HVbl, HandleKind, RawHandle};
pub use session::{QueuedMessage, ReceiveQueue, Session};
pub use transport::{
    CommStats, EndpointChange, EndpointId, EndpointRole, EndpointSpec, OpenError, Received,
    RecvOutputs, RequestId, SessionEvent, Transmit,
};
pub use value::{
    SmiCntr64, SmiOid, SmiValue, VarBindEntry, check_name, oid_compare, oid_copy, oid_to_str,
    oid_to_string, str_to_oid,
};
pub use winsnmp_wire::Version;

/// Services the engine needs from its host but must not perform itself. It only logs: the
/// engine calls nothing that may block (reading files and resolving names are the caller's
/// job, done before it calls in; see the crate docs).
pub trait Host: Send {
    /// Reports a problem worth logging (a malformed database, an unknown name). Must not
    /// block for long: the engine may be behind the runtime's lock.
    fn log(&self, message: &str) {
        let _ = message;
    }
}

/// A host with no log.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoHost;

impl Host for NoHost {}
