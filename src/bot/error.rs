//! What a handler returns when it cannot finish. A service's refusal or failure is told to the
//! user on the screen they acted on, by one reporter (`Ctx::report`, run by the schema for
//! every handler); anything else — Telegram, the dialogue, our own records — is a fault the
//! guard answers with an apology.

use std::{error::Error, fmt, sync::Arc};

use teloxide::RequestError;

use super::ui::Screen;
use crate::{i18n::Locale, service::Explain, storage::StoreError};

pub type HandlerResult<T = ()> = Result<T, BotError>;

#[derive(Debug, thiserror::Error)]
pub enum BotError {
    /// A service said no, or failed: the user is told why.
    #[error(transparent)]
    Service(Failure),
    #[error("telegram: {0}")]
    Telegram(#[from] RequestError),
    #[error("cannot download a document: {0}")]
    Download(#[from] reqwest::Error),
    /// A document on its way could not be kept in its temporary file (a full disk).
    #[error("cannot keep a document: {0}")]
    TempFile(#[source] std::io::Error),
    #[error("cannot read or write the dialogue: {0}")]
    Dialogue(#[source] Box<dyn Error + Send + Sync>),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The error of a step of the update tree, which passes on only values it can clone.
    #[error(transparent)]
    Shared(Arc<BotError>),
    /// A task stopped on its user's request; the worker says so.
    #[error("cancelled")]
    Cancelled,
}

impl<E> From<E> for BotError
where
    E: Explain + 'static,
{
    fn from(error: E) -> Self {
        Self::Service(Failure {
            error: Box::new(error),
            ends_step: false,
            screen: Screen::notice,
        })
    }
}

/// A service's error on its way to the user, with how it is told.
pub struct Failure {
    pub error: Box<dyn Explain>,
    /// Whether the step in progress ends with it (the dialogue is reset before the user is
    /// told); otherwise the user stays where they were, to try again.
    pub ends_step: bool,
    /// The notice the explanation shows in: the main menu's, or a flow's with its way back.
    pub screen: fn(Locale, String) -> Screen,
}

impl fmt::Debug for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Failure")
            .field("error", &self.error)
            .field("ends_step", &self.ends_step)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl Error for Failure {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.error.source()
    }
}

/// How an error on its way out of a handler is told.
pub trait Telling<T> {
    /// The step in progress ends with an error here.
    fn ending_step(self) -> HandlerResult<T>;
    /// An error here is told in `screen` (a flow's notice, with its way back).
    fn told_in(self, screen: fn(Locale, String) -> Screen) -> HandlerResult<T>;
}

impl<T, E> Telling<T> for Result<T, E>
where
    E: Into<BotError>,
{
    fn ending_step(self) -> HandlerResult<T> {
        self.map_err(|error| match error.into() {
            BotError::Service(failure) => BotError::Service(Failure {
                ends_step: true,
                ..failure
            }),
            other => other,
        })
    }

    fn told_in(self, screen: fn(Locale, String) -> Screen) -> HandlerResult<T> {
        self.map_err(|error| match error.into() {
            BotError::Service(failure) => BotError::Service(Failure { screen, ..failure }),
            other => other,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::LibraryError;

    #[test]
    fn a_service_error_keeps_the_step_in_the_main_notice_unless_told_otherwise() {
        let en = Locale::En;
        let failed = || -> Result<(), LibraryError> { Err(LibraryError::NotFound) };
        let Err(BotError::Service(plain)) = failed().map_err(BotError::from) else {
            panic!("not a service failure");
        };
        assert!(!plain.ends_step);
        let notice = Screen::notice(en, "a".to_owned());
        assert_eq!((plain.screen)(en, "a".to_owned()), notice);
        let shown = |locale: Locale, text: String| Screen::notice(locale, format!("{text}!"));
        let Err(BotError::Service(told)) = failed().ending_step().told_in(shown) else {
            panic!("not a service failure");
        };
        assert!(told.ends_step);
        assert_eq!((told.screen)(en, "a".to_owned()).text, "a!");
        assert_eq!(told.to_string(), "no such file");
        let io = Arc::new(std::io::Error::other("gone"));
        let telegram: HandlerResult = Err(RequestError::Io(io).into());
        assert!(matches!(telegram.ending_step(), Err(BotError::Telegram(_))));
    }
}
