mod callback;

pub use callback::FilesCallback;
