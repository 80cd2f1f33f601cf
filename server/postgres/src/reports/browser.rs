//! The records browser, voiding and the suppression setting: the twins of
//! `app::reports::db::browser` and `app::reports::db::suppression`.

use crate::PgStore;
use app::audit::Actor;
use app::error::AppError;
use app::reports::db::not_voided;
use app::reports::store::{Binds, BrowsedRow};
use app::tally::{self, Counted};
use sqlx::PgConnection;
use std::collections::HashMap;

pub(super) async fn count_records(db: &mut PgConnection, b: &Binds) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!" FROM records
           WHERE day BETWEEN $1 AND $2
             AND ($3::text IS NULL OR locality = $3) AND ($4::bigint IS NULL OR worker_id = $4)
             AND ($5::text IS NULL OR kind = $5) AND ($6::bigint IS NULL OR service_id = $6)"#,
        b.from,
        b.to,
        b.locality,
        b.worker_id,
        b.kind,
        b.service_id
    )
    .fetch_one(&mut *db)
    .await?)
}

pub(super) async fn record_rows(
    db: &mut PgConnection,
    b: &Binds,
    limit: i64,
    offset: i64,
) -> Result<Vec<BrowsedRow>, AppError> {
    Ok(sqlx::query_as!(
        BrowsedRow,
        r#"SELECT r.id, r.kind, r.occurred_at, r.locality, u.display_name AS worker,
                  r.client_kind, r.client_code, r.details, r.voided_at, r.void_reason
           FROM records r JOIN users u ON u.id = r.worker_id
           WHERE r.day BETWEEN $1 AND $2
             AND ($3::text IS NULL OR r.locality = $3) AND ($4::bigint IS NULL OR r.worker_id = $4)
             AND ($5::text IS NULL OR r.kind = $5) AND ($8::bigint IS NULL OR r.service_id = $8)
           ORDER BY r.occurred_utc DESC, r.id
           LIMIT $6 OFFSET $7"#,
        b.from,
        b.to,
        b.locality,
        b.worker_id,
        b.kind,
        limit,
        offset,
        b.service_id
    )
    .fetch_all(&mut *db)
    .await?)
}

/// Under the record-write lock: the tallies it subtracts from are the
/// syncs' too.
pub(super) async fn void_record(
    store: &PgStore,
    actor: &Actor,
    id: &str,
    reason: &str,
) -> Result<(), AppError> {
    let mut tx = crate::sync::begin_record_write(store).await?;
    let row = sqlx::query_as!(
        Counted,
        "UPDATE records SET voided_at = teren_now(), void_reason = $1, voided_by = $2
         WHERE id = $3 AND voided_at IS NULL
         RETURNING day, locality, service_id, worker_id, client_kind, details",
        reason,
        actor.id,
        id
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        let exists = sqlx::query_scalar!("SELECT 1 AS one FROM records WHERE id = $1", id)
            .fetch_optional(&mut *tx)
            .await?;
        return Err(not_voided(exists.is_some()));
    };
    let details = row.details()?;
    let mut totals = HashMap::new();
    tally::subtract_from(&mut totals, &row.fact(&details));
    crate::sync::add_tallies(&mut tx, &totals).await?;
    crate::accounts::audit(&mut tx, actor, "record_voided", id, reason).await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn set_suppression(
    store: &PgStore,
    actor: &Actor,
    on: bool,
) -> Result<(), AppError> {
    let value = if on { "1" } else { "0" };
    let mut tx = store.pool.begin().await?;
    sqlx::query!(
        "INSERT INTO settings (key, value) VALUES ('suppress_small_counts', $1)
         ON CONFLICT (key) DO UPDATE SET value = $1, updated_at = teren_now()",
        value
    )
    .execute(&mut *tx)
    .await?;
    crate::accounts::audit(
        &mut tx,
        actor,
        "suppression_changed",
        "suppress_small_counts",
        value,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
