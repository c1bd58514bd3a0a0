//! GitHub settings: the account in `github`, recently backed-up repositories on the user's row.

use std::sync::Arc;

use async_trait::async_trait;
use rusqlite::{OptionalExtension, params};

use super::{
    db::Db,
    values::{Json, ensure_user, json, millis, time},
};
use crate::{
    domain::{GithubAccount, UserId},
    storage::{GithubStore, StoreResult},
};

#[derive(Clone)]
pub struct SqliteGithub {
    db: Arc<Db>,
}

impl SqliteGithub {
    pub(super) fn new(db: Arc<Db>) -> Self {
        Self { db }
    }
}

fn recent(conn: &rusqlite::Connection, user: UserId) -> StoreResult<Vec<String>> {
    let repos: Option<Json<Vec<String>>> = conn
        .prepare_cached("SELECT recent_repos FROM users WHERE user_id = ?1")?
        .query_row([user], |row| row.get(0))
        .optional()?;
    Ok(repos.map(|repos| repos.0).unwrap_or_default())
}

#[async_trait]
impl GithubStore for SqliteGithub {
    async fn account(&self, user: UserId) -> StoreResult<Option<GithubAccount>> {
        self.db
            .read(move |conn| {
                Ok(conn
                    .prepare_cached(
                        "SELECT login, token, connected_at FROM github WHERE user_id = ?1",
                    )?
                    .query_row([user], |row| {
                        Ok(GithubAccount {
                            login: row.get(0)?,
                            sealed_token: row.get(1)?,
                            connected_at: time(row.get(2)?),
                        })
                    })
                    .optional()?)
            })
            .await
    }

    async fn set_account(&self, user: UserId, account: &GithubAccount) -> StoreResult<()> {
        let account = account.clone();
        self.db
            .write(move |conn| {
                ensure_user(conn, user)?;
                conn.prepare_cached(
                    "INSERT OR REPLACE INTO github (user_id, login, token, connected_at) \
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![
                    user,
                    account.login,
                    account.sealed_token,
                    millis(account.connected_at)
                ])?;
                Ok(())
            })
            .await
    }

    async fn clear_account(&self, user: UserId) -> StoreResult<bool> {
        self.db
            .write(move |conn| {
                let removed = conn
                    .prepare_cached("DELETE FROM github WHERE user_id = ?1")?
                    .execute([user])?;
                Ok(removed > 0)
            })
            .await
    }

    async fn recent_repos(&self, user: UserId) -> StoreResult<Vec<String>> {
        self.db.read(move |conn| recent(conn, user)).await
    }

    async fn remember_repo(&self, user: UserId, repo: &str, keep: usize) -> StoreResult<()> {
        let repo = repo.to_owned();
        self.db
            .write(move |conn| {
                let mut repos = recent(conn, user)?;
                repos.retain(|known| !known.eq_ignore_ascii_case(&repo));
                repos.insert(0, repo);
                repos.truncate(keep);
                ensure_user(conn, user)?;
                conn.prepare_cached("UPDATE users SET recent_repos = ?2 WHERE user_id = ?1")?
                    .execute(params![user, json(&repos)?])?;
                Ok(())
            })
            .await
    }
}
