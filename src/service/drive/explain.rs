//! What the user reads when a Drive action fails. Failures of Drive's copies (uploads,
//! schedule, retention) are the copy service's and read as it says.

use super::DriveServiceError;
use crate::service::explain::{Explain, Severity, UserMessage};

impl Explain for DriveServiceError {
    fn message(&self) -> UserMessage {
        match self {
            Self::NotConfigured => "drive-not-configured".into(),
            Self::NoKey => "drive-error-no-key".into(),
            Self::Copy(error) => error.message(),
            Self::Google(_) | Self::Store(_) => "error-internal".into(),
        }
    }

    fn severity(&self) -> Severity {
        match self {
            Self::NotConfigured | Self::NoKey => Severity::User,
            Self::Copy(error) => error.severity(),
            Self::Google(_) => Severity::Outside,
            Self::Store(_) => Severity::Ours,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{
        integrations::google::DriveError,
        service::{copies::CopyError, explain::tests::assert_keys},
        storage::StoreError,
        variants::{assert_covered, variant_names},
    };

    variant_names!(DriveServiceError {
        NotConfigured,
        NoKey,
        Google,
        Copy,
        Store,
    });

    pub fn examples() -> Vec<(DriveServiceError, &'static str)> {
        vec![
            (DriveServiceError::NotConfigured, "drive-not-configured"),
            (DriveServiceError::NoKey, "drive-error-no-key"),
            (
                DriveServiceError::Google(DriveError::RateLimited),
                "error-internal",
            ),
            (
                DriveServiceError::Copy(CopyError::NotConnected),
                "drive-error-not-connected",
            ),
            (
                DriveServiceError::Store(StoreError::Conflict),
                "error-internal",
            ),
        ]
    }

    #[test]
    fn every_drive_error_reads_as_its_key() {
        let examples = examples();
        assert_keys(&examples);
        let errors: Vec<_> = examples.into_iter().map(|(error, _)| error).collect();
        assert_covered(&errors, variant_name, VARIANT_NAMES);
    }
}
