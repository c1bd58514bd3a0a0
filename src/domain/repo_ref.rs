//! Which repository (and which branch, tag or commit) a user asked to back up.
//!
//! Accepted: `owner/repo`, `owner/repo.git`, a web URL on any host (GitHub Enterprise too),
//! with `/tree/<ref>` or `/commit/<sha>`, an SSH remote `git@host:owner/repo.git`, each
//! optionally followed by a ref as a second word, which wins over one in the URL.

use std::fmt;

use serde::{Deserialize, Serialize};

const MAX_OWNER: usize = 39;
const MAX_NAME: usize = 100;
const MAX_REF: usize = 250;

/// Stored as it is in a queued task (`Serialize`), so a task is read back without parsing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepoRef {
    pub owner: String,
    pub name: String,
    /// A branch, tag or commit; `None` means the default branch.
    pub git_ref: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RepoRefError {
    #[error("no repository given")]
    Empty,
    #[error("not a repository reference")]
    Unrecognized,
    #[error("not a valid owner name")]
    BadOwner,
    #[error("not a valid repository name")]
    BadName,
    #[error("not a valid branch, tag or commit")]
    BadRef,
}

impl RepoRef {
    pub fn parse(input: &str) -> Result<Self, RepoRefError> {
        let mut words = input.split_whitespace();
        let target = words.next().ok_or(RepoRefError::Empty)?;
        let explicit_ref = words.next();
        if words.next().is_some() {
            return Err(RepoRefError::Unrecognized);
        }
        let (owner, name, url_ref) = split_target(target)?;
        let name = name.strip_suffix(".git").unwrap_or(name);
        check_owner(owner)?;
        check_name(name)?;
        let git_ref = explicit_ref.or(url_ref).map(str::to_owned);
        if let Some(git_ref) = &git_ref {
            check_ref(git_ref)?;
        }
        Ok(Self {
            owner: owner.to_owned(),
            name: name.to_owned(),
            git_ref,
        })
    }

    /// `owner/name`, as GitHub and the `repo:` tag write it.
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.owner, self.name)
    }
}

impl fmt::Display for RepoRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.git_ref {
            Some(git_ref) => write!(f, "{}/{} {git_ref}", self.owner, self.name),
            None => write!(f, "{}/{}", self.owner, self.name),
        }
    }
}

/// A short fingerprint of a repository's `owner/name`, case-insensitive as GitHub's names are.
/// The recent-repository buttons carry it, so a button names its repository rather than a
/// place in a list that reorders after every backup.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RepoKey([u8; RepoKey::BYTES]);

impl RepoKey {
    /// 64 bits: a user's few recent repositories never collide by accident.
    const BYTES: usize = 8;

    pub fn of(full_name: &str) -> Self {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(full_name.to_ascii_lowercase().as_bytes());
        let mut key = [0; Self::BYTES];
        key.copy_from_slice(&digest[..Self::BYTES]);
        Self(key)
    }

    /// Exactly the lowercase hex that `Display` writes, so each key has one encoding.
    pub fn parse(text: &str) -> Option<Self> {
        let canonical = text.len() == Self::BYTES * 2
            && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if !canonical {
            return None;
        }
        let mut key = [0; Self::BYTES];
        hex::decode_to_slice(text, &mut key).ok()?;
        Some(Self(key))
    }
}

impl fmt::Display for RepoKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

/// Owner, name and the ref a URL carries, from the first word.
fn split_target(target: &str) -> Result<(&str, &str, Option<&str>), RepoRefError> {
    let path = if let Some(rest) = strip_scheme(target) {
        // host/owner/repo[/tree/<ref>]: the host is whatever precedes the first slash.
        rest.split_once('/').ok_or(RepoRefError::Unrecognized)?.1
    } else if let Some((user_host, path)) = target.split_once(':') {
        if !user_host.contains('@') {
            return Err(RepoRefError::Unrecognized);
        }
        path
    } else if target.starts_with("github.com/") || target.starts_with("www.github.com/") {
        target.split_once('/').ok_or(RepoRefError::Unrecognized)?.1
    } else {
        target
    };
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let path = path.trim_end_matches('/');
    let mut parts = path.splitn(3, '/');
    let owner = parts.next().filter(|part| !part.is_empty());
    let name = parts.next().filter(|part| !part.is_empty());
    let (Some(owner), Some(name)) = (owner, name) else {
        return Err(RepoRefError::Unrecognized);
    };
    let url_ref = match parts.next() {
        None => None,
        Some(rest) => {
            let (kind, git_ref) = rest.split_once('/').ok_or(RepoRefError::Unrecognized)?;
            if !matches!(kind, "tree" | "commit") || git_ref.is_empty() {
                return Err(RepoRefError::Unrecognized);
            }
            Some(git_ref)
        }
    };
    Ok((owner, name, url_ref))
}

fn strip_scheme(target: &str) -> Option<&str> {
    let lower = target.get(..8).unwrap_or(target).to_ascii_lowercase();
    if lower.starts_with("https://") {
        Some(&target[8..])
    } else if lower.starts_with("http://") {
        Some(&target[7..])
    } else {
        None
    }
}

fn check_owner(owner: &str) -> Result<(), RepoRefError> {
    let valid = owner.len() <= MAX_OWNER
        && !owner.starts_with('-')
        && owner.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    valid.then_some(()).ok_or(RepoRefError::BadOwner)
}

fn check_name(name: &str) -> Result<(), RepoRefError> {
    let valid = !name.is_empty()
        && name.len() <= MAX_NAME
        && name != "."
        && name != ".."
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    valid.then_some(()).ok_or(RepoRefError::BadName)
}

/// Git's own rules for ref names, the parts that matter for a URL path.
fn check_ref(git_ref: &str) -> Result<(), RepoRefError> {
    let valid = git_ref.len() <= MAX_REF
        && !git_ref.starts_with(['-', '/'])
        && !git_ref.ends_with(['/', '.'])
        && !git_ref.contains("..")
        && !git_ref.contains("//")
        && !git_ref.contains("@{")
        && git_ref.split('/').all(|part| !part.starts_with('.'))
        && git_ref
            .chars()
            .all(|c| !c.is_control() && !c.is_whitespace() && !"~^:?*[\\%#".contains(c));
    valid.then_some(()).ok_or(RepoRefError::BadRef)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(input: &str) -> (String, Option<String>) {
        let repo = RepoRef::parse(input).unwrap_or_else(|error| panic!("{input}: {error}"));
        (repo.full_name(), repo.git_ref)
    }

    #[test]
    fn accepts_every_documented_form() {
        let cases = [
            ("octocat/hello", "octocat/hello", None),
            ("  octocat/hello.git  ", "octocat/hello", None),
            ("https://github.com/octocat/hello", "octocat/hello", None),
            ("https://github.com/octocat/hello/", "octocat/hello", None),
            (
                "HTTPS://github.com/octocat/hello.git",
                "octocat/hello",
                None,
            ),
            ("github.com/octocat/hello", "octocat/hello", None),
            (
                "https://github.com/octocat/hello/tree/feature/x",
                "octocat/hello",
                Some("feature/x"),
            ),
            (
                "https://github.com/octocat/hello/commit/0123abc",
                "octocat/hello",
                Some("0123abc"),
            ),
            (
                "https://ghe.example.com/team/tool?tab=readme",
                "team/tool",
                None,
            ),
            ("git@github.com:octocat/hello.git", "octocat/hello", None),
            ("octocat/hello v1.2.0", "octocat/hello", Some("v1.2.0")),
            (
                "https://github.com/octocat/hello/tree/main dev",
                "octocat/hello",
                Some("dev"),
            ),
            ("my-org/my_repo.rs", "my-org/my_repo.rs", None),
        ];
        for (input, name, git_ref) in cases {
            assert_eq!(
                parsed(input),
                (name.to_owned(), git_ref.map(str::to_owned)),
                "{input}"
            );
        }
    }

    #[test]
    fn repo_keys_ignore_case_tell_repositories_apart_and_round_trip() {
        let key = RepoKey::of("Octo/Hello");
        assert_eq!(key, RepoKey::of("octo/hello"));
        assert_ne!(key, RepoKey::of("octo/tools"));
        assert_ne!(key, RepoKey::of("octo/hell"));
        let text = key.to_string();
        assert_eq!(text.len(), 16);
        assert_eq!(RepoKey::parse(&text), Some(key));
        for bad in [
            "",
            "0123456789abcde",
            "0123456789abcdef0",
            "0123456789ABCDEF",
            "0123456789abcdeg",
            "+123456789abcdef",
        ] {
            assert_eq!(RepoKey::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_repository_with_a_reason() {
        let cases = [
            ("", RepoRefError::Empty),
            ("   ", RepoRefError::Empty),
            ("octocat", RepoRefError::Unrecognized),
            ("octocat/", RepoRefError::Unrecognized),
            ("a/b c d", RepoRefError::Unrecognized),
            ("https://github.com/octocat", RepoRefError::Unrecognized),
            (
                "https://github.com/octocat/hello/issues/3",
                RepoRefError::Unrecognized,
            ),
            ("oct cat/hello", RepoRefError::Unrecognized),
            ("octo_cat/hello", RepoRefError::BadOwner),
            ("-octo/hello", RepoRefError::BadOwner),
            (&format!("{}/x", "a".repeat(40)), RepoRefError::BadOwner),
            ("octocat/..", RepoRefError::BadName),
            ("octocat/hel$lo", RepoRefError::BadName),
            ("octocat/hello ../etc", RepoRefError::BadRef),
            ("octocat/hello a..b", RepoRefError::BadRef),
            ("octocat/hello -rf", RepoRefError::BadRef),
            ("octocat/hello a?b", RepoRefError::BadRef),
            ("octocat/hello .hidden", RepoRefError::BadRef),
        ];
        for (input, expected) in cases {
            assert_eq!(RepoRef::parse(input), Err(expected), "{input:?}");
        }
    }
}
