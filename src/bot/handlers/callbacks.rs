//! Button presses: parse the data strictly, answer the query, route.

use teloxide::prelude::*;

use super::{backups, drive, file_meta, files, github, import, menu, restore, save};
use crate::bot::{Ctx, HandlerResult, State, callback::Callback, ui};

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
    if !callback.continues_flow() && state != State::Idle {
        ctx.reset().await?;
    }
    match callback {
        Callback::Menu(item) => menu::open(ctx, target, item).await,
        Callback::Files { page, tag } => files::list(ctx, target, page, tag).await,
        Callback::TagFilter => files::tag_filter(ctx, target).await,
        Callback::Open(key) => files::open(ctx, target, &key).await,
        Callback::Download(key) => files::download(ctx, target, &key).await,
        Callback::EditNote(key) => file_meta::edit_note(ctx, target, &key).await,
        Callback::ClearNote(key) => file_meta::clear_note(ctx, target, &key).await,
        Callback::EditTags(key) => file_meta::edit_tags(ctx, target, &key).await,
        Callback::ClearTags(key) => file_meta::clear_tags(ctx, target, &key).await,
        Callback::History { file, page } => files::history(ctx, target, &file, page).await,
        Callback::Version(version) => files::version(ctx, target, &version).await,
        Callback::MakeCurrent(version) => files::make_current(ctx, target, &version).await,
        Callback::Delete(key) => files::delete(ctx, target, &key).await,
        Callback::Bin { page } => files::bin(ctx, target, page).await,
        Callback::RestoreFromBin(key) => files::restore(ctx, target, &key).await,
        Callback::UseSuggestedName => save::use_suggested_name(ctx, target, state).await,
        Callback::Replace => save::replace(ctx, target, state).await,
        Callback::Rename => save::rename(ctx, target, state).await,
        Callback::SkipNote => save::skip_note(ctx, target, state).await,
        Callback::Cancel => save::cancel(ctx, target).await,
        Callback::CreateBackup => backups::create(ctx, target).await,
        Callback::Backups { page } => backups::list(ctx, target, page).await,
        Callback::OpenBackup(id) => backups::open(ctx, target, &id).await,
        Callback::DownloadBackup(id) => backups::download(ctx, target, &id).await,
        Callback::RestoreBackup(id) => restore::show_plan(ctx, target, &id).await,
        Callback::StartRestore => restore::start(ctx, target, state).await,
        Callback::Resolve { choice, all } => {
            restore::resolve(ctx, target, state, choice, all).await
        }
        Callback::UndoRestore(id) => restore::undo(ctx, target, &id).await,
        Callback::ImportZip => import::ask(ctx, target).await,
        Callback::ConfirmImport => import::confirm(ctx, target, state).await,
        Callback::AskRepo => github::ask_repo(ctx, target).await,
        Callback::RecentRepo(key) => github::recent(ctx, target, key).await,
        Callback::ConnectToken => github::ask_token(ctx, target).await,
        Callback::RemoveToken => github::remove(ctx, target).await,
        Callback::ConfirmRemoveToken => github::confirm_remove(ctx, target).await,
        Callback::DriveConnect => drive::connect(ctx, target).await,
        Callback::DriveCheck => drive::check(ctx, target, &state).await,
        Callback::DriveCancelConnect => drive::cancel_connect(ctx, target).await,
        Callback::DriveBackUpNow => drive::back_up_now(ctx, target).await,
        Callback::DriveSchedule => drive::schedule(ctx, target).await,
        Callback::DriveFrequency(frequency) => drive::frequency(ctx, target, frequency).await,
        Callback::DriveSetSchedule { frequency, hour } => {
            drive::hour(ctx, target, frequency, hour).await
        }
        Callback::DriveRetention => drive::retention(ctx, target).await,
        Callback::DriveSetRetention(keep) => drive::set_retention(ctx, target, keep).await,
        Callback::DriveDisconnect => drive::disconnect(ctx, target).await,
        Callback::DriveConfirmDisconnect => drive::confirm_disconnect(ctx, target).await,
        Callback::UploadToDrive(id) => drive::upload_backup(ctx, target, &id).await,
        Callback::RateMenu(id) => backups::rate_menu(ctx, target, &id).await,
        Callback::Rate { backup, rating } => backups::rate(ctx, target, &backup, rating).await,
        Callback::EditBackupNote(id) => backups::edit_note(ctx, target, &id).await,
        Callback::ClearBackupNote(id) => backups::note(ctx, target, &id, None).await,
        Callback::DeleteBackup(id) => backups::delete(ctx, target, &id).await,
        Callback::ConfirmDeleteBackup(id) => backups::confirm_delete(ctx, target, &id).await,
        Callback::SendInParts(id) => backups::send_in_parts(ctx, target, &id).await,
        Callback::SelectBackups { page } => {
            backups::show_selection(ctx, target, page, &state).await
        }
        Callback::ToggleBackup { backup, page } => {
            backups::toggle(ctx, target, &backup, page, &state).await
        }
        Callback::SelectPage { page } => backups::select_page(ctx, target, page, &state).await,
        Callback::DeleteSelected => backups::delete_selected(ctx, target, &state).await,
        Callback::ConfirmDeleteSelected => {
            backups::confirm_delete_selected(ctx, target, &state).await
        }
        Callback::SetLanguage(locale) => {
            ctx.services.users.set_locale(ctx.user, locale).await?;
            let mut screen = ui::main_menu(locale);
            screen.text = format!("{}\n\n{}", locale.t("language-changed"), screen.text);
            ctx.show(target, screen).await?;
            Ok(())
        }
    }
}
