//! Operations: events (and later metrics, health and admin alerts).

pub mod bench;
pub mod events;
