//! What the rest of the engine tells the communications layer (startup, teardown, a
//! session closing, an entity freed, the retransmit mode switched OFF) and its
//! configuration (trap port, counters, endpoint lookups).

use super::*;

impl<C> Engine<C> {
    // ------------------------------------------------------------ lifecycle hooks

    /// Called when the runtime starts: asks for the two shared sockets.
    pub(in crate::engine) fn comms_startup(&mut self) {
        let c = &mut self.comms;
        c.shared[0] = Some(c.new_endpoint(
            SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 0),
            EndpointRole::Shared,
            false,
        ));
        c.shared[1] = Some(c.new_endpoint(
            SocketAddr::new(IpAddr::V6(Ipv6Addr::UNSPECIFIED), 0),
            EndpointRole::Shared,
            false,
        ));
        c.stats = CommStats::default();
    }

    /// Called at the final cleanup: every endpoint closes, every request and event goes.
    /// The tables are replaced by empty ones, not just cleared, so their memory goes back
    /// at the final cleanup (a cleared hash table keeps its allocation, which leak checkers
    /// report as "possibly lost" at exit).
    pub(in crate::engine) fn comms_teardown(&mut self) {
        let c = &mut self.comms;
        let ids: Vec<EndpointId> = c.endpoints.keys().copied().collect();
        for id in ids {
            c.close_endpoint(id);
        }
        c.endpoints = Default::default();
        c.shared = [None, None];
        c.trap = Vec::new();
        c.trap_opener = None;
        c.listen_by_entity = Default::default();
        c.requests = Default::default();
        c.v3.clear();
        c.raw = VecDeque::new();
        c.timers.clear();
        c.registrations.clear();
        c.registration_count = 0;
        c.transmits = VecDeque::new();
        c.events = VecDeque::new();
        c.recent = Recent::default();
        c.informs = HashMap::new();
        c.inform_order = VecDeque::new();
        c.expired = Vec::new();
    }

    /// A request of `s` entered the runtime's table: one more in its count.
    pub(in crate::engine) fn request_started(&mut self, s: HSession) {
        if let Some(sess) = self.sessions.get_mut(s.raw()) {
            sess.outstanding += 1;
        }
    }

    /// A request of `s` left the runtime's table: one less in its count.
    pub(in crate::engine) fn request_ended(&mut self, s: HSession) {
        if let Some(sess) = self.sessions.get_mut(s.raw()) {
            sess.outstanding = sess.outstanding.saturating_sub(1);
        }
    }

    /// Number of outstanding requests of `s`, counted in the runtime's table.
    #[cfg(test)]
    pub(in crate::engine) fn requests_of(&self, s: HSession) -> usize {
        self.comms
            .requests
            .values()
            .filter(|r| r.session == s)
            .count()
    }

    /// Called by `SnmpClose` before the session's objects are freed: cancels its requests,
    /// drops its registrations, stops its listening entities and forgets its pending events.
    pub(in crate::engine) fn comms_close_session(&mut self, s: HSession) {
        let c = &mut self.comms;
        // A scan of the runtime's requests: closing is rare, sending and answering are not
        // (a per-session set cost two hash operations per request).
        let ids: Vec<RequestId> = if self
            .sessions
            .get(s.raw())
            .is_some_and(|x| x.outstanding > 0)
        {
            c.requests
                .iter()
                .filter(|(_, r)| r.session == s)
                .map(|(id, _)| *id)
                .collect()
        } else {
            Vec::new()
        };
        for id in ids {
            if c.end_request(id).is_some() {
                c.recent.insert(id, Ended::Cancelled);
                c.stats.cancelled += 1;
            }
        }
        if let Some(regs) = c.registrations.remove(&s) {
            c.registration_count -= regs.len();
            if c.registration_count == 0 {
                c.close_trap_port();
            }
        }
        c.events.retain(|e| e.session != s);
        c.raw.retain(|r| r.session != s);
        let listening: Vec<RawHandle> = self
            .comms
            .listen_by_entity
            .keys()
            .copied()
            .filter(|h| self.entities.get(*h).is_some_and(|o| o.owner == s))
            .collect();
        for h in listening {
            self.stop_listening(HEntity::from_raw(h.0));
        }
    }

    /// Called when an entity is freed: a listening entity stops listening.
    pub(in crate::engine) fn comms_entity_freed(&mut self, e: RawHandle) {
        // Most entities never listen (a manager frees two per message it reads).
        if self.comms.listen_by_entity.is_empty() {
            return;
        }
        if let Some(id) = self.comms.listen_by_entity.remove(&e) {
            self.comms.close_endpoint(id);
        }
    }

    /// `SnmpSetRetransmitMode(OFF)` stops retransmission of every outstanding request.
    pub(in crate::engine) fn comms_retransmit_off(&mut self) {
        self.comms.off_epoch = self.comms.off_epoch.wrapping_add(1);
    }

    /// Whether `id` is the id of an outstanding request.
    pub(in crate::engine) fn request_outstanding(&self, id: i32) -> bool {
        self.comms.requests.contains_key(&RequestId(id))
    }

    pub(super) fn stop_listening(&mut self, e: HEntity) {
        if let Some(id) = self.comms.listen_by_entity.remove(&e.raw()) {
            self.comms.close_endpoint(id);
        }
        if let Some(ent) = self.entity_mut(e) {
            ent.listening = false;
        }
    }

    // ------------------------------------------------------------ configuration

    /// Sets the trap port used when the trap socket is next opened (Appendix E 10: the
    /// `winsnmp` crate passes `$WINSNMP_TRAP_PORT` here). `None` restores the default: the
    /// database's `trap_port`, else 162.
    pub fn set_trap_port(&mut self, port: Option<u16>) {
        self.comms.trap_port = port.filter(|p| *p != 0);
    }

    /// The port the trap socket is (or will be) bound to.
    pub fn trap_port(&self) -> u16 {
        self.comms
            .trap_port
            .or(self.database.trap_port())
            .unwrap_or(DEFAULT_SNMPTRAP_PORT_UDP)
    }

    /// Communications counters since startup.
    pub fn comm_stats(&self) -> CommStats {
        self.comms.stats
    }

    /// How many of the runtime's shared sockets (IPv4 and IPv6 wildcard, asked for at
    /// startup) are open: 0 after startup means the driver could open none, and nothing can
    /// be sent from the shared socket.
    pub fn shared_endpoints(&self) -> usize {
        self.comms.shared.iter().flatten().count()
    }

    /// Number of outstanding requests, all sessions.
    pub fn outstanding_requests(&self) -> usize {
        self.comms.requests.len()
    }

    /// Timer entries held, stale ones included (for memory checks).
    pub fn timer_entries(&self) -> usize {
        self.comms.timers.len()
    }

    /// The bound address of a local endpoint, as reported by the driver.
    pub fn endpoint_local_addr(&self, id: EndpointId) -> Option<SocketAddr> {
        self.comms.endpoints.get(&id).and_then(|e| e.local)
    }

    /// The endpoint a listening entity receives on.
    pub fn listen_endpoint(&self, e: HEntity) -> Option<EndpointId> {
        self.comms.listen_by_entity.get(&e.raw()).copied()
    }
}
