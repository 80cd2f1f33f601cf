//! Property: whatever the network does to the uploads (retries, duplicated
//! batches, batches out of order, a response lost after the commit), the
//! database ends exactly as after one clean upload of every record.

use crate::common;

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
    app.rows("SELECT id, CAST(content AS TEXT), CAST(worker_id AS TEXT) FROM records ORDER BY id")
        .await
        .into_iter()
        .map(|row| {
            let cell = |i: usize| row[i].clone().unwrap();
            (cell(0), cell(1), cell(2).parse().unwrap())
        })
        .collect()
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

/// What the phone does next in [`edits_after_lost_answers_reach_the_server_once`].
#[derive(Debug, Clone)]
enum Step {
    /// Upload everything pending; with `lost`, the server's answer never
    /// arrives, so the phone keeps it all pending.
    Send { lost: bool },
    /// The worker edits a record that is still pending on the phone.
    Edit {
        record: usize,
        syringes: i64,
        locality: usize,
    },
    /// A coordinator voids a stored record.
    Void { record: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => proptest::bool::ANY.prop_map(|lost| Step::Send { lost }),
        3 => (0usize..6, 1i64..40, 0usize..3)
            .prop_map(|(record, syringes, locality)| Step::Edit { record, syringes, locality }),
        1 => (0usize..6).prop_map(|record| Step::Void { record }),
    ]
}

fn exchange(n: usize, revision: u32, syringes: i64, locality: usize) -> Value {
    let locality = ["centrum", "nadrazi", "sidliste"][locality];
    let mut record = json!({
        "id": format!("00000000-0000-4000-8000-{n:012x}"),
        "occurred_at": format!("2026-11-{:02}T10:00:00+01:00", 10 + n),
        "locality": locality,
        "client": { "code": format!("LUD{:02}TOM08", n + 1) },
        "details": { "kind": "exchange", "first_contact": false, "target_group": "injecting_user",
                     "materials": [{ "material": "strikacky", "count": syringes }],
                     "returned_syringes": syringes / 2, "service_acts": [] }
    });
    if revision > 0 {
        record["revision"] = json!(revision);
    }
    record
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn edits_after_lost_answers_reach_the_server_once(
        steps in proptest::collection::vec(step(), 1..16)
    ) {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let app = TestApp::new().await;
            app.user("jana", "worker").await;
            let mut phone = app.client();
            phone.login("jana", common::PASSWORD).await;
            let actor = app::audit::Actor { id: None, name: "test".into(), client_addr: "-".into() };
            // The phone's outbox: (revision, syringes, locality, pending).
            let mut outbox: Vec<(u32, i64, usize, bool)> = (0..6).map(|n| (0, n as i64 + 1, 0, true)).collect();
            let mut voided = std::collections::HashSet::new();

            let send = |outbox: &mut Vec<(u32, i64, usize, bool)>, lost: bool| {
                let pending: Vec<usize> = (0..outbox.len()).filter(|i| outbox[*i].3).collect();
                let records: Vec<Value> = pending
                    .iter()
                    .map(|i| exchange(*i, outbox[*i].0, outbox[*i].1, outbox[*i].2))
                    .collect();
                let body = json!({ "batch": { "schema_version": 1, "device_id": "p", "records": records } });
                (pending, body, lost)
            };
            let mut steps = steps;
            // In the end the phone gets a signal and its answers.
            steps.push(Step::Send { lost: false });
            for step in steps {
                match step {
                    Step::Send { lost } => {
                        let (pending, body, lost) = send(&mut outbox, lost);
                        let response = phone.call_json("sync", &body).await;
                        assert_eq!(response.status, axum::http::StatusCode::OK, "{}", response.body);
                        for result in response.json()["results"].as_array().unwrap() {
                            let outcome = &result["outcome"];
                            assert!(outcome == "Accepted" || outcome == "Duplicate", "{result}");
                            if !lost {
                                outbox[pending[result["index"].as_u64().unwrap() as usize]].3 = false;
                            }
                        }
                    }
                    Step::Edit { record, syringes, locality } => {
                        let entry = &mut outbox[record];
                        if entry.3 {
                            *entry = (entry.0 + 1, syringes, locality, true);
                        }
                    }
                    Step::Void { record } => {
                        let id = format!("00000000-0000-4000-8000-{record:012x}");
                        if app::reports::db::void(&*app.store(), &actor, &id, "test").await.is_ok() {
                            voided.insert(id);
                        }
                    }
                }
            }

            // Every record once, as the phone last had it; voided ones stay voided.
            let stored: Vec<(String, String, bool)> = app
                .rows("SELECT id, CAST(content AS TEXT), voided_at FROM records ORDER BY id")
                .await
                .into_iter()
                .map(|row| (row[0].clone().unwrap(), row[1].clone().unwrap(), row[2].is_some()))
                .collect();
            assert_eq!(stored.len(), outbox.len());
            for (n, (id, content, is_voided)) in stored.into_iter().enumerate() {
                let (revision, syringes, locality, _) = outbox[n];
                let expected = exchange(n, revision, syringes, locality);
                let content: Value = serde_json::from_str(&content).unwrap();
                for field in ["/revision", "/locality", "/details/materials/0/count", "/details/returned_syringes"] {
                    assert_eq!(content.pointer(field), expected.pointer(field), "{id} {field}");
                }
                assert_eq!(is_voided, voided.contains(&id), "{id}");
            }
            app.assert_tallies_recount().await;
        });
    }
}
