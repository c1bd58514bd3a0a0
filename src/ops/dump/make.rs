//! Making a dump: every record and archive of a store, page by page and stream by stream,
//! into a temporary file; checked as a load would check it; only then renamed to its
//! dump name (so a file named like a dump is always a whole, checked one).

use std::{
    io::{self, Write},
    path::{Path, PathBuf},
    time::Instant,
};

use chrono::{DateTime, SubsecRound, Utc};
use tokio::io::{AsyncRead, AsyncReadExt};

use super::{
    DumpError,
    check::check,
    format::{
        ArchiveMember, DumpManifest, FORMAT, MANIFEST, RecordsMember, VERSION, archive_member,
        file_name, records_member,
    },
    writer::{DumpWriter, Packing},
};
use crate::{
    archive::APP_NAME,
    ops::{
        files::sync_dir,
        migrate::{MigrateError, PAGE, failed},
    },
    spool::AsyncSpool,
    storage::{
        StoreError,
        transfer::{Kind, Record, Transfer},
    },
};

/// Where progress lines go: the terminal for the command, the log inside `serve`.
pub type Say<'a> = &'a (dyn Fn(String) + Send + Sync);

/// A dump made and checked.
#[derive(Debug)]
pub struct Made {
    pub path: PathBuf,
    pub bytes: u64,
    pub manifest: DumpManifest,
}

/// Bytes of an archive read from the store at once.
const CHUNK: usize = 256 * 1024;
/// The backups' records wait in memory up to this size while their archives are written.
const RECORDS_IN_MEMORY: u64 = 16 << 20;
/// How often a long run of archives says how far it got.
const PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// Dumps every record and archive of `store` (a `source` backend) into `dir`, named after
/// `now`.
pub async fn make(
    store: &dyn Transfer,
    source: &str,
    dir: &Path,
    now: DateTime<Utc>,
    say: Say<'_>,
) -> Result<Made, DumpError> {
    // To the millisecond, as the file is named.
    let now = now.trunc_subsecs(3);
    let cannot_write = cannot_write(dir);
    tokio::fs::create_dir_all(dir).await.map_err(cannot_write)?;
    let mut writer = DumpWriter::create(dir).await.map_err(cannot_write)?;
    let mut records = Vec::new();
    for kind in [Kind::User, Kind::File] {
        records.push(dump_records(store, &mut writer, dir, kind, say).await?);
    }
    let (archives, backups) = dump_archives(store, &mut writer, dir, say).await?;
    records.push(backups);
    for kind in [Kind::Dialogue, Kind::Job, Kind::Task] {
        records.push(dump_records(store, &mut writer, dir, kind, say).await?);
    }
    let manifest = DumpManifest {
        format: FORMAT.to_owned(),
        version: VERSION,
        app: format!("{APP_NAME} {}", env!("CARGO_PKG_VERSION")),
        created_at: now,
        source: source.to_owned(),
        records,
        archives,
    };
    let json = serde_json::to_vec_pretty(&manifest).map_err(|e| cannot_write(e.into()))?;
    let (temp, bytes) = writer.finish(MANIFEST, json).await.map_err(cannot_write)?;
    say("reading the dump back: every member's SHA-256 and the whole file's".to_owned());
    let checked = check(&temp)
        .await
        .map_err(|error| DumpError::NotKept(Box::new(error)))?;
    if checked.manifest != manifest {
        return Err(DumpError::NotKept(Box::new(DumpError::Damaged {
            path: temp.to_path_buf(),
            what: "its manifest is not the one written".to_owned(),
        })));
    }
    let path = dir.join(file_name(now));
    // Never replacing: a dump of the same millisecond is another process's, and stays.
    temp.persist_noclobber(&path)
        .map_err(|error| cannot_write(error.error))?;
    sync_dir(dir).await.map_err(cannot_write)?;
    Ok(Made {
        path,
        bytes,
        manifest,
    })
}

fn cannot_write(dir: &Path) -> impl Fn(io::Error) -> DumpError + Copy + '_ {
    move |source| DumpError::Write {
        dir: dir.to_owned(),
        source,
    }
}

async fn dump_records(
    store: &dyn Transfer,
    writer: &mut DumpWriter,
    dir: &Path,
    kind: Kind,
    say: Say<'_>,
) -> Result<RecordsMember, DumpError> {
    let cannot_write = cannot_write(dir);
    let name = records_member(kind).to_owned();
    writer
        .start(name.clone(), Packing::Deflated)
        .await
        .map_err(cannot_write)?;
    let mut count = 0;
    let mut after = None;
    let mut lines = Vec::new();
    loop {
        let page = store
            .page(kind, after.as_ref(), PAGE)
            .await
            .map_err(failed(format!("read the {}", kind.plural())))?;
        let Some(last) = page.last() else { break };
        after = Some(last.key());
        lines.clear();
        for record in &page {
            write_line(&mut lines, record).map_err(cannot_write)?;
        }
        count += page.len() as u64;
        writer.write(&lines).await.map_err(cannot_write)?;
    }
    let written = writer.end_member().await.map_err(cannot_write)?;
    say(format!("{}: {count}", kind.plural()));
    Ok(RecordsMember {
        kind,
        name,
        count,
        bytes: written.bytes,
        sha256: written.sha256,
    })
}

/// `record` as one JSON line.
fn write_line(out: &mut impl Write, record: &Record) -> io::Result<()> {
    serde_json::to_writer(&mut *out, record)?;
    out.write_all(b"\n")
}

/// Writes the archive of every backup, each streamed from the store into its member, then
/// the backups' records. Each record is taken with its archive, as a backup is stored (bytes,
/// then record): a backup deleted while the dump runs has neither, one made meanwhile
/// neither, so every record dumped has its archive even when the bot runs.
async fn dump_archives(
    store: &dyn Transfer,
    writer: &mut DumpWriter,
    dir: &Path,
    say: Say<'_>,
) -> Result<(Vec<ArchiveMember>, RecordsMember), DumpError> {
    let cannot_write = cannot_write(dir);
    let mut archives = Vec::new();
    // Their lines wait here (a temporary file past a few MiB) while the archives are written.
    let mut records = AsyncSpool::new(RECORDS_IN_MEMORY);
    let mut line = Vec::new();
    let mut total = 0;
    let mut told = Instant::now();
    let mut after = None;
    loop {
        let page = store
            .page(Kind::Backup, after.as_ref(), PAGE)
            .await
            .map_err(failed("read the backups"))?;
        let Some(last) = page.last() else { break };
        after = Some(last.key());
        for record in page {
            let Record::Backup(backup) = &record else {
                continue;
            };
            let id = backup.id.clone();
            let reading = || failed(format!("read the archive of backup {id}"));
            let mut archive = match store.archive(&id).await {
                Ok(archive) => archive,
                Err(StoreError::NotFound) => {
                    let key = record.key();
                    let listed = store.find(Kind::Backup, std::slice::from_ref(&key)).await;
                    if listed.map_err(reading())?.is_empty() {
                        // Deleted since the page was read: neither is dumped.
                        continue;
                    }
                    return Err(MigrateError::MissingArchive(key).into());
                }
                Err(error) => return Err(reading()(error).into()),
            };
            let name = archive_member(&id);
            writer
                .start(name.clone(), Packing::Stored)
                .await
                .map_err(cannot_write)?;
            copy_into(&mut archive.reader, writer)
                .await
                .map_err(|error| match error {
                    Copying::Read(source) => reading()(StoreError::Archive {
                        action: "read",
                        source,
                    })
                    .into(),
                    Copying::Write(source) => cannot_write(source),
                })?;
            let written = writer.end_member().await.map_err(cannot_write)?;
            line.clear();
            write_line(&mut line, &record).map_err(cannot_write)?;
            records.write(&line).await.map_err(cannot_write)?;
            total += written.bytes;
            archives.push(ArchiveMember {
                backup: id,
                file_name: archive.file_name,
                name,
                bytes: written.bytes,
                sha256: written.sha256,
            });
            if told.elapsed() >= PROGRESS_EVERY {
                say(format!(
                    "archives: {} so far ({total} bytes)",
                    archives.len()
                ));
                told = Instant::now();
            }
        }
    }
    say(format!("archives: {} ({total} bytes)", archives.len()));
    let name = records_member(Kind::Backup).to_owned();
    writer
        .start(name.clone(), Packing::Deflated)
        .await
        .map_err(cannot_write)?;
    let records = records.finish().await.map_err(cannot_write)?;
    copy_into(&mut records.async_reader(), writer)
        .await
        .map_err(|(Copying::Read(error) | Copying::Write(error))| cannot_write(error))?;
    let written = writer.end_member().await.map_err(cannot_write)?;
    say(format!("{}: {}", Kind::Backup.plural(), archives.len()));
    let member = RecordsMember {
        kind: Kind::Backup,
        name,
        count: archives.len() as u64,
        bytes: written.bytes,
        sha256: written.sha256,
    };
    Ok((archives, member))
}

/// Which side of a copy failed.
enum Copying {
    Read(io::Error),
    Write(io::Error),
}

/// Copies what `reader` reads into the member being written.
async fn copy_into(
    reader: &mut (dyn AsyncRead + Send + Unpin),
    writer: &mut DumpWriter,
) -> Result<(), Copying> {
    let mut buffer = vec![0; CHUNK];
    loop {
        let read = reader.read(&mut buffer).await.map_err(Copying::Read)?;
        if read == 0 {
            return Ok(());
        }
        writer
            .write(&buffer[..read])
            .await
            .map_err(Copying::Write)?;
    }
}
