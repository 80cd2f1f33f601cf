//! The logout button, which refuses while records wait to be sent.

use crate::auth::api::Logout;
use crate::browser;
use crate::i18n::*;
use crate::sync::engine::use_sync;
use crate::ui::action_error;
use crate::vault::use_vault;
use leptos::prelude::*;

/// Logging out needs the server (the session cookie can only be ended
/// there); offline, the button says so instead of pretending.
#[component]
pub fn LogoutButton() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let vault = use_vault();
    let logout = ServerAction::<Logout>::new();
    let result = logout.value();
    // Logging out must never strand records on the phone.
    let unsent = move || engine.logout_would_strand();
    Effect::new(move |_| {
        if let Some(Ok(())) = result.get() {
            // Nothing waits to be sent (or the button was off): whatever
            // this user kept on the phone goes, key file included.
            if let Some(user) = vault.user() {
                vault.forget(user);
            }
            crate::auth::remembered::forget_profile();
            leptos::task::spawn_local(async {
                browser::ask_service_worker("forget-pages").await;
                browser::go_to("/prihlaseni");
            });
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
