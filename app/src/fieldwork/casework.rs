//! The intervention centre's parts of the record form: opening a case when
//! the police record arrives, an offer of help in a case, and a
//! consultation. The cases to pick from are the service's recent ones the
//! phone fetched with the lists, and the ones opened on this phone and not
//! sent yet.

use super::one_of::{index_of, OneOf};
use super::record_fields::{local_input_to_rfc3339, rfc3339_to_local_input};
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
use chrono::{DateTime, Datelike, Utc};
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
    // Indices into each type's `ALL` ([`OneOf`]).
    method: RwSignal<Option<usize>>,
    outcome: RwSignal<Option<usize>>,
    topic: RwSignal<Option<usize>>,
    form: RwSignal<Option<usize>>,
    role: RwSignal<Option<usize>>,
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
            role: RwSignal::new(index_of(&ClientRole::ALL, &ClientRole::default())),
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
                self.method.set(index_of(&OfferMethod::ALL, method));
                self.outcome.set(index_of(&OfferOutcome::ALL, outcome));
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
                self.topic.set(index_of(&ConsultationType::ALL, topic));
                self.form.set(index_of(&ConsultationForm::ALL, form));
                self.role.set(index_of(&ClientRole::ALL, role));
                self.duration.set(duration_minutes.unwrap_or(0));
            }
            _ => {}
        }
    }

    /// "Jako minule": how help was offered last time in the case; a
    /// consultation's type, form, the client's role and its length. Never
    /// the case or an offer's outcome.
    pub(super) fn as_last_time(&self, details: &Details) {
        match details {
            Details::Offer { method, .. } => self.method.set(index_of(&OfferMethod::ALL, method)),
            Details::Consultation {
                topic,
                form,
                role,
                duration_minutes,
                ..
            } => {
                self.topic.set(index_of(&ConsultationType::ALL, topic));
                self.form.set(index_of(&ConsultationForm::ALL, form));
                self.role.set(index_of(&ClientRole::ALL, role));
                self.duration.set(duration_minutes.unwrap_or(0));
            }
            _ => {}
        }
    }

    /// The case picked so far, tracked: what "Jako minule" looks in.
    pub(super) fn case_picked(&self) -> Option<String> {
        Some(self.case.get()).filter(|case| !case.is_empty())
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
                    // The form's target group chips answer it (RecordFields).
                    target_group: None,
                }))
            }
            Kind::Offer => Ok(Details::Offer {
                case: self
                    .picked_case()
                    .ok_or_else(|| required(t_string!(i18n, rf_case)))?,
                method: chosen(&OfferMethod::ALL, self.method)
                    .ok_or_else(|| required(t_string!(i18n, rf_offer_method)))?,
                outcome: chosen(&OfferOutcome::ALL, self.outcome)
                    .ok_or_else(|| required(t_string!(i18n, rf_offer_outcome)))?,
            }),
            _ => Ok(Details::Consultation {
                case: self.picked_case(),
                topic: chosen(&ConsultationType::ALL, self.topic)
                    .ok_or_else(|| required(t_string!(i18n, rf_topic)))?,
                form: chosen(&ConsultationForm::ALL, self.form)
                    .ok_or_else(|| required(t_string!(i18n, rf_cform)))?,
                role: chosen(&ClientRole::ALL, self.role).unwrap_or_default(),
                service_acts,
                duration_minutes: Some(self.duration.get_untracked()).filter(|m| *m > 0),
            }),
        }
    }
}

fn chosen<T: Copy>(all: &[T], index: RwSignal<Option<usize>>) -> Option<T> {
    index.get_untracked().and_then(|i| all.get(i).copied())
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
    // Newest first; the times carry one centre's offset, so text sorts.
    cases.sort_by(|a, b| b.received_at.cmp(&a.received_at));
    cases
}

fn received_utc(case: &CaseRef) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(&case.received_at)
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

/// `VK-2026-4F7A · 21. 11. 14:05` (the time as typed where the case was
/// opened), and how much of the 48 hours is left while no offer is known.
fn case_label(i18n: I18n, case: &CaseRef) -> String {
    let at = &case.received_at;
    let part = |range: std::ops::Range<usize>| at.get(range).unwrap_or_default();
    let mut label = format!(
        "{} · {}. {}. {}",
        case.number,
        part(8..10).trim_start_matches('0'),
        part(5..7).trim_start_matches('0'),
        part(11..16)
    );
    if case.first_offer_utc.is_none() {
        if let Some(received) = received_utc(case) {
            let left =
                crate::records::casework::OFFER_WINDOW_HOURS - (Utc::now() - received).num_hours();
            if left > 0 {
                // Put together here: an interpolated translation costs the
                // phone's download more than the sentence is worth.
                label.push_str(&format!(" · {} {left} h", t_string!(i18n, case_time_left)));
            }
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
                <option value="">{t_string!(i18n, rf_case_none)}</option>
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
        {move || (!number.get().is_empty()).then(|| view! { <p class="muted">{t_string!(i18n, cases_number)} ": " {number.get()}</p> })}
        <label>
            <span>{t_string!(i18n, rf_police_record_at)}</span>
            <input type="datetime-local" name="received_at" prop:value=move || received_at.get() on:input=move |ev| received_at.set(event_target_value(&ev)) />
        </label>
        <label>
            <span>{t_string!(i18n, rf_police_record_on)}</span>
            <input type="date" name="police_record_on" prop:value=move || police_on.get() on:input=move |ev| police_on.set(event_target_value(&ev)) />
        </label>
        <Stepper label=t_string!(i18n, rf_children).to_string() value=children min=0 max=validate::CHILDREN_MAX />
        <fieldset>
            <legend>{t_string!(i18n, rf_relation)}</legend>
            {move || {
                let (codes, labels): (Vec<String>, Vec<String>) = relations().into_iter().unzip();
                let picked = codes.clone();
                view! {
                    <OneOf
                        labels
                        chosen=Signal::derive(move || index_of(&picked, &relation.get()))
                        on_choose=move |i: usize| relation.set(codes.get(i).cloned().unwrap_or_default())
                    />
                }
            }}
        </fieldset>
        <CasePicker label=t_string!(i18n, rf_repeat_of).to_string() value=repeat_of service except=own_id />
    }
}

#[component]
pub(super) fn OfferFields(
    fields: Casework,
    service: Signal<Option<i64>>,
    /// "Jako minule", right under the case it looks in.
    #[prop(into)]
    as_last_time: ViewFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let Casework {
        case,
        method,
        outcome,
        ..
    } = fields;
    view! {
        <CasePicker label=t_string!(i18n, rf_case).to_string() value=case service />
        {as_last_time.run()}
        <fieldset>
            <legend>{t_string!(i18n, rf_offer_method)}</legend>
            <OneOf labels=OfferMethod::ALL.map(|v| offer_method_name(i18n, v)).to_vec() chosen=method on_choose=move |i| method.set(Some(i)) />
        </fieldset>
        <fieldset>
            <legend>{t_string!(i18n, rf_offer_outcome)}</legend>
            <OneOf labels=OfferOutcome::ALL.map(|v| offer_outcome_name(i18n, v)).to_vec() chosen=outcome on_choose=move |i| outcome.set(Some(i)) />
        </fieldset>
    }
}

#[component]
pub(super) fn ConsultationFields(
    fields: Casework,
    service: Signal<Option<i64>>,
    /// "Jako minule", right under the case it looks in.
    #[prop(into)]
    as_last_time: ViewFn,
) -> impl IntoView {
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
        {as_last_time.run()}
        <fieldset>
            <legend>{t_string!(i18n, rf_topic)}</legend>
            <OneOf labels=ConsultationType::ALL.map(|v| consultation_type_name(i18n, v)).to_vec() chosen=topic on_choose=move |i| topic.set(Some(i)) />
        </fieldset>
        <fieldset>
            <legend>{t_string!(i18n, rf_cform)}</legend>
            <OneOf labels=ConsultationForm::ALL.map(|v| consultation_form_name(i18n, v)).to_vec() chosen=form on_choose=move |i| form.set(Some(i)) />
        </fieldset>
        <fieldset>
            <legend>{t_string!(i18n, rf_client_role)}</legend>
            <OneOf labels=ClientRole::ALL.map(|v| client_role_name(i18n, v)).to_vec() chosen=role on_choose=move |i| role.set(Some(i)) />
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
