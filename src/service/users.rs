//! Users: the language each one is answered in, and the time zone they read times in.

use std::sync::Arc;

use crate::{
    domain::{UserId, UserProfile, schedule::Zone},
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

    /// The user's language and time zone. A user seen for the first time gets a profile in
    /// `first` (the language their Telegram speaks), kept until they choose another, and UTC.
    pub async fn profile_of(&self, user: UserId, first: Locale) -> StoreResult<UserProfile> {
        self.store.get_or_create(user, first).await
    }

    pub async fn set_locale(&self, user: UserId, locale: Locale) -> StoreResult<()> {
        self.store.set_locale(user, locale).await
    }

    pub async fn set_zone(&self, user: UserId, zone: Zone) -> StoreResult<()> {
        self.store.set_zone(user, zone).await
    }

    /// Whether the user has ever used the bot (without making them a profile).
    pub async fn exists(&self, user: UserId) -> StoreResult<bool> {
        self.store.exists(user).await
    }
}
