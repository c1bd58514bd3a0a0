//! Google Drive: connect with the device flow and disconnect, the Drive screen's status, and
//! Drive as a [`Destination`](super::destination::Destination) (`DriveDestination`) that the
//! copy service uploads to.

mod connect;
mod destination;
pub(crate) mod explain;
mod vault;

use std::{collections::HashMap, sync::Arc, sync::Mutex};

use chrono::{DateTime, SubsecRound, Utc};
use tokio::{sync::watch, task::AbortHandle};

/// What a disconnect could confirm, as the handler tells the user.
pub use crate::integrations::google::Revocation;
pub use destination::DriveDestination;
pub use vault::SealedVault;

use super::{
    Clock,
    copies::{CopyError, CopyService, Notifier},
    events,
};
use crate::{
    domain::{DestinationId, DriveProfile, Event, UserId, retention::RetentionPolicy},
    integrations::google::{DriveError, GoogleClient},
    storage::{DriveStore, EventStore, StoreError},
};

#[derive(Clone, Debug)]
pub struct DriveSettings {
    /// The operator configured a Google OAuth client.
    pub configured: bool,
    /// Tokens can be sealed (an encryption key is configured).
    pub can_keep_tokens: bool,
    pub folder_name: String,
    pub default_retention: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum DriveServiceError {
    #[error("Google Drive is not configured on this bot")]
    NotConfigured,
    #[error("token storage is not configured")]
    NoKey,
    #[error(transparent)]
    Google(DriveError),
    /// What the copy service answered (Drive's schedule, retention and uploads).
    #[error(transparent)]
    Copy(#[from] CopyError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub type DriveResult<T> = Result<T, DriveServiceError>;

/// What the Drive screen shows.
#[derive(Clone, Debug, PartialEq)]
pub struct DriveStatus {
    pub profile: DriveProfile,
    pub folder_name: String,
    /// Which of the bot's copies stay in the folder.
    pub retention: RetentionPolicy,
    pub next_run: Option<DateTime<Utc>>,
    /// Backups made for Drive hold every file's earlier versions.
    pub history: bool,
    /// Backups made for Drive are protected by the user's password.
    pub protected: bool,
    /// The last upload found the user's Drive full.
    pub full: bool,
}

pub struct DriveService {
    client: GoogleClient,
    store: Arc<dyn DriveStore>,
    copies: Arc<CopyService>,
    events: Arc<dyn EventStore>,
    clock: Arc<dyn Clock>,
    settings: DriveSettings,
    /// Tells the user how connecting ended.
    notifier: Arc<dyn Notifier>,
    /// Turns true on shutdown: background polls stop.
    shutdown: watch::Receiver<bool>,
    /// Device flows being polled in the background, so Cancel (or a new Connect) stops them.
    connecting: Mutex<HashMap<UserId, AbortHandle>>,
}

/// Where the service's background work (waiting for a connection) reports, and what stops it.
pub struct Background {
    pub notifier: Arc<dyn Notifier>,
    pub shutdown: watch::Receiver<bool>,
}

impl DriveService {
    pub fn new(
        client: GoogleClient,
        store: Arc<dyn DriveStore>,
        copies: Arc<CopyService>,
        events: Arc<dyn EventStore>,
        clock: Arc<dyn Clock>,
        settings: DriveSettings,
        background: Background,
    ) -> Self {
        Self {
            client,
            store,
            copies,
            events,
            clock,
            settings,
            notifier: background.notifier,
            shutdown: background.shutdown,
            connecting: Mutex::new(HashMap::new()),
        }
    }

    pub fn settings(&self) -> &DriveSettings {
        &self.settings
    }

    async fn emit(&self, event: Event) {
        events::emit(self.events.as_ref(), event).await;
    }

    fn now(&self) -> DateTime<Utc> {
        self.clock.now().trunc_subsecs(0)
    }

    pub async fn status(&self, user: UserId) -> DriveResult<DriveStatus> {
        let profile = self.store.profile(user).await?;
        let plan = self.copies.plan(user, &DestinationId::DRIVE).await?;
        Ok(DriveStatus {
            retention: plan.policy,
            folder_name: self.settings.folder_name.clone(),
            next_run: plan.next_run.filter(|_| profile.connected),
            history: plan.state.history,
            protected: plan.state.protected,
            full: plan.state.full,
            profile,
        })
    }
}
