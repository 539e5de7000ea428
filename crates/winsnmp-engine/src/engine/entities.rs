//! Entities: `SnmpStrToEntity`, `SnmpEntityToStr`, `SnmpFreeEntity`, `SnmpSetPort`, and
//! the per-entity timeout and retry (`SnmpGet/SetTimeout`, `SnmpGet/SetRetry`).

use super::*;

impl<C> Engine<C> {
    // ------------------------------------------------------------ entities

    /// `SnmpStrToEntity` for text that names no host to resolve: a friendly name in
    /// `SNMPAPI_TRANSLATED` mode, otherwise a literal address (Appendix E 8): IPv4 dotted
    /// quad, IPv6 (bare, or `[addr]` when a port follows), an optional `:port`. A host name
    /// needs [`Engine::str_to_entity_resolved`]; here it is `SNMPAPI_ENTITY_UNKNOWN`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_ENTITY_UNKNOWN`,
    /// `SNMPAPI_ALLOC_ERROR` (handle limit).
    pub fn str_to_entity(&mut self, s: HSession, text: &str) -> R<HEntity> {
        self.str_to_entity_resolved(s, text, None)
    }

    /// The host name, and port, that `SnmpStrToEntity(s, text)` has to resolve under the
    /// current translate mode and database (a literal host name, or a database entry whose
    /// address is one); `None` when there is none (a literal address, text that is not
    /// usable, a session that is not open). The caller resolves it without holding the
    /// engine's lock and passes the answer to [`Engine::str_to_entity_resolved`].
    pub fn entity_host_name(&self, s: HSession, text: &str) -> Option<(String, u16)> {
        self.check_session(s).ok()?;
        let (host, port, _) = self.entity_target(text).ok()?;
        (host.parse::<IpAddr>().is_err() && is_host_name(host)).then(|| (host.to_owned(), port))
    }

    /// `SnmpStrToEntity`, with `resolved` the answer for the name
    /// [`Engine::entity_host_name`] asked for (Appendix E 8: host names are resolved once,
    /// when the entity is made). A host name with no matching answer (the translate mode or
    /// the database changed in between) is `SNMPAPI_ENTITY_UNKNOWN`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_ENTITY_UNKNOWN`,
    /// `SNMPAPI_ALLOC_ERROR` (handle limit).
    pub fn str_to_entity_resolved(
        &mut self,
        s: HSession,
        text: &str,
        resolved: Option<&Resolved>,
    ) -> R<HEntity> {
        let r = self.check_session(s).and_then(|()| {
            let entity = self.resolve_entity(text, resolved)?;
            self.add_entity(s, entity)
        });
        self.track(r, &[s.raw()])
    }

    /// The unresolved host, the port and (translated mode) the database entry that `text`
    /// names.
    pub(super) fn entity_target<'a>(
        &'a self,
        text: &'a str,
    ) -> R<(&'a str, u16, Option<&'a DbEntity>)> {
        if self.translate_mode == SNMPAPI_TRANSLATED {
            if self.database.error().is_some() {
                return Err(SnmpApiError::EntityUnknown);
            }
            let db = self
                .database
                .entity(text)
                .ok_or(SnmpApiError::EntityUnknown)?;
            return Ok((&db.address, db.port, Some(db)));
        }
        let (host, port) = parse_literal(text).ok_or(SnmpApiError::EntityUnknown)?;
        Ok((host, port.unwrap_or(DEFAULT_SNMP_PORT_UDP), None))
    }

    pub(super) fn resolve_entity(&self, text: &str, resolved: Option<&Resolved>) -> R<Entity> {
        if self.translate_mode == SNMPAPI_TRANSLATED
            && let Some(reason) = self.database.error()
        {
            self.host.log(&format!(
                "winsnmp: entity {text:?} unknown: database: {reason}"
            ));
        }
        let (host, port, db) = self.entity_target(text)?;
        let addr = resolve_address(host, port, resolved)?;
        if let Some(db) = db {
            return Ok(Entity {
                addr,
                version: db.version,
                timeout: db.timeout,
                retry: db.retry,
                default_timeout: db.timeout,
                default_retry: db.retry,
                listening: false,
                name: Some(text.to_owned()),
                security: None,
            });
        }
        // The database still lends timeout, retry and name to a literal address it knows.
        Ok(self.entity_for(addr, self.default_version()))
    }

    /// An entity for `addr` (a literal, or seen on the wire) with the database's policy for
    /// that address when it has one (timeout, retry, name), else the defaults.
    pub(crate) fn entity_for(&self, addr: SocketAddr, version: Version) -> Entity {
        let known = self.database.entities().find(|(_, e)| {
            e.port == addr.port() && e.address.parse::<IpAddr>().ok() == Some(addr.ip())
        });
        let (timeout, retry, name) = match known {
            Some((n, e)) => (e.timeout, e.retry, Some(n.to_owned())),
            None => (DEFAULT_TIMEOUT, DEFAULT_RETRY, None),
        };
        Entity {
            addr,
            version,
            timeout,
            retry,
            default_timeout: timeout,
            default_retry: retry,
            listening: false,
            name,
            security: None,
        }
    }

    /// The version of a literal entity: SNMPv1 in `SNMPAPI_UNTRANSLATED_V1` mode, else
    /// SNMPv2c.
    pub(crate) fn default_version(&self) -> Version {
        if self.translate_mode == SNMPAPI_UNTRANSLATED_V1 {
            Version::V1
        } else {
            Version::V2c
        }
    }

    /// `SnmpEntityToStr`: the friendly name (translated mode, when the entity has one) or
    /// the literal address (`:port` added when it is not 161; IPv6 then in brackets),
    /// checked against a C buffer of `size` bytes that must also hold the NUL.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_OUTPUT_TRUNCATED`.
    pub fn entity_to_str(&mut self, e: HEntity, size: u32) -> R<String> {
        let r = self.require_init().and_then(|()| {
            let ent = &self.entities.try_get(e.raw())?.value;
            let s = match (&ent.name, self.translate_mode) {
                (Some(n), SNMPAPI_TRANSLATED) => n.clone(),
                _ => format_address(ent.addr),
            };
            if s.len() + 1 > size as usize {
                return Err(SnmpApiError::OutputTruncated);
            }
            Ok(s)
        });
        self.track(r, &[e.raw()])
    }

    /// `SnmpFreeEntity`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`.
    pub fn free_entity(&mut self, e: HEntity) -> R<()> {
        let r = self
            .require_init()
            .and_then(|()| self.free_object(e.raw(), HandleKind::Entity));
        self.track(r, &[e.raw()])
    }

    /// `SnmpSetPort`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_OPERATION_INVALID`
    /// (listening entity, port 0 or above 65535).
    pub fn set_port(&mut self, e: HEntity, port: u32) -> R<()> {
        let r = self.require_init().and_then(|()| {
            let ent = &mut self.entities.try_get_mut(e.raw())?.value;
            if ent.listening {
                return Err(SnmpApiError::OperationInvalid);
            }
            let port = u16::try_from(port)
                .ok()
                .filter(|p| *p != 0)
                .ok_or(SnmpApiError::OperationInvalid)?;
            ent.addr.set_port(port);
            Ok(())
        });
        self.track(r, &[e.raw()])
    }

    /// `SnmpGetTimeout`: `(policy, actual)`; `outputs` tells which C pointers were given.
    /// "Actual" is the value in use (Appendix E 7), equal to the policy.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_NOOP` (no output).
    pub fn get_timeout(&mut self, e: HEntity, outputs: PolicyOutputs) -> R<(u32, u32)> {
        let r = self.require_init().and_then(|()| {
            let ent = &self.entities.try_get(e.raw())?.value;
            if !outputs.any() {
                return Err(SnmpApiError::Noop);
            }
            Ok((ent.timeout, ent.timeout))
        });
        self.track(r, &[e.raw()])
    }

    /// `SnmpSetTimeout` (hundredths of a second); 0 restores the entity's default.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`.
    pub fn set_timeout(&mut self, e: HEntity, timeout: u32) -> R<()> {
        let r = self.require_init().and_then(|()| {
            let ent = &mut self.entities.try_get_mut(e.raw())?.value;
            ent.timeout = if timeout == 0 {
                ent.default_timeout
            } else {
                timeout
            };
            Ok(())
        });
        self.track(r, &[e.raw()])
    }

    /// `SnmpGetRetry`: `(policy, actual)`, as [`Engine::get_timeout`].
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_NOOP` (no output).
    pub fn get_retry(&mut self, e: HEntity, outputs: PolicyOutputs) -> R<(u32, u32)> {
        let r = self.require_init().and_then(|()| {
            let ent = &self.entities.try_get(e.raw())?.value;
            if !outputs.any() {
                return Err(SnmpApiError::Noop);
            }
            Ok((ent.retry, ent.retry))
        });
        self.track(r, &[e.raw()])
    }

    /// `SnmpSetRetry`; 0 restores the entity's default.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ENTITY_INVALID`.
    pub fn set_retry(&mut self, e: HEntity, retry: u32) -> R<()> {
        let r = self.require_init().and_then(|()| {
            let ent = &mut self.entities.try_get_mut(e.raw())?.value;
            ent.retry = if retry == 0 { ent.default_retry } else { retry };
            Ok(())
        });
        self.track(r, &[e.raw()])
    }
}
