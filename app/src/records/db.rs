//! Storing records: one `records` row per record, its client code noted.

use super::kinds::{wire_name, ClientBasics, Details, Record};
use super::validate;
use crate::error::{internal, AppError};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use sqlx::{SqliteConnection, SqliteExecutor};
use std::borrow::Borrow;
use std::collections::HashMap;

/// One `records` row, as it travels to SQLite: a JSON object per row, its
/// fields named like the columns.
#[derive(Debug, Serialize)]
pub struct Row {
    pub(crate) id: String,
    pub(crate) revision: i64,
    pub(crate) kind: &'static str,
    pub(crate) occurred_at: String,
    pub(crate) occurred_utc: String,
    pub(crate) day: String,
    pub(crate) week: String,
    pub(crate) worker_id: i64,
    pub(crate) service_id: i64,
    pub(crate) device_id: String,
    pub(crate) locality: String,
    pub(crate) client_kind: &'static str,
    pub(crate) client_code: Option<String>,
    pub(crate) first_contact: i64,
    pub(crate) note: String,
    pub(crate) details: String,
    pub(crate) content: String,
    pub(crate) target_group: Option<String>,
    pub(crate) situation: Option<String>,
    pub(crate) police_record_utc: Option<String>,
    pub(crate) police_record_day: Option<String>,
    pub(crate) case_id: Option<String>,
}

impl Row {
    /// `service_id` is the record's service as the server decided it (a
    /// record from an older phone names none).
    pub fn new(
        worker_id: i64,
        service_id: i64,
        device_id: &str,
        record: &Record,
        checked: &validate::Checked,
    ) -> Result<Row, AppError> {
        let columns = report_columns(&record.details);
        Ok(Row {
            id: record.id.clone(),
            revision: i64::from(record.revision),
            kind: record.details.kind().as_str(),
            occurred_at: record.occurred_at.clone(),
            occurred_utc: checked
                .occurred_at
                .with_timezone(&Utc)
                .to_rfc3339_opts(SecondsFormat::Secs, true),
            day: checked.day.clone(),
            week: checked.week.clone(),
            worker_id,
            service_id,
            device_id: device_id.to_owned(),
            locality: record.locality.clone(),
            client_kind: checked.client_kind,
            client_code: checked.client_code.clone(),
            first_contact: i64::from(record.details.first_contact()),
            note: record.note.clone(),
            details: serde_json::to_string(&record.details).map_err(internal)?,
            content: serde_json::to_string(record).map_err(internal)?,
            target_group: columns.target_group,
            situation: columns.situation,
            police_record_utc: columns.police_record_utc,
            police_record_day: columns.police_record_day,
            case_id: record.details.case().map(str::to_owned),
        })
    }

    pub fn client_code(&self) -> Option<&str> {
        self.client_code.as_deref()
    }
}

/// Inserts new rows in one statement. Tallies and client codes are the
/// caller's: a sync sums a batch's, the demo seeder a whole data set's.
pub async fn insert_rows<R: Borrow<Row>>(
    tx: &mut SqliteConnection,
    rows: &[R],
) -> Result<(), AppError> {
    if rows.is_empty() {
        return Ok(());
    }
    let rows: Vec<&Row> = rows.iter().map(Borrow::borrow).collect();
    let json = serde_json::to_string(&rows).map_err(internal)?;
    sqlx::query!(
        r#"INSERT INTO records (id, revision, kind, occurred_at, occurred_utc, day, week, worker_id,
                                device_id, locality, client_kind, client_code, first_contact, note,
                                details, content, target_group, situation, police_record_utc,
                                police_record_day, service_id, case_id)
           SELECT value ->> 'id', value ->> 'revision', value ->> 'kind', value ->> 'occurred_at',
                  value ->> 'occurred_utc', value ->> 'day', value ->> 'week',
                  value ->> 'worker_id', value ->> 'device_id', value ->> 'locality',
                  value ->> 'client_kind', value ->> 'client_code', value ->> 'first_contact',
                  value ->> 'note', value ->> 'details', value ->> 'content',
                  value ->> 'target_group', value ->> 'situation', value ->> 'police_record_utc',
                  value ->> 'police_record_day', value ->> 'service_id', value ->> 'case_id'
           FROM json_each(?)"#,
        json
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Puts a newer revision in the place of the stored one; the void columns
/// stay as they are.
pub async fn replace(tx: &mut SqliteConnection, row: &Row) -> Result<(), AppError> {
    sqlx::query!(
        r#"UPDATE records SET revision = ?, kind = ?, occurred_at = ?, occurred_utc = ?, day = ?,
                  week = ?, device_id = ?, locality = ?, client_kind = ?, client_code = ?,
                  first_contact = ?, note = ?, details = ?, content = ?, target_group = ?,
                  situation = ?, police_record_utc = ?, police_record_day = ?, service_id = ?,
                  case_id = ?, received_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
           WHERE id = ?"#,
        row.revision,
        row.kind,
        row.occurred_at,
        row.occurred_utc,
        row.day,
        row.week,
        row.device_id,
        row.locality,
        row.client_kind,
        row.client_code,
        row.first_contact,
        row.note,
        row.details,
        row.content,
        row.target_group,
        row.situation,
        row.police_record_utc,
        row.police_record_day,
        row.service_id,
        row.case_id,
        row.id
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Gives the offers, consultations and visits of `cases` the target group
/// their case records for the endangered person, where they are that
/// person's (the same client code): the group is asked once, on the case,
/// and the ministry's users table reads it from whichever of the person's
/// records falls in the period. Run after a case or a record in it is
/// written, in either order, so a visit synced before its case gets the
/// group when the case arrives.
pub async fn inherit_case_groups(
    tx: &mut SqliteConnection,
    cases: &[String],
) -> Result<(), AppError> {
    if cases.is_empty() {
        return Ok(());
    }
    let json = serde_json::to_string(cases).map_err(internal)?;
    sqlx::query!(
        r#"UPDATE records SET target_group = (
               SELECT k.target_group FROM records k
               WHERE k.id = records.case_id AND k.kind = 'case'
                 AND k.client_code = records.client_code)
           WHERE case_id IN (SELECT value FROM json_each(?1))
             AND kind IN ('offer', 'consultation', 'crisis_visit')
             AND client_code IS NOT NULL"#,
        json
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Adds client codes to the list unique-client counts start from.
pub async fn note_clients(tx: &mut SqliteConnection, codes: &[String]) -> Result<(), AppError> {
    if codes.is_empty() {
        return Ok(());
    }
    let json = serde_json::to_string(codes).map_err(internal)?;
    sqlx::query!(
        "INSERT OR IGNORE INTO clients (code) SELECT value FROM json_each(?)",
        json
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// A client's basics as given on a record, for [`keep_basics`].
#[derive(Debug, Serialize)]
pub struct GivenBasics<'a> {
    pub code: &'a str,
    pub service_id: i64,
    pub sex: Option<String>,
    pub birth_year: Option<i32>,
    pub primary_drug: Option<String>,
    pub district: Option<&'static str>,
    pub origin: Option<String>,
    pub household: Option<i64>,
}

impl<'a> GivenBasics<'a> {
    /// Takes a later record's answers; a question it left blank keeps
    /// this one's.
    pub fn answer(&mut self, later: GivenBasics<'a>) {
        self.sex = later.sex.or(self.sex.take());
        self.birth_year = later.birth_year.or(self.birth_year);
        self.primary_drug = later.primary_drug.or(self.primary_drug.take());
        self.district = later.district.or(self.district);
        self.origin = later.origin.or(self.origin.take());
        self.household = later.household.or(self.household);
    }

    pub fn of(row: &'a Row, basics: &ClientBasics) -> Option<Self> {
        Some(GivenBasics {
            code: row.client_code.as_deref()?,
            service_id: row.service_id,
            sex: basics.sex.as_ref().map(wire_name),
            birth_year: basics.birth_year,
            primary_drug: basics.primary_drug.as_ref().map(wire_name),
            district: basics.district.map(|district| district.code()),
            origin: basics.origin.as_ref().map(wire_name),
            household: basics.household,
        })
    }
}

/// Keeps what records said of their clients; an answer left blank keeps
/// the one given before. Needs the codes noted first ([`note_clients`]).
pub async fn keep_basics(
    tx: &mut SqliteConnection,
    given: &[GivenBasics<'_>],
) -> Result<(), AppError> {
    if given.is_empty() {
        return Ok(());
    }
    let json = serde_json::to_string(given).map_err(internal)?;
    // `WHERE true` tells SQLite the ON CONFLICT belongs to the INSERT.
    sqlx::query!(
        r#"INSERT INTO client_basics (code, service_id, sex, birth_year, primary_drug, district,
                                      origin, household)
           SELECT value ->> 'code', value ->> 'service_id', value ->> 'sex', value ->> 'birth_year',
                  value ->> 'primary_drug', value ->> 'district', value ->> 'origin',
                  value ->> 'household'
           FROM json_each(?) WHERE true
           ON CONFLICT (code, service_id) DO UPDATE SET
               origin = COALESCE(excluded.origin, client_basics.origin),
               household = COALESCE(excluded.household, client_basics.household),
               sex = COALESCE(excluded.sex, client_basics.sex),
               birth_year = COALESCE(excluded.birth_year, client_basics.birth_year),
               primary_drug = COALESCE(excluded.primary_drug, client_basics.primary_drug),
               district = COALESCE(excluded.district, client_basics.district),
               updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"#,
        json
    )
    .execute(&mut *tx)
    .await?;
    // The copy on the client's row, for counts over every service (after
    // `note_clients`, so the row exists).
    sqlx::query!(
        r#"UPDATE clients SET (sex, birth_year, primary_drug, district) = (
               SELECT sex, birth_year, primary_drug, district FROM client_basics cb
               WHERE cb.code = clients.code
               ORDER BY service_id LIMIT 1)
           WHERE code IN (SELECT value ->> 'code' FROM json_each(?))"#,
        json
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The birth years kept for `codes`, by code and service.
pub async fn birth_years(
    db: impl SqliteExecutor<'_>,
    codes: &[&str],
) -> Result<HashMap<(String, i64), i32>, AppError> {
    if codes.is_empty() {
        return Ok(HashMap::new());
    }
    let json = serde_json::to_string(codes).map_err(internal)?;
    let rows = sqlx::query!(
        r#"SELECT code, service_id, birth_year AS "birth_year!: i32" FROM client_basics
           WHERE birth_year IS NOT NULL AND code IN (SELECT value FROM json_each(?))"#,
        json
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| ((row.code, row.service_id), row.birth_year))
        .collect())
}

/// The columns reports filter and group by, besides the common ones.
#[derive(Debug, Default)]
pub struct ReportColumns {
    /// Contacts and exchanges.
    pub target_group: Option<String>,
    /// Crisis visits.
    pub situation: Option<String>,
    /// For an eviction visit, and for a case: when the police record was
    /// received, in UTC, and its local day (the period the case belongs
    /// to).
    pub police_record_utc: Option<String>,
    pub police_record_day: Option<String>,
}

pub fn report_columns(details: &Details) -> ReportColumns {
    match details {
        Details::Contact { target_group, .. } | Details::Exchange { target_group, .. } => {
            ReportColumns {
                target_group: Some(target_group.clone()),
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
                situation: Some(wire_name(situation)),
                police_record_utc: police.map(|at| {
                    at.with_timezone(&Utc)
                        .to_rfc3339_opts(SecondsFormat::Secs, true)
                }),
                police_record_day: police.map(|at| crate::dates::ymd(at.date_naive())),
            }
        }
        Details::Case(case) => {
            let received = DateTime::parse_from_rfc3339(&case.received_at).ok();
            ReportColumns {
                target_group: case.target_group.clone(),
                police_record_utc: received.map(|at| {
                    at.with_timezone(&Utc)
                        .to_rfc3339_opts(SecondsFormat::Secs, true)
                }),
                police_record_day: received.map(|at| crate::dates::ymd(at.date_naive())),
                ..ReportColumns::default()
            }
        }
        Details::FoundSyringes { .. }
        | Details::Refusal { .. }
        | Details::MissedMeeting { .. }
        | Details::Offer { .. }
        | Details::Consultation { .. } => ReportColumns::default(),
    }
}
