//! [`PrivProtocol`]: privacy key localization and extension, encryption and decryption of
//! the scoped PDU.

use core::fmt;
use core::str::FromStr;

use cipher::array::Array;
use cipher::{BlockCipherDecrypt, BlockCipherEncrypt, BlockModeDecrypt, BlockModeEncrypt};
use cipher::{KeyInit, KeyIvInit};
use zeroize::Zeroize;

use super::{AuthProtocol, Key, ParseProtocolError, ProtocolKind, UsmError};

/// An SNMPv3 USM privacy protocol: how the scoped PDU is encrypted.
///
/// DES and 3DES are CBC ciphers with an IV made from a pre-IV (the second part of the
/// key) and the salt; the AES variants are CFB-128 with an IV made from the authoritative
/// engine's boots and time and the salt. The AES-192 and AES-256 variants differ only in how
/// a localized key shorter than the cipher key is extended; see the
/// [module documentation](super) for the two methods and who uses which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PrivProtocol {
    /// CBC-DES, `usmDESPrivProtocol` (RFC 3414 §8).
    Des,
    /// CBC-3DES-EDE, `usm3DESEDEPrivProtocol` (draft-reeder-snmpv3-usm-3desede-00), key
    /// extended by the Reeder method.
    TripleDes,
    /// CFB-128-AES-128, `usmAesCfb128Protocol` (RFC 3826).
    Aes128,
    /// CFB-128-AES-192 (draft-blumenthal-aes-usm-04), key extended by the Blumenthal
    /// method: net-snmp's `AES-192`.
    Aes192,
    /// CFB-128-AES-256 (draft-blumenthal-aes-usm-04), key extended by the Blumenthal
    /// method: net-snmp's `AES-256`.
    Aes256,
    /// CFB-128-AES-192 with the key extended by the Reeder method ("Cisco"): net-snmp's
    /// `AES-192-C`, pysnmp's `usmAesCfb192Protocol`.
    Aes192Cisco,
    /// CFB-128-AES-256 with the key extended by the Reeder method ("Cisco"): net-snmp's
    /// `AES-256-C`, pysnmp's `usmAesCfb256Protocol`.
    Aes256Cisco,
}

/// How a localized privacy key shorter than [`PrivProtocol::key_len`] is lengthened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Extension {
    /// Never needed (every digest is at least 16 octets).
    None,
    /// draft-blumenthal-aes-usm-04 §3.1.2.1: `Kul = Kul || H(Kul)` until long enough.
    Blumenthal,
    /// draft-reeder-snmpv3-usm-3desede-00 §2.1: `Kul = Kul || localize(password_to_key(Kul))`
    /// until long enough.
    Reeder,
}

/// Octets of `msgPrivacyParameters` for every protocol here.
const PRIV_PARAMS_LEN: usize = 8;

impl PrivProtocol {
    /// Every protocol, in the order of net-snmp's list, then the Cisco variants.
    pub const ALL: [Self; 7] = [
        Self::Des,
        Self::TripleDes,
        Self::Aes128,
        Self::Aes192,
        Self::Aes256,
        Self::Aes192Cisco,
        Self::Aes256Cisco,
    ];

    /// net-snmp's name for the protocol (its `-x` option and `snmp.conf` `defPrivType`):
    /// `DES`, `3DES`, `AES` (AES-128), `AES-192`, `AES-256` (Blumenthal key extension),
    /// `AES-192-C`, `AES-256-C` (Reeder key extension, "Cisco"). net-snmp 5.9 itself has no
    /// 3DES; `3DES` is the name other tools use for it.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Des => "DES",
            Self::TripleDes => "3DES",
            Self::Aes128 => "AES",
            Self::Aes192 => "AES-192",
            Self::Aes256 => "AES-256",
            Self::Aes192Cisco => "AES-192-C",
            Self::Aes256Cisco => "AES-256-C",
        }
    }

    /// The protocol's OBJECT IDENTIFIER, as `usmUserPrivProtocol` holds it (it never
    /// appears in a message). The same as net-snmp 5.9 uses:
    ///
    /// | protocol | OID | defined by |
    /// | --- | --- | --- |
    /// | DES | `1.3.6.1.6.3.10.1.2.2` | RFC 3414 `usmDESPrivProtocol` |
    /// | 3DES | `1.3.6.1.6.3.10.1.2.3` | RFC 3411 / Reeder draft `usm3DESEDEPrivProtocol` |
    /// | AES | `1.3.6.1.6.3.10.1.2.4` | RFC 3826 `usmAesCfb128Protocol` |
    /// | AES-192 | `1.3.6.1.4.1.14832.1.3` | ESO Consortium MIB `usmAESCfb192Protocol` |
    /// | AES-256 | `1.3.6.1.4.1.14832.1.4` | ESO Consortium MIB `usmAESCfb256Protocol` |
    /// | AES-192-C | `1.3.6.1.4.1.9.12.6.1.1` | CISCO-SNMP-USM-OIDS-MIB `cusmAESCfb192PrivProtocol` |
    /// | AES-256-C | `1.3.6.1.4.1.9.12.6.1.2` | CISCO-SNMP-USM-OIDS-MIB `cusmAESCfb256PrivProtocol` |
    ///
    /// pysnmp numbers them differently: it gives the two Cisco OIDs to its *Blumenthal*
    /// variants (`usmAesBlumenthalCfb192Protocol`, `…256…`) and `1.3.6.1.4.1.9.12.6.1.101`
    /// and `.102` to its Reeder ones (`usmAesCfb192Protocol`, `usmAesCfb256Protocol`);
    /// [`from_oid`](Self::from_oid) maps those two to the Cisco variants as well.
    pub fn oid(self) -> &'static [u32] {
        match self {
            Self::Des => &[1, 3, 6, 1, 6, 3, 10, 1, 2, 2],
            Self::TripleDes => &[1, 3, 6, 1, 6, 3, 10, 1, 2, 3],
            Self::Aes128 => &[1, 3, 6, 1, 6, 3, 10, 1, 2, 4],
            Self::Aes192 => &[1, 3, 6, 1, 4, 1, 14832, 1, 3],
            Self::Aes256 => &[1, 3, 6, 1, 4, 1, 14832, 1, 4],
            Self::Aes192Cisco => &[1, 3, 6, 1, 4, 1, 9, 12, 6, 1, 1],
            Self::Aes256Cisco => &[1, 3, 6, 1, 4, 1, 9, 12, 6, 1, 2],
        }
    }

    /// The protocol whose [`oid`](Self::oid) is `oid`, or for pysnmp's Reeder OIDs
    /// `1.3.6.1.4.1.9.12.6.1.101` and `.102`, [`Aes192Cisco`](Self::Aes192Cisco) and
    /// [`Aes256Cisco`](Self::Aes256Cisco).
    pub fn from_oid(oid: &[u32]) -> Option<Self> {
        match oid {
            [1, 3, 6, 1, 4, 1, 9, 12, 6, 1, 101] => Some(Self::Aes192Cisco),
            [1, 3, 6, 1, 4, 1, 9, 12, 6, 1, 102] => Some(Self::Aes256Cisco),
            _ => Self::ALL.into_iter().find(|p| p.oid() == oid),
        }
    }

    /// Octets of (extended) localized key the protocol consumes: DES 16 (8 of key, 8 of
    /// pre-IV), 3DES 32 (24 of key, 8 of pre-IV), AES 16, 24 or 32 (the cipher key).
    pub const fn key_len(self) -> usize {
        match self {
            Self::Des | Self::Aes128 => 16,
            Self::Aes192 | Self::Aes192Cisco => 24,
            Self::TripleDes | Self::Aes256 | Self::Aes256Cisco => 32,
        }
    }

    const fn extension(self) -> Extension {
        match self {
            Self::Des | Self::Aes128 => Extension::None,
            Self::Aes192 | Self::Aes256 => Extension::Blumenthal,
            Self::TripleDes | Self::Aes192Cisco | Self::Aes256Cisco => Extension::Reeder,
        }
    }

    /// The localized privacy key, extended where the protocol needs more octets than the
    /// digest gives, and cut to [`key_len`](Self::key_len).
    ///
    /// `ku` is the privacy master key: the privacy password through the *authentication*
    /// protocol's [`AuthProtocol::password_to_key`]. It is localized with `auth` to the
    /// authoritative engine `engine_id`; then, while shorter than `key_len()`:
    /// - [`Aes192`](Self::Aes192), [`Aes256`](Self::Aes256): Blumenthal extension
    ///   (draft-blumenthal-aes-usm-04 §3.1.2.1, as net-snmp does it),
    ///   `Kul = Kul || H(Kul)`;
    /// - [`TripleDes`](Self::TripleDes), [`Aes192Cisco`](Self::Aes192Cisco),
    ///   [`Aes256Cisco`](Self::Aes256Cisco): Reeder extension
    ///   (draft-reeder-snmpv3-usm-3desede-00 §2.1, as pysnmp and net-snmp's `-C` do it),
    ///   `Kul = Kul || localize(password_to_key(Kul))`.
    ///
    /// `H` is `auth`'s hash throughout. With MD5 and SHA-1 both methods append once
    /// (AES-192/256, 3DES); SHA-224 appends once for 32-octet keys; longer digests never
    /// need it.
    pub fn localize(self, auth: AuthProtocol, ku: &Key, engine_id: &[u8]) -> Key {
        let kul = auth.localize(ku, engine_id);
        let need = self.key_len();
        if kul.len() >= need {
            return kul.truncated(need);
        }
        // Every digest has 16 octets or more and `need` is at most 32, so this buffer never
        // holds more than 32 + 28 octets.
        let mut buf = [0u8; 2 * Key::MAX_LEN];
        let mut len = kul.len();
        buf[..len].copy_from_slice(kul.as_bytes());
        while len < need {
            let more = match self.extension() {
                Extension::None => unreachable!("DES and AES-128 keys are never short"),
                Extension::Blumenthal => auth.hash(&[&buf[..len]]),
                Extension::Reeder => {
                    let ku2 = auth.expand_password(&buf[..len]);
                    auth.localize(&ku2, engine_id)
                }
            };
            buf[len..len + more.len()].copy_from_slice(more.as_bytes());
            len += more.len();
        }
        let key = Key::from_slice(&buf[..need]).expect("key_len is at most 32");
        buf.zeroize();
        key
    }

    /// Encrypts the serialized scoped PDU `data` in place and returns the
    /// `msgPrivacyParameters` to send with it (8 octets).
    ///
    /// `key` is this protocol's [`localize`](Self::localize)d key; `engine_boots` and
    /// `engine_time` are the authoritative engine's, as they go into the message's
    /// `msgAuthoritativeEngineBoots`/`Time`; `salt` is a value the caller never repeats
    /// under the same key (a counter started at a random value, RFC 3414 §8.1.1.1,
    /// RFC 3826 §3.1.2.1). This crate has no randomness of its own.
    ///
    /// - DES, 3DES (RFC 3414 §8.1.1.1, Reeder §5.1.1.1): `data` is first padded with zero
    ///   octets to a multiple of 8 (nothing is added if it already is). The privacy
    ///   parameters are `engine_boots` (4 octets, big-endian) followed by the low 32 bits of
    ///   `salt` (4 octets, big-endian); the IV is the pre-IV (the key's last 8 octets) XOR
    ///   those 8 octets; CBC. `engine_time` is not used. Which boots go into the salt is
    ///   the sender's choice (the receiver takes the parameters as sent): pysnmp uses the
    ///   authoritative engine's, net-snmp its own (`snmpget` sent `00 00 00 11` to an
    ///   agent whose boots were 1).
    /// - AES (RFC 3826 §3.1.2.1, §3.1.3): the privacy parameters are `salt` as 8 octets,
    ///   big-endian; the IV is `engine_boots` (4, BE) ‖ `engine_time` (4, BE) ‖ those 8
    ///   octets; CFB-128; the length is unchanged.
    ///
    /// # Panics
    /// If `key` is shorter than [`key_len`](Self::key_len) (a key made by `localize` for
    /// this protocol never is). [`decrypt`](Self::decrypt), which sees keys chosen by
    /// configuration and parameters from the wire, returns an error instead.
    pub fn encrypt(
        self,
        key: &Key,
        engine_boots: u32,
        engine_time: u32,
        salt: u64,
        data: &mut Vec<u8>,
    ) -> [u8; 8] {
        assert!(
            key.len() >= self.key_len(),
            "{self} needs a {}-octet key, got {}",
            self.key_len(),
            key.len()
        );
        let key = &key.as_bytes()[..self.key_len()];
        match self {
            Self::Des | Self::TripleDes => {
                let mut params = [0; PRIV_PARAMS_LEN];
                params[..4].copy_from_slice(&engine_boots.to_be_bytes());
                params[4..].copy_from_slice(&(salt as u32).to_be_bytes());
                data.resize(data.len().next_multiple_of(8), 0);
                let (cipher_key, pre_iv) = key.split_at(key.len() - 8);
                let mut iv = cbc_iv(pre_iv, &params);
                if self == Self::Des {
                    cbc_encrypt::<des::Des>(cipher_key, &iv, data);
                } else {
                    cbc_encrypt::<des::TdesEde3>(cipher_key, &iv, data);
                }
                iv.zeroize();
                params
            }
            Self::Aes128 | Self::Aes192 | Self::Aes256 | Self::Aes192Cisco | Self::Aes256Cisco => {
                let params = salt.to_be_bytes();
                let iv = aes_iv(engine_boots, engine_time, &params);
                aes_cfb(key, &iv, data, Direction::Encrypt);
                params
            }
        }
    }

    /// Decrypts an encrypted scoped PDU in place, with the `msgPrivacyParameters`
    /// (`priv_params`) and the authoritative engine's boots and time that came with it
    /// (the time and boots matter to AES only).
    ///
    /// DES and 3DES leave their padding in place: the scoped PDU's own BER length tells
    /// where it ends.
    ///
    /// # Errors
    /// - [`UsmError::KeyTooShort`]: `key` is shorter than [`key_len`](Self::key_len).
    /// - [`UsmError::BadPrivParameters`]: `priv_params` is not 8 octets (RFC 3414 §8.3.2
    ///   step 1, RFC 3826 §3.3.2 step 1: `decryptionError`).
    /// - [`UsmError::BadCiphertextLength`]: DES or 3DES data that is not a multiple of 8
    ///   octets (RFC 3414 §8.3.2 step 4).
    pub fn decrypt(
        self,
        key: &Key,
        engine_boots: u32,
        engine_time: u32,
        priv_params: &[u8],
        data: &mut [u8],
    ) -> Result<(), UsmError> {
        if key.len() < self.key_len() {
            return Err(UsmError::KeyTooShort);
        }
        let params: &[u8; PRIV_PARAMS_LEN] = priv_params
            .try_into()
            .map_err(|_| UsmError::BadPrivParameters)?;
        let key = &key.as_bytes()[..self.key_len()];
        match self {
            Self::Des | Self::TripleDes => {
                if !data.len().is_multiple_of(8) {
                    return Err(UsmError::BadCiphertextLength);
                }
                let (cipher_key, pre_iv) = key.split_at(key.len() - 8);
                let mut iv = cbc_iv(pre_iv, params);
                if self == Self::Des {
                    cbc_decrypt::<des::Des>(cipher_key, &iv, data);
                } else {
                    cbc_decrypt::<des::TdesEde3>(cipher_key, &iv, data);
                }
                iv.zeroize();
            }
            Self::Aes128 | Self::Aes192 | Self::Aes256 | Self::Aes192Cisco | Self::Aes256Cisco => {
                let iv = aes_iv(engine_boots, engine_time, params);
                aes_cfb(key, &iv, data, Direction::Decrypt);
            }
        }
        Ok(())
    }
}

/// `pre_iv XOR salt` (RFC 3414 §8.1.1.1.2).
fn cbc_iv(pre_iv: &[u8], salt: &[u8; PRIV_PARAMS_LEN]) -> [u8; 8] {
    let mut iv = [0; 8];
    for (i, b) in iv.iter_mut().enumerate() {
        *b = pre_iv[i] ^ salt[i];
    }
    iv
}

/// boots ‖ time ‖ salt (RFC 3826 §3.1.2.1).
fn aes_iv(boots: u32, time: u32, salt: &[u8; PRIV_PARAMS_LEN]) -> [u8; 16] {
    let mut iv = [0; 16];
    iv[..4].copy_from_slice(&boots.to_be_bytes());
    iv[4..8].copy_from_slice(&time.to_be_bytes());
    iv[8..].copy_from_slice(salt);
    iv
}

fn cbc_encrypt<C: BlockCipherEncrypt + KeyInit>(key: &[u8], iv: &[u8], data: &mut [u8]) {
    let mut enc = cbc::Encryptor::<C>::new_from_slices(key, iv).expect("key and IV lengths");
    let (blocks, tail) = Array::slice_as_chunks_mut(data);
    debug_assert!(tail.is_empty());
    enc.encrypt_blocks(blocks);
}

fn cbc_decrypt<C: BlockCipherDecrypt + KeyInit>(key: &[u8], iv: &[u8], data: &mut [u8]) {
    let mut dec = cbc::Decryptor::<C>::new_from_slices(key, iv).expect("key and IV lengths");
    let (blocks, tail) = Array::slice_as_chunks_mut(data);
    debug_assert!(tail.is_empty());
    dec.decrypt_blocks(blocks);
}

#[derive(Clone, Copy)]
enum Direction {
    Encrypt,
    Decrypt,
}

/// AES in CFB-128 with a key of 16, 24 or 32 octets.
fn aes_cfb(key: &[u8], iv: &[u8; 16], data: &mut [u8], dir: Direction) {
    fn run<C: BlockCipherEncrypt + KeyInit>(
        key: &[u8],
        iv: &[u8],
        data: &mut [u8],
        dir: Direction,
    ) {
        match dir {
            Direction::Encrypt => cfb_mode::Encryptor::<C>::new_from_slices(key, iv)
                .expect("key and IV lengths")
                .encrypt(data),
            Direction::Decrypt => cfb_mode::Decryptor::<C>::new_from_slices(key, iv)
                .expect("key and IV lengths")
                .decrypt(data),
        }
    }
    match key.len() {
        16 => run::<aes::Aes128>(key, iv, data, dir),
        24 => run::<aes::Aes192>(key, iv, data, dir),
        _ => run::<aes::Aes256>(key, iv, data, dir),
    }
}

impl fmt::Display for PrivProtocol {
    /// [`name`](Self::name).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for PrivProtocol {
    type Err = ParseProtocolError;

    /// Case-insensitive: the [`name`](Self::name)s and the other spellings net-snmp
    /// accepts (`AES-128`, `AES128`, `AES192`, `AES256`, `AES192C`, `AES256C`), plus
    /// `3DES-EDE`, `3DESEDE` and `TDES` for 3DES.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        const NAMES: [(&str, PrivProtocol); 16] = [
            ("DES", PrivProtocol::Des),
            ("3DES", PrivProtocol::TripleDes),
            ("3DES-EDE", PrivProtocol::TripleDes),
            ("3DESEDE", PrivProtocol::TripleDes),
            ("TDES", PrivProtocol::TripleDes),
            ("AES", PrivProtocol::Aes128),
            ("AES-128", PrivProtocol::Aes128),
            ("AES128", PrivProtocol::Aes128),
            ("AES-192", PrivProtocol::Aes192),
            ("AES192", PrivProtocol::Aes192),
            ("AES-256", PrivProtocol::Aes256),
            ("AES256", PrivProtocol::Aes256),
            ("AES-192-C", PrivProtocol::Aes192Cisco),
            ("AES192C", PrivProtocol::Aes192Cisco),
            ("AES-256-C", PrivProtocol::Aes256Cisco),
            ("AES256C", PrivProtocol::Aes256Cisco),
        ];
        NAMES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(s.trim()))
            .map(|&(_, p)| p)
            .ok_or(ParseProtocolError::new(ProtocolKind::Priv))
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

    fn rfc_key(auth: AuthProtocol, p: PrivProtocol) -> Key {
        let ku = auth.password_to_key(b"maplesyrup").unwrap();
        p.localize(auth, &ku, &hex(RFC_ENGINE))
    }

    /// The drafts' sample results (password "maplesyrup", the RFC 3414 A.3 engine ID):
    /// draft-reeder-snmpv3-usm-3desede-00 B.1 (MD5) and B.2 (SHA), and
    /// draft-blumenthal-aes-usm-04 A.1 (SHA, 32 octets). The values as transcribed by a
    /// third-party test suite; pysnmp 7.1.30 gives the same octets.
    #[test]
    fn draft_sample_results() {
        assert_eq!(
            rfc_key(AuthProtocol::Md5, PrivProtocol::TripleDes).as_bytes(),
            hex("52 6f 5e ed 9f cc e2 6f 89 64 c2 93 07 87 d8 2b
                 79 ef f4 4a 90 65 0e e0 a3 a4 0a bf ac 5a cc 12")
        );
        assert_eq!(
            rfc_key(AuthProtocol::Sha1, PrivProtocol::TripleDes).as_bytes(),
            hex("66 95 fe bc 92 88 e3 62 82 23 5f c7 15 1f 12 84 97 b3 8f 3f
                 9b 8b 6d 78 93 6b a6 e7 d1 9d fd 9c")
        );
        // B.2 prints the whole second localized key (40 octets in all); 3DES keeps 32.
        let kul = AuthProtocol::Sha1.localize(
            &AuthProtocol::Sha1.password_to_key(b"maplesyrup").unwrap(),
            &hex(RFC_ENGINE),
        );
        let second = AuthProtocol::Sha1.localize(
            &AuthProtocol::Sha1.expand_password(kul.as_bytes()),
            &hex(RFC_ENGINE),
        );
        assert_eq!(
            second.as_bytes(),
            hex("9b 8b 6d 78 93 6b a6 e7 d1 9d fd 9c d2 d5 06 55 47 74 3f b5")
        );
        assert_eq!(
            rfc_key(AuthProtocol::Sha1, PrivProtocol::Aes256).as_bytes(),
            hex("66 95 fe bc 92 88 e3 62 82 23 5f c7 15 1f 12 84 97 b3 8f 3f
                 50 5e 07 eb 9a f2 55 68 fa 1f 5d be")
        );
        // Blumenthal appends H(Kul): for AES-256 with SHA-1, its first 12 octets.
        let h = AuthProtocol::Sha1.hash(&[kul.as_bytes()]);
        assert_eq!(
            h.as_bytes()[..12],
            hex("50 5e 07 eb 9a f2 55 68 fa 1f 5d be")[..]
        );
    }

    /// DES, AES-128 and every protocol with a long enough digest are the plain localized
    /// key, cut.
    #[test]
    fn no_extension_is_a_prefix() {
        for auth in AuthProtocol::ALL {
            let ku = auth.password_to_key(b"maplesyrup").unwrap();
            let kul = auth.localize(&ku, &hex(RFC_ENGINE));
            for p in PrivProtocol::ALL {
                let k = p.localize(auth, &ku, &hex(RFC_ENGINE));
                assert_eq!(k.len(), p.key_len(), "{p} {auth}");
                let n = kul.len().min(p.key_len());
                assert_eq!(k.as_bytes()[..n], kul.as_bytes()[..n], "{p} {auth}");
                if auth.digest_len() >= p.key_len() {
                    assert_eq!(k.as_bytes(), &kul.as_bytes()[..p.key_len()]);
                } else {
                    assert_ne!(p.extension(), Extension::None);
                }
            }
        }
    }

    #[test]
    fn table() {
        let lens = [16, 32, 16, 24, 32, 24, 32];
        for (p, len) in PrivProtocol::ALL.into_iter().zip(lens) {
            assert_eq!(p.key_len(), len, "{p}");
        }
        assert_eq!(PrivProtocol::Des.oid(), &[1, 3, 6, 1, 6, 3, 10, 1, 2, 2]);
        assert_eq!(
            PrivProtocol::TripleDes.oid(),
            &[1, 3, 6, 1, 6, 3, 10, 1, 2, 3]
        );
        assert_eq!(PrivProtocol::Aes128.oid(), &[1, 3, 6, 1, 6, 3, 10, 1, 2, 4]);
    }

    #[test]
    fn ivs() {
        let salt = [1, 2, 3, 4, 5, 6, 7, 8];
        assert_eq!(
            cbc_iv(&[0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0], &salt),
            [0xfe, 2, 0xfc, 4, 0xfa, 6, 0xf8, 8]
        );
        assert_eq!(
            aes_iv(0x0102_0304, 0x0a0b_0c0d, &salt),
            [1, 2, 3, 4, 0x0a, 0x0b, 0x0c, 0x0d, 1, 2, 3, 4, 5, 6, 7, 8]
        );
    }

    /// DES-CBC and AES-CFB against the plain block ciphers: the first block of CBC is
    /// E(P xor IV); the first block of CFB is P xor E(IV).
    #[test]
    fn modes_from_the_block_cipher() {
        let key = Key::from_slice(&(0..32).collect::<Vec<u8>>()).unwrap();
        let mut data = vec![0x42; 8];
        let params = PrivProtocol::Des.encrypt(&key, 9, 0, 0x77, &mut data);
        let mut block = Array::from(cbc_iv(&key.as_bytes()[8..16], &params));
        for b in block.iter_mut() {
            *b ^= 0x42;
        }
        des::Des::new_from_slice(&key.as_bytes()[..8])
            .unwrap()
            .encrypt_block(&mut block);
        assert_eq!(data[..], block[..]);

        let mut data = vec![0x42; 5];
        let params = PrivProtocol::Aes128.encrypt(&key, 9, 10, 0x77, &mut data);
        let mut block = Array::from(aes_iv(9, 10, &params));
        aes::Aes128::new_from_slice(&key.as_bytes()[..16])
            .unwrap()
            .encrypt_block(&mut block);
        let want: Vec<u8> = block[..5].iter().map(|b| b ^ 0x42).collect();
        assert_eq!(data, want);
    }
}
