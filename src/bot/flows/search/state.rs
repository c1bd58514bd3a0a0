//! 🔎 Search: waiting for the words, or showing what they found (kept for the pages).

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum SearchState {
    AwaitingQuery,
    /// Results shown: their pages read the query again; new words search again.
    SearchResults {
        query: String,
    },
}

#[cfg(test)]
impl SearchState {
    pub fn examples() -> Vec<Self> {
        vec![
            Self::AwaitingQuery,
            Self::SearchResults {
                query: "parse lang:rust \"fn main\"".to_owned(),
            },
        ]
    }
}
