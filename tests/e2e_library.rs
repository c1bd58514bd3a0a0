//! End to end: the real `codevault serve` against the fake Telegram server and the database.

mod support;

use codevault::{domain::CodeFile, i18n::Locale};
use serde_json::{Value, json};
use support::{
    bot::Harness,
    flow::{library, press, say, text},
    stored,
    telegram::{Sent, TestUser},
};

const EN: Locale = Locale::En;

fn user() -> TestUser {
    TestUser::new(555_001, Some("en"))
}

/// Saves `code` under `name` through the whole dialogue, skipping the note.
async fn save(h: &Harness, who: &TestUser, code: &str, name: &str) -> Sent {
    let ask_name = say(h, who, code).await;
    assert!(
        ask_name.button_data("✅").is_some(),
        "asks for a name: {ask_name:?}"
    );
    let ask_note = say(h, who, name).await;
    press(h, who, &ask_note, "⏭").await
}

async fn file_doc(h: &Harness, name: &str) -> CodeFile {
    stored::current_file(h, user().id, name)
        .await
        .unwrap_or_else(|| panic!("{name} is saved"))
}

#[tokio::test]
async fn save_list_open_download_version_delete_and_restore() {
    let h = Harness::start().await;
    let u = user();

    // /start: the main menu with the seven SPEC buttons, each starting with its emoji.
    let menu = say(&h, &u, "/start").await;
    assert_eq!(text(&menu), EN.t("menu-title"));
    let labels: Vec<String> = menu.buttons().into_iter().map(|(label, _)| label).collect();
    for emoji in ["➕", "📂", "📦", "☁️", "🐙", "🌐", "ℹ️"] {
        assert!(
            labels.iter().any(|l| l.starts_with(emoji)),
            "{emoji} missing in {labels:?}"
        );
    }

    // Save from text: ➕ → code → the suggested name → a note.
    let ask_code = press(&h, &u, &menu, "➕").await;
    assert_eq!(text(&ask_code), EN.t("save-send-code"));
    let code = "def hello():\n    print(\"<hi> & bye\")\n";
    let ask_name = say(&h, &u, code).await;
    assert_eq!(
        ask_name.button_data("✅ hello.py").as_deref(),
        Some("s:name")
    );
    let ask_note = press(&h, &u, &ask_name, "✅").await;
    assert!(text(&ask_note).contains("hello.py"));
    let saved = say(&h, &u, "my first note").await;
    assert_eq!(
        text(&saved),
        EN.t_with(
            "file-saved",
            &[("name", "hello.py".into()), ("version", 1.into())]
        )
    );
    let hello = file_doc(&h, "hello.py").await;
    assert_eq!(hello.code.as_str(), code);
    assert_eq!(hello.language.as_str(), "python");
    assert_eq!(hello.note.as_deref().unwrap(), "my first note");
    assert_eq!(i64::from(hello.version), 1);

    // Save from a document: UTF-8 with a BOM, its name suggested.
    let seq = h.tg.last_seq();
    let rust = "fn main() {\n    println!(\"שלום\");\n}\n";
    h.tg.send_document(
        &u,
        "main.rs",
        "text/x-rust",
        [b"\xEF\xBB\xBF".as_slice(), rust.as_bytes()].concat(),
    );
    let ask_name = h.tg.next_message(seq, u.id).await;
    assert!(ask_name.button_data("✅ main.rs").is_some(), "{ask_name:?}");
    let ask_note = say(&h, &u, "main.rs").await;
    press(&h, &u, &ask_note, "⏭").await;
    let main_rs = file_doc(&h, "main.rs").await;
    assert_eq!(main_rs.code.as_str(), rust);
    assert_eq!(main_rs.language.as_str(), "rust");
    assert!(main_rs.note.is_none());

    // My files: newest first; open a file; its code is escaped in a <pre> block.
    let list = say(&h, &u, "/files").await;
    let rows: Vec<String> = list
        .buttons()
        .into_iter()
        .filter(|(l, _)| l.starts_with("📄"))
        .map(|(l, _)| l)
        .collect();
    assert_eq!(rows.len(), 2);
    assert!(
        rows[0].contains("main.rs") && rows[1].contains("hello.py"),
        "{rows:?}"
    );
    let screen = press(&h, &u, &list, "📄 hello.py").await;
    assert!(text(&screen).contains("<pre><code class=\"language-python\">def hello():\n    print(&quot;&lt;hi&gt; &amp; bye&quot;)\n</code></pre>"), "{screen:?}");
    assert!(text(&screen).contains("my first note"));

    // Download: the exact bytes, under the file's name.
    let seq = h.tg.last_seq();
    h.tg.click(
        &u,
        screen.message_id.unwrap(),
        &screen.button_data("⬇️").unwrap(),
    );
    let document = h.tg.wait_for(seq, |s| s.method == "sendDocument").await;
    let document = document.document.expect("a document");
    assert_eq!(
        (document.file_name.as_str(), document.bytes.as_slice()),
        ("hello.py", code.as_bytes())
    );

    // Name taken → Rename → a new file; name taken → Replace → version 2, note kept.
    let ask_name = say(&h, &u, "print('two')").await;
    let _ = ask_name;
    let taken = say(&h, &u, "hello.py").await;
    assert_eq!(
        text(&taken),
        EN.t_with("save-name-taken", &[("name", "hello.py".into())])
    );
    let ask_new = press(&h, &u, &taken, "✏️").await;
    assert_eq!(text(&ask_new), EN.t("save-ask-new-name"));
    let ask_note = say(&h, &u, "hello2.py").await;
    press(&h, &u, &ask_note, "⏭").await;
    assert_eq!(
        file_doc(&h, "hello2.py").await.code.as_str(),
        "print('two')"
    );

    say(&h, &u, "print('three')").await;
    let taken = say(&h, &u, "hello.py").await;
    let ask_note = press(&h, &u, &taken, "🔄").await;
    let saved = press(&h, &u, &ask_note, "⏭").await;
    assert_eq!(
        text(&saved),
        EN.t_with(
            "file-saved",
            &[("name", "hello.py".into()), ("version", 2.into())]
        )
    );
    let hello = file_doc(&h, "hello.py").await;
    assert_eq!(
        (i64::from(hello.version), hello.code.as_str()),
        (2, "print('three')")
    );
    assert_eq!(hello.note.as_deref().unwrap(), "my first note");
    let versions = stored::versions(&h, u.id)
        .await
        .iter()
        .filter(|v| v.name == "hello.py")
        .count();
    assert_eq!(versions, 2, "the old version stays in the history");

    // History: open version 1 and make it current again (version 3).
    let screen = press(&h, &u, &saved, "📄").await;
    let history = press(&h, &u, &screen, "🕘").await;
    let v1 = press(&h, &u, &history, "🕘 v1").await;
    assert!(
        text(&v1).contains("print(&quot;&lt;hi&gt; &amp; bye&quot;)"),
        "{v1:?}"
    );
    let made = press(&h, &u, &v1, "⏪").await;
    assert_eq!(
        text(&made),
        EN.t_with(
            "version-made-current",
            &[
                ("name", "hello.py".into()),
                ("old", 1.into()),
                ("version", 3.into())
            ]
        )
    );
    let hello = file_doc(&h, "hello.py").await;
    assert_eq!((i64::from(hello.version), hello.code.as_str()), (3, code));

    // Delete → recycle bin → restore.
    let screen = press(&h, &u, &made, "📄").await;
    let deleted = press(&h, &u, &screen, "🗑").await;
    assert_eq!(
        text(&deleted),
        EN.t_with(
            "file-deleted",
            &[("name", "hello.py".into()), ("days", 7.into())]
        )
    );
    assert!(stored::current_file(&h, u.id, "hello.py").await.is_none());
    let binned = stored::versions(&h, u.id)
        .await
        .iter()
        .filter(|v| v.name == "hello.py" && !v.active)
        .count();
    assert_eq!(binned, 3, "every version goes to the bin");
    let bin = press(&h, &u, &deleted, "♻️").await;
    let restored = press(&h, &u, &bin, "♻️ hello.py").await;
    assert_eq!(
        text(&restored),
        EN.t_with("file-restored", &[("name", "hello.py".into())])
    );
    assert_eq!(i64::from(file_doc(&h, "hello.py").await.version), 3);
}

/// Typing `/` in Telegram shows the commands, described in the user's language: English for
/// any language the bot does not speak, Hebrew and Russian by their codes.
/// One live menu per chat: each new screen with buttons takes them off the one before, so
/// old menus do not pile up; a screen edited in place keeps its own.
#[tokio::test]
async fn a_new_menu_takes_the_buttons_off_the_one_before() {
    let h = Harness::start().await;
    let u = TestUser::new(555_020, Some("en"));
    let buttons = |sent: &Sent| h.tg.message_buttons(u.id, sent.message_id.unwrap());
    // The older menu's buttons go once the new one is out.
    let bared = |seq: u64, older: &Sent| {
        let older = older.message_id;
        h.tg.wait_for(seq, move |s| {
            s.method == "editMessageReplyMarkup" && s.message_id == older
        })
    };
    let first = say(&h, &u, "/start").await;
    assert!(!buttons(&first).is_empty());
    let seq = h.tg.last_seq();
    let second = say(&h, &u, "/menu").await;
    bared(seq, &first).await;
    assert!(buttons(&first).is_empty(), "the older menu is bare");
    assert!(!buttons(&second).is_empty());
    // A button on the live menu edits it: it stays the live one, with its buttons.
    let files = press(&h, &u, &second, "📂").await;
    assert_eq!(files.message_id, second.message_id);
    assert!(!buttons(&files).is_empty());
    // Code sent starts a step whose question is the live menu now.
    let seq = h.tg.last_seq();
    let ask_name = say(&h, &u, "print('live')").await;
    bared(seq, &second).await;
    assert!(buttons(&second).is_empty(), "{:?}", buttons(&second));
    assert!(!buttons(&ask_name).is_empty());
    assert!(h.tg.rejected().is_empty(), "{:?}", h.tg.rejected());
}

#[tokio::test]
async fn the_command_menu_is_registered_in_every_language() {
    let h = Harness::start().await;
    let names = [
        "start", "menu", "save", "long", "done", "files", "backup", "restore", "drive", "github",
        "language", "help", "search", "cancel",
    ];
    let registered = |s: &Sent| s.method == "setMyCommands" && s.params["language_code"] == "ru";
    h.tg.wait_for(0, registered).await;
    for (code, locale) in [("", EN), ("he", Locale::He), ("ru", Locale::Ru)] {
        let expected: Vec<(String, String)> = names
            .iter()
            .map(|name| (name.to_string(), locale.t(&format!("command-{name}"))))
            .collect();
        assert_eq!(h.tg.commands(code), Some(expected), "{code:?}");
    }
    assert_ne!(
        h.tg.commands("he").map(|menu| menu[0].1.clone()),
        h.tg.commands("").map(|menu| menu[0].1.clone()),
        "Hebrew has its own descriptions"
    );
    assert_eq!(h.tg.commands("en"), None, "English is the default menu");
    assert!(h.tg.rejected().is_empty(), "{:?}", h.tg.rejected());
}

#[tokio::test]
async fn notes_tags_filter_and_language() {
    let h = Harness::start().await;
    let u = user();
    save(&h, &u, "SELECT 1;", "q.sql").await;
    let saved = save(&h, &u, "echo hi", "run.sh").await;
    let screen = press(&h, &u, &saved, "📄").await;

    let ask_tags = press(&h, &u, &screen, "🏷").await;
    let tagged = say(&h, &u, "#ops, scripts").await;
    assert_eq!(
        text(&tagged),
        EN.t_with("tags-saved", &[("name", "run.sh".into())])
    );
    let doc = file_doc(&h, "run.sh").await;
    assert_eq!(doc.tags, ["ops", "scripts"]);
    let _ = ask_tags;

    let list = say(&h, &u, "/files").await;
    let filter = press(&h, &u, &list, "🏷").await;
    let only_ops = press(&h, &u, &filter, "🏷 ops").await;
    let rows: Vec<String> = only_ops
        .buttons()
        .into_iter()
        .filter(|(l, _)| l.starts_with("📄"))
        .map(|(l, _)| l)
        .collect();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].contains("run.sh"));

    let screen = press(&h, &u, &only_ops, "📄").await;
    press(&h, &u, &screen, "📝").await;
    let noted = say(&h, &u, "deploys the thing").await;
    assert_eq!(
        text(&noted),
        EN.t_with("note-saved", &[("name", "run.sh".into())])
    );
    assert_eq!(
        file_doc(&h, "run.sh").await.note.as_deref().unwrap(),
        "deploys the thing"
    );
    let screen = press(&h, &u, &noted, "📄").await;
    let ask = press(&h, &u, &screen, "📝").await;
    let cleared = press(&h, &u, &ask, "🧹").await;
    assert_eq!(
        text(&cleared),
        EN.t_with("note-cleared", &[("name", "run.sh".into())])
    );
    assert!(file_doc(&h, "run.sh").await.note.is_none());

    // Language: switch to Russian; the menu comes back in Russian and the choice is stored.
    let menu = say(&h, &u, "/language").await;
    let switched = press(&h, &u, &menu, "🌐 Русский").await;
    assert!(
        text(&switched).starts_with(&Locale::Ru.t("language-changed")),
        "{switched:?}"
    );
    let profile = h
        .stores
        .users
        .get_or_create(u.id, Locale::En)
        .await
        .unwrap();
    assert_eq!(profile.locale, Locale::Ru);
    let help = say(&h, &u, "/help").await;
    assert_eq!(text(&help), Locale::Ru.t("help-text"));
    let more = press(&h, &u, &help, "▶️").await;
    assert_eq!(text(&more), Locale::Ru.t("help-more"));
}

#[tokio::test]
async fn a_dialogue_in_progress_survives_a_restart() {
    let mut h = Harness::start().await;
    let u = user();
    let ask_name = say(&h, &u, "console.log('persist')").await;
    assert!(ask_name.button_data("✅").is_some());
    h.restart().await;
    let ask_note = say(&h, &u, "persist.js").await;
    assert!(
        text(&ask_note).contains("persist.js"),
        "the name step survived: {ask_note:?}"
    );
    // A message sent while the bot is down is answered once it is back.
    h.tg.wait_until_confirmed().await;
    h.kill().await;
    let seq = h.tg.last_seq();
    h.tg.send_text(&u, "kept across two restarts");
    h.start_again().await;
    let saved = h.tg.next_message(seq, u.id).await;
    assert_eq!(
        text(&saved),
        EN.t_with(
            "file-saved",
            &[("name", "persist.js".into()), ("version", 1.into())]
        )
    );
    let doc = file_doc(&h, "persist.js").await;
    assert_eq!(doc.code.as_str(), "console.log('persist')");
    assert_eq!(doc.note.as_deref().unwrap(), "kept across two restarts");
}

/// Sets the stored dialogue state of `who`'s chat, as an earlier release may have left it.
async fn store_state(h: &Harness, who: &TestUser, state: Value) {
    stored::set_dialogue(h, who.id, state).await;
}

#[tokio::test]
async fn a_stored_dialogue_goes_on_where_it_was_or_starts_afresh() {
    let h = Harness::start().await;
    let u = user();
    // As the release before flows were nested wrote it: waiting for a name.
    let draft = json!({ "code": "print('before')", "suggested_name": "before.py" });
    store_state(&h, &u, json!({ "step": "awaiting_name", "draft": draft })).await;
    let ask_note = say(&h, &u, "kept.py").await;
    assert_eq!(
        text(&ask_note),
        EN.t_with("save-ask-note", &[("name", "kept.py".into())])
    );

    // States no flow can read: a step this release does not know, a step missing what it
    // collected. The chat starts afresh: the message is code, as from a chat at rest.
    let fresh = TestUser::new(555_002, Some("en"));
    let from_rest = say(&h, &fresh, "print('after')").await;
    assert!(from_rest.button_data("✅").is_some(), "{from_rest:?}");
    for unreadable in [
        json!({ "step": "from_a_later_release" }),
        json!({ "step": "awaiting_name" }),
    ] {
        store_state(&h, &u, unreadable.clone()).await;
        let reply = say(&h, &u, "print('after')").await;
        assert_eq!(reply.text, from_rest.text, "after {unreadable}");
        let kept = stored::dialogue(&h, u.id).await.unwrap();
        assert_eq!(kept["draft"]["code"], "print('after')", "{kept}");
    }
}

#[tokio::test]
async fn long_code_goes_as_a_document_and_lists_page() {
    let h = Harness::start_with(&[("CODEVAULT_TELEGRAM__PAGE_SIZE", "2")]).await;
    let u = user();
    let long: String = (0..400)
        .map(|i| format!("x_{i} = {i}  # padding\n"))
        .collect();
    assert!(long.chars().count() > 4096);
    let seq = h.tg.last_seq();
    h.tg.send_document(&u, "long.py", "text/x-python", long.clone().into_bytes());
    h.tg.next_message(seq, u.id).await;
    let ask_note = say(&h, &u, "long.py").await;
    press(&h, &u, &ask_note, "⏭").await;
    save(&h, &u, "a = 1", "a.py").await;
    let saved = save(&h, &u, "b = 2", "b.py").await;

    // Three files, two per page: ▶️ leads to the oldest, ◀️ back.
    let list = press(&h, &u, &saved, "📂").await;
    assert!(text(&list).starts_with(&EN.t_with(
        "files-title",
        &[("count", 3.into()), ("page", 1.into()), ("pages", 2.into())]
    )));
    let second = press(&h, &u, &list, "▶️").await;
    let rows: Vec<String> = second
        .buttons()
        .into_iter()
        .filter(|(l, _)| l.starts_with("📄"))
        .map(|(l, _)| l)
        .collect();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].contains("long.py"), "{rows:?}");
    assert!(second.button_data("▶️").is_none());

    let seq = h.tg.last_seq();
    let screen = press(&h, &u, &second, "📄 long.py").await;
    assert!(
        text(&screen).ends_with(&EN.t("file-code-as-document")),
        "{screen:?}"
    );
    assert!(!text(&screen).contains("<pre>"));
    let document =
        h.tg.wait_for(seq, |s| s.method == "sendDocument")
            .await
            .document
            .unwrap();
    assert_eq!(
        (document.file_name.as_str(), document.bytes.as_slice()),
        ("long.py", long.as_bytes())
    );
    let first = press(&h, &u, &second, "◀️").await;
    assert!(first.button_data("📄 b.py").is_some(), "{first:?}");
}

/// A file whose name has folders downloads under one name every system can save.
#[tokio::test]
async fn a_file_in_folders_downloads_under_a_flat_name() {
    let h = Harness::start().await;
    let u = TestUser::new(777_010, Some("en"));
    library(&h)
        .create(u.id, "src/app.py", "print(1)\n".into(), None)
        .await
        .unwrap();
    let list = say(&h, &u, "/files").await;
    let screen = press(&h, &u, &list, "📄 src/app.py").await;
    let seq = h.tg.last_seq();
    h.tg.click(
        &u,
        screen.message_id.unwrap(),
        &screen.button_data("⬇️").unwrap(),
    );
    let sent = h.tg.wait_for(seq, |s| s.method == "sendDocument").await;
    let document = sent.document.expect("a document");
    assert_eq!(
        (document.file_name.as_str(), document.bytes.as_slice()),
        ("src_app.py", b"print(1)\n".as_slice())
    );
}

/// Code as a user pastes it, at least `units` UTF-16 units long: lines with Hebrew and emoji.
fn pasted_code(units: usize) -> String {
    let mut code = String::new();
    let mut line = 0;
    while code.encode_utf16().count() < units {
        code.push_str(&format!("    print(\"שלום {line} 😀\")  # ✓ line {line}\n"));
        line += 1;
    }
    code
}

/// `code` cut as a Telegram client cuts a long paste: pieces of at most 4,096 UTF-16 units,
/// each cut `short_of` units before the limit wherever that falls (inside a line, next to a
/// multi-byte character), never inside a character.
fn cut_like_a_client(code: &str, short_of: usize) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = code;
    while rest.encode_utf16().count() > 4096 {
        let mut units = 0;
        let (cut, _) = rest
            .char_indices()
            .find(|(_, c)| {
                units += c.len_utf16();
                units > 4096 - short_of
            })
            .expect("longer than the limit");
        let (piece, after) = rest.split_at(cut);
        pieces.push(piece);
        rest = after;
    }
    pieces.push(rest);
    pieces
}

/// A paste longer than a message reaches the bot in 2, 3 or 5 messages; it is saved as one
/// file, byte for byte, with no line break added or lost where it was cut.
#[tokio::test]
async fn a_paste_telegram_cut_into_messages_is_saved_exactly_as_pasted() {
    let h = Harness::start().await;
    let u = user();
    let mut cut_inside_a_line = false;
    let mut cut_next_to_a_wide_character = false;
    for (count, short_of) in [(2_u32, 0), (3, 7), (5, 13)] {
        let code = pasted_code(4096 * (count as usize - 1) + 700);
        let pieces = cut_like_a_client(&code, short_of);
        assert_eq!(pieces.len(), count as usize);
        for pair in pieces.windows(2) {
            cut_inside_a_line |= !pair[0].ends_with('\n');
            let around = [pair[0].chars().last(), pair[1].chars().next()];
            cut_next_to_a_wide_character |= around.into_iter().flatten().any(|c| !c.is_ascii());
        }
        let mut reply = None;
        for piece in &pieces {
            reply = Some(say(&h, &u, piece).await);
        }
        let ask_name = reply.expect("the pieces were answered");
        let joined = EN.t_with(
            "save-pieces-joined",
            &[
                ("count", count.into()),
                ("chars", code.chars().count().into()),
            ],
        );
        assert!(text(&ask_name).starts_with(&joined), "{}", text(&ask_name));
        let name = format!("paste_{count}.py");
        let ask_note = say(&h, &u, &name).await;
        assert_eq!(
            text(&ask_note),
            EN.t_with("save-ask-note", &[("name", name.as_str().into())])
        );
        press(&h, &u, &ask_note, "⏭").await;
        let saved = stored::current_file(&h, u.id, &name).await.expect("saved");
        assert_eq!(saved.code, code, "{count} pieces");
        assert_eq!(saved.version, 1);
    }
    assert!(cut_inside_a_line && cut_next_to_a_wide_character);
}

/// The next piece is told from the answer by Telegram's dates, not by when the bot reads
/// them: a name typed after the window is a name, even when it reaches the bot at once.
#[tokio::test]
async fn a_message_after_a_full_one_is_its_continuation_only_within_seconds() {
    let h = Harness::start().await;
    let u = user();
    let code = pasted_code(5000);
    let full = cut_like_a_client(&code, 0)[0];
    let sent_at = now_seconds() - 60;
    let seq = h.tg.last_seq();
    h.tg.send_text_dated(&u, full, sent_at);
    let ask_name = h.tg.next_message(seq, u.id).await;
    assert!(ask_name.button_data("✅").is_some(), "{ask_name:?}");

    let seq = h.tg.last_seq();
    h.tg.send_text_dated(&u, "late.py", sent_at + 4);
    let ask_note = h.tg.next_message(seq, u.id).await;
    assert_eq!(
        text(&ask_note),
        EN.t_with("save-ask-note", &[("name", "late.py".into())])
    );
    press(&h, &u, &ask_note, "⏭").await;
    let saved = stored::current_file(&h, u.id, "late.py")
        .await
        .expect("saved");
    assert_eq!(saved.code, full);
}

fn now_seconds() -> u64 {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    now.expect("after 1970").as_secs()
}

/// `/long` … `/done`: pieces sent by hand, each on a line of its own; each wrong turn is told.
#[tokio::test]
async fn code_sent_in_pieces_by_hand_is_collected_until_done() {
    let h = Harness::start().await;
    let u = user();
    let nothing = say(&h, &u, "/done").await;
    assert_eq!(text(&nothing), EN.t("save-long-not-collecting"));

    let asked = say(&h, &u, "/long").await;
    assert_eq!(text(&asked), EN.t("save-long-send-pieces"));
    let empty = say(&h, &u, "/done").await;
    assert_eq!(text(&empty), EN.t("save-long-empty"));
    let first = say(&h, &u, "fn a() {}").await;
    let count = |n: u32, chars: usize| {
        EN.t_with(
            "save-long-piece-received",
            &[("count", n.into()), ("chars", chars.into())],
        )
    };
    assert_eq!(text(&first), count(1, 9));
    let seq = h.tg.last_seq();
    h.tg.send_document(&u, "b.rs", "text/plain", b"fn b() {}".to_vec());
    let refused = h.tg.next_message(seq, u.id).await;
    assert_eq!(text(&refused), EN.t("save-long-text-only"));
    let second = say(&h, &u, "fn b() {}").await;
    assert_eq!(text(&second), count(2, 19));

    let ask_name = say(&h, &u, "/done").await;
    let joined = EN.t_with(
        "save-pieces-joined",
        &[("count", 2.into()), ("chars", 19.into())],
    );
    assert!(text(&ask_name).starts_with(&joined), "{}", text(&ask_name));
    let ask_note = say(&h, &u, "pieces.rs").await;
    press(&h, &u, &ask_note, "⏭").await;
    let saved = stored::current_file(&h, u.id, "pieces.rs")
        .await
        .expect("saved");
    assert_eq!(saved.code, "fn a() {}\nfn b() {}");
    assert!(stored::current_file(&h, u.id, "b.rs").await.is_none());
}

/// Pieces that grow past the limit for one file are dropped whole, never saved in part.
#[tokio::test]
async fn pieces_past_the_file_limit_are_refused_and_none_is_kept() {
    let h = Harness::start_with(&[("CODEVAULT_LIMITS__MAX_FILE_BYTES", "6000")]).await;
    let u = user();
    let code = pasted_code(5000);
    let pieces = cut_like_a_client(&code, 0);
    assert!(code.len() > 6000 && pieces[0].len() <= 6000);
    say(&h, &u, pieces[0]).await;
    let refused = say(&h, &u, pieces[1]).await;
    assert_eq!(
        text(&refused),
        EN.t_with("error-file-too-large", &[("max", "0.01".into())])
    );
    // The draft is gone: the next message is new code, not a name for the cut one.
    let fresh = say(&h, &u, "x = 1").await;
    assert!(fresh.button_data("✅").is_some(), "{fresh:?}");
    assert!(stored::current_file(&h, u.id, "x = 1").await.is_none());
}
