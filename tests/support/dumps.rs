//! For `codevault dump` and `load` tests: the dumps in a directory, their members, and where
//! a member's bytes lie in a dump file (to damage it).

use std::{
    io::Cursor,
    path::{Path, PathBuf},
};

use codevault::ops::dump::made_at;
use zip::ZipArchive;

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
