//! Inflates entries, never past what they declare, and keeps count of everything inflated.

use std::io::{self, Read, Write};

use sha2::{Digest, Sha256};

use super::ReadError;
use super::structure::{Entry, Zip};
use crate::archive::locked::{Locked, locked, open};
use crate::domain::password::Password;

/// zip's only sign that an entry grew past its declared size is this message (an
/// `InvalidData` error, like a bad CRC); the hostile tests pin it.
const PAST_DECLARED: &str = "larger than its declared uncompressed size";

pub(super) struct Inflater<'p> {
    zip: Zip,
    inflated: u64,
    max_total: u64,
    /// A protected archive's, for its encrypted entries.
    password: Option<&'p Password>,
    /// Whether the password has opened an entry whole (its authentication code matched).
    password_proven: bool,
}

impl<'p> Inflater<'p> {
    pub fn new(zip: Zip, max_total: u64, password: Option<&'p Password>) -> Self {
        Self {
            zip,
            inflated: 0,
            max_total,
            password,
            password_proven: false,
        }
    }

    /// The entry's bytes, which are exactly as many as it declares.
    pub fn read(&mut self, entry: &Entry) -> Result<Vec<u8>, ReadError> {
        // The declared size is capped by the caller; a lie in it fails below, not here.
        let capacity = usize::try_from(entry.size.min(1 << 20)).unwrap_or(0);
        let mut bytes = Vec::with_capacity(capacity);
        self.stream(entry, &mut bytes)?;
        Ok(bytes)
    }

    /// Lowercase hex SHA-256 of the entry's bytes, without holding them.
    pub fn hash(&mut self, entry: &Entry) -> Result<String, ReadError> {
        let mut hasher = Sha256::new();
        self.stream(entry, &mut hasher)?;
        Ok(hex::encode(hasher.finalize()))
    }

    fn stream(&mut self, entry: &Entry, sink: &mut impl Write) -> Result<(), ReadError> {
        let name = || entry.name.clone();
        let file =
            open(&mut self.zip, entry.index, self.password).map_err(|error| {
                match locked(&error) {
                    Some(Locked::PasswordRequired) => ReadError::PasswordRequired,
                    Some(Locked::WrongPassword) => ReadError::WrongPassword,
                    None => ReadError::Corrupt(name()),
                }
            })?;
        // WinZip AES checks a password against two bytes only: one wrong password in 65,536
        // passes them, and only the entry's authentication code then tells. Until the password
        // has opened an entry whole, that failure is the password's, not damage.
        let unproven = file.encrypted() && !self.password_proven;
        // One byte past the declared size is enough to know it lied, whoever notices first.
        let mut limited = file.take(entry.size.saturating_add(1));
        let copied = io::copy(&mut limited, sink).map_err(|error| {
            if unproven {
                ReadError::WrongPassword
            } else if error.to_string().contains(PAST_DECLARED) {
                ReadError::InflatesPastDeclared(name())
            } else {
                ReadError::Corrupt(name())
            }
        })?;
        self.password_proven |= unproven;
        if copied > entry.size {
            return Err(ReadError::InflatesPastDeclared(name()));
        }
        // zip checks the CRC, not the length: a short entry with a matching CRC ends here.
        if copied < entry.size {
            return Err(ReadError::Corrupt(name()));
        }
        self.inflated = self.inflated.saturating_add(copied);
        if self.inflated > self.max_total {
            return Err(ReadError::TooLarge {
                max_bytes: self.max_total,
            });
        }
        Ok(())
    }
}
