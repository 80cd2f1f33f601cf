//! What the year's disclosure control costs: seeds organisations of a year
//! (small services with few clients, up to a busy one with thousands),
//! then times the year's reports of the organisation and every service
//! (the queries every yearly file needs anyway) beside the protection that
//! decides their hidden cells over all of them (`disclosure::linked` and
//! the linear-programming audit), and counts what it hides: the small
//! counts, and the partners hidden beyond them.
//!
//! Run: `cargo bench -p server --bench disclosure` (set
//! `TEREN_BENCH_SIZES=900:90,20000:700` for records:clients). Prints
//! medians; a measurement, not a test.

use app::reports::audit;
use app::reports::disclosure;
use chrono::NaiveDate;
use std::time::{Duration, Instant};

const RUNS: usize = 5;

fn ms(d: Duration) -> String {
    format!("{:>9.1} ms", d.as_secs_f64() * 1000.0)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let sizes: Vec<(u64, u32)> = std::env::var("TEREN_BENCH_SIZES")
        .unwrap_or_else(|_| "900:90,6000:700,40000:4000".into())
        .split(',')
        .map(|pair| {
            let (records, clients) = pair.split_once(':').unwrap_or((pair, "700"));
            Ok((records.trim().parse()?, clients.trim().parse()?))
        })
        .collect::<anyhow::Result<_>>()?;
    println!(
        "{:>8} {:>8} {:>6} {:>7} {:>7} {:>9} {:>12} {:>12}",
        "records", "clients", "cells", "hidden", "small", "partners", "reports", "protection"
    );
    for (records, clients) in sizes {
        let dir = tempfile::tempdir()?;
        let url = format!("sqlite://{}/bench.db", dir.path().display());
        let db = server::db::connect(&url).await?;
        let mut options = server::seed::Options::new(
            records,
            NaiveDate::from_ymd_opt(2025, 12, 30).expect("date"),
        );
        options.days = 360;
        options.clients = clients;
        options.workers = 6;
        server::seed::seed(&db, &options).await?;
        let store: std::sync::Arc<dyn app::store::Store> = std::sync::Arc::new(db.clone());
        let mut reader = store
            .report_reader()
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;

        let mut report_times = Vec::new();
        let mut reports = Vec::new();
        for _ in 0..RUNS {
            let started = Instant::now();
            reports = disclosure::year_reports_as(&mut *reader, 2025, false)
                .await
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            report_times.push(started.elapsed());
        }
        let mut protect_times = Vec::new();
        let mut outcome = None;
        let mut set = None;
        for _ in 0..RUNS {
            let started = Instant::now();
            let linked = disclosure::linked(&reports);
            let protection = audit::protect(&linked.cells, &linked.relations);
            protect_times.push(started.elapsed());
            outcome = Some(protection);
            set = Some(linked);
        }
        let (Some(outcome), Some(set)) = (outcome, set) else {
            continue;
        };
        let hidden = outcome.hidden.iter().filter(|h| **h).count();
        let small = set
            .cells
            .iter()
            .zip(&outcome.hidden)
            .filter(|(c, h)| **h && c.primary)
            .count();
        println!(
            "{records:>8} {clients:>8} {:>6} {hidden:>7} {small:>7} {:>9} {} {}",
            set.cells.len(),
            hidden - small,
            ms(median(report_times)),
            ms(median(protect_times)),
        );
    }
    Ok(())
}
