//! 🐙 GitHub screens: the menu with the token's state and recent repositories, the prompts,
//! and the result of a repository backup.

use super::{Screen, escape, format_size, format_time};
use crate::{
    bot::{
        buttons::{Button, data_button, keyboard},
        callback::{Callback, MenuItem},
    },
    domain::{backup::BackupRecord, repo_ref::RepoKey},
    i18n::Locale,
    storage::GithubAccount,
};

pub fn menu(locale: Locale, account: Option<&GithubAccount>, recent: &[String]) -> Screen {
    let token = match account {
        Some(account) => locale.t_with(
            "github-token-connected",
            &[
                ("login", escape(&account.login).into()),
                ("since", format_time(account.connected_at).into()),
            ],
        ),
        None => locale.t("github-token-none"),
    };
    let text = locale.t_with("github-menu", &[("token", token.into())]);
    let mut rows = vec![vec![Button::BackUpRepo.to(locale, Callback::AskRepo)]];
    rows.extend(recent.iter().map(|repo| {
        vec![data_button(
            Button::RecentRepo.emoji(),
            repo,
            Callback::RecentRepo(RepoKey::of(repo)),
        )]
    }));
    rows.push(match account {
        Some(_) => vec![
            Button::ReplaceToken.to(locale, Callback::ConnectToken),
            Button::RemoveToken.to(locale, Callback::RemoveToken),
        ],
        None => vec![Button::ConnectToken.to(locale, Callback::ConnectToken)],
    });
    rows.push(vec![
        Button::MainMenu.to(locale, Callback::Menu(MenuItem::Main)),
    ]);
    Screen::new(text, keyboard(rows))
}

/// A prompt (or a refusal that keeps the prompt open) with a way out.
pub fn prompt(locale: Locale, text: String) -> Screen {
    Screen::new(
        text,
        keyboard(vec![vec![Button::Cancel.to(locale, Callback::Cancel)]]),
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
            Button::ConfirmRemoveToken.to(locale, Callback::ConfirmRemoveToken),
            Button::Back.to(locale, Callback::Menu(MenuItem::GitHub)),
        ]]),
    )
}

/// A message with a way back to the GitHub menu.
pub fn notice(locale: Locale, text: String) -> Screen {
    Screen::new(
        text,
        keyboard(vec![vec![
            Button::GitHub.to(locale, Callback::Menu(MenuItem::GitHub)),
            Button::MainMenu.to(locale, Callback::Menu(MenuItem::Main)),
        ]]),
    )
}

pub fn backed_up(locale: Locale, backup: &BackupRecord) -> Screen {
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
    let id = &backup.id;
    Screen::new(
        text,
        keyboard(vec![
            vec![Button::ImportIntoFiles.to(locale, Callback::RestoreBackup(id.clone()))],
            vec![
                Button::MyBackups.to(locale, Callback::OpenBackup(id.clone())),
                Button::GitHub.to(locale, Callback::Menu(MenuItem::GitHub)),
            ],
        ]),
    )
}
