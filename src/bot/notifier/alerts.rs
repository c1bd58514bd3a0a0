//! The operators' alert messages: what opened (which user, which backup, how many failures,
//! the last error cut short, since when) and what was resolved. Every value is escaped.

use chrono::{DateTime, Utc};

use crate::{
    bot::ui::{Reader, escape, shorten},
    domain::alert::{Alert, AlertKey},
    i18n::{Arg, Locale},
    service::alerts::AdminMessage,
};

/// An error text is cut to this many characters: enough to see what failed.
const ERROR_CHARS: usize = 300;

pub fn admin_text(reader: &Reader, message: &AdminMessage) -> String {
    let locale = reader.locale;
    match message {
        AdminMessage::Opened(alert) => opened(reader, alert),
        AdminMessage::Resolved { key, since } => locale.t_with(
            "alert-resolved",
            &[
                ("what", what(locale, key).into()),
                ("since", reader.time(*since).into()),
            ],
        ),
    }
}

fn opened(reader: &Reader, alert: &Alert) -> String {
    let locale = reader.locale;
    let t = |key, args: &[Arg<'_>]| locale.t_with(key, args);
    match alert {
        Alert::BackupFailing {
            destination,
            user,
            failures,
            last_error,
        } => t(
            "alert-backup-failing",
            &[
                ("user", user.to_string().into()),
                ("destination", escape(destination.as_str()).into()),
                ("failures", (*failures).into()),
                ("error", error(locale, last_error.as_deref()).into()),
            ],
        ),
        Alert::NoSuccess {
            scheduled,
            last_success,
        } => t(
            "alert-no-success",
            &[
                ("scheduled", (*scheduled).into()),
                ("last", last(reader, *last_success).into()),
            ],
        ),
        Alert::Damaged {
            user,
            backup,
            created_at,
            damaged_at,
        } => t(
            "alert-damaged",
            &[
                ("user", user.to_string().into()),
                ("backup", backup.to_string().into()),
                ("created", reader.time(*created_at).into()),
                ("found", reader.time(*damaged_at).into()),
            ],
        ),
        Alert::DumpFailing { failures, error: e } => t(
            "alert-dump-failing",
            &[
                ("failures", (*failures).into()),
                ("error", error(locale, e.as_deref()).into()),
            ],
        ),
        Alert::DumpMissing { last_success } => t(
            "alert-dump-missing",
            &[("last", last(reader, *last_success).into())],
        ),
        Alert::StoreFull { used_percent } => {
            t("alert-store-full", &[("percent", (*used_percent).into())])
        }
        // Told to the user, never to admins.
        Alert::UserNotBackedUp { user, .. } => t(
            "alert-what-user-not-backed-up",
            &[("user", user.to_string().into())],
        ),
    }
}

/// What a resolved alert was about.
fn what(locale: Locale, key: &AlertKey) -> String {
    match key {
        AlertKey::BackupFailing { destination, user } => locale.t_with(
            "alert-what-backup-failing",
            &[
                ("user", user.to_string().into()),
                ("destination", escape(destination.as_str()).into()),
            ],
        ),
        AlertKey::NoSuccess => locale.t("alert-what-no-success"),
        AlertKey::Damaged { user, backup } => locale.t_with(
            "alert-what-damaged",
            &[
                ("user", user.to_string().into()),
                ("backup", backup.to_string().into()),
            ],
        ),
        AlertKey::DumpFailing => locale.t("alert-what-dump-failing"),
        AlertKey::DumpMissing => locale.t("alert-what-dump-missing"),
        AlertKey::StoreFull => locale.t("alert-what-store-full"),
        AlertKey::UserNotBackedUp { user, .. } => locale.t_with(
            "alert-what-user-not-backed-up",
            &[("user", user.to_string().into())],
        ),
    }
}

fn error(locale: Locale, error: Option<&str>) -> String {
    error.map_or_else(
        || locale.t("alert-no-error"),
        |error| escape(&shorten(error, ERROR_CHARS)),
    )
}

fn last(reader: &Reader, at: Option<DateTime<Utc>>) -> String {
    at.map_or_else(|| reader.locale.t("alert-never"), |at| reader.time(at))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::{DestinationId, Id, schedule::Zone};

    /// An admin in UTC, ten days after the alerts' times.
    fn admin(locale: Locale) -> Reader {
        Reader::new(locale, Zone::UTC, at(0) + chrono::TimeDelta::days(10))
    }

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, hour, 0, 0).unwrap()
    }

    #[test]
    fn an_alert_names_the_user_the_failures_and_the_escaped_error_cut_short() {
        let long = format!("<b>{}", "x".repeat(400));
        let text = admin_text(
            &admin(Locale::En),
            &AdminMessage::Opened(Alert::BackupFailing {
                destination: DestinationId::DRIVE,
                user: 4242,
                failures: 3,
                last_error: Some(long),
            }),
        );
        assert!(text.contains("<code>4242</code>"), "{text}");
        assert!(text.contains("Failures in a row: 3"), "{text}");
        assert!(text.contains("&lt;b&gt;xxx"), "{text}");
        assert!(!text.contains("<b>xxx"), "{text}");
        assert!(
            text.contains('…') && !text.contains(&"x".repeat(300)),
            "{text}"
        );
    }

    #[test]
    fn every_message_reads_in_every_language() {
        let backup = Id::generate();
        let messages = [
            AdminMessage::Opened(Alert::NoSuccess {
                scheduled: 2,
                last_success: None,
            }),
            AdminMessage::Opened(Alert::Damaged {
                user: 7,
                backup: backup.clone(),
                created_at: at(1),
                damaged_at: at(2),
            }),
            AdminMessage::Opened(Alert::DumpFailing {
                failures: 1,
                error: None,
            }),
            AdminMessage::Opened(Alert::DumpMissing {
                last_success: Some(at(3)),
            }),
            AdminMessage::Opened(Alert::StoreFull { used_percent: 93 }),
            AdminMessage::Resolved {
                key: AlertKey::Damaged {
                    user: 7,
                    backup: backup.clone(),
                },
                since: at(4),
            },
        ];
        for locale in [Locale::En, Locale::He, Locale::Ru] {
            for message in &messages {
                let text = admin_text(&admin(locale), message);
                assert!(!text.contains("alert-"), "{locale:?}: {text}");
            }
        }
        let resolved = admin_text(&admin(Locale::En), &messages[5]);
        assert!(
            resolved.contains(backup.as_str())
                && resolved.contains("Mar 1, 2026, 4:00\u{202F}AM UTC"),
            "{resolved}"
        );
        let damaged = admin_text(&admin(Locale::En), &messages[1]);
        assert!(damaged.contains(backup.as_str()) && damaged.contains("<code>7</code>"));
    }
}
