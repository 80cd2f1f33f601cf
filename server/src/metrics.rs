//! Prometheus metrics: every answer counted by route group, status class
//! and latency, and `/metrics` on a listener of its own, off unless
//! `TEREN_METRICS_ADDR` is set. Never on the app's port: the counts are
//! the operator's, not the internet's.

use app::admin::store::{Counts, StatusStore};
use app::metrics::{Gauges, Metrics, Route};
use app::sync::queue::SyncQueue;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::sync::Arc;
use std::time::Instant;

/// Counts each request once its answer is ready.
pub async fn count(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route = Route::of(request.uri().path());
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.request(route, response.status().as_u16(), started.elapsed());
    response
}

#[derive(Clone)]
struct Scrape {
    metrics: Arc<Metrics>,
    /// The organisation's store; on a host of many organisations none, and
    /// the database gauges read zero.
    db: Option<Arc<dyn StatusStore>>,
    queue: Arc<SyncQueue>,
    operations: app::admin::status::Operations,
}

/// The metrics listener's router.
pub fn router(
    metrics: Arc<Metrics>,
    db: Option<Arc<dyn StatusStore>>,
    queue: Arc<SyncQueue>,
    operations: app::admin::status::Operations,
) -> Router {
    Router::new()
        .route("/metrics", get(scrape))
        .with_state(Scrape {
            metrics,
            db,
            queue,
            operations,
        })
}

async fn scrape(State(scrape): State<Scrape>) -> Response {
    match gauges(&scrape).await {
        Ok(gauges) => (
            [(
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            )],
            scrape.metrics.render(env!("CARGO_PKG_VERSION"), &gauges),
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "metrics: the database did not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
    }
}

async fn gauges(scrape: &Scrape) -> Result<Gauges, app::error::AppError> {
    let counts = match &scrape.db {
        Some(db) => db.counts(chrono::Utc::now()).await?,
        None => Counts::default(),
    };
    Ok(Gauges {
        records: counts.records,
        database_bytes: i64::try_from(scrape.operations.database_bytes()).unwrap_or(i64::MAX),
        devices: counts.devices,
        stale_devices: counts.stale_devices,
        sync_waiting: scrape.queue.waiting(),
        last_backup: counts.last_backup,
    })
}
