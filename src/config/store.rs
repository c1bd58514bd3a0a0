//! Which store the configuration chooses, and how it is named in logs and `check-config`.

use std::{fmt, path::PathBuf};

use super::sections::StorageConfig;

/// The database the bot keeps everything in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreChoice {
    /// One SQLite file in `data_dir`: the default, for one machine.
    Embedded { data_dir: PathBuf },
    /// MongoDB: chosen by setting `storage.mongodb_uri`, for several instances.
    Mongo { uri: String, database: String },
}

impl StorageConfig {
    /// MongoDB when `mongodb_uri` is set, otherwise the embedded store.
    pub fn store(&self) -> StoreChoice {
        if self.mongodb_uri.is_set() {
            StoreChoice::Mongo {
                uri: self.mongodb_uri.expose().to_owned(),
                database: self.mongodb_database.clone(),
            }
        } else {
            StoreChoice::Embedded {
                data_dir: self.data_dir.clone(),
            }
        }
    }
}

/// Says which store and where, never a password: `MongoDB at db1:27017,db2:27017 (database
/// codevault)` or `embedded SQLite in codevault-data`.
impl fmt::Display for StoreChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Embedded { data_dir } => {
                write!(f, "embedded SQLite in {}", data_dir.display())
            }
            Self::Mongo { uri, database } => {
                write!(f, "MongoDB at {} (database {database})", hosts(uri))
            }
        }
    }
}

/// The hosts of a connection string: what follows the credentials, up to the path or options.
fn hosts(uri: &str) -> &str {
    let rest = uri.split_once("://").map_or(uri, |(_, rest)| rest);
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..end];
    authority
        .rsplit_once('@')
        .map_or(authority, |(_, hosts)| hosts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::secret::Secret;

    #[test]
    fn an_unset_uri_chooses_the_embedded_store_in_the_data_dir() {
        let config = StorageConfig::default();
        assert_eq!(
            config.store(),
            StoreChoice::Embedded {
                data_dir: PathBuf::from("codevault-data")
            }
        );
        assert_eq!(
            config.store().to_string(),
            "embedded SQLite in codevault-data"
        );
    }

    #[test]
    fn a_set_uri_chooses_mongodb_and_is_shown_without_its_password() {
        let config = StorageConfig {
            mongodb_uri: Secret::new(
                "mongodb://bot:s3cret@db1:27017,db2:27017/admin?replicaSet=rs0",
            ),
            ..StorageConfig::default()
        };
        let shown = config.store().to_string();
        assert_eq!(shown, "MongoDB at db1:27017,db2:27017 (database codevault)");
        assert!(!shown.contains("s3cret"));
        let plain = StorageConfig {
            mongodb_uri: Secret::new("mongodb+srv://cluster.example.net"),
            ..StorageConfig::default()
        };
        assert_eq!(
            plain.store().to_string(),
            "MongoDB at cluster.example.net (database codevault)"
        );
    }
}
