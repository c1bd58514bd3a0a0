//! For `codevault dump` and `load` tests: a dump made by the binary, what it holds, the dumps
//! in a directory, and where a member's bytes lie in a dump file (to damage it).

use std::{
    io::Cursor,
    path::{Path, PathBuf},
};

use codevault::{
    ops::dump::{DumpManifest, made_at},
    storage::{
        sqlite::Sqlite,
        transfer::{Kind, Record},
    },
};
use sha2::Digest;
use tempfile::TempDir;
use zip::ZipArchive;

use super::migration::{Filled, codevault, dir, fill, succeeded};

pub async fn sqlite(path: &Path) -> Sqlite {
    Sqlite::open(path).await.expect("the embedded store opens")
}

/// Every file in `dir` named like a dump, oldest first.
pub fn dumps_in(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = names_in(dir)
        .into_iter()
        .filter(|name| made_at(name).is_some())
        .map(|name| dir.join(name))
        .collect();
    found.sort();
    found
}

/// The names of everything in `dir`, sorted.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the directory reads")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The members of the dump at `path`, by name, with their bytes.
pub fn members(path: &Path) -> Vec<(String, Vec<u8>)> {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut all = Vec::new();
    for index in 0..zip.len() {
        let mut member = zip.by_index(index).unwrap();
        let mut content = Vec::new();
        std::io::copy(&mut member, &mut content).unwrap();
        all.push((member.name().unwrap().into_owned(), content));
    }
    all
}

/// Where member `name`'s (stored or compressed) data lies in `dump`, and where its local
/// header starts.
pub fn member_at(dump: &[u8], name: &str) -> (usize, usize, usize) {
    let mut zip = ZipArchive::new(Cursor::new(dump)).unwrap();
    let member = zip.by_name(name).unwrap();
    let start = usize::try_from(member.data_start().unwrap()).unwrap();
    let len = usize::try_from(member.compressed_size()).unwrap();
    let header = usize::try_from(member.header_start()).unwrap();
    (header, start, len)
}

/// A copy of the dump at `path` in `dir`, with the byte at `at` flipped.
pub fn flipped_copy(path: &Path, dir: &Path, at: usize) -> PathBuf {
    let mut bytes = std::fs::read(path).unwrap();
    bytes[at] ^= 0x01;
    let copy = dir.join(path.file_name().unwrap());
    std::fs::write(&copy, bytes).unwrap();
    copy
}

/// Dumps the store `from` names into `out`; answers the new dump.
pub async fn dump(from: &[&str], out: &Path) -> PathBuf {
    let before = dumps_in(out);
    let output = codevault("dump", &[&["--out", dir(out)], from].concat()).await;
    let shown = succeeded(&output);
    assert!(
        shown.contains("every member's SHA-256 and the file's read back and checked"),
        "{shown}"
    );
    let mut new: Vec<PathBuf> = dumps_in(out)
        .into_iter()
        .filter(|path| !before.contains(path))
        .collect();
    assert_eq!(new.len(), 1, "one new dump: {new:?}");
    let path = new.remove(0);
    assert!(shown.contains(&path.display().to_string()), "{shown}");
    path
}

/// A filled embedded store and a dump of it.
pub struct Dumped {
    pub data: TempDir,
    pub out: TempDir,
    pub path: PathBuf,
    pub filled: Filled,
}

pub async fn dumped() -> Dumped {
    let (data, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let filled = fill(&sqlite(data.path()).await.stores()).await;
    let path = dump(&["--from", dir(data.path())], out.path()).await;
    Dumped {
        data,
        out,
        path,
        filled,
    }
}

/// The dump holds every record of the store as it was (leases too: `load` clears them) and
/// every archive's bytes, and its manifest counts and names them.
pub fn assert_holds(path: &Path, records: &[Record], archives: &[(String, Vec<u8>)], source: &str) {
    let members = members(path);
    let names: Vec<&str> = members.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names.last(), Some(&"manifest.json"), "{names:?}");
    let manifest: DumpManifest = serde_json::from_slice(&members.last().unwrap().1).unwrap();
    assert_eq!(
        (manifest.format.as_str(), manifest.version),
        ("codevault-dump", 1)
    );
    assert_eq!(manifest.source, source);
    let mut dumped = Vec::new();
    for kind in Kind::ALL {
        let member = manifest.records.iter().find(|m| m.kind == kind).unwrap();
        let (_, bytes) = members
            .iter()
            .find(|(name, _)| *name == member.name)
            .unwrap();
        let lines: Vec<Record> = bytes
            .split(|b| *b == b'\n')
            .filter(|line| !line.is_empty())
            .map(|line| serde_json::from_slice(line).unwrap())
            .collect();
        assert_eq!(lines.len() as u64, member.count, "{kind}");
        assert_eq!(member.sha256, hex::encode(sha2::Sha256::digest(bytes)));
        dumped.extend(lines);
    }
    assert_eq!(dumped, records);
    let mut held: Vec<(String, Vec<u8>)> = manifest
        .archives
        .iter()
        .map(|member| {
            let (_, bytes) = members
                .iter()
                .find(|(name, _)| *name == member.name)
                .unwrap();
            assert_eq!(member.bytes, bytes.len() as u64);
            (member.file_name.clone(), bytes.clone())
        })
        .collect();
    let mut expected = archives.to_vec();
    held.sort();
    expected.sort();
    assert_eq!(held, expected);
    assert_eq!(
        names.len(),
        Kind::ALL.len() + archives.len() + 1,
        "{names:?}"
    );
}
