//! The driver's outputs (`poll_transmit`, `poll_timeout`, `poll_event`,
//! `poll_endpoint`) and the results of the endpoints it was asked to open.

use super::*;

impl<C> Engine<C> {
    // ------------------------------------------------------------ driver outputs

    /// The next datagram to send. New ones appear after `send_msg`, `handle_datagram`
    /// (inform acknowledgements) and `handle_timeout` (retransmissions).
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        let t = self.comms.transmits.pop_front()?;
        let stats = &mut self.comms.stats;
        stats.datagrams_out += 1;
        stats.bytes_out += t.bytes.len() as u64;
        tracing::trace!(
            to = %t.to,
            len = t.bytes.len(),
            endpoint = t.local.0,
            request_id = t.request.map(|r| r.0),
            "datagram out"
        );
        Some(t)
    }

    /// The earliest deadline at which `handle_timeout` has work. Changes after `send_msg`,
    /// `handle_timeout`, `handle_datagram`, `cancel_msg`, `close` and cleanup. Answered
    /// and cancelled requests' deadlines are dropped here, so the answer is exact.
    pub fn poll_timeout(&mut self) -> Option<Instant> {
        let c = &mut self.comms;
        let requests = &c.requests;
        c.timers
            .next_deadline(|e| requests.get(&e.request_id).is_some_and(|r| r.seq == e.seq))
    }

    /// The next notification to deliver. New ones appear after `handle_datagram` (wParam
    /// 0: a message was queued) and `handle_timeout` (`SNMPAPI_TL_TIMEOUT`). A closed
    /// session's notifications are removed by `close`, so none is ever returned for it.
    pub fn poll_event(&mut self) -> Option<SessionEvent> {
        self.comms.events.pop_front()
    }

    /// The next change of the set of local endpoints. New ones appear after startup,
    /// cleanup, `close`, `listen`, `register` and `free_entity`. The driver must answer each
    /// `Open` with [`Engine::endpoint_opened`] or [`Engine::endpoint_failed`] before the
    /// engine's lock is released.
    pub fn poll_endpoint(&mut self) -> Option<EndpointChange> {
        self.comms.changes.pop_front()
    }

    /// The driver bound endpoint `id` to `local`.
    pub fn endpoint_opened(&mut self, id: EndpointId, local: SocketAddr) {
        if let Some(e) = self.comms.endpoints.get_mut(&id) {
            e.local = Some(local);
        }
    }

    /// The driver could not open endpoint `id`. Undoes what asked for it and returns the
    /// error the call that asked for it must fail with (already recorded as its last
    /// error), or `None` for an optional endpoint.
    pub fn endpoint_failed(&mut self, id: EndpointId, why: OpenError) -> Option<SnmpApiError> {
        let state = self.comms.endpoints.remove(&id)?;
        match state.spec.role {
            EndpointRole::Shared => {
                for slot in &mut self.comms.shared {
                    if *slot == Some(id) {
                        *slot = None;
                    }
                }
                None
            }
            EndpointRole::Agent => {
                let e = state.entity?;
                self.comms.listen_by_entity.remove(&e.raw());
                if let Some(ent) = self.entity_mut(e) {
                    ent.listening = false;
                }
                let err = match why {
                    OpenError::Socket => SnmpApiError::TlResourceError,
                    OpenError::Bind => SnmpApiError::TlOther,
                };
                self.record_error(err, &[e.raw()]);
                Some(err)
            }
            EndpointRole::Trap => {
                self.comms.trap.retain(|t| *t != id);
                if !state.spec.required {
                    return None;
                }
                let opener = self.comms.trap_opener;
                self.comms.close_trap_port();
                self.comms.registrations.clear();
                self.comms.registration_count = 0;
                let err = SnmpApiError::TlInUse;
                self.record_error(err, &opener.map(|s| vec![s.raw()]).unwrap_or_default());
                Some(err)
            }
        }
    }
}
