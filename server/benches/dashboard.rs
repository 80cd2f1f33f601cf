//! How fast the coordinator's figures are at scale: builds a database of
//! 100,000 and one of 1,000,000 synthetic records (`teren seed-demo`'s
//! generator: 40 workers, 4,000 client codes, three years), then times each
//! query of the full-year dashboard, the whole dashboard, the breakdowns and
//! the annual report — beside the same figures computed by plain `GROUP BY`
//! over the records table.
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
        let rows = [
            (
                "tallies (additive figures, by month)",
                median!(db::tallies(&mut conn, f)),
            ),
            (
                "unique clients by target group",
                median!(db::clients_by_group(&mut conn, f, f.range.to.year())),
            ),
            (
                "eviction cases within 48 h",
                median!(db::evictions(&mut conn, f)),
            ),
            (
                "whole dashboard (all of the above + charts)",
                median!(db::dashboard(&mut conn, f.clone())),
            ),
            (
                "whole dashboard of a crisis-help service",
                median!(db::dashboard(&mut conn, crisis.clone())),
            ),
            ("annual report", median!(db::annual(&mut conn, 2025, None))),
            (
                "breakdown by locality",
                median!(db::breakdown(&mut conn, f, BreakdownBy::Locality)),
            ),
            (
                "breakdown by worker",
                median!(db::breakdown(&mut conn, f, BreakdownBy::Worker)),
            ),
            (
                "plain GROUP BY over records, same figures",
                median!(plain::figures(&mut conn, f)),
            ),
        ];
        for (name, time) in rows {
            println!("  {name:<46}{}", ms(time));
        }
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
