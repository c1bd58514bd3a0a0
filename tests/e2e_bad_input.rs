//! Bad input, end to end: each case gets its specific message and leaves the database as it was.

mod support;

use codevault::i18n::Locale;
use support::{
    bot::Harness,
    flow::{answer_to, say, text},
    stored::{self, Table},
    telegram::TestUser,
};

const EN: Locale = Locale::En;

/// Every stored version of every file: for "nothing changed" assertions.
async fn stored_files(h: &Harness) -> Vec<String> {
    stored::dump(h, Table::Files).await
}

/// One saved file so "unchanged" means something.
async fn seeded(h: &Harness, who: &TestUser) -> Vec<String> {
    say(h, who, "print('keep me')").await;
    let ask_note = say(h, who, "keep.py").await;
    let seq = h.tg.last_seq();
    h.tg.click(
        who,
        ask_note.message_id.unwrap(),
        &ask_note.button_data("⏭").unwrap(),
    );
    h.tg.next_message(seq, who.id).await;
    let files = stored_files(h).await;
    assert_eq!(files.len(), 1);
    files
}

enum Input {
    Text(&'static str),
    /// A document: name, bytes, and the size Telegram claims (the real size when `None`).
    Document(&'static str, Vec<u8>, Option<u64>),
}

#[tokio::test]
async fn bad_messages_and_documents_change_nothing() {
    let h = Harness::start().await;
    let u = TestUser::new(777_001, Some("en"));
    let before = seeded(&h, &u).await;
    const MB: u64 = 1024 * 1024;
    let too_large = EN.t_with("error-file-too-large", &[("max", "8".into())]);
    let cases = [
        ("empty text", Input::Text("   \n "), EN.t("save-empty-code")),
        (
            "unknown command",
            Input::Text("/nosuchcommand"),
            EN.t("unknown-command"),
        ),
        (
            "binary document",
            Input::Document(
                "logo.png",
                b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0".to_vec(),
                None,
            ),
            EN.t("save-binary-refused"),
        ),
        (
            "empty document",
            Input::Document("empty.py", Vec::new(), None),
            EN.t("save-empty-code"),
        ),
        (
            "document over 8 MB",
            Input::Document("big.py", b"x".to_vec(), Some(8 * MB + 1)),
            too_large.clone(),
        ),
        (
            "document over the Telegram download limit",
            Input::Document("huge.py", b"x".to_vec(), Some(21 * MB)),
            EN.t_with(
                "save-document-too-big-for-telegram",
                &[("max", "20".into())],
            ),
        ),
        (
            "document bigger than it claims",
            Input::Document("liar.py", vec![b'a'; (8 * MB + 10) as usize], Some(100)),
            too_large,
        ),
    ];
    for (case, input, expected) in cases {
        let seq = h.tg.last_seq();
        match input {
            Input::Text(message) => {
                h.tg.send_text(&u, message);
            }
            Input::Document(name, bytes, None) => {
                h.tg.send_document(&u, name, "text/plain", bytes);
            }
            Input::Document(name, bytes, Some(declared)) => {
                h.tg.send_document_with_size(&u, name, "text/plain", bytes, declared as u32);
            }
        }
        let reply = h.tg.next_message(seq, u.id).await;
        assert_eq!(text(&reply), expected, "{case}");
        assert_eq!(
            stored_files(&h).await,
            before,
            "{case}: the library changed"
        );
    }
}

#[tokio::test]
async fn a_document_that_grows_past_the_limit_when_decoded_is_refused_at_once() {
    let h = Harness::start_with(&[("CODEVAULT_LIMITS__MAX_FILE_BYTES", "1048576")]).await;
    let u = TestUser::new(777_009, Some("en"));
    let before = seeded(&h, &u).await;
    // Latin-1: 700 KB as sent, 1.4 MB once every é is two bytes of UTF-8.
    let mut latin1 = b"s = '".to_vec();
    latin1.extend(std::iter::repeat_n(0xE9u8, 700_000));
    latin1.extend(b"'\n");
    let seq = h.tg.last_seq();
    h.tg.send_document(&u, "accents.py", "text/plain", latin1);
    let reply = h.tg.next_message(seq, u.id).await;
    assert_eq!(
        text(&reply),
        EN.t_with("error-file-too-large", &[("max", "1".into())])
    );
    assert_eq!(stored_files(&h).await, before);
    let dialogue = stored::dialogue(&h, u.id).await;
    assert!(
        dialogue
            .as_ref()
            .is_some_and(|state| state["step"] == "idle"),
        "no draft is held: {dialogue:?}"
    );
    assert_eq!(
        stored::dump(&h, Table::Dialogues).await.len(),
        1,
        "one chat"
    );
}

#[tokio::test]
async fn bad_names_are_refused_and_the_dialogue_waits_for_a_good_one() {
    let h = Harness::start().await;
    let u = TestUser::new(777_002, Some("en"));
    let before = seeded(&h, &u).await;
    say(&h, &u, "x = 1").await;
    let retry = EN.t("save-try-another-name");
    let as_sent = |shown: &str| EN.t_with("error-name-as-sent", &[("name", shown.into())]);
    let long_name = "n".repeat(101);
    let long_path = vec!["p".repeat(70); 4].join("/");
    let cases: Vec<(&str, String)> = vec![
        ("   ", EN.t("error-name-empty")),
        ("..", EN.t("error-name-reserved")),
        ("../etc/passwd", EN.t("error-name-reserved")),
        (
            &long_name,
            EN.t_with("error-name-too-long", &[("max", 100.into())]),
        ),
        (
            &long_path,
            EN.t_with("error-name-path-too-long", &[("max", 255.into())]),
        ),
        ("/src/app.py", EN.t("error-name-separator")),
        ("src//app.py", EN.t("error-name-separator")),
        ("..\\evil.py", EN.t("error-name-backslash")),
        (
            "invoice\u{202E}yp.exe",
            format!(
                "{}\n{}",
                EN.t("error-name-bidi"),
                as_sent("invoice⟨U+202E⟩yp.exe")
            ),
        ),
        (
            "app\u{200B}.py",
            format!(
                "{}\n{}",
                EN.t("error-name-invisible"),
                as_sent("app⟨U+200B⟩.py")
            ),
        ),
        (
            "a\u{0}b.py",
            format!("{}\n{}", EN.t("error-name-control"), as_sent("a␀b.py")),
        ),
    ];
    for (name, reason) in cases {
        let reply = say(&h, &u, name).await;
        assert_eq!(text(&reply), format!("{reason}\n{retry}"), "{name:?}");
        assert!(!text(&reply).contains('\u{0}'), "a raw NUL echoed");
        assert_eq!(stored_files(&h).await, before, "{name:?}");
    }
    // After the refusals a good name still works (folders included): the draft was kept.
    let ask_note = say(&h, &u, "src/x.py").await;
    assert!(text(&ask_note).contains("src/x.py"), "{ask_note:?}");
}

#[tokio::test]
async fn forged_and_unknown_buttons_achieve_nothing() {
    let h = Harness::start().await;
    let alice = TestUser::new(777_003, Some("en"));
    let mallory = TestUser::new(777_004, Some("en"));
    let before = seeded(&h, &alice).await;
    let file = stored::current_file(&h, alice.id, "keep.py").await.unwrap();
    let (key, version) = (file.key.to_string(), file.version_id.to_string());
    let menu = say(&h, &mallory, "/start").await;
    let message = menu.message_id.unwrap();

    for data in [
        format!("fo:{key}"),
        format!("fd:{key}"),
        format!("fx:{key}"),
        format!("fN:{key}"),
        format!("fG:{key}"),
        format!("fn:{key}"),
        format!("fg:{key}"),
        format!("fh:{key}:0"),
        format!("fv:{version}"),
        format!("fc:{version}"),
        format!("rr:{key}"),
    ] {
        let seq = h.tg.last_seq();
        h.tg.click(&mallory, message, &data);
        let reply = h.tg.next_message(seq, mallory.id).await;
        assert_eq!(text(&reply), EN.t("error-file-not-found"), "{data}");
        assert!(
            h.tg.sent_since(seq).iter().all(|s| s.document.is_none()),
            "{data}: a document leaked"
        );
        assert_eq!(stored_files(&h).await, before, "{data}");
    }

    for data in ["zz", "fo:not-an-id", "fl:-1", &format!("fo:{key}:extra")] {
        let seq = h.tg.last_seq();
        let query = h.tg.click(&mallory, message, data);
        let answer = answer_to(&h, seq, &query).await;
        assert_eq!(
            answer.text.as_deref(),
            Some(EN.t("error-unknown-button").as_str()),
            "{data}"
        );
        assert_eq!(answer.show_alert, Some(true));
    }
    assert_eq!(stored_files(&h).await, before);
}

#[tokio::test]
async fn a_step_button_of_another_flow_is_stale_and_leaves_the_step_alone() {
    let h = Harness::start().await;
    let u = TestUser::new(777_010, Some("en"));
    let ask_name = say(&h, &u, "print('draft')").await;
    let message = ask_name.message_id.unwrap();
    // Buttons that answer another flow's step, from old messages: a restore's go-ahead and
    // choice, an import's go-ahead, a multi-delete's confirmation.
    for data in ["rg", "rc:r:1", "ig", "bY"] {
        let seq = h.tg.last_seq();
        h.tg.click(&u, message, data);
        let reply = h.tg.next_message(seq, u.id).await;
        assert_eq!(text(&reply), EN.t("error-stale-button"), "{data}");
    }
    // The name step is still where it was: the next message is the name.
    let ask_note = say(&h, &u, "draft.py").await;
    assert_eq!(
        text(&ask_note),
        EN.t_with("save-ask-note", &[("name", "draft.py".into())])
    );
    assert!(stored_files(&h).await.is_empty());
}

#[tokio::test]
async fn a_group_gets_a_pointer_to_the_private_chat_and_nothing_else() {
    let h = Harness::start().await;
    let u = TestUser::new(777_005, Some("en"));
    let seq = h.tg.last_seq();
    h.tg.send_group_text(&u, -100_123, "def leaked(): pass");
    let reply = h.tg.wait_for(seq, |s| s.method == "sendMessage").await;
    assert_eq!(reply.chat_id, Some(-100_123));
    assert_eq!(text(&reply), EN.t("private-chat-only"));
    assert!(stored_files(&h).await.is_empty());
    assert!(
        stored::dump(&h, Table::Users).await.is_empty(),
        "no profile for a group message"
    );
    assert!(stored::dump(&h, Table::Dialogues).await.is_empty());
}

#[tokio::test]
async fn the_allow_list_keeps_strangers_out() {
    let h = Harness::start_with(&[("CODEVAULT_TELEGRAM__ALLOWED_USERS", "[777006]")]).await;
    let friend = TestUser::new(777_006, Some("en"));
    let stranger = TestUser::new(777_007, Some("en"));
    assert_eq!(
        text(&say(&h, &stranger, "print(1)").await),
        EN.t("access-denied")
    );
    assert!(stored_files(&h).await.is_empty());
    assert_eq!(text(&say(&h, &friend, "/start").await), EN.t("menu-title"));
}

#[tokio::test]
async fn cancel_leaves_any_step_and_saves_nothing() {
    let h = Harness::start().await;
    let u = TestUser::new(777_008, Some("en"));
    let before = seeded(&h, &u).await;
    for steps in [vec!["print('draft')"], vec!["print('draft')", "draft.py"]] {
        for step in steps {
            say(&h, &u, step).await;
        }
        let cancelled = say(&h, &u, "/cancel").await;
        assert!(
            text(&cancelled).starts_with(&EN.t("cancelled")),
            "{cancelled:?}"
        );
        assert_eq!(stored_files(&h).await, before);
    }
    // After /cancel a text is new code again, not the answer to the abandoned question.
    let ask_name = say(&h, &u, "print('fresh')").await;
    assert!(ask_name.button_data("✅").is_some(), "{ask_name:?}");
}
