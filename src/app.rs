//! Wiring: configuration → storage → services → dispatcher and background tasks.

use std::{sync::Arc, time::Duration};

use teloxide::{
    ApiError, RequestError,
    adaptors::throttle::Limits,
    dispatching::dialogue::{ErasedStorage, Storage},
    prelude::*,
    update_listeners::Polling,
};
use tokio::sync::watch;

use crate::{
    archive::{APP_NAME, reader::ReadLimits},
    bot::{
        self, BotSettings, Services, State, Tg,
        flood::{Bounded, ChatLoad},
        notifier::TelegramNotifier,
        recovery::settle_unfinished,
    },
    config::Config,
    domain::quota::Quota,
    integrations::{
        github::{GithubClient, GithubSettings},
        google::{GoogleClient, GoogleSettings},
    },
    ops::{
        self,
        metrics::{CountingEvents, Metrics},
    },
    service::{
        BackupService, BackupSettings, Library, LibraryLimits, SystemClock,
        drive::{DriveJobs, DriveService, DriveSettings, SealedVault},
        github::{GithubLimits, GithubService},
        import::ImportService,
        restore::RestoreService,
        scheduler::{Scheduler, SchedulerSettings},
    },
    storage::{
        DriveStore, EventStore,
        mongo::{ConnectError, Mongo},
    },
};

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error(transparent)]
    Database(#[from] ConnectError),
    #[error("Telegram rejected the bot token (check TELOXIDE_TOKEN)")]
    BadToken,
    #[error("cannot reach the Telegram Bot API at {url}: {reason}")]
    TelegramUnreachable { url: String, reason: String },
    #[error("cannot set up: {0}")]
    Setup(String),
}

/// Builds the library service from the configuration and a connected database.
pub fn library(config: &Config, mongo: &Mongo, events: &Arc<dyn EventStore>) -> Library {
    Library::new(
        Arc::new(mongo.files()),
        events.clone(),
        Arc::new(SystemClock),
        LibraryLimits {
            max_file_bytes: config.max_file_bytes,
            max_files: config.max_files_per_user,
            max_bytes: config.max_library_bytes,
            recycle_bin_days: config.recycle_bin_days,
            page_size: config.page_size,
        },
    )
}

/// Builds the backup service from the configuration and a connected database.
pub fn backups(config: &Config, mongo: &Mongo, events: &Arc<dyn EventStore>) -> BackupService {
    BackupService::new(
        Arc::new(mongo.files()),
        Arc::new(mongo.backups()),
        Arc::new(mongo.blobs()),
        events.clone(),
        Arc::new(SystemClock),
        BackupSettings {
            max_backups: config.max_backups_per_user,
            // Readers recognise our backups by it.
            app: format!("{APP_NAME} {}", env!("CARGO_PKG_VERSION")),
            page_size: config.page_size,
            part_bytes: config.backup_part_bytes,
        },
    )
}

/// Builds the restore service over the backup service.
pub fn restore(
    config: &Config,
    mongo: &Mongo,
    events: &Arc<dyn EventStore>,
    backups: Arc<BackupService>,
) -> RestoreService {
    RestoreService::new(
        Arc::new(mongo.files()),
        backups,
        events.clone(),
        Arc::new(SystemClock),
        read_limits(config),
        quota(config),
    )
}

/// Builds the repository-backup service; fails only on a bad key or HTTP set-up.
pub fn github(
    config: &Config,
    mongo: &Mongo,
    events: &Arc<dyn EventStore>,
    backups: Arc<BackupService>,
) -> Result<GithubService, ServeError> {
    let client = GithubClient::new(&GithubSettings {
        api_url: config.github_api_url.clone(),
        timeout: Duration::from_secs(config.github_timeout_secs),
        user_agent: format!("codevault/{}", env!("CARGO_PKG_VERSION")),
    })
    .map_err(|error| ServeError::Setup(error.to_string()))?;
    let cipher = config
        .token_cipher()
        .map_err(|error| ServeError::Setup(error.to_string()))?;
    Ok(GithubService::new(
        client,
        Arc::new(mongo.github()),
        backups,
        cipher,
        events.clone(),
        Arc::new(SystemClock),
        GithubLimits {
            max_archive_bytes: config.github_max_archive_bytes,
            max_inflated_bytes: config
                .max_archive_uncompressed_bytes
                .max(config.github_max_archive_bytes),
        },
    ))
}

/// Builds the Drive service: the Google client with the sealed token vault.
pub fn drive(
    config: &Config,
    mongo: &Mongo,
    events: &Arc<dyn EventStore>,
    backups: Arc<BackupService>,
) -> Result<DriveService, ServeError> {
    let cipher = config
        .token_cipher()
        .map_err(|error| ServeError::Setup(error.to_string()))?;
    let store: Arc<dyn DriveStore> = Arc::new(mongo.drive());
    let settings = GoogleSettings {
        client_id: config.google_client_id.clone(),
        client_secret: config.google_client_secret.expose().to_owned(),
        device_code_url: config.google_device_code_url.to_string(),
        token_url: config.google_token_url.to_string(),
        revoke_url: config.google_revoke_url.to_string(),
        drive_root_url: config.google_drive_url.to_string(),
        upload_root_url: config.google_upload_url.to_string(),
        multipart_limit_bytes: config.drive_multipart_limit_bytes,
        max_retries: config.drive_max_retries,
        backoff_base: Duration::from_millis(config.drive_backoff_base_ms),
        backoff_cap: Duration::from_secs(config.drive_backoff_cap_secs),
        ..GoogleSettings::default()
    };
    let vault = Arc::new(SealedVault::new(store.clone(), cipher.clone()));
    let client =
        GoogleClient::new(settings, vault).map_err(|error| ServeError::Setup(error.to_string()))?;
    Ok(DriveService::new(
        client,
        store,
        Arc::new(mongo.jobs()),
        backups,
        events.clone(),
        Arc::new(SystemClock),
        DriveSettings {
            configured: !config.google_client_id.is_empty(),
            can_keep_tokens: cipher.is_some(),
            folder_name: config.drive_folder_name.clone(),
            default_retention: config.drive_retention,
        },
    ))
}

/// The scheduler of automatic Drive backups, telling users of failures through `bot`.
fn scheduler(
    config: &Config,
    mongo: &Mongo,
    services: &Services,
    bot: Tg,
) -> Result<Scheduler, ServeError> {
    let notifier = Arc::new(TelegramNotifier::new(bot, services.users.clone()));
    let runner = Arc::new(DriveJobs::new(services.drive.clone(), notifier));
    let settings = SchedulerSettings {
        poll_interval: Duration::from_secs(config.scheduler_poll_secs),
        lease: Duration::from_secs(config.scheduler_lease_secs),
        concurrency: config.scheduler_concurrency,
        ..SchedulerSettings::new()
    };
    Scheduler::new(
        Arc::new(mongo.jobs()),
        runner,
        Arc::new(SystemClock),
        settings,
    )
    .map_err(|error| ServeError::Setup(error.to_string()))
}

/// How many files and bytes of code each user's library may hold.
fn quota(config: &Config) -> Quota {
    Quota {
        max_files: config.max_files_per_user,
        max_bytes: config.max_library_bytes,
    }
}

/// What an archive being restored or imported may hold.
fn read_limits(config: &Config) -> ReadLimits {
    ReadLimits {
        max_entries: config.max_archive_entries,
        max_total_bytes: config.max_archive_uncompressed_bytes,
        max_file_bytes: config.max_file_bytes,
        max_ratio: Some(config.max_compression_ratio),
    }
}

/// Runs the bot until SIGINT or SIGTERM.
pub async fn serve(config: Config) -> Result<(), ServeError> {
    config.require_token()?;
    let mongo = Mongo::connect(
        config.mongodb_uri.expose(),
        &config.mongodb_database,
        config.mongodb_connect_timeout(),
    )
    .await?;
    let bot = Bot::new(config.telegram_token.expose()).set_api_url(config.telegram_api_url.clone());
    let me = bot.get_me().await.map_err(|error| match error {
        RequestError::Api(ApiError::InvalidToken) => ServeError::BadToken,
        other => ServeError::TelegramUnreachable {
            url: config.telegram_api_url.to_string(),
            reason: other.to_string(),
        },
    })?;
    tracing::info!(bot = %me.username(), "connected to Telegram");

    let metrics = Metrics::new();
    let events: Arc<dyn EventStore> = Arc::new(CountingEvents::new(
        Arc::new(mongo.events()),
        metrics.clone(),
    ));
    let backups_service = Arc::new(backups(&config, &mongo, &events));
    let services = Arc::new(Services {
        library: library(&config, &mongo, &events),
        backups: backups_service.clone(),
        restore: restore(&config, &mongo, &events, backups_service.clone()),
        import: ImportService::new(
            backups_service.clone(),
            Arc::new(mongo.files()),
            read_limits(&config),
            quota(&config),
        ),
        github: github(&config, &mongo, &events, backups_service.clone())?,
        drive: Arc::new(drive(&config, &mongo, &events, backups_service)?),
        users: Arc::new(mongo.users()),
        work: mongo.dialogues().of::<State>(),
        settings: BotSettings {
            allowed_users: config.allowed_users.clone(),
            max_download_bytes: config.max_telegram_download_bytes,
            max_upload_bytes: config.max_telegram_upload_bytes,
            max_archive_entries: config.max_archive_entries,
            max_archive_bytes: config.max_archive_uncompressed_bytes,
        },
    });
    let dialogues: Arc<ErasedStorage<State>> = mongo.dialogues().of::<State>().erase();
    let bot = bot.throttle(Limits {
        messages_per_sec_chat: config.throttle_messages_per_sec_chat,
        // Throttle applies this to every chat but channels and supergroups, private ones
        // included, where Telegram has no per-minute limit: only the per-second one binds them.
        // (Basic groups, which only get a one-line pointer here, rely on Telegram's 429s, which
        // Throttle honours.)
        messages_per_min_chat: u32::MAX,
        messages_per_min_channel_or_supergroup: config.throttle_messages_per_min_group,
        messages_per_sec_overall: config.throttle_messages_per_sec_overall,
    });
    // Before any update: a chat must not be left waiting on a "⏳" no one will replace.
    settle_unfinished(&bot, services.work.as_ref(), dialogues.clone()).await;

    let (stop_tx, stop_rx) = watch::channel(false);
    let scheduler = scheduler(&config, &mongo, &services, bot.clone())?;
    let http = listen(&config.http_listen).await?.map(|listener| {
        tokio::spawn(ops::http::serve(
            listener,
            mongo.clone(),
            metrics,
            stop_rx.clone(),
        ))
    });
    let scheduled = tokio::spawn(scheduler.run(stop_rx.clone()));
    let purge = tokio::spawn(purge_loop(
        services.clone(),
        Purge {
            interval: Duration::from_secs(config.purge_interval_secs),
            orphan_grace: Duration::from_secs(config.orphan_blob_grace_secs),
        },
        stop_rx,
    ));

    let load = ChatLoad::new(config.chat_backlog);
    let mut dispatcher = Dispatcher::builder(bot.clone(), bot::schema(load.clone()))
        .dependencies(dptree::deps![services, dialogues])
        .default_handler(|_| async {})
        // The guard at the root of the schema answers every failure; this only logs what
        // would slip past it.
        .error_handler(LoggingErrorHandler::with_custom_text("an update failed"))
        // Above the per-chat backlog, so the dispatcher never waits on one chat's queue.
        .worker_queue_size(DISPATCHER_QUEUE)
        .build();
    let shutdown = dispatcher.shutdown_token();
    tokio::spawn(async move {
        wait_for_signal().await;
        tracing::info!("shutting down");
        let _ = stop_tx.send(true);
        if let Ok(done) = shutdown.shutdown() {
            done.await;
        }
    });
    // Pending updates are kept: a message sent while the bot was down still gets its answer.
    let listener = Polling::builder(bot)
        .timeout(Duration::from_secs(10))
        .build();
    let listener = Bounded::new(listener, load);
    dispatcher
        .dispatch_with_listener(
            listener,
            LoggingErrorHandler::with_custom_text("the update listener failed"),
        )
        .await;
    let _ = purge.await;
    // The scheduler lets running uploads finish, then frees its leases for other instances.
    let _ = scheduled.await;
    if let Some(http) = http {
        let _ = http.await;
    }
    Ok(())
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

struct Purge {
    interval: Duration,
    /// How old an archive without a record must be before it goes.
    orphan_grace: Duration,
}

/// Purges the recycle bin and the archives backups cut short left behind, now (so at
/// start-up) and then every `interval`, until told to stop.
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
        tokio::select! {
            _ = tokio::time::sleep(purge.interval) => {}
            _ = stop.changed() => return,
        }
    }
}

async fn wait_for_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                .expect("can listen for SIGTERM");
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}
