//! Notes on files: one rule for a note the user types and for one arriving in an archive.

use super::MAX_NOTE_CHARS;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoteTooLong;

/// Trimmed, with control characters other than newlines and tabs removed: they show as
/// nothing, and Telegram refuses some of them in the message that shows the note.
fn clean(text: &str) -> String {
    text.trim()
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

/// A typed note as it is stored (empty for no note), or refused when longer than the limit.
pub fn check_note(text: &str) -> Result<String, NoteTooLong> {
    let note = clean(text);
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(NoteTooLong);
    }
    Ok(note)
}

/// A note arriving in an archive: the same rule, but a long note is cut to the limit (on a
/// character boundary) rather than refused; the flag says it was cut.
pub fn fit_note(text: &str) -> (String, bool) {
    let note = clean(text);
    match note.char_indices().nth(MAX_NOTE_CHARS) {
        Some((end, _)) => (note[..end].trim_end().to_owned(), true),
        None => (note, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_notes_are_trimmed_cleaned_and_limited() {
        assert_eq!(check_note("  hi\nthere\t! "), Ok("hi\nthere\t!".to_owned()));
        assert_eq!(check_note("a\u{0}b\u{7}"), Ok("ab".to_owned()));
        assert_eq!(check_note(&"ש".repeat(1000)), Ok("ש".repeat(1000)));
        assert_eq!(check_note(&"x".repeat(1001)), Err(NoteTooLong));
        assert_eq!(check_note("   "), Ok(String::new()));
    }

    #[test]
    fn arriving_notes_are_cut_on_a_character_boundary() {
        let (note, cut) = fit_note(&"ж".repeat(4000));
        assert_eq!((note.chars().count(), cut), (1000, true));
        assert_eq!(check_note(&note), Ok(note.clone()));
        assert_eq!(fit_note(" short "), ("short".to_owned(), false));
    }
}
