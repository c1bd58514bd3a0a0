//! The real bot against the fake Google (OAuth device flow and Drive v3): started with every
//! Google address pointing at the fake, and a user connected through the chat.

use super::{
    bot::{Backend, Harness},
    flow::{press, say, text},
    google::{CLIENT_ID, CLIENT_SECRET, FakeFile, FakeGoogle},
    telegram::{Sent, TestUser},
};
use std::time::Duration;

use chrono::Utc;
use codevault::{domain::DestinationId, i18n::Locale};

const EN: Locale = Locale::En;

pub const KEY: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
pub const FOLDER: &str = "CodeVault Backups";

/// The bot on the embedded store against `google`.
pub async fn start(google: &FakeGoogle) -> Harness {
    start_with(google, &[]).await
}

/// The bot against `google`, with some settings replaced.
pub async fn start_with(google: &FakeGoogle, overrides: &[(&str, &str)]) -> Harness {
    start_on_with(Backend::Sqlite, google, overrides).await
}

/// The bot on `backend` against `google`, with some settings replaced.
pub async fn start_on_with(
    backend: Backend,
    google: &FakeGoogle,
    overrides: &[(&str, &str)],
) -> Harness {
    let base = &google.base_url;
    let urls = [
        (
            "CODEVAULT_GOOGLE__DEVICE_CODE_URL",
            format!("{base}/device/code"),
        ),
        ("CODEVAULT_GOOGLE__TOKEN_URL", format!("{base}/token")),
        ("CODEVAULT_GOOGLE__REVOKE_URL", format!("{base}/revoke")),
        ("CODEVAULT_GOOGLE__DRIVE_URL", format!("{base}/drive/v3/")),
        (
            "CODEVAULT_GOOGLE__UPLOAD_URL",
            format!("{base}/upload/drive/v3/"),
        ),
    ];
    let mut env: Vec<(&str, &str)> = urls.iter().map(|(k, v)| (*k, v.as_str())).collect();
    env.extend([
        ("CODEVAULT_GOOGLE__CLIENT_ID", CLIENT_ID),
        ("CODEVAULT_GOOGLE__CLIENT_SECRET", CLIENT_SECRET),
        ("CODEVAULT_STORAGE__ENCRYPTION_KEY", KEY),
        ("CODEVAULT_DRIVE__BACKOFF_BASE", "1ms"),
        ("CODEVAULT_DRIVE__BACKOFF_CAP", "1"),
        ("CODEVAULT_SCHEDULER__POLL_INTERVAL", "1"),
    ]);
    env.retain(|(key, _)| !overrides.iter().any(|(k, _)| k == key));
    env.extend_from_slice(overrides);
    Harness::start_on_with(backend, &env).await
}

/// The user code on the connecting screen.
pub fn shown_code(screen: &Sent) -> String {
    text(screen)
        .split("<code>")
        .nth(1)
        .and_then(|rest| rest.split("</code>").next())
        .expect("the user code is shown")
        .to_owned()
}

/// Connects through the bot: the code shown, approved at the fake Google, confirmed.
pub async fn connect(h: &Harness, google: &FakeGoogle, who: &TestUser) {
    google.set_device_timing(1, 600);
    google.set_email("alice@example.com");
    let menu = say(h, who, "/drive").await;
    assert_eq!(
        text(&menu),
        EN.t_with(
            "drive-menu",
            &[("status", EN.t("drive-status-disconnected").into())]
        )
    );
    let shown = press(h, who, &menu, "🔗").await;
    let code = shown_code(&shown);
    assert!(
        text(&shown).contains(&format!("{}/device", google.base_url)),
        "{shown:?}"
    );
    // Before approval, 🔄 Check connection shows the code again.
    let waiting = press(h, who, &shown, "🔄").await;
    assert!(text(&waiting).contains(&code));
    let seq = h.tg.last_seq();
    google.approve(&code);
    let done =
        h.tg.wait_for(seq, |s| {
            s.chat_id == Some(who.id) && text(s).starts_with("✅")
        })
        .await;
    assert_eq!(
        text(&done),
        EN.t_with(
            "drive-connected",
            &[
                ("account", "alice@example.com".into()),
                ("folder", FOLDER.into())
            ]
        )
    );
}

/// The backups the bot put in Drive (and not trashed), whoever they are for.
pub fn bot_backups(google: &FakeGoogle) -> Vec<FakeFile> {
    google
        .files()
        .into_iter()
        .filter(|f| {
            !f.trashed && f.app_properties.get("codevault").map(String::as_str) == Some("backup")
        })
        .collect()
}

/// Turns the daily schedule on at `hour` UTC through ⏰ Schedule.
pub async fn schedule_daily(h: &Harness, who: &TestUser, hour: u32) {
    let menu = say(h, who, "/drive").await;
    let frequencies = press(h, who, &menu, "⏰").await;
    let hours = press(h, who, &frequencies, "📅").await;
    press(h, who, &hours, &format!("🕐 {hour:02}")).await;
}

/// Makes the user's Drive job due now (as if its time had come: a backup it waits to upload
/// stays its backup), waits for the scheduler to run it, and returns what the bot told the
/// user on its own meanwhile (told before the run ends).
pub async fn scheduled_run(h: &Harness, who: &TestUser) -> Vec<String> {
    let (jobs, drive) = (&h.stores.jobs, &DestinationId::DRIVE);
    let job = (jobs.get(who.id, drive).await.unwrap()).expect("a job");
    let now = Utc::now();
    let past = now - chrono::Duration::hours(1);
    let seq = h.tg.last_seq();
    match &job.pending_backup {
        // The store keeps a pending upload's time when the schedule is set again.
        Some(pending) => jobs.schedule_retry(who.id, drive, pending, past, now).await,
        None => {
            jobs.set_schedule(who.id, drive, job.schedule, Some(past), now)
                .await
        }
    }
    .unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let job = (jobs.get(who.id, drive).await.unwrap()).expect("the job");
        if job.lease_owner.is_none() && job.due_at.is_some_and(|due| due > now) {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no run:\n{}",
            h.logs()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (h.tg.sent_since(seq).iter())
        .filter(|s| s.chat_id == Some(who.id) && s.method == "sendMessage")
        .map(|s| text(s).to_owned())
        .collect()
}
