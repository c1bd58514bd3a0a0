use super::incoming_files;
use crate::archive::reader::{ReadLimits, read_archive};
use crate::archive::test_support::{repack, repo_header as header, zipball};

#[test]
fn the_kept_archive_imports_under_the_repository_names() {
    let files: [(&str, &[u8]); 2] = [("README.md", b"# Hello\n"), ("src/lib.rs", b"")];
    let archive = repack(&zipball(&files), header(), 1 << 20).unwrap().archive;
    let read = read_archive(&archive, None, &ReadLimits::default()).unwrap();
    assert_eq!(read.repo.as_deref(), Some("octocat/hello"));
    let incoming = incoming_files(read);
    let names: Vec<&str> = incoming.iter().map(|file| file.name.as_str()).collect();
    assert_eq!(names, ["README.md", "src/lib.rs"]);
}
