//! Self-test of the fake Telegram Bot API server, driven by the real teloxide client.
mod support;

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use support::telegram::{BOT_TOKEN, BOT_USERNAME, FakeTelegram, TestUser};
use teloxide::{
    ApiError, RequestError,
    net::Download,
    prelude::*,
    types::{
        ChatAction, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, MessageId, ParseMode,
        UpdateKind,
    },
};

type TestResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

async fn setup() -> (FakeTelegram, Bot, TestUser) {
    let tg = FakeTelegram::start().await;
    let bot = Bot::new(BOT_TOKEN).set_api_url(tg.api_url().parse().expect("api url"));
    (tg, bot, TestUser::new(4242, Some("en")))
}

fn keyboard(rows: &[&[(&str, &str)]]) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(rows.iter().map(|row| {
        row.iter()
            .map(|(label, data)| InlineKeyboardButton::callback(*label, *data))
            .collect::<Vec<_>>()
    }))
}

fn api_error<T: std::fmt::Debug>(result: Result<T, RequestError>) -> ApiError {
    match result {
        Err(RequestError::Api(e)) => e,
        other => panic!("expected an API error, got {other:?}"),
    }
}

fn all_bytes() -> Vec<u8> {
    (0..=255u8).chain((0..=255u8).rev()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_me_and_wrong_token() -> TestResult {
    let (tg, bot, _) = setup().await;
    let me = bot.get_me().await?;
    assert_eq!(me.username(), BOT_USERNAME);
    assert!(me.user.is_bot);

    let wrong = Bot::new("1:wrong").set_api_url(tg.api_url().parse()?);
    assert_eq!(api_error(wrong.get_me().await), ApiError::InvalidToken);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_edit_and_inspect_messages() -> TestResult {
    let (tg, bot, user) = setup().await;
    let chat = ChatId(user.id);
    // Telegram refuses chats the bot has never seen
    assert_eq!(
        api_error(bot.send_message(chat, "hi").await),
        ApiError::ChatNotFound
    );
    assert_eq!(tg.send_text(&user, "/start"), 1);

    let seq = tg.last_seq();
    let msg = bot
        .send_message(chat, "Your files: <b>main.rs</b> &amp; more")
        .parse_mode(ParseMode::Html)
        .reply_markup(keyboard(&[
            &[("📄 main.rs", "f:1"), ("📄 lib.rs", "f:2")],
            &[("➡️ Next", "p:2")],
        ]))
        .await?;
    assert_eq!(
        msg.id,
        MessageId(2),
        "message ids are shared with the user's messages"
    );
    assert_eq!(msg.reply_markup().map(|m| m.inline_keyboard.len()), Some(2));
    assert_eq!(msg.from.as_ref().map(|u| u.id.0), Some(123456));

    let sent = tg.next_message(seq, user.id).await;
    assert_eq!(sent.method, "sendMessage");
    assert_eq!(sent.message_id, Some(2));
    assert_eq!(sent.parse_mode.as_deref(), Some("HTML"));
    assert_eq!(sent.buttons()[2], ("➡️ Next".to_owned(), "p:2".to_owned()));
    assert_eq!(sent.button_data("📄 lib"), Some("f:2".to_owned()));
    assert_eq!(sent.button_data("nope"), None);

    let edited = bot
        .edit_message_text(chat, msg.id, "Page 2")
        .reply_markup(keyboard(&[&[("⬅️ Back", "p:1")]]))
        .await?;
    assert_eq!(edited.text(), Some("Page 2"));
    assert!(edited.edit_date().is_some());
    assert_eq!(tg.message_text(user.id, 2).as_deref(), Some("Page 2"));
    let edit = tg.next_message(sent.seq, user.id).await;
    assert_eq!(
        (edit.method.as_str(), edit.message_id),
        ("editMessageText", Some(2))
    );
    assert_eq!(edit.button_data("⬅️"), Some("p:1".to_owned()));

    // same content again: Telegram says "not modified"; without reply_markup the keyboard goes
    let same = bot
        .edit_message_text(chat, msg.id, "Page 2")
        .reply_markup(keyboard(&[&[("⬅️ Back", "p:1")]]))
        .await;
    assert_eq!(api_error(same), ApiError::MessageNotModified);
    // ... and the attempt is still recorded, since the message shows exactly that
    let unchanged = tg.next_message(edit.seq, user.id).await;
    assert_eq!(
        (unchanged.message_id, unchanged.text.as_deref()),
        (Some(2), Some("Page 2"))
    );
    assert!(
        unchanged
            .error
            .as_deref()
            .is_some_and(|e| e.contains("not modified"))
    );
    assert!(edit.error.is_none());
    let bare = bot.edit_message_text(chat, msg.id, "Page 2").await?;
    assert!(bare.reply_markup().is_none());
    let markup = bot
        .edit_message_reply_markup(chat, msg.id)
        .reply_markup(keyboard(&[&[("x", "y")]]))
        .await?;
    assert_eq!(markup.text(), Some("Page 2"));
    assert!(
        tg.rejected()
            .iter()
            .any(|r| r.starts_with("editMessageText: Bad Request: message is not modified"))
    );

    // Telegram's refusals
    let bad_html = bot
        .send_message(chat, "a <tag> b")
        .parse_mode(ParseMode::Html)
        .await;
    assert!(matches!(
        api_error(bad_html),
        ApiError::CantParseEntities(_)
    ));
    let unclosed = bot
        .send_message(chat, "<b>bold")
        .parse_mode(ParseMode::Html)
        .await;
    assert!(matches!(
        api_error(unclosed),
        ApiError::CantParseEntities(_)
    ));
    // An unescaped quote ends an attribute early; the rest is no attribute.
    let broken_attribute = bot
        .send_message(
            chat,
            "<pre><code class=\"language-python\"&gt;&lt;i&gt;\">x</code></pre>",
        )
        .parse_mode(ParseMode::Html)
        .await;
    assert!(matches!(
        api_error(broken_attribute),
        ApiError::CantParseEntities(_)
    ));
    bot.send_message(
        chat,
        "<pre><code class=\"language-python&quot;&gt;\">x</code></pre>",
    )
    .parse_mode(ParseMode::Html)
    .await?;
    let long = "x".repeat(4097);
    assert_eq!(
        api_error(bot.send_message(chat, long).await),
        ApiError::MessageIsTooLong
    );
    let tagged = format!("<pre>{}</pre>", "x".repeat(4096));
    bot.send_message(chat, tagged)
        .parse_mode(ParseMode::Html)
        .await?;
    assert_eq!(
        api_error(bot.send_message(chat, "").await),
        ApiError::MessageTextIsEmpty
    );
    let data = "d".repeat(65);
    let too_much = bot
        .send_message(chat, "x")
        .reply_markup(keyboard(&[&[("b", &data)]]))
        .await;
    assert_eq!(api_error(too_much), ApiError::ButtonDataInvalid);

    // chat action and delete
    bot.send_chat_action(chat, ChatAction::Typing).await?;
    let action = tg.wait_for(0, |s| s.method == "sendChatAction").await;
    assert_eq!(
        (action.chat_id, action.text.as_deref()),
        (Some(user.id), Some("typing"))
    );
    bot.delete_message(chat, msg.id).await?;
    assert!(tg.is_deleted(user.id, 2));
    assert_eq!(tg.message_text(user.id, 2), None);
    assert_eq!(
        api_error(bot.delete_message(chat, msg.id).await),
        ApiError::MessageToDeleteNotFound
    );
    assert_eq!(
        api_error(bot.edit_message_text(chat, msg.id, "z").await),
        ApiError::MessageToEditNotFound
    );

    // seq is global and sent_since filters on it
    let all = tg.sent();
    assert!(all.windows(2).all(|w| w[0].seq + 1 == w[1].seq));
    assert_eq!(tg.sent_since(seq).first().map(|s| s.seq), Some(seq + 1));
    assert_eq!(tg.last_seq(), all.last().map(|s| s.seq).unwrap_or(0));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documents_keep_their_exact_bytes() -> TestResult {
    let (tg, bot, user) = setup().await;
    let chat = ChatId(user.id);
    tg.send_text(&user, "hi");
    let bytes = all_bytes();

    // bot → user: multipart upload, with caption and keyboard
    let msg = bot
        .send_document(chat, InputFile::memory(bytes.clone()).file_name("a.zip"))
        .caption("Backup <i>ready</i>")
        .parse_mode(ParseMode::Html)
        .reply_markup(keyboard(&[&[("Restore", "r:1")]]))
        .await?;
    let doc = msg.document().expect("a document message");
    assert_eq!(doc.file_name.as_deref(), Some("a.zip"));
    assert_eq!(doc.file.size as usize, bytes.len());
    assert_eq!(msg.caption(), Some("Backup <i>ready</i>"));
    assert_eq!(msg.reply_markup().map(|m| m.inline_keyboard.len()), Some(1));
    let sent = tg.wait_for(0, |s| s.method == "sendDocument").await;
    let sent_doc = sent.document.clone().expect("document recorded");
    assert_eq!(sent_doc.file_name, "a.zip");
    assert_eq!(sent_doc.bytes, bytes);
    assert_eq!(sent.text.as_deref(), Some("Backup <i>ready</i>"));
    assert_eq!(sent.parse_mode.as_deref(), Some("HTML"));
    assert_eq!(sent.button_data("Restore"), Some("r:1".to_owned()));
    assert_eq!(
        tg.message_text(user.id, sent.message_id.expect("id"))
            .as_deref(),
        Some("Backup <i>ready</i>")
    );

    // what the bot sent can be fetched again, and re-sent by file_id
    let file = bot.get_file(doc.file.id.clone()).await?;
    let mut downloaded = Vec::new();
    bot.download_file(&file.path, &mut downloaded).await?;
    assert_eq!(downloaded, bytes);
    let resent = InputFile::file_id(doc.file.id.clone());
    let resent = bot.send_document(chat, resent).await?;
    let resent_name = resent.document().and_then(|d| d.file_name.clone());
    assert_eq!(resent_name.as_deref(), Some("a.zip"));
    let again = tg.wait_for(sent.seq, |s| s.method == "sendDocument").await;
    assert_eq!(again.document.map(|d| d.bytes), Some(bytes.clone()));

    // non-ASCII and quoted names survive multipart
    bot.send_document(
        chat,
        InputFile::memory(vec![0u8; 3]).file_name("код \"x\".py"),
    )
    .await?;
    let named = tg.wait_for(again.seq, |s| s.method == "sendDocument").await;
    assert_eq!(
        named.document.map(|d| d.file_name),
        Some("код \"x\".py".to_owned())
    );

    // user → bot: getFile + download return the exact bytes
    let zip: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 256) as u8).collect();
    let id = tg.send_document(&user, "project.zip", "application/zip", zip.clone());
    let updates = bot.get_updates().await?;
    let UpdateKind::Message(msg) = &updates.last().expect("an update").kind else {
        panic!("not a message")
    };
    assert_eq!(msg.id, MessageId(id));
    let doc = msg.document().expect("a document");
    assert_eq!(doc.file_name.as_deref(), Some("project.zip"));
    assert_eq!(
        doc.mime_type.as_ref().map(|m| m.to_string()).as_deref(),
        Some("application/zip")
    );
    let file = bot.get_file(doc.file.id.clone()).await?;
    assert_eq!(file.size as usize, zip.len());
    let mut downloaded = Vec::new();
    bot.download_file(&file.path, &mut downloaded).await?;
    assert_eq!(downloaded, zip);

    // a huge document: getFile refuses like Telegram (over 20 MB)
    tg.send_document_with_size(
        &user,
        "huge.zip",
        "application/zip",
        Vec::new(),
        30 * 1024 * 1024,
    );
    let updates = bot
        .get_updates()
        .offset(updates.last().expect("update").id.as_offset())
        .await?;
    let UpdateKind::Message(msg) = &updates[0].kind else {
        panic!("not a message")
    };
    let doc = msg.document().expect("a document");
    assert_eq!(doc.file.size, 30 * 1024 * 1024);
    let err = api_error(bot.get_file(doc.file.id.clone()).await);
    assert_eq!(
        err,
        ApiError::Unknown("Bad Request: file is too big".to_owned())
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_polling_callbacks_and_groups() -> TestResult {
    let (tg, bot, user) = setup().await;

    // nothing queued: the poll is held, but only up to the cap
    let started = Instant::now();
    assert!(bot.get_updates().timeout(30).await?.is_empty());
    let waited = started.elapsed();
    // It was held, and released by the fake's cap well before the 30 s asked for.
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(25),
        "{waited:?}"
    );
    assert!(bot.get_updates().timeout(0).await?.is_empty());

    // a poll in progress returns as soon as an update is queued
    let poller = bot.clone();
    let poll = tokio::spawn(async move { poller.get_updates().timeout(30).await });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let text_id = tg.send_text(&user, "/lïst all");
    let updates = poll.await??;
    // Had the queued update not woken the poll, the cap would have returned it empty.
    assert_eq!(updates.len(), 1);
    let UpdateKind::Message(msg) = &updates[0].kind else {
        panic!("not a message")
    };
    assert_eq!(
        (msg.id, msg.text()),
        (MessageId(text_id), Some("/lïst all"))
    );
    assert!(msg.chat.is_private());
    let from = msg.from.as_ref().expect("from");
    assert_eq!(
        (from.id.0, from.language_code.as_deref()),
        (4242, Some("en"))
    );
    let entity = &msg.entities().expect("entities")[0];
    assert_eq!((entity.offset, entity.length), (0, 5));

    // unconfirmed updates come again; offset confirms them
    assert_eq!(bot.get_updates().await?.len(), 1);
    let offset = updates[0].id.as_offset();
    assert!(bot.get_updates().offset(offset).await?.is_empty());

    // a callback query on the bot's message carries the stored message
    let sent = bot
        .send_message(ChatId(user.id), "Pick")
        .reply_markup(keyboard(&[&[("One", "pick:1")]]))
        .await?;
    let query_id = tg.click(&user, sent.id.0, "pick:1");
    let updates = bot.get_updates().offset(offset).timeout(5).await?;
    let UpdateKind::CallbackQuery(q) = &updates[0].kind else {
        panic!("not a callback query")
    };
    assert_eq!(q.id.0, query_id);
    assert_eq!(q.data.as_deref(), Some("pick:1"));
    assert_eq!(q.from.id.0, 4242);
    let message = q.regular_message().expect("an accessible message");
    assert_eq!((message.id, message.text()), (sent.id, Some("Pick")));
    assert_eq!(
        message.reply_markup().map(|m| m.inline_keyboard.len()),
        Some(1)
    );
    bot.answer_callback_query(q.id.clone())
        .text("Done")
        .show_alert(true)
        .await?;
    let answer = tg.wait_for(0, |s| s.method == "answerCallbackQuery").await;
    assert_eq!(answer.callback_query_id.as_deref(), Some(query_id.as_str()));
    assert_eq!(answer.chat_id, Some(user.id));
    assert_eq!(
        (answer.text.as_deref(), answer.show_alert),
        (Some("Done"), Some(true))
    );
    let twice = bot.answer_callback_query(q.id.clone()).await;
    assert_eq!(api_error(twice), ApiError::InvalidQueryId);

    // group chats
    let offset = updates[0].id.as_offset();
    tg.send_group_text(&user, -1001, "hello group");
    let updates = bot.get_updates().offset(offset).await?;
    let UpdateKind::Message(msg) = &updates[0].kind else {
        panic!("not a message")
    };
    assert!(msg.chat.is_group());
    assert_eq!((msg.chat.id, msg.id), (ChatId(-1001), MessageId(1)));

    // negative offset keeps only the last updates
    tg.send_text(&user, "a");
    tg.send_text(&user, "b");
    let last = bot.get_updates().offset(-1).await?;
    assert_eq!(last.len(), 1);
    assert!(matches!(&last[0].kind, UpdateKind::Message(m) if m.text() == Some("b")));

    // unknown methods are answered 404 and recorded
    assert!(bot.get_chat(ChatId(user.id)).await.is_err());
    assert_eq!(tg.unknown_methods(), vec!["getChat".to_owned()]);
    assert_eq!(tg.get_updates_calls(), 8);
    Ok(())
}

type HandlerResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

async fn on_message(bot: Bot, msg: Message) -> HandlerResult {
    if let Some(doc) = msg.document() {
        let file = bot.get_file(doc.file.id.clone()).await?;
        let mut bytes = Vec::new();
        bot.download_file(&file.path, &mut bytes).await?;
        bytes.reverse();
        let reply = InputFile::memory(bytes).file_name("reversed.bin");
        bot.send_document(msg.chat.id, reply).await?;
    } else {
        let markup = keyboard(&[&[("Again", "again")]]);
        bot.send_message(msg.chat.id, format!("echo: {}", msg.text().unwrap_or("")))
            .reply_markup(markup)
            .await?;
    }
    Ok(())
}

async fn on_callback(bot: Bot, q: CallbackQuery) -> HandlerResult {
    bot.answer_callback_query(q.id.clone()).await?;
    if let Some(message) = q.regular_message() {
        bot.edit_message_text(
            message.chat.id,
            message.id,
            format!("clicked {}", q.data.unwrap_or_default()),
        )
        .await?;
    }
    Ok(())
}

/// The whole loop with a real teloxide Dispatcher: webhook check, polling, offsets, shutdown.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_dispatcher_round_trip() -> TestResult {
    let (tg, bot, user) = setup().await;
    let handler = dptree::entry()
        .branch(Update::filter_message().endpoint(on_message))
        .branch(Update::filter_callback_query().endpoint(on_callback));
    let mut dispatcher = Dispatcher::builder(bot, handler).build();
    let shutdown = dispatcher.shutdown_token();
    let running = tokio::spawn(async move { dispatcher.dispatch().await });

    let seq = tg.last_seq();
    tg.send_text(&user, "hello");
    let reply = tg.next_message(seq, user.id).await;
    assert_eq!(reply.text.as_deref(), Some("echo: hello"));

    let clicked = tg.click(
        &user,
        reply.message_id.expect("id"),
        &reply.button_data("Again").expect("button"),
    );
    let edit = tg.next_message(reply.seq, user.id).await;
    assert_eq!(edit.method, "editMessageText");
    assert_eq!(
        tg.message_text(user.id, edit.message_id.expect("id"))
            .as_deref(),
        Some("clicked again")
    );
    let answered = tg
        .wait_for(reply.seq, |s| s.method == "answerCallbackQuery")
        .await;
    assert_eq!(answered.callback_query_id, Some(clicked));

    let bytes = all_bytes();
    tg.send_document(&user, "in.bin", "application/octet-stream", bytes.clone());
    let back = tg.wait_for(edit.seq, |s| s.method == "sendDocument").await;
    let expected: Vec<u8> = bytes.into_iter().rev().collect();
    assert_eq!(back.document.map(|d| d.bytes), Some(expected));

    // A guard against hanging forever, not a timing requirement.
    let stop = async {
        shutdown.shutdown().expect("dispatcher running").await;
        running.await
    };
    tokio::time::timeout(Duration::from_secs(60), stop)
        .await
        .expect("the dispatcher stops")?;
    assert!(
        tg.unknown_methods().is_empty(),
        "{:?}",
        tg.unknown_methods()
    );
    assert!(tg.rejected().is_empty(), "{:?}", tg.rejected());
    Ok(())
}

/// A raw HTTP/1.1 request, for what teloxide would never send.
async fn raw_http(tg: &FakeTelegram, head: &str, body: &[u8]) -> (u16, String) {
    let addr = tg
        .api_url()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let head = format!(
        "{head}\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("write");
    stream.write_all(body).await.expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).await.expect("read");
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    let body = response.split("\r\n\r\n").nth(1).unwrap_or("").to_owned();
    (status, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_requests_get_json_errors() -> TestResult {
    let (tg, bot, user) = setup().await;
    let path = format!("/bot{BOT_TOKEN}");
    let json = "Content-Type: application/json";
    let cases: [(String, &[u8]); 5] = [
        (
            format!("POST {path}/sendMessage HTTP/1.1\r\n{json}"),
            b"{not json",
        ),
        (
            format!("POST {path}/sendMessage HTTP/1.1\r\n{json}"),
            b"[1,2]",
        ),
        (
            format!("POST {path}/sendMessage HTTP/1.1\r\n{json}"),
            br#"{"chat_id":{"x":1},"text":7}"#,
        ),
        (
            format!(
                "POST {path}/sendDocument HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=zz"
            ),
            b"--zz\r\nbroken",
        ),
        (
            format!("POST {path}/editMessageText?chat_id=abc HTTP/1.1\r\n{json}"),
            br#"{"reply_markup":"{oops"}"#,
        ),
    ];
    for (head, body) in cases {
        let (status, body) = raw_http(&tg, &head, body).await;
        assert_eq!(status, 400, "{head}: {body}");
        let body: serde_json::Value = serde_json::from_str(&body)?;
        assert_eq!(body["ok"], false);
        assert_eq!(body["error_code"], 400);
    }
    let (status, body) = raw_http(&tg, "POST /botnope/getMe HTTP/1.1", b"").await;
    let expected =
        serde_json::json!({"ok": false, "error_code": 401, "description": "Unauthorized"});
    assert_eq!(
        (status, serde_json::from_str::<serde_json::Value>(&body)?),
        (401, expected)
    );
    let (status, body) = raw_http(&tg, &format!("GET {path}/fooBar HTTP/1.1"), b"").await;
    let expected = serde_json::json!({"ok": false, "error_code": 404, "description": "Not Found: method not found"});
    assert_eq!(
        (status, serde_json::from_str::<serde_json::Value>(&body)?),
        (404, expected)
    );
    assert_eq!(tg.unknown_methods(), vec!["fooBar".to_owned()]);
    let (status, _) = raw_http(
        &tg,
        &format!("GET /file{path}/documents/nothing HTTP/1.1"),
        b"",
    )
    .await;
    assert_eq!(status, 404);

    // query-string parameters work too, and the server is still fine
    tg.send_text(&user, "hi");
    let (status, body) = raw_http(
        &tg,
        &format!("GET {path}/sendMessage?chat_id={}&text=q HTTP/1.1", user.id),
        b"",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(tg.message_text(user.id, 2).as_deref(), Some("q"));
    assert!(bot.get_me().await.is_ok());
    Ok(())
}
