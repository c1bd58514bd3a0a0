//! Copies of stored backups at destinations, the same for every destination: upload a stored
//! backup (or a new one) and record the copy, keep the newest N there, plan schedules and
//! retries, and bring a copy back (`fetch`). What is particular to a destination is its
//! [`Destination`] adapter; the scheduler's runner is in `runner`.

mod error;
pub(crate) mod explain;
mod fetch;
mod notice;
mod retention;
mod runner;
mod upload;

use std::{collections::HashMap, sync::Arc};

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};

pub use error::{CopyError, CopyResult, FailureReason, FetchError};
pub use fetch::{FetchResult, Fetched};
pub use notice::{Notice, Notifier};
pub use retention::{
    DAILY_CHOICES, MONTHLY_CHOICES, RETENTION_CHOICES, RetentionPreview, WEEKLY_CHOICES, is_choice,
};
pub use runner::CopyJobs;
pub use upload::{UploadFailed, Uploaded};

use super::{
    BackupOptions, BackupService, Clock, backup::Created, destination::Destination, events,
};
use crate::{
    archive::ReadLimits,
    domain::{
        DestinationId, Event, UserId,
        backup::BackupKind,
        destination::DestinationState,
        password::Password,
        progress::Progress,
        retention::RetentionPolicy,
        schedule::{Schedule, Zone},
    },
    integrations::crypto::{Purpose, TokenCipher},
    storage::{DestinationStore, EventStore, JobStore},
};

/// How the copy service treats a destination.
#[derive(Clone, Copy, Debug)]
pub struct CopySettings {
    /// What a backup made to be copied there is stored as.
    pub kind: BackupKind,
    /// How many of the bot's copies it keeps unless the user chose.
    pub default_retention: u32,
}

/// A user's settings for a destination and what is planned.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub state: DestinationState,
    /// Which of the bot's copies are kept there (the user's choice or the default).
    pub policy: RetentionPolicy,
    /// When the automatic backup runs next, if it is planned.
    pub next_run: Option<DateTime<Utc>>,
}

struct Registered {
    adapter: Arc<dyn Destination>,
    settings: CopySettings,
}

pub struct CopyService {
    destinations: HashMap<DestinationId, Registered>,
    backups: Arc<BackupService>,
    /// What a copy brought back may hold, as a restore reads it.
    reading: ReadLimits,
    state: Arc<dyn DestinationStore>,
    jobs: Arc<dyn JobStore>,
    events: Arc<dyn EventStore>,
    clock: Arc<dyn Clock>,
    /// Seals the passwords destinations' backups are protected with, as tokens are.
    cipher: Option<TokenCipher>,
}

impl CopyService {
    pub fn new(
        backups: Arc<BackupService>,
        state: Arc<dyn DestinationStore>,
        jobs: Arc<dyn JobStore>,
        events: Arc<dyn EventStore>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            destinations: HashMap::new(),
            backups,
            reading: ReadLimits::default(),
            state,
            jobs,
            events,
            clock,
            cipher: None,
        }
    }

    /// The cipher that seals the passwords destinations' backups are protected with (the
    /// operator's encryption key); without one, no password can be set.
    #[must_use]
    pub fn sealing(mut self, cipher: Option<TokenCipher>) -> Self {
        self.cipher = cipher;
        self
    }

    /// Adds a destination (replacing one with the same id).
    #[must_use]
    pub fn with(mut self, adapter: Arc<dyn Destination>, settings: CopySettings) -> Self {
        let registered = Registered { adapter, settings };
        self.destinations
            .insert(registered.adapter.id(), registered);
        self
    }

    /// The limits a copy brought back is read under (the archive limits of a restore); the
    /// defaults otherwise.
    #[must_use]
    pub fn reading(mut self, limits: ReadLimits) -> Self {
        self.reading = limits;
        self
    }

    fn destination(&self, id: &DestinationId) -> CopyResult<&Registered> {
        self.destinations
            .get(id)
            .ok_or_else(|| CopyError::Unknown(id.clone()))
    }

    fn now(&self) -> DateTime<Utc> {
        self.clock.now().trunc_subsecs(0)
    }

    /// Today's date on the clocks of `zone`: the day an every-N-days schedule set now counts
    /// from.
    pub fn today_in(&self, zone: Zone) -> NaiveDate {
        zone.date_of(self.now())
    }

    async fn emit(&self, event: Event) {
        events::emit(self.events.as_ref(), event).await;
    }

    async fn is_connected(&self, user: UserId, id: &DestinationId) -> CopyResult<bool> {
        let registered = self.destination(id)?;
        match registered.adapter.is_connected(user).await {
            Ok(connected) => Ok(connected),
            Err(error) => Err(self.remote(user, id, error).await),
        }
    }

    /// The adapter of `id`, once the user is connected there (`NotConnected` otherwise).
    async fn connected(
        &self,
        user: UserId,
        id: &DestinationId,
    ) -> CopyResult<Arc<dyn Destination>> {
        let adapter = self.destination(id)?.adapter.clone();
        if !self.is_connected(user, id).await? {
            return Err(CopyError::NotConnected);
        }
        Ok(adapter)
    }

    pub async fn plan(&self, user: UserId, id: &DestinationId) -> CopyResult<Plan> {
        let default = self.default_policy(id)?;
        let state = self.state.state(user, id).await?;
        let next_run = self.jobs.get(user, id).await?.and_then(|job| job.due_at);
        Ok(Plan {
            policy: state.retention.unwrap_or(default),
            state,
            next_run,
        })
    }

    /// What `id` keeps for a user who chose nothing: the operator's newest N.
    fn default_policy(&self, id: &DestinationId) -> CopyResult<RetentionPolicy> {
        let keep = self.destination(id)?.settings.default_retention;
        Ok(RetentionPolicy::Newest(keep))
    }

    pub async fn set_schedule(
        &self,
        user: UserId,
        id: &DestinationId,
        schedule: Schedule,
    ) -> CopyResult<()> {
        let connected = self.is_connected(user, id).await?;
        self.state.set_schedule(user, id, schedule).await?;
        let now = self.now();
        let due = schedule.next_run(now).filter(|_| connected);
        self.jobs.set_schedule(user, id, schedule, due, now).await?;
        let destination = id.clone();
        self.emit(Event::ScheduleSet {
            user,
            destination,
            schedule,
        })
        .await;
        Ok(())
    }

    /// Whether the backups made for the destination (scheduled, or ☁️ Back up now) hold every
    /// file's earlier versions.
    pub async fn set_history(
        &self,
        user: UserId,
        id: &DestinationId,
        history: bool,
    ) -> CopyResult<()> {
        self.destination(id)?;
        Ok(self.state.set_history(user, id, history).await?)
    }

    /// Protects the backups made for the destination (scheduled, or ☁️ Back up now) with
    /// `password`, kept sealed and bound to the user; `None` removes it.
    pub async fn set_password(
        &self,
        user: UserId,
        id: &DestinationId,
        password: Option<&Password>,
    ) -> CopyResult<()> {
        self.destination(id)?;
        let sealed = match password {
            Some(password) => {
                let cipher = self.cipher.as_ref().ok_or(CopyError::Password)?;
                Some(cipher.seal(Purpose::BackupPassword, user, password.expose()))
            }
            None => None,
        };
        Ok(self
            .state
            .set_sealed_password(user, id, sealed.as_deref())
            .await?)
    }

    /// The password the destination's backups are protected with, opened, if the user set
    /// one.
    async fn password(&self, user: UserId, id: &DestinationId) -> CopyResult<Option<Password>> {
        let Some(sealed) = self.state.sealed_password(user, id).await? else {
            return Ok(None);
        };
        let cipher = self.cipher.as_ref().ok_or(CopyError::Password)?;
        let opened = cipher
            .open(Purpose::BackupPassword, user, &sealed)
            .map_err(|_| CopyError::Password)?;
        Password::given(opened)
            .map(Some)
            .map_err(|_| CopyError::Password)
    }

    /// The destination was just connected: a schedule set earlier starts again, and uploads
    /// even an unchanged library (the account may be another).
    pub async fn resume(&self, user: UserId, id: &DestinationId) -> CopyResult<()> {
        self.state.forget_library(user, id).await?;
        let schedule = self.state.state(user, id).await?.schedule;
        let now = self.now();
        let due = schedule.next_run(now);
        Ok(self.jobs.set_schedule(user, id, schedule, due, now).await?)
    }

    /// The destination was disconnected: nothing runs, and the schedule is kept for later.
    pub async fn pause(&self, user: UserId, id: &DestinationId) -> CopyResult<()> {
        let schedule = self.state.state(user, id).await?.schedule;
        Ok(self
            .jobs
            .set_schedule(user, id, schedule, None, self.now())
            .await?)
    }

    /// A new backup of the destination's kind, to be copied there, with history and protected
    /// by a password when the user asked for them there.
    async fn create(
        &self,
        user: UserId,
        id: &DestinationId,
        progress: &dyn Progress,
    ) -> CopyResult<Created> {
        let kind = self.destination(id)?.settings.kind;
        if !self.is_connected(user, id).await? {
            return Err(CopyError::NotConnected);
        }
        let state = self.state.state(user, id).await?;
        let password = self.password(user, id).await?;
        let options = BackupOptions::with_history(state.history).protected_by(password);
        Ok(self
            .backups
            .create_full(user, kind, &options, progress)
            .await?)
    }

    /// Which of the bot's copies `id` keeps for `user`, and on whose clocks its days are read
    /// (the schedule's time zone).
    async fn policy(
        &self,
        user: UserId,
        id: &DestinationId,
    ) -> CopyResult<(RetentionPolicy, Zone)> {
        let default = self.default_policy(id)?;
        let state = self.state.state(user, id).await?;
        Ok((state.retention.unwrap_or(default), state.schedule.zone()))
    }
}
