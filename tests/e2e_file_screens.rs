//! A file's screen always opens, whatever its note, tags or stored language hold; names that
//! differ only in their Unicode form are one name.

mod support;

use codevault::i18n::Locale;
use support::{
    bot::Harness,
    flow::{library, press, say, text},
    stored::{self, Table},
    tamper,
    telegram::{Sent, TestUser},
};

const EN: Locale = Locale::En;

/// Opens the file `key` the way its 📄 button does; returns the screen.
async fn open(h: &Harness, who: &TestUser, key: &str) -> Sent {
    let menu = say(h, who, "/start").await;
    let seq = h.tg.last_seq();
    h.tg.click(who, menu.message_id.unwrap(), &format!("fo:{key}"));
    h.tg.next_message(seq, who.id).await
}

#[tokio::test]
async fn a_file_with_a_long_note_and_many_long_tags_opens() {
    let h = Harness::start().await;
    let u = TestUser::new(448_001, Some("en"));
    let lib = library(&h);
    let file = lib
        .create(u.id, "noted.py", "print('noted')\n".into(), None)
        .await
        .unwrap();
    lib.set_note(u.id, &file.key, Some(&"n".repeat(1000)))
        .await
        .unwrap();
    let tags: Vec<String> = (0..20)
        .map(|i| format!("{i:02}{}", "t".repeat(148)))
        .collect();
    lib.set_tags(u.id, &file.key, &tags.join(" "))
        .await
        .unwrap();

    let screen = open(&h, &u, &file.key.to_string()).await;
    assert!(h.tg.rejected().is_empty(), "{:?}", h.tg.rejected());
    let shown = text(&screen);
    assert!(shown.contains("📄 <b>noted.py</b>"), "{screen:?}");
    assert!(
        shown.contains(&format!("Note: {}…", "n".repeat(300))),
        "{screen:?}"
    );
    assert!(shown.contains(&tags[0]), "{screen:?}");
    assert!(
        shown.contains(&EN.t_with("file-more-tags", &[("count", 19.into())])),
        "{screen:?}"
    );
    // The header stays small, so the code still fits inline.
    assert!(
        shown.ends_with("<pre><code class=\"language-python\">print('noted')\n</code></pre>"),
        "{screen:?}"
    );
}

#[tokio::test]
async fn a_file_whose_stored_language_holds_html_opens() {
    let h = Harness::start().await;
    let u = TestUser::new(448_002, Some("en"));
    let file = library(&h)
        .create(u.id, "old.py", "x = \"<b>\"\n".into(), None)
        .await
        .unwrap();
    // As an import before the fix would have stored it.
    tamper::set_language(&h, u.id, "old.py", "python\"><i>").await;

    let screen = open(&h, &u, &file.key.to_string()).await;
    assert!(h.tg.rejected().is_empty(), "{:?}", h.tg.rejected());
    let shown = text(&screen);
    assert!(
        shown.contains("Language: python&quot;&gt;&lt;i&gt;"),
        "{screen:?}"
    );
    assert!(
        shown.ends_with(
            "<pre><code class=\"language-text\">x = &quot;&lt;b&gt;&quot;\n</code></pre>"
        ),
        "{screen:?}"
    );
    // Its history's version screen builds the same code block.
    let history = press(&h, &u, &screen, "🕘").await;
    let version = press(&h, &u, &history, "✅ v1").await;
    assert!(h.tg.rejected().is_empty(), "{:?}", h.tg.rejected());
    assert!(text(&version).contains("language-text"), "{version:?}");
}

#[tokio::test]
async fn a_name_in_nfd_is_the_same_name_as_in_nfc() {
    let h = Harness::start().await;
    let u = TestUser::new(448_003, Some("en"));
    let nfc = "caf\u{e9}.py";
    let nfd = "cafe\u{301}.py";
    say(&h, &u, "print('first')").await;
    let ask_note = say(&h, &u, nfc).await;
    press(&h, &u, &ask_note, "⏭").await;
    say(&h, &u, "print('second')").await;
    let taken = say(&h, &u, nfd).await;
    assert_eq!(
        text(&taken),
        EN.t_with("save-name-taken", &[("name", nfc.into())])
    );
    assert_eq!(stored::dump(&h, Table::Files).await.len(), 1);
    let names: Vec<String> = stored::versions(&h, u.id)
        .await
        .into_iter()
        .map(|file| file.name)
        .collect();
    assert_eq!(names, [nfc]);
}
