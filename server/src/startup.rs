//! Putting the server together.

use crate::config::Config;
use crate::db::{self, DbError};
use crate::health::healthz;
use crate::service_worker::ServiceWorker;
use app::shell::{shell, App};
use axum::{extract::FromRef, routing::get, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sqlx::SqlitePool;
use std::path::Path;
use std::sync::Arc;
use tower_http::{compression::CompressionLayer, trace::TraceLayer};

/// Everything a request handler may need. Cloned per request: keep it cheap.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: SqlitePool,
    pub service_worker: Arc<ServiceWorker>,
}

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Database(#[from] DbError),
    #[error("invalid LEPTOS_* setting: {0}")]
    Leptos(String),
}

/// Opens the database and builds the whole router. `main` serves it; tests
/// drive it directly.
pub async fn build_app(config: &Config) -> Result<Router, StartupError> {
    let pool = db::connect(&config.database_url).await?;
    let mut leptos_options = get_configuration(None)
        .map_err(|error| StartupError::Leptos(error.to_string()))?
        .leptos_options;
    leptos_options.site_addr = config.addr;
    Ok(router(leptos_options, pool))
}

/// The router around an already open database.
pub fn router(leptos_options: LeptosOptions, pool: SqlitePool) -> Router {
    let routes = generate_route_list(App);
    let pages: Vec<String> = routes
        .iter()
        .map(|route| route.path().to_string())
        .filter(|path| !path.contains([':', '*']))
        .collect();
    let service_worker = Arc::new(ServiceWorker::build(
        Path::new(&*leptos_options.site_root),
        &leptos_options.site_pkg_dir,
        &pages,
    ));
    tracing::info!(version = %service_worker.version, "app shell for offline use");

    let state = AppState {
        leptos_options,
        pool,
        service_worker,
    };

    // Pages, server functions and the not-found page all see the same context.
    let context = {
        let pool = state.pool.clone();
        move || provide_context(pool.clone())
    };

    Router::new()
        .route("/healthz", get(healthz))
        .route(
            "/sw.js",
            get(|axum::extract::State(worker): axum::extract::State<Arc<ServiceWorker>>| async move {
                worker.response()
            }),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            context.clone(),
            {
                let options = state.leptos_options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
