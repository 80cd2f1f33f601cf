//! The phone's safe, server side: the per-user secret handed only to a
//! fresh login or with the password, the same to every phone of the user
//! even when they ask at once, and a sync batch refused whole when it
//! says it is another user's queue.

use crate::common;
use common::found_syringes;

use axum::http::StatusCode;
use common::{Client, TestApp};
use serde_json::json;

async fn secret(client: &mut Client<'_>, form: &[(&str, &str)]) -> (StatusCode, String) {
    let response = client.call("vault/key", form).await;
    let body = response.json();
    (
        response.status,
        body.as_str().unwrap_or_default().to_owned(),
    )
}

#[tokio::test]
async fn a_fresh_login_gets_its_users_secret_and_only_that() {
    let app = TestApp::new().await;
    let mut eva = app.logged_in("eva", "worker").await;
    let (status, first) = secret(&mut eva, &[]).await;
    assert_eq!(status, StatusCode::OK);
    let bytes = app::vault::base64::decode(&first).expect("base64");
    assert_eq!(bytes.len(), app::vault::api::SECRET_LEN);
    // Asked again, and from another login of the same user: the same one,
    // or the phone could not open what it sealed before.
    assert_eq!(secret(&mut eva, &[]).await.1, first);
    let mut eva_again = app.client();
    eva_again.login("eva", common::PASSWORD).await;
    assert_eq!(secret(&mut eva_again, &[]).await.1, first);

    let mut jan = app.logged_in("jan", "worker").await;
    let (_, jans) = secret(&mut jan, &[]).await;
    assert_ne!(jans, first, "every user has a secret of their own");

    let (status, _) = secret(&mut app.client(), &[]).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "not for anyone without a session"
    );
}

#[tokio::test]
async fn the_password_opens_it_and_a_wrong_one_is_counted() {
    let app = TestApp::new().await;
    let mut eva = app.logged_in("eva", "worker").await;
    let (_, fresh) = secret(&mut eva, &[]).await;

    let response = eva
        .call("vault/key", &[("password", "uplne-spatne-heslo")])
        .await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(
        response.body.contains("InvalidCredentials"),
        "{}",
        response.body
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'vault_key_failed'")
            .await,
        1
    );
    let (status, by_password) = secret(&mut eva, &[("password", common::PASSWORD)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(by_password, fresh);
}

#[test]
fn without_the_password_only_a_login_of_the_last_15_minutes_will_do() {
    use app::vault::api::is_fresh;
    assert!(is_fresh(Some(0)));
    assert!(is_fresh(Some(15 * 60)));
    assert!(!is_fresh(Some(15 * 60 + 1)));
    assert!(
        !is_fresh(Some(-5)),
        "a login in the future is a broken clock"
    );
    assert!(!is_fresh(None));
}

#[tokio::test]
async fn many_phones_of_one_user_asking_at_once_get_one_secret() {
    let app = TestApp::new().await;
    app.user("eva", "worker").await;
    let mut phones = Vec::new();
    for n in 0..16 {
        let mut phone = app.client();
        phone.addr = format!("10.0.1.{n}:40000").parse().unwrap();
        let response = phone.login("eva", common::PASSWORD).await;
        assert_eq!(response.status, StatusCode::OK);
        phones.push(phone);
    }
    let answers =
        futures::future::join_all(phones.iter_mut().map(|phone| secret(phone, &[]))).await;
    let first = &answers[0].1;
    for (status, answer) in &answers {
        assert_eq!(*status, StatusCode::OK);
        assert_eq!(answer, first);
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE vault_secret IS NOT NULL")
            .await,
        1
    );
}

#[tokio::test]
async fn a_batch_that_names_another_user_files_nothing() {
    let app = TestApp::new().await;
    let eva_id = app.user("eva", "worker").await;
    let mut jan = app.logged_in("jan", "worker").await;
    let jan_id = app.user_id("jan").await;

    let batch = |user: Option<i64>, n: u32| {
        let mut batch = json!({ "schema_version": 1, "device_id": "shared-phone", "records": [found_syringes(n)] });
        if let Some(user) = user {
            batch["user_id"] = json!(user);
        }
        json!({ "batch": batch })
    };
    let refused = jan.call_json("sync", &batch(Some(eva_id), 1)).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert!(refused.body.contains("OtherUser"), "{}", refused.body);
    assert_eq!(app.count("SELECT COUNT(*) FROM records").await, 0);

    let own = jan.call_json("sync", &batch(Some(jan_id), 2)).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    // Phones from before the field was sent still sync.
    let older = jan.call_json("sync", &batch(None, 3)).await;
    assert_eq!(older.status, StatusCode::OK, "{}", older.body);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM records WHERE worker_id = {jan_id}"
        ))
        .await,
        2
    );
}
