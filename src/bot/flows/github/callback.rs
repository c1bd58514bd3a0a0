//! 🐙 GitHub: ask for a repository, back up a recent one (named by its key, not by its place
//! in a list that reorders after each backup), connect or remove the token.

use crate::{
    bot::callback::codec::{Fields, FlowCallback},
    domain::repo_ref::RepoKey,
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GithubCallback {
    AskRepo,
    RecentRepo(RepoKey),
    ConnectToken,
    RemoveToken,
    ConfirmRemoveToken,
}

impl FlowCallback for GithubCallback {
    fn encode(&self) -> String {
        match self {
            Self::AskRepo => "ga".to_owned(),
            Self::RecentRepo(key) => format!("gr:{key}"),
            Self::ConnectToken => "gc".to_owned(),
            Self::RemoveToken => "gx".to_owned(),
            Self::ConfirmRemoveToken => "gX".to_owned(),
        }
    }

    fn parse(fields: &Fields<'_>) -> Option<Self> {
        Some(match fields.shape() {
            ("ga", 1) => Self::AskRepo,
            ("gr", 2) => Self::RecentRepo(RepoKey::parse(fields.text(1)?)?),
            ("gc", 1) => Self::ConnectToken,
            ("gx", 1) => Self::RemoveToken,
            ("gX", 1) => Self::ConfirmRemoveToken,
            _ => return None,
        })
    }

    /// The prompts wait for a message; every button leaves them.
    fn answers_step(&self) -> bool {
        match self {
            Self::AskRepo
            | Self::RecentRepo(_)
            | Self::ConnectToken
            | Self::RemoveToken
            | Self::ConfirmRemoveToken => false,
        }
    }
}

#[cfg(test)]
impl GithubCallback {
    pub fn examples() -> Vec<Self> {
        vec![
            Self::AskRepo,
            Self::RecentRepo(RepoKey::of("octo/hello")),
            Self::ConnectToken,
            Self::RemoveToken,
            Self::ConfirmRemoveToken,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::variants::{assert_every_variant_round_trips, assert_rejected, variant_names};

    variant_names!(GithubCallback {
        AskRepo,
        RecentRepo,
        ConnectToken,
        RemoveToken,
        ConfirmRemoveToken,
    });

    #[test]
    fn every_variant_round_trips() {
        let examples = GithubCallback::examples();
        assert_every_variant_round_trips(&examples, variant_name, VARIANT_NAMES);
    }

    #[test]
    fn malformed_data_is_rejected() {
        assert_rejected::<GithubCallback>(&[
            "gr",
            "gr:-1",
            "gr:x",
            "gr:4",
            "gr:0:0123456789abcdef",
            "gr:0123456789ABCDEF",
            "gr:0123456789abcde",
            "gr:0123456789abcdef0",
            "gc:1",
        ]);
    }
}
