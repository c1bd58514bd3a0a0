//! The main menu, help, and the commands: each opens a flow at its start, leaving any step in
//! progress.

pub mod callback;

use teloxide::types::MessageId;

use self::callback::{MenuCallback, MenuItem};

use super::{backups, drive, files, github, language, save, search};
use crate::bot::{
    Command, Ctx, HandlerResult, State, Target,
    ui::{self, Screen},
};

pub async fn on_command(ctx: Ctx, command: Command, state: State) -> HandlerResult {
    let item = match command {
        Command::Start | Command::Menu => MenuItem::Main,
        Command::Cancel => {
            ctx.reset().await?;
            // A password held for the step left goes with it.
            ctx.services.passwords.forget(ctx.user);
            let screen = ui::main_menu(ctx.locale).under(ctx.locale.t("cancelled"));
            return ctx.send(screen).await;
        }
        Command::Save => MenuItem::Save,
        Command::Long => {
            ctx.reset().await?;
            return save::start_long(&ctx).await;
        }
        // Finishes the step in progress, so it does not leave it.
        Command::Done => return save::done(&ctx, state).await,
        Command::Files => MenuItem::Files,
        Command::Backup | Command::Restore => MenuItem::Backups,
        Command::Drive => MenuItem::Drive,
        Command::Github => MenuItem::GitHub,
        Command::Language => MenuItem::Language,
        Command::Help => MenuItem::Help,
        Command::Search(words) => {
            ctx.reset().await?;
            return search::on_command(&ctx, &words).await;
        }
    };
    open(&ctx, None, item).await
}

pub async fn on_button(ctx: Ctx, target: Target, callback: MenuCallback) -> HandlerResult {
    match callback {
        MenuCallback::Open(item) => open(&ctx, target, item).await,
        MenuCallback::Cancel => {
            ctx.reset().await?;
            ctx.services.passwords.forget(ctx.user);
            let text = ctx.locale.t("cancelled");
            ctx.show(target, Screen::notice(ctx.locale, text)).await
        }
    }
}

/// Opens a menu item; any flow in progress is left first.
async fn open(ctx: &Ctx, target: Option<MessageId>, item: MenuItem) -> HandlerResult {
    ctx.reset().await?;
    let locale = ctx.locale;
    match item {
        MenuItem::Main => ctx.show(target, ui::main_menu(locale)).await,
        MenuItem::Save => save::start(ctx, target).await,
        MenuItem::Files => files::start(ctx, target).await,
        MenuItem::Backups => backups::start(ctx, target).await,
        MenuItem::Drive => drive::start(ctx, target).await,
        MenuItem::GitHub => github::start(ctx, target).await,
        MenuItem::Language => language::start(ctx, target).await,
        MenuItem::Help => ctx.show(target, ui::help(locale)).await,
        MenuItem::HelpMore => {
            let more = Screen::notice(locale, locale.t("help-more"));
            ctx.show(target, more).await
        }
    }
}
