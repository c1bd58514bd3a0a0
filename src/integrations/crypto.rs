//! Tokens at rest: AES-256-GCM under the operator's key, bound to their user and purpose.
//!
//! Sealed layout: `version (1) ‖ nonce (12) ‖ ciphertext ‖ tag (16)`. The associated data is
//! `purpose:user_id`, so a sealed token copied onto another user's record (or from GitHub to
//! Drive) does not open.

use aes_gcm::{
    Aes256Gcm, KeyInit, Nonce,
    aead::{Aead, AeadCore, OsRng, Payload},
};

const VERSION: u8 = 1;
const NONCE_LEN: usize = 12;
pub const KEY_HEX_LEN: usize = 64;

/// What a sealed token is for; part of the associated data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    GitHub,
    Google,
    /// The password a destination's backups are protected with.
    BackupPassword,
}

impl Purpose {
    fn label(self) -> &'static str {
        match self {
            Self::GitHub => "github",
            Self::Google => "google",
            Self::BackupPassword => "backup-password",
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CryptoError {
    #[error("the encryption key must be {KEY_HEX_LEN} hexadecimal characters (32 bytes)")]
    BadKey,
    /// Wrong key, another user's token, or damaged bytes: all look the same, on purpose.
    #[error("the sealed token cannot be opened")]
    Unreadable,
}

#[derive(Clone)]
pub struct TokenCipher {
    cipher: Aes256Gcm,
}

impl std::fmt::Debug for TokenCipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenCipher([redacted])")
    }
}

impl TokenCipher {
    /// A cipher from the configured key: 64 hex characters.
    pub fn from_hex(key: &str) -> Result<Self, CryptoError> {
        let bytes = hex::decode(key.trim()).map_err(|_| CryptoError::BadKey)?;
        let cipher = Aes256Gcm::new_from_slice(&bytes).map_err(|_| CryptoError::BadKey)?;
        Ok(Self { cipher })
    }

    pub fn seal(&self, purpose: Purpose, user: i64, secret: &str) -> Vec<u8> {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let aad = associated_data(purpose, user);
        let payload = Payload {
            msg: secret.as_bytes(),
            aad: aad.as_bytes(),
        };
        // Encryption into memory fails only past GCM's 64 GiB message limit.
        let ciphertext = self
            .cipher
            .encrypt(&nonce, payload)
            .expect("a token is far below GCM's length limit");
        let mut sealed = Vec::with_capacity(1 + NONCE_LEN + ciphertext.len());
        sealed.push(VERSION);
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        sealed
    }

    pub fn open(&self, purpose: Purpose, user: i64, sealed: &[u8]) -> Result<String, CryptoError> {
        let Some((&VERSION, rest)) = sealed.split_first() else {
            return Err(CryptoError::Unreadable);
        };
        if rest.len() < NONCE_LEN {
            return Err(CryptoError::Unreadable);
        }
        let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
        let aad = associated_data(purpose, user);
        let payload = Payload {
            msg: ciphertext,
            aad: aad.as_bytes(),
        };
        let plain = self
            .cipher
            .decrypt(Nonce::from_slice(nonce), payload)
            .map_err(|_| CryptoError::Unreadable)?;
        String::from_utf8(plain).map_err(|_| CryptoError::Unreadable)
    }
}

fn associated_data(purpose: Purpose, user: i64) -> String {
    format!("{}:{user}", purpose.label())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    const OTHER_KEY: &str = "ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    #[test]
    fn a_sealed_token_opens_only_for_its_user_purpose_and_key() {
        let cipher = TokenCipher::from_hex(KEY).unwrap();
        let sealed = cipher.seal(Purpose::GitHub, 42, "ghp_secret");
        assert!(!String::from_utf8_lossy(&sealed).contains("ghp_secret"));
        assert_eq!(
            cipher.open(Purpose::GitHub, 42, &sealed).unwrap(),
            "ghp_secret"
        );
        assert_eq!(
            cipher.open(Purpose::GitHub, 43, &sealed),
            Err(CryptoError::Unreadable)
        );
        assert_eq!(
            cipher.open(Purpose::Google, 42, &sealed),
            Err(CryptoError::Unreadable)
        );
        assert_eq!(
            cipher.open(Purpose::BackupPassword, 42, &sealed),
            Err(CryptoError::Unreadable)
        );
        let other = TokenCipher::from_hex(OTHER_KEY).unwrap();
        assert_eq!(
            other.open(Purpose::GitHub, 42, &sealed),
            Err(CryptoError::Unreadable)
        );
    }

    #[test]
    fn every_seal_uses_a_fresh_nonce() {
        let cipher = TokenCipher::from_hex(KEY).unwrap();
        let one = cipher.seal(Purpose::GitHub, 1, "t");
        let two = cipher.seal(Purpose::GitHub, 1, "t");
        assert_ne!(one, two);
    }

    #[test]
    fn damaged_or_truncated_bytes_are_unreadable() {
        let cipher = TokenCipher::from_hex(KEY).unwrap();
        let mut sealed = cipher.seal(Purpose::Google, 7, "refresh");
        let last = sealed.len() - 1;
        sealed[last] ^= 1;
        assert_eq!(
            cipher.open(Purpose::Google, 7, &sealed),
            Err(CryptoError::Unreadable)
        );
        for cut in [0, 1, 5, 13] {
            assert_eq!(
                cipher.open(Purpose::Google, 7, &sealed[..cut]),
                Err(CryptoError::Unreadable)
            );
        }
    }

    #[test]
    fn keys_must_be_32_bytes_of_hex() {
        assert!(TokenCipher::from_hex(KEY).is_ok());
        for bad in [
            "",
            "abc",
            &KEY[..62],
            &format!("{KEY}00"),
            &KEY.replace('0', "g"),
        ] {
            assert_eq!(TokenCipher::from_hex(bad).unwrap_err(), CryptoError::BadKey);
        }
    }
}
