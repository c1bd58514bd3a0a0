//! GitHub repository backups end to end: the real bot, the fake Telegram server, the fake
//! GitHub API (under `/api/v3`, as Enterprise serves it) and the test database.

mod support;

use std::io::{Cursor, Read};

use codevault::{archive::Manifest, domain::backup::BackupKind, i18n::Locale};
use mongodb::bson::{Document, doc};
use support::{
    bot::{Backend, Harness},
    flow::{answer_to, press, say, settled, text},
    github::FakeGithub,
    stored::{self, Table},
    telegram::{Sent, SentDocument, TestUser},
};

const EN: Locale = Locale::En;
const KEY: &str = "8f2c7d1e9a4b6c3d5e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5";
const TOKEN: &str = "ghp_TESTTOKEN1234567890abcdefSECRET";

async fn start(github: &FakeGithub, extra: &[(&str, &str)]) -> Harness {
    start_on(Backend::Sqlite, github, extra).await
}

async fn start_on(backend: Backend, github: &FakeGithub, extra: &[(&str, &str)]) -> Harness {
    let mut env = vec![
        ("CODEVAULT_GITHUB__API_URL", github.api_url()),
        ("CODEVAULT_STORAGE__ENCRYPTION_KEY", KEY.to_owned()),
    ];
    env.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Harness::start_on_with(backend, &env).await
}

fn widgets(github: &FakeGithub) -> std::collections::HashMap<String, String> {
    let main: &[(&str, &[u8])] = &[
        ("README.md", b"# Widgets\n"),
        ("src/main.rs", b"fn main() {}\n"),
        ("assets/logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
    ];
    let dev: &[(&str, &[u8])] = &[("README.md", b"# Widgets (dev)\n")];
    github.add_repo("octo/widgets", false, &[("main", main), ("dev", dev)])
}

/// Asks for a repository backup and waits past the "downloading" screen for the result.
async fn back_up(h: &Harness, who: &TestUser, repo: &str) -> Sent {
    let menu = say(h, who, "/github").await;
    let prompt = press(h, who, &menu, "📦").await;
    assert_eq!(text(&prompt), EN.t("github-ask-repo"));
    let seq = h.tg.last_seq();
    h.tg.send_text(who, repo);
    settled(h, who, seq).await
}

async fn document_after(h: &Harness, seq: u64) -> SentDocument {
    let sent = h.tg.wait_for(seq, |s| s.method == "sendDocument").await;
    sent.document.expect("a document")
}

fn entry(archive: &[u8], name: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(archive)).unwrap();
    let mut bytes = Vec::new();
    zip.by_name(name).unwrap().read_to_end(&mut bytes).unwrap();
    bytes
}

fn manifest(archive: &[u8]) -> Manifest {
    Manifest::from_json(&entry(archive, "metadata.json")).unwrap()
}

/// Everything a failed backup could leave behind.
async fn stored(h: &Harness) -> (Vec<String>, Vec<String>) {
    (
        stored::dump(h, Table::Backups).await,
        stored::dump(h, Table::Blobs).await,
    )
}

#[tokio::test]
async fn a_public_repository_is_backed_up_sent_and_imported_with_its_tag() {
    let github = FakeGithub::start().await;
    let shas = widgets(&github);
    let h = start(&github, &[]).await;
    let u = TestUser::new(555_001, Some("en"));

    let seq = h.tg.last_seq();
    let result = back_up(&h, &u, "https://github.com/octo/widgets").await;
    let main_sha = &shas["main"];
    assert_eq!(
        text(&result),
        EN.t_with(
            "github-backup-done",
            &[
                ("repo", "octo/widgets".into()),
                ("ref", "main".into()),
                ("commit", main_sha[..12].to_owned().into()),
                ("files", 3.into()),
                ("size", "39 B".into()),
            ]
        )
    );
    let document = document_after(&h, seq).await;
    let top = format!("octo-widgets-{}", &main_sha[..7]);
    assert_eq!(
        entry(&document.bytes, &format!("{top}/src/main.rs")),
        b"fn main() {}\n"
    );
    assert_eq!(
        entry(&document.bytes, &format!("{top}/assets/logo.png")),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"
    );
    let manifest = manifest(&document.bytes);
    assert_eq!(manifest.repo.as_deref(), Some("octo/widgets"));
    assert_eq!(manifest.git_ref.as_deref(), Some("main"));
    assert_eq!(manifest.commit.as_deref(), Some(main_sha.as_str()));
    assert_eq!(manifest.backup_type.as_str(), "github_repo_zip");
    let readme = manifest
        .files
        .iter()
        .find(|file| file.file_name == "README.md")
        .expect("README.md listed");
    assert_eq!(readme.path, format!("{top}/README.md"));
    assert_eq!(
        readme.sha256,
        codevault::archive::sha256_hex(b"# Widgets\n")
    );

    let backups = stored::backups(&h, u.id).await;
    assert_eq!(backups.len(), 1);
    let record = &backups[0];
    assert_eq!(record.kind, BackupKind::GithubRepoZip);
    assert_eq!(record.repo.as_deref(), Some("octo/widgets"));
    assert_eq!(record.git_ref.as_deref(), Some("main"));
    assert_eq!(record.commit.as_deref(), Some(main_sha.as_str()));
    assert_eq!(
        record.sha256,
        codevault::archive::sha256_hex(&document.bytes)
    );
    // The download followed GitHub's redirect and never sent a token (the user has none).
    let requests = github.requests();
    assert!(requests.iter().any(|r| r.path.starts_with("/download/")));
    assert!(requests.iter().all(|r| r.token.is_none()));

    // 📥 Import into my files: the restore plan, then the files with the repository's tag.
    let plan = press(&h, &u, &result, "📥").await;
    let plan = if text(&plan).starts_with("⏳") {
        h.tg.wait_for(h.tg.last_seq() - 1, |s| {
            s.chat_id == Some(u.id) && !s.buttons().is_empty()
        })
        .await
    } else {
        plan
    };
    assert!(
        text(&plan).contains("New: 2 · Unchanged: 0 · Conflicts: 0"),
        "{plan:?}"
    );
    let seq = h.tg.last_seq();
    h.tg.click(
        &u,
        plan.message_id.unwrap(),
        &plan.button_data("✅").unwrap(),
    );
    let report =
        h.tg.wait_for(seq, |s| text(s).starts_with("✅ Restored"))
            .await;
    assert!(text(&report).contains("2 new"), "{report:?}");
    for (name, code) in [
        ("README.md", "# Widgets\n"),
        ("src/main.rs", "fn main() {}\n"),
    ] {
        let file = stored::current_file(&h, u.id, name).await.expect(name);
        assert_eq!(file.code, code);
        assert_eq!(file.tags, ["repo:octo/widgets"]);
    }
    assert!(
        stored::current_file(&h, u.id, "assets/logo.png")
            .await
            .is_none()
    );

    // The repository is now one tap away, and a second backup takes the same path.
    let menu = say(&h, &u, "/github").await;
    let seq = h.tg.last_seq();
    h.tg.click(
        &u,
        menu.message_id.unwrap(),
        &menu.button_data("🐙 octo/widgets").unwrap(),
    );
    document_after(&h, seq).await;
    let repo_backups = stored::backups(&h, u.id)
        .await
        .iter()
        .filter(|b| b.kind == BackupKind::GithubRepoZip)
        .count();
    assert_eq!(
        repo_backups, 2,
        "the import's safety snapshot is the third backup"
    );
}

#[tokio::test]
async fn a_private_repository_with_a_token_at_a_chosen_ref() {
    let github = FakeGithub::start().await;
    let shas = github.add_repo(
        "octo/secret",
        true,
        &[
            ("main", &[("app.py", b"print('main')\n")]),
            ("release/v2", &[("app.py", b"print('v2')\n")]),
        ],
    );
    github.add_token(TOKEN, "octocat");
    github.update_repo("octo/secret", |repo| repo.readers.push(TOKEN.to_owned()));
    let h = start(&github, &[]).await;
    let u = TestUser::new(555_002, Some("en"));

    // Without a token the repository is invisible, and the message says what to do.
    let refused = back_up(&h, &u, "octo/secret").await;
    assert_eq!(
        text(&refused),
        EN.t_with(
            "github-error-not-found-no-token",
            &[("repo", "octo/secret".into())]
        )
    );
    assert_eq!(stored(&h).await, (vec![], vec![]));

    // Connect: the message holding the token is deleted, the login shown.
    let menu = say(&h, &u, "/github").await;
    let prompt = press(&h, &u, &menu, "🔑").await;
    assert_eq!(text(&prompt), EN.t("github-ask-token"));
    let seq = h.tg.last_seq();
    let token_message = h.tg.send_text(&u, TOKEN);
    let saved = h.tg.next_message(seq, u.id).await;
    assert_eq!(
        text(&saved),
        EN.t_with("github-token-saved", &[("login", "octocat".into())])
    );
    assert!(h.tg.is_deleted(u.id, token_message));
    assert!(h.stores.github.account(u.id).await.unwrap().is_some());
    assert!(
        stored::holds(&h, "octocat").await,
        "the search sees what is stored in clear"
    );
    assert!(
        !stored::holds(&h, "TESTTOKEN").await,
        "the token is stored sealed"
    );

    let seq = h.tg.last_seq();
    let result = back_up(&h, &u, "https://github.com/octo/secret/tree/release/v2").await;
    assert!(text(&result).starts_with("✅"), "{result:?}");
    let document = document_after(&h, seq).await;
    let manifest = manifest(&document.bytes);
    assert_eq!(manifest.git_ref.as_deref(), Some("release/v2"));
    assert_eq!(
        manifest.commit.as_deref(),
        Some(shas["release/v2"].as_str())
    );
    let top = format!("octo-secret-{}", &shas["release/v2"][..7]);
    assert_eq!(
        entry(&document.bytes, &format!("{top}/app.py")),
        b"print('v2')\n"
    );
    // The API calls carried the token; the download host, on a redirect, got it too only
    // because it is the same host here (reqwest drops it across hosts).
    assert!(
        github
            .requests()
            .iter()
            .any(|r| r.token.as_deref() == Some(TOKEN))
    );

    // The token never reaches the logs.
    assert!(!h.logs().contains("TESTTOKEN"), "{}", h.logs());

    // Remove the token: the repository is invisible again.
    let menu = say(&h, &u, "/github").await;
    let confirm = press(&h, &u, &menu, "🚪").await;
    let removed = press(&h, &u, &confirm, "✅ Remove token").await;
    assert_eq!(text(&removed), EN.t("github-token-removed"));
    assert_eq!(h.stores.github.account(u.id).await.unwrap(), None);
}

/// MongoDB keeps the GitHub token sealed in the user's document (`github.token`, binary) and
/// removes the field when the token is removed.
#[tokio::test]
async fn on_mongodb_the_github_token_is_sealed_in_the_users_document() {
    let github = FakeGithub::start().await;
    github.add_token(TOKEN, "octocat");
    let h = start_on(Backend::Mongo, &github, &[]).await;
    let u = TestUser::new(555_012, Some("en"));
    let menu = say(&h, &u, "/github").await;
    press(&h, &u, &menu, "🔑").await;
    let saved = say(&h, &u, TOKEN).await;
    assert!(text(&saved).starts_with("✅"), "{saved:?}");
    let users = h.mongo().database().collection::<Document>("users");
    let user = users.find_one(doc! { "_id": u.id }).await.unwrap().unwrap();
    let raw = format!("{user:?}");
    assert!(
        !raw.contains("TESTTOKEN"),
        "the token is stored sealed: {raw}"
    );
    let sealed = user
        .get_document("github")
        .unwrap()
        .get_binary_generic("token")
        .unwrap();
    assert!(!sealed.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()));

    let menu = say(&h, &u, "/github").await;
    let confirm = press(&h, &u, &menu, "🚪").await;
    let removed = press(&h, &u, &confirm, "✅ Remove token").await;
    assert_eq!(text(&removed), EN.t("github-token-removed"));
    let user = users.find_one(doc! { "_id": u.id }).await.unwrap().unwrap();
    assert!(user.get("github").is_none());
}

/// Issue 10 #15: a recent-repository button names its repository, not a place in a list that
/// reorders after each backup; a forged one backs up nothing.
#[tokio::test]
async fn a_recent_repository_button_from_an_older_menu_backs_up_its_own_repository() {
    let github = FakeGithub::start().await;
    github.add_repo("octo/hello", false, &[("main", &[("hello.txt", b"hi\n")])]);
    github.add_repo("octo/tools", false, &[("main", &[("tool.sh", b"echo\n")])]);
    let h = start(&github, &[]).await;
    let u = TestUser::new(555_003, Some("en"));
    // Oldest first.
    let repos_backed_up = || async {
        stored::backups(&h, u.id)
            .await
            .into_iter()
            .rev()
            .filter_map(|b| b.repo)
            .collect::<Vec<String>>()
    };

    let backed_up = |repo: &'static str| {
        let h = &h;
        let u = &u;
        async move {
            let seq = h.tg.last_seq();
            assert!(text(&back_up(h, u, repo).await).starts_with('✅'));
            document_after(h, seq).await;
        }
    };
    backed_up("octo/hello").await;
    let older_menu = say(&h, &u, "/github").await;
    assert!(older_menu.button_data("🐙 octo/hello").is_some());
    // Backing up another repository puts it first in the list.
    backed_up("octo/tools").await;
    let newer_menu = say(&h, &u, "/github").await;
    let labels: Vec<String> = newer_menu.buttons().into_iter().map(|(l, _)| l).collect();
    let tools = labels.iter().position(|l| l == "🐙 octo/tools").unwrap();
    let hello = labels.iter().position(|l| l == "🐙 octo/hello").unwrap();
    assert!(tools < hello, "{labels:?}");

    // The older menu's button still means octo/hello.
    let seq = h.tg.last_seq();
    h.tg.click(
        &u,
        older_menu.message_id.unwrap(),
        &older_menu.button_data("🐙 octo/hello").unwrap(),
    );
    let result = settled(&h, &u, seq).await;
    assert!(text(&result).contains("<b>octo/hello</b>"), "{result:?}");
    document_after(&h, seq).await;
    assert_eq!(
        repos_backed_up().await,
        ["octo/hello", "octo/tools", "octo/hello"]
    );
    let before = stored(&h).await;

    // A key that is in no list of this user: a stale button. The old index form no longer
    // parses. Either way nothing is downloaded or stored.
    let downloads = github.requests().len();
    let seq = h.tg.last_seq();
    h.tg.click(&u, newer_menu.message_id.unwrap(), "gr:0123456789abcdef");
    let reply = h.tg.next_message(seq, u.id).await;
    assert_eq!(text(&reply), EN.t("error-stale-button"));
    let seq = h.tg.last_seq();
    let query = h.tg.click(&u, newer_menu.message_id.unwrap(), "gr:0");
    let answer = answer_to(&h, seq, &query).await;
    assert_eq!(
        answer.text.as_deref(),
        Some(EN.t("error-unknown-button").as_str())
    );
    assert_eq!(github.requests().len(), downloads);
    assert_eq!(stored(&h).await, before);
}

/// Presses `label` on `screen` and waits past any "working…" screen for the result.
async fn press_settled(h: &Harness, who: &TestUser, screen: &Sent, label: &str) -> Sent {
    let data = screen
        .button_data(label)
        .unwrap_or_else(|| panic!("no button {label:?} in {screen:?}"));
    let seq = h.tg.last_seq();
    h.tg.click(who, screen.message_id.expect("a message"), &data);
    settled(h, who, seq).await
}

#[tokio::test]
async fn a_highly_compressible_file_restores_from_the_backup_yet_not_from_a_sent_zip() {
    let github = FakeGithub::start().await;
    // A 260 KB test runner's log of progress dots deflates about 1000:1.
    let log = format!("{}\n", ".".repeat(260_000));
    let files: &[(&str, &[u8])] = &[("app.py", b"print(1)\n"), ("logs/app.log", log.as_bytes())];
    github.add_repo("octo/logs", false, &[("main", files)]);
    let h = start(&github, &[]).await;
    let u = TestUser::new(555_010, Some("en"));

    let seq = h.tg.last_seq();
    let result = back_up(&h, &u, "octo/logs").await;
    assert!(text(&result).starts_with("✅"), "{result:?}");
    // The archive follows the result (the task sends it after showing it).
    document_after(&h, seq).await;
    let plan = press_settled(&h, &u, &result, "📥").await;
    assert!(
        text(&plan).contains("New: 2 · Unchanged: 0 · Conflicts: 0"),
        "{plan:?}"
    );
    let report = press_settled(&h, &u, &plan, "✅").await;
    assert!(text(&report).starts_with("✅ Restored"), "{report:?}");
    let file = stored::current_file(&h, u.id, "logs/app.log")
        .await
        .expect("the log is imported");
    assert!(file.code == log, "the log's code differs");

    // The same file in a ZIP someone sends is hostile input, judged by its ratio.
    let zip = support::zips::zip_of(&[("app.log", log.as_bytes())], support::zips::deflated());
    let backups = stored(&h).await;
    let seq = h.tg.last_seq();
    h.tg.send_document(&u, "logs.zip", "application/zip", zip);
    let refused = h.tg.next_message(seq, u.id).await;
    assert_eq!(
        text(&refused),
        EN.t_with("import-error-ratio", &[("name", "app.log".into())])
    );
    assert_eq!(stored(&h).await, backups);
}

#[tokio::test]
async fn entries_that_cannot_be_stored_safely_are_left_out_and_the_user_is_told() {
    let github = FakeGithub::start().await;
    let shas = github.add_repo("octo/odd", false, &[("main", &[("app.py", b"x\n")])]);
    let sha = shas["main"].clone();
    // A server may send any names; git itself allows a backslash in one.
    let top = format!("octo-odd-{}", &sha[..7]);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let entries: [(String, &[u8]); 4] = [
        (format!("{top}/app.py"), b"print(1)\n"),
        (format!("{top}/..\\..\\evil.py"), b"evil"),
        ("/tmp/evil.py".to_owned(), b"evil"),
        ("C:/evil.py".to_owned(), b"evil"),
    ];
    for (name, bytes) in &entries {
        zip.start_file(name.as_str(), options).unwrap();
        std::io::Write::write_all(&mut zip, bytes).unwrap();
    }
    zip.add_symlink(format!("{top}/link"), "/etc/passwd", options)
        .unwrap();
    let zipball = zip.finish().unwrap().into_inner();
    github.update_repo("octo/odd", |repo| {
        repo.zipballs.insert(sha.clone(), zipball);
    });
    let h = start(&github, &[]).await;
    let u = TestUser::new(555_011, Some("en"));

    let seq = h.tg.last_seq();
    let result = back_up(&h, &u, "octo/odd").await;
    let note = EN.t_with(
        "github-left-out-both",
        &[("links", 1.into()), ("unsafe", 3.into())],
    );
    assert!(text(&result).starts_with("✅"), "{result:?}");
    assert!(text(&result).ends_with(&format!("\n{note}")), "{result:?}");
    let document = document_after(&h, seq).await;
    let kept = zip::ZipArchive::new(Cursor::new(document.bytes.as_slice())).unwrap();
    let mut names: Vec<String> = kept
        .file_names()
        .map(|name| name.unwrap().into_owned())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["metadata.json".to_owned(), format!("{top}/app.py")]);
    // What was kept imports.
    let plan = press_settled(&h, &u, &result, "📥").await;
    assert!(
        text(&plan).contains("New: 1 · Unchanged: 0 · Conflicts: 0"),
        "{plan:?}"
    );
}
