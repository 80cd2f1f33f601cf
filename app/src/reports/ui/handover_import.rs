//! A coordinator imports a file a worker's phone sealed for the
//! organisation when it could no longer reach the server.

use crate::i18n::*;
use crate::sync::api::import_handover;
use crate::sync::handover::ImportSummary;
use crate::ui::error_text;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn HandoverImport() -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(None::<String>);
    let outcome = RwSignal::new(None::<Result<ImportSummary, crate::error::AppError>>);
    let busy = RwSignal::new(false);
    let chosen = move |ev: leptos::ev::Event| {
        let file = ev
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        let Some(file) = file else {
            return;
        };
        leptos::task::spawn_local(async move {
            let read = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            text.set(read.ok().and_then(|value| value.as_string()));
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(file) = text.get_untracked() else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            outcome.set(Some(import_handover(file).await));
            busy.set(false);
        });
    };
    view! {
        <section class="handover-import" aria-labelledby="handover-import-title">
            <h2 id="handover-import-title">{t_string!(i18n, handover_import_title)}</h2>
            <p>{t_string!(i18n, handover_import_help)}</p>
            <form class="form" on:submit=submit>
                <label>
                    <span>{t_string!(i18n, handover_import_file)}</span>
                    <input type="file" name="file" accept=".teren,application/json" on:change=chosen />
                </label>
                <button type="submit" disabled=move || busy.get() || text.with(Option::is_none)>
                    {t_string!(i18n, handover_import_submit)}
                </button>
            </form>
            {move || outcome.get().map(|outcome| match outcome {
                Ok(summary) => {
                    let ImportSummary { username, accepted, duplicates, rejected } = summary;
                    view! {
                        <p role="status">
                            {t_string!(i18n, handover_imported, username, accepted, duplicates, rejected)}
                        </p>
                    }
                    .into_any()
                }
                Err(error) => view! { <p class="error" role="alert">{error_text(i18n, &error)}</p> }.into_any(),
            })}
        </section>
    }
}
