//! Backups an operator can trust, and restoring one.
//!
//! A backup is SQLite's `VACUUM INTO` from a read connection: one
//! consistent snapshot of the live database while phones keep syncing (a
//! batch is in it whole or not at all), written to a new file and then
//! checked as a restore would check it. A restore refuses a file that is
//! damaged, is not a Terén database, or was written by a newer version; it
//! keeps the database it replaces beside it, so nothing is lost by
//! restoring the wrong file.

use crate::db::MIGRATOR;
use app::admin::status_db;
use app::db::Db;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, SqliteConnection};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// What a checked database file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub records: i64,
    /// The newest migration applied to it.
    pub schema: i64,
    pub bytes: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0}: already exists; a backup never overwrites a file, choose a new name")]
    Exists(String),
    #[error("{0}: no such file")]
    Missing(String),
    #[error("{path}: not a Terén database ({reason})")]
    NotTeren { path: String, reason: String },
    #[error("{path}: damaged, the integrity check says: {report}")]
    Damaged { path: String, report: String },
    #[error(
        "{path}: written by a newer Terén (schema {found}, this version knows up to {known}); \
         use that version or newer"
    )]
    Newer {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Sql { path: String, source: sqlx::Error },
    #[error(transparent)]
    InUse(#[from] crate::in_use::InUseError),
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// The newest migration this binary carries.
pub fn known_schema() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// Writes a consistent copy of the live database to `to` and checks it.
///
/// The copy is written and checked in a folder only the server's user can
/// open, and only then given its name: whatever the umask, nobody else can
/// read it while it is written, and a crash never leaves a half-written
/// file under a backup's name (where it would count as one of those kept).
pub async fn backup(db: &Db, to: &Path) -> Result<Checked, BackupError> {
    if to.exists() {
        return Err(BackupError::Exists(shown(to)));
    }
    let io = |path: &Path| {
        let path = shown(path);
        move |source| BackupError::Io { path, source }
    };
    let folder = to
        .parent()
        .filter(|f| !f.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(io(folder))?;
    let name = to
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let private = folder.join(format!(".{name}.partial-{}", std::process::id()));
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(&private).map_err(io(&private))?;
    let written = private.join(&name);
    let outcome = write_checked(db, &written).await.and_then(|checked| {
        // A link never replaces a file that appeared meanwhile.
        std::fs::hard_link(&written, to).map_err(|source| match source.kind() {
            std::io::ErrorKind::AlreadyExists => BackupError::Exists(shown(to)),
            _ => BackupError::Io {
                path: shown(to),
                source,
            },
        })?;
        Ok(checked)
    });
    let _ = std::fs::remove_dir_all(&private);
    outcome
}

async fn write_checked(db: &Db, to: &Path) -> Result<Checked, BackupError> {
    let sql = |source| BackupError::Sql {
        path: shown(to),
        source,
    };
    let mut reader = db.read().acquire().await.map_err(sql)?;
    sqlx::query("VACUUM INTO ?")
        .bind(to.to_string_lossy().as_ref())
        .execute(&mut *reader)
        .await
        .map_err(sql)?;
    drop(reader);
    // The copy holds everything the database does: only its owner reads it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(to, std::fs::Permissions::from_mode(0o600)).map_err(|source| {
            BackupError::Io {
                path: shown(to),
                source,
            }
        })?;
    }
    check(to).await
}

/// [`backup`], with its outcome kept in the database for the status page
/// and counted for monitoring. A log that cannot be written is only
/// warned about: the backup itself matters more.
pub async fn logged(
    db: &Db,
    to: &Path,
    trigger: &str,
    metrics: Option<&app::metrics::Metrics>,
) -> Result<Checked, BackupError> {
    let result = backup(db, to).await;
    let file = shown(to);
    let error = result.as_ref().err().map(ToString::to_string);
    let outcome = match &result {
        Ok(checked) => Ok((
            checked.records,
            i64::try_from(checked.bytes).unwrap_or(i64::MAX),
        )),
        Err(_) => Err(error.as_deref().unwrap_or_default()),
    };
    if let Err(error) = status_db::log_backup(db.write(), trigger, &file, outcome).await {
        tracing::warn!(
            ?error,
            file,
            "the backup could not be noted in the database"
        );
    }
    if let Some(metrics) = metrics {
        metrics.backup(result.is_ok());
    }
    result
}

pub(crate) async fn open_read_only(path: &Path) -> Result<SqliteConnection, BackupError> {
    if !path.is_file() {
        return Err(BackupError::Missing(shown(path)));
    }
    SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .connect()
        .await
        .map_err(|source| BackupError::Sql {
            path: shown(path),
            source,
        })
}

/// Checks a database file as a restore needs it: intact, Terén's, and not
/// newer than this version.
pub async fn check(path: &Path) -> Result<Checked, BackupError> {
    let mut connection = open_read_only(path).await?;
    let not_teren = |reason: &str| BackupError::NotTeren {
        path: shown(path),
        reason: reason.to_owned(),
    };
    let report: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut connection)
        .await
        .map_err(|error| not_teren(&error.to_string()))?;
    if report != ["ok"] {
        return Err(BackupError::Damaged {
            path: shown(path),
            report: report.join("; "),
        });
    }
    let schema: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(&mut connection)
        .await
        .map_err(|_| not_teren("no migrations table"))?;
    let schema = schema.ok_or_else(|| not_teren("no migration applied"))?;
    let known = known_schema();
    if schema > known {
        return Err(BackupError::Newer {
            path: shown(path),
            found: schema,
            known,
        });
    }
    let records: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM records")
        .fetch_one(&mut connection)
        .await
        .map_err(|_| not_teren("no records table"))?;
    let bytes = std::fs::metadata(path)
        .map(|meta| meta.len())
        .map_err(|source| BackupError::Io {
            path: shown(path),
            source,
        })?;
    Ok(Checked {
        records,
        schema,
        bytes,
    })
}

/// Where a restore leaves the database it replaced.
#[derive(Debug)]
pub struct Restored {
    pub checked: Checked,
    pub replaced: Option<PathBuf>,
    /// Users whose phone's key the server can no longer open by itself:
    /// the backup predates their secret. Their phones ask for the PIN
    /// once after their next login, and then work as before.
    pub phones_needing_pin: Vec<String>,
}

/// Each user's secret for their phones' safes, by username; none from a
/// database older than the secrets.
async fn vault_secrets(path: &Path) -> Result<Vec<(String, Option<Vec<u8>>)>, BackupError> {
    let mut db = open_read_only(path).await?;
    Ok(
        sqlx::query_as("SELECT username, vault_secret FROM users ORDER BY username")
            .fetch_all(&mut db)
            .await
            .unwrap_or_default(),
    )
}

/// Replaces the database at `url` (the server stopped) with the checked
/// backup `from`; the one replaced is kept beside it.
pub async fn restore(from: &Path, url: &str) -> Result<Restored, BackupError> {
    // A running server would go on writing to the file renamed away: what
    // it acknowledges after that would be lost.
    let _in_use = crate::in_use::hold(url)?;
    let checked = check(from).await?;
    let target = SqliteConnectOptions::from_str(url)
        .map_err(|source| BackupError::Sql {
            path: url.to_owned(),
            source,
        })?
        .get_filename()
        .to_path_buf();
    let io = |path: &Path| {
        let path = shown(path);
        move |source| BackupError::Io { path, source }
    };
    if let Some(folder) = target.parent().filter(|f| !f.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(io(folder))?;
    }
    let incoming = PathBuf::from(format!("{}.restoring", target.display()));
    if incoming.exists() {
        std::fs::remove_file(&incoming).map_err(io(&incoming))?;
    }
    // Created empty and owner-only first: the copy is never readable by
    // others, whatever the umask. VACUUM INTO takes an empty file.
    let mut create = std::fs::OpenOptions::new();
    create.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        create.mode(0o600);
    }
    create.open(&incoming).map_err(io(&incoming))?;
    let mut source = open_read_only(from).await?;
    sqlx::query("VACUUM INTO ?")
        .bind(incoming.to_string_lossy().as_ref())
        .execute(&mut source)
        .await
        .map_err(|source| BackupError::Sql {
            path: shown(&incoming),
            source,
        })?;
    let phones_needing_pin = if target.exists() {
        let before = vault_secrets(&target).await?;
        let after = vault_secrets(&incoming).await?;
        before
            .into_iter()
            .filter(|(_, secret)| secret.is_some())
            .filter(|(name, secret)| !after.iter().any(|(n, s)| n == name && s == secret))
            .map(|(name, _)| name)
            .collect()
    } else {
        Vec::new()
    };
    let replaced = if target.exists() {
        // The write-ahead log first, so the kept copy is whole in one file.
        let mut current = SqliteConnectOptions::new()
            .filename(&target)
            .connect()
            .await
            .map_err(|source| BackupError::Sql {
                path: shown(&target),
                source,
            })?;
        let (blocked,): (i64,) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(&mut current)
            .await
            .map_err(|source| BackupError::Sql {
                path: shown(&target),
                source,
            })?;
        drop(current);
        // Another process still reads or writes it: its log is not in the
        // file yet, and the kept copy would miss it.
        if blocked != 0 {
            let _ = std::fs::remove_file(&incoming);
            return Err(BackupError::InUse(crate::in_use::InUseError::Held(shown(
                &target,
            ))));
        }
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let kept = PathBuf::from(format!("{}.before-restore-{stamp}", target.display()));
        std::fs::rename(&target, &kept).map_err(io(&target))?;
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
        }
        Some(kept)
    } else {
        None
    };
    std::fs::rename(&incoming, &target).map_err(io(&target))?;
    Ok(Restored {
        checked,
        replaced,
        phones_needing_pin,
    })
}
