//! CodeVault: a Telegram bot that keeps users' code files and backs them up.
#![forbid(unsafe_code)]

pub mod app;
pub mod archive;
pub mod bot;
pub mod config;
pub mod domain;
pub mod i18n;
pub mod integrations;
pub mod ops;
pub mod service;
pub mod spool;
pub mod storage;
pub mod sync;
#[cfg(test)]
mod variants;
