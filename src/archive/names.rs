//! Entry names inside a backup: safe to extract anywhere, and unique.
//!
//! Users extract backups with whatever unzip tool they have, on Windows, macOS or Linux. A name
//! any of those refuses, or two names one of them sees as the same file, would lose a file.

use std::collections::HashSet;

use unicode_normalization::UnicodeNormalization;

use super::manifest::MANIFEST_NAME;

/// Well under every file system's 255-unit limit, leaving room for a `(n)` suffix.
pub const MAX_NAME_BYTES: usize = 200;
/// A longer "extension" is just part of a name with a dot in it, and is cut like the rest.
const MAX_KEPT_EXTENSION_BYTES: usize = 32;
const FORBIDDEN: &[char] = &['/', '\\', ':', '*', '?', '"', '<', '>', '|'];
/// Windows opens these devices whatever the extension: `nul.txt` is NUL.
const DEVICES: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$", "COM0", "COM1", "COM2", "COM3",
    "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³", "LPT0", "LPT1", "LPT2",
    "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
];

/// Makes `name` a single path component every common file system accepts as it is.
pub fn sanitize(name: &str) -> String {
    let replaced: String = name
        .chars()
        .map(|c| {
            if FORBIDDEN.contains(&c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    // Windows drops trailing dots and spaces, which would merge `a.` with `a`.
    let trimmed = trim_end(replaced.trim_start_matches(' '));
    let mut name = fit(trimmed, "", MAX_NAME_BYTES);
    if name.is_empty() {
        return "file".to_owned();
    }
    if is_device(&name) {
        name = fit(&format!("_{name}"), "", MAX_NAME_BYTES);
    }
    name
}

/// The folder of a backup with history that holds the files' earlier versions; the backup's
/// files, flat at its root, never take its name.
pub const VERSIONS_FOLDER: &str = "versions";

/// The name of version `version` of `file_name` before it is made safe: `app.py` version 3 is
/// `app (v3).py`, so an unzipped history still opens by its extension.
pub fn versioned(file_name: &str, version: u32) -> String {
    let name = sanitize(file_name);
    let (stem, extension) = split_extension(&name);
    fit(stem, &format!(" (v{version}){extension}"), MAX_NAME_BYTES)
}

/// Hands out entry names for one archive.
#[derive(Debug)]
pub struct EntryNames {
    /// Folded spellings of every name handed out, so that no two names clash on a
    /// case-insensitive file system (Windows, macOS).
    taken: HashSet<String>,
}

impl EntryNames {
    pub fn new() -> Self {
        let mut names = Self {
            taken: HashSet::new(),
        };
        names.take(MANIFEST_NAME);
        names
    }

    /// `app.py`, then `app (2).py`, `app (3).py`, … for names already handed out in any case.
    pub fn allocate(&mut self, file_name: &str) -> String {
        let name = sanitize(file_name);
        let folded = folds(&name);
        if !folded.iter().any(|fold| self.taken.contains(fold)) {
            self.taken.extend(folded);
            return name;
        }
        let (stem, extension) = split_extension(&name);
        let allocated = (2u64..)
            .map(|n| fit(stem, &format!(" ({n}){extension}"), MAX_NAME_BYTES))
            .find(|candidate| !self.is_taken(candidate))
            .expect("some suffix is always free");
        self.take(&allocated);
        allocated
    }

    fn is_taken(&self, name: &str) -> bool {
        folds(name).iter().any(|fold| self.taken.contains(fold))
    }

    fn take(&mut self, name: &str) {
        self.taken.extend(folds(name));
    }
}

impl Default for EntryNames {
    fn default() -> Self {
        Self::new()
    }
}

/// Two foldings, since neither lowercase nor uppercase alone catches every pair a file system
/// treats as one name (`ß`/`SS`, the Kelvin sign and `k`); one when they agree, as they always
/// do for ASCII (a set of tens of thousands of names is then hashed half as often).
///
/// Both are in NFKC: macOS takes `café` composed (NFC) and decomposed (NFD) as one name, and
/// compatibility look-alikes (`ﬁle`/`file`, a fullwidth `ａ`, a superscript `²`) would be two
/// entries a user cannot tell apart, which Windows partly merges too (`COM¹` is `COM1`).
/// Folding more than any file system does only costs a ` (2)` suffix.
fn folds(name: &str) -> Vec<String> {
    // ASCII is its own NFKC, and its two foldings are one: the common case, made cheap.
    if name.is_ascii() {
        return vec![name.to_ascii_lowercase()];
    }
    let name: String = name.nfkc().collect();
    // Case mapping can leave a sequence that is no longer normalized (`İ` lowercases to `i̇`).
    let normalized = |text: String| text.nfkc().collect::<String>();
    let mut folds = vec![
        normalized(name.to_lowercase()),
        normalized(name.to_uppercase().to_lowercase()),
    ];
    folds.dedup();
    folds
}

/// Splits off a short extension, with its dot; a leading dot belongs to the stem (`.env`).
fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(dot) if dot > 0 && name.len() - dot <= MAX_KEPT_EXTENSION_BYTES => name.split_at(dot),
        _ => (name, ""),
    }
}

/// `stem` + `tail` in at most `max` bytes, shortening the stem (keeping any extension of the
/// stem when `tail` is empty) on a character boundary, never ending in a dot or space.
fn fit(stem: &str, tail: &str, max: usize) -> String {
    let (stem, tail) = if tail.is_empty() {
        split_extension(stem)
    } else {
        (stem, tail)
    };
    if stem.len() + tail.len() <= max {
        return format!("{stem}{tail}");
    }
    let mut cut = max.saturating_sub(tail.len());
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    let name = format!("{}{tail}", &stem[..cut]);
    trim_end(&name).to_owned()
}

fn trim_end(name: &str) -> &str {
    name.trim_end_matches(['.', ' '])
}

/// Windows looks only at the part before the first dot, ignoring trailing spaces: `CON .txt`.
fn is_device(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    let stem = stem.to_lowercase();
    // The devices' only letters are ASCII, so comparing them so is comparing them lowercased.
    DEVICES
        .iter()
        .any(|device| device.eq_ignore_ascii_case(&stem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_is_named_after_its_file_keeping_the_extension() {
        assert_eq!(versioned("app.py", 3), "app (v3).py");
        assert_eq!(versioned("a/b:c.rs", 12), "a_b_c (v12).rs");
        assert_eq!(versioned("Makefile", 1), "Makefile (v1)");
        let long = "x".repeat(300) + ".py";
        let name = versioned(&long, 7);
        assert!(
            name.len() <= MAX_NAME_BYTES && name.ends_with(" (v7).py"),
            "{name}"
        );
    }

    #[test]
    fn replaces_separators_reserved_and_control_characters() {
        assert_eq!(sanitize("a/b\\c:d*e?f\"g<h>i|j"), "a_b_c_d_e_f_g_h_i_j");
        assert_eq!(sanitize("tab\there\u{0}\u{7f}\u{85}"), "tab_here___");
        assert_eq!(sanitize("שלום עולם.py"), "שלום עולם.py");
    }

    #[test]
    fn trims_spaces_and_trailing_dots_and_is_never_empty() {
        assert_eq!(sanitize("  app.py  "), "app.py");
        assert_eq!(sanitize("notes. . ."), "notes");
        assert_eq!(sanitize(".env"), ".env");
        for empty in ["", " ", ".", "..", "...", " . "] {
            assert_eq!(sanitize(empty), "file", "{empty:?}");
        }
    }

    #[test]
    fn prefixes_windows_device_names() {
        for device in [
            "CON",
            "con.txt",
            "Nul.tar.gz",
            "com1.py",
            "LPT9",
            "aux .c",
            "CONIN$",
        ] {
            assert_eq!(sanitize(device), format!("_{device}"));
        }
        for fine in ["console.py", "com10", "nul_", "lpt", "xcon"] {
            assert_eq!(sanitize(fine), fine);
        }
    }

    #[test]
    fn cuts_long_names_on_a_char_boundary_keeping_the_extension() {
        let long = format!("{}.py", "א".repeat(150));
        let cut = sanitize(&long);
        assert!(
            cut.len() <= MAX_NAME_BYTES && cut.len() > MAX_NAME_BYTES - 2,
            "{}",
            cut.len()
        );
        assert!(cut.ends_with("א.py"));
        let no_extension = sanitize(&"x.".repeat(200));
        assert!(no_extension.len() <= MAX_NAME_BYTES && no_extension.ends_with('x'));
        let huge_extension = sanitize(&format!("a.{}", "b".repeat(300)));
        assert_eq!(
            huge_extension,
            format!("a.{}", "b".repeat(MAX_NAME_BYTES - 2))
        );
    }

    #[test]
    fn allocates_numbered_names_case_insensitively() {
        let mut names = EntryNames::new();
        let got: Vec<String> = [
            "app.py", "APP.py", "app.py", "Makefile", "makefile", ".env", ".ENV",
        ]
        .into_iter()
        .map(|name| names.allocate(name))
        .collect();
        let expected = [
            "app.py",
            "APP (2).py",
            "app (3).py",
            "Makefile",
            "makefile (2)",
            ".env",
            ".ENV (2)",
        ];
        assert_eq!(got, expected);
    }

    #[test]
    fn never_hands_out_the_manifest_name() {
        let mut names = EntryNames::new();
        assert_eq!(names.allocate("metadata.json"), "metadata (2).json");
        assert_eq!(names.allocate("METADATA.JSON"), "METADATA (3).JSON");
        assert_eq!(names.allocate("metadata.json."), "metadata (4).json");
    }

    #[test]
    fn folds_across_cases_that_lowercase_alone_misses() {
        let mut names = EntryNames::new();
        assert_eq!(names.allocate("straße.txt"), "straße.txt");
        assert_eq!(names.allocate("STRASSE.txt"), "STRASSE (2).txt");
    }

    #[test]
    fn folds_unicode_normal_forms_and_look_alikes() {
        let mut names = EntryNames::new();
        let composed = "caf\u{e9}.py";
        let decomposed = "cafe\u{301}.py";
        assert_eq!(names.allocate(composed), composed);
        assert_eq!(names.allocate(decomposed), "cafe\u{301} (2).py");
        assert_eq!(names.allocate("CAFE\u{301}.PY"), "CAFE\u{301} (3).PY");
        assert_eq!(names.allocate("\u{fb01}le.txt"), "\u{fb01}le.txt");
        assert_eq!(names.allocate("FILE.txt"), "FILE (2).txt");
        assert_eq!(names.allocate("\u{ff41}.rs"), "\u{ff41}.rs");
        assert_eq!(names.allocate("a.rs"), "a (2).rs");
        // Distinct letters stay distinct.
        assert_eq!(names.allocate("cafe.py"), "cafe.py");
    }

    #[test]
    fn suffixes_still_fit_the_length_limit() {
        let mut names = EntryNames::new();
        let long = format!("{}.py", "a".repeat(300));
        let first = names.allocate(&long);
        let second = names.allocate(&long);
        assert!(first.len() <= MAX_NAME_BYTES && second.len() <= MAX_NAME_BYTES);
        assert!(second.ends_with(" (2).py"), "{second}");
    }
}
