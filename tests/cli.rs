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
    let output = codevault(
        &["check-config"],
        &[
            ("TELOXIDE_TOKEN", "424242:VERY-SECRET"),
            ("CODEVAULT_MONGODB_URI", "mongodb://admin:hunter2@db:27017"),
            ("CODEVAULT_PAGE_SIZE", "7"),
        ],
    )
    .await;
    assert!(output.status.success(), "{}", stderr(&output));
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(shown.contains("page_size = 7"), "{shown}");
    assert!(shown.contains("token = \"[redacted]\""), "{shown}");
    assert!(
        !shown.contains("VERY-SECRET") && !shown.contains("hunter2"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_bad_value_is_one_clear_line() {
    let output = codevault(&["check-config"], &[("CODEVAULT_PAGE_SIZE", "many")]).await;
    assert!(!output.status.success());
    let message = stderr(&output);
    assert_eq!(message.trim().lines().count(), 1, "{message}");
    assert!(message.to_lowercase().contains("page_size"), "{message}");
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
            ("CODEVAULT_MONGODB_URI", &uri),
            ("CODEVAULT_MONGODB_CONNECT_TIMEOUT_SECS", "1"),
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
            ("CODEVAULT_MONGODB_URI", &uri),
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
