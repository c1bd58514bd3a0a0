//! The schedule's screens, and how a schedule and its next run read.

use chrono::{DateTime, Utc, Weekday};

use crate::{
    bot::{
        callback::{DriveCallback, MenuItem},
        flows::drive::callback::Pick,
        ui::{self, Button, Reader, Screen, data_button, escape, keyboard, zone_rows},
    },
    domain::schedule::{EVERY_DAYS_CHOICES, Repeat, Schedule, Zone},
    i18n::Locale,
};

const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// The message key of a weekday's name, `weekday-1` (Monday) to `weekday-7`.
fn weekday_key(day: Weekday, prefix: &str) -> String {
    format!("{prefix}-{}", day.number_from_monday())
}

/// "weekly, on Tuesdays at 09:00 (Europe/Berlin)".
pub fn schedule_text(locale: Locale, schedule: Schedule) -> String {
    let Some(repeat) = schedule.repeat() else {
        return locale.t("drive-schedule-off");
    };
    let hour = format!("{:02}:00", schedule.hour());
    let zone = escape(&schedule.zone().to_string());
    let mut args = vec![("hour", hour.into()), ("zone", zone.into())];
    let key = match repeat {
        Repeat::Daily => "drive-schedule-daily",
        Repeat::EveryDays { days, .. } => {
            args.push(("days", days.into()));
            "drive-schedule-every-days"
        }
        Repeat::Weekly(day) => {
            args.push(("on_day", locale.t(&weekday_key(day, "on-weekday")).into()));
            "drive-schedule-weekly"
        }
        Repeat::Monthly => "drive-schedule-monthly",
    };
    locale.t_with(key, &args)
}

/// When the schedule runs next, on its zone's clocks, or that it does not.
pub fn next_run_text(reader: &Reader, schedule: Schedule, next: Option<DateTime<Utc>>) -> String {
    next.map_or_else(
        || reader.locale.t("drive-none"),
        |next| escape(&reader.time_in(schedule.zone(), next)),
    )
}

fn back_to_schedule(locale: Locale) -> Vec<teloxide::types::InlineKeyboardButton> {
    vec![Button::Back.to(locale, DriveCallback::Schedule)]
}

pub fn frequencies(locale: Locale, current: Schedule) -> Screen {
    let text = locale.t_with(
        "drive-schedule-choose",
        &[("schedule", schedule_text(locale, current).into())],
    );
    let pick = |button: Button, pick| button.to(locale, DriveCallback::Frequency(pick));
    let every = |days: u8| {
        let label = locale.t_with("schedule-every-days", &[("days", days.into())]);
        data_button(
            "🔁",
            &label,
            DriveCallback::Frequency(Pick::EveryDays(days)),
        )
    };
    let [three, fourteen, thirty] = EVERY_DAYS_CHOICES;
    let zone = locale.t_with(
        "btn-time-zone",
        &[("zone", current.zone().to_string().into())],
    );
    Screen::new(
        text,
        keyboard(vec![
            vec![pick(Button::ScheduleDaily, Pick::Daily), every(three)],
            vec![
                pick(Button::ScheduleWeekly, Pick::Weekly(None)),
                every(fourteen),
            ],
            vec![pick(Button::ScheduleMonthly, Pick::Monthly), every(thirty)],
            vec![data_button("🌍", &zone, DriveCallback::Zones)],
            vec![pick(Button::ScheduleOff, Pick::Off)],
            vec![Button::Back.to(locale, MenuItem::Drive)],
        ]),
    )
}

/// Weekly: on which day?
pub fn weekdays(locale: Locale) -> Screen {
    let day = |day: Weekday| {
        let name = locale.t(&weekday_key(day, "weekday"));
        data_button(
            "🗓",
            &name,
            DriveCallback::Frequency(Pick::Weekly(Some(day))),
        )
    };
    let mut rows: Vec<_> = WEEK
        .chunks(2)
        .map(|days| days.iter().map(|d| day(*d)).collect())
        .collect();
    rows.push(back_to_schedule(locale));
    Screen::new(locale.t("drive-schedule-weekday"), keyboard(rows))
}

/// Twenty-four hours, six to a row, on the zone's clocks.
pub fn hours(locale: Locale, pick: Pick, zone: Zone) -> Screen {
    let mut rows: Vec<_> = (0..24u32)
        .collect::<Vec<_>>()
        .chunks(6)
        .map(|hours| {
            hours
                .iter()
                .map(|&hour| {
                    data_button(
                        "🕐",
                        &format!("{hour:02}"),
                        DriveCallback::SetSchedule { pick, hour },
                    )
                })
                .collect()
        })
        .collect();
    rows.push(back_to_schedule(locale));
    let text = locale.t_with(
        "drive-schedule-hour",
        &[("zone", escape(&zone.to_string()).into())],
    );
    Screen::new(text, keyboard(rows))
}

/// 🌍 The short list; any other zone is typed.
pub fn zones(locale: Locale, current: Zone) -> Screen {
    let mut rows = zone_rows(DriveCallback::SetZone);
    rows.push(back_to_schedule(locale));
    let text = locale.t_with(
        "drive-zone-choose",
        &[("zone", escape(&current.to_string()).into())],
    );
    Screen::new(text, keyboard(rows))
}

pub fn zone_unknown(locale: Locale, typed: &str) -> Screen {
    let text = ui::zone_unknown(locale, typed);
    Screen::new(text, keyboard(vec![back_to_schedule(locale)]))
}

pub fn saved(reader: &Reader, schedule: Schedule, next: Option<DateTime<Utc>>) -> Screen {
    let locale = reader.locale;
    let text = locale.t_with(
        "drive-schedule-saved",
        &[
            ("schedule", schedule_text(locale, schedule).into()),
            ("next_run", next_run_text(reader, schedule, next).into()),
        ],
    );
    super::super::views::notice_screen(locale, text)
}
