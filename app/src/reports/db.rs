//! The report queries. Additive figures come from the tallies (whole months
//! from month rows, the edge days from day rows); unique clients come from
//! one index seek per known client code; eviction cases from a small
//! partial index. See `server/migrations/20261121000004_reports.sql`.

use super::figures::{
    AnnualReport, BreakdownBy, BreakdownRow, Dashboard, Figures, Filter, Line, Point, RecordPage,
    RecordRow,
};
use super::period::{day_key, Bucket, DayRange};
use super::tally::{self, measure};
use super::{CAPSULES, SYRINGES, TEST_PREFIX};
use crate::audit::{self, Actor};
use crate::catalogue::{self, Catalogue, ListKind};
use crate::error::{internal, AppError, Problem};
use crate::records::kinds::{Details, Kind, Situation, TargetGroup};
use chrono::NaiveDate;
use sqlx::SqliteConnection;
use std::collections::{BTreeMap, HashMap};

/// One summed tally row.
#[derive(Debug, Clone)]
pub struct TallyRow {
    pub bucket: String,
    pub kind: String,
    pub measure: String,
    pub code: String,
    pub value: i64,
}

/// Bind values for a filter, in the shape the queries take.
struct Binds {
    from: String,
    to: String,
    locality: Option<String>,
    worker_id: Option<i64>,
    kind: Option<&'static str>,
}

fn binds(filter: &Filter) -> Binds {
    Binds {
        from: day_key(filter.range.from),
        to: day_key(filter.range.to),
        locality: filter.locality.clone(),
        worker_id: filter.worker_id,
        kind: filter.kind.map(Kind::as_str),
    }
}

/// An empty `BETWEEN` range: `'1' > '0'`.
const NONE: (&str, &str) = ("1", "0");

/// The tallies over the filter's range, summed per chart bucket, kind,
/// measure and code.
pub async fn tallies(
    db: &mut SqliteConnection,
    filter: &Filter,
) -> Result<Vec<TallyRow>, AppError> {
    let b = binds(filter);
    let (months, head, tail) = tally_ranges(filter);
    // Day rows are charted per day only when the chart is by day; by month
    // they fall into their month.
    let by_day = filter.range.bucket() == Bucket::Day;
    let bucket = |day: &str| {
        if by_day {
            day.to_owned()
        } else {
            day.get(..7).unwrap_or(day).to_owned()
        }
    };
    let worker = b.worker_id.unwrap_or(tally::ALL_WORKERS);
    let (sql_head, sql_tail) = stored_edges(filter, &head, &tail);
    let rows = sqlx::query!(
        r#"SELECT CASE WHEN grain = 'day' AND ?1 THEN period ELSE substr(period, 1, 7) END AS "bucket!: String",
                  kind, measure, code, SUM(value) AS "value!: i64"
           FROM (
               SELECT * FROM tallies WHERE grain = 'month' AND worker_id = ?9 AND period BETWEEN ?2 AND ?3
               UNION ALL
               SELECT * FROM tallies WHERE grain = 'day' AND worker_id = ?9 AND period BETWEEN ?4 AND ?5
               UNION ALL
               SELECT * FROM tallies WHERE grain = 'day' AND worker_id = ?9 AND period BETWEEN ?6 AND ?7
           )
           WHERE (?8 IS NULL OR locality = ?8)
             AND (?10 IS NULL OR kind = ?10)
           GROUP BY 1, kind, measure, code"#,
        by_day,
        months.0,
        months.1,
        sql_head.0,
        sql_head.1,
        sql_tail.0,
        sql_tail.1,
        b.locality,
        worker,
        b.kind
    )
    .fetch_all(&mut *db)
    .await?;
    let mut summed: HashMap<(String, String, String, String), i64> = rows
        .into_iter()
        .map(|r| ((r.bucket, r.kind, r.measure, r.code), r.value))
        .collect();
    for day in edge_days(db, filter, &head, &tail).await? {
        *summed
            .entry((
                bucket(&day.day),
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
    db: &mut SqliteConnection,
    filter: &Filter,
    head: &Between,
    tail: &Between,
) -> Result<Vec<tally::WorkerDay>, AppError> {
    let Some(worker_id) = filter.worker_id else {
        return Ok(Vec::new());
    };
    let days = tally::worker_days(
        db,
        [(&head.0, &head.1), (&tail.0, &tail.1)],
        Some(worker_id),
    )
    .await?;
    Ok(days
        .into_iter()
        .filter(|day| in_filter(filter, &day.locality, day.kind))
        .collect())
}

/// Whether a counted day row passes the filter's locality and kind.
fn in_filter(filter: &Filter, locality: &str, kind: &str) -> bool {
    filter.locality.as_deref().is_none_or(|l| l == locality)
        && filter.kind.is_none_or(|k| k.as_str() == kind)
}

/// Contacts (contact and exchange records) per locality.
pub async fn contacts_by_locality(
    db: &mut SqliteConnection,
    filter: &Filter,
) -> Result<Vec<(String, i64)>, AppError> {
    let b = binds(filter);
    let (months, edge_head, edge_tail) = tally_ranges(filter);
    let (head, tail) = stored_edges(filter, &edge_head, &edge_tail);
    let worker = b.worker_id.unwrap_or(tally::ALL_WORKERS);
    let rows = sqlx::query!(
        r#"SELECT locality, SUM(value) AS "value!: i64"
           FROM (
               SELECT * FROM tallies WHERE grain = 'month' AND worker_id = ?7 AND period BETWEEN ?1 AND ?2
               UNION ALL
               SELECT * FROM tallies WHERE grain = 'day' AND worker_id = ?7 AND period BETWEEN ?3 AND ?4
               UNION ALL
               SELECT * FROM tallies WHERE grain = 'day' AND worker_id = ?7 AND period BETWEEN ?5 AND ?6
           )
           WHERE measure = 'client_kind' AND kind IN ('contact', 'exchange')
             AND (?8 IS NULL OR locality = ?8) AND (?9 IS NULL OR kind = ?9)
           GROUP BY locality"#,
        months.0,
        months.1,
        head.0,
        head.1,
        tail.0,
        tail.1,
        worker,
        b.locality,
        b.kind
    )
    .fetch_all(&mut *db)
    .await?;
    let mut summed: BTreeMap<String, i64> =
        rows.into_iter().map(|r| (r.locality, r.value)).collect();
    let contact_kinds = tally::CONTACT_KINDS.map(Kind::as_str);
    for day in edge_days(db, filter, &edge_head, &edge_tail).await? {
        if day.measure == measure::CLIENT_KIND && contact_kinds.contains(&day.kind) {
            *summed.entry(day.locality).or_default() += day.value;
        }
    }
    Ok(summed.into_iter().collect())
}

type Between = (String, String);

/// The tally ranges of a filter: whole months, and the day ranges at either
/// edge (empty ranges where there are none).
fn tally_ranges(filter: &Filter) -> (Between, Between, Between) {
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

/// Unique clients in the filter's range by target group (`""` for clients
/// seen only in records without one).
pub async fn clients_by_group(
    db: &mut SqliteConnection,
    filter: &Filter,
) -> Result<Vec<(String, i64)>, AppError> {
    let b = binds(filter);
    // The ORDER BY follows the index, so each seek stops at its first hit;
    // the tie-breaks make "latest" exact when a client has two records on
    // one day.
    let rows = sqlx::query!(
        r#"SELECT grp AS "grp!: String", COUNT(*) AS "clients!: i64" FROM (
               SELECT COALESCE(
                   (SELECT r.target_group FROM records r
                    WHERE r.client_code = c.code AND r.voided_at IS NULL
                      AND r.day BETWEEN ?1 AND ?2 AND r.target_group IS NOT NULL
                      AND (?3 IS NULL OR r.locality = ?3) AND (?4 IS NULL OR r.worker_id = ?4)
                      AND (?5 IS NULL OR r.kind = ?5)
                    ORDER BY r.day DESC, r.locality DESC, r.worker_id DESC, r.kind DESC, r.target_group DESC
                    LIMIT 1),
                   (SELECT '' FROM records r
                    WHERE r.client_code = c.code AND r.voided_at IS NULL
                      AND r.day BETWEEN ?1 AND ?2
                      AND (?3 IS NULL OR r.locality = ?3) AND (?4 IS NULL OR r.worker_id = ?4)
                      AND (?5 IS NULL OR r.kind = ?5)
                    LIMIT 1)) AS grp
               FROM clients c)
           WHERE grp IS NOT NULL
           GROUP BY grp"#,
        b.from,
        b.to,
        b.locality,
        b.worker_id,
        b.kind
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.grp, r.clients)).collect())
}

/// Eviction cases whose police record is dated in the range, and how many
/// of them were first visited within 48 hours of it. A case is one police
/// record and one client (each visit without a code is its own case).
pub async fn evictions(db: &mut SqliteConnection, filter: &Filter) -> Result<(i64, i64), AppError> {
    let b = binds(filter);
    if b.kind
        .is_some_and(|kind| kind != Kind::CrisisVisit.as_str())
    {
        return Ok((0, 0));
    }
    let row = sqlx::query!(
        r#"SELECT COUNT(*) AS "cases!: i64", COALESCE(SUM(within), 0) AS "within!: i64" FROM (
               SELECT (julianday(MIN(occurred_utc)) - julianday(police_record_utc)) * 24 <= 48 AS within
               FROM records
               WHERE situation = 'eviction' AND voided_at IS NULL
                 AND police_record_day BETWEEN ?1 AND ?2
                 AND (?3 IS NULL OR locality = ?3) AND (?4 IS NULL OR worker_id = ?4)
               GROUP BY police_record_utc, COALESCE(client_code, id))"#,
        b.from,
        b.to,
        b.locality,
        b.worker_id
    )
    .fetch_one(&mut *db)
    .await?;
    Ok((row.cases, row.within))
}

/// Turns summed tallies, clients and evictions into figures, with list
/// codes labelled from the catalogue.
pub fn assemble(
    rows: &[TallyRow],
    clients: &[(String, i64)],
    evictions: (i64, i64),
    catalogue: &Catalogue,
) -> Figures {
    let contact_kinds = tally::CONTACT_KINDS.map(Kind::as_str);
    let mut f = Figures::default();
    let mut materials: HashMap<&str, i64> = HashMap::new();
    let mut acts: HashMap<&str, i64> = HashMap::new();
    let mut situations: HashMap<&str, i64> = HashMap::new();
    for row in rows {
        let is_contact = contact_kinds.contains(&row.kind.as_str());
        match row.measure.as_str() {
            measure::CLIENT_KIND => {
                if is_contact {
                    f.contacts += row.value;
                    if row.code != "code" {
                        f.anonymous_contacts += row.value;
                    }
                }
                if row.kind == Kind::Exchange.as_str() {
                    f.exchanges += row.value;
                }
                if row.kind == Kind::CrisisVisit.as_str() {
                    f.crisis_visits += row.value;
                }
            }
            measure::FIRST_CONTACTS => f.first_contacts += row.value,
            measure::MATERIAL => *materials.entry(&row.code).or_default() += row.value,
            measure::RETURNED => f.syringes_returned += row.value,
            measure::ACT => *acts.entry(&row.code).or_default() += row.value,
            measure::SITUATION => *situations.entry(&row.code).or_default() += row.value,
            measure::FOUND => f.found_syringes += row.value,
            _ => {}
        }
    }
    f.syringes_given = materials.get(SYRINGES).copied().unwrap_or(0);
    f.materials = lines(catalogue, ListKind::Material, &materials);
    f.service_acts = lines(catalogue, ListKind::ServiceAct, &acts);
    f.situations = Situation::ALL
        .iter()
        .map(|s| {
            let code = tally::wire_name(s);
            let count = situations.get(code.as_str()).copied().unwrap_or(0);
            Line {
                label: code.clone(),
                code,
                count,
            }
        })
        .filter(|line| line.count != 0)
        .collect();
    for (group, count) in clients {
        f.unique_clients += count;
        match TargetGroup::ALL
            .iter()
            .find(|g| tally::wire_name(*g) == *group)
        {
            Some(g) => f.clients_by_group.push((*g, *count)),
            None => f.clients_without_group += count,
        }
    }
    f.clients_by_group
        .sort_by_key(|(g, _)| TargetGroup::ALL.iter().position(|x| x == g));
    (f.eviction_cases, f.eviction_cases_within_48h) = evictions;
    f
}

/// Lines in list order, then any codes no longer in the list; zero lines
/// are left out.
fn lines(catalogue: &Catalogue, list: ListKind, counts: &HashMap<&str, i64>) -> Vec<Line> {
    let mut out: Vec<Line> = catalogue
        .list(list)
        .map(|item| Line {
            code: item.code.clone(),
            label: item.label.clone(),
            count: counts.get(item.code.as_str()).copied().unwrap_or(0),
        })
        .collect();
    let mut unknown: Vec<_> = counts
        .iter()
        .filter(|(code, _)| !out.iter().any(|l| l.code == **code))
        .map(|(code, count)| Line {
            code: (*code).to_owned(),
            label: (*code).to_owned(),
            count: *count,
        })
        .collect();
    unknown.sort_by(|a, b| a.code.cmp(&b.code));
    out.extend(unknown);
    out.retain(|line| line.count != 0);
    out
}

/// Everything the dashboard shows.
pub async fn dashboard(db: &mut SqliteConnection, filter: Filter) -> Result<Dashboard, AppError> {
    let catalogue = catalogue::db::load(&mut *db).await?;
    let rows = tallies(&mut *db, &filter).await?;
    let clients = clients_by_group(&mut *db, &filter).await?;
    let evictions = evictions(&mut *db, &filter).await?;
    let figures = assemble(&rows, &clients, evictions, &catalogue);

    let contact_kinds = tally::CONTACT_KINDS.map(Kind::as_str);
    let mut points: BTreeMap<String, Point> = filter
        .range
        .bucket_keys()
        .into_iter()
        .map(|bucket| {
            (
                bucket.clone(),
                Point {
                    bucket,
                    ..Point::default()
                },
            )
        })
        .collect();
    for row in &rows {
        let Some(point) = points.get_mut(&row.bucket) else {
            continue;
        };
        match (row.measure.as_str(), row.kind.as_str()) {
            (measure::CLIENT_KIND, kind) if contact_kinds.contains(&kind) => {
                point.contacts += row.value;
            }
            (measure::CLIENT_KIND, "crisis_visit") => point.crisis_visits += row.value,
            (measure::MATERIAL, _) if row.code == SYRINGES => point.syringes_given += row.value,
            (measure::RETURNED, _) => point.syringes_returned += row.value,
            _ => {}
        }
    }
    let by_locality = contacts_by_locality(&mut *db, &filter).await?;
    let by_locality: HashMap<&str, i64> = by_locality
        .iter()
        .map(|(code, n)| (code.as_str(), *n))
        .collect();
    let contacts_by_locality = lines(&catalogue, ListKind::Locality, &by_locality);
    Ok(Dashboard {
        localities: catalogue
            .list(ListKind::Locality)
            .map(|item| (item.code.clone(), item.label.clone()))
            .collect(),
        workers: workers(&mut *db).await?,
        filter,
        figures,
        over_time: points.into_values().collect(),
        contacts_by_locality,
    })
}

/// Accounts that have synced records, for the worker filter.
pub async fn workers(db: &mut SqliteConnection) -> Result<Vec<(i64, String)>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT id AS "id!", display_name FROM users
           WHERE EXISTS (SELECT 1 FROM tallies WHERE grain = 'month' AND worker_id = users.id)
           ORDER BY display_name COLLATE NOCASE"#
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.display_name)).collect())
}

/// The breakdown by locality or worker: the same figures per row.
pub async fn breakdown(
    db: &mut SqliteConnection,
    filter: &Filter,
    by: BreakdownBy,
) -> Result<Vec<BreakdownRow>, AppError> {
    let catalogue = catalogue::db::load(&mut *db).await?;
    let mut rows: BTreeMap<String, BreakdownRow> = BTreeMap::new();
    // Per-row tallies: the same union as the dashboard, keyed by locality
    // or worker instead of bucket.
    let (months, edge_head, edge_tail) = tally_ranges(filter);
    let b = binds(filter);
    let by_worker = by == BreakdownBy::Worker;
    // Per-worker edges are counted from the records (there are no day rows
    // per worker); the all-workers rows have their own.
    let per_worker = by_worker || filter.worker_id.is_some();
    let empty = || (NONE.0.to_owned(), NONE.1.to_owned());
    let ((head_from, head_to), (tail_from, tail_to)) = if per_worker {
        (empty(), empty())
    } else {
        (edge_head.clone(), edge_tail.clone())
    };
    // By worker: each worker's own rows (one range scan per worker); by
    // locality: the all-workers rows, or the one chosen worker's.
    let tallies = sqlx::query!(
        r#"WITH workers (id) AS (
               SELECT id FROM users WHERE ?1 AND (?9 IS NULL OR id = ?9)
               UNION ALL
               SELECT COALESCE(?9, 0) WHERE NOT ?1)
           SELECT CASE WHEN ?1 THEN CAST(worker_id AS TEXT) ELSE locality END AS "key!: String",
                  kind, measure, code, SUM(value) AS "value!: i64"
           FROM (
               SELECT * FROM tallies WHERE grain = 'month' AND worker_id IN workers AND period BETWEEN ?2 AND ?3
               UNION ALL
               SELECT * FROM tallies WHERE grain = 'day' AND worker_id IN workers AND period BETWEEN ?4 AND ?5
               UNION ALL
               SELECT * FROM tallies WHERE grain = 'day' AND worker_id IN workers AND period BETWEEN ?6 AND ?7
           )
           WHERE (?8 IS NULL OR locality = ?8)
             AND (?10 IS NULL OR kind = ?10)
             AND measure IN ('client_kind', 'first_contacts', 'material', 'returned', 'found')
           GROUP BY 1, kind, measure, code"#,
        by_worker,
        months.0,
        months.1,
        head_from,
        head_to,
        tail_from,
        tail_to,
        b.locality,
        b.worker_id,
        b.kind
    )
    .fetch_all(&mut *db)
    .await?;
    let mut tallies: Vec<(String, String, String, String, i64)> = tallies
        .into_iter()
        .map(|t| (t.key, t.kind, t.measure, t.code, t.value))
        .collect();
    if per_worker {
        let days = tally::worker_days(
            db,
            [(&edge_head.0, &edge_head.1), (&edge_tail.0, &edge_tail.1)],
            filter.worker_id,
        )
        .await?;
        tallies.extend(
            days.into_iter()
                .filter(|day| in_filter(filter, &day.locality, day.kind))
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
            measure::CLIENT_KIND if is_contact => {
                row.contacts += value;
                if kind == Kind::Exchange.as_str() {
                    row.exchanges += value;
                }
            }
            measure::CLIENT_KIND if kind == Kind::CrisisVisit.as_str() => {
                row.crisis_visits += value
            }
            measure::FIRST_CONTACTS => row.first_contacts += value,
            measure::MATERIAL if code == SYRINGES => row.syringes_given += value,
            measure::RETURNED => row.syringes_returned += value,
            measure::FOUND => row.found_syringes += value,
            _ => {}
        }
    }
    let clients = sqlx::query!(
        r#"SELECT CASE WHEN ?1 THEN CAST(worker_id AS TEXT) ELSE locality END AS "key!: String",
                  COUNT(DISTINCT client_code) AS "clients!: i64"
           FROM records INDEXED BY records_clients_by_day
           WHERE client_code IS NOT NULL AND voided_at IS NULL AND day BETWEEN ?2 AND ?3
             AND (?4 IS NULL OR locality = ?4) AND (?5 IS NULL OR worker_id = ?5)
             AND (?6 IS NULL OR kind = ?6)
           GROUP BY 1"#,
        by_worker,
        b.from,
        b.to,
        b.locality,
        b.worker_id,
        b.kind
    )
    .fetch_all(&mut *db)
    .await?;
    for c in clients {
        rows.entry(c.key.clone())
            .or_insert_with(|| BreakdownRow {
                key: c.key.clone(),
                ..BreakdownRow::default()
            })
            .unique_clients = c.clients;
    }
    let names: HashMap<String, String> = if by_worker {
        sqlx::query!(r#"SELECT id AS "id!", display_name FROM users"#)
            .fetch_all(&mut *db)
            .await?
            .into_iter()
            .map(|r| (r.id.to_string(), r.display_name))
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

/// The annual report for `year`, over every locality, worker and kind.
pub async fn annual(db: &mut SqliteConnection, year: i32) -> Result<AnnualReport, AppError> {
    let range = NaiveDate::from_ymd_opt(year, 1, 1)
        .zip(NaiveDate::from_ymd_opt(year, 12, 31))
        .and_then(|(from, to)| DayRange::custom(from, to))
        .ok_or_else(|| AppError::invalid("year", Problem::Unknown))?;
    let filter = Filter {
        range,
        locality: None,
        worker_id: None,
        kind: None,
    };
    let catalogue = catalogue::db::load(&mut *db).await?;
    let rows = tallies(&mut *db, &filter).await?;
    let clients = clients_by_group(&mut *db, &filter).await?;
    let evictions = evictions(&mut *db, &filter).await?;
    let f = assemble(&rows, &clients, evictions, &catalogue);
    Ok(AnnualReport {
        year,
        clients: f.unique_clients,
        injecting_clients: f.clients_in_group(TargetGroup::InjectingUser),
        first_contacts: f.first_contacts,
        contacts: f.contacts,
        exchanges: f.exchanges,
        syringes_given: f.syringes_given,
        gelatin_capsules: f
            .materials
            .iter()
            .filter(|l| l.code == CAPSULES)
            .map(|l| l.count)
            .sum(),
        tests: f
            .service_acts
            .iter()
            .filter(|l| l.code.starts_with(TEST_PREFIX))
            .map(|l| l.count)
            .sum(),
        crisis_visits: f.crisis_visits,
    })
}

pub const PAGE_SIZE: i64 = 50;

/// A page of synced records, newest first.
pub async fn records(
    db: &mut SqliteConnection,
    filter: &Filter,
    page: i64,
) -> Result<RecordPage, AppError> {
    let b = binds(filter);
    let total = sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM records
           WHERE day BETWEEN ?1 AND ?2
             AND (?3 IS NULL OR locality = ?3) AND (?4 IS NULL OR worker_id = ?4)
             AND (?5 IS NULL OR kind = ?5)"#,
        b.from,
        b.to,
        b.locality,
        b.worker_id,
        b.kind
    )
    .fetch_one(&mut *db)
    .await?;
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    let offset = (page - 1) * PAGE_SIZE;
    let rows = sqlx::query!(
        r#"SELECT r.id, r.kind, r.occurred_at, r.locality, u.display_name AS worker,
                  r.client_kind, r.client_code, r.details, r.voided_at, r.void_reason
           FROM records r JOIN users u ON u.id = r.worker_id
           WHERE r.day BETWEEN ?1 AND ?2
             AND (?3 IS NULL OR r.locality = ?3) AND (?4 IS NULL OR r.worker_id = ?4)
             AND (?5 IS NULL OR r.kind = ?5)
           ORDER BY r.occurred_utc DESC, r.id
           LIMIT ?6 OFFSET ?7"#,
        b.from,
        b.to,
        b.locality,
        b.worker_id,
        b.kind,
        PAGE_SIZE,
        offset
    )
    .fetch_all(&mut *db)
    .await?;
    let rows = rows
        .into_iter()
        .map(|r| {
            let details: Details = serde_json::from_str(&r.details).map_err(internal)?;
            Ok(RecordRow {
                summary: summary(&details),
                kind: details.kind(),
                id: r.id,
                occurred_at: r.occurred_at,
                locality: r.locality,
                worker: r.worker,
                client: r.client_code.unwrap_or(r.client_kind),
                voided: r
                    .voided_at
                    .map(|at| format!("{at}: {}", r.void_reason.unwrap_or_default())),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(RecordPage {
        rows,
        page,
        pages,
        total,
    })
}

/// One line saying what a record holds, for the browser's table.
fn summary(details: &Details) -> String {
    match details {
        Details::Contact { service_acts, .. } => service_acts.join(", "),
        Details::Exchange {
            materials,
            returned_syringes,
            ..
        } => {
            let mut parts: Vec<String> = materials
                .iter()
                .map(|m| format!("{} {}", m.material, m.count))
                .collect();
            parts.push(format!("↩ {returned_syringes}"));
            parts.join(", ")
        }
        Details::CrisisVisit { situation, .. } => tally::wire_name(situation),
        Details::FoundSyringes { count } => count.to_string(),
    }
}

pub const VOID_REASON_MAX: usize = 500;

/// Voids a record: it drops out of every figure, stays in the database with
/// who voided it, when and why, and the audit log says so.
pub async fn void(
    db: &mut SqliteConnection,
    actor: &Actor,
    id: &str,
    reason: &str,
) -> Result<(), AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::invalid("reason", Problem::Required));
    }
    if reason.chars().count() > VOID_REASON_MAX {
        return Err(AppError::invalid(
            "reason",
            Problem::TooLong {
                max: VOID_REASON_MAX,
            },
        ));
    }
    let row = sqlx::query!(
        "UPDATE records
         SET voided_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), void_reason = ?, voided_by = ?
         WHERE id = ? AND voided_at IS NULL
         RETURNING day, locality, worker_id, client_kind, details",
        reason,
        actor.id,
        id
    )
    .fetch_optional(&mut *db)
    .await?;
    let Some(row) = row else {
        let exists =
            sqlx::query_scalar!(r#"SELECT 1 AS "one!: i64" FROM records WHERE id = ?"#, id)
                .fetch_optional(&mut *db)
                .await?;
        return Err(match exists {
            Some(_) => AppError::invalid("id", Problem::Taken),
            None => AppError::NotFound,
        });
    };
    let details: Details = serde_json::from_str(&row.details).map_err(internal)?;
    let fact = tally::Fact {
        day: &row.day,
        locality: &row.locality,
        worker_id: row.worker_id,
        client_kind: &row.client_kind,
        details: &details,
    };
    tally::subtract(&mut *db, &fact).await?;
    audit::record(&mut *db, actor, "record_voided", id, reason).await?;
    Ok(())
}

pub async fn suppression(db: &mut SqliteConnection) -> Result<bool, AppError> {
    let value =
        sqlx::query_scalar!("SELECT value FROM settings WHERE key = 'suppress_small_counts'")
            .fetch_optional(&mut *db)
            .await?;
    Ok(value.as_deref() != Some("0"))
}

pub async fn set_suppression(
    db: &mut SqliteConnection,
    actor: &Actor,
    on: bool,
) -> Result<(), AppError> {
    let value = if on { "1" } else { "0" };
    sqlx::query!(
        "INSERT INTO settings (key, value) VALUES ('suppress_small_counts', ?1)
         ON CONFLICT (key) DO UPDATE SET value = ?1,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
        value
    )
    .execute(&mut *db)
    .await?;
    audit::record(
        &mut *db,
        actor,
        "suppression_changed",
        "suppress_small_counts",
        value,
    )
    .await?;
    Ok(())
}
