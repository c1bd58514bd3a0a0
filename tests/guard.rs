//! The guard at the root of the update tree, in a real dispatcher against the fake Telegram:
//! a handler that panics or fails gets the user an answer, frees the chat's backlog, and
//! leaves the dispatcher (and that chat's worker) running.

mod support;

use codevault::{
    bot::{
        Tg,
        flood::{Bounded, ChatLoad},
        guard::guarded,
    },
    i18n::Locale,
};
use support::{
    flow::text,
    telegram::{BOT_TOKEN, FakeTelegram, TestUser},
};
use teloxide::{
    adaptors::throttle::Limits, dispatching::UpdateHandler, prelude::*, update_listeners::Polling,
};

type HandlerError = Box<dyn std::error::Error + Send + Sync>;

async fn answer(bot: Tg, message: Message) -> Result<(), HandlerError> {
    match message.text() {
        Some("panic") => panic!("a bug in a handler"),
        Some("fail") => Err("a failing handler".into()),
        _ => {
            bot.send_message(message.chat.id, "fine").await?;
            Ok(())
        }
    }
}

fn tree() -> UpdateHandler<HandlerError> {
    Update::filter_message().endpoint(answer)
}

#[tokio::test]
async fn a_panic_or_an_error_is_answered_and_the_dispatcher_lives_on() {
    let tg = FakeTelegram::start().await;
    let bot: Tg = Bot::new(BOT_TOKEN)
        .set_api_url(tg.api_url().parse().unwrap())
        .throttle(Limits {
            messages_per_sec_chat: 100,
            ..Limits::default()
        });
    // A backlog of one: an update whose room was not given back would block the chat.
    let load = ChatLoad::new(1);
    let mut dispatcher = Dispatcher::builder(bot.clone(), guarded(tree(), load.clone())).build();
    let listener = Bounded::new(Polling::builder(bot).build(), load);
    tokio::spawn(async move {
        dispatcher
            .dispatch_with_listener(listener, LoggingErrorHandler::new())
            .await;
    });
    let u = TestUser::new(630_001, Some("ru"));
    let ru = Locale::Ru;

    for (message, expected) in [
        ("panic", ru.t("error-internal")),
        ("fine?", "fine".to_owned()),
        ("fail", ru.t("error-internal")),
        ("panic", ru.t("error-internal")),
        ("fine?", "fine".to_owned()),
    ] {
        let seq = tg.last_seq();
        tg.send_text(&u, message);
        let reply = tg.next_message(seq, u.id).await;
        assert_eq!(text(&reply), expected, "after {message:?}");
    }
    let other = TestUser::new(630_002, None);
    let seq = tg.last_seq();
    tg.send_text(&other, "fine?");
    assert_eq!(text(&tg.next_message(seq, other.id).await), "fine");
}
