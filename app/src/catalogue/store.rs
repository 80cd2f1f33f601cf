//! What the lists and the services ask of the database: the catalogue's
//! part of the store boundary (see [`crate::store`]). Every change is
//! audited in its own transaction and tells every phone its copy is stale.

use super::{types_to_text, Catalogue, CatalogueItem, ListKind};
use crate::audit::Actor;
use crate::db::{Answer, Db};
use crate::error::AppError;
use crate::services::{Service, ServiceType};

/// A service as an admin sets it.
#[derive(Debug, Clone, Copy)]
pub struct ServiceEdit<'a> {
    pub name: &'a str,
    pub registry_id: &'a str,
    pub active: bool,
    /// `None`: the service keeps its own.
    pub exchange_minutes: Option<i64>,
}

/// The audit entry's subject and detail for an item as changed.
pub fn item_audit(item: &CatalogueItem) -> (String, String) {
    let detail = format!(
        "{} ({}; {})",
        item.label,
        if item.active { "active" } else { "inactive" },
        if item.service_types.is_empty() {
            "every service".to_owned()
        } else {
            types_to_text(&item.service_types)
        }
    );
    (format!("{}/{}", item.list, item.code), detail)
}

/// The audit entry's detail for a service as changed.
pub fn service_audit(service: &Service) -> String {
    format!(
        "{} ({})",
        service.registry_id,
        if service.active { "active" } else { "inactive" }
    )
}

pub trait CatalogueStore: Send + Sync + 'static {
    /// What a phone keeps for `user` as of `today`: the lists, the
    /// services, those `user` works for and their recent cases.
    fn phone_catalogue<'a>(&'a self, user: i64, today: &'a str) -> Answer<'a, Catalogue>;

    /// Every service, in the order they were created.
    fn services(&self) -> Answer<'_, Vec<Service>>;

    /// Adds an item at the end of its list; a taken code is refused.
    fn add_item<'a>(
        &'a self,
        list: ListKind,
        code: &'a str,
        label: &'a str,
        types: &'a [ServiceType],
        actor: &'a Actor,
    ) -> Answer<'a, CatalogueItem>;

    /// Renames, (de)activates or retargets an item; its code stays.
    fn update_item<'a>(
        &'a self,
        id: i64,
        label: &'a str,
        active: bool,
        types: &'a [ServiceType],
        actor: &'a Actor,
    ) -> Answer<'a, CatalogueItem>;

    /// Opens a service, with its type's pack added to the lists.
    fn create_service<'a>(
        &'a self,
        service_type: ServiceType,
        name: &'a str,
        registry_id: &'a str,
        actor: &'a Actor,
    ) -> Answer<'a, Service>;

    /// Renames, re-registers or (de)activates a service; its type stays.
    fn update_service<'a>(
        &'a self,
        id: i64,
        edit: ServiceEdit<'a>,
        actor: &'a Actor,
    ) -> Answer<'a, Service>;
}

impl CatalogueStore for Db {
    fn phone_catalogue<'a>(&'a self, user: i64, today: &'a str) -> Answer<'a, Catalogue> {
        Box::pin(async move {
            let mut db = self.read().acquire().await?;
            let mut catalogue = super::db::load(&mut db).await?;
            catalogue.assigned = crate::services::db::assigned(&mut *db, user).await?;
            catalogue.cases = super::db::recent_cases(&mut db, &catalogue.assigned, today).await?;
            catalogue.reader = Some(user);
            Ok(catalogue)
        })
    }

    fn services(&self) -> Answer<'_, Vec<Service>> {
        Box::pin(crate::services::db::list(self.read()))
    }

    fn add_item<'a>(
        &'a self,
        list: ListKind,
        code: &'a str,
        label: &'a str,
        types: &'a [ServiceType],
        actor: &'a Actor,
    ) -> Answer<'a, CatalogueItem> {
        Box::pin(async move {
            let mut tx = self.begin().await?;
            let item = super::db::add(&mut tx, list, code, label, types).await?;
            let subject = format!("{}/{}", item.list, item.code);
            crate::audit::record(&mut *tx, actor, "list_item_added", &subject, label).await?;
            tx.commit().await?;
            Ok(item)
        })
    }

    fn update_item<'a>(
        &'a self,
        id: i64,
        label: &'a str,
        active: bool,
        types: &'a [ServiceType],
        actor: &'a Actor,
    ) -> Answer<'a, CatalogueItem> {
        Box::pin(async move {
            let mut tx = self.begin().await?;
            let item = super::db::update(&mut tx, id, label, active, types).await?;
            let (subject, detail) = item_audit(&item);
            crate::audit::record(&mut *tx, actor, "list_item_changed", &subject, &detail).await?;
            tx.commit().await?;
            Ok(item)
        })
    }

    fn create_service<'a>(
        &'a self,
        service_type: ServiceType,
        name: &'a str,
        registry_id: &'a str,
        actor: &'a Actor,
    ) -> Answer<'a, Service> {
        Box::pin(async move {
            use crate::services::db;
            let mut tx = self.begin().await?;
            let service = db::insert(&mut *tx, service_type, name, registry_id).await?;
            db::add_packs(&mut tx).await?;
            crate::services::db::bump_version(&mut *tx).await?;
            let kind = service_type.as_str();
            crate::audit::record(&mut *tx, actor, "service_created", name, kind).await?;
            tx.commit().await?;
            Ok(service)
        })
    }

    fn update_service<'a>(
        &'a self,
        id: i64,
        edit: ServiceEdit<'a>,
        actor: &'a Actor,
    ) -> Answer<'a, Service> {
        Box::pin(async move {
            use crate::services::db;
            let mut tx = self.begin().await?;
            let minutes = match edit.exchange_minutes {
                Some(minutes) => minutes,
                None => {
                    db::list(&mut *tx)
                        .await?
                        .into_iter()
                        .find(|service| service.id == id)
                        .ok_or(AppError::NotFound)?
                        .exchange_minutes
                }
            };
            let service = db::update(
                &mut *tx,
                id,
                edit.name,
                edit.registry_id,
                edit.active,
                minutes,
            )
            .await?;
            crate::services::db::bump_version(&mut *tx).await?;
            let detail = service_audit(&service);
            crate::audit::record(&mut *tx, actor, "service_changed", &service.name, &detail)
                .await?;
            tx.commit().await?;
            Ok(service)
        })
    }
}
