//! Where a refusal or a failure is told, and what it leaves: the screen the user acted on (the
//! pressed button's message, or the "⏳" one of a long action), with a way back to the main
//! menu or to the flow's own screen; a step that the failure ends is left, one that lets the
//! user try again is kept.

mod support;

use codevault::i18n::Locale;
use support::{
    bot::Harness,
    flow::{press, say, send_zip, settled, text},
    github::FakeGithub,
    stored::{self, Table},
    telegram::{Sent, TestUser},
};

const EN: Locale = Locale::En;

fn button_data(screen: &Sent) -> Vec<String> {
    screen.buttons().into_iter().map(|(_, data)| data).collect()
}

#[tokio::test]
async fn a_refused_button_is_answered_on_its_own_screen_with_the_way_back() {
    let h = Harness::start().await;
    let u = TestUser::new(880_001, Some("en"));
    let menu = say(&h, &u, "/start").await;
    let seq = h.tg.last_seq();
    h.tg.click(&u, menu.message_id.unwrap(), "bo:0123456789abcdef01234567");
    let reply = h.tg.next_message(seq, u.id).await;
    assert_eq!(text(&reply), EN.t("error-backup-not-found"));
    assert_eq!(reply.method, "editMessageText");
    assert_eq!(reply.message_id, menu.message_id);
    assert_eq!(button_data(&reply), ["m:main"]);
}

#[tokio::test]
async fn a_failed_long_action_is_told_in_its_working_message_with_the_flow_s_way_back() {
    let github = FakeGithub::start().await;
    let h = Harness::start_with(&[("CODEVAULT_GITHUB__API_URL", github.api_url().as_str())]).await;
    let u = TestUser::new(880_002, Some("en"));
    let menu = say(&h, &u, "/github").await;
    press(&h, &u, &menu, "📦").await;
    let seq = h.tg.last_seq();
    h.tg.send_text(&u, "octo/missing");
    let working = h.tg.wait_for(seq, |s| text(s).starts_with('⏳')).await;
    let reply = settled(&h, &u, seq).await;
    assert_eq!(
        text(&reply),
        EN.t_with(
            "github-error-not-found-no-token",
            &[("repo", "octo/missing".into())]
        )
    );
    assert_eq!(reply.method, "editMessageText");
    assert_eq!(reply.message_id, working.message_id);
    assert_eq!(button_data(&reply), ["m:github", "m:main"]);
    assert!(stored::dump(&h, Table::Backups).await.is_empty());
}

#[tokio::test]
async fn a_refused_archive_ends_the_import_and_a_refused_note_keeps_the_step() {
    let h = Harness::start().await;
    let u = TestUser::new(880_003, Some("en"));
    let backups = say(&h, &u, "/backup").await;
    let ask = press(&h, &u, &backups, "📥").await;
    assert_eq!(text(&ask), EN.t("import-send-zip"));
    let refused = send_zip(&h, &u, "broken.zip", b"not a zip at all".to_vec()).await;
    assert_eq!(text(&refused), EN.t("import-error-not-a-zip"));
    // The import is over: text is code to save again, not "finish the current step".
    let ask_name = say(&h, &u, "print('after')").await;
    assert_ne!(text(&ask_name), EN.t("finish-current-step"));
    let ask_note = say(&h, &u, "after.py").await;
    assert_eq!(
        text(&ask_note),
        EN.t_with("save-ask-note", &[("name", "after.py".into())])
    );
    let long = say(&h, &u, &"n".repeat(1001)).await;
    assert_eq!(
        text(&long),
        EN.t_with("error-note-too-long", &[("max", 1000.into())])
    );
    assert_eq!(long.method, "sendMessage");
    assert!(stored::dump(&h, Table::Files).await.is_empty());
    // Still at the note: a shorter one saves the file.
    let saved = say(&h, &u, "short").await;
    assert_eq!(
        text(&saved),
        EN.t_with(
            "file-saved",
            &[("name", "after.py".into()), ("version", 1.into())]
        )
    );
}
