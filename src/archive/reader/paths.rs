//! Entry names that name what an import skips; which names are safe is
//! [`crate::archive::entry_rules`], shared with the repository repackager.

use super::SkipReason;

/// The reason an entry is skipped by its name alone, if any.
pub(super) fn skip_reason(path: &str, is_dir: bool) -> Option<SkipReason> {
    let mut components = path.split('/');
    let last = components.next_back().unwrap_or_default();
    let has = |folder: &str| path.split('/').any(|component| component == folder);
    if has("__MACOSX") || last.starts_with("._") {
        Some(SkipReason::MacOsMetadata)
    } else if has(".git") {
        Some(SkipReason::GitFolder)
    } else if has("node_modules") {
        Some(SkipReason::NodeModules)
    } else if is_dir {
        Some(SkipReason::Directory)
    } else if last == ".DS_Store" {
        Some(SkipReason::DsStore)
    } else {
        None
    }
}

/// Finder's additions beside the user's folder, which must not hide it as the single top folder.
pub(super) fn is_finder_litter(path: &str) -> bool {
    let first = path.split('/').next().unwrap_or_default();
    first == "__MACOSX" || (!path.contains('/') && (path.starts_with("._") || path == ".DS_Store"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_what_is_skipped() {
        let cases = [
            (
                "__MACOSX/proj/._a.py",
                false,
                Some(SkipReason::MacOsMetadata),
            ),
            ("__MACOSX", true, Some(SkipReason::MacOsMetadata)),
            ("src/._a.py", false, Some(SkipReason::MacOsMetadata)),
            (".git/config", false, Some(SkipReason::GitFolder)),
            ("sub/.git", false, Some(SkipReason::GitFolder)),
            (
                "web/node_modules/x/index.js",
                false,
                Some(SkipReason::NodeModules),
            ),
            ("node_modules", true, Some(SkipReason::NodeModules)),
            ("src", true, Some(SkipReason::Directory)),
            ("src/.DS_Store", false, Some(SkipReason::DsStore)),
            (".gitignore", false, None),
            ("my.git/a", false, None),
            ("a._b", false, None),
        ];
        for (path, is_dir, reason) in cases {
            assert_eq!(skip_reason(path, is_dir), reason, "{path}");
        }
    }

    #[test]
    fn finder_litter_is_only_macos_metadata_at_the_root() {
        for path in ["__MACOSX", "__MACOSX/proj/._a.py", "._proj", ".DS_Store"] {
            assert!(is_finder_litter(path), "{path}");
        }
        for path in ["proj/.DS_Store", "proj/._a", "a.py", "proj"] {
            assert!(!is_finder_litter(path), "{path}");
        }
    }
}
