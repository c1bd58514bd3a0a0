mod callback;
mod state;

pub use callback::SaveCallback;
pub use state::{Draft, SaveState};
