//! `SnmpRecvMsg`: a queued message becomes new handles of the session.

use super::*;

impl<C> Engine<C> {
    // ------------------------------------------------------------ SnmpRecvMsg

    /// `SnmpRecvMsg`: takes the oldest queued message and creates, for each output asked
    /// for, a new handle owned by `s`: sender entity, receiver entity, context, PDU
    /// (Appendix E 5: NULL outputs are skipped). Entities get the version of the message
    /// and the database's timeout/retry for their address.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_NOOP` (queue empty,
    /// or no output asked for: nothing is dequeued then), `SNMPAPI_ALLOC_ERROR` (handle
    /// limit: the message stays queued).
    pub fn recv_msg(&mut self, s: HSession, outputs: RecvOutputs) -> R<Received> {
        let r = self.check_session(s).and_then(|()| {
            if !outputs.any() {
                return Err(SnmpApiError::Noop);
            }
            let sess = self
                .sessions
                .get_mut(s.raw())
                .ok_or(SnmpApiError::SessionInvalid)?;
            let m = sess.queue.pop().ok_or(SnmpApiError::Noop)?;
            let saved = sess.held;
            self.make_handles(s, m, outputs, saved).map_err(|(e, m)| {
                if let Some(sess) = self.sessions.get_mut(s.raw()) {
                    sess.queue.push_front(*m);
                }
                e
            })
        });
        self.track(r, &[s.raw()])
    }

    /// The handles `SnmpRecvMsg` makes for `m` (its PDU and community move into them);
    /// on failure those made are freed, the session's counts put back to `saved` (taken
    /// before), peaks included, and `m` comes back whole.
    pub(super) fn make_handles(
        &mut self,
        s: HSession,
        mut m: QueuedMessage,
        o: RecvOutputs,
        saved: crate::session::Holdings,
    ) -> Result<Received, (SnmpApiError, Box<QueuedMessage>)> {
        let mut made = [RawHandle(0); 4];
        let mut n = 0;
        let (request_id, pdu_type) = (m.pdu.request_id, m.pdu.pdu_type);
        let r = (|| -> R<Received> {
            let src = if o.src {
                let mut ent = self.entity_for(m.src, m.version);
                ent.security = m.security.clone();
                let h = self.add_entity(s, ent)?;
                made[n] = h.raw();
                n += 1;
                Some(h)
            } else {
                None
            };
            let dst = if o.dst {
                let h = self.add_entity(s, self.entity_for(m.dst, m.version))?;
                made[n] = h.raw();
                n += 1;
                Some(h)
            } else {
                None
            };
            let context = if o.context {
                let name = self
                    .database
                    .context_name_for(&m.community)
                    .map(str::to_owned);
                // Moved; taken back below should the PDU handle fail.
                let community = std::mem::take(&mut m.community);
                let h = match self.try_add_context(s, Context { community, name }) {
                    Ok(h) => h,
                    Err((e, c)) => {
                        m.community = c.community;
                        return Err(e);
                    }
                };
                made[n] = h.raw();
                n += 1;
                Some(h)
            } else {
                None
            };
            let pdu = if o.pdu {
                let pdu = std::mem::replace(&mut m.pdu, PduData::new(0, 0));
                match self.try_add_pdu(s, pdu) {
                    Ok(h) => Some(h),
                    Err((e, pdu)) => {
                        m.pdu = pdu;
                        return Err(e);
                    }
                }
            } else {
                None
            };
            Ok(Received {
                src,
                dst,
                context,
                pdu,
                request_id,
                pdu_type,
            })
        })();
        r.map_err(|e| {
            let context = made[..n]
                .iter()
                .find(|h| h.kind() == Some(crate::HandleKind::Context));
            if let Some(o) = context.and_then(|c| self.contexts.get_mut(*c)) {
                m.community = std::mem::take(&mut o.value.community);
            }
            for h in &made[..n] {
                if let Some(kind) = h.kind() {
                    let _ = self.free_object(*h, kind);
                }
            }
            self.restore_holdings(s, Some(saved));
            (e, Box::new(m))
        })
    }

    /// Takes the queued Response to request `id` out of `s`'s queue, wherever it is, with
    /// no handles created (for the blocking request helper of the `winsnmp` crate).
    pub fn take_response(&mut self, s: HSession, id: i32) -> Option<QueuedMessage> {
        self.sessions
            .get_mut(s.raw())?
            .queue
            .take_first(|m| m.pdu.request_id == id && m.pdu.pdu_type == SNMP_PDU_RESPONSE)
    }
}
