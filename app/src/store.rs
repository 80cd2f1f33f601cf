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

use crate::admin::store::StatusStore;
use crate::auth::store::AccountStore;
use crate::catalogue::store::CatalogueStore;
pub use crate::db::Answer;
use crate::reports::store::ReportStore;
use crate::sync::store::SyncStore;

pub trait Store: AccountStore + CatalogueStore + SyncStore + ReportStore + StatusStore {}

impl<T> Store for T where T: AccountStore + CatalogueStore + SyncStore + ReportStore + StatusStore {}

/// Puts each part of `store` in the context of the request being handled,
/// where each feature finds the part it asks for (`guard::store`).
pub fn provide(store: &std::sync::Arc<dyn Store>) {
    use leptos::prelude::provide_context;
    use std::sync::Arc;
    provide_context::<Arc<dyn AccountStore>>(store.clone());
    provide_context::<Arc<dyn CatalogueStore>>(store.clone());
    provide_context::<Arc<dyn SyncStore>>(store.clone());
    provide_context::<Arc<dyn ReportStore>>(store.clone());
    provide_context::<Arc<dyn StatusStore>>(store.clone());
}
