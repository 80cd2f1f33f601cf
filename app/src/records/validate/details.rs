//! The checks each kind of record's details get: counts in range, codes
//! from the admin's lists, links to cases by id. Whether a kind belongs to
//! the record's service is [`super::service`]'s question.

use super::{
    is_uuid, range, reject, timestamp, KnownCodes, RecordProblem, Rejection, CHILDREN_MAX,
    DRUG_MAX, DURATION_MAX, FOUND_MAX, FUTURE_LIMIT_HOURS, HEAD_COUNT_MAX, MATERIAL_COUNT_MAX,
    RETURNED_MAX,
};
use crate::records::casework::CASE_NUMBER_MAX;
use crate::records::kinds::{target_group, ContactForm, Details, Situation};
use crate::text;
use chrono::{DateTime, Duration, Utc};
use std::collections::HashSet;

pub(super) fn check_details(
    details: &Details,
    known: &KnownCodes,
    now: DateTime<Utc>,
) -> Result<(), Rejection> {
    match details {
        Details::Contact {
            target_group,
            primary_drug,
            service_acts,
            duration_minutes,
            form,
            head_count,
            ..
        } => {
            group(target_group, known)?;
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
            duration_minutes,
            ..
        } => {
            if let Some(minutes) = duration_minutes {
                range("duration_minutes", *minutes, 0, DURATION_MAX)?;
            }
            group(target_group, known)?;
            if !target_group::uses_drugs(target_group) {
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
            place,
            interventions,
            children_present,
            follow_up_on,
            case,
            ..
        } => {
            if !known.places.contains(place) {
                return Err(reject("place", RecordProblem::Unknown));
            }
            codes_in("interventions", interventions, &known.interventions)?;
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
            case_link("case", case.as_deref())?;
            if let Some(date) = follow_up_on {
                crate::dates::parse_ymd(date).ok_or_else(|| {
                    reject(
                        "follow_up_on",
                        RecordProblem::Malformed("a date YYYY-MM-DD".into()),
                    )
                })?;
            }
        }
        Details::FoundSyringes { count } => range("count", *count, 1, FOUND_MAX)?,
        Details::Case(case) => {
            text::check(&case.number, true, CASE_NUMBER_MAX)
                .map_err(|problem| reject("number", problem.into()))?;
            let received = timestamp("received_at", &case.received_at)?;
            if received.with_timezone(&Utc) > now + Duration::hours(FUTURE_LIMIT_HOURS) {
                return Err(reject("received_at", RecordProblem::InFuture));
            }
            if let Some(date) = &case.police_record_on {
                crate::dates::parse_ymd(date).ok_or_else(|| {
                    reject(
                        "police_record_on",
                        RecordProblem::Malformed("a date YYYY-MM-DD".into()),
                    )
                })?;
            }
            range("children", case.children, 0, CHILDREN_MAX)?;
            if !known.relations.contains(&case.relation) {
                return Err(reject("relation", RecordProblem::Unknown));
            }
            case_link("repeat_of", case.repeat_of.as_deref())?;
            if let Some(code) = &case.target_group {
                group(code, known)?;
            }
        }
        Details::Offer { case, .. } => case_link("case", Some(case))?,
        Details::Consultation {
            case,
            service_acts,
            duration_minutes,
            ..
        } => {
            case_link("case", case.as_deref())?;
            acts(service_acts, known)?;
            if let Some(minutes) = duration_minutes {
                range("duration_minutes", *minutes, 0, DURATION_MAX)?;
            }
        }
        // The reason is one of the law's four, or the record would not decode.
        Details::Refusal { .. } | Details::MissedMeeting { .. } => {}
    }
    Ok(())
}

/// A case is named by its id; whether it exists is the reports' concern (a
/// phone may log an offer in a case another device opened and has not yet
/// sent), and a link to no case counts for none.
fn case_link(field: &str, case: Option<&str>) -> Result<(), Rejection> {
    match case {
        Some(id) if !is_uuid(id) => Err(reject(field, RecordProblem::Malformed("a UUID".into()))),
        _ => Ok(()),
    }
}

fn group(code: &str, known: &KnownCodes) -> Result<(), Rejection> {
    if known.target_groups.contains(code) {
        Ok(())
    } else {
        Err(reject("target_group", RecordProblem::Unknown))
    }
}

fn acts(service_acts: &[String], known: &KnownCodes) -> Result<(), Rejection> {
    codes_in("service_acts", service_acts, &known.service_acts)
}

/// Each code from the list, and none twice (the phone's chips toggle).
fn codes_in(field: &str, given: &[String], list: &HashSet<String>) -> Result<(), Rejection> {
    let mut seen = HashSet::new();
    for (index, code) in given.iter().enumerate() {
        if !list.contains(code) || !seen.insert(code) {
            return Err(reject(format!("{field}[{index}]"), RecordProblem::Unknown));
        }
    }
    Ok(())
}
