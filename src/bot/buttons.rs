//! Every button starts with a fixed emoji, the same in every language, then localized text.

use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::callback::Callback;
use crate::i18n::{Arg, Locale};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Button {
    SaveCode,
    MyFiles,
    BackupRestore,
    GoogleDrive,
    GitHub,
    Language,
    Help,
    Download,
    Note,
    Tags,
    History,
    Delete,
    Back,
    MainMenu,
    Replace,
    Rename,
    Cancel,
    SkipNote,
    UseName,
    RecycleBin,
    RestoreFile,
    MakeCurrent,
    Previous,
    Next,
    FilterByTag,
    AllFiles,
    ClearNote,
    ClearTags,
    OpenFile,
    CreateBackup,
    MyBackups,
    Restore,
    Rate,
    UploadToDrive,
    SendInParts,
    ConfirmDelete,
    SelectSeveral,
    SelectPage,
    DeleteSelected,
    RateExcellent,
    RateGood,
    RateOk,
    RateClear,
    StartRestore,
    KeepBoth,
    ReplaceAll,
    SkipAll,
    KeepBothAll,
    UndoRestore,
    ImportZip,
    ConfirmImport,
    BackUpRepo,
    RecentRepo,
    ConnectToken,
    ReplaceToken,
    RemoveToken,
    ImportIntoFiles,
}

impl Button {
    pub fn emoji(self) -> &'static str {
        match self {
            Self::SaveCode => "➕",
            Self::MyFiles | Self::AllFiles => "📂",
            Self::BackupRestore => "📦",
            Self::GoogleDrive => "☁️",
            Self::GitHub => "🐙",
            Self::Language => "🌐",
            Self::Help => "ℹ️",
            Self::Download => "⬇️",
            Self::Note => "📝",
            Self::Tags | Self::FilterByTag => "🏷",
            Self::History => "🕘",
            Self::Delete => "🗑",
            Self::Back => "🔙",
            Self::MainMenu => "🏠",
            Self::Replace => "🔄",
            Self::Rename => "✏️",
            Self::Cancel => "🚫",
            Self::SkipNote => "⏭",
            Self::UseName => "✅",
            Self::RecycleBin | Self::RestoreFile => "♻️",
            Self::MakeCurrent => "⏪",
            Self::Previous => "◀️",
            Self::Next => "▶️",
            Self::ClearNote | Self::ClearTags => "🧹",
            Self::OpenFile => "📄",
            Self::CreateBackup => "📦",
            Self::MyBackups => "🗂",
            Self::Restore => "♻️",
            Self::Rate => "🏷",
            Self::UploadToDrive => "☁️",
            Self::SendInParts => "✂️",
            Self::ConfirmDelete => "✅",
            Self::SelectSeveral | Self::DeleteSelected => "🗑",
            Self::SelectPage => "☑️",
            Self::RateExcellent => "🏆",
            Self::RateGood => "👍",
            Self::RateOk => "🤷",
            Self::RateClear => "✖️",
            Self::StartRestore => "✅",
            Self::KeepBoth | Self::KeepBothAll => "✏️",
            Self::ReplaceAll => "🔄",
            Self::SkipAll => "⏭",
            Self::UndoRestore => "↩️",
            Self::ImportZip => "📥",
            Self::ConfirmImport => "✅",
            Self::BackUpRepo => "📦",
            Self::RecentRepo => "🐙",
            Self::ConnectToken | Self::ReplaceToken => "🔑",
            Self::RemoveToken => "🚪",
            Self::ImportIntoFiles => "📥",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Self::SaveCode => "btn-save-code",
            Self::MyFiles => "btn-my-files",
            Self::BackupRestore => "btn-backup-restore",
            Self::GoogleDrive => "btn-google-drive",
            Self::GitHub => "btn-github",
            Self::Language => "btn-language",
            Self::Help => "btn-help",
            Self::Download => "btn-download",
            Self::Note => "btn-note",
            Self::Tags => "btn-tags",
            Self::History => "btn-history",
            Self::Delete => "btn-delete",
            Self::Back => "btn-back",
            Self::MainMenu => "btn-main-menu",
            Self::Replace => "btn-replace",
            Self::Rename => "btn-rename",
            Self::Cancel => "btn-cancel",
            Self::SkipNote => "btn-skip",
            Self::UseName => "btn-use-name",
            Self::RecycleBin => "btn-recycle-bin",
            Self::RestoreFile => "btn-restore-file",
            Self::MakeCurrent => "btn-make-current",
            Self::Previous => "btn-previous",
            Self::Next => "btn-next",
            Self::FilterByTag => "btn-filter-by-tag",
            Self::AllFiles => "btn-all-files",
            Self::ClearNote => "btn-clear-note",
            Self::ClearTags => "btn-clear-tags",
            Self::OpenFile => "btn-open-file",
            Self::CreateBackup => "btn-create-backup",
            Self::MyBackups => "btn-my-backups",
            Self::Restore => "btn-restore",
            Self::Rate => "btn-rate",
            Self::UploadToDrive => "btn-upload-to-drive",
            Self::SendInParts => "btn-send-in-parts",
            Self::ConfirmDelete => "btn-confirm-delete",
            Self::SelectSeveral => "btn-select-several",
            Self::SelectPage => "btn-select-page",
            Self::DeleteSelected => "btn-delete-selected",
            Self::RateExcellent => "btn-rate-excellent",
            Self::RateGood => "btn-rate-good",
            Self::RateOk => "btn-rate-ok",
            Self::RateClear => "btn-rate-clear",
            Self::StartRestore => "btn-start-restore",
            Self::KeepBoth => "btn-keep-both",
            Self::ReplaceAll => "btn-replace-all",
            Self::SkipAll => "btn-skip-all",
            Self::KeepBothAll => "btn-keep-both-all",
            Self::UndoRestore => "btn-undo-restore",
            Self::ImportZip => "btn-import-zip",
            Self::ConfirmImport => "btn-confirm-import",
            Self::BackUpRepo => "btn-back-up-repo",
            Self::RecentRepo => "btn-recent-repo",
            Self::ConnectToken => "btn-connect-token",
            Self::ReplaceToken => "btn-replace-token",
            Self::RemoveToken => "btn-remove-token",
            Self::ImportIntoFiles => "btn-import-into-files",
        }
    }

    pub fn label(self, locale: Locale) -> String {
        format!("{} {}", self.emoji(), locale.t(self.key()))
    }

    pub fn to(self, locale: Locale, callback: Callback) -> InlineKeyboardButton {
        InlineKeyboardButton::callback(self.label(locale), callback.encode())
    }

    /// A button whose label takes arguments, such as a count.
    pub fn to_with(
        self,
        locale: Locale,
        args: &[Arg<'_>],
        callback: Callback,
    ) -> InlineKeyboardButton {
        let label = format!("{} {}", self.emoji(), locale.t_with(self.key(), args));
        InlineKeyboardButton::callback(label, callback.encode())
    }
}

/// A button whose text is data (a file name, a page) rather than a localized label.
pub fn data_button(emoji: &str, text: &str, callback: Callback) -> InlineKeyboardButton {
    InlineKeyboardButton::callback(format!("{emoji} {text}"), callback.encode())
}

/// Builds a keyboard from rows, dropping empty ones.
pub fn keyboard(rows: Vec<Vec<InlineKeyboardButton>>) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(rows.into_iter().filter(|row| !row.is_empty()))
}
