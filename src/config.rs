//! One typed configuration: defaults → `codevault.toml` → `CODEVAULT_*` environment
//! (plus teloxide's `TELOXIDE_TOKEN` / `TELOXIDE_API_URL`).

use std::{fmt, path::Path, time::Duration};

use figment::{
    Figment,
    providers::{Env, Format, Toml},
};
use serde::{Deserialize, Serialize, Serializer};
use url::Url;

use crate::{
    domain::UserId,
    integrations::crypto::{CryptoError, TokenCipher},
};

const MIB: u64 = 1024 * 1024;

/// A value that must never reach a log or an error message.
#[derive(Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_set(&self) -> bool {
        !self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.is_set() {
            "[redacted]"
        } else {
            "(not set)"
        })
    }
}

impl Serialize for Secret {
    fn serialize<S>(&self, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
    {
        serializer.serialize_str(&format!("{self:?}"))
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The bot token from @BotFather (also read from `TELOXIDE_TOKEN`).
    pub telegram_token: Secret,
    /// The Bot API server (also read from `TELOXIDE_API_URL`).
    pub telegram_api_url: Url,
    /// MongoDB connection string; it may hold a password, so it is a secret.
    pub mongodb_uri: Secret,
    pub mongodb_database: String,
    /// How long to wait for MongoDB at start-up before giving up.
    pub mongodb_connect_timeout_secs: u64,
    /// Per-file limit for saved code.
    pub max_file_bytes: u64,
    /// The largest document Telegram lets a bot download.
    pub max_telegram_download_bytes: u64,
    /// The largest document Telegram lets a bot send; bigger backups are offered in parts.
    pub max_telegram_upload_bytes: u64,
    /// The size each part stays under when a backup is sent in parts.
    pub backup_part_bytes: u64,
    /// Stored backups per user: the oldest unrated go to make room, and when only rated ones
    /// could, a new backup is refused.
    pub max_backups_per_user: u64,
    pub max_files_per_user: u64,
    /// Limits on an archive being imported or restored (SPEC §4.4).
    pub max_archive_entries: usize,
    pub max_archive_uncompressed_bytes: u64,
    pub max_compression_ratio: u64,
    pub max_library_bytes: u64,
    /// Days a deleted file stays in the recycle bin before it is purged.
    pub recycle_bin_days: u32,
    /// How often the purge of expired recycle-bin files (and of orphaned archives) runs.
    pub purge_interval_secs: u64,
    /// Archives a backup cut short left without a record go once this old (> any backup).
    pub orphan_blob_grace_secs: u64,
    pub page_size: u32,
    /// When not empty, only these Telegram user ids may use the bot.
    pub allowed_users: Vec<UserId>,
    pub admins: Vec<UserId>,
    /// Outgoing message limits: Telegram allows about 1/s per chat, 20/min per group and 30/s
    /// overall; private chats have no per-minute limit.
    pub throttle_messages_per_sec_chat: u32,
    pub throttle_messages_per_min_group: u32,
    pub throttle_messages_per_sec_overall: u32,
    /// Updates of one chat in hand at once; more are skipped (with one notice per flood).
    pub chat_backlog: u32,
    /// A `tracing` filter, e.g. `info` or `codevault=debug,info`.
    pub log: String,
    /// 64 hex characters (32 bytes): the AES-256-GCM key that seals users' GitHub and Google
    /// tokens at rest. Without it, tokens cannot be connected. Changing it makes stored
    /// tokens unreadable: users are asked to connect again.
    pub encryption_key: Secret,
    /// The GitHub REST API: `https://api.github.com`, or `https://host/api/v3` (Enterprise).
    pub github_api_url: Url,
    /// How long to wait for GitHub to connect or to send the next bytes.
    pub github_timeout_secs: u64,
    /// The largest repository archive downloaded.
    pub github_max_archive_bytes: u64,
    /// The Google OAuth client (type "TV and Limited Input devices") for Drive; Drive stays
    /// off without it.
    pub google_client_id: String,
    pub google_client_secret: Secret,
    pub google_device_code_url: Url,
    pub google_token_url: Url,
    pub google_revoke_url: Url,
    /// Drive v3, ending in `/drive/v3/`.
    pub google_drive_url: Url,
    /// Drive v3 uploads, ending in `/upload/drive/v3/`.
    pub google_upload_url: Url,
    /// The Drive folder the bot creates and uploads into.
    pub drive_folder_name: String,
    /// Bot-made backups kept in the folder unless the user picks another number.
    pub drive_retention: u32,
    /// Uploads up to this size go in one request; larger ones are resumable.
    pub drive_multipart_limit_bytes: u64,
    /// Retries of one Drive request on 429, 5xx and network errors.
    pub drive_max_retries: u32,
    pub drive_backoff_base_ms: u64,
    pub drive_backoff_cap_secs: u64,
    /// How often the scheduler looks for due automatic backups.
    pub scheduler_poll_secs: u64,
    /// How long a claimed job is held before another instance may take it over.
    pub scheduler_lease_secs: u64,
    /// Automatic backups run at the same time, at most.
    pub scheduler_concurrency: usize,
    /// Where `/healthz`, `/readyz` and `/metrics` are served (`host:port`); empty turns it off.
    pub http_listen: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            telegram_token: Secret::default(),
            telegram_api_url: Url::parse("https://api.telegram.org").expect("a valid URL"),
            mongodb_uri: Secret::new("mongodb://localhost:27017"),
            mongodb_database: "codevault".to_owned(),
            mongodb_connect_timeout_secs: 10,
            max_file_bytes: 8 * MIB,
            max_telegram_download_bytes: 20 * MIB,
            max_telegram_upload_bytes: 50 * MIB,
            backup_part_bytes: 45 * MIB,
            max_backups_per_user: 50,
            max_files_per_user: 20_000,
            max_archive_entries: 20_000,
            max_archive_uncompressed_bytes: 200 * MIB,
            max_compression_ratio: 200,
            max_library_bytes: 200 * MIB,
            recycle_bin_days: 7,
            purge_interval_secs: 3600,
            orphan_blob_grace_secs: 3600,
            page_size: 10,
            allowed_users: Vec::new(),
            admins: Vec::new(),
            throttle_messages_per_sec_chat: 1,
            throttle_messages_per_min_group: 20,
            throttle_messages_per_sec_overall: 30,
            chat_backlog: 10,
            log: "info".to_owned(),
            encryption_key: Secret::default(),
            github_api_url: Url::parse("https://api.github.com").expect("a valid URL"),
            github_timeout_secs: 30,
            github_max_archive_bytes: 500 * MIB,
            google_client_id: String::new(),
            google_client_secret: Secret::default(),
            google_device_code_url: url("https://oauth2.googleapis.com/device/code"),
            google_token_url: url("https://oauth2.googleapis.com/token"),
            google_revoke_url: url("https://oauth2.googleapis.com/revoke"),
            google_drive_url: url("https://www.googleapis.com/drive/v3/"),
            google_upload_url: url("https://www.googleapis.com/upload/drive/v3/"),
            drive_folder_name: "CodeVault Backups".to_owned(),
            drive_retention: 10,
            drive_multipart_limit_bytes: 5 * MIB,
            drive_max_retries: 5,
            drive_backoff_base_ms: 1000,
            drive_backoff_cap_secs: 60,
            scheduler_poll_secs: 30,
            scheduler_lease_secs: 600,
            scheduler_concurrency: 4,
            http_listen: "0.0.0.0:9090".to_owned(),
        }
    }
}

fn url(text: &str) -> Url {
    Url::parse(text).expect("a valid built-in URL")
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration: {0}")]
    Invalid(String),
    #[error(
        "configuration: the Telegram bot token is missing (set TELOXIDE_TOKEN or telegram_token)"
    )]
    MissingToken,
}

impl Config {
    /// Reads `file` (missing is fine) and the environment over the defaults.
    pub fn load(file: &Path) -> Result<Self, ConfigError> {
        let teloxide = Env::raw()
            .only(&["TELOXIDE_TOKEN", "TELOXIDE_API_URL"])
            .map(|key| match key.as_str() {
                "TELOXIDE_TOKEN" => "telegram_token".into(),
                _ => "telegram_api_url".into(),
            });
        let config: Self = Figment::new()
            .merge(Toml::file(file))
            .merge(teloxide)
            .merge(Env::prefixed("CODEVAULT_").ignore(&["config"]))
            .extract()
            .map_err(|error| ConfigError::Invalid(one_line(&error)))?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |message: &str| Err(ConfigError::Invalid(message.to_owned()));
        if !(1..=50).contains(&self.page_size) {
            return invalid("page_size must be between 1 and 50");
        }
        if self.max_file_bytes == 0 || self.max_file_bytes > 15 * MIB {
            return invalid(
                "max_file_bytes must be between 1 and 15 MiB (a MongoDB document holds 16 MiB)",
            );
        }
        if self.backup_part_bytes < 64 * 1024
            || self.backup_part_bytes > self.max_telegram_upload_bytes
        {
            return invalid(
                "backup_part_bytes must be at least 64 KiB and at most max_telegram_upload_bytes",
            );
        }
        if self.max_backups_per_user == 0 {
            return invalid("max_backups_per_user must be at least 1");
        }
        if self.mongodb_database.is_empty() {
            return invalid("mongodb_database must not be empty");
        }
        if !self.mongodb_uri.expose().starts_with("mongodb://")
            && !self.mongodb_uri.expose().starts_with("mongodb+srv://")
        {
            return invalid("mongodb_uri must start with mongodb:// or mongodb+srv://");
        }
        if self.throttle_messages_per_sec_chat == 0
            || self.throttle_messages_per_min_group == 0
            || self.throttle_messages_per_sec_overall == 0
        {
            return invalid("throttle limits must be at least 1");
        }
        // Under the dispatcher's queue of 64 updates per chat, which then never fills.
        if !(1..=50).contains(&self.chat_backlog) || self.orphan_blob_grace_secs < 60 {
            return invalid("chat_backlog must be 1 to 50, orphan_blob_grace_secs at least 60");
        }
        if self.encryption_key.is_set() && self.token_cipher().is_err() {
            return invalid("encryption_key must be 64 hexadecimal characters (32 bytes)");
        }
        if self.drive_folder_name.trim().is_empty() || self.drive_retention == 0 {
            return invalid("drive_folder_name must not be empty and drive_retention at least 1");
        }
        if self.scheduler_poll_secs == 0
            || self.scheduler_lease_secs == 0
            || self.scheduler_concurrency == 0
        {
            return invalid(
                "scheduler_poll_secs, scheduler_lease_secs and scheduler_concurrency must be at least 1",
            );
        }
        if !self.google_upload_url.path().ends_with("/upload/drive/v3/")
            || !self.google_drive_url.path().ends_with('/')
        {
            return invalid(
                "google_upload_url must end with /upload/drive/v3/ and google_drive_url with /",
            );
        }
        if self.github_timeout_secs == 0 || self.github_max_archive_bytes == 0 {
            return invalid("github_timeout_secs and github_max_archive_bytes must be at least 1");
        }
        Ok(())
    }

    /// The cipher for tokens at rest, or `None` when no key is configured.
    pub fn token_cipher(&self) -> Result<Option<TokenCipher>, CryptoError> {
        if !self.encryption_key.is_set() {
            return Ok(None);
        }
        TokenCipher::from_hex(self.encryption_key.expose()).map(Some)
    }

    /// `serve` cannot start without a token; `check-config` can still show the rest.
    pub fn require_token(&self) -> Result<(), ConfigError> {
        if self.telegram_token.is_set() {
            Ok(())
        } else {
            Err(ConfigError::MissingToken)
        }
    }

    /// The effective configuration as TOML, every secret redacted.
    pub fn to_redacted_toml(&self) -> String {
        toml::to_string(self).expect("the configuration is plain data")
    }

    pub fn mongodb_connect_timeout(&self) -> Duration {
        Duration::from_secs(self.mongodb_connect_timeout_secs)
    }

    pub fn is_allowed(&self, user: UserId) -> bool {
        self.allowed_users.is_empty() || self.allowed_users.contains(&user)
    }
}

fn one_line(error: &figment::Error) -> String {
    error
        .to_string()
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[cfg(test)]
// figment's `Jail` closures must return its large `figment::Error`.
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_in_debug_and_toml() {
        let config = Config {
            telegram_token: Secret::new("123:SECRET"),
            mongodb_uri: Secret::new("mongodb://user:pw@db"),
            encryption_key: Secret::new("ab".repeat(32)),
            google_client_secret: Secret::new("GOCSPX-hidden"),
            ..Config::default()
        };
        let shown = format!("{config:?}\n{}", config.to_redacted_toml());
        assert!(
            !shown.contains("SECRET")
                && !shown.contains("pw@")
                && !shown.contains("abab")
                && !shown.contains("GOCSPX"),
            "{shown}"
        );
        assert!(shown.contains("[redacted]"));
    }

    #[test]
    fn file_then_environment_override_defaults() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("c.toml", "page_size = 5\nmongodb_database = \"fromfile\"")?;
            jail.set_env("CODEVAULT_MONGODB_DATABASE", "fromenv");
            jail.set_env("TELOXIDE_TOKEN", "1:abc");
            let config = Config::load(Path::new("c.toml")).expect("loads");
            assert_eq!(config.page_size, 5);
            assert_eq!(config.mongodb_database, "fromenv");
            assert_eq!(config.telegram_token.expose(), "1:abc");
            Ok(())
        });
    }

    #[test]
    fn bad_values_are_refused_with_a_reason() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("CODEVAULT_PAGE_SIZE", "0");
            let error = Config::load(Path::new("none.toml"))
                .unwrap_err()
                .to_string();
            assert!(error.to_lowercase().contains("page_size"), "{error}");
            jail.set_env("CODEVAULT_PAGE_SIZE", "ten");
            let error = Config::load(Path::new("none.toml"))
                .unwrap_err()
                .to_string();
            assert!(error.to_lowercase().contains("page_size"), "{error}");
            jail.set_env("CODEVAULT_PAGE_SIZE", "10");
            jail.set_env("CODEVAULT_ENCRYPTION_KEY", "not-hex");
            let error = Config::load(Path::new("none.toml"))
                .unwrap_err()
                .to_string();
            assert!(error.contains("encryption_key"), "{error}");
            assert!(!error.contains("not-hex"), "{error}");
            jail.set_env("CODEVAULT_ENCRYPTION_KEY", "");
            jail.set_env("CODEVAULT_NO_SUCH_KEY", "1");
            let error = Config::load(Path::new("none.toml"))
                .unwrap_err()
                .to_string();
            assert!(error.to_lowercase().contains("no_such_key"), "{error}");
            Ok(())
        });
    }
}
