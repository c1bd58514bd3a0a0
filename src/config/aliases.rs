//! The flat keys of earlier releases (`max_file_bytes` in the file, `CODEVAULT_MAX_FILE_BYTES`
//! in the environment) are still read, for one release, at their new place in a section; each
//! one in use is named in one warning at start-up.

use std::path::PathBuf;

use figment::{
    Metadata, Profile, Provider,
    providers::Env,
    value::{Dict, Map, Value},
};

/// Old flat key, its section, its key there. A key that was `_ms` reads a plain number as
/// milliseconds; `_secs` keys need nothing: a plain number in a duration is seconds.
pub(super) const RENAMED: &[(&str, &str, &str)] = &[
    ("telegram_token", "telegram", "token"),
    ("telegram_api_url", "telegram", "api_url"),
    (
        "max_telegram_download_bytes",
        "telegram",
        "max_download_bytes",
    ),
    ("max_telegram_upload_bytes", "telegram", "max_upload_bytes"),
    ("backup_part_bytes", "telegram", "backup_part_bytes"),
    ("page_size", "telegram", "page_size"),
    ("allowed_users", "telegram", "allowed_users"),
    ("admins", "telegram", "admins"),
    (
        "throttle_messages_per_sec_chat",
        "telegram",
        "messages_per_sec_chat",
    ),
    (
        "throttle_messages_per_min_group",
        "telegram",
        "messages_per_min_group",
    ),
    (
        "throttle_messages_per_sec_overall",
        "telegram",
        "messages_per_sec_overall",
    ),
    ("chat_backlog", "telegram", "chat_backlog"),
    ("mongodb_uri", "storage", "mongodb_uri"),
    ("mongodb_database", "storage", "mongodb_database"),
    ("mongodb_connect_timeout_secs", "storage", "connect_timeout"),
    ("encryption_key", "storage", "encryption_key"),
    ("purge_interval_secs", "storage", "purge_interval"),
    ("orphan_blob_grace_secs", "storage", "orphan_blob_grace"),
    ("max_file_bytes", "limits", "max_file_bytes"),
    ("max_files_per_user", "limits", "max_files"),
    ("max_library_bytes", "limits", "max_library_bytes"),
    ("max_backups_per_user", "limits", "max_backups"),
    ("recycle_bin_days", "limits", "recycle_bin_days"),
    ("max_archive_entries", "limits", "max_archive_entries"),
    (
        "max_archive_uncompressed_bytes",
        "limits",
        "max_archive_uncompressed_bytes",
    ),
    ("max_compression_ratio", "limits", "max_compression_ratio"),
    ("github_api_url", "github", "api_url"),
    ("github_timeout_secs", "github", "timeout"),
    ("github_max_archive_bytes", "github", "max_archive_bytes"),
    ("google_client_id", "google", "client_id"),
    ("google_client_secret", "google", "client_secret"),
    ("google_device_code_url", "google", "device_code_url"),
    ("google_token_url", "google", "token_url"),
    ("google_revoke_url", "google", "revoke_url"),
    ("google_drive_url", "google", "drive_url"),
    ("google_upload_url", "google", "upload_url"),
    ("drive_folder_name", "drive", "folder_name"),
    ("drive_retention", "drive", "retention"),
    (
        "drive_multipart_limit_bytes",
        "drive",
        "multipart_limit_bytes",
    ),
    ("drive_max_retries", "drive", "max_retries"),
    ("drive_backoff_base_ms", "drive", "backoff_base"),
    ("drive_backoff_cap_secs", "drive", "backoff_cap"),
    ("scheduler_poll_secs", "scheduler", "poll_interval"),
    ("scheduler_lease_secs", "scheduler", "lease"),
    ("scheduler_concurrency", "scheduler", "concurrency"),
    ("http_listen", "http", "listen"),
];

/// Where a source's keys come from, to name an old key as its user wrote it.
#[derive(Clone, Debug)]
pub(super) enum Origin {
    File(PathBuf),
    /// `CODEVAULT_*` variables, sections split at `__`.
    Env,
}

/// A source whose old flat keys are moved to their section before anything reads them.
pub(super) struct Renaming<P> {
    inner: P,
    origin: Origin,
}

impl<P: Provider> Renaming<P> {
    pub(super) fn new(inner: P, origin: Origin) -> Self {
        Self { inner, origin }
    }

    /// The old names this source uses; a source that cannot be read has its error reported
    /// when the configuration is extracted.
    pub(super) fn old_names(&self) -> Vec<OldName> {
        let Ok(data) = self.inner.data() else {
            return Vec::new();
        };
        RENAMED
            .iter()
            .filter(|(old, ..)| data.values().any(|dict| dict.contains_key(*old)))
            .map(|&(old, section, key)| self.origin.name(old, section, key))
            .collect()
    }
}

impl<P: Provider> Provider for Renaming<P> {
    fn metadata(&self) -> Metadata {
        let metadata = self.inner.metadata();
        match self.origin {
            Origin::File(_) => metadata,
            Origin::Env => metadata.interpolater(|_: &Profile, path: &[&str]| env_name(path)),
        }
    }

    fn data(&self) -> Result<Map<Profile, Dict>, figment::Error> {
        let mut data = self.inner.data()?;
        data.values_mut().for_each(move_old_keys);
        Ok(data)
    }

    fn profile(&self) -> Option<Profile> {
        self.inner.profile()
    }
}

/// Moves each old key into its section; where the new key is given too, the new one wins.
fn move_old_keys(dict: &mut Dict) {
    for &(old, section, key) in RENAMED {
        // A section that is not a table is refused on its own; the old key stays to be named.
        if !matches!(dict.get(section), None | Some(Value::Dict(..))) {
            continue;
        }
        let Some(value) = dict.remove(old) else {
            continue;
        };
        let value = if old.ends_with("_ms") {
            as_milliseconds(value)
        } else {
            value
        };
        let table = dict
            .entry(section.to_owned())
            .or_insert_with(|| Value::from(Dict::new()));
        if let Value::Dict(_, table) = table {
            table.entry(key.to_owned()).or_insert(value);
        }
    }
}

/// A plain number under an old `_ms` key, as a duration the new key reads.
fn as_milliseconds(value: Value) -> Value {
    let millis = value
        .to_u128()
        .or_else(|| value.to_i128().and_then(|n| u128::try_from(n).ok()));
    match millis {
        Some(millis) => Value::from(format!("{millis}ms")),
        None => value,
    }
}

impl Origin {
    fn name(&self, old: &str, section: &str, key: &str) -> OldName {
        match self {
            Self::File(path) => OldName {
                old: format!("{old} in {}", path.display()),
                new: format!("[{section}] {key}"),
            },
            Self::Env => OldName {
                old: env_var(&[old]),
                new: env_var(&[section, key]),
            },
        }
    }
}

/// The variable that sets the key at `path`.
fn env_var(path: &[&str]) -> String {
    let path: Vec<String> = path.iter().map(|key| key.to_ascii_uppercase()).collect();
    format!("CODEVAULT_{}", path.join("__"))
}

/// The variable a bad value came from, for its error: the old name when only that is set.
fn env_name(path: &[&str]) -> String {
    let new = env_var(path);
    let old = match path {
        [section, key] => RENAMED
            .iter()
            .find(|(_, s, k)| s == section && k == key)
            .map(|(old, ..)| env_var(&[old])),
        _ => None,
    };
    match old {
        Some(old) if Env::var(&new).is_none() && Env::var(&old).is_some() => old,
        _ => new,
    }
}

/// An old name in use and the name that replaces it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OldName {
    pub old: String,
    pub new: String,
}

/// The old names in use, if any.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OldNames(pub Vec<OldName>);

impl OldNames {
    /// One line for the log, naming every old name and its replacement (no values).
    pub fn warning(&self) -> Option<String> {
        if self.0.is_empty() {
            return None;
        }
        let renames: Vec<String> = self
            .0
            .iter()
            .map(|name| format!("{} → {}", name.old, name.new))
            .collect();
        Some(format!(
            "deprecated setting names, read for this release only; rename them: {}",
            renames.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn an_old_key_moves_into_its_section_and_a_new_key_wins() {
        let mut dict = Dict::new();
        dict.insert("page_size".into(), Value::from(5));
        dict.insert("max_file_bytes".into(), Value::from(1024));
        let mut limits = Dict::new();
        limits.insert("max_file_bytes".into(), Value::from("2 KiB"));
        dict.insert("limits".into(), Value::from(limits));
        dict.insert("drive_backoff_base_ms".into(), Value::from(250));
        move_old_keys(&mut dict);
        let find = |section: &str, key: &str| {
            dict.get(section)
                .and_then(|table| table.as_dict())
                .and_then(|table| table.get(key))
                .cloned()
        };
        assert_eq!(find("telegram", "page_size"), Some(Value::from(5)));
        assert_eq!(find("limits", "max_file_bytes"), Some(Value::from("2 KiB")));
        assert_eq!(find("drive", "backoff_base"), Some(Value::from("250ms")));
        assert!(!dict.contains_key("page_size") && !dict.contains_key("max_file_bytes"));
    }

    #[test]
    fn the_warning_names_old_and_new_names_only() {
        let names = OldNames(vec![
            Origin::Env.name("page_size", "telegram", "page_size"),
            Origin::File("c.toml".into()).name("scheduler_poll_secs", "scheduler", "poll_interval"),
        ]);
        let warning = names.warning().expect("a warning");
        assert_eq!(warning.lines().count(), 1);
        assert!(
            warning.contains("CODEVAULT_PAGE_SIZE → CODEVAULT_TELEGRAM__PAGE_SIZE"),
            "{warning}"
        );
        assert!(
            warning.contains("scheduler_poll_secs in c.toml → [scheduler] poll_interval"),
            "{warning}"
        );
        assert_eq!(OldNames::default().warning(), None);
    }

    #[test]
    fn old_keys_are_unique_and_never_a_section() {
        let olds: HashSet<_> = RENAMED.iter().map(|(old, ..)| *old).collect();
        assert_eq!(olds.len(), RENAMED.len());
        for (_, section, _) in RENAMED {
            assert!(!olds.contains(section), "{section}");
        }
    }
}
