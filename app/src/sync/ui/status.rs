//! The header's sync status, the "send now" button and the warnings that
//! protect the queue.

use crate::i18n::*;
use crate::sync::engine::use_sync;
use crate::sync::outbox::{self};
use crate::ui::{error_text, local_time};
use chrono::Utc;
use leptos::prelude::*;

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
