//! `teren org import`: an organisation that has outgrown its own server
//! brings its Terén SQLite file to a PostgreSQL host, whole.
//!
//! The reverse of [`super::export`]: the same tables, copied column for
//! column into a new organisation's database. The columns are
//! PostgreSQL's own that are not generated (PostgreSQL computes those), so,
//! as in the export, the statements are built at run time from the schema.
//! The copy is one transaction; an import that fails removes the
//! organisation it created, so it can simply be run again.

use super::export::TABLES;
use crate::backup::{self, BackupError};
use futures::TryStreamExt;
use sqlx::{Postgres, QueryBuilder, Row, SqliteConnection};
use std::path::Path;
use teren_postgres::organisations::{Control, Organisation};
use teren_postgres::PgStore;

/// Rows per statement: well under PostgreSQL's 65,535 parameters for the
/// widest table.
const ROWS_PER_INSERT: usize = 500;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    File(#[from] BackupError),
    #[error(
        "{path} is at schema {found}, this version at {known}: start this version's \
         `teren serve` on it once (it migrates the file), then import it"
    )]
    Older {
        path: String,
        found: i64,
        known: i64,
    },
    #[error(transparent)]
    Organisation(#[from] teren_postgres::organisations::OrgError),
    #[error(transparent)]
    Open(#[from] teren_postgres::OpenError),
    #[error("reading {table} from the file: {source}")]
    Read { table: String, source: sqlx::Error },
    #[error("writing {table}: {source}")]
    Write { table: String, source: sqlx::Error },
    #[error("{table}.{column}: a column of type {type_name} this version cannot copy")]
    Type {
        table: String,
        column: String,
        type_name: String,
    },
}

/// Creates the organisation `host` from the file `from`; how many records
/// it holds.
pub async fn import(
    control: &Control,
    host: &str,
    name: &str,
    from: &Path,
) -> Result<(Organisation, i64), ImportError> {
    let checked = backup::check(from).await?;
    let known = backup::known_schema();
    if checked.schema < known {
        return Err(ImportError::Older {
            path: from.display().to_string(),
            found: checked.schema,
            known,
        });
    }
    let mut file = backup::open_read_only(from).await?;
    // Not served until its data is in: no first start can claim it before.
    let organisation = control.create_unserved(host, name).await?;
    let copied = async {
        let store = PgStore::open(&control.url_of(&organisation)?).await?;
        let copied = copy_all(&mut file, &store).await;
        store.close().await;
        copied
    }
    .await;
    match copied {
        Ok(records) => {
            control.serve(&organisation.host).await?;
            Ok((organisation, records))
        }
        Err(error) => {
            // Nothing of the file is in it; the organisation it was made
            // for is removed, so the same command can run again.
            control.remove(host).await?;
            Err(error)
        }
    }
}

async fn copy_all(file: &mut SqliteConnection, store: &PgStore) -> Result<i64, ImportError> {
    let write = |table: &str| {
        let table = table.to_owned();
        move |source| ImportError::Write { table, source }
    };
    let mut tx = store.pool().begin().await.map_err(write("-"))?;
    // The rows a new organisation starts with give way to the file's own.
    for table in TABLES.iter().rev() {
        sqlx::query(&format!("DELETE FROM {table}"))
            .execute(&mut *tx)
            .await
            .map_err(write(table))?;
    }
    // The file's backups were its server's; on the host, backups are the
    // cluster's.
    for table in TABLES.iter().filter(|table| **table != "backups") {
        copy(file, &mut tx, table).await?;
        // Ids the file gave are taken: new rows are numbered after them.
        let sequence: Option<String> = sqlx::query_scalar(
            "SELECT pg_get_serial_sequence($1, 'id')
             FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1 AND column_name = 'id'",
        )
        .bind(table)
        .fetch_optional(&mut *tx)
        .await
        .map_err(write(table))?
        .flatten();
        if let Some(sequence) = sequence {
            sqlx::query(&format!(
                "SELECT setval($1, COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            ))
            .bind(sequence)
            .execute(&mut *tx)
            .await
            .map_err(write(table))?;
        }
    }
    let records: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM records")
        .fetch_one(&mut *tx)
        .await
        .map_err(write("records"))?;
    tx.commit().await.map_err(write("-"))?;
    // Statistics now, not when autovacuum gets to it: the first reports'
    // plans are made from them. The data is in either way.
    if let Err(error) = sqlx::query("ANALYZE").execute(store.pool()).await {
        tracing::warn!(%error, "imported, but not analysed: autovacuum will");
    }
    Ok(records)
}

#[derive(Clone, Copy)]
enum Kind {
    Integer,
    Text,
    Bytes,
}

enum Value {
    Integer(Option<i64>),
    Text(Option<String>),
    Bytes(Option<Vec<u8>>),
}

async fn copy(
    file: &mut SqliteConnection,
    tx: &mut sqlx::PgConnection,
    table: &str,
) -> Result<(), ImportError> {
    let write = |source| ImportError::Write {
        table: table.to_owned(),
        source,
    };
    let read = |source| ImportError::Read {
        table: table.to_owned(),
        source,
    };
    let columns: Vec<(String, String)> = sqlx::query_as(
        "SELECT column_name::text, data_type::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'
         ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut *tx)
    .await
    .map_err(write)?;
    let kinds = columns
        .iter()
        .map(|(column, type_name)| match type_name.as_str() {
            "bigint" => Ok(Kind::Integer),
            "text" => Ok(Kind::Text),
            "bytea" => Ok(Kind::Bytes),
            other => Err(ImportError::Type {
                table: table.to_owned(),
                column: column.clone(),
                type_name: other.to_owned(),
            }),
        })
        .collect::<Result<Vec<Kind>, _>>()?;
    let list = columns
        .iter()
        .map(|(column, _)| column.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let select = format!("SELECT {list} FROM {table}");
    let mut rows = sqlx::query(&select).fetch(&mut *file);
    let mut pending: Vec<Vec<Value>> = Vec::with_capacity(ROWS_PER_INSERT);
    while let Some(row) = rows.try_next().await.map_err(read)? {
        let values = kinds
            .iter()
            .enumerate()
            .map(|(index, kind)| {
                Ok(match kind {
                    Kind::Integer => Value::Integer(row.try_get(index)?),
                    Kind::Text => Value::Text(row.try_get(index)?),
                    Kind::Bytes => Value::Bytes(row.try_get(index)?),
                })
            })
            .collect::<Result<Vec<Value>, sqlx::Error>>()
            .map_err(read)?;
        pending.push(values);
        if pending.len() == ROWS_PER_INSERT {
            insert(tx, table, &list, &mut pending)
                .await
                .map_err(write)?;
        }
    }
    insert(tx, table, &list, &mut pending).await.map_err(write)
}

async fn insert(
    tx: &mut sqlx::PgConnection,
    table: &str,
    list: &str,
    rows: &mut Vec<Vec<Value>>,
) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut statement: QueryBuilder<Postgres> =
        QueryBuilder::new(format!("INSERT INTO {table} ({list}) "));
    statement.push_values(rows.drain(..), |mut row, values| {
        for value in values {
            match value {
                Value::Integer(v) => row.push_bind(v),
                Value::Text(v) => row.push_bind(v),
                Value::Bytes(v) => row.push_bind(v),
            };
        }
    });
    statement.build().execute(&mut *tx).await?;
    Ok(())
}
