//! The time zone a user reads times in, end to end: chosen in 🌐 Language from the list or
//! typed (a name or an offset), refused when it is none, kept in the store, and every time
//! the bot shows afterwards on its clocks, in the user's language's format.

mod support;

use chrono::Utc;
use codevault::{
    bot::ui::Reader,
    domain::{UserProfile, schedule::Zone},
    i18n::Locale,
};
use support::{
    bot::Harness,
    flow::{create_backup, library, press, press_for_toast, say, text},
    stored,
    telegram::{Sent, TestUser},
};

const EN: Locale = Locale::En;

async fn profile(h: &Harness, user: &TestUser) -> UserProfile {
    h.stores.users.get_or_create(user.id, EN).await.unwrap()
}

/// The label of the newest backup's row in 🗂 My backups, and the time it should show.
async fn newest_row(h: &Harness, user: &TestUser, locale: Locale) -> (String, String) {
    let menu = say(h, user, "/backup").await;
    let list = press(h, user, &menu, "🗂").await;
    let (label, _) = list
        .buttons()
        .into_iter()
        .find(|(_, data)| data.starts_with("bo:"))
        .expect("a backup row");
    let backup = stored::backups(h, user.id).await.pop().expect("a backup");
    let zone = profile(h, user).await.zone;
    let expected = Reader::new(locale, zone, Utc::now()).time(backup.created_at);
    (label, expected)
}

fn zone(name: &str) -> Zone {
    name.parse().unwrap()
}

#[tokio::test]
async fn a_time_zone_chosen_or_typed_moves_every_time_shown_onto_its_clocks() {
    let h = Harness::start().await;
    let u = TestUser::new(881_201, Some("en"));
    library(&h)
        .create(u.id, "a.py", "a = 1\n".into(), None)
        .await
        .unwrap();
    create_backup(&h, &u).await;

    // Until a zone is chosen, times are in UTC and say so.
    let (label, expected) = newest_row(&h, &u, EN).await;
    assert!(expected.starts_with("today, ") && expected.ends_with(" UTC"));
    assert!(label.starts_with(&format!("📦 {expected} · ")), "{label}");

    // 🌐 Language shows the zone; 🌍 lists the choices; a zone that is none is refused.
    let clock = || Reader::new(EN, Zone::UTC, Utc::now()).clock();
    let before = clock();
    let language = say(&h, &u, "/language").await;
    let shown = |time: String| {
        let zone = EN.t_with(
            "language-zone",
            &[("zone", "UTC".into()), ("time", time.into())],
        );
        format!("{}\n\n{zone}", EN.t("language-choose"))
    };
    // The clock may have moved on a minute meanwhile.
    assert!(
        [shown(before), shown(clock())].contains(&text(&language).to_owned()),
        "{language:?}"
    );
    let zones = press(&h, &u, &language, "🌍").await;
    assert_eq!(
        text(&zones),
        EN.t_with("language-zone-choose", &[("zone", "UTC".into())])
    );
    let refused = say(&h, &u, "Mars/Olympus <b>").await;
    assert_eq!(
        text(&refused),
        EN.t_with("zone-unknown", &[("zone", "Mars/Olympus &lt;b&gt;".into())])
    );
    assert_eq!(profile(&h, &u).await.zone, Zone::UTC, "nothing kept");

    // Typed as an offset: kept, said, and the screen read on its clocks.
    let set = say(&h, &u, "utc+3").await;
    let plus_three = zone("UTC+03:00");
    assert_eq!(profile(&h, &u).await.zone, plus_three);
    assert!(
        text(&set).starts_with(&EN.t_with("language-zone-set", &[("zone", "UTC+03:00".into())])),
        "{set:?}"
    );
    let (label, expected) = newest_row(&h, &u, EN).await;
    assert!(
        !expected.contains("UTC"),
        "a chosen zone is not named: {expected}"
    );
    assert!(label.starts_with(&format!("📦 {expected} · ")), "{label}");

    // Picked from the list, with a toast; the step is over, so text is code again.
    let zones = press(&h, &u, &set, "🌍").await;
    let (picked, toast) = press_for_toast(&h, &u, &zones, "🌍 Asia/Tokyo").await;
    assert_eq!(toast.as_deref(), Some(EN.t("toast-saved").as_str()));
    assert_eq!(profile(&h, &u).await.zone, zone("Asia/Tokyo"));
    assert!(text(&picked).contains("Asia/Tokyo"), "{picked:?}");
    let saved = say(&h, &u, "print('tokyo')").await;
    assert!(!text(&saved).contains("⚠️"), "{saved:?}");
    let (label, expected) = newest_row(&h, &u, EN).await;
    assert!(label.starts_with(&format!("📦 {expected} · ")), "{label}");

    // Another user keeps UTC, in their own language's format.
    let r = TestUser::new(881_202, Some("ru"));
    create_backup(&h, &r).await;
    let (label, expected) = newest_row(&h, &r, Locale::Ru).await;
    assert!(expected.starts_with("сегодня в ") && expected.ends_with(" UTC"));
    assert!(label.starts_with(&format!("📦 {expected} · ")), "{label}");
    assert_eq!(profile(&h, &r).await.zone, Zone::UTC);
}

/// A stale or forged zone button names a place the list does not have: refused, unchanged.
#[tokio::test]
async fn a_forged_zone_button_changes_nothing() {
    let h = Harness::start().await;
    let u = TestUser::new(881_203, Some("en"));
    let language: Sent = say(&h, &u, "/language").await;
    let seq = h.tg.last_seq();
    h.tg.click(&u, language.message_id.unwrap(), "lZ:99");
    let answer =
        h.tg.wait_for(seq, |s| s.method == "answerCallbackQuery")
            .await;
    assert_eq!(
        answer.text.as_deref(),
        Some(EN.t("error-unknown-button").as_str())
    );
    assert_eq!(profile(&h, &u).await.zone, Zone::UTC);
}
