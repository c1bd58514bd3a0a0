//! Restore planning, pure: compare incoming files with the library, then turn the user's
//! choices into actions. Nothing here writes; the service applies the actions in one
//! transaction.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{code_file::content_sha256, file_name::unique_name, language};

mod decisions;
mod history;
mod undo;

pub use decisions::Decisions;
pub use history::{AddedHistory, KnownFile, KnownFiles, PastVersion, count_versions};
pub use undo::{UndoLog, UndoPlan, UndoReport, WriteKind, Written, plan_undo};

/// A file coming from a backup or an imported archive.
#[derive(Clone, Debug, PartialEq)]
pub struct Incoming {
    pub name: String,
    pub code: String,
    pub language: Option<String>,
    pub note: Option<String>,
    pub tags: Vec<String>,
    /// Its earlier versions, oldest first, stored below it (a backup with history); empty
    /// otherwise.
    pub history: Vec<PastVersion>,
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
    /// The library's files an incoming history may be merged into (see `history`); a file
    /// with history missing here keeps the library's history as it is.
    pub known: KnownFiles,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PlanCounts {
    pub new: usize,
    pub unchanged: usize,
    pub conflicts: usize,
    /// Earlier versions the incoming files bring.
    pub versions: usize,
}

impl PlanCounts {
    /// Whether applying the plan could change nothing: no file is new or differs, and no
    /// history comes with the files (which could add versions to unchanged ones).
    pub fn restores_nothing(&self) -> bool {
        self.new == 0 && self.conflicts == 0 && self.versions == 0
    }
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
    /// Puts `versions` (oldest first) into the history of the current file `name`, just below
    /// its current version, which moves up above them.
    AddHistory {
        name: String,
        versions: Vec<PastVersion>,
    },
    /// Deletes the earlier versions `first..=last` of the current file `name` (an undo taking
    /// out what a restore added).
    DropVersions {
        name: String,
        first: u32,
        last: u32,
    },
}

impl Action {
    /// The current file's name the action writes to.
    pub fn name(&self) -> &str {
        match self {
            Self::Create(file) | Self::NewVersion(file) | Self::UpdateMeta(file) => &file.name,
            Self::MoveToBin(name)
            | Self::AddHistory { name, .. }
            | Self::DropVersions { name, .. } => name,
        }
    }
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
    /// Its version number.
    pub version: u32,
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
    /// Earlier versions written into the files' histories.
    pub versions: usize,
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
        Self {
            files,
            known: KnownFiles::new(),
        }
    }

    /// The names of the library's files that an incoming history would be merged into: what
    /// [`Self::known`] needs to hold.
    pub fn merging(&self) -> Vec<&str> {
        self.files
            .iter()
            .filter(|(file, outcome)| *outcome != Outcome::New && !file.history.is_empty())
            .map(|(file, _)| file.name.as_str())
            .collect()
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
            versions: self.files.iter().map(|(file, _)| file.history.len()).sum(),
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
        let known = self.known;
        for (mut file, outcome) in self.files {
            match outcome {
                Outcome::Unchanged => {
                    report.unchanged += 1;
                    let Some((known, versions)) = merge(&known, &mut file) else {
                        continue;
                    };
                    let added = added_below(known.version, &versions);
                    report.versions += versions.len();
                    writes.push(Written {
                        name: file.name.clone(),
                        kind: WriteKind::HistoryAdded,
                        state: known.state.clone(),
                        added: Some(added),
                    });
                    actions.push(Action::AddHistory {
                        name: file.name,
                        versions,
                    });
                }
                Outcome::New => {
                    report.new += 1;
                    report.versions += file.history.len();
                    new_names.push(file.name.clone());
                    writes.push(Written::of(WriteKind::Created, &file));
                    actions.push(Action::Create(file));
                }
                Outcome::Conflict => match choices.next()? {
                    Choice::Skip => report.skipped += 1,
                    Choice::Replace => {
                        report.replaced += 1;
                        let merged = merge(&known, &mut file);
                        let mut write = Written::of(WriteKind::Replaced, &file);
                        if let Some((known, versions)) = merged {
                            report.versions += versions.len();
                            // The new version goes on top of the old one, the history under it.
                            write.added = Some(added_below(known.version + 1, &versions));
                            file.history = versions;
                        }
                        writes.push(write);
                        actions.push(Action::NewVersion(file));
                    }
                    Choice::KeepBoth => {
                        report.kept_both += 1;
                        report.versions += file.history.len();
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

/// The versions of `file`'s history (taken out of it) that the library's file of its name
/// lacks, with what the library holds of it; `None` when there is nothing to merge.
fn merge<'k>(
    known: &'k KnownFiles,
    file: &mut Incoming,
) -> Option<(&'k KnownFile, Vec<PastVersion>)> {
    let history = std::mem::take(&mut file.history);
    let known = known.get(&file.name)?;
    let versions = history::missing(history, known);
    (!versions.is_empty()).then_some((known, versions))
}

/// `versions` put below a file's current version `current`: they take its number and those
/// after it, and it moves above them.
fn added_below(current: u32, versions: &[PastVersion]) -> AddedHistory {
    let count = history::count_versions(versions);
    AddedHistory {
        current: current.saturating_add(count),
        count,
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
            history: vec![],
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
                conflicts: 2,
                versions: 0,
            }
        );
        assert_eq!(plan.conflict_names(), ["app.py", "lib.py"]);
        assert!(!plan.counts().restores_nothing());
    }

    #[test]
    fn a_plan_of_unchanged_files_without_history_restores_nothing() {
        let unchanged = RestorePlan::new(vec![file("same.py", "same")], &library());
        assert!(unchanged.counts().restores_nothing());
        assert!(
            RestorePlan::new(vec![], &library())
                .counts()
                .restores_nothing()
        );
        let new = RestorePlan::new(vec![file("other.py", "same")], &library());
        assert!(!new.counts().restores_nothing());
        let versions = PlanCounts {
            unchanged: 1,
            versions: 1,
            ..PlanCounts::default()
        };
        assert!(!versions.restores_nothing(), "history may add versions");
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
                unchanged: 1,
                versions: 0,
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

    fn past(code: &str) -> PastVersion {
        PastVersion {
            name: "x.py".to_owned(),
            code: code.to_owned(),
            created_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    fn with_history(name: &str, code: &str, history: &[&str]) -> Incoming {
        Incoming {
            history: history.iter().map(|code| past(code)).collect(),
            ..file(name, code)
        }
    }

    fn known(version: u32, state: &str, hashes: &[&str]) -> KnownFile {
        KnownFile {
            version,
            state: state.to_owned(),
            hashes: hashes.iter().map(|code| content_sha256(code)).collect(),
        }
    }

    /// A new file comes with its whole history; a file already there (unchanged, or replaced)
    /// gains only the versions its history lacks, placed below its current version.
    #[test]
    fn histories_come_whole_into_new_files_and_merge_into_existing_ones() {
        let current = library();
        let mut plan = RestorePlan::new(
            vec![
                with_history("new.py", "n", &["n0", "n1"]),
                with_history("same.py", "same", &["s0", "s1"]),
                with_history("app.py", "new", &["a0", "a1", "a2"]),
            ],
            &current,
        );
        assert_eq!(plan.counts().versions, 7);
        assert_eq!(plan.merging(), ["same.py", "app.py"]);
        plan.known = [
            (
                "same.py".to_owned(),
                known(3, "state of same", &["same", "s1"]),
            ),
            (
                "app.py".to_owned(),
                known(5, "state of app", &["old", "a1"]),
            ),
        ]
        .into_iter()
        .collect();
        let resolved = plan.resolve(&[Choice::Replace], |_| false).unwrap();
        assert_eq!(resolved.report.versions, 2 + 1 + 2);
        assert_eq!(
            resolved.actions,
            vec![
                Action::Create(with_history("new.py", "n", &["n0", "n1"])),
                Action::AddHistory {
                    name: "same.py".to_owned(),
                    versions: vec![past("s0")],
                },
                Action::NewVersion(with_history("app.py", "new", &["a0", "a2"])),
            ]
        );
        let added: Vec<(WriteKind, Option<AddedHistory>)> = resolved
            .writes
            .iter()
            .map(|write| (write.kind, write.added))
            .collect();
        assert_eq!(
            added,
            [
                (WriteKind::Created, None),
                // same.py v3 moves to v4 above the one version put at v3.
                (
                    WriteKind::HistoryAdded,
                    Some(AddedHistory {
                        current: 4,
                        count: 1
                    })
                ),
                // app.py v5 stays, its history at v6 and v7, the restored content at v8.
                (
                    WriteKind::Replaced,
                    Some(AddedHistory {
                        current: 8,
                        count: 2
                    })
                ),
            ]
        );
        assert_eq!(resolved.writes[1].state, "state of same");
    }

    /// Restoring the same history again finds every version there: nothing to write. A
    /// skipped file's history is skipped with it.
    #[test]
    fn a_history_already_there_or_skipped_adds_nothing() {
        let mut plan = RestorePlan::new(
            vec![
                with_history("same.py", "same", &["s0"]),
                with_history("app.py", "new", &["a0"]),
            ],
            &library(),
        );
        plan.known = [
            ("same.py".to_owned(), known(2, "s", &["same", "s0"])),
            ("app.py".to_owned(), known(2, "a", &["old"])),
        ]
        .into_iter()
        .collect();
        let resolved = plan.resolve(&[Choice::Skip], |_| false).unwrap();
        assert!(resolved.actions.is_empty() && resolved.writes.is_empty());
        assert_eq!(resolved.report.versions, 0);
    }
}
