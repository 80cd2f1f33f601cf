//! Putting the server together.

use crate::config::Config;
use crate::db::{self, DbError};
use crate::health::healthz;
use crate::service_worker::ServiceWorker;
use app::auth::session::resolve_user;
use app::auth::throttle::LoginThrottle;
use app::shell::{shell, App};
use axum::{extract::FromRef, middleware, routing::get, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sqlx::SqlitePool;
use std::path::Path;
use std::sync::Arc;
use tower_http::{compression::CompressionLayer, trace::TraceLayer};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::SqliteStore;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "teren_session";

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
    #[error("DATABASE_URL: cannot prepare the session table: {0}")]
    Sessions(sqlx::Error),
}

/// Opens the database and builds the whole router. `main` serves it; tests
/// drive it directly.
pub async fn build_app(config: &Config) -> Result<Router, StartupError> {
    let pool = db::connect(&config.database_url).await?;
    let mut leptos_options = get_configuration(None)
        .map_err(|error| StartupError::Leptos(error.to_string()))?
        .leptos_options;
    leptos_options.site_addr = config.addr;
    let sessions = session_store(&pool).await?;
    Ok(router(config, leptos_options, pool, sessions))
}

/// The session table lives in the app's database; the store creates it.
pub async fn session_store(pool: &SqlitePool) -> Result<SqliteStore, StartupError> {
    let store = SqliteStore::new(pool.clone())
        .with_table_name("sessions")
        .expect("a constant, valid table name");
    store.migrate().await.map_err(StartupError::Sessions)?;
    Ok(store)
}

/// The router around an already open database.
pub fn router(
    config: &Config,
    leptos_options: LeptosOptions,
    pool: SqlitePool,
    sessions: SqliteStore,
) -> Router {
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
    let throttle = Arc::new(LoginThrottle::default());
    let context = {
        let pool = state.pool.clone();
        move || {
            provide_context(pool.clone());
            provide_context(throttle.clone());
        }
    };

    // Rolling: every use moves the expiry forward, so a phone used daily stays
    // logged in through a week offline.
    let session_layer = SessionManagerLayer::new(sessions)
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::days(
            config.session_days.into(),
        )));

    Router::new()
        .route("/healthz", get(healthz))
        .route("/export/{file}", get(app::reports::export::download))
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
        .layer(middleware::from_fn_with_state(state.pool.clone(), resolve_user))
        .layer(session_layer)
        .layer(middleware::from_fn(crate::csrf::same_origin_only))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
