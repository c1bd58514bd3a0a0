//! Building a full backup: the user's files streamed from the store into a ZIP written on the
//! blocking pool, into a spool (memory, or a temporary file past the threshold) that hashes
//! the archive as it is written.

use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

use futures::TryStreamExt;

use super::{BackupError, BackupOptions, BackupResult, BackupService, BuildError};
use crate::{
    archive::{ArchiveError, BackupWriter, EntrySource, Manifest, ManifestHeader},
    domain::{
        CodeFile, Id, UserId,
        progress::{Progress, Unit},
    },
    spool::{Spool, Spooled},
    storage::stream_history,
};

/// Files waiting for the builder: enough to keep it busy, few enough to bound memory.
const QUEUE: usize = 64;

/// Tells the builder to stop without finishing the archive, whichever way the sending side
/// leaves (cancelled, or failed reading the files), unless it was disarmed (all files sent).
struct StopOnDrop {
    stop: Arc<AtomicBool>,
    armed: bool,
}

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        if self.armed {
            self.stop.store(true, Ordering::Relaxed);
        }
    }
}

impl BackupService {
    /// Streams the files (with `options.history`, each followed by its earlier versions) from
    /// storage into a ZIP built on a blocking thread, so neither the runtime nor memory carries
    /// the whole library at once; counts the files to `progress` and stops when it is
    /// cancelled.
    pub(super) async fn build(
        &self,
        user: UserId,
        header: ManifestHeader,
        options: &BackupOptions,
        progress: &dyn Progress,
    ) -> BackupResult<(Spooled, Manifest)> {
        let total = self.files.usage(user).await?.files;
        let memory = self.settings.archive_memory_bytes;
        let history = options.history;
        let password = options.password.clone();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let (sender, mut receiver) = tokio::sync::mpsc::channel::<CodeFile>(QUEUE);
        let builder = tokio::task::spawn_blocking(move || {
            let mut writer = BackupWriter::new(Spool::new(memory));
            if history {
                writer = writer.with_history();
            }
            if let Some(password) = password {
                writer = writer.with_password(password);
            }
            // A file comes first, then its earlier versions (the same key).
            let mut last_key: Option<Id> = None;
            while let Some(file) = receiver.blocking_recv() {
                let entry = EntrySource {
                    file_name: &file.name,
                    language: &file.language,
                    note: file.note.as_deref(),
                    tags: &file.tags,
                    version: file.version,
                    code: file.code.as_bytes(),
                    created_at: file.created_at,
                    updated_at: file.updated_at,
                };
                if last_key.as_ref() == Some(&file.key) {
                    writer.add_version(entry)?;
                } else {
                    writer.add(entry)?;
                    last_key = Some(file.key.clone());
                }
            }
            if stopped.load(Ordering::Relaxed) {
                return Ok(None);
            }
            let (spool, manifest) = writer.finish(header)?;
            Ok::<_, ArchiveError>(Some((spool.finish()?, manifest)))
        });
        let sent = self
            .send_files(user, history, sender, progress, total, stop)
            .await;
        // The builder has stopped (or finished) by now: its temporary file is gone with it.
        let built = builder.await.map_err(BuildError::from)??;
        sent?;
        built.ok_or(BackupError::Cancelled)
    }

    async fn send_files(
        &self,
        user: UserId,
        history: bool,
        sender: tokio::sync::mpsc::Sender<CodeFile>,
        progress: &dyn Progress,
        total: u64,
        stop: Arc<AtomicBool>,
    ) -> BackupResult<()> {
        // Dropped before `sender` (locals go before parameters): the builder sees the flag
        // by the time it sees the channel closed.
        let mut stop = StopOnDrop { stop, armed: true };
        let mut files = if history {
            stream_history(self.files.clone(), user).await?
        } else {
            self.files.stream_current(user).await?
        };
        let mut done = 0;
        let mut last_key: Option<Id> = None;
        while let Some(file) = files.try_next().await? {
            if progress.cancelled() {
                return Err(BackupError::Cancelled);
            }
            // Files are counted, not their versions.
            let is_file = last_key.as_ref() != Some(&file.key);
            last_key = Some(file.key.clone());
            if sender.send(file).await.is_err() {
                break; // the builder failed; its error is reported by the caller
            }
            if is_file {
                done += 1;
                progress.advance(Unit::Files, done, Some(total));
            }
        }
        // Every file sent: the builder may write the manifest.
        stop.armed = false;
        Ok(())
    }
}
