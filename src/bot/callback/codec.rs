//! What every flow's callback codec shares: the data split into its fields, canonical numbers,
//! ids, and (for tests) the checks that every variant round-trips and bad data is refused.

use crate::domain::Id;

/// One flow's callback data: a short typed value, parsed strictly.
pub trait FlowCallback: Sized {
    /// The data, at most [`super::MAX_LEN`] bytes.
    fn encode(&self) -> String;

    /// The value `fields` encode, if they are one of this flow's; anything malformed, unknown
    /// or with extra parts is `None`.
    fn parse(fields: &Fields<'_>) -> Option<Self>;

    /// Whether the button answers a step of its flow (✅ Start restore, a conflict's choice…)
    /// rather than going somewhere. Such a button never leaves the step the dialogue is at: at
    /// its own flow's step it answers it, at any other it is stale and changes nothing. Every
    /// other button leaves the step, as a command does.
    fn answers_step(&self) -> bool;
}

/// Callback data split at `:`: a code, then values.
pub struct Fields<'a>(Vec<&'a str>);

impl<'a> Fields<'a> {
    pub fn split(data: &'a str) -> Self {
        Self(data.split(':').collect())
    }

    /// The code and the number of parts, the code included: what a parser matches on.
    pub fn shape(&self) -> (&'a str, usize) {
        (self.text(0).unwrap_or_default(), self.0.len())
    }

    pub fn text(&self, index: usize) -> Option<&'a str> {
        self.0.get(index).copied()
    }

    pub fn id(&self, index: usize) -> Option<Id> {
        self.text(index).and_then(Id::parse)
    }

    pub fn number(&self, index: usize) -> Option<u32> {
        self.text(index).and_then(parse_number)
    }
}

/// Plain decimal digits only (no sign, no spaces), so each value has one encoding.
fn parse_number(text: &str) -> Option<u32> {
    let canonical = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    canonical.then(|| text.parse().ok()).flatten()
}

/// Every example encodes within Telegram's limit and parses back to itself, through its flow's
/// parser and through [`super::Callback::parse`]; together they cover every variant in `names`.
#[cfg(test)]
pub fn assert_every_variant_round_trips<C>(
    examples: &[C],
    name: fn(&C) -> &'static str,
    names: &[&str],
) where
    C: FlowCallback + Clone + std::fmt::Debug + PartialEq + Into<super::Callback>,
{
    for example in examples {
        let data = example.encode();
        assert!(data.len() <= super::MAX_LEN, "{data}");
        assert_eq!(
            C::parse(&Fields::split(&data)).as_ref(),
            Some(example),
            "{data}"
        );
        assert_eq!(
            super::Callback::parse(&data),
            Some(example.clone().into()),
            "{data}"
        );
    }
    crate::bot::variants::assert_covered(examples, name, names);
}

/// Each of `data` is refused by the flow's parser and by [`super::Callback::parse`].
#[cfg(test)]
pub fn assert_rejected<C>(data: &[&str])
where
    C: FlowCallback + std::fmt::Debug,
{
    for data in data {
        assert!(C::parse(&Fields::split(data)).is_none(), "{data:?} parsed");
        assert_eq!(super::Callback::parse(data), None, "{data:?} parsed");
    }
}
