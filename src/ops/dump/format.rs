//! What a dump file holds and how it is named.
//!
//! A dump is one ZIP: the records of each kind as JSON lines (`records/<kind>.jsonl`, one
//! `transfer::Record` a line, as `migrate` copies them), each backup's archive as it is stored
//! (`archives/<backup id>.zip`, stored, not compressed again), and last `manifest.json`, which
//! names every member with its size and SHA-256 and counts the records of each kind. The
//! ZIP's comment, the file's last 64 bytes, is the hex SHA-256 of every byte before it, so a
//! byte changed anywhere (headers and directory included) is found.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{domain::Id, storage::transfer::Kind};

/// What the manifest's `format` says.
pub const FORMAT: &str = "codevault-dump";
/// The version of the layout; a reader refuses a newer one instead of misreading it.
pub const VERSION: u32 = 1;
pub const MANIFEST: &str = "manifest.json";
/// The length of the ZIP comment: the hex SHA-256 of the file before it.
pub const DIGEST_LEN: usize = 64;

/// The member holding the records of `kind`.
pub fn records_member(kind: Kind) -> &'static str {
    match kind {
        Kind::User => "records/users.jsonl",
        Kind::File => "records/files.jsonl",
        Kind::Backup => "records/backups.jsonl",
        Kind::Dialogue => "records/dialogues.jsonl",
        Kind::Job => "records/jobs.jsonl",
        Kind::Task => "records/tasks.jsonl",
    }
}

/// The member holding backup `id`'s archive.
pub fn archive_member(id: &Id) -> String {
    format!("archives/{id}.zip")
}

/// The manifest: what made the dump, when, from which store, and every member.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DumpManifest {
    pub format: String,
    pub version: u32,
    /// The release that wrote it: `codevault 0.1.0`.
    pub app: String,
    pub created_at: DateTime<Utc>,
    /// The backend dumped: `sqlite` or `mongodb`.
    pub source: String,
    /// One per kind, in the order a load writes them.
    pub records: Vec<RecordsMember>,
    /// One per backup, in the order of the backups' ids.
    pub archives: Vec<ArchiveMember>,
}

/// A member of records of one kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordsMember {
    pub kind: Kind,
    pub name: String,
    pub count: u64,
    pub bytes: u64,
    pub sha256: String,
}

/// A member holding one backup's archive.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArchiveMember {
    pub backup: Id,
    /// The name the archive was stored under, given back to the store on load.
    pub file_name: String,
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

impl DumpManifest {
    /// How many records of `kind` it holds.
    pub fn count(&self, kind: Kind) -> u64 {
        self.records
            .iter()
            .filter(|member| member.kind == kind)
            .map(|member| member.count)
            .sum()
    }

    pub fn total_records(&self) -> u64 {
        self.records.iter().map(|member| member.count).sum()
    }

    pub fn archive_bytes(&self) -> u64 {
        self.archives.iter().map(|member| member.bytes).sum()
    }

    /// The member of backup `id`'s archive.
    pub fn archive(&self, id: &Id) -> Option<&ArchiveMember> {
        self.archives.iter().find(|member| member.backup == *id)
    }
}

/// Dump files are `codevault-dump-<UTC time to the millisecond>.zip`: the name sorts by time,
/// and `--keep` touches nothing else.
const PREFIX: &str = "codevault-dump-";
const SUFFIX: &str = ".zip";
const TIME: &str = "%Y%m%dT%H%M%S%.3fZ";
/// The temporary file a dump is written to: never matches the pattern above.
pub const TEMP_PREFIX: &str = ".codevault-dump-";
pub const TEMP_SUFFIX: &str = ".tmp";

/// The file name of a dump made at `at`.
pub fn file_name(at: DateTime<Utc>) -> String {
    format!("{PREFIX}{}{SUFFIX}", at.format(TIME))
}

/// When the dump named `name` was made, if it is a dump's name.
pub fn made_at(name: &str) -> Option<DateTime<Utc>> {
    let time = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let parsed = NaiveDateTime::parse_from_str(time, TIME).ok()?.and_utc();
    // Only the names this code writes: a name with another spelling of the same time is not
    // a dump's (and so never pruned).
    (file_name(parsed) == name).then_some(parsed)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn a_dump_name_reads_back_as_its_time_and_nothing_else_does() {
        let at = Utc.with_ymd_and_hms(2026, 3, 4, 10, 5, 6).unwrap()
            + chrono::TimeDelta::milliseconds(789);
        let name = file_name(at);
        assert_eq!(name, "codevault-dump-20260304T100506.789Z.zip");
        assert_eq!(made_at(&name), Some(at));
        for other in [
            "codevault-dump-20260304T100506.789Z.zip.tmp",
            ".codevault-dump-abc.tmp",
            "codevault-dump-20260304T100506Z.zip",
            "codevault-dump-20260304T100506.7890Z.zip",
            "codevault-dump-20261304T100506.789Z.zip",
            "my-codevault-dump-20260304T100506.789Z.zip",
            "codevault-dump-latest.zip",
        ] {
            assert_eq!(made_at(other), None, "{other}");
        }
    }

    #[test]
    fn the_manifest_counts_by_kind() {
        let member = |kind, count| RecordsMember {
            kind,
            name: records_member(kind).to_owned(),
            count,
            bytes: 0,
            sha256: String::new(),
        };
        let id = Id::generate();
        let manifest = DumpManifest {
            format: FORMAT.to_owned(),
            version: VERSION,
            app: "codevault test".to_owned(),
            created_at: Utc::now(),
            source: "sqlite".to_owned(),
            records: vec![member(Kind::User, 2), member(Kind::File, 5)],
            archives: vec![ArchiveMember {
                backup: id.clone(),
                file_name: "a.zip".to_owned(),
                name: archive_member(&id),
                bytes: 10,
                sha256: String::new(),
            }],
        };
        assert_eq!(
            (manifest.count(Kind::File), manifest.count(Kind::Task)),
            (5, 0)
        );
        assert_eq!(manifest.total_records(), 7);
        assert_eq!(manifest.archive(&id).map(|m| m.bytes), Some(10));
        let json = serde_json::to_string(&manifest).unwrap();
        assert!(json.contains(r#""kind":"file""#), "{json}");
        assert_eq!(
            serde_json::from_str::<DumpManifest>(&json).unwrap(),
            manifest
        );
    }
}
