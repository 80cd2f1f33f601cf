//! How fast records flow in through the real sync endpoint, beside the
//! physical limit: the same records written straight into SQLite.
//!
//! The records are realistic (`teren seed-demo`'s generator): every kind,
//! spread over 300 days, 4,000 client codes with regulars and occasional
//! visitors. One run, two measurements on the same machine, taken batch by
//! batch in turn so that both see the disk in the same state:
//!
//! - **Terén**: a logged-in session posts them in batches of 500 over HTTP
//!   to `/api/sync` on a fresh database file, with everything a sync does —
//!   decoding, checking, deduplicating, the client list, the report tallies.
//! - **Raw SQLite**: the same request bodies parsed with serde and written
//!   with one prepared `INSERT OR IGNORE` per record, one transaction per
//!   batch, into a fresh file with the same schema, indexes and settings (WAL,
//!   `synchronous = FULL`, foreign keys) — what storing these rows costs at
//!   the least, with no HTTP, no checks and no tallies.
//!
//! The server copies its write-ahead log into the database file on a task
//! beside the writer, off the phones' time; the bench does that copy between
//! turns, untimed, so it cannot fall into SQLite's turn. SQLite copies its
//! log in its commits, its default.
//!
//! Run: `cargo bench -p server --bench sync_throughput` (optionally
//! `TEREN_BENCH_RECORDS=…`). A measurement, not a test: nothing is asserted
//! about time.

use app::admin::accounts::NewAccount;
use app::records::kinds::{Client, Kind, Record};
use serde_json::{json, Value};
use server::{build_app, Config};
use std::time::{Duration, Instant};

const BATCH: usize = 500;
const WORKER: i64 = 1;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let total: u64 = std::env::var("TEREN_BENCH_RECORDS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(100_000);
    let (bodies, total) = bodies(total).await?;
    println!(
        "{total} realistic records (every kind but casework, 300 days, 4,000 client codes) in {} batches of {BATCH}",
        bodies.len()
    );

    // Batch by batch, one side then the other, so both meet the disk in
    // the same state: on a shared machine fsync alone varies fivefold
    // within minutes, which two runs one after the other would read as a
    // difference between Terén and SQLite.
    let mut teren = Teren::start().await?;
    let mut raw = RawSqlite::start().await?;
    let (mut teren_time, mut raw_time) = (Duration::ZERO, Duration::ZERO);
    for body in &bodies {
        teren_time += teren.send(body).await?;
        // Terén copies its log into the file beside the writer, off the
        // phone's time; done here, untimed, it cannot land in SQLite's turn.
        teren.checkpoint().await?;
        raw_time += raw.send(body)?;
    }
    teren.check(total).await?;
    raw.check(total)?;
    let (teren, raw) = (teren_time, raw_time);
    let rate = |elapsed: Duration| total as f64 / elapsed.as_secs_f64();
    let per_batch = |elapsed: Duration| elapsed.as_secs_f64() * 1000.0 / bodies.len() as f64;
    println!(
        "Terén, /api/sync over HTTP: {:>7.2} s {:>9.0} records/s {:>6.1} ms per batch",
        teren.as_secs_f64(),
        rate(teren),
        per_batch(teren)
    );
    println!(
        "raw SQLite, same rows:      {:>7.2} s {:>9.0} records/s {:>6.1} ms per batch",
        raw.as_secs_f64(),
        rate(raw),
        per_batch(raw)
    );
    println!(
        "Terén reaches {:.0} % of raw SQLite",
        100.0 * rate(teren) / rate(raw)
    );
    Ok(())
}

/// The sync request bodies, made once: the generator needs the default
/// lists of a migrated database. The intervention centre's casework (cases
/// and the offers and consultations that follow them) is left out: the one
/// default service has no intervention centre's lists. Returns the bodies
/// and the records in them.
async fn bodies(total: u64) -> anyhow::Result<(Vec<String>, u64)> {
    let dir = tempfile::tempdir()?;
    let db = server::db::connect(&format!("sqlite://{}/lists.db", dir.path().display())).await?;
    let list = |list: &'static str| {
        sqlx::query_scalar::<_, String>(
            "SELECT code FROM catalogue_items WHERE list = ? AND active = 1",
        )
        .bind(list)
        .fetch_all(db.read())
    };
    let localities = list("locality").await?;
    let acts = list("service_act").await?;
    // Up to yesterday: a record later today would be refused as in the future.
    let yesterday = chrono::Local::now().date_naive() - chrono::Days::new(1);
    let mut options = server::seed::Options::new(total, yesterday);
    options.workers = 1;
    options.days = 300;
    let records: Vec<Value> = server::seed::Records::new(&options, &localities, &acts)
        .filter(|(_, record)| {
            !matches!(
                record.details.kind(),
                Kind::Case | Kind::Offer | Kind::Consultation
            )
        })
        .map(|(_, record)| serde_json::to_value(record))
        .collect::<Result<_, _>>()?;
    let count = records.len() as u64;
    let bodies = records
        .chunks(BATCH)
        .map(|chunk| {
            json!({ "batch": { "schema_version": 1, "device_id": "bench", "records": chunk } })
                .to_string()
        })
        .collect();
    Ok((bodies, count))
}

/// Terén behind its HTTP endpoint, with a logged-in worker.
struct Teren {
    _dir: tempfile::TempDir,
    db: app::db::Db,
    client: reqwest::Client,
    base: String,
    accepted: u64,
}

impl Teren {
    async fn start() -> anyhow::Result<Teren> {
        let dir = tempfile::tempdir()?;
        let url = format!("sqlite://{}/bench.db", dir.path().display());
        let app = build_app(&Config::with_database_url(url.clone())).await?;
        let db = server::db::connect(&url).await?;
        let account = NewAccount::new("bench", "Bench", "worker");
        server::cli::create_user(&db, account, "bench-password-1".into()).await?;

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        tokio::spawn(async move {
            let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
            axum::serve(listener, app).await
        });
        let client = reqwest::Client::builder().cookie_store(true).build()?;
        let login = client
            .post(format!("{base}/api/login"))
            .form(&[("username", "bench"), ("password", "bench-password-1")])
            .send()
            .await?;
        anyhow::ensure!(login.status().is_success(), "login: {}", login.status());
        Ok(Teren {
            _dir: dir,
            db,
            client,
            base,
            accepted: 0,
        })
    }

    /// Posts one batch and reads the answer; how long that took.
    async fn send(&mut self, body: &str) -> anyhow::Result<Duration> {
        let start = Instant::now();
        let response = self
            .client
            .post(format!("{}/api/sync", self.base))
            .header("content-type", "application/json")
            .body(body.to_owned())
            .send()
            .await?;
        anyhow::ensure!(
            response.status().is_success(),
            "sync: {}",
            response.status()
        );
        let answer: Value = response.json().await?;
        let elapsed = start.elapsed();
        for result in answer["results"].as_array().into_iter().flatten() {
            if result["outcome"] == "Accepted" {
                self.accepted += 1;
            } else {
                anyhow::bail!("a generated record was not accepted: {result}");
            }
        }
        Ok(elapsed)
    }

    async fn checkpoint(&self) -> anyhow::Result<()> {
        sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(self.db.write())
            .await?;
        Ok(())
    }

    async fn check(&self, total: u64) -> anyhow::Result<()> {
        let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM records")
            .fetch_one(self.db.read())
            .await?;
        anyhow::ensure!(
            stored as u64 == total && self.accepted == total,
            "stored {stored}, accepted {} of {total}",
            self.accepted
        );
        Ok(())
    }
}

#[derive(serde::Deserialize)]
struct Body {
    batch: Batch,
}

#[derive(serde::Deserialize)]
struct Batch {
    device_id: String,
    records: Vec<Record>,
}

/// The same rows written straight into SQLite.
struct RawSqlite {
    _dir: tempfile::TempDir,
    conn: rusqlite::Connection,
}

impl RawSqlite {
    async fn start() -> anyhow::Result<RawSqlite> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("raw.db");
        // The same schema and indexes, made by the same migrations.
        let db = server::db::connect(&format!("sqlite://{}", path.display())).await?;
        db.close().await;

        let conn = rusqlite::Connection::open(&path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Like the server's writer, statement journals in memory; the log is
        // copied into the file in SQLite's default way, at commit.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.execute(
            "INSERT INTO users (id, username, display_name, password_hash, role) VALUES (?1, 'raw', 'Raw', '!', 'worker')",
            [WORKER],
        )?;
        Ok(RawSqlite { _dir: dir, conn })
    }

    /// Parses one body and writes its records in one transaction.
    fn send(&mut self, body: &str) -> anyhow::Result<Duration> {
        let start = Instant::now();
        let body: Body = serde_json::from_str(body)?;
        let tx = self.conn.transaction()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT OR IGNORE INTO records (id, revision, kind, occurred_at, occurred_utc, day, week,
                     worker_id, device_id, locality, client_kind, client_code, first_contact, note,
                     details, content, service_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 1)",
            )?;
            for record in &body.batch.records {
                let (client_kind, client_code) = match &record.client {
                    Client::Code(code) => ("code", Some(code.as_str())),
                    Client::Anonymous => ("anonymous", None),
                    Client::Ncc => ("ncc", None),
                };
                insert.execute(rusqlite::params![
                    record.id,
                    record.revision,
                    record.details.kind().as_str(),
                    record.occurred_at,
                    record.occurred_at,
                    &record.occurred_at[..10],
                    &record.occurred_at[..7],
                    WORKER,
                    body.batch.device_id,
                    record.locality,
                    client_kind,
                    client_code,
                    record.details.first_contact(),
                    record.note,
                    serde_json::to_string(&record.details)?,
                    serde_json::to_string(record)?,
                ])?;
            }
        }
        tx.commit()?;
        Ok(start.elapsed())
    }

    fn check(&self, total: u64) -> anyhow::Result<()> {
        let stored: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM records", [], |row| row.get(0))?;
        anyhow::ensure!(stored as u64 == total, "raw stored {stored} of {total}");
        Ok(())
    }
}
