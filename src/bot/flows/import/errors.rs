//! Why an archive was refused or could not be kept, in the user's words.

use crate::{
    archive::reader::ReadError,
    bot::{
        Ctx,
        errors::megabytes,
        flows::restore,
        ui::{backups::no_room, shown_name},
    },
    service::{BackupError, import::ImportError},
};

pub fn error_text(ctx: &Ctx, error: &ImportError) -> String {
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
