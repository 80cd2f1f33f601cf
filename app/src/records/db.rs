//! Storing synced records: a batch is applied in one transaction, each
//! record on its own terms (accepted, duplicate, or rejected with a reason).

use super::kinds::Details;
use super::kinds::Record;
use super::protocol::{Outcome, RecordResult};
use super::validate::{self, KnownCodes, RecordProblem, Rejection};
use crate::catalogue;
use crate::error::{internal, AppError};
use crate::reports::tally;
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::SqlitePool;

/// Applies `records` for `worker_id` from `device_id`. Either the whole
/// batch's outcome is committed or nothing is, so a dropped connection
/// leaves the phone to resend it all; the resend is then acknowledged as
/// duplicates.
pub async fn apply_batch(
    pool: &SqlitePool,
    worker_id: i64,
    device_id: &str,
    records: Vec<serde_json::Value>,
    now: DateTime<Utc>,
) -> Result<(Vec<RecordResult>, i64), AppError> {
    let mut tx = pool.begin().await?;
    let catalogue = catalogue::db::load(&mut tx).await?;
    let known = KnownCodes::from_catalogue(&catalogue);

    let mut results = Vec::with_capacity(records.len());
    // A batch is mostly one worker's day: its tallies collapse to a few
    // keys, written once at the end instead of once per record.
    let mut tallies = std::collections::HashMap::new();
    for (index, value) in records.into_iter().enumerate() {
        let id = value
            .get("id")
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned);
        let outcome = match serde_json::from_value::<Record>(value) {
            Err(error) => Outcome::Rejected(Rejection {
                field: "record".into(),
                problem: RecordProblem::Malformed(error.to_string()),
            }),
            Ok(record) => match validate::check(&record, &known, now) {
                Err(rejection) => Outcome::Rejected(rejection),
                Ok(checked) => {
                    store(
                        &mut tx,
                        worker_id,
                        device_id,
                        &record,
                        &checked,
                        &mut tallies,
                    )
                    .await?
                }
            },
        };
        results.push(RecordResult { index, id, outcome });
    }
    tally::add(&mut tx, &tallies).await?;
    tx.commit().await?;
    Ok((results, catalogue.version))
}

async fn store(
    tx: &mut sqlx::SqliteConnection,
    worker_id: i64,
    device_id: &str,
    record: &Record,
    checked: &validate::Checked,
    tallies: &mut std::collections::HashMap<tally::Key, i64>,
) -> Result<Outcome, AppError> {
    if insert(&mut *tx, worker_id, device_id, record, checked).await? {
        let fact = tally::Fact {
            day: &checked.day,
            locality: &record.locality,
            worker_id,
            client_kind: checked.client_kind,
            details: &record.details,
        };
        tally::add_to(tallies, &fact);
        return Ok(Outcome::Accepted);
    }
    let content = serde_json::to_string(record).map_err(internal)?;
    let existing = sqlx::query!(
        "SELECT worker_id, content FROM records WHERE id = ?",
        record.id
    )
    .fetch_one(&mut *tx)
    .await?;
    if existing.worker_id == worker_id && existing.content == content {
        Ok(Outcome::Duplicate)
    } else {
        Ok(Outcome::Rejected(Rejection {
            field: "id".into(),
            problem: RecordProblem::Conflict,
        }))
    }
}

/// Stores a checked record and notes its client code; `false` when a record
/// with this id exists already (nothing is changed then). Tallies are the
/// caller's: a sync sums a batch's, the demo seeder a whole data set's.
pub async fn insert(
    tx: &mut sqlx::SqliteConnection,
    worker_id: i64,
    device_id: &str,
    record: &Record,
    checked: &validate::Checked,
) -> Result<bool, AppError> {
    let content = serde_json::to_string(record).map_err(internal)?;
    let details = serde_json::to_string(&record.details).map_err(internal)?;
    let kind = record.details.kind().as_str();
    let occurred_utc = checked
        .occurred_at
        .with_timezone(&Utc)
        .to_rfc3339_opts(SecondsFormat::Secs, true);
    let first_contact = record.details.first_contact();
    let columns = report_columns(&record.details);
    let inserted = sqlx::query!(
        r#"INSERT INTO records (id, kind, occurred_at, occurred_utc, day, week, worker_id, device_id,
                                locality, client_kind, client_code, first_contact, note, details, content,
                                target_group, situation, police_record_utc, police_record_day)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO NOTHING"#,
        record.id,
        kind,
        record.occurred_at,
        occurred_utc,
        checked.day,
        checked.week,
        worker_id,
        device_id,
        record.locality,
        checked.client_kind,
        checked.client_code,
        first_contact,
        record.note,
        details,
        content,
        columns.target_group,
        columns.situation,
        columns.police_record_utc,
        columns.police_record_day
    )
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if let (true, Some(code)) = (inserted, &checked.client_code) {
        sqlx::query!("INSERT OR IGNORE INTO clients (code) VALUES (?)", code)
            .execute(&mut *tx)
            .await?;
    }
    Ok(inserted)
}

/// The columns reports filter and group by, besides the common ones.
#[derive(Debug, Default)]
pub struct ReportColumns {
    /// Contacts and exchanges.
    pub target_group: Option<String>,
    /// Crisis visits.
    pub situation: Option<String>,
    /// For an eviction: the police record's time in UTC, and its day as
    /// written on it (the period the case belongs to).
    pub police_record_utc: Option<String>,
    pub police_record_day: Option<String>,
}

pub fn report_columns(details: &Details) -> ReportColumns {
    match details {
        Details::Contact { target_group, .. } | Details::Exchange { target_group, .. } => {
            ReportColumns {
                target_group: Some(tally::wire_name(target_group)),
                ..ReportColumns::default()
            }
        }
        Details::CrisisVisit {
            situation,
            police_record_at,
            ..
        } => {
            let police = police_record_at
                .as_deref()
                .and_then(|at| DateTime::parse_from_rfc3339(at).ok());
            ReportColumns {
                target_group: None,
                situation: Some(tally::wire_name(situation)),
                police_record_utc: police.map(|at| {
                    at.with_timezone(&Utc)
                        .to_rfc3339_opts(SecondsFormat::Secs, true)
                }),
                police_record_day: police.map(|at| at.date_naive().format("%Y-%m-%d").to_string()),
            }
        }
        Details::FoundSyringes { .. } => ReportColumns::default(),
    }
}
