//! The records browser, and voiding a record with its tallies.

use super::annual::PAGE_SIZE;
use super::tallies::binds;
use crate::audit::{self, Actor};
use crate::error::{internal, AppError, Problem};
use crate::records::kinds::Details;
use crate::reports::figures::{Filter, RecordPage, RecordRow};
use crate::reports::store::{Binds, BrowsedRow, ReportReader, ReportStore};
use crate::tally::{self, Counted};
use sqlx::SqliteConnection;

/// A page of synced records, newest first.
pub async fn records(
    db: &mut dyn ReportReader,
    filter: &Filter,
    page: i64,
) -> Result<RecordPage, AppError> {
    let b = binds(filter);
    let total = db.count_records(&b).await?;
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    let offset = (page - 1) * PAGE_SIZE;
    let rows = db
        .record_rows(&b, PAGE_SIZE, offset)
        .await?
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

/// [`ReportReader::count_records`] on SQLite.
pub async fn count_records(db: &mut SqliteConnection, b: &Binds) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM records
           WHERE day BETWEEN ?1 AND ?2
             AND (?3 IS NULL OR locality = ?3) AND (?4 IS NULL OR worker_id = ?4)
             AND (?5 IS NULL OR kind = ?5) AND (?6 IS NULL OR service_id = ?6)"#,
        b.from,
        b.to,
        b.locality,
        b.worker_id,
        b.kind,
        b.service_id
    )
    .fetch_one(&mut *db)
    .await?)
}

/// [`ReportReader::record_rows`] on SQLite.
pub async fn record_rows(
    db: &mut SqliteConnection,
    b: &Binds,
    limit: i64,
    offset: i64,
) -> Result<Vec<BrowsedRow>, AppError> {
    Ok(sqlx::query_as!(
        BrowsedRow,
        r#"SELECT r.id, r.kind, r.occurred_at, r.locality, u.display_name AS worker,
                  r.client_kind, r.client_code, r.details, r.voided_at, r.void_reason
           FROM records r JOIN users u ON u.id = r.worker_id
           WHERE r.day BETWEEN ?1 AND ?2
             AND (?3 IS NULL OR r.locality = ?3) AND (?4 IS NULL OR r.worker_id = ?4)
             AND (?5 IS NULL OR r.kind = ?5) AND (?8 IS NULL OR r.service_id = ?8)
           ORDER BY r.occurred_utc DESC, r.id
           LIMIT ?6 OFFSET ?7"#,
        b.from,
        b.to,
        b.locality,
        b.worker_id,
        b.kind,
        limit,
        offset,
        b.service_id
    )
    .fetch_all(&mut *db)
    .await?)
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
        Details::CrisisVisit { situation, .. } => crate::records::kinds::wire_name(situation),
        Details::FoundSyringes { count } => count.to_string(),
        Details::Case(case) => case.number.clone(),
        Details::Offer {
            method, outcome, ..
        } => format!(
            "{}/{}",
            crate::records::kinds::wire_name(method),
            crate::records::kinds::wire_name(outcome)
        ),
        Details::Consultation { topic, form, .. } => format!(
            "{}/{}",
            crate::records::kinds::wire_name(topic),
            crate::records::kinds::wire_name(form)
        ),
        Details::Refusal { reason } => crate::records::kinds::wire_name(reason),
        Details::MissedMeeting { cancelled } => {
            if *cancelled { "cancelled" } else { "no_show" }.to_owned()
        }
    }
}

/// Voids a record: it drops out of every figure, stays in the database with
/// who voided it, when and why, and the audit log says so.
pub async fn void(
    store: &dyn ReportStore,
    actor: &Actor,
    id: &str,
    reason: &str,
) -> Result<(), AppError> {
    let reason = reason.trim();
    AppError::check_text("reason", reason, true, crate::reports::VOID_REASON_MAX)?;
    store.void_record(actor, id.trim(), reason).await
}

/// What voiding `id` must do after marking it: a record already voided is
/// refused, one that does not exist is not found.
pub fn not_voided(exists: bool) -> AppError {
    if exists {
        AppError::invalid("id", Problem::Taken)
    } else {
        AppError::NotFound
    }
}

/// [`ReportStore::void_record`] on SQLite, in the write transaction `db`.
pub async fn void_record(
    db: &mut SqliteConnection,
    actor: &Actor,
    id: &str,
    reason: &str,
) -> Result<(), AppError> {
    let row = sqlx::query_as!(
        Counted,
        "UPDATE records
         SET voided_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), void_reason = ?, voided_by = ?
         WHERE id = ? AND voided_at IS NULL
         RETURNING day, locality, service_id, worker_id, client_kind, details",
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
        return Err(not_voided(exists.is_some()));
    };
    let details = row.details()?;
    tally::subtract(&mut *db, &row.fact(&details)).await?;
    audit::record(&mut *db, actor, "record_voided", id, reason).await?;
    Ok(())
}
