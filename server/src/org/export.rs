//! `teren org export`: an organisation's data as a Terén SQLite file that
//! the single-organisation server opens, so an organisation can always
//! leave a host.
//!
//! Both schemas hold the same tables, columns and values (integers as
//! 64-bit, times as the same text, JSON as text; `server/postgres/tests/
//! schema.rs` keeps them equal), so the export copies each table column for
//! column. The columns are SQLite's own (generated ones left out, SQLite
//! computes them); that list is the schema's, not typed by anyone, which is
//! why these statements are built at run time.

use futures::TryStreamExt;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{Column, ConnectOptions, Connection, Row, SqliteConnection, TypeInfo};
use std::path::Path;
use std::str::FromStr;
use teren_postgres::PgStore;

/// In the order foreign keys allow. Sessions stay behind: a session is
/// the host's, and the organisation's users log in anew.
pub(super) const TABLES: &[&str] = &[
    "settings",
    "users",
    "services",
    "user_services",
    "audit_log",
    "clients",
    "client_basics",
    "records",
    "devices",
    "backups",
    "catalogue_items",
    "tallies",
    "handover_authors",
];

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}: already exists; an export never overwrites a file, choose a new name")]
    Exists(String),
    #[error("{path}: {source}")]
    Sqlite { path: String, source: sqlx::Error },
    #[error("reading {table}: {source}")]
    Read { table: String, source: sqlx::Error },
    #[error("{table}.{column}: a value of type {type_name} has no place in SQLite")]
    Type {
        table: String,
        column: String,
        type_name: String,
    },
    #[error(transparent)]
    Check(#[from] crate::backup::BackupError),
}

/// Writes the organisation in `store` to a new SQLite file `to`; how many
/// records it holds, checked by opening it as a backup is checked.
pub async fn export(store: &PgStore, to: &Path) -> Result<i64, ExportError> {
    let shown = to.display().to_string();
    if to.exists() {
        return Err(ExportError::Exists(shown));
    }
    let sqlite = |source| ExportError::Sqlite {
        path: shown.clone(),
        source,
    };
    let mut file = SqliteConnectOptions::from_str(&format!("sqlite://{shown}"))
        .map_err(sqlite)?
        .create_if_missing(true)
        .foreign_keys(true)
        .journal_mode(SqliteJournalMode::Delete)
        .synchronous(SqliteSynchronous::Full)
        .connect()
        .await
        .map_err(sqlite)?;
    crate::db::MIGRATOR
        .run(&mut file)
        .await
        .map_err(|error| sqlite(error.into()))?;
    let mut tx = file.begin().await.map_err(sqlite)?;
    // The rows the migrations put in a new file give way to the
    // organisation's own.
    for table in TABLES.iter().rev() {
        sqlx::query(&format!("DELETE FROM {table}"))
            .execute(&mut *tx)
            .await
            .map_err(sqlite)?;
    }
    for table in TABLES {
        copy(store, &mut tx, table).await?;
    }
    tx.commit().await.map_err(sqlite)?;
    file.close().await.map_err(sqlite)?;
    Ok(crate::backup::check(to).await?.records)
}

async fn copy(
    store: &PgStore,
    file: &mut SqliteConnection,
    table: &str,
) -> Result<(), ExportError> {
    let sqlite = |source| ExportError::Sqlite {
        path: table.to_owned(),
        source,
    };
    let columns: Vec<String> =
        sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .fetch_all(&mut *file)
            .await
            .map_err(sqlite)?;
    let list = columns.join(", ");
    let marks = vec!["?"; columns.len()].join(", ");
    let insert = format!("INSERT INTO {table} ({list}) VALUES ({marks})");
    let read = |source| ExportError::Read {
        table: table.to_owned(),
        source,
    };
    let select = format!("SELECT {list} FROM {table}");
    let mut rows = sqlx::query(&select).fetch(store.pool());
    while let Some(row) = rows.try_next().await.map_err(read)? {
        let mut statement = sqlx::query(&insert);
        for (index, column) in row.columns().iter().enumerate() {
            statement = match column.type_info().name() {
                "INT8" => statement.bind(row.try_get::<Option<i64>, _>(index).map_err(read)?),
                "TEXT" => statement.bind(row.try_get::<Option<String>, _>(index).map_err(read)?),
                "BYTEA" => statement.bind(row.try_get::<Option<Vec<u8>>, _>(index).map_err(read)?),
                other => {
                    return Err(ExportError::Type {
                        table: table.to_owned(),
                        column: column.name().to_owned(),
                        type_name: other.to_owned(),
                    })
                }
            };
        }
        statement.execute(&mut *file).await.map_err(sqlite)?;
    }
    Ok(())
}
