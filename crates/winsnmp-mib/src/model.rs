//! The facts a MIB gives about an object: its base type, textual convention, display hint,
//! enumerations, ranges, access, units and table structure.

use std::fmt;

/// The base type of an object as net-snmp classifies it (`TYPE_*` in its `parse.h`); it
/// picks the printer of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum BaseType {
    /// No syntax: a node of the tree that is not an object (or a SEQUENCE).
    #[default]
    Other,
    /// OBJECT IDENTIFIER.
    ObjectId,
    /// OCTET STRING.
    OctetString,
    /// INTEGER (SMIv1, or with enumerations).
    Integer,
    /// NetworkAddress (SMIv1).
    NetworkAddress,
    /// IpAddress.
    IpAddress,
    /// Counter / Counter32.
    Counter32,
    /// Gauge / Gauge32.
    Gauge32,
    /// TimeTicks.
    TimeTicks,
    /// Opaque.
    Opaque,
    /// NULL.
    Null,
    /// Counter64.
    Counter64,
    /// BITS.
    Bits,
    /// NsapAddress.
    NsapAddress,
    /// UInteger32 (the early SNMPv2 SMI).
    UInteger32,
    /// Unsigned32.
    Unsigned32,
    /// Integer32.
    Integer32,
}

impl BaseType {
    /// The one-letter code of the built-in table.
    pub(crate) fn code(self) -> char {
        match self {
            Self::Other => '-',
            Self::ObjectId => 'o',
            Self::OctetString => 's',
            Self::Integer => 'i',
            Self::NetworkAddress => 'n',
            Self::IpAddress => 'a',
            Self::Counter32 => 'c',
            Self::Gauge32 => 'g',
            Self::TimeTicks => 't',
            Self::Opaque => 'q',
            Self::Null => 'z',
            Self::Counter64 => 'C',
            Self::Bits => 'b',
            Self::NsapAddress => 'N',
            Self::UInteger32 => 'U',
            Self::Unsigned32 => 'u',
            Self::Integer32 => 'I',
        }
    }

    pub(crate) fn from_code(c: char) -> Option<Self> {
        Some(match c {
            '-' => Self::Other,
            'o' => Self::ObjectId,
            's' => Self::OctetString,
            'i' => Self::Integer,
            'n' => Self::NetworkAddress,
            'a' => Self::IpAddress,
            'c' => Self::Counter32,
            'g' => Self::Gauge32,
            't' => Self::TimeTicks,
            'q' => Self::Opaque,
            'z' => Self::Null,
            'C' => Self::Counter64,
            'b' => Self::Bits,
            'N' => Self::NsapAddress,
            'U' => Self::UInteger32,
            'u' => Self::Unsigned32,
            'I' => Self::Integer32,
            _ => return None,
        })
    }

    /// The SMI keyword for the type, as `snmptranslate -Td` prints a syntax.
    pub fn keyword(self) -> &'static str {
        match self {
            Self::Other => "",
            Self::ObjectId => "OBJECT IDENTIFIER",
            Self::OctetString => "OCTET STRING",
            Self::Integer => "INTEGER",
            Self::NetworkAddress => "NetworkAddress",
            Self::IpAddress => "IpAddress",
            Self::Counter32 => "Counter32",
            Self::Gauge32 => "Gauge32",
            Self::TimeTicks => "TimeTicks",
            Self::Opaque => "Opaque",
            Self::Null => "NULL",
            Self::Counter64 => "Counter64",
            Self::Bits => "BITS",
            Self::NsapAddress => "NsapAddress",
            Self::UInteger32 => "UInteger32",
            Self::Unsigned32 => "Unsigned32",
            Self::Integer32 => "Integer32",
        }
    }

    /// The short name `snmptranslate -Tp` prints in its tree (`String`, `Integer32`…).
    pub fn tree_name(self) -> &'static str {
        match self {
            Self::Other => "",
            Self::ObjectId => "ObjID",
            Self::OctetString => "String",
            Self::Integer | Self::Integer32 => "Integer32",
            Self::NetworkAddress => "NetAddr",
            Self::IpAddress => "IpAddr",
            Self::Counter32 => "Counter",
            Self::Gauge32 => "Gauge",
            Self::TimeTicks => "TimeTicks",
            Self::Opaque => "Opaque",
            Self::Null => "Null",
            Self::Counter64 => "Counter64",
            Self::Bits => "BitString",
            Self::NsapAddress => "NsapAddr",
            Self::UInteger32 => "UInteger",
            Self::Unsigned32 => "Unsigned",
        }
    }

    /// Whether values of this type are integers (INTEGER, Integer32, Unsigned32, Gauge32,
    /// UInteger32: the types net-snmp prints enumerations for).
    pub fn is_integer(self) -> bool {
        matches!(
            self,
            Self::Integer | Self::Integer32 | Self::Unsigned32 | Self::Gauge32 | Self::UInteger32
        )
    }
}

/// MAX-ACCESS (or SMIv1 ACCESS) of an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Access {
    /// Not an object, or no clause.
    #[default]
    None,
    /// not-accessible
    NotAccessible,
    /// accessible-for-notify
    Notify,
    /// read-only
    ReadOnly,
    /// read-write
    ReadWrite,
    /// read-create
    ReadCreate,
    /// write-only (SMIv1)
    WriteOnly,
}

impl Access {
    pub(crate) fn code(self) -> char {
        match self {
            Self::None => '-',
            Self::NotAccessible => 'n',
            Self::Notify => 'f',
            Self::ReadOnly => 'r',
            Self::ReadWrite => 'w',
            Self::ReadCreate => 'c',
            Self::WriteOnly => 'W',
        }
    }

    pub(crate) fn from_code(c: char) -> Option<Self> {
        Some(match c {
            '-' => Self::None,
            'n' => Self::NotAccessible,
            'f' => Self::Notify,
            'r' => Self::ReadOnly,
            'w' => Self::ReadWrite,
            'c' => Self::ReadCreate,
            'W' => Self::WriteOnly,
            _ => return None,
        })
    }

    pub(crate) fn from_word(w: &str) -> Option<Self> {
        Some(match w {
            "not-accessible" => Self::NotAccessible,
            "accessible-for-notify" => Self::Notify,
            "read-only" => Self::ReadOnly,
            "read-write" => Self::ReadWrite,
            "read-create" => Self::ReadCreate,
            "write-only" => Self::WriteOnly,
            _ => return None,
        })
    }

    /// The MIB keyword (`read-only`…), empty for [`Access::None`].
    pub fn keyword(self) -> &'static str {
        match self {
            Self::None => "",
            Self::NotAccessible => "not-accessible",
            Self::Notify => "accessible-for-notify",
            Self::ReadOnly => "read-only",
            Self::ReadWrite => "read-write",
            Self::ReadCreate => "read-create",
            Self::WriteOnly => "write-only",
        }
    }
}

/// What kind of definition made a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum NodeKind {
    /// `OBJECT IDENTIFIER ::=`: a plain branch of the tree.
    #[default]
    Identifier,
    /// OBJECT-TYPE.
    Object,
    /// NOTIFICATION-TYPE or TRAP-TYPE.
    Notification,
    /// OBJECT-IDENTITY.
    ObjectIdentity,
    /// MODULE-IDENTITY.
    ModuleIdentity,
    /// OBJECT-GROUP.
    ObjectGroup,
    /// NOTIFICATION-GROUP.
    NotificationGroup,
    /// MODULE-COMPLIANCE.
    ModuleCompliance,
    /// AGENT-CAPABILITIES.
    AgentCapabilities,
}

impl NodeKind {
    /// The SMI macro that defines such a node (`OBJECT IDENTIFIER` for a plain
    /// assignment).
    pub fn macro_name(self) -> &'static str {
        match self {
            Self::Identifier => "OBJECT IDENTIFIER",
            Self::Object => "OBJECT-TYPE",
            Self::Notification => "NOTIFICATION-TYPE",
            Self::ObjectIdentity => "OBJECT-IDENTITY",
            Self::ModuleIdentity => "MODULE-IDENTITY",
            Self::ObjectGroup => "OBJECT-GROUP",
            Self::NotificationGroup => "NOTIFICATION-GROUP",
            Self::ModuleCompliance => "MODULE-COMPLIANCE",
            Self::AgentCapabilities => "AGENT-CAPABILITIES",
        }
    }
}

/// One label of an enumeration (or a named bit): `up(1)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EnumItem {
    /// The label.
    pub label: Box<str>,
    /// Its number.
    pub value: i64,
}

/// A range or size constraint `low..high` (a single value has `low == high`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Range {
    /// Lower bound.
    pub low: i64,
    /// Upper bound.
    pub high: i64,
}

/// A textual convention (or an SMIv1 type assignment such as `DisplayString ::= OCTET
/// STRING`): a base type with its own hint, enumerations and ranges. As net-snmp, a TC
/// defined on another TC takes only its base type, not its hint.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextualConvention {
    /// The TC's name.
    pub name: Box<str>,
    /// Its base type.
    pub base: BaseType,
    /// DISPLAY-HINT.
    pub hint: Option<Box<str>>,
    /// Enumerations or named bits.
    pub enums: Vec<EnumItem>,
    /// Range or SIZE constraints.
    pub ranges: Vec<Range>,
}

/// The syntax of an object, textual conventions resolved.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Syntax {
    /// The base type.
    pub base: BaseType,
    /// The textual convention named in SYNTAX, if any.
    pub tc: Option<Box<str>>,
    /// The DISPLAY-HINT (from the textual convention).
    pub hint: Option<Box<str>>,
    /// Enumerations (the object's own, else the TC's).
    pub enums: Vec<EnumItem>,
    /// Ranges or sizes (the object's own, else the TC's).
    pub ranges: Vec<Range>,
}

impl Syntax {
    /// The label of enumeration value `v`.
    pub fn enum_label(&self, v: i64) -> Option<&str> {
        self.enums.iter().find(|e| e.value == v).map(|e| &*e.label)
    }

    /// The value of enumeration label `label`.
    pub fn enum_value(&self, label: &str) -> Option<i64> {
        self.enums
            .iter()
            .find(|e| &*e.label == label)
            .map(|e| e.value)
    }

    /// The fixed size of an OCTET STRING: one SIZE with equal bounds.
    pub fn fixed_size(&self) -> Option<usize> {
        match self.ranges.as_slice() {
            [r] if r.low == r.high && self.base == BaseType::OctetString => {
                usize::try_from(r.low).ok()
            }
            _ => None,
        }
    }
}

/// One object of an INDEX clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexPart {
    /// The index object's name.
    pub name: Box<str>,
    /// IMPLIED: a variable-length string or OID without its length sub-identifier.
    pub implied: bool,
}

impl fmt::Display for EnumItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({})", self.label, self.value)
    }
}
