//! The C types of `winsnmp.h` (winsnmp-api.md §2), laid out exactly as the header declares
//! them on every platform: natural alignment, `smiINT`/`smiUINT32` exactly 32 bits, handles
//! pointer-sized.
#![allow(non_camel_case_types, non_snake_case)]

use std::ffi::{c_char, c_void};
use std::fmt;

/// `smiINT` / `smiINT32`: always 32 bits (`int` on LP64, `long` on Windows).
pub type smiINT = i32;
/// `smiINT32`
pub type smiINT32 = i32;
/// `smiUINT32`
pub type smiUINT32 = u32;
/// `smiBYTE`
pub type smiBYTE = u8;
/// `smiCNTR32`
pub type smiCNTR32 = u32;
/// `smiGAUGE32`
pub type smiGAUGE32 = u32;
/// `smiTIMETICKS`: hundredths of a second.
pub type smiTIMETICKS = u32;
/// `SNMPAPI_STATUS`: `SNMPAPI_SUCCESS`/`SNMPAPI_FAILURE`, or a count or length.
pub type SNMPAPI_STATUS = u32;

/// `HSNMP_SESSION`: pointer-sized in C; carries the runtime's 32-bit handle value.
pub type HSNMP_SESSION = isize;
/// `HSNMP_ENTITY`
pub type HSNMP_ENTITY = isize;
/// `HSNMP_CONTEXT`
pub type HSNMP_CONTEXT = isize;
/// `HSNMP_PDU`
pub type HSNMP_PDU = isize;
/// `HSNMP_VBL`
pub type HSNMP_VBL = isize;

/// `HWND`: a window handle (pointer-sized; only echoed back to callbacks off Windows).
pub type HWND = *mut c_void;
/// `UINT`
pub type UINT = u32;
/// `WPARAM`
pub type WPARAM = usize;
/// `LPARAM`
pub type LPARAM = isize;
/// `LPVOID`
pub type LPVOID = *mut c_void;
/// `LPCSTR`
pub type LPCSTR = *const c_char;
/// `LPSTR`
pub type LPSTR = *mut c_char;

/// `smiOCTETS` (also `smiBITS`, `smiIPADDR`, `smiOPAQUE`, `smiNSAPADDR`): `len` bytes at
/// `ptr`, no terminating NUL needed.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct smiOCTETS {
    /// Number of bytes.
    pub len: smiUINT32,
    /// The bytes.
    pub ptr: *mut smiBYTE,
}

/// `smiOID`: `len` sub-identifiers at `ptr`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct smiOID {
    /// Number of sub-identifiers.
    pub len: smiUINT32,
    /// The sub-identifiers.
    pub ptr: *mut smiUINT32,
}

/// `smiCNTR64`: high half first.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct smiCNTR64 {
    /// Most significant 32 bits.
    pub hipart: smiUINT32,
    /// Least significant 32 bits.
    pub lopart: smiUINT32,
}

/// The union inside [`smiVALUE`]; `smiVALUE.syntax` says which member is live.
#[repr(C)]
#[derive(Clone, Copy)]
pub union smiVALUE_0 {
    /// `SNMP_SYNTAX_INT` / `INT32`.
    pub sNumber: smiINT,
    /// `SNMP_SYNTAX_UINT32`, `CNTR32`, `GAUGE32`, `TIMETICKS`.
    pub uNumber: smiUINT32,
    /// `SNMP_SYNTAX_CNTR64`.
    pub hNumber: smiCNTR64,
    /// `SNMP_SYNTAX_OCTETS`, `BITS`, `OPAQUE`, `IPADDR`, `NSAPADDR`.
    pub string: smiOCTETS,
    /// `SNMP_SYNTAX_OID`.
    pub oid: smiOID,
    /// `SNMP_SYNTAX_NULL`, `NOSUCHOBJECT`, `NOSUCHINSTANCE`, `ENDOFMIBVIEW`.
    pub empty: smiBYTE,
}

impl fmt::Debug for smiVALUE_0 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("smiVALUE_0 { .. }")
    }
}

/// `smiVALUE`: a syntax and the union member it selects.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct smiVALUE {
    /// An `SNMP_SYNTAX_*` value.
    pub syntax: smiUINT32,
    /// The value.
    pub value: smiVALUE_0,
}

/// `MAXVENDORINFO`
pub const MAXVENDORINFO: usize = 32;

/// `smiVENDORINFO`: NUL-terminated strings and the IANA enterprise number.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct smiVENDORINFO {
    /// Vendor name.
    pub vendorName: [c_char; MAXVENDORINFO * 2],
    /// Contact.
    pub vendorContact: [c_char; MAXVENDORINFO * 2],
    /// Version identifier.
    pub vendorVersionId: [c_char; MAXVENDORINFO],
    /// Release date.
    pub vendorVersionDate: [c_char; MAXVENDORINFO],
    /// IANA enterprise number.
    pub vendorEnterprise: smiUINT32,
}

/// `SNMPAPI_CALLBACK`: the application's notification function.
pub type SNMPAPI_CALLBACK = Option<
    unsafe extern "system" fn(
        hSession: HSNMP_SESSION,
        hWnd: HWND,
        wMsg: UINT,
        wParam: WPARAM,
        lParam: LPARAM,
        lpClientData: LPVOID,
    ) -> SNMPAPI_STATUS,
>;

/// `PFNSNMPSTARTUPEX`
pub type PFNSNMPSTARTUPEX = Option<
    unsafe extern "system" fn(
        *mut smiUINT32,
        *mut smiUINT32,
        *mut smiUINT32,
        *mut smiUINT32,
        *mut smiUINT32,
    ) -> SNMPAPI_STATUS,
>;

/// `PFNSNMPCLEANUPEX`
pub type PFNSNMPCLEANUPEX = Option<unsafe extern "system" fn() -> SNMPAPI_STATUS>;

/// `WinSnmpUsmParams` (extension): an SNMPv3 user and how to reach its engine, the input
/// of `WinSnmpSetEntityUsm` and `WinSnmpAddUsmUser`. Every `smiOCTETS` is read for the
/// call only; the caller keeps its memory.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct WinSnmpUsmParams {
    /// The user (security) name, 0 to 32 octets.
    pub userName: smiOCTETS,
    /// `SNMP_NOAUTH_NOPRIV`, `SNMP_AUTH_NOPRIV` or `SNMP_AUTH_PRIV`.
    pub securityLevel: smiUINT32,
    /// An `SNMP_USM_*_AUTH_PROTOCOL` / `WINSNMP_USM_*_AUTH_PROTOCOL` value.
    pub authProtocol: smiUINT32,
    /// The authentication pass phrase, 8 octets or more (not read without authentication).
    pub authPassword: smiOCTETS,
    /// An `SNMP_USM_*_PRIV_PROTOCOL` / `WINSNMP_USM_*_PRIV_PROTOCOL` value.
    pub privProtocol: smiUINT32,
    /// The privacy pass phrase, 8 octets or more (not read without privacy).
    pub privPassword: smiOCTETS,
    /// The authoritative engine ID, 5 to 32 octets; empty: discovered (or, for a user, the
    /// local engine).
    pub securityEngineId: smiOCTETS,
    /// The context engine ID, 5 to 32 octets; empty: the authoritative engine's.
    pub contextEngineId: smiOCTETS,
}

/// `WinSnmpUsmStats` (extension): the SNMPv3 counters of the local engine.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WinSnmpUsmStats {
    /// `snmpInASNParseErrs` (SNMPv3 messages only).
    pub asnParseErrs: smiUINT32,
    /// `snmpInvalidMsgs`.
    pub invalidMsgs: smiUINT32,
    /// `snmpUnknownSecurityModels`.
    pub unknownSecurityModels: smiUINT32,
    /// `usmStatsUnsupportedSecLevels`.
    pub unsupportedSecLevels: smiUINT32,
    /// `usmStatsNotInTimeWindows`.
    pub notInTimeWindows: smiUINT32,
    /// `usmStatsUnknownUserNames`.
    pub unknownUserNames: smiUINT32,
    /// `usmStatsUnknownEngineIDs`.
    pub unknownEngineIds: smiUINT32,
    /// `usmStatsWrongDigests`.
    pub wrongDigests: smiUINT32,
    /// `usmStatsDecryptionErrors`.
    pub decryptionErrors: smiUINT32,
}

/// `WinSnmpSessionStats` (extension): what a session holds now and at most.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WinSnmpSessionStats {
    /// Live entities owned by the session.
    pub entities: smiUINT32,
    /// Live contexts owned by the session.
    pub contexts: smiUINT32,
    /// Live PDUs owned by the session.
    pub pdus: smiUINT32,
    /// Live VBLs owned by the session.
    pub vbls: smiUINT32,
    /// Requests sent and not yet answered, timed out or cancelled.
    pub outstandingRequests: smiUINT32,
    /// Messages waiting for `SnmpRecvMsg`.
    pub queuedMessages: smiUINT32,
    /// Trap registrations in force.
    pub registrations: smiUINT32,
    /// The most entities owned at once.
    pub peakEntities: smiUINT32,
    /// The most contexts owned at once.
    pub peakContexts: smiUINT32,
    /// The most PDUs owned at once.
    pub peakPdus: smiUINT32,
    /// The most VBLs owned at once.
    pub peakVbls: smiUINT32,
}

/// `WinSnmpCommStats` (extension): the process-wide communications counters, a versioned
/// record: the caller sets `size` to `sizeof(WinSnmpCommStats)` as its header declares it,
/// the library fills that many bytes at most (whole fields) and sets `size` to what it
/// filled. New counters are only ever added at the end.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WinSnmpCommStats {
    /// In: the size of the caller's record; out: the bytes filled.
    pub size: smiUINT32,
    /// Always 0 (keeps the counters 8-byte aligned on every platform).
    pub reserved: smiUINT32,
    /// Datagrams received.
    pub datagramsIn: u64,
    /// Octets received.
    pub bytesIn: u64,
    /// Datagrams sent (every kind, retransmissions included).
    pub datagramsOut: u64,
    /// Octets sent.
    pub bytesOut: u64,
    /// Messages sent by `SnmpSendMsg` and the runtime (first transmissions, responses,
    /// traps, acknowledgements, Reports).
    pub transmissions: u64,
    /// Retransmissions.
    pub retransmissions: u64,
    /// Requests ended with `SNMPAPI_TL_TIMEOUT`.
    pub timeouts: u64,
    /// Requests cancelled by `SnmpCancelMsg` or `SnmpClose`.
    pub cancelled: u64,
    /// Requests ended with `SNMPAPI_TL_UNDELIVERABLE`.
    pub undeliverable: u64,
    /// `SnmpSendMsg` calls refused with `SNMPAPI_TL_PDU_TOO_BIG`.
    pub oversized: u64,
    /// Responses matched to a request and queued.
    pub responses: u64,
    /// Late responses still delivered (retransmit mode OFF).
    pub lateDelivered: u64,
    /// Traps and informs delivered to a registered session.
    pub notifications: u64,
    /// Requests delivered to a listening entity.
    pub agentRequests: u64,
    /// Informs acknowledged.
    pub informsAcknowledged: u64,
    /// SNMPv3 requests ended by the agent's Report.
    pub reportsReceived: u64,
    /// Reports sent as the authoritative engine.
    pub reportsSent: u64,
    /// Dropped: not a valid message.
    pub droppedMalformed: u64,
    /// Dropped: a response already received, or an inform seen before.
    pub droppedDuplicate: u64,
    /// Dropped: a response to a request that had timed out or been cancelled.
    pub droppedLate: u64,
    /// Dropped: a response nobody waits for.
    pub droppedStray: u64,
    /// Dropped: the right request id from another address.
    pub droppedForeign: u64,
    /// Dropped: a message the receiving socket does not take.
    pub droppedUnexpected: u64,
    /// Dropped: a trap or inform no registration matched.
    pub droppedUnregistered: u64,
    /// Dropped: the session's receive queue was full.
    pub droppedQueueFull: u64,
    /// Dropped: an SNMPv3 message the User-based Security Model refused.
    pub droppedRejected: u64,
    /// Dropped: a message beyond the message-size or varbind limit (an answer ends its
    /// request with `SNMPAPI_TL_PDU_TOO_BIG`).
    pub droppedOversized: u64,
}
