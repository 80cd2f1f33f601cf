//! Header, main area and bottom navigation.

use crate::auth::ui::use_session;
use crate::auth::{Role, SessionState};
use crate::i18n::*;
use crate::sync::engine::provide_sync_engine;
use crate::sync::ui::ReloginBanner;
use crate::sync::ui::SyncStatus;
use crate::vault::provide_vault;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    provide_sync_engine(provide_vault());
    view! {
        <div class="app">
            <header class="app-header">
                <a class="app-name" href="/">
                    {t!(i18n, app_name)}
                </a>
                <SyncStatus />
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
                let is_coordinator = profile.role.allows(Role::Coordinator);
                Some(view! {
                    <nav class="bottom-nav" aria-label=move || t_string!(i18n, nav_label)>
                        {nav_link("/", "⌂", |l| td_string!(l, nav_home))}
                        {nav_link("/moje-zaznamy", "☷", |l| td_string!(l, nav_records))}
                        {is_coordinator.then(|| nav_link("/prehled", "▥", |l| td_string!(l, nav_reports)))}
                        {is_admin.then(|| nav_link("/sprava", "☰", |l| td_string!(l, nav_admin)))}
                        {nav_link("/nastaveni", "⚙", |l| td_string!(l, nav_settings))}
                    </nav>
                })
            })}
        </Suspense>
    }
}

/// One destination of the bottom navigation. Every link goes through this
/// one function, so the phone's code has one compiled link, not one per
/// destination; the label follows a change of language.
fn nav_link(
    href: &'static str,
    icon: &'static str,
    label: fn(Locale) -> &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <A href exact=href == "/">
            <span class="nav-icon" aria-hidden="true">{icon}</span>
            <span>{move || label(i18n.get_locale())}</span>
        </A>
    }
}
