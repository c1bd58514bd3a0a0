//! Free tags on files, typed by users as `python, work #draft`.

pub const MAX_TAGS: usize = 20;
pub const MAX_TAG_CHARS: usize = 150;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagError {
    TooMany,
    TooLong(String),
    Invalid(String),
}

/// Splits on spaces and commas, drops a leading `#`, keeps the first spelling of duplicates.
pub fn parse_tags(text: &str) -> Result<Vec<String>, TagError> {
    let mut tags: Vec<String> = Vec::new();
    for raw in text.split([',', ' ', '\n', '\t']) {
        if let Some(tag) = check_tag(raw)? {
            push_unique(&mut tags, tag);
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(TagError::TooMany);
    }
    Ok(tags)
}

/// The rule for one tag, typed or arriving in an archive: trimmed, a leading `#` dropped,
/// at most [`MAX_TAG_CHARS`]; letters, digits and `-_.:/+` are allowed, so `repo:owner/name`
/// tags round-trip. `None` for an empty tag.
pub fn check_tag(raw: &str) -> Result<Option<String>, TagError> {
    let tag = raw.trim().trim_start_matches('#');
    if tag.is_empty() {
        return Ok(None);
    }
    if tag.chars().count() > MAX_TAG_CHARS {
        return Err(TagError::TooLong(tag.to_owned()));
    }
    let allowed = |c: char| c.is_alphanumeric() || "-_.:/+".contains(c);
    if !tag.chars().all(allowed) {
        return Err(TagError::Invalid(tag.to_owned()));
    }
    Ok(Some(tag.to_owned()))
}

/// Adds `tag` unless a tag of the same spelling (ignoring ASCII case) is there.
fn push_unique(tags: &mut Vec<String>, tag: String) {
    if !tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
        tags.push(tag);
    }
}

/// Tags arriving in an archive: each through [`check_tag`], invalid ones and those past
/// [`MAX_TAGS`] dropped. Returns the tags kept and how many were dropped.
pub fn filter_tags(raw: &[String]) -> (Vec<String>, usize) {
    let mut tags: Vec<String> = Vec::new();
    let mut dropped = 0;
    for tag in raw {
        match check_tag(tag) {
            Ok(Some(tag)) if tags.len() < MAX_TAGS => push_unique(&mut tags, tag),
            Ok(None) => {}
            Ok(Some(_)) | Err(_) => dropped += 1,
        }
    }
    (tags, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_deduplicates() {
        assert_eq!(
            parse_tags("#python, work  Work repo:me/tool").unwrap(),
            vec!["python", "work", "repo:me/tool"]
        );
        assert_eq!(parse_tags("  ").unwrap(), Vec::<String>::new());
    }

    #[test]
    fn rejects_bad_tags() {
        assert_eq!(parse_tags("a<b"), Err(TagError::Invalid("a<b".to_owned())));
        let many = (0..21)
            .map(|i| format!("t{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(parse_tags(&many), Err(TagError::TooMany));
        assert!(matches!(
            parse_tags(&"x".repeat(151)),
            Err(TagError::TooLong(_))
        ));
    }

    #[test]
    fn arriving_tags_keep_what_a_user_could_type() {
        let raw: Vec<String> = (0..30)
            .map(|i| format!("t{i}"))
            .chain(["<&>".to_owned()])
            .collect();
        let (kept, dropped) = filter_tags(&raw);
        assert_eq!(kept.len(), MAX_TAGS);
        assert_eq!(kept[0], "t0");
        assert_eq!(dropped, 11);
        let raw = ["#ok", "a b", "", "OK", &"x".repeat(151), "repo:me/tool"].map(str::to_owned);
        assert_eq!(
            filter_tags(&raw),
            (vec!["ok".to_owned(), "repo:me/tool".to_owned()], 2)
        );
    }
}
