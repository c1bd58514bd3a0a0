//! The GitHub prompts: each waits for one message.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum GithubState {
    /// 🔑 Connect token was tapped: the next message is the token (deleted on arrival).
    #[serde(rename = "awaiting_github_token")]
    AwaitingToken,
    /// 📦 Back up a repository was tapped: the next message names it.
    AwaitingRepo,
}
