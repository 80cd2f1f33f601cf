//! The intervention centre's parts of the record form: opening a case when
//! the police record arrives, an offer of help in a case, and a
//! consultation. The cases to pick from are the service's recent ones the
//! phone fetched with the lists, and the ones opened on this phone and not
//! sent yet.

use super::chip::Chip;
use super::form::{local_input_to_rfc3339, rfc3339_to_local_input};
use super::stepper::Stepper;
use super::I18n;
use crate::catalogue::{CaseRef, ListKind};
use crate::i18n::*;
use crate::records::casework::case_number;
use crate::records::kinds::{
    CaseDetails, ClientRole, ConsultationForm, ConsultationType, Details, Kind, OfferMethod,
    OfferOutcome,
};
use crate::records::labels::{
    client_role_name, consultation_form_name, consultation_type_name, offer_method_name,
    offer_outcome_name,
};
use crate::records::validate;
use crate::sync::engine::use_sync;
use chrono::{DateTime, Datelike, Local, Utc};
use leptos::prelude::*;

/// What the worker has filled in so far, for any of the three kinds.
#[derive(Clone, Copy)]
pub(super) struct Casework {
    case: RwSignal<String>,
    number: RwSignal<String>,
    received_at: RwSignal<String>,
    police_on: RwSignal<String>,
    children: RwSignal<i64>,
    relation: RwSignal<String>,
    repeat_of: RwSignal<String>,
    method: RwSignal<Option<OfferMethod>>,
    outcome: RwSignal<Option<OfferOutcome>>,
    topic: RwSignal<Option<ConsultationType>>,
    form: RwSignal<Option<ConsultationForm>>,
    role: RwSignal<ClientRole>,
    duration: RwSignal<i64>,
}

impl Casework {
    pub(super) fn new() -> Self {
        Casework {
            case: RwSignal::new(String::new()),
            number: RwSignal::new(String::new()),
            received_at: RwSignal::new(String::new()),
            police_on: RwSignal::new(String::new()),
            children: RwSignal::new(0),
            relation: RwSignal::new(String::new()),
            repeat_of: RwSignal::new(String::new()),
            method: RwSignal::new(None),
            outcome: RwSignal::new(None),
            topic: RwSignal::new(None),
            form: RwSignal::new(None),
            role: RwSignal::new(ClientRole::default()),
            duration: RwSignal::new(0),
        }
    }

    /// A new case is received now unless the worker says otherwise.
    pub(super) fn start(&self, now: &str) {
        self.received_at.set(now.to_owned());
    }

    /// Fills the fields from a record being edited.
    pub(super) fn fill(&self, details: &Details) {
        match details {
            Details::Case(case) => {
                self.number.set(case.number.clone());
                self.received_at
                    .set(rfc3339_to_local_input(&case.received_at));
                self.police_on
                    .set(case.police_record_on.clone().unwrap_or_default());
                self.children.set(case.children);
                self.relation.set(case.relation.clone());
                self.repeat_of
                    .set(case.repeat_of.clone().unwrap_or_default());
            }
            Details::Offer {
                case,
                method,
                outcome,
            } => {
                self.case.set(case.clone());
                self.method.set(Some(*method));
                self.outcome.set(Some(*outcome));
            }
            Details::Consultation {
                case,
                topic,
                form,
                role,
                duration_minutes,
                ..
            } => {
                self.case.set(case.clone().unwrap_or_default());
                self.topic.set(Some(*topic));
                self.form.set(Some(*form));
                self.role.set(*role);
                self.duration.set(duration_minutes.unwrap_or(0));
            }
            _ => {}
        }
    }

    /// The case a crisis visit is logged in, if one was picked.
    pub(super) fn picked_case(&self) -> Option<String> {
        Some(self.case.get_untracked()).filter(|case| !case.is_empty())
    }

    pub(super) fn set_case(&self, case: Option<String>) {
        self.case.set(case.unwrap_or_default());
    }

    /// The details as filled in; `required` names a missing answer, `id`
    /// is the record's own (a new case takes its number from it).
    pub(super) fn details(
        &self,
        i18n: I18n,
        kind: Kind,
        id: &str,
        service_acts: Vec<String>,
        required: impl Fn(&str) -> String,
    ) -> Result<Details, String> {
        match kind {
            Kind::Case => {
                let received_at = local_input_to_rfc3339(&self.received_at.get_untracked())
                    .ok_or_else(|| required(t_string!(i18n, rf_police_record_at)))?;
                let relation = self.relation.get_untracked();
                if relation.is_empty() {
                    return Err(required(t_string!(i18n, rf_relation)));
                }
                let number = match self.number.get_untracked() {
                    number if !number.is_empty() => number,
                    _ => {
                        let year = DateTime::parse_from_rfc3339(&received_at)
                            .map_or_else(|_| Utc::now().year(), |at| at.year());
                        case_number(year, id)
                    }
                };
                Ok(Details::Case(CaseDetails {
                    number,
                    received_at,
                    police_record_on: Some(self.police_on.get_untracked())
                        .filter(|date| !date.is_empty()),
                    children: self.children.get_untracked(),
                    relation,
                    repeat_of: Some(self.repeat_of.get_untracked()).filter(|id| !id.is_empty()),
                }))
            }
            Kind::Offer => Ok(Details::Offer {
                case: self
                    .picked_case()
                    .ok_or_else(|| required(t_string!(i18n, rf_case)))?,
                method: self
                    .method
                    .get_untracked()
                    .ok_or_else(|| required(t_string!(i18n, rf_offer_method)))?,
                outcome: self
                    .outcome
                    .get_untracked()
                    .ok_or_else(|| required(t_string!(i18n, rf_offer_outcome)))?,
            }),
            _ => Ok(Details::Consultation {
                case: self.picked_case(),
                topic: self
                    .topic
                    .get_untracked()
                    .ok_or_else(|| required(t_string!(i18n, rf_topic)))?,
                form: self
                    .form
                    .get_untracked()
                    .ok_or_else(|| required(t_string!(i18n, rf_cform)))?,
                role: self.role.get_untracked(),
                service_acts,
                duration_minutes: Some(self.duration.get_untracked()).filter(|m| *m > 0),
            }),
        }
    }
}

/// The cases a record of `service` can be logged in: those the phone
/// fetched and those opened here and not sent yet, newest first.
fn known_cases(service: Option<i64>) -> Vec<CaseRef> {
    let engine = use_sync();
    let mut cases: Vec<CaseRef> = engine.entries.with(|entries| {
        entries
            .iter()
            .filter_map(|entry| match &entry.record.details {
                Details::Case(case) => Some(CaseRef {
                    id: entry.record.id.clone(),
                    number: case.number.clone(),
                    service: entry.record.service.unwrap_or_default(),
                    received_at: case.received_at.clone(),
                    first_offer_utc: None,
                }),
                _ => None,
            })
            .collect::<Vec<_>>()
    });
    engine.catalogue.with(|catalogue| {
        for case in catalogue.iter().flat_map(|c| c.cases.iter()) {
            if !cases.iter().any(|known| known.id == case.id) {
                cases.push(case.clone());
            }
        }
    });
    cases.retain(|case| service.is_none_or(|service| case.service == service));
    cases.sort_by_key(|case| std::cmp::Reverse(received_utc(case)));
    cases
}

fn received_utc(case: &CaseRef) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(&case.received_at)
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

/// `VK-2026-4F7A · 21. 11. 14:05`, and how much of the 48 hours is left
/// while no offer is known.
fn case_label(i18n: I18n, case: &CaseRef) -> String {
    let Some(received) = received_utc(case) else {
        return case.number.clone();
    };
    let local = received.with_timezone(&Local);
    let mut label = format!("{} · {}", case.number, local.format("%-d. %-m. %H:%M"));
    if case.first_offer_utc.is_none() {
        let left =
            crate::records::casework::OFFER_WINDOW_HOURS - (Utc::now() - received).num_hours();
        if left > 0 {
            label.push_str(&format!(
                " · {}",
                t_string!(i18n, case_hours_left, hours = left)
            ));
        }
    }
    label
}

/// A choice of case: required for an offer, optional for a consultation
/// or visit, and for a new case the earlier case of the same household.
#[component]
pub(super) fn CasePicker(
    #[prop(into)] label: String,
    value: RwSignal<String>,
    service: Signal<Option<i64>>,
    /// A case cannot be its own earlier case.
    #[prop(optional)]
    except: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label>
            <span>{label}</span>
            <select name="case" prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="">{t!(i18n, rf_case_none)}</option>
                {move || {
                    let except = except.map(|id| id.get()).unwrap_or_default();
                    known_cases(service.get())
                        .into_iter()
                        .filter(|case| case.id != except)
                        .map(|case| {
                            let id = case.id.clone();
                            let selected = case.id.clone();
                            view! { <option value=id selected=move || value.get() == selected>{case_label(i18n, &case)}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

#[component]
pub(super) fn CaseFields(
    fields: Casework,
    service: Signal<Option<i64>>,
    own_id: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let relations = move || {
        engine.catalogue.with(|catalogue| {
            catalogue
                .iter()
                .flat_map(|c| c.offered(ListKind::Relation, None))
                .map(|item| (item.code.clone(), item.label.clone()))
                .collect::<Vec<_>>()
        })
    };
    let Casework {
        number,
        received_at,
        police_on,
        children,
        relation,
        repeat_of,
        ..
    } = fields;
    view! {
        {move || (!number.get().is_empty()).then(|| view! { <p class="muted">{t!(i18n, cases_number)} ": " {number.get()}</p> })}
        <label>
            <span>{t!(i18n, rf_police_record_at)}</span>
            <input type="datetime-local" name="received_at" prop:value=move || received_at.get() on:input=move |ev| received_at.set(event_target_value(&ev)) />
        </label>
        <label>
            <span>{t!(i18n, rf_police_record_on)}</span>
            <input type="date" name="police_record_on" prop:value=move || police_on.get() on:input=move |ev| police_on.set(event_target_value(&ev)) />
        </label>
        <Stepper label=t_string!(i18n, rf_children).to_string() value=children min=0 max=validate::CHILDREN_MAX />
        <fieldset>
            <legend>{t!(i18n, rf_relation)}</legend>
            <div class="chips">
                {move || relations().into_iter().map(|(code, label)| {
                    let pressed_code = code.clone();
                    view! { <Chip label pressed=Signal::derive(move || relation.get() == pressed_code) on_press=move || relation.set(code.clone()) /> }
                }).collect_view()}
            </div>
        </fieldset>
        <CasePicker label=t_string!(i18n, rf_repeat_of).to_string() value=repeat_of service except=own_id />
    }
}

#[component]
pub(super) fn OfferFields(fields: Casework, service: Signal<Option<i64>>) -> impl IntoView {
    let i18n = use_i18n();
    let Casework {
        case,
        method,
        outcome,
        ..
    } = fields;
    view! {
        <CasePicker label=t_string!(i18n, rf_case).to_string() value=case service />
        <fieldset>
            <legend>{t!(i18n, rf_offer_method)}</legend>
            <div class="chips">
                {OfferMethod::ALL.map(|value| view! {
                    <Chip label=offer_method_name(i18n, value) pressed=Signal::derive(move || method.get() == Some(value)) on_press=move || method.set(Some(value)) />
                })}
            </div>
        </fieldset>
        <fieldset>
            <legend>{t!(i18n, rf_offer_outcome)}</legend>
            <div class="chips">
                {OfferOutcome::ALL.map(|value| view! {
                    <Chip label=offer_outcome_name(i18n, value) pressed=Signal::derive(move || outcome.get() == Some(value)) on_press=move || outcome.set(Some(value)) />
                })}
            </div>
        </fieldset>
    }
}

#[component]
pub(super) fn ConsultationFields(fields: Casework, service: Signal<Option<i64>>) -> impl IntoView {
    let i18n = use_i18n();
    let Casework {
        case,
        topic,
        form,
        role,
        duration,
        ..
    } = fields;
    view! {
        <CasePicker label=t_string!(i18n, rf_case).to_string() value=case service />
        <fieldset>
            <legend>{t!(i18n, rf_topic)}</legend>
            <div class="chips">
                {ConsultationType::ALL.map(|value| view! {
                    <Chip label=consultation_type_name(i18n, value) pressed=Signal::derive(move || topic.get() == Some(value)) on_press=move || topic.set(Some(value)) />
                })}
            </div>
        </fieldset>
        <fieldset>
            <legend>{t!(i18n, rf_cform)}</legend>
            <div class="chips">
                {ConsultationForm::ALL.map(|value| view! {
                    <Chip label=consultation_form_name(i18n, value) pressed=Signal::derive(move || form.get() == Some(value)) on_press=move || form.set(Some(value)) />
                })}
            </div>
        </fieldset>
        <fieldset>
            <legend>{t!(i18n, rf_client_role)}</legend>
            <div class="chips">
                {ClientRole::ALL.map(|value| view! {
                    <Chip label=client_role_name(i18n, value) pressed=Signal::derive(move || role.get() == value) on_press=move || role.set(value) />
                })}
            </div>
        </fieldset>
        <Stepper label=t_string!(i18n, rf_duration).to_string() value=duration min=0 max=validate::DURATION_MAX />
    }
}

/// The case picker a crisis visit of an intervention centre shows.
#[component]
pub(super) fn VisitCase(fields: Casework, service: Signal<Option<i64>>) -> impl IntoView {
    let i18n = use_i18n();
    view! { <CasePicker label=t_string!(i18n, rf_case).to_string() value=fields.case service /> }
}
