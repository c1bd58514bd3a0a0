//! The Telegram adapter: the dptree schema, thin handlers, keyboards, callback codec, screens.

pub mod buttons;
pub mod callback;
mod ctx;
mod errors;
pub mod flood;
pub mod guard;
mod handlers;
pub mod notifier;
pub mod recovery;
pub mod state;
pub mod views;

use std::sync::Arc;

use teloxide::{
    dispatching::{UpdateFilterExt, UpdateHandler, dialogue::ErasedStorage},
    prelude::*,
    utils::command::BotCommands,
};

pub use ctx::Ctx;
pub use state::State;

use self::flood::ChatLoad;

use crate::{
    domain::UserId,
    i18n::Locale,
    service::{
        BackupService, Library, copies::CopyService, drive::DriveService, github::GithubService,
        import::ImportService, restore::RestoreService,
    },
    storage::{UserStore, WorkStore},
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
    /// Copies of backups at destinations (Drive), whatever the destination.
    pub copies: Arc<CopyService>,
    pub drive: Arc<DriveService>,
    pub users: Arc<dyn UserStore>,
    /// Long actions in progress, settled at start-up if a crash cut them short.
    pub work: Arc<dyn WorkStore>,
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

/// The whole update tree, guarded: access checks, then the dialogue, then messages and buttons.
/// `load` is the per-chat backlog the update listener admits updates against.
pub fn schema(load: Arc<ChatLoad>) -> UpdateHandler<HandlerError> {
    let messages = Update::filter_message()
        .branch(teloxide::filter_command::<Command, _>().endpoint(handlers::commands::handle))
        .endpoint(handlers::messages::handle);
    let buttons = Update::filter_callback_query().endpoint(handlers::callbacks::handle);

    let tree = dptree::filter_map(Sender::of)
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
        .map_async(Ctx::locale_of)
        .chain(enter_dialogue())
        .map(Ctx::build)
        .branch(messages)
        .branch(buttons);
    guard::guarded(tree, load)
}

/// The chat's dialogue and its state. Unlike teloxide's `dialogue::enter`, which logs a
/// storage failure and drops the update unanswered, a failure here is an error the guard
/// answers.
fn enter_dialogue() -> UpdateHandler<HandlerError> {
    dptree::map(|storage: Arc<ErasedStorage<State>>, sender: Sender| {
        BotDialogue::new(storage, sender.chat)
    })
    .map_async(|dialogue: BotDialogue| async move {
        StateRead(
            dialogue
                .get_or_default()
                .await
                .map_err(|error| DialogueUnavailable(error.to_string())),
        )
    })
    .branch(
        dptree::filter_map(|read: StateRead| read.0.err())
            .endpoint(|error: DialogueUnavailable| async move { Err(error.into()) }),
    )
    .filter_map(|read: StateRead| read.0.ok())
}

#[derive(Clone, Debug)]
struct StateRead(Result<State, DialogueUnavailable>);

#[derive(Clone, Debug, thiserror::Error)]
#[error("cannot read the dialogue state: {0}")]
struct DialogueUnavailable(String);
