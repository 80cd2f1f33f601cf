//! The SQLite database: one file, created with its folder on first start,
//! migrations embedded in the binary and applied before the server listens.
//! Opened as [`Db`]: read-only readers, report connections at a lower
//! priority and one writer (see `app::db`), and a task that copies the
//! write-ahead log into the file beside the writer.

use app::db::Db;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

/// Why the database could not be opened. Every variant names `DATABASE_URL`,
/// because that is what an operator has to change.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("invalid DATABASE_URL {url:?}: {source}")]
    Url { url: String, source: sqlx::Error },
    #[error("DATABASE_URL {url:?}: cannot create the folder {folder:?}: {source}")]
    Folder {
        url: String,
        folder: String,
        source: std::io::Error,
    },
    #[error("DATABASE_URL {url:?}: cannot open the database: {source}")]
    Open { url: String, source: sqlx::Error },
    #[error("DATABASE_URL {url:?}: cannot apply migrations: {source}")]
    Migrate {
        url: String,
        source: sqlx::migrate::MigrateError,
    },
    #[error(
        "DATABASE_URL {url:?}: written by a newer Terén (schema {found}, this version knows up \
         to {known}); run that version or newer, or restore a backup made by this one"
    )]
    Newer { url: String, found: i64, known: i64 },
    #[error("DATABASE_URL {url:?}: cannot build the report tallies: {error}")]
    Tallies { url: String, error: String },
    #[error("DATABASE_URL {url:?}: cannot add the lists of the organisation's services: {error}")]
    Packs { url: String, error: String },
}

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Readers: enough for the coordinators' pages and every request's session
/// lookup to run side by side on a small server.
const READERS: u32 = 8;

/// Each report connection's page cache, in SQLite's negative-KiB form: 32 MB.
const REPORT_CACHE: &str = "-32768";

/// Report connections: one per two cores, so figures never take every core
/// from the syncs.
fn report_readers() -> u32 {
    std::thread::available_parallelism().map_or(1, |cores| (cores.get() / 2).max(1)) as u32
}

/// The name the report connections' threads start with (a thread's name is
/// at most 15 bytes on Linux).
const REPORTS_THREAD: &str = "teren-reports";

/// How much lower than everything else report connections run, as a nice
/// value. A year's figures take a core for 15-20 ms; five coordinators
/// reloading them kept a core busy, and fifty phones' syncs (p50 25 ms
/// alone) waited behind them for it: p50 81-117 ms, p99 254-277 ms. The
/// figures have the time to spare, a phone in the rain has not.
const REPORTS_NICE: i32 = 10;

/// Lowers the priority of the report connections' threads. Each SQLite
/// connection runs its queries on a thread of its own, named after its pool.
#[cfg(target_os = "linux")]
fn yield_to_syncs() {
    let Ok(threads) = std::fs::read_dir("/proc/self/task") else {
        return;
    };
    for thread in threads.flatten() {
        let named_reports = std::fs::read_to_string(thread.path().join("comm"))
            .is_ok_and(|name| name.starts_with(REPORTS_THREAD));
        let id = thread.file_name().to_str().and_then(|id| id.parse().ok());
        if let (true, Some(id)) = (named_reports, id.and_then(rustix::process::Pid::from_raw)) {
            // On Linux a nice value belongs to a thread, not to the process.
            if let Err(error) = rustix::process::setpriority_process(Some(id), REPORTS_NICE) {
                tracing::warn!(%error, "report connections run at normal priority");
            }
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn yield_to_syncs() {}

/// Opens (creating if needed) and migrates the database at `url`.
pub async fn connect(url: &str) -> Result<Db, DbError> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|source| DbError::Url {
            url: url.to_owned(),
            source,
        })?
        .create_if_missing(true)
        .foreign_keys(true)
        .journal_mode(SqliteJournalMode::Wal)
        // The server acknowledges a synced record only after commit, and the
        // phone then forgets it: a commit must survive a power cut.
        .synchronous(SqliteSynchronous::Full)
        // Writers of this process queue in the pool, not here; this is how
        // long a write waits for another process (an operator's command).
        .busy_timeout(Duration::from_secs(30));

    let file = options.get_filename();
    if let Some(folder) = file
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty())
    {
        if !is_in_memory(file) {
            std::fs::create_dir_all(folder).map_err(|source| DbError::Folder {
                url: url.to_owned(),
                folder: folder.display().to_string(),
                source,
            })?;
        }
    }

    let open = |source| DbError::Open {
        url: url.to_owned(),
        source,
    };
    let in_memory = is_in_memory(file);
    let write = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(writer_settings(options.clone()))
        .await
        .map_err(open)?;

    // An older binary on a newer database would fail on a migration it
    // does not know, or worse, run against tables it does not understand.
    let applied: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(version) FROM _sqlx_migrations \
         WHERE EXISTS (SELECT 1 FROM sqlite_master WHERE name = '_sqlx_migrations')",
    )
    .fetch_optional(&write)
    .await
    .ok()
    .flatten()
    .flatten();
    let known = crate::backup::known_schema();
    if let Some(found) = applied.filter(|found| *found > known) {
        return Err(DbError::Newer {
            url: url.to_owned(),
            found,
            known,
        });
    }

    MIGRATOR
        .run(&write)
        .await
        .map_err(|source| DbError::Migrate {
            url: url.to_owned(),
            source,
        })?;

    // An in-memory database exists only in its one connection.
    let readers = |pool: SqlitePoolOptions, options: SqliteConnectOptions| {
        let write = write.clone();
        async move {
            if in_memory {
                return Ok(write);
            }
            pool.connect_with(options.read_only(true)).await
        }
    };
    let read = readers(
        SqlitePoolOptions::new().max_connections(READERS),
        options.clone(),
    )
    .await
    .map_err(open)?;
    let reports = readers(
        SqlitePoolOptions::new()
            .max_connections(report_readers())
            .after_connect(|_, _| {
                Box::pin(async {
                    yield_to_syncs();
                    Ok(())
                })
            }),
        options
            .clone()
            // A year's unique-client count seeks once per client code into
            // an index of every coded record; with SQLite's default 2 MB
            // those pages came from the kernel one read at a time on every
            // page load (a quarter of the count's time at 4,000 codes).
            .pragma("cache_size", REPORT_CACHE)
            .thread_name(|n| format!("{REPORTS_THREAD}{n}")),
    )
    .await
    .map_err(open)?;
    if !in_memory {
        let checkpoints = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await
            .map_err(open)?;
        tokio::spawn(checkpoint(checkpoints, write.clone()));
    }
    let db = Db::new(read, reports, write);
    app::tally::ensure_built(&db)
        .await
        .map_err(|error| DbError::Tallies {
            url: url.to_owned(),
            error: format!("{error:?}"),
        })?;
    add_packs(&db).await.map_err(|error| DbError::Packs {
        url: url.to_owned(),
        error: format!("{error:?}"),
    })?;
    Ok(db)
}

/// Gives an install from before the packs existed the lists of the types it
/// runs; a no-op on every later start.
async fn add_packs(db: &Db) -> Result<(), app::error::AppError> {
    let mut tx = db.begin().await?;
    if app::services::db::add_packs(&mut tx).await? > 0 {
        app::services::db::bump_version(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// How often committed pages are copied from the write-ahead log into the
/// database file. Every copy fsyncs the file, and a tally page changed by
/// every sync is copied once per checkpoint: at every 250 ms, fifty phones'
/// syncs waited behind those fsyncs (p99 340-460 ms against 268 ms at 2 s).
const CHECKPOINT_EVERY: Duration = Duration::from_secs(2);

/// What the one writer needs beyond every connection's settings.
fn writer_settings(options: SqliteConnectOptions) -> SqliteConnectOptions {
    options
        // The log is copied into the file by [`checkpoint`], beside the
        // writer: done by the writer itself after a commit, that copy and its
        // fsync took an eighth of the time a phone waited for its answer.
        .pragma("wal_autocheckpoint", "0")
        // A statement that writes many rows (the tally upsert) keeps a copy of
        // every page it changes, so that it alone can be undone; in a
        // temporary file that cost each batch a thousand file writes.
        .pragma("temp_store", "memory")
}

/// Copies the write-ahead log into the database file on a connection of its
/// own, until the writer's pool is closed. A passive checkpoint never waits
/// for the writer or the readers, and the writer goes on appending while it
/// runs; the log starts over from its beginning once it has been copied.
async fn checkpoint(checkpoints: sqlx::SqlitePool, write: sqlx::SqlitePool) {
    while !write.is_closed() {
        tokio::time::sleep(CHECKPOINT_EVERY).await;
        if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&checkpoints)
            .await
        {
            tracing::warn!(%error, "checkpoint failed; the next one catches up");
        }
    }
    checkpoints.close().await;
}

fn is_in_memory(file: &Path) -> bool {
    file.as_os_str() == ":memory:"
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// The nice values of this process's report connection threads.
    fn report_threads() -> Vec<i32> {
        std::fs::read_dir("/proc/self/task")
            .expect("threads")
            .flatten()
            .filter(|thread| {
                std::fs::read_to_string(thread.path().join("comm"))
                    .is_ok_and(|name| name.starts_with(REPORTS_THREAD))
            })
            .filter_map(|thread| thread.file_name().to_str()?.parse().ok())
            .filter_map(rustix::process::Pid::from_raw)
            .map(|id| rustix::process::getpriority_process(Some(id)).expect("nice"))
            .collect()
    }

    #[tokio::test]
    async fn report_connections_yield_the_processor_to_the_syncs() {
        let dir = tempfile::tempdir().expect("dir");
        let db = connect(&format!("sqlite://{}/teren.db", dir.path().display()))
            .await
            .expect("connect");
        let nice = report_threads();
        assert!(!nice.is_empty(), "no report connection threads");
        assert!(nice.iter().all(|&n| n == REPORTS_NICE), "{nice:?}");
        db.close().await;
    }
}
