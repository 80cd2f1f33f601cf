//! Figures by locality or by worker.

use super::tallies::{binds, in_filter, tally_ranges, tally_services, TallyRow, NONE};
use crate::catalogue::ListKind;
use crate::error::AppError;
use crate::records::kinds::Kind;
use crate::reports::figures::{BreakdownBy, BreakdownRow, Filter};
use crate::reports::store::{Binds, ReportReader, TallySums};
use crate::reports::SYRINGES;
use crate::tally::{self, measure};
use sqlx::SqliteConnection;
use std::collections::{BTreeMap, HashMap};

/// The breakdown by locality or worker: the same figures per row.
pub async fn breakdown(
    db: &mut dyn ReportReader,
    filter: &Filter,
    by: BreakdownBy,
) -> Result<Vec<BreakdownRow>, AppError> {
    let catalogue = db.catalogue().await?;
    let mut rows: BTreeMap<String, BreakdownRow> = BTreeMap::new();
    // Per-row tallies: the same union as the dashboard, keyed by locality
    // or worker instead of bucket.
    let (_, edge_head, edge_tail) = tally_ranges(filter);
    let by_worker = by == BreakdownBy::Worker;
    // Per-worker edges are counted from the records (there are no day rows
    // per worker); the all-workers rows have their own.
    let per_worker = by_worker || filter.worker_id.is_some();
    let mut sums = TallySums::of(filter);
    if per_worker {
        let empty = || (NONE.0.to_owned(), NONE.1.to_owned());
        (sums.head, sums.tail) = (empty(), empty());
        sums.services = tally_services(filter.service_id, true);
    }
    let mut tallies: Vec<(String, String, String, String, i64)> = db
        .breakdown_sums(by_worker, &sums)
        .await?
        .into_iter()
        .map(|t| (t.bucket, t.kind, t.measure, t.code, t.value))
        .collect();
    if per_worker {
        let counted = db
            .counted_days([&edge_head, &edge_tail], filter.worker_id)
            .await?;
        tallies.extend(
            tally::days_of(counted)?
                .into_iter()
                .filter(|day| in_filter(filter, day))
                .map(|day| {
                    let key = if by_worker {
                        day.worker_id.to_string()
                    } else {
                        day.locality
                    };
                    (
                        key,
                        day.kind.to_owned(),
                        day.measure.to_owned(),
                        day.code,
                        day.value,
                    )
                }),
        );
    }
    for (key, kind, measure, code, value) in tallies {
        let row = rows.entry(key.clone()).or_insert_with(|| BreakdownRow {
            key,
            ..BreakdownRow::default()
        });
        let is_contact = tally::CONTACT_KINDS
            .map(Kind::as_str)
            .contains(&kind.as_str());
        match measure.as_str() {
            // A crisis visit is a contact and also counted on its own.
            measure::CLIENT_KIND => {
                if is_contact {
                    row.contacts += value;
                }
                if kind == Kind::Exchange.as_str() {
                    row.exchanges += value;
                }
                if kind == Kind::CrisisVisit.as_str() {
                    row.crisis_visits += value;
                }
            }
            measure::FIRST_CONTACTS => row.first_contacts += value,
            measure::OFFER if tally::unreached_offers(&measure, &code) => row.contacts -= value,
            measure::MATERIAL if code == SYRINGES => row.syringes_given += value,
            measure::RETURNED => row.syringes_returned += value,
            measure::FOUND => row.found_syringes += value,
            _ => {}
        }
    }
    for (key, clients) in db.breakdown_clients(by_worker, &binds(filter)).await? {
        rows.entry(key.clone())
            .or_insert_with(|| BreakdownRow {
                key,
                ..BreakdownRow::default()
            })
            .unique_clients = clients;
    }
    let names: HashMap<String, String> = if by_worker {
        db.user_names()
            .await?
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect()
    } else {
        catalogue
            .list(ListKind::Locality)
            .map(|item| (item.code.clone(), item.label.clone()))
            .collect()
    };
    let mut out: Vec<BreakdownRow> = rows
        .into_values()
        .map(|mut row| {
            row.label = names
                .get(&row.key)
                .cloned()
                .unwrap_or_else(|| row.key.clone());
            row
        })
        .collect();
    out.sort_by(|a, b| b.contacts.cmp(&a.contacts).then(a.label.cmp(&b.label)));
    Ok(out)
}

/// [`ReportReader::breakdown_sums`] on SQLite.
pub async fn breakdown_sums(
    db: &mut SqliteConnection,
    by_worker: bool,
    sums: &TallySums,
) -> Result<Vec<TallyRow>, AppError> {
    let services = sums.services_json();
    let worker_id = (sums.worker != tally::ALL_WORKERS).then_some(sums.worker);
    let tallies = sqlx::query!(
        r#"WITH workers (id) AS (
               SELECT id FROM users WHERE ?1 AND (?9 IS NULL OR id = ?9)
               UNION ALL
               SELECT COALESCE(?9, 0) WHERE NOT ?1)
           SELECT CASE WHEN ?1 THEN CAST(worker_id AS TEXT) ELSE locality END AS "key!: String",
                  kind, measure, code, SUM(value) AS "value!: i64"
           FROM (
               SELECT * FROM tallies WHERE grain = 'month' AND worker_id IN workers
                   AND service_id IN (SELECT value FROM json_each(?11) UNION ALL SELECT id FROM services WHERE ?11 IS NULL) AND period BETWEEN ?2 AND ?3
               UNION ALL
               SELECT * FROM tallies WHERE grain = 'day' AND worker_id IN workers
                   AND service_id IN (SELECT value FROM json_each(?11) UNION ALL SELECT id FROM services WHERE ?11 IS NULL) AND period BETWEEN ?4 AND ?5
               UNION ALL
               SELECT * FROM tallies WHERE grain = 'day' AND worker_id IN workers
                   AND service_id IN (SELECT value FROM json_each(?11) UNION ALL SELECT id FROM services WHERE ?11 IS NULL) AND period BETWEEN ?6 AND ?7
           )
           WHERE (?8 IS NULL OR locality = ?8) AND (?10 IS NULL OR kind = ?10)
             AND measure IN ('client_kind', 'first_contacts', 'material', 'returned', 'found', 'offer')
           GROUP BY 1, kind, measure, code"#,
        by_worker,
        sums.months.0,
        sums.months.1,
        sums.head.0,
        sums.head.1,
        sums.tail.0,
        sums.tail.1,
        sums.locality,
        worker_id,
        sums.kind,
        services
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(tallies
        .into_iter()
        .map(|t| TallyRow {
            bucket: t.key,
            kind: t.kind,
            measure: t.measure,
            code: t.code,
            value: t.value,
        })
        .collect())
}

/// [`ReportReader::breakdown_clients`] on SQLite.
pub async fn breakdown_clients(
    db: &mut SqliteConnection,
    by_worker: bool,
    b: &Binds,
) -> Result<Vec<(String, i64)>, AppError> {
    let clients = sqlx::query!(
        r#"SELECT CASE WHEN ?1 THEN CAST(worker_id AS TEXT) ELSE locality END AS "key!: String",
                  COUNT(DISTINCT client_code) AS "clients!: i64"
           FROM records INDEXED BY records_clients_by_day
           WHERE client_code IS NOT NULL AND voided_at IS NULL AND day BETWEEN ?2 AND ?3
             AND (?4 IS NULL OR locality = ?4) AND (?5 IS NULL OR worker_id = ?5)
             AND (?6 IS NULL OR kind = ?6) AND (?7 IS NULL OR service_id = ?7)
           GROUP BY 1"#,
        by_worker,
        b.from,
        b.to,
        b.locality,
        b.worker_id,
        b.kind,
        b.service_id
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(clients.into_iter().map(|c| (c.key, c.clients)).collect())
}

/// [`ReportReader::user_names`] on SQLite.
pub async fn user_names(db: &mut SqliteConnection) -> Result<Vec<(i64, String)>, AppError> {
    Ok(
        sqlx::query!(r#"SELECT id AS "id!", display_name FROM users"#)
            .fetch_all(&mut *db)
            .await?
            .into_iter()
            .map(|r| (r.id, r.display_name))
            .collect(),
    )
}
