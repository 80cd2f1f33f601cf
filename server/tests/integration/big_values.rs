//! Bad values of any size, up to the body limit and past it. Whatever a
//! hostile or broken client puts in a body, and wherever it puts it, the
//! answer is a 4xx with a short reason (a decoder's message quotes the bad
//! input, so it is cut to an excerpt), a body over the limit is a 413, and
//! nothing already stored is lost.

use crate::authorization::{server_functions, Body};
use crate::common;
use crate::handover::sealed_file;

use axum::http::StatusCode;
use common::{found_syringes, Client, TestApp};
use serde_json::{json, Value};

/// However large the input, an answer about it stays this small.
const ANSWER_MAX: usize = 4 * 1024;

/// The sizes of a bad value: large, very large, and as large as the body
/// limit allows (`None`: the value is sized so the body is one byte under).
const SIZES: [Option<usize>; 3] = [Some(100 * 1024), Some(1024 * 1024), None];

fn long(len: usize) -> String {
    "x".repeat(len)
}

/// `body` with `PLACEHOLDER` replaced by `size` bytes of filler, or by as
/// many as keep the body one byte under `limit`.
const PLACEHOLDER: &str = "@@LONG@@";

fn filled(body: &str, size: Option<usize>, limit: usize) -> String {
    let size = size.unwrap_or_else(|| limit - 1 - (body.len() - PLACEHOLDER.len()));
    body.replacen(PLACEHOLDER, &long(size), 1)
}

/// Every place of a sync batch, with the long value as a string: in place
/// of the batch, of its parts, of a record and of a record's fields. Each
/// is either a wrong type (a decode error) or a right type that is too long.
fn sync_bodies() -> Vec<(&'static str, String)> {
    let record = |place: &str| {
        let mut record = found_syringes(900);
        let value = Value::String(PLACEHOLDER.into());
        match place {
            "details.count" => record["details"]["count"] = value,
            "details.kind" => record["details"]["kind"] = value,
            field => record[field] = value,
        }
        record
    };
    let batch = |records: Value| {
        json!({ "batch": { "schema_version": 1, "device_id": "p", "records": records } })
            .to_string()
    };
    let mut bodies = vec![
        ("batch", json!({ "batch": PLACEHOLDER }).to_string()),
        (
            "schema_version",
            json!({ "batch": { "schema_version": PLACEHOLDER, "device_id": "p", "records": [] } })
                .to_string(),
        ),
        (
            "device_id",
            json!({ "batch": { "schema_version": 1, "device_id": PLACEHOLDER, "records": [] } })
                .to_string(),
        ),
        (
            "user_id",
            json!({ "batch": { "schema_version": 1, "user_id": PLACEHOLDER, "device_id": "p", "records": [] } })
                .to_string(),
        ),
        ("records", batch(Value::String(PLACEHOLDER.into()))),
        ("a record", batch(json!([PLACEHOLDER]))),
    ];
    for field in [
        "id",
        "occurred_at",
        "locality",
        "client",
        "note",
        "details",
        "details.kind",
        "details.count",
    ] {
        bodies.push((field, batch(json!([record(field)]))));
    }
    bodies
}

/// The answer is a refusal of the client's input and says so briefly: a 4xx,
/// or, for a record's own fault, that record refused inside a 200.
fn assert_refused_briefly(place: &str, size: usize, status: StatusCode, body: &str) {
    let what = format!("{place} of {size} bytes");
    assert!(
        body.len() <= ANSWER_MAX,
        "{what}: {status}, an answer of {} bytes: {}…",
        body.len(),
        &body[..body.len().min(300)]
    );
    if status == StatusCode::OK {
        let answer: Value = serde_json::from_str(body).unwrap();
        let results = answer["results"].as_array().expect("sync results");
        assert!(
            results
                .iter()
                .all(|result| result["outcome"].get("Rejected").is_some()),
            "{what}: stored: {body}"
        );
    } else {
        assert!(status.is_client_error(), "{what}: {status} {body}");
    }
}

async fn stored(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM records").await
}

#[tokio::test]
async fn sync_answers_a_long_bad_value_anywhere_in_a_batch_with_a_short_4xx() {
    let app = TestApp::new().await;
    let mut phone = app.logged_in("terenni", "worker").await;
    assert_eq!(
        common::sync(&mut phone, vec![found_syringes(1)]).await,
        ["Accepted"]
    );

    for (place, template) in sync_bodies() {
        for size in SIZES {
            let body = filled(&template, size, server::SYNC_BODY_MAX);
            let response = phone.send(json_post("/api/sync", body.clone())).await;
            assert_refused_briefly(place, body.len(), response.status, &response.body);
        }
        // One byte over the limit is refused before it is read.
        let body = filled(&template, None, server::SYNC_BODY_MAX + 2);
        let response = phone.send(json_post("/api/sync", body)).await;
        assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE, "{place}");
    }

    assert_eq!(stored(&app).await, 1, "nothing stored is lost");
    assert_eq!(
        common::sync(&mut phone, vec![found_syringes(2)]).await,
        ["Accepted"],
        "and the phone still syncs"
    );
}

#[tokio::test]
async fn a_handover_file_with_a_long_bad_value_is_refused_briefly() {
    let app = TestApp::new().await;
    let worker_id = app.user("terenni", "worker").await;
    let mut worker = app.client();
    assert_eq!(
        worker.login("terenni", common::PASSWORD).await.status,
        StatusCode::OK
    );
    let mut coordinator = app.logged_in("koordinator", "coordinator").await;
    assert_eq!(
        common::sync(&mut worker, vec![found_syringes(1)]).await,
        ["Accepted"]
    );

    // The file itself, a body that is not JSON, and a field of the file.
    let outer = [
        ("file", json!({ "file": PLACEHOLDER }).to_string()),
        (
            "file that is not JSON",
            format!("{{\"file\": 1{PLACEHOLDER}}}"),
        ),
        (
            "file's username",
            json!({ "file": serde_json::to_string(&json!({
                "format": app::sync::handover::FORMAT, "user_id": worker_id,
                "username": PLACEHOLDER, "device_id": "d", "created_at": "",
                "records": 0, "ephemeral_key": "", "sealed": ""
            })).unwrap() })
            .to_string(),
        ),
    ];
    for (place, template) in outer {
        for size in SIZES {
            let body = filled(&template, size, server::HANDOVER_BODY_MAX);
            let response = coordinator
                .send(json_post("/api/handover/import", body.clone()))
                .await;
            assert_refused_briefly(place, body.len(), response.status, &response.body);
        }
        let body = filled(&template, None, server::HANDOVER_BODY_MAX + 2);
        let response = coordinator
            .send(json_post("/api/handover/import", body))
            .await;
        assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE, "{place}");
    }

    // A sealed file whose one record carries the long value at each place.
    for (place, template) in sync_bodies().into_iter().skip(5) {
        let batch: Value = serde_json::from_str(&template).unwrap();
        let record = batch["batch"]["records"][0].to_string();
        for size in [100 * 1024, 1024 * 1024] {
            let record: Value = serde_json::from_str(&filled(&record, Some(size), 0)).unwrap();
            let file = sealed_file(&mut worker, worker_id, "terenni", &[record]).await;
            let body = json!({ "file": serde_json::to_string(&file).unwrap() }).to_string();
            let response = coordinator
                .send(json_post("/api/handover/import", body.clone()))
                .await;
            assert_eq!(
                response.status,
                StatusCode::OK,
                "{place}: {}",
                response.body
            );
            assert!(response.body.len() <= ANSWER_MAX, "{place}");
            assert_eq!(response.json()["rejected"], 1, "{place}: {}", response.body);
        }
    }
    assert_eq!(stored(&app).await, 1, "nothing stored is lost");
}

#[tokio::test]
async fn every_form_server_function_answers_a_long_value_in_any_field_briefly() {
    let app = TestApp::new().await;
    let victim = app.user("victim", "worker").await.to_string();
    let mut admin = app.logged_in("spravce", "admin").await;
    let mut phone = app.logged_in("terenni", "worker").await;
    assert_eq!(
        common::sync(&mut phone, vec![found_syringes(1)]).await,
        ["Accepted"]
    );
    let users = app.count("SELECT COUNT(*) FROM users").await;

    let mut tried = 0;
    for (endpoint, _, body) in server_functions(&victim, 1) {
        let Body::Form(fields) = body else {
            continue;
        };
        // A function without arguments gets one it does not expect.
        let fields = if fields.is_empty() {
            vec![("unexpected".to_owned(), String::new())]
        } else {
            fields
        };
        for place in 0..fields.len() {
            let template = form_body(&fields, place);
            for size in [None, Some(100 * 1024)] {
                let body = filled(&template, size, server::FORM_BODY_MAX);
                let over = body.len() > server::FORM_BODY_MAX;
                let response = post_form(&mut admin, endpoint, body.clone()).await;
                let what = format!("{endpoint} {} of {} bytes", fields[place].0, body.len());
                if over {
                    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE, "{what}");
                }
                assert!(
                    !response.status.is_server_error(),
                    "{what}: {} {}",
                    response.status,
                    response.body
                );
                // A refusal is short; an answer that is not one (a function
                // that ignores what it does not take) echoes none of it.
                if !response.status.is_success() {
                    assert!(
                        response.body.len() <= ANSWER_MAX,
                        "{what}: {}, an answer of {} bytes",
                        response.status,
                        response.body.len()
                    );
                }
                assert!(!response.body.contains(&long(1000)), "{what}: echoed");
                tried += 1;
            }
        }
    }
    assert!(tried > 50, "every field of every form was tried ({tried})");
    assert_eq!(stored(&app).await, 1, "nothing stored is lost");
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, users);
}

/// A form's fields URL-encoded, the one at `place` replaced by the filler.
fn form_body(fields: &[(String, String)], place: usize) -> String {
    fields
        .iter()
        .enumerate()
        .map(|(index, (key, value))| {
            let value = if index == place {
                PLACEHOLDER.to_owned()
            } else {
                url_encode(value)
            };
            format!("{}={value}", url_encode(key))
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn url_encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

fn json_post(path: &str, body: String) -> axum::http::Request<axum::body::Body> {
    axum::http::Request::post(path)
        .header("content-type", "application/json")
        .header("accept", "application/json")
        .body(axum::body::Body::from(body))
        .unwrap()
}

async fn post_form(client: &mut Client<'_>, endpoint: &str, body: String) -> common::Response {
    client
        .send(
            axum::http::Request::post(format!("/api/{endpoint}"))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "application/json")
                .body(axum::body::Body::from(body))
                .unwrap(),
        )
        .await
}
