//! 📥 Import ZIP: validate the archive, confirm, keep it as a backup, then restore its files
//! through the same plan and conflict choices.

use teloxide::types::{Document, FileId, MessageId};

use super::restore;
use crate::{
    archive::reader::ReadError,
    bot::{
        Ctx, HandlerResult,
        callback::{ImportCallback, MenuCallback},
        errors::megabytes,
        state::ImportState,
        ui::{Button, Screen, backups::no_room, escape, keyboard, shown_name},
    },
    service::{BackupError, import::ImportError},
};

/// A document is taken as an archive when it says it is a ZIP.
pub fn is_zip(document: &Document) -> bool {
    let named_zip = document
        .file_name
        .as_deref()
        .is_some_and(|name| name.to_lowercase().ends_with(".zip"));
    let typed_zip = document.mime_type.as_ref().is_some_and(|mime| {
        matches!(
            mime.essence_str(),
            "application/zip" | "application/x-zip-compressed"
        )
    });
    named_zip || typed_zip
}

pub async fn ask(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    ctx.set_state(ImportState::AwaitingImport).await?;
    let rows = vec![vec![Button::Cancel.to(ctx.locale, MenuCallback::Cancel)]];
    ctx.show(
        target,
        Screen::new(ctx.locale.t("import-send-zip"), keyboard(rows)),
    )
    .await
}

fn error_text(ctx: &Ctx, error: &ImportError) -> String {
    let locale = ctx.locale;
    let limits = &ctx.services.settings;
    let name = shown_name;
    match error {
        ImportError::NoFiles => locale.t("import-no-files"),
        ImportError::Backup(BackupError::QuotaFull { stored, limit }) => {
            no_room(locale, *stored, *limit)
        }
        ImportError::Library(error) => restore::error_text(ctx, error),
        ImportError::Backup(error) => {
            tracing::error!(%error, user = ctx.user, "cannot keep an imported archive");
            locale.t("error-backup-failed")
        }
        ImportError::Refused(refused) => match refused {
            ReadError::NotAZip => locale.t("import-error-not-a-zip"),
            ReadError::Empty => locale.t("import-error-empty"),
            ReadError::UnsafePath(path) => {
                locale.t_with("import-error-unsafe-path", &[("name", name(path).into())])
            }
            ReadError::NonUtf8Name => locale.t("import-error-non-utf8"),
            ReadError::Symlink(path) => {
                locale.t_with("import-error-symlink", &[("name", name(path).into())])
            }
            ReadError::Encrypted(path) => {
                locale.t_with("import-error-encrypted", &[("name", name(path).into())])
            }
            ReadError::TooManyEntries => locale.t_with(
                "import-error-too-many-entries",
                &[("max", limits.max_archive_entries.into())],
            ),
            ReadError::TooLarge => locale.t_with(
                "import-error-too-large",
                &[("max", megabytes(limits.max_archive_bytes).into())],
            ),
            ReadError::RatioTooHigh(path) => {
                locale.t_with("import-error-ratio", &[("name", name(path).into())])
            }
            ReadError::Overlapping => locale.t("import-error-overlapping"),
            ReadError::InconsistentHeaders => locale.t("import-error-inconsistent"),
            ReadError::InflatesPastDeclared(path) => {
                locale.t_with("import-error-inflates", &[("name", name(path).into())])
            }
            ReadError::Corrupt(path) => {
                locale.t_with("import-error-corrupt", &[("name", name(path).into())])
            }
            ReadError::DuplicateName(path) => {
                locale.t_with("import-error-duplicate", &[("name", name(path).into())])
            }
            ReadError::ManifestTooLarge => locale.t("import-error-manifest-too-large"),
            ReadError::BadManifest(_) => locale.t("import-error-bad-manifest"),
            ReadError::ChecksumMismatch(path) => {
                locale.t_with("import-error-checksum", &[("name", name(path).into())])
            }
        },
    }
}

async fn refuse(ctx: &Ctx, target: Option<MessageId>, text: String) -> HandlerResult {
    ctx.reset().await?;
    ctx.show(target, Screen::notice(ctx.locale, text)).await
}

/// The archive's bytes, or a refusal when Telegram cannot hand it over.
async fn fetch(
    ctx: &Ctx,
    file_id: &FileId,
    declared: u64,
) -> Result<Option<Vec<u8>>, crate::bot::HandlerError> {
    let max = ctx.services.settings.max_download_bytes;
    if declared > max {
        return Ok(None);
    }
    ctx.download(file_id, max).await
}

/// A ZIP arrived: check it all, then ask before anything is stored.
pub async fn received(ctx: &Ctx, document: &Document) -> HandlerResult {
    let max = ctx.services.settings.max_download_bytes;
    let too_big = ctx
        .locale
        .t_with("import-too-big", &[("max", megabytes(max).into())]);
    let Some(bytes) = fetch(ctx, &document.file.id, u64::from(document.file.size)).await? else {
        return refuse(ctx, None, too_big).await;
    };
    let (read, _) = match ctx
        .services
        .import
        .inspect(ctx.user, bytes, document.file_name.clone())
        .await
    {
        Ok(inspected) => inspected,
        Err(error) => return refuse(ctx, None, error_text(ctx, &error)).await,
    };
    let locale = ctx.locale;
    let skipped: usize = read.skipped.values().sum();
    let text = match &read.codevault_backup {
        // The id is whatever the archive's manifest says: shown like a name, bounded.
        Some(id) => locale.t_with(
            "import-is-backup",
            &[
                ("count", read.files.len().into()),
                ("id", shown_name(id).into()),
            ],
        ),
        None => {
            let (key, origin) = match (&read.repo, &document.file_name) {
                (Some(repo), _) => ("import-confirm", ("repo", escape(repo).into())),
                (None, Some(name)) => (
                    "import-confirm-plain",
                    ("document", shown_name(name).into()),
                ),
                (None, None) => (
                    "import-confirm-plain",
                    ("document", locale.t("import-unnamed").into()),
                ),
            };
            locale.t_with(
                key,
                &[
                    ("count", read.files.len().into()),
                    origin,
                    ("skipped", skipped.into()),
                ],
            )
        }
    };
    let rows = vec![
        vec![Button::ConfirmImport.to(locale, ImportCallback::Confirm)],
        vec![Button::Cancel.to(locale, MenuCallback::Cancel)],
    ];
    let pending = ImportState::ImportPending {
        file_id: document.file.id.0.clone(),
        document_name: document.file_name.clone(),
    };
    ctx.set_state(pending).await?;
    ctx.send(Screen::new(text, keyboard(rows))).await
}

/// The user said yes: keep the archive as a backup and show its restore plan.
pub async fn confirm(
    ctx: &Ctx,
    target: Option<MessageId>,
    state: Option<ImportState>,
) -> HandlerResult {
    let Some(ImportState::ImportPending {
        file_id,
        document_name,
    }) = state
    else {
        return ctx.stale(target).await;
    };
    let target = ctx.working(target, ctx.locale.t("import-storing")).await?;
    let Some(bytes) = fetch(ctx, &FileId(file_id), 0).await? else {
        let max = ctx.services.settings.max_download_bytes;
        return refuse(
            ctx,
            target,
            ctx.locale
                .t_with("import-too-big", &[("max", megabytes(max).into())]),
        )
        .await;
    };
    match ctx
        .services
        .import
        .keep(ctx.user, bytes, document_name.clone())
        .await
    {
        Ok(created) => {
            let note = ctx.pruned_note(&created.pruned);
            let document = document_name.as_deref();
            restore::show_import_plan(ctx, target, &created.record.id, document, note).await
        }
        Err(error) => refuse(ctx, target, error_text(ctx, &error)).await,
    }
}
