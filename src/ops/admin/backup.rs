//! `codevault backup --user ID`: a full backup of the user's library, as 📦 Create backup
//! makes one (stored, read back and checked, then listed), not sent anywhere.

use super::{AdminError, Services, print};
use crate::{
    domain::{UserId, backup::BackupKind},
    service::BackupOptions,
};

pub async fn run(services: &Services, user: UserId) -> Result<(), AdminError> {
    println!("Backing up the library of user {user}");
    let created = (services.backups)
        .create_full(
            user,
            BackupKind::FullBackup,
            &BackupOptions::default(),
            &print::Printed::new(),
        )
        .await
        .map_err(AdminError::Backup)?;
    let record = &created.record;
    println!("Stored, read back and checked: backup {}", record.id);
    println!("  files: {}", record.file_count);
    println!("  size of the files: {} bytes", record.total_size);
    println!("  archive: {} bytes", record.archive_size);
    println!("  SHA-256: {}", record.sha256);
    for removed in &created.pruned {
        println!(
            "Removed to stay within the user's limit of backups: {}",
            print::backup(removed)
        );
    }
    Ok(())
}
