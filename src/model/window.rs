//! Maintenance windows: the days and hours a push to a node may happen (`Sat,Sun 01:00-05:00`,
//! `Mon-Fri 22:00-04:00` across midnight), in a fixed UTC offset so a window means the same hour
//! to the scheduler, the command line and the window, whatever the machine's zone.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime, UtcOffset};

use super::invalid::{Invalid, Value};

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// Days the window opens, 0 = Monday … 6 = Sunday.
    pub days: Vec<u8>,
    /// Minutes after midnight it opens and closes; `end <= start` runs past midnight.
    pub start: u16,
    pub end: u16,
    /// The UTC offset the hours are in, minutes east of UTC.
    pub offset_minutes: i16,
}

impl Window {
    /// Parses `DAYS HH:MM-HH:MM` (days: `daily`, `mon-fri`, `sat,sun`, …).
    pub fn parse(text: &str, offset: UtcOffset) -> Result<Self, Invalid> {
        let bad = |why: &str| {
            Invalid::new(
                Value::Window,
                text,
                format!("maintenance window {text:?}: {why} (e.g. \"Sat,Sun 01:00-05:00\")"),
            )
        };
        let (days_text, hours) = text
            .trim()
            .split_once(char::is_whitespace)
            .ok_or_else(|| bad("days and hours are needed"))?;
        let mut days = Vec::new();
        for part in days_text.to_ascii_lowercase().split(',') {
            let day = |name: &str| {
                DAYS.iter()
                    .position(|d| name.starts_with(d))
                    .map(|p| p as u8)
                    .ok_or_else(|| bad(&format!("unknown day {name:?}")))
            };
            match part {
                "daily" | "all" => days.extend(0..7),
                range if range.contains('-') => {
                    let (from, to) = range.split_once('-').unwrap_or((range, range));
                    let (from, to) = (day(from)?, day(to)?);
                    let mut d = from;
                    loop {
                        days.push(d);
                        if d == to {
                            break;
                        }
                        d = (d + 1) % 7;
                    }
                }
                single => days.push(day(single)?),
            }
        }
        days.sort_unstable();
        days.dedup();
        let (start, end) = hours
            .trim()
            .split_once('-')
            .ok_or_else(|| bad("hours are HH:MM-HH:MM"))?;
        let minutes = |t: &str| -> Result<u16, Invalid> {
            let (h, m) = t
                .trim()
                .split_once(':')
                .ok_or_else(|| bad("hours are HH:MM"))?;
            let (h, m): (u16, u16) = (
                h.parse().map_err(|_| bad("hours are HH:MM"))?,
                m.parse().map_err(|_| bad("hours are HH:MM"))?,
            );
            if h > 24 || m > 59 || (h == 24 && m != 0) {
                return Err(bad("no such time"));
            }
            Ok(h * 60 + m)
        };
        let (start, end) = (minutes(start)?, minutes(end)?);
        if start == end {
            return Err(bad("the window is empty"));
        }
        Ok(Window {
            days,
            start,
            end,
            offset_minutes: (offset.whole_seconds() / 60) as i16,
        })
    }

    fn offset(&self) -> UtcOffset {
        UtcOffset::from_whole_seconds(i32::from(self.offset_minutes) * 60).unwrap_or(UtcOffset::UTC)
    }

    /// Whether a push may happen at `now`.
    pub fn contains(&self, now: OffsetDateTime) -> bool {
        let local = now.to_offset(self.offset());
        let minute = local.hour() as u16 * 60 + local.minute() as u16;
        let today = local.weekday().number_days_from_monday();
        let yesterday = (today + 6) % 7;
        if self.start < self.end {
            self.days.contains(&today) && (self.start..self.end).contains(&minute)
        } else {
            // Across midnight: the evening of an opening day, or the morning after one.
            (self.days.contains(&today) && minute >= self.start)
                || (self.days.contains(&yesterday) && minute < self.end)
        }
    }

    /// When the window next opens at or after `now` (`now` itself when it is open).
    pub fn next_open(&self, now: OffsetDateTime) -> Option<OffsetDateTime> {
        if self.contains(now) {
            return Some(now);
        }
        let local = now.to_offset(self.offset());
        let midnight = local.replace_time(time::Time::MIDNIGHT);
        (0..8).find_map(|day| {
            let date = midnight + Duration::days(day);
            let opens = date + Duration::minutes(i64::from(self.start));
            let weekday = date.weekday().number_days_from_monday();
            (self.days.contains(&weekday) && opens > local).then_some(opens)
        })
    }

    /// The form [`Window::parse`] reads back (`sat,sun 01:00-05:00`, `daily 22:00-04:00`), to
    /// edit a stored window; its UTC offset is not part of it.
    pub fn text(&self) -> String {
        let days = if self.days.len() == 7 {
            "daily".to_string()
        } else {
            self.days
                .iter()
                .map(|d| DAYS[*d as usize % 7])
                .collect::<Vec<_>>()
                .join(",")
        };
        let hm = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
        format!("{days} {}-{}", hm(self.start), hm(self.end))
    }

    /// As typed: `Sat,Sun 01:00-05:00 (UTC+01:00)`.
    pub fn describe(&self) -> String {
        let text = self.text();
        let (days, hours) = text.split_once(' ').unwrap_or((&text, ""));
        let days = days
            .split(',')
            .map(|day| {
                let mut chars = day.chars();
                chars
                    .next()
                    .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(",");
        let offset = self.offset();
        format!(
            "{days} {hours} (UTC{}{:02}:{:02})",
            if offset.is_negative() { '-' } else { '+' },
            offset.whole_hours().unsigned_abs(),
            offset.minutes_past_hour().unsigned_abs()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{datetime, offset};

    #[test]
    fn a_window_as_text_reads_back_as_the_same_window() {
        for typed in [
            "Sat,Sun 01:00-05:00",
            "daily 22:00-04:00",
            "mon-fri 12:30-13:00",
        ] {
            let w = Window::parse(typed, offset!(+1)).unwrap();
            assert_eq!(Window::parse(&w.text(), offset!(+1)).unwrap(), w, "{typed}");
        }
        let w = Window::parse("Sat,Sun 01:00-05:00", offset!(+1)).unwrap();
        assert_eq!(w.text(), "sat,sun 01:00-05:00");
    }

    #[test]
    fn a_weekend_night_window() {
        let w = Window::parse("Sat,Sun 01:00-05:00", offset!(+1)).unwrap();
        assert_eq!(w.days, vec![5, 6]);
        // Saturday 2026-12-05 02:00 at +01:00 is 01:00 UTC.
        assert!(w.contains(datetime!(2026-12-05 01:00 UTC)));
        assert!(!w.contains(datetime!(2026-12-05 04:30 UTC)));
        assert!(!w.contains(datetime!(2026-12-04 01:00 UTC)));
        assert_eq!(
            w.next_open(datetime!(2026-12-02 12:00 UTC)),
            Some(datetime!(2026-12-05 01:00 +1))
        );
        assert_eq!(w.describe(), "Sat,Sun 01:00-05:00 (UTC+01:00)");
    }

    #[test]
    fn a_window_across_midnight_belongs_to_the_day_it_opens() {
        let w = Window::parse("Mon-Fri 22:00-04:00", offset!(UTC)).unwrap();
        assert_eq!(w.days, vec![0, 1, 2, 3, 4]);
        assert!(w.contains(datetime!(2026-12-04 23:00 UTC))); // Friday night
        assert!(w.contains(datetime!(2026-12-05 03:00 UTC))); // Saturday morning after Friday
        assert!(!w.contains(datetime!(2026-12-06 03:00 UTC))); // Sunday morning
        assert!(!w.contains(datetime!(2026-12-07 12:00 UTC)));
    }

    #[test]
    fn bad_windows_are_refused_with_the_reason() {
        for text in [
            "",
            "Sat",
            "Sat 01:00",
            "Funday 01:00-02:00",
            "Sat 25:00-26:00",
            "Sat 01:00-01:00",
        ] {
            let error = Window::parse(text, offset!(UTC)).unwrap_err();
            assert_eq!(error.value, Value::Window, "{text}: {error}");
            assert_eq!(error.text, text);
        }
    }
}
