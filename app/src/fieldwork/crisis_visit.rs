//! The crisis visit's part of the record form: situation, the police
//! record's time for an eviction, place, interventions, children in the
//! household and a follow-up date.

use super::chip::Chip;
use super::one_of::{index_of, OneOf};
use super::record_fields::{local_input_to_rfc3339, rfc3339_to_local_input};
use super::stepper::Stepper;
use super::I18n;
use crate::i18n::*;
use crate::records::kinds::{Details, Situation};
use crate::records::labels::situation_name;
use crate::records::validate;
use leptos::prelude::*;

/// What the worker has filled in so far.
#[derive(Clone, Copy)]
pub(super) struct CrisisVisit {
    situation: RwSignal<Option<Situation>>,
    police_at: RwSignal<String>,
    place: RwSignal<Option<String>>,
    interventions: RwSignal<Vec<String>>,
    children: RwSignal<i64>,
    follow_up: RwSignal<String>,
}

impl CrisisVisit {
    pub(super) fn new() -> Self {
        CrisisVisit {
            situation: RwSignal::new(None),
            police_at: RwSignal::new(String::new()),
            place: RwSignal::new(None),
            interventions: RwSignal::new(Vec::new()),
            children: RwSignal::new(0),
            follow_up: RwSignal::new(String::new()),
        }
    }

    /// Fills the fields from a record being edited.
    pub(super) fn fill(&self, details: &Details) {
        let Details::CrisisVisit {
            situation,
            police_record_at,
            place,
            interventions,
            children_present,
            follow_up_on,
            ..
        } = details
        else {
            return;
        };
        self.situation.set(Some(*situation));
        self.police_at.set(
            police_record_at
                .as_deref()
                .map(rfc3339_to_local_input)
                .unwrap_or_default(),
        );
        self.place.set(Some(place.clone()));
        self.interventions.set(interventions.clone());
        self.children.set(*children_present);
        self.follow_up.set(follow_up_on.clone().unwrap_or_default());
    }

    /// "Jako minule": the situation, place and interventions of the
    /// client's last visit. Never the police record's time, the children
    /// or a follow-up date.
    pub(super) fn as_last_time(&self, details: &Details) {
        if let Details::CrisisVisit {
            situation,
            place,
            interventions,
            ..
        } = details
        {
            self.situation.set(Some(*situation));
            self.place.set(Some(place.clone()));
            self.interventions.set(interventions.clone());
        }
    }

    /// The details as filled in; `required` names a missing choice.
    pub(super) fn details(
        &self,
        i18n: I18n,
        first_contact: bool,
        required: impl Fn(&str) -> String,
    ) -> Result<Details, String> {
        Ok(Details::CrisisVisit {
            first_contact,
            situation: self
                .situation
                .get_untracked()
                .ok_or_else(|| required(t_string!(i18n, rf_situation)))?,
            police_record_at: local_input_to_rfc3339(&self.police_at.get_untracked()),
            place: self
                .place
                .get_untracked()
                .ok_or_else(|| required(t_string!(i18n, rf_place)))?,
            interventions: self.interventions.get_untracked(),
            children_present: self.children.get_untracked(),
            follow_up_on: Some(self.follow_up.get_untracked()).filter(|date| !date.is_empty()),
            particulars: Default::default(),
            case: None,
        })
    }
}

/// `places` and `offered` (interventions) are the lists' items for the
/// record's service, as code and label.
#[component]
pub(super) fn CrisisVisitFields(
    fields: CrisisVisit,
    #[prop(into)] places: Signal<Vec<(String, String)>>,
    #[prop(into)] offered: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let CrisisVisit {
        situation,
        police_at,
        place,
        interventions,
        children,
        follow_up,
    } = fields;
    view! {
        <fieldset>
            <legend>{t_string!(i18n, rf_situation)}</legend>
            <OneOf
                labels=Situation::ALL.map(|value| situation_name(i18n, value)).to_vec()
                chosen=Signal::derive(move || situation.get().and_then(|s| index_of(&Situation::ALL, &s)))
                on_choose=move |i: usize| situation.set(Situation::ALL.get(i).copied())
            />
        </fieldset>
        <Show when=move || situation.get() == Some(Situation::Eviction)>
            <label>
                <span>{t_string!(i18n, rf_police_record_at)}</span>
                <input type="datetime-local" name="police_record_at" prop:value=move || police_at.get() on:input=move |ev| police_at.set(event_target_value(&ev)) />
            </label>
        </Show>
        <fieldset>
            <legend>{t_string!(i18n, rf_place)}</legend>
            {move || {
                let (codes, labels): (Vec<String>, Vec<String>) = places.get().into_iter().unzip();
                let chosen_among = codes.clone();
                view! {
                    <OneOf
                        labels
                        chosen=Signal::derive(move || place.with(|p| p.as_ref().and_then(|p| index_of(&chosen_among, p))))
                        on_choose=move |i: usize| place.set(codes.get(i).cloned())
                    />
                }
            }}
        </fieldset>
        <fieldset>
            <legend>{t_string!(i18n, rf_interventions)}</legend>
            <div class="chips">
                {move || offered.get().into_iter().map(|(code, label)| {
                    let pressed_code = code.clone();
                    view! {
                        <Chip
                            label
                            pressed=Signal::derive(move || interventions.with(|i| i.contains(&pressed_code)))
                            on_press=move || interventions.update(|i| {
                                if let Some(at) = i.iter().position(|x| *x == code) { i.remove(at); } else { i.push(code.clone()); }
                            })
                        />
                    }
                }).collect_view()}
            </div>
        </fieldset>
        <Stepper label=t_string!(i18n, rf_children).to_string() value=children min=0 max=validate::CHILDREN_MAX />
        <label>
            <span>{t_string!(i18n, rf_follow_up)}</span>
            <input type="date" name="follow_up_on" prop:value=move || follow_up.get() on:input=move |ev| follow_up.set(event_target_value(&ev)) />
        </label>
    }
}
