//! How the commands show backups and progress: plain lines for an operator's terminal or log.

use std::{
    sync::Mutex,
    time::{Duration, Instant},
};

use crate::domain::{
    backup::BackupRecord,
    progress::{Progress, Unit},
};

/// `<id>  user <user>  <type>  <created>  <n> file(s)  <bytes> bytes`.
pub fn backup(record: &BackupRecord) -> String {
    format!(
        "{}  user {}  {}  {}  {} file(s)  {} bytes",
        record.id,
        record.user_id,
        record.kind.as_str(),
        record.created_at.format("%Y-%m-%d %H:%M:%S UTC"),
        record.file_count,
        record.archive_size,
    )
}

/// How often a progress line is printed at most.
const EVERY: Duration = Duration::from_secs(2);

/// Prints how many files a backup or an export has written, every few seconds at most.
pub struct Printed {
    last: Mutex<Option<Instant>>,
}

impl Printed {
    pub fn new() -> Self {
        Self {
            last: Mutex::new(None),
        }
    }
}

impl Progress for Printed {
    fn advance(&self, unit: Unit, done: u64, total: Option<u64>) {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let finished = total == Some(done);
        if last.is_some_and(|at| at.elapsed() < EVERY) && !finished {
            return;
        }
        *last = Some(Instant::now());
        let unit = match unit {
            Unit::Files => "files",
            Unit::Bytes => "bytes",
        };
        match total {
            Some(total) => println!("  {done} of {total} {unit}"),
            None => println!("  {done} {unit}"),
        }
    }

    fn cancelled(&self) -> bool {
        false
    }
}
