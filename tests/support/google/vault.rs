//! Tokens kept in memory, for tests of the Google client alone.

use std::{collections::HashMap, sync::Mutex};

use async_trait::async_trait;
use codevault::integrations::google::{StoredToken, TokenVault, VaultError};

#[derive(Default)]
pub struct MemoryVault {
    tokens: Mutex<HashMap<i64, StoredToken>>,
}

impl MemoryVault {
    pub fn get(&self, user: i64) -> Option<StoredToken> {
        self.tokens.lock().unwrap().get(&user).cloned()
    }
}

#[async_trait]
impl TokenVault for MemoryVault {
    async fn load(&self, user: i64) -> Result<Option<StoredToken>, VaultError> {
        Ok(self.get(user))
    }
    async fn save(&self, user: i64, token: &StoredToken) -> Result<(), VaultError> {
        self.tokens.lock().unwrap().insert(user, token.clone());
        Ok(())
    }
    async fn clear(&self, user: i64) -> Result<(), VaultError> {
        self.tokens.lock().unwrap().remove(&user);
        Ok(())
    }
}
