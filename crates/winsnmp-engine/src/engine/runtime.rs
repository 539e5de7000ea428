//! Startup and cleanup (`SnmpStartup`, `SnmpCleanup` and their `Ex` forms), the
//! entity database, and the application-wide modes and vendor data
//! (`SnmpGet/SetTranslateMode`, `SnmpGet/SetRetransmitMode`, `SnmpGetVendorInfo`).

use super::*;

impl<C> Engine<C> {
    // ------------------------------------------------------------ runtime

    /// `SnmpStartup` or `SnmpStartupEx` (`kind`), Appendix E 1: the
    /// first startup resets the modes to their defaults (the caller then hands in the
    /// database it read, [`Engine::handle_database`]).
    ///
    /// # Errors
    /// `SNMPAPI_OTHER_ERROR` if the `SnmpStartupEx` count would overflow.
    pub fn startup(&mut self, kind: StartupKind) -> R<StartupInfo> {
        let r = self.startup_inner(kind);
        self.track(r, &[])
    }

    pub(super) fn startup_inner(&mut self, kind: StartupKind) -> R<StartupInfo> {
        let was = self.is_initialized();
        if kind == StartupKind::StartupEx {
            self.ex_count = self
                .ex_count
                .checked_add(1)
                .ok_or(SnmpApiError::OtherError)?;
        } else {
            self.legacy_started = true;
        }
        if !was {
            self.translate_mode = DEFAULT_TRANSLATE_MODE;
            self.retransmit_mode = DEFAULT_RETRANSMIT_MODE;
            self.comms_startup();
        }
        Ok(StartupInfo {
            major_version: 2,
            minor_version: 0,
            level: SNMPAPI_V2_SUPPORT,
            translate_mode: self.translate_mode,
            retransmit_mode: self.retransmit_mode,
        })
    }

    /// `SnmpCleanup` (clears the startup flag) or `SnmpCleanupEx` (decrements the count),
    /// by `kind`. When neither remains, every session is closed and every
    /// object freed; their callbacks are returned so the caller can drop them outside its
    /// lock.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED` with no startup outstanding; `SNMPAPI_OTHER_ERROR` for
    /// `SnmpCleanupEx` with no `SnmpStartupEx` outstanding.
    pub fn cleanup(&mut self, kind: StartupKind) -> R<Vec<C>> {
        let r = self.cleanup_inner(kind);
        self.track(r, &[])
    }

    pub(super) fn cleanup_inner(&mut self, kind: StartupKind) -> R<Vec<C>> {
        self.require_init()?;
        if kind == StartupKind::StartupEx {
            if self.ex_count == 0 {
                return Err(SnmpApiError::OtherError);
            }
            self.ex_count -= 1;
        } else {
            self.legacy_started = false;
        }
        if self.is_initialized() {
            return Ok(Vec::new());
        }
        self.report_cleanup();
        self.comms_teardown();
        self.database = Database::empty();
        self.entities.clear();
        self.contexts.clear();
        self.pdus.clear();
        self.vbls.clear();
        Ok(self
            .sessions
            .clear()
            .into_iter()
            .map(|s| s.callback)
            .collect())
    }

    /// The entity database file (Appendix E 9) as the caller read it: `Ok(None)` when there
    /// is no file, `Ok(Some(text))`, or `Err(reason)` when it exists but could not be read.
    /// The runtime reads the file, without holding the engine's lock, at the first startup
    /// and at every `SnmpSetTranslateMode`, and hands it in here; the engine never reads a
    /// file itself. A malformed or unreadable file is logged and makes lookups fail
    /// (`SNMPAPI_ENTITY_UNKNOWN`/`SNMPAPI_CONTEXT_UNKNOWN`) until a good one comes.
    pub fn handle_database(&mut self, file: Result<Option<String>, String>) {
        self.database = match file {
            Ok(None) => Database::empty(),
            Ok(Some(text)) => Database::parse(&text).unwrap_or_else(|reason| {
                self.host
                    .log(&format!("winsnmp: entity database ignored: {reason}"));
                Database::broken(reason)
            }),
            Err(reason) => {
                self.host
                    .log(&format!("winsnmp: entity database unreadable: {reason}"));
                Database::broken(reason)
            }
        };
    }

    /// `SnmpGetVendorInfo`; `output == false` models a NULL `vendorInfo`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_NOOP` (no output).
    pub fn get_vendor_info(&mut self, output: bool) -> R<VendorInfo> {
        let r = self
            .require_init()
            .and_then(|()| wanted(output, VENDOR_INFO));
        self.track(r, &[])
    }

    // ------------------------------------------------------------ modes

    /// `SnmpGetTranslateMode`; `output == false` models a NULL pointer.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_NOOP`.
    pub fn get_translate_mode(&mut self, output: bool) -> R<u32> {
        let r = self
            .require_init()
            .and_then(|()| wanted(output, self.translate_mode));
        self.track(r, &[])
    }

    /// `SnmpSetTranslateMode`. The runtime also rereads the database file and hands it in
    /// ([`Engine::handle_database`]) when this succeeds (Appendix E 9).
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_MODE_INVALID` (not 0, 1 or 2).
    pub fn set_translate_mode(&mut self, mode: u32) -> R<()> {
        let r = self.require_init().and_then(|()| {
            if mode > SNMPAPI_UNTRANSLATED_V2 {
                return Err(SnmpApiError::ModeInvalid);
            }
            self.translate_mode = mode;
            Ok(())
        });
        self.track(r, &[])
    }

    /// `SnmpGetRetransmitMode`; `output == false` models a NULL pointer.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_NOOP`.
    pub fn get_retransmit_mode(&mut self, output: bool) -> R<u32> {
        let r = self
            .require_init()
            .and_then(|()| wanted(output, self.retransmit_mode));
        self.track(r, &[])
    }

    /// `SnmpSetRetransmitMode`.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_MODE_INVALID` (not `SNMPAPI_ON`/`SNMPAPI_OFF`).
    pub fn set_retransmit_mode(&mut self, mode: u32) -> R<()> {
        let r = self.require_init().and_then(|()| {
            if mode > SNMPAPI_ON {
                return Err(SnmpApiError::ModeInvalid);
            }
            if mode == SNMPAPI_OFF {
                self.comms_retransmit_off();
            }
            self.retransmit_mode = mode;
            Ok(())
        });
        self.track(r, &[])
    }
}
