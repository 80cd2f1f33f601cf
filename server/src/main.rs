//! The `teren` binary: serves the app (the default) and runs operator
//! subcommands.

use app::admin::accounts::NewAccount;
use clap::{Parser, Subcommand};
use server::config::{Config, Engine, RawConfig};
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

#[derive(Debug, Parser)]
#[command(
    name = "teren",
    version,
    about = "Terén: offline-first field records for outreach work"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    config: RawConfig,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the app (what happens with no subcommand).
    Serve,
    /// Create an account; the password is read from standard input.
    CreateUser {
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: String,
        /// worker, coordinator or admin
        #[arg(long, default_value = "worker")]
        role: String,
        /// Id of a service the user works for (repeat for several; the
        /// admin's services page shows the ids). May be left out when the
        /// organisation runs one service.
        #[arg(long = "service")]
        services: Vec<i64>,
    },
    /// Set a new password (ending the user's sessions); read from standard input.
    ResetPassword {
        #[arg(long)]
        username: String,
    },
    /// Write a consistent copy of the database to a new file while the
    /// server runs, then check it (integrity, records, schema).
    Backup {
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Replace the database with a checked backup. Stop the server first;
    /// the database replaced is kept beside it.
    Restore {
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Fill the database with synthetic demo records (for trying and
    /// measuring the coordinator pages). Never on a production database.
    SeedDemo {
        /// How many records, e.g. 1000000.
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=20_000_000))]
        records: u64,
        /// Worker accounts to spread them over.
        #[arg(long, default_value_t = 40, value_parser = clap::value_parser!(u32).range(1..=500))]
        workers: u32,
        /// Distinct client codes.
        #[arg(long, default_value_t = 4000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        clients: u32,
        /// Years of records, ending today.
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=20))]
        years: u32,
        /// Same seed, same data.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Manage the organisations of a PostgreSQL host (DATABASE_URL names
    /// the host's control database, e.g. postgres://db.example/teren).
    Org {
        #[command(subcommand)]
        command: server::org::OrgCommand,
    },
    /// Send this organisation's yearly figures to its umbrella, or, on an
    /// umbrella, manage its members.
    Umbrella {
        #[command(subcommand)]
        command: server::umbrella::UmbrellaCommand,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_raw(cli.config) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("teren: {error}");
            return ExitCode::from(2);
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::new(&config.log))
        .init();

    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("teren: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let command = cli.command.unwrap_or(Command::Serve);
    let on_postgres = Engine::of(&config.database_url) == Some(Engine::Postgres);
    // Serving works on both; `org` is PostgreSQL's, the rest SQLite's.
    let engine_fits = match command {
        Command::Serve => true,
        Command::Org { .. } => on_postgres,
        _ => !on_postgres,
    };
    if !engine_fits {
        eprintln!(
            "teren: {}",
            if on_postgres {
                server::org::NOT_ON_POSTGRES
            } else {
                "`teren org` manages a PostgreSQL host: DATABASE_URL=postgres://…/teren"
            }
        );
        return ExitCode::from(2);
    }
    let result = match command {
        Command::Org { command } => {
            runtime.block_on(server::org::run(&config.database_url, command))
        }
        Command::Umbrella { command } => runtime.block_on(server::umbrella::run(&config, command)),
        Command::Serve if on_postgres => runtime.block_on(serve_organisations(config)),
        Command::Serve => runtime.block_on(serve(config)),
        Command::CreateUser {
            username,
            display_name,
            role,
            services,
        } => runtime.block_on(async {
            let password = server::cli::read_password()?;
            let pool = server::db::connect(&config.database_url).await?;
            let account = NewAccount {
                username: &username,
                display_name: &display_name,
                role: &role,
                services: &services,
            };
            let username = server::cli::create_user(&pool, account, password).await?;
            println!("created {username}");
            Ok(())
        }),
        Command::ResetPassword { username } => runtime.block_on(async {
            let password = server::cli::read_password()?;
            let pool = server::db::connect(&config.database_url).await?;
            let username = server::cli::reset_password(&pool, &username, password).await?;
            println!("password of {username} reset; their sessions have ended");
            Ok(())
        }),
        Command::Backup { to } => runtime.block_on(async {
            let pool = server::db::connect(&config.database_url).await?;
            let checked = server::backup::logged(&pool, &to, "command", None).await?;
            println!(
                "backup written to {}: {} records, schema {}, {:.1} MB, integrity ok",
                to.display(),
                checked.records,
                checked.schema,
                checked.bytes as f64 / 1e6
            );
            Ok(())
        }),
        Command::Restore { from } => runtime.block_on(async {
            let restored = server::backup::restore(&from, &config.database_url).await?;
            println!(
                "restored {} into {}: {} records, schema {}",
                from.display(),
                config.database_url,
                restored.checked.records,
                restored.checked.schema
            );
            if let Some(kept) = restored.replaced {
                println!("the database it replaced is kept as {}", kept.display());
            }
            if !restored.phones_needing_pin.is_empty() {
                println!(
                    "the backup predates the phone keys of: {}; their phones ask for \
                     the PIN once after the next login (records waiting on them are kept)",
                    restored.phones_needing_pin.join(", ")
                );
            }
            println!("start the server: it brings the schema up to this version");
            Ok(())
        }),
        Command::SeedDemo {
            records,
            workers,
            clients,
            years,
            seed,
        } => runtime.block_on(async {
            let pool = server::db::connect(&config.database_url).await?;
            let mut options =
                server::seed::Options::new(records, chrono::Local::now().date_naive());
            options.workers = workers;
            options.clients = clients;
            options.days = years * 365;
            options.seed = seed;
            let started = std::time::Instant::now();
            let written = server::seed::seed(&pool, &options).await?;
            println!(
                "seeded {written} records in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("teren: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    // Held until the process ends: no restore replaces the file under it.
    let _in_use = server::in_use::hold(&config.database_url)?;
    let built = server::build(&config).await?;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|error| anyhow::anyhow!("TEREN_ADDR {}: cannot listen: {error}", config.addr))?;
    if let Some(addr) = config.metrics_addr {
        let metrics = tokio::net::TcpListener::bind(addr).await.map_err(|error| {
            anyhow::anyhow!("TEREN_METRICS_ADDR {addr}: cannot listen: {error}")
        })?;
        tracing::info!("metrics on http://{addr}/metrics");
        tokio::spawn(async move {
            if let Err(error) = axum::serve(metrics, built.metrics).await {
                tracing::error!(%error, "the metrics listener stopped");
            }
        });
    }
    if let Some(schedule) = config.backups.clone() {
        tokio::spawn(server::scheduled_backup::run(
            built.pool.clone(),
            schedule,
            built.counters.clone(),
        ));
    }
    let app = built.app;
    tracing::info!("Terén listening on http://{}", config.addr);
    // Client addresses feed the login throttle and the audit log.
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}

/// Serves the organisations of a PostgreSQL host, each at its host name.
async fn serve_organisations(config: Config) -> anyhow::Result<()> {
    if config.backups.is_some() {
        anyhow::bail!(
            "TEREN_BACKUP_* backs up a SQLite file; on PostgreSQL back up with pg_dump and \
             WAL archiving (docs/deploy.md)"
        );
    }
    if config.public_origin.is_some() {
        anyhow::bail!(
            "TEREN_PUBLIC_ORIGIN names one origin; on PostgreSQL each organisation is served \
             at its own host name: leave it unset"
        );
    }
    let built = server::hosts::build(&config).await?;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|error| anyhow::anyhow!("TEREN_ADDR {}: cannot listen: {error}", config.addr))?;
    if let Some(addr) = config.metrics_addr {
        let metrics = tokio::net::TcpListener::bind(addr).await.map_err(|error| {
            anyhow::anyhow!("TEREN_METRICS_ADDR {addr}: cannot listen: {error}")
        })?;
        tokio::spawn(async move {
            if let Err(error) = axum::serve(metrics, built.metrics).await {
                tracing::error!(%error, "the metrics listener stopped");
            }
        });
    }
    tracing::info!("Terén serving its organisations on http://{}", config.addr);
    let app = built
        .app
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
