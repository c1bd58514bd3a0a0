//! Operations: events (and later metrics, health and admin alerts).

pub mod events;
