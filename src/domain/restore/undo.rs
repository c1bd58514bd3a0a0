//! Undoing a restore, pure: revert exactly what that restore wrote, and only where a file is
//! still as the restore left it. A file changed since is left alone and named in the report,
//! so work done after the restore is never lost to an Undo.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Action, AddedHistory, Current, Incoming};
use crate::domain::{Id, code_file::content_sha256};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WriteKind {
    /// The restore created the file (a new one, or a copy kept under a new name).
    Created,
    /// The restore gave an existing file a new version.
    Replaced,
    /// The restore only added earlier versions to the history of a file it left unchanged.
    HistoryAdded,
}

/// One file a restore wrote, and a fingerprint of what it left there.
#[derive(Clone, Debug, PartialEq)]
pub struct Written {
    pub name: String,
    pub kind: WriteKind,
    /// The file's content hash, note and tags hashed together: short whatever the note and
    /// tags are, so the log of a restore of thousands of files stays small.
    pub state: String,
    /// The earlier versions it put below the file's current version, in a file it did not
    /// create (a created file goes to the recycle bin whole, its history with it).
    pub added: Option<AddedHistory>,
}

impl Written {
    pub fn of(kind: WriteKind, file: &Incoming) -> Self {
        Self {
            name: file.name.clone(),
            kind,
            state: state_of(
                &content_sha256(&file.code),
                file.note.as_deref(),
                &file.tags,
            ),
            added: None,
        }
    }
}

impl Current {
    /// The fingerprint of what the file holds now, comparable with [`Written::state`].
    pub fn state(&self) -> String {
        state_of(&self.sha256, self.note.as_deref(), &self.tags)
    }
}

fn field(hasher: &mut Sha256, bytes: &[u8]) {
    hasher.update((bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

/// Every field is length-prefixed, so two different files never share a fingerprint by
/// moving bytes from one field to the next.
fn state_of(sha256: &str, note: Option<&str>, tags: &[String]) -> String {
    let mut hasher = Sha256::new();
    field(&mut hasher, sha256.as_bytes());
    match note {
        None => hasher.update([0]),
        Some(note) => {
            hasher.update([1]);
            field(&mut hasher, note.as_bytes());
        }
    }
    hasher.update((tags.len() as u64).to_le_bytes());
    for tag in tags {
        field(&mut hasher, tag.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// What a restore wrote, kept with its safety snapshot so that Undo reverts exactly that.
#[derive(Clone, Debug, PartialEq)]
pub struct UndoLog {
    /// The backup that was restored.
    pub restored: Id,
    pub writes: Vec<Written>,
    /// Set once the restore is undone: a restore is undone at most once.
    pub undone_at: Option<DateTime<Utc>>,
}

/// What an Undo did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UndoReport {
    /// Files the restore created, now in the recycle bin.
    pub binned: usize,
    /// Files the restore replaced, whose earlier content is back (as a new version).
    pub reverted: usize,
    /// Earlier versions the restore had added to files' histories, taken out again.
    pub versions: usize,
    /// Files changed (or deleted) after the restore, left as they are.
    pub left: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct UndoPlan {
    pub actions: Vec<Action>,
    pub report: UndoReport,
}

/// The writes that revert `writes`: a file the restore created goes to the recycle bin, a file
/// it replaced gets its content, note and tags from `snapshot` (taken just before the restore)
/// back as a new version, and the earlier versions it added to a file's history are taken out;
/// each only while the file is exactly as the restore left it (its current version too, when
/// versions were added below it).
pub fn plan_undo(writes: &[Written], snapshot: Vec<Incoming>, current: &[Current]) -> UndoPlan {
    let now: HashMap<&str, (String, u32)> = current
        .iter()
        .map(|file| (file.name.as_str(), (file.state(), file.version)))
        .collect();
    let mut before: HashMap<String, Incoming> = snapshot
        .into_iter()
        .map(|file| (file.name.clone(), file))
        .collect();
    let mut plan = UndoPlan::default();
    for write in writes {
        let as_left = now
            .get(write.name.as_str())
            .is_some_and(|(state, version)| {
                *state == write.state && write.added.is_none_or(|added| *version == added.current)
            });
        if !as_left {
            plan.report.left.push(write.name.clone());
            continue;
        }
        let old = match write.kind {
            WriteKind::Replaced => match before.remove(&write.name) {
                Some(old) => Some(old),
                // Not in the snapshot: there is no earlier content to go back to.
                None => {
                    plan.report.left.push(write.name.clone());
                    continue;
                }
            },
            WriteKind::Created | WriteKind::HistoryAdded => None,
        };
        if write.kind == WriteKind::Created {
            plan.actions.push(Action::MoveToBin(write.name.clone()));
            plan.report.binned += 1;
            continue;
        }
        if let Some(added) = write.added.filter(|added| added.count > 0) {
            let (first, last) = added.range();
            plan.actions.push(Action::DropVersions {
                name: write.name.clone(),
                first,
                last,
            });
            plan.report.versions += added.count as usize;
        }
        if let Some(old) = old {
            plan.actions.push(Action::NewVersion(old));
            plan.report.reverted += 1;
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, code: &str, note: Option<&str>) -> Incoming {
        Incoming {
            name: name.to_owned(),
            code: code.to_owned(),
            language: None,
            note: note.map(str::to_owned),
            tags: vec![],
            history: vec![],
        }
    }

    fn current(file: &Incoming) -> Current {
        Current {
            name: file.name.clone(),
            sha256: content_sha256(&file.code),
            note: file.note.clone(),
            tags: file.tags.clone(),
            size: file.code.len() as u64,
            version: 1,
        }
    }

    /// A restore that created `new.py` and `app (restored).py` and replaced `lib.py`.
    fn writes() -> Vec<Written> {
        vec![
            Written::of(WriteKind::Created, &file("new.py", "n", None)),
            Written::of(WriteKind::Created, &file("app (restored).py", "r", None)),
            Written::of(WriteKind::Replaced, &file("lib.py", "restored lib", None)),
        ]
    }

    fn snapshot() -> Vec<Incoming> {
        vec![
            file("lib.py", "old lib", Some("before")),
            file("app.py", "app", None),
        ]
    }

    #[test]
    fn reverts_only_what_the_restore_wrote() {
        let now = [
            current(&file("new.py", "n", None)),
            current(&file("app (restored).py", "r", None)),
            current(&file("lib.py", "restored lib", None)),
            current(&file("app.py", "edited after the restore", None)),
            current(&file("later.py", "saved after the restore", None)),
        ];
        let plan = plan_undo(&writes(), snapshot(), &now);
        assert_eq!(
            plan.actions,
            vec![
                Action::MoveToBin("new.py".to_owned()),
                Action::MoveToBin("app (restored).py".to_owned()),
                Action::NewVersion(file("lib.py", "old lib", Some("before"))),
            ],
            "files the restore did not write are not touched"
        );
        assert_eq!(
            plan.report,
            UndoReport {
                binned: 2,
                reverted: 1,
                versions: 0,
                left: vec![]
            }
        );
    }

    #[test]
    fn files_changed_since_the_restore_are_left_and_named() {
        let mut tagged = file("app (restored).py", "r", None);
        tagged.tags.push("mine".to_owned());
        let now = [
            current(&file("new.py", "edited", None)),
            current(&tagged),
            current(&file("lib.py", "restored lib", Some("noted later"))),
        ];
        let plan = plan_undo(&writes(), snapshot(), &now);
        assert!(plan.actions.is_empty(), "{:?}", plan.actions);
        assert_eq!(
            plan.report.left,
            ["new.py", "app (restored).py", "lib.py"],
            "content, tags and note each count as a change"
        );

        // A file deleted since is not brought back, nor put in the bin again.
        let plan = plan_undo(&writes(), snapshot(), &[]);
        assert!(plan.actions.is_empty());
        assert_eq!(plan.report.left.len(), 3);
    }

    /// The versions a restore added below a file's current version are taken out, only while
    /// the file is still at the version the restore left it at.
    #[test]
    fn versions_a_restore_added_are_taken_out_while_the_file_is_as_left() {
        let added = |kind, file: &Incoming, current| Written {
            added: Some(AddedHistory { current, count: 2 }),
            ..Written::of(kind, file)
        };
        let lib = file("lib.py", "restored lib", None);
        let same = file("same.py", "same", None);
        let writes = [
            added(WriteKind::Replaced, &lib, 7),
            added(WriteKind::HistoryAdded, &same, 4),
        ];
        let at = |file: &Incoming, version| Current {
            version,
            ..current(file)
        };
        let plan = plan_undo(&writes, snapshot(), &[at(&lib, 7), at(&same, 4)]);
        assert_eq!(
            plan.actions,
            vec![
                Action::DropVersions {
                    name: "lib.py".to_owned(),
                    first: 5,
                    last: 6
                },
                Action::NewVersion(file("lib.py", "old lib", Some("before"))),
                Action::DropVersions {
                    name: "same.py".to_owned(),
                    first: 2,
                    last: 3
                },
            ]
        );
        assert_eq!((plan.report.reverted, plan.report.versions), (1, 4));

        // A version made since (then another, back to the same content) moved the file on.
        let plan = plan_undo(&writes, snapshot(), &[at(&lib, 9), at(&same, 4)]);
        assert_eq!(plan.report.left, ["lib.py"]);
        assert_eq!(plan.actions.len(), 1);
    }

    #[test]
    fn a_second_undo_finds_nothing_to_revert() {
        let now = [
            current(&file("lib.py", "old lib", Some("before"))),
            current(&file("app.py", "app", None)),
        ];
        let plan = plan_undo(&writes(), snapshot(), &now);
        assert!(plan.actions.is_empty());
    }

    #[test]
    fn fingerprints_tell_fields_apart() {
        let tags = |tags: &[&str]| tags.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>();
        let sha = content_sha256("x");
        let states = [
            state_of(&sha, None, &[]),
            state_of(&sha, Some(""), &[]),
            state_of(&sha, None, &tags(&[""])),
            state_of(&sha, None, &tags(&["ab", "c"])),
            state_of(&sha, None, &tags(&["a", "bc"])),
            state_of(&content_sha256("y"), None, &[]),
        ];
        for (i, a) in states.iter().enumerate() {
            for b in &states[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }
}
