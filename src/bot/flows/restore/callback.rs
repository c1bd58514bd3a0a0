//! ♻️ Restore: show a backup's plan, go ahead, choose for each conflict, undo.

use crate::{
    bot::callback::codec::{Fields, FlowCallback},
    domain::{Id, restore::Choice},
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RestoreCallback {
    /// What restoring this backup would do.
    Plan(Id),
    /// Go ahead with the restore shown.
    Start,
    /// A choice for the current conflict, or for it and all remaining ones.
    Resolve {
        choice: Choice,
        all: bool,
    },
    Undo(Id),
    /// 🚫 Cancel under a plan or a conflict: back to the backup, nothing written.
    Cancel(Id),
}

fn choice_code(choice: Choice) -> &'static str {
    match choice {
        Choice::Replace => "r",
        Choice::Skip => "s",
        Choice::KeepBoth => "k",
    }
}

fn parse_choice(code: &str) -> Option<Choice> {
    Some(match code {
        "r" => Choice::Replace,
        "s" => Choice::Skip,
        "k" => Choice::KeepBoth,
        _ => return None,
    })
}

impl FlowCallback for RestoreCallback {
    fn encode(&self) -> String {
        match self {
            Self::Plan(id) => format!("br:{id}"),
            Self::Start => "rg".to_owned(),
            Self::Resolve { choice, all } => {
                format!("rc:{}:{}", choice_code(*choice), u8::from(*all))
            }
            Self::Undo(id) => format!("ru:{id}"),
            Self::Cancel(id) => format!("rx:{id}"),
        }
    }

    fn parse(fields: &Fields<'_>) -> Option<Self> {
        Some(match fields.shape() {
            ("br", 2) => Self::Plan(fields.id(1)?),
            ("rg", 1) => Self::Start,
            ("rc", 3) => Self::Resolve {
                choice: parse_choice(fields.text(1)?)?,
                all: match fields.text(2)? {
                    "0" => false,
                    "1" => true,
                    _ => return None,
                },
            },
            ("ru", 2) => Self::Undo(fields.id(1)?),
            ("rx", 2) => Self::Cancel(fields.id(1)?),
            _ => return None,
        })
    }

    fn answers_step(&self) -> bool {
        match self {
            Self::Start | Self::Resolve { .. } => true,
            // Cancel leaves the step as any other button does.
            Self::Plan(_) | Self::Undo(_) | Self::Cancel(_) => false,
        }
    }
}

#[cfg(test)]
impl RestoreCallback {
    pub fn examples() -> Vec<Self> {
        let id = || Id::parse("0123456789abcdef01234567").unwrap();
        let mut all = vec![
            Self::Plan(id()),
            Self::Start,
            Self::Undo(id()),
            Self::Cancel(id()),
        ];
        for choice in [Choice::Replace, Choice::Skip, Choice::KeepBoth] {
            all.extend([false, true].map(|all| Self::Resolve { choice, all }));
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::variants::{assert_every_variant_round_trips, assert_rejected, variant_names};

    variant_names!(RestoreCallback {
        Plan,
        Start,
        Resolve,
        Undo,
        Cancel,
    });

    #[test]
    fn every_variant_round_trips() {
        let examples = RestoreCallback::examples();
        assert_every_variant_round_trips(&examples, variant_name, VARIANT_NAMES);
    }

    #[test]
    fn malformed_data_is_rejected() {
        assert_rejected::<RestoreCallback>(&[
            "rc:r:2", "rc:x:0", "rc:r", "rg:1", "br", "ru:1", "rx", "rx:1",
        ]);
    }
}
