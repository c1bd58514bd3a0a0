//! A restore's (an import's, an undo's) writes applied all together or not at all, on both
//! backends.

mod support;

use std::sync::Arc;

use codevault::{
    domain::{CodeFile, restore::Action},
    service::{Clock, Library, LibraryLimits},
    storage::StoreError,
};
use support::{
    clock::TestClock,
    stores::{Data, TestStore, contract},
};

const ALICE: i64 = 1001;
const BOB: i64 = 2002;

contract!(
    a_restore_is_applied_in_one_transaction,
    a_write_failing_late_leaves_even_the_bin_as_it_was,
);

fn library(store: &TestStore) -> (Library, Arc<TestClock>) {
    let clock = TestClock::new();
    let limits = LibraryLimits {
        max_file_bytes: 1000,
        max_files: 5,
        max_bytes: 3000,
        recycle_bin_days: 7,
        page_size: 2,
    };
    let library = Library::new(
        store.files.clone(),
        store.events.clone(),
        clock.clone(),
        limits,
    );
    (library, clock)
}

async fn current(store: &TestStore, name: &str) -> Option<CodeFile> {
    store.files.current_by_name(ALICE, name).await.unwrap()
}

fn incoming(name: &str, code: &str) -> codevault::domain::restore::Incoming {
    codevault::domain::restore::Incoming {
        name: name.to_owned(),
        code: code.to_owned(),
        language: None,
        note: Some(format!("note of {name}")),
        tags: vec!["restored".to_owned()],
        history: Vec::new(),
    }
}

async fn a_restore_is_applied_in_one_transaction(store: TestStore) {
    let (library, clock) = library(&store);
    library
        .create(ALICE, "keep.py", "keep".into(), None)
        .await
        .unwrap();
    library
        .create(ALICE, "app.py", "old".into(), None)
        .await
        .unwrap();
    let files = &store.files;

    // The third write breaks the unique-name rule: the first two must not survive it.
    let before = store.dump(&[Data::Files]).await;
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
        store.dump(&[Data::Files]).await,
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
    let app = current(&store, "app.py").await.unwrap();
    assert_eq!((app.code.as_str(), app.version), ("new", 2));
    assert_eq!(app.note.as_deref(), Some("note of app.py"));
    let keep = current(&store, "keep.py").await.unwrap();
    assert_eq!((keep.code.as_str(), keep.version), ("keep", 1));
    assert_eq!(keep.tags, ["restored"]);

    files
        .apply(
            ALICE,
            vec![Action::MoveToBin("new.py".to_owned())],
            clock.now(),
        )
        .await
        .unwrap();
    assert!(current(&store, "new.py").await.is_none());
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

/// Every kind of write, then one that fails (no such file): the bin, the versions and the
/// names are as before.
async fn a_write_failing_late_leaves_even_the_bin_as_it_was(store: TestStore) {
    let (library, clock) = library(&store);
    library
        .create(ALICE, "a.py", "a".into(), None)
        .await
        .unwrap();
    library
        .create(ALICE, "b.py", "b".into(), None)
        .await
        .unwrap();
    let before = store.dump(&[Data::Files]).await;
    for last in [
        Action::MoveToBin("gone.py".to_owned()),
        Action::UpdateMeta(incoming("gone.py", "")),
        Action::NewVersion(incoming("gone.py", "x")),
    ] {
        let failing = vec![
            Action::MoveToBin("a.py".to_owned()),
            Action::Create(incoming("a.py", "a again")),
            Action::NewVersion(incoming("b.py", "b2")),
            Action::UpdateMeta(incoming("b.py", "b2")),
            last,
        ];
        let failed = store.files.apply(ALICE, failing, clock.now()).await;
        assert!(matches!(failed, Err(StoreError::NotFound)), "{failed:?}");
        assert_eq!(store.dump(&[Data::Files]).await, before);
    }
    assert_eq!(library.bin(ALICE, 0).await.unwrap().total, 0);
    assert_eq!(current(&store, "b.py").await.unwrap().version, 1);
}
