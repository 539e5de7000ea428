//! `SnmpListen` and `SnmpListenEx`: agent entities and their sockets.

use super::*;

impl<C> Engine<C> {
    // ------------------------------------------------------------ SnmpListen

    /// `SnmpListen` (`use_all == None`) or `SnmpListenEx`: `SNMPAPI_ON` asks for a socket
    /// bound to the entity's address and port (`SNMPLISTEN_ALL_ADDR`: every address of its
    /// family) on which Get, GetNext, GetBulk, Set and Inform requests are delivered to the
    /// entity's session, with no community check (Appendix E 11); `SNMPAPI_OFF` closes it.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_MODE_INVALID` (status
    /// not ON/OFF, or `use_all` not 0/1), `SNMPAPI_NOOP` (already in that state); and,
    /// through [`Engine::endpoint_failed`], `SNMPAPI_TL_RESOURCE_ERROR` (socket) and
    /// `SNMPAPI_TL_OTHER` (bind, e.g. port in use).
    pub fn listen(&mut self, e: HEntity, status: u32, use_all: Option<u32>) -> R<()> {
        let r = self.require_init().and_then(|()| {
            let ent = &self.entities.try_get(e.raw())?.value;
            let all = match use_all {
                None | Some(SNMPLISTEN_USEENTITY_ADDR) => false,
                Some(SNMPLISTEN_ALL_ADDR) => true,
                Some(_) => return Err(SnmpApiError::ModeInvalid),
            };
            match status {
                SNMPAPI_ON => {
                    if ent.listening {
                        return Err(SnmpApiError::Noop);
                    }
                    let mut bind = ent.addr;
                    if all {
                        bind.set_ip(match bind {
                            SocketAddr::V4(_) => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
                            SocketAddr::V6(_) => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
                        });
                    }
                    let id = self.comms.new_endpoint(bind, EndpointRole::Agent, true);
                    if let Some(st) = self.comms.endpoints.get_mut(&id) {
                        st.entity = Some(e);
                    }
                    self.comms.listen_by_entity.insert(e.raw(), id);
                    if let Some(ent) = self.entity_mut(e) {
                        ent.listening = true;
                    }
                    tracing::debug!(entity = ?e, %bind, "listening");
                    Ok(())
                }
                SNMPAPI_OFF => {
                    if !ent.listening {
                        return Err(SnmpApiError::Noop);
                    }
                    self.stop_listening(e);
                    tracing::debug!(entity = ?e, "listening stopped");
                    Ok(())
                }
                _ => Err(SnmpApiError::ModeInvalid),
            }
        });
        self.track(r, &[e.raw()])
    }
}
