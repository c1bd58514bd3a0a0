//! Copying one kind of record, page by page, and what the target held before.

use std::{collections::HashMap, fmt};

use chrono::DateTime;

use super::{MigrateError, PAGE, failed};
use crate::{
    domain::TaskState,
    storage::{
        StoreError,
        transfer::{Key, Kind, Record, Transfer},
    },
};

/// What the target held before the copy.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    Empty,
    /// Only records equal to the source's, of as many records: an earlier run cut short.
    Resumed(u64),
    /// This many records, copied into with `--merge`.
    Merged(u64),
    /// Records the source does not have (counted per kind): refused without `--merge`.
    Foreign(String),
}

/// A record as the target gets it: a lease names an instance running on the source, so a
/// job's is dropped (the target's instances would otherwise wait for it to expire) and a
/// running task's has ended (the target's first instance takes it over at once, runs it again
/// or tells its user it did not finish).
pub fn for_target(record: Record) -> Record {
    match record {
        Record::Job(mut job) => {
            job.lease_owner = None;
            job.lease_until = None;
            Record::Job(job)
        }
        Record::Task(mut task) if task.state == TaskState::Running => {
            task.lease_owner = None;
            task.lease_until = Some(DateTime::UNIX_EPOCH);
            Record::Task(task)
        }
        other => other,
    }
}

/// The records of `kind` in `store` among those of `records`' keys, by key.
async fn stored(
    store: &dyn Transfer,
    kind: Kind,
    records: &[Record],
) -> Result<HashMap<Key, Record>, StoreError> {
    let keys: Vec<Key> = records.iter().map(Record::key).collect();
    let found = store.find(kind, &keys).await?;
    Ok(found
        .into_iter()
        .map(|record| (record.key(), record))
        .collect())
}

/// How many records of each kind `store` holds (`whose`: the source's or the target's).
pub async fn counts(store: &dyn Transfer, whose: &str) -> Result<Vec<(Kind, u64)>, MigrateError> {
    let mut counts = Vec::new();
    for kind in Kind::ALL {
        let count = store
            .count(kind)
            .await
            .map_err(failed(format!("count {whose} {}", kind.plural())))?;
        counts.push((kind, count));
    }
    Ok(counts)
}

/// The kinds held, for a message: `1 users, 5 file versions`.
pub fn kinds_held(counts: &[(Kind, u64)]) -> String {
    counts
        .iter()
        .filter(|(_, count)| *count > 0)
        .map(|(kind, count)| format!("{count} {}", kind.plural()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Looks at what the target holds: nothing, only the source's records (a run to resume), or
/// other records (refused unless `merge`).
pub async fn check_target(
    source: &dyn Transfer,
    target: &dyn Transfer,
    merge: bool,
) -> Result<Target, MigrateError> {
    let counts = counts(target, "the target's").await?;
    let held: u64 = counts.iter().map(|(_, count)| count).sum();
    if held == 0 {
        return Ok(Target::Empty);
    }
    if merge {
        return Ok(Target::Merged(held));
    }
    for kind in Kind::ALL {
        let mut after = None;
        loop {
            let page = target
                .page(kind, after.as_ref(), PAGE)
                .await
                .map_err(failed(format!("read the target's {}", kind.plural())))?;
            let Some(last) = page.last() else { break };
            after = Some(last.key());
            let theirs = stored(source, kind, &page)
                .await
                .map_err(failed(format!("read the source's {}", kind.plural())))?;
            let foreign = page.iter().any(|record| {
                theirs
                    .get(&record.key())
                    .is_none_or(|source| for_target(source.clone()) != *record)
            });
            if foreign {
                return Ok(Target::Foreign(kinds_held(&counts)));
            }
        }
    }
    Ok(Target::Resumed(held))
}

/// What copying one kind did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Copied {
    pub kind: Option<Kind>,
    /// Records of the kind in the source.
    pub source: u64,
    pub written: u64,
    /// Already in the target, equal (an earlier run, or a merge).
    pub present: u64,
    /// Already in the target under the same key but different, or refused by a rule of the
    /// target (a current file name taken): left as they were.
    pub conflicts: Vec<Key>,
    pub archive_bytes: u64,
}

impl fmt::Display for Copied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = self.kind.map_or("records", Kind::plural);
        write!(
            f,
            "{kind}: {} in the source, {} copied, {} already there",
            self.source, self.written, self.present
        )?;
        if !self.conflicts.is_empty() {
            write!(f, ", {} conflicting", self.conflicts.len())?;
        }
        if self.archive_bytes > 0 {
            write!(f, " ({} archive bytes)", self.archive_bytes)?;
        }
        Ok(())
    }
}

/// Copies every record of `kind` the target lacks. A backup's archive is stored before its
/// record, as the backup service does, so a run cut short never leaves a record without bytes.
pub async fn copy_kind(
    source: &dyn Transfer,
    target: &dyn Transfer,
    kind: Kind,
) -> Result<Copied, MigrateError> {
    let mut copied = Copied {
        kind: Some(kind),
        ..Copied::default()
    };
    let mut after = None;
    loop {
        let page = source
            .page(kind, after.as_ref(), PAGE)
            .await
            .map_err(failed(format!("read the source's {}", kind.plural())))?;
        let Some(last) = page.last() else { break };
        after = Some(last.key());
        let page: Vec<Record> = page.into_iter().map(for_target).collect();
        let held = stored(target, kind, &page)
            .await
            .map_err(failed(format!("read the target's {}", kind.plural())))?;
        copied.source += page.len() as u64;
        let mut absent = Vec::new();
        for record in page {
            match held.get(&record.key()) {
                Some(theirs) if *theirs == record => copied.present += 1,
                Some(_) => copied.conflicts.push(record.key()),
                None => absent.push(record),
            }
        }
        let writing = absent.len() as u64;
        let refused = if kind == Kind::Backup {
            let mut refused = Vec::new();
            for record in absent {
                copied.archive_bytes += copy_archive(source, target, &record.key()).await?;
                refused.extend(insert(target, vec![record]).await?);
            }
            refused
        } else {
            insert(target, absent).await?
        };
        copied.written += writing - refused.len() as u64;
        copied.conflicts.extend(refused);
    }
    Ok(copied)
}

async fn insert(target: &dyn Transfer, records: Vec<Record>) -> Result<Vec<Key>, MigrateError> {
    let Some(kind) = records.first().map(Record::kind) else {
        return Ok(Vec::new());
    };
    target
        .insert(records)
        .await
        .map_err(failed(format!("write {}", kind.plural())))
}

/// Copies one backup's archive, streamed from one store into the other; answers its size.
async fn copy_archive(
    source: &dyn Transfer,
    target: &dyn Transfer,
    key: &Key,
) -> Result<u64, MigrateError> {
    let id = key
        .id()
        .ok_or_else(|| MigrateError::MissingArchive(key.clone()))?;
    let mut archive = match source.archive(&id).await {
        Ok(archive) => archive,
        Err(StoreError::NotFound) => return Err(MigrateError::MissingArchive(key.clone())),
        Err(error) => return Err(failed(format!("read the archive of backup {id}"))(error)),
    };
    target
        .put_archive(&id, &archive.file_name, &mut archive.reader)
        .await
        .map_err(failed(format!("copy the archive of backup {id}")))
}
