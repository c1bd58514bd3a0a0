//! A library in one hash: what a scheduled backup compares to skip an upload when nothing
//! changed since the last one.

use sha2::{Digest, Sha256};

use super::restore::Current;

/// The SHA-256 of every current file's name, content hash, version number, note and tags, in
/// name order, and of whether the backup holds the history: two libraries holding the same
/// files have the same fingerprint, whatever order they are read in, and any change a backup
/// would carry (a rename, a note, a tag, a version, history turned on) changes it.
pub fn library_fingerprint(files: &[Current], with_history: bool) -> String {
    let mut sorted: Vec<&Current> = files.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    let mut hash = Sha256::new();
    hash.update([u8::from(with_history)]);
    for file in sorted {
        hash.update(file.version.to_le_bytes());
        field(&mut hash, &file.name);
        field(&mut hash, &file.sha256);
        field(&mut hash, file.note.as_deref().unwrap_or(""));
        hash.update([u8::from(file.note.is_some())]);
        hash.update((file.tags.len() as u64).to_le_bytes());
        for tag in &file.tags {
            field(&mut hash, tag);
        }
    }
    hex::encode(hash.finalize())
}

/// Each field with its length first, so that no two different lists of fields hash alike
/// ("ab" + "c" is not "a" + "bc").
fn field(hash: &mut Sha256, text: &str) {
    hash.update((text.len() as u64).to_le_bytes());
    hash.update(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, sha256: &str, note: Option<&str>, tags: &[&str]) -> Current {
        Current {
            name: name.to_owned(),
            sha256: sha256.to_owned(),
            note: note.map(str::to_owned),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            size: 1,
            version: 1,
        }
    }

    #[test]
    fn the_order_read_does_not_matter_and_every_part_of_a_file_does() {
        let a = file("a.py", "11", Some("n"), &["x"]);
        let b = file("b.py", "22", None, &[]);
        let base = library_fingerprint(&[a.clone(), b.clone()], false);
        assert_eq!(library_fingerprint(&[b.clone(), a.clone()], false), base);
        assert_ne!(library_fingerprint(&[a.clone(), b.clone()], true), base);
        let again = Current {
            version: 2,
            ..a.clone()
        };
        assert_ne!(library_fingerprint(&[again, b.clone()], false), base);
        assert_eq!(base.len(), 64);
        let changed = [
            vec![a.clone()],
            vec![file("a.py", "12", Some("n"), &["x"]), b.clone()],
            vec![file("c.py", "11", Some("n"), &["x"]), b.clone()],
            vec![file("a.py", "11", None, &["x"]), b.clone()],
            vec![file("a.py", "11", Some(""), &["x"]), b.clone()],
            vec![file("a.py", "11", Some("n"), &[]), b.clone()],
            vec![file("a.py", "11", Some("n"), &["x", "y"]), b.clone()],
            // The same characters split differently between fields.
            vec![file("a.py1", "1", Some("n"), &["x"]), b.clone()],
        ];
        for files in changed {
            assert_ne!(library_fingerprint(&files, false), base, "{files:?}");
        }
        assert_ne!(library_fingerprint(&[], false), base);
    }
}
