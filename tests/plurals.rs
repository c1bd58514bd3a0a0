//! Every count in every locale goes through a plural selector (issue 10 #18): each counted
//! message is rendered with 0, 1, 2, 5, 21 and 101 in every language, and its texts (digits masked)
//! must group exactly as the language's plural categories do. A message of `locales/en` that
//! uses a count variable must be in `COUNTED`, or in `NOT_COUNTED` with the reason.

use std::collections::{BTreeMap, BTreeSet};

use codevault::i18n::{Arg, Locale};

const COUNTS: [i64; 6] = [0, 1, 2, 5, 21, 101];

/// Variable names that hold a count somewhere; a message using one must be listed below.
const COUNT_VARIABLES: &[&str] = &[
    "count",
    "files",
    "total",
    "max",
    "keep",
    "days",
    "restored",
    "new",
    "unchanged",
    "conflicts",
    "replaced",
    "kept",
    "skipped",
    "n",
    "versions",
];

#[derive(Clone, Copy)]
enum Value {
    Text(&'static str),
    Number(i64),
}

struct Counted {
    key: &'static str,
    /// The count whose plural forms are checked.
    count: &'static str,
    /// The message's other arguments, held fixed.
    others: &'static [(&'static str, Value)],
}

const fn counted(
    key: &'static str,
    count: &'static str,
    others: &'static [(&'static str, Value)],
) -> Counted {
    Counted { key, count, others }
}

use Value::{Number, Text};

/// A class of backups, as the quota's messages name it.
const CLASS: (&str, Value) = ("class", Text("📦🐙 backups you made"));

/// What a destination keeps, as its messages say it.
const KEPT: (&str, Value) = ("policy", Text("the newest 10 backups made by the bot"));

/// Every counted message, once per count it holds.
const COUNTED: &[Counted] = &[
    counted(
        "backups-title",
        "count",
        &[("page", Number(1)), ("pages", Number(3))],
    ),
    counted("backups-confirm-delete-selected", "count", &[]),
    counted("backups-deleted", "count", &[]),
    counted(
        "save-long-piece-received",
        "count",
        &[("chars", Number(19))],
    ),
    counted("save-pieces-joined", "count", &[("chars", Number(19))]),
    counted(
        "backup-created",
        "files",
        &[("size", Text("1 KB")), ("archive", Text("2 KB"))],
    ),
    counted(
        "backup-quota-pruned",
        "limit",
        &[CLASS, ("count", Number(5)), ("quota", Text("1.0 GB"))],
    ),
    counted(
        "backup-quota-pruned",
        "count",
        &[CLASS, ("limit", Number(50)), ("quota", Text("1.0 GB"))],
    ),
    counted("backup-no-room", "stored", &[CLASS, ("limit", Number(50))]),
    counted("backup-no-room", "limit", &[CLASS, ("stored", Number(50))]),
    counted("restore-undone-left", "count", &[("names", Text("a.py"))]),
    counted(
        "backup-caption",
        "files",
        &[
            ("size", Text("1 KB")),
            ("archive", Text("2 KB")),
            ("id", Text("abc")),
        ],
    ),
    counted(
        "restore-plan",
        "total",
        &[
            ("date", Text("2026-03-02")),
            ("new", Number(1)),
            ("unchanged", Number(1)),
            ("conflicts", Number(1)),
        ],
    ),
    counted(
        "restore-report",
        "restored",
        &[
            ("new", Number(1)),
            ("replaced", Number(1)),
            ("kept", Number(1)),
            ("skipped", Number(1)),
            ("unchanged", Number(1)),
        ],
    ),
    counted(
        "import-confirm",
        "count",
        &[("repo", Text("octo/hello")), ("skipped", Number(1))],
    ),
    counted("import-is-backup", "count", &[("id", Text("abc"))]),
    counted("import-error-too-many-entries", "max", &[]),
    counted("drive-kept-newest", "keep", &[]),
    counted("drive-pruned", "count", &[KEPT]),
    counted("drive-retention-preview", "count", &[KEPT]),
    counted("drive-retention-preview-none", "count", &[KEPT]),
    counted("drive-retention-removed", "count", &[]),
    counted("drive-retention-more", "count", &[]),
    counted("files-count", "count", &[]),
    counted(
        "files-title",
        "count",
        &[("page", Number(1)), ("pages", Number(3))],
    ),
    counted("file-deleted", "days", &[("name", Text("a.py"))]),
    counted("history-title", "count", &[("name", Text("a.py"))]),
    counted("bin-title", "count", &[("days", Number(7))]),
    counted("bin-title", "days", &[("count", Number(3))]),
    counted("error-note-too-long", "max", &[]),
    counted("error-tag-too-long", "max", &[("tag", Text("abc"))]),
    counted(
        "github-backup-done",
        "files",
        &[
            ("repo", Text("octo/hello")),
            ("ref", Text("main")),
            ("commit", Text("0123456789ab")),
            ("size", Text("1 KB")),
        ],
    ),
    counted("error-name-too-long", "max", &[]),
    counted("error-name-path-too-long", "max", &[]),
    counted("flood-skipped", "count", &[]),
    counted("restore-too-large", "entries", &[("max", Number(200))]),
    counted(
        "import-confirm-plain",
        "count",
        &[("document", Text("a.zip")), ("skipped", Number(1))],
    ),
    counted(
        "import-plan",
        "total",
        &[
            ("document", Text("a.zip")),
            ("new", Number(1)),
            ("unchanged", Number(1)),
            ("conflicts", Number(1)),
        ],
    ),
    counted("restore-admit-refused", "count", &[("names", Text("a.py"))]),
    counted("restore-admit-renamed", "count", &[("names", Text("a.py"))]),
    counted(
        "restore-admit-duplicates",
        "count",
        &[("names", Text("a.py"))],
    ),
    counted(
        "restore-admit-notes",
        "count",
        &[("names", Text("a.py")), ("max", Number(1000))],
    ),
    counted(
        "restore-admit-tags",
        "count",
        &[("names", Text("a.py")), ("max", Number(20))],
    ),
    counted("error-too-many-files", "max", &[]),
    counted("error-search-too-long", "max", &[]),
    counted(
        "search-title",
        "count",
        &[
            ("query", Text("needle")),
            ("page", Number(1)),
            ("pages", Number(1)),
        ],
    ),
    counted(
        "drive-schedule-every-days",
        "days",
        &[("hour", Text("09:00")), ("zone", Text("UTC"))],
    ),
    counted("schedule-every-days", "days", &[]),
    counted("error-search-too-many-words", "max", &[]),
    counted("error-password-too-long", "max", &[]),
    counted(
        "task-rate-limited",
        "max",
        &[("time", Text("2026-01-02 03:04 UTC"))],
    ),
    counted(
        "task-progress-files",
        "total",
        &[("done", Number(3)), ("percent", Number(30))],
    ),
    counted("task-progress-files-so-far", "done", &[]),
    counted("restore-nothing", "total", &[]),
    counted("import-nothing", "total", &[]),
    counted("backup-created-versions", "versions", &[]),
    counted("restore-plan-versions", "versions", &[]),
    counted("restore-report-versions", "versions", &[]),
    counted("restore-undone-versions", "versions", &[]),
];

/// Messages with a number that no word agrees with, so no plural selector: (key, variable,
/// why).
const NOT_COUNTED: &[(&str, &str, &str)] = &[
    ("backups-select", "count", "a label: (N selected)"),
    (
        "btn-delete-selected",
        "count",
        "a label: Delete selected (N)",
    ),
    ("backup-details", "files", "a label: Files: N"),
    ("backup-part-caption", "count", "a position: part i of n"),
    ("restore-conflict", "total", "a position: conflict i of n"),
    ("restore-report", "new", "N new / label forms"),
    ("restore-report", "replaced", "N replaced / label forms"),
    ("restore-report", "kept", "N kept both / label forms"),
    ("restore-report", "skipped", "N skipped / label forms"),
    ("restore-report", "unchanged", "N unchanged / label forms"),
    ("import-confirm", "skipped", "a label: Skipped: N"),
    ("import-confirm-plain", "skipped", "a label: Skipped: N"),
    ("file-more-tags", "count", "a label: +N more"),
    ("restore-plan", "new", "a label: New: N"),
    ("restore-plan", "unchanged", "a label: Unchanged: N"),
    ("restore-plan", "conflicts", "a label: Conflicts: N"),
    ("import-plan", "new", "a label: New: N"),
    ("import-plan", "unchanged", "a label: Unchanged: N"),
    ("import-plan", "conflicts", "a label: Conflicts: N"),
    ("restore-plan-counts", "new", "a label: New: N"),
    ("restore-plan-counts", "unchanged", "a label: Unchanged: N"),
    ("restore-plan-counts", "conflicts", "a label: Conflicts: N"),
    (
        "restore-admit-notes",
        "max",
        "the fixed note limit (1,000 characters)",
    ),
    (
        "restore-admit-tags",
        "max",
        "the fixed tag limit (20 per file)",
    ),
    ("error-tags-too-many", "max", "a label: at most N."),
    (
        "import-too-big",
        "max",
        "a size in MB (the unit does not inflect)",
    ),
    ("import-error-too-large", "max", "a size in MB"),
    ("restore-too-large", "max", "a size in MB"),
    ("drive-restore-too-large", "max", "a size in MB"),
    ("github-error-too-large", "max", "a size in MB"),
    ("github-error-too-large-unpacked", "max", "a size in MB"),
    ("save-document-too-big-for-telegram", "max", "a size in MB"),
    ("error-file-too-large", "max", "a size in MB"),
    ("error-library-full", "max", "a size in MB"),
    ("size-bytes", "n", "a size in B"),
    ("size-kb", "n", "a size in KB"),
    ("size-mb", "n", "a size in MB"),
    ("size-gb", "n", "a size in GB"),
];

/// The plural category of each of `COUNTS` (CLDR, as fluent-templates applies it).
fn categories(locale: Locale) -> [&'static str; 6] {
    match locale {
        Locale::En => ["other", "one", "other", "other", "other", "other"],
        Locale::Ru => ["many", "one", "few", "many", "one", "one"],
        Locale::He => ["other", "one", "two", "other", "other", "other"],
    }
}

fn mask_digits(text: &str) -> String {
    let mut masked = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !masked.ends_with('#') {
                masked.push('#');
            }
        } else {
            masked.push(c);
        }
    }
    masked
}

fn render(locale: Locale, message: &Counted, n: i64) -> String {
    let mut args: Vec<Arg<'_>> = message
        .others
        .iter()
        .map(|(name, value)| match value {
            Text(text) => (*name, (*text).into()),
            Number(number) => (*name, (*number).into()),
        })
        .collect();
    args.push((message.count, n.into()));
    locale.t_with(message.key, &args)
}

#[test]
fn every_count_takes_the_plural_form_of_its_language() {
    let mut problems = Vec::new();
    for locale in Locale::ALL {
        let categories = categories(locale);
        for message in COUNTED {
            let texts: Vec<String> = COUNTS.iter().map(|&n| render(locale, message, n)).collect();
            for text in &texts {
                if text == message.key || text.contains("{$") || text.contains("{ $") {
                    problems.push(format!("{locale:?} {}: unresolved: {text}", message.key));
                }
            }
            let masked: Vec<String> = texts.iter().map(|text| mask_digits(text)).collect();
            for a in 0..COUNTS.len() {
                for b in a + 1..COUNTS.len() {
                    let same_category = categories[a] == categories[b];
                    if same_category != (masked[a] == masked[b]) {
                        problems.push(format!(
                            "{locale:?} {} (${}): {} ({}) and {} ({}) should {}:\n  {}\n  {}",
                            message.key,
                            message.count,
                            COUNTS[a],
                            categories[a],
                            COUNTS[b],
                            categories[b],
                            if same_category {
                                "read alike"
                            } else {
                                "differ"
                            },
                            texts[a],
                            texts[b],
                        ));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Each English message with the variables it uses, directly or through a message it
/// references (`{ files-count }`).
fn english_messages() -> BTreeMap<String, BTreeSet<String>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/en");
    let mut bodies: BTreeMap<String, String> = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("locales/en") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("ftl");
        let mut current: Option<String> = None;
        for line in text.lines() {
            let starts_message = line.chars().next().is_some_and(|c| c.is_ascii_lowercase());
            if let (true, Some((key, body))) = (starts_message, line.split_once(" =")) {
                let key = key.trim().to_owned();
                bodies.insert(key.clone(), body.to_owned());
                current = Some(key);
            } else if line.starts_with(' ')
                && let Some(key) = &current
            {
                let body = bodies.get_mut(key).expect("current message");
                body.push('\n');
                body.push_str(line);
            } else {
                current = None;
            }
        }
    }
    let names_after = |body: &str, marker: &str| -> BTreeSet<String> {
        body.split(marker)
            .skip(1)
            .map(|rest| {
                rest.chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect::<String>()
            })
            .filter(|name| !name.is_empty())
            .collect()
    };
    bodies
        .iter()
        .map(|(key, body)| {
            let mut variables = names_after(body, "$");
            for referenced in names_after(body, "{ ") {
                if let Some(other) = bodies.get(&referenced) {
                    variables.extend(names_after(other, "$"));
                }
            }
            (key.clone(), variables)
        })
        .collect()
}

#[test]
fn every_message_with_a_count_is_checked_or_exempt_with_a_reason() {
    let messages = english_messages();
    assert!(messages.len() > 100, "too few messages: {}", messages.len());
    let listed: BTreeSet<(&str, &str)> = COUNTED
        .iter()
        .map(|message| (message.key, message.count))
        .chain(
            NOT_COUNTED
                .iter()
                .map(|(key, variable, _)| (*key, *variable)),
        )
        .collect();
    let mut problems = Vec::new();
    for (key, variables) in &messages {
        for variable in variables {
            let counted = COUNT_VARIABLES.contains(&variable.as_str());
            if counted && !listed.contains(&(key.as_str(), variable.as_str())) {
                problems.push(format!(
                    "{key} uses ${variable}: add it to COUNTED (with a plural selector in every \
                     locale) or to NOT_COUNTED with the reason"
                ));
            }
        }
    }
    for (key, variable) in &listed {
        let uses = messages
            .get(*key)
            .is_some_and(|variables| variables.contains(*variable));
        if !uses {
            problems.push(format!(
                "{key} with ${variable} is listed but no longer exists"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_reported_sentence_reads_right() {
    let kept = Locale::En.t_with("drive-kept-newest", &[("keep", 10.into())]);
    let pruned = |n: i64| {
        let args = [("count", n.into()), ("policy", kept.clone().into())];
        Locale::En.t_with("drive-pruned", &args)
    };
    assert_eq!(
        pruned(1),
        "1 older bot-made backup was removed from the folder (you keep the newest 10 backups \
         made by the bot)."
    );
    assert_eq!(
        pruned(2),
        "2 older bot-made backups were removed from the folder (you keep the newest 10 backups \
         made by the bot)."
    );
}
