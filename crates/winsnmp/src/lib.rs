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
//! feeds datagrams and deadlines into the engine, sends what the engine queues and runs
//! the session callbacks with no lock held. [`api::snmp_send_msg`],
//! [`api::snmp_recv_msg`], [`api::snmp_register`], [`api::snmp_listen`],
//! [`api::snmp_listen_ex`] and [`api::snmp_cancel_msg`] are the WinSNMP functions;
//! [`Session::request`] (and [`Session::get`], [`Session::get_next`], [`Session::bulk`],
//! [`Session::set`]) send and wait for the answer in one call. The trap port is 162,
//! `$WINSNMP_TRAP_PORT`, [`api::set_trap_port`] or the database's `trap_port`.
//!
//! # The entity database
//! In `SNMPAPI_TRANSLATED` mode names are looked up in a TOML file (format:
//! [`engine::Database`]), read at startup and whenever the translate mode is set, from
//! `$WINSNMP_CONFIG`, else `$XDG_CONFIG_HOME/winsnmp/entities.toml` (`~/.config` when
//! unset), else `/etc/winsnmp/entities.toml` ([`host::database_paths`]). A malformed file
//! is logged to standard error and makes lookups fail with `SNMPAPI_ENTITY_UNKNOWN` /
//! `SNMPAPI_CONTEXT_UNKNOWN`. Host names are resolved once, when an entity is created.
#![forbid(unsafe_code)]

pub mod agent;
pub mod api;
mod driver;
pub mod host;
mod objects;

pub use objects::{Context, Entity, Pdu, Received, Response, Runtime, Session, TranslateMode, Vbl};

/// `cs` hundredths of a second.
pub(crate) fn engine_cs(cs: u32) -> std::time::Duration {
    std::time::Duration::from_millis(u64::from(cs) * 10)
}
pub use winsnmp_engine as engine;
pub use winsnmp_engine::{
    HContext, HEntity, HPdu, HSession, HVbl, SmiCntr64, SmiOid, SmiValue, SnmpApiError,
    VarBindEntry,
};
pub use winsnmp_wire as wire;
