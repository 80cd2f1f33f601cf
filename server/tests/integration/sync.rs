//! The sync endpoint through the real router: accepted, duplicate, conflict,
//! one bad record among good ones, limits, and whose records they are.

use crate::common;
use common::{now_local, uuid};

use axum::http::StatusCode;
use common::{Client, TestApp};
use serde_json::{json, Value};

fn exchange(n: u32, syringes: i64) -> Value {
    json!({
        "id": uuid(n),
        "occurred_at": now_local(),
        "locality": "centrum",
        "client": { "code": "LUD07TOM08" },
        "note": "",
        "details": {
            "kind": "exchange",
            "first_contact": false,
            "target_group": "injecting_user",
            "materials": [{ "material": "strikacky", "count": syringes }],
            "returned_syringes": 3,
            "service_acts": ["hr-informace"]
        }
    })
}

fn one_of_each(start: u32) -> Vec<Value> {
    let at = now_local();
    vec![
        json!({
            "id": uuid(start), "occurred_at": at, "locality": "nadrazi", "client": "anonymous",
            "details": { "kind": "contact", "first_contact": true, "target_group": "non_injecting_user",
                         "service_acts": ["poradenstvi", "test-hcv"], "duration_minutes": 15 }
        }),
        exchange(start + 1, 10),
        json!({
            "id": uuid(start + 2), "occurred_at": at, "locality": "sidliste", "client": "ncc",
            "details": { "kind": "crisis_visit", "situation": "eviction", "police_record_at": at,
                         "place": "home", "interventions": ["safety_plan"], "children_present": 2,
                         "follow_up_on": "2026-12-01" }
        }),
        json!({
            "id": uuid(start + 3), "occurred_at": at, "locality": "centrum", "client": "anonymous",
            "details": { "kind": "found_syringes", "count": 4 }
        }),
    ]
}

async fn sync(client: &mut Client<'_>, records: Vec<Value>) -> common::Response {
    let body =
        json!({ "batch": { "schema_version": 1, "device_id": "phone-1", "records": records } });
    client.call_json("sync", &body).await
}

fn outcomes(response: &common::Response) -> Vec<String> {
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    response.json()["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| match &result["outcome"] {
            Value::String(outcome) => outcome.clone(),
            other => format!(
                "Rejected:{}",
                other["Rejected"]["field"].as_str().unwrap_or("?")
            ),
        })
        .collect()
}

#[tokio::test]
async fn new_records_are_accepted_and_stored_for_the_session_worker() {
    let app = TestApp::new().await;
    let mut phone = app.logged_in("jana", "worker").await;
    let response = sync(&mut phone, one_of_each(1)).await;
    assert_eq!(outcomes(&response), ["Accepted"; 4]);
    assert_eq!(response.json()["catalogue_version"], 1);
    let jana = app.user_id("jana").await;
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM records WHERE worker_id = {jana} AND device_id = 'phone-1'"
        ))
        .await,
        4
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM records WHERE kind = 'crisis_visit' AND client_kind = 'ncc'"
        )
        .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM records WHERE client_code = 'LUD07TOM08'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM records WHERE first_contact = 1")
            .await,
        1
    );
}

#[tokio::test]
async fn a_resent_batch_is_acknowledged_as_duplicates_and_not_stored_twice() {
    let app = TestApp::new().await;
    let mut phone = app.logged_in("jana", "worker").await;
    let batch = one_of_each(1);
    sync(&mut phone, batch.clone()).await;
    let again = sync(&mut phone, batch).await;
    assert_eq!(outcomes(&again), ["Duplicate"; 4]);
    assert_eq!(app.count("SELECT COUNT(*) FROM records").await, 4);
}

#[tokio::test]
async fn the_same_id_with_other_content_is_a_conflict_and_keeps_the_stored_record() {
    let app = TestApp::new().await;
    let mut phone = app.logged_in("jana", "worker").await;
    sync(&mut phone, vec![exchange(7, 10)]).await;
    let conflict = sync(&mut phone, vec![exchange(7, 11)]).await;
    assert_eq!(outcomes(&conflict), ["Rejected:id"]);
    assert_eq!(
        conflict.json()["results"][0]["outcome"]["Rejected"]["problem"],
        "Conflict"
    );
    let stored = app
        .rows(&format!(
            "SELECT CAST(content AS TEXT) FROM records WHERE id = '{}'",
            uuid(7)
        ))
        .await
        .remove(0)
        .remove(0)
        .unwrap();
    assert!(stored.contains("\"count\":10"), "{stored}");
}

#[tokio::test]
async fn one_bad_record_is_set_aside_with_a_reason_and_the_rest_is_stored() {
    let app = TestApp::new().await;
    let mut phone = app.logged_in("jana", "worker").await;
    let mut unknown_locality = exchange(3, 1);
    unknown_locality["locality"] = json!("mars");
    let mut missing_field = exchange(4, 1);
    missing_field.as_object_mut().unwrap().remove("details");
    let batch = vec![
        exchange(1, 5),
        exchange(2, -5),
        unknown_locality,
        missing_field,
        json!("nonsense"),
        exchange(6, 5),
    ];
    let response = sync(&mut phone, batch).await;
    assert_eq!(
        outcomes(&response),
        [
            "Accepted",
            "Rejected:materials[0].count",
            "Rejected:locality",
            "Rejected:record",
            "Rejected:record",
            "Accepted"
        ]
    );
    let results = response.json()["results"].clone();
    assert_eq!(results[1]["id"], uuid(2));
    assert_eq!(
        results[1]["outcome"]["Rejected"]["problem"]["OutOfRange"]["min"],
        0
    );
    assert_eq!(results[4]["id"], Value::Null);
    assert_eq!(app.count("SELECT COUNT(*) FROM records").await, 2);
}

#[tokio::test]
async fn a_batch_over_the_limit_or_of_an_unknown_schema_is_refused_whole() {
    let app = TestApp::new().await;
    let mut phone = app.logged_in("jana", "worker").await;
    let big: Vec<Value> = (0..501).map(|n| exchange(n, 1)).collect();
    let response = sync(&mut phone, big).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert_eq!(response.json()["Invalid"]["field"], "records");

    let old = json!({ "batch": { "schema_version": 0, "device_id": "phone-1", "records": [exchange(1, 1)] } });
    let response = phone.call_json("sync", &old).await;
    assert_eq!(response.json()["Invalid"]["field"], "schema_version");
    assert_eq!(app.count("SELECT COUNT(*) FROM records").await, 0);

    let exactly: Vec<Value> = (0..500).map(|n| exchange(n, 1)).collect();
    assert_eq!(sync(&mut phone, exactly).await.status, StatusCode::OK);
    assert_eq!(app.count("SELECT COUNT(*) FROM records").await, 500);
}

#[tokio::test]
async fn without_a_session_nothing_is_stored() {
    let app = TestApp::new().await;
    app.user("jana", "worker").await;
    let mut stranger = app.client();
    let response = sync(&mut stranger, one_of_each(1)).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert_eq!(response.json(), json!("Unauthenticated"));
    assert_eq!(app.count("SELECT COUNT(*) FROM records").await, 0);
}

#[tokio::test]
async fn a_worker_cannot_file_records_as_another_worker_nor_overwrite_theirs() {
    let app = TestApp::new().await;
    let mut jana = app.logged_in("jana", "worker").await;
    let mut petr = app.logged_in("petr", "worker").await;
    let petr_id = app.user_id("petr").await;

    let mut forged = exchange(1, 5);
    forged["worker"] = json!(petr_id);
    forged["worker_id"] = json!(petr_id);
    assert_eq!(outcomes(&sync(&mut jana, vec![forged]).await), ["Accepted"]);
    let jana_id = app.user_id("jana").await;
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM records WHERE worker_id = {jana_id}"
        ))
        .await,
        1
    );

    // Petr re-sending Jana's record id, even with identical content, does not take it over.
    assert_eq!(
        outcomes(&sync(&mut petr, vec![exchange(1, 5)]).await),
        ["Rejected:id"]
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM records WHERE worker_id = {petr_id}"
        ))
        .await,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_phones_syncing_while_an_admin_edits_accounts_all_succeed() {
    let app = TestApp::new().await;
    let mut admin = app.logged_in("admin", "admin").await;
    let mut phones = Vec::new();
    for n in 0..24 {
        phones.push(app.logged_in(&format!("phone{n}"), "worker").await);
    }
    let at = now_local();
    let syncs = phones.iter_mut().enumerate().map(|(n, phone)| {
        let at = at.clone();
        async move {
            let mut statuses = Vec::new();
            for round in 0..4u32 {
                let records: Vec<Value> = (0..20u32)
                    .map(|i| {
                        let mut record = exchange(n as u32 * 1000 + round * 100 + i, 2);
                        record["occurred_at"] = json!(at);
                        record
                    })
                    .collect();
                let response = sync(phone, records).await;
                statuses.push(outcomes(&response));
            }
            statuses
        }
    });
    let edits = async {
        let mut answers = Vec::new();
        for n in 0..12 {
            let name = format!("novy{n}");
            let created = admin
                .call(
                    "admin/users/create",
                    &[
                        ("username", name.as_str()),
                        ("display_name", "Nový"),
                        ("role", "worker"),
                        ("password", common::PASSWORD),
                    ],
                )
                .await;
            answers.push((created.status, created.body.clone()));
            let id = created.json()["id"].to_string();
            let deactivated = admin
                .call(
                    "admin/users/active",
                    &[("user_id", &id), ("active", "false")],
                )
                .await;
            answers.push((deactivated.status, deactivated.body));
        }
        answers
    };
    let (synced, edited) = tokio::join!(futures::future::join_all(syncs), edits);
    for outcomes in synced.into_iter().flatten() {
        assert!(outcomes.iter().all(|o| o == "Accepted"), "{outcomes:?}");
    }
    for (status, body) in edited {
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM records").await, 24 * 4 * 20);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE active = 0")
            .await,
        12
    );
    app.assert_tallies_recount().await;
}

/// Batches that queue behind a busy writer are written together; each must
/// still be decided as if it had been written alone, one after another.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn batches_written_together_are_decided_one_after_another() {
    let app = TestApp::new().await;
    let jana = app.user("jana", "worker").await;
    let petr = app.user("petr", "worker").await;
    let queue = std::sync::Arc::new(app::sync::queue::SyncQueue::default());
    let batch = |first: u32, syringes: i64| -> Vec<Box<serde_json::value::RawValue>> {
        (first..first + 10)
            .map(|n| serde_json::value::to_raw_value(&exchange(n, syringes)).unwrap())
            .collect()
    };
    // Held writer: every batch below queues, and all but the first are
    // then written in one transaction.
    let held = app.hold_record_writes().await;
    let mut sends = tokio::task::JoinSet::new();
    for copy in 0..8 {
        // Jana's phone sends the same batch eight times (lost answers);
        // Petr's sends other records under half of the same ids.
        let (worker, records) = if copy % 4 == 3 {
            (petr, batch(5, 7))
        } else {
            (jana, batch(1, 2))
        };
        let (queue, db) = (queue.clone(), app.store());
        sends.spawn(async move {
            let now = chrono::Utc::now();
            let (results, _) =
                app::sync::apply::apply_batch(&queue, &db, worker, "phone", records, now)
                    .await
                    .unwrap();
            results
                .into_iter()
                .map(|r| {
                    (
                        worker,
                        r.id.unwrap(),
                        serde_json::to_value(&r.outcome).unwrap(),
                    )
                })
                .collect::<Vec<_>>()
        });
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    drop(held);
    let mut by_id: std::collections::BTreeMap<String, Vec<(i64, Value)>> = Default::default();
    while let Some(done) = sends.join_next().await {
        for (worker, id, outcome) in done.unwrap() {
            by_id.entry(id).or_default().push((worker, outcome));
        }
    }
    assert_eq!(by_id.len(), 14);
    for (id, outcomes) in &by_id {
        let accepted: Vec<_> = outcomes.iter().filter(|(_, o)| o == "Accepted").collect();
        assert_eq!(accepted.len(), 1, "{id}: {outcomes:?}");
        let owner = accepted[0].0;
        for (worker, outcome) in outcomes {
            let expected = if *worker == owner {
                json!("Duplicate")
            } else {
                json!({ "Rejected": { "field": "id", "problem": "Conflict" } })
            };
            assert!(
                outcome == "Accepted" || *outcome == expected,
                "{id}: {outcomes:?}"
            );
        }
        assert_eq!(
            app.count(&format!("SELECT worker_id FROM records WHERE id = '{id}'"))
                .await,
            owner
        );
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM records").await, 14);
    app.assert_tallies_recount().await;
}

/// A phone that hangs up while its batch is being written must not cut the
/// write short: the batch is stored, and the writer keeps working.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_whose_phone_hangs_up_mid_write_is_stored_and_the_writer_keeps_working() {
    let app = TestApp::new().await;
    let jana = app.user("jana", "worker").await;
    let queue = std::sync::Arc::new(app::sync::queue::SyncQueue::default());
    let raw = |n: u32| vec![serde_json::value::to_raw_value(&exchange(n, 2)).unwrap()];
    let held = app.hold_record_writes().await;
    let hung_up = {
        let (queue, db, records) = (queue.clone(), app.store(), raw(1));
        tokio::spawn(async move {
            app::sync::apply::apply_batch(&queue, &db, jana, "phone", records, chrono::Utc::now())
                .await
        })
    };
    // Its turn has begun and waits for the writer; then the phone hangs up.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    hung_up.abort();
    drop(held);
    let (results, _) = app::sync::apply::apply_batch(
        &queue,
        &app.store(),
        jana,
        "phone",
        raw(2),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(
        serde_json::to_value(&results[0].outcome).unwrap(),
        "Accepted"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM records").await, 2);
}

#[tokio::test]
async fn an_edit_after_a_lost_answer_replaces_the_stored_record_and_its_counts() {
    let app = TestApp::new().await;
    let mut phone = app.logged_in("jana", "worker").await;
    // Stored, but the phone never heard: it still holds the record pending.
    assert_eq!(
        outcomes(&sync(&mut phone, vec![exchange(1, 5)]).await),
        ["Accepted"]
    );
    let mut edited = exchange(1, 9);
    edited["revision"] = json!(1);
    assert_eq!(
        outcomes(&sync(&mut phone, vec![edited.clone()]).await),
        ["Accepted"]
    );
    // Its resend, and a late copy of the first version, change nothing.
    assert_eq!(
        outcomes(&sync(&mut phone, vec![edited, exchange(1, 5)]).await),
        ["Duplicate", "Duplicate"]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM records").await, 1);
    assert_eq!(
        app.count(&format!(
            "SELECT SUM(value) FROM tallies WHERE grain = 'month' AND worker_id = 0 \
             AND service_id = {} AND measure = 'material' AND code = 'strikacky'",
            app::tally::ALL_SERVICES
        ))
        .await,
        9
    );
    // The same revision with other content is still a conflict.
    let mut other = exchange(1, 7);
    other["revision"] = json!(1);
    assert_eq!(
        outcomes(&sync(&mut phone, vec![other]).await),
        ["Rejected:id"]
    );
}

/// What a broken or hostile client might send to the sync endpoint.
fn hostile_bodies() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let json = "application/json";
    let mut deep = String::new();
    for _ in 0..5000 {
        deep.push('[');
    }
    let mut bodies: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", Vec::new(), json),
        ("not json", b"hello".to_vec(), json),
        ("a number", b"42".to_vec(), json),
        ("no batch", br#"{"records": []}"#.to_vec(), json),
        ("batch not an object", br#"{"batch": "x"}"#.to_vec(), json),
        (
            "records not a list",
            br#"{"batch": {"schema_version": 1, "device_id": "p", "records": 5}}"#.to_vec(),
            json,
        ),
        (
            "version a string",
            br#"{"batch": {"schema_version": "1", "device_id": "p", "records": []}}"#.to_vec(),
            json,
        ),
        (
            "missing device",
            br#"{"batch": {"schema_version": 1, "records": []}}"#.to_vec(),
            json,
        ),
        ("deep nesting", deep.into_bytes(), json),
        ("invalid utf-8", vec![0xff, 0xfe, 0x7b, 0x00, 0x80], json),
        (
            "truncated",
            br#"{"batch": {"schema_version": 1, "dev"#.to_vec(),
            json,
        ),
    ];
    // Random bytes, reproducibly.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..40 {
        let bytes = (0..64)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        bodies.push(("random bytes", bytes, json));
    }
    bodies
}

#[tokio::test]
async fn hostile_sync_bodies_get_a_client_error_with_a_reason_and_store_nothing() {
    let app = TestApp::new().await;
    let mut phone = app.logged_in("jana", "worker").await;
    let send = |body: Vec<u8>, content_type: &str| {
        axum::http::Request::post("/api/sync")
            .header("content-type", content_type)
            .header("accept", "application/json")
            .body(axum::body::Body::from(body))
            .unwrap()
    };
    for (what, body, content_type) in hostile_bodies() {
        let response = phone.send(send(body, content_type)).await;
        assert_eq!(
            response.status,
            StatusCode::BAD_REQUEST,
            "{what}: {}",
            response.body
        );
        assert!(
            response.json()["BadRequest"]
                .as_str()
                .is_some_and(|reason| !reason.is_empty()),
            "{what}: {}",
            response.body
        );
    }

    let good =
        json!({ "batch": { "schema_version": 1, "device_id": "p", "records": [exchange(1, 1)] } })
            .to_string();
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/xml",
    ] {
        let response = phone
            .send(send(good.clone().into_bytes(), content_type))
            .await;
        assert_eq!(
            response.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type}"
        );
        assert_eq!(
            response.json()["UnsupportedMediaType"]["expected"],
            "application/json"
        );
    }

    let huge = vec![b' '; 5 * 1024 * 1024];
    let response = phone.send(send(huge, "application/json")).await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(response.json()["PayloadTooLarge"]["max_bytes"]
        .as_u64()
        .is_some());

    // A login form that is not a form is refused the same way.
    let response = phone
        .send(
            axum::http::Request::post("/api/login")
                .header("content-type", "application/json")
                .body(axum::body::Body::from("{}"))
                .unwrap(),
        )
        .await;
    assert_eq!(response.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let response = phone.call("login", &[("user", "x")]).await;
    assert_eq!(
        response.status,
        StatusCode::BAD_REQUEST,
        "{}",
        response.body
    );

    assert_eq!(app.count("SELECT COUNT(*) FROM records").await, 0);
    // And the phone still syncs.
    assert_eq!(
        outcomes(&sync(&mut phone, vec![exchange(2, 1)]).await),
        ["Accepted"]
    );
}
