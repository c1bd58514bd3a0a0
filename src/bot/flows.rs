//! One module per flow: its callback data, its dialogue state, its handlers and its screens,
//! side by side.

pub mod backups;
pub mod drive;
pub mod files;
pub mod github;
pub mod import;
pub mod language;
pub mod menu;
pub mod notes;
pub mod restore;
pub mod save;
pub mod selection;
