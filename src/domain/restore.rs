//! Restore planning, pure: compare incoming files with the library, then turn the user's
//! choices into actions. Nothing here writes; the service applies the actions in one
//! transaction.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{code_file::content_sha256, file_name::unique_name, language};

mod decisions;
mod undo;

pub use decisions::Decisions;
pub use undo::{UndoLog, UndoPlan, UndoReport, WriteKind, Written, plan_undo};

/// A file coming from a backup or an imported archive.
#[derive(Clone, Debug, PartialEq)]
pub struct Incoming {
    pub name: String,
    pub code: String,
    pub language: Option<String>,
    pub note: Option<String>,
    pub tags: Vec<String>,
}

impl Incoming {
    /// The language to store: the one the archive gave when we know it, else detected, so a
    /// stored language is always one we know.
    pub fn language_to_store(&self) -> &'static str {
        self.language
            .as_deref()
            .and_then(language::known)
            .unwrap_or_else(|| language::detect(Some(&self.name), &self.code))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// No current file has this name.
    New,
    /// The current file of this name has the same content.
    Unchanged,
    /// The current file of this name has other content: the user decides.
    Conflict,
}

/// What the user chose for one conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    /// The incoming content becomes a new version; the old one stays in the history.
    Replace,
    Skip,
    /// The incoming file is saved beside the current one under a new name.
    KeepBoth,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RestorePlan {
    pub files: Vec<(Incoming, Outcome)>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PlanCounts {
    pub new: usize,
    pub unchanged: usize,
    pub conflicts: usize,
}

/// One write the restore will make.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Create(Incoming),
    /// New content (and note and tags) for the current file of that name.
    NewVersion(Incoming),
    /// Same content, other note or tags.
    UpdateMeta(Incoming),
    /// Moves the current file of that name to the recycle bin.
    MoveToBin(String),
}

/// A current file as the planner sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Current {
    pub name: String,
    pub sha256: String,
    pub note: Option<String>,
    pub tags: Vec<String>,
    /// Bytes of its content, for the per-user limits.
    pub size: u64,
}

/// What a restore will do: its writes, the numbers for its report, and what each write will
/// leave behind (so that Undo can tell a file left as the restore wrote it from one changed
/// since).
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    pub actions: Vec<Action>,
    pub report: Report,
    pub writes: Vec<Written>,
}

/// The numbers in the final report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub new: usize,
    pub replaced: usize,
    pub kept_both: usize,
    pub skipped: usize,
    pub unchanged: usize,
}

impl Report {
    pub fn restored(&self) -> usize {
        self.new + self.replaced + self.kept_both
    }
}

impl RestorePlan {
    /// `current` maps the library's current file names to the SHA-256 of their content.
    pub fn new(incoming: Vec<Incoming>, current: &HashMap<String, String>) -> Self {
        let files = incoming
            .into_iter()
            .map(|file| {
                let outcome = match current.get(&file.name) {
                    None => Outcome::New,
                    Some(sha) if *sha == content_sha256(&file.code) => Outcome::Unchanged,
                    Some(_) => Outcome::Conflict,
                };
                (file, outcome)
            })
            .collect();
        Self { files }
    }

    pub fn counts(&self) -> PlanCounts {
        let count = |wanted: Outcome| {
            self.files
                .iter()
                .filter(|(_, outcome)| *outcome == wanted)
                .count()
        };
        PlanCounts {
            new: count(Outcome::New),
            unchanged: count(Outcome::Unchanged),
            conflicts: count(Outcome::Conflict),
        }
    }

    /// The names of the conflicting files, in plan order: what the user is asked about.
    pub fn conflict_names(&self) -> Vec<String> {
        self.files
            .iter()
            .filter(|(_, outcome)| *outcome == Outcome::Conflict)
            .map(|(file, _)| file.name.clone())
            .collect()
    }

    /// Turns the plan and one choice per conflict (in `conflict_names` order) into actions.
    /// `is_taken` says whether a name is used by a current file; kept copies get free names.
    pub fn resolve(self, choices: &[Choice], is_taken: impl Fn(&str) -> bool) -> Option<Resolved> {
        if choices.len() != self.counts().conflicts {
            return None;
        }
        let mut choices = choices.iter();
        let mut report = Report::default();
        let mut actions = Vec::new();
        let mut writes = Vec::new();
        let mut new_names: Vec<String> = Vec::new();
        for (file, outcome) in self.files {
            match outcome {
                Outcome::Unchanged => report.unchanged += 1,
                Outcome::New => {
                    report.new += 1;
                    new_names.push(file.name.clone());
                    writes.push(Written::of(WriteKind::Created, &file));
                    actions.push(Action::Create(file));
                }
                Outcome::Conflict => match choices.next()? {
                    Choice::Skip => report.skipped += 1,
                    Choice::Replace => {
                        report.replaced += 1;
                        writes.push(Written::of(WriteKind::Replaced, &file));
                        actions.push(Action::NewVersion(file));
                    }
                    Choice::KeepBoth => {
                        report.kept_both += 1;
                        let taken =
                            |name: &str| is_taken(name) || new_names.iter().any(|n| n == name);
                        let name = unique_name(&file.name, "restored", taken);
                        new_names.push(name.clone());
                        let kept = Incoming { name, ..file };
                        writes.push(Written::of(WriteKind::Created, &kept));
                        actions.push(Action::Create(kept));
                    }
                },
            }
        }
        Some(Resolved {
            actions,
            report,
            writes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, code: &str) -> Incoming {
        Incoming {
            name: name.to_owned(),
            code: code.to_owned(),
            language: None,
            note: None,
            tags: vec![],
        }
    }

    fn library() -> HashMap<String, String> {
        [
            ("same.py", "same"),
            ("app.py", "old"),
            ("lib.py", "old lib"),
            ("app (restored).py", "x"),
        ]
        .into_iter()
        .map(|(name, code)| (name.to_owned(), content_sha256(code)))
        .collect()
    }

    fn plan() -> RestorePlan {
        RestorePlan::new(
            vec![
                file("new.py", "n"),
                file("same.py", "same"),
                file("app.py", "new"),
                file("lib.py", "new lib"),
            ],
            &library(),
        )
    }

    #[test]
    fn classifies_new_unchanged_and_conflicts() {
        let plan = plan();
        assert_eq!(
            plan.counts(),
            PlanCounts {
                new: 1,
                unchanged: 1,
                conflicts: 2
            }
        );
        assert_eq!(plan.conflict_names(), ["app.py", "lib.py"]);
    }

    #[test]
    fn choices_become_actions_and_a_report() {
        let taken = library();
        let Resolved {
            actions,
            report,
            writes,
        } = plan()
            .resolve(&[Choice::KeepBoth, Choice::Replace], |n| {
                taken.contains_key(n)
            })
            .unwrap();
        assert_eq!(
            report,
            Report {
                new: 1,
                replaced: 1,
                kept_both: 1,
                skipped: 0,
                unchanged: 1
            }
        );
        assert_eq!(
            actions,
            vec![
                Action::Create(file("new.py", "n")),
                Action::Create(file("app (restored 2).py", "new")),
                Action::NewVersion(file("lib.py", "new lib")),
            ]
        );
        assert_eq!(
            writes,
            vec![
                Written::of(WriteKind::Created, &file("new.py", "n")),
                Written::of(WriteKind::Created, &file("app (restored 2).py", "new")),
                Written::of(WriteKind::Replaced, &file("lib.py", "new lib")),
            ],
            "one write recorded per action, under the name it was written to"
        );
        let resolved = plan()
            .resolve(&[Choice::Skip, Choice::Skip], |_| false)
            .unwrap();
        assert_eq!(
            (
                resolved.actions.len(),
                resolved.writes.len(),
                resolved.report.skipped,
                resolved.report.restored()
            ),
            (1, 1, 2, 1)
        );
    }

    #[test]
    fn a_wrong_number_of_choices_is_refused() {
        assert!(plan().resolve(&[Choice::Skip], |_| false).is_none());
        assert!(plan().resolve(&[Choice::Skip; 3], |_| false).is_none());
    }
}
