//! "My records": today's and recent records on this phone, pending first.

use super::I18n;
use crate::i18n::*;
use crate::records::kinds::{Client, Details, Record};
use crate::records::labels::{form_path, kind_name, refusal_reason_name, rejection_text};
use crate::sync::engine::use_sync;
use crate::sync::outbox::EntryState;
use crate::sync::ui::{QueueWarnings, SyncNowButton};
use crate::ui::local_time;
use leptos::prelude::*;

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
        Details::Refusal { reason } => refusal_reason_name(i18n, *reason),
        Details::MissedMeeting { cancelled: true } => {
            format!("{client} · {}", t_string!(i18n, missed_cancelled))
        }
        Details::MissedMeeting { cancelled: false } => {
            format!("{client} · {}", t_string!(i18n, missed_no_show))
        }
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
            <h1>{t_string!(i18n, my_records_title)}</h1>
            <QueueWarnings />
            <SyncNowButton />
            <Show when=move || engine.entries.with(Vec::is_empty)>
                <p class="muted">{t_string!(i18n, my_records_empty)}</p>
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
                                        <a class="button" href=edit>{t_string!(i18n, edit)}</a>
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
                                            {t_string!(i18n, delete)}
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
