//! The operator's commands for one user's backups (or everyone's): `backup`, `verify`,
//! `restore` and `export`. Each opens the configured store as `migrate` opens one, runs
//! through the services the bot uses (the same checks, the same writes), prints what it does
//! and a summary, and fails with one line and a non-zero exit.

mod backup;
mod export;
mod print;
mod restore;
mod verify;

use std::{path::PathBuf, sync::Arc};

use crate::{
    config::{Config, StoreChoice},
    domain::{Id, UserId, restore::Choice},
    ops::migrate::{self, MigrateError},
    service::{BackupError, BackupService, Users, restore::RestoreError, restore::RestoreService},
    storage::{StoreError, Stores},
};

/// The operator's commands on users' backups.
#[derive(Debug, clap::Subcommand)]
pub enum AdminCommand {
    /// Make a full backup of a user's library, as the bot makes one.
    ///
    /// Stored, read back and checked entry by entry, then listed in the user's 🗂 My backups
    /// (the quota makes room as in the bot). Nothing is sent to the user.
    Backup {
        /// The user's Telegram id.
        #[arg(long, value_name = "ID")]
        user: UserId,
    },
    /// Read stored backups back and check them; fail when any is damaged or missing.
    ///
    /// Each archive's SHA-256 against its record, every entry against its manifest; a line per
    /// backup, then a summary. Nothing is changed.
    #[command(group(clap::ArgGroup::new("whose").required(true).args(["user", "all"])))]
    Verify {
        /// Only this user's backups.
        #[arg(long, value_name = "ID")]
        user: Option<UserId>,
        /// Every stored backup of every user.
        #[arg(long)]
        all: bool,
    },
    /// Restore one of a user's backups into their library, as the bot does.
    ///
    /// The backup is checked and planned, a safety snapshot taken, then the files are written
    /// in one transaction with an undo log.
    Restore {
        /// The user's Telegram id.
        #[arg(long, value_name = "ID")]
        user: UserId,
        /// The backup's id (24 hexadecimal digits, shown on its screen in the bot).
        #[arg(long, value_name = "ID")]
        backup: String,
        /// Print the plan (new, unchanged and conflicting files) and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// What to do with the files whose current content differs from the backup's; without
        /// it, a restore with conflicts is refused.
        #[arg(long, value_enum, value_name = "CHOICE")]
        conflicts: Option<Conflicts>,
    },
    /// Write a user's library into a ZIP file, not stored: their data, on request.
    ///
    /// A CodeVault backup archive with its manifest, checked entry by entry, written to a
    /// temporary file, synced, read back and renamed; an existing file is never replaced.
    Export {
        /// The user's Telegram id.
        #[arg(long, value_name = "ID")]
        user: UserId,
        /// The file to write (it must not exist yet).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

/// The operator's decision for every conflict of a restore.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Conflicts {
    /// The backup's content becomes a new version; the current one stays in the history.
    Replace,
    /// The current file stays as it is.
    Skip,
    /// The backup's file is added beside the current one, as `name (restored).ext`.
    KeepBoth,
}

impl From<Conflicts> for Choice {
    fn from(conflicts: Conflicts) -> Self {
        match conflicts {
            Conflicts::Replace => Self::Replace,
            Conflicts::Skip => Self::Skip,
            Conflicts::KeepBoth => Self::KeepBoth,
        }
    }
}

/// The services the commands run through, built by the composition root.
pub struct Services {
    pub backups: Arc<BackupService>,
    pub restores: RestoreService,
    pub users: Users,
}

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("there is no embedded store in {0} (no codevault.db)")]
    NoStore(String),
    // Boxed, as is the restore's: the other failures stay small.
    #[error(transparent)]
    Open(Box<MigrateError>),
    #[error("there is no user {user} in {store}: they have never used the bot")]
    UnknownUser { user: UserId, store: StoreChoice },
    #[error("{0:?} is not a backup id (24 hexadecimal digits, lower case)")]
    BadBackupId(String),
    #[error("user {user} has no backup {backup}")]
    NoSuchBackup { user: UserId, backup: Id },
    #[error("the backup failed: {0}")]
    Backup(#[source] BackupError),
    #[error("the restore failed: {0}; nothing was written")]
    Restore(#[source] Box<RestoreError>),
    #[error(
        "{} file(s) of the backup differ from the library's ({}): choose --conflicts replace, \
         skip or keep-both; nothing was written",
        .0.len(), .0.join(", ")
    )]
    Conflicts(Vec<String>),
    #[error("{} of {checked} backup(s) are damaged, missing or unreadable: {}", .failed.len(), .failed.join(", "))]
    Damaged { checked: u64, failed: Vec<String> },
    #[error("{0} exists: choose another file (an export never replaces one)")]
    OutExists(PathBuf),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the archive written to {0} does not read back as the one built; it was removed")]
    WrittenDiffers(PathBuf),
    #[error("the store failed: {0}")]
    Store(#[source] StoreError),
}

impl From<StoreError> for AdminError {
    fn from(error: StoreError) -> Self {
        Self::Store(error)
    }
}

/// Runs `command` on the configured store, through the services `build` makes of it.
pub async fn run<F>(config: &Config, command: &AdminCommand, build: F) -> Result<(), AdminError>
where
    F: Fn(&Config, &Stores) -> Services,
{
    let store = config.storage.store();
    let opened = migrate::open(&store, config.storage.connect_timeout, true)
        .await
        .map_err(|error| match error {
            MigrateError::NoSource(dir) => AdminError::NoStore(dir),
            other => AdminError::Open(Box::new(other)),
        })?;
    let services = build(config, &opened.stores);
    let check = |user: UserId| known(&services, user, &store);
    match command {
        AdminCommand::Backup { user } => {
            check(*user).await?;
            backup::run(&services, *user).await
        }
        AdminCommand::Verify {
            user: Some(user), ..
        } => {
            check(*user).await?;
            verify::user(&services, *user).await
        }
        AdminCommand::Verify { user: None, .. } => {
            verify::all(&services, opened.store.as_ref()).await
        }
        AdminCommand::Restore {
            user,
            backup,
            dry_run,
            conflicts,
        } => {
            let id = Id::parse(backup).ok_or_else(|| AdminError::BadBackupId(backup.clone()))?;
            check(*user).await?;
            let choice = (*conflicts).map(Choice::from);
            restore::run(&services, *user, &id, *dry_run, choice).await
        }
        AdminCommand::Export { user, out } => {
            check(*user).await?;
            export::run(&services, *user, out).await
        }
    }
}

/// Refuses a user the store does not know, rather than act for an id mistyped.
async fn known(services: &Services, user: UserId, store: &StoreChoice) -> Result<(), AdminError> {
    if services.users.exists(user).await? {
        Ok(())
    } else {
        Err(AdminError::UnknownUser {
            user,
            store: store.clone(),
        })
    }
}
