//! PDUs: `SnmpCreatePdu`, `SnmpGetPduData`, `SnmpSetPduData`, `SnmpDuplicatePdu`,
//! `SnmpFreePdu`.

use super::*;

impl<C> Engine<C> {
    // ------------------------------------------------------------ PDUs

    /// `SnmpCreatePdu`. Type 0 means `SNMP_PDU_GETNEXT`; request id 0 asks for a generated
    /// one; for GetBulk the error fields are non-repeaters and max-repetitions. The VBL's
    /// entries are copied (Appendix E 6). Field combinations are checked only at encode.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_PDU_INVALID` (type),
    /// `SNMPAPI_VBL_INVALID`, `SNMPAPI_ALLOC_ERROR`.
    pub fn create_pdu(
        &mut self,
        s: HSession,
        pdu_type: i32,
        request_id: i32,
        error_status: i32,
        error_index: i32,
        vbl: Option<HVbl>,
    ) -> R<HPdu> {
        let r = self.check_session(s).and_then(|()| {
            let pdu_type = if pdu_type == 0 {
                SNMP_PDU_GETNEXT
            } else {
                pdu_type
            };
            if !PduData::creatable_type(pdu_type) {
                return Err(SnmpApiError::PduInvalid);
            }
            let varbinds = match vbl {
                Some(v) => self.vbls.try_get(v.raw())?.value.clone(),
                None => Vec::new(),
            };
            let request_id = if request_id == 0 {
                self.generate_request_id()
            } else {
                request_id
            };
            self.add_pdu(
                s,
                PduData {
                    pdu_type,
                    request_id,
                    error_status,
                    error_index,
                    varbinds,
                },
            )
        });
        let vbl = vbl.map_or(RawHandle(0), HVbl::raw);
        self.track(r, &[s.raw(), vbl])
    }

    /// `SnmpGetPduData`. When `fields.varbind_list` is set a new VBL, owned by the PDU's
    /// session, receives a copy of the bindings.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_PDU_INVALID`, `SNMPAPI_NOOP` (no output),
    /// `SNMPAPI_ALLOC_ERROR`.
    pub fn get_pdu_data(&mut self, p: HPdu, fields: PduFields) -> R<PduInfo> {
        let r = self.require_init().and_then(|()| {
            let o = self.pdus.try_get(p.raw())?;
            if !fields.any() {
                return Err(SnmpApiError::Noop);
            }
            let owner = o.owner;
            let d = &o.value;
            let mut info = PduInfo {
                pdu_type: d.pdu_type,
                request_id: d.request_id,
                error_status: d.error_status,
                error_index: d.error_index,
                varbind_list: None,
            };
            if fields.varbind_list {
                let copy = d.varbinds.clone();
                info.varbind_list = Some(self.add_vbl(owner, copy)?);
            }
            Ok(info)
        });
        self.track(r, &[p.raw()])
    }

    /// `SnmpSetPduData`: each `Some` replaces a field (a C NULL pointer is `None`).
    /// Non-repeaters and max-repetitions apply only when the PDU is a GetBulk after this
    /// call's type change; otherwise they are ignored. The VBL's entries are copied.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_PDU_INVALID` (handle or type, `V1TRAP`
    /// included), `SNMPAPI_VBL_INVALID`, `SNMPAPI_NOOP` (all `None`).
    pub fn set_pdu_data(
        &mut self,
        p: HPdu,
        pdu_type: Option<i32>,
        request_id: Option<i32>,
        non_repeaters: Option<i32>,
        max_repetitions: Option<i32>,
        vbl: Option<HVbl>,
    ) -> R<()> {
        let r = self.require_init().and_then(|()| {
            self.pdus.try_get(p.raw())?;
            if pdu_type.is_none()
                && request_id.is_none()
                && non_repeaters.is_none()
                && max_repetitions.is_none()
                && vbl.is_none()
            {
                return Err(SnmpApiError::Noop);
            }
            if let Some(t) = pdu_type
                && !PduData::creatable_type(t)
            {
                return Err(SnmpApiError::PduInvalid);
            }
            let varbinds = match vbl {
                Some(v) => Some(self.vbls.try_get(v.raw())?.value.clone()),
                None => None,
            };
            let d = &mut self.pdus.try_get_mut(p.raw())?.value;
            if let Some(t) = pdu_type {
                d.pdu_type = t;
            }
            if let Some(id) = request_id {
                d.request_id = id;
            }
            if d.pdu_type == SNMP_PDU_GETBULK {
                if let Some(n) = non_repeaters {
                    d.error_status = n;
                }
                if let Some(m) = max_repetitions {
                    d.error_index = m;
                }
            }
            if let Some(v) = varbinds {
                d.varbinds = v;
            }
            Ok(())
        });
        self.track(r, &[p.raw()])
    }

    /// `SnmpDuplicatePdu`: a copy owned by `s`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_PDU_INVALID`,
    /// `SNMPAPI_ALLOC_ERROR`.
    pub fn duplicate_pdu(&mut self, s: HSession, p: HPdu) -> R<HPdu> {
        let r = self.check_session(s).and_then(|()| {
            let copy = self.pdus.try_get(p.raw())?.value.clone();
            self.add_pdu(s, copy)
        });
        self.track(r, &[s.raw(), p.raw()])
    }

    /// `SnmpFreePdu` (VBLs obtained from it stay alive).
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_PDU_INVALID`.
    pub fn free_pdu(&mut self, p: HPdu) -> R<()> {
        let r = self
            .require_init()
            .and_then(|()| self.free_object(p.raw(), HandleKind::Pdu));
        self.track(r, &[p.raw()])
    }
}
