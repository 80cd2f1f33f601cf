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

use crate::catalogue;
use crate::db::Db;
use crate::error::{internal, AppError};
use crate::records::db::{
    birth_years, inherit_case_groups, insert_rows, keep_basics, note_clients, replace, GivenBasics,
    Row,
};
use crate::records::kinds::{Client, Details, Kind, Record};
use crate::records::validate::{self, KnownCodes, RecordProblem, Rejection};
use crate::services;
use crate::sync::devices_db::{self, Contact};
use crate::sync::protocol::{Outcome, RecordResult};
use crate::tally;
use crate::text;
use chrono::{DateTime, Utc};
use serde_json::value::RawValue;
use sqlx::SqliteConnection;
use std::collections::hash_map::Entry;
use std::collections::HashMap;

/// Applies `records` for `worker_id` from `device_id`. Either the whole
/// batch's outcome is committed or nothing is, so a dropped connection
/// leaves the phone to resend it all; the resend is then acknowledged as
/// duplicates.
pub async fn apply_batch(
    queue: &super::queue::SyncQueue,
    db: &Db,
    worker_id: i64,
    device_id: &str,
    records: Vec<Box<RawValue>>,
    now: DateTime<Utc>,
) -> Result<(Vec<RecordResult>, i64), AppError> {
    let mut reader = db.read().acquire().await?;
    let catalogue = catalogue::db::load(&mut reader).await?;
    let assigned = services::db::assigned(&mut *reader, worker_id).await?;
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
    let mut born = birth_years(&mut *reader, &exchanged).await?;
    drop(reader);
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

/// A batch's checked records, with whose they are.
pub(super) struct Batch<'a> {
    pub(super) contact: &'a Contact,
    pub(super) records: &'a [(Row, Record)],
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

/// A stored record as far as a resend or a newer revision is concerned.
struct Stored {
    worker_id: i64,
    revision: i64,
    content: String,
    voided: bool,
    /// What its tallies were counted from; `None` when voided.
    fact: Option<OwnedFact>,
}

struct OwnedFact {
    day: String,
    locality: String,
    service_id: i64,
    worker_id: i64,
    client_kind: String,
    details: Details,
}

impl OwnedFact {
    fn fact(&self) -> tally::Fact<'_> {
        tally::Fact {
            day: &self.day,
            locality: &self.locality,
            service_id: self.service_id,
            worker_id: self.worker_id,
            client_kind: &self.client_kind,
            details: &self.details,
        }
    }
}

enum Write<'a> {
    Insert(&'a Row, &'a Record),
    /// A newer revision of a stored record.
    Replace(&'a Row, &'a Record),
}

/// Decides and writes the checked records of one or more batches, in
/// order, as if each had been written alone after the one before; returns
/// each batch's outcomes in its records' order.
pub(super) async fn store(
    tx: &mut SqliteConnection,
    batches: &[Batch<'_>],
) -> Result<Vec<Vec<Outcome>>, AppError> {
    let ids = serde_json::to_string(
        &batches
            .iter()
            .flat_map(|batch| batch.records.iter().map(|(row, _)| row.id.as_str()))
            .collect::<Vec<_>>(),
    )
    .map_err(internal)?;
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
        let fact = if found.voided {
            None
        } else {
            Some(OwnedFact {
                day: found.day,
                locality: found.locality,
                service_id: found.service_id,
                worker_id: found.worker_id,
                client_kind: found.client_kind,
                details: serde_json::from_str(&found.details).map_err(internal)?,
            })
        };
        stored.insert(
            found.id,
            Stored {
                worker_id: found.worker_id,
                revision: found.revision,
                content: found.content,
                voided: found.voided,
                fact,
            },
        );
    }

    // Keyed by id, so a record sent twice (in one batch or in two written
    // together) ends as one write.
    let mut writes: HashMap<&str, Write<'_>> = HashMap::new();
    let mut outcomes = Vec::with_capacity(batches.len());
    for Batch { contact, records } in batches {
        let worker_id = &contact.worker_id;
        let mut batch = Vec::with_capacity(records.len());
        for (row, record) in records.iter() {
            let current = match writes.get(row.id.as_str()) {
                Some(Write::Insert(row, _) | Write::Replace(row, _)) => {
                    Some((row.worker_id, row.revision, row.content.as_str()))
                }
                None => stored
                    .get(&row.id)
                    .map(|s| (s.worker_id, s.revision, s.content.as_str())),
            };
            let outcome = match current {
                None => {
                    writes.insert(&row.id, Write::Insert(row, record));
                    Outcome::Accepted
                }
                Some((owner, _, _)) if owner != *worker_id => {
                    rejected("id", RecordProblem::Conflict)
                }
                Some((_, _, content)) if content == row.content => Outcome::Duplicate,
                Some((_, revision, _)) if row.revision > revision => {
                    let write = match writes.get(row.id.as_str()) {
                        Some(Write::Insert(..)) => Write::Insert(row, record),
                        _ => Write::Replace(row, record),
                    };
                    writes.insert(&row.id, write);
                    Outcome::Accepted
                }
                // An older revision arriving late: the newer one is stored.
                Some((_, revision, _)) if row.revision < revision => Outcome::Duplicate,
                Some(_) => rejected("id", RecordProblem::Conflict),
            };
            batch.push(outcome);
        }
        outcomes.push(batch);
    }

    let mut tallies = HashMap::new();
    let mut inserts = Vec::new();
    let mut codes = Vec::new();
    // One answer per client and service: each question's latest answer, so
    // a blank one erases nothing, within a batch as across batches.
    let mut given: Vec<(&str, GivenBasics<'_>)> = writes
        .values()
        .filter_map(|write| {
            let (Write::Insert(row, record) | Write::Replace(row, record)) = write;
            let given = record.basics.and_then(|b| GivenBasics::of(row, &b))?;
            Some((row.occurred_utc.as_str(), given))
        })
        .collect();
    given.sort_by(|a, b| a.0.cmp(b.0));
    let mut basics: HashMap<(&str, i64), GivenBasics<'_>> = HashMap::new();
    for (_, later) in given {
        match basics.entry((later.code, later.service_id)) {
            Entry::Occupied(mut kept) => kept.get_mut().answer(later),
            Entry::Vacant(first) => {
                first.insert(later);
            }
        }
    }
    let basics: Vec<GivenBasics<'_>> = basics.into_values().collect();
    // A new or corrected case reaches the other phones of its service with
    // their next catalogue fetch.
    let cases_changed = writes.values().any(|write| {
        let (Write::Insert(row, _) | Write::Replace(row, _)) = write;
        row.kind == Kind::Case.as_str()
    });
    // Cases whose records may take the endangered person's group.
    let mut cases: Vec<String> = Vec::new();
    for write in writes.into_values() {
        let (Write::Insert(row, _) | Write::Replace(row, _)) = &write;
        if row.kind == Kind::Case.as_str() {
            cases.push(row.id.clone());
        }
        cases.extend(row.case_id.clone());
        match write {
            Write::Insert(row, record) => {
                tally::add_to(&mut tallies, &tally::Fact::of(row, record));
                codes.extend(row.client_code.clone());
                inserts.push(row);
            }
            Write::Replace(row, record) => {
                let before = stored.get(&row.id);
                // A voided record stays voided and counts nowhere; its
                // content still follows the worker's correction.
                if !before.is_some_and(|s| s.voided) {
                    if let Some(fact) = before.and_then(|s| s.fact.as_ref()) {
                        tally::subtract_from(&mut tallies, &fact.fact());
                    }
                    tally::add_to(&mut tallies, &tally::Fact::of(row, record));
                }
                codes.extend(row.client_code.clone());
                replace(&mut *tx, row).await?;
            }
        }
    }
    insert_rows(&mut *tx, &inserts).await?;
    inherit_case_groups(&mut *tx, &cases).await?;
    note_clients(&mut *tx, &codes).await?;
    keep_basics(&mut *tx, &basics).await?;
    tally::add(&mut *tx, &tallies).await?;
    let contacts: Vec<_> = batches
        .iter()
        .zip(&outcomes)
        .map(|(batch, outcomes)| {
            let refused = outcomes.iter().filter(|o| !o.is_stored()).count();
            let stored = outcomes
                .iter()
                .filter(|o| matches!(o, Outcome::Accepted))
                .count();
            (batch.contact, refused, stored)
        })
        .collect();
    devices_db::note(&mut *tx, &contacts).await?;
    if cases_changed {
        catalogue::db::bump_version(&mut *tx).await?;
    }
    Ok(outcomes)
}
