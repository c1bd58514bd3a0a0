//! My files: the list, a file's screen, its history, the recycle bin.

use teloxide::types::InlineKeyboardButton;

use crate::{
    bot::{
        callback::{FilesCallback, MenuItem, NotesCallback, SaveCallback, SearchCallback},
        ui::{
            Button, MAX_MESSAGE_CHARS, Reader, Screen, data_button, escape, format_size, isolate,
            keyboard, language_name, paging_row, shorten, shown_name, visible_name,
        },
    },
    domain::{
        CodeFile, FileSummary, VersionInfo, file_name::MAX_PATH_CHARS, language, paging::Page,
    },
    i18n::Locale,
    service::library::History,
};

/// An earlier name in a history button is cut to this many characters: the button stays short.
const SHOWN_OLD_NAME_CHARS: usize = 24;

/// Which of the user's files a list shows.
#[derive(Clone, Copy, Debug)]
pub enum Shown<'a> {
    All,
    /// With a tag: its index among the user's tags, and its text.
    Tagged(u32, &'a str),
    Favourites,
}

impl Shown<'_> {
    /// The button to page `page` of this list.
    fn page(self, page: u32) -> FilesCallback {
        match self {
            Self::All => FilesCallback::List { page, tag: None },
            Self::Tagged(index, _) => FilesCallback::List {
                page,
                tag: Some(index),
            },
            Self::Favourites => FilesCallback::Favourites { page },
        }
    }
}

pub fn list(locale: Locale, page: &Page<FileSummary>, shown: Shown<'_>) -> Screen {
    let mut text = locale.t_with(
        "files-title",
        &[
            ("page", page.ordinal().into()),
            ("pages", page.page_count().into()),
            ("count", page.total.into()),
        ],
    );
    match shown {
        Shown::All => {}
        Shown::Tagged(_, tag) => {
            text.push('\n');
            text.push_str(&locale.t_with("files-filtered-by", &[("tag", escape(tag).into())]));
        }
        Shown::Favourites => {
            text.push('\n');
            text.push_str(&locale.t("files-favourites"));
        }
    }
    if page.items.is_empty() {
        text.push_str("\n\n");
        text.push_str(&locale.t(match shown {
            Shown::All => "files-empty",
            Shown::Tagged(..) => "files-none-with-tag",
            Shown::Favourites => "files-no-favourites",
        }));
    }
    let mut rows: Vec<Vec<InlineKeyboardButton>> = page
        .items
        .iter()
        .map(|file| {
            let label = format!(
                "{} · {} · {}",
                isolate(locale, &visible_name(&file.name, MAX_PATH_CHARS)),
                version_label(locale, file.version),
                format_size(locale, file.size)
            );
            vec![data_button(
                "📄",
                &label,
                FilesCallback::Open(file.key.clone()),
            )]
        })
        .collect();
    rows.push(paging_row(locale, page, |page| shown.page(page)));
    let filter = match shown {
        Shown::All => Button::FilterByTag.to(locale, FilesCallback::TagFilter),
        Shown::Tagged(..) | Shown::Favourites => {
            Button::AllFiles.to(locale, FilesCallback::ALL_FILES)
        }
    };
    rows.push(vec![
        Button::Search.to(locale, SearchCallback::Ask),
        Button::Favourites.to(locale, FilesCallback::Favourites { page: 0 }),
    ]);
    rows.push(vec![Button::SaveCode.to(locale, MenuItem::Save), filter]);
    rows.push(vec![
        Button::RecycleBin.to(locale, FilesCallback::Bin { page: 0 }),
        Button::Back.to(locale, MenuItem::Main),
    ]);
    Screen::new(text, keyboard(rows))
}

pub fn tag_filter(locale: Locale, tags: &[String]) -> Screen {
    let text = locale.t(if tags.is_empty() {
        "files-no-tags"
    } else {
        "files-choose-tag"
    });
    let mut rows: Vec<Vec<InlineKeyboardButton>> = tags
        .iter()
        .enumerate()
        .map(|(index, tag)| {
            let index = u32::try_from(index).unwrap_or(u32::MAX);
            vec![data_button(
                Button::FilterByTag.emoji(),
                tag,
                FilesCallback::List {
                    page: 0,
                    tag: Some(index),
                },
            )]
        })
        .collect();
    rows.push(vec![
        Button::Back.to(locale, FilesCallback::List { page: 0, tag: None }),
    ]);
    Screen::new(text, keyboard(rows))
}

/// The most of a note the file's screen shows; 📝 Note shows it whole.
const NOTE_PREVIEW_CHARS: usize = 300;
/// Room for tags on the file's screen; those that do not fit are counted.
const TAGS_PREVIEW_CHARS: usize = 300;

/// As many tags as fit in [`TAGS_PREVIEW_CHARS`] (always the first), then "+N more".
fn tags_preview(locale: Locale, tags: &[String]) -> String {
    let mut shown: Vec<&str> = Vec::new();
    let mut used = 0;
    for tag in tags {
        let width = tag.chars().count() + 2;
        if !shown.is_empty() && used + width > TAGS_PREVIEW_CHARS {
            break;
        }
        used += width;
        shown.push(tag);
    }
    let mut text = escape(&shorten(&shown.join(", "), TAGS_PREVIEW_CHARS));
    let more = tags.len() - shown.len();
    if more > 0 {
        text.push(' ');
        text.push_str(&locale.t_with("file-more-tags", &[("count", more.into())]));
    }
    text
}

/// The header of a file's screen: bounded whatever the note and tags hold (far under
/// Telegram's limit), so the screen can always be shown.
fn file_details(reader: &Reader, file: &CodeFile) -> String {
    let locale = reader.locale;
    let tags = if file.tags.is_empty() {
        "—".to_owned()
    } else {
        tags_preview(locale, &file.tags)
    };
    let note = file.note.as_deref().map_or_else(
        || "—".to_owned(),
        |note| escape(&shorten(note, NOTE_PREVIEW_CHARS)),
    );
    locale.t_with(
        "file-details",
        &[
            ("name", shown_name(&file.name).into()),
            ("language", language_name(locale, &file.language).into()),
            ("version", file.version.into()),
            ("size", format_size(locale, file.size).into()),
            ("created", reader.time(file.created_at).into()),
            ("updated", reader.time(file.updated_at).into()),
            ("tags", tags.into()),
            ("note", note.into()),
        ],
    )
}

/// `header`, then the code as a `<pre>` block highlighted as `class` (a name we chose, never
/// the user's); `None` when the message would pass Telegram's limit and the code must go as a
/// document instead. Telegram counts UTF-16 units; the header's markup counts too, which only
/// errs on the safe side.
pub(super) fn code_block(header: &str, code: &str, class: &str) -> Option<String> {
    let visible = header.encode_utf16().count() + 2 + code.encode_utf16().count();
    (visible <= MAX_MESSAGE_CHARS).then(|| {
        format!(
            "{header}\n\n<pre><code class=\"language-{}\">{}</code></pre>",
            escape(class),
            escape(code)
        )
    })
}

/// A file's code under its header, or word that it comes as a document (the flag). Only a
/// language we know names the highlighting.
fn file_code(locale: Locale, header: &str, file: &CodeFile) -> (String, bool) {
    let class = language::known(&file.language).unwrap_or(language::UNKNOWN);
    match code_block(header, &file.code, class) {
        Some(text) => (text, false),
        None => {
            let text = format!("{header}\n\n{}", locale.t("file-code-as-document"));
            (text, true)
        }
    }
}

/// The file's screen (⭐ marks a favourite); the flag says the code did not fit and must be
/// sent as a document.
pub fn file(reader: &Reader, file: &CodeFile, favourite: bool) -> (Screen, bool) {
    let locale = reader.locale;
    let mut header = file_details(reader, file);
    if favourite {
        header = format!("⭐ {header}");
    }
    let (text, as_document) = file_code(locale, &header, file);
    let key = &file.key;
    let rows = vec![
        vec![
            Button::Download.to(locale, FilesCallback::Download(key.clone())),
            Button::Note.to(locale, NotesCallback::EditFileNote(key.clone())),
        ],
        vec![
            Button::Tags.to(locale, NotesCallback::EditTags(key.clone())),
            Button::History.to(
                locale,
                FilesCallback::History {
                    file: key.clone(),
                    page: 0,
                },
            ),
        ],
        vec![
            Button::NewVersion.to(locale, SaveCallback::NewVersion(key.clone())),
            Button::Rename.to(locale, NotesCallback::RenameFile(key.clone())),
        ],
        vec![if favourite {
            Button::Unfavourite.to(
                locale,
                FilesCallback::Favourite {
                    file: key.clone(),
                    favourite: false,
                },
            )
        } else {
            Button::Favourite.to(
                locale,
                FilesCallback::Favourite {
                    file: key.clone(),
                    favourite: true,
                },
            )
        }],
        vec![
            Button::Delete.to(locale, FilesCallback::Delete(key.clone())),
            Button::Back.to(locale, FilesCallback::List { page: 0, tag: None }),
        ],
    ];
    (Screen::new(text, keyboard(rows)), as_document)
}

pub fn history(reader: &Reader, history: &History) -> Screen {
    let locale = reader.locale;
    let file = &history.file;
    let text = locale.t_with(
        "history-title",
        &[
            ("name", shown_name(&file.name).into()),
            ("count", history.versions.total.into()),
        ],
    );
    let mut rows = version_rows(reader, history, |version| {
        Some(FilesCallback::Version(version.version_id.clone()))
    });
    rows.push(paging_row(locale, &history.versions, |page| {
        FilesCallback::History {
            file: file.key.clone(),
            page,
        }
    }));
    rows.push(vec![
        Button::Back.to(locale, FilesCallback::Open(file.key.clone())),
    ]);
    Screen::new(text, keyboard(rows))
}

/// A button per version on the page (✅ marks the current one; a version under another name
/// than the file's now shows it) doing what `tap` says; a version `tap` gives nothing for is
/// left out.
/// A version's short name on a button: `v3` (`גרסה 3`, `версия 3`).
fn version_label(locale: Locale, version: u32) -> String {
    locale.t_with("version-label", &[("version", version.into())])
}

pub(super) fn version_rows(
    reader: &Reader,
    history: &History,
    tap: impl Fn(&VersionInfo) -> Option<FilesCallback>,
) -> Vec<Vec<InlineKeyboardButton>> {
    let locale = reader.locale;
    let row = |version: &VersionInfo| {
        let mark = if version.current { "✅" } else { "🕘" };
        let mut label = version_label(locale, version.version);
        if version.name != history.file.name {
            label = format!(
                "{label} · {}",
                isolate(locale, &visible_name(&version.name, SHOWN_OLD_NAME_CHARS))
            );
        }
        let label = format!(
            "{label} · {} · {}",
            isolate(locale, &reader.time(version.updated_at)),
            format_size(locale, version.size)
        );
        Some(vec![data_button(mark, &label, tap(version)?)])
    };
    history.versions.items.iter().filter_map(row).collect()
}

/// A version, with the ways to compare it and (an old one) to make it current again.
pub fn version(reader: &Reader, version: &CodeFile, current: &CodeFile) -> (Screen, bool) {
    let locale = reader.locale;
    let header = locale.t_with(
        "version-title",
        &[
            ("name", shown_name(&version.name).into()),
            ("version", version.version.into()),
            ("current", current.version.into()),
            ("updated", reader.time(version.updated_at).into()),
        ],
    );
    let (text, as_document) = file_code(locale, &header, version);
    let this = &version.version_id;
    let mut rows = Vec::new();
    if version.version != current.version {
        rows.push(vec![
            Button::MakeCurrent.to(locale, FilesCallback::MakeCurrent(this.clone())),
        ]);
        rows.push(vec![Button::CompareWithCurrent.to(
            locale,
            FilesCallback::Diff {
                one: this.clone(),
                other: current.version_id.clone(),
            },
        )]);
    }
    rows.push(vec![Button::CompareWith.to(
        locale,
        FilesCallback::CompareWith {
            version: this.clone(),
            page: 0,
        },
    )]);
    rows.push(vec![Button::Back.to(
        locale,
        FilesCallback::History {
            file: version.key.clone(),
            page: 0,
        },
    )]);
    (Screen::new(text, keyboard(rows)), as_document)
}

pub fn bin(reader: &Reader, page: &Page<FileSummary>, days: u32) -> Screen {
    let locale = reader.locale;
    let mut text = locale.t_with(
        "bin-title",
        &[("count", page.total.into()), ("days", days.into())],
    );
    if page.items.is_empty() {
        text.push_str("\n\n");
        text.push_str(&locale.t("bin-empty"));
    }
    let mut rows: Vec<Vec<InlineKeyboardButton>> = page
        .items
        .iter()
        .map(|file| {
            let deleted = file
                .deleted_at
                .map(|at| reader.time(at))
                .unwrap_or_default();
            let label = format!("{} · {deleted}", visible_name(&file.name, MAX_PATH_CHARS));
            vec![data_button(
                Button::RestoreFile.emoji(),
                &label,
                FilesCallback::RestoreFromBin(file.key.clone()),
            )]
        })
        .collect();
    rows.push(paging_row(locale, page, |page| FilesCallback::Bin { page }));
    rows.push(vec![
        Button::Back.to(locale, FilesCallback::List { page: 0, tag: None }),
    ]);
    Screen::new(text, keyboard(rows))
}

pub fn deleted(locale: Locale, file: &CodeFile, days: u32) -> Screen {
    let text = locale.t_with(
        "file-deleted",
        &[
            ("name", shown_name(&file.name).into()),
            ("days", days.into()),
        ],
    );
    Screen::new(
        text,
        keyboard(vec![vec![
            Button::RecycleBin.to(locale, FilesCallback::Bin { page: 0 }),
            Button::MyFiles.to(locale, FilesCallback::List { page: 0, tag: None }),
        ]]),
    )
}
