//! PDUs and variable bindings.

use crate::BackWriter;
use crate::ber::{self, Reader, Sink, Tlv, Writer, tag};
use crate::error::{DecodeError, DecodeErrorKind as K, EncodeError};
use crate::oid::RawOid;
use crate::value::Value;
use crate::{Quirks, Version};

/// The PDU types of RFC 3416 and RFC 1157; the discriminant is the BER tag (and WinSNMP's
/// `SNMP_PDU_*` value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum PduType {
    /// GetRequest-PDU.
    Get = 0xa0,
    /// GetNextRequest-PDU.
    GetNext = 0xa1,
    /// Response-PDU (GetResponse in SNMPv1).
    Response = 0xa2,
    /// SetRequest-PDU.
    Set = 0xa3,
    /// SNMPv1 Trap-PDU (carried by [`TrapV1`], never by [`Pdu`]).
    TrapV1 = 0xa4,
    /// GetBulkRequest-PDU (SNMPv2c).
    GetBulk = 0xa5,
    /// InformRequest-PDU (SNMPv2c).
    Inform = 0xa6,
    /// SNMPv2-Trap-PDU.
    TrapV2 = 0xa7,
    /// Report-PDU.
    Report = 0xa8,
}

impl PduType {
    /// The type whose tag is `tag`, if any.
    pub const fn from_tag(tag: u8) -> Option<Self> {
        Some(match tag {
            0xa0 => Self::Get,
            0xa1 => Self::GetNext,
            0xa2 => Self::Response,
            0xa3 => Self::Set,
            0xa4 => Self::TrapV1,
            0xa5 => Self::GetBulk,
            0xa6 => Self::Inform,
            0xa7 => Self::TrapV2,
            0xa8 => Self::Report,
            _ => return None,
        })
    }

    /// The BER tag.
    pub const fn tag(self) -> u8 {
        self as u8
    }

    /// Whether a message of `version` may carry this type.
    pub const fn allowed_in(self, version: Version) -> bool {
        match version {
            Version::V1 => matches!(
                self,
                Self::Get | Self::GetNext | Self::Response | Self::Set | Self::TrapV1
            ),
            Version::V2c | Version::V3 => !matches!(self, Self::TrapV1),
        }
    }
}

/// One variable binding: a name and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VarBind<'a> {
    /// The object instance.
    pub name: RawOid<'a>,
    /// Its value ([`Value::Null`] in requests).
    pub value: Value<'a>,
}

impl<'a> VarBind<'a> {
    /// A binding of `name` to `value`.
    pub const fn new(name: RawOid<'a>, value: Value<'a>) -> Self {
        Self { name, value }
    }

    /// A request binding: `name` with a NULL value.
    pub const fn null(name: RawOid<'a>) -> Self {
        Self {
            name,
            value: Value::Null,
        }
    }

    #[inline]
    fn content_len(&self) -> usize {
        ber::tlv_len(self.name.as_ber().len()) + self.value.encoded_len()
    }

    #[inline]
    fn encode(&self, w: &mut Writer<'_>) {
        w.header(tag::SEQUENCE, self.content_len());
        w.tlv(tag::OID, self.name.as_ber());
        self.value.encode(w);
    }
}

/// Writes a VarBindList of `vbs` in front of what `w` holds.
pub(crate) fn write_varbinds_backward(vbs: &[VarBind<'_>], w: &mut BackWriter) {
    let list = w.len();
    for vb in vbs.iter().rev() {
        let mark = w.len();
        vb.value.encode(w);
        w.tlv(tag::OID, vb.name.as_ber());
        w.sequence(mark);
    }
    w.sequence(list);
}

/// Content size of a VarBindList with these bindings (the sum of the encoded bindings).
///
/// The encoder computes it once per message and hands it down, rather than summing the
/// bindings again at each level.
pub(crate) fn varbinds_content_len(vbs: &[VarBind<'_>]) -> usize {
    vbs.iter().map(|v| ber::tlv_len(v.content_len())).sum()
}

/// Writes a VarBindList whose content size `content` is `varbinds_content_len(vbs)`.
pub(crate) fn encode_varbinds(vbs: &[VarBind<'_>], content: usize, w: &mut Writer<'_>) {
    w.header(tag::SEQUENCE, content);
    for vb in vbs {
        vb.encode(w);
    }
}

/// Where the decoder puts the bindings it reads: a `Vec` (the decoded [`Pdu`] or
/// [`TrapV1`]), or a caller's closure ([`crate::Message::decode_each`]).
pub(crate) trait Bindings<'a> {
    /// The list holds about `n` bindings (reserve for them).
    fn expect(&mut self, n: usize);
    /// The next binding, in order.
    fn push(&mut self, vb: VarBind<'a>);
    /// What the decoded PDU keeps as its list.
    fn into_list(self) -> Vec<VarBind<'a>>;
}

impl<'a> Bindings<'a> for Vec<VarBind<'a>> {
    #[inline]
    fn expect(&mut self, n: usize) {
        if self.capacity() == 0 {
            // An empty list is allocated at once (`reserve` would take its growth path).
            *self = Vec::with_capacity(n);
        } else {
            self.reserve(n);
        }
    }

    #[inline]
    fn push(&mut self, vb: VarBind<'a>) {
        Vec::push(self, vb);
    }

    #[inline]
    fn into_list(self) -> Self {
        self
    }
}

/// A closure that is handed each binding.
pub(crate) struct Each<F>(pub(crate) F);

impl<'a, F: FnMut(VarBind<'a>)> Bindings<'a> for Each<F> {
    #[inline]
    fn expect(&mut self, _: usize) {}

    #[inline]
    fn push(&mut self, vb: VarBind<'a>) {
        (self.0)(vb);
    }

    /// The bindings went to the closure: the list is empty (and not allocated).
    #[inline]
    fn into_list(self) -> Vec<VarBind<'a>> {
        Vec::new()
    }
}

/// Reads a VarBindList into `out`.
pub(crate) fn decode_varbinds<'a>(
    r: &mut Reader<'a>,
    version: Version,
    quirks: Quirks,
    out: &mut impl Bindings<'a>,
) -> Result<(), DecodeError> {
    let list = r.read(tag::SEQUENCE)?;
    let mut lr = list.reader();
    // At most one binding per 7 octets (the smallest: 30 05 06 01 xx 05 00); reserve for
    // typical bindings only, so a length field never reserves more than the input holds.
    out.expect(list.content.len() / 16 + 1);
    while !lr.is_empty() {
        let vb = lr.read(tag::SEQUENCE)?;
        let mut vr = vb.reader();
        let name = vr.read(tag::OID)?;
        let name = RawOid::from_ber(name.content).map_err(|k| name.err(k))?;
        let value = Value::decode(&mut vr, version, quirks)?;
        vr.finish()?;
        out.push(VarBind { name, value });
    }
    Ok(())
}

/// Writes (backwards) a PDU of type `pdu_type` with `[request-id, error-status,
/// error-index]` as `fields` and `varbinds` as its bindings.
pub(crate) fn write_pdu_backward(
    pdu_type: PduType,
    fields: [i32; 3],
    varbinds: &[VarBind<'_>],
    w: &mut BackWriter,
) {
    let mark = w.len();
    write_varbinds_backward(varbinds, w);
    w.integer(fields[2]);
    w.integer(fields[1]);
    w.integer(fields[0]);
    w.wrap(pdu_type.tag(), mark);
}

/// Any PDU but the SNMPv1 Trap: request id, error status and index, and the bindings.
///
/// For [`PduType::GetBulk`] the two error fields carry non-repeaters and max-repetitions, as
/// RFC 3416 lays them out on the wire and as WinSNMP stores them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pdu<'a> {
    /// The PDU type; never [`PduType::TrapV1`].
    pub pdu_type: PduType,
    /// request-id.
    pub request_id: i32,
    /// error-status, or non-repeaters for GetBulk.
    pub error_status: i32,
    /// error-index, or max-repetitions for GetBulk.
    pub error_index: i32,
    /// variable-bindings.
    pub varbinds: Vec<VarBind<'a>>,
}

impl<'a> Pdu<'a> {
    /// A PDU with zero error fields.
    pub fn new(pdu_type: PduType, request_id: i32, varbinds: Vec<VarBind<'a>>) -> Self {
        Self {
            pdu_type,
            request_id,
            error_status: 0,
            error_index: 0,
            varbinds,
        }
    }

    /// A GetBulkRequest.
    pub fn get_bulk(
        request_id: i32,
        non_repeaters: i32,
        max_repetitions: i32,
        varbinds: Vec<VarBind<'a>>,
    ) -> Self {
        Self {
            pdu_type: PduType::GetBulk,
            request_id,
            error_status: non_repeaters,
            error_index: max_repetitions,
            varbinds,
        }
    }

    /// non-repeaters of a GetBulk (the error-status field).
    pub const fn non_repeaters(&self) -> i32 {
        self.error_status
    }

    /// max-repetitions of a GetBulk (the error-index field).
    pub const fn max_repetitions(&self) -> i32 {
        self.error_index
    }

    /// `vbs` is `varbinds_content_len` of the bindings.
    fn content_len(&self, vbs: usize) -> usize {
        2 + ber::signed_len(i64::from(self.request_id))
            + 2
            + ber::signed_len(i64::from(self.error_status))
            + 2
            + ber::signed_len(i64::from(self.error_index))
            + ber::tlv_len(vbs)
    }

    /// `vbs` is `varbinds_content_len` of the bindings.
    pub(crate) fn encoded_len(&self, vbs: usize) -> usize {
        ber::tlv_len(self.content_len(vbs))
    }

    /// `vbs` is `varbinds_content_len` of the bindings.
    pub(crate) fn encode(&self, vbs: usize, w: &mut Writer<'_>) {
        w.header(self.pdu_type.tag(), self.content_len(vbs));
        w.signed(tag::INTEGER, i64::from(self.request_id));
        w.signed(tag::INTEGER, i64::from(self.error_status));
        w.signed(tag::INTEGER, i64::from(self.error_index));
        encode_varbinds(&self.varbinds, vbs, w);
    }

    pub(crate) fn decode_body(
        t: &Tlv<'a>,
        pdu_type: PduType,
        version: Version,
        quirks: Quirks,
    ) -> Result<Self, DecodeError> {
        Self::decode_body_into(t, pdu_type, version, quirks, Vec::new())
    }

    /// [`Pdu::decode_body`] with the bindings put into `out` (the PDU keeps what
    /// [`Bindings::into_list`] makes of it).
    #[inline]
    pub(crate) fn decode_body_into(
        t: &Tlv<'a>,
        pdu_type: PduType,
        version: Version,
        quirks: Quirks,
        mut out: impl Bindings<'a>,
    ) -> Result<Self, DecodeError> {
        let mut r = t.reader();
        let request_id = ber::decode_i32(&r.read(tag::INTEGER)?, quirks.non_minimal_integers)?;
        let es = r.read(tag::INTEGER)?;
        let error_status = ber::decode_i32(&es, quirks.non_minimal_integers)?;
        let ei = r.read(tag::INTEGER)?;
        let error_index = ber::decode_i32(&ei, quirks.non_minimal_integers)?;
        if pdu_type == PduType::GetBulk {
            if error_status < 0 {
                return Err(es.err(K::FieldOutOfRange));
            }
        } else {
            let max = if version == Version::V1 { 5 } else { 18 };
            if !(0..=max).contains(&error_status) && !quirks.any_error_status {
                return Err(es.err(K::FieldOutOfRange));
            }
        }
        if error_index < 0 {
            return Err(ei.err(K::FieldOutOfRange));
        }
        decode_varbinds(&mut r, version, quirks, &mut out)?;
        r.finish()?;
        Ok(Self {
            pdu_type,
            request_id,
            error_status,
            error_index,
            varbinds: out.into_list(),
        })
    }

    pub(crate) fn check_version(&self, version: Version) -> Result<(), EncodeError> {
        if self.pdu_type == PduType::TrapV1 || !self.pdu_type.allowed_in(version) {
            return Err(EncodeError::PduNotInVersion(self.pdu_type));
        }
        check_values(&self.varbinds, version)
    }
}

pub(crate) fn check_values(vbs: &[VarBind<'_>], version: Version) -> Result<(), EncodeError> {
    if let Some(vb) = vbs.iter().find(|vb| !vb.value.allowed_in(version)) {
        return Err(EncodeError::SyntaxNotInVersion(vb.value.tag()));
    }
    Ok(())
}

/// The SNMPv1 generic-trap values (RFC 1157 §4.1.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum GenericTrap {
    /// coldStart(0).
    ColdStart = 0,
    /// warmStart(1).
    WarmStart = 1,
    /// linkDown(2).
    LinkDown = 2,
    /// linkUp(3).
    LinkUp = 3,
    /// authenticationFailure(4).
    AuthenticationFailure = 4,
    /// egpNeighborLoss(5).
    EgpNeighborLoss = 5,
    /// enterpriseSpecific(6): the specific-trap field says which.
    EnterpriseSpecific = 6,
}

impl GenericTrap {
    /// The generic trap for a wire value 0..=6.
    pub const fn from_i32(v: i32) -> Option<Self> {
        Some(match v {
            0 => Self::ColdStart,
            1 => Self::WarmStart,
            2 => Self::LinkDown,
            3 => Self::LinkUp,
            4 => Self::AuthenticationFailure,
            5 => Self::EgpNeighborLoss,
            6 => Self::EnterpriseSpecific,
            _ => return None,
        })
    }
}

/// The SNMPv1 Trap-PDU (RFC 1157 §4.1.6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrapV1<'a> {
    /// enterprise: the sysObjectID of the sender (or the trap's enterprise).
    pub enterprise: RawOid<'a>,
    /// agent-addr: the sender's IPv4 address.
    pub agent_addr: [u8; 4],
    /// generic-trap.
    pub generic_trap: GenericTrap,
    /// specific-trap.
    pub specific_trap: i32,
    /// time-stamp: the sender's sysUpTime in hundredths of a second.
    pub time_stamp: u32,
    /// variable-bindings.
    pub varbinds: Vec<VarBind<'a>>,
}

impl<'a> TrapV1<'a> {
    /// `vbs` is `varbinds_content_len` of the bindings.
    fn content_len(&self, vbs: usize) -> usize {
        ber::tlv_len(self.enterprise.as_ber().len())
            + 6
            + 2
            + ber::signed_len(self.generic_trap as i64)
            + 2
            + ber::signed_len(i64::from(self.specific_trap))
            + 2
            + ber::unsigned_len(u64::from(self.time_stamp))
            + ber::tlv_len(vbs)
    }

    /// `vbs` is `varbinds_content_len` of the bindings.
    pub(crate) fn encoded_len(&self, vbs: usize) -> usize {
        ber::tlv_len(self.content_len(vbs))
    }

    /// `vbs` is `varbinds_content_len` of the bindings.
    pub(crate) fn encode(&self, vbs: usize, w: &mut Writer<'_>) {
        w.header(PduType::TrapV1.tag(), self.content_len(vbs));
        w.tlv(tag::OID, self.enterprise.as_ber());
        w.tlv(tag::IP_ADDRESS, &self.agent_addr);
        w.signed(tag::INTEGER, self.generic_trap as i64);
        w.signed(tag::INTEGER, i64::from(self.specific_trap));
        w.unsigned(tag::TIMETICKS, u64::from(self.time_stamp));
        encode_varbinds(&self.varbinds, vbs, w);
    }

    pub(crate) fn write_backward(&self, w: &mut BackWriter) {
        let mark = w.len();
        write_varbinds_backward(&self.varbinds, w);
        w.unsigned(tag::TIMETICKS, u64::from(self.time_stamp));
        w.integer(self.specific_trap);
        w.integer(self.generic_trap as i32);
        w.tlv(tag::IP_ADDRESS, &self.agent_addr);
        w.tlv(tag::OID, self.enterprise.as_ber());
        w.wrap(PduType::TrapV1.tag(), mark);
    }

    /// Decodes the trap; its bindings go into `out` (the trap keeps what
    /// [`Bindings::into_list`] makes of it).
    pub(crate) fn decode_body_into(
        t: &Tlv<'a>,
        quirks: Quirks,
        mut out: impl Bindings<'a>,
    ) -> Result<Self, DecodeError> {
        let lenient = quirks.non_minimal_integers;
        let mut r = t.reader();
        let e = r.read(tag::OID)?;
        let enterprise = RawOid::from_ber(e.content).map_err(|k| e.err(k))?;
        let a = r.read(tag::IP_ADDRESS)?;
        let agent_addr =
            <[u8; 4]>::try_from(a.content).map_err(|_| a.err(K::BadIpAddress(a.content.len())))?;
        let g = r.read(tag::INTEGER)?;
        let gv = ber::decode_i32(&g, lenient)?;
        let generic_trap = GenericTrap::from_i32(gv).ok_or_else(|| g.err(K::BadGenericTrap(gv)))?;
        let specific_trap = ber::decode_i32(&r.read(tag::INTEGER)?, lenient)?;
        let ts = r.read(tag::TIMETICKS)?;
        let time_stamp = ber::decode_unsigned(
            &ts,
            u64::from(u32::MAX),
            lenient,
            quirks.unsigned_without_pad,
        )? as u32;
        decode_varbinds(&mut r, Version::V1, quirks, &mut out)?;
        r.finish()?;
        Ok(Self {
            enterprise,
            agent_addr,
            generic_trap,
            specific_trap,
            time_stamp,
            varbinds: out.into_list(),
        })
    }
}
