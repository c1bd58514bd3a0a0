//! Operations: metrics (counted from the services' events), the HTTP endpoint, the benchmark
//! (admin alerts later).

pub mod bench;
pub mod http;
pub mod instance;
pub mod metrics;
pub mod migrate;
