//! Reading the status page's figures, and the log of backups.

use super::status::{BackupRun, Device, STALE_DAYS};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use sqlx::SqliteExecutor;

pub async fn records(db: impl SqliteExecutor<'_>) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM records"#)
            .fetch_one(db)
            .await?,
    )
}

/// Every phone that has synced, the longest silent first.
pub async fn devices(
    db: impl SqliteExecutor<'_>,
    now: DateTime<Utc>,
) -> Result<Vec<Device>, AppError> {
    let rows = sqlx::query_as!(
        DeviceRow,
        r#"SELECT d.device_id, u.username, u.display_name, d.first_sync, d.last_sync,
                  d.last_sent, d.last_refused, d.stored
           FROM devices d JOIN users u ON u.id = d.worker_id
           ORDER BY d.last_sync, u.username
           LIMIT 1000"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|row| row.device(now)).collect())
}

/// A phone as read, before its silence is measured.
pub struct DeviceRow {
    pub device_id: String,
    pub username: String,
    pub display_name: String,
    pub first_sync: String,
    pub last_sync: String,
    pub last_sent: i64,
    pub last_refused: i64,
    pub stored: i64,
}

impl DeviceRow {
    pub fn device(self, now: DateTime<Utc>) -> Device {
        let silent = DateTime::parse_from_rfc3339(&self.last_sync)
            .map(|at| now - at.with_timezone(&Utc))
            .unwrap_or_default();
        Device {
            device_id: self.device_id,
            username: self.username,
            display_name: self.display_name,
            first_sync: self.first_sync,
            last_sync: self.last_sync,
            last_sent: self.last_sent,
            last_refused: self.last_refused,
            stored: self.stored,
            silent_days: silent.num_days(),
            stale: silent > chrono::Duration::days(STALE_DAYS),
        }
    }
}

/// The time before which a phone's last sync makes it stale.
pub fn stale_before(now: DateTime<Utc>) -> String {
    (now - chrono::Duration::days(STALE_DAYS))
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// How many phones have synced, and how many of them not for more than
/// [`STALE_DAYS`].
pub async fn device_counts(
    db: impl SqliteExecutor<'_>,
    now: DateTime<Utc>,
) -> Result<(i64, i64), AppError> {
    let before = stale_before(now);
    let row = sqlx::query!(
        r#"SELECT COUNT(*) AS "all!: i64",
                  COALESCE(SUM(last_sync < ?), 0) AS "stale!: i64"
           FROM devices"#,
        before
    )
    .fetch_one(db)
    .await?;
    Ok((row.all, row.stale))
}

/// The last good backup, and the last failed one when it came after it.
pub async fn last_backups(
    db: &mut sqlx::SqliteConnection,
) -> Result<(Option<BackupRun>, Option<BackupRun>), AppError> {
    let good = sqlx::query_as!(
        BackupRun,
        r#"SELECT taken_at, trigger, file, records, bytes, error
           FROM backups WHERE ok = 1 ORDER BY id DESC LIMIT 1"#
    )
    .fetch_optional(&mut *db)
    .await?;
    let failed = sqlx::query_as!(
        BackupRun,
        r#"SELECT taken_at, trigger, file, records, bytes, error
           FROM backups
           WHERE ok = 0 AND id > COALESCE((SELECT MAX(id) FROM backups WHERE ok = 1), 0)
           ORDER BY id DESC LIMIT 1"#
    )
    .fetch_optional(&mut *db)
    .await?;
    Ok((good, failed))
}

/// A backup as it ended: written and checked (`records`, `bytes`), or the
/// reason it was not.
pub async fn log_backup(
    db: impl SqliteExecutor<'_>,
    trigger: &str,
    file: &str,
    result: Result<(i64, i64), &str>,
) -> Result<(), AppError> {
    let (ok, records, bytes, error) = match result {
        Ok((records, bytes)) => (true, Some(records), Some(bytes), None),
        Err(error) => (false, None, None, Some(error)),
    };
    sqlx::query!(
        "INSERT INTO backups (trigger, file, ok, records, bytes, error) VALUES (?, ?, ?, ?, ?, ?)",
        trigger,
        file,
        ok,
        records,
        bytes,
        error
    )
    .execute(db)
    .await?;
    Ok(())
}

/// When the last good backup of `trigger` was written, if ever.
pub async fn last_good(
    db: impl SqliteExecutor<'_>,
    trigger: &str,
) -> Result<Option<DateTime<Utc>>, AppError> {
    let at = sqlx::query_scalar!(
        "SELECT MAX(taken_at) FROM backups WHERE ok = 1 AND trigger = ?",
        trigger
    )
    .fetch_one(db)
    .await?;
    Ok(at.and_then(|at| {
        DateTime::parse_from_rfc3339(&at)
            .ok()
            .map(|at| at.with_timezone(&Utc))
    }))
}

/// How many settings there are: a query against the data, for the health
/// check.
pub async fn settings(db: impl SqliteExecutor<'_>) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar!(r#"SELECT COUNT(*) AS "settings!: i64" FROM settings"#)
            .fetch_one(db)
            .await?,
    )
}
