use std::time::Duration;

use figment::Jail;

use super::{aliases::RENAMED, *};

const MIB: u64 = 1024 * 1024;

fn load() -> Result<(Config, OldNames), ConfigError> {
    Config::load(Path::new("c.toml"))
}

fn refusal() -> String {
    load().unwrap_err().to_string()
}

#[test]
fn secrets_are_redacted_in_debug_and_toml() {
    let mut config = Config::default();
    config.telegram.token = Secret::new("123:SECRET");
    config.storage.mongodb_uri = Secret::new("mongodb://user:pw@db");
    config.storage.encryption_key = Secret::new("ab".repeat(32));
    config.google.client_secret = Secret::new("GOCSPX-hidden");
    let shown = format!("{config:?}\n{}", config.to_redacted_toml());
    assert!(
        !shown.contains("SECRET")
            && !shown.contains("pw@")
            && !shown.contains("abab")
            && !shown.contains("GOCSPX"),
        "{shown}"
    );
    assert!(shown.contains("token = \"[redacted]\""), "{shown}");
}

#[test]
fn check_config_prints_sections_with_human_sizes_and_durations() {
    let shown = Config::default().to_redacted_toml();
    for expected in [
        "log = \"info\"",
        "[telegram]",
        "[storage]",
        "[limits]",
        "[github]",
        "[google]",
        "[drive]",
        "[scheduler]",
        "[tasks]",
        "[scrub]",
        "every = \"7days\"",
        "[alerts]",
        "every = \"1m\"",
        "no_success_after = \"1day 1h\"",
        "store_full_percent = 90",
        "user_notice_after = \"3days\"",
        "[http]",
        "heavy_actions_per_hour = 20",
        "progress_interval = \"3s\"",
        "cancel_grace = \"5s\"",
        "max_file_bytes = \"8 MiB\"",
        "backup_part_bytes = \"45 MiB\"",
        "max_archive_bytes = \"500 MiB\"",
        "connect_timeout = \"10s\"",
        "purge_interval = \"1h\"",
        "dump_every = \"1day\"",
        "lease = \"10m\"",
        "poller_lease = \"30s\"",
        "backoff_base = \"1s\"",
    ] {
        assert!(shown.contains(expected), "{expected} in\n{shown}");
    }
    // What it prints reads in again as the same values.
    Jail::expect_with(|jail| {
        let mut printed = Config::default();
        printed.telegram.backup_part_bytes = 100_000;
        printed.drive.backoff_base = Duration::from_millis(1500);
        printed.storage.mongodb_uri = Secret::default();
        printed.limits.max_files = 3;
        // Secrets print as placeholders: leave them out, so their defaults apply.
        let printed = printed.to_redacted_toml();
        let text: Vec<&str> = printed
            .lines()
            .filter(|line| !line.contains("\"(not set)\""))
            .collect();
        jail.create_file("c.toml", &text.join("\n"))?;
        let (config, _) = load().expect("loads");
        assert_eq!(config.telegram.backup_part_bytes, 100_000);
        assert_eq!(config.drive.backoff_base, Duration::from_millis(1500));
        assert_eq!(config.limits.max_file_bytes, 8 * MIB);
        assert_eq!(config.limits.max_files, 3);
        // Left unset, it keeps the default: the embedded store.
        assert!(!config.storage.mongodb_uri.is_set());
        assert_eq!(
            config.storage.data_dir,
            std::path::Path::new("codevault-data")
        );
        Ok(())
    });
}

#[test]
fn file_then_environment_override_defaults() {
    Jail::expect_with(|jail| {
        jail.create_file(
            "c.toml",
            "[telegram]\npage_size = 5\n[storage]\nmongodb_database = \"fromfile\"",
        )?;
        jail.set_env("CODEVAULT_STORAGE__MONGODB_DATABASE", "fromenv");
        jail.set_env("TELOXIDE_TOKEN", "1:abc");
        let (config, old) = load().expect("loads");
        assert_eq!(config.telegram.page_size, 5);
        assert_eq!(config.storage.mongodb_database, "fromenv");
        assert_eq!(config.telegram.token.expose(), "1:abc");
        assert_eq!(old, OldNames::default());
        Ok(())
    });
}

#[test]
fn a_sectioned_file_reads_sizes_and_durations_in_both_forms() {
    Jail::expect_with(|jail| {
        jail.create_file(
            "c.toml",
            r#"
            log = "debug"
            [telegram]
            max_upload_bytes = "40 MiB"
            backup_part_bytes = 1048576
            allowed_users = [1, 2]
            poller_lease = "2s"
            [storage]
            connect_timeout = "2s"
            orphan_blob_grace = 120
            archive_memory_bytes = "4 MiB"
            [limits]
            max_file_bytes = "1.5 MiB"
            max_library_bytes = "1 GiB"
            max_files = 7
            [github]
            timeout = "1m"
            [drive]
            backoff_base = "250ms"
            backoff_cap = 90
            multipart_limit_bytes = "512 KiB"
            [scheduler]
            poll_interval = 5
            lease = "1h 30m"
            [http]
            listen = ""
            "#,
        )?;
        let (config, _) = load().expect("loads");
        assert_eq!(config.log, "debug");
        assert_eq!(config.telegram.max_upload_bytes, 40 * MIB);
        assert_eq!(config.telegram.backup_part_bytes, MIB);
        assert_eq!(config.telegram.allowed_users, vec![1, 2]);
        assert_eq!(config.telegram.poller_lease, Duration::from_secs(2));
        assert_eq!(config.storage.connect_timeout, Duration::from_secs(2));
        assert_eq!(config.storage.orphan_blob_grace, Duration::from_secs(120));
        assert_eq!(config.storage.archive_memory_bytes, 4 * MIB);
        assert_eq!(config.limits.max_file_bytes, 3 * MIB / 2);
        assert_eq!(config.limits.max_library_bytes, 1024 * MIB);
        assert_eq!(config.limits.max_files, 7);
        assert_eq!(config.github.timeout, Duration::from_secs(60));
        assert_eq!(config.drive.backoff_base, Duration::from_millis(250));
        assert_eq!(config.drive.backoff_cap, Duration::from_secs(90));
        assert_eq!(config.drive.multipart_limit_bytes, 512 * 1024);
        assert_eq!(config.scheduler.poll_interval, Duration::from_secs(5));
        assert_eq!(config.scheduler.lease, Duration::from_secs(5400));
        assert_eq!(config.http.listen, "");
        // Untouched keys keep their defaults.
        assert_eq!(config.limits.max_backups, 25);
        assert_eq!(config.limits.max_backup_bytes, 1024 * MIB);
        Ok(())
    });
}

#[test]
fn sectioned_environment_variables_use_double_underscores() {
    Jail::expect_with(|jail| {
        jail.set_env("CODEVAULT_LIMITS__MAX_FILE_BYTES", "1048576");
        jail.set_env("CODEVAULT_LIMITS__MAX_LIBRARY_BYTES", "2 MiB");
        jail.set_env("CODEVAULT_SCHEDULER__POLL_INTERVAL", "1");
        jail.set_env("CODEVAULT_DRIVE__BACKOFF_BASE", "1ms");
        jail.set_env("CODEVAULT_TELEGRAM__ALLOWED_USERS", "[777006]");
        jail.set_env("CODEVAULT_STORAGE__ENCRYPTION_KEY", "ab".repeat(32));
        jail.set_env("CODEVAULT_LOG", "warn");
        let (config, old) = load().expect("loads");
        assert_eq!(config.limits.max_file_bytes, MIB);
        assert_eq!(config.limits.max_library_bytes, 2 * MIB);
        assert_eq!(config.scheduler.poll_interval, Duration::from_secs(1));
        assert_eq!(config.drive.backoff_base, Duration::from_millis(1));
        assert_eq!(config.telegram.allowed_users, vec![777_006]);
        assert!(config.storage.token_cipher().expect("valid").is_some());
        assert_eq!(config.log, "warn");
        assert_eq!(old.warning(), None);
        Ok(())
    });
}

#[test]
fn flat_names_still_load_at_their_new_place_and_are_named() {
    Jail::expect_with(|jail| {
        jail.create_file("c.toml", "page_size = 5\nscheduler_poll_secs = 7")?;
        jail.set_env("CODEVAULT_MAX_FILE_BYTES", "1048576");
        jail.set_env("CODEVAULT_DRIVE_BACKOFF_BASE_MS", "250");
        jail.set_env("CODEVAULT_GITHUB_TIMEOUT_SECS", "5");
        jail.set_env("CODEVAULT_ALLOWED_USERS", "[1]");
        // Given under both names, the new one wins.
        jail.set_env("CODEVAULT_MONGODB_DATABASE", "old");
        jail.set_env("CODEVAULT_STORAGE__MONGODB_DATABASE", "new");
        let (config, old) = load().expect("loads");
        assert_eq!(config.telegram.page_size, 5);
        assert_eq!(config.scheduler.poll_interval, Duration::from_secs(7));
        assert_eq!(config.limits.max_file_bytes, MIB);
        assert_eq!(config.drive.backoff_base, Duration::from_millis(250));
        assert_eq!(config.github.timeout, Duration::from_secs(5));
        assert_eq!(config.telegram.allowed_users, vec![1]);
        assert_eq!(config.storage.mongodb_database, "new");
        let warning = old.warning().expect("a warning");
        for expected in [
            "page_size in c.toml → [telegram] page_size",
            "scheduler_poll_secs in c.toml → [scheduler] poll_interval",
            "CODEVAULT_MAX_FILE_BYTES → CODEVAULT_LIMITS__MAX_FILE_BYTES",
            "CODEVAULT_DRIVE_BACKOFF_BASE_MS → CODEVAULT_DRIVE__BACKOFF_BASE",
            "CODEVAULT_MONGODB_DATABASE → CODEVAULT_STORAGE__MONGODB_DATABASE",
        ] {
            assert!(warning.contains(expected), "{expected} in {warning}");
        }
        assert_eq!(old.0.len(), 7, "{warning}");
        Ok(())
    });
}

#[test]
fn bad_values_are_refused_with_a_reason() {
    Jail::expect_with(|jail| {
        jail.set_env("CODEVAULT_TELEGRAM__PAGE_SIZE", "0");
        assert!(refusal().contains("telegram.page_size"), "{}", refusal());
        jail.set_env("CODEVAULT_TELEGRAM__PAGE_SIZE", "ten");
        assert!(
            refusal().to_lowercase().contains("page_size"),
            "{}",
            refusal()
        );
        jail.set_env("CODEVAULT_TELEGRAM__PAGE_SIZE", "10");
        jail.set_env("CODEVAULT_LIMITS__MAX_FILE_BYTES", "8 MeB");
        let error = refusal();
        assert!(error.to_lowercase().contains("max_file_bytes"), "{error}");
        assert!(error.contains("a size such as"), "{error}");
        jail.set_env("CODEVAULT_LIMITS__MAX_FILE_BYTES", "8 MiB");
        jail.set_env("CODEVAULT_SCHEDULER__LEASE", "soon");
        let error = refusal();
        assert!(error.to_lowercase().contains("lease"), "{error}");
        assert!(error.contains("a duration such as"), "{error}");
        jail.set_env("CODEVAULT_SCHEDULER__LEASE", "10m");
        jail.set_env("CODEVAULT_STORAGE__ENCRYPTION_KEY", "not-hex");
        let error = refusal();
        assert!(error.contains("storage.encryption_key"), "{error}");
        assert!(!error.contains("not-hex"), "{error}");
        Ok(())
    });
}

#[test]
fn unknown_keys_are_refused_naming_them() {
    Jail::expect_with(|jail| {
        jail.set_env("CODEVAULT_NO_SUCH_KEY", "1");
        assert!(
            refusal().to_lowercase().contains("no_such_key"),
            "{}",
            refusal()
        );
        jail.clear_env();
        jail.set_env("CODEVAULT_LIMITS__MAX_FILEZ", "1");
        assert!(
            refusal().to_lowercase().contains("max_filez"),
            "{}",
            refusal()
        );
        jail.clear_env();
        jail.create_file("c.toml", "[drive]\nretention_days = 3")?;
        assert!(refusal().contains("retention_days"), "{}", refusal());
        jail.create_file("c.toml", "[nonsense]\nx = 1")?;
        assert!(refusal().contains("nonsense"), "{}", refusal());
        // A flat name that never existed is unknown too, not guessed at.
        jail.create_file("c.toml", "throttle_messages_per_min_chat = 20")?;
        let error = refusal();
        assert!(error.contains("throttle_messages_per_min_chat"), "{error}");
        Ok(())
    });
}

/// Makes a valid configuration break one rule.
type Breaker = fn(&mut Config);

#[test]
fn every_rule_names_its_key() {
    let cases: Vec<(&str, Breaker)> = vec![
        ("telegram.page_size", |c| c.telegram.page_size = 51),
        ("limits.max_file_bytes", |c| {
            c.limits.max_file_bytes = 15 * MIB + 1
        }),
        ("limits.max_file_bytes", |c| c.limits.max_file_bytes = 0),
        ("telegram.backup_part_bytes", |c| {
            c.telegram.backup_part_bytes = 64 * 1024 - 1
        }),
        ("telegram.backup_part_bytes", |c| {
            c.telegram.backup_part_bytes = c.telegram.max_upload_bytes + 1
        }),
        ("limits.max_backups", |c| c.limits.max_backups = 0),
        ("limits.max_scheduled_backups", |c| {
            c.limits.max_scheduled_backups = 0
        }),
        ("limits.max_restore_snapshots", |c| {
            c.limits.max_restore_snapshots = 0
        }),
        ("limits.max_imported_backups", |c| {
            c.limits.max_imported_backups = 0
        }),
        ("limits.max_backup_bytes", |c| c.limits.max_backup_bytes = 0),
        ("storage.mongodb_database", |c| {
            c.storage.mongodb_database.clear()
        }),
        ("storage.mongodb_uri", |c| {
            c.storage.mongodb_uri = Secret::new("postgres://db")
        }),
        ("telegram.messages_per_sec_chat", |c| {
            c.telegram.messages_per_sec_chat = 0
        }),
        ("telegram.messages_per_min_group", |c| {
            c.telegram.messages_per_min_group = 0
        }),
        ("telegram.messages_per_sec_overall", |c| {
            c.telegram.messages_per_sec_overall = 0
        }),
        ("telegram.chat_backlog", |c| c.telegram.chat_backlog = 0),
        ("telegram.chat_backlog", |c| c.telegram.chat_backlog = 51),
        ("telegram.poller_lease", |c| {
            c.telegram.poller_lease = Duration::from_millis(999)
        }),
        ("telegram.poller_lease", |c| {
            c.telegram.poller_lease = Duration::from_secs(3601)
        }),
        ("storage.orphan_blob_grace", |c| {
            c.storage.orphan_blob_grace = Duration::from_secs(59)
        }),
        ("storage.encryption_key", |c| {
            c.storage.encryption_key = Secret::new("ab")
        }),
        ("storage.archive_memory_bytes", |c| {
            c.storage.archive_memory_bytes = 1024 * MIB + 1
        }),
        ("storage.dump_every", |c| {
            c.storage.dump_every = Duration::from_secs(59)
        }),
        ("storage.dump_every", |c| {
            c.storage.dump_every = Duration::from_secs(367 * 24 * 3600)
        }),
        ("storage.dump_keep", |c| c.storage.dump_keep = 0),
        ("drive.folder_name", |c| {
            c.drive.folder_name = " ".to_owned()
        }),
        ("drive.retention", |c| c.drive.retention = 0),
        ("scheduler.poll_interval", |c| {
            c.scheduler.poll_interval = Duration::from_millis(999)
        }),
        ("scheduler.lease", |c| c.scheduler.lease = Duration::ZERO),
        ("scheduler.concurrency", |c| c.scheduler.concurrency = 0),
        ("limits.heavy_actions_per_hour", |c| {
            c.limits.heavy_actions_per_hour = 0
        }),
        ("tasks.concurrency", |c| c.tasks.concurrency = 0),
        ("tasks.lease", |c| {
            c.tasks.lease = Duration::from_millis(999)
        }),
        ("tasks.lease", |c| c.tasks.lease = Duration::from_secs(3601)),
        ("tasks.poll_interval", |c| {
            c.tasks.poll_interval = Duration::from_millis(99)
        }),
        ("tasks.progress_interval", |c| {
            c.tasks.progress_interval = Duration::ZERO
        }),
        ("google.upload_url", |c| {
            c.google.upload_url = url::Url::parse("https://x/upload/").unwrap()
        }),
        ("google.drive_url", |c| {
            c.google.drive_url = url::Url::parse("https://x/drive/v3").unwrap()
        }),
        ("github.timeout", |c| c.github.timeout = Duration::ZERO),
        ("scrub.every", |c| {
            c.scrub.every = Duration::from_millis(999)
        }),
        ("scrub.every", |c| {
            c.scrub.every = Duration::from_secs(367 * 24 * 3600)
        }),
        ("scrub.pause", |c| c.scrub.pause = Duration::from_millis(9)),
        ("scrub.pause", |c| {
            c.scrub.pause = c.scrub.every + Duration::from_secs(1)
        }),
        ("github.max_archive_bytes", |c| {
            c.github.max_archive_bytes = 0
        }),
        ("alerts.every", |c| {
            c.alerts.every = Duration::from_millis(999)
        }),
        ("alerts.failures", |c| c.alerts.failures = 0),
        ("alerts.no_success_after", |c| {
            c.alerts.no_success_after = Duration::from_secs(59)
        }),
        ("alerts.store_full_percent", |c| {
            c.alerts.store_full_percent = 0
        }),
        ("alerts.store_full_percent", |c| {
            c.alerts.store_full_percent = 101
        }),
        ("alerts.user_notice_after", |c| {
            c.alerts.user_notice_after = Duration::from_secs(367 * 24 * 3600)
        }),
    ];
    assert!(Config::default().validate().is_ok());
    for (key, break_it) in cases {
        let mut config = Config::default();
        break_it(&mut config);
        let error = config.validate().expect_err(key).to_string();
        assert!(error.contains(key), "{key}: {error}");
    }
}

#[test]
fn every_flat_name_has_a_place_in_a_section() {
    let defaults = toml::Value::try_from(Config::default()).expect("plain data");
    for (old, section, key) in RENAMED {
        assert!(
            defaults
                .get(section)
                .and_then(|table| table.get(key))
                .is_some(),
            "{old} → {section}.{key}"
        );
    }
}
