//! ☁️ Google Drive screens: status, connecting, schedule, upload results, the copies to
//! restore from, and the notices automatic backups send (retention's are `retention`'s).

use chrono::{DateTime, Utc};
use teloxide::types::InlineKeyboardButton;

use super::{retention::kept_text, schedule};
use crate::{
    bot::{
        callback::{DriveCallback, MenuCallback, MenuItem},
        ui::{
            Button, Reader, Screen, backups, data_button, escape, format_size, isolate, keyboard,
            paging_row, visible_name,
        },
    },
    domain::{paging::Page, password::MIN_PASSWORD_CHARS},
    i18n::Locale,
    service::{
        copies::{FailureReason, Notice, Uploaded},
        destination::RemoteFile,
        drive::DriveStatus,
    },
};

fn main_menu_row(locale: Locale) -> Vec<InlineKeyboardButton> {
    vec![Button::MainMenu.to(locale, MenuItem::Main)]
}

fn menu_text(locale: Locale, status: String) -> String {
    locale.t_with("drive-menu", &[("status", status.into())])
}

pub fn not_configured(locale: Locale) -> Screen {
    Screen::new(
        menu_text(locale, locale.t("drive-not-configured")),
        keyboard(vec![main_menu_row(locale)]),
    )
}

pub fn account(locale: Locale, status: &DriveStatus) -> String {
    status
        .profile
        .email
        .as_deref()
        .map_or_else(|| locale.t("drive-account-unknown"), escape)
}

fn time_or(reader: &Reader, time: Option<DateTime<Utc>>, key: &str) -> String {
    time.map_or_else(|| reader.locale.t(key), |time| reader.time(time))
}

pub fn menu(reader: &Reader, status: &DriveStatus) -> Screen {
    let locale = reader.locale;
    let profile = &status.profile;
    if !profile.connected {
        let key = if profile.needs_reconnect {
            "drive-status-reconnect"
        } else {
            "drive-status-disconnected"
        };
        return Screen::new(
            menu_text(locale, locale.t(key)),
            keyboard(vec![
                vec![Button::ConnectDrive.to(locale, DriveCallback::Connect)],
                main_menu_row(locale),
            ]),
        );
    }
    let last_error = match profile.last_error.as_deref() {
        _ if status.full => locale.t("drive-status-full"),
        Some(error) => escape(error),
        None => locale.t("drive-none"),
    };
    let details = locale.t_with(
        "drive-status-connected",
        &[
            ("account", account(locale, status).into()),
            ("folder", escape(&status.folder_name).into()),
            (
                "schedule",
                schedule::schedule_text(locale, profile.schedule).into(),
            ),
            ("policy", kept_text(locale, status.retention).into()),
            (
                "last_success",
                time_or(reader, profile.last_success, "drive-never").into(),
            ),
            (
                "next_run",
                schedule::next_run_text(reader, profile.schedule, status.next_run).into(),
            ),
            ("last_error", last_error.into()),
        ],
    );
    let mut details = details;
    // Only while no upload came after it: then that one is what the status says.
    if let Some(unchanged) = profile.last_unchanged
        && profile
            .last_success
            .is_none_or(|success| unchanged > success)
    {
        let line = locale.t_with(
            "drive-status-unchanged",
            &[("time", reader.time(unchanged).into())],
        );
        details = format!("{details}\n{line}");
    }
    let history = if status.history {
        "drive-history-on"
    } else {
        "drive-history-off"
    };
    let protected = if status.protected {
        "drive-protected-on"
    } else {
        "drive-protected-off"
    };
    let details = format!("{details}\n{}\n{}", locale.t(history), locale.t(protected));
    Screen::new(
        menu_text(locale, details),
        keyboard(vec![
            vec![Button::BackUpNow.to(locale, DriveCallback::BackUpNow)],
            vec![Button::RestoreFromDrive.to(locale, DriveCallback::Copies { page: 0 })],
            vec![
                Button::Schedule.to(locale, DriveCallback::Schedule),
                Button::Retention.to(locale, DriveCallback::Retention),
            ],
            vec![history_toggle(locale, status.history)],
            vec![password_button(locale, status.protected)],
            vec![Button::DisconnectDrive.to(locale, DriveCallback::Disconnect)],
            main_menu_row(locale),
        ]),
    )
}

/// 🕘 turns the history in Drive backups on when it is off, and off when it is on.
fn history_toggle(locale: Locale, on: bool) -> InlineKeyboardButton {
    let label = if on {
        "btn-drive-history-off"
    } else {
        "btn-drive-history-on"
    };
    data_button(
        Button::BackupWithHistory.emoji(),
        &locale.t(label),
        DriveCallback::History(!on),
    )
}

/// 🔒 sets a password for Drive backups when there is none; 🔓 removes the one there is.
fn password_button(locale: Locale, protected: bool) -> InlineKeyboardButton {
    if protected {
        data_button(
            "🔓",
            &locale.t("btn-drive-password-remove"),
            DriveCallback::RemovePassword,
        )
    } else {
        data_button(
            Button::BackupWithPassword.emoji(),
            &locale.t("btn-drive-password"),
            DriveCallback::Password,
        )
    }
}

/// 🔒 The prompt for the password of Drive backups, after what was wrong with the last one.
pub fn ask_password(locale: Locale, problem: Option<String>) -> Screen {
    let mut text = problem
        .map(|problem| format!("{problem}\n\n"))
        .unwrap_or_default();
    text.push_str(&locale.t_with("drive-ask-password", &[("min", MIN_PASSWORD_CHARS.into())]));
    Screen::new(
        text,
        keyboard(vec![vec![Button::Cancel.to(locale, MenuCallback::Cancel)]]),
    )
}

/// A copy's name is cut to this on the page of copies (a user may rename it in Drive).
const COPY_NAME_CHARS: usize = 80;

/// 📥 Restore from Drive: a page of the user's copies there, newest first, each with its name,
/// date, files and size, and a button to pick it by its place on the page (`listing` names
/// the page).
pub fn copies(reader: &Reader, page: &Page<RemoteFile>, listing: u32) -> Screen {
    let locale = reader.locale;
    let mut text = locale.t_with(
        "drive-copies-title",
        &[
            ("count", page.total.into()),
            ("page", page.ordinal().into()),
            ("pages", page.page_count().into()),
        ],
    );
    if page.items.is_empty() {
        text.push_str("\n\n");
        text.push_str(&locale.t("drive-copies-empty"));
    }
    let mut rows = Vec::new();
    for (index, copy) in (0_u32..).zip(&page.items) {
        let (place, line) = (index + 1, copy_line(reader, copy));
        let name = escape(&visible_name(&copy.name, COPY_NAME_CHARS));
        text.push_str(&format!("\n\n{place}. <b>{name}</b>\n{}", escape(&line)));
        let emoji = copy.about.kind.map_or("☁️", |kind| kind.emoji());
        let pick = DriveCallback::PickCopy { listing, index };
        rows.push(vec![data_button(emoji, &format!("{place}. {line}"), pick)]);
    }
    rows.push(paging_row(locale, page, |page| DriveCallback::Copies {
        page,
    }));
    rows.push(vec![Button::Back.to(locale, MenuItem::Drive)]);
    Screen::new(text, keyboard(rows))
}

/// A copy on a line of its own: "• <b>name</b> · date · files · size".
pub(super) fn copy_bullet(reader: &Reader, copy: &RemoteFile) -> String {
    let name = escape(&visible_name(&copy.name, COPY_NAME_CHARS));
    format!("• <b>{name}</b> · {}", escape(&copy_line(reader, copy)))
}

/// "today, 5:03 PM · 3 files · 1.2 MB", with "?" for what an older copy does not say.
fn copy_line(reader: &Reader, copy: &RemoteFile) -> String {
    let locale = reader.locale;
    let unknown = || "?".to_owned();
    let date = copy.date().map_or_else(unknown, |date| reader.time(date));
    let files = copy.about.files.map_or_else(
        || locale.t("drive-copy-files-unknown"),
        |count| locale.t_with("files-count", &[("count", count.into())]),
    );
    let size = copy
        .size
        .map_or_else(unknown, |size| format_size(locale, size));
    format!("{} · {files} · {size}", isolate(locale, &date))
}

pub fn connecting(locale: Locale, key: &str, url: &str, code: &str) -> Screen {
    let text = locale.t_with(
        key,
        &[("url", escape(url).into()), ("code", escape(code).into())],
    );
    Screen::new(
        text,
        keyboard(vec![vec![
            Button::CheckConnection.to(locale, DriveCallback::Check),
            Button::CancelConnect.to(locale, DriveCallback::CancelConnect),
        ]]),
    )
}

/// A message with a way back to the Drive screen.
pub fn notice_screen(locale: Locale, text: String) -> Screen {
    Screen::new(
        text,
        keyboard(vec![vec![
            Button::GoogleDrive.to(locale, MenuItem::Drive),
            Button::MainMenu.to(locale, MenuItem::Main),
        ]]),
    )
}

pub fn confirm_disconnect(locale: Locale, status: &DriveStatus) -> Screen {
    let text = locale.t_with(
        "drive-disconnect-confirm",
        &[("account", account(locale, status).into())],
    );
    Screen::new(
        text,
        keyboard(vec![vec![
            Button::ConfirmDisconnect.to(locale, DriveCallback::ConfirmDisconnect),
            Button::Back.to(locale, MenuItem::Drive),
        ]]),
    )
}

pub fn uploaded(locale: Locale, uploaded: &Uploaded, folder: &str) -> Screen {
    let mut text = locale.t_with(
        "drive-uploaded",
        &[
            ("name", escape(&uploaded.file_name).into()),
            ("folder", escape(folder).into()),
        ],
    );
    if uploaded.pruned > 0 {
        text.push('\n');
        text.push_str(&locale.t_with(
            "drive-pruned",
            &[
                ("count", uploaded.pruned.into()),
                ("policy", kept_text(locale, uploaded.policy).into()),
            ],
        ));
    }
    notice_screen(locale, text)
}

pub fn reason(locale: Locale, reason: FailureReason) -> String {
    locale.t(match reason {
        FailureReason::RateLimited => "drive-reason-rate-limited",
        FailureReason::Full => "drive-reason-full",
        FailureReason::Network => "drive-reason-network",
        FailureReason::Checksum => "drive-reason-checksum",
        FailureReason::Remote => "drive-reason-google",
        FailureReason::Storage => "drive-reason-storage",
    })
}

/// "Failed: why; kept; retried at …" in the words of a manual upload or a scheduled one.
pub fn failure(
    reader: &Reader,
    keys: (&str, &str),
    why: FailureReason,
    retry_at: Option<DateTime<Utc>>,
) -> String {
    let locale = reader.locale;
    let why = reason(locale, why);
    match retry_at {
        Some(retry) => locale.t_with(
            keys.0,
            &[("reason", why.into()), ("retry", reader.time(retry).into())],
        ),
        None => locale.t_with(keys.1, &[("reason", why.into())]),
    }
}

/// What an automatic backup, or the wait for a connection, tells its user.
pub fn notice(reader: &Reader, notice: &Notice) -> Screen {
    let locale = reader.locale;
    let text = match notice {
        Notice::UploadFailed { reason, retry_at } => failure(
            reader,
            ("drive-notice-failed", "drive-notice-failed-kept"),
            *reason,
            *retry_at,
        ),
        Notice::ReconnectNeeded => locale.t("drive-notice-reconnect"),
        Notice::BackupsPruned { quota, removed } => {
            let pruned = backups::pruned_note(reader, quota, removed).unwrap_or_default();
            format!("{}\n{pruned}", locale.t("drive-notice-pruned"))
        }
        Notice::NoRoom(refusal) => format!(
            "{}\n{}",
            locale.t("drive-notice-no-room"),
            backups::no_room(reader, refusal)
        ),
        Notice::Connected { account, folder } => {
            let account = account
                .as_deref()
                .map_or_else(|| locale.t("drive-account-unknown"), escape);
            let folder = escape(folder);
            let args = [("account", account.into()), ("folder", folder.into())];
            locale.t_with("drive-connected", &args)
        }
        Notice::NotBackedUp { since } => locale.t_with(
            "drive-notice-not-backed-up",
            &[("since", reader.time(*since).into())],
        ),
        Notice::ConnectDenied => locale.t("drive-connect-denied"),
        Notice::ConnectExpired => locale.t("drive-connect-expired"),
        Notice::ConnectFailed => locale.t("drive-connect-failed"),
    };
    notice_screen(locale, text)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::{
        Id,
        backup::{
            BackupKind, BackupRecord,
            quota::{BackupClass, BackupQuota, NoRoom},
        },
    };

    /// An English reader in UTC, days after the copies' dates (so they read as dates).
    fn english() -> Reader {
        let now = Utc.with_ymd_and_hms(2026, 12, 10, 12, 0, 0).unwrap();
        Reader::new(Locale::En, crate::domain::schedule::Zone::UTC, now)
    }

    #[test]
    fn automatic_backup_notices_say_what_the_quota_did() {
        let at = Utc.with_ymd_and_hms(2026, 11, 30, 17, 3, 0).unwrap();
        let removed = BackupRecord {
            id: Id::parse("0123456789abcdef01234567").unwrap(),
            file_count: 3,
            total_size: 30,
            archive_size: 900,
            ..BackupRecord::example(1, BackupKind::GoogleDriveBackup, at, 900)
        };
        let en = Locale::En;
        let pruned = notice(
            &english(),
            &Notice::BackupsPruned {
                quota: BackupQuota::DEFAULT,
                removed: vec![removed],
            },
        );
        assert_eq!(
            pruned.text,
            format!(
                "{}\n{}\n• ☁️ Google Drive backup · Nov 30, 2026, 5:03\u{202F}PM UTC · 3 files · archive 900 B",
                en.t("drive-notice-pruned"),
                en.t_with(
                    "backup-quota-pruned",
                    &[
                        ("count", 1.into()),
                        ("class", en.t("backup-class-scheduled").into()),
                        ("limit", 10.into()),
                        ("quota", "1.0 GB".into())
                    ]
                )
            )
        );
        let no_room = notice(
            &english(),
            &Notice::NoRoom(NoRoom::Count {
                class: BackupClass::Scheduled,
                stored: 10,
                limit: 10,
            }),
        );
        assert_eq!(
            no_room.text,
            format!(
                "{}\n{}",
                en.t("drive-notice-no-room"),
                en.t_with(
                    "backup-no-room",
                    &[
                        ("class", en.t("backup-class-scheduled").into()),
                        ("stored", 10.into()),
                        ("limit", 10.into())
                    ]
                )
            )
        );
    }

    #[test]
    fn connect_notices_say_how_connecting_ended() {
        let en = Locale::En;
        let connected = |account: Option<&str>| {
            let notice = Notice::Connected {
                account: account.map(str::to_owned),
                folder: "Backups <1>".to_owned(),
            };
            notice_screen_text(en, &notice)
        };
        let said = |account: &str| {
            en.t_with(
                "drive-connected",
                &[
                    ("account", account.to_owned().into()),
                    ("folder", "Backups &lt;1&gt;".into()),
                ],
            )
        };
        assert_eq!(connected(Some("a<b>@x.org")), said("a&lt;b&gt;@x.org"));
        assert_eq!(connected(None), said(&en.t("drive-account-unknown")));
        for (notice, key) in [
            (Notice::ConnectDenied, "drive-connect-denied"),
            (Notice::ConnectExpired, "drive-connect-expired"),
            (Notice::ConnectFailed, "drive-connect-failed"),
        ] {
            assert_eq!(notice_screen_text(en, &notice), en.t(key));
        }
    }

    #[test]
    fn a_page_of_copies_says_what_each_holds_and_picks_by_place() {
        use crate::service::destination::{AboutBackup, RemoteFile};

        let at = Utc.with_ymd_and_hms(2026, 11, 30, 17, 3, 0).unwrap();
        let marked = RemoteFile {
            id: "1Zx9_Y-abcdefghijklmnopqrstuvwxyz0".to_owned(),
            name: "codevault-2026-11-30-1703-01234567.zip".to_owned(),
            size: Some(2048),
            about: AboutBackup {
                kind: Some(BackupKind::FullBackup),
                created_at: Some(at),
                files: Some(3),
            },
            ..RemoteFile::default()
        };
        // Older: only Drive's own date and size; renamed in Drive to something hostile.
        let older = RemoteFile {
            id: "other".to_owned(),
            name: "<b>a\u{202E}z</b>".to_owned(),
            created_at: Some(at - chrono::TimeDelta::days(1)),
            ..RemoteFile::default()
        };
        let page = Page {
            items: vec![marked, older],
            number: 1,
            size: 2,
            total: 5,
        };
        let en = Locale::En;
        let screen = copies(&english(), &page, 77);
        let title = en.t_with(
            "drive-copies-title",
            &[("page", 2.into()), ("pages", 3.into())],
        );
        assert_eq!(
            screen.text,
            format!(
                "{title}\n\n1. <b>codevault-2026-11-30-1703-01234567.zip</b>\n\
                 Nov 30, 2026, 5:03\u{202F}PM UTC · 3 files · 2.0 KB\n\n\
                 2. <b>&lt;b&gt;a⟨U+202E⟩z&lt;/b&gt;</b>\n\
                 Nov 29, 2026, 5:03\u{202F}PM UTC · ? files · ?"
            )
        );
        let buttons: Vec<_> = screen
            .keyboard
            .inline_keyboard
            .concat()
            .into_iter()
            .map(|button| match button.kind {
                teloxide::types::InlineKeyboardButtonKind::CallbackData(data) => {
                    (button.text, data)
                }
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            buttons[..2],
            [
                (
                    "📦 1. Nov 30, 2026, 5:03\u{202F}PM UTC · 3 files · 2.0 KB".to_owned(),
                    "dp:77:0".to_owned()
                ),
                (
                    "☁️ 2. Nov 29, 2026, 5:03\u{202F}PM UTC · ? files · ?".to_owned(),
                    "dp:77:1".to_owned()
                ),
            ]
        );
        let rest: Vec<&str> = buttons[2..].iter().map(|(_, data)| data.as_str()).collect();
        assert_eq!(rest, ["dl:0", "dl:2", "m:drive"]);
        let empty = Page {
            items: Vec::new(),
            number: 0,
            size: 10,
            total: 0,
        };
        assert!(
            copies(&english(), &empty, 1)
                .text
                .ends_with(&en.t("drive-copies-empty"))
        );
    }

    fn notice_screen_text(locale: Locale, told: &Notice) -> String {
        notice(
            &Reader {
                locale,
                ..english()
            },
            told,
        )
        .text
    }
}
