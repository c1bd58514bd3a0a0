//! Rules for the names of files: one rule for a name the user types and for a name arriving
//! in an archive (an import or a restore).
//!
//! A name is a relative path of `/`-separated parts (`src/app.py`), so a repository keeps its
//! folders. Each part is a name a person can read as it is: no control characters, no marks
//! that reorder text (`invoice\u{202E}yp.exe` shows as `invoiceexe.py`) and no characters
//! that show as nothing. Names are stored in Unicode NFC, so `café.py` typed on a Mac (NFD)
//! and on Windows (NFC) is one name.

use unicode_normalization::UnicodeNormalization;

/// The longest part of a name (a file or folder name), in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// The longest whole name, folders included, in characters.
pub const MAX_PATH_CHARS: usize = 255;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameError {
    Empty,
    /// A part is longer than [`MAX_NAME_CHARS`].
    TooLong,
    /// The whole name is longer than [`MAX_PATH_CHARS`].
    PathTooLong,
    /// Starts or ends with `/`, or has `//`.
    EmptyPart,
    /// `\` separates folders on Windows, so it would mean another name there.
    Backslash,
    /// A part is `.`, `..` or only dots.
    Reserved,
    ControlCharacter,
    /// Marks that change the direction of text, so the name reads as another.
    Bidi,
    /// Characters that show as nothing, so two names look the same.
    Invisible,
}

/// Characters that change the order in which text is shown.
const BIDI: &[(char, char)] = &[
    ('\u{061C}', '\u{061C}'), // Arabic letter mark
    ('\u{200E}', '\u{200F}'), // left-to-right and right-to-left marks
    ('\u{202A}', '\u{202E}'), // embeddings and overrides
    ('\u{2066}', '\u{2069}'), // isolates
];

/// Characters with no visible glyph (Unicode's default-ignorable code points that fonts draw
/// as nothing), which make two different names look the same. The zero-width joiner is among
/// them even though emoji sequences use it: a file name is no place for hidden joins.
const INVISIBLE: &[(char, char)] = &[
    ('\u{00AD}', '\u{00AD}'),   // soft hyphen
    ('\u{034F}', '\u{034F}'),   // combining grapheme joiner
    ('\u{115F}', '\u{1160}'),   // Hangul fillers
    ('\u{17B4}', '\u{17B5}'),   // Khmer inherent vowels
    ('\u{180E}', '\u{180E}'),   // Mongolian vowel separator
    ('\u{200B}', '\u{200D}'),   // zero-width space, non-joiner, joiner
    ('\u{2060}', '\u{2064}'),   // word joiner, invisible operators
    ('\u{206A}', '\u{206F}'),   // deprecated format characters
    ('\u{3164}', '\u{3164}'),   // Hangul filler
    ('\u{FEFF}', '\u{FEFF}'),   // zero-width no-break space (BOM)
    ('\u{FFA0}', '\u{FFA0}'),   // half-width Hangul filler
    ('\u{FFF9}', '\u{FFFB}'),   // interlinear annotation
    ('\u{1BCA0}', '\u{1BCA3}'), // shorthand format controls
    ('\u{1D173}', '\u{1D17A}'), // musical format controls
    ('\u{E0000}', '\u{E007F}'), // tag characters (hidden ASCII)
];

fn in_ranges(c: char, ranges: &[(char, char)]) -> bool {
    ranges.iter().any(|(low, high)| (*low..=*high).contains(&c))
}

/// Why `c` may not appear in a name, if it may not. Also tells what to make visible when a
/// name is shown back to the user.
pub fn forbidden_char(c: char) -> Option<NameError> {
    if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
        Some(NameError::ControlCharacter)
    } else if in_ranges(c, BIDI) {
        Some(NameError::Bidi)
    } else if in_ranges(c, INVISIBLE) {
        Some(NameError::Invisible)
    } else if c == '\\' {
        Some(NameError::Backslash)
    } else {
        None
    }
}

/// Checks a name and returns it in its stored form: NFC, trimmed, each part trimmed.
pub fn validate_name(raw: &str) -> Result<String, NameError> {
    let name: String = raw.trim().nfc().collect();
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    if let Some(error) = name.chars().find_map(forbidden_char) {
        return Err(error);
    }
    let parts: Vec<&str> = name.split('/').map(str::trim).collect();
    if parts.iter().any(|part| part.is_empty()) {
        return Err(NameError::EmptyPart);
    }
    if parts.iter().any(|part| part.trim_matches('.').is_empty()) {
        return Err(NameError::Reserved);
    }
    if parts
        .iter()
        .any(|part| part.chars().count() > MAX_NAME_CHARS)
    {
        return Err(NameError::TooLong);
    }
    let name = parts.join("/");
    if name.chars().count() > MAX_PATH_CHARS {
        return Err(NameError::PathTooLong);
    }
    Ok(name)
}

/// Splits `name` into stem and extension (with its dot): `src/app.py` → (`src/app`, `.py`).
/// Only the last part has an extension, and a leading dot is part of its stem, so `.env` and
/// `v1.2/Makefile` have none.
pub fn split_extension(name: &str) -> (&str, &str) {
    let last = name.rfind('/').map_or(0, |slash| slash + 1);
    match name[last..].rfind('.') {
        Some(dot) if dot > 0 => name.split_at(last + dot),
        _ => (name, ""),
    }
}

/// `app.py` + `restored` → `app (restored).py`, then `app (restored 2).py`, … until `is_taken`
/// says no. Used when a restored or recovered file must not overwrite another. A stem too
/// long for the label is shortened, so the new name still obeys [`validate_name`].
pub fn unique_name(name: &str, label: &str, is_taken: impl Fn(&str) -> bool) -> String {
    let (stem, extension) = split_extension(name);
    let last = stem.rfind('/').map_or(0, |slash| slash + 1);
    let (folder, stem) = stem.split_at(last);
    (1..)
        .map(|n| {
            let suffix = match n {
                1 => format!(" ({label}){extension}"),
                _ => format!(" ({label} {n}){extension}"),
            };
            let room = MAX_NAME_CHARS.saturating_sub(suffix.chars().count()).min(
                MAX_PATH_CHARS.saturating_sub(folder.chars().count() + suffix.chars().count()),
            );
            let stem: String = stem.chars().take(room).collect();
            format!("{folder}{}{suffix}", stem.trim_end())
        })
        .find(|candidate| !is_taken(candidate))
        .expect("an unbounded sequence always yields a free name")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_ordinary_names_and_folders_and_trims_them() {
        assert_eq!(validate_name("  app.py \n"), Ok("app.py".to_owned()));
        assert_eq!(validate_name("שלום.rs"), Ok("שלום.rs".to_owned()));
        assert_eq!(validate_name(".env"), Ok(".env".to_owned()));
        assert_eq!(validate_name("src/lib.rs"), Ok("src/lib.rs".to_owned()));
        assert_eq!(validate_name("src / lib.rs"), Ok("src/lib.rs".to_owned()));
        assert_eq!(validate_name("a/.config/x"), Ok("a/.config/x".to_owned()));
    }

    #[test]
    fn stores_names_in_nfc() {
        let nfd = "cafe\u{301}.py";
        assert_eq!(validate_name(nfd), Ok("caf\u{e9}.py".to_owned()));
        assert_eq!(validate_name(nfd), validate_name("caf\u{e9}.py"));
    }

    #[test]
    fn rejects_bad_names_with_a_specific_reason() {
        assert_eq!(validate_name("   "), Err(NameError::Empty));
        assert_eq!(validate_name(&"a".repeat(101)), Err(NameError::TooLong));
        assert_eq!(validate_name(&"א".repeat(100)), Ok("א".repeat(100)));
        let long_path = ["d".repeat(100), "e".repeat(100), "f".repeat(60)].join("/");
        assert_eq!(validate_name(&long_path), Err(NameError::PathTooLong));
        assert_eq!(validate_name("/etc/passwd"), Err(NameError::EmptyPart));
        assert_eq!(validate_name("src/"), Err(NameError::EmptyPart));
        assert_eq!(validate_name("a//b"), Err(NameError::EmptyPart));
        assert_eq!(validate_name("..\\app.py"), Err(NameError::Backslash));
        assert_eq!(validate_name(".."), Err(NameError::Reserved));
        assert_eq!(validate_name("../../etc/passwd"), Err(NameError::Reserved));
        assert_eq!(validate_name("src/./a"), Err(NameError::Reserved));
        assert_eq!(validate_name("a\u{0}b"), Err(NameError::ControlCharacter));
        assert_eq!(validate_name("a\nb.py"), Err(NameError::ControlCharacter));
        assert_eq!(
            validate_name("a\u{2028}b"),
            Err(NameError::ControlCharacter)
        );
    }

    #[test]
    fn refuses_names_that_look_like_other_names() {
        assert_eq!(validate_name("invoice\u{202E}yp.exe"), Err(NameError::Bidi));
        assert_eq!(validate_name("a\u{2067}b.py"), Err(NameError::Bidi));
        assert_eq!(validate_name("a\u{200F}.py"), Err(NameError::Bidi));
        assert_eq!(validate_name("app\u{200B}.py"), Err(NameError::Invisible));
        assert_eq!(validate_name("\u{FEFF}app.py"), Err(NameError::Invisible));
        assert_eq!(validate_name("a\u{E0041}.py"), Err(NameError::Invisible));
        assert_eq!(validate_name("a\u{00AD}b.py"), Err(NameError::Invisible));
    }

    #[test]
    fn extensions_belong_to_the_last_part() {
        assert_eq!(split_extension("src/app.py"), ("src/app", ".py"));
        assert_eq!(split_extension("v1.2/Makefile"), ("v1.2/Makefile", ""));
        assert_eq!(split_extension("cfg/.env"), ("cfg/.env", ""));
    }

    #[test]
    fn unique_name_adds_a_label_before_the_extension() {
        let taken = ["app (restored).py".to_owned()];
        assert_eq!(
            unique_name("app.py", "restored", |_| false),
            "app (restored).py"
        );
        assert_eq!(
            unique_name("app.py", "restored", |n| taken.contains(&n.to_owned())),
            "app (restored 2).py"
        );
        assert_eq!(unique_name("Makefile", "2", |_| false), "Makefile (2)");
        assert_eq!(unique_name(".env", "2", |_| false), ".env (2)");
        assert_eq!(
            unique_name("v1.2/Makefile", "restored", |_| false),
            "v1.2/Makefile (restored)"
        );
    }

    #[test]
    fn unique_names_still_obey_the_rule() {
        let long = format!("{}.py", "n".repeat(97));
        let unique = unique_name(&long, "restored", |_| false);
        assert_eq!(validate_name(&unique), Ok(unique.clone()));
        assert!(unique.ends_with(" (restored).py"), "{unique}");
        let deep = format!("{}/{}/{long}", "d".repeat(100), "e".repeat(50));
        let unique = unique_name(&deep, "restored", |_| false);
        assert_eq!(validate_name(&unique), Ok(unique.clone()));
    }

    /// Names mostly of ordinary characters (`/`, dots, spaces and combining marks among them),
    /// now and then any character or one the rule is about; short ones, and long ones for the
    /// length rules.
    fn raw_names() -> impl Strategy<Value = String> {
        let plain = prop_oneof![
            Just('a'),
            Just('e'),
            Just('\u{301}'),
            Just('é'),
            Just('ש'),
            Just('.'),
            Just('/'),
            Just(' '),
        ];
        let hostile = prop_oneof![
            Just('\\'),
            Just('\0'),
            Just('\n'),
            Just('\u{202E}'),
            Just('\u{2066}'),
            Just('\u{200B}'),
            Just('\u{FEFF}'),
            Just('\u{2028}'),
        ];
        let any_char = prop_oneof![16 => plain.clone(), 3 => any::<char>(), 1 => hostile];
        let short = proptest::collection::vec(any_char, 0..40);
        let short = short.prop_map(|chars| chars.into_iter().collect());
        let long =
            proptest::collection::vec("[a-zé. ]{1,110}", 1..4).prop_map(|parts| parts.join("/"));
        prop_oneof![3 => short, 1 => long]
    }

    proptest! {
        #[test]
        fn valid_names_obey_every_rule_and_are_stable(raw in raw_names()) {
            if let Ok(name) = validate_name(&raw) {
                prop_assert!(name.chars().eq(name.nfc()), "not NFC: {name:?}");
                prop_assert!(name.chars().all(|c| forbidden_char(c).is_none()), "{name:?}");
                prop_assert!(name.chars().count() <= MAX_PATH_CHARS);
                for part in name.split('/') {
                    prop_assert!(!part.trim_matches('.').is_empty(), "{name:?}");
                    prop_assert!(part.chars().count() <= MAX_NAME_CHARS);
                    prop_assert_eq!(part.trim(), part);
                }
                prop_assert_eq!(validate_name(&name), Ok(name.clone()));
                let kept = unique_name(&name, "restored 2", |_| false);
                prop_assert_eq!(validate_name(&kept), Ok(kept.clone()));
            }
        }
    }
}
