//! The lists and the services on PostgreSQL: the twins of
//! `app::catalogue::db` and the service parts of `app::services::db`.

use crate::PgStore;
use app::audit::Actor;
use app::catalogue::db::ItemRow;
use app::catalogue::store::{item_audit, service_audit, CatalogueStore, ServiceEdit};
use app::catalogue::{
    types_to_text, CaseRef, Catalogue, CatalogueItem, ListKind, CASE_DAYS_ON_PHONE,
};
use app::error::{internal, AppError, Problem};
use app::services::db::ServiceRow;
use app::services::{Service, ServiceType};
use app::store::Answer;
use sqlx::PgConnection;

/// See `app::catalogue::db::load`.
pub(crate) async fn catalogue(db: &mut PgConnection) -> Result<Catalogue, AppError> {
    let version = sqlx::query_scalar!(
        r#"SELECT value::bigint AS "version!" FROM settings WHERE key = 'catalogue_version'"#
    )
    .fetch_one(&mut *db)
    .await?;
    let items = sqlx::query_as!(
        ItemRow,
        r#"SELECT id, list, code, label, active = 1 AS "active!", position, service_types
           FROM catalogue_items ORDER BY list, position, id"#
    )
    .fetch_all(&mut *db)
    .await?
    .into_iter()
    .map(ItemRow::item)
    .collect();
    Ok(Catalogue {
        version,
        items,
        services: services(&mut *db).await?,
        assigned: Vec::new(),
        reader: None,
        cases: Vec::new(),
    })
}

async fn services(db: &mut PgConnection) -> Result<Vec<Service>, AppError> {
    sqlx::query_as!(
        ServiceRow,
        r#"SELECT id, type AS service_type, name, registry_id, active = 1 AS "active!",
                  exchange_minutes
           FROM services ORDER BY id"#
    )
    .fetch_all(&mut *db)
    .await?
    .into_iter()
    .map(ServiceRow::service)
    .collect()
}

/// Tells every phone its copy is stale.
pub(crate) async fn bump_version(db: &mut PgConnection) -> Result<(), AppError> {
    sqlx::query!(
        "UPDATE settings SET value = (value::bigint + 1)::text, updated_at = teren_now()
         WHERE key = 'catalogue_version'"
    )
    .execute(&mut *db)
    .await?;
    Ok(())
}

async fn recent_cases(
    db: &mut PgConnection,
    services: &[i64],
    today: &str,
) -> Result<Vec<CaseRef>, AppError> {
    if services.is_empty() {
        return Ok(Vec::new());
    }
    let days = i32::try_from(CASE_DAYS_ON_PHONE).map_err(internal)?;
    let rows = sqlx::query!(
        r#"SELECT c.id, c.details::jsonb ->> 'number' AS "number!",
                  c.service_id AS "service!", c.details::jsonb ->> 'received_at' AS "received_at!",
                  (SELECT MIN(r.occurred_utc) FROM records r
                   WHERE r.case_id = c.id AND r.voided_at IS NULL
                     AND r.service_id = c.service_id) AS "first_offer_utc?"
           FROM records c
           WHERE c.kind = 'case' AND c.voided_at IS NULL
             AND c.police_record_day >= to_char($1::text::date - $2::integer, 'YYYY-MM-DD')
             AND c.service_id = ANY($3)
           ORDER BY c.police_record_utc DESC"#,
        today,
        days,
        services
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CaseRef {
            id: r.id,
            number: r.number,
            service: r.service,
            received_at: r.received_at,
            first_offer_utc: r.first_offer_utc,
        })
        .collect())
}

fn taken(error: sqlx::Error, field: &'static str) -> AppError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            AppError::invalid(field, Problem::Taken)
        }
        _ => error.into(),
    }
}

async fn audit(
    db: &mut PgConnection,
    actor: &Actor,
    action: &str,
    subject: &str,
    detail: &str,
) -> Result<(), AppError> {
    crate::accounts::audit(db, actor, action, subject, detail).await
}

impl CatalogueStore for PgStore {
    fn phone_catalogue<'a>(&'a self, user: i64, today: &'a str) -> Answer<'a, Catalogue> {
        Box::pin(async move {
            let mut db = self.pool.acquire().await?;
            let mut catalogue = catalogue(&mut db).await?;
            catalogue.assigned = crate::accounts::assigned(&mut db, user).await?;
            catalogue.cases = recent_cases(&mut db, &catalogue.assigned, today).await?;
            catalogue.reader = Some(user);
            Ok(catalogue)
        })
    }

    fn services(&self) -> Answer<'_, Vec<Service>> {
        Box::pin(async move { services(&mut *self.pool.acquire().await?).await })
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
            let mut tx = self.pool.begin().await?;
            let item = sqlx::query_as!(
                ItemRow,
                r#"INSERT INTO catalogue_items (list, code, label, position, service_types)
                   VALUES ($1, $2, $3,
                           (SELECT COALESCE(MAX(position), 0) + 1 FROM catalogue_items
                            WHERE list = $1), $4)
                   RETURNING id, list, code, label, active = 1 AS "active!", position,
                             service_types"#,
                list.as_str(),
                code,
                label,
                types_to_text(types)
            )
            .fetch_one(&mut *tx)
            .await
            .map_err(|error| taken(error, "label"))?
            .item();
            bump_version(&mut tx).await?;
            let subject = format!("{}/{}", item.list, item.code);
            audit(&mut tx, actor, "list_item_added", &subject, label).await?;
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
            let mut tx = self.pool.begin().await?;
            let item = sqlx::query_as!(
                ItemRow,
                r#"UPDATE catalogue_items
                   SET label = $1, active = CASE WHEN $2 THEN 1 ELSE 0 END, service_types = $3
                   WHERE id = $4
                   RETURNING id, list, code, label, active = 1 AS "active!", position,
                             service_types"#,
                label,
                active,
                types_to_text(types),
                id
            )
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(AppError::NotFound)?
            .item();
            bump_version(&mut tx).await?;
            let (subject, detail) = item_audit(&item);
            audit(&mut tx, actor, "list_item_changed", &subject, &detail).await?;
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
            let mut tx = self.pool.begin().await?;
            let service = sqlx::query_as!(
                ServiceRow,
                r#"INSERT INTO services (type, name, registry_id) VALUES ($1, $2, $3)
                   RETURNING id, type AS service_type, name, registry_id,
                             active = 1 AS "active!", exchange_minutes"#,
                service_type.as_str(),
                name,
                registry_id
            )
            .fetch_one(&mut *tx)
            .await
            .map_err(|error| taken(error, "name"))?
            .service()?;
            crate::lists::add_packs(&mut tx).await?;
            bump_version(&mut tx).await?;
            let kind = service_type.as_str();
            audit(&mut tx, actor, "service_created", name, kind).await?;
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
            let mut tx = self.pool.begin().await?;
            let service = sqlx::query_as!(
                ServiceRow,
                r#"UPDATE services
                   SET name = $1, registry_id = $2, active = CASE WHEN $3 THEN 1 ELSE 0 END,
                       exchange_minutes = COALESCE($4, exchange_minutes)
                   WHERE id = $5
                   RETURNING id, type AS service_type, name, registry_id,
                             active = 1 AS "active!", exchange_minutes"#,
                edit.name,
                edit.registry_id,
                edit.active,
                edit.exchange_minutes,
                id
            )
            .fetch_optional(&mut *tx)
            .await
            .map_err(|error| taken(error, "name"))?
            .ok_or(AppError::NotFound)?
            .service()?;
            bump_version(&mut tx).await?;
            let detail = service_audit(&service);
            audit(&mut tx, actor, "service_changed", &service.name, &detail).await?;
            tx.commit().await?;
            Ok(service)
        })
    }
}
