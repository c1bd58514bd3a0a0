//! Checking a dump file whole before anything trusts it: the manifest, every member's size
//! and SHA-256 against it, every record line read as a record of its member's kind and
//! counted, every backup record with its archive and every archive with its record, and the
//! digest of the whole file in its comment (which covers the headers and the directory too).

use std::{
    collections::HashSet,
    fs::File,
    io::{self, BufRead, BufReader, Read},
    os::unix::fs::FileExt,
    path::{Path, PathBuf},
};

use sha2::{Digest, Sha256};
use zip::ZipArchive;

use super::{
    DumpError,
    format::{ArchiveMember, DIGEST_LEN, DumpManifest, FORMAT, MANIFEST, RecordsMember, VERSION},
    writer::digest_before,
};
use crate::{archive::Source, domain::Id, spool::file_source, storage::transfer::Record};

/// A manifest larger than this is not a dump's (one of a million backups is about 250 MB).
const MAX_MANIFEST: u64 = 1 << 30;

/// A dump found whole, ready to be read.
#[derive(Clone)]
pub struct Checked {
    pub path: PathBuf,
    pub manifest: DumpManifest,
    pub zip: ZipArchive<Source>,
    /// The file's size.
    pub bytes: u64,
}

/// Reads what passes through it into a SHA-256 and a count.
pub(super) struct Hashing<R> {
    pub inner: R,
    pub hasher: Sha256,
    pub bytes: u64,
}

impl<R> Hashing<R> {
    pub fn new(inner: R) -> Self {
        Self {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    pub fn sha256(self) -> String {
        hex::encode(self.hasher.finalize())
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.hasher.update(&buf[..read]);
        self.bytes += read as u64;
        Ok(read)
    }
}

/// Checks the dump at `path` (on the blocking pool: it reads the whole file).
pub async fn check(path: &Path) -> Result<Checked, DumpError> {
    let owned = path.to_owned();
    tokio::task::spawn_blocking(move || check_file(&owned))
        .await
        .map_err(|error| DumpError::Read {
            path: path.to_owned(),
            source: io::Error::other(error),
        })?
}

fn check_file(path: &Path) -> Result<Checked, DumpError> {
    let read = |source| DumpError::Read {
        path: path.to_owned(),
        source,
    };
    let damaged = |what: String| DumpError::Damaged {
        path: path.to_owned(),
        what,
    };
    let file = File::open(path).map_err(read)?;
    let source = file_source(file.try_clone().map_err(read)?).map_err(read)?;
    let bytes = source.len();
    let mut zip = ZipArchive::new(source).map_err(|error| DumpError::NotADump {
        path: path.to_owned(),
        reason: format!("not a readable ZIP file ({error})"),
    })?;
    let manifest = manifest_of(&mut zip, path)?;
    listed_exactly(&zip, &manifest).map_err(damaged)?;
    let mut backups = HashSet::new();
    for member in &manifest.records {
        check_records(&mut zip, member, &mut backups).map_err(damaged)?;
    }
    let mut archived = HashSet::new();
    for member in &manifest.archives {
        check_archive(&mut zip, member).map_err(damaged)?;
        archived.insert(member.backup.clone());
    }
    if let Some(id) = backups.difference(&archived).next() {
        return Err(damaged(format!("backup {id} has no archive")));
    }
    if let Some(id) = archived.difference(&backups).next() {
        return Err(damaged(format!("the archive of backup {id} has no record")));
    }
    check_digest(&file, bytes, zip.comment()).map_err(damaged)?;
    Ok(Checked {
        path: path.to_owned(),
        manifest,
        zip,
        bytes,
    })
}

fn manifest_of(zip: &mut ZipArchive<Source>, path: &Path) -> Result<DumpManifest, DumpError> {
    let not_a_dump = |reason: String| DumpError::NotADump {
        path: path.to_owned(),
        reason,
    };
    let mut member = zip
        .by_name(MANIFEST)
        .map_err(|_| not_a_dump(format!("it has no {MANIFEST}")))?;
    let mut json = Vec::new();
    (&mut member)
        .take(MAX_MANIFEST)
        .read_to_end(&mut json)
        .map_err(|error| DumpError::Damaged {
            path: path.to_owned(),
            what: format!("{MANIFEST} does not read back ({error})"),
        })?;
    #[derive(serde::Deserialize)]
    struct Format {
        format: String,
        version: u32,
    }
    // The format first: a newer release's manifest may not read as this one's.
    let format: Format = serde_json::from_slice(&json)
        .map_err(|error| not_a_dump(format!("its {MANIFEST} is not a dump's ({error})")))?;
    if format.format != FORMAT {
        return Err(not_a_dump(format!(
            "its {MANIFEST} is of {:?}, not of a dump",
            format.format
        )));
    }
    if format.version > VERSION {
        return Err(DumpError::Newer {
            path: path.to_owned(),
            version: format.version,
        });
    }
    serde_json::from_slice(&json)
        .map_err(|error| not_a_dump(format!("its {MANIFEST} does not read ({error})")))
}

/// The ZIP holds the members the manifest names, and nothing else.
fn listed_exactly(zip: &ZipArchive<Source>, manifest: &DumpManifest) -> Result<(), String> {
    let mut named: HashSet<&str> = manifest
        .records
        .iter()
        .map(|member| member.name.as_str())
        .chain(manifest.archives.iter().map(|member| member.name.as_str()))
        .collect();
    named.insert(MANIFEST);
    for name in zip.file_names() {
        let name = name.map_err(|error| format!("a member's name does not read ({error})"))?;
        if !named.remove(name.as_ref()) {
            return Err(format!("it holds {name}, which its manifest does not name"));
        }
    }
    match named.into_iter().next() {
        Some(missing) => Err(format!("{missing} is missing")),
        None => Ok(()),
    }
}

/// The size and SHA-256 read are the manifest's.
fn same_as_listed(
    name: &str,
    read: Hashing<impl Read>,
    bytes: u64,
    sha256: &str,
) -> Result<(), String> {
    if read.bytes != bytes || read.sha256() != sha256 {
        return Err(format!("{name} does not match its SHA-256 in the manifest"));
    }
    Ok(())
}

fn check_records(
    zip: &mut ZipArchive<Source>,
    member: &RecordsMember,
    backups: &mut HashSet<Id>,
) -> Result<(), String> {
    let name = &member.name;
    let unreadable = |error: io::Error| format!("{name} does not read back ({error})");
    let opened = zip
        .by_name(name)
        .map_err(|error| format!("{name} does not read back ({error})"))?;
    let mut lines = BufReader::new(Hashing::new(opened));
    let mut line = Vec::new();
    let mut count = 0;
    loop {
        line.clear();
        if lines.read_until(b'\n', &mut line).map_err(unreadable)? == 0 {
            break;
        }
        count += 1;
        let record: Record = serde_json::from_slice(&line)
            .map_err(|error| format!("line {count} of {name} is not a record ({error})"))?;
        if record.kind() != member.kind {
            return Err(format!("line {count} of {name} is a {}", record.kind()));
        }
        if let Record::Backup(backup) = record {
            backups.insert(backup.id);
        }
    }
    same_as_listed(name, lines.into_inner(), member.bytes, &member.sha256)?;
    if count != member.count {
        return Err(format!(
            "{name} holds {count} records, its manifest says {}",
            member.count
        ));
    }
    Ok(())
}

fn check_archive(zip: &mut ZipArchive<Source>, member: &ArchiveMember) -> Result<(), String> {
    let name = &member.name;
    let unreadable = |error: String| format!("{name} does not read back ({error})");
    let opened = zip.by_name(name).map_err(|e| unreadable(e.to_string()))?;
    let mut read = Hashing::new(opened);
    io::copy(&mut read, &mut io::sink()).map_err(|e| unreadable(e.to_string()))?;
    same_as_listed(name, read, member.bytes, &member.sha256)
}

/// The comment is the file's last bytes, and the digest of every byte before it.
fn check_digest(file: &File, len: u64, comment: &[u8]) -> Result<(), String> {
    let mut tail = [0; DIGEST_LEN];
    let at_end = comment.len() == DIGEST_LEN
        && len >= DIGEST_LEN as u64
        && file
            .read_exact_at(&mut tail, len - DIGEST_LEN as u64)
            .is_ok()
        && tail == comment;
    if !at_end {
        return Err("the digest at its end is missing".to_owned());
    }
    let digest = digest_before(file, len).map_err(|error| format!("it does not read ({error})"))?;
    if digest.as_bytes() != comment {
        return Err(
            "its bytes do not match the digest at its end (a header or its directory changed)"
                .to_owned(),
        );
    }
    Ok(())
}
