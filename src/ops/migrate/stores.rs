//! Which stores a migration names, and opening them (for the operator's other commands too).

use std::{path::Path, time::Duration};

use super::MigrateError;
use crate::{
    config::{StorageConfig, StoreChoice},
    storage::{
        Stores,
        mongo::Mongo,
        sqlite::{DB_FILE, DataDirLock, Sqlite},
        transfer::Transfer,
    },
};

/// A MongoDB connection string names MongoDB (`database` in it); anything else is the data
/// directory of an embedded store.
pub fn parse_store(spec: &str, database: &str) -> StoreChoice {
    if spec.starts_with("mongodb://") || spec.starts_with("mongodb+srv://") {
        StoreChoice::Mongo {
            uri: spec.to_owned(),
            database: database.to_owned(),
        }
    } else {
        StoreChoice::Embedded {
            data_dir: spec.into(),
        }
    }
}

/// The store `spec` names (a connection string's in `database`), or else the configured one;
/// `database` defaults to the configured `storage.mongodb_database`.
pub fn named_or_configured(
    spec: Option<&str>,
    database: Option<&str>,
    storage: &StorageConfig,
) -> StoreChoice {
    let database = database.unwrap_or(&storage.mongodb_database);
    spec.map_or_else(|| storage.store(), |spec| parse_store(spec, database))
}

/// Whether both name one store: the same directory (however written), or the same MongoDB
/// hosts and database.
pub fn same_store(a: &StoreChoice, b: &StoreChoice) -> bool {
    match (a, b) {
        (StoreChoice::Embedded { data_dir: a }, StoreChoice::Embedded { data_dir: b }) => {
            resolved(a) == resolved(b)
        }
        (StoreChoice::Mongo { .. }, StoreChoice::Mongo { .. }) => a.to_string() == b.to_string(),
        _ => false,
    }
}

fn resolved(dir: &Path) -> std::path::PathBuf {
    dir.canonicalize()
        .or_else(|_| std::path::absolute(dir))
        .unwrap_or_else(|_| dir.to_owned())
}

/// An open store, with the lock on its data directory when it is an embedded one.
pub struct Opened {
    pub store: Box<dyn Transfer>,
    /// The same store as the services use it (the operator's commands run through them).
    pub stores: Stores,
    /// Held while the copy runs: a bot (or another migration) on that directory would change
    /// what is being copied or verified.
    _lock: Option<DataDirLock>,
}

/// Opens `store`; a source (`existing`) must already be there: an embedded store is not made
/// for it.
pub async fn open(
    store: &StoreChoice,
    timeout: Duration,
    existing: bool,
) -> Result<Opened, MigrateError> {
    let unopened = |reason: String| MigrateError::Open {
        store: store.clone(),
        reason,
    };
    match store {
        StoreChoice::Embedded { data_dir } => {
            if existing && !data_dir.join(DB_FILE).is_file() {
                return Err(MigrateError::NoSource(data_dir.display().to_string()));
            }
            let (sqlite, lock) = Sqlite::open_locked(data_dir)
                .await
                .map_err(|error| unopened(error.to_string()))?;
            Ok(Opened {
                stores: sqlite.stores(),
                store: Box::new(sqlite),
                _lock: Some(lock),
            })
        }
        StoreChoice::Mongo { uri, database } => {
            let mongo = Mongo::connect(uri, database, timeout)
                .await
                .map_err(|error| unopened(error.to_string()))?;
            Ok(Opened {
                stores: mongo.stores(),
                store: Box::new(mongo),
                _lock: None,
            })
        }
    }
}
