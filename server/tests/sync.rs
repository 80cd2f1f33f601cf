//! The sync endpoint through the real router: accepted, duplicate, conflict,
//! one bad record among good ones, limits, and whose records they are.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use axum::http::StatusCode;
use common::{Client, TestApp};
use serde_json::{json, Value};

fn uuid(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

fn now_local() -> String {
    chrono::Local::now()
        .fixed_offset()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

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
    let stored: String = sqlx::query_scalar("SELECT content FROM records WHERE id = ?")
        .bind(uuid(7))
        .fetch_one(&app.pool)
        .await
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
