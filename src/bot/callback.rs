//! Callback data: a short typed value, parsed strictly. It carries opaque ids only; every
//! handler re-checks that the record belongs to the user who pressed the button.
//!
//! Each flow owns its sub-enum, its codes and their tests (`flows/<flow>/callback.rs`); this
//! enum only joins them. Codes never change (buttons on old messages carry them), and no two
//! flows share one.

pub mod codec;

pub use self::codec::{Fields, FlowCallback};
use super::State;
pub use super::flows::{
    backups::BackupsCallback,
    drive::DriveCallback,
    files::FilesCallback,
    github::GithubCallback,
    import::ImportCallback,
    language::LanguageCallback,
    menu::{MenuCallback, MenuItem},
    notes::NotesCallback,
    restore::RestoreCallback,
    save::SaveCallback,
    selection::SelectionCallback,
};

/// Telegram's limit on callback data.
pub const MAX_LEN: usize = 64;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Callback {
    Menu(MenuCallback),
    Language(LanguageCallback),
    Files(FilesCallback),
    Notes(NotesCallback),
    Save(SaveCallback),
    Backups(BackupsCallback),
    Selection(SelectionCallback),
    Restore(RestoreCallback),
    Import(ImportCallback),
    Github(GithubCallback),
    Drive(DriveCallback),
}

macro_rules! from_flows {
    ($($variant:ident($flow:ty)),+ $(,)?) => {
        $(impl From<$flow> for Callback {
            fn from(callback: $flow) -> Self {
                Self::$variant(callback)
            }
        })+
    };
}

from_flows!(
    Menu(MenuCallback),
    Language(LanguageCallback),
    Files(FilesCallback),
    Notes(NotesCallback),
    Save(SaveCallback),
    Backups(BackupsCallback),
    Selection(SelectionCallback),
    Restore(RestoreCallback),
    Import(ImportCallback),
    Github(GithubCallback),
    Drive(DriveCallback),
);

impl From<MenuItem> for Callback {
    fn from(item: MenuItem) -> Self {
        Self::Menu(MenuCallback::Open(item))
    }
}

impl Callback {
    pub fn encode(&self) -> String {
        let data = match self {
            Self::Menu(callback) => callback.encode(),
            Self::Language(callback) => callback.encode(),
            Self::Files(callback) => callback.encode(),
            Self::Notes(callback) => callback.encode(),
            Self::Save(callback) => callback.encode(),
            Self::Backups(callback) => callback.encode(),
            Self::Selection(callback) => callback.encode(),
            Self::Restore(callback) => callback.encode(),
            Self::Import(callback) => callback.encode(),
            Self::Github(callback) => callback.encode(),
            Self::Drive(callback) => callback.encode(),
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
        let fields = Fields::split(data);
        // Codes are unique across flows, so at most one of these parses.
        MenuCallback::parse(&fields)
            .map(Self::Menu)
            .or_else(|| LanguageCallback::parse(&fields).map(Self::Language))
            .or_else(|| FilesCallback::parse(&fields).map(Self::Files))
            .or_else(|| NotesCallback::parse(&fields).map(Self::Notes))
            .or_else(|| SaveCallback::parse(&fields).map(Self::Save))
            .or_else(|| BackupsCallback::parse(&fields).map(Self::Backups))
            .or_else(|| SelectionCallback::parse(&fields).map(Self::Selection))
            .or_else(|| RestoreCallback::parse(&fields).map(Self::Restore))
            .or_else(|| ImportCallback::parse(&fields).map(Self::Import))
            .or_else(|| GithubCallback::parse(&fields).map(Self::Github))
            .or_else(|| DriveCallback::parse(&fields).map(Self::Drive))
    }

    /// Whether pressing the button leaves the step `state` is at, so that the state is reset
    /// before the button is handled (see [`FlowCallback::answers_step`]).
    pub fn leaves(&self, state: &State) -> bool {
        *state != State::Idle && !self.answers_step()
    }

    fn answers_step(&self) -> bool {
        match self {
            Self::Menu(callback) => callback.answers_step(),
            Self::Language(callback) => callback.answers_step(),
            Self::Files(callback) => callback.answers_step(),
            Self::Notes(callback) => callback.answers_step(),
            Self::Save(callback) => callback.answers_step(),
            Self::Backups(callback) => callback.answers_step(),
            Self::Selection(callback) => callback.answers_step(),
            Self::Restore(callback) => callback.answers_step(),
            Self::Import(callback) => callback.answers_step(),
            Self::Github(callback) => callback.answers_step(),
            Self::Drive(callback) => callback.answers_step(),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{codec::variant_names, *};

    variant_names!(Callback {
        Menu,
        Language,
        Files,
        Notes,
        Save,
        Backups,
        Selection,
        Restore,
        Import,
        Github,
        Drive,
    });

    /// Every flow's examples, as the flows' own tests check them.
    fn all_examples() -> Vec<Callback> {
        fn of<C: Into<Callback>>(examples: Vec<C>) -> Vec<Callback> {
            examples.into_iter().map(Into::into).collect()
        }
        [
            of(MenuCallback::examples()),
            of(LanguageCallback::examples()),
            of(FilesCallback::examples()),
            of(NotesCallback::examples()),
            of(SaveCallback::examples()),
            of(BackupsCallback::examples()),
            of(SelectionCallback::examples()),
            of(RestoreCallback::examples()),
            of(ImportCallback::examples()),
            of(GithubCallback::examples()),
            of(DriveCallback::examples()),
        ]
        .concat()
    }

    /// How many flows' parsers take `data`.
    fn parsers_taking(data: &str) -> usize {
        let fields = Fields::split(data);
        [
            MenuCallback::parse(&fields).is_some(),
            LanguageCallback::parse(&fields).is_some(),
            FilesCallback::parse(&fields).is_some(),
            NotesCallback::parse(&fields).is_some(),
            SaveCallback::parse(&fields).is_some(),
            BackupsCallback::parse(&fields).is_some(),
            SelectionCallback::parse(&fields).is_some(),
            RestoreCallback::parse(&fields).is_some(),
            ImportCallback::parse(&fields).is_some(),
            GithubCallback::parse(&fields).is_some(),
            DriveCallback::parse(&fields).is_some(),
        ]
        .into_iter()
        .filter(|taken| *taken)
        .count()
    }

    #[test]
    fn every_flow_round_trips_and_no_two_flows_share_a_code() {
        let examples = all_examples();
        for expected in VARIANT_NAMES {
            assert!(
                examples
                    .iter()
                    .any(|example| variant_name(example) == *expected),
                "no example of {expected}"
            );
        }
        for callback in &examples {
            let data = callback.encode();
            assert_eq!(Callback::parse(&data).as_ref(), Some(callback), "{data}");
            assert_eq!(parsers_taking(&data), 1, "{data} is taken by several flows");
        }
    }

    #[test]
    fn data_of_no_flow_is_rejected() {
        for data in ["", ":", "zz:1", "m", "s", &"m:main".repeat(20)] {
            assert_eq!(Callback::parse(data), None, "{data:?} should be rejected");
        }
    }

    #[test]
    fn only_buttons_that_answer_a_step_keep_it() {
        let in_a_step = State::Restore(crate::bot::state::RestoreState::Restoring {
            backup: crate::domain::Id::parse("0123456789abcdef01234567").unwrap(),
            conflicts: Vec::new(),
            choices: Vec::new(),
        });
        let start = Callback::Restore(RestoreCallback::Start);
        let files = Callback::Files(FilesCallback::List { page: 0, tag: None });
        assert!(!start.leaves(&in_a_step));
        assert!(files.leaves(&in_a_step));
        assert!(!files.leaves(&State::Idle), "nothing to leave");
        let stale = Callback::Save(SaveCallback::Replace);
        assert!(
            !stale.leaves(&in_a_step),
            "a step button of another flow is stale and changes nothing"
        );
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
