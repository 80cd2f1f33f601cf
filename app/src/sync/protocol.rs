//! The sync protocol: one JSON endpoint (`/api/sync`), batches of at most
//! [`BATCH_MAX`] records, a per-record answer.
//!
//! Records travel as JSON values and are decoded one by one on the server,
//! so a record this server cannot read is refused on its own instead of
//! failing the batch. Every batch carries [`SCHEMA_VERSION`]: a phone running
//! an old app after an upgrade gets a clear refusal rather than a guess.

use crate::records::validate::Rejection;
use serde::{Deserialize, Serialize};

/// Records gained an optional `revision` (absent means 0) within version 1:
/// an old phone's records still read the same.
pub const SCHEMA_VERSION: u32 = 1;
pub const BATCH_MAX: usize = 500;
pub const DEVICE_ID_MAX: usize = 64;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SyncBatch {
    pub schema_version: u32,
    pub device_id: String,
    /// Whose queue this is, as the phone knows it. The server refuses the
    /// batch when the session is someone else's, so a shared phone never
    /// files one worker's records under another's login. Phones from before
    /// it was sent leave it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<i64>,
    /// Kept as the text that arrived until each is decoded on its own.
    pub records: Vec<Box<serde_json::value::RawValue>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncResponse {
    /// One per record, in the order sent.
    pub results: Vec<RecordResult>,
    /// The server's lists version: a phone with an older copy refetches.
    pub catalogue_version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordResult {
    pub index: usize,
    /// The record's id, when it could be read.
    pub id: Option<String>,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// Stored now.
    Accepted,
    /// Stored before with the same content: acknowledged, not stored twice.
    Duplicate,
    /// Not stored; the phone keeps it with this reason.
    Rejected(Rejection),
}

impl Outcome {
    /// The phone may mark the record synced.
    pub fn is_stored(&self) -> bool {
        matches!(self, Outcome::Accepted | Outcome::Duplicate)
    }
}
