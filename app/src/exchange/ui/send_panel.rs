//! Beside the yearly report: the same figures as ADX and DHIS2 files, and
//! sending the year to the umbrella, with where that stands.

use crate::exchange::api::{load_sending, Sending};
use crate::i18n::*;
use crate::reports::ui::search;
use crate::ui::error_text;
use leptos::prelude::*;

/// Download links for the report's standard files, with the page's
/// parameters.
#[component]
pub fn ExchangeFiles() -> impl IntoView {
    let i18n = use_i18n();
    let query = search();
    view! {
        <p class="exchange-files no-print">
            <a class="csv-link" download href=move || format!("/vymena/rocni.adx?{}", query.get())>
                {t!(i18n, ex_download_adx)}
            </a>
            " "
            <a class="csv-link" download href=move || format!("/vymena/rocni.json?{}", query.get())>
                {t!(i18n, ex_download_dhis2)}
            </a>
            " "
            <a class="csv-link" href="/adx/teren.xsd">{t!(i18n, ex_schema)}</a>
        </p>
    }
}

/// Sending the year to the umbrella, when this organisation sends to one;
/// a link to the national tables when this server is an umbrella.
#[component]
pub fn SendPanel() -> impl IntoView {
    let i18n = use_i18n();
    let query = search();
    let send = ServerAction::<crate::exchange::api::SendYear>::new();
    // Read again after each send: the page shows what the server holds.
    let state = Resource::new(
        move || (query.get(), send.version().get()),
        |(query, _)| load_sending(query),
    );
    let refused = move || {
        send.value()
            .get()
            .and_then(Result::err)
            .map(|error| view! { <p class="error" role="alert">{error_text(i18n, &error)}</p> })
    };
    view! {
        {refused}
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match state.await {
                    Ok(sending) => panel(i18n, sending, send).into_any(),
                    Err(error) => view! { <p class="error" role="alert">{error_text(i18n, &error)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn panel(
    i18n: leptos_i18n::I18nContext<Locale>,
    sending: Sending,
    send: ServerAction<crate::exchange::api::SendYear>,
) -> impl IntoView {
    let year = sending.year;
    let umbrella_link = sending.is_umbrella.then(|| {
        view! {
            <p class="no-print">
                <a href=format!("/prehled/zastresujici?rok={year}")>{t!(i18n, ex_national_link)}</a>
            </p>
        }
    });
    let sender = sending.umbrella.clone().map(|umbrella| {
        let status = match (&sending.sent_at, sending.refused, sending.created_at.is_some()) {
            (Some(at), _, _) => t_string!(i18n, ex_sent).to_string() + " " + &at.replace('T', " ")[..16.min(at.len())],
            (None, true, _) => t_string!(i18n, ex_refused).to_string(),
            (None, false, true) => t_string!(i18n, ex_waiting).to_string(),
            (None, false, false) => t_string!(i18n, ex_not_sent).to_string(),
        };
        let answer = sending.answer.clone().filter(|_| sending.sent_at.is_none());
        view! {
            <section class="exchange-send no-print" aria-labelledby="exchange-send-title">
                <h2 id="exchange-send-title">{t!(i18n, ex_send_title)}</h2>
                <p>{t!(i18n, ex_send_to)} " " <code>{umbrella}</code></p>
                <p>
                    {if sending.unsuppressed {
                        t_string!(i18n, ex_unsuppressed).to_string()
                    } else {
                        t_string!(i18n, ex_suppressed).to_string()
                    }}
                </p>
                <p class="exchange-state" role="status" data-sent=sending.sent_at.is_some().to_string()>{status}</p>
                {answer.map(|a| view! { <p class="note">{a}</p> })}
                <ActionForm action=send>
                    <input type="hidden" name="year" value=year.to_string() />
                    <button type="submit" class="primary" disabled=move || send.pending().get()>
                        {t!(i18n, ex_send_button)} " " {year}
                    </button>
                </ActionForm>
            </section>
        }
    });
    view! { {umbrella_link} {sender} }
}
