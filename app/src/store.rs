//! The store boundary: what the server asks of its database, one use case
//! at a time, each in a transaction of the engine's own. SQLite ([`Db`],
//! the embedded default) and PostgreSQL (the `teren-postgres` crate) answer
//! the same questions with their own compile-checked SQL; what a use case
//! decides apart from SQL lives beside the domain types and is shared (for
//! a sync, [`crate::sync::plan`]).

use crate::db::Db;
use crate::error::AppError;
use crate::sync::plan::Batch;
use crate::sync::protocol::Outcome;
use std::future::Future;
use std::pin::Pin;

/// A store's answer: a future that may be sent between threads.
pub type Answer<'a, T> = Pin<Box<dyn Future<Output = Result<T, AppError>> + Send + 'a>>;

pub trait Store: Send + Sync + 'static {
    /// Writes checked sync batches in one transaction, each decided as if
    /// written alone after the one before; each batch's outcomes in its
    /// records' order. Either all of it is committed or none of it.
    fn write_batches<'a>(&'a self, batches: &'a [Batch<'a>]) -> Answer<'a, Vec<Vec<Outcome>>>;
}

impl Store for Db {
    fn write_batches<'a>(&'a self, batches: &'a [Batch<'a>]) -> Answer<'a, Vec<Vec<Outcome>>> {
        Box::pin(async move {
            let mut tx = self.begin().await?;
            let outcomes = crate::sync::apply::store(&mut tx, batches).await?;
            tx.commit().await?;
            Ok(outcomes)
        })
    }
}
