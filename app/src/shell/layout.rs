//! Header, main area and bottom navigation.

use crate::auth::ui::{use_session, ReloginBanner};
use crate::auth::{Role, SessionState};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="app">
            <header class="app-header">
                <a class="app-name" href="/">
                    {t!(i18n, app_name)}
                </a>
                <ConnectionStatus />
            </header>
            <ReloginBanner />
            <main class="app-main">{children()}</main>
            <BottomNav />
        </div>
    }
}

/// Navigation for a logged-in user; admins also get the admin section.
#[component]
fn BottomNav() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let Ok(SessionState::User(profile)) = session.await else {
                    return None;
                };
                let is_admin = profile.role.allows(Role::Admin);
                Some(view! {
                    <nav class="bottom-nav" aria-label=move || t_string!(i18n, nav_label)>
                        <A href="/" exact=true>
                            <span class="nav-icon" aria-hidden="true">"⌂"</span>
                            <span>{t!(i18n, nav_home)}</span>
                        </A>
                        {is_admin.then(|| view! {
                            <A href="/sprava">
                                <span class="nav-icon" aria-hidden="true">"☰"</span>
                                <span>{t!(i18n, nav_admin)}</span>
                            </A>
                        })}
                        <A href="/nastaveni">
                            <span class="nav-icon" aria-hidden="true">"⚙"</span>
                            <span>{t!(i18n, nav_settings)}</span>
                        </A>
                    </nav>
                })
            })}
        </Suspense>
    }
}

/// The header's status slot. For now it tells whether the phone is online;
/// the sync queue reports into the same place.
///
/// The server cannot know the phone's connection, so it renders "checking"
/// and the browser fills in the truth once hydrated.
#[component]
fn ConnectionStatus() -> impl IntoView {
    let i18n = use_i18n();
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
    let label = move || match online.get() {
        None => t_string!(i18n, status_unknown),
        Some(true) => t_string!(i18n, status_online),
        Some(false) => t_string!(i18n, status_offline),
    };

    view! {
        <div
            class="sync-status"
            role="status"
            aria-label=move || t_string!(i18n, status_label)
            data-state=state
        >
            <span class="status-dot" aria-hidden="true"></span>
            <span class="status-text">{label}</span>
        </div>
    }
}
