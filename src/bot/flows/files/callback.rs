//! 📂 My files: pages (optionally filtered by a tag), ⭐ favourites, a file, its history and
//! versions, the recycle bin.

use crate::{
    bot::callback::codec::{Fields, FlowCallback},
    domain::Id,
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FilesCallback {
    /// A page of My files, optionally filtered by the tag at this index of the user's tags.
    List {
        page: u32,
        tag: Option<u32>,
    },
    TagFilter,
    /// A page of the user's ⭐ favourites.
    Favourites {
        page: u32,
    },
    /// ⭐ on a file's screen: mark it a favourite (`true`) or not.
    Favourite {
        file: Id,
        favourite: bool,
    },
    Open(Id),
    Download(Id),
    History {
        file: Id,
        page: u32,
    },
    Version(Id),
    /// Which version to compare `version` with: a page of the file's versions.
    CompareWith {
        version: Id,
        page: u32,
    },
    /// The diff between two versions of a file, the older first whichever order they come in.
    Diff {
        one: Id,
        other: Id,
    },
    MakeCurrent(Id),
    Delete(Id),
    Bin {
        page: u32,
    },
    RestoreFromBin(Id),
}

impl FilesCallback {
    /// The first page of the whole list.
    pub const ALL_FILES: Self = Self::List { page: 0, tag: None };
}

impl FlowCallback for FilesCallback {
    fn encode(&self) -> String {
        match self {
            Self::List { page, tag: None } => format!("fl:{page}"),
            Self::List {
                page,
                tag: Some(tag),
            } => format!("fl:{page}:{tag}"),
            Self::TagFilter => "ft".to_owned(),
            Self::Favourites { page } => format!("fF:{page}"),
            Self::Favourite { file, favourite } => format!("fs:{file}:{}", u8::from(*favourite)),
            Self::Open(id) => format!("fo:{id}"),
            Self::Download(id) => format!("fd:{id}"),
            Self::History { file, page } => format!("fh:{file}:{page}"),
            Self::Version(id) => format!("fv:{id}"),
            Self::CompareWith { version, page } => format!("fk:{version}:{page}"),
            Self::Diff { one, other } => format!("fz:{one}:{other}"),
            Self::MakeCurrent(id) => format!("fc:{id}"),
            Self::Delete(id) => format!("fx:{id}"),
            Self::Bin { page } => format!("rb:{page}"),
            Self::RestoreFromBin(id) => format!("rr:{id}"),
        }
    }

    fn parse(fields: &Fields<'_>) -> Option<Self> {
        Some(match fields.shape() {
            ("fl", 2) => Self::List {
                page: fields.number(1)?,
                tag: None,
            },
            ("fl", 3) => Self::List {
                page: fields.number(1)?,
                tag: Some(fields.number(2)?),
            },
            ("ft", 1) => Self::TagFilter,
            ("fF", 2) => Self::Favourites {
                page: fields.number(1)?,
            },
            ("fs", 3) => Self::Favourite {
                file: fields.id(1)?,
                favourite: match fields.text(2)? {
                    "1" => true,
                    "0" => false,
                    _ => return None,
                },
            },
            ("fo", 2) => Self::Open(fields.id(1)?),
            ("fd", 2) => Self::Download(fields.id(1)?),
            ("fh", 3) => Self::History {
                file: fields.id(1)?,
                page: fields.number(2)?,
            },
            ("fv", 2) => Self::Version(fields.id(1)?),
            ("fk", 3) => Self::CompareWith {
                version: fields.id(1)?,
                page: fields.number(2)?,
            },
            ("fz", 3) => Self::Diff {
                one: fields.id(1)?,
                other: fields.id(2)?,
            },
            ("fc", 2) => Self::MakeCurrent(fields.id(1)?),
            ("fx", 2) => Self::Delete(fields.id(1)?),
            ("rb", 2) => Self::Bin {
                page: fields.number(1)?,
            },
            ("rr", 2) => Self::RestoreFromBin(fields.id(1)?),
            _ => return None,
        })
    }

    fn answers_step(&self) -> bool {
        match self {
            Self::List { .. }
            | Self::TagFilter
            | Self::Favourites { .. }
            | Self::Favourite { .. }
            | Self::Open(_)
            | Self::Download(_)
            | Self::History { .. }
            | Self::Version(_)
            | Self::CompareWith { .. }
            | Self::Diff { .. }
            | Self::MakeCurrent(_)
            | Self::Delete(_)
            | Self::Bin { .. }
            | Self::RestoreFromBin(_) => false,
        }
    }

    fn toasts(&self) -> bool {
        matches!(
            self,
            Self::Favourite { .. }
                | Self::MakeCurrent(_)
                | Self::Delete(_)
                | Self::RestoreFromBin(_)
        )
    }
}

#[cfg(test)]
impl FilesCallback {
    pub fn examples() -> Vec<Self> {
        let id = || Id::parse("0123456789abcdef01234567").unwrap();
        vec![
            Self::ALL_FILES,
            Self::List {
                page: u32::MAX,
                tag: Some(u32::MAX),
            },
            Self::TagFilter,
            Self::Favourites { page: u32::MAX },
            Self::Favourite {
                file: id(),
                favourite: true,
            },
            Self::Favourite {
                file: id(),
                favourite: false,
            },
            Self::Open(id()),
            Self::Download(id()),
            Self::History {
                file: id(),
                page: u32::MAX,
            },
            Self::Version(id()),
            Self::CompareWith {
                version: id(),
                page: u32::MAX,
            },
            Self::Diff {
                one: id(),
                other: Id::parse("fedcba9876543210fedcba98").unwrap(),
            },
            Self::MakeCurrent(id()),
            Self::Delete(id()),
            Self::Bin { page: 7 },
            Self::RestoreFromBin(id()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::variants::{assert_every_variant_round_trips, assert_rejected, variant_names};

    variant_names!(FilesCallback {
        List,
        TagFilter,
        Favourites,
        Favourite,
        Open,
        Download,
        History,
        Version,
        CompareWith,
        Diff,
        MakeCurrent,
        Delete,
        Bin,
        RestoreFromBin,
    });

    #[test]
    fn every_variant_round_trips() {
        let examples = FilesCallback::examples();
        assert_every_variant_round_trips(&examples, variant_name, VARIANT_NAMES);
    }

    #[test]
    fn malformed_data_is_rejected() {
        assert_rejected::<FilesCallback>(&[
            "fo",
            "fo:xyz",
            "fo:0123456789ABCDEF01234567",
            "fo:0123456789abcdef01234567:1",
            "fl:-1",
            "fl:01",
            "fl:+1",
            "fl:1:",
            "fl:99999999999",
            "ft:1",
            "fh:0123456789abcdef01234567",
            "fk:0123456789abcdef01234567",
            "fz:0123456789abcdef01234567",
            "fz:0123456789abcdef01234567:1",
            "rb",
            "fF",
            "fF:x",
            "fs:0123456789abcdef01234567",
            "fs:0123456789abcdef01234567:2",
            "fs:0123456789abcdef01234567:true",
            "fs:0123456789abcdef01234567:1:1",
        ]);
    }
}
