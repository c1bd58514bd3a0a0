mod callback;
mod state;

pub use callback::GithubCallback;
pub use state::GithubState;
