//! Serving many organisations from one PostgreSQL cluster: each request
//! goes to its organisation by the host name it was sent to, looked up in
//! the control database (`teren org`).
//!
//! Each organisation gets a whole router of its own, made the first time
//! its host is asked for: its store, its sessions (in its own database, so
//! a cookie carried to another organisation's host names no session
//! there), its sync queue, login throttle and shared dashboards. Nothing of
//! one organisation is in reach of a request to another. A host no
//! organisation is served at gets a 404 that says so.

use crate::config::Config;
use crate::metrics::{Source, Sources};
use crate::startup::{router, AppShell, Shared, StartupError};
use app::admin::status::Operations;
use app::auth::setup_code::SetupCode;
use app::auth::throttle::LoginThrottle;
use app::metrics::Metrics;
use app::store::Store;
use app::sync::queue::SyncQueue;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Router;
use leptos::prelude::LeptosOptions;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};
use teren_postgres::organisations::{host_name, Control, OrgError};
use teren_postgres::sessions::PgSessions;
use teren_postgres::PgStore;
use tower::ServiceExt;

/// The organisations of a cluster, each router made on first use.
pub struct Hosts {
    control: Control,
    config: Config,
    leptos_options: LeptosOptions,
    shell: AppShell,
    counters: Arc<Metrics>,
    operations: Operations,
    /// The organisations served now, each made on first use.
    open: tokio::sync::RwLock<HashMap<String, Served>>,
    recheck: Duration,
}

/// An organisation being served.
struct Served {
    router: Router,
    /// When it was last found in the control database.
    checked: Instant,
    /// Where the metrics read its gauges.
    gauges: Source,
}

/// How long a served organisation is taken to be still there.
const RECHECK: Duration = Duration::from_secs(30);

impl Hosts {
    pub async fn open(
        config: &Config,
        leptos_options: LeptosOptions,
        counters: Arc<Metrics>,
        operations: Operations,
    ) -> Result<Hosts, StartupError> {
        let control = Control::open(&config.database_url)
            .await
            .map_err(|error| StartupError::Organisations(error.to_string()))?;
        Ok(Hosts {
            control,
            config: config.clone(),
            shell: AppShell::build(&leptos_options),
            leptos_options,
            counters,
            operations,
            open: tokio::sync::RwLock::new(HashMap::new()),
            recheck: RECHECK,
        })
    }

    /// Says in the log when the organisations, all busy at once, could ask
    /// the cluster for more connections than it takes: past that, requests
    /// wait for a connection and may fail.
    async fn warn_of_connections(&self) {
        let (Ok(organisations), Ok(cluster)) = (
            self.control.list().await,
            self.control.cluster_connections().await,
        ) else {
            return;
        };
        // The control database's own pool, and a few for the operator.
        let wanted = organisations.len() as i64 * i64::from(teren_postgres::CONNECTIONS) + 10;
        if wanted > cluster {
            tracing::warn!(
                organisations = organisations.len(),
                wanted,
                cluster,
                "the organisations may together ask for more connections than the cluster \
                 takes: put PgBouncer (transaction mode) in front, or raise max_connections"
            );
        }
    }

    /// The organisations without an account yet, whose first admin needs
    /// the setup code. One that cannot be opened is named in the log and
    /// the others are served all the same.
    pub async fn not_set_up(&self) -> Result<Vec<String>, OrgError> {
        use app::auth::store::AccountStore;
        let mut hosts = Vec::new();
        for organisation in self.control.list().await? {
            if !organisation.served {
                continue;
            }
            let counted = async {
                let url = self
                    .control
                    .url_of(&organisation)
                    .map_err(|e| e.to_string())?;
                let store = PgStore::open(&url).await.map_err(|e| e.to_string())?;
                let users = store.count_users().await.map_err(|e| e.to_string());
                store.close().await;
                users
            };
            match counted.await {
                Ok(0) => hosts.push(organisation.host.clone()),
                Ok(_) => {}
                Err(error) => {
                    tracing::error!(host = %organisation.host, %error, "cannot be served yet");
                }
            }
        }
        Ok(hosts)
    }

    /// The router of the organisation at `host`, made on first use; `None`
    /// when no organisation is served there, and why it cannot be served
    /// when it cannot. The control database is asked without holding the
    /// routers, so a stranger's host name or a slow database keeps no
    /// other organisation waiting.
    async fn router(&self, host: &str) -> Result<Option<Router>, String> {
        if let Some(served) = self.open.read().await.get(host) {
            if served.checked.elapsed() < self.recheck {
                return Ok(Some(served.router.clone()));
            }
        }
        // Still served? An organisation removed meanwhile gets the 404 of a
        // host with none, not its dropped database's errors.
        let organisation = match self.control.find(host).await {
            Ok(organisation) => organisation,
            Err(OrgError::Unknown(_)) => {
                self.open.write().await.remove(host);
                return Ok(None);
            }
            Err(error) => return Err(error.to_string()),
        };
        if let Some(served) = self.open.write().await.get_mut(host) {
            served.checked = Instant::now();
            return Ok(Some(served.router.clone()));
        }
        // A database behind or ahead of this version is refused here, with
        // what to run, and asked again on the next request.
        let url = self
            .control
            .url_of(&organisation)
            .map_err(|e| e.to_string())?;
        let store = PgStore::open(&url).await.map_err(|e| e.to_string())?;
        store
            .add_new_packs()
            .await
            .map_err(|error| format!("adding this version's lists: {error}"))?;
        let setup_code = self.setup_code(host, &store).await?;
        let sessions = PgSessions::new(store.pool().clone());
        let store: Arc<dyn Store> = Arc::new(store);
        let sync_queue = Arc::new(SyncQueue::default());
        let operations = Operations {
            postgres_database: Some(organisation.database.clone()),
            ..self.operations.clone()
        };
        let gauges = Source {
            organisation: Some(host.to_owned()),
            store: store.clone(),
            queue: sync_queue.clone(),
            operations: operations.clone(),
        };
        let made = router(
            &self.config,
            self.leptos_options.clone(),
            store,
            sessions,
            Shared {
                setup_code,
                counters: self.counters.clone(),
                sync_queue,
                throttle: Arc::new(LoginThrottle::default()),
                operations,
                shell: self.shell.clone(),
                exchange: None,
            },
        );
        // Two first requests at once may both have made one: the first kept
        // serves both.
        let mut open = self.open.write().await;
        let kept = &open
            .entry(host.to_owned())
            .or_insert(Served {
                router: made,
                checked: Instant::now(),
                gauges,
            })
            .router;
        tracing::info!(host, database = %organisation.database, "serving an organisation");
        Ok(Some(kept.clone()))
    }

    /// Each organisation's own first-start code (one organisation's code
    /// claims no other), printed where only the operator looks while the
    /// organisation has no account; `TEREN_SETUP_CODE`, when set, is every
    /// organisation's.
    async fn setup_code(&self, host: &str, store: &PgStore) -> Result<SetupCode, String> {
        use app::auth::store::AccountStore;
        let code = SetupCode::new(self.config.setup_code.clone());
        if store.count_users().await.map_err(|e| e.to_string())? == 0 {
            tracing::warn!(
                host,
                "no account yet: open it and create the first admin with the setup code {}",
                code.as_str()
            );
        }
        Ok(code)
    }
}

/// The host's router (every request to its organisation's) and the
/// metrics router.
pub struct Built {
    pub app: Router,
    pub metrics: Router,
    /// What every organisation's requests and syncs are counted in.
    pub counters: Arc<Metrics>,
}

/// Opens the control database and builds the host's router.
pub async fn build(config: &Config) -> Result<Built, StartupError> {
    build_with(config, RECHECK).await
}

/// [`build`], taking an organisation to be still there for `recheck`.
pub async fn build_with(config: &Config, recheck: Duration) -> Result<Built, StartupError> {
    let leptos_options = crate::startup::leptos_options(config)?;
    let counters = Arc::new(Metrics::default());
    // The status page names a SQLite file; here there is none, and the
    // control database's URL is no organisation's to see.
    let operations = Operations {
        database_file: None,
        ..crate::startup::operations(config)
    };
    let mut hosts =
        Hosts::open(config, leptos_options, counters.clone(), operations.clone()).await?;
    hosts.recheck = recheck;
    // Those waiting for their first admin are opened now, so their setup
    // codes are in the log from the start.
    let waiting = hosts
        .not_set_up()
        .await
        .map_err(|error| StartupError::Organisations(error.to_string()))?;
    for host in waiting {
        if let Err(error) = hosts.router(&host).await {
            tracing::error!(host, %error, "cannot be served yet");
        }
    }
    hosts.warn_of_connections().await;
    let hosts = Arc::new(hosts);
    let metrics = crate::metrics::router(counters.clone(), hosts.clone());
    // Each organisation's router counts its own requests.
    let app = Router::new().fallback(dispatch).with_state(hosts);
    Ok(Built {
        app,
        metrics,
        counters,
    })
}

/// The gauges of each organisation served now, in host name order; one
/// not asked for since the server started has none yet.
impl Sources for Hosts {
    fn sources(&self) -> Pin<Box<dyn Future<Output = Vec<Source>> + Send + '_>> {
        Box::pin(async move {
            let open = self.open.read().await;
            let mut all: Vec<Source> = open.values().map(|s| s.gauges.clone()).collect();
            all.sort_by(|a, b| a.organisation.cmp(&b.organisation));
            all
        })
    }
}

/// The host name a request was sent to, without its port.
fn requested_host(request: &Request) -> Option<String> {
    let typed = request
        .headers()
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .or_else(|| request.uri().host())?;
    let without_port = match typed.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => typed,
    };
    host_name(without_port)
}

async fn dispatch(State(hosts): State<Arc<Hosts>>, request: Request) -> Response {
    let Some(host) = requested_host(&request) else {
        return unknown(None);
    };
    match hosts.router(&host).await {
        Ok(Some(router)) => match router.oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        },
        Ok(None) if request.uri().path() == "/healthz" => healthz(&hosts).await,
        Ok(None) => unknown(Some(&host)),
        Err(error) => {
            tracing::error!(%error, host, "an organisation could not be opened");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Html(page(
                    "Organizace je teď nedostupná",
                    "Databázi této organizace nelze otevřít. Správce serveru najde důvod v \
                     záznamu serveru.",
                )),
            )
                .into_response()
        }
    }
}

/// A load balancer's check by address: the control database answers.
async fn healthz(hosts: &Hosts) -> Response {
    match hosts.control.list().await {
        Ok(_) => (
            StatusCode::OK,
            axum::Json(serde_json::json!({ "status": "ok" })),
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "health check: the control database did not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({ "status": "unavailable" })),
            )
                .into_response()
        }
    }
}

fn unknown(host: Option<&str>) -> Response {
    // A host name that passed `host_name` holds only letters, digits, '-'
    // and '.': nothing to escape.
    let said = match host {
        Some(host) => format!("Na adrese {host} tento server žádnou organizaci neobsluhuje."),
        None => "Tento server obsluhuje organizace jen na jejich adresách.".to_owned(),
    };
    (
        StatusCode::NOT_FOUND,
        Html(page(
            "Neznámá adresa",
            &format!("{said} Zkontrolujte adresu, nebo se obraťte na správce serveru."),
        )),
    )
        .into_response()
}

fn page(title: &str, text: &str) -> String {
    format!(
        "<!doctype html><html lang=\"cs\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} – Terén</title></head><body><main><h1>{title}</h1><p>{text}</p>\
         </main></body></html>"
    )
}
