//! The record form: one form for all kinds; the kind decides which parts
//! show. The locality is remembered from the last record; what describes
//! a returning client carries from their last record, and what describes
//! the encounter repeats only through "Jako minule" ([`super::repeat`]).

use super::casework::{CaseFields, ConsultationFields, OfferFields, VisitCase};
use super::chip::Chip;
use super::client_basics::ClientBasicsFields;
use super::client_picker::{ClientMode, ClientPicker};
use super::crisis_visit::CrisisVisitFields;
use super::one_of::{index_of, OneOf};
use super::particulars::ParticularsFields;
use super::record_fields::RecordFields;
use super::repeat;
use super::service_choice::{preselected, remember, SERVICE_PARAM};
use super::stepper::Stepper;
use super::tests_done::TestsFields;
use crate::catalogue::ListKind;
use crate::i18n::*;
use crate::records::client_code::ClientCode;
use crate::records::kinds::{
    target_group, Client, ContactForm, Kind, MaterialCount, RefusalReason,
};
use crate::records::labels::{contact_form_name, kind_name, refusal_reason_name, rejection_text};
use crate::records::validate::{self, KnownCodes};
use crate::services::ServiceType;
use crate::sync::engine::use_sync;
use crate::sync::outbox::Entry;
use chrono::Utc;
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

const LAST_LOCALITY_KEY: &str = "teren.last_locality";

/// One form for all kinds; the kind decides which parts show.
#[component]
pub fn RecordForm(kind: Kind) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let query = use_query_map();
    let navigate = use_navigate();

    let fields = RecordFields::new(kind);
    let RecordFields {
        id,
        service,
        occurred_at,
        locality,
        mode,
        code,
        sex,
        birth_year,
        drug,
        district,
        origin,
        household,
        had_basics,
        note,
        first_contact,
        target_group,
        acts,
        duration,
        contact_form,
        head_count,
        materials,
        returned,
        crisis,
        casework,
        found,
        reason,
        particulars,
        tests,
        cancelled,
        ..
    } = fields;
    let problem = RwSignal::new(None::<String>);
    let loaded = RwSignal::new(false);

    // In the browser: fill in a record being edited, or the defaults of a new
    // one (now, the last locality). Runs again once the outbox has loaded.
    Effect::new(move |_| {
        if loaded.get_untracked() {
            return;
        }
        let editing = query.with(|q| q.get("upravit"));
        let entries_ready = engine.entries.with(|entries| !entries.is_empty());
        match editing {
            Some(edit_id) => {
                if !entries_ready {
                    return;
                }
                if let Some(entry) = engine.find(&edit_id).filter(Entry::is_editable) {
                    fields.fill(&entry.record);
                }
            }
            None => {
                fields.start(
                    query.with(|q| q.get(SERVICE_PARAM)?.parse().ok()),
                    crate::browser::stored(LAST_LOCALITY_KEY),
                );
            }
        }
        loaded.set(true);
    });

    // The type of the record's service, for the questions only it asks
    // and the list items meant for it.
    let service_type = Signal::derive(move || {
        let mine = engine.my_services()?;
        let id = service.get().or_else(|| preselected(&mine))?;
        mine.into_iter()
            .find(|s| s.id == id)
            .map(|s| s.service_type)
    });

    let new_record = move || loaded.get() && query.with(|q| q.get("upravit").is_none());
    // The service a saved record would carry.
    let chosen_service = move || {
        service
            .get()
            .or_else(|| preselected(&engine.my_services()?))
    };
    // The client's answers came from their last record (shown, so the
    // worker sees where they came from).
    let carried = RwSignal::new(false);
    // What "Jako minule" filled in, as the worker is shown it.
    let filled = RwSignal::new(None::<String>);

    // A new record starts with its service's usual target group, once the
    // record's service is known; nothing else of what was logged before.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || !new_record() {
            return done.unwrap_or(false);
        }
        let Some(service_type) = service_type.get() else {
            return false;
        };
        if let Some(group) = repeat::usual_group(service_type, kind) {
            untrack(|| fields.target_group.set(Some(group.to_owned())));
        }
        true
    });

    // A new exchange starts with its service's usual length, set again
    // only when the worker picks another service.
    if kind == Kind::Exchange {
        Effect::new(move |applied: Option<Option<i64>>| {
            let applied = applied.flatten();
            let new = new_record();
            let usual = engine.my_services().and_then(|mine| {
                let id = service.get().or_else(|| preselected(&mine))?;
                let service = mine.into_iter().find(|s| s.id == id)?;
                Some((id, service.exchange_minutes))
            });
            match usual {
                Some((id, minutes)) if new && applied != Some(id) => {
                    duration.set(minutes);
                    Some(id)
                }
                _ => applied,
            }
        });
    }

    let catalogue = engine.catalogue;
    let items = move |list: ListKind| {
        let service_type = service_type.get();
        catalogue.with(|catalogue| {
            catalogue
                .as_ref()
                .map(|catalogue| {
                    catalogue
                        .offered(list, service_type)
                        .map(|item| (item.code.clone(), item.label.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };

    let material_count = move |code: String| {
        RwSignal::new(materials.with_untracked(|given| {
            given
                .iter()
                .find(|m| m.material == code)
                .map_or(0, |m| m.count)
        }))
    };

    // The basics are asked while this phone knows nothing of the code in
    // this service.
    let typed_code = move || {
        (mode.get() == ClientMode::Code)
            .then(|| ClientCode::parse(&code.get()).ok())
            .flatten()
    };
    let ask_basics = Memo::new(move |_| {
        had_basics.get()
            || typed_code().is_some_and(|typed| {
                engine
                    .kept_basics(chosen_service(), typed.as_str())
                    .is_none()
            })
    });

    // A client picked or typed brings what describes them from their last
    // record in the service (repeat), once per code.
    Effect::new(move |applied: Option<Option<String>>| {
        let applied = applied.flatten();
        let Some(typed) = typed_code().filter(|_| new_record()) else {
            return applied;
        };
        if applied.as_deref() == Some(typed.as_str()) {
            return applied;
        }
        untrack(|| {
            let service = chosen_service();
            engine.entries.with(|entries| {
                if let Some(last) = repeat::last_of_client(entries, service, typed.as_str(), None) {
                    fields.carry_client(kind, last);
                    carried.set(true);
                }
            });
        });
        Some(typed.as_str().to_owned())
    });

    // The id of the record "Jako minule" would repeat: the client's (or,
    // for the intervention centre's offers and consultations, the case's)
    // newest record of this kind in the service.
    let earlier = Memo::new(move |_| {
        if !new_record() || !repeat::OFFERS_AS_LAST_TIME.contains(&kind) {
            return None;
        }
        let service = chosen_service();
        let case = matches!(kind, Kind::Offer | Kind::Consultation)
            .then(|| casework.case_picked())
            .flatten();
        let typed = typed_code();
        engine.entries.with(|entries| {
            match (&case, &typed) {
                (Some(case), _) => repeat::last_in_case(entries, case, kind),
                (None, Some(code)) => {
                    repeat::last_of_client(entries, service, code.as_str(), Some(kind))
                }
                (None, None) => None,
            }
            .map(|record| record.id.clone())
        })
    });

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Opened without a tile's choice: the one the start screen would
        // preselect; unknown yet, the server's choice.
        let fallback_service = untrack(|| engine.my_services()).and_then(|mine| preselected(&mine));
        let built = fields.build(i18n, kind, ask_basics.get_untracked(), fallback_service);
        let record = match built {
            Ok(record) => record,
            Err(message) => {
                problem.set(Some(message));
                return;
            }
        };
        let known = catalogue
            .with_untracked(|c| c.as_ref().map(KnownCodes::from_catalogue))
            .unwrap_or_default();
        let code = ClientCode::parse(match &record.client {
            Client::Code(code) => code,
            _ => "",
        })
        .ok();
        let kept = code
            .as_ref()
            .and_then(|code| engine.kept_basics(record.service, code.as_str()));
        let born = record
            .basics
            .and_then(|b| b.birth_year)
            .or(kept.and_then(|b| b.birth_year));
        if let Err(rejection) = validate::check(&record, &known, Utc::now())
            .and_then(|_| validate::material_age(&record, born))
        {
            problem.set(Some(rejection_text(i18n, &rejection)));
            return;
        }
        let _ = LocalStorage::set(LAST_LOCALITY_KEY, &record.locality);
        if let Some(service) = record.service {
            remember(service);
        }
        let given = code.zip(record.basics);
        let record_service = record.service;
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            if engine.save(record).await {
                if let Some((code, basics)) = given {
                    engine.keep_basics(record_service, code.as_str(), basics);
                }
                engine.just_saved.set(true);
                navigate("/", Default::default());
            } else if engine.storage_failed.get_untracked() {
                problem.set(Some(t_string!(i18n, warn_storage_failed).to_string()));
            } else {
                problem.set(Some(t_string!(i18n, wait_for_sync).to_string()));
            }
        });
    };

    let act_chips = move || {
        items(ListKind::ServiceAct)
            .into_iter()
            .map(|(act, label)| {
                let pressed_code = act.clone();
                view! {
                    <Chip
                        label
                        pressed=Signal::derive(move || acts.with(|a| a.contains(&pressed_code)))
                        on_press=move || acts.update(|a| {
                            if let Some(at) = a.iter().position(|x| *x == act) { a.remove(at); } else { a.push(act.clone()); }
                        })
                    />
                }
            })
            .collect_view()
    };
    let group_chips = move || {
        // Injecting material only for people who use drugs.
        let offered: Vec<(String, String)> = items(ListKind::TargetGroup)
            .into_iter()
            .filter(|(code, _)| kind != Kind::Exchange || target_group::uses_drugs(code))
            .collect();
        let (codes, labels): (Vec<String>, Vec<String>) = offered.into_iter().unzip();
        let chosen_among = codes.clone();
        view! {
            <OneOf
                labels
                chosen=Signal::derive(move || target_group.with(|g| g.as_ref().and_then(|g| index_of(&chosen_among, g))))
                on_choose=move |i: usize| target_group.set(codes.get(i).cloned())
            />
        }
    };
    let first_contact_chip = move || {
        view! {
            <Chip label=t_string!(i18n, first_contact).to_string() pressed=first_contact on_press=move || first_contact.update(|f| *f = !*f) />
        }
    };

    let record_service = Signal::derive(chosen_service);

    let label_of = move |list: ListKind, code: &str| {
        items(list)
            .into_iter()
            .find(|(item, _)| item == code)
            .map_or_else(|| code.to_owned(), |(_, label)| label)
    };
    // One view, rendered where the kind has its client or case.
    let as_last_time = ViewFn::from(move || {
        view! {
            <div class="chips as-last-time" hidden=move || earlier.with(Option::is_none)>
                    <button
                        type="button"
                        class="chip"
                        on:click=move |_| {
                            if let Some(last) = earlier.get_untracked().and_then(|id| engine.find(&id)).map(|entry| entry.record) {
                                fields.as_last_time(&last);
                                filled.set(Some(repeat::summary(i18n, &last, &label_of)));
                            }
                        }
                    >
                        {t_string!(i18n, rf_as_last_time)}
                    </button>
            </div>
            {move || filled.get().map(|text| view! { <p class="muted repeated" role="status">{text}</p> })}
        }
    });

    // Which service the record is for, said only where there is a choice.
    let service_line = move || {
        let mine = engine.my_services().filter(|mine| mine.len() > 1)?;
        let id = service.get().or_else(|| preselected(&mine))?;
        let name = mine.into_iter().find(|s| s.id == id)?.name;
        Some(view! { <p class="muted form-service">{t_string!(i18n, rf_service)} ": " {name}</p> })
    };

    view! {
        <section class="page record-form" data-kind=kind.as_str()>
            <h1>{kind_name(i18n, kind)}</h1>
            {service_line}
            <p class="muted carried" role="status" hidden=move || !carried.get()>{t_string!(i18n, rf_carried)}</p>
            <form on:submit=save novalidate>
                <label>
                    <span>{t_string!(i18n, rf_occurred_at)}</span>
                    <input type="datetime-local" name="occurred_at" prop:value=move || occurred_at.get() on:input=move |ev| occurred_at.set(event_target_value(&ev)) />
                </label>
                <label>
                    <span>{t_string!(i18n, rf_locality)}</span>
                    <select name="locality" prop:value=move || locality.get() on:change=move |ev| locality.set(event_target_value(&ev))>
                        <option value="">"—"</option>
                        {move || items(ListKind::Locality).into_iter().map(|(value, label)| {
                            let selected = value.clone();
                            view! { <option value=value selected=move || locality.get() == selected>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                {(!matches!(kind, Kind::FoundSyringes | Kind::Refusal | Kind::Offer)).then(|| view! {
                    <ClientPicker mode code />
                    <Show when=move || ask_basics.get()>
                        <ClientBasicsFields
                            sex
                            birth_year
                            primary_drug=drug
                            district
                            origin
                            household
                            drug_service=Signal::derive(move || service_type.get().is_some_and(|t| t.is_drug_service()))
                            halfway_house=Signal::derive(move || service_type.get() == Some(ServiceType::HalfwayHouse))
                        />
                    </Show>
                }.into_any())}
                {(!matches!(kind, Kind::Offer | Kind::Consultation)).then(|| as_last_time.run())}
                {matches!(kind, Kind::Contact | Kind::Exchange).then(|| view! {
                    <fieldset>
                        <legend>{t_string!(i18n, rf_target_group)}</legend>
                        {group_chips}
                        <div class="chips">{first_contact_chip()}</div>
                    </fieldset>
                }.into_any())}
                {(kind == Kind::Case).then(|| view! {
                    <fieldset>
                        <legend>{t_string!(i18n, rf_endangered_group)}</legend>
                        {group_chips}
                    </fieldset>
                }.into_any())}
                {(kind == Kind::Exchange).then(|| view! {
                    <fieldset class="materials">
                        <legend>{t_string!(i18n, rf_materials)}</legend>
                        {move || {
                            // Rebuilt once an edited record is filled in,
                            // or last time's counts are ("Jako minule").
                            loaded.track();
                            filled.track();
                            items(ListKind::Material)
                        }.into_iter().map(|(material, label)| {
                            let value = material_count(material.clone());
                            let code = material.clone();
                            Effect::new(move |_| {
                                let count = value.get();
                                let code = code.clone();
                                materials.update(|given| {
                                    match given.iter_mut().find(|m| m.material == code) {
                                        Some(existing) => existing.count = count,
                                        None => given.push(MaterialCount { material: code, count }),
                                    }
                                });
                            });
                            view! { <Stepper label value min=0 max=validate::MATERIAL_COUNT_MAX /> }
                        }).collect_view()}
                        <Stepper label=t_string!(i18n, rf_returned).to_string() value=returned min=0 max=validate::RETURNED_MAX />
                    </fieldset>
                    <Stepper label=t_string!(i18n, rf_duration).to_string() value=duration min=0 max=validate::DURATION_MAX />
                }.into_any())}
                {(kind == Kind::Case).then(|| view! {
                    <CaseFields fields=casework service=record_service own_id=Signal::derive(move || id.get()) />
                })}
                {(kind == Kind::Offer).then(|| view! { <OfferFields fields=casework service=record_service as_last_time=as_last_time.clone() /> })}
                {(kind == Kind::Consultation).then(|| view! { <ConsultationFields fields=casework service=record_service as_last_time=as_last_time.clone() /> })}
                {matches!(kind, Kind::Contact | Kind::Exchange | Kind::Consultation).then(|| view! {
                    <fieldset>
                        <legend>{t_string!(i18n, rf_service_acts)}</legend>
                        <div class="chips">{act_chips}</div>
                    </fieldset>
                }.into_any())}
                {(kind == Kind::Contact).then(|| view! {
                    <fieldset>
                        <legend>{t_string!(i18n, rf_contact_form)}</legend>
                        <OneOf
                            labels=ContactForm::ALL.map(|form| contact_form_name(i18n, form)).to_vec()
                            chosen=Signal::derive(move || index_of(&ContactForm::ALL, &contact_form.get()))
                            on_choose=move |i: usize| contact_form.set(ContactForm::ALL.get(i).copied().unwrap_or_default())
                        />
                    </fieldset>
                    <Show when=move || contact_form.get() == ContactForm::Group>
                        <Stepper label=t_string!(i18n, rf_head_count).to_string() value=head_count min=2 max=validate::HEAD_COUNT_MAX />
                    </Show>
                    <Stepper label=t_string!(i18n, rf_duration).to_string() value=duration min=0 max=validate::DURATION_MAX />
                }.into_any())}
                {(kind == Kind::CrisisVisit).then(|| view! {
                    <div class="chips">{first_contact_chip()}</div>
                    <CrisisVisitFields
                        fields=crisis
                        places=Signal::derive(move || items(ListKind::Place))
                        offered=Signal::derive(move || items(ListKind::Intervention))
                    />
                    <Show when=move || service_type.get() == Some(ServiceType::InterventionCentre)>
                        <VisitCase fields=casework service=record_service />
                    </Show>
                }.into_any())}
                {matches!(kind, Kind::Contact | Kind::CrisisVisit).then(|| view! {
                    <ParticularsFields particulars service_type />
                })}
                {matches!(kind, Kind::Contact | Kind::Exchange).then(|| view! {
                    <Show when=move || service_type.get().is_some_and(|t| t.is_drug_service())>
                        <TestsFields tests />
                    </Show>
                })}
                {(kind == Kind::MissedMeeting).then(|| view! {
                    <fieldset>
                        <legend>{t_string!(i18n, rf_missed)}</legend>
                        <OneOf
                            labels=vec![t_string!(i18n, missed_cancelled).to_string(), t_string!(i18n, missed_no_show).to_string()]
                            chosen=Signal::derive(move || cancelled.get().map(|c| usize::from(!c)))
                            on_choose=move |i: usize| cancelled.set(Some(i == 0))
                        />
                    </fieldset>
                })}
                {(kind == Kind::FoundSyringes).then(|| view! {
                    <Stepper label=t_string!(i18n, rf_count).to_string() value=found min=1 max=validate::FOUND_MAX />
                })}
                {(kind == Kind::Refusal).then(|| view! {
                    <fieldset>
                        <legend>{t_string!(i18n, rf_refusal_reason)}</legend>
                        <p class="muted">{t_string!(i18n, refusal_help)}</p>
                        <OneOf
                            labels=RefusalReason::ALL.map(|why| refusal_reason_name(i18n, why)).to_vec()
                            chosen=Signal::derive(move || reason.get().and_then(|r| index_of(&RefusalReason::ALL, &r)))
                            on_choose=move |i: usize| reason.set(RefusalReason::ALL.get(i).copied())
                        />
                    </fieldset>
                })}
                <label>
                    <span>{t_string!(i18n, rf_note)}</span>
                    <textarea name="note" maxlength=validate::NOTE_MAX.to_string() rows="2" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    <small class="muted">{t_string!(i18n, note_warning)}</small>
                </label>
                {move || problem.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
                <button type="submit" class="primary save">{t_string!(i18n, save_record)}</button>
            </form>
        </section>
    }
}
