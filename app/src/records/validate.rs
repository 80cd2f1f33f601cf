//! The rules a record must meet, shared by the phone (which checks before
//! saving) and the server (which enforces them per record at sync). A
//! refusal names the field and says why, so one bad record is set aside
//! with a reason the worker can read and fix, and never blocks the rest.

use super::client_code::ClientCode;
use super::kinds::{Client, Details, Kind, OfferOutcome, Record};
use crate::services::{Service, ServiceType};
use crate::text::{self, TextProblem};
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

pub const NOTE_MAX: usize = 280;
pub const DRUG_MAX: usize = 40;
pub const MATERIAL_COUNT_MAX: i64 = 1000;
pub const RETURNED_MAX: i64 = 5000;
pub const FOUND_MAX: i64 = 5000;
pub const CHILDREN_MAX: i64 = 20;
/// People living with a halfway house's user.
pub const HOUSEHOLD_MAX: i64 = 20;
pub const DURATION_MAX: i64 = 24 * 60;
/// People in one group contact.
pub const HEAD_COUNT_MAX: i64 = 200;
/// A phone's clock may run ahead; more than a day is a wrong date.
pub const FUTURE_LIMIT_HOURS: i64 = 24;
/// Older than this is a typo in the year, not a record from last season.
pub const PAST_LIMIT_DAYS: i64 = 400;
/// The earliest birth year a client code may be given.
pub const BIRTH_YEAR_MIN: i64 = 1900;
/// Younger clients get counselling and urine tests, never injecting
/// material (the age reached in the record's year counts: the birthday is
/// not known).
pub const MATERIAL_MIN_AGE: i32 = 15;

/// Why a record was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub field: String,
    pub problem: RecordProblem,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordProblem {
    /// Not in the expected form; the text says what was expected.
    Malformed(String),
    OutOfRange {
        min: i64,
        max: i64,
    },
    /// Not in the admin's list.
    Unknown,
    InFuture,
    TooOld,
    TooLong {
        max: usize,
    },
    Required,
    /// Injecting material for a target group that does not use drugs.
    NotForTargetGroup,
    /// Injecting material for a client younger than [`MATERIAL_MIN_AGE`].
    UnderAge,
    /// Something said of a client code on a record without one.
    WithoutCode,
    /// A service the worker is not assigned to (or one no longer active).
    NotYourService,
    /// A kind of record the service does not log.
    NotForService,
    /// The same id was already stored with different content.
    Conflict,
}

impl From<TextProblem> for RecordProblem {
    fn from(problem: TextProblem) -> Self {
        match problem {
            TextProblem::Required => RecordProblem::Required,
            TextProblem::TooLong { max } => RecordProblem::TooLong { max },
        }
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let field = &self.field;
        match &self.problem {
            RecordProblem::Malformed(expected) => write!(f, "{field}: expected {expected}"),
            RecordProblem::OutOfRange { min, max } => {
                write!(f, "{field}: must be from {min} to {max}")
            }
            RecordProblem::Unknown => write!(f, "{field}: not in the list"),
            RecordProblem::InFuture => write!(f, "{field}: more than a day in the future"),
            RecordProblem::TooOld => write!(f, "{field}: more than {PAST_LIMIT_DAYS} days ago"),
            RecordProblem::TooLong { max } => write!(f, "{field}: longer than {max} characters"),
            RecordProblem::Required => write!(f, "{field}: required"),
            RecordProblem::NotForTargetGroup => {
                write!(f, "{field}: no injecting material for this target group")
            }
            RecordProblem::UnderAge => {
                write!(f, "{field}: no injecting material under {MATERIAL_MIN_AGE}")
            }
            RecordProblem::WithoutCode => write!(f, "{field}: only with a client code"),
            RecordProblem::NotYourService => write!(f, "{field}: not a service you work for"),
            RecordProblem::NotForService => {
                write!(f, "{field}: this service does not log this kind of record")
            }
            RecordProblem::Conflict => write!(f, "{field}: already stored with different content"),
        }
    }
}

fn reject(field: impl Into<String>, problem: RecordProblem) -> Rejection {
    Rejection {
        field: field.into(),
        problem,
    }
}

/// The codes a record may use, from the catalogue (inactive items included:
/// a phone may hold a record made before an item was retired).
#[derive(Debug, Clone, Default)]
pub struct KnownCodes {
    pub localities: HashSet<String>,
    pub service_acts: HashSet<String>,
    pub materials: HashSet<String>,
    pub relations: HashSet<String>,
    pub target_groups: HashSet<String>,
    pub places: HashSet<String>,
    pub interventions: HashSet<String>,
}

impl KnownCodes {
    pub fn from_catalogue(catalogue: &crate::catalogue::Catalogue) -> Self {
        use crate::catalogue::ListKind;
        let codes = |kind| catalogue.list(kind).map(|item| item.code.clone()).collect();
        Self {
            localities: codes(ListKind::Locality),
            service_acts: codes(ListKind::ServiceAct),
            materials: codes(ListKind::Material),
            relations: codes(ListKind::Relation),
            target_groups: codes(ListKind::TargetGroup),
            places: codes(ListKind::Place),
            interventions: codes(ListKind::Intervention),
        }
    }
}

/// A record that passed, with what the server stores beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub occurred_at: DateTime<FixedOffset>,
    /// The worker's local day and ISO week, the keys reports group by.
    pub day: String,
    pub week: String,
    pub client_code: Option<String>,
    pub client_kind: &'static str,
}

/// The service a record is filed into, given the active services its
/// worker is `assigned` to (lowest id first) and the organisation's
/// `services`. A record naming no service comes from a phone that predates
/// services: it goes to the worker's first service, whatever its kind, as
/// the stored records did when services began.
pub fn service(record: &Record, assigned: &[i64], services: &[Service]) -> Result<i64, Rejection> {
    let Some(id) = record.service else {
        return assigned
            .first()
            .copied()
            .ok_or_else(|| reject("service", RecordProblem::NotYourService));
    };
    let service = services
        .iter()
        .find(|service| service.id == id && assigned.contains(&id))
        .ok_or_else(|| reject("service", RecordProblem::NotYourService))?;
    if !Kind::offered_by(service.service_type).contains(&record.details.kind()) {
        return Err(reject("service", RecordProblem::NotForService));
    }
    // Collected only where a figure of that service needs it.
    if !service.service_type.is_drug_service() {
        if !record.details.tests().is_empty() {
            return Err(reject("tests", RecordProblem::NotForService));
        }
        if record.basics.is_some_and(|b| b.primary_drug.is_some()) {
            return Err(reject("primary_drug", RecordProblem::NotForService));
        }
    }
    if service.service_type != ServiceType::HalfwayHouse
        && record
            .basics
            .is_some_and(|b| b.origin.is_some() || b.household.is_some())
    {
        return Err(reject("origin", RecordProblem::NotForService));
    }
    if let Some(particulars) = record.details.particulars() {
        if particulars.role.is_some() && service.service_type != ServiceType::SocialRehabilitation {
            return Err(reject("role", RecordProblem::NotForService));
        }
        if particulars.has_crisis_help_part() && service.service_type != ServiceType::CrisisHelp {
            return Err(reject("exploitation", RecordProblem::NotForService));
        }
    }
    Ok(id)
}

pub fn check(
    record: &Record,
    known: &KnownCodes,
    now: DateTime<Utc>,
) -> Result<Checked, Rejection> {
    if !is_uuid(&record.id) {
        return Err(reject("id", RecordProblem::Malformed("a UUID".into())));
    }
    let occurred_at = timestamp("occurred_at", &record.occurred_at)?;
    if occurred_at.with_timezone(&Utc) > now + Duration::hours(FUTURE_LIMIT_HOURS) {
        return Err(reject("occurred_at", RecordProblem::InFuture));
    }
    if occurred_at.with_timezone(&Utc) < now - Duration::days(PAST_LIMIT_DAYS) {
        return Err(reject("occurred_at", RecordProblem::TooOld));
    }
    if !known.localities.contains(&record.locality) {
        return Err(reject("locality", RecordProblem::Unknown));
    }
    text::check(&record.note, false, NOTE_MAX).map_err(|problem| reject("note", problem.into()))?;
    let (client_code, client_kind) = match &record.client {
        Client::Code(code) => {
            let code = ClientCode::parse(code).map_err(|error| {
                reject(
                    "client",
                    RecordProblem::Malformed(format!("a client code like LUD07TOM08 ({error})")),
                )
            })?;
            (Some(code.as_str().to_owned()), "code")
        }
        Client::Anonymous => (None, "anonymous"),
        Client::Ncc => (None, "ncc"),
    };
    if client_code.is_some() && record.details.kind() == Kind::Refusal {
        return Err(reject(
            "client",
            RecordProblem::Malformed("no client code: a refused applicant is not a client".into()),
        ));
    }
    // An offer that reached no one met nobody: it is no contact
    // (tally::unreached_offers) and names no client, who would otherwise
    // count among the service's users.
    if client_code.is_some()
        && matches!(
            record.details,
            Details::Offer {
                outcome: OfferOutcome::NotReached,
                ..
            }
        )
    {
        return Err(reject(
            "client",
            RecordProblem::Malformed(
                "no client code: an offer that reached no one met no client".into(),
            ),
        ));
    }
    check_details(&record.details, known, now)?;
    let mut tested = Vec::new();
    for (index, done) in record.details.tests().iter().enumerate() {
        if tested.contains(&done.test) {
            return Err(reject(
                format!("tests[{index}]"),
                RecordProblem::Malformed("each test once".into()),
            ));
        }
        tested.push(done.test);
    }
    if let Some(basics) = &record.basics {
        if client_code.is_none() {
            return Err(reject("basics", RecordProblem::WithoutCode));
        }
        if let Some(year) = basics.birth_year {
            range(
                "birth_year",
                i64::from(year),
                BIRTH_YEAR_MIN,
                i64::from(occurred_at.year()),
            )?;
        }
        if let Some(people) = basics.household {
            range("household", people, 0, HOUSEHOLD_MAX)?;
        }
        material_age(record, basics.birth_year)?;
    }

    let (day, week) = report_keys(occurred_at.date_naive());
    Ok(Checked {
        occurred_at,
        day,
        week,
        client_code,
        client_kind,
    })
}

/// Refuses injecting material for a client born in `birth_year` (the
/// record's own, or the one kept with the code) who is too young for it.
pub fn material_age(record: &Record, birth_year: Option<i32>) -> Result<(), Rejection> {
    let occurred = DateTime::parse_from_rfc3339(&record.occurred_at).map(|at| at.year());
    match (record.details.kind(), birth_year, occurred) {
        (Kind::Exchange, Some(born), Ok(year)) if year - born < MATERIAL_MIN_AGE => {
            Err(reject("birth_year", RecordProblem::UnderAge))
        }
        _ => Ok(()),
    }
}

/// The day and ISO week a record is reported under, from its local date.
pub fn report_keys(date: NaiveDate) -> (String, String) {
    let iso = date.iso_week();
    (
        crate::dates::ymd(date),
        format!("{}-W{:02}", iso.year(), iso.week()),
    )
}

fn range(field: &str, value: i64, min: i64, max: i64) -> Result<(), Rejection> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(reject(field, RecordProblem::OutOfRange { min, max }))
    }
}

fn timestamp(field: &str, value: &str) -> Result<DateTime<FixedOffset>, Rejection> {
    DateTime::parse_from_rfc3339(value).map_err(|_| {
        reject(
            field,
            RecordProblem::Malformed(
                "a date-time with offset, e.g. 2026-11-21T14:05:00+01:00".into(),
            ),
        )
    })
}

/// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, lower-case hex.
pub fn is_uuid(value: &str) -> bool {
    value.len() == 36
        && value.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_digit() || ('a'..='f').contains(&c),
        })
}

mod details;
use details::check_details;

#[cfg(test)]
mod tests;
