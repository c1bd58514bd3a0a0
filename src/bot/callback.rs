//! Callback data: a short typed value, parsed strictly. It carries opaque ids only; every
//! handler re-checks that the record belongs to the user who pressed the button.

use crate::{
    domain::{Id, backup::Rating, repo_ref::RepoKey, restore::Choice, schedule::Frequency},
    i18n::Locale,
};

/// Telegram's limit on callback data.
pub const MAX_LEN: usize = 64;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MenuItem {
    Main,
    Save,
    Files,
    Backups,
    Drive,
    GitHub,
    Language,
    Help,
}

impl MenuItem {
    const ALL: [Self; 8] = [
        Self::Main,
        Self::Save,
        Self::Files,
        Self::Backups,
        Self::Drive,
        Self::GitHub,
        Self::Language,
        Self::Help,
    ];

    fn code(self) -> &'static str {
        match self {
            Self::Main => "main",
            Self::Save => "save",
            Self::Files => "files",
            Self::Backups => "backup",
            Self::Drive => "drive",
            Self::GitHub => "github",
            Self::Language => "lang",
            Self::Help => "help",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Callback {
    Menu(MenuItem),
    /// A page of My files, optionally filtered by the tag at this index of the user's tags.
    Files {
        page: u32,
        tag: Option<u32>,
    },
    TagFilter,
    Open(Id),
    Download(Id),
    EditNote(Id),
    ClearNote(Id),
    EditTags(Id),
    ClearTags(Id),
    History {
        file: Id,
        page: u32,
    },
    Version(Id),
    MakeCurrent(Id),
    Delete(Id),
    Bin {
        page: u32,
    },
    RestoreFromBin(Id),
    /// Save flow: take the suggested name, replace, rename, skip the note, cancel.
    UseSuggestedName,
    Replace,
    Rename,
    SkipNote,
    Cancel,
    SetLanguage(Locale),
    CreateBackup,
    Backups {
        page: u32,
    },
    OpenBackup(Id),
    DownloadBackup(Id),
    RestoreBackup(Id),
    RateMenu(Id),
    Rate {
        backup: Id,
        rating: Option<Rating>,
    },
    EditBackupNote(Id),
    ClearBackupNote(Id),
    UploadToDrive(Id),
    DeleteBackup(Id),
    ConfirmDeleteBackup(Id),
    SendInParts(Id),
    /// Selection mode of My backups, at a page.
    SelectBackups {
        page: u32,
    },
    ToggleBackup {
        backup: Id,
        page: u32,
    },
    SelectPage {
        page: u32,
    },
    DeleteSelected,
    ConfirmDeleteSelected,
    /// Go ahead with the restore shown.
    StartRestore,
    /// A choice for the current conflict, or for it and all remaining ones.
    Resolve {
        choice: Choice,
        all: bool,
    },
    UndoRestore(Id),
    ImportZip,
    ConfirmImport,
    /// 🐙 GitHub: ask for a repository, back up a recent one (named by its key, not by its
    /// place in a list that reorders after each backup), connect or remove the token.
    AskRepo,
    RecentRepo(RepoKey),
    ConnectToken,
    RemoveToken,
    ConfirmRemoveToken,
    /// ☁️ Google Drive: connect (device flow), check it, cancel it, back up now, the schedule
    /// (frequency, then hour), retention, disconnect.
    DriveConnect,
    DriveCheck,
    DriveCancelConnect,
    DriveBackUpNow,
    DriveSchedule,
    DriveFrequency(Frequency),
    DriveSetSchedule {
        frequency: Frequency,
        hour: u32,
    },
    DriveRetention,
    DriveSetRetention(u32),
    DriveDisconnect,
    DriveConfirmDisconnect,
}

fn frequency_code(frequency: Frequency) -> &'static str {
    match frequency {
        Frequency::Off => "o",
        Frequency::Daily => "d",
        Frequency::Weekly => "w",
        Frequency::Monthly => "m",
    }
}

fn parse_frequency(code: &str) -> Option<Frequency> {
    Frequency::ALL
        .into_iter()
        .find(|frequency| frequency_code(*frequency) == code)
}

fn choice_code(choice: Choice) -> &'static str {
    match choice {
        Choice::Replace => "r",
        Choice::Skip => "s",
        Choice::KeepBoth => "k",
    }
}

fn parse_choice(code: &str) -> Option<Choice> {
    Some(match code {
        "r" => Choice::Replace,
        "s" => Choice::Skip,
        "k" => Choice::KeepBoth,
        _ => return None,
    })
}

fn rating_code(rating: Option<Rating>) -> &'static str {
    match rating {
        Some(Rating::Excellent) => "e",
        Some(Rating::Good) => "g",
        Some(Rating::Ok) => "o",
        None => "c",
    }
}

fn parse_rating(code: &str) -> Option<Option<Rating>> {
    Some(match code {
        "e" => Some(Rating::Excellent),
        "g" => Some(Rating::Good),
        "o" => Some(Rating::Ok),
        "c" => None,
        _ => return None,
    })
}

impl Callback {
    /// Buttons that answer the step the dialogue is at, rather than navigate away from it.
    pub fn continues_flow(&self) -> bool {
        matches!(
            self,
            Self::UseSuggestedName
                | Self::Replace
                | Self::Rename
                | Self::SkipNote
                | Self::Cancel
                | Self::SelectBackups { .. }
                | Self::ToggleBackup { .. }
                | Self::SelectPage { .. }
                | Self::DeleteSelected
                | Self::ConfirmDeleteSelected
                | Self::StartRestore
                | Self::ConfirmImport
                | Self::Resolve { .. }
                | Self::DriveCheck
                | Self::DriveCancelConnect
        )
    }

    pub fn encode(&self) -> String {
        let data = match self {
            Self::Menu(item) => format!("m:{}", item.code()),
            Self::Files { page, tag: None } => format!("fl:{page}"),
            Self::Files {
                page,
                tag: Some(tag),
            } => format!("fl:{page}:{tag}"),
            Self::TagFilter => "ft".to_owned(),
            Self::Open(id) => format!("fo:{id}"),
            Self::Download(id) => format!("fd:{id}"),
            Self::EditNote(id) => format!("fn:{id}"),
            Self::ClearNote(id) => format!("fN:{id}"),
            Self::EditTags(id) => format!("fg:{id}"),
            Self::ClearTags(id) => format!("fG:{id}"),
            Self::History { file, page } => format!("fh:{file}:{page}"),
            Self::Version(id) => format!("fv:{id}"),
            Self::MakeCurrent(id) => format!("fc:{id}"),
            Self::Delete(id) => format!("fx:{id}"),
            Self::Bin { page } => format!("rb:{page}"),
            Self::RestoreFromBin(id) => format!("rr:{id}"),
            Self::UseSuggestedName => "s:name".to_owned(),
            Self::Replace => "s:replace".to_owned(),
            Self::Rename => "s:rename".to_owned(),
            Self::SkipNote => "s:skip".to_owned(),
            Self::Cancel => "s:cancel".to_owned(),
            Self::SetLanguage(locale) => format!("l:{}", locale.code()),
            Self::CreateBackup => "bc".to_owned(),
            Self::Backups { page } => format!("bl:{page}"),
            Self::OpenBackup(id) => format!("bo:{id}"),
            Self::DownloadBackup(id) => format!("bd:{id}"),
            Self::RestoreBackup(id) => format!("br:{id}"),
            Self::RateMenu(id) => format!("bR:{id}"),
            Self::Rate { backup, rating } => format!("bt:{backup}:{}", rating_code(*rating)),
            Self::EditBackupNote(id) => format!("bn:{id}"),
            Self::ClearBackupNote(id) => format!("bN:{id}"),
            Self::UploadToDrive(id) => format!("bu:{id}"),
            Self::DeleteBackup(id) => format!("bx:{id}"),
            Self::ConfirmDeleteBackup(id) => format!("bX:{id}"),
            Self::SendInParts(id) => format!("bp:{id}"),
            Self::SelectBackups { page } => format!("bm:{page}"),
            Self::ToggleBackup { backup, page } => format!("bs:{backup}:{page}"),
            Self::SelectPage { page } => format!("bS:{page}"),
            Self::DeleteSelected => "bD".to_owned(),
            Self::ConfirmDeleteSelected => "bY".to_owned(),
            Self::StartRestore => "rg".to_owned(),
            Self::Resolve { choice, all } => {
                format!("rc:{}:{}", choice_code(*choice), u8::from(*all))
            }
            Self::UndoRestore(id) => format!("ru:{id}"),
            Self::ImportZip => "bi".to_owned(),
            Self::ConfirmImport => "ig".to_owned(),
            Self::AskRepo => "ga".to_owned(),
            Self::RecentRepo(key) => format!("gr:{key}"),
            Self::ConnectToken => "gc".to_owned(),
            Self::RemoveToken => "gx".to_owned(),
            Self::ConfirmRemoveToken => "gX".to_owned(),
            Self::DriveConnect => "dc".to_owned(),
            Self::DriveCheck => "dk".to_owned(),
            Self::DriveCancelConnect => "dq".to_owned(),
            Self::DriveBackUpNow => "dn".to_owned(),
            Self::DriveSchedule => "ds".to_owned(),
            Self::DriveFrequency(frequency) => format!("df:{}", frequency_code(*frequency)),
            Self::DriveSetSchedule { frequency, hour } => {
                format!("dh:{}:{hour}", frequency_code(*frequency))
            }
            Self::DriveRetention => "dr".to_owned(),
            Self::DriveSetRetention(keep) => format!("dR:{keep}"),
            Self::DriveDisconnect => "dx".to_owned(),
            Self::DriveConfirmDisconnect => "dX".to_owned(),
        };
        debug_assert!(
            data.len() <= MAX_LEN,
            "callback data over {MAX_LEN} bytes: {data}"
        );
        data
    }

    /// Parses callback data; anything malformed, unknown or with extra parts is `None`.
    pub fn parse(data: &str) -> Option<Self> {
        if data.len() > MAX_LEN {
            return None;
        }
        let parts: Vec<&str> = data.split(':').collect();
        let id = |i: usize| parts.get(i).and_then(|s| Id::parse(s));
        let number = |i: usize| parts.get(i).and_then(|s| parse_number(s));
        let callback = match (parts[0], parts.len()) {
            ("m", 2) => Self::Menu(MenuItem::ALL.into_iter().find(|m| m.code() == parts[1])?),
            ("fl", 2) => Self::Files {
                page: number(1)?,
                tag: None,
            },
            ("fl", 3) => Self::Files {
                page: number(1)?,
                tag: Some(number(2)?),
            },
            ("ft", 1) => Self::TagFilter,
            ("fo", 2) => Self::Open(id(1)?),
            ("fd", 2) => Self::Download(id(1)?),
            ("fn", 2) => Self::EditNote(id(1)?),
            ("fN", 2) => Self::ClearNote(id(1)?),
            ("fg", 2) => Self::EditTags(id(1)?),
            ("fG", 2) => Self::ClearTags(id(1)?),
            ("fh", 3) => Self::History {
                file: id(1)?,
                page: number(2)?,
            },
            ("fv", 2) => Self::Version(id(1)?),
            ("fc", 2) => Self::MakeCurrent(id(1)?),
            ("fx", 2) => Self::Delete(id(1)?),
            ("rb", 2) => Self::Bin { page: number(1)? },
            ("rr", 2) => Self::RestoreFromBin(id(1)?),
            ("s", 2) => match parts[1] {
                "name" => Self::UseSuggestedName,
                "replace" => Self::Replace,
                "rename" => Self::Rename,
                "skip" => Self::SkipNote,
                "cancel" => Self::Cancel,
                _ => return None,
            },
            ("l", 2) => Self::SetLanguage(Locale::from_code(parts[1])?),
            ("bc", 1) => Self::CreateBackup,
            ("bl", 2) => Self::Backups { page: number(1)? },
            ("bo", 2) => Self::OpenBackup(id(1)?),
            ("bd", 2) => Self::DownloadBackup(id(1)?),
            ("br", 2) => Self::RestoreBackup(id(1)?),
            ("bR", 2) => Self::RateMenu(id(1)?),
            ("bt", 3) => Self::Rate {
                backup: id(1)?,
                rating: parse_rating(parts[2])?,
            },
            ("bn", 2) => Self::EditBackupNote(id(1)?),
            ("bN", 2) => Self::ClearBackupNote(id(1)?),
            ("bu", 2) => Self::UploadToDrive(id(1)?),
            ("bx", 2) => Self::DeleteBackup(id(1)?),
            ("bX", 2) => Self::ConfirmDeleteBackup(id(1)?),
            ("bp", 2) => Self::SendInParts(id(1)?),
            ("bm", 2) => Self::SelectBackups { page: number(1)? },
            ("bs", 3) => Self::ToggleBackup {
                backup: id(1)?,
                page: number(2)?,
            },
            ("bS", 2) => Self::SelectPage { page: number(1)? },
            ("bD", 1) => Self::DeleteSelected,
            ("bY", 1) => Self::ConfirmDeleteSelected,
            ("rg", 1) => Self::StartRestore,
            ("rc", 3) => Self::Resolve {
                choice: parse_choice(parts[1])?,
                all: match parts[2] {
                    "0" => false,
                    "1" => true,
                    _ => return None,
                },
            },
            ("ru", 2) => Self::UndoRestore(id(1)?),
            ("bi", 1) => Self::ImportZip,
            ("ig", 1) => Self::ConfirmImport,
            ("ga", 1) => Self::AskRepo,
            ("gr", 2) => Self::RecentRepo(RepoKey::parse(parts[1])?),
            ("gc", 1) => Self::ConnectToken,
            ("gx", 1) => Self::RemoveToken,
            ("gX", 1) => Self::ConfirmRemoveToken,
            ("dc", 1) => Self::DriveConnect,
            ("dk", 1) => Self::DriveCheck,
            ("dq", 1) => Self::DriveCancelConnect,
            ("dn", 1) => Self::DriveBackUpNow,
            ("ds", 1) => Self::DriveSchedule,
            ("df", 2) => Self::DriveFrequency(parse_frequency(parts[1])?),
            ("dh", 3) => Self::DriveSetSchedule {
                frequency: parse_frequency(parts[1])?,
                hour: number(2).filter(|hour| *hour < 24)?,
            },
            ("dr", 1) => Self::DriveRetention,
            ("dR", 2) => Self::DriveSetRetention(number(1)?),
            ("dx", 1) => Self::DriveDisconnect,
            ("dX", 1) => Self::DriveConfirmDisconnect,
            _ => return None,
        };
        Some(callback)
    }
}

/// Plain decimal digits only (no sign, no spaces), so each value has one encoding.
fn parse_number(text: &str) -> Option<u32> {
    let canonical = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    canonical.then(|| text.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn id() -> Id {
        Id::parse("0123456789abcdef01234567").unwrap()
    }

    fn all_examples() -> Vec<Callback> {
        let mut all: Vec<Callback> = MenuItem::ALL.into_iter().map(Callback::Menu).collect();
        all.extend(Locale::ALL.into_iter().map(Callback::SetLanguage));
        all.extend([
            Callback::Files { page: 0, tag: None },
            Callback::Files {
                page: u32::MAX,
                tag: Some(u32::MAX),
            },
            Callback::TagFilter,
            Callback::Open(id()),
            Callback::Download(id()),
            Callback::EditNote(id()),
            Callback::ClearNote(id()),
            Callback::EditTags(id()),
            Callback::ClearTags(id()),
            Callback::History {
                file: id(),
                page: u32::MAX,
            },
            Callback::Version(id()),
            Callback::MakeCurrent(id()),
            Callback::Delete(id()),
            Callback::Bin { page: 7 },
            Callback::RestoreFromBin(id()),
            Callback::UseSuggestedName,
            Callback::Replace,
            Callback::Rename,
            Callback::SkipNote,
            Callback::Cancel,
            Callback::CreateBackup,
            Callback::Backups { page: 3 },
            Callback::OpenBackup(id()),
            Callback::DownloadBackup(id()),
            Callback::RestoreBackup(id()),
            Callback::RateMenu(id()),
            Callback::EditBackupNote(id()),
            Callback::ClearBackupNote(id()),
            Callback::UploadToDrive(id()),
            Callback::DeleteBackup(id()),
            Callback::ConfirmDeleteBackup(id()),
            Callback::SendInParts(id()),
            Callback::SelectBackups { page: 0 },
            Callback::ToggleBackup {
                backup: id(),
                page: u32::MAX,
            },
            Callback::SelectPage { page: 1 },
            Callback::DeleteSelected,
            Callback::ConfirmDeleteSelected,
            Callback::StartRestore,
            Callback::UndoRestore(id()),
            Callback::ImportZip,
            Callback::ConfirmImport,
            Callback::AskRepo,
            Callback::RecentRepo(RepoKey::of("octo/hello")),
            Callback::ConnectToken,
            Callback::RemoveToken,
            Callback::ConfirmRemoveToken,
            Callback::DriveConnect,
            Callback::DriveCheck,
            Callback::DriveCancelConnect,
            Callback::DriveBackUpNow,
            Callback::DriveSchedule,
            Callback::DriveRetention,
            Callback::DriveSetRetention(10),
            Callback::DriveDisconnect,
            Callback::DriveConfirmDisconnect,
        ]);
        for frequency in Frequency::ALL {
            all.push(Callback::DriveFrequency(frequency));
            all.push(Callback::DriveSetSchedule {
                frequency,
                hour: 23,
            });
        }
        for choice in [Choice::Replace, Choice::Skip, Choice::KeepBoth] {
            all.extend([false, true].map(|all| Callback::Resolve { choice, all }));
        }
        all.extend(
            [
                None,
                Some(Rating::Excellent),
                Some(Rating::Good),
                Some(Rating::Ok),
            ]
            .map(|rating| Callback::Rate {
                backup: id(),
                rating,
            }),
        );
        all
    }

    #[test]
    fn every_callback_round_trips_within_64_bytes() {
        for callback in all_examples() {
            let data = callback.encode();
            assert!(data.len() <= MAX_LEN, "{data}");
            assert_eq!(Callback::parse(&data), Some(callback), "{data}");
        }
    }

    #[test]
    fn malformed_data_is_rejected() {
        for data in [
            "",
            "m",
            "m:nope",
            "fo",
            "fo:xyz",
            "fo:0123456789ABCDEF01234567",
            "fo:0123456789abcdef01234567:1",
            "fl:-1",
            "fl:01",
            "fl:+1",
            "fl:1:",
            "fl:99999999999",
            "s:delete",
            "l:de",
            "zz:1",
            "bt:0123456789abcdef01234567:x",
            "bt:0123456789abcdef01234567",
            "bD:1",
            "bs:0123456789abcdef01234567",
            "rc:r:2",
            "rc:x:0",
            "rc:r",
            "rg:1",
            "gr",
            "gr:-1",
            "gr:x",
            "gr:4",
            "gr:0:0123456789abcdef",
            "gr:0123456789ABCDEF",
            "gr:0123456789abcde",
            "gr:0123456789abcdef0",
            "gc:1",
            "df:x",
            "dh:d:24",
            "dh:d",
            "dh:z:1",
        ] {
            assert_eq!(Callback::parse(data), None, "{data:?} should be rejected");
        }
    }

    proptest! {
        #[test]
        fn parse_never_panics_and_reencodes_identically(data in "\\PC{0,80}") {
            if let Some(callback) = Callback::parse(&data) {
                prop_assert_eq!(callback.encode(), data);
            }
        }
    }
}
