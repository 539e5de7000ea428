//! The counters of RFC 3412 §5 and RFC 3414 §5 (`snmpInvalidMsgs`, `usmStats*`…), their
//! OIDs, and the Report PDUs that carry them.

use winsnmp_wire::Oid;

use super::FailureKind;

/// The SNMPv3 message-processing and USM counters of one engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UsmStats {
    /// `snmpInASNParseErrs` (SNMPv3 messages only).
    pub asn_parse_errs: u32,
    /// `snmpInvalidMsgs`.
    pub invalid_msgs: u32,
    /// `snmpUnknownSecurityModels`.
    pub unknown_security_models: u32,
    /// `usmStatsUnsupportedSecLevels`.
    pub unsupported_sec_levels: u32,
    /// `usmStatsNotInTimeWindows`.
    pub not_in_time_windows: u32,
    /// `usmStatsUnknownUserNames`.
    pub unknown_user_names: u32,
    /// `usmStatsUnknownEngineIDs`.
    pub unknown_engine_ids: u32,
    /// `usmStatsWrongDigests`.
    pub wrong_digests: u32,
    /// `usmStatsDecryptionErrors`.
    pub decryption_errors: u32,
}

impl UsmStats {
    /// Adds one to the counter of `kind` and returns its new value (Counter32 wraps).
    pub fn bump(&mut self, kind: FailureKind) -> u32 {
        let c = self.counter_mut(kind);
        *c = c.wrapping_add(1);
        *c
    }

    fn counter_mut(&mut self, kind: FailureKind) -> &mut u32 {
        match kind {
            FailureKind::ParseError => &mut self.asn_parse_errs,
            FailureKind::InvalidMsg => &mut self.invalid_msgs,
            FailureKind::UnknownSecurityModel => &mut self.unknown_security_models,
            FailureKind::UnsupportedSecLevel => &mut self.unsupported_sec_levels,
            FailureKind::NotInTimeWindow => &mut self.not_in_time_windows,
            FailureKind::UnknownUserName => &mut self.unknown_user_names,
            FailureKind::UnknownEngineId => &mut self.unknown_engine_ids,
            FailureKind::WrongDigest => &mut self.wrong_digests,
            FailureKind::DecryptionError => &mut self.decryption_errors,
        }
    }

    /// The value of the counter of `kind`.
    pub fn get(&self, kind: FailureKind) -> u32 {
        let mut c = *self;
        *c.counter_mut(kind)
    }

    /// Every counter as (object instance, value), in OID order: what an agent serves.
    pub fn objects(&self) -> Vec<(Oid, u32)> {
        let mut v: Vec<(Oid, u32)> = ALL
            .iter()
            .filter_map(|k| Some((report_oid(*k)?, self.get(*k))))
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    }
}

const ALL: [FailureKind; 9] = [
    FailureKind::ParseError,
    FailureKind::InvalidMsg,
    FailureKind::UnknownSecurityModel,
    FailureKind::UnsupportedSecLevel,
    FailureKind::NotInTimeWindow,
    FailureKind::UnknownUserName,
    FailureKind::UnknownEngineId,
    FailureKind::WrongDigest,
    FailureKind::DecryptionError,
];

const fn arcs(kind: FailureKind) -> &'static [u32] {
    match kind {
        FailureKind::ParseError => &[1, 3, 6, 1, 2, 1, 11, 6, 0],
        FailureKind::UnknownSecurityModel => &[1, 3, 6, 1, 6, 3, 11, 2, 1, 1, 0],
        FailureKind::InvalidMsg => &[1, 3, 6, 1, 6, 3, 11, 2, 1, 2, 0],
        FailureKind::UnsupportedSecLevel => &[1, 3, 6, 1, 6, 3, 15, 1, 1, 1, 0],
        FailureKind::NotInTimeWindow => &[1, 3, 6, 1, 6, 3, 15, 1, 1, 2, 0],
        FailureKind::UnknownUserName => &[1, 3, 6, 1, 6, 3, 15, 1, 1, 3, 0],
        FailureKind::UnknownEngineId => &[1, 3, 6, 1, 6, 3, 15, 1, 1, 4, 0],
        FailureKind::WrongDigest => &[1, 3, 6, 1, 6, 3, 15, 1, 1, 5, 0],
        FailureKind::DecryptionError => &[1, 3, 6, 1, 6, 3, 15, 1, 1, 6, 0],
    }
}

/// The counter instance a Report for `kind` carries (e.g. `usmStatsUnknownEngineIDs.0`).
pub fn report_oid(kind: FailureKind) -> Option<Oid> {
    Oid::from_arcs(arcs(kind)).ok()
}

impl FailureKind {
    /// The failure a received Report names by its first variable binding (`None` for a
    /// counter this module does not know, e.g. `snmpUnknownPDUHandlers`).
    pub fn from_report_oid(name: &[u32]) -> Option<Self> {
        ALL.into_iter().find(|k| {
            let a = arcs(*k);
            // Accept the counter with or without its ".0" instance.
            name == a || name == &a[..a.len() - 1]
        })
    }
}
