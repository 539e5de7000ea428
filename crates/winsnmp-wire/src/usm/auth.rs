//! [`AuthProtocol`]: password to key, key localization and the HMAC of a message.

use core::fmt;
use core::str::FromStr;

use hmac::{EagerHash, Hmac, KeyInit, Mac};
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};
use zeroize::Zeroize;

use super::{Key, ParseProtocolError, ProtocolKind, UsmError};

/// An SNMPv3 USM authentication protocol: HMAC with one hash function (RFC 3414, RFC 7860).
///
/// The hash also drives the key derivation: [`password_to_key`](Self::password_to_key) and
/// [`localize`](Self::localize) make the user's keys, for authentication and (with
/// [`PrivProtocol::localize`](super::PrivProtocol::localize)) for privacy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthProtocol {
    /// HMAC-MD5-96, `usmHMACMD5AuthProtocol` (RFC 3414 §6).
    Md5,
    /// HMAC-SHA-96, `usmHMACSHAAuthProtocol` (RFC 3414 §7).
    Sha1,
    /// HMAC-SHA-224 truncated to 128 bits, `usmHMAC128SHA224AuthProtocol` (RFC 7860).
    Sha224,
    /// HMAC-SHA-256 truncated to 192 bits, `usmHMAC192SHA256AuthProtocol` (RFC 7860).
    Sha256,
    /// HMAC-SHA-384 truncated to 256 bits, `usmHMAC256SHA384AuthProtocol` (RFC 7860).
    Sha384,
    /// HMAC-SHA-512 truncated to 384 bits, `usmHMAC384SHA512AuthProtocol` (RFC 7860).
    Sha512,
}

/// Octets of repeated password hashed by password-to-key (RFC 3414 A.2: one megabyte).
const PASSWORD_STREAM_LEN: usize = 1_048_576;

/// The shortest password RFC 3414 §11.2 allows (and net-snmp accepts).
pub(crate) const MIN_PASSWORD_LEN: usize = 8;

/// `1.3.6.1.6.3.10.1.1` (`snmpAuthProtocols`, RFC 3411) followed by the protocol's arc.
macro_rules! auth_oid {
    ($arc:literal) => {
        &[1, 3, 6, 1, 6, 3, 10, 1, 1, $arc]
    };
}

impl AuthProtocol {
    /// Every protocol, weakest first.
    pub const ALL: [Self; 6] = [
        Self::Md5,
        Self::Sha1,
        Self::Sha224,
        Self::Sha256,
        Self::Sha384,
        Self::Sha512,
    ];

    /// net-snmp's name for the protocol (its `-a` option and `snmp.conf` `defAuthType`):
    /// `MD5`, `SHA`, `SHA-224`, `SHA-256`, `SHA-384`, `SHA-512`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Md5 => "MD5",
            Self::Sha1 => "SHA",
            Self::Sha224 => "SHA-224",
            Self::Sha256 => "SHA-256",
            Self::Sha384 => "SHA-384",
            Self::Sha512 => "SHA-512",
        }
    }

    /// Octets of the hash output, which is also the length of `Ku` and `Kul`:
    /// 16, 20, 28, 32, 48, 64.
    pub const fn digest_len(self) -> usize {
        match self {
            Self::Md5 => 16,
            Self::Sha1 => 20,
            Self::Sha224 => 28,
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }

    /// Octets of `msgAuthenticationParameters`, the truncated HMAC: 12 for MD5 and SHA-1
    /// (RFC 3414), 16, 24, 32, 48 for SHA-224 to SHA-512 (RFC 7860 §4.1).
    pub const fn mac_len(self) -> usize {
        match self {
            Self::Md5 | Self::Sha1 => 12,
            Self::Sha224 => 16,
            Self::Sha256 => 24,
            Self::Sha384 => 32,
            Self::Sha512 => 48,
        }
    }

    /// The protocol's OBJECT IDENTIFIER, as `usmUserAuthProtocol` holds it:
    /// `1.3.6.1.6.3.10.1.1.2` (MD5) and `.3` (SHA-1) from RFC 3414, `.4` to `.7`
    /// (SHA-224, SHA-256, SHA-384, SHA-512) from RFC 7860.
    pub fn oid(self) -> &'static [u32] {
        match self {
            Self::Md5 => auth_oid!(2),
            Self::Sha1 => auth_oid!(3),
            Self::Sha224 => auth_oid!(4),
            Self::Sha256 => auth_oid!(5),
            Self::Sha384 => auth_oid!(6),
            Self::Sha512 => auth_oid!(7),
        }
    }

    /// The protocol whose [`oid`](Self::oid) is `oid`, if any.
    pub fn from_oid(oid: &[u32]) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.oid() == oid)
    }

    /// The master key `Ku` of a password (RFC 3414 A.2, and RFC 7860 §4.2.2 for SHA-2):
    /// the hash of the password repeated to fill 1,048,576 octets.
    ///
    /// This hashes a megabyte: derive a user's keys once and keep them, not per message.
    ///
    /// # Errors
    /// [`UsmError::PasswordTooShort`] if the password has fewer than 8 octets (RFC 3414
    /// §11.2; net-snmp refuses them too).
    pub fn password_to_key(self, password: &[u8]) -> Result<Key, UsmError> {
        if password.len() < MIN_PASSWORD_LEN {
            return Err(UsmError::PasswordTooShort);
        }
        Ok(self.expand_password(password))
    }

    /// [`password_to_key`](Self::password_to_key) without the length check, for the
    /// Reeder key extension, which feeds a localized key (16 octets or more) through it.
    pub(crate) fn expand_password(self, password: &[u8]) -> Key {
        match self {
            Self::Md5 => expand::<Md5>(password),
            Self::Sha1 => expand::<Sha1>(password),
            Self::Sha224 => expand::<Sha224>(password),
            Self::Sha256 => expand::<Sha256>(password),
            Self::Sha384 => expand::<Sha384>(password),
            Self::Sha512 => expand::<Sha512>(password),
        }
    }

    /// The localized key `Kul = H(Ku || engineID || Ku)` (RFC 3414 A.2), the key a user
    /// has at the authoritative engine `engine_id`. Also takes a privacy master key (made
    /// with this protocol's `password_to_key`); see
    /// [`PrivProtocol::localize`](super::PrivProtocol::localize) for keys that must be
    /// longer than the digest.
    pub fn localize(self, ku: &Key, engine_id: &[u8]) -> Key {
        self.hash(&[ku.as_bytes(), engine_id, ku.as_bytes()])
    }

    /// The hash of the concatenation of `parts`.
    pub(crate) fn hash(self, parts: &[&[u8]]) -> Key {
        match self {
            Self::Md5 => hash::<Md5>(parts),
            Self::Sha1 => hash::<Sha1>(parts),
            Self::Sha224 => hash::<Sha224>(parts),
            Self::Sha256 => hash::<Sha256>(parts),
            Self::Sha384 => hash::<Sha384>(parts),
            Self::Sha512 => hash::<Sha512>(parts),
        }
    }

    /// Computes the MAC of an outgoing message: the HMAC of `msg` keyed with the localized
    /// key `kul`, truncated to [`mac_len`](Self::mac_len) octets, written to
    /// `out[..mac_len()]` (RFC 3414 §6.3.1, §7.3.1; RFC 7860 §4.2.1).
    ///
    /// `msg` is the whole serialized message with its `msgAuthenticationParameters` already
    /// set to `mac_len()` zero octets; the caller then copies `out` over those zeros.
    ///
    /// # Panics
    /// If `out` is shorter than `mac_len()`.
    pub fn sign(self, kul: &Key, msg: &[u8], out: &mut [u8]) {
        let out = &mut out[..self.mac_len()];
        match self {
            Self::Md5 => sign::<Md5>(kul, msg, out),
            Self::Sha1 => sign::<Sha1>(kul, msg, out),
            Self::Sha224 => sign::<Sha224>(kul, msg, out),
            Self::Sha256 => sign::<Sha256>(kul, msg, out),
            Self::Sha384 => sign::<Sha384>(kul, msg, out),
            Self::Sha512 => sign::<Sha512>(kul, msg, out),
        }
    }

    /// Checks the MAC of an incoming message in constant time (RFC 3414 §6.3.2, §7.3.2).
    ///
    /// `msg_zeroed` is the message as received with its `msgAuthenticationParameters`
    /// replaced by zero octets, and `mac` the octets that were there. A `mac` whose length is
    /// not [`mac_len`](Self::mac_len) is rejected, as RFC 3414 §6.3.2 and §7.3.2 (and
    /// RFC 7860 for SHA-2) require.
    pub fn verify(self, kul: &Key, msg_zeroed: &[u8], mac: &[u8]) -> bool {
        if mac.len() != self.mac_len() {
            return false;
        }
        match self {
            Self::Md5 => verify::<Md5>(kul, msg_zeroed, mac),
            Self::Sha1 => verify::<Sha1>(kul, msg_zeroed, mac),
            Self::Sha224 => verify::<Sha224>(kul, msg_zeroed, mac),
            Self::Sha256 => verify::<Sha256>(kul, msg_zeroed, mac),
            Self::Sha384 => verify::<Sha384>(kul, msg_zeroed, mac),
            Self::Sha512 => verify::<Sha512>(kul, msg_zeroed, mac),
        }
    }
}

/// RFC 3414 A.2 step 1: hash the password repeated to [`PASSWORD_STREAM_LEN`] octets.
///
/// The stream is fed 64 octets at a time out of a buffer holding the password twice over
/// (at least 64 + password octets), starting each chunk where the previous one ended.
fn expand<D: Digest>(password: &[u8]) -> Key {
    debug_assert!(!password.is_empty());
    const CHUNK: usize = 64;
    let n = password.len();
    // `ring[i] == password[i % n]` for every i < n + CHUNK.
    let mut ring: Vec<u8> = password.iter().copied().cycle().take(n + CHUNK).collect();
    let mut hasher = D::new();
    let mut start = 0;
    for _ in 0..PASSWORD_STREAM_LEN / CHUNK {
        hasher.update(&ring[start..start + CHUNK]);
        start = (start + CHUNK) % n;
    }
    ring.zeroize();
    let mut digest = hasher.finalize();
    let key = Key::from_slice(&digest).expect("digests are at most 64 octets");
    digest.zeroize();
    key
}

fn hash<D: Digest>(parts: &[&[u8]]) -> Key {
    let mut hasher = D::new();
    for part in parts {
        hasher.update(part);
    }
    let mut digest = hasher.finalize();
    let key = Key::from_slice(&digest).expect("digests are at most 64 octets");
    digest.zeroize();
    key
}

fn mac<D: EagerHash>(kul: &Key, msg: &[u8]) -> Hmac<D> {
    let mut mac = <Hmac<D> as KeyInit>::new_from_slice(kul.as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(msg);
    mac
}

fn sign<D: EagerHash>(kul: &Key, msg: &[u8], out: &mut [u8]) {
    let tag = mac::<D>(kul, msg).finalize().into_bytes();
    out.copy_from_slice(&tag[..out.len()]);
}

fn verify<D: EagerHash>(kul: &Key, msg: &[u8], mac_octets: &[u8]) -> bool {
    mac::<D>(kul, msg).verify_truncated_left(mac_octets).is_ok()
}

impl fmt::Display for AuthProtocol {
    /// [`name`](Self::name).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for AuthProtocol {
    type Err = ParseProtocolError;

    /// Case-insensitive: net-snmp's names (`MD5`, `SHA`, `SHA-224`, `SHA-256`, `SHA-384`,
    /// `SHA-512`) and the spellings net-snmp also accepts (`SHA1`, `SHA-1`, `SHA224`,
    /// `SHA256`, `SHA384`, `SHA512`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        const NAMES: [(&str, AuthProtocol); 12] = [
            ("MD5", AuthProtocol::Md5),
            ("SHA", AuthProtocol::Sha1),
            ("SHA1", AuthProtocol::Sha1),
            ("SHA-1", AuthProtocol::Sha1),
            ("SHA-224", AuthProtocol::Sha224),
            ("SHA224", AuthProtocol::Sha224),
            ("SHA-256", AuthProtocol::Sha256),
            ("SHA256", AuthProtocol::Sha256),
            ("SHA-384", AuthProtocol::Sha384),
            ("SHA384", AuthProtocol::Sha384),
            ("SHA-512", AuthProtocol::Sha512),
            ("SHA512", AuthProtocol::Sha512),
        ];
        NAMES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(s.trim()))
            .map(|&(_, p)| p)
            .ok_or(ParseProtocolError::new(ProtocolKind::Auth))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        let s: String = s.split_whitespace().collect();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    const RFC_ENGINE: &str = "00 00 00 00 00 00 00 00 00 00 00 02";

    /// RFC 3414 A.3.1 (password "maplesyrup", MD5).
    #[test]
    fn rfc3414_a31_md5() {
        let ku = AuthProtocol::Md5.password_to_key(b"maplesyrup").unwrap();
        assert_eq!(
            ku.as_bytes(),
            hex("9f af 32 83 88 4e 92 83 4e bc 98 47 d8 ed d9 63")
        );
        let kul = AuthProtocol::Md5.localize(&ku, &hex(RFC_ENGINE));
        assert_eq!(
            kul.as_bytes(),
            hex("52 6f 5e ed 9f cc e2 6f 89 64 c2 93 07 87 d8 2b")
        );
    }

    /// RFC 3414 A.3.2 (password "maplesyrup", SHA).
    #[test]
    fn rfc3414_a32_sha1() {
        let ku = AuthProtocol::Sha1.password_to_key(b"maplesyrup").unwrap();
        assert_eq!(
            ku.as_bytes(),
            hex("9f b5 cc 03 81 49 7b 37 93 52 89 39 ff 78 8d 5d 79 14 52 11")
        );
        let kul = AuthProtocol::Sha1.localize(&ku, &hex(RFC_ENGINE));
        assert_eq!(
            kul.as_bytes(),
            hex("66 95 fe bc 92 88 e3 62 82 23 5f c7 15 1f 12 84 97 b3 8f 3f")
        );
    }

    #[test]
    fn password_length_limit() {
        for p in AuthProtocol::ALL {
            assert_eq!(
                p.password_to_key(b"1234567"),
                Err(UsmError::PasswordTooShort)
            );
            assert_eq!(p.password_to_key(b""), Err(UsmError::PasswordTooShort));
            assert_eq!(
                p.password_to_key(b"12345678").unwrap().len(),
                p.digest_len()
            );
        }
    }

    /// The ring buffer gives the same stream as the password repeated, for lengths that
    /// divide 64, do not, and exceed it.
    #[test]
    fn expand_matches_plain_repetition() {
        for n in [8usize, 13, 64, 65, 100, 200] {
            let pw: Vec<u8> = (0..n).map(|i| (i * 7 + 1) as u8).collect();
            let stream: Vec<u8> = pw
                .iter()
                .copied()
                .cycle()
                .take(PASSWORD_STREAM_LEN)
                .collect();
            let want = Md5::digest(&stream);
            assert_eq!(
                AuthProtocol::Md5.password_to_key(&pw).unwrap().as_bytes(),
                &want[..]
            );
        }
    }

    #[test]
    fn lengths_and_oids() {
        let digest = [16, 20, 28, 32, 48, 64];
        let mac = [12, 12, 16, 24, 32, 48];
        for (i, p) in AuthProtocol::ALL.into_iter().enumerate() {
            assert_eq!(p.digest_len(), digest[i]);
            assert_eq!(p.mac_len(), mac[i]);
            let oid = p.oid();
            assert_eq!(&oid[..9], &[1, 3, 6, 1, 6, 3, 10, 1, 1]);
            assert_eq!(oid[9], i as u32 + 2);
            assert_eq!(AuthProtocol::from_oid(oid), Some(p));
            let kul = Key::from_slice(&[0x5a; 20]).unwrap();
            let mut out = [0xee; 64];
            p.sign(&kul, b"message", &mut out);
            assert!(out[p.mac_len()..].iter().all(|&b| b == 0xee), "{p}");
            assert!(p.verify(&kul, b"message", &out[..p.mac_len()]));
        }
        assert_eq!(
            AuthProtocol::from_oid(&[1, 3, 6, 1, 6, 3, 10, 1, 1, 1]),
            None
        );
    }

    /// RFC 2202 test case 2 (HMAC-MD5 and HMAC-SHA-1 with key "Jefe"): the HMAC itself,
    /// before truncation.
    #[test]
    fn hmac_rfc2202() {
        let key = Key::from_slice(b"Jefe").unwrap();
        let msg = b"what do ya want for nothing?";
        let mut out = [0; 12];
        AuthProtocol::Md5.sign(&key, msg, &mut out);
        assert_eq!(out[..], hex("750c783e6ab0b503eaa86e310a5db738")[..12]);
        AuthProtocol::Sha1.sign(&key, msg, &mut out);
        assert_eq!(
            out[..],
            hex("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")[..12]
        );
    }

    #[test]
    fn verify_rejects() {
        for p in AuthProtocol::ALL {
            let kul = p.localize(&Key::from_slice(&[1; 16]).unwrap(), b"engine");
            let msg = b"a message with its auth params zeroed";
            let mut mac = vec![0; p.mac_len()];
            p.sign(&kul, msg, &mut mac);
            assert!(p.verify(&kul, msg, &mac));
            // A flipped bit in the MAC, anywhere.
            for i in [0, mac.len() / 2, mac.len() - 1] {
                let mut bad = mac.clone();
                bad[i] ^= 0x01;
                assert!(!p.verify(&kul, msg, &bad), "{p} bit {i}");
            }
            // A flipped bit in the message.
            let mut bad_msg = msg.to_vec();
            bad_msg[3] ^= 0x80;
            assert!(!p.verify(&kul, &bad_msg, &mac));
            // Short, long and empty MACs (even a correct prefix).
            assert!(!p.verify(&kul, msg, &mac[..mac.len() - 1]));
            assert!(!p.verify(&kul, msg, &[]));
            let mut long = mac.clone();
            long.push(0);
            assert!(!p.verify(&kul, msg, &long));
            // A wrong key.
            let other = p.localize(&Key::from_slice(&[2; 16]).unwrap(), b"engine");
            assert!(!p.verify(&other, msg, &mac));
        }
    }

    #[test]
    #[should_panic]
    fn sign_panics_on_short_output() {
        let mut out = [0; 11];
        AuthProtocol::Md5.sign(&Key::from_slice(&[1; 16]).unwrap(), b"m", &mut out);
    }

    #[test]
    fn names_round_trip() {
        for p in AuthProtocol::ALL {
            assert_eq!(p.to_string(), p.name());
            assert_eq!(p.name().parse::<AuthProtocol>(), Ok(p));
            assert_eq!(p.name().to_lowercase().parse::<AuthProtocol>(), Ok(p));
        }
        for (s, p) in [
            ("sha1", AuthProtocol::Sha1),
            ("Sha-1", AuthProtocol::Sha1),
            ("sha224", AuthProtocol::Sha224),
            ("SHA256", AuthProtocol::Sha256),
            ("sha384", AuthProtocol::Sha384),
            ("Sha512", AuthProtocol::Sha512),
            (" md5 ", AuthProtocol::Md5),
        ] {
            assert_eq!(s.parse::<AuthProtocol>(), Ok(p), "{s}");
        }
        let err = "SHA-3".parse::<AuthProtocol>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown authentication protocol (expected one of MD5, SHA, SHA-224, SHA-256, \
             SHA-384, SHA-512)"
        );
        assert!("".parse::<AuthProtocol>().is_err());
    }
}
