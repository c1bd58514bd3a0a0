//! A search of the library, as a user types it: `parse error lang:rust tag:work "fn main"`.
//! Words are taken literally (no pattern, no operator reaches a database), case-insensitive,
//! and every one must appear in the file's name, code, note or tags; `lang:` and `tag:`
//! filter. The stores only narrow the candidates with their indexes; [`SearchQuery::find`]
//! decides, so both stores answer the same.

use super::{CodeFile, FileSummary, language, tags::check_tag};

/// The longest query, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// The most words a query may hold.
pub const MAX_WORDS: usize = 8;
/// The most characters of a matching line shown.
pub const SHOWN_LINE_CHARS: usize = 80;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("nothing to search for")]
    Empty,
    #[error("a query is at most {MAX_QUERY_CHARS} characters")]
    TooLong,
    #[error("a query has at most {MAX_WORDS} words")]
    TooManyWords,
    #[error("no language is called {0:?}")]
    UnknownLanguage(String),
    #[error("{0:?} is not a tag")]
    BadTag(String),
}

/// A parsed query: what to find, and in which files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchQuery {
    /// Lowercased; each must appear somewhere in the file.
    pub words: Vec<String>,
    /// A language's canonical spelling (`rust`).
    pub language: Option<&'static str>,
    /// A tag, as tags are spelled (compared ignoring case).
    pub tag: Option<String>,
}

/// Why a file was found: the first line of its code holding a word, when one does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// 1-based.
    pub line_number: usize,
    /// The line, trimmed, cut to [`SHOWN_LINE_CHARS`].
    pub line: String,
}

/// A file a search found: its list row, and the line that shows why.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub file: FileSummary,
    pub hit: Option<Hit>,
    /// One of the user's ⭐ favourites (the library marks them; a store leaves it false).
    pub favourite: bool,
}

impl SearchQuery {
    /// Reads a typed query. A `"quoted phrase"` is one word, spaces included; `lang:` and
    /// `tag:` (any case) are filters, the last of each kept.
    pub fn parse(text: &str) -> Result<Self, QueryError> {
        let text = text.trim();
        if text.chars().count() > MAX_QUERY_CHARS {
            return Err(QueryError::TooLong);
        }
        let mut query = Self::default();
        for token in tokens(text) {
            if let Some(name) = filter_value(&token, "lang:") {
                let known = language::known(name)
                    .ok_or_else(|| QueryError::UnknownLanguage(name.to_owned()))?;
                query.language = Some(known);
            } else if let Some(tag) = filter_value(&token, "tag:") {
                let tag = check_tag(tag)
                    .ok()
                    .flatten()
                    .ok_or_else(|| QueryError::BadTag(tag.to_owned()))?;
                query.tag = Some(tag);
            } else {
                let word = token.to_lowercase();
                if !query.words.contains(&word) {
                    query.words.push(word);
                }
            }
        }
        if query.words.len() > MAX_WORDS {
            return Err(QueryError::TooManyWords);
        }
        if query.words.is_empty() && query.language.is_none() && query.tag.is_none() {
            return Err(QueryError::Empty);
        }
        Ok(query)
    }

    /// Whether `file` is found, and where: `None` when it is not.
    pub fn find(&self, file: &CodeFile) -> Option<Option<Hit>> {
        if self
            .language
            .is_some_and(|wanted| !file.language.eq_ignore_ascii_case(wanted))
        {
            return None;
        }
        if let Some(wanted) = &self.tag
            && !file.tags.iter().any(|tag| tag.eq_ignore_ascii_case(wanted))
        {
            return None;
        }
        let code = file.code.to_lowercase();
        let name = file.name.to_lowercase();
        let note = file.note.as_deref().unwrap_or_default().to_lowercase();
        let tags = file.tags.join("\n").to_lowercase();
        let found = |word: &String| {
            [&name, &code, &note, &tags]
                .iter()
                .any(|text| text.contains(word.as_str()))
        };
        if !self.words.iter().all(found) {
            return None;
        }
        Some(self.hit(&file.code))
    }

    /// `file`'s result row, if it is found.
    pub fn found(&self, file: &CodeFile) -> Option<Found> {
        self.find(file).map(|hit| Found {
            file: file.summary(),
            hit,
            favourite: false,
        })
    }

    /// The first line of `code` holding one of the words.
    fn hit(&self, code: &str) -> Option<Hit> {
        if self.words.is_empty() {
            return None;
        }
        code.lines().enumerate().find_map(|(index, line)| {
            let lower = line.to_lowercase();
            self.words
                .iter()
                .any(|word| lower.contains(word.as_str()))
                .then(|| Hit {
                    line_number: index + 1,
                    line: cut(line.trim(), SHOWN_LINE_CHARS),
                })
        })
    }

    /// The words a store folding only ASCII case can look for: the ASCII ones (a store
    /// narrowing with the others could miss `ПРИВЕТ` for `привет`; [`Self::find`] checks all).
    pub fn indexable_words(&self) -> impl Iterator<Item = &str> {
        (self.words.iter())
            .filter(|word| word.is_ascii())
            .map(String::as_str)
    }
}

/// The query's tokens: runs of non-space characters, or the text between double quotes.
fn tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
                quoted = !quoted;
            }
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

/// The value of a `prefix:value` filter, the prefix in any case; `None` for a word.
fn filter_value<'a>(token: &'a str, prefix: &str) -> Option<&'a str> {
    let head = token.get(..prefix.len())?;
    let value = &token[prefix.len()..];
    (head.eq_ignore_ascii_case(prefix) && !value.is_empty()).then_some(value)
}

/// `text` cut to `max` characters, with `…` when cut.
fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// Escapes `text` for a regular expression (MongoDB's `$regex`), so it matches only itself.
pub fn escape_regex(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::domain::Id;

    fn file(name: &str, language: &str, code: &str, note: Option<&str>, tags: &[&str]) -> CodeFile {
        CodeFile {
            key: Id::generate(),
            version_id: Id::generate(),
            user_id: 1,
            name: name.into(),
            language: language.into(),
            code: code.into(),
            note: note.map(Into::into),
            tags: tags.iter().map(|tag| (*tag).to_owned()).collect(),
            version: 1,
            size: code.len() as u64,
            sha256: String::new(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
            deleted_at: None,
        }
    }

    #[test]
    fn words_filters_and_phrases_are_read() {
        let query = SearchQuery::parse(r#"  Parse LANG:Rust tag:#work "fn main(" parse "#).unwrap();
        assert_eq!(query.words, ["parse", "fn main("]);
        assert_eq!(query.language, Some("rust"));
        assert_eq!(query.tag.as_deref(), Some("work"));
        assert_eq!(
            SearchQuery::parse("tag:db").unwrap(),
            SearchQuery {
                tag: Some("db".into()),
                ..SearchQuery::default()
            }
        );
        // A bare `lang:` is a word, not a filter.
        assert_eq!(SearchQuery::parse("lang:").unwrap().words, ["lang:"]);
    }

    #[test]
    fn bad_queries_are_refused_with_their_reason() {
        assert_eq!(SearchQuery::parse("  "), Err(QueryError::Empty));
        assert_eq!(SearchQuery::parse("\"\""), Err(QueryError::Empty));
        assert_eq!(
            SearchQuery::parse(&"x".repeat(MAX_QUERY_CHARS + 1)),
            Err(QueryError::TooLong)
        );
        assert_eq!(
            SearchQuery::parse("a b c d e f g h i"),
            Err(QueryError::TooManyWords)
        );
        assert_eq!(
            SearchQuery::parse("x lang:klingon"),
            Err(QueryError::UnknownLanguage("klingon".into()))
        );
        assert_eq!(
            SearchQuery::parse("tag:<b>"),
            Err(QueryError::BadTag("<b>".into()))
        );
    }

    #[test]
    fn every_word_must_appear_somewhere_in_any_case() {
        let rust = file(
            "Server.rs",
            "rust",
            "use std::io;\n\n    fn HANDLE(req: Request) {}\n",
            Some("the Gateway"),
            &["Work"],
        );
        let find = |text: &str| SearchQuery::parse(text).unwrap().find(&rust);
        assert_eq!(
            find("handle"),
            Some(Some(Hit {
                line_number: 3,
                line: "fn HANDLE(req: Request) {}".into()
            }))
        );
        // In the name, the note and a tag: found, no code line to show.
        assert_eq!(find("server gateway work"), Some(None));
        assert_eq!(find("handle missing"), None);
        assert_eq!(find("handle lang:python"), None);
        assert_eq!(find("handle lang:RUST tag:work"), find("handle"));
        assert_eq!(find("handle tag:home"), None);
        assert!(find("lang:rust").is_some());
    }

    #[test]
    fn metacharacters_are_taken_literally() {
        let code = file(
            "a.js",
            "javascript",
            "x = /.*/; y = a[0] + $b; // <b>&amp;",
            None,
            &[],
        );
        for literal in [".*", "a[0]", "$b", "<b>&amp;", "+ $"] {
            let found = SearchQuery::parse(literal).unwrap().find(&code);
            assert!(found.is_some_and(|hit| hit.is_some()), "{literal}");
        }
        assert_eq!(SearchQuery::parse("a.0").unwrap().find(&code), None);
        assert_eq!(SearchQuery::parse("^x").unwrap().find(&code), None);
    }

    #[test]
    fn a_long_line_is_cut_where_a_character_ends() {
        let long = format!("let s = \"{}\";", "ё".repeat(200));
        let hit = SearchQuery::parse("let")
            .unwrap()
            .find(&file("a.rs", "rust", &long, None, &[]))
            .unwrap()
            .unwrap();
        assert_eq!(hit.line.chars().count(), SHOWN_LINE_CHARS + 1);
        assert!(hit.line.ends_with('…'));
    }

    #[test]
    fn regex_escaping_leaves_no_operator() {
        assert_eq!(
            escape_regex(r"a.b*(c)|[d]{2}^$\"),
            r"a\.b\*\(c\)\|\[d\]\{2\}\^\$\\"
        );
        assert_eq!(escape_regex("plain_word ёж"), "plain_word ёж");
    }
}
