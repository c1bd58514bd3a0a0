//! Clients for outside services (GitHub, Google) and the sealing of the tokens they need.

pub mod crypto;
pub mod github;
pub mod google;
pub mod transfer;
