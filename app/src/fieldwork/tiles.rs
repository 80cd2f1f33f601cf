//! The start screen's tiles: one per kind of record the worker's service
//! logs, and the choice of service when the worker works for several.

use super::service_choice::{preselected, remember, SERVICE_PARAM};
use crate::i18n::*;
use crate::records::kinds::Kind;
use crate::records::labels::{form_path, kind_name};
use crate::sync::engine::use_sync;
use leptos::prelude::*;

/// The start screen's big buttons, one per kind. Until the phone knows the
/// worker's services (the first page after a login, rendered by the server)
/// every kind shows, and the server files the record into the worker's
/// first service.
#[component]
pub fn KindTiles() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let mine = Memo::new(move |_| engine.my_services());
    let chosen = RwSignal::new(None::<i64>);
    Effect::new(move |_| {
        if let Some(mine) = mine.get() {
            chosen.set(preselected(&mine));
        }
    });

    let choice = move || {
        let mine = mine.get()?;
        if mine.is_empty() {
            return Some(
                view! { <p class="warning" role="status">{t_string!(i18n, no_service)}</p> }
                    .into_any(),
            );
        }
        if mine.len() == 1 {
            return None;
        }
        let chips = mine
            .into_iter()
            .map(|service| {
                let id = service.id;
                view! {
                    <button
                        type="button"
                        class="chip"
                        aria-pressed=move || (chosen.get() == Some(id)).to_string()
                        on:click=move |_| {
                            remember(id);
                            chosen.set(Some(id));
                        }
                    >
                        {service.name}
                    </button>
                }
            })
            .collect_view();
        Some(
            view! {
                <div class="chips service-choice" role="group" aria-label=move || t_string!(i18n, rf_service)>
                    {chips}
                </div>
            }
            .into_any(),
        )
    };

    let tiles = move || {
        let service = chosen
            .get()
            .and_then(|id| mine.with(|mine| mine.as_ref()?.iter().find(|s| s.id == id).cloned()));
        let kinds: &[Kind] = match &service {
            Some(service) => Kind::offered_by(service.service_type),
            None if mine.with(|mine| mine.as_ref().is_some_and(Vec::is_empty)) => &[],
            None => &Kind::ALL,
        };
        kinds
            .iter()
            .map(|kind| {
                let href = match &service {
                    Some(service) => format!("{}?{SERVICE_PARAM}={}", form_path(*kind), service.id),
                    None => form_path(*kind).to_owned(),
                };
                view! {
                    <a class="kind-tile" data-kind=kind.as_str() href=href>
                        {kind_name(i18n, *kind)}
                    </a>
                }
            })
            .collect_view()
    };

    view! {
        {choice}
        <nav class="kind-tiles" aria-label=move || t_string!(i18n, new_record)>
            {tiles}
        </nav>
    }
}
