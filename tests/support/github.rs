//! A fake GitHub REST API for end-to-end tests, served under `/api/v3` as GitHub Enterprise
//! is, so the configurable base URL is exercised too.
//!
//! It answers what repository backups use: `GET /user`, `/repos/{o}/{r}`,
//! `/repos/{o}/{r}/commits/{ref}` and `/repos/{o}/{r}/zipball/{sha}`, the last with a 302 to a
//! download URL as GitHub's codeload does. Like GitHub it answers 404 for a private repository
//! the caller may not see, 401 for an unknown token, 409 for an empty repository, 422 for an
//! unknown ref, and 403 with `x-ratelimit-*` headers once rate limited. Every request is
//! recorded with the token it carried. A repository's download can be held half-way
//! (`hold_download`) until the test releases it, as a slow download would be.

use std::{
    collections::HashMap,
    io::{Cursor, Write},
    net::SocketAddr,
    sync::{Arc, Mutex, MutexGuard, PoisonError},
    time::Duration,
};

use axum::{
    Router,
    body::{Body, Bytes},
    extract::{Request, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;
use sha2::{Digest, Sha256};

pub mod generated;

pub use generated::Generated;

/// Files of one commit: path under the repository → bytes.
pub type Files<'a> = &'a [(&'a str, &'a [u8])];

#[derive(Clone, Debug)]
pub struct FakeRepo {
    pub full_name: String,
    pub default_branch: String,
    pub private: bool,
    /// Tokens that may read this repository when it is private.
    pub readers: Vec<String>,
    /// Ref name → commit SHA.
    pub refs: HashMap<String, String>,
    /// Commit SHA → zipball bytes.
    pub zipballs: HashMap<String, Vec<u8>>,
    /// Commit SHA → a zipball made while it is sent (too large to hold).
    pub generated: HashMap<String, Generated>,
    pub empty: bool,
    /// Seconds to stall before answering anything about this repository.
    pub stall_secs: u64,
}

#[derive(Clone, Debug)]
pub struct SeenRequest {
    pub path: String,
    pub token: Option<String>,
}

/// A download held half-way: the first half of the archive is sent at once, the rest when the
/// test releases it.
#[derive(Default)]
pub struct Gate {
    started: tokio::sync::Notify,
    released: tokio::sync::watch::Sender<bool>,
}

impl Gate {
    /// Waits until the first half of the archive was sent.
    pub async fn wait_started(&self) {
        self.started.notified().await;
    }

    /// Sends the rest of the archive, and every later download in full.
    pub fn release(&self) {
        self.released.send_replace(true);
    }

    async fn released(&self) {
        let mut released = self.released.subscribe();
        let _ = released.wait_for(|released| *released).await;
    }
}

#[derive(Default)]
struct GhState {
    repos: HashMap<String, FakeRepo>,
    /// Held downloads, by repository (lower case).
    gates: HashMap<String, Arc<Gate>>,
    tokens: HashMap<String, String>,
    rate_limit_reset: Option<i64>,
    requests: Vec<SeenRequest>,
    addr: Option<SocketAddr>,
}

#[derive(Clone)]
pub struct FakeGithub {
    state: Arc<Mutex<GhState>>,
    addr: SocketAddr,
}

/// A 40-hex-digit commit id derived from `seed`.
pub fn commit_sha(seed: &str) -> String {
    hex::encode(Sha256::digest(seed.as_bytes()))[..40].to_owned()
}

/// A zipball as GitHub makes it: `owner-repo-<sha7>/` holding the files, directory entries
/// included.
pub fn zipball(full_name: &str, sha: &str, files: &[(&str, &[u8])]) -> Vec<u8> {
    let top = format!("{}-{}", full_name.replace('/', "-"), &sha[..7]);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.add_directory(format!("{top}/"), options).unwrap();
    for (name, bytes) in files {
        if let Some((dir, _)) = name.rsplit_once('/') {
            let _ = zip.add_directory(format!("{top}/{dir}/"), options);
        }
        zip.start_file(format!("{top}/{name}"), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.set_comment(sha.to_owned()).unwrap();
    zip.finish().unwrap().into_inner()
}

impl FakeGithub {
    pub async fn start() -> Self {
        let state = Arc::new(Mutex::new(GhState::default()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        state.lock().unwrap().addr = Some(addr);
        let app = Router::new().fallback(handle).with_state(state.clone());
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Self { state, addr }
    }

    /// The base URL to configure (`github_api_url`).
    pub fn api_url(&self) -> String {
        format!("http://{}/api/v3", self.addr)
    }

    fn st(&self) -> MutexGuard<'_, GhState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn add_token(&self, token: &str, login: &str) {
        self.st().tokens.insert(token.to_owned(), login.to_owned());
    }

    pub fn revoke_token(&self, token: &str) {
        self.st().tokens.remove(token);
    }

    /// A repository whose refs each hold `files`; returns each ref's commit SHA.
    pub fn add_repo(
        &self,
        full_name: &str,
        private: bool,
        refs: &[(&str, Files<'_>)],
    ) -> HashMap<String, String> {
        let mut repo = FakeRepo {
            full_name: full_name.to_owned(),
            default_branch: refs.first().map_or("main", |r| r.0).to_owned(),
            private,
            readers: Vec::new(),
            refs: HashMap::new(),
            zipballs: HashMap::new(),
            generated: HashMap::new(),
            empty: refs.is_empty(),
            stall_secs: 0,
        };
        for (name, files) in refs {
            let sha = commit_sha(&format!("{full_name}@{name}"));
            repo.zipballs
                .insert(sha.clone(), zipball(full_name, &sha, files));
            repo.refs.insert((*name).to_owned(), sha.clone());
            repo.refs.insert(sha.clone(), sha);
        }
        let shas = repo.refs.clone();
        self.st().repos.insert(full_name.to_lowercase(), repo);
        shas
    }

    /// A repository whose `main` is a zipball of `shape`, made while it is sent; returns its
    /// commit SHA.
    pub fn add_generated_repo(&self, full_name: &str, shape: Generated) -> String {
        self.add_repo(full_name, false, &[("main", &[])]);
        let sha = commit_sha(&format!("{full_name}@main"));
        self.update_repo(full_name, |repo| {
            repo.zipballs.remove(&sha);
            repo.generated.insert(sha.clone(), shape);
        });
        sha
    }

    pub fn update_repo(&self, full_name: &str, change: impl FnOnce(&mut FakeRepo)) {
        let mut st = self.st();
        change(st.repos.get_mut(&full_name.to_lowercase()).expect("a repo"));
    }

    /// Every request answers 403 rate-limited until `reset` (epoch seconds); `None` lifts it.
    pub fn rate_limit(&self, reset: Option<i64>) {
        self.st().rate_limit_reset = reset;
    }

    pub fn requests(&self) -> Vec<SeenRequest> {
        self.st().requests.clone()
    }

    /// The archive of `full_name` at `sha`, as a download sends it.
    pub fn zipball_of(&self, full_name: &str, sha: &str) -> Vec<u8> {
        let st = self.st();
        let repo = st.repos.get(&full_name.to_lowercase()).expect("a repo");
        repo.zipballs.get(sha).expect("a commit").clone()
    }

    /// Holds every download of `full_name`'s archive half-way until the gate is released.
    pub fn hold_download(&self, full_name: &str) -> Arc<Gate> {
        let gate = Arc::new(Gate::default());
        self.st()
            .gates
            .insert(full_name.to_lowercase(), gate.clone());
        gate
    }
}

/// `bytes` as a download: in full, or through `gate` (the first half, then the rest once
/// released), with its length announced either way.
fn download(bytes: &[u8], gate: Option<Arc<Gate>>) -> Response {
    let response = Response::builder()
        .header(header::CONTENT_TYPE, "application/zip")
        .header(header::CONTENT_LENGTH, bytes.len());
    let Some(gate) = gate else {
        return response.body(Body::from(bytes.to_vec())).unwrap();
    };
    let (first, rest) = bytes.split_at(bytes.len() / 2);
    let (first, rest) = (Bytes::copy_from_slice(first), Bytes::copy_from_slice(rest));
    let held = gate.clone();
    let first = futures::stream::once(async move {
        gate.started.notify_one();
        Ok::<_, std::io::Error>(first)
    });
    let rest = futures::stream::once(async move {
        held.released().await;
        Ok(rest)
    });
    response
        .body(Body::from_stream(futures::StreamExt::chain(first, rest)))
        .unwrap()
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(json!({ "message": message }))).into_response()
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("token "))
        .map(str::to_owned)
}

async fn handle(State(state): State<Arc<Mutex<GhState>>>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let token = bearer(request.headers());
    let (stall, answer) = {
        let mut st = state.lock().unwrap_or_else(PoisonError::into_inner);
        st.requests.push(SeenRequest {
            path: path.clone(),
            token: token.clone(),
        });
        route(&st, &path, token.as_deref())
    };
    if stall > 0 {
        tokio::time::sleep(Duration::from_secs(stall)).await;
    }
    answer
}

fn route(st: &GhState, path: &str, token: Option<&str>) -> (u64, Response) {
    if let Some(rest) = path.strip_prefix("/download/") {
        // The download host trusts the signed URL, as codeload does.
        let sha = rest
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .trim_end_matches(".zip");
        let found = st
            .repos
            .iter()
            .find_map(|(key, repo)| Some((key, repo.zipballs.get(sha)?)));
        if let Some((key, bytes)) = found {
            return (0, download(bytes, st.gates.get(key).cloned()));
        }
        let made = st.repos.values().find_map(|repo| {
            let shape = repo.generated.get(sha)?;
            let top = format!("{}-{}", repo.full_name.replace('/', "-"), &sha[..7]);
            Some(Body::from_stream(generated::stream(*shape, top)))
        });
        let Some(body) = made else {
            return (0, error(StatusCode::NOT_FOUND, "Not Found"));
        };
        let response = Response::builder()
            .header(header::CONTENT_TYPE, "application/zip")
            .body(body)
            .unwrap();
        return (0, response);
    }
    let Some(api) = path.strip_prefix("/api/v3/") else {
        return (0, error(StatusCode::NOT_FOUND, "Not Found"));
    };
    if let Some(reset) = st.rate_limit_reset {
        let response = Response::builder()
            .status(StatusCode::FORBIDDEN)
            .header("x-ratelimit-remaining", "0")
            .header("x-ratelimit-reset", reset.to_string())
            .body(Body::from(r#"{"message":"API rate limit exceeded"}"#))
            .unwrap();
        return (0, response);
    }
    let login = match token {
        Some(token) => match st.tokens.get(token) {
            Some(login) => Some(login.clone()),
            None => return (0, error(StatusCode::UNAUTHORIZED, "Bad credentials")),
        },
        None => None,
    };
    if api == "user" {
        return match login {
            Some(login) => (0, axum::Json(json!({ "login": login })).into_response()),
            None => (
                0,
                error(StatusCode::UNAUTHORIZED, "Requires authentication"),
            ),
        };
    }
    let parts: Vec<&str> = api.split('/').collect();
    let ["repos", owner, name, rest @ ..] = parts.as_slice() else {
        return (0, error(StatusCode::NOT_FOUND, "Not Found"));
    };
    let Some(repo) = st.repos.get(&format!("{owner}/{name}").to_lowercase()) else {
        return (0, error(StatusCode::NOT_FOUND, "Not Found"));
    };
    let visible = !repo.private || token.is_some_and(|t| repo.readers.iter().any(|r| r == t));
    if !visible {
        return (0, error(StatusCode::NOT_FOUND, "Not Found"));
    }
    let stall = repo.stall_secs;
    let answer = match rest {
        [] => axum::Json(json!({
            "full_name": repo.full_name,
            "default_branch": repo.default_branch,
            "private": repo.private,
        }))
        .into_response(),
        ["commits", git_ref @ ..] if !git_ref.is_empty() => {
            if repo.empty {
                error(StatusCode::CONFLICT, "Git Repository is empty.")
            } else {
                match repo.refs.get(&git_ref.join("/")) {
                    Some(sha) => axum::Json(json!({ "sha": sha })).into_response(),
                    None => error(StatusCode::UNPROCESSABLE_ENTITY, "No commit found for SHA"),
                }
            }
        }
        ["zipball", sha]
            if repo.zipballs.contains_key(*sha) || repo.generated.contains_key(*sha) =>
        {
            let addr = st.addr.expect("bound");
            let location = format!("http://{addr}/download/{}/{sha}.zip", repo.full_name);
            Response::builder()
                .status(StatusCode::FOUND)
                .header(header::LOCATION, location)
                .body(Body::empty())
                .unwrap()
        }
        _ => error(StatusCode::NOT_FOUND, "Not Found"),
    };
    (stall, answer)
}
