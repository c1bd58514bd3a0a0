mod callback;

pub use callback::LanguageCallback;
