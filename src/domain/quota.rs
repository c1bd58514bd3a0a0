//! The per-user limits on the library, for any change: one file saved or a whole restore.

use std::collections::HashMap;

use super::{
    Usage,
    restore::{Action, Current, Outcome, RestorePlan},
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quota {
    pub max_files: u64,
    pub max_bytes: u64,
}

/// Which limit a change would break, and the limit itself (the user is told it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QuotaError {
    #[error("too many files")]
    TooManyFiles { max: u64 },
    #[error("library over its size limit")]
    LibraryFull { max_bytes: u64 },
}

impl Quota {
    /// Whether the library may go from `before` to `after`: it may not grow past a limit. A
    /// library already past one (the operator lowered it) may still shrink or keep its size.
    pub fn check(&self, before: Usage, after: Usage) -> Result<(), QuotaError> {
        if after.files > self.max_files && after.files > before.files {
            return Err(QuotaError::TooManyFiles {
                max: self.max_files,
            });
        }
        if after.bytes > self.max_bytes && after.bytes > before.bytes {
            return Err(QuotaError::LibraryFull {
                max_bytes: self.max_bytes,
            });
        }
        Ok(())
    }
}

/// What the current files use.
pub fn usage_of(current: &[Current]) -> Usage {
    Usage {
        files: current.len() as u64,
        bytes: current.iter().map(|file| file.size).sum(),
    }
}

/// What the library will use once `actions` are applied to its `current` files.
pub fn usage_after(current: &[Current], actions: &[Action]) -> Usage {
    let mut sizes: HashMap<&str, u64> = current
        .iter()
        .map(|file| (file.name.as_str(), file.size))
        .collect();
    for action in actions {
        match action {
            Action::Create(file) | Action::NewVersion(file) => {
                sizes.insert(&file.name, file.code.len() as u64);
            }
            Action::UpdateMeta(_) | Action::AddHistory { .. } | Action::DropVersions { .. } => {}
            Action::MoveToBin(name) => {
                sizes.remove(name.as_str());
            }
        }
    }
    Usage {
        files: sizes.len() as u64,
        bytes: sizes.values().sum(),
    }
}

/// The least the library will use after the restore of `plan`, whatever the user chooses:
/// its new files come in even if every conflict is skipped.
pub fn least_usage_after(plan: &RestorePlan, current: &[Current]) -> Usage {
    let now = usage_of(current);
    plan.files
        .iter()
        .filter(|(_, outcome)| *outcome == Outcome::New)
        .fold(now, |usage, (file, _)| Usage {
            files: usage.files.saturating_add(1),
            bytes: usage.bytes.saturating_add(file.code.len() as u64),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{code_file::content_sha256, restore::Incoming};

    fn current(name: &str, code: &str) -> Current {
        Current {
            name: name.to_owned(),
            sha256: content_sha256(code),
            note: None,
            tags: vec![],
            size: code.len() as u64,
            version: 1,
        }
    }

    fn incoming(name: &str, code: &str) -> Incoming {
        Incoming {
            name: name.to_owned(),
            code: code.to_owned(),
            language: None,
            note: None,
            tags: vec![],
            history: vec![],
        }
    }

    const QUOTA: Quota = Quota {
        max_files: 3,
        max_bytes: 10,
    };

    #[test]
    fn growth_past_a_limit_is_refused() {
        let usage = |files, bytes| Usage { files, bytes };
        assert_eq!(QUOTA.check(usage(2, 5), usage(3, 10)), Ok(()));
        assert_eq!(
            QUOTA.check(usage(3, 5), usage(4, 6)),
            Err(QuotaError::TooManyFiles { max: 3 })
        );
        assert_eq!(
            QUOTA.check(usage(1, 5), usage(1, 11)),
            Err(QuotaError::LibraryFull { max_bytes: 10 })
        );
        // Over a lowered limit already: shrinking or staying is fine.
        assert_eq!(QUOTA.check(usage(5, 20), usage(5, 12)), Ok(()));
    }

    #[test]
    fn usage_follows_every_kind_of_action() {
        let now = [current("a", "aaaa"), current("b", "bb")];
        assert_eq!(usage_of(&now), Usage { files: 2, bytes: 6 });
        let actions = [
            Action::Create(incoming("c", "c")),
            Action::NewVersion(incoming("a", "aaaaaaaa")),
            Action::UpdateMeta(incoming("b", "bb")),
            Action::MoveToBin("b".to_owned()),
        ];
        assert_eq!(usage_after(&now, &actions), Usage { files: 2, bytes: 9 });
    }

    #[test]
    fn the_least_usage_counts_only_new_files() {
        let now = [current("a", "aaaa")];
        let plan = RestorePlan::new(
            vec![incoming("a", "other"), incoming("n", "nnn")],
            &[("a".to_owned(), content_sha256("aaaa"))]
                .into_iter()
                .collect(),
        );
        assert_eq!(least_usage_after(&plan, &now), Usage { files: 2, bytes: 7 });
    }
}
