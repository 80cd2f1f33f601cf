//! What the coordinators' figures ask of the database: the reports' part of
//! the store boundary (see [`crate::store`]).
//!
//! Each question is one statement over the tallies or the records; what
//! the pages make of the answers (summing edge days into months, age
//! bands, lines in list order, cases' 48 hours) is in [`super::db`] and the
//! same on every engine, so the figures can only differ where the SQL does,
//! and the engines test holds them equal.

use super::db::cases::CaseRow;
use super::db::TallyRow;
use crate::audit::Actor;
use crate::catalogue::Catalogue;
use crate::db::Answer;
use crate::tally::Counted;

/// A day or month range as stored keys, `from` to `to` inclusive; `("1",
/// "0")` is empty.
pub type Between = (String, String);

/// A filter's bind values, in the shape the record queries take.
#[derive(Debug, Clone)]
pub struct Binds {
    pub from: String,
    pub to: String,
    pub locality: Option<String>,
    pub worker_id: Option<i64>,
    pub kind: Option<&'static str>,
    pub service_id: Option<i64>,
}

/// The tally rows to sum: whole months, and the day rows at either edge.
#[derive(Debug, Clone)]
pub struct TallySums {
    /// Charted day rows keep their day; otherwise they fall into their month.
    pub by_day: bool,
    pub months: Between,
    pub head: Between,
    pub tail: Between,
    pub locality: Option<String>,
    /// A worker's rows, or [`crate::tally::ALL_WORKERS`].
    pub worker: i64,
    pub kind: Option<&'static str>,
    /// The services whose rows are read, or `None` for every service
    /// there is (each seeked as an exact key prefix).
    pub services: Option<Vec<i64>>,
}

/// Unique clients of one target group, sex and age band, as counted by
/// the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BandRow {
    pub group: String,
    pub sex: Option<String>,
    /// An index into [`super::figures::AGE_BANDS`], `None` if not known.
    pub band: Option<i64>,
    pub clients: i64,
    pub age_sum: i64,
    /// Per [`crate::records::kinds::PrimaryDrug::ALL`], in its order.
    pub drugs: [i64; 6],
}

/// A record as the browser reads it, before it is summarised.
#[derive(Debug, Clone)]
pub struct BrowsedRow {
    pub id: String,
    pub kind: String,
    pub occurred_at: String,
    pub locality: String,
    /// The worker's name.
    pub worker: String,
    pub client_kind: String,
    pub client_code: Option<String>,
    pub details: String,
    pub voided_at: Option<String>,
    pub void_reason: Option<String>,
}

pub trait ReportStore: Send + Sync + 'static {
    /// A connection for one report's reads, from the reports' own share of
    /// the database: report requests queue among themselves, not with the
    /// phones' syncs.
    fn report_reader(&self) -> Answer<'_, Box<dyn ReportReader>>;

    /// A connection for a few quick reads (checking a report's address),
    /// which need not wait behind reports being computed.
    fn lookup_reader(&self) -> Answer<'_, Box<dyn ReportReader>>;

    /// Voids record `id` with its tallies and an audit entry, in one
    /// transaction: [`super::db::not_voided`] when it is voided already
    /// or missing.
    fn void_record<'a>(&'a self, actor: &'a Actor, id: &'a str, reason: &'a str) -> Answer<'a, ()>;

    /// Hides small counts in exports and the annual report, or shows them;
    /// audited.
    fn set_suppression<'a>(&'a self, actor: &'a Actor, on: bool) -> Answer<'a, ()>;
}

/// One report's reads, on one connection.
pub trait ReportReader: Send {
    fn catalogue(&mut self) -> Answer<'_, Catalogue>;

    /// Whether small counts are hidden in exports and the annual report.
    fn suppression(&mut self) -> Answer<'_, bool>;

    /// Each part's tallies summed per kind, measure and code, and for the
    /// charted measures per bucket (month rows by month, day rows by day or
    /// month); a bucket may come more than once.
    fn tally_sums<'a>(&'a mut self, sums: &'a TallySums) -> Answer<'a, Vec<TallyRow>>;

    /// Contacts per locality from the same tally rows.
    fn locality_sums<'a>(&'a mut self, sums: &'a TallySums) -> Answer<'a, Vec<(String, i64)>>;

    /// Records not voided on the days of two ranges, of one worker or all.
    fn counted_days<'a>(
        &'a mut self,
        ranges: [&'a Between; 2],
        worker_id: Option<i64>,
    ) -> Answer<'a, Vec<Counted>>;

    /// Unique clients by target group, sex and age band (ages reached in
    /// `year`), with their primary drugs.
    fn client_bands<'a>(&'a mut self, binds: &'a Binds, year: i32) -> Answer<'a, Vec<BandRow>>;

    /// Unique clients by the district they live in (`""`: never given).
    fn clients_by_district<'a>(&'a mut self, binds: &'a Binds) -> Answer<'a, Vec<(String, i64)>>;

    /// A halfway house's users by origin, and how many live with each.
    fn users_by_origin<'a>(&'a mut self, binds: &'a Binds) -> Answer<'a, Vec<(String, i64, i64)>>;

    /// Crisis help's people per form of exploitation and citizenship group
    /// (`dimension`, `value`, people).
    fn people_by_particulars<'a>(
        &'a mut self,
        binds: &'a Binds,
    ) -> Answer<'a, Vec<(String, String, i64)>>;

    /// When each case in range was received and first offered help.
    fn case_receipts<'a>(
        &'a mut self,
        binds: &'a Binds,
    ) -> Answer<'a, Vec<(String, Option<String>)>>;

    /// The cases received in range, in no particular order.
    fn case_rows<'a>(&'a mut self, binds: &'a Binds) -> Answer<'a, Vec<CaseRow>>;

    /// Accounts that have synced records, by name.
    fn workers(&mut self) -> Answer<'_, Vec<(i64, String)>>;

    /// How many records (voided ones too) the browser's filter finds.
    fn count_records<'a>(&'a mut self, binds: &'a Binds) -> Answer<'a, i64>;

    /// A page of them, newest first.
    fn record_rows<'a>(
        &'a mut self,
        binds: &'a Binds,
        limit: i64,
        offset: i64,
    ) -> Answer<'a, Vec<BrowsedRow>>;

    /// Every account's id and name.
    fn user_names(&mut self) -> Answer<'_, Vec<(i64, String)>>;

    /// The services `user` is assigned to.
    fn assigned(&mut self, user: i64) -> Answer<'_, Vec<i64>>;

    /// The tallies summed per worker (`by_worker`, the worker's id as
    /// text) or per locality, in [`TallyRow::bucket`]; `sums.by_day` is
    /// not read.
    fn breakdown_sums<'a>(
        &'a mut self,
        by_worker: bool,
        sums: &'a TallySums,
    ) -> Answer<'a, Vec<TallyRow>>;

    /// Unique clients per worker (as text) or per locality.
    fn breakdown_clients<'a>(
        &'a mut self,
        by_worker: bool,
        binds: &'a Binds,
    ) -> Answer<'a, Vec<(String, i64)>>;
}
