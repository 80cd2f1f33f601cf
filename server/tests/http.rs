//! The real router, on a fresh migrated SQLite file per test.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use server::{build_app, Config};
use tower::ServiceExt;

struct TestApp {
    router: axum::Router,
    // Keeps the database folder alive for the test's duration.
    _dir: tempfile::TempDir,
}

async fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}/teren.db", dir.path().display());
    let router = build_app(&Config::with_database_url(url))
        .await
        .expect("app starts on a fresh database");
    TestApp { router, _dir: dir }
}

async fn get(
    app: &TestApp,
    uri: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, axum::http::HeaderMap, String) {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app
        .router
        .clone()
        .oneshot(request.body(Body::empty()).expect("request"))
        .await
        .expect("router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (
        status,
        headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

#[tokio::test]
async fn healthz_reports_a_working_database() {
    let app = spawn_app().await;
    let (status, _, body) = get(&app, "/healthz", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(json["status"], "ok");
    assert_eq!(json["database"], "ok");
}

#[tokio::test]
async fn pages_are_rendered_in_czech_with_the_app_shell() {
    let app = spawn_app().await;
    let (status, headers, body) = get(
        &app,
        "/prihlaseni",
        &[("accept-language", "en-US,en;q=0.9")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(
        body.contains("lang=\"cs\""),
        "Czech is the default even for an English browser"
    );
    assert!(body.contains("Přihlášení"));
    assert!(body.contains("class=\"app-header\""));
    assert!(body.contains("class=\"sync-status\""));
    assert!(body.contains("rel=\"manifest\""));
    assert!(
        body.contains("/pkg/teren.js"),
        "hydration script is linked by its build name"
    );
}

#[tokio::test]
async fn a_language_cookie_switches_the_rendered_page_to_english() {
    let app = spawn_app().await;
    let (_, _, body) = get(&app, "/prihlaseni", &[("cookie", "i18n_pref_locale=en")]).await;
    assert!(body.contains("lang=\"en\""), "{body}");
    assert!(body.contains("Log in"));
}

#[tokio::test]
async fn an_unknown_page_is_a_404_in_the_app_layout() {
    let app = spawn_app().await;
    let (status, _, body) = get(&app, "/nic-takoveho", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("Stránka nenalezena"));
}

#[tokio::test]
async fn the_service_worker_is_served_with_the_shell_to_cache() {
    let app = spawn_app().await;
    let (status, headers, body) = get(&app, "/sw.js", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .contains("javascript"));
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    assert!(!body.contains("__TEREN_"), "placeholders are filled in");
    for page in ["\"/\"", "\"/nastaveni\"", "\"/manifest.webmanifest\""] {
        assert!(body.contains(page), "{page} is precached");
    }
}

#[tokio::test]
async fn responses_are_compressed_when_the_client_accepts_it() {
    let app = spawn_app().await;
    let (_, headers, _) = get(&app, "/sw.js", &[("accept-encoding", "br")]).await;
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
}

#[tokio::test]
async fn the_database_file_is_created_with_its_folder_and_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nested").join("folder").join("teren.db");
    let url = format!("sqlite://{}", file.display());
    let first = build_app(&Config::with_database_url(url.clone()))
        .await
        .unwrap();
    assert!(file.exists());
    drop(first);

    // A second start on the same file finds the migrations applied.
    let second = build_app(&Config::with_database_url(url)).await.unwrap();
    let response = second
        .oneshot(Request::get("/healthz").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_unusable_database_path_is_an_error_naming_database_url() {
    let dir = tempfile::tempdir().unwrap();
    let not_a_folder = dir.path().join("plain-file");
    std::fs::write(&not_a_folder, b"").unwrap();
    let url = format!("sqlite://{}/teren.db", not_a_folder.display());
    let error = build_app(&Config::with_database_url(url))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("DATABASE_URL"), "{error}");
}
