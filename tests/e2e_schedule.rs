//! ⏰ The Drive schedule through the real bot: a weekday, every N days, and the hour read in
//! the time zone the user picked from the list or typed.

mod support;

use chrono::{Datelike, Duration, TimeDelta, Timelike, Utc, Weekday};
use codevault::{
    domain::{
        DestinationId,
        schedule::{Repeat, Schedule, Zone},
    },
    i18n::Locale,
};
use support::{
    bot::Harness,
    drive_bot::{bot_backups, connect, start},
    flow::{answer_to, library, press, reader_in_utc, say, settled, text},
    google::FakeGoogle,
    telegram::TestUser,
};

const EN: Locale = Locale::En;

async fn stored_schedule(h: &Harness, who: &TestUser) -> Schedule {
    let state = h
        .stores
        .destinations
        .state(who.id, &DestinationId::DRIVE)
        .await;
    state.expect("the Drive settings").schedule
}

async fn due_at(h: &Harness, who: &TestUser) -> chrono::DateTime<Utc> {
    let job = h.stores.jobs.get(who.id, &DestinationId::DRIVE).await;
    job.unwrap().expect("a job").due_at.expect("planned")
}

#[tokio::test]
async fn a_weekly_schedule_runs_on_its_day_at_the_hour_of_the_zone_typed() {
    let google = FakeGoogle::start().await;
    let h = start(&google).await;
    let u = TestUser::new(779_001, Some("en"));
    connect(&h, &google, &u).await;

    // 🌍: a zone nobody knows is refused and the step goes on; then one typed in any case.
    let menu = say(&h, &u, "/drive").await;
    let frequencies = press(&h, &u, &menu, "⏰").await;
    let zones = press(&h, &u, &frequencies, "🌍").await;
    assert_eq!(
        text(&zones),
        EN.t_with("drive-zone-choose", &[("zone", "UTC".into())])
    );
    let refused = say(&h, &u, "Mars/Olympus <b>").await;
    assert_eq!(
        text(&refused),
        EN.t_with("zone-unknown", &[("zone", "Mars/Olympus &lt;b&gt;".into())])
    );
    assert_eq!(stored_schedule(&h, &u).await, Schedule::OFF);
    let saved = say(&h, &u, "asia/tokyo").await;
    let tokyo: Zone = "Asia/Tokyo".parse().unwrap();
    assert_eq!(stored_schedule(&h, &u).await, Schedule::OFF.in_zone(tokyo));
    assert!(text(&saved).starts_with("✅"), "{saved:?}");

    // 🗓 Weekly → Saturday → 06:00, on Tokyo's clocks (UTC+9 all year).
    let menu = press(&h, &u, &saved, "☁️").await;
    let frequencies = press(&h, &u, &menu, "⏰").await;
    let weekdays = press(&h, &u, &frequencies, "🗓").await;
    assert_eq!(text(&weekdays), EN.t("drive-schedule-weekday"));
    let hours = press(&h, &u, &weekdays, "🗓 Saturday").await;
    assert_eq!(
        text(&hours),
        EN.t_with("drive-schedule-hour", &[("zone", "Asia/Tokyo".into())])
    );
    let saved = press(&h, &u, &hours, "🕐 06").await;
    let expected = Schedule::new(Repeat::Weekly(Weekday::Sat), 6)
        .unwrap()
        .in_zone(tokyo);
    assert_eq!(stored_schedule(&h, &u).await, expected);
    let due = due_at(&h, &u).await;
    let in_tokyo = due + TimeDelta::hours(9);
    assert_eq!(
        (in_tokyo.weekday(), in_tokyo.hour(), in_tokyo.minute()),
        (Weekday::Sat, 6, 0)
    );
    assert!(
        due > Utc::now() && due <= Utc::now() + Duration::days(7),
        "{due}"
    );
    assert_eq!(
        text(&saved),
        EN.t_with(
            "drive-schedule-saved",
            &[
                (
                    "schedule",
                    EN.t_with(
                        "drive-schedule-weekly",
                        &[
                            ("on_day", "on Saturdays".into()),
                            ("hour", "06:00".into()),
                            ("zone", "Asia/Tokyo".into())
                        ]
                    )
                    .into()
                ),
                ("next_run", reader_in_utc(EN).time_in(tokyo, due).into()),
            ]
        )
    );
}

#[tokio::test]
async fn every_three_days_counts_from_today_and_a_zone_from_the_list_moves_the_hour() {
    let google = FakeGoogle::start().await;
    let h = start(&google).await;
    let u = TestUser::new(779_002, Some("en"));
    connect(&h, &google, &u).await;

    let menu = say(&h, &u, "/drive").await;
    let frequencies = press(&h, &u, &menu, "⏰").await;
    let hours = press(&h, &u, &frequencies, "🔁 Every 3 days").await;
    let before = Utc::now().date_naive();
    press(&h, &u, &hours, "🕐 05").await;
    let after = Utc::now().date_naive();
    // Counted from the day it was set (UTC until a zone is picked).
    let every3 = stored_schedule(&h, &u).await;
    let Some(Repeat::EveryDays {
        days: 3,
        from: today,
    }) = every3.repeat()
    else {
        panic!("{every3:?}");
    };
    assert!(today == before || today == after, "{today}");
    assert_eq!(
        every3,
        Schedule::new(
            Repeat::EveryDays {
                days: 3,
                from: today
            },
            5
        )
        .unwrap()
    );
    let due = due_at(&h, &u).await;
    assert_eq!((due.hour(), due.minute()), (5, 0));
    let days_on = (due.date_naive() - today).num_days();
    assert!(days_on == 0 || days_on == 3, "{due}");

    // The same schedule, read on Kolkata's clocks (UTC+05:30): 05:00 there is 23:30 UTC.
    let menu = say(&h, &u, "/drive").await;
    let frequencies = press(&h, &u, &menu, "⏰").await;
    let zones = press(&h, &u, &frequencies, "🌍").await;
    let saved = press(&h, &u, &zones, "🌍 Asia/Kolkata").await;
    assert!(
        text(&saved).contains("every 3 days at 05:00 (Asia/Kolkata)"),
        "{saved:?}"
    );
    let kolkata: Zone = "Asia/Kolkata".parse().unwrap();
    assert_eq!(stored_schedule(&h, &u).await, every3.in_zone(kolkata));
    let due = due_at(&h, &u).await;
    assert_eq!((due.hour(), due.minute()), (23, 30));

    // A zone button that the list does not have does nothing.
    let seq = h.tg.last_seq();
    let query = h.tg.click(&u, zones.message_id.unwrap(), "dZ:99");
    answer_to(&h, seq, &query).await;
    assert_eq!(stored_schedule(&h, &u).await, every3.in_zone(kolkata));
}

/// Makes the user's Drive job due an hour ago and waits until the scheduler has run it.
async fn run_scheduled(h: &Harness, who: &TestUser) {
    let daily = Schedule::new(Repeat::Daily, 3).unwrap();
    let now = Utc::now();
    let jobs = &h.stores.jobs;
    jobs.set_schedule(
        who.id,
        &DestinationId::DRIVE,
        daily,
        Some(now - Duration::hours(1)),
        now,
    )
    .await
    .unwrap();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let job = jobs
            .get(who.id, &DestinationId::DRIVE)
            .await
            .unwrap()
            .expect("the job");
        if job.lease_owner.is_none() && job.due_at.is_some_and(|due| due > Utc::now()) {
            assert_eq!(
                job.attempt,
                0,
                "the run failed: {:?}\n{}",
                job.last_error,
                h.logs()
            );
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no scheduled run:\n{}",
            h.logs()
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// A scheduled run finding the library as it last uploaded it uploads nothing and says so; a
/// change, and a new connection (perhaps to another account), each upload again.
#[tokio::test]
async fn a_scheduled_run_uploads_an_unchanged_library_only_once() {
    let google = FakeGoogle::start().await;
    let h = start(&google).await;
    let u = TestUser::new(779_003, Some("en"));
    let lib = library(&h);
    let file = lib
        .create(u.id, "a.py", "print(1)\n".into(), None)
        .await
        .unwrap();
    connect(&h, &google, &u).await;
    let drive = DestinationId::DRIVE;
    let state = || h.stores.destinations.state(u.id, &drive);

    run_scheduled(&h, &u).await;
    assert_eq!(bot_backups(&google).len(), 1);
    let uploaded = state().await.unwrap();
    let fingerprint = uploaded
        .uploaded_library
        .clone()
        .expect("what was uploaded");
    assert_eq!(uploaded.last_unchanged, None);

    // Nothing changed: nothing uploaded, and the Drive screen says so.
    run_scheduled(&h, &u).await;
    assert_eq!(bot_backups(&google).len(), 1);
    let skipped = state().await.unwrap();
    let unchanged_at = skipped.last_unchanged.expect("the run was recorded");
    assert_eq!(skipped.uploaded_library.as_ref(), Some(&fingerprint));
    assert_eq!(skipped.last_success, uploaded.last_success);
    let menu = say(&h, &u, "/drive").await;
    let line = EN.t_with(
        "drive-status-unchanged",
        &[("time", reader_in_utc(Locale::En).time(unchanged_at).into())],
    );
    assert!(text(&menu).contains(&line), "{menu:?}");

    // A new version is a change: uploaded.
    lib.add_version(u.id, &file.key, "print(2)\n".into())
        .await
        .unwrap();
    run_scheduled(&h, &u).await;
    assert_eq!(bot_backups(&google).len(), 2);
    let changed = state().await.unwrap().uploaded_library.expect("uploaded");
    assert_ne!(changed, fingerprint);
    let menu = say(&h, &u, "/drive").await;
    assert!(!text(&menu).contains("⏸"), "{menu:?}");

    // Connected again: the folder may be another account's, so the same library goes up.
    let menu = say(&h, &u, "/drive").await;
    let confirm = press(&h, &u, &menu, "🚪").await;
    let seq = h.tg.last_seq();
    let data = confirm.button_data("✅").expect("✅ Disconnect");
    h.tg.click(&u, confirm.message_id.unwrap(), &data);
    let disconnected = settled(&h, &u, seq).await;
    assert_eq!(text(&disconnected), EN.t("drive-disconnected"));
    connect(&h, &google, &u).await;
    assert_eq!(state().await.unwrap().uploaded_library, None);
    run_scheduled(&h, &u).await;
    assert_eq!(bot_backups(&google).len(), 3);
}
