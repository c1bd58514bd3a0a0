//! Every store of one backend in one bundle, so the composition root and the tests pick the
//! backend in one place.

use std::sync::Arc;

use serde::{Serialize, de::DeserializeOwned};
use teloxide::dispatching::dialogue::{ErasedStorage, Storage};

use super::{
    AlertStore, BackupStore, BlobStore, DestinationStore, DriveStore, EventStore, FileStore,
    GithubStore, InstanceLeases, JobStore, TaskStore, UserStore, mongo::Mongo, sqlite::Sqlite,
    transfer::Transfer,
};

/// The stores of one backend.
#[derive(Clone)]
pub struct Stores {
    pub users: Arc<dyn UserStore>,
    pub files: Arc<dyn FileStore>,
    pub backups: Arc<dyn BackupStore>,
    pub blobs: Arc<dyn BlobStore>,
    pub github: Arc<dyn GithubStore>,
    pub destinations: Arc<dyn DestinationStore>,
    pub drive: Arc<dyn DriveStore>,
    pub events: Arc<dyn EventStore>,
    pub jobs: Arc<dyn JobStore>,
    /// Users' long actions, run by whichever instance claims them.
    pub tasks: Arc<dyn TaskStore>,
    /// Who polls Telegram (one instance of all sharing the database).
    pub leases: Arc<dyn InstanceLeases>,
    /// Open alerts and what the scheduled dumps did (the operator's).
    pub alerts: Arc<dyn AlertStore>,
    /// Dialogue storage is generic over the state type (which the bot defines), so the bundle
    /// keeps the backend to make it on demand.
    backend: Backend,
}

#[derive(Clone)]
enum Backend {
    Mongo(Mongo),
    Sqlite(Sqlite),
}

impl Stores {
    /// The dialogue storage for states of type `D`, over this backend.
    pub fn dialogues<D>(&self) -> Arc<ErasedStorage<D>>
    where
        D: Serialize + DeserializeOwned + Send + Sync + 'static,
    {
        match &self.backend {
            Backend::Mongo(mongo) => mongo.dialogues().of::<D>().erase(),
            Backend::Sqlite(sqlite) => sqlite.dialogues().of::<D>().erase(),
        }
    }

    /// Answers whether the database answers right now (for readiness checks).
    pub async fn ping(&self) -> bool {
        match &self.backend {
            Backend::Mongo(mongo) => mongo.ping().await,
            Backend::Sqlite(sqlite) => sqlite.ping().await,
        }
    }

    /// The same stores with `events` recording events instead (e.g. counting them first).
    pub fn with_events(self, events: Arc<dyn EventStore>) -> Self {
        Self { events, ..self }
    }

    /// Every record of this backend in one shape, to dump it.
    pub fn transfer(&self) -> Arc<dyn Transfer> {
        match &self.backend {
            Backend::Mongo(mongo) => Arc::new(mongo.clone()),
            Backend::Sqlite(sqlite) => Arc::new(sqlite.clone()),
        }
    }

    /// Which backend this is, for logs: `mongodb` or `sqlite`.
    pub fn backend(&self) -> &'static str {
        match self.backend {
            Backend::Mongo(_) => "mongodb",
            Backend::Sqlite(_) => "sqlite",
        }
    }
}

impl Mongo {
    /// Every store over this database.
    pub fn stores(&self) -> Stores {
        Stores {
            users: Arc::new(self.users()),
            files: Arc::new(self.files()),
            backups: Arc::new(self.backups()),
            blobs: Arc::new(self.blobs()),
            github: Arc::new(self.github()),
            destinations: Arc::new(self.destinations()),
            drive: Arc::new(self.drive()),
            events: Arc::new(self.events()),
            jobs: Arc::new(self.jobs()),
            tasks: Arc::new(self.tasks()),
            leases: Arc::new(self.leases()),
            alerts: Arc::new(self.alerts()),
            backend: Backend::Mongo(self.clone()),
        }
    }
}

impl Sqlite {
    /// Every store over this database.
    pub fn stores(&self) -> Stores {
        Stores {
            users: Arc::new(self.users()),
            files: Arc::new(self.files()),
            backups: Arc::new(self.backups()),
            blobs: Arc::new(self.blobs()),
            github: Arc::new(self.github()),
            destinations: Arc::new(self.destinations()),
            drive: Arc::new(self.drive()),
            events: Arc::new(self.events()),
            jobs: Arc::new(self.jobs()),
            tasks: Arc::new(self.tasks()),
            leases: Arc::new(self.leases()),
            alerts: Arc::new(self.alerts()),
            backend: Backend::Sqlite(self.clone()),
        }
    }
}
