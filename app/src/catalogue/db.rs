//! Catalogue storage.

use super::{Catalogue, CatalogueItem, ListKind};
use crate::error::{AppError, Problem};
use crate::services;
use sqlx::{SqliteConnection, SqliteExecutor};

pub async fn load(db: &mut SqliteConnection) -> Result<Catalogue, AppError> {
    let version = version(&mut *db).await?;
    let items = sqlx::query_as!(
        CatalogueItem,
        r#"SELECT id AS "id!", list, code, label, active AS "active: bool", position
           FROM catalogue_items ORDER BY list, position, id"#
    )
    .fetch_all(&mut *db)
    .await?;
    let services = services::db::list(&mut *db).await?;
    Ok(Catalogue {
        version,
        items,
        services,
        assigned: Vec::new(),
        reader: None,
    })
}

pub async fn version(db: impl SqliteExecutor<'_>) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT CAST(value AS INTEGER) AS "version!: i64" FROM settings WHERE key = 'catalogue_version'"#
    )
    .fetch_one(db)
    .await?)
}

/// Tells every phone its copy is stale. Called by every edit of the lists,
/// the services or who works for them.
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

/// Adds an item at the end of its list; the code is derived from the label.
pub async fn add(
    db: &mut SqliteConnection,
    kind: ListKind,
    code: &str,
    label: &str,
) -> Result<CatalogueItem, AppError> {
    let list = kind.as_str();
    let item = sqlx::query_as!(
        CatalogueItem,
        r#"INSERT INTO catalogue_items (list, code, label, position)
           VALUES (?1, ?2, ?3, (SELECT COALESCE(MAX(position), 0) + 1 FROM catalogue_items WHERE list = ?1))
           RETURNING id AS "id!", list, code, label, active AS "active: bool", position"#,
        list,
        code,
        label
    )
    .fetch_one(&mut *db)
    .await
    .map_err(|error| match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            AppError::invalid("label", Problem::Taken)
        }
        _ => error.into(),
    })?;
    bump_version(&mut *db).await?;
    Ok(item)
}

/// Renames or (de)activates an item. Its code never changes: records keep
/// pointing at it.
pub async fn update(
    db: &mut SqliteConnection,
    id: i64,
    label: &str,
    active: bool,
) -> Result<CatalogueItem, AppError> {
    let item = sqlx::query_as!(
        CatalogueItem,
        r#"UPDATE catalogue_items SET label = ?, active = ? WHERE id = ?
           RETURNING id AS "id!", list, code, label, active AS "active: bool", position"#,
        label,
        active,
        id
    )
    .fetch_optional(&mut *db)
    .await?
    .ok_or(AppError::NotFound)?;
    bump_version(&mut *db).await?;
    Ok(item)
}
