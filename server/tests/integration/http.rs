//! The real router, on a fresh migrated SQLite file per test: the shell,
//! the service worker, health, compression and the database at start-up.

use crate::common;

use axum::http::{header, StatusCode};
use common::TestApp;
use server::{build_app, Config};

#[tokio::test]
async fn healthz_reports_a_working_database() {
    let app = TestApp::new().await;
    let response = app.client().get("/healthz").await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.json()["status"], "ok");
    assert_eq!(response.json()["database"], "ok");
}

#[tokio::test]
async fn pages_are_rendered_in_czech_with_the_app_shell() {
    let app = TestApp::new().await;
    // With no account at all, the login page would send us to the first start.
    app.user("jana", "worker").await;
    let response = app
        .client()
        .get_with("/prihlaseni", &[("accept-language", "en-US,en;q=0.9")])
        .await;
    assert_eq!(response.status, StatusCode::OK);
    let content_type = response.headers[header::CONTENT_TYPE].to_str().unwrap();
    assert!(content_type.starts_with("text/html"));
    let body = response.body;
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
    let app = TestApp::new().await;
    app.user("jana", "worker").await;
    let response = app
        .client()
        .get_with("/prihlaseni", &[("cookie", "i18n_pref_locale=en")])
        .await;
    assert!(response.body.contains("lang=\"en\""), "{}", response.body);
    assert!(response.body.contains("Log in"));
}

#[tokio::test]
async fn an_unknown_page_is_a_404_in_the_app_layout() {
    let app = TestApp::new().await;
    let response = app.client().get("/nic-takoveho").await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    assert!(response.body.contains("Stránka nenalezena"));
}

#[tokio::test]
async fn the_service_worker_is_served_with_the_shell_to_cache() {
    let app = TestApp::new().await;
    let response = app.client().get("/sw.js").await;
    assert_eq!(response.status, StatusCode::OK);
    let content_type = response.headers[header::CONTENT_TYPE].to_str().unwrap();
    assert!(content_type.contains("javascript"));
    assert_eq!(response.headers[header::CACHE_CONTROL], "no-cache");
    assert!(
        !response.body.contains("__TEREN_"),
        "placeholders are filled in"
    );
    for url in ["\"/\"", "\"/nastaveni\"", "\"/manifest.webmanifest\""] {
        assert!(response.body.contains(url), "{url} is cached");
    }
}

#[tokio::test]
async fn responses_are_compressed_when_the_client_accepts_it() {
    let app = TestApp::new().await;
    let response = app
        .client()
        .get_with("/sw.js", &[("accept-encoding", "br")])
        .await;
    assert_eq!(response.headers[header::CONTENT_ENCODING], "br");
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
    let pool = server::db::connect(&url).await.unwrap();
    let version: i64 = sqlx::query_scalar(
        "SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'catalogue_version'",
    )
    .fetch_one(pool.read())
    .await
    .unwrap();
    assert_eq!(version, 1);
    assert!(build_app(&Config::with_database_url(url)).await.is_ok());
}

/// The writer never copies the write-ahead log into the file itself (that
/// cost a phone's commit its time); a task beside it must, or the log
/// would grow for as long as the server runs.
#[tokio::test]
async fn the_log_reaches_the_database_file_without_a_commit_copying_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("teren.db");
    let db = server::db::connect(&format!("sqlite://{}", file.display()))
        .await
        .unwrap();
    let mut tx = db.begin().await.unwrap();
    sqlx::query("CREATE TABLE filler (text TEXT NOT NULL)")
        .execute(&mut *tx)
        .await
        .unwrap();
    // 2 MB: less than SQLite's own checkpoint threshold (1,000 pages).
    for _ in 0..500 {
        sqlx::query("INSERT INTO filler (text) VALUES (?)")
            .bind("x".repeat(4000))
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();

    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let copied = loop {
        let size = std::fs::metadata(&file).unwrap().len();
        if size >= 2_000_000 || std::time::Instant::now() > deadline {
            break size;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert!(
        copied >= 2_000_000,
        "the database file holds {copied} bytes; the log was never copied into it"
    );
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

/// Pages rendered side by side on a multi-threaded runtime, as in
/// production: reactive state of one request must never leak into (or be
/// disposed under) another.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_rendered_concurrently_all_complete() {
    let app = std::sync::Arc::new(TestApp::new().await);
    app.user("jana", "worker").await;
    for round in 0..30 {
        let mut renders = tokio::task::JoinSet::new();
        for i in 0..16 {
            let app = app.clone();
            renders.spawn(async move {
                let uri = if i % 2 == 0 { "/prihlaseni" } else { "/nic" };
                let cookie = if i % 3 == 0 {
                    "i18n_pref_locale=en"
                } else {
                    "a=b"
                };
                app.client()
                    .get_with(uri, &[("cookie", cookie)])
                    .await
                    .status
            });
        }
        while let Some(done) =
            tokio::time::timeout(std::time::Duration::from_secs(20), renders.join_next())
                .await
                .unwrap_or_else(|_| panic!("round {round}: a render never finished"))
        {
            let status = done.expect("render does not panic");
            assert!(status == StatusCode::OK || status == StatusCode::NOT_FOUND);
        }
    }
}

#[tokio::test]
async fn pages_carry_a_content_security_policy_whose_nonce_their_scripts_have() {
    let app = TestApp::new().await;
    let mut jana = app.logged_in("jana", "worker").await;
    let first = jana.get("/").await;
    assert_eq!(first.status, StatusCode::OK);
    let policy = first.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_else(|| panic!("no nonce in {policy}"));
    assert!(policy.contains("'wasm-unsafe-eval'"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    // Every script of the page carries this response's nonce, but the empty
    // placeholder the translations library leaves (nothing to run, nothing
    // to allow).
    let scripts =
        first.body.matches("<script").count() - first.body.matches("<script></script>").count();
    assert!(scripts > 0);
    assert_eq!(
        first.body.matches(&format!("nonce=\"{nonce}\"")).count(),
        scripts,
        "{}",
        first.body
    );
    // A new response, a new nonce.
    let second = jana.get("/").await;
    assert!(!second.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .contains(nonce));

    for response in [&first, &second] {
        assert_eq!(response.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(response.headers[header::X_FRAME_OPTIONS], "DENY");
        assert_eq!(response.headers[header::REFERRER_POLICY], "same-origin");
        assert_eq!(response.headers[header::CACHE_CONTROL], "private, no-cache");
        assert!(response
            .headers
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_none());
    }
    // Server-function answers are not kept in caches either.
    let answer = jana.call("session", &[]).await;
    assert_eq!(answer.headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(answer.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
}

#[tokio::test]
async fn behind_https_browsers_are_told_to_stay_on_https() {
    let app = TestApp::with_config(|config| config.secure_cookies = true).await;
    let response = app.client().get("/healthz").await;
    assert_eq!(
        response.headers[header::STRICT_TRANSPORT_SECURITY],
        "max-age=31536000"
    );
}
