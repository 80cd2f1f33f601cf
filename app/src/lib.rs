//! Terén's user interface and server functions, compiled twice: with `ssr`
//! into the server, which renders every page to HTML and runs the server
//! functions, and with `hydrate` into the browser's wasm bundle, which takes
//! over that HTML and keeps working offline.
//!
//! A tour, by feature:
//! - [`shell`]: the HTML document, the layout (header, main area, bottom
//!   navigation) and the routes.
//! - [`auth`]: accounts, roles, sessions, login and the first start; the one
//!   guard every server function and page goes through.
//! - [`admin`]: account management, the services and the audit log;
//!   [`catalogue`]: the admin-edited lists of localities, service acts and
//!   materials; [`services`]: the registered services an organisation runs
//!   and who works for which.
//! - [`records`]: what a worker logs in the field and how it is checked;
//!   [`fieldwork`]: the worker's screens; [`sync`]: how a record reaches
//!   the server exactly once.
//! - `tally` (server): additive figures kept per day and month in step with
//!   every stored or voided record; written by syncing, read by reports.
//! - `metrics` (server): counters for the operator's monitoring.
//! - [`pages`]: the screens that belong to no feature in particular.
//! - [`error`]: the one error type that crosses the wire; `db`: the
//!   database handle (many readers, one writer), on the server only.
//! - `i18n`: generated at build time from `locales/*.json`; every string a
//!   user sees goes through it (`t!(i18n, key)`), Czech by default.
//! - [`browser`]: the service worker and what the phone remembers.
//!
//! Modules (or items) marked `#[cfg(feature = "ssr")]` run only on the
//! server: database access, password hashing, sessions.

// Leptos view types nest deeply; the record form needs more room.
#![recursion_limit = "256"]

pub mod admin;
pub mod audit;
pub mod auth;
pub mod browser;
pub mod catalogue;
pub mod dates;
#[cfg(feature = "ssr")]
pub mod db;
pub mod error;
pub mod exchange;
pub mod fieldwork;
#[cfg(feature = "ssr")]
pub mod metrics;
pub mod pages;
pub mod records;
pub mod reports;
pub mod services;
pub mod shell;
#[cfg(feature = "ssr")]
pub mod store;
pub mod sync;
#[cfg(feature = "ssr")]
pub mod tally;
pub mod text;
pub mod ui;
pub mod vault;

#[cfg(test)]
mod layout;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

/// Entry point of the wasm bundle: takes over the server-rendered page.
/// Asynchronously, because a coordinator's or admin's page may first have
/// to load its own part of the bundle (see `shell::lazy`).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    browser::register_service_worker();
    leptos::mount::hydrate_lazy(shell::App);
}
