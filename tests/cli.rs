//! The binary's start-up: configuration errors end with one clear line and a non-zero exit.

mod support;

use std::process::Output;

use support::telegram::{BOT_TOKEN, FakeTelegram};
use tokio::process::Command;

async fn codevault(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_codevault"));
    command
        .args(args)
        .env("CODEVAULT_CONFIG", "/nonexistent/codevault.toml")
        .env_remove("TELOXIDE_TOKEN");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().await.expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn check_config_prints_the_configuration_with_secrets_redacted() {
    let key = "ab".repeat(32);
    let output = codevault(
        &["check-config"],
        &[
            ("TELOXIDE_TOKEN", "424242:VERY-SECRET"),
            (
                "CODEVAULT_STORAGE__MONGODB_URI",
                "mongodb://admin:hunter2@db:27017",
            ),
            ("CODEVAULT_STORAGE__ENCRYPTION_KEY", &key),
            ("CODEVAULT_GOOGLE__CLIENT_SECRET", "GOCSPX-hidden"),
            ("CODEVAULT_TELEGRAM__PAGE_SIZE", "7"),
            ("CODEVAULT_LIMITS__MAX_FILE_BYTES", "1048576"),
            ("CODEVAULT_SCHEDULER__LEASE", "2h"),
        ],
    )
    .await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "", "no warning without old names");
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(
        shown.starts_with("# store: MongoDB at db:27017 (database codevault)\n"),
        "{shown}"
    );
    let telegram = section(&shown, "telegram");
    assert!(telegram.contains("page_size = 7"), "{shown}");
    assert!(telegram.contains("token = \"[redacted]\""), "{shown}");
    let storage = section(&shown, "storage");
    assert!(storage.contains("mongodb_uri = \"[redacted]\""), "{shown}");
    assert!(
        storage.contains("encryption_key = \"[redacted]\""),
        "{shown}"
    );
    assert!(section(&shown, "google").contains("client_secret = \"[redacted]\""));
    assert!(
        section(&shown, "limits").contains("max_file_bytes = \"1 MiB\""),
        "{shown}"
    );
    let scheduler = section(&shown, "scheduler");
    assert!(scheduler.contains("lease = \"2h\""), "{shown}");
    assert!(scheduler.contains("poll_interval = \"30s\""), "{shown}");
    for secret in ["VERY-SECRET", "hunter2", "abab", "GOCSPX"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}

/// The lines of `[name]` in printed TOML, up to the next section.
fn section<'a>(toml: &'a str, name: &str) -> &'a str {
    let header = format!("[{name}]\n");
    let start = toml
        .find(&header)
        .unwrap_or_else(|| panic!("no {header} in {toml}"));
    let body = &toml[start + header.len()..];
    &body[..body.find("\n[").unwrap_or(body.len())]
}

#[tokio::test]
async fn a_sectioned_file_is_read_with_human_sizes_and_durations() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("codevault.toml");
    std::fs::write(
        &file,
        "log = \"warn\"\n[limits]\nmax_library_bytes = \"1 GiB\"\n[drive]\nbackoff_base = \"250ms\"\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let output = codevault(&["--config", file, "check-config"], &[]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let shown = String::from_utf8_lossy(&output.stdout);
    let (store, settings) = shown.split_once('\n').unwrap();
    assert_eq!(store, "# store: embedded SQLite in codevault-data");
    assert!(settings.starts_with("log = \"warn\""), "{shown}");
    assert!(section(&shown, "limits").contains("max_library_bytes = \"1 GiB\""));
    assert!(section(&shown, "drive").contains("backoff_base = \"250ms\""));
}

#[tokio::test]
async fn flat_names_of_earlier_releases_still_work_and_warn_once() {
    let output = codevault(
        &["check-config"],
        &[
            ("CODEVAULT_PAGE_SIZE", "7"),
            ("CODEVAULT_MAX_FILE_BYTES", "1048576"),
            ("CODEVAULT_SCHEDULER_POLL_SECS", "5"),
        ],
    )
    .await;
    assert!(output.status.success(), "{}", stderr(&output));
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(
        section(&shown, "telegram").contains("page_size = 7"),
        "{shown}"
    );
    assert!(section(&shown, "limits").contains("max_file_bytes = \"1 MiB\""));
    assert!(section(&shown, "scheduler").contains("poll_interval = \"5s\""));
    let warning = stderr(&output);
    assert_eq!(warning.trim().lines().count(), 1, "{warning}");
    for rename in [
        "CODEVAULT_PAGE_SIZE → CODEVAULT_TELEGRAM__PAGE_SIZE",
        "CODEVAULT_MAX_FILE_BYTES → CODEVAULT_LIMITS__MAX_FILE_BYTES",
        "CODEVAULT_SCHEDULER_POLL_SECS → CODEVAULT_SCHEDULER__POLL_INTERVAL",
    ] {
        assert!(warning.contains(rename), "{rename} in {warning}");
    }
}

#[tokio::test]
async fn a_bad_value_is_one_clear_line() {
    let output = codevault(
        &["check-config"],
        &[("CODEVAULT_TELEGRAM__PAGE_SIZE", "many")],
    )
    .await;
    assert!(!output.status.success());
    let message = stderr(&output);
    assert_eq!(message.trim().lines().count(), 1, "{message}");
    assert!(
        message.contains("CODEVAULT_TELEGRAM__PAGE_SIZE"),
        "{message}"
    );
}

#[tokio::test]
async fn an_unknown_key_is_refused_naming_it() {
    let output = codevault(&["check-config"], &[("CODEVAULT_LIMITS__MAX_FILEZ", "1")]).await;
    assert!(!output.status.success());
    let message = stderr(&output);
    assert_eq!(message.trim().lines().count(), 1, "{message}");
    assert!(message.contains("`max_filez`"), "{message}");
    assert!(message.contains("CODEVAULT_LIMITS__MAX_FILEZ"), "{message}");
}

#[tokio::test]
async fn serve_without_a_token_refuses_to_start() {
    let output = codevault(&["serve"], &[]).await;
    assert!(!output.status.success());
    let message = stderr(&output);
    assert_eq!(message.trim().lines().count(), 1, "{message}");
    assert!(message.contains("token is missing"), "{message}");
}

#[tokio::test]
async fn serve_with_an_unreachable_database_names_it_and_exits() {
    let closed_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let uri = format!("mongodb://dbuser:s3cret@127.0.0.1:{closed_port}/?directConnection=true");
    let output = codevault(
        &["serve"],
        &[
            ("TELOXIDE_TOKEN", BOT_TOKEN),
            ("CODEVAULT_STORAGE__MONGODB_URI", &uri),
            ("CODEVAULT_STORAGE__CONNECT_TIMEOUT", "1"),
        ],
    )
    .await;
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains(&format!("cannot reach MongoDB at 127.0.0.1:{closed_port}")),
        "{message}"
    );
    assert!(!message.contains("s3cret"), "{message}");
}

#[tokio::test]
async fn serve_with_a_token_telegram_rejects_says_so() {
    let tg = FakeTelegram::start().await;
    let uri = support::db::uri();
    let output = codevault(
        &["serve"],
        &[
            ("TELOXIDE_TOKEN", "999:WRONG-token"),
            ("TELOXIDE_API_URL", &tg.api_url()),
            ("CODEVAULT_STORAGE__MONGODB_URI", &uri),
        ],
    )
    .await;
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains("Telegram rejected the bot token"),
        "{message}"
    );
    assert!(!message.contains("WRONG-token"), "{message}");
}
