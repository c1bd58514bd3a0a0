use super::*;
use crate::domain::schedule::{Frequency, Repeat};

const USER: UserId = 42;

fn id(n: u8) -> Id {
    Id::parse(&format!("{n:024x}")).expect("24 hex digits")
}

/// A stored event: its name, severity, user and fields.
pub(crate) type Stored = (
    &'static str,
    Severity,
    Option<UserId>,
    Vec<(&'static str, &'static str)>,
);

/// One of each event, with the document each was stored as before events were typed (the
/// names, severities and field texts the services wrote by hand), and fields added since.
pub(crate) fn table() -> Vec<(Event, Stored)> {
    use Severity::{Error, Info, Warning};
    let b = "000000000000000000000001";
    let s = "000000000000000000000002";
    vec![
        (
            Event::BackupCreated {
                user: USER,
                backup: id(1),
                kind: BackupKind::FullBackup,
                files: 3,
                archive_size: 2048,
                duration: std::time::Duration::from_micros(1_500_900),
            },
            (
                "backup_created",
                Info,
                Some(USER),
                // `duration_ms` is new: the fields stored before are unchanged beside it.
                vec![
                    ("archive_size", "2048"),
                    ("backup_id", b),
                    ("backup_type", "full_backup"),
                    ("duration_ms", "1500"),
                    ("files", "3"),
                ],
            ),
        ),
        (
            Event::BackupFailed {
                user: USER,
                kind: BackupKind::PreRestore,
                reason: "storage: down".to_owned(),
            },
            (
                "backup_failed",
                Error,
                Some(USER),
                vec![("backup_type", "pre_restore"), ("reason", "storage: down")],
            ),
        ),
        (
            Event::BackupStorageFull {
                user: USER,
                kind: BackupKind::GoogleDriveBackup,
                used: 900,
                limit: 1000,
                size: Some(200),
            },
            (
                "backup_storage_full",
                Warning,
                Some(USER),
                vec![
                    ("backup_type", "google_drive_backup"),
                    ("limit", "1000"),
                    ("size", "200"),
                    ("used", "900"),
                ],
            ),
        ),
        (
            Event::BackupQuotaFull {
                user: USER,
                kind: BackupKind::GithubRepoZip,
                stored: 50,
                limit: 50,
            },
            (
                "backup_quota_full",
                Warning,
                Some(USER),
                vec![
                    ("backup_type", "github_repo_zip"),
                    ("limit", "50"),
                    ("stored", "50"),
                ],
            ),
        ),
        (
            Event::BackupsPruned {
                user: USER,
                count: 2,
            },
            ("backups_pruned", Info, Some(USER), vec![("count", "2")]),
        ),
        (
            Event::BackupDamaged {
                user: USER,
                backup: id(1),
            },
            ("backup_damaged", Error, Some(USER), vec![("backup_id", b)]),
        ),
        (
            Event::BackupDownloaded {
                user: USER,
                backup: id(1),
            },
            (
                "backup_downloaded",
                Info,
                Some(USER),
                vec![("backup_id", b)],
            ),
        ),
        (
            Event::BackupRated {
                user: USER,
                backup: id(1),
                rating: Some(Rating::Excellent),
            },
            (
                "backup_rated",
                Info,
                Some(USER),
                vec![("backup_id", b), ("rating", "excellent")],
            ),
        ),
        (
            Event::BackupRated {
                user: USER,
                backup: id(1),
                rating: None,
            },
            (
                "backup_rated",
                Info,
                Some(USER),
                vec![("backup_id", b), ("rating", "none")],
            ),
        ),
        (
            Event::BackupNoted {
                user: USER,
                backup: id(1),
                cleared: true,
            },
            (
                "backup_noted",
                Info,
                Some(USER),
                vec![("backup_id", b), ("cleared", "true")],
            ),
        ),
        (
            Event::BackupDeleted {
                user: USER,
                backup: id(1),
            },
            ("backup_deleted", Info, Some(USER), vec![("backup_id", b)]),
        ),
        (
            Event::BackupsDeleted {
                user: USER,
                count: 7,
            },
            ("backups_deleted", Info, Some(USER), vec![("count", "7")]),
        ),
        (
            Event::BackupDiscarded {
                user: USER,
                backup: id(1),
            },
            ("backup_discarded", Info, Some(USER), vec![("backup_id", b)]),
        ),
        (
            Event::RestoreApplied {
                user: USER,
                backup: id(1),
                snapshot: id(2),
                restored: 4,
            },
            (
                "restore_applied",
                Info,
                Some(USER),
                vec![("backup_id", b), ("restored", "4"), ("snapshot_id", s)],
            ),
        ),
        (
            Event::RestoreUnchanged {
                user: USER,
                backup: id(1),
            },
            ("restore_applied", Info, Some(USER), vec![("backup_id", b)]),
        ),
        (
            Event::RestoreFailed {
                user: USER,
                backup: id(1),
                reason: "conflict".to_owned(),
            },
            (
                "restore_failed",
                Error,
                Some(USER),
                vec![("backup_id", b), ("reason", "conflict")],
            ),
        ),
        (
            Event::RestoreUndone {
                user: USER,
                snapshot: id(2),
                binned: 1,
                reverted: 2,
                left: 3,
            },
            (
                "restore_undone",
                Info,
                Some(USER),
                vec![
                    ("binned", "1"),
                    ("left", "3"),
                    ("reverted", "2"),
                    ("snapshot_id", s),
                ],
            ),
        ),
        (
            Event::UndoFailed {
                user: USER,
                snapshot: id(2),
                reason: "not found".to_owned(),
            },
            (
                "restore_failed",
                Error,
                Some(USER),
                vec![("reason", "not found"), ("snapshot_id", s)],
            ),
        ),
        (
            Event::GithubConnected { user: USER },
            ("github_connected", Info, Some(USER), vec![]),
        ),
        (
            Event::GithubDisconnected { user: USER },
            ("github_disconnected", Info, Some(USER), vec![]),
        ),
        (
            Event::GithubBackupFailed {
                user: USER,
                repo: "octo/widgets".to_owned(),
                reason: "repository not found".to_owned(),
            },
            (
                "github_backup_failed",
                Warning,
                Some(USER),
                vec![("reason", "repository not found"), ("repo", "octo/widgets")],
            ),
        ),
        (
            Event::DriveConnected { user: USER },
            ("drive_connected", Info, Some(USER), vec![]),
        ),
        (
            Event::DriveDisconnected {
                user: USER,
                revoked: false,
            },
            (
                "drive_disconnected",
                Info,
                Some(USER),
                vec![("revoked", "false")],
            ),
        ),
        (
            Event::ScheduleSet {
                user: USER,
                destination: DestinationId::DRIVE,
                schedule: Schedule::new(Repeat::Weekly(chrono::Weekday::Mon), 7)
                    .expect("a valid hour"),
            },
            (
                "drive_schedule_set",
                Info,
                Some(USER),
                vec![("frequency", "weekly"), ("hour", "7")],
            ),
        ),
        (
            Event::CopyFetched {
                user: USER,
                destination: DestinationId::DRIVE,
                backup: id(1),
                reused: false,
            },
            (
                "drive_copy_fetched",
                Info,
                Some(USER),
                vec![("backup_id", b), ("reused", "false")],
            ),
        ),
        (
            Event::UploadSucceeded {
                user: USER,
                destination: DestinationId::DRIVE,
                backup: id(1),
                trigger: UploadTrigger::Scheduled,
                pruned: 1,
            },
            (
                "drive_upload_succeeded",
                Info,
                Some(USER),
                vec![("backup_id", b), ("pruned", "1"), ("trigger", "scheduled")],
            ),
        ),
        (
            Event::UploadFailed {
                user: USER,
                destination: DestinationId::DRIVE,
                backup: id(1),
                trigger: UploadTrigger::Manual,
                reason: "Google Drive rate limit exceeded".to_owned(),
            },
            (
                "drive_upload_failed",
                Error,
                Some(USER),
                vec![
                    ("backup_id", b),
                    ("reason", "Google Drive rate limit exceeded"),
                    ("trigger", "manual"),
                ],
            ),
        ),
        (
            Event::ReconnectNeeded {
                user: USER,
                destination: DestinationId::DRIVE,
                reason: "the Google Drive grant was revoked or has expired".to_owned(),
            },
            (
                "drive_reconnect_needed",
                Warning,
                Some(USER),
                vec![(
                    "reason",
                    "the Google Drive grant was revoked or has expired",
                )],
            ),
        ),
        (
            Event::FilesPurged { records: 12 },
            ("files_purged", Info, None, vec![("records", "12")]),
        ),
    ]
}

/// Which variant `event` is; a new variant fails to compile here until it is numbered, and
/// then the coverage check below fails until the table has it.
fn variant(event: &Event) -> u8 {
    match event {
        Event::BackupCreated { .. } => 0,
        Event::BackupFailed { .. } => 1,
        Event::BackupQuotaFull { .. } => 2,
        Event::BackupsPruned { .. } => 3,
        Event::BackupDamaged { .. } => 4,
        Event::BackupDownloaded { .. } => 5,
        Event::BackupRated { .. } => 6,
        Event::BackupNoted { .. } => 7,
        Event::BackupDeleted { .. } => 8,
        Event::BackupsDeleted { .. } => 9,
        Event::BackupDiscarded { .. } => 10,
        Event::RestoreApplied { .. } => 11,
        Event::RestoreUnchanged { .. } => 12,
        Event::RestoreFailed { .. } => 13,
        Event::RestoreUndone { .. } => 14,
        Event::UndoFailed { .. } => 15,
        Event::GithubConnected { .. } => 16,
        Event::GithubDisconnected { .. } => 17,
        Event::GithubBackupFailed { .. } => 18,
        Event::DriveConnected { .. } => 19,
        Event::DriveDisconnected { .. } => 20,
        Event::ScheduleSet { .. } => 21,
        Event::UploadSucceeded { .. } => 22,
        Event::UploadFailed { .. } => 23,
        Event::ReconnectNeeded { .. } => 24,
        Event::FilesPurged { .. } => 25,
        Event::CopyFetched { .. } => 26,
        Event::BackupStorageFull { .. } => 27,
    }
}

#[test]
fn the_table_has_every_event() {
    let mut seen: Vec<u8> = table().iter().map(|(event, _)| variant(event)).collect();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen, (0..=27).collect::<Vec<u8>>());
}

#[test]
fn every_event_is_stored_as_before() {
    for (event, (name, severity, user, fields)) in table() {
        let stored = (event.name(), event.severity(), event.user(), event.fields());
        let expected: BTreeMap<&str, String> = fields
            .into_iter()
            .map(|(key, value)| (key, value.to_owned()))
            .collect();
        assert_eq!(stored, (name, severity, user, expected), "{event:?}");
    }
}

/// Drive's events keep their names; another destination's are named for what happened and
/// say where.
#[test]
fn another_destinations_events_name_it() {
    let elsewhere = DestinationId::new("elsewhere");
    let events = [
        Event::ScheduleSet {
            user: USER,
            destination: elsewhere.clone(),
            schedule: Schedule::OFF,
        },
        Event::UploadSucceeded {
            user: USER,
            destination: elsewhere.clone(),
            backup: id(1),
            trigger: UploadTrigger::Manual,
            pruned: 0,
        },
        Event::UploadFailed {
            user: USER,
            destination: elsewhere.clone(),
            backup: id(1),
            trigger: UploadTrigger::Scheduled,
            reason: "full".to_owned(),
        },
        Event::ReconnectNeeded {
            user: USER,
            destination: elsewhere.clone(),
            reason: "revoked".to_owned(),
        },
        Event::CopyFetched {
            user: USER,
            destination: elsewhere,
            backup: id(1),
            reused: true,
        },
    ];
    let names: Vec<_> = events.iter().map(Event::name).collect();
    assert_eq!(
        names,
        [
            "schedule_set",
            "upload_succeeded",
            "upload_failed",
            "reconnect_needed",
            "copy_fetched"
        ]
    );
    for event in &events {
        assert_eq!(
            event.fields().get("destination").map(String::as_str),
            Some("elsewhere"),
            "{event:?}"
        );
    }
}

#[test]
fn ratings_and_frequencies_are_named_as_before() {
    // Before, their names were their `Debug` text in lowercase.
    for rating in Rating::ALL {
        assert_eq!(
            rating_name(Some(rating)),
            format!("{rating:?}").to_lowercase()
        );
    }
    for frequency in Frequency::ALL {
        let stored = serde_json::to_value(frequency).unwrap();
        assert_eq!(stored.as_str(), Some(frequency.as_str()));
        if frequency != Frequency::EveryDays {
            assert_eq!(frequency.as_str(), format!("{frequency:?}").to_lowercase());
        }
    }
}
