//! Communications functions (winsnmp-api.md §4.3): `SnmpSendMsg`, `SnmpRecvMsg`,
//! `SnmpRegister`, `SnmpListen`, `SnmpListenEx`, `SnmpCancelMsg`.
//!
//! Notifications for these arrive through the session's `SNMPAPI_CALLBACK`, called on the
//! runtime's callback threads with no internal lock held (see `SnmpCreateSession`).

use winsnmp::api;
use winsnmp::engine::RecvOutputs;
use winsnmp::{HContext, HEntity, HPdu, HSession};

use crate::consts::SNMPAPI_SUCCESS;
use crate::guard::{guard, raw, to_c};
use crate::ptr;
use crate::types::{
    HSNMP_CONTEXT, HSNMP_ENTITY, HSNMP_PDU, HSNMP_SESSION, SNMPAPI_STATUS, smiINT32, smiOID,
    smiUINT32,
};
use crate::vbl::name_in;

/// An optional entity argument: 0 is "none".
fn opt_entity(h: HSNMP_ENTITY) -> Option<HEntity> {
    (h != 0).then(|| HEntity::from_raw(raw(h)))
}

capi! {
    /// `SnmpSendMsg`: sends the PDU as a message from `srcEntity` (NULL: the runtime's own
    /// socket; a listening entity, or the agent entity `SnmpRecvMsg` returned: that
    /// socket, which is how an agent answers; any other entity names the manager: requests
    /// and traps leave from the runtime's socket, a Response is refused) to `dstEntity` in
    /// `context`; returns at once. Requests are retransmitted per the
    /// destination's timeout and retry while the retransmit mode is ON; the answer (callback
    /// `wParam` 0, then `SnmpRecvMsg`) or `SNMPAPI_TL_TIMEOUT` (callback `wParam`, `lParam` =
    /// request id) follows on a callback thread. The PDU stays the caller's.
    ///
    /// Errors (via the session): `SNMPAPI_SESSION_INVALID`, `SNMPAPI_ENTITY_INVALID`,
    /// `SNMPAPI_CONTEXT_INVALID`, `SNMPAPI_PDU_INVALID`, `SNMPAPI_OPERATION_INVALID`,
    /// `SNMPAPI_TL_PDU_TOO_BIG`, `SNMPAPI_TL_SRC_INVALID` (a Response from a source no
    /// socket is bound to, or a source of the other address family),
    /// `SNMPAPI_TL_NOT_AVAILABLE`, `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpSendMsg(
        session: HSNMP_SESSION,
        srcEntity: HSNMP_ENTITY,
        dstEntity: HSNMP_ENTITY,
        context: HSNMP_CONTEXT,
        PDU: HSNMP_PDU,
    ) -> SNMPAPI_STATUS {
        let s = HSession::from_raw(raw(session));
        guard(&[s.raw()], || {
            api::snmp_send_msg(
                s,
                opt_entity(srcEntity),
                HEntity::from_raw(raw(dstEntity)),
                HContext::from_raw(raw(context)),
                HPdu::from_raw(raw(PDU)),
            )?;
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `SnmpRecvMsg`: takes the session's oldest queued message (a response, a trap or
    /// inform in SNMPv2 form, or a request for a listening entity) and creates new handles,
    /// owned by the session, for the non-NULL outputs: sender entity, receiving entity,
    /// context, PDU (its bindings through `SnmpGetPduData`). Free each when done.
    ///
    /// Errors (via the session): `SNMPAPI_SESSION_INVALID`, `SNMPAPI_NOOP` (queue empty or
    /// all outputs NULL), `SNMPAPI_ALLOC_ERROR` (handle limit), `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpRecvMsg(
        session: HSNMP_SESSION,
        srcEntity: *mut HSNMP_ENTITY,
        dstEntity: *mut HSNMP_ENTITY,
        context: *mut HSNMP_CONTEXT,
        PDU: *mut HSNMP_PDU,
    ) -> SNMPAPI_STATUS {
        let s = HSession::from_raw(raw(session));
        guard(&[s.raw()], || {
            let outputs = RecvOutputs {
                src: !srcEntity.is_null(),
                dst: !dstEntity.is_null(),
                context: !context.is_null(),
                pdu: !PDU.is_null(),
            };
            let r = api::snmp_recv_msg(s, outputs)?;
            if let Some(e) = r.src {
                ptr::write(srcEntity, to_c(e.value()));
            }
            if let Some(e) = r.dst {
                ptr::write(dstEntity, to_c(e.value()));
            }
            if let Some(c) = r.context {
                ptr::write(context, to_c(c.value()));
            }
            if let Some(p) = r.pdu {
                ptr::write(PDU, to_c(p.value()));
            }
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `SnmpRegister`: adds (`state` other than `SNMPAPI_OFF`) or removes a trap and
    /// notification filter for the session. NULL `srcEntity`, `dstEntity` (the sending
    /// agent), `context` or `notification` (an OID prefix) are wildcards. The first
    /// registration binds the trap port (162, or `$WINSNMP_TRAP_PORT`), shared by every
    /// session; the last removal releases it.
    ///
    /// Errors (via the session): `SNMPAPI_SESSION_INVALID`, `SNMPAPI_ENTITY_INVALID`,
    /// `SNMPAPI_CONTEXT_INVALID`, `SNMPAPI_OID_INVALID`, `SNMPAPI_TL_IN_USE` (trap port
    /// unavailable), `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpRegister(
        session: HSNMP_SESSION,
        srcEntity: HSNMP_ENTITY,
        dstEntity: HSNMP_ENTITY,
        context: HSNMP_CONTEXT,
        notification: *const smiOID,
        state: smiUINT32,
    ) -> SNMPAPI_STATUS {
        let s = HSession::from_raw(raw(session));
        guard(&[s.raw()], || {
            let notification = name_in(notification)?;
            api::snmp_register(
                s,
                opt_entity(srcEntity),
                opt_entity(dstEntity),
                (context != 0).then(|| HContext::from_raw(raw(context))),
                notification,
                state,
            )?;
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `SnmpListen`: `SNMPAPI_ON` makes the entity an agent: its address and port are bound
    /// and Get, GetNext, GetBulk, Set and Inform requests arriving there are queued for its
    /// session (answer with `SnmpSendMsg` from the entity); `SNMPAPI_OFF` closes the port.
    ///
    /// Errors (via the entity's session): `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_MODE_INVALID`,
    /// `SNMPAPI_NOOP` (already in that state), `SNMPAPI_TL_RESOURCE_ERROR`,
    /// `SNMPAPI_TL_OTHER` (bind failed, e.g. port in use), `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpListen(hEntity: HSNMP_ENTITY, lStatus: SNMPAPI_STATUS) -> SNMPAPI_STATUS {
        let e = HEntity::from_raw(raw(hEntity));
        guard(&[e.raw()], || {
            api::snmp_listen(e, lStatus)?;
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `SnmpListenEx`: as [`SnmpListen`]; `nUseEntityAddr` is `SNMPLISTEN_USEENTITY_ADDR`
    /// (bind the entity's address) or `SNMPLISTEN_ALL_ADDR` (every address of its family).
    ///
    /// Errors: as `SnmpListen`; `SNMPAPI_MODE_INVALID` for another `nUseEntityAddr`.
    pub fn SnmpListenEx(
        hEntity: HSNMP_ENTITY,
        lStatus: SNMPAPI_STATUS,
        nUseEntityAddr: smiUINT32,
    ) -> SNMPAPI_STATUS {
        let e = HEntity::from_raw(raw(hEntity));
        guard(&[e.raw()], || {
            api::snmp_listen_ex(e, lStatus, nUseEntityAddr)?;
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `SnmpCancelMsg`: stops retransmission and the timeout notice of the session's
    /// outstanding request `reqId`; a late answer is dropped.
    ///
    /// Errors (via the session): `SNMPAPI_SESSION_INVALID`, `SNMPAPI_PDU_INVALID` (no such
    /// outstanding request), `SNMPAPI_NOT_INITIALIZED`.
    pub fn SnmpCancelMsg(session: HSNMP_SESSION, reqId: smiINT32) -> SNMPAPI_STATUS {
        let s = HSession::from_raw(raw(session));
        guard(&[s.raw()], || {
            api::snmp_cancel_msg(s, reqId)?;
            Ok(SNMPAPI_SUCCESS)
        })
    }
}
