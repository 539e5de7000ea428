//! `SnmpRegister`: trap and notification filters, and the trap port they share.

use super::*;

impl<C> Engine<C> {
    // ------------------------------------------------------------ SnmpRegister

    /// `SnmpRegister`: adds (`state != SNMPAPI_OFF`) or removes (`SNMPAPI_OFF`) a
    /// notification filter of `s`. `None` filters are wildcards. `src` (the receiving
    /// manager) does not filter; `dst` matches the notification's source IP address;
    /// `context` its community; `notification` is a prefix of its `snmpTrapOID.0`. A
    /// registration another one of the session already covers succeeds and changes
    /// nothing; removing one that is not registered succeeds and changes nothing. The
    /// first registration of the runtime asks for the trap port.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_ENTITY_INVALID`,
    /// `SNMPAPI_CONTEXT_INVALID`, `SNMPAPI_OID_INVALID` (empty or longer than 128); and,
    /// through [`Engine::endpoint_failed`], `SNMPAPI_TL_IN_USE`.
    pub fn register(
        &mut self,
        s: HSession,
        src: Option<HEntity>,
        dst: Option<HEntity>,
        context: Option<HContext>,
        notification: Option<&[u32]>,
        state: u32,
    ) -> R<()> {
        let r = self.check_session(s).and_then(|()| {
            let src = match src {
                Some(e) => Some(self.entities.try_get(e.raw())?.value.addr),
                None => None,
            };
            let dst = match dst {
                Some(e) => Some(
                    self.entities
                        .try_get(e.raw())?
                        .value
                        .addr
                        .ip()
                        .to_canonical(),
                ),
                None => None,
            };
            let community = match context {
                Some(c) => Some(self.contexts.try_get(c.raw())?.value.community.clone()),
                None => None,
            };
            let oid = match notification {
                Some(o) if o.is_empty() || o.len() > MAXOBJIDSIZE => {
                    return Err(SnmpApiError::OidInvalid);
                }
                Some(o) => Some(o.to_vec()),
                None => None,
            };
            let reg = Registration {
                src,
                dst,
                community,
                oid,
            };
            let trap_port = self.trap_port();
            let c = &mut self.comms;
            if state == SNMPAPI_OFF {
                if let Some(regs) = c.registrations.get_mut(&s)
                    && let Some(i) = regs.iter().position(|r| *r == reg)
                {
                    regs.remove(i);
                    if regs.is_empty() {
                        c.registrations.remove(&s);
                    }
                    c.registration_count -= 1;
                    tracing::debug!(session = ?s, "trap registration removed");
                    if c.registration_count == 0 {
                        c.close_trap_port();
                    }
                }
                return Ok(());
            }
            let regs = c.registrations.entry(s).or_default();
            if regs.iter().any(|r| r.covers(&reg)) {
                return Ok(());
            }
            regs.push(reg);
            c.registration_count += 1;
            tracing::debug!(session = ?s, trap_port, "trap registration added");
            if c.registration_count == 1 {
                let v4 = c.new_endpoint(
                    SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), trap_port),
                    EndpointRole::Trap,
                    true,
                );
                let v6 = c.new_endpoint(
                    SocketAddr::new(IpAddr::V6(Ipv6Addr::UNSPECIFIED), trap_port),
                    EndpointRole::Trap,
                    false,
                );
                c.trap = vec![v4, v6];
                c.trap_opener = Some(s);
            }
            Ok(())
        });
        let h = |x: Option<RawHandle>| x.unwrap_or(RawHandle(0));
        self.track(
            r,
            &[
                s.raw(),
                h(src.map(HEntity::raw)),
                h(dst.map(HEntity::raw)),
                h(context.map(HContext::raw)),
            ],
        )
    }

    /// Number of registrations `s` holds (redundant ones are not stored).
    pub fn registrations(&self, s: HSession) -> usize {
        self.comms.registrations.get(&s).map_or(0, Vec::len)
    }
}
