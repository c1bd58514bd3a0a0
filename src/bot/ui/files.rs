//! What follows an action on a file, and a refused file name, whichever flow did it.

use super::{Button, Reader, Screen, keyboard, message::render};
use crate::{
    bot::callback::{FilesCallback, MenuCallback, MenuItem},
    domain::{Id, file_name::NameError},
    i18n::Locale,
    service::{Explain, LibraryError, MessageArg, UserMessage},
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

/// Why a typed name was refused — with the name as it really is when the reason is a
/// character the user cannot see — and a request for another.
pub fn name_refused(reader: &Reader, reason: NameError, typed: &str) -> Screen {
    let mut message = LibraryError::InvalidName(reason).message();
    if matches!(
        reason,
        NameError::ControlCharacter | NameError::Bidi | NameError::Invisible
    ) {
        let shown = MessageArg::Name(typed.to_owned());
        message = message.then(UserMessage::new("error-name-as-sent").with("name", shown));
    }
    let message = message.then(UserMessage::new("save-try-another-name"));
    Screen::new(
        render(reader, &message),
        keyboard(vec![vec![
            Button::Cancel.to(reader.locale, MenuCallback::Cancel),
        ]]),
    )
}
