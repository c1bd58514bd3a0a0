//! Every way a repository backup can fail gets its own message and stores nothing; tokens
//! that are refused, unreadable or cannot be kept are said so.

mod support;

use codevault::i18n::Locale;
use sha2::{Digest, Sha256};
use support::{
    bot::Harness,
    flow::{press, reader_in_utc, say, settled, text},
    github::FakeGithub,
    stored::{self, Table},
    telegram::{Sent, TestUser},
};

const EN: Locale = Locale::En;
const KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
const OTHER_KEY: &str = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
const TOKEN: &str = "ghp_ERRORCASES0987654321SECRET";

async fn start(api_url: &str, extra: &[(&str, &str)]) -> Harness {
    let mut env = vec![
        ("CODEVAULT_GITHUB__API_URL", api_url),
        ("CODEVAULT_STORAGE__ENCRYPTION_KEY", KEY),
    ];
    env.extend_from_slice(extra);
    Harness::start_with(&env).await
}

/// The answer to a repository named at the prompt, past any "downloading" screen.
async fn answer(h: &Harness, who: &TestUser, repo: &str) -> Sent {
    let seq = h.tg.last_seq();
    h.tg.send_text(who, repo);
    settled(h, who, seq).await
}

async fn ask(h: &Harness, who: &TestUser) {
    let menu = say(h, who, "/github").await;
    press(h, who, &menu, "📦").await;
}

async fn nothing_stored(h: &Harness) {
    assert!(stored::dump(h, Table::Backups).await.is_empty());
    assert!(stored::dump(h, Table::Blobs).await.is_empty());
}

/// Bytes deflate cannot shrink, so an archive of them is as big as they are.
fn incompressible(len: usize) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(len + 32);
    let mut block = Sha256::digest(b"seed").to_vec();
    while bytes.len() < len {
        block = Sha256::digest(&block).to_vec();
        bytes.extend_from_slice(&block);
    }
    bytes.truncate(len);
    bytes
}

async fn connect(h: &Harness, who: &TestUser, token: &str) -> Sent {
    let menu = say(h, who, "/github").await;
    press(h, who, &menu, "🔑").await;
    say(h, who, token).await
}

#[tokio::test]
async fn each_failure_has_its_message_and_stores_nothing() {
    let github = FakeGithub::start().await;
    github.add_repo("octo/widgets", false, &[("main", &[("a.py", b"x = 1\n")])]);
    github.add_repo("octo/empty", false, &[]);
    let big = incompressible(1_200_000);
    github.add_repo(
        "octo/big",
        false,
        &[("main", &[("blob.bin", big.as_slice())])],
    );
    github.add_repo("octo/slow", false, &[("main", &[("a.py", b"x\n")])]);
    github.update_repo("octo/slow", |repo| repo.stall_secs = 4);
    let h = start(
        &github.api_url(),
        &[
            ("CODEVAULT_GITHUB__MAX_ARCHIVE_BYTES", "1048576"),
            ("CODEVAULT_GITHUB__TIMEOUT", "1"),
        ],
    )
    .await;
    let u = TestUser::new(556_001, Some("en"));

    // Bad input keeps the prompt open: the next message is read as a repository again.
    ask(&h, &u).await;
    let cases = [
        ("just-a-word", EN.t("github-repo-unrecognized")),
        ("octo_cat/widgets", EN.t("github-repo-bad-owner")),
        ("octo/wid$gets", EN.t("github-repo-bad-name")),
        ("octo/widgets ../../etc", EN.t("github-repo-bad-ref")),
        (
            "octo/missing",
            EN.t_with(
                "github-error-not-found-no-token",
                &[("repo", "octo/missing".into())],
            ),
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(text(&answer(&h, &u, input).await), expected, "{input}");
    }
    nothing_stored(&h).await;

    let cases = [
        (
            "octo/empty",
            EN.t_with("github-error-empty", &[("repo", "octo/empty".into())]),
        ),
        (
            "octo/widgets no-such-branch",
            EN.t_with(
                "github-error-ref-not-found",
                &[
                    ("ref", "no-such-branch".into()),
                    ("repo", "octo/widgets".into()),
                ],
            ),
        ),
        (
            "octo/big",
            EN.t_with("github-error-too-large", &[("max", "1".into())]),
        ),
        ("octo/slow", EN.t("github-error-timeout")),
    ];
    for (input, expected) in cases {
        ask(&h, &u).await;
        assert_eq!(text(&answer(&h, &u, input).await), expected, "{input}");
        nothing_stored(&h).await;
    }

    // Rate limited: the message says until when.
    let reset = chrono::Utc::now().timestamp() + 1800;
    github.rate_limit(Some(reset));
    ask(&h, &u).await;
    let expected = EN.t_with(
        "github-error-rate-limited",
        &[(
            "reset",
            reader_in_utc(Locale::En)
                .time(chrono::DateTime::from_timestamp(reset, 0).unwrap())
                .into(),
        )],
    );
    assert_eq!(text(&answer(&h, &u, "octo/widgets").await), expected);
    github.rate_limit(None);
    nothing_stored(&h).await;

    // A saved token that GitHub no longer accepts.
    github.add_token(TOKEN, "octocat");
    connect(&h, &u, TOKEN).await;
    github.revoke_token(TOKEN);
    ask(&h, &u).await;
    assert_eq!(
        text(&answer(&h, &u, "octo/widgets").await),
        EN.t("github-error-bad-token")
    );
    nothing_stored(&h).await;

    let failures = stored::events(&h, "github_backup_failed")
        .await
        .iter()
        .filter(|event| event.user == Some(u.id))
        .count();
    assert_eq!(failures, 7, "one event per failed download");
    assert!(!h.logs().contains("ERRORCASES"), "{}", h.logs());
}

#[tokio::test]
async fn tokens_refused_unreadable_or_without_a_key_are_explained() {
    let github = FakeGithub::start().await;
    github.add_repo("octo/private", true, &[("main", &[("a.py", b"x = 1\n")])]);
    github.add_token(TOKEN, "octocat");
    github.update_repo("octo/private", |repo| repo.readers.push(TOKEN.to_owned()));
    let mut h = start(&github.api_url(), &[]).await;
    let u = TestUser::new(556_002, Some("en"));

    // Refused and malformed tokens keep the prompt open and save nothing.
    let refused = connect(&h, &u, "ghp_not_a_real_token").await;
    assert_eq!(text(&refused), EN.t("github-token-refused"));
    let malformed = say(&h, &u, "two words").await;
    assert_eq!(text(&malformed), EN.t("github-token-not-a-token"));
    assert_eq!(h.stores.github.account(u.id).await.unwrap(), None);
    let saved = say(&h, &u, TOKEN).await;
    assert!(text(&saved).starts_with("✅"), "{saved:?}");

    // The operator changed the key: the stored token no longer opens.
    h.set_env("CODEVAULT_STORAGE__ENCRYPTION_KEY", OTHER_KEY);
    h.restart().await;
    ask(&h, &u).await;
    assert_eq!(
        text(&answer(&h, &u, "octo/private").await),
        EN.t("github-error-token-unreadable")
    );
    nothing_stored(&h).await;

    // No key at all: tokens cannot be connected, and the user is told why.
    h.set_env("CODEVAULT_STORAGE__ENCRYPTION_KEY", "");
    h.restart().await;
    let menu = say(&h, &u, "/github").await;
    let no_key = press(&h, &u, &menu, "🔑").await;
    assert_eq!(text(&no_key), EN.t("github-token-no-key"));
}

#[tokio::test]
async fn an_unreachable_github_is_a_network_failure() {
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let h = start(&format!("http://{closed}/api/v3"), &[]).await;
    let u = TestUser::new(556_003, Some("en"));
    ask(&h, &u).await;
    assert_eq!(
        text(&answer(&h, &u, "octo/widgets").await),
        EN.t("github-error-network")
    );
    nothing_stored(&h).await;
}
