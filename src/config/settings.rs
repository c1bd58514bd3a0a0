//! The sections as the settings the services and clients take.

use teloxide::adaptors::throttle::Limits;

use super::{
    Config,
    sections::{
        GithubConfig, GoogleConfig, LimitsConfig, SchedulerConfig, StorageConfig, TasksConfig,
        TelegramConfig,
    },
};
use crate::{
    archive::{APP_NAME, reader::ReadLimits},
    domain::{backup::quota::BackupQuota, quota::Quota},
    integrations::{
        crypto::{CryptoError, TokenCipher},
        github::GithubSettings,
        google::GoogleSettings,
    },
    ops::dump::DumpSettings,
    service::{
        BackupSettings, LibraryLimits,
        alerts::AlertSettings,
        drive::DriveSettings,
        github::GithubLimits,
        scheduler::{SchedulerSettings, unique_instance_name},
        scrub::ScrubSettings,
        tasks::TaskSettings,
    },
};

impl Config {
    pub fn library_limits(&self) -> LibraryLimits {
        LibraryLimits {
            max_file_bytes: self.limits.max_file_bytes,
            max_files: self.limits.max_files,
            max_bytes: self.limits.max_library_bytes,
            recycle_bin_days: self.limits.recycle_bin_days,
            page_size: self.telegram.page_size,
        }
    }

    pub fn alert_settings(&self) -> AlertSettings {
        let alerts = &self.alerts;
        AlertSettings {
            every: alerts.every,
            admins: self.telegram.admins.clone(),
            failures: alerts.failures,
            no_success_after: alerts.no_success_after,
            store_full_percent: alerts.store_full_percent,
            user_notice_after: alerts.user_notice_after,
        }
    }

    pub fn scrub_settings(&self) -> ScrubSettings {
        ScrubSettings {
            every: self.scrub.every,
            pause: self.scrub.pause,
        }
    }

    pub fn backup_settings(&self) -> BackupSettings {
        BackupSettings {
            quota: self.limits.backup_quota(),
            // Readers recognise our backups by it.
            app: format!("{APP_NAME} {}", env!("CARGO_PKG_VERSION")),
            page_size: self.telegram.page_size,
            part_bytes: self.telegram.backup_part_bytes,
            archive_memory_bytes: self.storage.archive_memory_bytes,
        }
    }

    pub fn github_limits(&self) -> GithubLimits {
        GithubLimits {
            max_archive_bytes: self.github.max_archive_bytes,
            max_inflated_bytes: self
                .limits
                .max_archive_uncompressed_bytes
                .max(self.github.max_archive_bytes),
        }
    }

    /// Google's client for Drive: the OAuth client and endpoints, and how hard Drive is tried.
    pub fn google_settings(&self) -> GoogleSettings {
        let (google, drive) = (&self.google, &self.drive);
        GoogleSettings {
            client_id: google.client_id.clone(),
            client_secret: google.client_secret.expose().to_owned(),
            device_code_url: google.device_code_url.to_string(),
            token_url: google.token_url.to_string(),
            revoke_url: google.revoke_url.to_string(),
            drive_root_url: google.drive_url.to_string(),
            upload_root_url: google.upload_url.to_string(),
            multipart_limit_bytes: drive.multipart_limit_bytes,
            max_retries: drive.max_retries,
            backoff_base: drive.backoff_base,
            backoff_cap: drive.backoff_cap,
            ..GoogleSettings::default()
        }
    }

    pub fn drive_settings(&self) -> DriveSettings {
        DriveSettings {
            configured: self.google.is_configured(),
            // A key that is set is valid: the configuration was validated.
            can_keep_tokens: self.storage.encryption_key.is_set(),
            folder_name: self.drive.folder_name.clone(),
            default_retention: self.drive.retention,
        }
    }
}

impl TelegramConfig {
    /// Outgoing message limits for teloxide's `Throttle`.
    pub fn throttle(&self) -> Limits {
        Limits {
            messages_per_sec_chat: self.messages_per_sec_chat,
            // Throttle applies this to every chat but channels and supergroups, private ones
            // included, where Telegram has no per-minute limit: only the per-second one binds
            // them. (Basic groups, which only get a one-line pointer here, rely on Telegram's
            // 429s, which Throttle honours.)
            messages_per_min_chat: u32::MAX,
            messages_per_min_channel_or_supergroup: self.messages_per_min_group,
            messages_per_sec_overall: self.messages_per_sec_overall,
        }
    }
}

impl StorageConfig {
    /// The scheduled dumps `serve` makes, when `dump_dir` is set.
    pub fn dump_settings(&self) -> Option<DumpSettings> {
        if self.dump_dir.as_os_str().is_empty() {
            return None;
        }
        let keep = usize::try_from(self.dump_keep).unwrap_or(usize::MAX);
        Some(DumpSettings::new(
            self.dump_dir.clone(),
            self.dump_every,
            keep,
        ))
    }

    /// The cipher for tokens at rest, or `None` when no key is configured.
    pub fn token_cipher(&self) -> Result<Option<TokenCipher>, CryptoError> {
        if !self.encryption_key.is_set() {
            return Ok(None);
        }
        TokenCipher::from_hex(self.encryption_key.expose()).map(Some)
    }
}

impl LimitsConfig {
    /// How many files and bytes of code each user's library may hold.
    pub fn quota(&self) -> Quota {
        Quota {
            max_files: self.max_files,
            max_bytes: self.max_library_bytes,
        }
    }

    /// How many backups of each class, and how many bytes of them, each user keeps.
    pub fn backup_quota(&self) -> BackupQuota {
        BackupQuota {
            manual: self.max_backups,
            scheduled: self.max_scheduled_backups,
            snapshots: self.max_restore_snapshots,
            imports: self.max_imported_backups,
            max_bytes: self.max_backup_bytes,
        }
    }

    /// What an archive being restored or imported may hold.
    pub fn read_limits(&self) -> ReadLimits {
        ReadLimits {
            max_entries: self.max_archive_entries,
            max_total_bytes: self.max_archive_uncompressed_bytes,
            max_file_bytes: self.max_file_bytes,
            max_ratio: Some(self.max_compression_ratio),
        }
    }
}

impl GithubConfig {
    pub fn client_settings(&self) -> GithubSettings {
        GithubSettings {
            api_url: self.api_url.clone(),
            timeout: self.timeout,
            user_agent: format!("codevault/{}", env!("CARGO_PKG_VERSION")),
        }
    }
}

impl GoogleConfig {
    /// Drive is offered only with an OAuth client.
    pub fn is_configured(&self) -> bool {
        !self.client_id.is_empty()
    }
}

impl SchedulerConfig {
    /// Under a name unique to this process.
    pub fn settings(&self) -> SchedulerSettings {
        SchedulerSettings {
            poll_interval: self.poll_interval,
            lease: self.lease,
            concurrency: self.concurrency,
            ..SchedulerSettings::new()
        }
    }
}

/// On shutdown, how long running tasks get to finish before they are left for another
/// instance.
const TASK_SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(20);

impl Config {
    /// The task worker's settings, under a name unique to this process; `exclusive` when no
    /// other process can open the store.
    pub fn task_settings(&self, exclusive: bool) -> TaskSettings {
        let tasks: &TasksConfig = &self.tasks;
        TaskSettings {
            instance: unique_instance_name(),
            per_hour: self.limits.heavy_actions_per_hour,
            concurrency: tasks.concurrency,
            lease: tasks.lease,
            poll_interval: tasks.poll_interval,
            progress_interval: tasks.progress_interval,
            cancel_grace: tasks.cancel_grace,
            shutdown_grace: TASK_SHUTDOWN_GRACE,
            exclusive,
        }
    }
}
