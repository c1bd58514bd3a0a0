//! For tests: examples that cover every variant of an enum, so that a new variant cannot escape
//! the tests that go through the examples.

/// Names every variant of an enum: the `match` is exhaustive, so a new variant does not
/// compile until it is listed here, and once listed [`assert_covered`] fails until an example
/// covers it.
macro_rules! variant_names {
    ($ty:ident { $($variant:ident),+ $(,)? }) => {
        fn variant_name(value: &$ty) -> &'static str {
            match value {
                $($ty::$variant { .. } => stringify!($variant),)+
            }
        }

        const VARIANT_NAMES: &[&str] = &[$(stringify!($variant)),+];
    };
}

pub(crate) use variant_names;

/// Every one of `names` is the name of one of `examples`.
pub fn assert_covered<T>(examples: &[T], name: fn(&T) -> &'static str, names: &[&str]) {
    for expected in names {
        assert!(
            examples.iter().any(|example| name(example) == *expected),
            "no example of {expected}"
        );
    }
}
