//! Field records: what a worker logs on the phone, how it is checked, and
//! how it reaches the server.
//!
//! - [`kinds`]: the record and its kind-specific details (the wire format).
//! - [`client_code`]: the anonymous client code.
//! - [`validate`]: the rules, shared by phone and server.
//! - [`labels`]: the names of kinds and choices in the worker's language.
//! - `db` (server): a record's row in storage.
//!
//! The worker's screens are [`crate::fieldwork`]; how records travel to
//! the server is [`crate::sync`].

pub mod client_code;
pub mod kinds;
pub mod labels;
pub mod validate;

#[cfg(feature = "ssr")]
pub mod db;
