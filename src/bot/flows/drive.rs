mod callback;
mod state;

pub use callback::DriveCallback;
pub use state::DriveState;
