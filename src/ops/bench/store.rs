//! `codevault bench --store <mongodb-uri | data-dir>`: the store-backed jobs on a real store —
//! the store's own batched write of a generated library (the floor the others are held to), a
//! backup of that library (the one `bench` builds in memory), its restore onto an empty
//! library, and its import — each timed, with the process's peak memory while it ran.
//!
//! It writes into the store, so it takes only an empty one (a scratch data directory or
//! database), never a deployment's.

use std::{sync::Arc, time::Instant};

use chrono::Utc;

use super::{generated_source, module_name, peak_rss_bytes};
use crate::{
    config::{Config, StoreChoice},
    domain::{
        UserId,
        backup::BackupKind,
        progress::Unwatched,
        restore::{Action, Incoming},
        search::SearchQuery,
    },
    service::{
        BackupError, BackupOptions, BackupService, Imported, import::ImportError,
        import::ImportService, restore::RestoreError, restore::RestoreService,
    },
    storage::{
        StoreError, Stores,
        mongo::Mongo,
        sqlite::{DataDirLock, Sqlite},
        transfer::{Kind, Transfer},
    },
};

/// The bench's users, far from any Telegram id a test or a person has.
const FIRST_USER: UserId = 9_000_000_000_000;

/// What `bench --store` measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    /// The yardstick the restore and the import are held to: the store writes the library's
    /// files onto an empty library in one transaction (its batched insert), and nothing else.
    Floor,
    /// Build, store, read back and verify a full backup.
    Backup,
    /// What follows the user's ✅ under a restore's plan onto an empty library (the plan is
    /// shown before, untimed): the backup checked and planned again, the safety snapshot, every
    /// file written in one transaction.
    Restore,
    /// What follows the user's ✅ under an import's plan (the ZIP was checked and kept when it
    /// arrived, untimed): the same steps as a restore.
    Import,
    /// A search finding one file of the library (by a word of its name).
    SearchOne,
    /// A search finding every file of the library (a phrase in every file's code), each with
    /// its line: the most a search reads and returns.
    SearchAll,
}

impl Job {
    pub const ALL: [Self; 6] = [
        Self::Floor,
        Self::SearchOne,
        Self::SearchAll,
        Self::Backup,
        Self::Restore,
        Self::Import,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Floor => "floor",
            Self::Backup => "backup",
            Self::Restore => "restore",
            Self::Import => "import",
            Self::SearchOne => "search1",
            Self::SearchAll => "search*",
        }
    }
}

/// One job of one run.
#[derive(Clone, Debug)]
pub struct StoreRow {
    pub job: Job,
    pub files: usize,
    pub secs: f64,
    /// The process's peak resident memory during the job (Linux `VmHWM`, reset before it),
    /// or the peak so far when it cannot be reset; `None` where there is no `/proc`.
    pub peak_rss_bytes: Option<u64>,
}

#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// A search did not find what the generated library holds: the figure would be wrong.
    #[error("the search bench: {0}")]
    Search(String),
    #[error("cannot open {store}: {reason}")]
    Open { store: StoreChoice, reason: String },
    #[error(
        "{store} is not empty ({users} users, {files} file versions, {backups} backups): the \
         bench writes into the store, so give it an empty one (a new data directory or database)"
    )]
    NotEmpty {
        store: StoreChoice,
        users: u64,
        files: u64,
        backups: u64,
    },
    #[error("the store failed: {0}")]
    Store(#[from] StoreError),
    #[error("the backup failed: {0}")]
    Backup(#[from] BackupError),
    #[error("the restore failed: {0}")]
    Restore(#[from] RestoreError),
    #[error("the import failed: {0}")]
    Import(#[from] ImportError),
}

/// The services the jobs run through, built from the configuration by the caller (the
/// composition root knows how).
pub struct Services {
    pub backups: Arc<BackupService>,
    pub restores: RestoreService,
    pub imports: ImportService,
}

/// An open store, with the lock of its data directory when it is the embedded one.
struct Opened {
    stores: Stores,
    transfer: Box<dyn Transfer>,
    _lock: Option<DataDirLock>,
}

async fn open(config: &Config, store: &StoreChoice) -> Result<Opened, BenchError> {
    let unopened = |reason: String| BenchError::Open {
        store: store.clone(),
        reason,
    };
    let opened = match store {
        StoreChoice::Embedded { data_dir } => {
            let (sqlite, lock) = Sqlite::open_locked(data_dir)
                .await
                .map_err(|error| unopened(error.to_string()))?;
            Opened {
                stores: sqlite.stores(),
                transfer: Box::new(sqlite),
                _lock: Some(lock),
            }
        }
        StoreChoice::Mongo { uri, database } => {
            let mongo = Mongo::connect(uri, database, config.storage.connect_timeout)
                .await
                .map_err(|error| unopened(error.to_string()))?;
            Opened {
                stores: mongo.stores(),
                transfer: Box::new(mongo),
                _lock: None,
            }
        }
    };
    let count = |kind| opened.transfer.count(kind);
    let (users, files, backups) = (
        count(Kind::User).await?,
        count(Kind::File).await?,
        count(Kind::Backup).await?,
    );
    if users + files + backups > 0 {
        return Err(BenchError::NotEmpty {
            store: store.clone(),
            users,
            files,
            backups,
        });
    }
    Ok(opened)
}

/// The configuration with room for `files` files: the bench measures speed, not limits.
fn roomy(config: &Config, files: usize) -> Config {
    let mut config = config.clone();
    let limits = &mut config.limits;
    limits.max_files = limits.max_files.max(files as u64);
    limits.max_archive_entries = limits.max_archive_entries.max(files.saturating_add(1));
    limits.max_library_bytes = limits.max_library_bytes.max(1 << 34);
    limits.max_archive_uncompressed_bytes = limits.max_archive_uncompressed_bytes.max(1 << 34);
    config
}

/// Forgets the peak so far, so the next reading is the peak of what runs in between (Linux
/// `clear_refs` 5); answers whether it could.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Runs every job `runs` times for each size in `sizes` on `store`, which must be empty,
/// through the services `build` makes of a configuration and the store.
pub async fn run<F>(
    config: &Config,
    store: &StoreChoice,
    sizes: &[usize],
    runs: usize,
    build: F,
) -> Result<Vec<StoreRow>, BenchError>
where
    F: Fn(&Config, &Stores) -> Services,
{
    let opened = open(config, store).await?;
    let mut rows = Vec::new();
    let mut user = FIRST_USER;
    for &files in sizes {
        let services = build(&roomy(config, files), &opened.stores);
        for _ in 0..runs {
            rows.extend(run_once(&opened.stores, &services, files, user).await?);
            user += 3;
        }
    }
    Ok(rows)
}

/// One run: a library of `files` files for `user`, backed up; the backup restored for the
/// next user and imported for the one after.
async fn run_once(
    stores: &Stores,
    services: &Services,
    files: usize,
    user: UserId,
) -> Result<Vec<StoreRow>, BenchError> {
    let (backups, restores, imports) = (&services.backups, &services.restores, &services.imports);
    let (restorer, importer) = (user + 1, user + 2);
    let mut rows = Vec::with_capacity(Job::ALL.len());
    let mut measured = |job, started: Instant, resettable: bool| {
        let secs = started.elapsed().as_secs_f64();
        let peak_rss_bytes = peak_rss_bytes().filter(|_| resettable);
        rows.push(StoreRow {
            job,
            files,
            secs,
            peak_rss_bytes,
        });
    };

    let writes = library(files);
    let resettable = reset_peak();
    let started = Instant::now();
    stores.files.apply(user, writes, Utc::now()).await?;
    measured(Job::Floor, started, resettable);

    for (job, text, expected) in [
        (Job::SearchOne, module_name(files / 2), 1),
        (
            Job::SearchAll,
            "\"os.path.join(str(value)\"".to_owned(),
            files,
        ),
    ] {
        let query =
            SearchQuery::parse(&text).map_err(|error| BenchError::Search(error.to_string()))?;
        let resettable = reset_peak();
        let started = Instant::now();
        let found = stores.files.search(user, &query).await?;
        measured(job, started, resettable);
        if found.len() != expected {
            return Err(BenchError::Search(format!(
                "{text} found {} files, not {expected}",
                found.len()
            )));
        }
    }

    let resettable = reset_peak();
    let started = Instant::now();
    let created = backups
        .create_full(
            user,
            BackupKind::FullBackup,
            &BackupOptions::default(),
            &Unwatched,
        )
        .await?;
    measured(Job::Backup, started, resettable);

    let (count, total) = (created.record.file_count, created.record.total_size);
    let kept = backups
        .store_imported(
            restorer,
            created.archive.clone(),
            Imported {
                file_count: count,
                total_size: total,
                ..Imported::default()
            },
        )
        .await?;
    restores.plan(restorer, &kept.record.id, None).await?;
    let resettable = reset_peak();
    let started = Instant::now();
    restores
        .apply(restorer, &kept.record.id, &[], &[], None)
        .await?;
    measured(Job::Restore, started, resettable);

    let name = Some("library.zip".to_owned());
    let kept = imports.keep(importer, created.archive, name, None).await?;
    restores.plan(importer, &kept.record.id, None).await?;
    let resettable = reset_peak();
    let started = Instant::now();
    restores
        .apply(importer, &kept.record.id, &[], &[], None)
        .await?;
    measured(Job::Import, started, resettable);
    Ok(rows)
}

/// The generated library as the writes that create it.
fn library(files: usize) -> Vec<Action> {
    (0..files)
        .map(|index| {
            Action::Create(Incoming {
                name: module_name(index),
                code: generated_source(index),
                language: Some("python".to_owned()),
                note: None,
                tags: Vec::new(),
                history: Vec::new(),
            })
        })
        .collect()
}

/// The table `bench --store` prints: each run's time per job and size, the median, and the
/// highest peak memory of the runs.
pub fn report(rows: &[StoreRow]) -> String {
    let mut out =
        String::from("job      files   runs (s)                     median s  peak RSS MB\n");
    let mut keys: Vec<(usize, usize)> = Vec::new();
    for row in rows {
        let key = (
            row.files,
            Job::ALL.iter().position(|job| *job == row.job).unwrap_or(0),
        );
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    for (files, job) in keys {
        let job = Job::ALL[job];
        let of: Vec<&StoreRow> = rows
            .iter()
            .filter(|row| row.files == files && row.job == job)
            .collect();
        let mut secs: Vec<f64> = of.iter().map(|row| row.secs).collect();
        let runs = secs
            .iter()
            .map(|secs| format!("{secs:.3}"))
            .collect::<Vec<_>>()
            .join(" ");
        secs.sort_by(f64::total_cmp);
        let median = secs.get(secs.len() / 2).copied().unwrap_or_default();
        let peak = of
            .iter()
            .filter_map(|row| row.peak_rss_bytes)
            .max()
            .map_or_else(
                || "?".to_owned(),
                |bytes| format!("{:.0}", bytes as f64 / 1e6),
            );
        out.push_str(&format!(
            "{:<7} {files:>6}   {runs:<28} {median:>8.3}  {peak:>11}\n",
            job.name()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_shows_every_run_the_median_and_the_highest_peak() {
        let row = |job, secs, peak| StoreRow {
            job,
            files: 100,
            secs,
            peak_rss_bytes: peak,
        };
        let rows = [
            row(Job::Backup, 0.3, Some(50_000_000)),
            row(Job::Restore, 1.0, Some(70_000_000)),
            row(Job::Import, 1.2, None),
            row(Job::Backup, 0.1, Some(60_000_000)),
            row(Job::Restore, 2.0, Some(65_000_000)),
            row(Job::Import, 1.1, None),
            row(Job::Backup, 0.2, Some(55_000_000)),
            row(Job::Restore, 3.0, Some(66_000_000)),
            row(Job::Import, 1.3, None),
        ];
        let report = report(&rows);
        let lines: Vec<&str> = report.lines().collect();
        assert_eq!(lines.len(), 4, "{report}");
        let words = |line: &str| {
            line.split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            words(lines[1]),
            ["backup", "100", "0.300", "0.100", "0.200", "0.200", "60"]
        );
        assert_eq!(
            words(lines[2]),
            ["restore", "100", "1.000", "2.000", "3.000", "2.000", "70"]
        );
        assert_eq!(
            words(lines[3]),
            ["import", "100", "1.200", "1.100", "1.300", "1.200", "?"]
        );
    }
}
