//! The phone's outbox: every confirmed record is written to localStorage at
//! once, sealed under its own user's key (see [`crate::vault`]), and stays
//! there until the server has acknowledged it — and after that, read-only,
//! as "my recent records".
//!
//! Nothing here deletes a record the server has not acknowledged, except the
//! worker's explicit "delete" of a pending record.

use crate::records::kinds::Record;
use crate::records::validate::Rejection;
use chrono::{DateTime, Duration, Utc};
use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

const DEVICE_KEY: &str = "teren.device";
/// Synced records are kept this long for "my records", then dropped.
pub const KEEP_SYNCED_DAYS: i64 = 7;
/// Pending records older than this get a warning: browsers may evict the
/// storage of a site that is not used.
pub const STALE_PENDING_DAYS: i64 = 3;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EntryState {
    Pending,
    Synced { at: String },
    Rejected(Rejection),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub record: Record,
    pub state: EntryState,
    /// When the worker confirmed it (UTC, RFC 3339).
    pub saved_at: String,
}

impl Entry {
    pub fn is_pending(&self) -> bool {
        self.state == EntryState::Pending
    }

    /// Pending or rejected: the worker may still edit or delete it.
    pub fn is_editable(&self) -> bool {
        !matches!(self.state, EntryState::Synced { .. })
    }
}

/// The outbox's slot in the user's safe.
pub const SEALED_NAME: &str = "outbox";

/// This browser's id, made once. Part of every sync batch.
pub fn device_id() -> String {
    if let Ok(id) = LocalStorage::get::<String>(DEVICE_KEY) {
        return id;
    }
    let id = new_uuid();
    let _ = LocalStorage::set(DEVICE_KEY, &id);
    id
}

/// Drops synced records older than [`KEEP_SYNCED_DAYS`]; pending and
/// rejected ones always stay.
pub fn prune(entries: &mut Vec<Entry>, now: DateTime<Utc>) {
    let cutoff = now - Duration::days(KEEP_SYNCED_DAYS);
    entries.retain(|entry| match &entry.state {
        EntryState::Synced { at } => DateTime::parse_from_rfc3339(at)
            .map(|at| at.with_timezone(&Utc) > cutoff)
            .unwrap_or(true),
        _ => true,
    });
}

/// The oldest pending record is older than [`STALE_PENDING_DAYS`].
pub fn has_stale_pending(entries: &[Entry], now: DateTime<Utc>) -> bool {
    let cutoff = now - Duration::days(STALE_PENDING_DAYS);
    entries
        .iter()
        .filter(|entry| entry.is_pending())
        .any(|entry| {
            DateTime::parse_from_rfc3339(&entry.saved_at)
                .map(|at| at.with_timezone(&Utc) < cutoff)
                .unwrap_or(false)
        })
}

/// Client codes of recent records, newest first, without repeats: a
/// returning client is one tap away.
pub fn recent_codes(entries: &[Entry], limit: usize) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for entry in entries.iter().rev() {
        if let crate::records::kinds::Client::Code(code) = &entry.record.client {
            if !codes.contains(code) {
                codes.push(code.clone());
            }
        }
        if codes.len() == limit {
            break;
        }
    }
    codes
}

/// A record as it was saved to a handover file: an edit after that makes
/// a record the file does not hold.
pub type HandedOver = (String, u32);

/// Whether logging out now could lose a record: while the queue is not
/// known (not read yet, or unreadable), and while a record waits that was
/// neither sent nor saved to a handover file at its current revision.
pub fn logout_would_strand(entries: &[Entry], handed: &[HandedOver], known: bool) -> bool {
    !known
        || entries.iter().any(|entry| {
            entry.is_editable()
                && !handed.iter().any(|(id, revision)| {
                    *id == entry.record.id && *revision == entry.record.revision
                })
        })
}

/// A random (version 4) UUID from the browser's crypto source, which also
/// works on plain http where `crypto.randomUUID` does not.
pub fn new_uuid() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|window| window.crypto().ok())
        .and_then(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        for byte in bytes.iter_mut() {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    format_uuid(bytes)
}

pub fn format_uuid(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::kinds::{Client, Details};
    use crate::records::validate::is_uuid;

    fn entry(code: Option<&str>, state: EntryState, saved_at: &str) -> Entry {
        Entry {
            record: Record {
                id: format_uuid([7; 16]),
                revision: 0,
                service: None,
                occurred_at: saved_at.into(),
                locality: "centrum".into(),
                client: code.map_or(Client::Anonymous, |code| Client::Code(code.into())),
                basics: None,
                note: String::new(),
                details: Details::FoundSyringes { count: 1 },
            },
            state,
            saved_at: saved_at.into(),
        }
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-21T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn logging_out_waits_for_a_known_queue_and_for_each_revision_to_be_out() {
        let waiting = entry(None, EntryState::Pending, "2026-11-21T10:00:00Z");
        let id = waiting.record.id.clone();
        let sent = entry(
            None,
            EntryState::Synced {
                at: "2026-11-21T11:00:00Z".into(),
            },
            "2026-11-21T10:00:00Z",
        );
        // A queue not read yet, or unreadable, may hold anything.
        assert!(logout_would_strand(&[], &[], false));
        assert!(!logout_would_strand(&[], &[], true));
        assert!(!logout_would_strand(std::slice::from_ref(&sent), &[], true));
        assert!(logout_would_strand(
            std::slice::from_ref(&waiting),
            &[],
            true
        ));
        let handed = [(id.clone(), 0)];
        assert!(!logout_would_strand(
            std::slice::from_ref(&waiting),
            &handed,
            true
        ));
        // Edited after the file was written: the file holds the old one.
        let mut edited = waiting.clone();
        edited.record.revision = 1;
        assert!(logout_would_strand(&[edited], &handed, true));
    }

    #[test]
    fn generated_ids_are_version_4_uuids() {
        let id = format_uuid([0xff; 16]);
        assert!(is_uuid(&id), "{id}");
        assert_eq!(&id[14..15], "4");
    }

    #[test]
    fn old_synced_records_are_pruned_but_never_pending_or_rejected_ones() {
        let old = "2026-11-01T12:00:00Z";
        let synced = EntryState::Synced { at: old.into() };
        let rejected = EntryState::Rejected(crate::records::validate::Rejection {
            field: "count".into(),
            problem: crate::records::validate::RecordProblem::Required,
        });
        let mut entries = vec![
            entry(None, synced, old),
            entry(None, EntryState::Pending, old),
            entry(None, rejected, old),
            entry(
                None,
                EntryState::Synced {
                    at: "2026-11-20T12:00:00Z".into(),
                },
                old,
            ),
        ];
        prune(&mut entries, now());
        assert_eq!(entries.len(), 3);
        assert!(entries
            .iter()
            .all(|e| !matches!(&e.state, EntryState::Synced { at } if at == old)));
    }

    #[test]
    fn pending_records_older_than_three_days_are_flagged() {
        let fresh = vec![entry(None, EntryState::Pending, "2026-11-20T12:00:00Z")];
        assert!(!has_stale_pending(&fresh, now()));
        let stale = vec![entry(None, EntryState::Pending, "2026-11-17T12:00:00Z")];
        assert!(has_stale_pending(&stale, now()));
        let synced = vec![entry(
            None,
            EntryState::Synced { at: "x".into() },
            "2026-11-01T12:00:00Z",
        )];
        assert!(!has_stale_pending(&synced, now()));
    }

    #[test]
    fn recent_codes_are_newest_first_without_repeats() {
        let at = "2026-11-21T10:00:00Z";
        let entries = vec![
            entry(Some("AAA01BBB01"), EntryState::Pending, at),
            entry(None, EntryState::Pending, at),
            entry(Some("CCC02DDD02"), EntryState::Pending, at),
            entry(Some("AAA01BBB01"), EntryState::Pending, at),
        ];
        assert_eq!(recent_codes(&entries, 8), ["AAA01BBB01", "CCC02DDD02"]);
        assert_eq!(recent_codes(&entries, 1), ["AAA01BBB01"]);
    }
}
