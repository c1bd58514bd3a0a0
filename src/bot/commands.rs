//! The commands the bot answers, and the menu Telegram shows for them when the user types `/`:
//! registered at start-up in every language the bot speaks, each described in that language.

use teloxide::{prelude::*, types::BotCommand, utils::command::BotCommands};

use crate::i18n::Locale;

#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase")]
pub enum Command {
    Start,
    Menu,
    Save,
    Long,
    Done,
    Files,
    Backup,
    Restore,
    Drive,
    Github,
    Language,
    Help,
    Search(String),
    Cancel,
}

/// Every command, in the order of the enum, described in `locale` (`command-<name>`).
pub fn menu(locale: Locale) -> Vec<BotCommand> {
    Command::bot_commands()
        .into_iter()
        .map(|command| {
            // The Bot API wants the name alone; teloxide gives it with its `/`.
            let name = command.command.trim_start_matches('/').to_owned();
            let description = locale.t(&format!("command-{name}"));
            BotCommand::new(name, description)
        })
        .collect()
}

/// Registers the menu: English for every language without its own, then one per other
/// language. A failure only costs the menu, so it is logged and the bot goes on.
pub async fn register(bot: &Bot) {
    for locale in Locale::ALL {
        let request = bot.set_my_commands(menu(locale));
        let request = match locale {
            Locale::En => request,
            other => request.language_code(other.code()),
        };
        if let Err(error) = request.await {
            tracing::warn!(%error, locale = locale.code(), "cannot register the command menu");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_is_described_in_every_language_within_the_bot_apis_limits() {
        for locale in Locale::ALL {
            let menu = menu(locale);
            assert_eq!(menu.len(), 14, "{locale:?}");
            assert!(menu.iter().any(|command| command.command == "search"));
            for BotCommand {
                command,
                description,
            } in menu
            {
                let name_ok = command
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
                assert!(name_ok && (1..=32).contains(&command.len()), "{command}");
                let length = description.chars().count();
                assert!(
                    (3..=256).contains(&length),
                    "{locale:?} {command}: {description}"
                );
                assert_ne!(description, format!("command-{command}"), "{locale:?}");
            }
        }
    }
}
