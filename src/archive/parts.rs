//! Splits a backup too large for one Telegram message into part archives.
//!
//! Each part is a complete backup archive of some of the files, with its own manifest naming its
//! part (`2/3`), so any one part verifies and restores on its own. Entries are copied still
//! compressed, so splitting costs no deflating.

use std::collections::HashMap;
use std::io::{Seek, Write};

use zip::{ZipArchive, ZipWriter, result::ZipError};

mod size;

use size::{entry_cost, fixed_cost};

use super::manifest::{
    MANIFEST_NAME, Manifest, ManifestFile, ManifestHeader, build_manifest, header_of,
};
use super::source::Source;
use super::writer::{ArchiveError, write_manifest};

/// The entry paths, in the original order, that go into one part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartPlan {
    pub paths: Vec<String>,
}

/// Groups the manifest's files into as few parts as fit, keeping their order, so that every part
/// [`build_part`] makes is strictly smaller than `max_part_bytes`.
pub fn plan_parts(
    archive: impl Into<Source>,
    manifest: &Manifest,
    max_part_bytes: u64,
) -> Result<Vec<PartPlan>, ArchiveError> {
    let mut zip = ZipArchive::new(archive.into())?;
    let fixed = fixed_cost(manifest);
    let too_large = |path: &str| ArchiveError::EntryTooLarge {
        path: path.to_owned(),
    };
    if fixed >= max_part_bytes {
        return Err(too_large(MANIFEST_NAME));
    }
    let mut plans: Vec<PartPlan> = Vec::new();
    let mut used = fixed;
    for file in &manifest.files {
        let cost = entry_cost(&mut zip, file)?;
        if fixed.saturating_add(cost) >= max_part_bytes {
            return Err(too_large(file.entry_path()));
        }
        if plans.is_empty() || used + cost >= max_part_bytes {
            plans.push(PartPlan { paths: Vec::new() });
            used = fixed;
        }
        used += cost;
        plans
            .last_mut()
            .expect("pushed above")
            .paths
            .push(file.entry_path().to_owned());
    }
    // An empty backup is still one (manifest-only) part.
    if plans.is_empty() {
        plans.push(PartPlan { paths: Vec::new() });
    }
    Ok(plans)
}

/// The file name of part `index` (zero-based) of `count` of the archive named `file_name`:
/// `codevault-….zip` → `codevault-…-part2of3.zip`.
pub fn part_name(file_name: &str, index: usize, count: usize) -> String {
    let stem = file_name.strip_suffix(".zip").unwrap_or(file_name);
    format!("{stem}-part{}of{count}.zip", index.saturating_add(1))
}

/// Builds part `index` (zero-based) of `count` into `out`: the plan's entries copied as they
/// are, and a manifest listing only them.
pub fn build_part<W>(
    archive: impl Into<Source>,
    manifest: &Manifest,
    plan: &PartPlan,
    index: usize,
    count: usize,
    out: W,
) -> Result<W, ArchiveError>
where
    W: Write + Seek,
{
    if index >= count {
        return Err(ArchiveError::NoSuchPart { index, count });
    }
    let by_path: HashMap<&str, &ManifestFile> = manifest
        .files
        .iter()
        .map(|file| (file.entry_path(), file))
        .collect();
    let mut source = ZipArchive::new(archive.into())?;
    let mut part = ZipWriter::new(out);
    let mut files = Vec::with_capacity(plan.paths.len());
    for path in &plan.paths {
        let missing = || ArchiveError::MissingEntry { path: path.clone() };
        let file = by_path.get(path.as_str()).ok_or_else(missing)?;
        // A file's earlier versions go with it, so a part restores whole histories.
        let entries = std::iter::once(path.as_str())
            .chain(file.versions.iter().map(|version| version.path.as_str()));
        for entry_path in entries {
            let entry = source.by_name(entry_path).map_err(|error| match error {
                ZipError::FileNotFound => ArchiveError::MissingEntry {
                    path: entry_path.to_owned(),
                },
                error => error.into(),
            })?;
            part.raw_copy_file(entry)?;
        }
        files.push(ManifestFile {
            code: None,
            ..(*file).clone()
        });
    }
    let header = ManifestHeader {
        part: Some(format!("{}/{count}", index + 1)),
        ..header_of(manifest)
    };
    write_manifest(&mut part, &build_manifest(header, files), None)?;
    Ok(part.finish()?)
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    #[test]
    fn parts_are_named_after_their_archive_counting_from_one() {
        let name = "codevault-2026-01-02-0304-89abcdef.zip";
        assert_eq!(
            part_name(name, 0, 3),
            "codevault-2026-01-02-0304-89abcdef-part1of3.zip"
        );
        assert_eq!(
            part_name(name, 2, 3),
            "codevault-2026-01-02-0304-89abcdef-part3of3.zip"
        );
        assert_eq!(part_name("notes", 0, 1), "notes-part1of1.zip");
    }
    use crate::archive::test_support::{backup, backup_with, header, noise_hex};
    use crate::archive::verify;

    const MAX: u64 = 20 * 1024;

    fn split(archive: &[u8], manifest: &Manifest, max: u64) -> Vec<Vec<u8>> {
        let plans = plan_parts(archive, manifest, max).unwrap();
        let count = plans.len();
        let parts: Vec<Vec<u8>> = plans
            .iter()
            .enumerate()
            .map(|(index, plan)| {
                build_part(
                    archive,
                    manifest,
                    plan,
                    index,
                    count,
                    Cursor::new(Vec::new()),
                )
                .map(Cursor::into_inner)
                .unwrap()
            })
            .collect();
        for part in &parts {
            assert!((part.len() as u64) < max, "{} >= {max}", part.len());
        }
        parts
    }

    /// A backup of `names`, each file `len(i)` hex digits of noise.
    fn noise_backup(
        names: &[&str],
        len: fn(usize) -> usize,
        header: ManifestHeader,
    ) -> (Vec<u8>, Manifest) {
        let codes: Vec<String> = (0..names.len())
            .map(|i| noise_hex(i as u64, len(i)))
            .collect();
        let files: Vec<(&str, &[u8])> = names
            .iter()
            .zip(&codes)
            .map(|(n, c)| (*n, c.as_bytes()))
            .collect();
        backup_with(header, &files)
    }

    #[test]
    fn splits_incompressible_files_into_verified_parts_under_the_limit() {
        let names: Vec<String> = (0..30).map(|i| format!("file{i:02}.txt")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let repo = (Some("owner/name".to_owned()), Some("main".to_owned()));
        let header = ManifestHeader {
            repo: repo.0.clone(),
            git_ref: repo.1.clone(),
            ..header()
        };
        let (archive, manifest) = noise_backup(&names, |_| 3000, header);

        let parts = split(&archive, &manifest, MAX);
        let count = parts.len();
        assert!(count >= 3, "{count} parts");
        let mut union = Vec::new();
        for (index, part) in parts.iter().enumerate() {
            let part_manifest = verify(part).unwrap();
            assert_eq!(part_manifest.part, Some(format!("{}/{count}", index + 1)));
            assert_eq!(
                (&part_manifest.backup_id, part_manifest.created_at),
                (&manifest.backup_id, manifest.created_at)
            );
            assert_eq!((part_manifest.repo, part_manifest.git_ref), repo);
            let size: u64 = part_manifest.files.iter().map(|file| file.size).sum();
            assert_eq!(part_manifest.total_size, size);
            union.extend(part_manifest.files);
        }
        assert_eq!(union, manifest.files);
    }

    #[test]
    fn parts_stay_under_tight_limits() {
        let names: Vec<String> = (0..12)
            .map(|i| format!("{}.py", "n".repeat(1 + 15 * i)))
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let (archive, manifest) = noise_backup(&names, |i| 100 + 400 * i, header());
        for max in [6_000, 7_000, 9_000, 15_000, 100_000] {
            let parts = split(&archive, &manifest, max);
            let listed: usize = parts
                .iter()
                .map(|part| verify(part).unwrap().files.len())
                .sum();
            assert_eq!(listed, 12, "max {max}");
        }
    }

    #[test]
    fn keeps_the_original_order_and_entries_byte_for_byte() {
        let names = ["z", "a", "m", "b", "y", "c", "x", "d"];
        let (archive, manifest) = noise_backup(&names, |_| 2500, header());
        let plans = plan_parts(&archive, &manifest, 8_000).unwrap();
        assert!(plans.len() > 1);
        let order: Vec<String> = plans.iter().flat_map(|plan| plan.paths.clone()).collect();
        assert_eq!(order, names);
        let part = build_part(
            &archive,
            &manifest,
            &plans[0],
            0,
            plans.len(),
            Cursor::new(Vec::new()),
        )
        .map(Cursor::into_inner)
        .unwrap();
        let mut whole = ZipArchive::new(Cursor::new(archive.as_slice())).unwrap();
        let mut piece = ZipArchive::new(Cursor::new(part.as_slice())).unwrap();
        let (original, copy) = (whole.by_name("z").unwrap(), piece.by_name("z").unwrap());
        assert_eq!(
            (original.crc32(), original.compressed_size()),
            (copy.crc32(), copy.compressed_size())
        );
        assert_eq!(original.last_modified(), copy.last_modified());
        assert_eq!(original.unix_mode(), copy.unix_mode());
    }

    #[test]
    fn one_part_when_everything_fits() {
        let (archive, manifest) = backup(&[("a.py", b"1"), ("b.py", b"2")]);
        let plans = plan_parts(&archive, &manifest, 50 * 1024 * 1024).unwrap();
        assert_eq!(
            plans,
            [PartPlan {
                paths: vec!["a.py".into(), "b.py".into()]
            }]
        );
        let (empty, empty_manifest) = backup(&[]);
        let plans = plan_parts(&empty, &empty_manifest, 50 * 1024 * 1024).unwrap();
        assert_eq!(plans, [PartPlan { paths: vec![] }]);
        let part = build_part(
            &empty,
            &empty_manifest,
            &plans[0],
            0,
            1,
            Cursor::new(Vec::new()),
        )
        .map(Cursor::into_inner)
        .unwrap();
        assert_eq!(verify(&part).unwrap().part.as_deref(), Some("1/1"));
    }

    #[test]
    fn refuses_what_cannot_be_split() {
        let big = noise_hex(7, 60_000);
        let (archive, manifest) = backup(&[("small.py", b"1"), ("big.txt", big.as_bytes())]);
        let refused = plan_parts(&archive, &manifest, MAX);
        assert!(matches!(refused, Err(ArchiveError::EntryTooLarge { path }) if path == "big.txt"));
        let refused = plan_parts(&archive, &manifest, 100);
        assert!(
            matches!(refused, Err(ArchiveError::EntryTooLarge { path }) if path == MANIFEST_NAME)
        );
        let plan = PartPlan {
            paths: vec!["small.py".into()],
        };
        let no_part = build_part(&archive, &manifest, &plan, 2, 2, Cursor::new(Vec::new()))
            .map(Cursor::into_inner);
        assert!(matches!(
            no_part,
            Err(ArchiveError::NoSuchPart { index: 2, count: 2 })
        ));
        let stranger = PartPlan {
            paths: vec!["nope.py".into()],
        };
        let missing = build_part(
            &archive,
            &manifest,
            &stranger,
            0,
            1,
            Cursor::new(Vec::new()),
        )
        .map(Cursor::into_inner);
        assert!(matches!(missing, Err(ArchiveError::MissingEntry { path }) if path == "nope.py"));
    }
}
