//! A restore's (an import's, an undo's) writes, applied inside one transaction in grouped
//! writes: one read of the files they touch, then `update_many` by id and one `insert_many`,
//! so a 20,000-file restore is a handful of round trips instead of 40,000 (MongoDB ends a
//! transaction after 60 s by default).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use futures::TryStreamExt;
use mongodb::{
    ClientSession, Collection,
    bson::{self, Document, doc, oid::ObjectId},
};

use super::{Content, FileDoc};
use crate::{
    domain::{
        UserId,
        restore::{Action, Incoming, PastVersion, count_versions},
    },
    storage::{StoreError, StoreResult, mongo::to_bson_time},
};

/// At most this many names or ids in one `$in`: a command stays far below MongoDB's 16 MB.
const CHUNK: usize = 5_000;

fn content(file: Incoming) -> Content {
    let language = file.language_to_store().to_owned();
    Content {
        language,
        code: file.code,
        note: file.note,
        tags: file.tags,
    }
}

/// The actions cut into runs that each name a file at most once. Writes to different names
/// do not depend on each other, so a run may be written as grouped writes in any order; a
/// name seen again (binned, then created anew) starts the next run, keeping the order.
fn runs(actions: Vec<Action>) -> Vec<Vec<Action>> {
    let mut runs: Vec<Vec<Action>> = Vec::new();
    let mut run = Vec::new();
    let mut names = HashSet::new();
    for action in actions {
        if !names.insert(action.name().to_owned()) {
            runs.push(std::mem::take(&mut run));
            names.clear();
            names.insert(action.name().to_owned());
        }
        run.push(action);
    }
    runs.push(run);
    runs
}

/// The grouped writes of one run.
#[derive(Default)]
struct Writes {
    inserts: Vec<FileDoc>,
    /// Version ids that stop being current.
    retired: Vec<ObjectId>,
    /// File keys whose versions go to the recycle bin.
    binned: Vec<ObjectId>,
    /// Current version ids by the note and tags they get.
    meta: HashMap<(Option<String>, Vec<String>), Vec<ObjectId>>,
    /// Current versions moved up to a new number, above the history put below them.
    renumbered: Vec<(ObjectId, i64)>,
    /// Earlier versions `first..=last` of a file key, taken out.
    dropped: Vec<(ObjectId, i64, i64)>,
}

pub(super) async fn apply_all(
    files: &Collection<FileDoc>,
    session: &mut ClientSession,
    user: UserId,
    actions: Vec<Action>,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let now = to_bson_time(at);
    for run in runs(actions) {
        let mut current = read_current(files, session, user, &run).await?;
        let writes = plan(user, run, &mut current, now)?;
        write(files, session, user, writes, now).await?;
    }
    Ok(())
}

/// The current versions (without their code) of the files the run changes, by name.
async fn read_current(
    files: &Collection<FileDoc>,
    session: &mut ClientSession,
    user: UserId,
    run: &[Action],
) -> StoreResult<HashMap<String, FileDoc>> {
    let names: Vec<&str> = run
        .iter()
        .filter(|action| !matches!(action, Action::Create(_)))
        .map(Action::name)
        .collect();
    let mut current = HashMap::with_capacity(names.len());
    for chunk in names.chunks(CHUNK) {
        let filter =
            doc! { "user_id": user, "current": true, "active": true, "name": { "$in": chunk } };
        let mut cursor = files
            .find(filter)
            .projection(doc! { "code": 0 })
            .batch_size(u32::try_from(CHUNK).unwrap_or(u32::MAX))
            .session(&mut *session)
            .await?;
        let docs: Vec<FileDoc> = cursor.stream(&mut *session).try_collect().await?;
        current.extend(docs.into_iter().map(|doc| (doc.name.clone(), doc)));
    }
    Ok(current)
}

/// What the run writes; `NotFound` when an action names a file that is not current.
fn plan(
    user: UserId,
    run: Vec<Action>,
    current: &mut HashMap<String, FileDoc>,
    now: bson::DateTime,
) -> StoreResult<Writes> {
    let mut writes = Writes::default();
    for action in run {
        match action {
            Action::Create(mut file) => {
                let history = std::mem::take(&mut file.history);
                let mut doc = FileDoc::first(user, file.name.clone(), content(file), now);
                // A file with history was made when its first version was.
                if let Some(first) = history.first() {
                    doc.created_at = doc.created_at.min(to_bson_time(first.created_at));
                }
                doc.version += i64::from(count_versions(&history));
                writes.inserts.extend(history_docs(&doc, 1, history));
                writes.inserts.push(doc);
            }
            Action::NewVersion(mut file) => {
                let history = std::mem::take(&mut file.history);
                let old = current.remove(&file.name).ok_or(StoreError::NotFound)?;
                writes.retired.push(old.id);
                let first = old.version + 1;
                let mut doc = FileDoc::after(old, content(file), now);
                doc.version += i64::from(count_versions(&history));
                writes.inserts.extend(history_docs(&doc, first, history));
                writes.inserts.push(doc);
            }
            Action::AddHistory { name, versions } => {
                let old = current.get(&name).ok_or(StoreError::NotFound)?;
                let moved = old.version + i64::from(count_versions(&versions));
                writes.renumbered.push((old.id, moved));
                writes
                    .inserts
                    .extend(history_docs(old, old.version, versions));
            }
            Action::DropVersions { name, first, last } => {
                let old = current.get(&name).ok_or(StoreError::NotFound)?;
                let range = (old.file_key, i64::from(first), i64::from(last));
                writes.dropped.push(range);
            }
            Action::UpdateMeta(file) => {
                let old = current.get(&file.name).ok_or(StoreError::NotFound)?;
                let ids = writes.meta.entry((file.note, file.tags)).or_default();
                ids.push(old.id);
            }
            Action::MoveToBin(name) => {
                let old = current.remove(&name).ok_or(StoreError::NotFound)?;
                writes.binned.push(old.file_key);
            }
        }
    }
    Ok(writes)
}

async fn write(
    files: &Collection<FileDoc>,
    session: &mut ClientSession,
    user: UserId,
    writes: Writes,
    now: bson::DateTime,
) -> StoreResult<()> {
    // Old versions stop being current before the new ones arrive: the unique index on current
    // names would refuse them otherwise.
    let retire = doc! { "$set": { "current": false } };
    for ids in writes.retired.chunks(CHUNK) {
        let filter = doc! { "user_id": user, "_id": { "$in": ids } };
        update_many(files, session, filter, retire.clone()).await?;
    }
    let bin = doc! { "$set": { "active": false, "deleted_at": now } };
    for keys in writes.binned.chunks(CHUNK) {
        let filter = doc! { "user_id": user, "file_key": { "$in": keys }, "active": true };
        update_many(files, session, filter, bin.clone()).await?;
    }
    for ((note, tags), ids) in writes.meta {
        let update = match note {
            Some(note) => doc! { "$set": { "note": note, "tags": tags } },
            None => doc! { "$set": { "tags": tags }, "$unset": { "note": "" } },
        };
        for ids in ids.chunks(CHUNK) {
            let filter = doc! { "user_id": user, "_id": { "$in": ids } };
            update_many(files, session, filter, update.clone()).await?;
        }
    }
    // Moved up before the history takes their numbers.
    for (id, version) in writes.renumbered {
        let filter = doc! { "user_id": user, "_id": id };
        let update = doc! { "$set": { "version": version } };
        update_many(files, session, filter, update).await?;
    }
    for (key, first, last) in writes.dropped {
        let filter = doc! {
            "user_id": user, "file_key": key, "current": false,
            "version": { "$gte": first, "$lte": last },
        };
        files.delete_many(filter).session(&mut *session).await?;
    }
    if !writes.inserts.is_empty() {
        // The driver splits the documents into as few messages as the server takes.
        files
            .insert_many(&writes.inserts)
            .session(&mut *session)
            .await?;
    }
    Ok(())
}

/// `history` (oldest first) as earlier versions of the file `file` is the current version of,
/// numbered from `first`, each with its note and tags.
fn history_docs(file: &FileDoc, first: i64, history: Vec<PastVersion>) -> Vec<FileDoc> {
    (first..)
        .zip(history)
        .map(|(version, past)| {
            let content = Content {
                language: past
                    .language_to_store(&file.name, &file.language)
                    .to_owned(),
                code: past.code,
                note: file.note.clone(),
                tags: file.tags.clone(),
            };
            let at = to_bson_time(past.created_at);
            let mut doc = FileDoc::current_version(
                file.file_key,
                file.user_id,
                past.name,
                content,
                version,
                file.created_at,
                at,
            );
            doc.current = false;
            doc
        })
        .collect()
}

async fn update_many(
    files: &Collection<FileDoc>,
    session: &mut ClientSession,
    filter: Document,
    update: Document,
) -> StoreResult<()> {
    files
        .update_many(filter, update)
        .session(&mut *session)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn create(name: &str) -> Action {
        Action::Create(Incoming {
            name: name.to_owned(),
            code: String::new(),
            language: None,
            note: None,
            tags: Vec::new(),
            history: Vec::new(),
        })
    }

    #[test]
    fn a_name_seen_again_starts_a_new_run_in_order() {
        let actions = vec![
            Action::MoveToBin("a".to_owned()),
            create("b"),
            create("a"),
            create("c"),
            Action::MoveToBin("c".to_owned()),
        ];
        let names: Vec<Vec<String>> = runs(actions)
            .iter()
            .map(|run| run.iter().map(|action| action.name().to_owned()).collect())
            .collect();
        assert_eq!(names, [vec!["a", "b"], vec!["a", "c"], vec!["c"]]);
    }

    #[test]
    fn no_actions_are_one_empty_run() {
        assert_eq!(runs(Vec::new()).len(), 1);
        assert!(runs(Vec::new())[0].is_empty());
    }
}
