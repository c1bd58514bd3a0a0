use super::menu;
use crate::bot::{
    Command, Ctx, HandlerResult,
    callback::MenuItem,
    ui::{self, Screen},
};

pub async fn handle(ctx: Ctx, command: Command) -> HandlerResult {
    let item = match command {
        Command::Start | Command::Menu => MenuItem::Main,
        Command::Cancel => {
            ctx.reset().await?;
            let mut screen = ui::main_menu(ctx.locale);
            screen.text = format!("{}\n\n{}", ctx.locale.t("cancelled"), screen.text);
            return ctx.send(screen).await;
        }
        Command::Save => MenuItem::Save,
        Command::Files => MenuItem::Files,
        Command::Backup | Command::Restore => MenuItem::Backups,
        Command::Drive => MenuItem::Drive,
        Command::Github => MenuItem::GitHub,
        Command::Language => MenuItem::Language,
        Command::Help => MenuItem::Help,
    };
    menu::open(&ctx, None, item).await
}

/// A screen the cancel paths share.
pub fn cancelled(ctx: &Ctx) -> Screen {
    Screen::notice(ctx.locale, ctx.locale.t("cancelled"))
}
