//! 🐙 GitHub screens: the menu with the token's state and recent repositories, the prompts,
//! and the result of a repository backup.

use crate::{
    archive::repo_zip::LeftOut,
    bot::{
        callback::{BackupsCallback, GithubCallback, MenuCallback, MenuItem, RestoreCallback},
        ui::{Button, Reader, Screen, data_button, escape, format_size, keyboard},
    },
    domain::{GithubAccount, backup::BackupRecord, repo_ref::RepoKey},
    i18n::Locale,
};

pub fn menu(reader: &Reader, account: Option<&GithubAccount>, recent: &[String]) -> Screen {
    let locale = reader.locale;
    let token = match account {
        Some(account) => locale.t_with(
            "github-token-connected",
            &[
                ("login", escape(&account.login).into()),
                ("since", reader.time(account.connected_at).into()),
            ],
        ),
        None => locale.t("github-token-none"),
    };
    let text = locale.t_with("github-menu", &[("token", token.into())]);
    let mut rows = vec![vec![Button::BackUpRepo.to(locale, GithubCallback::AskRepo)]];
    rows.extend(recent.iter().map(|repo| {
        vec![data_button(
            Button::RecentRepo.emoji(),
            repo,
            GithubCallback::RecentRepo(RepoKey::of(repo)),
        )]
    }));
    rows.push(match account {
        Some(_) => vec![
            Button::ReplaceToken.to(locale, GithubCallback::ConnectToken),
            Button::RemoveToken.to(locale, GithubCallback::RemoveToken),
        ],
        None => vec![Button::ConnectToken.to(locale, GithubCallback::ConnectToken)],
    });
    rows.push(vec![Button::MainMenu.to(locale, MenuItem::Main)]);
    Screen::new(text, keyboard(rows))
}

/// A prompt (or a refusal that keeps the prompt open) with a way out.
pub fn prompt(locale: Locale, text: String) -> Screen {
    Screen::new(
        text,
        keyboard(vec![vec![Button::Cancel.to(locale, MenuCallback::Cancel)]]),
    )
}

pub fn confirm_remove(locale: Locale, account: &GithubAccount) -> Screen {
    let text = locale.t_with(
        "github-remove-confirm",
        &[("login", escape(&account.login).into())],
    );
    Screen::new(
        text,
        keyboard(vec![vec![
            Button::ConfirmRemoveToken.to(locale, GithubCallback::ConfirmRemoveToken),
            Button::Back.to(locale, MenuItem::GitHub),
        ]]),
    )
}

/// A message with a way back to the GitHub menu.
pub fn notice(locale: Locale, text: String) -> Screen {
    Screen::new(
        text,
        keyboard(vec![vec![
            Button::GitHub.to(locale, MenuItem::GitHub),
            Button::MainMenu.to(locale, MenuItem::Main),
        ]]),
    )
}

/// The result of a repository backup, with what it had to leave out.
pub fn backed_up(locale: Locale, backup: &BackupRecord, left_out: &LeftOut) -> Screen {
    let dash = "—";
    let commit = backup.commit.as_deref().unwrap_or(dash);
    let text = locale.t_with(
        "github-backup-done",
        &[
            (
                "repo",
                escape(backup.repo.as_deref().unwrap_or(dash)).into(),
            ),
            (
                "ref",
                escape(backup.git_ref.as_deref().unwrap_or(dash)).into(),
            ),
            ("commit", escape(commit.get(..12).unwrap_or(commit)).into()),
            ("files", backup.file_count.into()),
            ("size", format_size(locale, backup.total_size).into()),
        ],
    );
    let text = match left_out_note(locale, left_out) {
        Some(note) => format!("{text}\n{note}"),
        None => text,
    };
    let id = &backup.id;
    Screen::new(
        text,
        keyboard(vec![
            vec![Button::ImportIntoFiles.to(locale, RestoreCallback::Plan(id.clone()))],
            vec![
                Button::MyBackups.to(locale, BackupsCallback::Open(id.clone())),
                Button::GitHub.to(locale, MenuItem::GitHub),
            ],
        ]),
    )
}

fn left_out_note(locale: Locale, left_out: &LeftOut) -> Option<String> {
    let key = match (left_out.symlinks, left_out.unsafe_names) {
        (0, 0) => return None,
        (_, 0) => "github-left-out-links",
        (0, _) => "github-left-out-unsafe",
        _ => "github-left-out-both",
    };
    let counts = [
        ("links", left_out.symlinks.into()),
        ("unsafe", left_out.unsafe_names.into()),
    ];
    Some(locale.t_with(key, &counts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(locale: Locale, symlinks: usize, unsafe_names: usize) -> Option<String> {
        let left_out = LeftOut {
            symlinks,
            unsafe_names,
        };
        left_out_note(locale, &left_out)
    }

    #[test]
    fn the_note_names_only_what_was_left_out_with_plurals() {
        assert_eq!(note(Locale::En, 0, 0), None);
        assert_eq!(
            note(Locale::En, 2, 0).as_deref(),
            Some("⚠️ Left out: 2 symbolic links.")
        );
        assert_eq!(
            note(Locale::En, 0, 1).as_deref(),
            Some("⚠️ Left out: 1 file whose name cannot be stored safely.")
        );
        assert_eq!(
            note(Locale::En, 1, 2).as_deref(),
            Some("⚠️ Left out: 1 symbolic link, 2 files whose names cannot be stored safely.")
        );
        let ru = |links| note(Locale::Ru, links, 0).unwrap();
        assert!(ru(1).contains("1 символическая ссылка"), "{}", ru(1));
        assert!(ru(3).contains("3 символические ссылки"), "{}", ru(3));
        assert!(ru(5).contains("5 символических ссылок"), "{}", ru(5));
        let he = note(Locale::He, 2, 1).unwrap();
        assert!(he.contains("שני קישורים סימבוליים"), "{he}");
        assert!(he.contains("קובץ אחד"), "{he}");
    }
}
