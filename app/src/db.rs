//! The database handle every server function and handler gets: a pool of
//! readers and one writer.
//!
//! SQLite lets many connections read at once but only one write. A
//! transaction that reads first and writes later cannot wait for the write
//! lock — SQLite refuses the upgrade at once rather than risk a deadlock — so
//! concurrent syncs used to fail with "database is locked". Every write now
//! goes through one connection, in turn: the pool's queue is first come,
//! first served, and each write transaction takes the lock when it begins
//! (`BEGIN IMMEDIATE`), so a write from another process (an operator's CLI
//! command) is waited for through the busy timeout instead of failing.
//!
//! The readers are opened read-only: a write slipped through them is an
//! error that tests see, not a lock fight that only shows under load.
//!
//! The coordinators' figures read from a pool of their own, a connection per
//! two cores: a year's dashboard is tens of milliseconds of CPU, and five
//! coordinators reloading it on the small pool of readers took the cores
//! from the phones' syncs (sync p50 over a second at the end of a shift).
//! Report requests queue among themselves instead.

use crate::error::AppError;
use sqlx::{Sqlite, SqlitePool, Transaction};
use std::future::Future;
use std::pin::Pin;

/// A store's answer (see [`crate::store`]): a future that may be sent
/// between threads.
pub type Answer<'a, T> = Pin<Box<dyn Future<Output = Result<T, AppError>> + Send + 'a>>;

#[derive(Clone, Debug)]
pub struct Db {
    read: SqlitePool,
    reports: SqlitePool,
    write: SqlitePool,
}

impl Db {
    /// `write` must hold at most one connection; `read` and `reports` may
    /// be read-only.
    pub fn new(read: SqlitePool, reports: SqlitePool, write: SqlitePool) -> Self {
        Db {
            read,
            reports,
            write,
        }
    }

    /// For queries that change nothing. Never blocked by a writer (WAL).
    pub fn read(&self) -> &SqlitePool {
        &self.read
    }

    /// For the heavy reads behind the coordinators' pages and exports.
    pub fn reports(&self) -> &SqlitePool {
        &self.reports
    }

    /// For a single statement that writes (autocommit); it waits for the
    /// writer's turn like a transaction does.
    pub fn write(&self) -> &SqlitePool {
        &self.write
    }

    /// Starts a write transaction holding the write lock from its first
    /// statement, so nothing it reads can change before it commits.
    pub async fn begin(&self) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
        self.write.begin_with("BEGIN IMMEDIATE").await
    }

    pub async fn close(&self) {
        self.read.close().await;
        self.reports.close().await;
        self.write.close().await;
    }
}
