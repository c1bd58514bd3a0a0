//! How domain values are kept in columns: times as epoch milliseconds, ids and names as text,
//! serde enums by their serde name, structured values as JSON.

use chrono::{DateTime, Utc};
use rusqlite::{
    Connection, ToSql,
    types::{FromSql, FromSqlError, FromSqlResult, ToSqlOutput, ValueRef},
};
use serde::{Serialize, de::DeserializeOwned};

use crate::{
    domain::{DestinationId, Id, UserId},
    storage::{StoreError, StoreResult},
};

/// Milliseconds since the epoch, the precision MongoDB keeps too.
pub(super) fn millis(time: DateTime<Utc>) -> i64 {
    time.timestamp_millis()
}

pub(super) fn time(millis: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(millis).unwrap_or_default()
}

pub(super) fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

pub(super) fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_default()
}

pub(super) fn to_u32(n: i64) -> u32 {
    u32::try_from(n).unwrap_or_default()
}

/// `NotFound` unless the write changed a row.
pub(super) fn found(changed: usize) -> StoreResult<()> {
    if changed == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

pub(super) fn json<T: Serialize + ?Sized>(value: &T) -> StoreResult<String> {
    Ok(serde_json::to_string(value)?)
}

/// Makes sure the user has a row, as a MongoDB upsert of their document would: settings refer
/// to it, and a user first seen this way has no language yet.
pub(super) fn ensure_user(conn: &Connection, user: UserId) -> StoreResult<()> {
    conn.prepare_cached("INSERT INTO users (user_id) VALUES (?1) ON CONFLICT DO NOTHING")?
        .execute([user])?;
    Ok(())
}

/// A column holding JSON.
pub(super) struct Json<T>(pub(super) T);

impl<T: DeserializeOwned> FromSql for Json<T> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        serde_json::from_str(value.as_str()?)
            .map(Json)
            .map_err(|error| FromSqlError::Other(Box::new(error)))
    }
}

/// A column holding a serde enum by its name (`full_backup`, `uploaded`, `he`).
pub(super) struct Named<T>(pub(super) T);

impl<T: DeserializeOwned> FromSql for Named<T> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let name = serde_json::Value::String(value.as_str()?.to_owned());
        serde_json::from_value(name)
            .map(Named)
            .map_err(|error| FromSqlError::Other(Box::new(error)))
    }
}

impl<T: Serialize> ToSql for Named<T> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        match serde_json::to_value(&self.0) {
            Ok(serde_json::Value::String(name)) => Ok(ToSqlOutput::from(name)),
            Ok(other) => Err(rusqlite::Error::ToSqlConversionFailure(
                format!("not a name: {other}").into(),
            )),
            Err(error) => Err(rusqlite::Error::ToSqlConversionFailure(Box::new(error))),
        }
    }
}

impl FromSql for Id {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Self::parse(value.as_str()?).ok_or(FromSqlError::InvalidType)
    }
}

impl ToSql for Id {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for DestinationId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Self::try_from(value.as_str()?.to_owned())
            .map_err(|error| FromSqlError::Other(Box::new(error)))
    }
}

impl ToSql for DestinationId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}
