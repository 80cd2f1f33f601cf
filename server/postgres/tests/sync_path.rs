//! A phone's batch as it arrives (raw JSON records) goes the whole way on
//! both engines: read what checking needs, check, queue, write. The same
//! batches give the same answers and rows; the handover keys behave alike.

// Helpers unwrap as tests do: a failure is the test failing.
#![allow(clippy::unwrap_used)]

mod common;

use app::store::Store;
use app::sync::apply::apply_batch;
use app::sync::queue::SyncQueue;
use app::sync::store::SyncStore;
use chrono::{TimeZone, Utc};
use common::*;
use serde_json::{json, value::RawValue, Value};

fn uuid(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

fn exchange(n: u32, code: &str, birth_year: Option<i32>) -> Value {
    json!({
        "id": uuid(n), "occurred_at": "2026-11-20T16:40:00+01:00", "locality": "nadrazi",
        "client": { "code": code }, "note": "",
        "details": { "kind": "exchange", "first_contact": false, "target_group": "injecting_user",
                     "materials": [{ "material": "strikacky", "count": 5 }],
                     "returned_syringes": 3 },
        "basics": birth_year.map(|year| json!({ "birth_year": year }))
    })
}

fn raw(records: &[Value]) -> Vec<Box<RawValue>> {
    records
        .iter()
        .map(|record| RawValue::from_string(record.to_string()).unwrap())
        .collect()
}

/// Every batch's answers, as text.
async fn sync_all<S: Store + SyncStore + Clone>(store: &S) -> Vec<String> {
    let queue = SyncQueue::default();
    let now = Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap();
    let batches = [
        // A birth year given here counts for the exchange after it.
        vec![
            exchange(1, "ABC01DEF01", Some(2012)),
            exchange(2, "ABC01DEF01", None),
            exchange(3, "GHI02JKL02", Some(1990)),
        ],
        // Kept from the batch before: still too young, and a resend.
        vec![
            exchange(4, "ABC01DEF01", None),
            exchange(3, "GHI02JKL02", Some(1990)),
            json!({ "id": "not a record" }),
        ],
    ];
    let mut answers = Vec::new();
    for batch in batches {
        let (results, version) = apply_batch(&queue, store, 1, "phone-1", raw(&batch), now)
            .await
            .unwrap();
        answers.push(format!("{version} {results:?}"));
    }
    answers
}

#[tokio::test]
async fn raw_batches_take_the_same_way_on_both_engines() {
    let sqlite = sqlite().await;
    let (postgres, _) = postgres().await;
    set_up(&sqlite, &postgres).await;
    for statement in [
        "INSERT INTO user_services (user_id, service_id) VALUES (1, 1)",
        "UPDATE services SET type = 'contact_centre' WHERE id = 1",
    ] {
        sqlx::query(statement)
            .execute(sqlite.db.write())
            .await
            .unwrap();
        sqlx::query(statement)
            .execute(postgres.pool())
            .await
            .unwrap();
    }
    let on_sqlite = sync_all(&sqlite.db).await;
    let on_postgres = sync_all(&postgres).await;
    assert_eq!(on_sqlite, on_postgres);
    let text = on_sqlite.join("\n");
    assert!(text.contains("Accepted"), "{text}");
    assert!(text.contains("Duplicate"), "{text}");
    assert!(text.contains("Rejected"), "{text}");
    for sql in [
        "SELECT id, CAST(service_id AS TEXT), client_code FROM records ORDER BY records.id",
        "SELECT code, CAST(service_id AS TEXT), CAST(birth_year AS TEXT) FROM client_basics
         ORDER BY client_basics.code",
        "SELECT device_id, CAST(stored AS TEXT) FROM devices ORDER BY devices.device_id",
    ] {
        let a = rows_sqlite(&sqlite.db, sql).await;
        assert!(!a.is_empty(), "{sql}");
        assert_eq!(a, rows_postgres(&postgres, sql).await, "{sql}");
    }
}

#[tokio::test]
async fn handover_keys_are_made_once_and_authors_kept_on_both_engines() {
    let sqlite = sqlite().await;
    let (postgres, _) = postgres().await;
    set_up(&sqlite, &postgres).await;
    let stores: [&dyn Store; 2] = [&sqlite.db, &postgres];
    for store in stores {
        let first = store.handover_private_key("first").await.unwrap();
        assert_eq!(first, "first");
        assert_eq!(store.handover_private_key("second").await.unwrap(), "first");
        store
            .register_author(1, "phone-1", "key-a", "2026-11-30T12:00:00Z")
            .await
            .unwrap();
        store
            .register_author(1, "phone-1", "key-a", "2026-12-01T12:00:00Z")
            .await
            .unwrap();
        assert_eq!(store.author_keys(1, "phone-1").await.unwrap(), ["key-a"]);
        assert!(store.author_keys(2, "phone-1").await.unwrap().is_empty());
    }
}
