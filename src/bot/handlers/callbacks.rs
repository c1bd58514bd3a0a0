//! Button presses: parse the data strictly, answer the query, route to the button's flow.

use teloxide::prelude::*;

use crate::bot::{
    Ctx, HandlerResult, State,
    callback::Callback,
    flows::{
        backups, drive, files, github, import, language, menu, notes, restore, save, selection,
    },
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
    if callback.leaves(&state) {
        ctx.reset().await?;
    }
    match callback {
        Callback::Menu(callback) => menu::on_button(ctx, target, callback).await,
        Callback::Language(callback) => language::on_button(ctx, target, callback).await,
        Callback::Files(callback) => files::on_button(ctx, target, callback).await,
        Callback::Notes(callback) => notes::on_button(ctx, target, callback).await,
        Callback::Save(callback) => save::on_button(ctx, target, callback, state.of()).await,
        Callback::Backups(callback) => backups::on_button(ctx, target, callback).await,
        Callback::Selection(callback) => {
            selection::on_button(ctx, target, callback, state.of()).await
        }
        Callback::Restore(callback) => restore::on_button(ctx, target, callback, state.of()).await,
        Callback::Import(callback) => import::on_button(ctx, target, callback, state.of()).await,
        Callback::Github(callback) => github::on_button(ctx, target, callback).await,
        Callback::Drive(callback) => drive::on_button(ctx, target, callback, state.of()).await,
    }
}
