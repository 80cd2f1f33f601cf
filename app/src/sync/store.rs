//! What a sync asks of the database: the sync's part of the store boundary
//! (see [`crate::store`]).

use super::plan::Batch;
use super::protocol::Outcome;
use crate::catalogue::Catalogue;
use crate::db::{Answer, Db};
use std::collections::HashMap;
use std::sync::Arc;

/// What checking a worker's batch needs, read before it is written.
#[derive(Debug, Clone)]
pub struct SyncContext {
    pub catalogue: Catalogue,
    /// The active services the worker files into.
    pub assigned: Vec<i64>,
    /// Birth years already kept, per client code and service.
    pub born: HashMap<(String, i64), i32>,
}

pub trait SyncStore: Send + Sync + 'static {
    /// Writes checked sync batches in one transaction, each decided as if
    /// written alone after the one before; each batch's outcomes in its
    /// records' order. Either all of it is committed or none of it.
    fn write_batches<'a>(&'a self, batches: &'a [Batch<'a>]) -> Answer<'a, Vec<Vec<Outcome>>>;

    /// What checking `worker`'s batch naming client `codes` needs.
    fn sync_context<'a>(&'a self, worker: i64, codes: &'a [&'a str]) -> Answer<'a, SyncContext>;

    /// The organisation's handover key, `fresh` if it had none: phones
    /// asking at once all get the one that landed first.
    fn handover_private_key<'a>(&'a self, fresh: &'a str) -> Answer<'a, String>;

    /// Keeps a phone's key for signing its user's handover files; a key
    /// registered before stays.
    fn register_author<'a>(
        &'a self,
        user: i64,
        device_id: &'a str,
        public_key: &'a str,
        now: &'a str,
    ) -> Answer<'a, ()>;

    /// The keys `user` registered from `device_id`.
    fn author_keys<'a>(&'a self, user: i64, device_id: &'a str) -> Answer<'a, Vec<String>>;
}

/// A shared store is a store: the queue keeps one to write with later.
impl<T: SyncStore + ?Sized> SyncStore for Arc<T> {
    fn write_batches<'a>(&'a self, batches: &'a [Batch<'a>]) -> Answer<'a, Vec<Vec<Outcome>>> {
        (**self).write_batches(batches)
    }

    fn sync_context<'a>(&'a self, worker: i64, codes: &'a [&'a str]) -> Answer<'a, SyncContext> {
        (**self).sync_context(worker, codes)
    }

    fn handover_private_key<'a>(&'a self, fresh: &'a str) -> Answer<'a, String> {
        (**self).handover_private_key(fresh)
    }

    fn register_author<'a>(
        &'a self,
        user: i64,
        device_id: &'a str,
        public_key: &'a str,
        now: &'a str,
    ) -> Answer<'a, ()> {
        (**self).register_author(user, device_id, public_key, now)
    }

    fn author_keys<'a>(&'a self, user: i64, device_id: &'a str) -> Answer<'a, Vec<String>> {
        (**self).author_keys(user, device_id)
    }
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

    fn sync_context<'a>(&'a self, worker: i64, codes: &'a [&'a str]) -> Answer<'a, SyncContext> {
        Box::pin(async move {
            let mut reader = self.read().acquire().await?;
            Ok(SyncContext {
                catalogue: crate::catalogue::db::load(&mut reader).await?,
                assigned: crate::services::db::assigned(&mut *reader, worker).await?,
                born: crate::records::db::birth_years(&mut *reader, codes).await?,
            })
        })
    }

    fn handover_private_key<'a>(&'a self, fresh: &'a str) -> Answer<'a, String> {
        Box::pin(async move {
            let mut connection = self.write().acquire().await?;
            super::handover_db::private_key(&mut connection, fresh).await
        })
    }

    fn register_author<'a>(
        &'a self,
        user: i64,
        device_id: &'a str,
        public_key: &'a str,
        now: &'a str,
    ) -> Answer<'a, ()> {
        Box::pin(async move {
            let mut connection = self.write().acquire().await?;
            super::handover_db::register_author(&mut connection, user, device_id, public_key, now)
                .await
        })
    }

    fn author_keys<'a>(&'a self, user: i64, device_id: &'a str) -> Answer<'a, Vec<String>> {
        Box::pin(async move {
            let mut connection = self.read().acquire().await?;
            super::handover_db::author_keys(&mut connection, user, device_id).await
        })
    }
}
