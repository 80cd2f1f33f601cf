//! Terén on PostgreSQL, for a host that serves many organisations with a
//! standby and point-in-time recovery; SQLite stays the embedded default.
//!
//! Each organisation has a database of its own in the cluster, so no query
//! carries an organisation and none can mix two. The schema is the SQLite
//! one ([`MIGRATOR`]: one baseline equal to SQLite's migrations 1-28, then
//! one migration for each of SQLite's, and PostgreSQL's own fixes), and
//! every query is a compile-checked
//! `query!` against it, with its own `.sqlx/` beside this crate.

mod accounts;
mod catalogue;
mod lists;
pub mod organisations;
mod reports;
pub mod sessions;
mod status;
mod sync;
mod sync_reads;

pub use sync::RECORD_WRITES;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;
use std::str::FromStr;
use std::time::Duration;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// An organisation's database, behind the store boundary ([`app::store`]).
#[derive(Clone, Debug)]
pub struct PgStore {
    pool: PgPool,
}

/// Why an organisation's database cannot be served. Each names what an
/// operator has to do.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{0:?} is not a database name Terén makes")]
    Name(String),
    #[error("invalid PostgreSQL URL {url:?}: {source}")]
    Url { url: String, source: sqlx::Error },
    #[error("cannot connect to {url:?}: {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("cannot read the schema version of {url:?}: {source}")]
    Version { url: String, source: sqlx::Error },
    #[error(
        "{url:?} was written by a newer Terén (schema {found}, this version knows up to \
         {known}); run that version or newer"
    )]
    Newer { url: String, found: i64, known: i64 },
    #[error(
        "{url:?} is not migrated to this version of Terén ({applied} of {known} migrations \
         applied{failed}); run `teren org migrate` before serving it"
    )]
    Behind {
        url: String,
        applied: usize,
        known: usize,
        failed: &'static str,
    },
    #[error("cannot migrate {url:?}: {source}")]
    Migrate {
        url: String,
        source: sqlx::migrate::MigrateError,
    },
}

/// Connections per organisation at most. A host serves a hundred
/// organisations from one cluster, whose `max_connections` (100 on a
/// default install) they all share: with 4 each, 100 busy organisations
/// asked for 400 and the requests beyond the cluster's limit waited until
/// they failed. Two are enough for one organisation's work, as its record
/// writes take turns anyway: one writes while the other reads.
pub const CONNECTIONS: u32 = 2;

fn options(url: &str) -> Result<PgConnectOptions, OpenError> {
    PgConnectOptions::from_str(url).map_err(|source| OpenError::Url {
        url: url.to_owned(),
        source,
    })
}

async fn pool(url: &str, connections: u32) -> Result<PgPool, OpenError> {
    PgPoolOptions::new()
        .max_connections(connections)
        .acquire_timeout(Duration::from_secs(30))
        // An organisation nobody is using holds no connection for long:
        // a host serves hundreds, and the cluster's connections are shared.
        .idle_timeout(Duration::from_secs(10))
        .connect_with(options(url)?)
        .await
        .map_err(|source| OpenError::Connect {
            url: url.to_owned(),
            source,
        })
}

impl PgStore {
    /// Opens an organisation's database to serve it: refused unless every
    /// migration this version knows has been applied, and no other.
    pub async fn open(url: &str) -> Result<PgStore, OpenError> {
        let pool = pool(url, CONNECTIONS).await?;
        check_schema(url, &pool).await?;
        Ok(PgStore { pool })
    }

    /// Applies the migrations not yet applied, each in a transaction of
    /// its own: an interrupted run leaves whole migrations behind it, and
    /// the next run goes on from there.
    pub async fn migrate(url: &str) -> Result<PgStore, OpenError> {
        let pool = pool(url, 1).await?;
        newer_than_known(url, &pool).await?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|source| OpenError::Migrate {
                url: url.to_owned(),
                source,
            })?;
        pool.close().await;
        PgStore::open(url).await
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The migrations recorded as applied, and whether any of them failed.
async fn applied(url: &str, pool: &PgPool) -> Result<(Vec<i64>, bool), OpenError> {
    let version = |source| OpenError::Version {
        url: url.to_owned(),
        source,
    };
    // A database no migration has touched yet has no table to read.
    let exists: Option<String> =
        sqlx::query_scalar!(r#"SELECT to_regclass('_sqlx_migrations')::text AS "t""#)
            .fetch_one(pool)
            .await
            .map_err(version)?;
    if exists.is_none() {
        return Ok((Vec::new(), false));
    }
    // sqlx's own table, not part of the schema the queries are checked
    // against (it does not exist before the first migration).
    let rows: Vec<(i64, bool)> =
        sqlx::query_as("SELECT version, success FROM _sqlx_migrations ORDER BY version")
            .fetch_all(pool)
            .await
            .map_err(version)?;
    let failed = rows.iter().any(|(_, success)| !success);
    Ok((
        rows.into_iter().map(|(version, _)| version).collect(),
        failed,
    ))
}

/// Refuses a database a newer Terén migrated; returns what was applied.
async fn newer_than_known(url: &str, pool: &PgPool) -> Result<(Vec<i64>, bool), OpenError> {
    let known = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
    let (versions, failed) = applied(url, pool).await?;
    match versions.iter().max() {
        Some(&found) if found > known => Err(OpenError::Newer {
            url: url.to_owned(),
            found,
            known,
        }),
        _ => Ok((versions, failed)),
    }
}

async fn check_schema(url: &str, pool: &PgPool) -> Result<(), OpenError> {
    let (versions, failed) = newer_than_known(url, pool).await?;
    let known: Vec<i64> = MIGRATOR.iter().map(|m| m.version).collect();
    if versions != known || failed {
        return Err(OpenError::Behind {
            url: url.to_owned(),
            applied: versions.len(),
            known: known.len(),
            failed: if failed { ", one of them failed" } else { "" },
        });
    }
    Ok(())
}
