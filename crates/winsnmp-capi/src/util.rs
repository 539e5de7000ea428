//! Utility functions (winsnmp-api.md §4.7): OIDs, encode/decode, `SnmpFreeDescriptor`.

use std::cmp::Ordering;

use winsnmp::api;
use winsnmp::engine::DecodeOutputs;
use winsnmp::engine::consts::MAXOBJIDSTRSIZE;
use winsnmp::{HContext, HEntity, HPdu, HSession, SnmpApiError};

use crate::consts::SNMPAPI_SUCCESS;
use crate::descriptor;
use crate::guard::{Fail, guard, local, raw, to_c};
use crate::ptr;
use crate::types::{
    HSNMP_CONTEXT, HSNMP_ENTITY, HSNMP_PDU, HSNMP_SESSION, LPCSTR, LPSTR, SNMPAPI_STATUS, smiINT,
    smiOCTETS, smiOID, smiUINT32,
};

/// A required input `smiOID`: NULL, a NULL `ptr` with `len > 0` or more than
/// `MAXOBJIDSIZE` sub-identifiers is `SNMPAPI_OID_INVALID`.
fn oid_in<'a>(oid: *const smiOID) -> Result<&'a [u32], Fail> {
    let o = ptr::read(oid).ok_or(local(SnmpApiError::OidInvalid))?;
    ptr::oid_slice(&o, SnmpApiError::OidInvalid).map_err(local)
}

capi! {
    /// `SnmpStrToOid`: parses dotted decimal ("1.3.6.1", an optional leading dot, 2–128
    /// sub-identifiers, at most `MAXOBJIDSTRSIZE` bytes) into `*dstOID`; returns the number
    /// of sub-identifiers. Free with `SnmpFreeDescriptor(SNMP_SYNTAX_OID, dstOID)`.
    ///
    /// Errors (via NULL): `SNMPAPI_OID_INVALID`, `SNMPAPI_NOOP` (`dstOID` NULL),
    /// `SNMPAPI_ALLOC_ERROR` (`string` NULL), `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpStrToOid(string: LPCSTR, dstOID: *mut smiOID) -> SNMPAPI_STATUS {
        guard(&[], || {
            let text = match ptr::c_str(string, MAXOBJIDSTRSIZE) {
                None => return Err(local(SnmpApiError::AllocError)),
                // Longer than MAXOBJIDSTRSIZE: the engine rejects it as too long.
                Some(Err(())) => &[b'x'; MAXOBJIDSTRSIZE + 1][..],
                Some(Ok(bytes)) => bytes,
            };
            let oid = api::snmp_str_to_oid(text, !dstOID.is_null())?;
            let n = oid.len() as u32;
            ptr::write(dstOID, descriptor::give_oid(oid));
            Ok(n)
        })
    }
}

capi! {
    /// `SnmpOidToStr`: writes the dotted-decimal form and a NUL into `string` of `size`
    /// bytes; returns the bytes written including the NUL.
    ///
    /// Errors (via NULL): `SNMPAPI_SIZE_INVALID` (`size` 0), `SNMPAPI_OID_INVALID`,
    /// `SNMPAPI_OUTPUT_TRUNCATED`, `SNMPAPI_NOOP` (`string` NULL), `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpOidToStr(srcOID: *const smiOID, size: smiUINT32, string: LPSTR) -> SNMPAPI_STATUS {
        guard(&[], || {
            let oid = oid_in(srcOID)?;
            let text = api::snmp_oid_to_str(oid, size)?;
            if !ptr::write_c_str(string, text.as_bytes()) {
                return Err(local(SnmpApiError::Noop));
            }
            Ok(text.len() as u32 + 1)
        })
    }
}

capi! {
    /// `SnmpOidCopy`: a new copy of `*srcOID` in `*dstOID`; returns the number of
    /// sub-identifiers. Free with `SnmpFreeDescriptor(SNMP_SYNTAX_OID, dstOID)`.
    ///
    /// Errors (via NULL): `SNMPAPI_OID_INVALID`, `SNMPAPI_NOOP` (`dstOID` NULL),
    /// `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpOidCopy(srcOID: *const smiOID, dstOID: *mut smiOID) -> SNMPAPI_STATUS {
        guard(&[], || {
            let src = oid_in(srcOID)?;
            let oid = api::snmp_oid_copy(src, !dstOID.is_null())?;
            let n = oid.len() as u32;
            ptr::write(dstOID, descriptor::give_oid(oid));
            Ok(n)
        })
    }
}

capi! {
    /// `SnmpOidCompare`: `*result` < 0, 0 or > 0 as `xOID` is below, equal to or above
    /// `yOID`, comparing at most `maxlen` sub-identifiers (0: whole OIDs).
    ///
    /// Errors (via NULL): `SNMPAPI_OID_INVALID`, `SNMPAPI_SIZE_INVALID` (`maxlen` above
    /// `MAXOBJIDSIZE`), `SNMPAPI_NOOP` (`result` NULL), `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpOidCompare(
        xOID: *const smiOID,
        yOID: *const smiOID,
        maxlen: smiUINT32,
        result: *mut smiINT,
    ) -> SNMPAPI_STATUS {
        guard(&[], || {
            let x = oid_in(xOID)?;
            let y = oid_in(yOID)?;
            let order = api::snmp_oid_compare(x, y, maxlen, !result.is_null())?;
            let r = match order {
                Ordering::Less => -1,
                Ordering::Equal => 0,
                Ordering::Greater => 1,
            };
            ptr::write(result, r);
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `SnmpEncodeMsg`: the BER message `SnmpSendMsg` would send (version from `dstEntity`,
    /// community from `context`; `srcEntity` may be NULL) in a new buffer described by
    /// `*msgBufDesc`; returns its length. Free with
    /// `SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, msgBufDesc)`.
    ///
    /// Errors (via the session): `SNMPAPI_SESSION_INVALID`, `SNMPAPI_ENTITY_INVALID`,
    /// `SNMPAPI_CONTEXT_INVALID`, `SNMPAPI_PDU_INVALID`, `SNMPAPI_OPERATION_INVALID`,
    /// `SNMPAPI_TL_PDU_TOO_BIG`, `SNMPAPI_NOOP` (`msgBufDesc` NULL),
    /// `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpEncodeMsg(
        session: HSNMP_SESSION,
        srcEntity: HSNMP_ENTITY,
        dstEntity: HSNMP_ENTITY,
        context: HSNMP_CONTEXT,
        pdu: HSNMP_PDU,
        msgBufDesc: *mut smiOCTETS,
    ) -> SNMPAPI_STATUS {
        let s = HSession::from_raw(raw(session));
        guard(&[s.raw()], || {
            let src = (srcEntity != 0).then(|| HEntity::from_raw(raw(srcEntity)));
            let msg = api::snmp_encode_msg(
                s,
                src,
                HEntity::from_raw(raw(dstEntity)),
                HContext::from_raw(raw(context)),
                HPdu::from_raw(raw(pdu)),
                !msgBufDesc.is_null(),
            )?;
            let n = msg.len() as u32;
            ptr::write(msgBufDesc, descriptor::give_octets(msg));
            Ok(n)
        })
    }
}

capi! {
    /// `SnmpDecodeMsg`: parses the message in `*msgBufDesc`; creates a context and a PDU
    /// owned by `session` for the non-NULL `context`/`pdu` pointers and sets
    /// `*srcEntity`/`*dstEntity` to 0 (v1/v2c messages carry no addresses); returns the
    /// bytes used. A v1 trap becomes an SNMPv2 trap (RFC 3584).
    ///
    /// Errors (via the session): `SNMPAPI_SESSION_INVALID`, `SNMPAPI_MESSAGE_INVALID`,
    /// `SNMPAPI_OUTPUT_TRUNCATED` (the message runs past `len`), `SNMPAPI_NOOP` (all
    /// outputs NULL), `SNMPAPI_ALLOC_ERROR` (`msgBufDesc` NULL, its `ptr` NULL with
    /// `len > 0`, or its `len` above 65,507, the largest message: refused before anything is
    /// read; handle limit), `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpDecodeMsg(
        session: HSNMP_SESSION,
        srcEntity: *mut HSNMP_ENTITY,
        dstEntity: *mut HSNMP_ENTITY,
        context: *mut HSNMP_CONTEXT,
        pdu: *mut HSNMP_PDU,
        msgBufDesc: *const smiOCTETS,
    ) -> SNMPAPI_STATUS {
        let s = HSession::from_raw(raw(session));
        guard(&[s.raw()], || {
            let d = ptr::read(msgBufDesc).ok_or(local(SnmpApiError::AllocError))?;
            let buf = ptr::octets_slice(&d, SnmpApiError::AllocError).map_err(local)?;
            let outputs = DecodeOutputs {
                entities: !srcEntity.is_null() || !dstEntity.is_null(),
                context: !context.is_null(),
                pdu: !pdu.is_null(),
            };
            let decoded = api::snmp_decode_msg(s, buf, outputs)?;
            ptr::write(srcEntity, 0);
            ptr::write(dstEntity, 0);
            if let Some(c) = decoded.context {
                ptr::write(context, to_c(c.value()));
            }
            if let Some(p) = decoded.pdu {
                ptr::write(pdu, to_c(p.value()));
            }
            Ok(decoded.used)
        })
    }
}

capi! {
    /// `SnmpFreeDescriptor`: frees the `ptr` of a descriptor this library filled
    /// (`SnmpGetVb`, `SnmpEncodeMsg`, `SnmpOidCopy`, `SnmpContextToStr`, `SnmpStrToOid`) and
    /// sets `len` to 0 and `ptr` to NULL. `syntax` is `SNMP_SYNTAX_OID` for an `smiOID`, or
    /// an octet-string syntax (OCTETS, BITS, OPAQUE, IPADDR, NSAPADDR) for an `smiOCTETS`.
    ///
    /// Errors (via NULL): `SNMPAPI_SYNTAX_INVALID`, `SNMPAPI_NOOP` (`descriptor` or its
    /// `ptr` NULL), `SNMPAPI_OPERATION_INVALID` (already freed, not issued by this library,
    /// or issued for the other descriptor kind), `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpFreeDescriptor(syntax: smiUINT32, descriptor: *mut smiOCTETS) -> SNMPAPI_STATUS {
        guard(&[], || {
            api::snmp_free_descriptor(syntax)?;
            descriptor::release(syntax, descriptor).map_err(local)?;
            Ok(SNMPAPI_SUCCESS)
        })
    }
}
