//! One thread's share of a window of a protected backup: each entry deflated and encrypted by
//! the `zip` crate (WinZip AES-256, AE-1 or AE-2 as the crate picks by size), in a ZIP of its
//! own that the writer copies out raw, as it copies a plain part's. Encryption derives a key
//! per entry (PBKDF2 with a fresh salt), which is most of its cost; the window's threads share
//! it as they share deflating.

use std::io::{Cursor, Write};

use zip::{
    AesMode, CompressionMethod, DateTime, ZipWriter, result::ZipResult, write::SimpleFileOptions,
};

use crate::domain::password::Password;

/// The level the plain parts deflate at.
const LEVEL: i64 = 6;

pub(super) struct EncryptedPart {
    zip: ZipWriter<Cursor<Vec<u8>>>,
    password: Password,
}

impl EncryptedPart {
    pub fn new(password: Password) -> Self {
        Self {
            zip: ZipWriter::new(Cursor::new(Vec::new())),
            password,
        }
    }

    pub fn add(&mut self, path: &str, modified: DateTime, code: &[u8]) -> ZipResult<()> {
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(LEVEL))
            .last_modified_time(modified)
            .unix_permissions(0o644)
            .with_aes_encryption(AesMode::Aes256, self.password.expose());
        self.zip.start_file(path, options)?;
        self.zip.write_all(code)?;
        Ok(())
    }

    pub fn finish(self) -> ZipResult<Vec<u8>> {
        Ok(self.zip.finish()?.into_inner())
    }
}
