//! The logout button, which refuses while records wait to be sent.

use crate::auth::api::Logout;
use crate::browser;
use crate::i18n::*;
use crate::sync::engine::use_sync;
use crate::ui::action_error;
use leptos::prelude::*;

/// Logging out needs the server (the session cookie can only be ended
/// there); offline, the button says so instead of pretending.
#[component]
pub fn LogoutButton() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let logout = ServerAction::<Logout>::new();
    let result = logout.value();
    // Logging out must never strand records on the phone.
    let unsent = move || {
        engine
            .entries
            .with(|entries| entries.iter().any(|e| e.is_editable()))
    };
    Effect::new(move |_| {
        if let Some(Ok(())) = result.get() {
            crate::auth::remembered::forget_profile();
            browser::tell_service_worker("forget-pages");
            browser::go_to("/prihlaseni");
        }
    });
    view! {
        <button
            type="button"
            class="danger"
            disabled=move || logout.pending().get() || unsent()
            on:click=move |_| {
                logout.dispatch(Logout {});
            }
        >
            {t!(i18n, logout)}
        </button>
        {move || unsent().then(|| view! { <p class="warning" role="alert">{t!(i18n, logout_unsent)}</p> })}
        {action_error(result)}
    }
}
