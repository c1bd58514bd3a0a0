//! Which repository an archive holds, from the strongest evidence to the weakest.

/// `repo` in the manifest; else the top folder (`owner-repo-<sha>/`, or `repo-main/` with the
/// owner from the document's name); else the document's name alone; else `.git/config`'s
/// origin, read only when nothing before it answered.
pub(super) fn detect(
    manifest_repo: Option<&str>,
    top_folder: Option<&str>,
    document_name: Option<&str>,
    git_config: impl FnOnce() -> Option<String>,
) -> Option<String> {
    let document = document_name.map(document_stem);
    manifest_repo
        .and_then(from_reference)
        .or_else(|| top_folder.and_then(|folder| from_folder(folder, document)))
        .or_else(|| document.and_then(from_document))
        .or_else(|| git_config().as_deref().and_then(from_git_config))
}

/// `owner/name`, `owner/name.git`, or a URL.
fn from_reference(value: &str) -> Option<String> {
    let value = value.trim();
    if value.contains("://") || value.contains('@') {
        return from_url(value);
    }
    let value = value.strip_prefix("github.com/").unwrap_or(value);
    let (owner, name) = value.trim_matches('/').split_once('/')?;
    normalized(owner, name)
}

/// `owner-repo-<sha>` (the API's zipball) names both. `repo-<branch>` (GitHub's "Download
/// ZIP") names only the repository; a document called `owner-repo-<branch>.zip` adds the owner.
fn from_folder(folder: &str, document: Option<&str>) -> Option<String> {
    if let Some(repo) = from_sha_name(folder) {
        return Some(repo);
    }
    // A branch may hold dashes too (`repo-feature-x`); the last dash is only the likelier split.
    let (name, _branch) = folder.rsplit_once('-')?;
    let owner = document?.strip_suffix(folder)?.strip_suffix('-')?;
    normalized(owner, name)
}

/// `owner-repo-<sha>`, `owner-repo-main`, `owner-repo-master`.
fn from_document(stem: &str) -> Option<String> {
    from_sha_name(stem).or_else(|| {
        let rest = stem
            .strip_suffix("-main")
            .or_else(|| stem.strip_suffix("-master"))?;
        let (owner, name) = rest.split_once('-')?;
        normalized(owner, name)
    })
}

/// `owner-repo-<7 to 40 lowercase hex digits>`. Owners and repositories may both contain
/// dashes and nothing marks where one ends, so the owner is taken up to the first dash: right
/// for every owner without a dash, wrong for `my-org-repo-<sha>`.
fn from_sha_name(name: &str) -> Option<String> {
    let (rest, sha) = name.rsplit_once('-')?;
    let is_sha = (7..=40).contains(&sha.len())
        && sha
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !is_sha {
        return None;
    }
    let (owner, repo) = rest.split_once('-')?;
    normalized(owner, repo)
}

/// The URL of `[remote "origin"]`.
fn from_git_config(text: &str) -> Option<String> {
    let mut in_origin = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_origin = is_origin_section(line);
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        if in_origin && key.trim().eq_ignore_ascii_case("url") {
            let value = value.split_whitespace().next().unwrap_or_default();
            return from_url(value.trim_matches('"'));
        }
    }
    None
}

/// `[remote "origin"]`: git ignores the case of the section, not of the subsection.
fn is_origin_section(line: &str) -> bool {
    let inner = line.trim_start_matches('[').trim_end_matches(']').trim();
    inner
        .split_once(char::is_whitespace)
        .is_some_and(|(section, name)| {
            section.eq_ignore_ascii_case("remote") && name.trim() == "\"origin\""
        })
}

/// `https://github.com/owner/repo.git`, `ssh://git@host/owner/repo`, `git@host:owner/repo.git`.
fn from_url(url: &str) -> Option<String> {
    let path = match url.split_once("://") {
        Some((_, rest)) => {
            let (host, path) = rest.split_once('/')?;
            if host.is_empty() {
                return None;
            }
            path
        }
        None => {
            // scp-like `host:path`; a one-letter host is a Windows drive, not a remote.
            let (host, path) = url.split_once(':')?;
            if host.len() < 2 || host.contains('/') {
                return None;
            }
            path
        }
    };
    let (owner, name) = path.trim_matches('/').split_once('/')?;
    normalized(owner, name)
}

/// `owner/name` without `.git`, when both are names a Git host could have made.
fn normalized(owner: &str, name: &str) -> Option<String> {
    let name = name.strip_suffix(".git").unwrap_or(name);
    let valid = |part: &str| {
        !part.is_empty()
            && part.len() <= 100
            && part != "."
            && part != ".."
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    };
    (valid(owner) && valid(name)).then(|| format!("{owner}/{name}"))
}

/// `owner-repo-main` from `downloads/owner-repo-main (1).zip`.
fn document_stem(name: &str) -> &str {
    let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = match name.len().checked_sub(4) {
        Some(dot) if name.is_char_boundary(dot) && name[dot..].eq_ignore_ascii_case(".zip") => {
            &name[..dot]
        }
        _ => name,
    };
    // Browsers number a second download of the same name.
    match stem.rsplit_once(" (") {
        Some((base, copy)) if is_copy_number(copy) => base,
        _ => stem,
    }
}

/// `2)` of `name (2)`.
fn is_copy_number(tail: &str) -> bool {
    tail.strip_suffix(')')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> Option<String> {
        None
    }

    #[test]
    fn the_manifest_wins_and_is_normalized() {
        for value in [
            "octo/tool",
            "octo/tool.git",
            "https://github.com/octo/tool",
            "github.com/octo/tool/",
        ] {
            let repo = detect(Some(value), Some("a-b-abcdef1"), Some("x-y-main.zip"), none);
            assert_eq!(repo.as_deref(), Some("octo/tool"), "{value}");
        }
        let fallback = detect(Some("not a repo"), Some("a-b-abcdef1"), None, none);
        assert_eq!(fallback.as_deref(), Some("a/b"));
    }

    #[test]
    fn reads_github_folders_with_help_from_the_document() {
        let detect_folder = |folder, document| detect(None, Some(folder), document, none);
        let sha = "octo-hello-world-0123abc";
        assert_eq!(
            detect_folder(sha, None).as_deref(),
            Some("octo/hello-world")
        );
        let full = "octo-tool-0123456789abcdef0123456789abcdef01234567";
        assert_eq!(detect_folder(full, None).as_deref(), Some("octo/tool"));
        assert_eq!(detect_folder("tool-main", None), None);
        assert_eq!(detect_folder("tool-main", Some("tool-main.zip")), None);
        let named = detect_folder("hello-world-main", Some("my-org-hello-world-main.zip"));
        assert_eq!(named.as_deref(), Some("my-org/hello-world"));
        assert_eq!(detect_folder("project", Some("x-project.zip")), None);
        assert_eq!(detect_folder("OCTO-tool-ABCDEF1", None), None);
    }

    #[test]
    fn reads_the_document_name_alone() {
        let from = |document| detect(None, None, Some(document), none);
        assert_eq!(from("octo-tool-main.zip").as_deref(), Some("octo/tool"));
        assert_eq!(
            from("octo-my-tool-master.ZIP").as_deref(),
            Some("octo/my-tool")
        );
        assert_eq!(
            from("C:\\dl\\octo-tool-abc1234 (2).zip").as_deref(),
            Some("octo/tool")
        );
        assert_eq!(from("my-cool-project.zip"), None);
        assert_eq!(from("tool-main.zip"), None);
        assert_eq!(from("backup.zip"), None);
    }

    #[test]
    fn reads_the_origin_of_a_git_config_last() {
        let config = "[core]\n\turl = https://example.com/not/this\n[remote \"upstream\"]\n\turl = \
                      git@github.com:other/fork.git\n[Remote \"origin\"]\n\tfetch = x\n\tURL = \
                      git@github.com:octo/tool.git\n";
        let repo = detect(None, None, None, || Some(config.to_owned()));
        assert_eq!(repo.as_deref(), Some("octo/tool"));
        let asked = std::cell::Cell::new(false);
        let _ = detect(None, None, Some("octo-tool-main.zip"), || {
            asked.set(true);
            None
        });
        assert!(
            !asked.get(),
            "a repository found earlier needs no .git/config"
        );
    }

    #[test]
    fn understands_remote_urls() {
        for url in [
            "https://github.com/octo/tool.git",
            "http://github.com/octo/tool",
            "ssh://git@github.com:22/octo/tool.git",
            "git@github.com:octo/tool.git",
            "gh:octo/tool",
            "https://ghe.example.com/octo/tool/",
        ] {
            assert_eq!(from_url(url).as_deref(), Some("octo/tool"), "{url}");
        }
        for url in [
            "/home/me/tool",
            "C:/repos/tool",
            "file:///srv/git/tool",
            "https://host/a/b/c",
            "git@host:../x",
        ] {
            assert_eq!(from_url(url), None, "{url}");
        }
    }
}
