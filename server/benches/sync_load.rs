//! Shift's end: many phones sync at once while coordinators reload the
//! year's dashboard, on a database that already holds a year of work.
//!
//! Fifty phones, each its own logged-in worker, send batches of 1–50
//! realistic records with short pauses between them; five coordinators
//! reload `/prehled?obdobi=rok` one after another; all over HTTP against
//! one database file seeded with 100,000 records. Prints how many requests
//! failed (any status but 200) and the latency percentiles of each kind.
//!
//! With a PostgreSQL cluster (`scripts/bench-postgres.sh sync_load`) the
//! same seeded organisation is also moved to a host of organisations
//! (`teren org import`) and the same load run there after SQLite's, over
//! HTTP at the organisation's host name, side by side in one run.
//!
//! Run: `cargo bench -p server --bench sync_load` (optionally
//! `TEREN_LOAD_SECS`, `TEREN_LOAD_PHONES`, `TEREN_LOAD_COORDINATORS`,
//! `TEREN_LOAD_SEED_RECORDS`). A
//! measurement, not a test.

use app::admin::accounts::NewAccount;
use serde_json::{json, Value};
use server::{build_app, Config};
use shared::{record, setting, Rng};
use std::time::{Duration, Instant};

mod shared;

/// A request unanswered this long counts as failed rather than stalling
/// the run.
const NO_ANSWER: Duration = Duration::from_secs(30);

#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    failures: Vec<String>,
}

impl Tally {
    fn report(&mut self, what: &str) {
        self.latencies.sort();
        let at = |q: f64| {
            let i = ((self.latencies.len() as f64 * q).ceil() as usize).saturating_sub(1);
            self.latencies
                .get(i)
                .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
        };
        println!(
            "{what:<22} {:>6} requests {:>5} failed   p50 {:>7.1} ms   p99 {:>7.1} ms   max {:>7.1} ms",
            self.latencies.len(),
            self.failures.len(),
            at(0.50),
            at(0.99),
            at(1.0)
        );
        for failure in self.failures.iter().take(3) {
            println!("    e.g. {failure}");
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let seconds = setting("TEREN_LOAD_SECS", 60);
    let phones = setting("TEREN_LOAD_PHONES", 50);
    let seeded = setting("TEREN_LOAD_SEED_RECORDS", 100_000);
    let coordinators = setting("TEREN_LOAD_COORDINATORS", 5);

    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}/load.db", dir.path().display());
    let db = server::db::connect(&url).await?;
    let mut options = server::seed::Options::new(seeded, chrono::Local::now().date_naive());
    options.days = 365;
    server::seed::seed(&db, &options).await?;
    let password = "load-password-1";
    for n in 0..phones {
        let username = format!("phone{n}");
        // The seeded contact centre (the demo data runs one of each type).
        let mut account = NewAccount::new(&username, "Phone", "worker");
        account.services = &[1];
        server::cli::create_user(&db, account, password.into()).await?;
    }
    for n in 0..coordinators {
        let username = format!("coord{n}");
        let account = NewAccount::new(&username, "Coord", "coordinator");
        server::cli::create_user(&db, account, password.into()).await?;
    }

    db.close().await;
    // The PostgreSQL organisation is the same seeded file, moved before the
    // SQLite run adds to it.
    let on_postgres = match std::env::var("TEREN_TEST_POSTGRES") {
        Ok(cluster) => Some(import(&cluster, &dir.path().join("load.db")).await?),
        Err(_) => None,
    };
    let load = Load {
        phones,
        coordinators,
        seconds,
    };
    println!("{phones} phones and {coordinators} coordinators for {seconds} s on {seeded} seeded records:");
    let base = serve(Config::with_database_url(url), false)?;
    println!("SQLite");
    load.run(&base, None).await?;
    if let Some((control_url, host)) = on_postgres {
        let address = serve(Config::with_database_url(control_url), true)?;
        let port = address.rsplit(':').next().unwrap_or_default().to_owned();
        let socket = address.trim_start_matches("http://").parse()?;
        println!("PostgreSQL, at the organisation's host name");
        load.run(&format!("http://{host}:{port}"), Some((host, socket)))
            .await?;
    }
    Ok(())
}

/// The seeded file moved into a new organisation of the cluster: the
/// control database's URL and the organisation's host name.
async fn import(cluster: &str, file: &std::path::Path) -> anyhow::Result<(String, String)> {
    let id = std::process::id();
    let control_url =
        teren_postgres::organisations::database_url(cluster, &format!("load_control_{id}"))?;
    let control = teren_postgres::organisations::Control::open(&control_url).await?;
    let host = format!("load-{id}.example");
    let started = Instant::now();
    let (_, records) = server::org::import(&control, &host, "Load", file).await?;
    println!(
        "moved {records} records to PostgreSQL (teren org import) in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok((control_url, host))
}

struct Load {
    phones: u64,
    coordinators: u64,
    seconds: u64,
}

impl Load {
    /// Logs every phone and coordinator in at `base` (reaching `resolve`'s
    /// host name at its address), runs them, and prints what they met.
    async fn run(
        &self,
        base: &str,
        resolve: Option<(String, std::net::SocketAddr)>,
    ) -> anyhow::Result<()> {
        let (phones, coordinators, seconds) = (self.phones, self.coordinators, self.seconds);
        let password = "load-password-1";
        let base = base.to_owned();
        let login = |username: String| {
            let base = base.clone();
            let resolve = resolve.clone();
            async move {
                let mut client = reqwest::Client::builder().cookie_store(true);
                if let Some((host, address)) = &resolve {
                    client = client.resolve(host, *address);
                }
                let client = client.build()?;
                let answer = client
                    .post(format!("{base}/api/login"))
                    .form(&[("username", username.as_str()), ("password", password)])
                    .send()
                    .await?;
                anyhow::ensure!(
                    answer.status().is_success(),
                    "login {username}: {}",
                    answer.status()
                );
                Ok::<_, anyhow::Error>(client)
            }
        };
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let mut tasks = tokio::task::JoinSet::new();
        for n in 0..phones {
            let client = login(format!("phone{n}")).await?;
            let base = base.clone();
            tasks.spawn(async move {
                let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (n + 1));
                let mut tally = Tally::default();
                let mut next = 0u64;
                while Instant::now() < deadline {
                    let size = rng.below(50) + 1;
                    let records: Vec<Value> = (0..size)
                        .map(|_| {
                            next += 1;
                            record(n, next, &mut rng)
                        })
                        .collect();
                    let body = json!({ "batch": { "schema_version": 1, "device_id": format!("phone{n}"), "records": records } });
                    let started = Instant::now();
                    let answer = client
                        .post(format!("{base}/api/sync"))
                        .json(&body)
                        .timeout(NO_ANSWER)
                        .send()
                        .await;
                    let outcome = match answer {
                        Ok(answer) if answer.status().is_success() => {
                            let answer: Value = answer.json().await.unwrap_or_default();
                            let stored = answer["results"].as_array().is_some_and(|results| {
                                results.len() as u64 == size
                                    && results.iter().all(|r| r["outcome"] == "Accepted")
                            });
                            if stored { Ok(()) } else { Err(format!("not all accepted: {answer}")) }
                        }
                        Ok(answer) => Err(format!("{}: {}", answer.status(), answer.text().await.unwrap_or_default())),
                        Err(error) => Err(error.to_string()),
                    };
                    tally.latencies.push(started.elapsed());
                    if let Err(failure) = outcome {
                        tally.failures.push(failure);
                    }
                    tokio::time::sleep(Duration::from_millis(100 + rng.below(400))).await;
                }
                (true, tally)
            });
        }
        for n in 0..coordinators {
            let client = login(format!("coord{n}")).await?;
            let base = base.clone();
            tasks.spawn(async move {
                let mut tally = Tally::default();
                while Instant::now() < deadline {
                    let started = Instant::now();
                    let answer = client
                        .get(format!("{base}/prehled?obdobi=rok"))
                        .header("accept", "text/html")
                        .timeout(NO_ANSWER)
                        .send()
                        .await;
                    let outcome = match answer {
                        Ok(answer) if answer.status().is_success() => {
                            answer.text().await.map(|_| ()).map_err(|e| e.to_string())
                        }
                        Ok(answer) => Err(answer.status().to_string()),
                        Err(error) => Err(error.to_string()),
                    };
                    tally.latencies.push(started.elapsed());
                    if let Err(failure) = outcome {
                        tally.failures.push(failure);
                    }
                }
                (false, tally)
            });
        }
        let (mut syncs, mut pages) = (Tally::default(), Tally::default());
        while let Some(done) = tasks.join_next().await {
            let (phone, tally) = done?;
            let into = if phone { &mut syncs } else { &mut pages };
            into.latencies.extend(tally.latencies);
            into.failures.extend(tally.failures);
        }
        syncs.report("sync (1-50 records)");
        pages.report("year dashboard page");
        Ok(())
    }
}

/// Starts the server on a runtime of its own, as it runs in production:
/// sharing one with the simulated phones, its answers would queue behind
/// their work on the same worker threads instead of being scheduled
/// beside it by the operating system. Returns its address.
fn serve(config: Config, hosts: bool) -> anyhow::Result<String> {
    let (started, address) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().expect("server runtime");
        runtime.block_on(async move {
            let listening = async {
                let app = if hosts {
                    server::hosts::build(&config).await?.app
                } else {
                    build_app(&config).await?
                };
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
                Ok::<_, anyhow::Error>((app, listener))
            };
            match listening.await {
                Ok((app, listener)) => {
                    let _ = started.send(listener.local_addr().map_err(anyhow::Error::from));
                    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
                    let _ = axum::serve(listener, app).await;
                }
                Err(error) => {
                    let _ = started.send(Err(error));
                }
            }
        });
    });
    Ok(format!("http://{}", address.recv()??))
}
