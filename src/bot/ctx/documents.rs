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
        progress::{Progress, Unit},
    },
};

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
    pub async fn deliver(&self, record: &BackupRecord, archive: Vec<u8>) -> HandlerResult {
        let limit = self.services.settings.max_upload_bytes;
        if record.archive_size > limit {
            return self
                .send(screens::too_big(self.locale, record, limit))
                .await;
        }
        let document = InputFile::memory(archive).file_name(record.file_name());
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

    /// A document's bytes, or `None` if it turns out larger than `limit`; each chunk advances
    /// `progress`, which can stop the download.
    pub async fn download(
        &self,
        file_id: &FileId,
        limit: u64,
        progress: &dyn Progress,
    ) -> HandlerResult<Option<Vec<u8>>> {
        let file = self.bot.get_file(file_id.clone()).await?;
        let mut stream = self.bot.inner().download_file_stream(&file.path);
        let total = Some(u64::from(file.size)).filter(|size| *size > 0);
        let mut bytes = Vec::new();
        while let Some(chunk) = stream.next().await {
            if progress.cancelled() {
                return Err(BotError::Cancelled);
            }
            bytes.extend_from_slice(&chunk?);
            if bytes.len() as u64 > limit {
                return Ok(None);
            }
            progress.advance(Unit::Bytes, bytes.len() as u64, total);
        }
        Ok(Some(bytes))
    }
}
