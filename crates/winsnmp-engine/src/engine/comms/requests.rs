//! Requests and their timers: `SnmpSendMsg`, send errors, retransmission and timeouts
//! (`handle_timeout`), `SnmpCancelMsg`.

use super::*;

impl<C> Engine<C> {
    // ------------------------------------------------------------ SnmpSendMsg

    /// `SnmpSendMsg`: validates (§1.12), encodes for `dst`'s version and queues the
    /// datagram. Get, GetNext, GetBulk, Set and Inform are tracked as requests: with the
    /// retransmit mode ON they are retransmitted every `timeout` until `retry`
    /// retransmissions were made, then end with an `SNMPAPI_TL_TIMEOUT` event; with it OFF
    /// they are sent once and forgotten silently after `timeout × (retry + 1)` (a response
    /// before then is still delivered). Responses and traps are sent once.
    ///
    /// The source: a NULL `src` sends from the shared socket of `dst`'s family (Appendix
    /// E 5). An `src` that is listening, or whose address a listening entity's socket is
    /// bound to (as the entity `recv_msg` made for the receiving agent, which the reference
    /// tells an agent to answer from), sends from that socket. Any other `src` has no socket
    /// of its own: it names the manager, and its requests and traps leave from the shared
    /// socket of its family (what WinSNMP managers pass as the source); a Response from it
    /// is refused, as the requester would drop an answer from another address.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_ENTITY_INVALID`,
    /// `SNMPAPI_CONTEXT_INVALID`, `SNMPAPI_PDU_INVALID` (bad handle or fields, or a request
    /// id outstanding for another session or destination), `SNMPAPI_OPERATION_INVALID`
    /// (Inform or Counter64 to SNMPv1), `SNMPAPI_TL_PDU_TOO_BIG` (longer than
    /// [`Limits::max_message_size`](crate::Limits), or more bindings than
    /// [`Limits::max_varbinds`](crate::Limits)), `SNMPAPI_TL_SRC_INVALID`
    /// (a source of the other address family, or a Response from a source no socket of
    /// the runtime is bound to), `SNMPAPI_TL_NOT_AVAILABLE` (no socket for `dst`'s address
    /// family).
    pub fn send_msg(
        &mut self,
        now: Instant,
        s: HSession,
        src: Option<HEntity>,
        dst: HEntity,
        context: HContext,
        pdu: HPdu,
    ) -> R<()> {
        let r = self
            .check_session(s)
            .and_then(|()| self.send_inner(now, s, src, dst, context, pdu));
        if r == Err(SnmpApiError::TlPduTooBig) {
            self.comms.stats.oversized += 1;
        }
        let src = src.map_or(RawHandle(0), HEntity::raw);
        self.track(r, &[s.raw(), src, dst.raw(), context.raw(), pdu.raw()])
    }

    pub(super) fn send_inner(
        &mut self,
        now: Instant,
        s: HSession,
        src: Option<HEntity>,
        dst: HEntity,
        context: HContext,
        pdu: HPdu,
    ) -> R<()> {
        let (src_endpoint, src_addr) = match src {
            Some(e) => {
                let addr = canonical(self.entities.try_get(e.raw())?.value.addr);
                let ep = self.comms.listen_by_entity.get(&e.raw()).copied();
                (
                    ep.or_else(|| self.comms.agent_endpoint_at(addr)),
                    Some(addr),
                )
            }
            None => (None, None),
        };
        let d = &self.entities.try_get(dst.raw())?.value;
        let (to, version, timeout, retry) = (canonical(d.addr), d.version, d.timeout, d.retry);
        let community = &self.contexts.try_get(context.raw())?.value.community;
        let p = &self.pdus.try_get(pdu.raw())?.value;
        let (pdu_type, id) = (p.pdu_type, RequestId(p.request_id));
        if p.varbinds.len() > self.limits.max_varbinds {
            return Err(SnmpApiError::TlPduTooBig);
        }
        let (bytes, v3) = if version == Version::V3 {
            let (d, community, p) = (d.clone(), community.clone(), p.clone());
            self.encode_v3_send(now, &d, &community, &p)?
        } else {
            let max = self.limits.max_message_size;
            (encode_shared(version, community, p, max)?, None)
        };
        let local = match src_endpoint {
            Some(ep) => {
                let bind = self.comms.endpoints.get(&ep).map(|e| e.spec.bind);
                if bind.is_none_or(|b| family(&b) != family(&to)) {
                    return Err(SnmpApiError::TlSrcInvalid);
                }
                ep
            }
            None => {
                // A source with no socket of its own names the manager: fine for what a
                // manager sends, not for an answer, nor from the other family.
                if src_addr
                    .is_some_and(|a| pdu_type == SNMP_PDU_RESPONSE || family(&a) != family(&to))
                {
                    return Err(SnmpApiError::TlSrcInvalid);
                }
                self.comms.shared[family(&to)].ok_or(SnmpApiError::TlNotAvailable)?
            }
        };
        let c = &mut self.comms;
        if is_request(pdu_type) {
            if let Some(old) = c.requests.get(&id)
                && (old.session != s || old.dst != to)
            {
                return Err(SnmpApiError::PduInvalid);
            }
            c.seq += 1;
            let timeout_cs = timeout.max(1);
            c.timers.arm(now, timeout_cs, id, c.seq);
            if let Some(v) = &v3 {
                c.v3.msg_ids.insert(v.msg_id, id);
            }
            let old = c.requests.insert(
                id,
                Request {
                    session: s,
                    dst: to,
                    local,
                    datagram: Arc::clone(&bytes),
                    timeout_cs,
                    retries_left: retry,
                    initial_retries: retry,
                    retransmit: self.retransmit_mode == SNMPAPI_ON,
                    raw: false,
                    epoch: c.off_epoch,
                    seq: c.seq,
                    v3,
                },
            );
            let new = old.is_none();
            if let Some(v) = old.as_ref().and_then(|o| o.v3.as_ref()) {
                c.v3.msg_ids.remove(&v.msg_id);
            }
            if new {
                self.request_started(s);
            }
        }
        let c = &mut self.comms;
        c.stats.transmissions += 1;
        tracing::debug!(
            session = ?s,
            request_id = id.0,
            pdu_type,
            %to,
            len = bytes.len(),
            tracked = is_request(pdu_type),
            "message sent"
        );
        c.transmits.push_back(Transmit {
            local,
            to,
            bytes,
            request: is_request(pdu_type).then_some(id),
        });
        Ok(())
    }

    /// The driver could not send `t` (the OS refused it at once: no route, unreachable
    /// host…; not a full buffer). When `t` belongs to an outstanding request, the request
    /// ends with an `SNMPAPI_TL_UNDELIVERABLE` event (Appendix E 3).
    pub fn handle_send_error(&mut self, now: Instant, t: &Transmit) {
        let _ = now;
        let Some(id) = t.request else { return };
        let c = &mut self.comms;
        if c.requests.get(&id).is_none_or(|r| r.dst != t.to) {
            return;
        }
        let Some(r) = c.end_request(id) else {
            return;
        };
        c.recent.insert(id, Ended::TimedOut);
        c.stats.undeliverable += 1;
        tracing::debug!(request_id = id.0, session = ?r.session, to = %t.to, "request undeliverable");
        c.events.push_back(SessionEvent {
            session: r.session,
            wparam: SnmpApiError::TlUndeliverable.code(),
            lparam: id.0,
        });
        self.request_ended(r.session);
    }

    // ------------------------------------------------------------ timers

    /// Runs every deadline at or before `now`: retransmits requests with retries left,
    /// ends the others (`SNMPAPI_TL_TIMEOUT` event when the retransmit mode applies to
    /// them, silently otherwise). Work is O(1) per expired deadline.
    pub fn handle_timeout(&mut self, now: Instant) {
        let mut expired = std::mem::take(&mut self.comms.expired);
        self.comms.timers.expire(now, &mut expired);
        for e in expired.drain(..) {
            let c = &mut self.comms;
            if !c.live(&e) {
                continue;
            }
            let epoch = c.off_epoch;
            let Some(r) = c.requests.get_mut(&e.request_id) else {
                continue;
            };
            let active = r.retransmit && r.epoch == epoch;
            if r.retries_left > 0 {
                r.retries_left -= 1;
                c.seq += 1;
                r.seq = c.seq;
                let (timeout_cs, seq) = (r.timeout_cs, r.seq);
                if active {
                    c.transmits.push_back(Transmit {
                        local: r.local,
                        to: r.dst,
                        bytes: Arc::clone(&r.datagram),
                        request: Some(e.request_id),
                    });
                    c.stats.retransmissions += 1;
                    tracing::debug!(
                        request_id = e.request_id.0,
                        session = ?r.session,
                        to = %r.dst,
                        retries_left = r.retries_left,
                        "retransmission"
                    );
                }
                c.timers.arm(now, timeout_cs, e.request_id, seq);
                continue;
            }
            let Some(r) = c.end_request(e.request_id) else {
                continue;
            };
            let how = if active || r.v3.is_some() {
                Ended::TimedOut
            } else {
                Ended::Expired {
                    session: r.session,
                    dst: r.dst,
                    local: r.local,
                }
            };
            c.recent.insert(e.request_id, how);
            tracing::debug!(
                request_id = e.request_id.0,
                session = ?r.session,
                to = %r.dst,
                notified = active,
                "request timed out"
            );
            if active {
                c.stats.timeouts += 1;
                c.events.push_back(SessionEvent {
                    session: r.session,
                    wparam: SnmpApiError::TlTimeout.code(),
                    lparam: e.request_id.0,
                });
            }
            self.request_ended(r.session);
        }
        self.comms.expired = expired;
    }

    // ------------------------------------------------------------ SnmpCancelMsg

    /// `SnmpCancelMsg`: ends `s`'s outstanding request `id`: no more retransmissions, no
    /// timeout event, and a late answer is dropped.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_PDU_INVALID` (no such
    /// outstanding request in `s`).
    pub fn cancel_msg(&mut self, s: HSession, id: i32) -> R<()> {
        let id = RequestId(id);
        let r = self.check_session(s).and_then(|()| {
            let c = &mut self.comms;
            if c.requests.get(&id).is_none_or(|r| r.session != s) {
                return Err(SnmpApiError::PduInvalid);
            }
            c.end_request(id);
            c.recent.insert(id, Ended::Cancelled);
            c.stats.cancelled += 1;
            tracing::debug!(request_id = id.0, session = ?s, "request cancelled");
            self.request_ended(s);
            Ok(())
        });
        self.track(r, &[s.raw()])
    }
}
