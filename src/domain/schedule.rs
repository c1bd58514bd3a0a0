//! When automatic Drive backups run, and when a failed one is tried again.
//!
//! A schedule's hour is read on the clocks of its [`Zone`] (UTC unless the user chose one), so
//! a 09:00 backup stays at 09:00 across daylight saving; failures are retried after fixed
//! delays, whatever the zone.

mod zone;

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, TimeDelta, Utc, Weekday};
use serde::{Deserialize, Serialize};

pub use zone::{UnknownZone, ZONE_CHOICES, Zone};

/// How a schedule repeats, as stored and as the metrics label it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    #[default]
    Off,
    Daily,
    EveryDays,
    Weekly,
    Monthly,
}

impl Frequency {
    pub const ALL: [Self; 5] = [
        Self::Off,
        Self::Daily,
        Self::EveryDays,
        Self::Weekly,
        Self::Monthly,
    ];

    /// As events store it and the metrics label it (the serde name).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::Daily => "daily",
            Self::EveryDays => "every_days",
            Self::Weekly => "weekly",
            Self::Monthly => "monthly",
        }
    }
}

/// The periods of "every N days" a user can pick (1 is daily, 7 is weekly on a day).
pub const EVERY_DAYS_CHOICES: [u8; 3] = [3, 14, 30];

/// How often a schedule runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Repeat {
    Daily,
    /// Every `days` days (one of [`EVERY_DAYS_CHOICES`]), counted from the day `from`.
    EveryDays {
        days: u8,
        from: NaiveDate,
    },
    Weekly(Weekday),
    /// On the 1st of every month.
    Monthly,
}

impl Repeat {
    fn frequency(self) -> Frequency {
        match self {
            Self::Daily => Frequency::Daily,
            Self::EveryDays { .. } => Frequency::EveryDays,
            Self::Weekly(_) => Frequency::Weekly,
            Self::Monthly => Frequency::Monthly,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InvalidSchedule {
    #[error("an hour of the day is 0 to 23, not {0}")]
    Hour(u8),
    #[error("every {0} days is not one of the periods offered")]
    EveryDays(u8),
    #[error("a weekday is 0 (Monday) to 6, not {0}")]
    Weekday(u8),
    #[error("every N days needs the day it counts from")]
    NoStart,
    #[error(transparent)]
    Zone(#[from] UnknownZone),
}

/// How often, at which hour and in which time zone a user's automatic backup runs.
///
/// Checked on construction and on reading a stored value, so the rules below never meet an
/// impossible time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawSchedule", into = "RawSchedule")]
pub struct Schedule {
    /// `None`: off.
    repeat: Option<Repeat>,
    hour: u8,
    zone: Zone,
}

/// A schedule as stored: `{"frequency": "weekly", "hour": 9, "weekday": 2, "zone": "Asia/Tokyo"}`.
/// Schedules stored before zones and periods existed have only `frequency` and `hour`, and read
/// as they ran then (UTC, weekly on Mondays).
#[derive(Serialize, Deserialize)]
struct RawSchedule {
    frequency: Frequency,
    hour: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    every: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    from: Option<NaiveDate>,
    /// 0 is Monday.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    weekday: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    zone: Option<String>,
}

impl TryFrom<RawSchedule> for Schedule {
    type Error = InvalidSchedule;

    fn try_from(raw: RawSchedule) -> Result<Self, Self::Error> {
        let zone = match raw.zone {
            Some(name) => name.parse()?,
            None => Zone::UTC,
        };
        let repeat = match raw.frequency {
            Frequency::Off => return Ok(Schedule::OFF.in_zone(zone)),
            Frequency::Daily => Repeat::Daily,
            Frequency::EveryDays => Repeat::EveryDays {
                days: raw.every.unwrap_or_default(),
                from: raw.from.ok_or(InvalidSchedule::NoStart)?,
            },
            Frequency::Weekly => {
                let day = raw.weekday.unwrap_or(0);
                let weekday = Weekday::try_from(day).map_err(|_| InvalidSchedule::Weekday(day))?;
                Repeat::Weekly(weekday)
            }
            Frequency::Monthly => Repeat::Monthly,
        };
        Ok(Schedule::new(repeat, raw.hour)?.in_zone(zone))
    }
}

impl From<Schedule> for RawSchedule {
    fn from(schedule: Schedule) -> Self {
        let (mut every, mut from, mut weekday) = (None, None, None);
        match schedule.repeat {
            Some(Repeat::EveryDays { days, from: start }) => {
                (every, from) = (Some(days), Some(start))
            }
            Some(Repeat::Weekly(day)) => weekday = Some(narrow_weekday(day)),
            _ => {}
        }
        RawSchedule {
            frequency: schedule.frequency(),
            hour: schedule.hour,
            every,
            from,
            weekday,
            zone: (schedule.zone != Zone::UTC).then(|| schedule.zone.to_string()),
        }
    }
}

/// 0 for Monday to 6 for Sunday.
fn narrow_weekday(day: Weekday) -> u8 {
    // `num_days_from_monday` is 0 to 6.
    u8::try_from(day.num_days_from_monday()).unwrap_or_default()
}

/// How long to wait after the 1st, 2nd and 3rd failure in a row before trying again; after
/// these the job waits for its next scheduled time. Short first, so a blip heals quickly, then
/// longer, so an outage is not hammered.
pub const RETRY_DELAYS: [TimeDelta; 3] = [
    TimeDelta::minutes(5),
    TimeDelta::minutes(30),
    TimeDelta::hours(2),
];

impl Schedule {
    /// No automatic backups (a pending upload may still be retried).
    pub const OFF: Self = Self {
        repeat: None,
        hour: 0,
        zone: Zone::UTC,
    };

    /// Runs as `repeat` says at `hour`:00, UTC until [`Self::in_zone`] says otherwise.
    pub fn new(repeat: Repeat, hour: u8) -> Result<Self, InvalidSchedule> {
        if hour > 23 {
            return Err(InvalidSchedule::Hour(hour));
        }
        if let Repeat::EveryDays { days, .. } = repeat
            && !EVERY_DAYS_CHOICES.contains(&days)
        {
            return Err(InvalidSchedule::EveryDays(days));
        }
        Ok(Self {
            repeat: Some(repeat),
            hour,
            zone: Zone::UTC,
        })
    }

    /// The same schedule with its hour read in `zone`.
    #[must_use]
    pub fn in_zone(self, zone: Zone) -> Self {
        Self { zone, ..self }
    }

    /// Off, keeping the zone for the next time it is turned on.
    #[must_use]
    pub fn turned_off(self) -> Self {
        Self::OFF.in_zone(self.zone)
    }

    pub fn frequency(self) -> Frequency {
        self.repeat.map_or(Frequency::Off, Repeat::frequency)
    }

    pub fn repeat(self) -> Option<Repeat> {
        self.repeat
    }

    /// The hour on the zone's clocks, 0 to 23.
    pub fn hour(self) -> u8 {
        self.hour
    }

    pub fn zone(self) -> Zone {
        self.zone
    }

    /// The first scheduled run strictly after `after`: daily at `hour`:00, every N days from
    /// its start day, weekly on its weekday, monthly on the 1st, all on the zone's clocks;
    /// `None` when off.
    ///
    /// "Strictly" matters: a run that finishes within its own slot's minute must not be due
    /// again at once, and a run missed while the bot was down is followed by the next future
    /// slot, not by a replay of every slot it missed.
    pub fn next_run(self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let day = self.zone.date_of(after);
        let step = |days: u64| move |d: NaiveDate| d.checked_add_days(Days::new(days));
        match self.repeat? {
            Repeat::Daily => self.first_after(after, day, step(1)),
            Repeat::EveryDays { days, from } => {
                // The last run day on or before today (or the start day, when ahead).
                let period = i64::from(days);
                let since = (day - from).num_days();
                let back = if since > 0 { since % period } else { since };
                let run_day = day.checked_sub_signed(TimeDelta::days(back))?;
                self.first_after(after, run_day, step(u64::from(days)))
            }
            Repeat::Weekly(weekday) => {
                let back =
                    (7 + day.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
                let run_day = day.checked_sub_days(Days::new(u64::from(back)))?;
                self.first_after(after, run_day, step(7))
            }
            Repeat::Monthly => {
                let first = day.with_day(1)?;
                self.first_after(after, first, |d| d.checked_add_months(Months::new(1)))
            }
        }
    }

    /// The slot on `day` if it is after `after`, else the slot on the following period's day.
    fn first_after(
        self,
        after: DateTime<Utc>,
        day: NaiveDate,
        next_period: impl Fn(NaiveDate) -> Option<NaiveDate>,
    ) -> Option<DateTime<Utc>> {
        let slot = self.zone.at_hour(day, u32::from(self.hour))?;
        if slot > after {
            return Some(slot);
        }
        self.zone.at_hour(next_period(day)?, u32::from(self.hour))
    }
}

/// When to try a failed job again, given `failures`: how many times in a row it had failed
/// before this failure.
///
/// The failures run in rounds: each round tries again after every delay in [`RETRY_DELAYS`],
/// then waits for the next scheduled time, where a fresh round begins. So a counter that keeps
/// growing (what an admin alert wants: "failing N times in a row") still gives every scheduled
/// run its own quick retries. With the schedule off there is no next time: once the delays are
/// used up the job gives up (`None`).
pub fn retry_at(failures: u32, schedule: Schedule, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    match RETRY_DELAYS.get(place_in_round(failures)) {
        Some(delay) => now.checked_add_signed(*delay),
        None => schedule.next_run(now),
    }
}

/// Whether a run after `failures` failures in a row is a round's first: the scheduled run,
/// not one of its quick retries (see [`retry_at`]).
pub fn starts_round(failures: u32) -> bool {
    place_in_round(failures) == 0
}

/// 0 for a round's scheduled run, then 1, 2, … for its quick retries.
fn place_in_round(failures: u32) -> usize {
    let round = RETRY_DELAYS.len() + 1;
    usize::try_from(failures).map_or(0, |n| n % round)
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Weekday};
    use proptest::prelude::*;

    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn schedule(repeat: Repeat, hour: u8) -> Schedule {
        Schedule::new(repeat, hour).unwrap()
    }

    const WEEKLY: Repeat = Repeat::Weekly(Weekday::Mon);

    #[test]
    fn off_never_runs() {
        assert_eq!(Schedule::OFF.next_run(at(2026, 1, 1, 0, 0)), None);
    }

    #[test]
    fn hours_past_23_are_refused_also_when_read_back() {
        assert_eq!(
            Schedule::new(Repeat::Daily, 24),
            Err(InvalidSchedule::Hour(24))
        );
        let stored = serde_json::json!({ "frequency": "daily", "hour": 24 });
        assert!(serde_json::from_value::<Schedule>(stored).is_err());
        // Stored before weekdays and zones: Mondays, UTC.
        let stored = serde_json::json!({ "frequency": "weekly", "hour": 23 });
        assert_eq!(
            serde_json::from_value::<Schedule>(stored).unwrap(),
            schedule(WEEKLY, 23)
        );
        assert_eq!(
            serde_json::to_value(schedule(Repeat::Monthly, 4)).unwrap(),
            serde_json::json!({ "frequency": "monthly", "hour": 4 })
        );
    }

    #[test]
    fn periods_weekdays_and_zones_are_stored_and_checked_when_read_back() {
        let from = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let tokyo: Zone = "Asia/Tokyo".parse().unwrap();
        for (stored, read) in [
            (
                serde_json::json!({ "frequency": "every_days", "hour": 6, "every": 14, "from": "2026-12-01", "zone": "Asia/Tokyo" }),
                schedule(Repeat::EveryDays { days: 14, from }, 6).in_zone(tokyo),
            ),
            (
                serde_json::json!({ "frequency": "weekly", "hour": 9, "weekday": 6 }),
                schedule(Repeat::Weekly(Weekday::Sun), 9),
            ),
            (
                serde_json::json!({ "frequency": "off", "hour": 0, "zone": "Asia/Tokyo" }),
                Schedule::OFF.in_zone(tokyo),
            ),
        ] {
            assert_eq!(
                serde_json::from_value::<Schedule>(stored.clone()).unwrap(),
                read
            );
            assert_eq!(serde_json::to_value(read).unwrap(), stored);
        }
        for bad in [
            serde_json::json!({ "frequency": "every_days", "hour": 6, "every": 5, "from": "2026-12-01" }),
            serde_json::json!({ "frequency": "every_days", "hour": 6, "every": 3 }),
            serde_json::json!({ "frequency": "weekly", "hour": 6, "weekday": 7 }),
            serde_json::json!({ "frequency": "daily", "hour": 6, "zone": "Mars/Base" }),
        ] {
            assert!(
                serde_json::from_value::<Schedule>(bad.clone()).is_err(),
                "{bad}"
            );
        }
        assert_eq!(
            Schedule::new(Repeat::EveryDays { days: 1, from }, 3),
            Err(InvalidSchedule::EveryDays(1))
        );
        assert_eq!(
            schedule(Repeat::Daily, 5).in_zone(tokyo).turned_off(),
            Schedule::OFF.in_zone(tokyo)
        );
    }

    #[test]
    fn every_n_days_counts_from_its_start_day() {
        let from = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let every3 = schedule(Repeat::EveryDays { days: 3, from }, 4);
        // Set on the 1st after 04:00: first on the 4th, then the 7th.
        assert_eq!(
            every3.next_run(at(2026, 12, 1, 10, 0)),
            Some(at(2026, 12, 4, 4, 0))
        );
        assert_eq!(
            every3.next_run(at(2026, 12, 4, 4, 0)),
            Some(at(2026, 12, 7, 4, 0))
        );
        // Before the hour on the start day: that same day.
        assert_eq!(
            every3.next_run(at(2026, 12, 1, 3, 0)),
            Some(at(2026, 12, 1, 4, 0))
        );
        // Off days in between, and across the year end (Dec 31 is 30 days on).
        assert_eq!(
            every3.next_run(at(2026, 12, 5, 12, 0)),
            Some(at(2026, 12, 7, 4, 0))
        );
        let every30 = schedule(Repeat::EveryDays { days: 30, from }, 4);
        assert_eq!(
            every30.next_run(at(2026, 12, 2, 0, 0)),
            Some(at(2026, 12, 31, 4, 0))
        );
        assert_eq!(
            every30.next_run(at(2026, 12, 31, 5, 0)),
            Some(at(2027, 1, 30, 4, 0))
        );
        // A start day still ahead (set where the date is already tomorrow): the start day.
        assert_eq!(
            every3.next_run(at(2026, 11, 29, 0, 0)),
            Some(at(2026, 12, 1, 4, 0))
        );
    }

    #[test]
    fn weekly_runs_on_the_chosen_weekday() {
        // 2026-12-01 is a Tuesday.
        let saturday = schedule(Repeat::Weekly(Weekday::Sat), 8);
        assert_eq!(
            saturday.next_run(at(2026, 12, 1, 12, 0)),
            Some(at(2026, 12, 5, 8, 0))
        );
        assert_eq!(
            saturday.next_run(at(2026, 12, 5, 8, 0)),
            Some(at(2026, 12, 12, 8, 0))
        );
        let tuesday = schedule(Repeat::Weekly(Weekday::Tue), 13);
        assert_eq!(
            tuesday.next_run(at(2026, 12, 1, 12, 0)),
            Some(at(2026, 12, 1, 13, 0))
        );
    }

    #[test]
    fn the_hour_is_on_the_zone_clocks_through_daylight_saving() {
        let berlin: Zone = "Europe/Berlin".parse().unwrap();
        let daily = schedule(Repeat::Daily, 9).in_zone(berlin);
        // 09:00 in Berlin is 08:00 UTC in winter, 07:00 UTC in summer; the switch is the
        // night of 2026-03-28/29.
        assert_eq!(
            daily.next_run(at(2026, 3, 28, 8, 0)),
            Some(at(2026, 3, 29, 7, 0))
        );
        assert_eq!(
            daily.next_run(at(2026, 3, 27, 9, 0)),
            Some(at(2026, 3, 28, 8, 0))
        );
        // Tokyo's Monday 06:00 is Sunday 21:00 UTC.
        let tokyo: Zone = "Asia/Tokyo".parse().unwrap();
        let weekly = schedule(WEEKLY, 6).in_zone(tokyo);
        assert_eq!(
            weekly.next_run(at(2026, 11, 30, 0, 0)),
            Some(at(2026, 12, 6, 21, 0))
        );
        assert_eq!(
            weekly.next_run(at(2026, 11, 29, 20, 0)),
            Some(at(2026, 11, 29, 21, 0))
        );
        // A skipped hour runs once, right after the gap; a repeated hour runs once, the first time.
        let night = schedule(Repeat::Daily, 2).in_zone(berlin);
        assert_eq!(
            night.next_run(at(2026, 3, 28, 12, 0)),
            Some(at(2026, 3, 29, 1, 0))
        );
        assert_eq!(
            night.next_run(at(2026, 10, 24, 12, 0)),
            Some(at(2026, 10, 25, 0, 0))
        );
        assert_eq!(
            night.next_run(at(2026, 10, 25, 0, 0)),
            Some(at(2026, 10, 26, 1, 0))
        );
    }

    #[test]
    fn daily_runs_today_if_the_hour_is_ahead_else_tomorrow() {
        let daily = schedule(Repeat::Daily, 3);
        assert_eq!(
            daily.next_run(at(2026, 3, 10, 2, 59)),
            Some(at(2026, 3, 10, 3, 0))
        );
        assert_eq!(
            daily.next_run(at(2026, 3, 10, 3, 1)),
            Some(at(2026, 3, 11, 3, 0))
        );
    }

    #[test]
    fn exactly_on_a_slot_gives_the_next_one() {
        let slot = at(2026, 3, 10, 3, 0);
        assert_eq!(
            schedule(Repeat::Daily, 3).next_run(slot),
            Some(at(2026, 3, 11, 3, 0))
        );
        // 2026-03-09 is a Monday.
        assert_eq!(
            schedule(WEEKLY, 3).next_run(at(2026, 3, 9, 3, 0)),
            Some(at(2026, 3, 16, 3, 0))
        );
        assert_eq!(
            schedule(Repeat::Monthly, 3).next_run(at(2026, 3, 1, 3, 0)),
            Some(at(2026, 4, 1, 3, 0))
        );
    }

    #[test]
    fn hour_23_rolls_over_month_and_year_ends() {
        let daily = schedule(Repeat::Daily, 23);
        assert_eq!(
            daily.next_run(at(2026, 1, 31, 23, 0)),
            Some(at(2026, 2, 1, 23, 0))
        );
        assert_eq!(
            daily.next_run(at(2026, 12, 31, 23, 30)),
            Some(at(2027, 1, 1, 23, 0))
        );
        assert_eq!(
            daily.next_run(at(2028, 2, 28, 23, 0)),
            Some(at(2028, 2, 29, 23, 0))
        );
    }

    #[test]
    fn weekly_runs_on_mondays() {
        let weekly = schedule(WEEKLY, 0);
        // Wednesday 2026-12-30 → Monday 2027-01-04, across the year end.
        assert_eq!(
            weekly.next_run(at(2026, 12, 30, 12, 0)),
            Some(at(2027, 1, 4, 0, 0))
        );
        // Monday before the hour → the same day.
        let weekly = schedule(WEEKLY, 9);
        assert_eq!(
            weekly.next_run(at(2026, 3, 9, 8, 0)),
            Some(at(2026, 3, 9, 9, 0))
        );
        // Sunday → the next day.
        assert_eq!(
            weekly.next_run(at(2026, 3, 15, 23, 59)),
            Some(at(2026, 3, 16, 9, 0))
        );
    }

    #[test]
    fn monthly_runs_on_the_first_across_month_and_year_ends() {
        let monthly = schedule(Repeat::Monthly, 23);
        assert_eq!(
            monthly.next_run(at(2026, 1, 31, 23, 59)),
            Some(at(2026, 2, 1, 23, 0))
        );
        assert_eq!(
            monthly.next_run(at(2026, 2, 28, 12, 0)),
            Some(at(2026, 3, 1, 23, 0))
        );
        assert_eq!(
            monthly.next_run(at(2026, 12, 31, 23, 0)),
            Some(at(2027, 1, 1, 23, 0))
        );
        // On the 1st before the hour → that same day.
        assert_eq!(
            monthly.next_run(at(2026, 5, 1, 22, 0)),
            Some(at(2026, 5, 1, 23, 0))
        );
    }

    #[test]
    fn failures_retry_after_5_min_30_min_2_h_then_at_the_next_slot() {
        let now = at(2026, 3, 10, 12, 0);
        let daily = schedule(Repeat::Daily, 3);
        assert_eq!(retry_at(0, daily, now), Some(at(2026, 3, 10, 12, 5)));
        assert_eq!(retry_at(1, daily, now), Some(at(2026, 3, 10, 12, 30)));
        assert_eq!(retry_at(2, daily, now), Some(at(2026, 3, 10, 14, 0)));
        assert_eq!(retry_at(3, daily, now), Some(at(2026, 3, 11, 3, 0)));
        // A failure at the next slot starts a fresh round of quick retries.
        assert_eq!(retry_at(4, daily, now), Some(at(2026, 3, 10, 12, 5)));
        let starts: Vec<u32> = (0..9).filter(|&n| starts_round(n)).collect();
        assert_eq!(starts, [0, 4, 8]);
    }

    #[test]
    fn with_the_schedule_off_retries_give_up() {
        let now = at(2026, 3, 10, 12, 0);
        assert_eq!(
            retry_at(2, Schedule::OFF, now),
            Some(at(2026, 3, 10, 14, 0))
        );
        assert_eq!(retry_at(3, Schedule::OFF, now), None);
    }

    fn any_repeat() -> impl Strategy<Value = Repeat> {
        let from = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        prop_oneof![
            Just(Repeat::Daily),
            Just(Repeat::Monthly),
            (0u8..7).prop_map(|day| Repeat::Weekly(Weekday::try_from(day).unwrap())),
            prop::sample::select(&EVERY_DAYS_CHOICES[..])
                .prop_map(move |days| Repeat::EveryDays { days, from }),
        ]
    }

    proptest! {
        #[test]
        fn next_run_is_the_first_matching_slot_after(
            repeat in any_repeat(),
            hour in 0u8..24,
            // 2000-01-01 to about 2100, to the second.
            secs in 946_684_800i64..4_102_444_800,
        ) {
            let after = DateTime::from_timestamp(secs, 0).unwrap();
            let schedule = schedule(repeat, hour);
            let next = schedule.next_run(after).unwrap();
            prop_assert!(next > after);
            let matches = |t: DateTime<Utc>| {
                t.timestamp() % 3600 == 0
                    && t.format("%H").to_string() == format!("{hour:02}")
                    && match repeat {
                        Repeat::Daily => true,
                        Repeat::Weekly(day) => t.weekday() == day,
                        Repeat::Monthly => t.day() == 1,
                        Repeat::EveryDays { days, from } => {
                            let since = (t.date_naive() - from).num_days();
                            since >= 0 && since % i64::from(days) == 0
                        }
                    }
            };
            prop_assert!(matches(next));
            // No matching slot is skipped: every whole hour in between fails to match.
            let mut t = next - TimeDelta::hours(1);
            while t > after {
                prop_assert!(!matches(t), "{t} was skipped");
                t -= TimeDelta::hours(1);
            }
        }
    }
}
