//! Operations: events, metrics and the HTTP endpoint (admin alerts later).

pub mod bench;
pub mod events;
pub mod http;
pub mod metrics;
