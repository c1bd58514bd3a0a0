//! A full Google Drive end to end: the real bot against the fake Google answering 403
//! `storageQuotaExceeded` to a resumable upload's chunk. The user is told it is full, the
//! status says so, no request is tried again, the backup stays in the bot, and the next
//! scheduled run tries again (and succeeds once there is room).

mod support;

use chrono::{Timelike, Utc};
use codevault::{
    domain::{
        DestinationId, Job,
        backup::{BackupKind, CopyStatus},
    },
    i18n::Locale,
};
use support::{
    bot::Harness,
    drive_bot::{bot_backups, connect, schedule_daily, scheduled_run, start_with},
    flow::{library, press_through, reader_in_utc, say, text},
    google::{FakeGoogle, Route},
    stored,
    telegram::TestUser,
};

const EN: Locale = Locale::En;

async fn drive_job(h: &Harness, who: &TestUser) -> Job {
    (h.stores.jobs.get(who.id, &DestinationId::DRIVE).await)
        .unwrap()
        .expect("a job")
}

/// Every request to a resumable upload of `google`: sessions started, chunks sent (and status
/// queries), sessions abandoned.
fn upload_requests(google: &FakeGoogle) -> [usize; 3] {
    [
        google.count_requests("POST /upload/drive/v3/files?uploadType=resumable"),
        google.count_requests("PUT /upload-session/"),
        google.count_requests("DELETE /upload-session/"),
    ]
}

#[tokio::test]
async fn a_full_drive_is_told_kept_and_tried_again_at_the_next_scheduled_run() {
    let google = FakeGoogle::start().await;
    // Every upload resumable, so the Drive is found full at a chunk.
    let h = start_with(&google, &[("CODEVAULT_DRIVE__MULTIPART_LIMIT_BYTES", "1")]).await;
    let u = TestUser::new(779_001, Some("en"));
    connect(&h, &google, &u).await;
    library(&h)
        .create(u.id, "a.py", "print('a')".into(), None)
        .await
        .unwrap();
    google.fill_after(Route::UploadChunk, 0);
    let full_reason = EN.t("drive-reason-full");

    // ☁️ Back up now: one session, one chunk refused, the session abandoned, nothing retried.
    let menu = say(&h, &u, "/drive").await;
    let failed = press_through(&h, &u, &menu, "☁️").await;
    assert_eq!(
        text(&failed),
        EN.t_with(
            "drive-upload-failed-kept",
            &[("reason", full_reason.clone().into())]
        )
    );
    assert_eq!(upload_requests(&google), [1, 1, 1]);
    assert_eq!(google.status_queries(), 0);
    assert!(bot_backups(&google).is_empty());
    let kept = stored::newest_backup(&h, u.id, BackupKind::GoogleDriveBackup)
        .await
        .expect("the backup stays in the bot");
    assert_eq!(
        kept.copy(&DestinationId::DRIVE).unwrap().status,
        CopyStatus::Failed
    );
    let job = h
        .stores
        .jobs
        .get(u.id, &DestinationId::DRIVE)
        .await
        .unwrap();
    assert_eq!(job.and_then(|job| job.due_at), None, "no retry is planned");

    // The status says Drive is full.
    let status = say(&h, &u, "/drive").await;
    assert!(
        text(&status).contains(&format!("Last error: {}", EN.t("drive-status-full"))),
        "{status:?}"
    );

    // A scheduled run, far from its hour: refused the same way, told when it runs again — at
    // its next scheduled time, not in 5 minutes.
    let hour = (Utc::now().hour() + 12) % 24;
    schedule_daily(&h, &u, hour).await;
    let told = scheduled_run(&h, &u).await;
    let job = drive_job(&h, &u).await;
    let next = job.due_at.expect("the next run");
    assert_eq!(
        (next.hour(), next.minute()),
        (hour, 0),
        "the next scheduled time"
    );
    assert!(next > Utc::now() + chrono::Duration::hours(10));
    assert_eq!(
        told,
        [EN.t_with(
            "drive-notice-failed",
            &[
                ("reason", full_reason.into()),
                ("retry", reader_in_utc(EN).time(next).into())
            ]
        )]
    );
    assert_eq!(upload_requests(&google), [2, 2, 2], "one try, no retries");
    assert_eq!(job.attempt, 1);
    let pending = job
        .pending_backup
        .clone()
        .expect("its backup waits for the next run");
    let automatic: Vec<_> = stored::backups(&h, u.id)
        .await
        .into_iter()
        .filter(|b| b.kind == BackupKind::GoogleDriveBackup)
        .collect();
    assert_eq!(automatic.len(), 2, "both backups stay in the bot");
    assert!(automatic.iter().any(|b| b.id == pending));

    // Room again: the next scheduled run uploads the backup that waited.
    google.heal();
    let told = scheduled_run(&h, &u).await;
    assert!(told.is_empty(), "{told:?}");
    let uploaded = bot_backups(&google);
    assert_eq!(
        uploaded.len(),
        1,
        "{:?}\n{}",
        drive_job(&h, &u).await,
        h.logs()
    );
    assert_eq!(
        uploaded[0].app_properties["codevault_backup_id"],
        pending.to_string()
    );
    let job = drive_job(&h, &u).await;
    assert_eq!((job.attempt, job.pending_backup), (0, None));
    let status = say(&h, &u, "/drive").await;
    assert!(
        text(&status).contains(&format!("Last error: {}", EN.t("drive-none"))),
        "{status:?}"
    );
}
