//! The dumps in a directory: the newest, and pruning the older ones. Only files named as this
//! code names dumps are ever looked at or removed.

use std::{
    io,
    path::{Path, PathBuf},
    time::{Duration, SystemTime},
};

use chrono::{DateTime, Utc};

use super::format::{TEMP_PREFIX, TEMP_SUFFIX, made_at};

/// A dump's temporary file untouched this long belongs to a dump that was killed (a running
/// one writes to it all the time).
const STALE_TEMP: Duration = Duration::from_secs(60 * 60);

/// The dumps in `dir`, newest first.
pub fn dumps(dir: &Path) -> io::Result<Vec<(DateTime<Utc>, PathBuf)>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(at) = name.to_str().and_then(made_at) else {
            continue;
        };
        if entry.file_type()?.is_file() {
            found.push((at, entry.path()));
        }
    }
    found.sort_by(|a, b| b.cmp(a));
    Ok(found)
}

/// When the newest dump in `dir` was made (none when the directory is missing).
pub fn newest(dir: &Path) -> io::Result<Option<DateTime<Utc>>> {
    match dumps(dir) {
        Ok(dumps) => Ok(dumps.first().map(|(at, _)| *at)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error),
    }
}

/// Keeps the newest `keep` dumps in `dir`, `written` (the one just made) always among them,
/// and removes the others and the temporary files of dumps that were killed; answers what it
/// removed.
pub fn prune(dir: &Path, keep: usize, written: &Path) -> io::Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    let older = dumps(dir)?
        .into_iter()
        .filter(|(_, path)| path != written)
        .skip(keep.saturating_sub(1));
    for (_, path) in older {
        std::fs::remove_file(&path)?;
        removed.push(path);
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let untouched = entry
            .metadata()?
            .modified()
            .ok()
            .and_then(|at| SystemTime::now().duration_since(at).ok())
            .is_some_and(|age| age >= STALE_TEMP);
        if untouched {
            std::fs::remove_file(entry.path())?;
            removed.push(entry.path());
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::ops::dump::format::file_name;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 4, hour, 0, 0).unwrap()
    }

    fn touch(dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, name).unwrap();
        path
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn only_the_newest_dumps_stay_and_nothing_else_is_touched() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        for hour in [1, 2, 3, 4] {
            touch(dir, &file_name(at(hour)));
        }
        // The one just written is kept even if a clock put it before the others.
        let written = touch(dir, &file_name(at(0)));
        let others = [
            "notes.txt",
            "codevault-dump-backup.zip",
            ".codevault-dump-x.tmp",
        ];
        for other in others {
            touch(dir, other);
        }
        std::fs::create_dir(dir.join(file_name(at(9)))).unwrap();

        assert_eq!(newest(dir).unwrap(), Some(at(4)));
        let removed = prune(dir, 3, &written).unwrap();
        assert_eq!(
            removed,
            [dir.join(file_name(at(2))), dir.join(file_name(at(1)))]
        );
        let mut expected: Vec<String> = [0, 3, 4, 9].map(|h| file_name(at(h))).to_vec();
        expected.extend(others.map(str::to_owned));
        expected.sort();
        assert_eq!(names(dir), expected);

        assert!(prune(dir, 1, &written).unwrap().len() == 2);
        assert!(names(dir).contains(&file_name(at(0))));
        assert_eq!(newest(&dir.join("missing")).unwrap(), None);
    }

    #[test]
    fn a_killed_dumps_temporary_file_goes_once_untouched_for_an_hour() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        let written = touch(dir, &file_name(at(1)));
        let fresh = touch(dir, ".codevault-dump-fresh.tmp");
        let stale = touch(dir, ".codevault-dump-stale.tmp");
        let hour_ago = SystemTime::now() - STALE_TEMP - Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(hour_ago)
            .unwrap();

        assert_eq!(prune(dir, 5, &written).unwrap(), [stale]);
        assert!(fresh.exists() && written.exists());
    }
}
