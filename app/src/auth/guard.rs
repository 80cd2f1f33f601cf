//! The one guard: every server function starts with [`require`] (or, for the
//! few public ones, reads [`visitor`]); pages go through `ui::Protected`,
//! which asks the same question.

use super::session::Visitor;
use super::throttle::LoginThrottle;
use super::{Profile, Role};
use crate::audit::Actor;
use crate::error::{internal, AppError};
use leptos::prelude::use_context;
use std::sync::Arc;

/// The visitor of the request being handled.
pub fn visitor() -> Visitor {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Visitor>().cloned())
        .unwrap_or(Visitor {
            profile: None,
            client_addr: "unknown".to_owned(),
        })
}

/// The logged-in user if their role allows `needed`.
pub fn require(needed: Role) -> Result<Profile, AppError> {
    check(&visitor(), needed)
}

/// The same question for plain axum handlers (CSV downloads), which get the
/// visitor from the request themselves.
pub fn check(visitor: &Visitor, needed: Role) -> Result<Profile, AppError> {
    match visitor.profile.clone() {
        None => Err(AppError::Unauthenticated),
        Some(profile) if profile.role.allows(needed) => Ok(profile),
        Some(_) => Err(AppError::Forbidden),
    }
}

/// The audit log's view of the visitor.
pub fn actor(profile: Option<&Profile>) -> Actor {
    let visitor = visitor();
    Actor {
        id: profile.map(|profile| profile.id),
        name: profile
            .map(|profile| profile.username.clone())
            .unwrap_or_else(|| "-".to_owned()),
        client_addr: visitor.client_addr,
    }
}

/// The organisation's store: the part `S` of it a feature asks for (see
/// `crate::store`), e.g. `store::<dyn AccountStore>()`.
pub fn store<S: ?Sized + Send + Sync + 'static>() -> Result<Arc<S>, AppError> {
    use_context::<Arc<S>>().ok_or_else(|| internal("no store in context"))
}

pub fn setup_code() -> Result<super::setup_code::SetupCode, AppError> {
    use_context::<super::setup_code::SetupCode>()
        .ok_or_else(|| internal("no setup code in context"))
}

pub fn throttle() -> Result<Arc<LoginThrottle>, AppError> {
    use_context::<Arc<LoginThrottle>>().ok_or_else(|| internal("no login throttle in context"))
}

pub async fn session() -> Result<tower_sessions::Session, AppError> {
    leptos_axum::extract::<tower_sessions::Session>()
        .await
        .map_err(internal)
}
