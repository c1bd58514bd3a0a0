//! Per-user settings on both backends: GitHub (account with its sealed token, recent
//! repositories), each destination's settings and last outcome, and the Drive connection.
//! Sealed tokens are opaque bytes: stored and answered exactly as given.

mod support;

use chrono::{DateTime, TimeZone, Utc};
use codevault::domain::{
    DestinationId, DriveProfile, GithubAccount,
    destination::{DestinationState, FailureKind},
    retention::{Generations, RetentionPolicy},
    schedule::{Repeat, Schedule},
};
use support::stores::{TestStore, contract};

const ALICE: i64 = 3001;
const BOB: i64 = 3002;
const OTHER: DestinationId = DestinationId::new("other");

contract!(
    a_github_account_keeps_its_sealed_token_as_given,
    recent_repositories_are_kept_most_recent_first_without_repeats,
    each_destination_keeps_its_own_settings_and_last_outcome,
    a_retention_is_the_newest_n_or_generations_one_replacing_the_other,
    the_drive_connection_goes_through_its_states,
);

fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 2, 1, hour, 30, 15).unwrap()
}

/// Bytes no text encoding would keep: every byte value.
fn sealed(seed: u8) -> Vec<u8> {
    (0..=255u8).map(|byte| byte ^ seed).collect()
}

async fn a_github_account_keeps_its_sealed_token_as_given(store: TestStore) {
    let github = &store.github;
    assert_eq!(github.account(ALICE).await.unwrap(), None);
    assert!(!github.clear_account(ALICE).await.unwrap(), "none to clear");
    let account = GithubAccount {
        login: "alice".to_owned(),
        sealed_token: sealed(0),
        connected_at: at(9),
    };
    github.set_account(ALICE, &account).await.unwrap();
    assert_eq!(github.account(ALICE).await.unwrap(), Some(account));
    assert_eq!(github.account(BOB).await.unwrap(), None);

    let again = GithubAccount {
        login: "alice-2".to_owned(),
        sealed_token: sealed(0x5a),
        connected_at: at(10),
    };
    github.set_account(ALICE, &again).await.unwrap();
    assert_eq!(github.account(ALICE).await.unwrap(), Some(again));
    github.remember_repo(ALICE, "alice/tools", 5).await.unwrap();

    assert!(github.clear_account(ALICE).await.unwrap());
    assert!(!github.clear_account(ALICE).await.unwrap());
    assert_eq!(github.account(ALICE).await.unwrap(), None);
    assert_eq!(
        github.recent_repos(ALICE).await.unwrap(),
        ["alice/tools"],
        "disconnecting keeps the recent repositories"
    );
}

async fn recent_repositories_are_kept_most_recent_first_without_repeats(store: TestStore) {
    let github = &store.github;
    assert_eq!(
        github.recent_repos(ALICE).await.unwrap(),
        Vec::<String>::new()
    );
    for repo in ["a/one", "a/two", "a/three", "A/ONE"] {
        github.remember_repo(ALICE, repo, 3).await.unwrap();
    }
    assert_eq!(
        github.recent_repos(ALICE).await.unwrap(),
        ["A/ONE", "a/three", "a/two"],
        "a repeat (in any case) moves first; at most `keep`"
    );
    github.remember_repo(ALICE, "a/four", 2).await.unwrap();
    assert_eq!(
        github.recent_repos(ALICE).await.unwrap(),
        ["a/four", "A/ONE"]
    );
    assert_eq!(
        github.recent_repos(BOB).await.unwrap(),
        Vec::<String>::new()
    );
}

fn defaults() -> DestinationState {
    DestinationState::NEW
}

async fn each_destination_keeps_its_own_settings_and_last_outcome(store: TestStore) {
    let destinations = &store.destinations;
    let drive = DestinationId::DRIVE;
    assert_eq!(destinations.state(ALICE, &OTHER).await.unwrap(), defaults());
    // Every part of a schedule is kept: the weekday, the zone.
    let weekly = Schedule::new(Repeat::Weekly(chrono::Weekday::Sat), 6)
        .unwrap()
        .in_zone("Asia/Tokyo".parse().unwrap());
    destinations
        .set_schedule(ALICE, &OTHER, weekly)
        .await
        .unwrap();
    destinations.set_history(ALICE, &OTHER, true).await.unwrap();
    destinations
        .set_retention(ALICE, &OTHER, RetentionPolicy::Newest(4))
        .await
        .unwrap();
    destinations
        .record_failure(ALICE, &OTHER, "full", FailureKind::Full, at(7))
        .await
        .unwrap();
    let full = DestinationState {
        schedule: weekly,
        retention: Some(RetentionPolicy::Newest(4)),
        history: true,
        last_error: Some("full".to_owned()),
        full: true,
        ..DestinationState::NEW
    };
    assert_eq!(destinations.state(ALICE, &OTHER).await.unwrap(), full);
    // Another failure after it says what it says, and no longer that it was full.
    destinations
        .record_failure(ALICE, &OTHER, "quota exceeded", FailureKind::Other, at(8))
        .await
        .unwrap();
    let failed = DestinationState {
        last_error: Some("quota exceeded".to_owned()),
        full: false,
        ..full.clone()
    };
    assert_eq!(destinations.state(ALICE, &OTHER).await.unwrap(), failed);
    // A success clears it too.
    destinations
        .record_failure(ALICE, &OTHER, "full", FailureKind::Full, at(8))
        .await
        .unwrap();
    assert_eq!(destinations.state(ALICE, &OTHER).await.unwrap(), full);
    destinations
        .record_success(ALICE, &OTHER, at(9), Some("f1"))
        .await
        .unwrap();
    let succeeded = DestinationState {
        last_success: Some(at(9)),
        last_error: None,
        uploaded_library: Some("f1".to_owned()),
        ..failed
    };
    assert_eq!(destinations.state(ALICE, &OTHER).await.unwrap(), succeeded);
    // A scheduled run that found nothing changed; then an upload of unknown content, which
    // forgets the fingerprint; then one of known content, forgotten on a new connection.
    destinations
        .record_unchanged(ALICE, &OTHER, at(10))
        .await
        .unwrap();
    let unchanged = DestinationState {
        last_unchanged: Some(at(10)),
        ..succeeded.clone()
    };
    assert_eq!(destinations.state(ALICE, &OTHER).await.unwrap(), unchanged);
    destinations
        .record_success(ALICE, &OTHER, at(11), None)
        .await
        .unwrap();
    let state = destinations.state(ALICE, &OTHER).await.unwrap();
    assert_eq!(
        (state.uploaded_library, state.last_success),
        (None, Some(at(11)))
    );
    destinations
        .record_success(ALICE, &OTHER, at(12), Some("f2"))
        .await
        .unwrap();
    destinations.forget_library(ALICE, &OTHER).await.unwrap();
    let state = destinations.state(ALICE, &OTHER).await.unwrap();
    assert_eq!(
        (
            state.uploaded_library.clone(),
            state.last_success,
            state.last_unchanged
        ),
        (None, Some(at(12)), Some(at(10)))
    );
    assert_eq!(destinations.state(ALICE, &drive).await.unwrap(), defaults());
    assert_eq!(destinations.state(BOB, &OTHER).await.unwrap(), defaults());
    destinations
        .set_history(ALICE, &OTHER, false)
        .await
        .unwrap();
    let without_history = DestinationState {
        history: false,
        ..state
    };
    assert_eq!(
        destinations.state(ALICE, &OTHER).await.unwrap(),
        without_history
    );

    // The password its backups are protected with, sealed: kept as given, then removed.
    let other = OTHER;
    let password = |user| destinations.sealed_password(user, &other);
    assert_eq!(password(ALICE).await.unwrap(), None);
    destinations
        .set_sealed_password(ALICE, &OTHER, Some(&sealed(7)))
        .await
        .unwrap();
    assert_eq!(password(ALICE).await.unwrap(), Some(sealed(7)));
    assert!(destinations.state(ALICE, &OTHER).await.unwrap().protected);
    assert_eq!(password(BOB).await.unwrap(), None);
    let drive_password = destinations.sealed_password(ALICE, &drive).await.unwrap();
    assert_eq!(drive_password, None);
    destinations
        .set_sealed_password(ALICE, &OTHER, None)
        .await
        .unwrap();
    assert_eq!(password(ALICE).await.unwrap(), None);
    assert_eq!(
        destinations.state(ALICE, &OTHER).await.unwrap(),
        without_history
    );

    // Drive's settings are a destination's like any other, shown on its profile.
    destinations
        .set_retention(ALICE, &drive, RetentionPolicy::Newest(7))
        .await
        .unwrap();
    let profile = store.drive.profile(ALICE).await.unwrap();
    assert_eq!(
        (profile.retention, profile.schedule),
        (Some(RetentionPolicy::Newest(7)), Schedule::OFF)
    );
}

async fn a_retention_is_the_newest_n_or_generations_one_replacing_the_other(store: TestStore) {
    let destinations = &store.destinations;
    let drive = DestinationId::DRIVE;
    let generations = RetentionPolicy::Generations(Generations {
        daily: 7,
        weekly: 0,
        monthly: 24,
    });
    let drive = &drive;
    let retention = |user| async move { destinations.state(user, drive).await.unwrap().retention };
    destinations
        .set_retention(ALICE, drive, RetentionPolicy::Newest(10))
        .await
        .unwrap();
    destinations
        .set_retention(ALICE, drive, generations)
        .await
        .unwrap();
    assert_eq!(retention(ALICE).await, Some(generations));
    assert_eq!(
        store.drive.profile(ALICE).await.unwrap().retention,
        Some(generations)
    );
    assert_eq!(retention(BOB).await, None);
    // Other settings stay as they were.
    let weekly = Schedule::new(Repeat::Weekly(chrono::Weekday::Sat), 6).unwrap();
    destinations
        .set_schedule(ALICE, drive, weekly)
        .await
        .unwrap();
    assert_eq!(retention(ALICE).await, Some(generations));
    destinations
        .set_retention(ALICE, drive, RetentionPolicy::Newest(3))
        .await
        .unwrap();
    let state = destinations.state(ALICE, drive).await.unwrap();
    assert_eq!(
        (state.retention, state.schedule),
        (Some(RetentionPolicy::Newest(3)), weekly)
    );
}

fn unconnected() -> DriveProfile {
    DriveProfile {
        connected: false,
        email: None,
        folder_id: None,
        retention: None,
        schedule: Schedule::OFF,
        last_success: None,
        last_error: None,
        last_unchanged: None,
        needs_reconnect: false,
    }
}

async fn the_drive_connection_goes_through_its_states(store: TestStore) {
    let (drive, destinations) = (&store.drive, &store.destinations);
    assert_eq!(drive.profile(ALICE).await.unwrap(), unconnected());
    assert_eq!(drive.sealed_token(ALICE).await.unwrap(), None);

    drive.set_sealed_token(ALICE, &sealed(7)).await.unwrap();
    drive
        .set_connected(ALICE, Some("alice@example.com"), at(9))
        .await
        .unwrap();
    drive.set_folder(ALICE, "folder-1").await.unwrap();
    destinations
        .record_success(ALICE, &DestinationId::DRIVE, at(10), None)
        .await
        .unwrap();
    let connected = DriveProfile {
        connected: true,
        email: Some("alice@example.com".to_owned()),
        folder_id: Some("folder-1".to_owned()),
        last_success: Some(at(10)),
        ..unconnected()
    };
    assert_eq!(drive.profile(ALICE).await.unwrap(), connected);
    assert_eq!(drive.sealed_token(ALICE).await.unwrap(), Some(sealed(7)));
    assert_eq!(drive.profile(BOB).await.unwrap(), unconnected());
    assert_eq!(drive.sealed_token(BOB).await.unwrap(), None);

    drive
        .set_needs_reconnect(ALICE, "access revoked", at(11))
        .await
        .unwrap();
    let revoked = DriveProfile {
        connected: false,
        needs_reconnect: true,
        last_error: Some("access revoked".to_owned()),
        ..connected.clone()
    };
    assert_eq!(drive.profile(ALICE).await.unwrap(), revoked);
    assert_eq!(drive.sealed_token(ALICE).await.unwrap(), None, "forgotten");

    drive.set_sealed_token(ALICE, &sealed(8)).await.unwrap();
    drive.set_connected(ALICE, None, at(12)).await.unwrap();
    let reconnected = DriveProfile {
        email: None,
        ..connected.clone()
    };
    assert_eq!(drive.profile(ALICE).await.unwrap(), reconnected);

    drive.clear_token(ALICE).await.unwrap();
    assert_eq!(drive.sealed_token(ALICE).await.unwrap(), None);
    assert!(!drive.profile(ALICE).await.unwrap().connected);

    drive.set_sealed_token(ALICE, &sealed(9)).await.unwrap();
    drive
        .set_connected(ALICE, Some("alice@example.com"), at(13))
        .await
        .unwrap();
    destinations
        .set_retention(ALICE, &DestinationId::DRIVE, RetentionPolicy::Newest(3))
        .await
        .unwrap();
    drive.set_disconnected(ALICE).await.unwrap();
    let disconnected = DriveProfile {
        folder_id: Some("folder-1".to_owned()),
        retention: Some(RetentionPolicy::Newest(3)),
        last_success: Some(at(10)),
        ..unconnected()
    };
    assert_eq!(
        drive.profile(ALICE).await.unwrap(),
        disconnected,
        "the account goes, the settings stay"
    );
    assert_eq!(drive.sealed_token(ALICE).await.unwrap(), None);
    assert_eq!(drive.profile(BOB).await.unwrap(), unconnected());
}
