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
use std::sync::Arc;
use teren_postgres::organisations::{database_url, Control};
use teren_postgres::PgStore;
use tower::ServiceExt;

pub const PASSWORD: &str = "dlouhe-heslo-123";
/// The first-start code every test server is started with.
pub const SETUP_CODE: &str = "TEST-CODE-0001";

/// Which engine the suite runs on: SQLite unless `TEREN_TEST_ENGINE` says
/// `postgres`, when every test's app is an organisation on a PostgreSQL
/// host, reached at its host name.
pub fn on_postgres() -> bool {
    std::env::var("TEREN_TEST_ENGINE").is_ok_and(|engine| engine == "postgres")
}

/// Ends a test, on PostgreSQL, that is about what only a SQLite server has
/// (its file, its backups, its command line). The line it prints is what
/// the test runner counts as not run on PostgreSQL.
macro_rules! sqlite_only {
    ($why:literal) => {
        if $crate::common::on_postgres() {
            println!("SQLite only: {}", $why);
            return;
        }
    };
}
pub(crate) use sqlite_only;

/// SQL for a JSON column's field as text, in the engine's own words.
pub fn json_field(column: &str, field: &str) -> String {
    if on_postgres() {
        format!("(CAST({column} AS jsonb) ->> '{field}')")
    } else {
        format!("({column} ->> '$.{field}')")
    }
}

/// Record writes held back; they go on when this is dropped.
pub enum HeldWrites {
    Sqlite {
        _writer: sqlx::Transaction<'static, sqlx::Sqlite>,
    },
    Postgres {
        _locked: sqlx::Transaction<'static, sqlx::Postgres>,
    },
}

/// What the app under test keeps its data in.
enum Backing {
    Sqlite {
        db: Db,
        pool: SqlitePool,
    },
    Postgres {
        store: Arc<PgStore>,
        control_url: String,
    },
}

pub struct TestApp {
    pub router: axum::Router,
    /// What the metrics listener serves.
    pub metrics: axum::Router,
    pub counters: Arc<app::metrics::Metrics>,
    /// The login throttle; on a PostgreSQL host each organisation's is
    /// inside its router, out of reach.
    throttle: Option<Arc<app::auth::throttle::LoginThrottle>>,
    backing: Backing,
    /// The host name the organisation is served at, on PostgreSQL.
    host: Option<String>,
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
        if on_postgres() {
            return Self::on_a_host(dir, change).await;
        }
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
            throttle: Some(built.throttle),
            backing: Backing::Sqlite {
                pool: db.write().clone(),
                db,
            },
            host: None,
            _dir: dir,
        }
    }

    /// A new organisation on a host of its own in the test cluster, as
    /// `teren org create` makes one.
    async fn on_a_host(dir: tempfile::TempDir, change: impl FnOnce(&mut Config)) -> Self {
        let cluster = std::env::var("TEREN_TEST_POSTGRES")
            .expect("TEREN_TEST_POSTGRES: scripts/test.sh starts a throwaway PostgreSQL");
        // One process per test (scripts/rust-tests.mjs); a counter keeps
        // two apps of one test apart.
        static MADE: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let id = format!("{}_{n}", std::process::id());
        let control_url = database_url(&cluster, &format!("control_suite_{id}")).unwrap();
        let control = Control::open(&control_url).await.expect("control database");
        let host = format!("kc-{}.example", id.replace('_', "-"));
        let organisation = control.create(&host, "Kontaktní centrum").await.unwrap();
        let store = PgStore::open(&control.url_of(&organisation).unwrap())
            .await
            .expect("the organisation's database");
        let mut config = Config::with_database_url(control_url);
        config.setup_code = Some(SETUP_CODE.to_owned());
        change(&mut config);
        let built = server::hosts::build(&config)
            .await
            .expect("the host starts");
        TestApp {
            router: built.app,
            metrics: built.metrics,
            counters: built.counters,
            throttle: None,
            backing: Backing::Postgres {
                store: Arc::new(store),
                control_url: config.database_url.clone(),
            },
            host: Some(host),
            _dir: dir,
        }
    }

    /// The SQLite database, as an operator's command opens it. A test that
    /// reaches for it says so first with [`sqlite_only!`].
    pub fn db(&self) -> &Db {
        match &self.backing {
            Backing::Sqlite { db, .. } => db,
            Backing::Postgres { .. } => panic!("a SQLite-only test runs on PostgreSQL"),
        }
    }

    /// The SQLite writer, for arranging and checking the file directly.
    pub fn pool(&self) -> &SqlitePool {
        match &self.backing {
            Backing::Sqlite { pool, .. } => pool,
            Backing::Postgres { .. } => panic!("a SQLite-only test runs on PostgreSQL"),
        }
    }

    /// The store the app answers from, whichever the engine, for asking
    /// what a server function would.
    pub fn store(&self) -> Arc<dyn app::store::Store> {
        match &self.backing {
            Backing::Sqlite { db, .. } => Arc::new(db.clone()),
            Backing::Postgres { store, .. } => store.clone(),
        }
    }

    /// A connection for the reports' own queries.
    pub async fn reader(&self) -> Box<dyn app::reports::store::ReportReader> {
        self.store()
            .report_reader()
            .await
            .expect("a report connection")
    }

    /// Asserts that the counts kept as records are synced equal a plain
    /// recount of the records. A PostgreSQL organisation is checked in the
    /// SQLite file `teren org export` makes of it, tallies as they are.
    pub async fn assert_tallies_recount(&self) {
        let db = self.sqlite_copy().await;
        let mut conn = db.write().acquire().await.unwrap();
        assert_eq!(
            app::tally::stored(&mut conn).await.unwrap(),
            app::tally::recompute(&mut conn).await.unwrap()
        );
    }

    /// The data as a SQLite database, for what is computed only there (a
    /// plain recount): the database itself, or what `teren org export`
    /// makes of a PostgreSQL organisation now.
    pub async fn sqlite_copy(&self) -> Db {
        match &self.backing {
            Backing::Sqlite { db, .. } => db.clone(),
            Backing::Postgres { store, .. } => {
                let file = self._dir.path().join(format!(
                    "export-{}.db",
                    chrono::Utc::now().timestamp_micros()
                ));
                server::org::export::export(store, &file)
                    .await
                    .expect("exported");
                server::db::connect(&format!("sqlite://{}", file.display()))
                    .await
                    .expect("the export opens")
            }
        }
    }

    /// Holds what every write of records waits for (SQLite's one writer,
    /// PostgreSQL's record-write lock) until the answer is dropped.
    pub async fn hold_record_writes(&self) -> HeldWrites {
        match &self.backing {
            Backing::Sqlite { db, .. } => HeldWrites::Sqlite {
                _writer: db.begin().await.unwrap(),
            },
            Backing::Postgres { store, .. } => {
                let mut tx = store.pool().begin().await.unwrap();
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(teren_postgres::RECORD_WRITES)
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                HeldWrites::Postgres { _locked: tx }
            }
        }
    }

    /// On a PostgreSQL host, a browser carrying the session cookie its
    /// admin got at another organisation of the same host to this one's;
    /// `None` on SQLite, which serves one organisation.
    pub async fn stranger(&self) -> Option<Client<'_>> {
        let Backing::Postgres { control_url, .. } = &self.backing else {
            return None;
        };
        let control = Control::open(control_url).await.unwrap();
        let elsewhere = format!("jinde-{}", self.host.as_deref().unwrap());
        let organisation = control.create(&elsewhere, "Jiná organizace").await.unwrap();
        let store = PgStore::open(&control.url_of(&organisation).unwrap())
            .await
            .unwrap();
        server::cli::create_user(
            &store,
            NewAccount::new("cizi", "Cizí správce", "admin"),
            PASSWORD.into(),
        )
        .await
        .unwrap();
        store.close().await;
        let mut there = Client::of(&self.router, Some(&elsewhere));
        let response = there.login("cizi", PASSWORD).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
        let mut here = self.client();
        here.cookie = there.cookie;
        assert!(here.cookie.is_some());
        Some(here)
    }

    /// The login throttle, where it can be seen from outside.
    pub fn throttle(&self) -> Option<&app::auth::throttle::LoginThrottle> {
        self.throttle.as_deref()
    }

    /// The accounts, whichever the engine.
    pub fn accounts(&self) -> &dyn app::auth::store::AccountStore {
        match &self.backing {
            Backing::Sqlite { db, .. } => db,
            Backing::Postgres { store, .. } => store.as_ref(),
        }
    }

    /// The organisation's host name, on a host of many.
    pub fn organisation(&self) -> Option<&str> {
        self.host.as_deref()
    }

    /// The host the app is reached at, as a browser's `Host` header names it.
    pub fn host(&self) -> String {
        self.host
            .clone()
            .unwrap_or_else(|| "127.0.0.1:3000".to_owned())
    }

    pub fn client(&self) -> Client<'_> {
        Client::of(&self.router, self.host.as_deref())
    }

    /// Creates an account directly, as an operator would.
    pub async fn user(&self, username: &str, role: &str) -> i64 {
        server::cli::create_user(
            self.accounts(),
            NewAccount::new(username, username, role),
            PASSWORD.into(),
        )
        .await
        .expect("user created");
        self.user_id(username).await
    }

    pub async fn user_id(&self, username: &str) -> i64 {
        self.count(&format!(
            "SELECT id FROM users WHERE username = '{username}'"
        ))
        .await
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

    /// One whole number read straight from the database; SQL both engines
    /// read alike (values written into it, no placeholders).
    pub async fn count(&self, sql: &str) -> i64 {
        match &self.backing {
            Backing::Sqlite { pool, .. } => sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(pool)
                .await
                .expect("count query"),
            // SUM is numeric on PostgreSQL.
            Backing::Postgres { store, .. } => {
                sqlx::query_scalar::<_, i64>(&format!("SELECT CAST(({sql}) AS BIGINT)"))
                    .fetch_one(store.pool())
                    .await
                    .expect("count query")
            }
        }
    }

    /// Arranges the database directly, as an operator with a SQL shell
    /// could; SQL both engines read alike.
    pub async fn execute(&self, sql: &str) -> u64 {
        match &self.backing {
            Backing::Sqlite { pool, .. } => sqlx::query(sql)
                .execute(pool)
                .await
                .map(|r| r.rows_affected()),
            Backing::Postgres { store, .. } => sqlx::query(sql)
                .execute(store.pool())
                .await
                .map(|r| r.rows_affected()),
        }
        .expect("statement runs")
    }

    /// Text cells of a query's rows, whichever the engine; SQL both engines
    /// read alike, its columns cast to text.
    pub async fn rows(&self, sql: &str) -> Vec<Vec<Option<String>>> {
        use sqlx::Row;
        match &self.backing {
            Backing::Sqlite { pool, .. } => sqlx::query(sql)
                .fetch_all(pool)
                .await
                .expect("rows")
                .iter()
                .map(|row| (0..row.len()).map(|i| row.get(i)).collect())
                .collect(),
            Backing::Postgres { store, .. } => sqlx::query(sql)
                .fetch_all(store.pool())
                .await
                .expect("rows")
                .iter()
                .map(|row| (0..row.len()).map(|i| row.get(i)).collect())
                .collect(),
        }
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

/// Now, as a phone writes a record's time: local, with the offset. The
/// same all through a test, so a record sent again a second later is the
/// same record, not an edit of it.
pub fn now_local() -> String {
    static NOW: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    NOW.get_or_init(|| {
        chrono::Local::now()
            .fixed_offset()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    })
    .clone()
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
