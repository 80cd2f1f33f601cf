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
                        <A href="/" exact=true>
                            <span class="nav-icon" aria-hidden="true">"⌂"</span>
                            <span>{t!(i18n, nav_home)}</span>
                        </A>
                        <A href="/moje-zaznamy">
                            <span class="nav-icon" aria-hidden="true">"☷"</span>
                            <span>{t!(i18n, nav_records)}</span>
                        </A>
                        {is_coordinator.then(|| view! {
                            <A href="/prehled">
                                <span class="nav-icon" aria-hidden="true">"▥"</span>
                                <span>{t!(i18n, nav_reports)}</span>
                            </A>
                        })}
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
