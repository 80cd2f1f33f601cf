//! Login, first start, logout, and the wrapper that guards pages.

use super::api::{current_session, CreateFirstAdmin, Login};
use super::{validate, Profile, Role, SessionState};
use crate::browser;
use crate::error::AppError;
use crate::i18n::*;
use crate::services::labels::type_name;
use crate::services::ServiceType;
use crate::ui::{action_error, LanguageSwitch};
use leptos::prelude::*;
use leptos::server::codee::{Decoder, Encoder};
use leptos::server_fn::ServerFn;
use leptos::{ev, html};
use leptos_router::components::Redirect;

/// The visitor's session as the server rendered it. Blocking, so the server
/// knows it before sending a byte and can redirect; serialised into the
/// page, so hydration and an offline reload from the cache agree with it.
#[derive(Clone, Copy)]
pub struct SessionResource(pub Resource<Result<SessionState, AppError>, PageJson>);

pub fn provide_session() {
    let resource = Resource::new_with_options(|| (), |_| current_session(), true);
    provide_context(SessionResource(resource));
}

pub fn use_session() -> Resource<Result<SessionState, AppError>, PageJson> {
    expect_context::<SessionResource>().0
}

/// JSON, as Leptos' own codec writes it into the page, but read back from
/// bytes: server answers are read from bytes too, so the phone's download
/// holds one parser per type instead of two.
pub struct PageJson;

impl<T: serde::Serialize> Encoder<T> for PageJson {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: serde::de::DeserializeOwned> Decoder<T> for PageJson {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(text.as_bytes())
    }
}

/// Renders `children` for a user whose role allows `min`; sends anyone else
/// to the first-start page, the login page, or a "not allowed" notice.
#[component]
pub fn Protected(min: Role, children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let children = StoredValue::new(children);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match session.await {
                    Ok(SessionState::User(profile)) if profile.role.allows(min) => {
                        children.read_value()().into_any()
                    }
                    Ok(SessionState::User(_)) => view! { <Forbidden /> }.into_any(),
                    Ok(SessionState::SetupNeeded) => {
                        view! { <Redirect path="/prvni-spusteni" /> }.into_any()
                    }
                    Ok(SessionState::Anonymous) | Err(_) => {
                        view! { <Redirect path="/prihlaseni" /> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn Forbidden() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::FORBIDDEN);
    }
    view! {
        <section class="page forbidden">
            <h1>{t_string!(i18n, forbidden_title)}</h1>
            <p>{t_string!(i18n, forbidden_text)}</p>
            <a href="/">{t_string!(i18n, back_home)}</a>
        </section>
    }
}

/// Sends the visitor on when the session says this page is not for them:
/// `route` maps the session to where they belong, or `None` to stay.
#[component]
fn SessionRedirect(route: fn(&SessionState) -> Option<&'static str>) -> impl IntoView {
    let session = use_session();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let target = session.await.ok().and_then(|state| route(&state));
                target.map(|path| view! { <Redirect path=path /> })
            })}
        </Suspense>
    }
}

/// Runs [`logged_in`] once the action behind `result` succeeds.
fn on_login<S>(result: S)
where
    S: Get<Value = Option<Result<Profile, AppError>>> + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(profile)) = result.get() {
            logged_in(&profile);
        }
    });
}

/// After a login: remember the profile on the phone, have the service
/// worker drop the pages it kept of whoever was logged in before (on a
/// shared phone they show another worker) and cache this user's, and load
/// the start page anew.
fn logged_in(profile: &Profile) {
    crate::auth::remembered::remember_profile(profile);
    leptos::task::spawn_local(async {
        browser::ask_service_worker("forget-pages").await;
        browser::tell_service_worker("cache-pages");
        browser::go_to("/");
    });
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let login = ServerAction::<Login>::new();
    let result = login.value();
    on_login(result);
    let username = NodeRef::<html::Input>::new();
    let password = NodeRef::<html::Input>::new();
    // A plain form, not an ActionForm: that one reads the form through a
    // query-string parser, nearly half of this page's code and needed by no
    // other form of the phone's. Without the app's code the form still posts
    // to the server function, which answers as it does for an ActionForm.
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let value =
            |input: NodeRef<html::Input>| input.get().map(|i| i.value()).unwrap_or_default();
        login.dispatch(Login {
            username: value(username),
            password: value(password),
        });
    };

    view! {
        <SessionRedirect route=|state| match state {
            SessionState::SetupNeeded => Some("/prvni-spusteni"),
            SessionState::User(_) => Some("/"),
            SessionState::Anonymous => None,
        } />
        <section class="page login">
            <h1>{t_string!(i18n, login_title)}</h1>
            <form class="form" method="post" action=Login::url() on:submit=submit>
                <label>
                    <span>{t_string!(i18n, field_username)}</span>
                    <input
                        node_ref=username
                        name="username"
                        autocomplete="username"
                        autocapitalize="none"
                        maxlength=validate::USERNAME_MAX.to_string()
                        required
                    />
                </label>
                <label>
                    <span>{t_string!(i18n, field_password)}</span>
                    <input
                        node_ref=password
                        type="password"
                        name="password"
                        autocomplete="current-password"
                        maxlength=validate::PASSWORD_MAX.to_string()
                        required
                    />
                </label>
                <button type="submit" class="primary" disabled=move || login.pending().get()>
                    {t_string!(i18n, login_submit)}
                </button>
            </form>
            {action_error(result)}
            <LanguageSwitch />
        </section>
    }
}

#[component]
pub fn SetupPage() -> impl IntoView {
    let i18n = use_i18n();
    let setup = ServerAction::<CreateFirstAdmin>::new();
    let result = setup.value();
    on_login(result);

    view! {
        <SessionRedirect route=|state| match state {
            SessionState::SetupNeeded => None,
            SessionState::User(_) => Some("/"),
            SessionState::Anonymous => Some("/prihlaseni"),
        } />
        <section class="page setup">
            <h1>{t_string!(i18n, setup_title)}</h1>
            <p class="lead">{t_string!(i18n, setup_intro)}</p>
            <ActionForm action=setup attr:class="form">
                <label>
                    <span>{t_string!(i18n, field_setup_code)}</span>
                    <input name="setup_code" autocomplete="off" autocapitalize="characters" spellcheck="false" required />
                </label>
                <label>
                    <span>{t_string!(i18n, field_username)}</span>
                    <input name="username" autocomplete="username" autocapitalize="none" required />
                </label>
                <label>
                    <span>{t_string!(i18n, field_display_name)}</span>
                    <input name="display_name" autocomplete="name" required />
                </label>
                <label>
                    <span>{t_string!(i18n, field_password)}</span>
                    <input type="password" name="password" autocomplete="new-password" minlength=validate::PASSWORD_MIN.to_string() required />
                </label>
                <label>
                    <span>{t_string!(i18n, field_password_again)}</span>
                    <input type="password" name="password_again" autocomplete="new-password" minlength=validate::PASSWORD_MIN.to_string() required />
                </label>
                <fieldset class="choices">
                    <legend>{t_string!(i18n, setup_services)}</legend>
                    <p class="muted">{t_string!(i18n, setup_services_help)}</p>
                    {ServiceType::ALL.map(|kind| view! {
                        <label class="check">
                            <input type="checkbox" name="services[]" value=kind.as_str() />
                            <span>{type_name(i18n, kind)}</span>
                        </label>
                    })}
                </fieldset>
                <button type="submit" class="primary" disabled=move || setup.pending().get()>
                    {t_string!(i18n, setup_submit)}
                </button>
            </ActionForm>
            {action_error(result)}
        </section>
    }
}

/// "Logged in as …" for the settings page.
#[component]
pub fn WhoAmI() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                session
                    .await
                    .ok()
                    .and_then(|state| state.profile().cloned())
                    .map(|profile| {
                        let role = role_name(i18n, profile.role);
                        view! {
                            <p class="who">
                                {t_string!(i18n, logged_in_as)} " " <strong>{profile.display_name}</strong>
                                " (" {profile.username} ", " {role} ")"
                            </p>
                        }
                    })
            })}
        </Suspense>
    }
}

pub fn role_name(i18n: leptos_i18n::I18nContext<Locale>, role: Role) -> String {
    match role {
        Role::Worker => t_string!(i18n, role_worker).to_string(),
        Role::Coordinator => t_string!(i18n, role_coordinator).to_string(),
        Role::Admin => t_string!(i18n, role_admin).to_string(),
    }
}
