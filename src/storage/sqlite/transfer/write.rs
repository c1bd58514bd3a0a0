//! Writing records as rows, every field as it is.

use rusqlite::{Connection, params};

use super::super::{
    backups::{self, RECORD, UndoJson, WrittenJson},
    jobs::JOB,
    tasks,
    values::{Named, json, millis, to_i64},
};
use crate::{
    domain::backup::RemoteCopy,
    storage::{
        StoreResult,
        transfer::{BackupRecord, DialogueRecord, FileRecord, JobRecord, Record, UserRecord},
    },
};

/// Inserts the rows of `record`; `Conflict` when its key or a uniqueness rule is taken.
pub(super) fn insert(conn: &Connection, record: &Record) -> StoreResult<()> {
    match record {
        Record::User(user) => insert_user(conn, user),
        Record::File(file) => insert_file(conn, file),
        Record::Backup(backup) => insert_backup(conn, backup),
        Record::Dialogue(dialogue) => insert_dialogue(conn, dialogue),
        Record::Job(job) => insert_job(conn, job),
        Record::Task(task) => tasks::insert(conn, &task.clone().into()),
    }
}

fn insert_user(conn: &Connection, user: &UserRecord) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO users (user_id, locale, recent_repos, favourites, time_zone) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        user.user_id,
        user.locale.map(Named),
        json(&user.recent_repos)?,
        json(&user.favourites)?,
        user.time_zone.map(Named)
    ])?;
    if let Some(github) = &user.github {
        conn.prepare_cached(
            "INSERT INTO github (user_id, login, token, connected_at) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
            user.user_id,
            github.login,
            github.sealed_token,
            millis(github.connected_at)
        ])?;
    }
    if let Some(drive) = &user.drive {
        conn.prepare_cached(
            "INSERT INTO drive (user_id, token, email, connected_at, needs_reconnect, folder_id) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            user.user_id,
            drive.sealed_token,
            drive.email,
            drive.connected_at.map(millis),
            drive.needs_reconnect,
            drive.folder_id
        ])?;
    }
    let mut destinations = conn.prepare_cached(
        "INSERT INTO destinations (user_id, destination, schedule, retention, last_success, \
         last_error, last_error_at, last_error_full, retention_daily, retention_weekly, \
         retention_monthly, uploaded_library, last_unchanged, history, password) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?;
    for destination in &user.destinations {
        destinations.execute(params![
            user.user_id,
            destination.destination,
            destination.schedule.as_ref().map(json).transpose()?,
            destination.retention,
            destination.last_success.map(millis),
            destination.last_error,
            destination.last_error_at.map(millis),
            destination.last_error_full,
            destination.generations.map(|g| g.daily),
            destination.generations.map(|g| g.weekly),
            destination.generations.map(|g| g.monthly),
            destination.uploaded_library,
            destination.last_unchanged.map(millis),
            destination.history,
            destination.sealed_password
        ])?;
    }
    Ok(())
}

fn insert_file(conn: &Connection, file: &FileRecord) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO code_files (id, file_key, user_id, name, language, code, note, tags, \
         version, size, sha256, current, active, created_at, updated_at, deleted_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        file.id,
        file.file_key,
        file.user_id,
        file.name,
        file.language,
        file.code,
        file.note,
        json(&file.tags)?,
        file.version,
        to_i64(file.size),
        file.sha256,
        file.current,
        file.active,
        millis(file.created_at),
        millis(file.updated_at),
        file.deleted_at.map(millis),
    ])?;
    Ok(())
}

fn insert_backup(conn: &Connection, backup: &BackupRecord) -> StoreResult<()> {
    let undo = backup
        .undo
        .as_ref()
        .map(|undo| {
            json(&UndoJson {
                restored: undo.restored.clone(),
                writes: undo
                    .writes
                    .iter()
                    .map(|write| WrittenJson {
                        name: write.name.clone(),
                        kind: write.kind,
                        state: write.state.clone(),
                        added: write.added,
                    })
                    .collect(),
            })
        })
        .transpose()?;
    conn.prepare_cached(&format!(
        "INSERT INTO backups ({RECORD}, undo, undone_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, \
         ?18, ?19)"
    ))?
    .execute(params![
        backup.id,
        backup.user_id,
        Named(backup.kind),
        millis(backup.created_at),
        to_i64(backup.file_count),
        to_i64(backup.total_size),
        to_i64(backup.archive_size),
        backup.sha256,
        backup.version,
        backup.rating.map(Named),
        backup.note,
        backup.repo,
        backup.git_ref,
        backup.commit,
        backup.checked_at.map(millis),
        backup.damaged_at.map(millis),
        backup.protected,
        undo,
        backup
            .undo
            .as_ref()
            .and_then(|undo| undo.undone_at)
            .map(millis),
    ])?;
    for copy in &backup.copies {
        backups::put_copy(conn, &backup.id, &RemoteCopy::from(copy.clone()))?;
    }
    Ok(())
}

fn insert_dialogue(conn: &Connection, dialogue: &DialogueRecord) -> StoreResult<()> {
    conn.prepare_cached("INSERT INTO dialogues (chat_id, state, updated_at) VALUES (?1, ?2, ?3)")?
        .execute(params![
            dialogue.chat_id,
            dialogue.state.as_ref().map(json).transpose()?,
            dialogue.updated_at.map(millis),
        ])?;
    Ok(())
}

fn insert_job(conn: &Connection, job: &JobRecord) -> StoreResult<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO jobs ({JOB}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
    ))?
    .execute(params![
        job.id,
        job.destination,
        job.user_id,
        json(&job.schedule)?,
        job.due_at.map(millis),
        job.attempt,
        job.pending_backup,
        job.lease_owner,
        job.lease_until.map(millis),
        job.last_error,
        job.last_success_at.map(millis),
        millis(job.updated_at),
        job.scheduled_since.map(millis),
    ])?;
    Ok(())
}
