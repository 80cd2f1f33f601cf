//! Server functions for the lists: everyone logged in reads them (phones
//! cache them for offline use); only admins edit them.

use super::{Catalogue, CatalogueItem};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{db, ListKind, LABEL_MAX},
    crate::auth::{guard, Role},
    crate::error::{respond, Problem},
    crate::services::ServiceType,
    crate::{audit, services, text},
};

#[server(endpoint = "catalogue")]
pub async fn get_catalogue() -> Result<Catalogue, AppError> {
    respond(async {
        let user = guard::require(Role::Worker)?;
        let pool = guard::pool()?;
        let mut db = pool.read().acquire().await?;
        let mut catalogue = db::load(&mut db).await?;
        catalogue.assigned = services::db::assigned(&mut *db, user.id).await?;
        let today = crate::dates::ymd(chrono::Utc::now().date_naive());
        catalogue.cases = db::recent_cases(&mut db, &catalogue.assigned, &today).await?;
        catalogue.reader = Some(user.id);
        Ok(catalogue)
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
        let pool = guard::pool()?;
        let mut tx = pool.begin().await?;
        let item = db::add(&mut tx, kind, &code, &label, &types).await?;
        let actor = guard::actor(Some(&admin));
        audit::record(
            &mut *tx,
            &actor,
            "list_item_added",
            &format!("{list}/{code}"),
            &label,
        )
        .await?;
        tx.commit().await?;
        Ok(item)
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
        let pool = guard::pool()?;
        let mut tx = pool.begin().await?;
        let item = db::update(&mut tx, id, &label, active, &types).await?;
        let actor = guard::actor(Some(&admin));
        let detail = format!(
            "{} ({}; {})",
            item.label,
            if active { "active" } else { "inactive" },
            if types.is_empty() {
                "every service".to_owned()
            } else {
                super::types_to_text(&types)
            }
        );
        let subject = format!("{}/{}", item.list, item.code);
        audit::record(&mut *tx, &actor, "list_item_changed", &subject, &detail).await?;
        tx.commit().await?;
        Ok(item)
    })
    .await
}
