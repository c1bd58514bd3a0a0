//! Search and favourites on both backends: words taken literally in any case, over the current
//! files' names, code, notes and tags, with language and tag filters; never another user's
//! files, a binned file or an earlier version; the index following every change. Favourites:
//! only the user's own current files, newest first.

mod support;

use chrono::{DateTime, Duration, TimeZone, Utc};
use codevault::domain::{
    CodeFile, NewFile,
    search::{Hit, SearchQuery},
};
use support::stores::{TestStore, contract};

const ALICE: i64 = 1001;
const BOB: i64 = 2002;

contract!(
    words_are_found_in_any_case_and_any_field_newest_first,
    metacharacters_are_literal_and_other_users_never_appear,
    the_index_follows_versions_renames_notes_tags_and_the_bin,
    favourites_are_the_user_s_own_and_only_current_files,
);

fn at(n: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap() + Duration::minutes(n)
}

async fn create(store: &TestStore, user: i64, name: &str, code: &str, at_minute: i64) -> CodeFile {
    let file = NewFile {
        user_id: user,
        name: name.to_owned(),
        language: codevault::domain::language::detect(Some(name), code).to_owned(),
        code: code.to_owned(),
        note: None,
        tags: vec![],
    };
    store.files.create(file, at(at_minute)).await.unwrap()
}

/// The names `text` finds for `user`, in the order given.
async fn names(store: &TestStore, user: i64, text: &str) -> Vec<String> {
    let query = SearchQuery::parse(text).unwrap();
    (store.files.search(user, &query).await.unwrap().into_iter())
        .map(|found| found.file.name)
        .collect()
}

async fn words_are_found_in_any_case_and_any_field_newest_first(store: TestStore) {
    let server = create(
        &store,
        ALICE,
        "server.rs",
        "use std::net;\nfn Handle_Request() {}\n",
        0,
    )
    .await;
    create(
        &store,
        ALICE,
        "client.py",
        "def handle_request():\n    pass\n",
        1,
    )
    .await;
    let notes = create(&store, ALICE, "notes.txt", "nothing here", 2).await;
    (store.files)
        .set_note(ALICE, &notes.key, Some("Handle_request TODO".into()))
        .await
        .unwrap();
    (store.files)
        .set_tags(ALICE, &server.key, vec!["Work".into(), "net".into()])
        .await
        .unwrap();
    create(&store, ALICE, "Привет.py", "print('ПРИВЕТ мир')\n", 3).await;

    // Newest first: the note changed notes.txt last.
    assert_eq!(
        names(&store, ALICE, "HANDLE_REQUEST").await,
        ["notes.txt", "client.py", "server.rs"]
    );
    let query = SearchQuery::parse("handle_request lang:rust").unwrap();
    let found = store.files.search(ALICE, &query).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].file.key, server.key);
    assert_eq!(
        found[0].hit,
        Some(Hit {
            line_number: 2,
            line: "fn Handle_Request() {}".into()
        })
    );
    assert_eq!(names(&store, ALICE, "tag:work").await, ["server.rs"]);
    assert_eq!(
        names(&store, ALICE, "request tag:WORK lang:python").await,
        Vec::<String>::new()
    );
    // Words in different fields of one file; short words (under an index's reach) too.
    assert_eq!(names(&store, ALICE, "server net fn").await, ["server.rs"]);
    assert_eq!(names(&store, ALICE, "мир привет").await, ["Привет.py"]);
    assert_eq!(names(&store, ALICE, "\"fn handle\"").await, ["server.rs"]);
    assert_eq!(
        names(&store, ALICE, "\"handle fn\"").await,
        Vec::<String>::new()
    );
}

async fn metacharacters_are_literal_and_other_users_never_appear(store: TestStore) {
    let hostile = r#"let re = /^.*(a|b)+[0-9]{2}$/; // <b>&amp; "q" \d"#;
    create(&store, ALICE, "regex.js", hostile, 0).await;
    create(&store, ALICE, "plain.js", "let a0 = 1; let ab = 2;", 1).await;
    create(&store, BOB, "bob.js", hostile, 2).await;
    create(&store, BOB, "secret.rs", "fn handle_request() {}", 3).await;

    for literal in [".*", "(a|b)+", "[0-9]{2}$", "<b>&amp;", "\\d", "^.*", "{2}"] {
        assert_eq!(
            names(&store, ALICE, literal).await,
            ["regex.js"],
            "{literal}"
        );
    }
    // As patterns these would match plain.js; taken literally they do not.
    assert_eq!(names(&store, ALICE, "a.").await, Vec::<String>::new());
    assert_eq!(names(&store, ALICE, "[ab]").await, Vec::<String>::new());
    // Operators of the full-text syntax are words like any other.
    for operator in ["OR", "NOT", "a*", "NEAR(a", "\"", "-a"] {
        let query = SearchQuery::parse(operator);
        if let Ok(query) = query {
            let found = store.files.search(ALICE, &query).await.unwrap();
            assert!(found.iter().all(|found| found.file.name != "bob.js"));
        }
    }
    assert_eq!(
        names(&store, ALICE, "handle_request").await,
        Vec::<String>::new()
    );
    assert_eq!(names(&store, BOB, "handle_request").await, ["secret.rs"]);
}

async fn the_index_follows_versions_renames_notes_tags_and_the_bin(store: TestStore) {
    let file = create(&store, ALICE, "first.py", "alpha = 1\n", 0).await;
    let file = (store.files)
        .add_version(
            ALICE,
            &file.key,
            "beta = 2\n".into(),
            "python".into(),
            None,
            at(1),
        )
        .await
        .unwrap();
    // Only the current version counts.
    assert_eq!(names(&store, ALICE, "alpha").await, Vec::<String>::new());
    assert_eq!(names(&store, ALICE, "beta").await, ["first.py"]);
    (store.files)
        .rename(ALICE, &file.key, "gamma.py", "python", None, at(2))
        .await
        .unwrap();
    assert_eq!(names(&store, ALICE, "gamma").await, ["gamma.py"]);
    assert_eq!(names(&store, ALICE, "first").await, Vec::<String>::new());
    (store.files)
        .set_note(ALICE, &file.key, Some("deltanote".into()))
        .await
        .unwrap();
    (store.files)
        .set_tags(ALICE, &file.key, vec!["epsilontag".into()])
        .await
        .unwrap();
    assert_eq!(
        names(&store, ALICE, "deltanote epsilontag").await,
        ["gamma.py"]
    );
    store
        .files
        .move_to_bin(ALICE, &file.key, at(3))
        .await
        .unwrap();
    assert_eq!(names(&store, ALICE, "beta").await, Vec::<String>::new());
    (store.files)
        .restore_from_bin(ALICE, &file.key, "gamma.py")
        .await
        .unwrap();
    assert_eq!(names(&store, ALICE, "beta").await, ["gamma.py"]);
}

async fn favourites_are_the_user_s_own_and_only_current_files(store: TestStore) {
    let old = create(&store, ALICE, "old.py", "x = 1", 0).await;
    let new = create(&store, ALICE, "new.py", "x = 2", 1).await;
    let bobs = create(&store, BOB, "bob.py", "x = 3", 2).await;
    let listed = |page: (Vec<codevault::domain::FileSummary>, u64)| {
        (
            page.0.into_iter().map(|file| file.name).collect::<Vec<_>>(),
            page.1,
        )
    };
    assert_eq!(store.files.favourites(ALICE).await.unwrap(), []);
    for file in [&old, &new] {
        store
            .files
            .set_favourite(ALICE, &file.key, true)
            .await
            .unwrap();
    }
    // Twice is once.
    store
        .files
        .set_favourite(ALICE, &old.key, true)
        .await
        .unwrap();
    let page = store.files.list_favourites(ALICE, 0, 10).await.unwrap();
    assert_eq!(
        listed(page),
        (vec!["new.py".to_owned(), "old.py".to_owned()], 2)
    );
    let page = store.files.list_favourites(ALICE, 1, 10).await.unwrap();
    assert_eq!(listed(page), (vec!["old.py".to_owned()], 2));
    // Another user's file is not found, and marks nothing for either.
    assert!(matches!(
        store.files.set_favourite(ALICE, &bobs.key, true).await,
        Err(codevault::storage::StoreError::NotFound)
    ));
    assert_eq!(store.files.favourites(BOB).await.unwrap(), []);
    // A binned file leaves the list, and comes back with it.
    store
        .files
        .move_to_bin(ALICE, &old.key, at(3))
        .await
        .unwrap();
    assert_eq!(
        store.files.favourites(ALICE).await.unwrap(),
        std::slice::from_ref(&new.key)
    );
    (store.files)
        .restore_from_bin(ALICE, &old.key, "old.py")
        .await
        .unwrap();
    let keys = store.files.favourites(ALICE).await.unwrap();
    assert_eq!(keys.len(), 2);
    assert!(keys.contains(&old.key) && keys.contains(&new.key));
    store
        .files
        .set_favourite(ALICE, &new.key, false)
        .await
        .unwrap();
    store
        .files
        .set_favourite(ALICE, &new.key, false)
        .await
        .unwrap();
    let page = store.files.list_favourites(ALICE, 0, 10).await.unwrap();
    assert_eq!(listed(page), (vec!["old.py".to_owned()], 1));
}
