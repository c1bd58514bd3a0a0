//! The composition root: configuration → storage → services → dispatcher and background tasks.

use std::{sync::Arc, time::Duration};

use teloxide::{ApiError, RequestError, dispatching::dialogue::ErasedStorage, prelude::*};
use tokio::sync::watch;

use crate::{
    bot::{
        BotSettings, Services, State, commands, flood::ChatLoad, live_menus::LiveMenus,
        notifier::TelegramNotifier, tasks::TelegramTasks,
    },
    config::{Config, StorageConfig, StoreChoice, TelegramConfig},
    integrations::{github::GithubClient, google::GoogleClient},
    ops::{
        self,
        dump::{DumpSettings, ScheduledDumps},
        instance::PollerLease,
        metrics::{CountingEvents, Metrics},
        signal::wait_for_signal,
    },
    service::{
        BackupService, Library, SystemClock, Users,
        alerts::{AdminNotifier, AlertRunner, AlertService},
        copies::{CopyJobs, CopyService, Notifier},
        drive::{Background, DriveDestination, DriveService, SealedVault},
        github::GithubService,
        import::ImportService,
        passwords::Passwords,
        restore::RestoreService,
        scheduler::Scheduler,
        scrub::{DamageNotifier, ScrubRunner, ScrubService},
        tasks::{TaskService, Worker},
    },
    storage::{
        Stores,
        mongo::{ConnectError, Mongo},
        sqlite::{DataDirLock, LockedOpenError, Sqlite},
    },
};

mod poller;

use poller::Poller;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error(transparent)]
    Database(#[from] ConnectError),
    #[error(transparent)]
    Embedded(#[from] LockedOpenError),
    #[error("Telegram rejected the bot token (check TELOXIDE_TOKEN)")]
    BadToken,
    #[error("cannot reach the Telegram Bot API at {url}: {reason}")]
    TelegramUnreachable { url: String, reason: String },
    #[error("cannot set up: {0}")]
    Setup(String),
}

/// Builds the library service from the configuration and a connected database.
pub fn library(config: &Config, stores: &Stores) -> Library {
    Library::new(
        stores.files.clone(),
        stores.events.clone(),
        Arc::new(SystemClock),
        config.library_limits(),
    )
}

/// Builds the backup service from the configuration and a connected database.
pub fn backups(config: &Config, stores: &Stores) -> BackupService {
    BackupService::new(
        stores.files.clone(),
        stores.backups.clone(),
        stores.blobs.clone(),
        stores.events.clone(),
        Arc::new(SystemClock),
        config.backup_settings(),
    )
}

/// Builds the restore service over the backup service.
pub fn restore(config: &Config, stores: &Stores, backups: Arc<BackupService>) -> RestoreService {
    RestoreService::new(
        stores.files.clone(),
        backups,
        stores.events.clone(),
        Arc::new(SystemClock),
        config.limits.read_limits(),
        config.limits.quota(),
    )
}

/// Builds the import service over the backup service.
pub fn imports(config: &Config, stores: &Stores, backups: Arc<BackupService>) -> ImportService {
    ImportService::new(
        backups,
        stores.files.clone(),
        config.limits.read_limits(),
        config.limits.quota(),
    )
}

/// The services the operator's commands (`backup`, `verify`, `restore`, `export`) run through.
pub fn operator(config: &Config, stores: &Stores) -> ops::admin::Services {
    let backups = Arc::new(backups(config, stores));
    ops::admin::Services {
        restores: restore(config, stores, backups.clone()),
        backups,
        users: Users::new(stores.users.clone()),
    }
}

/// Builds the repository-backup service; fails only on a bad key or HTTP set-up.
pub fn github(
    config: &Config,
    stores: &Stores,
    backups: Arc<BackupService>,
) -> Result<GithubService, ServeError> {
    let client = GithubClient::new(&config.github.client_settings()).map_err(setup)?;
    Ok(GithubService::new(
        client,
        stores.github.clone(),
        backups,
        config.storage.token_cipher().map_err(setup)?,
        stores.events.clone(),
        Arc::new(SystemClock),
        config.github_limits(),
    ))
}

/// Builds the copy service with its destinations (Google Drive) and the Drive service over it:
/// the Google client with the sealed token vault; `background` is where the Drive service's
/// waits for a connection report and what stops them.
pub fn destinations(
    config: &Config,
    stores: &Stores,
    backups: Arc<BackupService>,
    background: Background,
) -> Result<(Arc<CopyService>, DriveService), ServeError> {
    let cipher = config.storage.token_cipher().map_err(setup)?;
    let store = stores.drive.clone();
    let events = &stores.events;
    let vault = Arc::new(SealedVault::new(store.clone(), cipher.clone()));
    let client = GoogleClient::new(config.google_settings(), vault).map_err(setup)?;
    let settings = config.drive_settings();
    let clock = Arc::new(SystemClock);
    let drive = DriveDestination::new(client.clone(), store.clone(), clock.clone(), &settings);
    let copies = CopyService::new(
        backups,
        stores.destinations.clone(),
        stores.jobs.clone(),
        events.clone(),
        clock.clone(),
    )
    .with(Arc::new(drive), DriveDestination::copy_settings(&settings))
    .reading(config.limits.read_limits())
    .sealing(cipher);
    let copies = Arc::new(copies);
    let service = DriveService::new(
        client,
        store,
        copies.clone(),
        events.clone(),
        clock,
        settings,
        background,
    );
    Ok((copies, service))
}

/// Every service the bot's handlers use; `background` is what their background work reports
/// to and stops on.
pub fn services(
    config: &Config,
    stores: &Stores,
    background: Background,
) -> Result<Services, ServeError> {
    let backups_service = Arc::new(backups(config, stores));
    let (copies, drive) = destinations(config, stores, backups_service.clone(), background)?;
    Ok(Services {
        library: library(config, stores),
        backups: backups_service.clone(),
        restore: restore(config, stores, backups_service.clone()),
        import: imports(config, stores, backups_service.clone()),
        github: github(config, stores, backups_service)?,
        copies,
        drive: Arc::new(drive),
        users: Arc::new(Users::new(stores.users.clone())),
        tasks: Arc::new(TaskService::new(
            stores.tasks.clone(),
            Arc::new(SystemClock),
            config.limits.heavy_actions_per_hour,
        )),
        passwords: Arc::new(Passwords::new()),
        live_menus: Arc::new(LiveMenus::new()),
        settings: BotSettings {
            allowed_users: config.telegram.allowed_users.clone(),
            max_download_bytes: config.telegram.max_download_bytes,
            max_upload_bytes: config.telegram.max_upload_bytes,
        },
    })
}

/// The scheduler of automatic backups to every destination, telling users of failures
/// through `notifier`.
fn scheduler(
    config: &Config,
    stores: &Stores,
    services: &Services,
    notifier: Arc<dyn Notifier>,
) -> Result<Scheduler, ServeError> {
    let runner = Arc::new(CopyJobs::new(services.copies.clone(), notifier));
    Scheduler::new(
        stores.jobs.clone(),
        runner,
        Arc::new(SystemClock),
        config.scheduler.settings(),
    )
    .map_err(setup)
}

/// The database dumps `serve` makes every `storage.dump_every`, under a lease.
fn scheduled_dumps(
    stores: &Stores,
    metrics: Arc<Metrics>,
    settings: DumpSettings,
) -> ScheduledDumps {
    ScheduledDumps::new(
        stores.transfer(),
        stores.backend(),
        stores.leases.clone(),
        stores.alerts.clone(),
        Arc::new(SystemClock),
        metrics,
        settings,
    )
}

/// The scrub of every stored backup, telling owners of damage through `notifier` and showing
/// its progress in `metrics`; run by the instance holding its lease.
fn scrubber(
    config: &Config,
    stores: &Stores,
    services: &Services,
    notifier: Arc<dyn DamageNotifier>,
    metrics: &Arc<Metrics>,
    exclusive: bool,
) -> ScrubRunner {
    let settings = config.scrub_settings();
    let scrub = ScrubService::new(
        services.backups.clone(),
        notifier,
        metrics.clone(),
        settings,
    );
    let clock = Arc::new(SystemClock);
    ScrubRunner::new(Arc::new(scrub), stores.leases.clone(), clock, exclusive)
}

/// The operators' alerts and users' "not backed up" notices, told through the bot; judged by
/// the instance holding their lease.
fn alerts(
    config: &Config,
    stores: &Stores,
    admins: Arc<dyn AdminNotifier>,
    users: Arc<dyn Notifier>,
    exclusive: bool,
) -> AlertRunner {
    let clock = Arc::new(SystemClock);
    let service = AlertService::new(
        stores.jobs.clone(),
        stores.backups.clone(),
        stores.alerts.clone(),
        admins,
        users,
        clock.clone(),
        config.alert_settings(),
    );
    AlertRunner::new(Arc::new(service), stores.leases.clone(), clock, exclusive)
}

fn setup(error: impl std::fmt::Display) -> ServeError {
    ServeError::Setup(error.to_string())
}

/// The Bot API client, once the Bot API has accepted its token.
async fn telegram(config: &TelegramConfig) -> Result<Bot, ServeError> {
    let bot = Bot::new(config.token.expose()).set_api_url(config.api_url.clone());
    let me = bot.get_me().await.map_err(|error| match error {
        RequestError::Api(ApiError::InvalidToken) => ServeError::BadToken,
        other => ServeError::TelegramUnreachable {
            url: config.api_url.to_string(),
            reason: other.to_string(),
        },
    })?;
    tracing::info!(bot = %me.username(), "connected to Telegram");
    Ok(bot)
}

/// Runs the bot until SIGINT or SIGTERM.
pub async fn serve(config: Config) -> Result<(), ServeError> {
    config.require_token()?;
    let storage = &config.storage;
    // Held until the end: no other process opens the embedded store while this one runs.
    let (stores, data_dir_lock) = open_stores(storage).await?;
    let bot = telegram(&config.telegram).await?;
    // In the background: the menu is a convenience, and start-up waits for nothing but the token.
    tokio::spawn({
        let bot = bot.clone();
        async move { commands::register(&bot).await }
    });

    let metrics = Metrics::new();
    let counted = CountingEvents::new(stores.events.clone(), metrics.clone());
    let stores = stores.with_events(Arc::new(counted));
    let bot = bot.throttle(config.telegram.throttle());
    let (stop_tx, stop_rx) = watch::channel(false);
    let telegram_notifier = Arc::new(TelegramNotifier::new(
        bot.clone(),
        Arc::new(Users::new(stores.users.clone())),
    ));
    let notifier: Arc<dyn Notifier> = telegram_notifier.clone();
    let background = Background {
        notifier: notifier.clone(),
        shutdown: stop_rx.clone(),
    };
    let services = Arc::new(services(&config, &stores, background)?);
    let dialogues: Arc<ErasedStorage<State>> = stores.dialogues::<State>();
    let lease = PollerLease::new(
        stores.leases.clone(),
        Arc::new(SystemClock),
        config.telegram.poller_lease,
        data_dir_lock.is_some(),
    );

    let exclusive = data_dir_lock.is_some();
    let alerting = alerts(
        &config,
        &stores,
        telegram_notifier.clone(),
        notifier.clone(),
        exclusive,
    );
    let scheduler = scheduler(&config, &stores, &services, notifier)?.metered(metrics.clone());
    let jobs_watched = tokio::spawn(ops::metrics::watch_jobs(
        stores.jobs.clone(),
        Arc::new(SystemClock),
        metrics.clone(),
        config.scheduler.poll_interval,
        stop_rx.clone(),
    ));
    let dumps = config
        .storage
        .dump_settings()
        .map(|settings| scheduled_dumps(&stores, metrics.clone(), settings));
    let scrub = scrubber(
        &config,
        &stores,
        &services,
        telegram_notifier,
        &metrics,
        exclusive,
    );
    let http = listen(&config.http.listen).await?.map(|listener| {
        tokio::spawn(ops::http::serve(
            listener,
            stores.clone(),
            metrics,
            lease.role(),
            stop_rx.clone(),
        ))
    });
    // Every instance runs the scheduler and the task worker: their leases share the work out.
    let scheduled = tokio::spawn(scheduler.run(stop_rx.clone()));
    let scrubbed = tokio::spawn(scrub.run(stop_rx.clone()));
    let alerted = tokio::spawn(alerting.run(stop_rx.clone()));
    let runner = TelegramTasks::new(bot.clone(), dialogues.clone(), services.clone());
    let worker = Worker::new(
        stores.tasks.clone(),
        services.tasks.clone(),
        Arc::new(runner),
        Arc::new(SystemClock),
        config.task_settings(data_dir_lock.is_some()),
    )
    .map_err(setup)?;
    let worked = tokio::spawn(worker.run(stop_rx.clone()));
    let dumped = dumps.map(|dumps| tokio::spawn(dumps.run(stop_rx.clone())));
    tokio::spawn(async move {
        wait_for_signal().await;
        tracing::info!("shutting down");
        let _ = stop_tx.send(true);
    });
    let poller = Poller {
        bot,
        services,
        dialogues,
        load: ChatLoad::new(config.telegram.chat_backlog),
        purge: Purge {
            interval: storage.purge_interval,
            orphan_grace: storage.orphan_blob_grace,
        },
    };
    poller::run(lease, poller, stop_rx).await;
    // The scheduler and the worker let running work finish, then free their leases for other
    // instances.
    let _ = scheduled.await;
    let _ = worked.await;
    if let Some(dumped) = dumped {
        let _ = dumped.await;
    }
    let _ = scrubbed.await;
    let _ = jobs_watched.await;
    let _ = alerted.await;
    if let Some(http) = http {
        let _ = http.await;
    }
    drop(data_dir_lock);
    Ok(())
}

/// Opens the store the configuration chooses, and says in the log which and where; the
/// embedded store's data directory is locked first (the lock comes back with the stores).
async fn open_stores(storage: &StorageConfig) -> Result<(Stores, Option<DataDirLock>), ServeError> {
    let choice = storage.store();
    let opened = match &choice {
        StoreChoice::Embedded { data_dir } => {
            let (sqlite, lock) = Sqlite::open_locked(data_dir).await?;
            (sqlite.stores(), Some(lock))
        }
        StoreChoice::Mongo { uri, database } => {
            let mongo = Mongo::connect(uri, database, storage.connect_timeout).await?;
            (mongo.stores(), None)
        }
    };
    tracing::info!(store = %choice, "store opened");
    Ok(opened)
}

/// Binds the HTTP endpoint's address, unless it is turned off (empty).
async fn listen(address: &str) -> Result<Option<tokio::net::TcpListener>, ServeError> {
    if address.is_empty() {
        return Ok(None);
    }
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|error| ServeError::Setup(format!("cannot listen on {address}: {error}")))?;
    if let Ok(bound) = listener.local_addr() {
        tracing::info!(address = %bound, "HTTP endpoint (/healthz /readyz /metrics) listening");
    }
    Ok(Some(listener))
}

/// Updates one chat's worker may queue; `chat_backlog` stays under it.
const DISPATCHER_QUEUE: usize = 64;

#[derive(Clone)]
struct Purge {
    interval: Duration,
    /// How old an archive without a record must be before it goes.
    orphan_grace: Duration,
}

/// Purges the recycle bin, the archives backups cut short left behind and tasks that ended
/// long ago, now (so at start-up) and then every `interval`, until told to stop.
async fn purge_loop(services: Arc<Services>, purge: Purge, mut stop: watch::Receiver<bool>) {
    loop {
        match services.library.purge_expired().await {
            Ok(0) => {}
            Ok(purged) => tracing::info!(purged, "purged expired recycle-bin files"),
            Err(error) => tracing::error!(%error, "recycle-bin purge failed"),
        }
        match services.backups.remove_orphans(purge.orphan_grace).await {
            Ok(0) => {}
            Ok(removed) => tracing::info!(removed, "removed archives no backup record names"),
            Err(error) => tracing::error!(%error, "removing orphaned archives failed"),
        }
        match services.tasks.purge_finished().await {
            Ok(0) => {}
            Ok(purged) => tracing::info!(purged, "purged tasks that ended a day ago"),
            Err(error) => tracing::error!(%error, "purging ended tasks failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(purge.interval) => {}
            _ = stop.changed() => return,
        }
    }
}
