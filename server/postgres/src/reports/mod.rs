//! The coordinators' figures on PostgreSQL: the same questions as SQLite's
//! (`app::reports::db`), one statement each, summed and laid out by the
//! same code.
//!
//! What differs from SQLite: sums of BIGINT are NUMERIC here, so each is
//! cast back; a parameter tested for NULL names its type; booleans are
//! counted with `FILTER`, not summed; JSON is read with `jsonb` operators;
//! and a tie in `ORDER BY` is broken the same way on both engines or not
//! relied on.

mod browser;
mod cases;
mod clients;
mod tallies;

use crate::PgStore;
use app::audit::Actor;
use app::catalogue::Catalogue;
use app::error::AppError;
use app::reports::db::cases::CaseRow;
use app::reports::db::TallyRow;
use app::reports::store::{
    BandRow, Between, Binds, BrowsedRow, ReportReader, ReportStore, TallySums,
};
use app::store::Answer;
use app::tally::Counted;
use sqlx::pool::PoolConnection;
use sqlx::{PgConnection, Postgres};

struct Reader(PoolConnection<Postgres>);

impl ReportStore for PgStore {
    fn report_reader(&self) -> Answer<'_, Box<dyn ReportReader>> {
        Box::pin(async move {
            let reader: Box<dyn ReportReader> = Box::new(Reader(self.pool.acquire().await?));
            Ok(reader)
        })
    }

    fn lookup_reader(&self) -> Answer<'_, Box<dyn ReportReader>> {
        self.report_reader()
    }

    fn void_record<'a>(&'a self, actor: &'a Actor, id: &'a str, reason: &'a str) -> Answer<'a, ()> {
        Box::pin(browser::void_record(self, actor, id, reason))
    }

    fn set_suppression<'a>(&'a self, actor: &'a Actor, on: bool) -> Answer<'a, ()> {
        Box::pin(browser::set_suppression(self, actor, on))
    }
}

async fn suppression(db: &mut PgConnection) -> Result<bool, AppError> {
    // Worded apart from SQLite's: the same text would be the same cached
    // query file for both engines.
    let value = sqlx::query_scalar!(
        "SELECT settings.value FROM settings WHERE settings.key = 'suppress_small_counts'"
    )
    .fetch_optional(&mut *db)
    .await?;
    Ok(value.as_deref() != Some("0"))
}

async fn counted_days(
    db: &mut PgConnection,
    head: &Between,
    tail: &Between,
    worker_id: Option<i64>,
) -> Result<Vec<Counted>, AppError> {
    Ok(sqlx::query_as!(
        Counted,
        r#"SELECT day, locality, service_id, worker_id, client_kind, details FROM records
           WHERE voided_at IS NULL AND (day BETWEEN $1 AND $2 OR day BETWEEN $3 AND $4)
             AND ($5::bigint IS NULL OR worker_id = $5)"#,
        head.0,
        head.1,
        tail.0,
        tail.1,
        worker_id
    )
    .fetch_all(&mut *db)
    .await?)
}

async fn workers(db: &mut PgConnection) -> Result<Vec<(i64, String)>, AppError> {
    // NOCASE folds ASCII letters only; `lower` would fold Č and Š too.
    let rows = sqlx::query!(
        r#"SELECT id, display_name FROM users
           WHERE EXISTS (SELECT 1 FROM tallies WHERE grain = 'month' AND worker_id = users.id)
           ORDER BY translate(display_name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"#
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.display_name)).collect())
}

async fn user_names(db: &mut PgConnection) -> Result<Vec<(i64, String)>, AppError> {
    let rows = sqlx::query!("SELECT id, display_name FROM users")
        .fetch_all(&mut *db)
        .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.display_name)).collect())
}

impl ReportReader for Reader {
    fn catalogue(&mut self) -> Answer<'_, Catalogue> {
        Box::pin(crate::catalogue::catalogue(&mut self.0))
    }

    fn suppression(&mut self) -> Answer<'_, bool> {
        Box::pin(suppression(&mut self.0))
    }

    fn tally_sums<'a>(&'a mut self, sums: &'a TallySums) -> Answer<'a, Vec<TallyRow>> {
        Box::pin(tallies::tally_sums(&mut self.0, sums))
    }

    fn locality_sums<'a>(&'a mut self, sums: &'a TallySums) -> Answer<'a, Vec<(String, i64)>> {
        Box::pin(tallies::locality_sums(&mut self.0, sums))
    }

    fn counted_days<'a>(
        &'a mut self,
        ranges: [&'a Between; 2],
        worker_id: Option<i64>,
    ) -> Answer<'a, Vec<Counted>> {
        let [head, tail] = ranges;
        Box::pin(counted_days(&mut self.0, head, tail, worker_id))
    }

    fn client_bands<'a>(&'a mut self, binds: &'a Binds, year: i32) -> Answer<'a, Vec<BandRow>> {
        Box::pin(clients::client_bands(&mut self.0, binds, year))
    }

    fn clients_by_district<'a>(&'a mut self, binds: &'a Binds) -> Answer<'a, Vec<(String, i64)>> {
        Box::pin(clients::clients_by_district(&mut self.0, binds))
    }

    fn users_by_origin<'a>(&'a mut self, binds: &'a Binds) -> Answer<'a, Vec<(String, i64, i64)>> {
        Box::pin(clients::users_by_origin(&mut self.0, binds))
    }

    fn people_by_particulars<'a>(
        &'a mut self,
        binds: &'a Binds,
    ) -> Answer<'a, Vec<(String, String, i64)>> {
        Box::pin(clients::people_by_particulars(&mut self.0, binds))
    }

    fn case_receipts<'a>(
        &'a mut self,
        binds: &'a Binds,
    ) -> Answer<'a, Vec<(String, Option<String>)>> {
        Box::pin(cases::case_receipts(&mut self.0, binds))
    }

    fn case_rows<'a>(&'a mut self, binds: &'a Binds) -> Answer<'a, Vec<CaseRow>> {
        Box::pin(cases::case_rows(&mut self.0, binds))
    }

    fn workers(&mut self) -> Answer<'_, Vec<(i64, String)>> {
        Box::pin(workers(&mut self.0))
    }

    fn count_records<'a>(&'a mut self, binds: &'a Binds) -> Answer<'a, i64> {
        Box::pin(browser::count_records(&mut self.0, binds))
    }

    fn record_rows<'a>(
        &'a mut self,
        binds: &'a Binds,
        limit: i64,
        offset: i64,
    ) -> Answer<'a, Vec<BrowsedRow>> {
        Box::pin(browser::record_rows(&mut self.0, binds, limit, offset))
    }

    fn user_names(&mut self) -> Answer<'_, Vec<(i64, String)>> {
        Box::pin(user_names(&mut self.0))
    }

    fn assigned(&mut self, user: i64) -> Answer<'_, Vec<i64>> {
        Box::pin(crate::accounts::assigned(&mut self.0, user))
    }

    fn breakdown_sums<'a>(
        &'a mut self,
        by_worker: bool,
        sums: &'a TallySums,
    ) -> Answer<'a, Vec<TallyRow>> {
        Box::pin(tallies::breakdown_sums(&mut self.0, by_worker, sums))
    }

    fn breakdown_clients<'a>(
        &'a mut self,
        by_worker: bool,
        binds: &'a Binds,
    ) -> Answer<'a, Vec<(String, i64)>> {
        Box::pin(clients::breakdown_clients(&mut self.0, by_worker, binds))
    }
}
