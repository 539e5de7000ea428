//! Sessions (`SnmpCreateSession`, `SnmpOpen`, `SnmpClose`) and the ownership of every
//! object by its session: adding objects to the handle tables and freeing them.

use super::*;

impl<C> Engine<C> {
    // ------------------------------------------------------------ sessions

    /// `SnmpCreateSession`. `callback == None` asks for window-message notification, which
    /// this implementation refuses (Appendix E 4).
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`; `SNMPAPI_HWND_INVALID` (no callback, non-zero `hwnd`);
    /// `SNMPAPI_OPERATION_INVALID` (no callback, no window); `SNMPAPI_ALLOC_ERROR` (session
    /// limit reached).
    pub fn create_session(&mut self, hwnd: usize, wmsg: u32, callback: Option<C>) -> R<HSession> {
        let _ = wmsg;
        let r = self.require_init().and_then(|()| {
            let Some(cb) = callback else {
                return Err(if hwnd != 0 {
                    SnmpApiError::HwndInvalid
                } else {
                    SnmpApiError::OperationInvalid
                });
            };
            let limit = self.limits.max_sessions;
            let queue = self.limits.max_queued_messages;
            self.sessions
                .insert(Session::new(cb, queue), limit)
                .map(|h| HSession::from_raw(h.0))
                .map_err(|_| SnmpApiError::AllocError)
        });
        if let Ok(s) = &r {
            tracing::debug!(session = ?s, "session created");
        }
        self.track(r, &[])
    }

    /// `SnmpOpen`: window-message notification only, refused off Windows (Appendix E 4).
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_HWND_INVALID`.
    pub fn open(&mut self, hwnd: usize, wmsg: u32) -> R<HSession> {
        let _ = (hwnd, wmsg);
        let r = self.require_init().and(Err(SnmpApiError::HwndInvalid));
        self.track(r, &[])
    }

    /// `SnmpClose`: cancels the session's outstanding requests, drops its registrations,
    /// stops its listening entities (their ports are released), forgets its pending
    /// notifications, frees every entity, context, PDU and VBL it owns and drops its
    /// receive queue. Returns the session's callback.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`.
    pub fn close(&mut self, s: HSession) -> R<C> {
        let r = self.require_init().and_then(|()| {
            if self.sessions.get(s.raw()).is_some() {
                self.comms_close_session(s);
            }
            let session = self
                .sessions
                .remove(s.raw())
                .ok_or(SnmpApiError::SessionInvalid)?;
            self.report_close(s, &session.held);
            tracing::debug!(session = ?s, handles = session.owned_handles(), "session closed");
            let owned: Vec<RawHandle> = [
                HandleKind::Entity,
                HandleKind::Context,
                HandleKind::Pdu,
                HandleKind::Vbl,
            ]
            .into_iter()
            .flat_map(|k| self.owned_by(&session, k))
            .collect();
            for h in owned {
                self.remove_object(h);
            }
            Ok(session.callback)
        });
        self.track(r, &[s.raw()])
    }

    /// The handles of `kind` that session `sess` owns.
    pub(super) fn owned_by<'a>(
        &'a self,
        sess: &'a Session<C>,
        kind: HandleKind,
    ) -> Box<dyn Iterator<Item = RawHandle> + 'a> {
        // The lists are in `Holdings` order: entity, context, PDU, VBL.
        let l = &sess.lists;
        match kind {
            HandleKind::Entity => Box::new(self.entities.list(&l[0])),
            HandleKind::Context => Box::new(self.contexts.list(&l[1])),
            HandleKind::Pdu => Box::new(self.pdus.list(&l[2])),
            HandleKind::Vbl => Box::new(self.vbls.list(&l[3])),
            HandleKind::Session => Box::new(std::iter::empty()),
        }
    }

    pub(super) fn remove_object(&mut self, h: RawHandle) -> Option<HSession> {
        match h.kind()? {
            HandleKind::Entity => self.entities.remove(h).map(|o| o.owner),
            HandleKind::Context => self.contexts.remove(h).map(|o| o.owner),
            HandleKind::Pdu => self.pdus.remove(h).map(|o| o.owner),
            HandleKind::Vbl => self.vbls.remove(h).map(|o| o.owner),
            HandleKind::Session => None,
        }
    }

    /// Frees an object and removes it from its owner's set.
    pub(super) fn free_object(&mut self, h: RawHandle, kind: HandleKind) -> R<()> {
        if !h.is(kind) {
            return Err(kind.invalid());
        }
        if kind == HandleKind::Entity {
            self.comms_entity_freed(h);
        }
        let owner = self.owner_of(h).ok_or(kind.invalid())?;
        let Some(s) = self.sessions.get_mut(owner.raw()) else {
            self.remove_object(h);
            return Ok(());
        };
        let l = &mut s.lists;
        let removed = match kind {
            HandleKind::Entity => self.entities.remove_linked(h, &mut l[0]).is_some(),
            HandleKind::Context => self.contexts.remove_linked(h, &mut l[1]).is_some(),
            HandleKind::Pdu => self.pdus.remove_linked(h, &mut l[2]).is_some(),
            HandleKind::Vbl => self.vbls.remove_linked(h, &mut l[3]).is_some(),
            HandleKind::Session => false,
        };
        if removed {
            s.held.remove(kind);
        }
        Ok(())
    }

    pub(super) fn check_session(&self, s: HSession) -> R<()> {
        self.require_init()?;
        self.sessions
            .get(s.raw())
            .map(|_| ())
            .ok_or(SnmpApiError::SessionInvalid)
    }

    /// Records `h` (just inserted in its table) as owned by `owner`, and counts it.
    pub(super) fn adopt(&mut self, owner: HSession, h: RawHandle, kind: HandleKind) {
        let Some(s) = self.sessions.get_mut(owner.raw()) else {
            return;
        };
        let l = &mut s.lists;
        match kind {
            HandleKind::Entity => self.entities.link(h, &mut l[0]),
            HandleKind::Context => self.contexts.link(h, &mut l[1]),
            HandleKind::Pdu => self.pdus.link(h, &mut l[2]),
            HandleKind::Vbl => self.vbls.link(h, &mut l[3]),
            HandleKind::Session => return,
        }
        s.held.add(kind);
    }

    /// A session's counts, to put back with [`Engine::restore_holdings`] when a call that
    /// made handles fails midway and frees them: a failed call leaves no trace in the
    /// counts, peaks included.
    pub(super) fn holdings(&self, s: HSession) -> Option<Holdings> {
        self.sessions.get(s.raw()).map(|x| x.held)
    }

    /// Puts back counts saved by [`Engine::holdings`] (after the handles made since were
    /// freed).
    pub(super) fn restore_holdings(&mut self, s: HSession, saved: Option<Holdings>) {
        if let (Some(held), Some(x)) = (saved, self.sessions.get_mut(s.raw())) {
            x.held = held;
        }
    }

    pub(super) fn add_entity(&mut self, owner: HSession, value: Entity) -> R<HEntity> {
        let h = insert_owned(&mut self.entities, owner, value, self.limits.max_handles);
        let h = h.map_err(|(e, _)| e)?;
        self.adopt(owner, h, HandleKind::Entity);
        Ok(HEntity::from_raw(h.0))
    }

    pub(super) fn add_context(&mut self, owner: HSession, value: Context) -> R<HContext> {
        self.try_add_context(owner, value).map_err(|(e, _)| e)
    }

    /// As [`Engine::add_context`], giving `value` back when the handle cannot be made.
    pub(super) fn try_add_context(
        &mut self,
        owner: HSession,
        value: Context,
    ) -> Result<HContext, (SnmpApiError, Context)> {
        let h = insert_owned(&mut self.contexts, owner, value, self.limits.max_handles)?;
        self.adopt(owner, h, HandleKind::Context);
        Ok(HContext::from_raw(h.0))
    }

    pub(super) fn add_pdu(&mut self, owner: HSession, value: PduData) -> R<HPdu> {
        self.try_add_pdu(owner, value).map_err(|(e, _)| e)
    }

    /// As [`Engine::add_pdu`], giving `value` back when the handle cannot be made.
    pub(super) fn try_add_pdu(
        &mut self,
        owner: HSession,
        value: PduData,
    ) -> Result<HPdu, (SnmpApiError, PduData)> {
        let h = insert_owned(&mut self.pdus, owner, value, self.limits.max_handles)?;
        self.adopt(owner, h, HandleKind::Pdu);
        Ok(HPdu::from_raw(h.0))
    }

    pub(super) fn add_vbl(&mut self, owner: HSession, value: Vec<VarBindEntry>) -> R<HVbl> {
        let h = insert_owned(&mut self.vbls, owner, value, self.limits.max_handles);
        let h = h.map_err(|(e, _)| e)?;
        self.adopt(owner, h, HandleKind::Vbl);
        Ok(HVbl::from_raw(h.0))
    }

    /// A new request id: never 0, never the id of an outstanding request, and unique
    /// until 2^31 - 1 ids have been issued.
    pub fn generate_request_id(&mut self) -> i32 {
        loop {
            let id = self.next_request_id;
            self.next_request_id = if id == i32::MAX { 1 } else { id + 1 };
            if !self.request_outstanding(id) {
                return id;
            }
        }
    }

    /// `WinSnmpGetQueueDrops` (extension): the messages dropped for `s` because its receive
    /// queue was full ([`Limits::max_queued_messages`]): responses (whose requests went on
    /// to a retry or their timeout), notifications and agent requests alike.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_SESSION_INVALID`.
    pub fn queue_drops(&mut self, s: HSession) -> R<u64> {
        let r = self
            .check_session(s)
            .and_then(|()| Ok(self.sessions.try_get(s.raw())?.queue.dropped()));
        self.track(r, &[s.raw()])
    }

    /// Number of VBLs alive (all sessions): handy in doc examples and leak checks.
    pub fn create_vbl_count(&self) -> usize {
        self.vbls.len()
    }
}

/// Puts `value`, owned by `owner`, in `table`; `SNMPAPI_ALLOC_ERROR` and `value` back when
/// the table is at `limit` (the caller then links the handle to its owner: `adopt`).
fn insert_owned<T>(
    table: &mut Table<Owned<T>>,
    owner: HSession,
    value: T,
    limit: usize,
) -> Result<RawHandle, (SnmpApiError, T)> {
    table
        .insert(Owned { owner, value }, limit)
        .map_err(|o| (SnmpApiError::AllocError, o.value))
}
