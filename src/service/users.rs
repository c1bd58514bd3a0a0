//! Users: the language each one is answered in.

use std::sync::Arc;

use crate::{
    domain::UserId,
    i18n::Locale,
    storage::{StoreResult, UserStore},
};

pub struct Users {
    store: Arc<dyn UserStore>,
}

impl Users {
    pub fn new(store: Arc<dyn UserStore>) -> Self {
        Self { store }
    }

    /// The language the user is answered in. A user seen for the first time gets a profile in
    /// `first` (the language their Telegram speaks), kept until they choose another.
    pub async fn locale_of(&self, user: UserId, first: Locale) -> StoreResult<Locale> {
        Ok(self.store.get_or_create(user, first).await?.locale)
    }

    pub async fn set_locale(&self, user: UserId, locale: Locale) -> StoreResult<()> {
        self.store.set_locale(user, locale).await
    }

    /// Whether the user has ever used the bot (without making them a profile).
    pub async fn exists(&self, user: UserId) -> StoreResult<bool> {
        self.store.exists(user).await
    }
}
