//! A coordinator imports a file a worker's phone sealed for the
//! organisation when it could no longer reach the server.

use crate::i18n::*;
use crate::sync::api::import_handover;
use crate::sync::handover::ImportSummary;
use crate::ui::error_text;
use leptos::prelude::*;

#[component]
pub fn HandoverImport() -> impl IntoView {
    let i18n = use_i18n();
    let outcome = RwSignal::new(None::<Result<ImportSummary, crate::error::AppError>>);
    let busy = RwSignal::new(false);
    let file_input = NodeRef::<leptos::html::Input>::new();
    // The file is read when the form is sent, not when it is chosen: a file
    // chosen before the page's code has loaded would otherwise leave the
    // button disabled for good.
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let file = file_input
            .get()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        let Some(file) = file else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let read = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            if let Some(text) = read.ok().and_then(|value| value.as_string()) {
                outcome.set(Some(import_handover(text).await));
            }
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
                    <input node_ref=file_input type="file" name="file" accept=".teren,application/json" required />
                </label>
                <button type="submit" disabled=move || busy.get()>
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
