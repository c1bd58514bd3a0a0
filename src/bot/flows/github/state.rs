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

#[cfg(test)]
impl GithubState {
    pub fn examples() -> Vec<Self> {
        vec![Self::AwaitingToken, Self::AwaitingRepo]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::variants::{assert_covered, variant_names};

    variant_names!(GithubState {
        AwaitingToken,
        AwaitingRepo
    });

    #[test]
    fn every_step_has_an_example() {
        assert_covered(&GithubState::examples(), variant_name, VARIANT_NAMES);
    }
}
