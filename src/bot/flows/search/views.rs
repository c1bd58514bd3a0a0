//! 🔎 Search's screens: the question, and a page of results with the line each was found on.

use teloxide::types::InlineKeyboardButton;

use super::callback::SearchCallback;
use crate::{
    bot::{
        callback::{FilesCallback, MenuCallback, MenuItem},
        ui::{
            Button, Screen, data_button, escape, keyboard, paging_row, shorten, shown_name,
            visible_name,
        },
    },
    domain::{
        file_name::MAX_PATH_CHARS,
        paging::Page,
        search::{Found, SHOWN_LINE_CHARS},
    },
    i18n::Locale,
};

/// The most of the query a results screen repeats.
const SHOWN_QUERY_CHARS: usize = 60;

pub fn ask(locale: Locale) -> Screen {
    Screen::new(
        locale.t("search-ask"),
        keyboard(vec![vec![
            Button::MyFiles.to(locale, MenuItem::Files),
            Button::Cancel.to(locale, MenuCallback::Cancel),
        ]]),
    )
}

pub fn results(locale: Locale, query: &str, page: &Page<Found>) -> Screen {
    let mut text = locale.t_with(
        "search-title",
        &[
            ("query", escape(&shorten(query, SHOWN_QUERY_CHARS)).into()),
            ("count", page.total.into()),
            ("page", page.ordinal().into()),
            ("pages", page.page_count().into()),
        ],
    );
    if page.items.is_empty() {
        text.push_str("\n\n");
        text.push_str(&locale.t("search-none"));
    }
    for found in &page.items {
        text.push_str(if found.favourite {
            "\n\n⭐ 📄 <b>"
        } else {
            "\n\n📄 <b>"
        });
        text.push_str(&shown_name(&found.file.name));
        text.push_str("</b>");
        if let Some(hit) = &found.hit {
            // The line is the user's code: made visible (no control or reordering character
            // acts) and escaped.
            let line = escape(&visible_name(&hit.line, SHOWN_LINE_CHARS + 1));
            text.push('\n');
            text.push_str(&locale.t_with(
                "search-hit",
                &[("line", hit.line_number.into()), ("text", line.into())],
            ));
        }
    }
    let mut rows: Vec<Vec<InlineKeyboardButton>> = (page.items.iter())
        .map(|found| {
            vec![data_button(
                Button::OpenFile.emoji(),
                &visible_name(&found.file.name, MAX_PATH_CHARS),
                FilesCallback::Open(found.file.key.clone()),
            )]
        })
        .collect();
    rows.push(paging_row(locale, page, SearchCallback::Page));
    rows.push(vec![
        Button::NewSearch.to(locale, SearchCallback::Ask),
        Button::MyFiles.to(locale, MenuItem::Files),
    ]);
    Screen::new(text, keyboard(rows))
}
