mod callback;
mod state;

pub use callback::RestoreCallback;
pub use state::RestoreState;
