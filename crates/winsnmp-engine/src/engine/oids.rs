//! OIDs and descriptors (`SnmpStrToOid`, `SnmpOidToStr`, `SnmpOidCopy`,
//! `SnmpOidCompare`, `SnmpFreeDescriptor`) and the message codec functions
//! (`SnmpEncodeMsg`, `SnmpDecodeMsg`).

use super::*;

impl<C> Engine<C> {
    // ------------------------------------------------------------ utilities

    /// `SnmpStrToOid`; `output == false` models a NULL `dstOID`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_OID_INVALID`, `SNMPAPI_NOOP`.
    pub fn str_to_oid(&mut self, text: &[u8], output: bool) -> R<SmiOid> {
        let r = self.require_init().and_then(|()| {
            let oid = value::str_to_oid(text)?;
            if output {
                Ok(oid)
            } else {
                Err(SnmpApiError::Noop)
            }
        });
        self.track(r, &[])
    }

    /// `SnmpOidToStr` for a C buffer of `size` bytes.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SIZE_INVALID`, `SNMPAPI_OID_INVALID`,
    /// `SNMPAPI_OUTPUT_TRUNCATED`.
    pub fn oid_to_str(&mut self, oid: &[u32], size: u32) -> R<String> {
        let r = self
            .require_init()
            .and_then(|()| value::oid_to_str(oid, size));
        self.track(r, &[])
    }

    /// `SnmpOidCopy`; `output == false` models a NULL `dstOID`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_OID_INVALID`, `SNMPAPI_NOOP`.
    pub fn oid_copy(&mut self, oid: &[u32], output: bool) -> R<SmiOid> {
        let r = self.require_init().and_then(|()| {
            let c = value::oid_copy(oid)?;
            if output {
                Ok(c)
            } else {
                Err(SnmpApiError::Noop)
            }
        });
        self.track(r, &[])
    }

    /// `SnmpOidCompare`; `output == false` models a NULL `result`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_OID_INVALID`, `SNMPAPI_SIZE_INVALID`,
    /// `SNMPAPI_NOOP`.
    pub fn oid_compare(&mut self, x: &[u32], y: &[u32], maxlen: u32, output: bool) -> R<Ordering> {
        let r = self.require_init().and_then(|()| {
            let o = value::oid_compare(x, y, maxlen)?;
            if output {
                Ok(o)
            } else {
                Err(SnmpApiError::Noop)
            }
        });
        self.track(r, &[])
    }

    /// `SnmpFreeDescriptor`, the part that does not need the C pointer registry: checks the
    /// runtime and the syntax. The C layer then looks the pointer up in its registry and
    /// reports `SNMPAPI_OPERATION_INVALID`/`SNMPAPI_NOOP` through [`Engine::record_error`].
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SYNTAX_INVALID`.
    pub fn free_descriptor(&mut self, syntax: u32) -> R<()> {
        let r = self.require_init().and_then(|()| {
            if SmiValue::is_descriptor_syntax(syntax) {
                Ok(())
            } else {
                Err(SnmpApiError::SyntaxInvalid)
            }
        });
        self.track(r, &[])
    }

    /// `SnmpEncodeMsg`: the message `SnmpSendMsg` would send from `src` (may be `None`) to
    /// `dst` in `context`: version from `dst`, community from the context, validated per
    /// §1.12 and Appendix E 12/13. `output == false` models a NULL `msgBufDesc`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_ENTITY_INVALID`,
    /// `SNMPAPI_CONTEXT_INVALID`, `SNMPAPI_PDU_INVALID`, `SNMPAPI_OPERATION_INVALID`,
    /// `SNMPAPI_TL_PDU_TOO_BIG` (longer than [`Limits::max_message_size`], or more
    /// bindings than [`Limits::max_varbinds`]), `SNMPAPI_NOOP`.
    pub fn encode_msg(
        &mut self,
        s: HSession,
        src: Option<HEntity>,
        dst: HEntity,
        context: HContext,
        pdu: HPdu,
        output: bool,
    ) -> R<Vec<u8>> {
        let r = self.check_session(s).and_then(|()| {
            if let Some(src) = src {
                self.entities.try_get(src.raw())?;
            }
            let version = self.entities.try_get(dst.raw())?.value.version;
            let community = &self.contexts.try_get(context.raw())?.value.community;
            let pdu = &self.pdus.try_get(pdu.raw())?.value;
            if !output {
                return Err(SnmpApiError::Noop);
            }
            if pdu.varbinds.len() > self.limits.max_varbinds {
                return Err(SnmpApiError::TlPduTooBig);
            }
            encode_message(version, community, pdu, self.limits.max_message_size)
        });
        let src = src.map_or(RawHandle(0), HEntity::raw);
        self.track(r, &[s.raw(), src, dst.raw(), context.raw(), pdu.raw()])
    }

    /// `SnmpDecodeMsg`: decodes the message at the start of `buf` into a new context and
    /// PDU owned by `s` (SNMPv1 traps converted to SNMPv2 form, Appendix E 14). Entity
    /// outputs are always 0 for SNMPv1/v2c. Nothing is created on failure.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_MESSAGE_INVALID`,
    /// `SNMPAPI_OUTPUT_TRUNCATED` (the message is longer than `buf`), `SNMPAPI_NOOP` (no
    /// output), `SNMPAPI_ALLOC_ERROR` (handle limit, or more bindings than
    /// [`Limits::max_varbinds`]).
    pub fn decode_msg(
        &mut self,
        s: HSession,
        buf: &[u8],
        outputs: DecodeOutputs,
    ) -> R<DecodedHandles> {
        let r = self.check_session(s).and_then(|()| {
            if !outputs.entities && !outputs.context && !outputs.pdu {
                return Err(SnmpApiError::Noop);
            }
            let mut d = decode_message(buf, 0)?;
            if d.pdu.varbinds.len() > self.limits.max_varbinds {
                return Err(SnmpApiError::AllocError);
            }
            if d.version == Version::V1 && d.pdu.pdu_type == SNMP_PDU_TRAP {
                // A v1 trap has no request id: it gets one no outstanding request uses.
                d.pdu.request_id = self.generate_request_id();
            }
            let used = u32::try_from(d.used).map_err(|_| SnmpApiError::MessageInvalid)?;
            let saved = self.holdings(s);
            let context = if outputs.context {
                let name = self
                    .database
                    .context_name_for(&d.community)
                    .map(str::to_owned);
                Some(self.add_context(
                    s,
                    Context {
                        community: d.community,
                        name,
                    },
                )?)
            } else {
                None
            };
            let pdu = if outputs.pdu {
                match self.add_pdu(s, d.pdu) {
                    Ok(p) => Some(p),
                    Err(e) => {
                        if let Some(c) = context {
                            let _ = self.free_object(c.raw(), HandleKind::Context);
                        }
                        self.restore_holdings(s, saved);
                        return Err(e);
                    }
                }
            } else {
                None
            };
            Ok(DecodedHandles { used, context, pdu })
        });
        self.track(r, &[s.raw()])
    }
}
