//! Documents in and out: library files, backup archives (with the offers when Telegram will
//! not take one), and what the user sends.

use futures::StreamExt;
use teloxide::{
    net::Download,
    prelude::*,
    types::{FileId, InputFile},
};

use super::Ctx;
use crate::{
    bot::{BotError, HandlerResult, ui::backups as screens},
    domain::{
        backup::BackupRecord,
        progress::{Progress, Unit, Unwatched},
    },
    spool::{AsyncSpool, Spooled},
};

/// An archive as a document named `file_name`: from memory when it is there, otherwise
/// streamed from its temporary file as Telegram takes it. Sent by path when it has one: the
/// throttled bot retries an upload by sending a copy of the request, and a copy of a reader
/// would be read whole into memory first; a path is opened anew by each copy.
pub fn archive_document(archive: &Spooled, file_name: String) -> InputFile {
    match (archive.bytes(), archive.reopenable_path()) {
        (Some(bytes), _) => InputFile::memory(bytes),
        (None, Some(path)) => InputFile::file(path),
        (None, None) => InputFile::read(archive.async_reader()),
    }
    .file_name(file_name)
}

impl Ctx {
    /// Sends a library file as a document; a name with folders (`src/app.py`) goes as one
    /// file name every system can save (`src_app.py`), as it would inside a backup.
    pub async fn send_file(&self, name: &str, content: Vec<u8>) -> HandlerResult {
        let file_name = crate::archive::names::sanitize(name);
        self.bot
            .send_document(self.chat, InputFile::memory(content).file_name(file_name))
            .await?;
        Ok(())
    }

    /// Sends a backup's archive as one document, or offers parts and Drive when Telegram would
    /// refuse it.
    pub async fn deliver(&self, record: &BackupRecord, archive: &Spooled) -> HandlerResult {
        let limit = self.services.settings.max_upload_bytes;
        if record.archive_size > limit {
            return self
                .send(screens::too_big(self.locale, record, limit))
                .await;
        }
        let document = archive_document(archive, record.file_name());
        let caption = screens::caption(self.locale, record);
        self.send_archive(record, document, caption).await?;
        Ok(())
    }

    /// Sends an archive or a part of one. When Telegram does not take it, the user is told the
    /// backup is stored and offered to download it again; answers whether it went.
    pub async fn send_archive(
        &self,
        record: &BackupRecord,
        document: InputFile,
        caption: String,
    ) -> HandlerResult<bool> {
        let sent = self
            .bot
            .send_document(self.chat, document)
            .caption(caption)
            .await;
        if let Err(error) = sent {
            tracing::warn!(%error, user = self.user, backup = %record.id, "cannot deliver a backup");
            self.send(screens::undelivered(self.locale, record)).await?;
            return Ok(false);
        }
        Ok(true)
    }

    /// A document's bytes, or `None` if it turns out larger than `limit`.
    pub async fn download(&self, file_id: &FileId, limit: u64) -> HandlerResult<Option<Vec<u8>>> {
        let spooled = self.download_spooled(file_id, limit, u64::MAX, &Unwatched);
        let Some(document) = spooled.await? else {
            return Ok(None);
        };
        Ok(Some(document.to_vec().await.map_err(BotError::TempFile)?))
    }

    /// A document (an archive sent to be imported) kept as backups are kept: in memory up to
    /// the archive threshold, in a temporary file past it; `None` if it turns out larger than
    /// `limit`. Each chunk advances `progress`, which can stop the download.
    pub async fn download_archive(
        &self,
        file_id: &FileId,
        limit: u64,
        progress: &dyn Progress,
    ) -> HandlerResult<Option<Spooled>> {
        let memory = self.services.backups.settings().archive_memory_bytes;
        self.download_spooled(file_id, limit, memory, progress)
            .await
    }

    async fn download_spooled(
        &self,
        file_id: &FileId,
        limit: u64,
        memory: u64,
        progress: &dyn Progress,
    ) -> HandlerResult<Option<Spooled>> {
        let file = self.bot.get_file(file_id.clone()).await?;
        let mut stream = self.bot.inner().download_file_stream(&file.path);
        let total = Some(u64::from(file.size)).filter(|size| *size > 0);
        let mut document = AsyncSpool::new(memory);
        while let Some(chunk) = stream.next().await {
            if progress.cancelled() {
                return Err(BotError::Cancelled);
            }
            let chunk = chunk?;
            if document.len().saturating_add(chunk.len() as u64) > limit {
                return Ok(None);
            }
            document.write(&chunk).await.map_err(BotError::TempFile)?;
            progress.advance(Unit::Bytes, document.len(), total);
        }
        Ok(Some(document.finish().await.map_err(BotError::TempFile)?))
    }
}
