//! Shared test support: real servers for the bot to talk to.
#![allow(dead_code)]

pub mod blobs;
pub mod bot;
pub mod clock;
pub mod db;
pub mod drive_bot;
pub mod dumps;
pub mod faults;
pub mod flow;
pub mod github;
pub mod google;
pub mod jobs;
pub mod latency;
pub mod migration;
pub mod progress;
pub mod proxy;
pub mod restoring;
pub mod services;
pub mod stored;
pub mod stores;
pub mod tamper;
pub mod telegram;
pub mod zips;
