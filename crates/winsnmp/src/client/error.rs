//! The async client's one error type.

use std::net::SocketAddr;

use winsnmp_engine::SnmpApiError;
use winsnmp_wire::{ErrorStatus, Oid};

/// Why a client call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No answer after every retry.
    #[error("no response from {0}")]
    Timeout(SocketAddr),
    /// The agent answered with an error-status; `index` is the 1-based binding it names (0:
    /// none), `oid` that binding's name when there is one.
    #[error("agent answered {status} at index {index}{}", .oid.as_ref().map(|o| format!(" (failed object .{o})")).unwrap_or_default())]
    Agent {
        /// The error-status.
        status: AgentStatus,
        /// error-index.
        index: u32,
        /// The object it names.
        oid: Option<Oid>,
    },
    /// An SNMPv3 agent refused the request with a Report (wrong password, unknown user…):
    /// the `SNMPAPI_RPT_*` code and net-snmp's words for it.
    #[error("{}", security_text(*.0))]
    Security(SnmpApiError),
    /// A walk got an OID that does not follow the previous one: the agent would loop.
    #[error("OID not increasing: .{previous} >= .{next}")]
    NotIncreasing {
        /// The last OID returned before.
        previous: Oid,
        /// The one that came next.
        next: Oid,
    },
    /// The target could not be parsed or resolved.
    #[error("bad target {0:?}")]
    Target(String),
    /// A socket error (cannot bind, unreachable, TCP connection lost…).
    #[error("{0}")]
    Io(String),
    /// A WinSNMP-level error from the engine (message too big, no socket for the family…).
    #[error("{0}")]
    Api(SnmpApiError),
    /// The answer did not decode, or does not fit the request (wrong type, binding count).
    #[error("malformed answer: {0}")]
    Malformed(String),
    /// An answer beyond the client's limits ([`ClientBuilder::max_answer_size`],
    /// [`ClientBuilder::max_answer_varbinds`]): not decoded further; the request ends at
    /// once. `octets` is the answer's size, `varbinds` its binding count (0 when the size
    /// alone was too much).
    ///
    /// [`ClientBuilder::max_answer_size`]: super::ClientBuilder::max_answer_size
    /// [`ClientBuilder::max_answer_varbinds`]: super::ClientBuilder::max_answer_varbinds
    #[error("answer beyond the limits ({octets} octets, {varbinds} bindings)")]
    Oversized {
        /// The answer's size in octets.
        octets: usize,
        /// Its bindings (0: not counted, the size was already too much).
        varbinds: usize,
    },
    /// A bad argument (empty binding list, a value the version cannot carry…).
    #[error("{0}")]
    Usage(String),
}

/// An error-status: RFC 3416's, or another number an agent sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgentStatus {
    /// One RFC 3416 defines.
    Known(ErrorStatus),
    /// Any other value.
    Other(i32),
}

impl AgentStatus {
    /// The status for an error-status field.
    pub fn from_i32(v: i32) -> Self {
        ErrorStatus::from_i32(v).map_or(Self::Other(v), Self::Known)
    }

    /// The numeric value.
    pub fn value(self) -> i32 {
        match self {
            Self::Known(s) => s as i32,
            Self::Other(v) => v,
        }
    }
}

impl std::fmt::Display for AgentStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Known(s) => write!(f, "{}({})", s.name(), *s as i32),
            Self::Other(v) => write!(f, "unknown({v})"),
        }
    }
}

/// net-snmp's words for the SNMPv3 Reports and failures.
pub fn security_text(e: SnmpApiError) -> &'static str {
    match e {
        SnmpApiError::RptWrongDigest => {
            "Authentication failure (incorrect password, community or key)"
        }
        SnmpApiError::RptUnknownUserName => "Unknown user name",
        SnmpApiError::RptUnsuppSecLevel => "Unsupported security level",
        SnmpApiError::RptUnknownEngineId => "Unknown Engine ID",
        SnmpApiError::RptNotInTimeWindow => "Not in time window",
        SnmpApiError::RptDecryptionError => "Decryption error",
        SnmpApiError::RptUnknownSecModel => "Unknown security model in message",
        SnmpApiError::RptInvalidMsg => "Invalid message (e.g. msgFlags)",
        SnmpApiError::RptInAsnParseErr => "ASN.1 parse error in message",
        SnmpApiError::EngineDiscoveryFailed => "Engine discovery failed",
        _ => "Report PDU received",
    }
}

impl Error {
    /// The error an engine event code (`wParam`) stands for.
    pub(crate) fn from_event(code: u32, to: SocketAddr) -> Self {
        match SnmpApiError::from_code(code) {
            Some(SnmpApiError::TlTimeout) => Self::Timeout(to),
            Some(
                e @ (SnmpApiError::RptWrongDigest
                | SnmpApiError::RptUnknownUserName
                | SnmpApiError::RptUnsuppSecLevel
                | SnmpApiError::RptUnknownEngineId
                | SnmpApiError::RptNotInTimeWindow
                | SnmpApiError::RptDecryptionError
                | SnmpApiError::RptUnknownSecModel
                | SnmpApiError::RptInvalidMsg
                | SnmpApiError::RptInAsnParseErr
                | SnmpApiError::RptOther
                | SnmpApiError::EngineDiscoveryFailed),
            ) => Self::Security(e),
            Some(SnmpApiError::TlUndeliverable) => Self::Io(format!("{to} is unreachable")),
            Some(e) => Self::Api(e),
            None => Self::Io(format!("event {code}")),
        }
    }

    /// Whether the agent said tooBig.
    pub fn is_too_big(&self) -> bool {
        matches!(
            self,
            Self::Agent {
                status: AgentStatus::Known(ErrorStatus::TooBig),
                ..
            }
        )
    }
}

impl From<SnmpApiError> for Error {
    fn from(e: SnmpApiError) -> Self {
        Self::Api(e)
    }
}

impl From<winsnmp_wire::OidError> for Error {
    fn from(e: winsnmp_wire::OidError) -> Self {
        Self::Usage(format!("bad OID: {e}"))
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Self::Io(e.to_string())
    }
}
