//! `codevault bench`: how fast a backup of a generated library is built and verified (plain,
//! and protected by a password), and a repository zipball kept as a backup, from memory (no
//! database, no network), so the figures measure the archive code alone; with `--store`, the
//! store-backed jobs (`store`).

pub mod store;

use std::{
    io::{Cursor, Write},
    time::Instant,
};

use chrono::{DateTime, TimeZone, Utc};

use crate::{
    archive::{BackupWriter, EntrySource, ManifestHeader, repo_zip::repackage, verify_protected},
    domain::{backup::BackupKind, password::Password, progress::Unwatched},
};

#[derive(Clone, Debug)]
pub struct BenchRow {
    pub files: usize,
    pub library_bytes: u64,
    pub archive_bytes: u64,
    pub build_secs: f64,
    pub verify_secs: f64,
    /// The process's peak resident memory so far (Linux `VmHWM`), if known.
    pub peak_rss_bytes: Option<u64>,
}

impl BenchRow {
    pub fn files_per_sec(&self) -> f64 {
        self.files as f64 / (self.build_secs + self.verify_secs)
    }

    pub fn mb_per_sec(&self) -> f64 {
        self.library_bytes as f64 / 1e6 / (self.build_secs + self.verify_secs)
    }
}

/// About 2 KB of plausible source code, different for every `index`.
pub fn generated_source(index: usize) -> String {
    let mut code =
        format!("\"\"\"Module {index}: generated for the backup benchmark.\"\"\"\nimport os\n\n");
    let mut state = index as u64 ^ 0x9E37_79B9_7F4A_7C15;
    while code.len() < 2000 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let n = state >> 33;
        code.push_str(&format!(
            "def handler_{index}_{n:x}(value, limit={}):\n    if value > limit:\n        return value - {}\n    return os.path.join(str(value), \"item_{}\")\n\n",
            n % 1000,
            n % 97,
            n % 7919
        ));
    }
    code
}

/// The name of the file `generated_source(index)` is kept under.
pub fn module_name(index: usize) -> String {
    format!("module_{index:05}.py")
}

/// Builds and verifies one backup of `files` generated files.
pub fn run_once(files: usize) -> BenchRow {
    run_full(files, None)
}

/// Builds and verifies one backup of `files` generated files protected by a password: every
/// entry and the manifest encrypted (AES-256, a key derived per entry), and opened again to
/// verify.
pub fn run_protected(files: usize) -> BenchRow {
    let password =
        Password::new("bench password, not a secret".to_owned()).expect("a long enough password");
    run_full(files, Some(&password))
}

fn run_full(files: usize, password: Option<&Password>) -> BenchRow {
    let sources = sources(files);
    let time = bench_time();
    let tags: Vec<String> = vec!["bench".to_owned()];
    let names: Vec<String> = (0..files).map(module_name).collect();
    measure(&sources, password, || {
        let mut writer = BackupWriter::new(Cursor::new(Vec::new()));
        if let Some(password) = password {
            writer = writer.with_password(password.clone());
        }
        for (name, code) in names.iter().zip(&sources) {
            let entry = EntrySource {
                file_name: name,
                language: "python",
                note: None,
                tags: &tags,
                version: 1,
                code: code.as_bytes(),
                created_at: time,
                updated_at: time,
            };
            writer.add(entry).expect("writing to memory cannot fail");
        }
        let header = header(BackupKind::FullBackup);
        let (cursor, _) = writer
            .finish(header)
            .expect("writing to memory cannot fail");
        cursor.into_inner()
    })
}

/// Keeps a generated repository zipball of `files` files as a repository backup does (copy
/// every entry, hash it, add the manifest), then verifies the result.
pub fn run_repackage(files: usize) -> BenchRow {
    let sources = sources(files);
    let zipball = zipball_of(&sources);
    measure(&sources, None, || {
        let header = ManifestHeader {
            repo: Some("bench/repo".to_owned()),
            git_ref: Some("main".to_owned()),
            commit: Some("0".repeat(40)),
            ..header(BackupKind::GithubRepoZip)
        };
        let out = Cursor::new(Vec::new());
        repackage(zipball.as_slice(), header, u64::MAX, out, &Unwatched)
            .expect("a generated zipball repacks")
            .archive
            .into_inner()
    })
}

fn sources(files: usize) -> Vec<String> {
    (0..files).map(generated_source).collect()
}

fn bench_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default()
}

fn header(backup_type: BackupKind) -> ManifestHeader {
    ManifestHeader {
        backup_id: "000000000000000000000000".to_owned(),
        backup_type,
        created_at: bench_time(),
        user_id: 0,
        app: "codevault bench".to_owned(),
        part: None,
        repo: None,
        git_ref: None,
        commit: None,
    }
}

/// Times `build` (which makes an archive of `sources`), then the verification of its result
/// (opened with `password`, when it is protected).
fn measure(
    sources: &[String],
    password: Option<&Password>,
    build: impl FnOnce() -> Vec<u8>,
) -> BenchRow {
    let started = Instant::now();
    let archive = build();
    let build_secs = started.elapsed().as_secs_f64();
    let archive_bytes = archive.len() as u64;
    let started = Instant::now();
    // Handed over, not copied: a backup is verified where it was written.
    let manifest = verify_protected(archive, password).expect("a fresh archive verifies");
    let verify_secs = started.elapsed().as_secs_f64();
    assert_eq!(manifest.files.len(), sources.len());
    BenchRow {
        files: sources.len(),
        library_bytes: sources.iter().map(|s| s.len() as u64).sum(),
        archive_bytes,
        build_secs,
        verify_secs,
        peak_rss_bytes: peak_rss_bytes(),
    }
}

/// A zipball as GitHub shapes it: one top folder, nested paths, deflated.
fn zipball_of(sources: &[String]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (index, code) in sources.iter().enumerate() {
        let name = format!(
            "bench-repo-0000000/src/pkg_{}/module_{index:05}.py",
            index % 50
        );
        zip.start_file(name, options)
            .and_then(|()| zip.write_all(code.as_bytes()).map_err(Into::into))
            .expect("writing to memory cannot fail");
    }
    zip.finish()
        .expect("writing to memory cannot fail")
        .into_inner()
}

/// The process's peak resident memory (Linux `VmHWM`).
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// The table `codevault bench` prints.
pub fn report(rows: &[BenchRow]) -> String {
    let mut out = String::from(
        "files   library MB  archive MB  build s  verify s  files/s   MB/s   peak RSS MB\n",
    );
    for row in rows {
        out.push_str(&format!(
            "{:>6}  {:>10.1}  {:>10.1}  {:>7.3}  {:>8.3}  {:>7.0}  {:>5.1}  {:>11}\n",
            row.files,
            row.library_bytes as f64 / 1e6,
            row.archive_bytes as f64 / 1e6,
            row.build_secs,
            row.verify_secs,
            row.files_per_sec(),
            row.mb_per_sec(),
            row.peak_rss_bytes
                .map_or_else(|| "?".to_owned(), |b| format!("{:.0}", b as f64 / 1e6)),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_sources_are_about_2_kb_and_distinct() {
        let a = generated_source(1);
        assert!((2000..2300).contains(&a.len()), "{}", a.len());
        assert_ne!(a, generated_source(2));
    }

    /// `scripts/yardstick.py` regenerates the library in Python: both sides must measure the
    /// same files.
    #[test]
    fn the_yardstick_script_generates_the_same_library() {
        use sha2::{Digest, Sha256};
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/yardstick.py");
        let out = std::process::Command::new("python3")
            .args([script, "--files", "10000", "--digest"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut digest = Sha256::new();
        for index in 0..10_000 {
            digest.update(module_name(index));
            digest.update([0]);
            digest.update(generated_source(index));
            digest.update([0]);
        }
        let python = String::from_utf8(out.stdout).unwrap();
        assert_eq!(python.trim(), hex::encode(digest.finalize()));
    }

    #[test]
    fn a_small_run_reports_consistent_figures() {
        let row = run_once(20);
        assert_eq!(row.files, 20);
        assert!(row.archive_bytes > 0 && row.archive_bytes < row.library_bytes);
        assert!(report(std::slice::from_ref(&row)).lines().count() == 2);
        let protected = run_protected(20);
        assert_eq!(protected.files, 20);
        assert!(
            protected.archive_bytes > row.archive_bytes,
            "salts and codes cost bytes"
        );
        let repo = run_repackage(20);
        assert_eq!(repo.files, 20);
        assert!(repo.archive_bytes > 0 && repo.archive_bytes < repo.library_bytes);
    }
}
