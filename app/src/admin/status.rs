//! The operator's status: what runs, how big the data is, when it was last
//! backed up, and which phones have gone silent. Admin only.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    auth::{guard, Role},
    error::respond,
};

/// A phone silent for longer than this may be holding records only it has;
/// browsers may evict a site's storage after a few weeks without a visit.
pub const STALE_DAYS: i64 = 3;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    pub version: String,
    /// The content hash of the built files: it changes with every build.
    pub build: String,
    /// The SQLite file, or the PostgreSQL database, the data is in.
    pub database_file: String,
    pub database_bytes: u64,
    /// Backups are the cluster operator's (PostgreSQL), not Terén's.
    pub backups_by_operator: bool,
    pub records: i64,
    pub schedule: Option<Schedule>,
    pub metrics_addr: Option<String>,
    pub last_backup: Option<BackupRun>,
    /// The last failed backup, when none has succeeded since.
    pub failed_backup: Option<BackupRun>,
    /// Oldest contact first: the phones to call are at the top.
    pub devices: Vec<Device>,
}

/// The server's own backups, as configured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub folder: String,
    pub every_minutes: u32,
    pub keep: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupRun {
    pub taken_at: String,
    /// `command` or `schedule`.
    pub trigger: String,
    pub file: String,
    pub records: Option<i64>,
    pub bytes: Option<i64>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    pub device_id: String,
    pub username: String,
    pub display_name: String,
    pub first_sync: String,
    pub last_sync: String,
    pub last_sent: i64,
    pub last_refused: i64,
    pub stored: i64,
    /// Whole days since the last sync.
    pub silent_days: i64,
    pub stale: bool,
}

/// What only the running server knows, handed to the status page.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Default)]
pub struct Operations {
    pub build: String,
    pub database_file: Option<std::path::PathBuf>,
    /// The organisation's database in a PostgreSQL cluster.
    pub postgres_database: Option<String>,
    pub schedule: Option<Schedule>,
    pub metrics_addr: Option<String>,
}

#[cfg(feature = "ssr")]
impl Operations {
    /// The database file and its write-ahead log, in bytes.
    pub fn database_bytes(&self) -> u64 {
        let Some(file) = &self.database_file else {
            return 0;
        };
        [
            file.clone(),
            std::path::PathBuf::from(format!("{}-wal", file.display())),
        ]
        .iter()
        .filter_map(|path| std::fs::metadata(path).ok())
        .map(|meta| meta.len())
        .sum()
    }
}

#[server(endpoint = "admin/status")]
pub async fn load_status() -> Result<Status, AppError> {
    respond(async {
        guard::require(Role::Admin)?;
        use super::store::StatusStore;
        let pool = guard::store::<dyn StatusStore>()?;
        let operations = use_context::<Operations>().unwrap_or_default();
        let figures = pool.status_figures(chrono::Utc::now()).await?;
        Ok(Status {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            build: operations.build.clone(),
            database_file: match (&operations.database_file, &operations.postgres_database) {
                (Some(file), _) => file.display().to_string(),
                (None, Some(database)) => format!("PostgreSQL: {database}"),
                (None, None) => String::new(),
            },
            database_bytes: figures
                .database_bytes
                .unwrap_or_else(|| operations.database_bytes()),
            backups_by_operator: operations.postgres_database.is_some(),
            records: figures.records,
            schedule: operations.schedule.clone(),
            metrics_addr: operations.metrics_addr.clone(),
            last_backup: figures.last_backup,
            failed_backup: figures.failed_backup,
            devices: figures.devices,
        })
    })
    .await
}
