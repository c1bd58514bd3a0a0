//! Rules for the names users give their files.

/// The longest file name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameError {
    Empty,
    TooLong,
    PathSeparator,
    Reserved,
    ControlCharacter,
}

/// Trims the name and checks it can be a file name inside a backup archive.
pub fn validate_name(raw: &str) -> Result<String, NameError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(NameError::TooLong);
    }
    if name.contains(['/', '\\']) {
        return Err(NameError::PathSeparator);
    }
    if name.chars().any(char::is_control) {
        return Err(NameError::ControlCharacter);
    }
    if name.trim_matches('.').is_empty() {
        return Err(NameError::Reserved);
    }
    Ok(name.to_owned())
}

/// Splits `name` into stem and extension (with its dot): `app.py` → (`app`, `.py`).
/// A leading dot is part of the stem, so `.env` has no extension.
pub fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(dot) if dot > 0 => name.split_at(dot),
        _ => (name, ""),
    }
}

/// `app.py` + `restored` → `app (restored).py`, then `app (restored 2).py`, … until `is_taken`
/// says no. Used when a restored or recovered file must not overwrite another.
pub fn unique_name(name: &str, label: &str, is_taken: impl Fn(&str) -> bool) -> String {
    let (stem, extension) = split_extension(name);
    (1..)
        .map(|n| match n {
            1 => format!("{stem} ({label}){extension}"),
            _ => format!("{stem} ({label} {n}){extension}"),
        })
        .find(|candidate| !is_taken(candidate))
        .expect("an unbounded sequence always yields a free name")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_ordinary_names_and_trims_them() {
        assert_eq!(validate_name("  app.py \n"), Ok("app.py".to_owned()));
        assert_eq!(validate_name("שלום.rs"), Ok("שלום.rs".to_owned()));
        assert_eq!(validate_name(".env"), Ok(".env".to_owned()));
    }

    #[test]
    fn rejects_bad_names_with_a_specific_reason() {
        assert_eq!(validate_name("   "), Err(NameError::Empty));
        assert_eq!(validate_name(&"a".repeat(101)), Err(NameError::TooLong));
        assert_eq!(validate_name(&"א".repeat(100)), Ok("א".repeat(100)));
        assert_eq!(validate_name("src/app.py"), Err(NameError::PathSeparator));
        assert_eq!(validate_name("..\\app.py"), Err(NameError::PathSeparator));
        assert_eq!(validate_name(".."), Err(NameError::Reserved));
        assert_eq!(validate_name("a\u{0}b"), Err(NameError::ControlCharacter));
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
    }

    proptest! {
        #[test]
        fn valid_names_never_carry_separators_or_controls(raw in "\\PC{0,120}") {
            if let Ok(name) = validate_name(&raw) {
                prop_assert!(!name.contains(['/', '\\']));
                prop_assert!(!name.chars().any(char::is_control));
                prop_assert!(!name.is_empty() && name.chars().count() <= MAX_NAME_CHARS);
            }
        }
    }
}
