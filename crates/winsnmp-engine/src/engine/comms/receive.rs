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
            match self.make_handles(s, &m, outputs, saved) {
                Ok(r) => Ok(r),
                Err(e) => {
                    if let Some(sess) = self.sessions.get_mut(s.raw()) {
                        sess.queue.push_front(m);
                    }
                    Err(e)
                }
            }
        });
        self.track(r, &[s.raw()])
    }

    /// The handles `SnmpRecvMsg` makes for `m`; on failure those made are freed and the
    /// session's counts put back to `saved` (taken before), peaks included.
    pub(super) fn make_handles(
        &mut self,
        s: HSession,
        m: &QueuedMessage,
        o: RecvOutputs,
        saved: crate::session::Holdings,
    ) -> R<Received> {
        let mut made: Vec<RawHandle> = Vec::new();
        let r = (|| -> R<Received> {
            let src = if o.src {
                let mut ent = self.entity_for(m.src, m.version);
                ent.security = m.security.clone();
                let h = self.add_entity(s, ent)?;
                made.push(h.raw());
                Some(h)
            } else {
                None
            };
            let dst = if o.dst {
                let h = self.add_entity(s, self.entity_for(m.dst, m.version))?;
                made.push(h.raw());
                Some(h)
            } else {
                None
            };
            let context = if o.context {
                let name = self
                    .database
                    .context_name_for(&m.community)
                    .map(str::to_owned);
                let h = self.add_context(
                    s,
                    Context {
                        community: m.community.clone(),
                        name,
                    },
                )?;
                made.push(h.raw());
                Some(h)
            } else {
                None
            };
            let pdu = if o.pdu {
                let h = self.add_pdu(s, m.pdu.clone())?;
                made.push(h.raw());
                Some(h)
            } else {
                None
            };
            Ok(Received {
                src,
                dst,
                context,
                pdu,
                request_id: m.pdu.request_id,
                pdu_type: m.pdu.pdu_type,
            })
        })();
        if r.is_err() {
            for h in made {
                if let Some(kind) = h.kind() {
                    let _ = self.free_object(h, kind);
                }
            }
            self.restore_holdings(s, Some(saved));
        }
        r
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
