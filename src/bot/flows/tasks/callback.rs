//! ✖️ Cancel on a long action's progress message.

use crate::{
    bot::callback::codec::{Fields, FlowCallback},
    domain::Id,
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaskCallback {
    /// Stop the task with this id (the service checks it is the presser's).
    Cancel(Id),
}

impl FlowCallback for TaskCallback {
    fn encode(&self) -> String {
        match self {
            Self::Cancel(id) => format!("tx:{id}"),
        }
    }

    fn parse(fields: &Fields<'_>) -> Option<Self> {
        Some(match fields.shape() {
            ("tx", 2) => Self::Cancel(fields.id(1)?),
            _ => return None,
        })
    }

    /// A task runs beside whatever step the chat is at: stopping it leaves that step as it is.
    fn answers_step(&self) -> bool {
        match self {
            Self::Cancel(_) => true,
        }
    }
}

#[cfg(test)]
impl TaskCallback {
    pub fn examples() -> Vec<Self> {
        vec![Self::Cancel(Id::parse("0123456789abcdef01234567").unwrap())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::variants::{assert_every_variant_round_trips, assert_rejected, variant_names};

    variant_names!(TaskCallback { Cancel });

    #[test]
    fn every_variant_round_trips() {
        let examples = TaskCallback::examples();
        assert_every_variant_round_trips(&examples, variant_name, VARIANT_NAMES);
    }

    #[test]
    fn malformed_data_is_rejected() {
        assert_rejected::<TaskCallback>(&[
            "tx",
            "tx:",
            "tx:0123456789abcdef0123456",
            "tx:0123456789ABCDEF01234567",
            "tx:0123456789abcdef01234567:1",
        ]);
    }
}
