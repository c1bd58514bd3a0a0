//! For tests: examples that cover every variant of an enum, so that a new variant cannot escape
//! the tests that go through the examples; the checks every flow's callback data passes.

use super::callback::{
    Callback, MAX_LEN,
    codec::{Fields, FlowCallback},
};

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

/// Every example encodes within Telegram's limit and parses back to itself, through its flow's
/// parser and through [`Callback::parse`]; together they cover every variant in `names`.
pub fn assert_every_variant_round_trips<C>(
    examples: &[C],
    name: fn(&C) -> &'static str,
    names: &[&str],
) where
    C: FlowCallback + Clone + std::fmt::Debug + PartialEq + Into<Callback>,
{
    for example in examples {
        let data = example.encode();
        assert!(data.len() <= MAX_LEN, "{data}");
        assert_eq!(
            C::parse(&Fields::split(&data)).as_ref(),
            Some(example),
            "{data}"
        );
        assert_eq!(
            Callback::parse(&data),
            Some(example.clone().into()),
            "{data}"
        );
    }
    assert_covered(examples, name, names);
}

/// Each of `data` is refused by the flow's parser and by [`Callback::parse`].
pub fn assert_rejected<C>(data: &[&str])
where
    C: FlowCallback + std::fmt::Debug,
{
    for data in data {
        assert!(C::parse(&Fields::split(data)).is_none(), "{data:?} parsed");
        assert_eq!(Callback::parse(data), None, "{data:?} parsed");
    }
}
