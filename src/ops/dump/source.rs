//! A checked dump read as a store, so that `load` is `migrate`'s copy and verification with
//! the dump as the source. It is read, never written; its records come in the order they were
//! dumped (the source store's key order), each member streamed from the file.

use std::{
    collections::HashMap,
    io::{self, Read},
};

use async_trait::async_trait;
use tokio::{
    io::{AsyncBufReadExt, AsyncRead, BufReader, Lines},
    sync::{Mutex, mpsc},
};
use tokio_util::bytes::Bytes;
use zip::ZipArchive;

use super::{
    check::{Checked, Hashing},
    format::ArchiveMember,
};
use crate::{
    archive::Source,
    domain::Id,
    spool::{AsyncReader, channel_reader},
    storage::{
        StoreError, StoreResult,
        transfer::{Archive, Key, Kind, Record, Transfer},
    },
};

/// Bytes of a member read at once.
const CHUNK: usize = 256 * 1024;

/// Where the last page of records ended, to go on from there.
struct Cursor {
    kind: Kind,
    last: Option<Key>,
    lines: Lines<BufReader<AsyncReader>>,
    /// A record read past `last` but not handed out yet.
    pending: Option<Record>,
}

pub struct DumpSource {
    zip: ZipArchive<Source>,
    counts: HashMap<Kind, u64>,
    members: HashMap<Kind, (String, String)>,
    archives: HashMap<Id, ArchiveMember>,
    cursor: Mutex<Option<Cursor>>,
}

impl DumpSource {
    pub fn new(checked: Checked) -> Self {
        let manifest = checked.manifest;
        Self {
            zip: checked.zip,
            counts: Kind::ALL
                .into_iter()
                .map(|kind| (kind, manifest.count(kind)))
                .collect(),
            members: manifest
                .records
                .into_iter()
                .map(|member| (member.kind, (member.name, member.sha256)))
                .collect(),
            archives: manifest
                .archives
                .into_iter()
                .map(|member| (member.backup.clone(), member))
                .collect(),
            cursor: Mutex::new(None),
        }
    }

    /// The records of `kind` from the first, as lines.
    fn lines(&self, kind: Kind) -> Lines<BufReader<AsyncReader>> {
        let reader = match self.members.get(&kind) {
            Some((name, sha256)) => member_reader(self.zip.clone(), name.clone(), sha256.clone()),
            // A kind an older dump does not have: none of it.
            None => Box::pin(io::Cursor::new(Vec::new())),
        };
        BufReader::new(reader).lines()
    }
}

/// The next record of `lines`, which must be of `kind`.
async fn next_record(
    lines: &mut Lines<BufReader<AsyncReader>>,
    kind: Kind,
) -> StoreResult<Option<Record>> {
    let line = lines.next_line().await.map_err(read_failed)?;
    let Some(line) = line else { return Ok(None) };
    let record: Record = serde_json::from_str(&line).map_err(StoreError::Json)?;
    if record.kind() != kind {
        return Err(StoreError::Unrepresentable(
            "a record of another kind in the dump",
        ));
    }
    Ok(Some(record))
}

fn read_failed(source: io::Error) -> StoreError {
    StoreError::Archive {
        action: "read",
        source,
    }
}

/// Streams member `name` out of the dump, checking its SHA-256 again at its end (the file may
/// have changed since it was checked): a mismatch ends the stream with an error.
fn member_reader(zip: ZipArchive<Source>, name: String, sha256: String) -> AsyncReader {
    let (sender, receiver) = mpsc::channel::<io::Result<Bytes>>(2);
    tokio::task::spawn_blocking(move || {
        let mut zip = zip;
        let sent = (|| {
            let member = zip.by_name(&name).map_err(io::Error::other)?;
            let mut read = Hashing::new(member);
            loop {
                let mut chunk = Vec::with_capacity(CHUNK);
                (&mut read).take(CHUNK as u64).read_to_end(&mut chunk)?;
                if chunk.is_empty() {
                    break;
                }
                if sender.blocking_send(Ok(Bytes::from(chunk))).is_err() {
                    // The reader is gone: nothing more to do.
                    return Ok(());
                }
            }
            if read.sha256() == sha256 {
                Ok(())
            } else {
                Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("{name} no longer matches its SHA-256 in the manifest"),
                ))
            }
        })();
        if let Err(error) = sent {
            let _ = sender.blocking_send(Err(error));
        }
    });
    channel_reader(receiver)
}

#[async_trait]
impl Transfer for DumpSource {
    async fn page(
        &self,
        kind: Kind,
        after: Option<&Key>,
        limit: usize,
    ) -> StoreResult<Vec<Record>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let mut cursor = self.cursor.lock().await;
        let goes_on = cursor
            .as_ref()
            .is_some_and(|cursor| cursor.kind == kind && cursor.last.as_ref() == after);
        if !goes_on {
            // Not where the last page ended: from the start, past `after` (a dump holds the
            // records in key order, as the store paged them out).
            let mut lines = self.lines(kind);
            let mut pending = None;
            if let Some(after) = after {
                while let Some(record) = next_record(&mut lines, kind).await? {
                    if record.key() > *after {
                        pending = Some(record);
                        break;
                    }
                }
            }
            *cursor = Some(Cursor {
                kind,
                last: after.cloned(),
                lines,
                pending,
            });
        }
        let Some(open) = cursor.as_mut() else {
            return Ok(Vec::new());
        };
        let mut page: Vec<Record> = open.pending.take().into_iter().collect();
        page.extend(take(&mut open.lines, kind, limit - page.len()).await?);
        if let Some(record) = page.last() {
            open.last = Some(record.key());
        }
        Ok(page)
    }

    async fn find(&self, kind: Kind, keys: &[Key]) -> StoreResult<Vec<Record>> {
        let mut lines = self.lines(kind);
        let mut found = Vec::new();
        while let Some(record) = next_record(&mut lines, kind).await? {
            if keys.contains(&record.key()) {
                found.push(record);
            }
        }
        Ok(found)
    }

    async fn insert(&self, _: Vec<Record>) -> StoreResult<Vec<Key>> {
        Err(StoreError::Unrepresentable("a dump is read, never written"))
    }

    async fn count(&self, kind: Kind) -> StoreResult<u64> {
        Ok(self.counts.get(&kind).copied().unwrap_or_default())
    }

    async fn archive(&self, id: &Id) -> StoreResult<Archive> {
        let member = self.archives.get(id).ok_or(StoreError::NotFound)?;
        Ok(Archive {
            file_name: member.file_name.clone(),
            reader: member_reader(self.zip.clone(), member.name.clone(), member.sha256.clone()),
        })
    }

    async fn put_archive(
        &self,
        _: &Id,
        _: &str,
        _: &mut (dyn AsyncRead + Send + Unpin),
    ) -> StoreResult<u64> {
        Err(StoreError::Unrepresentable("a dump is read, never written"))
    }
}

/// Up to `limit` more records of `kind`.
async fn take(
    lines: &mut Lines<BufReader<AsyncReader>>,
    kind: Kind,
    limit: usize,
) -> StoreResult<Vec<Record>> {
    let mut page = Vec::new();
    while page.len() < limit {
        match next_record(lines, kind).await? {
            Some(record) => page.push(record),
            None => break,
        }
    }
    Ok(page)
}
