//! What a sync asks of the database: the sync's part of the store boundary
//! (see [`crate::store`]).

use super::plan::Batch;
use super::protocol::Outcome;
use crate::db::{Answer, Db};

pub trait SyncStore: Send + Sync + 'static {
    /// Writes checked sync batches in one transaction, each decided as if
    /// written alone after the one before; each batch's outcomes in its
    /// records' order. Either all of it is committed or none of it.
    fn write_batches<'a>(&'a self, batches: &'a [Batch<'a>]) -> Answer<'a, Vec<Vec<Outcome>>>;
}

impl SyncStore for Db {
    fn write_batches<'a>(&'a self, batches: &'a [Batch<'a>]) -> Answer<'a, Vec<Vec<Outcome>>> {
        Box::pin(async move {
            let mut tx = self.begin().await?;
            let outcomes = super::apply::store(&mut tx, batches).await?;
            tx.commit().await?;
            Ok(outcomes)
        })
    }
}
