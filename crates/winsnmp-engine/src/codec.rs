//! [`PduData`] and the message rules of `SnmpEncodeMsg`/`SnmpDecodeMsg`: §1.12 validation,
//! RFC 3584 translations (GetBulk → GetNext and SNMPv2-Trap → Trap-PDU towards SNMPv1,
//! Trap-PDU → SNMPv2-Trap on receipt) and Appendix E 12/13 syntax and size rules.

use std::cell::RefCell;
use std::sync::Arc;

use winsnmp_wire::{
    BackWriter, Body, DecodeErrorKind, GenericTrap, Message, Oid, Pdu, PduType, Quirks, RawOid,
    TrapV1, VarBind, Version,
};

use crate::SnmpApiError;
use crate::consts::*;
use crate::usm::{Outgoing, Usm};
use crate::value::{SmiValue, VarBindEntry, to_wire_oid};

/// The contents of a PDU handle: WinSNMP's view of a PDU, with its own copy of the
/// variable bindings (Appendix E 6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PduData {
    /// `SNMP_PDU_*` type.
    pub pdu_type: i32,
    /// request-id.
    pub request_id: i32,
    /// error-status, or non-repeaters for GetBulk.
    pub error_status: i32,
    /// error-index, or max-repetitions for GetBulk.
    pub error_index: i32,
    /// The variable bindings.
    pub varbinds: Vec<VarBindEntry>,
}

impl PduData {
    /// A PDU of `pdu_type` with zero error fields and no bindings.
    pub fn new(pdu_type: i32, request_id: i32) -> Self {
        Self {
            pdu_type,
            request_id,
            error_status: 0,
            error_index: 0,
            varbinds: Vec::new(),
        }
    }

    /// Whether `SnmpCreatePdu`/`SnmpSetPduData` accept `t` (every PDU type but the SNMPv1
    /// trap; 0 is handled by the caller as "default").
    pub const fn creatable_type(t: i32) -> bool {
        matches!(
            t,
            SNMP_PDU_GET
                | SNMP_PDU_GETNEXT
                | SNMP_PDU_RESPONSE
                | SNMP_PDU_SET
                | SNMP_PDU_GETBULK
                | SNMP_PDU_INFORM
                | SNMP_PDU_TRAP
        )
    }

    /// The owned PDU of a decoded one.
    pub fn from_wire(p: &Pdu<'_>) -> Self {
        Self {
            pdu_type: i32::from(p.pdu_type.tag()),
            request_id: p.request_id,
            error_status: p.error_status,
            error_index: p.error_index,
            varbinds: p.varbinds.iter().map(entry_from_wire).collect(),
        }
    }

    /// An SNMPv1 trap in SNMPv2 form (RFC 3584 §3.1): `sysUpTime.0`, `snmpTrapOID.0`, the
    /// trap's bindings, then `snmpTrapAddress.0`, `snmpTrapCommunity.0` and, last,
    /// `snmpTrapEnterprise.0` (the first two only when the trap does not carry them already;
    /// the enterprise always, so that it is the last binding as WinSNMP promises).
    pub fn from_v1_trap(t: &TrapV1<'_>, community: &[u8], request_id: i32) -> Self {
        let enterprise: Vec<u32> = t.enterprise.to_arc_vec();
        let trap_oid = if t.generic_trap == GenericTrap::EnterpriseSpecific {
            let mut o = enterprise.clone();
            o.push(0);
            o.push(t.specific_trap as u32);
            o
        } else {
            let mut o = SNMP_TRAPS.to_vec();
            o.push(t.generic_trap as u32 + 1);
            o
        };
        let mut varbinds = vec![
            VarBindEntry {
                name: SYS_UP_TIME_0.to_vec(),
                value: SmiValue::TimeTicks(t.time_stamp),
            },
            VarBindEntry {
                name: SNMP_TRAP_OID_0.to_vec(),
                value: SmiValue::Oid(trap_oid),
            },
        ];
        varbinds.extend(t.varbinds.iter().map(entry_from_wire));
        let has = |v: &[VarBindEntry], n: &[u32]| v.iter().any(|e| e.name == n);
        if !has(&varbinds, &SNMP_TRAP_ADDRESS_0) {
            varbinds.push(VarBindEntry {
                name: SNMP_TRAP_ADDRESS_0.to_vec(),
                value: SmiValue::IpAddr(t.agent_addr.to_vec()),
            });
        }
        if !has(&varbinds, &SNMP_TRAP_COMMUNITY_0) {
            varbinds.push(VarBindEntry {
                name: SNMP_TRAP_COMMUNITY_0.to_vec(),
                value: SmiValue::Octets(community.to_vec()),
            });
        }
        varbinds.push(VarBindEntry {
            name: SNMP_TRAP_ENTERPRISE_0.to_vec(),
            value: SmiValue::Oid(enterprise),
        });
        Self {
            pdu_type: SNMP_PDU_TRAP,
            request_id,
            error_status: 0,
            error_index: 0,
            varbinds,
        }
    }
}

fn entry_from_wire(vb: &VarBind<'_>) -> VarBindEntry {
    VarBindEntry {
        name: vb.name.to_arc_vec(),
        value: SmiValue::from_wire(&vb.value),
    }
}

/// The BER form of a PDU's names and OID values, one after the other in one buffer, so
/// wire varbinds can borrow them.
struct WireOids {
    ber: Vec<u8>,
}

impl WireOids {
    fn new(vbs: &[VarBindEntry]) -> Result<Self, SnmpApiError> {
        // Most arcs take one octet: a buffer sized for that rarely grows.
        let guess = vbs
            .iter()
            .map(|e| {
                e.name.len()
                    + match &e.value {
                        SmiValue::Oid(o) => o.len(),
                        _ => 0,
                    }
            })
            .sum();
        let mut ber = Vec::with_capacity(guess);
        let bad = |_| SnmpApiError::OidInvalid;
        for e in vbs {
            Oid::write_arcs(&e.name, &mut ber).map_err(bad)?;
            if let SmiValue::Oid(o) = &e.value {
                Oid::write_arcs(o, &mut ber).map_err(bad)?;
            }
        }
        Ok(Self { ber })
    }

    /// The OID of `arcs` sub-identifiers at `*at` (where the previous one ended), and
    /// moves `*at` past it. `None` past the end (the octets, written by
    /// `Oid::write_arcs` from these arcs, always hold it).
    fn next(&self, at: &mut usize, arcs: usize) -> Option<RawOid<'_>> {
        // The first two arcs share a sub-identifier; each ends with an octet below 0x80.
        let mut subids = arcs.checked_sub(1).filter(|&n| n > 0)?;
        let rest = self.ber.get(*at..)?;
        let len = rest.iter().position(|&b| {
            if b < 0x80 {
                subids -= 1;
            }
            subids == 0
        })? + 1;
        let oid = RawOid::from_ber(&rest[..len]).ok()?;
        *at += len;
        Some(oid)
    }

    fn varbinds<'a>(
        &'a self,
        vbs: &'a [VarBindEntry],
        version: Version,
    ) -> Result<Vec<VarBind<'a>>, SnmpApiError> {
        let mut out = Vec::with_capacity(vbs.len());
        let mut at = 0;
        for e in vbs {
            let mut next = |arcs: usize| self.next(&mut at, arcs).ok_or(SnmpApiError::OidInvalid);
            let name = next(e.name.len())?;
            let oid = match &e.value {
                SmiValue::Oid(o) => Some(next(o.len())?),
                _ => None,
            };
            let v = e.value.to_wire(oid).ok_or(SnmpApiError::SyntaxInvalid)?;
            if !v.allowed_in(version) {
                // Appendix E 12: Counter64 (and the v2 exceptions) towards v1, NsapAddress
                // towards v2c.
                return Err(SnmpApiError::OperationInvalid);
            }
            out.push(VarBind::new(name, v));
        }
        Ok(out)
    }
}

/// Builds the message `SnmpEncodeMsg`/`SnmpSendMsg` would send.
///
/// # Errors
/// `SNMPAPI_PDU_INVALID` (type unknown, error fields set on a request, negative GetBulk
/// fields, malformed SNMPv2 trap for a v1 target), `SNMPAPI_OPERATION_INVALID` (Inform or
/// Report towards SNMPv1, a syntax the version cannot carry), `SNMPAPI_TL_PDU_TOO_BIG`
/// (longer than `max_size`).
pub fn encode_message(
    version: Version,
    community: &[u8],
    pdu: &PduData,
    max_size: usize,
) -> Result<Vec<u8>, SnmpApiError> {
    match encode_backward(version, community, pdu, max_size, <[u8]>::to_vec) {
        Some(bytes) => Ok(bytes),
        // Whatever the one pass does not write, and every error, with its exact code.
        None => encode_checked(version, community, pdu, max_size),
    }
}

/// [`encode_message`] into the shared buffer a request and its transmissions hold.
pub(crate) fn encode_shared(
    version: Version,
    community: &[u8],
    pdu: &PduData,
    max_size: usize,
) -> Result<Arc<[u8]>, SnmpApiError> {
    match encode_backward(version, community, pdu, max_size, |b| Arc::<[u8]>::from(b)) {
        Some(bytes) => Ok(bytes),
        None => encode_checked(version, community, pdu, max_size).map(Arc::from),
    }
}

thread_local! {
    /// The buffer [`encode_backward`] writes into before copying the message out.
    static SCRATCH: RefCell<BackWriter> = RefCell::new(BackWriter::new());
}

/// The fast way to [`encode_message`]'s result: one pass backwards from the bindings
/// (no intermediate BER OIDs nor wire bindings), for a valid community-based PDU that
/// needs no RFC 3584 conversion but GetBulk's. `None` for anything else, and for any
/// error: [`encode_checked`] then says which (the checks run in its order; the property
/// test `backward_encoding_is_the_checked_one` holds the two together).
fn encode_backward<T>(
    version: Version,
    community: &[u8],
    pdu: &PduData,
    max_size: usize,
    out: impl FnOnce(&[u8]) -> T,
) -> Option<T> {
    let t = checked_type(pdu).ok()?;
    let (t, error_status, error_index) = match (version, t) {
        (Version::V3, _) | (Version::V1, PduType::Inform | PduType::Report | PduType::TrapV2) => {
            return None;
        }
        (Version::V1, PduType::GetBulk) => (PduType::GetNext, 0, 0),
        _ => (t, pdu.error_status, pdu.error_index),
    };
    SCRATCH.with_borrow_mut(|w| {
        // Kept between messages unless a large one grew it.
        w.clear(1 << 16);
        let list = w.len();
        for e in pdu.varbinds.iter().rev() {
            let vb = w.len();
            match &e.value {
                SmiValue::Oid(o) => w.oid(o).ok()?,
                SmiValue::Null => w.null(),
                v => {
                    let v = v.to_wire(None).filter(|v| v.allowed_in(version))?;
                    w.value(&v);
                }
            }
            w.oid(&e.name).ok()?;
            w.sequence(vb);
            if w.len() > max_size {
                return None;
            }
        }
        w.sequence(list);
        w.integer(error_index);
        w.integer(error_status);
        w.integer(pdu.request_id);
        w.wrap(t.tag(), list);
        w.octet_string(community);
        w.integer(version.wire());
        w.sequence(list);
        (w.len() <= max_size).then(|| out(w.as_slice()))
    })
}

/// [`encode_message`] through wire bindings, every rule checked in order.
fn encode_checked(
    version: Version,
    community: &[u8],
    pdu: &PduData,
    max_size: usize,
) -> Result<Vec<u8>, SnmpApiError> {
    let t = checked_type(pdu)?;
    let oids = WireOids::new(&pdu.varbinds)?;
    let body = match (version, t) {
        (Version::V1, PduType::Inform | PduType::Report) => {
            return Err(SnmpApiError::OperationInvalid);
        }
        // RFC 3584 §4.1.1 / RFC 1908 §3.1.1: GetBulk becomes GetNext, fields zeroed.
        (Version::V1, PduType::GetBulk) => Body::Pdu(Pdu::new(
            PduType::GetNext,
            pdu.request_id,
            oids.varbinds(&pdu.varbinds, version)?,
        )),
        (Version::V1, PduType::TrapV2) => {
            return encode_v2_trap_as_v1(community, pdu, &oids, max_size);
        }
        _ => Body::Pdu(Pdu {
            pdu_type: t,
            request_id: pdu.request_id,
            error_status: pdu.error_status,
            error_index: pdu.error_index,
            varbinds: oids.varbinds(&pdu.varbinds, version)?,
        }),
    };
    finish(
        Message {
            version,
            community,
            body,
        },
        max_size,
    )
}

/// The PDU type of `pdu`, checked with its error fields (§1.12: only GetBulk and Response
/// carry non-zero error fields).
fn checked_type(pdu: &PduData) -> Result<PduType, SnmpApiError> {
    let t = u8::try_from(pdu.pdu_type)
        .ok()
        .and_then(PduType::from_tag)
        .filter(|t| *t != PduType::TrapV1)
        .ok_or(SnmpApiError::PduInvalid)?;
    match t {
        PduType::GetBulk | PduType::Response => {
            if pdu.error_status < 0 || pdu.error_index < 0 {
                return Err(SnmpApiError::PduInvalid);
            }
        }
        _ => {
            if pdu.error_status != 0 || pdu.error_index != 0 {
                return Err(SnmpApiError::PduInvalid);
            }
        }
    }
    Ok(t)
}

/// Builds the SNMPv3 message `SnmpSendMsg`/`SnmpEncodeMsg` would send: the §1.12 checks of
/// [`encode_message`], then [`Usm::seal`].
///
/// # Errors
/// As [`encode_message`] (NsapAddress is `SNMPAPI_OPERATION_INVALID`), and as
/// [`Usm::seal`].
pub(crate) fn encode_v3(
    usm: &mut Usm,
    o: &Outgoing<'_>,
    pdu: &PduData,
    max_size: usize,
) -> Result<Arc<[u8]>, SnmpApiError> {
    let t = checked_type(pdu)?;
    let oids = WireOids::new(&pdu.varbinds)?;
    let wire = Pdu {
        pdu_type: t,
        request_id: pdu.request_id,
        error_status: pdu.error_status,
        error_index: pdu.error_index,
        varbinds: oids.varbinds(&pdu.varbinds, Version::V3)?,
    };
    let bytes = usm.seal(o, &wire)?;
    if bytes.len() > max_size {
        return Err(SnmpApiError::TlPduTooBig);
    }
    Ok(bytes.into())
}

fn finish(msg: Message<'_>, max_size: usize) -> Result<Vec<u8>, SnmpApiError> {
    // Sized once, by the encoder; a message over the limit (rare) is encoded for nothing.
    let bytes = msg.to_vec().map_err(map_encode_error)?;
    if bytes.len() > max_size {
        return Err(SnmpApiError::TlPduTooBig);
    }
    Ok(bytes)
}

fn map_encode_error(e: winsnmp_wire::EncodeError) -> SnmpApiError {
    match e {
        winsnmp_wire::EncodeError::TooLarge => SnmpApiError::TlPduTooBig,
        _ => SnmpApiError::OperationInvalid,
    }
}

/// RFC 3584 §3.2: an SNMPv2 notification sent to an SNMPv1 entity.
fn encode_v2_trap_as_v1(
    community: &[u8],
    pdu: &PduData,
    oids: &WireOids,
    max_size: usize,
) -> Result<Vec<u8>, SnmpApiError> {
    let vbs = &pdu.varbinds;
    let (Some(up), Some(trap)) = (vbs.first(), vbs.get(1)) else {
        return Err(SnmpApiError::PduInvalid);
    };
    let (SmiValue::TimeTicks(time_stamp), SmiValue::Oid(trap_oid)) = (&up.value, &trap.value)
    else {
        return Err(SnmpApiError::PduInvalid);
    };
    if up.name != SYS_UP_TIME_0 || trap.name != SNMP_TRAP_OID_0 {
        return Err(SnmpApiError::PduInvalid);
    }
    let find = |n: &[u32]| vbs.iter().position(|e| e.name == n);
    let (enterprise, generic, specific): (Vec<u32>, i32, u32) = if trap_oid.len()
        == SNMP_TRAPS.len() + 1
        && trap_oid.starts_with(&SNMP_TRAPS)
        && (1..=6).contains(&trap_oid[SNMP_TRAPS.len()])
    {
        let ent = match find(&SNMP_TRAP_ENTERPRISE_0).map(|i| &vbs[i].value) {
            Some(SmiValue::Oid(o)) => o.clone(),
            _ => SNMP_TRAPS.to_vec(),
        };
        (ent, trap_oid[SNMP_TRAPS.len()] as i32 - 1, 0)
    } else {
        let n = trap_oid.len();
        let last = trap_oid[n - 1];
        if n >= 4 && trap_oid[n - 2] == 0 {
            (trap_oid[..n - 2].to_vec(), 6, last)
        } else {
            (trap_oid[..n - 1].to_vec(), 6, last)
        }
    };
    let specific = i32::try_from(specific).map_err(|_| SnmpApiError::OperationInvalid)?;
    let enterprise = to_wire_oid(&enterprise).map_err(|_| SnmpApiError::PduInvalid)?;
    let agent_addr = match find(&SNMP_TRAP_ADDRESS_0).map(|i| &vbs[i].value) {
        Some(SmiValue::IpAddr(a)) => <[u8; 4]>::try_from(a.as_slice()).unwrap_or([0; 4]),
        _ => [0; 4],
    };
    // The enterprise travels in its own field, not twice.
    let all: Vec<VarBind<'_>> = oids
        .varbinds(vbs, Version::V1)?
        .into_iter()
        .zip(vbs)
        .skip(2)
        .filter(|(_, e)| e.name != SNMP_TRAP_ENTERPRISE_0)
        .map(|(w, _)| w)
        .collect();
    let generic_trap = GenericTrap::from_i32(generic).ok_or(SnmpApiError::PduInvalid)?;
    let msg = Message {
        version: Version::V1,
        community,
        body: Body::TrapV1(TrapV1 {
            enterprise: enterprise.as_raw(),
            agent_addr,
            generic_trap,
            specific_trap: specific,
            time_stamp: *time_stamp,
            varbinds: all,
        }),
    };
    finish(msg, max_size)
}

/// A decoded message: version, community, the PDU (v1 traps converted) and its length.
/// Its `Debug` output shows the community's length, never its octets.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodedMessage {
    /// The message's version.
    pub version: Version,
    /// The community string.
    pub community: Vec<u8>,
    /// The PDU; an SNMPv1 trap arrives in SNMPv2 form with request id `trap_request_id`.
    pub pdu: PduData,
    /// Bytes of the input the message took.
    pub used: usize,
}

impl std::fmt::Debug for DecodedMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DecodedMessage")
            .field("version", &self.version)
            .field(
                "community",
                &format_args!("<{} octets>", self.community.len()),
            )
            .field("pdu", &self.pdu)
            .field("used", &self.used)
            .finish()
    }
}

/// Decodes the message at the start of `buf` (whatever follows is ignored).
///
/// # Errors
/// `SNMPAPI_OUTPUT_TRUNCATED` when the message's outer length reaches past `buf`,
/// `SNMPAPI_MESSAGE_INVALID` for any other decoding problem.
pub fn decode_message(buf: &[u8], trap_request_id: i32) -> Result<DecodedMessage, SnmpApiError> {
    if let Some(total) = declared_len(buf)
        && total > buf.len()
    {
        return Err(SnmpApiError::OutputTruncated);
    }
    let (msg, used) = Message::decode_prefix(buf, Quirks::STRICT).map_err(|e| match e.kind {
        DecodeErrorKind::Truncated if e.offset == 0 && !buf.is_empty() => {
            SnmpApiError::OutputTruncated
        }
        _ => SnmpApiError::MessageInvalid,
    })?;
    let pdu = match &msg.body {
        Body::Pdu(p) => PduData::from_wire(p),
        Body::TrapV1(t) => PduData::from_v1_trap(t, msg.community, trap_request_id),
    };
    Ok(DecodedMessage {
        version: msg.version,
        community: msg.community.to_vec(),
        pdu,
        used,
    })
}

/// Total length the outer SEQUENCE header announces, when it is readable.
fn declared_len(buf: &[u8]) -> Option<usize> {
    if buf.len() < 2 || buf[0] != 0x30 {
        return None;
    }
    let b = buf[1];
    if b < 0x80 {
        return Some(2 + usize::from(b));
    }
    let n = usize::from(b & 0x7f);
    if n == 0 || n > 4 || buf.len() < 2 + n {
        return None;
    }
    let len = buf[2..2 + n]
        .iter()
        .fold(0usize, |acc, &x| (acc << 8) | usize::from(x));
    Some(2 + n + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(vbs: Vec<VarBindEntry>) -> PduData {
        PduData {
            varbinds: vbs,
            ..PduData::new(SNMP_PDU_GET, 42)
        }
    }

    fn vb(name: &[u32], value: SmiValue) -> VarBindEntry {
        VarBindEntry {
            name: name.to_vec(),
            value,
        }
    }

    #[test]
    fn encode_v1_and_v2c_get_reference_bytes() {
        let p = get(vec![vb(&[1, 3, 6, 1, 2, 1, 1, 1, 0], SmiValue::Null)]);
        let v2 = encode_message(Version::V2c, b"public", &p, 65507).unwrap();
        let expected = [
            0x30, 0x26, 0x02, 0x01, 0x01, 0x04, 0x06, b'p', b'u', b'b', b'l', b'i', b'c', 0xa0,
            0x19, 0x02, 0x01, 0x2a, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x0e, 0x30, 0x0c,
            0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00, 0x05, 0x00,
        ];
        assert_eq!(v2, expected);
        let v1 = encode_message(Version::V1, b"public", &p, 65507).unwrap();
        assert_eq!(v1[4], 0x00);
        assert_eq!(&v1[5..], &expected[5..]);
        let d = decode_message(&v1, 1).unwrap();
        assert_eq!(
            (d.version, d.used, d.pdu.clone()),
            (Version::V1, v1.len(), p)
        );
    }

    #[test]
    fn validation_rules_item_50() {
        let mut p = get(vec![]);
        p.error_status = 3;
        assert_eq!(
            encode_message(Version::V2c, b"c", &p, 65507),
            Err(SnmpApiError::PduInvalid)
        );
        p.pdu_type = SNMP_PDU_RESPONSE;
        assert!(encode_message(Version::V2c, b"c", &p, 65507).is_ok());
        let bulk = PduData {
            error_status: 3,
            error_index: 25,
            ..PduData::new(SNMP_PDU_GETBULK, 9)
        };
        assert!(encode_message(Version::V2c, b"c", &bulk, 65507).is_ok());
        let neg = PduData {
            error_status: -1,
            ..bulk.clone()
        };
        assert_eq!(
            encode_message(Version::V2c, b"c", &neg, 65507),
            Err(SnmpApiError::PduInvalid)
        );
        // GetBulk to v1 becomes a GetNext with zero fields.
        let v1 = encode_message(Version::V1, b"c", &bulk, 65507).unwrap();
        let d = decode_message(&v1, 1).unwrap();
        assert_eq!(d.pdu.pdu_type, SNMP_PDU_GETNEXT);
        assert_eq!((d.pdu.error_status, d.pdu.error_index), (0, 0));
        // Inform to v1 is refused.
        let inform = PduData::new(SNMP_PDU_INFORM, 1);
        assert_eq!(
            encode_message(Version::V1, b"c", &inform, 65507),
            Err(SnmpApiError::OperationInvalid)
        );
        assert_eq!(
            encode_message(Version::V2c, b"c", &PduData::new(0x99, 1), 65507),
            Err(SnmpApiError::PduInvalid)
        );
    }

    #[test]
    fn syntax_rules_appendix_e_12_13() {
        let name = [1, 3, 6, 1, 4, 1, 1];
        let c64 = get(vec![vb(&name, SmiValue::Cntr64(SmiCntr64::from_u64(5)))]);
        let mut resp = c64.clone();
        resp.pdu_type = SNMP_PDU_RESPONSE;
        assert_eq!(
            encode_message(Version::V1, b"c", &resp, 65507),
            Err(SnmpApiError::OperationInvalid)
        );
        assert!(encode_message(Version::V2c, b"c", &resp, 65507).is_ok());
        let nsap = get(vec![vb(&name, SmiValue::NsapAddr(vec![1, 2]))]);
        assert_eq!(
            encode_message(Version::V2c, b"c", &nsap, 65507),
            Err(SnmpApiError::OperationInvalid)
        );
        assert!(encode_message(Version::V1, b"c", &nsap, 65507).is_ok());
        // UINT32 travels as Gauge32, BITS as OCTET STRING.
        let u = get(vec![
            vb(&name, SmiValue::UInt32(7)),
            vb(&name, SmiValue::Bits(vec![0x80])),
        ]);
        let bytes = encode_message(Version::V2c, b"c", &u, 65507).unwrap();
        let d = decode_message(&bytes, 1).unwrap();
        assert_eq!(d.pdu.varbinds[0].value, SmiValue::Gauge32(7));
        assert_eq!(d.pdu.varbinds[1].value, SmiValue::Octets(vec![0x80]));
        // Size limit.
        let big = get(vec![vb(&name, SmiValue::Octets(vec![0; 2000]))]);
        let mut big_resp = big.clone();
        big_resp.pdu_type = SNMP_PDU_RESPONSE;
        assert_eq!(
            encode_message(Version::V2c, b"c", &big_resp, 1000),
            Err(SnmpApiError::TlPduTooBig)
        );
    }

    use crate::value::SmiCntr64;

    #[test]
    fn v1_trap_converts_per_rfc_3584_items_89_90() {
        let ent = [1, 3, 6, 1, 4, 1, 9999];
        let mut t = PduData::new(SNMP_PDU_TRAP, 5);
        t.varbinds = vec![
            vb(&SYS_UP_TIME_0, SmiValue::TimeTicks(1234)),
            vb(
                &SNMP_TRAP_OID_0,
                SmiValue::Oid([&SNMP_TRAPS[..], &[3]].concat()),
            ),
            vb(&SNMP_TRAP_ENTERPRISE_0, SmiValue::Oid(ent.to_vec())),
            vb(&[1, 3, 6, 1, 2, 1, 2, 2, 1, 1, 7], SmiValue::Int(7)),
        ];
        // v2 trap to a v1 target becomes a Trap-PDU (generic linkDown = 2).
        let bytes = encode_message(Version::V1, b"pub", &t, 65507).unwrap();
        let msg = Message::decode(&bytes).unwrap();
        let Body::TrapV1(tr) = &msg.body else {
            panic!("not a v1 trap")
        };
        assert_eq!(tr.generic_trap, GenericTrap::LinkDown);
        assert_eq!(tr.time_stamp, 1234);
        assert_eq!(tr.enterprise.arcs().collect::<Vec<_>>(), ent);
        // And back: decoding converts to the v2 form.
        let d = decode_message(&bytes, 77).unwrap();
        assert_eq!(d.pdu.pdu_type, SNMP_PDU_TRAP);
        assert_eq!(d.pdu.request_id, 77);
        let v = &d.pdu.varbinds;
        assert_eq!(v[0], vb(&SYS_UP_TIME_0, SmiValue::TimeTicks(1234)));
        assert_eq!(
            v[1],
            vb(
                &SNMP_TRAP_OID_0,
                SmiValue::Oid([&SNMP_TRAPS[..], &[3]].concat())
            )
        );
        assert_eq!(
            v.last().unwrap(),
            &vb(&SNMP_TRAP_ENTERPRISE_0, SmiValue::Oid(ent.to_vec()))
        );
        assert!(v.iter().any(
            |e| e.name == SNMP_TRAP_COMMUNITY_0 && e.value == SmiValue::Octets(b"pub".to_vec())
        ));
        // Enterprise-specific: enterprise.0.17.
        let mut es = t.clone();
        es.varbinds[1].value = SmiValue::Oid([&ent[..], &[0, 17]].concat());
        let bytes = encode_message(Version::V1, b"pub", &es, 65507).unwrap();
        let d = decode_message(&bytes, 1).unwrap();
        assert_eq!(
            d.pdu.varbinds[1].value,
            SmiValue::Oid([&ent[..], &[0, 17]].concat())
        );
        // A v2 trap without sysUpTime/snmpTrapOID cannot become a v1 trap.
        let bad = PduData::new(SNMP_PDU_TRAP, 1);
        assert_eq!(
            encode_message(Version::V1, b"pub", &bad, 65507),
            Err(SnmpApiError::PduInvalid)
        );
    }

    #[test]
    fn decode_errors_items_73_74() {
        assert_eq!(decode_message(&[], 1), Err(SnmpApiError::MessageInvalid));
        assert_eq!(
            decode_message(b"garbage!", 1),
            Err(SnmpApiError::MessageInvalid)
        );
        let p = get(vec![]);
        let mut bytes = encode_message(Version::V2c, b"c", &p, 65507).unwrap();
        let n = bytes.len();
        assert_eq!(
            decode_message(&bytes[..n - 1], 1),
            Err(SnmpApiError::OutputTruncated)
        );
        bytes.extend_from_slice(&[0, 0, 0]);
        assert_eq!(decode_message(&bytes, 1).unwrap().used, n);
    }

    mod backward {
        use super::super::*;
        use crate::value::SmiCntr64;
        use proptest::prelude::*;

        /// OIDs valid and not: too short, bad first arcs, large arcs, too long.
        fn oid() -> impl Strategy<Value = Vec<u32>> {
            prop_oneof![
                30 => (0u32..3, 0u32..40, prop::collection::vec(any::<u32>(), 0..12))
                    .prop_map(|(a, b, rest)| [vec![a, b], rest].concat()),
                1 => prop::collection::vec(0u32..5, 0..3),
                1 => prop::collection::vec(any::<u32>(), 2..4),
                1 => (129usize..131).prop_map(|n| vec![1; n]),
            ]
        }

        fn octets() -> impl Strategy<Value = Vec<u8>> {
            prop_oneof![
                prop::collection::vec(any::<u8>(), 0..8),
                prop::collection::vec(any::<u8>(), 120..140),
                Just(vec![7; 300]),
            ]
        }

        fn value() -> impl Strategy<Value = SmiValue> {
            prop_oneof![
                any::<i32>().prop_map(SmiValue::Int),
                octets().prop_map(SmiValue::Bits),
                octets().prop_map(SmiValue::Octets),
                Just(SmiValue::Null),
                oid().prop_map(SmiValue::Oid),
                prop_oneof![
                    5 => prop::collection::vec(any::<u8>(), 4),
                    1 => prop::collection::vec(any::<u8>(), 0..6),
                ]
                .prop_map(SmiValue::IpAddr),
                any::<u32>().prop_map(SmiValue::Cntr32),
                any::<u32>().prop_map(SmiValue::Gauge32),
                any::<u32>().prop_map(SmiValue::TimeTicks),
                octets().prop_map(SmiValue::Opaque),
                octets().prop_map(SmiValue::NsapAddr),
                (any::<u32>(), any::<u32>())
                    .prop_map(|(hipart, lopart)| SmiValue::Cntr64(SmiCntr64 { hipart, lopart })),
                any::<u32>().prop_map(SmiValue::UInt32),
                Just(SmiValue::NoSuchObject),
                Just(SmiValue::NoSuchInstance),
                Just(SmiValue::EndOfMibView),
            ]
        }

        fn pdu() -> impl Strategy<Value = PduData> {
            let field = prop_oneof![12 => Just(0), 1 => -2i32..3, 1 => any::<i32>()];
            (
                prop_oneof![12 => 0xa0i32..=0xa8, 1 => any::<i32>()],
                any::<i32>(),
                field.clone(),
                field,
                prop::collection::vec(
                    (oid(), value()).prop_map(|(name, value)| VarBindEntry { name, value }),
                    0..6,
                ),
            )
                .prop_map(
                    |(pdu_type, request_id, error_status, error_index, varbinds)| PduData {
                        pdu_type,
                        request_id,
                        error_status,
                        error_index,
                        varbinds,
                    },
                )
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(4000))]

            /// The one pass backwards writes exactly what the checked encoding writes,
            /// and never succeeds where the checked one fails (its `None` hands the case,
            /// and the error code, to the checked one).
            #[test]
            fn backward_encoding_is_the_checked_one(
                version in prop_oneof![
                    3 => Just(Version::V1),
                    6 => Just(Version::V2c),
                    1 => Just(Version::V3),
                ],
                community in prop::collection::vec(any::<u8>(), 0..200),
                p in pdu(),
                max in prop_oneof![3 => Just(65_507usize), 1 => 20usize..400],
            ) {
                let checked = encode_checked(version, &community, &p, max);
                match encode_backward(version, &community, &p, max, <[u8]>::to_vec) {
                    Some(bytes) => prop_assert_eq!(Ok(bytes), checked.clone()),
                    None => {
                        // Only what the one pass leaves out: errors and the conversions.
                        let converted = version == Version::V3
                            || (version == Version::V1 && p.pdu_type == SNMP_PDU_TRAP);
                        prop_assert!(checked.is_err() || converted, "{:?}", checked);
                    }
                }
                prop_assert_eq!(encode_message(version, &community, &p, max), checked);
            }
        }
    }
}
