//! When automatic Drive backups run, and when a failed one is tried again.
//!
//! All times are UTC: users pick an hour in UTC, so the rules never meet a daylight-saving gap.

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    #[default]
    Off,
    Daily,
    Weekly,
    Monthly,
}

impl Frequency {
    pub const ALL: [Self; 4] = [Self::Off, Self::Daily, Self::Weekly, Self::Monthly];

    /// As events store it and the metrics label it (the serde name).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::Daily => "daily",
            Self::Weekly => "weekly",
            Self::Monthly => "monthly",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("an hour of the day is 0 to 23, not {0}")]
pub struct InvalidHour(pub u8);

/// How often, and at which UTC hour, a user's automatic backup runs.
///
/// The hour is checked on construction and on reading a stored value, so the rules below never
/// meet an impossible time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawSchedule")]
pub struct Schedule {
    frequency: Frequency,
    hour: u8,
}

#[derive(Deserialize)]
struct RawSchedule {
    frequency: Frequency,
    hour: u8,
}

impl TryFrom<RawSchedule> for Schedule {
    type Error = InvalidHour;

    fn try_from(raw: RawSchedule) -> Result<Self, Self::Error> {
        Self::new(raw.frequency, raw.hour)
    }
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
        frequency: Frequency::Off,
        hour: 0,
    };

    pub fn new(frequency: Frequency, hour: u8) -> Result<Self, InvalidHour> {
        if hour > 23 {
            return Err(InvalidHour(hour));
        }
        Ok(Self { frequency, hour })
    }

    pub fn frequency(self) -> Frequency {
        self.frequency
    }

    /// The UTC hour, 0 to 23.
    pub fn hour(self) -> u8 {
        self.hour
    }

    /// The first scheduled run strictly after `after`: daily at `hour`:00, weekly on Mondays,
    /// monthly on the 1st; `None` when off.
    ///
    /// "Strictly" matters: a run that finishes within its own slot's minute must not be due
    /// again at once, and a run missed while the bot was down is followed by the next future
    /// slot, not by a replay of every slot it missed.
    pub fn next_run(self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let day = after.date_naive();
        match self.frequency {
            Frequency::Off => None,
            Frequency::Daily => self.first_after(after, day, |d| d.checked_add_days(Days::new(1))),
            Frequency::Weekly => {
                let monday = day
                    .checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday())))?;
                self.first_after(after, monday, |d| d.checked_add_days(Days::new(7)))
            }
            Frequency::Monthly => {
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
        let slot = self.at_hour(day)?;
        if slot > after {
            return Some(slot);
        }
        self.at_hour(next_period(day)?)
    }

    fn at_hour(self, day: NaiveDate) -> Option<DateTime<Utc>> {
        Some(day.and_hms_opt(u32::from(self.hour), 0, 0)?.and_utc())
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

    fn schedule(frequency: Frequency, hour: u8) -> Schedule {
        Schedule::new(frequency, hour).unwrap()
    }

    #[test]
    fn off_never_runs() {
        assert_eq!(Schedule::OFF.next_run(at(2026, 1, 1, 0, 0)), None);
    }

    #[test]
    fn hours_past_23_are_refused_also_when_read_back() {
        assert_eq!(Schedule::new(Frequency::Daily, 24), Err(InvalidHour(24)));
        let stored = serde_json::json!({ "frequency": "daily", "hour": 24 });
        assert!(serde_json::from_value::<Schedule>(stored).is_err());
        let stored = serde_json::json!({ "frequency": "weekly", "hour": 23 });
        assert_eq!(
            serde_json::from_value::<Schedule>(stored).unwrap(),
            schedule(Frequency::Weekly, 23)
        );
        assert_eq!(
            serde_json::to_value(schedule(Frequency::Monthly, 4)).unwrap(),
            serde_json::json!({ "frequency": "monthly", "hour": 4 })
        );
    }

    #[test]
    fn daily_runs_today_if_the_hour_is_ahead_else_tomorrow() {
        let daily = schedule(Frequency::Daily, 3);
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
            schedule(Frequency::Daily, 3).next_run(slot),
            Some(at(2026, 3, 11, 3, 0))
        );
        // 2026-03-09 is a Monday.
        assert_eq!(
            schedule(Frequency::Weekly, 3).next_run(at(2026, 3, 9, 3, 0)),
            Some(at(2026, 3, 16, 3, 0))
        );
        assert_eq!(
            schedule(Frequency::Monthly, 3).next_run(at(2026, 3, 1, 3, 0)),
            Some(at(2026, 4, 1, 3, 0))
        );
    }

    #[test]
    fn hour_23_rolls_over_month_and_year_ends() {
        let daily = schedule(Frequency::Daily, 23);
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
        let weekly = schedule(Frequency::Weekly, 0);
        // Wednesday 2026-12-30 → Monday 2027-01-04, across the year end.
        assert_eq!(
            weekly.next_run(at(2026, 12, 30, 12, 0)),
            Some(at(2027, 1, 4, 0, 0))
        );
        // Monday before the hour → the same day.
        let weekly = schedule(Frequency::Weekly, 9);
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
        let monthly = schedule(Frequency::Monthly, 23);
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
        let daily = schedule(Frequency::Daily, 3);
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

    fn any_frequency() -> impl Strategy<Value = Frequency> {
        prop::sample::select(&Frequency::ALL[1..])
    }

    proptest! {
        #[test]
        fn next_run_is_the_first_matching_slot_after(
            frequency in any_frequency(),
            hour in 0u8..24,
            // 2000-01-01 to about 2100, to the second.
            secs in 946_684_800i64..4_102_444_800,
        ) {
            let after = DateTime::from_timestamp(secs, 0).unwrap();
            let schedule = schedule(frequency, hour);
            let next = schedule.next_run(after).unwrap();
            prop_assert!(next > after);
            let matches = |t: DateTime<Utc>| {
                t.timestamp() % 3600 == 0
                    && t.format("%H").to_string() == format!("{hour:02}")
                    && match frequency {
                        Frequency::Weekly => t.weekday() == Weekday::Mon,
                        Frequency::Monthly => t.day() == 1,
                        _ => true,
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
