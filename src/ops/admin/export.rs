//! `codevault export --user ID --out FILE.zip`: the user's library as a CodeVault backup
//! archive in a file, not stored as a backup. Written beside its final name, synced, read
//! back and compared, then renamed: the file is whole under its name or not there at all.

use std::{
    fs::{self, File},
    io::{self, Read},
    path::{Path, PathBuf},
};

use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use super::{AdminError, Services, print::Printed};
use crate::domain::UserId;

pub async fn run(services: &Services, user: UserId, out: &Path) -> Result<(), AdminError> {
    if out.exists() {
        return Err(AdminError::OutExists(out.to_owned()));
    }
    println!("Exporting the library of user {user}");
    let exported = (services.backups)
        .export(user, &Printed::new())
        .await
        .map_err(AdminError::Backup)?;
    let archive = &exported.archive;
    let temporary = temporary_beside(out);
    let written = write(&mut archive.async_reader(), &temporary).await;
    let checked = match written {
        Ok(()) => sha256_of(&temporary).await,
        Err(error) => Err(error),
    };
    let failed = |source| AdminError::Write {
        path: out.to_owned(),
        source,
    };
    match checked {
        Ok(sha256) if sha256 == archive.sha256_hex() => {}
        Ok(_) => {
            let _ = fs::remove_file(&temporary);
            return Err(AdminError::WrittenDiffers(out.to_owned()));
        }
        Err(error) => {
            let _ = fs::remove_file(&temporary);
            return Err(failed(error));
        }
    }
    if let Err(error) = rename(&temporary, out) {
        let _ = fs::remove_file(&temporary);
        return Err(failed(error));
    }
    println!(
        "Exported {} file(s) ({} bytes) of user {user} to {}",
        exported.files,
        exported.total_size,
        out.display()
    );
    println!("  archive: {} bytes", archive.len());
    println!("  SHA-256: {}", archive.sha256_hex());
    println!(
        "  manifest backup_id: {} (not stored as a backup)",
        exported.id
    );
    Ok(())
}

/// `.<name>.<pid>.tmp` in the same directory, so the rename stays on one file system.
fn temporary_beside(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "export".into(), |name| name.to_string_lossy());
    out.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Writes what `archive` reads into a new file at `path`, synced to the disk.
async fn write(
    archive: &mut (dyn tokio::io::AsyncRead + Send + Unpin),
    path: &Path,
) -> io::Result<()> {
    let mut file = tokio::fs::File::create_new(path).await?;
    tokio::io::copy(archive, &mut file).await?;
    file.flush().await?;
    file.sync_all().await
}

/// The hex SHA-256 of the file as it reads back from the disk.
async fn sha256_of(path: &Path) -> io::Result<String> {
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut file = File::open(path)?;
        let mut hasher = Sha256::new();
        let mut buffer = vec![0; 1 << 16];
        loop {
            let read = file.read(&mut buffer)?;
            if read == 0 {
                return Ok(hex::encode(hasher.finalize()));
            }
            hasher.update(&buffer[..read]);
        }
    })
    .await
    .map_err(io::Error::other)?
}

/// Renames `from` to `to` unless `to` appeared meanwhile, then syncs the directory so the
/// new name survives a crash.
fn rename(from: &Path, to: &Path) -> io::Result<()> {
    if to.exists() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "the file appeared while the export was written",
        ));
    }
    fs::rename(from, to)?;
    let directory = match to.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    File::open(directory)?.sync_all()
}
