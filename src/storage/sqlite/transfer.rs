//! [`Transfer`] on the embedded store: every record read and written by its columns.

mod read;
mod write;

use async_trait::async_trait;
use rusqlite::{
    ToSql,
    types::{ToSqlOutput, Value},
};
use tokio::io::AsyncRead;

use super::Sqlite;
use crate::{
    domain::Id,
    storage::{
        BlobStore, StoreError, StoreResult,
        transfer::{Archive, Key, Kind, Record, Transfer},
    },
};

/// The table of `kind` and its key column.
fn table(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::User => ("users", "user_id"),
        Kind::File => ("code_files", "id"),
        Kind::Backup => ("backups", "id"),
        Kind::Dialogue => ("dialogues", "chat_id"),
        Kind::Job => ("jobs", "id"),
        Kind::Task => ("tasks", "id"),
    }
}

impl ToSql for Key {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Self::Int(n) => ToSqlOutput::Owned(Value::Integer(*n)),
            Self::Text(text) => ToSqlOutput::from(text.as_str()),
        })
    }
}

#[async_trait]
impl Transfer for Sqlite {
    async fn page(
        &self,
        kind: Kind,
        after: Option<&Key>,
        limit: usize,
    ) -> StoreResult<Vec<Record>> {
        let after = after.cloned();
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.db
            .read(move |conn| {
                let (_, key) = table(kind);
                // Two statements, not `?1 IS NULL OR …`: each page starts in the key's index
                // instead of walking it from the beginning.
                match after {
                    Some(after) => {
                        let filter = format!("{key} > ?1 ORDER BY {key} LIMIT ?2");
                        read::select(conn, kind, &filter, rusqlite::params![after, limit])
                    }
                    None => {
                        let filter = format!("1 ORDER BY {key} LIMIT ?1");
                        read::select(conn, kind, &filter, [limit])
                    }
                }
            })
            .await
    }

    async fn find(&self, kind: Kind, keys: &[Key]) -> StoreResult<Vec<Record>> {
        let keys = keys.to_vec();
        self.db
            .read(move |conn| {
                let (_, key) = table(kind);
                let filter = format!("{key} = ?1");
                let mut found = Vec::new();
                for wanted in &keys {
                    found.extend(read::select(conn, kind, &filter, [wanted])?);
                }
                Ok(found)
            })
            .await
    }

    async fn insert(&self, records: Vec<Record>) -> StoreResult<Vec<Key>> {
        self.db
            .write(move |conn| {
                let mut refused = Vec::new();
                for record in &records {
                    // A savepoint per record: a refused one leaves none of its rows behind.
                    conn.execute_batch("SAVEPOINT record")?;
                    match write::insert(conn, record) {
                        Ok(()) => conn.execute_batch("RELEASE record")?,
                        Err(StoreError::Conflict) => {
                            conn.execute_batch("ROLLBACK TO record; RELEASE record")?;
                            refused.push(record.key());
                        }
                        Err(error) => return Err(error),
                    }
                }
                Ok(refused)
            })
            .await
    }

    async fn count(&self, kind: Kind) -> StoreResult<u64> {
        self.db
            .read(move |conn| {
                let (table, _) = table(kind);
                let sql = format!("SELECT COUNT(*) FROM {table}");
                let count: i64 = conn.prepare_cached(&sql)?.query_row([], |row| row.get(0))?;
                Ok(u64::try_from(count).unwrap_or_default())
            })
            .await
    }

    async fn archive(&self, id: &Id) -> StoreResult<Archive> {
        let wanted = id.clone();
        let file_name: Option<String> = self
            .db
            .read(move |conn| {
                use rusqlite::OptionalExtension;
                Ok(conn
                    .prepare_cached("SELECT file_name FROM blobs WHERE id = ?1")?
                    .query_row([wanted], |row| row.get(0))
                    .optional()?)
            })
            .await?;
        let file_name = file_name.ok_or(StoreError::NotFound)?;
        let reader = self.blobs().get(id).await?;
        Ok(Archive { file_name, reader })
    }

    async fn put_archive(
        &self,
        id: &Id,
        file_name: &str,
        archive: &mut (dyn AsyncRead + Send + Unpin),
    ) -> StoreResult<u64> {
        let blobs = self.blobs();
        blobs.delete(id).await?;
        blobs.put(id, file_name, archive).await
    }
}
