//! Whatever names an archive holds, every path the reader returns is safe to use as a relative
//! file name, and a name made only of ordinary components is never refused.

use proptest::prelude::*;

use super::craft::*;
use super::{ReadError, read_archive};

/// Pieces hostile names are built from, among many more ordinary ones, so that both refused
/// and read archives come up often.
fn component() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => "[a-z]{1,6}(\\.py)?",
        3 => "[a-zA-Z0-9 ._:\u{5d0}-\u{5ea}-]{1,8}",
        1 => "[a-z:\\\\\u{0}]{1,3}",
        1 => any::<String>().prop_map(|text| text.chars().take(8).collect()),
        1 => Just(String::new()),
        1 => Just(".".to_owned()),
        1 => Just("..".to_owned()),
        1 => Just("C:".to_owned()),
        1 => Just("__MACOSX".to_owned()),
        1 => Just(".git".to_owned()),
        1 => Just("node_modules".to_owned()),
    ]
}

/// Entry names, hostile ones among them; the repackager's properties use them too.
pub(crate) fn name() -> impl Strategy<Value = String> {
    let separator = prop_oneof![12 => Just("/"), 1 => Just("\\")];
    (
        prop::bool::weighted(0.05),
        prop::collection::vec((component(), separator), 1..4),
    )
        .prop_map(|(absolute, parts)| {
            let mut name = if absolute {
                "/".to_owned()
            } else {
                String::new()
            };
            for (component, separator) in parts {
                name.push_str(&component);
                name.push_str(separator);
            }
            name.pop();
            name
        })
}

fn ordinary(name: &str) -> bool {
    !name.is_empty()
        && name.split('/').all(|component| {
            !component.is_empty()
                && !matches!(
                    component,
                    "." | ".." | "C:" | "__MACOSX" | ".git" | "node_modules" | "metadata.json"
                )
                && !component.starts_with("._")
                && component
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.')
        })
}

/// Independent of the reader's own check: what a safe relative path is.
fn is_safe(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains(['\\', '\0'])
        && path
            .split('/')
            .all(|component| !component.is_empty() && component != "." && component != "..")
        && !path.split('/').next().is_some_and(|first| {
            first.len() >= 2
                && first.as_bytes()[0].is_ascii_alphabetic()
                && first.as_bytes()[1] == b':'
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn returned_paths_are_always_safe(names in prop::collection::btree_set(name(), 1..6)) {
        // zip's writer takes any name but one it already holds.
        let archive = zip_with(|zip| {
            for (n, name) in names.iter().enumerate() {
                add(zip, name, format!("x = {n}\n").as_bytes(), deflated())?;
            }
            Ok(())
        });
        match read_archive(&archive, None, &Default::default()) {
            Ok(read) => {
                for file in &read.files {
                    prop_assert!(is_safe(&file.path), "{:?} from {names:?}", file.path);
                }
            }
            Err(ReadError::DuplicateName(_) | ReadError::UnsafePath(_) | ReadError::BadManifest(_)) => {}
            Err(error) => prop_assert!(false, "{error:?} for {names:?}"),
        }
    }

    #[test]
    fn ordinary_names_are_always_read(names in prop::collection::btree_set("[a-z]{1,5}(/[a-z]{1,5}){0,2}\\.py", 1..6)) {
        let names: Vec<String> = names.into_iter().filter(|name| ordinary(name)).collect();
        prop_assume!(!names.is_empty());
        let entries: Vec<(&str, &[u8])> = names.iter().map(|name| (name.as_str(), &b"x = 1\n"[..])).collect();
        let read = read(&raw_zip(&entries, true));
        prop_assert!(read.is_ok(), "{read:?}");
        prop_assert_eq!(read.unwrap().files.len(), names.len());
    }
}
