//! Where the organisation's handover key lives: one row in `settings`.

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
