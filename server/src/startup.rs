//! Putting the server together.

use crate::config::Config;
use crate::db::{self, DbError};
use crate::health::healthz;
use crate::service_worker::ServiceWorker;
use app::admin::status::{Operations, Schedule};
use app::admin::store::StatusStore;
use app::auth::session::resolve_user;
use app::auth::setup_code::SetupCode;
use app::auth::store::AccountStore;
use app::auth::throttle::LoginThrottle;
use app::db::Db;
use app::exchange::send::Link;
use app::exchange::store::ExchangeStore;
use app::metrics::Metrics;
use app::reports::api::Dashboards;
use app::reports::store::ReportStore;
use app::shell::{shell, App};
use app::store::Store;
use app::sync::queue::SyncQueue;
use axum::{extract::FromRef, middleware, routing::get, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sqlx::sqlite::SqliteConnectOptions;
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use tower_http::{compression::CompressionLayer, trace::TraceLayer};
use tower_sessions::cookie::SameSite;
use tower_sessions::session::{Id, Record};
use tower_sessions::{session_store, Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::SqliteStore;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "teren_session";

/// Everything a request handler may need. Cloned per request: keep it cheap.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Arc<dyn Store>,
    pub reports: Arc<dyn ReportStore>,
    pub status: Arc<dyn StatusStore>,
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
    #[error("DATABASE_URL: cannot read the accounts")]
    Accounts,
    #[error("DATABASE_URL: {0}")]
    Organisations(String),
}

/// The app's router and what runs beside it.
pub struct Built {
    pub app: Router,
    /// Served on `TEREN_METRICS_ADDR` when set.
    pub metrics: Router,
    pub pool: Db,
    pub counters: Arc<Metrics>,
    /// The login throttle, to see what it holds.
    pub throttle: Arc<LoginThrottle>,
}

/// Opens the database and builds the whole router. `main` serves it; tests
/// drive it directly.
pub async fn build_app(config: &Config) -> Result<Router, StartupError> {
    Ok(build(config).await?.app)
}

/// [`build_app`], with the metrics router and the database handle.
pub async fn build(config: &Config) -> Result<Built, StartupError> {
    let pool = db::connect(&config.database_url).await?;
    let leptos_options = leptos_options(config)?;
    let sessions = session_store(&pool).await?;
    let setup_code = SetupCode::new(config.setup_code.clone());
    let accounts = app::auth::db::count_users(pool.read())
        .await
        .map_err(|_| StartupError::Accounts)?;
    if accounts == 0 {
        // Printed where only the operator looks: the first-start page asks
        // for it, so nobody else can claim a fresh install.
        tracing::warn!(
            "no account yet: open Terén and create the first admin with the setup code {}",
            setup_code.as_str()
        );
    }
    let counters = Arc::new(Metrics::default());
    let sync_queue = Arc::new(SyncQueue::default());
    let throttle = Arc::new(LoginThrottle::default());
    let operations = operations(config);
    let store: Arc<dyn Store> = Arc::new(pool.clone());
    let metrics = crate::metrics::router(
        counters.clone(),
        Arc::new(crate::metrics::Source {
            organisation: None,
            store: store.clone(),
            queue: sync_queue.clone(),
            operations: operations.clone(),
        }),
    );
    let shell = AppShell::build(&leptos_options);
    let exchange_store: Arc<dyn ExchangeStore> = Arc::new(pool.clone());
    let link = config.umbrella.as_ref().map(|u| Link {
        url: u.url.clone(),
        member: u.member.clone(),
        key: u.key.clone(),
        unsuppressed: u.unsuppressed,
        wake: Arc::default(),
    });
    if let Some(link) = &link {
        crate::umbrella::spawn_courier(exchange_store.clone(), link.clone());
    }
    let app = router(
        config,
        leptos_options,
        store,
        sessions,
        Shared {
            setup_code,
            counters: counters.clone(),
            sync_queue,
            throttle: throttle.clone(),
            operations,
            shell,
            exchange: Some(Exchange {
                store: exchange_store,
                link,
            }),
        },
    );
    Ok(Built {
        app,
        metrics,
        pool,
        counters,
        throttle,
    })
}

/// Leptos's settings, with the address and the built files' names.
pub(crate) fn leptos_options(config: &Config) -> Result<LeptosOptions, StartupError> {
    let mut leptos_options = get_configuration(None)
        .map_err(|error| StartupError::Leptos(error.to_string()))?
        .leptos_options;
    leptos_options.site_addr = config.addr;
    use_hashed_names(&mut leptos_options);
    Ok(leptos_options)
}

/// What the status page tells about the running server.
pub(crate) fn operations(config: &Config) -> Operations {
    let database_file = SqliteConnectOptions::from_str(&config.database_url)
        .ok()
        .map(|options| options.get_filename().to_path_buf())
        .and_then(|file| std::fs::canonicalize(&file).ok().or(Some(file)));
    Operations {
        // Known once the router has hashed the built files.
        build: String::new(),
        database_file,
        postgres_database: None,
        schedule: config.backups.as_ref().map(|schedule| Schedule {
            folder: schedule.folder.display().to_string(),
            every_minutes: u32::try_from(schedule.every.as_secs() / 60).unwrap_or(u32::MAX),
            keep: schedule.keep,
        }),
        metrics_addr: config.metrics_addr.map(|addr| addr.to_string()),
    }
}

/// What every organisation's router serves alike: the app's routes and the
/// service worker naming the built files. Made once: a host of hundreds of
/// organisations reads the built files once, not once for each.
#[derive(Clone)]
pub struct AppShell {
    routes: Vec<leptos_axum::AxumRouteListing>,
    service_worker: Arc<ServiceWorker>,
}

impl AppShell {
    pub fn build(leptos_options: &LeptosOptions) -> AppShell {
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
        AppShell {
            routes,
            service_worker,
        }
    }
}

/// What every request shares beside the database.
pub struct Shared {
    pub shell: AppShell,
    pub setup_code: SetupCode,
    pub counters: Arc<Metrics>,
    pub sync_queue: Arc<SyncQueue>,
    pub throttle: Arc<LoginThrottle>,
    pub operations: Operations,
    /// Sending to an umbrella and being one: on SQLite only, for now.
    pub exchange: Option<Exchange>,
}

/// The exchange's store, and where this organisation sends its figures.
#[derive(Clone)]
pub struct Exchange {
    pub store: Arc<dyn ExchangeStore>,
    pub link: Option<Link>,
}

/// The release build names its files after their content (`hash-files` in
/// Cargo.toml) and lists the names in the site's `hash.txt`
/// (scripts/lib.sh copies it there). Leptos looks for that file beside the
/// binary unless given an absolute path; the site folder is what an
/// operator copies to the server with the binary, so it is looked for there.
/// A build without it (a plain `cargo build`) keeps the plain names.
fn use_hashed_names(options: &mut LeptosOptions) {
    let hashes = Path::new(&*options.site_root).join("hash.txt");
    if let Ok(absolute) = std::fs::canonicalize(&hashes) {
        options.hash_files = true;
        options.hash_file = absolute.to_string_lossy().into();
    }
}

/// The session table lives in the app's database; the store creates it.
pub async fn session_store(pool: &Db) -> Result<SessionStore, StartupError> {
    let store = |pool: &sqlx::SqlitePool| {
        SqliteStore::new(pool.clone())
            .with_table_name("sessions")
            .expect("a constant, valid table name")
    };
    let write = store(pool.write());
    write.migrate().await.map_err(StartupError::Sessions)?;
    Ok(SessionStore {
        read: store(pool.read()),
        write,
    })
}

/// Sessions are read on every request and written rarely (login, logout,
/// an hourly refresh): reads go to the readers, writes queue for the writer
/// like every other write.
#[derive(Debug, Clone)]
pub struct SessionStore {
    read: SqliteStore,
    write: SqliteStore,
}

#[async_trait::async_trait]
impl tower_sessions::SessionStore for SessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        self.write.create(record).await
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.write.save(record).await
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        self.read.load(id).await
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.write.delete(id).await
    }
}

/// The router around an organisation's open store.
pub fn router<S: tower_sessions::SessionStore + Clone>(
    config: &Config,
    leptos_options: LeptosOptions,
    store: Arc<dyn Store>,
    sessions: S,
    shared: Shared,
) -> Router {
    let Shared {
        setup_code,
        counters,
        sync_queue,
        throttle,
        mut operations,
        shell: AppShell {
            routes,
            service_worker,
        },
        exchange,
    } = shared;
    operations.build = service_worker.version.clone();

    let hashed_names = leptos_options.hash_files;
    let state = AppState {
        leptos_options,
        reports: store.clone(),
        status: store.clone(),
        store,
        service_worker,
    };

    let exchange_context = exchange.clone();
    // Pages, server functions and the not-found page all see the same context.
    let dashboards = Arc::new(Dashboards::default());
    let context = {
        let store = state.store.clone();
        let counters = counters.clone();
        move || {
            app::store::provide(&store);
            provide_context(throttle.clone());
            provide_context(sync_queue.clone());
            provide_context(dashboards.clone());
            provide_context(setup_code.clone());
            provide_context(counters.clone());
            provide_context(operations.clone());
            if let Some(exchange) = &exchange_context {
                provide_context(exchange.store.clone());
                if let Some(link) = &exchange.link {
                    provide_context(link.clone());
                }
            }
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

    let accounts: Arc<dyn AccountStore> = state.store.clone();
    let umbrella = match exchange {
        Some(exchange) => Router::new()
            .route(
                app::exchange::send::RECEIVE_PATH,
                axum::routing::post(app::exchange::receive::receive),
            )
            .route(
                "/zastresujici/{file}",
                get(app::exchange::download::national),
            )
            .with_state(exchange.store),
        None => Router::new(),
    };
    Router::new()
        .route("/healthz", get(healthz))
        .route("/export/{file}", get(app::reports::export::download))
        .route("/vymena/{file}", get(app::exchange::download::download))
        .route("/adx/teren.xsd", get(app::exchange::download::xsd))
        .merge(umbrella)
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
        .layer(middleware::from_fn_with_state(accounts, resolve_user))
        .layer(middleware::from_fn_with_state(
            config.trusted_proxy,
            crate::proxy::client_address,
        ))
        .layer(session_layer)
        .layer(middleware::from_fn(crate::requests::checked))
        // The largest any address takes; `requests` holds each to its own.
        .layer(axum::extract::DefaultBodyLimit::max(
            crate::requests::HANDOVER_BODY_MAX,
        ))
        .layer(middleware::from_fn_with_state(
            config.public_origin.as_deref().map(Arc::<str>::from),
            crate::csrf::same_origin_only,
        ))
        .layer(middleware::from_fn_with_state(
            config.secure_cookies,
            crate::headers::secure,
        ))
        .layer(middleware::from_fn_with_state(
            hashed_names,
            crate::headers::built_files,
        ))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(
            counters,
            crate::metrics::count,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
