//! A host of many organisations: 100 organisations in one PostgreSQL
//! cluster, served by one `teren` process at their host names, each with
//! its phones syncing at once.
//!
//! Each organisation is the same seeded year of a contact centre, moved in
//! with `teren org import`. The real binary serves them (its own process,
//! so its memory is its own); every organisation's phones log in (the
//! first request opens the organisation) and then sync batches of 1–20
//! records for the run. Prints the syncs, their failures and latencies,
//! the server's resident memory (started, every organisation open, peak
//! under load) and the cluster's client connections (peak and at the end),
//! one metrics scrape over every organisation, and checks that the records
//! the metrics count are the seeded ones plus every accepted one, once.
//!
//! Run: `scripts/bench-postgres.sh organisations` (optionally
//! `TEREN_ORGS`, `TEREN_ORG_PHONES`, `TEREN_ORG_SEED_RECORDS`,
//! `TEREN_LOAD_SECS`). A measurement, not a test.

use app::admin::accounts::NewAccount;
use serde_json::{json, Value};
use shared::{record, setting, Rng};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Arc;
use std::time::{Duration, Instant};
use teren_postgres::organisations::{database_url, Control};

mod shared;

const PASSWORD: &str = "load-password-1";
const NO_ANSWER: Duration = Duration::from_secs(30);

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let Ok(cluster) = std::env::var("TEREN_TEST_POSTGRES") else {
        anyhow::bail!("needs a cluster: run scripts/bench-postgres.sh organisations");
    };
    let organisations = setting("TEREN_ORGS", 100);
    let phones = setting("TEREN_ORG_PHONES", 2);
    let seeded = setting("TEREN_ORG_SEED_RECORDS", 2_000);
    let seconds = setting("TEREN_LOAD_SECS", 60);

    // One seeded year, with the phones' workers, imported into each.
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("seeded.db");
    let db = server::db::connect(&format!("sqlite://{}", file.display())).await?;
    let mut options = server::seed::Options::new(seeded, chrono::Local::now().date_naive());
    options.days = 365;
    options.workers = 4;
    server::seed::seed(&db, &options).await?;
    for n in 0..phones {
        let username = format!("phone{n}");
        let mut account = NewAccount::new(&username, "Phone", "worker");
        account.services = &[1];
        server::cli::create_user(&db, account, PASSWORD.into()).await?;
    }
    db.close().await;

    let control_url = database_url(&cluster, &format!("orgs_control_{}", std::process::id()))?;
    let control = Control::open(&control_url).await?;
    let hosts: Vec<String> = (0..organisations)
        .map(|n| format!("org-{n:03}.example"))
        .collect();
    let started = Instant::now();
    for host in &hosts {
        server::org::import(&control, host, "Kontaktní centrum", &file).await?;
    }
    println!(
        "{organisations} organisations of {seeded} records each imported in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    drop(control);

    let mut monitor = Monitor::connect(&cluster).await?;
    let server = Server::start(&control_url)?;
    server.wait_healthy().await?;
    let idle_kib = server.memory_kib().0;
    println!(
        "teren serves them from one process: {:.1} MiB resident at start, {} connections",
        idle_kib as f64 / 1024.0,
        monitor.connections().await?
    );

    // Every phone logs in; the first request at each host opens it.
    let started = Instant::now();
    let mut clients = Vec::new();
    let mut first = Vec::new();
    for host in &hosts {
        for n in 0..phones {
            let opened = Instant::now();
            clients.push((
                host.clone(),
                n,
                server.login(host, &format!("phone{n}")).await?,
            ));
            if n == 0 {
                first.push(opened.elapsed());
            }
        }
    }
    first.sort();
    println!(
        "{} phones logged in in {:.1} s; an organisation's first request (opening it) p50 {:.1} ms, max {:.1} ms",
        clients.len(),
        started.elapsed().as_secs_f64(),
        ms(first[first.len() / 2]),
        ms(*first.last().unwrap_or(&Duration::ZERO))
    );
    let open_kib = server.memory_kib().0;
    println!(
        "every organisation open: {:.1} MiB resident, {} connections",
        open_kib as f64 / 1024.0,
        monitor.connections().await?
    );

    // The load, with memory and connections sampled through it.
    let accepted = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = tokio::task::JoinSet::new();
    for (index, (host, n, client)) in clients.into_iter().enumerate() {
        let (base, accepted) = (server.base(&host), accepted.clone());
        tasks.spawn(async move {
            let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (index as u64 + 1));
            let (mut latencies, mut failures) = (Vec::new(), Vec::new());
            let mut next = 0u64;
            while Instant::now() < deadline {
                let size = rng.below(20) + 1;
                let records: Vec<Value> = (0..size)
                    .map(|_| {
                        next += 1;
                        record(n, next, &mut rng)
                    })
                    .collect();
                let body = json!({ "batch": { "schema_version": 1, "device_id": format!("phone{n}"), "records": records } });
                let sent = Instant::now();
                let answer = client
                    .post(format!("{base}/api/sync"))
                    .json(&body)
                    .timeout(NO_ANSWER)
                    .send()
                    .await;
                latencies.push(sent.elapsed());
                match answer {
                    Ok(answer) if answer.status().is_success() => {
                        let answer: Value = answer.json().await.unwrap_or_default();
                        let results = answer["results"].as_array().cloned().unwrap_or_default();
                        let stored = results.iter().filter(|r| r["outcome"] == "Accepted").count();
                        accepted.fetch_add(stored as u64, Relaxed);
                        if stored as u64 != size {
                            failures.push(format!("{host}: not all accepted: {answer}"));
                        }
                    }
                    Ok(answer) => failures.push(format!("{host}: {}", answer.status())),
                    Err(error) => failures.push(format!("{host}: {error}")),
                }
                tokio::time::sleep(Duration::from_millis(1000 + rng.below(2000))).await;
            }
            (latencies, failures)
        });
    }
    let mut peak_connections = 0;
    while Instant::now() < deadline {
        peak_connections = peak_connections.max(monitor.connections().await?);
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let (mut latencies, mut failures) = (Vec::new(), Vec::new());
    while let Some(done) = tasks.join_next().await {
        let (l, f) = done?;
        latencies.extend(l);
        failures.extend(f);
    }
    latencies.sort();
    let at = |q: f64| {
        let i = ((latencies.len() as f64 * q).ceil() as usize).saturating_sub(1);
        latencies.get(i).copied().map_or(0.0, ms)
    };
    println!(
        "{seconds} s of syncs: {} batches, {} records accepted, {} failed; p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        latencies.len(),
        accepted.load(Relaxed),
        failures.len(),
        at(0.5),
        at(0.99),
        at(1.0)
    );
    for failure in failures.iter().take(3) {
        println!("    e.g. {failure}");
    }
    let (_, peak_kib) = server.memory_kib();
    println!(
        "server: peak {:.1} MiB resident; cluster connections: peak {peak_connections}, {} at the end",
        peak_kib as f64 / 1024.0,
        monitor.connections().await?
    );

    // One scrape reads every organisation's gauges.
    let scraped = Instant::now();
    let scrape = reqwest::get(format!("http://{}/metrics", server.metrics))
        .await?
        .text()
        .await?;
    let took = scraped.elapsed();
    let counted: Vec<u64> = scrape
        .lines()
        .filter(|line| line.starts_with("teren_records{organisation="))
        .filter_map(|line| line.rsplit(' ').next()?.parse().ok())
        .collect();
    let total: u64 = counted.iter().sum();
    let expected = seeded * organisations + accepted.load(Relaxed);
    println!(
        "one metrics scrape over {} organisations: {:.1} ms; records counted {total}, expected {expected}: {}",
        counted.len(),
        ms(took),
        if total == expected { "equal" } else { "DIFFERENT" }
    );
    anyhow::ensure!(total == expected, "the records are not each stored once");
    Ok(())
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// The cluster's client connections, from a connection of its own.
struct Monitor(sqlx::PgConnection);

impl Monitor {
    async fn connect(cluster: &str) -> anyhow::Result<Monitor> {
        use sqlx::Connection;
        Ok(Monitor(sqlx::PgConnection::connect(cluster).await?))
    }

    async fn connections(&mut self) -> anyhow::Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_stat_activity
             WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()",
        )
        .fetch_one(&mut self.0)
        .await?)
    }
}

/// The `teren` binary serving the host, in a process of its own.
struct Server {
    child: Child,
    address: String,
    metrics: String,
}

impl Server {
    fn start(control_url: &str) -> anyhow::Result<Server> {
        let free = || -> anyhow::Result<String> {
            Ok(std::net::TcpListener::bind("127.0.0.1:0")?
                .local_addr()?
                .to_string())
        };
        let (address, metrics) = (free()?, free()?);
        let child = Command::new(env!("CARGO_BIN_EXE_teren"))
            .arg("serve")
            .env("DATABASE_URL", control_url)
            .env("TEREN_ADDR", &address)
            .env("TEREN_METRICS_ADDR", &metrics)
            .env("TEREN_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()?;
        Ok(Server {
            child,
            address,
            metrics,
        })
    }

    async fn wait_healthy(&self) -> anyhow::Result<()> {
        for _ in 0..300 {
            let health = reqwest::get(format!("http://{}/healthz", self.address)).await;
            if health.is_ok_and(|answer| answer.status().is_success()) {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        anyhow::bail!("the server did not answer within 30 s")
    }

    /// Where `host` is reached (resolved to the server's address).
    fn base(&self, host: &str) -> String {
        let port = self.address.rsplit(':').next().unwrap_or_default();
        format!("http://{host}:{port}")
    }

    async fn login(&self, host: &str, username: &str) -> anyhow::Result<reqwest::Client> {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .resolve(host, self.address.parse()?)
            .build()?;
        let answer = client
            .post(format!("{}/api/login", self.base(host)))
            .form(&[("username", username), ("password", PASSWORD)])
            .send()
            .await?;
        anyhow::ensure!(
            answer.status().is_success(),
            "login {username}@{host}: {}",
            answer.status()
        );
        Ok(client)
    }

    /// Resident memory now and at its peak, in KiB.
    fn memory_kib(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
                .unwrap_or(0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
