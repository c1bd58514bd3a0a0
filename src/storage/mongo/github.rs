//! GitHub settings live on the user's document: `github` (login, sealed token) and
//! `recent_repos`.

use async_trait::async_trait;
use mongodb::{
    Collection, Database,
    bson::{Binary, Document, doc, spec::BinarySubtype},
};

use super::{from_bson_time, to_bson_time, unreadable};
use crate::{
    domain::{GithubAccount, UserId},
    storage::{GithubStore, StoreResult},
};

#[derive(Clone)]
pub struct MongoGithub {
    users: Collection<Document>,
}

impl MongoGithub {
    pub(super) fn new(db: &Database) -> Self {
        Self {
            users: db.collection("users"),
        }
    }
}

#[async_trait]
impl GithubStore for MongoGithub {
    async fn account(&self, user: UserId) -> StoreResult<Option<GithubAccount>> {
        let found = self
            .users
            .find_one(doc! { "_id": user, "github": { "$exists": true } })
            .projection(doc! { "github": 1 })
            .await?;
        let Some(github) = found
            .as_ref()
            .and_then(|doc| doc.get_document("github").ok())
        else {
            return Ok(None);
        };
        Ok(Some(GithubAccount {
            login: github
                .get_str("login")
                .map_err(unreadable("github.login"))?
                .to_owned(),
            sealed_token: github
                .get_binary_generic("token")
                .map_err(unreadable("github.token"))?
                .clone(),
            connected_at: from_bson_time(
                *github
                    .get_datetime("connected_at")
                    .map_err(unreadable("github.connected_at"))?,
            ),
        }))
    }

    async fn set_account(&self, user: UserId, account: &GithubAccount) -> StoreResult<()> {
        let token = Binary {
            subtype: BinarySubtype::Generic,
            bytes: account.sealed_token.clone(),
        };
        let github = doc! {
            "login": &account.login,
            "token": token,
            "connected_at": to_bson_time(account.connected_at),
        };
        self.users
            .update_one(doc! { "_id": user }, doc! { "$set": { "github": github } })
            .upsert(true)
            .await?;
        Ok(())
    }

    async fn clear_account(&self, user: UserId) -> StoreResult<bool> {
        let result = self
            .users
            .update_one(
                doc! { "_id": user, "github": { "$exists": true } },
                doc! { "$unset": { "github": "" } },
            )
            .await?;
        Ok(result.modified_count > 0)
    }

    async fn recent_repos(&self, user: UserId) -> StoreResult<Vec<String>> {
        let found = self
            .users
            .find_one(doc! { "_id": user })
            .projection(doc! { "recent_repos": 1 })
            .await?;
        let repos = found
            .as_ref()
            .and_then(|doc| doc.get_array("recent_repos").ok())
            .map(|repos| {
                repos
                    .iter()
                    .filter_map(|repo| repo.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        Ok(repos)
    }

    async fn remember_repo(&self, user: UserId, repo: &str, keep: usize) -> StoreResult<()> {
        let mut repos = self.recent_repos(user).await?;
        repos.retain(|known| !known.eq_ignore_ascii_case(repo));
        repos.insert(0, repo.to_owned());
        repos.truncate(keep);
        self.users
            .update_one(
                doc! { "_id": user },
                doc! { "$set": { "recent_repos": repos } },
            )
            .upsert(true)
            .await?;
        Ok(())
    }
}
