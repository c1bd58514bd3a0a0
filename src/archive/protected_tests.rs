//! Protected backups (WinZip AES-256) through the writer, the verifier and the reader: every
//! entry and the manifest are encrypted, the parallel writer still copies its parts raw, and
//! only the right password opens the archive.

use std::io::{Cursor, Read};
use std::num::NonZeroUsize;

use zip::{ZipArchive, result::ZipError};

use super::manifest::sha256_hex;
use super::reader::{ReadError, ReadLimits, read_archive, read_protected};
use super::test_support::{entry, header, noise_hex};
use super::writer::{BackupWriter, EntrySource};
use super::{MANIFEST_NAME, VerifyError, verify, verify_with};
use crate::domain::password::Password;

fn password(text: &str) -> Password {
    Password::new(text.to_owned()).unwrap()
}

/// A protected backup of `files`, written on `threads` threads.
fn protected(files: &[(&str, &[u8])], threads: usize) -> Vec<u8> {
    let threads = NonZeroUsize::new(threads).unwrap();
    let mut writer = BackupWriter::with_threads(Cursor::new(Vec::new()), threads)
        .with_history()
        .with_password(password("correct horse battery"));
    for &(name, code) in files {
        writer.add(entry(name, code)).unwrap();
    }
    writer
        .add_version(EntrySource {
            version: 0,
            ..entry("first.py", b"the first version\n")
        })
        .unwrap();
    writer.finish(header()).unwrap().0.into_inner()
}

fn files() -> Vec<(String, Vec<u8>)> {
    (0..40)
        .map(|i| {
            let code = noise_hex(i, 100 + 997 * i as usize);
            (format!("f{i:02}.py"), code.into_bytes())
        })
        .collect()
}

fn borrowed(files: &[(String, Vec<u8>)]) -> Vec<(&str, &[u8])> {
    files
        .iter()
        .map(|(name, code)| (name.as_str(), code.as_slice()))
        .collect()
}

#[test]
fn every_entry_and_the_manifest_are_encrypted_and_open_with_the_password() {
    let files = files();
    let archive = protected(&borrowed(&files), 4);
    let mut zip = ZipArchive::new(Cursor::new(archive.as_slice())).unwrap();
    for index in 0..zip.len() {
        let entry = zip.by_index_raw(index).unwrap();
        assert!(entry.encrypted(), "{:?} is not encrypted", entry.name());
    }
    assert!(matches!(
        zip.by_name(MANIFEST_NAME),
        Err(ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED))
    ));
    let mut code = Vec::new();
    zip.by_name_decrypt("f07.py", b"correct horse battery")
        .unwrap()
        .read_to_end(&mut code)
        .unwrap();
    assert_eq!(code, files[7].1);

    let manifest = verify_with(&archive, 2, Some(&password("correct horse battery"))).unwrap();
    assert_eq!(manifest.files.len(), 40);
    assert_eq!(manifest.files[7].sha256, sha256_hex(&files[7].1));
    assert_eq!(manifest.version_count(), 1);
}

/// A wrong password that passes WinZip AES's two-byte check (one in 65,536 do) is still a wrong
/// password: the manifest's authentication code fails, and the user is told so, not that the
/// archive is damaged. The check bytes are rewritten here to match the wrong password.
#[test]
fn a_wrong_password_that_passes_the_quick_check_is_still_a_wrong_password() {
    let mut archive = protected(&borrowed(&files()), 2);
    let wrong = "wrong horse battery";
    let start = {
        let mut zip = ZipArchive::new(Cursor::new(&archive[..])).unwrap();
        let index = zip.index_for_name(MANIFEST_NAME).unwrap();
        let start = zip.by_index_raw(index).unwrap().data_start().unwrap();
        usize::try_from(start).unwrap()
    };
    // AES-256: a 16-byte salt, then the check: the last 2 of 66 bytes PBKDF2 derives.
    let mut derived = [0u8; 66];
    let salt = archive[start..start + 16].to_vec();
    pbkdf2::pbkdf2_hmac::<sha1::Sha1>(wrong.as_bytes(), &salt, 1000, &mut derived);
    archive[start + 16..start + 18].copy_from_slice(&derived[64..]);

    assert_eq!(
        verify_with(&archive, 1, Some(&password(wrong))),
        Err(VerifyError::WrongPassword)
    );
    assert_eq!(
        read_protected(
            &archive,
            None,
            &ReadLimits::default(),
            Some(&password(wrong))
        ),
        Err(ReadError::WrongPassword)
    );
}

#[test]
fn without_the_password_or_with_a_wrong_one_nothing_opens() {
    let archive = protected(&borrowed(&files()), 2);
    assert_eq!(verify(&archive), Err(VerifyError::PasswordRequired));
    assert_eq!(
        verify_with(&archive, 1, Some(&password("wrong horse battery"))),
        Err(VerifyError::WrongPassword)
    );
    let limits = ReadLimits::default();
    assert_eq!(
        read_archive(&archive, None, &limits),
        Err(ReadError::PasswordRequired)
    );
    let wrong = Password::given("nope".to_owned()).unwrap();
    assert_eq!(
        read_protected(&archive, None, &limits, Some(&wrong)),
        Err(ReadError::WrongPassword)
    );
}

#[test]
fn the_reader_opens_a_protected_backup_with_its_history() {
    let files = files();
    let archive = protected(&borrowed(&files), 3);
    let read = read_protected(
        &archive,
        None,
        &ReadLimits::default(),
        Some(&password("correct horse battery")),
    )
    .unwrap();
    assert!(read.protected);
    assert!(read.codevault_backup.is_some());
    assert_eq!(read.files.len(), 40);
    assert_eq!(read.files[12].code.as_bytes(), files[12].1);
    let last = read.files.last().unwrap();
    assert_eq!(last.history[0].code, "the first version\n");
}

/// Encrypted entries are made by each window's threads and copied raw, as plain ones are: any
/// number of threads makes an archive that opens the same (each entry has its own random
/// salt, so the bytes differ).
#[test]
fn any_number_of_threads_writes_an_archive_that_opens_the_same() {
    let files = files();
    let key = password("correct horse battery");
    let manifests: Vec<_> = [1, 2, 8]
        .into_iter()
        .map(|threads| verify_with(protected(&borrowed(&files), threads), 2, Some(&key)).unwrap())
        .collect();
    assert_eq!(manifests[0], manifests[1]);
    assert_eq!(manifests[0], manifests[2]);
}

/// A file as large as a file may be (8 MiB) is encrypted in a part the `zip` crate writes,
/// whose records the writer copies: they carry no ZIP64 field the copy would refuse, and the
/// backup opens and verifies.
#[test]
fn a_file_of_the_largest_size_is_kept_and_verifies() {
    let large = noise_hex(3, 8 << 20).into_bytes();
    let archive = protected(&[("first.py", b"print(1)\n"), ("large.txt", &large)], 2);
    let manifest = verify_with(&archive, 2, Some(&password("correct horse battery"))).unwrap();
    assert_eq!(manifest.files[1].size, 8 << 20);
    let mut zip = ZipArchive::new(Cursor::new(archive.as_slice())).unwrap();
    let mut code = Vec::new();
    zip.by_name_decrypt("large.txt", b"correct horse battery")
        .unwrap()
        .read_to_end(&mut code)
        .unwrap();
    assert!(code == large);
}
