//! Variable-binding functions (winsnmp-api.md §4.6) and the `smiVALUE` conversions.

use winsnmp::api;
use winsnmp::engine::VbOutputs;
use winsnmp::{HSession, HVbl, SmiValue, SnmpApiError};

use crate::consts::SNMPAPI_SUCCESS;
use crate::descriptor;
use crate::guard::{Fail, guard, local, raw, to_c};
use crate::ptr;
use crate::types::{
    HSNMP_SESSION, HSNMP_VBL, SNMPAPI_STATUS, smiCNTR64, smiOID, smiUINT32, smiVALUE, smiVALUE_0,
};

/// An optional input `smiOID` (a varbind name).
///
/// # Errors
/// `SNMPAPI_OID_INVALID` (local) for more than `MAXOBJIDSIZE` sub-identifiers or a NULL
/// `ptr` with `len > 0`.
pub(crate) fn name_in<'a>(name: *const smiOID) -> Result<Option<&'a [u32]>, Fail> {
    ptr::read(name)
        .map(|o| ptr::oid_slice(&o, SnmpApiError::OidInvalid))
        .transpose()
        .map_err(local)
}

/// An optional input `smiVALUE`.
///
/// # Errors
/// (local) `SNMPAPI_SYNTAX_INVALID` for an unknown syntax or an IpAddress that is not four
/// octets; `SNMPAPI_OID_INVALID` for a bad OID value; `SNMPAPI_ALLOC_ERROR` for an octet
/// string with NULL `ptr` and `len > 0` or longer than 65,507 octets (nothing is read).
pub(crate) fn value_in(value: *const smiVALUE) -> Result<Option<SmiValue>, Fail> {
    let Some(v) = ptr::read(value) else {
        return Ok(None);
    };
    if !SmiValue::is_value_syntax(v.syntax) {
        return Err(local(SnmpApiError::SyntaxInvalid));
    }
    let (number, bytes, oid) = ptr::value_parts(&v).map_err(local)?;
    SmiValue::from_parts(v.syntax, number, bytes, oid)
        .map(Some)
        .map_err(local)
}

/// A value as a C `smiVALUE`, its octets or OID handed out through the descriptor
/// registry.
pub(crate) fn value_out(value: SmiValue) -> smiVALUE {
    let syntax = value.syntax();
    let v = match value {
        SmiValue::Int(i) => smiVALUE_0 { sNumber: i },
        SmiValue::Cntr32(n)
        | SmiValue::Gauge32(n)
        | SmiValue::TimeTicks(n)
        | SmiValue::UInt32(n) => smiVALUE_0 { uNumber: n },
        SmiValue::Cntr64(c) => smiVALUE_0 {
            hNumber: smiCNTR64 {
                hipart: c.hipart,
                lopart: c.lopart,
            },
        },
        SmiValue::Bits(b)
        | SmiValue::Octets(b)
        | SmiValue::IpAddr(b)
        | SmiValue::Opaque(b)
        | SmiValue::NsapAddr(b) => smiVALUE_0 {
            string: descriptor::give_octets(b),
        },
        SmiValue::Oid(o) => smiVALUE_0 {
            oid: descriptor::give_oid(o),
        },
        SmiValue::Null
        | SmiValue::NoSuchObject
        | SmiValue::NoSuchInstance
        | SmiValue::EndOfMibView => {
            // Zero the whole union, not just `empty`, so C never sees stale bytes.
            smiVALUE_0 {
                hNumber: smiCNTR64::default(),
            }
        }
    };
    smiVALUE { syntax, value: v }
}

capi! {
    /// `SnmpCreateVbl`: a new VBL owned by `session`: empty for a NULL `name`; otherwise one
    /// binding of `name` and `value` (a NULL `value` is `SNMP_SYNTAX_NULL`). Both are copied.
    ///
    /// Errors (via the session): `SNMPAPI_SESSION_INVALID`, `SNMPAPI_OID_INVALID` (also
    /// more than 128 sub-identifiers), `SNMPAPI_SYNTAX_INVALID`, `SNMPAPI_ALLOC_ERROR` (bad
    /// octet pointer or an octet value above 65,507 octets, handle limit),
    /// `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpCreateVbl(session: HSNMP_SESSION, name: *const smiOID, value: *const smiVALUE) -> HSNMP_VBL {
        let s = HSession::from_raw(raw(session));
        guard(&[s.raw()], || {
            let name = name_in(name)?;
            let value = if name.is_some() { value_in(value)? } else { None };
            let v = api::snmp_create_vbl(s, name, value.as_ref())?;
            Ok(to_c(v.value()))
        })
    }
}

capi! {
    /// `SnmpDuplicateVbl`: a new VBL owned by `session` with a copy of `vbl`'s bindings.
    ///
    /// Errors (via the session): `SNMPAPI_SESSION_INVALID`, `SNMPAPI_VBL_INVALID`,
    /// `SNMPAPI_ALLOC_ERROR` (handle limit), `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpDuplicateVbl(session: HSNMP_SESSION, vbl: HSNMP_VBL) -> HSNMP_VBL {
        let s = HSession::from_raw(raw(session));
        let v = HVbl::from_raw(raw(vbl));
        guard(&[s.raw(), v.raw()], || {
            let d = api::snmp_duplicate_vbl(s, v)?;
            Ok(to_c(d.value()))
        })
    }
}

capi! {
    /// `SnmpFreeVbl`: releases the VBL.
    ///
    /// Errors (via NULL): `SNMPAPI_VBL_INVALID`, `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpFreeVbl(vbl: HSNMP_VBL) -> SNMPAPI_STATUS {
        let v = HVbl::from_raw(raw(vbl));
        guard(&[v.raw()], || {
            api::snmp_free_vbl(v)?;
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `SnmpCountVbl`: the number of bindings. An empty list returns `SNMPAPI_FAILURE` (0)
    /// with last error `SNMPAPI_NOOP`.
    ///
    /// Errors (via NULL): `SNMPAPI_NOOP` (empty), `SNMPAPI_VBL_INVALID`,
    /// `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpCountVbl(vbl: HSNMP_VBL) -> SNMPAPI_STATUS {
        let v = HVbl::from_raw(raw(vbl));
        guard(&[v.raw()], || Ok(api::snmp_count_vbl(v)?))
    }
}

capi! {
    /// `SnmpGetVb`: copies binding `index` (1 … n) into `*name` and `*value` (either may be
    /// NULL). Free `name` with `SnmpFreeDescriptor(SNMP_SYNTAX_OID, name)` and, when
    /// `value->syntax` selects `string` or `oid`, that member with
    /// `SnmpFreeDescriptor(value->syntax, …)`. An empty octet string has `ptr` NULL.
    ///
    /// Errors: `SNMPAPI_VBL_INVALID`, `SNMPAPI_INDEX_INVALID`, `SNMPAPI_NOOP` (both NULL),
    /// `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpGetVb(vbl: HSNMP_VBL, index: smiUINT32, name: *mut smiOID, value: *mut smiVALUE) -> SNMPAPI_STATUS {
        let v = HVbl::from_raw(raw(vbl));
        guard(&[v.raw()], || {
            let outputs = VbOutputs {
                name: !name.is_null(),
                value: !value.is_null(),
            };
            let entry = api::snmp_get_vb(v, index, outputs)?;
            if !name.is_null() {
                ptr::write(name, descriptor::give_oid(entry.name));
            }
            if !value.is_null() {
                ptr::write(value, value_out(entry.value));
            }
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `SnmpSetVb`: `index` 0 appends a binding (returns its position n + 1); 1 … n
    /// replaces that binding (returns `index`). A NULL `value` is `SNMP_SYNTAX_NULL`; a NULL
    /// `name` with `index != 0` changes only the value.
    ///
    /// Errors: `SNMPAPI_VBL_INVALID`, `SNMPAPI_INDEX_INVALID`, `SNMPAPI_OID_INVALID` (also
    /// more than 128 sub-identifiers), `SNMPAPI_SYNTAX_INVALID`, `SNMPAPI_ALLOC_ERROR` (bad
    /// octet pointer or an octet value above 65,507 octets), `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpSetVb(vbl: HSNMP_VBL, index: smiUINT32, name: *const smiOID, value: *const smiVALUE) -> SNMPAPI_STATUS {
        let v = HVbl::from_raw(raw(vbl));
        guard(&[v.raw()], || {
            let name = name_in(name)?;
            let value = value_in(value)?;
            Ok(api::snmp_set_vb(v, index, name, value.as_ref())?)
        })
    }
}

capi! {
    /// `SnmpDeleteVb`: removes binding `index` (1 … n); later bindings move down.
    ///
    /// Errors: `SNMPAPI_VBL_INVALID`, `SNMPAPI_INDEX_INVALID`, `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpDeleteVb(vbl: HSNMP_VBL, index: smiUINT32) -> SNMPAPI_STATUS {
        let v = HVbl::from_raw(raw(vbl));
        guard(&[v.raw()], || {
            api::snmp_delete_vb(v, index)?;
            Ok(SNMPAPI_SUCCESS)
        })
    }
}
