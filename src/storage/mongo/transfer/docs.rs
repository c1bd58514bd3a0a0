//! Records to documents and back: files, backups, dialogues, jobs and tasks (users are in
//! `users`).

use mongodb::bson::{self, Document, doc};

use super::super::{
    backups, files::FileDoc, from_bson_time, jobs::JobDoc, tasks::TaskDoc, to_bson_time, to_id,
    to_oid,
};
use crate::{
    domain::Task,
    storage::{
        StoreError, StoreResult,
        transfer::{BackupRecord, DialogueRecord, FileRecord, JobRecord, Kind, Record},
    },
};

pub(super) fn read(kind: Kind, doc: Document) -> StoreResult<Record> {
    Ok(match kind {
        Kind::User => Record::User(super::users::read(&doc)?),
        Kind::File => Record::File(file(bson::from_document(doc)?)),
        Kind::Backup => {
            let (record, undo) = backups::read_whole(doc)?;
            Record::Backup(BackupRecord::new(record, undo))
        }
        Kind::Dialogue => Record::Dialogue(dialogue(doc)?),
        Kind::Job => Record::Job(bson::from_document::<JobDoc>(doc)?.into_job().into()),
        Kind::Task => Record::Task(Task::from(bson::from_document::<TaskDoc>(doc)?).into()),
    })
}

pub(super) fn write(record: &Record) -> StoreResult<Document> {
    match record {
        Record::User(user) => super::users::write(user),
        Record::File(file) => Ok(bson::to_document(&file_doc(file))?),
        Record::Backup(backup) => {
            let (record, undo) = backup.clone().into_parts();
            backups::whole(&record, undo.as_ref())
        }
        Record::Dialogue(dialogue) => dialogue_doc(dialogue),
        Record::Job(job) => Ok(bson::to_document(&job_doc(job))?),
        Record::Task(task) => Ok(bson::to_document(&TaskDoc::from(&Task::from(
            task.clone(),
        )))?),
    }
}

fn file(doc: FileDoc) -> FileRecord {
    FileRecord {
        id: to_id(doc.id),
        file_key: to_id(doc.file_key),
        user_id: doc.user_id,
        name: doc.name,
        language: doc.language,
        code: doc.code,
        note: doc.note,
        tags: doc.tags,
        version: u32::try_from(doc.version).unwrap_or_default(),
        size: u64::try_from(doc.size).unwrap_or_default(),
        sha256: doc.sha256,
        current: doc.current,
        active: doc.active,
        created_at: from_bson_time(doc.created_at),
        updated_at: from_bson_time(doc.updated_at),
        deleted_at: doc.deleted_at.map(from_bson_time),
    }
}

fn file_doc(file: &FileRecord) -> FileDoc {
    FileDoc {
        id: to_oid(&file.id),
        file_key: to_oid(&file.file_key),
        user_id: file.user_id,
        name: file.name.clone(),
        language: file.language.clone(),
        code: file.code.clone(),
        note: file.note.clone(),
        tags: file.tags.clone(),
        version: i64::from(file.version),
        size: i64::try_from(file.size).unwrap_or(i64::MAX),
        sha256: file.sha256.clone(),
        current: file.current,
        active: file.active,
        created_at: to_bson_time(file.created_at),
        updated_at: to_bson_time(file.updated_at),
        deleted_at: file.deleted_at.map(to_bson_time),
    }
}

fn job_doc(job: &JobRecord) -> JobDoc {
    JobDoc {
        id: job.id.clone(),
        destination: Some(job.destination.clone()),
        user_id: job.user_id,
        schedule: job.schedule,
        due_at: job.due_at.map(to_bson_time),
        attempt: i64::from(job.attempt),
        pending_backup: job.pending_backup.clone(),
        lease_owner: job.lease_owner.clone(),
        lease_until: job.lease_until.map(to_bson_time),
        last_error: job.last_error.clone(),
        last_success_at: job.last_success_at.map(to_bson_time),
        updated_at: to_bson_time(job.updated_at),
        scheduled_since: job.scheduled_since.map(to_bson_time),
    }
}

fn field(field: &'static str) -> impl FnOnce(bson::document::ValueAccessError) -> StoreError {
    move |source| StoreError::Field { field, source }
}

/// `{_id: chat, state, updated_at}`, each but `_id` optional (a `working` field of earlier
/// releases is not read).
fn dialogue(doc: Document) -> StoreResult<DialogueRecord> {
    Ok(DialogueRecord {
        chat_id: doc.get_i64("_id").map_err(field("_id"))?,
        state: doc.get("state").cloned().map(bson::from_bson).transpose()?,
        updated_at: doc
            .get_datetime("updated_at")
            .ok()
            .copied()
            .map(from_bson_time),
    })
}

fn dialogue_doc(dialogue: &DialogueRecord) -> StoreResult<Document> {
    let mut doc = doc! { "_id": dialogue.chat_id };
    if let Some(state) = &dialogue.state {
        doc.insert("state", bson::to_bson(state)?);
    }
    if let Some(at) = dialogue.updated_at {
        doc.insert("updated_at", to_bson_time(at));
    }
    Ok(doc)
}
