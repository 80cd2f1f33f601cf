//! Accounts and sessions through the real router: first start, login,
//! throttling, cookies, ending sessions, admin changes and their audit trail.

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{TestApp, PASSWORD, SETUP_CODE};

#[tokio::test]
async fn a_fresh_install_asks_for_the_first_admin_and_only_once() {
    let app = TestApp::new().await;
    let mut browser = app.client();

    let state = browser.call("session", &[]).await;
    assert_eq!(state.json(), serde_json::json!("SetupNeeded"));
    let start = browser.get("/").await;
    assert_eq!(start.status, StatusCode::FOUND);
    assert_eq!(start.headers[header::LOCATION], "/prvni-spusteni");

    let form = [
        ("setup_code", SETUP_CODE),
        ("username", "Spravce"),
        ("display_name", "Jana Správcová"),
        ("password", PASSWORD),
        ("password_again", PASSWORD),
        ("services[]", "contact_centre"),
    ];
    let created = browser.call("setup", &form).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    assert_eq!(created.json()["role"], "Admin");
    assert_eq!(created.json()["username"], "spravce");
    // Logged in straight away.
    assert_eq!(browser.get("/").await.status, StatusCode::OK);

    // The page and the function are gone for good.
    let mut stranger = app.client();
    let again = stranger.call("setup", &form).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.json(), serde_json::json!("AlreadySetUp"));
    let page = stranger.get("/prvni-spusteni").await;
    assert_eq!(page.status, StatusCode::FOUND);
    assert_eq!(page.headers[header::LOCATION], "/prihlaseni");
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 1);
}

#[tokio::test]
async fn bad_first_admin_input_is_refused_with_the_field_and_creates_nothing() {
    let app = TestApp::new().await;
    let mut browser = app.client();
    let cases: [(&[(&str, &str)], &str); 4] = [
        (
            &[
                ("setup_code", SETUP_CODE),
                ("username", ""),
                ("display_name", "J"),
                ("password", PASSWORD),
                ("password_again", PASSWORD),
            ],
            "username",
        ),
        (
            &[
                ("setup_code", SETUP_CODE),
                ("username", "jana"),
                ("display_name", "J"),
                ("password", "kratke"),
                ("password_again", "kratke"),
            ],
            "password",
        ),
        (
            &[
                ("setup_code", SETUP_CODE),
                ("username", "jana"),
                ("display_name", "J"),
                ("password", PASSWORD),
                ("password_again", "jine-heslo-123"),
            ],
            "password_again",
        ),
        (
            &[
                ("setup_code", SETUP_CODE),
                ("username", &"x".repeat(500)),
                ("display_name", "J"),
                ("password", PASSWORD),
                ("password_again", PASSWORD),
            ],
            "username",
        ),
    ];
    for (form, field) in cases {
        let response = browser.call("setup", form).await;
        assert_eq!(
            response.status,
            StatusCode::BAD_REQUEST,
            "{}",
            response.body
        );
        assert_eq!(response.json()["Invalid"]["field"], field);
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0);
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_answer() {
    let app = TestApp::new().await;
    app.user("jana", "worker").await;
    let wrong_password = app.client().login("jana", "spatne-heslo-1").await;
    let unknown_user = app.client().login("nikdo", "spatne-heslo-1").await;
    assert_eq!(wrong_password.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_password.status, unknown_user.status);
    assert_eq!(wrong_password.body, unknown_user.body);
    assert_eq!(
        wrong_password.json(),
        serde_json::json!("InvalidCredentials")
    );
}

#[tokio::test]
async fn usernames_are_case_insensitive_at_login() {
    let app = TestApp::new().await;
    app.user("jana", "worker").await;
    let response = app.client().login("  JANA ", PASSWORD).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
}

#[tokio::test]
async fn empty_or_huge_login_input_is_refused_before_any_lookup() {
    let app = TestApp::new().await;
    let mut client = app.client();
    assert_eq!(
        client.login("", PASSWORD).await.json()["Invalid"]["field"],
        "username"
    );
    assert_eq!(
        client.login("jana", "").await.json()["Invalid"]["field"],
        "password"
    );
    let huge = client.login(&"a".repeat(10_000), PASSWORD).await;
    assert_eq!(huge.status, StatusCode::BAD_REQUEST);
    assert_eq!(huge.json()["Invalid"]["problem"]["TooLong"]["max"], 32);
}

#[tokio::test]
async fn the_sixth_failed_login_in_a_minute_is_throttled_even_with_the_right_password() {
    let app = TestApp::new().await;
    app.user("jana", "worker").await;
    let mut client = app.client();
    for _ in 0..5 {
        assert_eq!(
            client.login("jana", "spatne-heslo-1").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let throttled = client.login("jana", PASSWORD).await;
    assert_eq!(
        throttled.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        throttled.body
    );
    let wait = throttled.json()["Throttled"]["retry_after_secs"]
        .as_u64()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");

    // The same address guessing accounts is throttled too, after a few more.
    app.user("petr", "worker").await;
    let limit = app::auth::throttle::MAX_ADDRESS_FAILURES - app::auth::throttle::MAX_FAILURES;
    for _ in 0..limit {
        assert_eq!(
            client.login("petr", "spatne-heslo-1").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        client.login("petr", PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );

    // Another phone can still log in to another account.
    let mut other = app.client();
    other.addr = "10.0.0.2:40000".parse().unwrap();
    assert_eq!(other.login("petr", PASSWORD).await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_lax_and_lasts_two_weeks() {
    let app = TestApp::new().await;
    app.user("jana", "worker").await;
    let response = app.client().login("jana", PASSWORD).await;
    let cookie = response.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("teren_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "{cookie}");
    assert!(
        cookie.contains(&format!("Max-Age={}", 14 * 24 * 3600)),
        "{cookie}"
    );
}

#[tokio::test]
async fn the_secure_switch_marks_the_cookie_secure() {
    let app = TestApp::with_config(|config| config.secure_cookies = true).await;
    app.user("jana", "worker").await;
    let response = app.client().login("jana", PASSWORD).await;
    let cookie = response.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = TestApp::new().await;
    let mut client = app.logged_in("jana", "worker").await;
    assert_eq!(client.call("catalogue", &[]).await.status, StatusCode::OK);
    let stolen = client.cookie.clone();
    assert_eq!(client.call("logout", &[]).await.status, StatusCode::OK);
    assert_eq!(
        client.call("catalogue", &[]).await.status,
        StatusCode::UNAUTHORIZED
    );
    // The old cookie is worthless too.
    client.cookie = stolen;
    assert_eq!(
        client.call("catalogue", &[]).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn deactivating_a_user_ends_their_sessions_at_once_and_blocks_login() {
    let app = TestApp::new().await;
    let mut admin = app.logged_in("admin", "admin").await;
    let mut worker = app.logged_in("jana", "worker").await;
    let jana = app.user_id("jana").await.to_string();

    let response = admin
        .call(
            "admin/users/active",
            &[("user_id", &jana), ("active", "false")],
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(
        worker.call("catalogue", &[]).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.client().login("jana", PASSWORD).await.json(),
        serde_json::json!("InvalidCredentials")
    );

    admin
        .call(
            "admin/users/active",
            &[("user_id", &jana), ("active", "true")],
        )
        .await;
    assert_eq!(
        app.client().login("jana", PASSWORD).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_password_reset_ends_the_users_sessions() {
    let app = TestApp::new().await;
    let mut admin = app.logged_in("admin", "admin").await;
    let mut worker = app.logged_in("jana", "worker").await;
    let jana = app.user_id("jana").await.to_string();

    let short = admin
        .call(
            "admin/users/password",
            &[("user_id", &jana), ("password", "kratke")],
        )
        .await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        worker.call("catalogue", &[]).await.status,
        StatusCode::OK,
        "a refused reset changes nothing"
    );

    let reset = admin
        .call(
            "admin/users/password",
            &[("user_id", &jana), ("password", "uplne-nove-heslo")],
        )
        .await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
    assert_eq!(
        worker.call("catalogue", &[]).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.client().login("jana", "uplne-nove-heslo").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn admins_create_users_and_bad_input_changes_nothing() {
    let app = TestApp::new().await;
    let mut admin = app.logged_in("admin", "admin").await;
    let ok = admin
        .call(
            "admin/users/create",
            &[
                ("username", "Petr"),
                ("display_name", "Petr Novák"),
                ("role", "coordinator"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(ok.json()["role"], "Coordinator");

    let bad: [(&[(&str, &str)], &str); 5] = [
        (
            &[
                ("username", ""),
                ("display_name", "X"),
                ("role", "worker"),
                ("password", PASSWORD),
            ],
            "username",
        ),
        (
            &[
                ("username", &"y".repeat(1000)),
                ("display_name", "X"),
                ("role", "worker"),
                ("password", PASSWORD),
            ],
            "username",
        ),
        (
            &[
                ("username", "eva"),
                ("display_name", "X"),
                ("role", "worker"),
                ("password", "123"),
            ],
            "password",
        ),
        (
            &[
                ("username", "eva"),
                ("display_name", "X"),
                ("role", "boss"),
                ("password", PASSWORD),
            ],
            "role",
        ),
        (
            &[
                ("username", "petr"),
                ("display_name", "X"),
                ("role", "worker"),
                ("password", PASSWORD),
            ],
            "username",
        ),
    ];
    for (form, field) in bad {
        let response = admin.call("admin/users/create", form).await;
        assert_eq!(
            response.status,
            StatusCode::BAD_REQUEST,
            "{}",
            response.body
        );
        assert_eq!(
            response.json()["Invalid"]["field"],
            field,
            "{}",
            response.body
        );
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 2);
}

#[tokio::test]
async fn admins_cannot_demote_or_deactivate_themselves() {
    let app = TestApp::new().await;
    let mut admin = app.logged_in("admin", "admin").await;
    let me = app.user_id("admin").await.to_string();
    let demote = admin
        .call("admin/users/role", &[("user_id", &me), ("role", "worker")])
        .await;
    assert_eq!(demote.status, StatusCode::BAD_REQUEST);
    assert_eq!(demote.json()["Invalid"]["problem"], "OwnAccount");
    let deactivate = admin
        .call(
            "admin/users/active",
            &[("user_id", &me), ("active", "false")],
        )
        .await;
    assert_eq!(deactivate.json()["Invalid"]["problem"], "OwnAccount");
    // Keeping one's own role is not a demotion.
    let keep = admin
        .call("admin/users/role", &[("user_id", &me), ("role", "admin")])
        .await;
    assert_eq!(keep.status, StatusCode::OK, "{}", keep.body);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1")
            .await,
        1
    );
}

#[tokio::test]
async fn role_changes_take_effect_on_the_next_request() {
    let app = TestApp::new().await;
    let mut admin = app.logged_in("admin", "admin").await;
    let mut jana = app.logged_in("jana", "worker").await;
    let id = app.user_id("jana").await.to_string();
    assert_eq!(
        jana.call("admin/audit", &[]).await.status,
        StatusCode::FORBIDDEN
    );
    let changed = admin
        .call("admin/users/role", &[("user_id", &id), ("role", "admin")])
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert_eq!(jana.call("admin/audit", &[]).await.status, StatusCode::OK);
    let unknown = admin
        .call("admin/users/role", &[("user_id", &id), ("role", "king")])
        .await;
    assert_eq!(unknown.json()["Invalid"]["field"], "role");
}

#[tokio::test]
async fn lists_are_seeded_in_czech_and_every_edit_bumps_their_version() {
    let app = TestApp::new().await;
    let mut admin = app.logged_in("admin", "admin").await;
    let before = admin.call("catalogue", &[]).await.json();
    let items = before["items"].as_array().unwrap();
    assert!(items
        .iter()
        .any(|item| item["list"] == "material" && item["label"] == "Injekční stříkačky / sety"));
    assert!(items
        .iter()
        .any(|item| item["list"] == "service_act" && item["code"] == "test-hcv"));
    assert!(items.iter().any(|item| item["list"] == "locality"));
    let version = before["version"].as_i64().unwrap();

    let added = admin
        .call(
            "admin/catalogue/add",
            &[("list", "locality"), ("label", "Žižkov – park")],
        )
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    assert_eq!(added.json()["code"], "zizkov-park");
    let id = added.json()["id"].as_i64().unwrap().to_string();
    let renamed = admin
        .call(
            "admin/catalogue/update",
            &[("id", &id), ("label", "Žižkov, park"), ("active", "false")],
        )
        .await;
    assert_eq!(renamed.json()["active"], false);
    assert_eq!(renamed.json()["code"], "zizkov-park", "codes never change");

    let after = admin.call("catalogue", &[]).await.json();
    assert_eq!(after["version"].as_i64().unwrap(), version + 2);

    // Refused edits change nothing, not even the version.
    for form in [
        vec![("list", "planets"), ("label", "Mars")],
        vec![("list", "locality"), ("label", "")],
        vec![("list", "locality"), ("label", "Žižkov – park")],
    ] {
        let response = admin.call("admin/catalogue/add", &form).await;
        assert_eq!(
            response.status,
            StatusCode::BAD_REQUEST,
            "{}",
            response.body
        );
    }
    let huge = "x".repeat(81);
    let response = admin
        .call(
            "admin/catalogue/update",
            &[("id", &id), ("label", &huge), ("active", "true")],
        )
        .await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        admin.call("catalogue", &[]).await.json()["version"]
            .as_i64()
            .unwrap(),
        version + 2
    );
}

#[tokio::test]
async fn security_events_land_in_the_audit_log_for_admins_to_read() {
    let app = TestApp::new().await;
    let mut admin = app.logged_in("admin", "admin").await;
    app.client().login("admin", "spatne-heslo-1").await;
    let created = admin
        .call(
            "admin/users/create",
            &[
                ("username", "eva"),
                ("display_name", "Eva"),
                ("role", "worker"),
                ("password", PASSWORD),
            ],
        )
        .await;
    let eva = created.json()["id"].as_i64().unwrap().to_string();
    admin
        .call(
            "admin/users/role",
            &[("user_id", &eva), ("role", "coordinator")],
        )
        .await;
    admin
        .call(
            "admin/users/password",
            &[("user_id", &eva), ("password", "jine-dlouhe-heslo")],
        )
        .await;
    admin
        .call(
            "admin/users/active",
            &[("user_id", &eva), ("active", "false")],
        )
        .await;
    admin
        .call(
            "admin/catalogue/add",
            &[("list", "material"), ("label", "Testy")],
        )
        .await;

    let log = admin.call("admin/audit", &[]).await.json();
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for expected in [
        "login",
        "login_failed",
        "user_created",
        "role_changed",
        "password_reset",
        "user_deactivated",
        "list_item_added",
    ] {
        assert!(actions.contains(&expected), "{expected} in {actions:?}");
    }
    let role_change = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "role_changed")
        .unwrap();
    assert_eq!(role_change["detail"], "worker -> coordinator");
    assert_eq!(role_change["actor"], "admin");
    assert_eq!(role_change["client_addr"], "10.0.0.1");
}

#[tokio::test]
async fn a_cross_site_post_is_refused_before_it_does_anything() {
    let app = TestApp::new().await;
    let mut admin = app.logged_in("admin", "admin").await;
    let host = app.host();
    let request = Request::post("/api/admin/users/create")
        .header(header::HOST, &host)
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "username=evil&display_name=E&role=admin&password={PASSWORD}"
        )))
        .unwrap();
    let response = admin.send(request).await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE username = 'evil'")
            .await,
        0
    );

    let same_site = Request::post("/api/session")
        .header(header::HOST, &host)
        .header(header::ORIGIN, format!("http://{host}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(admin.send(same_site).await.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_parallel_guesses_get_five_checks_and_the_owner_still_logs_in() {
    let app = TestApp::new().await;
    app.user("jana", "worker").await;
    let mut attackers: Vec<_> = (0..200).map(|_| app.client()).collect();
    let before = reset_peak_memory();
    let answers = futures::future::join_all(
        attackers
            .iter_mut()
            .map(|attacker| attacker.login("jana", "hadam-heslo-1")),
    )
    .await;
    let refused = answers
        .iter()
        .filter(|a| a.status == StatusCode::TOO_MANY_REQUESTS)
        .count();
    let wrong = answers
        .iter()
        .filter(|a| a.status == StatusCode::UNAUTHORIZED)
        .count();
    assert_eq!(
        wrong,
        app::auth::throttle::MAX_FAILURES,
        "{answers:?}",
        answers = answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    assert_eq!(refused + wrong, 200);
    // Only the attempts let through were checked (each leaves an audit line).
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'login_failed'")
            .await,
        app::auth::throttle::MAX_FAILURES as i64
    );
    // The pair, the address and the username: nothing per request.
    // On a PostgreSQL host the throttle is inside the organisation's router.
    if let Some(throttle) = app.throttle() {
        assert_eq!(throttle.keys_held(), 3);
    }
    let grown = peak_memory_kib() - before;
    eprintln!(
        "200 concurrent wrong logins, one account: {wrong} checked, peak memory +{grown} KiB"
    );
    assert!(grown < MEMORY_BOUND_KIB, "grew by {grown} KiB");

    // The owner, on their own phone, is not locked out by it.
    let mut owner = app.client();
    owner.addr = "10.0.0.77:40000".parse().unwrap();
    assert_eq!(owner.login("jana", PASSWORD).await.status, StatusCode::OK);
}

/// What a storm of logins may add to the process: the requests in flight
/// (a test build's are large) and two hashes of 19 MiB at a time. Were
/// every request hashed at once, two hundred would need 3.8 GiB.
const MEMORY_BOUND_KIB: u64 = 256 * 1024;

/// Peak resident memory of this test's process since the last
/// [`reset_peak_memory`], in KiB (Linux).
fn peak_memory_kib() -> u64 {
    memory_kib("VmHWM:")
}

fn memory_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// Starts measuring the peak anew from what the process holds now, and
/// returns that, in KiB.
fn reset_peak_memory() -> u64 {
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    memory_kib("VmRSS:")
}

/// `count` accounts `{prefix}00`, `{prefix}01`, … with the test password.
async fn colleagues(app: &TestApp, prefix: &str, count: usize) -> Vec<String> {
    let first = format!("{prefix}00");
    app.user(&first, "worker").await;
    // The same hash under the other names: hashing each password anew
    // would only slow the test down.
    for i in 1..count {
        app.execute(&format!(
            "INSERT INTO users (username, display_name, password_hash, role) \
             SELECT '{prefix}{i:02}', 'Kolega {i}', password_hash, role \
             FROM users WHERE username = '{first}'"
        ))
        .await;
    }
    (0..count).map(|i| format!("{prefix}{i:02}")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_colleagues_logging_in_at_once_from_the_office_all_get_in() {
    let app = TestApp::new().await;
    let names = colleagues(&app, "kolega", 50).await;
    // One office, one public address.
    let mut phones: Vec<_> = names.iter().map(|_| app.client()).collect();
    let before = reset_peak_memory();
    let answers = futures::future::join_all(
        phones
            .iter_mut()
            .zip(&names)
            .map(|(phone, name)| phone.login(name, PASSWORD)),
    )
    .await;
    let statuses: Vec<_> = answers.iter().map(|a| a.status).collect();
    assert!(
        statuses.iter().all(|status| *status == StatusCode::OK),
        "{statuses:?}"
    );
    assert!(phones.iter().all(|phone| phone.cookie.is_some()));
    // Right passwords leave nothing behind to hold in memory.
    if let Some(throttle) = app.throttle() {
        assert_eq!(throttle.keys_held(), 0);
    }
    let grown = peak_memory_kib() - before;
    eprintln!("50 concurrent right logins from one address: 50 in, peak memory +{grown} KiB");
    assert!(grown < MEMORY_BOUND_KIB, "grew by {grown} KiB");

    // And the address is not spent: a typo right after is just a typo.
    let mut late = app.client();
    assert_eq!(
        late.login("kolega00", "preklep-123").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_parallel_guesses_at_many_accounts_get_ten_checks_from_one_address() {
    let app = TestApp::new().await;
    let names = colleagues(&app, "obet", 40).await;
    let mut attackers: Vec<_> = (0..200).map(|_| app.client()).collect();
    let before = reset_peak_memory();
    let answers = futures::future::join_all(
        attackers
            .iter_mut()
            .enumerate()
            .map(|(i, attacker)| attacker.login(&names[i % names.len()], "hadam-heslo-1")),
    )
    .await;
    let wrong = answers
        .iter()
        .filter(|a| a.status == StatusCode::UNAUTHORIZED)
        .count();
    let refused = answers
        .iter()
        .filter(|a| a.status == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(wrong, app::auth::throttle::MAX_ADDRESS_FAILURES);
    assert_eq!(wrong + refused, 200);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'login_failed'")
            .await,
        app::auth::throttle::MAX_ADDRESS_FAILURES as i64,
        "only the attempts let through were checked"
    );
    // The address, and each guessed account with and without the address.
    let held = app.throttle().map_or(0, |throttle| throttle.keys_held());
    assert!(
        held <= 1 + 2 * app::auth::throttle::MAX_ADDRESS_FAILURES,
        "{held} keys held"
    );
    let grown = peak_memory_kib() - before;
    eprintln!(
        "200 concurrent wrong logins, 40 accounts, one address: {wrong} checked, \
         {refused} refused, {held} keys held, peak memory +{grown} KiB"
    );
    assert!(grown < MEMORY_BOUND_KIB, "grew by {grown} KiB");

    // A colleague at another address is not affected.
    let mut elsewhere = app.client();
    elsewhere.addr = "10.0.0.2:40000".parse().unwrap();
    assert_eq!(
        elsewhere.login(&names[0], PASSWORD).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_first_admin_needs_the_setup_code_from_the_log() {
    let app = TestApp::new().await;
    let mut stranger = app.client();
    for code in ["", "HADAM-KOD-1234", "TEST-CODE-000"] {
        let response = stranger
            .call(
                "setup",
                &[
                    ("setup_code", code),
                    ("username", "spravce"),
                    ("display_name", "Cizí"),
                    ("password", PASSWORD),
                    ("password_again", PASSWORD),
                ],
            )
            .await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{code:?}");
        assert_eq!(
            response.json()["Invalid"]["field"],
            "setup_code",
            "{code:?}"
        );
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0);
    // Typed loosely, the right code works.
    let response = stranger
        .call(
            "setup",
            &[
                ("setup_code", " test code 0001 "),
                ("username", "spravce"),
                ("display_name", "Správce"),
                ("password", PASSWORD),
                ("password_again", PASSWORD),
                ("services[]", "contact_centre"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
}

#[tokio::test]
async fn demo_accounts_cannot_log_in_whatever_is_known_about_the_seed() {
    common::sqlite_only!("demo data is seeded into a SQLite file");
    let app = TestApp::new().await;
    let mut options = server::seed::Options::new(50, chrono::Local::now().date_naive());
    options.workers = 2;
    server::seed::seed(app.db(), &options).await.unwrap();
    let hashes: Vec<String> = sqlx::query_scalar("SELECT password_hash FROM users")
        .fetch_all(app.pool())
        .await
        .unwrap();
    assert_eq!(hashes, [app::auth::password::LOCKED; 2]);
    let mut client = app.client();
    for password in ["", "!", "2026", PASSWORD] {
        let response = client.login("demo-01-2026", password).await;
        assert_ne!(response.status, StatusCode::OK, "{password:?}");
    }
}
