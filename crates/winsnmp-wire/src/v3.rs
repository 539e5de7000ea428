//! SNMPv3 messages (RFC 3412 §6) and the User-based Security Model's parameters (RFC 3414
//! §2.4): the message layout only. Authentication and privacy (the [`crate::usm`] module)
//! and everything that needs state (engine IDs, boots and time, users, keys) are applied by
//! the caller around this codec.
//!
//! ```text
//! SNMPv3Message  ::= SEQUENCE { msgVersion 3, msgGlobalData HeaderData,
//!                               msgSecurityParameters OCTET STRING, msgData ScopedPduData }
//! HeaderData     ::= SEQUENCE { msgID, msgMaxSize, msgFlags OCTET STRING (SIZE 1),
//!                               msgSecurityModel }
//! ScopedPduData  ::= CHOICE   { plaintext ScopedPDU, encryptedPDU OCTET STRING }
//! ScopedPDU      ::= SEQUENCE { contextEngineID, contextName, data PDU }
//! UsmSecurityParameters ::= SEQUENCE { msgAuthoritativeEngineID, …Boots, …Time,
//!                               msgUserName, msgAuthenticationParameters,
//!                               msgPrivacyParameters }
//! ```
//!
//! Decoding borrows every octet string from the input. The authentication parameters of a
//! decoded message are a sub-slice of the input, so [`offset_in`] gives their position for
//! the zero-then-HMAC check of RFC 3414 §3.2 step 6; encoding reports where it put them
//! ([`EncodedV3::security_params_at`] plus [`UsmParams::encode_into`]'s result) so the MAC
//! can be written in place afterwards.

use crate::ber::{self, Reader, Sink, Tlv, Writer, tag};
use crate::error::{DecodeError, DecodeErrorKind as K, EncodeError};
use crate::pdu::{Pdu, PduType, varbinds_content_len};
use crate::{Quirks, Version};

/// `msgSecurityModel` of the User-based Security Model (RFC 3411 `SnmpSecurityModel`).
pub const USM_SECURITY_MODEL: i32 = 3;

/// The smallest `msgMaxSize` RFC 3412 allows.
pub const MIN_MAX_SIZE: i32 = 484;

/// The `msgFlags` octet: authentication, privacy and the reportable flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MsgFlags(pub u8);

impl MsgFlags {
    /// authFlag: the message is authenticated.
    pub const AUTH: u8 = 0x01;
    /// privFlag: the scoped PDU is encrypted.
    pub const PRIV: u8 = 0x02;
    /// reportableFlag: the receiver should send a Report on a processing error.
    pub const REPORTABLE: u8 = 0x04;

    /// Flags for `level`, with the reportable flag as given.
    pub const fn new(level: SecurityLevel, reportable: bool) -> Self {
        Self(level.flags() | if reportable { Self::REPORTABLE } else { 0 })
    }

    /// Whether the authFlag is set.
    pub const fn auth(self) -> bool {
        self.0 & Self::AUTH != 0
    }

    /// Whether the privFlag is set.
    pub const fn privacy(self) -> bool {
        self.0 & Self::PRIV != 0
    }

    /// Whether the reportableFlag is set.
    pub const fn reportable(self) -> bool {
        self.0 & Self::REPORTABLE != 0
    }

    /// The security level, or `None` for privacy without authentication (which RFC 3412
    /// §7.2 step 5 counts in `snmpInvalidMsgs`).
    pub const fn level(self) -> Option<SecurityLevel> {
        match (self.auth(), self.privacy()) {
            (false, false) => Some(SecurityLevel::NoAuthNoPriv),
            (true, false) => Some(SecurityLevel::AuthNoPriv),
            (true, true) => Some(SecurityLevel::AuthPriv),
            (false, true) => None,
        }
    }
}

/// The three SNMPv3 security levels (RFC 3411 `SnmpSecurityLevel`), ordered from weakest to
/// strongest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SecurityLevel {
    /// Neither authentication nor privacy.
    NoAuthNoPriv,
    /// Authentication, no privacy.
    AuthNoPriv,
    /// Authentication and privacy.
    AuthPriv,
}

impl SecurityLevel {
    /// The authFlag and privFlag bits of this level.
    pub const fn flags(self) -> u8 {
        match self {
            Self::NoAuthNoPriv => 0,
            Self::AuthNoPriv => MsgFlags::AUTH,
            Self::AuthPriv => MsgFlags::AUTH | MsgFlags::PRIV,
        }
    }

    /// net-snmp's name (`-l`): `noAuthNoPriv`, `authNoPriv`, `authPriv`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::NoAuthNoPriv => "noAuthNoPriv",
            Self::AuthNoPriv => "authNoPriv",
            Self::AuthPriv => "authPriv",
        }
    }

    /// Whether messages at this level are authenticated.
    pub const fn auth(self) -> bool {
        !matches!(self, Self::NoAuthNoPriv)
    }

    /// Whether messages at this level are encrypted.
    pub const fn privacy(self) -> bool {
        matches!(self, Self::AuthPriv)
    }
}

impl core::fmt::Display for SecurityLevel {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a string is not a security level.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown security level {0:?} (noAuthNoPriv, authNoPriv or authPriv)")]
pub struct ParseLevelError(pub String);

impl core::str::FromStr for SecurityLevel {
    type Err = ParseLevelError;

    /// net-snmp's `-l` values, case-insensitive, plus its short forms `noauth`, `auth`,
    /// `priv` (as in `rouser NAME priv`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "noauthnopriv" | "noauth" | "nanp" | "1" => Ok(Self::NoAuthNoPriv),
            "authnopriv" | "auth" | "anp" | "2" => Ok(Self::AuthNoPriv),
            "authpriv" | "priv" | "ap" | "3" => Ok(Self::AuthPriv),
            _ => Err(ParseLevelError(s.to_owned())),
        }
    }
}

/// `msgGlobalData`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderData {
    /// msgID: matches a response or report to its request (0..2^31-1).
    pub msg_id: i32,
    /// msgMaxSize: the largest message the sender can receive (484..2^31-1).
    pub max_size: i32,
    /// msgFlags.
    pub flags: MsgFlags,
    /// msgSecurityModel ([`USM_SECURITY_MODEL`] for USM).
    pub security_model: i32,
}

impl HeaderData {
    fn content_len(&self) -> usize {
        2 + ber::signed_len(i64::from(self.msg_id))
            + 2
            + ber::signed_len(i64::from(self.max_size))
            + 3
            + 2
            + ber::signed_len(i64::from(self.security_model))
    }

    fn check(&self) -> Result<(), EncodeError> {
        if self.msg_id < 0 || self.max_size < MIN_MAX_SIZE || self.security_model < 1 {
            return Err(EncodeError::FieldOutOfRange);
        }
        Ok(())
    }

    fn encode(&self, w: &mut Writer<'_>) {
        w.header(tag::SEQUENCE, self.content_len());
        w.signed(tag::INTEGER, i64::from(self.msg_id));
        w.signed(tag::INTEGER, i64::from(self.max_size));
        w.tlv(tag::OCTET_STRING, &[self.flags.0]);
        w.signed(tag::INTEGER, i64::from(self.security_model));
    }

    fn decode(t: &Tlv<'_>, quirks: Quirks) -> Result<Self, DecodeError> {
        let mut r = t.reader();
        let lenient = quirks.non_minimal_integers;
        let id = r.read(tag::INTEGER)?;
        let msg_id = ber::decode_i32(&id, lenient)?;
        if msg_id < 0 {
            return Err(id.err(K::FieldOutOfRange));
        }
        let ms = r.read(tag::INTEGER)?;
        let max_size = ber::decode_i32(&ms, lenient)?;
        if max_size < MIN_MAX_SIZE {
            return Err(ms.err(K::FieldOutOfRange));
        }
        let fl = r.read(tag::OCTET_STRING)?;
        let [flags] = fl.content else {
            return Err(fl.err(K::FieldOutOfRange));
        };
        let sm = r.read(tag::INTEGER)?;
        let security_model = ber::decode_i32(&sm, lenient)?;
        if security_model < 1 {
            return Err(sm.err(K::FieldOutOfRange));
        }
        r.finish()?;
        Ok(Self {
            msg_id,
            max_size,
            flags: MsgFlags(*flags),
            security_model,
        })
    }
}

/// `UsmSecurityParameters` (RFC 3414 §2.4), the content of `msgSecurityParameters` when the
/// security model is USM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UsmParams<'a> {
    /// msgAuthoritativeEngineID (empty in a discovery probe).
    pub engine_id: &'a [u8],
    /// msgAuthoritativeEngineBoots (0..2^31-1).
    pub engine_boots: u32,
    /// msgAuthoritativeEngineTime, seconds (0..2^31-1).
    pub engine_time: u32,
    /// msgUserName (the security name; 0..32 octets by RFC 3414, not enforced here).
    pub user_name: &'a [u8],
    /// msgAuthenticationParameters: the truncated HMAC, or empty.
    pub auth_params: &'a [u8],
    /// msgPrivacyParameters: the salt, or empty.
    pub priv_params: &'a [u8],
}

impl<'a> UsmParams<'a> {
    fn content_len(&self) -> usize {
        ber::tlv_len(self.engine_id.len())
            + 2
            + ber::signed_len(i64::from(self.engine_boots))
            + 2
            + ber::signed_len(i64::from(self.engine_time))
            + ber::tlv_len(self.user_name.len())
            + ber::tlv_len(self.auth_params.len())
            + ber::tlv_len(self.priv_params.len())
    }

    /// The exact size of the encoded parameters.
    ///
    /// # Errors
    /// [`EncodeError::FieldOutOfRange`] when boots or time is above 2^31-1.
    pub fn encoded_len(&self) -> Result<usize, EncodeError> {
        if self.engine_boots > i32::MAX as u32 || self.engine_time > i32::MAX as u32 {
            return Err(EncodeError::FieldOutOfRange);
        }
        Ok(ber::tlv_len(self.content_len()))
    }

    /// Appends the encoded parameters to `out` and returns the offset, from the start of
    /// what was appended, of the authentication parameters' content (where a MAC computed
    /// later must be written).
    ///
    /// # Errors
    /// As [`UsmParams::encoded_len`]; `out` is then unchanged.
    pub fn encode_into(&self, out: &mut Vec<u8>) -> Result<usize, EncodeError> {
        let len = self.encoded_len()?;
        let start = out.len();
        out.resize(start + len, 0);
        let mut w = Writer::new(&mut out[start..]);
        w.header(tag::SEQUENCE, self.content_len());
        w.tlv(tag::OCTET_STRING, self.engine_id);
        w.signed(tag::INTEGER, i64::from(self.engine_boots));
        w.signed(tag::INTEGER, i64::from(self.engine_time));
        w.tlv(tag::OCTET_STRING, self.user_name);
        w.header(tag::OCTET_STRING, self.auth_params.len());
        let at = w.position();
        w.bytes(self.auth_params);
        w.tlv(tag::OCTET_STRING, self.priv_params);
        debug_assert_eq!(w.position(), len);
        Ok(at)
    }

    /// Decodes `UsmSecurityParameters` that fill `buf` exactly.
    ///
    /// # Errors
    /// A [`DecodeError`] (offsets relative to `buf`); boots and time must be 0..2^31-1.
    pub fn decode(buf: &'a [u8]) -> Result<Self, DecodeError> {
        Self::decode_with(buf, Quirks::STRICT)
    }

    /// As [`UsmParams::decode`], tolerating `quirks` (non-minimal integers, trailing bytes).
    ///
    /// # Errors
    /// A [`DecodeError`] (offsets relative to `buf`).
    pub fn decode_with(buf: &'a [u8], quirks: Quirks) -> Result<Self, DecodeError> {
        let mut outer = Reader::new(buf);
        let seq = outer.read(tag::SEQUENCE)?;
        if !quirks.trailing_bytes {
            outer.finish()?;
        }
        let mut r = seq.reader();
        let lenient = quirks.non_minimal_integers;
        let engine_id = r.read(tag::OCTET_STRING)?.content;
        let uint31 = |r: &mut Reader<'a>| -> Result<u32, DecodeError> {
            let t = r.read(tag::INTEGER)?;
            let v = ber::decode_i32(&t, lenient)?;
            u32::try_from(v).map_err(|_| t.err(K::FieldOutOfRange))
        };
        let engine_boots = uint31(&mut r)?;
        let engine_time = uint31(&mut r)?;
        let user_name = r.read(tag::OCTET_STRING)?.content;
        let auth_params = r.read(tag::OCTET_STRING)?.content;
        let priv_params = r.read(tag::OCTET_STRING)?.content;
        r.finish()?;
        Ok(Self {
            engine_id,
            engine_boots,
            engine_time,
            user_name,
            auth_params,
            priv_params,
        })
    }
}

/// A `ScopedPDU`: the context and the PDU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopedPdu<'a> {
    /// contextEngineID.
    pub context_engine_id: &'a [u8],
    /// contextName.
    pub context_name: &'a [u8],
    /// The PDU (never an SNMPv1 Trap).
    pub pdu: Pdu<'a>,
}

impl<'a> ScopedPdu<'a> {
    fn content_len(&self, vbs: usize) -> usize {
        ber::tlv_len(self.context_engine_id.len())
            + ber::tlv_len(self.context_name.len())
            + self.pdu.encoded_len(vbs)
    }

    fn sizes(&self) -> Result<(usize, usize), EncodeError> {
        self.pdu.check_version(Version::V3)?;
        let vbs = varbinds_content_len(&self.pdu.varbinds);
        let content = self.content_len(vbs);
        if content > u32::MAX as usize - 8 {
            return Err(EncodeError::TooLarge);
        }
        Ok((content, vbs))
    }

    /// The exact size of the encoded scoped PDU.
    ///
    /// # Errors
    /// [`EncodeError::PduNotInVersion`] (an SNMPv1 Trap), [`EncodeError::SyntaxNotInVersion`]
    /// (NsapAddress), [`EncodeError::TooLarge`].
    pub fn encoded_len(&self) -> Result<usize, EncodeError> {
        Ok(ber::tlv_len(self.sizes()?.0))
    }

    /// Appends the encoded scoped PDU to `out` (the plaintext to encrypt, or to embed) and
    /// returns its length.
    ///
    /// # Errors
    /// As [`ScopedPdu::encoded_len`]; `out` is then unchanged.
    pub fn encode_into(&self, out: &mut Vec<u8>) -> Result<usize, EncodeError> {
        let (content, vbs) = self.sizes()?;
        let len = ber::tlv_len(content);
        let start = out.len();
        out.resize(start + len, 0);
        let mut w = Writer::new(&mut out[start..]);
        self.encode(content, vbs, &mut w);
        debug_assert_eq!(w.position(), len);
        Ok(len)
    }

    fn encode(&self, content: usize, vbs: usize, w: &mut Writer<'_>) {
        w.header(tag::SEQUENCE, content);
        w.tlv(tag::OCTET_STRING, self.context_engine_id);
        w.tlv(tag::OCTET_STRING, self.context_name);
        self.pdu.encode(vbs, w);
    }

    /// Decodes the scoped PDU at the start of `buf`, ignoring whatever follows it: a
    /// decrypted DES/3DES plaintext ends with padding (RFC 3414 §8.1.1.3).
    ///
    /// # Errors
    /// A [`DecodeError`] with offsets relative to `buf`.
    pub fn decode_prefix(buf: &'a [u8], quirks: Quirks) -> Result<Self, DecodeError> {
        let mut outer = Reader::new(buf);
        let seq = outer.read(tag::SEQUENCE)?;
        Self::decode_tlv(&seq, quirks)
    }

    fn decode_tlv(seq: &Tlv<'a>, quirks: Quirks) -> Result<Self, DecodeError> {
        let mut r = seq.reader();
        let context_engine_id = r.read(tag::OCTET_STRING)?.content;
        let context_name = r.read(tag::OCTET_STRING)?.content;
        let pt = r.read_any()?;
        let pdu_type =
            PduType::from_tag(pt.tag).ok_or_else(|| pt.err(K::UnknownPduType(pt.tag)))?;
        if !pdu_type.allowed_in(Version::V3) {
            return Err(pt.err(K::PduNotInVersion(pt.tag)));
        }
        let pdu = Pdu::decode_body(&pt, pdu_type, Version::V3, quirks)?;
        r.finish()?;
        Ok(Self {
            context_engine_id,
            context_name,
            pdu,
        })
    }
}

/// `msgData`: a plaintext scoped PDU, or the encrypted octets of one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopedPduData<'a> {
    /// plaintext.
    Plaintext(ScopedPdu<'a>),
    /// encryptedPDU: the ciphertext of an encoded [`ScopedPdu`].
    Encrypted(&'a [u8]),
}

/// Where [`MessageV3::encode_into`] put things.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EncodedV3 {
    /// Length of the message.
    pub len: usize,
    /// Offset, from the start of the message, of the content of `msgSecurityParameters`
    /// (add [`UsmParams::encode_into`]'s result to find the authentication parameters).
    pub security_params_at: usize,
}

/// An SNMPv3 message (RFC 3412 §6).
///
/// ```
/// use winsnmp_wire::{MessageV3, HeaderData, MsgFlags, Pdu, PduType, ScopedPdu, ScopedPduData,
///                    SecurityLevel, UsmParams, USM_SECURITY_MODEL};
/// // The discovery probe of RFC 3414 §4: no user, no engine ID, an empty GET.
/// let mut usm = Vec::new();
/// UsmParams::default().encode_into(&mut usm).unwrap();
/// let msg = MessageV3 {
///     header: HeaderData {
///         msg_id: 1,
///         max_size: 65507,
///         flags: MsgFlags::new(SecurityLevel::NoAuthNoPriv, true),
///         security_model: USM_SECURITY_MODEL,
///     },
///     security_params: &usm,
///     data: ScopedPduData::Plaintext(ScopedPdu {
///         context_engine_id: b"",
///         context_name: b"",
///         pdu: Pdu::new(PduType::Get, 7, vec![]),
///     }),
/// };
/// let bytes = msg.to_vec().unwrap();
/// assert_eq!(MessageV3::decode(&bytes).unwrap(), msg);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageV3<'a> {
    /// msgGlobalData.
    pub header: HeaderData,
    /// The content of msgSecurityParameters (for USM an encoded [`UsmParams`]).
    pub security_params: &'a [u8],
    /// msgData.
    pub data: ScopedPduData<'a>,
}

impl<'a> MessageV3<'a> {
    /// Decodes one SNMPv3 message that fills `buf` exactly, strictly.
    ///
    /// # Errors
    /// A [`DecodeError`] with the kind and byte offset of the first problem.
    pub fn decode(buf: &'a [u8]) -> Result<Self, DecodeError> {
        Self::decode_with(buf, Quirks::STRICT)
    }

    /// Decodes one SNMPv3 message, tolerating `quirks`.
    ///
    /// # Errors
    /// A [`DecodeError`] with the kind and byte offset of the first problem.
    pub fn decode_with(buf: &'a [u8], quirks: Quirks) -> Result<Self, DecodeError> {
        let mut outer = Reader::new(buf);
        let seq = outer.read(tag::SEQUENCE)?;
        if !quirks.trailing_bytes {
            outer.finish()?;
        }
        let mut r = seq.reader();
        let vt = r.read(tag::INTEGER)?;
        let v = ber::decode_i32(&vt, quirks.non_minimal_integers)?;
        if v != Version::V3.wire() {
            return Err(vt.err(K::UnsupportedVersion(v)));
        }
        let header = HeaderData::decode(&r.read(tag::SEQUENCE)?, quirks)?;
        let security_params = r.read(tag::OCTET_STRING)?.content;
        let d = r.read_any()?;
        let data = match d.tag {
            tag::SEQUENCE => ScopedPduData::Plaintext(ScopedPdu::decode_tlv(&d, quirks)?),
            tag::OCTET_STRING => ScopedPduData::Encrypted(d.content),
            found => {
                return Err(d.err(K::UnexpectedTag {
                    expected: tag::SEQUENCE,
                    found,
                }));
            }
        };
        r.finish()?;
        Ok(Self {
            header,
            security_params,
            data,
        })
    }

    fn sizes(&self) -> Result<(usize, usize, usize), EncodeError> {
        self.header.check()?;
        let (data_len, vbs) = match &self.data {
            ScopedPduData::Plaintext(s) => {
                let (content, vbs) = s.sizes()?;
                (ber::tlv_len(content), vbs)
            }
            ScopedPduData::Encrypted(c) => (ber::tlv_len(c.len()), 0),
        };
        let content = 3
            + ber::tlv_len(self.header.content_len())
            + ber::tlv_len(self.security_params.len())
            + data_len;
        if content > u32::MAX as usize - 8 {
            return Err(EncodeError::TooLarge);
        }
        Ok((content, data_len, vbs))
    }

    /// The exact size of the encoded message.
    ///
    /// # Errors
    /// [`EncodeError::FieldOutOfRange`] (msgID, msgMaxSize, security model), as
    /// [`ScopedPdu::encoded_len`] for a plaintext PDU, [`EncodeError::TooLarge`].
    pub fn encoded_len(&self) -> Result<usize, EncodeError> {
        Ok(ber::tlv_len(self.sizes()?.0))
    }

    /// Appends the encoded message to `out` in one pass.
    ///
    /// # Errors
    /// As [`MessageV3::encoded_len`]; `out` is then unchanged.
    pub fn encode_into(&self, out: &mut Vec<u8>) -> Result<EncodedV3, EncodeError> {
        let (content, _, vbs) = self.sizes()?;
        let len = ber::tlv_len(content);
        let start = out.len();
        out.resize(start + len, 0);
        let mut w = Writer::new(&mut out[start..]);
        w.header(tag::SEQUENCE, content);
        w.signed(tag::INTEGER, i64::from(Version::V3.wire()));
        self.header.encode(&mut w);
        w.header(tag::OCTET_STRING, self.security_params.len());
        let security_params_at = w.position();
        w.bytes(self.security_params);
        match &self.data {
            ScopedPduData::Plaintext(s) => {
                let (c, _) = s.sizes()?;
                s.encode(c, vbs, &mut w);
            }
            ScopedPduData::Encrypted(c) => w.tlv(tag::OCTET_STRING, c),
        }
        debug_assert_eq!(w.position(), len);
        Ok(EncodedV3 {
            len,
            security_params_at,
        })
    }

    /// The encoded message in a new vector of exactly its size.
    ///
    /// # Errors
    /// As [`MessageV3::encoded_len`].
    pub fn to_vec(&self) -> Result<Vec<u8>, EncodeError> {
        let mut v = Vec::new();
        self.encode_into(&mut v)?;
        Ok(v)
    }
}

/// The offset of `inner` within `outer` when `inner` is a sub-slice of it (as every octet
/// string of a decoded message is of the input), else `None`.
pub fn offset_in(outer: &[u8], inner: &[u8]) -> Option<usize> {
    let o = outer.as_ptr() as usize;
    let i = inner.as_ptr() as usize;
    let at = i.checked_sub(o)?;
    (at + inner.len() <= outer.len()).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Oid, Value, VarBind};

    fn usm_bytes(p: &UsmParams<'_>) -> (Vec<u8>, usize) {
        let mut v = Vec::new();
        let at = p.encode_into(&mut v).unwrap();
        (v, at)
    }

    fn header(flags: u8) -> HeaderData {
        HeaderData {
            msg_id: 0x1234,
            max_size: 65507,
            flags: MsgFlags(flags),
            security_model: USM_SECURITY_MODEL,
        }
    }

    #[test]
    fn usm_params_round_trip_and_auth_offset() {
        let p = UsmParams {
            engine_id: &[0x80, 0, 0x1f, 0x88, 0x80, 1, 2, 3, 4],
            engine_boots: 7,
            engine_time: 123_456,
            user_name: b"shaaes",
            auth_params: &[0; 12],
            priv_params: &[9; 8],
        };
        let (bytes, at) = usm_bytes(&p);
        assert_eq!(bytes.len(), p.encoded_len().unwrap());
        assert_eq!(&bytes[at..at + 12], &[0; 12]);
        assert_eq!(bytes[at - 2..at], [0x04, 12]);
        let d = UsmParams::decode(&bytes).unwrap();
        assert_eq!(d, p);
        assert_eq!(offset_in(&bytes, d.auth_params), Some(at));
    }

    #[test]
    fn discovery_probe_bytes() {
        // The RFC 3412/3414 layout of an engine-ID discovery probe, written out by hand.
        let (usm, _) = usm_bytes(&UsmParams::default());
        assert_eq!(usm, [0x30, 0x0e, 4, 0, 2, 1, 0, 2, 1, 0, 4, 0, 4, 0, 4, 0]);
        let msg = MessageV3 {
            header: header(MsgFlags::REPORTABLE),
            security_params: &usm,
            data: ScopedPduData::Plaintext(ScopedPdu {
                context_engine_id: b"",
                context_name: b"",
                pdu: Pdu::new(PduType::Get, 0x55, vec![]),
            }),
        };
        let bytes = msg.to_vec().unwrap();
        let expect = [
            0x30, 0x39, 0x02, 0x01, 0x03, // version 3
            0x30, 0x0f, 0x02, 0x02, 0x12, 0x34, 0x02, 0x03, 0x00, 0xff, 0xe3, 0x04, 0x01, 0x04,
            0x02, 0x01, 0x03, // header
            0x04, 0x10, 0x30, 0x0e, 4, 0, 2, 1, 0, 2, 1, 0, 4, 0, 4, 0, 4, 0, // usm
            0x30, 0x11, 0x04, 0x00, 0x04, 0x00, // scoped pdu
            0xa0, 0x0b, 0x02, 0x01, 0x55, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x00,
        ];
        assert_eq!(bytes, expect);
        assert_eq!(MessageV3::decode(&bytes).unwrap(), msg);
        assert_eq!(crate::peek_version(&bytes).unwrap(), Version::V3);
    }

    #[test]
    fn encrypted_round_trip_and_offsets() {
        let (usm, at) = usm_bytes(&UsmParams {
            engine_id: b"\x80\x00\x00\x00\x05abcd",
            engine_boots: 1,
            engine_time: 2,
            user_name: b"u",
            auth_params: &[0; 24],
            priv_params: &[1; 8],
        });
        let msg = MessageV3 {
            header: header(MsgFlags::AUTH | MsgFlags::PRIV | MsgFlags::REPORTABLE),
            security_params: &usm,
            data: ScopedPduData::Encrypted(&[0xaa; 37]),
        };
        let mut out = vec![0xee; 3];
        let e = msg.encode_into(&mut out).unwrap();
        let bytes = &out[3..];
        assert_eq!(bytes.len(), e.len);
        assert_eq!(&bytes[e.security_params_at..][..usm.len()], &usm[..]);
        let d = MessageV3::decode(bytes).unwrap();
        assert_eq!(d, msg);
        let p = UsmParams::decode(d.security_params).unwrap();
        assert_eq!(
            offset_in(bytes, p.auth_params),
            Some(e.security_params_at + at)
        );
        assert_eq!(d.header.flags.level(), Some(SecurityLevel::AuthPriv));
    }

    #[test]
    fn scoped_pdu_with_padding_and_values() {
        let name: Oid = "1.3.6.1.2.1.1.1.0".parse().unwrap();
        let s = ScopedPdu {
            context_engine_id: b"\x80\x00\x1f\x88\x04abc",
            context_name: b"ctx",
            pdu: Pdu::new(
                PduType::Response,
                9,
                vec![VarBind::new(name.as_raw(), Value::Counter64(1 << 40))],
            ),
        };
        let mut v = Vec::new();
        s.encode_into(&mut v).unwrap();
        v.extend_from_slice(&[0; 5]);
        assert_eq!(ScopedPdu::decode_prefix(&v, Quirks::STRICT).unwrap(), s);
    }

    #[test]
    fn refusals() {
        let (usm, _) = usm_bytes(&UsmParams::default());
        let mut m = MessageV3 {
            header: header(0),
            security_params: &usm,
            data: ScopedPduData::Encrypted(b""),
        };
        let good = m.to_vec().unwrap();
        m.header.max_size = 483;
        assert_eq!(m.to_vec(), Err(EncodeError::FieldOutOfRange));
        m.header.max_size = 484;
        m.header.msg_id = -1;
        assert_eq!(m.to_vec(), Err(EncodeError::FieldOutOfRange));
        let big = UsmParams {
            engine_boots: 1 << 31,
            ..UsmParams::default()
        };
        assert_eq!(big.encoded_len(), Err(EncodeError::FieldOutOfRange));

        // Flags of two octets, version 2, a v1 trap in a scoped PDU, trailing bytes.
        let mut b = good.clone();
        b.push(0);
        assert!(matches!(
            MessageV3::decode(&b).unwrap_err().kind,
            K::TrailingBytes { .. }
        ));
        let mut b = good.clone();
        b[4] = 2;
        assert_eq!(
            MessageV3::decode(&b).unwrap_err().kind,
            K::UnsupportedVersion(2)
        );
        let flags_at = good.windows(3).position(|w| w == [4, 1, 0]).unwrap();
        let mut b = good.clone();
        b[flags_at + 1] = 0; // empty flags octet string: the message shrinks by one byte
        b.remove(flags_at + 2);
        b[1] -= 1;
        b[6] -= 1;
        assert_eq!(MessageV3::decode(&b).unwrap_err().kind, K::FieldOutOfRange);
        let trap = [
            0x30, 0x0e, 0x04, 0x00, 0x04, 0x00, 0xa4, 0x08, 0x06, 0x01, 0x2b, 0x40, 0x00, 0x02,
            0x01, 0x00,
        ];
        assert_eq!(
            ScopedPdu::decode_prefix(&trap, Quirks::STRICT)
                .unwrap_err()
                .kind,
            K::PduNotInVersion(0xa4)
        );
        assert!(Version::V3 != Version::V2c);
        assert_eq!(
            crate::Message::decode(&good).unwrap_err().kind,
            K::UnsupportedVersion(3)
        );
    }

    #[test]
    fn flags_and_levels() {
        assert_eq!(MsgFlags(2).level(), None);
        assert_eq!(MsgFlags(7).level(), Some(SecurityLevel::AuthPriv));
        assert!(MsgFlags(7).reportable());
        for l in [
            SecurityLevel::NoAuthNoPriv,
            SecurityLevel::AuthNoPriv,
            SecurityLevel::AuthPriv,
        ] {
            assert_eq!(l.name().parse::<SecurityLevel>().unwrap(), l);
            assert_eq!(MsgFlags::new(l, false).level(), Some(l));
        }
        assert!("secret".parse::<SecurityLevel>().is_err());
        assert!(SecurityLevel::AuthPriv > SecurityLevel::AuthNoPriv);
    }

    #[test]
    fn offset_in_rejects_foreign_slices() {
        let a = [1u8, 2, 3, 4];
        let b = [1u8, 2];
        assert_eq!(offset_in(&a, &a[1..3]), Some(1));
        assert_eq!(offset_in(&a, &b), None);
        assert_eq!(offset_in(&a[..2], &a[1..4]), None);
    }
}
