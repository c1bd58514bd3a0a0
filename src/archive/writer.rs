//! Streams a user's files into a backup ZIP, then writes the manifest that describes them.

use std::collections::VecDeque;
use std::io::{Cursor, Seek, Write};
use std::num::NonZeroUsize;
use std::sync::Arc;
use std::thread::JoinHandle;

use chrono::{DateTime, Datelike, SubsecRound, Timelike, Utc};
use zip::{
    ZipArchive, ZipWriter,
    result::{ZipError, ZipResult},
};

use super::manifest::{
    FilesJson, MANIFEST_NAME, Manifest, ManifestFile, ManifestHeader, ManifestVersion,
    build_manifest, sha256_hex,
};
use super::names::{EntryNames, VERSIONS_FOLDER, versioned};
use crate::domain::password::Password;
use assembly::{Assembly, part_entries};
use part::Compressors;
use window::{
    AnyPart, Deflated, Pending, WINDOW_BYTES, WINDOW_ENTRIES, WINDOWS_IN_FLIGHT, deflate,
};

mod assembly;
mod encrypted;
#[cfg(test)]
mod parallel_tests;
mod part;
mod window;

/// Why an archive could not be written or cut into parts; zip's and I/O's errors are kept as
/// the source.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("zip: {0}")]
    Zip(#[source] ZipError),
    #[error("i/o: {0}")]
    Io(#[source] std::io::Error),
    /// One file is too big for a part archive even on its own.
    #[error("{path} does not fit in a part on its own")]
    EntryTooLarge { path: String },
    /// The manifest names a file the archive does not hold.
    #[error("{path} is in the manifest but not in the archive")]
    MissingEntry { path: String },
    #[error("part {index} of {count} does not exist")]
    NoSuchPart { index: usize, count: usize },
    /// An earlier version came before any file, or to a writer made without history.
    #[error("an earlier version has no file to belong to")]
    VersionOutOfPlace,
}

impl From<ZipError> for ArchiveError {
    fn from(error: ZipError) -> Self {
        match error {
            ZipError::Io(error) => Self::Io(error),
            error => Self::Zip(error),
        }
    }
}

impl From<std::io::Error> for ArchiveError {
    fn from(error: std::io::Error) -> Self {
        Self::Io(error)
    }
}

/// One file to back up, borrowed from the caller so nothing is copied twice.
#[derive(Clone, Copy, Debug)]
pub struct EntrySource<'a> {
    pub file_name: &'a str,
    pub language: &'a str,
    pub note: Option<&'a str>,
    pub tags: &'a [String],
    pub version: u32,
    pub code: &'a [u8],
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Takes files one at a time and keeps only a window of them (and every file's manifest
/// record), so a caller can stream tens of thousands of files through it; each full window is
/// deflated on every core while the next one fills, then written in the order the files came.
/// Each file is hashed as it comes and its manifest record serialized once it is complete,
/// so the manifest can be deflated while the last windows are still deflating.
/// A writer made [`Self::with_history`] also takes each file's earlier versions, right after
/// the file, into entries of their own under `versions/`.
pub struct BackupWriter<W>
where
    W: Write,
{
    zip: Assembly<W>,
    names: EntryNames,
    /// The names handed out in the versions' folder, in a writer with history.
    version_names: Option<EntryNames>,
    files: Vec<ManifestFile>,
    /// Every file's record but the last one's, serialized.
    files_json: FilesJson,
    window: Vec<Pending>,
    window_bytes: usize,
    threads: NonZeroUsize,
    /// Windows being deflated, oldest first.
    in_flight: VecDeque<JoinHandle<ZipResult<Deflated>>>,
    /// A protected backup's: every entry, the manifest too, is encrypted with it.
    password: Option<Password>,
    compressors: Arc<Compressors>,
}

impl<W> BackupWriter<W>
where
    W: Write,
{
    /// A writer that uses every core the process may run on.
    pub fn new(out: W) -> Self {
        let threads = std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN);
        Self::with_threads(out, threads)
    }

    /// A writer that deflates on at most `threads` threads besides the caller's. The archive's
    /// bytes are the same for any number.
    pub fn with_threads(out: W, threads: NonZeroUsize) -> Self {
        Self {
            zip: Assembly::new(out),
            names: EntryNames::new(),
            version_names: None,
            files: Vec::new(),
            files_json: FilesJson::default(),
            window: Vec::new(),
            window_bytes: 0,
            threads,
            in_flight: VecDeque::new(),
            password: None,
            compressors: Arc::default(),
        }
    }

    /// Makes the writer encrypt every entry, and the manifest, with `password` (WinZip
    /// AES-256): a protected backup.
    #[must_use]
    pub fn with_password(mut self, password: Password) -> Self {
        self.password = Some(password);
        self
    }

    /// Makes the writer take earlier versions ([`Self::add_version`]); the versions' folder
    /// name is kept from the files from the start.
    #[must_use]
    pub fn with_history(mut self) -> Self {
        let folder = self.names.allocate(VERSIONS_FOLDER);
        debug_assert_eq!(folder, VERSIONS_FOLDER, "the first name handed out");
        self.version_names = Some(EntryNames::new());
        self
    }

    pub fn add(&mut self, entry: EntrySource<'_>) -> Result<(), ArchiveError> {
        let path = self.names.allocate(entry.file_name);
        let updated_at = entry.updated_at.trunc_subsecs(0);
        let size = entry.code.len() as u64;
        self.complete_last_file();
        self.files.push(ManifestFile {
            file_name: entry.file_name.to_owned(),
            path: path.clone(),
            programming_language: entry.language.to_owned(),
            note: entry.note.map(str::to_owned),
            tags: entry.tags.to_vec(),
            version: entry.version,
            size,
            sha256: sha256_hex(entry.code),
            created_at: entry.created_at.trunc_subsecs(0),
            updated_at,
            code: None,
            versions: Vec::new(),
        });
        self.queue(path, entry.code, updated_at)
    }

    /// An earlier version of the file added last: `entry` is that version (its name then, its
    /// code, `updated_at` when it was made). Versions may come in any order; the manifest lists
    /// them oldest first.
    pub fn add_version(&mut self, entry: EntrySource<'_>) -> Result<(), ArchiveError> {
        let (Some(names), Some(file_index)) =
            (self.version_names.as_mut(), self.files.len().checked_sub(1))
        else {
            return Err(ArchiveError::VersionOutOfPlace);
        };
        let name = names.allocate(&versioned(entry.file_name, entry.version));
        let path = format!("{VERSIONS_FOLDER}/{name}");
        let created_at = entry.updated_at.trunc_subsecs(0);
        let file = &mut self.files[file_index];
        file.versions.push(ManifestVersion {
            version: entry.version,
            sha256: sha256_hex(entry.code),
            size: entry.code.len() as u64,
            created_at,
            path: path.clone(),
            file_name: Some(entry.file_name.to_owned()).filter(|name| *name != file.file_name),
        });
        self.queue(path, entry.code, created_at)
    }

    fn queue(
        &mut self,
        path: String,
        code: &[u8],
        modified: DateTime<Utc>,
    ) -> Result<(), ArchiveError> {
        self.window.push(Pending {
            path,
            code: code.to_vec(),
            modified: zip_time(modified),
        });
        self.window_bytes = self.window_bytes.saturating_add(code.len());
        if self.window.len() >= WINDOW_ENTRIES || self.window_bytes >= WINDOW_BYTES {
            self.flush_window()?;
        }
        Ok(())
    }

    /// Writes `metadata.json` last, so it can count and hash everything before it.
    pub fn finish(mut self, header: ManifestHeader) -> Result<(W, Manifest), ArchiveError> {
        // The manifest is made while the last windows deflate: every file was hashed as it
        // came, and all records but the last serialized.
        self.start_window();
        self.complete_last_file();
        let manifest = build_manifest(header, std::mem::take(&mut self.files));
        let json = std::mem::take(&mut self.files_json).finish(&manifest);
        let alone = manifest_part(json, manifest.created_at, self.password.as_ref())?;
        while let Some(window) = self.in_flight.pop_front() {
            self.write_deflated(window)?;
        }
        for entry in part_entries(&alone)? {
            self.zip.append(&alone, &entry)?;
        }
        Ok((self.zip.finish()?, manifest))
    }

    /// Starts deflating the window, then writes the oldest ones past [`WINDOWS_IN_FLIGHT`]:
    /// the caller's thread copies a window into the archive (and takes in the next files)
    /// while the others deflate.
    fn flush_window(&mut self) -> Result<(), ArchiveError> {
        self.start_window();
        while self.in_flight.len() > WINDOWS_IN_FLIGHT {
            if let Some(oldest) = self.in_flight.pop_front() {
                self.write_deflated(oldest)?;
            }
        }
        Ok(())
    }

    /// The file added last has all its versions once another file comes, or the backup
    /// ends: its record is final and is serialized.
    fn complete_last_file(&mut self) {
        if let Some(file) = self.files.last_mut() {
            // Versions came in the store's order; the manifest lists them oldest first.
            file.versions.sort_by_key(|version| version.version);
            self.files_json.push(file);
        }
    }

    fn start_window(&mut self) {
        if self.window.is_empty() {
            return;
        }
        let window = std::mem::take(&mut self.window);
        self.window_bytes = 0;
        let threads = self.threads;
        let (password, compressors) = (self.password.clone(), self.compressors.clone());
        self.in_flight.push_back(std::thread::spawn(move || {
            deflate(&window, threads, password.as_ref(), &compressors)
        }));
    }

    fn write_deflated(
        &mut self,
        window: JoinHandle<ZipResult<Deflated>>,
    ) -> Result<(), ArchiveError> {
        let deflated = window
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        let entries = deflated
            .parts
            .iter()
            .map(|part| part_entries(part))
            .collect::<Result<Vec<_>, _>>()?;
        for (part, index) in deflated.entries {
            let entry = entries
                .get(part)
                .and_then(|entries| entries.get(index))
                .ok_or(ZipError::FileNotFound)?;
            // As the part has it: the deflated bytes, CRC, sizes, time and mode.
            self.zip.append(&deflated.parts[part], entry)?;
        }
        Ok(())
    }
}

/// Deflates the manifest on its own and copies it in raw, as every entry is (see
/// [`manifest_part`]), into an archive the `zip` crate writes.
pub(crate) fn write_manifest<W>(
    zip: &mut ZipWriter<W>,
    manifest: &Manifest,
    password: Option<&Password>,
) -> Result<(), ArchiveError>
where
    W: Write + Seek,
{
    let part = manifest_part(manifest.to_json(), manifest.created_at, password)?;
    let mut alone = ZipArchive::new(Cursor::new(part))?;
    zip.raw_copy_file(alone.by_index_raw(0)?)?;
    Ok(())
}

/// The manifest (its `json`) alone in a part, deflated as the entries are (libdeflate): it is
/// deflated after the last entry is added, on one core. A protected backup's manifest is
/// encrypted as its entries are.
fn manifest_part(
    json: Vec<u8>,
    created_at: DateTime<Utc>,
    password: Option<&Password>,
) -> Result<Vec<u8>, ArchiveError> {
    let compressors = Compressors::default();
    let mut alone = AnyPart::new(password, &compressors);
    alone.add(MANIFEST_NAME, zip_time(created_at), &json)?;
    drop(json);
    Ok(alone.finish(&compressors)?)
}

/// ZIP times cannot say "before 1980" or "after 2107"; those get the format's earliest time
/// rather than failing the backup over a timestamp.
fn zip_time(time: DateTime<Utc>) -> zip::DateTime {
    let year = u16::try_from(time.year()).unwrap_or(0);
    let narrow = |n: u32| u8::try_from(n).unwrap_or(0);
    zip::DateTime::from_date_and_time(
        year,
        narrow(time.month()),
        narrow(time.day()),
        narrow(time.hour()),
        narrow(time.minute()),
        narrow(time.second()),
    )
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

    use chrono::TimeZone;
    use zip::{CompressionMethod, ZipArchive};

    use super::*;
    use crate::archive::manifest::sha256_hex;
    use crate::archive::test_support::{at, backup, entry, header};
    use crate::archive::verify;

    fn names(archive: &[u8]) -> Vec<String> {
        let zip = ZipArchive::new(Cursor::new(archive)).unwrap();
        zip.file_names()
            .map(|name| name.unwrap().into_owned())
            .collect()
    }

    #[test]
    fn writes_files_at_safe_unique_names_then_the_manifest() {
        let files: [(&str, &[u8]); 3] = [
            ("app.py", b"print(1)\n"),
            ("APP.py", b"print(2)\n"),
            ("a/b:c.rs", b"fn main() {}"),
        ];
        let (archive, manifest) = backup(&files);
        assert_eq!(
            names(&archive),
            ["app.py", "APP (2).py", "a_b_c.rs", MANIFEST_NAME]
        );
        let paths: Vec<&str> = manifest
            .files
            .iter()
            .map(|file| file.path.as_str())
            .collect();
        assert_eq!(paths, ["app.py", "APP (2).py", "a_b_c.rs"]);
        assert_eq!(manifest.files[2].file_name, "a/b:c.rs");
        assert_eq!(manifest.files[0].sha256, sha256_hex(b"print(1)\n"));
        assert_eq!((manifest.total_files, manifest.total_size), (3, 30));
        assert_eq!(verify(&archive).unwrap(), manifest);

        let mut zip = ZipArchive::new(Cursor::new(archive.as_slice())).unwrap();
        let mut entry = zip.by_name("APP (2).py").unwrap();
        assert_eq!(entry.compression(), CompressionMethod::Deflated);
        assert_eq!(entry.unix_mode().map(|mode| mode & 0o777), Some(0o644));
        let modified = entry.last_modified().unwrap();
        assert_eq!(
            (modified.day(), modified.hour(), modified.minute()),
            (12, 10, 30)
        );
        let mut code = String::new();
        entry.read_to_string(&mut code).unwrap();
        assert_eq!(code, "print(2)\n");
    }

    #[test]
    fn records_every_field_of_the_source() {
        let tags = ["work".to_owned(), "repo:me/tool".to_owned()];
        let mut writer = BackupWriter::new(Cursor::new(Vec::new()));
        let source = EntrySource {
            note: Some("why"),
            tags: &tags,
            version: 4,
            ..entry("x.rs", b"x")
        };
        writer
            .add(EntrySource {
                language: "rust",
                ..source
            })
            .unwrap();
        let (_, manifest) = writer.finish(header()).unwrap();
        let file = &manifest.files[0];
        assert_eq!(
            (file.note.as_deref(), file.tags.as_slice()),
            (Some("why"), &tags[..])
        );
        assert_eq!(
            (file.version, file.size, file.programming_language.as_str()),
            (4, 1, "rust")
        );
        assert_eq!((file.created_at, file.updated_at), (at(10), at(12)));
        assert_eq!(manifest.backup_id, header().backup_id);
    }

    /// The manifest in the archive is serde_json's pretty printing of the manifest returned,
    /// byte for byte (what `Manifest::sha256` hashes), though its records were serialized one
    /// by one as they were completed, versions sorted.
    #[test]
    fn the_manifest_written_is_serde_jsons_pretty_printing() {
        let tags = ["a\"b".to_owned(), "ünï\n".to_owned()];
        for files in [0, 1, 3, 1100] {
            let mut writer = BackupWriter::new(Cursor::new(Vec::new())).with_history();
            for i in 0..files {
                let name = format!("dir\\{i}\t\"q\".py");
                let note = (i % 2 == 0).then_some("why\u{1}");
                let source = EntrySource {
                    note,
                    tags: &tags,
                    version: 3,
                    ..entry(&name, b"x")
                };
                writer.add(source).unwrap();
                if i % 3 == 0 {
                    for version in [2, 1] {
                        let old = EntrySource {
                            version,
                            ..entry(&name, b"old")
                        };
                        writer.add_version(old).unwrap();
                    }
                }
            }
            let (out, manifest) = writer.finish(header()).unwrap();
            let mut zip = ZipArchive::new(out).unwrap();
            let mut written = Vec::new();
            let mut entry = zip.by_name(MANIFEST_NAME).unwrap();
            entry.read_to_end(&mut written).unwrap();
            let expected = serde_json::to_vec_pretty(&manifest).unwrap();
            assert!(written == expected, "{files} files");
            assert_eq!(manifest.files.len(), files);
            if let Some(first) = manifest.files.first() {
                let versions: Vec<u32> = first.versions.iter().map(|v| v.version).collect();
                assert_eq!(versions, [1, 2]);
            }
        }
    }

    #[test]
    fn an_empty_library_is_just_the_manifest() {
        let (archive, manifest) = backup(&[]);
        assert_eq!(names(&archive), [MANIFEST_NAME]);
        assert_eq!((manifest.total_files, manifest.total_size), (0, 0));
        assert_eq!(verify(&archive).unwrap(), manifest);
    }

    #[test]
    fn the_returned_manifest_is_the_one_written_to_the_second() {
        let precise = Utc.timestamp_opt(1_736_937_000, 999_999_999).unwrap();
        let ancient = Utc.with_ymd_and_hms(1970, 1, 1, 0, 0, 0).unwrap();
        let mut writer = BackupWriter::new(Cursor::new(Vec::new()));
        let source = EntrySource {
            created_at: ancient,
            updated_at: precise,
            ..entry("a", b"")
        };
        writer.add(source).unwrap();
        let (out, manifest) = writer
            .finish(ManifestHeader {
                created_at: precise,
                ..header()
            })
            .unwrap();
        assert_eq!(manifest.created_at.timestamp_subsec_nanos(), 0);
        assert_eq!(verify(out.into_inner()).unwrap(), manifest);
    }
}
