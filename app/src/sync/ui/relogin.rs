//! The banner asking for a new login when the session ended while records
//! may still wait on the phone.

use crate::auth::api::current_session;
use crate::auth::ui::use_session;
use crate::auth::SessionState;
use crate::browser;
use crate::i18n::*;
use crate::sync::engine::use_sync;
use leptos::prelude::*;

/// Shown when the phone believes someone is logged in but the server, once
/// reachable, says the session is over. Nothing on the phone is touched.
#[component]
pub fn ReloginBanner() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let expired = use_sync().session_expired;

    let check = move || {
        let rendered_for = session
            .get_untracked()
            .and_then(|state| state.ok())
            .and_then(|state| state.profile().map(|profile| profile.id));
        let Some(rendered_for) = rendered_for else {
            return;
        };
        if !browser::is_online() {
            return;
        }
        leptos::task::spawn_local(async move {
            match current_session().await {
                // A page kept from another user's session (a shared phone):
                // load it anew for the one logged in now.
                Ok(SessionState::User(profile)) if profile.id != rendered_for => {
                    crate::auth::remembered::remember_profile(&profile);
                    browser::ask_service_worker("forget-pages").await;
                    browser::go_to("/");
                }
                Ok(SessionState::User(profile)) => {
                    crate::auth::remembered::remember_profile(&profile);
                    expired.set(false);
                }
                Ok(_) => expired.set(true),
                // Unreachable or failing: no news, keep working.
                Err(_) => {}
            }
        });
    };
    Effect::new(move |_| check());
    let _ = window_event_listener(leptos::ev::online, move |_| check());

    move || {
        expired.get().then(|| {
            view! {
                <div class="banner" role="alert">
                    <span>{t!(i18n, session_expired)}</span>
                    <a class="button primary" href="/prihlaseni">
                        {t!(i18n, login_again)}
                    </a>
                </div>
            }
        })
    }
}
