//! What an umbrella's protection costs: members send their years as they
//! are, with the counts their own files hide marked withheld, and the
//! umbrella's national, regional and per-type tables are summed and
//! protected by linear programming. Times the tables at 10, 100 and 300
//! members beside the same sums with nothing withheld (the adding up
//! alone, the floor), and counts what is published and hidden.
//!
//! The members' years come from a dozen seeded organisations of different
//! sizes (each a real year through the real reports and their own
//! protection), each sent by many members under their own services'
//! registry identifiers and regions.
//!
//! Run: `cargo bench -p server --bench umbrella` (set
//! `TEREN_BENCH_MEMBERS=10,100,300` and `TEREN_BENCH_RUNS=3`). Prints medians and the process's
//! peak memory; a measurement, not a test.

use app::exchange::download::{self, Figures};
use app::exchange::national;
use app::exchange::store::{Member, Received};
use app::exchange::values::{Cell, Group};
use chrono::NaiveDate;
use std::time::{Duration, Instant};

const YEAR: i32 = 2025;
const REGIONS: [&str; 14] = [
    "CZ010", "CZ020", "CZ031", "CZ032", "CZ041", "CZ042", "CZ051", "CZ052", "CZ053", "CZ063",
    "CZ064", "CZ071", "CZ072", "CZ080",
];

fn ms(d: Duration) -> String {
    format!("{:>10.1} ms", d.as_secs_f64() * 1000.0)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The process's peak resident memory, in MB.
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

async fn year_of(seed: u64, records: u64, clients: u32) -> anyhow::Result<Vec<Group>> {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}/member.db", dir.path().display());
    let db = server::db::connect(&url).await?;
    let mut options = server::seed::Options::new(
        records,
        NaiveDate::from_ymd_opt(YEAR, 12, 30).expect("date"),
    );
    options.days = 360;
    options.clients = clients;
    options.workers = 4;
    options.seed = seed;
    server::seed::seed(&db, &options).await?;
    sqlx::query("UPDATE services SET registry_id = CAST(id AS TEXT)")
        .execute(db.write())
        .await?;
    let store: std::sync::Arc<dyn app::store::Store> = std::sync::Arc::new(db.clone());
    let mut reader = store
        .report_reader()
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    download::groups(&mut *reader, YEAR, None, Figures::Withheld)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let runs: usize = std::env::var("TEREN_BENCH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3)
        .max(1);
    let sizes: Vec<usize> = std::env::var("TEREN_BENCH_MEMBERS")
        .unwrap_or_else(|_| "10,100,300".into())
        .split(',')
        .map(|n| Ok(n.trim().parse()?))
        .collect::<anyhow::Result<_>>()?;
    // From a contact centre of 40 clients to an organisation of 400.
    let mut years = Vec::new();
    for (seed, (records, clients)) in [
        (300, 40),
        (600, 60),
        (900, 90),
        (1_200, 120),
        (1_500, 150),
        (2_000, 200),
        (2_500, 250),
        (3_000, 300),
        (4_000, 400),
        (500, 50),
        (800, 80),
        (1_000, 100),
    ]
    .into_iter()
    .enumerate()
    {
        years.push(year_of(100 + seed as u64, records, clients).await?);
    }
    println!(
        "{:>7} {:>8} {:>9} {:>8} {:>7} {:>7} {:>13} {:>13} {:>6} {:>8}",
        "members",
        "services",
        "published",
        "withheld",
        "hidden",
        "beyond",
        "sums alone",
        "protected",
        "ratio",
        "peak MB"
    );
    for n in sizes {
        let members: Vec<Member> = (0..n)
            .map(|i| Member {
                code: format!("M{i}"),
                name: format!("Member {i}"),
                region: REGIONS[i % REGIONS.len()].to_owned(),
            })
            .collect();
        let received: Vec<Received> = (0..n)
            .map(|i| Received {
                member: format!("M{i}"),
                year: YEAR,
                message: format!("m{i}"),
                exported: String::new(),
                received_at: String::new(),
                suppressed: false,
                groups: years[i % years.len()]
                    .iter()
                    .map(|g| Group {
                        org_unit: format!("{i}-{}", g.org_unit),
                        ..g.clone()
                    })
                    .collect(),
            })
            .collect();
        // The floor: the same sums with every count public.
        let public: Vec<Received> = received
            .iter()
            .map(|r| Received {
                groups: r
                    .groups
                    .iter()
                    .map(|g| Group {
                        values: g
                            .values
                            .iter()
                            .map(|v| app::exchange::values::Value {
                                cell: Cell::Count(v.cell.min()),
                                ..v.clone()
                            })
                            .collect(),
                        ..g.clone()
                    })
                    .collect(),
                ..r.clone()
            })
            .collect();
        let services: usize = received
            .iter()
            .map(|r| {
                let mut units: Vec<&str> = r.groups.iter().map(|g| g.org_unit.as_str()).collect();
                units.sort_unstable();
                units.dedup();
                units.len()
            })
            .sum();
        let withheld = received
            .iter()
            .flat_map(|r| &r.groups)
            .flat_map(|g| &g.values)
            .filter(|v| matches!(v.cell, Cell::Withheld(_)))
            .count();
        let (mut floor, mut protected) = (Vec::new(), Vec::new());
        let (mut tables, mut truth) = (None, None);
        for _ in 0..runs {
            let started = Instant::now();
            truth = Some(national::tables(YEAR, &members, &public));
            floor.push(started.elapsed());
            let started = Instant::now();
            tables = Some(national::tables(YEAR, &members, &received));
            protected.push(started.elapsed());
        }
        let (Some(tables), Some(truth)) = (tables, truth) else {
            continue;
        };
        let cells: Vec<&national::Shown> = tables.cells.iter().flatten().collect();
        let hidden = cells
            .iter()
            .filter(|c| !matches!(c, national::Shown::Count(_)))
            .count();
        // Hidden beyond the small counts of people (what the floor, with
        // nothing withheld, hides): the protection's cost in figures.
        let small = tables
            .cells
            .iter()
            .flatten()
            .zip(truth.cells.iter().flatten())
            .filter(|(shown, floor)| {
                !matches!(shown, national::Shown::Count(_))
                    && !matches!(floor, national::Shown::Count(_))
            })
            .count();
        let (floor, protected) = (median(floor), median(protected));
        println!(
            "{n:>7} {services:>8} {:>9} {withheld:>8} {hidden:>7} {:>7} {} {} {:>5.1}× {:>8.0}",
            cells.len(),
            hidden - small,
            ms(floor),
            ms(protected),
            protected.as_secs_f64() / floor.as_secs_f64().max(1e-9),
            peak_mb(),
        );
    }
    Ok(())
}
