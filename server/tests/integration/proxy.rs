//! Behind a reverse proxy: requests must come from the configured public
//! origin whatever `Host` the proxy passes on; the client address the
//! throttle and the audit log see is the one the trusted proxy forwarded,
//! and nobody else's; over https, cookies are secure and browsers are told
//! to stay on https.

use crate::common;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{Client, TestApp};

async fn failed_login(client: &mut Client<'_>, headers: &[(&str, &str)]) -> StatusCode {
    let mut request = Request::post("/api/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .header(header::HOST, "127.0.0.1:3000");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request
        .body(Body::from("username=nikdo&password=spatne-heslo-1"))
        .unwrap();
    client.send(request).await.status
}

async fn last_address(app: &TestApp) -> String {
    app.rows(
        "SELECT client_addr FROM audit_log WHERE action = 'login_failed' ORDER BY id DESC LIMIT 1",
    )
    .await
    .remove(0)
    .remove(0)
    .unwrap()
}

#[tokio::test]
async fn only_the_trusted_proxy_says_who_the_client_is() {
    let app = TestApp::with_config(|config| {
        config.trusted_proxy = Some("10.0.0.1".parse().unwrap());
    })
    .await;
    let mut via_proxy = app.client(); // 10.0.0.1, the proxy
    let forwarded = [("x-forwarded-for", "198.51.100.7, 203.0.113.5")];
    failed_login(&mut via_proxy, &forwarded).await;
    assert_eq!(
        last_address(&app).await,
        "203.0.113.5",
        "the entry the proxy added"
    );

    let mut direct = app.client();
    direct.addr = "10.0.0.9:50000".parse().unwrap();
    failed_login(&mut direct, &[("x-forwarded-for", "203.0.113.99")]).await;
    assert_eq!(
        last_address(&app).await,
        "10.0.0.9",
        "anyone else's header is ignored"
    );

    // The throttle counts the forwarded address: one client locked out
    // behind the proxy does not lock out the next.
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(failed_login(&mut via_proxy, &[("x-forwarded-for", "203.0.113.5")]).await);
    }
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    let other = failed_login(&mut via_proxy, &[("x-forwarded-for", "203.0.113.6")]).await;
    assert_eq!(other, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn without_a_trusted_proxy_forwarded_addresses_are_ignored() {
    let app = TestApp::new().await;
    failed_login(&mut app.client(), &[("x-forwarded-for", "203.0.113.5")]).await;
    assert_eq!(last_address(&app).await, "10.0.0.1");
}

#[tokio::test]
async fn behind_https_the_public_origin_decides_and_cookies_are_secure() {
    let app = TestApp::with_config(|config| {
        config.public_origin = Some("https://teren.example.org".into());
        config.secure_cookies = true;
    })
    .await;
    app.user("eva", "worker").await;
    let login = |origin: &'static str| {
        Request::post("/api/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::ORIGIN, origin)
            .body(Body::from(format!(
                "username=eva&password={}",
                common::PASSWORD
            )))
            .unwrap()
    };
    let mut browser = app.client();
    // The Host the proxy passed on matches this origin, but the browser
    // was not on it.
    let refused = browser.send(login("http://127.0.0.1:3000")).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let response = browser.send(login("https://teren.example.org")).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let cookie = response
        .headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(cookie.contains("Secure"), "{cookie}");
    assert!(response
        .headers
        .contains_key(header::STRICT_TRANSPORT_SECURITY));
}

#[tokio::test]
async fn an_ipv4_proxy_seen_on_an_ipv6_socket_is_still_the_proxy() {
    // Listening on `[::]`, the proxy at 127.0.0.1 connects as
    // `::ffff:127.0.0.1`; taken for a stranger, its own address would be
    // every client's, and one throttle bucket would hold them all.
    let app = TestApp::with_config(|config| {
        config.trusted_proxy = Some("127.0.0.1".parse().unwrap());
    })
    .await;
    let mut via_proxy = app.client();
    via_proxy.addr = "[::ffff:127.0.0.1]:40000".parse().unwrap();
    failed_login(&mut via_proxy, &[("x-forwarded-for", "203.0.113.5")]).await;
    assert_eq!(last_address(&app).await, "203.0.113.5");

    // A mapped client and a plain one are one client.
    failed_login(&mut via_proxy, &[("x-forwarded-for", "::ffff:203.0.113.6")]).await;
    assert_eq!(last_address(&app).await, "203.0.113.6");

    // Written the other way round, too: the proxy configured as mapped.
    let app = TestApp::with_config(|config| {
        config.trusted_proxy = Some("::ffff:127.0.0.1".parse().unwrap());
    })
    .await;
    let mut via_proxy = app.client();
    via_proxy.addr = "127.0.0.1:40000".parse().unwrap();
    failed_login(&mut via_proxy, &[("x-forwarded-for", "203.0.113.7")]).await;
    assert_eq!(last_address(&app).await, "203.0.113.7");
}
