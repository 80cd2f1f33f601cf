//! Where the organisation's handover key lives (one row in `settings`),
//! and the keys phones sign their handover files with.

use crate::error::AppError;
use sqlx::SqliteConnection;

/// The private key (base64), made on first use. Phones asking at once all
/// get the one that landed first.
pub async fn private_key(db: &mut SqliteConnection, fresh: &str) -> Result<String, AppError> {
    sqlx::query!(
        "INSERT OR IGNORE INTO settings (key, value) VALUES ('handover_private_key', ?)",
        fresh
    )
    .execute(&mut *db)
    .await?;
    Ok(
        sqlx::query_scalar!("SELECT value FROM settings WHERE key = 'handover_private_key'")
            .fetch_one(&mut *db)
            .await?,
    )
}

/// Keeps a phone's public key for signing its user's handover files; a
/// key registered before stays.
pub async fn register_author(
    db: &mut SqliteConnection,
    user_id: i64,
    device_id: &str,
    public_key: &str,
    now: &str,
) -> Result<(), AppError> {
    sqlx::query!(
        "INSERT OR IGNORE INTO handover_authors (user_id, device_id, public_key, registered_at)
         VALUES (?, ?, ?, ?)",
        user_id,
        device_id,
        public_key,
        now
    )
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// The keys `user_id` registered from `device_id`.
pub async fn author_keys(
    db: &mut SqliteConnection,
    user_id: i64,
    device_id: &str,
) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar!(
        "SELECT public_key FROM handover_authors WHERE user_id = ? AND device_id = ?",
        user_id,
        device_id
    )
    .fetch_all(&mut *db)
    .await?)
}
