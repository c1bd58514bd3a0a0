//! A user's Google Drive connection and settings.

use chrono::{DateTime, Utc};

use super::{retention::RetentionPolicy, schedule::Schedule};

/// A user's Google Drive settings and state, as the status screen shows them.
#[derive(Clone, Debug, PartialEq)]
pub struct DriveProfile {
    /// A token is stored and still usable.
    pub connected: bool,
    pub email: Option<String>,
    pub folder_id: Option<String>,
    /// Which bot-made backups to keep in the folder; `None` is the operator's default.
    pub retention: Option<RetentionPolicy>,
    pub schedule: Schedule,
    pub last_success: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// When a scheduled run last found the library unchanged and uploaded nothing.
    pub last_unchanged: Option<DateTime<Utc>>,
    /// The grant was revoked or the token became unreadable: the user must connect again.
    pub needs_reconnect: bool,
}
