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
    backups::callback::BackupsCallback,
    drive::callback::DriveCallback,
    files::callback::FilesCallback,
    github::callback::GithubCallback,
    import::callback::ImportCallback,
    language::callback::LanguageCallback,
    menu::callback::{MenuCallback, MenuItem},
    notes::callback::NotesCallback,
    restore::callback::RestoreCallback,
    save::callback::SaveCallback,
    search::callback::SearchCallback,
    selection::callback::SelectionCallback,
    tasks::callback::TaskCallback,
};

/// Telegram's limit on callback data.
pub const MAX_LEN: usize = 64;

/// Declares [`Callback`] with a variant per flow, and what it does by delegating to the flow:
/// a flow is registered here in one line.
macro_rules! flows {
    ($($flow:ident($callback:ty)),+ $(,)?) => {
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum Callback {
            $($flow($callback),)+
        }

        $(impl From<$callback> for Callback {
            fn from(callback: $callback) -> Self {
                Self::$flow(callback)
            }
        })+

        impl Callback {
            pub fn encode(&self) -> String {
                let data = match self {
                    $(Self::$flow(callback) => callback.encode(),)+
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
                // Codes are unique across flows (tested), so at most one of these parses.
                None$(.or_else(|| <$callback>::parse(&fields).map(Self::$flow)))+
            }

            fn answers_step(&self) -> bool {
                match self {
                    $(Self::$flow(callback) => callback.answers_step(),)+
                }
            }

            /// See [`FlowCallback::toasts`].
            pub fn toasts(&self) -> bool {
                match self {
                    $(Self::$flow(callback) => callback.toasts(),)+
                }
            }
        }

        #[cfg(test)]
        impl Callback {
            const FLOWS: &[&str] = &[$(stringify!($flow)),+];

            fn flow(&self) -> &'static str {
                match self {
                    $(Self::$flow(_) => stringify!($flow),)+
                }
            }

            /// Every flow's examples, as the flow's own tests check them.
            fn examples() -> Vec<Self> {
                let mut all = Vec::new();
                $(all.extend(<$callback>::examples().into_iter().map(Self::$flow));)+
                all
            }

            /// How many flows' parsers take `data`.
            fn parsers_taking(data: &str) -> usize {
                let fields = Fields::split(data);
                [$(<$callback>::parse(&fields).is_some()),+]
                    .into_iter()
                    .filter(|taken| *taken)
                    .count()
            }
        }
    };
}

flows!(
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
    Search(SearchCallback),
    Tasks(TaskCallback),
);

impl From<MenuItem> for Callback {
    fn from(item: MenuItem) -> Self {
        Self::Menu(MenuCallback::Open(item))
    }
}

impl Callback {
    /// Whether pressing the button leaves the step `state` is at, so that the state is reset
    /// before the button is handled (see [`FlowCallback::answers_step`]).
    pub fn leaves(&self, state: &State) -> bool {
        *state != State::Idle && !self.answers_step()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn every_flow_round_trips_and_no_two_flows_share_a_code() {
        let examples = Callback::examples();
        for flow in Callback::FLOWS {
            assert!(
                examples.iter().any(|example| example.flow() == *flow),
                "no example of {flow}"
            );
        }
        for callback in &examples {
            let data = callback.encode();
            assert_eq!(Callback::parse(&data).as_ref(), Some(callback), "{data}");
            assert_eq!(
                Callback::parsers_taking(&data),
                1,
                "{data} is taken by several flows"
            );
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
            decisions: crate::domain::restore::Decisions::default(),
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
