//! How a long action (a download, an upload, a backup of many files) tells how far it got and
//! learns that its user asked it to stop. The action calls `advance` as it goes and checks
//! `cancelled` between chunks; what is shown, and how often, is the caller's business.

/// What a long action counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Bytes,
    Files,
}

pub trait Progress: Send + Sync {
    /// `done` of `total` (when known) so far. Called for every chunk or file: an
    /// implementation that shows it throttles.
    fn advance(&self, unit: Unit, done: u64, total: Option<u64>);
    /// Whether the action should stop now: it then removes what it made and fails as
    /// cancelled.
    fn cancelled(&self) -> bool;
}

/// For actions nobody watches (operator commands, tests): never cancelled.
#[derive(Clone, Copy, Debug, Default)]
pub struct Unwatched;

impl Progress for Unwatched {
    fn advance(&self, _unit: Unit, _done: u64, _total: Option<u64>) {}

    fn cancelled(&self) -> bool {
        false
    }
}
