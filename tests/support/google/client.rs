//! The real Google client over the fake, as the client's own tests set it up: a connected
//! user whose tokens are kept in memory, and helpers for what they send and read back.

use std::sync::Arc;

use codevault::{
    domain::progress::Unwatched,
    integrations::google::{DriveError, GoogleClient, GoogleSettings, TokenVault},
};

use super::{FakeGoogle, MemoryVault};

pub const USER: i64 = 42;
pub const FOLDER_NAME: &str = "CodeVault Backups";

pub struct Setup {
    pub fake: FakeGoogle,
    pub vault: Arc<MemoryVault>,
    pub client: GoogleClient,
}

pub async fn setup_with(tweak: impl FnOnce(&mut GoogleSettings)) -> Setup {
    let fake = FakeGoogle::start().await;
    let vault = Arc::new(MemoryVault::default());
    let mut settings = fake.settings();
    tweak(&mut settings);
    let client = GoogleClient::new(settings, vault.clone()).expect("client");
    Setup {
        fake,
        vault,
        client,
    }
}

/// A connected user (tokens already in the vault) and their backup folder.
pub async fn connected() -> (Setup, String) {
    connected_with(|_| {}).await
}

pub async fn connected_with(tweak: impl FnOnce(&mut GoogleSettings)) -> (Setup, String) {
    let setup = setup_with(tweak).await;
    setup.vault.save(USER, &setup.fake.grant()).await.unwrap();
    let folder = setup
        .client
        .ensure_folder(USER, FOLDER_NAME, None)
        .await
        .expect("folder");
    (setup, folder)
}

pub fn payload(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

pub fn md5_hex(bytes: &[u8]) -> String {
    use md5::Digest;
    md5::Md5::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The whole file, downloaded into memory with no limit to speak of.
pub async fn download(client: &GoogleClient, file_id: &str) -> Result<Vec<u8>, DriveError> {
    let mut out = Vec::new();
    let limit = 1 << 30;
    let downloaded = client
        .download(USER, file_id, limit, &mut out, &Unwatched)
        .await?;
    assert_eq!(downloaded.size, out.len() as u64);
    assert_eq!(downloaded.md5, md5_hex(&out));
    Ok(out)
}
