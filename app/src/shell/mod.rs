//! The document around every page, the layout and the routes.
//!
//! The layout is built for a phone held in one hand: the app name and the
//! connection/sync status on top, the page in the middle, and navigation at
//! the bottom where a thumb reaches it.

mod layout;
mod lazy;

use crate::auth::ui::{provide_session, LoginPage, Protected};
use crate::auth::Role;
use crate::fieldwork::{MyRecordsPage, RecordForm};
use crate::i18n::*;
use crate::pages::{home::HomePage, not_found::NotFound, settings::SettingsPage};
use crate::records::kinds::Kind;
use crate::vault::ui::Unlocked;
use leptos::prelude::*;
use leptos_i18n::context::UseLocalesOptions;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, Lazy, SsrMode,
};

/// Theme colour shared by the document head and the web manifest.
pub const THEME_COLOR: &str = "#0b5d4b";

/// The HTML document the server renders around [`App`].
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    content_security_policy();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
                <meta name="theme-color" content=THEME_COLOR />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="icon" type="image/png" sizes="192x192" href="/icons/icon-192.png" />
                <link rel="apple-touch-icon" href="/icons/icon-192.png" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Server side: the page's Content-Security-Policy. Scripts run only from
/// this site, or inline with this response's nonce (Leptos puts it on the
/// hydration script and on the data it streams into the page); the wasm may
/// be compiled ('wasm-unsafe-eval'); nothing else is loaded from elsewhere,
/// and no other site may frame the page.
#[cfg(feature = "ssr")]
fn content_security_policy() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// The application: translations, session, routes and layout.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_session();

    // Czech is the default for everyone; English only when a user picks it
    // (remembered in a cookie). A phone set to English in a Czech service
    // should still open in Czech, so the Accept-Language header is ignored.
    let only_the_chosen_language =
        UseLocalesOptions::default().ssr_lang_header_getter(crate::ui::chosen_language);

    view! {
        <I18nContextProvider ssr_lang_header_getter=only_the_chosen_language>
            <AppTitle />
            <Router>
                <layout::Layout>
                    <Routes fallback=NotFound>
                        <Route path=path!("/prihlaseni") view=LoginPage />
                        <Route path=path!("/prvni-spusteni") view={Lazy::<lazy::Setup>::new()} />
                        <Route
                            path=path!("/")
                            view=|| view! { <Protected min=Role::Worker><Unlocked><HomePage /></Unlocked></Protected> }
                        />
                        <Route
                            path=path!("/zaznam/kontakt")
                            view=|| view! { <Protected min=Role::Worker><Unlocked><RecordForm kind=Kind::Contact /></Unlocked></Protected> }
                        />
                        <Route
                            path=path!("/zaznam/vymena")
                            view=|| view! { <Protected min=Role::Worker><Unlocked><RecordForm kind=Kind::Exchange /></Unlocked></Protected> }
                        />
                        <Route
                            path=path!("/zaznam/krize")
                            view=|| view! { <Protected min=Role::Worker><Unlocked><RecordForm kind=Kind::CrisisVisit /></Unlocked></Protected> }
                        />
                        <Route
                            path=path!("/zaznam/strikacky")
                            view=|| view! { <Protected min=Role::Worker><Unlocked><RecordForm kind=Kind::FoundSyringes /></Unlocked></Protected> }
                        />
                        <Route
                            path=path!("/zaznam/odmitnuti")
                            view=|| view! { <Protected min=Role::Worker><Unlocked><RecordForm kind=Kind::Refusal /></Unlocked></Protected> }
                        />
                        <Route
                            path=path!("/zaznam/zmeskane")
                            view=|| view! { <Protected min=Role::Worker><Unlocked><RecordForm kind=Kind::MissedMeeting /></Unlocked></Protected> }
                        />
                        <Route
                            path=path!("/zaznam/pripad")
                            view=|| view! { <Protected min=Role::Worker><Unlocked><RecordForm kind=Kind::Case /></Unlocked></Protected> }
                        />
                        <Route
                            path=path!("/zaznam/nabidka")
                            view=|| view! { <Protected min=Role::Worker><Unlocked><RecordForm kind=Kind::Offer /></Unlocked></Protected> }
                        />
                        <Route
                            path=path!("/zaznam/konzultace")
                            view=|| view! { <Protected min=Role::Worker><Unlocked><RecordForm kind=Kind::Consultation /></Unlocked></Protected> }
                        />
                        <Route
                            path=path!("/moje-zaznamy")
                            view=|| view! { <Protected min=Role::Worker><Unlocked><MyRecordsPage /></Unlocked></Protected> }
                        />
                        <Route
                            path=path!("/nastaveni")
                            view=|| view! { <Protected min=Role::Worker><Unlocked><SettingsPage /></Unlocked></Protected> }
                        />
                        // Reports render whole on the server (no streamed
                        // placeholders), so they read and print without
                        // JavaScript.
                        <Route
                            path=path!("/prehled")
                            view={Lazy::<lazy::Dashboard>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/prehled/rozpad")
                            view={Lazy::<lazy::Breakdown>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/prehled/vykaz")
                            view={Lazy::<lazy::Annual>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/prehled/zastresujici")
                            view={Lazy::<lazy::National>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/prehled/pripady")
                            view={Lazy::<lazy::Cases>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/prehled/zaznamy")
                            view={Lazy::<lazy::RecordsBrowser>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/sprava")
                            view={Lazy::<lazy::Admin>::new()}
                        />
                        <Route
                            path=path!("/sprava/uzivatele")
                            view={Lazy::<lazy::Users>::new()}
                        />
                        <Route
                            path=path!("/sprava/sluzby")
                            view={Lazy::<lazy::Services>::new()}
                        />
                        <Route
                            path=path!("/sprava/seznamy")
                            view={Lazy::<lazy::Lists>::new()}
                        />
                        <Route
                            path=path!("/sprava/audit")
                            view={Lazy::<lazy::Audit>::new()}
                        />
                        <Route
                            path=path!("/sprava/stav")
                            view={Lazy::<lazy::ServerStatus>::new()}
                        />
                    </Routes>
                </layout::Layout>
            </Router>
        </I18nContextProvider>
    }
}

/// Pages and the least role that may open them; the authorization tests
/// walk this list, so a page added to the routes without an entry here is
/// caught.
pub const PAGES: &[(&str, Option<Role>)] = &[
    ("/prihlaseni", None),
    ("/prvni-spusteni", None),
    ("/", Some(Role::Worker)),
    ("/zaznam/kontakt", Some(Role::Worker)),
    ("/zaznam/vymena", Some(Role::Worker)),
    ("/zaznam/krize", Some(Role::Worker)),
    ("/zaznam/strikacky", Some(Role::Worker)),
    ("/zaznam/odmitnuti", Some(Role::Worker)),
    ("/zaznam/zmeskane", Some(Role::Worker)),
    ("/zaznam/pripad", Some(Role::Worker)),
    ("/zaznam/nabidka", Some(Role::Worker)),
    ("/zaznam/konzultace", Some(Role::Worker)),
    ("/moje-zaznamy", Some(Role::Worker)),
    ("/nastaveni", Some(Role::Worker)),
    ("/prehled", Some(Role::Coordinator)),
    ("/prehled/rozpad", Some(Role::Coordinator)),
    ("/prehled/vykaz", Some(Role::Coordinator)),
    ("/prehled/zastresujici", Some(Role::Coordinator)),
    ("/prehled/pripady", Some(Role::Coordinator)),
    ("/prehled/zaznamy", Some(Role::Coordinator)),
    ("/sprava", Some(Role::Admin)),
    ("/sprava/uzivatele", Some(Role::Admin)),
    ("/sprava/sluzby", Some(Role::Admin)),
    ("/sprava/seznamy", Some(Role::Admin)),
    ("/sprava/audit", Some(Role::Admin)),
    ("/sprava/stav", Some(Role::Admin)),
];

#[component]
fn AppTitle() -> impl IntoView {
    // Read once: the title is rendered after the page body, when a reactive
    // closure's locale signal may already be disposed under concurrent
    // requests. The name is the same in every language anyway.
    let name = t_string!(use_i18n(), app_name).to_string();
    view! { <Title text=name /> }
}
