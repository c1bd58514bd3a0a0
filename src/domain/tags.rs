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
/// Letters, digits and `-_.:/+` are allowed, so `repo:owner/name` tags round-trip.
pub fn parse_tags(text: &str) -> Result<Vec<String>, TagError> {
    let mut tags: Vec<String> = Vec::new();
    for raw in text.split([',', ' ', '\n', '\t']) {
        let tag = raw.trim().trim_start_matches('#');
        if tag.is_empty() {
            continue;
        }
        if tag.chars().count() > MAX_TAG_CHARS {
            return Err(TagError::TooLong(tag.to_owned()));
        }
        let allowed = |c: char| c.is_alphanumeric() || "-_.:/+".contains(c);
        if !tag.chars().all(allowed) {
            return Err(TagError::Invalid(tag.to_owned()));
        }
        if !tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
            tags.push(tag.to_owned());
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(TagError::TooMany);
    }
    Ok(tags)
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
}
