//! How fast records flow through the real sync endpoint: a logged-in
//! session pushes 100,000 records in batches of 500 over HTTP into a fresh
//! SQLite file, and the records per second are printed.
//!
//! Run: `cargo bench -p server --bench sync_throughput` (optionally with
//! `TEREN_BENCH_RECORDS=…`). A measurement, not a test: nothing is asserted
//! about time.

use serde_json::{json, Value};
use server::{build_app, Config};
use std::time::Instant;

const BATCH: usize = 500;

fn record(n: usize, occurred_at: &str) -> Value {
    let localities = ["centrum", "nadrazi", "sidliste", "ubytovna"];
    let details = match n % 4 {
        0 => {
            json!({ "kind": "contact", "first_contact": n.is_multiple_of(17), "target_group": "injecting_user",
                     "service_acts": ["poradenstvi"], "duration_minutes": 10 })
        }
        1 => json!({ "kind": "exchange", "first_contact": false, "target_group": "injecting_user",
                     "materials": [{ "material": "strikacky", "count": 10 }, { "material": "filtry", "count": 5 }],
                     "returned_syringes": 8, "service_acts": ["hr-informace"] }),
        2 => json!({ "kind": "crisis_visit", "situation": "acute_crisis", "place": "street",
                     "interventions": ["crisis_intervention"], "children_present": 0 }),
        _ => json!({ "kind": "found_syringes", "count": 3 }),
    };
    json!({
        "id": format!("00000000-0000-4000-8000-{n:012x}"),
        "occurred_at": occurred_at,
        "locality": localities[n % localities.len()],
        "client": { "code": format!("AAA{:02}BBB{:02}", n % 28 + 1, n % 12 + 1) },
        "details": details
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let total: usize = std::env::var("TEREN_BENCH_RECORDS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}/bench.db", dir.path().display());
    let config = Config::with_database_url(url.clone());
    let app = build_app(&config).await?;
    let pool = server::db::connect(&url).await?;
    server::cli::create_user(&pool, "bench", "Bench", "worker", "bench-password-1".into()).await?;

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
    anyhow::ensure!(
        login.status().is_success(),
        "login failed: {}",
        login.status()
    );

    let occurred_at = chrono::Local::now()
        .fixed_offset()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let batches: Vec<Value> = (0..total)
        .collect::<Vec<_>>()
        .chunks(BATCH)
        .map(|chunk| {
            let records: Vec<Value> = chunk.iter().map(|n| record(*n, &occurred_at)).collect();
            json!({ "batch": { "schema_version": 1, "device_id": "bench", "records": records } })
        })
        .collect();

    let start = Instant::now();
    let mut accepted = 0;
    for batch in &batches {
        let response = client
            .post(format!("{base}/api/sync"))
            .json(batch)
            .send()
            .await?;
        anyhow::ensure!(
            response.status().is_success(),
            "sync failed: {}",
            response.status()
        );
        let body: Value = response.json().await?;
        accepted += body["results"]
            .as_array()
            .map(|results| {
                results
                    .iter()
                    .filter(|r| r["outcome"] == "Accepted")
                    .count()
            })
            .unwrap_or(0);
    }
    let elapsed = start.elapsed();

    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM records")
        .fetch_one(&pool)
        .await?;
    anyhow::ensure!(
        stored as usize == total && accepted == total,
        "stored {stored}, accepted {accepted} of {total}"
    );
    println!(
        "sync: {total} records in {} batches of {BATCH} over HTTP: {:.2} s, {:.0} records/s ({:.1} ms per batch)",
        batches.len(),
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1000.0 / batches.len() as f64
    );
    Ok(())
}
