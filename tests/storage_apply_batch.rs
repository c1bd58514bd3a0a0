//! Thousands of a restore's writes applied at once (grouped into batched writes) leave the
//! library exactly as the same writes applied a few at a time, and a failure deep inside such
//! a batch leaves nothing written, on both backends.

mod support;

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use codevault::{
    domain::restore::{Action, Incoming},
    storage::{StoreError, mongo::Mongo},
};
use futures::TryStreamExt;
use support::{
    db,
    latency::SlowLink,
    proxy::host_of,
    stores::{Backend, Data, TestStore, contract},
};

const ALICE: i64 = 1001;
const BOB: i64 = 2002;
/// Files each user has before the big restore.
const EXISTING: usize = 520;

contract!(
    a_thousand_writes_at_once_equal_the_same_writes_in_small_pieces,
    a_failure_deep_inside_a_large_batch_writes_nothing,
);

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 12, minute, 0).unwrap()
}

fn incoming(name: &str, code: &str, tag: &str) -> Incoming {
    Incoming {
        name: name.to_owned(),
        code: code.to_owned(),
        language: Some("python".to_owned()),
        note: (!tag.is_empty()).then(|| format!("note {tag}")),
        tags: vec![tag.to_owned()],
        history: Vec::new(),
    }
}

fn existing(i: usize) -> String {
    format!("lib/existing_{i:04}.py")
}

/// The same library for a user: `EXISTING` files.
async fn fill(store: &TestStore, user: i64) {
    let files = (0..EXISTING)
        .map(|i| Action::Create(incoming(&existing(i), &format!("v1 {i}"), "old")))
        .collect();
    store.files.apply(user, files, at(0)).await.unwrap();
}

/// Every kind of write, mixed, each name once.
fn mixed() -> Vec<Action> {
    let mut actions = Vec::new();
    for i in 0..EXISTING {
        let name = existing(i);
        actions.push(match i % 4 {
            0 => Action::Create(incoming(&format!("new/file_{i:04}.py"), "new", "")),
            1 => Action::NewVersion(incoming(&name, &format!("v2 {i}"), "restored")),
            2 => Action::MoveToBin(name),
            _ => Action::UpdateMeta(incoming(&name, &format!("v1 {i}"), ["a", "b"][i % 2])),
        });
    }
    // Creates are not looked up first; the test server matches `$in` by scanning, so the
    // names looked up are kept to a few hundred: the suite's time grows faster than the size.
    for i in 0..EXISTING {
        actions.push(Action::Create(incoming(
            &format!("more/file_{i:04}.py"),
            "more",
            "",
        )));
    }
    actions
}

/// [`mixed`], then names written twice (binned then created anew, created then
/// given a new version) so that the order of the writes matters.
fn restore() -> Vec<Action> {
    let mut actions = mixed();
    for i in (0..EXISTING).filter(|i| i % 40 == 2) {
        actions.push(Action::Create(incoming(
            &existing(i),
            "back again",
            "again",
        )));
    }
    for i in (0..EXISTING).filter(|i| i % 40 == 0) {
        let name = format!("new/file_{i:04}.py");
        actions.push(Action::NewVersion(incoming(&name, "newer", "x")));
        actions.push(Action::MoveToBin(name));
    }
    actions
}

/// What a user sees of the library: every current file with its history's length, and the bin.
async fn library(store: &TestStore, user: i64) -> (Vec<String>, Vec<String>) {
    let current: Vec<String> = store
        .files
        .stream_current(user)
        .await
        .unwrap()
        .map_ok(|file| {
            format!(
                "{} v{} {:?} {} {:?} {:?} {} {}",
                file.name,
                file.version,
                file.code,
                file.language,
                file.note,
                file.tags,
                file.created_at,
                file.updated_at
            )
        })
        .try_collect()
        .await
        .unwrap();
    let (bin, _) = store.files.list_bin(user, 0, u32::MAX).await.unwrap();
    let mut bin: Vec<String> = bin
        .into_iter()
        .map(|file| format!("{} v{} {:?}", file.name, file.version, file.deleted_at))
        .collect();
    bin.sort();
    (current, bin)
}

async fn a_thousand_writes_at_once_equal_the_same_writes_in_small_pieces(store: TestStore) {
    fill(&store, ALICE).await;
    fill(&store, BOB).await;
    let actions = restore();
    assert!(actions.len() > 1_000, "{}", actions.len());

    store
        .files
        .apply(ALICE, actions.clone(), at(1))
        .await
        .unwrap();
    for piece in actions.chunks(25) {
        store.files.apply(BOB, piece.to_vec(), at(1)).await.unwrap();
    }

    let (current, bin) = library(&store, ALICE).await;
    assert_eq!((current.clone(), bin.clone()), library(&store, BOB).await);
    // The writes happened: a quarter of the files binned, as many new ones (a tenth of those
    // binned again, as many binned names taken again), and as many more new ones as there were.
    assert_eq!(current.len(), EXISTING + EXISTING);
    assert_eq!(bin.len(), EXISTING / 4 + EXISTING / 40);
    let usage = store.files.usage(ALICE).await.unwrap();
    assert_eq!(usage.files, current.len() as u64);
    let renewed = store
        .files
        .current_by_name(ALICE, &existing(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((renewed.version, renewed.code.as_str()), (2, "v2 1"));
    let versions = store.files.versions(ALICE, &renewed.key).await.unwrap();
    let current_flags: Vec<bool> = versions.iter().map(|v| v.current).collect();
    assert_eq!(current_flags, [true, false]);
}

/// Whether a failure is the one expected.
type IsExpected = fn(&StoreError) -> bool;

async fn a_failure_deep_inside_a_large_batch_writes_nothing(store: TestStore) {
    fill(&store, ALICE).await;
    let before = store.dump(&[Data::Files]).await;
    let taken = existing(7);
    let broken: [(Action, IsExpected); 2] = [
        // A name that is taken: only the unique index can refuse it.
        (Action::Create(incoming(&taken, "clash", "")), |error| {
            matches!(error, StoreError::Conflict)
        }),
        (Action::MoveToBin("no/such/file.py".to_owned()), |error| {
            matches!(error, StoreError::NotFound)
        }),
    ];
    for (fault, expected) in broken {
        let mut actions = restore();
        actions.insert(actions.len() / 2, fault);
        let failed = store.files.apply(ALICE, actions, at(1)).await;
        assert!(
            failed.as_ref().is_err_and(expected),
            "{:?}",
            failed.map(|_| ())
        );
        assert_eq!(
            store.dump(&[Data::Files]).await,
            before,
            "a failed batch changes nothing"
        );
    }
}

/// On MongoDB every write used to be a round trip of its own (two for a new version or a move
/// to the bin): thousands of them, where a database across a network adds a millisecond each.
#[tokio::test]
async fn a_thousand_writes_take_a_handful_of_round_trips_on_mongodb() {
    let store = Backend::Mongo.open("apply_round_trips").await;
    fill(&store, ALICE).await;
    let link = SlowLink::start(host_of(&db::uri()), Duration::ZERO).await;
    let far = Mongo::connect(&link.uri(), &store.place(), Duration::from_secs(10))
        .await
        .unwrap();
    let files = far.stores().files;
    let actions = mixed();
    assert!(actions.len() > 1_000);

    link.take_requests();
    files.apply(ALICE, actions, at(1)).await.unwrap();
    // One read, one update per kind of change (two notes), one insert, the commit; the
    // driver's own monitoring may add a few.
    let requests = link.take_requests();
    assert!(requests <= 20, "{requests} requests");
    let (current, bin) = library(&store, ALICE).await;
    assert_eq!((current.len(), bin.len()), (2 * EXISTING, EXISTING / 4));
}

/// MongoDB ends a transaction that meets another's uncommitted write with a transient write
/// conflict, and asks the client to run it again: a restore waits for the other to end
/// instead of failing. (Were the restore slower to reach the server than the other takes to
/// end, it would meet no conflict and pass all the same.)
#[tokio::test]
async fn a_restore_meeting_a_transient_write_conflict_runs_again_on_mongodb() {
    use mongodb::bson::{Document, doc};

    let store = Backend::Mongo.open("apply_transient").await;
    fill(&store, ALICE).await;
    let client = mongodb::Client::with_uri_str(db::uri()).await.unwrap();
    let files = client
        .database(&store.place())
        .collection::<Document>("code_files");
    let mut holder = client.start_session().await.unwrap();
    holder.start_transaction().await.unwrap();
    let held = files
        .update_one(
            doc! { "user_id": ALICE, "name": existing(0), "current": true },
            doc! { "$set": { "held": true } },
        )
        .session(&mut holder)
        .await
        .unwrap();
    assert_eq!(held.modified_count, 1);

    let restore = vec![Action::NewVersion(incoming(&existing(0), "v2 0", "new"))];
    let applying = tokio::spawn({
        let files = store.files.clone();
        async move { files.apply(ALICE, restore, at(1)).await }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    holder.abort_transaction().await.unwrap();
    applying.await.unwrap().unwrap();

    let current = files
        .find_one(doc! { "user_id": ALICE, "name": existing(0), "current": true })
        .await
        .unwrap()
        .unwrap();
    assert_eq!(current.get_str("code"), Ok("v2 0"));
    assert!(!current.contains_key("held"));
}
