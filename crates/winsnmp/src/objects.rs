//! The idiomatic layer: [`Runtime`], [`Session`], [`Entity`], [`Context`], [`Pdu`] and
//! [`Vbl`] own their WinSNMP handle and free it when dropped.
//!
//! Dropping is best effort: if the session that owns an object was closed first, the
//! object is already gone and the drop does nothing (the generational handle guarantees it
//! cannot free anything else).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use winsnmp_engine::consts::*;
use winsnmp_engine::{
    CommStats, DecodeOutputs, HContext, HEntity, HPdu, HSession, HVbl, PduFields, PduInfo,
    PolicyOutputs, RecvOutputs, SessionStats, SmiValue, SnmpApiError, StartupInfo, VarBindEntry,
    VbOutputs, Version,
};

use winsnmp_engine::usm::EntitySecurity;

use crate::api::{self, Notification};

type R<T> = Result<T, SnmpApiError>;

/// One use of the process-wide runtime: `SnmpStartupEx` when made, `SnmpCleanupEx` when
/// dropped, so independent parts of a program can each hold one.
///
/// ```
/// use winsnmp::{Runtime, TranslateMode};
/// let rt = Runtime::new().unwrap();
/// assert_eq!(rt.info().major_version, 2);
/// rt.set_translate_mode(TranslateMode::UntranslatedV2).unwrap();
/// assert_eq!(rt.translate_mode().unwrap(), TranslateMode::UntranslatedV2);
/// ```
#[derive(Debug)]
pub struct Runtime {
    info: StartupInfo,
}

/// The three translate modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum TranslateMode {
    /// `SNMPAPI_TRANSLATED`: friendly names from the entity database.
    Translated = SNMPAPI_TRANSLATED,
    /// `SNMPAPI_UNTRANSLATED_V1`: literal addresses and communities, SNMPv1.
    UntranslatedV1 = SNMPAPI_UNTRANSLATED_V1,
    /// `SNMPAPI_UNTRANSLATED_V2`: literal addresses and communities, SNMPv2c.
    UntranslatedV2 = SNMPAPI_UNTRANSLATED_V2,
}

impl Runtime {
    /// Starts (or joins) the runtime.
    ///
    /// # Errors
    /// `SNMPAPI_OTHER_ERROR` if the startup count overflows.
    pub fn new() -> R<Self> {
        Ok(Self {
            info: api::snmp_startup_ex()?,
        })
    }

    /// What startup reported.
    pub fn info(&self) -> StartupInfo {
        self.info
    }

    /// The current translate mode.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED` if another party cleaned the runtime up.
    pub fn translate_mode(&self) -> R<TranslateMode> {
        Ok(match api::snmp_get_translate_mode(true)? {
            SNMPAPI_TRANSLATED => TranslateMode::Translated,
            SNMPAPI_UNTRANSLATED_V1 => TranslateMode::UntranslatedV1,
            _ => TranslateMode::UntranslatedV2,
        })
    }

    /// Sets the translate mode (and rereads the entity database).
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`.
    pub fn set_translate_mode(&self, mode: TranslateMode) -> R<()> {
        api::snmp_set_translate_mode(mode as u32)
    }

    /// Whether the implementation retransmits (`SNMPAPI_ON`).
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`.
    pub fn retransmit(&self) -> R<bool> {
        Ok(api::snmp_get_retransmit_mode(true)? == SNMPAPI_ON)
    }

    /// Turns retransmission by the implementation on or off.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`.
    pub fn set_retransmit(&self, on: bool) -> R<()> {
        api::snmp_set_retransmit_mode(if on { SNMPAPI_ON } else { SNMPAPI_OFF })
    }

    /// The process-wide communications counters since the runtime started: datagrams and
    /// octets in and out, retransmissions, timeouts, drops by reason
    /// ([`api::comm_stats`]).
    pub fn comm_stats(&self) -> CommStats {
        api::comm_stats()
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        let _ = api::snmp_cleanup_ex();
    }
}

/// A WinSNMP session: owns the entities, contexts, PDUs and VBLs made through it, and is
/// closed (freeing them all) when dropped.
///
/// ```
/// use winsnmp::{Runtime, Session, SmiValue};
/// let _rt = Runtime::new().unwrap();
/// let s = Session::new(|_| 1).unwrap();
/// let agent = s.entity("192.0.2.1:1161").unwrap();
/// assert_eq!(agent.to_str().unwrap(), "192.0.2.1:1161");
/// let vbl = s.vbl().unwrap();
/// vbl.push(&[1, 3, 6, 1, 2, 1, 1, 5, 0], &SmiValue::Octets(b"router".to_vec())).unwrap();
/// let pdu = s.pdu(winsnmp::engine::consts::SNMP_PDU_SET, Some(&vbl)).unwrap();
/// let bytes = s.encode(None, &agent, &s.context(b"private").unwrap(), &pdu).unwrap();
/// let (ctx, back, used) = s.decode(&bytes).unwrap();
/// assert_eq!(used, bytes.len());
/// assert_eq!(ctx.bytes().unwrap(), b"private");
/// assert_eq!(back.varbinds().unwrap().entries().unwrap(), vbl.entries().unwrap());
/// ```
#[derive(Debug)]
pub struct Session {
    handle: HSession,
    waiters: Arc<Waiters>,
}

/// Requests a thread is waiting for in [`Session::request`]: request id → the `wParam` of
/// the notification that ended the wait, once it came.
#[derive(Debug, Default)]
struct Waiters {
    slots: Mutex<HashMap<i32, Option<u32>>>,
    ready: Condvar,
}

impl Waiters {
    /// Takes the notification if a request waits for it.
    fn offer(&self, n: &Notification) -> bool {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        match slots.get_mut(&n.lparam) {
            Some(slot) => {
                *slot = Some(n.wparam);
                self.ready.notify_all();
                true
            }
            None => false,
        }
    }
}

/// A message taken off a session's queue by [`Session::recv`]: four new objects owned by
/// the session (freed when dropped).
#[derive(Debug)]
pub struct Received {
    /// Who sent it.
    pub src: Entity,
    /// Who received it: the local endpoint, or the listening entity.
    pub dst: Entity,
    /// Its community.
    pub context: Context,
    /// The PDU (SNMPv1 traps already in SNMPv2 form).
    pub pdu: Pdu,
}

/// The answer to [`Session::request`], as plain data. Its `Debug` output shows the
/// community's length, never its octets.
#[derive(Clone, PartialEq, Eq)]
pub struct Response {
    /// The agent that answered.
    pub from: SocketAddr,
    /// SNMP version of the answer.
    pub version: Version,
    /// Community of the answer.
    pub community: Vec<u8>,
    /// The request id (that of the request).
    pub request_id: i32,
    /// error-status (`SNMP_ERROR_*`).
    pub error_status: i32,
    /// error-index (1-based; 0 when no error).
    pub error_index: i32,
    /// The variable bindings.
    pub varbinds: Vec<VarBindEntry>,
}

impl std::fmt::Debug for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("from", &self.from)
            .field("version", &self.version)
            .field(
                "community",
                &format_args!("<{} octets>", self.community.len()),
            )
            .field("request_id", &self.request_id)
            .field("error_status", &self.error_status)
            .field("error_index", &self.error_index)
            .field("varbinds", &self.varbinds)
            .finish()
    }
}

impl Response {
    /// `Ok(self)` when error-status is noError; otherwise the status and index.
    ///
    /// # Errors
    /// `(error_status, error_index)` of the agent's answer.
    pub fn check(self) -> Result<Self, (i32, i32)> {
        if self.error_status == SNMP_ERROR_NOERROR {
            Ok(self)
        } else {
            Err((self.error_status, self.error_index))
        }
    }
}

impl Session {
    /// Opens a session whose notifications go to `callback` (which returns
    /// `SNMPAPI_SUCCESS`, 1; anything else closes the session). Notifications that end a
    /// [`Session::request`] in progress are taken by it and not passed on.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ALLOC_ERROR` (session limit).
    pub fn new(callback: impl Fn(Notification) -> u32 + Send + Sync + 'static) -> R<Self> {
        let waiters = Arc::new(Waiters::default());
        let w = Arc::clone(&waiters);
        let handle = api::snmp_create_session(
            0,
            0,
            Some(Arc::new(move |n: Notification| {
                if w.offer(&n) {
                    SNMPAPI_SUCCESS
                } else {
                    callback(n)
                }
            })),
        )?;
        Ok(Self { handle, waiters })
    }

    /// A session whose own notifications are ignored: for [`Session::request`] use.
    ///
    /// # Errors
    /// `SNMPAPI_NOT_INITIALIZED`, `SNMPAPI_ALLOC_ERROR` (session limit).
    pub fn blocking() -> R<Self> {
        Self::new(|_| SNMPAPI_SUCCESS)
    }

    /// `SnmpSendMsg` from `src` (`None`: the runtime's socket) to `dst`; returns at once.
    ///
    /// # Errors
    /// As [`api::snmp_send_msg`].
    pub fn send(&self, src: Option<&Entity>, dst: &Entity, ctx: &Context, pdu: &Pdu) -> R<()> {
        api::snmp_send_msg(
            self.handle,
            src.map(|e| e.handle),
            dst.handle,
            ctx.handle,
            pdu.handle,
        )
    }

    /// `SnmpRecvMsg`: the oldest queued message, or `None` when the queue is empty.
    ///
    /// # Errors
    /// `SNMPAPI_SESSION_INVALID`, `SNMPAPI_ALLOC_ERROR`.
    pub fn recv(&self) -> R<Option<Received>> {
        match api::snmp_recv_msg(self.handle, RecvOutputs::ALL) {
            Ok(r) => match (r.src, r.dst, r.context, r.pdu) {
                (Some(src), Some(dst), Some(c), Some(p)) => Ok(Some(Received {
                    src: Entity { handle: src },
                    dst: Entity { handle: dst },
                    context: Context { handle: c },
                    pdu: Pdu { handle: p },
                })),
                _ => Err(SnmpApiError::OtherError),
            },
            Err(SnmpApiError::Noop) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `SnmpRegister`: `on` adds, `!on` removes a filter; `None` arguments are wildcards.
    ///
    /// # Errors
    /// As [`api::snmp_register`] (`SNMPAPI_TL_IN_USE` when the trap port is taken).
    pub fn register(
        &self,
        dst: Option<&Entity>,
        ctx: Option<&Context>,
        notification: Option<&[u32]>,
        on: bool,
    ) -> R<()> {
        api::snmp_register(
            self.handle,
            None,
            dst.map(|e| e.handle),
            ctx.map(|c| c.handle),
            notification,
            if on { SNMPAPI_ON } else { SNMPAPI_OFF },
        )
    }

    /// `SnmpCancelMsg`.
    ///
    /// # Errors
    /// `SNMPAPI_PDU_INVALID` (no such outstanding request).
    pub fn cancel(&self, request_id: i32) -> R<()> {
        api::snmp_cancel_msg(self.handle, request_id)
    }

    /// Sends `pdu` to `dst` and waits for its answer: the one-call way to do a Get,
    /// GetNext, GetBulk, Set or Inform. Retransmission follows `dst`'s timeout and retry
    /// (when the retransmit mode is OFF the wait still ends after `timeout × (retry + 1)`,
    /// and the request is cancelled). Other messages stay queued for [`Session::recv`].
    ///
    /// ```no_run
    /// use winsnmp::{Runtime, Session};
    /// let _rt = Runtime::new()?;
    /// let s = Session::blocking()?;
    /// let agent = s.entity("127.0.0.1:161")?;
    /// let public = s.context(b"public")?;
    /// let r = s.get(&agent, &public, &[&[1, 3, 6, 1, 2, 1, 1, 1, 0]])?;
    /// println!("{:?}", r.varbinds[0].value);
    /// # Ok::<(), winsnmp::SnmpApiError>(())
    /// ```
    ///
    /// # Errors
    /// Those of [`Session::send`]; `SNMPAPI_TL_TIMEOUT` when no answer came;
    /// `SNMPAPI_OPERATION_INVALID` when called from a callback of this session (it would
    /// wait for itself; a callback of another session may call it).
    pub fn request(&self, dst: &Entity, ctx: &Context, pdu: &Pdu) -> R<Response> {
        let timeout = dst.timeout()?.max(1);
        let retry = dst.retry()?;
        // An SNMPv3 request may take three exchanges: engine discovery, the request, and
        // one re-synchronisation; the engine's own events end it earlier.
        let exchanges = if dst.security()?.is_some() { 3 } else { 1 };
        let wait = winsnmp_engine::hundredths(timeout) * (retry.saturating_add(1)) * exchanges
            + Duration::from_secs(1);
        self.request_within(dst, ctx, pdu, wait)
    }

    /// As [`Session::request`], but waits at most `wait` for the answer and then cancels
    /// the request. With the retransmit mode OFF this sends exactly once: the way to get
    /// net-snmp's `-r 0` (WinSNMP's retry count 0 means "the implementation's default").
    ///
    /// # Errors
    /// As [`Session::request`].
    pub fn request_within(
        &self,
        dst: &Entity,
        ctx: &Context,
        pdu: &Pdu,
        wait: Duration,
    ) -> R<Response> {
        // Its answer comes through this session's callback, which cannot run while one of
        // its callbacks is waiting here.
        if crate::delivery::current_session() == Some(self.handle) {
            return Err(SnmpApiError::OperationInvalid);
        }
        let id = pdu.info()?.request_id;
        let _span =
            tracing::debug_span!("request", session = ?self.handle, request_id = id).entered();
        let slots = &self.waiters.slots;
        slots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id, None);
        let result = self.send(None, dst, ctx, pdu).and_then(|()| {
            // From another session's callback the datagram would wait for this callback
            // to return (see `delivery::defer_send`): this one waits, so it goes now.
            if crate::delivery::current_session().is_some() {
                api::flush_now();
            }
            self.wait_for(id, Instant::now() + wait)
        });
        slots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&id);
        result
    }

    fn wait_for(&self, id: i32, deadline: Instant) -> R<Response> {
        let mut slots = self
            .waiters
            .slots
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        loop {
            match slots.get(&id).copied().flatten() {
                Some(0) => {
                    drop(slots);
                    let m = api::with_engine(|e| e.take_response(self.handle, id));
                    if let Some(m) = m {
                        return Ok(Response {
                            from: m.src,
                            version: m.version,
                            community: m.community,
                            request_id: m.pdu.request_id,
                            error_status: m.pdu.error_status,
                            error_index: m.pdu.error_index,
                            varbinds: m.pdu.varbinds,
                        });
                    }
                    // Not our response (e.g. a trap with the same id): keep waiting.
                    slots = self
                        .waiters
                        .slots
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner);
                    slots.insert(id, None);
                }
                Some(code) => {
                    return Err(SnmpApiError::from_code(code).unwrap_or(SnmpApiError::TlOther));
                }
                None => {}
            }
            let now = Instant::now();
            if now >= deadline {
                drop(slots);
                let _ = self.cancel(id);
                return Err(SnmpApiError::TlTimeout);
            }
            slots = self
                .waiters
                .ready
                .wait_timeout(slots, deadline - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    fn request_names(
        &self,
        pdu_type: i32,
        dst: &Entity,
        ctx: &Context,
        bindings: &[VarBindEntry],
        bulk: (i32, i32),
    ) -> R<Response> {
        let vbl = self.vbl()?;
        for b in bindings {
            vbl.push(&b.name, &b.value)?;
        }
        let pdu = if pdu_type == SNMP_PDU_GETBULK {
            self.get_bulk(bulk.0, bulk.1, Some(&vbl))?
        } else {
            self.pdu(pdu_type, Some(&vbl))?
        };
        self.request(dst, ctx, &pdu)
    }

    /// A GET of `names`, waiting for the answer ([`Session::request`]).
    ///
    /// # Errors
    /// As [`Session::request`]; `SNMPAPI_OID_INVALID` for a bad name.
    pub fn get(&self, dst: &Entity, ctx: &Context, names: &[&[u32]]) -> R<Response> {
        let b = null_bindings(names);
        self.request_names(SNMP_PDU_GET, dst, ctx, &b, (0, 0))
    }

    /// A GETNEXT of `names`, waiting for the answer.
    ///
    /// # Errors
    /// As [`Session::request`].
    pub fn get_next(&self, dst: &Entity, ctx: &Context, names: &[&[u32]]) -> R<Response> {
        let b = null_bindings(names);
        self.request_names(SNMP_PDU_GETNEXT, dst, ctx, &b, (0, 0))
    }

    /// A GETBULK of `names` (a GETNEXT towards SNMPv1), waiting for the answer.
    ///
    /// # Errors
    /// As [`Session::request`].
    pub fn bulk(
        &self,
        dst: &Entity,
        ctx: &Context,
        non_repeaters: i32,
        max_repetitions: i32,
        names: &[&[u32]],
    ) -> R<Response> {
        let b = null_bindings(names);
        self.request_names(
            SNMP_PDU_GETBULK,
            dst,
            ctx,
            &b,
            (non_repeaters, max_repetitions),
        )
    }

    /// A SET of `bindings`, waiting for the answer.
    ///
    /// # Errors
    /// As [`Session::request`]; `SNMPAPI_SYNTAX_INVALID` for a bad value.
    pub fn set(&self, dst: &Entity, ctx: &Context, bindings: &[VarBindEntry]) -> R<Response> {
        self.request_names(SNMP_PDU_SET, dst, ctx, bindings, (0, 0))
    }

    /// Messages dropped because the session's receive queue was full
    /// (`Limits::max_queued_messages`).
    ///
    /// # Errors
    /// `SNMPAPI_SESSION_INVALID`.
    pub fn queue_drops(&self) -> R<u64> {
        api::winsnmp_queue_drops(self.handle)
    }

    /// The session handle.
    pub fn handle(&self) -> HSession {
        self.handle
    }

    /// What the session holds now and at most: entities, contexts, PDUs and VBLs it owns
    /// (the handles it created, whichever session uses them), outstanding requests,
    /// messages waiting in its queue and trap registrations (`WinSnmpGetSessionStats`).
    ///
    /// ```
    /// use winsnmp::{Runtime, Session};
    /// let _rt = Runtime::new()?;
    /// let s = Session::new(|_| 1)?;
    /// let v = s.vbl()?;
    /// assert_eq!((s.stats()?.vbls, s.stats()?.peak_vbls), (1, 1));
    /// drop(v);
    /// assert_eq!((s.stats()?.vbls, s.stats()?.peak_vbls), (0, 1));
    /// # Ok::<(), winsnmp::SnmpApiError>(())
    /// ```
    ///
    /// # Errors
    /// `SNMPAPI_SESSION_INVALID` (closed by its callback's return value, or by a cleanup).
    pub fn stats(&self) -> R<SessionStats> {
        api::session_stats(self.handle)
    }

    /// The session's last error, if any.
    pub fn last_error(&self) -> Option<SnmpApiError> {
        SnmpApiError::from_code(api::snmp_get_last_error(Some(self.handle)))
    }

    /// An entity from a literal address or (translated mode) a friendly name.
    ///
    /// # Errors
    /// `SNMPAPI_ENTITY_UNKNOWN`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_ALLOC_ERROR`.
    pub fn entity(&self, text: &str) -> R<Entity> {
        api::snmp_str_to_entity(self.handle, text).map(|handle| Entity { handle })
    }

    /// A context from a community or (translated mode) a friendly name.
    ///
    /// # Errors
    /// `SNMPAPI_CONTEXT_INVALID` (empty), `SNMPAPI_CONTEXT_UNKNOWN`, `SNMPAPI_ALLOC_ERROR`.
    pub fn context(&self, text: &[u8]) -> R<Context> {
        api::snmp_str_to_context(self.handle, text).map(|handle| Context { handle })
    }

    /// A context for the SNMPv3 context name `name`, taken literally (empty: the default
    /// context, which [`Session::context`] cannot express).
    ///
    /// # Errors
    /// `SNMPAPI_SESSION_INVALID`, `SNMPAPI_SIZE_INVALID`, `SNMPAPI_ALLOC_ERROR`.
    pub fn context_name(&self, name: &[u8]) -> R<Context> {
        Ok(Context {
            handle: api::winsnmp_str_to_context_name(self.handle, name)?,
        })
    }

    /// An empty varbind list.
    ///
    /// # Errors
    /// `SNMPAPI_SESSION_INVALID`, `SNMPAPI_ALLOC_ERROR`.
    pub fn vbl(&self) -> R<Vbl> {
        api::snmp_create_vbl(self.handle, None, None).map(|handle| Vbl { handle })
    }

    /// A PDU of `pdu_type` (`SNMP_PDU_*`) with a generated request id and a copy of `vbl`.
    ///
    /// # Errors
    /// `SNMPAPI_PDU_INVALID`, `SNMPAPI_VBL_INVALID`, `SNMPAPI_ALLOC_ERROR`.
    pub fn pdu(&self, pdu_type: i32, vbl: Option<&Vbl>) -> R<Pdu> {
        api::snmp_create_pdu(self.handle, pdu_type, 0, 0, 0, vbl.map(|v| v.handle))
            .map(|handle| Pdu { handle })
    }

    /// A GetBulk PDU.
    ///
    /// # Errors
    /// `SNMPAPI_VBL_INVALID`, `SNMPAPI_ALLOC_ERROR`.
    pub fn get_bulk(&self, non_repeaters: i32, max_repetitions: i32, vbl: Option<&Vbl>) -> R<Pdu> {
        api::snmp_create_pdu(
            self.handle,
            SNMP_PDU_GETBULK,
            0,
            non_repeaters,
            max_repetitions,
            vbl.map(|v| v.handle),
        )
        .map(|handle| Pdu { handle })
    }

    /// The message that would be sent from `src` to `dst` (`SnmpEncodeMsg`).
    ///
    /// # Errors
    /// As [`api::snmp_encode_msg`].
    pub fn encode(
        &self,
        src: Option<&Entity>,
        dst: &Entity,
        ctx: &Context,
        pdu: &Pdu,
    ) -> R<Vec<u8>> {
        api::snmp_encode_msg(
            self.handle,
            src.map(|e| e.handle),
            dst.handle,
            ctx.handle,
            pdu.handle,
            true,
        )
    }

    /// Decodes a message into a context, a PDU and the number of bytes it took.
    ///
    /// # Errors
    /// `SNMPAPI_MESSAGE_INVALID`, `SNMPAPI_OUTPUT_TRUNCATED`, `SNMPAPI_ALLOC_ERROR`.
    pub fn decode(&self, bytes: &[u8]) -> R<(Context, Pdu, usize)> {
        let d = api::snmp_decode_msg(self.handle, bytes, DecodeOutputs::ALL)?;
        match (d.context, d.pdu) {
            (Some(c), Some(p)) => Ok((Context { handle: c }, Pdu { handle: p }, d.used as usize)),
            _ => Err(SnmpApiError::OtherError),
        }
    }
}

fn null_bindings(names: &[&[u32]]) -> Vec<VarBindEntry> {
    names
        .iter()
        .map(|n| VarBindEntry {
            name: n.to_vec(),
            value: SmiValue::Null,
        })
        .collect()
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = api::snmp_close(self.handle);
    }
}

/// An entity (address, version, timeout and retry), freed when dropped.
#[derive(Debug)]
pub struct Entity {
    handle: HEntity,
}

impl Entity {
    /// The handle.
    pub fn handle(&self) -> HEntity {
        self.handle
    }

    /// Makes this an SNMPv3 entity that talks as `security`'s user at its level (`None`:
    /// a community entity again). See [`api::winsnmp_set_entity_usm`].
    ///
    /// ```no_run
    /// use winsnmp::engine::usm::EntitySecurity;
    /// use winsnmp::wire::SecurityLevel;
    /// use winsnmp::wire::usm::{AuthProtocol, PrivProtocol};
    /// use winsnmp::{Runtime, Session, api};
    /// let _rt = Runtime::new()?;
    /// let s = Session::blocking()?;
    /// let agent = s.entity("127.0.0.1:161")?;
    /// let user = api::usm_user(
    ///     b"alice",
    ///     Some((AuthProtocol::Sha256, b"authpass123")),
    ///     Some((PrivProtocol::Aes128, b"privpass123")),
    /// )?;
    /// agent.set_usm(Some(EntitySecurity::new(user, SecurityLevel::AuthPriv)))?;
    /// let r = s.get(&agent, &s.context(b"")?, &[&[1, 3, 6, 1, 2, 1, 1, 1, 0]])?;
    /// println!("{:?} from engine {:02x?}", r.varbinds[0].value, agent.engine_id()?);
    /// # Ok::<(), winsnmp::SnmpApiError>(())
    /// ```
    ///
    /// # Errors
    /// `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_SIZE_INVALID`, `SNMPAPI_MODE_INVALID`.
    pub fn set_usm(&self, security: Option<EntitySecurity>) -> R<()> {
        api::winsnmp_set_entity_usm(self.handle, security)
    }

    /// Its SNMPv3 settings, if it is an SNMPv3 entity.
    ///
    /// # Errors
    /// `SNMPAPI_ENTITY_INVALID`.
    pub fn security(&self) -> R<Option<Arc<EntitySecurity>>> {
        api::winsnmp_get_entity_usm(self.handle)
    }

    /// The authoritative engine ID of this SNMPv3 entity (given, or discovered by a
    /// request); for a listening entity, the local engine's.
    ///
    /// # Errors
    /// `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_ENGINE_INVALID` (not SNMPv3, not discovered yet).
    pub fn engine_id(&self) -> R<Vec<u8>> {
        api::winsnmp_get_engine_id(Some(self.handle))
    }

    /// Its name (translated mode) or literal address.
    ///
    /// # Errors
    /// `SNMPAPI_ENTITY_INVALID`.
    pub fn to_str(&self) -> R<String> {
        api::snmp_entity_to_str(self.handle, u32::MAX)
    }

    /// Policy timeout in hundredths of a second.
    ///
    /// # Errors
    /// `SNMPAPI_ENTITY_INVALID`.
    pub fn timeout(&self) -> R<u32> {
        api::snmp_get_timeout(
            self.handle,
            PolicyOutputs {
                policy: true,
                actual: false,
            },
        )
        .map(|t| t.0)
    }

    /// Sets the timeout (0: the default).
    ///
    /// # Errors
    /// `SNMPAPI_ENTITY_INVALID`.
    pub fn set_timeout(&self, hundredths: u32) -> R<()> {
        api::snmp_set_timeout(self.handle, hundredths)
    }

    /// Policy retry count.
    ///
    /// # Errors
    /// `SNMPAPI_ENTITY_INVALID`.
    pub fn retry(&self) -> R<u32> {
        api::snmp_get_retry(
            self.handle,
            PolicyOutputs {
                policy: true,
                actual: false,
            },
        )
        .map(|t| t.0)
    }

    /// Sets the retry count (0: the default).
    ///
    /// # Errors
    /// `SNMPAPI_ENTITY_INVALID`.
    pub fn set_retry(&self, retry: u32) -> R<()> {
        api::snmp_set_retry(self.handle, retry)
    }

    /// Sets the UDP port.
    ///
    /// # Errors
    /// `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_OPERATION_INVALID` (0 or listening).
    pub fn set_port(&self, port: u16) -> R<()> {
        api::snmp_set_port(self.handle, u32::from(port))
    }

    /// `SnmpListen`: starts (`true`) or stops acting as an agent on the entity's address.
    ///
    /// # Errors
    /// `SNMPAPI_NOOP` (already so), `SNMPAPI_TL_OTHER` (port in use),
    /// `SNMPAPI_TL_RESOURCE_ERROR`.
    pub fn listen(&self, on: bool) -> R<()> {
        api::snmp_listen(self.handle, if on { SNMPAPI_ON } else { SNMPAPI_OFF })
    }

    /// `SnmpListenEx(…, SNMPLISTEN_ALL_ADDR)`: listens on every address of the entity's
    /// family at its port.
    ///
    /// # Errors
    /// As [`Entity::listen`].
    pub fn listen_all(&self, on: bool) -> R<()> {
        api::snmp_listen_ex(
            self.handle,
            if on { SNMPAPI_ON } else { SNMPAPI_OFF },
            SNMPLISTEN_ALL_ADDR,
        )
    }
}

impl Drop for Entity {
    fn drop(&mut self) {
        let _ = api::snmp_free_entity(self.handle);
    }
}

/// A context (community), freed when dropped.
#[derive(Debug)]
pub struct Context {
    handle: HContext,
}

impl Context {
    /// The handle.
    pub fn handle(&self) -> HContext {
        self.handle
    }

    /// Its name (translated mode) or community bytes.
    ///
    /// # Errors
    /// `SNMPAPI_CONTEXT_INVALID`.
    pub fn bytes(&self) -> R<Vec<u8>> {
        api::snmp_context_to_str(self.handle, true)
    }
}

impl Drop for Context {
    fn drop(&mut self) {
        let _ = api::snmp_free_context(self.handle);
    }
}

/// A PDU, freed when dropped.
#[derive(Debug)]
pub struct Pdu {
    handle: HPdu,
}

impl Pdu {
    /// The handle.
    pub fn handle(&self) -> HPdu {
        self.handle
    }

    /// Type, request id and the two error fields.
    ///
    /// # Errors
    /// `SNMPAPI_PDU_INVALID`.
    pub fn info(&self) -> R<PduInfo> {
        api::snmp_get_pdu_data(self.handle, PduFields::SCALARS)
    }

    /// A new copy of the PDU's varbinds.
    ///
    /// # Errors
    /// `SNMPAPI_PDU_INVALID`, `SNMPAPI_ALLOC_ERROR`.
    pub fn varbinds(&self) -> R<Vbl> {
        let info = api::snmp_get_pdu_data(
            self.handle,
            PduFields {
                varbind_list: true,
                ..PduFields::default()
            },
        )?;
        info.varbind_list
            .map(|handle| Vbl { handle })
            .ok_or(SnmpApiError::OtherError)
    }

    /// Replaces the request id (0 included).
    ///
    /// # Errors
    /// `SNMPAPI_PDU_INVALID`.
    pub fn set_request_id(&self, id: i32) -> R<()> {
        api::snmp_set_pdu_data(self.handle, None, Some(id), None, None, None)
    }

    /// Replaces the PDU's varbinds with a copy of `vbl`.
    ///
    /// # Errors
    /// `SNMPAPI_PDU_INVALID`, `SNMPAPI_VBL_INVALID`.
    pub fn set_varbinds(&self, vbl: &Vbl) -> R<()> {
        api::snmp_set_pdu_data(self.handle, None, None, None, None, Some(vbl.handle))
    }

    /// A copy owned by `session`.
    ///
    /// # Errors
    /// `SNMPAPI_PDU_INVALID`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_ALLOC_ERROR`.
    pub fn duplicate(&self, session: &Session) -> R<Self> {
        api::snmp_duplicate_pdu(session.handle, self.handle).map(|handle| Self { handle })
    }

    /// Changes the PDU type (e.g. a received request into its `SNMP_PDU_RESPONSE`).
    ///
    /// # Errors
    /// `SNMPAPI_PDU_INVALID`.
    pub fn set_type(&self, pdu_type: i32) -> R<()> {
        api::snmp_set_pdu_data(self.handle, Some(pdu_type), None, None, None, None)
    }
}

impl Drop for Pdu {
    fn drop(&mut self) {
        let _ = api::snmp_free_pdu(self.handle);
    }
}

/// A varbind list, freed when dropped. Indices are 1-based, as in WinSNMP.
#[derive(Debug)]
pub struct Vbl {
    handle: HVbl,
}

impl Vbl {
    /// The handle.
    pub fn handle(&self) -> HVbl {
        self.handle
    }

    /// Number of entries (0 for an empty list).
    ///
    /// # Errors
    /// `SNMPAPI_VBL_INVALID`.
    pub fn len(&self) -> R<usize> {
        match api::snmp_count_vbl(self.handle) {
            Ok(n) => Ok(n as usize),
            Err(SnmpApiError::Noop) => Ok(0),
            Err(e) => Err(e),
        }
    }

    /// Whether the list is empty.
    ///
    /// # Errors
    /// `SNMPAPI_VBL_INVALID`.
    pub fn is_empty(&self) -> R<bool> {
        self.len().map(|n| n == 0)
    }

    /// Appends an entry; returns its index.
    ///
    /// # Errors
    /// `SNMPAPI_OID_INVALID`, `SNMPAPI_SYNTAX_INVALID`, `SNMPAPI_VBL_INVALID`.
    pub fn push(&self, name: &[u32], value: &SmiValue) -> R<u32> {
        api::snmp_set_vb(self.handle, 0, Some(name), Some(value))
    }

    /// Replaces entry `index`.
    ///
    /// # Errors
    /// `SNMPAPI_INDEX_INVALID`, `SNMPAPI_OID_INVALID`, `SNMPAPI_SYNTAX_INVALID`.
    pub fn set(&self, index: u32, name: &[u32], value: &SmiValue) -> R<()> {
        api::snmp_set_vb(self.handle, index, Some(name), Some(value)).map(drop)
    }

    /// Entry `index`.
    ///
    /// # Errors
    /// `SNMPAPI_INDEX_INVALID`, `SNMPAPI_VBL_INVALID`.
    pub fn get(&self, index: u32) -> R<VarBindEntry> {
        api::snmp_get_vb(
            self.handle,
            index,
            VbOutputs {
                name: true,
                value: true,
            },
        )
    }

    /// Removes entry `index`.
    ///
    /// # Errors
    /// `SNMPAPI_INDEX_INVALID`, `SNMPAPI_VBL_INVALID`.
    pub fn remove(&self, index: u32) -> R<()> {
        api::snmp_delete_vb(self.handle, index)
    }

    /// Every entry, in order.
    ///
    /// # Errors
    /// `SNMPAPI_VBL_INVALID`.
    pub fn entries(&self) -> R<Vec<VarBindEntry>> {
        let n = self.len()?;
        (1..=n as u32).map(|i| self.get(i)).collect()
    }

    /// A copy owned by `session`.
    ///
    /// # Errors
    /// `SNMPAPI_VBL_INVALID`, `SNMPAPI_SESSION_INVALID`, `SNMPAPI_ALLOC_ERROR`.
    pub fn duplicate(&self, session: &Session) -> R<Self> {
        api::snmp_duplicate_vbl(session.handle, self.handle).map(|handle| Self { handle })
    }
}

impl Drop for Vbl {
    fn drop(&mut self) {
        let _ = api::snmp_free_vbl(self.handle);
    }
}
