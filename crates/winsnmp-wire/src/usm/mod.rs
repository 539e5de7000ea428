//! SNMPv3 User-based Security Model (USM) cryptography: keys, authentication, privacy.
//!
//! Pure functions over bytes, like the rest of this crate: no sockets, no clock and no
//! randomness. Salts, engine boots and engine time are the caller's inputs. Every primitive
//! (MD5, SHA-1, SHA-2, HMAC, DES, 3DES, AES, CBC, CFB) comes from the RustCrypto crates.
//! The message format that carries the results (`msgAuthenticationParameters`,
//! `msgPrivacyParameters`, the encrypted scoped PDU) is not here.
//!
//! ```text
//!   password ──AuthProtocol::password_to_key──▶ Ku ──AuthProtocol::localize(engine ID)──▶ Kul
//!   priv password ──(same auth protocol)──▶ Ku' ──PrivProtocol::localize(auth, engine ID)──▶
//!                                                   privacy key (localized, extended, cut)
//!   outgoing: scoped PDU ──PrivProtocol::encrypt──▶ ciphertext + msgPrivacyParameters
//!             message with zeroed auth params ──AuthProtocol::sign──▶ msgAuthenticationParameters
//!   incoming: AuthProtocol::verify, then PrivProtocol::decrypt
//! ```
//!
//! # Example
//! ```
//! use winsnmp_wire::usm::{AuthProtocol, PrivProtocol};
//!
//! let engine_id = [0x80, 0x00, 0x1f, 0x88, 0x80, 0x01, 0x02, 0x03, 0x04];
//! let auth: AuthProtocol = "SHA-256".parse().unwrap();
//! let privacy: PrivProtocol = "AES".parse().unwrap();
//! // Once per user and engine (each password_to_key hashes a megabyte):
//! let auth_key = auth.localize(&auth.password_to_key(b"authpass123").unwrap(), &engine_id);
//! let ku = auth.password_to_key(b"privpass123").unwrap();
//! let priv_key = privacy.localize(auth, &ku, &engine_id);
//!
//! // Per message:
//! let mut pdu = b"\x30\x03\x04\x01x".to_vec(); // a serialized scoped PDU
//! let params = privacy.encrypt(&priv_key, 1, 42, 0x0123_4567_89ab_cdef, &mut pdu);
//! let mut mac = [0; 48];
//! auth.sign(&auth_key, b"...the whole message, auth params zeroed...", &mut mac);
//! let mac = &mac[..auth.mac_len()];
//!
//! assert!(auth.verify(&auth_key, b"...the whole message, auth params zeroed...", mac));
//! privacy.decrypt(&priv_key, 1, 42, &params, &mut pdu).unwrap();
//! assert_eq!(pdu, b"\x30\x03\x04\x01x");
//! ```
//!
//! # Authentication protocols
//! [`AuthProtocol`]: HMAC-MD5-96 and HMAC-SHA-96 (RFC 3414), HMAC-SHA-2 with the MAC cut to
//! 128, 192, 256 or 384 bits (RFC 7860). net-snmp calls them `MD5`, `SHA`, `SHA-224`,
//! `SHA-256`, `SHA-384`, `SHA-512` ([`AuthProtocol::name`]). Password to key (RFC 3414 A.2)
//! hashes the password repeated to one megabyte; localization is `H(Ku || engineID || Ku)`.
//! RFC 7860 §4.2.2 uses the same two steps with the SHA-2 hash.
//!
//! # Privacy protocols
//! [`PrivProtocol`]: DES-CBC (RFC 3414 §8), 3DES-EDE-CBC
//! (draft-reeder-snmpv3-usm-3desede-00), AES-CFB-128 with a 128-bit key (RFC 3826), and
//! AES-CFB-128 with 192- and 256-bit keys (draft-blumenthal-aes-usm-04, never an RFC).
//! Encryption is the same for all AES variants; they differ in how the localized key is made
//! long enough for the cipher when the auth digest is shorter than the key (MD5, SHA-1, and
//! SHA-224 for 32-octet keys):
//!
//! - **Blumenthal** (draft-blumenthal-aes-usm-04 §3.1.2.1): `Kul = Kul || H(Kul)`, repeated
//!   until long enough, then cut. net-snmp's `AES-192`/`AES-256` (`-x AES-192`).
//! - **Reeder** (draft-reeder-snmpv3-usm-3desede-00 §2.1, written for 3DES):
//!   `Kul = Kul || localize(password_to_key(Kul))`, i.e. the localized key is treated as a
//!   new password. The 3DES method, and for AES-192/256 pysnmp's `usmAesCfb192Protocol` /
//!   `usmAesCfb256Protocol` and net-snmp's `AES-192-C` / `AES-256-C`: the "-C" variants
//!   here, [`PrivProtocol::Aes192Cisco`] and [`PrivProtocol::Aes256Cisco`]. Both projects
//!   name Cisco as the reason (net-snmp: "cisco / pysnmp variations"; pysnmp: "used by many
//!   vendors including Cisco").
//!
//! With an auth digest at least as long as the key (SHA-256 and up for every cipher,
//! SHA-224 for AES-192, any digest for DES and AES-128) no extension happens and the two
//! methods give the same key. pysnmp and net-snmp disagree on which OIDs name the
//! AES-192/256 variants; [`PrivProtocol::oid`] follows net-snmp and lists both.
//!
//! # Keys
//! [`Key`] holds up to 64 octets inline, is overwritten with zeros when dropped, compares
//! in constant time and never prints its octets (`Debug` shows `Key(<16 octets>)`).
//! [`AuthProtocol::verify`] compares MACs in constant time.
//!
//! # How this was checked
//! - RFC 3414 A.3.1 and A.3.2 (password `maplesyrup`, engine ID `00…02`): `Ku` and `Kul`
//!   for MD5 and SHA-1 exactly as printed in the RFC (unit tests in `auth.rs`); RFC 2202's
//!   HMAC-MD5 and HMAC-SHA-1 case 2.
//! - The sample results of draft-reeder-snmpv3-usm-3desede-00 (B.1, B.2) and
//!   draft-blumenthal-aes-usm-04 (A.1) (unit tests in `privacy.rs`).
//! - Every auth protocol and every privacy protocol × every auth protocol against pysnmp
//!   7.1.30: its own password to key, localization, key extensions and DES/3DES/AES
//!   encryption, and its MACs (rechecked with Python's `hmac`): `tests/wire/usm.rs`, data
//!   generated by `tests/wire/usm_vectors.py`.
//! - Against net-snmp 5.9.3 (`tests/wire/usm_netsnmp.py`): the localized keys `snmpd`
//!   stored for users it created from passwords, for every auth protocol and every auth ×
//!   privacy pair it has (all but 3DES), are the keys this module derives; and for
//!   authPriv requests and responses between `snmpget` and `snmpd` (every auth protocol,
//!   every privacy protocol but 3DES) this module verifies and reproduces the MAC, decrypts
//!   the scoped PDU, and encrypting it again with the message's salt gives net-snmp's
//!   ciphertext octet for octet.
//!
//! pysnmp and net-snmp agree on every key. They differ in the OIDs of the AES-192/256
//! variants (above), and in DES padding: pysnmp appends a whole block to data that is
//! already a multiple of 8 octets, net-snmp and this module append nothing (the pad octets'
//! value is open, RFC 3414 §8.1.1.2: this module writes zeros, net-snmp the pad length).

mod auth;
mod key;
mod privacy;

pub use auth::AuthProtocol;
pub use key::Key;
pub use privacy::PrivProtocol;

use core::fmt;

/// Errors of the USM cryptography.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UsmError {
    /// A password shorter than 8 octets (RFC 3414 §11.2).
    #[error("password shorter than 8 octets")]
    PasswordTooShort,
    /// `msgPrivacyParameters` that are not 8 octets long (`decryptionError`).
    #[error("privacy parameters are not 8 octets")]
    BadPrivParameters,
    /// DES or 3DES ciphertext whose length is not a multiple of 8 (`decryptionError`).
    #[error("DES ciphertext length is not a multiple of 8")]
    BadCiphertextLength,
    /// A key shorter than the protocol needs ([`PrivProtocol::key_len`]).
    #[error("key shorter than the protocol needs")]
    KeyTooShort,
}

/// Which list of names a [`ParseProtocolError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ProtocolKind {
    Auth,
    Priv,
}

/// A name that is not an [`AuthProtocol`] or a [`PrivProtocol`] (the error of their
/// `FromStr`). Its message lists the valid names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseProtocolError {
    kind: ProtocolKind,
}

impl ParseProtocolError {
    const fn new(kind: ProtocolKind) -> Self {
        Self { kind }
    }
}

impl fmt::Display for ParseProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (what, names): (&str, &[&str]) = match self.kind {
            ProtocolKind::Auth => ("authentication", &AuthProtocol::ALL.map(AuthProtocol::name)),
            ProtocolKind::Priv => ("privacy", &PrivProtocol::ALL.map(PrivProtocol::name)),
        };
        write!(f, "unknown {what} protocol (expected one of ")?;
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(name)?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for ParseProtocolError {}
