//! Inflates entries, never past what they declare, and keeps count of everything inflated.

use std::io::{self, Read, Write};

use sha2::{Digest, Sha256};
use zip::result::ZipError;

use super::ReadError;
use super::structure::{Entry, Zip};

/// zip's only sign that an entry grew past its declared size is this message (an
/// `InvalidData` error, like a bad CRC); the hostile tests pin it.
const PAST_DECLARED: &str = "larger than its declared uncompressed size";

pub(super) struct Inflater {
    zip: Zip,
    inflated: u64,
    max_total: u64,
}

impl Inflater {
    pub fn new(zip: Zip, max_total: u64) -> Self {
        Self {
            zip,
            inflated: 0,
            max_total,
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
        let file = self
            .zip
            .by_index(entry.index)
            .map_err(|error| match error {
                ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED) => {
                    ReadError::Encrypted(name())
                }
                _ => ReadError::Corrupt(name()),
            })?;
        // One byte past the declared size is enough to know it lied, whoever notices first.
        let mut limited = file.take(entry.size.saturating_add(1));
        let copied = io::copy(&mut limited, sink).map_err(|error| {
            if error.to_string().contains(PAST_DECLARED) {
                ReadError::InflatesPastDeclared(name())
            } else {
                ReadError::Corrupt(name())
            }
        })?;
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
