//! Files arriving from an archive (an import or a restore) meet the rules typed input meets:
//! the same name rule, note rule and tag rule, and a language we know. What does not fit is
//! normalised, cut or left out, and reported, so the user sees what changed.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::{
    file_name::{NameError, validate_name},
    language,
    note::fit_note,
    restore::{Incoming, PastVersion},
    tags::filter_tags,
};

/// A file as an archive holds it, before any rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Arriving {
    /// The name the archive's manifest gives it, when there is one.
    pub listed_name: Option<String>,
    /// Its path in the archive: the name to fall back on.
    pub path: String,
    pub code: String,
    pub language: Option<String>,
    pub note: Option<String>,
    pub tags: Vec<String>,
    /// Its earlier versions, oldest first (a backup with history).
    pub history: Vec<ArrivingVersion>,
}

/// An earlier version of an arriving file.
#[derive(Clone, Debug, PartialEq)]
pub struct ArrivingVersion {
    /// Its name then, when the archive says it was not the file's.
    pub name: Option<String>,
    pub code: String,
    pub created_at: DateTime<Utc>,
}

/// What [`admit`] changed or left out. Refused and renamed files are named as the archive
/// spells them (that is what was wrong); the others by the name they take.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Admission {
    /// Files whose listed name broke the rule, kept under their path: (listed, used).
    pub renamed: Vec<(String, String)>,
    /// Files with no valid name, left out, and why.
    pub refused: Vec<(String, NameError)>,
    /// Files left out because an earlier file has the same name.
    pub duplicates: Vec<String>,
    /// Files whose note was cut to the limit.
    pub notes_cut: Vec<String>,
    /// Files that lost tags (invalid, or past the limit), and how many each lost.
    pub tags_dropped: Vec<(String, usize)>,
}

impl Admission {
    /// Nothing was changed or left out.
    pub fn is_clean(&self) -> bool {
        *self == Self::default()
    }
}

/// The files that may enter the library, as they will be stored, and what was done to get
/// there. `tag` (a repository's `repo:owner/name`) is given to every file, before its own tags
/// so the limit never drops it.
pub fn admit(files: Vec<Arriving>, tag: Option<&str>) -> (Vec<Incoming>, Admission) {
    let mut admission = Admission::default();
    let mut names: HashSet<String> = HashSet::new();
    let mut admitted = Vec::new();
    for file in files {
        let Some(name) = name_of(&file, &mut admission) else {
            continue;
        };
        if !names.insert(name.clone()) {
            admission.duplicates.push(name);
            continue;
        }
        let (note, cut) = file.note.as_deref().map(fit_note).unwrap_or_default();
        if cut {
            admission.notes_cut.push(name.clone());
        }
        let raw_tags: Vec<String> = tag
            .map(str::to_owned)
            .into_iter()
            .chain(file.tags)
            .collect();
        let (tags, dropped) = filter_tags(&raw_tags);
        if dropped > 0 {
            admission.tags_dropped.push((name.clone(), dropped));
        }
        // An unknown language is detected from the name and code when the file is stored.
        let language = file
            .language
            .as_deref()
            .and_then(language::known)
            .map(str::to_owned);
        // A version's own name meets the name rule, or it takes the file's.
        let history = file
            .history
            .into_iter()
            .map(|version| PastVersion {
                name: version
                    .name
                    .and_then(|name| validate_name(&name).ok())
                    .unwrap_or_else(|| name.clone()),
                code: version.code,
                created_at: version.created_at,
            })
            .collect();
        admitted.push(Incoming {
            name,
            code: file.code,
            language,
            note: Some(note).filter(|note| !note.is_empty()),
            tags,
            history,
        });
    }
    (admitted, admission)
}

/// The listed name if it is valid, else the path if that is (a rename), else nothing.
fn name_of(file: &Arriving, admission: &mut Admission) -> Option<String> {
    let Some(listed) = &file.listed_name else {
        return match validate_name(&file.path) {
            Ok(name) => Some(name),
            Err(error) => {
                admission.refused.push((file.path.clone(), error));
                None
            }
        };
    };
    match (validate_name(listed), validate_name(&file.path)) {
        (Ok(name), _) => Some(name),
        (Err(_), Ok(path)) => {
            admission.renamed.push((listed.clone(), path.clone()));
            Some(path)
        }
        (Err(error), Err(_)) => {
            admission.refused.push((listed.clone(), error));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        MAX_NOTE_CHARS,
        file_name::MAX_NAME_CHARS,
        tags::{MAX_TAG_CHARS, MAX_TAGS},
    };

    fn arriving(listed: Option<&str>, path: &str) -> Arriving {
        Arriving {
            listed_name: listed.map(str::to_owned),
            path: path.to_owned(),
            code: "print(1)\n".to_owned(),
            language: None,
            note: None,
            tags: vec![],
            history: vec![],
        }
    }

    fn names(files: &[Incoming]) -> Vec<&str> {
        files.iter().map(|file| file.name.as_str()).collect()
    }

    #[test]
    fn bad_listed_names_fall_back_to_the_path_or_are_left_out() {
        let long = "n".repeat(303);
        let files = vec![
            arriving(Some(&long), "long.py"),
            arriving(Some("tab\there.py"), "tab.py"),
            arriving(Some("new\nline.py"), "new\nline.py"),
            arriving(Some("../../etc/passwd"), "etc/passwd"),
            arriving(Some("invoice\u{202E}yp.exe"), "invoice\u{202E}yp.exe"),
            arriving(Some("ok.py"), "ok.py"),
            arriving(None, "src/main.rs"),
            arriving(None, &"p".repeat(MAX_NAME_CHARS + 1)),
        ];
        let (admitted, admission) = admit(files, None);
        assert_eq!(
            names(&admitted),
            ["long.py", "tab.py", "etc/passwd", "ok.py", "src/main.rs"]
        );
        assert_eq!(
            admission.renamed,
            [
                (long.clone(), "long.py".to_owned()),
                ("tab\there.py".to_owned(), "tab.py".to_owned()),
                ("../../etc/passwd".to_owned(), "etc/passwd".to_owned()),
            ]
        );
        assert_eq!(
            admission.refused,
            [
                ("new\nline.py".to_owned(), NameError::ControlCharacter),
                ("invoice\u{202E}yp.exe".to_owned(), NameError::Bidi),
                ("p".repeat(MAX_NAME_CHARS + 1), NameError::TooLong),
            ]
        );
        assert!(!admission.is_clean());
    }

    #[test]
    fn the_first_of_two_files_with_one_name_wins() {
        let nfd = "cafe\u{301}.py";
        let files = vec![
            arriving(Some("caf\u{e9}.py"), "a.py"),
            arriving(Some(nfd), "b.py"),
            arriving(Some(" a.py "), "c.py"),
            arriving(None, "a.py"),
        ];
        let (admitted, admission) = admit(files, None);
        assert_eq!(names(&admitted), ["caf\u{e9}.py", "a.py"]);
        assert_eq!(admission.duplicates, ["caf\u{e9}.py", "a.py"]);
    }

    #[test]
    fn notes_are_cut_and_tags_filtered() {
        let mut file = arriving(Some("a.py"), "a.py");
        file.note = Some("x".repeat(4000));
        file.tags = (0..30)
            .map(|i| format!("t{i}<&>"))
            .chain(["good".to_owned(), "x".repeat(MAX_TAG_CHARS + 1)])
            .collect();
        let mut quiet = arriving(Some("b.py"), "b.py");
        quiet.note = Some("  \n ".to_owned());
        quiet.tags = vec!["#fine".to_owned()];
        let (admitted, admission) = admit(vec![file, quiet], Some("repo:me/tool"));
        assert_eq!(
            admitted[0].note.as_deref().map(|n| n.chars().count()),
            Some(MAX_NOTE_CHARS)
        );
        assert_eq!(admitted[0].tags, ["repo:me/tool", "good"]);
        assert_eq!(admitted[1].note, None);
        assert_eq!(admitted[1].tags, ["repo:me/tool", "fine"]);
        assert_eq!(admission.notes_cut, ["a.py"]);
        assert_eq!(admission.tags_dropped, [("a.py".to_owned(), 31)]);
        let many: Vec<String> = (0..MAX_TAGS + 5).map(|i| format!("t{i}")).collect();
        let mut full = arriving(Some("c.py"), "c.py");
        full.tags = many;
        let (admitted, _) = admit(vec![full], Some("repo:me/tool"));
        assert_eq!(admitted[0].tags.len(), MAX_TAGS);
        assert_eq!(admitted[0].tags[0], "repo:me/tool");
    }

    #[test]
    fn only_known_languages_are_kept() {
        let language = |raw: &str| {
            let mut file = arriving(Some("a.py"), "a.py");
            file.language = Some(raw.to_owned());
            admit(vec![file], None).0.remove(0).language
        };
        assert_eq!(language("python\"><i>"), None);
        assert_eq!(language("Python"), Some("python".to_owned()));
        assert_eq!(language(""), None);
    }
}
