//! PDU functions (winsnmp-api.md §4.5).

use winsnmp::api;
use winsnmp::engine::PduFields;
use winsnmp::{HPdu, HSession, HVbl};

use crate::consts::SNMPAPI_SUCCESS;
use crate::guard::{guard, raw, to_c};
use crate::ptr;
use crate::types::{HSNMP_PDU, HSNMP_SESSION, HSNMP_VBL, SNMPAPI_STATUS, smiINT, smiINT32};

/// An optional handle argument: 0 is "none".
fn opt_vbl(h: HSNMP_VBL) -> Option<HVbl> {
    (h != 0).then(|| HVbl::from_raw(raw(h)))
}

capi! {
    /// `SnmpCreatePdu`: a new PDU owned by `session`. 0 arguments give the defaults
    /// (GETNEXT, a generated request id, no error, no VBL); for GETBULK `error_status` and
    /// `error_index` are non-repeaters and max-repetitions. The PDU keeps a copy of the
    /// VBL's bindings.
    ///
    /// Errors (via the session): `SNMPAPI_SESSION_INVALID`, `SNMPAPI_PDU_INVALID` (type),
    /// `SNMPAPI_VBL_INVALID`, `SNMPAPI_ALLOC_ERROR` (handle limit), `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpCreatePdu(
        session: HSNMP_SESSION,
        PDU_type: smiINT,
        request_id: smiINT32,
        error_status: smiINT,
        error_index: smiINT,
        varbindlist: HSNMP_VBL,
    ) -> HSNMP_PDU {
        let s = HSession::from_raw(raw(session));
        guard(&[s.raw()], || {
            let vbl = opt_vbl(varbindlist);
            let p = api::snmp_create_pdu(s, PDU_type, request_id, error_status, error_index, vbl)?;
            Ok(to_c(p.value()))
        })
    }
}

capi! {
    /// `SnmpGetPduData`: copies the PDU's fields to the non-NULL pointers; `*varbindlist`
    /// receives a new VBL (a copy of the PDU's bindings) to free with `SnmpFreeVbl`.
    ///
    /// Errors: `SNMPAPI_PDU_INVALID`, `SNMPAPI_NOOP` (all NULL), `SNMPAPI_ALLOC_ERROR`
    /// (handle limit), `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpGetPduData(
        PDU: HSNMP_PDU,
        PDU_type: *mut smiINT,
        request_id: *mut smiINT32,
        error_status: *mut smiINT,
        error_index: *mut smiINT,
        varbindlist: *mut HSNMP_VBL,
    ) -> SNMPAPI_STATUS {
        let p = HPdu::from_raw(raw(PDU));
        guard(&[p.raw()], || {
            let fields = PduFields {
                pdu_type: !PDU_type.is_null(),
                request_id: !request_id.is_null(),
                error_status: !error_status.is_null(),
                error_index: !error_index.is_null(),
                varbind_list: !varbindlist.is_null(),
            };
            let info = api::snmp_get_pdu_data(p, fields)?;
            ptr::write(PDU_type, info.pdu_type);
            ptr::write(request_id, info.request_id);
            ptr::write(error_status, info.error_status);
            ptr::write(error_index, info.error_index);
            if let Some(v) = info.varbind_list {
                ptr::write(varbindlist, to_c(v.value()));
            }
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `SnmpSetPduData`: changes the fields whose pointer is not NULL: type, request id,
    /// non-repeaters and max-repetitions (GETBULK only, ignored otherwise), and the
    /// bindings (copied from the VBL).
    ///
    /// Errors: `SNMPAPI_PDU_INVALID`, `SNMPAPI_VBL_INVALID`, `SNMPAPI_NOOP` (all NULL),
    /// `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpSetPduData(
        PDU: HSNMP_PDU,
        PDU_type: *const smiINT,
        request_id: *const smiINT32,
        non_repeaters: *const smiINT,
        max_repetitions: *const smiINT,
        varbindlist: *const HSNMP_VBL,
    ) -> SNMPAPI_STATUS {
        let p = HPdu::from_raw(raw(PDU));
        guard(&[p.raw()], || {
            // A non-NULL pointer to 0 names the NULL VBL handle: rejected as invalid.
            let vbl = ptr::read(varbindlist).map(|h| HVbl::from_raw(raw(h)));
            api::snmp_set_pdu_data(
                p,
                ptr::read(PDU_type),
                ptr::read(request_id),
                ptr::read(non_repeaters),
                ptr::read(max_repetitions),
                vbl,
            )?;
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `SnmpDuplicatePdu`: a new PDU owned by `session`, equal to `PDU`.
    ///
    /// Errors (via the session): `SNMPAPI_SESSION_INVALID`, `SNMPAPI_PDU_INVALID`,
    /// `SNMPAPI_ALLOC_ERROR` (handle limit), `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpDuplicatePdu(session: HSNMP_SESSION, PDU: HSNMP_PDU) -> HSNMP_PDU {
        let s = HSession::from_raw(raw(session));
        let p = HPdu::from_raw(raw(PDU));
        guard(&[s.raw(), p.raw()], || {
            let d = api::snmp_duplicate_pdu(s, p)?;
            Ok(to_c(d.value()))
        })
    }
}

capi! {
    /// `SnmpFreePdu`: releases the PDU (VBLs obtained from it stay).
    ///
    /// Errors (via NULL): `SNMPAPI_PDU_INVALID`, `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpFreePdu(PDU: HSNMP_PDU) -> SNMPAPI_STATUS {
        let p = HPdu::from_raw(raw(PDU));
        guard(&[p.raw()], || {
            api::snmp_free_pdu(p)?;
            Ok(SNMPAPI_SUCCESS)
        })
    }
}
