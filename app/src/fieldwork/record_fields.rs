//! The record form's answers: one signal per question of every kind,
//! filled from a record being edited and turned back into a record when
//! saved. The form ([`super::form`]) decides which of them it asks.

use super::casework::Casework;
use super::client_picker::ClientMode;
use super::crisis_visit::CrisisVisit;
use super::I18n;
use crate::dates;
use crate::i18n::*;
use crate::records::district::District;
use crate::records::kinds::{
    Client, ClientBasics, ContactForm, Details, Kind, MaterialCount, Origin, Particulars,
    PrimaryDrug, Record, RefusalReason, Sex, TestDone,
};
use crate::sync::outbox;
use chrono::{DateTime, Local, TimeZone};
use leptos::prelude::*;

/// `YYYY-MM-DDTHH:MM` (an `<input type="datetime-local">`) in the phone's
/// zone, as RFC 3339 with the offset.
pub(super) fn local_input_to_rfc3339(value: &str) -> Option<String> {
    let naive = dates::parse_local_input(value)?;
    let local = Local.from_local_datetime(&naive).earliest()?;
    Some(local.fixed_offset().to_rfc3339())
}

pub(super) fn rfc3339_to_local_input(value: &str) -> String {
    DateTime::parse_from_rfc3339(value)
        .map(|at| dates::local_input(at.with_timezone(&Local).naive_local()))
        .unwrap_or_default()
}

fn now_local_input() -> String {
    dates::local_input(Local::now().naive_local())
}

#[derive(Clone, Copy)]
pub(super) struct RecordFields {
    pub id: RwSignal<String>,
    pub service: RwSignal<Option<i64>>,
    pub occurred_at: RwSignal<String>,
    pub locality: RwSignal<String>,
    pub mode: RwSignal<ClientMode>,
    pub code: RwSignal<String>,
    pub sex: RwSignal<Option<Sex>>,
    pub birth_year: RwSignal<String>,
    pub drug: RwSignal<Option<PrimaryDrug>>,
    pub district: RwSignal<Option<District>>,
    pub origin: RwSignal<Option<Origin>>,
    pub household: RwSignal<String>,
    /// An edited record that carried the basics shows them again.
    pub had_basics: RwSignal<bool>,
    pub note: RwSignal<String>,
    pub first_contact: RwSignal<bool>,
    pub target_group: RwSignal<Option<String>>,
    pub acts: RwSignal<Vec<String>>,
    pub primary_drug: RwSignal<String>,
    pub duration: RwSignal<i64>,
    pub contact_form: RwSignal<ContactForm>,
    pub head_count: RwSignal<i64>,
    pub materials: RwSignal<Vec<MaterialCount>>,
    pub returned: RwSignal<i64>,
    pub crisis: CrisisVisit,
    pub casework: Casework,
    pub found: RwSignal<i64>,
    pub reason: RwSignal<Option<RefusalReason>>,
    pub particulars: RwSignal<Particulars>,
    pub tests: RwSignal<Vec<TestDone>>,
    pub cancelled: RwSignal<Option<bool>>,
}

impl RecordFields {
    pub fn new(kind: Kind) -> Self {
        Self {
            id: RwSignal::new(String::new()),
            service: RwSignal::new(None),
            occurred_at: RwSignal::new(String::new()),
            locality: RwSignal::new(String::new()),
            mode: RwSignal::new(match kind {
                Kind::Contact | Kind::Exchange | Kind::MissedMeeting => ClientMode::Code,
                _ => ClientMode::Anonymous,
            }),
            code: RwSignal::new(String::new()),
            sex: RwSignal::new(None),
            birth_year: RwSignal::new(String::new()),
            drug: RwSignal::new(None),
            district: RwSignal::new(None),
            origin: RwSignal::new(None),
            household: RwSignal::new(String::new()),
            had_basics: RwSignal::new(false),
            note: RwSignal::new(String::new()),
            first_contact: RwSignal::new(false),
            target_group: RwSignal::new(None),
            acts: RwSignal::new(Vec::new()),
            primary_drug: RwSignal::new(String::new()),
            duration: RwSignal::new(0),
            contact_form: RwSignal::new(ContactForm::InPerson),
            head_count: RwSignal::new(2),
            materials: RwSignal::new(Vec::new()),
            returned: RwSignal::new(0),
            crisis: CrisisVisit::new(),
            casework: Casework::new(),
            found: RwSignal::new(1),
            reason: RwSignal::new(None),
            particulars: RwSignal::new(Particulars::default()),
            tests: RwSignal::new(Vec::new()),
            cancelled: RwSignal::new(None),
        }
    }

    /// A new record: now, for the given service, at the last locality.
    pub fn start(self, service: Option<i64>, last_locality: Option<String>) {
        let now = now_local_input();
        self.service.set(service);
        self.casework.start(&now);
        self.occurred_at.set(now);
        if let Some(last) = last_locality {
            self.locality.set(last);
        }
    }

    /// A record being edited.
    pub fn fill(self, record: &Record) {
        self.id.set(record.id.clone());
        self.service.set(record.service);
        self.occurred_at
            .set(rfc3339_to_local_input(&record.occurred_at));
        self.locality.set(record.locality.clone());
        self.note.set(record.note.clone());
        match &record.client {
            Client::Code(value) => {
                self.mode.set(ClientMode::Code);
                self.code.set(value.clone());
            }
            Client::Anonymous => self.mode.set(ClientMode::Anonymous),
            Client::Ncc => self.mode.set(ClientMode::Ncc),
        }
        if let Some(basics) = record.basics {
            self.had_basics.set(true);
            self.sex.set(basics.sex);
            self.birth_year
                .set(basics.birth_year.map(|y| y.to_string()).unwrap_or_default());
            self.drug.set(basics.primary_drug);
            self.district.set(basics.district);
            self.origin.set(basics.origin);
            self.household
                .set(basics.household.map(|n| n.to_string()).unwrap_or_default());
        }
        match &record.details {
            Details::Contact {
                first_contact,
                target_group,
                primary_drug,
                service_acts,
                duration_minutes,
                form,
                head_count,
                particulars,
                tests,
            } => {
                self.tests.set(tests.clone());
                self.particulars.set(particulars.clone());
                self.first_contact.set(*first_contact);
                self.target_group.set(Some(target_group.clone()));
                self.primary_drug.set(primary_drug.clone());
                self.acts.set(service_acts.clone());
                self.duration.set(duration_minutes.unwrap_or(0));
                self.contact_form.set(*form);
                self.head_count.set(head_count.unwrap_or(2));
            }
            Details::Exchange {
                first_contact,
                target_group,
                materials,
                returned_syringes,
                service_acts,
                tests,
                duration_minutes,
            } => {
                self.duration.set(duration_minutes.unwrap_or(0));
                self.tests.set(tests.clone());
                self.first_contact.set(*first_contact);
                self.target_group.set(Some(target_group.clone()));
                self.materials.set(materials.clone());
                self.returned.set(*returned_syringes);
                self.acts.set(service_acts.clone());
            }
            details @ Details::CrisisVisit {
                first_contact,
                particulars,
                ..
            } => {
                self.first_contact.set(*first_contact);
                self.particulars.set(particulars.clone());
                self.crisis.fill(details);
                self.casework.set_case(details.case().map(str::to_owned));
            }
            details @ Details::Consultation { service_acts, .. } => {
                self.acts.set(service_acts.clone());
                self.casework.fill(details);
            }
            details @ Details::Case(case) => {
                self.target_group.set(case.target_group.clone());
                self.casework.fill(details);
            }
            details @ Details::Offer { .. } => self.casework.fill(details),
            Details::FoundSyringes { count } => self.found.set(*count),
            Details::Refusal { reason } => self.reason.set(Some(*reason)),
            Details::MissedMeeting { cancelled } => self.cancelled.set(Some(*cancelled)),
        }
    }

    /// The record the answers make, or what is missing. `ask_basics`: the
    /// client's basics were asked; `fallback_service`: the service a record
    /// opened without a tile's choice goes to.
    pub fn build(
        self,
        i18n: I18n,
        kind: Kind,
        ask_basics: bool,
        fallback_service: Option<i64>,
    ) -> Result<Record, String> {
        let required = |what: &str| format!("{what}: {}", t_string!(i18n, problem_required));
        let occurred = local_input_to_rfc3339(&self.occurred_at.get_untracked())
            .ok_or_else(|| required(t_string!(i18n, rf_occurred_at)))?;
        if self.locality.get_untracked().is_empty() {
            return Err(required(t_string!(i18n, rf_locality)));
        }
        let client = match self.mode.get_untracked() {
            ClientMode::Code => Client::Code(self.code.get_untracked().trim().to_ascii_uppercase()),
            ClientMode::Anonymous => Client::Anonymous,
            ClientMode::Ncc => Client::Ncc,
        };
        let group = || {
            self.target_group
                .get_untracked()
                .ok_or_else(|| required(t_string!(i18n, rf_target_group)))
        };
        let basics = if ask_basics && matches!(client, Client::Code(_)) {
            let year = self.birth_year.get_untracked();
            let year = year.trim();
            let given = ClientBasics {
                primary_drug: self.drug.get_untracked(),
                district: self.district.get_untracked(),
                origin: self.origin.get_untracked(),
                household: match self.household.get_untracked().trim() {
                    "" => None,
                    people => Some(people.parse().map_err(|_| {
                        format!(
                            "{}: {}",
                            t_string!(i18n, rf_household),
                            t_string!(i18n, rp_malformed)
                        )
                    })?),
                },
                sex: self.sex.get_untracked(),
                birth_year: if year.is_empty() {
                    None
                } else {
                    Some(year.parse().map_err(|_| {
                        format!(
                            "{}: {}",
                            t_string!(i18n, rf_birth_year),
                            t_string!(i18n, rp_malformed)
                        )
                    })?)
                },
            };
            (!given.is_empty()).then_some(given)
        } else {
            None
        };
        let record_id = match self.id.get_untracked() {
            id if id.is_empty() => outbox::new_uuid(),
            id => id,
        };
        let details = match kind {
            Kind::Case | Kind::Offer | Kind::Consultation => {
                let mut details = self.casework.details(
                    i18n,
                    kind,
                    &record_id,
                    self.acts.get_untracked(),
                    required,
                )?;
                if let Details::Case(case) = &mut details {
                    case.target_group = self.target_group.get_untracked();
                }
                details
            }
            Kind::Contact => {
                let form = self.contact_form.get_untracked();
                Details::Contact {
                    first_contact: self.first_contact.get_untracked(),
                    target_group: group()?,
                    primary_drug: self.primary_drug.get_untracked().trim().to_owned(),
                    service_acts: self.acts.get_untracked(),
                    duration_minutes: Some(self.duration.get_untracked())
                        .filter(|minutes| *minutes > 0),
                    form,
                    head_count: (form == ContactForm::Group)
                        .then(|| self.head_count.get_untracked()),
                    particulars: self.particulars.get_untracked(),
                    tests: self.tests.get_untracked(),
                }
            }
            Kind::Exchange => Details::Exchange {
                first_contact: self.first_contact.get_untracked(),
                target_group: group()?,
                materials: self
                    .materials
                    .get_untracked()
                    .into_iter()
                    .filter(|m| m.count != 0)
                    .collect(),
                returned_syringes: self.returned.get_untracked(),
                service_acts: self.acts.get_untracked(),
                tests: self.tests.get_untracked(),
                duration_minutes: Some(self.duration.get_untracked())
                    .filter(|minutes| *minutes > 0),
            },
            Kind::CrisisVisit => {
                let mut details =
                    self.crisis
                        .details(i18n, self.first_contact.get_untracked(), required)?;
                if let Details::CrisisVisit {
                    particulars, case, ..
                } = &mut details
                {
                    *particulars = self.particulars.get_untracked();
                    *case = self.casework.picked_case();
                }
                details
            }
            Kind::FoundSyringes => Details::FoundSyringes {
                count: self.found.get_untracked(),
            },
            Kind::MissedMeeting => Details::MissedMeeting {
                cancelled: self
                    .cancelled
                    .get_untracked()
                    .ok_or_else(|| required(t_string!(i18n, rf_missed)))?,
            },
            Kind::Refusal => Details::Refusal {
                reason: self
                    .reason
                    .get_untracked()
                    .ok_or_else(|| required(t_string!(i18n, rf_refusal_reason)))?,
            },
        };
        Ok(Record {
            id: record_id,
            // The outbox numbers the edits.
            revision: 0,
            service: self.service.get_untracked().or(fallback_service),
            occurred_at: occurred,
            locality: self.locality.get_untracked(),
            client,
            basics,
            note: self.note.get_untracked().trim().to_owned(),
            details,
        })
    }
}
