//! The server's own backups (`TEREN_BACKUP_DIR`): one every interval,
//! written and checked like `teren backup`, the oldest deleted once more
//! than the configured number are kept. The schedule survives restarts: the
//! next backup is due an interval after the last good one the database
//! remembers, so a server restarted daily still backs up.

use crate::backup::{self, BackupError, Checked};
use crate::config::BackupSchedule;
use app::admin::status_db;
use app::db::Db;
use app::metrics::Metrics;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::time::Instant;

pub const TRIGGER: &str = "schedule";
const PREFIX: &str = "teren-";
const SUFFIX: &str = ".db";

/// Runs for as long as the server does.
pub async fn run(db: Db, schedule: BackupSchedule, metrics: Arc<Metrics>) {
    tracing::info!(
        folder = %schedule.folder.display(),
        every_minutes = schedule.every.as_secs() / 60,
        keep = schedule.keep,
        "scheduled backups on"
    );
    let mut next = Instant::now() + wait_before_next(&db, &schedule).await;
    loop {
        tokio::time::sleep_until(next).await;
        // A failure is logged and noted for the status page; the next
        // attempt comes an interval later, as a success would.
        let _ = take(&db, &schedule, &metrics).await;
        next = Instant::now() + schedule.every;
    }
}

/// How long until the next backup is due: an interval after the last good
/// one, or now when there is none.
pub async fn wait_before_next(db: &Db, schedule: &BackupSchedule) -> std::time::Duration {
    let last = status_db::last_good(db.read(), TRIGGER)
        .await
        .ok()
        .flatten();
    let since = last
        .and_then(|at| (chrono::Utc::now() - at).to_std().ok())
        .unwrap_or(schedule.every);
    schedule.every.saturating_sub(since)
}

/// One scheduled backup, then the oldest beyond the count deleted.
pub async fn take(
    db: &Db,
    schedule: &BackupSchedule,
    metrics: &Metrics,
) -> Result<Checked, BackupError> {
    // Milliseconds too: names sort by time and never collide.
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let file = schedule.folder.join(format!("{PREFIX}{stamp}{SUFFIX}"));
    match backup::logged(db, &file, TRIGGER, Some(metrics)).await {
        Ok(checked) => {
            tracing::info!(
                file = %file.display(),
                records = checked.records,
                bytes = checked.bytes,
                "scheduled backup written and checked"
            );
            match prune(&schedule.folder, schedule.keep) {
                Ok(deleted) => {
                    for old in deleted {
                        tracing::info!(file = %old.display(), "old backup deleted");
                    }
                }
                Err(error) => tracing::warn!(%error, "old backups could not be deleted"),
            }
            Ok(checked)
        }
        Err(error) => {
            tracing::error!(%error, "scheduled backup failed");
            // A half-written file is no backup; it must not push a good
            // one out of the kept set. A file that was there before is
            // someone else's.
            if !matches!(error, BackupError::Exists(_)) {
                let _ = std::fs::remove_file(&file);
            }
            Err(error)
        }
    }
}

/// Whether `name` is one of this schedule's files (and not the operator's).
fn is_scheduled(name: &str) -> bool {
    name.strip_prefix(PREFIX)
        .and_then(|rest| rest.strip_suffix(SUFFIX))
        .is_some_and(|stamp| {
            chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%S%.3fZ").is_ok()
        })
}

/// Deletes the scheduled backups beyond the newest `keep`; anything else
/// in the folder is left alone.
pub fn prune(folder: &Path, keep: u32) -> std::io::Result<Vec<PathBuf>> {
    let mut ours: Vec<PathBuf> = std::fs::read_dir(folder)?
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_str().is_some_and(is_scheduled))
        .map(|entry| entry.path())
        .collect();
    // The stamp sorts as the time does.
    ours.sort();
    let surplus = ours.len().saturating_sub(keep as usize);
    let old: Vec<PathBuf> = ours.into_iter().take(surplus).collect();
    for path in &old {
        std::fs::remove_file(path)?;
    }
    Ok(old)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_schedules_own_names_are_its_files() {
        assert!(is_scheduled("teren-20261123T031125.123Z.db"));
        assert!(!is_scheduled("teren-20261123T031125.123Z.db.restoring"));
        assert!(!is_scheduled("teren.db"));
        assert!(!is_scheduled("teren-before-upgrade.db"));
        assert!(!is_scheduled("teren-20261399T031125.123Z.db"));
    }

    #[test]
    fn pruning_keeps_the_newest_and_leaves_other_files() {
        let folder = std::env::temp_dir().join(format!("teren-prune-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).unwrap();
        let names = [
            "teren-20261101T000000.000Z.db",
            "teren-20261102T000000.000Z.db",
            "teren-20261103T000000.000Z.db",
            "teren-20261104T000000.000Z.db",
            "teren-before-upgrade.db",
            "notes.txt",
        ];
        for name in names {
            std::fs::write(folder.join(name), b"x").unwrap();
        }
        let deleted = prune(&folder, 2).unwrap();
        assert_eq!(deleted.len(), 2);
        let mut left: Vec<String> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "notes.txt",
                "teren-20261103T000000.000Z.db",
                "teren-20261104T000000.000Z.db",
                "teren-before-upgrade.db"
            ]
        );
        assert!(prune(&folder, 2).unwrap().is_empty());
        std::fs::remove_dir_all(&folder).unwrap();
    }
}
