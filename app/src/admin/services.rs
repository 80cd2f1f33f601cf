//! Server functions for the organisation's services: coordinators read
//! them (their figures are per service); only admins create and change them.

use crate::error::AppError;
use crate::services::Service;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::auth::{guard, Role},
    crate::catalogue::store::{CatalogueStore, ServiceEdit},
    crate::error::{respond, Problem},
    crate::services::{ServiceType, EXCHANGE_MINUTES_MAX, NAME_MAX, REGISTRY_ID_MAX},
};

#[server(endpoint = "services")]
pub async fn list_services() -> Result<Vec<Service>, AppError> {
    respond(async {
        guard::require(Role::Coordinator)?;
        guard::store::<dyn CatalogueStore>()?.services().await
    })
    .await
}

/// A name and a registry identifier as typed: the name required, the
/// identifier digits only (or left empty until the registration comes).
#[cfg(feature = "ssr")]
fn valid(name: &str, registry_id: &str) -> Result<(String, String), AppError> {
    let name = name.trim();
    AppError::check_text("name", name, true, NAME_MAX)?;
    let registry_id = registry_id.trim();
    AppError::check_text("registry_id", registry_id, false, REGISTRY_ID_MAX)?;
    if !registry_id.chars().all(|c| c.is_ascii_digit()) {
        return Err(AppError::invalid("registry_id", Problem::BadCharacters));
    }
    Ok((name.to_owned(), registry_id.to_owned()))
}

#[server(endpoint = "admin/services/create")]
pub async fn create_service(
    service_type: String,
    name: String,
    registry_id: String,
) -> Result<Service, AppError> {
    respond(async move {
        let admin = guard::require(Role::Admin)?;
        let service_type = ServiceType::parse(&service_type)
            .ok_or_else(|| AppError::invalid("service_type", Problem::Unknown))?;
        let (name, registry_id) = valid(&name, &registry_id)?;
        let actor = guard::actor(Some(&admin));
        guard::store::<dyn CatalogueStore>()?
            .create_service(service_type, &name, &registry_id, &actor)
            .await
    })
    .await
}

#[server(endpoint = "admin/services/update")]
pub async fn update_service(
    id: i64,
    name: String,
    registry_id: String,
    active: bool,
    /// Left out by a form that does not show it: the service keeps its own.
    exchange_minutes: Option<i64>,
) -> Result<Service, AppError> {
    respond(async move {
        let admin = guard::require(Role::Admin)?;
        let (name, registry_id) = valid(&name, &registry_id)?;
        if exchange_minutes.is_some_and(|minutes| !(0..=EXCHANGE_MINUTES_MAX).contains(&minutes)) {
            return Err(AppError::invalid(
                "exchange_minutes",
                Problem::TooLong {
                    max: EXCHANGE_MINUTES_MAX as usize,
                },
            ));
        }
        let edit = ServiceEdit {
            name: &name,
            registry_id: &registry_id,
            active,
            exchange_minutes,
        };
        let actor = guard::actor(Some(&admin));
        guard::store::<dyn CatalogueStore>()?
            .update_service(id, edit, &actor)
            .await
    })
    .await
}
