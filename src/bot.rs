//! The Telegram adapter. `schema` routes every update; `flows` holds one module per flow
//! (its callback data, dialogue state, handlers and screens); around them the infrastructure
//! every flow shares: `Ctx` and its replies, `ui`, the callback and state enums that join the
//! flows', `BotError` (what handlers return: a service's error is told by `Ctx::report`), the
//! guard, the per-chat backlog, the notifier, and the runner of tasks (`tasks`).

mod access;
pub mod callback;
pub mod commands;
pub(crate) mod ctx;
mod error;
pub mod flood;
mod flows;
pub mod guard;
mod input;
pub mod live_menus;
pub mod notifier;
mod schema;
pub mod state;
pub mod tasks;
mod trace;
pub mod ui;
#[cfg(test)]
mod variants;

use std::sync::Arc;

use teloxide::{dispatching::dialogue::ErasedStorage, prelude::*, types::MessageId};

pub use commands::Command;
pub use ctx::Ctx;
pub use error::{BotError, Failure, HandlerResult, Telling};
use live_menus::LiveMenus;
pub use schema::schema;
pub use state::State;

use crate::{
    domain::UserId,
    i18n::Locale,
    service::{
        BackupService, Library, Users, copies::CopyService, drive::DriveService,
        github::GithubService, import::ImportService, passwords::Passwords,
        restore::RestoreService, tasks::TaskService,
    },
};

/// The bot as handlers use it: every outgoing request goes through teloxide's `Throttle`.
pub type Tg = teloxide::adaptors::Throttle<Bot>;
pub type BotDialogue = Dialogue<State, ErasedStorage<State>>;
/// The message whose button was pressed: the answer replaces its screen (none for a message).
pub type Target = Option<MessageId>;

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
    pub users: Arc<Users>,
    /// Long actions, queued here and run by the task worker.
    pub tasks: Arc<TaskService>,
    /// Passwords users typed, held in memory for the steps that need them.
    pub passwords: Arc<Passwords>,
    /// Each chat's live menu, whose buttons go when another is sent.
    pub live_menus: Arc<LiveMenus>,
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
