//! What one record counts: the `(measure, code, value)` triples a stored
//! record adds to the tallies, and the measures' names the reports read.

use crate::records::db::Row;
use crate::records::kinds::{wire_name, Details, Record};

/// What a stored record is, as far as tallies care.
#[derive(Debug, Clone)]
pub struct Fact<'a> {
    pub day: &'a str,
    pub locality: &'a str,
    pub service_id: i64,
    pub worker_id: i64,
    pub client_kind: &'a str,
    pub details: &'a Details,
}

impl<'a> Fact<'a> {
    /// What a stored row of `record` counts.
    pub fn of(row: &'a Row, record: &'a Record) -> Self {
        Fact {
            day: &row.day,
            locality: &row.locality,
            service_id: row.service_id,
            worker_id: row.worker_id,
            client_kind: row.client_kind,
            details: &record.details,
        }
    }
}

/// Measure names; `code` says which material, act or situation.
pub mod measure {
    /// Every record counts once here, under its kind of client (`code`):
    /// summed over the codes, this is also the count of records, which is
    /// why there is no measure of its own for that.
    pub const CLIENT_KIND: &str = "client_kind";
    pub const FIRST_CONTACTS: &str = "first_contacts";
    pub const MATERIAL: &str = "material";
    pub const RETURNED: &str = "returned";
    pub const ACT: &str = "act";
    pub const SITUATION: &str = "situation";
    pub const INTERVENTION: &str = "intervention";
    pub const FOUND: &str = "found";
    /// Minutes of direct work with clients (the contacts' durations).
    pub const MINUTES: &str = "minutes";
    /// Contacts by form (`code`: in person, phone, online, group).
    pub const CONTACT_FORM: &str = "contact_form";
    /// Refused applicants by reason (`code`).
    pub const REFUSAL: &str = "refusal";
    /// Contacts by the worker's role (social rehabilitation).
    pub const ROLE: &str = "role";
    /// Contacts and visits by form of exploitation and citizenship group,
    /// and those with an interpreter (crisis help).
    pub const EXPLOITATION: &str = "exploitation";
    pub const CITIZENSHIP: &str = "citizenship";
    pub const INTERPRETER: &str = "interpreter";
    /// Missed meetings (`code`: `cancelled` or `no_show`).
    pub const MISSED: &str = "missed";
    /// Tests by type and result (`code`: `hcv/positive`, `hiv/none`).
    pub const TEST: &str = "test";
    /// Offers of help in a case by how and what came of it (`code`:
    /// `phone/not_reached`).
    pub const OFFER: &str = "offer";
    /// Consultations by type and form (`code`: `legal/office`).
    pub const CONSULTATION: &str = "consultation";
}

/// The `(measure, code, value)` triples one record adds.
pub fn measures(fact: &Fact<'_>) -> Vec<(&'static str, String, i64)> {
    let mut out = vec![(measure::CLIENT_KIND, fact.client_kind.to_owned(), 1)];
    if fact.details.first_contact() {
        out.push((measure::FIRST_CONTACTS, String::new(), 1));
    }
    let acts = |acts: &[String], out: &mut Vec<_>| {
        let mut seen: Vec<&String> = Vec::new();
        for act in acts {
            if !seen.contains(&act) {
                seen.push(act);
                out.push((measure::ACT, act.clone(), 1));
            }
        }
    };
    match fact.details {
        Details::Contact {
            service_acts,
            duration_minutes,
            form,
            ..
        } => {
            acts(service_acts, &mut out);
            out.push((measure::CONTACT_FORM, wire_name(form), 1));
            if let Some(minutes) = duration_minutes.filter(|minutes| *minutes > 0) {
                out.push((measure::MINUTES, String::new(), minutes));
            }
        }
        Details::Exchange {
            materials,
            returned_syringes,
            service_acts,
            duration_minutes,
            ..
        } => {
            if let Some(minutes) = duration_minutes.filter(|minutes| *minutes > 0) {
                out.push((measure::MINUTES, String::new(), minutes));
            }
            let mut given: Vec<(String, i64)> = Vec::new();
            for item in materials {
                match given.iter_mut().find(|(code, _)| *code == item.material) {
                    Some((_, count)) => *count += item.count,
                    None => given.push((item.material.clone(), item.count)),
                }
            }
            out.extend(
                given
                    .into_iter()
                    .filter(|(_, count)| *count != 0)
                    .map(|(code, count)| (measure::MATERIAL, code, count)),
            );
            if *returned_syringes != 0 {
                out.push((measure::RETURNED, String::new(), *returned_syringes));
            }
            acts(service_acts, &mut out);
        }
        Details::CrisisVisit {
            situation,
            interventions,
            ..
        } => {
            out.push((measure::SITUATION, wire_name(situation), 1));
            let mut seen = Vec::new();
            for intervention in interventions {
                if !seen.contains(&intervention) {
                    seen.push(intervention);
                    out.push((measure::INTERVENTION, intervention.clone(), 1));
                }
            }
        }
        Details::FoundSyringes { count } => {
            if *count != 0 {
                out.push((measure::FOUND, String::new(), *count));
            }
        }
        Details::Refusal { reason } => out.push((measure::REFUSAL, wire_name(reason), 1)),
        Details::MissedMeeting { cancelled } => {
            let code = if *cancelled { "cancelled" } else { "no_show" };
            out.push((measure::MISSED, code.to_owned(), 1));
        }
        // What a case says is counted over cases, from the records.
        Details::Case(_) => {}
        Details::Offer {
            method, outcome, ..
        } => out.push((
            measure::OFFER,
            format!("{}/{}", wire_name(method), wire_name(outcome)),
            1,
        )),
        Details::Consultation {
            topic,
            form,
            service_acts,
            duration_minutes,
            ..
        } => {
            acts(service_acts, &mut out);
            out.push((
                measure::CONSULTATION,
                format!("{}/{}", wire_name(topic), wire_name(form)),
                1,
            ));
            if let Some(minutes) = duration_minutes.filter(|minutes| *minutes > 0) {
                out.push((measure::MINUTES, String::new(), minutes));
            }
        }
    }
    out.extend(
        fact.details
            .tests()
            .iter()
            .map(|done| (measure::TEST, done.code(), 1)),
    );
    if let Some(particulars) = fact.details.particulars() {
        if let Some(role) = &particulars.role {
            out.push((measure::ROLE, wire_name(role), 1));
        }
        if let Some(exploitation) = &particulars.exploitation {
            out.push((measure::EXPLOITATION, wire_name(exploitation), 1));
        }
        if let Some(citizenship) = &particulars.citizenship {
            out.push((measure::CITIZENSHIP, wire_name(citizenship), 1));
        }
        if particulars.interpreter {
            out.push((measure::INTERPRETER, String::new(), 1));
        }
    }
    out
}
