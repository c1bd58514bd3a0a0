//! A file's screen always opens, whatever its note, tags or stored language hold; names that
//! differ only in their Unicode form are one name.

mod support;

use codevault::{
    domain::Id,
    i18n::Locale,
    service::{Library, SaveMode},
};
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
        shown.contains("Language: Python\n"),
        "as people write it: {screen:?}"
    );
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

fn label(key: &str) -> String {
    format!("🔀 {}", EN.t(key))
}

/// 🔀 Compare: an old version with the current one, or with any other picked from the
/// history; the older always on the left, the diff escaped inline or sent as a `.diff`.
#[tokio::test]
async fn two_versions_compare_as_a_unified_diff() {
    let h = Harness::start().await;
    let u = TestUser::new(448_101, Some("en"));
    let lib = library(&h);
    let v1 = "a = 1\nb = 2\nc = 3\n";
    let file = lib.create(u.id, "calc.py", v1.into(), None).await.unwrap();
    lib.save(
        u.id,
        "calc.py",
        "a = 1\nb = \"<b>&\"\nc = 3\n".into(),
        None,
        SaveMode::Replace,
    )
    .await
    .unwrap();
    lib.save(
        u.id,
        "calc.py",
        "a = 1\nc = 3\n".into(),
        None,
        SaveMode::Replace,
    )
    .await
    .unwrap();

    let screen = open(&h, &u, &file.key.to_string()).await;
    let history = press(&h, &u, &screen, "🕘").await;
    let first = press(&h, &u, &history, "🕘 v1 ").await;
    let with_current = press(&h, &u, &first, &label("btn-compare-with-current")).await;
    let title = |older: u32, newer: u32| {
        EN.t_with(
            "compare-title",
            &[
                ("name", "calc.py".into()),
                ("older", older.into()),
                ("newer", newer.into()),
            ],
        )
    };
    assert_eq!(
        text(&with_current),
        format!(
            "{}\n\n<pre><code class=\"language-diff\">--- calc.py v1\n+++ calc.py v3\n\
             @@ -1,3 +1,2 @@\n a = 1\n-b = 2\n c = 3\n</code></pre>",
            title(1, 3)
        )
    );

    // Picked the other way round, the older version is still on the left.
    let current = press(&h, &u, &history, "✅ v3 ").await;
    assert!(
        current
            .button_data(&label("btn-compare-with-current"))
            .is_none()
    );
    let pick = press(&h, &u, &current, &label("btn-compare-with")).await;
    assert!(
        pick.button_data("✅ v3 ").is_none(),
        "not with itself: {pick:?}"
    );
    let diff = press(&h, &u, &pick, "🕘 v2 ").await;
    assert_eq!(
        text(&diff),
        format!(
            "{}\n\n<pre><code class=\"language-diff\">--- calc.py v2\n+++ calc.py v3\n\
             @@ -1,3 +1,2 @@\n a = 1\n-b = &quot;&lt;b&gt;&amp;&quot;\n c = 3\n</code></pre>",
            title(2, 3)
        )
    );
    assert!(h.tg.rejected().is_empty(), "{:?}", h.tg.rejected());

    // The same content twice says so.
    lib.make_current(u.id, &first_version_id(&lib, &u, &file.key).await)
        .await
        .unwrap();
    let seq = h.tg.last_seq();
    let ids = version_ids(&lib, &u, &file.key).await;
    h.tg.click(
        &u,
        diff.message_id.unwrap(),
        &format!("fz:{}:{}", ids[3], ids[0]),
    );
    let same = h.tg.next_message(seq, u.id).await;
    assert_eq!(
        text(&same),
        format!("{}\n\n{}", title(1, 4), EN.t("compare-identical"))
    );
}

async fn version_ids(lib: &Library, who: &TestUser, key: &Id) -> Vec<Id> {
    let history = lib.history(who.id, key, 0).await.unwrap();
    let mut versions = history.versions.items;
    versions.sort_by_key(|version| version.version);
    versions
        .into_iter()
        .map(|version| version.version_id)
        .collect()
}

async fn first_version_id(lib: &Library, who: &TestUser, key: &Id) -> Id {
    version_ids(lib, who, key).await.remove(0)
}

/// A diff too long for a message comes as a document, whole.
#[tokio::test]
async fn a_long_diff_comes_as_a_diff_document() {
    let h = Harness::start().await;
    let u = TestUser::new(448_102, Some("en"));
    let lib = library(&h);
    let old: String = (0..400).map(|i| format!("line {i}\n")).collect();
    let new: String = (0..400).map(|i| format!("LINE {i}\n")).collect();
    let file = lib.create(u.id, "src/big.txt", old, None).await.unwrap();
    lib.save(u.id, "src/big.txt", new, None, SaveMode::Replace)
        .await
        .unwrap();
    let ids = version_ids(&lib, &u, &file.key).await;
    let screen = open(&h, &u, &file.key.to_string()).await;
    let seq = h.tg.last_seq();
    h.tg.click(
        &u,
        screen.message_id.unwrap(),
        &format!("fz:{}:{}", ids[0], ids[1]),
    );
    let document =
        h.tg.wait_for(seq, |s| {
            s.chat_id == Some(u.id) && s.method == "sendDocument"
        })
        .await
        .document
        .expect("a document");
    assert_eq!(document.file_name, "src_big.txt.v1-v2.diff");
    let diff = String::from_utf8(document.bytes).unwrap();
    assert!(
        diff.starts_with("--- src/big.txt v1\n+++ src/big.txt v2\n@@ -1,400 +1,400 @@\n-line 0\n")
    );
    assert_eq!(diff.lines().filter(|l| l.starts_with('-')).count(), 401);
    assert_eq!(diff.lines().filter(|l| l.starts_with('+')).count(), 401);
    let shown = h.tg.message_text(u.id, screen.message_id.unwrap()).unwrap();
    assert!(shown.ends_with(&EN.t("compare-as-document")), "{shown}");
}

/// A version id of another user, or of another file, compares with nothing.
#[tokio::test]
async fn forged_versions_compare_with_nothing() {
    let h = Harness::start().await;
    let (u, other) = (
        TestUser::new(448_103, Some("en")),
        TestUser::new(448_104, Some("en")),
    );
    let lib = library(&h);
    let mine = lib
        .create(u.id, "a.py", "a = 1\n".into(), None)
        .await
        .unwrap();
    let also_mine = lib
        .create(u.id, "b.py", "b = 1\n".into(), None)
        .await
        .unwrap();
    let theirs = lib
        .create(other.id, "a.py", "secret = 1\n".into(), None)
        .await
        .unwrap();
    let screen = open(&h, &u, &mine.key.to_string()).await;
    for (one, two) in [
        (&mine.version_id, &theirs.version_id),
        (&theirs.version_id, &theirs.version_id),
        (&mine.version_id, &also_mine.version_id),
    ] {
        let seq = h.tg.last_seq();
        h.tg.click(&u, screen.message_id.unwrap(), &format!("fz:{one}:{two}"));
        let refused = h.tg.next_message(seq, u.id).await;
        assert_eq!(text(&refused), EN.t("error-file-not-found"), "{one} {two}");
        assert!(!text(&refused).contains("secret"));
    }
    let seq = h.tg.last_seq();
    h.tg.click(
        &u,
        screen.message_id.unwrap(),
        &format!("fk:{}:0", theirs.version_id),
    );
    let refused = h.tg.next_message(seq, u.id).await;
    assert_eq!(text(&refused), EN.t("error-file-not-found"));
}

/// ✏️ Rename: the same name rules as saving, a taken name refused, each keeping the user in
/// the step; done, the history shows the old name on the versions that had it.
#[tokio::test]
async fn a_file_is_renamed_and_its_history_keeps_the_old_name() {
    let h = Harness::start().await;
    let u = TestUser::new(448_105, Some("en"));
    let lib = library(&h);
    let file = lib
        .create(u.id, "tool", "fn main() {}\n".into(), None)
        .await
        .unwrap();
    lib.create(u.id, "taken.rs", "x\n".into(), None)
        .await
        .unwrap();

    let screen = open(&h, &u, &file.key.to_string()).await;
    let ask = press(&h, &u, &screen, "✏️").await;
    assert_eq!(
        text(&ask),
        EN.t_with("rename-ask", &[("name", "tool".into())])
    );
    let refused = say(&h, &u, "a//b").await;
    assert!(
        text(&refused).starts_with(&EN.t("error-name-separator")),
        "{refused:?}"
    );
    let taken = say(&h, &u, "taken.rs").await;
    assert_eq!(
        text(&taken),
        EN.t_with("rename-name-taken", &[("name", "taken.rs".into())])
    );
    let hint = say(&h, &u, "src/tool.rs").await;
    assert_eq!(text(&hint), EN.t("save-choose-option"));
    let ask = press(&h, &u, &taken, "✏️").await;
    assert_eq!(
        text(&ask),
        EN.t_with("rename-ask", &[("name", "tool".into())])
    );
    let renamed = say(&h, &u, "src/tool.rs").await;
    assert_eq!(
        text(&renamed),
        EN.t_with(
            "file-renamed",
            &[
                ("old", "tool".into()),
                ("name", "src/tool.rs".into()),
                ("version", 2.into())
            ]
        )
    );
    let current = stored::current_file(&h, u.id, "src/tool.rs")
        .await
        .expect("renamed");
    assert_eq!((current.version, current.language.as_str()), (2, "rust"));
    assert!(stored::current_file(&h, u.id, "tool").await.is_none());

    // The step is over: the next message is code to save, not a name.
    let next = say(&h, &u, "print(1)").await;
    assert!(next.button_data("✅").is_some(), "{next:?}");
    press(&h, &u, &next, "🚫").await;

    let screen = open(&h, &u, &file.key.to_string()).await;
    let history = press(&h, &u, &screen, "🕘").await;
    let labels: Vec<String> = history
        .buttons()
        .into_iter()
        .map(|(label, _)| label)
        .collect();
    // The date on the clocks of UTC until the user picks a zone, then the size.
    assert!(labels[0].starts_with("✅ v2 · "), "{labels:?}");
    assert!(labels[1].starts_with("🕘 v1 · tool · "), "{labels:?}");
    assert!(
        labels[..2]
            .iter()
            .all(|label| label.ends_with(" UTC · 13 B")),
        "{labels:?}"
    );
}

/// 🔄 Replace on a taken name: the file that had it goes to the recycle bin, in the same step
/// as the rename, and can be brought back; the button pressed again does nothing.
#[tokio::test]
async fn a_rename_onto_a_taken_name_replaces_that_file_into_the_bin() {
    let h = Harness::start().await;
    let u = TestUser::new(448_106, Some("en"));
    let lib = library(&h);
    let file = lib
        .create(u.id, "draft.rs", "fn new() {}\n".into(), None)
        .await
        .unwrap();
    let old = lib
        .create(u.id, "main.rs", "fn old() {}\n".into(), None)
        .await
        .unwrap();

    let screen = open(&h, &u, &file.key.to_string()).await;
    press(&h, &u, &screen, "✏️").await;
    let taken = say(&h, &u, "main.rs").await;
    assert_eq!(
        text(&taken),
        EN.t_with("rename-name-taken", &[("name", "main.rs".into())])
    );
    let replaced = press(&h, &u, &taken, "🔄").await;
    assert_eq!(
        text(&replaced),
        EN.t_with(
            "file-renamed-replacing",
            &[
                ("old", "draft.rs".into()),
                ("name", "main.rs".into()),
                ("version", 2.into())
            ]
        )
    );
    let current = stored::current_file(&h, u.id, "main.rs").await.unwrap();
    assert_eq!(
        (current.key, current.code.as_str(), current.version),
        (file.key.clone(), "fn new() {}\n", 2)
    );
    assert!(stored::current_file(&h, u.id, "draft.rs").await.is_none());
    let bin = lib.bin(u.id, 0).await.unwrap();
    let binned: Vec<(&Id, &str)> = bin
        .items
        .iter()
        .map(|f| (&f.key, f.name.as_str()))
        .collect();
    assert_eq!(binned, [(&old.key, "main.rs")]);

    // The step is over: 🔄 again is stale and bins nothing more.
    let seq = h.tg.last_seq();
    h.tg.click(&u, taken.message_id.unwrap(), "fM");
    let stale = h.tg.next_message(seq, u.id).await;
    assert_eq!(text(&stale), EN.t("error-stale-button"));
    let current = stored::current_file(&h, u.id, "main.rs").await.unwrap();
    assert_eq!(current.key, file.key);
    assert_eq!(lib.bin(u.id, 0).await.unwrap().total, 1);
}

/// 🆕 New version: code sent as a message or a document, confirmed, becomes the newest
/// version; the same code adds nothing; another user's file takes nothing.
#[tokio::test]
async fn a_new_version_is_sent_to_an_open_file() {
    let h = Harness::start().await;
    let (u, other) = (
        TestUser::new(448_106, Some("en")),
        TestUser::new(448_107, Some("en")),
    );
    let lib = library(&h);
    let file = lib
        .create(u.id, "calc.py", "a = 1\n".into(), None)
        .await
        .unwrap();
    let theirs = lib
        .create(other.id, "x.py", "x = 1\n".into(), None)
        .await
        .unwrap();
    let named = |key: &str, version: u32| {
        EN.t_with(
            key,
            &[("name", "calc.py".into()), ("version", version.into())],
        )
    };

    let screen = open(&h, &u, &file.key.to_string()).await;
    let ask = press(&h, &u, &screen, "🆕").await;
    assert_eq!(text(&ask), named("save-version-send", 2));
    let confirm = say(&h, &u, "a = 2\n").await;
    assert_eq!(
        text(&confirm),
        EN.t_with(
            "save-version-ask",
            &[
                ("name", "calc.py".into()),
                ("version", 2.into()),
                ("chars", 6.into())
            ]
        )
    );
    let hint = say(&h, &u, "something else").await;
    assert_eq!(text(&hint), EN.t("save-version-confirm"));
    let saved = press(&h, &u, &confirm, "✅").await;
    assert_eq!(text(&saved), named("file-saved", 2));
    let current = stored::current_file(&h, u.id, "calc.py").await.unwrap();
    assert_eq!((current.version, current.code.as_str()), (2, "a = 2\n"));
    let stale = press(&h, &u, &confirm, "✅").await;
    assert_eq!(text(&stale), EN.t("error-stale-button"));

    // The same code again, as a document: nothing is added.
    let screen = open(&h, &u, &file.key.to_string()).await;
    let ask = press(&h, &u, &screen, "🆕").await;
    let seq = h.tg.last_seq();
    h.tg.send_document(&u, "calc.py", "text/x-python", b"a = 2\n".to_vec());
    let confirm = h.tg.next_message(seq, u.id).await;
    let unchanged = press(&h, &u, &confirm, "✅").await;
    assert_eq!(text(&unchanged), named("version-unchanged", 2));
    assert_eq!(
        lib.history(u.id, &file.key, 0)
            .await
            .unwrap()
            .versions
            .total,
        2
    );
    let _ = ask;

    // Another user's file is not found, and nothing waits for code for it.
    let seq = h.tg.last_seq();
    h.tg.click(
        &u,
        screen.message_id.unwrap(),
        &format!("s:version:{}", theirs.key),
    );
    let refused = h.tg.next_message(seq, u.id).await;
    assert_eq!(text(&refused), EN.t("error-file-not-found"));
    let next = say(&h, &u, "y = 2").await;
    assert!(
        next.button_data("✅").is_some(),
        "new code, not a version: {next:?}"
    );
    let theirs_now = stored::current_file(&h, other.id, "x.py").await.unwrap();
    assert_eq!(theirs_now.version, 1);
}
