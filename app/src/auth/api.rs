//! Server functions for logging in and out and for the first start.
//! Stable endpoints: the phone's cached app calls them across deployments.

use super::{Profile, SessionState};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::store::{AccountStore, NewUser},
    super::{guard, password, session, validate},
    crate::services::ServiceType,
    crate::{error::respond, error::Problem},
};

/// Who is logged in, or whether the first admin is still to be created.
#[server(endpoint = "session")]
pub async fn current_session() -> Result<SessionState, AppError> {
    respond(async {
        if let Some(profile) = guard::visitor().profile {
            return Ok(SessionState::User(profile));
        }
        let pool = guard::store::<dyn AccountStore>()?;
        if pool.count_users().await? == 0 {
            Ok(SessionState::SetupNeeded)
        } else {
            Ok(SessionState::Anonymous)
        }
    })
    .await
}

/// Creates the first admin and the services the organisation runs (types,
/// sent as `services[]`), and logs the admin in, given the setup code from
/// the server's log. Refused once any account exists.
#[server(endpoint = "setup")]
pub async fn create_first_admin(
    setup_code: String,
    username: String,
    display_name: String,
    password: String,
    password_again: String,
    services: Option<Vec<String>>,
) -> Result<Profile, AppError> {
    respond(async move {
        let pool = guard::store::<dyn AccountStore>()?;
        if pool.count_users().await? > 0 {
            return Err(AppError::AlreadySetUp);
        }
        // Guesses at the code are throttled like guesses at a password.
        let throttle = guard::throttle()?;
        let attempt = throttle
            .begin("(setup)", &guard::visitor().client_addr)
            .await
            .map_err(|retry_after_secs| AppError::Throttled { retry_after_secs })?;
        if !guard::setup_code()?.matches(&setup_code) {
            return Err(AppError::invalid("setup_code", Problem::Mismatch));
        }
        attempt.succeeded();
        let username = validate::username(&username)?;
        let display_name = validate::display_name(&display_name)?;
        validate::new_password(&password)?;
        if password != password_again {
            return Err(AppError::invalid("password_again", Problem::Mismatch));
        }
        let types = first_services(services.unwrap_or_default())?;
        let hash = password::hash(password).await?;

        let named: Vec<_> = types
            .iter()
            .map(|kind| (*kind, kind.default_name().to_owned()))
            .collect();
        let admin = NewUser {
            username: &username,
            display_name: &display_name,
            password_hash: &hash,
            role: super::Role::Admin,
        };
        let id = pool.first_start(admin, &named, &guard::actor(None)).await?;

        let row = pool.user(id).await?.ok_or(AppError::Internal)?;
        session::start(&guard::session().await?, &row).await?;
        row.profile().ok_or(AppError::Internal)
    })
    .await
}

/// The types of service chosen at the first start, each once, in the
/// order of the list; at least one.
#[cfg(feature = "ssr")]
fn first_services(chosen: Vec<String>) -> Result<Vec<ServiceType>, AppError> {
    let mut types = Vec::new();
    for value in &chosen {
        let kind = ServiceType::parse(value)
            .ok_or_else(|| AppError::invalid("services", Problem::Unknown))?;
        if !types.contains(&kind) {
            types.push(kind);
        }
    }
    if types.is_empty() {
        return Err(AppError::invalid("services", Problem::Required));
    }
    types.sort_by_key(|kind| ServiceType::ALL.iter().position(|it| it == kind));
    Ok(types)
}

/// Logs in. Wrong username, wrong password and a deactivated account all get
/// the same answer, and take the same time.
#[server(endpoint = "login")]
pub async fn login(username: String, password: String) -> Result<Profile, AppError> {
    respond(async move {
        let typed = username.trim().to_ascii_lowercase();
        AppError::check_text("username", &typed, true, validate::USERNAME_MAX)?;
        AppError::check_text("password", &password, true, validate::PASSWORD_MAX)?;

        let visitor = guard::visitor();
        let throttle = guard::throttle()?;
        let attempt = throttle
            .begin(&typed, &visitor.client_addr)
            .await
            .map_err(|retry_after_secs| AppError::Throttled { retry_after_secs })?;

        let pool = guard::store::<dyn AccountStore>()?;
        let row = pool.user_named(&typed).await?;
        let stored = row.as_ref().map(|row| row.password_hash.clone());
        let matches = password::verify(password, stored).await?;
        let user = row.filter(|_| matches);
        let profile = user.as_ref().and_then(|row| row.profile());

        match (user, profile) {
            (Some(row), Some(profile)) => {
                attempt.succeeded();
                session::start(&guard::session().await?, &row).await?;
                pool.audit(&guard::actor(Some(&profile)), "login", &typed, "")
                    .await?;
                Ok(profile)
            }
            _ => {
                pool.audit(&guard::actor(None), "login_failed", &typed, "")
                    .await?;
                Err(AppError::InvalidCredentials)
            }
        }
    })
    .await
}

/// Ends the session. Harmless when there is none.
#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    respond(async {
        let profile = guard::visitor().profile;
        session::end(&guard::session().await?).await?;
        if let Some(profile) = profile {
            let pool = guard::store::<dyn AccountStore>()?;
            let actor = guard::actor(Some(&profile));
            pool.audit(&actor, "logout", &profile.username, "").await?;
        }
        Ok(())
    })
    .await
}
