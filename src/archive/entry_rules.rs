//! The rules every entry of an archive we read or keep follows: its name is a safe relative
//! path, and it is a file or a directory, never a symbolic link. The importer refuses an
//! archive that breaks them; the repository repackager leaves such entries out. One set of
//! rules, so that whatever the repackager keeps, the importer reads back.

use zip::read::ZipFileEntry;

const S_IFMT: u32 = 0o170_000;
const S_IFLNK: u32 = 0o120_000;
const S_IFDIR: u32 = 0o040_000;

/// What an entry is, whatever its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    File,
    Directory,
    /// A symbolic link points outside the archive.
    Link,
}

pub(crate) fn kind(entry: &ZipFileEntry<'_>) -> Kind {
    // The host system in the header is the writer's claim; a link is one whoever wrote it.
    let raw_mode = entry.external_attributes() >> 16;
    if entry.is_symlink() || raw_mode & S_IFMT == S_IFLNK {
        Kind::Link
    } else if is_dir_name(entry.name_raw()) || entry.unix_mode().unwrap_or(0) & S_IFMT == S_IFDIR {
        Kind::Directory
    } else {
        Kind::File
    }
}

/// zip also takes a name ending in a backslash for a directory, but git allows that in a file
/// name: such an entry is a file, with a name no unzip tool can be trusted with.
fn is_dir_name(name: &[u8]) -> bool {
    name.ends_with(b"/")
}

/// Why an entry's name cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum BadName {
    NotUtf8,
    /// As written in the archive.
    Unsafe(String),
}

/// The entry's name as written and its normal form (see [`normalize`]), which is empty for
/// the archive's root.
pub(crate) fn checked_name(entry: &ZipFileEntry<'_>) -> Result<(String, String), BadName> {
    let name = std::str::from_utf8(entry.name_raw())
        .map_err(|_| BadName::NotUtf8)?
        .to_owned();
    if entry.enclosed_name().is_none() {
        return Err(BadName::Unsafe(name));
    }
    match normalize(&name) {
        Some(path) => Ok((name, path)),
        None => Err(BadName::Unsafe(name)),
    }
}

/// The entry name with empty and `.` components dropped, or `None` when it is unsafe: absolute,
/// with a `..` component, a NUL, a backslash or a drive letter (`C:`).
///
/// Stricter than zip's `enclosed_name`, which takes `/etc/passwd` and `C:/x` as relative,
/// allows `a/../b`, and treats a backslash as an ordinary character on Unix though Windows
/// tools split on it.
pub(crate) fn normalize(name: &str) -> Option<String> {
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
pub(crate) fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.contains(['\0', '\\'])
        && path
            .split('/')
            .all(|component| !matches!(component, "" | "." | ".."))
        && !is_drive(path.split('/').next().unwrap_or_default())
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
}
