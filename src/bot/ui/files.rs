//! What follows an action on a file, whichever flow did it.

use super::{Button, Screen, keyboard};
use crate::{
    bot::callback::{Callback, MenuItem},
    domain::Id,
    i18n::Locale,
};

/// After an action on a file: a message with buttons to the file and to the list.
pub fn after_action(locale: Locale, text: String, file: Option<&Id>) -> Screen {
    let mut row = Vec::new();
    if let Some(key) = file {
        row.push(Button::OpenFile.to(locale, Callback::Open(key.clone())));
    }
    row.push(Button::MyFiles.to(locale, Callback::Files { page: 0, tag: None }));
    Screen::new(
        text,
        keyboard(vec![
            row,
            vec![Button::MainMenu.to(locale, Callback::Menu(MenuItem::Main))],
        ]),
    )
}
