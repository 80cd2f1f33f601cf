//! Catalogue storage.

use super::{types_from_text, types_to_text, Catalogue, CatalogueItem, ListKind};
use crate::error::{AppError, Problem};
use crate::services::db::bump_version;
use crate::services::{self, ServiceType};
use sqlx::{SqliteConnection, SqliteExecutor};

/// A list item as either engine reads it.
pub struct ItemRow {
    pub id: i64,
    pub list: String,
    pub code: String,
    pub label: String,
    pub active: bool,
    pub position: i64,
    pub service_types: String,
}

impl ItemRow {
    pub fn item(self) -> CatalogueItem {
        CatalogueItem {
            id: self.id,
            list: self.list,
            code: self.code,
            label: self.label,
            active: self.active,
            position: self.position,
            service_types: types_from_text(&self.service_types),
        }
    }
}

pub async fn load(db: &mut SqliteConnection) -> Result<Catalogue, AppError> {
    let version = version(&mut *db).await?;
    let items = sqlx::query_as!(
        ItemRow,
        r#"SELECT id AS "id!", list, code, label, active AS "active: bool", position, service_types
           FROM catalogue_items ORDER BY list, position, id"#
    )
    .fetch_all(&mut *db)
    .await?
    .into_iter()
    .map(ItemRow::item)
    .collect();
    let services = services::db::list(&mut *db).await?;
    Ok(Catalogue {
        version,
        items,
        services,
        assigned: Vec::new(),
        reader: None,
        cases: Vec::new(),
    })
}

/// The cases of `services` received in the last [`super::CASE_DAYS_ON_PHONE`]
/// days before `today`, newest first.
pub async fn recent_cases(
    db: &mut SqliteConnection,
    services: &[i64],
    today: &str,
) -> Result<Vec<super::CaseRef>, AppError> {
    if services.is_empty() {
        return Ok(Vec::new());
    }
    let services = serde_json::to_string(services).map_err(crate::error::internal)?;
    let days = format!("-{} days", super::CASE_DAYS_ON_PHONE);
    let rows = sqlx::query!(
        r#"SELECT c.id AS "id!", c.details ->> '$.number' AS "number!: String",
                  c.service_id AS "service!", c.details ->> '$.received_at' AS "received_at!: String",
                  (SELECT MIN(r.occurred_utc) FROM records r
                   WHERE r.case_id = c.id AND r.voided_at IS NULL
                     AND r.service_id = c.service_id) AS "first_offer_utc?: String"
           FROM records c
           WHERE c.kind = 'case' AND c.voided_at IS NULL
             AND c.police_record_day >= date(?1, ?2)
             AND c.service_id IN (SELECT value FROM json_each(?3))
           ORDER BY c.police_record_utc DESC"#,
        today,
        days,
        services
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| super::CaseRef {
            id: r.id,
            number: r.number,
            service: r.service,
            received_at: r.received_at,
            first_offer_utc: r.first_offer_utc,
        })
        .collect())
}

pub async fn version(db: impl SqliteExecutor<'_>) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT CAST(value AS INTEGER) AS "version!: i64" FROM settings WHERE key = 'catalogue_version'"#
    )
    .fetch_one(db)
    .await?)
}

/// Adds an item at the end of its list; the code is derived from the label.
pub async fn add(
    db: &mut SqliteConnection,
    kind: ListKind,
    code: &str,
    label: &str,
    service_types: &[ServiceType],
) -> Result<CatalogueItem, AppError> {
    let list = kind.as_str();
    let types = types_to_text(service_types);
    let item = sqlx::query_as!(
        ItemRow,
        r#"INSERT INTO catalogue_items (list, code, label, position, service_types)
           VALUES (?1, ?2, ?3, (SELECT COALESCE(MAX(position), 0) + 1 FROM catalogue_items WHERE list = ?1), ?4)
           RETURNING id AS "id!", list, code, label, active AS "active: bool", position, service_types"#,
        list,
        code,
        label,
        types
    )
    .fetch_one(&mut *db)
    .await
    .map_err(|error| match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            AppError::invalid("label", Problem::Taken)
        }
        _ => error.into(),
    })?
    .item();
    bump_version(&mut *db).await?;
    Ok(item)
}

/// Renames, (de)activates or retargets an item. Its code never changes:
/// records keep pointing at it.
pub async fn update(
    db: &mut SqliteConnection,
    id: i64,
    label: &str,
    active: bool,
    service_types: &[ServiceType],
) -> Result<CatalogueItem, AppError> {
    let types = types_to_text(service_types);
    let item = sqlx::query_as!(
        ItemRow,
        r#"UPDATE catalogue_items SET label = ?, active = ?, service_types = ? WHERE id = ?
           RETURNING id AS "id!", list, code, label, active AS "active: bool", position, service_types"#,
        label,
        active,
        types,
        id
    )
    .fetch_optional(&mut *db)
    .await?
    .ok_or(AppError::NotFound)?
    .item();
    bump_version(&mut *db).await?;
    Ok(item)
}
