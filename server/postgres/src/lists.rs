//! The lists of the organisation's services: each type of service brings
//! its pack (see `app::services::packs`), added where missing.

use crate::PgStore;
use app::error::AppError;
use app::services::{packs, ServiceType};
use sqlx::PgConnection;

impl PgStore {
    /// See `app::services::db::add_packs`; how many items were added.
    pub async fn add_packs(&self) -> Result<u64, AppError> {
        let mut tx = self.pool.begin().await?;
        let added = add_packs(&mut tx).await?;
        tx.commit().await?;
        Ok(added)
    }

    /// When an organisation is first served: the packs this version brings
    /// are added to its lists (as SQLite's server adds them at every
    /// start), and its phones told when any were.
    pub async fn add_new_packs(&self) -> Result<u64, AppError> {
        let mut tx = self.pool.begin().await?;
        let added = add_packs(&mut tx).await?;
        if added > 0 {
            crate::catalogue::bump_version(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(added)
    }
}

/// [`PgStore::add_packs`] within a transaction.
pub(crate) async fn add_packs(tx: &mut PgConnection) -> Result<u64, AppError> {
    let types = sqlx::query_scalar!("SELECT DISTINCT type FROM services")
        .fetch_all(&mut *tx)
        .await?;
    let mut added = 0;
    for service_type in ServiceType::ALL
        .into_iter()
        .filter(|t| types.iter().any(|name| name == t.as_str()))
    {
        for (list, code, label) in packs::of(service_type) {
            added += sqlx::query!(
                "INSERT INTO catalogue_items (list, code, label, position, service_types)
                 VALUES ($1, $2, $3,
                         (SELECT COALESCE(MAX(position), 0) + 1 FROM catalogue_items
                          WHERE list = $1), $4)
                 ON CONFLICT (list, code) DO NOTHING",
                list,
                code,
                label,
                service_type.as_str()
            )
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
    }
    Ok(added)
}
