//! A sans-IO, zero-copy BER codec for SNMPv1, SNMPv2c and SNMPv3 messages.
//!
//! This crate is pure data and pure functions: it contains no networking code, no clock and
//! no threads, and its results depend only on its inputs. It is the bottom layer of
//! [winsnmp](https://example.invalid/winsnmp); the engine and the driver above it never parse
//! bytes themselves.
//!
//! [`usm`] holds the SNMPv3 User-based Security Model cryptography (keys, HMAC
//! authentication, DES/3DES/AES privacy), with the same contract: no randomness and no clock
//! of its own; salts, engine boots and engine time are arguments.
//!
//! ```text
//!   bytes ──Message::decode──▶ Message<'bytes> { version, community, body: Body }
//!                                 Body::Pdu(Pdu { pdu_type, request_id, …, varbinds })
//!                                 Body::TrapV1(TrapV1 { enterprise, agent_addr, … })
//!   Message ──encoded_len()──▶ exact size ──encode_into()──▶ bytes (one pass)
//! ```
//!
//! # Guarantees
//! - Decoding never panics, whatever the input, and allocates at most one vector of bindings
//!   whose capacity is bounded by the input length; [`Message::decode_each`] allocates
//!   nothing, handing each binding to a closure instead.
//! - Decoding is strict by default: wrong tags, indefinite or over-long lengths, lengths
//!   past the end, trailing bytes, non-minimal or out-of-range integers, empty, over-long or
//!   malformed OIDs, and syntaxes or PDUs the version does not allow each give a
//!   [`DecodeError`] naming the problem and its byte offset. [`Quirks`] names the deviations
//!   that may be tolerated instead.
//! - Encoding computes the exact size first and then writes once;
//!   `encode(decode(b)) == b` for every canonical (DER-like, minimal) input `b`.
//!   [`BackWriter`] writes the same BER from the last element to the first, for callers
//!   that encode from their own structures (OIDs straight from their arcs).
//!
//! # Example
//! ```
//! use winsnmp_wire::{Body, Message, Value, Version};
//! // A v2c Response: sysDescr.0 = "Linux"
//! let bytes = [
//!     0x30, 0x29, 0x02, 0x01, 0x01, 0x04, 0x06, b'p', b'u', b'b', b'l', b'i', b'c',
//!     0xa2, 0x1c, 0x02, 0x01, 0x07, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00,
//!     0x30, 0x11, 0x30, 0x0f, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00,
//!     0x04, 0x03, b'L', b'n', b'x',
//! ];
//! let msg = Message::decode(&bytes).unwrap();
//! assert_eq!(msg.version, Version::V2c);
//! let vb = &msg.body.varbinds()[0];
//! assert_eq!(vb.name.to_string(), "1.3.6.1.2.1.1.1.0");
//! assert_eq!(vb.value, Value::OctetString(b"Lnx"));
//! assert_eq!(msg.to_vec().unwrap(), bytes);
//! ```
#![forbid(unsafe_code)]

mod backward;
mod ber;
mod error;
mod error_status;
mod message;
mod oid;
mod pdu;
pub mod usm;
mod v3;
mod value;

pub use backward::BackWriter;
pub use error::{DecodeError, DecodeErrorKind, EncodeError, OidError};
pub use error_status::ErrorStatus;
pub use message::{
    Body, Message, Quirks, Version, peek_pdu, peek_version, write_community_backward,
};
pub use oid::{Arcs, MAX_OID_LEN, Oid, RawOid};
pub use pdu::{GenericTrap, Pdu, PduType, TrapV1, VarBind};
pub use v3::{
    EncodedV3, HeaderData, MIN_MAX_SIZE, MessageV3, MsgFlags, ParseLevelError, ScopedPdu,
    ScopedPduData, SecurityLevel, USM_SECURITY_MODEL, UsmParams, offset_in,
};
pub use value::Value;
