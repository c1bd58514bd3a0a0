//! One typed configuration in sections: defaults → `codevault.toml` → environment
//! (`CODEVAULT_<SECTION>__<KEY>`, plus teloxide's `TELOXIDE_TOKEN` / `TELOXIDE_API_URL`). The
//! flat keys of earlier releases are still read for one release (see [`aliases`]).

mod aliases;
mod secret;
mod sections;
mod settings;
mod store;
mod units;
mod validate;

use std::path::Path;

use figment::{
    Figment,
    providers::{Env, Format, Toml},
};
use serde::{Deserialize, Serialize};

use self::aliases::{Origin, Renaming};
pub use self::{
    aliases::{OldName, OldNames},
    secret::Secret,
    sections::{
        AlertsConfig, DriveConfig, GithubConfig, GoogleConfig, HttpConfig, LimitsConfig,
        SchedulerConfig, ScrubConfig, StorageConfig, TasksConfig, TelegramConfig,
    },
    store::StoreChoice,
};

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// A `tracing` filter, e.g. `info` or `codevault=debug,info`.
    pub log: String,
    pub telegram: TelegramConfig,
    pub storage: StorageConfig,
    pub limits: LimitsConfig,
    pub github: GithubConfig,
    pub google: GoogleConfig,
    pub drive: DriveConfig,
    pub scheduler: SchedulerConfig,
    pub tasks: TasksConfig,
    pub scrub: ScrubConfig,
    pub alerts: AlertsConfig,
    pub http: HttpConfig,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            log: "info".to_owned(),
            telegram: TelegramConfig::default(),
            storage: StorageConfig::default(),
            limits: LimitsConfig::default(),
            github: GithubConfig::default(),
            google: GoogleConfig::default(),
            drive: DriveConfig::default(),
            scheduler: SchedulerConfig::default(),
            tasks: TasksConfig::default(),
            scrub: ScrubConfig::default(),
            alerts: AlertsConfig::default(),
            http: HttpConfig::default(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration: {0}")]
    Invalid(String),
    #[error(
        "configuration: the Telegram bot token is missing (set TELOXIDE_TOKEN or [telegram] token)"
    )]
    MissingToken,
}

impl Config {
    /// Reads `file` (missing is fine) and the environment over the defaults; also says which
    /// old flat names were used.
    pub fn load(file: &Path) -> Result<(Self, OldNames), ConfigError> {
        let from_file = || Renaming::new(Toml::file(file), Origin::File(file.to_owned()));
        let from_env = || {
            let env = Env::prefixed("CODEVAULT_").ignore(&["config"]).split("__");
            Renaming::new(env, Origin::Env)
        };
        let teloxide = Env::raw()
            .only(&["TELOXIDE_TOKEN", "TELOXIDE_API_URL"])
            .map(|key| match key.as_str() {
                "TELOXIDE_TOKEN" => "telegram.token".into(),
                _ => "telegram.api_url".into(),
            });
        let config: Self = Figment::new()
            .merge(from_file())
            .merge(teloxide)
            .merge(from_env())
            .extract()
            .map_err(|error| ConfigError::Invalid(one_line(&error)))?;
        config.validate()?;
        let mut old = from_file().old_names();
        old.extend(from_env().old_names());
        Ok((config, OldNames(old)))
    }

    /// `serve` cannot start without a token; `check-config` can still show the rest.
    pub fn require_token(&self) -> Result<(), ConfigError> {
        if self.telegram.token.is_set() {
            Ok(())
        } else {
            Err(ConfigError::MissingToken)
        }
    }

    /// The effective configuration as TOML, every secret redacted.
    pub fn to_redacted_toml(&self) -> String {
        toml::to_string(self).expect("the configuration is plain data")
    }
}

fn one_line(error: &figment::Error) -> String {
    error
        .to_string()
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[cfg(test)]
// figment's `Jail` closures must return its large `figment::Error`.
#[allow(clippy::result_large_err)]
mod tests;
