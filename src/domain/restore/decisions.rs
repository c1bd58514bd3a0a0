//! The user's decisions about a restore's conflicts, asked one at a time.

use serde::{Deserialize, Serialize};

use super::Choice;

/// The conflicts a restore asks about, in the order they are asked, and the choices made so
/// far (the `n`th choice is for the `n`th conflict).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Decisions {
    conflicts: Vec<String>,
    choices: Vec<Choice>,
}

impl Decisions {
    /// Nothing decided yet about `conflicts`, the names of the conflicting files.
    pub fn new(conflicts: Vec<String>) -> Self {
        Self {
            conflicts,
            choices: Vec::new(),
        }
    }

    /// Records `choice` for the next conflict, or, `for_all`, for it and every one after it.
    pub fn record(&mut self, choice: Choice, for_all: bool) {
        let remaining = self.conflicts.len().saturating_sub(self.choices.len());
        let count = if for_all { remaining } else { remaining.min(1) };
        self.choices.extend(std::iter::repeat_n(choice, count));
    }

    /// The name of the next conflict to ask about, if any is left.
    pub fn next(&self) -> Option<&str> {
        self.conflicts.get(self.choices.len()).map(String::as_str)
    }

    /// How many conflicts are decided: the next one's position, counting from zero.
    pub fn decided(&self) -> usize {
        self.choices.len().min(self.conflicts.len())
    }

    pub fn total(&self) -> usize {
        self.conflicts.len()
    }

    pub fn is_complete(&self) -> bool {
        self.next().is_none()
    }

    /// The conflicts, in the order they were asked about.
    pub fn conflicts(&self) -> &[String] {
        &self.conflicts
    }

    pub fn choices(&self) -> &[Choice] {
        &self.choices
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn three() -> Decisions {
        Decisions::new(vec![
            "a.py".to_owned(),
            "b.py".to_owned(),
            "c.py".to_owned(),
        ])
    }

    #[test]
    fn choices_are_recorded_one_at_a_time_in_the_order_asked() {
        let mut decisions = three();
        assert_eq!((decisions.next(), decisions.decided()), (Some("a.py"), 0));
        assert_eq!(decisions.total(), 3);
        decisions.record(Choice::Skip, false);
        assert_eq!((decisions.next(), decisions.decided()), (Some("b.py"), 1));
        decisions.record(Choice::KeepBoth, false);
        decisions.record(Choice::Replace, false);
        assert!(decisions.is_complete());
        assert_eq!(decisions.next(), None);
        assert_eq!(
            decisions.choices(),
            [Choice::Skip, Choice::KeepBoth, Choice::Replace]
        );
        // A choice with nothing left to decide changes nothing.
        decisions.record(Choice::Skip, false);
        decisions.record(Choice::Skip, true);
        assert_eq!(decisions.choices().len(), 3);
    }

    #[test]
    fn a_choice_for_all_remaining_decides_the_rest() {
        let mut decisions = three();
        decisions.record(Choice::Skip, false);
        decisions.record(Choice::Replace, true);
        assert!(decisions.is_complete());
        assert_eq!(decisions.decided(), 3);
        assert_eq!(
            decisions.choices(),
            [Choice::Skip, Choice::Replace, Choice::Replace]
        );
        assert_eq!(decisions.conflicts(), ["a.py", "b.py", "c.py"]);
    }

    #[test]
    fn no_conflicts_is_complete_from_the_start() {
        let mut decisions = Decisions::new(Vec::new());
        assert!(decisions.is_complete());
        decisions.record(Choice::Replace, true);
        assert!(decisions.choices().is_empty());
    }
}
