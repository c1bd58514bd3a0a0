//! A user as the bot knows them.

use super::{UserId, locale::Locale, schedule::Zone};

#[derive(Clone, Debug, PartialEq)]
pub struct UserProfile {
    pub user_id: UserId,
    pub locale: Locale,
    /// The zone whose clocks times are shown on: UTC until the user chooses one.
    pub zone: Zone,
}
