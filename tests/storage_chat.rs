//! Users, events and dialogues on both backends (long actions are tasks: `task_store.rs`).

mod support;

use codevault::{
    bot::{
        State,
        state::{Draft, NotesState, SaveState},
    },
    domain::{Event, Id, backup::BackupKind, paste::Pieces, schedule::Zone},
    i18n::Locale,
    service::Users,
    storage::{EVENTS_KEPT, StoreError},
};
use futures::TryStreamExt;
use serde_json::json;
use support::stores::{TestStore, contract};
use teloxide::types::ChatId;

const ALICE: i64 = 1001;
const BOB: i64 = 2002;
const CAROL: i64 = 3003;

contract!(
    users_keep_their_first_language_until_they_change_it,
    the_users_service_answers_in_the_first_language_and_utc_until_others_are_chosen,
    events_are_stored_with_their_fields,
    dialogue_storage_follows_the_teloxide_contract,
);

async fn users_keep_their_first_language_until_they_change_it(store: TestStore) {
    let users = &store.users;
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

async fn the_users_service_answers_in_the_first_language_and_utc_until_others_are_chosen(
    store: TestStore,
) {
    let users = Users::new(store.users.clone());
    let profile = users.profile_of(BOB, Locale::Ru).await.unwrap();
    assert_eq!((profile.locale, profile.zone), (Locale::Ru, Zone::UTC));
    assert_eq!(
        users.profile_of(BOB, Locale::En).await.unwrap().locale,
        Locale::Ru
    );
    users.set_locale(BOB, Locale::He).await.unwrap();
    assert_eq!(
        users.profile_of(BOB, Locale::En).await.unwrap().locale,
        Locale::He
    );
    // A time zone chosen is kept with the language, each changed alone.
    let tokyo: Zone = "Asia/Tokyo".parse().unwrap();
    users.set_zone(BOB, tokyo).await.unwrap();
    let profile = users.profile_of(BOB, Locale::En).await.unwrap();
    assert_eq!((profile.locale, profile.zone), (Locale::He, tokyo));
    users.set_locale(BOB, Locale::Ru).await.unwrap();
    assert_eq!(users.profile_of(BOB, Locale::En).await.unwrap().zone, tokyo);
    let offset: Zone = "UTC-04:30".parse().unwrap();
    users.set_zone(BOB, offset).await.unwrap();
    assert_eq!(
        users.profile_of(BOB, Locale::En).await.unwrap().zone,
        offset
    );
    // Another user's zone is theirs alone.
    assert_eq!(
        users.profile_of(ALICE, Locale::En).await.unwrap().zone,
        Zone::UTC
    );
    // A zone set before the user was ever seen makes their profile, in the default language.
    users.set_zone(CAROL, tokyo).await.unwrap();
    let profile = users.profile_of(CAROL, Locale::Ru).await.unwrap();
    assert_eq!((profile.locale, profile.zone), (Locale::En, tokyo));
}

async fn events_are_stored_with_their_fields(store: TestStore) {
    store
        .events
        .record(Event::BackupCreated {
            user: ALICE,
            backup: Id::generate(),
            kind: BackupKind::FullBackup,
            files: 3,
            archive_size: 1024,
            duration: std::time::Duration::from_millis(250),
        })
        .await
        .unwrap();
    let events = store.events().await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].name, "backup_created");
    assert_eq!(events[0].severity, "info");
    assert_eq!(events[0].user_id, Some(ALICE));
    assert_eq!(events[0].fields["files"], "3");
    assert_eq!(events[0].fields["duration_ms"], "250");
}

async fn dialogue_storage_follows_the_teloxide_contract(store: TestStore) {
    let storage = store.dialogues::<State>();
    let (chat, other) = (ChatId(ALICE), ChatId(BOB));
    assert_eq!(storage.clone().get_dialogue(chat).await.unwrap(), None);
    // A paste still open to its next piece: its date goes through the store too.
    let open_until = chrono::DateTime::from_timestamp(1_800_000_000, 0);
    let draft = Draft {
        code: "print('שלום')".into(),
        suggested_name: "a.py".into(),
        pieces: Pieces {
            count: 2,
            open_until,
        },
        version_of: None,
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
    let again = storage.clone().remove_dialogue(chat).await.unwrap_err();
    assert!(
        matches!(again.downcast_ref(), Some(StoreError::NotFound)),
        "{again:?}"
    );
    assert_eq!(
        storage.clone().get_dialogue(other).await.unwrap(),
        Some(State::Save(SaveState::AwaitingCode))
    );

    // A state this release cannot read starts the chat afresh instead of failing forever.
    store
        .set_raw_dialogue_state(other.0, json!({ "step": "from_the_future" }))
        .await;
    assert_eq!(storage.clone().get_dialogue(other).await.unwrap(), None);
}

/// MongoDB expires events itself, by a TTL index of `EVENTS_KEPT` on their time.
#[tokio::test]
async fn mongo_events_expire_by_a_ttl_index_of_events_kept() {
    let mongo = support::db::connect(&support::db::unique_name("events_ttl")).await;
    let indexes: Vec<mongodb::IndexModel> = mongo
        .database()
        .collection::<mongodb::bson::Document>("events")
        .list_indexes()
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let ttl = indexes
        .iter()
        .find(|index| index.keys == mongodb::bson::doc! { "created_at": 1 })
        .and_then(|index| index.options.as_ref()?.expire_after);
    assert_eq!(ttl, EVENTS_KEPT.to_std().ok());
}
