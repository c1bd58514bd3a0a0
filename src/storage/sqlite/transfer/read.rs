//! Reading records from their rows.

use rusqlite::{Connection, Params, Row};

use super::super::{
    backups::{self, UndoJson},
    jobs,
    settings::generations,
    tasks,
    values::{Json, Named, time, to_u32, to_u64},
};
use crate::{
    domain::{DestinationId, Id, UserId, schedule::Schedule},
    storage::{
        StoreResult,
        transfer::{
            BackupRecord, DestinationRecord, DialogueRecord, DriveRecord, FileRecord, GithubRecord,
            Kind, Record, UndoRecord, UserRecord, WrittenRecord,
        },
    },
};

/// The records of `kind` matching `filter` (a `WHERE` clause over `params`, possibly with an
/// order and a limit).
pub(super) fn select(
    conn: &Connection,
    kind: Kind,
    filter: &str,
    params: impl Params,
) -> StoreResult<Vec<Record>> {
    let (columns, table) = match kind {
        Kind::User => (
            "user_id, locale, time_zone, recent_repos, favourites",
            "users",
        ),
        Kind::File => ("*", "code_files"),
        Kind::Backup => ("*", "backups"),
        Kind::Dialogue => ("*", "dialogues"),
        Kind::Job => (jobs::JOB, "jobs"),
        Kind::Task => (tasks::TASK, "tasks"),
    };
    let sql = format!("SELECT {columns} FROM {table} WHERE {filter}");
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(params, |row| match kind {
        Kind::User => user(row),
        Kind::File => file(row).map(Record::File),
        Kind::Backup => backup(row),
        Kind::Dialogue => dialogue(row).map(Record::Dialogue),
        Kind::Job => jobs::read(row).map(|job| Record::Job(job.into())),
        Kind::Task => tasks::read(row).map(|task| Record::Task(task.into())),
    })?;
    let mut records: Vec<Record> = rows.collect::<Result<_, _>>()?;
    for record in &mut records {
        match record {
            Record::User(user) => settings(conn, user)?,
            Record::Backup(backup) => {
                backup.copies = backups::copies(conn, &backup.id)?
                    .into_iter()
                    .map(Into::into)
                    .collect();
            }
            _ => {}
        }
    }
    Ok(records)
}

fn user(row: &Row<'_>) -> rusqlite::Result<Record> {
    Ok(Record::User(UserRecord {
        user_id: row.get("user_id")?,
        locale: row.get::<_, Option<Named<_>>>("locale")?.map(|l| l.0),
        recent_repos: row.get::<_, Json<Vec<String>>>("recent_repos")?.0,
        favourites: row.get::<_, Json<Vec<Id>>>("favourites")?.0,
        time_zone: row.get::<_, Option<Named<_>>>("time_zone")?.map(|z| z.0),
        github: None,
        drive: None,
        destinations: Vec::new(),
    }))
}

/// The user's GitHub, Drive and destination settings.
fn settings(conn: &Connection, user: &mut UserRecord) -> StoreResult<()> {
    let id: UserId = user.user_id;
    let mut github =
        conn.prepare_cached("SELECT login, token, connected_at FROM github WHERE user_id = ?1")?;
    user.github = github
        .query_map([id], |row| {
            Ok(GithubRecord {
                login: row.get(0)?,
                sealed_token: row.get(1)?,
                connected_at: time(row.get(2)?),
            })
        })?
        .next()
        .transpose()?;
    let mut drive = conn.prepare_cached(
        "SELECT token, email, connected_at, needs_reconnect, folder_id FROM drive \
         WHERE user_id = ?1",
    )?;
    user.drive = drive
        .query_map([id], |row| {
            Ok(DriveRecord {
                sealed_token: row.get(0)?,
                email: row.get(1)?,
                connected_at: row.get::<_, Option<i64>>(2)?.map(time),
                needs_reconnect: row.get(3)?,
                folder_id: row.get(4)?,
            })
        })?
        .next()
        .transpose()?
        .filter(DriveRecord::holds_something);
    let mut destinations = conn.prepare_cached(
        "SELECT destination, schedule, retention, last_success, last_error, last_error_at, \
         last_error_full, retention_daily, retention_weekly, retention_monthly, \
         uploaded_library, last_unchanged, history, password \
         FROM destinations WHERE user_id = ?1 ORDER BY destination",
    )?;
    user.destinations = destinations
        .query_map([id], |row| {
            Ok(DestinationRecord {
                destination: row.get::<_, DestinationId>(0)?,
                schedule: row.get::<_, Option<Json<Schedule>>>(1)?.map(|s| s.0),
                retention: row.get::<_, Option<i64>>(2)?.map(to_u32),
                generations: generations(row, 7)?,
                last_success: row.get::<_, Option<i64>>(3)?.map(time),
                last_error: row.get(4)?,
                last_error_at: row.get::<_, Option<i64>>(5)?.map(time),
                last_error_full: row.get(6)?,
                uploaded_library: row.get(10)?,
                last_unchanged: row.get::<_, Option<i64>>(11)?.map(time),
                history: row.get(12)?,
                sealed_password: row.get(13)?,
            })
        })?
        .filter(|read| !matches!(read, Ok(destination) if !destination.holds_something()))
        .collect::<Result<_, _>>()?;
    Ok(())
}

fn file(row: &Row<'_>) -> rusqlite::Result<FileRecord> {
    Ok(FileRecord {
        id: row.get("id")?,
        file_key: row.get("file_key")?,
        user_id: row.get("user_id")?,
        name: row.get("name")?,
        language: row.get("language")?,
        code: row.get("code")?,
        note: row.get("note")?,
        tags: row.get::<_, Json<Vec<String>>>("tags")?.0,
        version: to_u32(row.get("version")?),
        size: to_u64(row.get("size")?),
        sha256: row.get("sha256")?,
        current: row.get("current")?,
        active: row.get("active")?,
        created_at: time(row.get("created_at")?),
        updated_at: time(row.get("updated_at")?),
        deleted_at: row.get::<_, Option<i64>>("deleted_at")?.map(time),
    })
}

fn backup(row: &Row<'_>) -> rusqlite::Result<Record> {
    let mut record = BackupRecord::new(backups::read(row)?, None);
    let undone_at = row.get::<_, Option<i64>>("undone_at")?.map(time);
    record.undo = row
        .get::<_, Option<Json<UndoJson>>>("undo")?
        .map(|Json(undo)| UndoRecord {
            restored: undo.restored,
            writes: undo
                .writes
                .into_iter()
                .map(|write| WrittenRecord {
                    name: write.name,
                    kind: write.kind,
                    state: write.state,
                    added: write.added,
                })
                .collect(),
            undone_at,
        });
    Ok(Record::Backup(record))
}

fn dialogue(row: &Row<'_>) -> rusqlite::Result<DialogueRecord> {
    Ok(DialogueRecord {
        chat_id: row.get("chat_id")?,
        state: row
            .get::<_, Option<Json<serde_json::Value>>>("state")?
            .map(|s| s.0),
        updated_at: row.get::<_, Option<i64>>("updated_at")?.map(time),
    })
}
