//! A user as the bot knows them.

use super::{UserId, locale::Locale};

#[derive(Clone, Debug, PartialEq)]
pub struct UserProfile {
    pub user_id: UserId,
    pub locale: Locale,
}
