use super::*;
use chrono::TimeZone;
use serde_json::Value;

fn sample() -> Manifest {
    let at = Utc.with_ymd_and_hms(2025, 1, 15, 10, 30, 0).unwrap();
    Manifest {
        version: FORMAT_VERSION.to_owned(),
        backup_id: "0123456789abcdef01234567".to_owned(),
        backup_type: BackupKind::FullBackup,
        created_at: at,
        user_id: 123_456_789,
        total_files: 1,
        total_size: 8,
        app: "codevault 0.1.0".to_owned(),
        part: None,
        repo: None,
        git_ref: None,
        commit: None,
        files: vec![ManifestFile {
            file_name: "a.py".to_owned(),
            path: "a.py".to_owned(),
            programming_language: "python".to_owned(),
            note: None,
            tags: vec!["example".to_owned()],
            version: 3,
            size: 8,
            sha256: "ab".repeat(32),
            created_at: Utc.with_ymd_and_hms(2025, 1, 10, 8, 0, 0).unwrap(),
            updated_at: at,
            code: None,
            versions: Vec::new(),
        }],
    }
}

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

fn sorted(mut names: Vec<&str>) -> Vec<&str> {
    names.sort_unstable();
    names
}

#[test]
fn a_full_backup_writes_exactly_the_spec_keys() {
    let json: Value = serde_json::from_slice(&sample().to_json()).unwrap();
    let top = "version backup_id backup_type created_at user_id total_files total_size app files";
    assert_eq!(keys(&json), sorted(top.split(' ').collect()));
    let file = "file_name path programming_language note tags version size sha256 created_at \
                updated_at";
    assert_eq!(
        keys(&json["files"][0]),
        sorted(file.split_whitespace().collect())
    );
    assert_eq!(json["files"][0]["note"], Value::Null);
    assert_eq!(json["backup_type"], "full_backup");
}

#[test]
fn optional_identity_is_written_when_present_and_code_never() {
    let mut manifest = sample();
    manifest.part = Some("2/3".to_owned());
    manifest.repo = Some("owner/name".to_owned());
    manifest.git_ref = Some("main".to_owned());
    manifest.commit = Some("abc123".to_owned());
    manifest.files[0].code = Some("print(1)".to_owned());
    let json: Value = serde_json::from_slice(&manifest.to_json()).unwrap();
    assert_eq!(json["part"], "2/3");
    assert_eq!(json["repo"], "owner/name");
    assert_eq!(json["ref"], "main");
    assert_eq!(json["commit"], "abc123");
    assert!(json["files"][0].get("code").is_none());
}

#[test]
fn times_are_whole_seconds_in_utc() {
    let mut manifest = sample();
    manifest.created_at = Utc.timestamp_opt(1_736_937_000, 987_654_321).unwrap();
    let json: Value = serde_json::from_slice(&manifest.to_json()).unwrap();
    assert_eq!(json["created_at"], "2025-01-15T10:30:00Z");
    assert_eq!(json["files"][0]["created_at"], "2025-01-10T08:00:00Z");
}

#[test]
fn round_trips() {
    let manifest = sample();
    assert_eq!(Manifest::from_json(&manifest.to_json()).unwrap(), manifest);
    let text = String::from_utf8(manifest.to_json()).unwrap();
    assert!(text.contains("\n  \"files\": ["), "pretty-printed: {text}");
}

#[test]
fn the_digest_is_the_sha256_of_the_json_and_tells_manifests_apart() {
    let manifest = sample();
    let json = manifest.to_json();
    assert_eq!(hex::encode(manifest.sha256()), sha256_hex(&json));
    let read_back = Manifest::from_json(&json).unwrap();
    assert_eq!(read_back.sha256(), manifest.sha256());
    let mut other = manifest.clone();
    other.files[0].sha256 = "0".repeat(64);
    assert_ne!(other.sha256(), manifest.sha256());
}

#[test]
fn reads_the_seeds_shape_with_defaults() {
    let seed = br#"{ "files": [ { "file_name": "a.py", "code": "print(1)",
                     "programming_language": "python" } ] }"#;
    let manifest = Manifest::from_json(seed).unwrap();
    assert_eq!(manifest.version, FORMAT_VERSION);
    assert_eq!(manifest.backup_type, BackupKind::FullBackup);
    assert_eq!((manifest.user_id, manifest.total_files), (0, 0));
    let file = &manifest.files[0];
    assert_eq!(file.code.as_deref(), Some("print(1)"));
    assert_eq!(file.path, "");
    assert_eq!(file.entry_path(), "a.py");
    assert_eq!(file.version, 1);
    assert_eq!(file.created_at, DateTime::<Utc>::default());
    assert!(file.tags.is_empty() && file.note.is_none());
}

#[test]
fn reads_nulls_offsets_and_unknown_keys() {
    let foreign = br#"{ "version": null, "user_id": 7, "extra": {"x": 1},
        "created_at": "2025-01-15T12:30:00.5+02:00",
        "files": [ { "file_name": "b.rs", "path": "src/b.rs", "tags": null, "note": null, "version": null,
                     "updated_at": "2025-01-15T10:30:00", "size": null } ] }"#;
    let manifest = Manifest::from_json(foreign).unwrap();
    assert_eq!(manifest.version, FORMAT_VERSION);
    assert_eq!(
        manifest.created_at.to_rfc3339(),
        "2025-01-15T10:30:00.500+00:00"
    );
    let file = &manifest.files[0];
    assert_eq!(file.entry_path(), "src/b.rs");
    assert_eq!(
        file.updated_at,
        Utc.with_ymd_and_hms(2025, 1, 15, 10, 30, 0).unwrap()
    );
    assert_eq!((file.size, file.version), (0, 1));
}

#[test]
fn reads_the_original_bots_shape_without_files() {
    let original = br#"{ "backup_id": "backup_123456789_20240115_103000",
        "user_id": 123456789, "created_at": "2024-01-15T10:30:00.123456",
        "backup_type": "manual", "include_versions": true, "file_count": 2 }"#;
    let manifest = Manifest::from_json(original).unwrap();
    assert!(manifest.files.is_empty());
    assert_eq!(manifest.backup_type, BackupKind::FullBackup);
    assert_eq!(manifest.backup_id, "backup_123456789_20240115_103000");
    assert_eq!(manifest.user_id, 123_456_789);
    assert!(!manifest.is_codevault());
    let nulls = br#"{ "backup_id": "b", "backup_type": null, "files": null }"#;
    let manifest = Manifest::from_json(nulls).unwrap();
    assert_eq!(manifest.backup_type, BackupKind::FullBackup);
    assert!(manifest.files.is_empty());
}

#[test]
fn only_our_app_with_every_checksum_is_a_codevault_manifest() {
    assert!(sample().is_codevault());
    let mut without_app = sample();
    without_app.app = "Code Keeper Bot".to_owned();
    assert!(!without_app.is_codevault());
    let mut without_id = sample();
    without_id.backup_id.clear();
    assert!(!without_id.is_codevault());
    let mut unhashed = sample();
    unhashed.files[0].sha256.clear();
    assert!(!unhashed.is_codevault());
    let mut other_hash = sample();
    other_hash.files[0].sha256 = "AB".repeat(32);
    assert!(!other_hash.is_codevault());
    let mut empty = sample();
    empty.files.clear();
    assert!(
        empty.is_codevault(),
        "an empty library's backup is still ours"
    );
}

#[test]
fn refuses_what_is_not_a_manifest() {
    assert!(Manifest::from_json(br#"{ "version": "1.0" }"#).is_err());
    assert!(Manifest::from_json(br#"{ "files": null, "backup_id": "" }"#).is_err());
    assert!(Manifest::from_json(b"[]").is_err());
    assert!(Manifest::from_json(br#"{ "files": {} }"#).is_err());
    assert!(Manifest::from_json(br#"{ "backup_type": 7 }"#).is_err());
    assert!(Manifest::from_json(br#"{ "files": [ { "path": "a.py" } ] }"#).is_err());
    assert!(Manifest::from_json(br#"{ "files": [], "created_at": "soon" }"#).is_err());
    assert!(Manifest::from_json(b"\xff").is_err());
}

#[test]
fn the_limit_grows_with_the_entries_as_far_as_the_largest_record() {
    // 20,000 ordinary files already outgrow a fixed 5 MB cap.
    let mut library = sample();
    library.files = vec![library.files[0].clone(); 20_000];
    assert!(library.to_json().len() as u64 > MAX_MANIFEST_BYTES);
    // The largest record: a 1000-character note that JSON escapes six-fold, 20 tags of 150
    // four-byte characters, a 100-character name and a 200-byte path.
    let mut largest = sample();
    let file = &mut largest.files[0];
    file.note = Some("\u{1}".repeat(1000));
    file.tags = vec!["𝔸".repeat(150); 20];
    (file.file_name, file.path) = ("𝔸".repeat(100), "a".repeat(200));
    let record = largest.to_json().len() - sample().to_json().len() + 400;
    assert!((record as u64) < MAX_MANIFEST_BYTES_PER_ENTRY, "{record}");
    assert_eq!(manifest_limit(0), MAX_MANIFEST_BYTES);
    assert_eq!(manifest_limit(usize::MAX), u64::MAX);
}

/// Thousands of files are serialized on two threads and spliced: the bytes are still exactly
/// serde_json's pretty printer's (which [`Manifest::sha256`] hashes), with every kind of field,
/// escapes and versions among them, for an even and an odd number of files.
#[test]
fn a_large_manifest_is_written_as_serde_json_writes_it() {
    for count in [1023, 1024, 2501] {
        let mut manifest = sample();
        manifest.part = Some("2/3".to_owned());
        manifest.repo = Some("owner/name".to_owned());
        manifest.git_ref = Some("main".to_owned());
        manifest.commit = Some("c".repeat(40));
        let template = manifest.files[0].clone();
        manifest.files = (0..count)
            .map(|i| ManifestFile {
                file_name: format!("dir/\"quoted\"\n\u{5d0}{i}.py"),
                path: format!("f{i}.py"),
                note: (i % 3 == 0).then(|| format!("note\t{i}\\")),
                tags: (0..i % 4).map(|t| format!("t{t}")).collect(),
                versions: (0..i % 3)
                    .map(|v| ManifestVersion {
                        version: u32::try_from(v).unwrap() + 1,
                        sha256: "cd".repeat(32),
                        size: 7,
                        created_at: template.created_at,
                        path: format!("versions/f{i} (v{v}).py"),
                        file_name: (v == 1).then(|| format!("old{i}.py")),
                    })
                    .collect(),
                ..template.clone()
            })
            .collect();
        let json = manifest.to_json();
        let expected = serde_json::to_vec_pretty(&manifest).unwrap();
        assert!(json == expected, "{count} files");
        assert_eq!(Manifest::from_json(&json).unwrap(), manifest);
    }
}
