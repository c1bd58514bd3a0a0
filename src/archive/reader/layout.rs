//! The single top folder most archives wrap their files in (`repo-main/`, `project/`).

use super::paths::is_finder_litter;
use super::structure::Entry;

/// Strips the archive's single top folder from every path under it and returns its name, when
/// everything but Finder's litter lies in one folder and no file sits at the root.
pub(super) fn strip_top_folder(entries: &mut [Entry]) -> Option<String> {
    let folder = top_folder(entries)?;
    let prefix = format!("{folder}/");
    for entry in entries.iter_mut() {
        // Only the folder's own entry becomes the root; a file of the same name was left out
        // of the detection as litter (`._x` beside `._x/`) and keeps its name.
        if entry.path == folder {
            if entry.is_dir {
                entry.path.clear();
            }
        } else if let Some(rest) = entry.path.strip_prefix(&prefix) {
            entry.path = rest.to_owned();
        }
    }
    Some(folder)
}

fn top_folder(entries: &[Entry]) -> Option<String> {
    let mut folder: Option<&str> = None;
    for entry in entries {
        if entry.path.is_empty() || is_finder_litter(&entry.path) {
            continue;
        }
        let (first, rest) = match entry.path.split_once('/') {
            Some((first, rest)) => (first, Some(rest)),
            None => (entry.path.as_str(), None),
        };
        if rest.is_none() && !entry.is_dir {
            return None;
        }
        match folder {
            Some(seen) if seen != first => return None,
            _ => folder = Some(first),
        }
    }
    folder.map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(paths: &[&str]) -> Vec<Entry> {
        paths
            .iter()
            .enumerate()
            .map(|(index, path)| Entry {
                index,
                name: (*path).to_owned(),
                path: path.trim_end_matches('/').to_owned(),
                is_dir: path.ends_with('/'),
                size: 0,
                encrypted: false,
            })
            .collect()
    }

    fn stripped(paths: &[&str]) -> (Option<String>, Vec<String>) {
        let mut entries = entries(paths);
        let folder = strip_top_folder(&mut entries);
        (
            folder,
            entries.into_iter().map(|entry| entry.path).collect(),
        )
    }

    #[test]
    fn strips_one_folder_holding_everything() {
        let (folder, paths) = stripped(&["repo-main/", "repo-main/src/", "repo-main/src/a.rs"]);
        assert_eq!(folder.as_deref(), Some("repo-main"));
        assert_eq!(paths, ["", "src", "src/a.rs"]);
        let (folder, paths) = stripped(&["p/a.py", "p/b/c.py"]);
        assert_eq!(folder.as_deref(), Some("p"));
        assert_eq!(paths, ["a.py", "b/c.py"]);
    }

    #[test]
    fn looks_past_finders_litter_but_leaves_it_in_place() {
        let (folder, paths) = stripped(&[
            "proj/",
            "proj/a.py",
            "proj/.DS_Store",
            "__MACOSX/",
            "__MACOSX/proj/._a.py",
            ".DS_Store",
        ]);
        assert_eq!(folder.as_deref(), Some("proj"));
        assert_eq!(
            paths,
            [
                "",
                "a.py",
                ".DS_Store",
                "__MACOSX",
                "__MACOSX/proj/._a.py",
                ".DS_Store"
            ]
        );
    }

    #[test]
    fn a_file_named_like_the_folder_is_never_emptied() {
        // Found by fuzzing: `._/.` is the file `._`, litter beside the folder `._/`.
        let mut entries = entries(&["._/a.py", "._/", "._"]);
        assert_eq!(strip_top_folder(&mut entries).as_deref(), Some("._"));
        let paths: Vec<&str> = entries.iter().map(|entry| entry.path.as_str()).collect();
        assert_eq!(paths, ["a.py", "", "._"]);
    }

    #[test]
    fn keeps_paths_when_files_sit_at_the_root_or_folders_differ() {
        assert_eq!(stripped(&["p/a.py", "b.py"]).0, None);
        assert_eq!(stripped(&["p/a.py", "q/b.py"]).0, None);
        assert_eq!(stripped(&["a.py"]).0, None);
        assert_eq!(stripped(&["metadata.json", "a.py"]).0, None);
        assert_eq!(stripped(&["__MACOSX/._a"]).0, None);
    }
}
