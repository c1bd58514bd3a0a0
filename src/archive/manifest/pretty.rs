//! `metadata.json` byte for byte as serde_json's pretty printer writes it, a large manifest's
//! files serialized on two threads: the manifest is written after a backup's last entry, on
//! one core, so its time is the whole build's.

use serde::Serialize;

use super::{Manifest, ManifestFile};

/// Fewer files than this are serialized on the caller's thread alone: starting a thread
/// would cost more than it saves.
const PARALLEL_FROM: usize = 1024;
/// The pretty printer's indentation, one level.
const INDENT: &[u8] = b"  ";
/// How the manifest's `files` array ends: a line break, one indentation, the bracket.
const FILES_END: &[u8] = b"\n  ]";

pub(super) fn to_json(manifest: &Manifest) -> Vec<u8> {
    if manifest.files.len() < PARALLEL_FROM {
        return pretty(manifest);
    }
    let (first, second) = manifest.files.split_at(manifest.files.len() / 2);
    let (head, first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(|| files_in_object(second));
        let head = pretty(&without_files(manifest));
        let first = files_in_object(first);
        let second = second
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (head, first, second)
    });
    splice(&head, &[items(&first), items(&second)])
}

/// A manifest's `files` serialized one at a time, as a writer completes them, so that only
/// the head is left to serialize when the last file comes.
#[derive(Default)]
pub(crate) struct FilesJson {
    /// The array's items as [`items`] gives them, separated by commas.
    items: Vec<u8>,
}

impl FilesJson {
    pub fn push(&mut self, file: &ManifestFile) {
        let array = files_in_object(std::slice::from_ref(file));
        if !self.items.is_empty() {
            self.items.push(b',');
        }
        self.items.extend_from_slice(items(&array));
    }

    /// The JSON of `manifest`, whose files must be those pushed, in the same order.
    pub fn finish(self, manifest: &Manifest) -> Vec<u8> {
        debug_assert_eq!(self.items.is_empty(), manifest.files.is_empty());
        if self.items.is_empty() {
            return pretty(manifest);
        }
        splice(&pretty(&without_files(manifest)), &[&self.items])
    }
}

/// The manifest's `head` (serialized with no files) with `items` (not empty) as its files.
fn splice(head: &[u8], items: &[&[u8]]) -> Vec<u8> {
    // `files` is the last field: the head ends `"files": []` and the closing brace.
    let open = head.len() - b"]\n}".len();
    debug_assert!(head.ends_with(b"[]\n}"), "files is not the last field");
    let length = items.iter().map(|items| items.len() + 1).sum::<usize>();
    let mut json = Vec::with_capacity(head.len() + length + FILES_END.len());
    json.extend_from_slice(&head[..open]);
    for (index, items) in items.iter().enumerate() {
        if index > 0 {
            json.push(b',');
        }
        json.extend_from_slice(items);
    }
    json.extend_from_slice(FILES_END);
    json.extend_from_slice(b"\n}");
    json
}

fn pretty<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    // Plain structs with string keys cannot fail to serialize into memory.
    serde_json::to_vec_pretty(value).expect("a manifest always serializes")
}

/// The manifest's fields but `files`, listed one by one so that a field added to
/// [`Manifest`] cannot be left out here.
fn without_files(manifest: &Manifest) -> Manifest {
    Manifest {
        version: manifest.version.clone(),
        backup_id: manifest.backup_id.clone(),
        backup_type: manifest.backup_type,
        created_at: manifest.created_at,
        user_id: manifest.user_id,
        total_files: manifest.total_files,
        total_size: manifest.total_size,
        app: manifest.app.clone(),
        part: manifest.part.clone(),
        repo: manifest.repo.clone(),
        git_ref: manifest.git_ref.clone(),
        commit: manifest.commit.clone(),
        files: Vec::new(),
    }
}

/// `files` as a pretty JSON array where the manifest has it, one level in: every line but
/// the first indented once more (JSON escapes newlines in strings, so each is a line break).
fn files_in_object(files: &[ManifestFile]) -> Vec<u8> {
    let flat = pretty(files);
    let breaks = flat.iter().filter(|&&byte| byte == b'\n').count();
    let mut nested = Vec::with_capacity(flat.len() + breaks * INDENT.len());
    for line in flat.split_inclusive(|&byte| byte == b'\n') {
        nested.extend_from_slice(line);
        if line.ends_with(b"\n") {
            nested.extend_from_slice(INDENT);
        }
    }
    nested
}

/// The items of an array [`files_in_object`] wrote (not empty): between its `[` and the line
/// break before its `]`, each after a line break of its own.
fn items(array: &[u8]) -> &[u8] {
    &array[1..array.len() - FILES_END.len()]
}
