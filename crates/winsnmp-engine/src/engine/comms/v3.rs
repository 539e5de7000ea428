//! SNMPv3 in the communications layer: `SnmpSendMsg` to an SNMPv3 entity (engine-ID
//! discovery, the request, one automatic re-synchronisation), received SNMPv3 responses,
//! reports, notifications and agent requests, and the extension functions that configure
//! the User-based Security Model (`WinSnmpSetEntityUsm` and friends).
//!
//! # One request, the whole exchange
//! A request (Get, GetNext, GetBulk, Set, Inform) to an SNMPv3 entity whose authoritative
//! engine is not known yet first goes out as RFC 3414 §4's discovery probe (no user,
//! noAuthNoPriv, an empty GET, same request id); the `usmStatsUnknownEngineIDs` Report
//! that answers it gives the engine ID (and its boots and time), and the request itself
//! then goes out under the entity's timeout and retry policy, as if just sent. A
//! `notInTimeWindow` Report (authenticated) re-synchronises the clock and re-sends the
//! request once; a second one ends it with `SNMPAPI_RPT_NOTINTIMEWINDOW`. An
//! `unknownEngineID` Report after discovery (the agent's engine changed) re-discovers once.
//! Any other Report ends the request with its `SNMPAPI_RPT_*` code as the event's
//! `wParam` (nothing is queued), like a timeout. Retransmissions resend the same bytes.
//!
//! # Received messages
//! Responses and reports are matched by msgID, then checked by [`Usm::open`] against the
//! request's user and engine; a Response at a lower level than the request's, with another
//! request id, or from another address is dropped. On a listening entity's socket this
//! engine is authoritative: requests are checked against the local users, and a failing
//! reportable message is answered with the Report (discovery probes included). On the trap
//! port a trap is checked against the users configured for its sender's engine (or for any
//! engine), an inform against the local users; informs are acknowledged (same msgID, user
//! and level). Every rejection is counted in [`Usm::stats`] and never delivered.

use std::collections::{HashMap, VecDeque};

use rustc_hash::FxHashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use super::{
    Arrival, Comms, Ended, EndpointId, EndpointRole, Request, canonical, dropped, is_request,
};
use crate::codec::{PduData, encode_v3};
use crate::consts::*;
use crate::engine::{Engine, Entity, R};
use crate::handle::{HEntity, HSession};
use crate::session::QueuedMessage;
use crate::transport::{RequestId, SessionEvent, Transmit};
use crate::usm::{
    EntitySecurity, Expect, FailureKind, KeyStats, Opened, Outgoing, Usm, UsmStats, UsmUser,
};
use crate::{SnmpApiError, Version};
use winsnmp_wire::SecurityLevel;

/// How many agent requests' msgIDs are remembered for the responses to them.
const REPLIES: usize = 4096;

/// The SNMPv3 part of an outstanding request.
#[derive(Debug)]
pub(super) struct V3Request {
    security: Arc<EntitySecurity>,
    /// The context name (the context handle's octets).
    context_name: Vec<u8>,
    /// The PDU, kept to build the request again after discovery or re-synchronisation.
    pdu: PduData,
    /// The msgID of the message last sent.
    pub(super) msg_id: i32,
    /// The authoritative engine (empty while discovering).
    engine_id: Vec<u8>,
    discovering: bool,
    resynced: bool,
    rediscovered: bool,
}

/// The SNMPv3 state of the communications layer.
#[derive(Debug)]
pub(crate) struct V3State {
    pub(crate) usm: Usm,
    /// Outstanding requests by the msgID of their last message.
    pub(super) msg_ids: FxHashMap<i32, RequestId>,
    /// Engine IDs discovered, by agent address.
    engine_by_addr: HashMap<SocketAddr, Vec<u8>>,
    /// msgIDs of agent requests received, by (sender, request id), for the responses.
    replies: HashMap<(SocketAddr, i32), i32>,
    reply_order: VecDeque<(SocketAddr, i32)>,
    scratch: Vec<u8>,
}

impl Default for V3State {
    fn default() -> Self {
        Self {
            usm: Usm::new(default_engine_id(0), 1, 0),
            msg_ids: FxHashMap::default(),
            engine_by_addr: HashMap::new(),
            replies: HashMap::new(),
            reply_order: VecDeque::new(),
            scratch: Vec::new(),
        }
    }
}

/// An RFC 3411 engine ID for this implementation: the enterprise-number form with the
/// high bit set (enterprise 0: the project has no IANA number yet), format 5 (octets), and
/// eight octets from `seed`.
pub fn default_engine_id(seed: u64) -> Vec<u8> {
    let mut id = vec![0x80, 0x00, 0x00, 0x00, 0x05];
    id.extend_from_slice(&seed.to_be_bytes());
    id
}

impl V3State {
    /// Forgets the mapping of a request that ended.
    pub(super) fn forget(&mut self, r: &Request) {
        if let Some(v) = &r.v3 {
            self.msg_ids.remove(&v.msg_id);
        }
    }

    /// Forgets everything but the USM's engine (the final cleanup): tables are replaced,
    /// so their memory goes back.
    pub(super) fn clear(&mut self) {
        self.msg_ids = FxHashMap::default();
        self.engine_by_addr = HashMap::new();
        self.replies = HashMap::new();
        self.reply_order = VecDeque::new();
        self.scratch = Vec::new();
        self.usm.clear_users();
    }

    fn remember_reply(&mut self, from: SocketAddr, request_id: i32, msg_id: i32) {
        if self.replies.insert((from, request_id), msg_id).is_none() {
            self.reply_order.push_back((from, request_id));
            if self.reply_order.len() > REPLIES
                && let Some(old) = self.reply_order.pop_front()
            {
                self.replies.remove(&old);
            }
        }
    }
}

impl Comms {
    /// Removes request `id` and, for an SNMPv3 request, its msgID.
    pub(super) fn end_request(&mut self, id: RequestId) -> Option<Request> {
        let r = self.requests.remove(&id)?;
        Some(self.forget_ended(r))
    }

    /// What ending request `r` (just taken out of the table) leaves to undo: for an
    /// SNMPv3 request, its msgID.
    pub(super) fn forget_ended(&mut self, r: Request) -> Request {
        self.v3.forget(&r);
        r
    }
}

/// Validates SNMPv3 settings given to [`Engine::set_entity_security`].
fn check_security(s: &EntitySecurity) -> R<()> {
    if s.user.name.len() > 32 {
        return Err(SnmpApiError::SizeInvalid);
    }
    let bad_id = |id: &Option<Vec<u8>>| id.as_ref().is_some_and(|e| !(5..=32).contains(&e.len()));
    if bad_id(&s.engine_id) || s.context_engine_id.as_ref().is_some_and(|e| e.len() > 32) {
        return Err(SnmpApiError::SizeInvalid);
    }
    if s.level > s.user.max_level() {
        return Err(SnmpApiError::ModeInvalid);
    }
    Ok(())
}

impl<C> Engine<C> {
    // ------------------------------------------------------------ configuration

    /// `WinSnmpSetEntityUsm`: makes `e` an SNMPv3 entity with these settings (or, with
    /// `None`, a community entity of the translate mode's version again).
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_SIZE_INVALID` (user
    /// name over 32 octets, engine ID not 5 to 32 octets, context engine ID over 32),
    /// `SNMPAPI_MODE_INVALID` (a level the user's keys do not allow).
    pub fn set_entity_security(&mut self, e: HEntity, security: Option<EntitySecurity>) -> R<()> {
        let r = self.require_init().and_then(|()| {
            self.entities.try_get(e.raw())?;
            if let Some(s) = &security {
                check_security(s)?;
            }
            let v = self.default_version();
            let ent = self.entity_mut(e).ok_or(SnmpApiError::EntityInvalid)?;
            match security {
                Some(s) => {
                    ent.version = Version::V3;
                    ent.security = Some(Arc::new(s));
                }
                None => {
                    ent.version = v;
                    ent.security = None;
                }
            }
            Ok(())
        });
        self.track(r, &[e.raw()])
    }

    /// The SNMPv3 settings of `e` (`None` for a community entity).
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`.
    pub fn entity_security(&mut self, e: HEntity) -> R<Option<Arc<EntitySecurity>>> {
        let r = self
            .require_init()
            .and_then(|()| Ok(self.entities.try_get(e.raw())?.value.security.clone()));
        self.track(r, &[e.raw()])
    }

    /// `WinSnmpGetEngineId` for an entity: the authoritative engine ID of SNMPv3 entity `e`
    /// (given with `-e`, or discovered by a request); for a listening entity, the local
    /// engine's ID.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_ENGINE_INVALID` (not
    /// an SNMPv3 entity, or its engine is not known yet).
    pub fn entity_engine_id(&mut self, e: HEntity) -> R<Vec<u8>> {
        let r = self.require_init().and_then(|()| {
            let ent = &self.entities.try_get(e.raw())?.value;
            if ent.listening {
                return Ok(self.comms.v3.usm.engine_id().to_vec());
            }
            let sec = ent.security.as_ref().ok_or(SnmpApiError::EngineInvalid)?;
            if let Some(id) = &sec.engine_id {
                return Ok(id.clone());
            }
            self.comms
                .v3
                .engine_by_addr
                .get(&canonical(ent.addr))
                .cloned()
                .ok_or(SnmpApiError::EngineInvalid)
        });
        self.track(r, &[e.raw()])
    }

    /// The local engine's ID (authoritative for traps and responses sent, and for requests
    /// and informs received).
    pub fn local_engine_id(&self) -> Vec<u8> {
        self.comms.v3.usm.engine_id().to_vec()
    }

    /// The local engine's boots.
    pub fn local_engine_boots(&self) -> u32 {
        self.comms.v3.usm.boots()
    }

    /// The local engine's time at `now`, in seconds.
    pub fn local_engine_time(&mut self, now: Instant) -> u32 {
        self.comms.v3.usm.engine_time(now)
    }

    /// `WinSnmpSetLocalEngine`: the local engine's ID (5 to 32 octets) and boots; its time
    /// restarts at 0.
    ///
    /// # Errors
    /// `SNMPAPI_SIZE_INVALID` for an ID of another length.
    pub fn set_local_engine(&mut self, engine_id: &[u8], boots: u32) -> R<()> {
        let r = if (5..=32).contains(&engine_id.len()) {
            self.comms.v3.usm.set_engine(engine_id.to_vec(), boots);
            Ok(())
        } else {
            Err(SnmpApiError::SizeInvalid)
        };
        self.track(r, &[])
    }

    /// Seeds the salt and msgID counters (the runtime passes a random value once).
    pub fn seed_usm(&mut self, seed: u64) {
        self.comms.v3.usm.reseed(seed);
    }

    /// `WinSnmpAddUsmUser`: a user of the local engine (agent requests, informs received,
    /// and traps from any engine), or with `engine_id` a user of that remote engine (traps
    /// from it). Replaces a user of the same name.
    ///
    /// # Errors
    /// `SNMPAPI_SIZE_INVALID`: a name over 32 octets, an engine ID not 5 to 32 octets.
    pub fn add_usm_user(&mut self, user: UsmUser, engine_id: Option<&[u8]>) -> R<()> {
        let r = if user.name.len() > 32 || engine_id.is_some_and(|e| !(5..=32).contains(&e.len())) {
            Err(SnmpApiError::SizeInvalid)
        } else {
            self.comms.v3.usm.add_user(user, engine_id);
            Ok(())
        };
        self.track(r, &[])
    }

    /// `WinSnmpDeleteUsmUser`.
    ///
    /// # Errors
    /// `SNMPAPI_NOOP` when there is no such user.
    pub fn remove_usm_user(&mut self, name: &[u8], engine_id: Option<&[u8]>) -> R<()> {
        let r = if self.comms.v3.usm.remove_user(name, engine_id) {
            Ok(())
        } else {
            Err(SnmpApiError::Noop)
        };
        self.track(r, &[])
    }

    /// The SNMPv3 counters (usmStats…) since the engine was created.
    pub fn usm_stats(&self) -> UsmStats {
        self.comms.v3.usm.stats()
    }

    /// The localized-key cache's counters.
    pub fn usm_key_stats(&self) -> KeyStats {
        self.comms.v3.usm.key_stats()
    }

    // ------------------------------------------------------------ sending

    /// Encodes a message of `pdu` for SNMPv3 entity `d`: as the authoritative engine for a
    /// Response, Trap or Report; for a request, to its authoritative engine when known
    /// (`Some((bytes, state))`), or the discovery probe (`state.discovering`).
    pub(super) fn encode_v3_send(
        &mut self,
        now: Instant,
        d: &Entity,
        context_name: &[u8],
        p: &PduData,
    ) -> R<Encoded> {
        let sec = d.security.clone().ok_or(SnmpApiError::EngineInvalid)?;
        let max = self.limits.max_message_size;
        let v3 = &mut self.comms.v3;
        if !is_request(p.pdu_type) {
            let to = canonical(d.addr);
            let msg_id = match p.pdu_type {
                SNMP_PDU_RESPONSE => v3.replies.get(&(to, p.request_id)).copied(),
                _ => None,
            }
            .unwrap_or_else(|| v3.usm.next_msg_id());
            let engine_id = v3.usm.engine_id().to_vec();
            let time = v3.usm.engine_time(now);
            let o = Outgoing {
                msg_id,
                max_size: max_size(max),
                reportable: false,
                level: sec.level,
                user: &sec.user,
                engine_id: &engine_id,
                boots: v3.usm.boots(),
                time,
                context_engine_id: sec.context_engine_id.as_deref().unwrap_or(&engine_id),
                context_name,
            };
            let bytes = encode_v3(&mut v3.usm, &o, p, max)?;
            return Ok((bytes, None));
        }
        let engine_id = sec
            .engine_id
            .clone()
            .or_else(|| v3.engine_by_addr.get(&canonical(d.addr)).cloned());
        let mut state = Box::new(V3Request {
            security: sec,
            context_name: context_name.to_vec(),
            pdu: p.clone(),
            msg_id: 0,
            engine_id: engine_id.clone().unwrap_or_default(),
            discovering: engine_id.is_none(),
            resynced: false,
            rediscovered: false,
        });
        let bytes = build_request(&mut v3.usm, now, &mut state, max)?;
        Ok((bytes, Some(state)))
    }

    // ------------------------------------------------------------ receiving

    /// An SNMPv3 datagram on a shared socket: a response or report to a request of ours.
    pub(super) fn on_v3_response(&mut self, now: Instant, at: Arrival, bytes: &[u8]) {
        let from = at.from;
        let Ok(msg) = winsnmp_wire::MessageV3::decode(bytes) else {
            self.comms.v3.usm.count(FailureKind::ParseError);
            self.comms.stats.malformed += 1;
            dropped("malformed", from, None);
            return;
        };
        let c = &mut self.comms;
        let Some(&id) = c.v3.msg_ids.get(&msg.header.msg_id) else {
            c.stats.stray += 1;
            dropped("stray", from, None);
            return;
        };
        let Some(r) = c.requests.get(&id) else {
            c.stats.stray += 1;
            dropped("stray", from, Some(id.0));
            return;
        };
        if r.dst != from {
            c.stats.foreign += 1;
            dropped("foreign", from, Some(id.0));
            return;
        }
        let Some(v) = r.v3.as_ref() else {
            c.stats.stray += 1;
            dropped("stray", from, Some(id.0));
            return;
        };
        let security = v.security.clone();
        let engine_id = v.engine_id.clone();
        // The discovery probe goes out with no user, and so does the Report answering it.
        let nobody = UsmUser::new(b"");
        let user = if v.discovering {
            &nobody
        } else {
            &security.user
        };
        let (local, session, raw) = (r.local, r.session, r.raw);
        let mut scratch = std::mem::take(&mut c.v3.scratch);
        let expect = Expect::Response {
            user,
            engine_id: &engine_id,
        };
        let opened = c.v3.usm.open(now, bytes, expect, &mut scratch);
        let outcome = match opened {
            Err(f) => {
                c.stats.rejected += 1;
                tracing::debug!(reason = "rejected", usm = ?f.kind, %from, request_id = id.0, "datagram dropped");
                Outcome::Drop
            }
            Ok(o) => classify(&o, &security, id, raw),
        };
        c.v3.scratch = scratch;
        match outcome {
            Outcome::Drop => {}
            Outcome::Report(kind, o) => self.on_v3_report(now, id, kind, &o),
            Outcome::Response(o) => {
                self.on_v3_answer(id, session, local, at, bytes.len(), security, o);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn on_v3_answer(
        &mut self,
        id: RequestId,
        session: HSession,
        out: EndpointId,
        at: Arrival,
        len: usize,
        security: Arc<EntitySecurity>,
        o: OwnedOpened,
    ) {
        let from = at.from;
        if self.over_limits(len, o.pdu.varbinds.len()) {
            self.comms.stats.oversized_received += 1;
            self.end_oversized(from, id);
            return;
        }
        if self.queue_full(session) {
            dropped("queue_full", from, Some(id.0));
            return;
        }
        tracing::debug!(request_id = id.0, session = ?session, %from, "SNMPv3 response matched");
        let dst = at.receiver(self.comms.local_addr(out).unwrap_or(from));
        let engine_id = o.engine_id.clone();
        if let Some(scoped) = o.scoped {
            // A raw request: the caller decodes the scoped PDU itself.
            self.comms.end_request(id);
            self.comms.recent.insert(id, Ended::Answered);
            self.comms.stats.responses += 1;
            self.comms.v3.engine_by_addr.insert(from, engine_id);
            self.request_ended(session);
            self.comms.raw.push_back(super::RawResponse {
                session,
                request_id: id,
                from,
                payload: super::RawPayload::ScopedPdu(scoped),
            });
            return;
        }
        self.comms.end_request(id);
        self.comms.recent.insert(id, Ended::Answered);
        self.comms.stats.responses += 1;
        self.comms.v3.engine_by_addr.insert(from, engine_id.clone());
        self.request_ended(session);
        let mut sec = (*security).clone();
        sec.engine_id = Some(engine_id);
        self.deliver(
            session,
            QueuedMessage {
                src: from,
                dst,
                version: Version::V3,
                community: o.context_name,
                pdu: o.pdu,
                error: None,
                security: Some(Arc::new(sec)),
            },
        );
    }

    /// A Report to request `id`.
    fn on_v3_report(
        &mut self,
        now: Instant,
        id: RequestId,
        kind: Option<FailureKind>,
        o: &OwnedOpened,
    ) {
        let max = self.limits.max_message_size;
        let c = &mut self.comms;
        let Some(r) = c.requests.get_mut(&id) else {
            return;
        };
        let Some(v) = r.v3.as_mut() else { return };
        let retry = match kind {
            _ if v.discovering => {
                if o.engine_id.is_empty() {
                    Err(SnmpApiError::EngineDiscoveryFailed)
                } else {
                    c.v3.usm
                        .learn_unauthenticated(&o.engine_id, o.boots, o.time, now);
                    c.v3.engine_by_addr.insert(r.dst, o.engine_id.clone());
                    v.engine_id = o.engine_id.clone();
                    v.discovering = false;
                    Ok(())
                }
            }
            Some(FailureKind::NotInTimeWindow) if o.level.auth() && !v.resynced => {
                // Usm::open has already taken the authentic boots and time.
                v.resynced = true;
                Ok(())
            }
            Some(FailureKind::UnknownEngineId)
                if !v.rediscovered && v.security.engine_id.is_none() =>
            {
                c.v3.engine_by_addr.remove(&r.dst);
                c.v3.usm.forget_clock(&v.engine_id);
                v.rediscovered = true;
                v.discovering = true;
                v.engine_id.clear();
                Ok(())
            }
            Some(k) => Err(k.api_error()),
            None => Err(SnmpApiError::RptOther),
        };
        match retry {
            Ok(()) => {
                c.v3.msg_ids.remove(&v.msg_id);
                match build_request(&mut c.v3.usm, now, v, max) {
                    Ok(bytes) => {
                        c.v3.msg_ids.insert(v.msg_id, id);
                        r.datagram = Arc::clone(&bytes);
                        // The request goes out as if just sent: a fresh retry budget.
                        r.retries_left = r.initial_retries;
                        c.seq += 1;
                        r.seq = c.seq;
                        c.timers.arm(now, r.timeout_cs, id, r.seq);
                        c.stats.transmissions += 1;
                        c.transmits.push_back(Transmit {
                            local: r.local,
                            to: r.dst,
                            bytes,
                            request: Some(id),
                        });
                    }
                    Err(e) => self.end_v3_request(id, e),
                }
            }
            Err(e) => self.end_v3_request(id, e),
        }
    }

    /// Ends request `id` with `error` as the event's `wParam` (nothing queued).
    fn end_v3_request(&mut self, id: RequestId, error: SnmpApiError) {
        let c = &mut self.comms;
        let Some(r) = c.end_request(id) else { return };
        c.recent.insert(id, Ended::TimedOut);
        c.stats.reports += 1;
        tracing::debug!(request_id = id.0, session = ?r.session, code = error.code(), "SNMPv3 request ended by a Report");
        c.events.push_back(SessionEvent {
            session: r.session,
            wparam: error.code(),
            lparam: id.0,
        });
        self.request_ended(r.session);
    }

    /// An SNMPv3 datagram on a listening entity's socket or on the trap port.
    pub(super) fn on_v3_inbound(
        &mut self,
        now: Instant,
        local: EndpointId,
        role: EndpointRole,
        at: Arrival,
        bytes: &[u8],
    ) {
        let from = at.from;
        let expect = if role == EndpointRole::Agent {
            Expect::Local
        } else {
            Expect::Notification
        };
        let c = &mut self.comms;
        let mut scratch = std::mem::take(&mut c.v3.scratch);
        let opened = match c.v3.usm.open(now, bytes, expect, &mut scratch) {
            Ok(o) => Ok(OwnedOpened::new(&o)),
            Err(f) => Err(f),
        };
        c.v3.scratch = scratch;
        let o = match opened {
            Ok(o) => o,
            Err(f) => {
                c.stats.rejected += 1;
                tracing::debug!(reason = "rejected", usm = ?f.kind, %from, report = f.report.is_some(), "datagram dropped");
                if let Some(report) = f.report {
                    c.stats.transmissions += 1;
                    c.stats.reports_sent += 1;
                    c.transmits.push_back(Transmit {
                        local,
                        to: from,
                        bytes: report.into(),
                        request: None,
                    });
                }
                return;
            }
        };
        if self.over_limits(bytes.len(), o.pdu.varbinds.len()) {
            self.comms.stats.oversized_received += 1;
            return;
        }
        let security = Arc::new(EntitySecurity {
            user: o.user.clone(),
            level: o.level,
            engine_id: Some(o.engine_id.clone()),
            context_engine_id: None,
            boots_time: None,
        });
        let m = QueuedMessage {
            src: from,
            dst: at.receiver(self.comms.local_addr(local).unwrap_or(from)),
            version: Version::V3,
            community: o.context_name.clone(),
            pdu: o.pdu.clone(),
            error: None,
            security: Some(security),
        };
        match (o.pdu.pdu_type, role, o.local) {
            (SNMP_PDU_INFORM, EndpointRole::Trap | EndpointRole::Agent, true) => {
                self.acknowledge_v3(now, local, from, &o);
                if !self.comms.first_inform(from, o.pdu.request_id) {
                    self.comms.stats.duplicates += 1;
                    dropped("duplicate", from, Some(o.pdu.request_id));
                } else if role == EndpointRole::Trap {
                    self.notify(from, m);
                } else {
                    self.agent_request(local, at, m);
                }
            }
            (SNMP_PDU_TRAP, EndpointRole::Trap, _) => self.notify(from, m),
            (
                SNMP_PDU_GET | SNMP_PDU_GETNEXT | SNMP_PDU_GETBULK | SNMP_PDU_SET,
                EndpointRole::Agent,
                true,
            ) => {
                self.comms
                    .v3
                    .remember_reply(from, o.pdu.request_id, o.msg_id);
                self.agent_request(local, at, m);
            }
            _ => {
                self.comms.stats.unexpected += 1;
                dropped("unexpected", from, Some(o.pdu.request_id));
            }
        }
    }

    /// Acknowledges an SNMPv3 inform: a Response with its request id and bindings, under
    /// the same msgID, user and level, this engine authoritative.
    fn acknowledge_v3(
        &mut self,
        now: Instant,
        local: EndpointId,
        from: SocketAddr,
        o: &OwnedOpened,
    ) {
        let ack = PduData {
            varbinds: o.pdu.varbinds.clone(),
            ..PduData::new(SNMP_PDU_RESPONSE, o.pdu.request_id)
        };
        let max = self.limits.max_message_size;
        let usm = &mut self.comms.v3.usm;
        let engine_id = usm.engine_id().to_vec();
        let time = usm.engine_time(now);
        let out = Outgoing {
            msg_id: o.msg_id,
            max_size: max_size(max),
            reportable: false,
            level: o.level,
            user: &o.user,
            engine_id: &engine_id,
            boots: usm.boots(),
            time,
            context_engine_id: &o.context_engine_id,
            context_name: &o.context_name,
        };
        if let Ok(bytes) = encode_v3(usm, &out, &ack, max) {
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
}

/// A message to send, and the state of the request it starts (for a request).
type Encoded = (Arc<[u8]>, Option<Box<V3Request>>);

/// The largest msgMaxSize we announce: the message size limit, as an INTEGER.
fn max_size(limit: usize) -> i32 {
    i32::try_from(limit).unwrap_or(i32::MAX)
}

/// Builds the message request `v` sends now (the discovery probe while discovering), with a
/// fresh msgID.
fn build_request(usm: &mut Usm, now: Instant, v: &mut V3Request, max: usize) -> R<Arc<[u8]>> {
    v.msg_id = usm.next_msg_id();
    if v.discovering {
        let probe = PduData::new(SNMP_PDU_GET, v.pdu.request_id);
        let nobody = UsmUser::new(b"");
        let o = Outgoing {
            msg_id: v.msg_id,
            max_size: max_size(max),
            reportable: true,
            level: SecurityLevel::NoAuthNoPriv,
            user: &nobody,
            engine_id: b"",
            boots: 0,
            time: 0,
            context_engine_id: b"",
            context_name: b"",
        };
        return encode_v3(usm, &o, &probe, max);
    }
    let sec = &v.security;
    let (boots, time) = sec
        .boots_time
        .filter(|_| !v.resynced)
        .or_else(|| usm.remote_time(&v.engine_id, now))
        .unwrap_or((0, 0));
    let o = Outgoing {
        msg_id: v.msg_id,
        max_size: max_size(max),
        reportable: true,
        level: sec.level,
        user: &sec.user,
        engine_id: &v.engine_id,
        boots,
        time,
        context_engine_id: sec.context_engine_id.as_deref().unwrap_or(&v.engine_id),
        context_name: &v.context_name,
    };
    encode_v3(usm, &o, &v.pdu, max)
}

/// An accepted message, owned (the decryption buffer is reused).
#[derive(Debug, Clone)]
pub(super) struct OwnedOpened {
    msg_id: i32,
    engine_id: Vec<u8>,
    boots: u32,
    time: u32,
    level: SecurityLevel,
    local: bool,
    user: UsmUser,
    context_engine_id: Vec<u8>,
    context_name: Vec<u8>,
    pdu: PduData,
    /// The scoped PDU re-encoded, for an answer to a raw request.
    scoped: Option<Vec<u8>>,
}

impl OwnedOpened {
    fn new(o: &Opened<'_>) -> Self {
        Self {
            msg_id: o.header.msg_id,
            engine_id: o.engine_id.clone(),
            boots: o.boots,
            time: o.time,
            level: o.level,
            local: o.local,
            user: o.user.clone(),
            context_engine_id: o.scoped.context_engine_id.to_vec(),
            context_name: o.scoped.context_name.to_vec(),
            pdu: PduData::from_wire(&o.scoped.pdu),
            scoped: None,
        }
    }
}

enum Outcome {
    Drop,
    Report(Option<FailureKind>, OwnedOpened),
    Response(OwnedOpened),
}

/// What to do with an accepted message that answers request `id` sent with `security`.
fn classify(o: &Opened<'_>, security: &EntitySecurity, id: RequestId, raw: bool) -> Outcome {
    let mut owned = OwnedOpened::new(o);
    if raw && o.scoped.pdu.pdu_type == winsnmp_wire::PduType::Response {
        let mut v = Vec::new();
        if o.scoped.encode_into(&mut v).is_ok() {
            owned.scoped = Some(v);
        }
    }
    match owned.pdu.pdu_type {
        SNMP_PDU_REPORT => {
            let kind = owned
                .pdu
                .varbinds
                .first()
                .and_then(|vb| FailureKind::from_report_oid(&vb.name));
            Outcome::Report(kind, owned)
        }
        // A response must keep the request's level (no downgrade) and id.
        SNMP_PDU_RESPONSE if o.level >= security.level && owned.pdu.request_id == id.0 => {
            Outcome::Response(owned)
        }
        _ => Outcome::Drop,
    }
}
