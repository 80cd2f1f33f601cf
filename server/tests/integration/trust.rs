//! A server fault is never taken for a logout: when the session cannot be
//! looked up, the answer is a 5xx the phone retries, never "not logged
//! in", which would make it end the session and forget its key.

use super::common::*;
use app::error::AppError;
use serde_json::json;

#[tokio::test]
async fn a_database_fault_while_resolving_the_session_is_a_server_error_not_a_logout() {
    let app = TestApp::new().await;
    let mut worker = app.logged_in("vera", "worker").await;
    assert_eq!(
        sync(&mut worker, vec![found_syringes(1)]).await,
        ["Accepted"]
    );

    // The accounts table is out of reach: the session's user cannot be read.
    app.execute("ALTER TABLE users RENAME TO users_away").await;
    let batch = json!({ "batch": { "schema_version": 1, "device_id": "phone", "records": [found_syringes(2)] } });
    let response = worker.call_json("sync", &batch).await;
    assert!(
        response.status.is_server_error(),
        "{}: {}",
        response.status,
        response.body
    );
    let decoded: AppError =
        serde_json::from_str(&response.body).expect("an error the phone decodes");
    assert_eq!(decoded, AppError::Internal);
    let page = worker.get("/").await;
    assert!(page.status.is_server_error(), "{}", page.status);

    // The fault passes; the session was never ended, and the batch the
    // phone retries goes in once.
    app.execute("ALTER TABLE users_away RENAME TO users").await;
    assert_eq!(
        sync(&mut worker, vec![found_syringes(2)]).await,
        ["Accepted"]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM records").await, 2);
}
