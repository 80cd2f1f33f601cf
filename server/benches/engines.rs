//! How fast the same sync batches are written on SQLite and on PostgreSQL,
//! each beside its own floor, in one run.
//!
//! The records are realistic (`teren seed-demo`'s generator): every kind
//! but casework, spread over a year, 4,000 client codes with regulars, in
//! batches of 500 as phones send them. Four writers take each batch in
//! turn, so all meet the machine in the same state:
//!
//! - **Terén on SQLite**: the store's `write_batches` on a database opened
//!   as the server opens it (WAL, `synchronous = FULL`): the stored state
//!   read, the plan, the rows, clients, basics, tallies and the phone.
//! - **Terén on PostgreSQL**: the same on an organisation's database of a
//!   cluster with its durability on (fsync, synchronous commit).
//! - **Raw SQLite** and **raw PostgreSQL**: only the records' rows, one
//!   statement per batch, no reads, no tallies: what storing the rows costs
//!   at the least on each engine.
//!
//! Checking and encoding the records is the same for both engines and is
//! left out of the times.
//!
//! Then a host of many organisations (`TEREN_BENCH_ORGS`, default 100): a
//! database each, each with its own store, all syncing batches of 50 at
//! once; the time, each batch's latency, the errors, the cluster's
//! connections at their most and the process's peak memory. Run with a cluster: `scripts/bench-postgres.sh`
//! (`TEREN_BENCH_RECORDS=…`, default 100,000). A measurement, not a test.

use app::records::kinds::{Kind, Record};
use app::records::validate::{self, KnownCodes};
use app::sync::devices_db::Contact;
use app::sync::plan::Batch;
use app::sync::store::SyncStore;
use std::time::{Duration, Instant};

const BATCH: usize = 500;
const WORKER: i64 = 1;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let total: u64 = std::env::var("TEREN_BENCH_RECORDS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(100_000);
    let cluster = std::env::var("TEREN_TEST_POSTGRES")
        .map_err(|_| anyhow::anyhow!("run through scripts/bench-postgres.sh"))?;

    let dir = tempfile::tempdir()?;
    let sqlite =
        server::db::connect(&format!("sqlite://{}/teren.db", dir.path().display())).await?;
    let raw_sqlite =
        server::db::connect(&format!("sqlite://{}/raw.db", dir.path().display())).await?;
    let name = format!("bench_{}", std::process::id());
    let url = teren_postgres::organisations::create_database(&cluster, &name).await?;
    let postgres = teren_postgres::PgStore::migrate(&url).await?;
    let raw_url =
        teren_postgres::organisations::create_database(&cluster, &format!("{name}_raw")).await?;
    let raw_postgres = teren_postgres::PgStore::migrate(&raw_url).await?;
    let user = "INSERT INTO users (id, username, display_name, password_hash, role)
                VALUES (1, 'bench', 'Bench', '-', 'worker')";
    for db in [&sqlite, &raw_sqlite] {
        sqlx::query(user).execute(db.write()).await?;
    }
    for store in [&postgres, &raw_postgres] {
        sqlx::query(user).execute(store.pool()).await?;
    }

    let mut reader = sqlite.read().acquire().await?;
    let catalogue = app::catalogue::db::load(&mut reader).await?;
    drop(reader);
    let known = KnownCodes::from_catalogue(&catalogue);
    let codes = |list: &str| -> Vec<String> {
        catalogue
            .items
            .iter()
            .filter(|item| item.list == list && item.active)
            .map(|item| item.code.clone())
            .collect()
    };
    let (localities, acts) = (codes("locality"), codes("service_act"));
    let yesterday = chrono::Local::now().date_naive() - chrono::Days::new(1);
    let mut options = server::seed::Options::new(total, yesterday);
    options.workers = 1;
    options.days = 365;
    let now = chrono::Utc::now();
    let mut records = server::seed::Records::new(&options, &localities, &acts)
        .map(|(_, record)| record)
        .filter(|record| {
            !matches!(
                record.details.kind(),
                Kind::Case | Kind::Offer | Kind::Consultation
            )
        });

    let mut times = [Duration::ZERO; 4];
    let (mut written, mut batches) = (0u64, 0u64);
    loop {
        let chunk: Vec<Record> = records.by_ref().take(BATCH).collect();
        if chunk.is_empty() {
            break;
        }
        let rows: Vec<_> = chunk
            .into_iter()
            .map(|record| {
                let checked = validate::check(&record, &known, now)
                    .map_err(|rejection| anyhow::anyhow!("{rejection:?}"))?;
                let row = app::records::db::Row::new(WORKER, 1, "bench", &record, &checked)?;
                Ok((row, record))
            })
            .collect::<anyhow::Result<_>>()?;
        let contact = Contact {
            device_id: "bench".into(),
            worker_id: WORKER,
            sent: rows.len(),
            refused: 0,
        };
        let batch = [Batch {
            contact: &contact,
            records: &rows,
        }];
        let started = Instant::now();
        sqlite.write_batches(&batch).await?;
        times[0] += started.elapsed();
        let started = Instant::now();
        postgres.write_batches(&batch).await?;
        times[1] += started.elapsed();
        let plain: Vec<_> = rows.iter().map(|(row, _)| row).collect();
        let started = Instant::now();
        let mut tx = raw_sqlite.begin().await?;
        app::records::db::insert_rows(&mut tx, &plain).await?;
        tx.commit().await?;
        times[2] += started.elapsed();
        let started = Instant::now();
        raw_insert(&raw_postgres, &plain).await?;
        times[3] += started.elapsed();
        written += rows.len() as u64;
        batches += 1;
    }

    if written > 0 {
        ingest_report(written, batches, &times);
    }
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM records")
        .fetch_one(postgres.pool())
        .await?;
    anyhow::ensure!(
        stored as u64 == written,
        "PostgreSQL holds {stored} of {written}"
    );

    // Its own run (TEREN_BENCH_RECORDS=0) gives the peak memory of the
    // organisations alone.
    let orgs: usize = std::env::var("TEREN_BENCH_ORGS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(100);
    many_organisations(&cluster, &name, orgs, &catalogue, &localities, &acts).await
}

fn ingest_report(written: u64, batches: u64, times: &[Duration; 4]) {
    println!("{written} realistic records (every kind but casework, a year, 4,000 client codes) in {batches} batches of {BATCH}");
    let rate = |elapsed: Duration| written as f64 / elapsed.as_secs_f64();
    for (label, time) in [
        ("Terén on SQLite", times[0]),
        ("Terén on PostgreSQL", times[1]),
        ("raw SQLite, rows only", times[2]),
        ("raw PostgreSQL, rows only", times[3]),
    ] {
        println!(
            "{label:<26} {:>8.2} s {:>9.0} records/s {:>7.1} ms per batch",
            time.as_secs_f64(),
            rate(time),
            time.as_secs_f64() * 1000.0 / batches as f64
        );
    }
    println!(
        "PostgreSQL / SQLite: {:.2}; Terén's share of its floor: SQLite {:.0} %, PostgreSQL {:.0} %",
        rate(times[1]) / rate(times[0]),
        100.0 * rate(times[0]) / rate(times[2]),
        100.0 * rate(times[1]) / rate(times[3])
    );
}

/// `orgs` organisations on one cluster, each syncing 20 batches of 50
/// realistic records at once with the others.
async fn many_organisations(
    cluster: &str,
    prefix: &str,
    orgs: usize,
    catalogue: &app::catalogue::Catalogue,
    localities: &[String],
    acts: &[String],
) -> anyhow::Result<()> {
    const BATCHES: usize = 20;
    const SIZE: usize = 50;
    if orgs == 0 {
        return Ok(());
    }
    let known = KnownCodes::from_catalogue(catalogue);
    let yesterday = chrono::Local::now().date_naive() - chrono::Days::new(1);
    let now = chrono::Utc::now();
    let mut work = Vec::new();
    let started = Instant::now();
    for org in 0..orgs {
        let url =
            teren_postgres::organisations::create_database(cluster, &format!("{prefix}_org{org}"))
                .await?;
        let store = teren_postgres::PgStore::migrate(&url).await?;
        sqlx::query(
            "INSERT INTO users (id, username, display_name, password_hash, role)
             VALUES (1, 'w', 'W', '-', 'worker')",
        )
        .execute(store.pool())
        .await?;
        let mut options = server::seed::Options::new((BATCHES * SIZE) as u64 * 2, yesterday);
        options.workers = 1;
        options.days = 365;
        options.seed = org as u64;
        let records: Vec<Record> = server::seed::Records::new(&options, localities, acts)
            .map(|(_, record)| record)
            .filter(|record| {
                !matches!(
                    record.details.kind(),
                    Kind::Case | Kind::Offer | Kind::Consultation
                )
            })
            .take(BATCHES * SIZE)
            .collect();
        let batches: Vec<Vec<_>> = records
            .chunks(SIZE)
            .map(|chunk| {
                chunk
                    .iter()
                    .map(|record| {
                        let checked = validate::check(record, &known, now)
                            .map_err(|rejection| anyhow::anyhow!("{rejection:?}"))?;
                        let row = app::records::db::Row::new(WORKER, 1, "phone", record, &checked)?;
                        Ok((row, record.clone()))
                    })
                    .collect::<anyhow::Result<Vec<_>>>()
            })
            .collect::<anyhow::Result<_>>()?;
        work.push((store, batches));
    }
    println!(
        "\n{orgs} organisations created and migrated in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let watcher = sqlx::PgPool::connect(cluster).await?;
    let peak = std::sync::Arc::new(std::sync::atomic::AtomicI64::new(0));
    let watching = {
        let (watcher, peak) = (watcher.clone(), peak.clone());
        tokio::spawn(async move {
            loop {
                if let Ok(n) = sqlx::query_scalar::<_, i64>(
                    "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'",
                )
                .fetch_one(&watcher)
                .await
                {
                    peak.fetch_max(n, std::sync::atomic::Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
    };
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (store, batches) in work {
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0;
            for rows in &batches {
                let contact = Contact {
                    device_id: "phone".into(),
                    worker_id: WORKER,
                    sent: rows.len(),
                    refused: 0,
                };
                let began = Instant::now();
                match store
                    .write_batches(&[Batch {
                        contact: &contact,
                        records: rows,
                    }])
                    .await
                {
                    Ok(_) => latencies.push(began.elapsed()),
                    Err(_) => errors += 1,
                }
            }
            store.close().await;
            (latencies, errors)
        }));
    }
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for task in tasks {
        let (mine, failed) = task.await?;
        latencies.extend(mine);
        errors += failed;
    }
    let elapsed = started.elapsed();
    watching.abort();
    latencies.sort();
    let at =
        |q: f64| latencies[((latencies.len() as f64 - 1.0) * q) as usize].as_secs_f64() * 1000.0;
    let records = (orgs * BATCHES * SIZE) as f64;
    println!(
        "{orgs} organisations syncing at once: {records:.0} records in {:.1} s ({:.0} records/s), \
         {} batches, {errors} failed, p50 {:.0} ms, p99 {:.0} ms",
        elapsed.as_secs_f64(),
        records / elapsed.as_secs_f64(),
        latencies.len(),
        at(0.5),
        at(0.99)
    );
    let peak_memory = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmHWM:"))
                .map(|line| line.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_default();
    println!(
        "cluster connections at most: {} (up to 4 per organisation); this process's peak memory: {peak_memory}",
        peak.load(std::sync::atomic::Ordering::Relaxed)
    );
    Ok(())
}

/// The records' rows alone on PostgreSQL, one statement per batch, as the
/// store inserts them.
async fn raw_insert(
    store: &teren_postgres::PgStore,
    rows: &[&app::records::db::Row],
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO records (id, revision, kind, occurred_at, occurred_utc, day, week, worker_id,
                              device_id, locality, client_kind, client_code, first_contact, note,
                              details, content, target_group, situation, police_record_utc,
                              police_record_day, service_id, case_id)
         SELECT id, revision, kind, occurred_at, occurred_utc, day, week, worker_id, device_id,
                locality, client_kind, client_code, first_contact, note, details, content,
                target_group, situation, police_record_utc, police_record_day, service_id, case_id
         FROM jsonb_to_recordset($1::text::jsonb) AS r(
             id text, revision bigint, kind text, occurred_at text, occurred_utc text, day text,
             week text, worker_id bigint, device_id text, locality text, client_kind text,
             client_code text, first_contact bigint, note text, details text, content text,
             target_group text, situation text, police_record_utc text,
             police_record_day text, service_id bigint, case_id text)",
    )
    .bind(serde_json::to_string(rows)?)
    .execute(store.pool())
    .await?;
    Ok(())
}
