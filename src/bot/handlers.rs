//! Routes updates to the flows (until the schema does).

pub mod access;
pub mod callbacks;
pub mod messages;
