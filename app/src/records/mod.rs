//! Field records: what a worker logs on the phone, how it is checked, and
//! how it reaches the server.
//!
//! - [`kinds`]: the record and its kind-specific details (the wire format).
//! - [`client_code`]: the anonymous client code.
//! - [`validate`]: the rules, shared by phone and server.
//! - [`ui`]: the worker's screens: start tiles, the record form, my records.
//! - `db` (server): a record's row in storage.
//!
//! How records travel to the server is [`crate::sync`].

pub mod client_code;
pub mod kinds;
pub mod ui;
pub mod validate;

#[cfg(feature = "ssr")]
pub mod db;
