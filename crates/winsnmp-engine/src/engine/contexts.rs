//! Contexts: `SnmpStrToContext`, `SnmpContextToStr`, `SnmpFreeContext`, and the SNMPv3
//! context names of the extension.

use super::*;

impl<C> Engine<C> {
    // ------------------------------------------------------------ contexts

    /// `SnmpStrToContext`: a friendly name in translated mode, else a literal community.
    /// A C `NULL` pointer is passed as an empty slice.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_CONTEXT_INVALID`
    /// (empty, or longer than the largest message, [`Limits::max_message_size`]: such a
    /// community could never be sent), `SNMPAPI_CONTEXT_UNKNOWN` (name not in the
    /// database), `SNMPAPI_ALLOC_ERROR`.
    pub fn str_to_context(&mut self, s: HSession, text: &[u8]) -> R<HContext> {
        let r = self.check_session(s).and_then(|()| {
            if text.is_empty() || text.len() > self.limits.max_message_size {
                return Err(SnmpApiError::ContextInvalid);
            }
            let ctx = if self.translate_mode == SNMPAPI_TRANSLATED {
                if let Some(reason) = self.database.error() {
                    self.host
                        .log(&format!("winsnmp: context unknown: database: {reason}"));
                    return Err(SnmpApiError::ContextUnknown);
                }
                let name = std::str::from_utf8(text).map_err(|_| SnmpApiError::ContextUnknown)?;
                let db = self
                    .database
                    .context(name)
                    .ok_or(SnmpApiError::ContextUnknown)?;
                Context {
                    community: db.community.clone(),
                    name: Some(name.to_owned()),
                }
            } else {
                Context {
                    community: text.to_vec(),
                    name: self.database.context_name_for(text).map(str::to_owned),
                }
            };
            self.add_context(s, ctx)
        });
        self.track(r, &[s.raw()])
    }

    /// `WinSnmpStrToContextName` (extension): a context holding the SNMPv3 context name
    /// `name` literally, whatever the translate mode; unlike `SnmpStrToContext` it may be
    /// empty (the default context, `-n ""`). With a v1/v2c entity it is used as a community.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_SIZE_INVALID` (over
    /// the largest message, 65,507 octets), `SNMPAPI_ALLOC_ERROR`.
    pub fn str_to_context_name(&mut self, s: HSession, name: &[u8]) -> R<HContext> {
        let r = self.check_session(s).and_then(|()| {
            if name.len() > self.limits.max_message_size {
                return Err(SnmpApiError::SizeInvalid);
            }
            self.add_context(
                s,
                Context {
                    community: name.to_vec(),
                    name: None,
                },
            )
        });
        self.track(r, &[s.raw()])
    }

    /// `SnmpContextToStr`: the friendly name (translated mode, when known) or the
    /// community, as a new byte vector; `output == false` models a NULL descriptor.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_CONTEXT_INVALID`, `SNMPAPI_NOOP`.
    pub fn context_to_str(&mut self, c: HContext, output: bool) -> R<Vec<u8>> {
        let r = self.require_init().and_then(|()| {
            let ctx = &self.contexts.try_get(c.raw())?.value;
            if !output {
                return Err(SnmpApiError::Noop);
            }
            Ok(match (&ctx.name, self.translate_mode) {
                (Some(n), SNMPAPI_TRANSLATED) => n.as_bytes().to_vec(),
                _ => ctx.community.clone(),
            })
        });
        self.track(r, &[c.raw()])
    }

    /// `SnmpFreeContext`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_CONTEXT_INVALID`.
    pub fn free_context(&mut self, c: HContext) -> R<()> {
        let r = self
            .require_init()
            .and_then(|()| self.free_object(c.raw(), HandleKind::Context));
        self.track(r, &[c.raw()])
    }
}
