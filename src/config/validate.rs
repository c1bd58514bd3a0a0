//! The rules a configuration must follow; each message names the key by `section.key`.

use std::time::Duration;

use super::{
    Config, ConfigError,
    sections::{
        AlertsConfig, DriveConfig, GithubConfig, GoogleConfig, LimitsConfig, SchedulerConfig,
        ScrubConfig, StorageConfig, TasksConfig, TelegramConfig,
    },
};

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;
const GIB: u64 = 1024 * MIB;
const SECOND: Duration = Duration::from_secs(1);
/// Longer, a dead poller would leave the bot silent for longer than an operator would wait.
const POLLER_LEASE_MAX: Duration = Duration::from_secs(60 * 60);
/// Kept as a lease's length in the store, which must stay representable.
const DUMP_EVERY_MAX: Duration = Duration::from_secs(366 * 24 * 3600);

fn invalid(message: &str) -> Result<(), ConfigError> {
    Err(ConfigError::Invalid(message.to_owned()))
}

impl Config {
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        self.telegram.validate()?;
        self.storage.validate()?;
        self.limits.validate()?;
        self.github.validate()?;
        self.google.validate()?;
        self.drive.validate()?;
        self.scheduler.validate()?;
        self.tasks.validate()?;
        self.scrub.validate()?;
        self.alerts.validate()
    }
}

impl AlertsConfig {
    fn validate(&self) -> Result<(), ConfigError> {
        // Faster would read the whole jobs table many times a second; slower, an alert would
        // wait longer than anyone wants to learn of trouble.
        if !(Duration::from_secs(1)..=Duration::from_secs(24 * 3600)).contains(&self.every) {
            return invalid("alerts.every must be between 1s and 24h");
        }
        if self.failures == 0 {
            return invalid("alerts.failures must be at least 1");
        }
        let long = Duration::from_secs(366 * 24 * 3600);
        if !(Duration::from_secs(60)..=long).contains(&self.no_success_after) {
            return invalid("alerts.no_success_after must be between 1m and 366 days");
        }
        if !(1..=100).contains(&self.store_full_percent) {
            return invalid("alerts.store_full_percent must be between 1 and 100");
        }
        if !(Duration::from_secs(60)..=long).contains(&self.user_notice_after) {
            return invalid("alerts.user_notice_after must be between 1m and 366 days");
        }
        Ok(())
    }
}

impl TelegramConfig {
    fn validate(&self) -> Result<(), ConfigError> {
        if !(1..=50).contains(&self.page_size) {
            return invalid("telegram.page_size must be between 1 and 50");
        }
        if self.backup_part_bytes < 64 * KIB || self.backup_part_bytes > self.max_upload_bytes {
            return invalid(
                "telegram.backup_part_bytes must be at least 64 KiB and at most telegram.max_upload_bytes",
            );
        }
        if self.messages_per_sec_chat == 0
            || self.messages_per_min_group == 0
            || self.messages_per_sec_overall == 0
        {
            return invalid(
                "telegram.messages_per_sec_chat, telegram.messages_per_min_group and telegram.messages_per_sec_overall must be at least 1",
            );
        }
        // Under the dispatcher's queue of 64 updates per chat, which then never fills.
        if !(1..=50).contains(&self.chat_backlog) {
            return invalid("telegram.chat_backlog must be between 1 and 50");
        }
        // Renewed every third of it: under a second, a slow database round trip loses it.
        if !(SECOND..=POLLER_LEASE_MAX).contains(&self.poller_lease) {
            return invalid("telegram.poller_lease must be between 1s and 1h");
        }
        Ok(())
    }
}

impl StorageConfig {
    fn validate(&self) -> Result<(), ConfigError> {
        if self.mongodb_database.is_empty() {
            return invalid("storage.mongodb_database must not be empty");
        }
        let uri = self.mongodb_uri.expose();
        if self.mongodb_uri.is_set()
            && !uri.starts_with("mongodb://")
            && !uri.starts_with("mongodb+srv://")
        {
            return invalid("storage.mongodb_uri must start with mongodb:// or mongodb+srv://");
        }
        if !self.mongodb_uri.is_set() && self.data_dir.as_os_str().is_empty() {
            return invalid("storage.data_dir must not be empty when storage.mongodb_uri is unset");
        }
        if self.orphan_blob_grace < 60 * SECOND {
            return invalid("storage.orphan_blob_grace must be at least 60s");
        }
        if self.token_cipher().is_err() {
            return invalid("storage.encryption_key must be 64 hexadecimal characters (32 bytes)");
        }
        if self.archive_memory_bytes > GIB {
            return invalid("storage.archive_memory_bytes must be at most 1 GiB");
        }
        if !(60 * SECOND..=DUMP_EVERY_MAX).contains(&self.dump_every) || self.dump_keep == 0 {
            return invalid(
                "storage.dump_every must be between 1m and 366 days, storage.dump_keep at least 1",
            );
        }
        Ok(())
    }
}

impl LimitsConfig {
    fn validate(&self) -> Result<(), ConfigError> {
        if self.max_file_bytes == 0 || self.max_file_bytes > 15 * MIB {
            return invalid(
                "limits.max_file_bytes must be between 1 B and 15 MiB (a MongoDB document holds 16 MiB)",
            );
        }
        if self.max_backups == 0
            || self.max_scheduled_backups == 0
            || self.max_restore_snapshots == 0
            || self.max_imported_backups == 0
        {
            return invalid(
                "limits.max_backups, limits.max_scheduled_backups, limits.max_restore_snapshots \
                 and limits.max_imported_backups must be at least 1",
            );
        }
        if self.max_backup_bytes == 0 {
            return invalid("limits.max_backup_bytes must be at least 1 B");
        }
        if self.heavy_actions_per_hour == 0 {
            return invalid("limits.heavy_actions_per_hour must be at least 1");
        }
        Ok(())
    }
}

impl GithubConfig {
    fn validate(&self) -> Result<(), ConfigError> {
        if self.timeout < SECOND || self.max_archive_bytes == 0 {
            return invalid(
                "github.timeout must be at least 1s and github.max_archive_bytes at least 1 B",
            );
        }
        Ok(())
    }
}

impl GoogleConfig {
    fn validate(&self) -> Result<(), ConfigError> {
        if !self.upload_url.path().ends_with("/upload/drive/v3/")
            || !self.drive_url.path().ends_with('/')
        {
            return invalid(
                "google.upload_url must end with /upload/drive/v3/ and google.drive_url with /",
            );
        }
        Ok(())
    }
}

impl DriveConfig {
    fn validate(&self) -> Result<(), ConfigError> {
        if self.folder_name.trim().is_empty() || self.retention == 0 {
            return invalid("drive.folder_name must not be empty and drive.retention at least 1");
        }
        Ok(())
    }
}

impl SchedulerConfig {
    fn validate(&self) -> Result<(), ConfigError> {
        if self.poll_interval < SECOND || self.lease < SECOND || self.concurrency == 0 {
            return invalid(
                "scheduler.poll_interval and scheduler.lease must be at least 1s, scheduler.concurrency at least 1",
            );
        }
        Ok(())
    }
}

impl TasksConfig {
    fn validate(&self) -> Result<(), ConfigError> {
        const TENTH: Duration = Duration::from_millis(100);
        if self.concurrency == 0 {
            return invalid("tasks.concurrency must be at least 1");
        }
        // Renewed every third of it at least: under a second, a slow round trip loses it.
        if !(SECOND..=POLLER_LEASE_MAX).contains(&self.lease) {
            return invalid("tasks.lease must be between 1s and 1h");
        }
        if self.poll_interval < TENTH || self.progress_interval < TENTH {
            return invalid(
                "tasks.poll_interval and tasks.progress_interval must be at least 100ms",
            );
        }
        Ok(())
    }
}

impl ScrubConfig {
    fn validate(&self) -> Result<(), ConfigError> {
        // Longer, a round would outlast what anyone waits to learn of damage (and its lease
        // what a store can represent).
        const YEAR: Duration = Duration::from_secs(366 * 24 * 3600);
        if !(SECOND..=YEAR).contains(&self.every) {
            return invalid("scrub.every must be between 1s and 366 days");
        }
        // A check reads a whole archive: some pause keeps the scrub from crowding out the bot.
        if !(Duration::from_millis(10)..=self.every).contains(&self.pause) {
            return invalid("scrub.pause must be at least 10ms and at most scrub.every");
        }
        Ok(())
    }
}
