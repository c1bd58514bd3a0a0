//! ☁️ Google Drive: connect (device flow), check it, cancel it, back up now, upload a stored
//! backup, the schedule (how often, the weekday for weekly, then the hour; the time zone),
//! retention (the newest N, or days, then weeks, then months; previewed, then applied), the
//! history and password of Drive backups, disconnect, and 📥 Restore from Drive (a page of the
//! copies there, then one of them).

use chrono::Weekday;

use crate::{
    bot::callback::codec::{Fields, FlowCallback},
    domain::{
        Id,
        retention::{Generations, RetentionPolicy},
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
    /// Generations: of how many days to keep the newest copy.
    PickDays,
    /// … then of how many weeks, `daily` chosen.
    PickWeeks {
        daily: u32,
    },
    /// … then of how many months, `daily` and `weekly` chosen.
    PickMonths {
        daily: u32,
        weekly: u32,
    },
    /// What keeping `policy` would remove there now, before anything is.
    PreviewRetention(RetentionPolicy),
    /// ✅ Keep `policy` from now on, and apply it.
    ApplyRetention(RetentionPolicy),
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

/// A retention as the values after a button's code: `n:10`, or `g:7:4:12` (days, weeks,
/// months).
fn policy_fields(policy: RetentionPolicy) -> String {
    match policy {
        RetentionPolicy::Newest(keep) => format!("n:{keep}"),
        RetentionPolicy::Generations(Generations {
            daily,
            weekly,
            monthly,
        }) => format!("g:{daily}:{weekly}:{monthly}"),
    }
}

fn parse_policy(fields: &Fields<'_>) -> Option<RetentionPolicy> {
    Some(match (fields.text(1)?, fields.shape().1) {
        ("n", 3) => RetentionPolicy::Newest(fields.number(2)?),
        ("g", 5) => RetentionPolicy::Generations(Generations {
            daily: fields.number(2)?,
            weekly: fields.number(3)?,
            monthly: fields.number(4)?,
        }),
        _ => return None,
    })
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
            Self::PickDays => "dgd".to_owned(),
            Self::PickWeeks { daily } => format!("dgw:{daily}"),
            Self::PickMonths { daily, weekly } => format!("dgm:{daily}:{weekly}"),
            Self::PreviewRetention(policy) => format!("dP:{}", policy_fields(*policy)),
            Self::ApplyRetention(policy) => format!("dA:{}", policy_fields(*policy)),
            Self::History(on) => format!("dH:{}", u8::from(*on)),
            Self::Password => "dK".to_owned(),
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
            ("dZ", 2) => Self::SetZone(fields.choice(1, ZONE_CHOICES.len())?),
            ("dr", 1) => Self::Retention,
            ("dgd", 1) => Self::PickDays,
            ("dgw", 2) => Self::PickWeeks {
                daily: fields.number(1)?,
            },
            ("dgm", 3) => Self::PickMonths {
                daily: fields.number(1)?,
                weekly: fields.number(2)?,
            },
            ("dP", _) => Self::PreviewRetention(parse_policy(fields)?),
            ("dA", _) => Self::ApplyRetention(parse_policy(fields)?),
            ("dK", 1) => Self::Password,
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
            | Self::PickDays
            | Self::PickWeeks { .. }
            | Self::PickMonths { .. }
            | Self::PreviewRetention(_)
            | Self::ApplyRetention(_)
            | Self::History(_)
            | Self::Password
            | Self::RemovePassword
            | Self::Disconnect
            | Self::ConfirmDisconnect
            | Self::Copies { .. } => false,
        }
    }

    fn toasts(&self) -> bool {
        matches!(
            self,
            Self::SetSchedule { .. } | Self::SetZone(_) | Self::History(_) | Self::RemovePassword
        )
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
            Self::PickDays,
            Self::PickWeeks { daily: 7 },
            Self::PickMonths {
                daily: 7,
                weekly: 4,
            },
            Self::PreviewRetention(RetentionPolicy::Newest(10)),
            Self::ApplyRetention(RetentionPolicy::Newest(10)),
            // The largest values still fit.
            Self::PreviewRetention(RetentionPolicy::Generations(Generations {
                daily: u32::MAX,
                weekly: u32::MAX,
                monthly: u32::MAX,
            })),
            Self::ApplyRetention(RetentionPolicy::Generations(Generations {
                daily: 30,
                weekly: 0,
                monthly: 24,
            })),
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
        PickDays,
        PickWeeks,
        PickMonths,
        PreviewRetention,
        ApplyRetention,
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
            "dH:true", "dK:1", "dU:0", "dR:10",
        ]);
    }

    #[test]
    fn a_retention_travels_as_its_numbers_strictly() {
        let seven_four_twelve = RetentionPolicy::Generations(Generations {
            daily: 7,
            weekly: 4,
            monthly: 12,
        });
        assert_eq!(
            DriveCallback::ApplyRetention(seven_four_twelve).encode(),
            "dA:g:7:4:12"
        );
        assert_eq!(
            DriveCallback::PreviewRetention(RetentionPolicy::Newest(5)).encode(),
            "dP:n:5"
        );
        assert_rejected::<DriveCallback>(&[
            "dP",
            "dP:n",
            "dP:n:x",
            "dP:n:5:1",
            "dP:g:7:4",
            "dP:g:7:4:12:1",
            "dP:x:1",
            "dA:g:07:4:12",
            "dA:g:-7:4:12",
            "dgw",
            "dgw:7:4",
            "dgm:7",
            "dgd:1",
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
