//! A user's GitHub connection.

use chrono::{DateTime, Utc};

/// A connected GitHub account: the login it showed and the token, sealed.
#[derive(Clone, Debug, PartialEq)]
pub struct GithubAccount {
    pub login: String,
    pub sealed_token: Vec<u8>,
    pub connected_at: DateTime<Utc>,
}
