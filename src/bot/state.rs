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
    drive::DriveState,
    github::GithubState,
    import::ImportState,
    notes::NotesState,
    restore::RestoreState,
    save::{Draft, SaveState},
    selection::SelectionState,
};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum State {
    #[default]
    Idle,
    #[serde(untagged)]
    Save(SaveState),
    #[serde(untagged)]
    Notes(NotesState),
    #[serde(untagged)]
    Selection(SelectionState),
    #[serde(untagged)]
    Restore(RestoreState),
    #[serde(untagged)]
    Import(ImportState),
    #[serde(untagged)]
    Github(GithubState),
    #[serde(untagged)]
    Drive(DriveState),
}

macro_rules! flow_states {
    ($($variant:ident($flow:ty)),+ $(,)?) => {
        $(
            impl From<$flow> for State {
                fn from(state: $flow) -> Self {
                    Self::$variant(state)
                }
            }

            impl TryFrom<State> for $flow {
                type Error = State;

                fn try_from(state: State) -> Result<Self, State> {
                    match state {
                        State::$variant(state) => Ok(state),
                        other => Err(other),
                    }
                }
            }
        )+
    };
}

flow_states!(
    Save(SaveState),
    Notes(NotesState),
    Selection(SelectionState),
    Restore(RestoreState),
    Import(ImportState),
    Github(GithubState),
    Drive(DriveState),
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
    use crate::{
        bot::callback::codec::variant_names,
        domain::{Id, restore::Choice},
    };

    variant_names!(State {
        Idle,
        Save,
        Notes,
        Selection,
        Restore,
        Import,
        Github,
        Drive,
    });

    /// A state at every step of every flow.
    fn examples() -> Vec<State> {
        let id = || Id::parse("0123456789abcdef01234567").unwrap();
        let draft = || Draft {
            code: "print('שלום')".to_owned(),
            suggested_name: "a.py".to_owned(),
        };
        let name = || "a.py".to_owned();
        vec![
            State::Idle,
            SaveState::AwaitingCode.into(),
            SaveState::AwaitingName { draft: draft() }.into(),
            SaveState::NameTaken {
                draft: draft(),
                name: name(),
            }
            .into(),
            SaveState::AwaitingNote {
                draft: draft(),
                name: name(),
                replace: true,
            }
            .into(),
            NotesState::EditingNote { file: id() }.into(),
            NotesState::EditingTags { file: id() }.into(),
            NotesState::EditingBackupNote { backup: id() }.into(),
            SelectionState::SelectingBackups {
                selected: vec![id()],
            }
            .into(),
            RestoreState::Restoring {
                backup: id(),
                conflicts: vec![name()],
                choices: vec![Choice::KeepBoth],
            }
            .into(),
            ImportState::AwaitingImport.into(),
            ImportState::ImportPending {
                file_id: "file".to_owned(),
                document_name: None,
            }
            .into(),
            GithubState::AwaitingToken.into(),
            GithubState::AwaitingRepo.into(),
            DriveState::Connecting {
                verification_url: "https://www.google.com/device".to_owned(),
                user_code: "ABCD-EFGH".to_owned(),
            }
            .into(),
        ]
    }

    #[test]
    fn every_step_reads_back_into_its_flow_under_a_name_of_its_own() {
        let examples = examples();
        for expected in VARIANT_NAMES {
            assert!(
                examples
                    .iter()
                    .any(|state| variant_name(state) == *expected),
                "no example of {expected}"
            );
        }
        let mut steps = HashSet::new();
        for state in examples {
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
