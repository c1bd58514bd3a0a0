//! End to end: 🔎 Search and ⭐ favourites through the real bot, on both stores — `/search
//! words`, the button in My files, pages, the matching line escaped, a query full of regex and
//! HTML metacharacters, refused queries explained, another user's files never shown; ⭐ on a
//! file's screen, ⭐ Favourites, favourites first in results, a forged ⭐ refused.

mod support;

use chrono::{Duration, TimeZone, Utc};
use codevault::{
    domain::{NewFile, language},
    i18n::Locale,
};
use support::{
    bot::{Backend, Harness},
    flow::{press, press_for_toast, say, text},
    telegram::TestUser,
};

const EN: Locale = Locale::En;

async fn seed(h: &Harness, user: i64, name: &str, code: &str, minute: i64) {
    let file = NewFile {
        user_id: user,
        name: name.to_owned(),
        language: language::detect(Some(name), code).to_owned(),
        code: code.to_owned(),
        note: None,
        tags: vec![],
    };
    let at = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap() + Duration::minutes(minute);
    h.stores.files.create(file, at).await.unwrap();
}

fn title(query: &str, count: u64, page: u32, pages: u32) -> String {
    EN.t_with(
        "search-title",
        &[
            ("query", query.to_owned().into()),
            ("count", count.into()),
            ("page", page.into()),
            ("pages", pages.into()),
        ],
    )
}

/// The labels of the result rows (📄), in order.
fn rows(screen: &support::telegram::Sent) -> Vec<String> {
    (screen.buttons().into_iter())
        .filter(|(label, _)| label.starts_with("📄"))
        .map(|(label, _)| label)
        .collect()
}

async fn search_through_the_bot(backend: Backend) {
    let h = Harness::start_on(backend).await;
    let alice = TestUser::new(556_001, Some("en"));
    let bob = TestUser::new(556_002, Some("en"));
    for n in 0..12 {
        let code = format!("import os\n\ndef job_{n}():\n    return Needle_{n}\n");
        seed(&h, alice.id, &format!("job{n:02}.py"), &code, n).await;
    }
    let hostile = "const re = /^.*(a|b)+$/; // <b>&amp; \"quoted\"";
    seed(&h, alice.id, "hostile.js", hostile, 20).await;
    seed(&h, bob.id, "bob.py", "needle = 'bob only'\n", 30).await;

    // /search words: the newest first, 10 to a page, the line each was found on.
    let first = say(&h, &alice, "/search NEEDLE").await;
    assert!(
        text(&first).starts_with(&title("NEEDLE", 12, 1, 2)),
        "{first:?}"
    );
    assert!(text(&first).contains(&format!(
        "📄 <b>job11.py</b>\n{}",
        EN.t_with(
            "search-hit",
            &[("line", 4.into()), ("text", "return Needle_11".into())]
        )
    )));
    let names: Vec<String> = (2..12).rev().map(|n| format!("📄 job{n:02}.py")).collect();
    assert_eq!(rows(&first), names);
    let second = press(&h, &alice, &first, "▶️").await;
    assert!(text(&second).starts_with(&title("NEEDLE", 12, 2, 2)));
    assert_eq!(rows(&second), ["📄 job01.py", "📄 job00.py"]);
    let opened = press(&h, &alice, &second, "📄 job00.py").await;
    assert!(text(&opened).contains("Needle_0"), "{opened:?}");

    // A query of metacharacters is taken literally, and its line shown escaped.
    let literal = say(&h, &alice, "/search <b>&amp; .*(a|b)+$").await;
    assert!(
        text(&literal).starts_with(&title("&lt;b&gt;&amp;amp; .*(a|b)+$", 1, 1, 1)),
        "{literal:?}"
    );
    assert!(text(&literal).contains(
        "<code>const re = /^.*(a|b)+$/; // &lt;b&gt;&amp;amp; &quot;quoted&quot;</code>"
    ));
    assert_eq!(rows(&literal), ["📄 hostile.js"]);

    // Bob finds only his own file; Alice never sees it.
    let bobs = say(&h, &bob, "/search needle").await;
    assert_eq!(rows(&bobs), ["📄 bob.py"]);
    let none = say(&h, &alice, "/search bob only").await;
    assert!(text(&none).starts_with(&title("bob only", 0, 1, 1)));
    assert!(text(&none).contains(&EN.t("search-none")));
    assert!(rows(&none).is_empty());

    // A query that cannot be read says why; the next words search.
    let refused = say(&h, &alice, "/search needle lang:klingon").await;
    assert_eq!(
        text(&refused),
        EN.t_with("error-search-language", &[("language", "klingon".into())])
    );
    let again = say(&h, &alice, "needle lang:python").await;
    assert!(text(&again).starts_with(&title("needle lang:python", 12, 1, 2)));
    // The name a file's screen shows is taken too.
    let by_display = say(&h, &alice, "needle lang:Python").await;
    assert!(text(&by_display).starts_with(&title("needle lang:Python", 12, 1, 2)));

    // 🔎 Search in My files asks for the words.
    let files = say(&h, &alice, "/files").await;
    let ask = press(&h, &alice, &files, "🔎").await;
    assert_eq!(text(&ask), EN.t("search-ask"));
    let found = say(&h, &alice, "\"def job_7\"").await;
    assert_eq!(rows(&found), ["📄 job07.py"]);

    // ⭐ on a file's screen: it is marked, listed in ⭐ Favourites, and first in results.
    let screen = press(&h, &alice, &found, "📄 job07.py").await;
    let (starred, toast) = press_for_toast(&h, &alice, &screen, "⭐").await;
    assert!(text(&starred).starts_with("⭐ "), "{starred:?}");
    assert_eq!(toast, Some(EN.t("toast-favourite-added")));
    assert!(starred.button_data("☆").is_some());
    let files = say(&h, &alice, "/files").await;
    let favourites = press(&h, &alice, &files, "⭐").await;
    assert!(text(&favourites).contains(&EN.t("files-favourites")));
    assert_eq!(rows(&favourites).len(), 1);
    assert!(rows(&favourites)[0].starts_with("📄 job07.py"));
    let first_again = say(&h, &alice, "/search needle").await;
    assert_eq!(rows(&first_again)[0], "📄 job07.py");
    assert_eq!(rows(&first_again)[1], "📄 job11.py");
    assert!(text(&first_again).contains("⭐ 📄 <b>job07.py</b>"));
    // ☆ takes it out again.
    let screen = press(&h, &alice, &first_again, "📄 job07.py").await;
    let (unstarred, toast) = press_for_toast(&h, &alice, &screen, "☆").await;
    assert_eq!(toast, Some(EN.t("toast-favourite-removed")));
    assert!(!text(&unstarred).starts_with("⭐"));
    let files = say(&h, &alice, "/files").await;
    let favourites = press(&h, &alice, &files, "⭐").await;
    assert!(rows(&favourites).is_empty());
    assert!(text(&favourites).contains(&EN.t("files-no-favourites")));
    // A forged ⭐ for Bob's file changes nothing for either of them.
    let bob_file = support::stored::current_file(&h, bob.id, "bob.py")
        .await
        .unwrap();
    let seq = h.tg.last_seq();
    h.tg.click(
        &alice,
        favourites.message_id.unwrap(),
        &format!("fs:{}:1", bob_file.key),
    );
    let refused = h.tg.next_message(seq, alice.id).await;
    assert_eq!(text(&refused), EN.t("error-file-not-found"));
    assert_eq!(h.stores.files.favourites(bob.id).await.unwrap(), []);
    assert_eq!(h.stores.files.favourites(alice.id).await.unwrap(), []);

    // Pages of a search left behind are stale and change nothing.
    say(&h, &alice, "/menu").await;
    let stale = press(&h, &alice, &first, "▶️").await;
    assert_eq!(text(&stale), EN.t("error-stale-button"));
}

#[tokio::test]
async fn search_on_the_embedded_store() {
    search_through_the_bot(Backend::Sqlite).await;
}

#[tokio::test]
async fn search_on_mongodb() {
    search_through_the_bot(Backend::Mongo).await;
}
