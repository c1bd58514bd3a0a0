//! 🔎 Search: `/search words`, or 🔎 Search in My files and then the words. The results are
//! paged like My files, each with the line it was found on, and open the file's screen; the
//! dialogue keeps the query for the pages, and new words search again.

pub mod callback;
pub mod state;
mod views;

use teloxide::types::MessageId;

use self::{callback::SearchCallback, state::SearchState};
use crate::bot::{Ctx, HandlerResult, Target, input::Input};

/// 🔎 Search: asks for the words.
pub async fn start(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    ctx.set_state(SearchState::AwaitingQuery).await?;
    ctx.show(target, views::ask(ctx.locale)).await
}

/// `/search words` (the words may be empty: then they are asked for).
pub async fn on_command(ctx: &Ctx, words: &str) -> HandlerResult {
    if words.trim().is_empty() {
        return start(ctx, None).await;
    }
    results(ctx, None, words, 0).await
}

pub async fn on_button(
    ctx: Ctx,
    target: Target,
    callback: SearchCallback,
    state: Option<SearchState>,
) -> HandlerResult {
    match (callback, state) {
        (SearchCallback::Ask, _) => start(&ctx, target).await,
        (SearchCallback::Page(page), Some(SearchState::SearchResults { query })) => {
            results(&ctx, target, &query, page).await
        }
        // The search these pages belonged to was left.
        (SearchCallback::Page(_), _) => ctx.stale(target).await,
    }
}

/// Words typed while searching search (again).
pub async fn on_message(ctx: Ctx, input: Input, _state: SearchState) -> HandlerResult {
    let Input::Text { text, .. } = input else {
        return ctx.hint("search-send-words").await;
    };
    results(&ctx, None, &text, 0).await
}

/// Shows page `page` of what `query` finds and keeps the query for the other pages. A query
/// that cannot be read is explained and the dialogue waits for other words.
async fn results(ctx: &Ctx, target: Option<MessageId>, query: &str, page: u32) -> HandlerResult {
    let found = match ctx.library().search(ctx.user, query, page).await {
        Ok(found) => found,
        Err(error) => {
            ctx.set_state(SearchState::AwaitingQuery).await?;
            return Err(error.into());
        }
    };
    ctx.set_state(SearchState::SearchResults {
        query: query.to_owned(),
    })
    .await?;
    ctx.show(target, views::results(ctx.locale, query, &found))
        .await
}
