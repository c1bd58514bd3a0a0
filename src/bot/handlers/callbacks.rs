//! Button presses: parse the data strictly, answer the query, route.

use teloxide::prelude::*;

use super::{file_meta, files, menu, save};
use crate::bot::{Ctx, HandlerResult, State, callback::Callback, views};

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
        Callback::SetLanguage(locale) => {
            ctx.services.users.set_locale(ctx.user, locale).await?;
            let mut screen = views::main_menu(locale);
            screen.text = format!("{}\n\n{}", locale.t("language-changed"), screen.text);
            ctx.show(target, screen).await?;
            Ok(())
        }
    }
}
