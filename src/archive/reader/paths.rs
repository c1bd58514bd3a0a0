//! Entry names: which are safe, their normal form, and which name what we skip.

use super::SkipReason;

/// The entry name with empty and `.` components dropped, or `None` when it is unsafe: absolute,
/// with a `..` component, a NUL, a backslash or a drive letter (`C:`).
///
/// Stricter than zip's `enclosed_name`, which takes `/etc/passwd` and `C:/x` as relative,
/// allows `a/../b`, and treats a backslash as an ordinary character on Unix though Windows
/// tools split on it.
pub(super) fn normalize(name: &str) -> Option<String> {
    if name.starts_with('/') || name.contains(['\0', '\\']) {
        return None;
    }
    let mut kept: Vec<&str> = Vec::new();
    for component in name.split('/') {
        match component {
            "" | "." => {}
            ".." => return None,
            _ if kept.is_empty() && is_drive(component) => return None,
            _ => kept.push(component),
        }
    }
    Some(kept.join("/"))
}

/// `C:`, `c:foo`: Windows resolves these against a drive, not the extraction folder.
fn is_drive(component: &str) -> bool {
    let bytes = component.as_bytes();
    bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':'
}

/// What every returned path is: the invariant the import relies on.
pub(super) fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.contains(['\0', '\\'])
        && path
            .split('/')
            .all(|component| !matches!(component, "" | "." | ".."))
        && !is_drive(path.split('/').next().unwrap_or_default())
}

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
    fn normalizes_safe_names() {
        assert_eq!(normalize("a.py").as_deref(), Some("a.py"));
        assert_eq!(normalize("./src//main.rs").as_deref(), Some("src/main.rs"));
        assert_eq!(normalize("src/").as_deref(), Some("src"));
        assert_eq!(normalize("a:b/c:d").as_deref(), None);
        assert_eq!(normalize("ab:c/d").as_deref(), Some("ab:c/d"));
        assert_eq!(normalize("x/C:/y").as_deref(), Some("x/C:/y"));
        assert_eq!(normalize("שלום/код.py").as_deref(), Some("שלום/код.py"));
        assert_eq!(normalize("./").as_deref(), Some(""));
    }

    #[test]
    fn refuses_unsafe_names() {
        for name in [
            "../a",
            "a/../b",
            "a/..",
            "/etc/passwd",
            "//server/share",
            "a\\b",
            "..\\a",
            "C:/x",
            "c:x",
            "./C:/x",
            "a\0b",
        ] {
            assert_eq!(normalize(name), None, "{name:?}");
        }
    }

    #[test]
    fn every_normal_form_is_safe_or_empty() {
        for name in ["a", "./a/./b/", "x//y", "..a/b..", "a/...", "."] {
            let path = normalize(name).unwrap();
            assert!(path.is_empty() || is_safe_relative(&path), "{name:?}");
        }
        for path in ["", "/a", "a/", "a//b", "./a", "a/..", "a\\b", "C:/a"] {
            assert!(!is_safe_relative(path), "{path:?}");
        }
    }

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
