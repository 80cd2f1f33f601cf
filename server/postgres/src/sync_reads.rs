//! What a sync reads besides the records it writes, and the handover keys:
//! the twins of SQLite's in `app::sync` and `app::records::db`.

use app::error::AppError;
use app::sync::store::SyncContext;
use sqlx::PgConnection;
use std::collections::HashMap;

pub(crate) async fn context(
    db: &mut PgConnection,
    worker: i64,
    codes: &[&str],
) -> Result<SyncContext, AppError> {
    let catalogue = crate::catalogue::catalogue(&mut *db).await?;
    let assigned = crate::accounts::assigned(&mut *db, worker).await?;
    let mut born = HashMap::new();
    if !codes.is_empty() {
        let codes: Vec<String> = codes.iter().map(|code| (*code).to_owned()).collect();
        for row in sqlx::query!(
            r#"SELECT code, service_id, birth_year::integer AS "birth_year!" FROM client_basics
               WHERE birth_year IS NOT NULL AND code = ANY($1)"#,
            &codes
        )
        .fetch_all(&mut *db)
        .await?
        {
            born.insert((row.code, row.service_id), row.birth_year);
        }
    }
    Ok(SyncContext {
        catalogue,
        assigned,
        born,
    })
}

pub(crate) async fn private_key(db: &mut PgConnection, fresh: &str) -> Result<String, AppError> {
    sqlx::query!(
        "INSERT INTO settings (key, value) VALUES ('handover_private_key', $1)
         ON CONFLICT (key) DO NOTHING",
        fresh
    )
    .execute(&mut *db)
    .await?;
    Ok(sqlx::query_scalar!(
        "SELECT settings.value FROM settings WHERE settings.key = 'handover_private_key'"
    )
    .fetch_one(&mut *db)
    .await?)
}

pub(crate) async fn register_author(
    db: &mut PgConnection,
    user: i64,
    device_id: &str,
    public_key: &str,
    now: &str,
) -> Result<(), AppError> {
    sqlx::query!(
        "INSERT INTO handover_authors (user_id, device_id, public_key, registered_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        user,
        device_id,
        public_key,
        now
    )
    .execute(&mut *db)
    .await?;
    Ok(())
}

pub(crate) async fn author_keys(
    db: &mut PgConnection,
    user: i64,
    device_id: &str,
) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar!(
        "SELECT public_key FROM handover_authors WHERE user_id = $1 AND device_id = $2",
        user,
        device_id
    )
    .fetch_all(&mut *db)
    .await?)
}
