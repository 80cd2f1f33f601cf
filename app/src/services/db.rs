//! Services and who works for them.

use super::{packs, Service, ServiceType};
use crate::error::{internal, AppError, Problem};
use sqlx::{SqliteConnection, SqliteExecutor};

/// A service as either engine reads it.
pub struct ServiceRow {
    pub id: i64,
    pub service_type: String,
    pub name: String,
    pub registry_id: String,
    pub active: bool,
    pub exchange_minutes: i64,
}

impl ServiceRow {
    pub fn service(self) -> Result<Service, AppError> {
        Ok(Service {
            id: self.id,
            service_type: ServiceType::parse(&self.service_type)
                .ok_or_else(|| internal(format!("service type {}", self.service_type)))?,
            name: self.name,
            registry_id: self.registry_id,
            active: self.active,
            exchange_minutes: self.exchange_minutes,
        })
    }
}

/// Every service, in the order they were created.
pub async fn list(db: impl SqliteExecutor<'_>) -> Result<Vec<Service>, AppError> {
    sqlx::query_as!(
        ServiceRow,
        r#"SELECT id AS "id!", type AS service_type, name, registry_id, active AS "active: bool",
                  exchange_minutes
           FROM services ORDER BY id"#
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(ServiceRow::service)
    .collect()
}

fn unique_name(error: sqlx::Error) -> AppError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            AppError::invalid("name", Problem::Taken)
        }
        _ => error.into(),
    }
}

pub async fn insert(
    db: impl SqliteExecutor<'_>,
    service_type: ServiceType,
    name: &str,
    registry_id: &str,
) -> Result<Service, AppError> {
    let service_type = service_type.as_str();
    sqlx::query_as!(
        ServiceRow,
        r#"INSERT INTO services (type, name, registry_id) VALUES (?, ?, ?)
           RETURNING id AS "id!", type AS service_type, name, registry_id, active AS "active: bool",
                  exchange_minutes"#,
        service_type,
        name,
        registry_id
    )
    .fetch_one(db)
    .await
    .map_err(unique_name)?
    .service()
}

/// Renames, re-registers or (de)activates a service; its type never
/// changes, as its records were logged for that type.
pub async fn update(
    db: impl SqliteExecutor<'_>,
    id: i64,
    name: &str,
    registry_id: &str,
    active: bool,
    exchange_minutes: i64,
) -> Result<Service, AppError> {
    sqlx::query_as!(
        ServiceRow,
        r#"UPDATE services SET name = ?, registry_id = ?, active = ?, exchange_minutes = ?
           WHERE id = ?
           RETURNING id AS "id!", type AS service_type, name, registry_id, active AS "active: bool",
                  exchange_minutes"#,
        name,
        registry_id,
        active,
        exchange_minutes,
        id
    )
    .fetch_optional(db)
    .await
    .map_err(unique_name)?
    .ok_or(AppError::NotFound)?
    .service()
}

/// The active services a user works for, lowest id first.
pub async fn assigned(db: impl SqliteExecutor<'_>, user_id: i64) -> Result<Vec<i64>, AppError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT s.id AS "id!" FROM user_services u JOIN services s ON s.id = u.service_id
           WHERE u.user_id = ? AND s.active = 1 ORDER BY s.id"#,
        user_id
    )
    .fetch_all(db)
    .await?)
}

/// Every user's services (active or not), as (user, service) pairs.
pub async fn assignments(db: impl SqliteExecutor<'_>) -> Result<Vec<(i64, i64)>, AppError> {
    Ok(
        sqlx::query!("SELECT user_id, service_id FROM user_services ORDER BY user_id, service_id")
            .fetch_all(db)
            .await?
            .into_iter()
            .map(|row| (row.user_id, row.service_id))
            .collect(),
    )
}

/// Makes `services` the user's services. An id that names no service is
/// refused and nothing changes.
pub async fn set_assignments(
    tx: &mut SqliteConnection,
    user_id: i64,
    services: &[i64],
) -> Result<(), AppError> {
    let json = serde_json::to_string(services).map_err(internal)?;
    let known = sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "count!: i64" FROM services
           WHERE id IN (SELECT value FROM json_each(?1))"#,
        json
    )
    .fetch_one(&mut *tx)
    .await?;
    let mut distinct = services.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    if usize::try_from(known).ok() != Some(distinct.len()) {
        return Err(AppError::invalid("services", Problem::Unknown));
    }
    sqlx::query!("DELETE FROM user_services WHERE user_id = ?", user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query!(
        "INSERT INTO user_services (user_id, service_id)
         SELECT ?1, value FROM json_each(?2) GROUP BY value",
        user_id,
        json
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// On a fresh install, swaps the placeholder service for the ones the
/// organisation named at the first start. Only ever called while there is
/// no account, so no record or assignment can refer to the placeholder.
pub async fn replace_placeholder(
    tx: &mut SqliteConnection,
    services: &[(ServiceType, String)],
) -> Result<Vec<Service>, AppError> {
    sqlx::query!("DELETE FROM user_services")
        .execute(&mut *tx)
        .await?;
    sqlx::query!("DELETE FROM services")
        .execute(&mut *tx)
        .await?;
    let mut created = Vec::with_capacity(services.len());
    for (service_type, name) in services {
        created.push(insert(&mut *tx, *service_type, name, "").await?);
    }
    Ok(created)
}

/// Adds the default pack of every type of service the organisation runs to
/// the lists, item by item where its code is still free; returns how many
/// were added, so the caller can tell the phones their lists changed.
/// Called whenever a service opens and at every start (which is how an
/// existing install gets the packs), so it must change nothing the second
/// time, nor anything the admin changed.
pub async fn add_packs(db: &mut SqliteConnection) -> Result<u64, AppError> {
    let services = list(&mut *db).await?;
    let mut added = 0;
    for service_type in ServiceType::ALL
        .into_iter()
        .filter(|t| services.iter().any(|s| s.service_type == *t))
    {
        let types = service_type.as_str();
        for (list, code, label) in packs::of(service_type) {
            added += sqlx::query!(
                "INSERT INTO catalogue_items (list, code, label, position, service_types)
                 VALUES (?1, ?2, ?3, (SELECT COALESCE(MAX(position), 0) + 1 FROM catalogue_items WHERE list = ?1), ?4)
                 ON CONFLICT (list, code) DO NOTHING",
                list,
                code,
                label,
                types
            )
            .execute(&mut *db)
            .await?
            .rows_affected();
        }
    }
    Ok(added)
}

/// Tells every phone its copy of the lists and services is stale. Called
/// by every edit of the lists, the services or who works for them.
pub async fn bump_version(db: impl SqliteExecutor<'_>) -> Result<(), AppError> {
    sqlx::query!(
        "UPDATE settings
         SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT),
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE key = 'catalogue_version'"
    )
    .execute(db)
    .await?;
    Ok(())
}
