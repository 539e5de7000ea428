//! [`Key`]: key material held inline, compared in constant time, zeroed on drop.

use core::fmt;
use core::hash::{Hash, Hasher};

use subtle::ConstantTimeEq;
use zeroize::Zeroize;

/// A USM key: a master key `Ku`, a localized key `Kul`, or an extended privacy key.
///
/// At most [`Key::MAX_LEN`] (64) octets, the digest length of SHA-512, held inline (no
/// allocation). The octets are overwritten with zeros when the key is dropped, `==` compares
/// them in constant time, and `Debug` prints only the length (`Key(<16 octets>)`), so a key
/// never reaches a log by accident. [`Key::as_bytes`] is the one way to read them.
#[derive(Clone)]
pub struct Key {
    bytes: [u8; Self::MAX_LEN],
    len: u8,
}

impl Key {
    /// The largest key: 64 octets (a SHA-512 `Ku` or `Kul`).
    pub const MAX_LEN: usize = 64;

    /// A key holding a copy of `bytes`, or `None` if `bytes` is longer than
    /// [`Key::MAX_LEN`]. An empty key is allowed (it is what a user without a password
    /// has); the protocols refuse keys shorter than they need.
    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        if bytes.len() > Self::MAX_LEN {
            return None;
        }
        let mut key = Self {
            bytes: [0; Self::MAX_LEN],
            len: bytes.len() as u8,
        };
        key.bytes[..bytes.len()].copy_from_slice(bytes);
        Some(key)
    }

    /// The key's octets.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }

    /// Number of octets.
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// Whether the key has no octets.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The first `len` octets (a no-op if the key is not longer).
    pub(crate) fn truncated(mut self, len: usize) -> Self {
        if len < self.len() {
            self.bytes[len..].zeroize();
            self.len = len as u8;
        }
        self
    }
}

impl Drop for Key {
    fn drop(&mut self) {
        self.bytes.zeroize();
        self.len.zeroize();
    }
}

impl PartialEq for Key {
    /// Constant time in the contents (the lengths are not secret).
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes().ct_eq(other.as_bytes()).into()
    }
}

impl Eq for Key {}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state);
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Key(<{} octets>)", self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_slice_limits() {
        assert_eq!(Key::from_slice(&[]).unwrap().len(), 0);
        assert!(Key::from_slice(&[]).unwrap().is_empty());
        let k = Key::from_slice(&[7; 64]).unwrap();
        assert_eq!(k.len(), 64);
        assert_eq!(k.as_bytes(), &[7; 64][..]);
        assert!(Key::from_slice(&[7; 65]).is_none());
    }

    #[test]
    fn debug_does_not_leak() {
        let k = Key::from_slice(&[0xab, 0xcd, 0xef, 0x12]).unwrap();
        let s = format!("{k:?}");
        assert_eq!(s, "Key(<4 octets>)");
        assert!(!s.to_lowercase().contains("ab"));
        assert!(!s.contains("171"));
        assert_eq!(
            format!("{:#?}", Key::from_slice(&[1; 16]).unwrap()),
            "Key(<16 octets>)"
        );
    }

    #[test]
    fn equality_and_hash() {
        use std::collections::HashSet;
        let a = Key::from_slice(b"0123456789abcdef").unwrap();
        let b = Key::from_slice(b"0123456789abcdef").unwrap();
        let c = Key::from_slice(b"0123456789abcdeX").unwrap();
        let d = Key::from_slice(b"0123456789abcde").unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
        let set: HashSet<Key> = [a.clone(), b, c].into_iter().collect();
        assert_eq!(set.len(), 2);
        assert!(set.contains(&a));
    }

    #[test]
    fn truncated() {
        let k = Key::from_slice(&[1, 2, 3, 4]).unwrap();
        assert_eq!(k.clone().truncated(2).as_bytes(), &[1, 2]);
        assert_eq!(k.clone().truncated(4).as_bytes(), &[1, 2, 3, 4]);
        assert_eq!(k.truncated(9).as_bytes(), &[1, 2, 3, 4]);
    }
}
