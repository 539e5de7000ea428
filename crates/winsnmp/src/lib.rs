//! WinSNMP 2.0 for Rust: sessions, entities, contexts, PDUs and varbind lists.
//!
//! Two ways in, over the same process-wide runtime (one [`engine::Engine`] behind a
//! mutex):
//! - [`api`]: every local WinSNMP function one to one (`snmp_startup`,
//!   `snmp_create_session`, `snmp_get_last_error(None)`…), returning
//!   `Result<_, SnmpApiError>` and recording last errors as WinSNMP does. The C ABI wraps
//!   these.
//! - the idiomatic types [`Runtime`], [`Session`], [`Entity`], [`Context`], [`Pdu`],
//!   [`Vbl`], which free their handle when dropped.
//!
//! ```
//! use winsnmp::{Runtime, Session, SmiValue, SnmpApiError};
//! let _rt = Runtime::new()?;
//! let session = Session::new(|_| 1)?;
//! let vbl = session.vbl()?;
//! vbl.push(&[1, 3, 6, 1, 2, 1, 1, 3, 0], &SmiValue::TimeTicks(100))?;
//! assert_eq!(vbl.len()?, 1);
//! assert_eq!(vbl.get(2).unwrap_err(), SnmpApiError::IndexInvalid);
//! # Ok::<(), SnmpApiError>(())
//! ```
//!
//! # Communications
//! One driver thread owns every socket and the clock (module `driver`, built on `mio`): it
//! feeds datagrams and deadlines into the engine, sends what the engine queues and hands
//! the engine's notifications to the session callbacks' queues. The callbacks run on a pool
//! of callback threads (module `delivery`), never on the driver, with no lock held, so a
//! callback that takes its time stalls neither I/O, nor timers, nor other sessions. [`api::snmp_send_msg`],
//! [`api::snmp_recv_msg`], [`api::snmp_register`], [`api::snmp_listen`],
//! [`api::snmp_listen_ex`] and [`api::snmp_cancel_msg`] are the WinSNMP functions;
//! [`Session::request`] (and [`Session::get`], [`Session::get_next`], [`Session::bulk`],
//! [`Session::set`]) send and wait for the answer in one call. The trap port is 162,
//! `$WINSNMP_TRAP_PORT`, [`api::set_trap_port`] or the database's `trap_port`.
//!
//! # Threads (Appendix E 4, as changed here)
//! Appendix E 4 put the callbacks on "the library's one driver thread". Here they run on
//! callback threads instead (started on demand, at most 256; an idle one exits after 2 s,
//! down to one; all are joined at the final cleanup):
//! - a session's callbacks run one at a time, in the order of its events; different
//!   sessions' callbacks run in parallel;
//! - a callback may call any function, `SnmpRecvMsg` and `SnmpClose` of its own session
//!   included; a non-`SUCCESS` return or a panic closes its session;
//! - `SnmpClose(s)` waits for a callback of `s` in progress (but not when called from that
//!   callback, nor for a callback that is itself waiting for the caller's callback), never for
//!   another session's; no callback of `s` starts once the close has begun. Cleanup waits for
//!   every callback in progress but the caller's own.
//!
//! # Decisions (in the manner of winsnmp-api.md Appendix E)
//! - **A runtime that cannot communicate does not start.** The first `SnmpStartup` /
//!   `SnmpStartupEx` starts the driver (a `mio` poll, its waker, a thread) and opens the
//!   shared IPv4 and IPv6 sockets. If the driver cannot start, or neither socket opens, the
//!   startup is undone and fails: `SnmpStartup` with `SNMPAPI_ALLOC_ERROR` (its page's code
//!   for a lack of resources, after which it "may be called again"), `SnmpStartupEx` with
//!   `SNMPAPI_TL_RESOURCE_ERROR` (its page's "resource allocation failed during startup").
//!   One family missing (no IPv6, say) is not a failure: sends to it give
//!   `SNMPAPI_TL_NOT_AVAILABLE`. [`api::simulate_driver_start_failure`] lets tests take
//!   that path.
//! - **The receiving entity of a message on a wildcard socket** (the shared sockets, the
//!   trap socket) is the local address the OS sends from towards the message's sender, with
//!   the socket's port (127.0.0.1 over loopback), not `0.0.0.0`. The true destination
//!   address of a datagram needs `IP_PKTINFO`, which neither std nor `mio` give; the route's
//!   source address is exact for responses (the agent answered the request, which left from
//!   it) and right for traps on hosts with one address per network. It is looked up once
//!   per peer (a `connect`ed UDP socket sends nothing) and remembered.
//!
//! # The entity database
//! In `SNMPAPI_TRANSLATED` mode names are looked up in a TOML file (format:
//! [`engine::Database`]), read at startup and whenever the translate mode is set, from
//! `$WINSNMP_CONFIG`, else `$XDG_CONFIG_HOME/winsnmp/entities.toml` (`~/.config` when
//! unset), else `/etc/winsnmp/entities.toml` ([`host::database_paths`]). A malformed file
//! is logged to standard error and makes lookups fail with `SNMPAPI_ENTITY_UNKNOWN` /
//! `SNMPAPI_CONTEXT_UNKNOWN`. Host names are resolved once, when an entity is created. The
//! file is read and names are resolved before the runtime lock is taken, so a slow disk or
//! DNS server holds up only the call that needs it ([`api::set_resolver`] replaces the
//! system resolver, for tests).
#![forbid(unsafe_code)]

pub mod agent;
pub mod api;
pub mod client;
mod delivery;
mod driver;
pub mod host;
pub mod log;
mod objects;
mod poller;
mod udp;

pub use objects::{Context, Entity, Pdu, Received, Response, Runtime, Session, TranslateMode, Vbl};

pub use winsnmp_engine as engine;
pub use winsnmp_engine::{
    CommStats, HContext, HEntity, HPdu, HSession, HVbl, LeakReport, SessionStats, SmiCntr64,
    SmiOid, SmiValue, SnmpApiError, VarBindEntry,
};
pub use winsnmp_wire as wire;
