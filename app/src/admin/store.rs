//! What the status page, the metrics and the health check ask of the
//! database: the operations' part of the store boundary (see
//! [`crate::store`]).

use super::status::{BackupRun, Device};
use crate::db::{Answer, Db};
use chrono::{DateTime, Utc};

/// The status page's figures from the database.
#[derive(Debug, Clone)]
pub struct StatusFigures {
    pub records: i64,
    /// Every phone that has synced, the longest silent first.
    pub devices: Vec<Device>,
    /// The last good backup, and the last failed one when it came after.
    pub last_backup: Option<BackupRun>,
    pub failed_backup: Option<BackupRun>,
    /// The database's size as the engine tells it; `None` where the server
    /// measures the file itself.
    pub database_bytes: Option<u64>,
}

/// The metrics' gauges from the database.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub records: i64,
    pub devices: i64,
    pub stale_devices: i64,
    /// When the last good backup was taken (Unix seconds).
    pub last_backup: Option<i64>,
    /// As in [`StatusFigures`].
    pub database_bytes: Option<u64>,
}

pub trait StatusStore: Send + Sync + 'static {
    fn status_figures(&self, now: DateTime<Utc>) -> Answer<'_, StatusFigures>;

    fn counts(&self, now: DateTime<Utc>) -> Answer<'_, Counts>;

    /// Whether the database answers a query against its data.
    fn healthy(&self) -> Answer<'_, ()>;
}

fn taken_at(run: Option<BackupRun>) -> Option<i64> {
    run.and_then(|run| {
        DateTime::parse_from_rfc3339(&run.taken_at)
            .ok()
            .map(|at| at.timestamp())
    })
}

/// [`Counts`] from what either engine reads.
pub fn counts(records: i64, devices: (i64, i64), last_backup: Option<BackupRun>) -> Counts {
    Counts {
        records,
        devices: devices.0,
        stale_devices: devices.1,
        last_backup: taken_at(last_backup),
        database_bytes: None,
    }
}

impl StatusStore for Db {
    fn status_figures(&self, now: DateTime<Utc>) -> Answer<'_, StatusFigures> {
        Box::pin(async move {
            let mut reader = self.read().acquire().await?;
            let (last_backup, failed_backup) = super::status_db::last_backups(&mut reader).await?;
            Ok(StatusFigures {
                records: super::status_db::records(&mut *reader).await?,
                devices: super::status_db::devices(&mut *reader, now).await?,
                last_backup,
                failed_backup,
                database_bytes: None,
            })
        })
    }

    fn counts(&self, now: DateTime<Utc>) -> Answer<'_, Counts> {
        Box::pin(async move {
            let mut reader = self.read().acquire().await?;
            let devices = super::status_db::device_counts(&mut *reader, now).await?;
            let (last_backup, _) = super::status_db::last_backups(&mut reader).await?;
            let records = super::status_db::records(&mut *reader).await?;
            Ok(counts(records, devices, last_backup))
        })
    }

    fn healthy(&self) -> Answer<'_, ()> {
        Box::pin(async move {
            super::status_db::settings(self.read()).await?;
            Ok(())
        })
    }
}
