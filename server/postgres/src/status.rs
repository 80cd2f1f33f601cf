//! The status page's, the metrics' and the health check's reads on
//! PostgreSQL: the twins of `app::admin::status_db`. Backups here are the
//! operator's (`pg_dump`, WAL archiving), so the backups table stays empty
//! and the status page says none was taken by Terén.

use crate::PgStore;
use app::admin::status::BackupRun;
use app::admin::status_db::{stale_before, DeviceRow};
use app::admin::store::{counts, Counts, StatusFigures, StatusStore};
use app::error::AppError;
use app::store::Answer;
use chrono::{DateTime, Utc};
use sqlx::PgConnection;

async fn records(db: &mut PgConnection) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!" FROM records"#)
            .fetch_one(&mut *db)
            .await?,
    )
}

/// The organisation's database on disk, as PostgreSQL counts it.
async fn database_bytes(db: &mut PgConnection) -> Result<Option<u64>, AppError> {
    let bytes = sqlx::query_scalar!(r#"SELECT pg_database_size(current_database()) AS "bytes!""#)
        .fetch_one(&mut *db)
        .await?;
    Ok(u64::try_from(bytes).ok())
}

async fn last_backups(
    db: &mut PgConnection,
) -> Result<(Option<BackupRun>, Option<BackupRun>), AppError> {
    let good = sqlx::query_as!(
        BackupRun,
        r#"SELECT b.taken_at, b.trigger, b.file, b.records, b.bytes, b.error
           FROM backups b WHERE b.ok = 1 ORDER BY b.id DESC LIMIT 1"#
    )
    .fetch_optional(&mut *db)
    .await?;
    let failed = sqlx::query_as!(
        BackupRun,
        r#"SELECT b.taken_at, b.trigger, b.file, b.records, b.bytes, b.error
           FROM backups b
           WHERE b.ok = 0 AND b.id > COALESCE((SELECT MAX(id) FROM backups WHERE ok = 1), 0)
           ORDER BY b.id DESC LIMIT 1"#
    )
    .fetch_optional(&mut *db)
    .await?;
    Ok((good, failed))
}

impl StatusStore for PgStore {
    fn status_figures(&self, now: DateTime<Utc>) -> Answer<'_, StatusFigures> {
        Box::pin(async move {
            let mut db = self.pool.acquire().await?;
            let (last_backup, failed_backup) = last_backups(&mut db).await?;
            let devices = sqlx::query_as!(
                DeviceRow,
                r#"SELECT d.device_id, u.username, u.display_name, d.first_sync, d.last_sync,
                          d.last_sent, d.last_refused, d.stored
                   FROM devices d JOIN users u ON u.id = d.worker_id
                   ORDER BY d.last_sync, u.username LIMIT 1000"#
            )
            .fetch_all(&mut *db)
            .await?
            .into_iter()
            .map(|row| row.device(now))
            .collect();
            Ok(StatusFigures {
                records: records(&mut db).await?,
                devices,
                last_backup,
                failed_backup,
                database_bytes: database_bytes(&mut db).await?,
            })
        })
    }

    fn counts(&self, now: DateTime<Utc>) -> Answer<'_, Counts> {
        Box::pin(async move {
            let mut db = self.pool.acquire().await?;
            let row = sqlx::query!(
                r#"SELECT COUNT(*) AS "all!", COUNT(*) FILTER (WHERE last_sync < $1) AS "stale!"
                   FROM devices"#,
                stale_before(now)
            )
            .fetch_one(&mut *db)
            .await?;
            let (last_backup, _) = last_backups(&mut db).await?;
            let records = records(&mut db).await?;
            Ok(Counts {
                database_bytes: database_bytes(&mut db).await?,
                ..counts(records, (row.all, row.stale), last_backup)
            })
        })
    }

    fn healthy(&self) -> Answer<'_, ()> {
        Box::pin(async move {
            sqlx::query_scalar!(r#"SELECT COUNT(*) AS "settings!" FROM settings"#)
                .fetch_one(&self.pool)
                .await?;
            Ok(())
        })
    }
}
