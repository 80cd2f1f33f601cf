//! PostgreSQL's baseline is SQLite's schema: the same tables, columns,
//! types, NOT NULLs, indexes and first rows. A migration added to one
//! engine and not to the other fails here.

// Helpers unwrap as tests do: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use std::collections::BTreeSet;

/// The sessions table is made by the SQLite session store at start-up,
/// not by a migration; on PostgreSQL the baseline makes it.
const MADE_AT_START: &str = "sessions";

type Columns = BTreeSet<(String, String, String, bool)>;

async fn sqlite_columns(sqlite: &Sqlite) -> Columns {
    let rows = rows_sqlite(
        &sqlite.db,
        "SELECT m.name, c.name, upper(c.type), CAST(c.\"notnull\" OR c.pk > 0 AS TEXT)
         FROM sqlite_master m, pragma_table_xinfo(m.name) c
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations'",
    )
    .await;
    rows.into_iter()
        .map(|row| {
            let r#type = match row[2].as_deref().unwrap() {
                "INTEGER" => "bigint",
                "TEXT" => "text",
                "BLOB" => "bytea",
                other => panic!("a SQLite column of type {other}"),
            };
            (
                row[0].clone().unwrap(),
                row[1].clone().unwrap(),
                r#type.to_owned(),
                row[3].as_deref() == Some("1"),
            )
        })
        .collect()
}

async fn postgres_columns(store: &teren_postgres::PgStore) -> Columns {
    rows_postgres(
        store,
        "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text
         FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name NOT IN ('_sqlx_migrations', 'sessions')",
    )
    .await
    .into_iter()
    .map(|row| {
        (
            row[0].clone().unwrap(),
            row[1].clone().unwrap(),
            row[2].clone().unwrap(),
            row[3].as_deref() == Some("NO"),
        )
    })
    .collect()
}

#[tokio::test]
async fn the_postgresql_baseline_is_the_sqlite_schema() {
    let sqlite = sqlite().await;
    let (postgres, _) = postgres().await;

    let on_sqlite = sqlite_columns(&sqlite).await;
    let on_postgres = postgres_columns(&postgres).await;
    assert!(on_sqlite.len() > 100, "{} columns", on_sqlite.len());
    let only_sqlite: Vec<_> = on_sqlite.difference(&on_postgres).collect();
    let only_postgres: Vec<_> = on_postgres.difference(&on_sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "columns only on SQLite: {only_sqlite:?}\ncolumns only on PostgreSQL: {only_postgres:?}"
    );
    assert!(!on_sqlite.iter().any(|(table, ..)| table == MADE_AT_START));

    let indexes_sqlite: BTreeSet<_> = rows_sqlite(
        &sqlite.db,
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
    )
    .await
    .into_iter()
    .collect();
    let indexes_postgres: BTreeSet<_> = rows_postgres(
        &postgres,
        "SELECT indexname::text FROM pg_indexes
         WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key'",
    )
    .await
    .into_iter()
    .collect();
    assert_eq!(indexes_sqlite, indexes_postgres);
    assert!(indexes_sqlite.len() > 10);

    for sql in [
        "SELECT key, value FROM settings ORDER BY key",
        "SELECT CAST(id AS TEXT), type, name, registry_id, CAST(active AS TEXT),
                CAST(exchange_minutes AS TEXT)
         FROM services ORDER BY services.id",
        "SELECT CAST(id AS TEXT), list, code, label, CAST(active AS TEXT),
                CAST(position AS TEXT), service_types
         FROM catalogue_items ORDER BY catalogue_items.id",
    ] {
        let first = rows_sqlite(&sqlite.db, sql).await;
        assert!(!first.is_empty(), "{sql}");
        assert_eq!(first, rows_postgres(&postgres, sql).await, "{sql}");
    }
}

#[tokio::test]
async fn identities_go_on_after_the_baseline_rows() {
    let (postgres, _) = postgres().await;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO services (type, name) VALUES ('crisis_help', 'KP') RETURNING id",
    )
    .fetch_one(postgres.pool())
    .await
    .unwrap();
    assert_eq!(
        id, 2,
        "the next service after the contact centre the baseline made"
    );
}
