//! Raw requests: the caller encodes the request and decodes the answer itself (the async
//! client of the `winsnmp` crate), while the engine keeps everything else —
//! the request table, the retransmission timers, matching by request id and address, the
//! counters, and for SNMPv3 the whole USM exchange. No handle is made for them: a matching
//! answer comes out of [`Engine::poll_raw`] as the datagram's bytes, a timeout or an
//! SNMPv3 Report as a [`SessionEvent`] of the session, as for any request.
//!
//! For SNMPv1/v2c the datagram is matched with [`winsnmp_wire::peek_pdu`] (the header
//! only), so the engine never decodes the bindings of a raw answer: the caller decodes them
//! once, borrowing from the bytes.

use super::*;
use crate::usm::EntitySecurity;

/// What a raw request's answer carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawPayload {
    /// A whole SNMPv1 or SNMPv2c message (decode it with `winsnmp_wire::Message`).
    Message(Vec<u8>),
    /// The scoped PDU of an SNMPv3 answer, authenticated and decrypted (decode it with
    /// `winsnmp_wire::ScopedPdu::decode_prefix`).
    ScopedPdu(Vec<u8>),
}

/// The answer to a raw request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// The session that sent the request.
    pub session: HSession,
    /// Its request id.
    pub request_id: RequestId,
    /// Who answered (the address the request went to).
    pub from: SocketAddr,
    /// The answer.
    pub payload: RawPayload,
}

/// Who an SNMPv3 raw request goes to as which user: [`Engine::send_raw_v3`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawV3 {
    /// The user, level and overrides.
    pub security: Arc<EntitySecurity>,
    /// The context name (empty: the default context).
    pub context_name: Vec<u8>,
}

/// How to send a raw request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawPolicy {
    /// Time to wait for an answer before each retransmission, hundredths of a second
    /// (at least 1).
    pub timeout_cs: u32,
    /// Retransmissions after the first send (0: one try).
    pub retries: u32,
}

impl<C> Engine<C> {
    /// Sends a request the caller encoded (`bytes`, a v1/v2c message whose request-id is
    /// `request_id`) to `to` for session `s`, from the shared socket of `to`'s family, and
    /// tracks it as any request: retransmitted per `policy`, then ended with a
    /// `SNMPAPI_TL_TIMEOUT` event; a matching answer comes out of [`Engine::poll_raw`].
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_PDU_INVALID` (the id
    /// is outstanding for another session or destination), `SNMPAPI_TL_PDU_TOO_BIG`,
    /// `SNMPAPI_TL_NOT_AVAILABLE` (no socket for `to`'s family).
    pub fn send_raw(
        &mut self,
        now: Instant,
        s: HSession,
        to: SocketAddr,
        request_id: RequestId,
        bytes: impl Into<Arc<[u8]>>,
        policy: RawPolicy,
    ) -> R<()> {
        let bytes = bytes.into();
        let r = self.check_session(s).and_then(|()| {
            if bytes.len() > self.limits.max_message_size {
                return Err(SnmpApiError::TlPduTooBig);
            }
            self.track_raw(now, s, canonical(to), request_id, bytes, None, policy)
        });
        self.track(r, &[s.raw()])
    }

    /// As [`Engine::send_raw`] for an SNMPv3 target: the engine builds the message (engine
    /// discovery first when the target's engine is not known, then `pdu` as `v3` says);
    /// the answer's scoped PDU comes out of [`Engine::poll_raw`], a Report as an
    /// `SNMPAPI_RPT_*` event.
    ///
    /// # Errors
    /// As [`Engine::send_raw`], and those of `SnmpSendMsg` to an SNMPv3 entity
    /// (`SNMPAPI_PDU_INVALID` for a PDU that is not a request, `SNMPAPI_OPERATION_INVALID`).
    pub fn send_raw_v3(
        &mut self,
        now: Instant,
        s: HSession,
        to: SocketAddr,
        v3: &RawV3,
        pdu: &PduData,
        policy: RawPolicy,
    ) -> R<()> {
        let r = self.check_session(s).and_then(|()| {
            if !is_request(pdu.pdu_type) {
                return Err(SnmpApiError::PduInvalid);
            }
            let mut target = self.entity_for(canonical(to), Version::V3);
            target.security = Some(v3.security.clone());
            let (bytes, v3) = self.encode_v3_send(now, &target, &v3.context_name, pdu)?;
            let to = canonical(to);
            self.track_raw(now, s, to, RequestId(pdu.request_id), bytes, v3, policy)
        });
        self.track(r, &[s.raw()])
    }

    #[allow(clippy::too_many_arguments)]
    fn track_raw(
        &mut self,
        now: Instant,
        s: HSession,
        to: SocketAddr,
        id: RequestId,
        bytes: Arc<[u8]>,
        v3: Option<Box<v3::V3Request>>,
        policy: RawPolicy,
    ) -> R<()> {
        let local = self.comms.shared[family(&to)].ok_or(SnmpApiError::TlNotAvailable)?;
        let c = &mut self.comms;
        if let Some(old) = c.requests.get(&id)
            && (old.session != s || old.dst != to)
        {
            return Err(SnmpApiError::PduInvalid);
        }
        c.raw_used = true;
        c.seq += 1;
        let timeout_cs = policy.timeout_cs.max(1);
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
                retries_left: policy.retries,
                initial_retries: policy.retries,
                retransmit: true,
                raw: true,
                epoch: c.off_epoch,
                seq: c.seq,
                v3,
            },
        );
        let new = old.is_none();
        if let Some(old) = old {
            c.v3.forget(&old);
        }
        if new {
            self.request_started(s);
        }
        let c = &mut self.comms;
        c.stats.transmissions += 1;
        tracing::debug!(
            session = ?s,
            request_id = id.0,
            %to,
            len = bytes.len(),
            raw = true,
            "message sent"
        );
        c.transmits.push_back(Transmit {
            local,
            to,
            bytes,
            request: Some(id),
        });
        Ok(())
    }

    /// The next answer to a raw request. New ones appear after `handle_datagram`.
    pub fn poll_raw(&mut self) -> Option<RawResponse> {
        self.comms.raw.pop_front()
    }

    /// A v1/v2c answer to request `id` (`peek_pdu` found it): when `id` is an outstanding
    /// raw request, matched by address, then handed over as bytes, and `true`; `false`
    /// for any other id (the datagram is then decoded as any other). One lookup of the
    /// request table for the whole match.
    pub(super) fn on_raw_response(&mut self, at: Arrival, id: RequestId, bytes: &[u8]) -> bool {
        let c = &mut self.comms;
        let std::collections::hash_map::Entry::Occupied(e) = c.requests.entry(id) else {
            return false;
        };
        if !e.get().raw {
            return false;
        }
        if e.get().dst != at.from {
            c.stats.foreign += 1;
            dropped("foreign", at.from, Some(id.0));
            return true;
        }
        let r = e.remove();
        let session = c.forget_ended(r).session;
        c.recent.insert(id, Ended::Answered);
        c.stats.responses += 1;
        tracing::debug!(request_id = id.0, session = ?session, from = %at.from, raw = true, "response matched");
        c.raw.push_back(RawResponse {
            session,
            request_id: id,
            from: at.from,
            payload: RawPayload::Message(bytes.to_vec()),
        });
        self.request_ended(session);
        true
    }
}
