//! A returning client in a few taps: a new record starts with the answers
//! given last time. The worker's usual answers come from their last record
//! of the same kind in the same service (how a contact took place, the
//! acts, the materials, the place); the client's own come from the
//! client's last record in the service (target group, what only crisis
//! help asks of a person, the situation of a crisis visit). With no such
//! record on the phone, the service's pack says the usual target group.
//!
//! What happened only this time never repeats: a first contact, returned
//! syringes, tests, the note, a case's police record, an offer's outcome.

use super::record_fields::RecordFields;
use crate::records::kinds::{target_group, Client, Details, Kind, Record};
use crate::services::ServiceType;
use crate::sync::outbox::Entry;
use leptos::prelude::*;

/// The newest record of `kind` in `service` on this phone.
pub(super) fn last_of_kind(entries: &[Entry], service: Option<i64>, kind: Kind) -> Option<&Record> {
    entries
        .iter()
        .rev()
        .map(|entry| &entry.record)
        .find(|record| record.service == service && record.details.kind() == kind)
}

/// The client's newest record in `service`, of any kind.
pub(super) fn last_of_client<'a>(
    entries: &'a [Entry],
    service: Option<i64>,
    code: &str,
) -> Option<&'a Record> {
    entries
        .iter()
        .rev()
        .map(|entry| &entry.record)
        .find(|record| {
            record.service == service && matches!(&record.client, Client::Code(c) if c == code)
        })
}

/// The target group a new record of `kind` starts with in a service of
/// `service_type` before anything was logged there: the one the service
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

impl RecordFields {
    /// The worker's usual answers for a record of `kind`, from `last`.
    pub(super) fn repeat_usual(self, kind: Kind, last: &Record) {
        if last.details.kind() != kind {
            return;
        }
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
                self.particulars.update(|now| now.role = particulars.role);
            }
            // The length of an exchange is the service's setting.
            Details::Exchange {
                materials,
                service_acts,
                ..
            } => {
                self.materials.set(materials.clone());
                self.acts.set(service_acts.clone());
            }
            details @ (Details::Consultation { .. } | Details::Offer { .. }) => {
                if let Details::Consultation { service_acts, .. } = details {
                    self.acts.set(service_acts.clone());
                }
                self.casework.repeat(details);
            }
            details @ Details::CrisisVisit { particulars, .. } => {
                self.crisis.repeat_place(details);
                self.particulars.update(|now| now.role = particulars.role);
            }
            _ => {}
        }
    }

    /// The client's own answers for a record of `kind`, from their `last`
    /// record in the service; of the same kind, also its usual answers.
    pub(super) fn repeat_client(self, kind: Kind, last: &Record) {
        self.repeat_usual(kind, last);
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
            if let Details::Contact { particulars, .. } | Details::CrisisVisit { particulars, .. } =
                &last.details
            {
                self.particulars.update(|now| {
                    now.exploitation = particulars.exploitation;
                    now.citizenship = particulars.citizenship;
                    now.interpreter = particulars.interpreter;
                });
            }
        }
        if kind == Kind::CrisisVisit {
            self.crisis.repeat_situation(&last.details);
        }
    }
}
