//! Counters for the operator's monitoring, rendered in Prometheus' text
//! format by the server's metrics listener (off unless configured).
//!
//! Plain atomics with a fixed set of labels: counting must cost a request
//! nothing measurable, and labels taken from paths or usernames would let
//! anyone grow the scrape without bound.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

/// What a request was for, as far as monitoring cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Page,
    Sync,
    Api,
    Asset,
    Export,
    Health,
}

impl Route {
    const ALL: [Route; 6] = [
        Route::Page,
        Route::Sync,
        Route::Api,
        Route::Asset,
        Route::Export,
        Route::Health,
    ];

    pub fn of(path: &str) -> Route {
        if path == "/api/sync" {
            Route::Sync
        } else if path.starts_with("/api/") {
            Route::Api
        } else if path.starts_with("/export/") {
            Route::Export
        } else if path == "/healthz" {
            Route::Health
        } else if path.starts_with("/pkg/")
            || path == "/sw.js"
            || path
                .rsplit('/')
                .next()
                .is_some_and(|last| last.contains('.'))
        {
            Route::Asset
        } else {
            Route::Page
        }
    }

    fn label(self) -> &'static str {
        match self {
            Route::Page => "page",
            Route::Sync => "sync",
            Route::Api => "api",
            Route::Asset => "asset",
            Route::Export => "export",
            Route::Health => "health",
        }
    }
}

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];
const ROUTES: usize = Route::ALL.len();
/// 1xx to 5xx.
const CLASSES: usize = 5;

#[derive(Default)]
struct Latency {
    /// Per bucket, not cumulative; the last counts what exceeds them all.
    buckets: [AtomicU64; BUCKETS.len() + 1],
    micros: AtomicU64,
}

/// Everything counted since the server started.
#[derive(Default)]
pub struct Metrics {
    requests: [[AtomicU64; CLASSES]; ROUTES],
    latency: [Latency; ROUTES],
    sync_batches: AtomicU64,
    /// Accepted, duplicate, rejected.
    sync_records: [AtomicU64; 3],
    backups: AtomicU64,
    backup_failures: AtomicU64,
}

/// Figures read from the database when scraped.
#[derive(Debug, Clone, Default)]
pub struct Gauges {
    pub records: i64,
    pub database_bytes: i64,
    pub devices: i64,
    pub stale_devices: i64,
    pub sync_waiting: usize,
    /// Unix seconds of the last good backup, if any.
    pub last_backup: Option<i64>,
}

impl Metrics {
    pub fn request(&self, route: Route, status: u16, took: Duration) {
        let route_index = route as usize;
        let class = usize::from(status / 100).clamp(1, CLASSES) - 1;
        self.requests[route_index][class].fetch_add(1, Relaxed);
        let latency = &self.latency[route_index];
        let seconds = took.as_secs_f64();
        let bucket = BUCKETS
            .iter()
            .position(|bound| seconds <= *bound)
            .unwrap_or(BUCKETS.len());
        latency.buckets[bucket].fetch_add(1, Relaxed);
        let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        latency.micros.fetch_add(micros, Relaxed);
    }

    /// One answered sync batch and what became of its records.
    pub fn sync(&self, accepted: usize, duplicates: usize, rejected: usize) {
        self.sync_batches.fetch_add(1, Relaxed);
        for (counter, n) in self
            .sync_records
            .iter()
            .zip([accepted, duplicates, rejected])
        {
            counter.fetch_add(n as u64, Relaxed);
        }
    }

    pub fn backup(&self, ok: bool) {
        if ok {
            self.backups.fetch_add(1, Relaxed);
        } else {
            self.backup_failures.fetch_add(1, Relaxed);
        }
    }

    /// The text a Prometheus scrape reads: the counters, and the gauges of
    /// each database served.
    pub fn render(&self, version: &str, gauges: &[Gauged]) -> String {
        let mut out = String::with_capacity(8 * 1024);
        family(
            &mut out,
            "teren_build_info",
            "gauge",
            "The running version.",
        );
        let _ = writeln!(out, "teren_build_info{{version=\"{version}\"}} 1");

        family(
            &mut out,
            "teren_http_requests_total",
            "counter",
            "Requests answered, by route group and status class.",
        );
        for route in Route::ALL {
            for (class, count) in self.requests[route as usize].iter().enumerate() {
                let _ = writeln!(
                    out,
                    "teren_http_requests_total{{route=\"{}\",status=\"{}xx\"}} {}",
                    route.label(),
                    class + 1,
                    count.load(Relaxed)
                );
            }
        }
        family(
            &mut out,
            "teren_http_errors_total",
            "counter",
            "Requests the server failed (5xx), by route group.",
        );
        for route in Route::ALL {
            let _ = writeln!(
                out,
                "teren_http_errors_total{{route=\"{}\"}} {}",
                route.label(),
                self.requests[route as usize][4].load(Relaxed)
            );
        }
        family(
            &mut out,
            "teren_http_request_duration_seconds",
            "histogram",
            "Time to answer a request, by route group.",
        );
        for route in Route::ALL {
            let latency = &self.latency[route as usize];
            let mut cumulative = 0;
            for (index, count) in latency.buckets.iter().enumerate() {
                cumulative += count.load(Relaxed);
                let bound = BUCKETS
                    .get(index)
                    .map_or_else(|| "+Inf".to_owned(), |b| b.to_string());
                let _ = writeln!(
                    out,
                    "teren_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{bound}\"}} {cumulative}",
                    route.label()
                );
            }
            let _ = writeln!(
                out,
                "teren_http_request_duration_seconds_sum{{route=\"{}\"}} {}",
                route.label(),
                latency.micros.load(Relaxed) as f64 / 1e6
            );
            let _ = writeln!(
                out,
                "teren_http_request_duration_seconds_count{{route=\"{}\"}} {cumulative}",
                route.label()
            );
        }

        family(
            &mut out,
            "teren_sync_batches_total",
            "counter",
            "Sync batches answered.",
        );
        let _ = writeln!(
            out,
            "teren_sync_batches_total {}",
            self.sync_batches.load(Relaxed)
        );
        family(
            &mut out,
            "teren_sync_records_total",
            "counter",
            "Synced records, by outcome.",
        );
        for (outcome, count) in ["accepted", "duplicate", "rejected"]
            .iter()
            .zip(&self.sync_records)
        {
            let _ = writeln!(
                out,
                "teren_sync_records_total{{outcome=\"{outcome}\"}} {}",
                count.load(Relaxed)
            );
        }
        family(
            &mut out,
            "teren_backups_total",
            "counter",
            "Backups written and checked by this server process.",
        );
        let _ = writeln!(out, "teren_backups_total {}", self.backups.load(Relaxed));
        family(
            &mut out,
            "teren_backup_failures_total",
            "counter",
            "Backups this server process failed to write or check.",
        );
        let _ = writeln!(
            out,
            "teren_backup_failures_total {}",
            self.backup_failures.load(Relaxed)
        );
        render_gauges(&mut out, gauges);
        out
    }
}

/// A database's gauges, and the host name of its organisation when the
/// server serves many.
#[derive(Debug, Clone, Default)]
pub struct Gauged {
    pub organisation: Option<String>,
    pub gauges: Gauges,
}

impl From<Gauges> for Gauged {
    fn from(gauges: Gauges) -> Self {
        Gauged {
            organisation: None,
            gauges,
        }
    }
}

/// `{organisation="…",more}`, or `{more}`, or nothing.
fn labels(organisation: Option<&str>, more: &str) -> String {
    let mut all: Vec<String> = organisation
        .map(|host| format!("organisation=\"{}\"", host.replace(['\\', '"', '\n'], "_")))
        .into_iter()
        .collect();
    if !more.is_empty() {
        all.push(more.to_owned());
    }
    if all.is_empty() {
        String::new()
    } else {
        format!("{{{}}}", all.join(","))
    }
}

fn render_gauges(out: &mut String, all: &[Gauged]) {
    let each =
        |out: &mut String, name: &str, more: &str, value: &dyn Fn(&Gauges) -> Option<i64>| {
            for gauged in all {
                if let Some(value) = value(&gauged.gauges) {
                    let labels = labels(gauged.organisation.as_deref(), more);
                    let _ = writeln!(out, "{name}{labels} {value}");
                }
            }
        };
    family(
        out,
        "teren_sync_waiting",
        "gauge",
        "Sync batches waiting for the database writer now.",
    );
    each(out, "teren_sync_waiting", "", &|g| {
        Some(i64::try_from(g.sync_waiting).unwrap_or(i64::MAX))
    });
    if all.iter().any(|g| g.gauges.last_backup.is_some()) {
        family(
            out,
            "teren_last_backup_timestamp_seconds",
            "gauge",
            "When the last good backup was written (by command or schedule).",
        );
        each(out, "teren_last_backup_timestamp_seconds", "", &|g| {
            g.last_backup
        });
    }
    family(out, "teren_records", "gauge", "Records stored.");
    each(out, "teren_records", "", &|g| Some(g.records));
    family(
        out,
        "teren_database_bytes",
        "gauge",
        "Size of the database, write-ahead log included.",
    );
    each(out, "teren_database_bytes", "", &|g| Some(g.database_bytes));
    family(
        out,
        "teren_devices",
        "gauge",
        "Phones that have synced, and those silent for more than 3 days.",
    );
    each(out, "teren_devices", "state=\"recent\"", &|g| {
        Some(g.devices - g.stale_devices)
    });
    each(out, "teren_devices", "state=\"stale\"", &|g| {
        Some(g.stale_devices)
    });
}

fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line<'a>(text: &'a str, prefix: &str) -> &'a str {
        text.lines()
            .find(|line| line.starts_with(prefix))
            .unwrap_or_else(|| panic!("no line {prefix} in\n{text}"))
    }

    #[test]
    fn paths_fall_into_a_fixed_set_of_routes() {
        assert_eq!(Route::of("/api/sync"), Route::Sync);
        assert_eq!(Route::of("/api/login"), Route::Api);
        assert_eq!(Route::of("/pkg/app.3f2a.wasm"), Route::Asset);
        assert_eq!(Route::of("/sw.js"), Route::Asset);
        assert_eq!(Route::of("/favicon.ico"), Route::Asset);
        assert_eq!(Route::of("/export/zaznamy.csv"), Route::Export);
        assert_eq!(Route::of("/healthz"), Route::Health);
        assert_eq!(Route::of("/prehled/vykaz"), Route::Page);
        assert_eq!(Route::of("/some/unknown/path"), Route::Page);
    }

    #[test]
    fn requests_land_in_their_class_and_bucket() {
        let metrics = Metrics::default();
        metrics.request(Route::Page, 200, Duration::from_millis(3));
        metrics.request(Route::Page, 404, Duration::from_millis(30));
        metrics.request(Route::Sync, 500, Duration::from_secs(20));
        let text = metrics.render("1.2.3", &[Gauges::default().into()]);
        assert!(text.contains("teren_build_info{version=\"1.2.3\"} 1"));
        assert_eq!(
            line(
                &text,
                "teren_http_requests_total{route=\"page\",status=\"2xx\"}"
            ),
            "teren_http_requests_total{route=\"page\",status=\"2xx\"} 1"
        );
        assert!(text.contains("teren_http_requests_total{route=\"page\",status=\"4xx\"} 1"));
        assert!(text.contains("teren_http_errors_total{route=\"sync\"} 1"));
        assert!(text.contains("teren_http_errors_total{route=\"page\"} 0"));
        // Cumulative: 3 ms is under 5 ms, 30 ms under 50 ms; 20 s only +Inf.
        assert!(text
            .contains("teren_http_request_duration_seconds_bucket{route=\"page\",le=\"0.005\"} 1"));
        assert!(text
            .contains("teren_http_request_duration_seconds_bucket{route=\"page\",le=\"0.025\"} 1"));
        assert!(text
            .contains("teren_http_request_duration_seconds_bucket{route=\"page\",le=\"0.05\"} 2"));
        assert!(
            text.contains("teren_http_request_duration_seconds_bucket{route=\"sync\",le=\"10\"} 0")
        );
        assert!(text
            .contains("teren_http_request_duration_seconds_bucket{route=\"sync\",le=\"+Inf\"} 1"));
        assert!(text.contains("teren_http_request_duration_seconds_count{route=\"page\"} 2"));
        assert!(text.contains("teren_http_request_duration_seconds_sum{route=\"page\"} 0.033"));
    }

    #[test]
    fn sync_backups_and_gauges_are_rendered() {
        let metrics = Metrics::default();
        metrics.sync(3, 1, 2);
        metrics.sync(1, 0, 0);
        metrics.backup(true);
        metrics.backup(false);
        metrics.backup(false);
        let gauges = Gauges {
            records: 42,
            database_bytes: 4096,
            devices: 5,
            stale_devices: 2,
            sync_waiting: 1,
            last_backup: Some(1_790_000_000),
        };
        let text = metrics.render("0.1.0", &[gauges.into()]);
        for expected in [
            "teren_sync_batches_total 2",
            "teren_sync_records_total{outcome=\"accepted\"} 4",
            "teren_sync_records_total{outcome=\"duplicate\"} 1",
            "teren_sync_records_total{outcome=\"rejected\"} 2",
            "teren_backups_total 1",
            "teren_backup_failures_total 2",
            "teren_last_backup_timestamp_seconds 1790000000",
            "teren_records 42",
            "teren_database_bytes 4096",
            "teren_devices{state=\"recent\"} 3",
            "teren_devices{state=\"stale\"} 2",
            "teren_sync_waiting 1",
        ] {
            assert!(text.lines().any(|l| l == expected), "{expected} in\n{text}");
        }
        // Every sample belongs to a family declared before it.
        let mut declared = Vec::new();
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("# TYPE ") {
                declared.push(rest.split(' ').next().unwrap().to_owned());
            } else if !line.starts_with('#') {
                let name = line.split(['{', ' ']).next().unwrap();
                assert!(
                    declared
                        .iter()
                        .any(|family| name.starts_with(family.as_str())),
                    "{name} undeclared"
                );
            }
        }
    }
}
