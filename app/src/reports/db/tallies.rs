//! Additive figures from the tallies: whole months from month rows, the
//! edge days from day rows (or, for one worker, counted from the records).

use crate::error::AppError;
use crate::records::kinds::Kind;
use crate::reports::figures::Filter;
use crate::reports::period::{day_key, Bucket, DayRange};
use crate::reports::store::{Between, Binds, ReportReader, TallySums};
use crate::tally::{self, measure};
use sqlx::SqliteConnection;
use std::collections::{BTreeMap, HashMap};

/// One summed tally row.
#[derive(Debug, Clone)]
pub struct TallyRow {
    /// The chart bucket for the [`CHARTED`] measures; `""` for the rest,
    /// summed over the whole range.
    pub bucket: String,
    pub kind: String,
    pub measure: String,
    pub code: String,
    pub value: i64,
}

/// The services to read tally rows of: a worker's own rows are kept per
/// service only (no filter: any of them); the all-workers rows also for all
/// services, which is what no service filter reads.
pub(super) fn tally_services(service_id: Option<i64>, worker_rows: bool) -> Option<Vec<i64>> {
    match (service_id, worker_rows) {
        (Some(id), _) => Some(vec![id]),
        (None, true) => None,
        (None, false) => Some(vec![tally::ALL_SERVICES]),
    }
}

fn json_list(ids: &[i64]) -> String {
    let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
    format!("[{}]", ids.join(","))
}

impl TallySums {
    /// The tally rows a filter's figures are summed from.
    pub fn of(filter: &Filter) -> TallySums {
        let (months, head, tail) = tally_ranges(filter);
        // A worker's edge days are counted from the records.
        let (head, tail) = stored_edges(filter, &head, &tail);
        let services = tally_services(filter.service_id, filter.worker_id.is_some());
        TallySums {
            by_day: filter.range.bucket() == Bucket::Day,
            months,
            head,
            tail,
            locality: filter.locality.clone(),
            worker: filter.worker_id.unwrap_or(tally::ALL_WORKERS),
            kind: filter.kind.map(Kind::as_str),
            services,
        }
    }

    /// [`Self::services`] as the JSON list SQLite's `json_each` reads.
    pub(super) fn services_json(&self) -> Option<String> {
        self.services.as_deref().map(json_list)
    }
}

pub fn binds(filter: &Filter) -> Binds {
    Binds {
        from: day_key(filter.range.from),
        to: day_key(filter.range.to),
        locality: filter.locality.clone(),
        worker_id: filter.worker_id,
        kind: filter.kind.map(Kind::as_str),
        service_id: filter.service_id,
    }
}

/// An empty `BETWEEN` range: `'1' > '0'`.
pub(super) const NONE: (&str, &str) = ("1", "0");

/// The measures the dashboard charts over time; the others are only summed.
/// Summing them per month too returned four times the rows. Offers are
/// charted because those that reached no one are not contacts
/// ([`tally::unreached_offers`]).
pub const CHARTED: [&str; 4] = [
    measure::CLIENT_KIND,
    measure::MATERIAL,
    measure::RETURNED,
    measure::OFFER,
];

/// The tallies over the filter's range, summed per kind, measure and code,
/// and for the [`CHARTED`] measures per chart bucket.
pub async fn tallies(
    db: &mut dyn ReportReader,
    filter: &Filter,
) -> Result<Vec<TallyRow>, AppError> {
    let sums = TallySums::of(filter);
    // Day rows are charted per day only when the chart is by day; by month
    // they fall into their month.
    let bucket = |day: &str, measure: &str| {
        if !CHARTED.contains(&measure) {
            String::new()
        } else if sums.by_day {
            day.to_owned()
        } else {
            day.get(..7).unwrap_or(day).to_owned()
        }
    };
    let rows = db.tally_sums(&sums).await?;
    // A month's bucket can come from its month rows and from edge days.
    let mut summed: HashMap<(String, String, String, String), i64> = HashMap::new();
    for r in rows {
        *summed
            .entry((r.bucket, r.kind, r.measure, r.code))
            .or_default() += r.value;
    }
    for day in edge_days(db, filter).await? {
        *summed
            .entry((
                bucket(&day.day, day.measure),
                day.kind.to_owned(),
                day.measure.to_owned(),
                day.code,
            ))
            .or_default() += day.value;
    }
    Ok(summed
        .into_iter()
        .map(|((bucket, kind, measure, code), value)| TallyRow {
            bucket,
            kind,
            measure,
            code,
            value,
        })
        .collect())
}

/// [`ReportReader::tally_sums`] on SQLite.
pub async fn tally_sums(
    db: &mut SqliteConnection,
    sums: &TallySums,
) -> Result<Vec<TallyRow>, AppError> {
    let services = sums.services_json();
    // Each part sums its own rows: a compound subquery under an outer
    // GROUP BY is copied row by row, every column, before it is sorted.
    // The measures listed are [`CHARTED`].
    let rows = sqlx::query!(
        r#"SELECT CASE WHEN measure IN ('client_kind', 'material', 'returned', 'offer') THEN period ELSE '' END
                      AS "bucket!: String",
                  kind, measure, code, SUM(value) AS "value!: i64"
           FROM tallies WHERE grain = 'month' AND worker_id = ?9
               AND service_id IN (SELECT value FROM json_each(?11) UNION ALL SELECT id FROM services WHERE ?11 IS NULL) AND period BETWEEN ?2 AND ?3
               AND (?8 IS NULL OR locality = ?8) AND (?10 IS NULL OR kind = ?10)
           GROUP BY 1, kind, measure, code
           UNION ALL
           SELECT CASE WHEN measure NOT IN ('client_kind', 'material', 'returned', 'offer') THEN ''
                       WHEN ?1 THEN period ELSE substr(period, 1, 7) END,
                  kind, measure, code, SUM(value)
           FROM tallies WHERE grain = 'day' AND worker_id = ?9
               AND service_id IN (SELECT value FROM json_each(?11) UNION ALL SELECT id FROM services WHERE ?11 IS NULL) AND period BETWEEN ?4 AND ?5
               AND (?8 IS NULL OR locality = ?8) AND (?10 IS NULL OR kind = ?10)
           GROUP BY 1, kind, measure, code
           UNION ALL
           SELECT CASE WHEN measure NOT IN ('client_kind', 'material', 'returned', 'offer') THEN ''
                       WHEN ?1 THEN period ELSE substr(period, 1, 7) END,
                  kind, measure, code, SUM(value)
           FROM tallies WHERE grain = 'day' AND worker_id = ?9
               AND service_id IN (SELECT value FROM json_each(?11) UNION ALL SELECT id FROM services WHERE ?11 IS NULL) AND period BETWEEN ?6 AND ?7
               AND (?8 IS NULL OR locality = ?8) AND (?10 IS NULL OR kind = ?10)
           GROUP BY 1, kind, measure, code"#,
        sums.by_day,
        sums.months.0,
        sums.months.1,
        sums.head.0,
        sums.head.1,
        sums.tail.0,
        sums.tail.1,
        sums.locality,
        sums.worker,
        sums.kind,
        services
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| TallyRow {
            bucket: r.bucket,
            kind: r.kind,
            measure: r.measure,
            code: r.code,
            value: r.value,
        })
        .collect())
}

/// The edge day ranges to read from the stored (all-workers) day rows:
/// none when the report is for one worker, whose days are counted from the
/// records.
fn stored_edges(filter: &Filter, head: &Between, tail: &Between) -> (Between, Between) {
    if filter.worker_id.is_some() {
        let empty = || (NONE.0.to_owned(), NONE.1.to_owned());
        (empty(), empty())
    } else {
        (head.clone(), tail.clone())
    }
}

/// One worker's edge days within the filter, counted from the records;
/// nothing when the report is for all workers.
async fn edge_days(
    db: &mut dyn ReportReader,
    filter: &Filter,
) -> Result<Vec<tally::WorkerDay>, AppError> {
    let Some(worker_id) = filter.worker_id else {
        return Ok(Vec::new());
    };
    let (_, head, tail) = tally_ranges(filter);
    let counted = db.counted_days([&head, &tail], Some(worker_id)).await?;
    Ok(tally::days_of(counted)?
        .into_iter()
        .filter(|day| in_filter(filter, day))
        .collect())
}

/// Whether a counted day row passes the filter's locality, kind and
/// service.
pub(super) fn in_filter(filter: &Filter, day: &tally::WorkerDay) -> bool {
    filter.locality.as_deref().is_none_or(|l| l == day.locality)
        && filter.kind.is_none_or(|k| k.as_str() == day.kind)
        && filter.service_id.is_none_or(|s| s == day.service_id)
}

/// Contacts per locality: the contact kinds' records, less offers that
/// reached no one ([`tally::unreached_offers`]).
pub async fn contacts_by_locality(
    db: &mut dyn ReportReader,
    filter: &Filter,
) -> Result<Vec<(String, i64)>, AppError> {
    let sums = TallySums::of(filter);
    let mut summed: BTreeMap<String, i64> = db.locality_sums(&sums).await?.into_iter().collect();
    let contact_kinds = tally::CONTACT_KINDS.map(Kind::as_str);
    for day in edge_days(db, filter).await? {
        if day.measure == measure::CLIENT_KIND && contact_kinds.contains(&day.kind) {
            *summed.entry(day.locality).or_default() += day.value;
        } else if tally::unreached_offers(day.measure, &day.code) {
            *summed.entry(day.locality).or_default() -= day.value;
        }
    }
    Ok(summed.into_iter().collect())
}

/// [`ReportReader::locality_sums`] on SQLite.
pub async fn locality_sums(
    db: &mut SqliteConnection,
    sums: &TallySums,
) -> Result<Vec<(String, i64)>, AppError> {
    let services = sums.services_json();
    let rows = sqlx::query!(
        r#"SELECT locality AS "locality!: String", SUM(value) AS "value!: i64"
           FROM (
               SELECT locality, CASE WHEN measure = 'client_kind' THEN value ELSE -value END AS value
                   FROM tallies WHERE grain = 'month' AND worker_id = ?7
                   AND service_id IN (SELECT value FROM json_each(?10) UNION ALL SELECT id FROM services WHERE ?10 IS NULL) AND period BETWEEN ?1 AND ?2
                   AND (measure = 'client_kind' OR (measure = 'offer' AND code LIKE '%/not_reached'))
                   AND kind IN ('contact', 'exchange', 'consultation', 'offer', 'crisis_visit')
                   AND (?8 IS NULL OR locality = ?8) AND (?9 IS NULL OR kind = ?9)
               UNION ALL
               SELECT locality, CASE WHEN measure = 'client_kind' THEN value ELSE -value END AS value
                   FROM tallies WHERE grain = 'day' AND worker_id = ?7
                   AND service_id IN (SELECT value FROM json_each(?10) UNION ALL SELECT id FROM services WHERE ?10 IS NULL) AND period BETWEEN ?3 AND ?4
                   AND (measure = 'client_kind' OR (measure = 'offer' AND code LIKE '%/not_reached'))
                   AND kind IN ('contact', 'exchange', 'consultation', 'offer', 'crisis_visit')
                   AND (?8 IS NULL OR locality = ?8) AND (?9 IS NULL OR kind = ?9)
               UNION ALL
               SELECT locality, CASE WHEN measure = 'client_kind' THEN value ELSE -value END AS value
                   FROM tallies WHERE grain = 'day' AND worker_id = ?7
                   AND service_id IN (SELECT value FROM json_each(?10) UNION ALL SELECT id FROM services WHERE ?10 IS NULL) AND period BETWEEN ?5 AND ?6
                   AND (measure = 'client_kind' OR (measure = 'offer' AND code LIKE '%/not_reached'))
                   AND kind IN ('contact', 'exchange', 'consultation', 'offer', 'crisis_visit')
                   AND (?8 IS NULL OR locality = ?8) AND (?9 IS NULL OR kind = ?9)
           )
           GROUP BY locality"#,
        sums.months.0,
        sums.months.1,
        sums.head.0,
        sums.head.1,
        sums.tail.0,
        sums.tail.1,
        sums.worker,
        sums.locality,
        sums.kind,
        services
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.locality, r.value)).collect())
}

/// The tally ranges of a filter: whole months, and the day ranges at either
/// edge (empty ranges where there are none).
pub(super) fn tally_ranges(filter: &Filter) -> (Between, Between, Between) {
    let split = filter.range.split_months();
    let empty = || (NONE.0.to_owned(), NONE.1.to_owned());
    let edge =
        |range: Option<DayRange>| range.map_or_else(empty, |r| (day_key(r.from), day_key(r.to)));
    (
        split.months.unwrap_or_else(empty),
        edge(split.head),
        edge(split.tail),
    )
}
