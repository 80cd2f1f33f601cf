//! What writing a sync batch means, decided apart from any database: given
//! the stored state of the batch's records, each record's outcome and every
//! row, client, tally and phone to write. Each engine reads the stored state
//! and writes the plan in one transaction of its own (`apply::store` on
//! SQLite, the PostgreSQL store on PostgreSQL), so both decide alike.

use crate::error::{internal, AppError};
use crate::records::db::{GivenBasics, Row};
use crate::records::kinds::{Details, Kind, Record};
use crate::records::validate::{RecordProblem, Rejection};
use crate::sync::devices_db::Contact;
use crate::sync::protocol::Outcome;
use crate::tally;
use std::collections::hash_map::Entry;
use std::collections::HashMap;

/// A batch's checked records, with whose they are.
pub struct Batch<'a> {
    pub contact: &'a Contact,
    pub records: &'a [(Row, Record)],
}

impl Batch<'_> {
    /// The ids whose stored state the plan needs, of every batch.
    pub fn ids<'a>(batches: &'a [Batch<'_>]) -> Vec<&'a str> {
        batches
            .iter()
            .flat_map(|batch| batch.records.iter().map(|(row, _)| row.id.as_str()))
            .collect()
    }
}

/// A stored record as far as a resend or a newer revision is concerned.
pub struct Stored {
    worker_id: i64,
    revision: i64,
    content: String,
    voided: bool,
    /// What its tallies were counted from; `None` when voided.
    fact: Option<OwnedFact>,
}

/// A stored row's columns, as an engine reads them.
pub struct StoredRow {
    pub worker_id: i64,
    pub revision: i64,
    pub content: String,
    pub voided: bool,
    pub day: String,
    pub locality: String,
    pub service_id: i64,
    pub client_kind: String,
    pub details: String,
}

impl Stored {
    pub fn of(row: StoredRow) -> Result<Stored, AppError> {
        let fact = if row.voided {
            None
        } else {
            Some(OwnedFact {
                day: row.day,
                locality: row.locality,
                service_id: row.service_id,
                worker_id: row.worker_id,
                client_kind: row.client_kind,
                details: serde_json::from_str(&row.details).map_err(internal)?,
            })
        };
        Ok(Stored {
            worker_id: row.worker_id,
            revision: row.revision,
            content: row.content,
            voided: row.voided,
            fact,
        })
    }
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

/// Everything one transaction writes for the batches, in the order the
/// engines write it: replaced rows, new rows, the cases' groups, client
/// codes, basics, tallies, phones and the lists' version.
pub struct Plan<'a> {
    /// Each batch's outcomes in its records' order.
    pub outcomes: Vec<Vec<Outcome>>,
    pub replaces: Vec<&'a Row>,
    pub inserts: Vec<&'a Row>,
    /// Cases whose records may take the endangered person's group.
    pub cases: Vec<String>,
    pub codes: Vec<String>,
    pub basics: Vec<GivenBasics<'a>>,
    pub tallies: HashMap<tally::Key, i64>,
    /// Each batch's contact, how many more of its records were refused
    /// while writing, and how many were stored new.
    pub contacts: Vec<(&'a Contact, usize, usize)>,
    /// A new or corrected case reaches the other phones of its service with
    /// their next catalogue fetch.
    pub cases_changed: bool,
}

fn rejected(field: &str, problem: RecordProblem) -> Outcome {
    Outcome::Rejected(Rejection {
        field: field.into(),
        problem,
    })
}

/// Decides the records of one or more batches, in order, as if each had
/// been written alone after the one before.
pub fn plan<'a>(stored: &HashMap<String, Stored>, batches: &[Batch<'a>]) -> Plan<'a> {
    // Keyed by id, so a record sent twice (in one batch or in two written
    // together) ends as one write.
    let mut writes: HashMap<&str, Write<'a>> = HashMap::new();
    let mut outcomes = Vec::with_capacity(batches.len());
    for batch in batches {
        let records: &'a [(Row, Record)] = batch.records;
        let worker_id = batch.contact.worker_id;
        let mut batch = Vec::with_capacity(records.len());
        for (row, record) in records {
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
                Some((owner, _, _)) if owner != worker_id => {
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

    // One answer per client and service: each question's latest answer, so
    // a blank one erases nothing, within a batch as across batches.
    let mut given: Vec<(&str, GivenBasics<'a>)> = writes
        .values()
        .filter_map(|write| {
            let (Write::Insert(row, record) | Write::Replace(row, record)) = write;
            let given = record.basics.and_then(|b| GivenBasics::of(row, &b))?;
            Some((row.occurred_utc.as_str(), given))
        })
        .collect();
    given.sort_by(|a, b| a.0.cmp(b.0));
    let mut basics: HashMap<(&str, i64), GivenBasics<'a>> = HashMap::new();
    for (_, later) in given {
        match basics.entry((later.code, later.service_id)) {
            Entry::Occupied(mut kept) => kept.get_mut().answer(later),
            Entry::Vacant(first) => {
                first.insert(later);
            }
        }
    }
    let cases_changed = writes.values().any(|write| {
        let (Write::Insert(row, _) | Write::Replace(row, _)) = write;
        row.kind == Kind::Case.as_str()
    });

    let mut plan = Plan {
        outcomes: Vec::new(),
        replaces: Vec::new(),
        inserts: Vec::new(),
        cases: Vec::new(),
        codes: Vec::new(),
        basics: basics.into_values().collect(),
        tallies: HashMap::new(),
        contacts: Vec::new(),
        cases_changed,
    };
    for write in writes.into_values() {
        let (Write::Insert(row, _) | Write::Replace(row, _)) = &write;
        if row.kind == Kind::Case.as_str() {
            plan.cases.push(row.id.clone());
        }
        plan.cases.extend(row.case_id.clone());
        plan.codes.extend(row.client_code.clone());
        match write {
            Write::Insert(row, record) => {
                tally::add_to(&mut plan.tallies, &tally::Fact::of(row, record));
                plan.inserts.push(row);
            }
            Write::Replace(row, record) => {
                let before = stored.get(&row.id);
                // A voided record stays voided and counts nowhere; its
                // content still follows the worker's correction.
                if !before.is_some_and(|s| s.voided) {
                    if let Some(fact) = before.and_then(|s| s.fact.as_ref()) {
                        tally::subtract_from(&mut plan.tallies, &fact.fact());
                    }
                    tally::add_to(&mut plan.tallies, &tally::Fact::of(row, record));
                }
                plan.replaces.push(row);
            }
        }
    }
    plan.contacts = batches
        .iter()
        .zip(&outcomes)
        .map(|(batch, outcomes)| {
            let contact: &'a Contact = batch.contact;
            let refused = outcomes.iter().filter(|o| !o.is_stored()).count();
            let stored = outcomes
                .iter()
                .filter(|o| matches!(o, Outcome::Accepted))
                .count();
            (contact, refused, stored)
        })
        .collect();
    plan.outcomes = outcomes;
    plan
}
