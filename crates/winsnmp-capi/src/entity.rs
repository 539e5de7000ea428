//! Entity and context functions (winsnmp-api.md §4.4).

use winsnmp::api;
use winsnmp::{HContext, HEntity, HSession, SnmpApiError};

use crate::consts::SNMPAPI_SUCCESS;
use crate::descriptor;
use crate::guard::{guard, local, raw, to_c};
use crate::ptr;
use crate::types::{
    HSNMP_CONTEXT, HSNMP_ENTITY, HSNMP_SESSION, LPCSTR, LPSTR, SNMPAPI_STATUS, UINT, smiOCTETS,
    smiUINT32,
};

/// Longest entity string read (a host name is at most 253 bytes; with brackets, an IPv6
/// scope and a port this is ample). A longer string is `SNMPAPI_ENTITY_UNKNOWN`.
const MAX_ENTITY_STR: usize = 1024;

capi! {
    /// `SnmpStrToEntity`: a new entity for the NUL-terminated `string`, read per the
    /// translate mode (a database name, or a literal IPv4/IPv6 address with an optional
    /// `:port`, or a host name).
    ///
    /// Errors (via the session): `SNMPAPI_SESSION_INVALID`, `SNMPAPI_ENTITY_UNKNOWN`,
    /// `SNMPAPI_ALLOC_ERROR` (`string` NULL, or the handle limit), `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpStrToEntity(session: HSNMP_SESSION, string: LPCSTR) -> HSNMP_ENTITY {
        let s = HSession::from_raw(raw(session));
        guard(&[s.raw()], || {
            let text = match ptr::c_str(string, MAX_ENTITY_STR) {
                None => return Err(local(SnmpApiError::AllocError)),
                Some(Err(())) => "",
                Some(Ok(bytes)) => std::str::from_utf8(bytes).unwrap_or(""),
            };
            let e = api::snmp_str_to_entity(s, text)?;
            Ok(to_c(e.value()))
        })
    }
}

capi! {
    /// `SnmpEntityToStr`: writes the entity's name (translated mode) or address, with a NUL,
    /// into `string` of `size` bytes; returns the bytes written including the NUL.
    ///
    /// Errors: `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_OUTPUT_TRUNCATED` (nothing written),
    /// `SNMPAPI_NOOP` (`string` NULL), `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpEntityToStr(entity: HSNMP_ENTITY, size: smiUINT32, string: LPSTR) -> SNMPAPI_STATUS {
        let e = HEntity::from_raw(raw(entity));
        guard(&[e.raw()], || {
            let text = api::snmp_entity_to_str(e, size)?;
            if !ptr::write_c_str(string, text.as_bytes()) {
                return Err(local(SnmpApiError::Noop));
            }
            Ok(text.len() as u32 + 1)
        })
    }
}

capi! {
    /// `SnmpFreeEntity`: releases the entity.
    ///
    /// Errors (via NULL): `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpFreeEntity(entity: HSNMP_ENTITY) -> SNMPAPI_STATUS {
        let e = HEntity::from_raw(raw(entity));
        guard(&[e.raw()], || {
            api::snmp_free_entity(e)?;
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `SnmpSetPort`: changes the entity's port (1–65535).
    ///
    /// Errors (via NULL): `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_OPERATION_INVALID` (port 0 or
    /// above 65535, or the entity is listening), `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpSetPort(hEntity: HSNMP_ENTITY, nPort: UINT) -> SNMPAPI_STATUS {
        let e = HEntity::from_raw(raw(hEntity));
        guard(&[e.raw()], || {
            api::snmp_set_port(e, nPort)?;
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `SnmpStrToContext`: a new context for the octet string (a database name in
    /// translated mode, else a community string). The caller keeps `string->ptr`.
    ///
    /// Errors (via the session): `SNMPAPI_SESSION_INVALID`, `SNMPAPI_CONTEXT_INVALID`
    /// (`string` NULL, `len` 0, `ptr` NULL, or `len` above 65,507, the largest message:
    /// refused before anything is read), `SNMPAPI_CONTEXT_UNKNOWN`,
    /// `SNMPAPI_ALLOC_ERROR` (handle limit), `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpStrToContext(session: HSNMP_SESSION, string: *const smiOCTETS) -> HSNMP_CONTEXT {
        let s = HSession::from_raw(raw(session));
        guard(&[s.raw()], || {
            let d = ptr::read(string).ok_or(local(SnmpApiError::ContextInvalid))?;
            // A NULL `ptr`, or a `len` above the largest message (nothing is read then),
            // becomes an empty string, which the engine rejects with
            // SNMPAPI_CONTEXT_INVALID, as the reference says, once the session is checked.
            let bytes = ptr::octets_slice(&d, SnmpApiError::ContextInvalid).unwrap_or(&[]);
            let c = api::snmp_str_to_context(s, bytes)?;
            Ok(to_c(c.value()))
        })
    }
}

capi! {
    /// `SnmpContextToStr`: fills `*string` with a new copy of the context's name or
    /// community; free it with `SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, string)`.
    ///
    /// Errors: `SNMPAPI_CONTEXT_INVALID`, `SNMPAPI_NOOP` (`string` NULL),
    /// `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpContextToStr(context: HSNMP_CONTEXT, string: *mut smiOCTETS) -> SNMPAPI_STATUS {
        let c = HContext::from_raw(raw(context));
        guard(&[c.raw()], || {
            let bytes = api::snmp_context_to_str(c, !string.is_null())?;
            ptr::write(string, descriptor::give_octets(bytes));
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `SnmpFreeContext`: releases the context.
    ///
    /// Errors (via NULL): `SNMPAPI_CONTEXT_INVALID`, `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpFreeContext(context: HSNMP_CONTEXT) -> SNMPAPI_STATUS {
        let c = HContext::from_raw(raw(context));
        guard(&[c.raw()], || {
            api::snmp_free_context(c)?;
            Ok(SNMPAPI_SUCCESS)
        })
    }
}
