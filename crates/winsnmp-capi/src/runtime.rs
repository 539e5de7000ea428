//! Runtime and local database functions (winsnmp-api.md §4.1, §4.2), `SnmpGetLastError`,
//! and the limits extension ([`WinSnmpSetSessionLimit`], [`WinSnmpSetLimit`],
//! [`WinSnmpGetLimit`], [`WinSnmpGetQueueDrops`]).

use std::ffi::c_char;
use std::panic::catch_unwind;

use winsnmp::engine::{Limits, PolicyOutputs, StartupInfo};
use winsnmp::{HEntity, HSession, api};

use crate::consts::{
    SNMPAPI_OTHER_ERROR, SNMPAPI_SUCCESS, WINSNMP_LIMIT_HANDLES, WINSNMP_LIMIT_MESSAGE_SIZE,
    WINSNMP_LIMIT_QUEUED_MESSAGES, WINSNMP_LIMIT_SESSIONS, WINSNMP_LIMIT_VARBINDS,
};
use crate::descriptor;
use crate::guard::{Fail, guard, local, raw};
use crate::ptr;
use crate::types::{
    HSNMP_ENTITY, HSNMP_SESSION, SNMPAPI_STATUS, smiTIMETICKS, smiUINT32, smiVENDORINFO,
};

fn write_startup(
    info: &StartupInfo,
    major: *mut smiUINT32,
    minor: *mut smiUINT32,
    level: *mut smiUINT32,
    translate: *mut smiUINT32,
    retransmit: *mut smiUINT32,
) {
    ptr::write(major, info.major_version);
    ptr::write(minor, info.minor_version);
    ptr::write(level, info.level);
    ptr::write(translate, info.translate_mode);
    ptr::write(retransmit, info.retransmit_mode);
}

capi! {
    /// `SnmpStartup`: starts (or keeps) the runtime; reports version 2.0, level
    /// `SNMPAPI_V2_SUPPORT` and the current translate and retransmit modes through the
    /// non-NULL pointers (all NULL is accepted). Repeated calls need no extra cleanup.
    /// When the runtime's driver cannot start, or not one UDP socket opens, nothing stays
    /// started and the call fails; it may be retried.
    ///
    /// Errors (via NULL): `SNMPAPI_ALLOC_ERROR` (driver or sockets could not be created),
    /// `SNMPAPI_OTHER_ERROR`.
    pub fn SnmpStartup(
        nMajorVersion: *mut smiUINT32,
        nMinorVersion: *mut smiUINT32,
        nLevel: *mut smiUINT32,
        nTranslateMode: *mut smiUINT32,
        nRetransmitMode: *mut smiUINT32,
    ) -> SNMPAPI_STATUS {
        guard(&[], || {
            crate::stats::init_tracing();
            let info = api::snmp_startup()?;
            write_startup(&info, nMajorVersion, nMinorVersion, nLevel, nTranslateMode, nRetransmitMode);
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `SnmpStartupEx`: as [`SnmpStartup`], counted: each success needs one
    /// [`SnmpCleanupEx`]; a failed call leaves no count behind.
    ///
    /// Errors (via NULL): `SNMPAPI_TL_RESOURCE_ERROR` (driver or sockets could not be
    /// created), `SNMPAPI_OTHER_ERROR` (count overflow).
    pub fn SnmpStartupEx(
        nMajorVersion: *mut smiUINT32,
        nMinorVersion: *mut smiUINT32,
        nLevel: *mut smiUINT32,
        nTranslateMode: *mut smiUINT32,
        nRetransmitMode: *mut smiUINT32,
    ) -> SNMPAPI_STATUS {
        guard(&[], || {
            crate::stats::init_tracing();
            let info = api::snmp_startup_ex()?;
            write_startup(&info, nMajorVersion, nMinorVersion, nLevel, nTranslateMode, nRetransmitMode);
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

/// After a successful cleanup: frees the descriptors of every runtime torn down so far
/// (stamped before the teardown count read here), never those of a runtime another thread
/// started since the teardown (they carry that count: see `descriptor`), and reports them
/// when leak reports are on (`WINSNMP_LOG=leaks`).
fn after_cleanup(function: &str) {
    let (oids, octets) = descriptor::release_before(api::teardowns());
    if let Some(line) = crate::stats::descriptor_leak_line(function, oids, octets) {
        winsnmp::log::report_leak(&line);
    }
}

capi! {
    /// `SnmpCleanup`: clears the `SnmpStartup` flag; when no `SnmpStartupEx` remains, closes
    /// every session, frees every handle and every outstanding descriptor.
    ///
    /// Errors (via NULL): `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpCleanup() -> SNMPAPI_STATUS {
        guard(&[], || {
            api::snmp_cleanup()?;
            after_cleanup("SnmpCleanup");
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `SnmpCleanupEx`: decrements the `SnmpStartupEx` count; tears down as
    /// [`SnmpCleanup`] when nothing remains.
    ///
    /// Errors (via NULL): `SNMPAPI_NOT_INITIALIZED`; `SNMPAPI_OTHER_ERROR` with no
    /// `SnmpStartupEx` outstanding.
    pub fn SnmpCleanupEx() -> SNMPAPI_STATUS {
        guard(&[], || {
            api::snmp_cleanup_ex()?;
            after_cleanup("SnmpCleanupEx");
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `SnmpGetLastError`: the last error of `session`, or the application-wide one for NULL
    /// or a session that is not open; `SNMPAPI_SUCCESS` (1) before any error. Works at any
    /// time, before startup and after cleanup included. Never fails (a panic inside reports
    /// `SNMPAPI_OTHER_ERROR`).
    pub fn SnmpGetLastError(session: HSNMP_SESSION) -> SNMPAPI_STATUS {
        catch_unwind(|| {
            let s = (session != 0).then(|| HSession::from_raw(raw(session)));
            api::snmp_get_last_error(s)
        })
        .unwrap_or(SNMPAPI_OTHER_ERROR)
    }
}

fn copy_str<const N: usize>(dst: &mut [c_char; N], s: &str) {
    // Truncated to N - 1 bytes so the NUL always fits (the engine's strings fit anyway).
    for (d, b) in dst.iter_mut().zip(s.bytes().take(N - 1)) {
        *d = b as c_char;
    }
}

capi! {
    /// `SnmpGetVendorInfo`: fills `*vendorInfo` with this implementation's NUL-terminated
    /// vendor strings and enterprise number.
    ///
    /// Errors (via NULL): `SNMPAPI_NOOP` (`vendorInfo` NULL), `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpGetVendorInfo(vendorInfo: *mut smiVENDORINFO) -> SNMPAPI_STATUS {
        guard(&[], || {
            let v = api::snmp_get_vendor_info(!vendorInfo.is_null())?;
            let mut out = smiVENDORINFO {
                vendorName: [0; 64],
                vendorContact: [0; 64],
                vendorVersionId: [0; 32],
                vendorVersionDate: [0; 32],
                vendorEnterprise: v.enterprise,
            };
            copy_str(&mut out.vendorName, v.name);
            copy_str(&mut out.vendorContact, v.contact);
            copy_str(&mut out.vendorVersionId, v.version_id);
            copy_str(&mut out.vendorVersionDate, v.version_date);
            ptr::write(vendorInfo, out);
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `SnmpGetTranslateMode`: the current translate mode.
    ///
    /// Errors (via NULL): `SNMPAPI_NOOP` (NULL pointer), `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpGetTranslateMode(nTranslateMode: *mut smiUINT32) -> SNMPAPI_STATUS {
        guard(&[], || {
            let mode = api::snmp_get_translate_mode(!nTranslateMode.is_null())?;
            ptr::write(nTranslateMode, mode);
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `SnmpSetTranslateMode`: `SNMPAPI_TRANSLATED`, `SNMPAPI_UNTRANSLATED_V1` or
    /// `SNMPAPI_UNTRANSLATED_V2`; also rereads the entity database.
    ///
    /// Errors (via NULL): `SNMPAPI_MODE_INVALID`, `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpSetTranslateMode(nTranslateMode: smiUINT32) -> SNMPAPI_STATUS {
        guard(&[], || {
            api::snmp_set_translate_mode(nTranslateMode)?;
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `SnmpGetRetransmitMode`: `SNMPAPI_ON` or `SNMPAPI_OFF`.
    ///
    /// Errors (via NULL): `SNMPAPI_NOOP` (NULL pointer), `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpGetRetransmitMode(nRetransmitMode: *mut smiUINT32) -> SNMPAPI_STATUS {
        guard(&[], || {
            let mode = api::snmp_get_retransmit_mode(!nRetransmitMode.is_null())?;
            ptr::write(nRetransmitMode, mode);
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `SnmpSetRetransmitMode`: `SNMPAPI_ON` or `SNMPAPI_OFF`.
    ///
    /// Errors (via NULL): `SNMPAPI_MODE_INVALID`, `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpSetRetransmitMode(nRetransmitMode: smiUINT32) -> SNMPAPI_STATUS {
        guard(&[], || {
            api::snmp_set_retransmit_mode(nRetransmitMode)?;
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `SnmpGetTimeout`: the entity's policy timeout and the one in use, in hundredths of
    /// a second; either pointer may be NULL.
    ///
    /// Errors (via NULL): `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_NOOP` (both NULL),
    /// `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpGetTimeout(
        hEntity: HSNMP_ENTITY,
        nPolicyTimeout: *mut smiTIMETICKS,
        nActualTimeout: *mut smiTIMETICKS,
    ) -> SNMPAPI_STATUS {
        let e = HEntity::from_raw(raw(hEntity));
        guard(&[e.raw()], || {
            let outputs = PolicyOutputs {
                policy: !nPolicyTimeout.is_null(),
                actual: !nActualTimeout.is_null(),
            };
            let (policy, actual) = api::snmp_get_timeout(e, outputs)?;
            ptr::write(nPolicyTimeout, policy);
            ptr::write(nActualTimeout, actual);
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `SnmpSetTimeout`: the entity's policy timeout (hundredths of a second; 0 restores
    /// the default).
    ///
    /// Errors (via NULL): `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpSetTimeout(hEntity: HSNMP_ENTITY, nPolicyTimeout: smiTIMETICKS) -> SNMPAPI_STATUS {
        let e = HEntity::from_raw(raw(hEntity));
        guard(&[e.raw()], || {
            api::snmp_set_timeout(e, nPolicyTimeout)?;
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `SnmpGetRetry`: the entity's policy retry count and the one in use; either pointer
    /// may be NULL.
    ///
    /// Errors (via NULL): `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_NOOP` (both NULL),
    /// `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpGetRetry(
        hEntity: HSNMP_ENTITY,
        nPolicyRetry: *mut smiUINT32,
        nActualRetry: *mut smiUINT32,
    ) -> SNMPAPI_STATUS {
        let e = HEntity::from_raw(raw(hEntity));
        guard(&[e.raw()], || {
            let outputs = PolicyOutputs {
                policy: !nPolicyRetry.is_null(),
                actual: !nActualRetry.is_null(),
            };
            let (policy, actual) = api::snmp_get_retry(e, outputs)?;
            ptr::write(nPolicyRetry, policy);
            ptr::write(nActualRetry, actual);
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `SnmpSetRetry`: the entity's policy retry count (0 restores the default).
    ///
    /// Errors (via NULL): `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpSetRetry(hEntity: HSNMP_ENTITY, nPolicyRetry: smiUINT32) -> SNMPAPI_STATUS {
        let e = HEntity::from_raw(raw(hEntity));
        guard(&[e.raw()], || {
            api::snmp_set_retry(e, nPolicyRetry)?;
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// Extension, not a WinSNMP function: the most sessions that may be open at once
    /// (default 1024; 0 included). Open sessions stay open; once the limit is reached,
    /// `SnmpCreateSession` fails with `SNMPAPI_ALLOC_ERROR`. Works at any time, before
    /// startup included, and always returns `SNMPAPI_SUCCESS` (`SNMPAPI_FAILURE` only if
    /// the library panicked).
    pub fn WinSnmpSetSessionLimit(nMaxSessions: smiUINT32) -> SNMPAPI_STATUS {
        guard(&[], || -> Result<u32, Fail> {
            api::set_limits(Limits {
                max_sessions: nMaxSessions as usize,
                ..api::limits()
            });
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

/// The field of [`Limits`] a `WINSNMP_LIMIT_*` selector names.
fn limit_field(limits: &mut Limits, which: u32) -> Option<&mut usize> {
    Some(match which {
        WINSNMP_LIMIT_SESSIONS => &mut limits.max_sessions,
        WINSNMP_LIMIT_HANDLES => &mut limits.max_handles,
        WINSNMP_LIMIT_QUEUED_MESSAGES => &mut limits.max_queued_messages,
        WINSNMP_LIMIT_MESSAGE_SIZE => &mut limits.max_message_size,
        WINSNMP_LIMIT_VARBINDS => &mut limits.max_varbinds,
        _ => return None,
    })
}

capi! {
    /// Extension, not a WinSNMP function: sets one of the runtime's limits, chosen by
    /// `nLimit` (`WINSNMP_LIMIT_SESSIONS`, `_HANDLES`, `_QUEUED_MESSAGES`,
    /// `_MESSAGE_SIZE`, `_VARBINDS`), to `nValue`. Live objects and queued messages stay;
    /// the handle and session limits are capped at 130,047. Works at any time, before
    /// startup included.
    ///
    /// Errors (via NULL): `SNMPAPI_OPERATION_INVALID` (unknown `nLimit`; before startup,
    /// `SNMPAPI_NOT_INITIALIZED`).
    pub fn WinSnmpSetLimit(nLimit: smiUINT32, nValue: smiUINT32) -> SNMPAPI_STATUS {
        guard(&[], || -> Result<u32, Fail> {
            let mut limits = api::limits();
            let field = limit_field(&mut limits, nLimit)
                .ok_or(local(winsnmp::SnmpApiError::OperationInvalid))?;
            *field = nValue as usize;
            api::set_limits(limits);
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// Extension, not a WinSNMP function: the limit `nLimit` in force (a
    /// `WINSNMP_LIMIT_*` selector) into `*nValue`.
    ///
    /// Errors (via NULL): `SNMPAPI_OPERATION_INVALID` (unknown `nLimit`), `SNMPAPI_NOOP`
    /// (`nValue` NULL); before startup, `SNMPAPI_NOT_INITIALIZED`.
    pub fn WinSnmpGetLimit(nLimit: smiUINT32, nValue: *mut smiUINT32) -> SNMPAPI_STATUS {
        guard(&[], || -> Result<u32, Fail> {
            let mut limits = api::limits();
            let value = *limit_field(&mut limits, nLimit)
                .ok_or(local(winsnmp::SnmpApiError::OperationInvalid))?;
            if nValue.is_null() {
                return Err(local(winsnmp::SnmpApiError::Noop));
            }
            ptr::write(nValue, u32::try_from(value).unwrap_or(u32::MAX));
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// Extension, not a WinSNMP function: the messages dropped for `session` because its
    /// receive queue was full (`WINSNMP_LIMIT_QUEUED_MESSAGES`): responses, whose requests
    /// then go on to a retry or their timeout, notifications and agent requests. Saturates
    /// at 2^32 - 1.
    ///
    /// Errors (via the session): `SNMPAPI_SESSION_INVALID`, `SNMPAPI_NOOP` (`nDropped`
    /// NULL), `SNMPAPI_NOT_INITIALIZED`.
    pub fn WinSnmpGetQueueDrops(session: HSNMP_SESSION, nDropped: *mut smiUINT32) -> SNMPAPI_STATUS {
        let s = HSession::from_raw(raw(session));
        guard(&[s.raw()], || {
            let n = api::winsnmp_queue_drops(s)?;
            if nDropped.is_null() {
                return Err(local(winsnmp::SnmpApiError::Noop));
            }
            ptr::write(nDropped, u32::try_from(n).unwrap_or(u32::MAX));
            Ok(SNMPAPI_SUCCESS)
        })
    }
}
