//! Per-session resource accounting (`WinSnmpGetSessionStats`) and leak reports: what a
//! session holds now and at most, and what `SnmpClose` or the final cleanup had to free
//! for the application.
//!
//! The counts are kept as handles are created and freed (`adopt`, `free_object`), so
//! reading them is O(1) and they are exact at every moment: a handle counts for the
//! session that created it (its owner) whichever session's calls use it, a failed call
//! that made and then freed handles leaves the counts as they were, and a closed session's
//! handles leave with it.

use std::collections::VecDeque;
use std::fmt;

use super::{Engine, R};
use crate::handle::{HSession, HandleKind};
use crate::session::Holdings;

/// What a session holds: `WinSnmpSessionStats`.
///
/// Handles count for their owner, the session that created them (or, for a VBL made by
/// `SnmpGetPduData`, the PDU's session), whichever session's calls use them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SessionStats {
    /// Live entities the session owns.
    pub entities: u32,
    /// Live contexts the session owns.
    pub contexts: u32,
    /// Live PDUs the session owns.
    pub pdus: u32,
    /// Live VBLs the session owns.
    pub vbls: u32,
    /// Requests sent by the session and not yet answered, timed out or cancelled.
    pub outstanding_requests: u32,
    /// Messages waiting for `SnmpRecvMsg`.
    pub queued_messages: u32,
    /// Trap registrations in force (a registration another one already covers is not
    /// stored, so it does not count).
    pub registrations: u32,
    /// The most entities the session owned at once.
    pub peak_entities: u32,
    /// The most contexts the session owned at once.
    pub peak_contexts: u32,
    /// The most PDUs the session owned at once.
    pub peak_pdus: u32,
    /// The most VBLs the session owned at once.
    pub peak_vbls: u32,
}

/// When a leak was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeakWhen {
    /// `SnmpClose` freed handles the application had not freed.
    Close,
    /// The final `SnmpCleanup`/`SnmpCleanupEx` found the session still open (and closed it,
    /// freeing the handles counted).
    Cleanup,
}

/// What `SnmpClose` or the final cleanup freed for the application: one line of the
/// leak report (`WINSNMP_LOG=leaks`). Its `Display` is that line, without a newline:
///
/// ```text
/// winsnmp: session 0x10000001 closed with 3 entities, 2 PDUs, 1 VBL still open
/// winsnmp: session 0x10000002 never closed (SnmpCleanup closed it with 1 context still open)
/// winsnmp: session 0x10000003 never closed (SnmpCleanup closed it)
/// ```
///
/// Kinds are listed in a fixed order (entities, contexts, PDUs, VBLs), only those with a
/// non-zero count, singular for one. Outstanding requests, queued messages and trap
/// registrations are not listed: ending them is what `SnmpClose` is for, and they hold no
/// memory the application could have given back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeakReport {
    /// The session.
    pub session: HSession,
    /// Close or cleanup.
    pub when: LeakWhen,
    /// Entities freed for the application.
    pub entities: u32,
    /// Contexts freed.
    pub contexts: u32,
    /// PDUs freed.
    pub pdus: u32,
    /// VBLs freed.
    pub vbls: u32,
}

impl LeakReport {
    /// Handles freed, all kinds together.
    pub const fn handles(&self) -> u32 {
        self.entities + self.contexts + self.pdus + self.vbls
    }

    fn kinds(&self) -> String {
        let kinds = [
            (self.entities, "entity", "entities"),
            (self.contexts, "context", "contexts"),
            (self.pdus, "PDU", "PDUs"),
            (self.vbls, "VBL", "VBLs"),
        ];
        let parts: Vec<String> = kinds
            .iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
            .collect();
        parts.join(", ")
    }
}

impl fmt::Display for LeakReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.session.value();
        match (self.when, self.handles()) {
            (LeakWhen::Close, _) => write!(
                f,
                "winsnmp: session {s:#010x} closed with {} still open",
                self.kinds()
            ),
            (LeakWhen::Cleanup, 0) => {
                write!(
                    f,
                    "winsnmp: session {s:#010x} never closed (SnmpCleanup closed it)"
                )
            }
            (LeakWhen::Cleanup, _) => write!(
                f,
                "winsnmp: session {s:#010x} never closed (SnmpCleanup closed it with {} still open)",
                self.kinds()
            ),
        }
    }
}

/// The engine's leak-report switch and the reports not yet polled.
#[derive(Debug, Default)]
pub(super) struct Leaks {
    on: bool,
    reports: VecDeque<LeakReport>,
}

fn report(session: HSession, when: LeakWhen, held: &Holdings) -> LeakReport {
    LeakReport {
        session,
        when,
        entities: held.live(HandleKind::Entity),
        contexts: held.live(HandleKind::Context),
        pdus: held.live(HandleKind::Pdu),
        vbls: held.live(HandleKind::Vbl),
    }
}

impl<C> Engine<C> {
    /// `WinSnmpGetSessionStats`: what session `s` holds now and its peaks.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`.
    pub fn session_stats(&mut self, s: HSession) -> R<SessionStats> {
        let r = self.check_session(s).and_then(|()| {
            let registrations = self.registrations(s);
            let sess = self
                .sessions
                .get(s.raw())
                .ok_or(crate::SnmpApiError::SessionInvalid)?;
            let h = &sess.held;
            let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
            Ok(SessionStats {
                entities: h.live(HandleKind::Entity),
                contexts: h.live(HandleKind::Context),
                pdus: h.live(HandleKind::Pdu),
                vbls: h.live(HandleKind::Vbl),
                outstanding_requests: n(sess.outstanding),
                queued_messages: n(sess.queue.len()),
                registrations: n(registrations),
                peak_entities: h.peak(HandleKind::Entity),
                peak_contexts: h.peak(HandleKind::Context),
                peak_pdus: h.peak(HandleKind::Pdu),
                peak_vbls: h.peak(HandleKind::Vbl),
            })
        });
        self.track(r, &[s.raw()])
    }

    /// Turns leak reports on or off (off by default). While on, `close` of a session that
    /// still owned handles, and the final cleanup for every session still open, queue a
    /// [`LeakReport`] for [`Engine::poll_leak_report`]; turning them off drops the queued
    /// ones. The `winsnmp` crate turns them on for `WINSNMP_LOG=leaks` and writes each one
    /// to standard error.
    pub fn set_leak_reports(&mut self, on: bool) {
        self.leaks.on = on;
        if !on {
            self.leaks.reports = VecDeque::new();
        }
    }

    /// Whether leak reports are on.
    pub fn leak_reports(&self) -> bool {
        self.leaks.on
    }

    /// The oldest leak report not yet polled. Changes after `close` and the final
    /// `cleanup`.
    pub fn poll_leak_report(&mut self) -> Option<LeakReport> {
        self.leaks.reports.pop_front()
    }

    /// Called by `close` with the session's holdings before its handles are freed.
    pub(super) fn report_close(&mut self, s: HSession, held: &Holdings) {
        if !self.leaks.on {
            return;
        }
        let r = report(s, LeakWhen::Close, held);
        if r.handles() > 0 {
            self.leaks.reports.push_back(r);
        }
    }

    /// Called by the final cleanup before it frees everything: one report per open
    /// session, in handle order.
    pub(super) fn report_cleanup(&mut self) {
        if !self.leaks.on {
            return;
        }
        let mut open: Vec<(HSession, Holdings)> = self
            .sessions
            .iter()
            .map(|(h, s)| (HSession::from_raw(h.0), s.held))
            .collect();
        open.sort_by_key(|(h, _)| *h);
        for (s, held) in open {
            self.leaks
                .reports
                .push_back(report(s, LeakWhen::Cleanup, &held));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::net::SocketAddr;
    use std::time::Instant;

    use super::*;
    use crate::consts::*;
    use crate::{
        DecodeOutputs, EndpointChange, Limits, PduData, PduFields, RecvOutputs, SnmpApiError as E,
        StartupKind, encode_message,
    };

    const NAME: [u32; 9] = [1, 3, 6, 1, 2, 1, 1, 1, 0];

    /// A started engine whose shared sockets the "driver" opened.
    fn started() -> Engine<u32> {
        let mut e = Engine::new(Limits::default());
        e.startup(StartupKind::Startup).unwrap();
        open_endpoints(&mut e);
        e
    }

    fn open_endpoints(e: &mut Engine<u32>) {
        while let Some(ch) = e.poll_endpoint() {
            if let EndpointChange::Open(spec) = ch {
                e.endpoint_opened(spec.id, SocketAddr::new(spec.bind.ip(), 40000));
            }
        }
    }

    /// The live counts, as (entities, contexts, PDUs, VBLs).
    fn live(e: &mut Engine<u32>, s: HSession) -> (u32, u32, u32, u32) {
        let st = e.session_stats(s).unwrap();
        (st.entities, st.contexts, st.pdus, st.vbls)
    }

    fn peaks(e: &mut Engine<u32>, s: HSession) -> (u32, u32, u32, u32) {
        let st = e.session_stats(s).unwrap();
        (
            st.peak_entities,
            st.peak_contexts,
            st.peak_pdus,
            st.peak_vbls,
        )
    }

    /// The counters agree with the ownership sets and the handle tables: every live
    /// handle counts exactly once, for its owner.
    fn check_invariants(e: &Engine<u32>) {
        let mut sum = [0usize; 4];
        for (h, sess) in e.sessions.iter() {
            let kinds = [
                HandleKind::Entity,
                HandleKind::Context,
                HandleKind::Pdu,
                HandleKind::Vbl,
            ];
            for (i, k) in kinds.into_iter().enumerate() {
                let owned = e.owned_by(sess, k).count();
                assert_eq!(sess.held.live(k) as usize, owned, "{k:?} of {h:?}");
                assert!(sess.held.peak(k) >= sess.held.live(k));
                sum[i] += owned;
            }
            for k in kinds {
                for x in e.owned_by(sess, k) {
                    assert_eq!(e.owner_of(x), Some(HSession::from_raw(h.0)));
                }
            }
        }
        let c = e.counts();
        assert_eq!(sum, [c.entities, c.contexts, c.pdus, c.vbls]);
        let outstanding: usize = e.sessions.iter().map(|(_, s)| s.outstanding).sum();
        for (h, sess) in e.sessions.iter() {
            assert_eq!(sess.outstanding, e.requests_of(HSession::from_raw(h.0)));
        }
        assert_eq!(outstanding, e.outstanding_requests());
    }

    #[test]
    fn counts_follow_every_kind_across_two_sessions() {
        let mut e = started();
        let a = e.create_session(0, 0, Some(1)).unwrap();
        let b = e.create_session(0, 0, Some(2)).unwrap();
        assert_eq!(e.session_stats(a), Ok(SessionStats::default()));

        let ent = e.str_to_entity(a, "192.0.2.1:1161").unwrap();
        let ctx = e.str_to_context(a, b"public").unwrap();
        let vbl = e.create_vbl(a, Some(&NAME), None).unwrap();
        assert_eq!(live(&mut e, a), (1, 1, 0, 1));
        check_invariants(&e);

        // B builds a PDU from A's VBL: the PDU is B's.
        let pdu = e.create_pdu(b, SNMP_PDU_GET, 0, 0, 0, Some(vbl)).unwrap();
        assert_eq!(live(&mut e, a), (1, 1, 0, 1));
        assert_eq!(live(&mut e, b), (0, 0, 1, 0));
        // SnmpGetPduData on B's PDU: the new VBL is the PDU's session's.
        let info = e.get_pdu_data(pdu, PduFields::ALL).unwrap();
        assert_eq!(live(&mut e, b), (0, 0, 1, 1));
        // A duplicates B's PDU and VBL: the copies are A's.
        let dup = e.duplicate_pdu(a, pdu).unwrap();
        let dvbl = e.duplicate_vbl(a, info.varbind_list.unwrap()).unwrap();
        assert_eq!(live(&mut e, a), (1, 1, 1, 2));
        // B encodes with A's entity and context, then decodes: context and PDU are B's.
        let bytes = e.encode_msg(b, None, ent, ctx, pdu, true).unwrap();
        let d = e.decode_msg(b, &bytes, DecodeOutputs::ALL).unwrap();
        assert_eq!(live(&mut e, b), (0, 1, 2, 1));
        check_invariants(&e);

        // Frees through either session's handles count for the owner.
        e.free_vbl(vbl).unwrap();
        e.free_pdu(dup).unwrap();
        assert_eq!(live(&mut e, a), (1, 1, 0, 1));
        e.free_context(d.context.unwrap()).unwrap();
        e.free_pdu(d.pdu.unwrap()).unwrap();
        assert_eq!(live(&mut e, b), (0, 0, 1, 1));
        // A second free fails and changes nothing.
        assert_eq!(e.free_pdu(dup), Err(E::PduInvalid));
        assert_eq!(live(&mut e, a), (1, 1, 0, 1));
        assert_eq!(peaks(&mut e, a), (1, 1, 1, 2));
        assert_eq!(peaks(&mut e, b), (0, 1, 2, 1));
        check_invariants(&e);

        // Closing B frees its handles and leaves A's counts alone.
        e.close(b).unwrap();
        assert_eq!(e.session_stats(b), Err(E::SessionInvalid));
        assert_eq!(e.last_error(None), E::SessionInvalid.code());
        assert_eq!(live(&mut e, a), (1, 1, 0, 1));
        e.free_vbl(dvbl).unwrap();
        e.free_entity(ent).unwrap();
        e.free_context(ctx).unwrap();
        assert_eq!(live(&mut e, a), (0, 0, 0, 0));
        assert_eq!(peaks(&mut e, a), (1, 1, 1, 2));
        check_invariants(&e);
        e.cleanup(StartupKind::Startup).unwrap();
        assert_eq!(e.session_stats(a), Err(E::NotInitialized));
    }

    /// A session that sent a GET with `community` and has its answer (request id, the
    /// bindings `varbinds`) queued: the session, destination, context, request PDU and id.
    fn answer_queued(
        e: &mut Engine<u32>,
        community: &[u8],
        varbinds: Vec<crate::VarBindEntry>,
    ) -> (HSession, crate::HEntity, crate::HContext, crate::HPdu, i32) {
        let s = e.create_session(0, 0, Some(1)).unwrap();
        let ctx = e.str_to_context(s, community).unwrap();
        let agent: SocketAddr = "127.0.0.1:1161".parse().unwrap();
        let dst = e.str_to_entity(s, "127.0.0.1:1161").unwrap();
        let pdu = e.create_pdu(s, SNMP_PDU_GET, 0, 0, 0, None).unwrap();
        let now = Instant::now();
        e.send_msg(now, s, None, dst, ctx, pdu).unwrap();
        let t = e.poll_transmit().unwrap();
        let id = t.request.unwrap().0;
        let answer = PduData {
            varbinds,
            ..PduData::new(SNMP_PDU_RESPONSE, id)
        };
        let bytes = encode_message(crate::Version::V2c, community, &answer, 65507).unwrap();
        e.handle_datagram(now, t.local, agent, &bytes);
        (s, dst, ctx, pdu, id)
    }

    #[test]
    fn failures_leave_the_counts_as_they_were() {
        let mut e = started();
        let (s, dst, ctx, pdu, _) = answer_queued(&mut e, b"public", Vec::new());
        let before = e.session_stats(s).unwrap();
        assert_eq!(before.queued_messages, 1);
        assert_eq!(before.outstanding_requests, 0);

        // Room for one more handle of each kind (the limit is per kind): SnmpRecvMsg makes
        // the sender entity, then fails on the receiver entity and frees the first.
        let c = e.counts();
        e.set_limits(Limits {
            max_handles: c.entities.max(c.contexts).max(c.pdus) + 1,
            ..e.limits()
        });
        assert_eq!(e.recv_msg(s, RecvOutputs::ALL), Err(E::AllocError));
        assert_eq!(e.session_stats(s), Ok(before));
        check_invariants(&e);

        // SnmpDecodeMsg makes the context, then fails on the PDU (one more PDU puts PDUs
        // at the limit); the context's peak does not move either.
        let extra = e.create_pdu(s, SNMP_PDU_GET, 0, 0, 0, None).unwrap();
        let before = e.session_stats(s).unwrap();
        let msg = e.encode_msg(s, None, dst, ctx, pdu, true).unwrap();
        assert_eq!(
            e.decode_msg(s, &msg, DecodeOutputs::ALL),
            Err(E::AllocError)
        );
        assert_eq!(e.session_stats(s), Ok(before));
        check_invariants(&e);

        // With room again, the queued message comes out as four handles.
        e.set_limits(Limits::default());
        e.free_pdu(extra).unwrap();
        e.recv_msg(s, RecvOutputs::ALL).unwrap();
        let after = e.session_stats(s).unwrap();
        assert_eq!(after.queued_messages, 0);
        assert_eq!(
            (after.entities, after.contexts, after.pdus, after.vbls),
            (3, 2, 2, 0)
        );
        check_invariants(&e);
    }

    #[test]
    fn recv_failing_on_the_pdu_keeps_the_message_whole() {
        let mut e = started();
        let uptime = crate::VarBindEntry {
            name: vec![1, 3, 6, 1, 2, 1, 1, 3, 0],
            value: crate::SmiValue::TimeTicks(42),
        };
        let (s, .., id) = answer_queued(&mut e, b"secret", vec![uptime]);
        // PDUs at the limit, room for entities and contexts: the PDU handle is the one
        // that fails, after the community moved into the context handle.
        for _ in 0..3 {
            e.create_pdu(s, SNMP_PDU_GET, 0, 0, 0, None).unwrap();
        }
        let c = e.counts();
        e.set_limits(Limits {
            max_handles: c.pdus,
            ..e.limits()
        });
        let before = e.counts();
        assert!(before.entities + 2 <= c.pdus && before.contexts < c.pdus);
        assert_eq!(e.recv_msg(s, RecvOutputs::ALL), Err(E::AllocError));
        assert_eq!(e.counts(), before);
        check_invariants(&e);
        // With room again the message comes out unchanged: community, PDU and bindings.
        e.set_limits(Limits::default());
        let r = e.recv_msg(s, RecvOutputs::ALL).unwrap();
        assert_eq!(
            e.context_to_str(r.context.unwrap(), true).unwrap(),
            b"secret"
        );
        let fields = PduFields {
            pdu_type: true,
            request_id: true,
            error_status: true,
            error_index: true,
            varbind_list: true,
        };
        let got = e.get_pdu_data(r.pdu.unwrap(), fields).unwrap();
        assert_eq!((got.pdu_type, got.request_id), (SNMP_PDU_RESPONSE, id));
        let vbl = got.varbind_list.unwrap();
        assert_eq!(e.count_vbl(vbl), Ok(1));
        check_invariants(&e);
    }

    #[test]
    fn requests_queue_and_registrations_are_counted() {
        let mut e = started();
        let s = e.create_session(0, 0, Some(1)).unwrap();
        let other = e.create_session(0, 0, Some(2)).unwrap();
        let ctx = e.str_to_context(s, b"public").unwrap();
        let agent: SocketAddr = "127.0.0.1:1161".parse().unwrap();
        let dst = e.str_to_entity(s, "127.0.0.1:1161").unwrap();
        let now = Instant::now();
        let mut sent = Vec::new();
        for _ in 0..3 {
            let pdu = e.create_pdu(s, SNMP_PDU_GET, 0, 0, 0, None).unwrap();
            e.send_msg(now, s, None, dst, ctx, pdu).unwrap();
            sent.push(e.poll_transmit().unwrap());
        }
        assert_eq!(e.session_stats(s).unwrap().outstanding_requests, 3);
        // The other session sends with s's handles: the request is the other's.
        let pdu = e.create_pdu(other, SNMP_PDU_GET, 0, 0, 0, None).unwrap();
        e.send_msg(now, other, None, dst, ctx, pdu).unwrap();
        let theirs = e.poll_transmit().unwrap();
        assert_eq!(e.session_stats(other).unwrap().outstanding_requests, 1);
        assert_eq!(e.session_stats(s).unwrap().outstanding_requests, 3);
        check_invariants(&e);

        // One answered (queued), one cancelled, one times out.
        let answer = PduData::new(SNMP_PDU_RESPONSE, sent[0].request.unwrap().0);
        let bytes = encode_message(crate::Version::V2c, b"public", &answer, 65507).unwrap();
        e.handle_datagram(now, sent[0].local, agent, &bytes);
        e.cancel_msg(s, sent[1].request.unwrap().0).unwrap();
        let st = e.session_stats(s).unwrap();
        assert_eq!((st.outstanding_requests, st.queued_messages), (1, 1));
        let deadline = e.poll_timeout().unwrap();
        e.handle_timeout(deadline + std::time::Duration::from_secs(3600));
        while e.poll_timeout().is_some() {
            let d = e.poll_timeout().unwrap();
            e.handle_timeout(d);
        }
        let st = e.session_stats(s).unwrap();
        assert_eq!((st.outstanding_requests, st.queued_messages), (0, 1));
        assert_eq!(e.session_stats(other).unwrap().outstanding_requests, 0);
        assert!(theirs.request.is_some());
        check_invariants(&e);

        // Registrations: a redundant one is not stored, removing one counts down.
        e.register(s, None, None, None, None, SNMPAPI_ON).unwrap();
        open_endpoints(&mut e);
        let oid = [1, 3, 6, 1, 6, 3, 1, 1, 5, 1];
        e.register(s, None, None, None, Some(&oid), SNMPAPI_ON)
            .unwrap();
        assert_eq!(e.session_stats(s).unwrap().registrations, 1);
        e.register(other, None, None, Some(ctx), Some(&oid), SNMPAPI_ON)
            .unwrap();
        assert_eq!(e.session_stats(other).unwrap().registrations, 1);
        e.register(s, None, None, None, None, SNMPAPI_OFF).unwrap();
        assert_eq!(e.session_stats(s).unwrap().registrations, 0);
        assert_eq!(e.session_stats(other).unwrap().registrations, 1);

        // Closing a session with an outstanding request and a registration.
        let pdu = e.create_pdu(other, SNMP_PDU_GET, 0, 0, 0, None).unwrap();
        e.send_msg(now, other, None, dst, ctx, pdu).unwrap();
        assert_eq!(e.session_stats(other).unwrap().outstanding_requests, 1);
        e.close(other).unwrap();
        assert_eq!(e.outstanding_requests(), 0);
        check_invariants(&e);
    }

    #[test]
    fn peaks_remember_the_most_held_at_once() {
        let mut e = started();
        let s = e.create_session(0, 0, Some(1)).unwrap();
        let mut vbls = Vec::new();
        for _ in 0..5 {
            vbls.push(e.create_vbl(s, None, None).unwrap());
        }
        for v in vbls.drain(..) {
            e.free_vbl(v).unwrap();
        }
        for _ in 0..3 {
            vbls.push(e.create_vbl(s, None, None).unwrap());
        }
        let st = e.session_stats(s).unwrap();
        assert_eq!((st.vbls, st.peak_vbls), (3, 5));
        assert_eq!(
            e.session_stats(HSession::from_raw(0)),
            Err(E::SessionInvalid)
        );
        check_invariants(&e);
    }

    #[test]
    fn leak_reports_name_what_close_and_cleanup_freed() {
        let mut e = started();
        // Off by default: nothing is queued.
        let s = e.create_session(0, 0, Some(1)).unwrap();
        e.create_vbl(s, None, None).unwrap();
        e.close(s).unwrap();
        assert_eq!(e.poll_leak_report(), None);

        e.set_leak_reports(true);
        assert!(e.leak_reports());
        // A session that freed everything: no report.
        let clean = e.create_session(0, 0, Some(1)).unwrap();
        let v = e.create_vbl(clean, None, None).unwrap();
        e.free_vbl(v).unwrap();
        e.close(clean).unwrap();
        assert_eq!(e.poll_leak_report(), None);

        let a = e.create_session(0, 0, Some(1)).unwrap();
        let b = e.create_session(0, 0, Some(2)).unwrap();
        for i in 0..3 {
            e.str_to_entity(a, &format!("192.0.2.{}", i + 1)).unwrap();
        }
        let vbl = e.create_vbl(a, None, None).unwrap();
        e.create_pdu(a, SNMP_PDU_GET, 0, 0, 0, Some(vbl)).unwrap();
        e.create_pdu(a, SNMP_PDU_GET, 0, 0, 0, Some(vbl)).unwrap();
        // B's handle made from A's: B's, not in A's report.
        e.create_pdu(b, SNMP_PDU_GET, 0, 0, 0, Some(vbl)).unwrap();
        e.close(a).unwrap();
        let r = e.poll_leak_report().unwrap();
        assert_eq!(
            r.to_string(),
            format!(
                "winsnmp: session {:#010x} closed with 3 entities, 2 PDUs, 1 VBL still open",
                a.value()
            )
        );
        assert_eq!((r.when, r.handles()), (LeakWhen::Close, 6));
        assert_eq!(e.poll_leak_report(), None);

        // At the final cleanup: every session still open, with or without handles.
        let c = e.create_session(0, 0, Some(3)).unwrap();
        e.str_to_context(c, b"public").unwrap();
        e.cleanup(StartupKind::Startup).unwrap();
        let lines: Vec<String> = std::iter::from_fn(|| e.poll_leak_report())
            .map(|r| r.to_string())
            .collect();
        assert_eq!(
            lines,
            [
                format!(
                    "winsnmp: session {:#010x} never closed (SnmpCleanup closed it with 1 PDU \
                     still open)",
                    b.value()
                ),
                format!(
                    "winsnmp: session {:#010x} never closed (SnmpCleanup closed it with 1 \
                     context still open)",
                    c.value()
                ),
            ]
        );
        // Turning reports off drops what was not polled.
        e.startup(StartupKind::Startup).unwrap();
        let d = e.create_session(0, 0, Some(4)).unwrap();
        e.cleanup(StartupKind::Startup).unwrap();
        e.set_leak_reports(false);
        assert_eq!(e.poll_leak_report(), None);
        let _ = d;
    }

    #[test]
    fn leak_lines_are_singular_plural_and_ordered() {
        let s = HSession::from_raw(0x1000_0001);
        let r = |entities, contexts, pdus, vbls, when| LeakReport {
            session: s,
            when,
            entities,
            contexts,
            pdus,
            vbls,
        };
        assert_eq!(
            r(1, 1, 1, 1, LeakWhen::Close).to_string(),
            "winsnmp: session 0x10000001 closed with 1 entity, 1 context, 1 PDU, 1 VBL \
             still open"
        );
        assert_eq!(
            r(0, 2, 0, 7, LeakWhen::Close).to_string(),
            "winsnmp: session 0x10000001 closed with 2 contexts, 7 VBLs still open"
        );
        assert_eq!(
            r(0, 0, 0, 0, LeakWhen::Cleanup).to_string(),
            "winsnmp: session 0x10000001 never closed (SnmpCleanup closed it)"
        );
    }
}
