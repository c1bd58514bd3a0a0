//! The library over the file store, on both backends: unique names, versions, saving, paging,
//! scoping by user, the recycle bin and the limits.

mod support;

use std::sync::Arc;

use chrono::Duration;
use codevault::{
    domain::{NewFile, file_name::NameError},
    service::{
        Clock, Library, LibraryError, LibraryLimits, SaveMode,
        library::{IfTaken, Renamed},
    },
    storage::StoreError,
};
use support::{
    clock::TestClock,
    stores::{Data, TestStore, contract},
};

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

fn library(store: &TestStore) -> (Library, Arc<TestClock>) {
    let clock = TestClock::new();
    let library = Library::new(
        store.files.clone(),
        store.events.clone(),
        clock.clone(),
        limits(),
    );
    (library, clock)
}

contract!(
    current_names_are_unique_per_user,
    versions_keep_history_and_one_current,
    a_rename_is_a_version_and_the_history_keeps_the_old_name,
    a_rename_replacing_a_taken_name_bins_that_file_in_the_same_step,
    saving_makes_a_new_file_or_replaces_one_as_asked,
    list_pages_newest_first_and_filters_by_tag,
    another_user_can_reach_nothing,
    recycle_bin_restores_and_purges_after_the_retention,
    limits_refuse_and_store_nothing,
);

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

async fn current_names_are_unique_per_user(store: TestStore) {
    let (_, clock) = library(&store);
    let files = &store.files;
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
    assert_eq!(store.dump(&[Data::Files]).await.len(), 2);
}

async fn versions_keep_history_and_one_current(store: TestStore) {
    let (library, _) = library(&store);
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
    let current = store.files.current_by_name(ALICE, "tool.py").await;
    assert_eq!(current.unwrap().unwrap().version, 3);
    let versions = store.files.versions(ALICE, &v1.key).await.unwrap();
    assert_eq!(versions.len(), 3);
    assert_eq!(versions.iter().filter(|v| v.current).count(), 1);
}

async fn a_rename_is_a_version_and_the_history_keeps_the_old_name(store: TestStore) {
    let (library, _) = library(&store);
    let tool = library
        .create(ALICE, "tool", "fn main() {}\n".into(), Some("mine".into()))
        .await
        .unwrap();
    library
        .create(ALICE, "taken.rs", "x".into(), None)
        .await
        .unwrap();
    let bobs = library.create(BOB, "b.py", "y".into(), None).await.unwrap();

    let Renamed {
        from,
        file: renamed,
        binned,
    } = library
        .rename(ALICE, &tool.key, "src/tool.rs", IfTaken::Refuse)
        .await
        .unwrap();
    assert_eq!((from.as_str(), binned), ("tool", false));
    assert_eq!(
        (
            renamed.name.as_str(),
            renamed.version,
            renamed.language.as_str()
        ),
        ("src/tool.rs", 2, "rust")
    );
    assert_eq!(
        (renamed.code.as_str(), renamed.note.as_deref()),
        ("fn main() {}\n", Some("mine"))
    );
    let names: Vec<(u32, String)> = store
        .files
        .versions(ALICE, &tool.key)
        .await
        .unwrap()
        .into_iter()
        .map(|v| (v.version, v.name))
        .collect();
    assert_eq!(
        names,
        [(2, "src/tool.rs".to_owned()), (1, "tool".to_owned())]
    );
    assert!(
        store
            .files
            .current_by_name(ALICE, "tool")
            .await
            .unwrap()
            .is_none()
    );

    // Refused names change nothing: taken, invalid, or another user's file.
    let taken = library
        .rename(ALICE, &tool.key, "taken.rs", IfTaken::Refuse)
        .await;
    assert!(matches!(taken, Err(LibraryError::NameTaken)), "{taken:?}");
    let invalid = library
        .rename(ALICE, &tool.key, "a//b", IfTaken::Refuse)
        .await;
    assert!(
        matches!(
            invalid,
            Err(LibraryError::InvalidName(NameError::EmptyPart))
        ),
        "{invalid:?}"
    );
    let not_hers = library.rename(ALICE, &bobs.key, "c.py", IfTaken::Bin).await;
    assert!(
        matches!(not_hers, Err(LibraryError::NotFound)),
        "{not_hers:?}"
    );
    let same = library
        .rename(ALICE, &tool.key, "src/tool.rs", IfTaken::Bin)
        .await
        .unwrap();
    assert_eq!(same.file.version, 2, "the same name is no new version");
    assert_eq!(
        store.files.versions(ALICE, &tool.key).await.unwrap().len(),
        2
    );
    let bob_file = store.files.current(BOB, &bobs.key).await.unwrap().unwrap();
    assert_eq!((bob_file.name.as_str(), bob_file.version), ("b.py", 1));
}

async fn a_rename_replacing_a_taken_name_bins_that_file_in_the_same_step(store: TestStore) {
    let (library, clock) = library(&store);
    let draft = library
        .create(ALICE, "draft.rs", "new".into(), None)
        .await
        .unwrap();
    let old = library
        .create(ALICE, "main.rs", "old".into(), None)
        .await
        .unwrap();
    let bobs = library
        .create(BOB, "main.rs", "bob".into(), None)
        .await
        .unwrap();

    let renamed = library
        .rename(ALICE, &draft.key, "main.rs", IfTaken::Bin)
        .await
        .unwrap();
    assert_eq!(
        (renamed.from.as_str(), renamed.binned, renamed.file.version),
        ("draft.rs", true, 2)
    );
    let current = store.files.current_by_name(ALICE, "main.rs").await;
    assert_eq!(current.unwrap().unwrap().code, "new");
    let binned = store.files.binned(ALICE, &old.key).await.unwrap().unwrap();
    assert_eq!(
        (binned.name.as_str(), binned.code.as_str()),
        ("main.rs", "old")
    );

    // The store bins only the user's own file, and one already gone is no obstacle.
    let at = clock.now();
    let again = store
        .files
        .rename(ALICE, &draft.key, "lib.rs", "rust", Some(&bobs.key), at)
        .await
        .unwrap();
    assert_eq!(again.name, "lib.rs");
    let bob_file = store.files.current(BOB, &bobs.key).await.unwrap().unwrap();
    assert_eq!(bob_file.name, "main.rs");
    let gone = store
        .files
        .rename(ALICE, &draft.key, "app.rs", "rust", Some(&old.key), at)
        .await
        .unwrap();
    assert_eq!(gone.name, "app.rs");

    // A refused rename bins nothing: the transaction holds both or neither.
    let other = library
        .create(ALICE, "other.rs", "o".into(), None)
        .await
        .unwrap();
    let third = library
        .create(ALICE, "third.rs", "t".into(), None)
        .await
        .unwrap();
    let refused = store
        .files
        .rename(ALICE, &draft.key, "third.rs", "rust", Some(&other.key), at)
        .await;
    assert!(matches!(refused, Err(StoreError::Conflict)), "{refused:?}");
    let other_now = store.files.current(ALICE, &other.key).await.unwrap();
    assert_eq!(other_now.map(|f| f.name), Some("other.rs".to_owned()));
    assert_eq!(
        store
            .files
            .current(ALICE, &third.key)
            .await
            .unwrap()
            .unwrap()
            .name,
        "third.rs"
    );
}

async fn saving_makes_a_new_file_or_replaces_one_as_asked(store: TestStore) {
    let (library, _) = library(&store);
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
    let before = store.dump(&[Data::Files]).await;
    let long = "n".repeat(1001);
    assert!(matches!(
        library
            .save(ALICE, "a.py", "3".into(), Some(&long), SaveMode::Replace)
            .await,
        Err(LibraryError::NoteTooLong)
    ));
    assert_eq!(store.dump(&[Data::Files]).await, before);
    // Replacing a file deleted meanwhile saves it anew.
    library.delete(ALICE, &first.key).await.unwrap();
    let anew = library
        .save(ALICE, "a.py", "3".into(), None, SaveMode::Replace)
        .await
        .unwrap();
    assert_eq!(anew.version, 1);
    assert_ne!(anew.key, first.key);
}

async fn list_pages_newest_first_and_filters_by_tag(store: TestStore) {
    let (library, clock) = library(&store);
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

async fn another_user_can_reach_nothing(store: TestStore) {
    let (library, _) = library(&store);
    let file = library
        .create(ALICE, "secret.py", "key = 1".into(), Some("mine".into()))
        .await
        .unwrap();
    let before = store.dump(&[Data::Files]).await;
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
    assert_eq!(store.dump(&[Data::Files]).await, before);
}

async fn recycle_bin_restores_and_purges_after_the_retention(store: TestStore) {
    let (library, clock) = library(&store);
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
    let left = store.dump(&[Data::Files]).await;
    assert_eq!(left.len(), 1);
    let other = store.files.current_by_name(ALICE, "app.py").await;
    assert_eq!(other.unwrap().unwrap().code, "other");
    let events = store.events().await;
    assert_eq!(
        events.iter().filter(|e| e.name == "files_purged").count(),
        1
    );
}

async fn limits_refuse_and_store_nothing(store: TestStore) {
    let (library, _) = library(&store);
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
    let before = store.dump(&[Data::Files]).await;
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
    assert_eq!(store.dump(&[Data::Files]).await.len(), before.len() + 3);
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
