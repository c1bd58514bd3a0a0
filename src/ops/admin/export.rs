//! `codevault export --user ID --out FILE.zip`: the user's library as a CodeVault backup
//! archive in a file, not stored as a backup. Written to a temporary file beside its final
//! name, synced, read back and compared, then given its name only if that is still free: the
//! file is whole under its name or not there at all.

use std::{io, path::Path};

use tempfile::NamedTempFile;
use tokio::io::AsyncWriteExt;

use super::{AdminError, Services, print::Printed};
use crate::{
    domain::UserId,
    ops::files::{sha256_of, sync_dir},
};

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
    let failed = |source| AdminError::Write {
        path: out.to_owned(),
        source,
    };
    let directory = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    // Removed when dropped: every way out before it is renamed leaves nothing behind.
    let temporary = NamedTempFile::new_in(directory).map_err(failed)?;
    let sha256 = write_and_read_back(&mut archive.async_reader(), temporary.path())
        .await
        .map_err(failed)?;
    if hex::encode(sha256) != archive.sha256_hex() {
        return Err(AdminError::WrittenDiffers(out.to_owned()));
    }
    temporary
        .persist_noclobber(out)
        .map_err(|error| failed(error.error))?;
    sync_dir(directory).await.map_err(failed)?;
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

/// Writes what `archive` reads into the file at `path`, synced to the disk, and answers the
/// SHA-256 of the file as it reads back.
async fn write_and_read_back(
    archive: &mut (dyn tokio::io::AsyncRead + Send + Unpin),
    path: &Path,
) -> io::Result<[u8; 32]> {
    let mut file = tokio::fs::OpenOptions::new().write(true).open(path).await?;
    tokio::io::copy(archive, &mut file).await?;
    file.flush().await?;
    file.sync_all().await?;
    sha256_of(tokio::fs::File::open(path).await?).await
}
