//! Storage and library tests against a real MongoDB-protocol server.

mod support;

use std::sync::Arc;

use chrono::Duration;
use codevault::{
    bot::{
        State,
        state::{Draft, NotesState, SaveState},
    },
    domain::{Event, Id, NewFile, backup::BackupKind, file_name::NameError},
    i18n::Locale,
    service::{Clock, Library, LibraryError, LibraryLimits, SaveMode, Users},
    storage::{EventStore, FileStore, StoreError, UserStore, mongo::Mongo},
};
use mongodb::bson::{Document, doc};
use support::{clock::TestClock, db};
use teloxide::{dispatching::dialogue::Storage, types::ChatId};

const ALICE: i64 = 1001;
const BOB: i64 = 2002;

fn limits() -> LibraryLimits {
    LibraryLimits {
        max_file_bytes: 1000,
        max_files: 5,
        max_bytes: 3000,
        recycle_bin_days: 7,
        page_size: 2,
    }
}

async fn setup() -> (Mongo, Library, Arc<TestClock>) {
    let mongo = db::connect(&db::unique_name("storage")).await;
    let clock = TestClock::new();
    let library = Library::new(
        Arc::new(mongo.files()),
        Arc::new(mongo.events()),
        clock.clone(),
        limits(),
    );
    (mongo, library, clock)
}

fn new_file(user: i64, name: &str, code: &str) -> NewFile {
    NewFile {
        user_id: user,
        name: name.to_owned(),
        language: "python".to_owned(),
        code: code.to_owned(),
        note: None,
        tags: vec![],
    }
}

#[tokio::test]
async fn current_names_are_unique_per_user() {
    let (mongo, _, clock) = setup().await;
    let files = mongo.files();
    let first = files
        .create(new_file(ALICE, "a.py", "1"), clock.now())
        .await
        .unwrap();
    assert_eq!(first.version, 1);
    assert_eq!(first.sha256.len(), 64);
    let again = files
        .create(new_file(ALICE, "a.py", "2"), clock.now())
        .await;
    assert!(matches!(again, Err(StoreError::Conflict)), "{again:?}");
    files
        .create(new_file(BOB, "a.py", "3"), clock.now())
        .await
        .expect("another user may use the name");
    assert_eq!(db::dump(&mongo, "code_files").await.len(), 2);
}

#[tokio::test]
async fn versions_keep_history_and_one_current() {
    let (mongo, library, _) = setup().await;
    let v1 = library
        .create(ALICE, "tool.py", "print(1)".into(), Some("first".into()))
        .await
        .unwrap();
    let v2 = library
        .replace(ALICE, "tool.py", "print(2)".into(), None)
        .await
        .unwrap();
    assert_eq!(
        (v2.version, v2.key.clone(), v2.note.as_deref()),
        (2, v1.key.clone(), Some("first"))
    );
    let history = library.history(ALICE, &v1.key, 0).await.unwrap();
    let versions: Vec<(u32, bool)> = history
        .versions
        .items
        .iter()
        .map(|v| (v.version, v.current))
        .collect();
    assert_eq!(versions, vec![(2, true), (1, false)]);
    // Bringing version 1 back adds version 3 with its content; 2 stays in the history.
    let v3 = library.make_current(ALICE, &v1.version_id).await.unwrap();
    assert_eq!((v3.version, v3.code.as_str()), (3, "print(1)"));
    let current = db::current_file(&mongo, ALICE, "tool.py").await.unwrap();
    assert_eq!(current.get_i64("version").unwrap(), 3);
    let count = mongo
        .database()
        .collection::<Document>("code_files")
        .count_documents(doc! { "current": true })
        .await
        .unwrap();
    assert_eq!(count, 1);
}

#[tokio::test]
async fn saving_makes_a_new_file_or_replaces_one_as_asked() {
    let (mongo, library, _) = setup().await;
    let first = library
        .save(ALICE, "a.py", "1".into(), Some(""), SaveMode::New)
        .await
        .unwrap();
    assert_eq!((first.version, first.note.as_deref()), (1, None));
    assert!(matches!(
        library
            .save(ALICE, "a.py", "2".into(), None, SaveMode::New)
            .await,
        Err(LibraryError::NameTaken)
    ));
    let replaced = library
        .save(ALICE, "a.py", "2".into(), Some("two"), SaveMode::Replace)
        .await
        .unwrap();
    assert_eq!(
        (
            replaced.version,
            replaced.key.clone(),
            replaced.note.as_deref()
        ),
        (2, first.key.clone(), Some("two"))
    );
    let before = db::dump(&mongo, "code_files").await;
    let long = "n".repeat(1001);
    assert!(matches!(
        library
            .save(ALICE, "a.py", "3".into(), Some(&long), SaveMode::Replace)
            .await,
        Err(LibraryError::NoteTooLong)
    ));
    assert_eq!(db::dump(&mongo, "code_files").await, before);
    // Replacing a file deleted meanwhile saves it anew.
    library.delete(ALICE, &first.key).await.unwrap();
    let anew = library
        .save(ALICE, "a.py", "3".into(), None, SaveMode::Replace)
        .await
        .unwrap();
    assert_eq!(anew.version, 1);
    assert_ne!(anew.key, first.key);
}

#[tokio::test]
async fn list_pages_newest_first_and_filters_by_tag() {
    let (_, library, clock) = setup().await;
    for name in ["a.py", "b.py", "c.py"] {
        library
            .create(ALICE, name, format!("# {name}"), None)
            .await
            .unwrap();
        clock.advance(Duration::minutes(1));
    }
    let b = library.list(ALICE, None, 0).await.unwrap();
    assert_eq!(
        b.items.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        ["c.py", "b.py"]
    );
    assert_eq!((b.total, b.page_count()), (3, 2));
    let second = library.list(ALICE, None, 1).await.unwrap();
    assert_eq!(
        second
            .items
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>(),
        ["a.py"]
    );
    let a = library.list(ALICE, None, 1).await.unwrap().items[0]
        .key
        .clone();
    library.set_tags(ALICE, &a, "work #draft").await.unwrap();
    assert_eq!(library.tags(ALICE).await.unwrap(), ["draft", "work"]);
    let tagged = library.list(ALICE, Some("work"), 0).await.unwrap();
    assert_eq!(
        tagged
            .items
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>(),
        ["a.py"]
    );
    assert!(library.list(BOB, None, 0).await.unwrap().items.is_empty());
}

#[tokio::test]
async fn another_user_can_reach_nothing() {
    let (mongo, library, _) = setup().await;
    let file = library
        .create(ALICE, "secret.py", "key = 1".into(), Some("mine".into()))
        .await
        .unwrap();
    let before = db::dump(&mongo, "code_files").await;
    assert!(matches!(
        library.open(BOB, &file.key).await,
        Err(LibraryError::NotFound)
    ));
    assert!(matches!(
        library.version(BOB, &file.version_id).await,
        Err(LibraryError::NotFound)
    ));
    assert!(matches!(
        library.history(BOB, &file.key, 0).await,
        Err(LibraryError::NotFound)
    ));
    assert!(matches!(
        library.set_note(BOB, &file.key, Some("x")).await,
        Err(LibraryError::NotFound)
    ));
    assert!(matches!(
        library.set_tags(BOB, &file.key, "x").await,
        Err(LibraryError::NotFound)
    ));
    assert!(matches!(
        library.delete(BOB, &file.key).await,
        Err(LibraryError::NotFound)
    ));
    assert!(matches!(
        library.make_current(BOB, &file.version_id).await,
        Err(LibraryError::NotFound)
    ));
    assert!(matches!(
        library.restore(BOB, &file.key).await,
        Err(LibraryError::NotFound)
    ));
    assert_eq!(db::dump(&mongo, "code_files").await, before);
}

#[tokio::test]
async fn recycle_bin_restores_and_purges_after_the_retention() {
    let (mongo, library, clock) = setup().await;
    let file = library
        .create(ALICE, "app.py", "v1".into(), None)
        .await
        .unwrap();
    library
        .replace(ALICE, "app.py", "v2".into(), None)
        .await
        .unwrap();
    library.delete(ALICE, &file.key).await.unwrap();
    assert!(library.list(ALICE, None, 0).await.unwrap().items.is_empty());
    assert_eq!(library.bin(ALICE, 0).await.unwrap().items[0].name, "app.py");

    // The name was taken while the file sat in the bin: it comes back under a new name.
    library
        .create(ALICE, "app.py", "other".into(), None)
        .await
        .unwrap();
    let restored = library.restore(ALICE, &file.key).await.unwrap();
    assert_eq!(restored.file.name, "app (restored).py");
    assert_eq!(restored.renamed_from.as_deref(), Some("app.py"));
    assert_eq!(
        (restored.file.version, restored.file.code.as_str()),
        (2, "v2")
    );
    assert_eq!(
        library
            .history(ALICE, &file.key, 0)
            .await
            .unwrap()
            .versions
            .total,
        2
    );

    library.delete(ALICE, &file.key).await.unwrap();
    clock.advance(Duration::days(6));
    assert_eq!(library.purge_expired().await.unwrap(), 0);
    clock.advance(Duration::days(2));
    assert_eq!(
        library.purge_expired().await.unwrap(),
        2,
        "both versions are purged"
    );
    assert!(matches!(
        library.restore(ALICE, &file.key).await,
        Err(LibraryError::NotFound)
    ));
    let left = db::dump(&mongo, "code_files").await;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].get_str("code").unwrap(), "other");
    let events = db::dump(&mongo, "events").await;
    assert_eq!(
        events
            .iter()
            .filter(|e| e.get_str("name") == Ok("files_purged"))
            .count(),
        1
    );
}

#[tokio::test]
async fn limits_refuse_and_store_nothing() {
    let (mongo, library, _) = setup().await;
    let too_big = "x".repeat(1001);
    assert!(matches!(
        library.create(ALICE, "big.txt", too_big, None).await,
        Err(LibraryError::FileTooLarge { max_bytes: 1000 })
    ));
    for i in 0..3 {
        library
            .create(ALICE, &format!("f{i}.txt"), "y".repeat(900), None)
            .await
            .unwrap();
    }
    let before = db::dump(&mongo, "code_files").await;
    assert!(matches!(
        library.create(ALICE, "f3.txt", "y".repeat(900), None).await,
        Err(LibraryError::LibraryFull { max_bytes: 3000 })
    ));
    assert!(
        library
            .replace(ALICE, "f0.txt", "y".repeat(1000), None)
            .await
            .is_ok(),
        "replacing frees the old size"
    );
    library
        .create(ALICE, "s1.txt", "1".into(), None)
        .await
        .unwrap();
    library
        .create(ALICE, "s2.txt", "1".into(), None)
        .await
        .unwrap();
    assert!(matches!(
        library.create(ALICE, "s3.txt", "1".into(), None).await,
        Err(LibraryError::TooManyFiles { max: 5 })
    ));
    assert_eq!(db::dump(&mongo, "code_files").await.len(), before.len() + 3);
    assert!(matches!(
        library.create(ALICE, "a\\b.py", "1".into(), None).await,
        Err(LibraryError::InvalidName(NameError::Backslash))
    ));
    let note = "n".repeat(1001);
    assert!(matches!(
        Library::check_note(&note),
        Err(LibraryError::NoteTooLong)
    ));
}

#[tokio::test]
async fn users_keep_their_first_language_until_they_change_it() {
    let mongo = db::connect(&db::unique_name("users")).await;
    let users = mongo.users();
    assert_eq!(
        users.get_or_create(ALICE, Locale::He).await.unwrap().locale,
        Locale::He
    );
    assert_eq!(
        users.get_or_create(ALICE, Locale::En).await.unwrap().locale,
        Locale::He
    );
    users.set_locale(ALICE, Locale::Ru).await.unwrap();
    assert_eq!(
        users.get_or_create(ALICE, Locale::En).await.unwrap().locale,
        Locale::Ru
    );
}

#[tokio::test]
async fn the_users_service_answers_in_the_first_language_until_another_is_chosen() {
    let mongo = db::connect(&db::unique_name("users_service")).await;
    let users = Users::new(Arc::new(mongo.users()));
    assert_eq!(users.locale_of(BOB, Locale::Ru).await.unwrap(), Locale::Ru);
    assert_eq!(users.locale_of(BOB, Locale::En).await.unwrap(), Locale::Ru);
    users.set_locale(BOB, Locale::He).await.unwrap();
    assert_eq!(users.locale_of(BOB, Locale::En).await.unwrap(), Locale::He);
}

#[tokio::test]
async fn events_are_stored_with_their_fields() {
    let mongo = db::connect(&db::unique_name("events")).await;
    mongo
        .events()
        .record(Event::BackupCreated {
            user: ALICE,
            backup: Id::generate(),
            kind: BackupKind::FullBackup,
            files: 3,
            archive_size: 1024,
        })
        .await
        .unwrap();
    let events = db::dump(&mongo, "events").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].get_str("name").unwrap(), "backup_created");
    assert_eq!(events[0].get_str("severity").unwrap(), "info");
    assert_eq!(events[0].get_i64("user_id").unwrap(), ALICE);
    assert_eq!(
        events[0]
            .get_document("fields")
            .unwrap()
            .get_str("files")
            .unwrap(),
        "3"
    );
}

#[tokio::test]
async fn dialogue_storage_follows_the_teloxide_contract() {
    let mongo = db::connect(&db::unique_name("dialogues")).await;
    let storage = mongo.dialogues().of::<State>();
    let (chat, other) = (ChatId(ALICE), ChatId(BOB));
    assert_eq!(storage.clone().get_dialogue(chat).await.unwrap(), None);
    let draft = Draft {
        code: "print('שלום')".into(),
        suggested_name: "a.py".into(),
    };
    let state = State::Save(SaveState::AwaitingNote {
        draft,
        name: "a.py".into(),
        replace: true,
    });
    storage
        .clone()
        .update_dialogue(chat, state.clone())
        .await
        .unwrap();
    storage
        .clone()
        .update_dialogue(other, State::Save(SaveState::AwaitingCode))
        .await
        .unwrap();
    assert_eq!(
        storage.clone().get_dialogue(chat).await.unwrap(),
        Some(state)
    );
    let file = Id::parse("0123456789abcdef01234567").unwrap();
    storage
        .clone()
        .update_dialogue(
            chat,
            State::Notes(NotesState::EditingTags { file: file.clone() }),
        )
        .await
        .unwrap();
    assert_eq!(
        storage.clone().get_dialogue(chat).await.unwrap(),
        Some(State::Notes(NotesState::EditingTags { file }))
    );
    storage.clone().remove_dialogue(chat).await.unwrap();
    assert_eq!(storage.clone().get_dialogue(chat).await.unwrap(), None);
    assert!(matches!(
        storage.clone().remove_dialogue(chat).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        storage.clone().get_dialogue(other).await.unwrap(),
        Some(State::Save(SaveState::AwaitingCode))
    );

    // A state this release cannot read starts the chat afresh instead of failing forever.
    mongo
        .database()
        .collection::<Document>("dialogues")
        .update_one(
            doc! { "_id": other.0 },
            doc! { "$set": { "state": { "step": "from_the_future" } } },
        )
        .await
        .unwrap();
    assert_eq!(storage.clone().get_dialogue(other).await.unwrap(), None);
}

fn incoming(name: &str, code: &str) -> codevault::domain::restore::Incoming {
    codevault::domain::restore::Incoming {
        name: name.to_owned(),
        code: code.to_owned(),
        language: None,
        note: Some(format!("note of {name}")),
        tags: vec!["restored".to_owned()],
    }
}

#[tokio::test]
async fn a_restore_is_applied_in_one_transaction() {
    use codevault::domain::restore::Action;
    let (mongo, library, clock) = setup().await;
    library
        .create(ALICE, "keep.py", "keep".into(), None)
        .await
        .unwrap();
    library
        .create(ALICE, "app.py", "old".into(), None)
        .await
        .unwrap();
    let files = mongo.files();

    // The third write breaks the unique-name rule: the first two must not survive it.
    let before = db::dump(&mongo, "code_files").await;
    let failing = vec![
        Action::Create(incoming("new.py", "n")),
        Action::NewVersion(incoming("app.py", "new")),
        Action::Create(incoming("keep.py", "clash")),
    ];
    assert!(matches!(
        files.apply(ALICE, failing, clock.now()).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(
        db::dump(&mongo, "code_files").await,
        before,
        "a failed restore changes nothing"
    );

    let actions = vec![
        Action::Create(incoming("new.py", "n")),
        Action::NewVersion(incoming("app.py", "new")),
        Action::UpdateMeta(incoming("keep.py", "keep")),
    ];
    files.apply(ALICE, actions, clock.now()).await.unwrap();
    let state = files.current_state(ALICE).await.unwrap();
    let names: Vec<&str> = state.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["app.py", "keep.py", "new.py"]);
    let app = db::current_file(&mongo, ALICE, "app.py").await.unwrap();
    assert_eq!(
        (
            app.get_str("code").unwrap(),
            app.get_i64("version").unwrap()
        ),
        ("new", 2)
    );
    assert_eq!(app.get_str("note").unwrap(), "note of app.py");
    let keep = db::current_file(&mongo, ALICE, "keep.py").await.unwrap();
    assert_eq!(
        (
            keep.get_str("code").unwrap(),
            keep.get_i64("version").unwrap()
        ),
        ("keep", 1)
    );
    assert_eq!(keep.get_array("tags").unwrap().len(), 1);

    files
        .apply(
            ALICE,
            vec![Action::MoveToBin("new.py".to_owned())],
            clock.now(),
        )
        .await
        .unwrap();
    assert!(db::current_file(&mongo, ALICE, "new.py").await.is_none());
    assert_eq!(library.bin(ALICE, 0).await.unwrap().items[0].name, "new.py");
    // Bob's writes never touch Alice's files.
    assert!(matches!(
        files
            .apply(
                BOB,
                vec![Action::MoveToBin("app.py".to_owned())],
                clock.now()
            )
            .await,
        Err(StoreError::NotFound)
    ));
}
