//! Received datagrams (`handle_datagram`): responses matched to requests, traps and
//! informs to registered sessions, agent requests to listening entities.

use super::*;

impl<C> Engine<C> {
    // ------------------------------------------------------------ datagrams

    /// A datagram arrived on endpoint `local` from `from`. Responses are matched by
    /// request id and source address and queued for the requesting session; traps and
    /// informs on the trap port go to every session with a matching registration; Get,
    /// GetNext, GetBulk, Set and Inform on a listening entity's socket go to the entity's
    /// session. Informs are acknowledged first. Anything else is counted and dropped.
    /// Never panics, whatever the bytes. The receiving entity `recv_msg` reports is the
    /// endpoint's bound address (the wildcard address for a wildcard socket); see
    /// [`Engine::handle_datagram_to`].
    pub fn handle_datagram(
        &mut self,
        now: Instant,
        local: EndpointId,
        from: SocketAddr,
        bytes: &[u8],
    ) {
        self.handle_datagram_to(now, local, from, None, bytes);
    }

    /// As [`Engine::handle_datagram`], with `to_ip` the local IP address the datagram
    /// arrived on, when the driver knows it: a message received on a socket bound to the
    /// wildcard address (the shared and trap sockets) then names that address, with the
    /// socket's port, as its receiving entity instead of `0.0.0.0`/`::`.
    pub fn handle_datagram_to(
        &mut self,
        now: Instant,
        local: EndpointId,
        from: SocketAddr,
        to_ip: Option<IpAddr>,
        bytes: &[u8],
    ) {
        let stats = &mut self.comms.stats;
        stats.datagrams += 1;
        stats.bytes_in += bytes.len() as u64;
        tracing::trace!(%from, len = bytes.len(), endpoint = local.0, "datagram in");
        let Some(role) = self.comms.endpoints.get(&local).map(|e| e.spec.role) else {
            self.comms.stats.unexpected += 1;
            dropped("unexpected", from, None);
            return;
        };
        let from = canonical(from);
        let at = Arrival { from, to_ip };
        // An answer to a raw request is matched on its v1/v2c header alone: the caller
        // decodes it. (Read only by an engine that sent raw requests: the C API's never
        // does.)
        if self.comms.raw_used
            && let Some((_, winsnmp_wire::PduType::Response, id)) = winsnmp_wire::peek_pdu(bytes)
            && self.on_raw_response(at, RequestId(id), bytes)
        {
            return;
        }
        let mut d = match decode_message(bytes, 0) {
            Ok(d) if d.used == bytes.len() => d,
            // Not a v1/v2c message: an SNMPv3 one (its version field says so), or garbage.
            _ if winsnmp_wire::peek_version(bytes) == Ok(Version::V3) => {
                match role {
                    EndpointRole::Shared => self.on_v3_response(now, at, bytes),
                    EndpointRole::Agent | EndpointRole::Trap => {
                        self.on_v3_inbound(now, local, role, at, bytes);
                    }
                }
                return;
            }
            _ => {
                self.comms.stats.malformed += 1;
                dropped("malformed", from, None);
                return;
            }
        };
        if self.over_limits(bytes.len(), d.pdu.varbinds.len()) {
            // Counted and dropped; an answer to a request of ours ends it at once.
            self.comms.stats.oversized_received += 1;
            if d.pdu.pdu_type == SNMP_PDU_RESPONSE {
                self.end_oversized(at.from, RequestId(d.pdu.request_id));
            }
            return;
        }
        if d.version == Version::V1 && d.pdu.pdu_type == SNMP_PDU_TRAP {
            // A v1 trap has no request id: it gets one the runtime's requests do not use.
            d.pdu.request_id = self.generate_request_id();
        }
        match (d.pdu.pdu_type, role) {
            (SNMP_PDU_RESPONSE, _) => self.on_response(at, d),
            (SNMP_PDU_INFORM, EndpointRole::Trap | EndpointRole::Agent) => {
                self.acknowledge(local, from, &d);
                if !self.comms.first_inform(from, d.pdu.request_id) {
                    self.comms.stats.duplicates += 1;
                    dropped("duplicate", from, Some(d.pdu.request_id));
                } else if role == EndpointRole::Trap {
                    self.on_notification(local, at, d);
                } else {
                    self.on_agent_request(local, at, d);
                }
            }
            (SNMP_PDU_TRAP, EndpointRole::Trap) => self.on_notification(local, at, d),
            (
                SNMP_PDU_GET | SNMP_PDU_GETNEXT | SNMP_PDU_GETBULK | SNMP_PDU_SET,
                EndpointRole::Agent,
            ) => {
                self.on_agent_request(local, at, d);
            }
            _ => {
                self.comms.stats.unexpected += 1;
                dropped("unexpected", from, Some(d.pdu.request_id));
            }
        }
    }

    /// Whether a received message of `len` octets and `varbinds` bindings is beyond
    /// [`Limits::max_message_size`](crate::Limits) or [`Limits::max_varbinds`](crate::Limits).
    pub(super) fn over_limits(&self, len: usize, varbinds: usize) -> bool {
        len > self.limits.max_message_size || varbinds > self.limits.max_varbinds
    }

    /// An answer from `from` to request `id` was beyond the limits: when it is the answer
    /// of an outstanding request (right id, right address), the request ends with an
    /// `SNMPAPI_TL_PDU_TOO_BIG` event (nothing queued) instead of waiting for a timeout.
    pub(super) fn end_oversized(&mut self, from: SocketAddr, id: RequestId) {
        let c = &mut self.comms;
        if c.requests.get(&id).is_none_or(|r| r.dst != from) {
            return;
        }
        let Some(r) = c.end_request(id) else { return };
        c.recent.insert(id, Ended::TimedOut);
        c.events.push_back(SessionEvent {
            session: r.session,
            wparam: SnmpApiError::TlPduTooBig.code(),
            lparam: id.0,
        });
        self.request_ended(r.session);
    }

    /// Whether `s`'s queue is full (or `s` is gone); a full queue counts the drop, in
    /// [`CommStats::queue_full`] and in the session's own counter.
    pub(super) fn queue_full(&mut self, s: HSession) -> bool {
        let Some(sess) = self.sessions.get_mut(s.raw()) else {
            return true;
        };
        if !sess.queue.is_full() {
            return false;
        }
        sess.queue.count_drop();
        self.comms.stats.queue_full += 1;
        true
    }

    /// Queues `m` for `s` and announces it; `false` when the queue is full.
    pub(super) fn deliver(&mut self, s: HSession, m: QueuedMessage) -> bool {
        let id = m.pdu.request_id;
        let Some(sess) = self.sessions.get_mut(s.raw()) else {
            return false;
        };
        if !sess.queue.push(m) {
            self.comms.stats.queue_full += 1;
            tracing::debug!(reason = "queue_full", session = ?s, request_id = id, "message dropped");
            return false;
        }
        self.comms.events.push_back(SessionEvent {
            session: s,
            wparam: 0,
            lparam: id,
        });
        true
    }

    pub(super) fn on_response(&mut self, at: Arrival, d: DecodedMessage) {
        let from = at.from;
        let id = RequestId(d.pdu.request_id);
        let c = &mut self.comms;
        let Some(r) = c.requests.get(&id) else {
            match c.recent.get(id) {
                Some(Ended::Answered) => {
                    c.stats.duplicates += 1;
                    dropped("duplicate", from, Some(id.0));
                }
                Some(Ended::Expired {
                    session,
                    dst,
                    local,
                }) if dst == from => self.on_late_response(at, d, session, local),
                Some(Ended::TimedOut | Ended::Cancelled | Ended::Expired { .. }) => {
                    c.stats.late += 1;
                    dropped("late", from, Some(id.0));
                }
                None => {
                    c.stats.stray += 1;
                    dropped("stray", from, Some(id.0));
                }
            }
            return;
        };
        if r.dst != from {
            c.stats.foreign += 1;
            dropped("foreign", from, Some(id.0));
            return;
        }
        let (session, out) = (r.session, r.local);
        if self.queue_full(session) {
            // The request stays outstanding: it will be retried or time out.
            dropped("queue_full", from, Some(id.0));
            return;
        }
        let dst = at.receiver(self.comms.local_addr(out).unwrap_or(from));
        self.comms.end_request(id);
        self.comms.recent.insert(id, Ended::Answered);
        self.comms.stats.responses += 1;
        tracing::debug!(request_id = id.0, session = ?session, %from, "response matched");
        self.request_ended(session);
        self.deliver(
            session,
            QueuedMessage {
                src: from,
                dst,
                version: d.version,
                community: d.community,
                pdu: d.pdu,
                error: None,
                security: None,
            },
        );
    }

    /// Item 9 of the reliability review: an answer to a request sent with the retransmit
    /// mode OFF that arrives after the request was forgotten is still delivered (once),
    /// while the runtime remembers the request among its last `RECENT` ended ones.
    pub(super) fn on_late_response(
        &mut self,
        at: Arrival,
        d: DecodedMessage,
        session: HSession,
        local: EndpointId,
    ) {
        let id = RequestId(d.pdu.request_id);
        let from = at.from;
        if self.sessions.get(session.raw()).is_none() {
            self.comms.stats.late += 1;
            dropped("late", from, Some(id.0));
            return;
        }
        if self.queue_full(session) {
            return;
        }
        let dst = at.receiver(self.comms.local_addr(local).unwrap_or(from));
        self.comms.recent.insert(id, Ended::Answered);
        self.comms.stats.late_delivered += 1;
        tracing::debug!(request_id = id.0, session = ?session, %from, "late response delivered");
        self.deliver(
            session,
            QueuedMessage {
                src: from,
                dst,
                version: d.version,
                community: d.community,
                pdu: d.pdu,
                error: None,
                security: None,
            },
        );
    }

    pub(super) fn acknowledge(&mut self, local: EndpointId, from: SocketAddr, d: &DecodedMessage) {
        let ack = PduData {
            varbinds: d.pdu.varbinds.clone(),
            ..PduData::new(SNMP_PDU_RESPONSE, d.pdu.request_id)
        };
        if let Ok(bytes) =
            encode_shared(d.version, &d.community, &ack, self.limits.max_message_size)
        {
            let c = &mut self.comms;
            c.stats.informs_acknowledged += 1;
            c.stats.transmissions += 1;
            c.transmits.push_back(Transmit {
                local,
                to: from,
                bytes,
                request: None,
            });
        }
    }

    pub(super) fn on_notification(&mut self, local: EndpointId, at: Arrival, d: DecodedMessage) {
        let m = QueuedMessage {
            src: at.from,
            dst: at.receiver(self.comms.local_addr(local).unwrap_or(at.from)),
            version: d.version,
            community: d.community,
            pdu: d.pdu,
            error: None,
            security: None,
        };
        self.notify(at.from, m);
    }

    /// Delivers notification `m` from `from` to every session with a matching
    /// registration (for SNMPv3, `m.community` is the context name).
    pub(super) fn notify(&mut self, from: SocketAddr, m: QueuedMessage) {
        let oid = trap_oid(&m.pdu);
        let targets: Vec<HSession> = self
            .comms
            .registrations
            .iter()
            .filter(|(_, regs)| regs.iter().any(|r| r.matches(from.ip(), &m.community, oid)))
            .map(|(s, _)| *s)
            .collect();
        if targets.is_empty() {
            self.comms.stats.unregistered += 1;
            dropped("unregistered", from, Some(m.pdu.request_id));
            return;
        }
        self.comms.stats.notifications += 1;
        tracing::debug!(%from, sessions = targets.len(), "notification delivered");
        for s in targets {
            self.deliver(s, m.clone());
        }
    }

    pub(super) fn on_agent_request(&mut self, local: EndpointId, at: Arrival, d: DecodedMessage) {
        let m = QueuedMessage {
            src: at.from,
            dst: at.from,
            version: d.version,
            community: d.community,
            pdu: d.pdu,
            error: None,
            security: None,
        };
        self.agent_request(local, at, m);
    }

    /// Delivers agent request `m` to the session of the entity listening on `local`.
    pub(super) fn agent_request(&mut self, local: EndpointId, at: Arrival, mut m: QueuedMessage) {
        let Some(e) = self.comms.endpoints.get(&local).and_then(|x| x.entity) else {
            self.comms.stats.unexpected += 1;
            dropped("unexpected", at.from, Some(m.pdu.request_id));
            return;
        };
        let Some(o) = self.entities.get(e.raw()) else {
            self.comms.stats.unexpected += 1;
            dropped("unexpected", at.from, Some(m.pdu.request_id));
            return;
        };
        let (owner, dst) = (o.owner, at.receiver(o.value.addr));
        self.comms.stats.agent_requests += 1;
        m.dst = dst;
        self.deliver(owner, m);
    }
}
