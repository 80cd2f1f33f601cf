//! A returning client in a few taps, without the same taps ever recording
//! something else because of what was logged before.
//!
//! A new record's answers split in two:
//! - what describes the **client** (target group, the form of
//!   exploitation, the citizenship group) carries from the client's last
//!   record in the service as soon as the code is picked ([`carry_client`]);
//! - what describes **this encounter** (acts, contact form, length,
//!   interpreter, materials, a consultation's type and form, an offer's
//!   method, a crisis visit's situation, place and interventions) always
//!   starts from the service's fixed defaults. Repeating it is the worker's
//!   one explicit tap, "Jako minule" ([`as_last_time`]), offered only where
//!   the client (or the case) has an earlier record of the same kind; it
//!   fills every encounter answer from that record and the form lists what
//!   it filled, so the worker confirms what they see.
//!
//! What happened only this time never repeats, not even through the tap:
//! a first contact, returned syringes, tests, the note, a case's police
//! record, an offer's outcome.
//!
//! [`carry_client`]: RecordFields::carry_client
//! [`as_last_time`]: RecordFields::as_last_time

use super::record_fields::RecordFields;
use super::I18n;
use crate::catalogue::ListKind;
use crate::i18n::*;
use crate::records::kinds::{target_group, Client, Details, Kind, Record};
use crate::records::labels::{
    client_role_name, consultation_form_name, consultation_type_name, contact_form_name,
    offer_method_name, role_name, situation_name,
};
use crate::services::ServiceType;
use crate::sync::outbox::Entry;
use leptos::prelude::*;

/// The kinds whose encounter "Jako minule" can repeat.
pub(super) const OFFERS_AS_LAST_TIME: [Kind; 5] = [
    Kind::Contact,
    Kind::Exchange,
    Kind::Consultation,
    Kind::Offer,
    Kind::CrisisVisit,
];

/// The client's newest record in `service`; of `kind` only, where given.
pub(super) fn last_of_client<'a>(
    entries: &'a [Entry],
    service: Option<i64>,
    code: &str,
    kind: Option<Kind>,
) -> Option<&'a Record> {
    entries
        .iter()
        .rev()
        .map(|entry| &entry.record)
        .find(|record| {
            record.service == service
                && kind.is_none_or(|kind| record.details.kind() == kind)
                && matches!(&record.client, Client::Code(c) if c == code)
        })
}

/// The newest record of `kind` in `case`: an intervention centre's
/// consultations and offers belong to a case, not to a client code.
pub(super) fn last_in_case<'a>(entries: &'a [Entry], case: &str, kind: Kind) -> Option<&'a Record> {
    entries
        .iter()
        .rev()
        .map(|entry| &entry.record)
        .find(|record| record.details.kind() == kind && record.details.case() == Some(case))
}

/// The target group a new record of `kind` starts with in a service of
/// `service_type` before the client says otherwise: the one the service
/// is for, where there is one.
pub(super) fn usual_group(service_type: ServiceType, kind: Kind) -> Option<&'static str> {
    use crate::services::packs;
    match (service_type, kind) {
        (ServiceType::InterventionCentre, Kind::Case) => Some(packs::ENDANGERED_GROUP),
        (ServiceType::HalfwayHouse, Kind::Contact) => Some(packs::LEAVING_CARE_GROUP),
        (ServiceType::ContactCentre | ServiceType::FieldProgramme, Kind::Exchange) => {
            Some(target_group::INJECTING_USER)
        }
        _ => None,
    }
}

/// What "Jako minule" filled in from `last`, in the worker's words:
/// `Vyplněno jako minule (3. 12.): Poradenství, Telefonicky, 30 min`.
/// `label` names a list item by its code.
pub(super) fn summary(
    i18n: I18n,
    last: &Record,
    label: &dyn Fn(ListKind, &str) -> String,
) -> String {
    let mut parts: Vec<String> = Vec::new();
    let labels = |list: ListKind, codes: &[String], parts: &mut Vec<String>| {
        parts.extend(codes.iter().map(|code| label(list, code)));
    };
    let minutes = |minutes: &Option<i64>| minutes.filter(|m| *m > 0).map(|m| format!("{m} min"));
    let interpreter = |with: bool| with.then(|| t_string!(i18n, rf_interpreter).to_string());
    match &last.details {
        Details::Contact {
            service_acts,
            duration_minutes,
            form,
            head_count,
            particulars,
            ..
        } => {
            labels(ListKind::ServiceAct, service_acts, &mut parts);
            parts.push(contact_form_name(i18n, *form));
            parts.extend(head_count.map(|n| format!("{}: {n}", t_string!(i18n, rf_head_count))));
            parts.extend(minutes(duration_minutes));
            parts.extend(particulars.role.map(|role| role_name(i18n, role)));
            parts.extend(interpreter(particulars.interpreter));
        }
        Details::Exchange {
            materials,
            service_acts,
            duration_minutes,
            ..
        } => {
            parts.extend(
                materials
                    .iter()
                    .filter(|m| m.count != 0)
                    .map(|m| format!("{} {}", label(ListKind::Material, &m.material), m.count)),
            );
            labels(ListKind::ServiceAct, service_acts, &mut parts);
            parts.extend(minutes(duration_minutes));
        }
        Details::Consultation {
            topic,
            form,
            role,
            service_acts,
            duration_minutes,
            ..
        } => {
            parts.push(consultation_type_name(i18n, *topic));
            parts.push(consultation_form_name(i18n, *form));
            parts.push(client_role_name(i18n, *role));
            labels(ListKind::ServiceAct, service_acts, &mut parts);
            parts.extend(minutes(duration_minutes));
        }
        Details::Offer { method, .. } => parts.push(offer_method_name(i18n, *method)),
        Details::CrisisVisit {
            situation,
            place,
            interventions,
            particulars,
            ..
        } => {
            parts.push(situation_name(i18n, *situation));
            parts.push(label(ListKind::Place, place));
            labels(ListKind::Intervention, interventions, &mut parts);
            parts.extend(interpreter(particulars.interpreter));
        }
        _ => {}
    }
    // `2026-12-03T…` as the day and month a Czech reader writes.
    let at = &last.occurred_at;
    let part = |range: std::ops::Range<usize>| at.get(range).unwrap_or_default();
    format!(
        "{} ({}. {}.): {}",
        t_string!(i18n, rf_filled),
        part(8..10).trim_start_matches('0'),
        part(5..7).trim_start_matches('0'),
        parts.join(", ")
    )
}

impl RecordFields {
    /// What describes the client, for a record of `kind`, from their `last`
    /// record in the service (of any kind). Nothing about the encounter.
    pub(super) fn carry_client(self, kind: Kind, last: &Record) {
        let group = match &last.details {
            Details::Contact { target_group, .. } | Details::Exchange { target_group, .. } => {
                Some(target_group)
            }
            _ => None,
        };
        match kind {
            Kind::Contact => {
                if let Some(group) = group {
                    self.target_group.set(Some(group.clone()));
                }
            }
            // Injecting material only for people who use drugs.
            Kind::Exchange => {
                if let Some(group) = group.filter(|g| target_group::uses_drugs(g)) {
                    self.target_group.set(Some(group.clone()));
                }
            }
            _ => {}
        }
        if matches!(kind, Kind::Contact | Kind::CrisisVisit) {
            if let Some(theirs) = last.details.particulars() {
                self.particulars.update(|now| {
                    now.exploitation = theirs.exploitation;
                    now.citizenship = theirs.citizenship;
                });
            }
        }
    }

    /// Every answer about the encounter, from `last`, a record of the same
    /// kind: each one set, so the result is the same whatever the form
    /// held before the tap.
    pub(super) fn as_last_time(self, last: &Record) {
        match &last.details {
            Details::Contact {
                service_acts,
                duration_minutes,
                form,
                head_count,
                particulars,
                ..
            } => {
                self.acts.set(service_acts.clone());
                self.duration.set(duration_minutes.unwrap_or(0));
                self.contact_form.set(*form);
                self.head_count.set(head_count.unwrap_or(2));
                self.particulars.update(|now| {
                    now.role = particulars.role;
                    now.interpreter = particulars.interpreter;
                });
            }
            Details::Exchange {
                materials,
                service_acts,
                duration_minutes,
                ..
            } => {
                self.materials.set(materials.clone());
                self.acts.set(service_acts.clone());
                if let Some(minutes) = duration_minutes {
                    self.duration.set(*minutes);
                }
            }
            details @ (Details::Consultation { .. } | Details::Offer { .. }) => {
                if let Details::Consultation { service_acts, .. } = details {
                    self.acts.set(service_acts.clone());
                }
                self.casework.as_last_time(details);
            }
            details @ Details::CrisisVisit { particulars, .. } => {
                self.crisis.as_last_time(details);
                self.particulars.update(|now| {
                    now.role = particulars.role;
                    now.interpreter = particulars.interpreter;
                });
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::kinds::{ContactForm, MaterialCount, Particulars};

    fn entry(record: Record) -> Entry {
        Entry {
            record,
            state: crate::sync::outbox::EntryState::Pending,
            saved_at: "2026-12-01T09:00:00Z".into(),
        }
    }

    fn contact(code: &str, acts: &[&str], form: ContactForm, minutes: i64) -> Record {
        Record {
            id: format!("{code}-{}", acts.len()),
            revision: 0,
            service: Some(1),
            occurred_at: "2026-12-01T10:00:00+01:00".into(),
            locality: "centrum".into(),
            client: Client::Code(code.into()),
            basics: None,
            note: String::new(),
            details: Details::Contact {
                first_contact: true,
                target_group: "injecting_user".into(),
                primary_drug: String::new(),
                service_acts: acts.iter().map(|a| (*a).to_owned()).collect(),
                duration_minutes: Some(minutes),
                form,
                head_count: None,
                particulars: Particulars {
                    interpreter: true,
                    ..Particulars::default()
                },
                tests: Vec::new(),
            },
        }
    }

    #[test]
    fn the_client_is_found_by_code_service_and_kind() {
        let mut other_service = contact("LUD07TOM08", &["a"], ContactForm::Phone, 5);
        other_service.service = Some(2);
        let entries = vec![
            entry(contact(
                "LUD07TOM08",
                &["a", "b"],
                ContactForm::InPerson,
                30,
            )),
            entry(contact("CHA06LEN07", &["c"], ContactForm::Online, 10)),
            entry(other_service),
        ];
        let found = last_of_client(&entries, Some(1), "LUD07TOM08", Some(Kind::Contact));
        assert_eq!(found.map(|r| r.id.as_str()), Some("LUD07TOM08-2"));
        assert!(last_of_client(&entries, Some(1), "LUD07TOM08", Some(Kind::Exchange)).is_none());
        assert!(last_of_client(&entries, Some(3), "LUD07TOM08", None).is_none());
    }

    #[test]
    fn carrying_the_client_leaves_the_encounter_at_its_defaults() {
        let owner = Owner::new();
        owner.with(|| {
            let fields = RecordFields::new(Kind::Contact);
            let last = contact("LUD07TOM08", &["a", "b"], ContactForm::Phone, 45);
            fields.carry_client(Kind::Contact, &last);
            assert_eq!(
                fields.target_group.get_untracked().as_deref(),
                Some("injecting_user")
            );
            assert!(fields.acts.get_untracked().is_empty());
            assert_eq!(fields.contact_form.get_untracked(), ContactForm::InPerson);
            assert_eq!(fields.duration.get_untracked(), 0);
            assert!(!fields.particulars.get_untracked().interpreter);
        });
    }

    #[test]
    fn as_last_time_sets_every_encounter_answer_whatever_was_there() {
        let owner = Owner::new();
        owner.with(|| {
            let last = contact("LUD07TOM08", &["a"], ContactForm::Phone, 20);
            let fresh = RecordFields::new(Kind::Contact);
            fresh.as_last_time(&last);
            let used = RecordFields::new(Kind::Contact);
            used.acts.set(vec!["b".into(), "c".into()]);
            used.contact_form.set(ContactForm::Group);
            used.head_count.set(9);
            used.duration.set(120);
            used.materials.set(vec![MaterialCount {
                material: "x".into(),
                count: 1,
            }]);
            used.as_last_time(&last);
            for fields in [fresh, used] {
                assert_eq!(fields.acts.get_untracked(), vec!["a".to_owned()]);
                assert_eq!(fields.contact_form.get_untracked(), ContactForm::Phone);
                assert_eq!(fields.head_count.get_untracked(), 2);
                assert_eq!(fields.duration.get_untracked(), 20);
                assert!(fields.particulars.get_untracked().interpreter);
                // Once-only answers are not the tap's to give.
                assert!(!fields.first_contact.get_untracked());
            }
        });
    }
}
