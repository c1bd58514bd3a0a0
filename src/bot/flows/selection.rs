mod callback;
mod state;

pub use callback::SelectionCallback;
pub use state::SelectionState;
