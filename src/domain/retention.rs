//! Which of the bot's copies a destination keeps: the newest N, or generations — the newest
//! copy of each of the last N days, N weeks and N months that have one, as backup tools keep
//! them (restic's `forget --keep-daily/-weekly/-monthly`). Days, weeks and months are those
//! of the clocks of the schedule's time zone (weeks are ISO weeks, Monday to Sunday), so a
//! backup made at 00:30 in Tokyo belongs to that Tokyo day.

use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};

use super::schedule::Zone;

/// A destination's retention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RetentionPolicy {
    /// The newest `n` copies.
    Newest(u32),
    /// The newest copy of each of the last days, weeks and months that have one.
    Generations(Generations),
}

/// How many days, ISO weeks and months keep their newest copy. A copy kept by any of the
/// three is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Generations {
    pub daily: u32,
    pub weekly: u32,
    pub monthly: u32,
}

impl Generations {
    /// Whether it keeps anything at all (all three at 0 would keep no copy).
    pub fn keeps_any(&self) -> bool {
        self.daily > 0 || self.weekly > 0 || self.monthly > 0
    }
}

/// A span of the calendar a generation keeps one copy of.
#[derive(Clone, Copy, Debug)]
enum Span {
    Day,
    Week,
    Month,
}

impl Span {
    /// Which day, ISO week or month `at` falls in on the clocks of `zone`, as a comparable key.
    fn of(self, at: DateTime<Utc>, zone: Zone) -> (i32, u32, u32) {
        let date = zone.date_of(at);
        match self {
            Self::Day => (date.year(), date.month(), date.day()),
            Self::Week => {
                let week = date.iso_week();
                (week.year(), week.week(), 0)
            }
            Self::Month => (date.year(), date.month(), 0),
        }
    }
}

impl RetentionPolicy {
    /// Of `copies` (newest first, as a destination lists them), the ones this policy removes.
    /// `date` is a copy's date (its backup's, else the copy's own); generations order the
    /// copies by it, and never remove a copy without one, and read it on the clocks of `zone`.
    pub fn surplus<'a, T, F>(&self, copies: &'a [T], date: F, zone: Zone) -> Vec<&'a T>
    where
        F: Fn(&T) -> Option<DateTime<Utc>>,
    {
        match self {
            Self::Newest(keep) => {
                let keep = usize::try_from(*keep).unwrap_or(usize::MAX);
                copies.iter().skip(keep).collect()
            }
            Self::Generations(generations) => {
                let kept = generations.kept(copies, date, zone);
                (copies.iter().zip(kept))
                    .filter(|(_, kept)| !kept)
                    .map(|(copy, _)| copy)
                    .collect()
            }
        }
    }
}

impl Generations {
    /// Whether each of `copies` is kept: an undated one always; else the newest copy of each
    /// span, for as many of the latest spans (that have a copy) as each generation keeps.
    fn kept<T, F>(&self, copies: &[T], date: F, zone: Zone) -> Vec<bool>
    where
        F: Fn(&T) -> Option<DateTime<Utc>>,
    {
        let mut kept: Vec<bool> = copies.iter().map(|copy| date(copy).is_none()).collect();
        let mut dated: Vec<(usize, DateTime<Utc>)> = (copies.iter().enumerate())
            .filter_map(|(index, copy)| Some((index, date(copy)?)))
            .collect();
        // Newest first; a stable sort keeps the listing's order between equal dates.
        dated.sort_by_key(|&(_, at)| std::cmp::Reverse(at));
        let rules = [
            (Span::Day, self.daily),
            (Span::Week, self.weekly),
            (Span::Month, self.monthly),
        ];
        for (span, count) in rules {
            let mut last = None;
            let mut taken = 0;
            for &(index, at) in &dated {
                if taken == count {
                    break;
                }
                let key = span.of(at, zone);
                if last != Some(key) {
                    kept[index] = true;
                    last = Some(key);
                    taken += 1;
                }
            }
        }
        kept
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    fn generations(daily: u32, weekly: u32, monthly: u32) -> RetentionPolicy {
        RetentionPolicy::Generations(Generations {
            daily,
            weekly,
            monthly,
        })
    }

    /// The dates `policy` keeps of `dates`.
    fn kept(policy: RetentionPolicy, dates: &[DateTime<Utc>]) -> Vec<DateTime<Utc>> {
        kept_in(policy, dates, Zone::UTC)
    }

    /// The dates `policy` keeps of `dates`, its days read on the clocks of `zone`.
    fn kept_in(policy: RetentionPolicy, dates: &[DateTime<Utc>], zone: Zone) -> Vec<DateTime<Utc>> {
        let gone = policy.surplus(dates, |date| Some(*date), zone);
        let mut kept: Vec<_> = (dates.iter())
            .filter(|date| !gone.contains(date))
            .copied()
            .collect();
        kept.sort();
        kept
    }

    /// One copy a day at 03:00, from `first` for `days` days, newest first.
    fn daily_from(first: DateTime<Utc>, days: i64) -> Vec<DateTime<Utc>> {
        (0..days)
            .rev()
            .map(|day| first + Duration::days(day))
            .collect()
    }

    #[test]
    fn the_newest_n_are_kept_in_the_listing_s_order() {
        let newest_first = [5, 4, 3, 2, 1];
        let surplus =
            |keep| RetentionPolicy::Newest(keep).surplus(&newest_first, |_| None, Zone::UTC);
        assert_eq!(surplus(3), [&2, &1]);
        assert!(surplus(5).is_empty());
        assert!(surplus(30).is_empty());
        assert_eq!(surplus(0).len(), 5);
    }

    #[test]
    fn each_day_keeps_its_newest_copy_the_last_n_days() {
        // Three copies on each of four days.
        let dates: Vec<_> = (1..=4)
            .rev()
            .flat_map(|d| [at(2026, 3, d, 23), at(2026, 3, d, 12), at(2026, 3, d, 0)])
            .collect();
        assert_eq!(
            kept(generations(2, 0, 0), &dates),
            [at(2026, 3, 3, 23), at(2026, 3, 4, 23)]
        );
        // A day ends at midnight UTC: 23:00 and 00:00 the next day are two days.
        assert_eq!(
            kept(generations(9, 0, 0), &dates),
            (1..=4).map(|d| at(2026, 3, d, 23)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn weeks_are_iso_weeks_from_monday() {
        // 2026-03-01 is a Sunday, 2026-03-02 a Monday: two ISO weeks (9 and 10).
        let sunday = at(2026, 3, 1, 22);
        let monday = at(2026, 3, 2, 1);
        let dates = [at(2026, 3, 4, 9), monday, sunday, at(2026, 2, 28, 9)];
        assert_eq!(
            kept(generations(0, 2, 0), &dates),
            [sunday, at(2026, 3, 4, 9)]
        );
        // Across a year: 2026-12-31 (Thursday) and 2027-01-01 (Friday) are both in 2026's
        // ISO week 53; Sunday 2026-12-27 ends week 52.
        let dates = [at(2027, 1, 1, 9), at(2026, 12, 31, 9), at(2026, 12, 27, 9)];
        assert_eq!(
            kept(generations(0, 5, 0), &dates),
            [at(2026, 12, 27, 9), at(2027, 1, 1, 9)]
        );
        // 2024-12-30 (Monday) begins 2025's ISO week 1, with 2025-01-05.
        let dates = [at(2025, 1, 5, 9), at(2024, 12, 30, 9), at(2024, 12, 29, 9)];
        assert_eq!(
            kept(generations(0, 9, 0), &dates),
            [at(2024, 12, 29, 9), at(2025, 1, 5, 9)]
        );
    }

    #[test]
    fn months_keep_their_last_day_in_leap_years_and_not() {
        let dates = daily_from(at(2024, 1, 20, 3), 60);
        // 2024 is a leap year: February's newest copy is on the 29th.
        assert_eq!(
            kept(generations(0, 0, 3), &dates),
            [at(2024, 1, 31, 3), at(2024, 2, 29, 3), at(2024, 3, 19, 3)]
        );
        let dates = daily_from(at(2026, 1, 20, 3), 60);
        assert_eq!(
            kept(generations(0, 0, 3), &dates),
            [at(2026, 1, 31, 3), at(2026, 2, 28, 3), at(2026, 3, 20, 3)]
        );
    }

    #[test]
    fn gaps_do_not_count_the_last_n_spans_are_those_with_a_copy() {
        // Copies on March 1, 2, 10 and 20: the last three days that have one are kept,
        // however far apart; and the months reach back past empty ones.
        let dates = [
            at(2026, 3, 20, 3),
            at(2026, 3, 10, 3),
            at(2026, 3, 2, 3),
            at(2026, 3, 1, 3),
            at(2025, 11, 5, 3),
        ];
        assert_eq!(
            kept(generations(3, 0, 0), &dates),
            [at(2026, 3, 2, 3), at(2026, 3, 10, 3), at(2026, 3, 20, 3)]
        );
        assert_eq!(
            kept(generations(0, 0, 2), &dates),
            [at(2025, 11, 5, 3), at(2026, 3, 20, 3)]
        );
    }

    #[test]
    fn the_three_generations_together_keep_their_union() {
        // Daily copies for ten weeks, ending Tuesday 2026-06-09.
        let dates = daily_from(at(2026, 4, 1, 3), 70);
        assert_eq!(dates[0], at(2026, 6, 9, 3));
        let expected = [
            // The newest of April, May; May 24 and 31 (Sundays); June 3–9.
            at(2026, 4, 30, 3),
            at(2026, 5, 24, 3),
            at(2026, 5, 31, 3),
            at(2026, 6, 3, 3),
            at(2026, 6, 4, 3),
            at(2026, 6, 5, 3),
            at(2026, 6, 6, 3),
            at(2026, 6, 7, 3),
            at(2026, 6, 8, 3),
            at(2026, 6, 9, 3),
        ];
        assert_eq!(kept(generations(7, 4, 3), &dates), expected);
        // What is kept is kept again: applying the policy twice removes nothing more.
        assert_eq!(kept(generations(7, 4, 3), &expected), expected);
    }

    #[test]
    fn undated_copies_are_never_removed_and_the_order_given_does_not_matter() {
        let copies = [
            (1, Some(at(2026, 3, 1, 3))),
            (2, None),
            (3, Some(at(2026, 3, 3, 3))),
            (4, Some(at(2026, 3, 2, 3))),
        ];
        let gone = generations(1, 0, 0).surplus(&copies, |copy| copy.1, Zone::UTC);
        let gone: Vec<i32> = gone.iter().map(|copy| copy.0).collect();
        assert_eq!(gone, [1, 4]);
        // Copies of one instant keep the listing's first.
        let same = [(1, Some(at(2026, 3, 1, 3))), (2, Some(at(2026, 3, 1, 3)))];
        let gone: Vec<i32> = (generations(1, 0, 0)
            .surplus(&same, |copy| copy.1, Zone::UTC)
            .iter())
        .map(|copy| copy.0)
        .collect();
        assert_eq!(gone, [2]);
    }

    #[test]
    fn days_weeks_and_months_are_those_of_the_schedule_s_clocks() {
        // Sunday 1 March 2026, 23:00 and 14:00 UTC, and 28 February, 20:00 UTC: in Tokyo
        // (UTC+9) Monday 2 March 08:00 (a new day and ISO week), 1 March 23:00 and 1 March
        // 05:00 (March, not February).
        let tokyo: Zone = "Asia/Tokyo".parse().unwrap();
        let (late, afternoon, evening) =
            (at(2026, 3, 1, 23), at(2026, 3, 1, 14), at(2026, 2, 28, 20));
        let dates = [late, afternoon, evening];
        let two_days = generations(2, 0, 0);
        assert_eq!(kept(two_days, &dates), [evening, late]);
        assert_eq!(kept_in(two_days, &dates, tokyo), [afternoon, late]);
        let two_weeks = generations(0, 2, 0);
        assert_eq!(kept(two_weeks, &dates), [late]);
        assert_eq!(kept_in(two_weeks, &dates, tokyo), [afternoon, late]);
        let two_months = generations(0, 0, 2);
        assert_eq!(kept(two_months, &dates), [evening, late]);
        assert_eq!(kept_in(two_months, &dates, tokyo), [late]);
    }

    #[test]
    fn keeping_nothing_is_not_a_generation_policy() {
        let none = Generations {
            daily: 0,
            weekly: 0,
            monthly: 0,
        };
        assert!(!none.keeps_any());
        assert!(Generations { monthly: 1, ..none }.keeps_any());
    }

    #[test]
    fn policies_read_back_as_stored() {
        for policy in [RetentionPolicy::Newest(10), generations(7, 4, 12)] {
            let json = serde_json::to_string(&policy).unwrap();
            assert_eq!(
                serde_json::from_str::<RetentionPolicy>(&json).unwrap(),
                policy
            );
        }
        assert_eq!(
            serde_json::to_string(&generations(7, 4, 12)).unwrap(),
            r#"{"generations":{"daily":7,"weekly":4,"monthly":12}}"#
        );
    }
}
