//! `codevault migrate`: copies every record of one store into another (the embedded store to
//! MongoDB when a deployment outgrows one machine, or back), then verifies the copy.

mod copy;
mod stores;
mod verify;

use std::time::Instant;

use crate::{
    config::{StorageConfig, StoreChoice},
    storage::{
        StoreError,
        transfer::{Key, Kind},
    },
};

pub use copy::{Copied, Target, check_target, copy_kind, counts, for_target, kinds_held};
pub use stores::{named_or_configured, open, parse_store, same_store};
pub use verify::{Verified, verify};

/// Records read, compared and written at a time.
pub const PAGE: usize = 500;

#[derive(Debug, clap::Args)]
#[command(
    about = "Copy every record from one store to another (embedded or MongoDB), and verify the copy",
    long_about = "Copy every record of one store into another: users and their settings \
    (GitHub, Drive and destination settings, sealed tokens copied sealed), every file version \
    and the recycle bin, backups with their archives, dialogues and jobs, ids kept. Events (an \
    operational log kept 30 days) are not copied. Job leases are cleared: they name instances \
    running on the source, and a job a source instance was running is run again on the target.\n\n\
    The copy is verified before it reports success: every record equal in both stores, the \
    counts of each kind, and every archive's SHA-256. Stop the bot first.\n\n\
    The target must be empty, or hold only records of an earlier run of the same copy (a run \
    cut short is run again: nothing is written twice). With --merge, a target holding other \
    records is copied into: a record whose id the target already holds is left as it is; when \
    it differs from the source's, it is reported as a conflict and the command fails after \
    copying everything else."
)]
pub struct MigrateArgs {
    /// Where to copy to: a MongoDB connection string (mongodb://…, mongodb+srv://…) or a data
    /// directory for the embedded store.
    #[arg(long, value_name = "STORE")]
    pub to: String,
    /// Where to copy from, like --to; the configured store when left out.
    #[arg(long, value_name = "STORE")]
    pub from: Option<String>,
    /// The MongoDB database of a connection string given as --to or --from [default: the
    /// configured storage.mongodb_database].
    #[arg(long, value_name = "NAME")]
    pub database: Option<String>,
    /// Copy into a target that holds other records (same id: kept; differing: a conflict).
    #[arg(long)]
    pub merge: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    #[error("--from and --to are the same store ({0}): there is nothing to copy")]
    SameStore(StoreChoice),
    #[error("there is no embedded store in {0} to copy from (no codevault.db)")]
    NoSource(String),
    #[error("cannot open {store}: {reason}")]
    Open { store: StoreChoice, reason: String },
    #[error(
        "the target {store} is not empty ({held}) and holds records the source does not; \
         to copy into it anyway, add --merge"
    )]
    NotEmpty { store: StoreChoice, held: String },
    #[error("cannot {action}: {source}")]
    Store {
        action: String,
        #[source]
        source: StoreError,
    },
    #[error("backup {0} has no archive in the source: its record cannot be copied")]
    MissingArchive(Key),
    #[error("verification failed: {kind} {key} is not the same in both stores")]
    Differs { kind: Kind, key: Key },
    #[error("verification failed: the source holds {in_source} {kind}, the target {in_target}")]
    Count {
        kind: &'static str,
        in_source: u64,
        in_target: u64,
    },
    #[error("verification failed: the archive of backup {0} is not the same in both stores")]
    Archive(Key),
    #[error(
        "{0} record(s) the target already held differ from the source's and were left as they \
         were (listed above); everything else was copied and verified"
    )]
    Conflicts(usize),
}

/// A store call failed while doing `action`.
pub(crate) fn failed(action: impl Into<String>) -> impl FnOnce(StoreError) -> MigrateError {
    let action = action.into();
    move |source| MigrateError::Store { action, source }
}

/// Runs the command: says what goes where, copies each kind, verifies, and sums up.
pub async fn run(storage: &StorageConfig, args: &MigrateArgs) -> Result<(), MigrateError> {
    let database = args
        .database
        .as_deref()
        .unwrap_or(&storage.mongodb_database);
    let to = parse_store(&args.to, database);
    let from = named_or_configured(args.from.as_deref(), Some(database), storage);
    if same_store(&from, &to) {
        return Err(MigrateError::SameStore(to));
    }
    println!("Copying {from} to {to}");
    let started = Instant::now();
    let source = open(&from, storage.connect_timeout, true).await?;
    let target = open(&to, storage.connect_timeout, false).await?;
    let (source, target) = (&source.store, &target.store);
    match check_target(source.as_ref(), target.as_ref(), args.merge).await? {
        Target::Empty => {}
        Target::Resumed(held) => {
            println!(
                "The target holds {held} of the source's records (an earlier run): copying the rest"
            );
        }
        Target::Merged(held) => println!("The target holds {held} record(s): merging into them"),
        Target::Foreign(held) => return Err(MigrateError::NotEmpty { store: to, held }),
    }
    let mut conflicts = Vec::new();
    let mut copied = 0;
    for kind in Kind::ALL {
        let done = copy_kind(source.as_ref(), target.as_ref(), kind).await?;
        println!("{done}");
        copied += done.written;
        conflicts.extend(done.conflicts.into_iter().map(|key| (kind, key)));
    }
    for (kind, key) in &conflicts {
        println!("conflict: {kind} {key} differs in the target; the target's is kept");
    }
    let verified = verify(source.as_ref(), target.as_ref(), &conflicts, !args.merge).await?;
    println!("{verified}");
    println!(
        "Copied {copied} record(s) in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    if conflicts.is_empty() {
        Ok(())
    } else {
        Err(MigrateError::Conflicts(conflicts.len()))
    }
}
