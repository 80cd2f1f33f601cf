//! Logging on the phone: the start tiles, one form per kind, "my records",
//! and the sync status in the header.
//!
//! Built for one hand and a wet screen: every control is at least 48 px,
//! counts are steppers, choices are chips, the locality is remembered from
//! the last record, and a returning client is a tap on a recent code.

use super::client_code::ClientCode;
use super::engine::use_sync;
use super::kinds::{
    Client, Details, Intervention, Kind, MaterialCount, Place, Record, Situation, TargetGroup,
};
use super::outbox::{self, Entry, EntryState};
use super::validate::{self, KnownCodes, RecordProblem, Rejection};
use crate::catalogue::ListKind;
use crate::i18n::*;
use crate::ui::error_text;
use chrono::{DateTime, Local, NaiveDateTime, TimeZone, Utc};
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

type I18n = leptos_i18n::I18nContext<Locale>;

const LAST_LOCALITY_KEY: &str = "teren.last_locality";

/// The address of each kind's form.
pub fn form_path(kind: Kind) -> &'static str {
    match kind {
        Kind::Contact => "/zaznam/kontakt",
        Kind::Exchange => "/zaznam/vymena",
        Kind::CrisisVisit => "/zaznam/krize",
        Kind::FoundSyringes => "/zaznam/strikacky",
    }
}

pub fn kind_name(i18n: I18n, kind: Kind) -> String {
    match kind {
        Kind::Contact => t_string!(i18n, kind_contact).to_string(),
        Kind::Exchange => t_string!(i18n, kind_exchange).to_string(),
        Kind::CrisisVisit => t_string!(i18n, kind_crisis_visit).to_string(),
        Kind::FoundSyringes => t_string!(i18n, kind_found_syringes).to_string(),
    }
}

pub fn target_group_name(i18n: I18n, group: TargetGroup) -> String {
    match group {
        TargetGroup::InjectingUser => t_string!(i18n, tg_injecting_user).to_string(),
        TargetGroup::NonInjectingUser => t_string!(i18n, tg_non_injecting_user).to_string(),
        TargetGroup::FamilyOrClose => t_string!(i18n, tg_family_or_close).to_string(),
        TargetGroup::Other => t_string!(i18n, tg_other).to_string(),
    }
}

pub fn situation_name(i18n: I18n, situation: Situation) -> String {
    match situation {
        Situation::Eviction => t_string!(i18n, sit_eviction).to_string(),
        Situation::DomesticViolence => t_string!(i18n, sit_domestic_violence).to_string(),
        Situation::Trafficking => t_string!(i18n, sit_trafficking).to_string(),
        Situation::AcuteCrisis => t_string!(i18n, sit_acute_crisis).to_string(),
        Situation::Other => t_string!(i18n, sit_other).to_string(),
    }
}

fn place_name(i18n: I18n, place: Place) -> String {
    match place {
        Place::Home => t_string!(i18n, place_home).to_string(),
        Place::Hospital => t_string!(i18n, place_hospital).to_string(),
        Place::Shelter => t_string!(i18n, place_shelter).to_string(),
        Place::Police => t_string!(i18n, place_police).to_string(),
        Place::Street => t_string!(i18n, place_street).to_string(),
        Place::Other => t_string!(i18n, place_other).to_string(),
    }
}

fn intervention_name(i18n: I18n, intervention: Intervention) -> String {
    match intervention {
        Intervention::CrisisIntervention => t_string!(i18n, int_crisis_intervention).to_string(),
        Intervention::SafetyPlan => t_string!(i18n, int_safety_plan).to_string(),
        Intervention::ProtectiveMeasures => t_string!(i18n, int_protective_measures).to_string(),
        Intervention::CriminalProceedings => t_string!(i18n, int_criminal_proceedings).to_string(),
        Intervention::ReferralShelter => t_string!(i18n, int_referral_shelter).to_string(),
        Intervention::ReferralPolice => t_string!(i18n, int_referral_police).to_string(),
        Intervention::ReferralPsychologist => {
            t_string!(i18n, int_referral_psychologist).to_string()
        }
        Intervention::ReferralLawyer => t_string!(i18n, int_referral_lawyer).to_string(),
        Intervention::Accompanying => t_string!(i18n, int_accompanying).to_string(),
    }
}

/// A sentence for a refused record, naming the field in the worker's words.
pub fn rejection_text(i18n: I18n, rejection: &Rejection) -> String {
    let field = rejection.field.split(['[', '.']).next().unwrap_or_default();
    let field = match field {
        "occurred_at" => t_string!(i18n, rf_occurred_at).to_string(),
        "locality" => t_string!(i18n, rf_locality).to_string(),
        "client" => t_string!(i18n, rf_client).to_string(),
        "note" => t_string!(i18n, rf_note).to_string(),
        "materials" => t_string!(i18n, rf_materials).to_string(),
        "returned_syringes" => t_string!(i18n, rf_returned).to_string(),
        "service_acts" => t_string!(i18n, rf_service_acts).to_string(),
        "police_record_at" => t_string!(i18n, rf_police_record_at).to_string(),
        "children_present" => t_string!(i18n, rf_children).to_string(),
        "count" => t_string!(i18n, rf_count).to_string(),
        "duration_minutes" => t_string!(i18n, rf_duration).to_string(),
        other => other.to_owned(),
    };
    let problem = match &rejection.problem {
        RecordProblem::Malformed(_) => t_string!(i18n, rp_malformed).to_string(),
        RecordProblem::OutOfRange { min, max } => {
            let (min, max) = (*min, *max);
            t_string!(i18n, rp_out_of_range, min, max).to_string()
        }
        RecordProblem::Unknown => t_string!(i18n, rp_unknown).to_string(),
        RecordProblem::InFuture => t_string!(i18n, rp_in_future).to_string(),
        RecordProblem::TooOld => t_string!(i18n, rp_too_old).to_string(),
        RecordProblem::TooLong { max } => {
            let max = *max;
            t_string!(i18n, problem_too_long, max).to_string()
        }
        RecordProblem::Required => t_string!(i18n, problem_required).to_string(),
        RecordProblem::Conflict => t_string!(i18n, rp_conflict).to_string(),
    };
    format!("{field}: {problem}")
}

/// "14:05" or "21. 11. 14:05" for an RFC 3339 time, in the phone's zone.
fn local_time(at: &str) -> String {
    let Ok(at) = DateTime::parse_from_rfc3339(at) else {
        return at.to_owned();
    };
    let local = at.with_timezone(&Local);
    if local.date_naive() == Local::now().date_naive() {
        local.format("%H:%M").to_string()
    } else {
        local.format("%-d. %-m. %H:%M").to_string()
    }
}

/// The header's status slot: connection, what waits to be sent, and how the
/// last attempt went.
#[component]
pub fn SyncStatus() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let online = RwSignal::new(None::<bool>);

    Effect::new(move |_| {
        online.set(Some(crate::browser::is_online()));
        // Listeners live as long as the page: the header is never unmounted.
        let _ = window_event_listener(leptos::ev::online, move |_| online.set(Some(true)));
        let _ = window_event_listener(leptos::ev::offline, move |_| online.set(Some(false)));
    });

    let state = move || match online.get() {
        None => "unknown",
        Some(true) => "online",
        Some(false) => "offline",
    };
    let connection = move || match online.get() {
        None => t_string!(i18n, status_unknown).to_string(),
        Some(true) => t_string!(i18n, status_online).to_string(),
        Some(false) => t_string!(i18n, status_offline).to_string(),
    };
    let queue = move || {
        let pending = engine.pending_count();
        if engine.syncing.get() {
            Some(t_string!(i18n, sync_running).to_string())
        } else if pending > 0 {
            Some(t_string!(i18n, sync_pending, count = pending).to_string())
        } else {
            engine.last_success.get().map(|at| {
                let time = local_time(&at);
                t_string!(i18n, sync_last, time).to_string()
            })
        }
    };
    let problem = move || {
        engine
            .error
            .get()
            .filter(|error| *error != crate::error::AppError::Unauthenticated)
            .map(|error| error_text(i18n, &error))
    };

    view! {
        <div
            class="sync-status"
            role="status"
            aria-label=move || t_string!(i18n, status_label)
            data-state=state
            data-pending=move || engine.pending_count().to_string()
            data-syncing=move || engine.syncing.get().to_string()
        >
            <span class="status-dot" aria-hidden="true"></span>
            <span class="status-text">
                <span class="connection">{connection}</span>
                {move || queue().map(|text| view! { <span class="queue">{text}</span> })}
                {move || problem().map(|text| view! { <span class="sync-error">{text}</span> })}
            </span>
            {move || engine.syncing.get().then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
        </div>
    }
}

#[component]
pub fn SyncNowButton() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    view! {
        <button
            type="button"
            class="sync-now"
            disabled=move || engine.syncing.get()
            on:click=move |_| engine.sync_now()
        >
            {t!(i18n, sync_now)}
        </button>
    }
}

/// Warnings that protect the queue: old pending records, full storage.
#[component]
pub fn QueueWarnings() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let stale = move || {
        engine
            .entries
            .with(|entries| outbox::has_stale_pending(entries, Utc::now()))
    };
    view! {
        {move || stale().then(|| view! { <p class="warning" role="alert">{t!(i18n, warn_stale_pending)}</p> })}
        {move || {
            engine
                .storage_failed
                .get()
                .then(|| view! { <p class="error" role="alert">{t!(i18n, warn_storage_failed)}</p> })
        }}
    }
}

/// The start screen's big buttons, one per kind.
#[component]
pub fn KindTiles() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="kind-tiles" aria-label=move || t_string!(i18n, new_record)>
            {Kind::ALL
                .map(|kind| {
                    view! {
                        <a class="kind-tile" data-kind=kind.as_str() href=form_path(kind)>
                            {kind_name(i18n, kind)}
                        </a>
                    }
                })}
        </nav>
    }
}

#[component]
fn Chip(
    label: String,
    #[prop(into)] pressed: Signal<bool>,
    on_press: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="chip"
            aria-pressed=move || pressed.get().to_string()
            on:click=move |_| on_press()
        >
            {label}
        </button>
    }
}

#[component]
fn Stepper(label: String, value: RwSignal<i64>, min: i64, max: i64) -> impl IntoView {
    let name = label.clone();
    let group = label.clone();
    let input_label = label.clone();
    view! {
        <div class="stepper" role="group" aria-label=group>
            <span class="stepper-label">{label}</span>
            <button
                type="button"
                aria-label=format!("{} −", name)
                on:click=move |_| value.update(|v| *v = (*v - 1).max(min))
            >
                "−"
            </button>
            <input
                type="number"
                inputmode="numeric"
                aria-label=input_label
                min=min
                max=max
                prop:value=move || value.get().to_string()
                on:input=move |ev| {
                    if let Ok(number) = event_target_value(&ev).trim().parse::<i64>() {
                        value.set(number);
                    }
                }
            />
            <button
                type="button"
                aria-label=format!("{} +", name.clone())
                on:click=move |_| value.update(|v| *v = (*v + 1).min(max))
            >
                "+"
            </button>
        </div>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClientMode {
    Code,
    Anonymous,
    Ncc,
}

/// Code, anonymous or NCC; the code typed, picked from recent clients, or
/// built from the name parts (which are never stored).
#[component]
fn ClientPicker(mode: RwSignal<ClientMode>, code: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let recent = Memo::new(move |_| {
        engine
            .entries
            .with(|entries| outbox::recent_codes(entries, 8))
    });
    let builder_open = RwSignal::new(false);
    let mother = RwSignal::new(String::new());
    let day = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let month = RwSignal::new(String::new());
    let built = move || {
        let day = day.get().trim().parse().ok()?;
        let month = month.get().trim().parse().ok()?;
        ClientCode::build(&mother.get(), day, &name.get(), month).ok()
    };
    let typed_ok = move || ClientCode::parse(&code.get()).is_ok();

    let mode_chip = move |value: ClientMode, label: String| {
        view! { <Chip label pressed=Signal::derive(move || mode.get() == value) on_press=move || mode.set(value) /> }
    };

    view! {
        <fieldset class="client">
            <legend>{t!(i18n, client_legend)}</legend>
            <div class="chips">
                {mode_chip(ClientMode::Code, t_string!(i18n, client_code).to_string())}
                {mode_chip(ClientMode::Anonymous, t_string!(i18n, client_anonymous).to_string())}
                {mode_chip(ClientMode::Ncc, t_string!(i18n, client_ncc).to_string())}
            </div>
            <Show when=move || mode.get() == ClientMode::Code>
                <div class="chips recent-codes">
                    <For each=move || recent.get() key=|code| code.clone() let:recent_code>
                        {
                            let value = recent_code.clone();
                            view! {
                                <Chip
                                    label=recent_code.clone()
                                    pressed=Signal::derive(move || code.get() == value)
                                    on_press=move || code.set(recent_code.clone())
                                />
                            }
                        }
                    </For>
                </div>
                <label>
                    <span>{t!(i18n, client_code_label)}</span>
                    <input
                        name="client_code"
                        autocomplete="off"
                        autocapitalize="characters"
                        maxlength="10"
                        placeholder="LUD07TOM08"
                        prop:value=move || code.get()
                        on:input=move |ev| code.set(event_target_value(&ev).to_uppercase())
                        class:invalid=move || !code.get().is_empty() && !typed_ok()
                    />
                </label>
                <button type="button" class="link" on:click=move |_| builder_open.update(|open| *open = !*open)>
                    {t!(i18n, code_builder_toggle)}
                </button>
                <Show when=move || builder_open.get()>
                    <div class="builder">
                        <p class="muted">{t!(i18n, code_builder_hint)}</p>
                        <label>
                            <span>{t!(i18n, code_mother)}</span>
                            <input autocomplete="off" prop:value=move || mother.get() on:input=move |ev| mother.set(event_target_value(&ev)) />
                        </label>
                        <label>
                            <span>{t!(i18n, code_day)}</span>
                            <input inputmode="numeric" maxlength="2" autocomplete="off" prop:value=move || day.get() on:input=move |ev| day.set(event_target_value(&ev)) />
                        </label>
                        <label>
                            <span>{t!(i18n, code_name)}</span>
                            <input autocomplete="off" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                        </label>
                        <label>
                            <span>{t!(i18n, code_month)}</span>
                            <input inputmode="numeric" maxlength="2" autocomplete="off" prop:value=move || month.get() on:input=move |ev| month.set(event_target_value(&ev)) />
                        </label>
                        <p class="built-code" aria-live="polite">
                            {move || built().map(|code| code.to_string()).unwrap_or_else(|| "—".into())}
                        </p>
                        <button
                            type="button"
                            disabled=move || built().is_none()
                            on:click=move |_| {
                                if let Some(value) = built() {
                                    code.set(value.to_string());
                                    for part in [mother, day, name, month] {
                                        part.set(String::new());
                                    }
                                    builder_open.set(false);
                                }
                            }
                        >
                            {t!(i18n, code_use)}
                        </button>
                    </div>
                </Show>
            </Show>
        </fieldset>
    }
}

/// `YYYY-MM-DDTHH:MM` (an `<input type="datetime-local">`) in the phone's
/// zone, as RFC 3339 with the offset.
fn local_input_to_rfc3339(value: &str) -> Option<String> {
    let naive = NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M").ok()?;
    let local = Local.from_local_datetime(&naive).earliest()?;
    Some(local.fixed_offset().to_rfc3339())
}

fn rfc3339_to_local_input(value: &str) -> String {
    DateTime::parse_from_rfc3339(value)
        .map(|at| {
            at.with_timezone(&Local)
                .format("%Y-%m-%dT%H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

fn now_local_input() -> String {
    Local::now().format("%Y-%m-%dT%H:%M").to_string()
}

/// One form for all kinds; the kind decides which parts show.
#[component]
pub fn RecordForm(kind: Kind) -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let query = use_query_map();
    let navigate = use_navigate();

    let id = RwSignal::new(String::new());
    let occurred_at = RwSignal::new(String::new());
    let locality = RwSignal::new(String::new());
    let mode = RwSignal::new(match kind {
        Kind::Contact | Kind::Exchange => ClientMode::Code,
        _ => ClientMode::Anonymous,
    });
    let code = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let first_contact = RwSignal::new(false);
    let target_group = RwSignal::new(None::<TargetGroup>);
    let acts = RwSignal::new(Vec::<String>::new());
    let primary_drug = RwSignal::new(String::new());
    let duration = RwSignal::new(0i64);
    let materials = RwSignal::new(Vec::<MaterialCount>::new());
    let returned = RwSignal::new(0i64);
    let situation = RwSignal::new(None::<Situation>);
    let police_at = RwSignal::new(String::new());
    let place = RwSignal::new(None::<Place>);
    let interventions = RwSignal::new(Vec::<Intervention>::new());
    let children = RwSignal::new(0i64);
    let follow_up = RwSignal::new(String::new());
    let found = RwSignal::new(1i64);
    let problem = RwSignal::new(None::<String>);
    let loaded = RwSignal::new(false);

    let fill = move |record: &Record| {
        id.set(record.id.clone());
        occurred_at.set(rfc3339_to_local_input(&record.occurred_at));
        locality.set(record.locality.clone());
        note.set(record.note.clone());
        match &record.client {
            Client::Code(value) => {
                mode.set(ClientMode::Code);
                code.set(value.clone());
            }
            Client::Anonymous => mode.set(ClientMode::Anonymous),
            Client::Ncc => mode.set(ClientMode::Ncc),
        }
        match &record.details {
            Details::Contact {
                first_contact: first,
                target_group: group,
                primary_drug: drug,
                service_acts,
                duration_minutes,
            } => {
                first_contact.set(*first);
                target_group.set(Some(*group));
                primary_drug.set(drug.clone());
                acts.set(service_acts.clone());
                duration.set(duration_minutes.unwrap_or(0));
            }
            Details::Exchange {
                first_contact: first,
                target_group: group,
                materials: given,
                returned_syringes,
                service_acts,
            } => {
                first_contact.set(*first);
                target_group.set(Some(*group));
                materials.set(given.clone());
                returned.set(*returned_syringes);
                acts.set(service_acts.clone());
            }
            Details::CrisisVisit {
                situation: s,
                police_record_at,
                place: p,
                interventions: i,
                children_present,
                follow_up_on,
            } => {
                situation.set(Some(*s));
                police_at.set(
                    police_record_at
                        .as_deref()
                        .map(rfc3339_to_local_input)
                        .unwrap_or_default(),
                );
                place.set(Some(*p));
                interventions.set(i.clone());
                children.set(*children_present);
                follow_up.set(follow_up_on.clone().unwrap_or_default());
            }
            Details::FoundSyringes { count } => found.set(*count),
        }
    };

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
                    fill(&entry.record);
                }
            }
            None => {
                occurred_at.set(now_local_input());
                if let Ok(last) = LocalStorage::get::<String>(LAST_LOCALITY_KEY) {
                    locality.set(last);
                }
            }
        }
        loaded.set(true);
    });

    let catalogue = engine.catalogue;
    let items = move |list: ListKind| {
        catalogue.with(|catalogue| {
            catalogue
                .as_ref()
                .map(|catalogue| {
                    catalogue
                        .list(list)
                        .filter(|item| item.active)
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

    let build = move || -> Result<Record, String> {
        let required = |what: String| format!("{what}: {}", t_string!(i18n, problem_required));
        let occurred = local_input_to_rfc3339(&occurred_at.get_untracked())
            .ok_or_else(|| required(t_string!(i18n, rf_occurred_at).to_string()))?;
        if locality.get_untracked().is_empty() {
            return Err(required(t_string!(i18n, rf_locality).to_string()));
        }
        let client = match mode.get_untracked() {
            ClientMode::Code => Client::Code(code.get_untracked().trim().to_uppercase()),
            ClientMode::Anonymous => Client::Anonymous,
            ClientMode::Ncc => Client::Ncc,
        };
        let group = || {
            target_group
                .get_untracked()
                .ok_or_else(|| required(t_string!(i18n, rf_target_group).to_string()))
        };
        let details = match kind {
            Kind::Contact => Details::Contact {
                first_contact: first_contact.get_untracked(),
                target_group: group()?,
                primary_drug: primary_drug.get_untracked().trim().to_owned(),
                service_acts: acts.get_untracked(),
                duration_minutes: Some(duration.get_untracked()).filter(|minutes| *minutes > 0),
            },
            Kind::Exchange => Details::Exchange {
                first_contact: first_contact.get_untracked(),
                target_group: group()?,
                materials: materials
                    .get_untracked()
                    .into_iter()
                    .filter(|m| m.count != 0)
                    .collect(),
                returned_syringes: returned.get_untracked(),
                service_acts: acts.get_untracked(),
            },
            Kind::CrisisVisit => Details::CrisisVisit {
                situation: situation
                    .get_untracked()
                    .ok_or_else(|| required(t_string!(i18n, rf_situation).to_string()))?,
                police_record_at: local_input_to_rfc3339(&police_at.get_untracked()),
                place: place
                    .get_untracked()
                    .ok_or_else(|| required(t_string!(i18n, rf_place).to_string()))?,
                interventions: interventions.get_untracked(),
                children_present: children.get_untracked(),
                follow_up_on: Some(follow_up.get_untracked()).filter(|date| !date.is_empty()),
            },
            Kind::FoundSyringes => Details::FoundSyringes {
                count: found.get_untracked(),
            },
        };
        let record_id = id.get_untracked();
        Ok(Record {
            id: if record_id.is_empty() {
                outbox::new_uuid()
            } else {
                record_id
            },
            // The outbox numbers the edits.
            revision: 0,
            occurred_at: occurred,
            locality: locality.get_untracked(),
            client,
            note: note.get_untracked().trim().to_owned(),
            details,
        })
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let record = match build() {
            Ok(record) => record,
            Err(message) => {
                problem.set(Some(message));
                return;
            }
        };
        let known = catalogue
            .with_untracked(|c| c.as_ref().map(KnownCodes::from_catalogue))
            .unwrap_or_default();
        if let Err(rejection) = validate::check(&record, &known, Utc::now()) {
            problem.set(Some(rejection_text(i18n, &rejection)));
            return;
        }
        let _ = LocalStorage::set(LAST_LOCALITY_KEY, &record.locality);
        if engine.save(record) {
            engine.just_saved.set(true);
            navigate("/", Default::default());
        } else if engine.storage_failed.get_untracked() {
            problem.set(Some(t_string!(i18n, warn_storage_failed).to_string()));
        } else {
            problem.set(Some(t_string!(i18n, wait_for_sync).to_string()));
        }
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
        TargetGroup::ALL
            .map(|group| view! {
                <Chip label=target_group_name(i18n, group) pressed=Signal::derive(move || target_group.get() == Some(group)) on_press=move || target_group.set(Some(group)) />
            })
    };
    let first_contact_chip = move || {
        view! {
            <Chip label=t_string!(i18n, first_contact).to_string() pressed=first_contact on_press=move || first_contact.update(|f| *f = !*f) />
        }
    };

    view! {
        <section class="page record-form" data-kind=kind.as_str()>
            <h1>{kind_name(i18n, kind)}</h1>
            <form on:submit=save novalidate>
                <label>
                    <span>{t!(i18n, rf_occurred_at)}</span>
                    <input type="datetime-local" name="occurred_at" prop:value=move || occurred_at.get() on:input=move |ev| occurred_at.set(event_target_value(&ev)) />
                </label>
                <label>
                    <span>{t!(i18n, rf_locality)}</span>
                    <select name="locality" prop:value=move || locality.get() on:change=move |ev| locality.set(event_target_value(&ev))>
                        <option value="">"—"</option>
                        {move || items(ListKind::Locality).into_iter().map(|(value, label)| {
                            let selected = value.clone();
                            view! { <option value=value selected=move || locality.get() == selected>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                {(kind != Kind::FoundSyringes).then(|| view! { <ClientPicker mode code /> }.into_any())}
                {matches!(kind, Kind::Contact | Kind::Exchange).then(|| view! {
                    <fieldset>
                        <legend>{t!(i18n, rf_target_group)}</legend>
                        <div class="chips">{group_chips()}</div>
                        <div class="chips">{first_contact_chip()}</div>
                    </fieldset>
                }.into_any())}
                {(kind == Kind::Exchange).then(|| view! {
                    <fieldset class="materials">
                        <legend>{t!(i18n, rf_materials)}</legend>
                        {move || {
                            // Rebuilt once an edited record is filled in.
                            loaded.track();
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
                }.into_any())}
                {matches!(kind, Kind::Contact | Kind::Exchange).then(|| view! {
                    <fieldset>
                        <legend>{t!(i18n, rf_service_acts)}</legend>
                        <div class="chips">{act_chips}</div>
                    </fieldset>
                }.into_any())}
                {(kind == Kind::Contact).then(|| view! {
                    <label>
                        <span>{t!(i18n, rf_primary_drug)}</span>
                        <input name="primary_drug" maxlength="40" prop:value=move || primary_drug.get() on:input=move |ev| primary_drug.set(event_target_value(&ev)) />
                    </label>
                    <Stepper label=t_string!(i18n, rf_duration).to_string() value=duration min=0 max=validate::DURATION_MAX />
                }.into_any())}
                {(kind == Kind::CrisisVisit).then(|| view! {
                    <fieldset>
                        <legend>{t!(i18n, rf_situation)}</legend>
                        <div class="chips">
                            {Situation::ALL.map(|value| view! {
                                <Chip label=situation_name(i18n, value) pressed=Signal::derive(move || situation.get() == Some(value)) on_press=move || situation.set(Some(value)) />
                            })}
                        </div>
                    </fieldset>
                    <Show when=move || situation.get() == Some(Situation::Eviction)>
                        <label>
                            <span>{t!(i18n, rf_police_record_at)}</span>
                            <input type="datetime-local" name="police_record_at" prop:value=move || police_at.get() on:input=move |ev| police_at.set(event_target_value(&ev)) />
                        </label>
                    </Show>
                    <fieldset>
                        <legend>{t!(i18n, rf_place)}</legend>
                        <div class="chips">
                            {Place::ALL.map(|value| view! {
                                <Chip label=place_name(i18n, value) pressed=Signal::derive(move || place.get() == Some(value)) on_press=move || place.set(Some(value)) />
                            })}
                        </div>
                    </fieldset>
                    <fieldset>
                        <legend>{t!(i18n, rf_interventions)}</legend>
                        <div class="chips">
                            {Intervention::ALL.map(|value| view! {
                                <Chip
                                    label=intervention_name(i18n, value)
                                    pressed=Signal::derive(move || interventions.with(|i| i.contains(&value)))
                                    on_press=move || interventions.update(|i| {
                                        if let Some(at) = i.iter().position(|x| *x == value) { i.remove(at); } else { i.push(value); }
                                    })
                                />
                            })}
                        </div>
                    </fieldset>
                    <Stepper label=t_string!(i18n, rf_children).to_string() value=children min=0 max=validate::CHILDREN_MAX />
                    <label>
                        <span>{t!(i18n, rf_follow_up)}</span>
                        <input type="date" name="follow_up_on" prop:value=move || follow_up.get() on:input=move |ev| follow_up.set(event_target_value(&ev)) />
                    </label>
                }.into_any())}
                {(kind == Kind::FoundSyringes).then(|| view! {
                    <Stepper label=t_string!(i18n, rf_count).to_string() value=found min=1 max=validate::FOUND_MAX />
                })}
                <label>
                    <span>{t!(i18n, rf_note)}</span>
                    <textarea name="note" maxlength="280" rows="2" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    <small class="muted">{t!(i18n, note_warning)}</small>
                </label>
                {move || problem.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
                <button type="submit" class="primary save">{t!(i18n, save_record)}</button>
            </form>
        </section>
    }
}

fn state_text(i18n: I18n, state: &EntryState) -> String {
    match state {
        EntryState::Pending => t_string!(i18n, state_pending).to_string(),
        EntryState::Synced { .. } => t_string!(i18n, state_synced).to_string(),
        EntryState::Rejected(rejection) => {
            format!(
                "{}: {}",
                t_string!(i18n, state_rejected),
                rejection_text(i18n, rejection)
            )
        }
    }
}

fn state_class(state: &EntryState) -> &'static str {
    match state {
        EntryState::Pending => "pending",
        EntryState::Synced { .. } => "synced",
        EntryState::Rejected(_) => "rejected",
    }
}

fn summary(i18n: I18n, record: &Record) -> String {
    let client = match &record.client {
        Client::Code(code) => code.clone(),
        Client::Anonymous => t_string!(i18n, client_anonymous).to_string(),
        Client::Ncc => t_string!(i18n, client_ncc).to_string(),
    };
    match &record.details {
        Details::Exchange {
            materials,
            returned_syringes,
            ..
        } => {
            let given: i64 = materials.iter().map(|m| m.count).sum();
            format!("{client} · +{given} / −{returned_syringes}")
        }
        Details::FoundSyringes { count } => format!("{count}×"),
        _ => client,
    }
}

/// Today's and recent records on this phone, pending first.
#[component]
pub fn MyRecordsPage() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let rows = move || {
        let mut entries = engine.entries.get();
        entries.sort_by(|a, b| b.record.occurred_at.cmp(&a.record.occurred_at));
        entries.sort_by_key(|entry| !entry.is_editable());
        entries
    };
    view! {
        <section class="page my-records">
            <h1>{t!(i18n, my_records_title)}</h1>
            <QueueWarnings />
            <SyncNowButton />
            <Show when=move || engine.entries.with(Vec::is_empty)>
                <p class="muted">{t!(i18n, my_records_empty)}</p>
            </Show>
            <ul class="cards records">
                <For each=rows key=|entry| (entry.record.id.clone(), format!("{:?}", entry.state)) let:entry>
                    {
                        let kind = entry.record.details.kind();
                        let edit = format!("{}?upravit={}", form_path(kind), entry.record.id);
                        let id = entry.record.id.clone();
                        let editable = entry.is_editable();
                        view! {
                            <li class=format!("record {}", state_class(&entry.state)) data-id=entry.record.id.clone() data-kind=kind.as_str()>
                                <div class="record-head">
                                    <strong>{kind_name(i18n, kind)}</strong>
                                    <span class="muted">{local_time(&entry.record.occurred_at)}</span>
                                </div>
                                <div>{summary(i18n, &entry.record)}</div>
                                <div class="record-state">{state_text(i18n, &entry.state)}</div>
                                {editable.then(|| view! {
                                    <div class="inline">
                                        <a class="button" href=edit>{t!(i18n, edit)}</a>
                                        <button
                                            type="button"
                                            class="danger"
                                            on:click=move |_| {
                                                let confirmed = window()
                                                    .confirm_with_message(t_string!(i18n, confirm_delete))
                                                    .unwrap_or(false);
                                                if confirmed {
                                                    engine.delete(&id);
                                                }
                                            }
                                        >
                                            {t!(i18n, delete)}
                                        </button>
                                    </div>
                                })}
                            </li>
                        }
                    }
                </For>
            </ul>
        </section>
    }
}

/// The "saved" notice on the start screen after a record. Kept in memory,
/// not in the address: a page reloaded from the offline cache must render
/// exactly as the server rendered it.
#[component]
pub fn SavedNotice() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    on_cleanup(move || engine.just_saved.set(false));
    move || {
        engine
            .just_saved
            .get()
            .then(|| view! { <p class="ok" role="status">{t!(i18n, record_saved)}</p> })
    }
}
