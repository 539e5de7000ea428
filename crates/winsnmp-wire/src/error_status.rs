//! The error-status values of RFC 3416 and RFC 1157: one table for the whole project.

/// The error-status values of RFC 3416 (SNMPv1 uses 0..=5), with their names and the
/// SNMPv1 mapping of RFC 3584.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum ErrorStatus {
    /// noError(0).
    NoError = 0,
    /// tooBig(1).
    TooBig = 1,
    /// noSuchName(2), SNMPv1.
    NoSuchName = 2,
    /// badValue(3), SNMPv1.
    BadValue = 3,
    /// readOnly(4), SNMPv1.
    ReadOnly = 4,
    /// genErr(5).
    GenErr = 5,
    /// noAccess(6).
    NoAccess = 6,
    /// wrongType(7).
    WrongType = 7,
    /// wrongLength(8).
    WrongLength = 8,
    /// wrongEncoding(9).
    WrongEncoding = 9,
    /// wrongValue(10).
    WrongValue = 10,
    /// noCreation(11).
    NoCreation = 11,
    /// inconsistentValue(12).
    InconsistentValue = 12,
    /// resourceUnavailable(13).
    ResourceUnavailable = 13,
    /// commitFailed(14).
    CommitFailed = 14,
    /// undoFailed(15).
    UndoFailed = 15,
    /// authorizationError(16).
    AuthorizationError = 16,
    /// notWritable(17).
    NotWritable = 17,
    /// inconsistentName(18).
    InconsistentName = 18,
}

impl ErrorStatus {
    /// Every status, in value order.
    pub const ALL: [Self; 19] = [
        Self::NoError,
        Self::TooBig,
        Self::NoSuchName,
        Self::BadValue,
        Self::ReadOnly,
        Self::GenErr,
        Self::NoAccess,
        Self::WrongType,
        Self::WrongLength,
        Self::WrongEncoding,
        Self::WrongValue,
        Self::NoCreation,
        Self::InconsistentValue,
        Self::ResourceUnavailable,
        Self::CommitFailed,
        Self::UndoFailed,
        Self::AuthorizationError,
        Self::NotWritable,
        Self::InconsistentName,
    ];

    /// The status whose value is `v` (RFC 3416 defines 0..=18).
    pub fn from_i32(v: i32) -> Option<Self> {
        usize::try_from(v)
            .ok()
            .and_then(|i| Self::ALL.get(i))
            .copied()
    }

    /// RFC 3416's name of the status, as net-snmp prints it (`noSuchName`, `tooBig`...).
    pub const fn name(self) -> &'static str {
        match self {
            Self::NoError => "noError",
            Self::TooBig => "tooBig",
            Self::NoSuchName => "noSuchName",
            Self::BadValue => "badValue",
            Self::ReadOnly => "readOnly",
            Self::GenErr => "genErr",
            Self::NoAccess => "noAccess",
            Self::WrongType => "wrongType",
            Self::WrongLength => "wrongLength",
            Self::WrongEncoding => "wrongEncoding",
            Self::WrongValue => "wrongValue",
            Self::NoCreation => "noCreation",
            Self::InconsistentValue => "inconsistentValue",
            Self::ResourceUnavailable => "resourceUnavailable",
            Self::CommitFailed => "commitFailed",
            Self::UndoFailed => "undoFailed",
            Self::AuthorizationError => "authorizationError",
            Self::NotWritable => "notWritable",
            Self::InconsistentName => "inconsistentName",
        }
    }

    /// The status an SNMPv1 response carries instead (RFC 3584 §4.4).
    pub const fn to_v1(self) -> Self {
        match self {
            Self::NoError
            | Self::TooBig
            | Self::NoSuchName
            | Self::BadValue
            | Self::ReadOnly
            | Self::GenErr => self,
            Self::WrongValue
            | Self::WrongEncoding
            | Self::WrongType
            | Self::WrongLength
            | Self::InconsistentValue => Self::BadValue,
            Self::NoAccess
            | Self::NotWritable
            | Self::NoCreation
            | Self::InconsistentName
            | Self::AuthorizationError => Self::NoSuchName,
            Self::ResourceUnavailable | Self::CommitFailed | Self::UndoFailed => Self::GenErr,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_names_and_v1_mapping() {
        for (i, s) in ErrorStatus::ALL.iter().enumerate() {
            assert_eq!(*s as i32, i as i32);
            assert_eq!(ErrorStatus::from_i32(i as i32), Some(*s));
            assert!((s.to_v1() as i32) <= 5, "{s:?}");
        }
        assert_eq!(ErrorStatus::from_i32(19), None);
        assert_eq!(ErrorStatus::from_i32(-1), None);
        assert_eq!(ErrorStatus::NoSuchName.name(), "noSuchName");
        assert_eq!(ErrorStatus::InconsistentName.name(), "inconsistentName");
        assert_eq!(ErrorStatus::NotWritable.to_v1(), ErrorStatus::NoSuchName);
        assert_eq!(ErrorStatus::WrongType.to_v1(), ErrorStatus::BadValue);
    }
}
