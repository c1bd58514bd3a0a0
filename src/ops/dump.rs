//! `codevault dump` and `codevault load`: the whole database (every record and every backup's
//! archive) into one checked file, and back into an empty store of either kind; and the
//! dumps `serve` makes on a schedule.

mod check;
mod format;
mod keep;
mod make;
mod schedule;
mod source;
mod writer;

use std::{io, path::PathBuf, time::Instant};

use chrono::{SecondsFormat, Utc};

pub use check::{Checked, check};
pub use format::{DumpManifest, VERSION, file_name, made_at};
pub use keep::{dumps, newest, prune};
pub use make::{Made, Say, make};
pub use schedule::{DumpSettings, DumpStatus, ScheduledDumps};
pub use source::DumpSource;

use crate::{
    config::{StorageConfig, StoreChoice},
    ops::{
        migrate::{self, MigrateError, copy_kind, counts, kinds_held, named_or_configured},
        signal::wait_for_signal,
    },
    storage::transfer::Kind,
};

#[derive(Debug, clap::Args)]
#[command(
    about = "Write the whole database into one checked file (a dump)",
    long_about = "Write the whole database into one file in DIR, \
    codevault-dump-<UTC time>.zip: users and their settings (sealed tokens stay sealed), every \
    file version and the recycle bin, backups with their archives, conversations, scheduled \
    jobs and long actions, ids kept (the 30-day event log is left out). Inside: the records as \
    JSON lines, each archive as it is stored, and manifest.json with every member's size and \
    SHA-256; the file's own SHA-256 is its last 64 bytes.\n\n\
    It is written to a temporary file in DIR, flushed to disk, read back and checked, and only \
    then given its name: a file named like a dump is a whole one. Interrupted or failed, it \
    leaves nothing behind. `codevault load` brings it back, into either kind of store."
)]
pub struct DumpArgs {
    /// The directory the dump goes into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Keep only the newest N dumps in DIR, this one included; older ones are removed.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub keep: Option<u32>,
    /// The store to dump, like migrate's --from; the configured store when left out.
    #[arg(long, value_name = "STORE")]
    pub from: Option<String>,
    /// The MongoDB database of a connection string given as --from [default: the configured
    /// storage.mongodb_database].
    #[arg(long, value_name = "NAME")]
    pub database: Option<String>,
}

#[derive(Debug, clap::Args)]
#[command(
    about = "Load a dump into an empty store, and verify it",
    long_about = "Load a dump made by `codevault dump` into an empty store: the configured one, \
    or --to. The dump is checked whole first (every member's SHA-256, every record, the file's \
    own SHA-256): a damaged one is refused and nothing is written. Then every record and \
    archive is written, ids kept (job leases cleared, a running long action's ended, as \
    `migrate` does), and the store is verified against the dump: every record equal, the \
    counts of each kind, every archive's SHA-256. A dump of either kind of store loads into \
    either. Stop the bot first."
)]
pub struct LoadArgs {
    /// The dump file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The store to load into (a MongoDB connection string or a data directory); the
    /// configured store when left out. It must be empty.
    #[arg(long, value_name = "STORE")]
    pub to: Option<String>,
    /// The MongoDB database of a connection string given as --to [default: the configured
    /// storage.mongodb_database].
    #[arg(long, value_name = "NAME")]
    pub database: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum DumpError {
    /// Opening, reading or writing a store (boxed: it is large, and rare).
    #[error(transparent)]
    Store(Box<MigrateError>),
    #[error("cannot write the dump into {}: {source}", dir.display())]
    Write {
        dir: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{} is not a CodeVault dump: {reason}", path.display())]
    NotADump { path: PathBuf, reason: String },
    #[error(
        "{} was written by a newer release (dump format {version}; this one reads up to \
         {known}): load it with that release",
        path.display(),
        known = VERSION
    )]
    Newer { path: PathBuf, version: u32 },
    #[error("{} is damaged: {what}", path.display())]
    Damaged { path: PathBuf, what: String },
    #[error("the dump did not read back whole ({0}); it was removed")]
    NotKept(Box<DumpError>),
    #[error("interrupted: the unfinished dump was removed")]
    Interrupted,
    #[error("cannot remove older dumps from {}: {source}", dir.display())]
    Prune {
        dir: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{0}; nothing was loaded")]
    Refused(Box<DumpError>),
    #[error("the target {store} is not empty ({held}): a dump loads only into an empty store")]
    NotEmpty { store: StoreChoice, held: String },
    #[error(
        "{source}; the load stopped part way: empty {store} (drop the database, or remove the \
         data directory) and load again"
    )]
    PartlyLoaded {
        store: StoreChoice,
        #[source]
        source: Box<MigrateError>,
    },
    #[error(
        "{count} record(s) of the dump were refused by {store} (listed above: a rule of the \
         store, such as one current file per name, which a dump taken while the bot changed \
         files may break); the load stopped part way: empty the store and load again"
    )]
    NotWritten { store: StoreChoice, count: usize },
}

impl From<MigrateError> for DumpError {
    fn from(error: MigrateError) -> Self {
        Self::Store(Box::new(error))
    }
}

/// The backend a store is, as a dump's manifest names it.
fn backend(store: &StoreChoice) -> &'static str {
    match store {
        StoreChoice::Embedded { .. } => "sqlite",
        StoreChoice::Mongo { .. } => "mongodb",
    }
}

/// Runs `codevault dump`: says what goes where, dumps, checks, prunes, sums up.
pub async fn run_dump(storage: &StorageConfig, args: &DumpArgs) -> Result<(), DumpError> {
    let from = named_or_configured(args.from.as_deref(), args.database.as_deref(), storage);
    println!("Dumping {from} into {}", args.out.display());
    let started = Instant::now();
    let opened = migrate::open(&from, storage.connect_timeout, true).await?;
    let say = |line: String| println!("{line}");
    let dumping = make(
        opened.store.as_ref(),
        backend(&from),
        &args.out,
        Utc::now(),
        &say,
    );
    // Dropped when interrupted: the temporary file goes with it.
    let made = tokio::select! {
        made = dumping => made?,
        () = wait_for_signal() => return Err(DumpError::Interrupted),
    };
    let manifest = &made.manifest;
    println!(
        "Wrote {} ({} bytes) in {:.1} s: {} record(s) and {} archive(s) of {} bytes, every \
         member's SHA-256 and the file's read back and checked",
        made.path.display(),
        made.bytes,
        started.elapsed().as_secs_f64(),
        manifest.total_records(),
        manifest.archives.len(),
        manifest.archive_bytes(),
    );
    if let Some(keep) = args.keep {
        let removed =
            prune(&args.out, keep as usize, &made.path).map_err(|source| DumpError::Prune {
                dir: args.out.clone(),
                source,
            })?;
        for path in removed {
            println!("Removed {}", path.display());
        }
    }
    Ok(())
}

/// Runs `codevault load`: checks the dump, then loads and verifies it (the copy and the
/// verification are `migrate`'s, with the dump as the source).
pub async fn run_load(storage: &StorageConfig, args: &LoadArgs) -> Result<(), DumpError> {
    let to = named_or_configured(args.to.as_deref(), args.database.as_deref(), storage);
    println!("Checking {}", args.file.display());
    let started = Instant::now();
    // Before the store is even opened: a damaged dump leaves it as it was.
    let checked = check(&args.file)
        .await
        .map_err(|error| DumpError::Refused(Box::new(error)))?;
    let manifest = &checked.manifest;
    println!(
        "The dump is whole: made {} by {} from {}: {} record(s), {} archive(s)",
        manifest
            .created_at
            .to_rfc3339_opts(SecondsFormat::Millis, true),
        manifest.app,
        manifest.source,
        manifest.total_records(),
        manifest.archives.len(),
    );
    let opened = migrate::open(&to, storage.connect_timeout, false).await?;
    let target = opened.store.as_ref();
    let held = counts(target, "the target's").await?;
    if held.iter().any(|(_, count)| *count > 0) {
        return Err(DumpError::NotEmpty {
            store: to,
            held: kinds_held(&held),
        });
    }
    println!("Loading it into {to}");
    let dump = DumpSource::new(checked);
    let partly = |source: MigrateError| DumpError::PartlyLoaded {
        store: to.clone(),
        source: Box::new(source),
    };
    let mut loaded = 0;
    let mut refused = 0;
    for kind in Kind::ALL {
        let done = copy_kind(&dump, target, kind).await.map_err(partly)?;
        println!("{done}");
        for key in &done.conflicts {
            println!("refused: {kind} {key}");
        }
        loaded += done.written;
        refused += done.conflicts.len();
    }
    if refused > 0 {
        return Err(DumpError::NotWritten {
            store: to,
            count: refused,
        });
    }
    let verified = migrate::verify(&dump, target, &[], true)
        .await
        .map_err(partly)?;
    println!("{verified}");
    println!(
        "Loaded {loaded} record(s) in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
