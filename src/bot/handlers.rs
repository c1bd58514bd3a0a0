//! Thin handlers: read the update, call one service method, render a screen.

pub mod access;
mod backups;
pub mod callbacks;
pub mod commands;
mod drive;
mod file_meta;
mod files;
mod github;
mod import;
mod menu;
pub mod messages;
mod restore;
mod save;
