//! Property: whatever the network does to the uploads (retries, duplicated
//! batches, batches out of order, a response lost after the commit), the
//! database ends exactly as after one clean upload of every record.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use common::TestApp;
use proptest::prelude::*;
use serde_json::{json, Value};

fn record(n: u32, good: bool) -> Value {
    json!({
        "id": format!("00000000-0000-4000-8000-{n:012x}"),
        "occurred_at": "2026-11-20T10:00:00+01:00",
        "locality": "centrum",
        "client": if n.is_multiple_of(3) { json!("anonymous") } else { json!({ "code": "LUD07TOM08" }) },
        "details": { "kind": "found_syringes", "count": if good { (n % 50) + 1 } else { 0 } }
    })
}

async fn upload(app: &TestApp, batches: &[Vec<Value>]) -> Vec<(String, String, i64)> {
    let mut phone = app.client();
    phone.login("jana", common::PASSWORD).await;
    for batch in batches {
        let body = json!({ "batch": { "schema_version": 1, "device_id": "p", "records": batch } });
        let response = phone.call_json("sync", &body).await;
        assert_eq!(
            response.status,
            axum::http::StatusCode::OK,
            "{}",
            response.body
        );
    }
    sqlx::query_as("SELECT id, content, worker_id FROM records ORDER BY id")
        .fetch_all(&app.pool)
        .await
        .unwrap()
}

/// One schedule: the records cut into batches, then each batch sent once or
/// several times, in a shuffled order.
fn schedule() -> impl Strategy<Value = (Vec<(u32, bool)>, Vec<usize>, Vec<usize>)> {
    (1usize..40)
        .prop_flat_map(|len| {
            (
                proptest::collection::vec((0u32..60, proptest::bool::weighted(0.85)), len),
                proptest::collection::vec(1usize..8, 1..6),
            )
        })
        .prop_flat_map(|(records, sizes)| {
            let batches = sizes.len();
            (
                Just(records),
                Just(sizes),
                proptest::collection::vec(0..batches, batches..batches * 3),
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn retried_duplicated_and_reordered_batches_equal_one_clean_upload(
        (records, sizes, order) in schedule()
    ) {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            // The phone never changes a record under the same id: deduplicate ids.
            let mut seen = std::collections::HashSet::new();
            let records: Vec<Value> = records
                .into_iter()
                .filter(|(n, _)| seen.insert(*n))
                .map(|(n, good)| record(n, good))
                .collect();

            let mut batches: Vec<Vec<Value>> = Vec::new();
            let mut rest = records.as_slice();
            for size in sizes.iter().cycle() {
                if rest.is_empty() { break; }
                let take = (*size).min(rest.len());
                batches.push(rest[..take].to_vec());
                rest = &rest[take..];
            }
            // Every batch is sent at least once, then the random extra sends.
            let mut sends: Vec<Vec<Value>> = batches.clone();
            sends.extend(order.iter().filter_map(|i| batches.get(*i).cloned()));
            sends.reverse();

            let clean = TestApp::new().await;
            clean.user("jana", "worker").await;
            let expected = upload(&clean, std::slice::from_ref(&records)).await;

            let messy = TestApp::new().await;
            messy.user("jana", "worker").await;
            let actual = upload(&messy, &sends).await;
            assert_eq!(actual, expected);
        });
    }
}
