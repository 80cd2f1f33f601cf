//! The period a coordinator picks, as an inclusive range of local days.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Today,
    Week,
    Month,
    Quarter,
    Year,
    Custom,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 6] = [
        PeriodKind::Today,
        PeriodKind::Week,
        PeriodKind::Month,
        PeriodKind::Quarter,
        PeriodKind::Year,
        PeriodKind::Custom,
    ];

    /// The name in the page address (`?obdobi=rok`).
    pub fn slug(self) -> &'static str {
        match self {
            PeriodKind::Today => "dnes",
            PeriodKind::Week => "tyden",
            PeriodKind::Month => "mesic",
            PeriodKind::Quarter => "ctvrtleti",
            PeriodKind::Year => "rok",
            PeriodKind::Custom => "vlastni",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.slug() == slug)
    }
}

/// An inclusive range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DayRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The longest custom range: ten years is more than any report needs, and
/// the cap keeps a typo (year 20266) from asking for millennia.
pub const MAX_DAYS: i64 = 3660;

impl DayRange {
    /// The current day, week (Monday first), month, quarter or year that
    /// contains `today`, up to its end.
    pub fn containing(kind: PeriodKind, today: NaiveDate) -> Self {
        let (from, to) = match kind {
            PeriodKind::Today | PeriodKind::Custom => (today, today),
            PeriodKind::Week => {
                let from = today - Duration::days(today.weekday().num_days_from_monday().into());
                (from, from + Duration::days(6))
            }
            PeriodKind::Month => {
                let from = today.with_day(1).unwrap_or(today);
                (from, month_end(from))
            }
            PeriodKind::Quarter => {
                let first_month = (today.month0() / 3) * 3 + 1;
                let from = NaiveDate::from_ymd_opt(today.year(), first_month, 1).unwrap_or(today);
                let last =
                    NaiveDate::from_ymd_opt(today.year(), first_month + 2, 1).unwrap_or(today);
                (from, month_end(last))
            }
            PeriodKind::Year => (
                NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today),
                NaiveDate::from_ymd_opt(today.year(), 12, 31).unwrap_or(today),
            ),
        };
        DayRange { from, to }
    }

    /// A custom range; `None` when it ends before it starts or is longer
    /// than [`MAX_DAYS`].
    pub fn custom(from: NaiveDate, to: NaiveDate) -> Option<Self> {
        (from <= to && (to - from).num_days() < MAX_DAYS).then_some(DayRange { from, to })
    }

    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The whole months inside the range, as `(first, last)` month keys
    /// (`YYYY-MM`), and the day ranges left over at either edge.
    pub fn split_months(&self) -> MonthSplit {
        let first_full = if self.from.day() == 1 {
            self.from
        } else {
            next_month(self.from)
        };
        let last_full_end = if self.to == month_end(self.to) {
            self.to
        } else {
            self.to.with_day(1).unwrap_or(self.to) - Duration::days(1)
        };
        if first_full > last_full_end {
            return MonthSplit {
                months: None,
                head: Some(*self),
                tail: None,
            };
        }
        let head = (self.from < first_full).then(|| DayRange {
            from: self.from,
            to: first_full - Duration::days(1),
        });
        let tail = (last_full_end < self.to).then(|| DayRange {
            from: last_full_end + Duration::days(1),
            to: self.to,
        });
        MonthSplit {
            months: Some((month_key(first_full), month_key(last_full_end))),
            head,
            tail,
        }
    }

    /// How a chart over time groups this range: by day up to about six
    /// weeks, by month beyond.
    pub fn bucket(&self) -> Bucket {
        if self.days() <= 45 {
            Bucket::Day
        } else {
            Bucket::Month
        }
    }

    /// Every bucket key in the range, in order, so empty days or months show
    /// as zero bars rather than gaps that shift the axis.
    pub fn bucket_keys(&self) -> Vec<String> {
        match self.bucket() {
            Bucket::Day => self
                .from
                .iter_days()
                .take_while(|day| *day <= self.to)
                .map(day_key)
                .collect(),
            Bucket::Month => {
                let mut keys = Vec::new();
                let mut month = self.from.with_day(1).unwrap_or(self.from);
                while month <= self.to {
                    keys.push(month_key(month));
                    month = next_month(month);
                }
                keys
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthSplit {
    pub months: Option<(String, String)>,
    pub head: Option<DayRange>,
    pub tail: Option<DayRange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Bucket {
    Day,
    Month,
}

pub fn day_key(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

pub fn month_key(day: NaiveDate) -> String {
    day.format("%Y-%m").to_string()
}

fn next_month(day: NaiveDate) -> NaiveDate {
    let (year, month) = if day.month() == 12 {
        (day.year() + 1, 1)
    } else {
        (day.year(), day.month() + 1)
    };
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(day)
}

fn month_end(day: NaiveDate) -> NaiveDate {
    next_month(day) - Duration::days(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn periods_contain_today_and_run_to_their_end() {
        let today = date("2026-11-21"); // a Saturday
        let range = |kind| {
            let r = DayRange::containing(kind, today);
            (day_key(r.from), day_key(r.to))
        };
        assert_eq!(
            range(PeriodKind::Today),
            ("2026-11-21".into(), "2026-11-21".into())
        );
        assert_eq!(
            range(PeriodKind::Week),
            ("2026-11-16".into(), "2026-11-22".into())
        );
        assert_eq!(
            range(PeriodKind::Month),
            ("2026-11-01".into(), "2026-11-30".into())
        );
        assert_eq!(
            range(PeriodKind::Quarter),
            ("2026-10-01".into(), "2026-12-31".into())
        );
        assert_eq!(
            range(PeriodKind::Year),
            ("2026-01-01".into(), "2026-12-31".into())
        );
        let february = DayRange::containing(PeriodKind::Quarter, date("2028-02-29"));
        assert_eq!(day_key(february.to), "2028-03-31");
    }

    #[test]
    fn a_range_splits_into_whole_months_and_edge_days() {
        let year = DayRange::custom(date("2026-01-01"), date("2026-12-31")).unwrap();
        assert_eq!(
            year.split_months(),
            MonthSplit {
                months: Some(("2026-01".into(), "2026-12".into())),
                head: None,
                tail: None
            }
        );
        let odd = DayRange::custom(date("2026-01-15"), date("2026-03-10")).unwrap();
        let split = odd.split_months();
        assert_eq!(split.months, Some(("2026-02".into(), "2026-02".into())));
        assert_eq!(split.head.map(|r| day_key(r.to)), Some("2026-01-31".into()));
        assert_eq!(
            split.tail.map(|r| day_key(r.from)),
            Some("2026-03-01".into())
        );
        let inside = DayRange::custom(date("2026-05-02"), date("2026-05-30")).unwrap();
        assert_eq!(inside.split_months().months, None);
        assert_eq!(inside.split_months().head, Some(inside));
    }

    #[test]
    fn custom_ranges_are_checked() {
        assert!(DayRange::custom(date("2026-02-01"), date("2026-01-01")).is_none());
        assert!(DayRange::custom(date("2000-01-01"), date("2026-01-01")).is_none());
        assert_eq!(
            DayRange::custom(date("2026-01-01"), date("2026-01-01"))
                .unwrap()
                .days(),
            1
        );
    }

    #[test]
    fn charts_use_days_for_short_ranges_and_months_for_long_ones() {
        let month = DayRange::containing(PeriodKind::Month, date("2026-02-10"));
        assert_eq!(month.bucket_keys().len(), 28);
        let year = DayRange::containing(PeriodKind::Year, date("2026-02-10"));
        assert_eq!(
            year.bucket_keys().first().map(String::as_str),
            Some("2026-01")
        );
        assert_eq!(year.bucket_keys().len(), 12);
    }
}
