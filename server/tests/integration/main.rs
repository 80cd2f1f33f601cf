//! Every integration test, in one binary: the real router, server functions
//! and command line against real SQLite files. One binary links the app
//! once instead of once per file.
//!
//! - `auth`: first start, login and its throttle, sessions, admin changes
//! - `authorization`: which role may call which server function and route
//! - `cli`: the `teren` command as an operator runs it
//! - `exchange`: the yearly figures as ADX and DHIS2, an umbrella taking its members' years
//! - `engines_figures`: every report figure and download equal on SQLite and PostgreSQL
//! - `client_basics`: a client's sex and birth year, kept once per code
//! - `hosts`: many organisations on one PostgreSQL host, by host name
//! - `http`: statuses, headers, body limits, the database file
//! - `big_values`: every body, however large its bad values, answers 4xx
//! - `operations`: the status page, scheduled backups, metrics
//! - `sync`, `sync_properties`: exactly-once sync, revisions, concurrency
//! - `reports`, `reports_properties`: the figures against a plain recount
//! - `services`: the first start's services, assigning workers, filing into them
//! - `suppression`: no hidden small count follows from what is published beside it
//! - `trust`: a server fault is a 5xx, never taken for a logout
//! - `common`: a fresh app per test and a client with one session cookie

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

mod attacker;
mod auth;
mod authorization;
mod backup;
mod big_values;
mod casework;
mod cli;
mod client_basics;
mod engines_figures;
mod exchange;
mod handover;
mod hosts;
mod http;
mod lists;
mod operations;
mod org_export;
mod proxy;
mod reports;
mod reports_properties;
mod services;
mod suppression;
mod sync;
mod sync_properties;
mod trust;
mod vault;
