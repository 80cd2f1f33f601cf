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
        let rendered_for_user = session
            .get_untracked()
            .and_then(|state| state.ok())
            .is_some_and(|state| state.profile().is_some());
        if !rendered_for_user || !browser::is_online() {
            return;
        }
        leptos::task::spawn_local(async move {
            match current_session().await {
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
