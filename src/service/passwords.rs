//! Passwords a user typed, held in this process's memory only for the steps that need them
//! (a protected backup being made, a protected archive being planned and restored), and for a
//! short while at most: never in the store, the dialogue or a task's record, never logged.
//! Another instance does not know them; a step that runs where its password is not asks for
//! it again.

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

use crate::{
    domain::{UserId, password::Password},
    sync::lock,
};

/// How long a password is held after it was typed.
pub const HELD_FOR: Duration = Duration::from_secs(30 * 60);

#[derive(Default)]
pub struct Passwords {
    held: Mutex<HashMap<UserId, (Password, Instant)>>,
}

impl Passwords {
    pub fn new() -> Self {
        Self::default()
    }

    /// Holds `password` for the user's next step, in place of any other.
    pub fn hold(&self, user: UserId, password: Password) {
        let mut held = lock(&self.held);
        held.retain(|_, (_, since)| since.elapsed() < HELD_FOR);
        held.insert(user, (password, Instant::now()));
    }

    /// The user's password, while it is held.
    pub fn get(&self, user: UserId) -> Option<Password> {
        let held = lock(&self.held);
        held.get(&user)
            .filter(|(_, since)| since.elapsed() < HELD_FOR)
            .map(|(password, _)| password.clone())
    }

    /// Forgets the user's password (the step that needed it is over); it is wiped as it goes.
    pub fn forget(&self, user: UserId) {
        let mut held = lock(&self.held);
        held.remove(&user);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_the_users_own_until_forgotten() {
        let passwords = Passwords::new();
        let typed = Password::given("open sesame".to_owned()).unwrap();
        passwords.hold(7, typed.clone());
        assert_eq!(passwords.get(7), Some(typed));
        assert_eq!(passwords.get(8), None);
        passwords.forget(7);
        assert_eq!(passwords.get(7), None);
    }
}
