//! The SNMPv3 extension (not WinSNMP): the header's section "winsnmp extension: SNMPv3
//! (User-based Security Model)" over the `winsnmp::api` functions of the same names.
//!
//! Conventions, as for the WinSNMP functions: every function fails with
//! `SNMPAPI_NOT_INITIALIZED` before startup; a NULL required input pointer, or an input
//! `smiOCTETS` with a NULL `ptr` and `len > 0`, is `SNMPAPI_ALLOC_ERROR`; a NULL output is
//! `SNMPAPI_NOOP` (after the inputs are checked); every failure is the last error. An input
//! `smiOCTETS` longer than 65,507 octets (the largest UDP payload) is `SNMPAPI_SIZE_INVALID`
//! before anything is read. Sizes, levels and protocol numbers are checked before the
//! 1 MB pass-phrase digest runs.

use winsnmp::api;
use winsnmp::api::with_engine;
use winsnmp::engine::usm::{EntitySecurity, UsmStats, UsmUser};
use winsnmp::wire::SecurityLevel;
use winsnmp::wire::usm::{AuthProtocol, PrivProtocol};
use winsnmp::{HEntity, HSession, SnmpApiError};

use crate::consts::*;
use crate::descriptor;
use crate::guard::{Fail, guard, local, raw, to_c};
use crate::ptr;
use crate::types::{
    HSNMP_CONTEXT, HSNMP_ENTITY, HSNMP_SESSION, SNMPAPI_STATUS, WinSnmpUsmParams, WinSnmpUsmStats,
    smiOCTETS, smiUINT32,
};

// ------------------------------------------------------------------ protocol numbers

/// The C authentication protocol numbers and what they name: the one mapping, read both
/// ways by [`auth_protocol_from_c`] and [`auth_protocol_to_c`].
const AUTH_PROTOCOLS: [(u32, Option<AuthProtocol>); 7] = [
    (SNMP_USM_NO_AUTH_PROTOCOL, None),
    (SNMP_USM_HMACMD5_AUTH_PROTOCOL, Some(AuthProtocol::Md5)),
    (SNMP_USM_HMACSHA_AUTH_PROTOCOL, Some(AuthProtocol::Sha1)),
    (
        WINSNMP_USM_HMACSHA224_AUTH_PROTOCOL,
        Some(AuthProtocol::Sha224),
    ),
    (
        WINSNMP_USM_HMACSHA256_AUTH_PROTOCOL,
        Some(AuthProtocol::Sha256),
    ),
    (
        WINSNMP_USM_HMACSHA384_AUTH_PROTOCOL,
        Some(AuthProtocol::Sha384),
    ),
    (
        WINSNMP_USM_HMACSHA512_AUTH_PROTOCOL,
        Some(AuthProtocol::Sha512),
    ),
];

/// The C privacy protocol numbers and what they name (see [`AUTH_PROTOCOLS`]).
const PRIV_PROTOCOLS: [(u32, Option<PrivProtocol>); 8] = [
    (SNMP_USM_NO_PRIV_PROTOCOL, None),
    (SNMP_USM_DES_PRIV_PROTOCOL, Some(PrivProtocol::Des)),
    (
        WINSNMP_USM_3DES_PRIV_PROTOCOL,
        Some(PrivProtocol::TripleDes),
    ),
    (WINSNMP_USM_AES128_PRIV_PROTOCOL, Some(PrivProtocol::Aes128)),
    (WINSNMP_USM_AES192_PRIV_PROTOCOL, Some(PrivProtocol::Aes192)),
    (WINSNMP_USM_AES256_PRIV_PROTOCOL, Some(PrivProtocol::Aes256)),
    (
        WINSNMP_USM_AES192C_PRIV_PROTOCOL,
        Some(PrivProtocol::Aes192Cisco),
    ),
    (
        WINSNMP_USM_AES256C_PRIV_PROTOCOL,
        Some(PrivProtocol::Aes256Cisco),
    ),
];

/// The C security levels.
const LEVELS: [(u32, SecurityLevel); 3] = [
    (SNMP_NOAUTH_NOPRIV, SecurityLevel::NoAuthNoPriv),
    (SNMP_AUTH_NOPRIV, SecurityLevel::AuthNoPriv),
    (SNMP_AUTH_PRIV, SecurityLevel::AuthPriv),
];

fn from_c<T: Copy>(table: &[(u32, T)], n: u32) -> Result<T, SnmpApiError> {
    table
        .iter()
        .find(|(c, _)| *c == n)
        .map(|(_, v)| *v)
        .ok_or(SnmpApiError::ModeInvalid)
}

fn to_c_number<T: Copy + PartialEq>(table: &[(u32, T)], v: T) -> u32 {
    table.iter().find(|(_, t)| *t == v).map_or(0, |(c, _)| *c)
}

/// The authentication protocol a C `SNMP_USM_*_AUTH_PROTOCOL` /
/// `WINSNMP_USM_*_AUTH_PROTOCOL` number names (`None`: no authentication).
///
/// # Errors
/// `SNMPAPI_MODE_INVALID` for any other number.
pub fn auth_protocol_from_c(n: smiUINT32) -> Result<Option<AuthProtocol>, SnmpApiError> {
    from_c(&AUTH_PROTOCOLS, n)
}

/// The C number of an authentication protocol (`None`: `SNMP_USM_NO_AUTH_PROTOCOL`).
pub fn auth_protocol_to_c(p: Option<AuthProtocol>) -> smiUINT32 {
    to_c_number(&AUTH_PROTOCOLS, p)
}

/// The privacy protocol a C `SNMP_USM_*_PRIV_PROTOCOL` / `WINSNMP_USM_*_PRIV_PROTOCOL`
/// number names (`None`: no privacy).
///
/// # Errors
/// `SNMPAPI_MODE_INVALID` for any other number.
pub fn priv_protocol_from_c(n: smiUINT32) -> Result<Option<PrivProtocol>, SnmpApiError> {
    from_c(&PRIV_PROTOCOLS, n)
}

/// The C number of a privacy protocol (`None`: `SNMP_USM_NO_PRIV_PROTOCOL`).
pub fn priv_protocol_to_c(p: Option<PrivProtocol>) -> smiUINT32 {
    to_c_number(&PRIV_PROTOCOLS, p)
}

/// The security level a C `SNMP_*_*PRIV` number names.
///
/// # Errors
/// `SNMPAPI_MODE_INVALID` for any other number (2 included).
pub fn security_level_from_c(n: smiUINT32) -> Result<SecurityLevel, SnmpApiError> {
    from_c(&LEVELS, n)
}

/// The C number of a security level.
pub fn security_level_to_c(level: SecurityLevel) -> smiUINT32 {
    to_c_number(&LEVELS, level)
}

// ------------------------------------------------------------------ input checks

/// The longest octet string read from C: the largest UDP payload.
const MAX_OCTETS: u32 = 65_507;
/// The longest user name (RFC 3414 `usmUserName`).
const MAX_USER_NAME: usize = 32;
/// The lengths of an engine ID (RFC 3411 `SnmpEngineID`).
const ENGINE_ID_LEN: std::ops::RangeInclusive<usize> = 5..=32;
/// The shortest pass phrase (net-snmp's minimum).
const MIN_PASSWORD: usize = 8;

/// Fails with `SNMPAPI_NOT_INITIALIZED` before startup.
fn require_init() -> Result<(), Fail> {
    if with_engine(|e| e.is_initialized()) {
        Ok(())
    } else {
        Err(local(SnmpApiError::NotInitialized))
    }
}

/// The bytes of an input descriptor whose length `fits`: `SNMPAPI_SIZE_INVALID` when it
/// does not or is above [`MAX_OCTETS`], decided from `len` alone before anything is read;
/// `SNMPAPI_ALLOC_ERROR` for a NULL `ptr` with `len > 0`.
fn bytes<'a>(d: &smiOCTETS, fits: impl Fn(usize) -> bool) -> Result<&'a [u8], Fail> {
    if d.len > MAX_OCTETS || !fits(d.len as usize) {
        return Err(local(SnmpApiError::SizeInvalid));
    }
    ptr::octets_slice(d, SnmpApiError::AllocError).map_err(local)
}

/// Any length up to [`MAX_OCTETS`].
fn any_len(_: usize) -> bool {
    true
}

/// A user name: at most 32 octets.
fn name_len(n: usize) -> bool {
    n <= MAX_USER_NAME
}

/// A pass phrase: at least 8 octets.
fn password_len(n: usize) -> bool {
    n >= MIN_PASSWORD
}

/// An optional engine ID: empty, or 5 to 32 octets.
fn engine_id_len(n: usize) -> bool {
    n == 0 || ENGINE_ID_LEN.contains(&n)
}

/// A required input descriptor: NULL is `SNMPAPI_ALLOC_ERROR`.
fn required<'a>(d: *const smiOCTETS, fits: impl Fn(usize) -> bool) -> Result<&'a [u8], Fail> {
    let d = ptr::read(d).ok_or(local(SnmpApiError::AllocError))?;
    bytes(&d, fits)
}

/// An optional input descriptor: NULL reads as empty.
fn optional<'a>(d: *const smiOCTETS, fits: impl Fn(usize) -> bool) -> Result<&'a [u8], Fail> {
    ptr::read(d).map_or(Ok(&[][..]), |d| bytes(&d, fits))
}

/// An engine ID read with [`engine_id_len`]: empty is `None`.
fn some_id(id: &[u8]) -> Option<&[u8]> {
    (!id.is_empty()).then_some(id)
}

/// The user `p` describes (its level is the caller's business): name, protocols and pass
/// phrases checked, then the keys made through the master-key cache.
fn user_from_c(p: &WinSnmpUsmParams) -> Result<UsmUser, Fail> {
    let name = bytes(&p.userName, name_len)?;
    let auth = auth_protocol_from_c(p.authProtocol).map_err(local)?;
    let privacy = priv_protocol_from_c(p.privProtocol).map_err(local)?;
    let auth = match auth {
        Some(a) => Some((a, bytes(&p.authPassword, password_len)?)),
        None => None,
    };
    let privacy = match (privacy, &auth) {
        (Some(pp), Some(_)) => Some((pp, bytes(&p.privPassword, password_len)?)),
        // Privacy needs authentication (RFC 3414 §3.1.1: there is no noAuthPriv).
        (Some(_), None) => return Err(local(SnmpApiError::ModeInvalid)),
        (None, _) => None,
    };
    api::usm_user(name, auth, privacy).map_err(local)
}

/// The highest level the protocols of `p` allow.
fn max_level(p: &WinSnmpUsmParams) -> SecurityLevel {
    match (p.authProtocol, p.privProtocol) {
        (SNMP_USM_NO_AUTH_PROTOCOL, _) => SecurityLevel::NoAuthNoPriv,
        (_, SNMP_USM_NO_PRIV_PROTOCOL) => SecurityLevel::AuthNoPriv,
        _ => SecurityLevel::AuthPriv,
    }
}

/// The entity settings `p` describes.
fn security_from_c(p: &WinSnmpUsmParams) -> Result<EntitySecurity, Fail> {
    let level = security_level_from_c(p.securityLevel).map_err(local)?;
    // Everything that needs no digest first: protocol numbers, the level, the engine IDs.
    auth_protocol_from_c(p.authProtocol).map_err(local)?;
    priv_protocol_from_c(p.privProtocol).map_err(local)?;
    if level > max_level(p) {
        return Err(local(SnmpApiError::ModeInvalid));
    }
    let engine = some_id(bytes(&p.securityEngineId, engine_id_len)?).map(<[u8]>::to_vec);
    let context_engine = some_id(bytes(&p.contextEngineId, engine_id_len)?).map(<[u8]>::to_vec);
    let user = user_from_c(p)?;
    Ok(EntitySecurity {
        user,
        level,
        engine_id: engine,
        context_engine_id: context_engine,
        boots_time: None,
    })
}

fn stats_to_c(s: UsmStats) -> WinSnmpUsmStats {
    WinSnmpUsmStats {
        asnParseErrs: s.asn_parse_errs,
        invalidMsgs: s.invalid_msgs,
        unknownSecurityModels: s.unknown_security_models,
        unsupportedSecLevels: s.unsupported_sec_levels,
        notInTimeWindows: s.not_in_time_windows,
        unknownUserNames: s.unknown_user_names,
        unknownEngineIds: s.unknown_engine_ids,
        wrongDigests: s.wrong_digests,
        decryptionErrors: s.decryption_errors,
    }
}

// ------------------------------------------------------------------ functions

capi! {
    /// `WinSnmpSetEntityUsm` (extension): makes `hEntity` an SNMPv3 entity that sends as
    /// `params`' user at `params->securityLevel`; with NULL `params`, a community entity
    /// of the translate mode's version again. Requests to it then run the whole USM
    /// exchange (discovery, time synchronisation, authentication, privacy) behind one
    /// request id; the callback's `wParam` is 0, `SNMPAPI_TL_TIMEOUT` or an
    /// `SNMPAPI_RPT_*` code.
    ///
    /// Errors (via NULL): `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_MODE_INVALID` (unknown level
    /// or protocol number, privacy without authentication, a level the protocols do not
    /// allow), `SNMPAPI_SIZE_INVALID` (user name over 32 octets, pass phrase under 8, an
    /// engine ID not 5 to 32 octets, any length over 65,507), `SNMPAPI_ALLOC_ERROR` (an
    /// `smiOCTETS` with NULL `ptr` and `len > 0`), `SNMPAPI_NOT_INITIALIZED`.
    pub fn WinSnmpSetEntityUsm(
        hEntity: HSNMP_ENTITY,
        params: *const WinSnmpUsmParams,
    ) -> SNMPAPI_STATUS {
        let e = HEntity::from_raw(raw(hEntity));
        guard(&[e.raw()], || {
            require_init()?;
            // The handle first (cheap), so a bad handle is not reported as a bad parameter.
            api::winsnmp_get_entity_usm(e)?;
            let security = match ptr::read(params) {
                Some(p) => Some(security_from_c(&p)?),
                None => None,
            };
            api::winsnmp_set_entity_usm(e, security)?;
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `WinSnmpGetEngineId` (extension): fills `*engineId` with a new copy of the
    /// authoritative engine ID of SNMPv3 entity `hEntity` (given, or discovered by a
    /// request; a listening entity: the local engine's), or with NULL `hEntity` the local
    /// engine's ID. Free it with `SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, engineId)`.
    ///
    /// Errors (via NULL): `SNMPAPI_ENTITY_INVALID`, `SNMPAPI_ENGINE_INVALID` (not an SNMPv3
    /// entity, or its engine not discovered yet), `SNMPAPI_NOOP` (`engineId` NULL),
    /// `SNMPAPI_NOT_INITIALIZED`.
    pub fn WinSnmpGetEngineId(hEntity: HSNMP_ENTITY, engineId: *mut smiOCTETS) -> SNMPAPI_STATUS {
        let e = (hEntity != 0).then(|| HEntity::from_raw(raw(hEntity)));
        let handles: &[_] = match &e {
            Some(e) => &[e.raw()],
            None => &[],
        };
        guard(handles, || {
            require_init()?;
            let id = api::winsnmp_get_engine_id(e)?;
            if engineId.is_null() {
                return Err(local(SnmpApiError::Noop));
            }
            ptr::write(engineId, descriptor::give_octets(id));
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `WinSnmpSetLocalEngine` (extension): the local engine's ID (5 to 32 octets) and
    /// boots, authoritative for traps and responses sent and for requests and informs
    /// received. By default the ID is generated for the process and boots is 1. Its time
    /// restarts at 0.
    ///
    /// Errors (via NULL): `SNMPAPI_SIZE_INVALID` (not 5 to 32 octets),
    /// `SNMPAPI_ALLOC_ERROR` (`engineId` NULL, or its `ptr` NULL with `len > 0`),
    /// `SNMPAPI_NOT_INITIALIZED`.
    pub fn WinSnmpSetLocalEngine(engineId: *const smiOCTETS, boots: smiUINT32) -> SNMPAPI_STATUS {
        guard(&[], || {
            require_init()?;
            let id = required(engineId, |n| ENGINE_ID_LEN.contains(&n))?;
            api::winsnmp_set_local_engine(id, boots)?;
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `WinSnmpAddUsmUser` (extension): adds (or replaces) a user from `params`' name,
    /// protocols and pass phrases (`securityLevel` and `contextEngineId` are not read).
    /// With an empty `securityEngineId`: a user of the local engine (requests to listening
    /// entities, informs received) that also authenticates traps from any engine (so does
    /// the local engine's own ID); else a user for traps from that engine only.
    ///
    /// Errors (via NULL): `SNMPAPI_MODE_INVALID` (unknown protocol number, privacy without
    /// authentication), `SNMPAPI_SIZE_INVALID` (user name over 32 octets, pass phrase under
    /// 8, engine ID not 5 to 32 octets, any length over 65,507), `SNMPAPI_ALLOC_ERROR`
    /// (`params` NULL, an `smiOCTETS` with NULL `ptr` and `len > 0`),
    /// `SNMPAPI_NOT_INITIALIZED`.
    pub fn WinSnmpAddUsmUser(params: *const WinSnmpUsmParams) -> SNMPAPI_STATUS {
        guard(&[], || {
            require_init()?;
            let p = ptr::read(params).ok_or(local(SnmpApiError::AllocError))?;
            auth_protocol_from_c(p.authProtocol).map_err(local)?;
            priv_protocol_from_c(p.privProtocol).map_err(local)?;
            let engine = some_id(bytes(&p.securityEngineId, engine_id_len)?);
            let user = user_from_c(&p)?;
            api::winsnmp_add_usm_user(user, engine)?;
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `WinSnmpDeleteUsmUser` (extension): removes the user `userName` of the engine
    /// `engineId` (NULL, empty or the local engine's own ID: the local engine's user, as
    /// added with an empty `securityEngineId`).
    ///
    /// Errors (via NULL): `SNMPAPI_NOOP` (no such user), `SNMPAPI_SIZE_INVALID` (user name
    /// over 32 octets, engine ID not 5 to 32 octets), `SNMPAPI_ALLOC_ERROR` (`userName`
    /// NULL, an `smiOCTETS` with NULL `ptr` and `len > 0`), `SNMPAPI_NOT_INITIALIZED`.
    pub fn WinSnmpDeleteUsmUser(
        userName: *const smiOCTETS,
        engineId: *const smiOCTETS,
    ) -> SNMPAPI_STATUS {
        guard(&[], || {
            require_init()?;
            let name = required(userName, name_len)?;
            let engine = some_id(optional(engineId, engine_id_len)?);
            api::winsnmp_delete_usm_user(name, engine)?;
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `WinSnmpGetUsmStats` (extension): the local engine's SNMPv3 counters
    /// (`snmpInASNParseErrs`, `snmpInvalidMsgs`, `snmpUnknownSecurityModels`, the
    /// `usmStats*`) since startup.
    ///
    /// Errors (via NULL): `SNMPAPI_NOOP` (`stats` NULL), `SNMPAPI_NOT_INITIALIZED`.
    pub fn WinSnmpGetUsmStats(stats: *mut WinSnmpUsmStats) -> SNMPAPI_STATUS {
        guard(&[], || {
            require_init()?;
            if stats.is_null() {
                return Err(local(SnmpApiError::Noop));
            }
            ptr::write(stats, stats_to_c(api::winsnmp_get_usm_stats()));
            Ok(SNMPAPI_SUCCESS)
        })
    }
}

capi! {
    /// `WinSnmpStrToContextName` (extension): a new context holding the SNMPv3 context
    /// name `contextName` literally, in any translate mode; NULL or empty: the default
    /// context (`SnmpStrToContext` cannot express it). Used with a v1/v2c entity, it is
    /// the community. The caller keeps `contextName->ptr`.
    ///
    /// Errors (via the session): `SNMPAPI_SESSION_INVALID`, `SNMPAPI_SIZE_INVALID` (over
    /// 65,507 octets), `SNMPAPI_ALLOC_ERROR` (`ptr` NULL with `len > 0`, handle limit),
    /// `SNMPAPI_NOT_INITIALIZED`.
    pub fn WinSnmpStrToContextName(
        session: HSNMP_SESSION,
        contextName: *const smiOCTETS,
    ) -> HSNMP_CONTEXT {
        let s = HSession::from_raw(raw(session));
        guard(&[s.raw()], || {
            require_init()?;
            let name = optional(contextName, any_len)?;
            let c = api::winsnmp_str_to_context_name(s, name)?;
            Ok(to_c(c.value()))
        })
    }
}

capi! {
    /// `WinSnmpPasswordToKey` (extension): fills `*key` with a new copy of the RFC 3414
    /// A.2 (RFC 7860 for SHA-2) master key Ku of the pass phrase for `authProtocol`, or
    /// with an engine ID (5 to 32 octets) the key localized to it, Kul. Free it with
    /// `SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, key)`.
    ///
    /// Errors (via NULL): `SNMPAPI_MODE_INVALID` (`authProtocol` not a protocol, or
    /// `SNMP_USM_NO_AUTH_PROTOCOL`), `SNMPAPI_SIZE_INVALID` (pass phrase under 8 octets or
    /// over 65,507, engine ID not 5 to 32), `SNMPAPI_ALLOC_ERROR` (`password` NULL, an
    /// `smiOCTETS` with NULL `ptr` and `len > 0`), `SNMPAPI_NOOP` (`key` NULL),
    /// `SNMPAPI_NOT_INITIALIZED`.
    pub fn WinSnmpPasswordToKey(
        authProtocol: smiUINT32,
        password: *const smiOCTETS,
        engineId: *const smiOCTETS,
        key: *mut smiOCTETS,
    ) -> SNMPAPI_STATUS {
        guard(&[], || {
            require_init()?;
            let protocol = auth_protocol_from_c(authProtocol)
                .map_err(local)?
                .ok_or(local(SnmpApiError::ModeInvalid))?;
            let pass = required(password, password_len)?;
            let engine = some_id(optional(engineId, engine_id_len)?);
            if key.is_null() {
                return Err(local(SnmpApiError::Noop));
            }
            let ku = api::password_to_key(protocol, pass).map_err(local)?;
            let k = match engine {
                Some(id) => protocol.localize(&ku, id),
                None => ku,
            };
            ptr::write(key, descriptor::give_octets(k.as_bytes().to_vec()));
            Ok(SNMPAPI_SUCCESS)
        })
    }
}
