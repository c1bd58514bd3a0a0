//! The GitHub REST API, as much of it as repository backups need: who a token belongs to,
//! a repository's default branch, a ref's commit, and the zipball of a commit.
//!
//! Tokens go only into an `Authorization` header marked sensitive; errors carry statuses and
//! GitHub's reset time, never a header or a URL with a secret in it.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::{
    Client, Response, StatusCode,
    header::{self, HeaderMap, HeaderValue},
};
use serde::Deserialize;
use url::Url;

use crate::domain::{
    progress::{Progress, Unit},
    repo_ref::RepoRef,
};

#[derive(Clone, Debug)]
pub struct GithubSettings {
    /// `https://api.github.com`, or `https://host/api/v3` for GitHub Enterprise.
    pub api_url: Url,
    /// How long to wait for a connection or for the next bytes of an answer.
    pub timeout: Duration,
    pub user_agent: String,
}

#[derive(Debug, thiserror::Error)]
pub enum GithubError {
    /// No such repository, or a private one the token (if any) cannot see: GitHub does not
    /// tell these apart.
    #[error("repository not found")]
    NotFound,
    #[error("no such branch, tag or commit")]
    RefNotFound,
    #[error("the repository is empty")]
    EmptyRepository,
    #[error("the token was refused")]
    BadToken,
    #[error("the token may not read this repository")]
    Forbidden,
    #[error("rate limited until {reset:?}")]
    RateLimited { reset: Option<DateTime<Utc>> },
    #[error("the archive is larger than {max} bytes")]
    TooLarge { max: u64 },
    #[error("GitHub did not answer in time")]
    Timeout,
    #[error("cannot reach GitHub: {0}")]
    Network(#[source] NetworkError),
    #[error("GitHub answered {0}")]
    Unexpected(u16),
    /// The user asked to stop the download.
    #[error("cancelled")]
    Cancelled,
}

/// Why GitHub could not be reached.
#[derive(Debug, thiserror::Error)]
pub enum NetworkError {
    /// The HTTP client's error, its URL left out (it names the repository).
    #[error(transparent)]
    Http(reqwest::Error),
    #[error("the API URL cannot have a path")]
    ApiUrl,
}

pub type GithubResult<T> = Result<T, GithubError>;

/// What a repository's page says about it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Repository {
    /// `owner/name` as GitHub spells it.
    pub full_name: String,
    pub default_branch: String,
    #[serde(default)]
    pub private: bool,
}

#[derive(Deserialize)]
struct User {
    login: String,
}

#[derive(Deserialize)]
struct Commit {
    sha: String,
}

#[derive(Clone)]
pub struct GithubClient {
    http: Client,
    api: Url,
}

impl GithubClient {
    pub fn new(settings: &GithubSettings) -> GithubResult<Self> {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT,
            HeaderValue::from_static("application/vnd.github+json"),
        );
        headers.insert(
            "X-GitHub-Api-Version",
            HeaderValue::from_static("2022-11-28"),
        );
        let http = Client::builder()
            .user_agent(&settings.user_agent)
            .default_headers(headers)
            .connect_timeout(settings.timeout)
            .read_timeout(settings.timeout)
            .build()
            .map_err(|error| GithubError::Network(NetworkError::Http(error)))?;
        Ok(Self {
            http,
            api: settings.api_url.clone(),
        })
    }

    /// The login of the token's owner: proves the token works.
    pub async fn login(&self, token: &str) -> GithubResult<String> {
        let response = self.get(&["user"], Some(token)).await?;
        Ok(json::<User>(response).await?.login)
    }

    pub async fn repository(
        &self,
        repo: &RepoRef,
        token: Option<&str>,
    ) -> GithubResult<Repository> {
        let response = self.get(&["repos", &repo.owner, &repo.name], token).await?;
        json(response).await
    }

    /// The commit a branch, tag or SHA points at now.
    pub async fn commit_sha(
        &self,
        repo: &RepoRef,
        git_ref: &str,
        token: Option<&str>,
    ) -> GithubResult<String> {
        let mut path = vec!["repos", &repo.owner, &repo.name, "commits"];
        path.extend(git_ref.split('/'));
        let response = self.get(&path, token).await?;
        Ok(json::<Commit>(response).await?.sha)
    }

    /// The zipball of `commit`, following GitHub's redirect to its download host, read a
    /// chunk at a time and abandoned as soon as it passes `max_bytes` or `progress` is
    /// cancelled; each chunk advances `progress`.
    pub async fn zipball(
        &self,
        repo: &RepoRef,
        commit: &str,
        token: Option<&str>,
        max_bytes: u64,
        progress: &dyn Progress,
    ) -> GithubResult<Vec<u8>> {
        let path = ["repos", &repo.owner, &repo.name, "zipball", commit];
        let mut response = self.get(&path, token).await?;
        if response
            .content_length()
            .is_some_and(|length| length > max_bytes)
        {
            return Err(GithubError::TooLarge { max: max_bytes });
        }
        let total = response.content_length();
        let mut archive = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if progress.cancelled() {
                return Err(GithubError::Cancelled);
            }
            if archive.len() as u64 + chunk.len() as u64 > max_bytes {
                return Err(GithubError::TooLarge { max: max_bytes });
            }
            archive.extend_from_slice(&chunk);
            progress.advance(Unit::Bytes, archive.len() as u64, total);
        }
        Ok(archive)
    }

    async fn get(&self, path: &[&str], token: Option<&str>) -> GithubResult<Response> {
        let mut url = self.api.clone();
        url.path_segments_mut()
            .map_err(|()| GithubError::Network(NetworkError::ApiUrl))?
            .pop_if_empty()
            .extend(path);
        let mut request = self.http.get(url);
        if let Some(token) = token {
            let mut value = HeaderValue::from_str(&format!("Bearer {token}"))
                .map_err(|_| GithubError::BadToken)?;
            value.set_sensitive(true);
            request = request.header(header::AUTHORIZATION, value);
        }
        let response = request.send().await.map_err(transport)?;
        check(response)
    }
}

async fn json<T>(response: Response) -> GithubResult<T>
where
    T: for<'de> Deserialize<'de>,
{
    let status = response.status().as_u16();
    response
        .json()
        .await
        .map_err(|_| GithubError::Unexpected(status))
}

fn transport(error: reqwest::Error) -> GithubError {
    if error.is_timeout() {
        GithubError::Timeout
    } else {
        GithubError::Network(NetworkError::Http(error.without_url()))
    }
}

/// Turns GitHub's error statuses into what they mean for a backup.
fn check(response: Response) -> GithubResult<Response> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let headers = response.headers();
    let exhausted = header_number(headers, "x-ratelimit-remaining") == Some(0);
    let retry_after = header_number(headers, "retry-after");
    let error = match status {
        StatusCode::UNAUTHORIZED => GithubError::BadToken,
        StatusCode::FORBIDDEN | StatusCode::TOO_MANY_REQUESTS
            if exhausted || retry_after.is_some() || status == StatusCode::TOO_MANY_REQUESTS =>
        {
            let reset = match retry_after {
                Some(seconds) => Some(Utc::now() + chrono::Duration::seconds(seconds)),
                None => header_number(headers, "x-ratelimit-reset")
                    .and_then(|epoch| DateTime::from_timestamp(epoch, 0)),
            };
            GithubError::RateLimited { reset }
        }
        StatusCode::FORBIDDEN => GithubError::Forbidden,
        StatusCode::NOT_FOUND => GithubError::NotFound,
        StatusCode::CONFLICT => GithubError::EmptyRepository,
        StatusCode::UNPROCESSABLE_ENTITY => GithubError::RefNotFound,
        other => GithubError::Unexpected(other.as_u16()),
    };
    Err(error)
}

fn header_number(headers: &HeaderMap, name: &str) -> Option<i64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}
