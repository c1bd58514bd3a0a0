//! The Google token vault: each user's grant sealed with AES-256-GCM (user id as associated
//! data) on their user document.

use std::sync::Arc;

use async_trait::async_trait;

use crate::{
    integrations::{
        crypto::{Purpose, TokenCipher},
        google::{StoredToken, TokenVault, VaultError},
    },
    storage::DriveStore,
};

/// Raised as a `VaultError` when a stored token no longer opens (the key changed).
pub const UNREADABLE: &str = "the stored Google token cannot be read";
const NO_KEY: &str = "no encryption key is configured";

pub struct SealedVault {
    store: Arc<dyn DriveStore>,
    cipher: Option<TokenCipher>,
}

impl SealedVault {
    pub fn new(store: Arc<dyn DriveStore>, cipher: Option<TokenCipher>) -> Self {
        Self { store, cipher }
    }

    fn cipher(&self) -> Result<&TokenCipher, VaultError> {
        self.cipher
            .as_ref()
            .ok_or_else(|| VaultError(NO_KEY.to_owned()))
    }
}

fn storage(error: impl std::fmt::Display) -> VaultError {
    VaultError(format!("storage: {error}"))
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
            .map_err(|_| VaultError(UNREADABLE.to_owned()))?;
        serde_json::from_str(&json)
            .map(Some)
            .map_err(|_| VaultError(UNREADABLE.to_owned()))
    }

    async fn save(&self, user: i64, token: &StoredToken) -> Result<(), VaultError> {
        let json = serde_json::to_string(token).map_err(|_| VaultError("encode".to_owned()))?;
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
