//! What follows an action on a file, whichever flow did it.

use super::{Button, Screen, keyboard};
use crate::{
    bot::callback::{FilesCallback, MenuItem},
    domain::Id,
    i18n::Locale,
};

/// After an action on a file: a message with buttons to the file and to the list.
pub fn after_action(locale: Locale, text: String, file: Option<&Id>) -> Screen {
    let mut row = Vec::new();
    if let Some(key) = file {
        row.push(Button::OpenFile.to(locale, FilesCallback::Open(key.clone())));
    }
    row.push(Button::MyFiles.to(locale, FilesCallback::List { page: 0, tag: None }));
    Screen::new(
        text,
        keyboard(vec![row, vec![Button::MainMenu.to(locale, MenuItem::Main)]]),
    )
}
