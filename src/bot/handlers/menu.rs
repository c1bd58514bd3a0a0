//! The main menu's destinations, reached by command or by button.

use teloxide::types::MessageId;

use super::{backups, drive, files, github, save};
use crate::bot::{Ctx, HandlerResult, callback::MenuItem, ui, views};

/// Opens a menu item; any flow in progress is left first.
pub async fn open(ctx: &Ctx, target: Option<MessageId>, item: MenuItem) -> HandlerResult {
    ctx.reset().await?;
    let locale = ctx.locale;
    match item {
        MenuItem::Main => ctx.show(target, ui::main_menu(locale)).await,
        MenuItem::Save => save::start(ctx, target).await,
        MenuItem::Files => files::list(ctx, target, 0, None).await,
        MenuItem::Backups => backups::menu(ctx, target).await,
        MenuItem::Drive => drive::menu(ctx, target).await,
        MenuItem::GitHub => github::menu(ctx, target).await,
        MenuItem::Language => ctx.show(target, views::language(locale)).await,
        MenuItem::Help => ctx.show(target, views::help(locale)).await,
    }
}
