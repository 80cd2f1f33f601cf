//! The rules a record must meet, shared by the phone (which checks before
//! saving) and the server (which enforces them per record at sync). A
//! refusal names the field and says why, so one bad record is set aside
//! with a reason the worker can read and fix, and never blocks the rest.

use super::client_code::ClientCode;
use super::kinds::{Client, ContactForm, Details, Record, Situation};
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
pub const DURATION_MAX: i64 = 24 * 60;
/// People in one group contact.
pub const HEAD_COUNT_MAX: i64 = 200;
/// A phone's clock may run ahead; more than a day is a wrong date.
pub const FUTURE_LIMIT_HOURS: i64 = 24;
/// Older than this is a typo in the year, not a record from last season.
pub const PAST_LIMIT_DAYS: i64 = 400;

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
}

impl KnownCodes {
    pub fn from_catalogue(catalogue: &crate::catalogue::Catalogue) -> Self {
        use crate::catalogue::ListKind;
        let codes = |kind| catalogue.list(kind).map(|item| item.code.clone()).collect();
        Self {
            localities: codes(ListKind::Locality),
            service_acts: codes(ListKind::ServiceAct),
            materials: codes(ListKind::Material),
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
    check_details(&record.details, known, now)?;

    let (day, week) = report_keys(occurred_at.date_naive());
    Ok(Checked {
        occurred_at,
        day,
        week,
        client_code,
        client_kind,
    })
}

/// The day and ISO week a record is reported under, from its local date.
pub fn report_keys(date: NaiveDate) -> (String, String) {
    let iso = date.iso_week();
    (
        date.format("%Y-%m-%d").to_string(),
        format!("{}-W{:02}", iso.year(), iso.week()),
    )
}

fn check_details(
    details: &Details,
    known: &KnownCodes,
    now: DateTime<Utc>,
) -> Result<(), Rejection> {
    match details {
        Details::Contact {
            primary_drug,
            service_acts,
            duration_minutes,
            form,
            head_count,
            ..
        } => {
            match (form, head_count) {
                (ContactForm::Group, None) => {
                    return Err(reject("head_count", RecordProblem::Required));
                }
                (ContactForm::Group, Some(count)) => {
                    range("head_count", *count, 2, HEAD_COUNT_MAX)?
                }
                (_, Some(_)) => {
                    return Err(reject(
                        "head_count",
                        RecordProblem::Malformed("no head count but for a group".into()),
                    ));
                }
                (_, None) => {}
            }
            text::check(primary_drug, false, DRUG_MAX)
                .map_err(|problem| reject("primary_drug", problem.into()))?;
            acts(service_acts, known)?;
            if let Some(minutes) = duration_minutes {
                range("duration_minutes", *minutes, 0, DURATION_MAX)?;
            }
        }
        Details::Exchange {
            target_group,
            materials,
            returned_syringes,
            service_acts,
            ..
        } => {
            if !target_group.uses_drugs() {
                return Err(reject("target_group", RecordProblem::NotForTargetGroup));
            }
            let mut seen = HashSet::new();
            for (index, given) in materials.iter().enumerate() {
                let field = format!("materials[{index}]");
                if !known.materials.contains(&given.material) || !seen.insert(&given.material) {
                    return Err(reject(field, RecordProblem::Unknown));
                }
                range(
                    &format!("{field}.count"),
                    given.count,
                    0,
                    MATERIAL_COUNT_MAX,
                )?;
            }
            range("returned_syringes", *returned_syringes, 0, RETURNED_MAX)?;
            if materials.iter().all(|given| given.count == 0) && *returned_syringes == 0 {
                return Err(reject("materials", RecordProblem::Required));
            }
            acts(service_acts, known)?;
        }
        Details::CrisisVisit {
            situation,
            police_record_at,
            children_present,
            follow_up_on,
            ..
        } => {
            match (situation, police_record_at) {
                (Situation::Eviction, None) => {
                    return Err(reject("police_record_at", RecordProblem::Required));
                }
                (_, Some(at)) => {
                    let at = timestamp("police_record_at", at)?;
                    if at.with_timezone(&Utc) > now + Duration::hours(FUTURE_LIMIT_HOURS) {
                        return Err(reject("police_record_at", RecordProblem::InFuture));
                    }
                }
                _ => {}
            }
            range("children_present", *children_present, 0, CHILDREN_MAX)?;
            if let Some(date) = follow_up_on {
                NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| {
                    reject(
                        "follow_up_on",
                        RecordProblem::Malformed("a date YYYY-MM-DD".into()),
                    )
                })?;
            }
        }
        Details::FoundSyringes { count } => range("count", *count, 1, FOUND_MAX)?,
    }
    Ok(())
}

fn acts(service_acts: &[String], known: &KnownCodes) -> Result<(), Rejection> {
    let mut seen = HashSet::new();
    for (index, act) in service_acts.iter().enumerate() {
        if !known.service_acts.contains(act) || !seen.insert(act) {
            return Err(reject(
                format!("service_acts[{index}]"),
                RecordProblem::Unknown,
            ));
        }
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::kinds::{MaterialCount, TargetGroup};

    fn known() -> KnownCodes {
        KnownCodes {
            localities: ["centrum".to_string()].into(),
            service_acts: ["poradenstvi".to_string(), "test-hcv".to_string()].into(),
            materials: ["strikacky".to_string(), "filtry".to_string()].into(),
        }
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-21T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn exchange(materials: Vec<MaterialCount>, returned: i64) -> Record {
        Record {
            id: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
            revision: 0,
            occurred_at: "2026-11-21T09:30:00+01:00".into(),
            locality: "centrum".into(),
            client: Client::Code("lud07tom08".into()),
            note: String::new(),
            details: Details::Exchange {
                first_contact: false,
                target_group: TargetGroup::InjectingUser,
                materials,
                returned_syringes: returned,
                service_acts: vec!["poradenstvi".into()],
            },
        }
    }

    fn given(material: &str, count: i64) -> MaterialCount {
        MaterialCount {
            material: material.into(),
            count,
        }
    }

    fn field_of(record: &Record) -> String {
        check(record, &known(), now()).unwrap_err().field
    }

    #[test]
    fn a_good_exchange_passes_with_its_report_keys() {
        let checked = check(&exchange(vec![given("strikacky", 10)], 8), &known(), now()).unwrap();
        assert_eq!(checked.day, "2026-11-21");
        assert_eq!(checked.week, "2026-W47");
        assert_eq!(checked.client_code.as_deref(), Some("LUD07TOM08"));
        assert_eq!(checked.client_kind, "code");
    }

    #[test]
    fn the_day_is_the_workers_local_day_not_utc() {
        let mut record = exchange(vec![given("strikacky", 1)], 0);
        record.occurred_at = "2026-11-21T00:30:00+01:00".into();
        assert_eq!(check(&record, &known(), now()).unwrap().day, "2026-11-21");
    }

    #[test]
    fn negative_and_absurd_counts_are_refused_naming_the_field() {
        assert_eq!(
            field_of(&exchange(vec![given("strikacky", -1)], 0)),
            "materials[0].count"
        );
        assert_eq!(
            field_of(&exchange(vec![given("strikacky", 1001)], 0)),
            "materials[0].count"
        );
        assert_eq!(
            field_of(&exchange(vec![given("strikacky", 1)], -3)),
            "returned_syringes"
        );
        assert_eq!(field_of(&exchange(vec![], 0)), "materials");
    }

    #[test]
    fn returned_syringes_cannot_be_negative() {
        let error = check(&exchange(vec![given("strikacky", 5)], -1), &known(), now()).unwrap_err();
        assert_eq!(
            error.problem,
            RecordProblem::OutOfRange {
                min: 0,
                max: RETURNED_MAX
            }
        );
    }

    #[test]
    fn unknown_codes_from_the_lists_are_refused() {
        assert_eq!(
            field_of(&exchange(vec![given("heroin", 1)], 0)),
            "materials[0]"
        );
        let mut record = exchange(vec![given("strikacky", 1)], 0);
        record.locality = "mars".into();
        assert_eq!(field_of(&record), "locality");
        if let Details::Exchange { service_acts, .. } = &mut record.details {
            service_acts.push("astrologie".into());
        }
        record.locality = "centrum".into();
        assert_eq!(field_of(&record), "service_acts[1]");
    }

    #[test]
    fn dates_in_the_far_future_or_past_are_refused() {
        let mut record = exchange(vec![given("strikacky", 1)], 0);
        record.occurred_at = "2026-11-22T13:00:00+01:00".into();
        assert!(
            check(&record, &known(), now()).is_ok(),
            "a clock a few hours ahead is fine"
        );
        record.occurred_at = "2026-11-23T12:00:00+01:00".into();
        assert_eq!(
            check(&record, &known(), now()).unwrap_err().problem,
            RecordProblem::InFuture
        );
        record.occurred_at = "2023-11-21T12:00:00+01:00".into();
        assert_eq!(
            check(&record, &known(), now()).unwrap_err().problem,
            RecordProblem::TooOld
        );
        record.occurred_at = "21. 11. 2026".into();
        assert_eq!(field_of(&record), "occurred_at");
    }

    #[test]
    fn malformed_codes_ids_and_long_notes_are_refused() {
        let mut record = exchange(vec![given("strikacky", 1)], 0);
        record.client = Client::Code("LUD7TOM8".into());
        assert_eq!(field_of(&record), "client");
        record.client = Client::Anonymous;
        record.note = "x".repeat(NOTE_MAX + 1);
        assert_eq!(field_of(&record), "note");
        record.note = String::new();
        record.id = "not-a-uuid".into();
        assert_eq!(field_of(&record), "id");
    }

    #[test]
    fn an_eviction_needs_the_police_record_time() {
        let mut record = exchange(vec![], 0);
        record.details = Details::CrisisVisit {
            first_contact: false,
            situation: Situation::Eviction,
            police_record_at: None,
            place: crate::records::kinds::Place::Home,
            interventions: vec![],
            children_present: 0,
            follow_up_on: None,
        };
        assert_eq!(field_of(&record), "police_record_at");
        if let Details::CrisisVisit {
            police_record_at, ..
        } = &mut record.details
        {
            *police_record_at = Some("2026-11-20T22:00:00+01:00".into());
        }
        assert!(check(&record, &known(), now()).is_ok());
    }

    #[test]
    fn no_injecting_material_for_people_who_do_not_use_drugs() {
        for (group, allowed) in [
            (TargetGroup::InjectingUser, true),
            (TargetGroup::NonInjectingUser, true),
            (TargetGroup::FamilyOrClose, false),
            (TargetGroup::Other, false),
        ] {
            let mut record = exchange(vec![given("strikacky", 2)], 0);
            if let Details::Exchange { target_group, .. } = &mut record.details {
                *target_group = group;
            }
            match check(&record, &known(), now()) {
                Ok(_) => assert!(allowed, "{group:?} was given injecting material"),
                Err(rejection) => {
                    assert!(!allowed, "{group:?}: {rejection}");
                    assert_eq!(rejection.field, "target_group");
                    assert_eq!(rejection.problem, RecordProblem::NotForTargetGroup);
                }
            }
        }
    }

    #[test]
    fn a_crisis_visit_can_be_a_first_contact_and_is_stored_as_before_when_not() {
        let visit = |first_contact| Details::CrisisVisit {
            first_contact,
            situation: Situation::AcuteCrisis,
            police_record_at: None,
            place: crate::records::kinds::Place::Street,
            interventions: vec![],
            children_present: 0,
            follow_up_on: None,
        };
        assert!(visit(true).first_contact());
        assert!(!visit(false).first_contact());
        let stored_before = r#"{"kind":"crisis_visit","situation":"acute_crisis","police_record_at":null,"place":"street","interventions":[],"children_present":0,"follow_up_on":null}"#;
        assert_eq!(serde_json::to_string(&visit(false)).unwrap(), stored_before);
        let read: Details = serde_json::from_str(stored_before).unwrap();
        assert_eq!(read, visit(false));
    }

    #[test]
    fn a_group_contact_says_how_many_took_part_and_no_other_does() {
        let contact = |form, head_count| {
            let mut record = exchange(vec![], 0);
            record.details = Details::Contact {
                first_contact: false,
                target_group: TargetGroup::FamilyOrClose,
                primary_drug: String::new(),
                service_acts: vec![],
                duration_minutes: Some(60),
                form,
                head_count,
            };
            record
        };
        assert!(check(&contact(ContactForm::Group, Some(8)), &known(), now()).is_ok());
        assert!(check(&contact(ContactForm::Phone, None), &known(), now()).is_ok());
        for (form, head_count) in [
            (ContactForm::Group, None),
            (ContactForm::Group, Some(1)),
            (ContactForm::Group, Some(HEAD_COUNT_MAX + 1)),
            (ContactForm::InPerson, Some(3)),
        ] {
            assert_eq!(field_of(&contact(form, head_count)), "head_count");
        }
        // In person is the default, and not written out: stored contacts
        // still match a resend of themselves.
        let stored = serde_json::to_string(&contact(ContactForm::InPerson, None).details).unwrap();
        assert!(
            !stored.contains("form") && !stored.contains("head_count"),
            "{stored}"
        );
    }

    #[test]
    fn found_syringes_need_at_least_one() {
        let mut record = exchange(vec![], 0);
        record.details = Details::FoundSyringes { count: 0 };
        assert_eq!(field_of(&record), "count");
    }

    #[test]
    fn uuids_are_recognised() {
        assert!(is_uuid("0f8fad5b-d9cb-469f-a165-70867728950e"));
        assert!(!is_uuid("0F8FAD5B-D9CB-469F-A165-70867728950E"));
        assert!(!is_uuid("0f8fad5bd9cb469fa16570867728950e"));
    }
}
