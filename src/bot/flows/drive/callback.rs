//! ☁️ Google Drive: connect (device flow), check it, cancel it, back up now, upload a stored
//! backup, the schedule (how often, the weekday for weekly, then the hour; the time zone),
//! retention, disconnect, and 📥 Restore from Drive (a page of the copies there, then one of
//! them).

use chrono::Weekday;

use crate::{
    bot::callback::codec::{Fields, FlowCallback},
    domain::{
        Id,
        schedule::{EVERY_DAYS_CHOICES, ZONE_CHOICES},
    },
};

/// How often, as the schedule's buttons pick it: weekly asks for its day before the hour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    Off,
    Daily,
    /// One of [`EVERY_DAYS_CHOICES`].
    EveryDays(u8),
    /// `None` until the day is picked.
    Weekly(Option<Weekday>),
    Monthly,
}

impl Pick {
    fn code(self) -> String {
        match self {
            Self::Off => "o".to_owned(),
            Self::Daily => "d".to_owned(),
            Self::EveryDays(days) => format!("e{days}"),
            Self::Weekly(None) => "w".to_owned(),
            Self::Weekly(Some(day)) => format!("w{}", day.num_days_from_monday()),
            Self::Monthly => "m".to_owned(),
        }
    }

    fn parse(code: &str) -> Option<Self> {
        Some(match code {
            "o" => Self::Off,
            "d" => Self::Daily,
            "w" => Self::Weekly(None),
            "m" => Self::Monthly,
            _ => match code.split_at_checked(1)? {
                ("e", days) => {
                    let days = days.parse().ok()?;
                    let pick = Self::EveryDays(days);
                    // Strict: "e03" is not "e3", so a code reads back as it was made.
                    (EVERY_DAYS_CHOICES.contains(&days) && pick.code() == code).then_some(pick)?
                }
                ("w", day) if day.len() == 1 => {
                    let day: u8 = day.parse().ok()?;
                    Self::Weekly(Some(Weekday::try_from(day).ok()?))
                }
                _ => return None,
            },
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DriveCallback {
    Connect,
    Check,
    CancelConnect,
    BackUpNow,
    /// ☁️ Upload to Drive on a stored backup.
    Upload(Id),
    Schedule,
    Frequency(Pick),
    SetSchedule {
        pick: Pick,
        hour: u32,
    },
    /// 🌍 The time zone the schedule's hour is read in: a list, or one typed.
    Zones,
    /// One of [`ZONE_CHOICES`], by its place in it.
    SetZone(usize),
    Retention,
    SetRetention(u32),
    /// 🕘 Whether backups for Drive hold every file's earlier versions.
    History(bool),
    /// 🔒 Protect backups for Drive with a password (typed next).
    Password,
    /// 🔓 Backups for Drive no longer protected.
    RemovePassword,
    Disconnect,
    ConfirmDisconnect,
    /// 📥 Restore from Drive: a page of the user's copies there.
    Copies {
        page: u32,
    },
    /// One copy of the page shown, by its place on it. A Drive file id never travels in a
    /// button: `listing` names the page shown (the dialogue keeps its copies under it), so a
    /// button of another page, or made up, finds nothing.
    PickCopy {
        listing: u32,
        index: u32,
    },
}

impl FlowCallback for DriveCallback {
    fn encode(&self) -> String {
        match self {
            Self::Connect => "dc".to_owned(),
            Self::Check => "dk".to_owned(),
            Self::CancelConnect => "dq".to_owned(),
            Self::BackUpNow => "dn".to_owned(),
            Self::Upload(id) => format!("bu:{id}"),
            Self::Schedule => "ds".to_owned(),
            Self::Frequency(pick) => format!("df:{}", pick.code()),
            Self::SetSchedule { pick, hour } => format!("dh:{}:{hour}", pick.code()),
            Self::Zones => "dz".to_owned(),
            Self::SetZone(index) => format!("dZ:{index}"),
            Self::Retention => "dr".to_owned(),
            Self::SetRetention(keep) => format!("dR:{keep}"),
            Self::History(on) => format!("dH:{}", u8::from(*on)),
            Self::Password => "dP".to_owned(),
            Self::RemovePassword => "dU".to_owned(),
            Self::Disconnect => "dx".to_owned(),
            Self::ConfirmDisconnect => "dX".to_owned(),
            Self::Copies { page } => format!("dl:{page}"),
            Self::PickCopy { listing, index } => format!("dp:{listing}:{index}"),
        }
    }

    fn parse(fields: &Fields<'_>) -> Option<Self> {
        Some(match fields.shape() {
            ("dc", 1) => Self::Connect,
            ("dk", 1) => Self::Check,
            ("dq", 1) => Self::CancelConnect,
            ("dn", 1) => Self::BackUpNow,
            ("bu", 2) => Self::Upload(fields.id(1)?),
            ("ds", 1) => Self::Schedule,
            ("df", 2) => Self::Frequency(Pick::parse(fields.text(1)?)?),
            ("dh", 3) => Self::SetSchedule {
                pick: Pick::parse(fields.text(1)?)?,
                hour: fields.number(2).filter(|hour| *hour < 24)?,
            },
            ("dz", 1) => Self::Zones,
            ("dZ", 2) => {
                let index = usize::try_from(fields.number(1)?).ok()?;
                (index < ZONE_CHOICES.len()).then_some(Self::SetZone(index))?
            }
            ("dr", 1) => Self::Retention,
            ("dR", 2) => Self::SetRetention(fields.number(1)?),
            ("dP", 1) => Self::Password,
            ("dU", 1) => Self::RemovePassword,
            ("dH", 2) => Self::History(match fields.text(1)? {
                "1" => true,
                "0" => false,
                _ => return None,
            }),
            ("dx", 1) => Self::Disconnect,
            ("dX", 1) => Self::ConfirmDisconnect,
            ("dl", 2) => Self::Copies {
                page: fields.number(1)?,
            },
            ("dp", 3) => Self::PickCopy {
                listing: fields.number(1)?,
                index: fields.number(2)?,
            },
            _ => return None,
        })
    }

    /// 🔄 Check and ❌ Cancel answer the wait for Google's approval; a copy picked answers
    /// the page of copies shown; a zone picked answers the wait for one typed.
    fn answers_step(&self) -> bool {
        match self {
            Self::Check | Self::CancelConnect | Self::PickCopy { .. } | Self::SetZone(_) => true,
            Self::Connect
            | Self::BackUpNow
            | Self::Upload(_)
            | Self::Schedule
            | Self::Frequency(_)
            | Self::SetSchedule { .. }
            | Self::Zones
            | Self::Retention
            | Self::SetRetention(_)
            | Self::History(_)
            | Self::Password
            | Self::RemovePassword
            | Self::Disconnect
            | Self::ConfirmDisconnect
            | Self::Copies { .. } => false,
        }
    }
}

#[cfg(test)]
impl DriveCallback {
    pub fn examples() -> Vec<Self> {
        let mut all = vec![
            Self::Connect,
            Self::Check,
            Self::CancelConnect,
            Self::BackUpNow,
            Self::Upload(Id::parse("0123456789abcdef01234567").unwrap()),
            Self::Schedule,
            Self::Retention,
            Self::SetRetention(10),
            Self::History(true),
            Self::History(false),
            Self::Password,
            Self::RemovePassword,
            Self::Disconnect,
            Self::ConfirmDisconnect,
            Self::Copies { page: 0 },
            Self::Copies { page: 12 },
            Self::PickCopy {
                listing: 0,
                index: 0,
            },
            // The largest values still fit Telegram's 64 bytes with room to spare.
            Self::PickCopy {
                listing: u32::MAX,
                index: u32::MAX,
            },
        ];
        let mut picks = vec![Pick::Off, Pick::Daily, Pick::Weekly(None), Pick::Monthly];
        picks.extend(EVERY_DAYS_CHOICES.map(Pick::EveryDays));
        picks.extend([Weekday::Mon, Weekday::Sun].map(|day| Pick::Weekly(Some(day))));
        for pick in picks {
            all.push(Self::Frequency(pick));
            all.push(Self::SetSchedule { pick, hour: 23 });
        }
        all.extend([
            Self::Zones,
            Self::SetZone(0),
            Self::SetZone(ZONE_CHOICES.len() - 1),
        ]);
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::variants::{assert_every_variant_round_trips, assert_rejected, variant_names};

    variant_names!(DriveCallback {
        Connect,
        Check,
        CancelConnect,
        BackUpNow,
        Upload,
        Schedule,
        Frequency,
        SetSchedule,
        Zones,
        SetZone,
        Retention,
        SetRetention,
        History,
        Password,
        RemovePassword,
        Disconnect,
        ConfirmDisconnect,
        Copies,
        PickCopy,
    });

    #[test]
    fn every_variant_round_trips() {
        let examples = DriveCallback::examples();
        assert_every_variant_round_trips(&examples, variant_name, VARIANT_NAMES);
    }

    #[test]
    fn malformed_data_is_rejected() {
        assert_rejected::<DriveCallback>(&[
            "df:x", "dh:d:24", "dh:d", "dh:z:1", "dR", "dR:-1", "dc:1", "bu", "df:e5", "df:e03",
            "df:e", "df:w7", "df:w01", "dh:w-1:3", "dZ:12", "dZ:-1", "dz:1", "dH", "dH:2",
            "dH:true", "dP:1", "dU:0",
        ]);
    }

    #[test]
    fn a_copy_is_picked_by_its_listing_and_place_never_by_a_drive_id() {
        let pick = DriveCallback::PickCopy {
            listing: 4_294_967_295,
            index: 9,
        };
        assert_eq!(pick.encode(), "dp:4294967295:9");
        assert!(pick.encode().len() <= crate::bot::callback::MAX_LEN);
        assert_eq!(
            DriveCallback::parse(&Fields::split("dp:4294967295:9")),
            Some(pick)
        );
        // A Drive file id (about 33 characters of letters, digits, - and _), in any place, an
        // index with a sign or a leading zero, a missing or an extra part: nothing.
        let drive_id = "1Zx9_Y-abcdefghijklmnopqrstuvwxyz0";
        assert_rejected::<DriveCallback>(&[
            &format!("dp:{drive_id}"),
            &format!("dp:1:{drive_id}"),
            &format!("dp:{drive_id}:0"),
            "dp:1:-1",
            "dp:1:01",
            "dp:1",
            "dp:1:2:3",
            "dp:4294967296:0",
            "dl",
            "dl:x",
            "dl:1:2",
        ]);
    }
}
