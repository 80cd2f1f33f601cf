//! The SQLite database: one file, created with its folder on first start,
//! migrations embedded in the binary and applied before the server listens.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
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
    #[error("DATABASE_URL {url:?}: cannot build the report tallies: {error}")]
    Tallies { url: String, error: String },
}

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Opens (creating if needed) and migrates the database at `url`.
pub async fn connect(url: &str) -> Result<SqlitePool, DbError> {
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
        .busy_timeout(Duration::from_secs(5));

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

    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .map_err(|source| DbError::Open {
            url: url.to_owned(),
            source,
        })?;

    MIGRATOR
        .run(&pool)
        .await
        .map_err(|source| DbError::Migrate {
            url: url.to_owned(),
            source,
        })?;
    app::reports::tally::ensure_built(&pool)
        .await
        .map_err(|error| DbError::Tallies {
            url: url.to_owned(),
            error: format!("{error:?}"),
        })?;
    Ok(pool)
}

fn is_in_memory(file: &Path) -> bool {
    file.as_os_str() == ":memory:"
}
