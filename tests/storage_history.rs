//! Files with their history, on both backends: streamed a page at a time for a backup with
//! history, their versions' hashes for a restore's merge, and a restore's history writes
//! (below the current version, taken out again by an undo) in one transaction.

mod support;

use chrono::{DateTime, Duration, TimeZone, Utc};
use codevault::{
    domain::{
        CodeFile, NewFile,
        code_file::content_sha256,
        restore::{Action, Incoming, PastVersion},
    },
    storage::{StoreError, stream_history},
};
use futures::TryStreamExt;
use support::stores::{Data, TestStore, contract};

const ALICE: i64 = 1001;
const BOB: i64 = 2002;

contract!(
    a_library_streams_with_its_history_a_page_at_a_time,
    histories_are_written_below_the_current_version_and_taken_out_again,
);

fn day(n: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap() + Duration::days(n)
}

async fn create(store: &TestStore, user: i64, name: &str, code: &str, at: i64) -> CodeFile {
    let file = NewFile {
        user_id: user,
        name: name.to_owned(),
        language: "python".to_owned(),
        code: code.to_owned(),
        note: None,
        tags: vec![],
    };
    store.files.create(file, day(at)).await.unwrap()
}

async fn add(store: &TestStore, file: &CodeFile, code: &str, at: i64) -> CodeFile {
    let language = "python".to_owned();
    (store.files)
        .add_version(
            file.user_id,
            &file.key,
            code.into(),
            language,
            None,
            day(at),
        )
        .await
        .unwrap()
}

/// (name, version, code) of what the stream yields.
fn seen(files: &[CodeFile]) -> Vec<(String, u32, String)> {
    files
        .iter()
        .map(|file| (file.name.clone(), file.version, file.code.clone()))
        .collect()
}

fn row(name: &str, version: u32, code: &str) -> (String, u32, String) {
    (name.to_owned(), version, code.to_owned())
}

async fn a_library_streams_with_its_history_a_page_at_a_time(store: TestStore) {
    // b.py: 20 versions (more than a page), renamed from old.py at version 3.
    let mut b = create(&store, ALICE, "old.py", "b1", 0).await;
    b = add(&store, &b, "b2", 1).await;
    b = (store.files)
        .rename(ALICE, &b.key, "b.py", "python", None, day(2))
        .await
        .unwrap();
    for version in 4..=20 {
        b = add(&store, &b, &format!("b{version}"), i64::from(version)).await;
    }
    let a = create(&store, ALICE, "a.py", "a1", 30).await;
    let binned = create(&store, ALICE, "gone.py", "g1", 31).await;
    add(&store, &binned, "g2", 32).await;
    store
        .files
        .move_to_bin(ALICE, &binned.key, day(33))
        .await
        .unwrap();
    let theirs = create(&store, BOB, "a.py", "bob1", 0).await;
    add(&store, &theirs, "bob2", 1).await;

    let streamed: Vec<CodeFile> = stream_history(store.files.clone(), ALICE)
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let mut expected = vec![row("a.py", 1, "a1"), row("b.py", 20, "b20")];
    for version in (4..=19).rev() {
        expected.push(row("b.py", version, &format!("b{version}")));
    }
    expected.extend([
        row("b.py", 3, "b2"),
        row("old.py", 2, "b2"),
        row("old.py", 1, "b1"),
    ]);
    assert_eq!(
        seen(&streamed),
        expected,
        "current files by name, each then its versions newest first; not the bin's, not Bob's"
    );
    assert!(streamed.iter().all(|file| file.user_id == ALICE));
    let first = streamed.last().unwrap();
    assert_eq!((first.updated_at, first.created_at), (day(0), day(0)));
    assert_eq!(a.version, 1);

    let page = store
        .files
        .older_versions(ALICE, &b.key, 10, 4)
        .await
        .unwrap();
    let versions: Vec<u32> = page.iter().map(|file| file.version).collect();
    assert_eq!(versions, [9, 8, 7, 6]);
    let none = store
        .files
        .older_versions(BOB, &b.key, 10, 4)
        .await
        .unwrap();
    assert!(none.is_empty(), "another user's key finds nothing");

    let names = ["b.py".to_owned(), "a.py".to_owned(), "gone.py".to_owned()];
    let hashes = store.files.version_hashes(ALICE, &names).await.unwrap();
    let mut b_hashes = hashes["b.py"].clone();
    b_hashes.sort();
    let mut expected: Vec<String> = ["b1", "b2", "b2"]
        .into_iter()
        .map(str::to_owned)
        .chain((4..=20).map(|v| format!("b{v}")))
        .map(|code| content_sha256(&code))
        .collect();
    expected.sort();
    assert_eq!(
        b_hashes, expected,
        "every version, the current one included"
    );
    assert_eq!(hashes["a.py"], [content_sha256("a1")]);
    assert!(
        !hashes.contains_key("gone.py"),
        "a binned file is not in the library"
    );
    let bobs = store
        .files
        .version_hashes(BOB, &["a.py".to_owned()])
        .await
        .unwrap();
    assert_eq!(bobs["a.py"].len(), 2, "Bob's own");
}

fn past(name: &str, code: &str, at: i64) -> PastVersion {
    PastVersion {
        name: name.to_owned(),
        code: code.to_owned(),
        created_at: day(at),
    }
}

fn incoming(name: &str, code: &str, history: Vec<PastVersion>) -> Incoming {
    Incoming {
        name: name.to_owned(),
        code: code.to_owned(),
        language: Some("python".to_owned()),
        note: Some(format!("note of {name}")),
        tags: vec!["t".to_owned()],
        history,
    }
}

/// (version, current, code, name) of every active version of the current file `name`.
async fn history(store: &TestStore, name: &str) -> Vec<(u32, bool, String, String)> {
    let file = store
        .files
        .current_by_name(ALICE, name)
        .await
        .unwrap()
        .unwrap();
    let mut rows = Vec::new();
    for info in store.files.versions(ALICE, &file.key).await.unwrap() {
        let version = store
            .files
            .version(ALICE, &info.version_id)
            .await
            .unwrap()
            .unwrap();
        rows.push((info.version, info.current, version.code, version.name));
    }
    rows.reverse();
    rows
}

fn h(version: u32, current: bool, code: &str, name: &str) -> (u32, bool, String, String) {
    (version, current, code.to_owned(), name.to_owned())
}

async fn histories_are_written_below_the_current_version_and_taken_out_again(store: TestStore) {
    let kept = create(&store, ALICE, "kept.py", "k1", 0).await;
    add(&store, &kept, "k2", 1).await;
    create(&store, ALICE, "app.py", "a-now", 2).await;
    create(&store, BOB, "new.py", "bob", 0).await;
    let now = day(40);

    let writes = vec![
        Action::Create(incoming(
            "new.py",
            "n3",
            vec![past("first.py", "n1", 10), past("new.py", "n2", 11)],
        )),
        Action::NewVersion(incoming(
            "app.py",
            "a-restored",
            vec![past("app.py", "a-old", 5)],
        )),
        Action::AddHistory {
            name: "kept.py".to_owned(),
            versions: vec![past("kept.py", "k0", 0)],
        },
    ];
    store.files.apply(ALICE, writes, now).await.unwrap();

    assert_eq!(
        history(&store, "new.py").await,
        [
            h(1, false, "n1", "first.py"),
            h(2, false, "n2", "new.py"),
            h(3, true, "n3", "new.py")
        ]
    );
    let new = store
        .files
        .current_by_name(ALICE, "new.py")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (new.created_at, new.updated_at),
        (day(10), now),
        "made when its first version was"
    );
    let first = store
        .files
        .older_versions(ALICE, &new.key, 2, 1)
        .await
        .unwrap();
    assert_eq!(first[0].updated_at, day(10), "a version keeps its time");
    assert_eq!(first[0].note.as_deref(), Some("note of new.py"));
    assert_eq!(
        history(&store, "app.py").await,
        [
            h(1, false, "a-now", "app.py"),
            h(2, false, "a-old", "app.py"),
            h(3, true, "a-restored", "app.py")
        ]
    );
    assert_eq!(
        history(&store, "kept.py").await,
        [
            h(1, false, "k1", "kept.py"),
            h(2, false, "k0", "kept.py"),
            h(3, true, "k2", "kept.py")
        ],
        "the current version moved up above the one put below it"
    );
    let bobs = store
        .files
        .current_by_name(BOB, "new.py")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((bobs.code.as_str(), bobs.version), ("bob", 1));

    // An undo takes exactly those versions out; a failing write takes nothing out.
    let before = store.dump(&[Data::Files]).await;
    let failing = vec![
        Action::DropVersions {
            name: "kept.py".to_owned(),
            first: 2,
            last: 2,
        },
        Action::DropVersions {
            name: "nowhere.py".to_owned(),
            first: 1,
            last: 1,
        },
    ];
    assert!(matches!(
        store.files.apply(ALICE, failing, now).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.dump(&[Data::Files]).await, before);
    let undo = vec![
        Action::DropVersions {
            name: "kept.py".to_owned(),
            first: 2,
            last: 2,
        },
        Action::DropVersions {
            name: "app.py".to_owned(),
            first: 2,
            last: 3,
        },
    ];
    store.files.apply(ALICE, undo, now).await.unwrap();
    assert_eq!(
        history(&store, "kept.py").await,
        [h(1, false, "k1", "kept.py"), h(3, true, "k2", "kept.py")]
    );
    assert_eq!(
        history(&store, "app.py").await,
        [
            h(1, false, "a-now", "app.py"),
            h(3, true, "a-restored", "app.py")
        ],
        "the current version is never dropped"
    );
}
