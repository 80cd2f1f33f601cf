//! Prometheus metrics: every answer counted by route group, status class
//! and latency, and `/metrics` on a listener of its own, off unless
//! `TEREN_METRICS_ADDR` is set. Never on the app's port: the counts are
//! the operator's, not the internet's.

use app::admin::store::StatusStore;
use app::metrics::{Gauged, Gauges, Metrics, Route};
use app::sync::queue::SyncQueue;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::future::Future;
use std::pin::Pin;
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

/// One database a scrape reads gauges from, with what is known of it
/// outside the database.
#[derive(Clone)]
pub struct Source {
    /// The organisation's host name, on a host of many.
    pub organisation: Option<String>,
    pub store: Arc<dyn StatusStore>,
    pub queue: Arc<SyncQueue>,
    pub operations: app::admin::status::Operations,
}

/// Where a scrape finds its databases: the one a SQLite server has, or the
/// organisations a host serves now.
pub trait Sources: Send + Sync + 'static {
    fn sources(&self) -> Pin<Box<dyn Future<Output = Vec<Source>> + Send + '_>>;
}

impl Sources for Source {
    fn sources(&self) -> Pin<Box<dyn Future<Output = Vec<Source>> + Send + '_>> {
        Box::pin(async move { vec![self.clone()] })
    }
}

#[derive(Clone)]
struct Scrape {
    metrics: Arc<Metrics>,
    sources: Arc<dyn Sources>,
}

/// The metrics listener's router.
pub fn router(metrics: Arc<Metrics>, sources: Arc<dyn Sources>) -> Router {
    Router::new()
        .route("/metrics", get(scrape))
        .with_state(Scrape { metrics, sources })
}

async fn scrape(State(scrape): State<Scrape>) -> Response {
    let mut all = Vec::new();
    for source in scrape.sources.sources().await {
        match gauges(&source).await {
            Ok(gauges) => all.push(Gauged {
                organisation: source.organisation.clone(),
                gauges,
            }),
            // One organisation's database down leaves the others' figures
            // to be read; a server's only database down is the scrape's
            // failure.
            Err(error) => match &source.organisation {
                Some(host) => {
                    tracing::error!(%error, host, "metrics: an organisation's database did not answer");
                }
                None => {
                    tracing::error!(%error, "metrics: the database did not answer");
                    return (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n")
                        .into_response();
                }
            },
        }
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        scrape.metrics.render(env!("CARGO_PKG_VERSION"), &all),
    )
        .into_response()
}

async fn gauges(source: &Source) -> Result<Gauges, app::error::AppError> {
    let counts = source.store.counts(chrono::Utc::now()).await?;
    Ok(Gauges {
        records: counts.records,
        database_bytes: i64::try_from(
            counts
                .database_bytes
                .unwrap_or_else(|| source.operations.database_bytes()),
        )
        .unwrap_or(i64::MAX),
        devices: counts.devices,
        stale_devices: counts.stale_devices,
        sync_waiting: source.queue.waiting(),
        last_backup: counts.last_backup,
    })
}
