//! Field records: what a worker logs on the phone, how it is checked, and
//! how it reaches the server.
//!
//! - [`kinds`]: the record and its kind-specific details (the wire format),
//!   with what only some services say: [`particulars`], [`screening`] (the
//!   drug services' tests) and the intervention centre's [`casework`].
//! - [`client_code`]: the anonymous client code.
//! - [`validate`]: the rules, shared by phone and server.
//! - [`labels`]: the names of kinds and choices in the worker's language.
//! - `db` (server): a record's row in storage.
//!
//! The worker's screens are [`crate::fieldwork`]; how records travel to
//! the server is [`crate::sync`].

pub mod casework;
pub mod client_code;
pub mod district;
pub mod kinds;
pub mod labels;
pub mod particulars;
pub mod screening;
pub mod validate;

#[cfg(feature = "ssr")]
pub mod db;
