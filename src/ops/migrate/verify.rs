//! Verifying a copy: every record the source holds is in the target and equal, as many of
//! each kind, and every archive's bytes hash the same.

use std::{collections::HashSet, fmt};

use super::{MigrateError, PAGE, copy::for_target, failed};
use crate::{
    ops::files::sha256_of,
    storage::{
        StoreError,
        transfer::{Key, Kind, Record, Transfer},
    },
};

/// Records found equal in both stores, per kind, and archives with equal SHA-256.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Verified {
    pub equal: Vec<(Kind, u64)>,
    pub archives: u64,
}

impl fmt::Display for Verified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let counts = self
            .equal
            .iter()
            .map(|(kind, count)| format!("{} {count}", kind.plural()))
            .collect::<Vec<_>>()
            .join(", ");
        write!(
            f,
            "Verified equal in both stores: {counts}; archives with the same SHA-256: {}",
            self.archives
        )
    }
}

/// Checks the copy; `conflicts` (kept as the target had them) are left out. With
/// `same_counts`, the target must hold exactly as many records of each kind as the source.
pub async fn verify(
    source: &dyn Transfer,
    target: &dyn Transfer,
    conflicts: &[(Kind, Key)],
    same_counts: bool,
) -> Result<Verified, MigrateError> {
    let conflicts: HashSet<&(Kind, Key)> = conflicts.iter().collect();
    let mut verified = Verified::default();
    for kind in Kind::ALL {
        let mut equal = 0;
        let mut in_source = 0;
        let mut after = None;
        loop {
            let page = source
                .page(kind, after.as_ref(), PAGE)
                .await
                .map_err(failed(format!("read the source's {}", kind.plural())))?;
            let Some(last) = page.last() else { break };
            after = Some(last.key());
            in_source += page.len() as u64;
            let keys: Vec<Key> = page.iter().map(Record::key).collect();
            let held = target
                .find(kind, &keys)
                .await
                .map_err(failed(format!("read the target's {}", kind.plural())))?;
            for record in page.into_iter().map(for_target) {
                let key = record.key();
                if conflicts.contains(&(kind, key.clone())) {
                    continue;
                }
                if !held.contains(&record) {
                    return Err(MigrateError::Differs { kind, key });
                }
                if kind == Kind::Backup {
                    same_archive(source, target, &key).await?;
                    verified.archives += 1;
                }
                equal += 1;
            }
        }
        if same_counts {
            let in_target = target
                .count(kind)
                .await
                .map_err(failed(format!("count the target's {}", kind.plural())))?;
            if in_target != in_source {
                return Err(MigrateError::Count {
                    kind: kind.plural(),
                    in_source,
                    in_target,
                });
            }
        }
        verified.equal.push((kind, equal));
    }
    Ok(verified)
}

/// The archive of backup `key` has the same name and SHA-256 in both stores (each hashed as
/// it streams).
async fn same_archive(
    source: &dyn Transfer,
    target: &dyn Transfer,
    key: &Key,
) -> Result<(), MigrateError> {
    let id = key.id().ok_or_else(|| MigrateError::Archive(key.clone()))?;
    let mut fingerprints = Vec::new();
    for store in [source, target] {
        let reading = || failed(format!("read the archive of backup {id}"));
        let archive = store.archive(&id).await.map_err(reading())?;
        let sha256 = sha256_of(archive.reader)
            .await
            .map_err(|source| StoreError::Archive {
                action: "read",
                source,
            })
            .map_err(reading())?;
        fingerprints.push((archive.file_name, sha256));
    }
    if fingerprints[0] == fingerprints[1] {
        Ok(())
    } else {
        Err(MigrateError::Archive(key.clone()))
    }
}
