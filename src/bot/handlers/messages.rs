//! Messages that are not commands: what they mean depends on the dialogue state.

use teloxide::types::Message;

use super::{backups, file_meta, github, import, save};
use crate::bot::{
    Ctx, HandlerResult, State,
    state::{GithubState, NotesState, SaveState},
};

pub async fn handle(ctx: Ctx, message: Message, state: State) -> HandlerResult {
    if let Some(document) = message.document() {
        return match state {
            // A ZIP is an archive to import, at any quiet moment or when one was asked for.
            State::Import(_) => import::received(&ctx, document).await,
            State::Idle | State::Save(SaveState::AwaitingCode) | State::Selection(_)
                if import::is_zip(document) =>
            {
                import::received(&ctx, document).await
            }
            State::Idle | State::Save(SaveState::AwaitingCode) | State::Drive(_) => {
                save::from_document(&ctx, document).await
            }
            _ => ctx.hint("finish-current-step").await,
        };
    }
    let Some(text) = message.text() else {
        return ctx.hint("unsupported-message").await;
    };
    if looks_like_command(text) {
        return ctx.hint("unknown-command").await;
    }
    match state {
        // Connecting Drive waits on Google, not on a message: code sent meanwhile is saved.
        State::Idle | State::Save(SaveState::AwaitingCode) | State::Drive(_) => {
            save::from_text(&ctx, text).await
        }
        State::Save(SaveState::AwaitingName { draft }) => save::name(&ctx, None, draft, text).await,
        State::Save(SaveState::NameTaken { .. }) => ctx.hint("save-choose-option").await,
        State::Save(SaveState::AwaitingNote {
            draft,
            name,
            replace,
        }) => save::finish(&ctx, None, draft, name, replace, Some(text)).await,
        State::Notes(NotesState::EditingNote { file }) => {
            file_meta::note_typed(&ctx, &file, text).await
        }
        State::Notes(NotesState::EditingTags { file }) => {
            file_meta::tags_typed(&ctx, &file, text).await
        }
        State::Notes(NotesState::EditingBackupNote { backup }) => {
            backups::note(&ctx, None, &backup, Some(text)).await
        }
        State::Selection(_) => save::from_text(&ctx, text).await,
        State::Restore(_) => ctx.hint("restore-choose-option").await,
        State::Import(_) => ctx.hint("finish-current-step").await,
        State::Github(GithubState::AwaitingToken) => {
            github::token_typed(&ctx, &message, text).await
        }
        State::Github(GithubState::AwaitingRepo) => github::repo_typed(&ctx, text).await,
    }
}

/// `/word` or `/word@bot` that no command matched; code such as `/* note */` is not one.
fn looks_like_command(text: &str) -> bool {
    text.strip_prefix('/').is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '@')
    })
}

#[cfg(test)]
mod tests {
    use super::looks_like_command;

    #[test]
    fn tells_unknown_commands_from_code() {
        assert!(looks_like_command("/nosuch"));
        assert!(looks_like_command("/files@codevault_bot"));
        assert!(!looks_like_command("/* a comment */"));
        assert!(!looks_like_command("// rust comment"));
        assert!(!looks_like_command("/"));
    }
}
