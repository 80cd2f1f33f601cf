//! Dates and times written and read by hand in the few shapes the app uses.
//!
//! chrono's `format` and `parse_from_str` interpret a pattern at run time,
//! and that interpreter is a sizeable part of the phone's download; these
//! fixed shapes need none of it.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// `2026-11-22`.
pub fn ymd(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// `YYYY-MM-DD`; the month and day may have one digit.
pub fn parse_ymd(value: &str) -> Option<NaiveDate> {
    let mut parts = value.split('-');
    let year = parts.next().filter(|y| y.len() == 4)?;
    let month = parts.next().filter(|m| (1..=2).contains(&m.len()))?;
    let day = parts.next().filter(|d| (1..=2).contains(&d.len()))?;
    let all_digits = [year, month, day]
        .iter()
        .all(|part| part.bytes().all(|b| b.is_ascii_digit()));
    if parts.next().is_some() || !all_digits {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// `14:05`.
pub fn hm(time: NaiveTime) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// `2026-11-22T14:05`, the value of an `<input type="datetime-local">`.
pub fn local_input(at: NaiveDateTime) -> String {
    format!("{}T{}", ymd(at.date()), hm(at.time()))
}

/// The value of an `<input type="datetime-local">`; seconds, which some
/// browsers add, are ignored.
pub fn parse_local_input(value: &str) -> Option<NaiveDateTime> {
    let (date, time) = value.split_once('T')?;
    let mut parts = time.split(':');
    let mut number = || -> Option<u32> {
        let part = parts.next()?;
        (part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    let (hour, minute) = (number()?, number()?);
    Some(parse_ymd(date)?.and_time(NaiveTime::from_hms_opt(hour, minute, 0)?))
}

/// `21. 11. 14:05`.
pub fn day_month_hm(at: NaiveDateTime) -> String {
    format!("{}. {}. {}", at.day(), at.month(), hm(at.time()))
}

/// `20261121-1405`, for file names.
pub fn compact(at: NaiveDateTime) -> String {
    format!(
        "{:04}{:02}{:02}-{:02}{:02}",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_round_trip_and_nonsense_is_refused() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 7).unwrap();
        assert_eq!(ymd(date), "2026-03-07");
        assert_eq!(parse_ymd("2026-03-07"), Some(date));
        assert_eq!(parse_ymd("2026-3-7"), Some(date));
        for bad in [
            "2026-02-30",
            "26-03-07",
            "2026-03",
            "2026-03-07-1",
            "2026-+3-07",
            "",
        ] {
            assert_eq!(parse_ymd(bad), None, "{bad}");
        }
        let at = date.and_hms_opt(9, 5, 0).unwrap();
        assert_eq!(local_input(at), "2026-03-07T09:05");
        assert_eq!(parse_local_input("2026-03-07T09:05"), Some(at));
        assert_eq!(parse_local_input("2026-03-07T09:05:41"), Some(at));
        assert_eq!(parse_local_input("2026-03-07T9:05"), None);
        assert_eq!(parse_local_input("2026-03-07T24:00"), None);
        assert_eq!(day_month_hm(at), "7. 3. 09:05");
        assert_eq!(compact(at), "20260307-0905");
    }
}
