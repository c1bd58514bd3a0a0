mod callback;

pub use callback::{MenuCallback, MenuItem};
