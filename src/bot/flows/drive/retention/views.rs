//! 🗂 Kept in Drive: the choices (the newest N, or days, then weeks, then months), what a
//! choice would delete there now, and what applying it did.

use super::super::views::{copy_bullet, notice_screen};
use crate::{
    bot::{
        callback::{DriveCallback, MenuItem},
        ui::{Button, Reader, Screen, data_button, keyboard},
    },
    domain::retention::{Generations, RetentionPolicy},
    i18n::Locale,
    service::{
        copies::{
            DAILY_CHOICES, MONTHLY_CHOICES, RETENTION_CHOICES, RetentionPreview, WEEKLY_CHOICES,
        },
        destination::RemoteFile,
    },
};

/// The copies listed by name at most; more are counted.
const LISTED: usize = 30;

/// What `policy` keeps, in words: "the newest 10 backups made by the bot".
pub fn kept_text(locale: Locale, policy: RetentionPolicy) -> String {
    match policy {
        RetentionPolicy::Newest(keep) => {
            locale.t_with("drive-kept-newest", &[("keep", keep.into())])
        }
        RetentionPolicy::Generations(Generations {
            daily,
            weekly,
            monthly,
        }) => locale.t_with(
            "drive-kept-generations",
            &[
                ("daily", daily.into()),
                ("weekly", weekly.into()),
                ("monthly", monthly.into()),
            ],
        ),
    }
}

/// A row of number buttons, one per choice, each with the callback it makes.
fn choices(
    choices: &[u32],
    to: impl Fn(u32) -> DriveCallback,
) -> Vec<teloxide::types::InlineKeyboardButton> {
    (choices.iter())
        .map(|&n| data_button(Button::Generations.emoji(), &n.to_string(), to(n)))
        .collect()
}

/// 🗂 Kept in Drive: what is kept now, the newest-N choices, and the generations.
pub fn choose(locale: Locale, current: RetentionPolicy) -> Screen {
    let text = locale.t_with(
        "drive-retention-choose",
        &[("policy", kept_text(locale, current).into())],
    );
    let newest = (RETENTION_CHOICES.iter())
        .map(|&keep| {
            let policy = RetentionPolicy::Newest(keep);
            data_button(
                Button::Retention.emoji(),
                &keep.to_string(),
                DriveCallback::PreviewRetention(policy),
            )
        })
        .collect();
    Screen::new(
        text,
        keyboard(vec![
            newest,
            vec![Button::Generations.to(locale, DriveCallback::PickDays)],
            vec![Button::Back.to(locale, MenuItem::Drive)],
        ]),
    )
}

/// Of how many days to keep the newest backup.
pub fn pick_days(locale: Locale) -> Screen {
    let row = choices(&DAILY_CHOICES, |daily| DriveCallback::PickWeeks { daily });
    Screen::new(
        locale.t("drive-retention-days"),
        keyboard(vec![
            row,
            vec![Button::Back.to(locale, DriveCallback::Retention)],
        ]),
    )
}

/// Of how many weeks, `daily` chosen.
pub fn pick_weeks(locale: Locale, daily: u32) -> Screen {
    let row = choices(&WEEKLY_CHOICES, |weekly| DriveCallback::PickMonths {
        daily,
        weekly,
    });
    Screen::new(
        locale.t_with("drive-retention-weeks", &[("daily", daily.into())]),
        keyboard(vec![
            row,
            vec![Button::Back.to(locale, DriveCallback::PickDays)],
        ]),
    )
}

/// Of how many months, `daily` and `weekly` chosen; none is no choice when nothing else
/// keeps a backup.
pub fn pick_months(locale: Locale, daily: u32, weekly: u32) -> Screen {
    let offered: Vec<u32> = (MONTHLY_CHOICES.iter())
        .copied()
        .filter(|&monthly| monthly > 0 || daily > 0 || weekly > 0)
        .collect();
    let row = choices(&offered, |monthly| {
        DriveCallback::PreviewRetention(RetentionPolicy::Generations(Generations {
            daily,
            weekly,
            monthly,
        }))
    });
    let text = locale.t_with(
        "drive-retention-months",
        &[("daily", daily.into()), ("weekly", weekly.into())],
    );
    Screen::new(
        text,
        keyboard(vec![
            row,
            vec![Button::Back.to(locale, DriveCallback::PickWeeks { daily })],
        ]),
    )
}

/// What keeping `preview.policy` would delete there now, with ✅ Apply and 🚫 Cancel.
pub fn preview(reader: &Reader, preview: &RetentionPreview) -> Screen {
    let locale = reader.locale;
    let kept = kept_text(locale, preview.policy);
    let mut text = if preview.removed.is_empty() {
        locale.t_with(
            "drive-retention-preview-none",
            &[("policy", kept.into()), ("count", preview.kept.into())],
        )
    } else {
        locale.t_with(
            "drive-retention-preview",
            &[
                ("policy", kept.into()),
                ("count", preview.removed.len().into()),
            ],
        )
    };
    push_copies(reader, &mut text, &preview.removed);
    Screen::new(
        text,
        keyboard(vec![vec![
            Button::ApplyRetention.to(locale, DriveCallback::ApplyRetention(preview.policy)),
            Button::Cancel.to(locale, DriveCallback::Retention),
        ]]),
    )
}

/// What applying `policy` did: kept from now on, and the copies it deleted.
pub fn applied(reader: &Reader, policy: RetentionPolicy, removed: &[RemoteFile]) -> Screen {
    let locale = reader.locale;
    let kept = kept_text(locale, policy);
    let mut text = locale.t_with("drive-retention-applied", &[("policy", kept.into())]);
    text.push('\n');
    if removed.is_empty() {
        text.push_str(&locale.t("drive-retention-removed-none"));
    } else {
        let count = removed.len();
        text.push_str(&locale.t_with("drive-retention-removed", &[("count", count.into())]));
        push_copies(reader, &mut text, removed);
    }
    notice_screen(locale, text)
}

/// The copies one to a line, the first [`LISTED`], then how many more.
fn push_copies(reader: &Reader, text: &mut String, copies: &[RemoteFile]) {
    let locale = reader.locale;
    for copy in copies.iter().take(LISTED) {
        text.push('\n');
        text.push_str(&copy_bullet(reader, copy));
    }
    if copies.len() > LISTED {
        text.push('\n');
        let more = copies.len() - LISTED;
        text.push_str(&locale.t_with("drive-retention-more", &[("count", more.into())]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(screen: &Screen) -> Vec<String> {
        (screen.keyboard.inline_keyboard.iter().flatten())
            .map(|button| button.text.clone())
            .collect()
    }

    #[test]
    fn keeping_nothing_is_never_offered() {
        let en = Locale::En;
        let none_yet = labels(&pick_months(en, 0, 0));
        assert!(!none_yet.contains(&"📅 0".to_owned()), "{none_yet:?}");
        assert!(none_yet.contains(&"📅 3".to_owned()));
        let some = labels(&pick_months(en, 7, 0));
        assert!(some.contains(&"📅 0".to_owned()), "{some:?}");
    }

    #[test]
    fn a_long_list_of_copies_names_thirty_and_counts_the_rest() {
        let en = Locale::En;
        let copies: Vec<RemoteFile> = (0..32)
            .map(|n| RemoteFile {
                id: format!("f{n}"),
                name: format!("copy-{n:02}.zip"),
                ..RemoteFile::default()
            })
            .collect();
        let preview = RetentionPreview {
            policy: RetentionPolicy::Newest(3),
            removed: copies,
            kept: 3,
        };
        let reader = Reader::new(en, crate::domain::schedule::Zone::UTC, chrono::Utc::now());
        let text = super::preview(&reader, &preview).text;
        assert!(text.contains("copy-29.zip") && !text.contains("copy-30.zip"));
        assert!(text.ends_with(&en.t_with("drive-retention-more", &[("count", 2.into())])));
    }
}
