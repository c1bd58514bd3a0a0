//! 📦 Backup & restore: create, list, open, download, rate, delete, send in parts.

use crate::{
    bot::callback::codec::{Fields, FlowCallback},
    domain::{Id, backup::Rating},
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackupsCallback {
    Create,
    /// 🕘 A backup with every file's earlier versions.
    CreateWithHistory,
    /// 🔒 A backup protected by a password the user types next.
    CreateProtected,
    /// On the password prompt: whether the protected backup takes the history.
    ProtectHistory(bool),
    List {
        page: u32,
    },
    Open(Id),
    Download(Id),
    RateMenu(Id),
    Rate {
        backup: Id,
        rating: Option<Rating>,
    },
    Delete(Id),
    ConfirmDelete(Id),
    SendInParts(Id),
}

impl BackupsCallback {
    /// The first page of My backups.
    pub const MY_BACKUPS: Self = Self::List { page: 0 };
}

fn rating_code(rating: Option<Rating>) -> &'static str {
    match rating {
        Some(Rating::Excellent) => "e",
        Some(Rating::Good) => "g",
        Some(Rating::Ok) => "o",
        None => "c",
    }
}

fn parse_rating(code: &str) -> Option<Option<Rating>> {
    Some(match code {
        "e" => Some(Rating::Excellent),
        "g" => Some(Rating::Good),
        "o" => Some(Rating::Ok),
        "c" => None,
        _ => return None,
    })
}

impl FlowCallback for BackupsCallback {
    fn encode(&self) -> String {
        match self {
            Self::Create => "bc".to_owned(),
            Self::CreateWithHistory => "bh".to_owned(),
            Self::CreateProtected => "bP".to_owned(),
            Self::ProtectHistory(on) => format!("bH:{}", u8::from(*on)),
            Self::List { page } => format!("bl:{page}"),
            Self::Open(id) => format!("bo:{id}"),
            Self::Download(id) => format!("bd:{id}"),
            Self::RateMenu(id) => format!("bR:{id}"),
            Self::Rate { backup, rating } => format!("bt:{backup}:{}", rating_code(*rating)),
            Self::Delete(id) => format!("bx:{id}"),
            Self::ConfirmDelete(id) => format!("bX:{id}"),
            Self::SendInParts(id) => format!("bp:{id}"),
        }
    }

    fn parse(fields: &Fields<'_>) -> Option<Self> {
        let id = fields.id(1);
        Some(match fields.shape() {
            ("bc", 1) => Self::Create,
            ("bh", 1) => Self::CreateWithHistory,
            ("bP", 1) => Self::CreateProtected,
            ("bH", 2) => Self::ProtectHistory(match fields.text(1)? {
                "1" => true,
                "0" => false,
                _ => return None,
            }),
            ("bl", 2) => Self::List {
                page: fields.number(1)?,
            },
            ("bo", 2) => Self::Open(id?),
            ("bd", 2) => Self::Download(id?),
            ("bR", 2) => Self::RateMenu(id?),
            ("bt", 3) => Self::Rate {
                backup: id?,
                rating: parse_rating(fields.text(2)?)?,
            },
            ("bx", 2) => Self::Delete(id?),
            ("bX", 2) => Self::ConfirmDelete(id?),
            ("bp", 2) => Self::SendInParts(id?),
            _ => return None,
        })
    }

    /// The history toggle answers the password prompt.
    fn answers_step(&self) -> bool {
        match self {
            Self::ProtectHistory(_) => true,
            Self::Create
            | Self::CreateWithHistory
            | Self::CreateProtected
            | Self::List { .. }
            | Self::Open(_)
            | Self::Download(_)
            | Self::RateMenu(_)
            | Self::Rate { .. }
            | Self::Delete(_)
            | Self::ConfirmDelete(_)
            | Self::SendInParts(_) => false,
        }
    }

    fn toasts(&self) -> bool {
        matches!(self, Self::Rate { .. } | Self::ConfirmDelete(_))
    }
}

#[cfg(test)]
impl BackupsCallback {
    pub fn examples() -> Vec<Self> {
        let id = || Id::parse("0123456789abcdef01234567").unwrap();
        let mut all = vec![
            Self::Create,
            Self::CreateWithHistory,
            Self::CreateProtected,
            Self::ProtectHistory(true),
            Self::ProtectHistory(false),
            Self::List { page: 3 },
            Self::Open(id()),
            Self::Download(id()),
            Self::RateMenu(id()),
            Self::Delete(id()),
            Self::ConfirmDelete(id()),
            Self::SendInParts(id()),
        ];
        let ratings = [
            None,
            Some(Rating::Excellent),
            Some(Rating::Good),
            Some(Rating::Ok),
        ];
        all.extend(ratings.map(|rating| Self::Rate {
            backup: id(),
            rating,
        }));
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::variants::{assert_every_variant_round_trips, assert_rejected, variant_names};

    variant_names!(BackupsCallback {
        Create,
        CreateWithHistory,
        CreateProtected,
        ProtectHistory,
        List,
        Open,
        Download,
        RateMenu,
        Rate,
        Delete,
        ConfirmDelete,
        SendInParts,
    });

    #[test]
    fn every_variant_round_trips() {
        let examples = BackupsCallback::examples();
        assert_every_variant_round_trips(&examples, variant_name, VARIANT_NAMES);
    }

    #[test]
    fn malformed_data_is_rejected() {
        assert_rejected::<BackupsCallback>(&[
            "bt:0123456789abcdef01234567:x",
            "bt:0123456789abcdef01234567",
            "bc:1",
            "bH:2",
            "bH",
            "bl:01",
            "bo:0123456789abcdef0123456",
        ]);
    }
}
