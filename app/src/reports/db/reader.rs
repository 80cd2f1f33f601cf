//! The reports' reads on SQLite: one connection from the reports' pool.

use super::cases::CaseRow;
use super::TallyRow;
use crate::audit::Actor;
use crate::catalogue::Catalogue;
use crate::db::{Answer, Db};
use crate::reports::store::{
    BandRow, Between, Binds, BrowsedRow, ReportReader, ReportStore, TallySums,
};
use crate::tally::Counted;
use sqlx::pool::PoolConnection;
use sqlx::Sqlite;

impl ReportStore for Db {
    fn report_reader(&self) -> Answer<'_, Box<dyn ReportReader>> {
        Box::pin(async move {
            let reader: Box<dyn ReportReader> = Box::new(self.reports().acquire().await?);
            Ok(reader)
        })
    }

    fn lookup_reader(&self) -> Answer<'_, Box<dyn ReportReader>> {
        Box::pin(async move {
            let reader: Box<dyn ReportReader> = Box::new(self.read().acquire().await?);
            Ok(reader)
        })
    }

    fn void_record<'a>(&'a self, actor: &'a Actor, id: &'a str, reason: &'a str) -> Answer<'a, ()> {
        Box::pin(async move {
            let mut tx = self.begin().await?;
            super::browser::void_record(&mut tx, actor, id, reason).await?;
            tx.commit().await?;
            Ok(())
        })
    }

    fn set_suppression<'a>(&'a self, actor: &'a Actor, on: bool) -> Answer<'a, ()> {
        Box::pin(async move {
            let mut tx = self.begin().await?;
            super::set_suppression(&mut tx, actor, on).await?;
            tx.commit().await?;
            Ok(())
        })
    }
}

impl ReportReader for PoolConnection<Sqlite> {
    fn catalogue(&mut self) -> Answer<'_, Catalogue> {
        Box::pin(crate::catalogue::db::load(self))
    }

    fn suppression(&mut self) -> Answer<'_, bool> {
        Box::pin(super::suppression(self))
    }

    fn tally_sums<'a>(&'a mut self, sums: &'a TallySums) -> Answer<'a, Vec<TallyRow>> {
        Box::pin(super::tallies::tally_sums(self, sums))
    }

    fn locality_sums<'a>(&'a mut self, sums: &'a TallySums) -> Answer<'a, Vec<(String, i64)>> {
        Box::pin(super::tallies::locality_sums(self, sums))
    }

    fn counted_days<'a>(
        &'a mut self,
        ranges: [&'a Between; 2],
        worker_id: Option<i64>,
    ) -> Answer<'a, Vec<Counted>> {
        let [head, tail] = ranges;
        Box::pin(crate::tally::counted_days(
            self,
            [(&head.0, &head.1), (&tail.0, &tail.1)],
            worker_id,
        ))
    }

    fn client_bands<'a>(&'a mut self, binds: &'a Binds, year: i32) -> Answer<'a, Vec<BandRow>> {
        Box::pin(super::clients::client_bands(self, binds, year))
    }

    fn clients_by_district<'a>(&'a mut self, binds: &'a Binds) -> Answer<'a, Vec<(String, i64)>> {
        Box::pin(super::clients::clients_by_district(self, binds))
    }

    fn users_by_origin<'a>(&'a mut self, binds: &'a Binds) -> Answer<'a, Vec<(String, i64, i64)>> {
        Box::pin(super::clients::users_by_origin(self, binds))
    }

    fn people_by_particulars<'a>(
        &'a mut self,
        binds: &'a Binds,
    ) -> Answer<'a, Vec<(String, String, i64)>> {
        Box::pin(super::clients::people_by_particulars(self, binds))
    }

    fn case_receipts<'a>(
        &'a mut self,
        binds: &'a Binds,
    ) -> Answer<'a, Vec<(String, Option<String>)>> {
        Box::pin(super::cases::case_receipts(self, binds))
    }

    fn case_rows<'a>(&'a mut self, binds: &'a Binds) -> Answer<'a, Vec<CaseRow>> {
        Box::pin(super::cases::case_rows(self, binds))
    }

    fn workers(&mut self) -> Answer<'_, Vec<(i64, String)>> {
        Box::pin(super::dashboard::workers(self))
    }

    fn count_records<'a>(&'a mut self, binds: &'a Binds) -> Answer<'a, i64> {
        Box::pin(super::browser::count_records(self, binds))
    }

    fn record_rows<'a>(
        &'a mut self,
        binds: &'a Binds,
        limit: i64,
        offset: i64,
    ) -> Answer<'a, Vec<BrowsedRow>> {
        Box::pin(super::browser::record_rows(self, binds, limit, offset))
    }

    fn user_names(&mut self) -> Answer<'_, Vec<(i64, String)>> {
        Box::pin(super::breakdown::user_names(self))
    }

    fn assigned(&mut self, user: i64) -> Answer<'_, Vec<i64>> {
        Box::pin(crate::services::db::assigned(&mut **self, user))
    }

    fn breakdown_sums<'a>(
        &'a mut self,
        by_worker: bool,
        sums: &'a TallySums,
    ) -> Answer<'a, Vec<TallyRow>> {
        Box::pin(super::breakdown::breakdown_sums(self, by_worker, sums))
    }

    fn breakdown_clients<'a>(
        &'a mut self,
        by_worker: bool,
        binds: &'a Binds,
    ) -> Answer<'a, Vec<(String, i64)>> {
        Box::pin(super::breakdown::breakdown_clients(self, by_worker, binds))
    }
}
