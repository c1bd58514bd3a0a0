//! Repository backups: a token (optional, sealed at rest), then commit → zipball → stored
//! `github_repo_zip` backup; its files can then be imported like any archive.

pub(crate) mod explain;

use std::sync::Arc;

use chrono::SubsecRound;

use super::{
    BackupError, BackupService, Clock,
    backup::{Created, RepoOrigin},
    events,
};
use crate::{
    domain::{
        Event, GithubAccount, UserId,
        backup::BackupKind,
        progress::Progress,
        repo_ref::{RepoKey, RepoRef},
    },
    integrations::{
        crypto::{Purpose, TokenCipher},
        github::{GithubClient, GithubError},
    },
    storage::{EventStore, GithubStore, StoreError},
};

/// How many recently backed-up repositories are offered as buttons.
pub const RECENT_REPOS: usize = 5;
/// GitHub tokens are at most a few hundred characters; anything longer is not one.
const MAX_TOKEN_CHARS: usize = 1024;

#[derive(Clone, Debug)]
pub struct GithubLimits {
    /// The largest zipball downloaded.
    pub max_archive_bytes: u64,
    /// The most its files may inflate to while they are hashed.
    pub max_inflated_bytes: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum GithubServiceError {
    #[error(transparent)]
    Github(#[from] GithubError),
    /// No such repository, or a private one the caller cannot see; `with_token` says whether
    /// a token was used (without one, connecting a token may help).
    #[error("repository not found")]
    RepoNotFound { with_token: bool },
    /// The text sent is not shaped like a token (empty, spaces, far too long).
    #[error("not a token")]
    NotAToken,
    /// GitHub refused the token being connected.
    #[error("the token was refused")]
    TokenRefused,
    /// The operator configured no encryption key, so no token can be kept.
    #[error("token storage is not configured")]
    NoKey,
    /// The stored token no longer opens (the key changed): the user must connect again.
    #[error("the stored token cannot be read")]
    TokenUnreadable,
    #[error(transparent)]
    Backup(#[from] BackupError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub type GithubServiceResult<T> = Result<T, GithubServiceError>;

/// A repository backup that failed, and the repository it was of (the user is told which).
#[derive(Debug, thiserror::Error)]
#[error("{reason}")]
pub struct RepoBackupError {
    pub repo: RepoRef,
    #[source]
    pub reason: GithubServiceError,
}

pub struct GithubService {
    client: GithubClient,
    accounts: Arc<dyn GithubStore>,
    backups: Arc<BackupService>,
    cipher: Option<TokenCipher>,
    events: Arc<dyn EventStore>,
    clock: Arc<dyn Clock>,
    limits: GithubLimits,
}

impl GithubService {
    pub fn new(
        client: GithubClient,
        accounts: Arc<dyn GithubStore>,
        backups: Arc<BackupService>,
        cipher: Option<TokenCipher>,
        events: Arc<dyn EventStore>,
        clock: Arc<dyn Clock>,
        limits: GithubLimits,
    ) -> Self {
        Self {
            client,
            accounts,
            backups,
            cipher,
            events,
            clock,
            limits,
        }
    }

    /// Whether tokens can be kept at all (the operator configured a key).
    pub fn can_keep_tokens(&self) -> bool {
        self.cipher.is_some()
    }

    pub fn limits(&self) -> &GithubLimits {
        &self.limits
    }

    async fn emit(&self, event: Event) {
        events::emit(self.events.as_ref(), event).await;
    }

    pub async fn account(&self, user: UserId) -> GithubServiceResult<Option<GithubAccount>> {
        Ok(self.accounts.account(user).await?)
    }

    /// Checks the token with GitHub, then keeps it sealed; returns the login it belongs to.
    pub async fn connect(&self, user: UserId, token: &str) -> GithubServiceResult<String> {
        let token = token.trim();
        if token.is_empty()
            || token.chars().count() > MAX_TOKEN_CHARS
            || token.chars().any(char::is_whitespace)
        {
            return Err(GithubServiceError::NotAToken);
        }
        let cipher = self.cipher.as_ref().ok_or(GithubServiceError::NoKey)?;
        let login = self
            .client
            .login(token)
            .await
            .map_err(|error| match error {
                GithubError::BadToken => GithubServiceError::TokenRefused,
                other => other.into(),
            })?;
        let account = GithubAccount {
            login: login.clone(),
            sealed_token: cipher.seal(Purpose::GitHub, user, token),
            connected_at: self.clock.now().trunc_subsecs(0),
        };
        self.accounts.set_account(user, &account).await?;
        self.emit(Event::GithubConnected { user }).await;
        Ok(login)
    }

    /// Forgets the token; whether there was one.
    pub async fn disconnect(&self, user: UserId) -> GithubServiceResult<bool> {
        let removed = self.accounts.clear_account(user).await?;
        if removed {
            self.emit(Event::GithubDisconnected { user }).await;
        }
        Ok(removed)
    }

    pub async fn recent(&self, user: UserId) -> GithubServiceResult<Vec<String>> {
        Ok(self.accounts.recent_repos(user).await?)
    }

    /// The repository of a recent-repository button: looked up by its key in the user's own
    /// list, so a button from an older menu still names the same repository, and a forged or
    /// outdated key (the repository left the list) finds nothing.
    pub async fn recent_repo(
        &self,
        user: UserId,
        key: RepoKey,
    ) -> GithubServiceResult<Option<RepoRef>> {
        let recent = self.accounts.recent_repos(user).await?;
        Ok(recent
            .iter()
            .find(|name| RepoKey::of(name) == key)
            .and_then(|name| RepoRef::parse(name).ok()))
    }

    /// The user's token in the clear, if they connected one.
    async fn token(&self, user: UserId) -> GithubServiceResult<Option<String>> {
        let Some(account) = self.accounts.account(user).await? else {
            return Ok(None);
        };
        let cipher = self
            .cipher
            .as_ref()
            .ok_or(GithubServiceError::TokenUnreadable)?;
        cipher
            .open(Purpose::GitHub, user, &account.sealed_token)
            .map(Some)
            .map_err(|_| GithubServiceError::TokenUnreadable)
    }

    /// Downloads the repository at `repo`'s ref (its default branch when none) and keeps it
    /// as a `github_repo_zip` backup; `progress` counts the download's bytes and can stop it.
    pub async fn back_up(
        &self,
        user: UserId,
        repo: &RepoRef,
        progress: &dyn Progress,
    ) -> Result<Created, RepoBackupError> {
        let reason = match self.download_and_store(user, repo, progress).await {
            Ok(created) => return Ok(created),
            Err(reason) => reason,
        };
        // A backup that failed while being stored has already reported itself; a cancelled one
        // did not fail.
        let cancelled = matches!(
            reason,
            GithubServiceError::Github(GithubError::Cancelled)
                | GithubServiceError::Backup(BackupError::Cancelled)
        );
        if !cancelled && !matches!(reason, GithubServiceError::Backup(_)) {
            let failed = Event::GithubBackupFailed {
                user,
                repo: repo.full_name(),
                reason: reason.to_string(),
            };
            self.emit(failed).await;
        }
        Err(RepoBackupError {
            repo: repo.clone(),
            reason,
        })
    }

    async fn download_and_store(
        &self,
        user: UserId,
        repo: &RepoRef,
        progress: &dyn Progress,
    ) -> GithubServiceResult<Created> {
        // The quota first: a download that could not be kept is not worth making.
        self.backups
            .ensure_room(user, BackupKind::GithubRepoZip)
            .await?;
        let token = self.token(user).await?;
        let token = token.as_deref();
        let info = self
            .client
            .repository(repo, token)
            .await
            .map_err(|error| match error {
                GithubError::NotFound => GithubServiceError::RepoNotFound {
                    with_token: token.is_some(),
                },
                other => other.into(),
            })?;
        let git_ref = repo.git_ref.clone().unwrap_or(info.default_branch);
        let commit = self.client.commit_sha(repo, &git_ref, token).await?;
        let zipball = self
            .client
            .zipball(
                repo,
                &commit,
                token,
                self.limits.max_archive_bytes,
                progress,
            )
            .await?;
        let origin = RepoOrigin {
            repo: info.full_name.clone(),
            git_ref,
            commit,
        };
        let created = self
            .backups
            .store_repo(
                user,
                zipball,
                origin,
                self.limits.max_inflated_bytes,
                progress,
            )
            .await?;
        self.accounts
            .remember_repo(user, &info.full_name, RECENT_REPOS)
            .await?;
        Ok(created)
    }
}
