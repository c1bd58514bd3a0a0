//! One section per area of the configuration, each with the built-in defaults.

use std::{path::PathBuf, time::Duration};

use serde::{Deserialize, Serialize};
use url::Url;

use super::{
    Secret,
    units::{duration, size},
};
use crate::domain::{UserId, backup::quota::BackupQuota};

const MIB: u64 = 1024 * 1024;

/// `[telegram]`: the bot's account, what Telegram allows, and how the bot treats chats.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TelegramConfig {
    /// The bot token from @BotFather (also read from `TELOXIDE_TOKEN`).
    pub token: Secret,
    /// The Bot API server (also read from `TELOXIDE_API_URL`).
    pub api_url: Url,
    /// The largest document Telegram lets a bot download.
    #[serde(with = "size")]
    pub max_download_bytes: u64,
    /// The largest document Telegram lets a bot send; bigger backups are offered in parts.
    #[serde(with = "size")]
    pub max_upload_bytes: u64,
    /// The size each part stays under when a backup is sent in parts.
    #[serde(with = "size")]
    pub backup_part_bytes: u64,
    /// Rows per list page.
    pub page_size: u32,
    /// When not empty, only these Telegram user ids may use the bot.
    pub allowed_users: Vec<UserId>,
    pub admins: Vec<UserId>,
    /// Outgoing message limits: Telegram allows about 1/s per chat, 20/min per group and 30/s
    /// overall; private chats have no per-minute limit.
    pub messages_per_sec_chat: u32,
    pub messages_per_min_group: u32,
    pub messages_per_sec_overall: u32,
    /// Updates of one chat in hand at once; more are skipped (with one notice per flood).
    pub chat_backlog: u32,
    /// Telegram lets one instance poll a bot: the one holding this lease in the store. It is
    /// renewed about every third of it; another instance takes over within it after the holder
    /// dies.
    #[serde(with = "duration")]
    pub poller_lease: Duration,
}

impl Default for TelegramConfig {
    fn default() -> Self {
        Self {
            token: Secret::default(),
            api_url: url("https://api.telegram.org"),
            max_download_bytes: 20 * MIB,
            max_upload_bytes: 50 * MIB,
            backup_part_bytes: 45 * MIB,
            page_size: 10,
            allowed_users: Vec::new(),
            admins: Vec::new(),
            messages_per_sec_chat: 1,
            messages_per_min_group: 20,
            messages_per_sec_overall: 30,
            chat_backlog: 10,
            poller_lease: Duration::from_secs(30),
        }
    }
}

/// `[storage]`: the database, the key sealing tokens in it, and its upkeep.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct StorageConfig {
    /// Where the embedded store keeps its database file (used when `mongodb_uri` is unset).
    pub data_dir: PathBuf,
    /// MongoDB connection string; set, it chooses MongoDB over the embedded store. It may
    /// hold a password, so it is a secret.
    pub mongodb_uri: Secret,
    pub mongodb_database: String,
    /// How long to wait for MongoDB at start-up before giving up.
    #[serde(with = "duration")]
    pub connect_timeout: Duration,
    /// 64 hex characters (32 bytes): the AES-256-GCM key that seals users' GitHub and Google
    /// tokens at rest. Without it, tokens cannot be connected. Changing it makes stored
    /// tokens unreadable: users are asked to connect again.
    pub encryption_key: Secret,
    /// How often the purge of expired recycle-bin files (and of orphaned archives) runs.
    #[serde(with = "duration")]
    pub purge_interval: Duration,
    /// Archives a backup cut short left without a record go once this old (> any backup).
    #[serde(with = "duration")]
    pub orphan_blob_grace: Duration,
    /// An archive on its way (built, read back, checked, sent, imported) stays in memory up
    /// to this size; a larger one goes to an unnamed temporary file under `TMPDIR`.
    #[serde(with = "size")]
    pub archive_memory_bytes: u64,
    /// Where `serve` puts a dump of the whole database every `dump_every`; empty: no dumps.
    pub dump_dir: PathBuf,
    #[serde(with = "duration")]
    pub dump_every: Duration,
    /// Dumps kept in `dump_dir`: the newest.
    pub dump_keep: u32,
}

impl Default for StorageConfig {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("codevault-data"),
            mongodb_uri: Secret::default(),
            mongodb_database: "codevault".to_owned(),
            connect_timeout: Duration::from_secs(10),
            encryption_key: Secret::default(),
            purge_interval: Duration::from_secs(3600),
            orphan_blob_grace: Duration::from_secs(3600),
            archive_memory_bytes: 16 * MIB,
            dump_dir: PathBuf::new(),
            dump_every: Duration::from_secs(24 * 3600),
            dump_keep: 7,
        }
    }
}

/// `[limits]`: what each user may keep, and what an archive sent in may hold (SPEC §4.4).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitsConfig {
    /// Per-file limit for saved code.
    #[serde(with = "size")]
    pub max_file_bytes: u64,
    pub max_files: u64,
    #[serde(with = "size")]
    pub max_library_bytes: u64,
    /// Stored backups per user of each class (the user's own, those made for Drive, restores'
    /// safety snapshots, imported ZIPs): the oldest unrated of a new backup's class go to make
    /// room for it, and when only rated ones could, it is refused.
    pub max_backups: u64,
    pub max_scheduled_backups: u64,
    pub max_restore_snapshots: u64,
    pub max_imported_backups: u64,
    /// The archives of all of a user's stored backups together.
    #[serde(with = "size")]
    pub max_backup_bytes: u64,
    /// Days a deleted file stays in the recycle bin before it is purged.
    pub recycle_bin_days: u32,
    /// Limits on an archive being imported or restored.
    pub max_archive_entries: usize,
    #[serde(with = "size")]
    pub max_archive_uncompressed_bytes: u64,
    pub max_compression_ratio: u64,
    /// Long actions (backups, repository downloads, uploads, restores, imports) one user may
    /// start in an hour (SPEC §5).
    pub heavy_actions_per_hour: u32,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        Self {
            max_file_bytes: 8 * MIB,
            max_files: 20_000,
            max_library_bytes: 200 * MIB,
            max_backups: BackupQuota::DEFAULT.manual,
            max_scheduled_backups: BackupQuota::DEFAULT.scheduled,
            max_restore_snapshots: BackupQuota::DEFAULT.snapshots,
            max_imported_backups: BackupQuota::DEFAULT.imports,
            max_backup_bytes: BackupQuota::DEFAULT.max_bytes,
            recycle_bin_days: 7,
            max_archive_entries: 20_000,
            max_archive_uncompressed_bytes: 200 * MIB,
            max_compression_ratio: 200,
            heavy_actions_per_hour: 20,
        }
    }
}

/// `[github]`: the GitHub API repository backups are downloaded from.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct GithubConfig {
    /// The GitHub REST API: `https://api.github.com`, or `https://host/api/v3` (Enterprise).
    pub api_url: Url,
    /// How long to wait for GitHub to connect or to send the next bytes.
    #[serde(with = "duration")]
    pub timeout: Duration,
    /// The largest repository archive downloaded.
    #[serde(with = "size")]
    pub max_archive_bytes: u64,
}

impl Default for GithubConfig {
    fn default() -> Self {
        Self {
            api_url: url("https://api.github.com"),
            timeout: Duration::from_secs(30),
            max_archive_bytes: 500 * MIB,
        }
    }
}

/// `[google]`: the OAuth client (type "TV and Limited Input devices") and Google's endpoints;
/// Drive stays off without a client id.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct GoogleConfig {
    pub client_id: String,
    pub client_secret: Secret,
    pub device_code_url: Url,
    pub token_url: Url,
    pub revoke_url: Url,
    /// Drive v3, ending in `/drive/v3/`.
    pub drive_url: Url,
    /// Drive v3 uploads, ending in `/upload/drive/v3/`.
    pub upload_url: Url,
}

impl Default for GoogleConfig {
    fn default() -> Self {
        Self {
            client_id: String::new(),
            client_secret: Secret::default(),
            device_code_url: url("https://oauth2.googleapis.com/device/code"),
            token_url: url("https://oauth2.googleapis.com/token"),
            revoke_url: url("https://oauth2.googleapis.com/revoke"),
            drive_url: url("https://www.googleapis.com/drive/v3/"),
            upload_url: url("https://www.googleapis.com/upload/drive/v3/"),
        }
    }
}

/// `[drive]`: backups to each user's Google Drive.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct DriveConfig {
    /// The Drive folder the bot creates and uploads into.
    pub folder_name: String,
    /// Bot-made backups kept in the folder unless the user picks another number.
    pub retention: u32,
    /// Uploads up to this size go in one request; larger ones are resumable.
    #[serde(with = "size")]
    pub multipart_limit_bytes: u64,
    /// Retries of one Drive request on 429, 5xx and network errors.
    pub max_retries: u32,
    #[serde(with = "duration")]
    pub backoff_base: Duration,
    #[serde(with = "duration")]
    pub backoff_cap: Duration,
}

impl Default for DriveConfig {
    fn default() -> Self {
        Self {
            folder_name: "CodeVault Backups".to_owned(),
            retention: 10,
            multipart_limit_bytes: 5 * MIB,
            max_retries: 5,
            backoff_base: Duration::from_secs(1),
            backoff_cap: Duration::from_secs(60),
        }
    }
}

/// `[scheduler]`: automatic backups.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SchedulerConfig {
    /// How often the scheduler looks for due automatic backups.
    #[serde(with = "duration")]
    pub poll_interval: Duration,
    /// How long a claimed job is held before another instance may take it over.
    #[serde(with = "duration")]
    pub lease: Duration,
    /// Automatic backups run at the same time, at most.
    pub concurrency: usize,
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        Self {
            poll_interval: Duration::from_secs(30),
            lease: Duration::from_secs(600),
            concurrency: 4,
        }
    }
}

/// `[tasks]`: users' long actions, run off the chat by every instance.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TasksConfig {
    /// Tasks one instance runs at once.
    pub concurrency: usize,
    /// How long a claimed task is held without being renewed: a task whose instance died is
    /// taken over this long after it last renewed (at once on the embedded store).
    #[serde(with = "duration")]
    pub lease: Duration,
    /// How often an instance looks for tasks other instances queued (its own start at once).
    #[serde(with = "duration")]
    pub poll_interval: Duration,
    /// A progress message is edited at most this often.
    #[serde(with = "duration")]
    pub progress_interval: Duration,
    /// How long a cancelled task gets to stop by itself before it is abandoned (a download
    /// stalled between two chunks).
    #[serde(with = "duration")]
    pub cancel_grace: Duration,
}

impl Default for TasksConfig {
    fn default() -> Self {
        Self {
            concurrency: 2,
            lease: Duration::from_secs(60),
            poll_interval: Duration::from_secs(5),
            progress_interval: Duration::from_secs(3),
            cancel_grace: Duration::from_secs(5),
        }
    }
}

/// `[scrub]`: the background re-reading of every stored backup, in search of damage.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScrubConfig {
    /// Every stored backup is read back and checked once in this long.
    #[serde(with = "duration")]
    pub every: Duration,
    /// The least pause between two backups checked, however many there are.
    #[serde(with = "duration")]
    pub pause: Duration,
}

impl Default for ScrubConfig {
    fn default() -> Self {
        Self {
            every: Duration::from_secs(7 * 24 * 3600),
            pause: Duration::from_secs(1),
        }
    }
}

/// `[alerts]`: what the admins (`telegram.admins`) are told of, and when users are told their
/// automatic backups stopped succeeding.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct AlertsConfig {
    /// How often the conditions are judged.
    #[serde(with = "duration")]
    pub every: Duration,
    /// A user's scheduled backups failing this many times in a row.
    pub failures: u32,
    /// No scheduled backup of anyone succeeding for this long.
    #[serde(with = "duration")]
    pub no_success_after: Duration,
    /// The disk holding the store this full, in percent.
    pub store_full_percent: u8,
    /// A user is told once their scheduled backups have not succeeded for this long.
    #[serde(with = "duration")]
    pub user_notice_after: Duration,
}

impl Default for AlertsConfig {
    fn default() -> Self {
        Self {
            every: Duration::from_secs(60),
            failures: 3,
            no_success_after: Duration::from_secs(25 * 3600),
            store_full_percent: 90,
            user_notice_after: Duration::from_secs(3 * 24 * 3600),
        }
    }
}

/// `[http]`: the operator's endpoint.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct HttpConfig {
    /// Where `/healthz`, `/readyz` and `/metrics` are served (`host:port`); empty turns it off.
    pub listen: String,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            listen: "0.0.0.0:9090".to_owned(),
        }
    }
}

fn url(text: &str) -> Url {
    Url::parse(text).expect("a valid built-in URL")
}
