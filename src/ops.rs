//! Operations: metrics (counted from the services' events), the HTTP endpoint, the benchmark,
//! migrating between stores, dumping and loading the database, and the operator's commands
//! on users' backups (admin alerts later).

pub mod admin;
pub mod bench;
pub mod dump;
mod files;
pub mod http;
pub mod instance;
pub mod metrics;
pub mod migrate;
pub mod signal;
