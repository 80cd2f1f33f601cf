//! Shown for any address the app does not know.

use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();

    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }

    view! {
        <section class="page not-found">
            <h1>{t_string!(i18n, not_found_title)}</h1>
            <p>{t_string!(i18n, not_found_text)}</p>
            <a href="/">{t_string!(i18n, back_home)}</a>
        </section>
    }
}
