mod callback;

pub use callback::BackupsCallback;
