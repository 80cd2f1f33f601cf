//! Both engines side by side: a fresh PostgreSQL database in the cluster
//! the test command started (`TEREN_TEST_POSTGRES`, see
//! scripts/postgres.sh), and a fresh SQLite file with Terén's migrations.
#![allow(dead_code)]

use app::catalogue::Catalogue;
use app::db::Db;
use app::records::db::Row;
use app::records::kinds::Record;
use app::records::validate::{self, KnownCodes};
use app::sync::devices_db::Contact;
use chrono::{DateTime, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use std::str::FromStr;
use std::sync::atomic::{AtomicU32, Ordering};
use teren_postgres::PgStore;

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

/// The cluster's superuser URL.
pub fn cluster() -> String {
    std::env::var("TEREN_TEST_POSTGRES").expect(
        "TEREN_TEST_POSTGRES names the PostgreSQL cluster of the tests; scripts/test.sh \
         starts a throwaway one",
    )
}

/// A database of its own for each test, on the cluster, migrated.
pub async fn postgres() -> (PgStore, String) {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let url = teren_postgres::organisations::create_database(&cluster(), &name)
        .await
        .expect("create a test database");
    let store = PgStore::migrate(&url)
        .await
        .expect("migrate the test database");
    (store, url)
}

pub struct Sqlite {
    pub db: Db,
    pub _folder: tempfile::TempDir,
}

/// A fresh SQLite database, migrated as the server migrates it.
pub async fn sqlite() -> Sqlite {
    let folder = tempfile::tempdir().unwrap();
    let options =
        SqliteConnectOptions::from_str(&format!("sqlite://{}/teren.db", folder.path().display()))
            .unwrap()
            .create_if_missing(true)
            .foreign_keys(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap();
    SQLITE_MIGRATOR.run(&pool).await.unwrap();
    Sqlite {
        db: Db::new(pool.clone(), pool.clone(), pool),
        _folder: folder,
    }
}

/// The organisation both engines start with: service 1 (the contact
/// centre every new database has), an intervention centre as service 2,
/// and two workers.
pub const SETUP: &[&str] = &[
    "INSERT INTO services (id, type, name) VALUES (2, 'intervention_centre', 'IC')",
    "INSERT INTO users (id, username, display_name, password_hash, role)
     VALUES (1, 'jana', 'Jana', '-', 'worker'), (2, 'petr', 'Petr', '-', 'worker')",
];

pub async fn set_up(sqlite: &Sqlite, postgres: &PgStore) {
    for statement in SETUP {
        sqlx::query(statement)
            .execute(sqlite.db.write())
            .await
            .unwrap();
        sqlx::query(statement)
            .execute(postgres.pool())
            .await
            .unwrap();
    }
    // Rows inserted with their ids leave PostgreSQL's identities behind;
    // new rows are numbered after them, as SQLite numbers them.
    for table in ["users", "services"] {
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id) + 1, false) \
             FROM {table}"
        ))
        .execute(postgres.pool())
        .await
        .unwrap();
    }
    let mut connection = sqlite.db.write().acquire().await.unwrap();
    let on_sqlite = app::services::db::add_packs(&mut connection).await.unwrap();
    drop(connection);
    let on_postgres = postgres.add_packs().await.unwrap();
    assert_eq!(on_sqlite, on_postgres, "the services' packs add alike");
    assert!(on_sqlite > 0);
    let codes = "SELECT list, code FROM catalogue_items
                 ORDER BY catalogue_items.list, catalogue_items.code";
    assert_eq!(
        rows_sqlite(&sqlite.db, codes).await,
        rows_postgres(postgres, codes).await,
        "and are stored alike"
    );
}

/// The lists records are checked against (equal on both engines: the
/// schema test proves it).
pub async fn catalogue(sqlite: &Sqlite) -> Catalogue {
    let mut connection = sqlite.db.read().acquire().await.unwrap();
    app::catalogue::db::load(&mut connection).await.unwrap()
}

/// A phone's batch: records checked as the server checks them, for
/// `service`.
pub fn batch(
    catalogue: &Catalogue,
    worker_id: i64,
    device: &str,
    service: i64,
    records: &[serde_json::Value],
    now: DateTime<Utc>,
) -> (Contact, Vec<(Row, Record)>) {
    let known = KnownCodes::from_catalogue(catalogue);
    let checked = records
        .iter()
        .map(|json| {
            let record: Record = serde_json::from_value(json.clone()).unwrap();
            let checked = validate::check(&record, &known, now)
                .unwrap_or_else(|rejection| panic!("{json}: {rejection:?}"));
            let row = Row::new(worker_id, service, device, &record, &checked).unwrap();
            (row, record)
        })
        .collect();
    let contact = Contact {
        device_id: device.to_owned(),
        worker_id,
        sent: records.len(),
        refused: 0,
    };
    (contact, checked)
}

/// A table's rows as text, on either engine (`CAST(… AS TEXT)` reads alike
/// on both).
pub async fn rows_sqlite(db: &Db, sql: &str) -> Vec<Vec<Option<String>>> {
    text_rows(sqlx::query(sql).fetch_all(db.read()).await.unwrap())
}

pub async fn rows_postgres(store: &PgStore, sql: &str) -> Vec<Vec<Option<String>>> {
    text_rows(sqlx::query(sql).fetch_all(store.pool()).await.unwrap())
}

fn text_rows<R: sqlx::Row>(rows: Vec<R>) -> Vec<Vec<Option<String>>>
where
    for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    usize: sqlx::ColumnIndex<R>,
{
    rows.iter()
        .map(|row| {
            (0..row.len())
                .map(|i| row.get::<Option<String>, _>(i))
                .collect()
        })
        .collect()
}
