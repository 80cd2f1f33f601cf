//! What the operator sees: the status page's phones and backups, the
//! server's own backups, and the Prometheus metrics.

use crate::common;
use axum::http::StatusCode;
use common::{found_syringes, Client, TestApp};
use serde_json::{json, Value};
use server::config::BackupSchedule;

async fn sync_from(phone: &mut Client<'_>, device: &str, records: Vec<Value>) -> Value {
    let body = json!({ "batch": { "schema_version": 1, "device_id": device, "records": records } });
    let response = phone.call_json("sync", &body).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    response.json()
}

async fn load_status(admin: &mut Client<'_>) -> Value {
    let response = admin.call("admin/status", &[]).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    response.json()
}

fn device<'a>(status: &'a Value, id: &str) -> &'a Value {
    status["devices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["device_id"] == id)
        .unwrap_or_else(|| panic!("no device {id} in {status}"))
}

#[tokio::test]
async fn the_status_lists_each_phone_and_puts_the_silent_ones_first() {
    let app = TestApp::new().await;
    let mut admin = app.logged_in("spravce", "admin").await;
    let mut anna = app.logged_in("anna", "worker").await;
    let mut boris = app.logged_in("boris", "worker").await;
    let mut cyril = app.logged_in("cyril", "worker").await;

    sync_from(
        &mut anna,
        "phone-a",
        vec![found_syringes(1), found_syringes(2)],
    )
    .await;
    let mut refused = found_syringes(4);
    refused["occurred_at"] = json!("včera");
    sync_from(&mut boris, "phone-b", vec![found_syringes(3), refused]).await;
    // A phone with nothing to send checks in with an empty batch.
    sync_from(&mut cyril, "phone-c", vec![]).await;

    let five_days_ago =
        (chrono::Utc::now() - chrono::Duration::days(5)).format("%Y-%m-%dT%H:%M:%S%.3fZ");
    app.execute(&format!(
        "UPDATE devices SET last_sync = '{five_days_ago}' WHERE device_id = 'phone-a'"
    ))
    .await;

    let status = load_status(&mut admin).await;
    assert_eq!(status["records"], 3);
    assert_eq!(status["version"], env!("CARGO_PKG_VERSION"));
    assert!(status["database_bytes"].as_u64().unwrap() > 0, "{status}");
    assert!(status["last_backup"].is_null());
    assert!(status["schedule"].is_null());
    let devices = status["devices"].as_array().unwrap();
    assert_eq!(devices.len(), 3);
    assert_eq!(devices[0]["device_id"], "phone-a", "the silent one first");

    let a = device(&status, "phone-a");
    assert_eq!(
        (a["stale"].as_bool(), a["silent_days"].as_i64()),
        (Some(true), Some(5))
    );
    assert_eq!(
        (a["stored"].as_i64(), a["username"].as_str()),
        (Some(2), Some("anna"))
    );
    let b = device(&status, "phone-b");
    assert_eq!(b["stale"], false);
    assert_eq!(
        (b["last_sent"].as_i64(), b["last_refused"].as_i64()),
        (Some(2), Some(1))
    );
    assert_eq!(b["stored"], 1);
    let c = device(&status, "phone-c");
    assert_eq!(
        (c["last_sent"].as_i64(), c["stored"].as_i64()),
        (Some(0), Some(0))
    );

    // Syncing again brings the phone back to the present; a resend is
    // acknowledged and stores nothing new.
    sync_from(&mut anna, "phone-a", vec![found_syringes(1)]).await;
    let status = load_status(&mut admin).await;
    let a = device(&status, "phone-a");
    assert_eq!(a["stale"], false);
    assert_eq!(
        (a["last_sent"].as_i64(), a["stored"].as_i64()),
        (Some(1), Some(2))
    );
}

#[tokio::test]
async fn many_phones_syncing_at_once_are_each_counted_once() {
    const PHONES: usize = 12;
    const BATCHES: usize = 5;
    const PER_BATCH: usize = 10;
    let app = TestApp::new().await;
    let mut phones = Vec::new();
    for n in 0..PHONES {
        let mut phone = app.logged_in(&format!("worker{n}"), "worker").await;
        phone.addr = format!("10.0.5.{n}:40000").parse().unwrap();
        phones.push(phone);
    }
    futures::future::join_all(phones.iter_mut().enumerate().map(|(p, phone)| async move {
        for batch in 0..BATCHES {
            let first = (p * BATCHES + batch) * PER_BATCH;
            let records = (first..first + PER_BATCH)
                .map(|n| found_syringes(n as u32))
                .collect();
            sync_from(phone, &format!("dev-{p}"), records).await;
        }
    }))
    .await;

    assert_eq!(
        app.count("SELECT COUNT(*) FROM devices").await,
        PHONES as i64
    );
    assert_eq!(
        app.count("SELECT SUM(stored) FROM devices").await,
        app.count("SELECT COUNT(*) FROM records").await
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM devices WHERE stored = {} AND last_sent = {PER_BATCH}",
            BATCHES * PER_BATCH
        ))
        .await,
        PHONES as i64
    );
}

#[tokio::test]
async fn only_an_admin_reads_the_status() {
    let app = TestApp::new().await;
    for role in ["worker", "coordinator"] {
        let mut someone = app.logged_in(role, role).await;
        let response = someone.call("admin/status", &[]).await;
        assert_eq!(response.status, StatusCode::FORBIDDEN, "{role}");
    }
    let response = app.client().call("admin/status", &[]).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
}

/// A database gauge's sample: on a host of many organisations, labelled
/// with the organisation's.
fn gauge(app: &TestApp, name: &str, more: &str) -> String {
    let labels: Vec<String> = app
        .organisation()
        .map(|host| format!("organisation=\"{host}\""))
        .into_iter()
        .chain((!more.is_empty()).then(|| more.to_owned()))
        .collect();
    if labels.is_empty() {
        name.to_owned()
    } else {
        format!("{name}{{{}}}", labels.join(","))
    }
}

fn line(scrape: &str, name: &str) -> i64 {
    scrape
        .lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(' '))
        .unwrap_or_else(|| panic!("no {name} in\n{scrape}"))
        .parse::<f64>()
        .unwrap() as i64
}

#[tokio::test]
async fn metrics_count_requests_syncs_and_errors() {
    let app = TestApp::new().await;
    let before = app.scrape().await;
    assert_eq!(line(&before, "teren_sync_batches_total"), 0);
    assert_eq!(line(&before, &gauge(&app, "teren_records", "")), 0);

    let mut phone = app.logged_in("pracovnice", "worker").await;
    sync_from(
        &mut phone,
        "phone",
        vec![found_syringes(1), found_syringes(2)],
    )
    .await;
    let mut bad = found_syringes(3);
    bad["occurred_at"] = json!("zítra");
    sync_from(&mut phone, "phone", vec![found_syringes(1), bad]).await;
    // A malformed sync is the phone's fault: a 4xx, counted as such.
    let response = phone.call_json("sync", &json!({ "batch": 1 })).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    let response = phone.get("/no-such-page").await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);

    let after = app.scrape().await;
    assert_eq!(line(&after, "teren_sync_batches_total"), 2);
    assert_eq!(
        line(&after, "teren_sync_records_total{outcome=\"accepted\"}"),
        2
    );
    assert_eq!(
        line(&after, "teren_sync_records_total{outcome=\"duplicate\"}"),
        1
    );
    assert_eq!(
        line(&after, "teren_sync_records_total{outcome=\"rejected\"}"),
        1
    );
    assert_eq!(
        line(
            &after,
            "teren_http_requests_total{route=\"sync\",status=\"2xx\"}"
        ),
        2
    );
    assert_eq!(
        line(
            &after,
            "teren_http_requests_total{route=\"sync\",status=\"4xx\"}"
        ),
        1
    );
    assert_eq!(
        line(
            &after,
            "teren_http_requests_total{route=\"page\",status=\"4xx\"}"
        ),
        1
    );
    assert_eq!(line(&after, "teren_http_errors_total{route=\"sync\"}"), 0);
    assert_eq!(
        line(
            &after,
            "teren_http_request_duration_seconds_count{route=\"sync\"}"
        ),
        3
    );
    assert_eq!(line(&after, &gauge(&app, "teren_records", "")), 2);
    let recent = gauge(&app, "teren_devices", "state=\"recent\"");
    assert_eq!(line(&after, &recent), 1);
    let stale = gauge(&app, "teren_devices", "state=\"stale\"");
    assert_eq!(line(&after, &stale), 0);
    assert!(line(&after, &gauge(&app, "teren_database_bytes", "")) > 0);
    assert_eq!(line(&after, &gauge(&app, "teren_sync_waiting", "")), 0);
    assert!(!after.contains("teren_last_backup_timestamp_seconds"));
}

fn schedule(folder: &std::path::Path, keep: u32) -> BackupSchedule {
    BackupSchedule {
        folder: folder.to_owned(),
        every: std::time::Duration::from_secs(3600),
        keep,
    }
}

#[tokio::test]
async fn scheduled_backups_keep_the_newest_and_the_status_tells_the_last() {
    common::sqlite_only!(
        "Terén's backups are of the SQLite file; a cluster is backed up with PostgreSQL's tools"
    );
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("zalohy");
    let kept = schedule(&folder, 2);
    let configured = kept.clone();
    let app = TestApp::with_config(move |config| config.backups = Some(configured)).await;
    let mut admin = app.logged_in("spravce", "admin").await;
    let mut phone = app.logged_in("pracovnik", "worker").await;

    assert_eq!(
        server::scheduled_backup::wait_before_next(app.db(), &kept).await,
        std::time::Duration::ZERO,
        "never backed up: due now"
    );
    let mut written = Vec::new();
    for n in 0..3 {
        sync_from(&mut phone, "phone", vec![found_syringes(n)]).await;
        let checked = server::scheduled_backup::take(app.db(), &kept, &app.counters)
            .await
            .unwrap();
        assert_eq!(checked.records, i64::from(n) + 1);
        written.push(checked);
    }
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "{files:?}");
    let wait = server::scheduled_backup::wait_before_next(app.db(), &kept).await;
    assert!(wait > std::time::Duration::from_secs(3500), "{wait:?}");

    let status = load_status(&mut admin).await;
    assert_eq!(status["last_backup"]["records"], 3);
    assert_eq!(status["last_backup"]["trigger"], "schedule");
    assert!(
        status["last_backup"]["file"]
            .as_str()
            .unwrap()
            .ends_with(&files[1]),
        "{status}"
    );
    assert_eq!(status["schedule"]["keep"], 2);
    assert_eq!(status["schedule"]["every_minutes"], 60);
    assert!(status["failed_backup"].is_null());

    // A folder that cannot be written: the failure is noted and shown,
    // and the kept backups stay.
    let blocked = dir.path().join("not-a-folder");
    std::fs::write(&blocked, b"a file").unwrap();
    let error = server::scheduled_backup::take(app.db(), &schedule(&blocked, 2), &app.counters)
        .await
        .unwrap_err();
    let status = load_status(&mut admin).await;
    assert_eq!(status["last_backup"]["records"], 3);
    let failed = status["failed_backup"]["error"].as_str().unwrap();
    assert_eq!(failed, error.to_string());
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 2);

    let scrape = app.scrape().await;
    assert_eq!(line(&scrape, "teren_backups_total"), 3);
    assert_eq!(line(&scrape, "teren_backup_failures_total"), 1);
    assert!(line(&scrape, "teren_last_backup_timestamp_seconds") > 1_700_000_000);
}
