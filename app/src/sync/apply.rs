//! Storing synced records: a batch is applied in one transaction, each
//! record on its own terms (accepted, duplicate, or rejected with a reason).
//! Batches that arrive while another is being written wait in a
//! [`SyncQueue`](super::queue::SyncQueue) and are then written together,
//! still each as if alone.
//!
//! Everything that needs no lock — decoding, checking, encoding the rows —
//! happens before the write transaction begins; inside it, the batch takes a
//! handful of statements whatever its size (one lookup of the ids, one insert
//! of the new rows, one of their client codes, one upsert of the tallies),
//! because a statement per record and per tally made a batch of 500 spend
//! most of its time crossing into SQLite and back.

use crate::error::{internal, AppError};
use crate::records::db::{
    inherit_case_groups, insert_rows, keep_basics, note_clients, replace, Row,
};
use crate::records::kinds::{Client, Details, Kind, Record};
use crate::records::validate::{self, KnownCodes, RecordProblem, Rejection};
use crate::sync::devices_db::{self, Contact};
use crate::sync::plan::{plan, Batch, Stored, StoredRow};
use crate::sync::protocol::{Outcome, RecordResult};
use crate::sync::store::{SyncContext, SyncStore};
use crate::tally;
use crate::text;
use chrono::{DateTime, Utc};
use serde_json::value::RawValue;
use sqlx::SqliteConnection;
use std::collections::HashMap;

/// Applies `records` for `worker_id` from `device_id`. Either the whole
/// batch's outcome is committed or nothing is, so a dropped connection
/// leaves the phone to resend it all; the resend is then acknowledged as
/// duplicates.
pub async fn apply_batch<S: SyncStore + Clone>(
    queue: &super::queue::SyncQueue,
    db: &S,
    worker_id: i64,
    device_id: &str,
    records: Vec<Box<RawValue>>,
    now: DateTime<Utc>,
) -> Result<(Vec<RecordResult>, i64), AppError> {
    let decoded: Vec<_> = records
        .iter()
        .map(|raw| serde_json::from_str::<Record>(raw.get()))
        .collect();
    // Injecting material is refused for a client too young for it, also
    // when the birth year was given on an earlier record or earlier in this
    // batch.
    let exchanged: Vec<&str> = decoded
        .iter()
        .filter_map(|record| match record.as_ref().ok()? {
            Record {
                client: Client::Code(code),
                details: Details::Exchange { .. },
                ..
            } => Some(code.as_str()),
            _ => None,
        })
        .collect();
    let SyncContext {
        catalogue,
        assigned,
        mut born,
    } = db.sync_context(worker_id, &exchanged).await?;
    let known = KnownCodes::from_catalogue(&catalogue);

    let mut results = Vec::with_capacity(records.len());
    let mut incoming = Vec::with_capacity(records.len());
    for (raw, decoded) in records.iter().zip(decoded) {
        let (id, outcome) = match decoded {
            Err(error) => (
                id_of(raw),
                Some(rejected(
                    "record",
                    RecordProblem::Malformed(text::excerpt(&error.to_string(), text::REASON_MAX)),
                )),
            ),
            Ok(record) => match validate::check(&record, &known, now).and_then(|checked| {
                let service = validate::service(&record, &assigned, &catalogue.services)?;
                if record.details.kind() == Kind::Exchange {
                    let kept = checked
                        .client_code
                        .clone()
                        .and_then(|code| born.get(&(code, service)).copied());
                    let given = record.basics.and_then(|basics| basics.birth_year);
                    validate::material_age(&record, given.or(kept))?;
                }
                Ok((checked, service))
            }) {
                Err(rejection) => (
                    Some(record.id.clone()).filter(|id| id.len() <= ID_ECHO_MAX),
                    Some(Outcome::Rejected(rejection)),
                ),
                Ok((checked, service)) => {
                    let id = record.id.clone();
                    // A year given earlier in the batch counts for the
                    // records after it, as if it had been kept already.
                    if let (Some(code), Some(year)) = (
                        checked.client_code.clone(),
                        record.basics.and_then(|basics| basics.birth_year),
                    ) {
                        born.insert((code, service), year);
                    }
                    let row = Row::new(worker_id, service, device_id, &record, &checked)?;
                    incoming.push((row, record));
                    (Some(id), None)
                }
            },
        };
        // Outcomes still `None` are decided inside the transaction.
        results.push((id, outcome));
    }

    // Also a batch with nothing left to write goes through the queue: its
    // phone's contact is noted all the same.
    let contact = Contact {
        device_id: device_id.to_owned(),
        worker_id,
        sent: records.len(),
        refused: results
            .iter()
            .filter(|(_, outcome)| outcome.is_some())
            .count(),
    };
    let decided = queue.write(db, contact, incoming).await?;

    let mut decided = decided.into_iter();
    let results = results
        .into_iter()
        .enumerate()
        .map(|(index, (id, outcome))| RecordResult {
            index,
            id,
            outcome: outcome
                .or_else(|| decided.next())
                .unwrap_or(Outcome::Rejected(Rejection {
                    field: "record".into(),
                    problem: RecordProblem::Conflict,
                })),
        })
        .collect();
    Ok((results, catalogue.version))
}

fn rejected(field: &str, problem: RecordProblem) -> Outcome {
    Outcome::Rejected(Rejection {
        field: field.into(),
        problem,
    })
}

/// The id of a record that could not be decoded, when it has one.
fn id_of(raw: &RawValue) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Id {
        id: String,
    }
    serde_json::from_str::<Id>(raw.get())
        .ok()
        .map(|it| it.id)
        .filter(|id| id.len() <= ID_ECHO_MAX)
}

/// A record's id is a UUID (36 characters); a longer one is not echoed back,
/// so a refusal stays small whatever was sent.
const ID_ECHO_MAX: usize = 64;

/// Writes the checked records of one or more batches in the transaction
/// `tx`, each decided as if written alone after the one before (see
/// [`plan`]); returns each batch's outcomes in its records' order.
pub(crate) async fn store(
    tx: &mut SqliteConnection,
    batches: &[Batch<'_>],
) -> Result<Vec<Vec<Outcome>>, AppError> {
    let ids = serde_json::to_string(&Batch::ids(batches)).map_err(internal)?;
    let mut stored: HashMap<String, Stored> = HashMap::new();
    for found in sqlx::query!(
        r#"SELECT id AS "id!", worker_id, revision, content, voided_at IS NOT NULL AS "voided!: bool",
                  day, locality, service_id, client_kind, details
           FROM records WHERE id IN (SELECT value FROM json_each(?))"#,
        ids
    )
    .fetch_all(&mut *tx)
    .await?
    {
        let row = StoredRow {
            worker_id: found.worker_id,
            revision: found.revision,
            content: found.content,
            voided: found.voided,
            day: found.day,
            locality: found.locality,
            service_id: found.service_id,
            client_kind: found.client_kind,
            details: found.details,
        };
        stored.insert(found.id, Stored::of(row)?);
    }
    let plan = plan(&stored, batches);
    for row in &plan.replaces {
        replace(&mut *tx, row).await?;
    }
    insert_rows(&mut *tx, &plan.inserts).await?;
    inherit_case_groups(&mut *tx, &plan.cases).await?;
    note_clients(&mut *tx, &plan.codes).await?;
    keep_basics(&mut *tx, &plan.basics).await?;
    tally::add(&mut *tx, &plan.tallies).await?;
    devices_db::note(&mut *tx, &plan.contacts).await?;
    if plan.cases_changed {
        crate::services::db::bump_version(&mut *tx).await?;
    }
    Ok(plan.outcomes)
}
