//! An intervention centre's cases over a period: one row per case received
//! (read through the partial index on cases), with its first offer and its
//! count of professional contacts from the index on `case_id`; the figures
//! are summed from those rows, a few hundred a year.
//!
//! Eviction visits that name no case (logged on a phone from before cases)
//! make cases as the figure counted them before cases existed: one per
//! police time typed and client code (each anonymous visit its own),
//! received at that time and offered by the first visit.

use super::tallies::binds;
use crate::error::AppError;
use crate::records::casework::OFFER_WINDOW_HOURS;
use crate::records::kinds::Kind;
use crate::reports::figures::{
    age_band, CaseFigures, CaseState, CaseStatus, Filter, Line, AGE_BANDS, UNKNOWN,
};
use crate::reports::store::{Binds, ReportReader};
use chrono::{DateTime, Datelike, Utc};
use sqlx::SqliteConnection;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A case as read, before summing.
#[derive(Debug, Clone)]
pub struct CaseRow {
    pub id: String,
    pub number: String,
    pub service_id: i64,
    pub received_utc: String,
    pub client_code: Option<String>,
    pub sex: Option<String>,
    pub birth_year: Option<i64>,
    pub children: i64,
    pub relation: String,
    pub repeat_of: Option<String>,
    pub first_offer_utc: Option<String>,
    pub contacts: i64,
}

/// The record kinds a case's figures are made of; a filter on any other
/// kind has no cases.
const CASEWORK: [Kind; 4] = [
    Kind::Case,
    Kind::Offer,
    Kind::Consultation,
    Kind::CrisisVisit,
];

/// Whether a filter's kind can have cases (or it names none).
pub fn has_cases(filter: &Filter) -> bool {
    filter.kind.is_none_or(|kind| CASEWORK.contains(&kind))
}

/// How many cases were received in the filter's range, and how many of
/// them were offered help within 48 hours: the dashboard's figures, read
/// from the indexes alone (`records_cases`, `records_in_case`).
pub async fn offered_in_time(
    db: &mut dyn ReportReader,
    filter: &Filter,
) -> Result<(i64, i64), AppError> {
    if !has_cases(filter) {
        return Ok((0, 0));
    }
    Ok(in_time(&db.case_receipts(&binds(filter)).await?))
}

/// How many cases, received and first offered help at the times given,
/// there are, and how many of them were offered help within 48 hours.
pub fn in_time(receipts: &[(String, Option<String>)]) -> (i64, i64) {
    let far_future = DateTime::<Utc>::MAX_UTC;
    let in_time = receipts
        .iter()
        .filter(|(received_utc, first_offer_utc)| {
            state(received_utc, first_offer_utc.as_deref(), far_future).0 == CaseState::InTime
        })
        .count();
    (receipts.len() as i64, in_time as i64)
}

/// [`ReportReader::case_receipts`] on SQLite.
pub async fn case_receipts(
    db: &mut SqliteConnection,
    b: &Binds,
) -> Result<Vec<(String, Option<String>)>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT c.police_record_utc AS "received_utc!: String",
                  (SELECT MIN(r.occurred_utc) FROM records r
                   WHERE r.case_id = c.id AND r.voided_at IS NULL AND r.service_id = c.service_id)
                      AS "first_offer_utc?: String"
           FROM records c
           WHERE c.kind = 'case' AND c.voided_at IS NULL AND c.police_record_day BETWEEN ?1 AND ?2
             AND (?3 IS NULL OR c.locality = ?3) AND (?4 IS NULL OR c.worker_id = ?4)
             AND (?5 IS NULL OR c.service_id = ?5)
           UNION ALL
           SELECT v.police_record_utc, MIN(v.occurred_utc)
           FROM records v
           WHERE v.situation = 'eviction' AND v.voided_at IS NULL AND v.case_id IS NULL
             AND v.police_record_day BETWEEN ?1 AND ?2
             AND (?3 IS NULL OR v.locality = ?3) AND (?4 IS NULL OR v.worker_id = ?4)
             AND (?5 IS NULL OR v.service_id = ?5)
           GROUP BY v.police_record_utc, COALESCE(v.client_code, v.id)"#,
        b.from,
        b.to,
        b.locality,
        b.worker_id,
        b.service_id
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.received_utc, r.first_offer_utc))
        .collect())
}

/// The cases received in the filter's range.
pub async fn cases(db: &mut dyn ReportReader, filter: &Filter) -> Result<Vec<CaseRow>, AppError> {
    if !has_cases(filter) {
        return Ok(Vec::new());
    }
    let mut rows = db.case_rows(&binds(filter)).await?;
    rows.sort_by(|a, b| {
        (&a.received_utc, &a.number, &a.id).cmp(&(&b.received_utc, &b.number, &b.id))
    });
    Ok(rows)
}

/// [`ReportReader::case_rows`] on SQLite.
pub async fn case_rows(db: &mut SqliteConnection, b: &Binds) -> Result<Vec<CaseRow>, AppError> {
    let rows = sqlx::query!(
        r#"SELECT c.id AS "id!", COALESCE(c.details ->> '$.number', '') AS "number!: String",
                  c.service_id AS "service_id!", c.police_record_utc AS "received_utc!: String",
                  c.client_code AS "client_code?: String", cl.sex AS "sex?: String",
                  cl.birth_year AS "birth_year?: i64",
                  COALESCE(c.details ->> '$.children', 0) AS "children!: i64",
                  COALESCE(c.details ->> '$.relation', '') AS "relation!: String",
                  c.details ->> '$.repeat_of' AS "repeat_of?: String",
                  (SELECT MIN(r.occurred_utc) FROM records r
                   WHERE r.case_id = c.id AND r.voided_at IS NULL AND r.service_id = c.service_id)
                      AS "first_offer_utc?: String",
                  (SELECT COUNT(*) FROM records r
                   WHERE r.case_id = c.id AND r.voided_at IS NULL AND r.service_id = c.service_id
                     AND COALESCE(r.outcome, '') <> 'not_reached')
                      AS "contacts!: i64"
           FROM records c LEFT JOIN clients cl ON cl.code = c.client_code
           WHERE c.kind = 'case' AND c.voided_at IS NULL AND c.police_record_day BETWEEN ?1 AND ?2
             AND (?3 IS NULL OR c.locality = ?3) AND (?4 IS NULL OR c.worker_id = ?4)
             AND (?5 IS NULL OR c.service_id = ?5)
           UNION ALL
           SELECT MIN(v.id), '', MIN(v.service_id), v.police_record_utc, v.client_code,
                  MIN(cl.sex), MIN(cl.birth_year),
                  MAX(COALESCE(v.details ->> '$.children_present', 0)), '', NULL,
                  MIN(v.occurred_utc), COUNT(*)
           FROM records v LEFT JOIN clients cl ON cl.code = v.client_code
           WHERE v.situation = 'eviction' AND v.voided_at IS NULL AND v.case_id IS NULL
             AND v.police_record_day BETWEEN ?1 AND ?2
             AND (?3 IS NULL OR v.locality = ?3) AND (?4 IS NULL OR v.worker_id = ?4)
             AND (?5 IS NULL OR v.service_id = ?5)
           GROUP BY v.police_record_utc, COALESCE(v.client_code, v.id)"#,
        b.from,
        b.to,
        b.locality,
        b.worker_id,
        b.service_id
    )
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CaseRow {
            id: r.id,
            number: r.number,
            service_id: r.service_id,
            received_utc: r.received_utc,
            client_code: r.client_code,
            sex: r.sex,
            birth_year: r.birth_year,
            children: r.children,
            relation: r.relation,
            repeat_of: r.repeat_of,
            first_offer_utc: r.first_offer_utc,
            contacts: r.contacts,
        })
        .collect())
}

fn utc(value: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(value)
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

/// Where a case received at `received_utc` and first offered help at
/// `first_offer_utc` stands at `now`, and by how many hours.
fn state(
    received_utc: &str,
    first_offer_utc: Option<&str>,
    now: DateTime<Utc>,
) -> (CaseState, i64) {
    let received = utc(received_utc);
    let offered = first_offer_utc.and_then(utc);
    match (received, offered) {
        (Some(received), Some(offered)) => {
            let late = (offered - received).num_minutes() - OFFER_WINDOW_HOURS * 60;
            if late <= 0 {
                (CaseState::InTime, 0)
            } else {
                (CaseState::Late, (late + 59) / 60)
            }
        }
        (Some(received), None) => {
            let since = (now - received).num_minutes();
            if since < OFFER_WINDOW_HOURS * 60 {
                (CaseState::Open, OFFER_WINDOW_HOURS - since / 60)
            } else {
                (CaseState::Never, since / 60)
            }
        }
        // A time that does not read counts against the centre, never for it.
        (None, _) => (CaseState::Never, 0),
    }
}

/// Where `case` stands at `now`.
pub fn status(case: &CaseRow, now: DateTime<Utc>) -> CaseStatus {
    let (state, hours) = state(&case.received_utc, case.first_offer_utc.as_deref(), now);
    CaseStatus {
        id: case.id.clone(),
        number: case.number.clone(),
        service_id: case.service_id,
        received_utc: case.received_utc.clone(),
        first_offer_utc: case.first_offer_utc.clone(),
        state,
        hours,
    }
}

/// The figures over `rows`; ages as reached in `year`.
pub fn figures(rows: &[CaseRow], year: i32, relations: &[(String, String)]) -> CaseFigures {
    let mut f = CaseFigures {
        cases: rows.len() as i64,
        ..CaseFigures::default()
    };
    let mut months: BTreeMap<String, i64> = BTreeMap::new();
    let mut by_relation: HashMap<&str, i64> = HashMap::new();
    let mut sexes: HashMap<String, i64> = HashMap::new();
    let mut bands: HashMap<&str, i64> = HashMap::new();
    let mut people: HashSet<&str> = HashSet::new();
    let far_future = DateTime::<Utc>::MAX_UTC;
    for case in rows {
        if status(case, far_future).state == CaseState::InTime {
            f.offered_within_48h += 1;
        }
        if case.repeat_of.is_some() {
            f.repeat_evictions += 1;
        }
        f.children += case.children;
        if case.contacts >= 2 {
            f.with_follow_up += 1;
        }
        *months
            .entry(case.received_utc.chars().take(7).collect())
            .or_default() += 1;
        *by_relation.entry(case.relation.as_str()).or_default() += 1;
        let new_person = match &case.client_code {
            Some(code) => people.insert(code.as_str()),
            None => true,
        };
        if new_person {
            let sex = case.sex.clone().unwrap_or_else(|| UNKNOWN.to_owned());
            *sexes.entry(sex).or_default() += 1;
            let band = case
                .birth_year
                .and_then(|born| age_band(i64::from(year) - born))
                .unwrap_or(UNKNOWN);
            *bands.entry(band).or_default() += 1;
        }
    }
    let line = |code: &str, label: &str, count: i64| Line {
        code: code.to_owned(),
        label: label.to_owned(),
        count,
    };
    f.by_month = months
        .into_iter()
        .map(|(month, n)| line(&month, &month, n))
        .collect();
    f.by_relation = relations
        .iter()
        .map(|(code, label)| line(code, label, by_relation.remove(code.as_str()).unwrap_or(0)))
        .collect();
    // Codes no longer in the list, and cases where it was not asked.
    let mut rest: Vec<_> = by_relation.into_iter().collect();
    rest.sort();
    f.by_relation
        .extend(rest.into_iter().map(|(code, n)| line(code, code, n)));
    f.endangered_by_sex = ["female", "male", UNKNOWN]
        .into_iter()
        .map(|sex| line(sex, sex, sexes.get(sex).copied().unwrap_or(0)))
        .collect();
    f.endangered_by_band = AGE_BANDS
        .iter()
        .map(|(_, band)| *band)
        .chain([UNKNOWN])
        .map(|band| line(band, band, bands.get(band).copied().unwrap_or(0)))
        .collect();
    f
}

/// The year whose ages a range reports: its last day's.
pub fn report_year(filter: &Filter) -> i32 {
    filter.range.to.year()
}

/// The cases page at `now`: figures over the filter's cases and those that
/// need the coordinator.
pub async fn case_report(
    db: &mut dyn ReportReader,
    filter: Filter,
    now: DateTime<Utc>,
) -> Result<crate::reports::figures::CaseReport, AppError> {
    let catalogue = db.catalogue().await?;
    let relations: Vec<(String, String)> = catalogue
        .list(crate::catalogue::ListKind::Relation)
        .map(|item| (item.code.clone(), item.label.clone()))
        .collect();
    let rows = cases(db, &filter).await?;
    let statuses: Vec<CaseStatus> = rows.iter().map(|case| status(case, now)).collect();
    let mut open: Vec<CaseStatus> = statuses
        .iter()
        .filter(|s| s.state == CaseState::Open)
        .cloned()
        .collect();
    open.sort_by_key(|s| s.hours);
    let late = statuses
        .into_iter()
        .filter(|s| matches!(s.state, CaseState::Late | CaseState::Never))
        .collect();
    Ok(crate::reports::figures::CaseReport {
        figures: figures(&rows, report_year(&filter), &relations),
        services: super::dashboard::service_choices(&catalogue),
        filter,
        open,
        late,
    })
}
