//! The Telegram adapter: the dptree schema, thin handlers, keyboards, callback codec, screens.

pub mod buttons;
pub mod callback;
mod ctx;
mod errors;
mod handlers;
pub mod notifier;
pub mod state;
pub mod views;

use std::sync::Arc;

use teloxide::{
    dispatching::{UpdateFilterExt, UpdateHandler, dialogue, dialogue::ErasedStorage},
    prelude::*,
    utils::command::BotCommands,
};

pub use ctx::Ctx;
pub use state::State;

use crate::{
    domain::UserId,
    i18n::Locale,
    service::{
        BackupService, Library, drive::DriveService, github::GithubService, import::ImportService,
        restore::RestoreService,
    },
    storage::UserStore,
};

/// The bot as handlers use it: every outgoing request goes through teloxide's `Throttle`.
pub type Tg = teloxide::adaptors::Throttle<Bot>;
pub type BotDialogue = Dialogue<State, ErasedStorage<State>>;
pub type HandlerError = Box<dyn std::error::Error + Send + Sync>;
pub type HandlerResult = Result<(), HandlerError>;

/// What handlers need besides the update itself.
pub struct Services {
    pub library: Library,
    pub backups: Arc<BackupService>,
    pub restore: RestoreService,
    pub import: ImportService,
    pub github: GithubService,
    pub drive: Arc<DriveService>,
    pub users: Arc<dyn UserStore>,
    pub settings: BotSettings,
}

#[derive(Clone, Debug)]
pub struct BotSettings {
    /// When not empty, only these users may use the bot.
    pub allowed_users: Vec<UserId>,
    /// The largest document Telegram lets a bot download.
    pub max_download_bytes: u64,
    /// The largest document Telegram lets a bot send.
    pub max_upload_bytes: u64,
    /// Archive limits, for the messages that quote them.
    pub max_archive_entries: usize,
    pub max_archive_bytes: u64,
}

#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase")]
pub enum Command {
    Start,
    Menu,
    Save,
    Files,
    Backup,
    Restore,
    Drive,
    Github,
    Language,
    Help,
    Cancel,
}

/// Who sent an update, and where.
#[derive(Clone, Debug)]
pub struct Sender {
    pub user: UserId,
    pub chat: ChatId,
    pub private: bool,
    /// The user's Telegram language, used until they have a profile.
    pub telegram_locale: Locale,
}

impl Sender {
    fn of(update: Update) -> Option<Self> {
        let user = update.from()?;
        let chat = update.chat()?;
        Some(Self {
            user: i64::try_from(user.id.0).ok()?,
            chat: chat.id,
            private: chat.is_private(),
            telegram_locale: Locale::from_telegram(user.language_code.as_deref()),
        })
    }
}

/// The whole update tree: access checks, then the dialogue, then messages and buttons.
pub fn schema() -> UpdateHandler<HandlerError> {
    let messages = Update::filter_message()
        .branch(teloxide::filter_command::<Command, _>().endpoint(handlers::commands::handle))
        .endpoint(handlers::messages::handle);
    let buttons = Update::filter_callback_query().endpoint(handlers::callbacks::handle);

    dptree::filter_map(Sender::of)
        .branch(
            dptree::filter(|sender: Sender| !sender.private)
                .endpoint(handlers::access::not_private),
        )
        .branch(
            dptree::filter(|sender: Sender, services: Arc<Services>| {
                !services.settings.allowed_users.is_empty()
                    && !services.settings.allowed_users.contains(&sender.user)
            })
            .endpoint(handlers::access::not_allowed),
        )
        .chain(dialogue::enter::<Update, ErasedStorage<State>, State, _>())
        .map_async(Ctx::build)
        .branch(messages)
        .branch(buttons)
}
