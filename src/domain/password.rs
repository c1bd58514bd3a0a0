//! Passwords of protected backups. A password is typed by its user, kept in memory only while
//! it is needed and wiped when dropped; it is never stored (a scheduled backup's password is
//! kept sealed, as tokens are) and never printed: its `Debug` is redacted.

use std::fmt;

use zeroize::Zeroizing;

/// The shortest password a backup may be protected with: an archive anyone may get hold of
/// (a Drive folder, a forwarded message) is guessed offline, at leisure.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longer than any passphrase, short enough for one message.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Why a password cannot protect a backup.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("a password needs at least {min} characters")]
    TooShort { min: usize },
    #[error("a password has at most {max} characters")]
    TooLong { max: usize },
}

#[derive(Clone, PartialEq, Eq)]
pub struct Password(Zeroizing<String>);

impl Password {
    /// A password to protect a backup with, as typed: at least [`MIN_PASSWORD_CHARS`]
    /// characters, at most [`MAX_PASSWORD_CHARS`].
    pub fn new(typed: String) -> Result<Self, PasswordError> {
        let typed = Zeroizing::new(typed);
        let chars = typed.chars().count();
        if chars < MIN_PASSWORD_CHARS {
            return Err(PasswordError::TooShort {
                min: MIN_PASSWORD_CHARS,
            });
        }
        if chars > MAX_PASSWORD_CHARS {
            return Err(PasswordError::TooLong {
                max: MAX_PASSWORD_CHARS,
            });
        }
        Ok(Self(typed))
    }

    /// A password given to open an archive: whatever was typed (an archive made elsewhere may
    /// have a short one); too long is refused, as no archive of ours has one.
    pub fn given(typed: String) -> Result<Self, PasswordError> {
        let typed = Zeroizing::new(typed);
        if typed.chars().count() > MAX_PASSWORD_CHARS {
            return Err(PasswordError::TooLong {
                max: MAX_PASSWORD_CHARS,
            });
        }
        Ok(Self(typed))
    }

    /// The text itself, for the cipher.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_protecting_password_has_a_length_in_characters_not_bytes() {
        assert_eq!(
            Password::new("short".to_owned()),
            Err(PasswordError::TooShort { min: 10 })
        );
        // Ten characters, twenty bytes.
        assert!(Password::new("пароль1234".to_owned()).is_ok());
        assert!(Password::new("ש".repeat(9)).is_err());
        assert!(Password::new("x".repeat(256)).is_ok());
        assert_eq!(
            Password::new("x".repeat(257)),
            Err(PasswordError::TooLong { max: 256 })
        );
    }

    #[test]
    fn any_password_may_be_given_to_open_an_archive_and_none_is_printed() {
        let given = Password::given("abc".to_owned()).unwrap();
        assert_eq!(given.expose(), "abc");
        assert_eq!(format!("{given:?}"), "Password([redacted])");
        assert!(Password::given("x".repeat(257)).is_err());
    }
}
