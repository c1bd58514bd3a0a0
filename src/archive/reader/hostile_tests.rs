//! Every way an archive is refused as a whole, each with the exact error.

use super::craft::*;
use super::{ReadError, ReadLimits, SkipReason, read_archive};
use crate::archive::manifest::{MANIFEST_NAME, MAX_MANIFEST_BYTES, Manifest};

const CODE: &[u8] = b"print('hello')\n";

fn one(name: &str) -> Vec<u8> {
    raw_zip(&[(name, CODE)], true)
}

fn refused(archive: &[u8], error: ReadError) {
    assert_eq!(read(archive), Err(error));
}

#[test]
fn what_is_not_a_zip_is_refused() {
    refused(b"", ReadError::NotAZip);
    refused(b"print('hello')\n", ReadError::NotAZip);
    refused(b"PK\x03\x04 and then nothing", ReadError::NotAZip);
}

#[test]
fn a_truncated_zip_is_not_a_zip() {
    let archive = raw_zip(&[("a.py", CODE), ("b.py", CODE)], true);
    refused(&archive[..archive.len() / 2], ReadError::NotAZip);
    refused(&archive[..archive.len() - 1], ReadError::NotAZip);
}

#[test]
fn an_archive_without_entries_is_empty() {
    refused(&zip_with(|_| Ok(())), ReadError::Empty);
}

#[test]
fn damaged_entry_data_fails_its_crc() {
    let mut archive = raw_zip(
        &[("a.py", CODE), ("b.py", noise_hex(1, 4000).as_bytes())],
        false,
    );
    flip_data_byte(&mut archive, "b.py");
    refused(&archive, ReadError::Corrupt("b.py".into()));

    let mut archive = raw_zip(&[("a.py", noise_hex(2, 4000).as_bytes())], true);
    declare_crc(&mut archive, "a.py", 0x1234_5678);
    refused(&archive, ReadError::Corrupt("a.py".into()));
}

#[test]
fn a_parent_directory_component_is_unsafe() {
    for name in ["../evil.py", "src/../../evil.py", "src/../x.py", "a/.."] {
        refused(&one(name), ReadError::UnsafePath(name.into()));
    }
}

#[test]
fn an_absolute_name_is_unsafe() {
    for name in [
        "/etc/passwd",
        "//server/share/x.py",
        "C:/Windows/x.py",
        "c:x.py",
        "/",
    ] {
        refused(&one(name), ReadError::UnsafePath(name.into()));
    }
}

#[test]
fn a_backslash_or_nul_in_a_name_is_unsafe() {
    for name in ["src\\main.py", "..\\evil.py", "a\0.py", "", "."] {
        refused(&one(name), ReadError::UnsafePath(name.into()));
    }
}

#[test]
fn a_symlink_is_refused() {
    let archive = zip_with(|zip| {
        add(zip, "a.py", CODE, deflated())?;
        zip.add_symlink("link.py", "/etc/passwd", deflated())
    });
    refused(&archive, ReadError::Symlink("link.py".into()));
}

#[test]
fn an_encrypted_entry_is_refused() {
    let mut archive = raw_zip(&[("a.py", CODE), ("secret.py", CODE)], true);
    set_flags(&mut archive, "secret.py", 0x0001);
    refused(&archive, ReadError::Encrypted("secret.py".into()));
    // Only WinZip AES is opened with a password; this older kind is refused all the same.
    let password = crate::domain::password::Password::given("secret".to_owned()).unwrap();
    let limits = crate::archive::ReadLimits::default();
    assert_eq!(
        crate::archive::read_protected(&archive, None, &limits, Some(&password)),
        Err(ReadError::Encrypted("secret.py".into()))
    );
}

#[test]
fn a_deflate_bomb_over_the_ratio_is_refused() {
    let zeros = vec![0u8; 1 << 20];
    let archive = raw_zip(&[("a.py", CODE), ("bomb.txt", &zeros)], true);
    refused(&archive, ReadError::RatioTooHigh("bomb.txt".into()));
    // Content with nothing compressed at all is infinitely compressed.
    let mut empty = raw_zip(&[("a.py", b"")], false);
    declare_size(&mut empty, "a.py", 10);
    refused(&empty, ReadError::RatioTooHigh("a.py".into()));
}

#[test]
fn a_verified_backup_is_not_judged_by_its_ratio_but_still_bounded() {
    // A test runner's log of progress dots deflates about 1000:1.
    let log = format!("{}\n", ".".repeat(260_000));
    let (archive, _) = backup(&[("app.log", log.as_bytes())]);
    refused(&archive, ReadError::RatioTooHigh("app.log".into()));
    let verified = ReadLimits::default().for_verified_backup();
    let read = read_archive(&archive, None, &verified).unwrap();
    assert!(read.files[0].code == log, "the log's code differs");
    let small = ReadLimits {
        max_total_bytes: 100_000,
        ..verified
    };
    assert_eq!(
        read_archive(&archive, None, &small),
        Err(ReadError::TooLarge { max_bytes: 100_000 })
    );
}

#[test]
fn entries_sharing_their_bytes_are_overlapping() {
    // Hand-made: a second central record points at the first entry's local header.
    let mut archive = raw_zip(&[("a.py", CODE), ("b.py", CODE)], true);
    alias_local_header(&mut archive, "b.py", "a.py");
    refused(&archive, ReadError::Overlapping);
    // The kernel-sharing bomb, as zip's own writer can make it.
    let archive = zip_with(|zip| {
        add(
            zip,
            "kernel.txt",
            &noise_hex(3, 2000).into_bytes(),
            deflated(),
        )?;
        (0..50).try_for_each(|n| zip.shallow_copy_file("kernel.txt", &format!("copy{n}.txt")))
    });
    refused(&archive, ReadError::Overlapping);
}

#[test]
fn a_local_header_that_disagrees_with_the_central_directory_is_refused() {
    // The central directory lists one entry; the local header a streaming unzip reads says
    // other sizes, another CRC, method or name.
    let code = noise_hex(7, 400);
    for deflate in [true, false] {
        let archive = raw_zip(&[("a.py", CODE), ("b.py", code.as_bytes())], deflate);
        assert!(read(&archive).is_ok());
        let (local, _) = headers(&archive, "b.py");
        let size = u32::try_from(code.len()).unwrap();
        let lies: [(usize, u32); 4] = [
            (LOCAL_SIZE, size + 100),
            (LOCAL_SIZE, size - 100),
            (LOCAL_COMPRESSED, size * 2),
            (LOCAL_CRC, 0x1234_5678),
        ];
        for (field, value) in lies {
            let mut lying = archive.clone();
            set_u32(&mut lying, local + field, value);
            refused(&lying, ReadError::InconsistentHeaders);
        }
        let mut other_method = archive.clone();
        set_u16(
            &mut other_method,
            local + LOCAL_METHOD,
            if deflate { 0 } else { 8 },
        );
        refused(&other_method, ReadError::InconsistentHeaders);
        let mut other_name = archive.clone();
        other_name[local + LOCAL_NAME] = b'c';
        refused(&other_name, ReadError::InconsistentHeaders);
    }
}

#[test]
fn a_data_descriptor_that_disagrees_with_the_central_directory_is_refused() {
    // Streamed entries carry their CRC and sizes after the data, where a streaming unzip
    // reads them.
    let code = noise_hex(8, 400);
    let mut zip = zip::ZipWriter::new_stream(Vec::new());
    for (name, bytes) in [("a.py", CODE), ("b.py", code.as_bytes())] {
        zip.start_file(name, deflated()).unwrap();
        std::io::Write::write_all(&mut zip, bytes).unwrap();
    }
    let archive = zip.finish().unwrap().into_inner();
    assert_eq!(read(&archive).map(|read| read.files.len()), Ok(2));
    let descriptor = descriptor_at(&archive, "b.py");
    assert_eq!(&archive[descriptor..descriptor + 4], b"PK\x07\x08");
    // CRC, compressed size, uncompressed size.
    for field in [4, 8, 12] {
        let mut lying = archive.clone();
        lying[descriptor + field] ^= 0x01;
        refused(&lying, ReadError::InconsistentHeaders);
    }
}

#[test]
fn too_many_entries_are_refused_before_anything_else() {
    let archive = raw_zip(&[("a.py", CODE), ("b.py", CODE), ("../c.py", CODE)], true);
    let limits = ReadLimits {
        max_entries: 2,
        ..ReadLimits::default()
    };
    assert_eq!(
        read_archive(&archive, None, &limits),
        Err(ReadError::TooManyEntries { max: 2 })
    );
}

#[test]
fn too_much_declared_content_is_refused() {
    let archive = raw_zip(&[("a.py", &[b'a'; 60]), ("b.py", &[b'b'; 60])], false);
    let limits = ReadLimits {
        max_total_bytes: 100,
        ..ReadLimits::default()
    };
    assert_eq!(
        read_archive(&archive, None, &limits),
        Err(ReadError::TooLarge { max_bytes: 100 })
    );
}

#[test]
fn an_oversized_manifest_is_refused() {
    // Past the limit for its entries: refused by its declared size.
    let mut json = br#"{ "files": [], "padding": ""#.to_vec();
    json.extend_from_slice(noise_hex(4, 6 * 1024 * 1024).as_bytes());
    json.extend_from_slice(br#"" }"#);
    refused(
        &raw_zip(&[(MANIFEST_NAME, &json)], true),
        ReadError::ManifestTooLarge,
    );
    // Within the allowance a backup's records earn, but no backup.
    let mut json = br#"{ "files": [], "padding": ""#.to_vec();
    json.extend_from_slice(noise_hex(5, MAX_MANIFEST_BYTES as usize).as_bytes());
    json.extend_from_slice(br#"" }"#);
    let entries = [(MANIFEST_NAME, &json[..]), ("a.py", CODE), ("b.py", CODE)];
    refused(&raw_zip(&entries, true), ReadError::ManifestTooLarge);
}

#[test]
fn a_malformed_manifest_is_refused() {
    for json in [
        &b"{ files"[..],
        br#"{ "version": "1.0" }"#,
        br#"{ "files": "a.py" }"#,
        br#"{ "files": [ { "path": "a" } ] }"#,
    ] {
        let archive = raw_zip(&[(MANIFEST_NAME, json), ("a.py", CODE)], true);
        let result = read(&archive);
        assert!(
            matches!(result, Err(ReadError::BadManifest(_))),
            "{result:?}"
        );
    }
    let expected = Manifest::from_json(b"[]").unwrap_err().into();
    let archive = raw_zip(&[("p/metadata.json", b"[]"), ("p/a.py", CODE)], true);
    refused(&archive, ReadError::BadManifest(expected));
}

#[test]
fn a_name_that_is_not_utf8_is_refused() {
    let mut archive = raw_zip(&[("a.py", CODE), ("cafe.py", CODE)], true);
    rename_raw(&mut archive, "cafe.py", b"caf\xE9");
    refused(&archive, ReadError::NonUtf8Name);
}

#[test]
fn duplicate_names_are_refused() {
    // The same name twice in the central directory, which zip folds into one entry.
    let mut archive = raw_zip(&[("a.py", CODE), ("b.py", CODE), ("x.py", b"other")], true);
    rename_raw(&mut archive, "x.py", b"a");
    refused(&archive, ReadError::DuplicateName("a.py".into()));
    // Names that differ only until they are normalized.
    let archive = raw_zip(&[("src/a.py", CODE), ("./src//a.py", CODE)], true);
    refused(&archive, ReadError::DuplicateName("src/a.py".into()));
}

#[test]
fn an_entry_inflating_past_its_declared_size_is_refused() {
    let code = noise_hex(6, 4000);
    for deflate in [true, false] {
        let mut archive = raw_zip(&[("a.py", CODE), ("big.py", code.as_bytes())], deflate);
        declare_size(&mut archive, "big.py", 100);
        refused(&archive, ReadError::InflatesPastDeclared("big.py".into()));
    }
}

#[test]
fn an_entry_shorter_than_declared_is_corrupt() {
    // zip checks the CRC, which still matches, but not the length.
    let mut archive = raw_zip(&[("a.py", CODE)], false);
    declare_size(&mut archive, "a.py", CODE.len() as u32 + 1);
    refused(&archive, ReadError::Corrupt("a.py".into()));
}

#[test]
fn a_backup_file_that_does_not_match_its_checksum_is_refused() {
    let (_, mut manifest) = backup(&[("a.py", CODE), ("b.py", b"print('b')\n")]);
    manifest.files[1].sha256 = crate::archive::sha256_hex(b"something else");
    let json = manifest.to_json();
    let entries = [
        ("a.py", CODE),
        ("b.py", &b"print('b')\n"[..]),
        (MANIFEST_NAME, &json),
    ];
    refused(
        &raw_zip(&entries, true),
        ReadError::ChecksumMismatch("b.py".into()),
    );
    let missing = [("a.py", CODE), (MANIFEST_NAME, &json[..])];
    refused(
        &raw_zip(&missing, true),
        ReadError::ChecksumMismatch("b.py".into()),
    );
}

#[test]
fn a_file_named_like_a_litter_folder_is_never_returned_without_a_name() {
    // Found by fuzzing: `._/.` normalizes to `._`, the name of the folder it sits beside, and
    // stripping that folder once emptied its path.
    let archive = raw_zip(&[("._/a.py", CODE), ("._/", b""), ("._/.", b"x")], true);
    let read = read(&archive).unwrap();
    let paths: Vec<&str> = read.files.iter().map(|file| file.path.as_str()).collect();
    assert_eq!(paths, ["a.py"]);
    let skipped = [(SkipReason::Directory, 1), (SkipReason::MacOsMetadata, 1)];
    assert_eq!(read.skipped, skipped.into_iter().collect());
}
