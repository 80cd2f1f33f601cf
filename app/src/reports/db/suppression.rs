//! The setting that hides small counts in exports.

use crate::audit::{self, Actor};
use crate::error::AppError;
use sqlx::SqliteConnection;

pub async fn suppression(db: &mut SqliteConnection) -> Result<bool, AppError> {
    let value =
        sqlx::query_scalar!("SELECT value FROM settings WHERE key = 'suppress_small_counts'")
            .fetch_optional(&mut *db)
            .await?;
    Ok(value.as_deref() != Some("0"))
}

pub async fn set_suppression(
    db: &mut SqliteConnection,
    actor: &Actor,
    on: bool,
) -> Result<(), AppError> {
    let value = if on { "1" } else { "0" };
    sqlx::query!(
        "INSERT INTO settings (key, value) VALUES ('suppress_small_counts', ?1)
         ON CONFLICT (key) DO UPDATE SET value = ?1,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
        value
    )
    .execute(&mut *db)
    .await?;
    audit::record(
        &mut *db,
        actor,
        "suppression_changed",
        "suppress_small_counts",
        value,
    )
    .await?;
    Ok(())
}
