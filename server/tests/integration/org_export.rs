//! An organisation leaves a PostgreSQL host with a Terén SQLite file that
//! holds all it had, value for value, and that the single-organisation
//! server opens.

use app::records::kinds::Record;
use app::records::validate::{self, KnownCodes};
use app::sync::devices_db::Contact;
use app::sync::plan::Batch;
use app::sync::store::SyncStore;

const TABLES: &[&str] = &[
    // A new file's tallies are built by the server at its first start.
    "SELECT key, value FROM settings WHERE key <> 'tallies_built' ORDER BY settings.key",
    "SELECT CAST(id AS TEXT), username, role, CAST(active AS TEXT) FROM users ORDER BY users.id",
    "SELECT id, CAST(revision AS TEXT), kind, occurred_utc, day, CAST(service_id AS TEXT),
            client_code, details, content, target_group, exploitation, citizenship, outcome,
            received_at
     FROM records ORDER BY records.id",
    "SELECT grain, CAST(worker_id AS TEXT), CAST(service_id AS TEXT), period, locality, kind,
            measure, code, CAST(value AS TEXT)
     FROM tallies ORDER BY tallies.grain, tallies.worker_id, tallies.service_id, tallies.period,
              tallies.locality, tallies.kind, tallies.measure, tallies.code",
    "SELECT code, sex, CAST(birth_year AS TEXT) FROM clients ORDER BY clients.code",
    "SELECT code, CAST(service_id AS TEXT), sex, CAST(birth_year AS TEXT), updated_at
     FROM client_basics ORDER BY client_basics.code, client_basics.service_id",
    "SELECT device_id, CAST(stored AS TEXT), last_sync FROM devices ORDER BY devices.device_id",
    "SELECT CAST(id AS TEXT), list, code, label FROM catalogue_items
     ORDER BY catalogue_items.id",
];

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

#[tokio::test]
async fn an_exported_organisation_opens_on_sqlite_with_everything_it_had() {
    let cluster = std::env::var("TEREN_TEST_POSTGRES")
        .expect("TEREN_TEST_POSTGRES: scripts/test.sh starts a throwaway PostgreSQL");
    let name = format!("export_{}", std::process::id());
    let url = teren_postgres::organisations::create_database(&cluster, &name)
        .await
        .unwrap();
    let store = teren_postgres::PgStore::migrate(&url).await.unwrap();
    store.add_packs().await.unwrap();
    sqlx::query(
        "INSERT INTO users (id, username, display_name, password_hash, role, vault_secret)
         VALUES (1, 'jana', 'Jana', '$argon2id$x', 'worker', '\\x0102ff')",
    )
    .execute(store.pool())
    .await
    .unwrap();

    // A month of a contact centre's records, synced as a phone syncs them.
    let dir = tempfile::tempdir().unwrap();
    let lists = server::db::connect(&format!("sqlite://{}/lists.db", dir.path().display()))
        .await
        .unwrap();
    let mut reader = lists.read().acquire().await.unwrap();
    let catalogue = app::catalogue::db::load(&mut reader).await.unwrap();
    let codes = |list: &str| -> Vec<String> {
        catalogue
            .items
            .iter()
            .filter(|item| item.list == list && item.active)
            .map(|item| item.code.clone())
            .collect()
    };
    let (localities, acts) = (codes("locality"), codes("service_act"));
    let yesterday = chrono::Local::now().date_naive() - chrono::Days::new(1);
    let mut options = server::seed::Options::new(600, yesterday);
    options.workers = 1;
    options.days = 30;
    let known = KnownCodes::from_catalogue(&catalogue);
    let now = chrono::Utc::now();
    let records: Vec<Record> = server::seed::Records::new(&options, &localities, &acts)
        .map(|(_, record)| record)
        .filter(|record| {
            record.details.case().is_none() && record.details.kind().as_str() != "case"
        })
        .enumerate()
        .map(|(n, mut record)| {
            // Some clients tell their sex and year of birth.
            if matches!(record.client, app::records::kinds::Client::Code(_)) && n % 3 == 0 {
                let basics = serde_json::json!({ "sex": "female", "birth_year": 1985 });
                record.basics = Some(serde_json::from_value(basics).unwrap());
            }
            record
        })
        .collect();
    let told = records
        .iter()
        .filter(|record| record.basics.is_some())
        .count();
    assert!(told > 50, "{told} records tell basics");
    for chunk in records.chunks(200) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|record| {
                let checked = validate::check(record, &known, now).unwrap();
                let row = app::records::db::Row::new(1, 1, "phone", record, &checked).unwrap();
                (row, record.clone())
            })
            .collect();
        let contact = Contact {
            device_id: "phone".into(),
            worker_id: 1,
            sent: rows.len(),
            refused: 0,
        };
        store
            .write_batches(&[Batch {
                contact: &contact,
                records: &rows,
            }])
            .await
            .unwrap();
    }

    let file = dir.path().join("left.db");
    let records_in_file = server::org::export(&store, &file).await.unwrap();
    assert_eq!(records_in_file, records.len() as i64);
    assert!(matches!(
        server::org::export(&store, &file).await,
        Err(server::org::ExportError::Exists(_))
    ));

    // The single-organisation server opens it (migrations, tallies, lists).
    let opened = server::db::connect(&format!("sqlite://{}", file.display()))
        .await
        .unwrap();
    for sql in TABLES {
        let on_postgres = text_rows(sqlx::query(sql).fetch_all(store.pool()).await.unwrap());
        let in_file = text_rows(sqlx::query(sql).fetch_all(opened.read()).await.unwrap());
        assert!(
            !in_file.is_empty(),
            "{sql}: {} on PostgreSQL",
            on_postgres.len()
        );
        assert_eq!(on_postgres, in_file, "{sql}");
    }
    let secret: Vec<u8> = sqlx::query_scalar("SELECT vault_secret FROM users WHERE id = 1")
        .fetch_one(opened.read())
        .await
        .unwrap();
    assert_eq!(secret, [1, 2, 255], "the phones' safes still open");
}
