//! [`SnmpApiError`]: the WinSNMP `SNMPAPI_*` error codes.

/// A WinSNMP error: the discriminant is the `SNMPAPI_*` code that `SnmpGetLastError` returns
/// (winsnmp-api.md §3.7), plus the WinSNMP 3.0 codes of the SNMPv3 extension (30, 31 and
/// 200-299, winsnmp-api.md Appendix B).
///
/// ```
/// use winsnmp_engine::SnmpApiError;
/// assert_eq!(SnmpApiError::VblInvalid as u32, 15);
/// assert_eq!(SnmpApiError::from_code(108), Some(SnmpApiError::TlTimeout));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[repr(u32)]
#[non_exhaustive]
pub enum SnmpApiError {
    /// `SNMPAPI_ALLOC_ERROR` (2): out of memory or resources (a limit was reached), or an
    /// invalid pointer was passed.
    #[error("SNMPAPI_ALLOC_ERROR: out of resources")]
    AllocError = 2,
    /// `SNMPAPI_CONTEXT_INVALID` (3): bad context handle or context descriptor.
    #[error("SNMPAPI_CONTEXT_INVALID: invalid context")]
    ContextInvalid = 3,
    /// `SNMPAPI_CONTEXT_UNKNOWN` (4): the context name is not in the database.
    #[error("SNMPAPI_CONTEXT_UNKNOWN: unknown context")]
    ContextUnknown = 4,
    /// `SNMPAPI_ENTITY_INVALID` (5): bad entity handle.
    #[error("SNMPAPI_ENTITY_INVALID: invalid entity")]
    EntityInvalid = 5,
    /// `SNMPAPI_ENTITY_UNKNOWN` (6): the entity string is unknown or not an address.
    #[error("SNMPAPI_ENTITY_UNKNOWN: unknown entity")]
    EntityUnknown = 6,
    /// `SNMPAPI_INDEX_INVALID` (7): bad variable-binding index.
    #[error("SNMPAPI_INDEX_INVALID: invalid index")]
    IndexInvalid = 7,
    /// `SNMPAPI_NOOP` (8): nothing was done (all outputs absent, empty list or queue).
    #[error("SNMPAPI_NOOP: nothing done")]
    Noop = 8,
    /// `SNMPAPI_OID_INVALID` (9): bad object identifier.
    #[error("SNMPAPI_OID_INVALID: invalid OID")]
    OidInvalid = 9,
    /// `SNMPAPI_OPERATION_INVALID` (10): operation not allowed in this state.
    #[error("SNMPAPI_OPERATION_INVALID: invalid operation")]
    OperationInvalid = 10,
    /// `SNMPAPI_OUTPUT_TRUNCATED` (11): output buffer too small.
    #[error("SNMPAPI_OUTPUT_TRUNCATED: output truncated")]
    OutputTruncated = 11,
    /// `SNMPAPI_PDU_INVALID` (12): bad PDU handle, type or field combination.
    #[error("SNMPAPI_PDU_INVALID: invalid PDU")]
    PduInvalid = 12,
    /// `SNMPAPI_SESSION_INVALID` (13): bad session handle.
    #[error("SNMPAPI_SESSION_INVALID: invalid session")]
    SessionInvalid = 13,
    /// `SNMPAPI_SYNTAX_INVALID` (14): bad `syntax` value.
    #[error("SNMPAPI_SYNTAX_INVALID: invalid syntax")]
    SyntaxInvalid = 14,
    /// `SNMPAPI_VBL_INVALID` (15): bad varbind-list handle.
    #[error("SNMPAPI_VBL_INVALID: invalid varbind list")]
    VblInvalid = 15,
    /// `SNMPAPI_MODE_INVALID` (16): bad or unsupported mode value.
    #[error("SNMPAPI_MODE_INVALID: invalid mode")]
    ModeInvalid = 16,
    /// `SNMPAPI_SIZE_INVALID` (17): bad size or length argument.
    #[error("SNMPAPI_SIZE_INVALID: invalid size")]
    SizeInvalid = 17,
    /// `SNMPAPI_NOT_INITIALIZED` (18): no successful startup.
    #[error("SNMPAPI_NOT_INITIALIZED: SnmpStartup has not been called")]
    NotInitialized = 18,
    /// `SNMPAPI_MESSAGE_INVALID` (19): malformed SNMP message.
    #[error("SNMPAPI_MESSAGE_INVALID: invalid message")]
    MessageInvalid = 19,
    /// `SNMPAPI_HWND_INVALID` (20): bad window handle (window mode is not supported).
    #[error("SNMPAPI_HWND_INVALID: invalid window handle")]
    HwndInvalid = 20,
    /// `SNMPAPI_ENGINE_INVALID` (30, WinSNMP 3.0): the entity is not an SNMPv3 entity, or
    /// its engine is not known yet (not discovered). Invalid SNMPv3 settings are
    /// `SNMPAPI_SIZE_INVALID` or `SNMPAPI_MODE_INVALID`.
    #[error("SNMPAPI_ENGINE_INVALID: invalid or unknown SNMPv3 engine")]
    EngineInvalid = 30,
    /// `SNMPAPI_ENGINE_DISCOVERY_FAILED` (31, WinSNMP 3.0): the SNMPv3 engine-ID discovery
    /// got an answer it could not use.
    #[error("SNMPAPI_ENGINE_DISCOVERY_FAILED: SNMPv3 engine discovery failed")]
    EngineDiscoveryFailed = 31,
    /// `SNMPAPI_OTHER_ERROR` (99): anything else.
    #[error("SNMPAPI_OTHER_ERROR")]
    OtherError = 99,
    /// `SNMPAPI_TL_NOT_INITIALIZED` (100): transport not initialised.
    #[error("SNMPAPI_TL_NOT_INITIALIZED")]
    TlNotInitialized = 100,
    /// `SNMPAPI_TL_NOT_SUPPORTED` (101): transport does not support SNMP.
    #[error("SNMPAPI_TL_NOT_SUPPORTED")]
    TlNotSupported = 101,
    /// `SNMPAPI_TL_NOT_AVAILABLE` (102): network subsystem failed.
    #[error("SNMPAPI_TL_NOT_AVAILABLE")]
    TlNotAvailable = 102,
    /// `SNMPAPI_TL_RESOURCE_ERROR` (103): transport resource error.
    #[error("SNMPAPI_TL_RESOURCE_ERROR")]
    TlResourceError = 103,
    /// `SNMPAPI_TL_UNDELIVERABLE` (104): destination unreachable.
    #[error("SNMPAPI_TL_UNDELIVERABLE")]
    TlUndeliverable = 104,
    /// `SNMPAPI_TL_SRC_INVALID` (105): source endpoint invalid.
    #[error("SNMPAPI_TL_SRC_INVALID")]
    TlSrcInvalid = 105,
    /// `SNMPAPI_TL_INVALID_PARAM` (106): transport got a bad parameter.
    #[error("SNMPAPI_TL_INVALID_PARAM")]
    TlInvalidParam = 106,
    /// `SNMPAPI_TL_IN_USE` (107): source endpoint or port in use.
    #[error("SNMPAPI_TL_IN_USE")]
    TlInUse = 107,
    /// `SNMPAPI_TL_TIMEOUT` (108): no response before the final timeout.
    #[error("SNMPAPI_TL_TIMEOUT")]
    TlTimeout = 108,
    /// `SNMPAPI_TL_PDU_TOO_BIG` (109): message too big.
    #[error("SNMPAPI_TL_PDU_TOO_BIG")]
    TlPduTooBig = 109,
    /// `SNMPAPI_TL_OTHER` (199): other transport error.
    #[error("SNMPAPI_TL_OTHER")]
    TlOther = 199,
    /// `SNMPAPI_RPT_INVALIDMSG` (200, WinSNMP 3.0): the peer reported `snmpInvalidMsgs`.
    #[error("SNMPAPI_RPT_INVALIDMSG: invalid message")]
    RptInvalidMsg = 200,
    /// `SNMPAPI_RPT_INASNPARSEERR` (201): the peer reported `snmpInASNParseErrs`.
    #[error("SNMPAPI_RPT_INASNPARSEERR: ASN.1 parse error")]
    RptInAsnParseErr = 201,
    /// `SNMPAPI_RPT_UNKNOWNSECMODEL` (202): the peer reported `snmpUnknownSecurityModels`.
    #[error("SNMPAPI_RPT_UNKNOWNSECMODEL: unknown security model")]
    RptUnknownSecModel = 202,
    /// `SNMPAPI_RPT_UNKNOWNENGINEID` (203): `usmStatsUnknownEngineIDs` (wrong engine ID).
    #[error("SNMPAPI_RPT_UNKNOWNENGINEID: unknown engine ID")]
    RptUnknownEngineId = 203,
    /// `SNMPAPI_RPT_UNSUPPSECLEVEL` (204): `usmStatsUnsupportedSecLevels`.
    #[error("SNMPAPI_RPT_UNSUPPSECLEVEL: unsupported security level")]
    RptUnsuppSecLevel = 204,
    /// `SNMPAPI_RPT_UNKNOWNUSERNAME` (205): `usmStatsUnknownUserNames`.
    #[error("SNMPAPI_RPT_UNKNOWNUSERNAME: unknown user name")]
    RptUnknownUserName = 205,
    /// `SNMPAPI_RPT_WRONGDIGEST` (206): `usmStatsWrongDigests` (wrong authentication key).
    #[error("SNMPAPI_RPT_WRONGDIGEST: wrong digest (authentication failure)")]
    RptWrongDigest = 206,
    /// `SNMPAPI_RPT_NOTINTIMEWINDOW` (207): `usmStatsNotInTimeWindows`, still after the one
    /// automatic re-synchronisation.
    #[error("SNMPAPI_RPT_NOTINTIMEWINDOW: not in time window")]
    RptNotInTimeWindow = 207,
    /// `SNMPAPI_RPT_DECRYPTIONERROR` (208): `usmStatsDecryptionErrors` (wrong privacy key).
    #[error("SNMPAPI_RPT_DECRYPTIONERROR: decryption error")]
    RptDecryptionError = 208,
    /// `SNMPAPI_RPT_OTHER` (299): a Report naming another counter.
    #[error("SNMPAPI_RPT_OTHER: report")]
    RptOther = 299,
}

impl SnmpApiError {
    /// Every variant, in code order.
    pub const ALL: [Self; 43] = [
        Self::AllocError,
        Self::ContextInvalid,
        Self::ContextUnknown,
        Self::EntityInvalid,
        Self::EntityUnknown,
        Self::IndexInvalid,
        Self::Noop,
        Self::OidInvalid,
        Self::OperationInvalid,
        Self::OutputTruncated,
        Self::PduInvalid,
        Self::SessionInvalid,
        Self::SyntaxInvalid,
        Self::VblInvalid,
        Self::ModeInvalid,
        Self::SizeInvalid,
        Self::NotInitialized,
        Self::MessageInvalid,
        Self::HwndInvalid,
        Self::EngineInvalid,
        Self::EngineDiscoveryFailed,
        Self::OtherError,
        Self::TlNotInitialized,
        Self::TlNotSupported,
        Self::TlNotAvailable,
        Self::TlResourceError,
        Self::TlUndeliverable,
        Self::TlSrcInvalid,
        Self::TlInvalidParam,
        Self::TlInUse,
        Self::TlTimeout,
        Self::TlPduTooBig,
        Self::TlOther,
        Self::RptInvalidMsg,
        Self::RptInAsnParseErr,
        Self::RptUnknownSecModel,
        Self::RptUnknownEngineId,
        Self::RptUnsuppSecLevel,
        Self::RptUnknownUserName,
        Self::RptWrongDigest,
        Self::RptNotInTimeWindow,
        Self::RptDecryptionError,
        Self::RptOther,
    ];

    /// The `SNMPAPI_*` code.
    pub const fn code(self) -> u32 {
        self as u32
    }

    /// The error whose code is `code`, if any (0 and 1 are `SNMPAPI_FAILURE`/`SUCCESS`).
    pub fn from_code(code: u32) -> Option<Self> {
        Self::ALL.iter().copied().find(|e| e.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_section_3_7() {
        let expected = [
            2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 30, 31, 99, 100,
            101, 102, 103, 104, 105, 106, 107, 108, 109, 199, 200, 201, 202, 203, 204, 205, 206,
            207, 208, 299,
        ];
        assert_eq!(expected.len(), SnmpApiError::ALL.len());
        for (e, c) in SnmpApiError::ALL.iter().zip(expected) {
            assert_eq!(e.code(), c);
            assert_eq!(SnmpApiError::from_code(c), Some(*e));
        }
        assert_eq!(SnmpApiError::from_code(0), None);
        assert_eq!(SnmpApiError::from_code(1), None);
        assert!(SnmpApiError::TlTimeout.to_string().contains("TL_TIMEOUT"));
    }
}
