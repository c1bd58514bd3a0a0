//! Operations: metrics (counted from the services' events), the HTTP endpoint, the benchmark,
//! moving and dumping the database (admin alerts later).

pub mod bench;
pub mod dump;
pub mod http;
pub mod instance;
pub mod metrics;
pub mod migrate;
pub mod signal;
