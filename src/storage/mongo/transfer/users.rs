//! A user's document: `locale`, `time_zone`, `recent_repos`, `favourites`, `github`, and a section per destination
//! (`drive` also holds Drive's connection).

use mongodb::bson::{self, Binary, Bson, Document, doc, oid::ObjectId, spec::BinarySubtype};

use super::super::{
    destinations::{text, time},
    files::FAVOURITES,
    to_bson_time, to_id, to_oid,
};
use crate::{
    domain::DestinationId,
    storage::{
        StoreError, StoreResult,
        transfer::{DestinationRecord, DriveRecord, GithubRecord, UserRecord},
    },
};

const GITHUB: &str = "github";

fn field(field: &'static str) -> impl FnOnce(bson::document::ValueAccessError) -> StoreError {
    move |source| StoreError::Field { field, source }
}

pub(super) fn read(doc: &Document) -> StoreResult<UserRecord> {
    let user_id = match doc.get("_id") {
        Some(Bson::Int32(id)) => i64::from(*id),
        _ => doc.get_i64("_id").map_err(field("_id"))?,
    };
    let github = match doc.get_document(GITHUB) {
        Ok(github) => Some(GithubRecord {
            login: github
                .get_str("login")
                .map_err(field("github.login"))?
                .to_owned(),
            sealed_token: github
                .get_binary_generic("token")
                .map_err(field("github.token"))?
                .clone(),
            connected_at: time(github, "connected_at").ok_or(StoreError::Unrepresentable(
                "github.connected_at is missing",
            ))?,
        }),
        Err(_) => None,
    };
    let mut drive = None;
    let mut destinations = Vec::new();
    for (name, value) in doc {
        let (Bson::Document(section), Ok(destination)) =
            (value, DestinationId::try_from(name.clone()))
        else {
            continue;
        };
        if name == GITHUB {
            continue;
        }
        if destination == DestinationId::DRIVE {
            drive = Some(DriveRecord {
                sealed_token: section.get_binary_generic("token").ok().cloned(),
                email: text(section, "email"),
                connected_at: time(section, "connected_at"),
                needs_reconnect: section.get_bool("needs_reconnect").unwrap_or(false),
                folder_id: text(section, "folder_id"),
            })
            .filter(DriveRecord::holds_something);
        }
        let settings = DestinationRecord {
            schedule: section
                .get("schedule")
                .cloned()
                .map(bson::from_bson)
                .transpose()?,
            retention: section
                .get_i64("retention")
                .ok()
                .and_then(|keep| u32::try_from(keep).ok()),
            generations: (section.get("generations").cloned())
                .map(bson::from_bson)
                .transpose()?,
            last_success: time(section, "last_success"),
            last_error: text(section, "last_error"),
            last_error_at: time(section, "last_error_at"),
            uploaded_library: text(section, "uploaded_library"),
            last_unchanged: time(section, "last_unchanged"),
            history: section.get_bool("history").unwrap_or(false),
            sealed_password: section.get_binary_generic("password").ok().cloned(),
            last_error_full: section.get_bool("last_error_full").unwrap_or(false),
            ..DestinationRecord::empty(destination)
        };
        if settings.holds_something() {
            destinations.push(settings);
        }
    }
    destinations.sort_by(|a, b| a.destination.as_str().cmp(b.destination.as_str()));
    Ok(UserRecord {
        user_id,
        locale: doc
            .get("locale")
            .cloned()
            .map(bson::from_bson)
            .transpose()?,
        time_zone: doc
            .get("time_zone")
            .cloned()
            .map(bson::from_bson)
            .transpose()?,
        recent_repos: doc
            .get_array("recent_repos")
            .map(|repos| {
                repos
                    .iter()
                    .filter_map(|repo| repo.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
        favourites: doc
            .get_array(FAVOURITES)
            .map(|keys| {
                keys.iter()
                    .filter_map(|key| key.as_object_id().map(to_id))
                    .collect()
            })
            .unwrap_or_default(),
        github,
        drive,
        destinations,
    })
}

fn sealed(bytes: &[u8]) -> Binary {
    Binary {
        subtype: BinarySubtype::Generic,
        bytes: bytes.to_vec(),
    }
}

pub(super) fn write(user: &UserRecord) -> StoreResult<Document> {
    let mut doc = doc! { "_id": user.user_id };
    if let Some(locale) = user.locale {
        doc.insert("locale", bson::to_bson(&locale)?);
    }
    if let Some(zone) = user.time_zone {
        doc.insert("time_zone", zone.to_string());
    }
    if !user.recent_repos.is_empty() {
        doc.insert("recent_repos", user.recent_repos.clone());
    }
    if !user.favourites.is_empty() {
        let keys: Vec<ObjectId> = user.favourites.iter().map(to_oid).collect();
        doc.insert(FAVOURITES, keys);
    }
    if let Some(github) = &user.github {
        doc.insert(
            GITHUB,
            doc! {
                "login": &github.login,
                "token": sealed(&github.sealed_token),
                "connected_at": to_bson_time(github.connected_at),
            },
        );
    }
    let mut sections: Vec<(String, Document)> = Vec::new();
    if let Some(drive) = &user.drive {
        let mut section = Document::new();
        if let Some(token) = &drive.sealed_token {
            section.insert("token", sealed(token));
        }
        insert_some(&mut section, "email", drive.email.clone().map(Bson::from));
        insert_some(
            &mut section,
            "connected_at",
            drive.connected_at.map(|t| to_bson_time(t).into()),
        );
        if drive.needs_reconnect {
            section.insert("needs_reconnect", true);
        }
        insert_some(
            &mut section,
            "folder_id",
            drive.folder_id.clone().map(Bson::from),
        );
        sections.push((DestinationId::DRIVE.to_string(), section));
    }
    for settings in &user.destinations {
        let name = settings.destination.to_string();
        let index = match sections.iter().position(|(known, _)| *known == name) {
            Some(index) => index,
            None => {
                sections.push((name, Document::new()));
                sections.len() - 1
            }
        };
        let section = &mut sections[index].1;
        insert_some(
            section,
            "schedule",
            settings.schedule.map(|s| bson::to_bson(&s)).transpose()?,
        );
        insert_some(
            section,
            "retention",
            settings.retention.map(|keep| Bson::Int64(i64::from(keep))),
        );
        if settings.history {
            section.insert("history", true);
        }
        if let Some(password) = &settings.sealed_password {
            section.insert("password", sealed(password));
        }
        insert_some(
            section,
            "generations",
            settings
                .generations
                .map(|g| bson::to_bson(&g))
                .transpose()?,
        );
        insert_some(
            section,
            "last_success",
            settings.last_success.map(|t| to_bson_time(t).into()),
        );
        insert_some(
            section,
            "last_error",
            settings.last_error.clone().map(Bson::from),
        );
        insert_some(
            section,
            "last_error_at",
            settings.last_error_at.map(|t| to_bson_time(t).into()),
        );
        insert_some(
            section,
            "uploaded_library",
            settings.uploaded_library.clone().map(Bson::from),
        );
        insert_some(
            section,
            "last_unchanged",
            settings.last_unchanged.map(|t| to_bson_time(t).into()),
        );
        if settings.last_error_full {
            section.insert("last_error_full", true);
        }
    }
    for (name, section) in sections {
        doc.insert(name, section);
    }
    Ok(doc)
}

fn insert_some(doc: &mut Document, key: &str, value: Option<Bson>) {
    if let Some(value) = value {
        doc.insert(key, value);
    }
}
