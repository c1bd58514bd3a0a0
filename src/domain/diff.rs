//! What changed between two versions of a file: a unified diff, as `diff -u` prints it.

use std::time::Duration;

use similar::TextDiff;

/// Lines of unchanged code shown around each change.
const CONTEXT_LINES: usize = 3;

/// How long the diff may search for the smallest set of changes; past it, it settles for a
/// larger but still exact one, so two big files rewritten throughout never hold a worker long.
const SEARCH_FOR: Duration = Duration::from_secs(1);

/// The unified diff turning `old` into `new`, headed by their labels (`--- old`, `+++ new`);
/// `None` when they are the same.
pub fn unified(old_label: &str, new_label: &str, old: &str, new: &str) -> Option<String> {
    if old == new {
        return None;
    }
    let diff = TextDiff::configure()
        .timeout(SEARCH_FOR)
        .diff_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(CONTEXT_LINES)
        .header(old_label, new_label)
        .to_string();
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_line_shows_with_its_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let new = "a\nb\nc\nd\nE\nf\ng\nh\n";
        assert_eq!(
            unified("app.py v1", "app.py v2", old, new).unwrap(),
            "--- app.py v1\n+++ app.py v2\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"
        );
    }

    #[test]
    fn the_same_text_has_no_diff() {
        assert_eq!(unified("a", "b", "x = 1\n", "x = 1\n"), None);
    }

    #[test]
    fn a_missing_final_newline_is_a_change_and_says_so() {
        let diff = unified("a", "b", "x = 1\n", "x = 1").unwrap();
        assert_eq!(
            diff,
            "--- a\n+++ b\n@@ -1 +1 @@\n-x = 1\n+x = 1\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn added_and_removed_files_content() {
        assert_eq!(
            unified("a", "b", "", "new\n").unwrap(),
            "--- a\n+++ b\n@@ -0,0 +1 @@\n+new\n"
        );
    }
}
