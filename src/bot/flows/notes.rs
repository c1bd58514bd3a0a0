mod callback;
mod state;

pub use callback::NotesCallback;
pub use state::NotesState;
