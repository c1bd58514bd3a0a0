//! The dialogue state: what a conversation has collected so far, nested by flow. Stored in
//! MongoDB, so a flow in progress survives a restart.
//!
//! Stored, it is one document tagged by its `step` (`{"step": "awaiting_name", "draft": …}`):
//! each flow's sub-state carries its own tag, and step names are unique across flows, so a
//! document reads back into the one flow it belongs to — the same documents as before states
//! were nested, so a dialogue in progress goes on across the upgrade. A document no flow can
//! read is dropped by the storage, and the chat starts afresh.

use serde::{Deserialize, Serialize};

pub use super::flows::{
    backups::state::BackupsState,
    drive::state::DriveState,
    github::state::GithubState,
    import::state::ImportState,
    language::state::LanguageState,
    notes::state::NotesState,
    restore::state::RestoreState,
    save::state::{Draft, SaveState},
    search::state::SearchState,
    selection::state::SelectionState,
};

/// Declares [`State`]: at rest, or at a step of one flow (a flow with steps is registered here
/// in one line), and the conversions between it and each flow's own state.
macro_rules! flows {
    ($($flow:ident($state:ty)),+ $(,)?) => {
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "step", rename_all = "snake_case")]
        pub enum State {
            #[default]
            Idle,
            $(
                #[serde(untagged)]
                $flow($state),
            )+
        }

        #[cfg(test)]
        impl State {
            /// At rest, and at every step of every flow.
            fn examples() -> Vec<Self> {
                let mut all = vec![Self::Idle];
                $(all.extend(<$state>::examples().into_iter().map(Self::$flow));)+
                all
            }
        }

        $(
            impl From<$state> for State {
                fn from(state: $state) -> Self {
                    Self::$flow(state)
                }
            }

            impl TryFrom<State> for $state {
                type Error = State;

                fn try_from(state: State) -> Result<Self, State> {
                    match state {
                        State::$flow(state) => Ok(state),
                        other => Err(other),
                    }
                }
            }
        )+
    };
}

flows!(
    Save(SaveState),
    Notes(NotesState),
    Selection(SelectionState),
    Restore(RestoreState),
    Import(ImportState),
    Github(GithubState),
    Drive(DriveState),
    Backups(BackupsState),
    Search(SearchState),
    Language(LanguageState),
);

impl State {
    /// The state of flow `S`, if the dialogue is at one of its steps.
    pub fn of<S>(self) -> Option<S>
    where
        S: TryFrom<Self>,
    {
        S::try_from(self).ok()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_step_reads_back_into_its_flow_under_a_name_of_its_own() {
        let mut steps = HashSet::new();
        for state in State::examples() {
            let stored = serde_json::to_value(&state).unwrap();
            let step = stored["step"].as_str().unwrap().to_owned();
            assert!(steps.insert(step.clone()), "two steps are named {step}");
            assert_eq!(serde_json::from_value::<State>(stored).unwrap(), state);
        }
    }

    #[test]
    fn states_are_stored_as_before_they_were_nested() {
        let stored = serde_json::json!({
            "step": "awaiting_name",
            "draft": { "code": "x = 1", "suggested_name": "a.py" },
        });
        assert_eq!(
            serde_json::from_value::<State>(stored.clone()).unwrap(),
            State::Save(SaveState::AwaitingName {
                draft: Draft {
                    code: "x = 1".to_owned(),
                    suggested_name: "a.py".to_owned(),
                    // Stored before pastes were joined: a draft of one message.
                    pieces: crate::domain::paste::Pieces::default(),
                    version_of: None,
                },
            })
        );
        let idle = serde_json::json!({ "step": "idle" });
        assert_eq!(serde_json::to_value(State::Idle).unwrap(), idle);
        let token = serde_json::json!({ "step": "awaiting_github_token" });
        assert_eq!(
            serde_json::to_value(State::Github(GithubState::AwaitingToken)).unwrap(),
            token
        );
        for unreadable in [
            serde_json::json!({ "step": "from_the_future" }),
            serde_json::json!({ "step": "awaiting_name" }),
        ] {
            assert!(serde_json::from_value::<State>(unreadable).is_err());
        }
    }
}
