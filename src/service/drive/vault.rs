//! The Google token vault: each user's grant sealed with AES-256-GCM (user id as associated
//! data) on their user document.

use std::sync::Arc;

use async_trait::async_trait;

use crate::{
    integrations::{
        crypto::{Purpose, TokenCipher},
        google::{StoredToken, TokenVault, VaultError},
    },
    storage::{DriveStore, StoreError},
};

pub struct SealedVault {
    store: Arc<dyn DriveStore>,
    cipher: Option<TokenCipher>,
}

impl SealedVault {
    pub fn new(store: Arc<dyn DriveStore>, cipher: Option<TokenCipher>) -> Self {
        Self { store, cipher }
    }

    fn cipher(&self) -> Result<&TokenCipher, VaultError> {
        self.cipher.as_ref().ok_or(VaultError::NoKey)
    }
}

fn storage(error: StoreError) -> VaultError {
    VaultError::Storage(error.into())
}

#[async_trait]
impl TokenVault for SealedVault {
    async fn load(&self, user: i64) -> Result<Option<StoredToken>, VaultError> {
        let Some(sealed) = self.store.sealed_token(user).await.map_err(storage)? else {
            return Ok(None);
        };
        let json = self
            .cipher()?
            .open(Purpose::Google, user, &sealed)
            .map_err(|_| VaultError::Unreadable)?;
        serde_json::from_str(&json)
            .map(Some)
            .map_err(|_| VaultError::Unreadable)
    }

    async fn save(&self, user: i64, token: &StoredToken) -> Result<(), VaultError> {
        let json = serde_json::to_string(token).map_err(VaultError::Encode)?;
        let sealed = self.cipher()?.seal(Purpose::Google, user, &json);
        self.store
            .set_sealed_token(user, &sealed)
            .await
            .map_err(storage)
    }

    async fn clear(&self, user: i64) -> Result<(), VaultError> {
        self.store.clear_token(user).await.map_err(storage)
    }
}
