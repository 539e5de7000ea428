//! The WinSNMP constants of winsnmp-api.md §3, with their `winsnmp.h` names.

// §3.1 ASN.1 class/form bits.
/// `ASN_UNIVERSAL`
pub const ASN_UNIVERSAL: u32 = 0x00;
/// `ASN_APPLICATION`
pub const ASN_APPLICATION: u32 = 0x40;
/// `ASN_CONTEXT`
pub const ASN_CONTEXT: u32 = 0x80;
/// `ASN_PRIVATE`
pub const ASN_PRIVATE: u32 = 0xC0;
/// `ASN_PRIMITIVE`
pub const ASN_PRIMITIVE: u32 = 0x00;
/// `ASN_CONSTRUCTOR`
pub const ASN_CONSTRUCTOR: u32 = 0x20;

// §3.2 Syntax values.
/// `SNMP_SYNTAX_INT`
pub const SNMP_SYNTAX_INT: u32 = 0x02;
/// `SNMP_SYNTAX_INT32` (= `SNMP_SYNTAX_INT`)
pub const SNMP_SYNTAX_INT32: u32 = SNMP_SYNTAX_INT;
/// `SNMP_SYNTAX_BITS`
pub const SNMP_SYNTAX_BITS: u32 = 0x03;
/// `SNMP_SYNTAX_OCTETS`
pub const SNMP_SYNTAX_OCTETS: u32 = 0x04;
/// `SNMP_SYNTAX_NULL`
pub const SNMP_SYNTAX_NULL: u32 = 0x05;
/// `SNMP_SYNTAX_OID`
pub const SNMP_SYNTAX_OID: u32 = 0x06;
/// `SNMP_SYNTAX_SEQUENCE` (not a varbind value)
pub const SNMP_SYNTAX_SEQUENCE: u32 = 0x30;
/// `SNMP_SYNTAX_IPADDR`
pub const SNMP_SYNTAX_IPADDR: u32 = 0x40;
/// `SNMP_SYNTAX_CNTR32`
pub const SNMP_SYNTAX_CNTR32: u32 = 0x41;
/// `SNMP_SYNTAX_GAUGE32`
pub const SNMP_SYNTAX_GAUGE32: u32 = 0x42;
/// `SNMP_SYNTAX_UNSIGNED32` (= `SNMP_SYNTAX_GAUGE32`)
pub const SNMP_SYNTAX_UNSIGNED32: u32 = SNMP_SYNTAX_GAUGE32;
/// `SNMP_SYNTAX_TIMETICKS`
pub const SNMP_SYNTAX_TIMETICKS: u32 = 0x43;
/// `SNMP_SYNTAX_OPAQUE`
pub const SNMP_SYNTAX_OPAQUE: u32 = 0x44;
/// `SNMP_SYNTAX_NSAPADDR`
pub const SNMP_SYNTAX_NSAPADDR: u32 = 0x45;
/// `SNMP_SYNTAX_CNTR64`
pub const SNMP_SYNTAX_CNTR64: u32 = 0x46;
/// `SNMP_SYNTAX_UINT32`
pub const SNMP_SYNTAX_UINT32: u32 = 0x47;
/// `SNMP_SYNTAX_NOSUCHOBJECT`
pub const SNMP_SYNTAX_NOSUCHOBJECT: u32 = 0x80;
/// `SNMP_SYNTAX_NOSUCHINSTANCE`
pub const SNMP_SYNTAX_NOSUCHINSTANCE: u32 = 0x81;
/// `SNMP_SYNTAX_ENDOFMIBVIEW`
pub const SNMP_SYNTAX_ENDOFMIBVIEW: u32 = 0x82;

// §3.3 PDU types.
/// `SNMP_PDU_GET`
pub const SNMP_PDU_GET: i32 = 0xA0;
/// `SNMP_PDU_GETNEXT`
pub const SNMP_PDU_GETNEXT: i32 = 0xA1;
/// `SNMP_PDU_RESPONSE`
pub const SNMP_PDU_RESPONSE: i32 = 0xA2;
/// `SNMP_PDU_SET`
pub const SNMP_PDU_SET: i32 = 0xA3;
/// `SNMP_PDU_V1TRAP` (never created, never delivered)
pub const SNMP_PDU_V1TRAP: i32 = 0xA4;
/// `SNMP_PDU_GETBULK`
pub const SNMP_PDU_GETBULK: i32 = 0xA5;
/// `SNMP_PDU_INFORM`
pub const SNMP_PDU_INFORM: i32 = 0xA6;
/// `SNMP_PDU_TRAP` (SNMPv2 trap)
pub const SNMP_PDU_TRAP: i32 = 0xA7;
/// `SNMP_PDU_REPORT` (WinSNMP 3.0, Appendix B): the SNMPv3 Report-PDU. Reports end a
/// request with an `SNMPAPI_RPT_*` event; they are never queued.
pub const SNMP_PDU_REPORT: i32 = 0xA8;

// §3.4 SNMPv1 generic traps.
/// `SNMP_TRAP_COLDSTART`
pub const SNMP_TRAP_COLDSTART: i32 = 0;
/// `SNMP_TRAP_WARMSTART`
pub const SNMP_TRAP_WARMSTART: i32 = 1;
/// `SNMP_TRAP_LINKDOWN`
pub const SNMP_TRAP_LINKDOWN: i32 = 2;
/// `SNMP_TRAP_LINKUP`
pub const SNMP_TRAP_LINKUP: i32 = 3;
/// `SNMP_TRAP_AUTHFAIL`
pub const SNMP_TRAP_AUTHFAIL: i32 = 4;
/// `SNMP_TRAP_EGPNEIGHBORLOSS`
pub const SNMP_TRAP_EGPNEIGHBORLOSS: i32 = 5;
/// `SNMP_TRAP_ENTERPRISESPECIFIC`
pub const SNMP_TRAP_ENTERPRISESPECIFIC: i32 = 6;

// §3.5 error_status values.
/// `SNMP_ERROR_NOERROR`
pub const SNMP_ERROR_NOERROR: i32 = 0;
/// `SNMP_ERROR_TOOBIG`
pub const SNMP_ERROR_TOOBIG: i32 = 1;
/// `SNMP_ERROR_NOSUCHNAME`
pub const SNMP_ERROR_NOSUCHNAME: i32 = 2;
/// `SNMP_ERROR_BADVALUE`
pub const SNMP_ERROR_BADVALUE: i32 = 3;
/// `SNMP_ERROR_READONLY`
pub const SNMP_ERROR_READONLY: i32 = 4;
/// `SNMP_ERROR_GENERR`
pub const SNMP_ERROR_GENERR: i32 = 5;
/// `SNMP_ERROR_NOACCESS`
pub const SNMP_ERROR_NOACCESS: i32 = 6;
/// `SNMP_ERROR_WRONGTYPE`
pub const SNMP_ERROR_WRONGTYPE: i32 = 7;
/// `SNMP_ERROR_WRONGLENGTH`
pub const SNMP_ERROR_WRONGLENGTH: i32 = 8;
/// `SNMP_ERROR_WRONGENCODING`
pub const SNMP_ERROR_WRONGENCODING: i32 = 9;
/// `SNMP_ERROR_WRONGVALUE`
pub const SNMP_ERROR_WRONGVALUE: i32 = 10;
/// `SNMP_ERROR_NOCREATION`
pub const SNMP_ERROR_NOCREATION: i32 = 11;
/// `SNMP_ERROR_INCONSISTENTVALUE`
pub const SNMP_ERROR_INCONSISTENTVALUE: i32 = 12;
/// `SNMP_ERROR_RESOURCEUNAVAILABLE`
pub const SNMP_ERROR_RESOURCEUNAVAILABLE: i32 = 13;
/// `SNMP_ERROR_COMMITFAILED`
pub const SNMP_ERROR_COMMITFAILED: i32 = 14;
/// `SNMP_ERROR_UNDOFAILED`
pub const SNMP_ERROR_UNDOFAILED: i32 = 15;
/// `SNMP_ERROR_AUTHORIZATIONERROR`
pub const SNMP_ERROR_AUTHORIZATIONERROR: i32 = 16;
/// `SNMP_ERROR_NOTWRITABLE`
pub const SNMP_ERROR_NOTWRITABLE: i32 = 17;
/// `SNMP_ERROR_INCONSISTENTNAME`
pub const SNMP_ERROR_INCONSISTENTNAME: i32 = 18;

// §3.6 Modes, levels, switches, status.
/// `SNMPAPI_TRANSLATED`
pub const SNMPAPI_TRANSLATED: u32 = 0;
/// `SNMPAPI_UNTRANSLATED_V1`
pub const SNMPAPI_UNTRANSLATED_V1: u32 = 1;
/// `SNMPAPI_UNTRANSLATED_V2`
pub const SNMPAPI_UNTRANSLATED_V2: u32 = 2;
/// `SNMPAPI_NO_SUPPORT`
pub const SNMPAPI_NO_SUPPORT: u32 = 0;
/// `SNMPAPI_V1_SUPPORT`
pub const SNMPAPI_V1_SUPPORT: u32 = 1;
/// `SNMPAPI_V2_SUPPORT` (what this implementation reports)
pub const SNMPAPI_V2_SUPPORT: u32 = 2;
/// `SNMPAPI_M2M_SUPPORT`
pub const SNMPAPI_M2M_SUPPORT: u32 = 3;
/// `SNMPAPI_OFF`
pub const SNMPAPI_OFF: u32 = 0;
/// `SNMPAPI_ON`
pub const SNMPAPI_ON: u32 = 1;
/// `SNMPAPI_FAILURE`
pub const SNMPAPI_FAILURE: u32 = 0;
/// `SNMPAPI_SUCCESS`
pub const SNMPAPI_SUCCESS: u32 = 1;
/// `SNMPLISTEN_USEENTITY_ADDR`
pub const SNMPLISTEN_USEENTITY_ADDR: u32 = 0;
/// `SNMPLISTEN_ALL_ADDR`
pub const SNMPLISTEN_ALL_ADDR: u32 = 1;

// §3.8 Limits and ports.
/// `MAXOBJIDSIZE`: most sub-identifiers in an OID.
pub const MAXOBJIDSIZE: usize = 128;
/// `MAXOBJIDSTRSIZE`: longest dotted OID string.
pub const MAXOBJIDSTRSIZE: usize = 1408;
/// `MAXVENDORINFO`
pub const MAXVENDORINFO: usize = 32;
/// `DEFAULT_SNMP_PORT_UDP`
pub const DEFAULT_SNMP_PORT_UDP: u16 = 161;
/// `DEFAULT_SNMPTRAP_PORT_UDP`
pub const DEFAULT_SNMPTRAP_PORT_UDP: u16 = 162;
/// `DEFAULT_SNMP_PORT_IPX`
pub const DEFAULT_SNMP_PORT_IPX: u16 = 36879;
/// `DEFAULT_SNMPTRAP_PORT_IPX`
pub const DEFAULT_SNMPTRAP_PORT_IPX: u16 = 36880;

// Appendix E 7: defaults of this implementation.
/// Default policy timeout of a new entity, in hundredths of a second (1 s).
pub const DEFAULT_TIMEOUT: u32 = 100;
/// Default policy retry count of a new entity.
pub const DEFAULT_RETRY: u32 = 3;
/// Default translate mode reported by startup.
pub const DEFAULT_TRANSLATE_MODE: u32 = SNMPAPI_UNTRANSLATED_V1;
/// Default retransmit mode reported by startup.
pub const DEFAULT_RETRANSMIT_MODE: u32 = SNMPAPI_ON;

// §3.9 Well-known OIDs.
/// `sysUpTime.0`
pub const SYS_UP_TIME_0: [u32; 9] = [1, 3, 6, 1, 2, 1, 1, 3, 0];
/// `snmpTrapOID.0`
pub const SNMP_TRAP_OID_0: [u32; 11] = [1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0];
/// `snmpTrapEnterprise.0`
pub const SNMP_TRAP_ENTERPRISE_0: [u32; 11] = [1, 3, 6, 1, 6, 3, 1, 1, 4, 3, 0];
/// `snmpTraps` (generic traps are `.1` … `.6`)
pub const SNMP_TRAPS: [u32; 9] = [1, 3, 6, 1, 6, 3, 1, 1, 5];
/// `snmpTrapAddress.0` (RFC 3584)
pub const SNMP_TRAP_ADDRESS_0: [u32; 10] = [1, 3, 6, 1, 6, 3, 18, 1, 3, 0];
/// `snmpTrapCommunity.0` (RFC 3584)
pub const SNMP_TRAP_COMMUNITY_0: [u32; 10] = [1, 3, 6, 1, 6, 3, 18, 1, 4, 0];
