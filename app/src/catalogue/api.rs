//! Server functions for the lists: everyone logged in reads them (phones
//! cache them for offline use); only admins edit them.

use super::{Catalogue, CatalogueItem};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::store::CatalogueStore,
    super::{ListKind, LABEL_MAX},
    crate::auth::{guard, Role},
    crate::error::{respond, Problem},
    crate::services::ServiceType,
    crate::text,
};

#[server(endpoint = "catalogue")]
pub async fn get_catalogue() -> Result<Catalogue, AppError> {
    respond(async {
        let user = guard::require(Role::Worker)?;
        let today = crate::dates::ymd(chrono::Utc::now().date_naive());
        guard::store::<dyn CatalogueStore>()?
            .phone_catalogue(user.id, &today)
            .await
    })
    .await
}

#[cfg(feature = "ssr")]
fn valid_label(label: &str) -> Result<String, AppError> {
    let label = label.trim();
    AppError::check_text("label", label, true, LABEL_MAX)?;
    Ok(label.to_owned())
}

/// The types of service an item is for, as the form's `types[]` boxes send
/// them; none checked means every service.
#[cfg(feature = "ssr")]
fn valid_types(types: Option<Vec<String>>) -> Result<Vec<ServiceType>, AppError> {
    types
        .unwrap_or_default()
        .iter()
        .map(|name| {
            ServiceType::parse(name).ok_or_else(|| AppError::invalid("types", Problem::Unknown))
        })
        .collect()
}

#[server(endpoint = "admin/catalogue/add")]
pub async fn add_catalogue_item(
    list: String,
    label: String,
    types: Option<Vec<String>>,
) -> Result<CatalogueItem, AppError> {
    respond(async move {
        let admin = guard::require(Role::Admin)?;
        let kind =
            ListKind::parse(&list).ok_or_else(|| AppError::invalid("list", Problem::Unknown))?;
        let label = valid_label(&label)?;
        let types = valid_types(types)?;
        let code = text::slug(&label);
        if code.is_empty() {
            return Err(AppError::invalid("label", Problem::BadCharacters));
        }
        let actor = guard::actor(Some(&admin));
        guard::store::<dyn CatalogueStore>()?
            .add_item(kind, &code, &label, &types, &actor)
            .await
    })
    .await
}

#[server(endpoint = "admin/catalogue/update")]
pub async fn update_catalogue_item(
    id: i64,
    label: String,
    active: bool,
    types: Option<Vec<String>>,
) -> Result<CatalogueItem, AppError> {
    respond(async move {
        let admin = guard::require(Role::Admin)?;
        let label = valid_label(&label)?;
        let types = valid_types(types)?;
        let actor = guard::actor(Some(&admin));
        guard::store::<dyn CatalogueStore>()?
            .update_item(id, &label, active, &types, &actor)
            .await
    })
    .await
}
