//! For tests: the checks every flow's callback data passes, with the variant coverage helpers
//! every test of an enum uses (see `crate::variants`).

use super::callback::{
    Callback, MAX_LEN,
    codec::{Fields, FlowCallback},
};

pub(crate) use crate::variants::{assert_covered, variant_names};

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
