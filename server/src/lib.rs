//! Terén's server: one axum router that renders the Leptos app, answers its
//! server functions, serves the built assets and the service worker, and owns
//! the SQLite database.
//!
//! A tour:
//! - [`config`]: the typed configuration, read from flags and environment
//!   variables, with defaults that work on a laptop with nothing set.
//! - [`db`]: opening the SQLite file and applying the embedded migrations.
//! - [`startup`]: [`startup::build_app`], the one place the router is put
//!   together; `main` and every integration test call it.
//! - `health`, `service_worker`: the two routes that are not Leptos pages.
//! - `csrf`: refuses state-changing requests from other sites; `requests`:
//!   body limits, content types and error statuses of server functions;
//!   `headers`: the security headers of every answer.
//! - [`cli`]: operator subcommands (create a user, reset a password);
//!   [`seed`]: synthetic demo data at any scale (`teren seed-demo`).
//! - [`backup`]: consistent copies of the live database, checked, and
//!   restoring one; [`scheduled_backup`]: the server's own backups.
//! - [`metrics`]: requests counted and `/metrics` on its own listener;
//!   `proxy`: the client's address behind a trusted reverse proxy.

pub mod backup;
pub mod cli;
pub mod config;
mod csrf;
pub mod db;
mod headers;
mod health;
pub mod hosts;
pub mod in_use;
pub mod metrics;
pub mod org;
pub mod proxy;
mod requests;
pub mod scheduled_backup;
pub mod seed;
mod service_worker;
pub mod startup;
pub mod umbrella;

pub use config::Config;
pub use requests::{FORM_BODY_MAX, HANDOVER_BODY_MAX, SYNC_BODY_MAX};
pub use startup::{build, build_app, AppState, Built, StartupError};
