//! What every flow's callback codec shares: the data split into its fields, canonical
//! numbers, ids.

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

    /// Whether the button changes something and says so in a toast when it has (the handler
    /// calls `Ctx::toast`): its press is answered once the handler is done, not at once.
    fn toasts(&self) -> bool {
        false
    }
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

    /// A place in a list of `count` choices.
    pub fn choice(&self, index: usize, count: usize) -> Option<usize> {
        let place = usize::try_from(self.number(index)?).ok()?;
        (place < count).then_some(place)
    }
}

/// Plain decimal digits only (no sign, no spaces), so each value has one encoding.
fn parse_number(text: &str) -> Option<u32> {
    let canonical = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    canonical.then(|| text.parse().ok()).flatten()
}
