//! How fast the coordinator's figures are at scale: builds a database of
//! 100,000 and one of 1,000,000 synthetic records (`teren seed-demo`'s
//! generator: 40 workers, 4,000 client codes, three years), then times each
//! query of the full-year dashboard, the whole dashboard, the breakdowns and
//! the annual report — beside the same figures computed by plain `GROUP BY`
//! over the records table.
//!
//! With a PostgreSQL cluster (`scripts/bench-postgres.sh dashboard`), each
//! database is also moved to an organisation of the cluster with `teren
//! org import`, and the same reads are timed there, side by side.
//!
//! Run: `cargo bench -p server --bench dashboard` (set
//! `TEREN_BENCH_SIZES=100000` to skip the million, `TEREN_BENCH_DAYS=365`
//! to pack the records into one year, `TEREN_BENCH_DB=/path/file.db` to
//! measure a database seeded once, e.g. by `teren seed-demo`, instead of a
//! new one per size). Prints medians of several runs; a measurement, not a
//! test.

use app::reports::db;
use app::reports::figures::{BreakdownBy, Filter};
use app::reports::period::DayRange;
use app::reports::plain;
use app::reports::store::{ReportReader, ReportStore};
use chrono::{Datelike, NaiveDate};
use std::time::{Duration, Instant};

const RUNS: usize = 7;

/// The median time of `RUNS` evaluations of an async call, after one run
/// that warms the page cache.
macro_rules! median {
    ($call:expr) => {{
        $call.await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let mut times = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let started = Instant::now();
            $call.await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
            times.push(started.elapsed());
        }
        times.sort();
        times[RUNS / 2]
    }};
}

fn ms(d: Duration) -> String {
    format!("{:>9.2} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let sizes: Vec<u64> = std::env::var("TEREN_BENCH_SIZES")
        .unwrap_or_else(|_| "100000,1000000".into())
        .split(',')
        .map(|s| s.trim().parse())
        .collect::<Result<_, _>>()?;
    let until = NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    let year = DayRange::custom(
        NaiveDate::from_ymd_opt(2025, 1, 1).expect("date"),
        NaiveDate::from_ymd_opt(2025, 12, 31).expect("date"),
    )
    .expect("range");
    let full_year = Filter {
        range: year,
        locality: None,
        worker_id: None,
        kind: None,
        service_id: None,
    };
    let given = std::env::var("TEREN_BENCH_DB").ok();
    let sizes = if given.is_some() { vec![0] } else { sizes };
    for size in sizes {
        let dir = tempfile::tempdir()?;
        let url = match &given {
            Some(path) => format!("sqlite://{path}"),
            None => format!("sqlite://{}/bench.db", dir.path().display()),
        };
        let pool = server::db::connect(&url).await?;
        if given.is_some() {
            let records: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM records")
                .fetch_one(pool.read())
                .await?;
            println!("\n{records} records in {url}, full year 2025, median of {RUNS}:");
        } else {
            let started = Instant::now();
            let mut options = server::seed::Options::new(size, until);
            if let Some(days) = std::env::var("TEREN_BENCH_DAYS")
                .ok()
                .and_then(|d| d.parse().ok())
            {
                options.days = days;
            }
            server::seed::seed(&pool, &options).await?;
            println!(
                "\n{size} records (seeded in {:.1} s), full year 2025, median of {RUNS}:",
                started.elapsed().as_secs_f64()
            );
        }
        // The coordinator pages' own connections, as the server uses them.
        let mut conn = pool.reports().acquire().await?;
        let f = &full_year;
        // A crisis-help service's dashboard also counts its people.
        let crisis_help: Option<i64> =
            sqlx::query_scalar("SELECT id FROM services WHERE type = 'crisis_help' LIMIT 1")
                .fetch_optional(&mut *conn)
                .await?;
        let crisis = Filter {
            service_id: crisis_help,
            ..full_year.clone()
        };
        let on_sqlite = steps(&mut conn, f, &crisis).await?;
        let plain_time = median!(plain::figures(&mut conn, f));
        let on_postgres = match std::env::var("TEREN_TEST_POSTGRES") {
            Ok(cluster) if given.is_none() => {
                let (time, store) = import(&cluster, &dir.path().join("bench.db")).await?;
                println!(
                    "  moved to PostgreSQL (teren org import) in {:.1} s",
                    time.as_secs_f64()
                );
                let mut reader = store
                    .report_reader()
                    .await
                    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
                let times = steps(&mut *reader, f, &crisis).await?;
                let here = db::dashboard(&mut *reader, f.clone())
                    .await
                    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
                let there = db::dashboard(&mut conn, f.clone())
                    .await
                    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
                println!(
                    "  PostgreSQL's dashboard equals SQLite's: {}",
                    here == there
                );
                Some(times)
            }
            _ => None,
        };
        println!(
            "  {:<46}{:>12}{:>14}{:>8}",
            "", "SQLite", "PostgreSQL", "PG/SQL"
        );
        for (i, (name, time)) in on_sqlite.iter().enumerate() {
            match &on_postgres {
                Some(pg) => println!(
                    "  {name:<46}{}{}{:>8.2}",
                    ms(*time),
                    ms(pg[i].1),
                    pg[i].1.as_secs_f64() / time.as_secs_f64()
                ),
                None => println!("  {name:<46}{}", ms(*time)),
            }
        }
        println!(
            "  {:<46}{}",
            "plain GROUP BY over records, same figures",
            ms(plain_time)
        );
        let fast = db::dashboard(&mut conn, f.clone())
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let slow = plain::figures(&mut conn, f)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        println!(
            "  figures agree: {} ({} contacts, {} unique clients)",
            fast.figures == slow,
            fast.figures.contacts,
            fast.figures.unique_clients
        );
    }
    Ok(())
}

/// The store's reads, each timed on `reader`.
async fn steps(
    reader: &mut dyn ReportReader,
    f: &Filter,
    crisis: &Filter,
) -> anyhow::Result<Vec<(&'static str, Duration)>> {
    Ok(vec![
        (
            "tallies (additive figures, by month)",
            median!(db::tallies(reader, f)),
        ),
        (
            "unique clients by target group",
            median!(db::clients_by_group(reader, f, f.range.to.year())),
        ),
        (
            "eviction cases within 48 h",
            median!(db::evictions(reader, f)),
        ),
        (
            "whole dashboard (all of the above + charts)",
            median!(db::dashboard(reader, f.clone())),
        ),
        (
            "whole dashboard of a crisis-help service",
            median!(db::dashboard(reader, crisis.clone())),
        ),
        ("annual report", median!(db::annual(reader, 2025, None))),
        (
            "breakdown by locality",
            median!(db::breakdown(reader, f, BreakdownBy::Locality)),
        ),
        (
            "breakdown by worker",
            median!(db::breakdown(reader, f, BreakdownBy::Worker)),
        ),
    ])
}

/// The SQLite file moved into a new organisation of the cluster; how long
/// that took.
async fn import(
    cluster: &str,
    file: &std::path::Path,
) -> anyhow::Result<(Duration, teren_postgres::PgStore)> {
    let id = std::process::id();
    let control_url =
        teren_postgres::organisations::database_url(cluster, &format!("bench_control_{id}"))?;
    let control = teren_postgres::organisations::Control::open(&control_url).await?;
    let host = format!("bench-{id}-{}.example", control.list().await?.len());
    let started = Instant::now();
    let (organisation, _) = server::org::import(&control, &host, "Bench", file).await?;
    let time = started.elapsed();
    let store = teren_postgres::PgStore::open(&control.url_of(&organisation)?).await?;
    Ok((time, store))
}
