//! The User-based Security Model (RFC 3414) as state and pure processing: users and their
//! keys, the local engine (ID, boots, time), what is known of remote engines (IDs by
//! address, boots and time), the localized-key cache, the usmStats counters, and the two
//! directions of message processing:
//!
//! - [`Usm::seal`]: a scoped PDU becomes an SNMPv3 message — encrypted (privacy), then
//!   signed in place (authentication) — for a given user, level and authoritative engine.
//! - [`Usm::open`]: a received SNMPv3 message is checked in RFC 3414 §3.2's order — engine
//!   ID, user, level, digest, timeliness, decryption — and becomes an [`Opened`] scoped PDU,
//!   or a [`Failure`] that is counted and, when this engine is authoritative and the sender
//!   asked for it, carries the Report to send back.
//!
//! Like the rest of this crate it reads no clock (every call takes `now`) and draws no
//! randomness (salts and message IDs come from counters seeded by the host).
//!
//! # Keys
//! Users hold *master* keys (Ku: the RFC 3414 A.2 password digest, 1 MB of hashing, made
//! once by whoever builds the [`UsmUser`], outside any lock). Localized keys (Kul, one cheap
//! hash per engine) are made on first use for each (key, engine ID) pair and cached, so a
//! second message to or from the same engine costs no key derivation at all
//! ([`Usm::key_stats`] counts derivations and cache hits).

use std::collections::HashMap;
use std::fmt;
use std::time::Instant;

use winsnmp_wire::usm::{AuthProtocol, Key, PrivProtocol, UsmError};
use winsnmp_wire::{
    HeaderData, MessageV3, MsgFlags, Oid, Pdu, PduType, Quirks, ScopedPdu, ScopedPduData,
    SecurityLevel, USM_SECURITY_MODEL, UsmParams, Value, VarBind, offset_in,
};

use crate::SnmpApiError;

mod report;

pub use report::{UsmStats, report_oid};

/// The largest value of msgAuthoritativeEngineBoots/Time (2^31-1).
pub const MAX_ENGINE_VALUE: u32 = i32::MAX as u32;

/// The timeliness window of RFC 3414 §3.2 step 7, in seconds.
pub const TIME_WINDOW: u32 = 150;

/// An SNMPv3 user: a security name and the master keys (Ku) of its protocols, as net-snmp's
/// `createUser NAME [AUTH PASS [PRIV PASS]]` defines one.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct UsmUser {
    /// The user (security) name, at most 32 octets.
    pub name: Vec<u8>,
    /// Authentication protocol and master key.
    pub auth: Option<(AuthProtocol, Key)>,
    /// Privacy protocol and master key (made with the authentication protocol's
    /// password-to-key). Only meaningful with `auth`.
    pub privacy: Option<(PrivProtocol, Key)>,
}

impl fmt::Debug for UsmUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UsmUser")
            .field("name", &String::from_utf8_lossy(&self.name))
            .field("auth", &self.auth.as_ref().map(|(p, _)| p.name()))
            .field("privacy", &self.privacy.as_ref().map(|(p, _)| p.name()))
            .finish()
    }
}

impl UsmUser {
    /// A user with neither authentication nor privacy.
    pub fn new(name: &[u8]) -> Self {
        Self {
            name: name.to_vec(),
            auth: None,
            privacy: None,
        }
    }

    /// A user from pass phrases: the RFC 3414 A.2 digest (1 MB of hashing per pass phrase)
    /// runs here. The privacy key is derived with the authentication protocol.
    ///
    /// # Errors
    /// [`UsmError::PasswordTooShort`] for a pass phrase under 8 octets; a privacy protocol
    /// without an authentication protocol is [`UsmError::KeyTooShort`] (it has no hash to
    /// derive its key with).
    pub fn from_passwords(
        name: &[u8],
        auth: Option<(AuthProtocol, &[u8])>,
        privacy: Option<(PrivProtocol, &[u8])>,
    ) -> Result<Self, UsmError> {
        let auth = match auth {
            Some((p, pass)) => Some((p, p.password_to_key(pass)?)),
            None => None,
        };
        let privacy = match (privacy, &auth) {
            (Some((pp, pass)), Some((ap, _))) => Some((pp, ap.password_to_key(pass)?)),
            (Some(_), None) => return Err(UsmError::KeyTooShort),
            (None, _) => None,
        };
        Ok(Self {
            name: name.to_vec(),
            auth,
            privacy,
        })
    }

    /// The highest level this user's keys allow.
    pub fn max_level(&self) -> SecurityLevel {
        match (&self.auth, &self.privacy) {
            (None, _) => SecurityLevel::NoAuthNoPriv,
            (Some(_), None) => SecurityLevel::AuthNoPriv,
            (Some(_), Some(_)) => SecurityLevel::AuthPriv,
        }
    }
}

/// The SNMPv3 settings of a target entity: who we are to it and at which level, plus
/// net-snmp's optional overrides (`-e`, `-E`, `-Z`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntitySecurity {
    /// The user and its keys.
    pub user: UsmUser,
    /// The level of the messages sent (at most `user.max_level()`).
    pub level: SecurityLevel,
    /// The authoritative (security) engine ID, when known in advance (`-e`): no discovery.
    pub engine_id: Option<Vec<u8>>,
    /// The context engine ID (`-E`); by default the authoritative engine's ID.
    pub context_engine_id: Option<Vec<u8>>,
    /// The authoritative engine's boots and time, when known in advance (`-Z`).
    pub boots_time: Option<(u32, u32)>,
}

impl EntitySecurity {
    /// Settings for `user` at `level`, everything else discovered.
    pub fn new(user: UsmUser, level: SecurityLevel) -> Self {
        Self {
            user,
            level,
            engine_id: None,
            context_engine_id: None,
            boots_time: None,
        }
    }
}

/// Why a received SNMPv3 message was not accepted: one counter of RFC 3412/3414 each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FailureKind {
    /// Not decodable (`snmpInASNParseErrs`).
    ParseError,
    /// Privacy without authentication, or a malformed header (`snmpInvalidMsgs`).
    InvalidMsg,
    /// A security model other than USM (`snmpUnknownSecurityModels`).
    UnknownSecurityModel,
    /// `usmStatsUnknownEngineIDs`.
    UnknownEngineId,
    /// `usmStatsUnknownUserNames`.
    UnknownUserName,
    /// `usmStatsUnsupportedSecLevels`.
    UnsupportedSecLevel,
    /// `usmStatsWrongDigests`.
    WrongDigest,
    /// `usmStatsNotInTimeWindows`.
    NotInTimeWindow,
    /// `usmStatsDecryptionErrors`.
    DecryptionError,
}

impl FailureKind {
    /// The WinSNMP 3.0 error code for this kind (`SNMPAPI_RPT_*`, Appendix B), which a
    /// request ends with when the peer reports it.
    pub const fn api_error(self) -> SnmpApiError {
        match self {
            Self::ParseError => SnmpApiError::RptInAsnParseErr,
            Self::InvalidMsg => SnmpApiError::RptInvalidMsg,
            Self::UnknownSecurityModel => SnmpApiError::RptUnknownSecModel,
            Self::UnknownEngineId => SnmpApiError::RptUnknownEngineId,
            Self::UnknownUserName => SnmpApiError::RptUnknownUserName,
            Self::UnsupportedSecLevel => SnmpApiError::RptUnsuppSecLevel,
            Self::WrongDigest => SnmpApiError::RptWrongDigest,
            Self::NotInTimeWindow => SnmpApiError::RptNotInTimeWindow,
            Self::DecryptionError => SnmpApiError::RptDecryptionError,
        }
    }

    /// net-snmp's wording of this failure, as its tools print it.
    pub const fn message(self) -> &'static str {
        match self {
            Self::ParseError => "ASN.1 parse error in message",
            Self::InvalidMsg => "Invalid message (e.g. msgFlags)",
            Self::UnknownSecurityModel => "Unknown security model in message",
            Self::UnknownEngineId => "Unknown Engine ID",
            Self::UnknownUserName => "Unknown user name",
            Self::UnsupportedSecLevel => "Unsupported security level",
            Self::WrongDigest => "Authentication failure (incorrect password, community or key)",
            Self::NotInTimeWindow => "Not in time window",
            Self::DecryptionError => "Decryption error",
        }
    }
}

/// A rejected message: what was wrong, and the Report to send back when this engine is
/// authoritative for the message and its reportable flag was set (RFC 3412 §7.2 step 6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What was wrong.
    pub kind: FailureKind,
    /// The encoded Report message, to be sent to the message's source.
    pub report: Option<Vec<u8>>,
}

impl Failure {
    fn silent(kind: FailureKind) -> Self {
        Self { kind, report: None }
    }
}

/// Who is expected to be authoritative for a received message.
#[derive(Debug, Clone, Copy)]
pub enum Expect<'u> {
    /// This engine: requests to an agent, informs to a notification receiver. The user must
    /// be one of the local users.
    Local,
    /// A response or report to a request of ours: sent by `engine_id` (empty while
    /// discovering) for `user`.
    Response {
        /// The user the request was sent as.
        user: &'u UsmUser,
        /// The engine the request was sent to.
        engine_id: &'u [u8],
    },
    /// A notification receiver: a trap (authoritative: its sender; the user is found among
    /// the users configured for that engine, or for any engine) or an inform or a discovery
    /// probe (authoritative: this engine, as for [`Expect::Local`]), told apart by the
    /// engine ID the message carries.
    Notification,
}

/// An accepted SNMPv3 message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened<'a> {
    /// The header (msgID, max size, flags).
    pub header: HeaderData,
    /// msgAuthoritativeEngineID.
    pub engine_id: Vec<u8>,
    /// msgAuthoritativeEngineBoots.
    pub boots: u32,
    /// msgAuthoritativeEngineTime.
    pub time: u32,
    /// msgUserName.
    pub user_name: Vec<u8>,
    /// The level it was sent at (checked).
    pub level: SecurityLevel,
    /// Whether this engine was authoritative for it.
    pub local: bool,
    /// The user it was checked against (with its keys: what a reply needs).
    pub user: UsmUser,
    /// The scoped PDU (borrowing the input, or the decryption buffer).
    pub scoped: ScopedPdu<'a>,
}

/// What [`Usm::seal`] needs to build a message.
#[derive(Debug, Clone, Copy)]
pub struct Outgoing<'a> {
    /// msgID.
    pub msg_id: i32,
    /// msgMaxSize: the largest message we accept.
    pub max_size: i32,
    /// reportableFlag (set for requests and informs).
    pub reportable: bool,
    /// The level (at most `user.max_level()`).
    pub level: SecurityLevel,
    /// The user.
    pub user: &'a UsmUser,
    /// msgAuthoritativeEngineID.
    pub engine_id: &'a [u8],
    /// msgAuthoritativeEngineBoots.
    pub boots: u32,
    /// msgAuthoritativeEngineTime.
    pub time: u32,
    /// contextEngineID.
    pub context_engine_id: &'a [u8],
    /// contextName.
    pub context_name: &'a [u8],
}

/// What is known of a remote authoritative engine's clock (RFC 3414 §2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RemoteClock {
    boots: u32,
    /// Its engine time at `at`.
    time: u32,
    at: Instant,
    /// latestReceivedEngineTime.
    latest: u32,
    /// Whether learned from an authenticated message (else only a discovery estimate,
    /// used for sending but not for judging timeliness).
    authentic: bool,
}

impl RemoteClock {
    fn time_now(&self, now: Instant) -> u32 {
        let elapsed = now.saturating_duration_since(self.at).as_secs();
        u32::try_from(u64::from(self.time) + elapsed)
            .unwrap_or(MAX_ENGINE_VALUE)
            .min(MAX_ENGINE_VALUE)
    }
}

/// Counters of the localized-key cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KeyStats {
    /// Keys localized (one hash each, plus the extension for long privacy keys).
    pub localized: u64,
    /// Lookups served from the cache.
    pub hits: u64,
}

/// The most localized keys kept; the cache is emptied when it would grow past this.
const KEY_CACHE_LIMIT: usize = 4096;

#[derive(Debug, Clone, Default)]
struct KeyCache {
    auth: HashMap<(AuthProtocol, Key, Vec<u8>), Key>,
    privacy: HashMap<(PrivProtocol, AuthProtocol, Key, Vec<u8>), Key>,
    stats: KeyStats,
}

impl KeyCache {
    fn auth(&mut self, p: AuthProtocol, ku: &Key, engine: &[u8]) -> Key {
        let k = (p, ku.clone(), engine.to_vec());
        if let Some(kul) = self.auth.get(&k) {
            self.stats.hits += 1;
            return kul.clone();
        }
        if self.auth.len() >= KEY_CACHE_LIMIT {
            self.auth.clear();
        }
        self.stats.localized += 1;
        let kul = p.localize(ku, engine);
        self.auth.insert(k, kul.clone());
        kul
    }

    fn privacy(&mut self, p: PrivProtocol, a: AuthProtocol, ku: &Key, engine: &[u8]) -> Key {
        let k = (p, a, ku.clone(), engine.to_vec());
        if let Some(kul) = self.privacy.get(&k) {
            self.stats.hits += 1;
            return kul.clone();
        }
        if self.privacy.len() >= KEY_CACHE_LIMIT {
            self.privacy.clear();
        }
        self.stats.localized += 1;
        let kul = p.localize(a, ku, engine);
        self.privacy.insert(k, kul.clone());
        kul
    }
}

/// The most remote engines remembered (clocks and address bindings each).
const REMOTE_LIMIT: usize = 65_536;

/// USM state of one SNMP engine: see the module documentation.
#[derive(Debug, Clone)]
pub struct Usm {
    engine_id: Vec<u8>,
    boots: u32,
    /// When this engine's time was 0 (set by the first call that passes `now`).
    epoch: Option<Instant>,
    /// Local users, by name: authoritative processing and notifications from any engine.
    users: HashMap<Vec<u8>, UsmUser>,
    /// Users bound to one remote engine (`createUser -e ENGINEID`): notifications.
    engine_users: HashMap<(Vec<u8>, Vec<u8>), UsmUser>,
    clocks: HashMap<Vec<u8>, RemoteClock>,
    keys: KeyCache,
    stats: UsmStats,
    salt: u64,
    msg_id: u32,
}

impl Usm {
    /// A USM for the local engine `engine_id` (5 to 32 octets) at `boots`; `seed` starts the
    /// salt and msgID counters (any value; a random one makes them unpredictable).
    pub fn new(engine_id: Vec<u8>, boots: u32, seed: u64) -> Self {
        Self {
            engine_id,
            boots: boots.min(MAX_ENGINE_VALUE),
            epoch: None,
            users: HashMap::new(),
            engine_users: HashMap::new(),
            clocks: HashMap::new(),
            keys: KeyCache::default(),
            stats: UsmStats::default(),
            salt: seed,
            msg_id: (seed >> 33) as u32,
        }
    }

    /// The local engine ID.
    pub fn engine_id(&self) -> &[u8] {
        &self.engine_id
    }

    /// The local engine's boots.
    pub fn boots(&self) -> u32 {
        self.boots
    }

    /// Restarts the salt and msgID counters from `seed`.
    pub fn reseed(&mut self, seed: u64) {
        self.salt = seed;
        self.msg_id = (seed >> 33) as u32;
    }

    /// Replaces the local engine ID and boots; the engine's time restarts at 0 and keys
    /// localized for the old ID are no longer used.
    pub fn set_engine(&mut self, engine_id: Vec<u8>, boots: u32) {
        self.engine_id = engine_id;
        self.boots = boots.min(MAX_ENGINE_VALUE);
        self.epoch = None;
    }

    /// The local engine's time (seconds since it started counting) at `now`.
    pub fn engine_time(&mut self, now: Instant) -> u32 {
        let epoch = *self.epoch.get_or_insert(now);
        u32::try_from(now.saturating_duration_since(epoch).as_secs())
            .unwrap_or(MAX_ENGINE_VALUE)
            .min(MAX_ENGINE_VALUE)
    }

    /// Adds (or replaces) a local user; with `engine_id`, a user known only for
    /// notifications from that remote engine.
    pub fn add_user(&mut self, user: UsmUser, engine_id: Option<&[u8]>) {
        match engine_id {
            Some(e) if e != self.engine_id.as_slice() => {
                self.engine_users
                    .insert((e.to_vec(), user.name.clone()), user);
            }
            _ => {
                self.users.insert(user.name.clone(), user);
            }
        }
    }

    /// Removes a user; `false` when there was none.
    pub fn remove_user(&mut self, name: &[u8], engine_id: Option<&[u8]>) -> bool {
        match engine_id {
            Some(e) if e != self.engine_id.as_slice() => self
                .engine_users
                .remove(&(e.to_vec(), name.to_vec()))
                .is_some(),
            _ => self.users.remove(name).is_some(),
        }
    }

    /// Forgets every user, every remote clock and every localized key (the final
    /// `SnmpCleanup`: the runtime's resources go). The tables are replaced, not cleared, so
    /// their memory goes back too. The engine ID, boots and counters stay.
    pub fn clear_users(&mut self) {
        self.users = HashMap::new();
        self.engine_users = HashMap::new();
        self.clocks = HashMap::new();
        self.keys = KeyCache {
            stats: self.keys.stats,
            ..KeyCache::default()
        };
    }

    /// The local user called `name`.
    pub fn user(&self, name: &[u8]) -> Option<&UsmUser> {
        self.users.get(name)
    }

    /// Number of users configured (local and engine-bound).
    pub fn user_count(&self) -> usize {
        self.users.len() + self.engine_users.len()
    }

    /// The counters.
    pub fn stats(&self) -> UsmStats {
        self.stats
    }

    /// Counts a failure detected outside [`Usm::open`] (e.g. an undecodable message).
    pub fn count(&mut self, kind: FailureKind) -> u32 {
        self.stats.bump(kind)
    }

    /// The key cache's counters.
    pub fn key_stats(&self) -> KeyStats {
        self.keys.stats
    }

    /// A fresh msgID (1..2^31-1).
    pub fn next_msg_id(&mut self) -> i32 {
        self.msg_id = self.msg_id.wrapping_add(1);
        let id = (self.msg_id & 0x7fff_ffff) as i32;
        if id == 0 { self.next_msg_id() } else { id }
    }

    fn next_salt(&mut self) -> u64 {
        self.salt = self.salt.wrapping_add(1);
        self.salt
    }

    /// What is known of `engine_id`'s boots and time at `now`: the values to put in a
    /// message to it.
    pub fn remote_time(&self, engine_id: &[u8], now: Instant) -> Option<(u32, u32)> {
        self.clocks
            .get(engine_id)
            .map(|c| (c.boots, c.time_now(now)))
    }

    /// Records boots and time a discovery Report gave for `engine_id` (unauthenticated:
    /// used to send, not to judge timeliness), unless an authenticated value is known.
    pub fn learn_unauthenticated(&mut self, engine_id: &[u8], boots: u32, time: u32, now: Instant) {
        if self.clocks.get(engine_id).is_some_and(|c| c.authentic) {
            return;
        }
        if self.clocks.len() >= REMOTE_LIMIT {
            self.clocks.clear();
        }
        self.clocks.insert(
            engine_id.to_vec(),
            RemoteClock {
                boots,
                time,
                at: now,
                latest: time,
                authentic: false,
            },
        );
    }

    /// Forgets what is known of `engine_id`'s clock.
    pub fn forget_clock(&mut self, engine_id: &[u8]) {
        self.clocks.remove(engine_id);
    }

    /// Builds the SNMPv3 message carrying `pdu` for `o`: the scoped PDU is encrypted when
    /// the level asks for privacy, then the whole message is signed when it asks for
    /// authentication.
    ///
    /// # Errors
    /// `SNMPAPI_OPERATION_INVALID` when the user lacks a key the level needs or the PDU
    /// cannot be carried (an SNMPv1 trap, NsapAddress), `SNMPAPI_TL_PDU_TOO_BIG` when the
    /// message would exceed 2^32 octets.
    pub fn seal(&mut self, o: &Outgoing<'_>, pdu: &Pdu<'_>) -> Result<Vec<u8>, SnmpApiError> {
        let level = o.level;
        if level > o.user.max_level() {
            return Err(SnmpApiError::OperationInvalid);
        }
        let scoped = ScopedPdu {
            context_engine_id: o.context_engine_id,
            context_name: o.context_name,
            pdu: pdu.clone(),
        };
        let mut cipher = Vec::new();
        let mut priv_params = [0u8; 8];
        let privacy = level.privacy();
        if privacy {
            let (Some((ap, _)), Some((pp, ku))) = (&o.user.auth, &o.user.privacy) else {
                return Err(SnmpApiError::OperationInvalid);
            };
            scoped.encode_into(&mut cipher).map_err(map_encode)?;
            let key = self.keys.privacy(*pp, *ap, ku, o.engine_id);
            let salt = self.next_salt();
            priv_params = pp.encrypt(&key, o.boots, o.time, salt, &mut cipher);
        }
        let auth = match (&o.user.auth, level.auth()) {
            (Some((p, ku)), true) => Some((*p, self.keys.auth(*p, ku, o.engine_id))),
            (None, true) => return Err(SnmpApiError::OperationInvalid),
            (_, false) => None,
        };
        let zeros = [0u8; 64];
        let params = UsmParams {
            engine_id: o.engine_id,
            engine_boots: o.boots.min(MAX_ENGINE_VALUE),
            engine_time: o.time.min(MAX_ENGINE_VALUE),
            user_name: &o.user.name,
            auth_params: auth
                .as_ref()
                .map_or(&[][..], |(p, _)| &zeros[..p.mac_len()]),
            priv_params: if privacy { &priv_params } else { &[] },
        };
        let mut sec = Vec::with_capacity(params.encoded_len().map_err(map_encode)?);
        let auth_at = params.encode_into(&mut sec).map_err(map_encode)?;
        let msg = MessageV3 {
            header: HeaderData {
                msg_id: o.msg_id,
                max_size: o.max_size.max(winsnmp_wire::MIN_MAX_SIZE),
                flags: MsgFlags::new(level, o.reportable),
                security_model: USM_SECURITY_MODEL,
            },
            security_params: &sec,
            data: if privacy {
                ScopedPduData::Encrypted(&cipher)
            } else {
                ScopedPduData::Plaintext(scoped)
            },
        };
        let mut out = Vec::with_capacity(msg.encoded_len().map_err(map_encode)?);
        let e = msg.encode_into(&mut out).map_err(map_encode)?;
        if let Some((p, kul)) = auth {
            let at = e.security_params_at + auth_at;
            let mut mac = [0u8; 64];
            p.sign(&kul, &out, &mut mac);
            out[at..at + p.mac_len()].copy_from_slice(&mac[..p.mac_len()]);
        }
        Ok(out)
    }

    /// Checks a received SNMPv3 message (RFC 3414 §3.2) and returns its scoped PDU.
    /// `scratch` receives the plaintext of an encrypted PDU, which the result borrows.
    /// Every rejection is counted; when this engine is authoritative for the message and
    /// its reportable flag is set, the [`Failure`] carries the Report to send back.
    ///
    /// # Errors
    /// A [`Failure`] naming the first check that failed.
    pub fn open<'a>(
        &mut self,
        now: Instant,
        bytes: &'a [u8],
        expect: Expect<'_>,
        scratch: &'a mut Vec<u8>,
    ) -> Result<Opened<'a>, Failure> {
        let msg = MessageV3::decode_with(bytes, Quirks::STRICT).map_err(|_| {
            self.stats.bump(FailureKind::ParseError);
            Failure::silent(FailureKind::ParseError)
        })?;
        if msg.header.security_model != USM_SECURITY_MODEL {
            self.stats.bump(FailureKind::UnknownSecurityModel);
            return Err(Failure::silent(FailureKind::UnknownSecurityModel));
        }
        let Some(level) = msg.header.flags.level() else {
            self.stats.bump(FailureKind::InvalidMsg);
            return Err(Failure::silent(FailureKind::InvalidMsg));
        };
        let Ok(p) = UsmParams::decode(msg.security_params) else {
            self.stats.bump(FailureKind::ParseError);
            return Err(Failure::silent(FailureKind::ParseError));
        };
        let local = match expect {
            Expect::Local => true,
            Expect::Response { .. } => false,
            Expect::Notification => p.engine_id.is_empty() || p.engine_id == self.engine_id,
        };
        let (request_id, context_name) = match &msg.data {
            ScopedPduData::Plaintext(s) => (s.pdu.request_id, s.context_name),
            ScopedPduData::Encrypted(_) => (0, &[][..]),
        };
        let ctx = Ctx {
            header: msg.header,
            params: p,
            request_id,
            context_name,
            local,
        };
        // Step 3: the engine ID. Step 4: the user.
        let user: UsmUser = if local {
            if p.engine_id != self.engine_id.as_slice() {
                return Err(self.fail(now, FailureKind::UnknownEngineId, &ctx, None));
            }
            match self.users.get(p.user_name) {
                Some(u) => u.clone(),
                None => return Err(self.fail(now, FailureKind::UnknownUserName, &ctx, None)),
            }
        } else {
            match expect {
                Expect::Response { user, engine_id } => {
                    if p.user_name != user.name.as_slice() {
                        return Err(self.fail(now, FailureKind::UnknownUserName, &ctx, None));
                    }
                    // An unauthenticated Report may name another engine (the real one, when
                    // the request went to a wrong `-e`); an authenticated message must come
                    // from the engine the request went to.
                    if level.auth() && !engine_id.is_empty() && p.engine_id != engine_id {
                        return Err(self.fail(now, FailureKind::UnknownEngineId, &ctx, None));
                    }
                    user.clone()
                }
                _ => {
                    let bound = self
                        .engine_users
                        .get(&(p.engine_id.to_vec(), p.user_name.to_vec()));
                    match bound.or_else(|| self.users.get(p.user_name)) {
                        Some(u) => u.clone(),
                        None => {
                            return Err(self.fail(now, FailureKind::UnknownUserName, &ctx, None));
                        }
                    }
                }
            }
        };
        // Step 5: the level.
        if level > user.max_level() {
            return Err(self.fail(now, FailureKind::UnsupportedSecLevel, &ctx, None));
        }
        // Step 6: the digest.
        let auth = if level.auth() {
            let Some((ap, ku)) = &user.auth else {
                return Err(self.fail(now, FailureKind::UnsupportedSecLevel, &ctx, None));
            };
            let kul = self.keys.auth(*ap, ku, p.engine_id);
            let ok = p.auth_params.len() == ap.mac_len()
                && offset_in(bytes, p.auth_params).is_some_and(|at| {
                    let mut zeroed = bytes.to_vec();
                    zeroed[at..at + ap.mac_len()].fill(0);
                    ap.verify(&kul, &zeroed, p.auth_params)
                });
            if !ok {
                return Err(self.fail(now, FailureKind::WrongDigest, &ctx, None));
            }
            Some((*ap, kul))
        } else {
            None
        };
        // Step 7: timeliness, for authenticated messages.
        if let Some((ap, kul)) = &auth {
            let in_time = if local {
                let t = self.engine_time(now);
                self.boots != MAX_ENGINE_VALUE
                    && p.engine_boots == self.boots
                    && p.engine_time.abs_diff(t) <= TIME_WINDOW
            } else {
                self.check_remote_time(now, p.engine_id, p.engine_boots, p.engine_time)
            };
            if !in_time {
                let signer = (*ap, kul.clone());
                return Err(self.fail(now, FailureKind::NotInTimeWindow, &ctx, Some(signer)));
            }
        }
        // Step 8: privacy (a privFlag over a plaintext PDU cannot be decrypted; ciphertext
        // without the privFlag cannot be parsed).
        let scoped = match msg.data {
            ScopedPduData::Plaintext(_) if level.privacy() => {
                return Err(self.fail(now, FailureKind::DecryptionError, &ctx, None));
            }
            ScopedPduData::Plaintext(s) => s,
            ScopedPduData::Encrypted(_) if !level.privacy() => {
                self.stats.bump(FailureKind::ParseError);
                return Err(Failure::silent(FailureKind::ParseError));
            }
            ScopedPduData::Encrypted(c) => {
                let (Some((ap, _)), Some((pp, ku))) = (&user.auth, &user.privacy) else {
                    return Err(self.fail(now, FailureKind::UnsupportedSecLevel, &ctx, None));
                };
                let key = self.keys.privacy(*pp, *ap, ku, p.engine_id);
                scratch.clear();
                scratch.extend_from_slice(c);
                if pp
                    .decrypt(&key, p.engine_boots, p.engine_time, p.priv_params, scratch)
                    .is_err()
                {
                    return Err(self.fail(now, FailureKind::DecryptionError, &ctx, None));
                }
                match ScopedPdu::decode_prefix(scratch, Quirks::STRICT) {
                    Ok(s) => s,
                    Err(_) => {
                        return Err(self.fail(now, FailureKind::DecryptionError, &ctx, None));
                    }
                }
            }
        };
        Ok(Opened {
            header: msg.header,
            engine_id: p.engine_id.to_vec(),
            boots: p.engine_boots,
            time: p.engine_time,
            user_name: p.user_name.to_vec(),
            level,
            local,
            user,
            scoped,
        })
    }

    /// RFC 3414 §3.2 step 7b for a non-authoritative receiver: updates the clock kept for
    /// `engine_id` from an authentic message and says whether the message is timely.
    fn check_remote_time(&mut self, now: Instant, engine_id: &[u8], boots: u32, time: u32) -> bool {
        let Some(c) = self.clocks.get_mut(engine_id).filter(|c| c.authentic) else {
            if self.clocks.len() >= REMOTE_LIMIT {
                self.clocks.clear();
            }
            self.clocks.insert(
                engine_id.to_vec(),
                RemoteClock {
                    boots,
                    time,
                    at: now,
                    latest: time,
                    authentic: true,
                },
            );
            return boots != MAX_ENGINE_VALUE;
        };
        if boots > c.boots || (boots == c.boots && time > c.latest) {
            *c = RemoteClock {
                boots,
                time,
                at: now,
                latest: time,
                authentic: true,
            };
        }
        let estimate = c.time_now(now);
        !(c.boots == MAX_ENGINE_VALUE
            || boots < c.boots
            || (boots == c.boots && u64::from(time) + u64::from(TIME_WINDOW) < u64::from(estimate)))
    }

    /// Counts a failure and, when this engine is authoritative and the message reportable,
    /// builds the Report (RFC 3412 §7.2 step 6; RFC 3414 §3.2): noAuthNoPriv, except
    /// notInTimeWindow, which is authenticated with the user's key (`signer`) so the sender
    /// can trust the boots and time it carries.
    fn fail(
        &mut self,
        now: Instant,
        kind: FailureKind,
        ctx: &Ctx<'_>,
        signer: Option<(AuthProtocol, Key)>,
    ) -> Failure {
        let count = self.stats.bump(kind);
        let authoritative_kind = !matches!(
            kind,
            FailureKind::ParseError | FailureKind::InvalidMsg | FailureKind::UnknownSecurityModel
        );
        if !ctx.header.flags.reportable() || !authoritative_kind || !ctx.local {
            return Failure::silent(kind);
        }
        let report = self.build_report(now, kind, count, ctx, signer);
        Failure { kind, report }
    }

    fn build_report(
        &mut self,
        now: Instant,
        kind: FailureKind,
        count: u32,
        ctx: &Ctx<'_>,
        signer: Option<(AuthProtocol, Key)>,
    ) -> Option<Vec<u8>> {
        let oid: Oid = report_oid(kind)?;
        let context_name = ctx.context_name;
        let pdu = Pdu::new(
            PduType::Report,
            ctx.request_id,
            vec![VarBind::new(oid.as_raw(), Value::Counter32(count))],
        );
        let time = self.engine_time(now);
        let (level, user) = match signer {
            Some((ap, _)) => {
                // Only the authentication key is used: the report is authNoPriv.
                let u = self
                    .users
                    .get(ctx.params.user_name)
                    .cloned()
                    .unwrap_or_else(|| UsmUser {
                        name: ctx.params.user_name.to_vec(),
                        auth: None,
                        privacy: None,
                    });
                if u.auth.as_ref().is_none_or(|(p, _)| *p != ap) {
                    (
                        SecurityLevel::NoAuthNoPriv,
                        UsmUser::new(ctx.params.user_name),
                    )
                } else {
                    (SecurityLevel::AuthNoPriv, u)
                }
            }
            None => (
                SecurityLevel::NoAuthNoPriv,
                UsmUser::new(ctx.params.user_name),
            ),
        };
        let engine_id = self.engine_id.clone();
        let o = Outgoing {
            msg_id: ctx.header.msg_id,
            max_size: i32::MAX,
            reportable: false,
            level,
            user: &user,
            engine_id: &engine_id,
            boots: self.boots,
            time,
            context_engine_id: &engine_id,
            context_name,
        };
        self.seal(&o, &pdu).ok()
    }
}

/// The parts of a received message a Report needs (request id 0 and an empty context name
/// when the scoped PDU was encrypted).
struct Ctx<'a> {
    header: HeaderData,
    params: UsmParams<'a>,
    request_id: i32,
    context_name: &'a [u8],
    /// Whether this engine is the authoritative receiver (only then are Reports sent).
    local: bool,
}

fn map_encode(e: winsnmp_wire::EncodeError) -> SnmpApiError {
    match e {
        winsnmp_wire::EncodeError::TooLarge => SnmpApiError::TlPduTooBig,
        _ => SnmpApiError::OperationInvalid,
    }
}

#[cfg(test)]
mod tests;
