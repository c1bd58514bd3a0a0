//! The MongoDB implementation of the storage traits.

mod alerts;
mod backups;
mod blobs;
mod destinations;
mod dialogues;
mod drive;
mod events;
mod files;
mod github;
mod indexes;
mod instance;
mod jobs;
mod tasks;
mod transactions;
mod transfer;
mod users;

use std::time::Duration;

use chrono::{DateTime, Utc};
use mongodb::{
    Client, Database,
    bson::{self, doc, oid::ObjectId},
    error::{ErrorKind, WriteFailure},
    options::ClientOptions,
};

pub use alerts::MongoAlerts;
pub use backups::MongoBackups;
pub use blobs::GridFsBlobs;
pub use destinations::MongoDestinations;
pub use dialogues::MongoDialogues;
pub use drive::MongoDrive;
pub use events::MongoEvents;
pub use files::MongoFiles;
pub use github::MongoGithub;
pub use instance::MongoLeases;
pub use jobs::MongoJobs;
pub use tasks::MongoTasks;
pub use users::MongoUsers;

use super::StoreError;
use crate::domain::Id;

/// A connected database with its indexes in place.
#[derive(Clone)]
pub struct Mongo {
    client: Client,
    db: Database,
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("the MongoDB connection string is not valid: {0}")]
    BadUri(String),
    #[error("cannot reach MongoDB at {hosts} within {seconds} s")]
    Unreachable { hosts: String, seconds: u64 },
    /// A standalone server: restores, imports and undo would fail on the first use.
    #[error("{} (the server {reason})", transactions::HOW_TO_FIX)]
    NoTransactions { reason: String },
    #[error("cannot create the MongoDB indexes: {0}")]
    Indexes(#[source] mongodb::error::Error),
}

impl Mongo {
    /// Connects, checks the server answers within `timeout` and runs transactions, and
    /// creates the indexes.
    pub async fn connect(
        uri: &str,
        database: &str,
        timeout: Duration,
    ) -> Result<Self, ConnectError> {
        // The driver's own message may quote the URI, password included: show only the kind.
        let mut options = ClientOptions::parse(uri)
            .await
            .map_err(|error| ConnectError::BadUri(error.kind.name().to_owned()))?;
        options.server_selection_timeout = Some(timeout);
        options.connect_timeout = Some(timeout);
        options.app_name = Some("codevault".to_owned());
        let hosts = options
            .hosts
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let client = Client::with_options(options)
            .map_err(|error| ConnectError::BadUri(error.kind.name().to_owned()))?;
        let db = client.database(database);
        if db.run_command(doc! { "ping": 1 }).await.is_err() {
            return Err(ConnectError::Unreachable {
                hosts,
                seconds: timeout.as_secs(),
            });
        }
        transactions::check(&client, &db)
            .await
            .map_err(|reason| ConnectError::NoTransactions { reason })?;
        let mongo = Self { client, db };
        indexes::ensure(&mongo.db)
            .await
            .map_err(ConnectError::Indexes)?;
        Ok(mongo)
    }

    pub fn files(&self) -> MongoFiles {
        MongoFiles::new(self.client.clone(), &self.db)
    }

    pub fn backups(&self) -> MongoBackups {
        MongoBackups::new(&self.db)
    }

    pub fn blobs(&self) -> GridFsBlobs {
        GridFsBlobs::new(&self.db)
    }

    pub fn users(&self) -> MongoUsers {
        MongoUsers::new(&self.db)
    }

    pub fn drive(&self) -> MongoDrive {
        MongoDrive::new(&self.db)
    }

    pub fn destinations(&self) -> MongoDestinations {
        MongoDestinations::new(&self.db)
    }

    pub fn github(&self) -> MongoGithub {
        MongoGithub::new(&self.db)
    }

    pub fn events(&self) -> MongoEvents {
        MongoEvents::new(&self.db)
    }

    pub fn dialogues(&self) -> MongoDialogues {
        MongoDialogues::new(&self.db)
    }

    pub fn jobs(&self) -> MongoJobs {
        MongoJobs::new(&self.db)
    }

    pub fn tasks(&self) -> MongoTasks {
        MongoTasks::new(&self.db)
    }

    pub fn leases(&self) -> MongoLeases {
        MongoLeases::new(&self.db)
    }

    pub fn alerts(&self) -> MongoAlerts {
        MongoAlerts::new(&self.db)
    }

    pub fn database(&self) -> &Database {
        &self.db
    }

    /// Answers whether the server is reachable right now (for readiness checks).
    pub async fn ping(&self) -> bool {
        self.db.run_command(doc! { "ping": 1 }).await.is_ok()
    }
}

trait ErrorKindName {
    fn name(&self) -> &'static str;
}

impl ErrorKindName for ErrorKind {
    fn name(&self) -> &'static str {
        match self {
            ErrorKind::InvalidArgument { .. } => "invalid argument",
            ErrorKind::DnsResolve { .. } => "DNS resolution failed",
            _ => "unsupported or malformed",
        }
    }
}

impl From<mongodb::error::Error> for StoreError {
    fn from(error: mongodb::error::Error) -> Self {
        if is_duplicate_key(&error) {
            Self::Conflict
        } else {
            Self::Mongo(error)
        }
    }
}

impl From<bson::de::Error> for StoreError {
    fn from(error: bson::de::Error) -> Self {
        Self::Unreadable(error)
    }
}

impl From<bson::ser::Error> for StoreError {
    fn from(error: bson::ser::Error) -> Self {
        Self::Unwritable(error)
    }
}

/// What a field of a stored document that is missing or of another type fails with.
pub(super) fn unreadable(
    field: &'static str,
) -> impl FnOnce(bson::document::ValueAccessError) -> StoreError {
    move |source| StoreError::Field { field, source }
}

/// A stored count or size as `u64`, whichever BSON number holds it (the server's sums and
/// other drivers write Int32, Int64 or a whole Double); `None` for anything else.
pub(super) fn whole_number(value: Option<&bson::Bson>) -> Option<u64> {
    match value? {
        bson::Bson::Int32(n) => u64::try_from(*n).ok(),
        bson::Bson::Int64(n) => u64::try_from(*n).ok(),
        bson::Bson::Double(n) if n.fract() == 0.0 && *n >= 0.0 => Some(*n as u64),
        _ => None,
    }
}

const DUPLICATE_KEY: i32 = 11000;

fn is_duplicate_key(error: &mongodb::error::Error) -> bool {
    match error.kind.as_ref() {
        ErrorKind::Write(WriteFailure::WriteError(e)) => e.code == DUPLICATE_KEY,
        ErrorKind::Command(e) => e.code == DUPLICATE_KEY,
        ErrorKind::InsertMany(e) => e
            .write_errors
            .iter()
            .flatten()
            .any(|w| w.code == DUPLICATE_KEY),
        _ => false,
    }
}

pub(crate) fn to_bson_time(time: DateTime<Utc>) -> bson::DateTime {
    bson::DateTime::from_millis(time.timestamp_millis())
}

pub(crate) fn from_bson_time(time: bson::DateTime) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(time.timestamp_millis()).unwrap_or_default()
}

pub(crate) fn to_id(oid: ObjectId) -> Id {
    Id::parse(&oid.to_hex()).expect("an ObjectId is 24 hex digits")
}

pub(crate) fn to_oid(id: &Id) -> ObjectId {
    ObjectId::parse_str(id.as_str()).expect("an Id is a valid ObjectId")
}
