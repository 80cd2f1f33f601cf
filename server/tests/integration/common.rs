//! The real router on a fresh migrated SQLite file per test, and a small
//! client that keeps one session cookie, like a browser tab.

use app::admin::accounts::NewAccount;
use app::db::Db;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use server::{build, Config};
use sqlx::SqlitePool;
use std::net::SocketAddr;
use tower::ServiceExt;

pub const PASSWORD: &str = "dlouhe-heslo-123";
/// The first-start code every test server is started with.
pub const SETUP_CODE: &str = "TEST-CODE-0001";

pub struct TestApp {
    pub router: axum::Router,
    /// What the metrics listener serves.
    pub metrics: axum::Router,
    pub counters: std::sync::Arc<app::metrics::Metrics>,
    pub throttle: std::sync::Arc<app::auth::throttle::LoginThrottle>,
    /// A second handle on the app's database, as an operator's command has.
    pub db: Db,
    /// Its writer, for checking and arranging the database directly.
    pub pool: SqlitePool,
    _dir: tempfile::TempDir,
}

pub struct Response {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Response {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|_| panic!("not JSON ({}): {}", self.status, self.body))
    }
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with_config(|_| {}).await
    }

    pub async fn with_config(change: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let url = format!("sqlite://{}/teren.db", dir.path().display());
        let mut config = Config::with_database_url(url.clone());
        config.setup_code = Some(SETUP_CODE.to_owned());
        change(&mut config);
        let built = build(&config)
            .await
            .expect("app starts on a fresh database");
        let db = server::db::connect(&url).await.expect("second connection");
        TestApp {
            router: built.app,
            metrics: built.metrics,
            counters: built.counters,
            throttle: built.throttle,
            pool: db.write().clone(),
            db,
            _dir: dir,
        }
    }

    pub fn client(&self) -> Client<'_> {
        Client::of(&self.router, None)
    }

    /// Creates an account directly, as an operator would.
    pub async fn user(&self, username: &str, role: &str) -> i64 {
        server::cli::create_user(
            &self.db,
            NewAccount::new(username, username, role),
            PASSWORD.into(),
        )
        .await
        .expect("user created");
        self.user_id(username).await
    }

    pub async fn user_id(&self, username: &str) -> i64 {
        sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE username = ?")
            .bind(username)
            .fetch_one(&self.pool)
            .await
            .expect("user exists")
    }

    /// A client logged in as a new account of `role`.
    pub async fn logged_in(&self, username: &str, role: &str) -> Client<'_> {
        self.user(username, role).await;
        let mut client = self.client();
        let response = client.login(username, PASSWORD).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
        client
    }

    /// What a Prometheus scrape reads.
    pub async fn scrape(&self) -> String {
        let response = self
            .metrics
            .clone()
            .oneshot(Request::get("/metrics").body(Body::empty()).unwrap())
            .await
            .expect("metrics answer");
        assert_eq!(response.status(), StatusCode::OK);
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(&self.pool)
            .await
            .expect("count query")
    }
}

pub struct Client<'a> {
    router: &'a axum::Router,
    /// The host name every request is sent to, when not the default.
    host: Option<String>,
    pub cookie: Option<String>,
    pub addr: SocketAddr,
}

impl<'a> Client<'a> {
    /// A browser tab on `router`, at `host` if given.
    pub fn of(router: &'a axum::Router, host: Option<&str>) -> Client<'a> {
        Client {
            router,
            host: host.map(str::to_owned),
            cookie: None,
            addr: "10.0.0.1:40000".parse().expect("address"),
        }
    }
}

impl Client<'_> {
    pub async fn send(&mut self, mut request: Request<Body>) -> Response {
        if let Some(host) = &self.host {
            request
                .headers_mut()
                .insert(header::HOST, host.parse().expect("host header"));
        }
        if let Some(cookie) = &self.cookie {
            request
                .headers_mut()
                .insert(header::COOKIE, cookie.parse().expect("cookie header"));
        }
        request.extensions_mut().insert(ConnectInfo(self.addr));
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("router answers");
        let status = response.status();
        let headers = response.headers().clone();
        for value in headers.get_all(header::SET_COOKIE) {
            let value = value.to_str().expect("ascii cookie");
            if let Some(pair) = value.split(';').next() {
                if pair.starts_with("teren_session=") {
                    // An emptied cookie is the server ending the session.
                    self.cookie = (pair != "teren_session=").then(|| pair.to_owned());
                }
            }
        }
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        Response {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// Opens a page the way a browser does.
    pub async fn get(&mut self, uri: &str) -> Response {
        self.get_with(uri, &[]).await
    }

    pub async fn get_with(&mut self, uri: &str, headers: &[(&str, &str)]) -> Response {
        let mut request =
            Request::get(uri).header(header::ACCEPT, "text/html,application/xhtml+xml");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::empty()).expect("request"))
            .await
    }

    /// Calls a server function the way the browser does: a form-encoded POST.
    pub async fn call(&mut self, endpoint: &str, form: &[(&str, &str)]) -> Response {
        let body = form
            .iter()
            .map(|(key, value)| format!("{}={}", encode(key), encode(value)))
            .collect::<Vec<_>>()
            .join("&");
        let request = Request::post(format!("/api/{endpoint}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .body(Body::from(body))
            .expect("request");
        self.send(request).await
    }

    /// Calls a server function that takes JSON (the sync endpoint).
    pub async fn call_json(&mut self, endpoint: &str, body: &serde_json::Value) -> Response {
        let request = Request::post(format!("/api/{endpoint}"))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
            .body(Body::from(body.to_string()))
            .expect("request");
        self.send(request).await
    }

    pub async fn login(&mut self, username: &str, password: &str) -> Response {
        self.call("login", &[("username", username), ("password", password)])
            .await
    }
}

fn encode(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The id of the test's `n`th record: a valid UUID, easy to look up.
/// The first start's form: the first admin, and the organisation's
/// services of the types named.
pub fn setup_form(services: &[&'static str]) -> Vec<(&'static str, &'static str)> {
    let mut form = vec![
        ("setup_code", SETUP_CODE),
        ("username", "spravce"),
        ("display_name", "Jana Správcová"),
        ("password", PASSWORD),
        ("password_again", PASSWORD),
    ];
    form.extend(services.iter().map(|service| ("services[]", *service)));
    form
}

pub fn uuid(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

/// The simplest record, `n`th of the test: two syringes found, anonymous.
pub fn found_syringes(n: u32) -> Value {
    json!({
        "id": uuid(n),
        "occurred_at": now_local(),
        "locality": "centrum",
        "client": "anonymous",
        "note": "",
        "details": { "kind": "found_syringes", "count": 2 }
    })
}

/// Now, as a phone writes a record's time: local, with the offset.
pub fn now_local() -> String {
    chrono::Local::now()
        .fixed_offset()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// Each record's outcome: "Accepted", or the refusal's field and problem.
pub async fn sync(client: &mut Client<'_>, records: Vec<Value>) -> Vec<String> {
    let body =
        json!({ "batch": { "schema_version": 1, "device_id": "phone", "records": records } });
    let response = client.call_json("sync", &body).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    response.json()["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| match &result["outcome"] {
            Value::String(outcome) => outcome.clone(),
            other => {
                let rejected = &other["Rejected"];
                format!(
                    "{}:{}",
                    rejected["field"].as_str().unwrap(),
                    rejected["problem"]
                )
            }
        })
        .collect()
}

/// A report's lines as (code, count) pairs, in the report's order.
pub fn counts(lines: &serde_json::Value) -> Vec<(String, i64)> {
    lines
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["code"].as_str().unwrap().to_owned(),
                l["count"].as_i64().unwrap(),
            )
        })
        .collect()
}
