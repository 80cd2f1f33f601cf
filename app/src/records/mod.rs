//! Field records: what a worker logs on the phone, how it is checked, and
//! how it reaches the server.
//!
//! - [`kinds`]: the record and its kind-specific details (the wire format).
//! - [`client_code`]: the anonymous client code.
//! - [`validate`]: the rules, shared by phone and server.
//! - [`protocol`]: the sync batch and its per-record answers.
//! - `db` (server): storage and applying a batch in one transaction.

pub mod api;
pub mod client_code;
pub mod engine;
pub mod kinds;
pub mod outbox;
pub mod protocol;
pub mod ui;
pub mod validate;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod queue;
