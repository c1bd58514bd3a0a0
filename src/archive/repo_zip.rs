//! A repository archive (GitHub's zipball) kept as a backup: its entries copied byte for byte,
//! plus a `metadata.json` that records the repository, ref and commit and vouches for every
//! file by SHA-256, so the stored copy verifies like any backup.

use std::io::{self, Cursor, Read};

use sha2::{Digest, Sha256};
use zip::{ZipArchive, ZipWriter};

use super::headers::check_consistency;
use super::manifest::{MANIFEST_NAME, Manifest, ManifestFile};
use super::writer::{ManifestHeader, build_manifest, write_manifest};
use crate::domain::language;

const S_IFMT: u32 = 0o170_000;
const S_IFLNK: u32 = 0o120_000;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RepackError {
    #[error("the download is not a ZIP archive")]
    NotAZip,
    /// No regular file at all: GitHub answers an empty repository this way too.
    #[error("the repository has no files")]
    Empty,
    #[error("{0} is damaged")]
    Corrupt(String),
    #[error("{0} has an unsafe path")]
    UnsafePath(String),
    #[error("the files inflate past {0} bytes")]
    TooLarge(u64),
    #[error("cannot write the archive: {0}")]
    Write(String),
}

impl From<zip::result::ZipError> for RepackError {
    fn from(error: zip::result::ZipError) -> Self {
        Self::Write(error.to_string())
    }
}

/// Copies every regular file of `zipball` (directories are implied by paths; symbolic links
/// point outside the archive and are left out) and appends the manifest. Inflates each file
/// once, to hash it, never more than `max_total_bytes` in all.
pub fn repackage(
    zipball: &[u8],
    header: ManifestHeader,
    max_total_bytes: u64,
) -> Result<(Vec<u8>, Manifest), RepackError> {
    let mut zip = ZipArchive::new(Cursor::new(zipball)).map_err(|_| RepackError::NotAZip)?;
    // Entries are copied raw, headers and all: headers that disagree with the central directory
    // (or duplicate names) would be kept as they are and the copy would not verify.
    check_consistency(&mut zip, zipball)
        .map_err(|_| RepackError::Corrupt("the archive's structure".to_owned()))?;
    let names = zip
        .file_names()
        .map(|name| name.map(std::borrow::Cow::into_owned))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| RepackError::Corrupt("an entry name".to_owned()))?;
    let top = top_folder(&names);
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    let mut files = Vec::new();
    let mut budget = max_total_bytes;
    for index in 0..zip.len() {
        let (name, file) = {
            let mut entry = zip
                .by_index(index)
                .map_err(|_| RepackError::Corrupt(format!("entry {index}")))?;
            let name = entry
                .name()
                .map_err(|_| RepackError::Corrupt(format!("entry {index}")))?
                .into_owned();
            let link = entry
                .unix_mode()
                .is_some_and(|mode| mode & S_IFMT == S_IFLNK);
            if entry.is_dir() || link {
                continue;
            }
            if entry.enclosed_name().is_none() || name == MANIFEST_NAME {
                return Err(RepackError::UnsafePath(name));
            }
            let declared = entry.size();
            let (size, sha256, head) = hash(&mut entry, &name, &mut budget, max_total_bytes)?;
            if size != declared {
                return Err(RepackError::Corrupt(name));
            }
            let file_name = top
                .as_deref()
                .and_then(|top| name.strip_prefix(top))
                .unwrap_or(&name)
                .to_owned();
            let language = language::detect(Some(&file_name), &head).to_owned();
            let file = ManifestFile {
                file_name,
                path: name.clone(),
                programming_language: language,
                note: None,
                tags: Vec::new(),
                version: 1,
                size,
                sha256,
                created_at: header.created_at,
                updated_at: header.created_at,
                code: None,
            };
            (name, file)
        };
        let raw = zip
            .by_index_raw(index)
            .map_err(|_| RepackError::Corrupt(name))?;
        out.raw_copy_file(raw)?;
        files.push(file);
    }
    if files.is_empty() {
        return Err(RepackError::Empty);
    }
    let manifest = build_manifest(header, files);
    write_manifest(&mut out, &manifest).map_err(|error| RepackError::Write(error.to_string()))?;
    let bytes = out.finish()?.into_inner();
    Ok((bytes, manifest))
}

/// Size and SHA-256 of an entry's bytes, and its first KiB as text for language hints.
fn hash(
    entry: &mut impl Read,
    name: &str,
    budget: &mut u64,
    max_total_bytes: u64,
) -> Result<(u64, String, String), RepackError> {
    let mut hasher = Sha256::new();
    let mut head = Vec::new();
    let mut size = 0u64;
    let mut limited = entry.take(budget.saturating_add(1));
    let mut buffer = [0u8; 64 * 1024];
    loop {
        let read = match limited.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(RepackError::Corrupt(name.to_owned())),
        };
        if head.len() < 1024 {
            head.extend_from_slice(&buffer[..read.min(1024 - head.len())]);
        }
        hasher.update(&buffer[..read]);
        size += read as u64;
    }
    if size > *budget {
        return Err(RepackError::TooLarge(max_total_bytes));
    }
    *budget -= size;
    let head = String::from_utf8_lossy(&head).into_owned();
    Ok((size, hex::encode(hasher.finalize()), head))
}

/// `owner-repo-1a2b3c4/` when every entry lies under that one folder, as in a zipball.
fn top_folder(names: &[String]) -> Option<String> {
    let first = names.first()?;
    let top = format!("{}/", first.split('/').next()?);
    let all_under = names
        .iter()
        .all(|name| name.starts_with(&top) || name == top.trim_end_matches('/'));
    all_under.then_some(top)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use chrono::{TimeZone, Utc};
    use zip::write::SimpleFileOptions;

    use super::*;
    use crate::archive::{read_archive, reader::ReadLimits, verify};
    use crate::domain::backup::BackupKind;

    fn header() -> ManifestHeader {
        ManifestHeader {
            backup_id: "0123456789abcdef01234567".to_owned(),
            backup_type: BackupKind::GithubRepoZip,
            created_at: Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap(),
            user_id: 7,
            app: "codevault test".to_owned(),
            part: None,
            repo: Some("octocat/hello".to_owned()),
            git_ref: Some("main".to_owned()),
            commit: Some("a".repeat(40)),
        }
    }

    /// A zipball as GitHub shapes it: one top folder, directory entries, a symlink.
    fn zipball(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default();
        zip.add_directory("octocat-hello-abc1234/", options)
            .unwrap();
        zip.add_directory("octocat-hello-abc1234/src/", options)
            .unwrap();
        for (name, bytes) in files {
            zip.start_file(format!("octocat-hello-abc1234/{name}"), options)
                .unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.add_symlink("octocat-hello-abc1234/link", "/etc/passwd", options)
            .unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn keeps_every_file_byte_for_byte_and_records_the_origin() {
        let files: [(&str, &[u8]); 3] = [
            ("README.md", b"# Hello\n"),
            ("src/main.rs", b"fn main() {}\n"),
            ("logo.png", b"\x89PNG\r\n\x1a\n\0\0binary"),
        ];
        let (archive, manifest) = repackage(&zipball(&files), header(), 1 << 20).unwrap();
        assert_eq!(verify(&archive).unwrap(), manifest);
        // No limit at all must not overflow the budget (it once read every file as empty).
        let (unlimited, _) = repackage(&zipball(&files), header(), u64::MAX).unwrap();
        assert_eq!(unlimited, archive);
        assert_eq!(manifest.repo.as_deref(), Some("octocat/hello"));
        assert_eq!(manifest.git_ref.as_deref(), Some("main"));
        assert_eq!(manifest.commit.as_deref(), Some("a".repeat(40).as_str()));
        assert_eq!(manifest.backup_type, BackupKind::GithubRepoZip);
        let listed: Vec<(&str, &str, &str)> = manifest
            .files
            .iter()
            .map(|f| {
                (
                    f.file_name.as_str(),
                    f.path.as_str(),
                    f.programming_language.as_str(),
                )
            })
            .collect();
        assert_eq!(
            listed,
            [
                ("README.md", "octocat-hello-abc1234/README.md", "markdown"),
                ("src/main.rs", "octocat-hello-abc1234/src/main.rs", "rust"),
                ("logo.png", "octocat-hello-abc1234/logo.png", "text"),
            ]
        );
        let mut zip = ZipArchive::new(Cursor::new(archive.as_slice())).unwrap();
        let mut main = String::new();
        zip.by_name("octocat-hello-abc1234/src/main.rs")
            .unwrap()
            .read_to_string(&mut main)
            .unwrap();
        assert_eq!(main, "fn main() {}\n");
        assert!(zip.by_name("octocat-hello-abc1234/link").is_err());
    }

    #[test]
    fn the_kept_archive_imports_under_the_repository_names() {
        let files: [(&str, &[u8]); 2] = [("README.md", b"# Hello\n"), ("src/lib.rs", b"")];
        let (archive, _) = repackage(&zipball(&files), header(), 1 << 20).unwrap();
        let read = read_archive(&archive, None, &ReadLimits::default()).unwrap();
        assert_eq!(read.repo.as_deref(), Some("octocat/hello"));
        let incoming = crate::service::restore::incoming_files(read);
        let names: Vec<&str> = incoming.iter().map(|file| file.name.as_str()).collect();
        assert_eq!(names, ["README.md", "src/lib.rs"]);
    }

    #[test]
    fn a_kept_repository_splits_into_parts_that_each_verify() {
        // Hash output does not compress, so each file takes its full 3 KB in the archive.
        let big: Vec<Vec<u8>> = (0..6u8)
            .map(|n| {
                (0..100u8)
                    .flat_map(|i| Sha256::digest([n, i]).to_vec())
                    .collect()
            })
            .collect();
        let names: Vec<String> = (0..6).map(|n| format!("src/blob_{n}.bin")).collect();
        let files: Vec<(&str, &[u8])> = names
            .iter()
            .zip(&big)
            .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
            .collect();
        let (archive, manifest) = repackage(&zipball(&files), header(), 1 << 20).unwrap();
        let plans = crate::archive::parts::plan_parts(&archive, &manifest, 8 * 1024).unwrap();
        assert!(plans.len() > 1, "{} parts", plans.len());
        let mut listed = 0;
        for index in 0..plans.len() {
            let part = crate::archive::parts::build_part(
                &archive,
                &manifest,
                &plans[index],
                index,
                plans.len(),
            )
            .unwrap();
            let part_manifest = verify(&part).unwrap();
            assert_eq!(part_manifest.repo.as_deref(), Some("octocat/hello"));
            listed += part_manifest.files.len();
        }
        assert_eq!(listed, manifest.files.len());
    }

    /// Found by fuzzing: the central directory says 1539 bytes where the entry holds 1; copied
    /// raw, the archive kept would not verify.
    #[test]
    fn refuses_entries_whose_sizes_disagree() {
        let crash: [u8; 208] = [
            80, 75, 3, 4, 20, 0, 0, 0, 0, 0, 112, 63, 118, 93, 131, 22, 220, 140, 1, 0, 0, 0, 1, 0,
            0, 0, 7, 0, 0, 0, 116, 111, 112, 46, 116, 120, 116, 120, 80, 75, 3, 4, 20, 0, 0, 0, 0,
            0, 112, 63, 118, 93, 21, 38, 219, 251, 1, 0, 0, 0, 1, 0, 0, 0, 9, 0, 0, 0, 100, 105,
            114, 47, 97, 46, 116, 120, 116, 121, 80, 75, 1, 2, 20, 3, 20, 0, 0, 0, 0, 0, 112, 63,
            118, 93, 131, 22, 220, 140, 1, 0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            128, 1, 0, 0, 0, 0, 116, 111, 112, 46, 116, 120, 116, 80, 75, 1, 2, 20, 3, 20, 0, 0, 0,
            0, 0, 112, 63, 118, 93, 21, 38, 219, 251, 1, 0, 0, 0, 3, 6, 0, 0, 9, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 128, 1, 38, 0, 0, 0, 100, 105, 114, 47, 97, 46, 116, 120, 116, 80, 75,
            5, 6, 0, 0, 0, 0, 2, 0, 2, 0, 108, 0, 0, 0, 78, 0, 0, 0, 0, 0,
        ];
        assert!(matches!(
            repackage(&crash, header(), 1 << 20),
            Err(RepackError::Corrupt(_))
        ));
    }

    #[test]
    fn refuses_what_is_not_a_repository_archive() {
        assert_eq!(
            repackage(b"not a zip", header(), 1 << 20).unwrap_err(),
            RepackError::NotAZip
        );
        assert_eq!(
            repackage(&zipball(&[]), header(), 1 << 20).unwrap_err(),
            RepackError::Empty
        );
        let big = vec![b'x'; 4096];
        let files: [(&str, &[u8]); 2] = [("a.txt", &big), ("b.txt", &big)];
        assert_eq!(
            repackage(&zipball(&files), header(), 6000).unwrap_err(),
            RepackError::TooLarge(6000)
        );
    }
}
