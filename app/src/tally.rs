//! Tallies: the additive figures per day and per month, kept in step with
//! the records inside the transaction that stores or voids one.
//!
//! A record adds its measures to its month under its worker and service,
//! to its day and its month under [`ALL_WORKERS`] and its service (figures
//! are owed per service), and to its day and month under [`ALL_WORKERS`]
//! and [`ALL_SERVICES`] (the organisation's totals, read without summing
//! over services); voiding subtracts the same.
//! [`rebuild`] recomputes everything from the records, for records stored
//! before tallies existed and for checking.
//!
//! There are no day rows per worker: they were two thirds of all rows and
//! of what every sync wrote, and only a report for one worker (or by
//! worker) over a part of a month reads them. Those few days are counted
//! from the records instead ([`worker_days`]).

mod measures;

pub use measures::{measure, measures, Fact};

use crate::error::{internal, AppError};
use crate::records::kinds::{Details, Kind};
use sqlx::SqliteConnection;
use std::collections::HashMap;

/// The worker id of the rows that add up every worker, which is what an
/// unfiltered report reads.
pub const ALL_WORKERS: i64 = 0;

/// The service id of the rows that add up every service: an organisation
/// running six services reads its totals from a sixth of the rows.
pub const ALL_SERVICES: i64 = 0;

/// Removes one record's measures (a void).
pub async fn subtract(db: &mut SqliteConnection, fact: &Fact<'_>) -> Result<(), AppError> {
    let mut totals = HashMap::new();
    subtract_from(&mut totals, fact);
    add(db, &totals).await
}

/// Adds a set of tallies to the stored ones, in one statement: a batch of
/// records spread over months touches thousands of rows, and a statement
/// per row cost more than all the records' own inserts.
pub async fn add(db: &mut SqliteConnection, totals: &HashMap<Key, i64>) -> Result<(), AppError> {
    let mut rows: Vec<_> = totals.iter().filter(|(_, value)| **value != 0).collect();
    if rows.is_empty() {
        return Ok(());
    }
    // In the table's key order, SQLite walks its B-tree once from left to
    // right instead of jumping to a random page for every row.
    rows.sort_unstable_by(|(a, _), (b, _)| {
        (&a.0, a.4, a.3, &a.1, &a.2, &a.5, &a.6, &a.7)
            .cmp(&(&b.0, b.4, b.3, &b.1, &b.2, &b.5, &b.6, &b.7))
    });
    let json = rows_json(&rows)?;
    // `WHERE true` tells SQLite's parser that ON CONFLICT belongs to the
    // INSERT, not to a join.
    sqlx::query!(
        "INSERT INTO tallies (grain, period, locality, service_id, worker_id, kind, measure, code,
                              value)
         SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5,
                value ->> 6, value ->> 7, value ->> 8
         FROM json_each(?) WHERE true
         ON CONFLICT (grain, worker_id, service_id, period, locality, kind, measure, code)
         DO UPDATE SET value = value + excluded.value",
        json
    )
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// Tally rows as one JSON array of `[grain, period, locality, service_id,
/// worker_id, kind, measure, code, value]` arrays, for `json_each`.
fn rows_json(rows: &[(&Key, &i64)]) -> Result<String, AppError> {
    serde_json::to_string(
        &rows
            .iter()
            .map(
                |((grain, period, locality, service_id, worker_id, kind, measure, code), value)| {
                    (
                        grain, period, locality, service_id, worker_id, kind, measure, code, value,
                    )
                },
            )
            .collect::<Vec<_>>(),
    )
    .map_err(internal)
}

/// Every row a record counts in, as (grain, period, worker, service): its
/// worker's month in its service, and its day and month for all workers,
/// in its service and in all services.
fn grains<'a>(
    day: &'a str,
    month: &'a str,
    worker_id: i64,
    service_id: i64,
) -> [(&'static str, &'a str, i64, i64); 5] {
    [
        ("month", month, worker_id, service_id),
        ("day", day, ALL_WORKERS, service_id),
        ("month", month, ALL_WORKERS, service_id),
        ("day", day, ALL_WORKERS, ALL_SERVICES),
        ("month", month, ALL_WORKERS, ALL_SERVICES),
    ]
}

/// One tally row's key: grain, period, locality, service, worker, kind,
/// measure, code.
pub type Key = (String, String, String, i64, i64, String, String, String);

/// A stored record as tallies count it.
/// A record as counted into tallies: what its measures are made of.
#[derive(Debug, Clone)]
pub struct Counted {
    pub day: String,
    pub locality: String,
    pub service_id: i64,
    pub worker_id: i64,
    pub client_kind: String,
    pub details: String,
}

impl Counted {
    pub fn details(&self) -> Result<Details, AppError> {
        serde_json::from_str(&self.details).map_err(internal)
    }

    pub fn fact<'a>(&'a self, details: &'a Details) -> Fact<'a> {
        Fact {
            day: &self.day,
            locality: &self.locality,
            service_id: self.service_id,
            worker_id: self.worker_id,
            client_kind: &self.client_kind,
            details,
        }
    }
}

/// Tallies computed from scratch from the records that are not voided;
/// rows adding up to zero are left out.
pub async fn recompute(db: &mut SqliteConnection) -> Result<HashMap<Key, i64>, AppError> {
    let rows = sqlx::query_as!(
        Counted,
        r#"SELECT day, locality, service_id, worker_id, client_kind, details
           FROM records WHERE voided_at IS NULL"#
    )
    .fetch_all(&mut *db)
    .await?;
    let mut totals: HashMap<Key, i64> = HashMap::new();
    for row in rows {
        let details = row.details()?;
        add_to(&mut totals, &row.fact(&details));
    }
    totals.retain(|_, value| *value != 0);
    Ok(totals)
}

/// One worker's measures on one day, locality and service, counted from
/// the records.
#[derive(Debug, Clone)]
pub struct WorkerDay {
    pub day: String,
    pub locality: String,
    pub service_id: i64,
    pub worker_id: i64,
    pub kind: &'static str,
    pub measure: &'static str,
    pub code: String,
    pub value: i64,
}

/// What per-worker day rows would hold over up to two day ranges (a
/// report's edges), for one worker or every worker: counted from the
/// records that are not voided, in the same way a sync counts them.
pub async fn worker_days(
    db: &mut SqliteConnection,
    ranges: [(&str, &str); 2],
    worker_id: Option<i64>,
) -> Result<Vec<WorkerDay>, AppError> {
    days_of(counted_days(db, ranges, worker_id).await?)
}

/// The records [`worker_days`] counts.
pub async fn counted_days(
    db: &mut SqliteConnection,
    ranges: [(&str, &str); 2],
    worker_id: Option<i64>,
) -> Result<Vec<Counted>, AppError> {
    let [(head_from, head_to), (tail_from, tail_to)] = ranges;
    Ok(sqlx::query_as!(
        Counted,
        r#"SELECT day, locality, service_id, worker_id, client_kind, details FROM records
           WHERE voided_at IS NULL AND (day BETWEEN ?1 AND ?2 OR day BETWEEN ?3 AND ?4)
             AND (?5 IS NULL OR worker_id = ?5)"#,
        head_from,
        head_to,
        tail_from,
        tail_to,
        worker_id
    )
    .fetch_all(&mut *db)
    .await?)
}

/// Day rows per worker from the records [`counted_days`] read, rows at
/// zero left out.
pub fn days_of(rows: Vec<Counted>) -> Result<Vec<WorkerDay>, AppError> {
    type DayKey = (String, String, i64, i64, &'static str, &'static str, String);
    let mut totals: HashMap<DayKey, i64> = HashMap::new();
    for row in rows {
        let details = row.details()?;
        let kind = details.kind().as_str();
        for (measure, code, value) in measures(&row.fact(&details)) {
            *totals
                .entry((
                    row.day.clone(),
                    row.locality.clone(),
                    row.service_id,
                    row.worker_id,
                    kind,
                    measure,
                    code,
                ))
                .or_default() += value;
        }
    }
    Ok(totals
        .into_iter()
        .filter(|(_, value)| *value != 0)
        .map(
            |((day, locality, service_id, worker_id, kind, measure, code), value)| WorkerDay {
                day,
                locality,
                service_id,
                worker_id,
                kind,
                measure,
                code,
                value,
            },
        )
        .collect())
}

/// Adds one record's measures to an in-memory set of tallies.
pub fn add_to(totals: &mut HashMap<Key, i64>, fact: &Fact<'_>) {
    count_into(totals, fact, 1);
}

/// Takes one record's measures away from an in-memory set of tallies.
pub fn subtract_from(totals: &mut HashMap<Key, i64>, fact: &Fact<'_>) {
    count_into(totals, fact, -1);
}

fn count_into(totals: &mut HashMap<Key, i64>, fact: &Fact<'_>, sign: i64) {
    let kind = fact.details.kind().as_str();
    let month = fact.day.get(..7).unwrap_or(fact.day);
    for (measure, code, value) in measures(fact) {
        for (grain, period, worker_id, service_id) in
            grains(fact.day, month, fact.worker_id, fact.service_id)
        {
            *totals
                .entry((
                    grain.to_owned(),
                    period.to_owned(),
                    fact.locality.to_owned(),
                    service_id,
                    worker_id,
                    kind.to_owned(),
                    measure.to_owned(),
                    code.clone(),
                ))
                .or_default() += sign * value;
        }
    }
}

/// The tallies as stored, rows at zero left out.
pub async fn stored(db: &mut SqliteConnection) -> Result<HashMap<Key, i64>, AppError> {
    let rows = sqlx::query!(
        "SELECT grain, period, locality, service_id, worker_id, kind, measure, code, value
         FROM tallies WHERE value <> 0"
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                (
                    r.grain,
                    r.period,
                    r.locality,
                    r.service_id,
                    r.worker_id,
                    r.kind,
                    r.measure,
                    r.code,
                ),
                r.value,
            )
        })
        .collect())
}

/// Replaces every tally with the given set. Rows go in as JSON arrays of a
/// few thousand at a time: one statement per chunk instead of per row, which
/// matters when a rebuild or the demo seeder writes millions.
pub async fn replace(
    db: &mut SqliteConnection,
    totals: &HashMap<Key, i64>,
) -> Result<(), AppError> {
    sqlx::query!("DELETE FROM tallies")
        .execute(&mut *db)
        .await?;
    let rows: Vec<_> = totals.iter().collect();
    for chunk in rows.chunks(5000) {
        let json = rows_json(chunk)?;
        sqlx::query!(
            "INSERT INTO tallies (grain, period, locality, service_id, worker_id, kind, measure,
                                  code, value)
             SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5,
                    value ->> 6, value ->> 7, value ->> 8
             FROM json_each(?)",
            json
        )
        .execute(&mut *db)
        .await?;
    }
    Ok(())
}

/// Rebuilds the tallies from the records in one transaction.
pub async fn rebuild(pool: &crate::db::Db) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let totals = recompute(&mut tx).await?;
    replace(&mut tx, &totals).await?;
    sqlx::query!("UPDATE settings SET value = '1' WHERE key = 'tallies_built'")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Builds the tallies once, for records stored before they existed.
pub async fn ensure_built(pool: &crate::db::Db) -> Result<(), AppError> {
    let built = sqlx::query_scalar!("SELECT value FROM settings WHERE key = 'tallies_built'")
        .fetch_optional(pool.read())
        .await?;
    if built.as_deref() != Some("1") {
        rebuild(pool).await?;
    }
    Ok(())
}

/// Whether a tally row of `measure` and `code` counts offers of help that
/// reached no one (`phone/not_reached`). Such an offer is tallied among
/// offers, because the 48-hour duty asks whether help was offered, but it
/// is not a contact: a contact is an exchange with the person. Readers
/// subtract these rows from the offers' records to count contacts; such
/// an offer names no client (validation refuses a code on it), so it was
/// counted among anonymous contacts too.
pub fn unreached_offers(measure: &str, code: &str) -> bool {
    measure == measure::OFFER && code.ends_with("/not_reached")
}

/// The kinds that count as contacts: every meeting with a person, in
/// whatever form, of every service. An exchange is a contact; so are an
/// intervention centre's offers of help that reached the person
/// ([`unreached_offers`]), consultations and visits, and a crisis visit
/// anywhere. A case (a police record arriving), a refusal, a
/// missed meeting and found syringes are not.
pub const CONTACT_KINDS: [Kind; 5] = [
    Kind::Contact,
    Kind::Exchange,
    Kind::Consultation,
    Kind::Offer,
    Kind::CrisisVisit,
];

#[cfg(test)]
mod tests;
