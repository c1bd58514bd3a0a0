//! The `files.list` `q` shapes the client sends, and nothing more: anything else is a 400 so a
//! test notices when the client starts sending a new shape.

use super::state::FakeFile;

#[derive(Debug, PartialEq, Eq)]
pub enum Clause {
    InParents(String),
    MimeType(String),
    Name(String),
    Trashed(bool),
    AppProperty(String, String),
}

impl Clause {
    pub fn matches(&self, file: &FakeFile) -> bool {
        match self {
            Self::InParents(parent) => file.parents.contains(parent),
            Self::MimeType(mime) => &file.mime_type == mime,
            Self::Name(name) => &file.name == name,
            Self::Trashed(trashed) => file.trashed == *trashed,
            Self::AppProperty(key, value) => file.app_properties.get(key) == Some(value),
        }
    }
}

/// Splits at top-level ` and ` (outside quotes and braces).
fn split_and(q: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let (mut depth, mut quoted, mut escaped) = (0_i32, false, false);
    let mut current = String::new();
    let chars: Vec<char> = q.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if quoted {
            current.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '\'' {
                quoted = false;
            }
            i += 1;
            continue;
        }
        match c {
            '\'' => quoted = true,
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        if depth == 0 && chars[i..].starts_with(&[' ', 'a', 'n', 'd', ' ']) {
            parts.push(current.trim().to_owned());
            current.clear();
            i += 5;
            continue;
        }
        current.push(c);
        i += 1;
    }
    parts.push(current.trim().to_owned());
    parts
}

/// Parses one `'…'` literal at the start of `s`; returns it and the rest.
fn literal(s: &str) -> Option<(String, &str)> {
    let s = s.trim_start().strip_prefix('\'')?;
    let mut out = String::new();
    let mut chars = s.char_indices();
    while let Some((index, c)) = chars.next() {
        match c {
            '\\' => out.push(chars.next()?.1),
            '\'' => return Some((out, &s[index + 1..])),
            _ => out.push(c),
        }
    }
    None
}

fn field_equals(clause: &str, field: &str) -> Option<String> {
    let rest = clause.strip_prefix(field)?.trim_start().strip_prefix('=')?;
    let (value, rest) = literal(rest)?;
    rest.trim().is_empty().then_some(value)
}

fn clause(text: &str) -> Result<Clause, String> {
    if let Some(value) = field_equals(text, "mimeType") {
        return Ok(Clause::MimeType(value));
    }
    if let Some(value) = field_equals(text, "name") {
        return Ok(Clause::Name(value));
    }
    match text {
        "trashed=false" | "trashed = false" => return Ok(Clause::Trashed(false)),
        "trashed=true" | "trashed = true" => return Ok(Clause::Trashed(true)),
        _ => {}
    }
    if let Some((parent, rest)) = literal(text)
        && rest.trim() == "in parents"
    {
        return Ok(Clause::InParents(parent));
    }
    if let Some(inner) = text
        .strip_prefix("appProperties has {")
        .and_then(|rest| rest.strip_suffix('}'))
    {
        let inner = inner.trim();
        let rest = inner
            .strip_prefix("key=")
            .ok_or("appProperties without key")?;
        let (key, rest) = literal(rest).ok_or("bad key literal")?;
        let rest = rest
            .trim_start()
            .strip_prefix("and value=")
            .ok_or("appProperties without value")?;
        let (value, rest) = literal(rest).ok_or("bad value literal")?;
        if rest.trim().is_empty() {
            return Ok(Clause::AppProperty(key, value));
        }
    }
    Err(format!("unsupported q clause: {text}"))
}

pub fn parse(q: &str) -> Result<Vec<Clause>, String> {
    split_and(q).iter().map(|part| clause(part)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_client_shapes() {
        let q = r"'fold\'er' in parents and appProperties has { key='codevault' and value='backup' } and trashed=false and name='a and b'";
        assert_eq!(
            parse(q).unwrap(),
            vec![
                Clause::InParents("fold'er".to_owned()),
                Clause::AppProperty("codevault".to_owned(), "backup".to_owned()),
                Clause::Trashed(false),
                Clause::Name("a and b".to_owned()),
            ]
        );
        assert!(parse("fullText contains 'x'").is_err());
    }
}
