//! The store boundary: what the server asks of its database, one use case
//! at a time, each in a transaction of the engine's own. SQLite
//! ([`crate::db::Db`], the embedded default) and PostgreSQL (the
//! `teren-postgres` crate) answer the same questions with their own
//! compile-checked SQL.
//!
//! Each feature defines its part beside its domain types (for a sync,
//! [`crate::sync::store::SyncStore`], with what it decides apart from SQL
//! in [`crate::sync::plan`]), so no feature imports this module back; a
//! store is an engine that answers every part.

pub use crate::db::Answer;
use crate::reports::store::ReportStore;
use crate::sync::store::SyncStore;

pub trait Store: SyncStore + ReportStore {}

impl<T: SyncStore + ReportStore> Store for T {}
