//! Entries of a protected archive (WinZip AES): opened with the password when one is given,
//! and what zip's refusals mean. One way to open an entry for the verifier and the reader.

use zip::{ZipArchive, read::ZipFile, result::ZipError};

use super::source::Source;
use crate::domain::password::Password;

/// Why a protected entry did not open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Locked {
    /// It is encrypted and no password was given.
    PasswordRequired,
    /// The password does not open it.
    WrongPassword,
}

/// The entry at `index`, decrypted with `password` when it is encrypted (a password given for
/// a plain entry is not used).
pub(crate) fn open<'a>(
    zip: &'a mut ZipArchive<Source>,
    index: usize,
    password: Option<&Password>,
) -> Result<ZipFile<'a, Source>, ZipError> {
    match password {
        Some(password) => zip.by_index_decrypt(index, password.expose().as_bytes()),
        None => zip.by_index(index),
    }
}

/// What a failure to open an entry says about its password, if anything.
pub(crate) fn locked(error: &ZipError) -> Option<Locked> {
    match error {
        ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED) => Some(Locked::PasswordRequired),
        ZipError::InvalidPassword => Some(Locked::WrongPassword),
        _ => None,
    }
}

/// Whether an encrypted entry uses WinZip AES, the only encryption we open (ZipCrypto, the
/// older one, is broken).
pub(crate) fn is_aes(entry: &impl zip::HasZipMetadata) -> bool {
    entry.get_metadata().aes_settings().is_some()
}
