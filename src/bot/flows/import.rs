mod callback;
mod state;

pub use callback::ImportCallback;
pub use state::ImportState;
