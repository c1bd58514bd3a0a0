//! Button presses: parse the data strictly, answer the query, route.

use teloxide::prelude::*;

use super::{backups, drive, file_meta, files, github, import, menu, restore, save};
use crate::bot::{
    Ctx, HandlerResult, State,
    callback::{
        BackupsCallback, Callback, DriveCallback, FilesCallback, GithubCallback, ImportCallback,
        LanguageCallback, MenuCallback, NotesCallback, RestoreCallback, SaveCallback,
        SelectionCallback,
    },
    ui,
};

pub async fn handle(ctx: Ctx, query: CallbackQuery, state: State) -> HandlerResult {
    let Some(callback) = query.data.as_deref().and_then(Callback::parse) else {
        tracing::warn!(user = ctx.user, "unparseable callback data");
        ctx.bot
            .answer_callback_query(query.id)
            .text(ctx.locale.t("error-unknown-button"))
            .show_alert(true)
            .await?;
        return Ok(());
    };
    // Answer first so the button stops spinning, whatever happens next.
    ctx.bot.answer_callback_query(query.id.clone()).await?;
    let target = query.message.as_ref().map(|message| message.id());
    let ctx = &ctx;
    // Any other button leaves the flow in progress, as a command does.
    if callback.leaves(&state) {
        ctx.reset().await?;
    }
    match callback {
        Callback::Menu(MenuCallback::Open(item)) => menu::open(ctx, target, item).await,
        Callback::Menu(MenuCallback::Cancel) => save::cancel(ctx, target).await,
        Callback::Files(callback) => match callback {
            FilesCallback::List { page, tag } => files::list(ctx, target, page, tag).await,
            FilesCallback::TagFilter => files::tag_filter(ctx, target).await,
            FilesCallback::Open(key) => files::open(ctx, target, &key).await,
            FilesCallback::Download(key) => files::download(ctx, target, &key).await,
            FilesCallback::History { file, page } => files::history(ctx, target, &file, page).await,
            FilesCallback::Version(version) => files::version(ctx, target, &version).await,
            FilesCallback::MakeCurrent(version) => files::make_current(ctx, target, &version).await,
            FilesCallback::Delete(key) => files::delete(ctx, target, &key).await,
            FilesCallback::Bin { page } => files::bin(ctx, target, page).await,
            FilesCallback::RestoreFromBin(key) => files::restore(ctx, target, &key).await,
        },
        Callback::Notes(callback) => match callback {
            NotesCallback::EditFileNote(key) => file_meta::edit_note(ctx, target, &key).await,
            NotesCallback::ClearFileNote(key) => file_meta::clear_note(ctx, target, &key).await,
            NotesCallback::EditTags(key) => file_meta::edit_tags(ctx, target, &key).await,
            NotesCallback::ClearTags(key) => file_meta::clear_tags(ctx, target, &key).await,
            NotesCallback::EditBackupNote(id) => backups::edit_note(ctx, target, &id).await,
            NotesCallback::ClearBackupNote(id) => backups::note(ctx, target, &id, None).await,
        },
        Callback::Save(callback) => {
            let state = state.of();
            match callback {
                SaveCallback::UseSuggestedName => {
                    save::use_suggested_name(ctx, target, state).await
                }
                SaveCallback::Replace => save::replace(ctx, target, state).await,
                SaveCallback::Rename => save::rename(ctx, target, state).await,
                SaveCallback::SkipNote => save::skip_note(ctx, target, state).await,
            }
        }
        Callback::Backups(callback) => match callback {
            BackupsCallback::Create => backups::create(ctx, target).await,
            BackupsCallback::List { page } => backups::list(ctx, target, page).await,
            BackupsCallback::Open(id) => backups::open(ctx, target, &id).await,
            BackupsCallback::Download(id) => backups::download(ctx, target, &id).await,
            BackupsCallback::RateMenu(id) => backups::rate_menu(ctx, target, &id).await,
            BackupsCallback::Rate { backup, rating } => {
                backups::rate(ctx, target, &backup, rating).await
            }
            BackupsCallback::Delete(id) => backups::delete(ctx, target, &id).await,
            BackupsCallback::ConfirmDelete(id) => backups::confirm_delete(ctx, target, &id).await,
            BackupsCallback::SendInParts(id) => backups::send_in_parts(ctx, target, &id).await,
        },
        Callback::Selection(callback) => {
            let state = state.of();
            match callback {
                SelectionCallback::Show { page } => {
                    backups::show_selection(ctx, target, page, state).await
                }
                SelectionCallback::Toggle { backup, page } => {
                    backups::toggle(ctx, target, &backup, page, state).await
                }
                SelectionCallback::SelectPage { page } => {
                    backups::select_page(ctx, target, page, state).await
                }
                SelectionCallback::DeleteSelected => {
                    backups::delete_selected(ctx, target, state).await
                }
                SelectionCallback::ConfirmDelete => {
                    backups::confirm_delete_selected(ctx, target, state).await
                }
            }
        }
        Callback::Restore(callback) => match callback {
            RestoreCallback::Plan(id) => restore::show_plan(ctx, target, &id).await,
            RestoreCallback::Start => restore::start(ctx, target, state.of()).await,
            RestoreCallback::Resolve { choice, all } => {
                restore::resolve(ctx, target, state.of(), choice, all).await
            }
            RestoreCallback::Undo(id) => restore::undo(ctx, target, &id).await,
        },
        Callback::Import(callback) => match callback {
            ImportCallback::Ask => import::ask(ctx, target).await,
            ImportCallback::Confirm => import::confirm(ctx, target, state.of()).await,
        },
        Callback::Github(callback) => match callback {
            GithubCallback::AskRepo => github::ask_repo(ctx, target).await,
            GithubCallback::RecentRepo(key) => github::recent(ctx, target, key).await,
            GithubCallback::ConnectToken => github::ask_token(ctx, target).await,
            GithubCallback::RemoveToken => github::remove(ctx, target).await,
            GithubCallback::ConfirmRemoveToken => github::confirm_remove(ctx, target).await,
        },
        Callback::Drive(callback) => match callback {
            DriveCallback::Connect => drive::connect(ctx, target).await,
            DriveCallback::Check => drive::check(ctx, target, state.of()).await,
            DriveCallback::CancelConnect => drive::cancel_connect(ctx, target).await,
            DriveCallback::BackUpNow => drive::back_up_now(ctx, target).await,
            DriveCallback::Upload(id) => drive::upload_backup(ctx, target, &id).await,
            DriveCallback::Schedule => drive::schedule(ctx, target).await,
            DriveCallback::Frequency(frequency) => drive::frequency(ctx, target, frequency).await,
            DriveCallback::SetSchedule { frequency, hour } => {
                drive::hour(ctx, target, frequency, hour).await
            }
            DriveCallback::Retention => drive::retention(ctx, target).await,
            DriveCallback::SetRetention(keep) => drive::set_retention(ctx, target, keep).await,
            DriveCallback::Disconnect => drive::disconnect(ctx, target).await,
            DriveCallback::ConfirmDisconnect => drive::confirm_disconnect(ctx, target).await,
        },
        Callback::Language(LanguageCallback::Set(locale)) => {
            ctx.services.users.set_locale(ctx.user, locale).await?;
            let mut screen = ui::main_menu(locale);
            screen.text = format!("{}\n\n{}", locale.t("language-changed"), screen.text);
            ctx.show(target, screen).await?;
            Ok(())
        }
    }
}
