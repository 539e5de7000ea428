//! `libwsnmp32`: the WinSNMP 2.0 C ABI over the `winsnmp` crate.
//!
//! A C program written against WinSNMP compiles unchanged against `include/winsnmp.h` and
//! links with `-lwsnmp32` (`cargo build --release -p winsnmp-capi` builds
//! `libwsnmp32.so` and `libwsnmp32.a`). Every exported function has the exact name,
//! argument order, types and constants of winsnmp-api.md §2–4 and wraps one function of
//! [`winsnmp::api`] without adding behaviour. This layer only:
//!
//! - converts C types: handles are pointer-sized in C and carry the runtime's handle values,
//!   which are non-zero and below 2^31, so code that keeps a handle in an `int`/`LONG`
//!   (`LongToHandle(HandleToLong(h))`, sign extension included) gets it back unchanged; a
//!   value that is not a live handle of the expected kind is rejected with that kind's
//!   `SNMPAPI_*_INVALID` code, never undefined behaviour;
//! - checks every pointer argument (module `ptr`, the only one with `unsafe` blocks): NULL
//!   output pointers are skipped and all-NULL outputs give `SNMPAPI_NOOP` (Appendix E 5). A
//!   bad input descriptor gets the function's own code where the reference names one: a
//!   NULL `smiOID`, a NULL `ptr` with `len > 0` or more than `MAXOBJIDSIZE` (128)
//!   sub-identifiers is `SNMPAPI_OID_INVALID`, a NULL, empty or over-long context string
//!   `SNMPAPI_CONTEXT_INVALID`; any other invalid pointer (a NULL C string, a NULL
//!   `msgBufDesc`, an `smiOCTETS` with NULL `ptr` and `len > 0`) is `SNMPAPI_ALLOC_ERROR`,
//!   as the common-error page says. No `smiOCTETS` input may be longer than 65,507 octets,
//!   the largest message (a community, an octet-string value, `SnmpDecodeMsg`'s buffer):
//!   longer ones are refused with the same codes. Lengths are checked before anything is
//!   read, so a `len` far beyond its buffer cannot make the library read past it. Before
//!   startup every failure is `SNMPAPI_NOT_INITIALIZED`;
//! - keeps the registry of output descriptors ([`SnmpFreeDescriptor`]): memory filled into
//!   an `smiOCTETS`/`smiOID` by `SnmpGetVb`, `SnmpEncodeMsg`, `SnmpOidCopy`,
//!   `SnmpContextToStr` and `SnmpStrToOid` belongs to the library until the application
//!   returns it; a double free or a foreign pointer is `SNMPAPI_OPERATION_INVALID`; empty
//!   descriptors get `ptr == NULL`; the final cleanup frees whatever is still outstanding;
//! - guards every exported function: a panic is caught, recorded as `SNMPAPI_OTHER_ERROR`
//!   and reported as `SNMPAPI_FAILURE`; every failure is the last error of the process and
//!   of the session concerned (Appendix E 2), read with `SnmpGetLastError`.
//!
//! # Callbacks
//! `SnmpCreateSession` stores the application's `SNMPAPI_CALLBACK` and `lpClientData`. The
//! runtime calls it on its callback threads (never on the application's own threads, never
//! on the thread doing the I/O), one call at a time and in order for a session, in parallel
//! for different sessions, with no internal lock held, so the callback may call any function
//! of this library — `SnmpRecvMsg` and `SnmpClose` of its own session included (Appendix E 4,
//! with the threads changed as the `winsnmp` crate documents). `SnmpClose` waits for a
//! callback of that session in progress (not when called from it), never for another
//! session's. A return value
//! other than `SNMPAPI_SUCCESS` closes the session. Window-message mode does not exist off
//! Windows: a non-NULL `hWnd` without a callback is `SNMPAPI_HWND_INVALID`, neither is
//! `SNMPAPI_OPERATION_INVALID`, and `SnmpOpen` always fails with `SNMPAPI_HWND_INVALID`.
//! `tests/c/netget.c` calls `SnmpRecvMsg` from inside its callback while the main thread
//! waits, under valgrind.
//!
//! # Extensions
//! [`WinSnmpSetSessionLimit`] is not a WinSNMP function: it sets the most sessions that may
//! be open at once, so tests can reach `SnmpCreateSession`'s `SNMPAPI_ALLOC_ERROR` path.
//! [`WinSnmpSetLimit`] and [`WinSnmpGetLimit`] set and read every limit of the runtime
//! (`WINSNMP_LIMIT_*`: sessions, handles of each kind, messages queued per session,
//! message size, bindings per PDU), [`WinSnmpGetQueueDrops`] reads a session's count of
//! messages dropped for a full queue.
//!
//! The SNMPv3 extension (the header's section "winsnmp extension: SNMPv3 (User-based
//! Security Model)") wraps the `winsnmp::api` SNMPv3 functions: [`WinSnmpSetEntityUsm`],
//! [`WinSnmpGetEngineId`], [`WinSnmpSetLocalEngine`], [`WinSnmpAddUsmUser`],
//! [`WinSnmpDeleteUsmUser`], [`WinSnmpGetUsmStats`], [`WinSnmpStrToContextName`] and
//! [`WinSnmpPasswordToKey`], with the WinSNMP 3.0 constants of winsnmp-api.md Appendix B
//! and this library's protocol numbers continuing them ([`auth_protocol_from_c`] and
//! friends map them).
//!
//! The accounting extension (the header's section "winsnmp extension: accounting and
//! counters"): [`WinSnmpGetSessionStats`] (what a session holds now and at most) and
//! [`WinSnmpGetCommStats`] (the process-wide communications counters, a record versioned
//! by its `size` field).
//!
//! # Diagnostics
//! `WINSNMP_LOG` (read at the first startup of a runtime; see `winsnmp::log`) is a
//! comma-separated list: `leaks` makes `SnmpClose` write one line to standard error for a
//! session that still owned handles, and the final cleanup one per session never closed and
//! one for the output descriptors never given back with `SnmpFreeDescriptor`; any other
//! item is a `tracing` filter directive (`debug`, `trace`, `winsnmp_engine=trace`…): the
//! first startup of the process then installs a subscriber writing to standard error (so
//! does `RUST_LOG` when `WINSNMP_LOG` has no directive), unless the program installed one.
#![deny(unsafe_code)]
#![allow(non_snake_case)]

macro_rules! capi {
    ($(#[$m:meta])* pub fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[$m])*
        ///
        /// # Safety
        /// Every pointer argument must be NULL or valid as winsnmp-api.md §4 describes: an
        /// output pointer for one write of its type, an input structure for one read, a
        /// descriptor's `ptr` for `len` elements, a C string NUL-terminated, a buffer for
        /// the stated `size` bytes.
        // Only the declaration needs `unsafe` (an exported `unsafe extern` function); the
        // body may contain no unsafe block.
        #[allow(unsafe_code)]
        #[unsafe(no_mangle)]
        pub unsafe extern "system" fn $name($($arg: $ty),*) -> $ret {
            #[deny(unsafe_code)]
            let result: $ret = $body;
            result
        }
    };
}

mod comms;
pub mod consts;
mod descriptor;
mod entity;
mod guard;
mod pdu;
mod ptr;
mod runtime;
mod session;
mod stats;
pub mod types;
mod usm;
mod util;
mod vbl;

#[cfg(test)]
mod tests;

pub use comms::*;
pub use entity::*;
pub use pdu::*;
pub use runtime::*;
pub use session::*;
pub use stats::*;
pub use usm::*;
pub use util::*;
pub use vbl::*;
pub use winsnmp;

/// The WinSNMP functions this build exports: all 49 the header declares.
pub const EXPORTED_FUNCTIONS: &[&str] = &[
    "SnmpStartup",
    "SnmpStartupEx",
    "SnmpCleanup",
    "SnmpCleanupEx",
    "SnmpGetTranslateMode",
    "SnmpSetTranslateMode",
    "SnmpGetRetransmitMode",
    "SnmpSetRetransmitMode",
    "SnmpGetTimeout",
    "SnmpSetTimeout",
    "SnmpGetRetry",
    "SnmpSetRetry",
    "SnmpGetVendorInfo",
    "SnmpCreateSession",
    "SnmpOpen",
    "SnmpClose",
    "SnmpSendMsg",
    "SnmpRecvMsg",
    "SnmpRegister",
    "SnmpListen",
    "SnmpListenEx",
    "SnmpCancelMsg",
    "SnmpStrToEntity",
    "SnmpEntityToStr",
    "SnmpFreeEntity",
    "SnmpSetPort",
    "SnmpStrToContext",
    "SnmpContextToStr",
    "SnmpFreeContext",
    "SnmpCreatePdu",
    "SnmpGetPduData",
    "SnmpSetPduData",
    "SnmpDuplicatePdu",
    "SnmpFreePdu",
    "SnmpCreateVbl",
    "SnmpDuplicateVbl",
    "SnmpFreeVbl",
    "SnmpCountVbl",
    "SnmpGetVb",
    "SnmpSetVb",
    "SnmpDeleteVb",
    "SnmpGetLastError",
    "SnmpStrToOid",
    "SnmpOidToStr",
    "SnmpOidCopy",
    "SnmpOidCompare",
    "SnmpEncodeMsg",
    "SnmpDecodeMsg",
    "SnmpFreeDescriptor",
];

/// The extension functions this build exports (not WinSNMP; declared in the header's
/// extension section).
pub const EXTENSION_FUNCTIONS: &[&str] = &[
    "WinSnmpSetSessionLimit",
    "WinSnmpSetLimit",
    "WinSnmpGetLimit",
    "WinSnmpGetQueueDrops",
    // SNMPv3 (User-based Security Model)
    "WinSnmpSetEntityUsm",
    "WinSnmpGetEngineId",
    "WinSnmpSetLocalEngine",
    "WinSnmpAddUsmUser",
    "WinSnmpDeleteUsmUser",
    "WinSnmpGetUsmStats",
    "WinSnmpStrToContextName",
    "WinSnmpPasswordToKey",
    // Accounting and counters
    "WinSnmpGetSessionStats",
    "WinSnmpGetCommStats",
];
